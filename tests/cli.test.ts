import plugin from "../lib/index.js";
/**
 * The command (`npx eslint-plugin-trusted-publishing`), run as a process (`node dist/bin.js`) the
 * way people run it: in a terminal, in CI (SARIF for code scanning, workflow-command
 * annotations), from a script (JSON), with a project's own config, and as a dry run of the fixes;
 * in repositories that are not JavaScript projects (a Python one, with a virtualenv), with
 * ESLint's options (--rule, --quiet, --color, --ignore-pattern).
 *
 * Assertions look only at require-id-token-permission's findings (other rules may report on the
 * same files); where an exact outcome matters the project config turns on that rule alone.
 */
import { DATA_DATE, OLDEST_SNAPSHOT, actionData } from "../lib/data/actions.js";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT, onlyIdTokenConfig, removeDir, runCli, runProcess, tempRepo, writeFiles } from "./helpers/cli.js";
import { githubSarifProblems } from "./helpers/sarif.js";
import { MISSING_ID_TOKEN, FIXED_ID_TOKEN as FIXED, CLEAN, CONFIG_IMPORTING_THE_PLUGIN, publishWithJobEnv } from "./helpers/workflows.js";

const RULE = "trusted-publishing/require-id-token-permission";
const COMMAND = "eslint-plugin-trusted-publishing";
/** An SGR escape sequence (ESC [ n m): colour in a terminal. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, "u");

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

/** What the plugin lints, as the command lists it. */
const LINTED_PATTERNS = plugin.files.join(", ");

describe("usage and exit codes", () => {
  it("--help documents every option and the exit codes, and exits 0", async () => {
    const { code, stdout } = await runCli(["--help"], process.cwd());
    expect(code).toBe(0);
    for (const option of ["--fix", "--fix-dry-run", "--format", "--output-file", "--rule", "--quiet", "--max-warnings", "--ignore-pattern", "--color", "--no-color", "--config", "sarif", "github"]) {
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
    const cases: [string[], string | RegExp][] = [
      [["--format", "checkstyle"], "unknown format 'checkstyle'; use one of: stylish, json, sarif, github, gitlab"],
      [["--max-warnings", "many"], "--max-warnings takes a number of warnings (0 or more), not 'many'"],
      // Node's parser calls this "ambiguous" and suggests --max-warnings=-XYZ.
      [["--max-warnings", "-1"], "--max-warnings takes a number of warnings (0 or more), not '-1'"],
      [["--max-warnings=-1"], "--max-warnings takes a number of warnings (0 or more), not '-1'"],
      [["--max-warnings"], "--max-warnings needs a value"],
      [["-f"], "-f needs a value"],
      [["--format", "--fix"], "--format needs a value"],
      [["--fix=yes"], "--fix takes no value"],
      [["--fix", "--fix-dry-run"], "--fix and --fix-dry-run cannot be used together"],
      [["--color", "--no-color"], "--color and --no-color cannot be used together"],
      [["--no-color=1"], "--no-color takes no value"],
      [["--rule"], "--rule needs a value"],
      [["--rule", "require-id-token-permission"], "--rule takes 'rule: level' (off, warn or error), not 'require-id-token-permission'"],
      [["--rule", "require-id-token-permission: loud"], `--rule: 'require-id-token-permission' takes a level (off, warn or error), not "loud"`],
      [["--rule", "no-such-rule: off"], /^--rule: no rule 'no-such-rule'; the rules are: no-broken-actions, .*, valid-trusted-publishing$/u],
      // Without --config, only this plugin's rules exist.
      [["--rule", "other/rule: off"], /^--rule: no rule 'other\/rule'; /u],
      [["--ignore-pattern"], "--ignore-pattern needs a value"],
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
      const [first, ...rest] = stderr.split("\n");
      expect({ args, code, stdout, rest }).toEqual({ args, code: 2, stdout: "", rest: [`See '${COMMAND} --help'.`, ""] });
      expect(first?.startsWith(`${COMMAND}: `), stderr).toBe(true);
      if (typeof reason === "string") expect(first!.slice(COMMAND.length + 2)).toBe(reason);
      else expect(first!.slice(COMMAND.length + 2)).toMatch(reason);
    }
  });

  it("exits 2 when a directory holds no YAML file", async () => {
    const dir = repo({ "empty/README.md": "no YAML here\n" });
    const { code, stdout, stderr } = await runCli(["empty"], dir);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toBe(`${COMMAND}: nothing to lint in empty: the plugin lints ${LINTED_PATTERNS}\n`);
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
    expect(stderr).toMatch(new RegExp(`^${COMMAND}: `, "u"));
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

describe("--format json: fixes and suggestions", () => {
  interface Fixable {
    ruleId: string;
    line: number;
    fix?: { range: [number, number]; text?: string };
    suggestions?: { desc: string; fix?: { range: [number, number]; text?: string } }[];
  }
  const applyFix = (text: string, fix: { range: [number, number]; text?: string }) => text.slice(0, fix.range[0]) + fix.text! + text.slice(fix.range[1]);

  it("keeps the text of fixes, so tools that apply ESLint's JSON fixes get what --fix writes", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN });
    const [result] = JSON.parse((await runCli(["--format", "json", "--rule", "require-publish-environment: off"], dir)).stdout) as { messages: Fixable[] }[];
    const fix = result!.messages.find((message) => message.ruleId === RULE)?.fix;
    expect(fix?.text).toEqual(expect.any(String));
    expect(applyFix(MISSING_ID_TOKEN, fix!)).toBe(FIXED);
  });

  it("keeps a fix's or suggestion's range but not its text where the text repeats a credential written in the file", async () => {
    const secret = "hunter2-correct-horse-battery";
    const workflow = publishWithJobEnv("NPM_TOKEN", secret);
    const dir = repo({ ".github/workflows/release.yml": workflow });
    const { stdout } = await runCli(["--format", "json"], dir);
    expect(stdout).not.toContain(secret);
    const [result] = JSON.parse(stdout) as { messages: Fixable[] }[];
    const suggestions = result!.messages.flatMap((message) => (message.suggestions ?? []).map((suggestion) => ({ rule: message.ruleId, ...suggestion })));
    // The migration's merged edit spans the job's env, secret included: its range only.
    const migration = suggestions.find((suggestion) => suggestion.rule === "trusted-publishing/prefer-trusted-publishing");
    expect(migration?.fix).toEqual({ range: [expect.any(Number), expect.any(Number)] });
    // Moving the credential to a secret writes only the reference: kept, and it applies.
    const moved = suggestions.find((suggestion) => suggestion.rule === "trusted-publishing/no-hardcoded-credentials");
    expect(moved?.fix?.text).toBe("${{ secrets.NPM_TOKEN }}");
    expect(applyFix(workflow, moved!.fix!)).toBe(workflow.replace(secret, "${{ secrets.NPM_TOKEN }}"));
  });

  it("never prints a token of a known shape in a fix's text, even one the file gives no credential name", async () => {
    const token = `ghp_${"Ab3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5"}`;
    const workflow = publishWithJobEnv("NOTE", token);
    const dir = repo({ ".github/workflows/release.yml": workflow });
    const { stdout } = await runCli(["--format", "json"], dir);
    expect(stdout).not.toContain(token.slice(4));
    const [result] = JSON.parse(stdout) as { messages: Fixable[] }[];
    // The migration's merged edit spans the job's env, where the token is.
    const migration = result!.messages.find((message) => message.ruleId === "trusted-publishing/prefer-trusted-publishing")?.suggestions?.[0];
    expect(migration?.fix).toEqual({ range: [expect.any(Number), expect.any(Number)] });
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
    expect(over.stderr).toBe(`${COMMAND}: 2 warnings, more than --max-warnings 1\n`);
    expect(JSON.parse(over.stdout)).toHaveLength(2); // the report is still complete
  });

  it("counts in the singular when there is one warning", async () => {
    const dir = repo({ ".github/workflows/a.yml": MISSING_ID_TOKEN, "eslint.config.js": onlyIdTokenConfig("warn") });
    const over = await runCli(["--config", "eslint.config.js", "--max-warnings", "0"], dir);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe(`${COMMAND}: 1 warning, more than --max-warnings 0\n`);
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
    expect(stdout).toContain(`${COMMAND}: linting 0/26 files`);
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

describe("what the command lints", () => {
  /** A Python project as it is checked out and set up: no workflows, JavaScript docs assets, a virtualenv. */
  const PYTHON_PROJECT = {
    "pyproject.toml": "[project]\nname = 'widgets'\n",
    "docs/custom.js": "document.addEventListener('DOMContentLoaded', () => { const x = ; });\n",
    "docs/theme.mjs": "export default {;\n",
    "mkdocs.yml": "site_name: widgets\n",
    ".pre-commit-config.yaml": "repos: []\n",
    ".venv/pyvenv.cfg": "home = /usr/bin\n",
    ".venv/lib/python3.12/site-packages/pkg/.github/workflows/release.yml": MISSING_ID_TOKEN,
    "env312/pyvenv.cfg": "home = /usr/bin\n",
    "env312/lib/site-packages/other/.github/workflows/release.yml": MISSING_ID_TOKEN,
    ".tox/py312/.github/workflows/release.yml": MISSING_ID_TOKEN,
    ".nox/tests/.github/workflows/release.yml": MISSING_ID_TOKEN,
    "node_modules/pkg/.github/workflows/release.yml": MISSING_ID_TOKEN,
    "build/lib/.github/workflows/release.yml": MISSING_ID_TOKEN,
    "dist/sdist/.github/workflows/release.yml": MISSING_ID_TOKEN,
    ".hg/store/.github/workflows/release.yml": MISSING_ID_TOKEN,
  };

  it("finds nothing to lint in a Python project without workflows: no JavaScript, nothing in virtualenvs, tox, node_modules, build or VCS folders", async () => {
    const dir = repo(PYTHON_PROJECT);
    const run = await runCli([], dir);
    expect(run).toEqual({ code: 2, stdout: "", stderr: `${COMMAND}: nothing to lint in .: the plugin lints ${LINTED_PATTERNS}\n` });
    // A folder holding only JavaScript is nothing to lint either.
    expect((await runCli(["docs"], dir)).code).toBe(2);
  });

  it("lints the project's workflows beside all that, and only them", async () => {
    const dir = repo({ ...PYTHON_PROJECT, ".github/workflows/release.yml": MISSING_ID_TOKEN, ".github/workflows/test.yaml": CLEAN, ".github/dependabot.yml": "version: 2\n" });
    const { code, stdout } = await runCli(["--format", "json"], dir);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as JsonResult[]).map((result) => path.relative(dir, result.filePath)).sort()).toEqual([
      path.join(".github", "workflows", "release.yml"),
      path.join(".github", "workflows", "test.yaml"),
    ]);
  });

  it("finds workflows at any depth (a monorepo's packages), as the configs' patterns do", async () => {
    const dir = repo({ "packages/a/.github/workflows/release.yml": MISSING_ID_TOKEN, "packages/b/ci.yml": MISSING_ID_TOKEN, "packages/b/.github/workflows/sub/x.yml": MISSING_ID_TOKEN });
    const { code, stdout } = await runCli(["--format", "json"], dir);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as JsonResult[]).map((result) => path.relative(dir, result.filePath))).toEqual([path.join("packages", "a", ".github", "workflows", "release.yml")]);
  });

  it("lints a path named on the command line even inside a skipped folder", async () => {
    const dir = repo({ "build/.github/workflows/release.yml": MISSING_ID_TOKEN });
    expect((await runCli([], dir)).code).toBe(2);
    const named = await runCli(["build"], dir);
    expect([named.code, named.stdout.includes(RULE)]).toEqual([1, true]);
  });

  it("lints a YAML file named on the command line wherever it is, as a workflow", async () => {
    const dir = repo({ "templates/release.yml": MISSING_ID_TOKEN });
    const run = await runCli(["templates/release.yml"], dir);
    expect([run.code, run.stdout.includes(RULE), run.stderr]).toEqual([1, true, ""]);
  });

  it("says a named file it cannot read (an action's metadata) was not linted, instead of passing it as clean, and lints a GitLab pipeline", async () => {
    const gitlab = ["stages: [deploy]", "publish:", "  stage: deploy", "  script:", "    - twine upload -u __token__ -p $PYPI_TOKEN dist/*", ""].join("\n");
    const action = ["name: My action", "runs:", "  using: node24", "  main: index.js", ""].join("\n");
    const dir = repo({ ".gitlab-ci.yml": gitlab, "action.yml": action, ".github/workflows/test.yml": CLEAN });
    const notLinted = (file: string) => `${COMMAND}: ${file}: not linted: not a GitHub Actions workflow, composite action or GitLab CI/CD pipeline\n`;
    const alone = await runCli(["action.yml"], dir);
    expect(alone).toEqual({ code: 2, stdout: "", stderr: `${notLinted("action.yml")}${COMMAND}: nothing to lint in action.yml: the plugin lints ${LINTED_PATTERNS}\n` });
    // Beside a workflow and a pipeline: their outcome, and the action named on stderr, not in the report.
    const mixed = await runCli(["--format", "json", "action.yml", ".gitlab-ci.yml", ".github/workflows/test.yml"], dir);
    expect([mixed.code, mixed.stderr]).toEqual([0, notLinted("action.yml")]);
    const results = JSON.parse(mixed.stdout) as JsonResult[];
    expect(results.map((result) => path.basename(result.filePath)).sort()).toEqual([".gitlab-ci.yml", "test.yml"]);
    const pipeline = results.find((result) => path.basename(result.filePath) === ".gitlab-ci.yml")!;
    expect(pipeline.messages.map((message) => message.ruleId)).toEqual(["trusted-publishing/prefer-trusted-publishing"]);
    // Found in a directory, the JavaScript action is left out without a word; a composite action is linted.
    writeFiles(dir, { ".github/actions/publish/action.yml": ["runs:", "  using: composite", "  steps:", "    - uses: actions/checkout@v4", ""].join("\n") });
    const walkedDir = await runCli(["--format", "json", "."], dir);
    expect(walkedDir.stderr).toBe("");
    expect((JSON.parse(walkedDir.stdout) as JsonResult[]).map((result) => path.relative(dir, result.filePath)).sort()).toEqual([
      ".github/actions/publish/action.yml",
      ".github/workflows/test.yml",
      ".gitlab-ci.yml",
    ]);
    // A directory walk finds GitLab pipelines and their included files.
    const walked = repo({ ".gitlab-ci.yml": gitlab, ".gitlab/ci/publish.yml": gitlab.replace("publish:", "other:"), "ci/notes.yml": "a: 1\n" });
    const all = await runCli(["--format", "json", "."], walked);
    expect((JSON.parse(all.stdout) as JsonResult[]).map((result) => path.relative(walked, result.filePath)).sort()).toEqual([".gitlab-ci.yml", ".gitlab/ci/publish.yml"]);
  });
});

describe("ESLint's options", () => {
  it("--rule sets a rule's level, named with or without the plugin's prefix, and several at once", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN });
    const json = async (args: string[]) => {
      const run = await runCli(["--format", "json", ...args], dir);
      return { code: run.code, rules: (JSON.parse(run.stdout) as JsonResult[])[0]!.messages.map((message) => `${message.ruleId}:${message.severity}`) };
    };
    const before = await json([]);
    expect(before.rules).toContain(`${RULE}:2`);
    expect(before.rules).toContain("trusted-publishing/require-publish-environment:1");
    expect(await json(["--rule", "require-id-token-permission: warn"])).toEqual({ code: 0, rules: before.rules.map((rule) => (rule === `${RULE}:2` ? `${RULE}:1` : rule)) });
    expect(await json(["--rule", `${RULE}: off`, "--rule", "{require-publish-environment: off}"])).toEqual({
      code: 0,
      rules: before.rules.filter((rule) => !rule.startsWith(RULE) && !rule.startsWith("trusted-publishing/require-publish-environment")),
    });
    // With options, as ESLint reads them.
    expect((await json(["--rule", `${RULE}: [error]`])).rules).toEqual(before.rules);
  });

  it("--rule passes on ESLint's own error for options a rule does not take", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN });
    const run = await runCli(["--rule", "no-outdated-actions: [error, {bogus: 1}]"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^${COMMAND}: Key "rules": Key "trusted-publishing/no-outdated-actions":`, "u"));
  });

  it("--quiet reports errors only, and warnings still count for --max-warnings", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN });
    const all = JSON.parse((await runCli(["--format", "json"], dir)).stdout) as JsonResult[];
    const warnings = all[0]!.messages.filter((message) => message.severity === 1).length;
    expect(warnings).toBeGreaterThan(0);
    const quiet = await runCli(["--format", "json", "--quiet"], dir);
    expect(quiet.code).toBe(1);
    expect((JSON.parse(quiet.stdout) as JsonResult[])[0]!.messages).toEqual(all[0]!.messages.filter((message) => message.severity === 2));
    // Only warnings left: a clean report and exit 0, unless --max-warnings counts them (as eslint does).
    const warningsOnly = ["--rule", `${RULE}: off`];
    expect(await runCli(["--quiet", ...warningsOnly], dir)).toEqual({ code: 0, stdout: "", stderr: "" });
    const counted = await runCli(["--quiet", "--max-warnings", "0", ...warningsOnly], dir);
    expect([counted.code, counted.stdout, counted.stderr]).toEqual([1, "", `${COMMAND}: ${warnings} warning${warnings === 1 ? "" : "s"}, more than --max-warnings 0\n`]);
  });

  it("--quiet --fix applies only the fixes of errors", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN, "eslint.config.js": onlyIdTokenConfig("warn") });
    await runCli(["--quiet", "--fix", "--config", "eslint.config.js"], dir);
    expect(readFileSync(path.join(dir, ".github/workflows/release.yml"), "utf8")).toBe(MISSING_ID_TOKEN);
    await runCli(["--fix", "--config", "eslint.config.js"], dir);
    expect(readFileSync(path.join(dir, ".github/workflows/release.yml"), "utf8")).toBe(FIXED);
  });

  it("--color forces colors where there is no terminal, --no-color turns them off", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN });
    expect((await runCli([], dir)).stdout).not.toMatch(ANSI);
    const colored = await runCli(["--color"], dir);
    expect(colored.stdout).toMatch(ANSI);
    expect(colored.stdout.replace(new RegExp(ANSI.source, "gu"), "")).toBe((await runCli([], dir)).stdout);
    expect((await runCli(["--no-color"], dir)).stdout).not.toMatch(ANSI);
  });

  it.skipIf(spawnSync("script", ["--version"]).status !== 0)("--no-color turns colors off on a terminal", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN });
    const command = (args: string[]) => [process.execPath, BIN, ...args].map((part) => `'${part}'`).join(" ");
    const env = { ...process.env, NO_COLOR: "" };
    const onTerminal = await runProcess("script", ["-qfec", command([]), "/dev/null"], { cwd: dir, env });
    expect(onTerminal.stdout).toMatch(ANSI);
    const plain = await runProcess("script", ["-qfec", command(["--no-color"]), "/dev/null"], { cwd: dir, env });
    expect(plain.stdout).toContain(RULE);
    expect(plain.stdout).not.toMatch(ANSI);
  });

  it("--ignore-pattern skips matching files, relative to the current directory, as eslint does", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN, ".github/workflows/legacy-release.yml": MISSING_ID_TOKEN, ".github/workflows/test.yml": CLEAN });
    const linted = async (args: string[], cwd = dir) =>
      (JSON.parse((await runCli(["--format", "json", ...args], cwd)).stdout) as JsonResult[]).map((result) => path.basename(result.filePath)).sort();
    expect(await linted(["--ignore-pattern", ".github/workflows/legacy-*"])).toEqual(["release.yml", "test.yml"]);
    expect(await linted(["--ignore-pattern", "**/legacy-*", "--ignore-pattern", "**/test.yml"])).toEqual(["release.yml"]);
    // From .github: the pattern is relative to where the command runs.
    expect(await linted(["--ignore-pattern", "workflows/release.yml", "."], path.join(dir, ".github"))).toEqual(["legacy-release.yml", "test.yml"]);
    expect(await linted(["--ignore-pattern", ".github/workflows/release.yml", "."], path.join(dir, ".github"))).toEqual(["legacy-release.yml", "release.yml", "test.yml"]);
    // A named file that a pattern ignores is said so, not linted.
    const named = await runCli(["--ignore-pattern", "**/release.yml", ".github/workflows/release.yml", ".github/workflows/test.yml"], dir);
    expect(named).toEqual({ code: 0, stdout: "", stderr: `${COMMAND}: .github/workflows/release.yml: not linted: an --ignore-pattern matches it\n` });
  });
});

describe("--config under npx", () => {
  it("imports the plugin and eslint/config from the command's own install when the project has neither", async () => {
    // A project with no node_modules anywhere above it: only the command's install has the packages.
    const dir = repo({
      ".github/workflows/release.yml": MISSING_ID_TOKEN,
      "eslint.config.mjs": CONFIG_IMPORTING_THE_PLUGIN,
    });
    expect(existsSync(path.join(path.dirname(dir), "node_modules"))).toBe(false);
    const run = await runCli(["--config", "eslint.config.mjs", "--format", "json"], dir);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const rules = (JSON.parse(run.stdout) as JsonResult[])[0]!.messages.map((message) => message.ruleId);
    expect(rules).toContain("trusted-publishing/require-publish-environment");
    expect(rules).not.toContain(RULE);
  });

  it("tells a CommonJS config that requires the plugin how to load it", async () => {
    const dir = repo({ ".github/workflows/release.yml": MISSING_ID_TOKEN, "eslint.config.cjs": 'module.exports = require("eslint-plugin-trusted-publishing").configs.recommended;\n' });
    const run = await runCli(["--config", "eslint.config.cjs"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `${COMMAND}: Cannot find module 'eslint-plugin-trusted-publishing' (from eslint.config.cjs): a CommonJS config can require() only what the project has installed; install it there, or write the config as an ES module (eslint.config.mjs), which can import the plugin from this command's own install\n`,
    );
  });
});
