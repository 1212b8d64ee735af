import { atSentenceStart, createRule, fixer } from "../rule-creator.js";
import { onWorkflow } from "../ci/github/index.js";
import { indexName, trustedPublishingPublishesIn } from "../publishing/policy.js";
import { migrateToTrustedPublishing } from "../publishing/migration.js";
import { describeCredential, registrationValues } from "../publishing/trusted-publishers.js";

/**
 * Uploads with a long-lived token to an index that accepts trusted publishing, which would do
 * without one. One report per upload step, with the migration as a suggestion.
 */
export default createRule({
  name: "prefer-trusted-publishing",
  meta: {
    type: "suggestion",
    docs: {
      description: "Prefer trusted publishing to long-lived registry tokens (PyPI, npm, crates.io, RubyGems, NuGet, pub.dev, JSR)",
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      longLivedToken: "{{place}} publishes to {{index}} with a long-lived token ({{credential}}).",
      tokenUnneeded: "{{place}} sends {{credential}} to {{index}} beside `id-token: write`: remove the token.",
      toolLacksTrustedPublishing: "{{place}} publishes to {{index}} with {{tool}}, which needs a long-lived token ({{credential}}).",
      migrate: "Use trusted publishing with {{uploader}}{{extra}}; register on {{index}} first{{registration}}",
    },
  },
  create(context) {
    return onWorkflow(context, (workflow, editor) => {
      for (const job of workflow.jobs) {
        for (const publish of trustedPublishingPublishesIn(job)) {
          if (publish.authentication !== "credential") continue;
          const migration = migrateToTrustedPublishing(publish, editor);
          const fix = migration && fixer(migration.edits);
          const messageId = !publish.supportsTrustedPublishing
            ? "toolLacksTrustedPublishing"
            : job.effectivePermissions.canRequestIdToken === true
              ? "tokenUnneeded"
              : "longLivedToken";
          context.report({
            node: publish.step.keyNode,
            messageId,
            data: {
              place: atSentenceStart(publish.step.place),
              index: indexName(publish),
              tool: publish.tool,
              credential: describeCredential(publish.credentials[0]!),
            },
            suggest: migration && fix
              ? [
                  {
                    messageId: "migrate",
                    data: {
                      uploader: migration.uploader,
                      extra: migration.remedies.map((remedy) => `; ${remedy}`).join(""),
                      index: indexName(publish),
                      registration: registrationSuffix(registrationValues(publish, context.physicalFilename)),
                    },
                    fix,
                  },
                ]
              : null,
          });
        }
      }
    });
  },
});

/** The registration values after "register on <index> first", when the workflow says any. */
function registrationSuffix(values: string): string {
  return values === "" ? "" : `: ${values}`;
}
