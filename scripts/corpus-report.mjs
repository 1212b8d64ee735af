// `npm run corpus`: every finding of every rule over ../shared/corpus/workflows, in a stable
// text form committed as docs/corpus-report.txt, so that a change in behaviour shows in review.
// A test regenerates it and fails when the committed report is stale.
//
// Each finding is one line, followed by its message on the next line, indented by four spaces
// (tests/integration/message-length.test.ts reads the messages from there).
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Linter } from "eslint";
import { parseForESLint } from "yaml-eslint-parser";
import plugin from "../dist/index.js";
import { actionRefFindings } from "../dist/data/action-refs.js";
import { readWorkflow } from "../dist/ci/github/model.js";
import { YamlEditor } from "../dist/yaml/edit.js";

const root = path.resolve(fileURLToPath(import.meta.url), "../..");
// ../shared beside the main checkout, ../../shared beside a worktree under wt/<name>.
const shared = [path.resolve(root, "../shared"), path.resolve(root, "../../shared")].find((dir) => existsSync(dir)) ?? path.resolve(root, "../shared");
export const CORPUS_DIR = process.env.TRUSTED_PUBLISHING_CORPUS ?? path.join(shared, "corpus/workflows");
export const REPORT_FILE = path.join(root, "docs/corpus-report.txt");
export const MESSAGE_INDENT = "    ";

export function buildReport(corpusDir = CORPUS_DIR) {
  const config = plugin.configs.all.map((c) => ({ ...c, files: ["**/*.yml", "**/*.yaml"] }));
  const linter = new Linter({ configType: "flat" });
  const files = readdirSync(corpusDir, { recursive: true, encoding: "utf8" }).filter((f) => /\.ya?ml$/u.test(f)).sort();
  const lines = [];
  const withFindings = new Set();
  let findings = 0;
  const counts = new Map();
  for (const file of files) {
    const messages = linter.verify(readFileSync(path.join(corpusDir, file), "utf8"), config, { filename: file });
    for (const m of messages) {
      const rule = m.ruleId ? m.ruleId.replace("trusted-publishing/", "") : "parse-error";
      const key = `${rule} ${m.messageId ?? ""}`.trim();
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const fix = m.fix ? " fix" : "";
      const suggestions = m.suggestions?.length ? ` suggestions=${m.suggestions.length}` : "";
      lines.push(`${file}:${m.line}:${m.column} ${key}${fix}${suggestions}`, `${MESSAGE_INDENT}${m.message.replaceAll("\n", " ")}`);
      withFindings.add(file);
      findings++;
    }
  }
  const summary = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${String(n).padStart(6)}  ${key}`);
  const autofix = outdatedActionsFigure(corpusDir, files);
  const filesWithFindings = withFindings.size;
  return [
    "# Findings of every rule (configs.all) over ../shared/corpus/workflows",
    "# Regenerate with `npm run corpus`; a test fails when this file is stale.",
    `# ${files.length} files, ${filesWithFindings} with findings, ${findings} findings`,
    "",
    "## Per rule and message",
    ...summary,
    "",
    "## no-outdated-actions and no-broken-actions: findings with an autofix, and why the others have none",
    ...autofix,
    "",
    "## Findings (file:line:column rule messageId [fix] [suggestions=N], then the message indented)",
    ...lines,
    "",
  ].join("\n");
}

/**
 * How many findings of no-outdated-actions and no-broken-actions carry an autofix, and for the
 * others the reason, as their shared analysis decides it (`actionRefFindings`): a curated breaking change that applies to the step
 * (or cannot be ruled out), no newer release read from the action's repository, an archived
 * action, a ref the data cannot place, or a value the fix cannot edit safely.
 */
export function outdatedActionsFigure(corpusDir, files) {
  let total = 0;
  let fixed = 0;
  const reasons = new Map();
  for (const file of files) {
    const text = readFileSync(path.join(corpusDir, file), "utf8");
    let ast;
    try {
      ast = parseForESLint(text).ast;
    } catch {
      continue;
    }
    const workflow = readWorkflow({ text, ast }, file);
    if (!workflow) continue;
    for (const finding of actionRefFindings(workflow, new YamlEditor(text))) {
      total++;
      if (finding.fix) {
        fixed++;
        continue;
      }
      const why = finding.noFix;
      const key =
        why.kind === "applies" ? `breaking change applies (${why.blocker.verdict === "unknown" ? "cannot be ruled out" : "applies"})` : why.kind === "not-editable" ? `not editable (${why.why})` : why.kind === "no-target" ? "no verified target" : why.kind === "unplaced" ? "ref not placed on a verified release" : why.kind;
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
  }
  const share = total === 0 ? 0 : Math.round((fixed / total) * 1000) / 10;
  return [
    `${String(fixed).padStart(6)} of ${total} findings carry an autofix (${share}%)`,
    ...[...reasons].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${String(n).padStart(6)}  without: ${key}`),
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(CORPUS_DIR)) {
    console.error(`corpus not found at ${CORPUS_DIR}`);
    process.exit(2);
  }
  const report = buildReport();
  const before = existsSync(REPORT_FILE) ? readFileSync(REPORT_FILE, "utf8") : "";
  writeFileSync(REPORT_FILE, report);
  console.log(report.slice(0, report.indexOf("## Findings")).trimEnd());
  console.log(before === report ? "docs/corpus-report.txt is unchanged" : "docs/corpus-report.txt updated");
}
