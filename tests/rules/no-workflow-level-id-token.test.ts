import { gitlabRepository, lintGitlab, removeGitlabRepositories } from "../helpers/gitlab.js";
import { describe, expect, it, afterAll } from "vitest";
import rule from "../../lib/rules/no-workflow-level-id-token.js";
import { ruleTester, yaml } from "../helpers/rule-tester.js";
import { changedPaths, dataOf, fix, lint, withRules } from "../helpers/fix.js";

const PYPA = "pypa/gh-action-pypi-publish@release/v1";

/** Build + publish, with the grant at workflow level: the fix's input. */
const BUILD_AND_PUBLISH = yaml`
  on: push
  permissions:
    contents: read # read the code
    id-token: write
  jobs:
    build:
      runs-on: ubuntu-latest
      steps:
        - run: python -m build
    publish:
      needs: build
      runs-on: ubuntu-latest
      steps:
        - uses: ${PYPA}
`;

const MOVED = yaml`
  on: push
  permissions:
    contents: read # read the code
  jobs:
    build:
      runs-on: ubuntu-latest
      steps:
        - run: python -m build
    publish:
      permissions:
        contents: read
        id-token: write
      needs: build
      runs-on: ubuntu-latest
      steps:
        - uses: ${PYPA}
`;

ruleTester().run("no-workflow-level-id-token", rule, {
  valid: [
    MOVED,
    // Every job that inherits the grant uses it.
    yaml`
      on: push
      permissions:
        id-token: write
      jobs:
        publish:
          steps:
            - uses: ${PYPA}
    `,
    // npm's own example: one job that publishes (npm is not modelled yet, but may use OIDC).
    yaml`
      on: push
      permissions:
        id-token: write
        contents: read
      jobs:
        publish:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@v6
            - run: npm publish
    `,
    // No job inherits the workflow block.
    yaml`
      on: push
      permissions:
        id-token: write
      jobs:
        test:
          permissions: {contents: read}
          steps:
            - run: pytest
    `,
    // Not granted at workflow level, or decided at run time.
    yaml`
      on: push
      permissions:
        id-token: none
      jobs:
        test:
          steps:
            - run: pytest
    `,
    yaml`
      on: push
      permissions: \${{ fromJSON(vars.PERMISSIONS) }}
      jobs:
        test:
          steps:
            - run: pytest
    `,
    yaml`
      on: push
      permissions: read-all
      jobs:
        test:
          steps:
            - run: pytest
    `,
    // Jobs that may use OIDC through something we cannot judge.
    yaml`
      on: push
      permissions:
        id-token: write
      jobs:
        deploy:
          steps:
            - uses: ./.github/actions/deploy
        bench:
          steps:
            - uses: CodSpeedHQ/action@v4
    `,
  ],
  invalid: [
    {
      code: BUILD_AND_PUBLISH,
      output: MOVED,
      errors: [{ messageId: "workflowLevelIdToken", data: { grant: "`id-token: write`", job: "build", more: "" }, line: 4, column: 3 }],
    },
    // Nothing needs it: the grant goes (alone in its block, it becomes `none`: no block would
    // hand the jobs the repository's default permissions).
    {
      code: yaml`
        on: push
        permissions:
          id-token: write
        jobs:
          lint:
            steps:
              - run: ruff check
          test:
            steps:
              - run: pytest
      `,
      output: yaml`
        on: push
        permissions:
          id-token: none
        jobs:
          lint:
            steps:
              - run: ruff check
          test:
            steps:
              - run: pytest
      `,
      errors: [{ messageId: "workflowLevelIdToken", data: { grant: "`id-token: write`", job: "lint", more: " and 1 more" } }],
    },
    // Flow style; a Pages deployment keeps the grant with the scopes it had.
    {
      code: yaml`
        on: push
        permissions: {contents: read, pages: write, id-token: write}
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/upload-pages-artifact@v4
          deploy:
            needs: build
            runs-on: ubuntu-latest
            steps:
              - uses: actions/deploy-pages@v5
      `,
      output: yaml`
        on: push
        permissions: {contents: read, pages: write}
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/upload-pages-artifact@v4
          deploy:
            permissions:
              contents: read
              pages: write
              id-token: write
            needs: build
            runs-on: ubuntu-latest
            steps:
              - uses: actions/deploy-pages@v5
      `,
      errors: [{ messageId: "workflowLevelIdToken", data: { grant: "`id-token: write`", job: "build", more: "" } }],
    },
    // Cloud credentials, attestations and scripts that request the token keep it.
    {
      code: yaml`
        on: push
        permissions:
          id-token: write
        jobs:
          aws:
            steps:
              - uses: aws-actions/configure-aws-credentials@v4
          attest:
            steps:
              - uses: actions/attest-build-provenance@v3
          script:
            steps:
              - run: curl -sH "Authorization=$ACTIONS_ID_TOKEN_REQUEST_TOKEN" "$ACTIONS_ID_TOKEN_REQUEST_URL"
          docs:
            steps:
              - run: mkdocs build
      `,
      output: null,
      errors: [
        {
          messageId: "workflowLevelIdToken",
          data: { grant: "`id-token: write`", job: "docs", more: "" },
          suggestions: [
            {
              messageId: "moveGrant",
              data: { jobs: "jobs 'aws', 'attest', 'script'", unsure: "job 'aws'" },
              output: yaml`
                on: push
                permissions:
                  id-token: none
                jobs:
                  aws:
                    permissions:
                      id-token: write
                    steps:
                      - uses: aws-actions/configure-aws-credentials@v4
                  attest:
                    permissions:
                      id-token: write
                    steps:
                      - uses: actions/attest-build-provenance@v3
                  script:
                    permissions:
                      id-token: write
                    steps:
                      - run: curl -sH "Authorization=$ACTIONS_ID_TOKEN_REQUEST_TOKEN" "$ACTIONS_ID_TOKEN_REQUEST_URL"
                  docs:
                    steps:
                      - run: mkdocs build
              `,
            },
          ],
        },
      ],
    },
    // A reusable-workflow call may need it: suggestion only.
    {
      code: yaml`
        on: push
        permissions:
          contents: read
          id-token: write
        jobs:
          release:
            uses: octo/org/.github/workflows/release.yml@v1
          test:
            steps:
              - run: pytest
      `,
      output: null,
      errors: [
        {
          messageId: "workflowLevelIdToken",
          suggestions: [
            {
              messageId: "moveGrant",
              data: { jobs: "job 'release'", unsure: "job 'release'" },
              output: yaml`
                on: push
                permissions:
                  contents: read
                jobs:
                  release:
                    permissions:
                      contents: read
                      id-token: write
                    uses: octo/org/.github/workflows/release.yml@v1
                  test:
                    steps:
                      - run: pytest
              `,
            },
          ],
        },
      ],
    },
    // write-all: reported, no edit (there is no "everything but id-token" to write).
    {
      code: yaml`
        on: push
        permissions: write-all
        jobs:
          test:
            steps:
              - run: pytest
      `,
      output: null,
      errors: [{ messageId: "workflowLevelIdToken", data: { grant: "`write-all`", job: "test", more: "" }, line: 2, suggestions: [] }],
    },
    // A scope decided at run time: it cannot be copied to a job that keeps the grant…
    {
      code: yaml`
        on: push
        permissions:
          contents: \${{ vars.LEVEL }}
          id-token: write
        jobs:
          publish:
            steps:
              - uses: ${PYPA}
          test:
            steps:
              - run: pytest
      `,
      output: null,
      errors: [{ messageId: "workflowLevelIdToken", suggestions: [] }],
    },
    // … but where no job keeps it, taking it off the workflow block is exact.
    {
      code: yaml`
        on: push
        permissions:
          contents: \${{ vars.LEVEL }}
          id-token: write
        jobs:
          test:
            steps:
              - run: pytest
      `,
      output: yaml`
        on: push
        permissions:
          contents: \${{ vars.LEVEL }}
        jobs:
          test:
            steps:
              - run: pytest
      `,
      errors: [{ messageId: "workflowLevelIdToken" }],
    },
    // Permissions through an anchor: no edit.
    {
      code: yaml`
        on: push
        permissions: &perms
          id-token: write
        jobs:
          test:
            steps:
              - run: pytest
      `,
      output: null,
      errors: [{ messageId: "workflowLevelIdToken", suggestions: [] }],
    },
  ],
});

describe("the fix's output", () => {
  it("parses, changes only permissions, keeps the comment, and converges", () => {
    const config = withRules(["no-workflow-level-id-token", "require-id-token-permission"]);
    const result = fix(BUILD_AND_PUBLISH, config);
    expect(result.output).toBe(MOVED);
    expect(changedPaths(dataOf(BUILD_AND_PUBLISH), dataOf(result.output))).toEqual([
      ["permissions", "id-token"],
      ["jobs", "publish", "permissions"],
    ]);
    expect(lint(result.output, config)).toEqual([]);
  });

  it("keeps CRLF line endings", () => {
    const crlf = BUILD_AND_PUBLISH.replace(/\n/gu, "\r\n");
    expect(fix(crlf, withRules(["no-workflow-level-id-token"])).output).toBe(MOVED.replace(/\n/gu, "\r\n"));
  });
});

describe("GitLab CI/CD: `default: id_tokens:`", () => {
  afterAll(removeGitlabRepositories);
  const RULE = ["no-workflow-level-id-token"];

  it("reports a registry token under default:, which every job gets", () => {
    const root = gitlabRepository("default-id-tokens");
    expect(lintGitlab(root, "pypi-default.gitlab-ci.yml", RULE).map((message) => [message.line, message.message])).toEqual([
      [3, "`default:` gives every job the PyPI token `PYPI_ID_TOKEN`; declare it in the publishing job's `id_tokens:` only."],
    ]);
  });

  const applySuggestion = (code: string, message: { suggestions?: { desc: string; fix: { range: [number, number]; text: string } }[] }) => {
    const suggestion = message.suggestions?.[0];
    if (!suggestion) return undefined;
    const { range, text } = suggestion.fix;
    return { desc: suggestion.desc, output: code.slice(0, range[0]) + text + code.slice(range[1]) };
  };
  const PIPELINE = yaml`
    default:
      id_tokens:
        PYPI_ID_TOKEN:
          aud: pypi
    test:
      script: pytest
    publish:
      script: twine upload dist/*
  `;

  it("suggests moving the token into the jobs that read it; default: goes when nothing else is in it", () => {
    const [message] = lint(PIPELINE, withRules(RULE), ".gitlab-ci.yml");
    const applied = applySuggestion(PIPELINE, message!);
    expect(applied?.desc).toBe("Declare `PYPI_ID_TOKEN` in the `id_tokens:` of job 'publish' only, the jobs that read it");
    expect(applied?.output).toBe(yaml`
      test:
        script: pytest
      publish:
        script: twine upload dist/*
        id_tokens:
          PYPI_ID_TOKEN:
            aud: pypi
    `);
    expect(changedPaths(dataOf(PIPELINE), dataOf(applied!.output))).toEqual([["default"], ["publish", "id_tokens"]]);
    expect(lint(applied!.output, withRules(RULE), ".gitlab-ci.yml")).toEqual([]);
  });

  it("keeps default:'s other keys, and removes a token no job reads", () => {
    const withImage = PIPELINE.replace("default:\n", "default:\n  image: python:3.13\n");
    const moved = applySuggestion(withImage, lint(withImage, withRules(RULE), ".gitlab-ci.yml")[0]!);
    expect(changedPaths(dataOf(withImage), dataOf(moved!.output))).toEqual([["default", "id_tokens"], ["publish", "id_tokens"]]);
    const unread = withImage.replace("twine upload dist/*", "echo done");
    const removed = applySuggestion(unread, lint(unread, withRules(RULE), ".gitlab-ci.yml")[0]!);
    expect(removed?.desc).toBe("Remove `PYPI_ID_TOKEN` from `default:`; no job reads it");
    expect(changedPaths(dataOf(unread), dataOf(removed!.output))).toEqual([["default", "id_tokens"]]);
  });

  it("suggests nothing where a job's own id_tokens: would replace another token default: gives", () => {
    const withVault = PIPELINE.replace("      aud: pypi\n", "      aud: pypi\n    VAULT_ID_TOKEN:\n      aud: https://vault.example.com\n");
    expect(withVault).toContain("VAULT_ID_TOKEN");
    const [message] = lint(withVault, withRules(RULE), ".gitlab-ci.yml");
    expect(message?.message).toBe("`default:` gives every job the PyPI token `PYPI_ID_TOKEN`; declare it in the publishing job's `id_tokens:` only.");
    expect(message?.suggestions).toBeUndefined();
  });

  it("leaves other audiences under default: alone (a vault's is not a registry grant)", () => {
    expect(lintGitlab(gitlabRepository("default-id-tokens"), ".gitlab-ci.yml", RULE)).toEqual([]);
  });
});
