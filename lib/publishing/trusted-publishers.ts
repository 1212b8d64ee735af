/**
 * What the user tells PyPI when registering a trusted publisher, and how a credential is named in
 * messages — never by its value.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expressionBody } from "../workflow/expressions.js";
import type { CredentialSource, Publish } from "./recognise.js";

/** Where PyPI and TestPyPI register trusted publishers (pending publishers for new projects). */
export const PUBLISHING_SETTINGS = {
  pypi: "https://pypi.org/manage/account/publishing/",
  testpypi: "https://test.pypi.org/manage/account/publishing/",
  docs: "https://docs.pypi.org/trusted-publishers/adding-a-publisher/",
} as const;

const VARIABLE_REFERENCE = /^\$(?:[A-Za-z_]\w*|\{[A-Za-z_]\w*\})$/u;

/** Where a value comes from, without its text unless it is a reference (`secrets.X`, `$VAR`). */
function origin(value: string | undefined, isExpression: boolean): string {
  if (value === undefined) return "";
  if (isExpression) return ` from \`${expressionBody(value)}\``;
  if (VARIABLE_REFERENCE.test(value.trim())) return ` from \`${value.trim()}\``;
  return ", written in the workflow";
}

export function describeCredential(credential: CredentialSource): string {
  switch (credential.kind) {
    case "env":
      return `\`${credential.name}\`${origin(credential.variable.value, credential.variable.isExpression)}`;
    case "input":
      return `the \`${credential.name}\` input${origin(credential.input.value, credential.input.isExpression)}`;
    case "flag":
      return `the \`${credential.name}\` argument`;
    case "script-variable":
      return `\`${credential.name}\` set in the script`;
    case "username":
      return "a username and password";
    case "pypirc":
      return `a \`.pypirc\` written by step '${credential.step.label}'`;
    case "tool-config":
      return `\`${credential.name}\` in step '${credential.step.label}'`;
  }
}

/** The values PyPI's form asks for, filled in from the workflow where it says them. */
export function publisherRegistration(publish: Publish, workflowPath: string): string {
  const page = publish.target === "testpypi" ? PUBLISHING_SETTINGS.testpypi : PUBLISHING_SETTINGS.pypi;
  const environment = publish.step.job.environment;
  const environmentText = environment ? `environment \`${environment}\`` : "no environment yet (PyPI recommends one, such as `pypi`)";
  const repository = githubRepositoryOf(workflowPath);
  const repositoryText = repository ? `, owner \`${repository.owner}\` and repository \`${repository.name}\`` : "";
  return `${page}: workflow \`${path.basename(workflowPath)}\`, ${environmentText}${repositoryText}`;
}

/**
 * The GitHub repository a workflow file belongs to, from the `origin` remote in the nearest
 * `.git/config` (a local file: no network). Cached per directory; `undefined` when there is no
 * such checkout or its origin is not on github.com.
 */
export function githubRepositoryOf(file: string): { readonly owner: string; readonly name: string } | undefined {
  const visited: string[] = [];
  let dir = path.dirname(path.resolve(file));
  let found: { owner: string; name: string } | null | undefined;
  for (;;) {
    if (repositoryCache.has(dir)) {
      found = repositoryCache.get(dir);
      break;
    }
    visited.push(dir);
    const config = path.join(dir, ".git", "config");
    if (existsSync(config)) {
      found = originOnGithub(readFileSync(config, "utf8")) ?? null;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      found = null;
      break;
    }
    dir = parent;
  }
  for (const seen of visited) repositoryCache.set(seen, found ?? null);
  return found ?? undefined;
}

const repositoryCache = new Map<string, { owner: string; name: string } | null>();

/** `url = git@github.com:owner/name.git` or `https://github.com/owner/name` under `[remote "origin"]`. */
function originOnGithub(config: string): { owner: string; name: string } | undefined {
  let inOrigin = false;
  for (const line of config.split(/\r?\n/u)) {
    const section = /^\s*\[(.*)\]\s*$/u.exec(line);
    if (section) {
      inOrigin = section[1]!.trim() === 'remote "origin"';
      continue;
    }
    if (!inOrigin) continue;
    const url = /^\s*url\s*=\s*(\S+)/u.exec(line)?.[1];
    const match = url && /github\.com[:/]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/u.exec(url);
    if (match) return { owner: match[1]!, name: match[2]! };
  }
  return undefined;
}
