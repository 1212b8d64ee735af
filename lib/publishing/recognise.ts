/**
 * Recognises the steps that upload Python distributions, where they upload to, and what they
 * authenticate with. The model asks this once per step (`step.publishes`).
 */
import type { Step, EnvVar, Input } from "../workflow/model.js";
import type { ShellCommand, ShellScript } from "../shell/script.js";
import { readShellScript } from "../shell/script.js";
import { hasOption, optionUses, optionValue } from "../shell/options.js";
import { isExpression } from "../workflow/expressions.js";
import {
  COMMAND_PUBLISHERS,
  MATURIN_ACTION,
  PYPA_PUBLISH_ACTION,
  RUNNERS,
  TOKEN_USERNAME,
  targetOfUrl,
  type CommandPublisher,
  type EnvName,
  type FlagReader,
  type IndexTarget,
  type PublishTool,
} from "./publishers.js";

/** Where a long-lived credential reaches the upload from. */
export type CredentialSource =
  | { readonly kind: "env"; readonly name: string; readonly variable: EnvVar }
  | { readonly kind: "input"; readonly name: string; readonly input: Input }
  | { readonly kind: "flag"; readonly name: string; readonly value: string }
  | { readonly kind: "script-variable"; readonly name: string; readonly value: string }
  | { readonly kind: "username"; readonly name: string }
  /** A token stored in the tool's own configuration by a command of the job (`poetry config pypi-token.pypi …`). */
  | { readonly kind: "tool-config"; readonly name: string; readonly step: Step; readonly command: ShellCommand }
  /** A `.pypirc` with a password, written by a step of the job. */
  | { readonly kind: "pypirc"; readonly name: ".pypirc"; readonly step: Step };

/**
 * How the upload authenticates:
 * - `trusted-publishing`: no long-lived credential reaches it, and the tool exchanges an OIDC token;
 * - `credential`: a token or password reaches it (from a secret or written in the file);
 * - `unknown`: decided at run time (an env block that is an expression, `$GITHUB_ENV` writes).
 */
export type Authentication = "trusted-publishing" | "credential" | "unknown";

export interface Publish {
  readonly step: Step;
  readonly tool: PublishTool;
  readonly target: IndexTarget;
  readonly authentication: Authentication;
  readonly credentials: readonly CredentialSource[];
  /** Whether the tool itself can do trusted publishing (poetry and hatch cannot). */
  readonly supportsTrustedPublishing: boolean;
  /** For `run:` steps: the command that uploads. */
  readonly command: ShellCommand | undefined;
  /** How the upload is invoked, without its arguments: `twine upload`, `pypa/gh-action-pypi-publish`. */
  readonly invocation: string;
}

export function recognisePublishes(step: Step): Publish[] {
  if (step.action === PYPA_PUBLISH_ACTION.action) return [pypaActionPublish(step)];
  if (step.action === MATURIN_ACTION.action) {
    const publish = maturinActionPublish(step);
    return publish ? [publish] : [];
  }
  if (step.run) return commandPublishes(step, step.run);
  return [];
}

/** Whether a value counts as given: set and not empty. A `$VAR` reference counts. */
function isGiven(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== "";
}

function pypaActionPublish(step: Step): Publish {
  const credentials: CredentialSource[] = [];
  const password = step.inputs.get(PYPA_PUBLISH_ACTION.passwordInput);
  if (password && isGiven(password.value)) credentials.push({ kind: "input", name: password.name, input: password });
  const user = step.inputs.get(PYPA_PUBLISH_ACTION.userInput);
  let unknown = false;
  if (user && isGiven(user.value) && user.value !== TOKEN_USERNAME) {
    if (user.isExpression) unknown = true;
    else credentials.push({ kind: "username", name: user.name });
  }
  // An input that is not a scalar (a mapping, an unresolvable alias) is unknowable.
  if (password && password.value === undefined && password.pair.value !== null) unknown = true;
  const url = PYPA_PUBLISH_ACTION.urlInputs.map((name) => step.inputs.get(name)).find((input) => input);
  const target = url ? (isGiven(url.value) ? targetOfUrl(url.value!) : url.pair.value === null || url.value === "" ? "pypi" : "unknown") : "pypi";
  return {
    step,
    tool: "pypa-action",
    target,
    authentication: credentials.length > 0 ? "credential" : unknown ? "unknown" : "trusted-publishing",
    credentials,
    supportsTrustedPublishing: true,
    command: undefined,
    invocation: step.label,
  };
}

function maturinActionPublish(step: Step): Publish | undefined {
  const command = step.inputs.get(MATURIN_ACTION.commandInput)?.value?.trim();
  if (command !== "upload" && command !== "publish") return undefined;
  const maturin = COMMAND_PUBLISHERS.find((publisher) => publisher.tool === "maturin")!;
  const args = step.inputs.get(MATURIN_ACTION.argsInput)?.value ?? "";
  const argv = readShellScript(`maturin ${command} ${args.replace(/\s+/gu, " ")}`).commands[0]?.argv ?? [];
  const result = judgeCommand(step, maturin, argv.slice(2), undefined, undefined, "PyO3/maturin-action");
  return result && { ...result, tool: "maturin-action" };
}

/** A line that could run a publisher at all (a cheap test before tokenizing it). */
const PUBLISHER_PROGRAM = new RegExp(`\\b(?:${COMMAND_PUBLISHERS.map((publisher) => publisher.program).join("|")})\\b`, "u");

const PUBLISHER_SUBCOMMAND = new RegExp(
  `\\b(?:${[...new Set(COMMAND_PUBLISHERS.flatMap((publisher) => publisher.subcommands))].join("|")})\\b`,
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

/** `/usr/bin/twine`, `twine.exe`, `twine@6.1.0`, `twine==6.1` → `twine`. */
export function programName(word: string): string {
  const base = word.slice(word.lastIndexOf("/") + 1).replace(/\.exe$/iu, "");
  const version = base.search(/[=>@]/u);
  return version === -1 ? base : base.slice(0, version);
}

const PYTHON = /^(?:python(?:\d+(?:\.\d+)?)?|py)$/u;

/** Strips `python -m`, `uv run`, `uvx`, `pipx run`, `poetry run`, … so argv starts at the tool. */
function unwrapRunner(argv: readonly string[]): readonly string[] {
  let words = argv;
  for (let depth = 0; depth < 4; depth++) {
    const first = words[0] ? programName(words[0]) : undefined;
    if (first && PYTHON.test(first)) {
      const m = words.indexOf("-m");
      if (m === -1 || !words[m + 1]) return words;
      words = words.slice(m + 1);
      continue;
    }
    const runner = RUNNERS.find(({ prefix }) => prefix.every((word, i) => (i === 0 ? first === word : words[i] === word)));
    if (!runner) return words;
    let i = runner.prefix.length;
    while (i < words.length && words[i]!.startsWith("-")) {
      i += runner.optionsWithValue.has(words[i]!) ? 2 : 1;
    }
    // `hatch run env:twine` runs twine in an environment.
    words = words.slice(i).map((word, index) => (index === 0 ? word.replace(/^[\w-]+:/u, "") : word));
  }
  return words;
}

/** Global options before a subcommand (`uv --quiet publish`): skip flags, and values of `--directory`-like options. */
function skipGlobalOptions(words: readonly string[]): readonly string[] {
  const withValue = new Set(["--directory", "--project", "--config-file", "--cache-dir", "-C", "--color"]);
  let i = 0;
  while (i < words.length && words[i]!.startsWith("-")) i += withValue.has(words[i]!) ? 2 : 1;
  return words.slice(i);
}

/** The options of a publish command, read with the shared option reader. */
function flagReader(args: readonly string[]): FlagReader {
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
  publisher: CommandPublisher,
  args: readonly string[],
  command: ShellCommand | undefined,
  script: ShellScript | undefined,
  invocation: string,
): Publish | undefined {
  const flags = flagReader(args);
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
  let target: IndexTarget = "pypi";
  const url = flags.value(publisher.urlFlags) ?? firstText(publisher.urlEnv, lookup, textOf);
  const repository = flags.value(publisher.repositoryFlags) ?? firstText(publisher.repositoryEnv, lookup, textOf);
  if (url !== undefined) target = isExpression(url) ? "unknown" : targetOfUrl(url);
  else if (repository !== undefined) {
    if (/^https?:\/\//u.test(repository)) target = targetOfUrl(repository);
    else target = publisher.repositoryNames[repository] ?? (repository.includes("$") ? "unknown" : "custom");
  } else if ([...publisher.urlEnv, ...publisher.repositoryEnv].some((name) => lookup(name) === "unknown")) {
    target = "unknown";
  }
  // A custom config file can redefine what `pypi` means.
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
  if (username !== undefined && isGiven(username) && username !== TOKEN_USERNAME && credentials.length === 0) {
    if (username.includes("$")) unknown = true;
    else credentials.push({ kind: "username", name: username });
  }
  if (publisher.disablesTrustedPublishing?.(flags)) unknown = true;
  // A `.pypirc` written by the job holds a password for twine.
  const pypirc = publisher.tool === "twine" && credentials.length === 0 ? pypircWriter(step) : undefined;
  if (pypirc) credentials.push({ kind: "pypirc", name: ".pypirc", step: pypirc });
  if (publisher.tool === "poetry" && credentials.length === 0) {
    const configured = poetryTokenConfig(step);
    if (configured) credentials.push(configured);
  }

  return {
    step,
    tool: publisher.tool,
    target,
    authentication: credentials.length > 0 ? "credential" : unknown ? "unknown" : publisher.trustedPublishing ? "trusted-publishing" : "unknown",
    credentials,
    supportsTrustedPublishing: publisher.trustedPublishing,
    command,
    invocation,
  };
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

/** The step of the job, up to this one, whose script writes a `.pypirc` with a password. */
function pypircWriter(step: Step): Step | undefined {
  return step.job.steps
    .slice(0, step.job.steps.indexOf(step) + 1)
    .find((other) => other.run !== undefined && other.run.text.includes(".pypirc") && /password\s*[=:]/iu.test(other.run.text));
}

/** `poetry config pypi-token.<repo> <token>` or `http-basic.<repo> <user> <password>` run by the job before the upload. */
function poetryTokenConfig(step: Step): CredentialSource | undefined {
  for (const other of step.job.steps.slice(0, step.job.steps.indexOf(step) + 1)) {
    for (const command of other.run?.commandsWhere((line) => line.includes("poetry")) ?? []) {
      const argv = unwrapRunner(command.argv);
      if (argv[0] === undefined || programName(argv[0]) !== "poetry" || argv[1] !== "config") continue;
      const setting = argv.slice(2).find((word) => !word.startsWith("-"));
      if (setting && /^(?:pypi-token|http-basic)\./u.test(setting)) {
        return { kind: "tool-config", name: `poetry config ${setting}`, step: other, command };
      }
    }
  }
  return undefined;
}

/** A shell command that runs a Python publisher's upload: the publisher and the arguments after its subcommand. */
export interface PublisherCommand {
  readonly publisher: CommandPublisher;
  readonly subcommand: string;
  readonly args: readonly string[];
}

/**
 * The publisher a command runs, through runners (`python -m twine upload`, `uvx twine upload`,
 * `uv run --with twine twine upload`), dry runs included; `undefined` when it is no upload command.
 */
export function publisherCommand(commandArgv: readonly string[]): PublisherCommand | undefined {
  const argv = unwrapRunner(commandArgv);
  const program = argv[0] && programName(argv[0]);
  for (const publisher of COMMAND_PUBLISHERS) {
    if (program !== publisher.program) continue;
    const rest = skipGlobalOptions(argv.slice(1));
    if (rest[0] && publisher.subcommands.includes(rest[0])) return { publisher, subcommand: rest[0], args: rest.slice(1) };
  }
  return undefined;
}
