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
import { ROOT, removeDir, runCli, tempRepo } from "../helpers/cli.js";
import { LspSession, vscodeEslintSettings } from "../helpers/lsp.js";

/** Deterministic random text, so the secrets are fixed but look like nothing in our messages. */
function randomText(seed: number, length: number, alphabet: string): string {
  let state = seed;
  let text = "";
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    text += alphabet[(state >>> 16) % alphabet.length];
  }
  return text;
}
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
