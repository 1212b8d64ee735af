/**
 * A workflow that follows a registry's own recommended example lints clean under configs.all.
 * Each fixture in tests/fixtures/registry-examples/ names its source at the top; a fixture may
 * list `# allowed: <rule-id> — why` for a finding we make on purpose although the registry's
 * example does otherwise (each such line says why). Anything else reported fails the test.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Linter } from "eslint";
import plugin from "../../lib/index.js";
import { lint } from "../helpers/fix.js";

const folder = new URL("../fixtures/registry-examples/", import.meta.url);
const files = readdirSync(folder).filter((file) => file.endsWith(".yml")).sort();
const all: Linter.Config[] = plugin.configs.all.map((config) => ({ ...config, files: ["**/*.yml"] }));

function allowedRules(code: string): Set<string> {
  return new Set([...code.matchAll(/^# allowed: ([\w-]+) — \S/gmu)].map((match) => `trusted-publishing/${match[1]}`));
}

describe("registries' own examples", () => {
  it("are all here: PyPI, npm, crates.io, RubyGems", () => {
    expect(files).toEqual(["crates-io.yml", "npm.yml", "pypi.yml", "rubygems.yml"]);
  });

  for (const file of files) {
    it(`${file} names its source and lints clean under configs.all`, () => {
      const code = readFileSync(new URL(file, folder), "utf8");
      expect(code).toMatch(/^# Sources?: \S/mu);
      const allowed = allowedRules(code);
      for (const rule of allowed) expect(Object.keys(plugin.rules).map((id) => `trusted-publishing/${id}`)).toContain(rule);
      const messages = lint(code, all, `.github/workflows/${file}`).filter((message) => !allowed.has(message.ruleId ?? ""));
      expect(messages.map((message) => `${message.line}: ${message.ruleId}: ${message.message}`)).toEqual([]);
    });
  }

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
