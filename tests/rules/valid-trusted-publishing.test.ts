import { describe, expect, it } from "vitest";
import rule from "../../lib/rules/valid-trusted-publishing.js";
import { ruleTester } from "../helpers/rule-tester.js";
import { changedPaths, dataOf, lint, withRules } from "../helpers/fix.js";

const LOGIN_WITHOUT_ID =
  'on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n    steps:\n      - name: NuGet login\n        uses: NuGet/login@v1\n        with:\n          user: ${{ secrets.NUGET_USER }}\n      - name: Push\n        run: dotnet nuget push a.nupkg -k "${{ steps.login.outputs.NUGET_API_KEY }}" -s https://api.nuget.org/v3/index.json\n';
const LOGIN_WITH_ID = LOGIN_WITHOUT_ID.replace("          user: ${{ secrets.NUGET_USER }}\n", "          user: ${{ secrets.NUGET_USER }}\n        id: login\n");
const CRATES_WITHOUT_ID =
  "on: push\njobs:\n  publish:\n    permissions:\n      id-token: write\n    steps:\n      - uses: rust-lang/crates-io-auth-action@v1\n      - run: cargo publish\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ steps.auth.outputs.token }}\n";
const PUB_DEV_CALL = "jobs:\n  publish:\n    permissions:\n      id-token: write\n    uses: dart-lang/setup-dart/.github/workflows/publish.yml@v1\n";
const PUB_DEV_STEPS = "jobs:\n  publish:\n    permissions:\n      id-token: write\n    steps:\n      - uses: dart-lang/setup-dart@v1\n      - run: dart pub publish --force\n";

ruleTester().run("valid-trusted-publishing", rule, {
  valid: [
    LOGIN_WITH_ID,
    // Another step has the id: its output is not the exchanger's business.
    LOGIN_WITHOUT_ID.replace("      - name: Push\n", "      - id: login\n        run: echo 'NUGET_API_KEY=x' >> $GITHUB_OUTPUT\n      - name: Push\n"),
    // An output name no exchanger has.
    LOGIN_WITHOUT_ID.replace("outputs.NUGET_API_KEY", "outputs.version"),
    `on:\n  push:\n    tags: ['v*']\n${PUB_DEV_CALL}`,
    `on: [push, workflow_dispatch]\n${PUB_DEV_STEPS}`,
    `on: workflow_call\n${PUB_DEV_CALL}`,
    // A token, not trusted publishing; and other registries accept other triggers.
    "on: release\njobs:\n  publish:\n    steps:\n      - run: dart pub publish --force\n        env:\n          X: y\n",
    "on: release\njobs:\n  publish:\n    permissions:\n      id-token: write\n    steps:\n      - run: npx jsr publish\n",
  ],
  invalid: [
    {
      code: LOGIN_WITHOUT_ID,
      errors: [
        {
          messageId: "exchangerWithoutId",
          data: { step: "Push", job: "publish", id: "login", output: "NUGET_API_KEY", exchanger: "NuGet login" },
          suggestions: [{ messageId: "addId", data: { step: "Push", job: "publish", id: "login", output: "NUGET_API_KEY", exchanger: "NuGet login" }, output: LOGIN_WITH_ID }],
        },
      ],
    },
    {
      code: CRATES_WITHOUT_ID,
      errors: [
        {
          messageId: "exchangerWithoutId",
          suggestions: [{ messageId: "addId", output: CRATES_WITHOUT_ID.replace("crates-io-auth-action@v1\n", "crates-io-auth-action@v1\n        id: auth\n") }],
        },
      ],
    },
    { code: `on:\n  release:\n    types: [published]\n${PUB_DEV_CALL}`, errors: [{ messageId: "notTagPush", data: { job: "publish", registry: "pub.dev" } }] },
    { code: `on: workflow_dispatch\n${PUB_DEV_STEPS}`, errors: [{ messageId: "notTagPush" }] },
  ],
});

describe("valid-trusted-publishing suggestions", () => {
  it("adds only the id, and the result lints clean under every rule", () => {
    expect(changedPaths(dataOf(LOGIN_WITHOUT_ID), dataOf(LOGIN_WITH_ID))).toEqual([["jobs", "publish", "steps", 0, "id"]]);
    expect(lint(LOGIN_WITH_ID, withRules(["valid-trusted-publishing", "require-id-token-permission", "prefer-trusted-publishing", "no-hardcoded-credentials"]))).toEqual([]);
  });

  it("keeps its messages to one short sentence", () => {
    for (const code of [LOGIN_WITHOUT_ID, `on: release\n${PUB_DEV_CALL}`]) {
      const [message] = lint(code, withRules(["valid-trusted-publishing"]));
      expect(message?.message.length).toBeLessThanOrEqual(150);
    }
  });
});
