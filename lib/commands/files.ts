/**
 * Which files the command (and `migrate`) lints: the files the plugin's configs lint, found the
 * way `npx eslint .` finds them with `...tp.configs.recommended`, never ESLint's default
 * JavaScript files and never what lives in dependency, build or virtual-environment folders.
 *
 * - A directory is walked for YAML files; a file is kept when the configs' `files` patterns
 *   (`plugin.files`, the one list of what the plugin lints) match it and no `--ignore-pattern`
 *   does. So a kind of file added to the configs is found here with no change.
 * - A file named on the command line is linted wherever it is (a workflow template, an example
 *   outside `.github/workflows`), unless an ignore pattern matches it. Whether the plugin could
 *   read it (a GitHub workflow, not a GitLab pipeline or an action's metadata) is known only
 *   once it is linted: the command says so then.
 * - With the project's own config (`--config`), that config decides, as ESLint does.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ESLint, type Linter } from "eslint";
import plugin from "../index.js";

/** Raised for a mistake in the command line: one line, and a pointer to `--help`. */
export class UsageError extends Error {}

/** The command's name: the package's own, which is what `npx` runs. */
export const COMMAND = "eslint-plugin-trusted-publishing";

/** What the command looks at in a directory at all, and what a file named on the command line must be. */
export const YAML_FILE = /\.ya?ml$/u;

/**
 * Folders never walked into: version control, dependencies, virtual environments (also any folder
 * with a `pyvenv.cfg`), tox and nox environments, build output. A path named on the command line
 * inside one of them is still linted.
 */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([".git", ".hg", ".svn", ".bzr", ".jj", "node_modules", ".venv", "venv", ".tox", ".nox", "build", "dist"]);

/** The marker file of a Python virtual environment (PEP 405), whatever the folder is called. */
const VIRTUALENV_MARKER = "pyvenv.cfg";

/** What the paths of a command line name: files to lint as named, and directories to search. */
export interface Targets {
  readonly files: readonly string[];
  readonly directories: readonly string[];
}

/** Checks the paths of a command line (absolute paths out); `.` when none is given. */
export function readTargets(paths: readonly string[], cwd: string): Targets {
  const files: string[] = [];
  const directories: string[] = [];
  for (const given of paths.length > 0 ? paths : ["."]) {
    const absolute = path.resolve(cwd, given);
    if (!existsSync(absolute)) throw new UsageError(`no such file or directory: ${given}`);
    if (statSync(absolute).isDirectory()) directories.push(absolute);
    else if (YAML_FILE.test(absolute)) files.push(absolute);
    else throw new UsageError(`not a YAML file (*.yml, *.yaml): ${given}`);
  }
  return { files, directories };
}

/** The YAML files under `dir`, in a stable order, not descending into skipped folders. */
export function yamlFilesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    const entries = readdirSync(current, { withFileTypes: true });
    if (current !== dir && entries.some((entry) => entry.isFile() && entry.name === VIRTUALENV_MARKER)) return;
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(full);
      } else if (entry.isFile() && YAML_FILE.test(entry.name)) {
        found.push(full);
      }
    }
  };
  walk(dir);
  return found;
}

/** `--ignore-pattern`s as ESLint reads them: global ignores, relative to the current directory. */
export function ignoreConfig(patterns: readonly string[], cwd: string): Linter.Config[] {
  return patterns.length > 0 ? [{ name: `${COMMAND}/ignore-pattern`, basePath: cwd, ignores: [...patterns] }] : [];
}

/** How the built-in selection marks the files the plugin's configs lint. */
const LINTED = `${plugin.meta.namespace}/linted`;

/**
 * Answers, per file, what the selection needs: whether an ignore pattern (or, with a project
 * config, the lack of a matching config) excludes it, and whether the plugin's configs lint it.
 */
export interface Matcher {
  status(file: string): Promise<"ignored" | "linted" | "other">;
}

/** The built-in matcher: the plugin's `files` patterns, and the ignore patterns. */
export function builtInMatcher(ignorePatterns: readonly string[], cwd: string): Matcher {
  const eslint = new ESLint({
    cwd: path.parse(cwd).root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ["**/*.yml", "**/*.yaml"] }, { files: [...plugin.files], settings: { [LINTED]: true } }, ...ignoreConfig(ignorePatterns, cwd)],
  });
  return {
    async status(file) {
      const config = (await eslint.calculateConfigForFile(file)) as Linter.Config | undefined;
      if (config === undefined) return "ignored";
      return config.settings?.[LINTED] === true ? "linted" : "other";
    },
  };
}

/** A project config's matcher: what it lints (any file it has a config for) and what it ignores. */
export function configMatcher(eslint: ESLint): Matcher {
  return { status: async (file) => ((await eslint.isPathIgnored(file)) ? "ignored" : "linted") };
}

export interface Selection {
  /** Files to lint: the named ones first, then those found in directories, each once. */
  readonly files: readonly string[];
  /** The named files left out by an ignore pattern (or, with a project config, by that config). */
  readonly ignored: readonly string[];
}

/** The files to lint for these targets. */
export async function selectFiles(targets: Targets, matcher: Matcher): Promise<Selection> {
  const files = new Set<string>();
  const ignored: string[] = [];
  for (const file of targets.files) {
    if ((await matcher.status(file)) === "ignored") ignored.push(file);
    else files.add(file);
  }
  for (const dir of targets.directories) {
    for (const file of yamlFilesUnder(dir)) if ((await matcher.status(file)) === "linted") files.add(file);
  }
  return { files: [...files], ignored };
}

/** What the plugin lints, in words, for messages: the patterns with their shared braces. */
export function lintedFilesDescription(): string {
  return plugin.files.join(", ");
}
