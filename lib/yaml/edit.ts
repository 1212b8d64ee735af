/**
 * Safe YAML edits, as text edits that ESLint fixers apply.
 *
 * Each edit keeps the file's style: its line endings, the indentation of the mapping it touches,
 * block or flow syntax, and comments on neighbouring lines (an insertion never lands between a
 * pair and its trailing comment). No rule writes YAML text by hand; they all come here.
 */
import { isInFlowCollection, type YAMLMapping, type YAMLPair, type YAMLScalar } from "./nodes.js";

export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

/** A scalar value to write: plain when YAML reads it back as the same string, quoted otherwise. */
export function yamlString(value: string): string {
  const plainSafe =
    /^[A-Za-z_/.][\w./@-]*$/u.test(value) &&
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
   * Replaces part of a scalar, given as a source range inside it (see `sourceRangeInScalar`), with
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
