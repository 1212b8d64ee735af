/**
 * The `trusted-publishing` command, run as a process (`node dist/bin.js`) the way people run it:
 * in a terminal, in CI (SARIF for code scanning, workflow-command annotations), from a script
 * (JSON), with a project's own config, and as a dry run of the fixes.
 *
 * Assertions look only at require-id-token-permission's findings (other rules may report on the
 * same files); where an exact outcome matters the project config turns on that rule alone.
 */
import { DATA_DATE, OLDEST_SNAPSHOT, actionData } from "../lib/data/actions.js";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT, onlyIdTokenConfig, removeDir, runCli, runProcess, tempRepo } from "./helpers/cli.js";
import { githubSarifProblems } from "./helpers/sarif.js";
import { MISSING_ID_TOKEN, FIXED_ID_TOKEN as FIXED, CLEAN } from "./helpers/workflows.js";

const RULE = "trusted-publishing/require-id-token-permission";


const dirs: string[] = [];
function repo(files: Record<string, string>): string {
  const dir = tempRepo(files);
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; severity: number; line: number; column: number; message: string }[];
}

describe("usage and exit codes", () => {
  it("--help documents every option and the exit codes, and exits 0", async () => {
    const { code, stdout } = await runCli(["--help"], process.cwd());
    expect(code).toBe(0);
    for (const option of ["--fix", "--fix-dry-run", "--format", "--output-file", "--max-warnings", "--config", "sarif", "github"]) {
      expect(stdout).toContain(option);
    }
    const exitCodes = stdout.slice(stdout.indexOf("Exit codes:")).split("\n");
    for (const code of ["0", "1", "2"]) expect(exitCodes.some((line) => line.startsWith(`  ${code}  `))).toBe(true);
  });

  it("--version prints the package version, the day the action data was read and its oldest snapshot", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    const { code, stdout } = await runCli(["--version"], process.cwd());
    expect([code, stdout.trim()]).toEqual([0, `${pkg.version} (action data read ${DATA_DATE}, oldest snapshot ${OLDEST_SNAPSHOT.date} (${OLDEST_SNAPSHOT.action}))`]);
    // The oldest snapshot of an action that is still maintained (archived ones cannot change).
    const maintained = Object.entries(actionData.actions).filter(([, action]) => action.archived !== true);
    expect(OLDEST_SNAPSHOT.date).toBe(maintained.map(([, action]) => action.asOf).sort()[0]);
    expect(actionData.actions[OLDEST_SNAPSHOT.action]?.asOf).toBe(OLDEST_SNAPSHOT.date);
  });

  it("exits 2 on bad usage with what was wrong and a pointer to --help, in two lines", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN, "README.md": "# not YAML\n", "action.json": "{}\n" });
    const cases: [string[], string][] = [
      [["--format", "checkstyle"], "unknown format 'checkstyle'; use one of: stylish, json, sarif, github"],
      [["--max-warnings", "many"], "--max-warnings takes a number of warnings (0 or more), not 'many'"],
      // Node's parser calls this "ambiguous" and suggests --max-warnings=-XYZ.
      [["--max-warnings", "-1"], "--max-warnings takes a number of warnings (0 or more), not '-1'"],
      [["--max-warnings=-1"], "--max-warnings takes a number of warnings (0 or more), not '-1'"],
      [["--max-warnings"], "--max-warnings needs a value"],
      [["-f"], "-f needs a value"],
      [["--format", "--fix"], "--format needs a value"],
      [["--fix=yes"], "--fix takes no value"],
      [["--fix", "--fix-dry-run"], "--fix and --fix-dry-run cannot be used together"],
      [["--fix-dry-run", "--format", "sarif"], "--fix-dry-run prints a diff on standard output; with --format sarif, write the report with --output-file"],
      [["--config", "missing.config.js"], "no such config file: missing.config.js"],
      [["--no-such-option"], "unknown option '--no-such-option'"],
      [["-x"], "unknown option '-x'"],
      [["does-not-exist"], "no such file or directory: does-not-exist"],
      // A file named on the command line must be YAML, as a directory's files are.
      [["README.md"], "not a YAML file (*.yml, *.yaml): README.md"],
      [[".github/workflows/release.yml", "action.json"], "not a YAML file (*.yml, *.yaml): action.json"],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(args, dir)));
    for (const [index, [args, reason]] of cases.entries()) {
      const { code, stdout, stderr } = runs[index]!;
      expect({ args, code, stdout, stderr }).toEqual({ args, code: 2, stdout: "", stderr: `trusted-publishing: ${reason}\nSee 'trusted-publishing --help'.\n` });
    }
  });

  it("exits 2 when a directory holds no YAML file", async () => {
    const dir = repo({ "empty/README.md": "no YAML here\n" });
    const { code, stdout, stderr } = await runCli(["empty"], dir);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(/no workflow files \(\*\.yml, \*\.yaml\) found in empty/u);
  });

  it("reports a YAML syntax error at a 1-based line and column", async () => {
    const dir = repo({ ".github/workflows/broken.yml": "on: push\njobs: [\n", ".github/workflows/nested.yml": "on: push\n  bad: indent\n" });
    const { code, stdout } = await runCli(["--format", "json"], dir);
    expect(code).toBe(1);
    const positions = (JSON.parse(stdout) as JsonResult[]).map((result) => ({
      file: path.basename(result.filePath),
      fatal: result.messages.map(({ line, column, ruleId }) => ({ line, column, ruleId })),
    }));
    // `jobs: [` runs to the end of the file (line 3, column 1); `push` starts at column 5.
    expect(positions.sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: "broken.yml", fatal: [{ line: 3, column: 1, ruleId: null }] },
      { file: "nested.yml", fatal: [{ line: 1, column: 5, ruleId: null }] },
    ]);
    const stylish = await runCli([".github/workflows/nested.yml"], dir);
    expect(stylish.stdout).toMatch(/^ {2}1:5 {2}error {2}Parsing error: /mu);
  });

  it("exits 1 for an error-level finding and 0 for a clean repository", async () => {
    const failing = await runCli([], repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN }));
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain(RULE);
    expect(failing.stdout).toContain(path.join(".github", "workflows", "release.yml"));
    const clean = await runCli([], repo({ ".github/workflows/test.yml": CLEAN }));
    expect(clean).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("exits 2 with one line, not a stack trace, when the project config does not load", async () => {
    const dir = repo({ "eslint.config.js": "export default [{ rules: {\n", ".github/workflows/test.yml": CLEAN });
    const { code, stderr } = await runCli(["--config", "eslint.config.js"], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^trusted-publishing: /u);
    expect(stderr.split("\n").some((line) => line.trimStart().startsWith("at "))).toBe(false);
  });
});

describe("stylish output", () => {
  it("lists each finding's suggestions under it, as the JSON report names them", async () => {
    const dir = repo({
      ".github/workflows/release.yml": [
        "on: push",
        "jobs:",
        "  publish:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: twine upload dist/*",
        "        env:",
        "          TWINE_USERNAME: __token__",
        "          TWINE_PASSWORD: my-insecure-hardcoded-token",
        "",
      ].join("\n"),
    });
    const json = JSON.parse((await runCli(["--format", "json"], dir)).stdout) as {
      messages: { ruleId: string; line: number; column: number; suggestions?: { desc: string }[] }[];
    }[];
    const withSuggestions = json[0]!.messages.filter((message) => (message.suggestions ?? []).length > 0);
    expect(withSuggestions.length).toBeGreaterThan(0);
    const { stdout } = await runCli([], dir);
    const lines = stdout.split("\n");
    for (const message of withSuggestions) {
      const at = lines.findIndex((line) => line.trimStart().startsWith(`${message.line}:${message.column} `) && line.endsWith(message.ruleId));
      expect(at, stdout).toBeGreaterThan(-1);
      const below = lines.slice(at + 1, at + 1 + message.suggestions!.length).map((line) => line.trim());
      expect(below).toEqual(message.suggestions!.map((suggestion) => `suggestion: ${suggestion.desc}`));
    }
    expect(stdout).not.toContain("my-insecure-hardcoded-token");
  });
});

describe("--format json", () => {
  it("prints ESLint's JSON results", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN });
    const { code, stdout } = await runCli(["--format", "json"], dir);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as JsonResult[];
    expect(results.map((result) => path.relative(dir, result.filePath))).toEqual([path.join(".github", "workflows", "release.yml")]);
    const ours = results[0]!.messages.filter((message) => message.ruleId === RULE);
    expect(ours).toEqual([expect.objectContaining({ severity: 2, line: 5 })]);
  });
});

describe("--format sarif", () => {
  it("writes SARIF 2.1.0 that code scanning accepts, with rule metadata and repository-relative paths", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN, ".github/workflows/test.yml": CLEAN });
    // Run from a sub-directory: paths are still relative to the repository root.
    mkdirSync(path.join(dir, "python", "src"), { recursive: true });
    const { code, stdout } = await runCli(["--format", "sarif", "../.."], path.join(dir, "python", "src"));
    expect(code).toBe(1);
    const log = JSON.parse(stdout);
    expect(githubSarifProblems(log)).toEqual([]);

    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({ name: "trusted-publishing", version: expect.any(String) });
    const rule = run.tool.driver.rules.find((candidate: { id: string }) => candidate.id === RULE);
    const plugin = (await import("../lib/index.js")).default;
    const meta = plugin.rules["require-id-token-permission"].meta!;
    expect(rule).toMatchObject({
      shortDescription: { text: meta.docs!.description },
      helpUri: meta.docs!.url,
      defaultConfiguration: { level: "error" },
    });
    const ours = run.results.filter((result: { ruleId: string }) => result.ruleId === RULE);
    expect(ours).toEqual([
      {
        ruleId: RULE,
        ruleIndex: run.tool.driver.rules.indexOf(rule),
        level: "error",
        message: { text: expect.stringContaining("id-token: write") },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: ".github/workflows/release.yml", uriBaseId: "%SRCROOT%", index: expect.any(Number) },
              region: { startLine: 5, startColumn: 5, endLine: 5, endColumn: 16 },
            },
          },
        ],
      },
    ]);
    expect(run.originalUriBaseIds["%SRCROOT%"].uri).toBe(new URL(`file://${dir}/`).href);
  });

  it("reports warnings as warning and a YAML syntax error as a tool notification, not an alert", async () => {
    const dir = repo({
      ".github/workflows/release.yml": MISSING_ID_TOKEN,
      ".github/workflows/broken.yml": "on: push\njobs: [\n",
      "eslint.config.js": onlyIdTokenConfig("warn"),
    });
    const { code, stdout } = await runCli(["--format", "sarif", "--config", "eslint.config.js"], dir);
    expect(code).toBe(1); // the parsing error is an error
    const log = JSON.parse(stdout);
    expect(githubSarifProblems(log)).toEqual([]);
    const run = log.runs[0];
    expect(run.results.map((result: { ruleId: string; level: string }) => [result.ruleId, result.level])).toEqual([[RULE, "warning"]]);
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual([RULE]);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({
        level: "error",
        locations: [expect.objectContaining({ physicalLocation: expect.objectContaining({ artifactLocation: expect.objectContaining({ uri: ".github/workflows/broken.yml" }) }) })],
      }),
    ]);
    // broken.yml was not checked: the run did not fully succeed.
    expect(run.invocations[0].executionSuccessful).toBe(false);
  });

  it("gives each rule its description as title and its documentation page as help", async () => {
    const { stdout } = await runCli(["--format", "sarif"], repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN }));
    const run = JSON.parse(stdout).runs[0];
    expect(run.invocations[0].executionSuccessful).toBe(true);
    const rule = run.tool.driver.rules.find((candidate: { id: string }) => candidate.id === RULE);
    const page = readFileSync(path.join(ROOT, "docs", "rules", "require-id-token-permission.md"), "utf8");
    const { default: plugin } = await import("../lib/index.js");
    expect(rule.shortDescription.text).toBe(plugin.rules["require-id-token-permission"].meta!.docs!.description);
    // The page without its title line; its sections and examples are all there.
    for (const heading of page.split("\n").filter((line) => line.startsWith("## "))) expect(rule.help.markdown).toContain(`\n${heading}\n`);
    expect(rule.help.markdown).not.toContain("# trusted-publishing/require-id-token-permission");
    expect(rule.help.markdown).toContain("on: push\njobs:");
  });

  it("writes a valid log with no results for a clean repository, which closes earlier alerts", async () => {
    const { code, stdout } = await runCli(["--format", "sarif"], repo({ ".github/workflows/test.yml": CLEAN }));
    expect(code).toBe(0);
    const log = JSON.parse(stdout);
    expect(githubSarifProblems(log)).toEqual([]);
    expect([log.runs[0].results, log.runs[0].tool.driver.rules]).toEqual([[], []]);
  });

  it("--output-file writes the report to a file and nothing to stdout", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN });
    const { code, stdout } = await runCli(["-f", "sarif", "-o", "reports/tp.sarif"], dir);
    expect([code, stdout]).toEqual([1, ""]);
    expect(githubSarifProblems(JSON.parse(readFileSync(path.join(dir, "reports", "tp.sarif"), "utf8")))).toEqual([]);
  });
});

describe("--format github", () => {
  it("prints one workflow command per finding, with repository-relative paths and escaped properties", async () => {
    const dir = repo({ ".github/workflows/release,v1.yml": MISSING_ID_TOKEN });
    const { code, stdout } = await runCli(["--format", "github"], dir);
    expect(code).toBe(1);
    const line = stdout.split("\n").find((candidate) => candidate.includes(RULE));
    expect(line).toMatch(
      /^::error file=\.github\/workflows\/release%2Cv1\.yml,line=5,col=5,endLine=5,endColumn=16,title=trusted-publishing\/require-id-token-permission::Job 'publish' .*id-token: write/u,
    );
    // A message never carries a raw line break: it would end the command.
    expect(stdout.trimEnd().split("\n").every((command) => command.startsWith("::error ") || command.startsWith("::warning "))).toBe(true);
  });

  it("uses ::warning for warnings", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN, "eslint.config.js": onlyIdTokenConfig("warn") });
    const { code, stdout } = await runCli(["--format", "github", "--config", "eslint.config.js"], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^::warning file=\.github\/workflows\/release\.yml,line=5,col=5,/u);
  });
});

describe("--config and --max-warnings", () => {
  it("--config lints with the project's eslint.config.js instead of the built-in config", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN, "eslint.config.js": onlyIdTokenConfig("off") });
    // The built-in config reports the file; the project's config turns the rule off.
    expect((await runCli([], dir)).code).toBe(1);
    expect(await runCli(["--config", "eslint.config.js"], dir)).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("--max-warnings N fails when there are more than N warnings, like eslint", async () => {
    const dir = repo({
      ".github/workflows/a.yml": MISSING_ID_TOKEN,
      ".github/workflows/b.yml": MISSING_ID_TOKEN,
      "eslint.config.js": onlyIdTokenConfig("warn"),
    });
    const config = ["--config", "eslint.config.js", "--format", "json"];
    expect((await runCli(config, dir)).code).toBe(0);
    expect((await runCli([...config, "--max-warnings", "2"], dir)).code).toBe(0);
    const over = await runCli([...config, "--max-warnings", "1"], dir);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe("trusted-publishing: 2 warnings, more than --max-warnings 1\n");
    expect(JSON.parse(over.stdout)).toHaveLength(2); // the report is still complete
  });

  it("counts in the singular when there is one warning", async () => {
    const dir = repo({ ".github/workflows/a.yml": MISSING_ID_TOKEN, "eslint.config.js": onlyIdTokenConfig("warn") });
    const over = await runCli(["--config", "eslint.config.js", "--max-warnings", "0"], dir);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe("trusted-publishing: 1 warning, more than --max-warnings 0\n");
    expect(over.stdout).toContain("\u2716 1 problem (0 errors, 1 warning)\n");
  });
});

describe("--fix-dry-run and --fix", () => {
  it("prints a unified diff of the fixes, writes nothing, and the diff applies with git to give what --fix writes", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN, "eslint.config.js": onlyIdTokenConfig("error") });
    const config = ["--config", "eslint.config.js"];
    const dry = await runCli(["--fix-dry-run", ...config], dir);
    expect(dry.code).toBe(0); // nothing left once the fixes are applied
    expect(readFileSync(path.join(dir, ".github/workflows/release.yml"), "utf8")).toBe(MISSING_ID_TOKEN);
    expect(dry.stdout).toBe(
      [
        "--- a/.github/workflows/release.yml",
        "+++ b/.github/workflows/release.yml",
        "@@ -4,5 +4,6 @@",
        "     runs-on: ubuntu-latest",
        "     permissions:",
        "       contents: read",
        "+      id-token: write",
        "     steps:",
        "       - uses: pypa/gh-action-pypi-publish@release/v1",
        "",
      ].join("\n"),
    );

    // git apply works outside a repository, like patch.
    const copy = mkdtempSync(path.join(tmpdir(), "tp-apply-"));
    dirs.push(copy);
    cpSync(path.join(dir, ".github"), path.join(copy, ".github"), { recursive: true });
    writeFileSync(path.join(copy, "fix.diff"), dry.stdout);
    execFileSync("git", ["apply", "fix.diff"], { cwd: copy });

    const fixed = await runCli(["--fix", ...config], dir);
    expect(fixed).toEqual({ code: 0, stdout: "", stderr: "" });
    const written = readFileSync(path.join(dir, ".github/workflows/release.yml"), "utf8");
    expect(written).toBe(FIXED);
    expect(readFileSync(path.join(copy, ".github/workflows/release.yml"), "utf8")).toBe(written);
  });

  it("follows the diff with the report of what the fixes leave, and exits by that", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN, ".github/workflows/broken.yml": "jobs: [\n" });
    const dry = await runCli(["--fix-dry-run"], dir);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(/^--- a\/\.github\/workflows\/release\.yml\n/u);
    expect(dry.stdout).toContain("broken.yml");
    expect(dry.stdout).not.toContain(RULE);
  });
});

describe("progress", () => {
  // `script` (util-linux) runs the command on a pseudo-terminal, so stderr is a TTY.
  const hasScript = spawnSync("script", ["--version"]).status === 0;
  let dir: string;
  beforeAll(() => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 25; index++) files[`.github/workflows/w${String(index).padStart(2, "0")}.yml`] = CLEAN;
    files[".github/workflows/w99.yml"] = MISSING_ID_TOKEN;
    dir = repo(files);
  });

  it.skipIf(!hasScript)("keeps a progress line on a terminal when linting more than 20 files, then erases it", async () => {
    const command = [process.execPath, BIN].map((part) => `'${part}'`).join(" ");
    const { stdout } = await runProcess("script", ["-qfec", command, "/dev/null"], { cwd: dir });
    expect(stdout).toContain("trusted-publishing: linting 0/26 files");
    expect(stdout).toContain("linting 24/26 files");
    expect(stdout).toContain("\r\x1b[2K");
    expect(stdout).toContain(RULE); // and the report is the same
  });

  it("prints no progress when stderr is not a terminal", async () => {
    const { code, stderr, stdout } = await runCli(["--format", "json"], dir);
    expect([code, stderr]).toEqual([1, ""]);
    expect(JSON.parse(stdout)).toHaveLength(26);
  });
});
