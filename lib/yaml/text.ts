/**
 * Where things are in a YAML file's text: lines, the columns of a mapping's keys, the file's
 * indentation step around a node, and which source characters spell a part of a scalar's value.
 * Read-only; the edits that use it are in changes.ts.
 */
import type { YAMLMapping, YAMLNode, YAMLScalar } from "./nodes.js";

export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

type Ranged = { readonly range: readonly [number, number] };

/** `text` with non-overlapping edits applied, as ESLint applies the edits of one fix. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.range[0] - a.range[0])) out = out.slice(0, edit.range[0]) + edit.text + out.slice(edit.range[1]);
  return out;
}

/** Edits sorted by position (the order given where they tie) and grouped where they touch or overlap. */
export function groupEdits(edits: readonly TextEdit[]): TextEdit[][] {
  const sorted = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.range[0] - b.edit.range[0] || a.edit.range[1] - b.edit.range[1] || a.index - b.index)
    .map(({ edit }) => edit);
  const groups: TextEdit[][] = [];
  for (const edit of sorted) {
    const group = groups.at(-1);
    const groupEnd = group ? Math.max(...group.map((member) => member.range[1])) : -1;
    if (group && edit.range[0] <= groupEnd) group.push(edit);
    else groups.push([edit]);
  }
  return groups;
}

/**
 * One edit over the span of a group of sorted edits. A member that starts inside what an earlier
 * one replaced is left out; `overlapping` sees it first (and may throw).
 */
export function joinEdits(text: string, group: readonly TextEdit[], overlapping: (member: TextEdit, at: number) => void = () => {}): TextEdit {
  const start = group[0]!.range[0];
  const end = Math.max(...group.map((member) => member.range[1]));
  let out = "";
  let at = start;
  for (const member of group) {
    if (member.range[0] < at) {
      overlapping(member, at);
      continue;
    }
    out += text.slice(at, member.range[0]) + member.text;
    at = Math.max(at, member.range[1]);
  }
  return { range: [start, end], text: out + text.slice(at, end) };
}

export class YamlText {
  /** The file's line ending (CRLF files stay CRLF). */
  readonly eol: string;

  constructor(readonly text: string) {
    this.eol = text.includes("\r\n") ? "\r\n" : "\n";
  }

  /** Start of the line that holds `offset`. */
  lineStart(offset: number): number {
    return this.text.lastIndexOf("\n", offset - 1) + 1;
  }

  /** End of the line that holds `offset`, before its line break (after any trailing comment). */
  lineEnd(offset: number): number {
    const newline = this.text.indexOf("\n", offset);
    if (newline === -1) return this.text.length;
    return this.text[newline - 1] === "\r" ? newline - 1 : newline;
  }

  /** Offset just past the line break that ends the line holding `offset` (or the end of text). */
  nextLineStart(offset: number): number {
    const newline = this.text.indexOf("\n", offset);
    return newline === -1 ? this.text.length : newline + 1;
  }

  /** The last offset of a node's own text, ignoring the line break a block scalar may include. */
  contentEnd(node: Ranged): number {
    let end = node.range[1];
    while (end > node.range[0] && /\s/u.test(this.text[end - 1]!)) end--;
    return end;
  }

  /** Whether only blanks precede `offset` on its line. */
  startsLine(offset: number): boolean {
    return this.text.slice(this.lineStart(offset), offset).trim() === "";
  }

  /** The column of a mapping's keys. */
  keyColumn(mapping: YAMLMapping): number {
    return mapping.pairs[0]?.loc.start.column ?? mapping.loc.start.column;
  }

  /** The indentation step of the file around a mapping: its key column minus its parent key's (2 without a parent). */
  indentUnit(mapping: YAMLMapping, parentPair: { readonly loc: { readonly start: { readonly column: number } } } | undefined): number {
    const unit = parentPair ? this.keyColumn(mapping) - parentPair.loc.start.column : 0;
    return unit > 0 ? unit : 2;
  }

  /**
   * The indentation step for a block collection written under a key of `mapping`: the step from
   * its parent key where it has one (a job under `jobs:`), else the step its own keys or its
   * sibling items (other steps) nest their block collections by, else 2.
   */
  nestedUnit(mapping: YAMLMapping): number {
    const parent = mapping.parent as YAMLNode | null;
    if (parent?.type === "YAMLPair" && mapping.style === "block") {
      const unit = this.keyColumn(mapping) - parent.loc.start.column;
      if (unit > 0) return unit;
    }
    const own = nestingOf(mapping);
    if (own !== undefined) return own;
    if (parent?.type === "YAMLSequence") {
      for (const sibling of parent.entries) {
        const unit = sibling?.type === "YAMLMapping" ? nestingOf(sibling) : undefined;
        if (unit !== undefined) return unit;
      }
    }
    return 2;
  }

  /**
   * Maps a range of a scalar's value (what YAML reads) to the range of source text that spells
   * it, for scalars where that is exact: one-line plain or quoted scalars without escapes, and
   * literal blocks (`|`); for a one-line part in any style, where the part occurs as often in the
   * source as in the value. `undefined` for anything else.
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
}

/** How far a block mapping's pairs nest their block collection values (`with:` → its inputs), if any does. */
function nestingOf(mapping: YAMLMapping): number | undefined {
  if (mapping.style !== "block") return undefined;
  for (const pair of mapping.pairs) {
    const value = pair.value;
    if ((value?.type === "YAMLMapping" || value?.type === "YAMLSequence") && value.style === "block") {
      const unit = value.loc.start.column - pair.loc.start.column;
      if (unit > 0) return unit;
    }
  }
  return undefined;
}
