/**
 * The plugin under ESLint's multithreaded linting (`eslint --concurrency`): worker threads load
 * the plugin from a config file and must find exactly what a single thread finds.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ESLint } from "eslint";
import { CORPUS_DIR, hasCorpus } from "../helpers/corpus.js";

const dist = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "tp-concurrency-"));
const configFile = path.join(dir, "eslint.config.mjs");
writeFileSync(
  configFile,
  `import tp from ${JSON.stringify(dist)};\nexport default tp.configs.recommended.map((c) => ({ ...c, files: ["**/*.yml", "**/*.yaml"] }));\n`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function findings(concurrency: number | "off") {
  const eslint = new ESLint({ cwd: CORPUS_DIR, overrideConfigFile: configFile, concurrency });
  const results = await eslint.lintFiles(["."]);
  return results
    .flatMap((result) => result.messages.map((m) => `${path.relative(CORPUS_DIR, result.filePath)}:${m.line}:${m.column} ${m.ruleId}`))
    .sort();
}

describe.skipIf(!hasCorpus)("ESLint concurrency", () => {
  it("finds the same problems with 2 worker threads as with none", async () => {
    const single = await findings("off");
    const threaded = await findings(2);
    expect(single.length).toBeGreaterThan(0);
    expect(threaded).toEqual(single);
  });
});
