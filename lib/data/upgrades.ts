/**
 * Where a `uses:` ref can move to: the newest release that fixes it without changing behaviour
 * (an autofix), and the releases that do change behaviour (suggestions that say what changes).
 *
 * The target keeps the ref's style: a major-only ref stays major-only (`@v2` → `@v5`), a minor
 * ref names a minor, an exact ref the exact newest release of the target major, with or without
 * `v` as written, and a SHA pin moves to the commit of that release with its version comment
 * rewritten in the comment's own precision. Every target is checked by resolving it again: it
 * must be a ref the data places on a release that is not outdated, so a fix converges in one pass.
 */
import { parseVersionName, type ActionKnowledge, type BreakingChange, type RefResolution } from "./actions.js";

/** How the ref is written, which the target keeps. */
export type RefStyle =
  /** `v2`, `v2.3`, `v2.3.4`, `2.3.4`: `precision` is how many numbers, `v` whether prefixed. */
  | { readonly kind: "version"; readonly precision: number; readonly v: boolean }
  /** A 40-hex SHA, with the version its comment names (rewritten at the same precision). */
  | { readonly kind: "sha"; readonly comment: { readonly precision: number; readonly v: boolean } | undefined }
  /** Any other ref (a branch such as `master`). */
  | { readonly kind: "branch" };

export interface UpgradeTarget {
  readonly major: string;
  /** The release the target runs (`v5.1.0`). */
  readonly version: string;
  /** The text to write after `@`: a tag, a branch or a SHA. */
  readonly ref: string;
  /** For a SHA pin with a version comment: the comment's new version text. */
  readonly commentVersion: string | undefined;
  readonly runtime: string | undefined;
  /** Curated breaking changes crossed on the way (empty for a drop-in upgrade). */
  readonly changes: readonly BreakingChange[];
  /** Whether the target keeps the ref's precision (`@v4` → `@v6`), or had to name an exact release. */
  readonly keepsPrecision: boolean;
}

export interface UpgradePlan {
  /** The autofix: the newest drop-in release that is not outdated, in the ref's style. */
  readonly fix: UpgradeTarget | undefined;
  /** Upgrades that change behaviour: the latest major, and when there is no fix, the newest with fewer changes. */
  readonly suggestions: readonly UpgradeTarget[];
  /**
   * Why there is no fix: `breaking` (every good target changes behaviour), `no-sha` (a drop-in
   * target exists but the data has no commit SHA for it), `none` (no good target in the data).
   */
  readonly noFix: "breaking" | "no-sha" | "none" | undefined;
}

interface Written {
  readonly ref: string;
  readonly version: string;
  readonly commentVersion: string | undefined;
  readonly keepsPrecision: boolean;
}

/** Spells `version`'s first `precision` numbers, with or without `v` (`v5.1.0`, 1, true → `v5`). */
function spell(version: string, precision: number, v: boolean): string | undefined {
  const parsed = parseVersionName(version);
  if (!parsed || parsed.parts.length < precision) return undefined;
  return `${parsed.path}${v ? "v" : ""}${parsed.parts.slice(0, precision).join(".")}`;
}

/** The ref that names the newest release of `major` in the given style, if the action publishes one. */
function write(action: ActionKnowledge, major: string, style: RefStyle): Written | undefined {
  const newest = action.major(major)?.latest;
  if (newest === undefined) return undefined;
  if (style.kind === "sha") {
    const sha = action.shaFor(newest);
    if (!sha) return undefined;
    const commentVersion = style.comment && spell(newest, style.comment.precision, style.comment.v);
    if (style.comment && !commentVersion) return undefined;
    return { ref: sha, version: newest, commentVersion, keepsPrecision: true };
  }
  if (style.kind === "version") {
    const tag = action.tagFor(major, style.precision, style.v);
    if (tag) return { ref: tag, version: newest, commentVersion: undefined, keepsPrecision: true };
    // No `vN` tag (some actions publish only release branches): the release branch that follows the major.
    const branch = style.precision === 1 ? releaseBranch(action, major, newest) : undefined;
    if (branch) return { ref: branch, version: newest, commentVersion: undefined, keepsPrecision: true };
  } else {
    const branch = releaseBranch(action, major, newest);
    if (branch) return { ref: branch, version: newest, commentVersion: undefined, keepsPrecision: true };
  }
  const exact = action.tagFor(major, 3, style.kind === "version" ? style.v : true);
  return exact ? { ref: exact, version: newest, commentVersion: undefined, keepsPrecision: false } : undefined;
}

/** `release/vN` when the data lists it as a branch at the major's newest release. */
function releaseBranch(action: ActionKnowledge, major: string, newest: string): string | undefined {
  const name = `release/${major}`;
  return Object.hasOwn(action.branches, name) && action.branches[name] === newest ? name : undefined;
}

/**
 * The upgrades for a ref that `from` resolved. For a ref that is itself fine (reported only for
 * being behind), only newer majors are considered; otherwise the ref's own major too (a newer
 * release of it may fix a sunset version or a missing tag).
 */
const plans = new WeakMap<RefResolution, Map<string, UpgradePlan>>();

/** Where a ref can move (computed once per resolved ref and style: resolutions are shared). */
export function planUpgrade(action: ActionKnowledge, from: RefResolution, style: RefStyle): UpgradePlan {
  let byStyle = plans.get(from);
  if (!byStyle) {
    byStyle = new Map();
    plans.set(from, byStyle);
  }
  const key = JSON.stringify(style);
  let plan = byStyle.get(key);
  if (!plan) {
    plan = planUpgradeOnce(action, from, style);
    byStyle.set(key, plan);
  }
  return plan;
}

function planUpgradeOnce(action: ActionKnowledge, from: RefResolution, style: RefStyle): UpgradePlan {
  if (action.archived) return { fix: undefined, suggestions: [], noFix: "none" };
  const fromMajor = from.major;
  const majors =
    style.kind === "branch" || fromMajor === undefined
      ? [action.latest.major]
      : action.majorsFrom(fromMajor, { inclusive: from.status.kind !== "ok" });
  const good: UpgradeTarget[] = [];
  let dropInWithoutSha = false;
  for (const major of majors.toReversed()) {
    const changes = fromMajor === undefined || style.kind === "branch" ? action.allBreaking : action.breakingBetween(fromMajor, major);
    const written = write(action, major, style);
    if (!written) {
      if (style.kind === "sha" && changes.length === 0) dropInWithoutSha = true;
      continue;
    }
    const check = action.resolveRef(written.ref, { commentVersion: written.commentVersion });
    if (check.status.kind !== "ok") continue;
    good.push({ major, ...written, runtime: check.runtime, changes });
  }
  const dropIn = (target: UpgradeTarget) => style.kind !== "branch" && fromMajor !== undefined && target.changes.length === 0;
  const fix = good.find((target) => dropIn(target) && target.keepsPrecision) ?? good.find(dropIn);
  const suggestions: UpgradeTarget[] = [];
  const latest = good.find((target) => target.major === action.latest.major);
  if (latest && latest !== fix) suggestions.push(latest);
  if (!fix) {
    // Also the newest upgrade that changes less than the latest does.
    const fewer = good.find((target) => target !== latest && (!latest || target.changes.length < latest.changes.length));
    if (fewer) suggestions.push(fewer);
  }
  const noFix = fix ? undefined : dropInWithoutSha ? "no-sha" : good.length > 0 ? "breaking" : "none";
  return { fix, suggestions, noFix };
}
