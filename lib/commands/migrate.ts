/**
 * `trusted-publishing migrate [path ...] [--dry-run]`: the editor's "switch to trusted publishing"
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
 * Exit codes, as the main command's: 0 nothing left to migrate (everything found was migrated,
 * or would be with --dry-run; or nothing to migrate), 1 an upload with a long-lived token could
 * not be migrated or a file could not be read as YAML, 2 bad usage, no workflow file, a failure.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ESLint, type Linter } from "eslint";
import plugin, { namespace } from "../index.js";
import type { YAMLRule } from "../rule-creator.js";
import { onWorkflow } from "../workflow/index.js";
import type { Step, Workflow } from "../workflow/model.js";
import { indexName, trustedPublishingPublishesIn, type Publish } from "../publishing/policy.js";
import { registrationForm, type RegistrationForm } from "../publishing/trusted-publishers.js";
import { redactTokens, valueNature } from "../publishing/credentials.js";
import { credentialPositions } from "../publishing/credential-positions.js";
import { unifiedDiff } from "../formatters/diff.js";
import { relativeTo, repositoryRoot } from "../formatters/paths.js";

export const MIGRATE_USAGE = `Usage: trusted-publishing migrate [options] [path ...]

Moves every upload that uses a long-lived token to trusted publishing: the edits
the editor suggestion of prefer-trusted-publishing makes (the credential goes,
the job gets id-token: write, a tool that cannot do trusted publishing hands the
upload to the registry's action). Then lists, per registry, the values of the
trusted-publisher form to fill in there; revoke the old tokens afterwards.

Paths default to the current directory, chosen as the main command does: a
directory that holds .github/workflows is migrated there; any other directory is
searched for *.yml and *.yaml files.

Options:
  --dry-run     print the edits as a unified diff on standard output (it applies
                with git apply) and the report on standard error; write nothing
  -h, --help    show this help

Exit codes:
  0  nothing left to migrate: every upload found was migrated (with --dry-run:
     can be), or none uses a long-lived token
  1  an upload could not be migrated (the report says why), or a file could not
     be read as YAML
  2  bad usage, no workflow file found, or a failure`;

/** Passes of migrate-and-lint-again per file, as ESLint's own fix loop. */
export const MAX_PASSES = 10;

/** The rule whose suggestion the command applies, and that suggestion's message id. */
const RULE = "prefer-trusted-publishing";
export const MIGRATION_SUGGESTION = "migrate";

interface Output {
  write(text: string): unknown;
}

export interface MigrateIo {
  readonly out: Output;
  readonly err: Output;
  readonly cwd: string;
}

class UsageError extends Error {}

/** One upload with a long-lived token, as the companion rule sees it. */
interface Upload {
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

/** What the companion rule saw in one file: its uploads, and the credentials written in the file, which no output may show. */
interface Inventory {
  readonly uploads: Upload[];
  readonly literals: Set<string>;
}

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

/** The credentials written in the workflow as literals: every credential place no-hardcoded-credentials reads, and the uploads' own. */
function literalsIn(workflow: Workflow, publishes: readonly Publish[]): string[] {
  const values = [
    ...credentialPositions(workflow, { additionalNames: [] }).map((position) => position.value),
    ...publishes.flatMap((publish) =>
      publish.credentials.map((credential) =>
        credential.kind === "env" ? credential.variable.value : credential.kind === "input" ? credential.input.value : "value" in credential ? credential.value : undefined,
      ),
    ),
  ];
  return values.filter((value): value is string => value !== undefined && valueNature(value) === "literal").map((value) => value.trim());
}

function extentOf(step: Step): Pick<Upload, "start" | "end"> {
  const { start, end } = step.node.loc;
  return { start: [start.line, start.column], end: [end.line, end.column] };
}

/**
 * The companion rule: reports nothing, records the uploads prefer-trusted-publishing reports on
 * (the same question: a trusted-publishing index, reached with a credential).
 */
const inventoryRule: YAMLRule = {
  meta: { type: "suggestion", schema: [], messages: {} },
  create(context) {
    const found: Inventory = { uploads: [], literals: new Set() };
    inventory.set(context.physicalFilename, found);
    return onWorkflow(context, (workflow) => {
      const publishes = workflow.jobs.flatMap((job) => trustedPublishingPublishesIn(job)).filter((publish) => publish.authentication === "credential");
      for (const literal of literalsIn(workflow, publishes)) found.literals.add(literal);
      for (const publish of publishes) {
        found.uploads.push({
          place: publish.step.place,
          index: indexName(publish),
          ...extentOf(publish.step),
          form: registrationForm(publish, context.physicalFilename),
          reason: reasonOf(publish),
        });
      }
    });
  },
};

const COMPANION = `${namespace}-migrate`;

function createESLint(cwd: string): ESLint {
  const config: Linter.Config = {
    files: ["**/*.yml", "**/*.yaml"],
    plugins: {
      [namespace]: plugin,
      [COMPANION]: { rules: { uploads: inventoryRule as unknown as NonNullable<ESLint.Plugin["rules"]>[string] } },
    },
    language: `${namespace}/yaml`,
    rules: { [`${namespace}/${RULE}`]: "error", [`${COMPANION}/uploads`]: "error" },
  };
  // Any path the user names, inside the current directory or not (as the main command).
  return new ESLint({ cwd: path.parse(cwd).root, overrideConfigFile: true, overrideConfig: [config], errorOnUnmatchedPattern: false });
}

function readOptions(argv: readonly string[]): { dryRun: boolean; paths: string[] } | "help" {
  const options = { "dry-run": { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;
  const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  let dryRun = false;
  let help = false;
  const paths: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") paths.push(token.value);
    if (token.kind !== "option") continue;
    if (!Object.hasOwn(options, token.name)) throw new UsageError(`unknown option '${token.rawName}'`);
    if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
    if (token.name === "help") help = true;
    else dryRun = true;
  }
  return help ? "help" : { dryRun, paths: paths.length > 0 ? paths : ["."] };
}

/** What to migrate for one path the user gave: as the main command chooses what to lint. */
function target(given: string, cwd: string): string {
  const absolute = path.resolve(cwd, given);
  if (!existsSync(absolute)) throw new UsageError(`no such file or directory: ${given}`);
  if (!statSync(absolute).isDirectory()) {
    if (!/\.ya?ml$/u.test(absolute)) throw new UsageError(`not a YAML file (*.yml, *.yaml): ${given}`);
    return absolute;
  }
  const workflows = path.join(absolute, ".github", "workflows");
  return existsSync(workflows) && statSync(workflows).isDirectory() ? workflows : absolute;
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
      const suggestion = message.suggestions?.find((candidate) => candidate.messageId === MIGRATION_SUGGESTION);
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
  /** What was migrated, with its registration form when the upload was matched to one. */
  readonly migrated: { readonly label: string; readonly form: RegistrationForm | undefined }[];
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
    for (const finding of next.applied) migrated.push({ label: uploadLabel(finding), form: finding.upload?.form });
    text = next.text;
    result = relinted;
  }
  // An upload migrated in one pass and reported again later was not migrated after all.
  const remaining = new Set(left.map((entry) => entry.label));
  return { file, before, after: text, migrated: migrated.filter((entry) => !remaining.has(entry.label)), left, literals };
}

/**
 * The diff as printed: any line that holds a credential written in the file shows `***` in its
 * place, and a token of a known shape only its public prefix (the reports' own redaction). A
 * masked diff no longer applies, which the caller says.
 */
function maskSecrets(diff: string, literals: ReadonlySet<string>): { text: string; masked: boolean } {
  const longestFirst = [...literals].filter((literal) => literal !== "").sort((a, b) => b.length - a.length);
  let masked = false;
  const lines = diff.split("\n").map((line) => {
    let out = line;
    for (const literal of longestFirst) out = out.split(literal).join("***");
    out = redactTokens(out);
    if (out !== line) masked = true;
    return out;
  });
  return { text: lines.join("\n"), masked };
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The order of the fields in a listing, as the registries' forms ask for them. */
const FIELD_ORDER = ["owner", "repository", "workflow", "environment"];

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
  const line = (name: string, value: string) => `  ${`${name}:`.padEnd(13)}${value}`;
  return [...byRegistry].map(([registry, blocks]) => {
    const entries = [...blocks.values()].map((form) => {
      const fields = [...form.fields].sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
      return [
        ...(form.index === registry ? [] : [line("index", form.index)]),
        line("page", form.page),
        ...fields.map(({ field, value, note }) => line(field, value ?? `(${note ?? "unknown"})`)),
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
  let options;
  let targets: string[];
  try {
    options = readOptions(argv);
    if (options === "help") {
      io.out.write(`${MIGRATE_USAGE}\n`);
      return 0;
    }
    targets = options.paths.map((given) => target(given, io.cwd));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err.write(`trusted-publishing migrate: ${error.message}\nSee 'trusted-publishing migrate --help'.\n`);
    return 2;
  }
  const eslint = createESLint(io.cwd);
  const outcomes: FileOutcome[] = [];
  try {
    const results = await eslint.lintFiles(targets);
    for (const result of results) outcomes.push(await migrateFile(eslint, result));
  } finally {
    inventory.clear();
  }
  if (outcomes.length === 0) {
    io.err.write(`trusted-publishing migrate: no workflow files (*.yml, *.yaml) found in ${options.paths.join(", ")}\n`);
    return 2;
  }

  if (options.dryRun) {
    const root = repositoryRoot(io.cwd);
    for (const outcome of outcomes) {
      const label = relativeTo(root, outcome.file) ?? path.relative(io.cwd, outcome.file).split(path.sep).join("/");
      const diff = maskSecrets(unifiedDiff(outcome.before, outcome.after, label), outcome.literals);
      io.out.write(diff.text);
      if (diff.masked) io.err.write(`trusted-publishing migrate: the diff of ${label} hides a credential written in the file, so it does not apply as printed\n`);
    }
  } else {
    for (const outcome of outcomes) if (outcome.after !== outcome.before) writeFileSync(outcome.file, outcome.after);
  }
  (options.dryRun ? io.err : io.out).write(report(outcomes, options.dryRun, io.cwd));
  return outcomes.some((outcome) => outcome.left.length > 0 || outcome.unreadable !== undefined) ? 1 : 0;
}
