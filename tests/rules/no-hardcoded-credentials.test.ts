import { readFileSync } from "node:fs";
import path from "node:path";
import type { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import rule from "../../lib/rules/no-hardcoded-credentials.js";
import { analyse } from "scslre";
import { ACTION_SECRET_INPUTS, TOKEN_HINT, TOKEN_SHAPES, findTokens, kindInfo, secretNameFor } from "../../lib/publishing/credentials.js";
import { CREDENTIAL_COMMAND, globMatch, someAssignedName } from "../../lib/publishing/credential-positions.js";
import { ruleTester, yaml } from "../helpers/rule-tester.js";
import { changedPaths, dataOf, lint, withRules } from "../helpers/fix.js";
import { CORPUS_DIR, corpusFiles, hasCorpus } from "../helpers/corpus.js";
import { TOKENS, randomText } from "../helpers/tokens.js";

// ---------------------------------------------------------------------------------------------
// Synthetic credentials: never real tokens, built here from repeated characters so that no
// token-shaped text is ever written in the repository.

const chars = (n: number, alphabet: string) => alphabet.repeat(Math.ceil(n / alphabet.length)).slice(0, n);
const T = {
  pypi: `pypi-AgEIcHlwaS5vcmc${chars(120, "Qz9_Xw8-Vy7")}`,
  testpypi: `pypi-AgENdGVzdC5weXBpLm9yZw${chars(120, "Kj5Lm4-Np3")}`,
  ghp: `ghp_${chars(36, "Zq9Wx8Vy7")}`,
  gho: `gho_${chars(36, "Rt6Yu5")}`,
  ghu: `ghu_${chars(36, "Io4Pa3")}`,
  ghs: `ghs_${chars(36, "Sd2Fg1")}`,
  ghr: `ghr_${chars(36, "Hj9Kl8")}`,
  githubPat: `github_pat_${chars(82, "Zq9_Wx8")}`,
  npm: `npm_${chars(36, "Mn7Bv6")}`,
  glpat: `glpat-${chars(24, "Cx5-Za4")}`,
  akia: `AKIA${chars(16, "QZ9WX8")}`,
  asia: `ASIA${chars(16, "RT7YU6")}`,
  sshKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${chars(70, "b3Blbn9Zq")}\n-----END OPENSSH PRIVATE KEY-----`,
} as const;

/** Literal secrets of no known shape, made of runs no message could contain. */
const PW = "Qv8Zx9-Wk7Ym6";
const PW2 = "Jd4Hs3Kf2";

const PYPA = "pypa/gh-action-pypi-publish@release/v1";
const secret = (name: string) => `\${{ secrets.${name} }}`;

/** The line/column span of the first occurrence of `text` in `code`, as ESLint reports it. */
function spanOf(code: string, text: string, from = 0) {
  const index = code.indexOf(text, from);
  if (index === -1) throw new Error(`${JSON.stringify(text)} is not in the code`);
  const before = code.slice(0, index).split("\n");
  const endLines = code.slice(0, index + text.length).split("\n");
  return {
    line: before.length,
    column: before.at(-1)!.length + 1,
    endLine: endLines.length,
    endColumn: endLines.at(-1)!.length + 1,
  };
}

interface CaseOptions {
  /** The reported text (default: the secret). */
  at?: string;
  /** What the suggestion replaces (default: `at`) and with what (default: the secret expression). */
  from?: string;
  to?: string;
  /** No suggestion expected. */
  noSuggestion?: boolean;
  /**
   * The value sits in the `run:` script of a `stepWith` step (the last step of the file, on a
   * known shell): the suggestion puts the secret in the step's new `env` and the script reads it
   * through `reference` (default `"$NAME"`), which replaces `from` (default `at`).
   */
  viaEnv?: { reference?: string; from?: string };
  options?: Record<string, unknown>[];
  data?: Record<string, string>;
  messageId?: "hardcodedCredential" | "credentialInComment";
}

const PLACEHOLDERS = {
  hardcodedCredential: ["credential", "where", "also", "remedy"],
  credentialInComment: ["credential", "line", "also", "remedy"],
} as const;

/**
 * How a case checks its message: by `messageId` and `data` when `data` names every placeholder,
 * else by a pattern of the given parts in the message's order (RuleTester's `data` must be whole).
 */
function messageCheck(messageId: "hardcodedCredential" | "credentialInComment", data: Record<string, string> | undefined) {
  const keys: readonly string[] = PLACEHOLDERS[messageId];
  if (!data || keys.every((key) => key in data)) return { messageId, ...(data ? { data: Object.fromEntries(Object.entries(data).filter(([key]) => keys.includes(key))) } : {}) };
  const escape = (text: string) => text.replace(/[$()*+.?[\\\]^{|}]/gu, "\\$&");
  return { message: new RegExp(keys.filter((key) => key in data).map((key) => escape(data[key]!)).join("[\\s\\S]*"), "u") };
}

/** An invalid case with one report at `at`, and its suggestion replacing `from` by `to`. */
function invalid(code: string, secretText: string, secretName: string, opts: CaseOptions = {}) {
  const at = opts.at ?? secretText;
  const replacement = secret(secretName);
  return {
    code,
    ...(opts.options ? { options: opts.options } : {}),
    errors: [
      {
        ...messageCheck(opts.messageId ?? "hardcodedCredential", opts.data),
        ...spanOf(code, at),
        suggestions: opts.noSuggestion
          ? []
          : opts.viaEnv
            ? [viaEnvSuggestion(code, opts.viaEnv.from ?? at, secretName, opts.viaEnv.reference, opts.data && "advice" in opts.data ? opts.data.advice : undefined)]
            : [
                {
                  messageId: "useSecret" as const,
                  // The suggestion's title carries the trusted-publishing advice; checked where a case names it.
                  ...(opts.data && "advice" in opts.data ? { data: { replacement, advice: opts.data.advice! } } : {}),
                  output: code.replace(opts.from ?? at, opts.to ?? replacement),
                },
              ],
      },
    ],
  };
}

/** The expected env suggestion for a value in the script of the last step of a `stepWith` workflow. */
function viaEnvSuggestion(code: string, from: string, name: string, reference = `"$${name}"`, advice?: string) {
  return {
    messageId: "useSecretFromEnv" as const,
    // The title's trusted-publishing advice is checked where a case names it.
    ...(advice === undefined ? {} : { data: { name, replacement: secret(name), reference, advice } }),
    output: `${code.replace(from, reference)}        env:\n          ${name}: ${secret(name)}\n`,
  };
}

/** The suggestion title's advice for a registry token that trusted publishing replaces, by the secret name proposed. */
const TRUSTED_PUBLISHING_ADVICE: Record<string, string> = {
  CARGO_REGISTRY_TOKEN: "; better, crates.io trusted publishing needs none",
  NUGET_API_KEY: "; better, nuget.org trusted publishing needs none",
};

/** A workflow whose one step has `env` and/or `run`. */
function stepWith({ env, run, name }: { env?: string; run?: string; name?: string }): string {
  return [
    "on: push",
    "jobs:",
    "  publish:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    ...(name ? [`      - name: ${name}`] : []),
    ...(env ? [`      ${name ? " " : "-"} env:`, ...env.split("\n").map((line) => `          ${line}`)] : []),
    ...(run ? [`      ${name || env ? " " : "-"} run: |`, ...run.split("\n").map((line) => `          ${line}`)] : []),
    "",
  ].join("\n");
}

/** A workflow whose one step uses `action` with `input: value`. */
function actionWith(action: string, input: string, value: string): string {
  return yaml`
    on: push
    jobs:
      release:
        runs-on: ubuntu-latest
        steps:
          - uses: ${action}
            with:
              ${input}: ${value}
  `;
}

const PUBLISHER_ENV: [string, string][] = [
  ["TWINE_PASSWORD", "PYPI_API_TOKEN"],
  ["UV_PUBLISH_TOKEN", "PYPI_API_TOKEN"],
  ["UV_PUBLISH_PASSWORD", "PYPI_API_TOKEN"],
  ["PDM_PUBLISH_PASSWORD", "PYPI_API_TOKEN"],
  ["MATURIN_PYPI_TOKEN", "PYPI_API_TOKEN"],
  ["MATURIN_PASSWORD", "PYPI_API_TOKEN"],
  ["POETRY_PYPI_TOKEN_PYPI", "PYPI_API_TOKEN"],
  ["POETRY_PYPI_TOKEN_TESTPYPI", "PYPI_API_TOKEN"],
  ["POETRY_HTTP_BASIC_INTERNAL_PASSWORD", "PYPI_API_TOKEN"],
  ["HATCH_INDEX_AUTH", "PYPI_API_TOKEN"],
  ["FLIT_PASSWORD", "PYPI_API_TOKEN"],
  ["NODE_AUTH_TOKEN", "NPM_TOKEN"],
  ["NPM_TOKEN", "NPM_TOKEN"],
  ["YARN_NPM_AUTH_TOKEN", "NPM_TOKEN"],
  ["NPM_CONFIG_TOKEN", "NPM_TOKEN"],
  ["CARGO_REGISTRY_TOKEN", "CARGO_REGISTRY_TOKEN"],
  ["GEM_HOST_API_KEY", "RUBYGEMS_API_KEY"],
  ["GITHUB_TOKEN", "GITHUB_TOKEN"],
  ["GH_TOKEN", "GITHUB_TOKEN"],
];

ruleTester().run("no-hardcoded-credentials", rule, {
  valid: [
    // The user's secure example.
    readFileSync(new URL("../../examples/seed-secure.yml", import.meta.url), "utf8"),
    // Usernames are not credentials.
    stepWith({ env: "TWINE_USERNAME: __token__\nTWINE_PASSWORD: ${{ secrets.PYPI_API_TOKEN }}", run: "twine upload dist/*" }),
    stepWith({ env: "UV_PUBLISH_USERNAME: someone\nPDM_PUBLISH_USERNAME: someone\nHATCH_INDEX_USER: someone" }),
    // Expressions: secrets, step outputs, inputs; wholly or in part.
    stepWith({ env: "TWINE_PASSWORD: ${{ secrets.PYPI_API_TOKEN }}" }),
    stepWith({ env: "CARGO_REGISTRY_TOKEN: ${{ steps.auth.outputs.token }}" }),
    stepWith({ env: "NPM_TOKEN: '${{ inputs.token }}'" }),
    stepWith({ env: 'GEM_HOST_API_KEY: "Bearer ${{secrets.GITHUB_TOKEN}}"' }),
    stepWith({ env: "GITHUB_TOKEN: ${{ github.token }}" }),
    // Empty and null.
    stepWith({ env: "TWINE_PASSWORD: ''" }),
    stepWith({ env: 'TWINE_PASSWORD: ""' }),
    stepWith({ env: "TWINE_PASSWORD:" }),
    actionWith(PYPA, "password", "''"),
    // References to environment variables, in env values and in scripts.
    stepWith({ env: "TWINE_PASSWORD: $PYPI_TOKEN" }),
    stepWith({ env: "TWINE_PASSWORD: ${PYPI_TOKEN}" }),
    stepWith({ env: "NPM_TOKEN: '%NPM_TOKEN%'" }),
    stepWith({ run: 'twine upload -p "$PYPI_TOKEN" dist/*' }),
    stepWith({ run: "twine upload --password ${PYPI_TOKEN} dist/*" }),
    stepWith({ run: "twine upload --password=$PYPI_TOKEN dist/*" }),
    stepWith({ run: "twine upload -p $(cat token.txt) dist/*" }),
    stepWith({ run: "twine upload -p `cat token.txt` dist/*" }),
    stepWith({ run: 'TWINE_PASSWORD="$PYPI_TOKEN" twine upload dist/*' }),
    stepWith({ run: "export UV_PUBLISH_TOKEN=${{ secrets.PYPI_API_TOKEN }}\nuv publish" }),
    stepWith({ run: 'echo "$DOCKER_PASSWORD" | docker login -u me --password-stdin' }),
    stepWith({ run: 'docker login -u me -p "$DOCKER_PASSWORD" ghcr.io' }),
    stepWith({ run: 'poetry config pypi-token.pypi "$PYPI_TOKEN"' }),
    stepWith({ run: "npm config set //registry.npmjs.org/:_authToken ${NPM_TOKEN}" }),
    stepWith({ run: 'dotnet nuget push pkg.nupkg --api-key "${NUGET_API_KEY}" --source nuget.org' }),
    // Obvious placeholders in docs and templates.
    ...["'<your-token>'", "'***'", "changeme", "your-pypi-token-here", "PYPI_API_TOKEN", "XXXXX-XXXXX-XXXXX", "dummy", "'[REDACTED]'", "'{{ pypi_token }}'", "test", "fake-token", "YourTokenHere", "..."].map(
      (value) => stepWith({ env: `TWINE_PASSWORD: ${value}` }),
    ),
    stepWith({ run: "twine upload --repository-url http://localhost:8080 -u test -p test dist/*" }),
    // Names that are not credential names: database passwords of test services, look-alikes.
    stepWith({ env: "PGPASSWORD: postgres\nDATABASE_PASSWORD: debug_toolbar\nTWINE_PASSWORD_FILE: /run/pw\nMY_TOKEN: abc" }),
    // Inputs of actions not known to take a secret, and inputs that are not secrets.
    actionWith("some/action@v1", "password", PW),
    actionWith("actions/setup-node@v4", "token", PW),
    actionWith("docker/login-action@v3", "username", "me"),
    actionWith("PyO3/maturin-action@v1", "token", PW),
    actionWith(PYPA, "user", "__token__"),
    // Shell that only mentions a credential.
    stepWith({ run: `echo "twine upload -p ${PW} dist/*"` }),
    stepWith({ run: `# twine upload -p ${PW} dist/*\nls` }),
    stepWith({ run: `cat > notes.txt <<EOF\ntwine upload -p ${PW}\nTWINE_PASSWORD=${PW}\nEOF\nls` }),
    stepWith({ run: `twine check -p ${PW} dist/*` }),
    // A YAML file that is not a workflow: like every rule of the plugin, silent there.
    `env:\n  TWINE_PASSWORD: ${PW}\nsteps:\n  - run: twine upload -p ${PW2}\n`,
    `config:\n  token: ${T.ghp}\n`,
    // Container credentials from secrets; a container given as a string.
    yaml`
      on: push
      jobs:
        build:
          container:
            image: ghcr.io/owner/image
            credentials:
              username: \${{ github.actor }}
              password: \${{ secrets.GITHUB_TOKEN }}
          services:
            db:
              image: postgres
              env:
                POSTGRES_PASSWORD: postgres
          steps:
            - run: make
        other:
          container: node:20
          steps:
            - run: make
    `,
    // Secrets passed to a reusable workflow.
    yaml`
      on: push
      jobs:
        call:
          uses: octo/release/.github/workflows/pypi.yml@v1
          secrets:
            PYPI_TOKEN: \${{ secrets.PYPI_TOKEN }}
        inherit:
          uses: octo/release/.github/workflows/pypi.yml@v1
          secrets: inherit
    `,
    // Token shapes that are not quite tokens.
    stepWith({ run: `echo ghp_${chars(35, "Zq9Wx8Vy7")}` }),
    stepWith({ run: `echo ghp_${chars(37, "Zq9Wx8Vy7")}` }),
    stepWith({ run: `echo xghp_${chars(36, "Zq9Wx8Vy7")}` }),
    stepWith({ run: `echo ghx_${chars(36, "Zq9Wx8Vy7")}` }),
    stepWith({ run: `echo pypi-${chars(84, "Qz9_Xw8-Vy7")}` }),
    stepWith({ run: `echo glpat-${chars(19, "Cx5-Za4")}` }),
    stepWith({ run: `echo AKIA${chars(15, "QZ9WX8")}` }),
    stepWith({ run: `echo akia${chars(16, "qz9wx8")}` }),
    stepWith({ run: `echo npm_${chars(36, "Mn7-v6")}` }),
    stepWith({ run: `echo github_pat_${chars(81, "Zq9_Wx8")}` }),
    // Documentation examples: AWS's example key, one repeated character.
    stepWith({ env: "AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE" }),
    stepWith({ run: `echo ghp_${"x".repeat(36)}` }),
    // A private key header with the key from a secret.
    stepWith({ run: 'echo "-----BEGIN OPENSSH PRIVATE KEY-----" > key\necho "${{ secrets.SSH_KEY }}" >> key' }),
    // Options: allowed literals (whole-value match) and tokens.
    { code: stepWith({ env: "TWINE_PASSWORD: fixture-pw-1" }), options: [{ allowValues: ["fixture-pw-\\d"] }] },
    { code: stepWith({ run: `echo ${T.ghp}` }), options: [{ allowValues: ["ghp_(?:Zq9Wx8Vy7)+"] }] },
    // A pattern valid only without the `u` flag still works.
    { code: stepWith({ env: "TWINE_PASSWORD: fixture-pw" }), options: [{ allowValues: ["fixture\\-pw"] }] },
    // Odd shapes never crash.
    "jobs:\n",
    "jobs:\n  a:\n    steps:\n      -\n      - 42\n      - env: [TWINE_PASSWORD]\n      - env: {TWINE_PASSWORD: {nested: x}}\n      - with: 7\n      - run: [a]\n",
    "jobs:\n  a:\n    container:\n    services: [db]\n    secrets: [x]\n    steps: []\n",
    "jobs:\n  a:\n    container: {credentials: [x]}\n    services: {db: {credentials: {password: }}}\n",
    `jobs:\n  a:\n    steps:\n      - env:\n          TWINE_PASSWORD: !custom ${PW}\n`,
    `jobs:\n  a:\n    steps:\n      - env:\n          TWINE_PASSWORD: *missing\n`,
    "",
    "# only a comment\n",
  ],
  invalid: [
    // The user's insecure example: the literal TWINE_PASSWORD, once.
    (() => {
      const code = readFileSync(new URL("../../examples/seed-insecure.yml", import.meta.url), "utf8");
      return invalid(code, "my-insecure-hardcoded-token", "PYPI_API_TOKEN", {
        data: {
          credential: "A PyPI API token or password",
          where: "in the `env` of step 'Publish to PyPI' of job 'publish' (`TWINE_PASSWORD`)",
          replacement: secret("PYPI_API_TOKEN"),
          advice: "; better, PyPI trusted publishing needs none",
        },
      });
    })(),
    // Every credential env name, at step level.
    ...PUBLISHER_ENV.map(([name, secretName]) => invalid(stepWith({ env: `${name}: ${PW}` }), PW, secretName)),
    // Workflow and job levels.
    invalid(`on: push\nenv:\n  TWINE_PASSWORD: ${PW}\njobs:\n  a:\n    steps:\n      - run: twine upload dist/*\n`, PW, "PYPI_API_TOKEN", {
      data: {
        credential: "A PyPI API token or password",
        where: "in the workflow's `env` (`TWINE_PASSWORD`)",
        replacement: secret("PYPI_API_TOKEN"),
        advice: "; better, PyPI trusted publishing needs none",
      },
    }),
    invalid(`on: push\njobs:\n  a:\n    env:\n      NPM_TOKEN: ${PW}\n    steps:\n      - run: npm publish\n`, PW, "NPM_TOKEN", {
      data: { credential: "An npm token", where: "in the `env` of job 'a' (`NPM_TOKEN`)", replacement: secret("NPM_TOKEN"), advice: "; better, npm trusted publishing needs none" },
    }),
    // npm: a token in the publish step's env, in JS-DevTools/npm-publish's input, in an .npmrc line.
    invalid(stepWith({ env: `NODE_AUTH_TOKEN: ${T.npm}`, run: "npm publish" }), T.npm, "NPM_TOKEN", {
      data: { credential: "An npm token (`npm_…`)", where: "in the `env` of step 1 of job 'publish' (`NODE_AUTH_TOKEN`)", advice: "; better, npm trusted publishing needs none" },
    }),
    invalid(actionWith("JS-DevTools/npm-publish@v4", "token", PW), PW, "NPM_TOKEN", {
      data: { credential: "An npm token", where: "in the `with` input `token` of step 'JS-DevTools/npm-publish@v4' of job 'release'", advice: "; better, npm trusted publishing needs none" },
    }),
    invalid(stepWith({ run: `echo "//registry.npmjs.org/:_authToken=${T.npm}" > ~/.npmrc\nnpm publish` }), T.npm, "NPM_TOKEN", {
      data: { credential: "An npm token (`npm_…`)", where: "in the `run:` script of step 1 of job 'publish'" },
    }),
    // A password for another index: no trusted publishing advice.
    invalid(stepWith({ env: `TWINE_PASSWORD: ${PW}\nTWINE_REPOSITORY_URL: https://nexus.example.com/pypi/`, run: "twine upload dist/*" }), PW, "PYPI_API_TOKEN", {
      data: {
        credential: "A package index password or token",
        where: "in the `env` of step 1 of job 'publish' (`TWINE_PASSWORD`)",
        replacement: secret("PYPI_API_TOKEN"),
        advice: "",
      },
    }),
    // Quoted and block values keep (or take) a style that holds the expression.
    invalid(stepWith({ env: `TWINE_PASSWORD: '${PW}'` }), PW, "PYPI_API_TOKEN", { at: `'${PW}'`, to: `'${secret("PYPI_API_TOKEN")}'` }),
    invalid(stepWith({ env: `TWINE_PASSWORD: "${PW}"` }), PW, "PYPI_API_TOKEN", { at: `"${PW}"`, to: `"${secret("PYPI_API_TOKEN")}"` }),
    invalid(stepWith({ env: `TWINE_PASSWORD: |\n  ${PW}` }), PW, "PYPI_API_TOKEN", { at: `|\n            ${PW}` }),
    // The PyPI token's own shape names it; TestPyPI's prefix too.
    invalid(stepWith({ env: `TWINE_PASSWORD: ${T.pypi}`, run: "twine upload dist/*" }), T.pypi, "PYPI_API_TOKEN", {
      data: {
        credential: "A PyPI API token (`pypi-…`)",
        where: "in the `env` of step 1 of job 'publish' (`TWINE_PASSWORD`)",
        replacement: secret("PYPI_API_TOKEN"),
        advice: "; better, PyPI trusted publishing needs none",
      },
    }),
    invalid(stepWith({ env: `UV_PUBLISH_TOKEN: ${T.testpypi}` }), T.testpypi, "TEST_PYPI_API_TOKEN", {
      data: {
        credential: "A TestPyPI API token (`pypi-…`)",
        where: "in the `env` of step 1 of job 'publish' (`UV_PUBLISH_TOKEN`)",
        replacement: secret("TEST_PYPI_API_TOKEN"),
        advice: "; better, PyPI trusted publishing needs none",
      },
    }),
    // pypa's password input, named step.
    invalid(
      yaml`
        on: push
        jobs:
          publish:
            steps:
              - name: Upload
                uses: ${PYPA}
                with:
                  password: ${PW}
      `,
      PW,
      "PYPI_API_TOKEN",
      {
        data: {
          credential: "A PyPI API token or password",
          where: "in the `with` input `password` of step 'Upload' of job 'publish'",
          replacement: secret("PYPI_API_TOKEN"),
          advice: "; better, PyPI trusted publishing needs none",
        },
      },
    ),
    // Every secret input of every action the rule knows.
    ...ACTION_SECRET_INPUTS.flatMap(({ action, inputs }) =>
      Object.entries(inputs).map(([input, kind]) =>
        invalid(actionWith(`${action}@v1`, input, PW), PW, kind === "registry" ? "DOCKERHUB_TOKEN" : kindInfo(kind).secret),
      ),
    ),
    // Input names ignore case; the registry decides the secret's name.
    invalid(actionWith("Docker/Login-Action@v3", "Password", PW), PW, "DOCKERHUB_TOKEN"),
    {
      code: yaml`
        on: push
        jobs:
          push:
            steps:
              - uses: docker/login-action@v3
                with:
                  registry: ghcr.io
                  username: me
                  password: ${PW}
              - uses: docker/login-action@v3
                with: {registry: registry.example.com, username: me, password: ${PW2}}
      `,
      errors: [
        {
          messageId: "hardcodedCredential",
          line: 9,
          data: {
            credential: "A container registry password",
            where: "in the `with` input `password` of step 'docker/login-action@v3' of job 'push'",
            also: "",
            remedy: "change it",
            replacement: secret("GITHUB_TOKEN"),
            advice: "; `secrets.GITHUB_TOKEN` needs no secret of your own",
          },
          suggestions: [
            {
              messageId: "useSecret",
              output: yaml`
                on: push
                jobs:
                  push:
                    steps:
                      - uses: docker/login-action@v3
                        with:
                          registry: ghcr.io
                          username: me
                          password: \${{ secrets.GITHUB_TOKEN }}
                      - uses: docker/login-action@v3
                        with: {registry: registry.example.com, username: me, password: ${PW2}}
              `,
            },
          ],
        },
        {
          // Flow style: the expression is quoted, since `{` and `}` end a plain scalar there.
          messageId: "hardcodedCredential",
          line: 11,
          suggestions: [
            {
              messageId: "useSecret",
              output: yaml`
                on: push
                jobs:
                  push:
                    steps:
                      - uses: docker/login-action@v3
                        with:
                          registry: ghcr.io
                          username: me
                          password: ${PW}
                      - uses: docker/login-action@v3
                        with: {registry: registry.example.com, username: me, password: "\${{ secrets.REGISTRY_PASSWORD }}"}
              `,
            },
          ],
        },
      ],
    },
    // Container and service credentials.
    {
      code: yaml`
        on: push
        jobs:
          build:
            container:
              image: ghcr.io/owner/image
              credentials:
                username: me
                password: ${PW}
            services:
              db:
                image: private.example.com/db
                credentials: {username: me, password: '${PW2}'}
            steps:
              - run: make
      `,
      errors: [
        {
          messageId: "hardcodedCredential",
          ...spanOf(yaml`
            on: push
            jobs:
              build:
                container:
                  image: ghcr.io/owner/image
                  credentials:
                    username: me
                    password: ${PW}
          `, PW),
          data: {
            credential: "A container registry password",
            where: "in the `container` credentials of job 'build'",
            also: "",
            remedy: "change it",
            replacement: secret("GITHUB_TOKEN"),
            advice: "; `secrets.GITHUB_TOKEN` needs no secret of your own",
          },
          suggestions: [
            {
              messageId: "useSecret",
              output: yaml`
                on: push
                jobs:
                  build:
                    container:
                      image: ghcr.io/owner/image
                      credentials:
                        username: me
                        password: \${{ secrets.GITHUB_TOKEN }}
                    services:
                      db:
                        image: private.example.com/db
                        credentials: {username: me, password: '${PW2}'}
                    steps:
                      - run: make
              `,
            },
          ],
        },
        {
          messageId: "hardcodedCredential",
          line: 12,
          data: {
            credential: "A container registry password",
            where: "in the credentials of service 'db' of job 'build'",
            also: "",
            remedy: "change it",
            replacement: secret("REGISTRY_PASSWORD"),
            advice: "",
          },
          suggestions: [
            {
              messageId: "useSecret",
              output: yaml`
                on: push
                jobs:
                  build:
                    container:
                      image: ghcr.io/owner/image
                      credentials:
                        username: me
                        password: ${PW}
                    services:
                      db:
                        image: private.example.com/db
                        credentials: {username: me, password: '\${{ secrets.REGISTRY_PASSWORD }}'}
                    steps:
                      - run: make
              `,
            },
          ],
        },
      ],
    },
    // Secrets passed to a reusable workflow are secrets by definition.
    invalid(
      yaml`
        on: push
        jobs:
          call:
            uses: octo/release/.github/workflows/pypi.yml@v1
            secrets:
              pypi-token: ${PW}
      `,
      PW,
      "PYPI_TOKEN",
      {
        data: {
          credential: "A secret",
          where: "in the `secrets` that job 'call' passes to its reusable workflow (`pypi-token`)",
          replacement: secret("PYPI_TOKEN"),
          advice: "",
        },
      },
    ),
    // Options and arguments of publish and login commands; the report is on the value in the script.
    ...[
      [`twine upload -p ${PW} dist/*`, "PYPI_API_TOKEN", "`-p` of `twine upload`"],
      [`python -m twine upload --password ${PW} dist/*`, "PYPI_API_TOKEN", "`--password` of `twine upload`"],
      [`twine upload --password=${PW} dist/*`, "PYPI_API_TOKEN", "`--password` of `twine upload`"],
      [`twine upload -p${PW} dist/*`, "PYPI_API_TOKEN", "`-p` of `twine upload`"],
      [`twine upload -u __token__ -p "${PW}" dist/*`, "PYPI_API_TOKEN", "`-p` of `twine upload`"],
      [`twine upload -p '${PW}' dist/*`, "PYPI_API_TOKEN", "`-p` of `twine upload`"],
      [`uv publish --token ${PW}`, "PYPI_API_TOKEN", "`--token` of `uv publish`"],
      [`uv publish -t ${PW} --dry-run`, "PYPI_API_TOKEN", "`-t` of `uv publish`"],
      [`uvx twine upload -p ${PW} dist/*`, "PYPI_API_TOKEN", "`-p` of `twine upload`"],
      [`pdm publish -P ${PW}`, "PYPI_API_TOKEN", "`-P` of `pdm publish`"],
      [`maturin upload -p ${PW} dist/*`, "PYPI_API_TOKEN", "`-p` of `maturin upload`"],
      [`poetry publish -u me -p ${PW}`, "PYPI_API_TOKEN", "`-p` of `poetry publish`"],
      [`hatch publish -a ${PW}`, "PYPI_API_TOKEN", "`-a` of `hatch publish`"],
      [`docker login -u me -p ${PW} ghcr.io`, "DOCKERHUB_TOKEN", "`-p` of `docker login`"],
      [`podman login --password ${PW} quay.io`, "DOCKERHUB_TOKEN", "`--password` of `podman login`"],
      [`cargo publish --token ${PW}`, "CARGO_REGISTRY_TOKEN", "`--token` of `cargo publish`"],
      [`dotnet nuget push pkg.nupkg -k ${PW} -s nuget.org`, "NUGET_API_KEY", "`-k` of `dotnet nuget push`"],
      [`dotnet nuget push pkg.nupkg --api-key ${PW}`, "NUGET_API_KEY", "`--api-key` of `dotnet nuget push`"],
      [`nuget push pkg.nupkg -ApiKey ${PW}`, "NUGET_API_KEY", "`-ApiKey` of `nuget push`"],
    ].map(([script, secretName, what]) =>
      invalid(stepWith({ run: `python -m build\n${script}` }), PW, secretName!, {
        data: { where: `in the \`run:\` script of step 1 of job 'publish' (${what})`, replacement: secret(secretName!), ...(secretName === "PYPI_API_TOKEN" ? {} : { advice: TRUSTED_PUBLISHING_ADVICE[secretName!] ?? "" }) },
        // A quoted value: inside double quotes the reference goes in as it is; single quotes
        // would keep it literal, so they are replaced with double quotes.
        viaEnv: script!.includes(`"${PW}"`) ? { reference: `$${secretName}` } : script!.includes(`'${PW}'`) ? { from: `'${PW}'` } : {},
      }),
    ),
    ...[
      [`cargo login ${PW}`, "CARGO_REGISTRY_TOKEN", "cargo login"],
      [`npm config set //registry.npmjs.org/:_authToken ${PW}`, "NPM_TOKEN", "npm config set"],
      [`npm config set //registry.npmjs.org/:_authToken=${PW}`, "NPM_TOKEN", "npm config set"],
      [`poetry config pypi-token.pypi ${PW}`, "PYPI_API_TOKEN", "poetry config"],
      [`poetry config http-basic.internal me ${PW}`, "PYPI_API_TOKEN", "poetry config"],
    ].map(([script, secretName, command]) =>
      invalid(stepWith({ run: script! }), PW, secretName!, {
        data: { where: `in the \`run:\` script of step 1 of job 'publish' (an argument of \`${command}\`)`, replacement: secret(secretName!) },
        viaEnv: {},
      }),
    ),
    // Assignments: inline, `env`, `export`, bare.
    ...[
      [`TWINE_USERNAME=__token__ TWINE_PASSWORD=${PW} twine upload dist/*`, "`TWINE_PASSWORD=…`"],
      [`env TWINE_PASSWORD=${PW} python -m twine upload dist/*`, "`TWINE_PASSWORD=…`"],
      [`export UV_PUBLISH_TOKEN=${PW}\nuv publish`, "`export UV_PUBLISH_TOKEN=…`"],
      [`export UV_PUBLISH_TOKEN="${PW}"\nuv publish`, "`export UV_PUBLISH_TOKEN=…`"],
      [`NODE_AUTH_TOKEN=${PW}\nnpm publish`, "`NODE_AUTH_TOKEN=…`"],
      [`if [ "$CI" ]; then GH_TOKEN=${PW} gh release create v1; fi`, "`GH_TOKEN=…`"],
    ].map(([script, what]) =>
      invalid(stepWith({ run: script! }), PW, kindInfo(script!.includes("NODE_AUTH") ? "npm" : script!.includes("GH_TOKEN") ? "github-token" : "package-index").secret, {
        data: { where: `in the \`run:\` script of step 1 of job 'publish' (${what})` },
        viaEnv: script!.includes(`"${PW}"`) ? { reference: `$${kindInfo("package-index").secret}` } : {},
      }),
    ),
    // A multi-line script: the exact line and columns, past continuation lines.
    invalid(stepWith({ run: `python -m build\ntwine upload \\\n  --skip-existing \\\n  -p ${PW} \\\n  dist/*` }), PW, "PYPI_API_TOKEN", { viaEnv: {} }),
    // Folded and plain multi-line scripts, on a runner whose shell the workflow does not tell (a
    // matrix): the value is replaced in place.
    invalid(`on: push\njobs:\n  a:\n    runs-on: \${{ matrix.os }}\n    steps:\n      - run: >\n          python -m build &&\n          twine upload -p ${PW} dist/*\n`, PW, "PYPI_API_TOKEN"),
    invalid(`on: push\njobs:\n  a:\n    runs-on: \${{ matrix.os }}\n    steps:\n      - run: twine upload\n          -p ${PW}\n          dist/*\n`, PW, "PYPI_API_TOKEN"),
    // A double-quoted script with escapes before the value: still found, still replaced in place.
    invalid(`on: push\njobs:\n  a:\n    runs-on: \${{ matrix.os }}\n    steps:\n      - run: "python -m build\\ntwine upload -p ${PW} dist/*"\n`, PW, "PYPI_API_TOKEN"),
    // Flow style.
    invalid(`on: push\njobs: {a: {steps: [{env: {TWINE_PASSWORD: ${PW}}, run: twine upload dist/*}]}}\n`, PW, "PYPI_API_TOKEN", {
      to: `"${secret("PYPI_API_TOKEN")}"`,
    }),
    // In a flow collection, a plain script cannot hold `{`: reported, no suggestion where the
    // secret would go in place; where the shell is known, it goes through the step's flow `env`.
    invalid(`on: push\njobs: {a: {runs-on: "\${{ matrix.os }}", steps: [{run: twine upload -p ${PW} dist/*}]}}\n`, PW, "PYPI_API_TOKEN", { noSuggestion: true }),
    {
      code: `on: push\njobs: {a: {runs-on: ubuntu-latest, steps: [{run: twine upload -p ${PW} dist/*}]}}\n`,
      errors: [
        {
          messageId: "hardcodedCredential" as const,
          suggestions: [
            {
              messageId: "useSecretFromEnv" as const,
              output: `on: push\njobs: {a: {runs-on: ubuntu-latest, steps: [{run: twine upload -p "$PYPI_API_TOKEN" dist/*, env: {PYPI_API_TOKEN: "${secret("PYPI_API_TOKEN")}"}}]}}\n`,
            },
          ],
        },
      ],
    },
    // Anchors and aliases: reported once, at the anchor.
    invalid(
      `on: push\nx-env: &creds\n  TWINE_PASSWORD: ${PW}\nenv: *creds\njobs:\n  a:\n    env: *creds\n    steps:\n      - env: *creds\n        run: twine upload dist/*\n`,
      PW,
      "PYPI_API_TOKEN",
    ),
    invalid(
      `on: push\njobs:\n  a:\n    steps:\n      - env:\n          TWINE_PASSWORD: &pw ${PW}\n          UV_PUBLISH_TOKEN: *pw\n        run: twine upload dist/*\n`,
      PW,
      "PYPI_API_TOKEN",
    ),
    invalid(
      `on: push\njobs:\n  a:\n    steps:\n      - run: &upload twine upload -p ${PW} dist/*\n      - run: *upload\n`,
      PW,
      "PYPI_API_TOKEN",
    ),
    // CRLF.
    invalid(`on: push\r\njobs:\r\n  a:\r\n    steps:\r\n      - env:\r\n          TWINE_PASSWORD: ${PW}\r\n        run: twine upload dist/*\r\n`, PW, "PYPI_API_TOKEN"),
    invalid(`on: push\r\njobs:\r\n  a:\r\n    runs-on: \${{ matrix.os }}\r\n    steps:\r\n      - run: |\r\n          python -m build\r\n          twine upload -p ${PW} dist/*\r\n`, PW, "PYPI_API_TOKEN"),
    // Token shapes anywhere: in scripts, in env values of any name, in inputs of any action.
    ...(
      [
        [T.pypi, "PYPI_API_TOKEN", "A PyPI API token (`pypi-…`)"],
        [T.testpypi, "TEST_PYPI_API_TOKEN", "A TestPyPI API token (`pypi-…`)"],
        [T.ghp, "GH_PAT", "A GitHub token (`ghp_…`)"],
        [T.gho, "GH_PAT", "A GitHub token (`gho_…`)"],
        [T.ghu, "GH_PAT", "A GitHub token (`ghu_…`)"],
        [T.ghs, "GITHUB_TOKEN", "A GitHub token (`ghs_…`)"],
        [T.ghr, "GH_PAT", "A GitHub token (`ghr_…`)"],
        [T.githubPat, "GH_PAT", "A GitHub token (`github_pat_…`)"],
        [T.npm, "NPM_TOKEN", "An npm token (`npm_…`)"],
        [T.glpat, "GITLAB_TOKEN", "A GitLab personal access token (`glpat-…`)"],
        [T.akia, "AWS_ACCESS_KEY_ID", "An AWS access key ID (`AKIA…`)"],
        [T.asia, "AWS_ACCESS_KEY_ID", "An AWS access key ID (`ASIA…`)"],
      ] as const
    ).flatMap(([token, secretName, credential]) => [
      invalid(stepWith({ run: `curl -H "Authorization: Bearer ${token}" https://example.com` }), token, secretName, {
        data: { credential, where: "in the `run:` script of step 1 of job 'publish'", replacement: secret(secretName) },
      }),
      invalid(stepWith({ env: `SOME_SETTING: ${token}` }), token, secretName, {
        data: { credential, where: "in the `env` of step 1 of job 'publish' (`SOME_SETTING`)" },
      }),
      invalid(actionWith("some/action@v1", "args", `--key=${token}`), token, secretName),
    ]),
    // A private key: reported, but a suggestion could only replace its first line.
    invalid(stepWith({ run: `cat > key <<EOF\n${T.sshKey}\nEOF` }), "-----BEGIN OPENSSH PRIVATE KEY-----", "SSH_PRIVATE_KEY", {
      noSuggestion: true,
      data: { credential: "An SSH private key (`-----BEGIN OPENSSH PRIVATE KEY-----…`)" },
    }),
    // …but as a whole secret input value it is replaced as a whole.
    (() => {
      const block = `|\n            ${T.sshKey.split("\n").join("\n            ")}`;
      const code = `on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ssh-key: ${block}\n`;
      return invalid(code, block, "SSH_PRIVATE_KEY", { data: { credential: "An SSH private key (`-----BEGIN OPENSSH PRIVATE KEY-----…`)" } });
    })(),
    // In a comment: reported, no suggestion.
    invalid(stepWith({ run: "make" }).replace("on: push", `on: push # old token ${T.ghp}`), T.ghp, "GH_PAT", {
      messageId: "credentialInComment",
      noSuggestion: true,
      data: { credential: "A GitHub token (`ghp_…`)", line: "1" },
    }),
    // In a key: reported, no suggestion.
    invalid(stepWith({ env: `${T.npm}: 1` }), T.npm, "NPM_TOKEN", {
      noSuggestion: true,
      data: { where: "in a variable name in the `env` of step 1 of job 'publish'" },
    }),
    // A literal credential that also has a token shape is reported once.
    invalid(stepWith({ env: `GITHUB_TOKEN: ${T.ghp}`, run: `echo done` }), T.ghp, "GH_PAT", {
      data: { credential: "A GitHub token (`ghp_…`)", where: "in the `env` of step 1 of job 'publish' (`GITHUB_TOKEN`)" },
    }),
    // A token next to an expression: the expression does not hide the literal token.
    invalid(stepWith({ env: `GITHUB_TOKEN: "\${{ secrets.X }}${T.ghp}"` }), T.ghp, "GH_PAT"),
    // Options: more names, with globs; env names exact, input names ignoring case.
    invalid(stepWith({ env: `DEPLOY_SECRET: ${PW}` }), PW, "DEPLOY_SECRET", {
      options: [{ additionalNames: ["DEPLOY_SECRET"] }],
      data: { credential: "A credential", where: "in the `env` of step 1 of job 'publish' (`DEPLOY_SECRET`)" },
    }),
    invalid(stepWith({ env: `ACME_API_KEY: ${PW}` }), PW, "ACME_API_KEY", { options: [{ additionalNames: ["*_API_KEY"] }] }),
    invalid(actionWith("acme/deploy@v2", "Api-Key", PW), PW, "API_KEY", { options: [{ additionalNames: ["api-*"] }] }),
    invalid(stepWith({ run: `ACME_API_KEY=${PW} ./deploy.sh` }), PW, "ACME_API_KEY", { options: [{ additionalNames: ["*_API_KEY"] }], viaEnv: {} }),
    // allowValues only allows what it matches whole.
    invalid(stepWith({ env: `TWINE_PASSWORD: fixture-${PW}` }), `fixture-${PW}`, "PYPI_API_TOKEN", { options: [{ allowValues: ["fixture"] }] }),
  ],
});

// ---------------------------------------------------------------------------------------------

const config = withRules(["no-hardcoded-credentials"]);
const ruleMessages = (code: string, options?: Record<string, unknown>) => {
  const cfg = options
    ? [{ ...config[0]!, rules: { "trusted-publishing/no-hardcoded-credentials": ["error", options] as Linter.RuleEntry } }]
    : config;
  return lint(code, cfg).filter((message) => message.ruleId === "trusted-publishing/no-hardcoded-credentials");
};

describe("no-hardcoded-credentials never repeats a secret", () => {
  const secrets: [string, string][] = [
    ...Object.entries(T).map(([, token]) => [token, findTokens(token)[0]?.prefix ?? ""] as [string, string]),
    [PW, ""],
    [PW2, ""],
  ];
  const placements = (value: string) => [
    stepWith({ env: `TWINE_PASSWORD: ${JSON.stringify(value)}`, run: "twine upload dist/*", name: "Publish" }),
    stepWith({ run: `twine upload -p '${value}' dist/*\nexport NPM_TOKEN='${value}'` }),
    actionWith(PYPA, "password", JSON.stringify(value)),
    actionWith("docker/login-action@v3", "password", JSON.stringify(value)),
    stepWith({ run: `echo '${value}'` }),
    `# ${value.replaceAll("\n", " ")}\n${stepWith({ run: "make" })}`,
    yaml`
      on: push
      jobs:
        call:
          uses: o/r/.github/workflows/w.yml@v1
          secrets:
            TOKEN: ${JSON.stringify(value)}
    `,
  ];
  for (const [value, prefix] of secrets) {
    it(`${prefix || value.slice(0, 3)}…: no message or suggestion holds more than its public prefix`, () => {
      // Any run of the secret one character longer than its public prefix (at least 4) must not appear.
      const window = Math.max(prefix.length + 1, 4);
      const runs = new Set<string>();
      for (let i = 0; i + window <= value.length; i++) runs.add(value.slice(i, i + window));
      let reported = 0;
      for (const code of placements(value)) {
        for (const message of ruleMessages(code)) {
          reported++;
          for (const text of [message.message, ...(message.suggestions ?? []).map((suggestion) => suggestion.desc)]) {
            for (const run of runs) expect(text.includes(run), `${JSON.stringify(run)} in ${JSON.stringify(text)}`).toBe(false);
          }
        }
      }
      expect(reported).toBeGreaterThan(0);
    });
  }

  it("does not leak a token through a step's name or a key", () => {
    const code = yaml`
      on: push
      jobs:
        a:
          steps:
            - name: Upload with ${T.ghp}
              env:
                ${T.npm}: x
                TWINE_PASSWORD: ${PW}
              run: twine upload dist/*
    `;
    const messages = ruleMessages(code);
    expect(messages).toHaveLength(3);
    for (const message of messages) {
      expect(message.message).not.toContain(T.ghp.slice(0, 8));
      expect(message.message).not.toContain(T.npm.slice(0, 8));
      expect(message.message).not.toContain(PW);
    }
  });
});

describe("no-hardcoded-credentials suggestions, applied and re-parsed", () => {
  type Path = (string | number)[];
  const cases: { name: string; code: string; path: Path; expected: string; also?: [Path, string][] }[] = [
    { name: "env value", code: stepWith({ env: `TWINE_PASSWORD: ${PW} # keep`, run: "twine upload dist/*" }), path: ["jobs", "publish", "steps", 0, "env", "TWINE_PASSWORD"], expected: secret("PYPI_API_TOKEN") },
    { name: "single-quoted input", code: actionWith(PYPA, "password", `'${PW}'`), path: ["jobs", "release", "steps", 0, "with", "password"], expected: secret("PYPI_API_TOKEN") },
    { name: "flow mapping", code: `on: push\njobs: {a: {steps: [{env: {NPM_TOKEN: ${PW}}}]}}\n`, path: ["jobs", "a", "steps", 0, "env", "NPM_TOKEN"], expected: secret("NPM_TOKEN") },
    { name: "block scalar value", code: stepWith({ env: `NPM_TOKEN: >-\n  ${PW}\nOTHER: 1` }), path: ["jobs", "publish", "steps", 0, "env", "NPM_TOKEN"], expected: secret("NPM_TOKEN") },
    {
      // GitHub's hardening guide: secrets reach scripts through env, not inlined into the command.
      name: "option inside a literal script, moved to the step's new env",
      code: stepWith({ run: `python -m build\ntwine upload -p ${PW} dist/*\necho done` }),
      path: ["jobs", "publish", "steps", 0, "run"],
      expected: `python -m build\ntwine upload -p "$PYPI_API_TOKEN" dist/*\necho done\n`,
      also: [[["jobs", "publish", "steps", 0, "env"], JSON.stringify({ PYPI_API_TOKEN: secret("PYPI_API_TOKEN") })]],
    },
    {
      name: "single-quoted value in a script, added to the step's existing env",
      code: stepWith({ name: "Upload", env: "TWINE_USERNAME: __token__ # user", run: `twine upload -p '${PW}' dist/*` }),
      path: ["jobs", "publish", "steps", 0, "run"],
      expected: `twine upload -p "$PYPI_API_TOKEN" dist/*\n`,
      also: [[["jobs", "publish", "steps", 0, "env", "PYPI_API_TOKEN"], JSON.stringify(secret("PYPI_API_TOKEN"))]],
    },
    {
      name: "assignment in a script on Windows (pwsh), in a flow env",
      code: `on: push\njobs:\n  a:\n    runs-on: windows-latest\n    steps:\n      - env: {X: 1}\n        run: twine upload -p ${PW} dist/*\n`,
      path: ["jobs", "a", "steps", 0, "run"],
      expected: "twine upload -p $env:PYPI_API_TOKEN dist/*",
      also: [[["jobs", "a", "steps", 0, "env", "PYPI_API_TOKEN"], JSON.stringify(secret("PYPI_API_TOKEN"))]],
    },
    {
      name: "token in a script of a container job, with a step shell of its own",
      code: `on: push\njobs:\n  a:\n    container: node:20\n    steps:\n      - shell: sh\n        run: npm config set //registry.npmjs.org/:_authToken ${PW}\n      - run: npm publish\n`,
      path: ["jobs", "a", "steps", 0, "run"],
      expected: `npm config set //registry.npmjs.org/:_authToken "$NPM_TOKEN"`,
      also: [[["jobs", "a", "steps", 0, "env"], JSON.stringify({ NPM_TOKEN: secret("NPM_TOKEN") })]],
    },
    {
      name: "token inside a double-quoted script (a matrix runner: the shell is unknown, so in place)",
      code: `on: push\njobs:\n  a:\n    runs-on: \${{ matrix.os }}\n    steps:\n      - run: "echo \\"x\\"\\ncurl -u ${T.ghp} x"\n`,
      path: ["jobs", "a", "steps", 0, "run"],
      expected: `echo "x"\ncurl -u ${secret("GH_PAT")} x`,
    },
    {
      name: "CRLF folded script (a matrix runner: in place)",
      code: `on: push\r\njobs:\r\n  a:\r\n    runs-on: \${{ matrix.os }}\r\n    steps:\r\n      - run: >\r\n          export NPM_TOKEN=${PW}\r\n          && npm publish\r\n`,
      path: ["jobs", "a", "steps", 0, "run"],
      expected: `export NPM_TOKEN=${secret("NPM_TOKEN")} && npm publish\n`,
    },
  ];
  const at = (data: unknown, dataPath: Path) => dataPath.reduce((value, segment) => (value as Record<string | number, unknown>)[segment], data);
  for (const { name, code, path: dataPath, expected, also = [] } of cases) {
    it(`${name}: only the value changes, to the secret`, () => {
      const [message] = ruleMessages(code);
      const suggestion = message?.suggestions?.[0];
      expect(suggestion).toBeDefined();
      const { range, text } = suggestion!.fix;
      const output = code.slice(0, range[0]) + text + code.slice(range[1]);
      const sorted = (paths: readonly (readonly (string | number)[])[]) => paths.map((path) => JSON.stringify(path)).sort();
      expect(sorted(changedPaths(dataOf(code), dataOf(output)))).toEqual(sorted([dataPath, ...also.map(([path]) => path)]));
      expect(at(dataOf(output), dataPath)).toBe(expected);
      for (const [path, value] of also) expect(JSON.stringify(at(dataOf(output), path))).toBe(value);
      expect(ruleMessages(output)).toEqual([]);
      if (code.includes("\r\n")) expect(output.replaceAll("\r\n", "")).not.toContain("\n");
    });
  }
});

describe("no-hardcoded-credentials options", () => {
  it("rejects an allowValues pattern that is not a regular expression", () => {
    expect(() => ruleMessages(stepWith({ env: `TWINE_PASSWORD: ${PW}` }), { allowValues: ["(unclosed"] })).toThrow(/allowValues|format/u);
  });
  it("rejects unknown options and empty names", () => {
    expect(() => ruleMessages(stepWith({ env: `TWINE_PASSWORD: ${PW}` }), { allowedValues: ["x"] })).toThrow();
    expect(() => ruleMessages(stepWith({ env: `TWINE_PASSWORD: ${PW}` }), { additionalNames: [""] })).toThrow();
  });
  it("uses the defaults when no options are given", () => {
    expect(rule.meta?.defaultOptions).toEqual([{ additionalNames: [], allowValues: [] }]);
    expect(ruleMessages(stepWith({ env: `TWINE_PASSWORD: ${PW}` }))).toHaveLength(1);
  });
});

describe("credential knowledge", () => {
  it("names secrets the way GitHub allows", () => {
    expect(secretNameFor("pypi-token")).toBe("PYPI_TOKEN");
    expect(secretNameFor("GITHUB_PAT")).toBe("GH_PAT");
    expect(secretNameFor("GITHUB_TOKEN")).toBe("GITHUB_TOKEN");
    expect(secretNameFor("1password")).toBe("_1PASSWORD");
    expect(secretNameFor("--")).toBe("TOKEN");
  });
  it("finds tokens of every shape in one text, in order, among text that only looks like their prefixes", () => {
    // Only the shapes whose hints the text holds are searched for: each must still be found, wherever it is.
    const tokens = [...TOKENS.map((token) => token.text), T.sshKey.slice(0, T.sshKey.indexOf("\n") + 41)];
    const text = tokens.map((token, index) => `${index % 2 ? "uses: pypa/gh-action-pypi-publish@v1, npm_x, " : ""}v${index}: ${token}`).join("\n");
    expect(findTokens(text).map((match) => match.text)).toEqual(tokens);
    expect([...tokens].reverse().map((token) => findTokens(`a-${token} b, cio_x AKIA`)[0]?.text)).toEqual([...tokens].reverse());
  });
  it("tells a text with a token's hint from one with its prefix in words (the PyPI action's name)", () => {
    const action = "uses: pypa/gh-action-pypi-publish@release/v1";
    expect(TOKEN_HINT.test(action)).toBe(false);
    for (const token of TOKENS) expect(TOKEN_HINT.test(`${action}\n  with:\n    password: ${token.text}`), token.name).toBe(true);
    // At its shortest a PyPI token is its prefix and 85 characters.
    const body = randomText(85, 85, "AgEIcHlwaS5vcmc0123456789_-");
    expect(findTokens(`x pypi-${body} y`).map((match) => match.kind)).toEqual(["pypi-token"]);
    expect(findTokens(`x pypi-${body.slice(1)} y`)).toEqual([]);
  });
  it("reads the names assigned in a script line as /\\b([A-Za-z_]\\w*)=/ does, without it", () => {
    const namesOf = (text: string) => {
      const names: string[] = [];
      someAssignedName(text, (name) => (names.push(name), false));
      return names;
    };
    const texts = [
      "NPM_TOKEN=x npm publish",
      "export A=1 B_2=2; _C=3",
      "9abc=1 a9=2 x.y=3 $D=4 --opt=5 é=6 ab-cd=7 a==b ==c",
      '"Q=1" \'R=2\' [S]=3 T+=4 U=',
      "=x ==",
      randomText(5, 400, "ab_Z9=. -$="),
    ];
    for (const text of texts) expect(namesOf(text), text).toEqual([...text.matchAll(/\b([A-Za-z_]\w*)=/gu)].map((match) => match[1]));
    expect(someAssignedName("a=1 NPM_TOKEN=2 b=3", (name) => name === "NPM_TOKEN")).toBe(true);
    expect(someAssignedName("a=1 xNPM_TOKEN=2", (name) => name === "NPM_TOKEN")).toBe(false);
  });
  it("matches globs without regexes", () => {
    expect(globMatch("*_API_KEY", "ACME_API_KEY", false)).toBe(true);
    expect(globMatch("*_API_KEY", "acme_api_key", false)).toBe(false);
    expect(globMatch("*_API_KEY", "acme_api_key", true)).toBe(true);
    expect(globMatch("A*B*C", "AxxBxxC", false)).toBe(true);
    expect(globMatch("A*B*C", "AxxCxxB", false)).toBe(false);
    expect(globMatch("AB*BA", "ABA", false)).toBe(false);
    expect(globMatch("*", "", false)).toBe(true);
  });
  it("searches workflow text only with regexes that cannot backtrack super-linearly", () => {
    // What a timed test guarded (no catastrophic backtracking on hostile text), proved on the
    // patterns themselves: scslre finds every quantifier that an input could make polynomial or
    // exponential, within one match or across the start positions of a global search. The
    // patterns are the ones built at run time (each registry's token shapes, and their unions);
    // the literal regexes of lib/ are held to the same rules by eslint-plugin-regexp in `npm run lint`.
    const patterns = [TOKEN_HINT, CREDENTIAL_COMMAND, ...TOKEN_SHAPES.flatMap((shape) => [shape.pattern, shape.hint])];
    expect(patterns.length).toBeGreaterThan(20);
    const slow = patterns.filter((pattern) => analyse({ source: pattern.source, flags: pattern.flags }, { assumeRejectingSuffix: true }).reports.length > 0);
    expect(slow.map(String)).toEqual([]);
    // The analysis does see a pattern that would be slow.
    expect(analyse({ source: "pypi-[\\w-]+[\\w-]+x", flags: "u" }, { assumeRejectingSuffix: true }).reports.length).toBeGreaterThan(0);
  });
});

describe("the seed examples", () => {
  const read = (file: string) => readFileSync(new URL(`../../examples/${file}`, import.meta.url), "utf8");
  it("seed-insecure.yml has exactly one finding: the literal TWINE_PASSWORD", () => {
    const messages = ruleMessages(read("seed-insecure.yml"));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ line: 31, column: 27 });
    expect(messages[0]!.message).toContain("`TWINE_PASSWORD`");
  });
  it("seed-secure.yml has none", () => {
    expect(ruleMessages(read("seed-secure.yml"))).toEqual([]);
  });
});

describe("the rule's documentation", () => {
  const doc = readFileSync(new URL("../../docs/rules/no-hardcoded-credentials.md", import.meta.url), "utf8");
  const blocks = (heading: string) => {
    const start = doc.indexOf(`### ${heading}\n`);
    const ends = ["\n### ", "\n## "].map((marker) => doc.indexOf(marker, start + 1)).filter((at) => at !== -1);
    const end = Math.min(...ends, doc.length);
    return [...doc.slice(start, end).matchAll(/```yaml\n([\s\S]*?)```/gu)].map((match) => match[1]!);
  };
  it("reports every Incorrect example", () => {
    const incorrect = blocks("Incorrect");
    expect(incorrect.length).toBeGreaterThan(1);
    for (const code of incorrect) expect(ruleMessages(code).length, code).toBeGreaterThan(0);
  });
  it("reports no Correct example", () => {
    const correct = blocks("Correct");
    expect(correct.length).toBeGreaterThan(0);
    for (const code of correct) expect(ruleMessages(code), code).toEqual([]);
  });
});

describe.skipIf(!hasCorpus)("no-hardcoded-credentials on the corpus", () => {
  it("finds nothing in 1,330 real workflows (no file there writes a credential)", () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThan(1000);
    const findings: string[] = [];
    for (const file of files) {
      const code = readFileSync(path.join(CORPUS_DIR, file), "utf8");
      for (const message of lint(code, config, file)) {
        if (message.ruleId === "trusted-publishing/no-hardcoded-credentials") findings.push(`${file}:${message.line}: ${message.message}`);
      }
    }
    expect(findings).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The token shapes and credential places of crates.io, RubyGems.org, nuget.org and JSR.

const REGISTRY_TOKENS: [string, string, string][] = [
  [`cio${chars(32, "Qz9Xw8Vy7")}`, "CARGO_REGISTRY_TOKEN", "A crates.io token (`cio…`)"],
  [`cio_tp_${chars(32, "Kj5Lm4Np3")}`, "CARGO_REGISTRY_TOKEN", "A crates.io token (`cio_tp_…`)"],
  [`rubygems_${chars(48, "0a1b2c3d4e5f6")}`, "RUBYGEMS_API_KEY", "A RubyGems.org API key (`rubygems_…`)"],
  [`jsrp_${chars(35, "Zq9Wx8Vy7")}`, "JSR_TOKEN", "A JSR token (`jsrp_…`)"],
  [`jsrw_${chars(35, "Rt6Yu5Io4")}`, "JSR_TOKEN", "A JSR token (`jsrw_…`)"],
];

const REGISTRY_ENV: [string, string][] = [
  ["CARGO_REGISTRIES_INTERNAL_TOKEN", "CARGO_REGISTRY_TOKEN"],
  ["RUBYGEMS_API_KEY", "RUBYGEMS_API_KEY"],
  ["BUNDLE_GEM__PUSH_KEY", "RUBYGEMS_API_KEY"],
  ["NUGET_API_KEY", "NUGET_API_KEY"],
  ["JSR_TOKEN", "JSR_TOKEN"],
];

ruleTester().run("no-hardcoded-credentials (registry tokens)", rule, {
  valid: [
    // Short-lived tokens from an exchanger's output, and references.
    stepWith({ run: 'dotnet nuget push a.nupkg -k "${{ steps.login.outputs.NUGET_API_KEY }}" -s https://api.nuget.org/v3/index.json' }),
    stepWith({ run: "npx jsr publish --token $JSR_TOKEN" }),
    stepWith({ env: "JSR_TOKEN: ${{ secrets.JSR_TOKEN }}" }),
    // Shapes cut short or run on are not tokens.
    stepWith({ env: `NOTE: cio${chars(20, "Qz9")}` }),
    stepWith({ env: `NOTE: rubygems_${chars(48, "0a1b")}x` }),
  ],
  invalid: [
    ...REGISTRY_TOKENS.map(([token, name, credential]) =>
      invalid(stepWith({ env: `SOMETHING: ${token}` }), token, name, { data: { credential } }),
    ),
    ...REGISTRY_TOKENS.map(([token, , credential]) =>
      invalid(`# ${token}\non: push\njobs:\n  j:\n    steps:\n      - run: echo\n`, token, "", { messageId: "credentialInComment", noSuggestion: true, data: { credential } }),
    ),
    ...REGISTRY_ENV.map(([variable, name]) => invalid(stepWith({ env: `${variable}: ${PW}` }), PW, name)),
    invalid(stepWith({ run: `npx jsr publish --token ${PW}` }), PW, "JSR_TOKEN", { data: { where: "in the `run:` script of step 1 of job 'publish' (`--token` of `jsr publish`)" }, viaEnv: {} }),
    invalid(stepWith({ run: `deno publish --token=${PW}` }), PW, "JSR_TOKEN", { viaEnv: {} }),
    invalid(stepWith({ run: `nuget.exe push a.nupkg -apikey ${PW} -Source nuget.org` }), PW, "NUGET_API_KEY", { data: { advice: TRUSTED_PUBLISHING_ADVICE.NUGET_API_KEY! }, viaEnv: {} }),
  ],
});

// ---------------------------------------------------------------------------------------------
// A literal is judged by what it is, wherever it stands: in each credential position, values that
// are not secrets stay quiet while a secret written beside them (same kind of position, next line
// or step) is reported, once, where it is.

describe("no-hardcoded-credentials judges a literal by what it is", () => {
  /** Two values in the same kind of position: `a` first, `b` second. */
  const positions: Record<string, { code: (a: string, b: string) => string; options?: Record<string, unknown> }> = {
    "step env variable": {
      code: (a, b) => `on: push\njobs:\n  p:\n    steps:\n      - env:\n          TWINE_PASSWORD: ${JSON.stringify(a)}\n        run: twine upload dist/*\n      - env:\n          NODE_AUTH_TOKEN: ${JSON.stringify(b)}\n        run: npm publish\n`,
    },
    "workflow and job env": {
      code: (a, b) => `on: push\nenv:\n  UV_PUBLISH_TOKEN: ${JSON.stringify(a)}\njobs:\n  p:\n    env:\n      CARGO_REGISTRY_TOKEN: ${JSON.stringify(b)}\n    steps:\n      - run: make\n`,
    },
    "action input": {
      code: (a, b) => `on: push\njobs:\n  p:\n    steps:\n      - uses: ${PYPA}\n        with:\n          password: ${JSON.stringify(a)}\n      - uses: docker/login-action@v3\n        with:\n          password: ${JSON.stringify(b)}\n`,
    },
    "container credentials": {
      code: (a, b) =>
        `on: push\njobs:\n  p:\n    container:\n      image: ghcr.io/o/i\n      credentials:\n        username: me\n        password: ${JSON.stringify(a)}\n    services:\n      db:\n        image: registry.example.com/db\n        credentials:\n          username: me\n          password: ${JSON.stringify(b)}\n    steps:\n      - run: make\n`,
    },
    "secrets passed to a reusable workflow": {
      code: (a, b) => `on: push\njobs:\n  call:\n    uses: o/r/.github/workflows/release.yml@v1\n    secrets:\n      API_KEY: ${JSON.stringify(a)}\n      DEPLOY_TOKEN: ${JSON.stringify(b)}\n`,
    },
    "option of a command": {
      code: (a, b) => `on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          twine upload -p '${a}' dist/*\n          dotnet nuget push out.nupkg --api-key '${b}'\n`,
    },
    "argument of a command": {
      code: (a, b) => `on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          cargo login '${a}'\n          npm config set //registry.npmjs.org/:_authToken '${b}'\n`,
    },
    "assignment in a script": {
      code: (a, b) => `on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          export TWINE_PASSWORD='${a}'\n          NODE_AUTH_TOKEN='${b}' npm publish\n`,
    },
    "a name given in additionalNames": {
      code: (a, b) => `on: push\njobs:\n  p:\n    steps:\n      - env:\n          DEPLOY_KEY: ${JSON.stringify(a)}\n      - uses: acme/deploy@v1\n        with:\n          deploy-key: ${JSON.stringify(b)}\n`,
      options: { additionalNames: ["DEPLOY_*", "deploy-*"] },
    },
  };
  const notSecrets = [
    "https://upload.pypi.org/legacy/",
    "https://api.turnkey.com",
    "0x6F72eDB2429820c2A0606a9FC3cA364f5E9b2375",
    "1.2.3",
    "v4",
    "foo",
    "az",
    "dummy",
    "xxx",
    "<token>",
    "changeme",
    "AzureArtifacts",
    "true",
    "false",
    "12345678",
    "/run/secrets/pypi_token",
    "./token.txt",
    "~/.npmrc",
    "release-bot@example.com",
    "hunter2",
  ];
  const secrets = [PW, "my-insecure-hardcoded-token", "3f2504e0-4f89-11d3-9a0c-0305e82c3301"];
  for (const [name, { code, options }] of Object.entries(positions)) {
    it(`${name}: quiet on URLs, addresses, versions, placeholders, booleans, numbers, paths, e-mails and short words; reports the secret beside them`, () => {
      for (const quiet of notSecrets) {
        expect(ruleMessages(code(quiet, quiet), options), quiet).toEqual([]);
        for (const secretValue of secrets) {
          const source = code(quiet, secretValue);
          const messages = ruleMessages(source, options);
          expect(messages.map((message) => message.line), `${quiet} beside ${secretValue}`).toEqual([spanOf(source, secretValue, source.indexOf(quiet) + quiet.length).line]);
        }
      }
    });
  }

  it("the issue's own example: a public address and a URL passed as secrets are no secrets; a key is", () => {
    const code = (key: string) => yaml`
      on: push
      jobs:
        test:
          uses: ./.github/workflows/reusable-test.yml
          secrets:
            API_PRIVATE_KEY: ${key}
            BANNED_TO_ADDRESS: "0x6F72eDB2429820c2A0606a9FC3cA364f5E9b2375"
            BASE_URL: "https://api.turnkey.com"
            AZURE_CLIENT_ID: 3f2504e0-4f89-11d3-9a0c-0305e82c3301
            GPG_KEY_FINGERPRINT: A2AC7132B5DA7C273A7A147665F4A8CA9769ECD7
            REGION: us-east-1
            SENTRY_DSN: https://9f86d081884c7d659a2feaa0c55ad015@o12345.ingest.sentry.io/67890
            DATABASE_URL: postgres://postgres:postgres@localhost:5432/test
    `;
    expect(ruleMessages(code("${{ secrets.API_PRIVATE_KEY }}"))).toEqual([]);
    const messages = ruleMessages(code("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
    expect(messages.map((message) => [message.line, message.message])).toEqual([
      [6, "A secret is written in plain text in the `secrets` that job 'test' passes to its reusable workflow (`API_PRIVATE_KEY`); revoke it."],
    ]);
  });

  it("secrets passed under a name that says nothing: random text is reported, words are not", () => {
    const code = (value: string) => `on: push\njobs:\n  call:\n    uses: o/r/.github/workflows/w.yml@v1\n    secrets:\n      SETTING: ${JSON.stringify(value)}\n`;
    for (const quiet of ["production", "us-east-1", "my-project", "3f2504e0-4f89-11d3-9a0c-0305e82c3301"]) expect(ruleMessages(code(quiet)), quiet).toEqual([]);
    for (const loud of [PW, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", T.npm]) {
      expect(ruleMessages(code(loud)), loud).toHaveLength(1);
    }
    // `additionalNames` says the name holds a credential: then words are a secret too.
    expect(ruleMessages(code("correct-horse-battery-staple"))).toEqual([]);
    expect(ruleMessages(code("correct-horse-battery-staple"), { additionalNames: ["SETTING"] })).toHaveLength(1);
  });

  it("a key option given a placeholder (Azure Artifacts ignores the key) is quiet; a real-looking key beside it is not", () => {
    const code = (...commands: string[]) => stepWith({ run: commands.join("\n") });
    const azure = "--source https://pkgs.dev.azure.com/acme/_packaging/feed/nuget/v3/index.json";
    expect(ruleMessages(code(`dotnet nuget push out/*.nupkg --api-key 'foo' ${azure}`, `dotnet nuget push out/*.nupkg -k az ${azure}`, `dotnet nuget push out/*.nupkg --api-key AzureArtifacts ${azure}`, `nuget push out/x.nupkg -ApiKey VSTS -Source ${azure.split(" ")[1]}`))).toEqual([]);
    const messages = ruleMessages(code(`dotnet nuget push out/*.nupkg -k az ${azure}`, `dotnet nuget push out/*.nupkg -k ${PW} -s https://api.nuget.org/v3/index.json`));
    expect(messages.map((message) => message.line)).toEqual([8]);
  });

  it("a password in a URL is reported anywhere, redacted; a test database's on the runner is not", () => {
    const code = stepWith({
      run: [
        `pip install --index-url https://deploy:${PW}@nexus.example.com/repository/pypi/simple pkg`,
        "psql postgres://postgres:postgres@localhost:5432/test",
        "git clone https://x-access-token:${{ secrets.GITHUB_TOKEN }}@github.com/o/r",
      ].join("\n"),
    });
    const messages = ruleMessages(code);
    expect(messages.map((message) => [message.line, message.column, message.message])).toEqual([
      [7, spanOf(code, PW).column, "A password in a URL is written in plain text in the `run:` script of step 1 of job 'publish'; change it."],
    ]);
    expect(messages[0]!.suggestions?.[0]?.desc).toBe('Revoke it, set `URL_PASSWORD: ${{ secrets.URL_PASSWORD }}` in the step\'s `env` and use `"$URL_PASSWORD"` in the script');
  });
});

describe("no-hardcoded-credentials reports each secret once", () => {
  it("merges a token of open length read on into a suffix, not different passwords that begin alike", () => {
    const tokens = ruleMessages(stepWith({ env: `${T.pypi}_SETTING: "1"\nOTHER: ${T.pypi}` }));
    expect(tokens.map((message) => message.message)).toEqual(["A PyPI API token (`pypi-…`) is written in plain text in the `env` of step 1 of job 'publish' (`OTHER`) (also on line 7); revoke it."]);
    const passwords = ruleMessages(stepWith({ run: `curl https://u:${PW}@a.example.com\ncurl https://u:${PW}9@b.example.com\ncurl https://u:${PW}@c.example.com` }));
    expect(passwords.map((message) => message.line)).toEqual([7, 8]);
    expect(passwords[0]!.message).toContain("(also on line 9)");
  });
});

describe("no-hardcoded-credentials reads a scalar as YAML reads it", () => {
  // The file's text is searched once; a scalar is searched on its own where that text may hold a
  // secret, or where YAML reads it otherwise than written. Here the text holds no token (the PyPI
  // action's name holds PyPI's prefix, but no token's hint), the scalars do.
  const upload = (steps: string[]) =>
    ["on: push", "jobs:", "  release:", "    runs-on: ubuntu-latest", "    steps:", `      - uses: ${PYPA}`, ...steps.map((line) => `      ${line}`), ""].join("\n");

  it("finds a token written with escapes in a double-quoted scalar", () => {
    const code = upload([`- name: "Upload npm\\x5f${T.npm.slice(4)}"`, "  run: make"]);
    expect(code).not.toContain(T.npm);
    expect(ruleMessages(code).map((message) => message.message)).toEqual([
      "An npm token (`npm_…`) is written in plain text in the name of step 2 of job 'release'; revoke it.",
    ]);
  });

  it("finds them in a file where nothing else looks like a token's prefix", () => {
    const plain = (steps: string[]) => upload(steps).replace(`uses: ${PYPA}`, "uses: actions/checkout@v4");
    const escaped = plain([`- name: "Upload npm\\x5f${T.npm.slice(4)}"`, "  run: make"]);
    expect(TOKEN_HINT.test(escaped)).toBe(false);
    expect(ruleMessages(escaped).map((message) => message.line)).toEqual([7]);
    const folded = plain(["  env:", "    NOTE: -----BEGIN RSA PRIVATE", `      KEY----- ${chars(48, "Mb3Nv2Cx1")}`]);
    expect(ruleMessages(folded).map((message) => message.line)).toEqual([8]);
  });

  it("finds a private key whose header is folded over two lines of a plain scalar", () => {
    const code = upload(["  env:", "    NOTE: -----BEGIN RSA PRIVATE", `      KEY----- ${chars(48, "Mb3Nv2Cx1")}`]);
    expect(code).not.toContain("PRIVATE KEY");
    expect(ruleMessages(code).map((message) => message.message)).toEqual([
      `A private key (\`-----BEGIN RSA PRIVATE KEY-----…\`) is written in plain text in the \`env\` of step '${PYPA}' of job 'release' (\`NOTE\`); revoke it.`,
    ]);
  });
});

describe("GitLab CI/CD", () => {
  const RULE = ["no-hardcoded-credentials"];

  it("reports literal credentials in variables: and token shapes (GitLab's own included) anywhere, never repeating them", () => {
    const secrets = {
      password: "hunter2hunter2Secret9",
      pat: `glpat-${"Ab1".repeat(7)}`,
      deploy: `gldt-${"Cd2".repeat(7)}`,
      npm: `npm_${"Ef3Gh4".repeat(6)}`,
    };
    const code = yaml`
      variables:
        TWINE_PASSWORD: ${secrets.password}
        GITLAB_API: ${secrets.pat}
      publish:
        variables:
          NPM_TOKEN: ${secrets.npm}
        script:
          - curl --header "DEPLOY-TOKEN: ${secrets.deploy}" https://gitlab.example.com/api/v4/projects
    `;
    const messages = lint(code, withRules(RULE), ".gitlab-ci.yml");
    expect(messages.map((message) => [message.line, message.message])).toEqual([
      [2, "A package index password or token is written in plain text in the global `variables:` (`TWINE_PASSWORD`); revoke it and keep it in a masked CI/CD variable."],
      [3, "A GitLab personal access token (`glpat-…`) is written in plain text on line 3; revoke it."],
      [6, "An npm token (`npm_…`) is written in plain text in the `variables:` of job 'publish' (`NPM_TOKEN`); revoke it and keep it in a masked CI/CD variable."],
      [8, "A GitLab deploy token (`gldt-…`) is written in plain text on line 8; revoke it."],
    ]);
    for (const message of messages) {
      for (const secret of Object.values(secrets)) expect(message.message).not.toContain(secret.slice(6));
      // GitHub's `${{ secrets.… }}` means nothing to GitLab: no suggestion writes it there.
      expect(message.suggestions).toBeUndefined();
    }
  });

  it("reports a token inside a credential variable's longer value once, at the variable (not again as a token shape on its line)", () => {
    const token = `glpat-${"Xy7".repeat(7)}`;
    const code = yaml`
      publish:
        variables:
          API_TOKEN: "Bearer ${token}"
        script: ./release.sh
    `;
    const messages = lint(code, withRules(RULE), ".gitlab-ci.yml");
    expect(messages.map((message) => [message.line, message.column, message.message])).toEqual([
      [3, 16, "A credential is written in plain text in the `variables:` of job 'publish' (`API_TOKEN`); revoke it and keep it in a masked CI/CD variable."],
    ]);
  });

  it("takes a literal under a name that only sounds like a credential's for a secret when it looks random", () => {
    // As in real pipelines: GStreamer names C macros in `*_TOKEN` variables; a test job sets its
    // postgres service's password; a bot token (made up here) is a secret under any name.
    const code = yaml`
      check formats:
        variables:
          VIDEO_TOKEN: "GST_VIDEO_FORMATS_ALL_STR"
          WL_TOKEN: "GST_WL_VIDEO_FORMATS"
        script: ./check.sh
      test-postgres:
        variables:
          POSTGRES_PASSWORD: "postgres-local-only"
        services:
          - postgres
        script: pytest
      notify:
        variables:
          TELEGRAM_BOT_TOKEN: "1234567890:AAF4kq9ZtR2wXv8LmN3pQs7YdH6jKc5BnTe"
        script: ./notify.sh
    `;
    expect(lint(code, withRules(RULE), ".gitlab-ci.yml").map((message) => [message.line, message.message])).toEqual([
      [14, "A credential is written in plain text in the `variables:` of job 'notify' (`TELEGRAM_BOT_TOKEN`); revoke it and keep it in a masked CI/CD variable."],
    ]);
    // A name the plugin knows, or the user adds, is a credential's: readable words count there.
    const named = yaml`
      publish:
        variables:
          TWINE_PASSWORD: "correct-horse-battery-staple"
          DEPLOY_PASSWORD: "stapled-battery-horse-correct"
        script: twine upload dist/*
    `;
    expect(lint(named, withRules(RULE), ".gitlab-ci.yml").map((message) => message.line)).toEqual([3]);
    expect(lint(named, [withRules(RULE)[0]!, { rules: { "trusted-publishing/no-hardcoded-credentials": ["error", { additionalNames: ["DEPLOY_*"] }] } }], ".gitlab-ci.yml").map((message) => message.line)).toEqual([3, 4]);
  });

  it("leaves CI/CD variable references and GitLab's predefined variables alone", () => {
    const code = yaml`
      publish:
        variables:
          TWINE_USERNAME: gitlab-ci-token
          TWINE_PASSWORD: $CI_JOB_TOKEN
          NPM_TOKEN: \${NPM_TOKEN_FROM_SETTINGS}
        script: twine upload dist/*
    `;
    expect(lint(code, withRules(RULE), ".gitlab-ci.yml")).toEqual([]);
  });
});
