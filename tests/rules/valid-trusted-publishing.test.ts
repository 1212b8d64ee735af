import { describe, expect, it } from "vitest";
import rule from "../../lib/rules/valid-trusted-publishing.js";
import { ruleTester, yaml } from "../helpers/rule-tester.js";
import { changedPaths, dataOf, fix, lint, withRules } from "../helpers/fix.js";

/** An npm publishing job: setup-node with `setup` inputs, then `steps` (each a `run:`). */
function npmJob({ setup, runs, runsOn = "ubuntu-latest", permissions = "{contents: read, id-token: write}" }: { setup?: string; runs: string[]; runsOn?: string; permissions?: string }): string {
  return [
    "on: push",
    "jobs:",
    "  release:",
    `    runs-on: ${runsOn}`,
    `    permissions: ${permissions}`,
    "    steps:",
    "      - uses: actions/checkout@v5",
    ...(setup === undefined ? [] : ["      - uses: actions/setup-node@v6", "        with:", ...setup.split("\n").map((line) => `          ${line}`)]),
    ...runs.map((run) => `      - run: ${run}`),
    "",
  ].join("\n");
}

const UPGRADE = "      - name: Update npm for trusted publishing\n        run: npm install -g npm@^11.5.1\n";

ruleTester().run("valid-trusted-publishing", rule, {
  valid: [
    // Node 24 comes with an npm that does trusted publishing.
    npmJob({ setup: "node-version: 24\nregistry-url: https://registry.npmjs.org", runs: ["npm ci", "npm publish"] }),
    // Node 22 with npm upgraded first (in an earlier step or the same one).
    npmJob({ setup: "node-version: 22", runs: ["npm install -g npm@latest", "npm publish --provenance"] }),
    npmJob({ setup: "node-version: '22.x'", runs: ["npm i -g npm@^11.5.2 && npm publish"] }),
    npmJob({ setup: "node-version: 20", runs: ["npm install --global npm@11", "npm publish"] }).replace("node-version: 20", "node-version: 22"),
    // The version is unknowable: no setup-node, a version file, an alias, a matrix value.
    npmJob({ runs: ["npm publish"] }),
    npmJob({ setup: "node-version-file: .nvmrc", runs: ["npm publish"] }),
    npmJob({ setup: "node-version: lts/*", runs: ["npm publish"] }),
    npmJob({ setup: "node-version: ${{ matrix.node }}", runs: ["npm publish"] }),
    // pnpm, Yarn Berry and lerna: their versions are not judged.
    npmJob({ setup: "node-version: 20", runs: ["pnpm publish -r"] }),
    npmJob({ setup: "node-version: 20", runs: ["yarn npm publish"] }),
    // Not trusted publishing: a token, another registry, a dry run.
    npmJob({ setup: "node-version: 20", runs: ["npm publish"] }).replace("      - run: npm publish", "      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}"),
    npmJob({ setup: "node-version: 20\nregistry-url: https://npm.pkg.github.com", runs: ["npm publish"] }),
    npmJob({ setup: "node-version: 20", runs: ["npm publish --dry-run"] }),
    // Yarn Classic with a token, or without `id-token: write`: not relying on trusted publishing.
    npmJob({ runs: ["yarn publish"], permissions: "{contents: read}" }),
    // bun: whether it does trusted publishing is unverified, so never an error.
    npmJob({ setup: "node-version: 20", runs: ["bun publish"] }),
    // A runner decided at run time.
    npmJob({ runs: ["npm publish"], runsOn: "${{ matrix.os }}" }),
    // PyPI: the pypa action on Linux; poetry with a credential.
    yaml`
      on: push
      jobs:
        pypi:
          runs-on: ubuntu-latest
          permissions: {id-token: write}
          steps:
            - uses: pypa/gh-action-pypi-publish@release/v1
    `,
    yaml`
      on: push
      jobs:
        pypi:
          runs-on: ubuntu-latest
          permissions: {id-token: write}
          steps:
            - run: poetry publish --build
              env:
                POETRY_PYPI_TOKEN_PYPI: \${{ secrets.PYPI }}
    `,
  ],
  invalid: [
    {
      name: "Node 22 without an npm upgrade: the fix inserts one before the publish",
      code: npmJob({ setup: "node-version: 22\nregistry-url: https://registry.npmjs.org", runs: ["npm ci", "npm publish"] }),
      output: npmJob({ setup: "node-version: 22\nregistry-url: https://registry.npmjs.org", runs: ["npm ci", "npm publish"] }).replace("      - run: npm publish", `${UPGRADE}      - run: npm publish`),
      errors: [{ messageId: "cannotWork", data: { step: "npm publish", job: "release", problem: "Node 22 from setup-node comes with npm 10 (needs npm 11.5.1 or later)" } }],
    },
    {
      name: "Node 20: Node itself is too old, so the remedy (Node 24) is a suggestion",
      code: npmJob({ setup: "node-version: '20'", runs: ["npm publish"] }),
      output: null,
      errors: [
        {
          messageId: "cannotWork",
          data: { step: "npm publish", job: "release", problem: "setup-node installs Node 20 (npm needs Node 22.14 or later)" },
          suggestions: [{ messageId: "remedy", data: { remedy: "Set `node-version: 24` (its npm does trusted publishing)" }, output: npmJob({ setup: "node-version: '24'", runs: ["npm publish"] }) }],
        },
      ],
    },
    {
      name: "an explicitly older npm",
      code: npmJob({ setup: "node-version: 24", runs: ["npm install -g npm@10.9.2", "npm publish"] }),
      output: null,
      errors: [{ messageId: "cannotWork", data: { step: "npm publish", job: "release", problem: "step 'run: npm install …' installs `npm@10.9.2` (needs npm 11.5.1 or later)" } }],
    },
    {
      name: "Yarn Classic in a job that asks for `id-token: write`",
      code: npmJob({ runs: ["yarn publish --non-interactive"] }),
      output: null,
      errors: [{ messageId: "cannotWork", data: { step: "yarn publish", job: "release", problem: "Yarn Classic (`yarn publish`) cannot do it" } }],
    },
    {
      name: "a self-hosted runner, where npm refuses trusted publishing",
      code: npmJob({ runs: ["npm publish"], runsOn: "[self-hosted, linux]" }),
      output: null,
      errors: [{ messageId: "cannotWork", data: { step: "npm publish", job: "release", problem: "npm refuses it from self-hosted runners" } }],
    },
    {
      name: "two publishes on one old npm: one report",
      code: npmJob({ setup: "node-version: 22", runs: ["npm publish -w a", "npm publish -w b"] }),
      output: npmJob({ setup: "node-version: 22", runs: ["npm publish -w a", "npm publish -w b"] }).replace("      - run: npm publish -w a", `${UPGRADE}      - run: npm publish -w a`),
      errors: [{ messageId: "cannotWork" }],
    },
    {
      name: "poetry with no credential in a job that asks for `id-token: write`",
      code: yaml`
        on: push
        jobs:
          pypi:
            runs-on: ubuntu-latest
            permissions: {id-token: write}
            steps:
              - run: poetry publish --build
      `,
      output: null,
      errors: [{ messageId: "cannotWork", data: { step: "poetry publish", job: "pypi", problem: "`poetry publish` cannot do it and is given no credential" } }],
    },
    {
      name: "flit likewise",
      code: "on: push\njobs:\n  pypi:\n    permissions: {id-token: write}\n    steps:\n      - run: flit publish\n",
      output: null,
      errors: [{ messageId: "cannotWork", data: { step: "flit publish", job: "pypi", problem: "`flit publish` cannot do it and is given no credential" } }],
    },
    {
      name: "the pypa action (a container action) on macOS",
      code: yaml`
        on: push
        jobs:
          pypi:
            runs-on: macos-latest
            permissions: {id-token: write}
            steps:
              - uses: pypa/gh-action-pypi-publish@release/v1
      `,
      output: null,
      errors: [
        {
          messageId: "cannotWork",
          data: { step: "pypa/gh-action-pypi-publish@release/v1", job: "pypi", problem: "pypa/gh-action-pypi-publish runs in a container, which `macos-latest` cannot run" },
        },
      ],
    },
  ],
});

describe("valid-trusted-publishing fixes", () => {
  it("the npm upgrade step parses, changes only the job's steps, and leaves nothing to report", () => {
    const code = npmJob({ setup: "node-version: 22", runs: ["npm ci", "npm publish"] });
    const config = withRules(["valid-trusted-publishing"]);
    const fixed = fix(code, config);
    expect(fixed.messages).toEqual([]);
    for (const path of changedPaths(dataOf(code), dataOf(fixed.output))) expect(path.slice(0, 3)).toEqual(["jobs", "release", "steps"]);
    expect(fix(fixed.output, config).output).toBe(fixed.output);
  });

  it("every message is one short sentence", () => {
    const code = npmJob({ setup: "node-version: 22", runs: ["npm publish"], runsOn: "[self-hosted, linux]" });
    const messages = lint(code, withRules(["valid-trusted-publishing"]));
    expect(messages.length).toBe(2);
    for (const message of messages) expect(message.message.length).toBeLessThanOrEqual(150);
  });
});

// ---------------------------------------------------------------------------------------------
// The other registries: an exchanger's token read through an id its step lacks, and pub.dev,
// which accepts only runs triggered by a tag push.

const LOGIN_WITHOUT_ID =
  'on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n    steps:\n      - name: NuGet login\n        uses: NuGet/login@v1\n        with:\n          user: ${{ secrets.NUGET_USER }}\n      - name: Push\n        run: dotnet nuget push a.nupkg -k "${{ steps.login.outputs.NUGET_API_KEY }}" -s https://api.nuget.org/v3/index.json\n';
const LOGIN_WITH_ID = LOGIN_WITHOUT_ID.replace("          user: ${{ secrets.NUGET_USER }}\n", "          user: ${{ secrets.NUGET_USER }}\n        id: login\n");
const CRATES_WITHOUT_ID =
  "on: push\njobs:\n  publish:\n    permissions:\n      id-token: write\n    steps:\n      - uses: rust-lang/crates-io-auth-action@v1\n      - run: cargo publish\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ steps.auth.outputs.token }}\n";
const PUB_DEV_CALL = "jobs:\n  publish:\n    permissions:\n      id-token: write\n    uses: dart-lang/setup-dart/.github/workflows/publish.yml@v1\n";
const PUB_DEV_STEPS = "jobs:\n  publish:\n    permissions:\n      id-token: write\n    steps:\n      - uses: dart-lang/setup-dart@v1\n      - run: dart pub publish --force\n";
const NO_TAG_PUSH = "no tag push triggers this workflow";

ruleTester().run("valid-trusted-publishing (exchangers and triggers)", rule, {
  valid: [
    LOGIN_WITH_ID,
    // Another step has the id: its output is not the exchanger's business.
    LOGIN_WITHOUT_ID.replace("      - name: Push\n", "      - id: login\n        run: echo 'NUGET_API_KEY=x' >> $GITHUB_OUTPUT\n      - name: Push\n"),
    // An output name no exchanger has.
    LOGIN_WITHOUT_ID.replace("outputs.NUGET_API_KEY", "outputs.version"),
    `on:\n  push:\n    tags: ['v*']\n${PUB_DEV_CALL}`,
    `on: [push, workflow_dispatch]\n${PUB_DEV_STEPS}`,
    `on: workflow_call\n${PUB_DEV_CALL}`,
    // A token, not trusted publishing; and other registries accept other triggers.
    "on: release\njobs:\n  publish:\n    steps:\n      - run: dart pub publish --force\n        env:\n          X: y\n",
    "on: release\njobs:\n  publish:\n    permissions:\n      id-token: write\n    steps:\n      - run: npx jsr publish\n",
  ],
  invalid: [
    {
      name: "NuGet/login without the id its output is read by",
      code: LOGIN_WITHOUT_ID,
      output: null,
      errors: [
        {
          messageId: "cannotWork",
          data: { step: "Push", job: "publish", problem: "step 'NuGet login' has no `id: login`" },
          suggestions: [{ messageId: "remedy", data: { remedy: "Give step 'NuGet login' `id: login`" }, output: LOGIN_WITH_ID }],
        },
      ],
    },
    {
      name: "crates-io-auth-action without the id its token is read by",
      code: CRATES_WITHOUT_ID,
      output: null,
      errors: [
        {
          messageId: "cannotWork",
          data: { step: "cargo publish", job: "publish", problem: "step 'rust-lang/crates-io-auth-action@v1' has no `id: auth`" },
          suggestions: [{ messageId: "remedy", output: CRATES_WITHOUT_ID.replace("crates-io-auth-action@v1\n", "crates-io-auth-action@v1\n        id: auth\n") }],
        },
      ],
    },
    {
      name: "pub.dev's reusable workflow called from a release",
      code: `on:\n  release:\n    types: [published]\n${PUB_DEV_CALL}`,
      output: null,
      errors: [{ messageId: "jobCannotWork", data: { job: "publish", problem: NO_TAG_PUSH } }],
    },
    {
      name: "dart pub publish from a manual run",
      code: `on: workflow_dispatch\n${PUB_DEV_STEPS}`,
      output: null,
      errors: [{ messageId: "cannotWork", data: { step: "dart pub publish", job: "publish", problem: NO_TAG_PUSH } }],
    },
  ],
});

describe("valid-trusted-publishing suggestions (exchangers)", () => {
  it("adds only the id, and the result lints clean under every rule", () => {
    expect(changedPaths(dataOf(LOGIN_WITHOUT_ID), dataOf(LOGIN_WITH_ID))).toEqual([["jobs", "publish", "steps", 0, "id"]]);
    expect(lint(LOGIN_WITH_ID, withRules(["valid-trusted-publishing", "require-id-token-permission", "prefer-trusted-publishing", "no-hardcoded-credentials"]))).toEqual([]);
  });

  it("keeps its messages to one short sentence naming the job", () => {
    for (const code of [LOGIN_WITHOUT_ID, CRATES_WITHOUT_ID, `on: release\n${PUB_DEV_CALL}`, `on: release\n${PUB_DEV_STEPS}`]) {
      const messages = lint(code, withRules(["valid-trusted-publishing"]));
      expect(messages.length).toBe(1);
      expect(messages[0]!.message).toMatch(/^(?:Step '[^']+' of job|Job) 'publish' relies on trusted publishing, but /u);
      expect(messages[0]!.message.length).toBeLessThanOrEqual(150);
    }
  });
});
