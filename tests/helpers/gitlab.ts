/** GitLab fixtures as repositories: copied to a temporary directory with a `.git` of its own. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseForESLint } from "yaml-eslint-parser";
import type { YAMLSourceCode } from "eslint-plugin-yml";
import { Linter } from "eslint";
import { pipelineOf } from "../../lib/ci/gitlab/index.js";
import { expect } from "vitest";
import { lint, withRules } from "./fix.js";

export const GITLAB_FIXTURES = path.resolve(new URL("../fixtures/gitlab/", import.meta.url).pathname);

const copies: string[] = [];

/** A copy of `tests/fixtures/gitlab/<name>` as a repository root. */
export function gitlabRepository(name: string): string {
  const root = mkdtempSync(path.join(tmpdir(), `tp-gitlab-${name}-`));
  cpSync(path.join(GITLAB_FIXTURES, name), root, { recursive: true });
  mkdirSync(path.join(root, ".git"));
  copies.push(root);
  return root;
}

export function removeGitlabRepositories(): void {
  for (const root of copies.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** A lint context for a YAML text under `filename`, as a rule gets it. */
export function contextFor(filename: string, text: string): { filename: string; sourceCode: YAMLSourceCode } {
  const ast = parseForESLint(text).ast;
  return { filename, sourceCode: { text, ast, parserServices: { isYAML: true } } as unknown as YAMLSourceCode };
}

/** The pipeline of a file in a repository copy. */
export function pipelineAt(root: string, file: string) {
  const filename = path.join(root, file);
  return pipelineOf(contextFor(filename, readFileSync(filename, "utf8")));
}

/** The pipeline of a text under a made-up name (no workspace). */
export function pipelineOfText(text: string, filename = ".gitlab-ci.yml") {
  return pipelineOf(contextFor(filename, text));
}

/** Lints a file of a repository copy with some rules (the file's absolute name: its includes are read). */
export function lintGitlab(root: string, file: string, ids: readonly string[]): Linter.LintMessage[] {
  const filename = path.join(root, file);
  return new Linter({ configType: "flat", cwd: root }).verify(readFileSync(filename, "utf8"), withRules(ids), { filename });
}

/** Fixes a file of a repository copy like `eslint --fix` (the text after every pass). */
export function fixGitlab(root: string, file: string, ids: readonly string[], text?: string): Linter.FixReport {
  const filename = path.join(root, file);
  return new Linter({ configType: "flat", cwd: root }).verifyAndFix(text ?? readFileSync(filename, "utf8"), withRules(ids), { filename });
}

/**
 * For a rule about GitHub Actions only: a workflow written in a file GitLab reads (by its name or
 * folder) is a pipeline, and the rule says nothing of it, while the same text as a workflow gets
 * the rule's findings (so the test cannot pass by the rule never reporting).
 */
export function expectQuietOnGitlab(rule: string, workflow: string): void {
  expect(lint(workflow, withRules([rule]), "workflow.yml").length).toBeGreaterThan(0);
  for (const name of [".gitlab-ci.yml", ".gitlab/ci/release.yml"]) expect(lint(workflow, withRules([rule]), name), name).toEqual([]);
}
