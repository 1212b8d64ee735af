/**
 * configs.recommended used the ways users use it, through ESLint's own class, on the bundled
 * examples laid out as a repository's `.github/workflows`.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ESLint, type Linter } from "eslint";
import { defineConfig } from "eslint/config";
import yml from "eslint-plugin-yml";
import * as yamlParser from "yaml-eslint-parser";
import plugin from "../../lib/index.js";

const examples = new URL("../../examples/", import.meta.url);
let repo: string;

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), "tp-configs-"));
  cpSync(examples, path.join(repo, ".github", "workflows"), { recursive: true });
  // A YAML file that is not a workflow, outside .github/workflows: not linted by the config.
  cpSync(new URL("seed-insecure.yml", examples), path.join(repo, "not-a-workflow.yml"));
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

async function lintRepo(config: Linter.Config[]) {
  const eslint = new ESLint({ cwd: repo, overrideConfigFile: true, overrideConfig: config });
  const results = await eslint.lintFiles(["."]);
  return results.map((result) => ({
    file: path.relative(repo, result.filePath),
    rules: result.messages.map((message) => message.ruleId),
    fatal: result.messages.filter((message) => message.fatal),
  }));
}

describe("configs.recommended", () => {
  it("lints the examples as workflows, and nothing else", async () => {
    const results = await lintRepo([...plugin.configs.recommended]);
    expect(results.map((result) => result.file).sort()).toEqual(
      readdirSync(examples).map((file) => path.join(".github", "workflows", file)).sort(),
    );
    expect(results.flatMap((result) => result.fatal)).toEqual([]);
    const byFile = Object.fromEntries(results.map((result) => [path.basename(result.file), result.rules]));
    expect(byFile["missing-id-token.yml"]).toContain("trusted-publishing/require-id-token-permission");
    expect(byFile["trusted-publishing.yml"]).toEqual([]);
  });

  it("gives the levels their meaning: PyPI's own 'secure' example has no error, only warnings and the same fixes", async () => {
    const levels = Object.fromEntries(Object.entries(plugin.configs.recommended[0]!.rules!).map(([id, level]) => [id.replace("trusted-publishing/", ""), level]));
    expect(levels).toMatchObject({ "no-broken-actions": "error", "no-outdated-actions": "warn", "require-id-token-permission": "error", "prefer-trusted-publishing": "warn" });
    const eslint = new ESLint({ cwd: repo, overrideConfigFile: true, overrideConfig: [...plugin.configs.recommended] });
    const [secure] = await eslint.lintFiles([path.join(".github", "workflows", "seed-secure.yml")]);
    expect(secure!.errorCount).toBe(0);
    const outdated = secure!.messages.filter((message) => message.ruleId === "trusted-publishing/no-outdated-actions");
    expect(outdated.map((message) => [message.severity, message.message, message.fix?.text])).toEqual([
      [1, "`actions/checkout@v2` was built for Node 12; the runner now runs it on Node 24.", "v7"],
      [1, "`actions/setup-python@v2` was built for Node 12; the runner now runs it on Node 24.", "v7"],
    ]);
    const [fixed] = await new ESLint({ cwd: repo, overrideConfigFile: true, overrideConfig: [...plugin.configs.recommended], fix: true }).lintFiles([path.join(".github", "workflows", "seed-secure.yml")]);
    expect(fixed!.output).toContain("actions/checkout@v7");
    expect(fixed!.output).toContain("actions/setup-python@v7");
  });

  it("works inside defineConfig({ extends })", async () => {
    const results = await lintRepo(defineConfig({ extends: [plugin.configs.recommended] }));
    const byFile = Object.fromEntries(results.map((result) => [path.basename(result.file), result.rules]));
    expect(byFile["missing-id-token.yml"]).toContain("trusted-publishing/require-id-token-permission");
  });

  it("works next to the user's own eslint-plugin-yml setup", async () => {
    const results = await lintRepo([...yml.configs["flat/recommended"], ...plugin.configs.recommended]);
    const byFile = Object.fromEntries(results.map((result) => [path.basename(result.file), result.rules]));
    expect(byFile["missing-id-token.yml"]).toContain("trusted-publishing/require-id-token-permission");
    // The user's yml config also lints other YAML files, and our rules stay off there.
    const other = results.find((result) => result.file === "not-a-workflow.yml");
    expect(other?.rules.some((rule) => rule?.startsWith("trusted-publishing/"))).toBe(false);
  });
});

describe("the legacy parser mode", () => {
  it("works with languageOptions.parser = yaml-eslint-parser instead of the YAML language", async () => {
    const results = await lintRepo([
      {
        files: ["**/.github/workflows/*.yml"],
        plugins: { "trusted-publishing": plugin },
        languageOptions: { parser: yamlParser },
        rules: { "trusted-publishing/require-id-token-permission": "error" },
      },
    ]);
    const byFile = Object.fromEntries(results.map((result) => [path.basename(result.file), result.rules]));
    expect(byFile["missing-id-token.yml"]).toEqual(["trusted-publishing/require-id-token-permission"]);
    expect(byFile["trusted-publishing.yml"]).toEqual([]);
  });
});
