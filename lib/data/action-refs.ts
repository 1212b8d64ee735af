/**
 * What the action data says about each `uses:` of a workflow, with the fix and suggestions each
 * finding carries: the one analysis behind two rules, which split it by what it means for the run.
 *
 * - `fails`: the step is known to fail: a ref the action does not publish (the job fails before
 *   it starts), a release that depends on a service that was shut down (no-broken-actions, an error);
 * - otherwise the step still runs, but on a runtime it was not built for, from an archived
 *   action, an unsupported branch or major, or behind the newest release (no-outdated-actions, a warning).
 *
 * The fix moves a ref to the newest release whose breaking changes do not apply to the step
 * (lib/data/upgrades.ts); upgrades that change its behaviour are suggestions that say what changes.
 * Computed once per workflow (and `behind` option) and shared by both rules.
 */
import type { Step, Workflow } from "../ci/github/index.js";
import type { Knowable } from "../ci/shape.js";
import { addStepInputs, moveUsesRef } from "../ci/github/edits.js";
import { inputValue, readableWith, runsAsMatrix } from "../ci/github/step-context.js";
import { versionInComment, type CommentVersion } from "../ci/github/uses.js";
import type { Edits, YamlEditor } from "../yaml/edit.js";
import { actionKnowledge, compareVersions, parseVersionName, type ActionKnowledge, type RefResolution, type RuntimeStatus } from "./actions.js";
import type { StepFacts } from "./conditions.js";
import { FileCache } from "./file-memo.js";
import { planUpgrade, type NoFix, type RefStyle, type UpgradeTarget } from "./upgrades.js";

type ActionUses = Extract<NonNullable<Step["uses"]>, { kind: "action" }>;

/** The findings of a step that is known to fail (no-broken-actions). */
export type FailingId = "missingRef" | "failingRef";
/** The findings of a step that still runs (no-outdated-actions). */
export type OutdatedId = "outdatedRuntime" | "archivedAction" | "sunsetRef" | "behindLatest";
export type SuggestionId = "upgradeBreaking" | "upgradeLatest" | "upgradeFromBranch";

/** The suggestions' titles, shared by both rules' `meta.messages`. */
export const UPGRADE_MESSAGES: Record<SuggestionId, string> = {
  upgradeBreaking: "Upgrade to `{{target}}` ({{change}}).",
  upgradeLatest: "Upgrade to `{{target}}`, the newest release known as of {{asOf}}.",
  upgradeFromBranch: "Move to `{{target}}`, the newest release known as of {{asOf}}; review its changes first.",
};

/** Why a finding carries no autofix: a reason in the data, or a value the fix cannot edit safely. */
export type WhyNoFix = NoFix | { readonly kind: "archived" } | { readonly kind: "not-editable"; readonly why: "shared" | "comment" | "text" | "with" };

/** One finding on a step, with its fix and suggestions as edits. */
export interface ActionRefFinding {
  readonly step: Step;
  /** Whether the step is known to fail (a missing ref, a shut-down service). */
  readonly fails: boolean;
  readonly messageId: FailingId | OutdatedId;
  readonly data: Record<string, string>;
  readonly fix: Edits | undefined;
  readonly suggestions: readonly { readonly messageId: SuggestionId; readonly data: Record<string, string>; readonly edits: Edits }[];
  /** Set when `fix` is undefined. */
  readonly noFix: WhyNoFix | undefined;
}

/** For the linted workflow, per `behind` option: the findings (both rules read them; the corpus report counts them). */
const cache = new FileCache<Workflow, Map<number | undefined, ActionRefFinding[]>>();

/**
 * Every finding in a workflow, with its edits and, when it has no fix, why. `behind` adds refs of
 * current releases more than that many majors behind the newest known (no-outdated-actions' option).
 */
export function actionRefFindings(workflow: Workflow, editor: YamlEditor, behind?: number): readonly ActionRefFinding[] {
  let byOption = cache.get(workflow);
  if (!byOption) {
    byOption = new Map();
    cache.set(workflow, byOption);
  }
  let findings = byOption.get(behind);
  if (!findings) {
    findings = findAll(workflow, editor, behind);
    byOption.set(behind, findings);
  }
  return findings;
}

function findAll(workflow: Workflow, editor: YamlEditor, behind: number | undefined): ActionRefFinding[] {
  const findings: ActionRefFinding[] = [];
  // A step shared through an alias is one `uses:` in the file: report it once. Without an alias
  // (no `*` in the text) no two steps share one.
  const seen = workflow.source.text.includes("*") ? new Set<object>() : undefined;
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      if (!step.usesPair?.value || seen?.has(step.usesPair.value)) continue;
      seen?.add(step.usesPair.value);
      const finding = judge(step, editor, behind);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}

/**
 * The action a ref runs and where its ref (without a comment) stands, per ref read: every step
 * asks, and the steps of a run's files write the same refs (`parseUses` shares one object per
 * text). `null` for an action the data does not cover.
 */
const knownRefs = new WeakMap<ActionUses, KnownRef | null>();

interface KnownRef {
  readonly action: ActionKnowledge;
  readonly resolution: RefResolution;
  /** A SHA pin placed by the comment beside it, for the comment asked about last (steps repeat a pin and its comment). */
  pinned?: { readonly comment: string; readonly resolution: RefResolution };
}

function knownRef(uses: ActionUses): KnownRef | null {
  let known = knownRefs.get(uses);
  if (known === undefined) {
    const action = actionKnowledge(uses.action);
    known = action ? { action, resolution: action.resolveRef(uses.ref) } : null;
    knownRefs.set(uses, known);
  }
  return known;
}

function pinnedResolution(known: KnownRef, ref: string, comment: string): RefResolution {
  if (known.pinned?.comment !== comment) known.pinned = { comment, resolution: known.action.resolveRef(ref, { commentVersion: comment }) };
  return known.pinned.resolution;
}

function judge(step: Step, editor: YamlEditor, behind: number | undefined): ActionRefFinding | undefined {
  const uses = step.uses;
  if (uses?.kind !== "action") return undefined;
  const known = knownRef(uses);
  if (!known) return undefined;
  const { action } = known;
  // A SHA pin's comment places it; any other ref's comment matters only once there is a finding.
  const pinComment = uses.refKind === "sha" ? versionComment(step, uses) : undefined;
  const resolution = pinComment ? pinnedResolution(known, uses.ref, pinComment.text) : known.resolution;
  const status = resolution.status;
  if (status.kind === "unknown") return undefined;
  if (status.kind === "ok" && (behind === undefined || resolution.major === undefined || action.majorsAfter(resolution.major) <= behind)) return undefined;
  const comment = uses.refKind === "sha" ? pinComment : versionComment(step, uses);

  const label = usesLabel(uses, resolution);
  if (status.kind === "archived") {
    const replacement = status.replacement ? `; use \`${status.replacement}\` instead` : " and no longer maintained";
    return { step, fails: false, messageId: "archivedAction", data: { action: uses.name, replacement }, fix: undefined, suggestions: [], noFix: { kind: "archived" } };
  }
  const plan = planUpgrade(action, resolution, styleOf(uses, pinComment), factsOf(step));
  const notEditable = whyNotEditable(step, uses, comment);
  const fix = plan.fix && !notEditable ? editsFor(step, editor, plan.fix, uses, comment, true) : undefined;
  const suggestions = notEditable
    ? []
    : plan.suggestions.flatMap((target) => {
        const edits = editsFor(step, editor, target, uses, comment, false);
        if (!edits) return [];
        const messageId: SuggestionId = resolution.major === undefined ? "upgradeFromBranch" : target.blockers.length > 0 ? "upgradeBreaking" : "upgradeLatest";
        return [{ messageId, data: { target: `${uses.name}@${targetLabel(target)}`, change: describeBlockers(target), asOf: action.asOf }, edits }];
      });
  const noFix: WhyNoFix | undefined = fix
    ? undefined
    : plan.fix
      ? { kind: "not-editable", why: notEditable ?? (editor.apply(moveUsesRef(step, plan.fix.ref)) ? "with" : "text") }
      : plan.noFix;
  // The fix's description: when it writes an old default to keep the step's behaviour, the message says so.
  const fixNote = fix && plan.fix!.keep.length > 0 ? ` (the fix keeps ${plan.fix!.keep.map(([name, value]) => `\`${name}: ${value}\``).join(", ")})` : "";
  // Written out, not spread: one finding per outdated step, and spreading objects of several
  // shapes was the costliest line of the analysis (CPU profile).
  const finding = (fails: boolean, messageId: FailingId | OutdatedId, data: Record<string, string>): ActionRefFinding => ({ step, fails, messageId, data, fix, suggestions, noFix });
  switch (status.kind) {
    case "missing":
      return finding(true, "missingRef", { uses: label, fixNote, action: uses.name, ref: uses.ref });
    case "fails":
      return finding(true, "failingRef", { uses: label, fixNote, reason: status.reason });
    case "sunset":
      return finding(false, "sunsetRef", { uses: label, fixNote, reason: status.reason });
    case "runtime": {
      const { runtime, now } = describeRuntime(status.runtime);
      return finding(false, "outdatedRuntime", { uses: label, fixNote, runtime, now });
    }
    default: {
      const { count, latest, asOf } = behindData(action, resolution.major!);
      return finding(false, "behindLatest", { uses: label, fixNote, count, latest, asOf });
    }
  }
}

/** How far behind a major is, and the newest release the data knows, with the day it knows it as of. */
function behindData(action: ActionKnowledge, major: string): { count: string; latest: string; asOf: string } {
  return { count: String(action.majorsAfter(major)), latest: action.latest.version, asOf: action.asOf };
}

const known = <T>(value: Knowable<T>): T | undefined => (value === "unknown" ? undefined : value);

/** What the upgrade planner may ask about the step: its inputs, the workflow's events, its runner, other steps. */
function factsOf(step: Step): StepFacts {
  const workflow = step.job.workflow;
  return {
    input: (name) => inputValue(step, name),
    inputNames: () => (readableWith(step) ? [...step.inputs.keys()] : undefined),
    triggers: workflow.triggers.size > 0 ? workflow.triggers : undefined,
    selfHosted: () => known(step.job.selfHosted),
    artifactNameReused: () => artifactNameReused(step),
    hasStepBelow: (action, major) => hasStepBelow(workflow, action, major),
  };
}

const UPLOAD = "actions/upload-artifact";
const DEFAULT_ARTIFACT = "artifact";

/**
 * Whether the artifact name an upload step writes is written more than once in a run: by the
 * same step in every run of a matrix (unless the name varies with the matrix), or by another
 * upload step of the workflow with the same name.
 */
function artifactNameReused(step: Step): boolean | undefined {
  const name = artifactName(step);
  if (name === null) return undefined;
  if (name.includes("${{")) {
    if (!name.includes("matrix.") && runsAsMatrix(step.job) !== false) return runsAsMatrix(step.job) === undefined ? undefined : true;
  } else if (runsAsMatrix(step.job) !== false) {
    return runsAsMatrix(step.job) === undefined ? undefined : true;
  }
  let unknown = false;
  for (const job of step.job.workflow.jobs) {
    for (const other of job.steps) {
      if (other === step || other.action !== UPLOAD) continue;
      const otherName = artifactName(other);
      if (otherName === null || otherName.includes("${{") || name.includes("${{")) unknown = true;
      else if (otherName === name) return true;
    }
  }
  return unknown ? undefined : false;
}

/** The artifact name an upload step writes (`artifact` by default), or `null` when it cannot be read. */
function artifactName(step: Step): string | null {
  if (!readableWith(step)) return null;
  const input = step.inputs.get("name");
  if (!input) return DEFAULT_ARTIFACT;
  return input.value ?? null;
}

/** Whether the workflow has a step running `action` below `major`; `undefined` when a step's release is unknown. */
function hasStepBelow(workflow: Workflow, action: string, major: string): boolean | undefined {
  const limit = parseVersionName(major);
  let unknown = false;
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      const uses = step.uses;
      if (uses?.kind !== "action" || uses.action !== action) continue;
      const knowledge = actionKnowledge(action);
      const comment = uses.refKind === "sha" && step.usesComment ? versionInComment(step.usesComment.value, uses.repository) : undefined;
      const resolved = knowledge?.resolveRef(uses.ref, { commentVersion: comment?.text });
      const version = resolved?.major === undefined ? undefined : parseVersionName(resolved.major);
      if (!version || !limit) unknown = true;
      else if (compareVersions(version, limit) < 0) return true;
    }
  }
  return unknown ? undefined : false;
}

/**
 * The version the comment after `uses:` gives: any version for a SHA pin (`# v4.2.2`,
 * `# pin @v4`); for a version ref, one that opens the comment (`@v4 # v4 pinned on purpose`,
 * `# tag=v4.2.2`), not one inside prose (`# if you use actions/checkout@v2, …`).
 */
function versionComment(step: Step, uses: ActionUses): CommentVersion | undefined {
  const text = step.usesComment?.value;
  const found = text === undefined ? undefined : versionInComment(text, uses.repository);
  if (!found || uses.refKind === "sha") return found;
  return /\s/u.test(text!.slice(0, found.start).trim()) ? undefined : found;
}

function styleOf(uses: ActionUses, comment: CommentVersion | undefined): RefStyle {
  if (uses.refKind === "sha") {
    return { kind: "sha", comment: comment && { precision: precisionOf(comment.version), v: comment.version.prefix === "v" } };
  }
  if (uses.version) return { kind: "version", precision: precisionOf(uses.version), v: uses.version.prefix === "v" };
  return { kind: "branch" };
}

function precisionOf(version: { minor: number | undefined; patch: number | undefined }): number {
  return version.patch !== undefined ? 3 : version.minor !== undefined ? 2 : 1;
}

/**
 * Why the step's `uses:` cannot be edited safely, if it cannot: shared through an anchor; a
 * version comment that a move would leave stale (one after other values of a flow collection, or
 * one after a version ref that names another version: `@v4 # was v2`).
 */
function whyNotEditable(step: Step, uses: ActionUses, comment: CommentVersion | undefined): "shared" | "comment" | undefined {
  if (step.usesShared) return "shared";
  const lineComment = step.usesLineComment;
  if (lineComment && lineComment !== step.usesComment && versionInComment(lineComment.value, uses.repository)) return "comment";
  if (uses.refKind !== "sha" && comment && !namesRef(comment, uses.ref)) return "comment";
  return undefined;
}

/** Whether a comment's version is the ref's own version, or a more precise one under it (`@v4 # v4.2.2`). */
function namesRef(comment: CommentVersion, ref: string): boolean {
  const a = parseVersionName(comment.text);
  const b = parseVersionName(ref);
  return a !== undefined && b !== undefined && b.parts.every((part, index) => a.parts[index] === part);
}

/** Spells a release at a comment's precision and prefix (`v5.1.0` for `# v4` → `v5`). */
function spellLike(version: string, comment: CommentVersion): string | undefined {
  const parsed = parseVersionName(version);
  const precision = precisionOf(comment.version);
  if (!parsed || parsed.parts.length < precision) return undefined;
  return `${comment.version.prefix}${parsed.parts.slice(0, precision).join(".")}`;
}

/** The edits that move the step to `target` (with its comment), and with `withKeep` write the inputs that keep old defaults. */
function editsFor(step: Step, editor: YamlEditor, target: UpgradeTarget, uses: ActionUses, comment: CommentVersion | undefined, withKeep: boolean): Edits | undefined {
  let commentEdit;
  if (comment) {
    // A SHA pin's comment, or a version ref's comment that names the ref: it moves with the ref.
    const text = uses.refKind === "sha" ? target.commentVersion : spellLike(target.version, comment);
    if (text === undefined && uses.refKind !== "sha") return undefined;
    commentEdit = text === undefined ? undefined : { start: comment.start, end: comment.end, text };
  }
  const moved = moveUsesRef(step, target.ref, commentEdit);
  if (!moved || !withKeep || target.keep.length === 0) return editor.apply(moved);
  const added = addStepInputs(step, target.keep);
  return added && editor.apply([...moved, ...added]);
}

/** How a message names the ref: `owner/repo@ref`, a SHA shortened, with the release it runs. */
function usesLabel(uses: ActionUses, resolution: RefResolution): string {
  if (uses.refKind !== "sha") return `\`${uses.name}@${uses.ref}\``;
  const pinned = `\`${uses.name}@${uses.ref.slice(0, 7)}\``;
  return resolution.version ? `${pinned} (${resolution.version})` : pinned;
}

const NODE = /^node(\d+)$/u;

/** `Node 12` for `node12`. */
function runtimeName(runtime: string): string {
  const node = NODE.exec(runtime);
  return node ? `Node ${node[1]}` : runtime;
}

/**
 * What the runtime finding says, true to the runner of today: a removed Node version's actions
 * run on the runtime the data names (`built for Node 12; the runner now runs it on Node 24`); a
 * deprecated one still runs; the 2019 runner plugins are a model GitHub left.
 */
function describeRuntime(runtime: RuntimeStatus): { runtime: string; now: string } {
  if (runtime.runtime === "plugin") return { runtime: "a runner plugin", now: ", a model GitHub Actions left in 2019" };
  const now =
    runtime.status === "deprecated"
      ? ", which GitHub Actions has deprecated"
      : runtime.runsOn !== undefined
        ? `; the runner now runs it on ${runtimeName(runtime.runsOn)}`
        : ", which GitHub Actions no longer ships";
  return { runtime: runtimeName(runtime.runtime), now };
}

function targetLabel(target: UpgradeTarget): string {
  return /^[0-9a-f]{40}$/iu.test(target.ref) ? `${target.ref.slice(0, 7)}` : target.ref;
}

/** One short line: the first change that stops the upgrade, and how many more. */
function describeBlockers(target: UpgradeTarget): string {
  const [first, ...rest] = target.blockers;
  if (!first) return "no breaking change recorded";
  const more = rest.length > 0 ? `; ${rest.length} more change${rest.length > 1 ? "s" : ""}` : "";
  return `${first.release}: ${first.summary}${first.verdict === "unknown" ? ", if it applies" : ""}${more}`;
}
