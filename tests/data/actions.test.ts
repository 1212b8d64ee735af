/**
 * The action knowledge base: its own invariants (what every entry of lib/data/actions.json must
 * hold), and the reader's answers (lib/data/actions.ts, lib/data/upgrades.ts).
 */
import { describe, expect, it } from "vitest";
import {
  ACTION_KEYS,
  actionData,
  actionKnowledge,
  compareVersions,
  isOutdatedRuntime,
  majorName,
  parseVersionName,
  runtimeStatus,
} from "../../lib/data/actions.js";
import { planUpgrade } from "../../lib/data/upgrades.js";

const SHA = /^[0-9a-f]{40}$/u;
const DATE = /^\d{4}-\d{2}-\d{2}$/u;
const version = (name: string) => {
  const parsed = parseVersionName(name);
  if (!parsed) throw new Error(`not a version: ${name}`);
  return parsed;
};

describe("lib/data/actions.json invariants", () => {
  const entries = Object.entries(actionData.actions);

  it("covers the actions the README lists, with a date and runtime statuses", () => {
    expect(entries.length).toBe(46);
    expect(actionData.generated).toMatch(DATE);
    for (const [runtime, status] of Object.entries(actionData.runtimeStatus)) {
      expect(["removed", "deprecated", "current"], runtime).toContain(status.status);
      expect(status.note.length, runtime).toBeGreaterThan(20);
      if (status.status !== "current" && runtime !== "plugin") expect(status.since, runtime).toMatch(DATE);
      if (status.source !== undefined) expect(status.source, runtime).toMatch(/^https:\/\//u);
    }
  });

  it("runtimeStatus covers every runtime the data uses, and node12/16/20 are outdated", () => {
    const used = new Set<string>();
    for (const [, entry] of entries) {
      for (const major of Object.values(entry.majors)) used.add(major.using);
      for (const runtime of Object.values(entry.usingChanges ?? {})) used.add(runtime);
    }
    for (const runtime of used) expect(runtimeStatus(runtime), runtime).toBeDefined();
    expect([...used].sort()).toEqual(["composite", "docker", "node12", "node16", "node20", "node24", "plugin"]);
    for (const runtime of ["node12", "node16", "node20", "plugin"]) expect(isOutdatedRuntime(runtime), runtime).toBe(true);
    for (const runtime of ["node24", "docker", "composite"]) expect(isOutdatedRuntime(runtime), runtime).toBe(false);
  });

  for (const [key, entry] of entries) {
    describe(key, () => {
      it("has a lower-case key under its repository, a source and a checked date", () => {
        expect(key).toBe(key.toLowerCase());
        expect(key === entry.repo.toLowerCase() || key.startsWith(`${entry.repo.toLowerCase()}/`)).toBe(true);
        expect(entry.source).toMatch(new RegExp(`^github:${entry.repo.replace(/[.*+?^${}()|[\]\\/]/gu, "\\$&")} `, "iu"));
        expect(entry.source).toMatch(/snapshot [0-9a-f]{12} \(\d{4}-\d{2}-\d{2}\)/u);
        expect(entry.checked).toMatch(DATE);
        expect(entry.checked <= actionData.generated).toBe(true);
      });

      it("maps release tags to commit SHAs", () => {
        for (const [tag, sha] of Object.entries(entry.tags)) {
          expect(parseVersionName(tag), tag).toBeDefined();
          expect(sha, tag).toMatch(SHA);
        }
      });

      it("latest.version is the newest release: at or above every major and every version listed", () => {
        const latest = version(entry.latest.version);
        expect(majorName(latest)).toBe(entry.latest.major);
        const listed = [...Object.keys(entry.tags), ...Object.values(entry.majors).map((major) => major.latest), ...Object.keys(entry.usingChanges ?? {})];
        for (const name of listed) expect(compareVersions(version(name), latest), name).toBeLessThanOrEqual(0);
        expect(entry.majors[entry.latest.major]?.latest).toBe(entry.latest.version);
        for (const major of Object.keys(entry.majors)) expect(compareVersions(version(major), version(entry.latest.major)), major).toBeLessThanOrEqual(0);
      });

      it("latest.sha is the tag's commit, or null exactly when the release is known without one (and source says so)", () => {
        if (entry.latest.sha === null) {
          expect(entry.tags[entry.latest.version]).toBeUndefined();
          expect(entry.source).toContain(entry.latest.version);
        } else {
          expect(entry.tags[entry.latest.version]).toBe(entry.latest.sha);
        }
      });

      it("every majors[*].latest is in tags (or is a release the source says has no SHA), and belongs to its major", () => {
        for (const [major, info] of Object.entries(entry.majors)) {
          expect(majorName(version(info.latest)), major).toBe(major);
          if (!(info.latest in entry.tags)) expect(entry.source, `${major}: ${info.latest}`).toContain(info.latest);
          // Nothing newer in the major than its latest.
          for (const tag of Object.keys(entry.tags).filter((tag) => majorName(version(tag)) === major)) {
            expect(compareVersions(version(tag), version(info.latest)), tag).toBeLessThanOrEqual(0);
          }
        }
        // And every tag belongs to a listed major.
        for (const tag of Object.keys(entry.tags)) expect(entry.majors, tag).toHaveProperty([majorName(version(tag))]);
      });

      it("usingChanges start a runtime inside a listed major, from the major's first release", () => {
        const changes = Object.entries(entry.usingChanges ?? {});
        for (const [name, runtime] of changes) {
          const major = majorName(version(name));
          expect(entry.majors, name).toHaveProperty([major]);
          expect(version(name).parts, name).toHaveLength(3);
          expect(runtimeStatus(runtime), runtime).toBeDefined();
          // The major's first exact release is listed, so every release's runtime is known.
          const exact = Object.keys(entry.tags).filter((tag) => majorName(version(tag)) === major && version(tag).parts.length === 3);
          const first = exact.sort((a, b) => compareVersions(version(a), version(b)))[0];
          if (first) expect(changes.some(([listed]) => compareVersions(version(listed), version(first)) <= 0), `${major} from ${first}`).toBe(true);
        }
      });

      it("breaking keys are majors that exist, each with a sentence", () => {
        for (const [major, text] of Object.entries(entry.breaking)) {
          expect(entry.majors, major).toHaveProperty([major]);
          expect(text.length, major).toBeGreaterThan(20);
        }
      });

      it("curated refs are consistent: missing refs are no tags, branches point at releases, sunset keys name refs", () => {
        for (const ref of entry.refs.missing ?? []) expect(entry.tags, ref).not.toHaveProperty([ref]);
        for (const [branch, target] of Object.entries(entry.refs.branches ?? {})) {
          expect(entry.tags, branch).not.toHaveProperty([branch]);
          if (!target.startsWith("n/a")) expect(parseVersionName(target), `${branch} → ${target}`).toBeDefined();
        }
        for (const [ref, reason] of Object.entries(entry.refs.sunset ?? {})) {
          expect(reason.length, ref).toBeGreaterThan(20);
          // A version key is a tag, a whole major or a release the source says has no SHA; anything else is a branch name.
          if (parseVersionName(ref)) expect(ref in entry.tags || ref in entry.majors || entry.source.includes(ref), ref).toBe(true);
        }
      });

      it("an archived action names its replacement, which is another action", () => {
        if (entry.archived) {
          expect(entry.replacement).toMatch(/^[\w.-]+\/[\w.-]+/u);
          expect(entry.replacement!.toLowerCase()).not.toBe(key);
        } else {
          expect(entry.replacement).toBeNull();
        }
      });
    });
  }

  it("ACTION_KEYS lists them all", () => {
    expect([...ACTION_KEYS].sort()).toEqual(entries.map(([key]) => key).sort());
  });
});

describe("actionKnowledge", () => {
  const checkout = actionKnowledge("actions/checkout")!;

  it("finds actions case-insensitively, sub-actions by their own entry or their repository's", () => {
    expect(actionKnowledge("Actions/Checkout")?.key).toBe("actions/checkout");
    expect(actionKnowledge("github/codeql-action/init")?.key).toBe("github/codeql-action/init");
    expect(actionKnowledge("github/codeql-action/init")?.inheritedFrom).toBeUndefined();
    expect(actionKnowledge("actions/cache/restore")?.key).toBe("actions/cache");
    expect(actionKnowledge("actions/cache/restore")?.inheritedFrom).toBe("actions/cache");
    expect(actionKnowledge("github/codeql-action/resolve-environment")).toBeUndefined();
    expect(actionKnowledge("octo-org/unknown")).toBeUndefined();
  });

  it("resolveRef: moving tags, exact tags, SHAs (most precise tag), comments, branches, prefixes", () => {
    expect(checkout.resolveRef("v2")).toMatchObject({ version: "v2.8.0", major: "v2", runtime: "node12", via: "tag", status: { kind: "runtime" } });
    expect(checkout.resolveRef("v7")).toMatchObject({ version: "v7.0.1", runtime: "node24", status: { kind: "ok" } });
    expect(checkout.resolveRef("11d5960a326750d5838078e36cf38b85af677262")).toMatchObject({ version: "v4.4.0", via: "sha" });
    expect(checkout.resolveRef("11D5960A326750D5838078E36CF38B85AF677262")).toMatchObject({ version: "v4.4.0", via: "sha" });
    expect(checkout.resolveRef("0123456789abcdef0123456789abcdef01234567", { commentVersion: "v4.2.2" })).toMatchObject({ version: "v4.2.2", via: "comment" });
    expect(checkout.resolveRef("0123456789abcdef0123456789abcdef01234567")).toMatchObject({ version: undefined, status: { kind: "unknown" } });
    expect(checkout.resolveRef("v4.1")).toMatchObject({ version: "v4.1.7", via: "prefix" });
    expect(checkout.resolveRef("main").status.kind).toBe("unknown");
    expect(checkout.resolveRef("master").status).toMatchObject({ kind: "sunset" });
    expect(checkout.resolveRef("v1")).toMatchObject({ runtime: "plugin", status: { kind: "runtime", runtime: { runtime: "plugin", status: "removed" } } });
    const pypi = actionKnowledge("pypa/gh-action-pypi-publish")!;
    expect(pypi.resolveRef("release/v1")).toMatchObject({ version: "v1.14.2", via: "branch", runtime: "composite", status: { kind: "ok" } });
    expect(pypi.resolveRef("release/v1.8")).toMatchObject({ version: "v1.8.14", runtime: "docker", status: { kind: "ok" } });
    expect(pypi.resolveRef("v1").status.kind).toBe("missing");
    expect(pypi.resolveRef("v1.4.2").runtime).toBe("docker");
    // Releases known from release notes only still resolve.
    expect(actionKnowledge("actions/stale")!.resolveRef("v11.0.0")).toMatchObject({ version: "v11.0.0", runtime: "node24", status: { kind: "ok" } });
    expect(actionKnowledge("actions/create-release")!.resolveRef("anything").status).toEqual({ kind: "archived", replacement: "softprops/action-gh-release" });
  });

  it("a moving tag that lags behind its major is judged by the commit it points at", () => {
    const download = actionKnowledge("actions/download-artifact")!;
    expect(download.major("v3")).toEqual({ latest: "v3.1.0", using: "node24" });
    expect(download.resolveRef("v3")).toMatchObject({ version: "v3.0.2", runtime: "node16" });
  });

  it("runtimeOf reads a major's runtime changes, from its first release", () => {
    const maturin = actionKnowledge("pyo3/maturin-action")!;
    expect(maturin.runtimeOf("v1.0.0")).toBe("node12");
    expect(maturin.runtimeOf("v1.31.0")).toBe("node16");
    expect(maturin.runtimeOf("v1.49.0")).toBe("composite");
    expect(maturin.runtimeOf("v1.49.1")).toBe("node20");
    expect(maturin.runtimeOf("v1.51.0")).toBe("node24");
    expect(maturin.runtimeOf("v1")).toBe("node24");
    expect(checkout.runtimeOf("v4.2.2")).toBe("node20");
    expect(checkout.runtimeOf("v9")).toBeUndefined();
  });

  it("latest, shaFor, versionsAt, tagFor", () => {
    expect(checkout.latest).toEqual({ major: "v7", version: "v7.0.1", sha: "3d3c42e5aac5ba805825da76410c181273ba90b1" });
    expect(actionKnowledge("actions/stale")!.latest.sha).toBeNull();
    expect(checkout.shaFor("v5.1.0")).toBe("fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09");
    expect(checkout.shaFor("v5.9.9")).toBeUndefined();
    expect(checkout.versionsAt("fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09")).toEqual(["v5.1.0", "v5"]);
    expect(checkout.tagFor("v5", 1, true)).toBe("v5");
    expect(checkout.tagFor("v5", 2, true)).toBeUndefined();
    expect(checkout.tagFor("v5", 3, false)).toBe("v5.1.0");
    expect(actionKnowledge("hynek/build-and-inspect-python-package")!.tagFor("v2", 2, true)).toBe("v2.18");
    expect(actionKnowledge("astral-sh/setup-uv")!.tagFor("v8", 1, true)).toBeUndefined();
    expect(actionKnowledge("actions/stale")!.tagFor("v11", 3, true)).toBe("v11.0.0");
  });

  it("isDropIn: no curated breaking major crossed", () => {
    expect(checkout.isDropIn("v2", "v5")).toBe(true);
    expect(checkout.isDropIn("v2", "v6")).toBe(false);
    expect(checkout.isDropIn("v1", "v2")).toBe(false);
    expect(checkout.isDropIn("v5", "v4")).toBe(false);
    expect(checkout.breakingBetween("v4", "v7").map((change) => change.major)).toEqual(["v6", "v7"]);
    expect(checkout.majorsAfter("v5")).toBe(2);
  });
});

describe("planUpgrade", () => {
  const plan = (action: string, ref: string, style: Parameters<typeof planUpgrade>[2], commentVersion?: string) => {
    const knowledge = actionKnowledge(action)!;
    const result = planUpgrade(knowledge, knowledge.resolveRef(ref, { commentVersion }), style);
    return { fix: result.fix?.ref, comment: result.fix?.commentVersion, suggestions: result.suggestions.map((target) => target.ref), noFix: result.noFix };
  };

  it("fixes to the newest drop-in major that works, suggests the latest", () => {
    expect(plan("actions/checkout", "v2", { kind: "version", precision: 1, v: true })).toEqual({ fix: "v5", comment: undefined, suggestions: ["v7"], noFix: undefined });
    expect(plan("actions/setup-python", "v2", { kind: "version", precision: 1, v: true })).toEqual({ fix: undefined, comment: undefined, suggestions: ["v7", "v6"], noFix: "breaking" });
    expect(plan("actions/cache", "v2", { kind: "version", precision: 3, v: true }).fix).toBe("v6.1.0");
  });

  it("moves SHA pins only to commits the data has", () => {
    const sha = { kind: "sha", comment: { precision: 3, v: true } } as const;
    expect(plan("actions/checkout", "11bd71901bbe5b1630ceea73d27597364c9af683", sha)).toEqual({
      fix: "fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09",
      comment: "v5.1.0",
      suggestions: ["3d3c42e5aac5ba805825da76410c181273ba90b1"],
      noFix: undefined,
    });
    expect(plan("github/codeql-action/init", "0123456789abcdef0123456789abcdef01234567", sha, "v3.29.5")).toEqual({ fix: undefined, comment: undefined, suggestions: [], noFix: "no-sha" });
  });

  it("offers nothing for archived actions, and only suggestions from branches", () => {
    expect(plan("actions/create-release", "v1", { kind: "version", precision: 1, v: true })).toEqual({ fix: undefined, comment: undefined, suggestions: [], noFix: "none" });
    expect(plan("pypa/gh-action-pypi-publish", "master", { kind: "branch" })).toEqual({ fix: undefined, comment: undefined, suggestions: ["release/v1"], noFix: "breaking" });
  });
});
