// Types of scripts/update-action-data.mjs, for the tests that import it.
export declare const FILES: { readonly upstream: string; readonly curated: string; readonly compiled: string };
export declare function parseVersion(tag: string): number[] | null;
export declare function runsUsing(text: string): string | null;
export declare function inputNames(text: string): string[] | null;
export declare function compile(upstream: unknown, curated: unknown): unknown;
export declare function compiledText(upstream: unknown, curated: unknown): string;
export declare function main(argv?: readonly string[]): void;
