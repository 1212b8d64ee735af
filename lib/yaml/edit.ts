/**
 * The edit language's one entry point: `YamlEditor#apply(changes)`.
 *
 * Every fix, suggestion and migration of the plugin is a list of changes (changes.ts) with typed
 * values (serialize.ts), described by the code that knows what it means (lib/ci/github/edits.ts,
 * lib/publishing/migration.ts); the editor resolves them against the file and hands back the
 * text edits ESLint applies. Nothing else in the plugin writes YAML text or computes where it goes.
 *
 * Each edit keeps the file's style: its line endings, the indentation of the mapping it touches,
 * block or flow syntax, and comments on neighbouring lines (an insertion never lands between a
 * pair and its trailing comment).
 */
import type { AST } from "yaml-eslint-parser";
import { FileCache } from "../data/file-memo.js";
import { Lru } from "../data/lru.js";
import { resolveChanges, type Change } from "./changes.js";
import { isInFlowCollection, isShared } from "./nodes.js";
import { YamlText, type TextEdit } from "./text.js";

export { applyTextEdits, type TextEdit } from "./text.js";
export type { Change } from "./changes.js";

declare const resolved: unique symbol;

/**
 * One fix's text edits as the editor resolved them from its changes: combined, non-overlapping,
 * ready for ESLint's fixer (lib/rule-creator.ts). Only `YamlEditor#apply` makes them.
 */
export type Edits = readonly TextEdit[] & { readonly [resolved]: true };

export class YamlEditor extends YamlText {
  constructor(
    text: string,
    /** The file's AST, when known: changes aimed at nodes of another file are then refused. */
    readonly program?: AST.YAMLProgram,
  ) {
    super(text);
  }

  /**
   * The edits that make `changes` (see changes.ts), for one fix or suggestion: combined knowing
   * all of them (a mapping whose pairs all go goes as a whole, two additions under a missing key
   * make one mapping). `undefined` when they cannot all be written exactly (a node shared through
   * an anchor or alias, a duplicate key, edits that cross), or when no change was described.
   */
  apply(changes: readonly Change[] | undefined): Edits | undefined {
    if (!changes) return undefined;
    if (this.program && !changes.every((change) => this.#owns(change))) return undefined;
    const local = localChanges(this.text, changes);
    if (!local) return resolveChanges(this, changes) as Edits | undefined;
    let relative = localEdits.get(local.key);
    if (relative === undefined) {
      const edits = resolveChanges(this, changes);
      relative = edits ? edits.map((edit) => ({ range: [edit.range[0] - local.start, edit.range[1] - local.start] as const, text: edit.text })) : null;
      localEdits.set(local.key, relative);
    }
    return relative ? (relative.map((edit) => ({ range: [edit.range[0] + local.start, edit.range[1] + local.start] as const, text: edit.text })) as readonly TextEdit[] as Edits) : undefined;
  }

  /** Whether a change edits this file: its node hangs from this file's AST (a called workflow's or composite action's nodes do not). */
  #owns(change: Change): boolean {
    if (change.op === "edit-comment") return this.program!.comments.includes(change.comment);
    let node: AST.YAMLNode | null =
      change.op === "set" ? change.target : change.op === "add" || change.op === "put" ? change.mapping : change.op === "insert-item" ? change.item : change.op === "edit-scalar" ? change.scalar : change.pair;
    while (node.parent) node = node.parent;
    return node === this.program;
  }
}

/** Each linted file's editor, one per file, whichever CI reader asks. */
const editors = new FileCache<AST.YAMLProgram, YamlEditor>();

/**
 * The YAML editor for a linted file, shared by every rule's fixes. It knows the file's AST: a
 * change aimed at a node of another file (a called workflow's, a composite action's, an included
 * pipeline's) is refused.
 */
export function editorOf(source: { readonly text: string; readonly ast: AST.YAMLProgram }): YamlEditor {
  let editor = editors.get(source.ast);
  if (!editor) {
    editor = new YamlEditor(source.text, source.ast);
    editors.set(source.ast, editor);
  }
  return editor;
}

/**
 * The edits of changes that only rewrite part of a one-line scalar and of the comment after it
 * (a `uses:` ref and its version comment), relative to where that text starts. Resolving them
 * reads nothing of the file beyond that text and what the key holds of the nodes (style, value,
 * whether shared or in a flow collection), so the same line and changes give the same edits
 * wherever they are: the same `uses:` lines recur across steps and a run's files (135 distinct
 * lines among the corpus's 1,611 outdated refs, each with a fix and suggestions). Bounded: keyed
 * by text users write. `null` for changes refused.
 */
const localEdits = new Lru<string, readonly TextEdit[] | null>(512);

/** The cache key and start of changes that only edit one-line scalars and comments near each other; `undefined` for any other changes. */
function localChanges(text: string, changes: readonly Change[]): { key: string; start: number } | undefined {
  let start = Infinity;
  let end = -Infinity;
  for (const change of changes) {
    const node = change.op === "edit-scalar" ? change.scalar : change.op === "edit-comment" ? change.comment : undefined;
    if (!node) return undefined;
    start = Math.min(start, node.range[0]);
    end = Math.max(end, node.range[1]);
  }
  const written = text.slice(start, end);
  if (changes.length === 0 || written.length > 400 || /[\n\r]/u.test(written)) return undefined;
  const parts = [written];
  for (const change of changes) {
    if (change.op === "edit-scalar") {
      const { scalar } = change;
      if (scalar.style !== "plain" && scalar.style !== "single-quoted" && scalar.style !== "double-quoted") return undefined;
      parts.push(`s${scalar.range[0] - start}:${scalar.range[1] - start}:${scalar.style}:${typeof scalar.value}:${String(scalar.value)}:${isShared(scalar)}:${isInFlowCollection(scalar)}:${change.shared}:${change.start}:${change.end}:${change.text}`);
    } else if (change.op === "edit-comment") {
      const { comment } = change;
      parts.push(`c${comment.range[0] - start}:${comment.range[1] - start}:${comment.value}:${change.start}:${change.end}:${change.text}`);
    }
  }
  return { key: parts.join("\u0000"), start };
}
