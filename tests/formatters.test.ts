/**
 * The command's own output formats, on synthetic results: GitHub workflow-command escaping,
 * the SARIF builder's edge cases, and the unified diff of --fix-dry-run (checked by applying it).
 */
import type { ESLint, Linter } from "eslint";
import { stripVTControlCharacters } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty, formatGithub } from "../lib/formatters/github.js";
import { formatGitlab } from "../lib/formatters/gitlab.js";
import { sarifLog } from "../lib/formatters/sarif.js";
import { unifiedDiff } from "../lib/formatters/diff.js";
import { formatStylish } from "../lib/formatters/stylish.js";
import { absoluteLink, helpFromPage, ruleHelpMarkdown } from "../lib/formatters/rule-help.js";
import { PACKAGE_VERSION, REPOSITORY_URL } from "../lib/package.js";
import { githubSarifProblems } from "./helpers/sarif.js";

const NO_NEWLINE = "\\ No newline at end of file";

function result(filePath: string, messages: Partial<Linter.LintMessage>[]): ESLint.LintResult {
  const full = messages.map((message) => ({ ruleId: null, message: "m", line: 1, column: 1, severity: 2, ...message }) as Linter.LintMessage);
  const fixable = (severity: number) => full.filter((message) => message.severity === severity && message.fix).length;
  return {
    filePath,
    messages: full,
    suppressedMessages: [],
    errorCount: full.filter((message) => message.severity === 2).length,
    fatalErrorCount: full.filter((message) => message.fatal).length,
    warningCount: full.filter((message) => message.severity === 1).length,
    fixableErrorCount: fixable(2),
    fixableWarningCount: fixable(1),
    usedDeprecatedRules: [],
  };
}

const RELEASED = `${REPOSITORY_URL}/blob/v${PACKAGE_VERSION}`;

describe("stylish with suggestions", () => {
  const fix = { range: [0, 1] as [number, number], text: "" };
  const suggestion = (desc: string) => ({ desc, fix: { range: [0, 0] as [number, number], text: "" } });

  it("prints ESLint's stylish layout and each finding's suggestions under its message", () => {
    const output = formatStylish([
      result("/repo/.github/workflows/a.yml", [
        { ruleId: "x/secret", message: "Token in plain text.", line: 12, column: 11, severity: 2, suggestions: [suggestion("Use ${{ secrets.T }}"), suggestion("Or this")] },
        { ruleId: "x/other", message: "Careful", line: 3, column: 1, severity: 1, fix },
      ]),
      result("/repo/clean.yml", []),
      result("/repo/b.yml", [{ ruleId: null, fatal: true, message: "Parsing error: bad", line: 2, column: 1, severity: 2 }]),
    ]);
    expect(output.split("\n")).toEqual([
      "",
      "/repo/.github/workflows/a.yml",
      "  12:11  error    Token in plain text  x/secret",
      "                  suggestion: Use ${{ secrets.T }}",
      "                  suggestion: Or this",
      "    3:1  warning  Careful              x/other",
      "",
      "/repo/b.yml",
      "  2:1  error  Parsing error: bad",
      "",
      "\u2716 3 problems (2 errors, 1 warning)",
      "  0 errors and 1 warning potentially fixable with the `--fix` option.",
      "",
    ]);
  });

  it("prints nothing without findings, counts in the singular, and colours only when asked", () => {
    expect(formatStylish([result("/repo/a.yml", [])])).toBe("");
    const one = [result("/repo/a.yml", [{ ruleId: "x/r", severity: 2, suggestions: [suggestion("Do it")] }])];
    expect(formatStylish(one)).toContain("\u2716 1 problem (1 error, 0 warnings)\n");
    expect(formatStylish(one)).not.toContain("\u001b[");
    const coloured = formatStylish(one, { color: true });
    expect(coloured).toContain("\u001b[");
    expect(stripVTControlCharacters(coloured)).toBe(formatStylish(one));
  });
});

describe("SARIF rule help from the rule pages", () => {
  it("makes links relative to the page absolute, at the release tag, and leaves others alone", () => {
    const page = "docs/rules/x.md";
    expect(absoluteLink("../../lib/data/actions.json", page)).toBe(`${RELEASED}/lib/data/actions.json`);
    expect(absoluteLink("other-rule.md#options", page)).toBe(`${RELEASED}/docs/rules/other-rule.md#options`);
    expect(absoluteLink("#the-data", page)).toBe(`${RELEASED}/docs/rules/x.md#the-data`);
    expect(absoluteLink("https://docs.pypi.org/", page)).toBe("https://docs.pypi.org/");
    expect(absoluteLink("mailto:a@example.com", page)).toBe("mailto:a@example.com");
  });

  it("drops the title line and rewrites links outside code only", () => {
    const markdown = [
      "# x/rule",
      "",
      "See [the data](../../lib/data/a.json) and `[not](a link)`.",
      "```yaml",
      "x: [a](b)",
      "```",
      "![img](pic.png)",
      "",
    ].join("\n");
    expect(helpFromPage(markdown, "docs/rules/x.md")).toBe(
      [`See [the data](${RELEASED}/lib/data/a.json) and \`[not](a link)\`.`, "```yaml", "x: [a](b)", "```", `![img](${RELEASED}/docs/rules/pic.png)`].join("\n"),
    );
  });

  it("reads the page of each of the plugin's rules, and none for other plugins' rules", () => {
    const help = ruleHelpMarkdown("trusted-publishing/require-id-token-permission", "trusted-publishing");
    expect(help).toContain("## When not to use it");
    // The page's title goes (SARIF shows the rule's own name); YAML comments in examples stay.
    expect(help).not.toContain("# trusted-publishing/require-id-token-permission");
    expect(help).not.toMatch(/\]\((?!https?:|mailto:|#)/u); // every link is absolute
    expect(ruleHelpMarkdown("other/require-id-token-permission", "trusted-publishing")).toBeUndefined();
    expect(ruleHelpMarkdown("trusted-publishing/no-such-rule", "trusted-publishing")).toBeUndefined();
    expect(ruleHelpMarkdown("trusted-publishing/../../README", "trusted-publishing")).toBeUndefined();
  });
});

describe("GitHub workflow commands", () => {
  it("escapes data and properties as @actions/core does", () => {
    expect(escapeData("100% done\r\nnext: a, b")).toBe("100%25 done%0D%0Anext: a, b");
    expect(escapeProperty("100% done\r\nnext: a, b")).toBe("100%25 done%0D%0Anext%3A a%2C b");
    // % first, so an escape is never escaped twice.
    expect(escapeProperty("%3A")).toBe("%253A");
  });

  it("formats errors, warnings, findings without a rule and without a position", () => {
    const output = formatGithub(
      [
        result("/repo/.github/workflows/a.yml", [
          { ruleId: "x/rule", message: "two\nlines: 50%", line: 2, column: 3, endLine: 4, endColumn: 1, severity: 2 },
          { ruleId: "x/other", message: "careful", line: 5, column: 1, severity: 1 },
          { ruleId: null, fatal: true, message: "Parsing error: bad", line: 7, column: 2, severity: 2 },
        ]),
        result("/elsewhere/b.yml", [{ ruleId: null, message: "File ignored", line: 0, column: 0, severity: 1 }]),
      ],
      "/repo",
    );
    expect(output.split("\n")).toEqual([
      "::error file=.github/workflows/a.yml,line=2,col=3,endLine=4,endColumn=1,title=x/rule::two%0Alines: 50%25",
      "::warning file=.github/workflows/a.yml,line=5,col=1,title=x/other::careful",
      "::error file=.github/workflows/a.yml,line=7,col=2,title=trusted-publishing%3A parsing error::Parsing error: bad",
      "::warning file=/elsewhere/b.yml,title=trusted-publishing::File ignored",
    ]);
  });
});

describe("GitLab code quality report", () => {
  it("gives each finding GitLab's fields, a severity, a path relative to the repository and a fingerprint that survives a moved line", () => {
    const findings = (line: number) => [
      result("/repo/.gitlab-ci.yml", [
        { ruleId: "x/rule", message: "same", line, column: 3, severity: 2 },
        { ruleId: "x/rule", message: "same", line: line + 4, column: 3, severity: 2 },
        { ruleId: "x/other", message: "careful", line: 5, column: 1, severity: 1 },
        { ruleId: null, fatal: true, message: "Parsing error: bad", line: 0, column: 0, severity: 2 },
      ]),
    ];
    const issues = JSON.parse(formatGitlab(findings(2), "/repo")) as { description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    expect(issues.map(({ fingerprint, ...issue }) => [issue, /^[\da-f]{64}$/u.test(fingerprint)])).toEqual([
      [{ description: "same", check_name: "x/rule", severity: "major", location: { path: ".gitlab-ci.yml", lines: { begin: 2 } } }, true],
      [{ description: "same", check_name: "x/rule", severity: "major", location: { path: ".gitlab-ci.yml", lines: { begin: 6 } } }, true],
      [{ description: "careful", check_name: "x/other", severity: "minor", location: { path: ".gitlab-ci.yml", lines: { begin: 5 } } }, true],
      [{ description: "Parsing error: bad", check_name: "trusted-publishing/parse-error", severity: "critical", location: { path: ".gitlab-ci.yml", lines: { begin: 1 } } }, true],
    ]);
    // Two occurrences of one finding differ; the same findings on other lines keep their fingerprints.
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(4);
    const moved = JSON.parse(formatGitlab(findings(10), "/repo")) as { fingerprint: string }[];
    expect(moved.map((issue) => issue.fingerprint)).toEqual(issues.map((issue) => issue.fingerprint));
  });
});

describe("SARIF builder", () => {
  const tool = { name: "trusted-publishing", version: "1.2.3", informationUri: "https://example.com" };
  const meta = { "x/rule": { docs: { description: "require things", url: "https://example.com/rule" } } };

  it("lists each rule once, points results at it, and raises a rule's level to its worst finding", () => {
    const log = sarifLog(
      [
        result("/repo/a.yml", [{ ruleId: "x/rule", severity: 1 }]),
        result("/repo/b.yml", [{ ruleId: "x/rule", severity: 2 }, { ruleId: "y/no-meta", severity: 1 }]),
        result("/repo/clean.yml", []),
      ],
      meta,
      { root: "/repo", tool },
    );
    expect(githubSarifProblems(log)).toEqual([]);
    const [run] = log.runs;
    expect(run.tool.driver.rules.map((rule) => [rule.id, rule.defaultConfiguration.level, rule.helpUri])).toEqual([
      ["x/rule", "error", "https://example.com/rule"],
      ["y/no-meta", "warning", undefined],
    ]);
    expect(run.results.map((entry) => [entry.ruleId, entry.ruleIndex, entry.level])).toEqual([
      ["x/rule", 0, "warning"],
      ["x/rule", 0, "error"],
      ["y/no-meta", 1, "warning"],
    ]);
    expect(run.artifacts.map((artifact) => artifact.location.uri)).toEqual(["a.yml", "b.yml"]); // clean files are not listed
    expect(run.invocations[0].executionSuccessful).toBe(true);
  });

  it("titles a rule by its description and gives the help Markdown the caller supplies", () => {
    const log = sarifLog([result("/repo/a.yml", [{ ruleId: "x/rule" }, { ruleId: "y/other" }])], meta, {
      root: "/repo",
      tool,
      helpMarkdown: (ruleId) => (ruleId === "x/rule" ? "## What it reports\n\nThings." : undefined),
    });
    const [withPage, withoutPage] = log.runs[0].tool.driver.rules;
    expect(withPage).toMatchObject({ shortDescription: { text: "Require things" }, help: { markdown: "## What it reports\n\nThings." } });
    expect(withPage!.help.text).toBe("Require things.\n\nDocumentation: https://example.com/rule");
    expect(withoutPage).toMatchObject({ shortDescription: { text: "y/other" }, help: { markdown: "y/other" } });
  });

  it("marks the run unsuccessful when a file could not be parsed, but not for other notifications", () => {
    const parsed = (fatal: boolean) =>
      sarifLog([result("/repo/a.yml", [{ ruleId: null, ...(fatal ? { fatal: true as const } : {}), message: fatal ? "Parsing error: x" : "File ignored", severity: fatal ? 2 : 1 }])], meta, { root: "/repo", tool });
    expect(parsed(true).runs[0].invocations[0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ level: "error" }] });
    expect(parsed(false).runs[0].invocations[0]).toMatchObject({ executionSuccessful: true, toolExecutionNotifications: [{ level: "warning" }] });
  });

  it("percent-encodes relative URIs, uses file URIs outside the root, and omits regions without a line", () => {
    const log = sarifLog(
      [result("/repo/dir with space/#1.yml", [{ ruleId: "x/rule" }]), result("/other/c.yml", [{ ruleId: "x/rule", line: 0, column: 0 }])],
      meta,
      { root: "/repo", tool },
    );
    const locations = log.runs[0].results.map((entry) => entry.locations[0]!.physicalLocation);
    expect(locations[0]!.artifactLocation).toEqual({ uri: "dir%20with%20space/%231.yml", uriBaseId: "%SRCROOT%", index: 0 });
    expect(locations[1]).toEqual({ artifactLocation: { uri: "file:///other/c.yml", index: 1 } });
    expect(githubSarifProblems(log, { relativeUris: false })).toEqual([]);
  });
});

/** A text's lines, each with its "\n" (the last one may have none). */
function linesWithEnds(text: string): string[] {
  const parts = text.split("\n");
  const last = parts.pop()!;
  return [...parts.map((part) => `${part}\n`), ...(last === "" ? [] : [last])];
}

/**
 * Applies a unified diff strictly: every hunk header must count its lines right, and every
 * context and removed line must match the text where the header says it is.
 */
function applyDiff(before: string, diff: string): string {
  if (diff === "") return before;
  const lines = diff.split("\n");
  expect(lines.pop()).toBe("");
  expect(lines[0]).toMatch(/^--- a\//u);
  expect(lines[1]).toMatch(/^\+\+\+ b\//u);
  const source = linesWithEnds(before);
  const out: string[] = [];
  let next = 0; // index into source
  let index = 2;
  while (index < lines.length) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/u.exec(lines[index++]!);
    expect(header).not.toBeNull();
    const [oldStart, oldCount, newStart, newCount] = [header![1], header![2] ?? "1", header![3], header![4] ?? "1"].map(Number) as [number, number, number, number];
    const start = oldCount === 0 ? oldStart : oldStart - 1;
    expect(start).toBeGreaterThanOrEqual(next);
    expect(start).toBeLessThanOrEqual(source.length);
    out.push(...source.slice(next, start));
    expect(out.length).toBe(newCount === 0 ? newStart : newStart - 1);
    next = start;
    let [seenOld, seenNew] = [0, 0];
    while (index < lines.length && !lines[index]!.startsWith("@@")) {
      const line = lines[index++]!;
      expect(line).not.toBe(NO_NEWLINE); // a marker always follows a line, handled below
      // The line ends the file without a newline when the marker follows it.
      const text = lines[index] === NO_NEWLINE ? (index++, line.slice(1)) : `${line.slice(1)}\n`;
      expect([" ", "-", "+"]).toContain(line[0]);
      if (line[0] === " " || line[0] === "-") {
        expect(source[next]).toBe(text);
        next++;
        seenOld++;
      }
      if (line[0] === " " || line[0] === "+") {
        out.push(text);
        seenNew++;
      }
    }
    expect([seenOld, seenNew]).toEqual([oldCount, newCount]);
  }
  out.push(...source.slice(next));
  return out.join("");
}

describe("unified diff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n", "f.yml")).toBe("");
  });

  it("shows one hunk with three lines of context", () => {
    const before = "1\n2\n3\n4\n5\n6\n7\n8\n";
    expect(unifiedDiff(before, before.replace("5\n", "5\nnew\n"), "f.yml")).toBe(
      "--- a/f.yml\n+++ b/f.yml\n@@ -3,6 +3,7 @@\n 3\n 4\n 5\n+new\n 6\n 7\n 8\n",
    );
  });

  it("keeps distant changes in separate hunks", () => {
    const before = Array.from({ length: 20 }, (_, index) => `${index + 1}`).join("\n") + "\n";
    const after = before.replace("2\n", "two\n").replace("19\n", "nineteen\n");
    const diff = unifiedDiff(before, after, "f.yml");
    expect(diff.match(/^@@ .* @@$/gmu)).toEqual(["@@ -1,5 +1,5 @@", "@@ -16,5 +16,5 @@"]);
    expect(diff).toContain("-2\n+two\n");
  });

  it("merges changes up to six unchanged lines apart into one hunk, as diff -u does", () => {
    const lines = (count: number) => Array.from({ length: count }, (_, index) => `${index + 1}`);
    const hunks = (gap: number) => {
      const before = [...lines(20), ""].join("\n");
      const after = before.replace(/^5$/mu, "five").replace(new RegExp(`^${5 + gap + 1}$`, "mu"), "changed");
      return unifiedDiff(before, after, "f.yml").match(/^@@ .* @@$/gmu);
    };
    expect(hunks(6)).toEqual(["@@ -2,14 +2,14 @@"]);
    expect(hunks(7)).toEqual(["@@ -2,7 +2,7 @@", "@@ -10,7 +10,7 @@"]);
  });

  it("counts an insertion into an empty file from line 0", () => {
    expect(unifiedDiff("", "a\n", "f.yml")).toBe("--- a/f.yml\n+++ b/f.yml\n@@ -0,0 +1 @@\n+a\n");
    expect(unifiedDiff("a\n", "", "f.yml")).toBe("--- a/f.yml\n+++ b/f.yml\n@@ -1 +0,0 @@\n-a\n");
  });

  it("marks a missing final newline", () => {
    expect(unifiedDiff("a\nb", "a\nb\n", "f.yml")).toBe("--- a/f.yml\n+++ b/f.yml\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
  });

  it("keeps CRLF line ends as part of the lines", () => {
    const diff = unifiedDiff("a\r\nb\r\n", "a\r\nx\r\nb\r\n", "f.yml");
    expect(diff).toContain("\n+x\r\n");
    expect(applyDiff("a\r\nb\r\n", diff)).toBe("a\r\nx\r\nb\r\n");
  });

  it("applies to give the new text, for any pair of texts", () => {
    const line = fc.constantFrom("a", "b", "c", "  key: value", "");
    const text = fc.tuple(fc.array(line, { maxLength: 30 }), fc.boolean()).map(([lines, newline]) => lines.join("\n") + (newline && lines.length > 0 ? "\n" : ""));
    fc.assert(
      fc.property(text, text, (before, after) => {
        expect(applyDiff(before, unifiedDiff(before, after, "f.yml"))).toBe(after);
      }),
      { numRuns: 500 },
    );
  });
});
