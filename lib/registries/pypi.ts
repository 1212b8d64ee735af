/**
 * PyPI and TestPyPI: the Python publishing tools, the pypa and maturin actions, PyPI's tokens and
 * trusted-publisher registration. Sources: each `source` field; the tools' and PyPI's own
 * documentation (warehouse docs/user/trusted-publishers/*).
 */
import type { CiStep as Step } from "../ci/shape.js";
import { positional } from "../shell/options.js";
import { programName, unwrapRunners, type Runner } from "../shell/commands.js";
import type { CommandPublisher, CredentialSource, PackageIndex, Registry, TokenShape, TrustedPublishingCandidate, TrustedPublishingProblem } from "./types.js";

const PYPI: PackageIndex = {
  id: "pypi",
  name: "PyPI",
  hosts: ["upload.pypi.org", "pypi.org"],
  trustedPublishing: true,
  registrationUrl: "https://pypi.org/manage/account/publishing/",
};

const TESTPYPI: PackageIndex = {
  id: "testpypi",
  name: "TestPyPI",
  hosts: ["test.pypi.org"],
  trustedPublishing: true,
  registrationUrl: "https://test.pypi.org/manage/account/publishing/",
  // The PyPA publishing guide names the TestPyPI job's environment `testpypi`
  // (packaging.python.org/en/latest/guides/publishing-package-distribution-releases-using-github-actions-ci-cd-workflows/).
  suggestedEnvironment: "testpypi",
};

const TESTPYPI_UPLOAD_URL = "https://test.pypi.org/legacy/";

/** The username that means "the password is an API token". */
const TOKEN_USERNAME = "__token__";

/** Runners that execute the tool named after them: `python -m twine`, `uvx twine`, `pipx run twine`. */
const RUNNERS: readonly Runner[] = [
  { interpreter: /^(?:python(?:\d+(?:\.\d+)?)?|py)$/u, moduleFlag: "-m" },
  { prefix: ["uv", "run"], optionsWithValue: new Set(["--with", "--from", "--python", "-p", "--project", "--directory", "--group", "--extra", "--package", "--index", "--env-file"]) },
  { prefix: ["uv", "tool", "run"], optionsWithValue: new Set(["--with", "--from", "--python", "-p", "--index"]) },
  { prefix: ["uvx"], optionsWithValue: new Set(["--with", "--from", "--python", "-p", "--index"]) },
  { prefix: ["pipx", "run"], optionsWithValue: new Set(["--spec", "--python", "--pip-args", "--index-url", "-i"]) },
  { prefix: ["poetry", "run"], optionsWithValue: new Set(["-C", "--directory", "-P", "--project"]) },
  { prefix: ["pdm", "run"], optionsWithValue: new Set(["-p", "--project", "--venv"]) },
  { prefix: ["hatch", "run"], optionsWithValue: new Set(["-e", "--env"]) },
  { prefix: ["pipenv", "run"], optionsWithValue: new Set() },
  { prefix: ["rye", "run"], optionsWithValue: new Set() },
];

/** A `.pypirc` with a password, written by a step of the job up to this one: twine reads it. */
function pypircWriter(step: Step): CredentialSource | undefined {
  const writer = step.stepsThrough.find(
    (other) => other.run !== undefined && other.run.text.includes(".pypirc") && /password\s*[=:]/iu.test(other.run.text),
  );
  return writer && { kind: "config-file", name: ".pypirc", step: writer };
}

/** `poetry config pypi-token.<repo> <token>` or `http-basic.<repo> <user> <password>` run by the job before the upload. */
function poetryTokenConfig(step: Step): CredentialSource | undefined {
  for (const other of step.stepsThrough) {
    for (const command of other.run?.commandsWhere((line) => line.includes("poetry")) ?? []) {
      const argv = unwrapRunners(command.argv, RUNNERS);
      if (argv[0] === undefined || programName(argv[0]) !== "poetry" || argv[1] !== "config") continue;
      const setting = argv.slice(2).find((word) => !word.startsWith("-"));
      if (setting && /^(?:pypi-token|http-basic)\./u.test(setting)) {
        return { kind: "tool-config", name: `poetry config ${setting}`, step: other, command };
      }
    }
  }
  return undefined;
}

const PYPI_NAMES = { pypi: "pypi", testpypi: "testpypi" } as const;

/** The pypa action: inputs rather than flags. */
const PYPA_ACTION = "pypa/gh-action-pypi-publish";

const COMMAND_PUBLISHERS: readonly CommandPublisher[] = [
  {
    tool: "twine",
    program: "twine",
    subcommands: ["upload"],
    trustedPublishing: true,
    minimumVersion: "6.1",
    credentialEnv: ["TWINE_PASSWORD"],
    credentialFlags: ["-p", "--password"],
    usernameEnv: ["TWINE_USERNAME"],
    usernameFlags: ["-u", "--username"],
    urlEnv: ["TWINE_REPOSITORY_URL"],
    urlFlags: ["--repository-url"],
    repositoryEnv: ["TWINE_REPOSITORY"],
    repositoryFlags: ["-r", "--repository"],
    repositoryNames: PYPI_NAMES,
    dryRunFlags: [],
    storedCredential: pypircWriter,
    source: "https://twine.readthedocs.io/en/stable/#twine-upload (trusted publishing since 6.1.0)",
  },
  {
    tool: "uv",
    program: "uv",
    subcommands: ["publish"],
    trustedPublishing: true,
    credentialEnv: ["UV_PUBLISH_TOKEN", "UV_PUBLISH_PASSWORD"],
    credentialFlags: ["-t", "--token", "-p", "--password"],
    usernameEnv: ["UV_PUBLISH_USERNAME"],
    usernameFlags: ["-u", "--username"],
    urlEnv: ["UV_PUBLISH_URL"],
    urlFlags: ["--publish-url"],
    // `--index NAME` refers to pyproject.toml, which the linter does not read: unknown target.
    repositoryEnv: ["UV_PUBLISH_INDEX"],
    repositoryFlags: ["--index"],
    repositoryNames: {},
    dryRunFlags: ["--dry-run"],
    disablesTrustedPublishing: (flags) =>
      flags.value(["--trusted-publishing"]) === "never" || flags.has(["--no-trusted-publishing"]),
    source: "https://docs.astral.sh/uv/reference/cli/#uv-publish",
  },
  {
    tool: "pdm",
    program: "pdm",
    subcommands: ["publish"],
    trustedPublishing: true,
    minimumVersion: "2.6",
    credentialEnv: ["PDM_PUBLISH_PASSWORD"],
    credentialFlags: ["-P", "--password"],
    usernameEnv: ["PDM_PUBLISH_USERNAME"],
    usernameFlags: ["-u", "--username"],
    urlEnv: [],
    urlFlags: [],
    // pdm's `-r` takes a configured name or a URL.
    repositoryEnv: ["PDM_PUBLISH_REPO"],
    repositoryFlags: ["-r", "--repository"],
    repositoryNames: PYPI_NAMES,
    dryRunFlags: [],
    source: "https://pdm-project.org/latest/usage/publish/ (trusted publishing since 2.6.0)",
  },
  {
    tool: "maturin",
    program: "maturin",
    subcommands: ["upload", "publish"],
    trustedPublishing: true,
    credentialEnv: ["MATURIN_PYPI_TOKEN", "MATURIN_PASSWORD"],
    credentialFlags: ["-p", "--password"],
    usernameEnv: ["MATURIN_USERNAME"],
    usernameFlags: ["-u", "--username"],
    urlEnv: ["MATURIN_REPOSITORY_URL"],
    urlFlags: ["--repository-url"],
    repositoryEnv: ["MATURIN_REPOSITORY"],
    repositoryFlags: ["-r", "--repository"],
    repositoryNames: PYPI_NAMES,
    dryRunFlags: [],
    source: "https://www.maturin.rs/distribution.html#uploading-with-maturin",
  },
  {
    tool: "poetry",
    program: "poetry",
    subcommands: ["publish"],
    trustedPublishing: false,
    credentialEnv: [/^POETRY_PYPI_TOKEN_[A-Z0-9_]+$/u, /^POETRY_HTTP_BASIC_[A-Z0-9_]+_PASSWORD$/u],
    credentialFlags: ["-p", "--password"],
    usernameEnv: [],
    usernameFlags: ["-u", "--username"],
    urlEnv: [],
    urlFlags: [],
    repositoryEnv: [],
    repositoryFlags: ["-r", "--repository"],
    repositoryNames: PYPI_NAMES,
    dryRunFlags: ["--dry-run"],
    storedCredential: poetryTokenConfig,
    source: "https://python-poetry.org/docs/cli/#publish (no trusted publishing: python-poetry/poetry#7940)",
  },
  {
    tool: "hatch",
    program: "hatch",
    subcommands: ["publish"],
    trustedPublishing: false,
    credentialEnv: ["HATCH_INDEX_AUTH"],
    credentialFlags: ["-a", "--auth"],
    usernameEnv: ["HATCH_INDEX_USER"],
    usernameFlags: ["-u", "--user"],
    urlEnv: [],
    urlFlags: [],
    repositoryEnv: ["HATCH_INDEX_REPO"],
    repositoryFlags: ["-r", "--repo"],
    repositoryNames: { main: "pypi", test: "testpypi" },
    dryRunFlags: [],
    source: "https://hatch.pypa.io/latest/publish/",
  },
  {
    tool: "flit",
    program: "flit",
    subcommands: ["publish"],
    trustedPublishing: false,
    credentialEnv: ["FLIT_PASSWORD"],
    credentialFlags: [],
    usernameEnv: ["FLIT_USERNAME"],
    usernameFlags: [],
    urlEnv: ["FLIT_INDEX_URL"],
    urlFlags: [],
    repositoryEnv: [],
    repositoryFlags: ["--repository"],
    repositoryNames: PYPI_NAMES,
    dryRunFlags: [],
    storedCredential: pypircWriter,
    source: "https://flit.pypa.io/en/stable/upload.html",
  },
];

/** Tools without trusted publishing of their own, whose upload with no credential fails. */
const NO_TRUSTED_PUBLISHING = new Set(["poetry", "hatch", "flit"]);

/** Runner labels of GitHub's Windows and macOS images, where a container action cannot run. */
const NOT_LINUX = /^(?:windows|macos)-/iu;

// ─── A tool pinned below its first release that does trusted publishing ──────────────────────

/** Programs (after the runners) whose `install` puts a Python package in the job: `pip`, `uv pip`, `pipx`, `uv tool`. */
function installedPackages(argv: readonly string[]): readonly string[] | undefined {
  const words = unwrapRunners(argv, RUNNERS);
  const program = words[0] === undefined ? undefined : programName(words[0]);
  let rest: readonly string[] | undefined;
  if ((program === "pip" || program === "pip3" || program === "pipx") && words[1] === "install") rest = words.slice(2);
  else if (program === "uv" && (words[1] === "pip" || words[1] === "tool") && words[2] === "install") rest = words.slice(3);
  return rest?.filter((word) => !word.startsWith("-"));
}

/** Numbers of a version (`6.1` → [6, 1]); `undefined` for anything else. */
function versionParts(text: string): number[] | undefined {
  return /^\d+(?:\.\d+)*$/u.test(text) ? text.split(".").map(Number) : undefined;
}

function compareParts(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Whether a PEP 440 specifier (`==5.1.1`, `<6`, `~=5.0`, `>=5,<6.1`) allows only versions below
 * `minimum`: one of its clauses bounds it there. A specifier that allows `minimum` or later, or
 * one this reader does not understand, is not (the rule stays silent).
 */
export function onlyBelow(specifier: string, minimum: readonly number[]): boolean {
  return specifier.split(",").some((clause) => {
    const match = /^\s*(===?|<=|<|~=)\s*([\d.]+)(\.\*)?\s*$/u.exec(clause);
    const version = match && versionParts(match[2]!);
    if (!match || !version) return false;
    const [, operator, , wildcard] = match;
    // The first version a clause excludes from above: `<6` → 6; `==5.*` → 6; `~=5.0` → 6; `~=5.0.1` → 5.1.
    const bumped = (parts: readonly number[]) => [...parts.slice(0, -1), parts.at(-1)! + 1];
    switch (operator) {
      case "<":
        return compareParts(version, minimum) <= 0;
      case "<=":
        return compareParts(version, minimum) < 0;
      case "~=":
        return version.length >= 2 && compareParts(bumped(version.slice(0, -1)), minimum) <= 0;
      default:
        return wildcard ? compareParts(bumped(version), minimum) <= 0 : compareParts(version, minimum) < 0;
    }
  });
}

/**
 * The step up to the publish that last installs `tool` with a version specifier that allows only
 * releases before `minimum` (`pip install twine==5.1.1`, `pipx install "twine<6"`), or the publish
 * command itself naming one (`uvx twine@5.1.1 upload`); `undefined` when the job does not pin the
 * tool that way (a later install without a version, a requirements file: not judged).
 */
function pinnedBelow(candidate: TrustedPublishingCandidate, minimum: readonly number[]): { readonly step: Step; readonly spec: string } | undefined {
  const { step, tool } = candidate;
  const own = candidate.command && unwrapRunners(candidate.command.argv, RUNNERS)[0];
  const ownVersion = own === undefined ? undefined : /^[\w.-]+@([\d.]+)$/u.exec(own.slice(own.lastIndexOf("/") + 1));
  if (ownVersion && programName(own!) === tool) return onlyBelow(`==${ownVersion[1]}`, minimum) ? { step, spec: own! } : undefined;
  const requirement = new RegExp(`^${tool}(?:\\[[\\w,-]*\\])?\\s*((?:[<>=!~]=?|===)\\s*[\\d.*]+(?:\\s*,\\s*(?:[<>=!~]=?|===)\\s*[\\d.*]+)*)?$`, "iu");
  let found: { step: Step; spec: string } | undefined;
  for (const other of step.stepsThrough) {
    for (const command of other.run?.commandsWhere((line) => line.includes(tool) && line.includes("install")) ?? []) {
      for (const word of installedPackages(command.argv) ?? []) {
        const match = requirement.exec(word);
        if (!match) continue;
        found = match[1] !== undefined && onlyBelow(match[1], minimum) ? { step: other, spec: word } : undefined;
      }
    }
  }
  return found;
}

/**
 * PyPI's own checks: poetry, hatch and flit cannot exchange the OIDC token; twine and pdm can
 * only from a version on, so a job that pins an older one cannot; and the pypa action runs in a
 * container, so not on Windows or macOS runners.
 */
function trustedPublishingProblems(candidate: TrustedPublishingCandidate): TrustedPublishingProblem[] {
  if (NO_TRUSTED_PUBLISHING.has(candidate.tool)) {
    return [
      {
        id: "tool-cannot",
        problem: `\`${candidate.tool} publish\` cannot do it and is given no credential`,
        remedy: `Build with ${candidate.tool}, then upload with ${PYPA_ACTION}`,
        source: COMMAND_PUBLISHERS.find((publisher) => publisher.tool === candidate.tool)!.source,
      },
    ];
  }
  const publisher = COMMAND_PUBLISHERS.find((candidatePublisher) => candidatePublisher.tool === candidate.tool);
  const minimum = publisher?.minimumVersion === undefined ? undefined : versionParts(publisher.minimumVersion);
  const pinned = minimum && pinnedBelow(candidate, minimum);
  if (pinned) {
    return [
      {
        id: "tool-too-old",
        problem: `${pinned.step.named} installs \`${pinned.spec}\` (needs ${candidate.tool} ${publisher!.minimumVersion} or later)`,
        at: pinned.step,
        source: publisher!.source,
      },
    ];
  }
  const labels = candidate.step.job.runsOn;
  if (candidate.step.action === PYPA_ACTION && labels?.some((label) => NOT_LINUX.test(label))) {
    return [
      {
        id: "container-action-not-linux",
        problem: `${PYPA_ACTION} runs in a container, which \`${labels.find((label) => NOT_LINUX.test(label))}\` cannot run`,
        source: "https://github.com/pypa/gh-action-pypi-publish#readme (Linux runners only)",
      },
    ];
  }
  return [];
}


/** TestPyPI's macaroons start with this (the base64 of their location, `test.pypi.org`). */
const TESTPYPI_TOKEN_PREFIX = "pypi-AgENdGVzdC5weXBpLm9yZw";

const TOKEN_SHAPES: readonly TokenShape[] = [
  {
    // PyPI API tokens: `pypi-` and a base64url macaroon, whose length varies with its caveats.
    // PyPI tokens start `pypi-AgEIcHlwaS5vcmc`, TestPyPI tokens `pypi-AgENdGVzdC5weXBpLm9yZw`.
    kind: "pypi-token",
    pattern: /(?<![A-Za-z\d])pypi-[\w-]{85,}(?![A-Za-z\d])/gu,
    // The prefix and the shortest run a token has after it: `pypa/gh-action-pypi-publish`, in one
    // workflow of eight, holds the prefix and is no token.
    hint: /pypi-[\w-]{85}/u,
    prefix: () => "pypi-",
    refine: (token) => (token.startsWith(TESTPYPI_TOKEN_PREFIX) ? "testpypi-token" : "pypi-token"),
    source: "https://docs.pypi.org/api/secrets/ (detection pattern pypi-[A-Za-z0-9_-]{85,})",
  },
];

export const pypi: Registry = {
  id: "pypi",
  name: "PyPI",
  indexes: [PYPI, TESTPYPI],
  supportsTrustedPublishing: true,
  trustedPublishingDocs: "https://docs.pypi.org/trusted-publishers/",
  // https://docs.pypi.org/trusted-publishers/adding-a-publisher/
  registrationFields: ["workflow", "environment", "owner", "repository"],
  // `job_workflow_ref`: the called workflow, in the same repository (reusable workflows are officially unsupported).
  calledWorkflowFile: { matches: "callee", source: "pypi/warehouse warehouse/oidc/models/github.py (_check_job_workflow_ref); docs/user/trusted-publishers/troubleshooting.md" },
  suggestedEnvironment: "pypi",
  environmentAdvice: "https://docs.pypi.org/trusted-publishers/security-model/ (a dedicated environment with required reviewers)",
  requirements: {
    refusedTriggers: ["pull_request_target"],
    tagPushOnly: false,
    githubHostedOnly: false,
    source: "https://github.com/pypi/warehouse/blob/main/warehouse/oidc/models/github.py (_check_event_name)",
  },
  commandPublishers: COMMAND_PUBLISHERS,
  actionPublishers: [
    {
      kind: "inputs",
      action: PYPA_ACTION,
      tool: "pypa-action",
      displayName: PYPA_ACTION,
      trustedPublishing: true,
      credentialInputs: ["password"],
      usernameInputs: ["user"],
      urlInputs: ["repository-url", "repository_url"],
      defaultIndex: PYPI.id,
      // The OIDC exchange (oidc-exchange.py, and twine-upload.sh's "no password implies the OIDC
      // flow") first ships in v1.8.0 (commit 2b46bad "OIDC beta support", 2023-03-15); v1.7.1 and
      // older need `password`. The `master` branch is frozen at v1.5.1 plus notices.
      trustedPublishingSince: {
        version: "v1.8.0",
        upgrade: "release/v1",
        source: "https://github.com/pypa/gh-action-pypi-publish/blob/v1.8.0/twine-upload.sh (not at v1.7.1)",
      },
      source: "https://github.com/pypa/gh-action-pypi-publish#trusted-publishing",
    },
    {
      // `command: upload|publish` runs `maturin upload|publish` with `args`.
      kind: "runs-command",
      action: "pyo3/maturin-action",
      tool: "maturin-action",
      displayName: "PyO3/maturin-action",
      runs: "maturin",
      commandInput: "command",
      argsInput: "args",
      source: "https://github.com/PyO3/maturin-action#inputs",
    },
  ],
  reusableWorkflows: [],
  exchangers: [],
  runners: RUNNERS,
  tokenUsername: TOKEN_USERNAME,
  credentials: {
    kinds: {
      "pypi-token": { label: "a PyPI API token", secret: "PYPI_API_TOKEN" },
      "testpypi-token": { label: "a TestPyPI API token", secret: "TEST_PYPI_API_TOKEN" },
      "package-index": { label: "a package index password or token", secret: "PYPI_API_TOKEN" },
    },
    publisherKind: "package-index",
    publishLabel: "a PyPI API token or password",
    tokenKinds: ["pypi-token", "testpypi-token"],
    env: [],
    actionInputs: [
      { action: "casperdcl/deploy-pypi", inputs: { password: "package-index", gpg_key: "private-key" }, source: "https://github.com/casperdcl/deploy-pypi/blob/master/action.yml" },
    ],
    commands: [
      {
        // `poetry config pypi-token.<repo> <token>`, `poetry config http-basic.<repo> <user> <password>`.
        words: ["poetry", "config"],
        options: [],
        kind: "package-index",
        argument: (args) => {
          const key = positional(args, 0);
          const name = key === undefined ? "" : args[key]!;
          if (name.startsWith("pypi-token.")) return positional(args, 1);
          if (name.startsWith("http-basic.")) return positional(args, 2);
          return undefined;
        },
        source: "https://python-poetry.org/docs/repositories/#configuring-credentials",
      },
    ],
    tokenShapes: TOKEN_SHAPES,
    placeholderWords: ["pypi", "testpypi"],
  },
  migration: {
    replacement: {
      action: PYPA_ACTION,
      uses: `${PYPA_ACTION}@release/v1`,
      stepName: (index) => `Publish to ${index.name}`,
      inputs: (index) => (index.id === TESTPYPI.id ? [["repository-url", TESTPYPI_UPLOAD_URL]] : []),
      buildFlag: "--build",
      buildsAlways: ["flit"],
      buildCommand: (tool) => `${tool} build`,
    },
  },
  // GitLab CI/CD: `id_tokens: PYPI_ID_TOKEN: {aud: pypi}`; native clients derive the variable's
  // name from the audience the index reports (`testpypi` → TESTPYPI_ID_TOKEN).
  namedIdTokens: {
    ciSystem: "GitLab CI/CD",
    tokens: [
      { index: "pypi", variable: "PYPI_ID_TOKEN", audience: "pypi", wrongAudiences: ["https://pypi.org", "pypi.org", "https://upload.pypi.org/legacy/"] },
      { index: "testpypi", variable: "TESTPYPI_ID_TOKEN", audience: "testpypi", wrongAudiences: ["https://test.pypi.org", "test.pypi.org"] },
    ],
    readBy: "client",
    audienceMustBeString: false,
    clients: [
      { tool: "twine", minimumVersion: "6.1", source: "https://github.com/pypa/twine/blob/f536ac5/twine/auth.py (id >= 1.2.0 reads <AUD>_ID_TOKEN on GitLab)" },
      { tool: "uv", minimumVersion: "0.8.18", source: "https://github.com/astral-sh/uv/blob/main/changelogs/0.8.x.md (\"Support Gitlab CI/CD as a trusted publisher\", #15583)" },
      { tool: "pdm", minimumVersion: "2.23.1", source: "https://pdm-project.org/latest/usage/publish/ (GitLab CI snippet; pdm uses `id` for every provider since 2.23.1)" },
    ],
    exchangeEndpoint: /\/_\/oidc\/mint-token|python3? -m id\b|\bid token\b/u,
    registrationFields: ["namespace", "project", "top-level pipeline file", "environment"],
    tokenSingleUse: true,
    hostedRunnersOnly: false,
    status: "available",
    source: "https://docs.pypi.org/trusted-publishers/using-a-publisher/ (GitLab CI/CD tab); warehouse/oidc/models/gitlab.py",
  },
  trustedPublishingProblems,
};
