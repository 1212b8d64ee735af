/**
 * Safe YAML edits, as text edits that ESLint fixers apply.
 *
 * Each edit keeps the file's style: its line endings, the indentation of the mapping it touches,
 * block or flow syntax, and comments on neighbouring lines (an insertion never lands between a
 * pair and its trailing comment). No rule writes YAML text by hand; they all come here.
 */
import type { YAMLComment, YAMLMapping, YAMLPair, YAMLScalar } from "./nodes.js";

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
   * Replaces part of a one-line plain or quoted scalar's value (`v2` in `actions/checkout@v2`):
   * only those characters change, so quotes, a tag and a trailing comment stay as they were.
   * `undefined` when the value is not spelled literally in the source (escapes, folded or
   * multi-line scalars, block scalars) or when `text` cannot be written in the scalar's style.
   */
  replaceInScalar(scalar: YAMLScalar, start: number, end: number, text: string): TextEdit | undefined {
    if (scalar.style !== "plain" && scalar.style !== "single-quoted" && scalar.style !== "double-quoted") return undefined;
    const unsafe =
      scalar.style === "plain" ? /[\n\r#]|: |:$/u : scalar.style === "single-quoted" ? /['\n\r]/u : /["\\\n\r]/u;
    if (unsafe.test(text)) return undefined;
    const range = this.valueRange(scalar, start, end);
    return range ? { range, text } : undefined;
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
