/**
 * Edits that change what a workflow means, described in workflow terms as changes of the edit
 * language (lib/yaml/changes.ts): data, never text. Rules, the registries' remedies and the
 * migration build their fixes from these and hand the whole list of one fix to
 * `YamlEditor#apply` once, which writes it or refuses it (a node shared through an anchor, a
 * duplicate key). A helper returns `undefined` where the model already says the edit is not
 * ours to make (scopes decided at run time, a step shared through an alias, an unknown shell).
 *
 * Step inputs follow one convention (`inputValue`): GitHub hands every input to the action as a
 * string, so `cache: false` and `cache: "false"` mean the same and the spelling is ours to choose
 * once: `true`/`false` are written as YAML booleans, as actions' `action.yml` defaults and
 * READMEs write them; every other value as a string, quoted where YAML would read it as another
 * type (a version read as a number changes: `3.10` is `3.1`), so `node-version: "24"`.
 */
import { Job, type Workflow } from "./model.js";
import type { CiJob, CiStep as Step } from "../shape.js";
import type { Change } from "../../yaml/changes.js";
import { asMapping, asScalar, isAliasOrAnchored, pairOf, type YAMLScalar } from "../../yaml/nodes.js";
import { yamlMapping, type YamlMappingValue, type YamlValue } from "../../yaml/serialize.js";

/** An action input's value as written (see the module's convention): `true`/`false` as booleans, anything else as a string. */
export function inputValue(value: string | boolean): YamlValue {
  return value === "true" ? true : value === "false" ? false : value;
}

/**
 * How to give a job `id-token: write` while it keeps every permission it effectively had.
 * - `fix`: safe, applied by `--fix`;
 * - `suggestion`: changes other permissions too (`read-all` has no scope-by-scope equivalent that
 *   we can write without guessing; a job with no `permissions` anywhere has the repository's
 *   default, which a new block replaces), offered for review;
 * - `none`: no edit we can make safely (permissions through an alias, unknown scope values).
 */
export type PermissionChange =
  | { readonly kind: "fix"; readonly changes: readonly Change[] }
  | { readonly kind: "suggestion"; readonly changes: readonly Change[] }
  | { readonly kind: "none" };

const ID_TOKEN = "id-token";
/** The permissions the registries recommend for a publish job that has none: read the code, mint an OIDC token. */
const MINIMAL_PUBLISH_PERMISSIONS = yamlMapping({ contents: "read", [ID_TOKEN]: "write" });
const NONE: PermissionChange = { kind: "none" };

export function grantIdToken(job: CiJob): PermissionChange {
  // Permissions are GitHub's: a job of another CI system has none to edit here.
  if (!(job instanceof Job)) return NONE;
  // A job that is an alias or carries an anchor is shared with other jobs: do not edit it.
  if (isAliasOrAnchored(job.pair.value)) return NONE;
  const own = job.permissions;
  if (own) {
    if (own.shared) return NONE;
    const spec = own.spec;
    if (spec.kind === "all") {
      // `read-all` → explicit scopes: the other read scopes are dropped, so only a suggestion.
      if (!own.pair.key || !own.pair.value) return NONE;
      return { kind: "suggestion", changes: [{ op: "set", target: own.pair, value: MINIMAL_PUBLISH_PERMISSIONS }] };
    }
    if (spec.kind !== "scopes" || !own.mapping) return NONE;
    const existing = own.mapping.pairs.find((pair) => asScalar(pair.key)?.value === ID_TOKEN);
    if (existing) {
      // `id-token: none` (or `read`) → `write`, in the value's own quotes.
      const scalar = existing.value?.type === "YAMLScalar" ? existing.value : undefined;
      return scalar ? { kind: "fix", changes: [{ op: "set", target: scalar, value: "write" }] } : NONE;
    }
    return { kind: "fix", changes: [{ op: "add", mapping: own.mapping, key: ID_TOKEN, value: "write" }] };
  }

  const permissions = (value: typeof MINIMAL_PUBLISH_PERMISSIONS): Change[] => [{ op: "add", mapping: job.node, key: "permissions", value, at: "start" }];
  const inherited = job.workflow.permissions;
  if (inherited) {
    const spec = inherited.spec;
    if (spec.kind === "all") return { kind: "suggestion", changes: permissions(MINIMAL_PUBLISH_PERMISSIONS) };
    if (spec.kind !== "scopes") return NONE;
    const scopes: [string, string][] = [];
    for (const [scope, level] of spec.scopes) {
      if (level === "unknown") return NONE;
      if (scope !== ID_TOKEN) scopes.push([scope, level]);
    }
    scopes.push([ID_TOKEN, "write"]);
    return { kind: "fix", changes: permissions(yamlMapping(scopes)) };
  }

  // No `permissions` anywhere: the job has the repository's default permissions, which the file
  // does not show (read-only, or write to most scopes). A block replaces them all, so what else
  // the job needs (`contents: write` to push a tag, `packages: read`) is the user's to add.
  return { kind: "suggestion", changes: permissions(MINIMAL_PUBLISH_PERMISSIONS) };
}

/**
 * Moves a workflow-level `id-token: write` to the jobs that keep it (`keep`): each gets the grant
 * with a copy of the workflow's other scopes (as `grantIdToken` gives it), and the workflow's pair
 * goes, or, alone in the block, becomes `none` (an empty block would read as null, and no block
 * at all would hand every job the repository's default permissions). `undefined` where that
 * cannot be done exactly (scopes decided at run time, blocks shared through anchors).
 */
export function moveIdTokenGrant(workflow: Workflow, keep: readonly Job[]): Change[] | undefined {
  const block = workflow.permissions;
  const mapping = block?.mapping;
  if (!block || block.shared || !mapping) return undefined;
  const pair = mapping.pairs.find((candidate) => asScalar(candidate.key)?.value === ID_TOKEN);
  const scalar = pair?.value?.type === "YAMLScalar" ? pair.value : undefined;
  if (!pair || !scalar) return undefined;
  const changes: Change[] = [];
  for (const job of keep) {
    const grant = grantIdToken(job);
    if (grant.kind !== "fix") return undefined;
    changes.push(...grant.changes);
  }
  changes.push(mapping.pairs.length > 1 ? { op: "remove", pair } : { op: "set", target: scalar, value: "none", quoting: "minimal" });
  return changes;
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
 * `undefined` when the step uses no action or its `uses:` is shared through an alias or anchor
 * (the editor refuses a value that is not spelled literally).
 */
export function moveUsesRef(step: Step, ref: string, comment?: CommentVersionEdit): Change[] | undefined {
  const uses = step.uses;
  const scalar = step.usesScalar;
  if (uses?.kind !== "action" || step.usesShared || !scalar) return undefined;
  const changes: Change[] = [{ op: "edit-scalar", scalar, start: uses.refOffset, end: uses.refOffset + uses.ref.length, text: ref }];
  if (comment) {
    if (!step.usesComment) return undefined;
    changes.push({ op: "edit-comment", comment: step.usesComment, ...comment });
  }
  return changes;
}

/**
 * Sets a step's input (`with: {name: value}`): replaces the value where the input exists (a
 * quoted string keeps its quotes), adds it to `with:` otherwise (adding `with:` where the step
 * has none). `undefined` where the input's value is not a scalar.
 */
export function setStepInput(step: Step, name: string, value: string | boolean): Change[] | undefined {
  const input = step.inputs.get(name);
  if (input) {
    const scalar = input.pair.value?.type === "YAMLScalar" ? input.pair.value : undefined;
    return scalar && [{ op: "set", target: scalar, value: inputValue(value) }];
  }
  return [{ op: "put", mapping: step.node, path: ["with", name], value: inputValue(value) }];
}

/**
 * Turns one input into another in place (`cache: npm` → `package-manager-cache: false`), so the
 * `with:` block keeps its shape. `undefined` unless the input exists with a scalar value.
 */
export function replaceStepInput(step: Step, from: string, to: string, value: string | boolean): Change[] | undefined {
  const pair = step.inputs.get(from)?.pair;
  const scalar = pair?.value?.type === "YAMLScalar" ? pair.value : undefined;
  if (!pair || !scalar) return undefined;
  return [
    { op: "rename", pair, key: to },
    { op: "set", target: scalar, value: inputValue(value), quoting: "minimal" },
  ];
}

/**
 * Removes inputs from a step's `with:` (and `with:` itself when nothing is left). Inputs the step
 * does not have are ignored; `undefined` where `with:` is not a mapping written in place.
 */
export function removeStepInputs(step: Step, names: readonly string[]): Change[] | undefined {
  const withPair = step.withPair;
  const mapping = asMapping(withPair?.value);
  if (!withPair || !mapping || withPair.value !== mapping) return undefined;
  return names.flatMap((name): Change[] => {
    const pair = step.inputs.get(name)?.pair;
    return pair ? [{ op: "remove", pair, ifEmptied: "remove-parent" }] : [];
  });
}

/**
 * Gives a step inputs it does not set yet (`with: {python-version: "3.x"}`): appended to its
 * `with:` mapping, or a new `with:` after the step's last key. `undefined` where the step sets
 * one of them already, or its `with:` is not a non-empty mapping written in place.
 */
export function addStepInputs(step: Step, inputs: readonly (readonly [string, string | boolean])[]): Change[] | undefined {
  const pair = pairOf(step.node, "with");
  if (pair) {
    const mapping = pair.value === null ? undefined : asMapping(pair.value);
    if (!mapping || pair.value !== mapping || mapping.pairs.length === 0) return undefined;
    if (inputs.some(([name]) => step.inputs.has(name))) return undefined;
  }
  return inputs.map(([name, value]): Change => ({ op: "put", mapping: step.node, path: ["with", name], value: inputValue(value) }));
}

/** A step to insert: its keys in order (`name`, `uses`, `id`, `run`), then `with:` and its inputs (by the input convention). */
export function newStep(keys: readonly (readonly [string, string])[], inputs: readonly (readonly [string, string | boolean])[] = []): YamlMappingValue {
  const entries: (readonly [string, YamlValue])[] = [...keys];
  if (inputs.length > 0) entries.push(["with", yamlMapping(inputs.map(([name, value]) => [name, inputValue(value)] as const))]);
  return yamlMapping(entries);
}

/** Gives a job `environment: <name>` as its first key. */
export function addJobEnvironment(job: Job, name: string): Change[] {
  return [{ op: "add", mapping: job.node, key: "environment", value: name, at: "start" }];
}

/**
 * Sets a variable in a step's own `env:`, adding `env:` where the step has none (as its last key,
 * or its first with `at: "start"`). `undefined` where the step's `env:` is not a mapping (an expression).
 */
export function setStepEnv(step: Step, name: string, value: string, at: "start" | "end" = "end"): Change[] | undefined {
  if (step.env.unknown) return undefined;
  return [{ op: "put", mapping: step.node, path: ["env", name], value, at }];
}

/**
 * A secret literal replaced by `${{ secrets.NAME }}`: the whole value, or the characters `span`
 * of it, in the value's own quoting. An anchored value is replaced where it is written, so every
 * alias that repeats it reads the secret too.
 */
export function replaceWithSecret(scalar: YAMLScalar, span: { readonly start: number; readonly end: number } | undefined, secret: string): Change[] {
  const text = `\${{ secrets.${secret} }}`;
  return [span ? { op: "edit-scalar", scalar, start: span.start, end: span.end, text, shared: "edit" } : { op: "set", target: scalar, value: text, shared: "edit" }];
}

/** A secret written in a step's script, passed to the script through the step's `env` instead. */
export interface SecretThroughEnv {
  /** The variable the step's `env` gives it (the secret's own name). */
  readonly name: string;
  /** How the script reads it: `"$NAME"` in a POSIX shell, `$env:NAME` in PowerShell. */
  readonly reference: string;
  readonly changes: readonly Change[];
}

/** The shells whose way of reading a variable we write: POSIX shells and PowerShell. */
function shellKind(step: Step): "posix" | "pwsh" | undefined {
  const program = /^\s*([\w-]+)/u.exec(step.shell ?? "")?.[1];
  return program === "bash" || program === "sh" ? "posix" : program === "pwsh" || program === "powershell" ? "pwsh" : undefined;
}

/**
 * Moves a value written in a step's script (the characters `span` of the `run:` value) into the
 * step's `env` as `NAME: ${{ secrets.NAME }}`, the script reading the variable instead, as
 * GitHub's hardening guide advises. `undefined` where that cannot be done safely: the shell is
 * unknown, the value sits in quotes a reference cannot go into, or the step's `env` already
 * gives that name another value.
 */
export function secretThroughEnv(step: Step, scalar: YAMLScalar, span: { readonly start: number; readonly end: number }, secret: string): SecretThroughEnv | undefined {
  const shell = shellKind(step);
  if (!shell || typeof scalar.value !== "string") return undefined;
  const value = scalar.value;
  const [before, after] = [value[span.start - 1] ?? "", value[span.end] ?? ""];
  let [start, end] = [span.start, span.end];
  let reference: string;
  if (shell === "pwsh") {
    if (/['"]/u.test(before + after)) return undefined;
    reference = `$env:${secret}`;
  } else if (before === "'" && after === "'") {
    [start, end] = [start - 1, end + 1]; // '…' would keep `$NAME` literal: the quotes go too
    reference = `"$${secret}"`;
  } else if (before === '"' && after === '"') {
    reference = `$${secret}`;
  } else if (/['"]/u.test(before + after)) {
    return undefined;
  } else {
    reference = `"$${secret}"`;
  }
  const expression = `\${{ secrets.${secret} }}`;
  const changes: Change[] = [{ op: "edit-scalar", scalar, start, end, text: reference }];
  const existing = step.env.vars.get(secret);
  if (existing) {
    if (existing.value?.replaceAll(" ", "") !== expression.replaceAll(" ", "")) return undefined;
  } else {
    const env = setStepEnv(step, secret, expression);
    if (!env) return undefined;
    changes.push(...env);
  }
  return { name: secret, reference, changes };
}

/**
 * A change to a workflow in its own terms, which a registry may propose as data (a problem's
 * remedy): a step inserted before another, an action input set to a value, an id for a step, or
 * another ref of the action a step uses.
 */
export type WorkflowChange =
  | { readonly kind: "insert-step-before"; readonly before: Step; readonly name: string; readonly run: string }
  | { readonly kind: "set-input"; readonly step: Step; readonly input: string; readonly value: string | boolean }
  /** A step that has no `id:` gets one. */
  | { readonly kind: "set-step-id"; readonly step: Step; readonly id: string }
  /** A step's `uses:` moves to another ref of the same action (`@v1.5.0` → `@release/v1`). */
  | { readonly kind: "set-uses-ref"; readonly step: Step; readonly ref: string };

/** The edit-language changes that make a workflow change; `undefined` where it is not ours to make (a first step, no such input, an id already there). */
export function changesOf(change: WorkflowChange): Change[] | undefined {
  switch (change.kind) {
    case "insert-step-before": {
      const { job } = change.before;
      const previous = job.steps[job.steps.indexOf(change.before) - 1];
      if (!previous || previous.node.style !== "block" || isAliasOrAnchored(job.pair.value)) return undefined;
      return [{ op: "insert-item", item: previous.node, where: "after", value: newStep([["name", change.name], ["run", change.run]]) }];
    }
    case "set-input":
      return change.step.inputs.has(change.input) ? setStepInput(change.step, change.input, change.value) : undefined;
    case "set-step-id": {
      const { step } = change;
      if (step.id !== undefined || step.node.style !== "block") return undefined;
      return [{ op: "add", mapping: step.node, key: "id", value: change.id }];
    }
    case "set-uses-ref":
      return moveUsesRef(change.step, change.ref);
  }
}
