/**
 * The examples in the rule docs are true: for every docs/rules/<id>.md, each ```yaml block
 * under "### Incorrect" is reported by that rule at least once, and each one under
 * "### Correct" is not reported by it. Any page that follows the convention is checked, so a
 * new rule's page is covered as soon as it exists.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import plugin from "../lib/index.js";
import { lint, withRules } from "./helpers/fix.js";

type Kind = "Incorrect" | "Correct";

interface Example {
  readonly kind: Kind;
  /** 1-based line of the block's first line of YAML in the page. */
  readonly line: number;
  readonly code: string;
}

/**
 * The ```yaml (or ```yml) blocks under the "### Incorrect" and "### Correct" headings of a
 * page. A section ends at the next heading of level 3 or above; deeper headings (#### …)
 * stay in it. Headings inside fenced blocks do not count.
 */
function examplesOf(markdown: string): Example[] {
  const examples: Example[] = [];
  const lines = markdown.split(/\r?\n/u);
  let section: Kind | undefined;
  let fence: { marker: string; yaml: boolean; start: number; body: string[] } | undefined;
  for (const [index, line] of lines.entries()) {
    if (fence) {
      if (line.trim().startsWith(fence.marker) && line.trim().replaceAll(fence.marker[0]!, "") === "") {
        if (fence.yaml && section) examples.push({ kind: section, line: fence.start, code: `${fence.body.join("\n")}\n` });
        fence = undefined;
      } else {
        fence.body.push(line);
      }
      continue;
    }
    const opening = /^ {0,3}(`{3,}|~{3,})\s*([\w-]*)/u.exec(line);
    if (opening) {
      fence = { marker: opening[1]!, yaml: ["yaml", "yml"].includes(opening[2]!.toLowerCase()), start: index + 2, body: [] };
      continue;
    }
    const heading = /^(#{1,6})\s+(\S.*)$/u.exec(line);
    if (heading && heading[1]!.length <= 3) {
      const title = heading[2]!.trim();
      section = heading[1]!.length === 3 && (title === "Incorrect" || title === "Correct") ? title : undefined;
    }
  }
  return examples;
}

const docsDir = new URL("../docs/rules/", import.meta.url);
const pages = readdirSync(docsDir).filter((file) => file.endsWith(".md")).sort();

describe("examplesOf", () => {
  it("takes yaml blocks of the two sections only, through deeper headings, ignoring headings in code", () => {
    const page = [
      "# x",
      "```yaml",
      "before: sections",
      "```",
      "### Incorrect",
      "```yaml",
      "a: 1",
      "# not a heading",
      "```",
      "#### With an option",
      "````yml",
      "b: 2",
      "````",
      "```js",
      "js();",
      "```",
      "### Correct",
      "```yaml",
      "c: 3",
      "```",
      "## Fix",
      "```yaml",
      "d: 4",
      "```",
    ].join("\n");
    expect(examplesOf(page)).toEqual([
      { kind: "Incorrect", line: 7, code: "a: 1\n# not a heading\n" },
      { kind: "Incorrect", line: 12, code: "b: 2\n" },
      { kind: "Correct", line: 19, code: "c: 3\n" },
    ]);
  });
});

describe.each(pages)("docs/rules/%s", (page) => {
  const id = page.replace(/\.md$/u, "");
  const ruleId = `trusted-publishing/${id}`;
  const examples = examplesOf(readFileSync(new URL(page, docsDir), "utf8"));

  it("documents a rule of the plugin, with Incorrect and Correct examples", () => {
    expect(Object.keys(plugin.rules)).toContain(id);
    expect(examples.filter((example) => example.kind === "Incorrect").length).toBeGreaterThan(0);
    expect(examples.filter((example) => example.kind === "Correct").length).toBeGreaterThan(0);
  });

  if (examples.length === 0) return;
  it.each(examples.map((example) => [`${example.kind} example at line ${example.line}`, example] as const))("%s", (_, example) => {
    const messages = lint(example.code, withRules([id]), ".github/workflows/example.yml");
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    const reports = messages.filter((message) => message.ruleId === ruleId);
    if (example.kind === "Incorrect") expect(reports.length, `${page}:${example.line} should be reported by ${ruleId}`).toBeGreaterThan(0);
    else expect(reports, `${page}:${example.line} should not be reported by ${ruleId}`).toEqual([]);
  });
});

/**
 * The rule pages read like ESLint's own: they describe each message as it is, explain what the
 * fixes change, link only to pages the package ships, and speak to the plugin's users (no word of
 * how the plugin is built or tested). no-hardcoded-credentials' page is kept to these by its own
 * owner's tests.
 */
const SUGGESTION_MESSAGES = new Set(["upgradeBreaking", "upgradeLatest", "upgradeFromBranch", "turnOff", "migrate", "remedy", "replaceWithScopes", "addPermissions", "addEnvironment", "moveGrant"]);
const CONVENTIONAL = pages.filter((page) => page !== "no-hardcoded-credentials.md");
const INTERNAL = /\bseed\b|the user's|Registries covered|\bcorpus\b|\blib\/|\btests?\/|\/work\/|\bhelper\b/iu;

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) => heading.toLowerCase().replace(/[^\w\s-]/gu, "").trim().replace(/\s/gu, "-");
const headingsOf = (markdown: string) => markdown.split("\n").filter((line) => /^#{1,6} /u.test(line)).map((line) => line.replace(/^#+ /u, ""));
/** The page without its fenced code blocks. */
const prose = (markdown: string) => markdown.replace(/^```[^\n]*\n(?:(?!```)[^\n]*\n)*```/gmu, "");

describe.each(CONVENTIONAL)("docs/rules/%s reads like an ESLint rule page", (page) => {
  const id = page.replace(/\.md$/u, "");
  const markdown = readFileSync(new URL(page, docsDir), "utf8");
  const rule = plugin.rules[id as keyof typeof plugin.rules];

  it("has the sections: rule details, examples, fixes, options, when not to use it, related rules, further reading", () => {
    const sections = markdown.split("\n").filter((line) => line.startsWith("## "));
    expect(sections.slice(0, 2)).toEqual(["## Rule details", "## Examples"]);
    for (const section of ["## Fixes", "## Options", "## When not to use it", "## Related rules", "## Further reading"]) expect(sections).toContain(section);
  });

  it("shows every message it reports, as the rule words it", () => {
    const text = markdown.replaceAll("\n", " ");
    for (const [messageId, template] of Object.entries(rule.meta!.messages!)) {
      if (SUGGESTION_MESSAGES.has(messageId)) continue;
      const escaped = template.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&").replace(/\\\{\\\{\w+\\\}\\\}/gu, ".+?");
      expect(new RegExp(escaped, "u").test(text), `${messageId}: ${template}`).toBe(true);
    }
  });

  it("explains every example with a comment", () => {
    for (const example of examplesOf(markdown)) expect(example.code, `line ${example.line}`).toMatch(/^# \S/u);
  });

  it("links only to pages the package ships, and to headings they have", () => {
    for (const [, target] of prose(markdown).matchAll(/\]\(([^()\s]+)\)/gu)) {
      if (/^https?:\/\//u.test(target!)) continue;
      const [file, anchor] = target!.split("#");
      const linked = file === "" ? page : file!;
      expect(linked, target).toMatch(/^[a-z-]+\.md$/u);
      expect(pages, target).toContain(linked);
      if (anchor !== undefined) expect(headingsOf(readFileSync(new URL(linked, docsDir), "utf8")).map(anchorOf), target).toContain(anchor);
    }
  });

  it("speaks to users, not of how the plugin is made", () => {
    expect(prose(markdown)).not.toMatch(INTERNAL);
  });
});
