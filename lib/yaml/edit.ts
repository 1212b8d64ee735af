/**
 * Safe YAML edits, as text edits that ESLint fixers apply.
 *
 * Each edit keeps the file's style: its line endings, the indentation of the mapping it touches,
 * block or flow syntax, and comments on neighbouring lines (an insertion never lands between a
 * pair and its trailing comment). No rule writes YAML text by hand; they all come here.
 */
import { isInFlowCollection, type YAMLComment, type YAMLMapping, type YAMLPair, type YAMLScalar } from "./nodes.js";

export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

/** A scalar value to write: plain when YAML reads it back as the same string, quoted otherwise. */
export function yamlString(value: string): string {
  const plainSafe =
    value !== "" &&
    !/^[\s!"#%&'*,:>?@[\]`{|}-]/u.test(value) &&
    !/\s$/u.test(value) &&
    !/:\s|\s#|:$|[\n\r\t]/u.test(value) &&
    !/^[-+.]?\d/u.test(value) &&
    !/^(?:true|false|yes|no|on|off|null|[yn~])$/iu.test(value);
  return plainSafe ? value : JSON.stringify(value);
}

/**
 * Whether `value` can be written as a plain scalar (unquoted) and read back as the same string, in
 * block context or inside a flow collection. Conservative: when in doubt, quote.
 */
export function isPlainSafe(value: string, inFlow: boolean): boolean {
  if (value === "" || value !== value.trim() || /[\n\r\t]/u.test(value)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/u.test(value)) return false;
  if (value.includes(": ") || value.includes(" #") || value.endsWith(":")) return false;
  if (inFlow && /[,[\]{}]/u.test(value)) return false;
  // Booleans and nulls of YAML 1.1 and 1.2, and anything that starts like a number.
  if (/^(?:true|false|yes|no|on|off|null|[~ny])$/iu.test(value)) return false;
  return !/^[-+]?\.?\d/u.test(value) && !/^\.(?:inf|nan)$/iu.test(value);
}

export class YamlEditor {
  /** The file's line ending (CRLF files stay CRLF). */
  readonly eol: string;

  constructor(readonly text: string) {
    this.eol = text.includes("\r\n") ? "\r\n" : "\n";
  }

  /** The column of a mapping's keys. */
  private keyColumn(mapping: YAMLMapping): number {
    return mapping.pairs[0]?.loc.start.column ?? mapping.loc.start.column;
  }

  /** The indentation step of the file around a mapping: its key column minus its parent key's. */
  indentUnit(mapping: YAMLMapping, parentPair: YAMLPair | undefined): number {
    const unit = parentPair ? this.keyColumn(mapping) - parentPair.loc.start.column : 0;
    return unit > 0 ? unit : 2;
  }

  /** End of the line that holds `offset`, before its line break (after any trailing comment). */
  private lineEnd(offset: number): number {
    const newline = this.text.indexOf("\n", offset);
    if (newline === -1) return this.text.length;
    return this.text[newline - 1] === "\r" ? newline - 1 : newline;
  }

  /** The last offset of a node's own text, ignoring the line break a block scalar may include. */
  private contentEnd(node: { range: readonly [number, number] }): number {
    let end = node.range[1];
    while (end > node.range[0] && /\s/u.test(this.text[end - 1]!)) end--;
    return end;
  }

  /**
   * Adds `key: value` as the last pair of a mapping. `value` is YAML text for a scalar or a flow
   * collection.
   */
  appendPair(mapping: YAMLMapping, key: string, value: string): TextEdit {
    const last = mapping.pairs.at(-1);
    if (!last && mapping.style === "block") return this.prependText(mapping, `${key}: ${value}`);
    if (mapping.style === "flow") {
      if (!last) {
        const open = mapping.range[0] + 1;
        return { range: [open, open], text: `${key}: ${value}` };
      }
      const end = this.contentEnd(last);
      return { range: [end, end], text: `, ${key}: ${value}` };
    }
    const at = this.lineEnd(this.contentEnd(last!));
    const indent = " ".repeat(this.keyColumn(mapping));
    return { range: [at, at], text: `${this.eol}${indent}${key}: ${value}` };
  }

  /**
   * Adds `key:` with a nested mapping of `entries` as the last pair of a mapping (`env:` after a
   * step's `run:`). Values are strings, written plain where YAML reads them back unchanged and
   * quoted otherwise; in a flow mapping the nested mapping is a flow mapping too. With
   * `values: "yaml"` they are YAML text written as given (`false` for a step input set off).
   */
  appendMappingPair(
    mapping: YAMLMapping,
    parentPair: YAMLPair | undefined,
    key: string,
    entries: readonly (readonly [string, string])[],
    values: "strings" | "yaml" = "strings",
  ): TextEdit {
    const inFlow = mapping.style === "flow" || isInFlowCollection(mapping);
    const scalar = (value: string) => (values === "yaml" || isPlainSafe(value, inFlow) ? value : JSON.stringify(value));
    const last = mapping.pairs.at(-1);
    if (inFlow || !last) return this.appendPair(mapping, key, `{${entries.map(([k, v]) => `${k}: ${scalar(v)}`).join(", ")}}`);
    const at = this.lineEnd(this.contentEnd(last));
    const column = this.keyColumn(mapping);
    const inner = " ".repeat(column + this.indentUnit(mapping, parentPair));
    const lines = entries.map(([k, v]) => `${this.eol}${inner}${k}: ${scalar(v)}`).join("");
    return { range: [at, at], text: `${this.eol}${" ".repeat(column)}${key}:${lines}` };
  }

  /**
   * Adds `key:` with a nested mapping of `entries` as the first pair of a mapping, so nothing
   * that follows moves and no comment changes place.
   */
  prependMappingPair(
    mapping: YAMLMapping,
    parentPair: YAMLPair | undefined,
    key: string,
    entries: readonly (readonly [string, string])[],
  ): TextEdit {
    const first = mapping.pairs[0];
    if (mapping.style === "flow" || !first) {
      const open = mapping.range[0] + 1;
      const body = entries.map(([k, v]) => `${k}: ${v}`).join(", ");
      return { range: [open, open], text: `${key}: {${body}}${first ? ", " : ""}` };
    }
    const column = this.keyColumn(mapping);
    const indent = " ".repeat(column);
    const inner = " ".repeat(column + this.indentUnit(mapping, parentPair));
    const lines = entries.map(([k, v]) => `${inner}${k}: ${v}`).join(this.eol);
    return { range: [first.range[0], first.range[0]], text: `${key}:${this.eol}${lines}${this.eol}${indent}` };
  }

  /**
   * Adds `key: value` as the first pair of a mapping (`environment: pypi` at the top of a job),
   * so nothing that follows moves and no comment changes place. `value` is YAML text.
   */
  prependPair(mapping: YAMLMapping, key: string, value: string): TextEdit {
    const first = mapping.pairs[0];
    if (mapping.style === "flow" || !first) {
      const open = mapping.range[0] + (mapping.style === "flow" ? 1 : 0);
      return { range: [open, open], text: `${key}: ${value}${first ? ", " : ""}` };
    }
    return { range: [first.range[0], first.range[0]], text: `${key}: ${value}${this.eol}${" ".repeat(this.keyColumn(mapping))}` };
  }

  private prependText(mapping: YAMLMapping, text: string): TextEdit {
    return { range: [mapping.range[0], mapping.range[0]], text };
  }

  /**
   * Replaces a pair's value with a nested block mapping of `entries` (`permissions: read-all` →
   * `permissions:` + scopes), keeping whatever follows the value on its line.
   */
  replaceValueWithMapping(
    pair: YAMLPair,
    parentMapping: YAMLMapping,
    parentPair: YAMLPair | undefined,
    entries: readonly (readonly [string, string])[],
  ): TextEdit | undefined {
    if (!pair.key || !pair.value) return undefined;
    if (parentMapping.style === "flow") {
      const body = entries.map(([k, v]) => `${k}: ${v}`).join(", ");
      return { range: [pair.value.range[0], pair.value.range[1]], text: `{${body}}` };
    }
    const inner = " ".repeat(pair.loc.start.column + this.indentUnit(parentMapping, parentPair));
    const lines = entries.map(([k, v]) => `${this.eol}${inner}${k}: ${v}`).join("");
    return { range: [pair.key.range[1], pair.value.range[1]], text: `:${lines}` };
  }

  /** Start of the line that holds `offset`. */
  private lineStart(offset: number): number {
    return this.text.lastIndexOf("\n", offset - 1) + 1;
  }

  /** Offset just past the line break that ends the line holding `offset` (or the end of text). */
  private nextLineStart(offset: number): number {
    const newline = this.text.indexOf("\n", offset);
    return newline === -1 ? this.text.length : newline + 1;
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
    const index = mapping.pairs.indexOf(pair);
    if (mapping.style === "flow") {
      const next = mapping.pairs[index + 1];
      const previous = mapping.pairs[index - 1];
      if (next) return { range: [pair.range[0], next.range[0]], text: "" };
      if (previous) return { range: [this.contentEnd(previous), this.contentEnd(pair)], text: "" };
      return { range: [pair.range[0], this.contentEnd(pair)], text: "" };
    }
    const start = this.lineStart(pair.range[0]);
    const ownsLine = this.text.slice(start, pair.range[0]).trim() === "";
    if (ownsLine) return { range: [start, this.nextLineStart(this.contentEnd(pair))], text: "" };
    // The pair shares its line with what precedes it (`- env:` in a sequence item).
    const next = mapping.pairs[index + 1];
    if (next) return { range: [pair.range[0], next.range[0]], text: "" };
    return { range: [pair.range[0], this.contentEnd(pair)], text: "{}" };
  }

  /**
   * Maps a range of a scalar's value (what YAML reads) to the range of source text that spells
   * it, for scalars where that is exact: one-line plain or quoted scalars without escapes, and
   * literal blocks (`|`). `undefined` for anything else (folded, multi-line flow, escapes).
   */
  valueRange(scalar: YAMLScalar, start: number, end: number): [number, number] | undefined {
    return this.exactValueRange(scalar, start, end) ?? this.verbatimValueRange(scalar, start, end);
  }

  /**
   * For a one-line part in any style (escapes elsewhere in a quoted scalar, folded blocks): the
   * n-th time the part occurs in the value is the n-th time it occurs in the scalar's source,
   * which holds when the counts agree.
   */
  private verbatimValueRange(scalar: YAMLScalar, start: number, end: number): [number, number] | undefined {
    const value = scalar.value === null ? "" : String(scalar.value);
    const part = value.slice(start, end);
    if (part === "" || part.includes("\n") || start < 0 || end > value.length) return undefined;
    const written = this.text.slice(scalar.range[0], scalar.range[1]);
    const occurrences = (text: string): number[] => {
      const found: number[] = [];
      for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + 1)) found.push(at);
      return found;
    };
    const inValue = occurrences(value);
    const inSource = occurrences(written);
    const index = inValue.indexOf(start);
    if (index === -1 || inValue.length !== inSource.length) return undefined;
    const at = scalar.range[0] + inSource[index]!;
    return [at, at + part.length];
  }

  private exactValueRange(scalar: YAMLScalar, start: number, end: number): [number, number] | undefined {
    const value = String(scalar.value ?? "");
    if (scalar.style === "plain" || scalar.style === "single-quoted" || scalar.style === "double-quoted") {
      const quote = scalar.style === "plain" ? 0 : 1;
      const inner = this.text.slice(scalar.range[0] + quote, scalar.range[1] - quote);
      if (inner !== value || inner.includes("\n")) return undefined;
      return [scalar.range[0] + quote + start, scalar.range[0] + quote + end];
    }
    if (scalar.style !== "literal") return undefined;
    const valueLines = value.split("\n");
    // Find the line and column of each end in the value.
    const position = (offset: number): [number, number] => {
      let line = 0;
      let rest = offset;
      while (line < valueLines.length - 1 && rest > valueLines[line]!.length) {
        rest -= valueLines[line]!.length + 1;
        line++;
      }
      return [line, rest];
    };
    const [startLine, startColumn] = position(start);
    const [endLine, endColumn] = position(end);
    // Source lines of the block: the header line holds `|`, content follows line by line.
    const sourceLines: number[] = [];
    for (let at = this.nextLineStart(scalar.range[0]); at < scalar.range[1] && sourceLines.length <= endLine; at = this.nextLineStart(at)) {
      sourceLines.push(at);
      if (this.text.indexOf("\n", at) === -1) break;
    }
    // An explicit indentation indicator is relative to the parent: not worth guessing.
    const indent = scalar.indent === null ? this.blockIndent(sourceLines) : undefined;
    if (indent === undefined) return undefined;
    const startLineAt = sourceLines[startLine];
    const endLineAt = sourceLines[endLine];
    if (startLineAt === undefined || endLineAt === undefined) return undefined;
    const from = startLineAt + indent + startColumn;
    const to = endLineAt + indent + endColumn;
    // Check that the source really spells the value there (guards tabs, odd indentation).
    const spelled = this.text
      .slice(from, to)
      .replace(/\r\n/gu, "\n")
      .split("\n")
      .map((line, index) => (index === 0 ? line : line.slice(indent)))
      .join("\n");
    return spelled === value.slice(start, end) ? [from, to] : undefined;
  }

  /** The indentation of a literal block: that of its first non-blank content line. */
  private blockIndent(lineStarts: readonly number[]): number | undefined {
    for (const at of lineStarts) {
      const line = this.text.slice(at, this.lineEnd(at));
      if (line.trim() !== "") return line.length - line.trimStart().length;
    }
    return undefined;
  }

  /** `key: value` lines at `column`, then an optional `with:` block under them. */
  private pairLines(column: number, pairs: readonly (readonly [string, string])[], withPairs: readonly (readonly [string, string])[]): string[] {
    const indent = " ".repeat(column);
    const lines = pairs.map(([k, v]) => `${indent}${k}: ${yamlString(v)}`);
    if (withPairs.length > 0) {
      lines.push(`${indent}with:`, ...withPairs.map(([k, v]) => `${indent}  ${k}: ${yamlString(v)}`));
    }
    return lines;
  }

  /**
   * Replaces a pair of a block mapping (`run: poetry publish`) with other pairs at the same
   * column (`uses: …` and an optional `with:` block).
   */
  replacePair(pair: YAMLPair, key: string, value: string, withPairs: readonly (readonly [string, string])[] = []): TextEdit {
    const [first, ...rest] = this.pairLines(pair.loc.start.column, [[key, value]], withPairs);
    const text = [first!.trimStart(), ...rest].join(this.eol);
    return { range: [pair.range[0], this.contentEnd(pair)], text };
  }

  /**
   * Adds a new item after `item` in its block sequence (a new step after a step), with the same
   * dash and key columns.
   */
  appendSequenceItem(
    item: YAMLMapping,
    pairs: readonly (readonly [string, string])[],
    withPairs: readonly (readonly [string, string])[] = [],
  ): TextEdit {
    const keyColumn = this.keyColumn(item);
    const lineStart = this.lineStart(item.range[0]);
    const dash = this.text.lastIndexOf("-", item.range[0]);
    const dashColumn = dash >= lineStart ? dash - lineStart : Math.max(0, keyColumn - 2);
    const lines = this.pairLines(keyColumn, pairs, withPairs);
    lines[0] = `${" ".repeat(dashColumn)}-${" ".repeat(Math.max(1, keyColumn - dashColumn - 1))}${lines[0]!.trimStart()}`;
    const at = this.lineEnd(this.contentEnd(item));
    return { range: [at, at], text: `${this.eol}${lines.join(this.eol)}` };
  }

  /**
   * Adds a new item before `item` in its block sequence (a step before a step), with the same
   * dash and key columns; `undefined` when `item` does not start its line with its dash.
   */
  insertSequenceItemBefore(
    item: YAMLMapping,
    pairs: readonly (readonly [string, string])[],
    withPairs: readonly (readonly [string, string])[] = [],
  ): TextEdit | undefined {
    const keyColumn = this.keyColumn(item);
    const lineStart = this.lineStart(item.range[0]);
    const dash = this.text.lastIndexOf("-", item.range[0]);
    if (dash < lineStart || this.text.slice(lineStart, dash).trim() !== "" || item.style !== "block") return undefined;
    const dashColumn = dash - lineStart;
    const lines = this.pairLines(keyColumn, pairs, withPairs);
    lines[0] = `${" ".repeat(dashColumn)}-${" ".repeat(Math.max(1, keyColumn - dashColumn - 1))}${lines[0]!.trimStart()}`;
    return { range: [lineStart, lineStart], text: `${lines.join(this.eol)}${this.eol}` };
  }

  /**
   * Replaces characters of a comment's text (`comment.value`, after the `#`), keeping the `#`
   * and everything else on the line.
   */
  replaceInComment(comment: YAMLComment, start: number, end: number, text: string): TextEdit | undefined {
    if (/[\n\r]/u.test(text) || start < 0 || end > comment.value.length || start > end) return undefined;
    const valueStart = comment.range[1] - comment.value.length;
    if (this.text.slice(valueStart, comment.range[1]) !== comment.value) return undefined;
    return { range: [valueStart + start, valueStart + end], text };
  }

  /** Replaces a plain or quoted scalar with new plain text (used for values like `none` → `write`). */
  replaceScalar(scalar: YAMLScalar, text: string): TextEdit {
    return { range: [scalar.range[0], scalar.range[1]], text };
  }

  /**
   * Replaces a scalar's whole value with `value`, in the scalar's own style where that can hold it:
   * quotes stay quotes, a plain scalar stays plain unless `value` needs quoting there; a block
   * scalar (`|`, `>`) becomes a one-line scalar.
   */
  replaceScalarValue(scalar: YAMLScalar, value: string): TextEdit {
    const inFlow = isInFlowCollection(scalar);
    const quoted = JSON.stringify(value);
    switch (scalar.style) {
      case "single-quoted":
        return { range: [scalar.range[0], scalar.range[1]], text: /[\n\r]/u.test(value) ? quoted : `'${value.replaceAll("'", "''")}'` };
      case "double-quoted":
        return { range: [scalar.range[0], scalar.range[1]], text: quoted };
      case "literal":
      case "folded":
        return { range: [scalar.range[0], this.contentEnd(scalar)], text: isPlainSafe(value, inFlow) ? value : quoted };
      default:
        return { range: [scalar.range[0], scalar.range[1]], text: isPlainSafe(value, inFlow) ? value : quoted };
    }
  }

  /**
   * Replaces part of a scalar, given as a source range inside it (see `valueRange`), with
   * `text` that reads as itself there: escaped for quoted scalars; refused (`undefined`) where the
   * scalar's style cannot hold it (a plain scalar in a flow collection given `{`, a line break…).
   */
  replaceInScalar(scalar: YAMLScalar, range: readonly [number, number], text: string): TextEdit | undefined {
    const [start, end] = range;
    if (start < scalar.range[0] || end > scalar.range[1] || start >= end || /[\n\r]/u.test(text) || text === "") return undefined;
    switch (scalar.style) {
      case "double-quoted":
        return { range: [start, end], text: JSON.stringify(text).slice(1, -1) };
      case "single-quoted":
        return { range: [start, end], text: text.replaceAll("'", "''") };
      case "literal":
      case "folded":
        return /^\s/u.test(text) ? undefined : { range: [start, end], text };
      default: {
        if (text.includes(": ") || text.includes(" #") || /\s$|^\s/u.test(text)) return undefined;
        if (isInFlowCollection(scalar) && /[,[\]{}]/u.test(text)) return undefined;
        if (start === scalar.range[0] && /^[-?:,[\]{}#&*!|>'"%@`]/u.test(text)) return undefined;
        const before = this.text[start - 1] ?? "";
        const after = this.text[end] ?? "";
        if (text.startsWith("#") && /\s/u.test(before)) return undefined;
        if (text.endsWith(":") && (after === "" || /\s/u.test(after))) return undefined;
        return { range: [start, end], text };
      }
    }
  }
}

/**
 * Folds several edits of one report into edits ESLint accepts (it rejects overlapping ranges):
 * edits that touch or overlap are applied together to the text they span.
 */
export function combineEdits(text: string, edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const groups: TextEdit[][] = [];
  for (const edit of sorted) {
    const group = groups.at(-1);
    const groupEnd = group ? Math.max(...group.map((member) => member.range[1])) : -1;
    if (group && edit.range[0] <= groupEnd) group.push(edit);
    else groups.push([edit]);
  }
  return groups.map((group) => {
    const start = group[0]!.range[0];
    const end = Math.max(...group.map((member) => member.range[1]));
    let result = "";
    let at = start;
    for (const member of group) {
      if (member.range[0] < at) continue; // fully inside an earlier edit's span: already replaced
      result += text.slice(at, member.range[0]) + member.text;
      at = member.range[1];
    }
    return { range: [start, end] as const, text: result + text.slice(at, end) };
  });
}
