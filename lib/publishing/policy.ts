/**
 * Questions the rules ask about a job's publishing, answered in one place and for every registry.
 * Rules call these rather than reading `Publish` fields, so a policy reads the same whichever
 * registry the job publishes to.
 */
import type { Job, Step } from "../workflow/model.js";
import { publishesOf, type Publish } from "./recognise.js";
import { exchangerOf, reusablePublishWorkflow, type RegisteredReusableWorkflow, type Registry } from "../registries/index.js";

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

/** A step that exchanges the job's OIDC token for a registry token (and fails without `id-token: write`). */
export interface Exchange {
  readonly step: Step;
  readonly registry: Registry;
}

/** The steps of the job that exist to exchange its OIDC token with a registry, in step order. */
export function exchangesIn(job: Job): Exchange[] {
  const found: Exchange[] = [];
  for (const step of job.steps) {
    const exchanger = exchangerOf(step.action);
    if (!exchanger?.alwaysExchanges) continue;
    if (exchanger.credentialInputs.some((name) => (step.inputs.get(name)?.value ?? "").trim() !== "")) continue;
    found.push({ step, registry: exchanger.registry });
  }
  return found;
}

/** The reusable workflow a job calls, when it publishes by trusted publishing (pub.dev's `publish.yml`). */
export function calledPublishWorkflow(job: Job): RegisteredReusableWorkflow | undefined {
  const called = reusablePublishWorkflow(job.calledWorkflow);
  return called?.trustedPublishing ? called : undefined;
}

/**
 * Why a job must be able to mint an OIDC token, if it must: the first upload that relies on
 * trusted publishing, else the first step that exchanges the token, else the publishing
 * workflow it calls. `label` names the step (or the called workflow), `index` the registry's index.
 */
export function trustedPublishingNeedIn(job: Job): { readonly kind: "step" | "workflow"; readonly label: string; readonly index: string } | undefined {
  const publish = trustedPublishIn(job);
  if (publish) return { kind: "step", label: publishLabel(publish), index: indexName(publish) };
  const exchange = exchangesIn(job)[0];
  if (exchange) return { kind: "step", label: exchange.step.label, index: exchange.registry.indexes[0].name };
  const called = calledPublishWorkflow(job);
  if (called) return { kind: "workflow", label: called.workflow, index: called.registry.indexes[0].name };
  return undefined;
}
