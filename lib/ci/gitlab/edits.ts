/**
 * Edits of a GitLab pipeline, as changes of the edit language (lib/yaml/changes.ts): only where
 * the fact is written in the linted file, and never where GitLab's merging would make the edit
 * mean something else (a job-level `id_tokens:` replaces `default:`'s, so a job that takes its
 * tokens from `default:` gets no edit).
 */
import type { Change } from "../../yaml/changes.js";
import { yamlMapping } from "../../yaml/serialize.js";
import type { YAMLMapping, YAMLNode } from "../../yaml/nodes.js";
import { sourceOfNode, type GitLabJob, type GitLabPipeline, type GlIdToken } from "./model.js";

/** Whether a node is written in the linted file. */
export function inLintedFile(pipeline: GitLabPipeline, node: YAMLNode | undefined): boolean {
  return node !== undefined && sourceOfNode(pipeline, node)?.linted === true;
}

/** The job's own mapping (its key's value), when it is written in the linted file. */
function ownMapping(job: GitLabJob): YAMLMapping | undefined {
  const value = job.pair.value;
  const mapping = value?.type === "YAMLMapping" ? value : value?.type === "YAMLWithMeta" && value.value?.type === "YAMLMapping" ? value.value : undefined;
  return mapping && inLintedFile(job.workflow, mapping) ? mapping : undefined;
}

/**
 * Adds `NAME: {aud: AUDIENCE}` to the job's `id_tokens:` (adding the block where the job has
 * none). `undefined` where the job is not written in the linted file or takes its tokens from
 * `default:` (a job-level block would replace them all).
 */
export function addIdToken(job: GitLabJob, name: string, audience: string): Change[] | undefined {
  if (job.fromDefault.has("id_tokens")) return undefined;
  const mapping = ownMapping(job);
  if (!mapping) return undefined;
  return [{ op: "put", mapping, path: ["id_tokens", name], value: yamlMapping({ aud: audience }) }];
}

/** Sets an `id_tokens:` entry's `aud:` to one audience (where it is written in the linted file). */
export function setAudience(pipeline: GitLabPipeline, token: GlIdToken, audience: string): Change[] | undefined {
  const pair = token.audEntry?.pair;
  if (!pair?.value || !inLintedFile(pipeline, pair)) return undefined;
  return [{ op: "set", target: pair, value: audience }];
}

/** Renames an `id_tokens:` entry (where it is written in the linted file). */
export function renameIdToken(pipeline: GitLabPipeline, token: GlIdToken, name: string): Change[] | undefined {
  if (!inLintedFile(pipeline, token.entry.pair)) return undefined;
  return [{ op: "rename", pair: token.entry.pair, key: name }];
}

/** Adds `environment: NAME` as the job's first key (where the job is written in the linted file). */
export function addEnvironment(job: GitLabJob, name: string): Change[] | undefined {
  const mapping = ownMapping(job);
  return mapping ? [{ op: "add", mapping, key: "environment", value: name, at: "start" }] : undefined;
}

/**
 * Stops a job's cache: its own `cache:` goes; a cache from `default:` is overridden by an empty
 * list (GitLab: "To disable the global cache for specific jobs, override it with an empty list").
 */
export function removeCache(job: GitLabJob): Change[] | undefined {
  const entry = job.entry("cache");
  if (!entry) return undefined;
  if (!job.fromDefault.has("cache")) return inLintedFile(job.workflow, entry.pair) && entry.pair.parent === ownMapping(job) ? [{ op: "remove", pair: entry.pair }] : undefined;
  const mapping = ownMapping(job);
  return mapping ? [{ op: "add", mapping, key: "cache", value: { kind: "sequence", items: [] } }] : undefined;
}

/**
 * Moves a token of `default: id_tokens:` into the own `id_tokens:` of the jobs that use it: it
 * leaves `default:` (with its `id_tokens:` key, or `default:` itself when nothing else is in it)
 * and each job gets `NAME: {aud: AUDIENCE}`. Only where that means what it says: the token is
 * the only one `default:` gives (a job's own block replaces all of them), it and the jobs are
 * written in the linted file, and no job that gets it has tokens of its own.
 */
export function moveDefaultIdToken(pipeline: GitLabPipeline, token: GlIdToken, jobs: readonly GitLabJob[]): Change[] | undefined {
  const tokens = pipeline.defaultIdTokens;
  const defaultEntry = pipeline.defaultEntry;
  const audience = token.audiences === "unknown" || token.audiences.length !== 1 ? undefined : token.audiences[0];
  if (tokens.length !== 1 || audience === undefined || !defaultEntry || !inLintedFile(pipeline, token.entry.pair) || !inLintedFile(pipeline, defaultEntry.pair)) return undefined;
  const onlyKey = defaultEntry.value.kind === "map" && defaultEntry.value.entries.size === 1;
  const changes: Change[] = [{ op: "remove", pair: onlyKey ? defaultEntry.pair : token.entry.pair, ifEmptied: "remove-parent" }];
  for (const job of jobs) {
    const mapping = job.fromDefault.has("id_tokens") ? ownMapping(job) : undefined;
    if (!mapping) return undefined;
    changes.push({ op: "put", mapping, path: ["id_tokens", token.name], value: yamlMapping({ aud: audience }) });
  }
  return changes;
}

