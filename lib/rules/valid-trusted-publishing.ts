import { applyEdit, createRule } from "../rule-creator.js";
import { onWorkflow } from "../workflow/index.js";
import { tagPushRegistryUnmet, unreadExchangerOutputs } from "../publishing/requirements.js";

/**
 * Trusted publishing set up so that it cannot work: an exchanger's token read by an id the step
 * lacks (empty at run time), or a registry that accepts only tag-push runs in a workflow no tag
 * push triggers.
 */
export default createRule({
  name: "valid-trusted-publishing",
  meta: {
    type: "problem",
    docs: {
      description: "report trusted publishing that cannot work: unread exchanger outputs, triggers the registry refuses",
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      exchangerWithoutId: "Step '{{step}}' of job '{{job}}' reads `steps.{{id}}.outputs.{{output}}`, but step '{{exchanger}}' has no `id: {{id}}`.",
      addId: "Give step '{{exchanger}}' `id: {{id}}`.",
      notTagPush: "Job '{{job}}' publishes to {{registry}}, which accepts only runs triggered by a tag push, but no `push` triggers this workflow.",
    },
  },
  create(context) {
    return onWorkflow(context, (workflow, editor) => {
      for (const job of workflow.jobs) {
        for (const unread of unreadExchangerOutputs(job)) {
          const node = unread.exchanger.node;
          const data = { step: unread.step.label, job: job.id, id: unread.id, output: unread.output, exchanger: unread.exchanger.label };
          context.report({
            node: unread.step.runPair?.key ?? unread.step.usesPair?.key ?? unread.step.node,
            messageId: "exchangerWithoutId",
            data,
            suggest: node.style === "block" ? [{ messageId: "addId", data, fix: applyEdit(editor.appendPair(node, "id", unread.id)) }] : null,
          });
        }
        const registry = tagPushRegistryUnmet(job);
        if (registry) context.report({ node: job.keyNode, messageId: "notTagPush", data: { job: job.id, registry: registry.name } });
      }
    });
  },
});
