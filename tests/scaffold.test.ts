/**
 * Adding a rule touches one place: its file. The rule list (lib/rules/index.ts) and the `RuleId`
 * union are generated from the files of lib/rules/ (scripts/rules-index.mjs, `npm run rules`),
 * and `npm run new <id>` (scripts/new-rule.mjs) scaffolds the rule, its test, its fixture folder
 * and its docs page, and registers it. Here: the generated files are current, and a scaffold made
 * in a scratch copy of lib/ compiles, lints clean under the project's rule conventions, is
 * registered, runs, and has a docs page the docs checks accept.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import ts from "typescript";
import { ESLint, Linter } from "eslint";
import plugin from "../lib/index.js";
import { IDS_START, ROOT, ruleIds, rulesIndexSource, withRuleIds } from "../scripts/rules-index.mjs";
import { main as newRule } from "../scripts/new-rule.mjs";
import { REQUIRED_SECTIONS, withRuleHeader } from "../scripts/docs.mjs";

const read = (file: string, root = ROOT) => readFileSync(path.join(root, file), "utf8");

describe("the generated rule list", () => {
  it("lib/rules/index.ts and the RuleId union are generated from the rule files (run `npm run rules`)", () => {
    const ids = ruleIds();
    expect(ids).toEqual(Object.keys(plugin.rules).sort());
    expect(read("lib/rules/index.ts")).toBe(rulesIndexSource(ids));
    expect(read("lib/index.ts")).toBe(withRuleIds(read("lib/index.ts"), ids));
    expect(read("lib/index.ts")).toContain(`${IDS_START}\nexport type RuleId =\n  | "${ids[0]}"`);
  });

  it("the generator notices a rule it does not list", () => {
    expect(withRuleIds(read("lib/index.ts"), [...ruleIds(), "no-new-thing"])).not.toBe(read("lib/index.ts"));
    expect(rulesIndexSource([...ruleIds(), "no-new-thing"])).toContain('import noNewThing from "./no-new-thing.js";\n');
  });
});

describe("npm run new", () => {
  const scratch = path.join(ROOT, ".scratch");
  mkdirSync(scratch, { recursive: true });
  const root = mkdtempSync(path.join(scratch, "new-rule-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  cpSync(path.join(ROOT, "lib"), path.join(root, "lib"), { recursive: true });
  cpSync(path.join(ROOT, "tests/helpers"), path.join(root, "tests/helpers"), { recursive: true });
  cpSync(path.join(ROOT, "package.json"), path.join(root, "package.json"));
  const id = "no-example-thing";
  newRule([id, "--root", root, "--no-docs"]);

  it("scaffolds the rule, its test, its fixture folder and its docs page, and registers it", () => {
    for (const file of [`lib/rules/${id}.ts`, `tests/rules/${id}.test.ts`, `tests/fixtures/rules/${id}/valid.yml`, `tests/fixtures/rules/${id}/invalid.yml`, `docs/rules/${id}.md`]) {
      expect(existsSync(path.join(root, file)), file).toBe(true);
    }
    const ids = ruleIds(root);
    expect(ids).toContain(id);
    expect(read("lib/rules/index.ts", root)).toBe(rulesIndexSource(ids));
    expect(read("lib/index.ts", root)).toContain(`  | "${id}"\n`);
  });

  it("refuses an id that is not in ESLint's form, or that exists", () => {
    expect(() => newRule(["Example", "--root", root, "--no-docs"])).toThrow(/in ESLint's form/u);
    expect(() => newRule(["prefer-trusted-publishing", "--root", ROOT, "--no-docs"])).toThrow(/exists already/u);
  });

  it("type-checks (the rule, its test, and the plugin that now lists it)", () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const program = ts.createProgram([path.join(root, "lib/index.ts"), path.join(root, `tests/rules/${id}.test.ts`)], { ...config.options, noEmit: true, rootDir: undefined });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  });

  it("lints clean under the project's rule conventions (eslint-plugin-eslint-plugin, typescript-eslint)", async () => {
    const eslint = new ESLint({ cwd: ROOT });
    for (const file of [`lib/rules/${id}.ts`, `tests/rules/${id}.test.ts`]) {
      const [result] = await eslint.lintText(read(file, root), { filePath: path.join(ROOT, file) });
      expect(result!.messages.map((message) => `${file}:${message.line} ${message.ruleId} ${message.message}`)).toEqual([]);
    }
  });

  it("runs: the scaffolded rule lints its fixtures, and its page passes the docs checks", async () => {
    const rule = ((await import(pathToFileURL(path.join(root, `lib/rules/${id}.ts`)).href)) as { default: { meta: { docs: { description: string } } } }).default;
    const messages = new Linter({ configType: "flat" }).verify(read(`tests/fixtures/rules/${id}/valid.yml`, root), [
      { files: ["**/*.yml"], plugins: { scaffold: { rules: { [id]: rule as never } }, "trusted-publishing": plugin }, language: "trusted-publishing/yaml", rules: { [`scaffold/${id}`]: "error" } },
    ], { filename: "valid.yml" });
    expect(messages).toEqual([]);
    const page = read(`docs/rules/${id}.md`, root);
    const documented = { meta: { namespace: "trusted-publishing" }, rules: { [id]: rule }, configs: { recommended: [{ rules: {} }] } };
    expect(withRuleHeader(page, id, documented)).toBe(page);
    for (const section of REQUIRED_SECTIONS) expect(page).toContain(`\n${section}\n`);
    expect(page).toMatch(/### Incorrect\n\n```yaml\n[^`]+```\n\n### Correct\n\n```yaml\n/u);
  });
});
