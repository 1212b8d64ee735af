/**
 * Fixes never break a workflow. Every fixture and every corpus file is fixed the way
 * `eslint --fix` does it (repeated passes, all rules on), then:
 * - the output parses;
 * - the data differs only at paths that fixes own (a job's `permissions`, a step's `uses`);
 * - a second run changes nothing, and no fixable problem is left (fixes converge);
 * - CRLF files stay CRLF, a BOM stays, comments stay on the lines of the keys they followed.
 * Generated workflows (fast-check) vary the style around what the fixers touch.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseForESLint } from "yaml-eslint-parser";
import { ALL_RULES, changedPaths, dataOf, fix, lint } from "../helpers/fix.js";
import { CORPUS_DIR, corpusFiles, hasCorpus } from "../helpers/corpus.js";

type Path = readonly (string | number)[];

/**
 * The data paths a fix may change: `jobs.<id>.permissions…`, `jobs.<id>.steps.<n>.uses`, and an
 * input added to a step (`…steps.<n>.with` or `…with.<input>`) that keeps an old default across
 * an upgrade.
 */
function ownedByAFix(changed: Path, before?: unknown): boolean {
  if (changed[0] !== "jobs" || changed.length < 3) return false;
  if (changed[2] === "permissions") return true;
  if (changed[2] !== "steps" || typeof changed[3] !== "number") return false;
  if (changed[4] === "uses" && changed.length === 5) return true;
  if (changed[4] !== "with" || changed.length > 6) return false;
  // Added, never changed: the step did not set it before.
  const step = (before as { jobs: Record<string, { steps: { with?: Record<string, unknown> }[] }> }).jobs[changed[1] as string]!.steps[changed[3]]!;
  return changed.length === 5 ? step.with === undefined : step.with?.[changed[5] as string] === undefined;
}

/**
 * For each comment: its text and the key it followed on its line (or "" for a comment line).
 * The version in the comment after a `uses:` SHA pin (`# v4.2.2`) is the one text a fix may
 * rewrite (it moves with the pin), so versions there are masked.
 */
function commentAnchors(code: string): string[] {
  const { ast } = parseForESLint(code.replace(/^\uFEFF/u, ""));
  const lines = code.split(/\r?\n/u);
  return ast.comments.map((comment) => {
    const before = lines[comment.loc.start.line - 1]!.slice(0, comment.loc.start.column);
    const key = /^\s*(?:-\s+)?([^:\s]+)/u.exec(before)?.[1] ?? "";
    // A SHA pin's version comment, or one that opens the comment after a version ref (`@v4 # v4 …`).
    const pin = /@[0-9a-f]{40}\b/iu.test(before) || (/@v?\d[\d.]*\s*$/u.test(before) && /^\s*(?:\S*[=@])?v?\d/u.test(comment.value));
    const text = key.endsWith("uses") && pin ? comment.value.replace(/v?\d+(?:\.\d+){0,2}/gu, "<version>") : comment.value;
    return `${key} #${text}`;
  });
}

const circularWarnings: string[] = [];
const onWarning = (warning: Error) => {
  if (/circular/iu.test(warning.message)) circularWarnings.push(warning.message);
};
beforeAll(() => {
  process.on("warning", onWarning);
});
afterAll(() => {
  process.off("warning", onWarning);
});

/** Checks every promise above for one input; returns whether anything was fixed. */
function checkFix(code: string, filename: string): boolean {
  const result = fix(code, ALL_RULES, filename);
  if (!result.fixed) return false;
  const output = result.output;
  // Parses, with only owned paths changed.
  const unowned = changedPaths(dataOf(code), dataOf(output)).filter((changed) => !ownedByAFix(changed, dataOf(code)));
  expect(unowned, `${filename}: unowned changes`).toEqual([]);
  // Converged: nothing fixable left, and fixing again is a no-op.
  expect(lint(output, ALL_RULES, filename).filter((message) => message.fix), `${filename}: fixable problems left`).toEqual([]);
  expect(fix(output, ALL_RULES, filename).fixed, `${filename}: second run changed the file`).toBe(false);
  // Line endings, BOM and comments.
  if (code.includes("\r\n") && !/(?<!\r)\n/u.test(code)) expect(/(?<!\r)\n/u.test(output), `${filename}: LF in a CRLF file`).toBe(false);
  expect(output.startsWith("\uFEFF")).toBe(code.startsWith("\uFEFF"));
  expect(commentAnchors(output), `${filename}: comments moved`).toEqual(commentAnchors(code));
  return true;
}

const fixtureDirs = ["../../examples/"];

describe("fixes on fixtures", () => {
  for (const dir of fixtureDirs) {
    const folder = new URL(dir, import.meta.url);
    for (const file of readdirSync(folder).filter((name) => /\.ya?ml$/u.test(name))) {
      it(`${file}: fixed output parses, changes only owned paths, converges`, () => {
        checkFix(readFileSync(new URL(file, folder), "utf8"), file);
        // The same file with CRLF line endings and a BOM.
        const crlf = `\uFEFF${readFileSync(new URL(file, folder), "utf8").replace(/\n/gu, "\r\n")}`;
        checkFix(crlf, file);
      });
    }
  }
});

describe.skipIf(!hasCorpus)("fixes on the corpus", () => {
  it("every corpus workflow fixes safely", () => {
    let fixed = 0;
    let fixable = 0;
    for (const file of corpusFiles()) {
      const code = readFileSync(path.join(CORPUS_DIR, file), "utf8");
      if (lint(code, ALL_RULES, file).some((message) => message.fix)) fixable++;
      if (checkFix(code, file)) fixed++;
    }
    expect(circularWarnings).toEqual([]);
    // Every file with a fixable finding was fixed (and checked above).
    console.info(`[fixers] ${fixed} of ${corpusFiles().length} corpus files fixed`);
    expect(fixed).toBe(fixable);
  });
});

/** Generated workflows around the shapes the fixers touch. */
const indentArb = fc.constantFrom(2, 4, 6);
const commentArb = fc.constantFrom("", "  # note", " # keep: this");
const permissionsArb = fc.constantFrom<string[] | string | null>(
  null,
  "{}",
  "{contents: read}",
  "{ contents: read, pull-requests: write }",
  "read-all",
  ["contents: read"],
  ["contents: write", "id-token: none"],
  ["id-token: read"],
  ["contents: read", "packages: write"],
);
const workflowPermissionsArb = fc.constantFrom<string | null>(null, "contents: read", "id-token: write", "read-all", "{contents: write}");
const publishStepArb = fc.constantFrom(
  "uses: pypa/gh-action-pypi-publish@release/v1",
  "uses: 'pypa/gh-action-pypi-publish@release/v1'",
  'uses: "pypa/gh-action-pypi-publish@release/v1"',
  "run: uv publish",
  "run: python -m twine upload dist/*",
  "run: |\n  python -m build\n  twine upload --skip-existing dist/*",
);

/** Outdated action refs in the forms people write them: quoted or not, exact, SHA pins, flow steps. */
const checkoutStepArb = fc.constantFrom(
  "- uses: actions/checkout@v2",
  "- uses: 'actions/checkout@v3'",
  '- uses: "actions/checkout@v3.5.2"',
  "- uses: actions/checkout@8e5e7e5ab8b370d6c329ec480221332ada57f0ab # v3.5.2",
  "- {uses: actions/setup-python@v4, with: {python-version: '3.x'}}",
  "- name: Checkout\n  uses: actions/checkout@v4 # pinned major",
  "- uses: actions/download-artifact@v3",
);

function generatedWorkflow(
  indent: number,
  comment: string,
  jobPermissions: string[] | string | null,
  workflowPermissions: string | null,
  publish: string,
  anchored: boolean,
  crlf: boolean,
  checkout: string,
): string {
  const pad = (level: number) => " ".repeat(indent * level);
  const lines = ["on: push"];
  if (workflowPermissions) {
    lines.push(workflowPermissions.startsWith("{") || workflowPermissions === "read-all" ? `permissions: ${workflowPermissions}` : `permissions:\n${pad(1)}${workflowPermissions}`);
  }
  if (anchored) lines.push(`x-defaults: &runner${comment}`, `${pad(1)}os: ubuntu-latest`);
  lines.push("jobs:", `${pad(1)}publish:${comment}`, `${pad(2)}runs-on: ubuntu-latest${comment}`);
  if (typeof jobPermissions === "string") lines.push(`${pad(2)}permissions: ${jobPermissions}${comment}`);
  else if (jobPermissions) lines.push(`${pad(2)}permissions:${comment}`, ...jobPermissions.map((scope) => `${pad(3)}${scope}${comment}`));
  lines.push(`${pad(2)}steps:`);
  lines.push(...checkout.split("\n").map((line) => `${pad(3)}${line}`));
  const [first, ...rest] = publish.split("\n");
  lines.push(`${pad(3)}- ${first}${first!.endsWith("|") ? "" : comment}`, ...rest.map((line) => `${pad(3)}  ${pad(1)}${line}`));
  if (anchored) lines.push(`${pad(2)}env:`, `${pad(3)}RUNNER: *runner`);
  const text = `${lines.join("\n")}\n`;
  return crlf ? text.replace(/\n/gu, "\r\n") : text;
}

describe("fixes on generated workflows", () => {
  it("hold every promise whatever the style", () => {
    let fixedRuns = 0;
    fc.assert(
      fc.property(indentArb, commentArb, permissionsArb, workflowPermissionsArb, publishStepArb, fc.boolean(), fc.boolean(), checkoutStepArb, (...args) => {
        const code = generatedWorkflow(...args);
        dataOf(code); // the generator itself must produce valid YAML
        if (checkFix(code, "generated.yml")) fixedRuns++;
        // When a safe fix exists, it resolves the finding.
        const after = fix(code, ALL_RULES, "generated.yml").output;
        const left = lint(after, ALL_RULES, "generated.yml").filter(
          (m) => m.ruleId === "trusted-publishing/require-id-token-permission" || m.ruleId === "trusted-publishing/no-outdated-actions",
        );
        for (const message of left) expect(message.fix).toBeUndefined();
      }),
      { numRuns: 300, seed: 20261125 },
    );
    // Most generated workflows have something to fix (an outdated ref, a missing id-token).
    expect(fixedRuns).toBeGreaterThan(200);
  });
});
