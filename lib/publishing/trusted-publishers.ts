/**
 * What the user tells a registry when registering a trusted publisher, and how a credential is
 * named in messages — never by its value.
 */
import path from "node:path";
import { expressionBody } from "../ci/github/expressions.js";
import type { CredentialSource, Publish } from "./recognise.js";
import type { RegistrationField } from "../registries/types.js";
import { workspaceOf } from "../workspace/index.js";
import { callersOf } from "../ci/github/references.js";

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
    case "env": {
      // `X: ${{ secrets.X }}` says it once: "the secret `X`".
      const { value, isExpression, input } = credential.variable;
      // A composite action's variable set from one of its inputs: the call gives the input.
      if (input !== undefined) return `the \`${input}\` input${origin(value, isExpression)}`;
      if (isExpression && value !== undefined && expressionBody(value).trim() === `secrets.${credential.name}`) return `the secret \`${credential.name}\``;
      return `\`${credential.name}\`${origin(value, isExpression)}`;
    }
    case "input":
      return `the \`${credential.input.input ?? credential.name}\` input${origin(credential.input.value, credential.input.isExpression)}`;
    case "flag":
      return `the \`${credential.name}\` argument`;
    case "script-variable":
      return `\`${credential.name}\` set in the script`;
    case "username":
      return "a username and password";
    case "config-file":
      return `a \`${credential.name}\` written by ${credential.step.named}`;
    case "tool-config":
      return `\`${credential.name}\` in ${credential.step.named}`;
  }
}

/**
 * The values the registry's trusted-publisher form asks for, filled in from the workflow where it
 * says them, after the page where the form is: "<page>: workflow `release.yml`, environment `release`, …".
 */
export function publisherRegistration(publish: Publish, workflowPath: string): string {
  const { registry } = publish;
  const page = (publish.index ?? registry.indexes[0]).registrationUrl ?? registry.trustedPublishingDocs;
  const values = registrationValues(publish, workflowPath);
  return values === "" ? page : `${page}: ${values}`;
}

/** The values of the registry's trusted-publisher form: "workflow `release.yml`, environment `release`, …". */
export function registrationValues(publish: Publish, workflowPath: string): string {
  const { registry } = publish;
  const repository = registry.registrationFields.includes("owner") || registry.registrationFields.includes("repository") ? workspaceOf(workflowPath)?.origin : undefined;
  const parts: string[] = [];
  for (const field of registry.registrationFields) {
    switch (field) {
      case "workflow": {
        const workflow = registeredWorkflow(publish, workflowPath);
        parts.push(`workflow ${workflow.value.map((file) => `\`${file}\``).join(" or ")}${workflow.note ? ` (${workflow.note})` : ""}`);
        break;
      }
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
  return parts.join(", ");
}

/**
 * The workflow file the trusted-publisher form names. For a publish in a called workflow (`on:
 * workflow_call`) with local callers, registries differ (REGISTRIES.md): npm and crates.io match
 * the calling workflow's file, PyPI and RubyGems the called one's; where the registry data does not
 * say (`calledWorkflowFile` absent), the note says that it is UNVERIFIED instead of guessing.
 */
function registeredWorkflow(publish: Publish, workflowPath: string): { readonly value: readonly string[]; readonly note: string | undefined } {
  const own = path.basename(workflowPath);
  const workflow = publish.step.job.workflow;
  if (!workflow.triggers.has("workflow_call")) return { value: [own], note: undefined };
  const callers = [...new Set((callersOf(workflow) ?? []).map((job) => path.basename(job.workflow.filename)))];
  if (callers.length === 0) return { value: [own], note: undefined };
  const { registry } = publish;
  const listed = callers.map((file) => `\`${file}\``).join(" or ");
  const match = registry.calledWorkflowFile;
  if (!match) return { value: [own], note: `called by ${listed}; UNVERIFIED whether ${registry.name} matches the calling or the called workflow` };
  if (match.matches === "callee") return { value: [own], note: `${registry.name} matches the called workflow, not its caller ${listed}` };
  return { value: callers, note: `the workflow that calls \`${own}\`: ${registry.name} matches the caller` };
}

/**
 * The values of the registry's trusted-publisher form one by one, for a listing of what to
 * register (the `migrate` command): the page, then each field the workflow answers, with a note
 * where the workflow does not say (no environment yet, no GitHub origin).
 */
export interface RegistrationForm {
  /** The registry's name ("PyPI") and the index the form is for ("TestPyPI"). */
  readonly registry: string;
  readonly index: string;
  /** Where the form is. */
  readonly page: string;
  readonly fields: readonly { readonly field: RegistrationField; readonly value: string | undefined; readonly note?: string }[];
}

export function registrationForm(publish: Publish, workflowPath: string): RegistrationForm {
  const { registry } = publish;
  const index = publish.index ?? registry.indexes[0];
  const needsRepository = registry.registrationFields.includes("owner") || registry.registrationFields.includes("repository");
  const repository = needsRepository ? workspaceOf(workflowPath)?.origin : undefined;
  const unknownRepository = "not found: the repository's git config has no github.com `origin` remote";
  const fields = registry.registrationFields.map((field) => {
    switch (field) {
      case "workflow": {
        const workflow = registeredWorkflow(publish, workflowPath);
        return { field, value: workflow.value.join(" or "), ...(workflow.note && { note: workflow.note }) };
      }
      case "environment": {
        const environment = publish.step.job.environment;
        if (environment) return { field, value: environment };
        const recommended = registry.suggestedEnvironment ? `; ${registry.name} recommends one, such as \`${registry.suggestedEnvironment}\`` : "";
        return { field, value: undefined, note: `none yet${recommended}` };
      }
      case "owner":
        return repository ? { field, value: repository.owner } : { field, value: undefined, note: unknownRepository };
      case "repository":
        return repository ? { field, value: repository.name } : { field, value: undefined, note: unknownRepository };
    }
  });
  return { registry: registry.name, index: index.name, page: index.registrationUrl ?? registry.trustedPublishingDocs, fields };
}

/** The registration form for a job whose tokens are named (GitLab CI/CD): what the pipeline answers, the rest for the user. */
export function namedTokenRegistrationForm(publish: Publish, topLevelFile: string | undefined): RegistrationForm {
  const { registry } = publish;
  const index = publish.index ?? registry.indexes[0];
  const fields = (registry.namedIdTokens?.registrationFields ?? []).map((field) => {
    switch (field) {
      case "top-level pipeline file":
        return topLevelFile === undefined ? { field, value: undefined, note: "the pipeline's top-level file" } : { field, value: topLevelFile };
      case "environment": {
        const environment = publish.step.job.environment;
        return environment ? { field, value: environment } : { field, value: undefined, note: `none yet${registry.suggestedEnvironment ? `; ${registry.name} recommends one, such as \`${registry.suggestedEnvironment}\`` : ""}` };
      }
      case "namespace":
        return { field, value: undefined, note: "the GitLab group or user that owns the project" };
      case "project":
        return { field, value: undefined, note: "the GitLab project's name" };
      case "ref":
        return { field, value: undefined, note: "optional: a branch name" };
    }
  });
  return { registry: registry.name, index: index.name, page: index.registrationUrl ?? registry.trustedPublishingDocs, fields };
}

/**
 * The registration values of a trusted publisher for a job whose tokens are named (GitLab CI/CD):
 * the registry's fields the pipeline answers (the top-level pipeline file, the job's environment),
 * the others named for the user to fill (namespace, project).
 */
export function namedTokenRegistration(publish: Publish, topLevelFile: string | undefined): string {
  const fields = publish.registry.namedIdTokens?.registrationFields ?? [];
  return fields
    .map((field) => {
      if (field === "top-level pipeline file") return topLevelFile === undefined ? "the top-level pipeline file" : `top-level pipeline file \`${topLevelFile}\``;
      if (field === "environment") return publish.step.job.environment === undefined ? undefined : `environment \`${publish.step.job.environment}\``;
      return field;
    })
    .filter((field): field is string => field !== undefined)
    .join(", ");
}
