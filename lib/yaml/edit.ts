/**
 * Safe YAML edits, as text edits that ESLint fixers apply.
 *
 * `YamlEditor#apply(changes)` is the edit language (changes.ts): changes described as data with
 * typed values, written by one serializer (serialize.ts) and combined into edits ESLint accepts.
 * The methods below it are the older, text-valued API, kept with their signatures while their
 * callers move to `apply`; each is now one change of the language, so every value they write
 * goes through the serializer (a `${{ }}` written into a flow mapping is quoted, `.inf` is a
 * string). Where they take "YAML text" for a value, that text is read as YAML first and the value
 * it stands for is written.
 *
 * Each edit keeps the file's style: its line endings, the indentation of the mapping it touches,
 * block or flow syntax, and comments on neighbouring lines (an insertion never lands between a
 * pair and its trailing comment). No rule writes YAML text by hand; they all come here.
 */
import { getStaticYAMLValue, parseYAML } from "yaml-eslint-parser";
import { Lru } from "../data/lru.js";
import { resolveChanges, type Change, type ResolveOptions } from "./changes.js";
import { type YAMLComment, type YAMLMapping, type YAMLPair, type YAMLScalar } from "./nodes.js";
import { isPlainSafe as plainSafe, scalarText, yamlMapping, yamlSequence, type YamlValue } from "./serialize.js";
import { YamlText, groupEdits, joinEdits, type TextEdit } from "./text.js";

export type { TextEdit } from "./text.js";
export type { Change } from "./changes.js";

/** A scalar value to write: plain when YAML reads it back as the same string, quoted otherwise. */
export function yamlString(value: string): string {
  return scalarText(value, false);
}

/**
 * Whether `value` can be written as a plain scalar (unquoted) and read back as the same string, in
 * block context or inside a flow collection. Conservative: when in doubt, quote.
 */
export function isPlainSafe(value: string, inFlow: boolean): boolean {
  return plainSafe(value, inFlow);
}

/** A plain JavaScript value (as `getStaticYAMLValue` gives) as a typed YAML value. */
function fromData(data: unknown): YamlValue {
  if (data === null || data === undefined) return null;
  if (typeof data === "string" || typeof data === "number" || typeof data === "boolean") return data;
  if (Array.isArray(data)) return yamlSequence(data.map(fromData));
  if (data instanceof Date) return data.toISOString();
  return yamlMapping(Object.entries(data as Record<string, unknown>).map(([key, value]) => [key, fromData(value)] as const));
}

const readValues = new Lru<string, YamlValue>(256);

/**
 * The value that YAML text (`write`, `false`, `"3.x"`, `{a: b}`) stands for, read in block
 * context: the bridge from the older API, whose values were YAML text, to typed values.
 */
export function valueOfText(text: string): YamlValue {
  let value = readValues.get(text);
  if (value === undefined) {
    try {
      value = fromData(getStaticYAMLValue(parseYAML(text)));
    } catch {
      value = text; // not YAML on its own (it never is for the callers): the text as a string
    }
    readValues.set(text, value);
  }
  return value;
}

const textEntries = (entries: readonly (readonly [string, string])[]) => yamlMapping(entries.map(([key, value]) => [key, valueOfText(value)] as const));
const stringEntries = (entries: readonly (readonly [string, string])[]) => yamlMapping(entries);

/** The one edit of a change the older API promises; an edit that changes nothing where the language refuses it. */
const NO_EDIT: TextEdit = { range: [0, 0], text: "" };

export class YamlEditor extends YamlText {
  /**
   * The edits that make `changes` (see changes.ts), combined and non-overlapping, for one fix or
   * suggestion; `undefined` when they cannot all be written exactly.
   */
  apply(changes: readonly Change[], options?: ResolveOptions): TextEdit[] | undefined {
    return resolveChanges(this, changes, options);
  }

  /**
   * `apply`, as one edit over the span of the edits (for callers that hand ESLint one edit per
   * change); `undefined` when the changes cannot be written.
   */
  applyAsOne(changes: readonly Change[], options?: ResolveOptions): TextEdit | undefined {
    const edits = this.apply(changes, options);
    if (!edits) return undefined;
    return edits.length === 0 ? NO_EDIT : joinEdits(this.text, edits);
  }

  /** One change as one edit, as the older methods return it (they leave anchors to their callers). */
  private one(changes: readonly Change[]): TextEdit | undefined {
    return this.applyAsOne(changes, { shared: "allow" });
  }

  /**
   * Adds `key: value` as the last pair of a mapping. `value` is YAML text for a scalar or a flow
   * collection.
   */
  appendPair(mapping: YAMLMapping, key: string, value: string): TextEdit {
    return this.one([{ op: "add", mapping, key, value: valueOfText(value) }]) ?? NO_EDIT;
  }

  /**
   * Adds `key:` with a nested mapping of `entries` as the last pair of a mapping (`env:` after a
   * step's `run:`). Values are strings, written plain where YAML reads them back unchanged and
   * quoted otherwise; in a flow mapping the nested mapping is a flow mapping too. With
   * `values: "yaml"` they are YAML text (`false` for a step input set off).
   */
  appendMappingPair(
    mapping: YAMLMapping,
    _parentPair: YAMLPair | undefined,
    key: string,
    entries: readonly (readonly [string, string])[],
    values: "strings" | "yaml" = "strings",
  ): TextEdit {
    const value = values === "yaml" ? textEntries(entries) : stringEntries(entries);
    return this.one([{ op: "add", mapping, key, value }]) ?? NO_EDIT;
  }

  /**
   * Adds `key:` with a nested mapping of `entries` (YAML text values) as the first pair of a
   * mapping, so nothing that follows moves and no comment changes place.
   */
  prependMappingPair(mapping: YAMLMapping, _parentPair: YAMLPair | undefined, key: string, entries: readonly (readonly [string, string])[]): TextEdit {
    return this.one([{ op: "add", mapping, key, value: textEntries(entries), at: "start" }]) ?? NO_EDIT;
  }

  /**
   * Adds `key: value` as the first pair of a mapping (`environment: pypi` at the top of a job),
   * so nothing that follows moves and no comment changes place. `value` is YAML text.
   */
  prependPair(mapping: YAMLMapping, key: string, value: string): TextEdit {
    return this.one([{ op: "add", mapping, key, value: valueOfText(value), at: "start" }]) ?? NO_EDIT;
  }

  /**
   * Replaces a pair's value with a nested block mapping of `entries` (`permissions: read-all` →
   * `permissions:` + scopes), keeping whatever follows the value on its line.
   */
  replaceValueWithMapping(
    pair: YAMLPair,
    _parentMapping: YAMLMapping,
    _parentPair: YAMLPair | undefined,
    entries: readonly (readonly [string, string])[],
  ): TextEdit | undefined {
    if (!pair.key || !pair.value) return undefined;
    return this.one([{ op: "set", target: pair, value: textEntries(entries) }]);
  }

  /**
   * Removes a pair from its mapping. When it is the mapping's only pair and `parentPair` is
   * given, the parent pair goes instead (an `env:` left empty is removed, not left as `env:`).
   * Whole lines are removed in block style, so neighbouring pairs and their comments stay as
   * they were; comment lines above the pair stay too.
   */
  removePair(
    pair: YAMLPair,
    parent?: { readonly pair: YAMLPair; readonly mapping: YAMLMapping },
    /** Other pairs of the same edit that are removed too (so the mapping may end up empty). */
    alsoRemoved: ReadonlySet<YAMLPair> = new Set(),
  ): TextEdit {
    const mapping = pair.parent;
    if (parent && mapping.pairs.every((other) => other === pair || alsoRemoved.has(other))) return this.removePair(parent.pair);
    return this.one([{ op: "remove", pair }]) ?? NO_EDIT;
  }

  /** Replaces a pair of a block mapping (`run: poetry publish`) with `key: value` and an optional `with:` mapping of strings. */
  replacePair(pair: YAMLPair, key: string, value: string, withPairs: readonly (readonly [string, string])[] = []): TextEdit {
    const entries: [string, YamlValue][] = [[key, value]];
    if (withPairs.length > 0) entries.push(["with", stringEntries(withPairs)]);
    return this.one([{ op: "replace-pair", pair, entries }]) ?? NO_EDIT;
  }

  /** Adds a new item after `item` in its block sequence (a new step after a step), with the same dash and key columns. */
  appendSequenceItem(item: YAMLMapping, pairs: readonly (readonly [string, string])[], withPairs: readonly (readonly [string, string])[] = []): TextEdit {
    return this.one([{ op: "insert-item", item, where: "after", value: step(pairs, withPairs) }]) ?? NO_EDIT;
  }

  /**
   * Adds a new item before `item` in its block sequence (a step before a step), with the same
   * dash and key columns; `undefined` when `item` is not a block mapping after a dash.
   */
  insertSequenceItemBefore(item: YAMLMapping, pairs: readonly (readonly [string, string])[], withPairs: readonly (readonly [string, string])[] = []): TextEdit | undefined {
    if (item.style !== "block") return undefined;
    return this.one([{ op: "insert-item", item, where: "before", value: step(pairs, withPairs) }]);
  }

  /**
   * Replaces characters of a comment's text (`comment.value`, after the `#`), keeping the `#`
   * and everything else on the line.
   */
  replaceInComment(comment: YAMLComment, start: number, end: number, text: string): TextEdit | undefined {
    return this.one([{ op: "edit-comment", comment, start, end, text }]);
  }

  /** Replaces a scalar with a value given as YAML text (`none` → `write`), written plain where that is safe; a key is renamed. */
  replaceScalar(scalar: YAMLScalar, text: string): TextEdit {
    const parent = scalar.parent;
    if (parent.type === "YAMLPair" && parent.key === scalar) return this.one([{ op: "rename", pair: parent, key: text }]) ?? NO_EDIT;
    return this.one([{ op: "set", target: scalar, value: valueOfText(text), quoting: "minimal" }]) ?? NO_EDIT;
  }

  /**
   * Replaces a scalar's whole value with `value`, in the scalar's own style where that can hold it:
   * quotes stay quotes, a plain scalar stays plain unless `value` needs quoting there; a block
   * scalar (`|`, `>`) becomes a one-line scalar.
   */
  replaceScalarValue(scalar: YAMLScalar, value: string): TextEdit {
    return this.one([{ op: "set", target: scalar, value }]) ?? NO_EDIT;
  }

  /**
   * Replaces part of a scalar, given as a source range inside it (see `valueRange`), with
   * `text` that reads as itself there: escaped for quoted scalars; refused (`undefined`) where the
   * scalar's style cannot hold it (a plain scalar in a flow collection given `{`, a line break…).
   */
  replaceInScalar(scalar: YAMLScalar, range: readonly [number, number], text: string): TextEdit | undefined {
    if (text === "") return undefined;
    return this.one([{ op: "edit-scalar", scalar, start: 0, end: 0, text, source: range }]);
  }
}

/** A step: `key: value` pairs of strings, then an optional `with:` mapping. */
function step(pairs: readonly (readonly [string, string])[], withPairs: readonly (readonly [string, string])[]): YamlValue {
  const entries: [string, YamlValue][] = pairs.map(([key, value]) => [key, value]);
  if (withPairs.length > 0) entries.push(["with", stringEntries(withPairs)]);
  return yamlMapping(entries);
}

/**
 * Folds several edits of one report into edits ESLint accepts (it rejects overlapping ranges):
 * edits that touch or overlap are applied together to the text they span.
 */
export function combineEdits(text: string, edits: readonly TextEdit[]): TextEdit[] {
  return groupEdits(edits).map((group) => joinEdits(text, group));
}
