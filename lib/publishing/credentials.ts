/**
 * What a credential looks like in a workflow: the kinds of credentials, the environment variables,
 * action inputs and command-line options that carry them, and the shapes of well-known tokens.
 * Whether a literal looks like a secret at all is literals.ts's question.
 *
 * Each fact has its source. What belongs to a registry (its publishers' variables and options,
 * its token shapes, its credential kinds) comes from its module in lib/registries; what is here
 * is general (GitHub, cloud and container-registry credentials, and registries that have no
 * module yet).
 */
import { REGISTRIES, type ActionSecretInputs, type CredentialCommand, type CredentialEnv, type KindInfo, type TokenShape } from "../registries/index.js";

export type { ActionSecretInputs, CredentialCommand, CredentialEnv, KindInfo, TokenShape } from "../registries/index.js";

/**
 * What a credential gives access to: decides how a message names it and which secret name it
 * suggests. The general kinds below, and each registry's own (`credentials.kinds`).
 */
export type CredentialKind = string;

const GENERAL_KINDS: Readonly<Record<string, KindInfo>> = {
  // GitHub's automatic token is `secrets.GITHUB_TOKEN`; it needs no secret of its own.
  "github-token": { label: "a GitHub token", secret: "GITHUB_TOKEN" },
  "github-pat": { label: "a GitHub token", secret: "GH_PAT" },
  gitlab: { label: "a GitLab personal access token", secret: "GITLAB_TOKEN" },
  "gitlab-deploy-token": { label: "a GitLab deploy token", secret: "GITLAB_DEPLOY_TOKEN" },
  "aws-access-key-id": { label: "an AWS access key ID", secret: "AWS_ACCESS_KEY_ID" },
  "aws-secret": { label: "an AWS secret access key", secret: "AWS_SECRET_ACCESS_KEY" },
  "aws-session": { label: "an AWS session token", secret: "AWS_SESSION_TOKEN" },
  registry: { label: "a container registry password", secret: "DOCKERHUB_TOKEN" },
  "ssh-key": { label: "an SSH private key", secret: "SSH_PRIVATE_KEY" },
  "private-key": { label: "a private key", secret: "PRIVATE_KEY" },
  "slack-webhook": { label: "a Slack webhook URL", secret: "SLACK_WEBHOOK_URL" },
  "discord-webhook": { label: "a Discord webhook URL", secret: "DISCORD_WEBHOOK_URL" },
  // `https://user:<password>@host` (lib/publishing/literals.ts finds them).
  "url-password": { label: "a password in a URL", secret: "URL_PASSWORD" },
  // A value passed under a reusable workflow call's `secrets:`: a secret by definition.
  secret: { label: "a secret", secret: "TOKEN" },
  generic: { label: "a credential", secret: "TOKEN" },
};

/** Every kind of credential, the registries' first, with how messages name it and the secret name suggested. */
export const CREDENTIAL_KINDS: Readonly<Record<CredentialKind, KindInfo>> = Object.assign(
  {},
  ...REGISTRIES.map((registry) => registry.credentials.kinds),
  GENERAL_KINDS,
) as Record<CredentialKind, KindInfo>;

/** How a message names a kind of credential and the secret it suggests; `generic` for a kind nobody declared. */
export function kindInfo(kind: CredentialKind): KindInfo {
  return CREDENTIAL_KINDS[kind] ?? GENERAL_KINDS.generic!;
}

// ---------------------------------------------------------------------------------------------
// Environment variables

/** Variables that hold a credential, beyond the registries' (which come from their modules). */
const GENERAL_CREDENTIAL_ENV: readonly CredentialEnv[] = [
  { name: "GITHUB_TOKEN", kind: "github-token", source: "https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication" },
  { name: "GH_TOKEN", kind: "github-token", source: "https://cli.github.com/manual/gh_help_environment" },
];

/** Every environment variable name (or name pattern) that carries a credential. */
export const CREDENTIAL_ENV: readonly CredentialEnv[] = [
  ...REGISTRIES.flatMap((registry) => [
    ...registry.commandPublishers.flatMap((publisher) =>
      publisher.credentialEnv.map((name) => ({ name, kind: registry.credentials.publisherKind, source: publisher.source })),
    ),
    ...registry.credentials.env,
  ]),
  ...GENERAL_CREDENTIAL_ENV,
];

/** CREDENTIAL_ENV indexed: the first entry of each exact name, and the name patterns in order (asked for every env var). */
const ENV_BY_NAME = new Map<string, number>();
const ENV_PATTERNS: (readonly [number, RegExp])[] = [];
CREDENTIAL_ENV.forEach((env, index) => {
  if (typeof env.name !== "string") ENV_PATTERNS.push([index, env.name]);
  else if (!ENV_BY_NAME.has(env.name)) ENV_BY_NAME.set(env.name, index);
});

/** The credential kind of an environment variable, or `undefined` when the name carries none (the first entry that names it). */
export function credentialEnvKind(name: string): CredentialKind | undefined {
  const exact = ENV_BY_NAME.get(name) ?? CREDENTIAL_ENV.length;
  for (const [index, pattern] of ENV_PATTERNS) {
    if (index > exact) break;
    if (pattern.test(name)) return CREDENTIAL_ENV[index]!.kind;
  }
  return CREDENTIAL_ENV[exact]?.kind;
}

// ---------------------------------------------------------------------------------------------
// Action inputs

/** Inputs of common publishing and login actions that take a secret, read from each action's action.yml. */
export const ACTION_SECRET_INPUTS: readonly ActionSecretInputs[] = [
  ...REGISTRIES.flatMap((registry) => [
    ...registry.actionPublishers.flatMap((publisher) =>
      publisher.kind === "inputs"
        ? [{ action: publisher.action, inputs: Object.fromEntries(publisher.credentialInputs.map((input) => [input, registry.credentials.publisherKind])), source: publisher.source }]
        : [],
    ),
    ...registry.credentials.actionInputs,
  ]),
  { action: "docker/login-action", inputs: { password: "registry" }, source: "https://github.com/docker/login-action/blob/master/action.yml" },
  { action: "azure/docker-login", inputs: { password: "registry" }, source: "https://github.com/Azure/docker-login/blob/master/action.yml" },
  { action: "redhat-actions/podman-login", inputs: { password: "registry" }, source: "https://github.com/redhat-actions/podman-login/blob/main/action.yml" },
  { action: "redhat-actions/push-to-registry", inputs: { password: "registry" }, source: "https://github.com/redhat-actions/push-to-registry/blob/main/action.yml" },
  { action: "elgohr/publish-docker-github-action", inputs: { password: "registry" }, source: "https://github.com/elgohr/Publish-Docker-Github-Action/blob/main/action.yml" },
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
// automatic GitHub token and only downloads Node; npm auth goes through NODE_AUTH_TOKEN, in lib/registries/npm.ts),
// and publishing actions whose `token` input is a GitHub token.

/** The credential kind of an action's input, or `undefined`. */
export function secretInputKind(action: string | undefined, input: string): CredentialKind | undefined {
  if (!action) return undefined;
  return SECRET_INPUTS_BY_ACTION.get(action)?.get(input.toLowerCase());
}

/** ACTION_SECRET_INPUTS by action (its first entry), inputs by lower-cased name (the first that matches). */
const SECRET_INPUTS_BY_ACTION = new Map<string, ReadonlyMap<string, CredentialKind>>();
for (const entry of ACTION_SECRET_INPUTS) {
  if (SECRET_INPUTS_BY_ACTION.has(entry.action)) continue;
  const inputs = new Map<string, CredentialKind>();
  for (const [name, kind] of Object.entries(entry.inputs)) if (!inputs.has(name.toLowerCase())) inputs.set(name.toLowerCase(), kind);
  SECRET_INPUTS_BY_ACTION.set(entry.action, inputs);
}

// ---------------------------------------------------------------------------------------------
// Commands in `run:` scripts

/** Commands other than the registries' publishers (whose options come from their modules). */
export const CREDENTIAL_COMMANDS: readonly CredentialCommand[] = [
  { words: ["docker", "login"], options: ["-p", "--password"], kind: "registry", source: "https://docs.docker.com/reference/cli/docker/login/" },
  { words: ["podman", "login"], options: ["-p", "--password"], kind: "registry", source: "https://docs.podman.io/en/latest/markdown/podman-login.1.html" },
  ...REGISTRIES.flatMap((registry) => registry.credentials.commands),
];

// ---------------------------------------------------------------------------------------------
// Token shapes

export const TOKEN_SHAPES: readonly TokenShape[] = [
  ...REGISTRIES.flatMap((registry) => registry.credentials.tokenShapes),
  {
    // Personal (ghp_), OAuth (gho_), user-to-server (ghu_), server-to-server (ghs_) and refresh (ghr_) tokens.
    kind: "github-pat",
    pattern: /(?<![A-Za-z\d])gh[opusr]_[A-Za-z\d]{36}(?![A-Za-z\d])/gu,
    hint: /gh[oprsu]_/u,
    prefix: (token) => token.slice(0, 4),
    refine: (token) => (token.startsWith("ghs_") ? "github-token" : "github-pat"),
    source: "https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/",
  },
  {
    kind: "github-pat",
    pattern: /(?<![A-Za-z\d])github_pat_\w{82}(?![A-Za-z\d])/gu,
    hint: /github_pat_/u,
    prefix: () => "github_pat_",
    source: "https://github.blog/security/application-security/introducing-fine-grained-personal-access-tokens-for-github/",
  },
  {
    kind: "gitlab",
    pattern: /(?<![A-Za-z\d])glpat-[\w-]{20,}(?![A-Za-z\d])/gu,
    hint: /glpat-/u,
    prefix: () => "glpat-",
    source: "https://docs.gitlab.com/security/tokens/#token-prefixes",
  },
  {
    // Group and project deploy tokens (they read and write a project's package registry).
    kind: "gitlab-deploy-token",
    pattern: /(?<![A-Za-z\d])gldt-[\w-]{20,}(?![A-Za-z\d])/gu,
    hint: /gldt-/u,
    prefix: () => "gldt-",
    source: "https://gitlab.com/gitlab-org/gitlab/-/merge_requests/138438 (DEPLOY_TOKEN_PREFIX = 'gldt-')",
  },
  {
    // Long-term (AKIA) and temporary (ASIA) access key IDs.
    kind: "aws-access-key-id",
    pattern: /(?<![A-Za-z\d])A[KS]IA[A-Z\d]{16}(?![A-Za-z\d])/gu,
    hint: /A[KS]IA/u,
    prefix: (token) => token.slice(0, 4),
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids",
  },
  {
    // Incoming webhooks (`services/`) and Workflow Builder webhooks (`workflows/`, `triggers/`):
    // the URL is the key. GitHub secret scanning reports them as `slack_incoming_webhook_url`.
    kind: "slack-webhook",
    pattern: /(?<![A-Za-z\d])hooks\.slack\.com\/(?:services\/T[A-Z\d]{8,12}\/B[A-Z\d]{8,12}\/[A-Za-z\d]{24}|(?:workflows|triggers)\/T[A-Z\d]{8,12}\/A[A-Z\d]{8,12}\/\d{10,20}\/[a-f\d]{32})(?![A-Za-z\d])/gu,
    hint: /hooks\.slack\.com\//u,
    prefix: (token) => token.slice(0, token.indexOf("/", "hooks.slack.com/".length) + 1),
    source: "https://api.slack.com/messaging/webhooks (\"Your webhook URL contains a secret\")",
  },
  {
    kind: "discord-webhook",
    pattern: /(?<![A-Za-z\d])(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[\w-]{60,80}(?![\w-])/gu,
    hint: /discord(?:app)?\.com\/api\/webhooks\//u,
    prefix: (token) => token.slice(0, token.indexOf("/webhooks/") + "/webhooks/".length),
    source: "https://discord.com/developers/docs/resources/webhook (the token in the URL executes the webhook)",
  },
  {
    // A PEM, OpenSSH or PGP private key block: the header and at least a line's worth of key
    // (base64, maybe written with `\n` escapes inside a quoted string). PGP blocks with armor
    // headers (`Version: …`) before the key are not recognised.
    kind: "private-key",
    pattern: /-----BEGIN (?:[A-Z\d]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----(?:\s|\\n)+[\d+/A-Za-z]{40}/gu,
    hint: /PRIVATE KEY/u,
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

/** Text every token shape contains: one cheap test before the shapes' own. */
export const TOKEN_HINT = new RegExp(TOKEN_SHAPES.map((shape) => shape.hint.source).join("|"), "u");

/** Whether a text may hold a known token shape at all (a cheap test before looking closer). */
export function mayHoldToken(text: string): boolean {
  return TOKEN_HINT.test(text);
}

/** {@link TOKEN_HINT}, to visit every place a hint begins; and each shape's hint, to tell which begin there. */
const HINTS = new RegExp(TOKEN_HINT.source, "gu");
const HINT_AT = TOKEN_SHAPES.map((shape) => new RegExp(shape.hint.source, "uy"));

/**
 * Which shapes' hints a text holds (by index), or `undefined` for none: one pass over the text,
 * so that only the patterns of these shapes are run (a token holds its shape's hint). Every place
 * where some hint begins is visited, and every hint that begins there is tried.
 */
function hintedShapes(text: string): boolean[] | undefined {
  HINTS.lastIndex = 0;
  let match = HINTS.exec(text);
  if (!match) return undefined;
  const hinted: boolean[] = new Array<boolean>(TOKEN_SHAPES.length).fill(false);
  while (match) {
    for (const [index, hint] of HINT_AT.entries()) {
      if (hinted[index]) continue;
      hint.lastIndex = match.index;
      hinted[index] = hint.test(text);
    }
    HINTS.lastIndex = match.index + 1;
    match = HINTS.exec(text);
  }
  return hinted;
}

/**
 * Every known token shape in a text, in order. `spans`, when given, receives the start and end
 * of every match of every shape, placeholders included (see {@link scanSecrets} in literals.ts).
 */
export function findTokens(text: string, spans?: number[]): TokenMatch[] {
  const found: TokenMatch[] = [];
  const hinted = hintedShapes(text);
  if (!hinted) return found;
  for (const [index, shape] of TOKEN_SHAPES.entries()) {
    if (!hinted[index]) continue;
    for (const match of text.matchAll(shape.pattern)) {
      spans?.push(match.index, match.index + match[0].length);
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
