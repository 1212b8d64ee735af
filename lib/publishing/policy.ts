/**
 * Questions the rules ask about a job's publishing, answered in one place and for every registry.
 * Rules call these rather than reading `Publish` fields, so a policy reads the same whichever
 * registry the job publishes to.
 */
import type { Job, Step } from "../workflow/model.js";
import { publishesOf, type Publish } from "./recognise.js";
import type { TrustedPublishingProblem } from "../registries/index.js";

export { publishesOf, type Publish } from "./recognise.js";

/** Whether a publish goes to an index that accepts trusted publishing (not a private index). */
export function toTrustedPublishingIndex(publish: Publish): boolean {
  return publish.index?.trustedPublishing === true;
}

/** How a message names the index a publish goes to: its name; "a package index" when it is not one we know. */
export function indexName(publish: Publish): string {
  return publish.index?.name ?? "a package index";
}

/** Every publish of the job's steps, in step order, whatever the index. A reusable-workflow call has none. */
export function publishesIn(job: Job): Publish[] {
  if (job.calledWorkflow !== undefined) return [];
  return job.steps.flatMap((step) => publishesOf(step));
}

/** The publishes of the job to indexes that accept trusted publishing, in step order. */
export function trustedPublishingPublishesIn(job: Job): Publish[] {
  return publishesIn(job).filter(toTrustedPublishingIndex);
}

/** The first publish in the job that relies on trusted publishing (no long-lived credential reaches it). */
export function trustedPublishIn(job: Job): Publish | undefined {
  return trustedPublishingPublishesIn(job).find((publish) => publish.authentication === "trusted-publishing");
}

/** Whether any of the steps publishes to an index that accepts trusted publishing. */
export function publishesToTrustedPublishingIndex(steps: readonly Step[]): boolean {
  return steps.some((step) => publishesOf(step).some(toTrustedPublishingIndex));
}

/**
 * How to name a publish in a message: the step's name, else the upload command without its
 * arguments (which may hold a credential).
 */
export function publishLabel(publish: Publish): string {
  return publish.step.name ?? publish.invocation;
}

/**
 * Whether a publish relies on trusted publishing: it goes to an index that accepts it with no
 * long-lived credential, and either its tool exchanges the OIDC token itself, or its tool cannot
 * but the job asks for `id-token: write` (so it is expected to).
 */
export function reliesOnTrustedPublishing(publish: Publish): boolean {
  if (!toTrustedPublishingIndex(publish) || publish.credentials.length > 0) return false;
  if (publish.authentication === "trusted-publishing") return true;
  return !publish.supportsTrustedPublishing && publish.step.job.effectivePermissions.canRequestIdToken === true;
}

/** The runner label GitHub gives every self-hosted runner. */
const SELF_HOSTED = "self-hosted";

/**
 * What keeps a publish that relies on trusted publishing from working: the registry's declarative
 * requirements (a self-hosted runner where only GitHub-hosted ones are accepted), then the
 * registry's own checks (`Registry.trustedPublishingProblems`). Empty for other publishes.
 */
export function trustedPublishingProblems(publish: Publish): TrustedPublishingProblem[] {
  if (!reliesOnTrustedPublishing(publish)) return [];
  return requirementProblems(publish);
}

/** The problems of a publish as if it relied on trusted publishing (for a migration that makes it). */
export function requirementProblems(publish: Publish): TrustedPublishingProblem[] {
  const { registry, step } = publish;
  const problems: TrustedPublishingProblem[] = [];
  const labels = step.job.runsOn;
  if (registry.requirements.githubHostedOnly && labels?.some((label) => label.toLowerCase() === SELF_HOSTED)) {
    problems.push({ id: "self-hosted", problem: `${registry.name} refuses it from self-hosted runners`, source: registry.requirements.source });
  }
  const candidate = { step, tool: publish.tool, toolSupportsTrustedPublishing: publish.supportsTrustedPublishing, command: publish.command };
  problems.push(...(registry.trustedPublishingProblems?.(candidate) ?? []));
  return problems;
}
