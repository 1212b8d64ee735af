/**
 * scripts/update-action-data.mjs on a small snapshot: a git repository built here with three
 * releases of an action, read the way the script reads GitHub (offline, from a clone cache).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIN_SHA_PREFIX, inputNames, main, runsUsing, uniquePrefixLength } from "../../scripts/update-action-data.mjs";

let root: string;
let cache: string;
let dataDir: string;
const shas: Record<string, string> = {};

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_DATE: "2026-01-02T00:00:00Z", GIT_COMMITTER_DATE: "2026-01-02T00:00:00Z" },
  }).trim();
}

function release(work: string, tag: string, runtime: string, inputs: string[]): void {
  const yaml = ["name: demo", "inputs:", ...inputs.flatMap((name) => [`  ${name}:`, "    description: x"]), "runs:", `  using: ${runtime}`, "  main: index.js", ""];
  writeFileSync(path.join(work, "action.yml"), yaml.join("\n"));
  git(work, "add", "action.yml");
  git(work, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", tag);
  git(work, "tag", tag);
  shas[tag] = git(work, "rev-parse", "HEAD");
}

const curated = {
  note: "fixture",
  runtimeStatus: { node20: { status: "removed", since: "2026-09-16" }, node24: { status: "current" } },
  actions: {
    "octo/demo": {
      repo: "octo/demo",
      breaking: { v2: [{ summary: "removes the old input", when: { inputs: ["old"] }, evidence: "octo/demo action.yml at v1.1.0 and v2.0.0" }] },
    },
  },
};

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "action-data-test-"));
  const work = path.join(root, "work");
  mkdirSync(work);
  git(work, "init", "-q", "-b", "main");
  release(work, "v1.0.0", "node20", ["old"]);
  release(work, "v1.1.0", "node20", ["old", "extra"]);
  git(work, "tag", "v1");
  release(work, "v2.0.0", "node24", ["extra"]);
  git(work, "tag", "v2");
  git(work, "tag", "v2.1.0-rc1");
  cache = path.join(root, "cache");
  mkdirSync(cache);
  git(root, "clone", "-q", "--bare", work, path.join(cache, "octo+demo"));
  dataDir = path.join(root, "data");
  mkdirSync(dataDir);
  writeFileSync(path.join(dataDir, "curated.json"), `${JSON.stringify(curated, null, 2)}\n`);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const readData = (name: string) => readFileSync(path.join(dataDir, name), "utf8");
const run = (...extra: string[]) => main(["--data-dir", dataDir, "--cache", cache, "--offline", "--date", "2026-11-30", ...extra]);

describe("update-action-data", () => {
  it("reads tags, SHAs, runtimes and inputs per release; writes upstream.json and the compiled module, never curated.json", () => {
    const before = readData("curated.json");
    run();
    expect(readData("curated.json")).toBe(before);
    const upstream = JSON.parse(readData("upstream.json")) as { actions: Record<string, Record<string, unknown>> };
    const demo = upstream.actions["octo/demo"]!;
    expect(demo.tags).toEqual({ v1: shas["v1.1.0"], "v1.0.0": shas["v1.0.0"], "v1.1.0": shas["v1.1.0"], v2: shas["v2.0.0"], "v2.0.0": shas["v2.0.0"] });
    expect(demo.using).toEqual({ v1: "node20", "v1.0.0": "node20", "v1.1.0": "node20", v2: "node24", "v2.0.0": "node24" });
    expect(demo.inputs).toEqual({ v1: ["extra", "old"], v2: ["extra"] });
    expect(demo.checked).toBe("2026-11-30");
    expect(demo.snapshot).toEqual({ commit: shas["v2.0.0"], date: "2026-01-02" });
    const compiled = readData("compiled.json");
    const json = JSON.parse(compiled) as { date: string; shaPrefix: number; actions: Record<string, { latest: unknown; majors: unknown; tags: string; inputs: unknown; breaking: unknown }> };
    expect(compiled).toBe(`${JSON.stringify(json)}\n`); // minified
    expect(json.date).toBe("2026-11-30");
    expect(json.shaPrefix).toBe(MIN_SHA_PREFIX);
    const demoCompiled = json.actions["octo/demo"]!;
    expect(demoCompiled.latest).toBe("v2.0.0");
    expect(demoCompiled.majors).toEqual({ v1: "v1.1.0 node20", v2: "v2.0.0 node24" });
    // Full SHAs only for the commits a fix writes (each major's newest release); other commits by prefix.
    expect(demoCompiled.tags).toBe(`${shas["v1.0.0"]!.slice(0, MIN_SHA_PREFIX)} v1.0.0,${shas["v1.1.0"]} v1 v1.1.0,${shas["v2.0.0"]} v2 v2.0.0`);
    expect(demoCompiled.inputs).toEqual({ v1: "extra old", v2: "extra" });
    // Evidence stays in the sources; the compiled data holds what the rule reads.
    expect(demoCompiled.breaking).toEqual({ v2: [{ summary: "removes the old input", when: { inputs: ["old"] } }] });
    expect(compiled).not.toContain("evidence");
  });

  it("refuses to write when every source failed", () => {
    run();
    const before = readData("upstream.json");
    const empty = path.join(root, "empty-cache");
    mkdirSync(empty, { recursive: true });
    expect(() => main(["--data-dir", dataDir, "--cache", empty, "--offline", "--date", "2026-12-01"])).toThrow(/every source failed/u);
    expect(readData("upstream.json")).toBe(before);
  });

  it(`shortens commits to the shortest prefix (at least ${MIN_SHA_PREFIX} hex digits) that keeps them apart`, () => {
    const a = "0123456789abcdef0123456789abcdef01234567";
    expect(uniquePrefixLength([a, `${a.slice(0, 10)}${"f".repeat(30)}`, a])).toBe(11);
    expect(uniquePrefixLength([a, `${a.slice(0, 12)}${"f".repeat(28)}`])).toBe(13);
    expect(uniquePrefixLength([a, "f".repeat(40)])).toBe(MIN_SHA_PREFIX);
  });

  it("reads runs.using and input names in block and flow form", () => {
    expect(runsUsing("runs:\n  using: 'node20'\n  main: x.js\n")).toBe("node20");
    expect(runsUsing("runs: { using: docker, image: Dockerfile }\n")).toBe("docker");
    expect(runsUsing("runs:\n  plugin: checkout\n")).toBe("plugin");
    expect(inputNames("inputs:\n  a:\n    default: 1\n  'b-c':\n    description: x\noutputs:\n  z: {}\n")).toEqual(["a", "b-c"]);
    expect(inputNames("name: x\n")).toEqual([]);
  });
});
