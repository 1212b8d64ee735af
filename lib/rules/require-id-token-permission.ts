import { applyEdit, createRule } from "../rule-creator.js";
import { onWorkflow, type Job } from "../workflow/index.js";
import { grantIdToken } from "../workflow/edits.js";
import { trustedPublishingNeedIn } from "../publishing/policy.js";

/**
 * A job that publishes by trusted publishing must be able to mint an OIDC token: its effective
 * permissions need `id-token: write`, or the token exchange fails.
 */
export default createRule({
  name: "require-id-token-permission",
  meta: {
    type: "problem",
    docs: {
      description: "Require `id-token: write` on jobs that publish with trusted publishing (PyPI, npm, crates.io, RubyGems, NuGet, pub.dev, JSR)",
      recommended: true,
    },
    fixable: "code",
    hasSuggestions: true,
    schema: [],
    messages: {
      missingIdToken: "Job '{{job}}' publishes to {{index}} by trusted publishing without `id-token: write` ({{reason}}).",
      missingIdTokenForWorkflow: "Job '{{job}}' calls a trusted-publishing workflow without `id-token: write` ({{reason}}).",
      replaceWithScopes:
        "Give the job `contents: read` and `id-token: write` instead of `read-all` (add any other read scope the job needs).",
    },
  },
  create(context) {
    return onWorkflow(context, (workflow, editor) => {
      for (const job of workflow.jobs) {
        const need = trustedPublishingNeedIn(job);
        if (!need || job.effectivePermissions.canRequestIdToken !== false) continue;
        const change = grantIdToken(job, editor);
        context.report({
          node: job.permissions?.pair.key ?? job.keyNode,
          messageId: need.kind === "workflow" ? "missingIdTokenForWorkflow" : "missingIdToken",
          data: { job: job.id, index: need.index, reason: missingReason(job) },
          fix: change.kind === "fix" ? applyEdit(change.edit) : null,
          suggest: change.kind === "suggestion" ? [{ messageId: "replaceWithScopes", fix: applyEdit(change.edit) }] : null,
        });
      }
    });
  },
});

/** Why the job has no `id-token: write`, in GitHub's terms. */
function missingReason(job: Job): string {
  const effective = job.effectivePermissions;
  const spec = effective.block?.spec;
  const idToken = spec?.kind === "scopes" ? spec.scopes.get("id-token") : undefined;
  switch (effective.source) {
    case "repository-default":
      return "no `permissions` set";
    case "workflow":
      if (spec?.kind === "all") return "the workflow's `read-all`";
      return idToken
        ? `the workflow sets \`id-token: ${idToken}\``
        : "the workflow's `permissions` omit it";
    case "job": {
      if (spec?.kind === "all") return "its `read-all`";
      if (idToken) return `it sets \`id-token: ${idToken}\``;
      const workflowGrants =
        job.workflow.permissions && job.workflow.permissions.spec.kind === "scopes"
          ? job.workflow.permissions.spec.scopes.get("id-token") === "write"
          : job.workflow.permissions?.spec.kind === "all" && job.workflow.permissions.spec.level === "write";
      return workflowGrants
        ? "its `permissions` replace the workflow's grant"
        : "its `permissions` omit it";
    }
  }
}
