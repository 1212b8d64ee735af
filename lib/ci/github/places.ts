/**
 * Where a scalar of a workflow or composite action is, in the words messages use (never as a key
 * path): "in a job id", "in the name of step 3 of job 'x'", "in the `env` of job 'x' (`NAME`)".
 */
import { pathOf, type YAMLScalar } from "../../yaml/nodes.js";
import type { Job, Workflow } from "./model.js";

/** "step 3 of job 'x'": for a place in the step's name, id or `uses`, which must not name it (`Step.place` would). */
function numbered(index: number, job: Job): string {
  return `step ${index + 1} of ${job.place}`;
}

export /**
 * Where a scalar is, in words (never as a key path): "in a job id", "in the name of step 3 of job
 * 'x'", "in the `env` of job 'x' (`NAME`)", "in the `with` input `args` of step …", "in the matrix
 * of job 'x'", else by line.
 */
function placeOfScalar(workflow: Workflow, scalar: YAMLScalar): string {
  const { segments, isKey } = pathOf(scalar);
  const line = scalar.loc.start.line;
  const fallback = isKey ? `in a key on line ${line}` : `on line ${line}`;
  const [top, id, section, index, field, name] = segments;
  const depth = segments.length;
  if (top === "env" && depth === 2) return isKey ? "in a variable name in the workflow's `env`" : `in the workflow's \`env\` (\`${id}\`)`;
  if (top === "name" && depth === 1 && !isKey) return "in the workflow's name";
  if (workflow.kind === "composite-action") {
    // A composite action: its inputs' defaults, and its steps under `runs.steps`.
    if (top === "inputs" && typeof id === "string" && section === "default" && depth === 3 && !isKey) return `in the default of input \`${id}\``;
    if (top !== "runs" || id !== "steps" || typeof section !== "number") return fallback;
    const step = workflow.jobs[0]?.steps.find((candidate) => candidate.index === section);
    return step ? `in ${step.place}` : fallback;
  }
  if (top !== "jobs" || typeof id !== "string") return fallback;
  if (depth === 2 && isKey) return "in a job id";
  const job = workflow.jobs.find((candidate) => candidate.id === id);
  if (!job || depth === 2) return fallback;
  const jobText = job.place;
  if (section === "steps" && typeof index === "number" && depth >= 5) {
    const step = job.steps.find((candidate) => candidate.index === index);
    const where = step ? step.place : numbered(index, job);
    const inField = depth === 5 && !isKey;
    if (field === "name" && inField) return `in the name of ${numbered(index, job)}`;
    if (field === "id" && inField) return `in the id of ${numbered(index, job)}`;
    if (field === "uses" && inField) return `in the \`uses\` of ${numbered(index, job)}`;
    if (field === "run" && inField) return `in the \`run:\` script of ${where}`;
    if (field === "if" && inField) return `in the condition of ${where}`;
    if (field === "env" && depth === 6) return isKey ? `in a variable name in the \`env\` of ${where}` : `in the \`env\` of ${where} (\`${name}\`)`;
    if (field === "with" && depth === 6) return isKey ? `in an input name of ${where}` : `in the \`with\` input \`${name}\` of ${where}`;
    return isKey ? `in a key of ${where}` : `in ${where}`;
  }
  if (section === "name" && depth === 3 && !isKey) return `in the name of ${jobText}`;
  if (section === "env" && depth === 4) return isKey ? `in a variable name in the \`env\` of ${jobText}` : `in the \`env\` of ${jobText} (\`${index}\`)`;
  if (section === "strategy" && index === "matrix") return `in the matrix of ${jobText}`;
  if (section === "with" && depth === 4) return `in the \`with\` input \`${index}\` that ${jobText} passes to its reusable workflow`;
  if (section === "secrets" && depth === 4) return `in the \`secrets\` that ${jobText} passes to its reusable workflow (\`${index}\`)`;
  return isKey ? `in a key of ${jobText}` : `in ${jobText}`;
}


/**
 * Whether a scalar is a value read as text where an expression can stand (`${{ … }}`): an `env`
 * value, an input, a secret passed to a reusable workflow, a step's script; not a key, an id, a
 * name or a matrix value.
 */
export function takesExpression(scalar: YAMLScalar): boolean {
  const { segments, isKey } = pathOf(scalar);
  if (isKey) return false;
  const parent = segments.at(-2);
  if (parent === "env" || parent === "with") return true;
  if (segments[0] === "jobs" && segments.length === 4 && parent === "secrets") return true;
  return segments[0] === "jobs" && segments[2] === "steps" && segments.length === 5 && segments[4] === "run";
}
