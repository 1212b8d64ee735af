/**
 * Recognises the steps that publish packages — a publishing command in a `run:` script or a
 * publishing action — with the registry and index they publish to and what they authenticate
 * with. The facts come from the registry modules (lib/registries); nothing here names one.
 *
 * `publishesOf(step)` answers once per step and keeps the answer as long as the step lives.
 */
import type { CiStep as Step } from "../ci/shape.js";
import type { ShellCommand, ShellScript } from "../shell/script.js";
import { readShellScript } from "../shell/script.js";
import { hasOption, optionUses, optionValue } from "../shell/options.js";
import { programName, unwrapRunners } from "../shell/commands.js";
import { isExpression } from "../ci/github/expressions.js";
import { workspaceOf } from "../workspace/index.js";
import { FileMemo } from "../data/file-memo.js";
import { followPackageScripts, followScriptFile, joinDirectory, mayFollow, projectFiles, stepDirectory, type Trail } from "./follow.js";
import {
  COMMAND_PUBLISHERS,
  RUNNERS,
  actionPublishersOf,
  commandPublisherOf,
  exchangerOf,
  indexById,
  type ActionPublisher,
  type AnyActionPublisher,
  type CommandPublisher,
  type CredentialSource,
  type EnvName,
  type FlagReader,
  type PackageIndex,
  type ProjectAnswer,
  type RegisteredActionPublisher,
  type RegisteredCommandPublisher,
  type Registry,
} from "../registries/index.js";

export type { CredentialSource } from "../registries/index.js";

/**
 * How the upload authenticates:
 * - `trusted-publishing`: no long-lived credential reaches it, and the tool exchanges an OIDC token;
 * - `credential`: a token or password reaches it (from a secret or written in the file);
 * - `unknown`: decided at run time (an env block that is an expression, `$GITHUB_ENV` writes).
 */
export type Authentication = "trusted-publishing" | "credential" | "unknown";

/**
 * Where an upload goes: the id of one of the registry's indexes (its `id`), `custom`
 * for another host (a private index), `unknown` when it is decided at run time (an expression, a
 * config file).
 */
export type IndexTarget = string;

export interface Publish {
  readonly step: Step;
  /** The registry whose tool or action publishes. */
  readonly registry: Registry;
  /** The command or action that publishes. */
  readonly publisher: CommandPublisher | AnyActionPublisher;
  /** The publisher's `tool`. */
  readonly tool: string;
  readonly target: IndexTarget;
  /** The index `target` names; `undefined` for `custom` and `unknown`. */
  readonly index: PackageIndex | undefined;
  /** The host of the upload URL, where the workflow or the project's files name one (`npm.pkg.github.com`). */
  readonly host?: string;
  readonly authentication: Authentication;
  readonly credentials: readonly CredentialSource[];
  /** Whether the tool itself can do trusted publishing (poetry and hatch cannot). */
  readonly supportsTrustedPublishing: boolean;
  /** For `run:` steps: the command that uploads. */
  readonly command: ShellCommand | undefined;
  /** How the upload is invoked, without its arguments: `<program> <subcommand>`, or the step's label for an action. */
  readonly invocation: string;
  /**
   * The step whose exchange of the job's OIDC token the upload authenticates with (an
   * exchanger of the registry: `rust-lang/crates-io-auth-action`, `NuGet/login`), if any.
   */
  readonly exchange: Step | undefined;
  /**
   * The files the step runs on the way to the upload, when it is not in the step itself:
   * `package.json › release` (a package script), `scripts/publish.sh` (a script file), in order.
   * Empty for an upload the step runs directly. A migration edits the workflow only.
   */
  readonly through: readonly string[];
  /**
   * What makes the tool ask the job for an OIDC token whatever it authenticates with, as
   * messages name it (`--provenance`, `NPM_CONFIG_PROVENANCE=true`): the registry's
   * `idTokenOptions`. Without `id-token: write` the command fails.
   */
  readonly idTokenOption: string | undefined;
}

/** Per step, as long as its file's model lives. */
const stepPublishes = new FileMemo<Step, readonly Publish[]>((step) => recognisePublishes(step));

/** The publishing a step does, read once per step (cached for the step's lifetime). */
export function publishesOf(step: Step): readonly Publish[] {
  return stepPublishes.get(step.job.workflow, step);
}

function recognisePublishes(step: Step): Publish[] {
  const actions = actionPublishersOf(step.action);
  if (actions.length > 0) {
    const scripted = actions.filter((action): action is Extract<RegisteredActionPublisher, { kind: "runs-script" }> => action.kind === "runs-script");
    if (scripted.length > 0) return scriptActionPublishes(step, scripted);
    const action = actions[0]!;
    const publish = action.kind === "inputs" ? inputsActionPublish(step, action, action.registry) : action.kind === "runs-command" ? commandActionPublish(step, action, action.registry) : undefined;
    return publish ? [publish] : [];
  }
  if (step.run) {
    // Most scripts name no publisher (and, without files to follow, nothing to follow): no trail.
    const following = workspaceOf(step.job.workflow.filename) !== undefined;
    if (!step.run.mayHave((line) => mayRunPublisher(line) || (following && mayFollow(line)))) return [];
    return commandPublishes(startTrail(step, stepDirectory(step)), step.run);
  }
  return [];
}

/** Where the step's own commands start: no files followed yet. */
function startTrail(step: Step, cwd: string | undefined): Trail {
  return { step, workspace: workspaceOf(step.job.workflow.filename), cwd, outer: [], hops: [], invocation: undefined, depth: 0, fileFollowed: false, unresolved: { value: false } };
}

/** Whether a value counts as given: set and not empty. A `$VAR` reference counts. */
function isGiven(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== "";
}

/** What a target is as `Publish` fields. */
function targetFields(registry: Registry, target: IndexTarget): { target: IndexTarget; index: PackageIndex | undefined } {
  return { target, index: indexById(registry, target) };
}

/** The host of a URL, lower-case; `undefined` when it is not a URL we can read. */
function hostOf(url: string | undefined): string | undefined {
  if (url === undefined || url.includes("$")) return undefined;
  try {
    return new URL(url.trim()).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Classifies an upload URL against a registry's index hosts. Anything we cannot read statically is `unknown`. */
export function targetOfUrl(url: string, registry: Registry): IndexTarget {
  const text = url.trim();
  if (text.includes("$")) return "unknown";
  let host: string;
  try {
    host = new URL(text).hostname.toLowerCase();
  } catch {
    return "unknown";
  }
  return registry.indexes.find((index) => index.hosts.includes(host))?.id ?? "custom";
}

function inputsActionPublish(step: Step, action: ActionPublisher, registry: Registry): Publish | undefined {
  if (action.publishes && !action.publishes(step)) return undefined;
  const credentials: CredentialSource[] = [];
  let unknown = false;
  if (action.disablesTrustedPublishing?.(step)) unknown = true;
  for (const name of action.credentialInputs) {
    const input = step.inputs.get(name);
    if (input && isGiven(input.value)) credentials.push({ kind: "input", name: input.name, input });
    // An input that is not a scalar (a mapping, an unresolvable alias) is unknowable.
    else if (input && input.value === undefined && input.pair.value !== null) unknown = true;
  }
  const fromEnv = actionCredentials(step, action.credentialEnv ?? []);
  credentials.push(...fromEnv.credentials);
  if (fromEnv.unknown) unknown = true;
  for (const name of action.usernameInputs) {
    const user = step.inputs.get(name);
    if (user && isGiven(user.value) && user.value !== registry.tokenUsername) {
      if (user.isExpression) unknown = true;
      else credentials.push({ kind: "username", name: user.name });
    }
  }
  const url = action.urlInputs.map((name) => step.inputs.get(name)).find((input) => input);
  const target = url
    ? isGiven(url.value)
      ? targetOfUrl(url.value!, registry)
      : url.pair.value === null || url.value === ""
        ? action.defaultIndex
        : "unknown"
    : action.defaultIndex;
  const exchanged = withoutExchanged(step, registry, credentials);
  const host = target === "custom" ? hostOf(url?.value) : undefined;
  return {
    step,
    registry,
    publisher: action,
    tool: action.tool,
    ...targetFields(registry, target),
    ...(host === undefined ? {} : { host }),
    authentication: exchanged.authentication ?? (exchanged.credentials.length > 0 ? "credential" : unknown ? "unknown" : action.trustedPublishing ? "trusted-publishing" : "unknown"),
    credentials: exchanged.credentials,
    supportsTrustedPublishing: action.trustedPublishing,
    command: undefined,
    invocation: step.label,
    exchange: exchanged.exchange,
    through: [],
    idTokenOption: undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Exchangers: a credential fed from an exchanger's output, or a job an exchanger configured

/** `${{ steps.<id>.outputs.<output> }}`, the whole value. */
const STEP_OUTPUT = /^\s*\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}\s*$/u;
/** `$NAME`, `${NAME}`, PowerShell's `$env:NAME`, the whole value. */
const VARIABLE = /^\s*\$(?:env:)?\{?([A-Z_]\w*)\}?\s*$/iu;

/** The text a credential source gives, where it has one. */
function credentialText(source: CredentialSource): string | undefined {
  switch (source.kind) {
    case "env":
      return source.variable.value;
    case "input":
      return source.input.value;
    case "flag":
    case "script-variable":
      return source.value;
    default:
      return undefined;
  }
}

/** Whether an exchanger step of the registry may serve an upload to this target (its URL input, if any, names the same index). */
function exchangesFor(exchangerStep: Step, registry: Registry, target: IndexTarget | undefined): boolean {
  const exchanger = exchangerOf(exchangerStep.action);
  if (!exchanger || exchanger.registry !== registry) return false;
  if (exchanger.credentialInputs.some((name) => isGiven(exchangerStep.inputs.get(name)?.value))) return false;
  const url = exchanger.urlInputs.map((name) => exchangerStep.inputs.get(name)?.value).find(isGiven);
  const exchangeTarget = url === undefined ? registry.indexes[0].id : targetOfUrl(url, registry);
  return target === undefined || exchangeTarget === target;
}

/**
 * The exchanger step whose output a value is (`${{ steps.auth.outputs.token }}`, or `$VAR` whose
 * env value is one): an exchanger of the registry in the same job with that output. A reference
 * to an id that no step has still counts when an exchanger with that output is in the job: the
 * credential is meant to be short-lived (`valid-trusted-publishing` reports the broken reference).
 */
export function exchangerFeeding(step: Step, registry: Registry, value: string | undefined, depth = 0): Step | undefined {
  if (value === undefined) return undefined;
  const output = STEP_OUTPUT.exec(value);
  if (output) {
    const [, id, name] = output as unknown as [string, string, string];
    const wanted = name.toLowerCase();
    const candidates = step.job.steps.filter((other) => {
      const exchanger = exchangerOf(other.action);
      return exchanger?.registry === registry && exchanger.tokenOutputs.some((out) => out.toLowerCase() === wanted);
    });
    return candidates.find((other) => other.id === id) ?? (step.job.steps.some((other) => other.id === id) ? undefined : candidates[0]);
  }
  const variable = depth === 0 ? VARIABLE.exec(value)?.[1] : undefined;
  if (variable) {
    const found = step.envVar(variable);
    return found && found !== "unknown" ? exchangerFeeding(step, registry, found.value, depth + 1) : undefined;
  }
  return undefined;
}

/**
 * Credentials with those fed from an exchanger's output taken out: when every credential was
 * one, the upload authenticates by trusted publishing through that exchanger.
 */
function withoutExchanged(
  step: Step,
  registry: Registry,
  credentials: readonly CredentialSource[],
): { credentials: CredentialSource[]; exchange: Step | undefined; authentication: Authentication | undefined } {
  let exchange: Step | undefined;
  const rest = credentials.filter((credential) => {
    const feeding = exchangerFeeding(step, registry, credentialText(credential)) ?? mintedFromNamedToken(step, registry, credential);
    exchange ??= feeding;
    return feeding === undefined;
  });
  return { credentials: rest, exchange, authentication: exchange && rest.length === 0 ? "trusted-publishing" : undefined };
}

/** `$(…)` or a backquoted command substitution: a value computed when the script runs. */
const COMMAND_SUBSTITUTION = /\$\(|`/u;

/**
 * The step itself, when it mints the credential from one of the job's named OIDC tokens (GitLab's
 * `id_tokens:`): the job declares a token for the registry (by its variable or its audience), and
 * the credential is computed by the script (`$(…)`, directly or through a variable the script
 * assigns) or the script calls the registry's exchange endpoint. Such a credential is short-lived
 * (PyPI's mint, crates.io's and NuGet's documented exchange scripts), never a long-lived token.
 */
function mintedFromNamedToken(step: Step, registry: Registry, credential: CredentialSource): Step | undefined {
  const facts = registry.namedIdTokens;
  const names = step.job.idTokenNames;
  if (!facts || !names || names.size === 0 || credential.kind === "username" || credential.kind === "tool-config" || credential.kind === "config-file") return undefined;
  const registryToken = [...names].some(([name, audience]) =>
    facts.tokens.some((token) => token.variable === name || token.audience === audience || (audience !== undefined && token.wrongAudiences?.includes(audience))),
  );
  if (!registryToken) return undefined;
  const script = step.run;
  if (script && facts.exchangeEndpoint.test(script.text)) return step;
  const value = credentialText(credential);
  if (value === undefined) return undefined;
  if (COMMAND_SUBSTITUTION.test(value)) return step;
  // `NAME=$(…)` anywhere in the script (a later `NAME="$NAME" cmd` prefix only passes it on).
  const variables = [VARIABLE.exec(value)?.[1], credential.kind === "script-variable" ? credential.name : undefined];
  const computed = (name: string | undefined) => name !== undefined && /^[A-Z_]\w*$/iu.test(name) && new RegExp(`(?<![\\w$])${name}=["']?(?:\\$\\(|\`)`, "u").test(script?.text ?? "");
  return variables.some(computed) ? step : undefined;
}

/** An earlier step of the job that exchanged the OIDC token and configured the job for the registry's publishers. */
function configuringExchange(step: Step, registry: Registry, target: IndexTarget): Step | undefined {
  if (registry.exchangers.every((exchanger) => !exchanger.configuresJob)) return undefined;
  return step.stepsBefore.find((other) => exchangerOf(other.action)?.configuresJob === true && exchangesFor(other, registry, target));
}

/** A long-lived credential an earlier configuring step of the job was given instead (`api-token`). */
function configuredCredential(step: Step, registry: Registry): CredentialSource | undefined {
  for (const other of step.stepsBefore) {
    const exchanger = exchangerOf(other.action);
    if (exchanger?.registry !== registry || !exchanger.configuresJob) continue;
    for (const name of exchanger.credentialInputs) {
      const input = other.inputs.get(name);
      if (input && isGiven(input.value)) return { kind: "input", name: input.name, input, step: other };
    }
  }
  return undefined;
}

/**
 * An action that runs command lines it is given (`changesets/action`'s `publish:` input,
 * covector's `.changes/config.json`): the publishing commands in them, judged like a `run:` script
 * of the step (package scripts and script files followed), with the variables the action reads
 * its credential from. Without them, the action's own publish if it has one; when they cannot be
 * followed (no workspace, a package.json that is not there), an upload with the credential the
 * action reads, if the step gives it one (`unresolved: "credential-publish"`).
 */
function scriptActionPublishes(step: Step, actions: readonly Extract<RegisteredActionPublisher, { kind: "runs-script" }>[]): Publish[] {
  const action = actions[0]!;
  if (action.publishes && !action.publishes(step)) return [];
  const directory = action.workingDirectoryInput === undefined ? "" : relativeDirectory(step.inputs.get(action.workingDirectoryInput)?.value ?? "");
  const trail = startTrail(step, directory);
  const input = action.scriptInputs.map((name) => step.inputs.get(name)).find((found) => found !== undefined && isGiven(found.value));
  let scripts: readonly string[] | "unknown" | undefined;
  if (input) scripts = [input.value!];
  else if (action.projectScripts) scripts = trail.workspace && trail.cwd !== undefined ? action.projectScripts(projectFiles(trail.workspace, trail.cwd)) : "unknown";
  if (scripts !== undefined && scripts !== "unknown") {
    // The commands see the step's environment, where their own credential variables are read.
    const found = scripts.flatMap((script) => commandPublishes(trail, readShellScript(script)));
    // Without a workspace nothing was followed: commands that publish nothing we recognise may
    // still publish (`pnpm release`), so the action's own credential use stands.
    if (found.length > 0 || (trail.workspace !== undefined && !trail.unresolved.value)) return found;
  }
  if (scripts === undefined && action.selfPublishes) {
    const { credentials, unknown } = actionCredentials(step, action.credentialEnv);
    return [actionPublish(step, action, credentials.length > 0 ? "credential" : unknown ? "unknown" : action.trustedPublishing ? "trusted-publishing" : "unknown", credentials)];
  }
  if (scripts === undefined) return [];
  // The commands could not be followed: what the action itself does with the credential it reads.
  return actions.flatMap((each) => {
    if (each.unresolved !== "credential-publish") return [];
    const { credentials } = actionCredentials(step, each.credentialEnv);
    const stored = credentials.length === 0 ? each.storedCredential?.(step) : undefined;
    if (stored) credentials.push(stored);
    return credentials.length > 0 ? [actionPublish(step, each, "credential", credentials)] : [];
  });
}

/** A publish an action does by itself, to its registry's first index. */
function actionPublish(step: Step, action: RegisteredActionPublisher, authentication: Authentication, credentials: CredentialSource[]): Publish {
  const { registry } = action;
  const trustedPublishing = "trustedPublishing" in action && action.trustedPublishing;
  return {
    step,
    registry,
    publisher: action,
    tool: action.tool,
    ...targetFields(registry, registry.indexes[0].id),
    authentication,
    credentials,
    supportsTrustedPublishing: trustedPublishing || registry.exchangers.length > 0,
    command: undefined,
    invocation: step.label,
    exchange: undefined,
    through: [],
    idTokenOption: undefined,
  };
}

/** A directory input (`cwd: packages/app`, `./code`) relative to the repository root; `undefined` when it is decided at run time. */
function relativeDirectory(value: string): string | undefined {
  return joinDirectory("", value.trim());
}

/** The credentials an action reads from the step's environment. */
function actionCredentials(step: Step, names: readonly EnvName[]): { credentials: CredentialSource[]; unknown: boolean } {
  const lookup = variableLookup(step, []);
  const credentials: CredentialSource[] = [];
  let unknown = false;
  for (const name of names) {
    const found = lookup(name);
    if (found === "unknown") unknown = true;
    else if (found) credentials.push(found);
  }
  return { credentials, unknown };
}

function commandActionPublish(step: Step, action: Extract<AnyActionPublisher, { kind: "runs-command" }>, registry: Registry): Publish | undefined {
  const publisher = commandPublisherOf(registry, action.runs);
  if (!publisher || (action.publishes && !action.publishes(step))) return undefined;
  const command = action.commandInput === undefined ? publisher.subcommands[0] : step.inputs.get(action.commandInput)?.value?.trim();
  if (command === undefined || !publisher.subcommands.includes(command)) return undefined;
  const args = action.argsInput === undefined ? "" : (step.inputs.get(action.argsInput)?.value ?? "");
  const words = [publisher.program, ...(command === "" ? [] : [command])];
  const argv = readShellScript(`${words.join(" ")} ${args.replace(/\s+/gu, " ")}`).commands[0]?.argv ?? [];
  const options: string[] = [];
  for (const [name, { option, when }] of Object.entries(action.inputOptions ?? {})) {
    const value = step.inputs.get(name)?.value?.trim();
    if (value === undefined || value === "") continue;
    if (when === "true" && value !== "true") continue;
    options.push(...(when === undefined ? [option, value] : [option]));
  }
  const credentials: CredentialSource[] = [];
  for (const name of action.credentialInputs ?? []) {
    const input = step.inputs.get(name);
    if (input && isGiven(input.value)) credentials.push({ kind: "input", name: input.name, input });
  }
  const directory = action.workingDirectoryInput === undefined ? "" : relativeDirectory(step.inputs.get(action.workingDirectoryInput)?.value ?? "");
  const result = judgeCommand(startTrail(step, directory), { ...publisher, registry }, [...argv.slice(words.length), ...options], undefined, undefined, action.displayName, credentials);
  return result && { ...result, publisher: action, tool: action.tool };
}

const escapeRegExp = (text: string) => text.replace(/[$()*+.?[\\\]^{|}]/gu, "\\$&");
const programsOf = (publisher: CommandPublisher) => [publisher.program, ...(publisher.aliases ?? [])];

/**
 * Subcommands too common to pre-select a line by (`cargo build --release` is everywhere): a line
 * is pre-selected by their program's name instead (`release-plz`).
 */
const COMMON_SUBCOMMANDS = new Set(["release"]);
const bySubcommand = (publisher: CommandPublisher) => publisher.subcommands.some((subcommand) => subcommand !== "" && !COMMON_SUBCOMMANDS.has(subcommand.split(" ")[0]!));

/** A line that could run a publisher at all (a cheap test before tokenizing it). */
const PUBLISHER_PROGRAM = new RegExp(
  `(?<![\\w-])(?:${[...new Set(COMMAND_PUBLISHERS.filter(bySubcommand).flatMap(programsOf))].map(escapeRegExp).join("|")})(?![\\w-])`,
  "u",
);

const PUBLISHER_SUBCOMMAND = new RegExp(
  `\\b(?:${[...new Set(COMMAND_PUBLISHERS.flatMap((publisher) => publisher.subcommands).filter((subcommand) => subcommand !== "" && !COMMON_SUBCOMMANDS.has(subcommand.split(" ")[0]!)))].map((subcommand) => subcommand.split(" ").map(escapeRegExp).join("\\s+")).join("|")})\\b`,
  "u",
);

/** Programs that publish by themselves, with no subcommand (`semantic-release`), or with a common one (`release-plz release`). */
const PROGRAM_ONLY_NAMES = [...new Set(COMMAND_PUBLISHERS.filter((publisher) => !bySubcommand(publisher)).flatMap(programsOf))];
const PROGRAM_ONLY = new RegExp(`(?<![\\w-])(?:${PROGRAM_ONLY_NAMES.map(escapeRegExp).join("|")})(?![\\w-])`, "u");
/** Their names without boundaries (a name inside another counts once): a cheap test before the one with boundaries, as most lines name none. */
const PROGRAM_ONLY_HINT = new RegExp(PROGRAM_ONLY_NAMES.filter((name) => !PROGRAM_ONLY_NAMES.some((other) => other !== name && name.includes(other))).map(escapeRegExp).join("|"), "u");
const mayRunProgramOnly = (line: string) => PROGRAM_ONLY_HINT.test(line) && PROGRAM_ONLY.test(line);

/** Whether a script line may run a publisher's upload: a cheap test before tokenizing it. */
export function mayRunPublisher(line: string): boolean {
  return (PUBLISHER_SUBCOMMAND.test(line) && PUBLISHER_PROGRAM.test(line)) || mayRunProgramOnly(line);
}

/**
 * The uploads a script runs: its publishing commands, and, where the linted file has a workspace,
 * the package scripts (`npm run release`) and script files (`./scripts/publish.sh`) it runs,
 * followed through the workspace (./follow.ts). `cd <dir>` moves where later commands run.
 */
export function commandPublishes(trail: Trail, script: ShellScript, file?: string): Publish[] {
  const publishes: Publish[] = [];
  const following = trail.workspace !== undefined;
  let cwd = trail.cwd;
  const here = () => (cwd === trail.cwd ? trail : { ...trail, cwd });
  for (const command of script.commandsWhere((line) => mayRunPublisher(line) || (following && mayFollow(line)))) {
    const argv = command.argv;
    if (following && argv[0] === "cd") {
      cwd = changedDirectory(cwd, argv[1]);
      continue;
    }
    if (following) {
      const followed = followPackageScripts(here(), command, script, file, commandPublishes);
      if (followed) {
        publishes.push(...followed);
        continue;
      }
    }
    const match = publisherCommand(argv);
    if (match) {
      const invocation = `${match.program} ${match.subcommand}`.trim();
      const publish = judgeCommand(here(), match.publisher, match.args, command, script, invocation, [], file);
      if (publish) publishes.push(publish);
      continue;
    }
    if (following && !trail.fileFollowed) publishes.push(...followScriptFile(here(), command, script, file, commandPublishes));
  }
  return publishes;
}

/** The directory after `cd <dir>` (relative to the root); `undefined` when it cannot be read (`cd`, `cd -`, `cd $DIR`). */
function changedDirectory(cwd: string | undefined, target: string | undefined): string | undefined {
  return cwd === undefined || target === undefined || target === "-" || target === "" ? undefined : joinDirectory(cwd, target);
}

/** Global options before a subcommand (`uv --quiet publish`): skip flags, and values of `--directory`-like options. */
const GLOBAL_OPTIONS_WITH_VALUE = ["--directory", "--project", "--config-file", "--cache-dir", "-C", "--color"];

function skipGlobalOptions(words: readonly string[], publisher: CommandPublisher): readonly string[] {
  const own = publisher.globalOptionsWithValue ?? [];
  const withValue = (word: string) => GLOBAL_OPTIONS_WITH_VALUE.includes(word) || own.includes(word);
  let i = 0;
  // Options, and a rustup toolchain (`cargo +nightly publish`).
  while (i < words.length && (words[i]!.startsWith("-") || /^\+[\w.-]+$/u.test(words[i]!))) i += withValue(words[i]!) ? 2 : 1;
  return words.slice(i);
}

/** The options of a publish command, read with the shared option reader. */
function flagReader(args: readonly string[], ignoreCase = false): FlagReader {
  if (ignoreCase) {
    const uses = (names: readonly string[]) => optionUses(args, names, { ignoreCase });
    const lower = new Set(args.map((arg) => arg.toLowerCase()));
    return { value: (names) => uses(names).at(-1)?.value, has: (names) => names.some((name) => lower.has(name.toLowerCase())), uses };
  }
  return { value: (names) => optionValue(args, names), has: (names) => hasOption(args, names), uses: (names) => optionUses(args, names) };
}

/** A script on the way to a command, with the command in it that led on (and the file it is in, if not the step). */
interface Scope {
  readonly command: ShellCommand | undefined;
  readonly script: ShellScript | undefined;
  readonly file: string | undefined;
}

/**
 * Looks a variable up as the command sees it: its own assignments and its script's, then those of
 * each script on the way to it (a package script sees what `NPM_TOKEN=… npm run release` set), then
 * the step's env.
 */
function variableLookup(step: Step, scopes: readonly Scope[]) {
  return (name: EnvName): CredentialSource | "unknown" | undefined => {
    const matches = (candidate: string) => (typeof name === "string" ? candidate === name : name.test(candidate));
    for (const { command, script, file } of scopes) {
      const where = file === undefined ? {} : { file };
      for (const [candidate, value] of command?.assignments ?? []) {
        if (matches(candidate) && isGiven(value)) return { kind: "script-variable", name: candidate, value, ...where };
      }
      const assigned = script && (typeof name === "string" ? new Map([[name, script.assignment(name)]]) : script.assignmentsWhere((n) => name.test(n)));
      for (const [candidate, value] of assigned ?? []) {
        if (value !== undefined && isGiven(value)) return { kind: "script-variable", name: candidate, value, ...where };
      }
    }
    if (typeof name === "string") {
      const variable = step.envVar(name);
      if (variable === "unknown") return "unknown";
      if (variable && isGiven(variable.value)) return { kind: "env", name, variable };
      if (variable && variable.value === undefined && variable.pair.value !== null) return "unknown";
      return undefined;
    }
    for (const block of [step.env, step.job.env, step.job.workflow.env]) {
      for (const [candidate, variable] of block.vars) {
        if (name.test(candidate) && isGiven(variable.value)) return { kind: "env", name: candidate, variable };
      }
    }
    return undefined;
  };
}

function judgeCommand(
  trail: Trail,
  publisher: RegisteredCommandPublisher,
  args: readonly string[],
  command: ShellCommand | undefined,
  script: ShellScript | undefined,
  invocation: string,
  given: readonly CredentialSource[] = [],
  file?: string,
): Publish | undefined {
  const { step } = trail;
  const { registry } = publisher;
  const flags = flagReader(args, publisher.ignoreCase);
  if (flags.has(publisher.dryRunFlags)) return undefined;
  if (publisher.publishesOnlyWith && !flags.has(publisher.publishesOnlyWith)) return undefined;
  if (publisher.publishesWith && !publisher.publishesWith(args)) return undefined;
  // What the project's files say (publishConfig, .npmrc, a release configuration), where there are files to read.
  const project = trail.workspace && trail.cwd !== undefined && publisher.project ? publisher.project(projectFiles(trail.workspace, trail.cwd), flags) : undefined;
  if (project?.publishes === false) return undefined;
  const scopes: Scope[] = [{ command, script, file }, ...[...trail.outer].reverse()];
  const lookup = variableLookup(step, scopes);
  const textOf = (source: CredentialSource | "unknown" | undefined): string | undefined =>
    source === undefined || source === "unknown"
      ? undefined
      : source.kind === "env"
        ? source.variable.value
        : source.kind === "script-variable"
          ? source.value
          : undefined;

  // Where it uploads.
  let target: IndexTarget = publisher.targetWithoutFlags === "unknown" ? "unknown" : registry.indexes[0].id;
  let configured: string | undefined;
  const url = flags.value(publisher.urlFlags) ?? firstText(publisher.urlEnv, lookup, textOf);
  const repository = flags.value(publisher.repositoryFlags) ?? firstText(publisher.repositoryEnv, lookup, textOf);
  if (url !== undefined) target = isExpression(url) ? "unknown" : targetOfUrl(url, registry);
  else if (repository !== undefined) {
    if (/^https?:\/\//u.test(repository)) target = targetOfUrl(repository, registry);
    else target = publisher.repositoryNames[repository] ?? (repository.includes("$") ? "unknown" : "custom");
  } else if ([...publisher.urlEnv, ...publisher.repositoryEnv].some((name) => lookup(name) === "unknown")) {
    target = "unknown";
  } else if (project?.url !== undefined) {
    target = targetOfUrl(project.url, registry);
  } else {
    configured = publisher.configuredUrl?.(step);
    if (configured !== undefined) target = isExpression(configured) ? "unknown" : targetOfUrl(configured, registry);
  }
  const host = target === "custom" ? hostOf(url ?? (repository !== undefined && /^https?:\/\//u.test(repository) ? repository : undefined) ?? project?.url ?? configured) : undefined;
  // A custom config file can redefine what a repository name means.
  if (target !== "custom" && flags.has(["--config-file"]) && repository !== undefined) target = "custom";
  // A configuration that cannot be read (a JavaScript release config) may publish anywhere.
  if (project?.publishes === "unknown") target = "unknown";

  // How it authenticates.
  const credentials: CredentialSource[] = [...given];
  let unknown = false;
  const credentialFlag = flags.uses(publisher.credentialFlags).at(-1);
  if (credentialFlag && isGiven(credentialFlag.value)) {
    credentials.push({ kind: "flag", name: credentialFlag.option, value: credentialFlag.value, ...(file === undefined ? {} : { file }) });
  }
  for (const name of publisher.credentialEnv) {
    const found = lookup(name);
    if (found === "unknown") unknown = true;
    else if (found) credentials.push(found);
  }
  const username = flags.value(publisher.usernameFlags) ?? firstText(publisher.usernameEnv, lookup, textOf);
  if (username !== undefined && isGiven(username) && username !== registry.tokenUsername && credentials.length === 0) {
    if (username.includes("$")) unknown = true;
    else credentials.push({ kind: "username", name: username });
  }
  if (publisher.disablesTrustedPublishing?.(flags)) unknown = true;
  // A build script is an upload when the key is given to that command (an option, its step's env,
  // the script): a job-wide variable reaches every step that builds, not only the one that pushes.
  if (publisher.publishesOnlyWithCredential && !credentials.some((credential) => credential.kind !== "env" || credential.variable.level === "step")) return undefined;
  // Credentials fed from an exchanger's output are short-lived: trusted publishing.
  const exchanged = withoutExchanged(step, registry, credentials);
  let exchange = exchanged.exchange;
  let authentication = exchanged.authentication;
  const remaining = exchanged.credentials;
  if (exchange === undefined) {
    // A credential the tool reads from its own configuration, written earlier in the job (also
    // beside a variable: an `.npmrc` line that reads the variable stays when the variable goes) …
    const stored = publisher.storedCredential?.(step, file === undefined ? undefined : script) ?? (remaining.length === 0 ? configuredCredential(step, registry) : undefined);
    if (stored) remaining.push(stored);
    // … or a job an exchanger configured for trusted publishing.
    else if (remaining.length === 0 && !publisher.trustedPublishing && !unknown) {
      exchange = configuringExchange(step, registry, target);
      if (exchange) authentication = "trusted-publishing";
    }
  }

  return {
    step,
    registry,
    publisher,
    tool: publisher.tool,
    ...targetFields(registry, target),
    ...(host === undefined ? {} : { host }),
    authentication:
      authentication ??
      (remaining.length > 0
        ? "credential"
        : unknown || (publisher.trustedPublishingNeedsProject && project?.publishes !== true)
          ? "unknown"
          : publisher.trustedPublishing
            ? "trusted-publishing"
            : "unknown"),
    credentials: remaining,
    supportsTrustedPublishing: publisher.trustedPublishing || registry.exchangers.length > 0,
    command,
    invocation: trail.invocation === undefined ? invocation : `${trail.invocation} (${invocation})`,
    exchange,
    through: trail.hops,
    idTokenOption: idTokenOption(publisher, args, project, lookup, textOf),
  };
}

/**
 * The option or variable that makes the tool ask for the job's OIDC token (the registry's
 * `idTokenOptions`): a flag (the last of `--flag`, `--flag=true|false`, `--no-flag` wins), else a
 * key of package.json's `publishConfig` (`true` asks, `false` turns the variables off), else a
 * variable the command sees set to `true`. `undefined` when none asks, or when that is decided at
 * run time (an expression).
 */
function idTokenOption(
  publisher: CommandPublisher,
  args: readonly string[],
  project: ProjectAnswer | undefined,
  lookup: (name: EnvName) => CredentialSource | "unknown" | undefined,
  textOf: (source: CredentialSource | "unknown" | undefined) => string | undefined,
): string | undefined {
  const options = publisher.idTokenOptions;
  if (!options) return undefined;
  let flag: boolean | undefined;
  for (const arg of args) {
    if (arg === "--") break;
    for (const name of options.flags) {
      if (arg === name || arg === `${name}=true`) flag = true;
      else if (arg === `--no-${name.replace(/^--/u, "")}` || arg.startsWith(`${name}=`)) flag = false;
    }
  }
  if (flag !== undefined) return flag ? `\`${options.flags[0]}\`` : undefined;
  for (const key of options.publishConfig ?? []) {
    const value = project?.publishConfig?.[key];
    if (value === true || value === "true") return `\`publishConfig.${key}\` in package.json`;
    if (value === false || value === "false") return undefined;
  }
  for (const name of options.env) {
    const value = textOf(lookup(name));
    if (value?.trim().toLowerCase() === "true") return `\`${name}=true\``;
  }
  return undefined;
}

function firstText(
  names: readonly string[],
  lookup: (name: EnvName) => CredentialSource | "unknown" | undefined,
  textOf: (source: CredentialSource | "unknown" | undefined) => string | undefined,
): string | undefined {
  for (const name of names) {
    const found = lookup(name);
    if (found === "unknown") return "$unknown";
    const text = textOf(found);
    if (text !== undefined && text.trim() !== "") return text;
  }
  return undefined;
}

/** A shell command that runs a publisher's upload: the publisher and the arguments after its subcommand. */
export interface PublisherCommand {
  readonly publisher: RegisteredCommandPublisher;
  /** The program as the command names it: the publisher's, or one of its aliases (`pn`, `cake`). */
  readonly program: string;
  readonly subcommand: string;
  readonly args: readonly string[];
}

/**
 * The publisher a command runs, through the registries' runners (`python -m tool`, `npx tool`),
 * dry runs included; `undefined` when it is no publishing command.
 */
export function publisherCommand(commandArgv: readonly string[]): PublisherCommand | undefined {
  const argv = unwrapRunners(commandArgv, RUNNERS);
  const program = argv[0] && programName(argv[0]);
  for (const publisher of COMMAND_PUBLISHERS) {
    if (program !== publisher.program && !publisher.aliases?.includes(program ?? "")) continue;
    if (publisher.subcommands.includes("")) return { publisher, program: program!, subcommand: "", args: argv.slice(1) };
    const rest = skipGlobalOptions(argv.slice(1), publisher);
    for (const subcommand of publisher.subcommands) {
      const words = subcommand.split(" ");
      if (words.every((word, i) => rest[i] === word)) return { publisher, program: program!, subcommand, args: rest.slice(words.length) };
    }
  }
  return undefined;
}
