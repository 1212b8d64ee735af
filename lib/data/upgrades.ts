/**
 * Where a `uses:` ref can move to: the newest release whose breaking changes do not apply to this
 * step (the autofix), and releases that do change its behaviour (suggestions that say what).
 *
 * Each curated change states when it applies (lib/data/conditions.ts): an input the step uses, a
 * default it relies on, a trigger of the workflow, a runner, another step. The fix goes to the
 * newest release whose crossed changes all do not apply; a change that applies only because the
 * step relies on an old default is not crossed blindly: the fix writes that default explicitly
 * (`python-version: 3.x`), when the data says how. A change the model cannot decide counts as
 * applying. An input the step sets that the target's action.yml no longer declares stops it too.
 *
 * The target keeps the ref's style: a major-only ref stays major-only (`@v2` → `@v5`), a minor
 * ref names a minor, an exact ref the exact newest release of the target major, with or without
 * `v` as written, and a SHA pin moves to the commit of that release with its version comment
 * rewritten in the comment's own precision. Every target is a tag or commit read from the
 * action's own repository, checked by resolving it again: it must be a release that is not
 * outdated, so a fix converges in one pass.
 */
import { parseVersionName, type ActionKnowledge, type BreakingChange, type RefResolution } from "./actions.js";
import { evaluate, NO_FACTS, type StepFacts, type Verdict } from "./conditions.js";

/** How the ref is written, which the target keeps. */
export type RefStyle =
  /** `v2`, `v2.3`, `v2.3.4`, `2.3.4`: `precision` is how many numbers, `v` whether prefixed. */
  | { readonly kind: "version"; readonly precision: number; readonly v: boolean }
  /** A 40-hex SHA, with the version its comment names (rewritten at the same precision). */
  | { readonly kind: "sha"; readonly comment: { readonly precision: number; readonly v: boolean } | undefined }
  /** Any other ref (a branch such as `master`). */
  | { readonly kind: "branch" };

/** A crossed change that stops an upgrade for this step. */
export interface Blocker {
  /** The release that brings it (`v7`, `v4.4.0`). */
  readonly release: string;
  /** One short line: what changes. */
  readonly summary: string;
  /** `applies`, or `unknown` when the model cannot tell. */
  readonly verdict: Exclude<Verdict, "no">;
}

export interface UpgradeTarget {
  readonly major: string;
  /** The release the target runs (`v5.1.0`). */
  readonly version: string;
  /** The text to write after `@`: a tag, a branch or a SHA. */
  readonly ref: string;
  /** For a SHA pin with a version comment: the comment's new version text. */
  readonly commentVersion: string | undefined;
  readonly runtime: string | undefined;
  /** Curated breaking changes crossed on the way, oldest first. */
  readonly changes: readonly BreakingChange[];
  /** Whether the target keeps the ref's precision (`@v4` → `@v6`), or had to name an exact release. */
  readonly keepsPrecision: boolean;
  /** Inputs to write so that the step keeps an old default across the changes (`python-version: 3.x`). */
  readonly keep: readonly (readonly [string, string])[];
  /** The crossed changes that apply to this step (or cannot be decided): empty for a fix. */
  readonly blockers: readonly Blocker[];
}

/** Why a finding has no autofix, as far as the data is concerned. */
export type NoFix =
  /** A crossed change applies to this step (or cannot be decided): the first one that does. */
  | { readonly kind: "applies"; readonly blocker: Blocker }
  /** No newer release read from the action's repository fixes the ref. */
  | { readonly kind: "no-target" }
  /** The data cannot place the ref (a branch) on a release, so no change can be ruled out. */
  | { readonly kind: "unplaced" };

export interface UpgradePlan {
  /** The autofix: the newest release that is not outdated and whose changes do not apply. */
  readonly fix: UpgradeTarget | undefined;
  /** Upgrades that change behaviour: the latest, and when there is no fix, the newest with fewer changes. */
  readonly suggestions: readonly UpgradeTarget[];
  readonly noFix: NoFix | undefined;
}

interface Written {
  readonly ref: string;
  readonly version: string;
  readonly commentVersion: string | undefined;
  readonly keepsPrecision: boolean;
}

type Candidate = Omit<UpgradeTarget, "keep" | "blockers">;

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
    const tag = action.tagFor(major, 1, true);
    if (tag) return { ref: tag, version: newest, commentVersion: undefined, keepsPrecision: true };
  }
  const exact = action.tagFor(major, 3, style.kind === "version" ? style.v : true);
  return exact ? { ref: exact, version: newest, commentVersion: undefined, keepsPrecision: false } : undefined;
}

/** `release/vN` when the data lists it as a branch at the major's newest release. */
function releaseBranch(action: ActionKnowledge, major: string, newest: string): string | undefined {
  const name = `release/${major}`;
  return Object.hasOwn(action.branches, name) && action.branches[name] === newest ? name : undefined;
}

const styleKey = (style: RefStyle): string =>
  style.kind === "version" ? `v${style.precision}${style.v}` : style.kind === "sha" ? `s${style.comment?.precision}${style.comment?.v}` : "b";

/** The good targets for a resolved ref in a style, newest first; computed once (resolutions are shared). */
const candidateCache = new WeakMap<RefResolution, Map<string, { good: Candidate[] }>>();

/** A resolution's entry in a cache keyed by resolution and then by style: the map of its styles, made on first use. */
function stylesOf<T>(cache: WeakMap<RefResolution, Map<string, T>>, from: RefResolution): Map<string, T> {
  let byStyle = cache.get(from);
  if (!byStyle) {
    byStyle = new Map();
    cache.set(from, byStyle);
  }
  return byStyle;
}

function candidatesFor(action: ActionKnowledge, from: RefResolution, style: RefStyle): { good: Candidate[] } {
  const byStyle = stylesOf(candidateCache, from);
  const key = styleKey(style);
  let found = byStyle.get(key);
  if (!found) {
    found = { good: candidatesOnce(action, from, style) };
    byStyle.set(key, found);
  }
  return found;
}

/**
 * For a ref that is itself fine (reported only for being behind), only newer majors; otherwise
 * the ref's own major too (a newer release of it may fix a sunset version or a missing tag).
 */
function candidatesOnce(action: ActionKnowledge, from: RefResolution, style: RefStyle): Candidate[] {
  if (action.archived) return [];
  const majors = from.major === undefined ? [action.latest.major] : action.majorsFrom(from.major, { inclusive: from.status.kind !== "ok" });
  const good: Candidate[] = [];
  for (const major of majors.toReversed()) {
    const written = write(action, major, style);
    if (!written) continue;
    const check = action.resolveRef(written.ref, { commentVersion: written.commentVersion });
    if (check.status.kind !== "ok") continue;
    const changes = from.version === undefined ? action.allBreaking : action.breakingBetween(from.version, written.version);
    good.push({ major, ...written, runtime: check.runtime, changes });
  }
  return good;
}

/** Whether a change applies to the step as it is (no input added), judged once per plan. */
function verdictOf(change: BreakingChange, facts: StepFacts, verdicts: Map<BreakingChange, Verdict>): Verdict {
  let verdict = verdicts.get(change);
  if (verdict === undefined) {
    verdict = evaluate(change.when, facts);
    verdicts.set(change, verdict);
  }
  return verdict;
}

/** Which crossed changes stop this step, and which inputs keep old defaults across the others. */
function assess(
  action: ActionKnowledge,
  from: RefResolution,
  target: Candidate,
  facts: StepFacts,
  verdicts: Map<BreakingChange, Verdict>,
): Pick<UpgradeTarget, "keep" | "blockers"> {
  const added = new Map<string, string>();
  const blockers: Blocker[] = [];
  const targetInputs = action.inputsOf(target.major);
  for (const change of target.changes) {
    const verdict = added.size === 0 ? verdictOf(change, facts, verdicts) : evaluate(change.when, facts, added);
    if (verdict === "no") continue;
    if (change.keep) {
      const keep = Object.entries(change.keep);
      const trial = new Map([...added, ...keep]);
      const writable = keep.every(([name]) => targetInputs?.has(name) === true && facts.input(name).kind === "unset");
      if (writable && evaluate(change.when, facts, trial) === "no") {
        for (const [name, value] of keep) added.set(name, value);
        continue;
      }
    }
    blockers.push({ release: change.release, summary: change.summary, verdict });
  }
  // An input the step sets that the target no longer declares (read from action.yml at each tag),
  // when no curated change already stops the target.
  const fromInputs = from.major === undefined ? undefined : action.inputsOf(from.major);
  const names = facts.inputNames();
  if (blockers.length === 0 && fromInputs && targetInputs && names) {
    for (const name of names) {
      if (fromInputs.has(name) && !targetInputs.has(name)) blockers.push({ release: target.major, summary: `removes the ${name} input`, verdict: "applies" });
    }
  }
  return { keep: [...added], blockers };
}

/** A question a plan asked of its step's facts, and the answer, as text (`input`, `python-version` → `values:3.x`). */
type Asked = readonly [question: Question, answer: string];
type Question =
  | readonly ["input", string]
  | readonly ["inputNames"]
  | readonly ["triggers"]
  | readonly ["trigger", string]
  | readonly ["selfHosted"]
  | readonly ["artifactNameReused"]
  | readonly ["hasStepBelow", string, string];

/** Facts as text, so that two steps' answers compare. */
function answer(facts: StepFacts, question: Question): string {
  switch (question[0]) {
    case "input": {
      const state = facts.input(question[1]);
      return state.kind === "values" ? `values:${state.values.join("\u0000")}` : state.kind;
    }
    case "inputNames":
      return facts.inputNames()?.join("\u0000") ?? "?";
    case "triggers":
      return facts.triggers === undefined ? "?" : "read";
    case "trigger":
      return String(facts.triggers?.has(question[1]));
    case "selfHosted":
      return String(facts.selfHosted());
    case "artifactNameReused":
      return String(facts.artifactNameReused());
    case "hasStepBelow":
      return String(facts.hasStepBelow(question[1], question[2]));
  }
}

/** The step's facts, with every question the plan asks written down in order (each once: a step answers it alike again). */
function recording(facts: StepFacts, asked: Asked[]): StepFacts {
  const seen = new Set<string>();
  const ask = <T>(question: Question, value: T): T => {
    const key = question.join("\u0000");
    if (!seen.has(key)) {
      seen.add(key);
      asked.push([question, answer(facts, question)]);
    }
    return value;
  };
  const triggers = facts.triggers;
  return {
    input: (name) => ask(["input", name], facts.input(name)),
    inputNames: () => ask(["inputNames"], facts.inputNames()),
    get triggers() {
      return ask(["triggers"], triggers && { has: (event: string) => ask(["trigger", event], triggers.has(event)) });
    },
    selfHosted: () => ask(["selfHosted"], facts.selfHosted()),
    artifactNameReused: () => ask(["artifactNameReused"], facts.artifactNameReused()),
    hasStepBelow: (action, major) => ask(["hasStepBelow", action, major], facts.hasStepBelow(action, major)),
  };
}

/** A plan made, or the next question a plan asks and where each answer leads. */
type PlanNode = { readonly plan: UpgradePlan } | { readonly question: Question; readonly next: Map<string, PlanNode> };

/**
 * Plans made, per resolved ref and style, as a tree of the questions they asked of their steps.
 * A plan is a function of the ref, the style and those answers: it asks the same questions in the
 * same order of any step that answers alike, so a step is led down the tree by its own answers
 * to the plan a step like it got. The same refs recur across a workflow's steps and a run's files
 * (137 distinct refs and comments among the corpus's 1,611 findings). Bounded: resolutions are
 * (an LRU in actions.ts), and so many plans per one.
 */
const plans = new WeakMap<RefResolution, Map<string, { root: PlanNode; leaves: number }>>();
const PLANS_PER_REF = 32;

/** Where a ref can move for this step. `facts` answer the conditions of the crossed changes. */
export function planUpgrade(action: ActionKnowledge, from: RefResolution, style: RefStyle, facts: StepFacts = NO_FACTS): UpgradePlan {
  const byStyle = stylesOf(plans, from);
  const key = styleKey(style);
  const tree = byStyle.get(key);
  let node: PlanNode | undefined = tree?.root;
  while (node && "question" in node) node = node.next.get(answer(facts, node.question));
  if (node) return node.plan;
  const asked: Asked[] = [];
  const plan = makePlan(action, from, style, recording(facts, asked));
  const path = (from: number): PlanNode =>
    asked.slice(from).reduceRight<PlanNode>((below, [question, answered]) => ({ question, next: new Map([[answered, below]]) }), { plan });
  if (!tree || tree.leaves >= PLANS_PER_REF) {
    byStyle.set(key, { root: path(0), leaves: 1 });
    return plan;
  }
  // Down the answers the tree knows, then a new branch where this step's first differs.
  let at: PlanNode = tree.root;
  for (let index = 0; index < asked.length && "question" in at; index++) {
    const [, answered] = asked[index]!;
    const next = at.next.get(answered);
    if (!next) {
      at.next.set(answered, path(index + 1));
      tree.leaves++;
      break;
    }
    at = next;
  }
  return plan;
}

function makePlan(action: ActionKnowledge, from: RefResolution, style: RefStyle, facts: StepFacts): UpgradePlan {
  // Candidates share the changes they cross (the newest crosses all of the older ones'): each is judged once.
  const verdicts = new Map<BreakingChange, Verdict>();
  const candidates = candidatesFor(action, from, style).good;
  // Each candidate is assessed when first looked at (newest first): once the fix is found, the
  // older ones are not needed unless there is no fix.
  const assessed: UpgradeTarget[] = [];
  const target = (index: number): UpgradeTarget =>
    (assessed[index] ??= { ...candidates[index]!, ...assess(action, from, candidates[index]!, facts, verdicts) });
  const find = (test: (target: UpgradeTarget) => boolean): UpgradeTarget | undefined => {
    for (let index = 0; index < candidates.length; index++) if (test(target(index))) return target(index);
    return undefined;
  };
  const placed = from.major !== undefined;
  const dropIn = (candidate: UpgradeTarget) => placed && candidate.blockers.length === 0;
  const fix = find((candidate) => dropIn(candidate) && candidate.keepsPrecision) ?? find(dropIn);
  // Without a fix every candidate was assessed by the searches above.
  const good = fix ? [] : candidates.map((_, index) => target(index));
  const suggestions: UpgradeTarget[] = [];
  const latestIndex = candidates.findIndex((candidate) => candidate.major === action.latest.major);
  const latest = latestIndex === -1 ? undefined : target(latestIndex);
  if (latest && latest !== fix) suggestions.push(latest);
  if (!fix) {
    // Also the newest upgrade that is stopped by fewer changes than the latest.
    const fewer = good.find((target) => target !== latest && (!latest || target.blockers.length < latest.blockers.length));
    if (fewer) suggestions.push(fewer);
  }
  let noFix: NoFix | undefined;
  if (!fix) {
    const nearest = good.at(-1);
    if (!placed) noFix = { kind: "unplaced" };
    else if (nearest?.blockers[0]) noFix = { kind: "applies", blocker: nearest.blockers[0] };
    else noFix = { kind: "no-target" };
  }
  return { fix, suggestions, noFix };
}
