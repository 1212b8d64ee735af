/**
 * The plugin's one redaction point (createRule's report): whatever a rule puts in a message or a
 * suggestion title, a token in it is cut down to its public prefix. A token written where rules
 * name things — a job id, a step name, an env value — must not come back in any report of any rule.
 */
import { describe, expect, it } from "vitest";
import plugin from "../../lib/index.js";
import { ALL_RULES, lint } from "../helpers/fix.js";

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
