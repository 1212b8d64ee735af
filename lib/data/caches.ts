/**
 * Steps that restore a dependency cache, and the input that turns each off. A cache restored in
 * a job is whatever some earlier run saved under that key, and any workflow run of the
 * repository (a pull request's included) can save one first: cache poisoning. Checked
 * 2026-11-30 against each action's action.yml and README at the tags named.
 */
import type { Input, Job, Step } from "../ci/github/model.js";
import { pushRefs } from "../ci/github/model.js";
import { actionKnowledge } from "./actions.js";
import { versionInComment } from "../ci/github/uses.js";
import { removeStepInputs, replaceStepInput, setStepInput } from "../ci/github/edits.js";
import type { Change } from "../yaml/changes.js";

/** Actions whose whole job is restoring a cache: the step itself is the finding. */
export const CACHE_ACTIONS: ReadonlyMap<string, string> = new Map([
  ["actions/cache", "actions/cache README: restores and saves a cache"],
  ["actions/cache/restore", "actions/cache restore/README.md"],
  ["swatinem/rust-cache", "Swatinem/rust-cache README: caches ~/.cargo and ./target"],
]);

interface SetupCache {
  /** The input that asks for a cache (`cache: npm`, `bundler-cache: true`). */
  readonly input: string;
  /** How the input asks: any non-empty value (a package manager's name), or a boolean. */
  readonly kind: "name" | "boolean";
  /** Inputs that mean nothing without it, removed with it. */
  readonly companions: readonly string[];
  /**
   * From this major on, the action caches without being asked, until `off` is `false`.
   * `note` says what it restores and when, for the message, as the object of "restores".
   */
  readonly byDefault?: {
    readonly from: number;
    readonly off: string;
    readonly note: (major: number) => string;
    /** Whether the default applies to this job at all (runner kind, triggers), for the major. */
    readonly appliesTo?: (job: Job, major: number) => boolean;
  };
  readonly source: string;
}

const UV_EXEMPT_EVENTS = new Set(["release", "pull_request_target", "workflow_run"]);

/** setup-uv's `enable-cache: auto`: GitHub-hosted runners only; from v10 not on release/tag runs. */
function uvAutoApplies(job: Job, major: number): boolean {
  if (job.runsOn === undefined || job.selfHosted === true) return false;
  if (major < 10) return true;
  const workflow = job.workflow;
  const push = pushRefs(workflow);
  return [...workflow.triggers].some((event) => (event === "push" ? push?.branches === true : !UV_EXEMPT_EVENTS.has(event)));
}

export const SETUP_CACHES: ReadonlyMap<string, SetupCache> = new Map<string, SetupCache>([
  [
    "actions/setup-node",
    {
      input: "cache",
      kind: "name",
      companions: ["cache-dependency-path"],
      byDefault: {
        from: 5,
        off: "package-manager-cache",
        note: (major) => (major === 5 ? "a cache by default when package.json has `packageManager`" : "an npm cache by default"),
      },
      source:
        "actions/setup-node action.yml and README (v5.0.0 release notes: automatic caching with a packageManager field; v6.0.0: limited to npm; v7.0.0 README)",
    },
  ],
  ["actions/setup-python", { input: "cache", kind: "name", companions: ["cache-dependency-path"], source: "actions/setup-python action.yml: cache (pip, pipenv, poetry)" }],
  ["actions/setup-java", { input: "cache", kind: "name", companions: ["cache-dependency-path"], source: "actions/setup-java action.yml: cache (maven, gradle, sbt)" }],
  ["actions/setup-dotnet", { input: "cache", kind: "boolean", companions: ["cache-dependency-path"], source: "actions/setup-dotnet action.yml: cache (default false)" }],
  ["ruby/setup-ruby", { input: "bundler-cache", kind: "boolean", companions: [], source: "ruby/setup-ruby action.yml: bundler-cache (default false)" }],
  [
    "actions/setup-go",
    {
      input: "cache",
      kind: "boolean",
      companions: ["cache-dependency-path"],
      byDefault: { from: 4, off: "cache", note: () => "a Go module cache by default" },
      source: "actions/setup-go action.yml: cache default false in v3, true from v4",
    },
  ],
  [
    "astral-sh/setup-uv",
    {
      input: "enable-cache",
      kind: "boolean",
      companions: [],
      byDefault: {
        from: 5,
        off: "enable-cache",
        note: () => "a uv cache by default on hosted runners",
        appliesTo: uvAutoApplies,
      },
      source:
        "astral-sh/setup-uv action.yml: enable-cache default false to v4, auto from v5; v10.0.0 docs/caching.md: auto skips release, tag push, pull_request_target, workflow_run",
    },
  ],
]);

/** What restores a cache in a step, and how to stop it. */
export type CacheUse =
  /** A cache action: no single input turns it off. */
  | { readonly kind: "action"; readonly step: Step }
  /** An input asks for the cache: remove it (and its companions), or set `set` to false. */
  | { readonly kind: "input"; readonly step: Step; readonly input: Input; readonly remove: readonly string[]; readonly setOff: string | undefined }
  /** The action caches by default: set `off` to false. */
  | { readonly kind: "default"; readonly step: Step; readonly off: string; readonly note: string };

function isOff(value: string): boolean {
  return /^(?:false|no|off|0)$/iu.test(value.trim());
}

/** The major version a step's action ref runs, when the ref or the action data tells. */
export function actionMajor(step: Step): number | undefined {
  const uses = step.uses;
  if (uses?.kind !== "action") return undefined;
  if (uses.version) return uses.version.major;
  const knowledge = actionKnowledge(uses.action);
  if (!knowledge) return undefined;
  const comment = uses.refKind === "sha" ? step.usesComment : undefined;
  const commentVersion = comment ? versionInComment(comment.value, uses.repository) : undefined;
  const major = knowledge.resolveRef(uses.ref, { commentVersion: commentVersion?.text }).major;
  const parsed = major === undefined ? undefined : /^v?(\d+)$/u.exec(major);
  return parsed ? Number(parsed[1]) : undefined;
}

/**
 * Whether the step restores a dependency cache; `undefined` when it does not or when that is
 * decided at run time (an expression, an unknown version where only a default would cache).
 */
export function cacheUseOf(step: Step): CacheUse | undefined {
  const action = step.action;
  if (action === undefined) return undefined;
  if (CACHE_ACTIONS.has(action)) return { kind: "action", step };
  const setup = SETUP_CACHES.get(action);
  if (!setup) return undefined;
  const input = step.inputs.get(setup.input);
  const value = input?.value;
  if (input && (input.isExpression || (value === undefined && input.pair.value !== null))) return undefined;
  const major = setup.byDefault ? actionMajor(step) : undefined;
  const byDefault = setup.byDefault && major !== undefined && major >= setup.byDefault.from ? setup.byDefault : undefined;
  const asks = value !== undefined && value.trim() !== "" && !isOff(value) && (setup.kind === "name" || /^(?:true|yes|on|1)$/iu.test(value.trim()));
  if (input && asks) {
    // Where the asking input is also the switch (setup-go, setup-uv), turning it off is the fix.
    if (setup.byDefault?.off === setup.input) return { kind: "input", step, input, remove: [], setOff: setup.input };
    return { kind: "input", step, input, remove: [setup.input, ...setup.companions], setOff: byDefault?.off };
  }
  if (!byDefault || (byDefault.appliesTo && !byDefault.appliesTo(step.job, major!))) return undefined;
  const off = step.inputs.get(byDefault.off);
  if (off && (off.isExpression || off.value === undefined || isOff(off.value))) return undefined;
  return { kind: "default", step, off: byDefault.off, note: byDefault.note(major!) };
}

/**
 * The changes that stop a step restoring its cache: the asking input goes (with its companions),
 * or the switch is set to `false`; setup-node v5+, which caches by default once `cache:` is gone,
 * gets `cache: npm` turned into `package-manager-cache: false` in place (or, where that input is
 * written already, `cache:` goes and it is set). `undefined` for a cache action, which no input
 * turns off.
 */
export function turnCacheOff(use: CacheUse): Change[] | undefined {
  switch (use.kind) {
    case "action":
      return undefined;
    case "default":
      return setStepInput(use.step, use.off, false);
    case "input": {
      const { step, setOff } = use;
      if (use.remove.length === 0) return setOff === undefined ? undefined : setStepInput(step, setOff, false);
      if (setOff === undefined) return removeStepInputs(step, use.remove);
      if (step.inputs.has(setOff)) {
        const removed = removeStepInputs(step, use.remove);
        const off = setStepInput(step, setOff, false);
        return removed && off && [...removed, ...off];
      }
      const companions = removeStepInputs(step, use.remove.filter((name) => name !== use.input.name));
      const swapped = replaceStepInput(step, use.input.name, setOff, false);
      return companions && swapped && [...companions, ...swapped];
    }
  }
}
