/**
 * The one judgement of "does this literal look like a secret" (lib/publishing/literals.ts), on its
 * own: what a literal is by its text, what the name it is written under says, and where secrets
 * sit in a text (for reports and for redaction).
 */
import { describe, expect, it } from "vitest";
import {
  classifyLiteral,
  findSecrets,
  findUrlPasswords,
  isPlaceholder,
  looksLikeSecret,
  mayHoldSecret,
  redactSecrets,
  roleOfName,
  scanSecrets,
  valueNature,
  type LiteralClass,
  type NameRole,
} from "../../lib/publishing/literals.js";
import { randomText } from "../helpers/tokens.js";

const chars = (n: number, alphabet: string) => alphabet.repeat(Math.ceil(n / alphabet.length)).slice(0, n);

const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

describe("what a literal is", () => {
  const cases: [string, LiteralClass][] = [
    // Secrets whatever their name.
    [`npm_${chars(36, "Mn7Bv6")}`, "token"],
    [`Bearer ghp_${chars(36, "Zq9Wx8Vy7")}`, "token"],
    [`https://hooks.slack.com/services/T0A1B2C3D/B4E5F6G7H/${chars(24, "Zq9Wx8")}`, "token"],
    ["https://deploy:Qv8Zx9Wk7Ym6@nexus.example.com/repository/pypi/", "url-credentials"],
    ["https://deploy:SuperSecret2024@nexus.example.com/", "url-credentials"],
    [`https://${`ghp_${chars(36, "Zq9Wx8Vy7")}`}@github.com/o/r.git`, "url-credentials"],
    ["https://api.example.com/v1/upload?api_key=Qv8Zx9Wk7Ym6Jd4", "url-credentials"],
    // Random-looking: base62, hex, base64, JWTs, lower-case random letters.
    ["Qv8Zx9-Wk7Ym6", "random"],
    ["Jd4Hs3Kf2", "random"],
    ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "random"],
    ["0x9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "random"],
    ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "random"],
    ["kqzvbnmtrplwxhdfgs", "random"],
    ["Bearer Qv8Zx9Wk7Ym6Jd4", "random"],
    ["s3cr3t-value", "random"],
    // Readable words: secrets only where the name says so.
    ["my-insecure-hardcoded-token", "words"],
    ["correct-horse-battery-staple", "words"],
    ["hunter2-for-pypi", "words"],
    ["SuperSecret123", "words"],
    ["postgres", "words"],
    ["us-east-1", "words"],
    ["production", "words"],
    ["AzureDevOps".replace("Dev", "Devv"), "words"],
    // UUIDs: an id, or (npm's legacy tokens) a key.
    ["3f2504e0-4f89-11d3-9a0c-0305e82c3301", "uuid"],
    ["{3F2504E0-4F89-11D3-9A0C-0305E82C3301}", "uuid"],
    // Never secrets.
    ["https://api.turnkey.com", "url"],
    ["https://upload.pypi.org/legacy/", "url"],
    ["postgres://postgres:postgres@localhost:5432/postgres", "url"],
    ["mysql://root:Qv8Zx9Wk7Ym6@127.0.0.1:3306/app", "url"],
    ["redis://default:Qv8Zx9Wk7Ym6@redis:6379", "url"],
    ["https://user:pass@example.com", "url"],
    ["https://x-access-token:$GITHUB_TOKEN@github.com/o/r", "url"],
    ["someone@example.com", "email"],
    ["41898282+github-actions[bot]@users.noreply.github.com", "email"],
    ["true", "boolean"],
    ["off", "boolean"],
    ["12345678", "number"],
    ["3.14159", "number"],
    ["2024-01-31T12:00:00Z", "number"],
    ["1.2.3", "version"],
    ["v2.1.0-beta.1", "version"],
    ["v4", "version"],
    ["0x6F72eDB2429820c2A0606a9FC3cA364f5E9b2375", "address"],
    ["bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "address"],
    ["<token>", "placeholder"],
    ["changeme", "placeholder"],
    ["dummy", "placeholder"],
    ["xxx", "placeholder"],
    ["foo", "placeholder"],
    ["az", "placeholder"],
    ["AzureArtifacts", "placeholder"],
    ["AzureDevOps", "placeholder"],
    ["your-pypi-token-here", "placeholder"],
    ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "placeholder"],
    ["/run/secrets/pypi_token", "path"],
    ["./token.txt", "path"],
    ["~/.npmrc", "path"],
    ["C:\\Users\\runner\\token.txt", "path"],
    ["dist/pkg-1.0.tar.gz", "path"],
    ["/home/runner/work/x86_64", "path"],
    ["registry.example.com:5000", "name"],
    ["keyrings.alt.file.PlaintextKeyring", "name"],
    ["aaaaaaaaaaaa", "repetitive"],
    ["abababababab", "repetitive"],
    ["hunter2", "short"],
    ["s3cr3t", "short"],
    ["the token of the bot", "prose"],
  ];
  for (const [value, expected] of cases) {
    it(`${JSON.stringify(value)} is ${expected}`, () => expect(classifyLiteral(value)).toBe(expected));
  }

  it("reads a base64 value wrapped over lines as one word", () => {
    const wrapped = `${randomText(11, 64, BASE62)}\n${randomText(12, 64, BASE62)}\n${randomText(13, 20, BASE62)}==`;
    expect(classifyLiteral(wrapped)).toBe("random");
  });

  it("finds randomness in random text of every usual alphabet, long enough", () => {
    // Over 200 samples each, at most a few per cent read as words (then a credential name still
    // reports them); none reads as anything that is never a secret.
    for (const [alphabet, length, mostlyRandom] of [
      [BASE62, 20, 0.95],
      [BASE62, 40, 0.98],
      [HEX, 32, 0.95],
      [HEX, 64, 0.98],
      [`${BASE62}+/`, 40, 0.97],
      ["abcdefghijklmnopqrstuvwxyz0123456789", 40, 0.9],
    ] as const) {
      const classes = Array.from({ length: 200 }, (_, seed) => classifyLiteral(randomText(seed + 1, length, alphabet)));
      expect(classes.filter((found) => found !== "random" && found !== "words"), alphabet).toEqual([]);
      expect(classes.filter((found) => found === "random").length / classes.length, `${alphabet} × ${length}`).toBeGreaterThanOrEqual(mostlyRandom);
    }
  });
});

describe("what a name says", () => {
  const cases: [string, NameRole][] = [
    ["API_PRIVATE_KEY", "credential"],
    ["NPM_TOKEN", "credential"],
    ["DEPLOY_PASSWORD", "credential"],
    ["apiKey", "credential"],
    ["SLACK_WEBHOOK", "credential"],
    ["BANNED_TO_ADDRESS", "identifier"],
    ["BASE_URL", "identifier"],
    ["AZURE_CLIENT_ID", "identifier"],
    ["AWS_ACCESS_KEY_ID", "identifier"],
    ["GPG_KEY_FINGERPRINT", "identifier"],
    ["instanceID", "identifier"],
    ["REGION", "identifier"],
    ["CONFIG", "neutral"],
    ["", "neutral"],
  ];
  for (const [name, role] of cases) it(`${JSON.stringify(name)}: ${role}`, () => expect(roleOfName(name)).toBe(role));
});

describe("whether a literal looks like a secret", () => {
  const roles: NameRole[] = ["credential", "neutral", "identifier"];
  const verdicts: [string, [boolean, boolean, boolean]][] = [
    // [credential, neutral, identifier]
    [`pypi-${chars(90, "Qz9_Xw8-Vy7")}`, [true, true, true]],
    ["https://deploy:Qv8Zx9Wk7Ym6@nexus.example.com/", [true, true, true]],
    ["Qv8Zx9-Wk7Ym6", [true, true, false]],
    ["my-insecure-hardcoded-token", [true, false, false]],
    ["3f2504e0-4f89-11d3-9a0c-0305e82c3301", [true, false, false]],
    ["https://api.turnkey.com", [false, false, false]],
    ["0x6F72eDB2429820c2A0606a9FC3cA364f5E9b2375", [false, false, false]],
    ["1.2.3", [false, false, false]],
    ["foo", [false, false, false]],
    ["az", [false, false, false]],
    ["hunter2", [false, false, false]],
    ["/run/secrets/token", [false, false, false]],
    ["someone@example.com", [false, false, false]],
    ["true", [false, false, false]],
  ];
  for (const [value, expected] of verdicts) {
    it(`${JSON.stringify(value)}: ${expected.map((secret, index) => `${roles[index]} ${secret ? "secret" : "not"}`).join(", ")}`, () => {
      expect(roles.map((role) => looksLikeSecret(value, role))).toEqual(expected);
    });
  }
});

describe("value natures and placeholders", () => {
  it("classifies values", () => {
    expect(valueNature("")).toBe("empty");
    expect(valueNature("  ")).toBe("empty");
    expect(valueNature("${{ secrets.X }}")).toBe("expression");
    expect(valueNature("Bearer ${{ secrets.X }}")).toBe("expression");
    for (const ref of ["$X", "${X}", "$(cat f)", "`cat f`", "%X%", "$env:X", "$"]) expect(valueNature(ref)).toBe("reference");
    for (const literal of ["hunter2", "my-insecure-hardcoded-token", "12345678", "mysecretpassword", "Qv8Zx9-Wk7Ym6"]) {
      expect(valueNature(literal)).toBe("literal");
    }
  });
  it("knows placeholders, narrowly", () => {
    for (const placeholder of ["<token>", "***", "xxxx", "…", "your-token", "YOUR_PYPI_TOKEN_HERE", "changeme", "TODO", "none", "insert-api-key-here", "foo", "AzureArtifacts"]) {
      expect(isPlaceholder(placeholder), placeholder).toBe(true);
    }
    for (const real of ["hunter2", "s3cr3t", "token123", "my-insecure-hardcoded-token", "abcd1234"]) expect(isPlaceholder(real), real).toBe(false);
  });
});

describe("secrets in a text", () => {
  const password = "Qv8Zx9Wk7Ym6";
  it("finds a password in a URL, not a reference, a placeholder or a test database's", () => {
    const text = [
      `pip install --index-url https://me:${password}@pypi.example.com/simple pkg`,
      "git clone https://x-access-token:${{ secrets.GITHUB_TOKEN }}@github.com/o/r",
      'git clone "https://oauth2:${GITLAB_TOKEN}@gitlab.com/o/r"',
      "psql postgres://postgres:postgres@localhost/db",
      `redis-cli -u redis://default:${password}@redis:6379`,
      "curl https://user:pass@example.com",
    ].join("\n");
    const found = findUrlPasswords(text);
    expect(found.map((match) => match.text)).toEqual([password]);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe(password);
  });

  it("finds tokens and URL passwords in order, once where they overlap", () => {
    const token = `ghp_${chars(36, "Zq9Wx8Vy7")}`;
    const text = `a https://u:${token}@github.com b https://v:${password}@example.com c ${token}`;
    expect(findSecrets(text).map((match) => [match.kind, match.text])).toEqual([
      ["github-pat", token],
      ["url-password", password],
      ["github-pat", token],
    ]);
  });

  it("finds a token inside a longer identifier, after `-`, `_` or `.`", () => {
    const npm = `npm_${chars(36, "Xq3f9LkPz2WmR8")}`;
    for (const text of [`release-${npm}`, `release_${npm}`, `jobs.${npm}.steps`, `${npm}-build`, `x_${npm}_y`]) {
      expect(findSecrets(text).map((match) => match.text), text).toEqual([npm]);
    }
    // Glued to a letter or digit, it is something else.
    expect(findSecrets(`x${npm}`)).toEqual([]);
    expect(findSecrets(`${npm}x`)).toEqual([]);
  });

  it("is looked for only where a text may hold one", () => {
    expect(mayHoldSecret("uses: actions/checkout@v4\nrun: curl https://example.com")).toBe(false);
    expect(mayHoldSecret("run: curl https://me:x@example.com")).toBe(true);
    expect(mayHoldSecret("npm_")).toBe(true);
  });

  it("scans a whole text once: its secrets, and where a part of it may hold one", () => {
    const npm = `npm_${chars(36, "Xq3f9LkPz2WmR8")}`;
    const placeholder = `npm_${"x".repeat(36)}`;
    const text = `uses: pypa/gh-action-pypi-publish@v1\nA: ${npm}\nB: ${placeholder}\nC: https://u:${password}@db/x\nD: https://example.com`;
    const { secrets, mayHold, mayHoldAny } = scanSecrets(text);
    expect(secrets).toEqual(findSecrets(text));
    expect(secrets.map((secret) => secret.text)).toEqual([npm]);
    const at = (part: string) => [text.indexOf(part), text.indexOf(part) + part.length] as const;
    expect(mayHoldAny).toBe(true);
    // A token, and a placeholder or a harmless password too: a part of the file may read otherwise.
    expect(mayHold(...at(npm))).toBe(true);
    expect(mayHold(text.indexOf(npm) + 10, text.indexOf(npm) + 11)).toBe(true);
    expect(mayHold(...at(placeholder))).toBe(true);
    expect(mayHold(...at(`https://u:${password}@db`))).toBe(true);
    // Whatever overlaps no match holds none: the action's name, a key, a URL with no password.
    expect(mayHold(...at("pypa/gh-action-pypi-publish@v1"))).toBe(false);
    expect(mayHold(...at("A"))).toBe(false);
    expect(mayHold(text.indexOf(npm) - 2, text.indexOf(npm))).toBe(false);
    expect(mayHold(...at("https://example.com"))).toBe(false);
    const none = scanSecrets("uses: pypa/gh-action-pypi-publish@v1");
    expect([none.secrets, none.mayHoldAny, none.mayHold(0, 10)]).toEqual([[], false, false]);
  });

  it("masks every secret for printing: a token down to its prefix, any literal URL password", () => {
    const npm = `npm_${chars(36, "Xq3f9LkPz2WmR8")}`;
    expect(redactSecrets(`Job 'release-${npm}' and https://me:hunter2@example.com, https://u:$TOKEN@x.org`)).toBe(
      "Job 'release-npm_…' and https://me:***@example.com, https://u:$TOKEN@x.org",
    );
  });
});
