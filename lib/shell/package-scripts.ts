/**
 * Commands that run other commands written elsewhere: a package.json script (`npm run release`,
 * `pnpm release`, `yarn release`, `bun run release`, `npm-run-all`/`run-s`/`run-p`), or a script
 * file (`./scripts/publish.sh`, `bash x`, `pwsh x.ps1`). This module reads the command line only;
 * lib/publishing follows the reference through the workspace.
 *
 * Sources: docs.npmjs.com/cli/v11/commands/npm-run (and npm-run-script's pre/post scripts),
 * pnpm.io/cli/run ("pnpm <script>" runs a script when it is not a pnpm command; `-r`, `--filter`),
 * yarnpkg.com/cli/run and classic.yarnpkg.com/en/docs/cli/run, bun.sh/docs/cli/run,
 * github.com/mysticatea/npm-run-all (run-s, run-p, glob patterns).
 */
import { programName } from "./commands.js";
import type { ShellDialect } from "./script.js";

/** Which packages of a workspace a run covers. */
export type PackageSelection =
  | { readonly kind: "current" }
  /** Every workspace package (`pnpm -r`, `npm --workspaces`, `yarn workspaces foreach`). */
  | { readonly kind: "all" }
  /** Packages named or located by filters (`pnpm --filter a`, `npm -w packages/a`, `yarn workspace a`). */
  | { readonly kind: "filtered"; readonly filters: readonly string[] };

export interface PackageScriptRun {
  /** The package manager, for its hook rules (npm and Yarn Classic run `pre<name>`/`post<name>`). */
  readonly manager: "npm" | "pnpm" | "yarn" | "bun" | "npm-run-all";
  /** The script names (or npm-run-all glob patterns) run, in order. */
  readonly scripts: readonly string[];
  /** A directory the command moves to first (`--prefix`, `-C`, `--cwd`), as written. */
  readonly dir: string | undefined;
  readonly packages: PackageSelection;
  /** Arguments passed on to the script (`npm run release -- --dry-run`). */
  readonly args: readonly string[];
  /** Whether the script may be a binary rather than a script (`pnpm changeset`, `yarn lerna`): then it runs the binary when package.json has no such script. */
  readonly bare: boolean;
}

/** pnpm's own commands: `pnpm <name>` with another name runs the script of that name (or the binary). */
const PNPM_COMMANDS = new Set([
  "add", "audit", "bin", "c", "cat-file", "cat-index", "config", "create", "dedupe", "deploy", "dlx", "doctor", "env", "exec",
  "fetch", "find-hash", "get", "i", "import", "init", "install", "install-test", "it", "licenses", "link", "list", "ln", "ls",
  "outdated", "pack", "patch", "patch-commit", "patch-remove", "prune", "publish", "rb", "rebuild", "recursive", "remove", "rm",
  "root", "run", "run-script", "self-update", "server", "set", "setup", "store", "un", "uninstall", "unlink", "up", "update",
  "upgrade", "why", "version", "approve-builds", "ignored-builds", "help", "login", "logout", "whoami", "stage",
]);

/** Yarn's own commands (Classic and Berry): `yarn <name>` with another name runs the script (or the binary). */
const YARN_COMMANDS = new Set([
  "add", "audit", "autoclean", "bin", "cache", "check", "config", "constraints", "create", "dedupe", "dlx", "exec", "explain",
  "generate-lock-entry", "global", "help", "import", "info", "init", "install", "licenses", "link", "list", "login", "logout",
  "node", "npm", "outdated", "owner", "pack", "patch", "patch-commit", "plugin", "policies", "publish", "rebuild", "remove",
  "run", "search", "set", "tag", "team", "unlink", "unplug", "up", "upgrade", "upgrade-interactive", "version", "versions",
  "why", "workspace", "workspaces",
]);

/** Options (before the script name) that take a value, per manager. */
const OPTIONS_WITH_VALUE: Record<string, ReadonlySet<string>> = {
  npm: new Set(["--prefix", "-C", "-w", "--workspace", "--script-shell", "--loglevel"]),
  pnpm: new Set(["-C", "--dir", "--filter", "-F", "--filter-prod", "--workspace-concurrency", "--reporter", "--loglevel"]),
  yarn: new Set(["--cwd", "--mutex", "--network-timeout", "--modules-folder", "--cache-folder"]),
  bun: new Set(["--cwd", "--filter", "-F", "--elide-lines"]),
};

/** `npm run X`, `pnpm X`, …: the scripts a command runs, or `undefined` when it runs none. */
export function packageScriptRun(argv: readonly string[]): PackageScriptRun | undefined {
  const program = argv[0] === undefined ? undefined : programName(argv[0]);
  if (program === undefined) return undefined;
  if (program === "npm-run-all" || program === "run-s" || program === "run-p" || program === "npm-run-all2") return npmRunAll(argv);
  const manager = program === "pn" ? "pnpm" : program;
  if (manager !== "npm" && manager !== "pnpm" && manager !== "yarn" && manager !== "bun") return undefined;
  const withValue = OPTIONS_WITH_VALUE[manager]!;
  let dir: string | undefined;
  let packages: PackageSelection = { kind: "current" };
  const filters: string[] = [];
  let i = 1;
  const option = (word: string, value: string | undefined) => {
    if (word === "--prefix" || word === "-C" || word === "--dir" || word === "--cwd") dir = value;
    else if (word === "--filter" || word === "-F" || word === "--filter-prod" || word === "-w" || word === "--workspace") {
      if (value !== undefined && !(manager === "pnpm" && word === "-w")) filters.push(value);
    } else if (word === "-r" || word === "--recursive" || word === "-ws" || word === "--workspaces") packages = { kind: "all" };
  };
  // Options before the subcommand or script name.
  const readOptions = () => {
    while (i < argv.length && argv[i]!.startsWith("-")) {
      const word = argv[i]!;
      const eq = word.indexOf("=");
      if (eq > 0 && word.startsWith("--")) {
        option(word.slice(0, eq), word.slice(eq + 1));
        i++;
      } else if (withValue.has(word) && !(manager === "pnpm" && word === "-w")) {
        option(word, argv[i + 1]);
        i += 2;
      } else {
        option(word, undefined);
        i++;
      }
    }
  };
  readOptions();
  let bare = false;
  const word = argv[i];
  if (word === undefined) return undefined;
  if (manager === "yarn" && word === "workspaces" && argv[i + 1] === "foreach") {
    // `yarn workspaces foreach [-A] [--include x] run <script>`.
    i += 2;
    packages = { kind: "all" };
    while (i < argv.length && argv[i]!.startsWith("-")) i += ["--include", "--exclude", "--from", "-j", "--jobs"].includes(argv[i]!) ? 2 : 1;
    if (argv[i] === "run") i++;
    else bare = true;
  } else if (manager === "yarn" && word === "workspaces" && argv[i + 1] === "run") {
    // Yarn Classic: `yarn workspaces run <script>`.
    i += 2;
    packages = { kind: "all" };
  } else if (manager === "yarn" && word === "workspace" && argv[i + 1] !== undefined) {
    filters.push(argv[i + 1]!);
    i += 2;
    if (argv[i] === "run") i++;
    else bare = true;
  } else if (word === "run" || word === "run-script" || (manager === "npm" && (word === "rum" || word === "urn"))) {
    i++;
  } else if (manager === "npm" && (word === "test" || word === "start" || word === "stop" || word === "restart" || word === "t" || word === "tst")) {
    return undefined;
  } else if ((manager === "pnpm" && !PNPM_COMMANDS.has(word)) || (manager === "yarn" && !YARN_COMMANDS.has(word))) {
    bare = true;
  } else {
    return undefined;
  }
  readOptions();
  const script = argv[i];
  if (script === undefined || script.startsWith("-")) return undefined;
  let args = argv.slice(i + 1);
  if (manager === "npm") {
    // npm passes on only what follows `--`; options after the name are npm's own.
    const dashes = args.indexOf("--");
    for (const rest of dashes === -1 ? args : args.slice(0, dashes)) if (rest === "-ws" || rest === "--workspaces") packages = { kind: "all" };
    const workspace = args.findIndex((rest) => rest === "-w" || rest === "--workspace");
    if (workspace !== -1 && (dashes === -1 || workspace < dashes) && args[workspace + 1] !== undefined) filters.push(args[workspace + 1]!);
    args = dashes === -1 ? [] : args.slice(dashes + 1);
  } else if (args[0] === "--") {
    args = args.slice(1);
  }
  if (filters.length > 0) packages = { kind: "filtered", filters };
  return { manager, scripts: [script], dir, packages, args, bare };
}

/** `npm-run-all [-s|-p] a b`, `run-s a b`, `run-p a b`: the script names (and globs) in order. */
function npmRunAll(argv: readonly string[]): PackageScriptRun | undefined {
  const scripts: string[] = [];
  const args: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (word.startsWith("-")) {
      if (["--max-parallel", "--npm-path", "--race"].includes(word)) i++;
      continue;
    }
    scripts.push(word);
  }
  return scripts.length === 0 ? undefined : { manager: "npm-run-all", scripts, dir: undefined, packages: { kind: "current" }, args, bare: false };
}

/** A script file a command runs, and the language it is written in. */
export interface ScriptFileRun {
  readonly path: string;
  /** `undefined` when the file's first line must tell (a file without a known extension). */
  readonly dialect: ShellDialect | undefined;
}

const SHELLS = new Set(["bash", "sh", "zsh", "dash", "ksh"]);
const POWERSHELLS = new Set(["pwsh", "powershell"]);

/**
 * `./scripts/publish.sh`, `scripts/publish`, `bash -e x.sh`, `sh x`, `source x`, `. x`,
 * `pwsh -File x.ps1`, `& ./x.ps1`: the file a command runs. Interpreters other than shells
 * (`python x.py`, `node x.js`) are not followed.
 */
export function scriptFileRun(argv: readonly string[]): ScriptFileRun | undefined {
  const first = argv[0];
  if (first === undefined) return undefined;
  const program = programName(first);
  if (SHELLS.has(program) || POWERSHELLS.has(program)) {
    const powershell = POWERSHELLS.has(program);
    for (let i = 1; i < argv.length; i++) {
      const word = argv[i]!;
      if (powershell && /^-(?:file|f)$/iu.test(word)) return fileOf(argv[i + 1], "powershell");
      // `bash -c '…'`, `pwsh -Command …`: an inline script, not a file.
      if (/^-(?:c|command|encodedcommand|ec)$/iu.test(word)) return undefined;
      if (word.startsWith("-") || word.startsWith("+")) {
        // `-o pipefail`, `-euo pipefail`, `+O extglob`: the option's value is the next word.
        if (!powershell && /^[-+][A-Za-z]*[oO]$/u.test(word)) i++;
        continue;
      }
      return fileOf(word, powershell ? "powershell" : "sh");
    }
    return undefined;
  }
  if ((first === "source" || first === ".") && argv[1] !== undefined) return fileOf(argv[1], undefined);
  // A path run directly: `./x`, `scripts/x.sh`, `./x.ps1`.
  if (/^[\w.-]*\//u.test(first) || /\.(?:sh|bash|ps1)$/iu.test(first)) return fileOf(first, undefined);
  return undefined;
}

function fileOf(word: string | undefined, dialect: ShellDialect | undefined): ScriptFileRun | undefined {
  if (word === undefined || word.includes("$") || word.startsWith("/") || /^[A-Za-z]:[\\/]/u.test(word)) return undefined;
  const path = word.replace(/\\/gu, "/");
  if (/\.(?:py|js|mjs|cjs|ts|rb|pl|php|cmd|bat|exe|dll)$/iu.test(path)) return undefined;
  const known = /\.ps1$/iu.test(path) ? "powershell" : /\.(?:sh|bash)$/iu.test(path) ? "sh" : dialect;
  return { path, dialect: known };
}

/** The language a script file is written in, from its first line when its name does not say: `#!…pwsh` is PowerShell. */
export function dialectFromShebang(text: string): ShellDialect {
  const first = text.slice(0, text.indexOf("\n") === -1 ? text.length : text.indexOf("\n"));
  return /^#!.*\b(?:pwsh|powershell)\b/iu.test(first) ? "powershell" : "sh";
}
