/**
 * Findings read like ESLint's: one sentence, ideally at most 100 characters, never over 150.
 * Measured over every finding of every rule on the shared corpus, as docs/corpus-report.txt
 * records them (`npm run corpus`; the corpus-report test keeps that file current): the median
 * message is at most 100 characters long and the 95th percentile at most 150.
 *
 * Parse errors are ESLint's and the parser's words, not the rules': they are not counted.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ESM script without types
import { MESSAGE_INDENT, REPORT_FILE } from "../../scripts/corpus-report.mjs";

export interface Finding {
  readonly rule: string;
  readonly messageId: string;
  readonly message: string;
}

/** The findings of a corpus report, with their messages. */
export function findingsOf(report: string): Finding[] {
  const all = report.split("\n");
  const lines = all.slice(all.findIndex((line) => line.startsWith("## Findings")) + 1);
  const findings: Finding[] = [];
  for (const [index, line] of lines.entries()) {
    if (line === "" || line.startsWith(MESSAGE_INDENT as string)) continue;
    const [, rule = "", messageId = ""] = line.split(" ");
    const next = lines[index + 1] ?? "";
    if (!next.startsWith(MESSAGE_INDENT as string)) throw new Error(`no message under: ${line}`);
    findings.push({ rule, messageId, message: next.slice((MESSAGE_INDENT as string).length) });
  }
  return findings;
}

/** The value at quantile q (0–1) of sorted numbers, by the nearest-rank method. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error("no values");
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

describe("findingsOf and quantile", () => {
  it("read a report's findings and their messages", () => {
    const report = ["# header", "", "## Findings (…)", "a.yml:1:1 rule-a idA fix", "    First message.", "b.yml:2:3 parse-error", "    Parsing error: x", ""].join("\n");
    expect(findingsOf(report)).toEqual([
      { rule: "rule-a", messageId: "idA", message: "First message." },
      { rule: "parse-error", messageId: "", message: "Parsing error: x" },
    ]);
    expect(() => findingsOf("## Findings\na.yml:1:1 rule id\n")).toThrow(/no message/u);
  });

  it("take the nearest rank", () => {
    const values = Array.from({ length: 20 }, (_, index) => index + 1);
    expect([quantile(values, 0.5), quantile(values, 0.95), quantile(values, 1), quantile([7], 0.5)]).toEqual([10, 19, 20, 7]);
  });
});

describe("messages over the corpus", () => {
  const findings = findingsOf(readFileSync(REPORT_FILE as string, "utf8")).filter((finding) => finding.rule !== "parse-error");
  const lengths = findings.map((finding) => finding.message.length).sort((a, b) => a - b);

  it("are many enough to measure", () => {
    expect(findings.length).toBeGreaterThan(100);
  });

  it("have a median of at most 100 characters and a 95th percentile of at most 150", () => {
    const longest = [...findings].sort((a, b) => b.message.length - a.message.length).slice(0, 3);
    const summary = { median: quantile(lengths, 0.5), p95: quantile(lengths, 0.95) };
    expect(summary, `longest: ${longest.map((finding) => `${finding.rule}/${finding.messageId} (${finding.message.length})`).join(", ")}`).toEqual({
      median: Math.min(summary.median, 100),
      p95: Math.min(summary.p95, 150),
    });
  });
});
