import { atSentenceStart, createRule, fixer } from "../rule-creator.js";
import { onCiFile } from "../ci/index.js";
import { changesOf } from "../ci/github/edits.js";
import { inLintedFile, renameIdToken, setAudience } from "../ci/gitlab/edits.js";
import type { GitLabJob, GitLabPipeline } from "../ci/gitlab/index.js";
import type { YamlEditor } from "../yaml/edit.js";
import type { YAMLRuleContext } from "../rule-creator.js";
import { calledWorkflowProblems, publishesIn, trustedPublishingProblems } from "../publishing/policy.js";
import { namedTokenProblemsIn, removedSharedTokenIn } from "../publishing/named-id-tokens.js";

/**
 * A job that relies on trusted publishing must be able to do it: a tool that can exchange the
 * OIDC token, in a version that does, on a runner and from a trigger the registry accepts, with
 * the exchanged token read from where it is. What "able" means is each registry's data (its
 * requirements and checks); this rule reports what they find.
 *
 * Where jobs name their OIDC tokens (GitLab CI/CD's `id_tokens:`), the names and audiences are
 * the configuration (lib/publishing/named-id-tokens.ts): a name the client does not read for that
 * audience (TestPyPI's token under `PYPI_ID_TOKEN`), an audience the registry rejects, a list
 * where one string is needed, a password beside the token that the client uses instead, one
 * token for several uploads, an npm too old in the job's image, and the removed `CI_JOB_JWT*`.
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
      removedToken: "Job '{{job}}' reads `{{name}}`, which GitLab removed in 17.0; declare an `id_tokens:` entry instead.",
    },
  },
  create(context) {
    return onCiFile(context, {
      pipeline: (pipeline, editor) => checkPipeline(context, pipeline, editor),
      workflow(workflow, editor) {
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
      },
    });
  },
});

type Context = YAMLRuleContext<"cannotWork" | "jobCannotWork" | "remedy" | "removedToken", []>;

/** The named-token problems of each job written in the linted file, where they are written. */
function checkPipeline(context: Context, pipeline: GitLabPipeline, editor: YamlEditor): void {
  for (const job of pipeline.jobs) {
    if (!job.inLintedFile) continue;
    for (const problem of namedTokenProblemsIn(job, job.idTokens)) {
      const token = problem.token && job.idTokens.find((candidate) => candidate.name === problem.token!.name);
      const changes =
        token && problem.change
          ? problem.change.kind === "rename"
            ? renameIdToken(pipeline, token, problem.change.name)
            : setAudience(pipeline, token, problem.change.audience)
          : undefined;
      const fix = changes ? fixer(editor.apply(changes)) : null;
      context.report({
        node: reportNode(job, token?.entry.pair.key ?? problem.step?.keyNode),
        messageId: "jobCannotWork",
        data: { job: job.id, problem: problem.problem },
        fix: fix && problem.certain ? fix : null,
        suggest: fix && !problem.certain && problem.remedy ? [{ messageId: "remedy", data: { remedy: problem.remedy }, fix }] : null,
      });
    }
    const removed = removedSharedTokenIn(job);
    if (removed) context.report({ node: reportNode(job, removed.node), messageId: "removedToken", data: { job: job.id, name: removed.name } });
  }
}

/** A node written in the linted file: `node` where it is, else the job's key. */
function reportNode(job: GitLabJob, node: Parameters<typeof inLintedFile>[1]) {
  return node && inLintedFile(job.workflow, node) ? node : job.keyNode;
}
