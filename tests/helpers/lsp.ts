/**
 * A minimal LSP client for tests: starts a language server over stdio, answers its requests
 * (workspace/configuration with the given settings, workspace/applyEdit by recording the
 * edit), and wraps every request in a timeout so that a hung server fails the test instead of
 * stalling it. `close()` shuts the server down and kills it if it does not exit.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface TextEdit {
  range: Range;
  newText: string;
}
export interface Diagnostic {
  range: Range;
  message: string;
  severity?: number;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
}
export interface Command {
  title: string;
  command: string;
  arguments?: unknown[];
}
export interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
  documentChanges?: { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }[];
}
export interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: Diagnostic[];
  command?: Command;
  edit?: WorkspaceEdit;
}

const TIMEOUT = 30_000;

function withTimeout<T>(promise: Promise<T>, what: string, log: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${TIMEOUT / 1000} s. Server log:\n${log()}`)), TIMEOUT);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class LspSession {
  private readonly process: ChildProcess;
  private readonly connection: MessageConnection;
  private readonly logLines: string[] = [];
  private readonly edits: WorkspaceEdit[] = [];
  /** Requests the server sent that mean "I could not lint" (eslint/noLibrary, …). */
  readonly complaints: string[] = [];
  private exited: Promise<void>;

  constructor(
    command: readonly string[],
    cwd: string,
    private readonly settings: (scopeUri: string | undefined) => unknown,
  ) {
    this.process = spawn(command[0]!, command.slice(1), { cwd, stdio: ["pipe", "pipe", "pipe"] });
    this.exited = new Promise((resolve) => this.process.once("exit", () => resolve()));
    this.process.stderr!.on("data", (chunk: Buffer) => this.logLines.push(`[stderr] ${chunk.toString()}`));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onRequest("workspace/configuration", (params: { items: { scopeUri?: string }[] }) =>
      params.items.map((item) => this.settings(item.scopeUri)),
    );
    this.connection.onRequest("workspace/applyEdit", (params: { edit: WorkspaceEdit }) => {
      this.edits.push(params.edit);
      return { applied: true };
    });
    this.connection.onRequest((method: string) => {
      if (["eslint/noLibrary", "eslint/probeFailed", "eslint/noConfig"].includes(method)) this.complaints.push(method);
      return null; // client/registerCapability, window/workDoneProgress/create, eslint/openDoc, …
    });
    this.connection.onNotification((method: string, params: unknown) => {
      if (method === "window/logMessage") this.logLines.push((params as { message: string }).message);
      else if (method === "eslint/status" && (params as { state: number }).state !== 1) this.complaints.push(`${method} ${JSON.stringify(params)}`);
    });
    this.connection.listen();
  }

  get log(): string {
    return this.logLines.join("\n");
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return withTimeout(this.connection.sendRequest(method, params) as Promise<T>, method, () => this.log);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  async initialize(rootUri: string, name: string): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.request<{ capabilities: Record<string, unknown> }>("initialize", {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name }],
      capabilities: {
        workspace: { configuration: true, applyEdit: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: false } },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          diagnostic: { dynamicRegistration: false },
          publishDiagnostics: {},
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source", "source.fixAll", "source.fixAll.eslint"] } } },
        },
      },
    });
    await this.notify("initialized", {});
    return result;
  }

  /** Pulls the diagnostics of a document (the ESLint server reports by pull, LSP 3.17). */
  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await this.request<{ kind: string; items: Diagnostic[] }>("textDocument/diagnostic", { textDocument: { uri } });
    return report.items;
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    });
  }

  /** Runs a command and returns the workspace edit the server asked the client to apply for it. */
  async execute(command: Command): Promise<WorkspaceEdit | undefined> {
    const before = this.edits.length;
    await this.request("workspace/executeCommand", { command: command.command, arguments: command.arguments ?? [] });
    return this.edits[before];
  }

  async close(): Promise<void> {
    try {
      if (this.process.exitCode === null) {
        await withTimeout(this.connection.sendRequest("shutdown"), "shutdown", () => this.log);
        await this.notify("exit", undefined);
      }
    } catch {
      // a dead or hung server is killed below
    }
    const killed = setTimeout(() => this.process.kill("SIGKILL"), 5_000);
    await this.exited;
    clearTimeout(killed);
    this.connection.dispose();
  }
}

function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf("\n", offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  const end = text.indexOf("\n", offset);
  return Math.min(offset + position.character, end === -1 ? text.length : end);
}

/** Applies LSP text edits (positions before any edit, as the protocol defines them). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const ranged = edits.map((edit) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText }));
  ranged.sort((a, b) => b.start - a.start || b.end - a.end);
  return ranged.reduce((result, edit) => result.slice(0, edit.start) + edit.newText + result.slice(edit.end), text);
}

/** The text edits a workspace edit makes to one document. */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) return [];
  return [...(edit.changes?.[uri] ?? []), ...(edit.documentChanges ?? []).filter((change) => change.textDocument.uri === uri).flatMap((change) => change.edits)];
}

/** What VS Code's ESLint extension answers to `workspace/configuration` for a file of `workspace`. */
export function vscodeEslintSettings(workspace: string) {
  return {
    validate: "on",
    packageManager: "npm",
    useESLintClass: false,
    useFlatConfig: true,
    experimental: { useFlatConfig: false },
    codeActionOnSave: { enable: false, mode: "all" },
    format: false,
    quiet: false,
    onIgnoredFiles: "off",
    options: {},
    rulesCustomizations: [],
    run: "onType",
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workingDirectory: { mode: "location" },
    workspaceFolder: { name: basename(workspace), uri: pathToFileURL(workspace).href },
    codeAction: {
      disableRuleComment: { enable: true, location: "separateLine", commentStyle: "line" },
      showDocumentation: { enable: true },
    },
  };
}
