/**
 * Recognises the steps that publish packages — a publishing command in a `run:` script or a
 * publishing action — with the registry and index they publish to and what they authenticate
 * with. The facts come from the registry modules (lib/registries); nothing here names one.
 *
 * `publishesOf(step)` answers once per step and keeps the answer as long as the step lives.
 */
import type { Step } from "../workflow/model.js";
import type { ShellCommand, ShellScript } from "../shell/script.js";
import { readShellScript } from "../shell/script.js";
import { hasOption, optionUses, optionValue } from "../shell/options.js";
import { programName, unwrapRunners } from "../shell/commands.js";
import { isExpression } from "../workflow/expressions.js";
import {
  COMMAND_PUBLISHERS,
  RUNNERS,
  actionPublisher,
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
   * What makes the tool ask the job for an OIDC token whatever it authenticates with, as
   * messages name it (`--provenance`, `NPM_CONFIG_PROVENANCE=true`): the registry's
   * `idTokenOptions`. Without `id-token: write` the command fails.
   */
  readonly idTokenOption: string | undefined;
}

const cache = new WeakMap<Step, readonly Publish[]>();

/** The publishing a step does, read once per step (cached for the step's lifetime). */
export function publishesOf(step: Step): readonly Publish[] {
  let publishes = cache.get(step);
  if (!publishes) {
    publishes = recognisePublishes(step);
    cache.set(step, publishes);
  }
  return publishes;
}

function recognisePublishes(step: Step): Publish[] {
  const action = actionPublisher(step.action);
  if (action) {
    if (action.kind === "runs-script") return scriptActionPublishes(step, action, action.registry);
    const publish = action.kind === "inputs" ? inputsActionPublish(step, action, action.registry) : commandActionPublish(step, action, action.registry);
    return publish ? [publish] : [];
  }
  if (step.run) return commandPublishes(step, step.run);
  return [];
}

/** Whether a value counts as given: set and not empty. A `$VAR` reference counts. */
function isGiven(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== "";
}

/** What a target is as `Publish` fields. */
function targetFields(registry: Registry, target: IndexTarget): { target: IndexTarget; index: PackageIndex | undefined } {
  return { target, index: indexById(registry, target) };
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
  return {
    step,
    registry,
    publisher: action,
    tool: action.tool,
    ...targetFields(registry, target),
    authentication: exchanged.authentication ?? (exchanged.credentials.length > 0 ? "credential" : unknown ? "unknown" : action.trustedPublishing ? "trusted-publishing" : "unknown"),
    credentials: exchanged.credentials,
    supportsTrustedPublishing: action.trustedPublishing,
    command: undefined,
    invocation: step.label,
    exchange: exchanged.exchange,
    idTokenOption: undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Exchangers: a credential fed from an exchanger's output, or a job an exchanger configured

/** `${{ steps.<id>.outputs.<output> }}`, the whole value. */
const STEP_OUTPUT = /^\s*\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}\s*$/u;
/** `$NAME`, `${NAME}`, the whole value. */
const VARIABLE = /^\s*\$\{?([A-Za-z_]\w*)\}?\s*$/u;

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
    const feeding = exchangerFeeding(step, registry, credentialText(credential));
    exchange ??= feeding;
    return feeding === undefined;
  });
  return { credentials: rest, exchange, authentication: exchange && rest.length === 0 ? "trusted-publishing" : undefined };
}

/** An earlier step of the job that exchanged the OIDC token and configured the job for the registry's publishers. */
function configuringExchange(step: Step, registry: Registry, target: IndexTarget): Step | undefined {
  if (registry.exchangers.every((exchanger) => !exchanger.configuresJob)) return undefined;
  return step.job.steps
    .slice(0, step.job.steps.indexOf(step))
    .find((other) => exchangerOf(other.action)?.configuresJob === true && exchangesFor(other, registry, target));
}

/** A long-lived credential an earlier configuring step of the job was given instead (`api-token`). */
function configuredCredential(step: Step, registry: Registry): CredentialSource | undefined {
  for (const other of step.job.steps.slice(0, step.job.steps.indexOf(step))) {
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
 * An action that runs a command line from an input (`changesets/action`'s `publish:`): the
 * publishing commands in it, judged like a `run:` script of the step, with the variables the
 * action reads its credential from; without the input, the action's own publish if it has one.
 */
function scriptActionPublishes(step: Step, action: Extract<AnyActionPublisher, { kind: "runs-script" }>, registry: Registry): Publish[] {
  const input = action.scriptInputs.map((name) => step.inputs.get(name)).find((found) => found !== undefined && isGiven(found.value));
  if (input) {
    // The commands see the step's environment, where their own credential variables are read.
    return commandPublishes(step, readShellScript(input.value!));
  }
  if (!action.selfPublishes) return [];
  const { credentials, unknown } = actionCredentials(step, action.credentialEnv);
  return [
    {
      step,
      registry,
      publisher: action,
      tool: action.tool,
      ...targetFields(registry, registry.indexes[0].id),
      authentication: credentials.length > 0 ? "credential" : unknown ? "unknown" : action.trustedPublishing ? "trusted-publishing" : "unknown",
      credentials,
      supportsTrustedPublishing: action.trustedPublishing,
      command: undefined,
      invocation: step.label,
      exchange: undefined,
      idTokenOption: undefined,
    },
  ];
}

/** The credentials an action reads from the step's environment. */
function actionCredentials(step: Step, names: readonly EnvName[]): { credentials: CredentialSource[]; unknown: boolean } {
  const lookup = variableLookup(step, undefined, undefined);
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
  const command = step.inputs.get(action.commandInput)?.value?.trim();
  if (!publisher || command === undefined || !publisher.subcommands.includes(command)) return undefined;
  const args = step.inputs.get(action.argsInput)?.value ?? "";
  const argv = readShellScript(`${publisher.program} ${command} ${args.replace(/\s+/gu, " ")}`).commands[0]?.argv ?? [];
  const result = judgeCommand(step, { ...publisher, registry }, argv.slice(1 + command.split(" ").length), undefined, undefined, action.displayName);
  return result && { ...result, publisher: action, tool: action.tool };
}

/** A line that could run a publisher at all (a cheap test before tokenizing it). */
const PUBLISHER_PROGRAM = new RegExp(`\\b(?:${[...new Set(COMMAND_PUBLISHERS.map((publisher) => publisher.program))].join("|")})\\b`, "u");

const PUBLISHER_SUBCOMMAND = new RegExp(
  `\\b(?:${[...new Set(COMMAND_PUBLISHERS.flatMap((publisher) => publisher.subcommands))].map((subcommand) => subcommand.split(" ").join("\\s+")).join("|")})\\b`,
  "u",
);

/** Whether a script line may run a publisher's upload: a cheap test before tokenizing it. */
export function mayRunPublisher(line: string): boolean {
  return PUBLISHER_SUBCOMMAND.test(line) && PUBLISHER_PROGRAM.test(line);
}

function commandPublishes(step: Step, script: ShellScript): Publish[] {
  const publishes: Publish[] = [];
  for (const command of script.commandsWhere(mayRunPublisher)) {
    const match = publisherCommand(command.argv);
    if (!match) continue;
    const invocation = `${match.publisher.program} ${match.subcommand}`;
    const publish = judgeCommand(step, match.publisher, match.args, command, script, invocation);
    if (publish) publishes.push(publish);
  }
  return publishes;
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

/** Looks a variable up as the command sees it: its own assignments, the script's, then the step's env. */
function variableLookup(step: Step, command: ShellCommand | undefined, script: ShellScript | undefined) {
  return (name: EnvName): CredentialSource | "unknown" | undefined => {
    const matches = (candidate: string) => (typeof name === "string" ? candidate === name : name.test(candidate));
    for (const [candidate, value] of command?.assignments ?? []) {
      if (matches(candidate) && isGiven(value)) return { kind: "script-variable", name: candidate, value };
    }
    const assigned = script && (typeof name === "string" ? new Map([[name, script.assignment(name)]]) : script.assignmentsWhere((n) => name.test(n)));
    for (const [candidate, value] of assigned ?? []) {
      if (value !== undefined && isGiven(value)) return { kind: "script-variable", name: candidate, value };
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
  step: Step,
  publisher: RegisteredCommandPublisher,
  args: readonly string[],
  command: ShellCommand | undefined,
  script: ShellScript | undefined,
  invocation: string,
): Publish | undefined {
  const { registry } = publisher;
  const flags = flagReader(args, publisher.ignoreCase);
  if (flags.has(publisher.dryRunFlags)) return undefined;
  const lookup = variableLookup(step, command, script);
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
  const url = flags.value(publisher.urlFlags) ?? firstText(publisher.urlEnv, lookup, textOf);
  const repository = flags.value(publisher.repositoryFlags) ?? firstText(publisher.repositoryEnv, lookup, textOf);
  if (url !== undefined) target = isExpression(url) ? "unknown" : targetOfUrl(url, registry);
  else if (repository !== undefined) {
    if (/^https?:\/\//u.test(repository)) target = targetOfUrl(repository, registry);
    else target = publisher.repositoryNames[repository] ?? (repository.includes("$") ? "unknown" : "custom");
  } else if ([...publisher.urlEnv, ...publisher.repositoryEnv].some((name) => lookup(name) === "unknown")) {
    target = "unknown";
  } else {
    const configured = publisher.configuredUrl?.(step);
    if (configured !== undefined) target = isExpression(configured) ? "unknown" : targetOfUrl(configured, registry);
  }
  // A custom config file can redefine what a repository name means.
  if (target !== "custom" && flags.has(["--config-file"]) && repository !== undefined) target = "custom";

  // How it authenticates.
  const credentials: CredentialSource[] = [];
  let unknown = false;
  const credentialFlag = flags.uses(publisher.credentialFlags).at(-1);
  if (credentialFlag && isGiven(credentialFlag.value)) {
    credentials.push({ kind: "flag", name: credentialFlag.option, value: credentialFlag.value });
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
  // Credentials fed from an exchanger's output are short-lived: trusted publishing.
  const exchanged = withoutExchanged(step, registry, credentials);
  let exchange = exchanged.exchange;
  let authentication = exchanged.authentication;
  const remaining = exchanged.credentials;
  if (exchange === undefined) {
    // A credential the tool reads from its own configuration, written earlier in the job (also
    // beside a variable: an `.npmrc` line that reads the variable stays when the variable goes) …
    const stored = publisher.storedCredential?.(step) ?? (remaining.length === 0 ? configuredCredential(step, registry) : undefined);
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
    authentication: authentication ?? (remaining.length > 0 ? "credential" : unknown ? "unknown" : publisher.trustedPublishing ? "trusted-publishing" : "unknown"),
    credentials: remaining,
    supportsTrustedPublishing: publisher.trustedPublishing || registry.exchangers.length > 0,
    command,
    invocation,
    exchange,
    idTokenOption: idTokenOption(publisher, args, lookup, textOf),
  };
}

/**
 * The option or variable that makes the tool ask for the job's OIDC token (the registry's
 * `idTokenOptions`): a flag (the last of `--flag`, `--flag=true|false`, `--no-flag` wins), else a
 * variable the command sees set to `true`. `undefined` when none asks, or when that is decided at
 * run time (an expression).
 */
function idTokenOption(
  publisher: CommandPublisher,
  args: readonly string[],
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
    if (program !== publisher.program) continue;
    const rest = skipGlobalOptions(argv.slice(1), publisher);
    for (const subcommand of publisher.subcommands) {
      const words = subcommand.split(" ");
      if (words.every((word, i) => rest[i] === word)) return { publisher, subcommand, args: rest.slice(words.length) };
    }
  }
  return undefined;
}
