/**
 * One synthetic token of every shape the plugin knows, built at run time from a seeded
 * generator (no token-shaped text is written in the repository), with the part of it that no
 * output may show, and workflows that hide a token where an attacker (or a careless hand) would:
 * job and step ids, names, env keys, input names, matrix values, comments, anchors and aliases,
 * flow style.
 */
import { findTokens, TOKEN_SHAPES } from "../../lib/publishing/credentials.js";

/** Deterministic pseudo-random text (a linear congruential generator). */
export function randomText(seed: number, length: number, alphabet: string): string {
  let state = seed;
  let text = "";
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    text += alphabet[(state >>> 16) % alphabet.length];
  }
  return text;
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALNUM = `${UPPER}abcdefghijklmnopqrstuvwxyz0123456789`;
const BASE64URL = `${ALNUM}_-`;
const DIGITS = "0123456789";

export interface SyntheticToken {
  /** The shape's name, for test titles. */
  readonly name: string;
  readonly text: string;
  /** What follows the public prefix: no output may show any 8 characters of it. */
  readonly tail: string;
}

/** A token from its public part and its random part (which no output may show). */
const build = (name: string, head: string, random: string, after = ""): SyntheticToken => {
  const text = `${head}${random}${after}`;
  const [match] = findTokens(text);
  if (!match || match.text !== text) throw new Error(`${name}: ${text} is not a token of a known shape`);
  return { name, text, tail: `${random}${after}` };
};

/** Every token shape of lib/publishing/credentials.ts and the registries, but private keys (several lines). */
export const TOKENS: readonly SyntheticToken[] = [
  // PyPI's tokens start with a public macaroon header naming the index (`AgEIcHlwaS5vcmc`: pypi.org).
  build("pypi", "pypi-AgEIcHlwaS5vcmc", randomText(1, 100, BASE64URL)),
  build("testpypi", "pypi-AgENdGVzdC5weXBpLm9yZw", randomText(2, 100, BASE64URL)),
  ...["ghp", "gho", "ghu", "ghs", "ghr"].map((prefix, index) => build(prefix, `${prefix}_`, randomText(3 + index, 36, ALNUM))),
  build("github_pat", "github_pat_", `${randomText(9, 22, ALNUM)}_${randomText(10, 59, ALNUM)}`),
  build("npm", "npm_", randomText(11, 36, ALNUM)),
  build("glpat", "glpat-", randomText(12, 20, ALNUM)),
  build("gldt", "gldt-", randomText(112, 20, ALNUM)),
  build("AKIA", "AKIA", randomText(13, 16, `${UPPER}234567`)),
  build("ASIA", "ASIA", randomText(14, 16, `${UPPER}234567`)),
  build("cio", "cio", randomText(15, 32, ALNUM)),
  build("cio_tp", "cio_tp_", randomText(16, 32, ALNUM)),
  build("rubygems", "rubygems_", randomText(17, 48, "0123456789abcdef")),
  ...["jsrp", "jsrw", "jsrd"].map((prefix, index) => build(prefix, `${prefix}_`, randomText(18 + index, 35, ALNUM))),
  build("slack-webhook", "hooks.slack.com/services/", `T${randomText(21, 9, `${UPPER}${DIGITS}`)}/B${randomText(22, 9, `${UPPER}${DIGITS}`)}/${randomText(23, 24, ALNUM)}`),
  build("discord-webhook", "discord.com/api/webhooks/", `${randomText(24, 18, DIGITS)}/${randomText(25, 68, BASE64URL)}`),
];

/** The shapes (but private keys) that no token above has: a new shape needs a token here. */
export function uncoveredShapes(): string[] {
  return TOKEN_SHAPES.filter((shape) => shape.kind !== "private-key" && !TOKENS.some(({ text }) => new RegExp(`^(?:${shape.pattern.source})$`, "u").test(text))).map(
    (shape) => shape.hint.source,
  );
}

/** The 8-character runs of any token's tail that appear in `output`, by token name. */
export function leaks(output: string, tokens: readonly SyntheticToken[] = TOKENS): string[] {
  const found: string[] = [];
  for (const { name, tail } of tokens) {
    for (let i = 0; i + 8 <= tail.length; i++) {
      if (output.includes(tail.slice(i, i + 8))) {
        found.push(`${name}: ${tail.slice(i, i + 8)}`);
        break;
      }
    }
  }
  return found;
}

/**
 * Workflows that write `token` in one place each where rules name things, plus one that writes it
 * everywhere at once. Each publishes with npm (prefer-trusted-publishing names the step and job),
 * uses an outdated action (no-outdated-actions names the step) and has a job without
 * `id-token: write`, so that other rules' messages name the places that hold the token.
 */
export type AttackerPlace = "job-id" | "step-id" | "step-name" | "env-key" | "input-name" | "matrix" | "comment" | "anchor-and-alias" | "flow-style" | "everywhere";

export function attackerWorkflows(token: string): Readonly<Record<AttackerPlace, string>> {
  const publishStep = (name = "Publish") => [`      - name: ${name}`, "        run: npm publish", "        env:", "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}"];
  const job = (id: string, steps: string[], extra: string[] = []) => [`  ${id}:`, "    runs-on: ubuntu-latest", ...extra, "    steps:", "      - uses: actions/checkout@v2", ...steps];
  const workflow = (...lines: string[]) => `${["on: push", "jobs:", ...lines].join("\n")}\n`;
  return {
    "job-id": workflow(...job(`release-${token}`, publishStep()), "  after:", `    needs: [release-${token}]`, "    runs-on: ubuntu-latest", "    steps:", "      - run: echo done"),
    "step-id": workflow(...job("release", [...publishStep(), `        id: publish_${token}`])),
    "step-name": workflow(...job("release", publishStep(`npm (${token})`))),
    "env-key": workflow(...job("release", [...publishStep(), `          ${token}_SETTING: "1"`])),
    "input-name": workflow(...job("release", [...publishStep(), "      - uses: some/action@v1", "        with:", `          ${token}: x`])),
    matrix: workflow(...job("release", publishStep(), ["    strategy:", "      matrix:", `        target: [${token}]`])),
    comment: `# the old token: ${token}\n${workflow(...job("release", publishStep()))}`,
    "anchor-and-alias": workflow(...job("release", publishStep(), [`    environment: &env-${token} release`, "    timeout-minutes: 10"]), "  again:", "    runs-on: ubuntu-latest", `    environment: *env-${token}`, "    steps:", "      - run: npm publish"),
    "flow-style": `on: push\njobs: {release-${token}: {runs-on: ubuntu-latest, steps: [{uses: actions/checkout@v2}, {name: "npm (${token})", run: npm publish, env: {NODE_AUTH_TOKEN: "\${{ secrets.NPM_TOKEN }}"}}]}}\n`,
    everywhere: [
      `# the old token: ${token}`,
      "on: push",
      "env:",
      `  ${token}_MODE: &mode-${token} release`,
      "jobs:",
      `  release-${token}:`,
      "    runs-on: ubuntu-latest",
      `    environment: *mode-${token}`,
      "    strategy:",
      "      matrix:",
      `        target: [${token}]`,
      "    steps:",
      "      - uses: actions/checkout@v2",
      `      - id: publish_${token}`,
      `        name: npm (${token})`,
      "        run: npm publish",
      "        env:",
      "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}",
      `          ${token}_SETTING: "1"`,
      "      - uses: some/action@v1",
      "        with:",
      `          ${token}: x`,
      "  after:",
      `    needs: [release-${token}]`,
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: echo done",
      "",
    ].join("\n"),
  };
}
