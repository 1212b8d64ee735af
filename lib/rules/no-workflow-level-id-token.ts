import { createRule, fixer } from "../rule-creator.js";
import type { Job } from "../ci/github/index.js";
import { onCiFile } from "../ci/index.js";
import { inLintedFile, moveDefaultIdToken } from "../ci/gitlab/edits.js";
import { indexOfNamedToken, jobsReadingNamedToken } from "../publishing/named-id-tokens.js";
import { moveIdTokenGrant } from "../ci/github/edits.js";
import { asScalar } from "../yaml/nodes.js";
import { idTokenUseForPublishing } from "../publishing/hardening.js";
import { oidcUseOfJob, type OidcUse } from "../data/oidc-consumers.js";

/**
 * `id-token: write` (or `write-all`) at workflow level lets every job without its own
 * `permissions` mint an OIDC token, so any step of any job can trade it for a registry or cloud
 * credential. The registries advise granting it to the publish job only.
 */
export default createRule({
  name: "no-workflow-level-id-token",
  meta: {
    type: "suggestion",
    docs: {
      description: "Disallow `id-token: write` at workflow level; grant it to the jobs that need it (any workflow, any registry)",
      recommended: true,
    },
    fixable: "code",
    hasSuggestions: true,
    schema: [],
    messages: {
      workflowLevelIdToken: "Workflow-level {{grant}} gives job '{{job}}'{{more}} an OIDC token it does not need; grant it per job.",
      moveGrant: "Grant `id-token: write` only to {{jobs}}, keeping their other permissions (check {{unsure}})",
      defaultIdToken: "`default:` gives every job the {{index}} token `{{name}}`; declare it in the publishing job's `id_tokens:` only.",
      moveDefaultIdToken: "Declare `{{name}}` in the `id_tokens:` of {{jobs}} only, the jobs that read it",
      removeDefaultIdToken: "Remove `{{name}}` from `default:`; no job reads it",
    },
  },
  create(context) {
    return onCiFile(context, {
      pipeline(pipeline, editor) {
        // `default: id_tokens:` with a registry's token gives it to every job; other audiences
        // (a vault's, sigstore's) are not a registry grant.
        for (const token of pipeline.defaultIdTokens) {
          const index = indexOfNamedToken(token);
          const node = token.entry.pair.key;
          if (index === undefined || !node || !inLintedFile(pipeline, node)) continue;
          // The suggestion moves it to the jobs that read it, when every job GitLab runs is read.
          const receivers = pipeline.jobs.filter((job) => job.fromDefault.has("id_tokens"));
          const readers = jobsReadingNamedToken(receivers, token.name);
          const changes = pipeline.unknownIncludes ? undefined : moveDefaultIdToken(pipeline, token, readers);
          const fix = changes ? fixer(editor.apply(changes)) : null;
          const jobs = readers.map((job) => `job '${job.id}'`).join(", ");
          context.report({
            node,
            messageId: "defaultIdToken",
            data: { index, name: token.name },
            suggest: fix ? [readers.length > 0 ? { messageId: "moveDefaultIdToken", data: { name: token.name, jobs }, fix } : { messageId: "removeDefaultIdToken", data: { name: token.name }, fix }] : null,
          });
        }
      },
      workflow(workflow, editor) {
      const block = workflow.permissions;
      const spec = block?.spec;
      if (!block || !spec) return;
      const writeAll = spec.kind === "all" && spec.level === "write";
      if (!writeAll && !(spec.kind === "scopes" && spec.scopes.get("id-token") === "write")) return;
      const inheriting = workflow.jobs.filter((job) => job.permissions === undefined);
      const uses = new Map(inheriting.map((job) => [job, oidcUse(job)]));
      const unneeded = inheriting.filter((job) => uses.get(job) === "none");
      if (unneeded.length === 0) return;
      const idTokenPair = block.mapping?.pairs.find((pair) => asScalar(pair.key)?.value === "id-token");
      const keep = inheriting.filter((job) => uses.get(job) !== "none");
      const unsure = keep.filter((job) => uses.get(job) === "may");
      const data = {
        grant: writeAll ? "`write-all`" : "`id-token: write`",
        job: unneeded[0]!.id,
        more: unneeded.length > 1 ? ` and ${unneeded.length - 1} more` : "",
      };
      const fix = writeAll ? null : fixer(editor.apply(moveIdTokenGrant(workflow, keep)));
      context.report({
        node: idTokenPair ?? block.pair.key ?? block.pair,
        messageId: "workflowLevelIdToken",
        data,
        fix: unsure.length === 0 ? fix : null,
        suggest:
          unsure.length > 0 && fix
            ? [{ messageId: "moveGrant", data: { jobs: names(keep), unsure: names(unsure) }, fix }]
            : null,
      });
      },
    });
  },
});

function oidcUse(job: Job): OidcUse {
  const publishing = idTokenUseForPublishing(job);
  if (publishing === "needs") return "needs";
  const other = oidcUseOfJob(job);
  if (other === "needs") return "needs";
  return publishing === "may" || other === "may" ? "may" : "none";
}

function names(jobs: readonly Job[]): string {
  const quoted = jobs.slice(0, 3).map((job) => `'${job.id}'`);
  return `job${jobs.length > 1 ? "s" : ""} ${quoted.join(", ")}${jobs.length > 3 ? ", …" : ""}`;
}

