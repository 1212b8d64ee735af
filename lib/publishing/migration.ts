/**
 * The migration from a long-lived token to trusted publishing, as changes to the workflow
 * (the edit language: lib/yaml/changes.ts, lib/ci/github/edits.ts), written in one `apply`:
 * the credential goes (env, inputs, flags), the upload is done by a tool that can exchange an
 * OIDC token, and the job gets `id-token: write` the way require-id-token-permission adds it.
 *
 * It is only ever offered as a suggestion: the user must also register the publisher with the
 * registry. What depends on the registry (the replacement action, the token username, tool
 * versions) comes from its module.
 */
import type { CiEnvBlock as EnvBlock, CiStep as Step } from "../ci/shape.js";
import type { CredentialSource, Publish } from "./recognise.js";
import { changesOf, grantIdToken, newStep, setStepEnv } from "../ci/github/edits.js";
import { requirementProblems } from "./policy.js";
import type { Change, Edits, YamlEditor } from "../yaml/edit.js";
import { asMapping, isAliasOrAnchored, pairOf, type YAMLPair, type YAMLScalar } from "../yaml/nodes.js";
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
  readonly edits: Edits;
}

/** The edits that move one upload to trusted publishing, or `undefined` when we cannot write them safely. */
export function migrateToTrustedPublishing(publish: Publish, editor: YamlEditor): Migration | undefined {
  // A tool whose own configuration decides the upload (covector), or that does more than upload
  // (a publishing action that also tests): the user moves it, not a suggestion.
  if ("noMigration" in publish.publisher && publish.publisher.noMigration !== undefined) return undefined;
  // A credential written in a file the step runs (a package script, a script file) is not the workflow's to edit.
  if (publish.credentials.some((credential) => (credential.kind === "flag" || credential.kind === "script-variable") && credential.file !== undefined)) return undefined;
  const plan = planMigration(publish);
  if (!plan) return undefined;
  // What trusted publishing needs beyond the token going (a newer npm): the registry's remedies,
  // each where it can be written.
  const changes = [...plan.changes];
  const remedies: string[] = [];
  for (const problem of requirementProblems(publish)) {
    const remedy = problem.change && changesOf(problem.change);
    if (!remedy || !problem.remedy || !editor.apply(remedy)) continue;
    changes.push(...remedy);
    remedies.push(problem.remedy[0]!.toLowerCase() + problem.remedy.slice(1));
  }
  // One fix, resolved at once: a mapping whose pairs all go goes as a whole, the permissions
  // added at a job's first line land beside a removed first pair.
  const edits = editor.apply(changes);
  return edits && edits.length > 0 ? { uploader: plan.uploader, remedies, edits } : undefined;
}

function planMigration(publish: Publish): { uploader: string; changes: Change[] } | undefined {
  const changes: Change[] = [];
  let uploader: string;
  if (publish.supportsTrustedPublishing && needsExchanger(publish)) {
    const exchange = exchangeChanges(publish);
    if (!exchange) return undefined;
    changes.push(...exchange.changes);
    uploader = exchange.uploader;
  } else if (publish.supportsTrustedPublishing) {
    for (const credential of publish.credentials) {
      const removal = removeCredential(publish, credential);
      if (!removal) return undefined;
      changes.push(...removal);
    }
    // A username other than the registry's token username (often `${{ secrets.…_USERNAME }}`)
    // would keep the tool on password authentication: it goes too.
    const usernameRemoval = removeUsernameEnv(publish);
    if (!usernameRemoval) return undefined;
    changes.push(...usernameRemoval);
    uploader = uploaderName(publish);
  } else {
    const replacement = replaceWithAction(publish);
    if (!replacement) return undefined;
    changes.push(...replacement.changes);
    uploader = replacement.action;
  }
  const job = publish.step.job;
  if (job.idTokenGrant !== true) {
    const grant = grantIdToken(job);
    if (grant.kind === "none") return undefined;
    changes.push(...grant.changes);
  }
  return { uploader, changes };
}

function envBlockOf(step: Step, level: "workflow" | "job" | "step"): EnvBlock {
  return level === "step" ? step.env : level === "job" ? step.job.env : step.job.workflow.env;
}

/**
 * Removes a pair from a block (`env:`, `with:`) written in place under `parentPair`; the block
 * goes with its key when the migration empties it. `undefined` where the block is shared through
 * an anchor or alias.
 */
function removeFrom(pair: YAMLPair, parentPair: YAMLPair | undefined): Change | undefined {
  if (!parentPair || isAliasOrAnchored(parentPair.value) || pair.parent !== asMapping(parentPair.value)) return undefined;
  return { op: "remove", pair, ifEmptied: "remove-parent" };
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
function exchangeChanges(publish: Publish): { uploader: string; changes: Change[] } | undefined {
  const exchange = publish.registry.migration.exchange;
  const step = publish.step;
  if (!exchange || step.node.style !== "block") return undefined;
  const earlier = step.stepsBefore;
  // An exchanger of the registry already in the job, with an id to read its output by.
  // (An exchanger that configures the job needs no id: its credential input goes, the step stays.)
  const existing = earlier.find(
    (other) => other.action === exchange.action.toLowerCase() && (exchange.output === undefined || (other.id !== undefined && STEP_ID.test(other.id))),
  );
  const id = existing?.id ?? exchange.id;
  if (!existing && step.job.steps.some((other) => other.id === exchange.id)) return undefined;
  const changes: Change[] = [];
  const fed = `\${{ steps.${id}.outputs.${exchange.output ?? ""} }}`;
  for (const credential of publish.credentials) {
    const change = exchange.output === undefined ? removeCredential(publish, credential) : feedCredential(publish, credential, fed);
    if (!change) return undefined;
    changes.push(...change);
  }
  if (!existing) {
    const value = newStep([["name", exchange.stepName], ["uses", exchange.uses], ["id", exchange.id]], exchange.inputs);
    changes.push({ op: "insert-item", item: step.node, where: "before", value });
  }
  return { uploader: `${exchange.action} and ${publish.command ? `\`${publish.invocation}\`` : uploaderName(publish)}`, changes };
}

/**
 * A credential given the exchanger's output instead of the long-lived token: a step-level
 * variable or an input in place, a flag's value in the script; a job- or workflow-level
 * variable (where `steps` cannot be read) moves to the step.
 */
function feedCredential(publish: Publish, credential: CredentialSource, value: string): Change[] | undefined {
  const step = publish.step;
  const set = (scalar: YAMLScalar | undefined, pair: YAMLPair): Change[] | undefined => (scalar && !isAliasOrAnchored(pair.value) ? [{ op: "set", target: scalar, value }] : undefined);
  switch (credential.kind) {
    case "env": {
      const variable = credential.variable;
      if (variable.level === "step") return set(variable.scalar, variable.pair);
      // Other steps may read the job's variable: it stays, and the step gets its own (a new
      // `env:` as the step's first key, so that nothing after it moves).
      if (step.env.pair && isAliasOrAnchored(step.env.pair.value)) return undefined;
      return setStepEnv(step, credential.name, value, "start");
    }
    case "input":
      if (credential.step && credential.step !== step) return undefined;
      return set(credential.input.scalar, credential.input.pair);
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
      const variable = referencedVariable(publish, credential.value);
      if (variable === null) return undefined;
      const edit: Change = { op: "edit-scalar", scalar, start: valueStart, end: valueEnd, text: `"${value}"` };
      return variable ? [edit, variable] : [edit];
    }
    default:
      return undefined;
  }
}

function removeCredential(publish: Publish, credential: CredentialSource): Change[] | undefined {
  const step = publish.step;
  switch (credential.kind) {
    case "env": {
      const change = removeFrom(credential.variable.pair, envBlockOf(step, credential.variable.level).pair);
      return change && [change];
    }
    case "input": {
      const owner = credential.step ?? step;
      const change = removeFrom(credential.input.pair, pairOf(owner.node, "with"));
      return change && [change];
    }
    case "username": {
      // An action's username input goes; a command's username is left to the user.
      const publisher = publish.publisher;
      const user = "usernameInputs" in publisher && publisher.usernameInputs.includes(credential.name) ? step.inputs.get(credential.name) : undefined;
      const change = user && removeFrom(user.pair, pairOf(step.node, "with"));
      return change && [change];
    }
    case "flag": {
      const removal = removeFromScript(publish, flagPattern(credential.name));
      const variable = referencedVariable(publish, credential.value);
      if (!removal || variable === null) return undefined;
      return variable ? [...removal, variable] : removal;
    }
    case "script-variable":
      return removeFromScript(publish, assignmentPattern(credential.name));
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
function referencedVariable(publish: Publish, value: string): Change | undefined | null {
  const name = /^\$(?:env:)?\{?([A-Z_]\w*)\}?$/iu.exec(value.trim())?.[1];
  if (!name) return undefined;
  const variable = publish.step.envVar(name);
  if (variable === undefined) return undefined;
  if (variable === "unknown") return null;
  return removeFrom(variable.pair, envBlockOf(publish.step, variable.level).pair) ?? null;
}

/** Removals of the tool's username variables that are not the token username; `undefined` when one cannot be removed. */
function removeUsernameEnv(publish: Publish): Change[] | undefined {
  const publisher = commandPublisherBehind(publish);
  const changes: Change[] = [];
  for (const name of publisher?.usernameEnv ?? []) {
    const variable = publish.step.envVar(name);
    if (variable === undefined || (variable !== "unknown" && variable.value === publish.registry.tokenUsername)) continue;
    if (variable === "unknown") return undefined;
    const change = removeFrom(variable.pair, envBlockOf(publish.step, variable.level).pair);
    if (!change) return undefined;
    changes.push(change);
  }
  return changes;
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
function removeFromScript(publish: Publish, pattern: RegExp): Change[] | undefined {
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
  return [{ op: "edit-scalar", scalar, start, end, text: "" }];
}

/**
 * A tool that cannot do trusted publishing (poetry, hatch): the upload moves to the registry's
 * replacement action. Only for a step whose script is the upload alone, so nothing else the step
 * did is lost.
 */
function replaceWithAction(publish: Publish): { action: string; changes: Change[] } | undefined {
  const step = publish.step;
  const run = step.runPair;
  const replacement = publish.registry.migration.replacement;
  if (!replacement || !publish.index || !run || !publish.command || step.run?.commands.length !== 1) return undefined;
  if (["working-directory", "shell", "with"].some((key) => pairOf(step.node, key)) || step.node.style !== "block") return undefined;
  const changes: Change[] = [];
  for (const credential of publish.credentials) {
    const change =
      credential.kind === "env"
        ? removeFrom(credential.variable.pair, envBlockOf(step, credential.variable.level).pair)
        : credential.kind === "flag"
          ? referencedVariable(publish, credential.value)
          : undefined;
    if (change === null || (credential.kind === "env" && !change)) return undefined;
    if (change) changes.push(change);
  }
  const inputs = replacement.inputs(publish.index);
  const builds = publish.command.argv.includes(replacement.buildFlag) || replacement.buildsAlways?.includes(publish.tool) === true;
  if (builds) {
    // `poetry publish --build`: keep the build in this step, upload in a new one after it.
    const scalar = run.value;
    if (!scalar || scalar.type !== "YAMLScalar") return undefined;
    changes.push({ op: "set", target: scalar, value: replacement.buildCommand(publish.tool) });
    changes.push({ op: "insert-item", item: step.node, where: "after", value: newStep([["name", replacement.stepName(publish.index)], ["uses", replacement.uses]], inputs) });
  } else {
    const uploadStep = newStep([["uses", replacement.uses]], inputs);
    changes.push({ op: "replace-pair", pair: run, entries: uploadStep.entries });
  }
  return { action: replacement.action, changes };
}
