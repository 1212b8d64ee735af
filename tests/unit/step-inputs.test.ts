/**
 * The workflow-level edits that give a step inputs: what they write, re-parsed. A value such as
 * `3.x` (which starts with a digit) is written the same way whether the step has a `with:` or not;
 * `true`/`false` are written as YAML booleans by every writer (the input convention of
 * lib/ci/github/edits.ts), whether they come from the action data (`"false"`) or a rule (`false`).
 */
import { describe, expect, it } from "vitest";
import { parseForESLint } from "yaml-eslint-parser";
import { dataOf } from "../helpers/fix.js";
import { readWorkflow } from "../../lib/ci/github/model.js";
import { addStepInputs, inputValue, setStepInput } from "../../lib/ci/github/edits.js";
import { YamlEditor, applyTextEdits, type Change } from "../../lib/yaml/edit.js";

function apply(text: string, changes: (step: Parameters<typeof addStepInputs>[0]) => Change[] | undefined): string {
  const step = readWorkflow({ text, ast: parseForESLint(text).ast } as never, "w.yml")!.jobs[0]!.steps[0]!;
  const edits = new YamlEditor(text).apply(changes(step));
  expect(edits).toBeDefined();
  return applyTextEdits(text, edits!);
}

/** The re-parsed `with:` of the first step. */
const stepWith = (text: string) => (dataOf(text) as { jobs: { j: { steps: { with?: unknown }[] } } }).jobs.j.steps[0]!.with;

const withoutWith = "jobs:\n  j:\n    steps:\n      - uses: actions/setup-python@v2\n";
const withWith = "jobs:\n  j:\n    steps:\n      - uses: actions/setup-python@v2\n        with:\n          cache: pip\n";

describe("addStepInputs", () => {
  it("adds a `with:` where the step has none, quoting a value YAML would not read back as written", () => {
    const out = apply(withoutWith, (step) => addStepInputs(step, [["python-version", "3.x"]]));
    expect(out).toBe(`${withoutWith}        with:\n          python-version: "3.x"\n`);
    expect(stepWith(out)).toEqual({ "python-version": "3.x" });
  });

  it("appends to an existing `with:` in the same form", () => {
    const out = apply(withWith, (step) => addStepInputs(step, [["python-version", "3.x"]]));
    expect(out).toBe(`${withWith}          python-version: "3.x"\n`);
    expect(stepWith(out)).toEqual({ cache: "pip", "python-version": "3.x" });
  });

  it("does not add an input the step already sets", () => {
    const step = readWorkflow({ text: withWith, ast: parseForESLint(withWith).ast } as never, "w.yml")!.jobs[0]!.steps[0]!;
    expect(addStepInputs(step, [["cache", "npm"]])).toBeUndefined();
  });
});

describe("setStepInput", () => {
  it("replaces an input's value, or adds it (and `with:`) where missing", () => {
    expect(stepWith(apply(withWith, (step) => setStepInput(step, "cache", false)))).toEqual({ cache: false });
    expect(stepWith(apply(withoutWith, (step) => setStepInput(step, "enable-cache", false)))).toEqual({ "enable-cache": false });
  });
});

describe("the input convention", () => {
  it("writes `true`/`false` as YAML booleans and every other value as a string, quoted where YAML would read another type", () => {
    expect([inputValue(false), inputValue("false"), inputValue("true"), inputValue("24"), inputValue("3.x"), inputValue("False")]).toEqual([false, false, true, "24", "3.x", "False"]);
    // The action data's keep (`package-manager-cache: "false"` as data) and a rule's `false` write the same text (was: `"false"` and `false`).
    const fromData = apply(withoutWith, (step) => addStepInputs(step, [["package-manager-cache", "false"]]));
    const fromRule = apply(withoutWith, (step) => setStepInput(step, "package-manager-cache", false));
    expect(fromData).toBe(`${withoutWith}        with:\n          package-manager-cache: false\n`);
    expect(fromRule).toBe(fromData);
    // A version stays a string: `"24"`, not the number 24 (and never `3.10` read as 3.1).
    expect(apply(withoutWith, (step) => setStepInput(step, "node-version", "24"))).toBe(`${withoutWith}        with:\n          node-version: "24"\n`);
  });

  it("replaces a quoted boolean input with a YAML boolean (was: kept the quotes, `'false'`); a quoted string keeps its quotes", () => {
    const quoted = "jobs:\n  j:\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          cache: 'true'\n          go-version: '1.21'\n";
    expect(apply(quoted, (step) => setStepInput(step, "cache", false))).toBe(quoted.replace("cache: 'true'", "cache: false"));
    expect(apply(quoted, (step) => setStepInput(step, "go-version", "1.22"))).toBe(quoted.replace("'1.21'", "'1.22'"));
  });
});
