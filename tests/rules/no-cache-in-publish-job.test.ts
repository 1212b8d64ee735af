import { describe, expect, it } from "vitest";
import rule from "../../lib/rules/no-cache-in-publish-job.js";
import { ruleTester, yaml } from "../helpers/rule-tester.js";
import { changedPaths, dataOf, fix, lint, withRules } from "../helpers/fix.js";

const PYPA = "pypa/gh-action-pypi-publish@release/v1";

/** A publish job whose first step is `setup` (YAML lines of one step, without the dash). */
function publishWith(setup: string, { on = "push", runsOn = "ubuntu-latest", publish = `uses: ${PYPA}` } = {}): string {
  const [first, ...rest] = setup.split("\n");
  return [
    `on: ${on}`,
    "jobs:",
    "  publish:",
    `    runs-on: ${runsOn}`,
    "    steps:",
    `      - ${first}`,
    ...rest.map((line) => `        ${line}`),
    `      - ${publish}`,
    "",
  ].join("\n");
}

ruleTester().run("no-cache-in-publish-job", rule, {
  valid: [
    // Jobs that do not publish may cache.
    yaml`
      on: push
      jobs:
        test:
          steps:
            - uses: actions/setup-python@v6
              with: {cache: pip}
            - uses: actions/cache@v4
              with: {path: ~/.cache, key: k}
    `,
    // Caching off, or never on.
    publishWith("uses: actions/setup-python@v6\nwith:\n  python-version: '3.x'"),
    publishWith("uses: actions/setup-node@v4\nwith:\n  node-version: 24"),
    publishWith("uses: actions/setup-node@v6\nwith:\n  package-manager-cache: false"),
    publishWith("uses: actions/setup-go@v3"),
    publishWith("uses: actions/setup-go@v6\nwith:\n  cache: false"),
    publishWith("uses: astral-sh/setup-uv@v4"),
    publishWith("uses: astral-sh/setup-uv@v7\nwith:\n  enable-cache: false"),
    publishWith("uses: ruby/setup-ruby@v1\nwith:\n  bundler-cache: false"),
    // setup-uv's automatic cache: only on GitHub-hosted runners, and from v10 not for release or tag runs.
    publishWith("uses: astral-sh/setup-uv@v7", { runsOn: "[self-hosted, linux]" }),
    publishWith("uses: astral-sh/setup-uv@v10", { on: "release" }),
    publishWith("uses: astral-sh/setup-uv@v10", { on: "{push: {tags: ['v*']}}" }),
    // Decided at run time: an expression, a version we cannot place, a runner from a matrix.
    publishWith("uses: actions/setup-python@v6\nwith:\n  cache: ${{ inputs.cache }}"),
    publishWith("uses: actions/setup-node@main"),
    publishWith("uses: astral-sh/setup-uv@v7", { runsOn: "${{ matrix.os }}" }),
  ],
  invalid: [
    // A cache action: reported, no single input to change.
    {
      code: publishWith("uses: actions/cache@v4\nwith:\n  path: ~/.cache/pip\n  key: pip"),
      output: null,
      errors: [{ messageId: "cacheAction", data: { job: "publish", step: "actions/cache" }, line: 6 }],
    },
    {
      code: publishWith("uses: actions/cache/restore@v4\nwith: {path: x, key: k}"),
      output: null,
      errors: [{ messageId: "cacheAction" }],
    },
    // An input that asks for a cache goes, with the inputs that only serve it.
    {
      code: publishWith("uses: actions/setup-python@v6\nwith:\n  python-version: '3.x'\n  cache: pip # speed\n  cache-dependency-path: pyproject.toml"),
      output: publishWith("uses: actions/setup-python@v6\nwith:\n  python-version: '3.x'"),
      errors: [{ messageId: "cacheInput", data: { job: "publish", step: "actions/setup-python", input: "cache" }, line: 9, column: 11 }],
    },
    // `with:` left empty goes too.
    {
      code: publishWith("uses: ruby/setup-ruby@v1\nwith:\n  bundler-cache: true"),
      output: publishWith("uses: ruby/setup-ruby@v1"),
      errors: [{ messageId: "cacheInput", data: { job: "publish", step: "ruby/setup-ruby", input: "bundler-cache" } }],
    },
    {
      code: publishWith("uses: actions/setup-java@v4\nwith: {distribution: temurin, cache: maven}"),
      output: publishWith("uses: actions/setup-java@v4\nwith: {distribution: temurin}"),
      errors: [{ messageId: "cacheInput" }],
    },
    // setup-node v4: `cache:` goes; v5+: it becomes `package-manager-cache: false`, or the automatic cache would take over.
    {
      code: publishWith("uses: actions/setup-node@v4\nwith:\n  node-version: 24\n  cache: npm"),
      output: publishWith("uses: actions/setup-node@v4\nwith:\n  node-version: 24"),
      errors: [{ messageId: "cacheInput" }],
    },
    {
      code: publishWith("uses: actions/setup-node@v6\nwith:\n  node-version: 24\n  cache: pnpm\n  cache-dependency-path: pnpm-lock.yaml"),
      output: publishWith("uses: actions/setup-node@v6\nwith:\n  node-version: 24\n  package-manager-cache: false"),
      errors: [{ messageId: "cacheInput" }],
    },
    // setup-node v5+ caches by default (when package.json names the package manager).
    {
      code: publishWith("uses: actions/setup-node@v6\nwith:\n  node-version: 24"),
      output: publishWith("uses: actions/setup-node@v6\nwith:\n  node-version: 24\n  package-manager-cache: false"),
      errors: [
        {
          messageId: "cacheByDefault",
          data: { job: "publish", step: "actions/setup-node", note: "caches npm by default when package.json names npm", off: "package-manager-cache" },
        },
      ],
    },
    {
      code: publishWith("uses: actions/setup-node@v5"),
      output: publishWith("uses: actions/setup-node@v5\nwith:\n  package-manager-cache: false"),
      errors: [{ messageId: "cacheByDefault", data: { job: "publish", step: "actions/setup-node", note: "caches by default when package.json has `packageManager`", off: "package-manager-cache" } }],
    },
    // A SHA pin placed by the action data (v6.0.0) or by its version comment.
    {
      code: publishWith("uses: actions/setup-node@2028fbc5c25fe9cf00d9f06a71cc4710d4507903 # v6.0.0"),
      output: publishWith("uses: actions/setup-node@2028fbc5c25fe9cf00d9f06a71cc4710d4507903 # v6.0.0\nwith:\n  package-manager-cache: false"),
      errors: [{ messageId: "cacheByDefault" }],
    },
    // setup-go v4+ and setup-uv v5+ cache by default; their switch is the same input.
    {
      code: publishWith("uses: actions/setup-go@v6\nwith:\n  go-version: stable\n  cache: true"),
      output: publishWith("uses: actions/setup-go@v6\nwith:\n  go-version: stable\n  cache: false"),
      errors: [{ messageId: "cacheInput" }],
    },
    {
      code: publishWith("uses: actions/setup-go@v5"),
      output: publishWith("uses: actions/setup-go@v5\nwith:\n  cache: false"),
      errors: [{ messageId: "cacheByDefault", data: { job: "publish", step: "actions/setup-go", note: "restores the Go module cache by default", off: "cache" } }],
    },
    {
      code: publishWith("name: Install uv\nuses: astral-sh/setup-uv@v7\nwith:\n  enable-cache: 'auto'"),
      output: publishWith("name: Install uv\nuses: astral-sh/setup-uv@v7\nwith:\n  enable-cache: 'false'"),
      errors: [{ messageId: "cacheByDefault", data: { job: "publish", step: "Install uv", note: "restores the uv cache by default on hosted runners", off: "enable-cache" } }],
    },
    {
      code: publishWith("uses: astral-sh/setup-uv@v10", { on: "[push, workflow_dispatch]" }),
      output: publishWith("uses: astral-sh/setup-uv@v10\nwith:\n  enable-cache: false", { on: "[push, workflow_dispatch]" }),
      errors: [{ messageId: "cacheByDefault" }],
    },
    {
      code: publishWith("uses: astral-sh/setup-uv@v3\nwith:\n  enable-cache: true"),
      output: publishWith("uses: astral-sh/setup-uv@v3\nwith:\n  enable-cache: false"),
      errors: [{ messageId: "cacheInput" }],
    },
    // A token upload is as exposed as trusted publishing.
    {
      code: publishWith("uses: actions/setup-python@v6\nwith: {cache: pip}", { publish: "run: twine upload -p ${{ secrets.PYPI }} dist/*" }),
      output: publishWith("uses: actions/setup-python@v6", { publish: "run: twine upload -p ${{ secrets.PYPI }} dist/*" }),
      errors: [{ messageId: "cacheInput" }],
    },
    // A flow-style step without `with:` gets a flow `with:`.
    {
      code: yaml`
        on: push
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - {uses: actions/setup-go@v5}
              - run: uv publish
      `,
      output: yaml`
        on: push
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - {uses: actions/setup-go@v5, with: {cache: false}}
              - run: uv publish
      `,
      errors: [{ messageId: "cacheByDefault" }],
    },
    // Inputs shared through an anchor: reported, not edited.
    {
      code: yaml`
        on: push
        x-with: &with
          cache: pip
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/setup-python@v6
                with: *with
              - run: uv publish
      `,
      output: null,
      errors: [{ messageId: "cacheInput" }],
    },
  ],
});

describe("the fix's output", () => {
  const input = publishWith("uses: actions/setup-node@v6\nwith:\n  node-version: 24 # lts\n  cache: npm");
  it("parses, changes only the step's inputs, and converges", () => {
    const config = withRules(["no-cache-in-publish-job"]);
    const { output } = fix(input, config);
    expect(changedPaths(dataOf(input), dataOf(output))).toEqual([
      ["jobs", "publish", "steps", 0, "with", "cache"],
      ["jobs", "publish", "steps", 0, "with", "package-manager-cache"],
    ]);
    expect(output).toContain("node-version: 24 # lts");
    expect(lint(output, config)).toEqual([]);
  });

  it("keeps CRLF line endings", () => {
    const crlf = publishWith("uses: actions/setup-go@v6").replace(/\n/gu, "\r\n");
    const { output } = fix(crlf, withRules(["no-cache-in-publish-job"]));
    expect(output).toBe(publishWith("uses: actions/setup-go@v6\nwith:\n  cache: false").replace(/\n/gu, "\r\n"));
  });
});
