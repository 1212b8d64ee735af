/**
 * What a literal written in a workflow is, judged by what it is rather than where it stands: a
 * reference or an expression, a placeholder, a URL, an e-mail address, a version, a public
 * identifier, readable words, or a value that looks like a secret. This is the one place that
 * answers "does this literal look like a secret"; no-hardcoded-credentials asks it for every
 * value in a credential position, and the redaction of reports asks it for passwords in URLs.
 *
 * The judgement, in order (the first that applies decides):
 * 1. a known token shape (credentials.ts) is a secret, wherever it is;
 * 2. a URL is a secret when it carries one: a password in its user part (not for a host on the
 *    runner itself: `postgres://postgres:postgres@localhost` is a test database's), a token as
 *    its user (not any user: a Sentry DSN's key is public), or a query parameter named for a
 *    credential (a webhook URL is a token shape);
 *    any other URL is not;
 * 3. not secrets: text with blanks (prose), e-mail addresses, booleans, numbers and dates,
 *    versions, blockchain addresses, UUIDs (unless the name says it is a key: npm's legacy tokens
 *    were UUIDs), placeholders, paths, dotted names (hosts, modules), repetitive text, and
 *    anything shorter than {@link MIN_SECRET_LENGTH} characters;
 * 4. what is left is either random-looking (lower-case, upper-case and digits mixed, as in
 *    `Qv8Zx9Wk7Ym6`, base64, hex): a secret unless its name says it is an identifier; or
 *    readable words (`my-insecure-hardcoded-token`, `AzureArtifacts`, `us-east-1`): a secret
 *    only where its name says it is a credential.
 */
import { REGISTRIES } from "../registries/index.js";
import { hasExpression } from "../ci/github/expressions.js";
import { findTokens, mayHoldToken, type TokenMatch } from "./credentials.js";

// ---------------------------------------------------------------------------------------------
// What a value in a credential position is

/**
 * What a value in a credential position is:
 * - `empty`: nothing (an empty credential input leaves a publishing action on trusted publishing);
 * - `expression`: holds a `${{ … }}` expression (wholly or in part: `Bearer ${{ secrets.X }}`),
 *   so the secret part comes from the run, not the file;
 * - `reference`: a shell or environment reference (`$TOKEN`, `${TOKEN}`, `$(cat file)`, a
 *   backtick, `%TOKEN%`), read when the step runs;
 * - `placeholder`: obviously not a real credential (`<your-token>`, `***`, `changeme`,
 *   `your-npm-token-here`, `NPM_TOKEN`, `dummy`, `test`);
 * - `literal`: anything else, written in the file (whether it looks like a secret is
 *   {@link looksLikeSecret}'s question).
 */
export type ValueNature = "empty" | "expression" | "reference" | "placeholder" | "literal";

const REFERENCE = /\$(?:[\w{(]|$)|`|%\w+%/u;

/** Words that, all together, make a value a placeholder: `your-token-here`, `NPM_TOKEN`, `dummy`; registries add their names. */
const PLACEHOLDER_WORDS = new Set([
  // Who and where: "your token here", "insert token", "my password".
  "your", "my", "the", "a", "an", "own", "insert", "enter", "put", "replace", "change", "me", "here", "goes", "with", "value",
  // What: the thing's name.
  "test", "api", "npm", "node", "github", "gh", "gitlab", "docker", "dockerhub", "registry", "cargo",
  "crates", "rubygems", "gem", "nuget", "auth", "access", "publish", "upload", "personal", "user", "secret", "secrets",
  "token", "tokens", "password", "passwd", "pass", "pwd", "key", "apikey", "apitoken", "credential", "credentials",
  // Obvious stand-ins, and the metasyntactic words of examples (`--api-key foo`).
  "changeme", "replaceme", "placeholder", "redacted", "dummy", "fake", "example", "sample", "todo", "fixme", "none",
  "null", "nil", "unset", "notset", "not", "set", "true", "false", "foo", "bar", "baz", "qux", "any", "anything",
  "whatever", "something", "string", "ignored", "unused", "required", "xxx",
  ...REGISTRIES.flatMap((registry) => registry.credentials.placeholderWords),
]);

/**
 * The words of a name, lower-cased: split at anything but letters and digits, between letters and
 * digits, and where a capital starts a word (`apiKey`, `APIKey` → api, key; `instanceID` → instance, id).
 */
function wordsOf(text: string): string[] {
  const words: string[] = [];
  let word = "";
  for (let i = 0; i < text.length; i++) {
    const kind = classOf(text[i]!);
    const before = i === 0 ? -1 : classOf(text[i - 1]!);
    const next = i + 1 < text.length ? classOf(text[i + 1]!) : -1;
    const starts = kind === -1 || before === -1 || (kind === 2) !== (before === 2) || (kind === 1 && (before === 0 || next === 0));
    if (starts && word !== "") {
      words.push(word.toLowerCase());
      word = "";
    }
    if (kind !== -1) word += text[i];
  }
  if (word !== "") words.push(word.toLowerCase());
  return words;
}

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

// ---------------------------------------------------------------------------------------------
// What a name says about its value

/**
 * What the name a value is written under says: `credential` (`API_PRIVATE_KEY`, `DEPLOY_TOKEN`,
 * a credential variable, flag or input the plugin knows), `identifier` (its last word names
 * something public: `AZURE_CLIENT_ID`, `BASE_URL`, `BANNED_TO_ADDRESS`, `GPG_KEY_FINGERPRINT`),
 * or `neutral` (nothing either way: `CONFIG`, `REGION`).
 */
export type NameRole = "credential" | "identifier" | "neutral";

const CREDENTIAL_NAME_WORDS = new Set([
  "token", "tokens", "password", "passwords", "passwd", "pwd", "pass", "passphrase", "secret", "secrets", "key", "keys",
  "apikey", "auth", "credential", "credentials", "creds", "pat", "private", "privatekey", "webhook",
]);
const IDENTIFIER_NAME_WORDS = new Set([
  "id", "ids", "uid", "guid", "uuid", "fingerprint", "sha", "hash", "address", "addr", "url", "uri", "endpoint", "host",
  "hostname", "domain", "server", "user", "username", "login", "email", "mail", "account", "name", "region", "zone", "org",
  "organization", "owner", "repo", "repository", "project", "bucket", "path", "dir", "directory", "file", "version",
  "env", "environment", "port", "type", "mode",
]);

export function roleOfName(name: string): NameRole {
  const words = wordsOf(name);
  if (words.length === 0) return "neutral";
  if (IDENTIFIER_NAME_WORDS.has(words.at(-1)!)) return "identifier";
  return words.some((word) => CREDENTIAL_NAME_WORDS.has(word)) ? "credential" : "neutral";
}

// ---------------------------------------------------------------------------------------------
// What a literal is

/** Shorter literals are never judged secrets: `az`, `foo`, `hunter2` are words, not keys. */
export const MIN_SECRET_LENGTH = 8;

/**
 * What a literal is, by its text alone:
 * - secrets whatever their name: `token` (a known token shape, a webhook URL), `url-credentials`
 *   (a URL that carries a password, a token or a credential parameter);
 * - depending on the name: `random` (looks random), `words` (readable), `uuid`;
 * - never secrets: the others.
 */
export type LiteralClass =
  | "token"
  | "url-credentials"
  | "random"
  | "words"
  | "uuid"
  | "url"
  | "email"
  | "boolean"
  | "number"
  | "version"
  | "address"
  | "placeholder"
  | "path"
  | "name"
  | "repetitive"
  | "short"
  | "prose";

const SCHEME = /^[a-z][\d+.a-z-]*:\/\//iu;
const EMAIL = /^[\w.%+[\]-]+@[\da-z-]+(?:\.[\da-z-]+)*\.[a-z]{2,}$/iu;
const BOOLEAN = /^(?:true|false|yes|no|on|off|y|n)$/iu;
const NUMBER = /^[+-]?(?:\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?|0x[\da-f]{1,16}|0o[0-7]+|\.inf|\.nan)$/iu;
const DATE = /^\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?$/u;
const VERSION = /^v?\d+(?:\.\d+){1,3}(?:[+-][\d.A-Za-z-]+)?$|^v\d+$/u;
/** Public addresses: Ethereum-style (`0x` and 40 hex digits) and Bitcoin bech32 (`bc1…`). A 64-digit `0x…` may be a private key. */
const ADDRESS = /^(?:0x[\da-f]{40}|(?:bc|tb)1[02-9ac-hj-np-z]{11,87})$/iu;
const UUID = /^\{?[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}\}?$/iu;
/** An absolute, home or relative path start (`/run/…`, `~/.npmrc`, `./token.txt`, `C:\…`, `\\host\…`). */
const PATH_START = /^(?:\/|\.{1,2}[/\\]|~(?:[/\\]|$)|[a-z]:[/\\]|\\\\)/iu;
/** `Bearer …`, `Basic …`, `token …`: an HTTP authorization value; the part after the scheme is judged. */
const AUTH_SCHEME = /^(?:bearer|basic|token|bot)\s+(?=\S+$)/iu;

/** Shannon entropy of a text in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** The class of a letter or digit: 0 lower-case, 1 upper-case, 2 digit, -1 anything else. */
function classOf(char: string): number {
  return char >= "a" && char <= "z" ? 0 : char >= "A" && char <= "Z" ? 1 : char >= "0" && char <= "9" ? 2 : -1;
}

/**
 * Whether text looks random rather than written: the class of character (lower, upper, digit)
 * changes between 30% or more of neighbouring letters and digits, not counting a capital that
 * starts a word (base62 text changes at about 45%, hex and base36 at 40–50%; `AzureDevOps`,
 * `SuperSecret123`, `polar123456789`, `instanceID` at 0–20%); or, over ten letters or more, fewer
 * than one in five is a vowel (random lower-case text has one in five, written words two in five);
 * or twenty letters and digits or more, both, with no separator.
 * `minPairs`: how many neighbouring pairs it takes to judge by changes.
 */
function looksRandom(text: string, minPairs = 7): boolean {
  let pairs = 0;
  let changes = 0;
  let letters = 0;
  let vowels = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const after = classOf(char);
    if (after !== 2 && after !== -1) {
      letters++;
      if ("aeiouAEIOU".includes(char)) vowels++;
    }
    const before = i === 0 ? -1 : classOf(text[i - 1]!);
    if (before === -1 || after === -1) continue;
    pairs++;
    // A capital starting a word (`Dev` in `AzureDevOps`) is how words are written, not randomness.
    if (before !== after && !(before === 1 && after === 0)) changes++;
  }
  if ((pairs >= minPairs && changes / pairs >= 0.3) || (letters >= 10 && vowels / letters < 0.2)) return true;
  // Twenty letters and digits or more in one run, both mixed in: no name is written that way.
  return /^[\dA-Za-z]{20,}$/u.test(text) && letters > 0 && letters < text.length;
}

/** Text made of readable segments only (no random-looking one) between the given separators. */
function readableSegments(text: string, separator: RegExp): boolean {
  return text.split(separator).every((segment) => !looksRandom(segment, 3));
}

/**
 * The segments of a path as people name files and folders: lower-case, capitalized or all
 * capitals (`dist`, `Release`, `README.md`), none random-looking. Mixed case inside a segment
 * (`atxKIrzIPY`) is base64 that happens to hold a `/`, not a path.
 */
function pathSegments(text: string): boolean {
  return text.split(/[/\\]/u).every((segment) => /^(?:[A-Z]?[\d*.@a-z~-]*|[\d*.A-Z_-]+)$/u.test(segment.replaceAll("_", "-")) && !looksRandom(segment, 6));
}

/** A host on the runner itself: loopback, or a service container's name (no dot). */
function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/gu, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || host === "0.0.0.0" || host.startsWith("127.") || !host.includes(".");
}

/** Whether a URL carries a credential: a password or a token in its user part, or a credential parameter (webhook URLs are token shapes). */
function urlCarriesCredential(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  // The user part is a name unless it is a token (`https://<token>@github.com`); a random user
  // part is often public (a Sentry DSN's key). The password is judged as a password.
  const [user, password] = [safeDecode(url.username), safeDecode(url.password)];
  if (user !== "" && classifyLiteral(user) === "token") return true;
  if (!isLocalHost(url.hostname) && password !== "" && valueNature(password) === "literal" && looksLikeSecret(password, "credential")) return true;
  for (const [name, value] of url.searchParams) {
    if (roleOfName(name) === "credential" && valueNature(value) === "literal" && looksLikeSecret(value, "credential")) return true;
  }
  return false;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** What a literal is (see {@link LiteralClass}); the caller has ruled out empty values, expressions and references. */
export function classifyLiteral(value: string): LiteralClass {
  let text = value.trim().replace(AUTH_SCHEME, "");
  // A whole token; a webhook URL (the token shape after its scheme); a private key block.
  const token = findTokens(text).find(
    (match) => (match.end === text.length && (match.start === 0 || /^https?:\/\/$/u.test(text.slice(0, match.start)))) || (match.shape.kind === "private-key" && match.start === 0),
  );
  if (token) return "token";
  // A value over several lines with no blank inside a line (base64 wrapped at 64 or 76 columns) is one word.
  if (/[\n\r]/u.test(text)) {
    const lines = text.split(/\r?\n|\r/u).map((line) => line.trim());
    if (!lines.some((line) => /\s/u.test(line))) text = lines.join("");
  }
  if (/\s/u.test(text)) return "prose";
  if (SCHEME.test(text)) return urlCarriesCredential(text) ? "url-credentials" : "url";
  if (EMAIL.test(text)) return "email";
  if (BOOLEAN.test(text)) return "boolean";
  if (NUMBER.test(text) || DATE.test(text)) return "number";
  if (VERSION.test(text)) return "version";
  if (ADDRESS.test(text)) return "address";
  if (UUID.test(text)) return "uuid";
  // AWS's documented example keys end in `EXAMPLE` and `EXAMPLEKEY`.
  if (isPlaceholder(text) || text.includes("EXAMPLE")) return "placeholder";
  if (PATH_START.test(text) && pathSegments(text.replace(PATH_START, ""))) return "path";
  if (text.length < MIN_SECRET_LENGTH) return "short";
  if (/^[\w-]+(?:\/[\w*.-]+)+$/u.test(text) && pathSegments(text)) return "path";
  if (/^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+(?::\d+)?$/u.test(text) && readableSegments(text, /[.:]/u)) return "name";
  if (entropy(text) < 2) return "repetitive";
  return looksRandom(text) ? "random" : "words";
}

/**
 * Whether a literal looks like a secret, given what the name it is written under says
 * (`credential` for every credential variable, flag and input the plugin knows). See the module's
 * comment for the judgement.
 */
export function looksLikeSecret(value: string, role: NameRole): boolean {
  switch (classifyLiteral(value)) {
    case "token":
    case "url-credentials":
      return true;
    case "random":
      return role !== "identifier";
    case "words":
    case "uuid":
      return role === "credential";
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Secrets in a text

/** A secret found in a text: a token of a known shape, or a password written in a URL. */
export type SecretMatch = TokenMatch | UrlPasswordMatch;

export interface UrlPasswordMatch {
  readonly shape: undefined;
  readonly kind: "url-password";
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Nothing of a password may be shown. */
  readonly prefix: "";
}

/** `scheme://user:password@`: bounded runs, so that the search stays linear on any text. */
const URL_USERINFO = /(?<![\d+.a-z-])[a-z][\d+.a-z-]{0,30}:\/\/[^\s"'/:?@`]{0,256}:([^\s"'/?@`]{1,256})@([^\s"'/:?@`]{1,256})/giu;
/**
 * The part of {@link URL_USERINFO} from `://` to the `@`: a text without it has no match. Found by
 * its first characters, it rules out a text that merely has URLs and `@` (`actions/checkout@v4`)
 * at a fraction of the cost of trying a scheme at every letter.
 */
const URL_USERINFO_TAIL = /:\/\/[^\s"'/:?@`]{0,256}:[^\s"'/?@`]{1,256}@/u;

/**
 * The passwords written in URLs of a text (`https://user:<password>@host`), where they look like a
 * secret: not a reference (`$TOKEN`, `${{ … }}`), not a placeholder, not for a host on the runner
 * itself (a test database's `postgres://postgres:postgres@localhost`). `loose` finds every literal
 * password, for redaction.
 */
export function findUrlPasswords(text: string, loose = false): UrlPasswordMatch[] {
  return urlPasswords(text, loose, undefined);
}

/** {@link findUrlPasswords}; `spans`, when given, receives the start and end of every URL with a user part and a password, whatever it holds. */
function urlPasswords(text: string, loose: boolean, spans: number[] | undefined): UrlPasswordMatch[] {
  if (!text.includes("://") || !text.includes("@") || !URL_USERINFO_TAIL.test(text)) return [];
  const found: UrlPasswordMatch[] = [];
  for (const match of text.matchAll(URL_USERINFO)) {
    spans?.push(match.index, match.index + match[0].length);
    const password = match[1]!;
    if (valueNature(password) === "expression" || valueNature(password) === "reference") continue;
    if (!loose && (isLocalHost(match[2]!) || valueNature(password) !== "literal" || !looksLikeSecret(safeDecode(password), "credential"))) continue;
    const start = match.index + match[0].length - match[2]!.length - 1 - password.length;
    found.push({ shape: undefined, kind: "url-password", start, end: start + password.length, text: password, prefix: "" });
  }
  return found;
}

/** Every secret in a text, in order: token shapes and passwords in URLs that look like secrets. */
export function findSecrets(text: string): SecretMatch[] {
  return secretsOf(text, undefined);
}

function secretsOf(text: string, spans: number[] | undefined): SecretMatch[] {
  const tokens = findTokens(text, spans);
  const passwords = urlPasswords(text, false, spans);
  if (passwords.length === 0) return tokens;
  const kept = passwords.filter((password) => !tokens.some((token) => token.start < password.end && password.start < token.end));
  return [...tokens, ...kept].sort((a, b) => a.start - b.start);
}

/** The secrets of a whole file's text, and where in it a part of the file may hold one (see {@link scanSecrets}). */
export interface TextSecrets {
  /** {@link findSecrets} of the text. */
  readonly secrets: readonly SecretMatch[];
  /** Whether some part of the text may hold a secret: `mayHold` is false everywhere when not. */
  readonly mayHoldAny: boolean;
  /**
   * Whether the text between `start` and `end` overlaps a match of a token shape or of a URL with
   * a password, placeholders and harmless passwords included. Where it does not, a part of the
   * file written there (a comment, a scalar that the YAML reads as written) holds no secret.
   */
  mayHold(start: number, end: number): boolean;
}

/**
 * {@link findSecrets} of a file's text, with where secrets may be: one pass over the text instead
 * of one for each of its scalars and comments.
 *
 * A comment's text is the file's; so is a scalar's, but for escapes in a double-quoted scalar
 * (`"\x6epm_…"`) and line folding (a line break and its indentation read as one blank). A part
 * of the file that overlaps no match of the text holds no token or URL password: every shape is
 * bounded by characters a scalar cannot begin or end with unquoted (letters and digits), folding
 * only turns blanks into a blank, and no shape but the private key's holds a blank. So the
 * caller scans a scalar when it overlaps a match, is double-quoted with a `\`, or holds
 * `PRIVATE KEY`.
 */
export function scanSecrets(text: string): TextSecrets {
  const spans: number[] = [];
  const secrets = secretsOf(text, spans);
  if (spans.length === 0) return { secrets, mayHoldAny: false, mayHold: () => false };
  // Spans by start, with the furthest end reached up to each: the last span that starts before
  // `end` tells whether any span before it reaches past `start`.
  const order = Array.from({ length: spans.length / 2 }, (_, i) => i).sort((a, b) => spans[2 * a]! - spans[2 * b]!);
  const starts = order.map((i) => spans[2 * i]!);
  const reach: number[] = [];
  for (const i of order) reach.push(Math.max(reach.at(-1) ?? 0, spans[2 * i + 1]!));
  return {
    secrets,
    mayHoldAny: true,
    mayHold(start, end) {
      let low = 0;
      for (let high = starts.length; low < high; ) {
        const middle = (low + high) >>> 1;
        if (starts[middle]! < end) low = middle + 1;
        else high = middle;
      }
      return low > 0 && reach[low - 1]! > start;
    },
  };
}

/** Whether a text may hold a secret at all (a cheap test before looking closer): a token's prefix, a URL with a user part. */
export function mayHoldSecret(text: string): boolean {
  return mayHoldToken(text) || /:\/\/[^\s/@]*@/u.test(text);
}

/**
 * A text with every secret in it masked, for messages and printed output: a token cut down to its
 * public prefix (`npm_…`), any literal password in a URL replaced by `***`.
 */
export function redactSecrets(text: string): string {
  const tokens = findTokens(text);
  const passwords = findUrlPasswords(text, true).filter((password) => !tokens.some((token) => token.start < password.end && password.start < token.end));
  if (tokens.length === 0 && passwords.length === 0) return text;
  let out = text;
  let before = text.length;
  for (const secret of [...tokens, ...passwords].sort((a, b) => b.start - a.start)) {
    // Overlapping matches (two shapes over one text) are masked as one, from the first.
    const end = Math.min(secret.end, before);
    out = `${out.slice(0, secret.start)}${secret.kind === "url-password" ? "***" : `${secret.prefix}…`}${out.slice(end)}`;
    before = secret.start;
  }
  return out;
}
