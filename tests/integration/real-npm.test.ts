/**
 * Real npm-publishing workflows from public repositories (tests/fixtures/real/npm, each with its
 * source in a comment at the top), linted with configs.recommended. The publishing and credential
 * rules must find exactly what is wrong there and nothing else: token publishing to npmjs.org
 * (axios, valibot) and no alarm for trusted publishing in its many forms (npm, `npm stage
 * publish`, pnpm, lerna, changesets v1 and v2, a publish hidden in a package script) or for
 * GitHub Packages (Orfium). The hardening rules speak where a trusted-publishing job lacks an
 * environment or restores a cache (hono, es-toolkit). no-outdated-actions findings are that
 * rule's business and left out.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Linter } from "eslint";
import plugin from "../../lib/index.js";
import { lint } from "../helpers/fix.js";

const dir = new URL("../fixtures/real/npm/", import.meta.url);
const recommended = plugin.configs.recommended.map((config) => ({ ...config, files: ["**/*.yml"] })) as Linter.Config[];

/** Findings per fixture, as `rule:line`. */
const EXPECTED: Record<string, readonly string[]> = {
  "Orfium--orfium-ictinus--github-packages.yml": [],
  "axios--axios--publish.yml": ["prefer-trusted-publishing:63"],
  "babel--babel--release.yml": [],
  "changesets--changesets--publish.yml": [],
  "fabian-hiller--valibot--publish.yml": ["prefer-trusted-publishing:32", "prefer-trusted-publishing:68", "prefer-trusted-publishing:109"],
  // No `environment:` on the npm job; setup-node v6 caches by default there.
  "honojs--hono--release.yml": ["require-publish-environment:15", "no-cache-in-publish-job:25"],
  "lerna--lerna--release.yml": [],
  // `pn publish` (pnpm's alias) with NPM_TOKEN stored by `pn config set`: the maintainers keep a
  // token for packages without a trusted publisher yet; still a long-lived token (no suggestion: the config line stays).
  "pnpm--pnpm--release.yml": ["prefer-trusted-publishing:450"],
  "supabase--supabase-js--publish.yml": [],
  "sveltejs--svelte--release.yml": [],
  // covector publishes the npm packages with NODE_AUTH_TOKEN and the crates with `cargo login`'s
  // token, beside `id-token: write`; setup-node's pnpm cache is restored in that job.
  "tauri-apps--tauri--covector-version-or-publish.yml": ["no-cache-in-publish-job:84", "prefer-trusted-publishing:99", "prefer-trusted-publishing:99"],
  // No `environment:`; `cache: 'yarn'` in the job that publishes.
  "toss--es-toolkit--release.yml": ["require-publish-environment:16", "no-cache-in-publish-job:29"],
  "typescript-eslint--typescript-eslint--release.yml": [],
  "vitejs--vite--publish.yml": [],
  "vuejs--core--release.yml": [],
};

describe("real npm-publishing workflows", () => {
  it("are all here, each with its source", () => {
    const files = readdirSync(dir).sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
    for (const file of files) expect(readFileSync(new URL(file, dir), "utf8")).toMatch(/^\uFEFF?# Source: https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[\da-f]{40}\//u);
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: ${expected.length === 0 ? "no publishing finding" : expected.join(", ")}`, () => {
      const messages = lint(readFileSync(new URL(file, dir), "utf8"), recommended, file);
      const found = messages
        .filter((message) => message.ruleId !== "trusted-publishing/no-outdated-actions")
        .map((message) => `${message.ruleId?.replace("trusted-publishing/", "")}:${message.line}`);
      expect(found).toEqual(expected);
      expect(messages.filter((message) => message.fatal)).toEqual([]);
    });
  }

  it("offers axios the migration: the token goes, the job already has `id-token: write`", () => {
    const file = "axios--axios--publish.yml";
    const code = readFileSync(new URL(file, dir), "utf8");
    const [finding] = lint(code, recommended, file).filter((message) => message.ruleId === "trusted-publishing/prefer-trusted-publishing");
    expect(finding?.message).toBe("Step 'Publish the release to NPM' of job 'publish' sends `NODE_AUTH_TOKEN` from `secrets.npm_token` to npm beside `id-token: write`: remove the token.");
    const suggestion = finding?.suggestions?.[0];
    expect(suggestion?.desc).toContain("register on npm first: ");
    expect(suggestion?.desc).toContain("workflow `axios--axios--publish.yml`");
  });
});
