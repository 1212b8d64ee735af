/**
 * What a step's surroundings say about it, for decisions such as "does this upgrade change what
 * the step does": the values an input takes (through the job's matrix), whether the job runs on
 * a self-hosted runner, whether it runs as a matrix. Where a value is only known when the
 * workflow runs, the answer is "unknown", never a guess.
 */
import { asMapping, asSequence, isShared, items, pairOf, resolve, scalarText, valueOf, type YAMLContent } from "../../yaml/nodes.js";
import { expressionBody, hasExpression, isExpression } from "./expressions.js";
import type { Job, Step } from "./model.js";

/**
 * What a step gives an input: unset; literal values (several through a matrix); set to a value
 * only known when the workflow runs; or unknown (the `with:` block itself cannot be read).
 */
export type InputValue =
  | { readonly kind: "unset" }
  | { readonly kind: "values"; readonly values: readonly string[] }
  | { readonly kind: "expression" }
  | { readonly kind: "unknown" };

const UNSET: InputValue = { kind: "unset" };
const UNKNOWN: InputValue = { kind: "unknown" };
const EXPRESSION: InputValue = { kind: "expression" };

/** Whether the step's `with:` is absent or a mapping written in place (not an alias, not an expression). */
export function readableWith(step: Step): boolean {
  const pair = pairOf(step.node, "with");
  if (!pair || pair.value === null) return true;
  return resolve(pair.value)?.type === "YAMLMapping";
}

/** The value a step gives an input, resolving `${{ matrix.<key> }}` through the job's matrix. */
export function inputValue(step: Step, name: string): InputValue {
  if (!readableWith(step)) return UNKNOWN;
  const input = step.inputs.get(name);
  if (!input) return UNSET;
  if (input.value === undefined) return input.pair.value === null ? { kind: "values", values: [""] } : UNKNOWN;
  if (!hasExpression(input.value)) return { kind: "values", values: [input.value] };
  if (!isExpression(input.value)) return EXPRESSION;
  const key = /^matrix\.([\w-]+)$/u.exec(expressionBody(input.value))?.[1];
  const values = key === undefined ? undefined : matrixValues(step.job, key);
  return values ? { kind: "values", values } : EXPRESSION;
}

/**
 * The literal values the job's matrix gives `key` (its list and its `include` entries), or
 * `undefined` when any of them is not a literal or the matrix is not written out.
 */
export function matrixValues(job: Job, key: string): string[] | undefined {
  const matrix = asMapping(valueOf(asMapping(valueOf(job.node, "strategy")), "matrix"));
  if (!matrix) return undefined;
  const values: string[] = [];
  const literal = (node: YAMLContent | null | undefined): boolean => {
    const text = scalarText(node);
    if (text === undefined || hasExpression(text)) return false;
    values.push(text);
    return true;
  };
  const own = pairOf(matrix, key);
  if (own) {
    const list = asSequence(own.value);
    if (list ? !items(list).every(literal) : !literal(own.value)) return undefined;
  }
  const include = pairOf(matrix, "include");
  if (include) {
    const list = asSequence(include.value);
    if (!list) return undefined;
    for (const item of items(list)) {
      const entry = asMapping(item);
      if (!entry) return undefined;
      const pair = pairOf(entry, key);
      if (pair && !literal(pair.value)) return undefined;
    }
  }
  return values.length > 0 ? values : undefined;
}

/** Whether the job runs as a matrix (several runs of the same steps); `undefined` when it cannot tell. */
export function runsAsMatrix(job: Job): boolean | undefined {
  const strategy = pairOf(job.node, "strategy");
  if (!strategy) return false;
  const matrix = pairOf(asMapping(strategy.value), "matrix");
  if (!asMapping(strategy.value)) return undefined;
  if (!matrix) return false;
  return matrix.value === null ? false : true;
}

/** Labels of GitHub-hosted runners (`ubuntu-latest`, `windows-2022`, `macos-14-arm64`, `ubuntu-24.04-arm`). */
const HOSTED = /^(?:ubuntu|windows|macos)-[\w.-]+$/u;

/** Whether the job runs on a self-hosted runner, from its `runs-on` labels; `undefined` when they are not known. */
export function selfHosted(job: Job): boolean | undefined {
  const runsOn = valueOf(job.node, "runs-on");
  if (runsOn === undefined || isShared(runsOn)) return undefined;
  const labels: string[] = [];
  const sequence = asSequence(runsOn);
  const texts = sequence ? items(sequence).map((item) => scalarText(item)) : [scalarText(runsOn)];
  for (const text of texts) {
    if (text === undefined) return undefined;
    if (isExpression(text)) {
      const key = /^matrix\.([\w-]+)$/u.exec(expressionBody(text))?.[1];
      const values = key === undefined ? undefined : matrixValues(job, key);
      if (!values) return undefined;
      labels.push(...values);
    } else if (hasExpression(text)) {
      return undefined;
    } else {
      labels.push(text);
    }
  }
  if (labels.length === 0) return undefined;
  if (labels.some((label) => label === "self-hosted")) return true;
  return labels.every((label) => HOSTED.test(label)) ? false : undefined;
}
