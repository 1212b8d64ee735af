/**
 * The registry-dependent questions the publish-job hardening rules ask, in one place.
 *
 * The rules (no-untrusted-publish-trigger, require-publish-environment, no-workflow-level-id-token,
 * no-cache-in-publish-job, separate-build-from-publish) name no registry: they ask only this
 * module and the publishing policy (./policy.ts: `publishesIn`, `trustedPublishIn`), which
 * answer from the registry modules (lib/registries/<id>.ts). What this module adds:
 *
 *   registryOf(publish: Publish): RegistryFacts | undefined
 *       the facts of the index a publish goes to; `undefined` for a private or unknown index
 *   idTokenUseForPublishing(job: Job): IdTokenUse
 *       whether the job's publishing uses an OIDC token: "needs" (trusted publishing), "may" (a
 *       publish we cannot judge: a reusable-workflow call, a publish of a registry not modelled
 *       yet), "none"
 */
import type { CiJob as Job, CiStep as Step } from "../ci/shape.js";
import { publishesIn, trustedPublishingNeedIn, type Publish } from "./policy.js";
import { runningSteps } from "../ci/github/references.js";

export interface RegistryFacts {
  /** Stable id of the index (`pypi`, `testpypi`, `npm`). */
  readonly id: string;
  /** How messages name it: the index's name (`TestPyPI`). */
  readonly displayName: string;
  /** The GitHub environment name a suggestion proposes for the publish job. */
  readonly suggestedEnvironment: string;
  /** Where the registry recommends a dedicated environment (for the docs); `undefined` where it does not. */
  readonly environmentSource: string | undefined;
  /** Events whose runs the registry's server refuses for trusted publishing, with the source. */
  readonly refusedTriggers: ReadonlyMap<string, string>;
}

/** Whether the job's publishing uses an OIDC token. */
export type IdTokenUse = "needs" | "may" | "none";

/**
 * The environment name a suggestion proposes where neither the index nor its registry names one
 * (npm advises an environment but names none). A suggestion, never a fix: the name is a choice.
 */
const DEFAULT_ENVIRONMENT = "release";

/**
 * Publishing the registry modules cannot see, which may use trusted publishing (so may need an
 * OIDC token). Used only to keep a fix from taking `id-token` away from such a job.
 * - Registries without a module in lib/registries (Packagist, prefix.dev, the VS Code and Open
 *   VSX marketplaces); every registry that has one is recognised there and is not listed.
 * - npm publishing hidden in a package script that could not be followed (text linted without
 *   its repository, a package.json that cannot be read): `changesets/action` with `publish: pnpm
 *   release`, `npm run release`, semantic-release without its configuration in sight.
 * Sources: REGISTRIES.md summary table (each registry's TP docs, collected 2026-11-30).
 */
const UNMODELLED_PUBLISH_ACTIONS: ReadonlySet<string> = new Set(["packagist/artifact-publish-github-action", "changesets/action"]);
const UNMODELLED_PUBLISH_COMMAND =
  /\b(?:vsce|ovsx)\b[^\n]+\bpublish\b|\brattler-build\s+upload\b|\bsemantic-release\b|\b(?:npm|pnpm|yarn|bun)\s+run\s+[\w:.-]*(?:publish|release)|\b(?:pnpm|yarn|bun)\s+[\w:.-]*release\b/u;

// ─── The surface ──────────────────────────────────────────────────────────────────────────────

const factsCache = new WeakMap<object, RegistryFacts>();

export function registryOf(publish: Publish): RegistryFacts | undefined {
  const { registry, index } = publish;
  if (index === undefined) return undefined;
  let facts = factsCache.get(index);
  if (!facts) {
    const { refusedTriggers, source } = registry.requirements;
    facts = {
      id: index.id,
      displayName: index.name,
      suggestedEnvironment: index.suggestedEnvironment ?? registry.suggestedEnvironment ?? DEFAULT_ENVIRONMENT,
      environmentSource: registry.environmentAdvice,
      refusedTriggers: new Map(refusedTriggers.map((event) => [event, source])),
    };
    factsCache.set(index, facts);
  }
  return facts;
}

export function idTokenUseForPublishing(job: Job): IdTokenUse {
  // A token exchanger, or a call of a registry's publishing workflow, needs the grant by itself.
  if (trustedPublishingNeedIn(job)) return "needs";
  if (job.calledWorkflow !== undefined) return "may";
  let use: IdTokenUse = "none";
  for (const publish of publishesIn(job)) {
    if (publish.authentication === "trusted-publishing") return "needs";
    if (publish.authentication === "unknown") use = "may";
  }
  return runningSteps(job).some(mayPublishUnmodelled) ? "may" : use;
}

function mayPublishUnmodelled(step: Step): boolean {
  if (step.action !== undefined) return UNMODELLED_PUBLISH_ACTIONS.has(step.action);
  const text = step.run?.text;
  return text !== undefined && /publish|push|release|upload/u.test(text) && UNMODELLED_PUBLISH_COMMAND.test(text);
}
