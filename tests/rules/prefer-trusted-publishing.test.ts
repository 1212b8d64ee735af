import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gitlabRepository, lintGitlab, removeGitlabRepositories } from "../helpers/gitlab.js";
import type { Linter } from "eslint";
import rule from "../../lib/rules/prefer-trusted-publishing.js";
import { ruleTester, yaml } from "../helpers/rule-tester.js";
import { changedPaths, dataOf, lint, withRules } from "../helpers/fix.js";

const PYPA = "pypa/gh-action-pypi-publish@release/v1";

/** A one-job workflow: `permissions` line (optional), then a step with `run` and optional step env. */
function job({ run, env, permissions, jobEnv }: { run: string; env?: string; permissions?: string; jobEnv?: string }): string {
  return [
    "on: push",
    "jobs:",
    "  publish:",
    "    runs-on: ubuntu-latest",
    ...(permissions ? [`    permissions: ${permissions}`] : []),
    ...(jobEnv ? ["    env:", ...jobEnv.split("\n").map((line) => `      ${line}`)] : []),
    "    steps:",
    "      - name: Upload",
    ...(env ? ["        env:", ...env.split("\n").map((line) => `          ${line}`)] : []),
    "        run: |",
    ...run.split("\n").map((line) => `          ${line}`),
    "",
  ].join("\n");
}

/** The permissions the migration adds to a job that had none. */
const GRANT = "    permissions:\n      contents: read\n      id-token: write\n    runs-on:";

interface Case {
  name: string;
  code: string;
  messageId: "longLivedToken" | "tokenUnneeded" | "toolLacksTrustedPublishing";
  credential: string;
  migrated: string | null;
}

const cases: Case[] = [
  {
    name: "pypa action with a password",
    code: `on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${PYPA}\n        with:\n          password: \${{ secrets.PYPI_API_TOKEN }}\n`,
    messageId: "longLivedToken",
    credential: "the `password` input from `secrets.PYPI_API_TOKEN`",
    migrated: `on: push\njobs:\n  publish:\n${GRANT} ubuntu-latest\n    steps:\n      - uses: ${PYPA}\n`,
  },
  {
    name: "pypa action with user, password and other inputs, to TestPyPI",
    code: `on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n    steps:\n      - uses: ${PYPA}\n        with:\n          user: __token__\n          password: \${{ secrets.TEST_PYPI }}\n          repository-url: https://test.pypi.org/legacy/\n`,
    messageId: "tokenUnneeded",
    credential: "the `password` input from `secrets.TEST_PYPI`",
    migrated: `on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n    steps:\n      - uses: ${PYPA}\n        with:\n          user: __token__\n          repository-url: https://test.pypi.org/legacy/\n`,
  },
  {
    name: "twine with TWINE_PASSWORD in step env (the seed's secure example)",
    code: job({ run: "python -m twine upload --repository pypi dist/*", env: "TWINE_USERNAME: __token__\nTWINE_PASSWORD: ${{ secrets.PYPI_API_TOKEN }}", permissions: "{contents: read, id-token: write}" }),
    messageId: "tokenUnneeded",
    credential: "`TWINE_PASSWORD` from `secrets.PYPI_API_TOKEN`",
    migrated: job({ run: "python -m twine upload --repository pypi dist/*", env: "TWINE_USERNAME: __token__", permissions: "{contents: read, id-token: write}" }),
  },
  {
    name: "twine with a hard-coded TWINE_PASSWORD (the seed's insecure example)",
    code: job({ run: "twine upload dist/*", env: "TWINE_PASSWORD: not-a-real-token" }),
    messageId: "longLivedToken",
    credential: "`TWINE_PASSWORD`, written in the workflow",
    migrated: job({ run: "twine upload dist/*" }).replace("    runs-on:", GRANT),
  },
  {
    name: "twine with a username and password from secrets (the old starter workflow)",
    code: job({ run: "python setup.py sdist bdist_wheel\ntwine upload dist/*", env: "TWINE_USERNAME: ${{ secrets.PYPI_USERNAME }}\nTWINE_PASSWORD: ${{ secrets.PYPI_PASSWORD }}" }),
    messageId: "longLivedToken",
    credential: "`TWINE_PASSWORD` from `secrets.PYPI_PASSWORD`",
    migrated: job({ run: "python setup.py sdist bdist_wheel\ntwine upload dist/*" }).replace("    runs-on:", GRANT),
  },
  {
    name: "twine with TWINE_PASSWORD in job env",
    code: job({ run: "twine upload dist/*", jobEnv: "TWINE_PASSWORD: ${{ secrets.PYPI }}" }),
    messageId: "longLivedToken",
    credential: "`TWINE_PASSWORD` from `secrets.PYPI`",
    migrated: job({ run: "twine upload dist/*" }).replace("    runs-on:", GRANT),
  },
  {
    name: "twine with TWINE_PASSWORD in workflow env",
    code: `on: push\nenv:\n  TWINE_PASSWORD: \${{ secrets.PYPI }}\n  PYTHONUNBUFFERED: "1"\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: twine upload dist/*\n`,
    messageId: "longLivedToken",
    credential: "`TWINE_PASSWORD` from `secrets.PYPI`",
    migrated: `on: push\nenv:\n  PYTHONUNBUFFERED: "1"\njobs:\n  publish:\n${GRANT} ubuntu-latest\n    steps:\n      - run: twine upload dist/*\n`,
  },
  {
    name: "twine with -p",
    code: job({ run: "python -m build\ntwine upload -u __token__ -p ${{ secrets.PYPI }} dist/*" }),
    messageId: "longLivedToken",
    credential: "the `-p` argument",
    migrated: job({ run: "python -m build\ntwine upload -u __token__ dist/*" }).replace("    runs-on:", GRANT),
  },
  {
    name: "twine with --password=",
    code: job({ run: "twine upload --password=$PYPI_TOKEN dist/*" }),
    messageId: "longLivedToken",
    credential: "the `--password` argument",
    migrated: job({ run: "twine upload dist/*" }).replace("    runs-on:", GRANT),
  },
  {
    name: "twine with an inline assignment",
    code: job({ run: "TWINE_PASSWORD=${{ secrets.PYPI }} twine upload dist/*" }),
    messageId: "longLivedToken",
    credential: "`TWINE_PASSWORD` set in the script",
    migrated: job({ run: "twine upload dist/*" }).replace("    runs-on:", GRANT),
  },
  {
    name: "twine with an export",
    code: job({ run: "export TWINE_PASSWORD=${{ secrets.PYPI }}\ntwine upload dist/*" }),
    messageId: "longLivedToken",
    credential: "`TWINE_PASSWORD` set in the script",
    migrated: job({ run: "twine upload dist/*" }).replace("    runs-on:", GRANT),
  },
  {
    name: "uv with UV_PUBLISH_TOKEN",
    code: job({ run: "uv publish", env: "UV_PUBLISH_TOKEN: ${{ secrets.PYPI }}" }),
    messageId: "longLivedToken",
    credential: "`UV_PUBLISH_TOKEN` from `secrets.PYPI`",
    migrated: job({ run: "uv publish" }).replace("    runs-on:", GRANT),
  },
  {
    name: "uv with --token",
    code: job({ run: "uv publish --token ${{ secrets.PYPI }} dist/*" }),
    messageId: "longLivedToken",
    credential: "the `--token` argument",
    migrated: job({ run: "uv publish dist/*" }).replace("    runs-on:", GRANT),
  },
  {
    name: "pdm with PDM_PUBLISH_PASSWORD",
    code: job({ run: "pdm publish", env: "PDM_PUBLISH_USERNAME: __token__\nPDM_PUBLISH_PASSWORD: ${{ secrets.PYPI }}" }),
    messageId: "longLivedToken",
    credential: "`PDM_PUBLISH_PASSWORD` from `secrets.PYPI`",
    migrated: job({ run: "pdm publish", env: "PDM_PUBLISH_USERNAME: __token__" }).replace("    runs-on:", GRANT),
  },
  {
    name: "maturin with MATURIN_PYPI_TOKEN",
    code: job({ run: "maturin upload --skip-existing dist/*", env: "MATURIN_PYPI_TOKEN: ${{ secrets.PYPI }}" }),
    messageId: "longLivedToken",
    credential: "`MATURIN_PYPI_TOKEN` from `secrets.PYPI`",
    migrated: job({ run: "maturin upload --skip-existing dist/*" }).replace("    runs-on:", GRANT),
  },
  {
    name: "maturin-action with MATURIN_PYPI_TOKEN",
    code: `on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: PyO3/maturin-action@v1\n        env:\n          MATURIN_PYPI_TOKEN: \${{ secrets.PYPI_API_TOKEN }}\n        with:\n          command: upload\n          args: --non-interactive --skip-existing wheels-*/*\n`,
    messageId: "longLivedToken",
    credential: "`MATURIN_PYPI_TOKEN` from `secrets.PYPI_API_TOKEN`",
    migrated: `on: push\njobs:\n  release:\n${GRANT} ubuntu-latest\n    steps:\n      - uses: PyO3/maturin-action@v1\n        with:\n          command: upload\n          args: --non-interactive --skip-existing wheels-*/*\n`,
  },
  {
    name: "poetry publish --build with POETRY_PYPI_TOKEN_PYPI",
    code: job({ run: "poetry publish --build", env: "POETRY_PYPI_TOKEN_PYPI: ${{ secrets.PYPI }}" }),
    messageId: "toolLacksTrustedPublishing",
    credential: "`POETRY_PYPI_TOKEN_PYPI` from `secrets.PYPI`",
    migrated: job({ run: "poetry publish --build" })
      .replace("        run: |\n          poetry publish --build\n", `        run: poetry build\n      - name: Publish to PyPI\n        uses: ${PYPA}\n`)
      .replace("    runs-on:", GRANT),
  },
  {
    // The upload step goes after the step's last line, which the migration removes (was: the
    // removal swallowed the new step, and the suggestion left `flit build` with no upload at all;
    // seen on the corpus: useblocks/sphinx-needs, executablebooks/sphinx-design).
    name: "flit publish with FLIT_PASSWORD as the step's last line",
    code: `on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Build and publish\n        run: flit publish\n        env:\n          FLIT_USERNAME: __token__\n          FLIT_PASSWORD: \${{ secrets.PYPI }}\n      - run: echo done\n`,
    messageId: "toolLacksTrustedPublishing",
    credential: "`FLIT_PASSWORD` from `secrets.PYPI`",
    migrated: `on: push\njobs:\n  publish:\n${GRANT} ubuntu-latest\n    steps:\n      - name: Build and publish\n        run: flit build\n        env:\n          FLIT_USERNAME: __token__\n      - name: Publish to PyPI\n        uses: ${PYPA}\n      - run: echo done\n`,
  },
  {
    name: "poetry config pypi-token, then poetry publish",
    code: job({ run: "poetry config pypi-token.pypi ${{ secrets.PYPI }}\npoetry publish --build" }),
    messageId: "toolLacksTrustedPublishing",
    credential: "`poetry config pypi-token.pypi` in step 'Upload'",
    migrated: null,
  },
  {
    name: "hatch publish with HATCH_INDEX_AUTH, to TestPyPI",
    code: `on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: hatch publish -r test\n        env:\n          HATCH_INDEX_USER: __token__\n          HATCH_INDEX_AUTH: \${{ secrets.TEST_PYPI }}\n`,
    messageId: "toolLacksTrustedPublishing",
    credential: "`HATCH_INDEX_AUTH` from `secrets.TEST_PYPI`",
    migrated: `on: push\njobs:\n  publish:\n${GRANT} ubuntu-latest\n    steps:\n      - uses: ${PYPA}\n        with:\n          repository-url: https://test.pypi.org/legacy/\n        env:\n          HATCH_INDEX_USER: __token__\n`,
  },
  {
    name: "twine with a .pypirc written in the job",
    code: job({ run: 'echo "[pypi]\nusername = __token__\npassword = ${{ secrets.PYPI }}" > ~/.pypirc\ntwine upload dist/*' }),
    messageId: "longLivedToken",
    credential: "a `.pypirc` written by step 'Upload'",
    migrated: null,
  },
];

ruleTester().run("prefer-trusted-publishing", rule, {
  valid: [
    // Trusted publishing already.
    `on: push\njobs:\n  publish:\n    permissions:\n      id-token: write\n    steps:\n      - uses: ${PYPA}\n`,
    job({ run: "uv publish --trusted-publishing always", permissions: "{id-token: write}" }),
    job({ run: "twine upload dist/*", env: "TWINE_USERNAME: __token__" }),
    // A token for a private index is normal.
    job({ run: "twine upload --repository-url https://nexus.example.com/pypi/ dist/*", env: "TWINE_PASSWORD: ${{ secrets.NEXUS }}" }),
    job({ run: "twine upload -r internal dist/*", env: "TWINE_PASSWORD: ${{ secrets.NEXUS }}" }),
    job({ run: "uv publish", env: "UV_PUBLISH_URL: https://nexus.example.com/pypi/\nUV_PUBLISH_TOKEN: ${{ secrets.NEXUS }}" }),
    job({ run: "poetry publish -r internal", env: "POETRY_HTTP_BASIC_INTERNAL_PASSWORD: ${{ secrets.NEXUS }}" }),
    `on: push\njobs:\n  publish:\n    steps:\n      - uses: ${PYPA}\n        with:\n          repository-url: https://pypi.example.com/legacy/\n          password: \${{ secrets.PRIVATE }}\n`,
    // A target decided at run time.
    job({ run: "twine upload --repository-url ${{ matrix.url }} dist/*", env: "TWINE_PASSWORD: ${{ secrets.X }}" }),
    // Not uploads.
    job({ run: "uv publish --dry-run", env: "UV_PUBLISH_TOKEN: ${{ secrets.PYPI }}" }),
    job({ run: "poetry publish --dry-run", env: "POETRY_PYPI_TOKEN_PYPI: ${{ secrets.PYPI }}" }),
    job({ run: 'twine check dist/*\necho "twine upload -p x dist/*"', env: "TWINE_PASSWORD: ${{ secrets.PYPI }}" }),
    // Empty credentials mean trusted publishing.
    job({ run: "twine upload dist/*", env: "TWINE_PASSWORD: ''", permissions: "{id-token: write}" }),
    `on: push\njobs:\n  publish:\n    permissions:\n      id-token: write\n    steps:\n      - uses: ${PYPA}\n        with:\n          password: ""\n`,
    // A registry without trusted publishing (GitHub Packages) keeps its token.
    `on: push\njobs:\n  publish:\n    steps:\n      - uses: actions/setup-node@v6\n        with:\n          registry-url: https://npm.pkg.github.com\n      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: \${{ secrets.GITHUB_TOKEN }}\n`,
    // Reusable workflows, non-workflows, odd shapes.
    "on: push\njobs:\n  release:\n    uses: org/repo/.github/workflows/release.yml@v1\n    secrets: inherit\n",
    "steps:\n  - run: twine upload -p x dist/*\n",
    "jobs:\n  publish:\n    steps:\n      - env:\n        run:\n",
  ],
  invalid: cases.map(({ code, messageId, migrated }) => ({
    code,
    errors: [
      {
        messageId,
        suggestions: migrated === null ? [] : [{ messageId: "migrate" as const, output: migrated }],
      },
    ],
  })),
});

describe("prefer-trusted-publishing messages and migrations", () => {
  const bothRules = withRules(["prefer-trusted-publishing", "require-id-token-permission"]);
  const onlyThis = withRules(["prefer-trusted-publishing"]);

  for (const { name, code, credential, migrated } of cases) {
    it(`${name}: names the credential without its value`, () => {
      const [message] = lint(code, onlyThis);
      expect(message?.message).toContain(credential);
      expect(message?.message).not.toContain("not-a-real-token");
    });
    if (migrated === null) continue;
    it(`${name}: the migration parses, changes only what it owns, and leaves nothing to report`, () => {
      const before = dataOf(code) as Record<string, unknown>;
      const after = dataOf(migrated) as Record<string, unknown>;
      for (const path of changedPaths(before, after)) {
        const owned =
          (path[0] === "env" && typeof path[1] === "string") ||
          (path[0] === "jobs" && (path[2] === "permissions" || path[2] === "env" || path[2] === "steps"));
        expect(owned, `unexpected change at ${path.join(".")}`).toBe(true);
      }
      expect(lint(migrated, bothRules)).toEqual([]);
    });
  }

  it("reports each upload step once, naming TestPyPI and PyPI", () => {
    const code = `on: push\njobs:\n  release:\n    environment: pypi\n    steps:\n      - run: twine upload -r testpypi dist/*\n        env:\n          TWINE_PASSWORD: \${{ secrets.TEST }}\n      - uses: ${PYPA}\n        with:\n          password: \${{ secrets.PYPI }}\n`;
    const messages = lint(code, onlyThis);
    expect(messages.map((m) => m.line)).toEqual([6, 9]);
    expect(messages[0]?.message).toContain("publishes to TestPyPI");
    expect(messages[0]?.suggestions?.[0]?.desc).toContain("register on TestPyPI first: workflow `workflow.yml`, environment `pypi`");
    expect(messages[1]?.message).toContain("publishes to PyPI");
  });

  it("reports a step that uploads several packages the same way once, and one that uploads them differently per credential", () => {
    const code = yaml`
      on: push
      jobs:
        publish:
          runs-on: ubuntu-latest
          steps:
            - run: |
                cargo publish -p core --token "$CARGO_REGISTRY_TOKEN"
                cargo publish -p cli --token "$CARGO_REGISTRY_TOKEN"
            - run: |
                cargo publish -p macros --token "$CARGO_REGISTRY_TOKEN"
                cargo publish -p derive
              env:
                CARGO_REGISTRY_TOKEN: \${{ secrets.CRATES }}
    `;
    expect(lint(code, onlyThis).map((message) => [message.line, message.message])).toEqual([
      [6, "Step 1 of job 'publish' publishes to crates.io with a long-lived token (the `--token` argument)."],
      [9, "Step 2 of job 'publish' publishes to crates.io with a long-lived token (the `--token` argument)."],
      [9, "Step 2 of job 'publish' publishes to crates.io with a long-lived token (`CARGO_REGISTRY_TOKEN` from `secrets.CRATES`)."],
    ]);
  });

  it("finds the seed's two workflows, with the message that fits each", () => {
    const read = (file: string) => readFileSync(new URL(`../../examples/${file}`, import.meta.url), "utf8");
    const config: Linter.Config[] = onlyThis;
    const secure = lint(read("seed-secure.yml"), config, "seed-secure.yml");
    const insecure = lint(read("seed-insecure.yml"), config, "seed-insecure.yml");
    expect(secure.map((m) => m.messageId)).toEqual(["tokenUnneeded"]);
    expect(insecure.map((m) => m.messageId)).toEqual(["longLivedToken"]);
    expect(insecure[0]?.message).not.toContain("my-insecure-hardcoded-token");
  });
});

// ---------------------------------------------------------------------------------------------
// The other registries: crates.io, RubyGems.org, nuget.org, pub.dev and JSR.

/** A one-job workflow with the given steps (YAML lines at step indentation) and optional job lines. */
function jobWith(steps: string, jobLines = ""): string {
  return `on: push\njobs:\n  publish:\n${jobLines}    runs-on: ubuntu-latest\n    steps:\n${steps}`;
}
const GRANTED = "    permissions:\n      contents: read\n      id-token: write\n";

const registryCases: (Case & { registry: string })[] = [
  {
    registry: "crates.io",
    name: "cargo publish with CARGO_REGISTRY_TOKEN from a secret",
    code: jobWith("      - uses: actions/checkout@v5\n      - name: Publish\n        run: cargo publish\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n"),
    messageId: "longLivedToken",
    credential: "the secret `CARGO_REGISTRY_TOKEN`",
    migrated: jobWith(
      "      - uses: actions/checkout@v5\n      - name: Authenticate to crates.io\n        uses: rust-lang/crates-io-auth-action@v1\n        id: crates-io-auth\n      - name: Publish\n        run: cargo publish\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ steps.crates-io-auth.outputs.token }}\n",
    ).replace("    runs-on:", `${GRANTED}    runs-on:`),
  },
  {
    registry: "crates.io",
    name: "cargo +nightly publish --token from a secret, after a build",
    code: jobWith("      - run: |\n          cargo build\n          cargo +nightly publish --token ${{ secrets.CRATES_IO }} --allow-dirty\n", "    permissions:\n      contents: read\n"),
    messageId: "longLivedToken",
    credential: "the `--token` argument",
    migrated: jobWith(
      "      - name: Authenticate to crates.io\n        uses: rust-lang/crates-io-auth-action@v1\n        id: crates-io-auth\n      - run: |\n          cargo build\n          cargo +nightly publish --token \"${{ steps.crates-io-auth.outputs.token }}\" --allow-dirty\n",
      "    permissions:\n      contents: read\n      id-token: write\n",
    ),
  },
  {
    registry: "crates.io",
    name: "release-plz with CARGO_REGISTRY_TOKEN, which exchanges by itself without one",
    code: jobWith("      - uses: release-plz/action@v0.5\n        with:\n          command: release\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n", GRANTED),
    messageId: "tokenUnneeded",
    credential: "the secret `CARGO_REGISTRY_TOKEN`",
    migrated: jobWith("      - uses: release-plz/action@v0.5\n        with:\n          command: release\n", GRANTED),
  },
  {
    registry: "RubyGems.org",
    name: "gem push with GEM_HOST_API_KEY in the job's env",
    code: jobWith("      - uses: ruby/setup-ruby@v1\n      - run: gem push pkg/*.gem\n", "    env:\n      GEM_HOST_API_KEY: ${{ secrets.RUBYGEMS_API_KEY }}\n"),
    messageId: "longLivedToken",
    credential: "`GEM_HOST_API_KEY` from `secrets.RUBYGEMS_API_KEY`",
    migrated: jobWith(
      "      - uses: ruby/setup-ruby@v1\n      - name: Configure RubyGems.org credentials\n        uses: rubygems/configure-rubygems-credentials@v2.1.0\n        id: rubygems-auth\n      - run: gem push pkg/*.gem\n",
      GRANTED,
    ),
  },
  {
    registry: "RubyGems.org",
    name: "configure-rubygems-credentials given an api-token, then bundle exec rake release",
    code: jobWith("      - uses: rubygems/configure-rubygems-credentials@v2.1.0\n        with:\n          api-token: ${{ secrets.RUBYGEMS_API_KEY }}\n      - run: bundle exec rake release\n"),
    messageId: "longLivedToken",
    credential: "the `api-token` input from `secrets.RUBYGEMS_API_KEY`",
    migrated: jobWith("      - uses: rubygems/configure-rubygems-credentials@v2.1.0\n      - run: bundle exec rake release\n", GRANTED),
  },
  {
    registry: "nuget.org",
    name: "dotnet nuget push to nuget.org with --api-key",
    code: jobWith('      - run: dotnet nuget push out/*.nupkg --api-key "${{ secrets.NUGET_API_KEY }}" --source https://api.nuget.org/v3/index.json\n'),
    messageId: "longLivedToken",
    credential: "the `--api-key` argument",
    migrated: jobWith(
      '      - name: NuGet login\n        uses: NuGet/login@v1\n        id: nuget-login\n        with:\n          user: ${{ secrets.NUGET_USER }}\n      - run: dotnet nuget push out/*.nupkg --api-key "${{ steps.nuget-login.outputs.NUGET_API_KEY }}" --source https://api.nuget.org/v3/index.json\n',
      GRANTED,
    ),
  },
  {
    registry: "nuget.org",
    name: "nuget.exe push -ApiKey $KEY -Source nuget.org, the key in the step env",
    code: jobWith("      - run: nuget.exe push out.nupkg -ApiKey $KEY -Source nuget.org\n        env:\n          KEY: ${{ secrets.NUGET }}\n", GRANTED),
    messageId: "tokenUnneeded",
    credential: "the `-ApiKey` argument",
    migrated: jobWith(
      '      - name: NuGet login\n        uses: NuGet/login@v1\n        id: nuget-login\n        with:\n          user: ${{ secrets.NUGET_USER }}\n      - run: nuget.exe push out.nupkg -ApiKey "${{ steps.nuget-login.outputs.NUGET_API_KEY }}" -Source nuget.org\n',
      GRANTED,
    ),
  },
  {
    registry: "pub.dev",
    name: "dart pub publish with a copied credentials file",
    code: jobWith(
      "      - uses: dart-lang/setup-dart@v1\n      - run: |\n          mkdir -p ~/.config/dart\n          echo '${{ secrets.PUB_CREDENTIALS }}' > ~/.config/dart/pub-credentials.json\n      - run: dart pub publish --force\n",
    ),
    messageId: "longLivedToken",
    credential: "a `pub-credentials.json` written by step",
    migrated: null,
  },
  {
    registry: "JSR",
    name: "npx jsr publish --token from a secret",
    code: jobWith("      - run: npx jsr publish --token ${{ secrets.JSR_TOKEN }}\n"),
    messageId: "longLivedToken",
    credential: "the `--token` argument",
    migrated: jobWith("      - run: npx jsr publish\n", GRANTED),
  },
  {
    registry: "JSR",
    name: "deno publish --token $JSR_TOKEN, the variable in the job's env",
    code: jobWith("      - run: deno publish --allow-dirty --token $JSR_TOKEN\n", "    env:\n      JSR_TOKEN: ${{ secrets.JSR_TOKEN }}\n"),
    messageId: "longLivedToken",
    credential: "the `--token` argument",
    migrated: jobWith("      - run: deno publish --allow-dirty\n", GRANTED),
  },
];

ruleTester().run("prefer-trusted-publishing (other registries)", rule, {
  valid: [
    // Trusted publishing through an exchanger's output, by id, through a variable, or a broken reference (another rule's business).
    jobWith("      - uses: rust-lang/crates-io-auth-action@v1\n        id: auth\n      - run: cargo publish\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ steps.auth.outputs.token }}\n", GRANTED),
    jobWith("      - uses: rust-lang/crates-io-auth-action@v1\n        id: auth\n      - run: cargo publish --token ${{ steps.auth.outputs.token }}\n", GRANTED),
    jobWith('      - uses: NuGet/login@v1\n        with:\n          user: me\n      - run: dotnet nuget push a.nupkg --api-key "${NUGET_API_KEY}" -s https://api.nuget.org/v3/index.json\n        env:\n          NUGET_API_KEY: ${{ steps.login.outputs.NUGET_API_KEY }}\n', GRANTED),
    jobWith("      - uses: rubygems/configure-rubygems-credentials@v2.1.0\n      - run: gem push pkg/x.gem\n", GRANTED),
    jobWith("      - uses: rubygems/release-gem@v1\n", GRANTED),
    jobWith("      - uses: dart-lang/setup-dart@v1\n      - run: dart pub publish --force\n", GRANTED),
    jobWith("      - run: npx jsr publish\n", GRANTED),
    // Not uploads, or not to a registry with trusted publishing.
    jobWith("      - run: cargo publish --dry-run\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO }}\n"),
    jobWith("      - run: cargo publish --registry internal\n        env:\n          CARGO_REGISTRIES_INTERNAL_TOKEN: ${{ secrets.INTERNAL }}\n"),
    jobWith("      - run: gem push --host https://rubygems.pkg.github.com/acme pkg/x.gem\n        env:\n          GEM_HOST_API_KEY: Bearer ${{ secrets.GITHUB_TOKEN }}\n"),
    jobWith("      - run: dotnet nuget push a.nupkg -k ${{ secrets.GITHUB_TOKEN }} -s https://nuget.pkg.github.com/acme/index.json\n"),
    jobWith("      - run: dotnet nuget push a.nupkg -k ${{ secrets.MYGET }} -s https://www.myget.org/F/acme/api/v3/index.json\n"),
    // Without `--source`, the configured default source decides: unknown.
    jobWith("      - run: dotnet nuget push a.nupkg --api-key ${{ secrets.NUGET_API_KEY }}\n"),
    jobWith("      - run: deno publish --dry-run --token ${{ secrets.JSR_TOKEN }}\n"),
    jobWith("      - uses: release-plz/action@v0.5\n        with:\n          command: release-pr\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n"),
    // Credentials decided at run time.
    jobWith('      - run: echo "GEM_HOST_API_KEY=${{ secrets.RUBYGEMS }}" >> $GITHUB_ENV\n      - run: gem push x.gem\n'),
  ],
  invalid: registryCases.map(({ code, messageId, migrated }) => ({
    code,
    errors: [{ messageId, suggestions: migrated === null ? [] : [{ messageId: "migrate" as const, output: migrated }] }],
  })),
});

// npm

/** A one-job npm workflow: setup-node (24 unless told), then the publish step with optional env. */
function npmJob({ run, env, node = "24", registry, jobEnv, uses }: { run?: string; env?: string; node?: string; registry?: string; jobEnv?: string; uses?: string }): string {
  return [
    "on: push",
    "jobs:",
    "  publish:",
    "    runs-on: ubuntu-latest",
    ...(jobEnv ? ["    env:", ...jobEnv.split("\n").map((line) => `      ${line}`)] : []),
    "    steps:",
    "      - uses: actions/setup-node@v6",
    "        with:",
    `          node-version: ${node}`,
    ...(registry ? [`          registry-url: ${registry}`] : []),
    ...(uses ? [`      - uses: ${uses}`] : ["      - name: Publish", `        run: ${run}`]),
    ...(env ? [uses ? "        with:" : "        env:", ...env.split("\n").map((line) => `          ${line}`)] : []),
    "",
  ].join("\n");
}

const NPMJS = "https://registry.npmjs.org";

const npmCases: { name: string; code: string; messageId: Case["messageId"]; migrated: string | null; title?: string }[] = [
  {
    name: "npm publish with NODE_AUTH_TOKEN and setup-node's registry-url",
    code: npmJob({ run: "npm publish --provenance --access public", registry: NPMJS, env: "NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}" }),
    messageId: "longLivedToken",
    migrated: npmJob({ run: "npm publish --provenance --access public", registry: NPMJS }).replace("    runs-on:", GRANT),
  },
  {
    name: "npm publish on Node 22: the migration also installs a new enough npm",
    code: npmJob({ run: "npm publish", node: "22", registry: NPMJS, env: "NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}" }),
    messageId: "longLivedToken",
    migrated: npmJob({ run: "npm publish", node: "22", registry: NPMJS })
      .replace("    runs-on:", GRANT)
      .replace("      - name: Publish", "      - name: Update npm for trusted publishing\n        run: npm install -g npm@^11.5.1\n      - name: Publish"),
    title: "install npm ^11.5.1 before publishing",
  },
  {
    name: "pnpm publish with NPM_TOKEN in the job's env",
    code: npmJob({ run: "pnpm --filter app publish --no-git-checks", jobEnv: "NPM_TOKEN: ${{ secrets.NPM_TOKEN }}" }),
    messageId: "longLivedToken",
    migrated: npmJob({ run: "pnpm --filter app publish --no-git-checks" }).replace("    runs-on:", GRANT),
  },
  {
    name: "yarn npm publish (Berry) with YARN_NPM_AUTH_TOKEN",
    code: npmJob({ run: "yarn npm publish --access public", env: "YARN_NPM_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}" }),
    messageId: "longLivedToken",
    migrated: npmJob({ run: "yarn npm publish --access public" }).replace("    runs-on:", GRANT),
  },
  {
    name: "npx lerna publish with NODE_AUTH_TOKEN",
    code: npmJob({ run: "npx lerna publish from-package --yes", registry: NPMJS, env: "NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}" }),
    messageId: "longLivedToken",
    migrated: npmJob({ run: "npx lerna publish from-package --yes", registry: NPMJS }).replace("    runs-on:", GRANT),
  },
  {
    name: "JS-DevTools/npm-publish with its token input",
    code: npmJob({ uses: "JS-DevTools/npm-publish@v4", env: "token: ${{ secrets.NPM_TOKEN }}" }),
    messageId: "longLivedToken",
    migrated: npmJob({ uses: "JS-DevTools/npm-publish@v4" }).replace("    runs-on:", GRANT),
  },
  {
    name: "changesets/action running `changeset publish` with NPM_TOKEN",
    code: npmJob({ uses: "changesets/action@v1", env: "publish: pnpm changeset publish" }).replace("          publish: pnpm changeset publish\n", "          publish: pnpm changeset publish\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n"),
    messageId: "longLivedToken",
    migrated: npmJob({ uses: "changesets/action@v1", env: "publish: pnpm changeset publish" }).replace("    runs-on:", GRANT),
  },
  {
    name: "an .npmrc written with the token: reported, the migration left to the user",
    code: npmJob({ run: 'echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc && npm publish', env: "NPM_TOKEN: ${{ secrets.NPM_TOKEN }}" }),
    messageId: "longLivedToken",
    migrated: null,
  },
  {
    name: "Yarn Classic with a token: it cannot do trusted publishing",
    code: npmJob({ run: "yarn publish --non-interactive", registry: NPMJS, env: "NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}" }),
    messageId: "toolLacksTrustedPublishing",
    migrated: null,
  },
];

ruleTester().run("prefer-trusted-publishing (npm)", rule, {
  valid: [
    // Trusted publishing already: setup-node's registry-url without a token is not a credential.
    npmJob({ run: "npm publish", registry: NPMJS }),
    // GitHub Packages and private registries have no trusted publishing.
    npmJob({ run: "npm publish", registry: "https://npm.pkg.github.com", env: "NODE_AUTH_TOKEN: ${{ secrets.GITHUB_TOKEN }}" }),
    npmJob({ run: "npm publish --registry https://npm.example.com/", env: "NODE_AUTH_TOKEN: ${{ secrets.PRIVATE }}" }),
    npmJob({ run: "npm publish", env: "NPM_CONFIG_REGISTRY: https://npm.example.com/\nNODE_AUTH_TOKEN: ${{ secrets.PRIVATE }}" }),
    npmJob({ run: "yarn npm publish", env: "YARN_NPM_REGISTRY_SERVER: https://npm.example.com\nYARN_NPM_AUTH_TOKEN: ${{ secrets.PRIVATE }}" }),
    // A registry decided at run time.
    npmJob({ run: "npm publish", registry: "${{ inputs.registry }}", env: "NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}" }),
    // Not publishing: dry runs, packing, a publish hidden in a package script.
    npmJob({ run: "npm publish --dry-run", env: "NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}" }),
    npmJob({ run: "npm pack && pnpm pack", env: "NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}" }),
    npmJob({ run: "pnpm run release", env: "NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}" }),
    npmJob({ uses: "changesets/action@v1", env: "publish: pnpm release" }),
    // An install proxy's token is no publish credential.
    npmJob({ run: 'pnpm config set //firewall.example.com/npm/:_authToken "$PROXY" && pnpm publish', registry: NPMJS }).replace("    runs-on:", "    permissions: {id-token: write}\n    runs-on:"),
  ],
  invalid: npmCases.map(({ code, messageId, migrated }) => ({
    code,
    errors: [{ messageId, suggestions: migrated === null ? [] : [{ messageId: "migrate" as const, output: migrated }] }],
  })),
});

describe("prefer-trusted-publishing on the other registries", () => {
  const bothRules = withRules(["prefer-trusted-publishing", "require-id-token-permission", "valid-trusted-publishing"]);
  const onlyThis = withRules(["prefer-trusted-publishing"]);
  for (const { registry, name, code, credential, migrated } of registryCases) {
    it(`${name}: names ${registry} and the credential without its value`, () => {
      const [message] = lint(code, onlyThis);
      expect(message?.message).toMatch(/^Step (?:'[^']+'|\d+) of job 'publish' /u);
      expect(message?.message).toMatch(new RegExp(`(?:publishes to|to) ${registry.replaceAll(".", "\\.")}`, "u"));
      expect(message?.message).toContain(credential);
      expect(message?.message.length).toBeLessThanOrEqual(150);
      expect(message?.message).not.toMatch(/secrets\.\w+ \}\}/u);
    });
    if (migrated === null) continue;
    it(`${name}: the migration parses, changes only the job, re-lints clean and is stable`, () => {
      const before = dataOf(code) as Record<string, unknown>;
      const after = dataOf(migrated) as Record<string, unknown>;
      for (const path of changedPaths(before, after)) {
        expect(path[0] === "jobs" && ["permissions", "env", "steps"].includes(String(path[2])), `unexpected change at ${path.join(".")}`).toBe(true);
      }
      expect(lint(migrated, bothRules)).toEqual([]);
    });
  }

  it("names the registration values the form asks for", () => {
    const [cargo] = lint(registryCases[0]!.code, onlyThis, "release.yml");
    expect(cargo?.suggestions?.[0]?.desc).toMatch(/register on crates\.io first: .*workflow `release\.yml`/u);
    const [nuget] = lint(registryCases[5]!.code.replace("    runs-on", "    environment: nuget.org\n    runs-on"), onlyThis, "release.yml");
    expect(nuget?.suggestions?.[0]?.desc).toContain("workflow `release.yml`, environment `nuget.org`");
  });

  it("reports the nuget.org push of a job that also pushes to MyGet, and only that one", () => {
    const code = jobWith(
      "      - run: dotnet nuget push a.nupkg --api-key ${{ secrets.MYGET }} --source https://www.myget.org/F/x/api/v3/index.json\n      - run: dotnet nuget push a.nupkg --api-key ${{ secrets.NUGET }} --source https://api.nuget.org/v3/index.json\n",
    );
    const messages = lint(code, onlyThis);
    expect(messages.map((m) => m.line)).toEqual([7]);
    const output = messages[0]!.suggestions![0]!;
    const migrated = code.slice(0, output.fix.range[0]) + output.fix.text + code.slice(output.fix.range[1]);
    expect(migrated).toContain("--api-key ${{ secrets.MYGET }}");
    expect(migrated).toContain('--api-key "${{ steps.nuget-login.outputs.NUGET_API_KEY }}"');
  });
});

describe("prefer-trusted-publishing npm migrations", () => {
  const bothRules = withRules(["prefer-trusted-publishing", "require-id-token-permission", "valid-trusted-publishing"]);
  for (const { name, code, migrated, title } of npmCases) {
    it(`${name}: one short sentence naming the step and job`, () => {
      const [message] = lint(code, withRules(["prefer-trusted-publishing"]));
      expect(message?.message).toMatch(/^Step (?:'[^']+'|\d+) of job 'publish' /u);
      expect(message?.message.length).toBeLessThanOrEqual(150);
      if (title) expect(message?.suggestions?.[0]?.desc).toContain(title);
    });
    if (migrated === null) continue;
    it(`${name}: the migration parses, changes only the job, and leaves nothing to report`, () => {
      for (const path of changedPaths(dataOf(code), dataOf(migrated))) {
        expect(path[0] === "jobs" && ["permissions", "env", "steps"].includes(String(path[2])), `unexpected change at ${path.join(".")}`).toBe(true);
      }
      expect(lint(migrated, bothRules)).toEqual([]);
    });
  }
});

describe("GitLab CI/CD: long-lived tokens to registries that accept GitLab's trusted publishing", () => {
  const RULE = ["prefer-trusted-publishing"];
  afterAll(removeGitlabRepositories);

  it("reports TWINE_PASSWORD from a CI/CD variable, and suggests declaring PYPI_ID_TOKEN and removing the variable", () => {
    const root = gitlabRepository("pypi-token");
    const messages = lintGitlab(root, ".gitlab-ci.yml", RULE);
    expect(messages.map((message) => [message.line, message.message])).toEqual([
      [24, "`script` of job 'upload_pypi' publishes to PyPI with a long-lived token (`TWINE_PASSWORD` from `$PYPI_API_TOKEN`)."],
      [37, "`script` of job 'upload_pypi_exported' publishes to PyPI with a long-lived token (`TWINE_PASSWORD` set in the script)."],
    ]);
    const suggestion = messages[0]!.suggestions![0]!;
    expect(suggestion.desc).toBe(
      "Use trusted publishing: declare `PYPI_ID_TOKEN` with `aud: pypi` and remove `TWINE_PASSWORD`; register on PyPI first: namespace, project, top-level pipeline file `.gitlab-ci.yml`",
    );
    const source = readFileSync(path.join(root, ".gitlab-ci.yml"), "utf8");
    const output = source.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + source.slice(suggestion.fix.range[1]);
    expect(changedPaths(dataOf(source), dataOf(output))).toEqual([
      ["upload_pypi", "variables", "TWINE_PASSWORD"],
      ["upload_pypi", "id_tokens"],
    ]);
    expect((dataOf(output) as Record<string, { id_tokens: unknown }>).upload_pypi!.id_tokens).toEqual({ PYPI_ID_TOKEN: { aud: "pypi" } });
    expect(messages[1]!.suggestions).toBeUndefined();
  });

  it("reports an .npmrc token in a job of an included file, linted in its top-level pipeline", () => {
    const root = gitlabRepository("npm-token-include");
    expect(lintGitlab(root, ".gitlab/ci/release.yml", RULE).map((message) => message.message)).toEqual([
      "`script` of job 'release__semantic-release' publishes to npm with a long-lived token (a `.npmrc` written by `script`).",
    ]);
    // The top-level file has no job of its own: nothing reported there.
    expect(lintGitlab(root, ".gitlab-ci.yml", RULE)).toEqual([]);
  });

  it("is quiet on GitLab's package registry with CI_JOB_TOKEN, hand-minted tokens and exchange scripts", () => {
    for (const [fixture, file] of [["gitlab-registry", ".gitlab/ci/deploy.yml"], ["mint-script", ".gitlab-ci.yml"], ["crates-tp", ".gitlab-ci.yml"], ["nuget-tp", ".gitlab-ci.yml"]] as const) {
      expect(lintGitlab(gitlabRepository(fixture), file, RULE), fixture).toEqual([]);
    }
  });

  it("reports a script that uploads several packages the same way once", () => {
    // As PiratePreta/xq-rs publishes its three crates (.gitlab/ci/release.yml).
    const code = yaml`
      release:publish-crates:
        script:
          - cargo publish --locked -p xqvm --token "\${CARGO_REGISTRY_TOKEN}"
          - cargo publish --locked -p xqasm --token "\${CARGO_REGISTRY_TOKEN}"
          - cargo publish --locked -p xqcli --token "\${CARGO_REGISTRY_TOKEN}"
    `;
    expect(lint(code, withRules(RULE), ".gitlab-ci.yml").map((message) => message.message)).toEqual([
      "`script` of job 'release:publish-crates' publishes to crates.io with a long-lived token (the `--token` argument).",
    ]);
  });

  it("names a tool without trusted publishing, and leaves registries that do not accept GitLab alone", () => {
    const code = yaml`
      poetry:
        script: poetry publish -u __token__ -p $PYPI_TOKEN
      gem:
        script: GEM_HOST_API_KEY=$RUBYGEMS_KEY gem push pkg/*.gem
    `;
    expect(lint(code, withRules(RULE), ".gitlab-ci.yml").map((message) => message.message)).toEqual([
      "`script` of job 'poetry' publishes to PyPI with poetry, which needs a long-lived token (the `-p` argument).",
    ]);
  });
});
