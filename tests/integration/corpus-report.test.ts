/**
 * docs/corpus-report.txt is what the rules find on the corpus today: regenerate it with
 * `npm run corpus` when behaviour changes on purpose, and read the diff.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hasCorpus } from "../helpers/corpus.js";
// @ts-expect-error: a plain ESM script without types
import { REPORT_FILE, buildReport } from "../../scripts/corpus-report.mjs";

describe.skipIf(!hasCorpus)("corpus report", () => {
  it("is current (run `npm run corpus` and review the diff)", () => {
    expect(existsSync(REPORT_FILE as string)).toBe(true);
    expect((buildReport as () => string)()).toBe(readFileSync(REPORT_FILE as string, "utf8"));
  });
});
