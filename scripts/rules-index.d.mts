// Types of scripts/rules-index.mjs, for the tests and scripts that import it.
export declare const ROOT: string;
export declare const IDS_START: string;
export declare const IDS_END: string;
export declare function ruleIds(root?: string): string[];
export declare function rulesIndexSource(ids: readonly string[]): string;
export declare function withRuleIds(indexSource: string, ids: readonly string[]): string;
export declare function writeRulesIndex(root?: string): string[];
