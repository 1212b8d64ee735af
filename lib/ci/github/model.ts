/**
 * The workflow model: Workflow → Job → Step, read once per file from the YAML AST.
 *
 * Every element keeps its YAML node so that rules can report on it and fixes can edit it.
 * Values the workflow does not decide statically (expressions, aliases that do not resolve,
 * nulls where a mapping belongs) are `undefined` or `unknown`, never guessed.
 */
import type { AST } from "yaml-eslint-parser";
import { EffectivePermissions, readPermissionsBlock, type PermissionsBlock } from "./permissions.js";
import { parseUses, type UsesRef } from "./uses.js";
import { expressionBody, hasExpression, isExpression } from "./expressions.js";
import { readShellScript, type ShellDialect, type ShellScript } from "../../shell/script.js";
import {
  keyText,
  asMapping,
  asScalar,
  asSequence,
  entries,
  isShared,
  items,
  pairOf,
  readMapping,
  resolve,
  scalarText,
  trailingComment,
  valueOf,
  type YAMLComment,
  type YAMLContent,
  type YAMLMapping,
  type YAMLPair,
  type YAMLScalar,
} from "../../yaml/nodes.js";
import type { CiEnvBlock, CiEnvVar, CiFile, CiInput, CiJob, CiStep, Knowable } from "../shape.js";

export type EnvLevel = "workflow" | "job" | "step";

/** One variable of an `env:` block. */
export interface EnvVar extends CiEnvVar {
  readonly name: string;
  readonly level: EnvLevel;
  readonly pair: YAMLPair;
  /** The value as text; `undefined` for null, mappings and sequences. */
  readonly value: string | undefined;
  /** The scalar holding the value, resolved through aliases. */
  readonly scalar: YAMLScalar | undefined;
  /** True when the whole value is a `${{ }}` expression. */
  readonly isExpression: boolean;
}

/** Shared by every block and step that has none (most steps have no `env:` and no `with:`). */
const NO_VARS: ReadonlyMap<string, EnvVar> = new Map();
const NO_INPUTS: ReadonlyMap<string, Input> = new Map();
const NO_CONTAINERS: readonly Container[] = [];

/** An `env:` block: its variables, or `unknown` when it is an expression such as `${{ fromJSON(…) }}`. */
export class EnvBlock implements CiEnvBlock {
  readonly vars: ReadonlyMap<string, EnvVar>;
  readonly unknown: boolean;

  constructor(
    readonly level: EnvLevel,
    readonly pair: YAMLPair | undefined,
  ) {
    const mapping = asMapping(pair?.value);
    if (!mapping) {
      this.vars = NO_VARS;
      this.unknown = pair !== undefined && pair.value !== null;
      return;
    }
    this.vars = readMapping(mapping, (name, varPair): EnvVar => {
      const value = scalarText(varPair.value);
      return { name, level, pair: varPair, value, scalar: asScalar(varPair.value), isExpression: value !== undefined && isExpression(value) };
    });
    this.unknown = pair !== undefined && pair.value !== null && mapping === undefined;
  }
}

/** The `env:` of every step that has none (most steps): one block, as nothing in it can differ. */
const NO_STEP_ENV = new EnvBlock("step", undefined);

/** What a file is: a workflow (`jobs:`), or a composite action (`runs.using: composite`), read as one job of its steps. */
export type FileKind = "workflow" | "composite-action";

export class Workflow implements CiFile {
  readonly jobs: readonly Job[];
  readonly permissions: PermissionsBlock | undefined;
  readonly env: EnvBlock;
  readonly name: string | undefined;
  /** The events that trigger the workflow (`on:` as a string, list or mapping). */
  readonly triggers: ReadonlySet<string>;
  /** The `on:` pair, where trigger findings can point. */
  readonly onPair: YAMLPair | undefined;

  constructor(
    /** The top-level mapping of the workflow document. */
    readonly node: YAMLMapping,
    readonly jobsMapping: YAMLMapping,
    /** The file's path as ESLint gives it. */
    readonly filename: string,
    readonly source: SourceText,
    readonly kind: FileKind = "workflow",
  ) {
    this.name = scalarText(valueOf(node, "name"));
    this.permissions = readPermissionsBlock(pairOf(node, "permissions"));
    this.env = new EnvBlock("workflow", pairOf(node, "env"));
    this.onPair = pairOf(node, "on");
    this.triggers = readTriggers(valueOf(node, "on"));
    const jobs: Job[] = [];
    if (kind === "composite-action") {
      // The steps of `runs:` run in whichever job calls the action: one job, named for messages by the file.
      const runs = pairOf(node, "runs");
      if (runs) jobs.push(new Job(this, "runs", runs, jobsMapping));
    } else {
      for (const [id, pair] of entries(jobsMapping)) {
        const mapping = asMapping(pair.value);
        if (mapping) jobs.push(new Job(this, id, pair, mapping));
      }
    }
    this.jobs = jobs;
  }
}

/** Which refs a `push` trigger runs for, from its filters (GitHub: defining only one kind excludes the other). */
export interface PushRefs {
  readonly branches: boolean;
  readonly tags: boolean;
}

/**
 * The refs the workflow's `push` trigger runs for; `undefined` when there is no `push` trigger.
 * With only `tags`/`tags-ignore`, branch pushes do not run it, and the other way round.
 */
export function pushRefs(workflow: Workflow): PushRefs | undefined {
  if (!workflow.triggers.has("push")) return undefined;
  const on = asMapping(resolve(workflow.onPair?.value));
  const push = asMapping(valueOf(on, "push"));
  if (!push) return { branches: true, tags: true };
  const has = (...keys: string[]) => keys.some((key) => pairOf(push, key) !== undefined);
  const branches = has("branches", "branches-ignore");
  const tags = has("tags", "tags-ignore");
  if (!branches && !tags) return { branches: true, tags: true };
  return { branches, tags };
}

function readTriggers(node: YAMLContent | undefined): Set<string> {
  const triggers = new Set<string>();
  const content = resolve(node);
  if (content?.type === "YAMLScalar" && typeof content.value === "string") triggers.add(content.value);
  for (const item of items(asSequence(content))) {
    const text = scalarText(item);
    if (text) triggers.add(text);
  }
  for (const [event] of entries(asMapping(content))) triggers.add(event);
  return triggers;
}

export class Job implements CiJob {
  readonly name: string | undefined;
  /** The job's own `permissions:` block, if it has one. */
  readonly permissions: PermissionsBlock | undefined;
  readonly effectivePermissions: EffectivePermissions;
  readonly env: EnvBlock;
  /** For a job that calls a reusable workflow (`jobs.<id>.uses`): the reference. It has no steps. */
  readonly calledWorkflow: string | undefined;
  /** The deployment environment's name (`environment: release` or `environment: { name: release }`). */
  readonly environment: string | undefined;
  /** The `environment:` pair, present even when its value cannot be read statically. */
  readonly environmentPair: YAMLPair | undefined;
  readonly steps: readonly Step[];
  #dynamicEnv: Set<string> | undefined;
  /** The job's `container:`, if it runs in one. */
  readonly container: Container | undefined;
  /** The job's service containers (`services:`), in file order. */
  readonly services: readonly Container[];
  /**
   * For a reusable-workflow call: the `secrets:` it passes, by name, or `inherit`;
   * `undefined` when it passes none (or they are not a mapping).
   */
  readonly passedSecrets: ReadonlyMap<string, Input> | "inherit" | undefined;

  constructor(
    readonly workflow: Workflow,
    readonly id: string,
    /** The `<job-id>:` pair under `jobs`. */
    readonly pair: YAMLPair,
    readonly node: YAMLMapping,
  ) {
    this.name = scalarText(valueOf(node, "name"));
    this.permissions = readPermissionsBlock(pairOf(node, "permissions"));
    this.effectivePermissions = this.permissions
      ? new EffectivePermissions("job", this.permissions)
      : workflow.permissions
        ? new EffectivePermissions("workflow", workflow.permissions)
        : new EffectivePermissions("repository-default", undefined);
    this.env = new EnvBlock("job", pairOf(node, "env"));
    this.calledWorkflow = scalarText(valueOf(node, "uses"));
    this.environmentPair = pairOf(node, "environment");
    const environment = valueOf(node, "environment");
    this.environment = scalarText(environment) ?? scalarText(valueOf(asMapping(environment), "name"));
    const steps: Step[] = [];
    items(asSequence(valueOf(node, "steps"))).forEach((item, index) => {
      const mapping = asMapping(item);
      if (mapping) steps.push(new Step(this, index, mapping));
    });
    this.steps = steps;
    const containerPair = pairOf(node, "container");
    this.container = containerPair && containerPair.value !== null ? readContainer(undefined, containerPair) : undefined;
    const services = asMapping(valueOf(node, "services"));
    this.services = services ? [...entries(services)].map(([id, pair]) => readContainer(id, pair)) : NO_CONTAINERS;
    const secrets = valueOf(node, "secrets");
    this.passedSecrets = scalarText(secrets) === "inherit" ? "inherit" : asMapping(secrets) ? readInputs(asMapping(secrets)) : undefined;
  }

  #defaultShell: { value: string | undefined } | undefined;

  /** The shell of the job's `run:` steps that name none (see `Step.shell`), read once per job. */
  get defaultShell(): string | undefined {
    if (!this.#defaultShell) {
      let value: string | undefined | null = null;
      for (const node of [this.node, this.workflow.node]) {
        const pair = pairOf(asMapping(valueOf(asMapping(valueOf(node, "defaults")), "run")), "shell");
        if (pair) {
          value = shellText(pair);
          break;
        }
      }
      if (value === null) {
        const labels = this.runsOn;
        value = labels === undefined ? (valueOf(this.node, "runs-on") === undefined ? "bash" : undefined) : labels.some((label) => /^windows\b/iu.test(label)) ? "pwsh" : "bash";
      }
      this.#defaultShell = { value };
    }
    return this.#defaultShell.value;
  }

  /**
   * The literal values the job's matrix gives `key` (its list and its `include` entries), or
   * `undefined` when any of them is not a literal or the matrix is not written out.
   */
  matrixValues(key: string): string[] | undefined {
    const matrix = asMapping(valueOf(asMapping(valueOf(this.node, "strategy")), "matrix"));
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

  /**
   * Whether the job runs on a self-hosted runner: `true` when a label of `runs-on` (through the
   * matrix too) is `self-hosted`, the label GitHub gives every self-hosted runner; `false` when
   * every label names a GitHub-hosted image; `unknown` otherwise (an expression, a runner group,
   * a larger runner's own label). Read once per job (rules and upgrade plans ask for every step).
   */
  get selfHosted(): Knowable<boolean> {
    return (this.#selfHosted ??= { value: this.readSelfHosted() }).value;
  }

  #selfHosted: { value: Knowable<boolean> } | undefined;

  private readSelfHosted(): Knowable<boolean> {
    const runsOn = valueOf(this.node, "runs-on");
    if (runsOn === undefined || isShared(runsOn)) return "unknown";
    const labels: string[] = [];
    const sequence = asSequence(runsOn);
    const texts = sequence ? items(sequence).map((item) => scalarText(item)) : [scalarText(runsOn)];
    for (const text of texts) {
      if (text === undefined) return "unknown";
      if (isExpression(text)) {
        const key = /^matrix\.([\w-]+)$/u.exec(expressionBody(text))?.[1];
        const values = key === undefined ? undefined : this.matrixValues(key);
        if (!values) return "unknown";
        labels.push(...values);
      } else if (hasExpression(text)) {
        return "unknown";
      } else {
        labels.push(text);
      }
    }
    if (labels.length === 0) return "unknown";
    if (labels.some((label) => label.toLowerCase() === "self-hosted")) return true;
    return labels.every((label) => GITHUB_HOSTED.test(label)) ? false : "unknown";
  }

  /** The ids of the jobs this job waits for (`needs:`, a string or a list). */
  get needs(): readonly string[] {
    const needs = valueOf(this.node, "needs");
    const one = scalarText(needs);
    return one !== undefined ? [one] : items(asSequence(needs)).flatMap((item) => scalarText(item) ?? []);
  }

  /** The job's `if:` condition as written, if it has one. */
  get condition(): string | undefined {
    return conditionText(valueOf(this.node, "if"));
  }

  /**
   * The runner labels of `runs-on` (a label, a list, or `{labels: …}`); `undefined` when absent
   * or not static (an expression, a `group:` without labels).
   */
  get runsOn(): readonly string[] | undefined {
    return readRunsOn(valueOf(this.node, "runs-on"));
  }

  /** Whether the job can mint an OIDC token (its effective `id-token` permission); `unknown` when decided at run time. */
  get idTokenGrant(): Knowable<boolean> {
    return this.effectivePermissions.canRequestIdToken;
  }

  /** GitHub has no `id_tokens:` block: the grant is a permission. */
  get idTokenNames(): undefined {
    return undefined;
  }

  /** Where the job is, as every message says it: `job 'release'` (`the composite action` for an action's steps). */
  get place(): string {
    return this.workflow.kind === "composite-action" ? "the composite action" : `job '${this.id}'`;
  }

  /** The key node naming the job: where job-level findings are reported. */
  get keyNode(): AST.YAMLNode {
    return this.pair.key ?? this.pair;
  }

  /** Env blocks that reach a step of this job, nearest last: workflow, job. */
  get envChain(): readonly EnvBlock[] {
    return [this.workflow.env, this.env];
  }

  /**
   * Variables that steps of this job write to `$GITHUB_ENV` (`echo "NAME=…" >> $GITHUB_ENV`),
   * which later steps then see as environment variables.
   */
  get dynamicEnv(): ReadonlySet<string> {
    if (!this.#dynamicEnv) {
      this.#dynamicEnv = new Set<string>();
      for (const step of this.steps) for (const name of step.run?.githubEnvWrites ?? []) this.#dynamicEnv.add(name);
    }
    return this.#dynamicEnv;
  }
}

/** An `if:` value as text (`if: true` reads as `true`). */
function conditionText(node: YAMLContent | undefined): string | undefined {
  const scalar = asScalar(node);
  return scalar && scalar.value !== null ? String(scalar.value) : undefined;
}

/** Labels of GitHub-hosted runners (`ubuntu-latest`, `windows-2022`, `macos-14-arm64`, `ubuntu-24.04-arm`). */
const GITHUB_HOSTED = /^(?:ubuntu|windows|macos)-[\w.-]+$/u;

function readRunsOn(node: YAMLContent | undefined): string[] | undefined {
  const text = scalarText(node);
  if (text !== undefined) return isExpression(text) || text.includes("${{") ? undefined : [text];
  const labels = asMapping(node) ? valueOf(asMapping(node), "labels") : node;
  const single = scalarText(labels);
  if (single !== undefined) return single.includes("${{") ? undefined : [single];
  const list = asSequence(labels);
  if (!list) return undefined;
  const read: string[] = [];
  for (const item of items(list)) {
    const label = scalarText(item);
    if (label === undefined || label.includes("${{")) return undefined;
    read.push(label);
  }
  return read;
}

/** A value given to an action's input under `with:` (and other named values: container credentials, passed secrets). */
export interface Input extends CiInput {
  readonly name: string;
  readonly pair: YAMLPair;
  readonly value: string | undefined;
  readonly scalar: YAMLScalar | undefined;
  readonly isExpression: boolean;
}

function readInput(name: string, pair: YAMLPair): Input {
  const value = scalarText(pair.value);
  return { name, pair, value, scalar: asScalar(pair.value), isExpression: value !== undefined && isExpression(value) };
}

function readInputs(mapping: YAMLMapping | undefined): ReadonlyMap<string, Input> {
  if (!mapping) return NO_INPUTS;
  return readMapping(mapping, readInput);
}

/** The registry login of a job's `container` or of a service container (`credentials:`). */
export interface ContainerCredentials {
  readonly pair: YAMLPair;
  readonly username: Input | undefined;
  readonly password: Input | undefined;
}

/** A job's `container:` or one of its `services:`. */
export interface Container {
  /** The service's id under `services:`; `undefined` for the job's own container. */
  readonly service: string | undefined;
  readonly pair: YAMLPair;
  /** The image: `container: node:20` or `image: node:20`; `undefined` when not static. */
  readonly image: string | undefined;
  readonly credentials: ContainerCredentials | undefined;
}

function readContainer(service: string | undefined, pair: YAMLPair): Container {
  const mapping = asMapping(pair.value);
  const credentialsPair = pairOf(mapping, "credentials");
  const credentials = asMapping(credentialsPair?.value);
  const field = (key: string) => {
    const found = pairOf(credentials, key);
    return found ? readInput(key, found) : undefined;
  };
  return {
    service,
    pair,
    image: mapping ? scalarText(valueOf(mapping, "image")) : scalarText(pair.value),
    credentials: credentialsPair && credentials ? { pair: credentialsPair, username: field("username"), password: field("password") } : undefined,
  };
}

export class Step implements CiStep {
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly uses: UsesRef | undefined;
  /** The `uses:` pair, for reports and fixes. */
  readonly usesPair: YAMLPair | undefined;
  readonly run: ShellScript | undefined;
  readonly runPair: YAMLPair | undefined;
  readonly inputs: ReadonlyMap<string, Input>;
  readonly env: EnvBlock;

  constructor(
    readonly job: Job,
    readonly index: number,
    readonly node: YAMLMapping,
  ) {
    // One pass over the step's pairs for the keys it is read by (the last pair of a key, as `pairOf` finds it).
    let id, name, usesPair, runPair, envPair, withPair, shellPair: YAMLPair | undefined;
    for (const pair of node.pairs) {
      switch (keyText(pair)) {
        case "id":
          id = pair;
          break;
        case "name":
          name = pair;
          break;
        case "uses":
          usesPair = pair;
          break;
        case "run":
          runPair = pair;
          break;
        case "env":
          envPair = pair;
          break;
        case "with":
          withPair = pair;
          break;
        case "shell":
          shellPair = pair;
          break;
      }
    }
    this.id = scalarText(id?.value);
    this.name = scalarText(name?.value);
    this.usesPair = usesPair;
    const uses = scalarText(usesPair?.value);
    this.uses = uses === undefined ? undefined : parseUses(uses);
    this.runPair = runPair;
    const run = scalarText(runPair?.value);
    this.#shellPair = shellPair;
    this.run = run === undefined ? undefined : readShellScript(run, dialectOf(this.shell));
    this.env = envPair ? new EnvBlock("step", envPair) : NO_STEP_ENV;
    this.inputs = readInputs(asMapping(withPair?.value));
  }

  /**
   * The shell a `run:` script runs in, as GitHub picks it: the step's `shell:`, else the job's
   * `defaults.run.shell`, else the workflow's, else the runner's default (`pwsh` on Windows,
   * `bash` elsewhere). `undefined` when it is decided at run time (an expression, a matrix runner).
   */
  get shell(): string | undefined {
    return this.#shellPair ? shellText(this.#shellPair) : this.job.defaultShell;
  }

  readonly #shellPair: YAMLPair | undefined;

  /** The `with:` pair, when the step has one (for edits that remove an input). */
  get withPair(): YAMLPair | undefined {
    return pairOf(this.node, "with");
  }

  /** The step's `if:` condition as written, if it has one. */
  get condition(): string | undefined {
    return conditionText(valueOf(this.node, "if"));
  }

  /** The scalar holding the `uses:` value (through an alias, the anchored scalar). */
  get usesScalar(): YAMLScalar | undefined {
    return asScalar(this.usesPair?.value);
  }

  /**
   * Whether the `uses:` value is shared through YAML anchors (an alias, an anchored value, or a
   * step, steps list or job that carries an anchor), so that editing it in place would change
   * other places of the file too.
   */
  get usesShared(): boolean {
    return isShared(this.usesPair?.value);
  }

  /**
   * The comment right after the `uses:` value (`# v4.2.2` after a SHA pin), with nothing but
   * blanks and closing brackets between (`- {uses: …@<sha>} # v4.2.2`). Its `value` is the text
   * after `#`.
   */
  get usesComment(): YAMLComment | undefined {
    const comment = this.usesLineComment;
    if (!comment) return undefined;
    const { text } = this.job.workflow.source;
    return /^[\s\]},]*$/u.test(text.slice(this.usesPair!.value!.range[1], comment.range[0])) ? comment : undefined;
  }

  /** Any comment after the `uses:` value on the line where it ends, even after other values of a flow collection. */
  get usesLineComment(): YAMLComment | undefined {
    if (this.#usesLineComment === undefined) {
      const value = this.usesPair?.value;
      const { source } = this.job.workflow;
      this.#usesLineComment = (value && trailingComment(source.ast.comments, source.text, value)) ?? null;
    }
    return this.#usesLineComment ?? undefined;
  }

  /** Read once: the analysis of a `uses:` asks several times per step. */
  #usesLineComment: YAMLComment | null | undefined;

  /**
   * How messages name the step: its `name`, else its `uses` value, else `step N` (1-based).
   * Never words of its script: they may hold a secret, and they do not name the step.
   */
  get label(): string {
    return this.name || scalarText(this.usesPair?.value) || `step ${this.index + 1}`;
  }

  /**
   * The step as messages refer to it inside a sentence: `step 'Publish'`, or `step 3` for a step
   * with neither a name nor `uses`. Within a sentence that names the job already.
   */
  get named(): string {
    const label = this.name || scalarText(this.usesPair?.value);
    return label ? `step '${label}'` : `step ${this.index + 1}`;
  }

  /** Where the step is, as every message says it: `step 'Publish' of job 'release'`, `step 3 of job 'release'`. */
  get place(): string {
    return `${this.named} of ${this.job.place}`;
  }

  /** The steps of the job before this one, in order. */
  get stepsBefore(): readonly Step[] {
    return this.job.steps.slice(0, this.job.steps.indexOf(this));
  }

  /** The steps of the job up to and including this one. */
  get stepsThrough(): readonly Step[] {
    return this.job.steps.slice(0, this.job.steps.indexOf(this) + 1);
  }

  /** Where findings about the step are reported: its `uses:` or `run:` key, else the step. */
  get keyNode(): AST.YAMLNode {
    return this.usesPair?.key ?? this.runPair?.key ?? this.node;
  }

  /** The action this step runs (`owner/repo[/path]`, lower-cased), if it uses one. */
  get action(): string | undefined {
    return this.uses?.kind === "action" ? this.uses.action : undefined;
  }

  /**
   * A variable as the step sees it: step env over job env over workflow env.
   * `unknown` when an env block on the way is an expression that might define it.
   */
  envVar(name: string): EnvVar | "unknown" | undefined {
    for (const block of [this.env, this.job.env, this.job.workflow.env]) {
      const found = block.vars.get(name);
      if (found) return found;
      if (block.unknown) return "unknown";
    }
    return this.job.dynamicEnv.has(name) ? "unknown" : undefined;
  }
}

/** A `shell:` value; `undefined` when decided at run time. */
function shellText(pair: YAMLPair): string | undefined {
  const shell = scalarText(pair.value);
  return shell === undefined || shell.includes("${{") ? undefined : shell;
}

/** The language a shell reads: PowerShell for `pwsh`/`powershell` (and their command lines), a POSIX shell otherwise. */
function dialectOf(shell: string | undefined): ShellDialect {
  return shell !== undefined && /^(?:pwsh|powershell)\b/iu.test(shell.trim()) ? "powershell" : "sh";
}

/** The part of ESLint's SourceCode the model needs. */
export interface SourceText {
  readonly text: string;
  readonly ast: AST.YAMLProgram;
}

/**
 * Reads a workflow from a parsed YAML file. `undefined` when the file is not a workflow:
 * not exactly one YAML document, or no `jobs` mapping at the top.
 */
export function readWorkflow(source: SourceText, filename: string): Workflow | undefined {
  const documents = source.ast.body.filter((document) => document.content !== null);
  if (documents.length !== 1) return undefined;
  const root = asMapping(documents[0]?.content);
  const jobs = asMapping(valueOf(root, "jobs"));
  if (root && jobs) return new Workflow(root, jobs, filename, source);
  const runs = asMapping(valueOf(root, "runs"));
  if (root && runs && isCompositeAction(runs)) return new Workflow(root, runs, filename, source, "composite-action");
  return undefined;
}

/**
 * Whether `runs:` is a composite action's (`using: composite`, with `steps`). Other actions
 * (`node24`, `docker`) run code the file does not show: they are not ours to read.
 */
function isCompositeAction(runs: YAMLMapping): boolean {
  return scalarText(valueOf(runs, "using"))?.trim().toLowerCase() === "composite" && asSequence(valueOf(runs, "steps")) !== undefined;
}

/** An input a composite action declares (`inputs.<name>`), with its default. */
export interface ActionInput {
  readonly name: string;
  readonly pair: YAMLPair;
  /** `default:` as text; `undefined` when there is none (the input is then empty unless given). */
  readonly default: string | undefined;
  readonly defaultPair: YAMLPair | undefined;
}

/** The inputs a composite action declares, by lower-cased name (GitHub matches input names without case). */
export function actionInputs(workflow: Workflow): ReadonlyMap<string, ActionInput> {
  const inputs = new Map<string, ActionInput>();
  for (const [name, pair] of entries(asMapping(valueOf(workflow.node, "inputs")))) {
    const defaultPair = pairOf(asMapping(pair.value), "default");
    inputs.set(name.toLowerCase(), { name, pair, default: defaultPair ? (scalarText(defaultPair.value) ?? "") : undefined, defaultPair });
  }
  return inputs;
}
