/**
 * Every fix and every suggestion, applied alone, leaves a file that parses (issue 18's "Done
 * when"). Editors apply one suggestion at a time, exactly as ESLint reports it, so each is
 * checked on its own: not only the combination `eslint --fix` reaches.
 *
 * Inputs: every workflow of the shared corpus, the project's fixtures (tests/fixtures, examples/),
 * and for each of them the variants where `env:`/`with:` blocks are written in flow style
 * (tests/helpers/flow-variants.ts): all of them at once, and every other one (so flow and block
 * blocks meet in one file). Every file and every fixture variant is checked. Of the corpus, to
 * keep the test within CI's time, the all-flow variant of each file where the rules offer a fix
 * or a suggestion (the others have nothing to apply: flow style does not change what the rules
 * find; and mixed styles are the fixtures' part).
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Linter } from "eslint";
import { parseYAML } from "yaml-eslint-parser";
import { ALL_RULES } from "../helpers/fix.js";
import { CORPUS_DIR, corpusFiles, hasCorpus } from "../helpers/corpus.js";
import { flowVariant } from "../helpers/flow-variants.js";

const root = new URL("../../", import.meta.url);

function fixtureFiles(): { name: string; code: string }[] {
  const dirs = ["examples", "tests/fixtures"];
  return dirs.flatMap((dir) =>
    readdirSync(new URL(`${dir}/`, root), { recursive: true, encoding: "utf8" })
      .filter((file) => /\.ya?ml$/u.test(file))
      .sort()
      .map((file) => ({ name: `${dir}/${file}`, code: readFileSync(new URL(`${dir}/${file}`, root), "utf8") })),
  );
}

interface Tally {
  files: number;
  variants: number;
  fixes: number;
  suggestions: number;
  failures: string[];
}

const linter = new Linter({ configType: "flat" });

function parses(code: string): string | undefined {
  try {
    parseYAML(code);
    return undefined;
  } catch (error) {
    return (error as Error).message.split("\n")[0];
  }
}

/**
 * Lints `code`, applies each fix and each suggestion alone, and records every result that does
 * not parse. Returns how many fixes and suggestions it applied.
 */
function checkEach(code: string, name: string, variant: string, tally: Tally): number {
  // ESLint lints the text without its byte-order mark; the ranges of its fixes are in that text.
  const text = code.replace(/^\uFEFF/u, "");
  if (parses(text) !== undefined) return 0; // not YAML to begin with: nothing to keep
  const messages = linter.verify(text, ALL_RULES, { filename: `.github/workflows/${path.basename(name)}` });
  let applied = 0;
  const apply = (fix: { range: [number, number]; text: string }) => text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
  for (const message of messages) {
    const candidates = [
      ...(message.fix ? [{ kind: "fix", fix: message.fix }] : []),
      ...(message.suggestions ?? []).map((suggestion) => ({ kind: `suggestion "${suggestion.desc}"`, fix: suggestion.fix })),
    ];
    for (const { kind, fix } of candidates) {
      if (kind === "fix") tally.fixes++;
      else tally.suggestions++;
      applied++;
      const error = parses(apply(fix));
      if (error !== undefined) tally.failures.push(`${name}${variant}:${message.line} ${message.ruleId} ${kind}: ${error}`);
    }
  }
  return applied;
}

/**
 * The file, then its flow-style variants. With `sampled` (the corpus), only the all-flow variant,
 * and only of a file that has a fix or a suggestion: rewriting `env:`/`with:` in flow style does
 * not change what the rules find (the model reads both styles alike), only how a fix is written.
 */
function checkWithVariants(code: string, name: string, tally: Tally, sampled = false): void {
  tally.files++;
  if (checkEach(code, name, "", tally) === 0 && sampled) return;
  const text = code.replace(/^\uFEFF/u, "");
  const all = flowVariant(text);
  if (!all) return;
  tally.variants++;
  checkEach(all, name, " (env/with in flow style)", tally);
  const alternate = sampled ? undefined : flowVariant(text, (index) => index % 2 === 1);
  if (alternate && alternate !== all) {
    tally.variants++;
    checkEach(alternate, name, " (every other env/with in flow style)", tally);
  }
}

const newTally = (): Tally => ({ files: 0, variants: 0, fixes: 0, suggestions: 0, failures: [] });

describe("every fix and every suggestion, alone, leaves YAML that parses", () => {
  it("on the project's fixtures and their flow-style variants", () => {
    const tally = newTally();
    for (const { name, code } of fixtureFiles()) checkWithVariants(code, name, tally);
    console.info(`[fix-alone] fixtures: ${tally.files} files, ${tally.variants} variants, ${tally.fixes} fixes, ${tally.suggestions} suggestions`);
    expect(tally.failures).toEqual([]);
    expect(tally.suggestions).toBeGreaterThan(20);
  });

  it.skipIf(!hasCorpus)("on the corpus and its flow-style variants", () => {
    const tally = newTally();
    for (const file of corpusFiles()) checkWithVariants(readFileSync(path.join(CORPUS_DIR, file), "utf8"), file, tally, true);
    console.info(`[fix-alone] corpus: ${tally.files} files, ${tally.variants} variants, ${tally.fixes} fixes, ${tally.suggestions} suggestions`);
    expect(tally.failures).toEqual([]);
    expect(tally.variants).toBeGreaterThan(400);
    expect(tally.fixes + tally.suggestions).toBeGreaterThan(3000);
  });
});
