/**
 * GitLab pipeline YAML as resolved values: what GitLab's loader sees (anchors followed, `<<:`
 * merge keys applied, `!reference [...]` tags kept as references to resolve later), where every
 * value keeps the node it is written at and the file that node belongs to, so that a fact about
 * a job can be reported (and fixed) where it is written, in whichever file.
 *
 * What the YAML cannot say is `unknown`, never guessed: custom tags other than `!reference`,
 * `$[[ inputs.* ]]` interpolation (in a value or in a key), aliases that do not resolve, and
 * anything past the node budget (an alias bomb).
 */
import type { AST } from "yaml-eslint-parser";
import { keyText, resolve, type YAMLContent } from "../../yaml/nodes.js";

/** A file of the pipeline: the linted file itself, or a file it includes (read through lib/workspace). */
export interface GlSource {
  /** The linted file's name as ESLint gives it, or an included file's path relative to the repository root. */
  readonly path: string;
  readonly text: string;
  readonly ast: AST.YAMLProgram;
  /** Whether this is the file ESLint is linting (findings and fixes go only there). */
  readonly linted: boolean;
  /** Whether the file starts with a `spec:` header (its `$[[ inputs.* ]]` values are unknown). */
  readonly hasInputs: boolean;
}

export type GlValue = GlMap | GlSeq | GlScalar | GlReference | GlUnknown;

export interface GlEntry {
  readonly key: string;
  /** The pair as written (for a key merged in by `<<:`, the pair in the anchored mapping). */
  readonly pair: AST.YAMLPair;
  readonly value: GlValue;
  readonly source: GlSource;
}

export interface GlMap {
  readonly kind: "map";
  readonly entries: ReadonlyMap<string, GlEntry>;
  /** The mapping as written; for a mapping merged from several (extends, includes), the nearest one. */
  readonly node: AST.YAMLMapping | undefined;
  readonly source: GlSource | undefined;
  /** A key of it could not be read (`$[[ inputs.x ]]_ID_TOKEN:`): a key it lacks may still be there. */
  readonly unknownKeys: boolean;
}

export interface GlSeq {
  readonly kind: "seq";
  readonly items: readonly GlValue[];
  readonly node: AST.YAMLSequence | undefined;
  readonly source: GlSource | undefined;
}

export interface GlScalar {
  readonly kind: "scalar";
  /** The loaded value; `null` for YAML null (also an empty value: `key:`). */
  readonly value: string | number | boolean | null;
  readonly node: AST.YAMLScalar | undefined;
  readonly source: GlSource | undefined;
}

/** `!reference [.job, key, …]`: a path into another job's (or the default's) configuration. */
export interface GlReference {
  readonly kind: "reference";
  readonly path: readonly string[];
  readonly node: AST.YAMLNode;
  readonly source: GlSource;
}

export interface GlUnknown {
  readonly kind: "unknown";
  readonly why: "tag" | "inputs" | "alias" | "budget" | "include" | "reference" | "extends";
}

export const UNKNOWN_INPUTS: GlUnknown = { kind: "unknown", why: "inputs" };

/**
 * Most nodes one key's value visits (a top-level key's, a job's key's; aliases count each time
 * they are expanded), and one file's: an alias bomb under one key leaves that key unknown and
 * the others readable.
 */
const NODE_BUDGET = 50_000;
const FILE_BUDGET = 500_000;
/** Deepest nesting read. */
const MAX_DEPTH = 64;

/** Whether a text holds GitLab's `$[[ inputs.* ]]` interpolation. */
export function hasInterpolation(text: string): boolean {
  return text.includes("$[[");
}

/** The values of a YAML node of `source`, read as GitLab reads them. */
export function readValue(node: YAMLContent | null | undefined, source: GlSource): GlValue {
  let budget = NODE_BUDGET;
  let total = FILE_BUDGET;
  const convert = (current: YAMLContent | null | undefined, depth: number): GlValue => {
    if (--budget < 0 || --total < 0 || depth > MAX_DEPTH) return { kind: "unknown", why: "budget" };
    if (current === null || current === undefined) return { kind: "scalar", value: null, node: undefined, source };
    if (current.type === "YAMLWithMeta") {
      const tag = current.tag?.tag;
      if (tag === "!reference") return referenceOf(current, source) ?? { kind: "unknown", why: "reference" };
      if (tag && !tag.startsWith("tag:yaml.org,2002:")) return { kind: "unknown", why: "tag" };
      return convert(current.value, depth + 1);
    }
    if (current.type === "YAMLAlias") {
      const target = resolve(current);
      if (!target) return { kind: "unknown", why: "alias" };
      return convert(target, depth + 1);
    }
    switch (current.type) {
      case "YAMLScalar": {
        const value = current.value;
        if (typeof value === "string" && hasInterpolation(value)) return UNKNOWN_INPUTS;
        return { kind: "scalar", value: typeof value === "bigint" ? String(value) : (value as string | number | boolean | null), node: current, source };
      }
      case "YAMLSequence":
        return { kind: "seq", items: current.entries.map((entry) => convert(entry, depth + 1)), node: current, source };
      case "YAMLMapping": {
        const explicit = new Map<string, GlEntry>();
        let merged: Map<string, GlEntry> | undefined;
        let unknownKeys = false;
        for (const pair of current.pairs) {
          const key = keyText(pair);
          if (key === undefined) continue;
          if (hasInterpolation(key)) {
            unknownKeys = true;
            continue;
          }
          if (key === "<<") {
            // A merge key: the keys of the mapping (or mappings, earlier first) it names, where
            // the mapping does not set them itself.
            const base = convert(pair.value, depth + 1);
            const bases = base.kind === "map" ? [base] : base.kind === "seq" ? base.items : [base];
            merged ??= new Map();
            for (const item of bases) {
              if (item.kind !== "map") {
                unknownKeys = true;
                continue;
              }
              unknownKeys ||= item.unknownKeys;
              for (const [name, entry] of item.entries) if (!merged.has(name)) merged.set(name, entry);
            }
            continue;
          }
          // Each top-level key, and each key of a job, has a budget of its own (within the file's).
          if (depth <= 1) budget = NODE_BUDGET;
          explicit.set(key, { key, pair, value: convert(pair.value, depth + 1), source });
        }
        // Merged keys first, in the order merged, each replaced by the mapping's own; most mappings merge nothing.
        let all = explicit;
        if (merged) {
          all = merged;
          for (const [key, entry] of explicit) all.set(key, entry);
        }
        return { kind: "map", entries: all, node: current, source, unknownKeys };
      }
      default:
        return { kind: "unknown", why: "tag" };
    }
  };
  return convert(node, 0);
}

function referenceOf(node: AST.YAMLWithMeta, source: GlSource): GlReference | undefined {
  const sequence = node.value;
  if (sequence?.type !== "YAMLSequence") return undefined;
  const path: string[] = [];
  for (const entry of sequence.entries) {
    if (entry?.type !== "YAMLScalar" || typeof entry.value !== "string" || hasInterpolation(entry.value)) return undefined;
    path.push(entry.value);
  }
  return path.length > 0 ? { kind: "reference", path, node, source } : undefined;
}

/** An entry's value as a map, else `undefined`. */
export function mapOf(value: GlValue | undefined): GlMap | undefined {
  return value?.kind === "map" ? value : undefined;
}

/** A scalar's value as text (numbers and booleans as GitLab's loader prints them); `undefined` for null and non-scalars. */
export function textOf(value: GlValue | undefined): string | undefined {
  if (value?.kind !== "scalar" || value.value === null) return undefined;
  return String(value.value);
}

/** Whether a value is absent or YAML null (`key:` or `key: null`). */
export function isNull(value: GlValue | undefined): boolean {
  return value === undefined || (value.kind === "scalar" && value.value === null);
}

/**
 * GitLab's deep merge (extends, includes): mappings merge key by key, `over` winning; anything
 * else (lists, scalars, null) in `over` replaces what `base` had.
 */
export function deepMerge(base: GlValue, over: GlValue): GlValue {
  if (base.kind !== "map" || over.kind !== "map") return over;
  const entries = new Map(base.entries);
  for (const [key, entry] of over.entries) {
    const previous = entries.get(key);
    entries.set(key, previous ? { ...entry, value: deepMerge(previous.value, entry.value) } : entry);
  }
  return { kind: "map", entries, node: over.node ?? base.node, source: over.source ?? base.source, unknownKeys: base.unknownKeys || over.unknownKeys };
}

/** A map without some of its keys. */
export function withoutKeys(map: GlMap, keys: readonly string[]): GlMap {
  const entries = new Map(map.entries);
  for (const key of keys) entries.delete(key);
  return { ...map, entries };
}
