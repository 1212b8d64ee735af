import { createRule, fixer } from "../rule-creator.js";
import type { Step, Workflow } from "../ci/github/index.js";
import { placeOfScalar, takesExpression } from "../ci/github/places.js";
import { onCiFile } from "../ci/index.js";
import type { GitLabPipeline } from "../ci/gitlab/index.js";
import { replaceWithSecret, secretThroughEnv } from "../ci/github/edits.js";
import type { Change, Edits, YamlEditor } from "../yaml/edit.js";
import { asScalar, type YAMLScalar } from "../yaml/nodes.js";
import { secretsWrittenIn } from "../publishing/written-secrets.js";
import { credentialPositions, describePlace, pipelineCredentialPositions, safekeepingOf } from "../publishing/credential-positions.js";
import { registryOfTokenKind, type Registry } from "../registries/index.js";
import { findTokens, kindInfo, type CredentialKind } from "../publishing/credentials.js";
import { looksLikeSecret, valueNature, type SecretMatch } from "../publishing/literals.js";

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

      // 1. Credential positions: a literal there is reported when it looks like a secret
      // (literals.ts judges it, with what the position's name says).
      const positions = workflow ? credentialPositions(workflow, { additionalNames }) : pipeline ? pipelineCredentialPositions(pipeline, { additionalNames }) : [];
      for (const position of positions) {
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
            remedy: `${remedyOf(kind)}${safekeepingOf(position.place)}`,
            replacement,
            advice: advice(kind, position.replacedByTrustedPublishing, secret),
          },
          // A workflow's secret moves to `${{ secrets.… }}`; a pipeline has no such expression.
          fix: workflow && (whole || located) ? useSecret(scalar, position.span, secret, step) : undefined,
          value: trimmed,
          ...(token && { token: token.kind }),
        };
        occurrences.push(occurrence);
        positionsIn.set(scalar, [...(positionsIn.get(scalar) ?? []), occurrence]);
      }
      /** A secret inside a value already reported as a whole at its credential position (in the same scalar). */
      const covered = (scalar: YAMLScalar, range: Range, secret: string) =>
        (positionsIn.get(scalar) ?? []).some((position) => position.range[0] <= range[0] && range[1] <= position.range[1] && position.value!.includes(secret));

      // 2. Token shapes and passwords in URLs anywhere in the file: values, keys, comments, anchors.
      for (const written of secretsWrittenIn(sourceCode.ast, text)) {
        const { found } = written;
        if (isAllowed(found.text)) continue;
        const secret = kindInfo(found.kind).secret;
        const credential = credentialText(found.kind, found);
        const common = { key: found.text, ...(found.shape && { token: found.kind }), messageId: "hardcodedCredential" as const };
        if (written.in === "scalar") {
          const { scalar } = written;
          // A token over several lines (a private key) is located by its first line.
          const firstLineEnd = found.text.includes("\n") ? found.start + found.text.indexOf("\n") : found.end;
          const located = editor.valueRange(scalar, found.start, firstLineEnd);
          const range: Range = located ?? scalar.range;
          if (covered(scalar, range, found.text)) continue;
          const replacement = `\${{ secrets.${secret} }}`;
          // A secret can replace a value read as text at run time, not an id, a name or a matrix value.
          const editable = workflow && located && found.shape?.kind !== "private-key" && takesExpression(scalar);
          const fix = editable ? useSecret(scalar, found, secret, stepOfScript().get(scalar)) : undefined;
          const where = workflow ? placeOfScalar(workflow, scalar) : `on line ${scalar.loc.start.line}`;
          occurrences.push({ ...common, range, rank: fix ? 1 : 2, data: { credential, where, remedy: remedyOf(found.kind), replacement, advice: advice(found.kind, undefined, secret) }, fix });
        } else if (written.in === "comment") {
          const start = written.comment.range[0] + 1 + found.start;
          const line = String(sourceCode.getLocFromIndex(start).line);
          occurrences.push({ ...common, messageId: "credentialInComment", range: [start, start + found.text.length], rank: 2, data: { credential, line, remedy: remedyOf(found.kind) }, fix: undefined });
        } else {
          const line = sourceCode.getLocFromIndex(found.start).line;
          const where = written.mark ? `in ${MARK_WORDS[written.mark]} on line ${line}` : `on line ${line}`;
          occurrences.push({ ...common, range: [found.start, found.end], rank: 2, data: { credential, where, remedy: remedyOf(found.kind) }, fix: undefined });
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

/** How a message names what holds a secret that no scalar or comment holds. */
const MARK_WORDS = { anchor: "an anchor name", alias: "an alias", tag: "a tag" } as const;

/** ` (also on line 12)`, ` (also on lines 12 and 30)`, ` (also on lines 3, 5, 8, 12, 30 and 2 more)`. */
function alsoText(lines: readonly number[]): string {
  if (lines.length === 0) return "";
  const sorted = [...lines].sort((a, b) => a - b);
  if (sorted.length === 1) return ` (also on line ${sorted[0]})`;
  if (sorted.length > 6) return ` (also on lines ${sorted.slice(0, 5).join(", ")} and ${sorted.length - 5} more)`;
  return ` (also on lines ${sorted.slice(0, -1).join(", ")} and ${sorted.at(-1)})`;
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
