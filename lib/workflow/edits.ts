/**
 * Edits that change what a workflow means, expressed in workflow terms as changes of the edit
 * language (lib/yaml/changes.ts). Rules and suggestions share them, so one fix is written once.
 */
import type { Job, Step } from "./model.js";
import { asMapping, asScalar, isAliasOrAnchored, pairOf } from "../yaml/nodes.js";
import { valueOfText, type Change, type TextEdit, type YamlEditor } from "../yaml/edit.js";
import { yamlMapping } from "../yaml/serialize.js";

/**
 * How to give a job `id-token: write` while it keeps every permission it effectively had.
 * - `fix`: safe, applied by `--fix`;
 * - `suggestion`: changes other permissions too (`read-all` has no scope-by-scope equivalent that
 *   we can write without guessing; a job with no `permissions` anywhere has the repository's
 *   default, which a new block replaces), offered for review;
 * - `none`: no edit we can make safely (permissions through an alias, unknown scope values).
 */
export type PermissionEdit =
  | { readonly kind: "fix"; readonly edit: TextEdit }
  | { readonly kind: "suggestion"; readonly edit: TextEdit }
  | { readonly kind: "none" };

const ID_TOKEN = "id-token";
/** The permissions the registries recommend for a publish job that has none: read the code, mint an OIDC token. */
const MINIMAL_PUBLISH_PERMISSIONS = yamlMapping({ contents: "read", [ID_TOKEN]: "write" });

const as = (kind: "fix" | "suggestion", edit: TextEdit | undefined): PermissionEdit => (edit ? { kind, edit } : { kind: "none" });

export function grantIdToken(job: Job, editor: YamlEditor): PermissionEdit {
  // A job that is an alias or carries an anchor is shared with other jobs: do not edit it.
  if (isAliasOrAnchored(job.pair.value)) return { kind: "none" };
  const own = job.permissions;
  if (own) {
    if (own.shared) return { kind: "none" };
    const spec = own.spec;
    if (spec.kind === "all") {
      // `read-all` → explicit scopes: the other read scopes are dropped, so only a suggestion.
      if (!own.pair.key || !own.pair.value) return { kind: "none" };
      return as("suggestion", editor.applyAsOne([{ op: "set", target: own.pair, value: MINIMAL_PUBLISH_PERMISSIONS }]));
    }
    if (spec.kind !== "scopes" || !own.mapping) return { kind: "none" };
    const existing = own.mapping.pairs.find((pair) => asScalar(pair.key)?.value === ID_TOKEN);
    if (existing) {
      // `id-token: none` (or `read`) → `write`, in the value's own quotes.
      const scalar = existing.value?.type === "YAMLScalar" ? existing.value : undefined;
      return scalar ? as("fix", editor.applyAsOne([{ op: "set", target: scalar, value: "write" }])) : { kind: "none" };
    }
    return as("fix", editor.applyAsOne([{ op: "add", mapping: own.mapping, key: ID_TOKEN, value: "write" }]));
  }

  const permissions = (value: typeof MINIMAL_PUBLISH_PERMISSIONS): Change => ({ op: "add", mapping: job.node, key: "permissions", value, at: "start" });
  const inherited = job.workflow.permissions;
  if (inherited) {
    const spec = inherited.spec;
    if (spec.kind === "all") return as("suggestion", editor.applyAsOne([permissions(MINIMAL_PUBLISH_PERMISSIONS)]));
    if (spec.kind !== "scopes") return { kind: "none" };
    const scopes: [string, string][] = [];
    for (const [scope, level] of spec.scopes) {
      if (level === "unknown") return { kind: "none" };
      if (scope !== ID_TOKEN) scopes.push([scope, level]);
    }
    scopes.push([ID_TOKEN, "write"]);
    return as("fix", editor.applyAsOne([permissions(yamlMapping(scopes))]));
  }

  // No `permissions` anywhere: the job has the repository's default permissions, which the file
  // does not show (read-only, or write to most scopes). A block replaces them all, so what else
  // the job needs (`contents: write` to push a tag, `packages: read`) is the user's to add.
  return as("suggestion", editor.applyAsOne([permissions(MINIMAL_PUBLISH_PERMISSIONS)]));
}

/** Where to write a new version into the comment after a SHA pin: a range of the comment's text. */
export interface CommentVersionEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Moves a step's `uses:` to another ref of the same action (`@v2` → `@v5`, one SHA → another):
 * only the ref after `@` changes, so quotes, case and the rest of the line stay; with
 * `comment`, the version in the trailing comment (`# v4.2.2` → `# v5.1.0`) too.
 * `undefined` when that cannot be done safely: a value shared through an alias or anchor, or one
 * that is not a one-line plain or quoted scalar spelled literally.
 */
export function moveUsesRef(step: Step, editor: YamlEditor, ref: string, comment?: CommentVersionEdit): TextEdit[] | undefined {
  const uses = step.uses;
  const scalar = step.usesScalar;
  if (uses?.kind !== "action" || step.usesShared || !scalar) return undefined;
  const changes: Change[] = [{ op: "edit-scalar", scalar, start: uses.refOffset, end: uses.refOffset + uses.ref.length, text: ref }];
  if (comment) {
    if (!step.usesComment) return undefined;
    changes.push({ op: "edit-comment", comment: step.usesComment, ...comment });
  }
  return editor.apply(changes);
}

/**
 * Sets a step's input (`with: {name: value}`) to `value`, YAML text for a plain scalar such as
 * `false`: replaces the value where the input exists (a quoted value keeps its quotes, and holds
 * the text), adds it to `with:` otherwise (adding `with:` where the step has none). `undefined`
 * where the step, its `with:` or the value is shared through an anchor, or the value is not a
 * scalar.
 */
export function setStepInput(step: Step, editor: YamlEditor, name: string, value: string): TextEdit | undefined {
  const input = step.inputs.get(name);
  if (input) {
    const scalar = input.pair.value?.type === "YAMLScalar" ? input.pair.value : undefined;
    if (!scalar) return undefined;
    return editor.applyAsOne([{ op: "set", target: scalar, value: scalar.style === "plain" ? valueOfText(value) : value }]);
  }
  if (step.withPair) {
    const mapping = asMapping(step.withPair.value);
    if (!mapping || step.withPair.value !== mapping) return undefined;
    return editor.applyAsOne([{ op: "add", mapping, key: name, value: valueOfText(value) }]);
  }
  return editor.applyAsOne([{ op: "add", mapping: step.node, key: "with", value: yamlMapping({ [name]: valueOfText(value) }) }]);
}

/**
 * Turns one input into another in place (`cache: npm` → `package-manager-cache: false`), so the
 * `with:` block keeps its shape. `value` is YAML text for a plain scalar. `undefined` unless the
 * key is a plain scalar and the value a scalar, in a `with:` that is not shared.
 */
export function replaceStepInput(step: Step, editor: YamlEditor, from: string, to: string, value: string): TextEdit[] | undefined {
  const pair = step.inputs.get(from)?.pair;
  const scalar = pair?.value?.type === "YAMLScalar" ? pair.value : undefined;
  if (!pair || !scalar) return undefined;
  return editor.apply([
    { op: "rename", pair, key: to },
    { op: "set", target: scalar, value: valueOfText(value), quoting: "minimal" },
  ]);
}

/**
 * Removes inputs from a step's `with:` (and `with:` itself when nothing is left). `undefined`
 * where the step or its `with:` is shared through an anchor. Inputs the step does not have are
 * ignored.
 */
export function removeStepInputs(step: Step, editor: YamlEditor, names: readonly string[]): TextEdit[] | undefined {
  const withPair = step.withPair;
  const mapping = asMapping(withPair?.value);
  if (!withPair || !mapping || withPair.value !== mapping) return undefined;
  const pairs = names.flatMap((name) => step.inputs.get(name)?.pair ?? []);
  if (pairs.length === 0) return [];
  return editor.apply(pairs.map((pair): Change => ({ op: "remove", pair, ifEmptied: "remove-parent" })));
}

/** Gives a job `environment: <name>` as its first key. `undefined` where the job is shared through an anchor. */
export function addJobEnvironment(job: Job, editor: YamlEditor, name: string): TextEdit | undefined {
  return editor.applyAsOne([{ op: "add", mapping: job.node, key: "environment", value: name, at: "start" }]);
}

/**
 * Gives a step inputs it does not set yet (`with: {python-version: "3.x"}`): appended to its
 * `with:` mapping, or a new `with:` after the step's last key. `undefined` when the step or its
 * `with:` is shared through an alias or anchor, or `with:` is not a mapping written in place.
 */
export function addStepInputs(step: Step, editor: YamlEditor, inputs: readonly (readonly [string, string])[]): TextEdit[] | undefined {
  if (inputs.length === 0) return [];
  const pair = pairOf(step.node, "with");
  if (pair) {
    const mapping = pair.value === null ? undefined : asMapping(pair.value);
    if (!mapping || pair.value !== mapping || mapping.pairs.length === 0) return undefined;
    if (inputs.some(([name]) => step.inputs.has(name))) return undefined;
  }
  return editor.apply(inputs.map(([name, value]): Change => ({ op: "put", mapping: step.node, path: ["with", name], value })));
}

/**
 * A change to a workflow in its own terms, which a registry may propose as data (a problem's
 * remedy): a step inserted before another, an action input set to a value, an id for a step, or
 * another ref of the action a step uses.
 */
export type WorkflowChange =
  | { readonly kind: "insert-step-before"; readonly before: Step; readonly name: string; readonly run: string }
  | { readonly kind: "set-input"; readonly step: Step; readonly input: string; readonly value: string }
  /** A step that has no `id:` gets one. */
  | { readonly kind: "set-step-id"; readonly step: Step; readonly id: string }
  /** A step's `uses:` moves to another ref of the same action (`@v1.5.0` → `@release/v1`). */
  | { readonly kind: "set-uses-ref"; readonly step: Step; readonly ref: string };

/** The edit that makes a change, or `undefined` where it cannot be written safely (anchors, a first step, no such input, an id already there). */
export function applyChange(change: WorkflowChange, editor: YamlEditor): TextEdit | undefined {
  switch (change.kind) {
    case "insert-step-before": {
      const { job } = change.before;
      const previous = job.steps[job.steps.indexOf(change.before) - 1];
      if (!previous || previous.node.style !== "block" || isAliasOrAnchored(job.pair.value)) return undefined;
      return editor.applyAsOne([{ op: "insert-item", item: previous.node, where: "after", value: yamlMapping({ name: change.name, run: change.run }) }]);
    }
    case "set-input": {
      const scalar = asScalar(change.step.inputs.get(change.input)?.pair.value);
      if (!scalar || isAliasOrAnchored(change.step.inputs.get(change.input)?.pair.value)) return undefined;
      return editor.applyAsOne([{ op: "set", target: scalar, value: change.value }]);
    }
    case "set-step-id": {
      const { step } = change;
      if (step.id !== undefined || step.node.style !== "block") return undefined;
      return editor.applyAsOne([{ op: "add", mapping: step.node, key: "id", value: change.id }]);
    }
    case "set-uses-ref": {
      const edits = moveUsesRef(change.step, editor, change.ref);
      return edits?.length === 1 ? edits[0] : undefined;
    }
  }
}
