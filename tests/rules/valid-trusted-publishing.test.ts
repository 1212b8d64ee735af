import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixGitlab, gitlabRepository, lintGitlab, removeGitlabRepositories } from "../helpers/gitlab.js";
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
      errors: [{ messageId: "cannotWork", data: { place: "Step 4 of job 'release'", problem: "Node 22 from setup-node comes with npm 10 (needs npm 11.5.1 or later)" } }],
    },
    {
      name: "Node 20: Node itself is too old, so the remedy (Node 24) is a suggestion",
      code: npmJob({ setup: "node-version: '20'", runs: ["npm publish"] }),
      output: null,
      errors: [
        {
          messageId: "cannotWork",
          data: { place: "Step 3 of job 'release'", problem: "setup-node installs Node 20 (npm needs Node 22.14 or later)" },
          suggestions: [{ messageId: "remedy", data: { remedy: "Set `node-version: 24` (its npm does trusted publishing)" }, output: npmJob({ setup: "node-version: '24'", runs: ["npm publish"] }) }],
        },
      ],
    },
    {
      name: "an explicitly older npm",
      code: npmJob({ setup: "node-version: 24", runs: ["npm install -g npm@10.9.2", "npm publish"] }),
      output: null,
      errors: [{ messageId: "cannotWork", data: { place: "Step 4 of job 'release'", problem: "step 3 installs `npm@10.9.2` (needs npm 11.5.1 or later)" } }],
    },
    {
      name: "Yarn Classic in a job that asks for `id-token: write`",
      code: npmJob({ runs: ["yarn publish --non-interactive"] }),
      output: null,
      errors: [{ messageId: "cannotWork", data: { place: "Step 2 of job 'release'", problem: "Yarn Classic (`yarn publish`) cannot do it" } }],
    },
    {
      name: "a self-hosted runner, where npm refuses trusted publishing",
      code: npmJob({ runs: ["npm publish"], runsOn: "[self-hosted, linux]" }),
      output: null,
      errors: [{ messageId: "cannotWork", data: { place: "Step 2 of job 'release'", problem: "npm refuses it from self-hosted runners" } }],
    },
    {
      name: "a self-hosted runner named through the matrix, in any case",
      code: npmJob({ runs: ["npm publish"], runsOn: "${{ matrix.runner }}" }).replace("    steps:", "    strategy:\n      matrix:\n        runner: [ubuntu-latest, Self-Hosted]\n    steps:"),
      output: null,
      errors: [{ messageId: "cannotWork", data: { place: "Step 2 of job 'release'", problem: "npm refuses it from self-hosted runners" } }],
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
      errors: [{ messageId: "cannotWork", data: { place: "Step 1 of job 'pypi'", problem: "`poetry publish` cannot do it and is given no credential" } }],
    },
    {
      name: "flit likewise",
      code: "on: push\njobs:\n  pypi:\n    permissions: {id-token: write}\n    steps:\n      - run: flit publish\n",
      output: null,
      errors: [{ messageId: "cannotWork", data: { place: "Step 1 of job 'pypi'", problem: "`flit publish` cannot do it and is given no credential" } }],
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
          data: { place: "Step 'pypa/gh-action-pypi-publish@release/v1' of job 'pypi'", problem: "pypa/gh-action-pypi-publish runs in a container, which `macos-latest` cannot run" },
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
          data: { place: "Step 'Push' of job 'publish'", problem: "step 'NuGet login' has no `id: login`" },
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
          data: { place: "Step 2 of job 'publish'", problem: "step 'rust-lang/crates-io-auth-action@v1' has no `id: auth`" },
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
      errors: [{ messageId: "cannotWork", data: { place: "Step 2 of job 'publish'", problem: NO_TAG_PUSH } }],
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
      expect(messages[0]!.message).toMatch(/^(?:Step (?:'[^']+'|\d+) of job|Job) 'publish' relies on trusted publishing, but /u);
      expect(messages[0]!.message.length).toBeLessThanOrEqual(150);
    }
  });
});

// Versions before trusted publishing: the pypa action before v1.8.0 (as its ref runs it), and
// twine before 6.1 or pdm before 2.6 where the job pins one.
const PYPA_SHA_V1_5_0 = "717ba43cfbb0387f6ce311b169a825772f54d295";

/** A PyPI job with `id-token: write` whose steps are `steps` (YAML at step indentation). */
function pypiJob(steps: string): string {
  return `on: push\njobs:\n  pypi:\n    runs-on: ubuntu-latest\n    permissions: {id-token: write}\n    steps:\n${steps}`;
}
const pypa = (ref: string, extra = "") => pypiJob(`      - uses: pypa/gh-action-pypi-publish@${ref}${extra}\n`);
const twineAfter = (install: string, upload = "twine upload dist/*") => pypiJob(`      - name: Install\n        run: ${install}\n      - run: ${upload}\n`);

ruleTester().run("valid-trusted-publishing (versions before trusted publishing)", rule, {
  valid: [
    pypa("v1.8.0"),
    pypa("v1.8.14"),
    pypa("release/v1"),
    pypa("release/v1.8"),
    // Refs newer than the action data, or that it cannot place: not judged.
    pypa("v1.13.0"),
    pypa("unstable/v1"),
    pypa("0123456789abcdef0123456789abcdef01234567"),
    // Given a password: not trusted publishing (prefer-trusted-publishing's business).
    pypa("v1.5.0", "\n        with:\n          password: ${{ secrets.PYPI }}"),
    // twine and pdm: versions that do it, no version, or a specifier that allows one that does.
    twineAfter("pip install twine==6.1.0"),
    twineAfter("pip install 'twine>=6.1'"),
    twineAfter("pip install build twine"),
    twineAfter("pip install 'twine<6.2'"),
    twineAfter("pip install 'twine~=6.0'"),
    twineAfter("pip install 'twine==6.*'"),
    twineAfter("pip install -r requirements.txt"),
    // A later install without a pin replaces the pinned one.
    pypiJob("      - run: pip install twine==5.1.1\n      - run: pip install --upgrade twine\n      - run: twine upload dist/*\n"),
    twineAfter("pipx install pdm==2.6.0", "pdm publish"),
    // With a token, the version does not matter here.
    twineAfter("pip install twine==5.1.1", "twine upload -p ${{ secrets.PYPI }} dist/*"),
  ],
  invalid: [
    {
      code: pypa("v1.5.0"),
      output: null,
      errors: [
        {
          message: "Step 'pypa/gh-action-pypi-publish@v1.5.0' of job 'pypi' relies on trusted publishing, but `pypa/gh-action-pypi-publish@v1.5.0` cannot do it (it arrived in v1.8.0).",
          line: 7,
          suggestions: [{ desc: "Move to `pypa/gh-action-pypi-publish@release/v1`", output: pypa("release/v1") }],
        },
      ],
    },
    // The sunset master branch is frozen at v1.5.1.
    {
      code: pypa("master"),
      output: null,
      errors: [
        {
          messageId: "cannotWork",
          data: {
            place: "Step 'pypa/gh-action-pypi-publish@master' of job 'pypi'",
            problem: "`pypa/gh-action-pypi-publish@master` (v1.5.1) cannot do it (it arrived in v1.8.0)",
          },
          suggestions: [{ messageId: "remedy", output: pypa("release/v1") }],
        },
      ],
    },
    { code: pypa("release/v1.4"), output: null, errors: [{ messageId: "cannotWork", suggestions: [{ messageId: "remedy", output: pypa("release/v1") }] }] },
    // A SHA pin is placed by its commit; no suggestion would keep it pinned, so none is offered.
    {
      code: pypa(`${PYPA_SHA_V1_5_0} # v1.5.0`),
      output: null,
      errors: [{ messageId: "cannotWork", data: { place: `Step 'pypa/gh-action-pypi-publish@${PYPA_SHA_V1_5_0}' of job 'pypi'`, problem: "`pypa/gh-action-pypi-publish@717ba43` (v1.5.0) cannot do it (it arrived in v1.8.0)" }, suggestions: [] }],
    },
    {
      code: twineAfter("python -m pip install --upgrade build twine==5.1.1"),
      output: null,
      errors: [
        {
          message: "Step 2 of job 'pypi' relies on trusted publishing, but step 'Install' installs `twine==5.1.1` (needs twine 6.1 or later).",
          line: 8,
        },
      ],
    },
    { code: twineAfter("pip install 'twine<6'"), output: null, errors: [{ messageId: "cannotWork", data: { place: "Step 2 of job 'pypi'", problem: "step 'Install' installs `twine<6` (needs twine 6.1 or later)" } }] },
    { code: twineAfter("uv pip install 'twine~=5.0'"), output: null, errors: [{ messageId: "cannotWork" }] },
    { code: twineAfter("pipx install 'twine>=5,<6.1'"), output: null, errors: [{ messageId: "cannotWork" }] },
    { code: twineAfter("pip install 'twine==6.0.*'"), output: null, errors: [{ messageId: "cannotWork" }] },
    { code: pypiJob("      - run: uvx twine@5.1.1 upload dist/*\n"), output: null, errors: [{ messageId: "cannotWork", data: { place: "Step 1 of job 'pypi'", problem: "step 1 installs `twine@5.1.1` (needs twine 6.1 or later)" } }] },
    { code: twineAfter("pip install pdm==2.5.3", "pdm publish"), output: null, errors: [{ messageId: "cannotWork", data: { place: "Step 2 of job 'pypi'", problem: "step 'Install' installs `pdm==2.5.3` (needs pdm 2.6 or later)" } }] },
  ],
});

describe("valid-trusted-publishing: the pypa action moved to release/v1", () => {
  it("the suggestion parses and changes only the step's uses", () => {
    const code = pypa("v1.4.2");
    const [message] = lint(code, withRules(["valid-trusted-publishing"]));
    const { range, text } = message!.suggestions![0]!.fix;
    const output = code.slice(0, range[0]) + text + code.slice(range[1]);
    expect(changedPaths(dataOf(code), dataOf(output))).toEqual([["jobs", "pypi", "steps", 0, "uses"]]);
    expect(lint(output, withRules(["valid-trusted-publishing"]))).toEqual([]);
  });
});

describe("GitLab CI/CD: names and audiences of `id_tokens:`", () => {
  const RULE = ["valid-trusted-publishing"];
  afterAll(removeGitlabRepositories);

  it("reports the TestPyPI name trap, a URL audience, a password that wins and the removed CI_JOB_JWT_V2, and fixes the first two", () => {
    const root = gitlabRepository("testpypi-trap");
    const messages = lintGitlab(root, ".gitlab-ci.yml", RULE);
    expect(messages.map((message) => [message.line, message.message, message.fix !== undefined])).toEqual([
      [8, "Job 'publish-testpypi' relies on trusted publishing, but `PYPI_ID_TOKEN` has the audience `testpypi`, and the upload reads that audience's token from `TESTPYPI_ID_TOKEN`.", true],
      [19, "Job 'publish-pypi-url-audience' relies on trusted publishing, but `PYPI_ID_TOKEN` has the audience `https://pypi.org`, and PyPI accepts only `pypi`.", true],
      [34, "Job 'publish-with-password' relies on trusted publishing, but twine is given `TWINE_PASSWORD` and uploads with it, never using `PYPI_ID_TOKEN`.", false],
      [41, "Job 'publish-legacy-jwt' reads `CI_JOB_JWT_V2`, which GitLab removed in 17.0; declare an `id_tokens:` entry instead.", false],
    ]);
    const source = readFileSync(path.join(root, ".gitlab-ci.yml"), "utf8");
    const fixed = fixGitlab(root, ".gitlab-ci.yml", RULE);
    expect(changedPaths(dataOf(source), dataOf(fixed.output))).toEqual([
      ["publish-testpypi", "id_tokens", "PYPI_ID_TOKEN"],
      ["publish-testpypi", "id_tokens", "TESTPYPI_ID_TOKEN"],
      ["publish-pypi-url-audience", "id_tokens", "PYPI_ID_TOKEN", "aud"],
    ]);
    expect((dataOf(fixed.output) as Record<string, { id_tokens: unknown }>)["publish-testpypi"]!.id_tokens).toEqual({ TESTPYPI_ID_TOKEN: { aud: "testpypi" } });
    expect(fixGitlab(root, ".gitlab-ci.yml", RULE, fixed.output).output).toBe(fixed.output);
  });

  it("fixes a crates.io audience given as a list", () => {
    const root = gitlabRepository("crates-tp");
    const fixed = fixGitlab(root, "audience-list.gitlab-ci.yml", RULE);
    expect((dataOf(fixed.output) as { publish: { id_tokens: unknown } }).publish.id_tokens).toEqual({ CRATES_IO_ID_TOKEN: { aud: "crates.io" } });
    expect(fixed.messages).toEqual([]);
  });

  it("is quiet on the registries' documented jobs and on a script that reads PYPI_ID_TOKEN itself for TestPyPI", () => {
    for (const [fixture, file] of [["pypi-twine-tp", ".gitlab-ci.yml"], ["npm-tp", ".gitlab-ci.yml"], ["crates-tp", ".gitlab-ci.yml"], ["nuget-tp", ".gitlab-ci.yml"], ["mint-script", ".gitlab-ci.yml"], ["gitlab-registry", ".gitlab/ci/deploy.yml"]] as const) {
      expect(lintGitlab(gitlabRepository(fixture), file, RULE), fixture).toEqual([]);
    }
  });

  it("leaves an audience written with a CI/CD variable alone: GitLab expands it when the job runs", () => {
    // As gwpy/ligotimegps' .gitlab/ci/twine.yml writes it (its PYPI_REPOSITORY is `pypi`).
    const job = (aud: string) => yaml`
      twine:
        id_tokens:
          PYPI_ID_TOKEN:
            aud: ${aud}
        variables:
          PYPI_REPOSITORY: "pypi"
        script: twine upload dist/*
    `;
    for (const aud of ["$PYPI_REPOSITORY", "${PYPI_REPOSITORY}", "[$PYPI_REPOSITORY]"]) expect(lint(job(aud), withRules(RULE), ".gitlab-ci.yml"), aud).toEqual([]);
    // Written out, the same audience is judged.
    expect(lint(job("https://pypi.org"), withRules(RULE), ".gitlab-ci.yml").map((message) => message.message)).toEqual([
      "Job 'twine' relies on trusted publishing, but `PYPI_ID_TOKEN` has the audience `https://pypi.org`, and PyPI accepts only `pypi`.",
    ]);
  });

  it("reports npm on an old node image that nothing upgrades, and two uploads on one single-use PyPI token", () => {
    const code = yaml`
      npm:
        image: node:22
        id_tokens:
          NPM_ID_TOKEN: {aud: "npm:registry.npmjs.org"}
        script: npm publish
      pypi:
        id_tokens:
          PYPI_ID_TOKEN: {aud: pypi}
        script:
          - twine upload one/dist/*
          - twine upload two/dist/*
    `;
    expect(lint(code, withRules(RULE), ".gitlab-ci.yml").map((message) => message.message)).toEqual([
      "Job 'npm' relies on trusted publishing, but its `node` image before 24 ships npm 10 or older, and npm exchanges the token from 11.5.1 (nothing upgrades it).",
      "Job 'pypi' relies on trusted publishing, but it uploads 2 times with the one `PYPI_ID_TOKEN` token, which PyPI accepts once.",
    ]);
    expect(lint(code.replace("script: npm publish", "script:\n    - npm install -g npm@11.6.0\n    - npm publish"), withRules(RULE), ".gitlab-ci.yml")).toHaveLength(1);
  });

  it("reports npm trusted publishing on a runner the job's tags pick, not on GitLab.com's hosted runners or untagged", () => {
    const job = (tags: string) => yaml`
      publish:
        image: node:24
        ${tags}
        id_tokens:
          NPM_ID_TOKEN: {aud: "npm:registry.npmjs.org"}
        script: npm publish
    `;
    expect(lint(job("tags: [lossless, x86_64]"), withRules(RULE), ".gitlab-ci.yml").map((message) => [message.line, message.message])).toEqual([
      [6, "Job 'publish' relies on trusted publishing, but npm accepts it only from hosted runners, and the job's tags (`lossless`, `x86_64`) pick a self-managed one."],
    ]);
    for (const quiet of ["tags: [saas-linux-small-amd64]", "tags: [$RUNNER_TAG]", "stage: deploy"]) {
      expect(lint(job(quiet), withRules(RULE), ".gitlab-ci.yml"), quiet).toEqual([]);
    }
    // PyPI accepts any runner.
    expect(lint(yaml`
      publish:
        tags: [lossless]
        id_tokens:
          PYPI_ID_TOKEN: {aud: pypi}
        script: uv publish
    `, withRules(RULE), ".gitlab-ci.yml")).toEqual([]);
  });

  it("reports the removed CI_JOB_JWT read through `variables:`, at the variable the job sees (a job's own definition overrides the pipeline's)", () => {
    const code = yaml`
      variables:
        VAULT_JWT: $CI_JOB_JWT
      deploy:
        variables:
          LOGIN_JWT: "\${CI_JOB_JWT_V1}"
        script: vault login -method=jwt jwt="$LOGIN_JWT"
      other:
        script: echo "$VAULT_JWT"
      clean:
        variables:
          VAULT_JWT: not-a-jwt
        script: echo done
    `;
    expect(lint(code, withRules(RULE), ".gitlab-ci.yml").map((message) => [message.line, message.message])).toEqual([
      [2, "Job 'other' reads `CI_JOB_JWT`, which GitLab removed in 17.0; declare an `id_tokens:` entry instead."],
      [5, "Job 'deploy' reads `CI_JOB_JWT_V1`, which GitLab removed in 17.0; declare an `id_tokens:` entry instead."],
    ]);
  });
});
