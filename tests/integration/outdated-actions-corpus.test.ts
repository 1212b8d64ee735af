/**
 * no-outdated-actions and no-broken-actions (one analysis) over the shared corpus: the share of
 * findings that carry an autofix, the reason of every one that does not, and the length of their messages.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain ES module script without types
import { outdatedActionsFigure } from "../../scripts/corpus-report.mjs";
import { CORPUS_DIR, corpusFiles, hasCorpus } from "../helpers/corpus.js";
import { lint, withRules } from "../helpers/fix.js";

describe.skipIf(!hasCorpus)("no-outdated-actions and no-broken-actions on the corpus", () => {
  it("at least 90% of findings carry an autofix; every other one has its reason in the data", () => {
    const [figure, ...reasons] = outdatedActionsFigure(CORPUS_DIR, corpusFiles()) as string[];
    const [, fixed, total] = /^\s*(\d+) of (\d+) findings/u.exec(figure!)!.map(Number);
    console.info(`[action refs] ${figure!.trim()}`);
    expect(total).toBeGreaterThan(1500);
    expect(fixed! / total!).toBeGreaterThanOrEqual(0.9);
    let without = 0;
    for (const line of reasons) {
      const [, count, reason] = /^\s*(\d+) {2}without: (.*)$/u.exec(line)!;
      without += Number(count);
      expect(["archived", "breaking change applies (applies)", "breaking change applies (cannot be ruled out)", "no verified target", "ref not placed on a verified release"]).toContain(reason);
    }
    expect(fixed! + without).toBe(total);
  });

  it("every message is one sentence naming the action ref: median at most 100 characters, none over 150", () => {
    const config = withRules(["no-outdated-actions", "no-broken-actions"]);
    const lengths: number[] = [];
    for (const file of corpusFiles()) {
      for (const message of lint(readFileSync(path.join(CORPUS_DIR, file), "utf8"), config, file)) {
        lengths.push(message.message.length);
        // Opens with the action ref, ends with the only sentence end.
        expect(message.message, file).toMatch(/^`[\w.-]+\/[\w./-]+(?:@[^`\s]+)?`.*\.$/u);
        expect(message.message.slice(0, -1), file).not.toMatch(/\.\s/u);
        for (const suggestion of message.suggestions ?? []) expect(suggestion.desc.length, suggestion.desc).toBeLessThanOrEqual(150);
      }
    }
    lengths.sort((a, b) => a - b);
    expect(lengths[lengths.length >> 1]).toBeLessThanOrEqual(100);
    expect(lengths.at(-1)).toBeLessThanOrEqual(150);
  });
});
