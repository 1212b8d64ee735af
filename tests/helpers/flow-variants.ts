/**
 * Variants of a workflow where `env:` and `with:` blocks are written in flow style, the shape
 * people use for short blocks (`env: {RUST_LOG: info}`) and where an edit that writes block
 * syntax, or a plain `${{ }}` (whose braces end a plain scalar there), breaks the file.
 *
 * A block mapping whose values are all one-line scalars, with no comment inside it, becomes
 * `{a: b, c: "d"}`: each key and value keeps its own spelling where it reads the same in flow
 * context, and is written as a JSON string otherwise (JSON is a subset of YAML's double-quoted
 * style, so this does not depend on the serializer under test). A rewrite that would not read
 * back as the same data is not made.
 */
import { getStaticYAMLValue, parseForESLint, parseYAML } from "yaml-eslint-parser";
import { isDeepStrictEqual } from "node:util";
import type { AST } from "yaml-eslint-parser";

const FLOW_SAFE_PLAIN = /^[^\s!"#%&'*,:>?@[\]`{|}-][^,[\]{}]*$/u;

/** A one-line scalar's spelling for flow context, or `undefined` when it cannot be written there. */
function flowScalar(scalar: AST.YAMLScalar, text: string): string | undefined {
  const raw = text.slice(scalar.range[0], scalar.range[1]);
  if (/[\n\r]/u.test(raw)) return typeof scalar.value === "string" ? JSON.stringify(scalar.value) : undefined;
  if (scalar.style === "single-quoted" || scalar.style === "double-quoted") return raw;
  if (scalar.style !== "plain") return typeof scalar.value === "string" ? JSON.stringify(scalar.value) : undefined;
  if (FLOW_SAFE_PLAIN.test(raw) && !raw.includes(": ") && !raw.includes(" #") && !raw.endsWith(":")) return raw;
  return typeof scalar.value === "string" ? JSON.stringify(scalar.value) : undefined;
}

/** The `{…}` text for a block mapping of one-line scalars, or `undefined` when it has other content or comments. */
function flowMapping(mapping: AST.YAMLMapping, text: string, comments: readonly AST.Comment[]): string | undefined {
  if (mapping.style !== "block" || mapping.pairs.length === 0) return undefined;
  if (comments.some((comment) => comment.range[0] >= mapping.range[0] && comment.range[1] <= mapping.range[1])) return undefined;
  const parts: string[] = [];
  for (const pair of mapping.pairs) {
    if (pair.key?.type !== "YAMLScalar" || pair.value?.type !== "YAMLScalar") return undefined;
    const key = flowScalar(pair.key, text);
    const value = flowScalar(pair.value, text);
    if (key === undefined || value === undefined) return undefined;
    parts.push(`${key}: ${value}`);
  }
  return `{${parts.join(", ")}}`;
}

const dataOf = (code: string): unknown => getStaticYAMLValue(parseYAML(code));

/**
 * The workflow with the `env:`/`with:` blocks that `pick` selects (by their index among the
 * rewritable ones) in flow style; `undefined` when there is none to rewrite or the rewrite would
 * change the data.
 */
export function flowVariant(code: string, pick: (index: number) => boolean = () => true): string | undefined {
  let ast: AST.YAMLProgram;
  try {
    ast = parseForESLint(code).ast;
  } catch {
    return undefined;
  }
  const edits: { start: number; end: number; text: string }[] = [];
  let index = 0;
  const visit = (node: AST.YAMLNode | null): void => {
    if (!node) return;
    if (node.type === "YAMLMapping") {
      for (const pair of node.pairs) {
        const key = pair.key?.type === "YAMLScalar" ? pair.key.value : undefined;
        const value = pair.value;
        if ((key === "env" || key === "with") && value?.type === "YAMLMapping" && pair.key) {
          const flow = flowMapping(value, code, ast.comments);
          if (flow !== undefined && pick(index++)) {
            edits.push({ start: pair.key.range[1], end: value.range[1], text: `: ${flow}` });
            continue;
          }
        }
        visit(pair.value);
      }
    } else if (node.type === "YAMLSequence") {
      for (const entry of node.entries) visit(entry);
    } else if (node.type === "YAMLWithMeta") {
      visit(node.value);
    } else if (node.type === "YAMLDocument") {
      visit(node.content);
    }
  };
  for (const document of ast.body) visit(document);
  if (edits.length === 0) return undefined;
  let out = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  try {
    return isDeepStrictEqual(dataOf(out), dataOf(code)) ? out : undefined;
  } catch {
    return undefined;
  }
}
