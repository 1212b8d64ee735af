import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixGitlab, gitlabRepository, lintGitlab, removeGitlabRepositories } from "../helpers/gitlab.js";
import rule from "../../lib/rules/require-id-token-permission.js";
import { ruleTester, yaml } from "../helpers/rule-tester.js";
import { changedPaths, dataOf, fix, lint, withRules } from "../helpers/fix.js";

const PYPA = "pypa/gh-action-pypi-publish@release/v1";

/** A one-job workflow whose job runs `script` in a step. */
function runJob(script: string, { jobPermissions = "", env = "" } = {}): string {
  return [
    "on: push",
    "jobs:",
    "  publish:",
    "    runs-on: ubuntu-latest",
    ...(jobPermissions ? [`    permissions: ${jobPermissions}`] : []),
    "    steps:",
    "      - run: |",
    ...script.split("\n").map((line) => `          ${line}`),
    ...(env ? ["        env:", ...env.split("\n").map((line) => `          ${line}`)] : []),
    "",
  ].join("\n");
}

const missing = [{ messageId: "missingIdToken" as const }];

/**
 * A job with no `permissions` anywhere has the repository's default permissions, which a new
 * block replaces: the grant is a suggestion whose output is `output`, not a fix.
 */
const suggested = (output: string, messageId: "missingIdToken" | "missingIdTokenForWorkflow" | "missingIdTokenForOption" = "missingIdToken") => [
  { messageId, suggestions: [{ messageId: "addPermissions" as const, output }] },
];

const NO_PERMISSIONS = yaml`
  on: push
  jobs:
    publish:
      runs-on: ubuntu-latest
      environment: pypi
      steps:
        - uses: actions/download-artifact@v4
        - name: Publish to PyPI
          uses: ${PYPA}
`;

ruleTester().run("require-id-token-permission", rule, {
  valid: [
    // Permission shapes that grant id-token.
    yaml`
      on: push
      jobs:
        publish:
          runs-on: ubuntu-latest
          permissions:
            id-token: write
          steps:
            - uses: ${PYPA}
    `,
    yaml`
      on: push
      permissions:
        id-token: write
      jobs:
        publish:
          runs-on: ubuntu-latest
          steps:
            - uses: ${PYPA}
    `,
    yaml`
      on: push
      permissions: write-all
      jobs:
        publish:
          steps:
            - uses: ${PYPA}
    `,
    yaml`
      on: push
      jobs:
        publish:
          permissions: {contents: read, id-token: write}
          steps:
            - uses: ${PYPA}
    `,
    // Through an alias, and an anchor.
    yaml`
      on: push
      x-perms: &perms
        id-token: write
      jobs:
        publish:
          permissions: *perms
          steps:
            - uses: ${PYPA}
    `,
    // Decided at run time: no report.
    yaml`
      on: push
      jobs:
        publish:
          permissions: \${{ fromJSON(vars.PERMS) }}
          steps:
            - uses: ${PYPA}
    `,
    yaml`
      on: push
      jobs:
        publish:
          permissions:
            id-token: \${{ vars.LEVEL }}
          steps:
            - uses: ${PYPA}
    `,
    // A token reaches the upload: not trusted publishing (prefer-trusted-publishing's concern).
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
            - uses: ${PYPA}
              with:
                user: someone
                password: hunter2
    `,
    runJob("twine upload dist/*", { env: "TWINE_PASSWORD: ${{ secrets.PYPI }}" }),
    runJob("python -m twine upload -p ${{ secrets.PYPI }} dist/*"),
    runJob("twine upload --password=$PYPI_TOKEN dist/*"),
    runJob("TWINE_PASSWORD=${{ secrets.PYPI }} twine upload dist/*"),
    runJob("export TWINE_PASSWORD=${{ secrets.PYPI }}\ntwine upload dist/*"),
    runJob("uv publish", { env: "UV_PUBLISH_TOKEN: ${{ secrets.PYPI }}" }),
    runJob("uv publish --token ${{ secrets.PYPI }}"),
    runJob("pdm publish -P ${{ secrets.PYPI }}"),
    runJob("maturin upload dist/*", { env: "MATURIN_PYPI_TOKEN: ${{ secrets.PYPI }}" }),
    yaml`
      on: push
      env:
        TWINE_PASSWORD: \${{ secrets.PYPI }}
      jobs:
        publish:
          steps:
            - run: twine upload dist/*
    `,
    yaml`
      on: push
      jobs:
        publish:
          env:
            TWINE_PASSWORD: \${{ secrets.PYPI }}
          steps:
            - run: twine upload dist/*
    `,
    // A credential written to $GITHUB_ENV by an earlier step: unknown, so quiet.
    yaml`
      on: push
      jobs:
        publish:
          steps:
            - run: echo "TWINE_PASSWORD=\${{ secrets.PYPI }}" >> "$GITHUB_ENV"
            - run: twine upload dist/*
    `,
    // An env block that is an expression may hold the credential.
    yaml`
      on: push
      jobs:
        publish:
          env: \${{ fromJSON(vars.ENV) }}
          steps:
            - run: twine upload dist/*
    `,
    // Not publishing: shell that only mentions an upload.
    runJob('echo "twine upload dist/*"'),
    runJob("# twine upload dist/*\nls dist"),
    runJob("cat > notes.txt <<EOF\ntwine upload dist/*\nuv publish\nEOF\nls"),
    runJob("cat <<-'DOC'\n\ttwine upload dist/*\n\tDOC"),
    runJob("twine check dist/*"),
    runJob("uv publish --dry-run"),
    runJob("python -m build && twine --version"),
    // Tools without trusted publishing: nothing to grant.
    runJob("poetry publish --build"),
    runJob("hatch publish"),
    // Uploads to other indexes.
    yaml`
      on: push
      jobs:
        publish:
          steps:
            - uses: ${PYPA}
              with:
                repository-url: https://pypi.example.com/legacy/
    `,
    runJob("twine upload --repository-url https://nexus.example.com/repository/pypi/ dist/*"),
    runJob("twine upload -r internal dist/*"),
    runJob("twine upload dist/*", { env: "TWINE_REPOSITORY_URL: https://nexus.example.com/pypi/" }),
    runJob("uv publish", { env: "UV_PUBLISH_URL: https://nexus.example.com/pypi/" }),
    runJob("uv publish --index internal"),
    runJob("pdm publish -r https://nexus.example.com/pypi/"),
    // A target decided at run time.
    yaml`
      on: push
      jobs:
        publish:
          steps:
            - uses: ${PYPA}
              with:
                repository-url: \${{ matrix.index }}
    `,
    // maturin-action building, not uploading.
    yaml`
      on: push
      jobs:
        build:
          steps:
            - uses: PyO3/maturin-action@v1
              with:
                command: build
    `,
    // A job that calls a reusable workflow has no steps of its own.
    yaml`
      on: push
      jobs:
        publish:
          uses: octo/release/.github/workflows/pypi.yml@v1
    `,
    // Not a workflow: no `jobs` at the top.
    yaml`
      steps:
        - uses: ${PYPA}
    `,
    // Multi-document files are not workflows.
    `jobs:\n  a:\n    steps:\n      - uses: ${PYPA}\n---\njobs: {}\n`,
    // Odd shapes: nulls, lists and scalars where mappings belong.
    "jobs:\n",
    "jobs: []\n",
    "jobs:\n  publish:\n",
    "jobs:\n  publish:\n    steps:\n",
    "jobs:\n  publish:\n    steps:\n      -\n      - 42\n      - [a]\n",
    `jobs:\n  publish:\n    permissions:\n    steps:\n      - uses: ${PYPA}\n`,
    `jobs:\n  ? [complex, key]\n  : steps:\n      - uses: ${PYPA}\n`,
    "",
    "# only a comment\n",
  ],
  invalid: [
    // No permissions anywhere: PyPI's recommended minimum, as a suggestion (it replaces the repository's defaults).
    {
      code: NO_PERMISSIONS,
      output: null,
      errors: [
        {
          message:
            "Job 'publish' publishes to PyPI by trusted publishing without `id-token: write` (no `permissions` set).",
          line: 3,
          column: 3,
          suggestions: [
            {
              desc: "Give the job `contents: read` and `id-token: write` (this replaces the repository's default permissions: add any other scope the job needs).",
              output: NO_PERMISSIONS.replace("    runs-on:", "    permissions:\n      contents: read\n      id-token: write\n    runs-on:"),
            },
          ],
        },
      ],
    },
    // Inherited workflow block: the new job block keeps every scope it had.
    {
      code: yaml`
        on: push
        permissions:
          contents: write
          pull-requests: read
        jobs:
          release:
            runs-on: ubuntu-latest
            steps:
              - uses: ${PYPA}
      `,
      output: yaml`
        on: push
        permissions:
          contents: write
          pull-requests: read
        jobs:
          release:
            permissions:
              contents: write
              pull-requests: read
              id-token: write
            runs-on: ubuntu-latest
            steps:
              - uses: ${PYPA}
      `,
      errors: [{ messageId: "missingIdToken", data: { job: "release", step: PYPA, index: "PyPI", reason: "the workflow's `permissions` omit it" } }],
    },
    // The workflow grants it, but the job's own block replaces the workflow's.
    {
      code: yaml`
        on: push
        permissions:
          id-token: write
        jobs:
          publish:
            runs-on: ubuntu-latest
            permissions:
              contents: read  # read the repository
            steps:
              - uses: ${PYPA}
      `,
      output: yaml`
        on: push
        permissions:
          id-token: write
        jobs:
          publish:
            runs-on: ubuntu-latest
            permissions:
              contents: read  # read the repository
              id-token: write
            steps:
              - uses: ${PYPA}
      `,
      errors: [
        {
          messageId: "missingIdToken",
          data: {
            job: "publish",
            step: PYPA,
            index: "PyPI",
            reason: "its `permissions` replace the workflow's grant",
          },
          line: 7,
          column: 5,
        },
      ],
    },
    // Flow mappings.
    {
      code: `on: push\njobs:\n  publish:\n    permissions: { contents: read }\n    steps:\n      - uses: ${PYPA}\n`,
      output: `on: push\njobs:\n  publish:\n    permissions: { contents: read, id-token: write }\n    steps:\n      - uses: ${PYPA}\n`,
      errors: missing,
    },
    {
      code: `on: push\njobs:\n  publish:\n    permissions: {}\n    steps:\n      - uses: ${PYPA}\n`,
      output: `on: push\njobs:\n  publish:\n    permissions: {id-token: write}\n    steps:\n      - uses: ${PYPA}\n`,
      errors: missing,
    },
    // A flow-style job.
    {
      code: `on: push\njobs:\n  publish: {runs-on: ubuntu-latest, steps: [{uses: ${PYPA}}]}\n`,
      output: null,
      errors: suggested(`on: push\njobs:\n  publish: {permissions: {contents: read, id-token: write}, runs-on: ubuntu-latest, steps: [{uses: ${PYPA}}]}\n`),
    },
    // An explicit id-token level other than write.
    {
      code: `on: push\njobs:\n  publish:\n    permissions:\n      id-token: none\n      contents: read\n    steps:\n      - uses: ${PYPA}\n`,
      output: `on: push\njobs:\n  publish:\n    permissions:\n      id-token: write\n      contents: read\n    steps:\n      - uses: ${PYPA}\n`,
      errors: [{ messageId: "missingIdToken", data: { job: "publish", step: PYPA, index: "PyPI", reason: "it sets `id-token: none`" } }],
    },
    {
      code: `on: push\npermissions:\n  id-token: read\njobs:\n  publish:\n    steps:\n      - uses: ${PYPA}\n`,
      output: `on: push\npermissions:\n  id-token: read\njobs:\n  publish:\n    permissions:\n      id-token: write\n    steps:\n      - uses: ${PYPA}\n`,
      errors: [{ messageId: "missingIdToken", data: { job: "publish", step: PYPA, index: "PyPI", reason: "the workflow sets `id-token: read`" } }],
    },
    // read-all: no scope-by-scope equivalent, so a suggestion only.
    {
      code: `on: push\njobs:\n  publish:\n    permissions: read-all\n    steps:\n      - uses: ${PYPA}\n`,
      output: null,
      errors: [
        {
          messageId: "missingIdToken",
          suggestions: [
            {
              messageId: "replaceWithScopes",
              output: `on: push\njobs:\n  publish:\n    permissions:\n      contents: read\n      id-token: write\n    steps:\n      - uses: ${PYPA}\n`,
            },
          ],
        },
      ],
    },
    {
      code: `on: push\npermissions: read-all\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${PYPA}\n`,
      output: null,
      errors: [
        {
          messageId: "missingIdToken",
          suggestions: [
            {
              messageId: "replaceWithScopes",
              output: `on: push\npermissions: read-all\njobs:\n  publish:\n    permissions:\n      contents: read\n      id-token: write\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${PYPA}\n`,
            },
          ],
        },
      ],
    },
    // Permissions through an alias: editing them would edit every user of the anchor.
    {
      code: `on: push\nx: &ro\n  contents: read\njobs:\n  publish:\n    permissions: *ro\n    steps:\n      - uses: ${PYPA}\n`,
      output: null,
      errors: [{ messageId: "missingIdToken", suggestions: [] }],
    },
    // Indentation of 4 and 6, kept.
    {
      code: `on: push\njobs:\n    publish:\n        runs-on: ubuntu-latest\n        steps:\n            - uses: ${PYPA}\n`,
      output: null,
      errors: suggested(`on: push\njobs:\n    publish:\n        permissions:\n            contents: read\n            id-token: write\n        runs-on: ubuntu-latest\n        steps:\n            - uses: ${PYPA}\n`),
    },
    {
      code: `on: push\njobs:\n      publish:\n            permissions:\n                  contents: read\n            steps:\n                  - uses: ${PYPA}\n`,
      output: `on: push\njobs:\n      publish:\n            permissions:\n                  contents: read\n                  id-token: write\n            steps:\n                  - uses: ${PYPA}\n`,
      errors: missing,
    },
    // CRLF stays CRLF.
    {
      code: `on: push\r\njobs:\r\n  publish:\r\n    permissions:\r\n      contents: read\r\n    steps:\r\n      - uses: ${PYPA}\r\n`,
      output: `on: push\r\njobs:\r\n  publish:\r\n    permissions:\r\n      contents: read\r\n      id-token: write\r\n    steps:\r\n      - uses: ${PYPA}\r\n`,
      errors: missing,
    },
    // Every shell form of every publisher.
    ...[
      "twine upload dist/*",
      "python -m twine upload dist/*",
      "python3 -m twine upload --skip-existing dist/*",
      "pipx run twine upload dist/*",
      "uvx twine upload dist/*",
      "uv run --with twine twine upload dist/*",
      "uv publish",
      "uv publish --trusted-publishing always",
      "pdm publish --no-build",
      "maturin upload dist/*",
      "maturin publish",
      "python -m build && twine upload dist/*",
      "ls dist; twine upload dist/*",
      "find dist -name '*.whl' | xargs twine upload",
      "twine upload \\\n  --skip-existing \\\n  dist/*",
      "python -m build\ntwine check dist/*\ntwine upload dist/*",
      "if [ -n \"$TAG\" ]; then twine upload dist/*; fi",
      "sudo -E twine upload dist/*",
      "twine upload -r testpypi dist/*",
      "twine upload --repository-url https://test.pypi.org/legacy/ dist/*",
      "TWINE_USERNAME=__token__ twine upload dist/*",
    ].map((script) => ({
      code: runJob(script),
      output: null,
      errors: suggested(runJob(script).replace("    runs-on:", "    permissions:\n      contents: read\n      id-token: write\n    runs-on:")),
    })),
    // TestPyPI is named in the message.
    {
      code: `on: push\njobs:\n  test-pypi:\n    permissions: {}\n    steps:\n      - uses: ${PYPA}\n        with:\n          repository-url: https://test.pypi.org/legacy/\n`,
      output: `on: push\njobs:\n  test-pypi:\n    permissions: {id-token: write}\n    steps:\n      - uses: ${PYPA}\n        with:\n          repository-url: https://test.pypi.org/legacy/\n`,
      errors: [{ messageId: "missingIdToken", data: { job: "test-pypi", step: PYPA, index: "TestPyPI", reason: "its `permissions` omit it" } }],
    },
    // An empty password and an explicit `__token__` user are still trusted publishing.
    {
      code: `on: push\njobs:\n  publish:\n    permissions:\n      contents: read\n    steps:\n      - uses: ${PYPA}\n        with:\n          user: __token__\n          password: ''\n`,
      output: `on: push\njobs:\n  publish:\n    permissions:\n      contents: read\n      id-token: write\n    steps:\n      - uses: ${PYPA}\n        with:\n          user: __token__\n          password: ''\n`,
      errors: missing,
    },
    // maturin-action uploading.
    {
      code: `on: push\njobs:\n  release:\n    permissions:\n      contents: read\n    steps:\n      - uses: PyO3/maturin-action@v1\n        with:\n          command: upload\n          args: --non-interactive --skip-existing wheels-*/*\n`,
      output: `on: push\njobs:\n  release:\n    permissions:\n      contents: read\n      id-token: write\n    steps:\n      - uses: PyO3/maturin-action@v1\n        with:\n          command: upload\n          args: --non-interactive --skip-existing wheels-*/*\n`,
      errors: missing,
    },
    // Two publishing jobs: two reports, two fixes.
    {
      code: `on: push\njobs:\n  a:\n    steps:\n      - uses: ${PYPA}\n  b:\n    steps:\n      - run: uv publish\n`,
      output: null,
      errors: [
        {
          messageId: "missingIdToken",
          data: { job: "a", index: "PyPI", reason: "no `permissions` set" },
          suggestions: [{ messageId: "addPermissions", output: `on: push\njobs:\n  a:\n    permissions:\n      contents: read\n      id-token: write\n    steps:\n      - uses: ${PYPA}\n  b:\n    steps:\n      - run: uv publish\n` }],
        },
        {
          messageId: "missingIdToken",
          data: { job: "b", index: "PyPI", reason: "no `permissions` set" },
          suggestions: [{ messageId: "addPermissions", output: `on: push\njobs:\n  a:\n    steps:\n      - uses: ${PYPA}\n  b:\n    permissions:\n      contents: read\n      id-token: write\n    steps:\n      - run: uv publish\n` }],
        },
      ],
    },
  ],
});

describe("require-id-token-permission fixes, re-parsed", () => {
  const config = withRules(["require-id-token-permission"]);
  const cases = {
    "inherited block": `on: push\npermissions:\n  contents: write\njobs:\n  publish:\n    steps:\n      - uses: ${PYPA}\n`,
    "block style with comments": `on: push\njobs:\n  publish:\n    permissions:\n      # scopes\n      contents: read # read\n      # end\n    steps:\n      - uses: ${PYPA}\n`,
    "flow style": `on: push\njobs:\n  publish:\n    permissions: {contents: read, }\n    steps:\n      - uses: ${PYPA}\n`,
    "id-token none, quoted": `on: push\njobs:\n  publish:\n    permissions:\n      id-token: 'none'\n    steps:\n      - uses: ${PYPA}\n`,
  };
  for (const [name, code] of Object.entries(cases)) {
    it(`${name}: parses, changes only the job's permissions, converges in one pass`, () => {
      const result = fix(code, config);
      expect(result.fixed).toBe(true);
      expect(result.messages).toEqual([]);
      const paths = changedPaths(dataOf(code), dataOf(result.output));
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) expect(path.slice(0, 3)).toEqual(["jobs", "publish", "permissions"]);
      expect((dataOf(result.output) as { jobs: { publish: { permissions: Record<string, string> } } }).jobs.publish.permissions["id-token"]).toBe("write");
      // A second run finds nothing to change.
      expect(fix(result.output, config).fixed).toBe(false);
    });
  }

  it("no block anywhere: no fix (a block replaces the repository's defaults); the suggestion parses and only adds the job's permissions", () => {
    const code = `on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest # runner\n    steps:\n      - uses: ${PYPA}\n`;
    expect(fix(code, config).fixed).toBe(false);
    const [message] = lint(code, config);
    const suggestion = message?.suggestions?.[0];
    expect(suggestion?.fix).toBeDefined();
    const { range, text } = suggestion!.fix;
    const output = code.slice(0, range[0]) + text + code.slice(range[1]);
    expect(changedPaths(dataOf(code), dataOf(output))).toEqual([["jobs", "publish", "permissions"]]);
    expect((dataOf(output) as { jobs: { publish: { permissions: unknown } } }).jobs.publish.permissions).toEqual({ contents: "read", "id-token": "write" });
  });
});

// ---------------------------------------------------------------------------------------------
// The other registries: exchangers, tools that exchange themselves, and pub.dev's reusable workflow.

/** A one-job workflow with these steps (YAML at step indentation) and optional job lines before `steps:`. */
function stepsJob(steps: string, jobLines = ""): string {
  return `on:\n  push:\n    tags: ["v*"]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n${jobLines}    steps:\n${steps}`;
}
const READ_ONLY = "    permissions:\n      contents: read\n";
const WITH_ID_TOKEN = "    permissions:\n      contents: read\n      id-token: write\n";

const needsIdToken: { name: string; steps: string; step: string; index: string }[] = [
  {
    name: "crates-io-auth-action feeding cargo publish",
    steps: "      - uses: rust-lang/crates-io-auth-action@v1\n        id: auth\n      - run: cargo publish\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ steps.auth.outputs.token }}\n",
    step: "cargo publish",
    index: "crates.io",
  },
  {
    name: "crates-io-auth-action whose token a script reads",
    steps: "      - uses: rust-lang/crates-io-auth-action@v1\n        id: auth\n      - run: ci/publish.sh\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ steps.auth.outputs.token }}\n",
    step: "rust-lang/crates-io-auth-action@v1",
    index: "crates.io",
  },
  { name: "release-plz releasing without a token", steps: "      - uses: release-plz/action@v0.5\n        with:\n          command: release\n", step: "release-plz/action@v0.5", index: "crates.io" },
  { name: "rubygems/release-gem", steps: "      - uses: rubygems/release-gem@v1\n", step: "rubygems/release-gem@v1", index: "RubyGems.org" },
  {
    name: "configure-rubygems-credentials, then gem push",
    steps: "      - uses: rubygems/configure-rubygems-credentials@v2.1.0\n      - run: gem push x.gem\n",
    step: "gem push",
    index: "RubyGems.org",
  },
  {
    name: "NuGet/login, its key read through a variable",
    steps: '      - uses: NuGet/login@v1\n        id: login\n        with:\n          user: ${{ secrets.NUGET_USER }}\n      - run: dotnet nuget push a.nupkg -k "$KEY" -s https://api.nuget.org/v3/index.json\n        env:\n          KEY: ${{ steps.login.outputs.NUGET_API_KEY }}\n',
    step: "dotnet nuget push",
    index: "nuget.org",
  },
  { name: "setup-dart, then dart pub publish", steps: "      - uses: dart-lang/setup-dart@v1\n      - run: dart pub publish --force\n", step: "dart pub publish", index: "pub.dev" },
  { name: "npx jsr publish", steps: "      - run: npx jsr publish\n", step: "jsr publish", index: "JSR" },
  { name: "deno publish", steps: "      - name: Publish\n        run: deno publish --allow-dirty\n", step: "Publish", index: "JSR" },
];

const CALLS_PUB_DEV = "on:\n  push:\n    tags: ['v*']\njobs:\n  publish:\n    uses: dart-lang/setup-dart/.github/workflows/publish.yml@v1\n";

ruleTester().run("require-id-token-permission (other registries)", rule, {
  valid: [
    ...needsIdToken.map(({ steps }) => stepsJob(steps, WITH_ID_TOKEN)),
    CALLS_PUB_DEV.replace("    uses:", "    permissions:\n      id-token: write\n    uses:"),
    // Long-lived credentials (prefer-trusted-publishing's business), setup without a publish, dry runs, other feeds.
    stepsJob("      - run: npx jsr publish --token ${{ secrets.JSR_TOKEN }}\n", READ_ONLY),
    stepsJob("      - uses: rubygems/configure-rubygems-credentials@v2.1.0\n        with:\n          api-token: ${{ secrets.RUBYGEMS }}\n      - run: gem push x.gem\n", READ_ONLY),
    stepsJob("      - uses: rubygems/release-gem@v1\n        with:\n          setup-trusted-publisher: false\n", READ_ONLY),
    stepsJob("      - uses: dart-lang/setup-dart@v1\n      - run: dart test\n", READ_ONLY),
    stepsJob("      - uses: dart-lang/setup-dart@v1\n      - run: dart pub publish --dry-run\n", READ_ONLY),
    stepsJob("      - run: cargo publish\n", READ_ONLY),
    stepsJob("      - run: gem push x.gem\n", READ_ONLY),
    stepsJob("      - run: dotnet nuget push a.nupkg -s https://api.nuget.org/v3/index.json\n", READ_ONLY),
    stepsJob("      - uses: release-plz/action@v0.5\n        with:\n          command: release-pr\n", READ_ONLY),
    "on: push\njobs:\n  publish:\n    uses: acme/workflows/.github/workflows/publish.yml@v1\n",
  ],
  invalid: [
    ...needsIdToken.map(({ steps }) => ({
      code: stepsJob(steps, READ_ONLY),
      output: stepsJob(steps, WITH_ID_TOKEN),
      errors: missing,
    })),
    {
      code: CALLS_PUB_DEV,
      output: null,
      errors: suggested(CALLS_PUB_DEV.replace("    uses:", "    permissions:\n      contents: read\n      id-token: write\n    uses:"), "missingIdTokenForWorkflow"),
    },
  ],
});

describe("require-id-token-permission on the other registries", () => {
  const onlyThis = withRules(["require-id-token-permission"]);
  for (const { name, steps, index } of needsIdToken) {
    it(`${name}: names the job and ${index}, and the fix re-parses with only the permission added`, () => {
      const code = stepsJob(steps, READ_ONLY);
      const result = fix(code, onlyThis);
      expect(result.fixed).toBe(true);
      expect(changedPaths(dataOf(code), dataOf(result.output))).toEqual([["jobs", "publish", "permissions", "id-token"]]);
      expect(fix(result.output, onlyThis).fixed).toBe(false);
      const message = lintMessage(code);
      expect(message).toBe(`Job 'publish' publishes to ${index} by trusted publishing without \`id-token: write\` (its \`permissions\` omit it).`);
    });
  }

  it("names the job that calls a reusable publishing workflow, in one short sentence", () => {
    const message = lintMessage(CALLS_PUB_DEV);
    expect(message).toBe("Job 'publish' calls a trusted-publishing workflow without `id-token: write` (no `permissions` set).");
    expect(message.length).toBeLessThanOrEqual(100);
  });

  function lintMessage(code: string): string {
    return lint(code, onlyThis)[0]?.message ?? "";
  }
});

// npm: the registry model brings trusted publishing for npm to this rule with no rule change.
ruleTester().run("require-id-token-permission (npm)", rule, {
  valid: [
    // A token is not trusted publishing; GitHub Packages has none; a hidden publish is invisible.
    "on: push\njobs:\n  p:\n    steps:\n      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n",
    "on: push\njobs:\n  p:\n    steps:\n      - uses: actions/setup-node@v6\n        with:\n          registry-url: https://npm.pkg.github.com\n      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n",
    "on: push\njobs:\n  p:\n    steps:\n      - run: pnpm run release\n",
    "on: push\njobs:\n  p:\n    permissions: {id-token: write}\n    steps:\n      - run: npm publish\n",
  ],
  invalid: [
    ["npm publish", "npm"],
    ["npm stage publish", "npm"],
    ["pnpm --filter app publish", "npm"],
    ["pnpm -r publish --access public", "npm"],
    ["npm publish --workspaces", "npm"],
    ["npx changeset publish", "npm"],
    ["npm exec -- lerna publish from-package", "npm"],
  ].map(([run, index]) => ({
    code: `on: push\njobs:\n  p:\n    steps:\n      - uses: actions/setup-node@v6\n        with:\n          registry-url: https://registry.npmjs.org\n      - run: ${run}\n`,
    output: null,
    errors: [
      {
        messageId: "missingIdToken" as const,
        data: { job: "p", index: index!, reason: "no `permissions` set" },
        suggestions: [
          {
            messageId: "addPermissions" as const,
            output: `on: push\njobs:\n  p:\n    permissions:\n      contents: read\n      id-token: write\n    steps:\n      - uses: actions/setup-node@v6\n        with:\n          registry-url: https://registry.npmjs.org\n      - run: ${run}\n`,
          },
        ],
      },
    ],
  })),
});

// npm provenance: `--provenance` (or NPM_CONFIG_PROVENANCE=true) signs with the job's OIDC token,
// whatever the upload authenticates with, and npm stops with EUSAGE without `id-token: write`.
const TOKEN_ENV = "        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n";
/** A job that publishes to npm with a token, running `run`, with `permissions` lines and extra env lines. */
function npmJob(run: string, { permissions = READ_ONLY, jobEnv = "" } = {}): string {
  return `on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n${permissions}${jobEnv}    steps:\n      - uses: actions/setup-node@v6\n        with:\n          registry-url: https://registry.npmjs.org\n      - run: ${run}\n${TOKEN_ENV}`;
}

ruleTester().run("require-id-token-permission (npm provenance)", rule, {
  valid: [
    npmJob("npm publish"),
    npmJob("npm publish --provenance", { permissions: WITH_ID_TOKEN }),
    npmJob("npm publish --provenance=false"),
    npmJob("npm publish --provenance --no-provenance"),
    npmJob("npm publish --dry-run --provenance"),
    npmJob("npm publish", { jobEnv: "    env:\n      NPM_CONFIG_PROVENANCE: false\n" }),
    npmJob("npm publish", { jobEnv: "    env:\n      NPM_CONFIG_PROVENANCE: ${{ vars.PROVENANCE }}\n" }),
    // pnpm's and Yarn's provenance flags are not in the registry data (UNVERIFIED): no error rests on them.
    npmJob("pnpm publish --provenance"),
  ],
  invalid: [
    {
      code: npmJob("npm publish --provenance --access public"),
      output: npmJob("npm publish --provenance --access public", { permissions: WITH_ID_TOKEN }),
      errors: [
        {
          message: "Job 'release' publishes to npm with `--provenance`, which needs `id-token: write` (its `permissions` omit it).",
          line: 5,
          column: 5,
        },
      ],
    },
    {
      code: npmJob("npm publish", { jobEnv: "    env:\n      NPM_CONFIG_PROVENANCE: true\n" }),
      output: npmJob("npm publish", { permissions: WITH_ID_TOKEN, jobEnv: "    env:\n      NPM_CONFIG_PROVENANCE: true\n" }),
      errors: [{ messageId: "missingIdTokenForOption", data: { job: "release", index: "npm", option: "`NPM_CONFIG_PROVENANCE=true`", reason: "its `permissions` omit it" } }],
    },
    {
      code: npmJob("npm_config_provenance=true npm publish"),
      output: npmJob("npm_config_provenance=true npm publish", { permissions: WITH_ID_TOKEN }),
      errors: [{ messageId: "missingIdTokenForOption", data: { job: "release", index: "npm", option: "`npm_config_provenance=true`", reason: "its `permissions` omit it" } }],
    },
    // No `permissions` anywhere: a suggestion, as for trusted publishing.
    {
      code: npmJob("npm publish --provenance", { permissions: "" }),
      output: null,
      errors: suggested(
        npmJob("npm publish --provenance", { permissions: "" }).replace("    runs-on:", "    permissions:\n      contents: read\n      id-token: write\n    runs-on:"),
        "missingIdTokenForOption",
      ),
    },
    // npm checks before it uploads, whatever the registry (GitHub Packages included).
    {
      code: npmJob("npm publish --provenance --registry https://npm.pkg.github.com"),
      output: npmJob("npm publish --provenance --registry https://npm.pkg.github.com", { permissions: WITH_ID_TOKEN }),
      errors: [{ message: "Job 'release' publishes to a package index with `--provenance`, which needs `id-token: write` (its `permissions` omit it)." }],
    },
    // A publish command given to changesets/action.
    {
      code: `on: push\njobs:\n  release:\n${READ_ONLY}    steps:\n      - uses: changesets/action@v1\n        with:\n          publish: npm publish --provenance\n        env:\n          NPM_TOKEN: \${{ secrets.NPM_TOKEN }}\n`,
      output: `on: push\njobs:\n  release:\n${WITH_ID_TOKEN}    steps:\n      - uses: changesets/action@v1\n        with:\n          publish: npm publish --provenance\n        env:\n          NPM_TOKEN: \${{ secrets.NPM_TOKEN }}\n`,
      errors: [{ messageId: "missingIdTokenForOption" }],
    },
  ],
});

describe("npm provenance and the other id-token rules", () => {
  it("keeps no-workflow-level-id-token from taking the grant away from a job that signs provenance", () => {
    const code = `on: push\npermissions:\n  contents: read\n  id-token: write\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish --provenance\n${TOKEN_ENV}  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n`;
    const [report] = lint(code, withRules(["no-workflow-level-id-token"]));
    expect(report?.message).toBe("Workflow-level `id-token: write` gives job 'test' an OIDC token it does not need; grant it per job.");
    const fixed = fix(code, withRules(["no-workflow-level-id-token"])).output;
    expect((dataOf(fixed) as { jobs: { release: { permissions: Record<string, string> } } }).jobs.release.permissions["id-token"]).toBe("write");
  });
});

describe("GitLab CI/CD: the `id_tokens:` entry the client reads", () => {
  const RULE = ["require-id-token-permission"];
  afterAll(removeGitlabRepositories);

  it("adds `PYPI_ID_TOKEN: {aud: pypi}` to a job that installs twine >= 6.1 and uploads with no credential", () => {
    const root = gitlabRepository("pypi-twine-tp");
    const messages = lintGitlab(root, "missing-id-token.gitlab-ci.yml", RULE);
    expect(messages.map((message) => [message.line, message.message])).toEqual([
      [2, "Job 'publish-job' publishes to PyPI by trusted publishing without the `id_tokens:` entry `PYPI_ID_TOKEN` (it installs twine 6.1)."],
    ]);
    const fixed = fixGitlab(root, "missing-id-token.gitlab-ci.yml", RULE);
    const before = dataOf(readFileSync(path.join(root, "missing-id-token.gitlab-ci.yml"), "utf8"));
    expect(changedPaths(before, dataOf(fixed.output))).toEqual([["publish-job", "id_tokens"]]);
    expect((dataOf(fixed.output) as Record<string, { id_tokens: unknown }>)["publish-job"]!.id_tokens).toEqual({ PYPI_ID_TOKEN: { aud: "pypi" } });
    expect(fixed.messages).toEqual([]);
    // Twice changes nothing more.
    expect(fixGitlab(root, "missing-id-token.gitlab-ci.yml", RULE, fixed.output).output).toBe(fixed.output);
  });

  it("is quiet where the job declares the token, and where nothing shows it means trusted publishing (a CI/CD variable may hold a token)", () => {
    const root = gitlabRepository("pypi-twine-tp");
    expect(lintGitlab(root, ".gitlab-ci.yml", RULE)).toEqual([]);
    expect(lint(yaml`
      publish:
        script:
          - pip install twine
          - twine upload dist/*
    `, withRules(RULE), ".gitlab-ci.yml")).toEqual([]);
  });

  it("reads the job through extends, !reference and default: (uv pinned in default's before_script, --trusted-publishing always)", () => {
    const root = gitlabRepository("extends-reference");
    const messages = lintGitlab(root, ".gitlab-ci.yml", RULE);
    expect(messages.map((message) => [message.line, message.message])).toEqual([
      [35, "Job 'publish-no-token' publishes to PyPI by trusted publishing without the `id_tokens:` entry `PYPI_ID_TOKEN` (it installs uv 0.8.18)."],
    ]);
  });

  it("counts the same token in another job of the pipeline as intent, and stays quiet where includes hide the job's configuration", () => {
    const code = yaml`
      testpypi:
        id_tokens:
          TESTPYPI_ID_TOKEN: {aud: testpypi}
        script: uv publish --index testpypi
      pypi:
        script: uv publish
    `;
    expect(lint(code, withRules(RULE), ".gitlab-ci.yml")).toEqual([]);
    const declared = yaml`
      first:
        id_tokens:
          PYPI_ID_TOKEN: {aud: pypi}
        script: twine upload dist/*
      second:
        script: twine upload dist/*
    `;
    expect(lint(declared, withRules(RULE), ".gitlab-ci.yml").map((message) => message.message)).toEqual([
      "Job 'second' publishes to PyPI by trusted publishing without the `id_tokens:` entry `PYPI_ID_TOKEN` (job 'first' declares `PYPI_ID_TOKEN`).",
    ]);
    expect(lintGitlab(gitlabRepository("unknown-include"), ".gitlab-ci.yml", RULE)).toEqual([]);
  });

  it("gives no fix where the job takes its tokens from default: (a job-level block would replace them)", () => {
    const code = yaml`
      default:
        id_tokens:
          SIGSTORE_ID_TOKEN: {aud: sigstore}
      publish:
        script: twine upload dist/*
    `;
    const [message] = lint(code, withRules(RULE), ".gitlab-ci.yml");
    expect(message?.message).toBe("Job 'publish' publishes to PyPI by trusted publishing without the `id_tokens:` entry `PYPI_ID_TOKEN` (it declares `SIGSTORE_ID_TOKEN`).");
    expect(message?.fix).toBeUndefined();
  });
});
