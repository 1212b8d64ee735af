/**
 * Every file read of the plugin, on one bounded cache.
 *
 * A read is keyed by the file's absolute path and checked against its status on every access
 * (modification time, change time, size and inode), so an editor that lints one file sees an
 * edit of another on the next keystroke, while a run that reads the same file a thousand times
 * reads and parses it once. What is derived from a text (parsed JSON or YAML, a repository's
 * origin) is kept beside it in the same entry and goes with it.
 *
 * A read never throws: a missing file, a directory, a FIFO, a file over the size limit, one that
 * cannot be read (permissions, a symlink loop) or parsed comes back as `{ ok: false, reason }`.
 * Callers decide what absence means (no `.npmrc`: nothing configured); every other reason means
 * "unknown", and the rules stay quiet about what depends on it.
 *
 * This module and its siblings are the only ones in lib/ (beside the command line) that touch
 * node:fs (tests/unit/layers.test.ts).
 */
import { readFileSync, readdirSync, realpathSync, statSync, type Stats } from "node:fs";

/** Why a file gave no value. `missing` is an answer; the others mean "unknown". */
export type Unreadable = "missing" | "directory" | "not-a-file" | "too-large" | "unreadable" | "unparsable" | "outside";

export type FileRead<T> = { readonly ok: true; readonly value: T; readonly path: string } | { readonly ok: false; readonly reason: Unreadable };

/** The largest file read: configuration files and scripts are far smaller; anything bigger is not one. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** How many files the cache keeps, and how many bytes of text (parsed forms come on top, roughly in proportion). */
export const CACHE_ENTRIES = 512;
export const CACHE_BYTES = 32 * 1024 * 1024;

interface Entry {
  /** The status the text was read with. */
  readonly stamp: string;
  readonly read: FileRead<string>;
  readonly bytes: number;
  /** Forms parsed from the text (JSON, YAML, …), by kind. */
  readonly derived: Map<string, FileRead<unknown>>;
}

const cache = new Map<string, Entry>();
let cachedBytes = 0;

/** How the cache is doing, for tests: reads from disk and statuses taken so far (entries and bytes: `cacheSize`). */
export const cacheStats = { reads: 0, statuses: 0 };

export function cacheSize(): { readonly entries: number; readonly bytes: number } {
  return { entries: cache.size, bytes: cachedBytes };
}

/** Empties the cache (tests). */
export function clearFileCache(): void {
  cache.clear();
  realPaths.clear();
  cachedBytes = 0;
}

function stampOf(stats: Stats): string {
  return `${stats.mtimeMs}:${stats.ctimeMs}:${stats.size}:${stats.ino}`;
}

function failed(reason: Unreadable): { readonly ok: false; readonly reason: Unreadable } {
  return { ok: false, reason };
}

/** What `statOf` answers: a path's status, `missing` when it does not exist, `unreadable` when it cannot be known. */
export type Status = Stats | "missing" | "unreadable";

/** The status of a path (following symlinks). */
export function statOf(file: string): Status {
  cacheStats.statuses++;
  try {
    return statSync(file, { throwIfNoEntry: false }) ?? "missing";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOTDIR" ? "missing" : "unreadable";
  }
}

function remember(file: string, entry: Entry): void {
  const old = cache.get(file);
  if (old) {
    cachedBytes -= old.bytes;
    cache.delete(file);
  }
  cache.set(file, entry);
  cachedBytes += entry.bytes;
  for (const [key, oldest] of cache) {
    if (cache.size <= CACHE_ENTRIES && cachedBytes <= CACHE_BYTES) break;
    if (key === file) continue;
    cache.delete(key);
    cachedBytes -= oldest.bytes;
  }
}

/**
 * The cache entry of a file, read again when its status changed since. `stats` is the file's
 * status when the caller has just taken it (a workspace read resolves the real path first): one
 * status per read, not two.
 */
function entryOf(file: string, stats: Status = statOf(file)): Entry {
  const stamp = typeof stats === "string" ? stats : stampOf(stats);
  const cached = cache.get(file);
  if (cached && cached.stamp === stamp) {
    // Most recently used last.
    cache.delete(file);
    cache.set(file, cached);
    return cached;
  }
  let read: FileRead<string>;
  if (typeof stats === "string") read = failed(stats);
  else if (stats.isDirectory()) read = failed("directory");
  else if (!stats.isFile()) read = failed("not-a-file");
  else if (stats.size > MAX_FILE_BYTES) read = failed("too-large");
  else {
    try {
      cacheStats.reads++;
      const text = readFileSync(file, "utf8");
      read = text.length > MAX_FILE_BYTES ? failed("too-large") : { ok: true, value: text.replace(/^\uFEFF/u, ""), path: file };
    } catch {
      read = failed("unreadable");
    }
  }
  const entry: Entry = { stamp, read, bytes: read.ok ? read.value.length : 0, derived: new Map() };
  remember(file, entry);
  return entry;
}

/** A file's text, by absolute path, with no boundary (the workspace checks its own). */
export function readTextFile(file: string, stats?: Status): FileRead<string> {
  return entryOf(file, stats).read;
}

/**
 * A form parsed from a file's text (`kind` names the parser: "json", "yaml"), computed once per
 * version of the file. `parse` throws (or returns a failure) on text it cannot read.
 */
export function readParsedFile<T>(file: string, kind: string, parse: (text: string) => T, stats?: Status): FileRead<T> {
  const entry = entryOf(file, stats);
  if (!entry.read.ok) return entry.read;
  let parsed = entry.derived.get(kind) as FileRead<T> | undefined;
  if (!parsed) {
    try {
      parsed = { ok: true, value: parse(entry.read.value), path: file };
    } catch {
      parsed = failed("unparsable");
    }
    entry.derived.set(kind, parsed);
  }
  return parsed;
}

/** A directory's entries: names of files and directories (symlinks followed), sorted. Not cached: listings are rare and cheap. */
export function listDirectory(dir: string, stats: Status = statOf(dir)): FileRead<readonly DirectoryEntry[]> {
  if (typeof stats === "string") return failed(stats);
  if (!stats.isDirectory()) return failed("not-a-file");
  try {
    const entries: DirectoryEntry[] = [];
    for (const dirent of readdirSync(dir, { withFileTypes: true })) {
      let kind: DirectoryEntry["kind"] | undefined = dirent.isDirectory() ? "directory" : dirent.isFile() ? "file" : undefined;
      if (dirent.isSymbolicLink()) {
        const target = statOf(`${dir}/${dirent.name}`);
        kind = typeof target !== "string" ? (target.isDirectory() ? "directory" : target.isFile() ? "file" : undefined) : undefined;
      }
      if (kind) entries.push({ name: dirent.name, kind });
    }
    return { ok: true, value: entries.sort((a, b) => a.name.localeCompare(b.name)), path: dir };
  } catch {
    return failed("unreadable");
  }
}

export interface DirectoryEntry {
  readonly name: string;
  readonly kind: "file" | "directory";
}

/** Real paths by path, with the status of what the path reached (bounded like the file cache). */
const realPaths = new Map<string, { readonly stamp: string; readonly real: string }>();

/**
 * The real path of an existing path (symlinks resolved), or why there is none. Resolving walks
 * every component of the path; the answer is kept while the path reaches the same file (same
 * inode, times and size), so a link pointed at another file is resolved again.
 */
export function realPathOf(file: string, stats: Status = statOf(file)): string | Unreadable {
  if (typeof stats === "string") return stats;
  const stamp = stampOf(stats);
  const known = realPaths.get(file);
  if (known?.stamp === stamp) return known.real;
  let real: string;
  try {
    real = realpathSync.native(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? "missing" : "unreadable";
  }
  realPaths.delete(file);
  realPaths.set(file, { stamp, real });
  if (realPaths.size > CACHE_ENTRIES) realPaths.delete(realPaths.keys().next().value!);
  return real;
}

/** Whether a path exists (file or directory). */
export function pathExists(file: string): boolean {
  const stats = statOf(file);
  return typeof stats !== "string";
}

/** Whether a path is a directory. */
export function isDirectory(file: string): boolean {
  const stats = statOf(file);
  return typeof stats !== "string" && stats.isDirectory();
}
