/**
 * The `trusted-publishing` command as users run it: `node dist/bin.js` in a child process
 * (dist/ is built by `pretest`), in throw-away repositories.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = path.join(ROOT, "dist", "bin.js");
/** The built plugin, for eslint.config.js files written by tests. */
export const PLUGIN_URL = new URL("../../dist/index.js", import.meta.url).href;

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end (killed after `timeout` ms) and collects its exit code and output. */
export function runProcess(file: string, args: readonly string[], options: { cwd: string; timeout?: number; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, timeout: options.timeout ?? 60_000, env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") reject(Object.assign(error, { stdout, stderr }));
        else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

export function runCli(args: readonly string[], cwd: string): Promise<CliRun> {
  return runProcess(process.execPath, [BIN, ...args], { cwd });
}

/**
 * A temporary repository (a `.git` folder is all the command looks for) holding `files`
 * (relative path → text). Returns its path; remove it with `removeDir`.
 */
export function tempRepo(files: Record<string, string>, prefix = "tp-cli-"): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  mkdirSync(path.join(dir, ".git"));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** An eslint.config.js that turns on only require-id-token-permission, at `level`. */
export function onlyIdTokenConfig(level: "error" | "warn" | "off"): string {
  return [
    `import plugin from ${JSON.stringify(PLUGIN_URL)};`,
    "export default [",
    "  {",
    '    files: ["**/*.yml", "**/*.yaml"],',
    '    plugins: { "trusted-publishing": plugin },',
    '    language: "trusted-publishing/yaml",',
    `    rules: { "trusted-publishing/require-id-token-permission": ${JSON.stringify(level)} },`,
    "  },",
    "];",
    "",
  ].join("\n");
}
