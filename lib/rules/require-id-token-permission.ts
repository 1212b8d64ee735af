import { createRule, fixer } from "../rule-creator.js";
import type { Job } from "../ci/github/index.js";
import { onCiFile } from "../ci/index.js";
import { grantIdToken } from "../ci/github/edits.js";
import { addIdToken } from "../ci/gitlab/edits.js";
import { callersOf } from "../ci/github/references.js";
import { trustedPublishingNeedIn } from "../publishing/policy.js";
import { missingNamedTokensIn } from "../publishing/named-id-tokens.js";

/**
 * A job that publishes by trusted publishing, or with an option that signs with the job's OIDC
 * token (npm's `--provenance`), must be able to mint that token: its effective permissions need
 * `id-token: write`, or the exchange (or the signing) fails.
 *
 * The fix adds the scope and keeps every permission the job had. Where the job has no
 * `permissions` anywhere, a block must be written, and it replaces the repository's default
 * permissions, which the file does not show: that is a suggestion (`contents: read` and
 * `id-token: write`), for the user to add what else the job needs.
 *
 * Where jobs name their OIDC tokens (GitLab CI/CD's `id_tokens:`), the upload's client reads its
 * token by name (`PYPI_ID_TOKEN` with `aud: pypi`): the fix adds that entry. A job with no
 * credential in sight may still get a token from a CI/CD variable of the project's settings, which
 * the file cannot show, so the rule reports only where the job shows it means trusted publishing
 * (lib/publishing/named-id-tokens.ts: a client pinned to a version that does it, `--trusted-publishing
 * always`, `SIGSTORE_ID_TOKEN`, the same token in another job of the pipeline).
 *
 * Across files: a job that calls a local reusable workflow whose jobs need the token is reported
 * at the call (GitHub refuses to start the run); steps of a local composite action are the
 * calling job's. A called workflow's job without `permissions` anywhere inherits its caller's:
 * where it has local callers, they are judged (a caller that does not grant the token is reported
 * at the call); with none (another repository calls it) it is judged as before.
 */
export default createRule({
  name: "require-id-token-permission",
  meta: {
    type: "problem",
    docs: {
      description: "Require `id-token: write` on jobs that publish with trusted publishing or provenance (PyPI, npm, crates.io, RubyGems, NuGet, pub.dev, JSR)",
      recommended: true,
    },
    fixable: "code",
    hasSuggestions: true,
    schema: [],
    messages: {
      missingIdToken: "Job '{{job}}' publishes to {{index}} by trusted publishing without `id-token: write` ({{reason}}).",
      missingIdTokenForWorkflow: "Job '{{job}}' calls a trusted-publishing workflow without `id-token: write` ({{reason}}).",
      missingIdTokenForCallee: "Job '{{job}}' calls `{{workflow}}`, whose job '{{callee}}' needs `id-token: write`, without granting it ({{reason}}).",
      missingIdTokenForOption: "Job '{{job}}' publishes to {{index}} with {{option}}, which needs `id-token: write` ({{reason}}).",
      missingNamedToken: "Job '{{job}}' publishes to {{index}} by trusted publishing without the `id_tokens:` entry `{{variable}}` ({{intent}}).",
      replaceWithScopes:
        "Give the job `contents: read` and `id-token: write` instead of `read-all` (add any other read scope the job needs).",
      addPermissions: "Give the job `contents: read` and `id-token: write` (this replaces the repository's default permissions: add any other scope the job needs).",
    },
  },
  create(context) {
    return onCiFile(context, {
      pipeline(pipeline, editor) {
        for (const job of pipeline.jobs) {
          if (!job.inLintedFile) continue;
          for (const missing of missingNamedTokensIn(job, pipeline)) {
            const changes = addIdToken(job, missing.token.variable, missing.token.audience);
            context.report({
              node: job.keyNode,
              messageId: "missingNamedToken",
              data: { job: job.id, index: missing.publish.index!.name, variable: missing.token.variable, intent: missing.intent },
              fix: changes ? fixer(editor.apply(changes)) : null,
            });
          }
        }
      },
      workflow(workflow, editor) {
      for (const job of workflow.jobs) {
        const need = trustedPublishingNeedIn(job);
        if (!need || job.effectivePermissions.canRequestIdToken !== false || answeredAtCallers(job)) continue;
        const grant = grantIdToken(job);
        const edits = grant.kind === "none" ? undefined : editor.apply(grant.changes);
        const reason = missingReason(job);
        const node = job.permissions?.pair.key ?? job.keyNode;
        const fix = grant.kind === "fix" ? fixer(edits) : null;
        const offered = grant.kind === "suggestion" ? fixer(edits) : null;
        const suggest = offered
          ? [{ messageId: job.permissions || job.workflow.permissions ? ("replaceWithScopes" as const) : ("addPermissions" as const), fix: offered }]
          : null;
        // The job's permissions are at fault: the message names the job.
        if (need.kind === "workflow") {
          context.report({ node, messageId: "missingIdTokenForWorkflow", data: { job: job.id, reason }, fix, suggest });
        } else if (need.kind === "callee") {
          context.report({ node, messageId: "missingIdTokenForCallee", data: { job: job.id, reason, workflow: need.workflow, callee: need.job }, fix, suggest });
        } else if (need.kind === "option") {
          context.report({ node, messageId: "missingIdTokenForOption", data: { job: job.id, reason, index: need.index, option: need.option }, fix, suggest });
        } else {
          context.report({ node, messageId: "missingIdToken", data: { job: job.id, reason, index: need.index }, fix, suggest });
        }
      }
      },
    });
  },
});

/**
 * Whether a job of a called workflow (`on: workflow_call`) without `permissions` of its own or
 * its workflow's is answered at its local callers: it inherits the caller's permissions, so a
 * caller that grants the token is enough, and one that does not is reported at the call, where
 * the fix belongs (a grant written in the called workflow cannot exceed the caller's: GitHub
 * refuses to start the run). `false` when it has no local caller (another repository calls it:
 * judged as before).
 */
function answeredAtCallers(job: Job): boolean {
  if (job.effectivePermissions.source !== "repository-default" || !job.workflow.triggers.has("workflow_call")) return false;
  const callers = callersOf(job.workflow);
  return callers !== undefined && callers.length > 0;
}

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
