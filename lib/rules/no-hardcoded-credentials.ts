import { applyEdit, applyEdits, createRule } from "../rule-creator.js";
import { onWorkflow, type Step } from "../workflow/index.js";
import { combineEdits, isPlainSafe, type TextEdit, type YamlEditor } from "../yaml/edit.js";
import { allScalars, asMapping, asScalar, isShared, items, asSequence, pathOf, scalarText, valueOf, type YAMLScalar } from "../yaml/nodes.js";
import { credentialPositions, type CredentialPlace } from "../publishing/credential-positions.js";
import { registryOfTokenKind, type Registry } from "../registries/index.js";
import {
  findTokens,
  kindInfo,
  mayHoldToken,
  valueNature,
  type CredentialKind,
  type TokenMatch,
} from "../publishing/credentials.js";

export interface NoHardcodedCredentialsOptions {
  additionalNames: string[];
  allowValues: string[];
}

type Range = readonly [number, number];

/**
 * A credential written into a workflow in plain text is readable by everyone who can read the
 * repository, and stays in its history: it has leaked. Reports literal values in credential
 * positions and well-known token shapes anywhere in the file, never repeating the value.
 */
export default createRule<"hardcodedCredential" | "credentialInComment" | "useSecret" | "useSecretFromEnv", [NoHardcodedCredentialsOptions]>({
  name: "no-hardcoded-credentials",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow credentials written in plain text in a workflow (PyPI, npm, crates.io, RubyGems, NuGet, JSR, container registries and more)",
      recommended: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        properties: {
          additionalNames: {
            type: "array",
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
            description: "More env variable or input names that hold a credential; `*` matches any characters.",
          },
          allowValues: {
            type: "array",
            items: { type: "string", format: "regex" },
            uniqueItems: true,
            description: "Regular expressions (source text) of known-harmless literals; each must match a whole value or token.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ additionalNames: [], allowValues: [] }],
    messages: {
      hardcodedCredential: "{{credential}} is written in plain text {{where}}.",
      credentialInComment: "{{credential}} is written in a comment on line {{line}}.",
      useSecret: "Revoke it and use `{{replacement}}` (a guessed secret name){{advice}}",
      useSecretFromEnv: "Revoke it, set `{{name}}: {{replacement}}` in the step's `env` and use `{{reference}}` in the script{{advice}}",
    },
  },
  create(context) {
    const [{ additionalNames, allowValues }] = context.options;
    const allowed = compileAllowValues(allowValues);
    const isAllowed = (text: string) => allowed.some((pattern) => pattern.test(text.trim()));
    const sourceCode = context.sourceCode;

    // Like every rule of the plugin, it judges workflows only (a file with top-level `jobs`).
    return onWorkflow(context, (workflow, editor) => {
      const text = sourceCode.text;
      const reported: Range[] = [];
      const covered = (range: Range) => reported.some(([start, end]) => start <= range[0] && range[1] <= end);

      const report = (
        range: Range,
        messageId: "hardcodedCredential" | "credentialInComment",
        data: Record<string, string>,
        edit: TextEdit | ScriptSecret | undefined,
      ) => {
        reported.push(range);
        // Values are redacted by createRule's report, the plugin's one redaction point.
        const { advice: adviceText = "", replacement = "", ...messageData } = data;
        context.report({
          loc: { start: sourceCode.getLocFromIndex(range[0]), end: sourceCode.getLocFromIndex(range[1]) },
          messageId,
          data: messageData,
          suggest: !edit
            ? null
            : "reference" in edit
              ? [{ messageId: "useSecretFromEnv", data: { name: edit.name, replacement, reference: edit.reference, advice: adviceText }, fix: applyEdits(edit.edits) }]
              : [{ messageId: "useSecret", data: { replacement, advice: adviceText }, fix: applyEdit(edit) }],
        });
      };
      /** In a step's script, the secret goes through the step's `env` where the shell is known. */
      const inScript = (step: Step | undefined, scalar: YAMLScalar, span: { start: number; end: number }, secret: string, inline: TextEdit | undefined) =>
        (step && scriptSecret(editor, text, step, scalar, span, secret)) ?? inline;

      // 1. Credential positions of the workflow: literal values there are credentials, whatever they look like.
      for (const position of credentialPositions(workflow, { additionalNames })) {
        if (valueNature(position.value) !== "literal" || isAllowed(position.value)) continue;
        const scalar = position.scalar;
        if (!scalar) continue;
        const located = position.span && editor.valueRange(scalar, position.span.start, position.span.end);
        const whole = position.span === undefined;
        const range: Range = located ?? scalar.range;
        if (covered(range)) continue;
        // The value's own shape, when it is one token (or a whole private key), names it best.
        const trimmed = position.value.trim();
        const token = findTokens(trimmed).find(
          (match) => match.text === trimmed || (match.shape.kind === "private-key" && match.start === 0),
        );
        const kind = token?.kind ?? position.credential;
        const secret = token && token.kind !== position.credential ? kindInfo(token.kind).secret : position.secret;
        const replacement = `\${{ secrets.${secret} }}`;
        const edit = whole ? editor.replaceScalarValue(scalar, replacement) : located ? editor.replaceInScalar(scalar, located, replacement) : undefined;
        const step = "step" in position.place && position.place.kind.startsWith("script-") ? position.place.step : undefined;
        report(range, "hardcodedCredential", {
          credential: credentialText(kind, token, kind === position.credential ? position.replacedByTrustedPublishing : undefined),
          where: placeText(position.place),
          replacement,
          advice: advice(kind, position.replacedByTrustedPublishing, secret),
        }, located && position.span ? inScript(step, scalar, position.span, secret, edit) : edit);
      }

      // 2. Known token shapes in every scalar (keys too) and every comment of the workflow; a
      // file whose text has no token prefix at all (nearly every file) is not walked.
      if (!mayHoldToken(text)) return;
      for (const scalar of allScalars(sourceCode.ast)) {
        if (typeof scalar.value !== "string") continue;
        for (const token of findTokens(scalar.value)) {
          if (isAllowed(token.text)) continue;
          // A token over several lines (a private key) is located by its first line.
          const firstLineEnd = token.text.includes("\n") ? token.start + token.text.indexOf("\n") : token.end;
          const located = editor.valueRange(scalar, token.start, firstLineEnd);
          const range: Range = located ?? scalar.range;
          if (covered(range)) continue;
          const path = pathOf(scalar);
          const secret = kindInfo(token.kind).secret;
          const replacement = `\${{ secrets.${secret} }}`;
          const editable = located && !path.isKey && token.shape.kind !== "private-key";
          const inline = editable ? editor.replaceInScalar(scalar, located, replacement) : undefined;
          const step = editable ? workflow.jobs.flatMap((job) => job.steps).find((candidate) => asScalar(candidate.runPair?.value) === scalar) : undefined;
          report(range, "hardcodedCredential", {
            credential: credentialText(token.kind, token),
            where: pathText(path.segments, path.isKey, scalar),
            replacement,
            advice: advice(token.kind, undefined, secret),
          }, inScript(step, scalar, token, secret, inline));
        }
      }
      for (const comment of sourceCode.ast.comments) {
        for (const token of findTokens(comment.value)) {
          if (isAllowed(token.text)) continue;
          const start = comment.range[0] + 1 + token.start;
          const range: Range = [start, start + token.text.length];
          if (covered(range)) continue;
          report(range, "credentialInComment", {
            credential: credentialText(token.kind, token),
            line: String(sourceCode.getLocFromIndex(start).line),
          }, undefined);
        }
      }
    });
  },
});

/** The user's allowed literals as whole-value patterns; a pattern that does not compile is ignored. */
function compileAllowValues(sources: readonly string[]): RegExp[] {
  const patterns: RegExp[] = [];
  for (const source of sources) {
    for (const flags of ["u", ""]) {
      try {
        patterns.push(new RegExp(`^(?:${source})$`, flags));
        break;
      } catch {
        // Try without the `u` flag, then give up on this pattern (the schema rejects invalid ones).
      }
    }
  }
  return patterns;
}

/**
 * "A GitHub token (`ghp_…`)", "A container registry password"; a publisher's credential that
 * trusted publishing would replace is named as the registry names it.
 */
function credentialText(kind: CredentialKind, token: TokenMatch | undefined, publishedWith?: Registry): string {
  const label = publishedWith?.credentials.publisherKind === kind ? publishedWith.credentials.publishLabel : kindInfo(kind).label;
  const text = token ? `${label} (\`${token.prefix}…\`)` : label;
  return text[0]!.toUpperCase() + text.slice(1);
}

/** What to do beyond moving the value into a secret: trusted publishing, where the registry offers it. */
function advice(kind: CredentialKind, replacedBy: Registry | undefined, secret: string): string {
  const registry = replacedBy ?? registryOfTokenKind(kind);
  if (registry?.supportsTrustedPublishing) {
    return `; better, ${registry.name} trusted publishing needs none`;
  }
  if (secret === kindInfo("github-token").secret) {
    return "; `secrets.GITHUB_TOKEN` needs no secret of your own";
  }
  return "";
}

function stepText(step: Step): string {
  const label = step.name ?? scalarText(step.usesPair?.value);
  return label ? `step '${label}' of job '${step.job.id}'` : `step ${step.index + 1} of job '${step.job.id}'`;
}

function placeText(place: CredentialPlace): string {
  switch (place.kind) {
    case "env": {
      const owner = place.step ? `the \`env\` of ${stepText(place.step)}` : place.job ? `the \`env\` of job '${place.job.id}'` : "the workflow's `env`";
      return `in ${owner} (\`${place.variable.name}\`)`;
    }
    case "input":
      return `in the \`${place.input.name}\` input of ${stepText(place.step)}`;
    case "container":
      return place.container.service === undefined
        ? `in the \`container.credentials.password\` of job '${place.job.id}'`
        : `in the \`credentials.password\` of service '${place.container.service}' in job '${place.job.id}'`;
    case "passed-secret":
      return `in the \`secrets\` that job '${place.job.id}' passes to its reusable workflow (\`${place.input.name}\`)`;
    case "script-option":
      return `in the \`run:\` script of ${stepText(place.step)} (\`${place.option}\` of \`${place.command}\`)`;
    case "script-argument":
      return `in the \`run:\` script of ${stepText(place.step)} (an argument of \`${place.command}\`)`;
    case "script-assignment":
      return `in the \`run:\` script of ${stepText(place.step)} (\`${place.form === "export" ? "export " : ""}${place.name}=…\`)`;
  }
}

/** `at jobs.publish.steps[2].run`; a key says so. */
function pathText(segments: readonly (string | number)[], isKey: boolean, scalar: YAMLScalar): string {
  if (segments.length === 0) return `on line ${scalar.loc.start.line}`;
  const path = segments
    .map((segment, index) => (typeof segment === "number" ? `[${segment}]` : /^[\w-]+$/u.test(segment) ? `${index === 0 ? "" : "."}${segment}` : `${index === 0 ? "" : "."}"${segment}"`))
    .join("");
  return isKey ? `in a key at \`${path}\`` : `at \`${path}\``;
}

/** A suggestion that moves a secret out of a script: the step's `env` gets it, the script reads the variable. */
interface ScriptSecret {
  readonly name: string;
  readonly reference: string;
  readonly edits: readonly TextEdit[];
}

/**
 * The shell a step's script runs in, where the workflow says so: the step's `shell`, else the
 * job's or workflow's `defaults.run.shell`, else the runner's default (bash on Linux and macOS
 * and in containers, pwsh on Windows). `undefined` when it cannot be known (an expression, a
 * self-hosted runner without an OS label, another shell).
 */
function shellOf(step: Step): "posix" | "pwsh" | undefined {
  const defaultShell = (node: Parameters<typeof valueOf>[0]) => scalarText(valueOf(asMapping(valueOf(asMapping(valueOf(node, "defaults")), "run")), "shell"));
  const shell = scalarText(valueOf(step.node, "shell")) ?? defaultShell(step.job.node) ?? defaultShell(step.job.workflow.node);
  if (shell !== undefined) {
    const program = /^\s*([\w-]+)/u.exec(shell)?.[1];
    return program === "bash" || program === "sh" ? "posix" : program === "pwsh" || program === "powershell" ? "pwsh" : undefined;
  }
  if (valueOf(step.job.node, "container") !== undefined) return "posix";
  const runsOn = valueOf(step.job.node, "runs-on");
  const labels = (scalarText(runsOn) !== undefined ? [scalarText(runsOn)] : items(asSequence(runsOn)).map((item) => scalarText(item))).map((label) => label?.toLowerCase() ?? "${{");
  if (labels.length === 0 || labels.some((label) => label.includes("${{"))) return undefined;
  if (labels.some((label) => label.includes("windows"))) return "pwsh";
  return labels.some((label) => /ubuntu|macos|linux/u.test(label)) ? "posix" : undefined;
}

/**
 * The edits that put `secret` in the step's `env` (`NAME: ${{ secrets.NAME }}`) and replace the
 * value at `span` of the script (a range of its value) with a reference to that variable, as
 * GitHub's hardening guide advises. `undefined` where that cannot be done safely: the shell is
 * unknown, the value sits in quotes that a reference cannot go into, the script or the `env` is
 * shared through an alias, or the step's `env` already uses that name for something else.
 */
function scriptSecret(editor: YamlEditor, text: string, step: Step, scalar: YAMLScalar, span: { start: number; end: number }, secret: string): ScriptSecret | undefined {
  const shell = shellOf(step);
  if (!shell || typeof scalar.value !== "string" || isShared(step.runPair?.value) || isShared(step.env.pair?.value)) return undefined;
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
  const range = editor.valueRange(scalar, start, end);
  const scriptEdit = range && editor.replaceInScalar(scalar, range, reference);
  if (!scriptEdit) return undefined;
  const expression = `\${{ secrets.${secret} }}`;
  const edits: TextEdit[] = [scriptEdit];
  const existing = step.env.vars.get(secret);
  if (existing) {
    if (existing.value?.replaceAll(" ", "") !== expression.replaceAll(" ", "")) return undefined;
  } else if (step.env.pair) {
    const env = asMapping(step.env.pair.value);
    if (!env || step.env.unknown) return undefined;
    edits.push(editor.appendPair(env, secret, isPlainSafe(expression, env.style === "flow") ? expression : JSON.stringify(expression)));
  } else {
    edits.push(editor.appendMappingPair(step.node, undefined, "env", [[secret, expression]]));
  }
  return { name: secret, reference, edits: combineEdits(text, edits) };
}
