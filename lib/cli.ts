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
import { DATA_DATE } from "./data/actions.js";
import { relativeTo, repositoryRoot } from "./formatters/paths.js";

const USAGE = `Usage: trusted-publishing [options] [path ...]

Lints GitHub Actions workflows for publishing mistakes: trusted publishing without
id-token: write, hard-coded credentials, outdated actions, long-lived PyPI tokens.

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

const isFormat = (value: string): value is Format => (FORMATS as readonly string[]).includes(value);

function readOptions(argv: readonly string[]): Options | "help" | "version" {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        fix: { type: "boolean", default: false },
        "fix-dry-run": { type: "boolean", default: false },
        format: { type: "string", short: "f", default: "stylish" },
        "output-file": { type: "string", short: "o" },
        "max-warnings": { type: "string" },
        config: { type: "string", short: "c" },
        help: { type: "boolean", short: "h", default: false },
        version: { type: "boolean", short: "v", default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (values.version) return "version";
  const format = values.format;
  if (!isFormat(format)) throw new UsageError(`Unknown format '${format}'. Use one of: ${FORMATS.join(", ")}.`);
  if (values.fix && values["fix-dry-run"]) throw new UsageError("--fix and --fix-dry-run cannot be used together.");
  if (values["fix-dry-run"] && (format === "json" || format === "sarif") && values["output-file"] === undefined) {
    throw new UsageError(`--fix-dry-run prints a diff on standard output; with --format ${format}, write the report with --output-file.`);
  }
  let maxWarnings: number | undefined;
  const limit = values["max-warnings"];
  if (limit !== undefined) {
    if (!/^\d+$/u.test(limit)) throw new UsageError(`--max-warnings takes a number of warnings (0 or more), not '${limit}'.`);
    maxWarnings = Number(limit);
  }
  return {
    fix: values.fix,
    fixDryRun: values["fix-dry-run"],
    format,
    outputFile: values["output-file"],
    maxWarnings,
    config: values.config,
    paths: positionals.length > 0 ? positionals : ["."],
  };
}

/** What to hand ESLint for one path the user gave. */
function lintTarget(given: string, cwd: string): string {
  const absolute = path.resolve(cwd, given);
  if (!existsSync(absolute)) throw new UsageError(`No such file or directory: ${given}`);
  if (!statSync(absolute).isDirectory()) return absolute;
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
    if (!existsSync(configFile) || statSync(configFile).isDirectory()) throw new UsageError(`No such config file: ${options.config}`);
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
      } else if (entry.isFile() && /\.ya?ml$/u.test(entry.name)) {
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

async function report(format: Format, eslint: ESLint, lintResults: ESLint.LintResult[], root: string): Promise<string> {
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
    const tool = { name: "trusted-publishing", version: plugin.meta.version, informationUri: REPOSITORY_URL };
    return formatSarif(results, eslint.getRulesMetaForResults(results), { root, tool });
  }
  if (format === "github") {
    const { formatGithub } = await import("./formatters/github.js");
    return formatGithub(results, root);
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

const withNewline = (text: string): string => (text === "" || text.endsWith("\n") ? text : `${text}\n`);

export async function run(argv: readonly string[], io: Io = { out: process.stdout, err: process.stderr, cwd: process.cwd() }): Promise<number> {
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
      // The action data's date too: what no-outdated-actions knows is as of that day.
      io.out.write(`${plugin.meta.version} (action data ${DATA_DATE})\n`);
      return 0;
    }
    targets = options.paths.map((given) => lintTarget(given, io.cwd));
    eslint = createESLint(options, io.cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err.write(`trusted-publishing: ${error.message}\n\n${USAGE}\n`);
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
  const output = withNewline(await report(options.format, eslint, results, root));
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
    io.err.write(`trusted-publishing: ${warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`);
    return 1;
  }
  return 0;
}
