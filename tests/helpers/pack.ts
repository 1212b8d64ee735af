/**
 * The package as npm publishes it: `npm pack` of this checkout (dist/ is built by `pretest`, so
 * it packs with --ignore-scripts), and installs of that tarball into throw-away projects with
 * dependencies from npm's cache when they are there (--prefer-offline).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT, runProcess, type CliRun } from "./cli.js";

export const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
export const NPX = process.platform === "win32" ? "npx.cmd" : "npx";

/** The packed size the package stays under (tests/integration/package-size.test.ts), as the CHANGELOG states it. */
export const PACKED_LIMIT = 225_000;

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

/**
 * `npx --yes --package <tarball> <command> …args` in `cwd`: what `npx eslint-plugin-trusted-publishing`
 * does for a user once the package is published, with this checkout's tarball for the published
 * package. npx installs it into a folder of npm's cache (`_npx/<hash>`); that folder, unique to the
 * tarball's path, is removed afterwards.
 */
export async function npxTarball(tarball: string, command: string, args: readonly string[], cwd: string): Promise<CliRun> {
  const cache = (await npm(["config", "get", "cache"], cwd)).stdout.trim();
  const npxDir = path.join(cache, "_npx");
  const mine = () =>
    (existsSync(npxDir) ? readdirSync(npxDir) : []).filter((entry) => {
      const manifest = path.join(npxDir, entry, "package.json");
      return existsSync(manifest) && readFileSync(manifest, "utf8").includes(JSON.stringify(tarball).slice(1, -1));
    });
  try {
    return await runProcess(NPX, ["--yes", "--prefer-offline", "--package", tarball, command, ...args], { cwd, timeout: 180_000 });
  } finally {
    for (const entry of mine()) rmSync(path.join(npxDir, entry), { recursive: true, force: true });
  }
}

/** The paths the package ships (what `npm pack` would put in the tarball), without packing. */
export async function packedFiles(): Promise<string[]> {
  const run = await npm(["pack", "--dry-run", "--ignore-scripts", "--json"], ROOT);
  if (run.code !== 0) throw new Error(`npm pack --dry-run failed:\n${run.stderr}`);
  const [report] = JSON.parse(run.stdout) as { files: PackedFile[] }[];
  return (report?.files ?? []).map((file) => file.path);
}
