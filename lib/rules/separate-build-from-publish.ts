import type { AST } from "yaml-eslint-parser";
import { atSentenceStart, createRule } from "../rule-creator.js";
import { onCiFile } from "../ci/index.js";
import type { CiFile, CiJob } from "../ci/shape.js";
import { namedTrustedPublishIn } from "../publishing/named-id-tokens.js";
import { inLintedFile } from "../ci/gitlab/edits.js";
import { runningSteps } from "../ci/github/references.js";
import { buildInStep } from "../data/build-commands.js";
import { registryOf } from "../publishing/hardening.js";
import { trustedPublishIn, type Publish } from "../publishing/policy.js";

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
    const check = (workflow: CiFile, reportable: (node: AST.YAMLNode) => boolean, publishOf: (job: CiJob) => Publish | undefined) => {
      for (const job of workflow.jobs) {
        if (!reportable(job.keyNode)) continue;
        const publish = publishOf(job);
        if (!publish) continue;
        for (const step of runningSteps(job)) {
          const command = buildInStep(step);
          if (!command) continue;
          context.report({
            node: reportable(step.keyNode) ? step.keyNode : job.keyNode,
            messageId: "buildInPublishJob",
            data: { place: atSentenceStart(step.place), command, registry: registryOf(publish)?.displayName ?? "the registry" },
          });
          break;
        }
      }
    };
    return onCiFile(context, {
      workflow: (workflow) => check(workflow, () => true, trustedPublishIn),
      // GitLab: a job's script may be written in another file (a template): report at the job.
      pipeline: (pipeline) => check(pipeline, (node) => inLintedFile(pipeline, node), namedTrustedPublishIn),
    });
  },
});
