/**
 * The repository a file belongs to: its root (the nearest directory that holds `.git`) and its
 * GitHub origin, read from local files only (no network, no git process).
 */
import path from "node:path";
import { Lru } from "../data/lru.js";
import { isDirectory, pathExists, readParsedFile, readTextFile } from "./files.js";

export interface GithubRepository {
  readonly owner: string;
  readonly name: string;
}

/** Directory → the root above it (or `null`): the directory tree changes rarely, its files often. */
const roots = new Lru<string, string | null>(256);

/**
 * The nearest directory at or above `dir` that holds `.git` (a directory, or a `gitdir:` file as
 * in a submodule or a linked worktree); `undefined` when there is none.
 */
export function gitRootOf(dir: string): string | undefined {
  const start = path.resolve(dir);
  const cached = roots.get(start);
  if (cached !== undefined) return cached ?? undefined;
  const visited: string[] = [];
  let found: string | null = null;
  for (let current = start; ; current = path.dirname(current)) {
    const known = roots.get(current);
    if (known !== undefined) {
      found = known;
      break;
    }
    visited.push(current);
    if (pathExists(path.join(current, ".git"))) {
      found = current;
      break;
    }
    if (path.dirname(current) === current) break;
  }
  for (const seen of visited) roots.set(seen, found);
  return found ?? undefined;
}

/**
 * The root of the repository a file belongs to: the nearest `.git` above it, else (a checkout
 * without git metadata, such as a downloaded archive) the directory that holds the `.github`
 * directory the file is in; `undefined` when neither says.
 */
export function repositoryRootOf(file: string): string | undefined {
  const dir = path.dirname(path.resolve(file));
  const root = gitRootOf(dir);
  if (root !== undefined) return root;
  const parts = dir.split(path.sep);
  const github = parts.lastIndexOf(".github");
  return github > 0 ? parts.slice(0, github).join(path.sep) || path.sep : undefined;
}

/**
 * The GitHub repository whose checkout `root` is: the `origin` remote of its git configuration.
 * The nearest `.git` decides, as for git itself:
 * - a `.git` directory: its `config`;
 * - a `.git` file (`gitdir: <path>`), as in a submodule or a linked worktree: a submodule's git
 *   directory (`<super>/.git/modules/<name>`) has its own `config` with its own origin; a
 *   worktree's (`<main>/.git/worktrees/<name>`) has a `commondir` file naming the main git
 *   directory, whose `config` holds the remotes.
 * Every file is read through the cache, so an edited remote is seen at once.
 */
export function githubOriginOf(root: string): GithubRepository | undefined {
  const config = gitConfigOf(path.join(root, ".git"));
  if (config === undefined) return undefined;
  const read = readParsedFile(config, "git-origin", originOnGithub);
  return read.ok ? read.value : undefined;
}

/** The GitHub repository a file belongs to (see `githubOriginOf`); `undefined` without a checkout or a GitHub origin. */
export function githubRepositoryOf(file: string): GithubRepository | undefined {
  const root = gitRootOf(path.dirname(path.resolve(file)));
  return root === undefined ? undefined : githubOriginOf(root);
}

/** The `config` file of the repository whose `.git` (directory or `gitdir:` file) is given; `undefined` when unreadable. */
function gitConfigOf(dotGit: string): string | undefined {
  if (isDirectory(dotGit)) return path.join(dotGit, "config");
  const file = readTextFile(dotGit);
  const gitdir = file.ok ? /^gitdir:(.*)$/mu.exec(file.value)?.[1]?.trim() : undefined;
  if (!gitdir) return undefined;
  const gitDirectory = path.resolve(path.dirname(dotGit), gitdir);
  const commondir = readTextFile(path.join(gitDirectory, "commondir"));
  const common = commondir.ok ? path.resolve(gitDirectory, commondir.value.trim()) : gitDirectory;
  return path.join(common, "config");
}

/** `url = git@github.com:owner/name.git` or `https://github.com/owner/name` under `[remote "origin"]`. */
function originOnGithub(config: string): GithubRepository | undefined {
  let inOrigin = false;
  for (const line of config.split(/\r?\n/u)) {
    const section = /^\s*\[(.*)\]\s*$/u.exec(line);
    if (section) {
      inOrigin = section[1]!.trim() === 'remote "origin"';
      continue;
    }
    if (!inOrigin) continue;
    const url = /^\s*url\s*=\s*(\S+)/u.exec(line)?.[1];
    const match = url && /github\.com[:/]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/u.exec(url);
    if (match) return { owner: match[1]!, name: match[2]! };
  }
  return undefined;
}
