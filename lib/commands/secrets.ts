/**
 * What the commands must never print: the credentials written in a workflow (every place
 * no-hardcoded-credentials reads, and every upload's own credential), and any text of a known
 * token shape. The detection itself is the publishing layer's (credential positions, value
 * natures, token shapes); this module only asks it.
 */
import type { Workflow } from "../ci/github/model.js";
import type { GitLabPipeline } from "../ci/gitlab/index.js";
import { publishesIn } from "../publishing/policy.js";
import { findTokens } from "../publishing/credentials.js";
import { roleOfName, valueNature } from "../publishing/literals.js";
import { credentialPositions } from "../publishing/credential-positions.js";

/** The credentials written in the workflow as literals (trimmed, never empty). */
export function credentialLiteralsIn(workflow: Workflow): string[] {
  const values = [
    ...credentialPositions(workflow, { additionalNames: [] }).map((position) => position.value),
    ...workflow.jobs.flatMap((job) =>
      publishesIn(job).flatMap((publish) =>
        publish.credentials.map((credential) =>
          credential.kind === "env" ? credential.variable.value : credential.kind === "input" ? credential.input.value : "value" in credential ? credential.value : undefined,
        ),
      ),
    ),
  ];
  return [...new Set(values.filter((value): value is string => value !== undefined && valueNature(value) === "literal").map((value) => value.trim()))].filter(
    (value) => value !== "",
  );
}

/** The credentials written in a GitLab pipeline as literals: `variables:` whose names say credential, and its publishes' credentials. */
export function pipelineCredentialLiteralsIn(pipeline: GitLabPipeline): string[] {
  const blocks = [pipeline.env, ...pipeline.jobs.map((job) => job.env)];
  const values = [
    ...blocks.flatMap((block) => [...block.vars.values()].filter((variable) => roleOfName(variable.name) === "credential").map((variable) => variable.value)),
    ...pipeline.jobs.flatMap((job) =>
      publishesIn(job).flatMap((publish) => publish.credentials.map((credential) => (credential.kind === "env" ? credential.variable.value : "value" in credential ? credential.value : undefined))),
    ),
  ];
  return [...new Set(values.filter((value): value is string => value !== undefined && valueNature(value) === "literal").map((value) => value.trim()))].filter((value) => value !== "");
}

/** Whether a text (a fix's replacement, a diff line) holds one of these credentials or a token of a known shape. */
export function holdsSecret(text: string, literals: Iterable<string>): boolean {
  for (const literal of literals) if (text.includes(literal)) return true;
  return findTokens(text).length > 0;
}
