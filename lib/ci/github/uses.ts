/**
 * `uses:` references: `owner/repo@ref`, `owner/repo/path@ref`, `./local`, `$/local`, `docker://image`,
 * and reusable workflows `owner/repo/.github/workflows/file.yml@ref`.
 *
 * A local reference names a file of the same repository: `./path` (relative to the repository
 * root, as GitHub resolves it from the checked-out workspace for actions and from the commit for
 * workflows) or GitHub's self-repository form `$/path` (July 2026: the repository of the running
 * workflow at the running commit, no `@ref`). Both are typed `local` with the path from the root.
 */

export type RefKind = "version" | "sha" | "branch-or-tag";

export interface Version {
  readonly major: number;
  readonly minor: number | undefined;
  readonly patch: number | undefined;
  /** `v` when written as `v1.2.3`, empty for `1.2.3`. */
  readonly prefix: "v" | "";
}

export type UsesRef =
  | {
      readonly kind: "action";
      /** `owner/repo` or `owner/repo/path`, lower-cased: how the knowledge base names actions. */
      readonly action: string;
      /** `owner/repo` or `owner/repo/path` as written (for messages). */
      readonly name: string;
      /** `owner/repo`, lower-cased. */
      readonly repository: string;
      /** As written: `v4`, `v4.2.2`, a 40-hex SHA, `main`, `release/v1`. */
      readonly ref: string;
      readonly refKind: RefKind;
      /** The version the ref names, for `version` refs. */
      readonly version: Version | undefined;
      /** Offset of the ref inside the `uses` text (after `@`). */
      readonly refOffset: number;
    }
  | { readonly kind: "reusable-workflow"; readonly repository: string; readonly path: string; readonly ref: string }
  | {
      readonly kind: "local";
      /** As written (`./.github/actions/publish`, `$/.github/workflows/publish.yml`). */
      readonly text: string;
      /** The path from the repository root, without `./` or `$/` (`.github/actions/publish`). */
      readonly path: string;
      readonly form: "relative" | "self-repository";
    }
  | { readonly kind: "docker"; readonly image: string }
  | { readonly kind: "invalid"; readonly text: string };

const VERSION = /^(v?)(\d+)(?:\.(\d+))?(?:\.(\d+))?$/u;
const SHA = /^[0-9a-f]{40}$/iu;
const NAME = /^[\w.-]+$/u;

export function parseVersion(text: string): Version | undefined {
  const match = VERSION.exec(text);
  if (!match) return undefined;
  const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
  return { prefix: match[1] === "v" ? "v" : "", major: Number(match[2]), minor: num(match[3]), patch: num(match[4]) };
}

/** A path without the slashes it starts or ends with (`/.github/actions/x/` → `.github/actions/x`). */
function trimSlashes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === "/") start++;
  while (end > start && text[end - 1] === "/") end--;
  return text.slice(start, end);
}

/** Refs read, by their text: the same few refs recur in every workflow of a run (bounded: cleared when full). */
const parsed = new Map<string, UsesRef>();
const PARSED_LIMIT = 4096;

/** A `uses:` value read; the answer is shared by every step that writes the same text (never mutate it). */
export function parseUses(text: string): UsesRef {
  let ref = parsed.get(text);
  if (ref === undefined) {
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    ref = readUses(text);
    parsed.set(text, ref);
  }
  return ref;
}

function readUses(text: string): UsesRef {
  const uses = text.trim();
  // `../` leaves the repository: kept as written, so that reading it answers "outside".
  if (uses.startsWith("./") || uses.startsWith("../")) return { kind: "local", text: uses, path: uses.startsWith("./") ? trimSlashes(uses.slice(2)) : uses, form: "relative" };
  if (uses.startsWith("$/")) {
    // The self-repository form takes no `@ref`: one written is not a reference GitHub runs.
    if (uses.includes("@")) return { kind: "invalid", text: uses };
    return { kind: "local", text: uses, path: trimSlashes(uses.slice(1)), form: "self-repository" };
  }
  if (uses.startsWith("docker://")) return { kind: "docker", image: uses.slice("docker://".length) };
  const at = uses.lastIndexOf("@");
  if (at <= 0 || at === uses.length - 1) return { kind: "invalid", text: uses };
  const [owner, repo, ...rest] = uses.slice(0, at).split("/");
  if (!owner || !repo || !NAME.test(owner) || !NAME.test(repo) || rest.some((segment) => segment === "")) {
    return { kind: "invalid", text: uses };
  }
  const ref = uses.slice(at + 1);
  const repository = `${owner}/${repo}`.toLowerCase();
  const path = rest.join("/");
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/u.test(path)) {
    return { kind: "reusable-workflow", repository, path, ref };
  }
  const version = parseVersion(ref);
  const refKind: RefKind = version ? "version" : SHA.test(ref) ? "sha" : "branch-or-tag";
  return {
    kind: "action",
    action: path ? `${repository}/${path.toLowerCase()}` : repository,
    name: uses.slice(0, at),
    repository,
    ref,
    refKind,
    version,
    refOffset: text.indexOf(uses) + at + 1,
  };
}

/** A version named in the comment after a SHA pin: `# v4.2.2`, `# 4.2.2`, `# tag=v4.2`, `# actions/checkout@v4`. */
export interface CommentVersion {
  /** The version as written (`v4.2.2`). */
  readonly text: string;
  /** Where it is in the comment's text (after the `#`). */
  readonly start: number;
  readonly end: number;
  readonly version: Version;
}

const VERSION_TOKEN = /v?\d+(?:\.\d+){0,2}/gu;
const BEFORE = /[\s@=:(]/u;
const AFTER = /[\s,;)]/u;

/**
 * The version a SHA pin's comment names, for the action in `repository` (`owner/repo`,
 * lower-case). Only a token standing alone that is `v`-prefixed or dotted counts (`# 2 jobs`
 * names no version); one written after another action's name (`# other/action@v4`) does not.
 */
export function versionInComment(comment: string, repository: string): CommentVersion | undefined {
  for (const match of comment.matchAll(VERSION_TOKEN)) {
    const start = match.index;
    const end = start + match[0].length;
    if (start > 0 && !BEFORE.test(comment[start - 1]!)) continue;
    if (end < comment.length && !AFTER.test(comment[end]!)) continue;
    const version = parseVersion(match[0]);
    if (!version || (version.prefix !== "v" && version.minor === undefined)) continue;
    if (comment[start - 1] === "@") {
      const named = /(?:^|\s)([\w.-]+\/[\w.-]+)(?:\/[^\s@]*)?@$/u.exec(comment.slice(0, start))?.[1];
      if (named !== undefined && named.toLowerCase() !== repository) continue;
    }
    return { text: match[0], start, end, version };
  }
  return undefined;
}
