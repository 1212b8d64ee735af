/**
 * GitHub Actions workflow commands: one `::error …::message` / `::warning …::message` line per
 * finding, which GitHub turns into annotations on the run and on the pull request's diff.
 *
 * Escaping follows GitHub's toolkit (@actions/core): `%`, CR and LF in the message, and also
 * `:` and `,` in property values.
 */
import type { ESLint, Linter } from "eslint";
import { relativeTo } from "./paths.js";

export function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

function annotation(file: string, message: Linter.LintMessage): string {
  const command = message.severity === 2 ? "error" : "warning";
  const properties: [string, string | number | undefined][] = [
    ["file", file],
    ["line", message.line > 0 ? message.line : undefined],
    ["col", message.line > 0 && message.column > 0 ? message.column : undefined],
    ["endLine", message.endLine],
    ["endColumn", message.endLine !== undefined ? message.endColumn : undefined],
    ["title", message.ruleId ?? (message.fatal ? "trusted-publishing: parsing error" : "trusted-publishing")],
  ];
  const list = properties
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${escapeProperty(String(value))}`)
    .join(",");
  return `::${command} ${list}::${escapeData(message.message)}`;
}

/** The annotations for every finding, file paths relative to `root` (the repository) when inside it. */
export function formatGithub(results: readonly ESLint.LintResult[], root: string): string {
  return results
    .flatMap((result) => {
      const file = relativeTo(root, result.filePath) ?? result.filePath;
      return result.messages.map((message) => annotation(file, message));
    })
    .join("\n");
}
