import { createRule, fixAndSuggestions } from "../rule-creator.js";
import { onWorkflow } from "../ci/github/index.js";
import { actionRefFindings, UPGRADE_MESSAGES, type FailingId, type SuggestionId } from "../data/action-refs.js";

/**
 * `uses:` refs whose step is known to fail, judged by the action data (lib/data): a ref the action
 * does not publish (the job fails before it starts) and a release that depends on a service that
 * was shut down. The analysis is no-outdated-actions' (lib/data/action-refs.ts); this rule reports
 * only what fails, so that it can be an error while refs that still run stay warnings. The fix
 * moves the ref to the newest release whose breaking changes do not apply to the step.
 */
export default createRule<FailingId | SuggestionId>({
  name: "no-broken-actions",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow action refs that are known to fail: refs the action does not publish, releases that need a shut-down service (any workflow, any registry)",
      recommended: true,
    },
    fixable: "code",
    hasSuggestions: true,
    schema: [],
    messages: {
      missingRef: "{{uses}} does not exist: `{{action}}` publishes no `{{ref}}` tag or branch{{fixNote}}.",
      failingRef: "{{uses}} {{reason}}{{fixNote}}.",
      ...UPGRADE_MESSAGES,
    },
  },
  create(context) {
    return onWorkflow(context, (workflow, editor) => {
      for (const finding of actionRefFindings(workflow, editor)) {
        if (!finding.fails) continue;
        const { fix, suggest } = fixAndSuggestions(finding);
        context.report({ node: finding.step.usesPair!.value!, messageId: finding.messageId as FailingId, data: finding.data, fix, suggest });
      }
    }, { compositeActions: true });
  },
});
