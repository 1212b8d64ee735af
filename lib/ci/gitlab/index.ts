/**
 * The one way rules get a GitLab pipeline: `pipelineOf(context)`, built once per linted file.
 *
 * A GitLab file is read in the pipeline it belongs to: when the repository's top-level
 * `.gitlab-ci.yml` includes the linted file (directly or through other local includes), the
 * pipeline is that one, so that `default:`, global `variables:` and templates written elsewhere
 * count; otherwise the linted file is read as a pipeline of its own. Either way only facts
 * written in the linted file are reported there.
 */
import path from "node:path";
import type { YAMLSourceCode } from "eslint-plugin-yml";
import { asMapping } from "../../yaml/nodes.js";
import { ciKindByName } from "../kind.js";
import { workspaceOf } from "../../workspace/index.js";
import { pipelineDocument, readPipeline, type LintedText } from "./pipeline.js";
import { GitLabPipeline } from "./model.js";
import { editorOf, type YamlEditor } from "../../yaml/edit.js";
import { FileCache } from "../../data/file-memo.js";

export { GitLabPipeline, GitLabJob, GitLabStep, sourceOfNode, type GlIdToken, type GlVariable, type GlCommand, type GlScript } from "./model.js";
export type { GlSource, GlEntry, GlValue } from "./values.js";

/** The file GitLab reads first, at the repository root (the project's setting may name another: then we cannot know). */
export const TOP_LEVEL_FILE = ".gitlab-ci.yml";

/** Per file (its AST): the pipeline, or `null` for a file that is not in one. */
const pipelines = new FileCache<object, GitLabPipeline | null>();

interface LintedFile {
  readonly sourceCode: YAMLSourceCode;
  readonly filename: string;
}

/** The GitLab pipeline of the file being linted, or `undefined` when it is not a GitLab file. */
export function pipelineOf(context: LintedFile): GitLabPipeline | undefined {
  const { sourceCode } = context;
  if (!sourceCode.parserServices?.isYAML || sourceCode.ast?.type !== "Program") return undefined;
  let pipeline = pipelines.get(sourceCode.ast);
  if (pipeline === undefined) {
    try {
      pipeline = readGitLab(sourceCode, context.filename) ?? null;
    } catch {
      // Bad input never crashes a lint: a file we cannot model is not linted as a pipeline.
      pipeline = null;
    }
    pipelines.set(sourceCode.ast, pipeline);
  }
  return pipeline ?? undefined;
}

/** Whether the linted file is a GitLab file (by name, or included by the top-level pipeline). */
export function isGitLabFile(context: LintedFile): boolean {
  const byName = ciKindByName(context.filename);
  if (byName) return byName === "gitlab";
  return pipelineOf(context) !== undefined;
}

function readGitLab(sourceCode: YAMLSourceCode, filename: string): GitLabPipeline | undefined {
  const byName = ciKindByName(filename);
  if (byName === "github") return undefined;
  const linted: LintedText = { filename, text: sourceCode.text, ast: sourceCode.ast };
  const own = pipelineDocument(sourceCode.ast).content;
  if (!own) return undefined;
  const workspace = path.isAbsolute(filename) ? workspaceOf(filename) : undefined;
  // The top-level pipeline, when it includes the linted file.
  if (workspace) {
    const top = workspace.resolve(TOP_LEVEL_FILE);
    if (top !== undefined && top !== filename) {
      const read = workspace.readYaml(TOP_LEVEL_FILE);
      if (read.ok) {
        const data = readPipeline({ path: TOP_LEVEL_FILE, absolute: top, text: read.value.text, ast: read.value.ast }, linted, workspace);
        if (data?.files.some((file) => file.linted)) return new GitLabPipeline(own, filename, sourceCode, data);
      }
    }
  }
  // Not named as a GitLab file and not included by the top-level pipeline: not ours.
  if (byName !== "gitlab") return undefined;
  const data = readPipeline({ path: filename, absolute: filename, text: sourceCode.text, ast: sourceCode.ast }, linted, workspace);
  return data ? new GitLabPipeline(asMapping(own)!, filename, sourceCode, data) : undefined;
}

/** The YAML editor for the file being linted (the GitHub model's too: one per file, yaml/edit.ts). */
export function pipelineEditorOf(context: LintedFile): YamlEditor {
  return editorOf(context.sourceCode);
}

/** The visitor of a rule's GitLab check: runs once per GitLab file, with the pipeline and the file's editor. */
export function onPipeline(context: LintedFile, check: (pipeline: GitLabPipeline, editor: YamlEditor) => void): { Program(): void } {
  return {
    Program() {
      const pipeline = pipelineOf(context);
      if (pipeline) check(pipeline, pipelineEditorOf(context));
    },
  };
}
