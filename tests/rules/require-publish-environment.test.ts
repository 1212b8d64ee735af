import { gitlabRepository, lintGitlab, removeGitlabRepositories } from "../helpers/gitlab.js";
import { describe, expect, it, afterAll } from "vitest";
import rule from "../../lib/rules/require-publish-environment.js";
import { ruleTester, yaml } from "../helpers/rule-tester.js";
import { changedPaths, dataOf, lint, withRules } from "../helpers/fix.js";

const PYPA = "pypa/gh-action-pypi-publish@release/v1";

const NO_ENVIRONMENT = yaml`
  on: push
  jobs:
    publish:
      runs-on: ubuntu-latest # hosted
      permissions:
        id-token: write
      steps:
        - uses: ${PYPA}
`;

const WITH_ENVIRONMENT = yaml`
  on: push
  jobs:
    publish:
      environment: pypi
      runs-on: ubuntu-latest # hosted
      permissions:
        id-token: write
      steps:
        - uses: ${PYPA}
`;

ruleTester().run("require-publish-environment", rule, {
  valid: [
    WITH_ENVIRONMENT,
    // The long form, an expression, and a key we cannot read all count as an environment.
    yaml`
      on: push
      jobs:
        publish:
          environment:
            name: release
            url: https://pypi.org/p/example
          steps:
            - uses: ${PYPA}
    `,
    yaml`
      on: push
      jobs:
        publish:
          environment: \${{ inputs.target }}
          steps:
            - uses: ${PYPA}
    `,
    yaml`
      on: push
      jobs:
        publish:
          environment:
            url: https://pypi.org/p/example
          steps:
            - run: uv publish
    `,
    // Token uploads, uploads to other indexes, and jobs that do not publish.
    yaml`
      on: push
      jobs:
        publish:
          steps:
            - uses: ${PYPA}
              with:
                password: \${{ secrets.PYPI_API_TOKEN }}
    `,
    yaml`
      on: push
      jobs:
        publish:
          steps:
            - run: twine upload --repository-url https://nexus.example.com/pypi/ dist/*
    `,
    yaml`
      on: push
      jobs:
        test:
          steps:
            - run: pytest
    `,
  ],
  invalid: [
    {
      code: NO_ENVIRONMENT,
      errors: [
        {
          messageId: "missingEnvironment",
          data: { job: "publish", registry: "PyPI" },
          line: 3,
          suggestions: [{ messageId: "addEnvironment", data: { environment: "pypi", registry: "PyPI" }, output: WITH_ENVIRONMENT }],
        },
      ],
    },
    // TestPyPI's environment, in a flow-style job.
    {
      code: yaml`
        on: push
        jobs:
          test-publish: {runs-on: ubuntu-latest, steps: [{run: "uv publish --publish-url https://test.pypi.org/legacy/"}]}
      `,
      errors: [
        {
          messageId: "missingEnvironment",
          data: { job: "test-publish", registry: "TestPyPI" },
          suggestions: [
            {
              messageId: "addEnvironment",
              output: yaml`
                on: push
                jobs:
                  test-publish: {environment: testpypi, runs-on: ubuntu-latest, steps: [{run: "uv publish --publish-url https://test.pypi.org/legacy/"}]}
              `,
            },
          ],
        },
      ],
    },
    // A job shared through an anchor: reported, but no edit.
    {
      code: yaml`
        on: push
        jobs:
          publish: &publish
            runs-on: ubuntu-latest
            steps:
              - uses: ${PYPA}
      `,
      errors: [{ messageId: "missingEnvironment", suggestions: [] }],
    },
  ],
});

describe("the suggestion's output", () => {
  it("parses and adds only the job's environment; comments stay", () => {
    expect(changedPaths(dataOf(NO_ENVIRONMENT), dataOf(WITH_ENVIRONMENT))).toEqual([["jobs", "publish", "environment"]]);
    expect(WITH_ENVIRONMENT).toContain("runs-on: ubuntu-latest # hosted");
  });

  it("keeps CRLF line endings", () => {
    const crlf = NO_ENVIRONMENT.replace(/\n/gu, "\r\n");
    const [message] = lint(crlf, withRules(["require-publish-environment"]));
    const fix = message!.suggestions![0]!.fix;
    const output = crlf.slice(0, fix.range[0]) + fix.text + crlf.slice(fix.range[1]);
    expect(output).toBe(WITH_ENVIRONMENT.replace(/\n/gu, "\r\n"));
  });
});

describe("GitLab CI/CD", () => {
  afterAll(removeGitlabRepositories);
  const RULE = ["require-publish-environment"];

  it("asks for an environment on a job that publishes with its PyPI token, and suggests the registry's name", () => {
    const code = yaml`
      publish:
        id_tokens:
          PYPI_ID_TOKEN: {aud: pypi}
        script:
          - twine upload dist/*
    `;
    const [message, ...rest] = lint(code, withRules(RULE), ".gitlab-ci.yml");
    expect(rest).toEqual([]);
    expect(message?.message).toBe("Job 'publish' publishes to PyPI with trusted publishing but has no `environment:`.");
    const suggestion = message!.suggestions![0]!;
    const output = code.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + code.slice(suggestion.fix.range[1]);
    expect(changedPaths(dataOf(code), dataOf(output))).toEqual([["publish", "environment"]]);
    expect((dataOf(output) as { publish: { environment: string } }).publish.environment).toBe("pypi");
  });

  it("is quiet where the job has an environment, or no token in sight (a CI/CD variable may be its credential)", () => {
    for (const fixture of ["pypi-twine-tp", "npm-tp", "crates-tp", "nuget-tp", "mint-script", "default-id-tokens"]) {
      expect(lintGitlab(gitlabRepository(fixture), ".gitlab-ci.yml", RULE), fixture).toEqual([]);
    }
  });
});
