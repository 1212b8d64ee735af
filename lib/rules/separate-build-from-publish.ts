import { atSentenceStart, createRule } from "../rule-creator.js";
import { onWorkflow } from "../ci/github/index.js";
import { runningSteps } from "../ci/github/references.js";
import { buildInStep } from "../data/build-commands.js";
import { registryOf } from "../publishing/hardening.js";
import { trustedPublishIn } from "../publishing/policy.js";

/**
 * A job that publishes with trusted publishing should not also build: the build runs the
 * project's and its dependencies' code while the job can mint the OIDC token. Build in one job,
 * upload the artifacts, and let the publish job only download and publish them.
 */
export default createRule({
  name: "separate-build-from-publish",
  meta: {
    type: "suggestion",
    docs: {
      description: "Require building in another job than the one that publishes with trusted publishing (PyPI, npm, crates.io, RubyGems, NuGet, pub.dev, JSR)",
      recommended: false,
    },
    schema: [],
    messages: {
      buildInPublishJob: "{{place}} runs `{{command}}` with an OIDC token for {{registry}} at hand; build in another job.",
    },
  },
  create(context) {
    return onWorkflow(context, (workflow) => {
      for (const job of workflow.jobs) {
        const publish = trustedPublishIn(job);
        if (!publish) continue;
        for (const step of runningSteps(job)) {
          const command = buildInStep(step);
          if (!command) continue;
          context.report({
            node: step.keyNode,
            messageId: "buildInPublishJob",
            data: { place: atSentenceStart(step.place), command, registry: registryOf(publish)?.displayName ?? "the registry" },
          });
          break;
        }
      }
    });
  },
});
