/**
 * The plugin in an editor: the real ESLint language server (`vscode-eslint-language-server`
 * from vscode-langservers-extracted, the server VS Code's ESLint extension and nvim-lspconfig's
 * `eslint` use) over stdio, on a workspace set up like a user's project:
 *
 *   package.json            { "type": "module" }
 *   eslint.config.js        import tp from "eslint-plugin-trusted-publishing"
 *   node_modules/eslint     → this checkout's eslint
 *   node_modules/eslint-plugin-trusted-publishing → this checkout (its built dist/)
 *   .github/workflows/*.yml
 *
 * The client answers `workspace/configuration` the way VS Code's extension does (and, in a
 * second server, the way nvim-lspconfig does), pulls diagnostics, asks for code actions and
 * applies the WorkspaceEdit the server sends back.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, removeDir } from "./helpers/cli.js";
import { applyTextEdits, editsFor, LspSession, vscodeEslintSettings, type Diagnostic } from "./helpers/lsp.js";
import plugin from "../lib/index.js";
import { MISSING_ID_TOKEN as WORKFLOW, FIXED_ID_TOKEN as FIXED } from "./helpers/workflows.js";

const RULE = "trusted-publishing/require-id-token-permission";
const SERVER = path.join(ROOT, "node_modules", "vscode-langservers-extracted", "bin", "vscode-eslint-language-server");


let workspace: string;
let workspaceUri: string;
const workflowUri = (name: string): string => pathToFileURL(path.join(workspace, ".github", "workflows", name)).href;

beforeAll(() => {
  workspace = mkdtempSync(path.join(tmpdir(), "tp-editor-"));
  workspaceUri = pathToFileURL(workspace).href;
  writeFileSync(path.join(workspace, "package.json"), `${JSON.stringify({ name: "editor-test", private: true, type: "module" })}\n`);
  // The recommended config from the package, with only this rule on: other rules may fix the
  // same file, and the expected texts below are this rule's fix alone.
  writeFileSync(
    path.join(workspace, "eslint.config.js"),
    [
      'import tp from "eslint-plugin-trusted-publishing";',
      "const [recommended] = tp.configs.recommended;",
      `export default [{ ...recommended, rules: { "${RULE}": "error" } }];`,
      "",
    ].join("\n"),
  );
  mkdirSync(path.join(workspace, "node_modules"));
  symlinkSync(ROOT, path.join(workspace, "node_modules", "eslint-plugin-trusted-publishing"), "dir");
  symlinkSync(path.join(ROOT, "node_modules", "eslint"), path.join(workspace, "node_modules", "eslint"), "dir");
  mkdirSync(path.join(workspace, ".github", "workflows"), { recursive: true });
  for (const name of ["release.yml", "actions-language.yml", "fix-all.yml", "disable.yml", "neovim.yml"]) {
    writeFileSync(path.join(workspace, ".github", "workflows", name), WORKFLOW);
  }
});
afterAll(() => removeDir(workspace));

/** What VS Code's ESLint extension answers to workspace/configuration for a file. */
const vscodeSettings = () => vscodeEslintSettings(workspace);

/**
 * What nvim-lspconfig's `eslint` config sends (lsp/eslint.lua): nodePath "" (resolve from the
 * workspace folder), format on, the workspace folder's uri as a plain path, and
 * experimental.useFlatConfig false — ESLint 10 has no FlatESLint class, and with true the
 * server turns validation off.
 */
function neovimSettings() {
  return {
    validate: "on",
    useESLintClass: false,
    experimental: { useFlatConfig: false },
    codeActionOnSave: { enable: false, mode: "all" },
    format: true,
    quiet: false,
    onIgnoredFiles: "off",
    rulesCustomizations: [],
    run: "onType",
    problems: { shortenToSingleLine: false },
    nodePath: "",
    workingDirectory: { mode: "location" },
    codeAction: { disableRuleComment: { enable: true, location: "separateLine" }, showDocumentation: { enable: true } },
    workspaceFolder: { uri: workspace, name: path.basename(workspace) },
  };
}

async function open(session: LspSession, uri: string, languageId: string, text = WORKFLOW): Promise<Diagnostic[]> {
  await session.notify("textDocument/didOpen", { textDocument: { uri, languageId, version: 1, text } });
  return session.diagnostics(uri);
}

const ours = (diagnostics: Diagnostic[]): Diagnostic[] => diagnostics.filter((diagnostic) => diagnostic.code === RULE);

describe("vscode-eslint-language-server with VS Code's settings", () => {
  let session: LspSession;
  beforeAll(async () => {
    session = new LspSession([process.execPath, SERVER, "--stdio"], workspace, vscodeSettings);
    const { capabilities } = await session.initialize(workspaceUri, path.basename(workspace));
    expect(capabilities).toMatchObject({ diagnosticProvider: { identifier: "eslint" }, codeActionProvider: expect.anything() });
  });
  afterAll(async () => {
    await session?.close();
  });

  it("reports the finding on the job's permissions key, linked to the rule's documentation", async () => {
    const uri = workflowUri("release.yml");
    const diagnostics = ours(await open(session, uri, "yaml"));
    expect(session.complaints).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 1,
        source: "eslint",
        range: { start: { line: 4, character: 4 }, end: { line: 4, character: 15 } },
        message: expect.stringContaining("id-token: write"),
        codeDescription: { href: plugin.rules["require-id-token-permission"].meta!.docs!.url },
      }),
    ]);
  });

  it("offers the fix as the preferred quick fix; applied, it gives the fixed workflow, which is then clean", async () => {
    const uri = workflowUri("release.yml");
    const diagnostics = ours(await session.diagnostics(uri));
    const actions = await session.codeActions(uri, diagnostics[0]!.range, diagnostics, ["quickfix"]);
    const fix = actions.find((action) => action.isPreferred && action.diagnostics?.some((diagnostic) => diagnostic.code === RULE));
    expect(fix).toMatchObject({ kind: "quickfix", title: `Fix this ${RULE} problem`, command: { command: "eslint.applySingleFix" } });
    expect(actions.map((action) => action.title)).toContain(`Show documentation for ${RULE}`);

    const edit = await session.execute(fix!.command!);
    const fixed = applyTextEdits(WORKFLOW, editsFor(edit, uri));
    expect(fixed).toBe(FIXED);

    await session.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    expect(ours(await session.diagnostics(uri))).toEqual([]);
  });

  it("works the same for the GitHub Actions extension's language id, github-actions-workflow", async () => {
    const uri = workflowUri("actions-language.yml");
    const diagnostics = ours(await open(session, uri, "github-actions-workflow"));
    expect(diagnostics).toHaveLength(1);
    const actions = await session.codeActions(uri, diagnostics[0]!.range, diagnostics, ["quickfix"]);
    const fix = actions.find((action) => action.title === `Fix this ${RULE} problem`);
    expect(applyTextEdits(WORKFLOW, editsFor(await session.execute(fix!.command!), uri))).toBe(FIXED);
  });

  it("fixes on save through source.fixAll.eslint, as editor.codeActionsOnSave asks", async () => {
    const uri = workflowUri("fix-all.yml");
    const diagnostics = ours(await open(session, uri, "yaml"));
    const actions = await session.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ["source.fixAll.eslint"]);
    expect(actions).toHaveLength(1);
    expect(diagnostics).toHaveLength(1);
    expect(applyTextEdits(WORKFLOW, editsFor(actions[0]!.edit, uri))).toBe(FIXED);
  });

  it("disables the rule for a line with a YAML comment in yaml documents", async () => {
    const uri = workflowUri("disable.yml");
    const diagnostics = ours(await open(session, uri, "yaml"));
    const actions = await session.codeActions(uri, diagnostics[0]!.range, diagnostics, ["quickfix"]);
    const disable = actions.find((action) => action.title === `Disable ${RULE} for this line`);
    const disabled = applyTextEdits(WORKFLOW, editsFor(await session.execute(disable!.command!), uri));
    expect(disabled).toBe(WORKFLOW.replace("    permissions:", `    # eslint-disable-next-line ${RULE}\n    permissions:`));
    await session.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: disabled }] });
    expect(ours(await session.diagnostics(uri))).toEqual([]);
  });
});

describe("vscode-eslint-language-server with nvim-lspconfig's settings", () => {
  let session: LspSession;
  beforeAll(async () => {
    session = new LspSession([process.execPath, SERVER, "--stdio"], workspace, neovimSettings);
    await session.initialize(workspaceUri, path.basename(workspace));
  });
  afterAll(async () => {
    await session?.close();
  });

  it("reports the finding and fixes it with eslint.applyAllFixes (:LspEslintFixAll)", async () => {
    const uri = workflowUri("neovim.yml");
    const diagnostics = ours(await open(session, uri, "yaml"));
    expect(session.complaints).toEqual([]);
    expect(diagnostics.map((diagnostic) => diagnostic.range.start)).toEqual([{ line: 4, character: 4 }]);
    const edit = await session.execute({ title: "Fix all", command: "eslint.applyAllFixes", arguments: [{ uri, version: 1 }] });
    expect(applyTextEdits(WORKFLOW, editsFor(edit, uri))).toBe(FIXED);
  });
});
