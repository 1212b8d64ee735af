/**
 * `trusted-publishing`: the zero-config command, for projects without an ESLint setup.
 * It runs ESLint's API with this plugin's recommended rules over workflow files.
 *
 * Exit codes: 0 clean (warnings allowed), 1 an error-level finding remains, 2 bad usage or
 * nothing to lint.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ESLint, type Linter } from "eslint";
import plugin from "./index.js";

const USAGE = `Usage: trusted-publishing [options] [path ...]

Lints GitHub Actions workflows for publishing mistakes: trusted publishing without
id-token: write, hard-coded credentials, outdated actions, long-lived PyPI tokens.

Paths default to the current directory. A directory that holds .github/workflows
is linted there; any other directory is searched for *.yml and *.yaml files.

Options:
  --fix              apply the safe fixes to the files
  --format <name>    output format: stylish (default) or json
  -h, --help         show this help
  -v, --version      show the version

Exit codes: 0 no error-level finding, 1 error-level findings remain,
2 bad usage or no workflow file found.`;

const FORMATS = new Set(["stylish", "json"]);

class UsageError extends Error {}

interface Options {
  readonly fix: boolean;
  readonly format: string;
  readonly paths: readonly string[];
}

function readOptions(argv: readonly string[]): Options | "help" | "version" {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        fix: { type: "boolean", default: false },
        format: { type: "string", default: "stylish" },
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
  if (!FORMATS.has(values.format)) throw new UsageError(`Unknown format '${values.format}'. Use one of: ${[...FORMATS].join(", ")}.`);
  return { fix: values.fix, format: values.format, paths: positionals.length > 0 ? positionals : ["."] };
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

export async function run(argv: readonly string[], io = { out: process.stdout, err: process.stderr, cwd: process.cwd() }): Promise<number> {
  let options;
  try {
    options = readOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err.write(`trusted-publishing: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === "help") {
    io.out.write(`${USAGE}\n`);
    return 0;
  }
  if (options === "version") {
    io.out.write(`${plugin.meta.version}\n`);
    return 0;
  }

  let targets: string[];
  try {
    targets = options.paths.map((given) => lintTarget(given, io.cwd));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err.write(`trusted-publishing: ${error.message}\n`);
    return 2;
  }

  const eslint = new ESLint({
    // Lint any path the user names, inside the current directory or not.
    cwd: path.parse(io.cwd).root,
    overrideConfigFile: true,
    overrideConfig: commandConfig(),
    fix: options.fix,
    errorOnUnmatchedPattern: false,
  });
  const results = await eslint.lintFiles(targets);
  if (results.length === 0) {
    io.err.write(`trusted-publishing: no workflow files (*.yml, *.yaml) found in ${options.paths.join(", ")}\n`);
    return 2;
  }
  if (options.fix) await ESLint.outputFixes(results);

  const formatter = await eslint.loadFormatter(options.format);
  const output = await formatter.format(results);
  if (output) io.out.write(output.endsWith("\n") ? output : `${output}\n`);
  return results.some((result) => result.errorCount > 0) ? 1 : 0;
}
