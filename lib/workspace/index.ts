/**
 * The workspace: the repository a linted file belongs to, and the one way the rest of lib/ reads
 * another file of it.
 *
 *   workspaceOf(filename)            the workspace of an absolute path; `undefined` for a file ESLint
 *                                    was given as text only (a relative or virtual name) or one
 *                                    outside any repository
 *   workspace.root                   the repository root (absolute)
 *   workspace.origin                 its GitHub `origin` (owner and name), if it has one
 *   workspace.readText(path, from?)  a file's text; `path` is relative to `from`, a directory
 *   workspace.readJson(path, from?)  relative to the root ("" or "packages/app"), default the root
 *   workspace.readYaml(path, from?)  a YAML file's AST and text (as ESLint's SourceCode has them)
 *   workspace.readYamlData(…)        its data (one document), aliases expanded within a budget
 *   workspace.list(path, from?)      a directory's files and directories
 *   workspace.relative(absolute)     an absolute path inside the root, relative to it
 *
 * Every read answers a `FileRead`: `{ ok: true, value, path }`, or `{ ok: false, reason }` where
 * `missing` means the file is not there and anything else (a directory, over 1 MB, unreadable,
 * unparsable, outside the root — through `..` or a symlink) means "unknown". Nothing throws.
 * Reads go through one bounded cache keyed by absolute path and checked against the file's
 * modification time on every access (./files.ts). No network, ever.
 */
import path from "node:path";
import { parseForESLint, type AST } from "yaml-eslint-parser";
import { Lru } from "../data/lru.js";
import { listDirectory, readParsedFile, readTextFile, realPathOf, statOf, type DirectoryEntry, type FileRead, type Status, type Unreadable } from "./files.js";
import { githubOriginOf, repositoryRootOf, type GithubRepository } from "./repository.js";
import { yamlData } from "./yaml-data.js";

export type { DirectoryEntry, FileRead, Unreadable } from "./files.js";
export type { GithubRepository } from "./repository.js";

/** A parsed YAML file, as ESLint's SourceCode has one (text and AST). */
export interface YamlFile {
  readonly text: string;
  readonly ast: AST.YAMLProgram;
}

export class Workspace {
  #realRoot: string | undefined;

  constructor(
    /** The repository root, absolute. */
    readonly root: string,
  ) {}

  /** The repository's GitHub `origin`, read from its git configuration (seen afresh when edited). */
  get origin(): GithubRepository | undefined {
    return githubOriginOf(this.root);
  }

  /** An absolute path for `file` (relative to `from`, itself relative to the root), or `undefined` when it leaves the root. */
  resolve(file: string, from = ""): string | undefined {
    const absolute = path.resolve(this.root, from, file);
    return this.#inside(absolute) ? absolute : undefined;
  }

  /** A path inside the root, relative to it with forward slashes (`""` for the root); `undefined` outside. */
  relative(absolute: string): string | undefined {
    if (!this.#inside(absolute)) return undefined;
    return path.relative(this.root, absolute).split(path.sep).join("/");
  }

  #inside(absolute: string): boolean {
    const relative = path.relative(this.root, absolute);
    return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
  }

  /**
   * The absolute path to read, once symlinks are resolved and found to stay inside the root, with
   * the status taken to resolve it (the read is checked against the same one).
   */
  #checked(file: string, from: string): { readonly ok: true; readonly absolute: string; readonly stats: Status } | { readonly ok: false; readonly reason: Unreadable } {
    const absolute = this.resolve(file, from);
    if (absolute === undefined) return { ok: false, reason: "outside" };
    const stats = statOf(absolute);
    const real = realPathOf(absolute, stats);
    if (real === "missing" || real === "unreadable") return { ok: false, reason: real };
    this.#realRoot ??= (() => {
      const root = realPathOf(this.root);
      return root === "missing" || root === "unreadable" ? this.root : root;
    })();
    const relative = path.relative(this.#realRoot, real);
    if (relative.startsWith("..") || path.isAbsolute(relative)) return { ok: false, reason: "outside" };
    return { ok: true, absolute, stats };
  }

  readText(file: string, from = ""): FileRead<string> {
    const checked = this.#checked(file, from);
    return checked.ok ? readTextFile(checked.absolute, checked.stats) : checked;
  }

  readJson(file: string, from = ""): FileRead<unknown> {
    const checked = this.#checked(file, from);
    return checked.ok ? readParsedFile(checked.absolute, "json", (text) => JSON.parse(text) as unknown, checked.stats) : checked;
  }

  readYaml(file: string, from = ""): FileRead<YamlFile> {
    const checked = this.#checked(file, from);
    return checked.ok ? readYamlFile(checked.absolute, checked.stats) : checked;
  }

  /** The data of a one-document YAML file; a file of several documents, or with odd content (custom tags, alias bombs) is unparsable. */
  readYamlData(file: string, from = ""): FileRead<unknown> {
    const checked = this.#checked(file, from);
    if (!checked.ok) return checked;
    const parsed = readYamlFile(checked.absolute, checked.stats);
    if (!parsed.ok) return parsed;
    return readParsedFile(
      parsed.path,
      "yaml-data",
      () => {
        const value = yamlData(parsed.value.ast);
        if (value === undefined) throw new Error("no data");
        return value.data;
      },
      checked.stats,
    );
  }

  list(dir: string, from = ""): FileRead<readonly DirectoryEntry[]> {
    const checked = this.#checked(dir, from);
    return checked.ok ? listDirectory(checked.absolute, checked.stats) : checked;
  }
}

/** A YAML file's AST and text, parsed once per version of the file. */
function readYamlFile(absolute: string, stats: Status): FileRead<YamlFile> {
  return readParsedFile(absolute, "yaml", (text) => ({ text, ast: parseForESLint(text).ast }), stats);
}

/** Workspaces by root, so that each keeps its resolved real root. */
const workspaces = new Lru<string, Workspace>(64);

/**
 * The workspace of a linted file. Only an absolute filename has one: ESLint gives absolute paths
 * for files on disk, while text linted under a made-up name (`Linter#verify` in tests, stdin
 * without a path) has no files around it to read.
 */
export function workspaceOf(filename: string): Workspace | undefined {
  // Asked for every step of the file being linted: the last answer is kept for its name.
  if (filename === last.filename) return last.workspace;
  const workspace = findWorkspace(filename);
  last = { filename, workspace };
  return workspace;
}

let last: { readonly filename: string | undefined; readonly workspace: Workspace | undefined } = { filename: undefined, workspace: undefined };

function findWorkspace(filename: string): Workspace | undefined {
  if (!path.isAbsolute(filename)) return undefined;
  const root = repositoryRootOf(filename);
  if (root === undefined) return undefined;
  let workspace = workspaces.get(root);
  if (!workspace) {
    workspace = new Workspace(root);
    workspaces.set(root, workspace);
  }
  return workspace;
}

export { gitRootOf, githubRepositoryOf } from "./repository.js";
