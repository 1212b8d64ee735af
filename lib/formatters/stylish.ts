/**
 * The command's terminal report: ESLint's `stylish` layout (file, then `line:column  level
 * message  rule` rows, then the totals), with each finding's suggestions listed under it.
 *
 * ESLint's own formatters never show suggestions; only editors do. A finding whose remedy is a
 * suggestion would leave a terminal user without it, so each suggestion's title is printed on
 * its own line below the finding.
 */
import { styleText } from "node:util";
import type { ESLint, Linter } from "eslint";

type Style = Parameters<typeof styleText>[0];

export interface StylishOptions {
  /** ANSI colours (a terminal); off by default. */
  readonly color?: boolean;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The message as ESLint's stylish prints it: without a trailing period (unless after a space). */
function messageText(message: Linter.LintMessage): string {
  const text = message.message;
  return text.length > 1 && text.endsWith(".") && text.at(-2) !== " " ? text.slice(0, -1) : text;
}

export function formatStylish(results: readonly ESLint.LintResult[], options: StylishOptions = {}): string {
  // The caller decides about colour (a terminal, NO_COLOR), not the stream check of styleText.
  const style = (format: Style, text: string): string => (options.color ? styleText(format, text, { validateStream: false }) : text);
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  let output = "\n";

  for (const result of results) {
    if (result.messages.length === 0) continue;
    errors += result.errorCount;
    warnings += result.warningCount;
    fixableErrors += result.fixableErrorCount;
    fixableWarnings += result.fixableWarningCount;

    const rows = result.messages.map((message) => ({
      position: `${message.line || 0}:${message.column || 0}`,
      level: message.fatal || message.severity === 2 ? "error" : "warning",
      text: messageText(message),
      rule: message.ruleId ?? "",
      suggestions: (message.suggestions ?? []).map((suggestion) => suggestion.desc),
    }));
    const positionWidth = Math.max(...rows.map((row) => row.position.length));
    const levelWidth = Math.max(...rows.map((row) => row.level.length));
    const textWidth = Math.max(...rows.map((row) => row.text.length));
    // Suggestions start under the message: two spaces, position, two, level, two.
    const indent = " ".repeat(2 + positionWidth + 2 + levelWidth + 2);

    output += `${style("underline", result.filePath)}\n`;
    for (const row of rows) {
      const level = style(row.level === "error" ? "red" : "yellow", row.level.padEnd(levelWidth));
      const line = `  ${style("dim", row.position.padStart(positionWidth))}  ${level}  ${row.text.padEnd(textWidth)}  ${style("dim", row.rule)}`;
      output += `${line.trimEnd()}\n`;
      for (const suggestion of row.suggestions) output += `${indent}${style("dim", `suggestion: ${suggestion}`)}\n`;
    }
    output += "\n";
  }

  const total = errors + warnings;
  if (total === 0) return "";
  const color: Style = errors > 0 ? "red" : "yellow";
  const summary = (text: string): string => style(color, style("bold", text));
  output += `${summary(`\u2716 ${plural(total, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")})`)}\n`;
  if (fixableErrors > 0 || fixableWarnings > 0) {
    output += `${summary(`  ${plural(fixableErrors, "error")} and ${plural(fixableWarnings, "warning")} potentially fixable with the \`--fix\` option.`)}\n`;
  }
  return output;
}
