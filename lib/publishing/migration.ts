/**
 * The migration from a long-lived token to trusted publishing, as edits to the workflow:
 * the credential goes (env, inputs, flags), the upload is done by a tool that can exchange an
 * OIDC token, and the job gets `id-token: write` the way require-id-token-permission adds it.
 *
 * It is only ever offered as a suggestion: the user must also register the publisher with the
 * registry. What depends on the registry (the replacement action, the token username, tool
 * versions) comes from its module.
 */
import type { Job, Step, EnvBlock } from "../workflow/model.js";
import type { CredentialSource, Publish } from "./recognise.js";
import { applyChange, grantIdToken } from "../workflow/edits.js";
import { requirementProblems } from "./policy.js";
import { combineEdits, type TextEdit, type YamlEditor } from "../yaml/edit.js";
import { asMapping, isAliasOrAnchored, pairOf, type YAMLMapping, type YAMLPair } from "../yaml/nodes.js";
import { commandPublisherOf, type CommandPublisher } from "../registries/index.js";

/** How the suggestion names the uploader that remains: an action by name, a tool with the version trusted publishing needs. */
function uploaderName(publish: Publish): string {
  const publisher = publish.publisher;
  if ("action" in publisher) return publisher.displayName;
  if (!publisher.minimumVersion) return publisher.tool;
  const of = publisher.minimumVersionOf === undefined ? "" : `${publisher.minimumVersionOf} `;
  return `${publisher.tool} (${of}${publisher.minimumVersion} or later)`;
}

/** The command publisher behind a publish: its own, or the one its action runs. */
function commandPublisherBehind(publish: Publish): CommandPublisher | undefined {
  const publisher = publish.publisher;
  if (!("action" in publisher)) return publisher;
  return publisher.kind === "runs-command" ? commandPublisherOf(publish.registry, publisher.runs) : undefined;
}

export interface Migration {
  /** How the upload is done afterwards, for the suggestion's message. */
  readonly uploader: string;
  /** What else the migration changes so that trusted publishing works (the registry's remedies), one short clause each. */
  readonly remedies: readonly string[];
  readonly edits: readonly TextEdit[];
}

/** The pairs one migration removes, so that a mapping it empties goes as a whole. */
const removing = new WeakMap<YamlEditor, Set<YAMLPair>>();

/** The edits that move one upload to trusted publishing, or `undefined` when we cannot write them safely. */
export function migrateToTrustedPublishing(publish: Publish, editor: YamlEditor): Migration | undefined {
  // A tool whose own configuration decides the upload (covector), or that does more than upload
  // (a publishing action that also tests): the user moves it, not a suggestion.
  if ("noMigration" in publish.publisher && publish.publisher.noMigration !== undefined) return undefined;
  // A credential written in a file the step runs (a package script, a script file) is not the workflow's to edit.
  if (publish.credentials.some((credential) => (credential.kind === "flag" || credential.kind === "script-variable") && credential.file !== undefined)) return undefined;
  // Two passes: the first learns every pair the migration removes, the second writes the edits
  // knowing them (two variables removed from a two-variable `env:` remove the `env:`).
  removing.set(editor, new Set());
  planMigration(publish, editor);
  return planMigration(publish, editor);
}

function planMigration(publish: Publish, editor: YamlEditor): Migration | undefined {
  const edits: TextEdit[] = [];
  let uploader: string;
  if (publish.supportsTrustedPublishing && needsExchanger(publish)) {
    const exchange = exchangeEdits(publish, editor);
    if (!exchange) return undefined;
    edits.push(...exchange.edits);
    uploader = exchange.uploader;
  } else if (publish.supportsTrustedPublishing) {
    for (const credential of publish.credentials) {
      const removal = removeCredential(publish, credential, editor);
      if (!removal) return undefined;
      edits.push(...removal);
    }
    // A username other than the registry's token username (often `${{ secrets.…_USERNAME }}`)
    // would keep the tool on password authentication: it goes too.
    const usernameRemoval = removeUsernameEnv(publish, editor);
    if (usernameRemoval === null) return undefined;
    edits.push(...usernameRemoval);
    uploader = uploaderName(publish);
  } else {
    const replacement = replaceWithAction(publish, editor);
    if (!replacement) return undefined;
    edits.push(...replacement.edits);
    uploader = replacement.action;
  }
  const permission = idTokenEdit(publish.step.job, editor);
  if (permission === null) return undefined;
  if (permission) edits.push(besideRemovals(permission, edits, editor.text));
  // What trusted publishing needs beyond the token going (a newer npm): the registry's remedies.
  const remedies: string[] = [];
  for (const problem of requirementProblems(publish)) {
    const edit = problem.change && applyChange(problem.change, editor);
    if (!edit || !problem.remedy) continue;
    edits.push(edit);
    remedies.push(problem.remedy[0]!.toLowerCase() + problem.remedy.slice(1));
  }
  return { uploader, remedies, edits: combineEdits(editor.text, edits) };
}

/**
 * An insertion at a key that the migration removes with its whole line (`permissions:` before a
 * job's first pair, `env:`) moves to the start of that line, so the removal does not swallow it.
 */
function besideRemovals(insertion: TextEdit, edits: readonly TextEdit[], text: string): TextEdit {
  const [at, end] = insertion.range;
  if (at !== end) return insertion;
  for (const edit of edits) {
    const [start, stop] = edit.range;
    const lead = text.slice(start, at);
    if (edit.text === "" && start < at && at < stop && /^[ \t]+$/u.test(lead) && insertion.text.endsWith(lead)) {
      return { range: [start, start], text: lead + insertion.text.slice(0, insertion.text.length - lead.length) };
    }
  }
  return insertion;
}

/** The edit that grants `id-token: write`, `undefined` when the job has it, `null` when it cannot be written. */
function idTokenEdit(job: Job, editor: YamlEditor): TextEdit | undefined | null {
  if (job.effectivePermissions.canRequestIdToken === true) return undefined;
  const change = grantIdToken(job, editor);
  return change.kind === "none" ? null : change.edit;
}

function envBlockOf(step: Step, level: "workflow" | "job" | "step"): EnvBlock {
  return level === "step" ? step.env : level === "job" ? step.job.env : step.job.workflow.env;
}

/** The mapping that holds an `env:` block's pair: the step, job or workflow mapping. */
function ownerOf(step: Step, level: "workflow" | "job" | "step"): YAMLMapping {
  return level === "step" ? step.node : level === "job" ? step.job.node : step.job.workflow.node;
}

/** Removes a pair from a block reached through `parentPair`, unless it is shared through an anchor. */
function removeFrom(editor: YamlEditor, pair: YAMLPair, parentPair: YAMLPair | undefined, owner: YAMLMapping): TextEdit | undefined {
  if (!parentPair || isAliasOrAnchored(parentPair.value) || pair.parent !== asMapping(parentPair.value)) return undefined;
  const planned = removing.get(editor) ?? new Set<YAMLPair>();
  planned.add(pair);
  removing.set(editor, planned);
  return editor.removePair(pair, { pair: parentPair, mapping: owner }, planned);
}

/** Whether the tool behind a publish exchanges no OIDC token itself, so that one of the registry's exchangers must. */
function needsExchanger(publish: Publish): boolean {
  const publisher = publish.publisher;
  if ("trustedPublishing" in publisher) return !publisher.trustedPublishing;
  return commandPublisherBehind(publish)?.trustedPublishing === false;
}

/** Where the publish command's line starts in the script (0 for an action), so that a search finds its flag, not another command's. */
function commandOffset(publish: Publish, text: string): number {
  let offset = 0;
  for (let line = 0; line < (publish.command?.line ?? 0); line++) {
    const next = text.indexOf("\n", offset);
    if (next === -1) return offset;
    offset = next + 1;
  }
  return offset;
}

const STEP_ID = /^[A-Za-z_][\w-]*$/u;

/**
 * The migration through an exchanger (`rust-lang/crates-io-auth-action`, `NuGet/login`,
 * `configure-rubygems-credentials`): a step before the upload exchanges the OIDC token (or an
 * earlier one of the job already does), and each credential is fed from its output or goes.
 */
function exchangeEdits(publish: Publish, editor: YamlEditor): { uploader: string; edits: TextEdit[] } | undefined {
  const exchange = publish.registry.migration.exchange;
  const step = publish.step;
  if (!exchange || step.node.style !== "block") return undefined;
  const jobSteps = step.job.steps;
  const earlier = jobSteps.slice(0, jobSteps.indexOf(step));
  // An exchanger of the registry already in the job, with an id to read its output by.
  // (An exchanger that configures the job needs no id: its credential input goes, the step stays.)
  const existing = earlier.find(
    (other) => other.action === exchange.action.toLowerCase() && (exchange.output === undefined || (other.id !== undefined && STEP_ID.test(other.id))),
  );
  const id = existing?.id ?? exchange.id;
  if (!existing && jobSteps.some((other) => other.id === exchange.id)) return undefined;
  const edits: TextEdit[] = [];
  const fed = `\${{ steps.${id}.outputs.${exchange.output ?? ""} }}`;
  for (const credential of publish.credentials) {
    const change = exchange.output === undefined ? removeCredential(publish, credential, editor) : feedCredential(publish, credential, fed, editor);
    if (!change) return undefined;
    edits.push(...change);
  }
  if (!existing) {
    const insert = editor.insertSequenceItemBefore(step.node, [["name", exchange.stepName], ["uses", exchange.uses], ["id", exchange.id]], exchange.inputs);
    if (!insert) return undefined;
    edits.push(insert);
  }
  return { uploader: `${exchange.action} and ${publish.command ? `\`${publish.invocation}\`` : uploaderName(publish)}`, edits };
}

/**
 * A credential given the exchanger's output instead of the long-lived token: a step-level
 * variable or an input in place, a flag's value in the script; a job- or workflow-level
 * variable (where `steps` cannot be read) moves to the step.
 */
function feedCredential(publish: Publish, credential: CredentialSource, value: string, editor: YamlEditor): TextEdit[] | undefined {
  const step = publish.step;
  switch (credential.kind) {
    case "env": {
      const variable = credential.variable;
      if (variable.level === "step") return variable.scalar && !isAliasOrAnchored(variable.pair.value) ? [editor.replaceScalarValue(variable.scalar, value)] : undefined;
      // Other steps may read the job's variable: it stays, and the step gets its own.
      const env = asMapping(step.env.pair?.value);
      if (step.env.pair && (!env || isAliasOrAnchored(step.env.pair.value))) return undefined;
      return [env ? editor.appendPair(env, credential.name, value) : editor.prependMappingPair(step.node, undefined, "env", [[credential.name, value]])];
    }
    case "input":
      if (credential.step && credential.step !== step) return undefined;
      return credential.input.scalar && !isAliasOrAnchored(credential.input.pair.value) ? [editor.replaceScalarValue(credential.input.scalar, value)] : undefined;
    case "flag": {
      const scalar = step.runPair?.value;
      const script = step.run;
      if (!script || scalar?.type !== "YAMLScalar") return undefined;
      const from = commandOffset(publish, script.text);
      const found = flagPattern(credential.name).exec(script.text.slice(from));
      if (!found) return undefined;
      const at = found.index + from;
      const valueStart = at + found[0].search(/(?<=[= \t])[^= \t]/u);
      if (valueStart < at) return undefined;
      const valueEnd = at + found[0].trimEnd().length;
      const range = editor.valueRange(scalar, valueStart, valueEnd);
      const variable = referencedVariable(publish, credential.value, editor);
      const edit = range && editor.replaceInScalar(scalar, range, `"${value}"`);
      if (!edit || variable === null) return undefined;
      return variable ? [edit, variable] : [edit];
    }
    default:
      return undefined;
  }
}

function removeCredential(publish: Publish, credential: CredentialSource, editor: YamlEditor): TextEdit[] | undefined {
  const step = publish.step;
  switch (credential.kind) {
    case "env": {
      const block = envBlockOf(step, credential.variable.level);
      const edit = removeFrom(editor, credential.variable.pair, block.pair, ownerOf(step, credential.variable.level));
      return edit && [edit];
    }
    case "input": {
      const owner = credential.step ?? step;
      const edit = removeFrom(editor, credential.input.pair, pairOf(owner.node, "with"), owner.node);
      return edit && [edit];
    }
    case "username": {
      // An action's username input goes; a command's username is left to the user.
      const publisher = publish.publisher;
      const user = "usernameInputs" in publisher && publisher.usernameInputs.includes(credential.name) ? step.inputs.get(credential.name) : undefined;
      const edit = user && removeFrom(editor, user.pair, pairOf(step.node, "with"), step.node);
      return edit && [edit];
    }
    case "flag": {
      const removal = removeFromScript(publish, flagPattern(credential.name), editor);
      const variable = referencedVariable(publish, credential.value, editor);
      if (!removal || variable === null) return undefined;
      return variable ? [...removal, variable] : removal;
    }
    case "script-variable":
      return removeFromScript(publish, assignmentPattern(credential.name), editor);
    case "config-file":
    case "tool-config":
      // Written by other commands whose purpose we cannot judge: leave the migration to the user.
      return undefined;
  }
}

/**
 * The env variable a credential flag reads (`--token $TOKEN`) goes with the flag.
 * `undefined` when the flag holds no variable reference, `null` when the variable cannot be removed.
 */
function referencedVariable(publish: Publish, value: string, editor: YamlEditor): TextEdit | undefined | null {
  const name = /^\$(?:env:)?\{?([A-Z_]\w*)\}?$/iu.exec(value.trim())?.[1];
  if (!name) return undefined;
  const variable = publish.step.envVar(name);
  if (variable === undefined) return undefined;
  if (variable === "unknown") return null;
  const step = publish.step;
  return removeFrom(editor, variable.pair, envBlockOf(step, variable.level).pair, ownerOf(step, variable.level)) ?? null;
}

/** Edits removing the tool's username variables that are not the token username; `null` when one cannot be removed. */
function removeUsernameEnv(publish: Publish, editor: YamlEditor): TextEdit[] | null {
  const publisher = commandPublisherBehind(publish);
  const edits: TextEdit[] = [];
  for (const name of publisher?.usernameEnv ?? []) {
    const variable = publish.step.envVar(name);
    if (variable === undefined || (variable !== "unknown" && variable.value === publish.registry.tokenUsername)) continue;
    if (variable === "unknown") return null;
    const step = publish.step;
    const edit = removeFrom(editor, variable.pair, envBlockOf(step, variable.level).pair, ownerOf(step, variable.level));
    if (!edit) return null;
    edits.push(edit);
  }
  return edits;
}

function escape(text: string): string {
  return text.replace(/[$()*+.?[\\\]^{|}]/gu, "\\$&");
}

/** `-p VALUE`, `--password VALUE`, `--password=VALUE`, with `${{ }}`, quoted or plain values. */
function flagPattern(flag: string): RegExp {
  return new RegExp(`(?<![\\w-])${escape(flag)}(?:=|[ \\t]+)(?:\\$\\{\\{[^}]*\\}\\}|"[^"]*"|'[^']*'|\\S+)[ \\t]*`, "u");
}

/** `NAME=VALUE ` before a command, or `export NAME=VALUE`. */
function assignmentPattern(name: string): RegExp {
  return new RegExp(`(?<![\\w-])(?:export[ \\t]+)?${escape(name)}=(?:\\$\\{\\{[^}]*\\}\\}|"[^"]*"|'[^']*'|\\S*)[ \\t]*`, "u");
}

/** Removes the first match of `pattern` in the step's script, and the line if nothing else is left on it. */
function removeFromScript(publish: Publish, pattern: RegExp, editor: YamlEditor): TextEdit[] | undefined {
  const script = publish.step.run;
  const scalar = publish.step.runPair?.value;
  if (!script || scalar?.type !== "YAMLScalar") return undefined;
  const match = pattern.exec(script.text);
  if (!match) return undefined;
  let start = match.index;
  let end = start + match[0].length;
  const lineStart = script.text.lastIndexOf("\n", start - 1) + 1;
  const lineEndAt = script.text.indexOf("\n", end);
  const lineEnd = lineEndAt === -1 ? script.text.length : lineEndAt;
  if (script.text.slice(lineStart, start).trim() === "" && script.text.slice(end, lineEnd).trim() === "" && lineEndAt !== -1) {
    // The whole line was the assignment (`export TWINE_PASSWORD=…`): remove the line.
    start = lineStart;
    end = lineEndAt + 1;
  } else if (script.text.slice(end, lineEnd).trim() === "") {
    // The last word of its line: the blank before it goes too.
    while (start > lineStart && /[ \t]/u.test(script.text[start - 1]!)) start--;
  }
  const range = editor.valueRange(scalar, start, end);
  return range && [{ range, text: "" }];
}

/**
 * A tool that cannot do trusted publishing (poetry, hatch): the upload moves to the registry's
 * replacement action. Only for a step whose script is the upload alone, so nothing else the step
 * did is lost.
 */
function replaceWithAction(publish: Publish, editor: YamlEditor): { action: string; edits: TextEdit[] } | undefined {
  const step = publish.step;
  const run = step.runPair;
  const replacement = publish.registry.migration.replacement;
  if (!replacement || !publish.index || !run || !publish.command || step.run?.commands.length !== 1) return undefined;
  if (["working-directory", "shell", "with"].some((key) => pairOf(step.node, key)) || step.node.style !== "block") return undefined;
  const edits: TextEdit[] = [];
  for (const credential of publish.credentials) {
    const edit =
      credential.kind === "env"
        ? removeFrom(editor, credential.variable.pair, envBlockOf(step, credential.variable.level).pair, ownerOf(step, credential.variable.level))
        : credential.kind === "flag"
          ? referencedVariable(publish, credential.value, editor)
          : undefined;
    if (edit === null || (credential.kind === "env" && !edit)) return undefined;
    if (edit) edits.push(edit);
  }
  const inputs = replacement.inputs(publish.index);
  const builds = publish.command.argv.includes(replacement.buildFlag) || replacement.buildsAlways?.includes(publish.tool) === true;
  if (builds) {
    // `poetry publish --build`: keep the build in this step, upload in a new one after it.
    const scalar = run.value;
    if (!scalar || scalar.type !== "YAMLScalar") return undefined;
    edits.push({ range: [scalar.range[0], scalar.range[1]], text: replacement.buildCommand(publish.tool) });
    edits.push(editor.appendSequenceItem(step.node, [["name", replacement.stepName(publish.index)], ["uses", replacement.uses]], inputs));
  } else {
    edits.push(editor.replacePair(run, "uses", replacement.uses, inputs));
  }
  return { action: replacement.action, edits };
}
