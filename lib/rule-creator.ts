/**
 * The shared rule creator: every rule gets its documentation URL, its YAML types and the
 * project's conventions (message ids, schemas) from here.
 */
import type { RuleDefinition, RuleContext, RulesMeta, RuleVisitor, RuleFixer } from "@eslint/core";
import type { TextEdit } from "./yaml/edit.js";
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
    create,
  };
}

/** An ESLint fixer that applies one YAML edit. */
export function applyEdit(edit: TextEdit): RuleFixer {
  return applyEdits([edit]);
}

/** An ESLint fixer that applies several YAML edits at once (they must not overlap: see combineEdits). */
export function applyEdits(edits: readonly TextEdit[]): RuleFixer {
  return (fixer) => edits.map((edit) => fixer.replaceTextRange([edit.range[0], edit.range[1]], edit.text));
}
