// Types of scripts/docs.mjs, for the tests and scripts that import it.

/** What the generator reads of a plugin: its namespace, its rules' meta and `configs.recommended`. */
export interface DocumentedPlugin {
  readonly meta: { readonly namespace: string };
  readonly rules: Readonly<
    Record<string, { readonly meta?: { readonly fixable?: unknown; readonly hasSuggestions?: boolean; readonly docs?: { readonly description?: string } } }>
  >;
  readonly configs: { readonly recommended: readonly { readonly rules?: Readonly<Record<string, unknown>> }[] };
}
export declare const TABLE_START: string;
export declare const TABLE_END: string;
export declare const HEADER_END: string;
export declare function betweenMarkers(text: string, markers: readonly [string, string], content: string, file: string): string;
export declare function rulesTable(plugin: DocumentedPlugin): string;
export declare function withRulesTable(readme: string, plugin: DocumentedPlugin): string;
export declare function ruleHeader(id: string, plugin: DocumentedPlugin): string;
export declare function withRuleHeader(page: string, id: string, plugin: DocumentedPlugin): string;
export declare const REQUIRED_SECTIONS: readonly ["## Examples", "## Options", "## When not to use it", "## Further reading"];
export function withReleaseVersion(text: string, version: string, repositoryUrl: string, packageName: string): string;
/** What the action data needs to say about its age: when it was read, and each action's snapshot date. */
export interface ActionDataAge {
  readonly date: string;
  readonly actions: Readonly<Record<string, { readonly asOf: string; readonly archived?: boolean }>>;
}
export declare const DATA_START: string;
export declare const DATA_END: string;
export declare function sixMonthsBefore(date: string): string;
export declare function actionDataSection(data: ActionDataAge): string;
export declare function withActionDataSection(page: string, data: ActionDataAge): string;
