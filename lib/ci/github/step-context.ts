/**
 * What a step's surroundings say about it, for decisions such as "does this upgrade change what
 * the step does": the values an input takes (through the job's matrix), whether it runs as a
 * matrix. Where a value is only known when the
 * workflow runs, the answer is "unknown", never a guess.
 */
import { asMapping, pairOf, resolve } from "../../yaml/nodes.js";
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
  const values = key === undefined ? undefined : step.job.matrixValues(key);
  return values ? { kind: "values", values } : EXPRESSION;
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

