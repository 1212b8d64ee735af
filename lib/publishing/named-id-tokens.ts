/**
 * The publishing policy for jobs whose OIDC tokens are named (GitLab CI/CD's `id_tokens:`), where
 * the token's *name* and *audience* are the whole configuration: there is no permission to
 * grant, and a client finds its token by name. Registry facts come from `Registry.namedIdTokens`.
 *
 *   missingNamedTokensIn(job, tokens, file)   uploads by trusted publishing whose client's token the
 *       job does not declare, where the job shows it means trusted publishing (see `intentOf`)
 *   namedTokenProblemsIn(job, tokens)         what keeps the declared tokens from working: a name
 *       the client does not read for that audience, an audience the registry rejects, a list where
 *       one string is needed, a password that silently wins, a token spent twice, an npm too old
 *   removedSharedTokensIn(job)                `CI_JOB_JWT*`, removed by GitLab 17.0
 *
 * A job whose configuration is not all readable (`idTokenGrant: "unknown"`) gets nothing.
 */
import type { AST } from "yaml-eslint-parser";
import type { CiFile, CiJob, CiStep } from "../ci/shape.js";
import type { NamedIdToken, NamedIdTokenPublishing, Registry } from "../registries/types.js";
import { REGISTRIES } from "../registries/index.js";
import { publishesIn, trustedPublishingPublishesIn, type Publish } from "./policy.js";

/** A declared token as the policy reads it (GitLab's `GlIdToken` is one). */
export interface NamedTokenView {
  readonly name: string;
  readonly audiences: readonly string[] | "unknown";
  readonly audienceIsList: boolean;
}

/** A publish's registry facts for named tokens, and the token of the index it uploads to. */
export function namedTokenOf(publish: Publish): { readonly facts: NamedIdTokenPublishing; readonly token: NamedIdToken } | undefined {
  const facts = publish.registry.namedIdTokens;
  const token = facts?.tokens.find((candidate) => candidate.index === publish.index?.id);
  return facts && token ? { facts, token } : undefined;
}

/**
 * The first upload of the job that publishes by trusted publishing through a named token: one the
 * job declares under the name its client reads, or one the job mints itself. (Without the token
 * in sight, a CI/CD variable of the project's settings may be the credential.)
 */
export function namedTrustedPublishIn(job: CiJob): Publish | undefined {
  const names = job.idTokenNames;
  if (names === undefined) return undefined;
  return trustedPublishingPublishesIn(job).find((publish) => {
    if (publish.authentication !== "trusted-publishing") return false;
    if (publish.exchange !== undefined) return true;
    const found = namedTokenOf(publish);
    return found !== undefined && names.has(found.token.variable);
  });
}

/** An upload by trusted publishing whose token the job does not declare. */
export interface MissingNamedToken {
  readonly publish: Publish;
  readonly token: NamedIdToken;
  /** What shows the job means trusted publishing, as messages say it. */
  readonly intent: string;
}

/** What a job needs named tokens for, where it shows it means trusted publishing. */
export function missingNamedTokensIn(job: CiJob, file: CiFile): MissingNamedToken[] {
  const names = job.idTokenNames;
  if (names === undefined || job.idTokenGrant === "unknown") return [];
  const missing: MissingNamedToken[] = [];
  const seen = new Set<string>();
  for (const publish of trustedPublishingPublishesIn(job)) {
    if (publish.authentication !== "trusted-publishing" || publish.exchange !== undefined) continue;
    const found = namedTokenOf(publish);
    if (!found || found.facts.readBy !== "client" || names.has(found.token.variable) || seen.has(found.token.variable)) continue;
    const intent = intentOf(job, publish, found.facts, found.token, file);
    if (intent === undefined) continue;
    seen.add(found.token.variable);
    missing.push({ publish, token: found.token, intent });
  }
  return missing;
}

/**
 * What shows that a job without the token means trusted publishing (a job with no credential in
 * sight may get one from a CI/CD variable in the project's settings, which the file cannot show):
 * a client pinned or upgraded to a version that does it, `--trusted-publishing always`, a
 * `SIGSTORE_ID_TOKEN`, or the same registry's token declared by another job of the pipeline.
 */
function intentOf(job: CiJob, publish: Publish, facts: NamedIdTokenPublishing, token: NamedIdToken, file: CiFile): string | undefined {
  const text = job.steps.map((step) => step.run?.text ?? "").join("\n");
  const client = facts.clients.find((candidate) => candidate.tool === publish.tool);
  if (client?.minimumVersion !== undefined) {
    const installed = installedVersion(text, client.tool);
    if (installed === "latest" || (installed !== undefined && compareVersions(installed, client.minimumVersion) >= 0)) {
      return `it installs ${client.tool} ${installed === "latest" ? "at its latest version" : installed}`;
    }
  }
  if (/--trusted-publishing[=\s]+always\b/u.test(text)) return "it asks for `--trusted-publishing always`";
  if (job.idTokenNames?.has("SIGSTORE_ID_TOKEN")) return "it declares `SIGSTORE_ID_TOKEN`";
  const other = file.jobs.find((candidate) => candidate !== job && candidate.idTokenNames?.has(token.variable));
  if (other) return `${other.place} declares \`${token.variable}\``;
  return undefined;
}

/** The version of `tool` a script installs or pins (`twine>=6.1`, `npm@11.6.0`, `npm@latest`); `undefined` when it says none. */
function installedVersion(text: string, tool: string): string | "latest" | undefined {
  for (const line of text.split("\n")) {
    if (!/\b(?:pip3?|pipx|uv|npm|pnpm|yarn|corepack|python3? -m pip)\b/u.test(line) || !/\b(?:install|add|use|prepare|tool)\b/u.test(line)) continue;
    const at = line.search(new RegExp(`(?<![\\w-])${tool.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&")}(?=[\\s"'>=~@]|$)`, "u"));
    if (at < 0) continue;
    const rest = line.slice(at + tool.length, at + tool.length + 40);
    if (/^@(?:latest|next)\b/u.test(rest)) return "latest";
    const match = /^["']?\s*(?:>=|==|~=|===|@\^?|@~?|@>=)\s*(\d+(?:\.\d+)*)/u.exec(rest);
    if (match) return match[1];
  }
  return undefined;
}

function compareVersions(a: string, b: string): number {
  const left = a.split(".").map(Number);
  const right = b.split(".").map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** A problem with a job's named tokens, and what would fix it. */
export interface NamedTokenProblem {
  readonly id: "token-name" | "audience" | "audience-list" | "password-wins" | "token-reused" | "npm-too-old" | "self-hosted";
  /** The clause after "… relies on trusted publishing, but". */
  readonly problem: string;
  /** The declared token at fault, if one is. */
  readonly token: NamedTokenView | undefined;
  /** The step at fault, if one is. */
  readonly step: CiStep | undefined;
  /** The remedy: rename the token, or set its audience to one string. */
  readonly change: { readonly kind: "rename"; readonly name: string } | { readonly kind: "audience"; readonly audience: string } | undefined;
  /** Whether the change is certain (an autofix) or one choice of several (a suggestion). */
  readonly certain: boolean;
  readonly remedy: string | undefined;
}

/** The registry and index token a declared token is for (by its name, else by its audience). */
function registryTokenOf(token: NamedTokenView): { registry: Registry; facts: NamedIdTokenPublishing; token: NamedIdToken } | undefined {
  for (const registry of REGISTRIES) {
    const facts = registry.namedIdTokens;
    if (!facts) continue;
    const byName = facts.tokens.find((candidate) => candidate.variable === token.name);
    if (byName) return { registry, facts, token: byName };
  }
  if (token.audiences === "unknown") return undefined;
  for (const registry of REGISTRIES) {
    const facts = registry.namedIdTokens;
    const byAudience = facts?.tokens.find((candidate) => token.audiences !== "unknown" && token.audiences.some((audience) => audience === candidate.audience || candidate.wrongAudiences?.includes(audience)));
    if (facts && byAudience) return { registry, facts, token: byAudience };
  }
  return undefined;
}

/** Whether the job's scripts read a variable by name (`$NAME`, `${NAME}`). */
function readsVariable(job: CiJob, name: string): boolean {
  const pattern = new RegExp(`\\$\\{?${name}\\b`, "u");
  return job.steps.some((step) => step.run !== undefined && pattern.test(step.run.text));
}

/** Of the given jobs, those that read the named token: a trusted-publishing upload whose client reads it, or a script. */
export function jobsReadingNamedToken<Job extends CiJob>(jobs: readonly Job[], name: string): Job[] {
  return jobs.filter(
    (job) =>
      readsVariable(job, name) ||
      trustedPublishingPublishesIn(job).some((publish) => publish.authentication === "trusted-publishing" && namedTokenOf(publish)?.token.variable === name),
  );
}

/** The index a declared token is for (by its name or audience), as messages name it; `undefined` for other audiences (a vault's, sigstore's). */
export function indexOfNamedToken(token: NamedTokenView): string | undefined {
  const found = registryTokenOf(token);
  return found?.registry.indexes.find((index) => index.id === found.token.index)?.name;
}

/** What keeps the job's declared named tokens from working. */
export function namedTokenProblemsIn(job: CiJob, tokens: readonly NamedTokenView[]): NamedTokenProblem[] {
  if (job.idTokenNames === undefined) return [];
  const problems: NamedTokenProblem[] = [];
  const publishes = publishesIn(job);
  for (const token of tokens) {
    const found = registryTokenOf(token);
    if (!found || token.audiences === "unknown") continue;
    const { registry, facts } = found;
    const publishesThere = publishes.some((publish) => publish.registry === registry);
    const readByScript = readsVariable(job, token.name);
    if (!publishesThere && !readByScript) continue;
    const [audience] = token.audiences;
    if (token.audienceIsList) {
      if (facts.audienceMustBeString) {
        const single = token.audiences.length === 1 ? token.audiences[0] : undefined;
        problems.push({
          id: "audience-list",
          problem: `\`${token.name}\` gives \`aud:\` as a list, and ${registry.name} accepts only one string`,
          token,
          step: undefined,
          change: single === found.token.audience ? { kind: "audience", audience: single } : undefined,
          certain: true,
          remedy: undefined,
        });
      }
      continue;
    }
    if (audience === undefined) continue;
    const indexOfAudience = facts.tokens.find((candidate) => candidate.audience === audience);
    if (indexOfAudience && indexOfAudience.variable !== token.name && facts.readBy === "client" && !readByScript) {
      // A client reads the token named after the audience (the TestPyPI name trap).
      if (publishesThere) {
        problems.push({
          id: "token-name",
          problem: `\`${token.name}\` has the audience \`${audience}\`, and the upload reads that audience's token from \`${indexOfAudience.variable}\``,
          token,
          step: undefined,
          change: { kind: "rename", name: indexOfAudience.variable },
          certain: !tokens.some((other) => other.name === indexOfAudience.variable),
          remedy: `Rename the token to \`${indexOfAudience.variable}\``,
        });
      }
      continue;
    }
    if (!indexOfAudience) {
      const wrong = found.token.wrongAudiences?.includes(audience) === true;
      problems.push({
        id: "audience",
        problem: `\`${token.name}\` has the audience \`${audience}\`, and ${registry.name} accepts only \`${found.token.audience}\``,
        token,
        step: undefined,
        change: { kind: "audience", audience: found.token.audience },
        certain: wrong && found.token.variable === token.name,
        remedy: `Set the audience to \`${found.token.audience}\``,
      });
    }
  }
  // A password the client is given beside its token: it uploads with the password, silently.
  for (const publish of publishes) {
    if (publish.authentication !== "credential") continue;
    const found = namedTokenOf(publish);
    if (!found || found.facts.readBy !== "client" || !job.idTokenNames.has(found.token.variable)) continue;
    const credential = publish.credentials[0]!;
    problems.push({
      id: "password-wins",
      problem: `${publish.tool} is given ${credentialWords(credential)} and uploads with it, never using \`${found.token.variable}\``,
      token: undefined,
      step: publish.step,
      change: undefined,
      certain: false,
      remedy: undefined,
    });
  }
  // One token, several exchanges: the registry accepts each token once.
  const byToken = new Map<string, Publish[]>();
  for (const publish of trustedPublishingPublishesIn(job)) {
    if (publish.authentication !== "trusted-publishing") continue;
    const found = namedTokenOf(publish);
    if (!found?.facts.tokenSingleUse || found.facts.readBy !== "client") continue;
    const list = byToken.get(found.token.variable) ?? [];
    list.push(publish);
    byToken.set(found.token.variable, list);
  }
  for (const [variable, list] of byToken) {
    if (list.length < 2) continue;
    problems.push({
      id: "token-reused",
      problem: `it uploads ${list.length} times with the one \`${variable}\` token, which ${list[0]!.registry.name} accepts once`,
      token: undefined,
      step: list[1]!.step,
      change: undefined,
      certain: false,
      remedy: undefined,
    });
  }
  // A client too old in the job's image, with nothing that upgrades it.
  const image = job.container?.image;
  for (const publish of publishes) {
    const old = publish.authentication === "trusted-publishing" ? namedTokenOf(publish)?.facts.oldClientImages : undefined;
    if (!old || image === undefined || !old.image.test(image)) continue;
    if (job.steps.some((step) => step.run !== undefined && old.upgrade.test(step.run.text))) continue;
    problems.push({ id: "npm-too-old", problem: old.problem, token: undefined, step: publish.step, change: undefined, certain: false, remedy: undefined });
    break;
  }
  // A registry that accepts only hosted runners, on a job whose tags pick a runner of the project's own.
  if (job.selfHosted === true) {
    const refused = publishes.find((publish) => publish.authentication === "trusted-publishing" && namedTokenOf(publish)?.facts.hostedRunnersOnly === true);
    if (refused) {
      const tags = (job.runsOn ?? []).map((tag) => `\`${tag}\``).join(", ");
      problems.push({
        id: "self-hosted",
        problem: `${refused.registry.name} accepts it only from hosted runners, and the job's tags (${tags}) pick a self-managed one`,
        token: undefined,
        step: refused.step,
        change: undefined,
        certain: false,
        remedy: undefined,
      });
    }
  }
  return problems;
}

function credentialWords(credential: Publish["credentials"][number]): string {
  switch (credential.kind) {
    case "env":
    case "script-variable":
      return `\`${credential.name}\``;
    case "flag":
      return `\`${credential.name}\``;
    default:
      return "a credential";
  }
}

/** GitLab's shared JWT variables, removed in GitLab 17.0 (gitlab-org/gitlab#423106). */
const SHARED_JWTS = /\$\{?(CI_JOB_JWT(?:_V1|_V2)?)\b/u;

/**
 * The first removed shared JWT (`CI_JOB_JWT`, `_V1`, `_V2`) the job reads, and the node that reads
 * it: a variable of the job's (or the pipeline's) `variables:`, else a step's script.
 */
export function removedSharedTokenIn(job: CiJob): { readonly name: string; readonly node: AST.YAMLNode } | undefined {
  if (job.idTokenNames === undefined) return undefined;
  const seen = new Set<string>();
  for (const block of [...job.envChain].reverse()) {
    for (const [name, variable] of block.vars) {
      if (seen.has(name)) continue; // a nearer definition overrides this one
      seen.add(name);
      const match = variable.value === undefined ? undefined : SHARED_JWTS.exec(variable.value);
      if (match) return { name: match[1]!, node: variable.pair };
    }
  }
  for (const step of job.steps) {
    const match = step.run && SHARED_JWTS.exec(step.run.text);
    if (match) return { name: match[1]!, node: step.keyNode };
  }
  return undefined;
}
