/**
 * Trusted publishing that cannot work, whatever the permissions: a credential read from an
 * exchanger step's output by an id the step does not have (the value is empty at run time), and
 * a publish to a registry that accepts only runs triggered by a tag push from a workflow that no
 * tag push triggers. The facts come from the registry modules (`exchangers`, `requirements`).
 *
 * (Kept apart from the other policy questions: the `valid-trusted-publishing` rule of the npm
 * registry work brings its own registry-data mechanism, and these checks are to move into it.)
 */
import type { Job, Step } from "../workflow/model.js";
import { exchangerOf, type Registry } from "../registries/index.js";
import { calledPublishWorkflow, publishesIn, toTrustedPublishingIndex } from "./policy.js";

/** `steps.<id>.outputs.<output>` anywhere in a value. */
const OUTPUT_REFERENCE = /\bsteps\.([\w-]+)\.outputs\.([\w-]+)/gu;

export interface UnreadExchangerOutput {
  /** The step that reads the output. */
  readonly step: Step;
  /** The exchanger step the output was meant to come from. */
  readonly exchanger: Step;
  readonly id: string;
  readonly output: string;
}

/**
 * Reads of an exchanger's token output (`steps.login.outputs.NUGET_API_KEY`) by an id no step
 * of the job has, while an exchanger with that output and no id is in the job before the reader.
 */
export function unreadExchangerOutputs(job: Job): UnreadExchangerOutput[] {
  const found: UnreadExchangerOutput[] = [];
  // Nearly every job has no exchanger: nothing to read.
  if (!job.steps.some((step) => step.id === undefined && (exchangerOf(step.action)?.tokenOutputs.length ?? 0) > 0)) return found;
  const ids = new Set(job.steps.map((step) => step.id).filter((id) => id !== undefined));
  job.steps.forEach((step, index) => {
    const values = [...step.env.vars.values(), ...step.inputs.values()].map((entry) => entry.value ?? "");
    if (step.run) values.push(step.run.text);
    for (const value of values) {
      if (!value.includes("outputs.")) continue;
      for (const [, id, output] of value.matchAll(OUTPUT_REFERENCE)) {
        if (ids.has(id!)) continue;
        const exchanger = job.steps.slice(0, index).find((other) => {
          const known = exchangerOf(other.action);
          return other.id === undefined && known?.tokenOutputs.some((name) => name.toLowerCase() === output!.toLowerCase());
        });
        if (exchanger && !found.some((seen) => seen.step === step && seen.id === id)) found.push({ step, exchanger, id: id!, output: output! });
      }
    }
  });
  return found;
}

/**
 * The registry a job publishes to by trusted publishing that accepts only runs triggered by a tag
 * push, when the workflow has no `push` trigger at all (so no run can be accepted). A workflow
 * that others call (`workflow_call`) is judged by its callers' triggers: never reported.
 */
export function tagPushRegistryUnmet(job: Job): Registry | undefined {
  const triggers = job.workflow.triggers;
  if (triggers.size === 0 || triggers.has("push") || triggers.has("workflow_call")) return undefined;
  const called = calledPublishWorkflow(job);
  if (called?.registry.requirements.tagPushOnly) return called.registry;
  const publish = publishesIn(job).find(
    (candidate) => candidate.registry.requirements.tagPushOnly && toTrustedPublishingIndex(candidate) && candidate.authentication === "trusted-publishing",
  );
  return publish?.registry;
}
