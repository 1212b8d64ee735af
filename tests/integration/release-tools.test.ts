/**
 * Issue 20: publishing that hides in release tools, package scripts, script files and PowerShell,
 * and targets read from configuration.
 *
 * 1. Real workflows of release tools (tests/fixtures/real/release-tools, each with its source),
 *    linted as text: exactly the findings we defend.
 * 2. Each release tool with a valid and an invalid case, from the workflow alone.
 * 3. Repositories in miniature (tests/fixtures/workspaces, sources in SOURCES.md), copied to a
 *    temporary directory with a `.git` and linted by absolute path, so that the workspace reads
 *    their package.json, .npmrc, release configuration and scripts: the findings, what an edit of
 *    another file changes within one process, and silence where a file cannot be read.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Linter } from "eslint";
import plugin from "../../lib/index.js";
import { changedPaths, dataOf } from "../helpers/fix.js";
import { fixtureRepositories } from "../helpers/repositories.js";

const recommended = plugin.configs.recommended.map((config) => ({ ...config, files: ["**/*.yml"] })) as Linter.Config[];

/** `line rule/messageId` of every finding but no-outdated-actions' (the action data's business). */
function findingsOf(text: string, filename: string): string[] {
  return new Linter({ configType: "flat", cwd: path.isAbsolute(filename) ? path.dirname(filename) : process.cwd() })
    .verify(text, recommended, { filename })
    .filter((message) => message.ruleId !== "trusted-publishing/no-outdated-actions")
    .map((message) => `${message.line} ${(message.ruleId ?? "fatal").replace("trusted-publishing/", "")}/${message.messageId ?? message.message}`);
}

function messagesOf(text: string, filename: string): Linter.LintMessage[] {
  return new Linter({ configType: "flat", cwd: path.isAbsolute(filename) ? path.dirname(filename) : process.cwd() }).verify(text, recommended, { filename }).filter((message) => message.ruleId !== "trusted-publishing/no-outdated-actions");
}

describe("real release-tool workflows", () => {
  const dir = new URL("../fixtures/real/release-tools/", import.meta.url);
  const EXPECTED: Record<string, string[]> = {
    "comicrelief--lambda-wrapper--main.yml": ["21 prefer-trusted-publishing/longLivedToken"],
    // The dry run publishes nothing.
    "cycjimmy--semantic-release-action--readme.yml": ["14 prefer-trusted-publishing/longLivedToken"],
    // GitHub Packages: `npm set registry` and `npm config set registry=` move the upload off npmjs.org,
    // so no OIDC grant, environment or cache finding (issue 20's false alarms).
    "github-packages--npm-set-registry.yml": [],
    "k-paxian--dart-package-publisher--readme.yml": ["13 prefer-trusted-publishing/toolLacksTrustedPublishing"],
    "katyo--publish-crates--readme.yml": ["15 prefer-trusted-publishing/longLivedToken"],
    // PowerShell on a Windows runner: the backtick-continued lines are one command.
    "kull-ag--pushtonuget--windows.yml": ["17 prefer-trusted-publishing/longLivedToken"],
    // The key reaches the build by its variable (NUKE) or an option (Cake); `./build.cmd Test` has none.
    "nuke--build--nuget-api-key.yml": ["17 prefer-trusted-publishing/longLivedToken", "28 prefer-trusted-publishing/longLivedToken"],
    // Without `command` the action runs `release` too; `command: release-pr` publishes nothing.
    "release-plz--action--token.yml": ["23 prefer-trusted-publishing/longLivedToken"],
  };

  it("are all here, each with its source", () => {
    const files = readdirSync(dir).sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
    for (const file of files) expect(readFileSync(new URL(file, dir), "utf8")).toMatch(/^# Source: (?:https:\/\/|synthetic, modelled on https:\/\/)/u);
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: ${expected.length === 0 ? "no finding" : expected.join(", ")}`, () => {
      expect(findingsOf(readFileSync(new URL(file, dir), "utf8"), `.github/workflows/${file}`)).toEqual(expected);
    });
  }

  it("names what the release tool uploads with, and suggests the migration where it is sound", () => {
    const text = readFileSync(new URL("katyo--publish-crates--readme.yml", dir), "utf8");
    const [finding] = messagesOf(text, "release.yml");
    expect(finding?.message).toBe("Step 'katyo/publish-crates@v2' of job 'publish' publishes to crates.io with a long-lived token (the `registry-token` input from `secrets.CARGO_REGISTRY_TOKEN`).");
    const suggestion = finding?.suggestions?.[0];
    expect(suggestion?.desc).toMatch(/^Use trusted publishing with rust-lang\/crates-io-auth-action and katyo\/publish-crates; register on crates\.io first/u);
    const fixed = new Linter({ configType: "flat" }).verify(text, recommended, { filename: "release.yml" }) && applySuggestion(text, suggestion!);
    const before = dataOf(text) as { jobs: { publish: { steps: unknown[] } } };
    const after = dataOf(fixed) as { jobs: { publish: { permissions: unknown; steps: { uses?: string; id?: string; with?: Record<string, string> }[] } } };
    expect(after.jobs.publish.steps.map((step) => step.uses)).toEqual(["actions/checkout@v4", "actions-rs/toolchain@v1", "rust-lang/crates-io-auth-action@v1", "katyo/publish-crates@v2"]);
    expect(after.jobs.publish.steps[3]?.with).toEqual({ "registry-token": "${{ steps.crates-io-auth.outputs.token }}" });
    expect(after.jobs.publish.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(before.jobs.publish.steps).toHaveLength(3);
  });
});

/** A suggestion's fix applied to the text. */
function applySuggestion(text: string, suggestion: Linter.LintSuggestion): string {
  const { range, text: replacement } = suggestion.fix;
  return text.slice(0, range[0]) + replacement + text.slice(range[1]);
}

/** A one-job workflow around some steps (and a `permissions:` block when given). */
function job(steps: string, { permissions, runsOn = "ubuntu-latest", environment }: { permissions?: string; runsOn?: string; environment?: string } = {}): string {
  return [
    "on: push",
    "jobs:",
    "  release:",
    `    runs-on: ${runsOn}`,
    ...(environment ? [`    environment: ${environment}`] : []),
    ...(permissions ? ["    permissions:", ...permissions.split("\n").map((line) => `      ${line}`)] : []),
    "    steps:",
    steps.replace(/\n$/u, ""),
    "",
  ].join("\n");
}

const GRANT = "id-token: write\ncontents: read";

interface ToolCase {
  readonly tool: string;
  /** Publishes with a long-lived token: the finding (`rule/messageId`). */
  readonly invalid: { readonly steps: string; readonly expected: readonly string[]; readonly options?: Parameters<typeof job>[1] };
  /** The same tool publishing by trusted publishing, or not at all: no finding. */
  readonly valid: { readonly steps: string; readonly options?: Parameters<typeof job>[1] };
}

const TOOLS: readonly ToolCase[] = [
  {
    tool: "semantic-release (npx)",
    invalid: { steps: "      - run: npx semantic-release\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n", expected: ["prefer-trusted-publishing/longLivedToken"] },
    // Without its configuration in sight, semantic-release without a token may publish nothing to npm: no claim.
    valid: { steps: "      - run: npx semantic-release\n        env:\n          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n" },
  },
  {
    tool: "python-semantic-release (`semantic-release publish`) is not npm's",
    invalid: { steps: "      - run: semantic-release --no-ci\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n", expected: ["prefer-trusted-publishing/longLivedToken"] },
    valid: { steps: "      - run: semantic-release publish\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n" },
  },
  {
    tool: "cycjimmy/semantic-release-action",
    invalid: { steps: "      - uses: cycjimmy/semantic-release-action@v4\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n", expected: ["prefer-trusted-publishing/longLivedToken"] },
    valid: { steps: "      - uses: cycjimmy/semantic-release-action@v4\n        with:\n          dry_run: true\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n" },
  },
  {
    tool: "codfish/semantic-release-action",
    invalid: { steps: "      - uses: codfish/semantic-release-action@v3\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n", expected: ["prefer-trusted-publishing/tokenUnneeded"], options: { permissions: GRANT } },
    valid: { steps: "      - uses: codfish/semantic-release-action@v3\n        with:\n          plugins: '[\"@semantic-release/commit-analyzer\", \"@semantic-release/github\"]'\n", options: { permissions: GRANT } },
  },
  {
    tool: "changesets/action with `publish: pnpm release` (the action writes NPM_TOKEN into .npmrc)",
    invalid: { steps: "      - uses: changesets/action@v1\n        with:\n          publish: pnpm release\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n", expected: ["prefer-trusted-publishing/longLivedToken"] },
    valid: { steps: "      - uses: changesets/action@v1\n        with:\n          publish: pnpm release\n        env:\n          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n", options: { permissions: GRANT } },
  },
  {
    tool: "release-plz CLI",
    invalid: { steps: "      - run: release-plz release --git-token $GITHUB_TOKEN\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n", expected: ["prefer-trusted-publishing/longLivedToken"] },
    valid: { steps: "      - run: release-plz release --git-token $GITHUB_TOKEN\n", options: { permissions: GRANT, environment: "release" } },
  },
  {
    tool: "release-plz/action without `command` (runs release too)",
    invalid: { steps: "      - uses: release-plz/action@v0.5\n        with:\n          token: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n", expected: ["prefer-trusted-publishing/longLivedToken"] },
    valid: { steps: "      - uses: release-plz/action@v0.5\n        with:\n          dry_run: false\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n" },
  },
  {
    tool: "katyo/publish-crates",
    invalid: { steps: "      - uses: katyo/publish-crates@v2\n        with:\n          registry-token: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n", expected: ["prefer-trusted-publishing/longLivedToken"] },
    valid: {
      steps: "      - uses: rust-lang/crates-io-auth-action@v1\n        id: auth\n      - uses: katyo/publish-crates@v2\n        with:\n          registry-token: ${{ steps.auth.outputs.token }}\n",
      options: { permissions: GRANT, environment: "release" },
    },
  },
  {
    tool: "cargo workspaces publish",
    invalid: { steps: "      - run: cargo workspaces publish --from-git --yes\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n", expected: ["prefer-trusted-publishing/longLivedToken"] },
    valid: { steps: "      - run: cargo ws publish --from-git --yes --registry my-private\n        env:\n          CARGO_REGISTRIES_MY_PRIVATE_TOKEN: ${{ secrets.PRIVATE }}\n" },
  },
  {
    tool: "covector",
    invalid: {
      steps: "      - uses: jbolda/covector/packages/action@covector-v0\n        with:\n          command: publish\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n",
      expected: ["prefer-trusted-publishing/longLivedToken"],
    },
    valid: { steps: "      - uses: jbolda/covector/packages/action@covector-v0\n        with:\n          command: version\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n" },
  },
  {
    tool: "a .NET build script given a NuGet key",
    invalid: { steps: "      - run: ./build.sh Publish --nuget-api-key ${{ secrets.NUGET_API_KEY }}\n", expected: ["prefer-trusted-publishing/longLivedToken"] },
    valid: { steps: "      - run: ./build.sh Publish --nuget-source https://nuget.pkg.github.com/acme/index.json --nuget-api-key ${{ secrets.GITHUB_TOKEN }}\n" },
  },
  {
    tool: "melos publish",
    invalid: {
      steps: "      - run: echo '${{ secrets.PUB_CREDENTIALS }}' > ~/.config/dart/pub-credentials.json\n      - run: melos publish --no-dry-run --yes\n",
      expected: ["prefer-trusted-publishing/longLivedToken"],
    },
    valid: { steps: "      - run: melos publish --yes\n" },
  },
  {
    tool: "sakebook/actions-flutter-pub-publisher",
    invalid: { steps: "      - uses: sakebook/actions-flutter-pub-publisher@v1.4.1\n        with:\n          credential: ${{ secrets.CREDENTIAL_JSON }}\n", expected: ["prefer-trusted-publishing/toolLacksTrustedPublishing"] },
    valid: { steps: "      - uses: dart-lang/setup-dart@v1\n      - run: dart pub publish --force\n", options: { permissions: GRANT, environment: "pub.dev" } },
  },
];

describe("release tools from the workflow alone: a valid and an invalid case each", () => {
  for (const { tool, invalid, valid } of TOOLS) {
    it(`${tool}: reported with a token`, () => {
      expect(findingsOf(job(invalid.steps, invalid.options), "release.yml").map((finding) => finding.replace(/^\d+ /u, ""))).toEqual(invalid.expected);
    });
    it(`${tool}: quiet without one`, () => {
      expect(findingsOf(job(valid.steps, valid.options), "release.yml")).toEqual([]);
    });
  }

  it("release-plz: trusted publishing without a token needs the grant", () => {
    expect(findingsOf(job("      - run: release-plz release\n"), "release.yml").map((finding) => finding.replace(/^\d+ /u, ""))).toEqual(["require-id-token-permission/missingIdToken"]);
  });
});

describe("PowerShell", () => {
  const push = [
    "      - name: Push",
    "        env:",
    "          NUGET_AUTH_TOKEN: ${{ secrets.NUGET_API_KEY }}",
    "        run: |",
    "          dotnet nuget push artifacts\\*.nupkg `",
    "            --source https://api.nuget.org/v3/index.json `",
    '            --api-key "$env:NUGET_AUTH_TOKEN"',
    "",
  ].join("\n");

  it("joins backtick continuations on Windows runners (pwsh by default) and with `shell: pwsh`", () => {
    expect(findingsOf(job(push, { runsOn: "windows-latest" }), "release.yml").map((finding) => finding.replace(/^\d+ /u, ""))).toEqual(["prefer-trusted-publishing/longLivedToken"]);
    const explicit = push.replace("      - name: Push\n", "      - name: Push\n        shell: pwsh\n");
    expect(findingsOf(job(explicit), "release.yml").map((finding) => finding.replace(/^\d+ /u, ""))).toEqual(["prefer-trusted-publishing/longLivedToken"]);
  });

  it("leaves bash alone: there the backtick is no continuation, and without `--source` on its line the feed is unknown", () => {
    expect(findingsOf(job(push), "release.yml")).toEqual([]);
  });

  it("reads `$env:NAME = …` as a variable the script sets, and names the key in the message", () => {
    const steps = ["      - shell: pwsh", "        run: |", "          $env:NUGET_KEY = '${{ secrets.NUGET_API_KEY }}'", "          dotnet nuget push out\\x.nupkg -s https://api.nuget.org/v3/index.json -k $env:NUGET_KEY", ""].join("\n");
    const [finding] = messagesOf(job(steps), "release.yml");
    expect(finding?.message).toContain("the `-k` argument");
  });
});

describe("repositories in miniature (package scripts, script files, configuration)", () => {
  const fixtures = new URL("../fixtures/workspaces/", import.meta.url);
  const { repository, emptyRepository, rewrite: touch } = fixtureRepositories(fixtures, "release-tools");

  const workflowIn = (root: string) => path.join(root, ".github", "workflows", "release.yml");
  const lintRepository = (root: string) => findingsOf(readFileSync(workflowIn(root), "utf8"), workflowIn(root));

  it("changesets/action's `publish: pnpm changeset:publish` runs `changeset publish` with NPM_TOKEN", () => {
    const root = repository("changesets-pnpm");
    const [finding] = messagesOf(readFileSync(workflowIn(root), "utf8"), workflowIn(root));
    expect(finding?.ruleId).toBe("trusted-publishing/prefer-trusted-publishing");
    expect(finding?.message).toBe("Step 'Create Release Pull Request or Publish to npm' of job 'release' publishes to npm with a long-lived token (the secret `NPM_TOKEN`).");
    // The migration removes the token and grants the job `id-token: write`.
    const fixed = applySuggestion(readFileSync(workflowIn(root), "utf8"), finding!.suggestions![0]!);
    expect(changedPaths(dataOf(readFileSync(workflowIn(root), "utf8")), dataOf(fixed))).toEqual([
      ["jobs", "release", "permissions", "id-token"],
      ["jobs", "release", "steps", 4, "env", "NPM_TOKEN"],
    ]);
  });

  it("the same job without the token relies on trusted publishing: it needs `id-token: write`", () => {
    const root = repository("changesets-pnpm");
    const workflow = readFileSync(workflowIn(root), "utf8").replace("          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n", "");
    writeFileSync(workflowIn(root), workflow);
    expect(lintRepository(root)).toEqual(["7 require-publish-environment/missingEnvironment", "9 require-id-token-permission/missingIdToken"]);
  });

  it("follows `npm run release` from the job's working-directory through run-s and a glob into `npm publish`", () => {
    const root = repository("npm-scripts-nested");
    const [finding] = messagesOf(readFileSync(workflowIn(root), "utf8"), workflowIn(root));
    expect(finding?.message).toBe("Step 'Publish package' of job 'publish' publishes to npm with a long-lived token (`NODE_AUTH_TOKEN` from `secrets.NPM_TOKEN`).");
    expect(finding?.line).toBe(20);
  });

  it("follows `cd <dir>` before the command, and bun's `run`", () => {
    const root = repository("npm-scripts-nested");
    const workflow = readFileSync(workflowIn(root), "utf8")
      .replace("    defaults:\n      run:\n        working-directory: packages/lib\n", "")
      .replace("run: npm run release -- --provenance", "run: cd packages/lib && bun run release");
    writeFileSync(workflowIn(root), workflow);
    expect(lintRepository(root)).toEqual(["17 prefer-trusted-publishing/longLivedToken"]);
    // From the root, where there is no such package.json, nothing is claimed.
    writeFileSync(workflowIn(root), workflow.replace("cd packages/lib && ", ""));
    expect(lintRepository(root)).toEqual([]);
  });

  it("a `publishConfig.registry` of GitHub Packages moves the followed publish off npm", () => {
    const root = repository("npm-scripts-nested");
    const manifest = path.join(root, "packages", "lib", "package.json");
    touch(manifest, readFileSync(manifest, "utf8").replace('"version": "1.0.0",', '"version": "1.0.0",\n  "publishConfig": { "registry": "https://npm.pkg.github.com" },'));
    expect(lintRepository(root)).toEqual([]);
  });

  it("semantic-release with @semantic-release/npm in .releaserc.json publishes to npm; npmPublish: false does not; an edit is seen at once", () => {
    const root = repository("semantic-release");
    expect(lintRepository(root)).toEqual(["13 prefer-trusted-publishing/longLivedToken"]);
    const config = path.join(root, ".releaserc.json");
    touch(config, readFileSync(config, "utf8").replace('"@semantic-release/npm",', '["@semantic-release/npm", { "npmPublish": false }],'));
    expect(lintRepository(root)).toEqual([]);
    touch(config, JSON.stringify({ plugins: ["@semantic-release/commit-analyzer", "@semantic-release/github"] }));
    expect(lintRepository(root)).toEqual([]);
  });

  it("semantic-release's trusted publishing is claimed where its configuration says it publishes to npm, and not under a JavaScript config", () => {
    const root = repository("semantic-release");
    writeFileSync(workflowIn(root), readFileSync(workflowIn(root), "utf8").replace("          NPM_TOKEN: ${{ secrets.NPM_PUBLISHING_TOKEN }}\n", ""));
    expect(lintRepository(root)).toEqual(["4 require-id-token-permission/missingIdToken"]);
    rmSync(path.join(root, ".releaserc.json"));
    writeFileSync(path.join(root, "release.config.js"), "module.exports = { plugins: [] };\n");
    expect(lintRepository(root)).toEqual([]);
  });

  it("follows a script file run by the step, with the step's env, and reports at the step", () => {
    const root = repository("script-file");
    const [finding] = messagesOf(readFileSync(workflowIn(root), "utf8"), workflowIn(root));
    expect(finding?.message).toBe("Step 'Publish' of job 'publish' publishes to npm with a long-lived token (the secret `NPM_TOKEN`).");
    // The token goes into an .npmrc the script writes: no suggestion edits a file the workflow runs.
    expect(finding?.suggestions ?? []).toEqual([]);
  });

  it("`publishConfig.provenance` in the package's package.json asks for an OIDC token: `id-token: write` is required, and fixed", () => {
    const root = repository("npm-provenance");
    const text = readFileSync(workflowIn(root), "utf8");
    const messages = messagesOf(text, workflowIn(root));
    expect(messages.map((message) => `${message.line} ${message.ruleId?.replace("trusted-publishing/", "")}/${message.messageId}`)).toEqual([
      "8 require-id-token-permission/missingIdTokenForOption",
      "19 prefer-trusted-publishing/longLivedToken",
    ]);
    const [finding] = messages;
    expect(finding!.message).toBe("Job 'publish' publishes to npm with `publishConfig.provenance` in package.json, which needs `id-token: write` (the workflow's `permissions` omit it).");
    // The fix gives the job the workflow's scopes and the grant; it parses and changes only the job's permissions.
    const fixed = applySuggestion(text, { desc: "", fix: finding!.fix! });
    expect(fixed).toBe(text.replace("    runs-on: ubuntu-latest\n", "    permissions:\n      contents: read\n      id-token: write\n    runs-on: ubuntu-latest\n"));
    expect(changedPaths(dataOf(text), dataOf(fixed))).toEqual([["jobs", "publish", "permissions"]]);
    expect(messagesOf(fixed, workflowIn(root)).map((message) => message.ruleId)).toEqual(["trusted-publishing/prefer-trusted-publishing"]);
  });

  it("a flag on the command line wins over `publishConfig.provenance`, which wins over the environment", () => {
    const root = repository("npm-provenance");
    const text = readFileSync(workflowIn(root), "utf8");
    const ids = (workflow: string) => findingsOf(workflow, workflowIn(root)).filter((finding) => finding.includes("require-id-token-permission"));
    expect(ids(text.replace("npm publish --access public", "npm publish --access public --provenance=false"))).toEqual([]);
    const manifest = path.join(root, "package.json");
    touch(manifest, readFileSync(manifest, "utf8").replace('"provenance": true', '"provenance": false'));
    expect(ids(text)).toEqual([]);
    expect(ids(text.replace("          NODE_AUTH_TOKEN:", "          NPM_CONFIG_PROVENANCE: true\n          NODE_AUTH_TOKEN:"))).toEqual([]);
    expect(ids(text.replace("npm publish --access public", "npm publish --access public --provenance"))).toEqual(["8 require-id-token-permission/missingIdTokenForOption"]);
    // Without it, the environment decides again.
    touch(manifest, readFileSync(manifest, "utf8").replace(',\n    "provenance": false', ""));
    expect(ids(text.replace("          NODE_AUTH_TOKEN:", "          NPM_CONFIG_PROVENANCE: true\n          NODE_AUTH_TOKEN:"))).toEqual(["8 require-id-token-permission/missingIdTokenForOption"]);
    // The workflow alone (no workspace to read) says nothing about the package's configuration.
    expect(findingsOf(text, ".github/workflows/release.yml").filter((finding) => finding.includes("require-id-token-permission"))).toEqual([]);
  });

  it("reads a PowerShell script file (CRLF, tabs, backtick continuations) run with `shell: pwsh`", () => {
    const root = repository("pwsh-script");
    const [finding] = messagesOf(readFileSync(workflowIn(root), "utf8"), workflowIn(root));
    expect(finding?.message).toBe("Step 'Push packages' of job 'push' publishes to nuget.org with a long-lived token (the `--api-key` argument).");
    expect(finding?.suggestions ?? []).toEqual([]);
  });

  it("a scoped `@acme:registry` in .npmrc sends `@acme/widgets` to GitHub Packages: no grant, environment or cache finding", () => {
    const root = repository("github-packages");
    expect(lintRepository(root)).toEqual([]);
    // The same workflow as text alone reads as npm: a cache in a job that publishes by token to npmjs.org.
    expect(findingsOf(readFileSync(workflowIn(root), "utf8"), "release.yml")).toEqual(["16 no-cache-in-publish-job/cacheInput", "18 prefer-trusted-publishing/longLivedToken"]);
  });

  it("`pnpm -r run release` follows each workspace package that has the script", () => {
    const root = repository("pnpm-workspace");
    expect(lintRepository(root)).toEqual(["14 prefer-trusted-publishing/longLivedToken"]);
    writeFileSync(workflowIn(root), readFileSync(workflowIn(root), "utf8").replace("pnpm -r run release", "pnpm --filter @acme/b run release"));
    expect(lintRepository(root)).toEqual([]);
  });

  it("covector publishes with the commands of .changes/config.json: pnpm with NODE_AUTH_TOKEN; cargo without a token is not claimed", () => {
    const root = repository("covector");
    expect(lintRepository(root)).toEqual(["19 prefer-trusted-publishing/tokenUnneeded"]);
  });

  describe("files that cannot be read are unknown, never a finding and never a crash", () => {
    const runRelease = (root: string) =>
      writeFileSync(workflowIn(root), job("      - uses: actions/checkout@v4\n      - run: npm run release\n", { permissions: "contents: read" }).replace("on: push", "on:\n  push:\n    tags: ['v*']"));
    const cases: [string, (root: string) => void][] = [
      ["no package.json", () => {}],
      ["an unparsable package.json", (root) => writeFileSync(path.join(root, "package.json"), "{ scripts: ")],
      ["a package.json that is a directory", (root) => mkdirSync(path.join(root, "package.json"))],
      ["a package.json that is a symlink loop", (root) => symlinkSync("package.json", path.join(root, "package.json"))],
      ["a package.json over the size limit", (root) => writeFileSync(path.join(root, "package.json"), `{"scripts":{"release":"npm publish"},"x":"${"y".repeat(1024 * 1024)}"}`)],
      ["a script that is not there", (root) => writeFileSync(path.join(root, "package.json"), '{ "scripts": { "test": "vitest" } }')],
      ["a script file that is not there", (root) => writeFileSync(path.join(root, "package.json"), '{ "scripts": { "release": "./scripts/missing.sh" } }')],
      ["a package script that runs itself", (root) => writeFileSync(path.join(root, "package.json"), '{ "scripts": { "release": "npm run release" } }')],
    ];
    for (const [name, prepare] of cases) {
      it(name, () => {
        const root = emptyRepository("unreadable");
        runRelease(root);
        prepare(root);
        expect(lintRepository(root)).toEqual([]);
      });
    }

    it("while a readable package.json with `npm publish` and no token is trusted publishing that needs the grant", () => {
      const root = emptyRepository("readable");
      runRelease(root);
      writeFileSync(path.join(root, "package.json"), '{ "scripts": { "release": "npm publish --provenance" } }');
      expect(lintRepository(root)).toEqual(["5 require-publish-environment/missingEnvironment", "7 require-id-token-permission/missingIdToken"]);
    });
  });
});
