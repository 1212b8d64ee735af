/**
 * Following a step into the files it runs, through the workspace (lib/workspace): the
 * package.json scripts of `npm run release`, `pnpm release`, `yarn release`, `bun run release`,
 * `npm-run-all`/`run-s`/`run-p` (nested, with npm's `pre`/`post` scripts, across a workspace's
 * packages for `-r`, `--filter`, `--workspaces`, `yarn workspaces foreach`), and the script file
 * of `./scripts/publish.sh`, `bash x`, `pwsh x.ps1` (one level).
 *
 * Everything read is relative to where the command runs: the step's `working-directory` (or the
 * job's or workflow's `defaults.run.working-directory`), `cd <dir>` before it, `--prefix`/`-C`/`--cwd`.
 * A file that is missing or cannot be read makes the trail "unresolved": nothing is claimed about
 * what it would have run. Depth is bounded and a script that runs itself is not followed twice.
 */
import type { CiStep as Step } from "../ci/shape.js";
import { asMapping, scalarText, valueOf } from "../yaml/nodes.js";
import { readShellScript, type ShellCommand, type ShellScript } from "../shell/script.js";
import { dialectFromShebang, packageScriptRun, scriptFileRun, type PackageScriptRun } from "../shell/package-scripts.js";
import type { Workspace } from "../workspace/index.js";
import type { ProjectFiles } from "../registries/index.js";

/** A script on the way to a command, with the command in it that led on (and the file it is in, if not the step). */
export interface Scope {
  readonly command: ShellCommand | undefined;
  readonly script: ShellScript | undefined;
  readonly file: string | undefined;
}

/** Where a command is read: the step, its workspace, the directory, and the files on the way. */
export interface Trail {
  readonly step: Step;
  /** `undefined`: no files to read (text linted under a made-up name); nothing is followed. */
  readonly workspace: Workspace | undefined;
  /** The directory commands run in, relative to the repository root (`""` for the root); `undefined` when decided at run time. */
  readonly cwd: string | undefined;
  /** The scripts on the way, outermost (the step's) first. */
  readonly outer: readonly Scope[];
  /** The files on the way, as `Publish.through` names them. */
  readonly hops: readonly string[];
  /** How the step's own command that led here is named (`npm run release`), once inside a followed file. */
  readonly invocation: string | undefined;
  readonly depth: number;
  /** Whether a script file was followed already (one level). */
  readonly fileFollowed: boolean;
  /** Set when something on the way could not be read: the trail's answer is incomplete. */
  readonly unresolved: { value: boolean };
}

type Reader<T> = (trail: Trail, script: ShellScript, file: string) => T[];

/** How deep package scripts and script files are followed (a script that runs a script that …). */
export const MAX_FOLLOW_DEPTH = 5;
/** The most workspace packages one command is followed into. */
const MAX_PACKAGES = 200;

/** A line that may run a package script or a script file, or change directory (a cheap test before tokenizing). */
const FOLLOWABLE = /(?<![\w-])(?:npm|pnpm|pn|yarn|bun|npm-run-all2?|run-s|run-p|cd|bash|sh|zsh|pwsh|powershell|source)(?![\w-])|\.(?:sh|bash|ps1)\b|(?:^|[\s;&|(])\.{0,2}\/[\w.-]/u;

export function mayFollow(line: string): boolean {
  return FOLLOWABLE.test(line);
}

/** The project files a publisher's `project` reads, relative to `cwd`. */
export function projectFiles(workspace: Workspace, cwd: string): ProjectFiles {
  return {
    cwd,
    text: (file) => workspace.readText(file, cwd),
    json: (file) => workspace.readJson(file, cwd),
    yaml: (file) => workspace.readYamlData(file, cwd),
  };
}

/** A directory as written (`./packages/app`, `packages\app\`) relative to `base`; `undefined` when decided at run time or outside. */
export function joinDirectory(base: string, dir: string | undefined): string | undefined {
  if (dir === undefined || dir === "" || dir === ".") return base;
  if (dir.includes("$") || dir.startsWith("/") || dir.startsWith("~") || /^[A-Za-z]:/u.test(dir)) return undefined;
  const parts = base === "" ? [] : base.split("/");
  for (const part of dir.replace(/\\/gu, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join("/");
}

/** The `working-directory` a step's script runs in: the step's, else the job's or workflow's `defaults.run`; `""` (the root) when none. */
export function stepDirectory(step: Step): string | undefined {
  for (const node of [step.node, step.job.node, step.job.workflow.node]) {
    const mapping = node === step.node ? node : asMapping(valueOf(asMapping(valueOf(node, "defaults")), "run"));
    const value = valueOf(mapping, "working-directory");
    if (value === undefined) continue;
    return joinDirectory("", scalarText(value) ?? "$unknown");
  }
  return "";
}

/** The words of a command a message may show: the program and the words naming what it runs, no options or values. */
function invocationOf(argv: readonly string[], last: string): string {
  const words: string[] = [];
  for (const word of argv) {
    if (word.startsWith("-") || word.includes("=") || word.includes("$")) continue;
    words.push(word);
    if (word === last) break;
  }
  return words.join(" ");
}

interface PackageManifest {
  readonly dir: string;
  readonly scripts: Readonly<Record<string, unknown>>;
  readonly name: string | undefined;
}

function manifestAt(workspace: Workspace, dir: string): PackageManifest | "missing" | "unknown" {
  const read = workspace.readJson("package.json", dir);
  if (!read.ok) return read.reason === "missing" ? "missing" : "unknown";
  const value = read.value as { scripts?: unknown; name?: unknown } | null;
  if (typeof value !== "object" || value === null) return "unknown";
  const scripts = typeof value.scripts === "object" && value.scripts !== null ? (value.scripts as Record<string, unknown>) : {};
  return { dir, scripts, name: typeof value.name === "string" ? value.name : undefined };
}

/** The nearest package.json at or above `dir` (npm, pnpm and Yarn look upward for it). */
function nearestManifest(workspace: Workspace, dir: string): PackageManifest | "unknown" {
  for (let current: string | undefined = dir; current !== undefined; current = current === "" ? undefined : current.includes("/") ? current.slice(0, current.lastIndexOf("/")) : "") {
    const found = manifestAt(workspace, current);
    if (found !== "missing") return found;
  }
  return "unknown";
}

/** The package directories a workspace's globs name (`packages/*`); `"unknown"` for globs we do not expand (`**`). */
function expandGlobs(workspace: Workspace, root: string, globs: readonly string[]): string[] | "unknown" {
  const dirs: string[] = [];
  for (const glob of globs) {
    if (glob.startsWith("!")) continue;
    let matches = [root];
    for (const part of glob.replace(/^\.\//u, "").split("/")) {
      if (part === "" || part === ".") continue;
      if (part.includes("**")) return "unknown";
      if (!part.includes("*")) {
        matches = matches.map((dir) => joinDirectory(dir, part)).filter((dir): dir is string => dir !== undefined);
        continue;
      }
      const pattern = new RegExp(`^${part.split("*").map((piece) => piece.replace(/[$()+.?[\\\]^{|}]/gu, "\\$&")).join("[^/]*")}$`, "u");
      matches = matches.flatMap((dir) => {
        const listed = workspace.list(dir === "" ? "." : dir);
        return listed.ok ? listed.value.filter((entry) => entry.kind === "directory" && !entry.name.startsWith(".") && pattern.test(entry.name)).map((entry) => (dir === "" ? entry.name : `${dir}/${entry.name}`)) : [];
      });
    }
    dirs.push(...matches);
    if (dirs.length > MAX_PACKAGES) return "unknown";
  }
  return [...new Set(dirs)];
}

/** The packages of the workspace `dir` belongs to (pnpm-workspace.yaml, or package.json `workspaces`). */
function workspacePackages(workspace: Workspace, dir: string): PackageManifest[] | "unknown" {
  for (let current: string | undefined = dir; current !== undefined; current = current === "" ? undefined : current.includes("/") ? current.slice(0, current.lastIndexOf("/")) : "") {
    const pnpm = workspace.readYamlData("pnpm-workspace.yaml", current);
    let globs: unknown;
    if (pnpm.ok) globs = (pnpm.value as { packages?: unknown } | null)?.packages;
    else if (pnpm.reason !== "missing") return "unknown";
    if (globs === undefined) {
      const manifest = workspace.readJson("package.json", current);
      if (!manifest.ok && manifest.reason !== "missing") return "unknown";
      const declared = manifest.ok ? (manifest.value as { workspaces?: unknown } | null)?.workspaces : undefined;
      globs = Array.isArray(declared) ? declared : (declared as { packages?: unknown } | undefined)?.packages;
    }
    if (globs === undefined) continue;
    if (!Array.isArray(globs) || !globs.every((glob) => typeof glob === "string")) return "unknown";
    const dirs = expandGlobs(workspace, current, globs as string[]);
    if (dirs === "unknown") return "unknown";
    const packages: PackageManifest[] = [];
    for (const packageDir of dirs) {
      const found = manifestAt(workspace, packageDir);
      if (found === "unknown") return "unknown";
      if (found !== "missing") packages.push(found);
    }
    return packages;
  }
  return "unknown";
}

/** Whether a workspace filter (`@scope/app`, `@scope/*`, `./packages/app`, `{packages/app}`, `app...`) selects a package. */
function filterSelects(filter: string, manifest: PackageManifest, root: string): boolean | "unknown" {
  if (filter.startsWith("!") || filter.includes("[")) return "unknown";
  let text = filter.replace(/^\.\.\.\^?|\^?\.\.\.$/gu, "");
  if (text.startsWith("{") && text.endsWith("}")) text = text.slice(1, -1);
  const glob = (value: string, pattern: string) => new RegExp(`^${pattern.split("*").map((piece) => piece.replace(/[$()+.?[\\\]^{|}]/gu, "\\$&")).join(".*")}$`, "u").test(value);
  if (text.startsWith(".") || text.includes("/") && !text.startsWith("@")) {
    const dir = joinDirectory(root, text);
    return dir === undefined ? "unknown" : text.includes("*") ? glob(manifest.dir, dir) : manifest.dir === dir;
  }
  return manifest.name !== undefined && (text.includes("*") ? glob(manifest.name, text) : manifest.name === text);
}

/** The script names a run's pattern stands for: the name itself, or npm-run-all's globs (`release:*`, `build:**`). */
function scriptNames(pattern: string, scripts: Readonly<Record<string, unknown>>): string[] {
  if (!pattern.includes("*")) return [pattern];
  const expression = new RegExp(`^${pattern.split(/(\*\*|\*)/u).map((piece) => (piece === "**" ? ".*" : piece === "*" ? "[^:]*" : piece.replace(/[$()+.?[\\\]^{|}]/gu, "\\$&"))).join("")}$`, "u");
  return Object.keys(scripts).filter((name) => expression.test(name));
}

/** Words for the shell again, quoted where they must be. */
function shellWords(words: readonly string[]): string {
  return words.map((word) => (/^[\w./:@%+=,-]+$/u.test(word) ? word : `'${word.replace(/'/gu, "'\\''")}'`)).join(" ");
}

/**
 * The results of following a command into package.json scripts, or `undefined` when the command
 * runs none (or, for `pnpm <name>`, when package.json has no script of that name: then it runs a
 * binary, which the caller recognises).
 */
export function followPackageScripts<T>(trail: Trail, command: ShellCommand, script: ShellScript, file: string | undefined, read: Reader<T>): T[] | undefined {
  const run = packageScriptRun(command.argv);
  const { workspace } = trail;
  if (!run || !workspace) return undefined;
  const unresolved = (): T[] | undefined => {
    if (run.bare) return undefined;
    trail.unresolved.value = true;
    return [];
  };
  const base = trail.cwd === undefined ? undefined : joinDirectory(trail.cwd, run.dir);
  if (base === undefined || trail.depth >= MAX_FOLLOW_DEPTH) return unresolved();
  const packages = packagesOf(workspace, base, run);
  if (packages === "unknown") return unresolved();
  const hooks = run.manager === "npm" || (run.manager === "yarn" && !run.bare);
  const scope: Scope = { command, script, file };
  const invocation = trail.invocation ?? invocationOf(command.argv, run.scripts.at(-1)!);
  const results: T[] = [];
  let found = false;
  for (const manifest of packages) {
    for (const pattern of run.scripts) {
      for (const name of scriptNames(pattern, manifest.scripts)) {
        for (const each of hooks ? [`pre${name}`, name, `post${name}`] : [name]) {
          const text = manifest.scripts[each];
          if (typeof text !== "string") continue;
          if (each === name) found = true;
          const manifestPath = manifest.dir === "" ? "package.json" : `${manifest.dir}/package.json`;
          const hop = `${manifestPath} › ${each}`;
          if (trail.hops.includes(hop)) continue;
          const next: Trail = {
            ...trail,
            cwd: manifest.dir,
            outer: [...trail.outer, scope],
            hops: [...trail.hops, hop],
            invocation,
            depth: trail.depth + 1,
          };
          const body = each === name && run.args.length > 0 ? `${text} ${shellWords(run.args)}` : text;
          results.push(...read(next, readShellScript(body), manifestPath));
        }
      }
    }
  }
  if (!found && run.packages.kind === "current") return unresolved();
  return results;
}

function packagesOf(workspace: Workspace, base: string, run: PackageScriptRun): PackageManifest[] | "unknown" {
  if (run.packages.kind === "current") {
    const manifest = nearestManifest(workspace, base);
    return manifest === "unknown" ? "unknown" : [manifest];
  }
  const all = workspacePackages(workspace, base);
  if (all === "unknown" || run.packages.kind === "all") return all;
  const selected: PackageManifest[] = [];
  for (const manifest of all) {
    const verdicts = run.packages.filters.map((filter) => filterSelects(filter, manifest, base));
    if (verdicts.includes("unknown")) return "unknown";
    if (verdicts.includes(true)) selected.push(manifest);
  }
  return selected.length === 0 ? "unknown" : selected;
}

/** The results of following a command into the script file it runs (one level); empty for none. */
export function followScriptFile<T>(trail: Trail, command: ShellCommand, script: ShellScript, file: string | undefined, read: Reader<T>): T[] {
  const run = scriptFileRun(command.argv);
  const { workspace } = trail;
  if (!run || !workspace || trail.fileFollowed) return [];
  if (trail.cwd === undefined || trail.depth >= MAX_FOLLOW_DEPTH) {
    trail.unresolved.value = true;
    return [];
  }
  const text = workspace.readText(run.path, trail.cwd);
  const relative = text.ok ? workspace.relative(text.path) : undefined;
  if (!text.ok || relative === undefined) {
    trail.unresolved.value = true;
    return [];
  }
  const next: Trail = {
    ...trail,
    outer: [...trail.outer, { command, script, file }],
    hops: [...trail.hops, relative],
    invocation: trail.invocation ?? invocationOf(command.argv, command.argv.find((word) => word.replace(/\\/gu, "/") === run.path) ?? command.argv[0]!),
    depth: trail.depth + 1,
    fileFollowed: true,
  };
  return read(next, readShellScript(text.value, run.dialect ?? dialectFromShebang(text.value)), relative);
}
