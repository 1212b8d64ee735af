import { atSentenceStart, createRule, fixer } from "../rule-creator.js";
import { onWorkflow } from "../ci/github/index.js";
import { cacheUseOf, turnCacheOff, type CacheUse } from "../data/caches.js";
import { publishesBeyondGithubPackagesIn } from "../publishing/policy.js";

/**
 * A job that publishes must not restore a dependency cache: any run of the repository, a pull
 * request's included, can save the cache entry it restores, and what runs from it runs with the
 * publish credentials (an OIDC token included) at hand.
 *
 * Turning a cache off is a suggestion, not a fix: it changes what the job installs from (a cold
 * download instead of the restored entry) and how long it takes, which is the user's call.
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
    },
  },
  create(context) {
    return onWorkflow(context, (workflow, editor) => {
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
    });
  },
});

/** What the suggestion changes, in the step's own inputs. */
function describeChange(use: CacheUse): string {
  if (use.kind === "action") return "";
  if (use.kind === "default") return `set \`${use.off}: false\``;
  if (use.remove.length === 0) return `set \`${use.setOff}: false\``;
  const removed = use.remove.filter((name) => use.step.inputs.has(name)).map((name) => `\`${name}\``);
  const removal = `remove ${removed.join(" and ")}`;
  return use.setOff ? `${removal}, set \`${use.setOff}: false\`` : removal;
}

