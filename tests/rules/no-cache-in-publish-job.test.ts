import { gitlabRepository, lintGitlab, removeGitlabRepositories } from "../helpers/gitlab.js";
import { describe, expect, it, afterAll } from "vitest";
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
      errors: [{ messageId: "cacheAction", data: { place: "Step 'actions/cache@v4' of job 'publish'" }, line: 6 }],
    },
    {
      code: publishWith("uses: actions/cache/restore@v4\nwith: {path: x, key: k}"),
      output: null,
      errors: [{ messageId: "cacheAction" }],
    },
    // An input that asks for a cache goes, with the inputs that only serve it.
    {
      code: publishWith("uses: actions/setup-python@v6\nwith:\n  python-version: '3.x'\n  cache: pip # speed\n  cache-dependency-path: pyproject.toml"),
      output: null,
      errors: [{ messageId: "cacheInput", data: { place: "Step 'actions/setup-python@v6' of job 'publish'", input: "cache" }, line: 9, column: 11, suggestions: [{ messageId: "turnOff", output: publishWith("uses: actions/setup-python@v6\nwith:\n  python-version: '3.x'") }] }],
    },
    // `with:` left empty goes too.
    {
      code: publishWith("uses: ruby/setup-ruby@v1\nwith:\n  bundler-cache: true"),
      output: null,
      errors: [{ messageId: "cacheInput", data: { place: "Step 'ruby/setup-ruby@v1' of job 'publish'", input: "bundler-cache" }, suggestions: [{ messageId: "turnOff", output: publishWith("uses: ruby/setup-ruby@v1") }] }],
    },
    {
      code: publishWith("uses: actions/setup-java@v4\nwith: {distribution: temurin, cache: maven}"),
      output: null,
      errors: [{ messageId: "cacheInput", suggestions: [{ messageId: "turnOff", output: publishWith("uses: actions/setup-java@v4\nwith: {distribution: temurin}") }] }],
    },
    // setup-node v4: `cache:` goes; v5+: it becomes `package-manager-cache: false`, or the automatic cache would take over.
    {
      code: publishWith("uses: actions/setup-node@v4\nwith:\n  node-version: 24\n  cache: npm"),
      output: null,
      errors: [{ messageId: "cacheInput", suggestions: [{ messageId: "turnOff", output: publishWith("uses: actions/setup-node@v4\nwith:\n  node-version: 24") }] }],
    },
    {
      code: publishWith("uses: actions/setup-node@v6\nwith:\n  node-version: 24\n  cache: pnpm\n  cache-dependency-path: pnpm-lock.yaml"),
      output: null,
      errors: [{ messageId: "cacheInput", suggestions: [{ messageId: "turnOff", output: publishWith("uses: actions/setup-node@v6\nwith:\n  node-version: 24\n  package-manager-cache: false") }] }],
    },
    // setup-node v5+ caches by default (when package.json names the package manager).
    {
      code: publishWith("uses: actions/setup-node@v6\nwith:\n  node-version: 24"),
      output: null,
      errors: [
        {
          message: "Step 'actions/setup-node@v6' of job 'publish' restores an npm cache by default in a job that publishes, and any workflow run can poison it.",
          suggestions: [
            {
              desc: "Turn the cache off: set `package-manager-cache: false`",
              output: publishWith("uses: actions/setup-node@v6\nwith:\n  node-version: 24\n  package-manager-cache: false"),
            },
          ],
        },
      ],
    },
    {
      code: publishWith("uses: actions/setup-node@v5"),
      output: null,
      errors: [{ messageId: "cacheByDefault", data: { place: "Step 'actions/setup-node@v5' of job 'publish'", note: "a cache by default when package.json has `packageManager`" }, suggestions: [{ messageId: "turnOff", output: publishWith("uses: actions/setup-node@v5\nwith:\n  package-manager-cache: false") }] }],
    },
    // A SHA pin placed by the action data (v6.0.0) or by its version comment.
    {
      code: publishWith("uses: actions/setup-node@2028fbc5c25fe9cf00d9f06a71cc4710d4507903 # v6.0.0"),
      output: null,
      errors: [{ messageId: "cacheByDefault", suggestions: [{ messageId: "turnOff", output: publishWith("uses: actions/setup-node@2028fbc5c25fe9cf00d9f06a71cc4710d4507903 # v6.0.0\nwith:\n  package-manager-cache: false") }] }],
    },
    // setup-go v4+ and setup-uv v5+ cache by default; their switch is the same input.
    {
      code: publishWith("uses: actions/setup-go@v6\nwith:\n  go-version: stable\n  cache: true"),
      output: null,
      errors: [{ messageId: "cacheInput", suggestions: [{ messageId: "turnOff", output: publishWith("uses: actions/setup-go@v6\nwith:\n  go-version: stable\n  cache: false") }] }],
    },
    {
      code: publishWith("uses: actions/setup-go@v5"),
      output: null,
      errors: [{ messageId: "cacheByDefault", data: { place: "Step 'actions/setup-go@v5' of job 'publish'", note: "a Go module cache by default" }, suggestions: [{ messageId: "turnOff", output: publishWith("uses: actions/setup-go@v5\nwith:\n  cache: false") }] }],
    },
    // A quoted value is set off as a YAML boolean, as every input writer writes `false` (was: `'false'`).
    {
      code: publishWith("name: Install uv\nuses: astral-sh/setup-uv@v7\nwith:\n  enable-cache: 'auto'"),
      output: null,
      errors: [{ messageId: "cacheByDefault", data: { place: "Step 'Install uv' of job 'publish'", note: "a uv cache by default on hosted runners" }, suggestions: [{ messageId: "turnOff", output: publishWith("name: Install uv\nuses: astral-sh/setup-uv@v7\nwith:\n  enable-cache: false") }] }],
    },
    {
      code: publishWith("uses: astral-sh/setup-uv@v10", { on: "[push, workflow_dispatch]" }),
      output: null,
      errors: [{ messageId: "cacheByDefault", suggestions: [{ messageId: "turnOff", output: publishWith("uses: astral-sh/setup-uv@v10\nwith:\n  enable-cache: false", { on: "[push, workflow_dispatch]" }) }] }],
    },
    {
      code: publishWith("uses: astral-sh/setup-uv@v3\nwith:\n  enable-cache: true"),
      output: null,
      errors: [{ messageId: "cacheInput", suggestions: [{ messageId: "turnOff", output: publishWith("uses: astral-sh/setup-uv@v3\nwith:\n  enable-cache: false") }] }],
    },
    // A token upload is as exposed as trusted publishing.
    {
      code: publishWith("uses: actions/setup-python@v6\nwith: {cache: pip}", { publish: "run: twine upload -p ${{ secrets.PYPI }} dist/*" }),
      output: null,
      errors: [{ messageId: "cacheInput", suggestions: [{ messageId: "turnOff", output: publishWith("uses: actions/setup-python@v6", { publish: "run: twine upload -p ${{ secrets.PYPI }} dist/*" }) }] }],
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
      output: null,
      errors: [
        {
          messageId: "cacheByDefault",
          suggestions: [
            {
              messageId: "turnOff",
              output: yaml`
                on: push
                jobs:
                  publish:
                    runs-on: ubuntu-latest
                    steps:
                      - {uses: actions/setup-go@v5, with: {cache: false}}
                      - run: uv publish
              `,
            },
          ],
        },
      ],
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
      errors: [{ messageId: "cacheInput", suggestions: [] }],
    },
    // A step without a name or `uses` is named by its place; never by its script.
    {
      code: publishWith("uses: actions/cache@v4\nwith: {path: x, key: k}").replace("      - uses: actions/cache@v4", "      - name: ''\n        uses: actions/cache@v4"),
      output: null,
      errors: [{ message: "Step 'actions/cache@v4' of job 'publish' restores a cache in a job that publishes, and any workflow run can poison it." }],
    },
  ],
});

describe("the suggestion's output", () => {
  const config = withRules(["no-cache-in-publish-job"]);
  /** The text after applying the first suggestion of the first report. */
  function suggested(code: string): string {
    const [message] = lint(code, config);
    const { range, text } = message!.suggestions![0]!.fix;
    return code.slice(0, range[0]) + text + code.slice(range[1]);
  }

  it("is never an autofix: turning a cache off changes what the job installs from", () => {
    const input = publishWith("uses: actions/setup-node@v6\nwith:\n  node-version: 24 # lts\n  cache: npm");
    expect(fix(input, config).fixed).toBe(false);
    expect(rule.meta?.fixable).toBeUndefined();
  });

  it("parses, changes only the step's inputs, and leaves nothing to report", () => {
    const input = publishWith("uses: actions/setup-node@v6\nwith:\n  node-version: 24 # lts\n  cache: npm");
    const output = suggested(input);
    expect(changedPaths(dataOf(input), dataOf(output))).toEqual([
      ["jobs", "publish", "steps", 0, "with", "cache"],
      ["jobs", "publish", "steps", 0, "with", "package-manager-cache"],
    ]);
    expect(output).toContain("node-version: 24 # lts");
    expect(lint(output, config)).toEqual([]);
  });

  it("keeps CRLF line endings", () => {
    const crlf = publishWith("uses: actions/setup-go@v6").replace(/\n/gu, "\r\n");
    expect(suggested(crlf)).toBe(publishWith("uses: actions/setup-go@v6\nwith:\n  cache: false").replace(/\n/gu, "\r\n"));
  });
});

describe("GitLab CI/CD: `cache:` in a publish job", () => {
  afterAll(removeGitlabRepositories);
  const RULE = ["no-cache-in-publish-job"];

  it("reports the job's own cache and one from default:, with suggestions that remove it or override it with []", () => {
    const code = yaml`
      default:
        cache:
          paths: [.cache/pip]
      publish:
        id_tokens:
          PYPI_ID_TOKEN: {aud: pypi}
        cache:
          key: pip
          paths: [.cache/pip]
        script: twine upload dist/*
      publish-default:
        id_tokens:
          PYPI_ID_TOKEN: {aud: pypi}
        script: twine upload dist/*
      test:
        script: pytest
    `;
    const messages = lint(code, withRules(RULE), ".gitlab-ci.yml");
    expect(messages.map((message) => [message.line, message.message])).toEqual([
      [7, "Job 'publish' restores a cache (`cache:`) in a job that publishes, and any pipeline can poison it."],
      [11, "Job 'publish-default' restores a cache (`cache:` from `default:`) in a job that publishes, and any pipeline can poison it."],
    ]);
    const apply = (index: number) => {
      const { fix } = messages[index]!.suggestions![0]!;
      return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
    };
    expect(changedPaths(dataOf(code), dataOf(apply(0)))).toEqual([["publish", "cache"]]);
    expect(changedPaths(dataOf(code), dataOf(apply(1)))).toEqual([["publish-default", "cache"]]);
    expect((dataOf(apply(1)) as Record<string, { cache: unknown }>)["publish-default"]!.cache).toEqual([]);
    expect(lint(apply(1), withRules(RULE), ".gitlab-ci.yml")).toHaveLength(1);
  });

  it("is quiet on GitLab's own package registry (CI_JOB_TOKEN) and on jobs that do not publish", () => {
    const root = gitlabRepository("gitlab-registry");
    expect(lintGitlab(root, ".gitlab/ci/deploy.yml", RULE)).toEqual([]);
  });
});
