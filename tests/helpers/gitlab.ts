/** GitLab fixtures as repositories: copied to a temporary directory with a `.git` of its own. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseForESLint } from "yaml-eslint-parser";
import type { YAMLSourceCode } from "eslint-plugin-yml";
import { pipelineOf } from "../../lib/ci/gitlab/index.js";

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
