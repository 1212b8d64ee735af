/**
 * The action knowledge base, read in workflow terms: what a `uses:` ref runs, whether that still
 * works, and which newer releases a workflow can move to.
 *
 * `compiled.json` is compiled by `scripts/update-action-data.mjs` from two sources kept in the
 * repository: `upstream.json`, read by the script from each action's own repository (tags and
 * their commits, `runs.using` and input names at every tag), and `curated.json`, written by people
 * with evidence for every fact (archived actions, sunset and missing refs, breaking changes and
 * when they apply). Only releases read from the action's own repository are compiled in, so every
 * ref and SHA a fix writes is one the action publishes. `lib/data/README.md` describes every
 * field. Nothing here touches the network.
 *
 * Commits are compiled compactly: the full SHA only of a commit a fix can write (the newest
 * release of each major), a prefix unique among all the data's commits for any other. A user's
 * SHA pin is placed by its prefix; where the data has the full SHA, the whole SHA must match.
 * A pin that shares an older release's prefix (`shaPrefix` hex digits, at least 8, so 32+ bits)
 * without being that commit would be placed on that release: the rule would then judge it as that
 * release, and a fix would still write only a full SHA read from the repository.
 *
 * Sub-actions (`owner/repo/path`) with an entry of their own (`github/codeql-action/init`) use
 * it; any other sub-action inherits its repository's entry (`actions/cache/restore` is judged as
 * `actions/cache`): the same tags and curated facts, and the same runtime, which was checked to
 * hold for `actions/cache/restore`, `actions/cache/save` and `actions/upload-artifact/merge` at
 * every tag where they exist.
 */
import { COMPILED_ACTION_DATA } from "./compiled.js";
import type { Condition } from "./conditions.js";
import { Lru } from "./lru.js";

/** A runtime's standing on GitHub's runners, from `runtimeStatus` in the data. */
export interface RuntimeStatus {
  readonly runtime: string;
  /** `removed`: the runner no longer ships it; `deprecated`: announced, still runs; `current`. */
  readonly status: "removed" | "deprecated" | "current";
  /** Date (YYYY-MM-DD) the status took effect, when the data has one. */
  readonly since: string | undefined;
  /** For a removed runtime: the runtime the runner now runs such actions on (`node24`), when the data says. */
  readonly runsOn: string | undefined;
}

/** A curated breaking change as compiled: what changes, when it applies, how to keep the old behaviour. */
export interface RawChange {
  /** One short line (for suggestion titles): what changes. */
  readonly summary: string;
  /** When the change applies to a step; absent: always. */
  readonly when?: Condition;
  /** Inputs that keep the old behaviour when written explicitly (the old default). */
  readonly keep?: Readonly<Record<string, string>>;
}

/** One action as compiled (`lib/data/README.md` describes the form). */
export interface RawAction {
  /** The day the action's repository was read, when not the data's `date`. */
  readonly checked?: string;
  /** The date of the newest commit of the snapshot the action was read from: nothing later is known. */
  readonly asOf: string;
  readonly archived?: boolean;
  readonly replacement?: string | null;
  /** The newest release read from the action's repository. */
  readonly latest: string;
  /** Major → `"<its newest release> <its runtime>"` (`"v4.3.0 node20"`). */
  readonly majors: Readonly<Record<string, string>>;
  readonly usingChanges?: Readonly<Record<string, string>>;
  /** Tags grouped by commit, oldest first: `"<sha> <tag> <tag>,<sha> <tag>"`; a SHA is full (40 hex) or a `shaPrefix` prefix. */
  readonly tags: string;
  /** Input names of each major's newest release (from its action.yml), space-separated; "=" for the previous major's list. */
  readonly inputs?: Readonly<Record<string, string>>;
  readonly refs?: {
    /** Ref → why it is unsupported although it still runs, as a predicate (`is a branch that is no longer maintained`). */
    readonly sunset?: Readonly<Record<string, string>>;
    /** Ref → why it is known to fail, as a predicate (`fails: it uses the cache service that GitHub shut down`). */
    readonly fails?: Readonly<Record<string, string>>;
    readonly missing?: readonly string[];
    readonly branches?: Readonly<Record<string, string>>;
  };
  /** Keyed by the release that brings the changes: a major (`v4`) or an exact release (`v4.4.0`). */
  readonly breaking?: Readonly<Record<string, readonly RawChange[]>>;
}

export interface RawData {
  /** The newest day a source was read. */
  readonly date: string;
  /** How many hex digits a commit a fix never writes is stored with (unique among all the data's commits). */
  readonly shaPrefix: number;
  readonly runtimeStatus: Readonly<Record<string, { readonly status: RuntimeStatus["status"]; readonly since?: string; readonly runsOn?: string }>>;
  readonly actions: Readonly<Record<string, RawAction>>;
}

const data = COMPILED_ACTION_DATA as RawData;

/** The day the data's sources were read: what it says is as of this day. */
export const DATA_DATE: string = data.date;

/**
 * The oldest snapshot among the actions that are still maintained (an archived repository cannot
 * publish anything newer, so its snapshot is complete): how far back the data may be behind.
 */
export const OLDEST_SNAPSHOT: { readonly action: string; readonly date: string } = Object.entries(data.actions)
  .filter(([, action]) => action.archived !== true)
  .map(([action, { asOf }]) => ({ action, date: asOf }))
  .reduce((oldest, entry) => (entry.date < oldest.date ? entry : oldest), { action: "", date: "9999-12-31" });

/** Every action key of the data (`owner/repo` or `owner/repo/path`, lower-case). */
export const ACTION_KEYS: readonly string[] = Object.keys(data.actions);

/** The standing of a runtime (`node20`, `docker`, `plugin`…), or `undefined` for one the data does not know. */
export function runtimeStatus(runtime: string): RuntimeStatus | undefined {
  const entry = Object.hasOwn(data.runtimeStatus, runtime) ? data.runtimeStatus[runtime] : undefined;
  if (!entry) return undefined;
  return { runtime, status: entry.status, since: entry.since, runsOn: entry.runsOn };
}

/** Whether a runtime no longer runs, or is announced to stop running, on GitHub's runners. */
export function isOutdatedRuntime(runtime: string | undefined): boolean {
  const status = runtime === undefined ? undefined : runtimeStatus(runtime)?.status;
  return status === "removed" || status === "deprecated";
}

// ─── Versions ────────────────────────────────────────────────────────────────────────────────

/**
 * A release name: `v4`, `v4.2`, `v4.2.2`, `4.2.2`, or with a monorepo path prefix
 * (`save/v1.0.0`). `parts` holds 1 to 3 numbers.
 */
export interface VersionName {
  readonly name: string;
  /** The path prefix including its slash (`save/`), or "". */
  readonly path: string;
  readonly v: boolean;
  readonly parts: readonly number[];
}

const NUMBERS = /^(v?)(\d+)(?:\.(\d+))?(?:\.(\d+))?$/u;

/**
 * Names come from the data and from refs users write: bounded by emptying it when full (it is on
 * the hot path of every comparison, so a plain map, not an LRU).
 */
const parsedNames = new Map<string, VersionName | undefined>();
const PARSED_NAMES_LIMIT = 16384;

/** Parses a release name; names repeat across the data and workflows, so each is parsed once. */
export function parseVersionName(name: string): VersionName | undefined {
  const cached = parsedNames.get(name);
  if (cached !== undefined || parsedNames.has(name)) return cached;
  const parsed = parseVersionNameOnce(name);
  if (parsedNames.size >= PARSED_NAMES_LIMIT) parsedNames.clear();
  parsedNames.set(name, parsed);
  return parsed;
}

function parseVersionNameOnce(name: string): VersionName | undefined {
  const slash = name.lastIndexOf("/");
  const match = NUMBERS.exec(name.slice(slash + 1));
  if (!match) return undefined;
  const parts = [match[2], match[3], match[4]].filter((part) => part !== undefined).map(Number);
  return { name, path: name.slice(0, slash + 1), v: match[1] === "v", parts };
}

/** Orders versions by number; a missing part sorts first, so `v4` < `v4.0` < `v4.0.0`. */
export function compareVersions(a: VersionName, b: VersionName): number {
  for (let i = 0; i < 3; i++) {
    const difference = (a.parts[i] ?? -1) - (b.parts[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The major a version belongs to, named as the data names majors: `v4`, `save/v1`. */
export function majorName(version: VersionName): string {
  return `${version.path}v${version.parts[0]}`;
}

/** Whether `version` is `prefix` or lies under it (`v4.2.2` lies under `v4` and `v4.2`), ignoring `v`. */
function isUnder(version: VersionName, prefix: VersionName): boolean {
  return version.path === prefix.path && prefix.parts.every((part, index) => version.parts[index] === part);
}

const isExact = (version: VersionName) => version.parts.length === 3;

// ─── What a ref stands for ───────────────────────────────────────────────────────────────────

/** Why a ref is reported, most serious first. */
export type RefStatus =
  | { readonly kind: "ok" }
  /** The action itself is archived: every ref is reported. */
  | { readonly kind: "archived"; readonly replacement: string | undefined }
  /** A ref that people use but the action does not publish (a `@v1` of an action that has only release branches). */
  | { readonly kind: "missing" }
  /** A ref known to fail (a service it needs was shut down); `reason` is the curated predicate. */
  | { readonly kind: "fails"; readonly reason: string }
  /** A ref that still runs but is unsupported (a frozen branch, a deprecated major); `reason` is the curated predicate. */
  | { readonly kind: "sunset"; readonly reason: string }
  /** The release runs on a removed or deprecated runtime. */
  | { readonly kind: "runtime"; readonly runtime: RuntimeStatus }
  /** A branch, tag or SHA the data cannot place: nothing to say. */
  | { readonly kind: "unknown" };

/** How a ref was placed on a release. */
export type ResolvedVia =
  /** a tag of the data (a moving tag is placed on the exact release at the same commit) */
  | "tag"
  /** a commit SHA that the data maps to tags */
  | "sha"
  /** a SHA the data does not know, placed by its `# vX.Y.Z` comment */
  | "comment"
  /** a branch the data maps to a release (`release/v1`) */
  | "branch"
  /** a version the data has no tag for, placed on the newest release it names (`v4.1` → v4.1.7) */
  | "prefix";

export interface RefResolution {
  readonly ref: string;
  /** The release the ref runs, most precise known (`v2.8.0` for `v2`), when the data places it. */
  readonly version: string | undefined;
  /** Its major as the data names it (`v2`). */
  readonly major: string | undefined;
  readonly runtime: string | undefined;
  readonly via: ResolvedVia | undefined;
  readonly status: RefStatus;
}

export interface ResolveOptions {
  /** For a SHA pin: the version its trailing comment names (`v4.2.2`), used when the data does not know the SHA. */
  readonly commentVersion?: string | undefined;
}

/** A curated breaking change: what changes when upgrading into `release`, and when that matters. */
export interface BreakingChange extends RawChange {
  /** The release that brings it: a major (`v4`) or an exact release (`v4.4.0`). */
  readonly release: string;
}

/** A commit of the data: its tags, and its full SHA when the data has it (see the module comment). */
interface Commit {
  /** Its first `shaPrefix` hex digits, lower-case. */
  readonly prefix: string;
  readonly sha: string | undefined;
  readonly tags: string[];
}

/** One action of the knowledge base, answering questions about its refs and releases. */
export class ActionKnowledge {
  /** The data key (`owner/repo` or `owner/repo/path`, lower-case). */
  readonly key: string;
  /** For a sub-action without an entry of its own: the repository entry it is judged by. */
  readonly inheritedFrom: string | undefined;
  /** The day the action's repository was read. */
  readonly checked: string;
  /**
   * The date of the newest commit of the repository snapshot the data was read from: releases
   * after it are unknown, so "the newest release" means the newest known as of this date.
   */
  readonly asOf: string;
  readonly archived: boolean;
  readonly replacement: string | undefined;
  /** The newest release read from the action's repository. */
  readonly latest: { readonly major: string; readonly version: string; readonly sha: string };
  readonly #raw: RawAction;
  /** Every release name the data knows (tags, plus releases known without a SHA), parsed. */
  readonly #versions = new Map<string, VersionName>();
  /** Tag → its commit. */
  readonly #tags = new Map<string, Commit>();
  /** Lower-case SHA prefix (`shaPrefix` digits) → the commit. */
  readonly #bySha = new Map<string, Commit>();
  /** Major → its newest release and runtime. */
  readonly #majors = new Map<string, { readonly latest: string; readonly using: string }>();
  /** Major → its runtime changes (first exact release and each change), oldest first. */
  readonly #changes = new Map<string, [VersionName, string][]>();
  /** Majors, oldest first. */
  readonly majors: readonly string[];

  constructor(key: string, raw: RawAction, inheritedFrom?: string) {
    this.key = key;
    this.inheritedFrom = inheritedFrom;
    this.#raw = raw;
    this.checked = raw.checked ?? data.date;
    this.asOf = raw.asOf;
    this.archived = raw.archived === true;
    this.replacement = raw.replacement ?? undefined;
    for (const group of raw.tags.split(",")) {
      const [sha = "", ...tags] = group.split(" ");
      const commit: Commit = { prefix: sha.slice(0, data.shaPrefix), sha: sha.length === 40 ? sha : undefined, tags };
      this.#bySha.set(commit.prefix, commit);
      for (const tag of tags) this.#tags.set(tag, commit);
    }
    for (const [major, text] of Object.entries(raw.majors)) {
      const [latest = "", using = ""] = text.split(" ");
      this.#majors.set(major, { latest, using });
    }
    this.latest = { major: majorName(parseVersionName(raw.latest)!), version: raw.latest, sha: this.shaFor(raw.latest)! };
    const known = [...this.#tags.keys(), ...[...this.#majors.values()].map((major) => major.latest), raw.latest, ...Object.keys(raw.usingChanges ?? {})];
    for (const name of known) {
      const version = parseVersionName(name);
      if (version) this.#versions.set(name, version);
    }
    for (const [name, runtime] of Object.entries(raw.usingChanges ?? {})) {
      const version = parseVersionName(name);
      if (!version) continue;
      const list = this.#changes.get(majorName(version)) ?? [];
      list.push([version, runtime]);
      this.#changes.set(majorName(version), list);
    }
    for (const list of this.#changes.values()) list.sort(([a], [b]) => compareVersions(a, b));
    this.majors = [...this.#majors.keys()].sort((a, b) => compareVersions(parseVersionName(a)!, parseVersionName(b)!));
    let previous: ReadonlySet<string> | undefined;
    for (const [major, text] of Object.entries(raw.inputs ?? {})) {
      const inputs = text === "=" && previous ? previous : new Set(text.split(" ").filter(Boolean));
      this.#inputs.set(major, inputs);
      previous = inputs;
    }
  }

  /** The newest release of a major (`v4` → `v4.4.0`) and its runtime. */
  major(name: string): { readonly latest: string; readonly using: string } | undefined {
    return this.#majors.get(name);
  }

  /** Whether the action publishes this tag (moving or exact). */
  hasTag(name: string): boolean {
    return this.#tags.has(name);
  }

  /**
   * The full commit SHA a release tag points at, when the data has it: for the newest release of
   * each major (the only commits a fix writes); other commits are known by a prefix only.
   */
  shaFor(version: string): string | undefined {
    return this.#tags.get(version)?.sha;
  }

  /** Every tag of the data and the SHA or unique SHA prefix of its commit, oldest release first. */
  get tags(): ReadonlyMap<string, string> {
    return new Map([...this.#tags].map(([tag, commit]) => [tag, commit.sha ?? commit.prefix]));
  }

  /**
   * Tags at the commit of a 40-hex SHA, most precise and newest first (`v4.2.2` before `v4.2`
   * before `v4`): the commit with the SHA's prefix, when the data has no full SHA for it or that
   * full SHA is this one.
   */
  versionsAt(sha: string): string[] {
    const lower = sha.toLowerCase();
    if (!/^[0-9a-f]{40}$/u.test(lower)) return [];
    const commit = this.#bySha.get(lower.slice(0, data.shaPrefix));
    if (!commit || (commit.sha !== undefined && commit.sha !== lower)) return [];
    return sortedTags(commit);
  }

  /** The curated sunset reason for a ref as written, its release, or the release's whole major. */
  sunsetReason(...names: (string | undefined)[]): string | undefined {
    return curatedReason(this.#raw.refs?.sunset, names);
  }

  /** Why a ref as written, its release, or the release's whole major is known to fail, if it is. */
  failureReason(...names: (string | undefined)[]): string | undefined {
    return curatedReason(this.#raw.refs?.fails, names);
  }

  /** Whether the ref is one the action is known not to publish. */
  isMissing(ref: string): boolean {
    return (this.#raw.refs?.missing ?? []).includes(ref) && !this.hasTag(ref);
  }

  /** Branches the data lists as meant to be used, with the release each points at (or a description). */
  get branches(): Readonly<Record<string, string>> {
    return this.#raw.refs?.branches ?? {};
  }

  /** Tag names the data knows for a version `like` written (`v` or not, same numbers), newest first. */
  #under(prefix: VersionName): VersionName[] {
    return [...this.#versions.values()].filter((version) => isUnder(version, prefix)).sort((a, b) => compareVersions(b, a));
  }

  /**
   * The runtime (`runs.using`) of a release: from the runtime changes of its major when it has
   * any, else the major's runtime. A moving or partial version (`v4`, `v4.1`) counts as the
   * newest exact release under it.
   */
  runtimeOf(name: string): string | undefined {
    const version = parseVersionName(name);
    if (!version) return undefined;
    const major = this.major(majorName(version));
    if (!major) return undefined;
    const changes = this.#changes.get(majorName(version));
    if (!changes) return major.using;
    const exact = isExact(version) ? version : this.#under(version).find(isExact);
    if (!exact) return major.using;
    return changes.filter(([start]) => compareVersions(start, exact) <= 0).at(-1)?.[1];
  }

  /**
   * Curated breaking changes crossed when moving from release `from` up to release `to`: those
   * brought by a release after `from` and at or before `to` (`v4.6.2` → `v7.0.1` crosses `v5`,
   * `v6`, `v7`; `v4.0.0` → `v4.6.2` crosses `v4.4.0`). Oldest first.
   */
  breakingBetween(from: string, to: string): BreakingChange[] {
    const start = parseVersionName(from);
    const end = parseVersionName(to);
    if (!start || !end || start.path !== end.path) return [];
    return this.#changesWhere((version) => version.path === start.path && compareVersions(version, start) > 0 && compareVersions(version, end) <= 0);
  }

  /** Every curated breaking change, oldest first (for refs whose release is unknown). */
  get allBreaking(): BreakingChange[] {
    return this.#changesWhere(() => true);
  }

  #changesWhere(test: (version: VersionName) => boolean): BreakingChange[] {
    return Object.entries(this.#raw.breaking ?? {})
      .map(([release, changes]) => ({ version: parseVersionName(release), release, changes }))
      .filter((entry): entry is { version: VersionName; release: string; changes: readonly RawChange[] } => entry.version !== undefined && test(entry.version))
      .sort((a, b) => compareVersions(a.version, b.version))
      .flatMap(({ release, changes }) => changes.map((change) => ({ release, ...change })));
  }

  /** Whether upgrading from one release to another crosses no curated breaking change. */
  isDropIn(from: string, to: string): boolean {
    const start = parseVersionName(from);
    const end = parseVersionName(to);
    if (!start || !end || start.path !== end.path || compareVersions(end, start) < 0) return false;
    return this.breakingBetween(from, to).length === 0;
  }

  /** The input names of a major's newest release, from its action.yml; `undefined` when not read. */
  inputsOf(major: string): ReadonlySet<string> | undefined {
    return this.#inputs.get(major);
  }

  readonly #inputs = new Map<string, ReadonlySet<string>>();

  /** How many majors of the action are newer than `major`. */
  majorsAfter(major: string): number {
    const from = parseVersionName(major);
    if (!from) return 0;
    return this.majors.filter((name) => {
      const version = parseVersionName(name)!;
      return version.path === from.path && compareVersions(version, from) > 0;
    }).length;
  }

  /** Majors newer than `major` (or all, for `undefined`), oldest first, within the same path prefix. */
  majorsFrom(major: string | undefined, { inclusive = false } = {}): string[] {
    const from = major === undefined ? undefined : parseVersionName(major);
    return this.majors.filter((name) => {
      if (!from) return true;
      const version = parseVersionName(name)!;
      const order = compareVersions(version, from);
      return version.path === from.path && (inclusive ? order >= 0 : order > 0);
    });
  }

  /**
   * The existing tag that names the newest release of `major` at a given precision
   * (1 = `v5`, 2 = `v5.1`, 3 = `v5.1.0`) with or without `v`, preferring the spelling asked for.
   * `undefined` when the action publishes no such tag (setup-uv has no `v8`).
   */
  tagFor(major: string, precision: number, v: boolean): string | undefined {
    const newest = this.major(major)?.latest;
    const version = newest === undefined ? undefined : parseVersionName(newest);
    if (!version || version.parts.length < precision) return undefined;
    const numbers = version.parts.slice(0, precision).join(".");
    const spellings = v ? [`${version.path}v${numbers}`, `${version.path}${numbers}`] : [`${version.path}${numbers}`, `${version.path}v${numbers}`];
    return spellings.find((name) => this.hasTag(name));
  }

  /**
   * What a ref runs and whether that is a problem. `ref` is the text after `@`: a tag, a branch or
   * a 40-hex SHA. A SHA is placed by the tags at that commit, else by `commentVersion`; a moving
   * tag by the exact release at its commit; a version the data has no tag for by the newest
   * release under it; a branch only when the data maps it to a release.
   */
  resolveRef(ref: string, options: ResolveOptions = {}): RefResolution {
    // The same refs recur across a repository's workflows (and a lint run's files): resolve each once.
    const key = `${ref}\u0000${options.commentVersion ?? ""}`;
    let resolution = this.#resolved.get(key);
    if (!resolution) {
      const placed = this.#place(ref, options);
      resolution = { ref, ...placed, status: this.#judge(ref, placed) };
      this.#resolved.set(key, resolution);
    }
    return resolution;
  }

  /** Bounded: keyed by refs users write. */
  readonly #resolved = new Lru<string, RefResolution>(256);

  #place(ref: string, options: ResolveOptions): Omit<RefResolution, "ref" | "status"> {
    const none = { version: undefined, major: undefined, runtime: undefined, via: undefined };
    const release = (name: string, via: ResolvedVia) => {
      const version = parseVersionName(name)!;
      return { version: name, major: majorName(version), runtime: this.runtimeOf(name), via };
    };
    if (/^[0-9a-f]{40}$/iu.test(ref)) {
      const tags = this.versionsAt(ref);
      if (tags.length > 0) {
        // Several exact tags at one commit: prefer the one the comment names.
        const commented = tags.find((tag) => sameVersion(tag, options.commentVersion));
        return release(commented ?? tags[0]!, "sha");
      }
      const fromComment = options.commentVersion === undefined ? undefined : this.#placeVersion(options.commentVersion);
      return fromComment ? release(fromComment, "comment") : none;
    }
    const branch = Object.hasOwn(this.branches, ref) ? this.branches[ref] : undefined;
    if (branch !== undefined) return parseVersionName(branch) && this.#versions.has(branch) ? release(branch, "branch") : none;
    const placed = this.#placeVersion(ref);
    if (placed) return release(placed, this.#versions.has(ref) ? "tag" : "prefix");
    return none;
  }

  /** A version written as `v4.2.2`, `4.2.2`, `v4.1` or `v4`, placed on the newest known release under it. */
  #placeVersion(text: string): string | undefined {
    const version = parseVersionName(text);
    if (!version) return undefined;
    if (this.#versions.has(text)) {
      if (isExact(version)) return text;
      // A moving tag: the exact release at its commit (which may lag behind the major's newest).
      const commit = this.#tags.get(text);
      return (commit && sortedTags(commit)[0]) || text;
    }
    const under = this.#under(version);
    return (under.find(isExact) ?? under[0])?.name;
  }

  #judge(ref: string, placed: Omit<RefResolution, "ref" | "status">): RefStatus {
    // What fails first (whatever else is true of the action), then what only runs on borrowed time.
    if (this.isMissing(ref)) return { kind: "missing" };
    const failure = this.failureReason(ref, placed.version, placed.major);
    if (failure !== undefined) return { kind: "fails", reason: failure };
    if (this.archived) return { kind: "archived", replacement: this.replacement };
    const reason = this.sunsetReason(ref, placed.version, placed.major);
    if (reason !== undefined) return { kind: "sunset", reason };
    if (placed.version === undefined) return { kind: "unknown" };
    const runtime = placed.runtime === undefined ? undefined : runtimeStatus(placed.runtime);
    if (runtime && (runtime.status === "removed" || runtime.status === "deprecated")) return { kind: "runtime", runtime };
    return { kind: "ok" };
  }
}

/** The first of `names` a curated ref map has a reason for. */
function curatedReason(reasons: Readonly<Record<string, string>> | undefined, names: readonly (string | undefined)[]): string | undefined {
  if (!reasons) return undefined;
  for (const name of names) if (name !== undefined && Object.hasOwn(reasons, name)) return reasons[name];
  return undefined;
}

/** A commit's tags, most precise and newest first (`v4.2.2` before `v4.2` before `v4`). */
function sortedTags(commit: Commit): string[] {
  return commit.tags
    .map((tag) => parseVersionName(tag))
    .filter((version): version is VersionName => version !== undefined)
    .sort((a, b) => b.parts.length - a.parts.length || compareVersions(b, a) || Number(b.v) - Number(a.v))
    .map((version) => version.name);
}

/** Whether two version texts name the same numbers (`v4.2.2` and `4.2.2`). */
function sameVersion(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  const x = parseVersionName(a);
  const y = parseVersionName(b);
  return x !== undefined && y !== undefined && x.path === y.path && compareVersions(x, y) === 0 && x.parts.length === y.parts.length;
}

/** Bounded: keyed by action names users write (most are not in the data). */
const cache = new Lru<string, ActionKnowledge | null>(512);

/**
 * What the data knows about an action (`owner/repo` or `owner/repo/path`, any case), or
 * `undefined` for an action it does not cover. A sub-action without an entry of its own is
 * judged by its repository's entry.
 */
export function actionKnowledge(action: string): ActionKnowledge | undefined {
  const key = action.toLowerCase();
  let known = cache.get(key);
  if (known === undefined) {
    const repository = key.split("/").slice(0, 2).join("/");
    if (Object.hasOwn(data.actions, key)) known = new ActionKnowledge(key, data.actions[key]!);
    else if (key !== repository && Object.hasOwn(data.actions, repository)) known = new ActionKnowledge(repository, data.actions[repository]!, repository);
    else known = null;
    cache.set(key, known);
  }
  return known ?? undefined;
}

/** The raw data, for the data's own invariant tests and documentation. */
export const actionData: RawData = data;
