/**
 * `npx eslint-plugin-trusted-publishing`: the zero-config command, for projects without an ESLint
 * setup. It runs ESLint's API with this plugin's recommended rules over the files the plugin lints
 * (or with the project's own `eslint.config.*` given by `--config`), and reports in the format the
 * place it runs in understands: a terminal (stylish), a script (json), GitHub code scanning
 * (sarif), a GitHub Actions log (github) or a GitLab code quality report (gitlab). Its options are ESLint's where ESLint has one.
 *
 * Exit codes: 0 clean (warnings allowed up to --max-warnings), 1 an error-level finding remains
 * or too many warnings, 2 bad usage, nothing to lint, or a failure (e.g. a config that does not
 * load).
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { register } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import { ESLint, type Linter } from "eslint";
import { getStaticYAMLValue, parseYAML } from "yaml-eslint-parser";
import plugin from "./index.js";
import { isActionFile, LINTED_KIND } from "./configs.js";
import { REPOSITORY_URL } from "./rule-creator.js";
import { redactSecrets } from "./publishing/literals.js";
import { DATA_DATE, OLDEST_SNAPSHOT } from "./data/actions.js";
import { relativeTo, repositoryRoot } from "./formatters/paths.js";
import { registryNames } from "./registries/index.js";
import { Recorder, type FileRecord } from "./commands/recorder.js";
import { holdsSecret } from "./commands/secrets.js";
import {
  COMMAND,
  UsageError,
  builtInMatcher,
  configMatcher,
  ignoreConfig,
  lintedFilesDescription,
  readTargets,
  selectFiles,
} from "./commands/files.js";

const USAGE = `Usage: npx ${COMMAND} [options] [path ...]
       npx ${COMMAND} migrate [options] [path ...]

Lints the GitHub Actions workflows that publish packages, to
  ${registryNames()}
Directories (default: the current one) are searched for what
...tp.configs.recommended lints, skipping dependency, build, virtualenv and
version-control folders:
  ${lintedFilesDescription()}
A YAML file named here is linted wherever it is, or said not to be
${LINTED_KIND}.

Options:
  --fix                     apply the safe fixes to the files
  --fix-dry-run             print the safe fixes as a unified diff; change nothing
  -f, --format <name>       stylish (default), json, sarif (GitHub code scanning)
                            github (annotations in a GitHub Actions log) or
                            gitlab (a code quality report for merge requests)
  -o, --output-file <path>  write the report to a file instead of standard output
  --rule <rule: level>      set a rule's level, as eslint --rule does (repeatable):
                            --rule 'require-publish-environment: off'
  --quiet                   report errors only; rules at warn level do not run
  --max-warnings <n>        fail (exit 1) when there are more than n warnings
  --ignore-pattern <glob>   skip matching files, as eslint does (repeatable)
  --color, --no-color       force colors on or off (default: on a terminal)
  -c, --config <path>       lint with this eslint.config.* instead of the
                            recommended rules
  -h, --help                show this help
  -v, --version             show the version and the date of the action data

Commands:
  migrate                   move uploads with long-lived tokens to trusted
                            publishing (see '${COMMAND} migrate --help')

Exit codes:
  0  no error-level finding and no more warnings than --max-warnings
  1  error-level findings remain, or more warnings than --max-warnings
  2  bad usage, nothing to lint, or a failure (such as a config that does not
     load)`;

export const FORMATS = ["stylish", "json", "sarif", "github", "gitlab"] as const;
type Format = (typeof FORMATS)[number];

/** Above this many files, and on a terminal, a progress line is kept on stderr. */
export const PROGRESS_THRESHOLD = 20;
const PROGRESS_CHUNK = 8;

interface Options {
  readonly fix: boolean;
  readonly fixDryRun: boolean;
  readonly format: Format;
  readonly outputFile: string | undefined;
  readonly maxWarnings: number | undefined;
  readonly config: string | undefined;
  readonly rules: Readonly<Record<string, Linter.RuleEntry>>;
  readonly quiet: boolean;
  readonly color: boolean | undefined;
  readonly ignorePatterns: readonly string[];
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

const OPTIONS = {
  fix: { type: "boolean" },
  "fix-dry-run": { type: "boolean" },
  format: { type: "string", short: "f" },
  "output-file": { type: "string", short: "o" },
  rule: { type: "string", multiple: true },
  quiet: { type: "boolean" },
  "max-warnings": { type: "string" },
  "ignore-pattern": { type: "string", multiple: true },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
  config: { type: "string", short: "c" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

type OptionName = keyof typeof OPTIONS;

/** `--name` and `-x` for every option, to tell a missing value from a value. */
const OPTION_FLAGS = new Set(["--", ...Object.entries(OPTIONS).flatMap(([name, option]) => ["--" + name, ...("short" in option ? ["-" + option.short] : [])])]);

const SEVERITIES = new Set<unknown>(["off", "warn", "error", 0, 1, 2]);

/**
 * One `--rule` value, read as ESLint reads it: `id: level`, `id: [level, options]`, or several
 * in braces (`{a: off, b: warn}`), a YAML flow mapping (ESLint's levn syntax is one). A rule of
 * this plugin may be named without its `trusted-publishing/` prefix. With the built-in config,
 * only this plugin's rules exist; with `--config`, the project's config may define others.
 */
export function parseRuleOption(value: string, ownRulesOnly: boolean): Record<string, Linter.RuleEntry> {
  const text = value.trim().startsWith("{") ? value : `{${value}}`;
  let parsed: unknown;
  try {
    parsed = getStaticYAMLValue(parseYAML(text));
  } catch {
    parsed = undefined;
  }
  // `{id}` reads as a key without a value: no level given.
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed) || Object.keys(parsed).length === 0 || Object.values(parsed).includes(null)) {
    throw new UsageError(`--rule takes 'rule: level' (off, warn or error), not '${value}'`);
  }
  const namespace = plugin.meta.namespace;
  const rules: Record<string, Linter.RuleEntry> = {};
  for (const [name, entry] of Object.entries(parsed)) {
    const id = name.includes("/") ? name : `${namespace}/${name}`;
    const own = id.startsWith(`${namespace}/`) && Object.hasOwn(plugin.rules, id.slice(namespace.length + 1));
    if (!own && (ownRulesOnly || !name.includes("/"))) throw new UsageError(`--rule: no rule '${name}'; the rules are: ${Object.keys(plugin.rules).join(", ")}`);
    const severity = Array.isArray(entry) ? entry[0] : entry;
    if (!SEVERITIES.has(severity)) throw new UsageError(`--rule: '${name}' takes a level (off, warn or error), not ${JSON.stringify(severity)}`);
    rules[id] = entry as Linter.RuleEntry;
  }
  return rules;
}

/**
 * Reads the command line. Node's parser runs in its lenient mode and the command judges the
 * tokens itself, so that every mistake gets a message in the command's words (Node's own call
 * `--max-warnings -1` "ambiguous" and suggest `--max-warnings=-XYZ`).
 */
function readOptions(argv: readonly string[]): Options | "help" | "version" {
  const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const values: Partial<Record<OptionName, string | boolean>> = {};
  const lists: Partial<Record<OptionName, string[]>> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") positionals.push(token.value);
    if (token.kind !== "option") continue;
    if (!Object.hasOwn(OPTIONS, token.name)) throw new UsageError(`unknown option '${token.rawName}'`);
    const name = token.name as OptionName;
    const option: { type: string; multiple?: boolean } = OPTIONS[name];
    if (option.type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      values[name] = true;
    } else {
      const value = token.value;
      if (value === undefined || (!token.inlineValue && OPTION_FLAGS.has(value))) throw new UsageError(`${token.rawName} needs a value`);
      values[name] = value;
      if (option.multiple) (lists[name] ??= []).push(value);
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
  if (values.color && values["no-color"]) throw new UsageError("--color and --no-color cannot be used together");
  if (fixDryRun && (format === "json" || format === "sarif" || format === "gitlab") && outputFile === undefined) {
    throw new UsageError(`--fix-dry-run prints a diff on standard output; with --format ${format}, write the report with --output-file`);
  }
  let maxWarnings: number | undefined;
  const limit = values["max-warnings"] as string | undefined;
  if (limit !== undefined) {
    if (!/^\d+$/u.test(limit)) throw new UsageError(`--max-warnings takes a number of warnings (0 or more), not '${limit}'`);
    maxWarnings = Number(limit);
  }
  const config = values.config as string | undefined;
  const rules = Object.assign({}, ...(lists.rule ?? []).map((value) => parseRuleOption(value, config === undefined))) as Record<string, Linter.RuleEntry>;
  return {
    fix,
    fixDryRun,
    format,
    outputFile,
    maxWarnings,
    config,
    rules,
    quiet: values.quiet === true,
    color: values.color ? true : values["no-color"] ? false : undefined,
    ignorePatterns: lists["ignore-pattern"] ?? [],
    paths: positionals,
  };
}

/** The recommended rules, applied to every YAML file the command hands ESLint (which it chose by the configs' own patterns, or was named). */
export function commandConfig(): Linter.Config[] {
  return plugin.configs.recommended.map((config) => ({ ...config, files: ["**/*.yml", "**/*.yaml"] }));
}

/** As `eslint --quiet`: rules at warn level do not run (unless --max-warnings needs them), and only errors are fixed. */
function quietOptions(options: Options): Partial<ESLint.Options> {
  if (!options.quiet) return {};
  return {
    ...(options.maxWarnings === undefined ? { ruleFilter: ({ severity }: { severity: number }) => severity === 2 } : {}),
    ...(options.fix || options.fixDryRun ? { fix: (message: Linter.LintMessage) => message.severity === 2 } : {}),
  };
}

function createESLint(options: Options, cwd: string, recorder: Recorder): ESLint {
  const common = {
    fix: options.fix || options.fixDryRun,
    errorOnUnmatchedPattern: false,
    ...quietOptions(options),
  };
  const overrides: Linter.Config[] = [
    ...(Object.keys(options.rules).length > 0 ? [{ name: `${COMMAND}/rule`, rules: options.rules }] : []),
    recorder.config(),
    ...ignoreConfig(options.ignorePatterns, cwd),
  ];
  if (options.config !== undefined) {
    const configFile = path.resolve(cwd, options.config);
    if (statSync(configFile, { throwIfNoEntry: false })?.isFile() !== true) throw new UsageError(`no such config file: ${options.config}`);
    // The config may import the plugin (and eslint) that only this command's install has.
    register(new URL("./commands/config-hooks.js", import.meta.url), { data: { parentURL: import.meta.url } });
    return new ESLint({ ...common, cwd, overrideConfigFile: configFile, overrideConfig: overrides });
  }
  return new ESLint({
    ...common,
    // Lint any path the user names, inside the current directory or not.
    cwd: path.parse(cwd).root,
    overrideConfigFile: true,
    overrideConfig: [...commandConfig(), ...overrides],
  });
}

/**
 * Lints the files. On a terminal with many files, lints them in small batches and keeps a
 * progress line on stderr (erased at the end); otherwise one ESLint call does it all.
 */
async function lint(eslint: ESLint, files: readonly string[], err: Output): Promise<ESLint.LintResult[]> {
  // ESLint lints its whole working directory when given no file: never hand it none.
  if (files.length === 0) return [];
  if (!err.isTTY || files.length <= PROGRESS_THRESHOLD) return eslint.lintFiles([...files]);
  const results: ESLint.LintResult[] = [];
  for (let done = 0; done < files.length; done += PROGRESS_CHUNK) {
    err.write(`\r\x1b[2K${COMMAND}: linting ${done}/${files.length} files…`);
    results.push(...(await eslint.lintFiles(files.slice(done, done + PROGRESS_CHUNK))));
  }
  err.write("\r\x1b[2K");
  return results;
}

/** A fix as the JSON report shows it: with its text where that repeats no credential of the file, else its range alone. */
function safeFix(fix: Linter.LintMessage["fix"], record: FileRecord | undefined): { range: [number, number]; text?: string } | undefined {
  if (!fix) return undefined;
  return holdsSecret(fix.text, record?.literals ?? []) ? { range: fix.range } : { range: fix.range, text: fix.text };
}

async function report(format: Format, eslint: ESLint, lintResults: ESLint.LintResult[], root: string, color: boolean, recorder: Recorder): Promise<string> {
  // A report never repeats a secret. ESLint's results carry the file's text (`source`, and
  // `output` after fixes), which no report needs. A fix's text spans the original text between
  // its edits (ESLint merges a suggestion's edits into one), so it is kept only where it holds
  // no credential written in the file and no token of a known shape: tools that apply ESLint's
  // JSON fixes get every fix that is safe to print, and the range of the others. Messages pass
  // the redaction once more here, whatever produced them (a parser, another rule).
  const results = lintResults.map((result) => {
    const record = recorder.get(result.filePath);
    return {
      ...result,
      source: undefined,
      output: undefined,
      messages: result.messages.map(({ fix, suggestions, ...message }) => ({
        ...message,
        message: redactSecrets(message.message),
        ...(fix ? { fix: safeFix(fix, record) } : {}),
        ...(suggestions ? { suggestions: suggestions.map(({ desc, messageId, fix: edit }) => ({ desc: redactSecrets(desc), messageId, fix: safeFix(edit, record) })) } : {}),
      })),
    };
  }) as ESLint.LintResult[];
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
  if (format === "gitlab") {
    const { formatGitlab } = await import("./formatters/gitlab.js");
    return formatGitlab(results, root);
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
    .map((result) => unifiedDiff(readFileSync(result.filePath, "utf8"), result.output!, displayPath(result.filePath, root, cwd)))
    .join("");
}

/** A file as messages name it: relative to the repository root, else to the current directory. */
function displayPath(file: string, root: string, cwd: string): string {
  return relativeTo(root, file) ?? path.relative(cwd, file).split(path.sep).join("/");
}

/**
 * Runs what loads the project's config; a CommonJS config whose `require()` finds no package
 * (the plugin, under npx) gets the way out added to Node's message.
 */
async function withConfigHint<T>(config: string | undefined, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (config === undefined || (error as { code?: unknown } | null)?.code !== "MODULE_NOT_FOUND") throw error;
    const reason = String((error as Error).message).split("\n")[0];
    throw new Error(
      `${reason} (from ${config}): a CommonJS config can require() only what the project has installed; ` +
        "install it there, or write the config as an ES module (eslint.config.mjs), which can import the plugin from this command's own install",
      { cause: error },
    );
  }
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

const withNewline = (text: string): string => (text === "" || text.endsWith("\n") ? text : `${text}\n`);

/** Whether the stylish report is coloured: --color / --no-color, else a terminal without NO_COLOR. */
function useColor(options: Options, out: Output): boolean {
  if (options.color !== undefined) return options.color;
  return options.outputFile === undefined && out.isTTY === true && !process.env.NO_COLOR;
}

export async function run(argv: readonly string[], io: Io = { out: process.stdout, err: process.stderr, cwd: process.cwd() }): Promise<number> {
  // `migrate` as the first word is the subcommand (a directory of that name is `./migrate`).
  if (argv[0] === "migrate") {
    const { runMigrate } = await import("./commands/migrate.js");
    return runMigrate(argv.slice(1), io);
  }
  const recorder = new Recorder();
  let options;
  let files: readonly string[];
  let named: ReadonlySet<string> = new Set();
  let eslint: ESLint;
  const root = repositoryRoot(io.cwd);
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
    const targets = readTargets(options.paths, io.cwd);
    named = new Set(targets.files);
    eslint = createESLint(options, io.cwd, recorder);
    const matcher = options.config === undefined ? builtInMatcher(options.ignorePatterns, io.cwd) : configMatcher(eslint);
    const selection = await withConfigHint(options.config, () => selectFiles(targets, matcher));
    for (const file of selection.ignored) {
      const why = options.config === undefined ? "an --ignore-pattern matches it" : `${options.config} ignores it or has no config for it`;
      io.err.write(`${COMMAND}: ${displayPath(file, root, io.cwd)}: not linted: ${why}\n`);
    }
    files = selection.files;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err.write(`${COMMAND}: ${error.message}\nSee '${COMMAND} --help'.\n`);
    return 2;
  }

  const linted = await withConfigHint(options.config, () => lint(eslint, files, io.err));
  // A file the plugin could not read (a GitLab pipeline, an action's metadata, any other YAML)
  // is not clean: it was not checked. With the project's own config, that config decides.
  const unread = options.config === undefined ? linted.filter((result) => result.fatalErrorCount === 0 && recorder.get(result.filePath)?.read !== true) : [];
  // An action found in a directory that is not a composite action (JavaScript, Docker) is not ours
  // to read: left out without a word. One named on the command line is named as not linted.
  for (const result of unread.filter((result) => named.has(result.filePath) || !isActionFile(result.filePath))) {
    io.err.write(`${COMMAND}: ${displayPath(result.filePath, root, io.cwd)}: not linted: not ${LINTED_KIND}\n`);
  }
  const results = linted.filter((result) => !unread.includes(result));
  if (results.length === 0) {
    const where = options.paths.length > 0 ? options.paths.join(", ") : ".";
    io.err.write(`${COMMAND}: nothing to lint in ${where}: the plugin lints ${lintedFilesDescription()}\n`);
    return 2;
  }
  if (options.fix) await ESLint.outputFixes(results);

  if (options.fixDryRun) io.out.write(await dryRunDiff(results, root, io.cwd));
  const shown = options.quiet ? ESLint.getErrorResults(results) : results;
  const output = withNewline(await report(options.format, eslint, shown, root, useColor(options, io.out), recorder));
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
    io.err.write(`${COMMAND}: ${plural(warnings, "warning")}, more than --max-warnings ${options.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** `action data read 2026-12-04, oldest snapshot 2024-03-08 (pypa/gh-action-pypi-publish)`. */
export function actionDataAge(): string {
  return `action data read ${DATA_DATE}, oldest snapshot ${OLDEST_SNAPSHOT.date} (${OLDEST_SNAPSHOT.action})`;
}
