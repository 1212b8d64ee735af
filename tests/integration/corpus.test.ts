/**
 * Every real workflow of the corpus lints with every rule on, without an exception.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES, lint } from "../helpers/fix.js";
import { CORPUS_DIR, corpusFiles, hasCorpus } from "../helpers/corpus.js";

describe.skipIf(!hasCorpus)("corpus", () => {
  it("lints every corpus workflow without a crash", () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThan(1000);
    const crashes: string[] = [];
    let parseErrors = 0;
    for (const file of files) {
      const code = readFileSync(path.join(CORPUS_DIR, file), "utf8");
      try {
        const messages = lint(code, ALL_RULES, file);
        // A rule that throws surfaces as an exception from verify; a parse error as a fatal message.
        parseErrors += messages.filter((message) => message.fatal).length;
      } catch (error) {
        crashes.push(`${file}: ${(error as Error).message}`);
      }
    }
    expect(crashes).toEqual([]);
    // Real workflows parse: GitHub would reject them otherwise.
    expect(parseErrors).toBeLessThan(5);
  });
});
