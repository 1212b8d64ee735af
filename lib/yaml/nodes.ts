/**
 * Reading the yaml-eslint-parser AST safely.
 *
 * Everything above this module speaks of workflows; everything YAML-specific about reading
 * (aliases, anchors, tags, flow vs block, non-string keys, nulls) is resolved here, once.
 * None of these functions throws on odd input: they answer `undefined` instead.
 */
import type { AST } from "yaml-eslint-parser";

export type YAMLNode = AST.YAMLNode;
export type YAMLContent = AST.YAMLContent | AST.YAMLWithMeta;
export type YAMLMapping = AST.YAMLMapping;
export type YAMLSequence = AST.YAMLSequence;
export type YAMLScalar = AST.YAMLScalar;
export type YAMLPair = AST.YAMLPair;

/** How many alias hops we follow before giving up (guards against alias cycles). */
const MAX_ALIAS_HOPS = 32;

/** The document that holds a node, for anchor lookup. */
function documentOf(node: YAMLNode): AST.YAMLDocument | undefined {
  let current: YAMLNode | null = node;
  while (current) {
    if (current.type === "YAMLDocument") return current;
    current = current.parent as YAMLNode | null;
  }
  return undefined;
}

/** The node an alias points to: the nearest anchor of that name defined before the alias. */
function aliasTarget(alias: AST.YAMLAlias): AST.YAMLWithMeta | undefined {
  const anchors = documentOf(alias)?.anchors[alias.name];
  if (!anchors) return undefined;
  let best: AST.YAMLAnchor | undefined;
  for (const anchor of anchors) {
    if (anchor.range[0] < alias.range[0] && (!best || anchor.range[0] > best.range[0])) best = anchor;
  }
  // An alias inside the very node its anchor marks would be a cycle: treat as unresolvable.
  if (best && best.parent.range[0] <= alias.range[0] && alias.range[1] <= best.parent.range[1]) {
    return undefined;
  }
  return best?.parent;
}

/**
 * The content a node stands for: anchors and tags stripped, aliases followed.
 * `undefined` for null nodes, unresolvable aliases and alias cycles.
 */
export function resolve(node: YAMLContent | null | undefined): AST.YAMLContent | undefined {
  let current: YAMLContent | null | undefined = node;
  for (let hops = 0; current && hops < MAX_ALIAS_HOPS; hops++) {
    if (current.type === "YAMLWithMeta") {
      // A tag other than the standard ones changes what the value means: we do not guess.
      if (current.tag && !isStandardTag(current.tag.tag)) return undefined;
      current = current.value;
    } else if (current.type === "YAMLAlias") {
      current = aliasTarget(current);
    } else {
      return current;
    }
  }
  return undefined;
}

function isStandardTag(tag: string): boolean {
  return tag.startsWith("tag:yaml.org,2002:");
}

/** Whether the node is reached through an alias (so editing it in place would edit the anchor). */
export function isAliasOrAnchored(node: YAMLContent | null | undefined): boolean {
  if (!node) return false;
  if (node.type === "YAMLAlias") return true;
  return node.type === "YAMLWithMeta" && node.anchor !== null;
}

/**
 * Whether editing a node in place would also change other places of the file: it is an alias,
 * or it or a collection around it carries an anchor that aliases may repeat.
 */
export function isShared(node: YAMLContent | null | undefined): boolean {
  if (!node) return false;
  if (isAliasOrAnchored(node)) return true;
  for (let current = node.parent as YAMLNode | null; current; current = current.parent as YAMLNode | null) {
    if (current.type === "YAMLWithMeta" && current.anchor !== null) return true;
  }
  return false;
}

export function asMapping(node: YAMLContent | null | undefined): YAMLMapping | undefined {
  const content = resolve(node);
  return content?.type === "YAMLMapping" ? content : undefined;
}

export function asSequence(node: YAMLContent | null | undefined): YAMLSequence | undefined {
  const content = resolve(node);
  return content?.type === "YAMLSequence" ? content : undefined;
}

export function asScalar(node: YAMLContent | null | undefined): YAMLScalar | undefined {
  const content = resolve(node);
  return content?.type === "YAMLScalar" ? content : undefined;
}

/**
 * A scalar's value as text, the way GitHub reads it (`3.10` stays the number 3.1, as in YAML).
 * `undefined` for non-scalars and YAML nulls.
 */
export function scalarText(node: YAMLContent | null | undefined): string | undefined {
  // A plain scalar (nearly every key and value) needs no resolving: asked for every key searched.
  if (node?.type === "YAMLScalar" && typeof node.value === "string") return node.value;
  const scalar = asScalar(node);
  if (!scalar || scalar.value === null) return undefined;
  return String(scalar.value);
}

/** A key as text: string, number and boolean keys are text; null, mapping and sequence keys are not. */
export function keyText(pair: YAMLPair): string | undefined {
  return scalarText(pair.key);
}

const keyedPairs = new WeakMap<YAMLMapping, Map<string, YAMLPair>>();

/** A mapping's pairs by key text, read once per mapping (the last of duplicate keys wins, as in loaders). */
function pairsByKey(mapping: YAMLMapping): Map<string, YAMLPair> {
  let byKey = keyedPairs.get(mapping);
  if (!byKey) {
    byKey = new Map();
    for (const pair of mapping.pairs) {
      const key = keyText(pair);
      if (key !== undefined) byKey.set(key, pair);
    }
    keyedPairs.set(mapping, byKey);
  }
  return byKey;
}

/** Mappings up to this size are searched, not indexed: most mappings of a workflow are small. */
const SEARCHED_PAIRS = 8;

const NO_ENTRIES: readonly (readonly [string, YAMLPair])[] = [];

/**
 * The pairs of a mapping with their keys as text, in order; pairs with non-scalar keys are
 * skipped, and a key read twice (`1` and `"1"`) keeps its first place and its last pair. A small
 * mapping is read in place; a large one through its index (`pairOf` shares it).
 */
export function entries(mapping: YAMLMapping | undefined): Iterable<readonly [string, YAMLPair]> {
  if (!mapping) return NO_ENTRIES;
  if (mapping.pairs.length > SEARCHED_PAIRS) return pairsByKey(mapping).entries();
  const found: (readonly [string, YAMLPair])[] = [];
  for (const pair of mapping.pairs) {
    const key = keyText(pair);
    if (key === undefined) continue;
    const at = found.findIndex(([known]) => known === key);
    if (at === -1) found.push([key, pair]);
    else found[at] = [key, pair];
  }
  return found;
}

/**
 * A mapping read into a map by key text, each pair through `read`: the keys, order and pairs of
 * {@link entries} (`Map#set` keeps a key read twice in its first place, with its last pair), without
 * the list of pairs `entries` builds first: for the small blocks read once per step (`env:`,
 * `with:`). `read` also sees a pair that a later one with the same key replaces.
 */
export function readMapping<T>(mapping: YAMLMapping, read: (key: string, pair: YAMLPair) => T): Map<string, T> {
  const byKey = new Map<string, T>();
  for (const pair of mapping.pairs) {
    const key = keyText(pair);
    if (key !== undefined) byKey.set(key, read(key, pair));
  }
  return byKey;
}


/** The pair for `key` (the last one, as YAML loaders keep the last of duplicate keys). */
export function pairOf(mapping: YAMLMapping | undefined, key: string): YAMLPair | undefined {
  if (!mapping) return undefined;
  const { pairs } = mapping;
  // A small mapping is searched from its end (the last duplicate wins): cheaper than building and
  // keeping an index for it, as nearly every step, job and `with:` block is small.
  if (pairs.length <= SEARCHED_PAIRS) {
    for (let index = pairs.length - 1; index >= 0; index--) {
      if (keyText(pairs[index]!) === key) return pairs[index];
    }
    return undefined;
  }
  return pairsByKey(mapping).get(key);
}

/** The value node under `key`, unresolved (so callers can tell aliases from inline values). */
export function valueOf(mapping: YAMLMapping | undefined, key: string): YAMLContent | undefined {
  return pairOf(mapping, key)?.value ?? undefined;
}

/** The items of a sequence, resolved; null items are kept as `undefined` so indexes stay true. */
export function items(sequence: YAMLSequence | undefined): (YAMLContent | undefined)[] {
  return sequence ? sequence.entries.map((entry) => entry ?? undefined) : [];
}

export type YAMLComment = AST.Comment;

/**
 * The comment that follows a node on the line where the node ends
 * (`uses: actions/checkout@<sha> # v4.2.2`, also `- {uses: …@<sha>} # v4.2.2`). `comments` are
 * the file's comments in source order (`sourceCode.ast.comments`).
 */
export function trailingComment(
  comments: readonly YAMLComment[],
  text: string,
  node: { readonly range: readonly [number, number] },
): YAMLComment | undefined {
  const end = node.range[1];
  // The first comment starting at or after the node's end (comments are sorted).
  let low = 0;
  let high = comments.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (comments[middle]!.range[0] < end) low = middle + 1;
    else high = middle;
  }
  const comment = comments[low];
  if (!comment) return undefined;
  // Nothing but the rest of the line between (no slice of the text: this is asked for every `uses:`).
  for (let at = end; at < comment.range[0]; at++) {
    const code = text.charCodeAt(at);
    if (code === 10 || code === 13) return undefined;
  }
  return comment;
}

/** Every scalar of a file, keys included, in document order; each written node once (aliases are not followed). */
export function* allScalars(program: AST.YAMLProgram): Generator<YAMLScalar> {
  const stack: (YAMLNode | null)[] = program.body.map((document) => document.content).reverse();
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) continue;
    switch (node.type) {
      case "YAMLScalar":
        yield node;
        break;
      case "YAMLWithMeta":
        stack.push(node.value);
        break;
      case "YAMLMapping":
        for (let i = node.pairs.length - 1; i >= 0; i--) stack.push(node.pairs[i]!.value, node.pairs[i]!.key);
        break;
      case "YAMLSequence":
        for (let i = node.entries.length - 1; i >= 0; i--) stack.push(node.entries[i] ?? null);
        break;
      default:
        break;
    }
  }
}

/** Where a node sits: the keys and indexes from the document's root, and whether the node is a key. */
export interface NodePath {
  readonly segments: readonly (string | number)[];
  readonly isKey: boolean;
}

/** The path to a node, read through its parents (keys that are not scalars show as `?`). */
export function pathOf(node: YAMLNode): NodePath {
  const segments: (string | number)[] = [];
  let isKey = false;
  let sawPair = false;
  let child: YAMLNode = node;
  for (let parent = node.parent as YAMLNode | null; parent; child = parent, parent = parent.parent as YAMLNode | null) {
    if (parent.type === "YAMLPair") {
      if (!sawPair) isKey = parent.key === child;
      sawPair = true;
      segments.unshift(keyText(parent) ?? "?");
    } else if (parent.type === "YAMLSequence") {
      segments.unshift(parent.entries.indexOf(child as AST.YAMLContent | AST.YAMLWithMeta));
    }
  }
  return { segments, isKey };
}

/** Whether a node is written inside a flow collection (`{…}` or `[…]`), where `{`, `}`, `,` end plain scalars. */
export function isInFlowCollection(node: YAMLNode): boolean {
  for (let parent = node.parent as YAMLNode | null; parent; parent = parent.parent as YAMLNode | null) {
    if ((parent.type === "YAMLMapping" || parent.type === "YAMLSequence") && parent.style === "flow") return true;
  }
  return false;
}
