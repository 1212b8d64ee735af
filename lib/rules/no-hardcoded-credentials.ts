import { createRule, fixer } from "../rule-creator.js";
import type { Step, Workflow } from "../ci/github/index.js";
import { placeOfScalar } from "../ci/github/places.js";
import { onCiFile } from "../ci/index.js";
import { inLintedFile } from "../ci/gitlab/edits.js";
import type { GitLabPipeline } from "../ci/gitlab/index.js";
import { replaceWithSecret, secretThroughEnv } from "../ci/github/edits.js";
import type { Change, Edits, YamlEditor } from "../yaml/edit.js";
import { allScalars, asScalar, pathOf, type YAMLScalar } from "../yaml/nodes.js";
import { credentialPositions, describePlace } from "../publishing/credential-positions.js";
import { registryOfTokenKind, type Registry } from "../registries/index.js";
import { credentialEnvKind, findTokens, kindInfo, type CredentialKind } from "../publishing/credentials.js";
import { findSecrets, looksLikeSecret, mayHoldSecret, roleOfName, scanSecrets, valueNature, type SecretMatch } from "../publishing/literals.js";

export interface NoHardcodedCredentialsOptions {
  additionalNames: string[];
  allowValues: string[];
}

type Range = readonly [number, number];
type MessageId = "hardcodedCredential" | "credentialInComment";

/** The suggestion's edits; for a secret moved out of a script, the variable the script reads instead. */
interface SecretFix {
  readonly edits: Edits;
  readonly env?: { readonly name: string; readonly reference: string };
}

/** One place where a secret is written, before the secret's places are merged into one report. */
interface Occurrence {
  /** What is written: the secret's text; every occurrence of one text makes one report. */
  readonly key: string;
  readonly range: Range;
  /** Which occurrence carries the report: a credential position (0), then one with a suggestion (1), then the first (2). */
  readonly rank: number;
  readonly messageId: MessageId;
  readonly data: Record<string, string>;
  readonly fix: SecretFix | undefined;
  /** For a credential position: the value, whose secrets the position's report covers. */
  readonly value?: string;
  /** For a token shape: its kind (tokens of one kind where one begins the other are one token). */
  readonly token?: CredentialKind;
}

/**
 * A credential written into a workflow in plain text is readable by everyone who can read the
 * repository, and stays in its history: it has leaked. Reports literals that look like secrets in
 * credential positions, and well-known token shapes and passwords in URLs anywhere in the file
 * (values, keys, comments, anchors), each secret once, never repeating it.
 *
 * In a GitLab CI/CD pipeline the credential positions are its `variables:` (global and job) whose
 * names say they hold a credential, and token shapes (GitLab's own `glpat-`, `gldt-` included)
 * anywhere in the file; the remedy is a masked (and protected) CI/CD variable, so no suggestion
 * writes GitHub's `${{ secrets.… }}` there.
 */
export default createRule<MessageId | "useSecret" | "useSecretFromEnv", [NoHardcodedCredentialsOptions]>({
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
            description: "More env variable, input or passed-secret names that hold a credential; `*` matches any characters.",
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
      hardcodedCredential: "{{credential}} is written in plain text {{where}}{{also}}; {{remedy}}.",
      credentialInComment: "{{credential}} is written in a comment on line {{line}}{{also}}; {{remedy}}.",
      useSecret: "Revoke it and use `{{replacement}}` (a guessed secret name){{advice}}",
      useSecretFromEnv: "Revoke it, set `{{name}}: {{replacement}}` in the step's `env` and use `{{reference}}` in the script{{advice}}",
    },
  },
  create(context) {
    const [{ additionalNames, allowValues }] = context.options;
    const allowed = compileAllowValues(allowValues);
    const isAllowed = (text: string) => allowed.some((pattern) => pattern.test(text.trim()));
    const sourceCode = context.sourceCode;

    // Workflows and composite actions (a token written in an input's default is as public as one
    // in a step), and GitLab pipelines.
    const check = (workflow: Workflow | undefined, pipeline: GitLabPipeline | undefined, editor: YamlEditor) => {
      const text = sourceCode.text;
      const occurrences: Occurrence[] = [];
      const written = (changes: readonly Change[] | undefined): SecretFix | undefined => {
        const edits = editor.apply(changes);
        return edits && edits.length > 0 ? { edits } : undefined;
      };
      /**
       * The secret's place becomes `${{ secrets.NAME }}`: the whole value, or the part at `span`;
       * in a step's script, the secret goes through the step's `env` where the shell is known.
       */
      const useSecret = (scalar: YAMLScalar, span: { start: number; end: number } | undefined, secret: string, step: Step | undefined): SecretFix | undefined => {
        const throughEnv = step && span && secretThroughEnv(step, scalar, span, secret);
        const moved = throughEnv && written(throughEnv.changes);
        if (moved) return { ...moved, env: { name: throughEnv.name, reference: throughEnv.reference } };
        return written(replaceWithSecret(scalar, span, secret));
      };

      const positionsIn = new Map<YAMLScalar, Occurrence[]>();
      let scripts: Map<YAMLScalar | undefined, Step> | undefined;
      /** The (first) step whose `run:` script a scalar is (built on first use). */
      const stepOfScript = () => (scripts ??= new Map((workflow?.jobs ?? []).flatMap((job) => job.steps).reverse().map((step) => [asScalar(step.runPair?.value), step])));

      // 1. Credential positions of the workflow: a literal there is reported when it looks like a
      // secret (literals.ts judges it, with what the position's name says).
      // In a GitLab pipeline: `variables:` written in this file whose names say credential.
      if (pipeline) occurrences.push(...pipelineVariableOccurrences(pipeline, additionalNames, isAllowed));
      for (const position of workflow ? credentialPositions(workflow, { additionalNames }) : []) {
        if (valueNature(position.value) !== "literal" || isAllowed(position.value) || !looksLikeSecret(position.value, position.role)) continue;
        const scalar = position.scalar;
        if (!scalar) continue;
        const located = position.span && editor.valueRange(scalar, position.span.start, position.span.end);
        const whole = position.span === undefined;
        const range: Range = located ?? scalar.range;
        // The value's own shape, when it is one token (or a whole private key), names it best.
        const trimmed = position.value.trim();
        const token = findTokens(trimmed).find(
          (match) => match.text === trimmed || (match.shape.kind === "private-key" && match.start === 0),
        );
        const kind = token?.kind ?? position.credential;
        const secret = token && token.kind !== position.credential ? kindInfo(token.kind).secret : position.secret;
        const replacement = `\${{ secrets.${secret} }}`;
        const step = "step" in position.place && position.place.kind.startsWith("script-") ? position.place.step : undefined;
        const occurrence: Occurrence = {
          key: token?.text ?? trimmed,
          range,
          rank: 0,
          messageId: "hardcodedCredential",
          data: {
            credential: credentialText(kind, token, kind === position.credential ? position.replacedByTrustedPublishing : undefined),
            where: describePlace(position.place),
            remedy: remedyOf(kind),
            replacement,
            advice: advice(kind, position.replacedByTrustedPublishing, secret),
          },
          fix: whole || located ? useSecret(scalar, position.span, secret, step) : undefined,
          value: trimmed,
          ...(token && { token: token.kind }),
        };
        occurrences.push(occurrence);
        positionsIn.set(scalar, [...(positionsIn.get(scalar) ?? []), occurrence]);
      }
      /** A secret inside a value already reported as a whole at its credential position (in the same scalar). */
      const covered = (scalar: YAMLScalar, range: Range, secret: string) =>
        (positionsIn.get(scalar) ?? []).some((position) => position.range[0] <= range[0] && range[1] <= position.range[1] && position.value!.includes(secret));

      // 2. Token shapes and passwords in URLs, in every scalar (keys too), every comment and the
      // rest of the text (anchors, aliases, tags); a file with no token prefix and no URL with a
      // user part (nearly every file) is not walked.
      if (mayHoldSecret(text)) {
        // The secrets of the raw text (in order) that no scalar or comment holds are looked at last;
        // a scalar or comment is looked at only where the text may hold one (see scanSecrets).
        const { secrets: inText, mayHold, mayHoldAny } = scanSecrets(text);
        // Where no part of the text may hold one, only a scalar read otherwise than written could
        // (an escape in a double-quoted scalar, a private key's header folded over lines).
        const escapes = text.includes("\\");
        const privateKey = text.includes("PRIVATE");
        const readOtherwise = (scalar: YAMLScalar, value: string) =>
          (escapes && scalar.style === "double-quoted" && scalar.raw.includes("\\")) || (privateKey && value.includes("PRIVATE KEY"));
        const walk = mayHoldAny || escapes || privateKey;
        const placed = new Uint8Array(inText.length);
        const place = (range: Range) => {
          // The first secret that ends after the range starts, then every one that starts before it ends.
          let low = 0;
          for (let high = inText.length; low < high; ) {
            const middle = (low + high) >>> 1;
            if (inText[middle]!.end <= range[0]) low = middle + 1;
            else high = middle;
          }
          for (let i = low; i < inText.length && inText[i]!.start < range[1]; i++) placed[i] = 1;
        };
        for (const scalar of walk ? allScalars(sourceCode.ast) : []) {
          if (inText.length > 0) place(scalar.range);
          if (typeof scalar.value !== "string") continue;
          if (!(mayHoldAny && mayHold(scalar.range[0], scalar.range[1])) && !readOtherwise(scalar, scalar.value)) continue;
          for (const found of findSecrets(scalar.value)) {
            if (isAllowed(found.text)) continue;
            // A token over several lines (a private key) is located by its first line.
            const firstLineEnd = found.text.includes("\n") ? found.start + found.text.indexOf("\n") : found.end;
            const located = editor.valueRange(scalar, found.start, firstLineEnd);
            const range: Range = located ?? scalar.range;
            if (covered(scalar, range, found.text)) continue;
            const path = pathOf(scalar);
            const secret = kindInfo(found.kind).secret;
            const replacement = `\${{ secrets.${secret} }}`;
            // A secret can replace a value that is read as text at run time (an env value, an input,
            // a script), not an id, a name or a matrix value.
            const editable = workflow && located && !path.isKey && found.shape?.kind !== "private-key" && takesExpression(path.segments);
            const fix = editable ? useSecret(scalar, found, secret, stepOfScript().get(scalar)) : undefined;
            occurrences.push({
              key: found.text,
              ...(found.shape && { token: found.kind }),
              range,
              rank: fix ? 1 : 2,
              messageId: "hardcodedCredential",
              data: { credential: credentialText(found.kind, found), where: workflow ? placeOfScalar(workflow, scalar) : `on line ${scalar.loc.start.line}`, remedy: remedyOf(found.kind), replacement, advice: advice(found.kind, undefined, secret) },
              fix,
            });
          }
        }
        for (const comment of mayHoldAny ? sourceCode.ast.comments : []) {
          if (inText.length > 0) place(comment.range);
          if (!mayHold(comment.range[0], comment.range[1])) continue;
          for (const found of findSecrets(comment.value)) {
            if (isAllowed(found.text)) continue;
            const start = comment.range[0] + 1 + found.start;
            const range: Range = [start, start + found.text.length];
            occurrences.push({
              key: found.text,
              ...(found.shape && { token: found.kind }),
              range,
              rank: 2,
              messageId: "credentialInComment",
              data: { credential: credentialText(found.kind, found), line: String(sourceCode.getLocFromIndex(start).line), remedy: remedyOf(found.kind) },
              fix: undefined,
            });
          }
        }
        // What no scalar or comment holds: an anchor's or alias's name, a tag, a directive.
        for (const [index, found] of inText.entries()) {
          if (placed[index] || isAllowed(found.text)) continue;
          occurrences.push({
            key: found.text,
            ...(found.shape && { token: found.kind }),
            range: [found.start, found.end],
            rank: 2,
            messageId: "hardcodedCredential",
            data: { credential: credentialText(found.kind, found), where: markText(text, found.start, sourceCode.getLocFromIndex(found.start).line), remedy: remedyOf(found.kind) },
            fix: undefined,
          });
        }
      }

      // 3. Each secret once, where it is best reported; its other places by line. A token of a
      // shape with no fixed length (`pypi-…`) read on into a suffix (`pypi-…_SETTING`) is the
      // same token: sorted, a key is followed by the keys it begins.
      const byKey = new Map<string, Occurrence[]>();
      for (const occurrence of occurrences) byKey.set(occurrence.key, [...(byKey.get(occurrence.key) ?? []), occurrence]);
      let root: Occurrence[] | undefined;
      for (const key of [...byKey.keys()].filter((candidate) => byKey.get(candidate)![0]!.token !== undefined).sort()) {
        const group = byKey.get(key)!;
        if (root && group[0]!.token === root[0]!.token && key.startsWith(root[0]!.key)) {
          root.push(...group);
          byKey.delete(key);
        } else {
          root = group;
        }
      }
      const groups = [...byKey.values()];
      const lineOf = (index: number) => sourceCode.getLocFromIndex(index).line;
      for (const group of groups) {
        const [first] = [...group].sort((a, b) => a.rank - b.rank || a.range[0] - b.range[0]);
        const { range, messageId, data, fix } = first!;
        const others = [...new Set(group.map((occurrence) => lineOf(occurrence.range[0])))].filter((line) => line !== lineOf(range[0]));
        // Values are redacted by createRule's report, the plugin's one redaction point.
        const { advice: adviceText = "", replacement = "", ...messageData } = data;
        context.report({
          loc: { start: sourceCode.getLocFromIndex(range[0]), end: sourceCode.getLocFromIndex(range[1]) },
          messageId,
          data: { ...messageData, also: alsoText(others) },
          suggest: !fix
            ? null
            : fix.env
              ? [{ messageId: "useSecretFromEnv", data: { name: fix.env.name, replacement, reference: fix.env.reference, advice: adviceText }, fix: fixer(fix.edits)! }]
              : [{ messageId: "useSecret", data: { replacement, advice: adviceText }, fix: fixer(fix.edits)! }],
        });
      }
    };
    return onCiFile(context, {
      compositeActions: true,
      workflow: (workflow, editor) => check(workflow, undefined, editor),
      pipeline: (pipeline, editor) => check(undefined, pipeline, editor),
    });
  },
});

/**
 * The literals of a GitLab pipeline's `variables:` (global and job, written in the linted file)
 * whose names say they hold a credential and whose values look like one.
 */
function pipelineVariableOccurrences(pipeline: GitLabPipeline, additionalNames: readonly string[], isAllowed: (text: string) => boolean): Occurrence[] {
  const extra = additionalNames.map((name) => new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/gu, "\\$&").replace(/\*/gu, ".*")}$`, "u"));
  const found: Occurrence[] = [];
  const seen = new Set<YAMLScalar>();
  const blocks = [{ block: pipeline.env, where: "in the global `variables:`" }, ...pipeline.jobs.map((job) => ({ block: job.env, where: `in the \`variables:\` of ${job.place}` }))];
  for (const { block, where } of blocks) {
    for (const variable of block.vars.values()) {
      const { scalar, value, name } = variable;
      if (!scalar || value === undefined || seen.has(scalar) || !inLintedFile(pipeline, scalar)) continue;
      seen.add(scalar);
      const known = credentialEnvKind(name);
      const named = known !== undefined || roleOfName(name) === "credential" || extra.some((pattern) => pattern.test(name));
      if (!named || valueNature(value) !== "literal" || isAllowed(value) || !looksLikeSecret(value, "credential")) continue;
      const trimmed = value.trim();
      const token = findTokens(trimmed).find((match) => match.text === trimmed);
      const kind: CredentialKind = token?.kind ?? known ?? "generic";
      found.push({
        key: token?.text ?? trimmed,
        range: scalar.range,
        rank: 0,
        messageId: "hardcodedCredential",
        data: { credential: credentialText(kind, token), where: `${where} (\`${name}\`)`, remedy: `${remedyOf(kind)} and keep it in a masked CI/CD variable` },
        fix: undefined,
        value: trimmed,
        ...(token && { token: token.kind }),
      });
    }
  }
  return found;
}

/** ` (also on line 12)`, ` (also on lines 12 and 30)`, ` (also on lines 3, 5, 8, 12, 30 and 2 more)`. */
function alsoText(lines: readonly number[]): string {
  if (lines.length === 0) return "";
  const sorted = [...lines].sort((a, b) => a - b);
  if (sorted.length === 1) return ` (also on line ${sorted[0]})`;
  if (sorted.length > 6) return ` (also on lines ${sorted.slice(0, 5).join(", ")} and ${sorted.length - 5} more)`;
  return ` (also on lines ${sorted.slice(0, -1).join(", ")} and ${sorted.at(-1)})`;
}

/** Whether a value at this path is read as text where an expression can stand: an env value, an input, a passed secret, a step's script. */
function takesExpression(segments: readonly (string | number)[]): boolean {
  const parent = segments.at(-2);
  if (parent === "env" || parent === "with") return true;
  if (segments[0] === "jobs" && segments.length === 4 && parent === "secrets") return true;
  return segments[0] === "jobs" && segments[2] === "steps" && segments.length === 5 && segments[4] === "run";
}

/**
 * What the user must do: a token or key is revoked at its issuer; a password is changed. Either
 * way the old one is in the repository's history.
 */
function remedyOf(kind: CredentialKind): string {
  const label = kindInfo(kind).label;
  return /password/u.test(label) && !/token|key/u.test(label) ? "change it" : "revoke it";
}

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
function credentialText(kind: CredentialKind, token: SecretMatch | undefined, publishedWith?: Registry): string {
  const label = publishedWith?.credentials.publisherKind === kind ? publishedWith.credentials.publishLabel : kindInfo(kind).label;
  const text = token?.prefix ? `${label} (\`${token.prefix}…\`)` : label;
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

/** What holds a secret no scalar or comment holds: an anchor's or alias's name, a tag, else its line. */
function markText(text: string, start: number, line: number): string {
  // Back to the start of the word, at most 1,000 characters (a longer name is named by its line).
  let at = start;
  while (at > 0 && start - at < 1000 && !/[\s,[\]{}]/u.test(text[at - 1]!)) at--;
  const mark = text[at];
  const what = mark === "&" ? "an anchor name" : mark === "*" ? "an alias" : mark === "!" ? "a tag" : undefined;
  return what ? `in ${what} on line ${line}` : `on line ${line}`;
}

