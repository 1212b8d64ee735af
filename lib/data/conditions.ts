/**
 * When a curated breaking change applies to a step. The data states it (`when` of a change in
 * curated.json); the rule supplies what it knows of the step (`StepFacts`); this decides:
 * `applies`, `no`, or `unknown` when the model cannot tell (an expression, a matrix it cannot
 * read). A fix never crosses a change that applies or that is `unknown`.
 *
 * Every field present must hold (they combine with "and"); a change without `when` always applies.
 */

export interface StepBelow {
  /** `owner/repo[/path]`, lower-case. */
  readonly action: string;
  /** The step counts when it runs a release below this major. */
  readonly below: string;
}

export interface Condition {
  /** An input the change removed or renamed: applies only when the step sets one of these. */
  readonly inputs?: readonly string[];
  /** A default that changed: applies only when the step sets none of these. */
  readonly unset?: readonly string[];
  /** Applies only when one of these inputs has a value matching the pattern (case-insensitive, multi-line). */
  readonly matches?: Readonly<Record<string, string>>;
  /** Does not apply when the step sets each of these inputs to this value (case-insensitive). */
  readonly unless?: Readonly<Record<string, string>>;
  /** Applies only when the workflow runs on one of these events. */
  readonly triggers?: readonly string[];
  /** Applies only on self-hosted runners. */
  readonly runner?: "self-hosted";
  /** Cross-step: applies only when the artifact name this step uploads is uploaded more than once in a run. */
  readonly artifactNameReused?: boolean;
  /** Cross-step: applies only when the workflow has a step running one of these actions below the given major. */
  readonly stepBelow?: readonly StepBelow[];
}

export type Verdict = "applies" | "no" | "unknown";

/**
 * What a step gives an input: unset; literal values (several through a matrix); set to a value
 * not known before the run (an expression); or unknown (the `with:` block cannot be read).
 */
export type InputState =
  | { readonly kind: "unset" }
  | { readonly kind: "values"; readonly values: readonly string[] }
  | { readonly kind: "expression" }
  | { readonly kind: "unknown" };

/** What the rule knows of the step being upgraded; `undefined` answers mean "cannot tell". */
export interface StepFacts {
  input(name: string): InputState;
  /** The names of the inputs the step sets, when its `with:` block can be read. */
  inputNames(): readonly string[] | undefined;
  /** The workflow's events (only asked whether it has one); `undefined` when they cannot be read. */
  readonly triggers: Pick<ReadonlySet<string>, "has"> | undefined;
  /** Whether the job runs on a self-hosted runner. */
  selfHosted(): boolean | undefined;
  /** Whether the artifact name this step uploads is uploaded more than once in a run. */
  artifactNameReused(): boolean | undefined;
  /** Whether the workflow has a step running `action` below `major`. */
  hasStepBelow(action: string, major: string): boolean | undefined;
}

const UNKNOWN: InputState = { kind: "unknown" };

/** `and` of verdicts: any `no` wins, then any `unknown`. */
function all(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes("no")) return "no";
  return verdicts.includes("unknown") ? "unknown" : "applies";
}

/** `or` of verdicts: any `applies` wins, then any `unknown`. */
function any(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes("applies")) return "applies";
  return verdicts.includes("unknown") ? "unknown" : "no";
}

const fromBoolean = (value: boolean | undefined): Verdict => (value === undefined ? "unknown" : value ? "applies" : "no");

const patterns = new Map<string, RegExp>();
function pattern(source: string): RegExp {
  let compiled = patterns.get(source);
  if (!compiled) {
    compiled = new RegExp(source, "imu");
    patterns.set(source, compiled);
  }
  return compiled;
}

/**
 * Whether a change with condition `when` applies to the step, as if the step also set `added`
 * (inputs a fix writes to keep an old default).
 */
export function evaluate(when: Condition | undefined, facts: StepFacts, added: ReadonlyMap<string, string> = new Map()): Verdict {
  if (!when) return "applies";
  const input = (name: string): InputState => {
    const value = added.get(name);
    return value === undefined ? facts.input(name) : { kind: "values", values: [value] };
  };
  const verdicts: Verdict[] = [];
  if (when.inputs) {
    verdicts.push(any(when.inputs.map((name) => isSet(input(name)))));
  }
  if (when.unset) {
    const set = any(when.unset.map((name) => isSet(input(name))));
    verdicts.push(set === "applies" ? "no" : set === "no" ? "applies" : "unknown");
  }
  if (when.matches) {
    verdicts.push(any(Object.entries(when.matches).map(([name, source]) => stateVerdict(input(name), (value) => pattern(source).test(value)))));
  }
  if (when.unless) {
    for (const [name, expected] of Object.entries(when.unless)) {
      const state = input(name);
      if (state.kind === "unknown" || state.kind === "expression") verdicts.push("unknown");
      else if (state.kind === "values" && state.values.every((value) => value.trim().toLowerCase() === expected.toLowerCase())) verdicts.push("no");
    }
  }
  if (when.triggers) {
    const triggers = facts.triggers;
    verdicts.push(triggers === undefined ? "unknown" : when.triggers.some((event) => triggers.has(event)) ? "applies" : "no");
  }
  if (when.runner === "self-hosted") verdicts.push(fromBoolean(facts.selfHosted()));
  if (when.artifactNameReused) verdicts.push(fromBoolean(facts.artifactNameReused()));
  if (when.stepBelow) verdicts.push(any(when.stepBelow.map(({ action, below }) => fromBoolean(facts.hasStepBelow(action, below)))));
  return all(verdicts);
}

/** Whether the input is set (to anything, an expression too). */
function isSet(state: InputState): Verdict {
  return state.kind === "unset" ? "no" : state.kind === "unknown" ? "unknown" : "applies";
}

/** Whether some value of the input passes `test`: `no` when unset or none does, `unknown` for an expression. */
function stateVerdict(state: InputState, test: (value: string) => boolean): Verdict {
  if (state.kind === "unset") return "no";
  if (state.kind !== "values") return "unknown";
  return state.values.some(test) ? "applies" : "no";
}

/** Facts for a step nothing is known about: every condition that depends on the step is unknown. */
export const NO_FACTS: StepFacts = {
  input: () => UNKNOWN,
  inputNames: () => undefined,
  triggers: undefined,
  selfHosted: () => undefined,
  artifactNameReused: () => undefined,
  hasStepBelow: () => undefined,
};
