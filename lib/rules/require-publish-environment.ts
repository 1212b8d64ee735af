import { createRule, fixer } from "../rule-creator.js";
import { onCiFile } from "../ci/index.js";
import { addJobEnvironment } from "../ci/github/edits.js";
import { addEnvironment } from "../ci/gitlab/edits.js";
import { registryOf } from "../publishing/hardening.js";
import { trustedPublishIn } from "../publishing/policy.js";
import { namedTrustedPublishIn } from "../publishing/named-id-tokens.js";

/**
 * A job that publishes with trusted publishing should run in a GitHub deployment environment:
 * the registries recommend it, and an environment's protection rules (required reviewers,
 * allowed branches and tags) are the one guard a repository writer cannot edit away.
 *
 * On GitLab CI/CD the same holds for a protected environment (PyPI's security model: "dedicated
 * environment with protected environments"): a job that publishes with trusted publishing and no
 * `environment:` gets the same report, and the registry's publisher can then require the name.
 */
export default createRule({
  name: "require-publish-environment",
  meta: {
    type: "suggestion",
    docs: {
      description: "Require a deployment environment on jobs that publish with trusted publishing (PyPI, npm, crates.io, RubyGems, NuGet, pub.dev, JSR)",
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      missingEnvironment: "Job '{{job}}' publishes to {{registry}} with trusted publishing but has no `environment:`.",
      addEnvironment: "Add `environment: {{environment}}` (then require it in {{registry}}'s trusted publisher too)",
    },
  },
  create(context) {
    return onCiFile(context, {
      pipeline(pipeline, editor) {
        for (const job of pipeline.jobs) {
          if (!job.inLintedFile || job.entry("environment")) continue;
          const publish = namedTrustedPublishIn(job);
          const registry = publish && registryOf(publish);
          if (!publish || !registry?.environmentSource || !publish.registry.namedIdTokens) continue;
          const changes = addEnvironment(job, registry.suggestedEnvironment);
          const fix = changes ? fixer(editor.apply(changes)) : null;
          context.report({
            node: job.keyNode,
            messageId: "missingEnvironment",
            data: { job: job.id, registry: registry.displayName },
            suggest: fix ? [{ messageId: "addEnvironment", data: { environment: registry.suggestedEnvironment, registry: registry.displayName }, fix }] : null,
          });
        }
      },
      workflow(workflow, editor) {
      for (const job of workflow.jobs) {
        // Any `environment:` key counts, even one we cannot read (an expression, `{url: …}`).
        if (job.environmentPair) continue;
        const publish = trustedPublishIn(job);
        const registry = publish && registryOf(publish);
        if (!registry?.environmentSource) continue;
        const fix = fixer(editor.apply(addJobEnvironment(job, registry.suggestedEnvironment)));
        context.report({
          node: job.keyNode,
          messageId: "missingEnvironment",
          data: { job: job.id, registry: registry.displayName },
          suggest: fix
            ? [{ messageId: "addEnvironment", data: { environment: registry.suggestedEnvironment, registry: registry.displayName }, fix }]
            : null,
        });
      }
      },
    });
  },
});
