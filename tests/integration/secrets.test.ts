/**
 * No output of any format repeats a secret: the command's stylish, json, sarif and github
 * reports (run as a process) and the diagnostics an editor gets from the ESLint language server.
 * The workflow holds every kind of secret the rules see, in every position: env, inputs,
 * command-line flags, assignments, comments, unnamed steps whose first line holds the secret.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ESLint } from "eslint";
import plugin from "../../lib/index.js";
import { ROOT, removeDir, runCli, tempRepo } from "../helpers/cli.js";
import { TOKENS, attackerWorkflows, leaks as tokenLeaks, randomText } from "../helpers/tokens.js";
import { LspSession, vscodeEslintSettings } from "../helpers/lsp.js";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const BASE64URL = `${ALNUM}_-`;

/** Each secret: its full text and the part that must never appear (what follows its public prefix). */
const SECRETS = {
  pypi: { prefix: "pypi-AgEIcHlwaS5vcmc", tail: randomText(1, 120, BASE64URL) },
  testpypi: { prefix: "pypi-AgENdGVzdC5weXBpLm9yZw", tail: randomText(2, 100, BASE64URL) },
  github: { prefix: "ghp_", tail: randomText(3, 36, ALNUM) },
  npm: { prefix: "npm_", tail: randomText(4, 36, ALNUM) },
  gitlab: { prefix: "glpat-", tail: randomText(5, 20, ALNUM) },
  aws: { prefix: "AKIA", tail: randomText(6, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") },
  twinePassword: { prefix: "", tail: randomText(7, 14, ALNUM) },
  flagPassword: { prefix: "", tail: randomText(8, 14, ALNUM) },
  dockerPassword: { prefix: "", tail: randomText(9, 14, ALNUM) },
  assignment: { prefix: "", tail: randomText(10, 14, ALNUM) },
};
const secret = (name: keyof typeof SECRETS) => SECRETS[name].prefix + SECRETS[name].tail;

const WORKFLOW = `on: push
env:
  NPM_TOKEN: ${secret("npm")}
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: TWINE_PASSWORD=${secret("assignment")} twine upload dist/*
      - run: twine upload -p ${secret("flagPassword")} dist/*
      - name: Upload
        env:
          TWINE_PASSWORD: ${secret("twinePassword")}
          AWS_ACCESS_KEY_ID: ${secret("aws")}
        run: twine upload dist/*
      - uses: pypa/gh-action-pypi-publish@release/v1
        with:
          password: ${secret("testpypi")}
          repository-url: https://test.pypi.org/legacy/
      - uses: docker/login-action@v3
        with:
          username: me
          password: ${secret("dockerPassword")}
      - run: |
          echo "${secret("github")}" | gh auth login --with-token
          curl -H "PRIVATE-TOKEN: ${secret("gitlab")}" https://gitlab.example.com
      # old token: ${secret("pypi")}
`;

/** Every 8-character run of a secret's private part that appears in `output`. */
function leaks(output: string): string[] {
  const found: string[] = [];
  for (const [name, { tail }] of Object.entries(SECRETS)) {
    for (let i = 0; i + 8 <= tail.length; i++) {
      if (output.includes(tail.slice(i, i + 8))) {
        found.push(`${name}: ${tail.slice(i, i + 8)}`);
        break;
      }
    }
  }
  return found;
}

let repo: string;
beforeAll(() => {
  repo = tempRepo({ ".github/workflows/release.yml": WORKFLOW }, "tp-secrets-");
});
afterAll(() => removeDir(repo));

describe("no output repeats a secret", () => {
  for (const format of ["stylish", "json", "sarif", "github"]) {
    it(`--format ${format}`, async () => {
      const run = await runCli(["--format", format], repo);
      expect(run.code).toBe(1);
      // The report has the findings (so the check below is about real output)...
      expect(run.stdout).toContain(format === "sarif" || format === "json" ? "no-hardcoded-credentials" : "plain text");
      // ...and none of the secrets.
      expect(leaks(run.stdout + run.stderr)).toEqual([]);
    });
  }

  it("--fix writes the fixes and still reports no secret", async () => {
    const run = await runCli(["--fix", "--format", "json"], repo);
    expect(leaks(run.stdout + run.stderr)).toEqual([]);
  });

  it("editor diagnostics from the ESLint language server", async () => {
    writeFileSync(path.join(repo, "package.json"), `${JSON.stringify({ private: true, type: "module" })}\n`);
    writeFileSync(path.join(repo, "eslint.config.js"), 'import tp from "eslint-plugin-trusted-publishing";\nexport default [...tp.configs.all];\n');
    mkdirSync(path.join(repo, "node_modules"), { recursive: true });
    symlinkSync(ROOT, path.join(repo, "node_modules", "eslint-plugin-trusted-publishing"), "dir");
    symlinkSync(path.join(ROOT, "node_modules", "eslint"), path.join(repo, "node_modules", "eslint"), "dir");
    const server = path.join(ROOT, "node_modules", "vscode-langservers-extracted", "bin", "vscode-eslint-language-server");
    const rootUri = pathToFileURL(repo).href;
    const session = new LspSession([process.execPath, server, "--stdio"], repo, () => vscodeEslintSettings(repo));
    try {
      await session.initialize(rootUri, "secrets");
      const uri = pathToFileURL(path.join(repo, ".github", "workflows", "release.yml")).href;
      await session.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text: WORKFLOW } });
      const diagnostics = await session.diagnostics(uri);
      expect(diagnostics.some((d) => d.code === "trusted-publishing/no-hardcoded-credentials")).toBe(true);
      expect(leaks(JSON.stringify(diagnostics))).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

/**
 * A token written in ids, names, keys, comments, anchors and flow style, of every known shape:
 * reported once per file, and shown by no output — the command's four formats, ESLint's own
 * stylish and json formatters (json's `source` is the file itself, as the README says), and
 * `migrate`'s diff and report.
 */
describe("no output repeats a token hidden in names", () => {
  let names: string;
  const files: Record<string, string> = {};
  for (const token of TOKENS) {
    for (const [place, code] of Object.entries(attackerWorkflows(token.text))) files[`.github/workflows/${token.name}-${place}.yml`] = code;
  }
  beforeAll(() => {
    names = tempRepo(files, "tp-secret-names-");
  });
  afterAll(() => removeDir(names));

  for (const format of ["stylish", "json", "sarif", "github"]) {
    it(`--format ${format}`, async () => {
      const run = await runCli(["--format", format], names);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("no-hardcoded-credentials");
      expect(tokenLeaks(run.stdout + run.stderr)).toEqual([]);
      if (format === "json") {
        // Each file's token is reported once, whatever number of places hold it.
        const results = JSON.parse(run.stdout) as ESLint.LintResult[];
        expect(results).toHaveLength(Object.keys(files).length);
        for (const result of results) {
          const own = result.messages.filter((message) => message.ruleId === "trusted-publishing/no-hardcoded-credentials");
          expect(own, path.basename(result.filePath)).toHaveLength(1);
        }
      }
    });
  }

  it("ESLint's own formatters: messages redacted; json's `source` is the file's text", async () => {
    const eslint = new ESLint({
      cwd: names,
      overrideConfigFile: true,
      overrideConfig: [...plugin.configs.recommended.map((config) => ({ ...config, files: ["**/*.yml"] }))],
    });
    const results = await eslint.lintFiles([".github/workflows/*.yml"]);
    expect(results.some((result) => result.messages.some((message) => message.ruleId === "trusted-publishing/no-hardcoded-credentials"))).toBe(true);
    const stylish = await (await eslint.loadFormatter("stylish")).format(results);
    expect(tokenLeaks(stylish)).toEqual([]);
    // ESLint's json formatter prints the file's text (`source`, and the text of fixes and
    // suggestions, which spans the file between edits); its messages are the plugin's, redacted.
    const json = JSON.parse(await (await eslint.loadFormatter("json")).format(results)) as ESLint.LintResult[];
    const messages = json.flatMap((result) => result.messages.flatMap((message) => [message.message, ...(message.suggestions ?? []).map((suggestion) => suggestion.desc)]));
    expect(messages.length).toBeGreaterThan(json.length);
    expect(tokenLeaks(messages.join("\n"))).toEqual([]);
    expect(tokenLeaks(json.map((result) => result.source ?? "").join("\n"))).toHaveLength(TOKENS.length);
  });

  it("migrate: neither the diff nor the report", async () => {
    const dry = await runCli(["migrate", "--dry-run"], names);
    expect(dry.stderr).toContain("would migrate: step 'npm (");
    expect(dry.stdout).toContain("+++ b/.github/workflows/");
    expect(tokenLeaks(dry.stdout + dry.stderr)).toEqual([]);
    const applied = await runCli(["migrate"], names);
    expect(applied.stdout).toContain("migrated: step 'npm (");
    expect(tokenLeaks(applied.stdout + applied.stderr)).toEqual([]);
  });
});
