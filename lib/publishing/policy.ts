/**
 * Questions the rules ask about a job's publishing, answered in one place and for every registry.
 * Rules call these rather than reading `Publish` fields, so a policy reads the same whichever
 * registry the job publishes to.
 */
import type { CiJob as Job, CiStep as Step } from "../ci/shape.js";
import { publishesOf, type Publish } from "./recognise.js";
import { describeCredential } from "./trusted-publishers.js";
import { exchangerOf, reusablePublishWorkflow, type RegisteredReusableWorkflow, type Registry, type TrustedPublishingProblem } from "../registries/index.js";
import { actionKnowledge, compareVersions, parseVersionName } from "../data/actions.js";
import { versionInComment } from "../ci/github/uses.js";
import { calledWorkflowOf, MAX_DEPTH, runningSteps } from "../ci/github/references.js";
import { FileMemo } from "../data/file-memo.js";

export { publishesOf, type Publish } from "./recognise.js";

/** Whether a publish goes to an index that accepts trusted publishing (not a private index). */
export function toTrustedPublishingIndex(publish: Publish): boolean {
  return publish.index?.trustedPublishing === true;
}

/** How a message names the index a publish goes to: its name; "a package index" when it is not one we know. */
export function indexName(publish: Publish): string {
  return publish.index?.name ?? "a package index";
}

/**
 * Every publish of the steps that run in the job (its own, and the steps of the local composite
 * actions it runs), in step order, whatever the index. A reusable-workflow call has none: its
 * publishes are the called jobs' (`publishesReachedBy`).
 */
export function publishesIn(job: Job): readonly Publish[] {
  return jobPublishes.get(job.workflow, job);
}

/** Per job, as long as its file's model lives: every rule asks, most of them several times per job. */
const jobPublishes = new FileMemo<Job, readonly Publish[]>((job) => (job.calledWorkflow !== undefined ? [] : runningSteps(job).flatMap((step) => publishesOf(step))));

/**
 * The publishes a job reaches: its own (`publishesIn`), or for a call of a local reusable workflow
 * the publishes of the called jobs, followed through further local calls (bounded, no cycle).
 */
export function publishesReachedBy(job: Job, trail: readonly string[] = []): readonly Publish[] {
  const callee = calledWorkflowOf(job);
  if (callee === undefined || callee === "unknown") return publishesIn(job);
  if (trail.includes(callee.filename) || trail.length >= MAX_DEPTH) return [];
  return callee.jobs.flatMap((calleeJob) => publishesReachedBy(calleeJob, [...trail, callee.filename]));
}

/** GitHub Packages' hosts (npm.pkg.github.com, nuget.pkg.github.com, …): uploads there authenticate with the job's own GITHUB_TOKEN. */
const GITHUB_PACKAGES = /(?:^|\.)pkg\.github\.com$/u;

/** Whether a publish goes to GitHub Packages (by its upload URL's host). */
export function toGithubPackages(publish: Publish): boolean {
  return publish.target === "custom" && publish.host !== undefined && GITHUB_PACKAGES.test(publish.host);
}

/**
 * The publishes of the job except those to GitHub Packages, whose only credential is the job's
 * automatic GITHUB_TOKEN and which no registry's hardening advice is about; in step order.
 */
export function publishesBeyondGithubPackagesIn(job: Job): Publish[] {
  return publishesIn(job).filter((publish) => !toGithubPackages(publish));
}

/** The publishes of the job to indexes that accept trusted publishing, in step order. */
export function trustedPublishingPublishesIn(job: Job): Publish[] {
  return publishesIn(job).filter(toTrustedPublishingIndex);
}

/**
 * The job's uploads with a long-lived credential to indexes that accept trusted publishing, one per
 * step, index, tool and credential: a step that uploads several packages the same way (`cargo
 * publish -p a --token …`, then `-p b`) is one finding, not the same sentence once per upload.
 */
export function credentialPublishesIn(job: Job): Publish[] {
  let step: Step | undefined;
  let seen = new Set<string>();
  return trustedPublishingPublishesIn(job).filter((publish) => {
    if (publish.authentication !== "credential") return false;
    // In step order: a step's uploads are next to each other.
    if (publish.step !== step) {
      step = publish.step;
      seen = new Set();
    }
    const key = `${publish.registry.id}\u0000${publish.target}\u0000${publish.tool}\u0000${describeCredential(publish.credentials[0]!)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The first publish in the job that relies on trusted publishing (no long-lived credential reaches it). */
export function trustedPublishIn(job: Job): Publish | undefined {
  return trustedPublishingPublishesIn(job).find((publish) => publish.authentication === "trusted-publishing");
}

/** Whether any of the steps publishes to an index that accepts trusted publishing. */
export function publishesToTrustedPublishingIndex(steps: readonly Step[]): boolean {
  return steps.some((step) => publishesOf(step).some(toTrustedPublishingIndex));
}

/** A step that exchanges the job's OIDC token for a registry token (and fails without `id-token: write`). */
export interface Exchange {
  readonly step: Step;
  readonly registry: Registry;
}

/** The steps of the job that exist to exchange its OIDC token with a registry, in step order. */
export function exchangesIn(job: Job): Exchange[] {
  const found: Exchange[] = [];
  for (const step of runningSteps(job)) {
    const exchanger = exchangerOf(step.action);
    if (!exchanger?.alwaysExchanges) continue;
    if (exchanger.credentialInputs.some((name) => (step.inputs.get(name)?.value ?? "").trim() !== "")) continue;
    found.push({ step, registry: exchanger.registry });
  }
  return found;
}

/** The reusable workflow a job calls, when it publishes by trusted publishing (pub.dev's `publish.yml`). */
export function calledPublishWorkflow(job: Job): RegisteredReusableWorkflow | undefined {
  const called = reusablePublishWorkflow(job.calledWorkflow);
  return called?.trustedPublishing ? called : undefined;
}

/** Why a job must be able to mint an OIDC token (`trustedPublishingNeedIn`). */
export type IdTokenNeed =
  /** A step publishes by trusted publishing, or exchanges the token for a registry token. */
  | { readonly kind: "step"; readonly step: Step; readonly index: string }
  /** The job calls a registry's reusable publishing workflow. */
  | { readonly kind: "workflow"; readonly workflow: string; readonly index: string }
  /** The job calls a local reusable workflow whose job `job` needs the token (publishes by trusted publishing, exchanges it, or asks for `id-token: write`). */
  | { readonly kind: "callee"; readonly workflow: string; readonly job: string }
  /** A step publishes with an option that signs with the token (`--provenance`), whatever it authenticates with. */
  | { readonly kind: "option"; readonly step: Step; readonly option: string; readonly index: string };

/**
 * Why a job must be able to mint an OIDC token, if it must: the first upload that relies on
 * trusted publishing, else the first step that exchanges the token, else the publishing
 * workflow it calls, else a job of the local workflow it calls that needs it, else the first
 * publish whose options ask for the token (npm's `--provenance`). Steps of local composite
 * actions count as the job's own.
 */
export function trustedPublishingNeedIn(job: Job, trail: readonly string[] = []): IdTokenNeed | undefined {
  const publish = trustedPublishIn(job);
  if (publish) return { kind: "step", step: publish.step, index: indexName(publish) };
  const exchange = exchangesIn(job)[0];
  if (exchange) return { kind: "step", step: exchange.step, index: exchange.registry.indexes[0].name };
  const called = calledPublishWorkflow(job);
  if (called) return { kind: "workflow", workflow: called.workflow, index: called.registry.indexes[0].name };
  const callee = calleeNeedIn(job, trail);
  if (callee) return callee;
  for (const step of runningSteps(job)) {
    const signing = publishesOf(step).find((candidate) => candidate.idTokenOption !== undefined);
    if (signing) return { kind: "option", step, option: signing.idTokenOption!, index: indexName(signing) };
  }
  return undefined;
}

/**
 * The first job of the local workflow `job` calls that needs an OIDC token: one that asks for
 * `id-token: write` in its own or its workflow's `permissions`, or needs it by what it runs. A
 * callee that cannot be read, a cycle or too deep a chain answer nothing.
 */
function calleeNeedIn(job: Job, trail: readonly string[]): IdTokenNeed | undefined {
  const callee = calledWorkflowOf(job);
  if (callee === undefined || callee === "unknown" || trail.includes(callee.filename) || trail.length >= MAX_DEPTH) return undefined;
  const workflow = (job.calledWorkflow ?? "").trim();
  for (const calleeJob of callee.jobs) {
    const asked = calleeJob.effectivePermissions.source !== "repository-default" && calleeJob.effectivePermissions.level("id-token") === "write";
    if (asked || trustedPublishingNeedIn(calleeJob, [...trail, callee.filename])) return { kind: "callee", workflow, job: calleeJob.id };
  }
  return undefined;
}

/**
 * Whether a publish relies on trusted publishing: it goes to an index that accepts it with no
 * long-lived credential, and either its tool exchanges the OIDC token itself, or its tool cannot
 * but the job asks for `id-token: write` (so it is expected to).
 */
export function reliesOnTrustedPublishing(publish: Publish): boolean {
  if (!toTrustedPublishingIndex(publish) || publish.credentials.length > 0) return false;
  if (publish.authentication === "trusted-publishing") return true;
  return !publish.supportsTrustedPublishing && publish.step.job.idTokenGrant === true;
}

/**
 * What keeps the reusable publishing workflow a job calls (pub.dev's `publish.yml`) from working:
 * the registry's declarative requirements on triggers. Empty when the job calls none.
 */
export function calledWorkflowProblems(job: Job): TrustedPublishingProblem[] {
  const called = calledPublishWorkflow(job);
  const unmet = called && unmetTrigger(called.registry, job);
  if (unmet) return [unmet];
  // A local reusable workflow runs with this workflow's trigger: its trusted publishes are judged by it.
  if (calledWorkflowOf(job) === undefined) return [];
  const problems: TrustedPublishingProblem[] = [];
  for (const publish of publishesReachedBy(job)) {
    const problem = reliesOnTrustedPublishing(publish) ? unmetTrigger(publish.registry, job) : undefined;
    if (problem && !problems.some((known) => known.id === problem.id)) problems.push(problem);
  }
  return problems;
}

/**
 * A registry that accepts only runs triggered by a tag push (`requirements.tagPushOnly`), in a
 * workflow that no `push` triggers at all, so that no run can be accepted. A workflow others call
 * (`workflow_call`) is judged by its callers' triggers (at each local call: `calledWorkflowProblems`),
 * and one without readable triggers not at all.
 */
function unmetTrigger(registry: Registry, job: Job): TrustedPublishingProblem | undefined {
  if (!registry.requirements.tagPushOnly) return undefined;
  const triggers = job.workflow.triggers;
  if (triggers.size === 0 || triggers.has("push") || triggers.has("workflow_call")) return undefined;
  return { id: "tag-push-only", problem: "no tag push triggers this workflow", source: registry.requirements.source };
}

/** `steps.<id>.outputs.<output>` anywhere in a value. */
const OUTPUT_REFERENCE = /\bsteps\.([\w-]+)\.outputs\.([\w-]+)/gu;

/**
 * An upload fed from an exchanger's token output (`steps.login.outputs.NUGET_API_KEY`) through an
 * id that no step of the job has, while the exchanger step it must mean has no `id:`: the value is
 * empty at run time. The remedy gives the exchanger step that id.
 */
function unreadExchangeOutput(publish: Publish): TrustedPublishingProblem | undefined {
  const exchange = publish.exchange;
  const exchanger = exchange && exchangerOf(exchange.action);
  if (!exchange || !exchanger || exchange.id !== undefined) return undefined;
  const { step } = publish;
  const ids = new Set(step.job.steps.map((other) => other.id).filter((id) => id !== undefined));
  const values = [step.env, step.job.env, step.job.workflow.env].flatMap((block) => [...block.vars.values()].map((entry) => entry.value ?? ""));
  values.push(...[...step.inputs.values()].map((entry) => entry.value ?? ""));
  if (step.run) values.push(step.run.text);
  for (const value of values) {
    if (!value.includes("outputs.")) continue;
    for (const [, id, output] of value.matchAll(OUTPUT_REFERENCE)) {
      if (ids.has(id!) || !exchanger.tokenOutputs.some((name) => name.toLowerCase() === output!.toLowerCase())) continue;
      return {
        id: "exchanger-without-id",
        problem: `${exchange.named} has no \`id: ${id!}\``,
        change: { kind: "set-step-id", step: exchange, id: id! },
        remedy: `Give ${exchange.named} \`id: ${id!}\``,
        source: exchanger.source,
      };
    }
  }
  return undefined;
}

/**
 * An action that publishes in a release older than its first release that does trusted
 * publishing (`trustedPublishingSince`), as the step's ref runs it: the action data places tags,
 * SHA pins (by commit, or by their version comment) and branches (`master` runs v1.5.1); a ref the
 * data does not know is judged only when it names an exact version (`@v1.5.0`), else not at all.
 */
function actionTooOld(publish: Publish): TrustedPublishingProblem | undefined {
  const { publisher, step } = publish;
  const since = "kind" in publisher && publisher.kind === "inputs" ? publisher.trustedPublishingSince : undefined;
  const uses = step.uses;
  if (!since || uses?.kind !== "action") return undefined;
  const comment = uses.refKind === "sha" && step.usesComment ? versionInComment(step.usesComment.value, uses.repository)?.text : undefined;
  const placed = actionKnowledge(uses.action)?.resolveRef(uses.ref, { commentVersion: comment }).version;
  const release = placed ?? (uses.version?.patch !== undefined ? uses.ref : undefined);
  const version = release === undefined ? undefined : parseVersionName(release);
  const first = parseVersionName(since.version);
  if (!version || !first || version.parts.length < 3 || compareVersions(version, first) >= 0) return undefined;
  const ref = `\`${uses.name}@${uses.refKind === "sha" ? uses.ref.slice(0, 7) : uses.ref}\``;
  const runs = release === uses.ref ? ref : `${ref} (${release})`;
  const upgrade = since.upgrade !== undefined && uses.refKind !== "sha" ? since.upgrade : undefined;
  return {
    id: "action-too-old",
    problem: `${runs} cannot do it (it arrived in ${since.version})`,
    ...(upgrade !== undefined && {
      change: { kind: "set-uses-ref", step, ref: upgrade },
      certain: false,
      remedy: `Move to \`${uses.name}@${upgrade}\``,
    }),
    source: since.source,
  };
}

/**
 * What keeps a publish that relies on trusted publishing from working: the registry's declarative
 * requirements (a self-hosted runner where only GitHub-hosted ones are accepted, a workflow no tag
 * push triggers where only tag pushes are), an exchanger's token read through an id its step lacks,
 * then the registry's own checks (`Registry.trustedPublishingProblems`). Empty for other publishes.
 */
export function trustedPublishingProblems(publish: Publish): TrustedPublishingProblem[] {
  if (!reliesOnTrustedPublishing(publish)) return [];
  return requirementProblems(publish);
}

/** The problems of a publish as if it relied on trusted publishing (for a migration that makes it). */
export function requirementProblems(publish: Publish): TrustedPublishingProblem[] {
  const { registry, step } = publish;
  const problems: TrustedPublishingProblem[] = [];
  if (registry.requirements.githubHostedOnly && step.job.selfHosted === true) {
    problems.push({ id: "self-hosted", problem: `${registry.name} refuses it from self-hosted runners`, source: registry.requirements.source });
  }
  const unmet = unmetTrigger(registry, step.job);
  if (unmet) problems.push(unmet);
  const unread = unreadExchangeOutput(publish);
  if (unread) problems.push(unread);
  const old = actionTooOld(publish);
  if (old) problems.push(old);
  const candidate = { step, tool: publish.tool, toolSupportsTrustedPublishing: publish.supportsTrustedPublishing, command: publish.command };
  problems.push(...(registry.trustedPublishingProblems?.(candidate) ?? []));
  return problems;
}
