/**
 * What the user tells a registry when registering a trusted publisher, and how a credential is
 * named in messages — never by its value.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expressionBody } from "../workflow/expressions.js";
import type { CredentialSource, Publish } from "./recognise.js";

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
    case "config-file":
      return `a \`${credential.name}\` written by step '${credential.step.label}'`;
    case "tool-config":
      return `\`${credential.name}\` in step '${credential.step.label}'`;
  }
}

/**
 * The values the registry's trusted-publisher form asks for, filled in from the workflow where it
 * says them, after the page where the form is: "<page>: workflow `release.yml`, environment `release`, …".
 */
export function publisherRegistration(publish: Publish, workflowPath: string): string {
  const { registry } = publish;
  const page = (publish.index ?? registry.indexes[0]).registrationUrl ?? registry.trustedPublishingDocs;
  const repository = registry.registrationFields.includes("owner") || registry.registrationFields.includes("repository") ? githubRepositoryOf(workflowPath) : undefined;
  const parts: string[] = [];
  for (const field of registry.registrationFields) {
    switch (field) {
      case "workflow":
        parts.push(`workflow \`${path.basename(workflowPath)}\``);
        break;
      case "environment": {
        const environment = publish.step.job.environment;
        const recommended = registry.suggestedEnvironment && ` (${registry.name} recommends one, such as \`${registry.suggestedEnvironment}\`)`;
        parts.push(environment ? `environment \`${environment}\`` : `no environment yet${recommended || ""}`);
        break;
      }
      case "owner":
      case "repository": {
        // Owner and repository are one part: "owner `o` and repository `r`".
        if (!repository || parts.some((part) => part.startsWith("owner ") || part.startsWith("repository "))) break;
        const owner = registry.registrationFields.includes("owner") ? `owner \`${repository.owner}\`` : undefined;
        const name = registry.registrationFields.includes("repository") ? `repository \`${repository.name}\`` : undefined;
        parts.push([owner, name].filter(Boolean).join(" and "));
        break;
      }
    }
  }
  return parts.length > 0 ? `${page}: ${parts.join(", ")}` : page;
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
