// Types of scripts/new-rule.mjs, for the tests that import it.
export declare function scaffold(id: string): Record<string, string>;
export declare function main(argv?: readonly string[]): void;
