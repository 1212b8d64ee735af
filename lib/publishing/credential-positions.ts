/**
 * The places in a workflow where a credential is given: `env` variables named for one, secret
 * inputs of actions, container registry passwords, secrets passed to reusable workflows, and, in
 * `run:` scripts, credential options and arguments of publish and login commands and assignments
 * to credential variables; in a GitLab pipeline, the `variables:` (global and job) named for one. Each place comes with the value written there and what the name it is
 * written under says (`role`); whether that value is a hard-coded credential is the caller's
 * question (see literals.ts: `valueNature`, `looksLikeSecret`).
 */
import type { Container, EnvBlock, EnvVar, Input, Job, Step, Workflow } from "../ci/github/model.js";
import { sourceOfNode, type GitLabJob, type GitLabPipeline, type GlVariable } from "../ci/gitlab/index.js";
import { optionUses } from "../shell/options.js";
import { assignmentsIn, type ShellAssignment, type ShellCommand } from "../shell/script.js";
import { asScalar, type YAMLScalar } from "../yaml/nodes.js";
import { programName } from "../shell/commands.js";
import { COMMAND_PUBLISHERS, REGISTRIES, type Registry } from "../registries/index.js";
import { mayRunPublisher, publisherCommand } from "./recognise.js";
import { publishesOf, toTrustedPublishingIndex } from "./policy.js";
import { roleOfName, type NameRole } from "./literals.js";
import {
  CREDENTIAL_COMMANDS,
  credentialEnvKind,
  kindInfo,
  secretInputKind,
  secretNameFor,
  type CredentialKind,
} from "./credentials.js";

export type CredentialPlace =
  | { readonly kind: "env"; readonly variable: EnvVar; readonly job: Job | undefined; readonly step: Step | undefined }
  | { readonly kind: "input"; readonly input: Input; readonly step: Step }
  | { readonly kind: "container"; readonly container: Container; readonly job: Job }
  | { readonly kind: "passed-secret"; readonly input: Input; readonly job: Job }
  | { readonly kind: "script-option"; readonly step: Step; readonly command: string; readonly option: string }
  | { readonly kind: "script-argument"; readonly step: Step; readonly command: string }
  | { readonly kind: "script-assignment"; readonly step: Step; readonly name: string; readonly form: ShellAssignment["form"] }
  /** A GitLab CI/CD variable: global (no job) or a job's. */
  | { readonly kind: "pipeline-variable"; readonly variable: GlVariable; readonly job: GitLabJob | undefined };

export interface CredentialValue {
  readonly place: CredentialPlace;
  readonly credential: CredentialKind;
  /** The value as written (for scripts: as the shell reads it). */
  readonly value: string;
  /**
   * The scalar that holds the value: the value itself for `env`, inputs, containers and passed
   * secrets (resolved through aliases); the whole `run:` script for script places.
   */
  readonly scalar: YAMLScalar | undefined;
  /** For script places: where the value is in the script's text, when it could be found verbatim. */
  readonly span: { readonly start: number; readonly end: number } | undefined;
  /** The secret name to suggest. */
  readonly secret: string;
  /**
   * What the place's name says about its value: `credential` for every variable, input, flag and
   * argument known to carry one (and `additionalNames`); for a secret passed to a reusable
   * workflow, what its name says (`API_PRIVATE_KEY`: a credential; `BASE_URL`: an identifier).
   */
  readonly role: NameRole;
  /**
   * The registry whose publisher credential this is, when it reaches an upload of that registry
   * to an index that accepts trusted publishing (which would replace it); else `undefined`.
   */
  readonly replacedByTrustedPublishing: Registry | undefined;
}

export interface PositionOptions {
  /** More env or input names to treat as credentials; `*` matches any run of characters. */
  readonly additionalNames: readonly string[];
}

/** `*` globs, matched without regexes (names are short, and patterns come from users). */
export function globMatch(pattern: string, name: string, ignoreCase: boolean): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const n = ignoreCase ? name.toLowerCase() : name;
  const parts = p.split("*");
  if (parts.length === 1) return p === n;
  const first = parts[0]!;
  const last = parts.at(-1)!;
  if (!n.startsWith(first) || !n.endsWith(last) || n.length < first.length + last.length) return false;
  let at = first.length;
  const end = n.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = n.indexOf(part, at);
    if (found === -1 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/** Every credential place in a workflow, with its value. */
export function credentialPositions(workflow: Workflow, options: PositionOptions): CredentialValue[] {
  const { additionalNames } = options;
  const extra = additionalNames.length === 0 ? () => false : (name: string, ignoreCase: boolean) => additionalNames.some((pattern) => globMatch(pattern, name, ignoreCase));
  const found: CredentialValue[] = [];

  let allSteps: readonly Step[] | undefined;

  const envPlaces = (block: EnvBlock, job: Job | undefined, step: Step | undefined) => {
    for (const variable of block.vars.values()) {
      const known = credentialEnvKind(variable.name);
      const credential = known ?? (extra(variable.name, false) ? "generic" : undefined);
      if (!credential || variable.value === undefined) continue;
      const scope = step ? [step] : job ? job.steps : (allSteps ??= workflow.jobs.flatMap((each) => each.steps));
      found.push({
        place: { kind: "env", variable, job, step },
        credential,
        value: variable.value,
        scalar: variable.scalar,
        span: undefined,
        secret: known ? kindInfo(known).secret : secretNameFor(variable.name),
        role: "credential",
        replacedByTrustedPublishing: replacedIn(credential, scope),
      });
    }
  };

  envPlaces(workflow.env, undefined, undefined);
  for (const job of workflow.jobs) {
    envPlaces(job.env, job, undefined);
    for (const container of [job.container, ...job.services]) {
      const password = container?.credentials?.password;
      if (!container || !password || password.value === undefined) continue;
      found.push({
        place: { kind: "container", container, job },
        credential: "registry",
        value: password.value,
        scalar: password.scalar,
        span: undefined,
        secret: registrySecret(container.image),
        role: "credential",
        replacedByTrustedPublishing: undefined,
      });
    }
    if (job.passedSecrets instanceof Map) {
      for (const input of job.passedSecrets.values()) {
        if (input.value === undefined) continue;
        found.push({
          place: { kind: "passed-secret", input, job },
          credential: "secret",
          value: input.value,
          scalar: input.scalar,
          span: undefined,
          secret: secretNameFor(input.name),
          // A reusable workflow's secret is an input: `additionalNames` says it holds a credential.
          role: extra(input.name, true) ? "credential" : roleOfName(input.name),
          replacedByTrustedPublishing: undefined,
        });
      }
    }
    for (const step of job.steps) {
      envPlaces(step.env, job, step);
      for (const input of step.inputs.values()) {
        const known = secretInputKind(step.action, input.name);
        const credential = known ?? (extra(input.name, true) ? "generic" : undefined);
        if (!credential || input.value === undefined) continue;
        found.push({
          place: { kind: "input", input, step },
          credential,
          value: input.value,
          scalar: input.scalar,
          span: undefined,
          secret: known === "registry" ? registrySecret(step.inputs.get("registry")?.value) : known ? kindInfo(known).secret : secretNameFor(input.name),
          role: "credential",
          replacedByTrustedPublishing: replacedIn(credential, [step]),
        });
      }
      if (step.run) scriptPlaces(step, extra, found);
    }
  }
  return found;
}

/**
 * Every credential place of a GitLab pipeline written in the linted file: the `variables:` (global
 * and job) whose names say they hold a credential (a known name, a name whose words say so, or
 * `additionalNames`). A variable a job inherits is one place, the first it is found under.
 */
export function pipelineCredentialPositions(pipeline: GitLabPipeline, options: PositionOptions): CredentialValue[] {
  const { additionalNames } = options;
  const found: CredentialValue[] = [];
  const seen = new Set<YAMLScalar>();
  for (const [block, job] of [[pipeline.env, undefined] as const, ...pipeline.jobs.map((job) => [job.env, job] as const)]) {
    for (const variable of block.vars.values()) {
      const { scalar, value, name } = variable;
      if (!scalar || value === undefined || seen.has(scalar) || sourceOfNode(pipeline, scalar)?.linted !== true) continue;
      seen.add(scalar);
      const known = credentialEnvKind(name);
      const credential = known !== undefined || additionalNames.some((pattern) => globMatch(pattern, name, false));
      // A name that only sounds like a credential's: `variables:` also set up a job's service
      // containers (`POSTGRES_PASSWORD: postgres`) and name things (`VIDEO_TOKEN:
      // GST_VIDEO_FORMATS_ALL_STR`), so only a value that looks random is taken for a secret there.
      if (!credential && roleOfName(name) !== "credential") continue;
      found.push({
        place: { kind: "pipeline-variable", variable, job },
        credential: known ?? "generic",
        value,
        scalar,
        span: undefined,
        secret: known ? kindInfo(known).secret : secretNameFor(name),
        role: credential ? "credential" : "neutral",
        replacedByTrustedPublishing: undefined,
      });
    }
  }
  return found;
}

/**
 * Where a secret found at a place is kept instead, beyond revoking it, when no suggestion can say
 * so: a GitLab pipeline's remedy is a masked CI/CD variable (a workflow's is the suggested
 * `${{ secrets.… }}`).
 */
export function safekeepingOf(place: CredentialPlace): string {
  return place.kind === "pipeline-variable" ? " and keep it in a masked CI/CD variable" : "";
}

/**
 * The registry whose publishers take credentials of this kind, when one of the steps publishes
 * with that registry to an index that accepts trusted publishing.
 */
function replacedIn(kind: CredentialKind, steps: readonly Step[]): Registry | undefined {
  const registry = REGISTRIES.find((candidate) => candidate.credentials.publisherKind === kind);
  if (!registry) return undefined;
  const publishes = steps.some((step) => publishesOf(step).some((publish) => publish.registry === registry && toTrustedPublishingIndex(publish)));
  return publishes ? registry : undefined;
}

/** The secret a registry password suggests: the automatic token for ghcr.io, Docker Hub's by default. */
function registrySecret(imageOrRegistry: string | undefined): string {
  const text = imageOrRegistry?.trim().toLowerCase() ?? "";
  if (text.startsWith("ghcr.io") || text.startsWith("docker.pkg.github.com")) return kindInfo("github-token").secret;
  const host = text.includes("/") ? text.slice(0, text.indexOf("/")) : text;
  const isRegistryHost = /[.:]/u.test(host) || host === "localhost";
  if (text === "" || !isRegistryHost || host === "docker.io" || host.endsWith(".docker.io")) return kindInfo("registry").secret;
  return "REGISTRY_PASSWORD";
}

/** Credential options, arguments and assignments in a step's `run:` script, added to `found`. */
function scriptPlaces(step: Step, extra: (name: string, ignoreCase: boolean) => boolean, found: CredentialValue[]): void {
  const script = step.run;
  if (!script) return;
  // Where each line starts, and the script's scalar: for the few scripts that give a credential.
  let lineStarts: number[] | undefined;
  const lineStart = (line: number) => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let i = script.text.indexOf("\n"); i !== -1; i = script.text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
    }
    return lineStarts[line] ?? script.text.length;
  };

  const add = (place: CredentialPlace, credential: CredentialKind, value: string, needles: readonly string[], line: number, secret?: string) => {
    found.push({
      place,
      credential,
      value,
      scalar: asScalar(step.runPair?.value),
      span: locate(script.text, lineStart(line), needles, value),
      secret: secret ?? kindInfo(credential).secret,
      role: "credential",
      replacedByTrustedPublishing: replacedIn(credential, [step]),
    });
  };

  // Only lines that name a command taking credentials are tokenized.
  for (const command of script.commandsWhere(mayTakeCredentials)) {
    for (const use of credentialArguments(command)) {
      const place: CredentialPlace = use.option
        ? { kind: "script-option", step, command: use.command, option: use.option }
        : { kind: "script-argument", step, command: use.command };
      add(place, use.kind, use.value, [...use.command.split(" ").slice(1), ...use.needles], command.line);
    }
  }
  const mentionsCredential = (lineText: string) => someAssignedName(lineText, (name) => credentialEnvKind(name) !== undefined || extra(name, false));
  for (const assignment of assignmentsIn(script, mentionsCredential)) {
    const known = credentialEnvKind(assignment.name);
    const credential = known ?? (extra(assignment.name, false) ? "generic" : undefined);
    if (!credential) continue;
    add(
      { kind: "script-assignment", step, name: assignment.name, form: assignment.form },
      credential,
      assignment.value,
      [`${assignment.name}=`],
      assignment.line,
      known ? undefined : secretNameFor(assignment.name),
    );
  }
}

/** Whether a char code is a word character (`\w`: a letter, a digit or `_`). */
function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/**
 * Whether some name written before a `=` in a text passes `test`: the names `/\b([A-Za-z_]\w*)=/gu`
 * finds (the whole run of word characters before each `=`, when it starts with a letter or `_`),
 * read without a regex or a match object per `=` (asked of every script that has one).
 */
export function someAssignedName(text: string, test: (name: string) => boolean): boolean {
  for (let equals = text.indexOf("="); equals !== -1; equals = text.indexOf("=", equals + 1)) {
    let start = equals;
    while (start > 0 && isWordCode(text.charCodeAt(start - 1))) start--;
    if (start === equals) continue;
    const first = text.charCodeAt(start);
    if ((first >= 48 && first <= 57) || !test(text.slice(start, equals))) continue;
    return true;
  }
  return false;
}

/** A line that may run a command taking credentials on its command line (a cheap test before tokenizing). */
// `docker login`, `cargo publish`, `npm config set`: the command's words, in order.
export const CREDENTIAL_COMMAND = new RegExp(CREDENTIAL_COMMANDS.map((known) => `\\b${known.words.join("[ \\t]+")}\\b`).join("|"), "u");
const mayTakeCredentials = (line: string): boolean => CREDENTIAL_COMMAND.test(line) || mayRunPublisher(line);

interface CredentialArgument {
  /** The command as a message names it: `docker login`, `cargo publish`. */
  readonly command: string;
  readonly option: string | undefined;
  readonly kind: CredentialKind;
  readonly value: string;
  /** Words to find, in order, before the value in the script text. */
  readonly needles: readonly string[];
}

/** Whether every credential option of a publisher or a credential command is written with a leading `-` (a word without one is no option). */
const OPTIONS_DASHED = [...COMMAND_PUBLISHERS.flatMap((publisher) => publisher.credentialFlags), ...CREDENTIAL_COMMANDS.flatMap((known) => known.options)].every((option) =>
  option.startsWith("-"),
);
/** The programs of the commands that may take a credential as an argument. */
const CREDENTIAL_PROGRAMS = new Set(CREDENTIAL_COMMANDS.map((known) => known.words[0]));

/** The credentials a command takes on its command line. */
function credentialArguments(command: ShellCommand): CredentialArgument[] {
  // No option among its words, and no program that takes a credential as an argument: none,
  // without asking which publisher it runs (a publisher's arguments are words of the command).
  const { argv } = command;
  if (OPTIONS_DASHED && argv.every((word) => !word.startsWith("-")) && !(argv[0] !== undefined && CREDENTIAL_PROGRAMS.has(programName(argv[0])))) return [];
  const publisher = publisherCommand(command.argv);
  if (publisher) {
    const name = `${publisher.program} ${publisher.subcommand}`.trim();
    return optionUses(publisher.args, publisher.publisher.credentialFlags, { ignoreCase: publisher.publisher.ignoreCase ?? false }).map((use) => ({
      command: name,
      option: use.option,
      kind: publisher.publisher.registry.credentials.publisherKind,
      value: use.value,
      needles: [use.word],
    }));
  }
  const program = command.argv[0] === undefined ? undefined : programName(command.argv[0]);
  const found: CredentialArgument[] = [];
  for (const known of CREDENTIAL_COMMANDS) {
    if (program !== known.words[0] || !known.words.slice(1).every((word, i) => command.argv[i + 1] === word)) continue;
    const args = command.argv.slice(known.words.length);
    const name = known.words.join(" ");
    for (const use of optionUses(args, known.options, { ignoreCase: known.ignoreCase ?? false })) {
      found.push({ command: name, option: use.option, kind: known.kind, value: use.value, needles: [use.word] });
    }
    const index = known.argument?.(args);
    if (index !== undefined) {
      const word = args[index]!;
      // `key=value` arguments (`npm config set //host/:_authToken=…`): the value is after `=`.
      const value = word.includes("=") && known.words[0] === "npm" ? word.slice(word.indexOf("=") + 1) : word;
      found.push({ command: name, option: undefined, kind: known.kind, value, needles: value === word ? [] : [word.slice(0, word.indexOf("=") + 1)] });
    }
  }
  return found;
}

/**
 * Where a value is in a script: after `from`, after each needle in turn. `undefined` when a
 * needle or the value is not there verbatim (the shell read it through quotes or escapes).
 */
function locate(text: string, from: number, needles: readonly string[], value: string): { start: number; end: number } | undefined {
  if (value === "") return undefined;
  let at = from;
  for (const needle of needles) {
    const found = text.indexOf(needle, at);
    if (found === -1) return undefined;
    at = found + needle.length;
  }
  const start = text.indexOf(value, at);
  return start === -1 ? undefined : { start, end: start + value.length };
}

/** Where a credential position is, in the words messages use: "in the `env` of job 'x' (`NAME`)". */
export function describePlace(place: CredentialPlace): string {
  switch (place.kind) {
    case "env": {
      const owner = place.step ? `the \`env\` of ${place.step.place}` : place.job ? `the \`env\` of ${place.job.place}` : "the workflow's `env`";
      return `in ${owner} (\`${place.variable.name}\`)`;
    }
    case "input":
      return `in the \`with\` input \`${place.input.name}\` of ${place.step.place}`;
    case "container":
      return place.container.service === undefined
        ? `in the \`container\` credentials of ${place.job.place}`
        : `in the credentials of service '${place.container.service}' of ${place.job.place}`;
    case "passed-secret":
      return `in the \`secrets\` that ${place.job.place} passes to its reusable workflow (\`${place.input.name}\`)`;
    case "script-option":
      return `in the \`run:\` script of ${place.step.place} (\`${place.option}\` of \`${place.command}\`)`;
    case "script-argument":
      return `in the \`run:\` script of ${place.step.place} (an argument of \`${place.command}\`)`;
    case "script-assignment":
      return `in the \`run:\` script of ${place.step.place} (\`${place.form === "export" ? "export " : ""}${place.name}=…\`)`;
    case "pipeline-variable":
      return `in ${place.job ? `the \`variables:\` of ${place.job.place}` : "the global `variables:`"} (\`${place.variable.name}\`)`;
  }
}
