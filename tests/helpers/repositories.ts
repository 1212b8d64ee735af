/**
 * Repositories on disk for tests that read across files: copies of fixture folders (or empty
 * ones), each with a `.git` of its own so that the workspace finds its root, removed after the
 * test file; and rewrites that the workspace cache sees.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

export interface Repositories {
  /** A copy of the fixture folder `name` as a repository root. */
  repository(name: string): string;
  /** An empty repository root (its `.git` and `.github/workflows`). */
  emptyRepository(name: string): string;
  /** Writes a file with a later modification time, so that the workspace cache reads it again. */
  rewrite(file: string, text: string): void;
}

export function fixtureRepositories(fixtures: URL, prefix: string): Repositories {
  const base = mkdtempSync(path.join(tmpdir(), `tp-${prefix}-`));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  let copies = 0;
  return {
    repository(name) {
      const root = path.join(base, `${name}-${copies++}`);
      cpSync(new URL(`${name}/`, fixtures), root, { recursive: true });
      mkdirSync(path.join(root, ".git"));
      return root;
    },
    emptyRepository(name) {
      const root = path.join(base, `${name}-${copies++}`);
      mkdirSync(path.join(root, ".git"), { recursive: true });
      mkdirSync(path.join(root, ".github", "workflows"), { recursive: true });
      return root;
    },
    rewrite(file, text) {
      writeFileSync(file, text);
      const later = new Date(Date.now() + 60_000 * ++copies);
      utimesSync(file, later, later);
    },
  };
}
