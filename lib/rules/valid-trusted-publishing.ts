import { atSentenceStart, createRule, fixer } from "../rule-creator.js";
import { onWorkflow } from "../ci/github/index.js";
import { changesOf } from "../ci/github/edits.js";
import { calledWorkflowProblems, publishesIn, trustedPublishingProblems } from "../publishing/policy.js";

/**
 * A job that relies on trusted publishing must be able to do it: a tool that can exchange the
 * OIDC token, in a version that does, on a runner and from a trigger the registry accepts, with
 * the exchanged token read from where it is. What "able" means is each registry's data (its
 * requirements and checks); this rule reports what they find.
 */
export default createRule({
  name: "valid-trusted-publishing",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow trusted publishing that cannot work (PyPI, npm, crates.io, RubyGems, NuGet, pub.dev, JSR)",
      recommended: true,
    },
    fixable: "code",
    hasSuggestions: true,
    schema: [],
    messages: {
      cannotWork: "{{place}} relies on trusted publishing, but {{problem}}.",
      jobCannotWork: "Job '{{job}}' relies on trusted publishing, but {{problem}}.",
      remedy: "{{remedy}}",
    },
  },
  create(context) {
    return onWorkflow(context, (workflow, editor) => {
      for (const job of workflow.jobs) {
        const seen = new Set<string>();
        for (const publish of publishesIn(job)) {
          for (const problem of trustedPublishingProblems(publish)) {
            // One report per problem and job: two publishes on one old npm are one problem.
            const key = `${problem.id}\u0000${problem.problem}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const fix = problem.change && fixer(editor.apply(changesOf(problem.change)));
            context.report({
              node: (problem.at ?? publish.step).keyNode,
              messageId: "cannotWork",
              data: { place: atSentenceStart(publish.step.place), problem: problem.problem },
              fix: fix && problem.certain ? fix : null,
              suggest: fix && !problem.certain && problem.remedy ? [{ messageId: "remedy", data: { remedy: problem.remedy }, fix }] : null,
            });
          }
        }
        // A job that calls a reusable publishing workflow has no steps of its own to blame.
        for (const problem of calledWorkflowProblems(job)) {
          context.report({ node: job.keyNode, messageId: "jobCannotWork", data: { job: job.id, problem: problem.problem } });
        }
      }
    });
  },
});
