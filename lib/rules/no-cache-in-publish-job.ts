import { applyEdits, createRule } from "../rule-creator.js";
import { onWorkflow, type Step } from "../workflow/index.js";
import { removeStepInputs, replaceStepInput, setStepInput } from "../workflow/edits.js";
import { combineEdits, type TextEdit, type YamlEditor } from "../yaml/edit.js";
import { cacheUseOf, type CacheUse } from "../data/caches.js";
import { publishesBeyondGithubPackagesIn } from "../publishing/policy.js";

/**
 * A job that publishes must not restore a dependency cache: any run of the repository, a pull
 * request's included, can save the cache entry it restores, and what runs from it runs with the
 * publish credentials (an OIDC token included) at hand.
 */
export default createRule({
  name: "no-cache-in-publish-job",
  meta: {
    type: "suggestion",
    docs: {
      description: "Disallow restoring dependency caches in jobs that publish (PyPI, npm, crates.io, RubyGems, NuGet, pub.dev, JSR)",
      recommended: true,
    },
    fixable: "code",
    schema: [],
    messages: {
      cacheAction: "Job '{{job}}' publishes and restores a cache in step '{{step}}'.",
      cacheInput: "Job '{{job}}' publishes and step '{{step}}' restores a dependency cache (`{{input}}`).",
      cacheByDefault: "Job '{{job}}' publishes and step '{{step}}' {{note}}: set `{{off}}: false`.",
    },
  },
  create(context) {
    return onWorkflow(context, (workflow, editor) => {
      for (const job of workflow.jobs) {
        // A job that only publishes to GitHub Packages holds no credential beyond its own GITHUB_TOKEN.
        if (publishesBeyondGithubPackagesIn(job).length === 0) continue;
        for (const step of job.steps) {
          const use = cacheUseOf(step);
          if (!use) continue;
          const edits = fixOf(use, editor);
          const fix = edits && edits.length > 0 ? applyEdits(combineEdits(editor.text, edits)) : null;
          const [jobId, label] = [job.id, stepName(step)];
          switch (use.kind) {
            case "action":
              context.report({ node: reportNode(step), messageId: "cacheAction", data: { job: jobId, step: label } });
              break;
            case "input":
              context.report({ node: use.input.pair, messageId: "cacheInput", data: { job: jobId, step: label, input: use.input.name }, fix });
              break;
            case "default":
              context.report({ node: reportNode(step), messageId: "cacheByDefault", data: { job: jobId, step: label, note: use.note, off: use.off }, fix });
              break;
          }
        }
      }
    });
  },
});

/** The step's name, else its action without the ref (a SHA pin would make the message long). */
function stepName(step: Step): string {
  return step.name ?? (step.uses?.kind === "action" ? step.uses.name : step.label);
}

function reportNode(step: Step) {
  return step.usesPair ?? step.node;
}

/** One input's worth of change: drop the asking input, or switch the cache off. */
function fixOf(use: CacheUse, editor: YamlEditor): TextEdit[] | undefined {
  switch (use.kind) {
    case "action":
      return undefined;
    case "input": {
      if (use.remove.length === 0) {
        const edit = use.setOff ? setStepInput(use.step, editor, use.setOff, "false") : undefined;
        return edit && [edit];
      }
      if (!use.setOff) return removeStepInputs(use.step, editor, use.remove);
      // setup-node v5+: without `cache:` it may still cache by default, so `cache: npm` becomes
      // `package-manager-cache: false` (or, where that input is written already, goes and it is set).
      const companions = removeStepInputs(use.step, editor, use.remove.filter((name) => name !== use.input.name));
      if (!companions) return undefined;
      if (use.step.inputs.has(use.setOff)) {
        const removed = removeStepInputs(use.step, editor, use.remove);
        const off = setStepInput(use.step, editor, use.setOff, "false");
        return removed && off && [...removed, off];
      }
      const swapped = replaceStepInput(use.step, editor, use.input.name, use.setOff, "false");
      return swapped && [...companions, ...swapped];
    }
    case "default": {
      const edit = setStepInput(use.step, editor, use.off, "false");
      return edit && [edit];
    }
  }
}
