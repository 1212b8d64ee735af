/**
 * `npx eslint-plugin-trusted-publishing migrate`, run as a process (`node dist/bin.js migrate`) in throw-away
 * repositories: what it writes (text, and the data it changes), that a second run changes
 * nothing, the dry run's diff (applies with git apply, writes nothing), the registration values
 * per registry (owner and repository from the git config of the repository holding the
 * workflow, a submodule's own), what it cannot migrate and why, exit codes, and that no secret is
 * ever printed.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ESLint, Linter } from "eslint";
import { removeDir, runCli, tempRepo, writeFiles } from "./helpers/cli.js";
import { gitlabRepository, removeGitlabRepositories } from "./helpers/gitlab.js";
import { changedPaths, dataOf, withRules } from "./helpers/fix.js";
import plugin from "../lib/index.js";
import { MAX_PASSES, MIGRATION_SUGGESTION, migrateFile } from "../lib/commands/migrate.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const ORIGIN = '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:acme/widgets.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n';

/** A repository whose origin is github.com/acme/widgets, holding `files`. */
function repo(files: Record<string, string>, config = ORIGIN): string {
  const dir = tempRepo(files, "tp-migrate-");
  writeFileSync(path.join(dir, ".git", "config"), config);
  dirs.push(dir);
  return dir;
}

const migrate = (args: readonly string[], cwd: string) => runCli(["migrate", ...args], cwd);
const read = (dir: string, file = ".github/workflows/release.yml") => readFileSync(path.join(dir, file), "utf8");

const lines = (...text: string[]) => `${text.join("\n")}\n`;

/** Two uploads of one job with tokens from secrets: the action's input and twine's variable. */
const TOKENS = lines(
  "name: Release",
  "on:",
  "  push:",
  '    tags: ["v*"]',
  "permissions:",
  "  contents: read",
  "jobs:",
  "  pypi:",
  "    runs-on: ubuntu-latest",
  "    environment: release",
  "    steps:",
  "      - uses: actions/checkout@v4",
  "      - run: python -m build",
  "      - name: Publish to TestPyPI",
  "        uses: pypa/gh-action-pypi-publish@release/v1",
  "        with:",
  "          password: ${{ secrets.TEST_PYPI_API_TOKEN }}",
  "          repository-url: https://test.pypi.org/legacy/",
  "      - name: Publish to PyPI",
  "        run: twine upload dist/*",
  "        env:",
  "          TWINE_USERNAME: __token__",
  "          TWINE_PASSWORD: ${{ secrets.PYPI_API_TOKEN }}",
);

const MIGRATED = lines(
  "name: Release",
  "on:",
  "  push:",
  '    tags: ["v*"]',
  "permissions:",
  "  contents: read",
  "jobs:",
  "  pypi:",
  "    permissions:",
  "      contents: read",
  "      id-token: write",
  "    runs-on: ubuntu-latest",
  "    environment: release",
  "    steps:",
  "      - uses: actions/checkout@v4",
  "      - run: python -m build",
  "      - name: Publish to TestPyPI",
  "        uses: pypa/gh-action-pypi-publish@release/v1",
  "        with:",
  "          repository-url: https://test.pypi.org/legacy/",
  "      - name: Publish to PyPI",
  "        run: twine upload dist/*",
  "        env:",
  "          TWINE_USERNAME: __token__",
);

const REPORT = lines(
  ".github/workflows/release.yml",
  "  migrated: step 'Publish to TestPyPI' of job 'pypi' (TestPyPI)",
  "  migrated: step 'Publish to PyPI' of job 'pypi' (PyPI)",
  "",
  "Register these trusted publishers, then delete the token secrets and revoke the tokens:",
  "",
  "PyPI",
  "  index:       TestPyPI",
  "  page:        https://test.pypi.org/manage/account/publishing/",
  "  owner:       acme",
  "  repository:  widgets",
  "  workflow:    release.yml",
  "  environment: release",
  "",
  "  page:        https://pypi.org/manage/account/publishing/",
  "  owner:       acme",
  "  repository:  widgets",
  "  workflow:    release.yml",
  "  environment: release",
  "",
  "Migrated 2 uploads in 1 file.",
);

describe("migrate", () => {
  it("applies every migration of a file, reports them and the registration values, and exits 0", async () => {
    const dir = repo({ ".github/workflows/release.yml": TOKENS });
    const run = await migrate([], dir);
    expect(run).toEqual({ code: 0, stdout: REPORT, stderr: "" });
    const written = read(dir);
    expect(written).toBe(MIGRATED);
    // The YAML parses, and only the intended values changed: the two credentials went, the job got id-token.
    expect(changedPaths(dataOf(TOKENS), dataOf(written)).map((at) => at.join(".")).sort()).toEqual([
      "jobs.pypi.permissions",
      "jobs.pypi.steps.2.with.password",
      "jobs.pypi.steps.3.env.TWINE_PASSWORD",
    ]);
    expect((dataOf(written) as { jobs: { pypi: { permissions: unknown } } }).jobs.pypi.permissions).toEqual({ contents: "read", "id-token": "write" });
  });

  it("changes nothing on a second run, and says there is nothing to migrate", async () => {
    const dir = repo({ ".github/workflows/release.yml": TOKENS });
    await migrate([], dir);
    const again = await migrate([], dir);
    expect(again).toEqual({ code: 0, stdout: "Nothing to migrate: no upload with a long-lived token in 1 workflow file.\n", stderr: "" });
    expect(read(dir)).toBe(MIGRATED);
  });

  it("names the workflow file each registry matches when the upload is in a called workflow, and passes over composite actions", async () => {
    const caller = lines("on:", "  push:", "    tags: ['v*']", "jobs:", "  publish:", "    uses: ./.github/workflows/publish.yml", "    secrets: inherit", "    permissions:", "      contents: read");
    const callee = lines(
      "on: workflow_call",
      "jobs:",
      "  npm:",
      "    runs-on: ubuntu-latest",
      "    environment: npm",
      "    steps:",
      "      - uses: actions/checkout@v4",
      "      - uses: actions/setup-node@v4",
      "        with:",
      "          node-version: 24",
      "          registry-url: https://registry.npmjs.org",
      "      - run: npm publish",
      "        env:",
      "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}",
    );
    const action = lines("runs:", "  using: composite", "  steps:", "    - run: npm publish", "      shell: bash");
    const dir = repo({ ".github/workflows/release.yml": caller, ".github/workflows/publish.yml": callee, ".github/actions/publish/action.yml": action });
    const dry = await migrate(["--dry-run"], dir);
    expect(dry.stderr).toContain("  workflow:    release.yml (the workflow that calls `publish.yml`: npm matches the caller)\n");
    expect(dry.stderr).not.toContain("action.yml");
    const named = await migrate(["--dry-run", ".github/actions/publish/action.yml"], dir);
    expect(named.stderr).toContain("eslint-plugin-trusted-publishing migrate: .github/actions/publish/action.yml: not migrated: an action is migrated in the workflows that use it\n");
  });

  it("writes what the editor's suggestion gives, applied until none is offered", async () => {
    const dir = repo({ ".github/workflows/release.yml": TOKENS });
    await migrate([], dir);
    // The editor: apply the first migration suggestion of prefer-trusted-publishing, lint again.
    const linter = new Linter({ configType: "flat" });
    const config = withRules(["prefer-trusted-publishing"]);
    let text = TOKENS;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const suggestion = linter.verify(text, config, { filename: "release.yml" }).flatMap((message) => message.suggestions ?? [])[0];
      if (!suggestion) break;
      expect(suggestion.messageId).toBe(MIGRATION_SUGGESTION);
      text = text.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + text.slice(suggestion.fix.range[1]);
    }
    expect(read(dir)).toBe(text);
  });

  it("--dry-run writes nothing, prints a diff that git apply turns into what a real run writes, and the report on stderr", async () => {
    const dir = repo({ ".github/workflows/release.yml": TOKENS });
    const dry = await migrate(["--dry-run"], dir);
    expect(dry.code).toBe(0);
    expect(read(dir)).toBe(TOKENS);
    expect(dry.stdout).toMatch(/^--- a\/\.github\/workflows\/release\.yml\n\+\+\+ b\/\.github\/workflows\/release\.yml\n@@ /u);
    expect(dry.stdout).toContain("-          TWINE_PASSWORD: ${{ secrets.PYPI_API_TOKEN }}\n");
    expect(dry.stderr).toBe(REPORT.replaceAll("  migrated:", "  would migrate:").replace("Register these trusted publishers,", "Register these trusted publishers when you apply the edits,").replace("Migrated 2", "Would migrate 2"));

    const copy = mkdtempSync(path.join(tmpdir(), "tp-migrate-apply-"));
    dirs.push(copy);
    cpSync(path.join(dir, ".github"), path.join(copy, ".github"), { recursive: true });
    writeFileSync(path.join(copy, "migrate.diff"), dry.stdout);
    execFileSync("git", ["apply", "migrate.diff"], { cwd: copy });
    expect(read(copy)).toBe(MIGRATED);
  });

  it("names the submodule's own repository, not its superproject's", async () => {
    const dir = repo({ "vendor/core/.git": "gitdir: ../../.git/modules/vendor/core\n", "vendor/core/.github/workflows/release.yml": TOKENS });
    writeFiles(dir, { ".git/modules/vendor/core/config": '[remote "origin"]\n\turl = https://github.com/acme-labs/core.git\n' });
    const run = await migrate(["vendor/core"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("  owner:       acme-labs\n  repository:  core\n  workflow:    release.yml\n");
    expect(run.stdout).not.toContain("widgets");
  });

  it("says where the owner and repository are not known", async () => {
    const dir = repo({ ".github/workflows/release.yml": TOKENS }, '[remote "origin"]\n\turl = https://gitlab.com/acme/widgets.git\n');
    const run = await migrate([], dir);
    expect(run.stdout).toContain("  owner:       (not found: the repository's git config has no github.com `origin` remote)\n");
  });

  it("reports what it cannot migrate with the reason on one line, migrates the rest, and exits 1", async () => {
    const workflow = lines(
      "on: push",
      "jobs:",
      "  poetry:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: |",
      "          poetry build",
      "          poetry publish -u __token__ -p ${{ secrets.PYPI }}",
      "  twine:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: twine upload dist/*",
      "        env:",
      "          TWINE_PASSWORD: ${{ secrets.PYPI }}",
    );
    const dir = repo({ ".github/workflows/release.yml": workflow });
    const run = await migrate([], dir);
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n").slice(0, 3)).toEqual([
      ".github/workflows/release.yml",
      "  migrated: step 1 of job 'twine' (PyPI)",
      "  not migrated: step 1 of job 'poetry' (PyPI): poetry cannot do trusted publishing and the step does more than the upload: move the upload to pypa/gh-action-pypi-publish by hand",
    ]);
    expect(run.stdout).toMatch(/\nMigrated 1 upload in 1 file\. 1 upload could not be migrated\.\n$/u);
    // The migrated job gets PyPI's suggested environment too; the job left as it was gets nothing.
    expect(changedPaths(dataOf(workflow), dataOf(read(dir))).map((at) => at.join(".")).sort()).toEqual(["jobs.twine.environment", "jobs.twine.permissions", "jobs.twine.steps.0.env"]);
    // Still 1: what is left stays left, and nothing more is written.
    const again = await migrate([], dir);
    expect(again.code).toBe(1);
    expect(again.stdout).not.toContain("  migrated:");
  });

  it("migrates a publish hidden in a package script (read from the repository's package.json), and leaves one in a script file to the user", async () => {
    const workflow = lines(
      "on:",
      "  push:",
      "    branches: [main]",
      "jobs:",
      "  release:",
      "    runs-on: ubuntu-latest",
      "    environment: release",
      "    steps:",
      "      - name: Publish with changesets",
      "        uses: changesets/action@v1",
      "        with:",
      "          publish: pnpm changeset:publish",
      "        env:",
      "          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}",
      "          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
      "  script:",
      "    runs-on: ubuntu-latest",
      "    environment: release",
      "    steps:",
      "      - name: Publish with a script",
      "        run: ./scripts/publish.sh",
      "        env:",
      "          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
    );
    const dir = repo({
      ".github/workflows/release.yml": workflow,
      "package.json": '{ "private": true, "scripts": { "changeset:publish": "pnpm build && changeset publish" } }\n',
      "scripts/publish.sh": 'echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc\nnpm publish\n',
    });
    const run = await migrate([], dir);
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n").slice(0, 3)).toEqual([
      ".github/workflows/release.yml",
      "  migrated: step 'Publish with changesets' of job 'release' (npm)",
      expect.stringMatching(/^ {2}not migrated: step 'Publish with a script' of job 'script' \(npm\): /u),
    ]);
    expect(changedPaths(dataOf(workflow), dataOf(read(dir))).map((at) => at.join(".")).sort()).toEqual(["jobs.release.permissions", "jobs.release.steps.0.env.NPM_TOKEN"]);
  });

  it("never prints a credential written in the file: the diff masks it and says it does not apply", async () => {
    const token = `pypi-AgEIcHlwaS5vcmc${"A1b2C3d4".repeat(8)}`;
    const password = "correct-horse-battery-staple-42";
    const workflow = lines(
      "on: push",
      "jobs:",
      "  publish:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - uses: pypa/gh-action-pypi-publish@release/v1",
      "        with:",
      `          password: ${token}`,
      "      - run: twine upload dist/*",
      "        env:",
      "          TWINE_USERNAME: someone",
      `          TWINE_PASSWORD: "${password}"`,
    );
    const dir = repo({ ".github/workflows/release.yml": workflow });
    const dry = await migrate(["--dry-run"], dir);
    const real = await migrate([], dir);
    for (const output of [dry.stdout, dry.stderr, real.stdout, real.stderr]) {
      expect(output).not.toContain(token.slice(5));
      expect(output).not.toContain(password);
    }
    expect(dry.stdout).toContain("-          password: ***\n");
    expect(dry.stdout).toContain('-          TWINE_PASSWORD: "***"\n');
    expect(dry.stderr).toContain("the diff of .github/workflows/release.yml hides a credential written in the file, so it does not apply as printed\n");
    expect(real.code).toBe(0);
    expect(read(dir)).not.toContain(password);
  });

  it("reports a file that is not valid YAML and exits 1, migrating the others", async () => {
    const dir = repo({ ".github/workflows/release.yml": TOKENS, ".github/workflows/broken.yml": "jobs: [\n" });
    const run = await migrate([], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^\.github\/workflows\/broken\.yml\n {2}not read: not valid YAML \(line \d+: .+\)\n/u);
    expect(read(dir)).toBe(MIGRATED);
    expect(read(dir, ".github/workflows/broken.yml")).toBe("jobs: [\n");
  });
});

describe("migrate: usage and exit codes", () => {
  it("--help documents the option and the exit codes; the main help names the subcommand", async () => {
    const help = await migrate(["--help"], process.cwd());
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npx eslint-plugin-trusted-publishing migrate /u);
    for (const option of ["--dry-run", "--environment <name>", "--no-environment", "--ignore-pattern"]) expect(help.stdout).toContain(option);
    const exitCodes = help.stdout.slice(help.stdout.indexOf("Exit codes:")).split("\n");
    for (const code of ["0", "1", "2"]) expect(exitCodes.some((line) => line.startsWith(`  ${code}  `))).toBe(true);
    expect((await runCli(["--help"], process.cwd())).stdout).toContain("npx eslint-plugin-trusted-publishing migrate [options] [path ...]");
  });

  it("exits 2 on bad usage, with the reason and a pointer to its --help", async () => {
    const dir = repo({ ".github/workflows/release.yml": TOKENS, "README.md": "# no\n" });
    const cases: [string[], string][] = [
      [["--fix"], "unknown option '--fix'"],
      [["--dry-run=yes"], "--dry-run takes no value"],
      [["missing"], "no such file or directory: missing"],
      [["README.md"], "not a YAML file (*.yml, *.yaml): README.md"],
      [["--environment"], "--environment needs a value"],
      [["--environment", "--dry-run"], "--environment needs a value"],
      [["--environment="], "--environment takes an environment name, not ''"],
      [["--environment", "release", "--no-environment"], "--environment and --no-environment cannot be used together"],
      [["--no-environment=yes"], "--no-environment takes no value"],
    ];
    for (const [args, reason] of cases) {
      expect(await migrate(args, dir)).toEqual({ code: 2, stdout: "", stderr: `eslint-plugin-trusted-publishing migrate: ${reason}\nSee 'eslint-plugin-trusted-publishing migrate --help'.\n` });
    }
    expect(read(dir)).toBe(TOKENS);
  });

  it("exits 2 when there is no workflow file", async () => {
    const dir = repo({ "README.md": "# no workflows\n" });
    expect(await migrate([], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: `eslint-plugin-trusted-publishing migrate: nothing to migrate in .: the plugin lints ${plugin.files.join(", ")}\n`,
    });
  });
});

describe("migrate: deployment environments", () => {
  /** Two jobs without an environment: twine (PyPI) and npm, with tokens from secrets. */
  const NO_ENVIRONMENT = lines(
    "on:",
    "  push:",
    '    tags: ["v*"]',
    "jobs:",
    "  pypi:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - run: twine upload dist/*",
    "        env:",
    "          TWINE_PASSWORD: ${{ secrets.PYPI }}",
    "  npm:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/setup-node@v7",
    "        with:",
    "          node-version: 24",
    "          registry-url: https://registry.npmjs.org",
    "      - run: npm publish",
    "        env:",
    "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}",
    "  docs:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - run: mkdocs build",
  );
  const environments = (text: string) => {
    const { jobs } = dataOf(text) as { jobs: Record<string, { environment?: unknown }> };
    return Object.fromEntries(Object.entries(jobs).map(([id, job]) => [id, job.environment]));
  };
  const environmentFindings = async (dir: string) => {
    const run = await runCli(["--format", "json"], dir);
    return (JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[]).flatMap((result) => result.messages).filter((message) => message.ruleId === "trusted-publishing/require-publish-environment");
  };

  it("gives each migrated job the environment its registry suggests, names it in the registration values, and leaves the repository clean of require-publish-environment", async () => {
    const dir = repo({ ".github/workflows/release.yml": NO_ENVIRONMENT });
    const run = await migrate([], dir);
    expect(run.code).toBe(0);
    const written = read(dir);
    expect(environments(written)).toEqual({ pypi: "pypi", npm: "release", docs: undefined });
    // Only the intended values changed: per job, the credential, the grant and the environment.
    expect(changedPaths(dataOf(NO_ENVIRONMENT), dataOf(written)).map((at) => at.join(".")).sort()).toEqual([
      "jobs.npm.environment",
      "jobs.npm.permissions",
      "jobs.npm.steps.1.env",
      "jobs.pypi.environment",
      "jobs.pypi.permissions",
      "jobs.pypi.steps.0.env",
    ]);
    expect(run.stdout).toContain("PyPI\n  page:        https://pypi.org/manage/account/publishing/\n  owner:       acme\n  repository:  widgets\n  workflow:    release.yml\n  environment: pypi\n");
    expect(run.stdout).toMatch(/\nnpm\n(?: {2}.*\n)* {2}environment: release\n/u);
    expect(await environmentFindings(dir)).toEqual([]);
    // A second run has nothing left to do.
    expect((await migrate([], dir)).stdout).toBe("Nothing to migrate: no upload with a long-lived token in 1 workflow file.\n");
    expect(read(dir)).toBe(written);
  });

  it("--environment names the environment of every migrated job", async () => {
    const dir = repo({ ".github/workflows/release.yml": NO_ENVIRONMENT });
    const run = await migrate(["--environment", "publish to registries"], dir);
    expect(run.code).toBe(0);
    expect(environments(read(dir))).toEqual({ pypi: "publish to registries", npm: "publish to registries", docs: undefined });
    expect(run.stdout.match(/ {2}environment: publish to registries\n/gu)).toHaveLength(2);
    expect(await environmentFindings(dir)).toEqual([]);
  });

  it("--no-environment leaves migrated jobs without one, and a job that has one keeps it", async () => {
    const dir = repo({ ".github/workflows/release.yml": NO_ENVIRONMENT, ".github/workflows/other.yml": TOKENS });
    const run = await migrate(["--no-environment"], dir);
    expect(run.code).toBe(0);
    expect(environments(read(dir))).toEqual({ pypi: undefined, npm: undefined, docs: undefined });
    expect((await environmentFindings(dir)).length).toBe(2);
    expect(read(dir, ".github/workflows/other.yml")).toBe(MIGRATED);
    const again = repo({ ".github/workflows/other.yml": TOKENS });
    await migrate(["--environment", "elsewhere"], again);
    expect(read(again, ".github/workflows/other.yml")).toBe(MIGRATED);
  });

  it("--dry-run shows the environment in its diff, which applies", async () => {
    const dir = repo({ ".github/workflows/release.yml": NO_ENVIRONMENT });
    const dry = await migrate(["--dry-run"], dir);
    expect(dry.stdout).toContain("+    environment: pypi\n");
    expect(read(dir)).toBe(NO_ENVIRONMENT);
    writeFileSync(path.join(dir, "migrate.diff"), dry.stdout);
    execFileSync("git", ["apply", "migrate.diff"], { cwd: dir });
    const applied = read(dir);
    const real = repo({ ".github/workflows/release.yml": NO_ENVIRONMENT });
    await migrate([], real);
    expect(applied).toBe(read(real));
  });
});

describe("migrate: what it reads", () => {
  it("says a named file that is not a workflow was not migrated, and --ignore-pattern skips files", async () => {
    const dir = repo({ ".github/workflows/release.yml": TOKENS, "notes.yml": "a: 1\n" });
    const notes = await migrate(["notes.yml"], dir);
    expect(notes.code).toBe(2);
    expect(notes.stderr).toBe(
      "eslint-plugin-trusted-publishing migrate: notes.yml: not migrated: not a GitHub Actions workflow or GitLab CI/CD pipeline\n" +
        `eslint-plugin-trusted-publishing migrate: nothing to migrate in notes.yml: the plugin lints ${plugin.files.join(", ")}\n`,
    );
    const ignored = await migrate(["--ignore-pattern", "**/release.yml"], dir);
    expect(ignored.code).toBe(2);
    expect(read(dir)).toBe(TOKENS);
  });
});

describe("migrate: never writes YAML that does not parse", () => {
  it("undoes a pass whose result does not parse, and reports the upload as not migrated", async () => {
    const dir = repo({ ".github/workflows/release.yml": TOKENS });
    const file = path.join(dir, ".github/workflows/release.yml");
    // A stand-in for prefer-trusted-publishing whose migration breaks the YAML.
    const broken = {
      meta: { type: "suggestion", hasSuggestions: true, schema: [], messages: { found: "Found.", [MIGRATION_SUGGESTION]: "Migrate." } },
      create: (context: { report: (report: unknown) => void; sourceCode: { text: string } }) => ({
        Program(node: unknown) {
          context.report({ node, messageId: "found", suggest: [{ messageId: MIGRATION_SUGGESTION, fix: (fixer: { insertTextAfterRange: (range: [number, number], text: string) => unknown }) => fixer.insertTextAfterRange([0, 0], "jobs: [\n") }] });
        },
      }),
    };
    const eslint = new ESLint({
      cwd: path.parse(dir).root,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ["**/*.yml"],
          plugins: { "trusted-publishing": { languages: plugin.languages, rules: { "prefer-trusted-publishing": broken as never } } },
          language: "trusted-publishing/yaml",
          rules: { "trusted-publishing/prefer-trusted-publishing": "error" },
        },
      ],
    });
    const [first] = await eslint.lintFiles([file]);
    const outcome = await migrateFile(eslint, first!);
    expect(outcome.after).toBe(TOKENS);
    expect(outcome.migrated).toEqual([]);
    expect(outcome.left).toEqual([{ label: "the upload at line 1", reason: expect.stringMatching(/^a migration in this file would leave YAML that does not parse \(line \d+\), so it was not applied$/u) as unknown }]);
  });
});

describe("migrate on GitLab CI/CD pipelines", () => {
  afterAll(removeGitlabRepositories);

  it("declares the client's id_tokens entry, removes the job's token variable, gives the job an environment, and lists GitLab's registration fields", async () => {
    const root = gitlabRepository("pypi-token");
    const before = readFileSync(path.join(root, ".gitlab-ci.yml"), "utf8");
    const run = await migrate([], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("  migrated: `script` of job 'upload_pypi' (PyPI)\n");
    expect(run.stdout).toContain("  not migrated: `script` of job 'upload_pypi_exported' (PyPI)");
    expect(run.stdout).toContain("  namespace:               (the GitLab group or user that owns the project)\n");
    expect(run.stdout).toContain("  top-level pipeline file: .gitlab-ci.yml\n");
    const after = readFileSync(path.join(root, ".gitlab-ci.yml"), "utf8");
    expect(changedPaths(dataOf(before), dataOf(after)).map((at) => at.join(".")).sort()).toEqual([
      "upload_pypi.environment",
      "upload_pypi.id_tokens",
      "upload_pypi.variables.TWINE_PASSWORD",
    ]);
    const job = (dataOf(after) as Record<string, { id_tokens: unknown; environment: unknown }>).upload_pypi!;
    expect([job.id_tokens, job.environment]).toEqual([{ PYPI_ID_TOKEN: { aud: "pypi" } }, "pypi"]);
    // Twice: nothing more to migrate in that job.
    const again = await migrate([], root);
    expect(again.stdout).not.toContain("migrated: `script` of job 'upload_pypi' ");
    expect(readFileSync(path.join(root, ".gitlab-ci.yml"), "utf8")).toBe(after);
  });
});
