/**
 * `trusted-publishing`: the zero-config command, for projects without an ESLint setup.
 * It runs ESLint's API with this plugin's recommended rules over workflow files (or with the
 * project's own `eslint.config.*` given by `--config`), and reports in the format the place it
 * runs in understands: a terminal (stylish), a script (json), GitHub code scanning (sarif) or a
 * GitHub Actions log (github).
 *
 * Exit codes: 0 clean (warnings allowed up to --max-warnings), 1 an error-level finding remains
 * or too many warnings, 2 bad usage, nothing to lint, or a failure (e.g. a config that does not
 * load).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ESLint, type Linter } from "eslint";
import plugin from "./index.js";
import { REPOSITORY_URL } from "./rule-creator.js";
import { DATA_DATE, OLDEST_SNAPSHOT } from "./data/actions.js";
import { relativeTo, repositoryRoot } from "./formatters/paths.js";
import { registryNames } from "./registries/index.js";

const USAGE = `Usage: trusted-publishing [options] [path ...]
       trusted-publishing migrate [--dry-run] [path ...]

Lints GitHub Actions workflows for publishing mistakes: trusted publishing without
id-token: write, hard-coded credentials, outdated actions, long-lived ${registryNames()} tokens.

Paths default to the current directory. A directory that holds .github/workflows
is linted there; any other directory is searched for *.yml and *.yaml files.

Options:
  --fix                     apply the safe fixes to the files
  --fix-dry-run             print the safe fixes as a unified diff; change nothing
  -f, --format <name>       stylish (default), json, sarif (GitHub code scanning)
                            or github (annotations in a GitHub Actions log)
  -o, --output-file <path>  write the report to a file instead of standard output
  --max-warnings <n>        fail (exit 1) when there are more than n warnings
  -c, --config <path>       lint with this eslint.config.* instead of the built-in
                            config (the recommended rules on every *.yml / *.yaml)
  -h, --help                show this help
  -v, --version             show the version and the date of the action data

Commands:
  migrate                   move uploads with long-lived tokens to trusted
                            publishing (see 'trusted-publishing migrate --help')

Exit codes:
  0  no error-level finding and no more warnings than --max-warnings
  1  error-level findings remain, or more warnings than --max-warnings
  2  bad usage, no workflow file found, or a failure (such as a config that
     does not load)`;

export const FORMATS = ["stylish", "json", "sarif", "github"] as const;
type Format = (typeof FORMATS)[number];

/** Above this many files, and on a terminal, a progress line is kept on stderr. */
export const PROGRESS_THRESHOLD = 20;
const PROGRESS_CHUNK = 8;

class UsageError extends Error {}

interface Options {
  readonly fix: boolean;
  readonly fixDryRun: boolean;
  readonly format: Format;
  readonly outputFile: string | undefined;
  readonly maxWarnings: number | undefined;
  readonly config: string | undefined;
  readonly paths: readonly string[];
}

/** Where the command writes: process.stdout/stderr, or a test's stand-ins. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface Io {
  readonly out: Output;
  readonly err: Output;
  readonly cwd: string;
}

/** What the built-in config lints, and what a file named on the command line must be. */
const YAML_FILE = /\.ya?ml$/u;

const isFormat = (value: string): value is Format => (FORMATS as readonly string[]).includes(value);

const OPTIONS = {
  fix: { type: "boolean" },
  "fix-dry-run": { type: "boolean" },
  format: { type: "string", short: "f" },
  "output-file": { type: "string", short: "o" },
  "max-warnings": { type: "string" },
  config: { type: "string", short: "c" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

type OptionName = keyof typeof OPTIONS;

/** `--name` and `-x` for every option, to tell a missing value from a value. */
const OPTION_FLAGS = new Set(["--", ...Object.entries(OPTIONS).flatMap(([name, option]) => ["--" + name, ...("short" in option ? ["-" + option.short] : [])])]);

/**
 * Reads the command line. Node's parser runs in its lenient mode and the command judges the
 * tokens itself, so that every mistake gets a message in the command's words (Node's own call
 * `--max-warnings -1` "ambiguous" and suggest `--max-warnings=-XYZ`).
 */
function readOptions(argv: readonly string[]): Options | "help" | "version" {
  const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const values: Partial<Record<OptionName, string | boolean>> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") positionals.push(token.value);
    if (token.kind !== "option") continue;
    if (!Object.hasOwn(OPTIONS, token.name)) throw new UsageError(`unknown option '${token.rawName}'`);
    const name = token.name as OptionName;
    if (OPTIONS[name].type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      values[name] = true;
    } else {
      const value = token.value;
      if (value === undefined || (!token.inlineValue && OPTION_FLAGS.has(value))) throw new UsageError(`${token.rawName} needs a value`);
      values[name] = value;
    }
  }
  if (values.help) return "help";
  if (values.version) return "version";
  const format = (values.format as string | undefined) ?? "stylish";
  if (!isFormat(format)) throw new UsageError(`unknown format '${format}'; use one of: ${FORMATS.join(", ")}`);
  const fix = values.fix === true;
  const fixDryRun = values["fix-dry-run"] === true;
  const outputFile = values["output-file"] as string | undefined;
  if (fix && fixDryRun) throw new UsageError("--fix and --fix-dry-run cannot be used together");
  if (fixDryRun && (format === "json" || format === "sarif") && outputFile === undefined) {
    throw new UsageError(`--fix-dry-run prints a diff on standard output; with --format ${format}, write the report with --output-file`);
  }
  let maxWarnings: number | undefined;
  const limit = values["max-warnings"] as string | undefined;
  if (limit !== undefined) {
    if (!/^\d+$/u.test(limit)) throw new UsageError(`--max-warnings takes a number of warnings (0 or more), not '${limit}'`);
    maxWarnings = Number(limit);
  }
  return {
    fix,
    fixDryRun,
    format,
    outputFile,
    maxWarnings,
    config: values.config as string | undefined,
    paths: positionals.length > 0 ? positionals : ["."],
  };
}

/** What to hand ESLint for one path the user gave. */
function lintTarget(given: string, cwd: string): string {
  const absolute = path.resolve(cwd, given);
  if (!existsSync(absolute)) throw new UsageError(`no such file or directory: ${given}`);
  if (!statSync(absolute).isDirectory()) {
    if (!YAML_FILE.test(absolute)) throw new UsageError(`not a YAML file (*.yml, *.yaml): ${given}`);
    return absolute;
  }
  const workflows = path.join(absolute, ".github", "workflows");
  return existsSync(workflows) && statSync(workflows).isDirectory() ? workflows : absolute;
}

/** The recommended rules, applied to every YAML file the command is pointed at. */
export function commandConfig(): Linter.Config[] {
  return plugin.configs.recommended.map((config) => ({ ...config, files: ["**/*.yml", "**/*.yaml"] }));
}

function createESLint(options: Options, cwd: string): ESLint {
  const common = { fix: options.fix || options.fixDryRun, errorOnUnmatchedPattern: false };
  if (options.config !== undefined) {
    const configFile = path.resolve(cwd, options.config);
    if (!existsSync(configFile) || statSync(configFile).isDirectory()) throw new UsageError(`no such config file: ${options.config}`);
    return new ESLint({ ...common, cwd, overrideConfigFile: configFile });
  }
  return new ESLint({
    ...common,
    // Lint any path the user names, inside the current directory or not.
    cwd: path.parse(cwd).root,
    overrideConfigFile: true,
    overrideConfig: commandConfig(),
  });
}

/** The *.yml / *.yaml files under the targets, as ESLint's directory walk would find them. */
function yamlFilesUnder(targets: readonly string[]): { explicit: string[]; found: string[] } {
  const explicit: string[] = [];
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== ".git") walk(full);
      } else if (entry.isFile() && YAML_FILE.test(entry.name)) {
        found.push(full);
      }
    }
  };
  for (const target of targets) {
    if (statSync(target).isDirectory()) walk(target);
    else explicit.push(target);
  }
  return { explicit, found };
}

/**
 * Lints the targets. On a terminal with many files, lints them in small batches and keeps a
 * progress line on stderr (erased at the end); otherwise one ESLint call does it all.
 */
async function lint(eslint: ESLint, targets: readonly string[], err: Output): Promise<ESLint.LintResult[]> {
  if (!err.isTTY) return eslint.lintFiles([...targets]);
  const { explicit, found } = yamlFilesUnder(targets);
  if (explicit.length + found.length <= PROGRESS_THRESHOLD) return eslint.lintFiles([...targets]);
  // Files found in directories are linted only where a config applies, as lintFiles(dir) does.
  const files = [...explicit];
  for (const file of found) if (!(await eslint.isPathIgnored(file))) files.push(file);
  const results: ESLint.LintResult[] = [];
  for (let done = 0; done < files.length; done += PROGRESS_CHUNK) {
    err.write(`\r\x1b[2Ktrusted-publishing: linting ${done}/${files.length} files…`);
    results.push(...(await eslint.lintFiles(files.slice(done, done + PROGRESS_CHUNK))));
  }
  err.write("\r\x1b[2K");
  return results;
}

async function report(format: Format, eslint: ESLint, lintResults: ESLint.LintResult[], root: string, color: boolean): Promise<string> {
  // A report never repeats a secret. ESLint's results carry the file's text (`source`, and
  // `output` after fixes), and a fix's text spans the original text between its edits (ESLint
  // merges a suggestion's edits into one), which the json formatter would print. Reports carry
  // findings only: where a fix applies, not its text (use --fix or --fix-dry-run for that).
  const results = lintResults.map((result) => ({
    ...result,
    source: undefined,
    output: undefined,
    messages: result.messages.map(({ fix, suggestions, ...message }) => ({
      ...message,
      ...(fix ? { fix: { range: fix.range } } : {}),
      ...(suggestions ? { suggestions: suggestions.map(({ desc, messageId }) => ({ desc, messageId })) } : {}),
    })),
  })) as ESLint.LintResult[];
  if (format === "sarif") {
    const { formatSarif } = await import("./formatters/sarif.js");
    const { ruleHelpMarkdown } = await import("./formatters/rule-help.js");
    const tool = { name: "trusted-publishing", version: plugin.meta.version, informationUri: REPOSITORY_URL };
    const helpMarkdown = (ruleId: string) => ruleHelpMarkdown(ruleId, plugin.meta.namespace);
    return formatSarif(results, eslint.getRulesMetaForResults(results), { root, tool, helpMarkdown });
  }
  if (format === "github") {
    const { formatGithub } = await import("./formatters/github.js");
    return formatGithub(results, root);
  }
  if (format === "stylish") {
    const { formatStylish } = await import("./formatters/stylish.js");
    return formatStylish(results, { color });
  }
  const formatter = await eslint.loadFormatter(format);
  return formatter.format(results);
}

async function dryRunDiff(results: readonly ESLint.LintResult[], root: string, cwd: string): Promise<string> {
  const { unifiedDiff } = await import("./formatters/diff.js");
  return results
    .filter((result) => result.output !== undefined)
    .map((result) => {
      const label = relativeTo(root, result.filePath) ?? path.relative(cwd, result.filePath).split(path.sep).join("/");
      return unifiedDiff(readFileSync(result.filePath, "utf8"), result.output!, label);
    })
    .join("");
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

const withNewline = (text: string): string => (text === "" || text.endsWith("\n") ? text : `${text}\n`);

export async function run(argv: readonly string[], io: Io = { out: process.stdout, err: process.stderr, cwd: process.cwd() }): Promise<number> {
  // `migrate` as the first word is the subcommand (a directory of that name is `./migrate`).
  if (argv[0] === "migrate") {
    const { runMigrate } = await import("./commands/migrate.js");
    return runMigrate(argv.slice(1), io);
  }
  let options;
  let targets: string[];
  let eslint: ESLint;
  try {
    options = readOptions(argv);
    if (options === "help") {
      io.out.write(`${USAGE}\n`);
      return 0;
    }
    if (options === "version") {
      // The action data's dates too: when it was read, and how old its oldest snapshot is (what
      // the action rules know of that action is as of that day).
      io.out.write(`${plugin.meta.version} (${actionDataAge()})\n`);
      return 0;
    }
    targets = options.paths.map((given) => lintTarget(given, io.cwd));
    eslint = createESLint(options, io.cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err.write(`trusted-publishing: ${error.message}\nSee 'trusted-publishing --help'.\n`);
    return 2;
  }

  const results = await lint(eslint, targets, io.err);
  if (results.length === 0) {
    io.err.write(`trusted-publishing: no workflow files (*.yml, *.yaml) found in ${options.paths.join(", ")}\n`);
    return 2;
  }
  if (options.fix) await ESLint.outputFixes(results);

  const root = repositoryRoot(io.cwd);
  if (options.fixDryRun) io.out.write(await dryRunDiff(results, root, io.cwd));
  const color = options.outputFile === undefined && io.out.isTTY === true && !process.env.NO_COLOR;
  const output = withNewline(await report(options.format, eslint, results, root, color));
  if (options.outputFile !== undefined) {
    const file = path.resolve(io.cwd, options.outputFile);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, output);
  } else {
    io.out.write(output);
  }

  const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
  const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
  if (errors > 0) return 1;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.err.write(`trusted-publishing: ${plural(warnings, "warning")}, more than --max-warnings ${options.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** `action data read 2026-12-04, oldest snapshot 2024-03-08 (pypa/gh-action-pypi-publish)`. */
export function actionDataAge(): string {
  return `action data read ${DATA_DATE}, oldest snapshot ${OLDEST_SNAPSHOT.date} (${OLDEST_SNAPSHOT.action})`;
}
