/**
 * Real publishing workflows from public repositories (tests/fixtures/real/<registry>/, each with
 * its `# Source:` permalink) linted with configs.recommended: exactly the findings we defend,
 * and no false alarm on the trusted-publishing setups (exchangers, release-plz, release-gem,
 * setup-dart, deno/jsr publish, other feeds such as MyGet and GitHub Packages).
 * no-outdated-actions is left out: its findings depend on the action data, not on the registry.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Linter } from "eslint";
import plugin from "../../lib/index.js";

const root = new URL("../fixtures/real/", import.meta.url);
const registries = ["crates.io", "rubygems", "nuget", "pub.dev", "jsr"];

/** `file:line rule/messageId` for every finding we defend; every other file lints clean. */
const EXPECTED: Record<string, string[]> = {
  "rubygems/github--licensed--release.yml": ["36 prefer-trusted-publishing/longLivedToken"],
  // Release tools: `cargo workspaces publish` with CARGO_REGISTRY_TOKEN; covector publishing npm
  // packages with NODE_AUTH_TOKEN and crates with `cargo login`'s token (and a cache in that job).
  "crates.io/rust-lang--rust-analyzer--autopublish.yml": ["41 prefer-trusted-publishing/longLivedToken"],
  "crates.io/tauri-apps--tauri--covector-version-or-publish.yml": ["84 no-cache-in-publish-job/cacheInput", "99 prefer-trusted-publishing/tokenUnneeded", "99 prefer-trusted-publishing/tokenUnneeded"],
  "nuget/TestableIO--System.IO.Abstractions--build.yml": ["162 prefer-trusted-publishing/longLivedToken"],
  "nuget/devlooped--moq--publish.yml": ["55 prefer-trusted-publishing/longLivedToken"],
  "jsr/synthetic--jsr-token--publish.yml": ["17 prefer-trusted-publishing/longLivedToken", "26 prefer-trusted-publishing/longLivedToken"],
  // Its JSR jobs are trusted publishing; its npm jobs publish with NODE_AUTH_TOKEN beside `id-token: write` (as tests/integration/real-npm.test.ts defends).
  "jsr/fabian-hiller--valibot--publish.yml": ["32 prefer-trusted-publishing/tokenUnneeded", "68 prefer-trusted-publishing/tokenUnneeded", "109 prefer-trusted-publishing/tokenUnneeded"],
  // Publish-job hardening: caches restored in publish jobs (npm's, PyPI's and setup-node's own advice), a
  // workflow-level grant that reaches a job without publishing, npm trusted publishing without an environment.
  "jsr/honojs--hono--release.yml": ["15 require-publish-environment/missingEnvironment", "25 no-cache-in-publish-job/cacheByDefault"],
  "jsr/toss--es-toolkit--release.yml": ["16 require-publish-environment/missingEnvironment", "29 no-cache-in-publish-job/cacheInput"],
  "nuget/npgsql--npgsql--build.yml": ["359 no-cache-in-publish-job/cacheAction"],
  "nuget/spectreconsole--spectre.console--publish.yml": ["15 no-workflow-level-id-token/workflowLevelIdToken"],
  "pub.dev/simolus3--drift--publish.yml": ["32 no-cache-in-publish-job/cacheAction"],
  "rubygems/Shopify--ruby-lsp--release_gem.yml": ["33 no-cache-in-publish-job/cacheInput"],
  "rubygems/jekyll--jekyll--release-please.yml": ["45 no-cache-in-publish-job/cacheInput"],
  "rubygems/ruby--irb--push_gem.yml": ["38 no-cache-in-publish-job/cacheInput"],
};

function findings(file: string): string[] {
  const text = readFileSync(new URL(file, root), "utf8");
  const messages = new Linter({ configType: "flat" }).verify(text, [...plugin.configs.recommended], { filename: `.github/workflows/${file.replace(/^.*\//u, "")}` });
  return messages
    .filter((message) => message.ruleId !== "trusted-publishing/no-outdated-actions")
    .map((message) => `${message.line} ${(message.ruleId ?? "fatal").replace("trusted-publishing/", "")}/${message.messageId ?? message.message}`);
}

describe("real publishing workflows under configs.recommended", () => {
  const files = registries.flatMap((registry) => readdirSync(new URL(`${registry}/`, root)).filter((name) => name.endsWith(".yml")).map((name) => `${registry}/${name}`));

  it("has workflows for every registry, each recording its source", () => {
    for (const registry of registries) expect(files.filter((file) => file.startsWith(`${registry}/`)).length).toBeGreaterThanOrEqual(5);
    for (const file of files) expect(readFileSync(new URL(file, root), "utf8"), file).toMatch(/^\uFEFF?# Source: (?:https:\/\/github\.com\/\S+\/blob\/[0-9a-f]{40}\/|synthetic)/u);
  });

  for (const file of files.length > 0 ? files : []) {
    it(`${file}: ${EXPECTED[file] ? "exactly the defended findings" : "no finding"}`, () => {
      expect(findings(file)).toEqual(EXPECTED[file] ?? []);
    });
  }

  it("the check is not vacuous: a trusted-publishing job without id-token is reported", () => {
    const file = "crates.io/starship--starship--release.yml";
    const text = readFileSync(new URL(file, root), "utf8").replace(/^( *)id-token: write.*$/mu, "$1contents: read");
    const messages = new Linter({ configType: "flat" }).verify(text, [...plugin.configs.recommended], { filename: ".github/workflows/release.yml" });
    expect(messages.map((message) => message.ruleId)).toContain("trusted-publishing/require-id-token-permission");
  });
});
