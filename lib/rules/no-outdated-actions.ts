import { applyEdits, createRule } from "../rule-creator.js";
import { onWorkflow, type Step } from "../workflow/index.js";
import { moveUsesRef } from "../workflow/edits.js";
import { versionInComment, type CommentVersion } from "../workflow/uses.js";
import { actionKnowledge, runtimeStatus, type ActionKnowledge, type RefResolution, type RuntimeStatus } from "../data/actions.js";
import { planUpgrade, type RefStyle, type UpgradePlan, type UpgradeTarget } from "../data/upgrades.js";

type Options = [{ behind?: number }];

/**
 * `uses:` refs that no longer run, no longer get fixes or are shut down, judged by the action
 * knowledge base (lib/data/actions.json). A drop-in upgrade is an autofix; one that changes
 * behaviour is a suggestion that says what changes.
 */
export default createRule<
  "outdatedRuntime" | "archivedAction" | "sunsetRef" | "missingRef" | "behindLatest" | "upgradeBreaking" | "upgradeLatest" | "upgradeFromBranch",
  Options
>({
  name: "no-outdated-actions",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow action refs that no longer run or are sunset, missing or archived (any workflow, any registry)",
      recommended: true,
    },
    fixable: "code",
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        properties: {
          behind: {
            type: "integer",
            minimum: 1,
            description: "Also report refs more than this many majors behind the action's latest release.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{}],
    messages: {
      outdatedRuntime: "`{{uses}}`{{resolved}} runs on {{runtime}}, {{runtimeStatus}}. {{remedy}}",
      archivedAction: "`{{action}}` is archived and no longer maintained{{replacement}}.",
      sunsetRef: "`{{uses}}`{{resolved}} is sunset: {{reason}}{{alsoRuntime}} {{remedy}}",
      missingRef: "`{{uses}}` does not exist: `{{action}}` publishes no `{{ref}}` tag or branch, so the job fails before this step runs. {{remedy}}",
      behindLatest: "`{{uses}}`{{resolved}} is {{count}} majors behind {{latest}}, the latest release (the `behind` option allows {{allowed}}). {{remedy}}",
      upgradeBreaking: "Upgrade to `{{target}}`{{runtime}}, which changes behaviour: {{changes}}",
      upgradeLatest:
        "Upgrade to `{{target}}`{{runtime}}, the latest release: no breaking change is recorded, but the data knows no tag for it in the ref's form, so this names the exact release.",
      upgradeFromBranch:
        "Move to `{{target}}`{{runtime}}, the latest release. What `{{ref}}` runs is not a release the data knows, so review the changes recorded between majors: {{changes}}",
    },
  },
  create(context) {
    const behind = context.options[0]?.behind;
    return onWorkflow(context, (workflow, editor) => {
      // A step shared through an alias is one `uses:` in the file: report it once.
      const seen = new Set<object>();
      for (const job of workflow.jobs) {
        for (const step of job.steps) {
          if (!step.usesPair?.value || seen.has(step.usesPair.value)) continue;
          seen.add(step.usesPair.value);
          const finding = judge(step, behind);
          if (!finding) continue;
          const { uses, action, resolution, plan, commentVersion } = finding;
          const node = step.usesPair.value;
          const common = { uses: `${uses.name}@${uses.ref}`, action: uses.name, ref: uses.ref, resolved: describeResolution(resolution, uses.ref) };
          const fixEdits = plan.fix && !step.usesShared ? editsFor(step, editor, plan.fix, commentVersion) : undefined;
          const suggest = step.usesShared
            ? []
            : plan.suggestions.flatMap((target) => {
                const edits = editsFor(step, editor, target, commentVersion);
                const messageId: "upgradeBreaking" | "upgradeLatest" | "upgradeFromBranch" =
                  resolution.major === undefined ? "upgradeFromBranch" : target.changes.length > 0 ? "upgradeBreaking" : "upgradeLatest";
                return edits
                  ? [
                      {
                        messageId,
                        data: {
                          target: `${uses.name}@${targetLabel(target)}`,
                          ref: uses.ref,
                          runtime: target.runtime ? ` (${target.runtime})` : "",
                          changes: describeChanges(target),
                        },
                        fix: applyEdits(edits),
                      },
                    ]
                  : [];
              });
          const remedy = describeRemedy(plan, {
            unfixable: unfixableReason(step),
            fixable: fixEdits !== undefined,
            suggested: suggest.length > 0,
            name: uses.name,
            from: resolution.major,
          });
          const status = resolution.status;
          const report = (messageId: "missingRef" | "sunsetRef" | "outdatedRuntime" | "behindLatest", data: Record<string, string>) =>
            context.report({ node, messageId, data: { ...common, ...data }, fix: fixEdits ? applyEdits(fixEdits) : null, suggest });
          switch (status.kind) {
            case "archived":
              context.report({
                node,
                messageId: "archivedAction",
                data: { action: uses.name, replacement: status.replacement ? `; use \`${status.replacement}\` instead` : "" },
              });
              break;
            case "missing":
              report("missingRef", { remedy });
              break;
            case "sunset": {
              const runtime = resolution.runtime === undefined ? undefined : runtimeStatus(resolution.runtime);
              const alsoRuntime =
                runtime && runtime.status !== "current" ? ` It also runs on ${runtimeLabel(runtime)}, ${describeRuntime(runtime)}.` : "";
              report("sunsetRef", { reason: status.reason, alsoRuntime, remedy });
              break;
            }
            case "runtime":
              report("outdatedRuntime", { runtime: runtimeLabel(status.runtime), runtimeStatus: describeRuntime(status.runtime), remedy });
              break;
            default:
              report("behindLatest", {
                count: String(action.majorsAfter(resolution.major!)),
                latest: `\`${action.latest.version}\``,
                allowed: String(behind),
                remedy,
              });
          }
        }
      }
    });
  },
});

interface Finding {
  readonly uses: Extract<NonNullable<Step["uses"]>, { kind: "action" }>;
  readonly action: ActionKnowledge;
  readonly resolution: RefResolution;
  readonly plan: UpgradePlan;
  readonly commentVersion: CommentVersion | undefined;
}

/** What is wrong with a step's action ref, if anything, and where it can move. */
function judge(step: Step, behind: number | undefined): Finding | undefined {
  const uses = step.uses;
  if (uses?.kind !== "action") return undefined;
  const action = actionKnowledge(uses.action);
  if (!action) return undefined;
  const comment = uses.refKind === "sha" ? step.usesComment : undefined;
  const commentVersion = comment ? versionInComment(comment.value, uses.repository) : undefined;
  const resolution = action.resolveRef(uses.ref, { commentVersion: commentVersion?.text });
  const kind = resolution.status.kind;
  if (kind === "unknown") return undefined;
  const problem = kind !== "ok";
  if (!problem && (behind === undefined || resolution.major === undefined || action.majorsAfter(resolution.major) <= behind)) return undefined;
  const plan = planUpgrade(action, resolution, styleOf(uses, commentVersion));
  return { uses, action, resolution, plan, commentVersion };
}

function styleOf(uses: Extract<NonNullable<Step["uses"]>, { kind: "action" }>, comment: CommentVersion | undefined): RefStyle {
  if (uses.refKind === "sha") {
    return {
      kind: "sha",
      comment: comment && { precision: precisionOf(comment.version), v: comment.version.prefix === "v" },
    };
  }
  if (uses.version) return { kind: "version", precision: precisionOf(uses.version), v: uses.version.prefix === "v" };
  return { kind: "branch" };
}

function precisionOf(version: { minor: number | undefined; patch: number | undefined }): number {
  return version.patch !== undefined ? 3 : version.minor !== undefined ? 2 : 1;
}

/**
 * A version comment on the line that is not the pin's own (after other values of a flow
 * collection) may describe the pin: moving the SHA would leave it stale.
 */
function hasForeignVersionComment(step: Step): boolean {
  const uses = step.uses;
  const lineComment = step.usesLineComment;
  return (
    uses?.kind === "action" &&
    uses.refKind === "sha" &&
    lineComment !== undefined &&
    lineComment !== step.usesComment &&
    versionInComment(lineComment.value, uses.repository) !== undefined
  );
}

/** Why a fix that exists in the data cannot be applied to this step's text. */
function unfixableReason(step: Step): string {
  if (step.usesShared) return "the value is shared through a YAML anchor; change it where the anchor is defined";
  if (hasForeignVersionComment(step)) return "the version comment on its line would go stale; update both by hand";
  return "the value is not a one-line scalar written literally (escapes, block or folded style)";
}

function editsFor(step: Step, editor: Parameters<typeof moveUsesRef>[1], target: UpgradeTarget, comment: CommentVersion | undefined) {
  if (hasForeignVersionComment(step)) return undefined;
  const commentEdit =
    target.commentVersion !== undefined && comment ? { start: comment.start, end: comment.end, text: target.commentVersion } : undefined;
  return moveUsesRef(step, editor, target.ref, commentEdit);
}

/** ` (v2.8.0)` when the ref runs a more precise release than it names; how a SHA pin was placed. */
function describeResolution(resolution: RefResolution, ref: string): string {
  if (resolution.version === undefined || resolution.version === ref) return "";
  switch (resolution.via) {
    case "comment":
      return ` (\`${resolution.version}\` by its comment; the data does not know this commit)`;
    case "branch":
      return ` (at \`${resolution.version}\`)`;
    default:
      return ` (\`${resolution.version}\`)`;
  }
}

function runtimeLabel(runtime: RuntimeStatus): string {
  return runtime.runtime === "plugin" ? "a runner plugin" : runtime.runtime;
}

function describeRuntime(runtime: RuntimeStatus): string {
  if (runtime.runtime === "plugin") return "the 2019 model that GitHub replaced with JavaScript actions and no longer maintains";
  const since = runtime.since ? ` on ${runtime.since}` : "";
  return runtime.status === "removed"
    ? `which GitHub removed from its runners${since}`
    : `which GitHub deprecated${since}`;
}

function targetLabel(target: UpgradeTarget): string {
  return /^[0-9a-f]{40}$/iu.test(target.ref) ? `${target.ref} # ${target.commentVersion ?? target.version}` : target.ref;
}

function describeChanges(target: UpgradeTarget): string {
  return target.changes.length > 0 ? target.changes.map((change) => `${change.major}: ${change.text}`).join(" ") : "none recorded.";
}

function describeRemedy(
  plan: UpgradePlan,
  { unfixable, fixable, suggested, name, from }: { unfixable: string; fixable: boolean; suggested: boolean; name: string; from: string | undefined },
): string {
  const latest = plan.suggestions[0];
  if (plan.fix) {
    const where = `\`${name}@${targetLabel(plan.fix)}\`${plan.fix.runtime ? ` (${plan.fix.runtime})` : ""}`;
    if (!fixable) return `Move it to ${where} (not fixed automatically: ${unfixable}).`;
    const also = !latest || !suggested
      ? ""
      : latest.changes.length > 0
        ? `; the latest, \`${name}@${targetLabel(latest)}\`, changes behaviour (see the suggestion)`
        : `; the latest, \`${name}@${targetLabel(latest)}\`, has no tag in this ref's form (see the suggestion)`;
    const kind = plan.fix.major === from ? `the newest \`${from}\` release` : "a drop-in upgrade";
    return `The fix moves it to ${where}, ${kind}${also}.`;
  }
  switch (plan.noFix) {
    case "no-sha":
      return "No automatic fix: the data has no commit SHA for the release to move to; pin it by hand.";
    case "breaking":
      if (from === undefined && latest) {
        return `Move it to \`${name}@${targetLabel(latest)}\`, the latest release${suggested ? " (see the suggestion)" : ""}; no automatic fix, since what the branch runs is not a release the data knows.`;
      }
      return latest
        ? `Upgrading to \`${name}@${targetLabel(latest)}\` changes behaviour, so there is no automatic fix${suggested ? " (see the suggestions)" : ""}.`
        : "Every newer release changes behaviour, so there is no automatic fix.";
    default:
      return "The data knows no newer release that fixes this.";
  }
}
