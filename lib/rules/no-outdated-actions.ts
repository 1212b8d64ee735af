import { createRule, fixAndSuggestions } from "../rule-creator.js";
import { onWorkflow } from "../ci/github/index.js";
import { actionRefFindings, UPGRADE_MESSAGES, type OutdatedId, type SuggestionId } from "../data/action-refs.js";

type Options = [{ behind?: number }];

/**
 * `uses:` refs that still run, but on a runtime they were not built for, from an archived action,
 * on an unsupported branch or major, or (with `behind`) far behind the newest release, judged by
 * the action data (lib/data). Refs known to fail are no-broken-actions' (the same analysis,
 * lib/data/action-refs.ts). The fix moves a ref to the newest release whose breaking changes do
 * not apply to the step; upgrades that change its behaviour are suggestions that say what changes.
 */
export default createRule<OutdatedId | SuggestionId, Options>({
  name: "no-outdated-actions",
  meta: {
    type: "suggestion",
    docs: {
      description: "Disallow action refs built for a runtime the runner replaced, archived actions and unsupported refs (any workflow, any registry)",
      recommended: true,
    },
    fixable: "code",
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        properties: {
          behind: {
            type: "integer",
            minimum: 1,
            description: "Also report refs more than this many majors behind the newest release the data knows.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{}],
    messages: {
      outdatedRuntime: "{{uses}} was built for {{runtime}}{{now}}{{fixNote}}.",
      archivedAction: "`{{action}}` is archived{{replacement}}.",
      sunsetRef: "{{uses}} {{reason}}{{fixNote}}.",
      behindLatest: "{{uses}} is {{count}} majors behind `{{latest}}`, the newest release known as of {{asOf}}{{fixNote}}.",
      ...UPGRADE_MESSAGES,
    },
  },
  create(context) {
    const behind = context.options[0]?.behind;
    return onWorkflow(context, (workflow, editor) => {
      for (const finding of actionRefFindings(workflow, editor, behind)) {
        if (finding.fails) continue;
        const { fix, suggest } = fixAndSuggestions(finding);
        context.report({ node: finding.step.usesPair!.value!, messageId: finding.messageId as OutdatedId, data: finding.data, fix, suggest });
      }
    }, { compositeActions: true });
  },
});
