/**
 * The plugin's one redaction point (createRule's report): whatever a rule puts in a message or a
 * suggestion title, a token in it is cut down to its public prefix. A token written where rules
 * name things — a job id, a step name, an env value — must not come back in any report of any rule.
 */
import { describe, expect, it } from "vitest";
import plugin from "../../lib/index.js";
import { ALL_RULES, lint, withRules } from "../helpers/fix.js";
import { TOKENS, attackerWorkflows, leaks, uncoveredShapes } from "../helpers/tokens.js";

const chars = (n: number, alphabet: string) => alphabet.repeat(Math.ceil(n / alphabet.length)).slice(0, n);
const NPM = `npm_${chars(36, "Kq7Wd3Xz")}`;
const GHP = `ghp_${chars(36, "Vb8Ny2Lm")}`;
const tails = [NPM.slice(4), GHP.slice(4)];

/** Workflows where each rule reports something named after a token. */
const WORKFLOWS = [
  // require-id-token-permission names the job; valid-trusted-publishing the step and job.
  `on: push\njobs:\n  ${NPM}:\n    runs-on: [self-hosted]\n    steps:\n      - uses: actions/setup-node@v6\n        with:\n          node-version: 22\n      - name: Publish ${GHP}\n        run: npm publish\n`,
  // prefer-trusted-publishing names the step, the job and the credential.
  `on: push\njobs:\n  ${GHP}:\n    permissions: {id-token: write}\n    steps:\n      - name: Release ${NPM}\n        run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${NPM}\n`,
  // no-hardcoded-credentials names the step and job where a token is written.
  `on: push\njobs:\n  ${NPM}:\n    steps:\n      - name: Deploy ${GHP}\n        run: curl --oauth2-bearer ${GHP} https://example.com\n`,
  // no-outdated-actions names the step's action in a job named by a token.
  `on: push\njobs:\n  ${NPM}:\n    steps:\n      - name: ${GHP}\n        uses: actions/checkout@v2\n`,
  // no-broken-actions likewise, for a ref that fails.
  `on: push\njobs:\n  ${NPM}:\n    steps:\n      - name: ${GHP}\n        uses: actions/cache@v2\n        with: {path: x, key: k}\n`,
  // The hardening rules name jobs: an untrusted trigger, a build and no environment in the publish
  // job, and the workflow-level grant that reaches a job that needs no token.
  `on: pull_request_target\npermissions:\n  id-token: write\njobs:\n  ${NPM}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n      - run: npm publish\n  ${GHP}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo done\n`,
];

describe("one redaction point", () => {
  const rulesSeen = new Set<string>();
  for (const [index, code] of WORKFLOWS.entries()) {
    it(`workflow ${index + 1}: no message or suggestion title repeats a token`, () => {
      const messages = lint(code, ALL_RULES);
      expect(messages.length).toBeGreaterThan(0);
      for (const message of messages) {
        expect(message.fatal, message.message).toBeFalsy();
        rulesSeen.add(message.ruleId ?? "");
        const texts = [message.message, ...(message.suggestions ?? []).map((suggestion) => suggestion.desc)];
        for (const text of texts) for (const tail of tails) expect(text).not.toContain(tail);
      }
    });
  }
  it("the workflows above draw reports from every rule", () => {
    expect([...rulesSeen].sort()).toEqual(Object.keys(plugin.rules).map((id) => `trusted-publishing/${id}`).sort());
  });
});

/**
 * Issue "secrets in ids": a token hidden where an attacker would write it — inside a job id
 * (`release-npm_…`), a step id, a step name, an env key, an input name, a matrix value, a
 * comment, an anchor and its alias, flow style — is found and reported once by
 * no-hardcoded-credentials, and no message or suggestion of any rule repeats it.
 */
describe("a token hidden in names, ids and marks", () => {
  it("every token shape has a synthetic token", () => {
    expect(uncoveredShapes()).toEqual([]);
  });
  for (const token of TOKENS) {
    it(`${token.name}: found once in each place, repeated by no rule`, () => {
      for (const [place, code] of Object.entries(attackerWorkflows(token.text))) {
        const messages = lint(code, ALL_RULES);
        expect(messages.filter((message) => message.fatal), place).toEqual([]);
        const own = messages.filter((message) => message.ruleId === "trusted-publishing/no-hardcoded-credentials");
        expect(own.map((message) => message.message), `${place}: reported once`).toHaveLength(1);
        // Other rules name the job or step that holds the token: the reports are about it.
        expect(messages.length, place).toBeGreaterThan(1);
        const texts = messages.flatMap((message) => [message.message, ...(message.suggestions ?? []).map((suggestion) => suggestion.desc)]);
        expect(leaks(texts.join("\n"), [token]), place).toEqual([]);
      }
    });
  }

  it("names the place in words and lists the token's other lines", () => {
    const [npm] = TOKENS.filter((token) => token.name === "npm");
    const messages = lint(attackerWorkflows(npm!.text).everywhere, withRules(["no-hardcoded-credentials"]));
    expect(messages.map((message) => [message.line, message.message])).toEqual([
      [1, "An npm token (`npm_…`) is written in a comment on line 1 (also on lines 4, 6, 8, 11, 14 and 4 more); revoke it."],
    ]);
    const jobOnly = lint(attackerWorkflows(npm!.text)["job-id"], withRules(["no-hardcoded-credentials", "prefer-trusted-publishing"]));
    expect(jobOnly.map((message) => message.message)).toEqual([
      "An npm token (`npm_…`) is written in plain text in a job id (also on line 12); revoke it.",
      expect.stringContaining("of job 'release-npm_…'"),
    ]);
  });
});
