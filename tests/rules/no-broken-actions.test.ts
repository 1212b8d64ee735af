/**
 * no-broken-actions against the small frozen data set in tests/fixtures/action-data (as
 * no-outdated-actions' tests), so that refreshing lib/data does not change these expectations.
 * The two rules share one analysis: a ref is reported by exactly one of them, by whether its
 * step is known to fail.
 */
import { expectQuietOnGitlab } from "../helpers/gitlab.js";
import { describe, expect, it, vi } from "vitest";
import rule from "../../lib/rules/no-broken-actions.js";
import { ruleTester, yaml } from "../helpers/rule-tester.js";
import { changedPaths, dataOf, fix, lint, withRules } from "../helpers/fix.js";
import { FIXTURE_UPSTREAM } from "../helpers/action-data.js";

vi.mock("../../lib/data/compiled.js", () => import("../helpers/action-data.js").then((module) => module.fixtureModule()));

/** A one-job workflow on `push` whose steps are the given `uses:` lines (each written after `- uses: `). */
function steps(...uses: string[]): string {
  return ["on: push", "jobs:", "  build:", "    runs-on: ubuntu-latest", "    steps:", ...uses.map((u) => `      - uses: ${u}`), ""].join("\n");
}

const asOf = (action: string) => (FIXTURE_UPSTREAM.actions[action] as unknown as { snapshot: { date: string } }).snapshot.date;

const ARTIFACTS_GONE = "fails on GitHub.com, which shut down the artifact actions before v4";

const BOTH_V3 = `${steps("actions/upload-artifact@v3")}        with: {include-hidden-files: true}\n      - uses: actions/download-artifact@v3\n`;

const MATRIX_UPLOAD = yaml`
  on: push
  jobs:
    build:
      runs-on: ubuntu-latest
      strategy: {matrix: {os: [a, b]}}
      steps:
        - uses: actions/upload-artifact@v3
          with: {name: dist, path: dist, include-hidden-files: true}
`;

ruleTester().run("no-broken-actions", rule, {
  valid: [
    // Refs that run, whatever else is true of them: no-outdated-actions' findings.
    steps("actions/checkout@v2", "actions/setup-python@v2", "actions/checkout@master", "actions/create-release@v1", "pypa/gh-action-pypi-publish@master"),
    // Current releases; refs the data does not know; branches it does not judge.
    steps("actions/cache@v5", "actions/upload-artifact@v4", "pypa/gh-action-pypi-publish@release/v1", "octo-org/some-action@v1", "actions/cache@v9"),
    // Not a workflow.
    "steps:\n  - uses: actions/cache@v2\n",
  ],
  invalid: [
    // A release that talks to a shut-down service: the fix moves it to the newest release that does not.
    {
      code: steps("actions/cache@v2"),
      output: steps("actions/cache@v5"),
      errors: [{ message: "`actions/cache@v2` fails: it uses the cache service that GitHub shut down.", line: 6, column: 15 }],
    },
    // A moving tag is judged by its release, an exact one too.
    { code: steps("actions/cache@v2.1.8"), output: steps("actions/cache@v5.0.5"), errors: [{ messageId: "failingRef" }] },
    // A ref the action does not publish: the job fails before it starts.
    {
      code: steps("pypa/gh-action-pypi-publish@v1"),
      output: steps("pypa/gh-action-pypi-publish@release/v1"),
      errors: [{ message: "`pypa/gh-action-pypi-publish@v1` does not exist: `pypa/gh-action-pypi-publish` publishes no `v1` tag or branch." }],
    },
    // Cross-step: download-artifact v4 cannot read what upload-artifact v3 uploaded in the same run,
    // so with an upload v4 the download may cross v4; v8's digest check applies to every step.
    {
      code: steps("actions/upload-artifact@v4", "actions/download-artifact@v3"),
      output: steps("actions/upload-artifact@v4", "actions/download-artifact@v7"),
      errors: [
        {
          message: `\`actions/download-artifact@v3\` ${ARTIFACTS_GONE}.`,
          line: 7,
          suggestions: [
            {
              messageId: "upgradeBreaking",
              data: { target: "actions/download-artifact@v8", change: "v8: fails the step on a digest mismatch by default; 1 more change" },
              output: steps("actions/upload-artifact@v4", "actions/download-artifact@v8"),
            },
          ],
        },
      ],
    },
    // Both v3: each stops the other's v4, so neither is fixed; the suggestions say why.
    {
      code: BOTH_V3,
      output: null,
      errors: [
        {
          messageId: "failingRef",
          suggestions: [
            {
              messageId: "upgradeBreaking",
              data: { target: "actions/upload-artifact@v7", change: "v4: download-artifact v3 or older cannot read its artifacts" },
              output: BOTH_V3.replace("upload-artifact@v3", "upload-artifact@v7"),
            },
          ],
        },
        {
          messageId: "failingRef",
          suggestions: [
            { messageId: "upgradeBreaking", output: BOTH_V3.replace("download-artifact@v3", "download-artifact@v8") },
            {
              messageId: "upgradeBreaking",
              data: { target: "actions/download-artifact@v7", change: "v4: cannot read artifacts that upload-artifact v3 or older uploaded" },
              output: BOTH_V3.replace("download-artifact@v3", "download-artifact@v7"),
            },
          ],
        },
      ],
    },
    // Artifact names unique since upload-artifact v4: a matrix uploading one name stops before it.
    {
      code: MATRIX_UPLOAD,
      output: null,
      errors: [
        {
          message: `\`actions/upload-artifact@v3\` ${ARTIFACTS_GONE}.`,
          suggestions: [{ messageId: "upgradeBreaking", data: { target: "actions/upload-artifact@v7", change: "v4: artifact names must be unique within a run" }, output: MATRIX_UPLOAD.replace("@v3", "@v7") }],
        },
      ],
    },
    {
      code: MATRIX_UPLOAD.replace("name: dist,", 'name: "dist-${{ matrix.os }}",'),
      output: MATRIX_UPLOAD.replace("name: dist,", 'name: "dist-${{ matrix.os }}",').replace("@v3", "@v7"),
      errors: 1,
    },
    // Through YAML anchors and aliases: reported, never edited.
    {
      code: "on: push\nx-cache: &cache actions/cache@v2\njobs:\n  build:\n    steps:\n      - uses: *cache\n",
      output: null,
      errors: [{ messageId: "failingRef", suggestions: [] }],
    },
  ],
});

describe("no-broken-actions and no-outdated-actions split one analysis", () => {
  const both = withRules(["no-broken-actions", "no-outdated-actions"]);

  it("report every ref once, by whether its step is known to fail", () => {
    const code = steps("actions/cache@v2", "actions/checkout@v2", "pypa/gh-action-pypi-publish@v1", "actions/create-release@v1", "actions/download-artifact@v3");
    const reports = lint(code, both).map((message) => `${message.line} ${message.ruleId?.replace("trusted-publishing/", "")} ${message.messageId}`);
    expect(reports).toEqual([
      "6 no-broken-actions failingRef",
      "7 no-outdated-actions outdatedRuntime",
      "8 no-broken-actions missingRef",
      "9 no-outdated-actions archivedAction",
      "10 no-broken-actions failingRef",
    ]);
  });

  it("say as of when the newest release is known in suggestions", () => {
    const [report] = lint(steps("actions/cache@v2").replace("      - uses: actions/cache@v2", "      - uses: actions/cache@v2\n        with: {key: x, path: y}"), withRules(["no-broken-actions"]));
    expect(report?.fix).toBeDefined();
    const [upload] = lint(MATRIX_UPLOAD, withRules(["no-broken-actions"]));
    expect(upload?.suggestions?.map((suggestion) => suggestion.desc)).toEqual(["Upgrade to `actions/upload-artifact@v7` (v4: artifact names must be unique within a run)."]);
    const [branch] = lint(steps("pypa/gh-action-pypi-publish@v1"), withRules(["no-broken-actions"]));
    expect(branch?.message).not.toMatch(/latest/u);
    expect(asOf("pypa/gh-action-pypi-publish")).toBe("2024-03-08");
  });

  it("fix with only the refs changing, re-parsed, converging in one pass", () => {
    const code = steps("actions/cache@v2", "'actions/cache@v2.1.8' # cache", "pypa/gh-action-pypi-publish@v1", "actions/checkout@v2");
    const result = fix(code, withRules(["no-broken-actions"]));
    expect(result.output).toBe(steps("actions/cache@v5", "'actions/cache@v5.0.5' # cache", "pypa/gh-action-pypi-publish@release/v1", "actions/checkout@v2"));
    expect(fix(result.output, withRules(["no-broken-actions"])).fixed).toBe(false);
    const paths = changedPaths(dataOf(code), dataOf(result.output));
    expect(paths).toEqual([
      ["jobs", "build", "steps", 0, "uses"],
      ["jobs", "build", "steps", 1, "uses"],
      ["jobs", "build", "steps", 2, "uses"],
    ]);
    // Both rules together fix everything they can in one run, and then nothing is left to fix.
    const all = fix(code, both);
    expect(all.output).toBe(steps("actions/cache@v5", "'actions/cache@v5.0.5' # cache", "pypa/gh-action-pypi-publish@release/v1", "actions/checkout@v7"));
    expect(fix(all.output, both).fixed).toBe(false);
  });
});

describe("GitLab CI/CD", () => {
  it("stays quiet on GitLab pipelines (a GitHub Actions rule)", () => {
    const code = yaml`
      on: push
      jobs:
        publish:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/upload-artifact@v3
      release:
        script: twine upload dist/*
    `;
    expectQuietOnGitlab("no-broken-actions", code);
  });
});
