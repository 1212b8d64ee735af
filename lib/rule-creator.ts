/**
 * The shared rule creator: every rule gets its documentation URL, its YAML types and the
 * project's conventions (message ids, schemas) from here.
 */
import type { RuleDefinition, RuleContext, RulesMeta, RuleVisitor, RuleFixer } from "@eslint/core";
import type { Edits } from "./yaml/edit.js";
import { redactSecrets } from "./publishing/literals.js";
import type { YAMLSourceCode } from "eslint-plugin-yml";
import type { AST } from "yaml-eslint-parser";
import { REPOSITORY_URL, releasedFileUrl } from "./package.js";

export { REPOSITORY_URL };

export interface RuleDocs {
  readonly description: string;
  /** Whether `configs.recommended` turns the rule on. */
  readonly recommended: boolean;
}

export interface YAMLRuleTypes<MessageIds extends string, Options extends unknown[]> {
  LangOptions: Record<string, unknown>;
  Code: YAMLSourceCode;
  RuleOptions: Options;
  Visitor: RuleVisitor;
  Node: AST.YAMLNode;
  MessageIds: MessageIds;
  ExtRuleDocs: RuleDocs;
}

export type YAMLRule<MessageIds extends string = string, Options extends unknown[] = unknown[]> = RuleDefinition<
  YAMLRuleTypes<MessageIds, Options>
>;

export type YAMLRuleContext<MessageIds extends string, Options extends unknown[]> = RuleContext<{
  LangOptions: Record<string, unknown>;
  Code: YAMLSourceCode;
  RuleOptions: Options;
  Node: AST.YAMLNode;
  MessageIds: MessageIds;
}>;

/** The rule's docs page as released with this version (it also ships in the package, docs/rules/). */
export function ruleDocsUrl(name: string): string {
  return releasedFileUrl(`docs/rules/${name}.md`);
}

export function createRule<MessageIds extends string, Options extends unknown[] = []>({
  name,
  meta,
  create,
}: {
  name: string;
  meta: Omit<RulesMeta<MessageIds, Options, RuleDocs>, "docs"> & {
    docs: RuleDocs;
    messages: Record<MessageIds, string>;
  };
  create: (context: YAMLRuleContext<MessageIds, Options>) => RuleVisitor;
}): YAMLRule<MessageIds, Options> & { readonly name: string } {
  return {
    name,
    meta: { ...meta, docs: { ...meta.docs, url: ruleDocsUrl(name) } },
    create: oneListener((context) => create(redacting(context))),
  };
}

/** How many files' visitors may wait for their `Program` (more only when ESLint never walks a file it made a rule for). */
const MAX_WAITING = 16;

/**
 * ESLint keeps every listener function a rule gives it in a WeakMap, to name the rule in an error
 * the function throws: a rule that gives new functions for every file adds an entry per rule and
 * file, and the map grows until the collector clears it (about 0.5 µs per rule and file, as much
 * as some rules' own work on a small workflow). So each rule gives ESLint one `Program` listener
 * for all files, which runs the visitor the rule made for the file whose `Program` node it is
 * given (by that node, so that a lint inside a lint, or one rule registered under two names,
 * each finds its own). A visitor with other listeners is given to ESLint as it is.
 */
function oneListener<Context extends { readonly sourceCode?: unknown }>(create: (context: Context) => RuleVisitor): (context: Context) => RuleVisitor {
  const waiting: { readonly ast: unknown; readonly visitor: { Program(node: unknown): void } }[] = [];
  const listener = {
    Program(node: unknown): void {
      for (let index = 0; index < waiting.length; index++) {
        const entry = waiting[index]!;
        if (entry.ast !== node) continue;
        // Nearly always the only one waiting.
        if (index === waiting.length - 1) waiting.pop();
        else waiting.splice(index, 1);
        entry.visitor.Program(node);
        return;
      }
    },
  };
  return (context) => {
    const visitor = create(context);
    if (typeof visitor.Program !== "function" || Object.keys(visitor).length !== 1) return visitor;
    waiting.push({ ast: (context.sourceCode as { readonly ast?: unknown } | undefined)?.ast, visitor: visitor as { Program(node: unknown): void } });
    if (waiting.length > MAX_WAITING) waiting.shift();
    return listener;
  };
}

/**
 * The one redaction point of the plugin: every report of every rule passes through here, and
 * every value its message or suggestion titles are built from is cut down to a token's public
 * prefix (`npm_…`), so that no message repeats a token, even one written in a job id, a step
 * name or an env value.
 *
 * The rule gets a small object that forwards the context's members and redacts `report`. It is
 * not made by `Object.create(context)`: that turns each of ESLint's rule contexts (a new one per
 * rule and file) into a prototype, which V8 sets up anew every time: about 3 µs per rule and file,
 * a twentieth of what the rules cost on real workflows.
 */
function redacting<Context extends RuleContextLike>(context: Context): Context {
  return new RedactingContext(context) as unknown as Context;
}

/** The members of ESLint's rule context (`RuleContext` in @eslint/core) that a rule may read. */
interface RuleContextLike {
  readonly id: string;
  readonly options: unknown;
  readonly cwd: string;
  readonly filename: string;
  readonly physicalFilename: string;
  readonly sourceCode: unknown;
  readonly languageOptions: unknown;
  readonly settings: unknown;
  report(descriptor: never): void;
}

class RedactingContext {
  readonly #context: RuleContextLike;
  constructor(context: RuleContextLike) {
    this.#context = context;
  }
  get id(): string {
    return this.#context.id;
  }
  get options(): unknown {
    return this.#context.options;
  }
  get cwd(): string {
    return this.#context.cwd;
  }
  get filename(): string {
    return this.#context.filename;
  }
  get physicalFilename(): string {
    return this.#context.physicalFilename;
  }
  get sourceCode(): unknown {
    return this.#context.sourceCode;
  }
  get languageOptions(): unknown {
    return this.#context.languageOptions;
  }
  get settings(): unknown {
    return this.#context.settings;
  }
  report(descriptor: ReportLike): void {
    // Most reports hold nothing to redact: then ESLint gets the rule's own descriptor.
    const data = descriptor.data && redactData(descriptor.data);
    const message = descriptor.message === undefined ? undefined : redactSecrets(descriptor.message);
    const suggest = Array.isArray(descriptor.suggest) ? redactSuggestions(descriptor.suggest) : descriptor.suggest;
    const redacted =
      data === descriptor.data && message === descriptor.message && suggest === descriptor.suggest
        ? descriptor
        : { ...descriptor, ...(data && { data }), ...(message !== undefined && { message }), ...(suggest && { suggest }) };
    (this.#context.report as (descriptor: ReportLike) => void)(redacted);
  }
}

interface ReportLike {
  readonly data?: Record<string, unknown>;
  readonly message?: string;
  readonly suggest?: readonly { readonly data?: Record<string, unknown>; readonly desc?: string }[] | null;
}

/** The data with every string value redacted; the same object when none holds a secret. */
function redactData(data: Record<string, unknown>): Record<string, unknown> {
  let redacted: Record<string, unknown> | undefined;
  for (const key of Object.keys(data)) {
    const value = data[key];
    if (typeof value !== "string") continue;
    const safe = redactSecrets(value);
    if (safe !== value) (redacted ??= { ...data })[key] = safe;
  }
  return redacted ?? data;
}

type Suggestion = NonNullable<ReportLike["suggest"]>[number];

/** The suggestions with their titles' values redacted; the same array when none holds a secret. */
function redactSuggestions(suggestions: readonly Suggestion[]): readonly Suggestion[] {
  let changed = false;
  const redacted = suggestions.map((suggestion) => {
    const data = suggestion.data && redactData(suggestion.data);
    const desc = suggestion.desc === undefined ? undefined : redactSecrets(suggestion.desc);
    if (data === suggestion.data && desc === suggestion.desc) return suggestion;
    changed = true;
    return { ...suggestion, ...(data && { data }), ...(desc !== undefined && { desc }) };
  });
  return changed ? redacted : suggestions;
}

/** A place (`step 'Publish' of job 'release'`) or phrase as the start of a message: its first letter upper-case. */
export function atSentenceStart(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A finding's fix and suggestions as the editor resolved them (plain data, built without ESLint's fixer). */
export interface FindingEdits<MessageIds extends string> {
  readonly fix: Edits | undefined;
  readonly suggestions: readonly { readonly messageId: MessageIds; readonly data: Record<string, string>; readonly edits: Edits }[];
}

/** The `fix` and `suggest` of a report, from a finding's edits. */
export function fixAndSuggestions<MessageIds extends string>(finding: FindingEdits<MessageIds>) {
  return {
    fix: fixer(finding.fix),
    suggest: finding.suggestions.flatMap(({ messageId, data, edits }) => {
      const fix = fixer(edits);
      return fix ? [{ messageId, data, fix }] : [];
    }),
  };
}

/**
 * The one place where edits become ESLint's: a fixer for what `YamlEditor#apply` resolved from a
 * fix's changes (combined, non-overlapping). `null` where the editor refused them or they change
 * nothing, so that a report has no fix and a suggestion is left out.
 */
export function fixer(edits: Edits | undefined): RuleFixer | null {
  if (!edits || edits.length === 0) return null;
  return (fixer) => edits.map((edit) => fixer.replaceTextRange([edit.range[0], edit.range[1]], edit.text));
}
