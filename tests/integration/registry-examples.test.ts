/**
 * A workflow that follows a registry's own recommended example lints clean under configs.all.
 * Each fixture in tests/fixtures/registry-examples/ names its source at the top; a fixture may
 * list `# expected: <rule-id> — why` for a finding we make on purpose although the registry's
 * example does otherwise (each such line says why; the rule must report it exactly once), and
 * `# allowed: <rule-id> — why` for one we will make once that registry's publishing is
 * recognised (reported or not). Anything else reported fails the test.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Linter } from "eslint";
import plugin from "../../lib/index.js";
import { lint } from "../helpers/fix.js";

const folder = new URL("../fixtures/registry-examples/", import.meta.url);
const files = readdirSync(folder).filter((file) => file.endsWith(".yml")).sort();
const all: Linter.Config[] = plugin.configs.all.map((config) => ({ ...config, files: ["**/*.yml"] }));

function listedRules(code: string, kind: "allowed" | "expected"): Set<string> {
  return new Set([...code.matchAll(new RegExp(`^# ${kind}: ([\\w-]+) — \\S`, "gmu"))].map((match) => `trusted-publishing/${match[1]}`));
}

describe("registries' own examples", () => {
  it("are all here: PyPI, npm, crates.io, RubyGems", () => {
    expect(files).toEqual(["crates-io.yml", "npm.yml", "pypi.yml", "rubygems.yml"]);
  });

  for (const file of files) {
    it(`${file} names its source and lints clean under configs.all`, () => {
      const code = readFileSync(new URL(file, folder), "utf8");
      expect(code).toMatch(/^# Sources?: \S/mu);
      const allowed = listedRules(code, "allowed");
      const expected = listedRules(code, "expected");
      for (const rule of [...allowed, ...expected]) expect(Object.keys(plugin.rules).map((id) => `trusted-publishing/${id}`)).toContain(rule);
      const reported = lint(code, all, `.github/workflows/${file}`).filter((message) => !allowed.has(message.ruleId ?? ""));
      expect(reported.map((message) => message.ruleId).sort()).toEqual([...expected].sort());
    });
  }

  it("the npm example is seen as trusted publishing to npm: its findings name npm and the job", () => {
    const code = readFileSync(new URL("npm.yml", folder), "utf8");
    const messages = lint(code, all, ".github/workflows/npm.yml");
    expect(messages.map((message) => message.message).sort()).toEqual([
      "Job 'publish' publishes to npm with trusted publishing but has no `environment:`.",
      "Step 3 of job 'publish' runs `npm ci` with an OIDC token for npm at hand; build in another job.",
    ]);
    // npm names no environment, so the suggestion proposes a neutral one.
    const environment = messages.find((message) => message.ruleId === "trusted-publishing/require-publish-environment");
    expect(environment?.suggestions?.map((suggestion) => suggestion.desc)).toEqual(["Add `environment: release` (then require it in npm's trusted publisher too)"]);
  });

  it("the PyPI example is seen as publishing, so the clean result means something", () => {
    const code = readFileSync(new URL("pypi.yml", folder), "utf8");
    // Without its environment, and with a build in the publish job, the rules speak up.
    const weakened = code
      .replace(/ {4}environment:\n {6}name: pypi\n {6}url: \S+\n/u, "")
      .replace("    steps:\n      - name: Download all the dists", "    steps:\n      - run: python -m build\n      - name: Download all the dists");
    const rules = new Set(lint(weakened, all, ".github/workflows/pypi.yml").map((message) => message.ruleId));
    expect(rules).toEqual(new Set(["trusted-publishing/require-publish-environment", "trusted-publishing/separate-build-from-publish"]));
  });
});
