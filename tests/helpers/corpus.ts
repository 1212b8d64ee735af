/** The shared workflow corpus (`../shared/corpus/workflows`), when this checkout has it beside it. */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The shared folder beside the checkout: `../shared` for the main checkout, `../../shared` for a
 * worktree under `wt/<name>`.
 */
export const SHARED_DIR = ((root: string) =>
  [path.resolve(root, "../shared"), path.resolve(root, "../../shared")].find((dir) => existsSync(dir)) ?? path.resolve(root, "../shared"))(
  path.resolve(fileURLToPath(import.meta.url), "../../.."),
);

// `TRUSTED_PUBLISHING_CORPUS` points elsewhere.
export const CORPUS_DIR = process.env.TRUSTED_PUBLISHING_CORPUS ?? path.join(SHARED_DIR, "corpus/workflows");
export const hasCorpus = existsSync(CORPUS_DIR);

if (!hasCorpus) {
  console.warn(`[corpus] ${CORPUS_DIR} is absent: corpus tests are skipped.`);
}

/** Every workflow file of the corpus, as paths relative to the corpus folder, sorted. */
export function corpusFiles(): string[] {
  if (!hasCorpus) return [];
  return readdirSync(CORPUS_DIR, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.ya?ml$/u.test(file))
    .sort();
}
