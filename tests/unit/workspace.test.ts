/**
 * The workspace layer (lib/workspace): one bounded cache of file reads keyed by absolute path and
 * checked against the file's status on every access, and reads that never throw: a missing file,
 * a directory, a file over the size limit, an unparsable one, a symlink loop or a path that leaves
 * the repository come back as a reason, not as an exception or a value.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { workspaceOf } from "../../lib/workspace/index.js";
import { CACHE_ENTRIES, MAX_FILE_BYTES, cacheSize, cacheStats, clearFileCache } from "../../lib/workspace/files.js";

const base = mkdtempSync(path.join(tmpdir(), "tp-workspace-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
beforeEach(() => clearFileCache());

/** A repository with a `.git` directory and the given files; returns its root. */
function repository(name: string, files: Record<string, string> = {}): string {
  const root = path.join(base, name);
  mkdirSync(path.join(root, ".git"), { recursive: true });
  mkdirSync(path.join(root, ".github", "workflows"), { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const workflowOf = (root: string) => path.join(root, ".github", "workflows", "release.yml");

describe("workspaceOf", () => {
  it("finds the repository root of an absolute path, and none for a relative or virtual name", () => {
    const root = repository("roots");
    expect(workspaceOf(workflowOf(root))?.root).toBe(root);
    expect(workspaceOf(path.join(root, "packages", "app", "file.yml"))?.root).toBe(root);
    expect(workspaceOf(".github/workflows/release.yml")).toBeUndefined();
    expect(workspaceOf("release.yml")).toBeUndefined();
  });

  it("takes the directory above `.github` as the root of a checkout without git metadata", () => {
    const root = path.join(base, "no-git");
    mkdirSync(path.join(root, ".github", "workflows"), { recursive: true });
    expect(workspaceOf(workflowOf(root))?.root).toBe(root);
    expect(workspaceOf(path.join(base, "no-git-elsewhere", "release.yml"))).toBeUndefined();
  });
});

describe("reads", () => {
  it("reads text, JSON, YAML and YAML data relative to the root or to a directory under it", () => {
    const root = repository("reads", {
      "package.json": '{ "name": "app", "scripts": { "release": "changeset publish" } }',
      "packages/a/package.json": '\uFEFF{ "name": "a" }',
      ".releaserc.yml": "plugins:\n  - '@semantic-release/npm'\n",
      "scripts/publish.sh": "npm publish\n",
    });
    const workspace = workspaceOf(workflowOf(root))!;
    expect(workspace.readJson("package.json")).toMatchObject({ ok: true, value: { scripts: { release: "changeset publish" } } });
    expect(workspace.readJson("package.json", "packages/a")).toMatchObject({ ok: true, value: { name: "a" } });
    expect(workspace.readYamlData(".releaserc.yml")).toMatchObject({ ok: true, value: { plugins: ["@semantic-release/npm"] } });
    expect(workspace.readYaml(".releaserc.yml")).toMatchObject({ ok: true, value: { text: expect.stringContaining("plugins") } });
    expect(workspace.readText("./scripts/../scripts/publish.sh")).toMatchObject({ ok: true, value: "npm publish\n" });
    expect(workspace.list("packages")).toMatchObject({ ok: true, value: [{ name: "a", kind: "directory" }] });
  });

  it("reads and parses a file once while it is unchanged", () => {
    const root = repository("once", { "package.json": '{ "name": "once" }' });
    const workspace = workspaceOf(workflowOf(root))!;
    const before = cacheStats.reads;
    const first = workspace.readJson("package.json");
    for (let i = 0; i < 50; i++) expect(workspace.readJson("package.json")).toBe(first);
    expect(cacheStats.reads - before).toBe(1);
  });

  it("takes a file's status once per read: to resolve its real path and to check the cached text alike", () => {
    const root = repository("statuses", { "package.json": '{ "name": "statuses" }', ".releaserc.yml": "branches: [main]\n", "scripts/a.sh": "true\n" });
    const workspace = workspaceOf(workflowOf(root))!;
    // The first reads also resolve the root's real path once; count the reads after them.
    for (const read of [() => workspace.readJson("package.json"), () => workspace.readYamlData(".releaserc.yml"), () => workspace.readText("scripts/a.sh")]) {
      expect(read()).toMatchObject({ ok: true });
      const before = cacheStats.statuses;
      for (let i = 0; i < 5; i++) expect(read()).toMatchObject({ ok: true });
      expect(cacheStats.statuses - before).toBe(5);
    }
    const before = cacheStats.statuses;
    expect(workspace.readText("missing.sh")).toEqual({ ok: false, reason: "missing" });
    expect(workspace.list("scripts")).toMatchObject({ ok: true, value: [{ name: "a.sh", kind: "file" }] });
    expect(cacheStats.statuses - before).toBe(2);
  });

  it("sees an edit on the next read in the same process (its modification time changed)", () => {
    const root = repository("edited", { "package.json": '{ "name": "before" }' });
    const workspace = workspaceOf(workflowOf(root))!;
    expect(workspace.readJson("package.json")).toMatchObject({ ok: true, value: { name: "before" } });
    // The same size, so only the modification time tells the versions apart.
    writeFileSync(path.join(root, "package.json"), '{ "name": "after!" }');
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(root, "package.json"), later, later);
    expect(workspace.readJson("package.json")).toMatchObject({ ok: true, value: { name: "after!" } });
    rmSync(path.join(root, "package.json"));
    expect(workspace.readJson("package.json")).toEqual({ ok: false, reason: "missing" });
  });

  it("answers every failure with a reason, never a throw", () => {
    const root = repository("failures", {
      "broken.json": "{ not json",
      "broken.yml": "a: [1, 2\n",
      "two-documents.yml": "a: 1\n---\nb: 2\n",
      "big.json": `"${"x".repeat(MAX_FILE_BYTES)}"`,
      "tagged.yml": "a: !custom 1\n",
    });
    mkdirSync(path.join(root, "a-directory"));
    symlinkSync("loop-b", path.join(root, "loop-a"));
    symlinkSync("loop-a", path.join(root, "loop-b"));
    const outsideFile = path.join(base, "secret.json");
    writeFileSync(outsideFile, "{}");
    symlinkSync(outsideFile, path.join(root, "escape.json"));
    const workspace = workspaceOf(workflowOf(root))!;
    expect(workspace.readText("absent.json")).toEqual({ ok: false, reason: "missing" });
    expect(workspace.readText("a-directory")).toEqual({ ok: false, reason: "directory" });
    expect(workspace.readText("big.json")).toEqual({ ok: false, reason: "too-large" });
    expect(workspace.readJson("broken.json")).toEqual({ ok: false, reason: "unparsable" });
    expect(workspace.readYaml("broken.yml")).toEqual({ ok: false, reason: "unparsable" });
    expect(workspace.readYamlData("two-documents.yml")).toEqual({ ok: false, reason: "unparsable" });
    expect(workspace.readYamlData("tagged.yml")).toMatchObject({ ok: true, value: { a: undefined } });
    expect(workspace.readText("loop-a")).toEqual({ ok: false, reason: "unreadable" });
    expect(workspace.readJson("../secret.json")).toEqual({ ok: false, reason: "outside" });
    expect(workspace.readJson(outsideFile)).toEqual({ ok: false, reason: "outside" });
    expect(workspace.readJson("escape.json")).toEqual({ ok: false, reason: "outside" });
    expect(workspace.list("absent")).toEqual({ ok: false, reason: "missing" });
  });

  it("resolves a symlink again once it points elsewhere: a link re-pointed out of the root is refused on the next read", () => {
    const root = repository("repointed", { "inside.json": '{"at": "inside"}' });
    const outsideFile = path.join(base, "repointed-outside.json");
    writeFileSync(outsideFile, '{"at": "outside"}');
    const link = path.join(root, "config.json");
    symlinkSync(path.join(root, "inside.json"), link);
    const workspace = workspaceOf(workflowOf(root))!;
    expect(workspace.readJson("config.json")).toMatchObject({ ok: true, value: { at: "inside" } });
    rmSync(link);
    symlinkSync(outsideFile, link);
    expect(workspace.readJson("config.json")).toEqual({ ok: false, reason: "outside" });
  });

  it("reads an alias bomb as unparsable within a budget", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    const root = repository("bomb", { "bomb.yml": `${lines.join("\n")}\n` });
    expect(workspaceOf(workflowOf(root))!.readYamlData("bomb.yml")).toEqual({ ok: false, reason: "unparsable" });
  });

  it("keeps the cache bounded: past its size the oldest files are read again", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i <= CACHE_ENTRIES; i++) files[`many/${i}.json`] = `{ "i": ${i} }`;
    const root = repository("bounded", files);
    const workspace = workspaceOf(workflowOf(root))!;
    workspace.readJson("many/0.json");
    const before = cacheStats.reads;
    workspace.readJson("many/0.json");
    expect(cacheStats.reads).toBe(before);
    for (let i = 1; i <= CACHE_ENTRIES; i++) workspace.readJson(`many/${i}.json`);
    expect(cacheSize().entries).toBeLessThanOrEqual(CACHE_ENTRIES);
    const after = cacheStats.reads;
    expect(workspace.readJson("many/0.json")).toMatchObject({ ok: true, value: { i: 0 } });
    expect(cacheStats.reads).toBe(after + 1);
  });
});
