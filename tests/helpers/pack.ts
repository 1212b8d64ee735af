/**
 * The package as npm publishes it: `npm pack` of this checkout (dist/ is built by `pretest`, so
 * it packs with --ignore-scripts), and installs of that tarball into throw-away projects with
 * dependencies from npm's cache when they are there (--prefer-offline).
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT, runProcess, type CliRun } from "./cli.js";

export const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

export function npm(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<CliRun> {
  return runProcess(NPM, args, { cwd, timeout: 180_000, ...(env ? { env } : {}) });
}

export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

export interface Packed {
  /** The directory holding the tarball (remove it when done). */
  readonly dir: string;
  readonly tarball: string;
  /** Bytes of the .tgz. */
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly PackedFile[];
}

/** Packs this checkout into a new temporary directory. */
export async function packPackage(): Promise<Packed> {
  const dir = mkdtempSync(path.join(tmpdir(), "tp-pack-"));
  const run = await npm(["pack", "--ignore-scripts", "--json", "--pack-destination", dir], ROOT);
  if (run.code !== 0) throw new Error(`npm pack failed:\n${run.stderr}`);
  const [report] = JSON.parse(run.stdout) as { filename: string; size: number; unpackedSize: number; files: PackedFile[] }[];
  const tarball = readdirSync(dir).find((file) => file.endsWith(".tgz"));
  if (!report || !tarball) throw new Error(`npm pack wrote no tarball:\n${run.stdout}`);
  return { dir, tarball: path.join(dir, tarball), size: report.size, unpackedSize: report.unpackedSize, files: report.files };
}

/** npm's errors when neither the registry nor its cache can provide a package. */
export const OFFLINE = /E(?:NOTCACHED|NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT)/u;
