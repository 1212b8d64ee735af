/**
 * What a credential looks like in a workflow: the kinds of credentials, the environment variables,
 * action inputs and command-line options that carry them, the shapes of well-known tokens, and
 * which values are not credentials at all (expressions, variable references, placeholders).
 *
 * Each fact has its source. Names of the Python publishers' variables and options come from the
 * publishers table (publishers.ts), not from here.
 */
import { COMMAND_PUBLISHERS, PYPA_PUBLISH_ACTION, type EnvName } from "./publishers.js";
import { hasExpression } from "../workflow/expressions.js";

/** What a credential gives access to: decides how a message names it and which secret name it suggests. */
export type CredentialKind =
  | "pypi-token"
  | "testpypi-token"
  | "package-index"
  | "npm"
  | "github-token"
  | "github-pat"
  | "gitlab"
  | "aws-access-key-id"
  | "aws-secret"
  | "aws-session"
  | "cargo"
  | "rubygems"
  | "nuget"
  | "registry"
  | "ssh-key"
  | "private-key"
  | "secret"
  | "generic";

export interface KindInfo {
  /** How a message names it: "a PyPI API token". */
  readonly label: string;
  /** The secret name a suggestion proposes (a guess, hence a suggestion). */
  readonly secret: string;
}

export const CREDENTIAL_KINDS: Readonly<Record<CredentialKind, KindInfo>> = {
  "pypi-token": { label: "a PyPI API token", secret: "PYPI_API_TOKEN" },
  "testpypi-token": { label: "a TestPyPI API token", secret: "TEST_PYPI_API_TOKEN" },
  "package-index": { label: "a package index password or token", secret: "PYPI_API_TOKEN" },
  npm: { label: "an npm token", secret: "NPM_TOKEN" },
  // GitHub's automatic token is `secrets.GITHUB_TOKEN`; it needs no secret of its own.
  "github-token": { label: "a GitHub token", secret: "GITHUB_TOKEN" },
  "github-pat": { label: "a GitHub token", secret: "GH_PAT" },
  gitlab: { label: "a GitLab personal access token", secret: "GITLAB_TOKEN" },
  "aws-access-key-id": { label: "an AWS access key ID", secret: "AWS_ACCESS_KEY_ID" },
  "aws-secret": { label: "an AWS secret access key", secret: "AWS_SECRET_ACCESS_KEY" },
  "aws-session": { label: "an AWS session token", secret: "AWS_SESSION_TOKEN" },
  cargo: { label: "a crates.io token", secret: "CARGO_REGISTRY_TOKEN" },
  rubygems: { label: "a RubyGems API key", secret: "RUBYGEMS_API_KEY" },
  nuget: { label: "a NuGet API key", secret: "NUGET_API_KEY" },
  registry: { label: "a container registry password", secret: "DOCKERHUB_TOKEN" },
  "ssh-key": { label: "an SSH private key", secret: "SSH_PRIVATE_KEY" },
  "private-key": { label: "a private key", secret: "PRIVATE_KEY" },
  // A value passed under a reusable workflow call's `secrets:`: a secret by definition.
  secret: { label: "a secret", secret: "TOKEN" },
  generic: { label: "a credential", secret: "TOKEN" },
};

/** Kinds whose credential publishes to PyPI or TestPyPI, where trusted publishing replaces it. */
export const PYPI_KINDS: ReadonlySet<CredentialKind> = new Set(["pypi-token", "testpypi-token"]);

// ---------------------------------------------------------------------------------------------
// Environment variables

export interface CredentialEnv {
  readonly name: EnvName;
  readonly kind: CredentialKind;
  readonly source: string;
}

/** Variables that hold a credential, beyond the Python publishers' (which come from their table). */
const OTHER_CREDENTIAL_ENV: readonly CredentialEnv[] = [
  { name: "FLIT_PASSWORD", kind: "package-index", source: "https://flit.pypa.io/en/stable/upload.html#using-environment-variables" },
  { name: "NODE_AUTH_TOKEN", kind: "npm", source: "https://github.com/actions/setup-node/blob/main/docs/advanced-usage.md#publish-to-npmjs-and-gpr-with-npm" },
  { name: "YARN_NPM_AUTH_TOKEN", kind: "npm", source: "https://yarnpkg.com/configuration/yarnrc#npmAuthToken" },
  { name: "NPM_TOKEN", kind: "npm", source: "https://docs.npmjs.com/using-private-packages-in-a-ci-cd-workflow" },
  { name: "CARGO_REGISTRY_TOKEN", kind: "cargo", source: "https://doc.rust-lang.org/cargo/reference/config.html#registrytoken" },
  { name: "GEM_HOST_API_KEY", kind: "rubygems", source: "https://guides.rubygems.org/command-reference/#gem-push" },
  { name: "GITHUB_TOKEN", kind: "github-token", source: "https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication" },
  { name: "GH_TOKEN", kind: "github-token", source: "https://cli.github.com/manual/gh_help_environment" },
];

/** Every environment variable name (or name pattern) that carries a credential. */
export const CREDENTIAL_ENV: readonly CredentialEnv[] = [
  ...COMMAND_PUBLISHERS.flatMap((publisher) =>
    publisher.credentialEnv.map((name) => ({ name, kind: "package-index" as const, source: publisher.source })),
  ),
  ...OTHER_CREDENTIAL_ENV,
];

/** The credential kind of an environment variable, or `undefined` when the name carries none. */
export function credentialEnvKind(name: string): CredentialKind | undefined {
  return CREDENTIAL_ENV.find((env) => (typeof env.name === "string" ? env.name === name : env.name.test(name)))?.kind;
}

// ---------------------------------------------------------------------------------------------
// Action inputs

export interface ActionSecretInputs {
  /** `owner/repo[/path]`, lower-cased as the model gives `step.action`. */
  readonly action: string;
  /** Input name → kind. Input names are compared ignoring case (GitHub upper-cases them). */
  readonly inputs: Readonly<Record<string, CredentialKind>>;
  readonly source: string;
}

/** Inputs of common publishing and login actions that take a secret, read from each action's action.yml. */
export const ACTION_SECRET_INPUTS: readonly ActionSecretInputs[] = [
  {
    action: PYPA_PUBLISH_ACTION.action,
    inputs: { [PYPA_PUBLISH_ACTION.passwordInput]: "package-index" },
    source: PYPA_PUBLISH_ACTION.source,
  },
  { action: "casperdcl/deploy-pypi", inputs: { password: "package-index", gpg_key: "private-key" }, source: "https://github.com/casperdcl/deploy-pypi/blob/master/action.yml" },
  { action: "docker/login-action", inputs: { password: "registry" }, source: "https://github.com/docker/login-action/blob/master/action.yml" },
  { action: "azure/docker-login", inputs: { password: "registry" }, source: "https://github.com/Azure/docker-login/blob/master/action.yml" },
  { action: "redhat-actions/podman-login", inputs: { password: "registry" }, source: "https://github.com/redhat-actions/podman-login/blob/main/action.yml" },
  { action: "redhat-actions/push-to-registry", inputs: { password: "registry" }, source: "https://github.com/redhat-actions/push-to-registry/blob/main/action.yml" },
  { action: "elgohr/publish-docker-github-action", inputs: { password: "registry" }, source: "https://github.com/elgohr/Publish-Docker-Github-Action/blob/main/action.yml" },
  { action: "rubygems/configure-rubygems-credentials", inputs: { "api-token": "rubygems" }, source: "https://github.com/rubygems/configure-rubygems-credentials/blob/main/action.yml" },
  { action: "js-devtools/npm-publish", inputs: { token: "npm" }, source: "https://github.com/JS-DevTools/npm-publish/blob/main/action.yml" },
  {
    action: "aws-actions/configure-aws-credentials",
    inputs: { "aws-secret-access-key": "aws-secret", "aws-session-token": "aws-session" },
    source: "https://github.com/aws-actions/configure-aws-credentials/blob/main/action.yml",
  },
  { action: "actions/checkout", inputs: { token: "github-pat", "ssh-key": "ssh-key" }, source: "https://github.com/actions/checkout/blob/main/action.yml" },
  { action: "softprops/action-gh-release", inputs: { token: "github-token" }, source: "https://github.com/softprops/action-gh-release/blob/master/action.yml" },
  {
    action: "peaceiris/actions-gh-pages",
    inputs: { github_token: "github-token", personal_token: "github-pat", deploy_key: "ssh-key" },
    source: "https://github.com/peaceiris/actions-gh-pages/blob/main/action.yml",
  },
];
// Not here on purpose: actions/setup-node has no secret input (its `token` defaults to the
// automatic GitHub token and only downloads Node; npm auth goes through NODE_AUTH_TOKEN, above),
// and PyO3/maturin-action's `token` is a GitHub token, not a PyPI one.

/** The credential kind of an action's input, or `undefined`. */
export function secretInputKind(action: string | undefined, input: string): CredentialKind | undefined {
  if (!action) return undefined;
  const entry = ACTION_SECRET_INPUTS.find((candidate) => candidate.action === action);
  const wanted = input.toLowerCase();
  for (const [name, kind] of Object.entries(entry?.inputs ?? {})) if (name.toLowerCase() === wanted) return kind;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Commands in `run:` scripts

/**
 * A command that takes a credential on its command line. `words` are the program and its
 * subcommands; `options` the options whose value is the credential; `argument`, for commands that
 * take it as a positional argument, picks it from the arguments after `words`.
 */
export interface CredentialCommand {
  readonly words: readonly string[];
  readonly options: readonly string[];
  readonly kind: CredentialKind;
  /** Options compared ignoring case (nuget.exe's `-ApiKey`). */
  readonly ignoreCase?: boolean;
  readonly argument?: (args: readonly string[]) => number | undefined;
  readonly source: string;
}

/** The index of the n-th argument that is not an option. */
function positional(args: readonly string[], n: number): number | undefined {
  let seen = 0;
  for (let i = 0; i < args.length; i++) {
    if (args[i]!.startsWith("-")) continue;
    if (seen++ === n) return i;
  }
  return undefined;
}

const NPM_AUTH_KEY = /(?:^|:)_(?:authToken|auth|password)$/u;

/** Commands other than the Python publishers (whose options come from their table). */
export const CREDENTIAL_COMMANDS: readonly CredentialCommand[] = [
  { words: ["docker", "login"], options: ["-p", "--password"], kind: "registry", source: "https://docs.docker.com/reference/cli/docker/login/" },
  { words: ["podman", "login"], options: ["-p", "--password"], kind: "registry", source: "https://docs.podman.io/en/latest/markdown/podman-login.1.html" },
  { words: ["cargo", "publish"], options: ["--token"], kind: "cargo", source: "https://doc.rust-lang.org/cargo/commands/cargo-publish.html" },
  { words: ["cargo", "yank"], options: ["--token"], kind: "cargo", source: "https://doc.rust-lang.org/cargo/commands/cargo-yank.html" },
  { words: ["cargo", "owner"], options: ["--token"], kind: "cargo", source: "https://doc.rust-lang.org/cargo/commands/cargo-owner.html" },
  {
    words: ["cargo", "login"],
    options: [],
    kind: "cargo",
    argument: (args) => positional(args, 0),
    source: "https://doc.rust-lang.org/cargo/commands/cargo-login.html",
  },
  { words: ["dotnet", "nuget", "push"], options: ["-k", "--api-key"], kind: "nuget", source: "https://learn.microsoft.com/dotnet/core/tools/dotnet-nuget-push" },
  { words: ["nuget", "push"], options: ["-apikey"], ignoreCase: true, kind: "nuget", source: "https://learn.microsoft.com/nuget/reference/cli-reference/cli-ref-push" },
  {
    // `npm config set //registry.npmjs.org/:_authToken <token>` (or `key=value`).
    words: ["npm", "config", "set"],
    options: [],
    kind: "npm",
    argument: (args) => {
      const key = positional(args, 0);
      if (key === undefined) return undefined;
      const word = args[key]!;
      if (word.includes("=")) return NPM_AUTH_KEY.test(word.slice(0, word.indexOf("="))) ? key : undefined;
      return NPM_AUTH_KEY.test(word) ? positional(args, 1) : undefined;
    },
    source: "https://docs.npmjs.com/cli/v11/configuring-npm/npmrc#auth-related-configuration",
  },
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
];

// ---------------------------------------------------------------------------------------------
// Token shapes

export interface TokenShape {
  readonly kind: CredentialKind;
  /** Finds the tokens in a text: global, linear, anchored where a token cannot continue. */
  readonly pattern: RegExp;
  /** The public part of a token a message may show (`pypi-`, `ghp_`): never more. */
  readonly prefix: (token: string) => string;
  /** The kind, refined by the token's text (a PyPI token whose macaroon names TestPyPI). */
  readonly refine?: (token: string) => CredentialKind;
  readonly source: string;
}

/** TestPyPI's macaroons start with this (the base64 of their location, `test.pypi.org`). */
const TESTPYPI_TOKEN_PREFIX = "pypi-AgENdGVzdC5weXBpLm9yZw";

export const TOKEN_SHAPES: readonly TokenShape[] = [
  {
    // PyPI API tokens: `pypi-` and a base64url macaroon, whose length varies with its caveats.
    // PyPI tokens start `pypi-AgEIcHlwaS5vcmc`, TestPyPI tokens `pypi-AgENdGVzdC5weXBpLm9yZw`.
    kind: "pypi-token",
    pattern: /(?<![\w-])pypi-[\w-]{85,}(?![\w-])/gu,
    prefix: () => "pypi-",
    refine: (token) => (token.startsWith(TESTPYPI_TOKEN_PREFIX) ? "testpypi-token" : "pypi-token"),
    source: "https://docs.pypi.org/api/secrets/ (detection pattern pypi-[A-Za-z0-9_-]{85,})",
  },
  {
    // Personal (ghp_), OAuth (gho_), user-to-server (ghu_), server-to-server (ghs_) and refresh (ghr_) tokens.
    kind: "github-pat",
    pattern: /(?<![\w-])gh[opusr]_[A-Za-z\d]{36}(?![\w-])/gu,
    prefix: (token) => token.slice(0, 4),
    refine: (token) => (token.startsWith("ghs_") ? "github-token" : "github-pat"),
    source: "https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/",
  },
  {
    kind: "github-pat",
    pattern: /(?<![\w-])github_pat_\w{82}(?![\w-])/gu,
    prefix: () => "github_pat_",
    source: "https://github.blog/security/application-security/introducing-fine-grained-personal-access-tokens-for-github/",
  },
  {
    kind: "npm",
    pattern: /(?<![\w-])npm_[A-Za-z\d]{36}(?![\w-])/gu,
    prefix: () => "npm_",
    source: "https://github.blog/changelog/2021-09-23-npm-has-a-new-access-token-format/",
  },
  {
    kind: "gitlab",
    pattern: /(?<![\w-])glpat-[\w-]{20,}(?![\w-])/gu,
    prefix: () => "glpat-",
    source: "https://docs.gitlab.com/security/tokens/#token-prefixes",
  },
  {
    // Long-term (AKIA) and temporary (ASIA) access key IDs.
    kind: "aws-access-key-id",
    pattern: /(?<![\w-])A[KS]IA[A-Z\d]{16}(?![\w-])/gu,
    prefix: (token) => token.slice(0, 4),
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids",
  },
  {
    // A PEM, OpenSSH or PGP private key block: the header and at least a line's worth of key
    // (base64, maybe written with `\n` escapes inside a quoted string). PGP blocks with armor
    // headers (`Version: …`) before the key are not recognised.
    kind: "private-key",
    pattern: /-----BEGIN (?:[A-Z\d]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----(?:\s|\\n)+[\d+/A-Za-z]{40}/gu,
    prefix: (token) => token.slice(0, token.indexOf("-----", 5) + 5),
    refine: (token) => (token.includes("OPENSSH") ? "ssh-key" : "private-key"),
    source: "RFC 7468 (PEM), OpenSSH PROTOCOL.key, RFC 4880 section 6.2 (PGP armor)",
  },
];

export interface TokenMatch {
  readonly shape: TokenShape;
  readonly kind: CredentialKind;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The public prefix a message may show. */
  readonly prefix: string;
}

/**
 * Whether a token-shaped text is a documentation placeholder: AWS's documented example keys end
 * in `EXAMPLE`, and a body of one repeated character (`ghp_xxxx…`) is nobody's token.
 */
function isExampleToken(match: string, prefix: string): boolean {
  if (match.includes("EXAMPLE")) return true;
  const body = match.slice(prefix.length);
  return body.length > 0 && body.split("").every((char) => char === body[0]);
}

/** Text every token shape starts with: one cheap test before the shapes' own. */
const TOKEN_HINT = /pypi-|gh[oprsu]_|github_pat_|npm_|glpat-|A[KS]IA|PRIVATE KEY/u;

/** Whether a text may hold a known token shape at all (a cheap test before looking closer). */
export function mayHoldToken(text: string): boolean {
  return TOKEN_HINT.test(text);
}

/** Every known token shape in a text, in order. */
export function findTokens(text: string): TokenMatch[] {
  const found: TokenMatch[] = [];
  if (!TOKEN_HINT.test(text)) return found;
  for (const shape of TOKEN_SHAPES) {
    for (const match of text.matchAll(shape.pattern)) {
      const prefix = shape.prefix(match[0]);
      if (shape.kind !== "private-key" && isExampleToken(match[0], prefix)) continue;
      found.push({
        shape,
        kind: shape.refine?.(match[0]) ?? shape.kind,
        start: match.index,
        end: match.index + match[0].length,
        text: match[0],
        prefix,
      });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** A text with every token shape in it cut down to its public prefix (for labels in messages). */
export function redactTokens(text: string): string {
  let out = text;
  for (const token of findTokens(text).reverse()) out = `${out.slice(0, token.start)}${token.prefix}…${out.slice(token.end)}`;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Values that are not credentials

/**
 * What a value in a credential position is:
 * - `empty`: nothing (an empty `password:` switches pypa's action to trusted publishing);
 * - `expression`: holds a `${{ … }}` expression (wholly or in part: `Bearer ${{ secrets.X }}`),
 *   so the secret part comes from the run, not the file;
 * - `reference`: a shell or environment reference (`$TOKEN`, `${TOKEN}`, `$(cat file)`, a
 *   backtick, `%TOKEN%`), read when the step runs;
 * - `placeholder`: obviously not a real credential (`<your-token>`, `***`, `changeme`,
 *   `your-pypi-token-here`, `PYPI_API_TOKEN`, `dummy`, `test`);
 * - `literal`: anything else, a credential written in the file.
 */
export type ValueNature = "empty" | "expression" | "reference" | "placeholder" | "literal";

const REFERENCE = /\$(?:[\w{(]|$)|`|%\w+%/u;

/** Words that, all together, make a value a placeholder: `your-token-here`, `PYPI_API_TOKEN`, `dummy`. */
const PLACEHOLDER_WORDS = new Set([
  // Who and where: "your token here", "insert token", "my password".
  "your", "my", "the", "a", "an", "own", "insert", "enter", "put", "replace", "change", "me", "here", "goes", "with", "value",
  // What: the thing's name.
  "pypi", "testpypi", "test", "api", "npm", "node", "github", "gh", "gitlab", "docker", "dockerhub", "registry", "cargo",
  "crates", "rubygems", "gem", "nuget", "auth", "access", "publish", "upload", "personal", "user", "secret", "secrets",
  "token", "tokens", "password", "passwd", "pass", "pwd", "key", "apikey", "apitoken", "credential", "credentials",
  // Obvious stand-ins.
  "changeme", "replaceme", "placeholder", "redacted", "dummy", "fake", "example", "sample", "todo", "fixme", "none",
  "null", "nil", "unset", "notset", "not", "set", "true", "false",
]);

/** Whether a literal is obviously not a real credential. Deliberately narrow: a miss is a false alarm, not a leak. */
export function isPlaceholder(value: string): boolean {
  const text = value.trim();
  // Wholly bracketed: `<your-token>`, `[REDACTED]`, `{{ token }}` (a template's own placeholder).
  if (/^<[^<>]*>$/u.test(text) || /^\[[^[\]]*\]$/u.test(text) || /^\{\{[^{}]*\}\}$/u.test(text)) return true;
  // Only masking characters: `***`, `xxxx`, `...`, `…`, `-`.
  if (/^[*.…•#_x-]+$/iu.test(text)) return true;
  const words = text
    .replace(/([a-z])([A-Z])/gu, "$1 $2")
    .toLowerCase()
    .split(/[^a-z\d]+/u)
    .filter(Boolean);
  return words.length > 0 && words.every((word) => PLACEHOLDER_WORDS.has(word));
}

export function valueNature(value: string): ValueNature {
  if (value.trim() === "") return "empty";
  if (hasExpression(value)) return "expression";
  if (REFERENCE.test(value)) return "reference";
  if (isPlaceholder(value)) return "placeholder";
  return "literal";
}

/**
 * A secret name made from a variable or input name: upper-case, `_` for anything else, never
 * starting with a digit or with `GITHUB_` (GitHub reserves that prefix), e.g. `api-key` → `API_KEY`.
 */
export function secretNameFor(name: string): string {
  let secret = name
    .toUpperCase()
    .split(/[^A-Z\d]+/u)
    .filter(Boolean)
    .join("_");
  if (secret === "") secret = "TOKEN";
  if (/^\d/u.test(secret)) secret = `_${secret}`;
  if (secret.startsWith("GITHUB_") && secret !== "GITHUB_TOKEN") secret = `GH_${secret.slice("GITHUB_".length)}`;
  return secret;
}
