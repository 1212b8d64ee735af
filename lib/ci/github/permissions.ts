/**
 * GitHub token permissions, with GitHub's semantics:
 * - a job's `permissions` replaces the workflow's entirely (unnamed scopes become `none`);
 * - no block anywhere means the repository default, where `id-token` is always `none`;
 * - `write-all` grants every scope including `id-token`; `read-all` cannot grant `id-token`
 *   (it accepts only `write` or `none`); `{}` is everything `none`;
 * - a `${{ }}` or otherwise unreadable value is unknown, and nothing is concluded from it.
 */
import { isExpression } from "./expressions.js";
import { entries, isAliasOrAnchored, resolve, type YAMLContent, type YAMLMapping, type YAMLPair } from "../../yaml/nodes.js";

export type Level = "read" | "write" | "none";
export type Knowable<T> = T | "unknown";

export type PermissionsSpec =
  | { readonly kind: "all"; readonly level: "read" | "write" }
  | { readonly kind: "scopes"; readonly scopes: ReadonlyMap<string, Knowable<Level>> }
  | { readonly kind: "unknown" };

/** A `permissions:` key written in the workflow, at workflow or job level. */
export interface PermissionsBlock {
  /** The `permissions:` pair. */
  readonly pair: YAMLPair;
  readonly spec: PermissionsSpec;
  /** The mapping of scopes, for the `scopes` kind. */
  readonly mapping: YAMLMapping | undefined;
  /** True when the value is an alias or carries an anchor: editing it would edit other places. */
  readonly shared: boolean;
}

export function readPermissionsBlock(pair: YAMLPair | undefined): PermissionsBlock | undefined {
  if (!pair) return undefined;
  const value = pair.value;
  const content = resolve(value);
  const shared = isAliasOrAnchored(value);
  if (content?.type === "YAMLMapping") {
    const scopes = new Map<string, Knowable<Level>>();
    for (const [scope, scopePair] of entries(content)) scopes.set(scope, readLevel(scopePair.value));
    return { pair, spec: { kind: "scopes", scopes }, mapping: content, shared };
  }
  if (content?.type === "YAMLScalar" && typeof content.value === "string" && !isExpression(content.value)) {
    const text = content.value.trim();
    if (text === "read-all" || text === "write-all") {
      return { pair, spec: { kind: "all", level: text === "read-all" ? "read" : "write" }, mapping: undefined, shared };
    }
  }
  return { pair, spec: { kind: "unknown" }, mapping: undefined, shared };
}

function readLevel(node: YAMLContent | null): Knowable<Level> {
  const content = resolve(node);
  if (content?.type !== "YAMLScalar" || typeof content.value !== "string") return "unknown";
  const text = content.value.trim();
  return text === "read" || text === "write" || text === "none" ? text : "unknown";
}

/** Where a job's effective permissions come from. */
export type PermissionsSource = "job" | "workflow" | "repository-default";

/** The permissions a job's GITHUB_TOKEN (and OIDC token request) actually gets. */
export class EffectivePermissions {
  constructor(
    readonly source: PermissionsSource,
    /** The block that decides, absent for the repository default. */
    readonly block: PermissionsBlock | undefined,
  ) {}

  /** The level of one scope; `unknown` when the workflow does not decide it. */
  level(scope: string): Knowable<Level> {
    if (!this.block) {
      // The repository default (permissive or restricted) never grants id-token.
      return scope === "id-token" ? "none" : "unknown";
    }
    const spec = this.block.spec;
    switch (spec.kind) {
      case "unknown":
        return "unknown";
      case "all":
        if (scope === "id-token") return spec.level === "write" ? "write" : "none";
        return spec.level;
      case "scopes":
        return spec.scopes.get(scope) ?? "none";
    }
  }

  /** True when the job can request an OIDC token; `unknown` when that is decided at run time. */
  get canRequestIdToken(): Knowable<boolean> {
    const level = this.level("id-token");
    return level === "unknown" ? "unknown" : level === "write";
  }
}
