/**
 * Package-level promises: every rule has a doc page and a test file, the README's table is
 * current, configs are complete, and the plugin object is what ESLint expects.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { Linter, type ESLint } from "eslint";
import yml from "eslint-plugin-yml";
import { describe, expect, it } from "vitest";
import plugin from "../lib/index.js";
import { rules } from "../lib/rules/index.js";
import { REQUIRED_SECTIONS, actionDataSection, rulesTable, sixMonthsBefore, withActionDataSection, withRuleHeader, withRulesTable } from "../scripts/docs.mjs";
import { OLDEST_SNAPSHOT, actionData } from "../lib/data/actions.js";
import { REPOSITORY_URL } from "../lib/rule-creator.js";

const root = new URL("../", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { name: string; version: string };
const ruleFiles = readdirSync(new URL("lib/rules/", root))
  .filter((file) => file.endsWith(".ts") && file !== "index.ts")
  .map((file) => file.replace(/\.ts$/u, ""));

describe("the plugin", () => {
  it("registers exactly the rule files under their file names", () => {
    expect(Object.keys(plugin.rules).sort()).toEqual([...ruleFiles].sort());
  });

  it("exports rules that are ESLint plugin rules (checked by the type-checker against the installed ESLint)", () => {
    // lib/index.ts casts the rules to ESLint's rule type, since ESLint 9 and 10 name different
    // ones; this assignment keeps the structural check against the ESLint of this checkout.
    const asPluginRules: Record<string, NonNullable<ESLint.Plugin["rules"]>[string]> = rules;
    expect(Object.keys(asPluginRules)).toEqual(Object.keys(plugin.rules));
    expect(Object.values(asPluginRules)).toEqual(Object.values(plugin.rules));
  });

  it("has meta with the package's name and version and its namespace", () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: "trusted-publishing" });
  });

  for (const id of ruleFiles) {
    describe(id, () => {
      const rule = plugin.rules[id as keyof typeof plugin.rules];
      it("has a doc page that the rule links to", () => {
        expect(existsSync(new URL(`docs/rules/${id}.md`, root))).toBe(true);
        expect(rule.meta?.docs?.url).toBe(`${REPOSITORY_URL}/blob/v${pkg.version}/docs/rules/${id}.md`);
        const doc = readFileSync(new URL(`docs/rules/${id}.md`, root), "utf8");
        expect(doc.startsWith(`# trusted-publishing/${id}\n`)).toBe(true);
        const headings = doc.split("\n").filter((line) => line.startsWith("## "));
        for (const section of REQUIRED_SECTIONS) expect(headings).toContain(section);
      });
      it("has a page header generated from its meta (run `npm run docs`)", () => {
        const doc = readFileSync(new URL(`docs/rules/${id}.md`, root), "utf8");
        const definition = rules[id as keyof typeof rules];
        const meta = definition.meta!;
        expect(withRuleHeader(doc, id, plugin)).toBe(doc);
        const header = doc.slice(0, doc.indexOf("<!-- end auto-generated rule header"));
        expect(header).toContain(`\n${meta.docs!.description}.\n`);
        expect(header.includes("🔧")).toBe(Boolean(meta.fixable));
        expect(header.includes("💡")).toBe(Boolean(meta.hasSuggestions));
        expect(header.includes("configs.recommended")).toBe(meta.docs!.recommended);
      });
      it("describes itself in ESLint's form and names the registries it covers", () => {
        const description = rule.meta?.docs?.description ?? "";
        expect(description).toMatch(/^(?:Require|Disallow|Enforce|Prefer) \S/u);
        expect(description).not.toMatch(/\.$/u);
        expect(description).toMatch(/\b(?:PyPI|npm|crates\.io|RubyGems|NuGet|any registry)\b/u);
      });
      it("has a test file", () => {
        expect(existsSync(new URL(`tests/rules/${id}.test.ts`, root))).toBe(true);
      });
      it("declares messages, a closed schema and its fix kinds", () => {
        expect(Object.keys(rule.meta?.messages ?? {}).length).toBeGreaterThan(0);
        const schema = rule.meta?.schema;
        expect(Array.isArray(schema)).toBe(true);
        for (const option of schema as { type?: string; additionalProperties?: unknown }[]) {
          if (option.type === "object") expect(option.additionalProperties).toBe(false);
        }
        expect(["problem", "suggestion"]).toContain(rule.meta?.type);
      });
    });
  }

  it("README's rules table is current (run `npm run docs`)", () => {
    const readme = readFileSync(new URL("README.md", root), "utf8");
    expect(withRulesTable(readme, plugin)).toBe(readme);
    expect(readme).toContain(rulesTable(plugin));
  });

  it("no-outdated-actions' page says how old the action data is, current with the data (run `npm run docs`)", () => {
    const page = readFileSync(new URL("docs/rules/no-outdated-actions.md", root), "utf8");
    expect(withActionDataSection(page, actionData)).toBe(page);
    // The oldest snapshot of a maintained action, as --version prints it.
    expect(page).toContain(`is from ${OLDEST_SNAPSHOT.date} (\`${OLDEST_SNAPSHOT.action}\`)`);
    // Every maintained action older than six months before the data's date is listed, no other.
    const limit = sixMonthsBefore(actionData.date);
    for (const [action, { asOf, archived }] of Object.entries(actionData.actions)) {
      expect(page.includes(`| \`${action}\` | ${asOf} |`), action).toBe(archived !== true && asOf < limit);
    }
  });

  it("lists stale actions by calendar months, oldest first, and says when none is stale", () => {
    expect([sixMonthsBefore("2026-12-04"), sixMonthsBefore("2026-08-31"), sixMonthsBefore("2026-03-15")]).toEqual(["2026-06-04", "2026-03-03", "2025-09-15"]);
    const section = actionDataSection({
      date: "2026-12-04",
      actions: { "a/old": { asOf: "2024-01-01" }, "b/older": { asOf: "2023-01-01", archived: true }, "c/fresh": { asOf: "2026-11-01" }, "d/stale": { asOf: "2026-06-03" } },
    });
    expect(section).toContain("is from 2024-01-01 (`a/old`)");
    expect(section.split("\n").filter((line) => line.startsWith("| `"))).toEqual(["| `a/old` | 2024-01-01 |", "| `d/stale` | 2026-06-03 |"]);
    expect(actionDataSection({ date: "2026-12-04", actions: { "c/fresh": { asOf: "2026-11-01" } } })).toContain("less than six months older than the data");
  });

  it("its YAML language reports syntax errors at 1-based columns, like every other finding", () => {
    const linter = new Linter({ configType: "flat" });
    const at = (text: string) => linter.verify(text, plugin.configs.recommended, { filename: ".github/workflows/x.yml" }).map(({ line, column, fatal }) => ({ line, column, fatal }));
    expect(at("on: push\njobs: [\n")).toEqual([{ line: 3, column: 1, fatal: true }]);
    expect(at("on: push\n  bad: indent\n")).toEqual([{ line: 1, column: 5, fatal: true }]);
    // The rest of the language is eslint-plugin-yml's own.
    expect(plugin.languages.yaml).toBeInstanceOf(yml.languages.yaml.constructor);
    expect(at("on: push\njobs: {}\n")).toEqual([]);
  });

  it("configs.all turns every rule on as an error; configs.recommended keeps each at its level, as the README says", () => {
    const [all] = plugin.configs.all;
    const [recommended] = plugin.configs.recommended;
    expect(Object.values(all?.rules ?? {})).toEqual(ruleFiles.map(() => "error"));
    expect(Object.values(recommended?.rules ?? {})).toContain("warn");
    const readme = readFileSync(new URL("README.md", root), "utf8");
    expect(readme).toMatch(/`configs\.all` turns every rule on as an error/u);
  });

  it("configs.recommended registers the plugin and the language and turns on recommended rules", () => {
    const [config] = plugin.configs.recommended;
    expect(config?.plugins?.["trusted-publishing"]).toBe(plugin);
    expect(config?.language).toBe("trusted-publishing/yaml");
    const recommended = Object.entries(plugin.rules).filter(([, rule]) => rule.meta?.docs?.recommended);
    expect(Object.keys(config?.rules ?? {}).sort()).toEqual(recommended.map(([id]) => `trusted-publishing/${id}`).sort());
    const [all] = plugin.configs.all;
    expect(Object.keys(all?.rules ?? {})).toHaveLength(ruleFiles.length);
  });
});
