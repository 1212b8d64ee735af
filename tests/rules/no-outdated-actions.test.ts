import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import rule from "../../lib/rules/no-outdated-actions.js";
import { ruleTester } from "../helpers/rule-tester.js";
import { changedPaths, dataOf, fix, lint, withRules } from "../helpers/fix.js";

/** A one-job workflow whose steps are the given `uses:` lines (each written after `- uses: `). */
function steps(...uses: string[]): string {
  return ["on: push", "jobs:", "  build:", "    runs-on: ubuntu-latest", "    steps:", ...uses.map((u) => `      - uses: ${u}`), ""].join("\n");
}

// Commit SHAs from lib/data/actions.json.
const CHECKOUT = {
  "v4.2.2": "11bd71901bbe5b1630ceea73d27597364c9af683",
  "v4.4.0": "11d5960a326750d5838078e36cf38b85af677262",
  "v5.1.0": "fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09",
  "v7.0.1": "3d3c42e5aac5ba805825da76410c181273ba90b1",
};
const UPLOAD = { "v4.6.2": "ea165f8d65b6e75b540449e92b4886f43607fa02", "v7.0.1": "043fb46d1a93c77aae656e7c1c64a875d1fc6a0a" };
const UNKNOWN_SHA = "0123456789abcdef0123456789abcdef01234567";

const CHECKOUT_V7_CHANGES =
  'v6: persist-credentials now writes the token to a separate file under $RUNNER_TEMP instead of .git/config; ordinary git commands keep working, but authenticated git from Docker container actions needs runner >= 2.329.0 (README "Checkout v6"). v7: Refuses to check out fork pull-request code on pull_request_target and workflow_run unless allow-unsafe-pr-checkout: true is set (README "Checkout v7", CHANGELOG v7.0.0).';

/** The suggestion to move checkout from `@<from>` to `@<to>` (v7). */
const checkoutV7 = (code: string, from: string, to = "v7") => ({
  messageId: "upgradeBreaking" as const,
  data: { target: `actions/checkout@${to}`, runtime: " (node24)", changes: CHECKOUT_V7_CHANGES },
  output: code.replace(`@${from}`, `@${to}`),
});

/** Refs on each removed runtime: [written, fixed to, the release it runs, runtime, removed since]. */
const RUNTIME_CASES: [from: string, to: string, resolved: string, runtime: string, since: string][] = [
      ["actions/checkout@v3", "actions/checkout@v5", " (`v3.7.0`)", "node16", "2024-11-12"],
      ["actions/checkout@v4", "actions/checkout@v5", " (`v4.4.0`)", "node20", "2026-09-16"],
      // The v2 tag of dorny/paths-filter lags behind the major's newest release: v2.11.1, node16.
      ["dorny/paths-filter@v2", "dorny/paths-filter@v4", " (`v2.11.1`)", "node16", "2024-11-12"],
      // A release older than its major's runtime change: v2.10.2 ran on node12.
      ["dorny/paths-filter@v2.10.2", "dorny/paths-filter@v4.0.2", "", "node12", "2023-08-14"],
];

const seedSecure = readFileSync(new URL("../../examples/seed-secure.yml", import.meta.url), "utf8");

ruleTester().run("no-outdated-actions", rule, {
  valid: [
    // Current releases, as tags, an exact version and SHA pins (with and without a comment).
    steps("actions/checkout@v7", "actions/checkout@v5", "actions/setup-python@v6", "actions/upload-artifact@v7.0.1"),
    steps(`actions/checkout@${CHECKOUT["v7.0.1"]} # v7.0.1`, `actions/checkout@${CHECKOUT["v5.1.0"]}`),
    // Actions the data does not cover, branches it does not judge, refs newer than the data.
    steps("octo-org/some-action@v1", "actions/checkout@main", "pypa/gh-action-pypi-publish@release/v1", "dtolnay/rust-toolchain@stable"),
    steps("actions/checkout@v9", "actions/checkout@v7.9.9", "re-actors/checkout-python-sdist@release/v3"),
    // A SHA the data does not know, without a version comment, or with one naming a current release.
    steps(`actions/checkout@${UNKNOWN_SHA}`, `actions/checkout@${UNKNOWN_SHA} # pinned by renovate`, `actions/checkout@${UNKNOWN_SHA} # v7.0.1`),
    // A comment naming another action's version, or a number that is no version, says nothing.
    steps(`actions/checkout@${UNKNOWN_SHA} # other-org/other-action@v2`, `actions/checkout@${UNKNOWN_SHA} # 2 steps below`),
    // The version comment of a non-SHA ref is not read.
    steps("actions/checkout@v7 # was v2"),
    // Docker and composite actions have no runtime deadline.
    steps("pypa/gh-action-pypi-publish@v1.4.2", "pypa/gh-action-pypi-publish@release/v1.8", "pre-commit/action@v3.0.1"),
    // Local actions, container images, reusable workflows.
    steps("./.github/actions/setup", "docker://alpine:3.19", "octo-org/workflows/.github/workflows/build.yml@v1"),
    "on: push\njobs:\n  release:\n    uses: octo-org/workflows/.github/workflows/release.yml@v1\n",
    // Sub-actions: their own entry, or their repository's.
    steps("github/codeql-action/init@v4", "actions/cache/restore@v6", "actions/upload-artifact/merge@v7"),
    // Not workflows, or odd values.
    "steps:\n  - uses: actions/checkout@v2\n",
    steps("", "42", "[actions/checkout@v2]", "actions/checkout@", "'@v2'"),
    // `behind` is off by default; on, refs within it are fine.
    steps("actions/checkout@v5"),
    { code: steps("actions/checkout@v5", "actions/setup-python@v6"), options: [{ behind: 2 }] },
    { code: steps("actions/checkout@v6"), options: [{ behind: 1 }] },
  ],
  invalid: [
    // The seed examples: checkout@v2 and setup-python@v2 run on node12.
    {
      code: seedSecure,
      output: seedSecure.replace("actions/checkout@v2", "actions/checkout@v5"),
      errors: [
        {
          messageId: "outdatedRuntime",
          line: 17,
          suggestions: [checkoutV7(seedSecure, "v2")],
        },
        {
          messageId: "outdatedRuntime",
          line: 20,
          suggestions: [
            { messageId: "upgradeBreaking", output: seedSecure.replace("setup-python@v2", "setup-python@v7") },
            { messageId: "upgradeBreaking", output: seedSecure.replace("setup-python@v2", "setup-python@v6") },
          ],
        },
      ],
    },
    // Each runtime, with the release the moving tag points at.
    ...RUNTIME_CASES.map(([from, to]) => ({
      code: steps(from),
      output: steps(to),
      errors: [
        {
          messageId: "outdatedRuntime" as const,
          suggestions: from.startsWith("actions/checkout") ? [checkoutV7(steps(from), from.slice(from.indexOf("@") + 1))] : [],
        },
      ],
    })),
    // The 2019 runner plugins.
    {
      code: steps("actions/checkout@v1"),
      output: null,
      errors: [
        {
          messageId: "outdatedRuntime",
          suggestions: [
            { messageId: "upgradeBreaking", output: steps("actions/checkout@v7") },
            { messageId: "upgradeBreaking", output: steps("actions/checkout@v6") },
          ],
        },
      ],
    },
    // Precision and style are kept: major, minor (no v5.1 tag: the exact release), exact, quotes, case, comments.
    {
      code: steps("actions/checkout@v2.3.4"),
      output: steps("actions/checkout@v5.1.0"),
      errors: [{ messageId: "outdatedRuntime", suggestions: [checkoutV7(steps("actions/checkout@v2.3.4"), "v2.3.4", "v7.0.1")] }],
    },
    {
      code: steps("actions/checkout@v4.1"),
      output: steps("actions/checkout@v5.1.0"),
      errors: [{ messageId: "outdatedRuntime", suggestions: [checkoutV7(steps("actions/checkout@v4.1"), "v4.1", "v7.0.1")] }],
    },
    {
      // No unprefixed 5.1.0 tag exists: the fix names the tag that does.
      code: steps("actions/checkout@2.3.4"),
      output: steps("actions/checkout@v5.1.0"),
      errors: [{ messageId: "outdatedRuntime", suggestions: [checkoutV7(steps("actions/checkout@2.3.4"), "2.3.4", "v7.0.1")] }],
    },
    {
      code: steps(`"actions/checkout@v4"  # the checkout`),
      output: steps(`"actions/checkout@v5"  # the checkout`),
      errors: [{ messageId: "outdatedRuntime", suggestions: [checkoutV7(steps(`"actions/checkout@v4"  # the checkout`), "v4")] }],
    },
    {
      code: steps("'Actions/Checkout@v3'"),
      output: steps("'Actions/Checkout@v5'"),
      errors: [
        {
          messageId: "outdatedRuntime",
          suggestions: [{ messageId: "upgradeBreaking", output: steps("'Actions/Checkout@v7'") }],
        },
      ],
    },
    // A flow-style step, and a tagged scalar.
    {
      code: "on: push\njobs:\n  build:\n    steps: [{uses: actions/cache@v4, with: {path: x}}]\n",
      output: "on: push\njobs:\n  build:\n    steps: [{uses: actions/cache@v6, with: {path: x}}]\n",
      errors: [{ messageId: "outdatedRuntime" }],
    },
    {
      code: steps("!!str actions/cache@v3"),
      output: steps("!!str actions/cache@v6"),
      errors: [{ messageId: "outdatedRuntime" }],
    },
    // SHA pins: the new commit, and the comment's version in the comment's own form.
    {
      code: steps(`actions/checkout@${CHECKOUT["v4.2.2"]} # v4.2.2`),
      output: steps(`actions/checkout@${CHECKOUT["v5.1.0"]} # v5.1.0`),
      errors: [
        {
          messageId: "outdatedRuntime",
          suggestions: [
            {
              messageId: "upgradeBreaking",
              output: steps(`actions/checkout@${CHECKOUT["v7.0.1"]} # v7.0.1`),
            },
          ],
        },
      ],
    },
    {
      code: steps(`'actions/upload-artifact@${UPLOAD["v4.6.2"]}' # tag=4.6.2 (renovate)`),
      output: steps(`'actions/upload-artifact@${UPLOAD["v7.0.1"]}' # tag=7.0.1 (renovate)`),
      errors: [{ messageId: "outdatedRuntime" }],
    },
    {
      code: steps(`actions/upload-artifact@${UPLOAD["v4.6.2"]} # actions/upload-artifact@v4`),
      output: steps(`actions/upload-artifact@${UPLOAD["v7.0.1"]} # actions/upload-artifact@v7`),
      errors: [{ messageId: "outdatedRuntime" }],
    },
    {
      // A commit with several tags is judged by the most precise one (v4 and v4.4.0 here).
      code: steps(`actions/checkout@${CHECKOUT["v4.4.0"]}`),
      output: steps(`actions/checkout@${CHECKOUT["v5.1.0"]}`),
      errors: [
        {
          messageId: "outdatedRuntime",
          suggestions: [{ messageId: "upgradeBreaking", output: steps(`actions/checkout@${CHECKOUT["v7.0.1"]}`) }],
        },
      ],
    },
    {
      // A commit the data does not know is judged by its comment, and still moves to a known commit.
      code: steps(`actions/checkout@${UNKNOWN_SHA} # v4.2.2`),
      output: steps(`actions/checkout@${CHECKOUT["v5.1.0"]} # v5.1.0`),
      errors: [
        {
          messageId: "outdatedRuntime",
          suggestions: [{ messageId: "upgradeBreaking", output: steps(`actions/checkout@${CHECKOUT["v7.0.1"]} # v7.0.1`) }],
        },
      ],
    },
    {
      // A flow-style step with the comment after the closing brace.
      code: `on: push\njobs:\n  build:\n    steps:\n      - {uses: actions/checkout@${CHECKOUT["v4.2.2"]}} # v4.2.2\n`,
      output: `on: push\njobs:\n  build:\n    steps:\n      - {uses: actions/checkout@${CHECKOUT["v5.1.0"]}} # v5.1.0\n`,
      errors: [{ messageId: "outdatedRuntime", suggestions: [{ messageId: "upgradeBreaking", output: `on: push\njobs:\n  build:\n    steps:\n      - {uses: actions/checkout@${CHECKOUT["v7.0.1"]}} # v7.0.1\n` }] }],
    },
    {
      // The release to move to is known only from release notes (no SHA): no fix for the pin.
      code: steps("softprops/action-gh-release@a06a81a03ee405af7f2048a818ed3f03bbf83c7b # v2"),
      output: null,
      errors: [
        {
          messageId: "outdatedRuntime",
          suggestions: [],
        },
      ],
    },
    // Sunset refs: a whole major, an exact release, a branch; a drop-in fix where there is one.
    {
      code: steps("actions/cache@v2"),
      output: steps("actions/cache@v6"),
      errors: [{ messageId: "sunsetRef" }],
    },
    {
      code: steps("actions/cache@v3.2.1"),
      output: steps("actions/cache@v6.1.0"),
      errors: [{ messageId: "sunsetRef" }],
    },
    {
      // No v7 tag in the data: the exact release.
      code: steps("codecov/codecov-action@v5"),
      output: steps("codecov/codecov-action@v7.0.0"),
      errors: [{ messageId: "sunsetRef" }],
    },
    {
      code: steps("github/codeql-action/upload-sarif@v3"),
      output: steps("github/codeql-action/upload-sarif@v4"),
      errors: [{ messageId: "sunsetRef" }],
    },
    {
      // Every newer major changes behaviour: suggestions only.
      code: steps("actions/upload-artifact@v3"),
      output: null,
      errors: [
        {
          messageId: "sunsetRef",
          suggestions: [{ messageId: "upgradeBreaking", output: steps("actions/upload-artifact@v7") }],
        },
      ],
    },
    {
      code: steps("pypa/gh-action-pypi-publish@master"),
      output: null,
      errors: [
        {
          messageId: "sunsetRef",
          suggestions: [
            {
              messageId: "upgradeFromBranch",
              data: { target: "pypa/gh-action-pypi-publish@release/v1", runtime: " (composite)", ref: "master", changes: "none recorded." },
              output: steps("pypa/gh-action-pypi-publish@release/v1"),
            },
          ],
        },
      ],
    },
    {
      code: steps('"actions/checkout@master"'),
      output: null,
      errors: [{ messageId: "sunsetRef", suggestions: [{ messageId: "upgradeFromBranch", output: steps('"actions/checkout@v7.0.1"') }] }],
    },
    // Missing refs: the release branch that follows the major, or the exact release.
    {
      code: steps("pypa/gh-action-pypi-publish@v1"),
      output: steps("pypa/gh-action-pypi-publish@release/v1"),
      errors: [{ messageId: "missingRef" }],
    },
    {
      code: steps("astral-sh/setup-uv@v8"),
      output: steps("astral-sh/setup-uv@v8.3.2"),
      errors: [
        {
          messageId: "missingRef",
          suggestions: [{ messageId: "upgradeBreaking", output: steps("astral-sh/setup-uv@v10.1.0") }],
        },
      ],
    },
    {
      code: steps("hynek/build-and-inspect-python-package@v3.0"),
      output: steps("hynek/build-and-inspect-python-package@v3.0.1"),
      errors: [{ messageId: "missingRef" }],
    },
    // Archived actions: the replacement is named, nothing is fixed, whatever the ref.
    {
      code: steps("actions/create-release@v1", "actions/create-release@main", "actions-rs/toolchain@16499b5e05bf2e26879000db0c1d13f7e13fa3af #@v1"),
      output: null,
      errors: [
        { messageId: "archivedAction", data: { action: "actions/create-release", replacement: "; use `softprops/action-gh-release` instead" }, suggestions: [] },
        { messageId: "archivedAction", suggestions: [] },
        { messageId: "archivedAction", data: { action: "actions-rs/toolchain", replacement: "; use `dtolnay/rust-toolchain` instead" }, suggestions: [] },
      ],
    },
    // A sub-action without its own entry is judged by its repository's.
    {
      code: steps("actions/cache/restore@v4", "actions/upload-artifact/merge@v4"),
      output: steps("actions/cache/restore@v6", "actions/upload-artifact/merge@v7"),
      errors: [{ messageId: "outdatedRuntime" }, { messageId: "outdatedRuntime" }],
    },
    // Through YAML anchors and aliases: reported, never edited.
    {
      code: "on: push\nx-checkout: &checkout actions/checkout@v2\njobs:\n  build:\n    steps:\n      - uses: *checkout\n      - uses: &setup actions/setup-python@v4\n",
      output: null,
      errors: [
        { messageId: "outdatedRuntime", line: 6, suggestions: [] },
        { messageId: "outdatedRuntime", line: 7, suggestions: [] },
      ],
    },
    {
      // A job shared through an alias: one report for the one `uses:` in the file, not fixed.
      code: "on: push\njobs:\n  a: &job\n    steps:\n      - uses: actions/checkout@v3\n  b: *job\n",
      output: null,
      errors: [{ messageId: "outdatedRuntime", line: 5, suggestions: [] }],
    },
    // An escape elsewhere in the scalar: the ref itself is written verbatim, so it still moves.
    {
      code: steps('"actions/checkout\\x40v3"'),
      output: steps('"actions/checkout\\x40v5"'),
      errors: [
        {
          messageId: "outdatedRuntime",
          suggestions: [{ ...checkoutV7(steps("actions/checkout@v3"), "v3"), output: steps('"actions/checkout\\x40v7"') }],
        },
      ],
    },
    // An escape inside the ref: not spelled literally, so reported, not fixed.
    {
      code: steps('"actions/checkout@\\x763"'),
      output: null,
      errors: [{ messageId: "outdatedRuntime", suggestions: [] }],
    },
    // `behind`: current releases too far behind the latest.
    {
      code: steps("actions/checkout@v5"),
      options: [{ behind: 1 }],
      output: null,
      errors: [
        {
          messageId: "behindLatest",
          suggestions: [
            checkoutV7(steps("actions/checkout@v5"), "v5"),
            { messageId: "upgradeBreaking", output: steps("actions/checkout@v6") },
          ],
        },
      ],
    },
    {
      // Drop-in majors are fixed (v0 → v1, keeping the minor form), the rest suggested.
      code: steps("hynek/build-and-inspect-python-package@v0.1"),
      options: [{ behind: 1 }],
      output: steps("hynek/build-and-inspect-python-package@v1.5"),
      errors: [
        {
          messageId: "behindLatest",
          suggestions: [{ messageId: "upgradeBreaking", output: steps("hynek/build-and-inspect-python-package@v3.0.1") }],
        },
      ],
    },
    {
      // A problem is reported as such even with `behind` on; the fix lands within the runtime rules.
      code: steps("actions/checkout@v4"),
      options: [{ behind: 1 }],
      output: steps("actions/checkout@v5"),
      errors: [{ messageId: "outdatedRuntime", suggestions: [checkoutV7(steps("actions/checkout@v4"), "v4")] }],
    },
    {
      // The latest is drop-in but has no major tag in the data: the fix keeps the form (v10), the latest is a suggestion.
      code: steps("actions/stale@v9"),
      output: steps("actions/stale@v10"),
      errors: [{ messageId: "outdatedRuntime", suggestions: [{ messageId: "upgradeLatest", output: steps("actions/stale@v11.0.0") }] }],
    },
  ],
});

describe("no-outdated-actions messages", () => {
  const config = withRules(["no-outdated-actions"]);
  const messageOf = (code: string, options?: object) => {
    const configured = options
      ? [{ ...config[0], rules: { "trusted-publishing/no-outdated-actions": ["error", options] } }]
      : config;
    const messages = lint(code, configured as typeof config);
    expect(messages).toHaveLength(1);
    return messages[0]!.message;
  };

  for (const [from, , resolved, runtime, since] of RUNTIME_CASES) {
    it(`${from}: the release, the runtime and since when`, () => {
      expect(messageOf(steps(from))).toContain(`\`${from}\`${resolved} runs on ${runtime}, which GitHub removed from its runners on ${since}.`);
    });
  }

  const cases: [string, string, object | undefined, string[]][] = [
    ["the fix and the latest", "actions/checkout@v2", undefined, [
      "The fix moves it to `actions/checkout@v5` (node24), a drop-in upgrade; the latest, `actions/checkout@v7`, changes behaviour (see the suggestion).",
    ]],
    ["no drop-in upgrade", "actions/setup-python@v2", undefined, [
      "Upgrading to `actions/setup-python@v7` changes behaviour, so there is no automatic fix (see the suggestions).",
    ]],
    ["the runner plugins", "actions/checkout@v1", undefined, ["`actions/checkout@v1` (`v1.2.0`) runs on a runner plugin, the 2019 model"]],
    ["case as written", "'Actions/Checkout@v3'", undefined, ["`Actions/Checkout@v3` (`v3.7.0`)", "`Actions/Checkout@v5`"]],
    ["a SHA pin by the data", `actions/checkout@${CHECKOUT["v4.2.2"]} # v4.2.2`, undefined, [
      `\`actions/checkout@${CHECKOUT["v4.2.2"]}\` (\`v4.2.2\`) runs on node20`,
      `The fix moves it to \`actions/checkout@${CHECKOUT["v5.1.0"]} # v5.1.0\` (node24)`,
    ]],
    ["a SHA pin by its comment", `actions/checkout@${UNKNOWN_SHA} # v4.2.2`, undefined, ["(`v4.2.2` by its comment; the data does not know this commit) runs on node20"]],
    ["a pin without a SHA to move to", "softprops/action-gh-release@a06a81a03ee405af7f2048a818ed3f03bbf83c7b # v2", undefined, [
      "(`v2.5.0`) runs on node20",
      "No automatic fix: the data has no commit SHA for the release to move to; pin it by hand.",
    ]],
    ["sunset, with the runtime too", "actions/cache@v3.2.1", undefined, [
      'is sunset: Talks to the legacy cache service, shut down on 1 February 2025: runs fail. Use v4.2.0+ (or v3.4.0+) — README "Important changes". It also runs on node16, which GitHub removed from its runners on 2024-11-12.',
      "The fix moves it to `actions/cache@v6.1.0` (node24), a drop-in upgrade.",
    ]],
    ["sunset composite action", "codecov/codecov-action@v5", undefined, ["(`v5.5.2`) is sunset: Its wrapper", "Use v7 (or v6.0.2+). The fix moves it to `codecov/codecov-action@v7.0.0` (composite)"]],
    ["a sunset branch", "pypa/gh-action-pypi-publish@master", undefined, [
      "`pypa/gh-action-pypi-publish@master` is sunset: The master branch is sunset",
      "Move it to `pypa/gh-action-pypi-publish@release/v1`, the latest release (see the suggestion); no automatic fix, since what the branch runs is not a release the data knows.",
    ]],
    ["a missing tag", "pypa/gh-action-pypi-publish@v1", undefined, [
      "`pypa/gh-action-pypi-publish@v1` does not exist: `pypa/gh-action-pypi-publish` publishes no `v1` tag or branch, so the job fails before this step runs.",
      "The fix moves it to `pypa/gh-action-pypi-publish@release/v1` (composite), the newest `v1` release.",
    ]],
    ["an archived action", "actions/create-release@v1", undefined, ["`actions/create-release` is archived and no longer maintained; use `softprops/action-gh-release` instead."]],
    ["behind", "actions/checkout@v5", { behind: 1 }, [
      "`actions/checkout@v5` (`v5.1.0`) is 2 majors behind `v7.0.1`, the latest release (the `behind` option allows 1).",
    ]],
    ["through an alias", "*co", undefined, [
      "Move it to `actions/checkout@v5` (node24) (not fixed automatically: the value is shared through a YAML anchor; change it where the anchor is defined).",
    ]],
    ["a version comment that is not the pin's own", "{flow}", undefined, [
      "(not fixed automatically: the version comment on its line would go stale; update both by hand).",
    ]],
  ];
  for (const [name, uses, options, fragments] of cases) {
    it(name, () => {
      const code =
        uses === "*co"
          ? `on: push\nx: &co actions/checkout@v2\njobs:\n  a:\n    steps:\n      - uses: *co\n`
          : uses === "{flow}"
            ? `on: push\njobs:\n  a:\n    steps:\n      - {uses: actions/checkout@${CHECKOUT["v4.2.2"]}, with: {ref: main}} # v4.2.2\n`
            : steps(uses);
      const message = messageOf(code, options);
      for (const fragment of fragments) expect(message).toContain(fragment);
    });
  }
});

describe("no-outdated-actions fixes, re-parsed", () => {
  const config = withRules(["no-outdated-actions"]);
  const cases: Record<string, string> = {
    "the secure seed": seedSecure,
    "the insecure seed": readFileSync(new URL("../../examples/seed-insecure.yml", import.meta.url), "utf8"),
    "tags in every form": steps("actions/checkout@v2", "'actions/cache@v4.0.2' # cache", '"actions/upload-artifact@v4"', "Actions/Setup-Java@v4"),
    "SHA pins with comments": steps(`actions/checkout@${CHECKOUT["v4.2.2"]}   # v4.2.2 (latest)`, `actions/upload-artifact@${UPLOAD["v4.6.2"]} # v4`),
    "sunset and missing refs": steps("actions/cache@v1", "codecov/codecov-action@v6.0.1", "pypa/gh-action-pypi-publish@v1", "astral-sh/setup-uv@v8"),
    "CRLF": steps("actions/checkout@v3", "actions/setup-node@v3").replaceAll("\n", "\r\n"),
  };
  for (const [name, code] of Object.entries(cases)) {
    it(`${name}: only steps' uses change, converges in one pass`, () => {
      const result = fix(code, config);
      expect(result.fixed).toBe(true);
      // Nothing fixable is left, and a second run changes nothing.
      expect(result.messages.filter((message) => message.fix)).toEqual([]);
      expect(fix(result.output, config).fixed).toBe(false);
      const paths = changedPaths(dataOf(code), dataOf(result.output));
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) {
        expect(path).toHaveLength(5);
        expect([path[0], path[2], path[4]]).toEqual(["jobs", "steps", "uses"]);
      }
      // Every changed `uses` still names the same action.
      const actionOf = (uses: unknown) => String(uses).split("@")[0];
      const before = dataOf(code) as { jobs: Record<string, { steps: { uses?: string }[] }> };
      const after = dataOf(result.output) as typeof before;
      for (const path of paths) {
        const [, job, , index] = path as [string, string, string, number];
        expect(actionOf(after.jobs[job]!.steps[index]!.uses)).toBe(actionOf(before.jobs[job]!.steps[index]!.uses));
      }
      if (code.includes("\r\n")) expect(/(?<!\r)\n/u.test(result.output)).toBe(false);
    });
  }

  it("the seeds: checkout@v2 and setup-python@v2 are node12, removed; checkout is fixed to v5, setup-python only suggested", () => {
    for (const file of ["seed-secure.yml", "seed-insecure.yml"]) {
      const code = readFileSync(new URL(`../../examples/${file}`, import.meta.url), "utf8");
      const messages = lint(code, config, file);
      expect(messages.map((m) => [m.messageId, m.message.slice(0, m.message.indexOf(" runs on"))])).toEqual([
        ["outdatedRuntime", "`actions/checkout@v2` (`v2.8.0`)"],
        ["outdatedRuntime", "`actions/setup-python@v2` (`v2.3.4`)"],
      ]);
      for (const message of messages) expect(message.message).toContain("node12, which GitHub removed from its runners on 2023-08-14");
      const fixed = fix(code, config, file).output;
      expect(fixed).toContain("uses: actions/checkout@v5");
      expect(fixed).toContain("uses: actions/setup-python@v2");
    }
  });

  it("rejects options outside the schema", () => {
    for (const options of [{ behind: 0 }, { behind: 1.5 }, { behind: "2" }, { other: true }]) {
      const config = [{ ...withRules([])[0], rules: { "trusted-publishing/no-outdated-actions": ["error", options] } }];
      expect(() => lint(steps("actions/checkout@v7"), config as unknown as ReturnType<typeof withRules>)).toThrow(/no-outdated-actions/u);
    }
  });
});

describe("the command on the examples", () => {
  it("`node dist/bin.js examples` reports the seeds' outdated actions", () => {
    let output = "";
    let status = 0;
    try {
      execFileSync(process.execPath, ["dist/bin.js", "examples"], { cwd: new URL("../../", import.meta.url), encoding: "utf8" });
    } catch (error) {
      ({ stdout: output, status } = error as { stdout: string; status: number });
    }
    expect(status).toBe(1);
    expect(output).toMatch(/seed-secure\.yml[\s\S]*`actions\/checkout@v2` \(`v2\.8\.0`\) runs on node12[\s\S]*trusted-publishing\/no-outdated-actions/u);
    expect(output).toMatch(/seed-insecure\.yml[\s\S]*`actions\/setup-python@v2` \(`v2\.3\.4`\) runs on node12/u);
  });
});
