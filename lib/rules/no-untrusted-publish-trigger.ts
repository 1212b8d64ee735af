import { createRule } from "../rule-creator.js";
import { onWorkflow, type Job } from "../ci/github/index.js";
import { untrustedTriggers } from "../ci/github/triggers.js";
import { registryOf } from "../publishing/hardening.js";
import { publishesReachedBy } from "../publishing/policy.js";

/**
 * A job that publishes must not run on an event that gives the base repository's rights to
 * input an outsider controls (`pull_request_target`, `workflow_run`, `issue_comment`, …): the
 * credentials, OIDC token included, are one checkout away from someone else's code.
 */
export default createRule({
  name: "no-untrusted-publish-trigger",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow publishing from workflows triggered by events that outsiders control (PyPI, npm, crates.io, RubyGems, NuGet, pub.dev, JSR)",
      recommended: true,
    },
    schema: [],
    messages: {
      untrustedTrigger: "Job '{{job}}' publishes in a workflow triggered by `{{event}}`, which runs with this repository's rights on outsiders' input.",
      refusedTrigger: "Job '{{job}}' publishes in a workflow triggered by `{{event}}`, which {{registry}} refuses for trusted publishing.",
    },
  },
  create(context) {
    return onWorkflow(context, (workflow) => {
      const events = untrustedTriggers(workflow.triggers);
      if (events.length === 0) return;
      const byId = new Map(workflow.jobs.map((job) => [job.id, job]));
      for (const job of workflow.jobs) {
        const publishes = publishesReachedBy(job).filter((publish) => !decidedByEvent(publish.step.condition));
        if (publishes.length === 0 || gatedByEvent(byId, job)) continue;
        // Name the event a registry refuses, when there is one: that run fails for sure.
        let refused: { event: string; registry: string } | undefined;
        for (const publish of publishes) {
          const registry = publish.authentication === "trusted-publishing" ? registryOf(publish) : undefined;
          const event = registry && events.find((candidate) => registry.refusedTriggers.has(candidate));
          if (registry && event) {
            refused = { event, registry: registry.displayName };
            break;
          }
        }
        context.report({
          node: job.keyNode,
          messageId: refused ? "refusedTrigger" : "untrustedTrigger",
          data: { job: job.id, event: refused?.event ?? events[0]!, registry: refused?.registry ?? "" },
        });
      }
    });
  },
});

/**
 * A condition that reads which event or ref started the run (`github.event_name == 'push'`,
 * `startsWith(github.ref, 'refs/tags/')`) may keep the job from ever running on the untrusted
 * event; that is decided at run time, so the rule stays quiet.
 */
function decidedByEvent(condition: string | undefined): boolean {
  return condition !== undefined && /\bgithub\.(?:event_name|ref|ref_name|ref_type)\b|\bGITHUB_(?:EVENT_NAME|REF)\b/u.test(condition);
}

/** Whether the job, or a job it waits for (which skips it when skipped), is gated on the event or ref. */
function gatedByEvent(byId: ReadonlyMap<string, Job>, job: Job): boolean {
  const seen = new Set<string>();
  const pending = [job];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (seen.has(current.id)) continue;
    seen.add(current.id);
    if (decidedByEvent(current.condition)) return true;
    for (const id of current.needs) {
      const needed = byId.get(id);
      if (needed) pending.push(needed);
    }
  }
  return false;
}
