import { atSentenceStart, createRule, fixer } from "../rule-creator.js";
import { onCiFile } from "../ci/index.js";
import { inLintedFile, removeCache } from "../ci/gitlab/edits.js";
import { cacheUseOf, turnCacheOff, type CacheUse } from "../data/caches.js";
import { publishesBeyondGithubPackagesIn, publishesIn } from "../publishing/policy.js";

/**
 * A job that publishes must not restore a dependency cache: any run of the repository, a pull
 * request's included, can save the cache entry it restores, and what runs from it runs with the
 * publish credentials (an OIDC token included) at hand.
 *
 * Turning a cache off is a suggestion, not a fix: it changes what the job installs from (a cold
 * download instead of the restored entry) and how long it takes, which is the user's call.
 *
 * On GitLab CI/CD a job's `cache:` (its own, or `default:`'s) is the same risk: any pipeline of
 * the project that uses the cache key can write it. The suggestion removes the job's `cache:`, or
 * overrides `default:`'s with `cache: []`.
 */
export default createRule({
  name: "no-cache-in-publish-job",
  meta: {
    type: "suggestion",
    docs: {
      description: "Disallow restoring dependency caches in jobs that publish (PyPI, npm, crates.io, RubyGems, NuGet, pub.dev, JSR)",
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      cacheAction: "{{place}} restores a cache in a job that publishes, and any workflow run can poison it.",
      cacheInput: "{{place}} restores a cache (`{{input}}`) in a job that publishes, and any workflow run can poison it.",
      cacheByDefault: "{{place}} restores {{note}} in a job that publishes, and any workflow run can poison it.",
      turnOff: "Turn the cache off: {{change}}",
      jobCache: "Job '{{job}}' restores a cache (`cache:`{{from}}) in a job that publishes, and any pipeline can poison it.",
      removeCache: "Turn the cache off: {{change}}",
    },
  },
  create(context) {
    return onCiFile(context, {
      pipeline(pipeline, editor) {
        for (const job of pipeline.jobs) {
          const entry = job.entry("cache");
          if (!job.inLintedFile || !entry || isEmptyCache(entry.value)) continue;
          // Uploads to a public index (GitLab's own registry with CI_JOB_TOKEN holds no registry credential).
          if (!publishesIn(job).some((publish) => publish.index !== undefined)) continue;
          const changes = removeCache(job);
          const fix = changes ? fixer(editor.apply(changes)) : null;
          const fromDefault = job.fromDefault.has("cache");
          context.report({
            node: !fromDefault && inLintedFile(pipeline, entry.pair.key ?? undefined) ? entry.pair.key! : job.keyNode,
            messageId: "jobCache",
            data: { job: job.id, from: fromDefault ? " from `default:`" : "" },
            suggest: fix ? [{ messageId: "removeCache", data: { change: fromDefault ? "set `cache: []`" : "remove `cache:`" }, fix }] : null,
          });
        }
      },
      workflow(workflow, editor) {
      for (const job of workflow.jobs) {
        // A job that only publishes to GitHub Packages holds no credential beyond its own GITHUB_TOKEN.
        if (publishesBeyondGithubPackagesIn(job).length === 0) continue;
        for (const step of job.steps) {
          const use = cacheUseOf(step);
          if (!use) continue;
          const fix = fixer(editor.apply(turnCacheOff(use)));
          const suggest = fix ? [{ messageId: "turnOff" as const, data: { change: describeChange(use) }, fix }] : null;
          const place = atSentenceStart(step.place);
          switch (use.kind) {
            case "action":
              context.report({ node: step.usesPair ?? step.node, messageId: "cacheAction", data: { place } });
              break;
            case "input":
              context.report({ node: use.input.pair, messageId: "cacheInput", data: { place, input: use.input.name }, suggest });
              break;
            case "default":
              context.report({ node: step.usesPair ?? step.node, messageId: "cacheByDefault", data: { place, note: use.note }, suggest });
              break;
          }
        }
      }
      },
    });
  },
});

/** `cache: []` or `cache:` with no value: no cache. */
function isEmptyCache(value: { readonly kind: string; readonly items?: readonly unknown[]; readonly value?: unknown }): boolean {
  return (value.kind === "seq" && value.items!.length === 0) || (value.kind === "scalar" && value.value === null);
}

/** What the suggestion changes, in the step's own inputs. */
function describeChange(use: CacheUse): string {
  if (use.kind === "action") return "";
  if (use.kind === "default") return `set \`${use.off}: false\``;
  if (use.remove.length === 0) return `set \`${use.setOff}: false\``;
  const removed = use.remove.filter((name) => use.step.inputs.has(name)).map((name) => `\`${name}\``);
  const removal = `remove ${removed.join(" and ")}`;
  return use.setOff ? `${removal}, set \`${use.setOff}: false\`` : removal;
}

