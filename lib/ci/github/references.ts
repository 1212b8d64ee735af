/**
 * Local references, followed into the files they name through the workspace (lib/workspace):
 *
 *   calledWorkflowOf(job)    the workflow a job calls with a local `uses:` (`./.github/workflows/x.yml`,
 *                            `$/.github/workflows/x.yml`); "unknown" when it cannot be read or is not
 *                            a workflow; `undefined` for a remote call or a job with steps
 *   compositeOf(step)        the composite action a step runs with a local `uses:` (its `action.yml`
 *                            or `action.yaml`); "unknown" when unreadable or not composite
 *   runningSteps(job)        the steps that run in the job: its own, each local composite action's
 *                            steps expanded after the step that calls it (nested ones too)
 *   callersOf(workflow)      the jobs of the repository's workflows that call this one locally
 *
 * A composite action's steps run in the calling job, with its permissions, runner and env; its
 * `${{ inputs.<name> }}` take the call's `with:` value, else the input's `default`, else empty
 * (`CompositeStep`). Findings about them are reported at the calling step (`keyNode`, `place`)
 * and no fix edits their nodes (the file's editor refuses nodes of another file).
 *
 * What cannot be read (no workspace: text linted under a made-up name; a missing, unreadable,
 * oversized or unparsable file; a symlink loop; a directory) is "unknown", and rules stay quiet
 * about what depends on it. Depth is bounded and a file already on the way is not entered again.
 * Each file is read and modelled once per version (the workspace cache keys its parse by path and
 * modification time; the model of a parse is kept beside it in a WeakMap).
 */
import path from "node:path";
import { workspaceOf, type YamlFile } from "../../workspace/index.js";
import { actionInputs, readWorkflow, type ActionInput, type Input, type Job, type Step, type Workflow } from "./model.js";
import { parseUses, type UsesRef } from "./uses.js";
import { isExpression } from "./expressions.js";
import { readShellScript, type ShellScript } from "../../shell/script.js";
import { pairOf, scalarText, type YAMLComment, type YAMLMapping, type YAMLPair, type YAMLScalar } from "../../yaml/nodes.js";
import type { CiEnvBlock, CiEnvVar, CiInput, CiJob, CiStep } from "../shape.js";
import type { AST } from "yaml-eslint-parser";

/** How deep calls are followed: a workflow calling a workflow calling a composite action calling another… */
export const MAX_DEPTH = 4;

/** The models of parsed files, kept as long as the workspace cache keeps the parse. */
const models = new WeakMap<YamlFile, Workflow | null>();

function modelOf(file: YamlFile, filename: string): Workflow | undefined {
  let model = models.get(file);
  if (model === undefined) {
    model = readWorkflow(file, filename) ?? null;
    models.set(file, model);
  }
  return model ?? undefined;
}

/** The local reference of a job's `uses:`, if it has one. */
export function calledReference(job: CiJob): Extract<UsesRef, { kind: "local" }> | undefined {
  if (job.calledWorkflow === undefined) return undefined;
  const ref = parseUses(job.calledWorkflow);
  return ref.kind === "local" ? ref : undefined;
}

/** The workflow a job calls locally; "unknown" when it cannot be read or is not a workflow; `undefined` when the call is not local. */
export function calledWorkflowOf(job: CiJob): Workflow | "unknown" | undefined {
  const ref = calledReference(job);
  if (!ref) return undefined;
  const workspace = workspaceOf(job.workflow.filename);
  const read = workspace?.readYaml(ref.path);
  if (!read?.ok) return "unknown";
  const model = modelOf(read.value, read.path);
  return model?.kind === "workflow" ? model : "unknown";
}

/** The composite action a step runs locally; "unknown" when it cannot be read or is not composite; `undefined` when the step runs no local action. */
export function compositeOf(step: CiStep): Workflow | "unknown" | undefined {
  if (step.uses?.kind !== "local") return undefined;
  const workspace = workspaceOf(step.job.workflow.filename);
  if (!workspace) return "unknown";
  for (const name of ["action.yml", "action.yaml"]) {
    const read = workspace.readYaml(name, step.uses.path);
    if (!read.ok && read.reason === "missing") continue;
    if (!read.ok) return "unknown";
    const model = modelOf(read.value, read.path);
    return model?.kind === "composite-action" ? model : "unknown";
  }
  return "unknown";
}

/**
 * The jobs of the repository's workflows (`.github/workflows/*.y(a)ml`) that call `workflow`
 * with a local `uses:`; `undefined` when the workflow has no workspace or the folder cannot be listed.
 */
export function callersOf(workflow: { readonly filename: string }): Job[] | undefined {
  const workspace = workspaceOf(workflow.filename);
  const listed = workspace?.list(".github/workflows");
  if (!workspace || !listed?.ok) return undefined;
  const target = path.resolve(workflow.filename);
  const callers: Job[] = [];
  for (const entry of listed.value) {
    if (entry.kind !== "file" || !/\.ya?ml$/u.test(entry.name)) continue;
    const read = workspace.readYaml(`.github/workflows/${entry.name}`);
    const model = read.ok ? modelOf(read.value, read.path) : undefined;
    for (const job of model?.jobs ?? []) {
      const ref = calledReference(job);
      if (ref && workspace.resolve(ref.path) === target) callers.push(job);
    }
  }
  return callers;
}

const expansions = new WeakMap<CiStep, readonly CompositeStep[] | "unknown">();

/**
 * The steps a local composite action runs for the step that calls it, nested actions expanded
 * in place; "unknown" when the action (or one it calls) cannot be read; `undefined` when the
 * step runs no local action.
 */
export function expandedSteps(step: CiStep): readonly CompositeStep[] | "unknown" | undefined {
  if (step.uses?.kind !== "local") return undefined;
  let expanded = expansions.get(step);
  if (expanded === undefined) {
    expanded = expand(step, []);
    expansions.set(step, expanded);
  }
  return expanded;
}

function expand(step: CiStep, trail: readonly string[]): readonly CompositeStep[] | "unknown" {
  const action = compositeOf(step);
  if (action === undefined || action === "unknown") return "unknown";
  // A cycle (an action that calls itself, directly or not) or too deep a nesting: not followed.
  if (trail.includes(action.filename) || trail.length >= MAX_DEPTH) return "unknown";
  const inputs = actionInputs(action);
  const steps: CompositeStep[] = [];
  for (const inner of action.jobs[0]?.steps ?? []) {
    const expandedStep = new CompositeStep(step, inner, inputs, [...step.stepsBefore, step, ...steps]);
    steps.push(expandedStep);
    if (expandedStep.uses?.kind === "local") {
      const nested = expand(expandedStep, [...trail, action.filename]);
      if (nested === "unknown") return "unknown";
      steps.push(...nested);
    }
  }
  return steps;
}

/**
 * The steps that run in a job, in order: its own, and after a step that runs a local composite
 * action, that action's steps. A step whose action cannot be read stays alone (its publishing unknown).
 */
export function runningSteps(job: CiJob): readonly CiStep[] {
  if (!job.steps.some((step) => step.uses?.kind === "local")) return job.steps;
  const steps: CiStep[] = [];
  for (const step of job.steps) {
    steps.push(step);
    const expanded = expandedSteps(step);
    if (expanded !== undefined && expanded !== "unknown") steps.push(...expanded);
  }
  return steps;
}

/** `${{ inputs.name }}` (the whole value), or one such expression inside a text. */
const WHOLE_INPUT = /^\$\{\{\s*inputs\.([\w-]+)\s*\}\}$/u;
const SOME_INPUT = /\$\{\{\s*inputs\.([\w-]+)\s*\}\}/gu;

/** What `inputs.<name>` is for one call: the call's `with:` value, else the action's default, else empty. */
interface InputSource {
  readonly value: string;
  readonly isExpression: boolean;
  /** The input's name as the action declares it (for messages). */
  readonly name: string;
}

/**
 * A step of a composite action as it runs for one call: inside the calling job (its `job`,
 * permissions, runner), with `${{ inputs.* }}` replaced by what the call gives, and the calling
 * step's env around its own. Messages name the calling step and reports land on it.
 */
export class CompositeStep implements CiStep {
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly uses: UsesRef | undefined;
  readonly run: ShellScript | undefined;
  readonly env: CiEnvBlock;
  readonly inputs: ReadonlyMap<string, CiInput>;

  constructor(
    /** The step that calls the action (in the caller's file, or another composite step for a nested action). */
    readonly via: CiStep,
    /** The step as the action's file has it. */
    readonly inner: Step,
    readonly actionInputs: ReadonlyMap<string, ActionInput>,
    readonly stepsBefore: readonly CiStep[],
  ) {
    this.id = inner.id;
    this.name = inner.name;
    const uses = scalarText(inner.usesPair?.value);
    this.uses = uses === undefined ? undefined : parseUses(this.#substitute(uses).text);
    const run = scalarText(inner.runPair?.value);
    this.run = run === undefined ? undefined : readShellScript(this.#substitute(run).text, inner.run?.dialect ?? "sh");
    const vars = new Map<string, CiEnvVar>();
    for (const variable of inner.env.vars.values()) vars.set(variable.name, this.#mapped(variable));
    this.env = { level: "step", pair: inner.env.pair, vars, unknown: inner.env.unknown };
    const inputs = new Map<string, CiInput>();
    for (const input of inner.inputs.values()) inputs.set(input.name, this.#mapped(input));
    this.inputs = inputs;
  }

  get stepsThrough(): readonly CiStep[] {
    return [...this.stepsBefore, this];
  }

  /** The input `name` of this call. */
  inputSource(name: string): InputSource {
    const declared = this.actionInputs.get(name.toLowerCase());
    const given = [...this.via.inputs.values()].find((input) => input.name.toLowerCase() === name.toLowerCase());
    if (given && given.value !== undefined) return { value: given.value, isExpression: given.isExpression, name: declared?.name ?? given.name };
    const value = declared?.default ?? "";
    return { value, isExpression: isExpression(value), name: declared?.name ?? name };
  }

  /** A text with every `${{ inputs.x }}` replaced by the call's value (or the default), and the input when the whole text is one. */
  #substitute(text: string): { text: string; input: InputSource | undefined } {
    const whole = WHOLE_INPUT.exec(text.trim())?.[1];
    if (whole !== undefined) {
      const source = this.inputSource(whole);
      return { text: source.value, input: source };
    }
    if (!text.includes("inputs.")) return { text, input: undefined };
    return { text: text.replace(SOME_INPUT, (_, name: string) => this.inputSource(name).value), input: undefined };
  }

  #mapped<T extends CiEnvVar | Input>(entry: T): T {
    if (entry.value === undefined || !entry.value.includes("inputs.")) return entry;
    const { text, input } = this.#substitute(entry.value);
    // The value now comes from the caller's file: no scalar of the action's file stands for it.
    return { ...entry, value: text, scalar: undefined, isExpression: input ? input.isExpression : isExpression(text), ...(input && { input: input.name }) } as T;
  }

  get job(): CiJob {
    return this.via.job;
  }

  get index(): number {
    return this.via.index;
  }

  get node(): YAMLMapping {
    return this.inner.node;
  }

  get runPair(): YAMLPair | undefined {
    return this.inner.runPair;
  }

  get usesPair(): YAMLPair | undefined {
    return this.inner.usesPair;
  }

  get usesScalar(): YAMLScalar | undefined {
    return this.inner.usesScalar;
  }

  /** Never edited from the caller's file. */
  get usesShared(): boolean {
    return true;
  }

  get usesComment(): YAMLComment | undefined {
    return this.inner.usesComment;
  }

  get usesLineComment(): YAMLComment | undefined {
    return this.inner.usesLineComment;
  }

  get withPair(): YAMLPair | undefined {
    return this.inner.withPair;
  }

  get condition(): string | undefined {
    return this.inner.condition;
  }

  /** A composite action's `run:` steps name their shell (GitHub requires it); else the runner's. */
  get shell(): string | undefined {
    return pairOf(this.inner.node, "shell") ? this.inner.shell : this.via.shell;
  }

  get action(): string | undefined {
    return this.uses?.kind === "action" ? this.uses.action : undefined;
  }

  /** A variable as the step sees it: its own env, then the calling step's (whose env the whole action runs with). */
  envVar(name: string): CiEnvVar | "unknown" | undefined {
    const own = this.env.vars.get(name);
    if (own) return own;
    if (this.env.unknown) return "unknown";
    return this.via.envVar(name);
  }

  get label(): string {
    return this.via.label;
  }

  get named(): string {
    return this.via.named;
  }

  get place(): string {
    return this.via.place;
  }

  /** Reports land on the calling step, in the caller's file. */
  get keyNode(): AST.YAMLNode {
    return this.via.keyNode;
  }

  /** The file the step is written in (the action's `action.yml`). */
  get actionFile(): string {
    return this.inner.job.workflow.filename;
  }
}
