/**
 * The registry-dependent questions the publish-job hardening rules ask, in one place.
 *
 * The rules (no-untrusted-publish-trigger, require-publish-environment, no-workflow-level-id-token,
 * no-cache-in-publish-job, separate-build-from-publish) name no registry: they ask only this
 * module. Today it answers from the PyPI-only publishing policy and a small facts table below;
 * when the registry model lands (lib/registries/<id>.ts) these functions are re-pointed at it and
 * the table moves to lib/registries/pypi.ts. The surface, kept narrow on purpose:
 *
 *   publishesIn(job: Job): readonly Publish[]
 *       every recognised publish of the job (token or trusted publishing, any index), step order
 *   reliesOnTrustedPublishing(job: Job): Publish | undefined
 *       the first publish that relies on trusted publishing (no long-lived credential)
 *   registryOf(publish: Publish): RegistryFacts | undefined
 *       the registry a publish goes to; `undefined` for a private or unknown index
 *   idTokenUseForPublishing(job: Job): IdTokenUse
 *       whether the job's publishing uses an OIDC token: "needs" (trusted publishing, a token
 *       exchanger), "may" (a publish we cannot judge: a reusable-workflow call, a publish of a
 *       registry not modelled yet), "none"
 */
import type { Job, Step } from "../workflow/model.js";
import type { Publish } from "./recognise.js";
import { trustedPublishIn } from "./policy.js";

export interface RegistryFacts {
  /** Stable id (`pypi`, `testpypi`; later `npm`, `crates-io`, …). */
  readonly id: string;
  /** How messages name it: `PyPI`. */
  readonly displayName: string;
  /** The GitHub environment name the registry's docs suggest for the publish job. */
  readonly suggestedEnvironment: string;
  /** Where the registry recommends a dedicated environment (for the docs). */
  readonly environmentSource: string;
  /** Events whose runs the registry's server refuses for trusted publishing, with the source. */
  readonly refusedTriggers: ReadonlyMap<string, string>;
}

/** Whether the job's publishing uses an OIDC token. */
export type IdTokenUse = "needs" | "may" | "none";

// ─── Facts: moves to lib/registries/pypi.ts when the registry model lands ─────────────────────

const WAREHOUSE_EVENT_CHECK = "pypi/warehouse warehouse/oidc/models/github.py `_check_event_name` (2026-08-21)";
const PYPI_ENVIRONMENT_ADVICE = "https://docs.pypi.org/trusted-publishers/security-model/";

const PYPI: RegistryFacts = {
  id: "pypi",
  displayName: "PyPI",
  suggestedEnvironment: "pypi",
  environmentSource: PYPI_ENVIRONMENT_ADVICE,
  refusedTriggers: new Map([["pull_request_target", WAREHOUSE_EVENT_CHECK]]),
};

/** TestPyPI runs the same warehouse code; PyPI's docs name its environment `testpypi`. */
const TESTPYPI: RegistryFacts = { ...PYPI, id: "testpypi", displayName: "TestPyPI", suggestedEnvironment: "testpypi" };

/**
 * Publishing of registries this branch does not recognise yet, which may use trusted publishing
 * (so may need an OIDC token). Used only to keep a fix from taking `id-token` away from such a
 * job; it goes when npm, crates.io, RubyGems, NuGet, pub.dev and JSR are recognised.
 * Sources: REGISTRIES.md summary table (each registry's TP docs, collected 2026-11-30).
 */
const UNMODELLED_PUBLISH_ACTIONS: ReadonlySet<string> = new Set([
  "rubygems/release-gem",
  "rubygems/configure-rubygems-credentials",
  "rust-lang/crates-io-auth-action",
  "nuget/login",
  "dart-lang/setup-dart",
  "js-devtools/npm-publish",
  "changesets/action",
  "packagist/artifact-publish-github-action",
]);
const UNMODELLED_PUBLISH_COMMAND =
  /\b(?:npm|pnpm|yarn|bun|bunx|npx|cargo|dart|flutter|deno|jsr|lerna|changeset|vsce|ovsx)\b[^\n]+\bpublish\b|\bgem\s+push\b|\brake\s+release\b|\bnuget(?:\.exe)?\s+push\b|\brattler-build\s+upload\b|\bsemantic-release\b/u;

// ─── The surface ──────────────────────────────────────────────────────────────────────────────

export function publishesIn(job: Job): readonly Publish[] {
  if (job.calledWorkflow !== undefined) return [];
  return job.steps.flatMap((step) => step.publishes);
}

export function reliesOnTrustedPublishing(job: Job): Publish | undefined {
  return trustedPublishIn(job);
}

export function registryOf(publish: Publish): RegistryFacts | undefined {
  if (publish.target === "pypi") return PYPI;
  if (publish.target === "testpypi") return TESTPYPI;
  return undefined;
}

export function idTokenUseForPublishing(job: Job): IdTokenUse {
  if (job.calledWorkflow !== undefined) return "may";
  let use: IdTokenUse = "none";
  for (const publish of publishesIn(job)) {
    if (publish.authentication === "trusted-publishing") return "needs";
    if (publish.authentication === "unknown") use = "may";
  }
  return job.steps.some(mayPublishUnmodelled) ? "may" : use;
}

function mayPublishUnmodelled(step: Step): boolean {
  if (step.action !== undefined) return UNMODELLED_PUBLISH_ACTIONS.has(step.action);
  const text = step.run?.text;
  return text !== undefined && /publish|push|release|upload/u.test(text) && UNMODELLED_PUBLISH_COMMAND.test(text);
}
