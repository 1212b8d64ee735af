/**
 * The GitLab pipeline model: a pipeline's jobs, resolved as GitLab runs them (./pipeline.ts),
 * mapped onto the one job/step shape (../shape.ts) so that the publishing policy reads GitLab
 * jobs as it reads GitHub ones.
 *
 *   GitLabPipeline  CiFile: the linted file's pipeline; global `variables:` are its env
 *   GitLabJob       CiJob: variables (job over global, as `inherit:` allows), `id_tokens:`,
 *                   `environment:`, `cache:`, `image:`, `tags:`, `rules:`/`only:`, `when:`
 *   GitLabStep      CiStep: `before_script:` + `script:` (one shell, so a variable exported in
 *                   `before_script` reaches `script`), and `after_script:` (a shell of its own)
 *
 * Every fact keeps the node where it is written and its file (`GlSource`, `linted` when it is
 * the file ESLint lints): rules report and fix only there. A job whose configuration we cannot
 * fully read (`unknown`: an `extends:` target in an include we cannot see) answers `unknown`
 * where it matters.
 */
import type { AST } from "yaml-eslint-parser";
import { readShellScript, type ShellScript } from "../../shell/script.js";
import type { YAMLMapping, YAMLPair, YAMLScalar } from "../../yaml/nodes.js";
import type { CiContainer, CiEnvBlock, CiEnvLevel, CiEnvVar, CiFile, CiInput, CiJob, CiStep, Knowable } from "../shape.js";
import { resolveJobs, type PipelineData, type ResolvedJob } from "./pipeline.js";
import { mapOf, textOf, type GlEntry, type GlMap, type GlSource, type GlValue } from "./values.js";

/** One command line of a script section, where it is written. */
export interface GlCommand {
  readonly text: string;
  readonly node: AST.YAMLScalar | undefined;
  readonly source: GlSource | undefined;
}

/** A script section's commands (strings, lists, nested lists from `!reference`); `unknown` when part of it cannot be read. */
export interface GlScript {
  readonly entry: GlEntry;
  readonly commands: readonly GlCommand[];
  readonly unknown: boolean;
}

/** One `id_tokens:` entry: the variable's name, its audience(s), where it is written. */
export interface GlIdToken {
  readonly name: string;
  /** The `aud:` value: one audience, a list, or `unknown` (not static). */
  readonly audiences: readonly string[] | "unknown";
  /** Whether `aud:` is written as a list. */
  readonly audienceIsList: boolean;
  readonly entry: GlEntry;
  /** The `aud:` entry, when there is one. */
  readonly audEntry: GlEntry | undefined;
}

/** A CI/CD variable from `variables:` (global or job). */
export interface GlVariable extends CiEnvVar {
  readonly source: GlSource;
  readonly entry: GlEntry;
}

/** The script sections of a job. */
export type ScriptSection = "before_script" | "script" | "after_script";

export class GitLabPipeline implements CiFile {
  readonly jobs: readonly GitLabJob[];
  readonly env: GlEnvBlock;
  readonly name = undefined;
  readonly triggers: ReadonlySet<string> = new Set();
  /** The linted file's own source. */
  readonly linted: GlSource;

  constructor(
    /** The linted file's top-level mapping. */
    readonly node: YAMLMapping,
    readonly filename: string,
    readonly source: { readonly text: string; readonly ast: AST.YAMLProgram },
    readonly data: PipelineData,
  ) {
    this.linted = data.files.find((file) => file.linted) ?? data.root;
    this.env = new GlEnvBlock("workflow", data.top.entries.get("variables"));
    this.jobs = resolveJobs(data).map((job) => new GitLabJob(this, job));
  }

  /** Some of the pipeline is in files we cannot read: a job or key it lacks may still be there. */
  get unknownIncludes(): boolean {
    return this.data.unknownIncludes;
  }

  /** The `default:` entry of the merged pipeline, if any. */
  get defaultEntry(): GlEntry | undefined {
    return this.data.top.entries.get("default");
  }

  /** `default: id_tokens:` — tokens every job that does not opt out gets. */
  get defaultIdTokens(): readonly GlIdToken[] {
    const entry = mapOf(this.defaultEntry?.value)?.entries.get("id_tokens");
    return entry ? readIdTokens(entry) : [];
  }
}

/** A `variables:` block: its variables by name; `unknown` when the block is not a mapping. */
export class GlEnvBlock implements CiEnvBlock {
  readonly vars: ReadonlyMap<string, GlVariable>;
  readonly unknown: boolean;
  readonly pair: YAMLPair | undefined;

  constructor(
    readonly level: CiEnvLevel,
    readonly entry: GlEntry | undefined,
  ) {
    this.pair = entry?.pair;
    const vars = new Map<string, GlVariable>();
    const map = mapOf(entry?.value);
    for (const [name, variable] of map?.entries ?? []) {
      // `NAME: value`, or `NAME: {value: …, description: …, expand: …}`.
      const valued = mapOf(variable.value)?.entries.get("value") ?? variable;
      const scalar = valued.value.kind === "scalar" ? valued.value.node : undefined;
      vars.set(name, { name, level, pair: valued.pair, value: textOf(valued.value), scalar, isExpression: valued.value.kind === "unknown", source: valued.source, entry: variable });
    }
    this.vars = vars;
    this.unknown = entry !== undefined && ((map === undefined && !(entry.value.kind === "scalar" && entry.value.value === null)) || (map?.unknownKeys ?? false));
  }
}

export class GitLabJob implements CiJob {
  readonly id: string;
  readonly pair: YAMLPair;
  readonly node: YAMLMapping;
  readonly name: string | undefined;
  readonly env: GlEnvBlock;
  readonly steps: readonly GitLabStep[];
  readonly config: GlMap;
  /** Part of the job's configuration could not be read: stay quiet about what it lacks. */
  readonly unknown: boolean;
  /** The keys it takes from `default:` (or the deprecated globals). */
  readonly fromDefault: ReadonlySet<string>;
  readonly idTokens: readonly GlIdToken[];
  /** The `id_tokens:` entry (the job's own, or `default:`'s). */
  readonly idTokensEntry: GlEntry | undefined;
  /** Its `id_tokens:` holds an entry we cannot read (an interpolated name, a tag). */
  readonly idTokensUnknown: boolean;
  readonly calledWorkflow: string | undefined;
  readonly condition = undefined;
  readonly #inheritsVariables: boolean | ReadonlySet<string>;

  constructor(
    readonly workflow: GitLabPipeline,
    resolved: ResolvedJob,
  ) {
    this.id = resolved.id;
    this.pair = resolved.entry.pair;
    this.config = resolved.config;
    this.node = resolved.config.node ?? workflow.node;
    this.name = undefined;
    this.unknown = resolved.unknown;
    this.fromDefault = resolved.fromDefault;
    this.#inheritsVariables = resolved.inheritsVariables;
    this.env = new GlEnvBlock("job", this.entry("variables"));
    this.idTokensEntry = this.entry("id_tokens");
    this.idTokens = this.idTokensEntry ? readIdTokens(this.idTokensEntry) : [];
    const tokensValue = this.idTokensEntry?.value;
    this.idTokensUnknown = tokensValue !== undefined && (tokensValue.kind === "map" ? tokensValue.unknownKeys : tokensValue.kind !== "scalar");
    // A `trigger:` job runs another pipeline (a child or another project's): its identity and
    // jobs are not this file's.
    this.calledWorkflow = this.entry("trigger") ? "trigger" : undefined;
    const steps: GitLabStep[] = [];
    const before = this.script("before_script");
    const main = this.script("script");
    if (main) steps.push(new GitLabStep(this, steps.length, "script", before ? [before, main] : [main]));
    const after = this.script("after_script");
    if (after) steps.push(new GitLabStep(this, steps.length, "after_script", [after]));
    this.steps = steps;
  }

  /** The resolved entry of a job key (its own, inherited by `extends:`, or from `default:`). */
  entry(key: string): GlEntry | undefined {
    return this.config.entries.get(key);
  }

  /** A script section's commands. */
  script(section: ScriptSection): GlScript | undefined {
    const entry = this.entry(section);
    if (!entry) return undefined;
    const commands: GlCommand[] = [];
    let unknown = false;
    const collect = (value: GlValue, depth: number) => {
      if (depth > 10) {
        unknown = true;
        return;
      }
      if (value.kind === "scalar") {
        if (value.value !== null) commands.push({ text: String(value.value), node: value.node, source: value.source });
      } else if (value.kind === "seq") {
        for (const item of value.items) collect(item, depth + 1);
      } else unknown = true;
    };
    collect(entry.value, 0);
    return { entry, commands, unknown };
  }

  /** Global variables that reach the job (`inherit: variables:`). */
  get globalEnv(): GlEnvBlock | undefined {
    const inherits = this.#inheritsVariables;
    if (inherits === false) return undefined;
    if (inherits === true) return this.workflow.env;
    const block = this.workflow.env;
    const filtered = new Map([...block.vars].filter(([name]) => inherits.has(name)));
    return Object.assign(Object.create(GlEnvBlock.prototype) as GlEnvBlock, { ...block, vars: filtered });
  }

  get envChain(): readonly CiEnvBlock[] {
    const global = this.globalEnv;
    return global ? [global, this.env] : [this.env];
  }

  /** The runner tags (`tags:`); `undefined` when absent or not static. */
  get runsOn(): readonly string[] | undefined {
    const value = this.entry("tags")?.value;
    if (value?.kind !== "seq") return undefined;
    const tags: string[] = [];
    for (const item of value.items) {
      const tag = textOf(item);
      if (tag === undefined || tag.includes("$")) return undefined;
      tags.push(tag);
    }
    return tags;
  }

  /**
   * Whether the job runs on a self-managed runner: GitLab.com's hosted runners are picked by their
   * `saas-…` tags, so a job tagged otherwise runs on a runner of the project's own (`true`); only
   * `saas-` tags, a hosted runner (`false`); no tags, or tags decided at run time, `unknown`
   * (whether untagged jobs reach hosted runners is the project's setting).
   */
  get selfHosted(): Knowable<boolean> {
    const tags = this.runsOn;
    if (tags === undefined || tags.length === 0) return "unknown";
    return tags.some((tag) => !tag.startsWith("saas-"));
  }

  get environmentPair(): YAMLPair | undefined {
    return this.entry("environment")?.pair;
  }

  /** The environment's name (`environment: release` or `environment: {name: release}`); `undefined` when absent or not static. */
  get environment(): string | undefined {
    const value = this.entry("environment")?.value;
    const name = textOf(value) ?? textOf(mapOf(value)?.entries.get("name")?.value);
    return name === undefined || name.includes("$") ? undefined : name;
  }

  /** Whether the job gets an OIDC token: any `id_tokens:` entry; `unknown` when its configuration is not all readable. */
  get idTokenGrant(): Knowable<boolean> {
    if (this.idTokens.length > 0) return true;
    return this.unknown || this.idTokensUnknown || this.workflow.unknownIncludes ? "unknown" : false;
  }

  /** `id_tokens:` name → audience (a single audience; `undefined` for a list or an unknown one). */
  get idTokenNames(): ReadonlyMap<string, string | undefined> {
    return new Map(this.idTokens.map((token) => [token.name, Array.isArray(token.audiences) && token.audiences.length === 1 && !token.audienceIsList ? token.audiences[0] : undefined]));
  }

  get container(): CiContainer | undefined {
    const entry = this.entry("image");
    if (!entry) return undefined;
    return { service: undefined, pair: entry.pair, image: textOf(entry.value) ?? textOf(mapOf(entry.value)?.entries.get("name")?.value), credentials: undefined };
  }

  /** The job's `image:` name, when static. */
  get image(): string | undefined {
    const image = this.container?.image;
    return image === undefined || image.includes("$") ? undefined : image;
  }

  get services(): readonly CiContainer[] {
    const value = this.entry("services")?.value;
    if (value?.kind !== "seq") return [];
    return value.items.map((item, index) => ({ service: String(index), pair: this.entry("services")!.pair, image: textOf(item) ?? textOf(mapOf(item)?.entries.get("name")?.value), credentials: undefined }));
  }

  get needs(): readonly string[] {
    const value = this.entry("needs")?.value;
    if (value?.kind !== "seq") return [];
    return value.items.flatMap((item) => textOf(item) ?? textOf(mapOf(item)?.entries.get("job")?.value) ?? []);
  }

  /** The shell of its scripts: a POSIX shell, or PowerShell on a Windows runner; `undefined` when unknown. */
  get defaultShell(): string | undefined {
    const tags = this.runsOn;
    if (tags?.some((tag) => /windows/iu.test(tag))) return "pwsh";
    return "bash";
  }

  /** `when: manual` (at the job or in one of its rules). */
  get manual(): boolean {
    if (textOf(this.entry("when")?.value) === "manual") return true;
    const rules = this.entry("rules")?.value;
    return rules?.kind === "seq" && rules.items.some((rule) => textOf(mapOf(rule)?.entries.get("when")?.value) === "manual");
  }

  /** Whether the job declares when it runs (`rules:` or `only:`/`except:`). */
  get hasRunConditions(): boolean {
    return this.entry("rules") !== undefined || this.entry("only") !== undefined || this.entry("except") !== undefined;
  }

  /** The job's own key is written in the linted file. */
  get inLintedFile(): boolean {
    return this.pair.loc !== undefined && sourceOfNode(this.workflow, this.pair) === this.workflow.linted;
  }

  get place(): string {
    return `job '${this.id}'`;
  }

  get keyNode(): AST.YAMLNode {
    return this.pair.key ?? this.pair;
  }
}

/** The file a node of the pipeline belongs to (by its program). */
export function sourceOfNode(pipeline: GitLabPipeline, node: AST.YAMLNode): GlSource | undefined {
  let current: AST.YAMLNode | null = node;
  while (current && current.type !== "Program") current = current.parent as AST.YAMLNode | null;
  return pipeline.data.files.find((file) => file.ast === current);
}

/**
 * An audience as written, or `undefined` when it is not known before the job runs: GitLab expands
 * CI/CD variables in `aud` since 16.1 (gitlab-org/gitlab!122668), so one with a `$` is decided
 * then, as the model takes a tag, an environment or an image with one.
 */
function audienceOf(value: GlValue | undefined): string | undefined {
  const text = textOf(value);
  return text === undefined || text.includes("$") ? undefined : text;
}

function readIdTokens(entry: GlEntry): GlIdToken[] {
  const map = mapOf(entry.value);
  const tokens: GlIdToken[] = [];
  for (const [name, token] of map?.entries ?? []) {
    const audEntry = mapOf(token.value)?.entries.get("aud");
    const aud = audEntry?.value;
    let audiences: readonly string[] | "unknown" = "unknown";
    const one = audienceOf(aud);
    if (one !== undefined) audiences = [one];
    else if (aud?.kind === "seq") {
      const list = aud.items.map(audienceOf);
      audiences = list.every((item): item is string => item !== undefined) ? list : "unknown";
    }
    tokens.push({ name, audiences, audienceIsList: aud?.kind === "seq", entry: token, audEntry });
  }
  return tokens;
}

export class GitLabStep implements CiStep {
  readonly run: ShellScript | undefined;
  readonly runPair: YAMLPair;
  readonly env: GlEnvBlock;
  readonly id = undefined;
  readonly uses = undefined;
  readonly usesPair = undefined;
  readonly action = undefined;
  readonly usesComment = undefined;
  readonly usesScalar = undefined;
  readonly usesShared = false;
  readonly usesLineComment = undefined;
  readonly inputs: ReadonlyMap<string, CiInput> = new Map();
  readonly withPair = undefined;
  readonly condition = undefined;
  /** Some of its commands could not be read. */
  readonly unknown: boolean;
  readonly commands: readonly GlCommand[];

  constructor(
    readonly job: GitLabJob,
    readonly index: number,
    /** `script` (with `before_script` before it) or `after_script`. */
    readonly name: string,
    readonly sections: readonly GlScript[],
  ) {
    this.commands = sections.flatMap((section) => section.commands);
    this.unknown = sections.some((section) => section.unknown);
    this.run = readShellScript(this.commands.map((command) => command.text).join("\n"), this.shell === "pwsh" ? "powershell" : "sh");
    this.runPair = sections.at(-1)!.entry.pair;
    this.env = new GlEnvBlock("step", undefined);
  }

  get node(): YAMLMapping {
    return this.job.node;
  }

  get shell(): string | undefined {
    return this.job.defaultShell;
  }

  envVar(name: string): CiEnvVar | "unknown" | undefined {
    const own = this.job.env.vars.get(name);
    if (own) return own;
    if (this.job.env.unknown) return "unknown";
    const global = this.job.globalEnv;
    const inherited = global?.vars.get(name);
    if (inherited) return inherited;
    if (global?.unknown) return "unknown";
    return undefined;
  }

  get stepsBefore(): readonly CiStep[] {
    return this.job.steps.slice(0, this.index);
  }

  get stepsThrough(): readonly CiStep[] {
    return this.job.steps.slice(0, this.index + 1);
  }

  get label(): string {
    return `\`${this.name}\``;
  }

  get named(): string {
    return `\`${this.name}\``;
  }

  get place(): string {
    return `\`${this.name}\` of ${this.job.place}`;
  }

  get keyNode(): AST.YAMLNode {
    return this.runPair.key ?? this.runPair;
  }

  /** The command (and its node) whose text holds `needle`, for reports that point at one line. */
  commandWith(needle: string): GlCommand | undefined {
    return this.commands.find((command) => command.text.includes(needle));
  }
}

/** A scalar node's value entry, for callers that need the pair. */
export type { YAMLScalar };
