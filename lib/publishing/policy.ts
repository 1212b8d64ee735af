/**
 * Questions the rules ask about a job's publishing, answered in one place.
 */
import type { Job } from "../workflow/model.js";
import type { Publish } from "./recognise.js";
import type { IndexTarget } from "./publishers.js";

/** PyPI and TestPyPI are the indexes where trusted publishing exists. */
export function isTrustedPublishingIndex(target: IndexTarget): target is "pypi" | "testpypi" {
  return target === "pypi" || target === "testpypi";
}

export function indexName(target: IndexTarget): string {
  return target === "testpypi" ? "TestPyPI" : target === "pypi" ? "PyPI" : "a package index";
}

/** Every upload to PyPI or TestPyPI in the job, in step order. A reusable-workflow call has none. */
export function pypiPublishesIn(job: Job): Publish[] {
  if (job.calledWorkflow !== undefined) return [];
  return job.steps.flatMap((step) => step.publishes).filter((publish) => isTrustedPublishingIndex(publish.target));
}

/** The first upload in the job that relies on trusted publishing (no long-lived credential). */
export function trustedPublishIn(job: Job): Publish | undefined {
  return pypiPublishesIn(job).find((publish) => publish.authentication === "trusted-publishing");
}

/**
 * How to name a publish in a message: the step's name, else the upload command without its
 * arguments (which may hold a credential).
 */
export function publishLabel(publish: Publish): string {
  return publish.step.name ?? publish.invocation;
}
