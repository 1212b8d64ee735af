/**
 * `npx eslint-plugin-trusted-publishing migrate [path ...] [--dry-run]`: the editor's "switch to trusted publishing"
 * suggestion, made usable from a terminal. It applies the migration to every upload that uses a
 * long-lived token, prints (or, with --dry-run, only shows as a diff) what changed, and lists per
 * registry what to register there.
 *
 * Why through ESLint, not the publishing layer directly: the command runs the plugin's own
 * prefer-trusted-publishing rule and applies its migration suggestion for each report, exactly as
 * an editor applies it. The command and the editor therefore can never diverge, and a registry
 * whose migration lands in lib/publishing/migration.ts is covered here with no change. A private
 * companion rule reads the same workflow model (built once per file and shared) to tell, for each
 * report, the step, the registration form's values and, where the rule offers no migration, why.
 *
 * Like ESLint's fix loop, the edits of a pass that do not overlap are applied together and the
 * file is linted again, until no migration is offered (at most MAX_PASSES passes). A pass whose
 * result does not parse as YAML is undone: nothing that does not parse is ever written.
 *
 * A migrated job then gets a deployment environment where its registry advises one (the name the
 * registry suggests, or `--environment <name>`; `--no-environment` leaves jobs as they are), as
 * require-publish-environment's suggestion gives it, so that a migrated repository lints clean
 * under `configs.recommended`; the registration values name that environment.
 *
 * Exit codes, as the main command's: 0 nothing left to migrate (everything found was migrated,
 * or would be with --dry-run; or nothing to migrate), 1 an upload with a long-lived token could
 * not be migrated or a file could not be read as YAML, 2 bad usage, no workflow file, a failure.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ESLint, type Linter } from "eslint";
import plugin, { namespace } from "../index.js";
import type { YAMLRule } from "../rule-creator.js";
import { onCiFile } from "../ci/index.js";
import { TOP_LEVEL_FILE } from "../ci/gitlab/index.js";
import { addEnvironment } from "../ci/gitlab/edits.js";
import { namedTokenOf, namedTrustedPublishIn } from "../publishing/named-id-tokens.js";
import type { CiStep as Step } from "../ci/shape.js";
import { indexName, trustedPublishIn, trustedPublishingPublishesIn, type Publish } from "../publishing/policy.js";
import { registryOf } from "../publishing/hardening.js";
import { namedTokenRegistrationForm, registrationForm, type RegistrationForm } from "../publishing/trusted-publishers.js";
import { MIN_SECRET_LENGTH, redactSecrets } from "../publishing/literals.js";
import { addJobEnvironment } from "../ci/github/edits.js";
import { applyTextEdits, type Change, type YamlEditor } from "../yaml/edit.js";
import { unifiedDiff } from "../formatters/diff.js";
import { relativeTo, repositoryRoot } from "../formatters/paths.js";
import { COMMAND, UsageError, builtInMatcher, lintedFilesDescription, readTargets, selectFiles } from "./files.js";
import { credentialLiteralsIn, pipelineCredentialLiteralsIn } from "./secrets.js";
import { isActionFile } from "../configs.js";

export const MIGRATE_USAGE = `Usage: npx ${COMMAND} migrate [options] [path ...]

Moves every upload that uses a long-lived token to trusted publishing, as the
editor suggestion of prefer-trusted-publishing does, gives migrated jobs a
deployment environment, and lists per registry what to register there. Files
are chosen as the main command chooses them.

Options:
  --dry-run                 print the edits as a diff (for git apply) and the
                            report on standard error; write nothing
  --environment <name>      the environment for migrated jobs that have none
                            (default: the one their registry suggests)
  --no-environment          leave migrated jobs without an environment
  --ignore-pattern <glob>   skip matching files, as eslint does (repeatable)
  -h, --help                show this help

Exit codes:
  0  nothing left to migrate
  1  an upload could not be migrated (the report says why), or a file could not
     be read as YAML
  2  bad usage, nothing to migrate, or a failure`;

/** Passes of migrate-and-lint-again per file, as ESLint's own fix loop. */
export const MAX_PASSES = 10;

/** The rule whose suggestion the command applies, and that suggestion's message id. */
const RULE = "prefer-trusted-publishing";
export const MIGRATION_SUGGESTION = "migrate";
/** The same suggestion for a job whose tokens are named (GitLab CI/CD): declare the token, drop the credential. */
export const NAMED_TOKEN_MIGRATION_SUGGESTION = "migrateNamed";

interface Output {
  write(text: string): unknown;
}

export interface MigrateIo {
  readonly out: Output;
  readonly err: Output;
  readonly cwd: string;
}

/** One upload with a long-lived token, as the companion rule sees it. */
interface Upload {
  /** The id of the job that uploads (the environment edits are per job). */
  readonly job: string;
  /** Where the upload is, as every message says it: `step 'Publish' of job 'release'`. */
  readonly place: string;
  readonly index: string;
  /** The step's extent (1-based lines, 0-based columns): a report inside it is about this step. */
  readonly start: readonly [number, number];
  readonly end: readonly [number, number];
  readonly form: RegistrationForm;
  /** Why the rule offers no migration for it, in one line (read only when it offers none). */
  readonly reason: string;
}

/** A deployment environment to give a job that publishes with trusted publishing and has none. */
interface EnvironmentEdit {
  readonly job: string;
  readonly name: string;
  readonly changes: readonly Change[];
}

/** What the companion rule saw in one file: its uploads, the credentials written in the file (which no output may show), and environments to add. */
interface Inventory {
  /** The plugin read the file (a workflow). */
  read: boolean;
  readonly uploads: Upload[];
  readonly literals: Set<string>;
  readonly environments: EnvironmentEdit[];
  /** The editor of the text the environments were found in, which writes them. */
  editor?: YamlEditor;
}

/**
 * Which environment migrated jobs get: `undefined` for the one each registry suggests (where it
 * advises one), a name for that name on every migrated job, `null` for none.
 */
export type EnvironmentChoice = string | null | undefined;

/** Per file (by its physical path), refreshed by each lint of the file; cleared after the run. */
const inventory = new Map<string, Inventory>();

/** One line on why the migration suggestion is missing, from what stops migration.ts. */
function reasonOf(publish: Publish): string {
  const stored = publish.credentials.find((credential) => credential.kind === "config-file" || credential.kind === "tool-config");
  if (stored && "step" in stored) return `its credential (${stored.name}) is stored by ${stored.step.named}, which must be edited by hand`;
  if (!publish.supportsTrustedPublishing) {
    const replacement = publish.registry.migration.replacement;
    return replacement
      ? `${publish.tool} cannot do trusted publishing and the step does more than the upload: move the upload to ${replacement.action} by hand`
      : `${publish.tool} cannot do trusted publishing and ${publish.registry.name} names no tool to move the upload to`;
  }
  return "the credential or the job's permissions cannot be edited safely (a value set at run time, a YAML anchor, a flow-style block)";
}

function extentOf(step: Step): Pick<Upload, "start" | "end"> {
  const { start, end } = step.node.loc;
  return { start: [start.line, start.column], end: [end.line, end.column] };
}

/**
 * The companion rule: reports nothing, records the uploads prefer-trusted-publishing reports on
 * (the same question: a trusted-publishing index, reached with a credential), and the
 * environment each job that publishes with trusted publishing and has none would get (its
 * option: `{ environment }`, an EnvironmentChoice).
 */
const inventoryRule: YAMLRule = {
  meta: {
    type: "suggestion",
    schema: [{ type: "object", properties: { environment: { type: ["string", "null"] } }, additionalProperties: false }],
    messages: {},
  },
  create(context) {
    const found: Inventory = { read: false, uploads: [], literals: new Set(), environments: [] };
    const choice = (context.options[0] as { environment?: EnvironmentChoice } | undefined)?.environment;
    inventory.set(context.physicalFilename, found);
    return onCiFile(context, {
      pipeline(pipeline, editor) {
        found.read = true;
        found.editor = editor;
        for (const literal of pipelineCredentialLiteralsIn(pipeline)) found.literals.add(literal);
        const topLevel = pipeline.data.root.path === TOP_LEVEL_FILE || pipeline.data.root.path.endsWith(`/${TOP_LEVEL_FILE}`) ? TOP_LEVEL_FILE : undefined;
        for (const job of pipeline.jobs) {
          if (!job.inLintedFile) continue;
          // As require-publish-environment asks on GitLab: a job that publishes with its token and has no environment.
          const trusted = job.entry("environment") || choice === null ? undefined : namedTrustedPublishIn(job);
          const registry = trusted && registryOf(trusted);
          const changes = registry && (choice !== undefined || registry.environmentSource) ? addEnvironment(job, choice ?? registry.suggestedEnvironment) : undefined;
          if (registry && changes) found.environments.push({ job: job.id, name: choice ?? registry.suggestedEnvironment, changes });
          for (const publish of trustedPublishingPublishesIn(job)) {
            if (publish.authentication !== "credential" || !namedTokenOf(publish)) continue;
            found.uploads.push({
              job: job.id,
              place: publish.step.place,
              index: indexName(publish),
              ...extentOf(publish.step),
              form: namedTokenRegistrationForm(publish, topLevel),
              reason: reasonOf(publish),
            });
          }
        }
      },
      workflow(workflow, editor) {
      found.read = true;
      found.editor = editor;
      const publishes = workflow.jobs.flatMap((job) => trustedPublishingPublishesIn(job)).filter((publish) => publish.authentication === "credential");
      for (const literal of credentialLiteralsIn(workflow)) found.literals.add(literal);
      for (const job of workflow.jobs) {
        // As require-publish-environment asks: any `environment:` counts; a registry that advises one.
        const publish = job.environmentPair || choice === null ? undefined : trustedPublishIn(job);
        const registry = publish && registryOf(publish);
        if (!registry || (choice === undefined && !registry.environmentSource)) continue;
        const name = choice ?? registry.suggestedEnvironment;
        found.environments.push({ job: job.id, name, changes: addJobEnvironment(job, name) });
      }
      for (const publish of publishes) {
        found.uploads.push({
          job: publish.step.job.id,
          place: publish.step.place,
          index: indexName(publish),
          ...extentOf(publish.step),
          form: registrationForm(publish, context.physicalFilename),
          reason: reasonOf(publish),
        });
      }
      },
    });
  },
};

const COMPANION = `${namespace}-migrate`;

function createESLint(cwd: string, environment: EnvironmentChoice): ESLint {
  const config: Linter.Config = {
    files: ["**/*.yml", "**/*.yaml"],
    plugins: {
      [namespace]: plugin,
      [COMPANION]: { rules: { uploads: inventoryRule as unknown as NonNullable<ESLint.Plugin["rules"]>[string] } },
    },
    language: `${namespace}/yaml`,
    rules: { [`${namespace}/${RULE}`]: "error", [`${COMPANION}/uploads`]: ["error", environment === undefined ? {} : { environment }] },
  };
  // Any path the user names, inside the current directory or not (as the main command).
  return new ESLint({ cwd: path.parse(cwd).root, overrideConfigFile: true, overrideConfig: [config], errorOnUnmatchedPattern: false });
}

interface MigrateOptions {
  readonly dryRun: boolean;
  readonly environment: EnvironmentChoice;
  readonly ignorePatterns: readonly string[];
  readonly paths: readonly string[];
}

const MIGRATE_OPTIONS = {
  "dry-run": { type: "boolean" },
  environment: { type: "string" },
  "no-environment": { type: "boolean" },
  "ignore-pattern": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function readOptions(argv: readonly string[]): MigrateOptions | "help" {
  const { tokens } = parseArgs({ args: [...argv], options: MIGRATE_OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const flags = new Set<string>();
  let environment: EnvironmentChoice;
  const ignorePatterns: string[] = [];
  const paths: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") paths.push(token.value);
    if (token.kind !== "option") continue;
    if (!Object.hasOwn(MIGRATE_OPTIONS, token.name)) throw new UsageError(`unknown option '${token.rawName}'`);
    const name = token.name as keyof typeof MIGRATE_OPTIONS;
    if (MIGRATE_OPTIONS[name].type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      flags.add(name);
      continue;
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith("-"))) throw new UsageError(`${token.rawName} needs a value`);
    if (name === "ignore-pattern") {
      ignorePatterns.push(value);
    } else {
      // GitHub's limits for an environment name: not empty, at most 255 characters, one line.
      if (value.trim() === "" || value.length > 255 || /[\r\n]/u.test(value)) throw new UsageError(`--environment takes an environment name, not '${value}'`);
      environment = value;
    }
  }
  if (flags.has("no-environment") && environment !== undefined) throw new UsageError("--environment and --no-environment cannot be used together");
  if (flags.has("help")) return "help";
  return { dryRun: flags.has("dry-run"), environment: flags.has("no-environment") ? null : environment, ignorePatterns, paths };
}

type Suggestion = Linter.LintSuggestion;

/** A report of the rule, with the upload it is about (matched by position) and its migration, if offered. */
interface Finding {
  readonly upload: Upload | undefined;
  readonly line: number;
  readonly suggestion: Suggestion | undefined;
}

function findings(result: ESLint.LintResult): Finding[] {
  const uploads = inventory.get(result.filePath)?.uploads ?? [];
  const used = new Set<Upload>();
  const inside = (upload: Upload, line: number, column: number) =>
    (line > upload.start[0] || (line === upload.start[0] && column >= upload.start[1])) && (line < upload.end[0] || (line === upload.end[0] && column <= upload.end[1]));
  return result.messages
    .filter((message) => message.ruleId === `${namespace}/${RULE}`)
    .map((message) => {
      // Several uploads of one step are reported at the same place, in the same order.
      const upload = uploads.find((candidate) => !used.has(candidate) && inside(candidate, message.line, message.column - 1));
      if (upload) used.add(upload);
      const suggestion = message.suggestions?.find((candidate) => candidate.messageId === MIGRATION_SUGGESTION || candidate.messageId === NAMED_TOKEN_MIGRATION_SUGGESTION);
      return { upload, line: message.line, suggestion };
    });
}

/** The suggestions' edits that do not overlap, applied (the others wait for the next pass, as in ESLint's fix loop). */
function applyNonOverlapping(text: string, chosen: readonly Finding[]): { text: string; applied: Finding[] } {
  const sorted = [...chosen].sort((a, b) => a.suggestion!.fix.range[0] - b.suggestion!.fix.range[0]);
  const applied: Finding[] = [];
  let out = "";
  let last = 0;
  for (const finding of sorted) {
    const { range, text: replacement } = finding.suggestion!.fix;
    if (range[0] < last) continue;
    out += text.slice(last, range[0]) + replacement;
    last = range[1];
    applied.push(finding);
  }
  return { text: out + text.slice(last), applied };
}

export interface FileOutcome {
  readonly file: string;
  readonly before: string;
  readonly after: string;
  /** What was migrated, with its job and registration form when the upload was matched to one. */
  readonly migrated: { readonly label: string; readonly job: string | undefined; readonly form: RegistrationForm | undefined }[];
  /** What was left, each with its one-line reason. */
  readonly left: { readonly label: string; readonly reason: string }[];
  /** A file that could not be read as YAML: the parser's message. */
  readonly unreadable?: string;
  readonly literals: ReadonlySet<string>;
}

/** How the report names an upload: by step and job, or (not matched to one, which should not happen) by line. */
const uploadLabel = (finding: Finding): string =>
  finding.upload ? `${finding.upload.place} (${finding.upload.index})` : `the upload at line ${finding.line}`;

export async function migrateFile(eslint: ESLint, first: ESLint.LintResult): Promise<FileOutcome> {
  const file = first.filePath;
  const before = readFileSync(file, "utf8");
  const literals = new Set<string>();
  const fatal = first.messages.find((message) => message.fatal);
  if (fatal) return { file, before, after: before, migrated: [], left: [], unreadable: `line ${fatal.line}: ${fatal.message}`, literals };
  let text = before;
  let result = first;
  const migrated: FileOutcome["migrated"] = [];
  const left: FileOutcome["left"] = [];
  for (let pass = 0; ; pass++) {
    const found = findings(result);
    for (const literal of inventory.get(file)?.literals ?? []) literals.add(literal);
    const offered = found.filter((finding) => finding.suggestion !== undefined);
    if (offered.length === 0 || pass === MAX_PASSES) {
      for (const finding of found) {
        const reason = finding.suggestion ? `the migration did not settle after ${MAX_PASSES} passes` : (finding.upload?.reason ?? "no migration is offered for it");
        left.push({ label: uploadLabel(finding), reason });
      }
      break;
    }
    const next = applyNonOverlapping(text, offered);
    const [relinted] = await eslint.lintText(next.text, { filePath: file });
    const broken = relinted?.messages.find((message) => message.fatal);
    if (!relinted || broken) {
      // Never write what does not parse: this pass is undone and its uploads are left as they were.
      for (const finding of found) {
        const reason = finding.suggestion
          ? `a migration in this file would leave YAML that does not parse (line ${broken?.line ?? "?"}), so it was not applied`
          : (finding.upload?.reason ?? "no migration is offered for it");
        left.push({ label: uploadLabel(finding), reason });
      }
      break;
    }
    for (const finding of next.applied) migrated.push({ label: uploadLabel(finding), job: finding.upload?.job, form: finding.upload?.form });
    text = next.text;
    result = relinted;
  }
  // An upload migrated in one pass and reported again later was not migrated after all.
  const remaining = new Set(left.map((entry) => entry.label));
  const done = migrated.filter((entry) => !remaining.has(entry.label));
  const withEnvironments = await addEnvironments(eslint, file, text, done);
  return { file, before, after: withEnvironments.text, migrated: withEnvironments.migrated, left, literals };
}

/**
 * Gives each job with a migrated upload the environment the companion rule found for it (jobs
 * with one already, or whose registry advises none, have none to add), in one more pass that is
 * kept only if the result parses. The registration values then name that environment.
 */
async function addEnvironments(eslint: ESLint, file: string, text: string, migrated: FileOutcome["migrated"]): Promise<{ text: string; migrated: FileOutcome["migrated"] }> {
  const jobs = new Set(migrated.map((entry) => entry.job));
  const found = inventory.get(file);
  const environments = (found?.environments ?? []).filter((environment) => jobs.has(environment.job));
  // The environments were found in the last text linted, which is `text`: written in one edit.
  const edits = environments.length > 0 && found?.editor?.text === text ? found.editor.apply(environments.flatMap((environment) => environment.changes)) : undefined;
  if (!edits || edits.length === 0) return { text, migrated };
  const out = applyTextEdits(text, edits);
  const [relinted] = await eslint.lintText(out, { filePath: file });
  if (!relinted || relinted.messages.some((message) => message.fatal)) return { text, migrated };
  const names = new Map(environments.map((environment) => [environment.job, environment.name]));
  return {
    text: out,
    migrated: migrated.map((entry) => {
      const name = entry.job === undefined ? undefined : names.get(entry.job);
      if (name === undefined || entry.form === undefined) return entry;
      const fields = entry.form.fields.map((field) => (field.field === "environment" ? { field: field.field, value: name } : field));
      return { ...entry, form: { ...entry.form, fields } };
    }),
  };
}

/**
 * A diff or a report as printed: any line that holds a credential written in the file shows `***`
 * in its place, a token of a known shape only its public prefix and a password in a URL `***`
 * (the reports' own redaction), wherever it stands (a value, a job id, a step name). A masked
 * diff no longer applies, which the caller says.
 */
function maskSecrets(diff: string, literals: ReadonlySet<string>): { text: string; masked: boolean } {
  const longestFirst = [...literals].filter((literal) => literal !== "").sort((a, b) => b.length - a.length);
  let masked = false;
  const lines = diff.split("\n").map((line) => {
    let out = line;
    for (const literal of longestFirst) out = out.split(literal).join("***");
    out = redactSecrets(out);
    if (out !== line) masked = true;
    return out;
  });
  return { text: lines.join("\n"), masked };
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The order of the fields in a listing, as the registries' forms ask for them. */
const FIELD_ORDER = ["owner", "repository", "workflow", "namespace", "project", "top-level pipeline file", "ref", "environment"];

/**
 * The registration forms, one block per registry, each distinct form once:
 *
 *   PyPI
 *     page:        https://pypi.org/manage/account/publishing/
 *     owner:       acme
 *     …
 */
function registrationBlocks(forms: readonly RegistrationForm[]): string[] {
  const byRegistry = new Map<string, Map<string, RegistrationForm>>();
  for (const form of forms) {
    const blocks = byRegistry.get(form.registry) ?? new Map<string, RegistrationForm>();
    blocks.set(JSON.stringify(form), form);
    byRegistry.set(form.registry, blocks);
  }
  // Names line up (GitLab's "top-level pipeline file" is longer than GitHub's field names).
  const width = Math.max(13, ...forms.flatMap((form) => form.fields.map((field) => field.field.length + 2)));
  const line = (name: string, value: string) => `  ${`${name}:`.padEnd(width)}${value}`;
  return [...byRegistry].map(([registry, blocks]) => {
    const entries = [...blocks.values()].map((form) => {
      const fields = [...form.fields].sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
      return [
        ...(form.index === registry ? [] : [line("index", form.index)]),
        line("page", form.page),
        // A value with a note: the workflow file of a called workflow, and which workflow the registry matches.
        ...fields.map(({ field, value, note }) => line(field, value === undefined ? `(${note ?? "unknown"})` : note === undefined ? value : `${value} (${note})`)),
      ].join("\n");
    });
    return `${registry}\n${entries.join("\n\n")}`;
  });
}

function report(outcomes: readonly FileOutcome[], dryRun: boolean, cwd: string): string {
  const out: string[] = [];
  const label = (file: string) => relativeTo(cwd, file) ?? file;
  for (const outcome of outcomes) {
    if (outcome.migrated.length === 0 && outcome.left.length === 0 && outcome.unreadable === undefined) continue;
    out.push(label(outcome.file));
    if (outcome.unreadable !== undefined) out.push(`  not read: not valid YAML (${outcome.unreadable})`);
    for (const { label: what } of outcome.migrated) out.push(`  ${dryRun ? "would migrate" : "migrated"}: ${what}`);
    for (const { label: what, reason } of outcome.left) out.push(`  not migrated: ${what}: ${reason}`);
  }
  const migrated = outcomes.flatMap((outcome) => outcome.migrated);
  const left = outcomes.reduce((sum, outcome) => sum + outcome.left.length, 0);
  const unreadable = outcomes.filter((outcome) => outcome.unreadable !== undefined).length;
  if (migrated.length > 0) {
    out.push(
      "",
      `Register these trusted publishers${dryRun ? " when you apply the edits" : ""}, then delete the token secrets and revoke the tokens:`,
      ...registrationBlocks(migrated.flatMap((entry) => (entry.form ? [entry.form] : []))).flatMap((block) => ["", block]),
    );
  }
  const files = new Set(outcomes.filter((outcome) => outcome.migrated.length > 0).map((outcome) => outcome.file)).size;
  const summary: string[] = [];
  if (migrated.length > 0) summary.push(`${dryRun ? "Would migrate" : "Migrated"} ${plural(migrated.length, "upload")} in ${plural(files, "file")}.`);
  if (left > 0) summary.push(`${plural(left, "upload")} could not be migrated.`);
  if (unreadable > 0) summary.push(`${plural(unreadable, "file")} could not be read as YAML.`);
  if (summary.length === 0) summary.push(`Nothing to migrate: no upload with a long-lived token in ${plural(outcomes.length, "workflow file")}.`);
  out.push("", summary.join(" "));
  return `${out.join("\n").replace(/^\n/u, "")}\n`;
}

export async function runMigrate(argv: readonly string[], io: MigrateIo): Promise<number> {
  const name = `${COMMAND} migrate`;
  const root = repositoryRoot(io.cwd);
  const label = (file: string) => relativeTo(root, file) ?? path.relative(io.cwd, file).split(path.sep).join("/");
  let options;
  let files: readonly string[];
  try {
    options = readOptions(argv);
    if (options === "help") {
      io.out.write(`${MIGRATE_USAGE}\n`);
      return 0;
    }
    const targets = readTargets(options.paths, io.cwd);
    const selection = await selectFiles(targets, builtInMatcher(options.ignorePatterns, io.cwd));
    for (const file of selection.ignored) io.err.write(`${name}: ${label(file)}: not migrated: an --ignore-pattern matches it\n`);
    // An action's publishing is migrated where it runs, in the workflows that call it: actions
    // found in a directory are passed over, one named on the command line is said to be.
    const named = new Set(targets.files);
    for (const file of selection.files.filter((file) => isActionFile(file) && named.has(file))) {
      io.err.write(`${name}: ${label(file)}: not migrated: an action is migrated in the workflows that use it\n`);
    }
    files = selection.files.filter((file) => !isActionFile(file));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err.write(`${name}: ${error.message}\nSee '${name} --help'.\n`);
    return 2;
  }
  const eslint = createESLint(io.cwd, options.environment);
  const outcomes: FileOutcome[] = [];
  try {
    // ESLint lints its whole working directory when given no file: never hand it none.
    const results = files.length > 0 ? await eslint.lintFiles([...files]) : [];
    for (const result of results) {
      // A file the plugin could not read (not a workflow) has nothing to migrate: said, not counted.
      if (result.fatalErrorCount === 0 && inventory.get(result.filePath)?.read !== true) {
        io.err.write(`${name}: ${label(result.filePath)}: not migrated: not a GitHub Actions workflow or GitLab CI/CD pipeline\n`);
        continue;
      }
      outcomes.push(await migrateFile(eslint, result));
    }
  } finally {
    inventory.clear();
  }
  if (outcomes.length === 0) {
    io.err.write(`${name}: nothing to migrate in ${options.paths.length > 0 ? options.paths.join(", ") : "."}: the plugin lints ${lintedFilesDescription()}\n`);
    return 2;
  }

  if (options.dryRun) {
    for (const outcome of outcomes) {
      const diff = maskSecrets(unifiedDiff(outcome.before, outcome.after, label(outcome.file)), outcome.literals);
      io.out.write(diff.text);
      if (diff.masked) io.err.write(`${name}: the diff of ${label(outcome.file)} hides a credential written in the file, so it does not apply as printed\n`);
    }
  } else {
    for (const outcome of outcomes) if (outcome.after !== outcome.before) writeFileSync(outcome.file, outcome.after);
  }
  // The report names steps and jobs, and their names may hold a secret too (a token as a job id).
  // (Literals too short to be judged secrets are left alone: masking `1` would garble the counts.)
  const literals = new Set(outcomes.flatMap((outcome) => [...outcome.literals]).filter((literal) => literal.length >= MIN_SECRET_LENGTH));
  (options.dryRun ? io.err : io.out).write(maskSecrets(report(outcomes, options.dryRun, io.cwd), literals).text);
  return outcomes.some((outcome) => outcome.left.length > 0 || outcome.unreadable !== undefined) ? 1 : 0;
}
