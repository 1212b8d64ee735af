import { lint, withRules } from "../helpers/fix.js";
import { gitlabRepository, lintGitlab, removeGitlabRepositories } from "../helpers/gitlab.js";
import { afterAll, describe, expect, it } from "vitest";
import rule from "../../lib/rules/separate-build-from-publish.js";
import { ruleTester, yaml } from "../helpers/rule-tester.js";

const PYPA = "pypa/gh-action-pypi-publish@release/v1";

/** One trusted-publishing job that runs `script` before publishing. */
function publishAfter(script: string, publish = `uses: ${PYPA}`): string {
  return [
    "on: push",
    "jobs:",
    "  publish:",
    "    runs-on: ubuntu-latest",
    "    permissions:",
    "      id-token: write",
    "    steps:",
    "      - run: |",
    ...script.split("\n").map((line) => `          ${line}`),
    `      - ${publish}`,
    "",
  ].join("\n");
}

const build = (command: string, place = "Step 1 of job 'publish'") => ({ messageId: "buildInPublishJob" as const, data: { place, command, registry: "PyPI" } });

ruleTester().run("separate-build-from-publish", rule, {
  valid: [
    // PyPI's recommended split: build in one job, publish from another.
    yaml`
      on: push
      jobs:
        build:
          runs-on: ubuntu-latest
          steps:
            - run: python -m build
            - uses: actions/upload-artifact@v7
              with: {name: dist, path: dist/}
        publish:
          needs: build
          runs-on: ubuntu-latest
          environment: pypi
          permissions:
            id-token: write
          steps:
            - uses: actions/download-artifact@v8
              with: {name: dist, path: dist/}
            - uses: ${PYPA}
    `,
    // Not builds: checks, listings, installs of named tools, other make targets.
    publishAfter("ls -l dist\ntwine check dist/*"),
    publishAfter("python -m pip install --upgrade twine\npip install build"),
    publishAfter("npm install -g npm@latest"),
    publishAfter("make publish"),
    publishAfter('echo "python -m build"'),
    // A token upload: the build cannot mint an OIDC token there (another rule's concern).
    publishAfter("python -m build", "run: twine upload -p ${{ secrets.PYPI }} dist/*"),
  ],
  invalid: [
    { code: publishAfter("python -m build"), errors: [{ ...build("python -m build"), line: 8, column: 9 }] },
    { code: publishAfter("python3 -m build --sdist --wheel"), errors: [build("python -m build")] },
    { code: publishAfter("pyproject-build"), errors: [build("pyproject-build")] },
    { code: publishAfter("python setup.py sdist bdist_wheel"), errors: [build("python setup.py sdist")] },
    { code: publishAfter("python -m pip install ."), errors: [build("pip install .")] },
    { code: publishAfter("pip wheel -w dist ."), errors: [build("pip wheel")] },
    { code: publishAfter("uv build"), errors: [build("uv build")] },
    { code: publishAfter("uv run python -m build"), errors: [build("python -m build")] },
    { code: publishAfter("poetry build"), errors: [build("poetry build")] },
    { code: publishAfter("hatch build"), errors: [build("hatch build")] },
    { code: publishAfter("pdm build"), errors: [build("pdm build")] },
    { code: publishAfter("flit build"), errors: [build("flit build")] },
    { code: publishAfter("maturin sdist"), errors: [build("maturin sdist")] },
    { code: publishAfter("npm ci\nnpm run build"), errors: [build("npm ci")] },
    { code: publishAfter("cargo build --release"), errors: [build("cargo build")] },
    { code: publishAfter("make dist"), errors: [build("make")] },
    { code: publishAfter("cd pkg && make"), errors: [build("make")] },
    // One report per job, on the first build step.
    {
      code: yaml`
        on: push
        jobs:
          release:
            permissions:
              id-token: write
            steps:
              - run: pip install build
              - run: python -m build
              - run: uv build
              - run: uv publish
      `,
      errors: [{ messageId: "buildInPublishJob", data: { place: "Step 2 of job 'release'", command: "python -m build", registry: "PyPI" }, line: 8 }],
    },
  ],
});

describe("GitLab CI/CD", () => {
  afterAll(removeGitlabRepositories);
  const RULE = ["separate-build-from-publish"];

  it("reports a build in a job that publishes with its token, through extends and !reference", () => {
    const root = gitlabRepository("extends-reference");
    expect(lintGitlab(root, ".gitlab-ci.yml", RULE).map((message) => [message.line, message.message])).toEqual([
      [31, "`script` of job 'publish' runs `uv build` with an OIDC token for PyPI at hand; build in another job."],
    ]);
    expect(lintGitlab(gitlabRepository("npm-tp"), ".gitlab-ci.yml", RULE).map((message) => message.message)).toEqual([
      "`script` of job 'publish' runs `npm ci` with an OIDC token for npm at hand; build in another job.",
    ]);
  });

  it("is quiet where the build is its own job", () => {
    expect(lintGitlab(gitlabRepository("pypi-twine-tp"), ".gitlab-ci.yml", RULE)).toEqual([]);
    expect(lint("build:\n  script: python -m build\n", withRules(RULE), ".gitlab-ci.yml")).toEqual([]);
  });
});
