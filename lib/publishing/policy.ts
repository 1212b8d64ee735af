/**
 * Questions the rules ask about a job's publishing, answered in one place and for every registry.
 * Rules call these rather than reading `Publish` fields, so a policy reads the same whichever
 * registry the job publishes to.
 */
import type { Job, Step } from "../workflow/model.js";
import { publishesOf, type Publish } from "./recognise.js";

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
