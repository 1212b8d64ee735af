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
import { resolveChanges, type Change } from "./changes.js";
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
    return resolveChanges(this, changes) as Edits | undefined;
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
