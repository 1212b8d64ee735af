/**
 * Issue 18's defect: with a job-level `CARGO_REGISTRY_TOKEN` and a publish step whose `env:` is a
 * flow mapping, the crates.io migration suggestion wrote `${{ steps.crates-io-auth.outputs.token }}`
 * unquoted into `{…}`, where `{` and `}` end a plain scalar, and the file no longer parsed
 * ("Unexpected flow-map-start"). Editors apply suggestions as they are. The serializer now quotes
 * a `${{ }}` value in flow context; the suggestion is applied here as an editor applies it.
 */
import { describe, expect, it } from "vitest";
import { dataOf, lint, withRules } from "../helpers/fix.js";

const config = withRules(["prefer-trusted-publishing"]);

function workflow(stepEnv: string): string {
  return [
    "on:",
    "  push:",
    '    tags: ["v*"]',
    "jobs:",
    "  publish:",
    "    runs-on: ubuntu-latest",
    "    env:",
    "      CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}",
    "    steps:",
    "      - uses: actions/checkout@v5",
    "      - run: cargo publish",
    `        ${stepEnv}`,
    "",
  ].join("\n");
}

/** The migration suggestion, applied alone. */
function migrated(code: string): string {
  const [message] = lint(code, config, ".github/workflows/release.yml");
  const suggestion = message?.suggestions?.[0];
  expect(suggestion?.desc).toMatch(/^Use trusted publishing with rust-lang\/crates-io-auth-action/u);
  const { range, text } = suggestion!.fix;
  return code.slice(0, range[0]) + text + code.slice(range[1]);
}

const MIGRATED_HEAD = [
  "on:",
  "  push:",
  '    tags: ["v*"]',
  "jobs:",
  "  publish:",
  "    permissions:",
  "      contents: read",
  "      id-token: write",
  "    runs-on: ubuntu-latest",
  "    env:",
  "      CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}",
  "    steps:",
  "      - uses: actions/checkout@v5",
  "      - name: Authenticate to crates.io",
  "        uses: rust-lang/crates-io-auth-action@v1",
  "        id: crates-io-auth",
  "      - run: cargo publish",
].join("\n");

describe("the crates.io migration into a step's flow-style `env:`", () => {
  it.each([
    ["env: {RUST_LOG: info}", 'env: {RUST_LOG: info, CARGO_REGISTRY_TOKEN: "${{ steps.crates-io-auth.outputs.token }}"}'],
    ["env: {}", 'env: {CARGO_REGISTRY_TOKEN: "${{ steps.crates-io-auth.outputs.token }}"}'],
    ["env: { RUST_LOG: info }", 'env: { RUST_LOG: info, CARGO_REGISTRY_TOKEN: "${{ steps.crates-io-auth.outputs.token }}" }'],
  ])("%s: the token is quoted and the file parses", (env, expected) => {
    const out = migrated(workflow(env));
    expect(out).toBe(`${MIGRATED_HEAD}\n        ${expected}\n`);
    const step = (dataOf(out) as { jobs: { publish: { steps: { env: Record<string, string> }[] } } }).jobs.publish.steps[2]!;
    expect(step.env.CARGO_REGISTRY_TOKEN).toBe("${{ steps.crates-io-auth.outputs.token }}");
  });

  it("block style is written as before: plain, one line per variable", () => {
    expect(migrated(workflow("env:\n          RUST_LOG: info"))).toBe(`${MIGRATED_HEAD}\n        env:\n          RUST_LOG: info\n          CARGO_REGISTRY_TOKEN: \${{ steps.crates-io-auth.outputs.token }}\n`);
  });
});
