/**
 * GitLab's code quality report (the JSON a job uploads as `artifacts: reports: codequality`, which
 * merge requests show): an array of issues in the Code Climate subset GitLab reads —
 * `description`, `check_name`, `fingerprint`, `severity` and `location.path`/`location.lines.begin`
 * (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format).
 *
 * The fingerprint identifies an issue across runs: the file, the rule, the message and which
 * occurrence of that triple it is, not its line (a finding that moves is the same finding).
 */
import { createHash } from "node:crypto";
import type { ESLint, Linter } from "eslint";
import { relativeTo } from "./paths.js";

interface CodeQualityIssue {
  readonly description: string;
  readonly check_name: string;
  readonly fingerprint: string;
  readonly severity: "info" | "minor" | "major" | "critical" | "blocker";
  readonly location: { readonly path: string; readonly lines: { readonly begin: number } };
}

function severityOf(message: Linter.LintMessage): CodeQualityIssue["severity"] {
  if (message.fatal) return "critical";
  return message.severity === 2 ? "major" : "minor";
}

/** The report for every finding, file paths relative to `root` (the repository) when inside it. */
export function formatGitlab(results: readonly ESLint.LintResult[], root: string): string {
  const issues: CodeQualityIssue[] = [];
  for (const result of results) {
    const file = (relativeTo(root, result.filePath) ?? result.filePath).split("\\").join("/");
    const seen = new Map<string, number>();
    for (const message of result.messages) {
      const checkName = message.ruleId ?? "trusted-publishing/parse-error";
      const key = `${file}\u0000${checkName}\u0000${message.message}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      issues.push({
        description: message.message,
        check_name: checkName,
        fingerprint: createHash("sha256").update(`${key}\u0000${occurrence}`).digest("hex"),
        severity: severityOf(message),
        location: { path: file, lines: { begin: Math.max(1, message.line) } },
      });
    }
  }
  return JSON.stringify(issues, null, 2);
}
