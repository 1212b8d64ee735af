/**
 * Typed YAML values and the one serializer every edit writes them with.
 *
 * A value is what the edit means (`false`, `"3.x"`, `${{ secrets.NPM_TOKEN }}`, a mapping of
 * inputs), never YAML text: the serializer decides how to spell it where it goes. A string is
 * written plain only when YAML reads the plain text back as that same string, in that context
 * (block or inside a flow collection) and under YAML 1.1 as well as 1.2 (`yes`, `on`, `0777`,
 * `1_000` are not strings to every reader GitHub's may be); otherwise it is double-quoted, with
 * every character YAML cannot hold literally escaped. Booleans, numbers and null are written as
 * YAML 1.2 reads them back. Mappings and sequences are block collections in block context and
 * flow collections in flow context, indented from the column the caller gives.
 *
 * Nothing here knows the document: lib/yaml/changes.ts finds the context (flow or block, the
 * column of siblings, the line ending) and hands it in.
 */

export type YamlScalarValue = string | number | boolean | null;

export interface YamlMappingValue {
  readonly kind: "mapping";
  /** Keys in the order they are written. */
  readonly entries: readonly (readonly [string, YamlValue])[];
}

export interface YamlSequenceValue {
  readonly kind: "sequence";
  readonly items: readonly YamlValue[];
}

export type YamlValue = YamlScalarValue | YamlMappingValue | YamlSequenceValue;

/** A mapping value, from an object (insertion order; keys are strings) or a list of entries. */
export function yamlMapping(entries: Readonly<Record<string, YamlValue>> | Iterable<readonly [string, YamlValue]>): YamlMappingValue {
  const list = Symbol.iterator in entries ? [...(entries as Iterable<readonly [string, YamlValue]>)] : Object.entries(entries);
  return { kind: "mapping", entries: list };
}

export function yamlSequence(items: Iterable<YamlValue>): YamlSequenceValue {
  return { kind: "sequence", items: [...items] };
}

export function isCollection(value: YamlValue): value is YamlMappingValue | YamlSequenceValue {
  return typeof value === "object" && value !== null;
}

/**
 * Characters a plain scalar may hold: printable, and none that some reader takes for a line
 * break or a byte-order mark (NEL, LS, PS, BOM). Tabs are left out too: they end plain scalars
 * in some positions.
 */
const PLAIN_CHARACTERS = /^[\x20-\x7E\u00A0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
/** Words that YAML 1.2 or 1.1 reads as booleans, null, or the merge and value keys. */
const NOT_A_STRING_WORD = /^(?:true|false|yes|no|on|off|null|<<|[=yn~])$/iu;
/** Starts of numbers in 1.2 and 1.1 (ints, floats, octal, hex, binary, sexagesimal, `.5`, `.inf`, `.nan`). */
const NUMBER_START = /^[-+]?(?:\d|\.\d|\.(?:inf|nan))/iu;

/**
 * Whether `value` written plain (unquoted) reads back as the same string: in block context, or
 * inside a flow collection (`inFlow`), where `,[]{}` end a plain scalar. Conservative: when a
 * reader might see anything else, the answer is no and the value is quoted. A value that starts
 * with `-` (`--flag`) is quoted too when written anew; `existing` accepts it, for text already
 * written plain that an edit only changes in part.
 */
export function isPlainSafe(value: string, inFlow: boolean, existing = false): boolean {
  if (value === "" || value.trim() !== value || !PLAIN_CHARACTERS.test(value)) return false;
  // Indicators that cannot start a plain scalar; `-` can, before a character that is not a blank.
  const dashed = existing && /^-[^\s,[\]{}]/u.test(value) && !value.startsWith("---");
  if ((!dashed && /^[-?:,[\]{}#&*!|>'"%@`]/u.test(value)) || value.startsWith("...")) return false;
  // `: ` starts a mapping value and ` #` a comment anywhere; a final `:` makes a key.
  if (/:(?:\s|$)/u.test(value) || /\s#/u.test(value)) return false;
  if (inFlow && /[,[\]{}]/u.test(value)) return false;
  return !NOT_A_STRING_WORD.test(value) && !NUMBER_START.test(value);
}

/** Escapes for characters a double-quoted scalar cannot hold literally (or that some reader folds or drops). */
const ESCAPES: Readonly<Record<string, string>> = {
  "\0": "\\0",
  "\x07": "\\a",
  "\b": "\\b",
  "\t": "\\t",
  "\n": "\\n",
  "\v": "\\v",
  "\f": "\\f",
  "\r": "\\r",
  "\x1B": "\\e",
  '"': '\\"',
  "\\": "\\\\",
  "\u0085": "\\N",
  "\u2028": "\\L",
  "\u2029": "\\P",
};

/** `value` as a double-quoted scalar on one line: every character that is not printable YAML is escaped. */
export function doubleQuoted(value: string): string {
  let out = '"';
  for (const char of value) {
    const escape = ESCAPES[char];
    if (escape !== undefined) {
      out += escape;
      continue;
    }
    const code = char.codePointAt(0)!;
    const printable = (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff) || code >= 0x10000;
    out += printable ? char : code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  }
  return `${out}"`;
}

/** `value` as a single-quoted scalar, or `undefined` when single quotes cannot hold it on one line. */
export function singleQuoted(value: string): string | undefined {
  // Single quotes have no escapes: line breaks would fold, and non-printable characters cannot be written.
  if (!/^[\t\x20-\x7E\u00A0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\u{10000}-\u{10FFFF}]*$/u.test(value)) return undefined;
  return `'${value.replaceAll("'", "''")}'`;
}

/** A number as YAML 1.2's core schema reads it back. */
function numberText(value: number): string {
  if (Number.isNaN(value)) return ".nan";
  if (value === Infinity) return ".inf";
  if (value === -Infinity) return "-.inf";
  if (Object.is(value, -0)) return "-0.0";
  return String(value); // `12`, `1.5`, `1e+21`, `5e-324`: all YAML 1.2 numbers
}

/** A scalar value's text: plain where it reads back as itself, double-quoted otherwise. */
export function scalarText(value: YamlScalarValue, inFlow: boolean): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return numberText(value);
  return isPlainSafe(value, inFlow) ? value : doubleQuoted(value);
}

/** A mapping key's text. Keys are strings; one that YAML would read as another type or value is quoted. */
export function keyText(key: string, inFlow: boolean): string {
  return scalarText(key, inFlow);
}

/** A value on one line in flow syntax: `{a: 1, b: [x, y]}`. */
export function flowText(value: YamlValue): string {
  if (!isCollection(value)) return scalarText(value, true);
  if (value.kind === "mapping") return `{${value.entries.map(([key, item]) => `${keyText(key, true)}: ${flowText(item)}`).join(", ")}}`;
  return `[${value.items.map((item) => flowText(item)).join(", ")}]`;
}

/** Where block text goes: the column its lines start at, the file's indentation step and line ending. */
export interface BlockLayout {
  /** Column of the keys (or dashes) of a collection written under the current line. */
  readonly column: number;
  /** Indentation step for each deeper level. */
  readonly unit: number;
  readonly eol: string;
}

const spaces = (count: number) => " ".repeat(Math.max(0, count));

/**
 * What follows an indicator (`key:` or `-`) for `value`: ` scalar`, ` {}` / ` []` for an empty
 * collection, or the block lines of a collection starting on the next line at `layout.column`.
 */
export function afterIndicator(value: YamlValue, layout: BlockLayout): string {
  if (!isCollection(value)) return ` ${scalarText(value, false)}`;
  if (value.kind === "mapping") {
    if (value.entries.length === 0) return " {}";
    return value.entries.map(([key, item]) => `${layout.eol}${spaces(layout.column)}${blockPair(key, item, layout)}`).join("");
  }
  if (value.items.length === 0) return " []";
  return value.items.map((item) => `${layout.eol}${spaces(layout.column)}${blockItem(item, layout)}`).join("");
}

/**
 * `key: value` in block syntax, its first line without indentation (the caller places it at
 * `layout.column`); a collection value goes one `unit` deeper.
 */
export function blockPair(key: string, value: YamlValue, layout: BlockLayout): string {
  return `${keyText(key, false)}:${afterIndicator(value, { ...layout, column: layout.column + layout.unit })}`;
}

/**
 * `- value` in block syntax with its dash at `layout.column` (the first line without
 * indentation). A mapping item's keys sit `keyOffset` columns right of the dash, as its
 * siblings' do (`-   name:` keeps its three spaces); collections inside go one `unit` deeper.
 */
export function blockItem(value: YamlValue, layout: BlockLayout, keyOffset = 2): string {
  const offset = Math.max(2, keyOffset);
  const dash = `-${spaces(offset - 1)}`;
  const inner = { ...layout, column: layout.column + offset };
  if (isCollection(value) && value.kind === "mapping" && value.entries.length > 0) {
    const [[firstKey, firstValue], ...rest] = value.entries as [readonly [string, YamlValue], ...(readonly [string, YamlValue])[]];
    return `${dash}${blockPair(firstKey, firstValue, inner)}${rest.map(([key, item]) => `${layout.eol}${spaces(inner.column)}${blockPair(key, item, inner)}`).join("")}`;
  }
  if (isCollection(value) && value.kind === "sequence" && value.items.length > 0) {
    const [first, ...rest] = value.items as [YamlValue, ...YamlValue[]];
    return `${dash}${blockItem(first, inner)}${rest.map((item) => `${layout.eol}${spaces(inner.column)}${blockItem(item, inner)}`).join("")}`;
  }
  return `-${afterIndicator(value, inner)}`;
}
