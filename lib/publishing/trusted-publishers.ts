/**
 * What the user tells PyPI when registering a trusted publisher, and how a credential is named in
 * messages — never by its value.
 */
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
export function publisherRegistration(publish: Publish, workflowFile: string): string {
  const page = publish.target === "testpypi" ? PUBLISHING_SETTINGS.testpypi : PUBLISHING_SETTINGS.pypi;
  const environment = publish.step.job.environment;
  const environmentText = environment ? `environment \`${environment}\`` : "no environment yet (PyPI recommends one, such as `pypi`)";
  return `${page}: workflow \`${workflowFile}\`, ${environmentText}`;
}
