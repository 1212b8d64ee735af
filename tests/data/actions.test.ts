/**
 * The real action data (lib/data): the invariants of its two sources and of what is compiled from
 * them, and the promise that every SHA or tag any fix can write was read from the action's own
 * repository. The rule's behaviour is tested on a frozen fixture (tests/rules).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ACTION_KEYS, DATA_DATE, actionData, actionKnowledge, compareVersions, majorName, parseVersionName, runtimeStatus } from "../../lib/data/actions.js";
import { NO_FACTS, evaluate, type StepFacts } from "../../lib/data/conditions.js";
import { planUpgrade, type RefStyle } from "../../lib/data/upgrades.js";
import { MIN_SHA_PREFIX, compiledText } from "../../scripts/update-action-data.mjs";

const SHA = /^[0-9a-f]{40}$/u;
const DATE = /^\d{4}-\d{2}-\d{2}$/u;
const read = (name: string) => readFileSync(new URL(`../../lib/data/${name}`, import.meta.url), "utf8");

interface UpstreamEntry {
  repo: string;
  path: string;
  checked: string;
  snapshot: { commit: string; date: string };
  tags: Record<string, string>;
  using: Record<string, string>;
  branches?: Record<string, string>;
}
interface CuratedChange {
  summary: string;
  evidence: string;
  when?: Record<string, unknown>;
  keep?: Record<string, string>;
}
interface CuratedEntry {
  repo: string;
  sunset?: { refs: string[]; summary: string; evidence: string }[];
  breaking?: Record<string, CuratedChange[]>;
  unverified?: { version: string; sha: string; evidence: string }[];
}
const upstream = JSON.parse(read("upstream.json")) as { actions: Record<string, UpstreamEntry> };
const curated = JSON.parse(read("curated.json")) as { actions: Record<string, CuratedEntry> };

describe("lib/data sources", () => {
  it("compiled.json is compiled from upstream.json and curated.json (run `node scripts/update-action-data.mjs --compile`)", () => {
    expect(read("compiled.json")).toBe(compiledText(upstream, curated));
  });

  it("hold no path of a developer's machine", () => {
    for (const name of ["upstream.json", "curated.json", "compiled.json"]) expect(read(name)).not.toMatch(/\/(?:work|home|Users|tmp)\//u);
  });

  it("every curated action was read from its repository, with the day it was read and the snapshot's commit", () => {
    expect(Object.keys(upstream.actions).sort()).toEqual(Object.keys(curated.actions).sort());
    for (const [key, entry] of Object.entries(upstream.actions)) {
      expect(entry.repo.toLowerCase(), key).toBe(key.split("/").slice(0, 2).join("/"));
      expect(entry.checked, key).toMatch(DATE);
      expect(entry.snapshot.commit, key).toMatch(SHA);
      expect(entry.snapshot.date <= entry.checked, key).toBe(true);
      for (const [tag, sha] of Object.entries(entry.tags)) {
        expect(sha, `${key} ${tag}`).toMatch(SHA);
        expect(entry.using[tag], `${key} ${tag}`).toBeDefined();
      }
    }
    expect(DATA_DATE).toBe(Object.values(upstream.actions).map((entry) => entry.checked).sort().at(-1));
  });

  it("every curated fact has its evidence, and every breaking change a short summary", () => {
    for (const [key, entry] of Object.entries(curated.actions)) {
      for (const sunset of entry.sunset ?? []) {
        expect(sunset.evidence.length, key).toBeGreaterThan(10);
        expect(sunset.summary.length, key).toBeLessThanOrEqual(70);
      }
      for (const [release, changes] of Object.entries(entry.breaking ?? {})) {
        expect(parseVersionName(release), `${key} ${release}`).toBeDefined();
        for (const change of changes) {
          expect(change.evidence.length, `${key} ${release}`).toBeGreaterThan(10);
          expect(change.summary.length, `${key} ${release}: ${change.summary}`).toBeLessThanOrEqual(90);
          // A kept default is written only where the change is about that default.
          for (const name of Object.keys(change.keep ?? {})) expect((change.when?.unset as string[] | undefined) ?? [], `${key} ${release}`).toContain(name);
          // Every condition field is one the model answers.
          for (const field of Object.keys(change.when ?? {})) {
            expect(["inputs", "unset", "matches", "unless", "triggers", "runner", "artifactNameReused", "stepBelow"], field).toContain(field);
          }
        }
      }
      for (const pin of entry.unverified ?? []) expect(pin.evidence.length, key).toBeGreaterThan(10);
    }
  });

  it("unverified pins (learned from other projects' workflows) are never compiled in", () => {
    for (const [key, entry] of Object.entries(curated.actions)) {
      for (const pin of entry.unverified ?? []) {
        const action = actionKnowledge(key)!;
        expect(action.shaFor(pin.version), `${key} ${pin.version}`).not.toBe(pin.sha);
        // Not even by prefix: no commit of the data places the pin on a release.
        expect(action.versionsAt(pin.sha), `${key} ${pin.sha}`).toEqual([]);
        expect(action.resolveRef(pin.sha).via, `${key} ${pin.sha}`).not.toBe("sha");
      }
    }
  });
});

describe("compiled data invariants", () => {
  const entries = Object.entries(actionData.actions);

  it("runtimeStatus covers every runtime the data uses; node12/16/20 and the plugins are outdated", () => {
    const used = new Set<string>();
    for (const [key, entry] of entries) {
      const action = actionKnowledge(key)!;
      for (const major of action.majors) used.add(action.major(major)!.using);
      for (const runtime of Object.values(entry.usingChanges ?? {})) used.add(runtime);
    }
    for (const runtime of used) expect(runtimeStatus(runtime), runtime).toBeDefined();
    for (const runtime of ["node12", "node16", "node20", "plugin"]) expect(runtimeStatus(runtime)?.status, runtime).toBe("removed");
    for (const runtime of ["node24", "docker", "composite"]) expect(runtimeStatus(runtime)?.status, runtime).toBe("current");
  });

  for (const [key, entry] of entries) {
    it(`${key}: latest, majors, branches and curated keys agree with the tags`, () => {
      const action = actionKnowledge(key)!;
      const tags = action.tags;
      const verified = upstream.actions[key]!.tags;
      expect(action.latest.sha).toBe(verified[action.latest.version]);
      for (const major of action.majors) {
        const info = action.major(major)!;
        // The newest release of each major, the only commit a fix writes, has its full SHA.
        expect(action.shaFor(info.latest), `${major} ${info.latest}`).toMatch(SHA);
        expect(action.shaFor(info.latest), `${major} ${info.latest}`).toBe(verified[info.latest]);
        expect(majorName(parseVersionName(info.latest)!)).toBe(major);
      }
      for (const tag of tags.keys()) expect(compareVersions(parseVersionName(tag)!, parseVersionName(action.latest.version)!)).toBeLessThanOrEqual(0);
      for (const [branch, target] of Object.entries(action.branches)) if (parseVersionName(target)) expect(tags.has(target), branch).toBe(true);
      for (const ref of entry.refs?.missing ?? []) expect(tags.has(ref), ref).toBe(false);
      for (const release of Object.keys(entry.breaking ?? {})) {
        const version = parseVersionName(release)!;
        expect(entry.majors, release).toHaveProperty([majorName(version)]);
      }
    });
  }

  it("every tag is compiled with its commit as read from the repository: the full SHA or a prefix of it", () => {
    for (const [key] of entries) {
      const tags = actionKnowledge(key)!.tags;
      const verified = upstream.actions[key]!.tags;
      expect([...tags.keys()].sort(), key).toEqual(Object.keys(verified).sort());
      for (const [tag, commit] of tags) {
        expect(commit.length === 40 || commit.length === actionData.shaPrefix, `${key} ${tag}`).toBe(true);
        expect(verified[tag]!.startsWith(commit), `${key} ${tag}`).toBe(true);
      }
    }
  });

  it(`SHA prefixes (at least ${MIN_SHA_PREFIX} hex digits) tell every commit of the data apart`, () => {
    expect(actionData.shaPrefix).toBeGreaterThanOrEqual(MIN_SHA_PREFIX);
    const shas = new Set(Object.values(upstream.actions).flatMap((entry) => Object.values(entry.tags)));
    expect(new Set([...shas].map((sha) => sha.slice(0, actionData.shaPrefix))).size).toBe(shas.size);
  });

  it("ACTION_KEYS lists them all", () => {
    expect([...ACTION_KEYS].sort()).toEqual(entries.map(([key]) => key).sort());
  });
});

describe("every SHA and tag a fix can write was read from the action's own repository", () => {
  /** Facts under which no curated change applies: the fix goes as far as it ever can. */
  const permissive: StepFacts = {
    input: () => ({ kind: "unset" }),
    inputNames: () => [],
    triggers: new Set(["push"]),
    selfHosted: () => false,
    artifactNameReused: () => false,
    hasStepBelow: () => false,
  };

  it("for every ref of every action, in every style, under permissive and unknown facts", () => {
    let fixes = 0;
    let shas = 0;
    for (const key of ACTION_KEYS) {
      const action = actionKnowledge(key)!;
      const verified = upstream.actions[key]!.tags;
      const verifiedShas = new Set(Object.values(verified));
      const refs = [...Object.keys(verified), ...Object.values(verified), ...Object.keys(action.branches)];
      for (const ref of refs) {
        const resolution = action.resolveRef(ref, {});
        if (resolution.status.kind === "unknown") continue;
        const styles: RefStyle[] = SHA.test(ref)
          ? [{ kind: "sha", comment: undefined }, { kind: "sha", comment: { precision: 3, v: true } }]
          : [1, 2, 3].flatMap((precision) => [true, false].map((v) => ({ kind: "version", precision, v }) as const)).concat([{ kind: "branch" } as never]);
        for (const style of styles) {
          for (const facts of [permissive, NO_FACTS]) {
            const plan = planUpgrade(action, resolution, style, facts);
            for (const target of [plan.fix, ...plan.suggestions]) {
              if (!target) continue;
              if (target === plan.fix) fixes++;
              if (SHA.test(target.ref)) {
                shas++;
                expect(verifiedShas.has(target.ref), `${key}@${ref} → ${target.ref}`).toBe(true);
                expect(verified[target.version], `${key}@${ref} → ${target.version}`).toBe(target.ref);
              } else {
                const tag = verified[target.ref] ?? upstream.actions[key]!.branches?.[target.ref];
                expect(tag, `${key}@${ref} → ${target.ref}`).toMatch(SHA);
              }
            }
          }
        }
      }
    }
    expect(fixes).toBeGreaterThan(1000);
    expect(shas).toBeGreaterThan(1000);
  });
});

describe("a SHA pin is placed by its commit's prefix, and a fix writes only full SHAs read from the repository", () => {
  const action = actionKnowledge("actions/checkout")!;
  const verified = upstream.actions["actions/checkout"]!.tags;
  /** The pin's SHA with its tail after the data's prefix changed: another commit with the same prefix. */
  const forged = (sha: string) => sha.slice(0, actionData.shaPrefix) + [...sha.slice(actionData.shaPrefix)].map((c) => (c === "0" ? "1" : "0")).join("");

  it("a commit a fix can write must match in full: a SHA sharing only its prefix is not placed", () => {
    const newest = action.major("v4")!.latest;
    expect(action.resolveRef(verified[newest]!).version).toBe(newest);
    expect(action.versionsAt(forged(verified[newest]!))).toEqual([]);
    expect(action.resolveRef(forged(verified[newest]!)).status.kind).toBe("unknown");
    // With a version comment, placed by the comment like any SHA the data does not know.
    expect(action.resolveRef(forged(verified[newest]!), { commentVersion: newest }).via).toBe("comment");
  });

  it("an older release is known by prefix only: a forged SHA with its prefix is placed on it (a documented, negligible risk), and its fix writes a verified SHA", () => {
    const old = "v4.1.0";
    expect(action.shaFor(old)).toBeUndefined();
    const pin = forged(verified[old]!);
    expect(pin).not.toBe(verified[old]);
    const resolution = action.resolveRef(pin);
    expect([resolution.version, resolution.via]).toEqual([old, "sha"]);
    const plan = planUpgrade(action, resolution, { kind: "sha", comment: undefined }, NO_FACTS);
    const targets = [plan.fix, ...plan.suggestions].filter((target) => target !== undefined);
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      expect(target.ref).not.toBe(pin);
      expect(target.ref).toBe(verified[target.version]);
    }
  });
});

describe("conditions", () => {
  const facts = (inputs: Record<string, string | undefined>, extra: Partial<StepFacts> = {}): StepFacts => ({
    ...NO_FACTS,
    input: (name) => (inputs[name] === undefined ? { kind: "unset" } : inputs[name]!.startsWith("${{") ? { kind: "expression" } : { kind: "values", values: [inputs[name]!] }),
    inputNames: () => Object.keys(inputs),
    ...extra,
  });

  it("input used, default changed, value, unless, trigger", () => {
    expect(evaluate({ inputs: ["install"] }, facts({ install: "true" }))).toBe("applies");
    expect(evaluate({ inputs: ["install"] }, facts({}))).toBe("no");
    expect(evaluate({ unset: ["python-version"] }, facts({}))).toBe("applies");
    expect(evaluate({ unset: ["python-version"] }, facts({}), new Map([["python-version", "3.x"]]))).toBe("no");
    expect(evaluate({ unset: ["python-version"] }, NO_FACTS)).toBe("unknown");
    expect(evaluate({ matches: { "python-version": "^pypy[23]$" } }, facts({ "python-version": "PyPy3" }))).toBe("applies");
    expect(evaluate({ matches: { "python-version": "^pypy[23]$" } }, facts({ "python-version": "pypy-3.10" }))).toBe("no");
    expect(evaluate({ matches: { "python-version": "^pypy[23]$" } }, facts({ "python-version": "${{ inputs.v }}" }))).toBe("unknown");
    expect(evaluate({ runner: "self-hosted", unless: { "persist-credentials": "false" } }, facts({ "persist-credentials": "false" }, { selfHosted: () => true }))).toBe("no");
    expect(evaluate({ triggers: ["workflow_run"], inputs: ["ref"] }, facts({ ref: "x" }, { triggers: new Set(["push"]) }))).toBe("no");
    expect(evaluate({ triggers: ["workflow_run"], inputs: ["ref"] }, facts({ ref: "x" }, { triggers: new Set(["workflow_run"]) }))).toBe("applies");
    expect(evaluate(undefined, NO_FACTS)).toBe("applies");
  });
});

describe("plans are shared by steps that answer the same questions alike", () => {
  const step = (inputs: Record<string, string>): StepFacts => ({
    ...NO_FACTS,
    input: (name) => (inputs[name] === undefined ? { kind: "unset" } : { kind: "values", values: [inputs[name]!] }),
    inputNames: () => Object.keys(inputs),
  });
  const action = actionKnowledge("actions/setup-python")!;
  const style: RefStyle = { kind: "version", precision: 1, v: true };

  it("each step gets the plan its own inputs lead to, whatever steps were planned before it", () => {
    const resolution = action.resolveRef("v2", {});
    // v3 drops the pypy3 value, v4 drops the python-version default (kept by writing it).
    const pypy = planUpgrade(action, resolution, style, step({ "python-version": "pypy3" }));
    const pinned = planUpgrade(action, resolution, style, step({ "python-version": "3.12" }));
    const unset = planUpgrade(action, resolution, style, step({}));
    expect(pypy.fix).toBeUndefined();
    expect(pypy.noFix).toMatchObject({ kind: "applies", blocker: { release: "v3" } });
    expect(pinned.fix).toMatchObject({ major: action.latest.major, keep: [] });
    expect(unset.fix).toMatchObject({ major: action.latest.major, keep: [["python-version", "3.x"]] });
    // Again, in another order: the same answers give the same plan, other answers their own.
    expect(planUpgrade(action, resolution, style, step({}))).toBe(unset);
    expect(planUpgrade(action, resolution, style, step({ "python-version": "pypy3", cache: "pip" }))).toEqual(pypy);
    expect(planUpgrade(action, resolution, style, step({ "python-version": "3.11" }))).toEqual(pinned);
    expect(planUpgrade(action, resolution, style, step({ "python-version": "pypy3" })).fix).toBeUndefined();
    expect(planUpgrade(action, resolution, style, step({ "pip-install": "x", "python-version": "3.12" })).fix?.major).not.toBe(action.latest.major);
  });
});

