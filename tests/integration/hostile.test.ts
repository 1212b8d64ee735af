/**
 * Input that must never break the linter: each case gets a parse error or a sensible result,
 * never an exception, with every rule on.
 */
import { describe, expect, it } from "vitest";
import { ALL_RULES, fix, lint } from "../helpers/fix.js";

const PYPA = "pypa/gh-action-pypi-publish@release/v1";

/** Lints and checks the result is well-formed: fatal parse errors or located reports only. */
function lintSafely(code: string) {
  const messages = lint(code, ALL_RULES, "hostile.yml");
  const lines = code.split(/\r\n|\r|\n/u).length;
  for (const message of messages) {
    if (message.fatal) continue;
    expect(message.ruleId?.startsWith("trusted-publishing/")).toBe(true);
    expect(message.line).toBeGreaterThanOrEqual(1);
    expect(message.line).toBeLessThanOrEqual(lines);
  }
  // Fixing must not throw either.
  fix(code, ALL_RULES, "hostile.yml");
  return messages;
}

/** Publish jobs below carry `environment: pypi`, so that only their oddities are under test. */
const silent: Record<string, string> = {
  "empty file": "",
  "only whitespace": "   \n\n  \n",
  "only comments": "# a comment\n# another\n",
  "a BOM and nothing else": "\uFEFF",
  "a scalar document": "just a string\n",
  "a list document": "- a\n- b\n",
  "null jobs": "on: push\njobs:\n",
  "jobs as a list": `on: push\njobs:\n  - steps:\n      - uses: ${PYPA}\n`,
  "jobs as a scalar": "on: push\njobs: nope\n",
  "a null job": "on: push\njobs:\n  publish:\n",
  "a job that is a list": `on: push\njobs:\n  publish:\n    - uses: ${PYPA}\n`,
  "steps as a mapping": `on: push\njobs:\n  publish:\n    steps:\n      uses: ${PYPA}\n`,
  "null and scalar steps": "on: push\njobs:\n  publish:\n    steps:\n      -\n      - 42\n      - [a, b]\n      - ~\n",
  "null permissions": `on: push\njobs:\n  publish:\n    environment: pypi\n    permissions:\n    steps:\n      - uses: ${PYPA}\n`,
  "permissions as a list": `on: push\njobs:\n  publish:\n    environment: pypi\n    permissions: [id-token]\n    steps:\n      - uses: ${PYPA}\n`,
  "a numeric permission level": `on: push\njobs:\n  publish:\n    environment: pypi\n    permissions:\n      id-token: 2\n    steps:\n      - uses: ${PYPA}\n`,
  "null with and env": `on: push\njobs:\n  publish:\n    environment: pypi\n    permissions: {id-token: write}\n    env:\n    steps:\n      - uses: ${PYPA}\n        with:\n        env:\n`,
  "uses as a mapping": "on: push\njobs:\n  publish:\n    steps:\n      - uses: {a: b}\n      - run: [twine, upload]\n",
  "non-string keys": `on: push\njobs:\n  1: {environment: pypi, steps: [{uses: ${PYPA}}], permissions: {id-token: write}}\n  true:\n    steps: []\n  ? [complex]\n  : steps: [{uses: ${PYPA}}]\n  ~: {steps: []}\n`,
  "custom tags": `on: push\njobs:\n  publish: !job\n    steps:\n      - uses: !ref ${PYPA}\n`,
  "a tagged permissions block": `on: push\njobs:\n  publish:\n    environment: pypi\n    permissions: !custom {contents: read}\n    steps:\n      - uses: ${PYPA}\n`,
  "an alias cycle": "on: push\njobs: &jobs\n  a: *jobs\n",
  "an undefined alias": `on: push\njobs:\n  publish:\n    environment: pypi\n    permissions: *nowhere\n    steps:\n      - uses: ${PYPA}\n`,
  "a multi-document file": `on: push\njobs:\n  publish:\n    steps:\n      - uses: ${PYPA}\n---\non: push\njobs:\n  publish:\n    steps:\n      - uses: ${PYPA}\n`,
  "an empty run and uses": "on: push\njobs:\n  publish:\n    steps:\n      - run:\n      - uses:\n      - run: ''\n",
  "a run script of shell oddities": 'on: push\njobs:\n  publish:\n    permissions: {id-token: write}\n    steps:\n      - run: |\n          echo ${X:-y} ${!a} $(( 1 + 2 )) `date` "unterminated\n          cat <<EOF\n          twine upload x\n',
  "a workflow with a 'jobs' key nested elsewhere": "name: x\non:\n  jobs: {}\n",
  "odd triggers, needs, conditions, runners and inputs": `on: {pull_request_target: ~, workflow_run: [x]}\npermissions: {id-token: [write]}\njobs:\n  a: {needs: {x: 1}, if: [1], runs-on: {labels: 3}, environment: ~, steps: [{uses: actions/setup-go@v6, with: {cache: [true]}}, {uses: actions/setup-node@v6, with: *nowhere}]}\n`,
  "binary garbage": "\u0000\u0001\u0002\u00ff\uFFFD\u0007\u001b[0m",
};

describe("hostile input that must lint silently", () => {
  for (const [name, code] of Object.entries(silent)) {
    it(name, () => {
      const messages = lintSafely(code);
      expect(messages.filter((message) => !message.fatal)).toEqual([]);
    });
  }
});

const parseErrors: Record<string, string> = {
  "invalid YAML": "on: push\njobs:\n  publish: [\n",
  "tab indentation": `on: push\njobs:\n\tpublish:\n\t\tsteps: []\n`,
  "duplicate keys": "on: push\njobs: {}\njobs: {}\n",
  "unbalanced flow collections": "on: push\njobs: {publish: [}\n",
  "very deep nesting": `a: ${"[".repeat(20000)}${"]".repeat(20000)}\n`,
};

describe("hostile input that gets a parse error", () => {
  for (const [name, code] of Object.entries(parseErrors)) {
    it(name, () => {
      const messages = lintSafely(code);
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.every((message) => message.fatal)).toBe(true);
    });
  }
});

describe("hostile input that still gets its findings", () => {
  it("CRLF line endings", () => {
    const code = `on: push\r\njobs:\r\n  publish:\r\n    steps:\r\n      - uses: ${PYPA}\r\n`;
    expect(lintSafely(code).map((message) => message.ruleId)).toContain("trusted-publishing/require-id-token-permission");
  });

  it("a BOM before the workflow", () => {
    const code = `\uFEFFon: push\njobs:\n  publish:\n    steps:\n      - uses: ${PYPA}\n`;
    const messages = lintSafely(code);
    expect(messages.map((message) => message.ruleId)).toContain("trusted-publishing/require-id-token-permission");
    expect(fix(code, ALL_RULES).output.startsWith("\uFEFF")).toBe(true);
  });

  it("merge keys are ordinary keys (GitHub does not merge them)", () => {
    const code = `on: push\nx: &base\n  id-token: write\njobs:\n  publish:\n    permissions:\n      <<: *base\n    steps:\n      - uses: ${PYPA}\n`;
    expect(lintSafely(code).map((message) => message.ruleId)).toContain("trusted-publishing/require-id-token-permission");
  });

  it("a workflow with 10,000 steps", () => {
    const steps = Array.from({ length: 10_000 }, (_, i) => `      - run: echo step ${i}`);
    const code = `on: push\njobs:\n  publish:\n    steps:\n${steps.join("\n")}\n      - uses: ${PYPA}\n`;
    const messages = lintSafely(code);
    expect(messages.filter((message) => message.ruleId === "trusted-publishing/require-id-token-permission")).toHaveLength(1);
  });

  it("a 1 MB run script", () => {
    const script = Array.from({ length: 40_000 }, (_, i) => `          echo "line ${i}" && test -f dist/x`).join("\n");
    const code = `on: push\njobs:\n  publish:\n    steps:\n      - run: |\n${script}\n          twine upload dist/*\n`;
    expect(code.length).toBeGreaterThan(1_000_000);
    expect(lintSafely(code).map((message) => message.ruleId)).toContain("trusted-publishing/require-id-token-permission");
  });
});
