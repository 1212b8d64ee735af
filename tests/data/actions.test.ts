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
import { compiledText } from "../../scripts/update-action-data.mjs";

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
  it("compiled.ts is compiled from upstream.json and curated.json (run `node scripts/update-action-data.mjs --compile`)", () => {
    expect(read("compiled.ts")).toBe(compiledText(upstream, curated));
  });

  it("hold no path of a developer's machine", () => {
    for (const name of ["upstream.json", "curated.json", "compiled.ts"]) expect(read(name)).not.toMatch(/\/(?:work|home|Users|tmp)\//u);
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
        const compiled = actionData.actions[key]!;
        expect(compiled.tags[pin.version], `${key} ${pin.version}`).not.toBe(pin.sha);
        expect(Object.values(compiled.tags), `${key} ${pin.sha}`).not.toContain(pin.sha);
      }
    }
  });
});

describe("compiled data invariants", () => {
  const entries = Object.entries(actionData.actions);

  it("runtimeStatus covers every runtime the data uses; node12/16/20 and the plugins are outdated", () => {
    const used = new Set<string>();
    for (const [, entry] of entries) {
      for (const major of Object.values(entry.majors)) used.add(major.using);
      for (const runtime of Object.values(entry.usingChanges ?? {})) used.add(runtime);
    }
    for (const runtime of used) expect(runtimeStatus(runtime), runtime).toBeDefined();
    for (const runtime of ["node12", "node16", "node20", "plugin"]) expect(runtimeStatus(runtime)?.status, runtime).toBe("removed");
    for (const runtime of ["node24", "docker", "composite"]) expect(runtimeStatus(runtime)?.status, runtime).toBe("current");
  });

  for (const [key, entry] of entries) {
    it(`${key}: latest, majors, branches and curated keys agree with the tags`, () => {
      expect(entry.tags[entry.latest.version]).toBe(entry.latest.sha);
      for (const [major, info] of Object.entries(entry.majors)) {
        expect(entry.tags[info.latest], `${major} ${info.latest}`).toMatch(SHA);
        expect(majorName(parseVersionName(info.latest)!)).toBe(major);
      }
      for (const tag of Object.keys(entry.tags)) expect(compareVersions(parseVersionName(tag)!, parseVersionName(entry.latest.version)!)).toBeLessThanOrEqual(0);
      for (const [branch, target] of Object.entries(entry.refs.branches ?? {})) if (parseVersionName(target)) expect(entry.tags, branch).toHaveProperty([target]);
      for (const ref of entry.refs.missing ?? []) expect(entry.tags, ref).not.toHaveProperty([ref]);
      for (const release of Object.keys(entry.breaking)) {
        const version = parseVersionName(release)!;
        expect(entry.majors, release).toHaveProperty([majorName(version)]);
      }
    });
  }

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
