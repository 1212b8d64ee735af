import { applyEdits, createRule } from "../rule-creator.js";
import { onWorkflow } from "../workflow/index.js";
import { indexName, publishLabel, trustedPublishingPublishesIn } from "../publishing/policy.js";
import { migrateToTrustedPublishing } from "../publishing/migration.js";
import { describeCredential, publisherRegistration } from "../publishing/trusted-publishers.js";

/**
 * Uploads with a long-lived token to an index that accepts trusted publishing, which would do
 * without one. One report per upload step, with the migration as a suggestion.
 */
export default createRule({
  name: "prefer-trusted-publishing",
  meta: {
    type: "suggestion",
    docs: {
      description: "prefer trusted publishing to long-lived registry tokens",
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      longLivedToken:
        "Step '{{step}}' of job '{{job}}' uploads to {{index}} with a long-lived credential ({{credential}}). A token that leaks can publish releases until someone revokes it; trusted publishing uses a short-lived OIDC token instead. Register this workflow as a trusted publisher on {{index}} ({{registration}}), then remove the credential and revoke the token.",
      tokenUnneeded:
        "Step '{{step}}' of job '{{job}}' uploads to {{index}} with a long-lived credential ({{credential}}), yet the job already has `id-token: write`: with trusted publishing the token is unneeded. Register this workflow as a trusted publisher on {{index}} ({{registration}}), then remove the credential and revoke the token.",
      toolLacksTrustedPublishing:
        "Step '{{step}}' of job '{{job}}' uploads to {{index}} with {{tool}}, which cannot do trusted publishing, so it needs a long-lived credential ({{credential}}). Build with {{tool}} and upload with `{{replacement}}`, registered as a trusted publisher on {{index}} ({{registration}}).",
      migrate:
        "Switch to trusted publishing: upload with {{uploader}} without the credential and grant `id-token: write` (register the publisher on {{index}} first).",
    },
  },
  create(context) {
    return onWorkflow(context, (workflow, editor) => {
      for (const job of workflow.jobs) {
        for (const publish of trustedPublishingPublishesIn(job)) {
          if (publish.authentication !== "credential") continue;
          const migration = migrateToTrustedPublishing(publish, editor);
          const messageId = !publish.supportsTrustedPublishing
            ? "toolLacksTrustedPublishing"
            : job.effectivePermissions.canRequestIdToken === true
              ? "tokenUnneeded"
              : "longLivedToken";
          context.report({
            node: publish.step.usesPair?.key ?? publish.step.runPair?.key ?? publish.step.node,
            messageId,
            data: {
              job: job.id,
              step: publishLabel(publish),
              index: indexName(publish),
              tool: publish.tool,
              replacement: publish.registry.migration.replacement?.action ?? "a tool that can do trusted publishing",
              credential: describeCredential(publish.credentials[0]!),
              registration: publisherRegistration(publish, context.physicalFilename),
            },
            suggest: migration
              ? [
                  {
                    messageId: "migrate",
                    data: { uploader: migration.uploader, index: indexName(publish) },
                    fix: applyEdits(migration.edits),
                  },
                ]
              : null,
          });
        }
      }
    });
  },
});
