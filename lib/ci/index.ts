/**
 * The one visitor of a rule that reads CI files: whichever kind the linted file is (lib/ci/kind.ts
 * decides, by name first), the rule's handler for that kind runs once with the file's model and
 * its editor. A kind the rule has no handler for is not linted by it (GitHub-only rules give no
 * `pipeline` handler and stay quiet on GitLab files).
 */
import type { YAMLSourceCode } from "eslint-plugin-yml";
import type { YamlEditor } from "../yaml/edit.js";
import { editorOf, workflowOf, type Workflow } from "./github/index.js";
import { pipelineEditorOf, pipelineOf, type GitLabPipeline } from "./gitlab/index.js";

interface LintedFile {
  readonly sourceCode: YAMLSourceCode;
  readonly filename: string;
}

export interface CiHandlers {
  /** Whether the `workflow` handler also checks composite actions (`action.yml`: see `onWorkflow`). */
  readonly compositeActions?: boolean;
  /** A GitHub Actions workflow. */
  readonly workflow?: (workflow: Workflow, editor: YamlEditor) => void;
  /** A pipeline whose jobs name their OIDC tokens (GitLab CI/CD). */
  readonly pipeline?: (pipeline: GitLabPipeline, editor: YamlEditor) => void;
}

export function onCiFile(context: LintedFile, handlers: CiHandlers): { Program(): void } {
  return {
    Program() {
      const workflow = handlers.workflow ? workflowOf(context) : undefined;
      if (workflow) {
        if (workflow.kind === "workflow" || handlers.compositeActions === true) handlers.workflow!(workflow, editorOf(context));
        return;
      }
      if (!handlers.pipeline) return;
      const pipeline = pipelineOf(context);
      if (pipeline) handlers.pipeline(pipeline, pipelineEditorOf(context));
    },
  };
}
