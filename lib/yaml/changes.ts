/**
 * The edit language: changes to a YAML document described as data, turned into text edits in
 * one place.
 *
 * A change says what (this pair goes, that mapping gets `id-token: write`, this input becomes
 * `false`) with a typed value (serialize.ts); `resolveChanges` finds where and how to write it —
 * block or flow, the column of the siblings, the file's line ending, the quoting a value needs
 * there — and combines the changes of one fix into non-overlapping edits, knowing all of them
 * at once: a mapping whose pairs all go is emptied as a whole, an insertion next to a removed
 * line lands beside it, two additions under a key that does not exist yet make one mapping.
 * Where a change cannot be written exactly (a node shared through an anchor or alias, unless
 * the change says `shared: "edit"`; a value whose style cannot hold the text; a duplicate key)
 * the whole set is refused: `undefined`.
 */
import { isInFlowCollection, isShared, pairOf, type YAMLComment, type YAMLContent, type YAMLMapping, type YAMLNode, type YAMLPair, type YAMLScalar } from "./nodes.js";
import { afterIndicator, blockItem, blockPair, doubleQuoted, flowText, isCollection, isPlainSafe, keyText, scalarText, singleQuoted, type YamlMappingValue, type YamlValue } from "./serialize.js";
import { groupEdits, joinEdits, type TextEdit, type YamlText } from "./text.js";

type Ranged = { readonly range: readonly [number, number] };

/**
 * Replaces the value of a pair (also a pair without a value, `env:`) or a sequence item.
 * `quoting: "keep"` (the default) writes a string in the scalar's own style where that style can
 * hold it (quotes stay quotes); `"minimal"` writes it plain where that is safe. Booleans, numbers
 * and null are written as such; a collection replaces a scalar as a block under the key.
 */
export interface SetValue {
  readonly op: "set";
  readonly target: YAMLPair | YAMLContent;
  readonly value: YamlValue;
  readonly quoting?: "keep" | "minimal";
  readonly shared?: SharedNodes;
}

/**
 * What a change does to a node shared through an anchor or alias. `"refuse"` (the default): the
 * whole fix is refused, since editing it would change every place that repeats it. `"edit"`:
 * the node is edited where it is written, and every place that repeats it reads the new value,
 * for a change that each of them needs (a secret literal becoming `${{ secrets.… }}`).
 */
export type SharedNodes = "refuse" | "edit";

/** Adds `key: value` to a mapping, as its last pair (or its first with `at: "start"`). The key must be new. */
export interface AddPair {
  readonly op: "add";
  readonly mapping: YAMLMapping;
  readonly key: string;
  readonly value: YamlValue;
  readonly at?: "start" | "end";
}

/**
 * Sets the value at `path` under a mapping, adding what is missing (`["env", "TOKEN"]` adds the
 * variable to `env:`, or `env:` itself): an existing pair's value is replaced, a missing key is
 * added (`at` places a pair added to `mapping` itself; deeper ones go last), a key without a
 * value gets a mapping. Several puts under one missing key make one mapping.
 */
export interface PutValue {
  readonly op: "put";
  readonly mapping: YAMLMapping;
  readonly path: readonly [string, ...string[]];
  readonly value: YamlValue;
  readonly at?: "start" | "end";
}

/**
 * Removes a pair (whole lines in block style, so neighbours and comment lines stay). When every
 * pair of its mapping goes, `ifEmptied: "remove-parent"` removes the key that holds the mapping
 * (an `env:` left empty); `"keep"` (the default) leaves an empty mapping `{}`.
 */
export interface RemovePair {
  readonly op: "remove";
  readonly pair: YAMLPair;
  readonly ifEmptied?: "remove-parent" | "keep";
}

/** Renames a pair's key (`cache:` → `package-manager-cache:`), keeping its value. */
export interface RenameKey {
  readonly op: "rename";
  readonly pair: YAMLPair;
  readonly key: string;
}

/** Replaces a pair with other pairs at its place (`run: poetry publish` → `uses:` + `with:`). */
export interface ReplacePair {
  readonly op: "replace-pair";
  readonly pair: YAMLPair;
  readonly entries: YamlMappingValue["entries"];
}

/** Inserts an item next to `item` in its sequence (a step before or after a step), with the siblings' dash and key columns. */
export interface InsertItem {
  readonly op: "insert-item";
  readonly item: YAMLContent;
  readonly where: "before" | "after";
  readonly value: YamlValue;
}

/**
 * Replaces the characters `start`–`end` of a scalar's value (what YAML reads, not the source)
 * with `text`, written so that it reads as itself in the scalar's style (escaped in double
 * quotes, doubled quotes in single quotes); `""` removes them. Everything else of the scalar,
 * its quotes and the comment after it stay. Refused where the source does not spell that part
 * literally or the style cannot hold the text.
 */
export interface EditScalar {
  readonly op: "edit-scalar";
  readonly scalar: YAMLScalar;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly shared?: SharedNodes;
}

/** Replaces characters `start`–`end` of a comment's text (after the `#`). */
export interface EditComment {
  readonly op: "edit-comment";
  readonly comment: YAMLComment;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export type Change = SetValue | AddPair | PutValue | RemovePair | RenameKey | ReplacePair | InsertItem | EditScalar | EditComment;

class Refused extends Error {}

function refuse(): never {
  throw new Refused();
}

/** The text edits that make `changes`, combined and non-overlapping; `undefined` when they cannot all be written exactly. */
export function resolveChanges(doc: YamlText, changes: readonly Change[]): TextEdit[] | undefined {
  try {
    return new Resolution(doc).run(changes);
  } catch (error) {
    if (error instanceof Refused) return undefined;
    throw error;
  }
}

/** A mapping value being built from puts under a key that does not exist yet. */
interface Building {
  readonly kind: "mapping";
  readonly entries: [string, YamlValue][];
}

const building = (): Building => ({ kind: "mapping", entries: [] });

type Addition = { key: string; value: YamlValue; at: "start" | "end" };

class Resolution {
  private readonly edits: TextEdit[] = [];
  /** Pairs removed, per mapping, with whether an emptied mapping takes its key with it. */
  private readonly removals = new Map<YAMLMapping, { pairs: Set<YAMLPair>; removeParent: boolean }>();
  private readonly additions = new Map<YAMLMapping, Addition[]>();
  /** Values set on pairs and items, so that two changes of one node are caught. */
  private readonly sets = new Map<YAMLPair | YAMLContent, SetValue>();
  private readonly renamed = new Set<YAMLPair>();

  constructor(private readonly doc: YamlText) {}

  run(changes: readonly Change[]): TextEdit[] {
    for (const change of changes) this.collect(change);
    this.writeRemovals();
    for (const [mapping, additions] of this.additions) this.writeAdditions(mapping, additions);
    for (const set of this.sets.values()) this.writeSet(set);
    return combine(this.doc.text, this.edits);
  }

  /** A node shared through an anchor or alias is not edited: the edit would change every place that repeats it. */
  private guard(node: YAMLNode | null | undefined): void {
    if (node && isShared(node as YAMLContent)) refuse();
  }

  private collect(change: Change): void {
    switch (change.op) {
      case "set": {
        const target = pairOfValue(insideAnchor(change.target)) ?? insideAnchor(change.target);
        if (change.shared !== "edit") this.guard(target.type === "YAMLPair" ? (target.value ?? target.parent) : target);
        if (this.sets.has(target)) refuse();
        this.sets.set(target, { ...change, target });
        return;
      }
      case "add":
        this.guard(change.mapping);
        if (pairOf(change.mapping, change.key)) refuse();
        this.addition(change.mapping, { key: change.key, value: change.value, at: change.at ?? "end" });
        return;
      case "put":
        this.put(change.mapping, change.path, change.value, change.at ?? "end");
        return;
      case "remove": {
        const mapping = change.pair.parent;
        this.guard(mapping);
        const entry = this.removals.get(mapping) ?? { pairs: new Set(), removeParent: false };
        entry.pairs.add(change.pair);
        if (change.ifEmptied === "remove-parent") entry.removeParent = true;
        this.removals.set(mapping, entry);
        return;
      }
      case "rename": {
        this.guard(change.pair.parent);
        const key = change.pair.key;
        if (key?.type !== "YAMLScalar" || key.style !== "plain" || this.renamed.has(change.pair)) refuse();
        this.renamed.add(change.pair);
        this.edits.push({ range: key.range, text: keyText(change.key, isInFlowCollection(key)) });
        return;
      }
      case "replace-pair":
        this.guard(change.pair.parent);
        this.edits.push(this.replacePair(change.pair, change.entries));
        return;
      case "insert-item":
        this.guard(change.item.parent as YAMLNode);
        this.edits.push(this.insertItem(change.item, change.where, change.value));
        return;
      case "edit-scalar":
        if (change.shared !== "edit") this.guard(change.scalar);
        this.edits.push(this.editScalar(change.scalar, this.doc.valueRange(change.scalar, change.start, change.end), change.text));
        return;
      case "edit-comment":
        this.edits.push(this.editComment(change.comment, change.start, change.end, change.text));
        return;
    }
  }

  private addition(mapping: YAMLMapping, addition: Addition): void {
    const list = this.additions.get(mapping) ?? [];
    if (list.some((other) => other.key === addition.key)) refuse();
    list.push(addition);
    this.additions.set(mapping, list);
  }

  private put(mapping: YAMLMapping, path: readonly string[], value: YamlValue, at: "start" | "end"): void {
    const [key, ...rest] = path as [string, ...string[]];
    this.guard(mapping);
    const pending = this.additions.get(mapping)?.find((addition) => addition.key === key);
    if (pending) {
      if (rest.length === 0 || !isBuilding(pending.value)) refuse();
      mergeInto(pending.value, rest, value);
      return;
    }
    const pair = pairOf(mapping, key);
    if (!pair) {
      this.addition(mapping, { key, value: nest(rest, value), at });
      return;
    }
    if (rest.length === 0) {
      this.collect({ op: "set", target: pair, value });
      return;
    }
    if (pair.value === null) {
      // `env:` with nothing under it: it gets a mapping (merged with other puts under it).
      const existing = this.sets.get(pair);
      if (existing) {
        if (!isBuilding(existing.value)) refuse();
        mergeInto(existing.value, rest, value);
      } else {
        const mappingValue = building();
        mergeInto(mappingValue, rest, value);
        this.collect({ op: "set", target: pair, value: mappingValue });
      }
      return;
    }
    if (pair.value.type !== "YAMLMapping") refuse(); // a scalar, an alias, a tagged or anchored node: not ours to extend
    this.put(pair.value, rest, value, "end");
  }

  // --- removals -------------------------------------------------------------------------------

  private writeRemovals(): void {
    // An emptied mapping whose key goes with it adds that key to its own mapping's removals
    // (which may empty that one in turn): repeated until nothing more goes.
    for (let changed = true; changed; ) {
      changed = false;
      for (const [mapping, entry] of [...this.removals]) {
        const parent = mapping.parent as YAMLNode | null;
        if (!entry.removeParent || parent?.type !== "YAMLPair" || !this.emptied(mapping)) continue;
        const owner = parent.parent;
        this.guard(owner);
        const ownerEntry = this.removals.get(owner) ?? { pairs: new Set<YAMLPair>(), removeParent: false };
        ownerEntry.pairs.add(parent);
        this.removals.set(owner, ownerEntry);
        entry.pairs.clear(); // the whole pair goes: nothing to remove inside it
        changed = true;
      }
    }
    for (const [mapping, { pairs }] of this.removals) {
      if (pairs.size === 0 || this.insideRemoved(mapping)) continue;
      for (const pair of pairs) if (this.sets.has(pair) || this.renamed.has(pair)) refuse();
      this.edits.push(...this.removeFrom(mapping, pairs));
    }
  }

  /** Whether every pair of a mapping is removed and none is added. */
  private emptied(mapping: YAMLMapping): boolean {
    const removed = this.removals.get(mapping)?.pairs;
    return !!removed && removed.size > 0 && mapping.pairs.every((pair) => removed.has(pair)) && !this.additions.has(mapping);
  }

  /** Whether a node lies inside a pair that is removed whole. */
  private insideRemoved(node: YAMLNode): boolean {
    for (let current = node.parent as YAMLNode | null; current; current = current.parent as YAMLNode | null) {
      if (current.type === "YAMLPair" && this.removals.get(current.parent)?.pairs.has(current)) return true;
    }
    return false;
  }

  private removeFrom(mapping: YAMLMapping, removed: ReadonlySet<YAMLPair>): TextEdit[] {
    const { doc } = this;
    const pairs = mapping.pairs;
    const kept = (from: number, step: 1 | -1) => {
      for (let index = from; index >= 0 && index < pairs.length; index += step) if (!removed.has(pairs[index]!)) return pairs[index];
      return undefined;
    };
    if (mapping.style === "flow") {
      if (this.emptied(mapping)) {
        const open = mapping.range[0];
        const close = doc.contentEnd(mapping) - 1;
        return [{ range: [open + 1, close], text: "" }];
      }
      // Runs of removed pairs: up to the next kept pair, or from the previous kept one at the end.
      const edits: TextEdit[] = [];
      for (let index = 0; index < pairs.length; index++) {
        if (!removed.has(pairs[index]!)) continue;
        let last = index;
        while (last + 1 < pairs.length && removed.has(pairs[last + 1]!)) last++;
        const next = kept(last + 1, 1);
        const previous = kept(index - 1, -1);
        if (next) edits.push({ range: [pairs[index]!.range[0], next.range[0]], text: "" });
        else if (previous) edits.push({ range: [doc.contentEnd(previous), doc.contentEnd(pairs[last]!)], text: "" });
        index = last;
      }
      return edits;
    }
    if (this.emptied(mapping)) return this.emptyBlock(mapping);
    const edits: TextEdit[] = [];
    for (let index = 0; index < pairs.length; index++) {
      const pair = pairs[index]!;
      if (!removed.has(pair)) continue;
      if (doc.startsLine(pair.range[0])) {
        edits.push({ range: [doc.lineStart(pair.range[0]), doc.nextLineStart(doc.contentEnd(pair))], text: "" });
        continue;
      }
      // The pair shares its line with what precedes it (`- env:` in a sequence item): the next
      // kept pair moves up to its place.
      const next = kept(index + 1, 1);
      if (!next) refuse();
      edits.push({ range: [pair.range[0], next.range[0]], text: "" });
      index = pairs.indexOf(next) - 1;
    }
    return edits;
  }

  /** A block mapping whose every pair goes, kept as an empty mapping `{}`. */
  private emptyBlock(mapping: YAMLMapping): TextEdit[] {
    const { doc } = this;
    const first = mapping.pairs[0]!;
    if (!doc.startsLine(first.range[0])) return [{ range: [first.range[0], doc.contentEnd(mapping)], text: "{}" }];
    const parent = mapping.parent as YAMLNode | null;
    const colon = parent?.type === "YAMLPair" ? this.colonOf(parent) : undefined;
    if (colon === undefined) refuse();
    return [
      { range: [colon + 1, colon + 1], text: " {}" },
      ...mapping.pairs.map((pair): TextEdit => ({ range: [doc.lineStart(pair.range[0]), doc.nextLineStart(doc.contentEnd(pair))], text: "" })),
    ];
  }

  /** The offset of a pair's `:`, when only blanks stand between its key and it. */
  private colonOf(pair: YAMLPair): number | undefined {
    if (!pair.key) return undefined;
    const colon = this.doc.text.indexOf(":", pair.key.range[1]);
    return colon !== -1 && this.doc.text.slice(pair.key.range[1], colon).trim() === "" ? colon : undefined;
  }

  // --- additions ------------------------------------------------------------------------------

  private writeAdditions(mapping: YAMLMapping, additions: readonly Addition[]): void {
    if (this.insideRemoved(mapping)) refuse();
    const removed = this.removals.get(mapping)?.pairs ?? new Set<YAMLPair>();
    const kept = mapping.pairs.filter((pair) => !removed.has(pair));
    const inFlow = mapping.style === "flow" || isInFlowCollection(mapping);
    for (const at of ["start", "end"] as const) {
      const here = additions.filter((addition) => addition.at === at);
      if (here.length === 0) continue;
      if (inFlow) {
        this.edits.push(this.flowAddition(mapping, here, kept, at));
        continue;
      }
      const layout = { column: this.doc.keyColumn(mapping), unit: this.doc.nestedUnit(mapping), eol: this.doc.eol };
      const lines = here.map(({ key, value }) => blockPair(key, value, layout));
      const indent = " ".repeat(layout.column);
      const anchor = at === "end" ? kept.at(-1) : undefined;
      if (anchor) {
        this.edits.push(this.linesAfter(anchor, lines.map((line) => `${indent}${line}`)));
        continue;
      }
      // At the start (or nothing kept to follow): before the first pair, at its column.
      const first = mapping.pairs[0];
      if (!first) refuse();
      if (this.doc.startsLine(first.range[0])) {
        const offset = this.doc.lineStart(first.range[0]);
        this.edits.push({ range: [offset, offset], text: lines.map((line) => `${indent}${line}${this.doc.eol}`).join("") });
      } else {
        // After a dash (`- run: …`): the new pair takes the dash line, the first pair moves down.
        if (removed.has(first)) refuse();
        this.edits.push({ range: [first.range[0], first.range[0]], text: lines.map((line) => `${line}${this.doc.eol}${indent}`).join("") });
      }
    }
  }

  private flowAddition(mapping: YAMLMapping, additions: readonly Addition[], kept: readonly YAMLPair[], at: "start" | "end"): TextEdit {
    const body = additions.map(({ key, value }) => `${keyText(key, true)}: ${flowText(value)}`).join(", ");
    if (mapping.style !== "flow") refuse(); // a block mapping inside a flow collection cannot be
    const open = mapping.range[0] + 1;
    if (kept.length === 0) return { range: [open, open], text: body };
    if (at === "start") return { range: [open, open], text: `${body}, ` };
    const end = this.doc.contentEnd(kept.at(-1)!);
    return { range: [end, end], text: `, ${body}` };
  }

  // --- values ---------------------------------------------------------------------------------

  private writeSet(set: SetValue): void {
    const target = set.target;
    if (target.type === "YAMLPair") {
      if (this.insideRemoved(target) || this.removals.get(target.parent)?.pairs.has(target)) refuse();
      this.edits.push(this.setPairValue(target, set.value, set.quoting ?? "keep"));
      return;
    }
    if (this.insideRemoved(target)) refuse();
    // A sequence item (or a document's root): in place, a collection in flow syntax.
    this.edits.push({ range: [target.range[0], this.endOf(target)], text: this.valueText(target, set.value, set.quoting ?? "keep") });
  }

  /** Where a node's replaceable text ends: a block scalar without its trailing line break. */
  private endOf(node: YAMLContent): number {
    return node.type === "YAMLScalar" && (node.style === "literal" || node.style === "folded") ? this.doc.contentEnd(node) : node.range[1];
  }

  private setPairValue(pair: YAMLPair, value: YamlValue, quoting: "keep" | "minimal"): TextEdit {
    const current = pair.value;
    const inFlow = isInFlowCollection(pair) || pair.parent.style === "flow";
    const block = isCollection(value) && !inFlow && !isEmptyCollection(value);
    const colon = this.colonOf(pair);
    const blockCurrent = (current?.type === "YAMLMapping" || current?.type === "YAMLSequence") && current.style === "block";
    if (!block && !blockCurrent) {
      if (current) return { range: [current.range[0], this.endOf(current)], text: this.valueText(current, value, quoting) };
      if (colon === undefined) refuse();
      return { range: [colon + 1, colon + 1], text: ` ${inFlow ? flowText(value) : this.oneLine(value)}` };
    }
    if (colon === undefined) refuse();
    if (!block) {
      // A block collection becomes a scalar (or an empty collection) after the key.
      if (this.doc.text.slice(colon + 1, current!.range[0]).trim() !== "") refuse();
      return { range: [colon + 1, this.endOf(current!)], text: ` ${this.oneLine(value)}` };
    }
    // A block collection under the key, one step deeper than the pair.
    const layout = { column: pair.loc.start.column + this.doc.nestedUnit(pair.parent), unit: this.doc.nestedUnit(pair.parent), eol: this.doc.eol };
    const lines = afterIndicator(value, layout);
    if (!current) {
      const offset = this.doc.lineEnd(colon);
      return { range: [offset, offset], text: lines };
    }
    // Only blanks between the `:` and the value (no tag, anchor or comment to lose).
    if (this.doc.text.slice(colon + 1, current.range[0]).trim() !== "") refuse();
    return { range: [colon + 1, this.endOf(current)], text: lines };
  }

  /** A scalar or empty collection in block context, on one line. */
  private oneLine(value: YamlValue): string {
    return isCollection(value) ? flowText(value) : scalarText(value, false);
  }

  /** The text that replaces `node` with `value` on its line, in the node's style where it can hold the value. */
  private valueText(node: YAMLContent, value: YamlValue, quoting: "keep" | "minimal"): string {
    const inFlow = isInFlowCollection(node);
    if (isCollection(value)) return flowText(value);
    if (typeof value !== "string" || quoting === "minimal" || node.type !== "YAMLScalar") return scalarText(value, inFlow);
    switch (node.style) {
      case "single-quoted":
        return singleQuoted(value) ?? doubleQuoted(value);
      case "double-quoted":
        return doubleQuoted(value);
      default:
        return scalarText(value, inFlow);
    }
  }

  // --- pairs and items ------------------------------------------------------------------------

  private replacePair(pair: YAMLPair, entries: YamlMappingValue["entries"]): TextEdit {
    if (entries.length === 0) refuse();
    const mapping = pair.parent;
    const end = this.doc.contentEnd(pair);
    if (mapping.style === "flow") return { range: [pair.range[0], end], text: entries.map(([key, value]) => `${keyText(key, true)}: ${flowText(value)}`).join(", ") };
    const column = pair.loc.start.column;
    const layout = { column, unit: this.doc.nestedUnit(mapping), eol: this.doc.eol };
    const text = entries.map(([key, value]) => blockPair(key, value, layout)).join(`${this.doc.eol}${" ".repeat(column)}`);
    return { range: [pair.range[0], end], text };
  }

  private insertItem(item: YAMLContent, where: "before" | "after", value: YamlValue): TextEdit {
    const sequence = item.parent as YAMLNode | null;
    if (sequence?.type !== "YAMLSequence" || !sequence.entries.includes(item as never)) refuse();
    const { doc } = this;
    if (sequence.style === "flow") {
      const text = flowText(value);
      if (where === "before") return { range: [item.range[0], item.range[0]], text: `${text}, ` };
      const end = doc.contentEnd(item);
      return { range: [end, end], text: `, ${text}` };
    }
    // The item's dash: the last `-` before it, with only blanks between.
    const dash = doc.text.lastIndexOf("-", item.range[0] - 1);
    if (dash === -1 || doc.text.slice(dash + 1, item.range[0]).trim() !== "" || !doc.startsLine(dash)) refuse();
    const dashColumn = dash - doc.lineStart(dash);
    const keyOffset = item.loc.start.column - dashColumn;
    const unit = item.type === "YAMLMapping" ? doc.nestedUnit(item) : 2;
    const text = blockItem(value, { column: dashColumn, unit, eol: doc.eol }, doc.lineStart(item.range[0]) === doc.lineStart(dash) ? keyOffset : 2);
    const indent = " ".repeat(dashColumn);
    if (where === "before") {
      const offset = doc.lineStart(dash);
      return { range: [offset, offset], text: `${indent}${text}${doc.eol}` };
    }
    return this.linesAfter(item, [`${indent}${text}`]);
  }

  /**
   * Whole lines inserted after the line where `node` ends (after its trailing comment): at the
   * start of the next line, so that they land beside a removal of the node's last line rather
   * than inside it (a step's last `env:` variable removed, a step inserted after it).
   */
  private linesAfter(node: Ranged, lines: readonly string[]): TextEdit {
    const { doc } = this;
    const end = doc.contentEnd(node);
    const next = doc.nextLineStart(end);
    if (next > end && doc.text[next - 1] === "\n") return { range: [next, next], text: lines.map((line) => `${line}${doc.eol}`).join("") };
    const offset = doc.lineEnd(end); // the last line of a file without a final line break
    return { range: [offset, offset], text: lines.map((line) => `${doc.eol}${line}`).join("") };
  }

  // --- parts of scalars and comments -----------------------------------------------------------

  private editScalar(scalar: YAMLScalar, range: readonly [number, number] | undefined, text: string): TextEdit {
    if (!range || /[\n\r]/u.test(text)) refuse();
    const [from, to] = range;
    if (from < scalar.range[0] || to > scalar.range[1] || from > to || (from === to && text === "")) refuse();
    switch (scalar.style) {
      case "double-quoted":
        return { range, text: doubleQuoted(text).slice(1, -1) };
      case "single-quoted": {
        const quoted = singleQuoted(text);
        if (quoted === undefined) refuse();
        return { range, text: quoted.slice(1, -1) };
      }
      case "literal":
      case "folded": {
        // A line that starts with a blank where it did not (or the reverse) changes the block's
        // indentation or folding.
        const source = this.doc.text;
        if (source.slice(this.doc.lineStart(from), from).trim() === "") {
          const before = source.slice(from, this.doc.lineEnd(from));
          const after = text + source.slice(to, this.doc.lineEnd(to));
          if (/^[ \t]/u.test(before) !== /^[ \t]/u.test(after) && after !== "") refuse();
        }
        return { range, text };
      }
      default:
        return { range, text: this.plainPart(scalar, from, to, text) };
    }
  }

  /** `text` in place of source `from`–`to` of a plain scalar, when the scalar still reads as intended. */
  private plainPart(scalar: YAMLScalar, from: number, to: number, text: string): string {
    const source = this.doc.text;
    const written = source.slice(scalar.range[0], from) + text + source.slice(to, scalar.range[1]);
    const inFlow = isInFlowCollection(scalar);
    if (!written.includes("\n")) {
      // One line: the whole new scalar must be a plain string that reads as itself.
      if (typeof scalar.value !== "string" || !isPlainSafe(written, inFlow, true)) refuse();
      return text;
    }
    // A multi-line plain scalar: the edited line must not start a comment, a value or a blank end.
    const before = source[from - 1] ?? "";
    const after = source[to] ?? "";
    const joined = `${before}${text}${after}`;
    if (/:\s|\s#/u.test(joined) || (inFlow && /[,[\]{}]/u.test(text)) || /^\s|\s$/u.test(text) || (text === "" && /\s/u.test(before) && /\s|^$/u.test(after))) refuse();
    return text;
  }

  private editComment(comment: YAMLComment, start: number, end: number, text: string): TextEdit {
    if (/[\n\r]/u.test(text) || start < 0 || end > comment.value.length || start > end) refuse();
    const valueStart = comment.range[1] - comment.value.length;
    if (this.doc.text.slice(valueStart, comment.range[1]) !== comment.value) refuse();
    return { range: [valueStart + start, valueStart + end], text };
  }
}

/** An anchored value's content (a pair's, or the node's own): replaced inside the anchor, so that the aliases that repeat it stay valid. */
function insideAnchor(node: YAMLPair | YAMLContent): YAMLPair | YAMLContent {
  const value = node.type === "YAMLPair" ? node.value : node;
  return value?.type === "YAMLWithMeta" && value.anchor !== null && value.value ? value.value : node;
}

/** The pair whose value `node` is, so that setting it and setting the pair are one change. */
function pairOfValue(node: YAMLPair | YAMLContent): YAMLPair | undefined {
  if (node.type === "YAMLPair") return node;
  const parent = node.parent as YAMLNode | null;
  return parent?.type === "YAMLPair" && parent.value === node ? parent : undefined;
}

function isBuilding(value: YamlValue): value is Building {
  return isCollection(value) && value.kind === "mapping" && Array.isArray(value.entries);
}

function isEmptyCollection(value: YamlValue): boolean {
  return isCollection(value) && (value.kind === "mapping" ? value.entries.length === 0 : value.items.length === 0);
}

/** `value` under the keys of `path`, as nested mappings being built. */
function nest(path: readonly string[], value: YamlValue): YamlValue {
  if (path.length === 0) return value;
  const mapping = building();
  mergeInto(mapping, path, value);
  return mapping;
}

function mergeInto(mapping: Building, path: readonly string[], value: YamlValue): void {
  const [key, ...rest] = path as [string, ...string[]];
  const existing = mapping.entries.find(([other]) => other === key);
  if (!existing) {
    mapping.entries.push([key, nest(rest, value)]);
    return;
  }
  if (rest.length === 0 || !isBuilding(existing[1])) refuse();
  mergeInto(existing[1], rest, value);
}

/**
 * Joins edits that touch (an insertion at the start or end of a removal) into one; a removal
 * inside another's range is dropped (a line inside a removed block). Edits that cross, or an
 * insertion that a removal would swallow, are refused. A no-op edit is left out.
 */
function combine(text: string, edits: readonly TextEdit[]): TextEdit[] {
  const inside = (member: TextEdit, at: number) => {
    if (member.range[1] > at || member.text !== "") refuse();
  };
  return groupEdits(edits)
    .map((group) => joinEdits(text, group, inside))
    .filter((edit) => edit.range[0] !== edit.range[1] || edit.text !== "");
}
