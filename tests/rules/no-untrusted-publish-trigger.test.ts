import { expectQuietOnGitlab } from "../helpers/gitlab.js";
import { describe, it } from "vitest";
import rule from "../../lib/rules/no-untrusted-publish-trigger.js";
import { ruleTester, yaml } from "../helpers/rule-tester.js";

const PYPA = "pypa/gh-action-pypi-publish@release/v1";

/** A workflow with `on:` as written and one publish job. */
function publishOn(on: string, { job = "", step = `uses: ${PYPA}`, stepExtra = "" } = {}): string {
  return [
    `on: ${on}`,
    "jobs:",
    "  publish:",
    "    runs-on: ubuntu-latest",
    ...(job ? [`    ${job}`] : []),
    "    permissions:",
    "      id-token: write",
    "    steps:",
    `      - ${step}`,
    ...(stepExtra ? [`        ${stepExtra}`] : []),
    "",
  ].join("\n");
}

ruleTester().run("no-untrusted-publish-trigger", rule, {
  valid: [
    publishOn("push"),
    publishOn("[release, workflow_dispatch]"),
    // Fork pull requests get no secrets and no OIDC token: not this rule's concern.
    publishOn("[pull_request, pull_request_review_comment]"),
    // Not publishing.
    yaml`
      on: pull_request_target
      jobs:
        label:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/labeler@v5
    `,
    // Publishing commands that are not uploads.
    publishOn("workflow_run", { step: "run: uv publish --dry-run" }),
    // The job or the publish step is gated on the event or ref: decided at run time.
    publishOn("[push, pull_request_target]", { job: "if: github.event_name == 'push'" }),
    publishOn("[push, workflow_run]", { job: "if: startsWith(github.ref, 'refs/tags/')" }),
    publishOn("[push, issue_comment]", { stepExtra: "if: github.ref_type == 'tag'" }),
    // … or waits for a job that is.
    yaml`
      on: [push, pull_request_target]
      jobs:
        gate:
          if: github.event_name == 'push'
          runs-on: ubuntu-latest
          steps:
            - run: echo ok
        publish:
          needs: [gate]
          runs-on: ubuntu-latest
          steps:
            - uses: ${PYPA}
    `,
    // A reusable-workflow call: what it does is not in this file.
    yaml`
      on: pull_request_target
      jobs:
        publish:
          uses: octo/org/.github/workflows/publish.yml@v1
    `,
    // Not a workflow.
    "on: pull_request_target\nsteps: []\n",
  ],
  invalid: [
    {
      code: publishOn("pull_request_target"),
      errors: [
        {
          messageId: "refusedTrigger",
          data: { job: "publish", event: "pull_request_target", registry: "PyPI" },
          line: 3,
          column: 3,
        },
      ],
    },
    // The refused event is named even when another untrusted event comes first.
    {
      code: publishOn("[workflow_run, pull_request_target]", { step: "run: uv publish --publish-url https://test.pypi.org/legacy/" }),
      errors: [{ messageId: "refusedTrigger", data: { job: "publish", event: "pull_request_target", registry: "TestPyPI" } }],
    },
    // PyPI does not refuse workflow_run: the general message.
    {
      code: publishOn("workflow_run"),
      errors: [{ messageId: "untrustedTrigger", data: { job: "publish", event: "workflow_run" } }],
    },
    // A token upload is not refused by the registry, but is just as exposed.
    {
      code: publishOn("pull_request_target", { step: `uses: ${PYPA}`, stepExtra: "with: {password: '${{ secrets.PYPI_TOKEN }}'}" }),
      errors: [{ messageId: "untrustedTrigger", data: { job: "publish", event: "pull_request_target" } }],
    },
    // Mapping form, issue and discussion events.
    {
      code: yaml`
        on:
          push:
            tags: ["v*"]
          issue_comment:
            types: [created]
        jobs:
          release:
            runs-on: ubuntu-latest
            steps:
              - run: python -m build
              - run: twine upload dist/*
      `,
      errors: [{ messageId: "untrustedTrigger", data: { job: "release", event: "issue_comment" } }],
    },
    ...["issues", "discussion", "discussion_comment"].map((event) => ({
      code: publishOn(event),
      errors: [{ messageId: "untrustedTrigger" as const, data: { job: "publish", event } }],
    })),
    // A condition that does not look at the event does not gate it.
    {
      code: publishOn("pull_request_target", { job: "if: github.event.pull_request.merged == true" }),
      errors: [{ messageId: "refusedTrigger" }],
    },
    // One report per publishing job.
    {
      code: yaml`
        on: workflow_run
        jobs:
          a:
            runs-on: ubuntu-latest
            steps:
              - run: uv publish
              - run: twine upload dist/*
          b:
            runs-on: ubuntu-latest
            steps:
              - uses: ${PYPA}
      `,
      errors: [
        { messageId: "untrustedTrigger", data: { job: "a", event: "workflow_run" } },
        { messageId: "untrustedTrigger", data: { job: "b", event: "workflow_run" } },
      ],
    },
  ],
});

describe("GitLab CI/CD", () => {
  it("stays quiet on GitLab pipelines (a GitHub Actions rule)", () => {
    const code = yaml`
      on: pull_request_target
      jobs:
        publish:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@v1
            - uses: pypa/gh-action-pypi-publish@master
      release:
        script: twine upload dist/*
    `;
    expectQuietOnGitlab("no-untrusted-publish-trigger", code);
  });
});
