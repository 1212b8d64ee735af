/**
 * no-outdated-actions against the small frozen data set in tests/fixtures/action-data, so that
 * refreshing lib/data does not change these expectations (tests/data/actions.test.ts checks the
 * real data's invariants).
 */
import { expectQuietOnGitlab } from "../helpers/gitlab.js";
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import rule from "../../lib/rules/no-outdated-actions.js";
import { ruleTester, yaml } from "../helpers/rule-tester.js";
import { changedPaths, dataOf, fix, lint, withRules } from "../helpers/fix.js";
import { FIXTURE_UPSTREAM } from "../helpers/action-data.js";

vi.mock("../../lib/data/compiled.js", () => import("../helpers/action-data.js").then((module) => module.fixtureModule()));

/** A one-job workflow on `push` whose steps are the given `uses:` lines (each written after `- uses: `). */
function steps(...uses: string[]): string {
  return ["on: push", "jobs:", "  build:", "    runs-on: ubuntu-latest", "    steps:", ...uses.map((u) => `      - uses: ${u}`), ""].join("\n");
}

/** Commit SHAs of the fixture data (read from each action's repository). */
const CHECKOUT = {
  "v4.2.2": "11bd71901bbe5b1630ceea73d27597364c9af683",
  "v7.0.1": "3d3c42e5aac5ba805825da76410c181273ba90b1",
};
const DOWNLOAD = { "v4.3.0": "d3f86a106a0bac45b974a628896c90dbdf5c8093", "v7.0.0": "37930b1c2abaa49bbe596cd826c3c89aef350131" };
const UNKNOWN_SHA = "0123456789abcdef0123456789abcdef01234567";
/** The date of the fixture's actions/checkout snapshot: "the newest release" is the newest known as of it. */
const CHECKOUT_AS_OF = (FIXTURE_UPSTREAM.actions["actions/checkout"] as unknown as { snapshot: { date: string } }).snapshot.date;

const seedSecure = readFileSync(new URL("../../examples/seed-secure.yml", import.meta.url), "utf8");
const seedInsecure = readFileSync(new URL("../../examples/seed-insecure.yml", import.meta.url), "utf8");

/** What a runtime finding says of a Node version the runner replaced. */
const onNode24 = (node: number) => `was built for Node ${node}; the runner now runs it on Node 24`;

const PYPY_MATRIX = yaml`
  on: push
  jobs:
    test:
      runs-on: ubuntu-latest
      strategy:
        matrix:
          python: ["3.9", pypy3]
      steps:
        - uses: actions/setup-python@v2
          with:
            python-version: \${{ matrix.python }}
`;

ruleTester().run("no-outdated-actions", rule, {
  valid: [
    // Current releases, as tags, an exact version and SHA pins (with and without a comment).
    steps("actions/checkout@v7", "actions/checkout@v5", "actions/setup-python@v6", "actions/upload-artifact@v7.0.0"),
    steps(`actions/checkout@${CHECKOUT["v7.0.1"]} # v7.0.1`, `actions/checkout@${CHECKOUT["v7.0.1"]}`),
    // Actions the data does not cover, branches it does not judge, refs newer than the data.
    steps("octo-org/some-action@v1", "actions/checkout@main", "pypa/gh-action-pypi-publish@release/v1", "actions/checkout@v9"),
    // A SHA the data does not know, without a version comment, or with one naming a current release.
    steps(`actions/checkout@${UNKNOWN_SHA}`, `actions/checkout@${UNKNOWN_SHA} # v7.0.1`),
    // Docker and composite actions have no runtime deadline.
    steps("pypa/gh-action-pypi-publish@v1.4.2"),
    // Local actions, container images, reusable workflows; not workflows.
    steps("./.github/actions/setup", "docker://alpine:3.19", "octo-org/workflows/.github/workflows/build.yml@v1"),
    "steps:\n  - uses: actions/checkout@v2\n",
    steps("", "42", "[actions/checkout@v2]", "actions/checkout@", "'@v2'"),
    { code: steps("actions/checkout@v6"), options: [{ behind: 1 }] },
  ],
  invalid: [
    // The seeds: both steps move to the newest release; setup-python sets python-version already.
    {
      code: seedSecure,
      output: seedSecure.replace("actions/checkout@v2", "actions/checkout@v7").replace("actions/setup-python@v2", "actions/setup-python@v7"),
      errors: [
        { message: `\`actions/checkout@v2\` ${onNode24(12)}.`, line: 17 },
        { message: `\`actions/setup-python@v2\` ${onNode24(12)}.`, line: 20 },
      ],
    },
    // No change applies to a plain checkout on push: the newest release, whatever the ref's form.
    { code: steps("actions/checkout@v4"), output: steps("actions/checkout@v7"), errors: [{ message: `\`actions/checkout@v4\` ${onNode24(20)}.` }] },
    { code: steps("actions/checkout@v2.3.4"), output: steps("actions/checkout@v7.0.1"), errors: 1 },
    { code: steps('"Actions/Checkout@v3"  # the checkout'), output: steps('"Actions/Checkout@v7"  # the checkout'), errors: 1 },
    // The 2019 runner plugins: v2 rewrote checkout, a change that always applies.
    {
      code: steps("actions/checkout@v1"),
      output: null,
      errors: [
        {
          message: "`actions/checkout@v1` was built for a runner plugin, a model GitHub Actions left in 2019.",
          suggestions: [
            {
              messageId: "upgradeBreaking",
              data: { target: "actions/checkout@v7", change: "v2: rewritten: fetch depth, token persistence and path handling changed" },
              output: steps("actions/checkout@v7"),
            },
          ],
        },
      ],
    },
    // Trigger: a checkout of another ref in a workflow_run workflow stops before v7.
    {
      code: yaml`
        on: workflow_run
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
                with:
                  ref: \${{ github.event.workflow_run.head_sha }}
      `,
      output: yaml`
        on: workflow_run
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v6
                with:
                  ref: \${{ github.event.workflow_run.head_sha }}
      `,
      errors: [
        {
          messageId: "outdatedRuntime",
          suggestions: [
            {
              messageId: "upgradeBreaking",
              data: { target: "actions/checkout@v7", change: "v7: refuses to check out fork PR code on pull_request_target and workflow_run" },
              output: yaml`
                on: workflow_run
                jobs:
                  test:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v7
                        with:
                          ref: \${{ github.event.workflow_run.head_sha }}
              `,
            },
          ],
        },
      ],
    },
    // The same trigger without ref or repository checks out trusted code: v7.
    { code: steps("actions/checkout@v4").replace("on: push", "on: [pull_request_target]"), output: steps("actions/checkout@v7").replace("on: push", "on: [pull_request_target]"), errors: 1 },
    // Runner: on a self-hosted runner v6's credential file may need a newer runner, unless credentials are not persisted.
    {
      code: steps("actions/checkout@v4").replace("ubuntu-latest", "[self-hosted, linux]"),
      output: steps("actions/checkout@v5").replace("ubuntu-latest", "[self-hosted, linux]"),
      errors: 1,
    },
    {
      code: steps("actions/checkout@v4").replace("runs-on: ubuntu-latest", "runs-on: ${{ matrix.os }}"),
      output: steps("actions/checkout@v5").replace("runs-on: ubuntu-latest", "runs-on: ${{ matrix.os }}"),
      errors: 1,
    },
    {
      code: `${steps("actions/checkout@v4").replace("ubuntu-latest", "self-hosted")}        with: {persist-credentials: false}\n`,
      output: `${steps("actions/checkout@v7").replace("ubuntu-latest", "self-hosted")}        with: {persist-credentials: false}\n`,
      errors: 1,
    },
    // Default changed, kept by writing the old default: a new `with:` …
    {
      code: steps("actions/setup-python@v2"),
      output: `${steps("actions/setup-python@v7")}        with:\n          python-version: "3.x"\n`,
      errors: [{ message: `\`actions/setup-python@v2\` ${onNode24(12)} (the fix keeps \`python-version: 3.x\`).` }],
    },
    // … or a pair added to the existing one, `false` as the message says it (was: `"false"`).
    {
      code: `${steps("actions/setup-node@v4")}        with:\n          node-version: 22\n`,
      output: `${steps("actions/setup-node@v7")}        with:\n          node-version: 22\n          package-manager-cache: false\n`,
      errors: [{ message: `\`actions/setup-node@v4\` ${onNode24(20)} (the fix keeps \`package-manager-cache: false\`).` }],
    },
    // A step that sets the input stops nothing; with registry-url, v7's token change applies: v6.
    {
      code: `${steps("actions/setup-node@v4")}        with: {cache: npm, registry-url: "https://registry.npmjs.org"}\n`,
      output: `${steps("actions/setup-node@v6")}        with: {cache: npm, registry-url: "https://registry.npmjs.org"}\n`,
      errors: [
        {
          message: `\`actions/setup-node@v4\` ${onNode24(20)}.`,
          suggestions: [
            {
              messageId: "upgradeBreaking",
              data: { target: "actions/setup-node@v7", change: "v7: no dummy NODE_AUTH_TOKEN with registry-url: Yarn 1 and old npm may fail" },
              output: `${steps("actions/setup-node@v7")}        with: {cache: npm, registry-url: "https://registry.npmjs.org"}\n`,
            },
          ],
        },
      ],
    },
    // Input used: an input a later major removed stops before that major.
    {
      code: `${steps("actions/setup-node@v4")}        with: {always-auth: true, cache: npm}\n`,
      output: `${steps("actions/setup-node@v5")}        with: {always-auth: true, cache: npm}\n`,
      errors: 1,
    },
    {
      code: `${steps("docker/setup-buildx-action@v3")}        with: {install: true}\n`,
      output: null,
      errors: [{ messageId: "outdatedRuntime", suggestions: [{ messageId: "upgradeBreaking", data: { target: "docker/setup-buildx-action@v4", change: "v4: removes the config, config-inline and install inputs" }, output: `${steps("docker/setup-buildx-action@v4")}        with: {install: true}\n` }] }],
    },
    { code: steps("docker/setup-buildx-action@v3"), output: steps("docker/setup-buildx-action@v4"), errors: 1 },
    // An input value, through the matrix: pypy3 is a legacy value that v3 dropped.
    {
      code: PYPY_MATRIX,
      output: null,
      errors: [{ messageId: "outdatedRuntime", suggestions: [{ messageId: "upgradeBreaking", data: { target: "actions/setup-python@v7", change: "v3: drops the legacy pypy2 and pypy3 python-version values" }, output: PYPY_MATRIX.replace("@v2", "@v7") }] }],
    },
    {
      code: yaml`
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            strategy:
              matrix:
                python: ["3.9", "3.10", pypy-3.10]
            steps:
              - uses: actions/setup-python@v2
                with:
                  python-version: \${{ matrix.python }}
      `,
      output: yaml`
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            strategy:
              matrix:
                python: ["3.9", "3.10", pypy-3.10]
            steps:
              - uses: actions/setup-python@v7
                with:
                  python-version: \${{ matrix.python }}
      `,
      errors: 1,
    },
    // A value only known at run time: the change cannot be ruled out.
    {
      code: `${steps("actions/setup-python@v2")}        with: {python-version: "\${{ inputs.python }}"}\n`,
      output: null,
      errors: [
        {
          messageId: "outdatedRuntime",
          suggestions: [
            {
              messageId: "upgradeBreaking",
              data: { target: "actions/setup-python@v7", change: "v3: drops the legacy pypy2 and pypy3 python-version values, if it applies" },
              output: `${steps("actions/setup-python@v7")}        with: {python-version: "\${{ inputs.python }}"}\n`,
            },
          ],
        },
      ],
    },
    // Cross-step: download-artifact v3 fails (no-broken-actions reports it); the upload still moves.
    {
      code: steps("actions/upload-artifact@v4", "actions/download-artifact@v3"),
      output: steps("actions/upload-artifact@v7", "actions/download-artifact@v3"),
      errors: [{ messageId: "outdatedRuntime", line: 6 }],
    },
    // A change inside a major (hidden files since v4.4.0) is crossed from an older v4 release only.
    {
      code: steps("actions/upload-artifact@v4.3.6"),
      output: null,
      errors: [
        {
          messageId: "outdatedRuntime",
          suggestions: [
            {
              messageId: "upgradeBreaking",
              data: { target: "actions/upload-artifact@v7.0.0", change: "v4.4.0: hidden files are no longer uploaded by default" },
              output: steps("actions/upload-artifact@v7.0.0"),
            },
          ],
        },
      ],
    },
    // SHA pins move to a commit read from the action's repository, with their comment.
    {
      code: steps(`actions/checkout@${CHECKOUT["v4.2.2"]} # v4.2.2`),
      output: steps(`actions/checkout@${CHECKOUT["v7.0.1"]} # v7.0.1`),
      errors: [{ message: `\`actions/checkout@11bd719\` (v4.2.2) ${onNode24(20)}.` }],
    },
    {
      code: steps(`actions/download-artifact@${DOWNLOAD["v4.3.0"]} # tag=4.3.0`),
      output: steps(`actions/download-artifact@${DOWNLOAD["v7.0.0"]} # tag=7.0.0`),
      errors: 1,
    },
    { code: steps(`actions/checkout@${UNKNOWN_SHA} # v4.2.2`), output: steps(`actions/checkout@${CHECKOUT["v7.0.1"]} # v7.0.1`), errors: 1 },
    // One pin, placed by each step's own comment (the analysis keeps the comment asked about last).
    {
      code: steps(`actions/checkout@${UNKNOWN_SHA} # v4.2.2`, `actions/checkout@${UNKNOWN_SHA} # v7.0.1`, `actions/checkout@${UNKNOWN_SHA} # v4.2.2`),
      output: steps(`actions/checkout@${CHECKOUT["v7.0.1"]} # v7.0.1`, `actions/checkout@${UNKNOWN_SHA} # v7.0.1`, `actions/checkout@${CHECKOUT["v7.0.1"]} # v7.0.1`),
      errors: [
        { messageId: "outdatedRuntime", line: 6 },
        { messageId: "outdatedRuntime", line: 8 },
      ],
    },
    // A version comment after a version ref moves with it; one naming another version keeps the ref.
    { code: steps("actions/checkout@v4 # v4 pinned on purpose"), output: steps("actions/checkout@v7 # v7 pinned on purpose"), errors: 1 },
    { code: steps("actions/checkout@v4 # v2 before"), output: null, errors: [{ messageId: "outdatedRuntime", suggestions: [] }] },
    // A version inside prose is not the ref's version comment: the ref moves, the prose stays.
    { code: steps("actions/checkout@v4 # if you use actions/checkout@v2, read the docs"), output: steps("actions/checkout@v7 # if you use actions/checkout@v2, read the docs"), errors: 1 },
    // Unsupported but still running: a frozen branch is placed on the release it descends from (checkout master: v2.3.1).
    { code: steps("actions/checkout@master"), output: steps("actions/checkout@v7"), errors: [{ message: "`actions/checkout@master` is a branch frozen in 2020, built for Node 12." }] },
    {
      code: steps("actions/create-release@v1"),
      output: null,
      errors: [{ message: "`actions/create-release` is archived; use `softprops/action-gh-release` instead.", suggestions: [] }],
    },
    // Through YAML anchors and aliases: reported, never edited.
    {
      code: "on: push\nx-checkout: &checkout actions/checkout@v2\njobs:\n  build:\n    steps:\n      - uses: *checkout\n",
      output: null,
      errors: [{ messageId: "outdatedRuntime", suggestions: [] }],
    },
    // One step repeated through an alias is one `uses:` in the file: reported once.
    {
      code: "on: push\nx-step: &step {uses: actions/checkout@v2}\njobs:\n  build:\n    steps: [*step, *step]\n  test:\n    steps:\n      - *step\n",
      output: null,
      errors: [{ messageId: "outdatedRuntime", suggestions: [] }],
    },
    // `behind`.
    {
      code: steps("actions/checkout@v5"),
      options: [{ behind: 1 }],
      output: steps("actions/checkout@v7"),
      errors: [{ message: `\`actions/checkout@v5\` is 2 majors behind \`v7.0.1\`, the newest release known as of ${CHECKOUT_AS_OF}.` }],
    },
  ],
});

describe("no-outdated-actions fixes, re-parsed", () => {
  const config = withRules(["no-outdated-actions"]);
  const cases: Record<string, { code: string; inputs?: boolean }> = {
    "the secure seed": { code: seedSecure },
    "the insecure seed": { code: seedInsecure },
    "tags in every form": { code: steps("actions/checkout@v2", "'actions/cache@v4.0.2' # cache", '"actions/upload-artifact@v4"') },
    "SHA pins with comments": { code: steps(`actions/checkout@${CHECKOUT["v4.2.2"]}   # v4.2.2 (latest)`) },
    "input used (kept at v5)": { code: `${steps("actions/setup-node@v4")}        with: {always-auth: true, cache: npm}\n` },
    "default changed (input added)": { code: steps("actions/setup-python@v2", "actions/setup-node@v3"), inputs: true },
    "trigger": { code: `${steps("actions/checkout@v4").replace("on: push", "on: workflow_run")}        with: {ref: x}\n` },
    "cross-step": { code: steps("actions/upload-artifact@v4", "actions/download-artifact@v3") },
    "CRLF": { code: steps("actions/checkout@v3", "actions/setup-python@v3").replaceAll("\n", "\r\n"), inputs: true },
  };
  for (const [name, { code, inputs }] of Object.entries(cases)) {
    it(`${name}: only uses (and added inputs) change, converges in one pass`, () => {
      const result = fix(code, config);
      expect(result.fixed).toBe(true);
      expect(result.messages.filter((message) => message.fix)).toEqual([]);
      expect(fix(result.output, config).fixed).toBe(false);
      const before = dataOf(code) as { jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> };
      const after = dataOf(result.output) as typeof before;
      for (const path of changedPaths(before, after)) {
        const [jobs, job, stepsKey, index, key, input] = path as [string, string, string, number, string, string?];
        expect([jobs, stepsKey]).toEqual(["jobs", "steps"]);
        if (key === "uses") {
          expect(path).toHaveLength(5);
          expect(String(after.jobs[job]!.steps[index]!.uses).split("@")[0]).toBe(String(before.jobs[job]!.steps[index]!.uses).split("@")[0]);
        } else {
          // An input added to keep an old default: never one the step had.
          expect(inputs, `${path.join(".")}`).toBe(true);
          expect(key).toBe("with");
          if (input !== undefined) expect(before.jobs[job]!.steps[index]!.with?.[input]).toBeUndefined();
        }
      }
      if (code.includes("\r\n")) expect(/(?<!\r)\n/u.test(result.output)).toBe(false);
    });
  }

  it("rejects options outside the schema", () => {
    for (const options of [{ behind: 0 }, { behind: 1.5 }, { behind: "2" }, { other: true }]) {
      const configured = [{ ...withRules([])[0], rules: { "trusted-publishing/no-outdated-actions": ["error", options] } }];
      expect(() => lint(steps("actions/checkout@v7"), configured as unknown as ReturnType<typeof withRules>)).toThrow(/no-outdated-actions/u);
    }
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
            - uses: actions/checkout@v1
            - uses: pypa/gh-action-pypi-publish@master
      release:
        script: twine upload dist/*
    `;
    expectQuietOnGitlab("no-outdated-actions", code);
  });
});
