/**
 * The one way rules get the workflow model: built on first use for a file, then shared by every
 * rule that lints the same file.
 */
import type { YAMLSourceCode } from "eslint-plugin-yml";
import { readWorkflow, type Workflow } from "./model.js";

export type { Workflow, Job, Step, EnvVar, EnvBlock, Input, Container, ContainerCredentials } from "./model.js";
export type { EffectivePermissions, PermissionsBlock, Level } from "./permissions.js";
export type { UsesRef } from "./uses.js";

const cache = new WeakMap<object, Workflow | null>();

interface LintedFile {
  readonly sourceCode: YAMLSourceCode;
  readonly filename: string;
}

/** The workflow in the file being linted, or `undefined` when the file is not a workflow. */
export function workflowOf(context: LintedFile): Workflow | undefined {
  const { sourceCode } = context;
  // Without the YAML language (or with a parse error) there is no YAML AST: not ours to lint.
  if (!sourceCode.parserServices?.isYAML || sourceCode.ast?.type !== "Program") return undefined;
  let workflow = cache.get(sourceCode.ast);
  if (workflow === undefined) {
    workflow = readWorkflow(sourceCode, context.filename) ?? null;
    cache.set(sourceCode.ast, workflow);
  }
  return workflow ?? undefined;
}
