/**
 * What each Python publishing tool is, how it is told where to upload and how it authenticates.
 * One entry per tool; the sources are the tools' own documentation (see docs/FACTS in the repo
 * history and each `source` field).
 */
import type { OptionUse } from "../shell/options.js";

export type PublishTool = "pypa-action" | "twine" | "uv" | "pdm" | "maturin" | "maturin-action" | "poetry" | "hatch";

/** Where an upload goes. `unknown` when it is decided at run time (an expression, a config file). */
export type IndexTarget = "pypi" | "testpypi" | "custom" | "unknown";

/** A name of an environment variable, or a pattern of names (`POETRY_PYPI_TOKEN_<REPO>`). */
export type EnvName = string | RegExp;

export interface CommandPublisher {
  readonly tool: PublishTool;
  /** The program and its publishing subcommands: `twine upload`, `maturin upload|publish`. */
  readonly program: string;
  readonly subcommands: readonly string[];
  /** True when the tool can exchange a GitHub OIDC token with PyPI itself. */
  readonly trustedPublishing: boolean;
  readonly credentialEnv: readonly EnvName[];
  readonly credentialFlags: readonly string[];
  /** A username other than `__token__` means password authentication. */
  readonly usernameEnv: readonly string[];
  readonly usernameFlags: readonly string[];
  readonly urlEnv: readonly string[];
  readonly urlFlags: readonly string[];
  /** Named repositories (`-r testpypi`): names the tool maps to PyPI and TestPyPI out of the box. */
  readonly repositoryEnv: readonly string[];
  readonly repositoryFlags: readonly string[];
  readonly repositoryNames: Readonly<Record<string, "pypi" | "testpypi">>;
  readonly dryRunFlags: readonly string[];
  /** Flags that turn trusted publishing off (`uv publish --trusted-publishing never`). */
  readonly disablesTrustedPublishing?: (flags: FlagReader) => boolean;
  readonly source: string;
}

export interface FlagReader {
  value(names: readonly string[]): string | undefined;
  has(names: readonly string[]): boolean;
  uses(names: readonly string[]): readonly OptionUse[];
}

const PYPI_NAMES = { pypi: "pypi", testpypi: "testpypi" } as const;

export const COMMAND_PUBLISHERS: readonly CommandPublisher[] = [
  {
    tool: "twine",
    program: "twine",
    subcommands: ["upload"],
    trustedPublishing: true,
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
];

/** The pypa action: inputs rather than flags. */
export const PYPA_PUBLISH_ACTION = {
  action: "pypa/gh-action-pypi-publish",
  passwordInput: "password",
  userInput: "user",
  urlInputs: ["repository-url", "repository_url"],
  source: "https://github.com/pypa/gh-action-pypi-publish#trusted-publishing",
} as const;

/** PyO3/maturin-action: `command: upload|publish` runs `maturin upload|publish` with `args`. */
export const MATURIN_ACTION = {
  action: "pyo3/maturin-action",
  commandInput: "command",
  argsInput: "args",
  source: "https://github.com/PyO3/maturin-action#inputs",
} as const;

/** The username that means "the password is an API token". */
export const TOKEN_USERNAME = "__token__";

/** Classifies an upload URL. Anything we cannot read statically is `unknown`. */
export function targetOfUrl(url: string): IndexTarget {
  const text = url.trim();
  if (text.includes("$")) return "unknown";
  let host: string;
  try {
    host = new URL(text).hostname.toLowerCase();
  } catch {
    return "unknown";
  }
  if (host === "upload.pypi.org" || host === "pypi.org") return "pypi";
  if (host === "test.pypi.org") return "testpypi";
  return "custom";
}

/** Runners that execute the tool named after them: `python -m twine`, `uvx twine`, `pipx run twine`. */
export const RUNNERS: readonly {
  readonly prefix: readonly string[];
  readonly optionsWithValue: ReadonlySet<string>;
}[] = [
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
