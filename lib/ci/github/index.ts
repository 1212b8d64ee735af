/**
 * The one way rules get the workflow model: built on first use for a file, then shared by every
 * rule that lints the same file.
 */
import type { YAMLSourceCode } from "eslint-plugin-yml";
import { readWorkflow, type Workflow } from "./model.js";
import { editorOf as fileEditor, type YamlEditor } from "../../yaml/edit.js";
import { FileCache } from "../../data/file-memo.js";
import { ciKindByName } from "../kind.js";

export type { Workflow, Job, Step, EnvVar, EnvBlock, Input, Container, ContainerCredentials, FileKind } from "./model.js";
export type { EffectivePermissions, PermissionsBlock, Level } from "./permissions.js";
export type { UsesRef } from "./uses.js";

/** Per file (its AST): the workflow, or `null` for a file that is not one. */
const workflows = new FileCache<object, Workflow | null>();

interface LintedFile {
  readonly sourceCode: YAMLSourceCode;
  readonly filename: string;
}

/** The workflow in the file being linted, or `undefined` when the file is not a workflow. */
export function workflowOf(context: LintedFile): Workflow | undefined {
  const { sourceCode } = context;
  const { ast } = sourceCode;
  // Every rule asks, so the answer for a file (a workflow, or none) is looked up first.
  const known = ast && workflows.get(ast);
  if (known !== undefined) return known ?? undefined;
  // Without the YAML language (or with a parse error) there is no YAML AST: not ours to lint.
  if (!sourceCode.parserServices?.isYAML || ast?.type !== "Program") return undefined;
  // A GitLab pipeline (by its name or folder) is never read as a workflow, whatever its keys.
  const workflow = ciKindByName(context.filename) === "gitlab" ? null : (readWorkflow(sourceCode, context.filename) ?? null);
  workflows.set(ast, workflow);
  return workflow ?? undefined;
}

/** The YAML editor for the file being linted, shared by every rule's fixes (one per file: yaml/edit.ts). */
export function editorOf(context: LintedFile): YamlEditor {
  return fileEditor(context.sourceCode);
}

/**
 * The visitor of a workflow rule: `check` runs once per file that is a workflow, with the model
 * and the file's editor. No rule walks the YAML tree itself. A composite action (`action.yml`)
 * is checked only by rules that say `compositeActions: true`: the rules about a step's own text
 * (credentials written in it, the actions it runs); what depends on the calling job (permissions,
 * triggers, environment) is judged at each call, in the caller's file.
 */
export function onWorkflow(
  context: LintedFile,
  check: (workflow: Workflow, editor: YamlEditor) => void,
  options: { readonly compositeActions?: boolean } = {},
): { Program(): void } {
  return {
    Program() {
      const workflow = workflowOf(context);
      if (workflow && (workflow.kind === "workflow" || options.compositeActions === true)) check(workflow, editorOf(context));
    },
  };
}
