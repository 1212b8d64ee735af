/**
 * `uses:` references: `owner/repo@ref`, `owner/repo/path@ref`, `./local`, `docker://image`,
 * and reusable workflows `owner/repo/.github/workflows/file.yml@ref`.
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
  | { readonly kind: "local"; readonly path: string }
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

export function parseUses(text: string): UsesRef {
  const uses = text.trim();
  if (uses.startsWith("./") || uses.startsWith("../")) return { kind: "local", path: uses };
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
    repository,
    ref,
    refKind,
    version,
    refOffset: text.indexOf(uses) + at + 1,
  };
}
