/**
 * The workflow-level edits that give a step inputs: what they write, re-parsed. A value such as
 * `3.x` (which starts with a digit) is written the same way whether the step has a `with:` or not.
 */
import { describe, expect, it } from "vitest";
import { parseForESLint } from "yaml-eslint-parser";
import { dataOf } from "../helpers/fix.js";
import { readWorkflow } from "../../lib/workflow/model.js";
import { addStepInputs, setStepInput } from "../../lib/workflow/edits.js";
import { YamlEditor, combineEdits, type TextEdit } from "../../lib/yaml/edit.js";

function apply(text: string, edits: (step: Parameters<typeof addStepInputs>[0], editor: YamlEditor) => TextEdit[] | TextEdit | undefined): string {
  const step = readWorkflow({ text, ast: parseForESLint(text).ast } as never, "w.yml")!.jobs[0]!.steps[0]!;
  const editor = new YamlEditor(text);
  const made = edits(step, editor);
  expect(made).toBeDefined();
  let out = text;
  for (const edit of [...combineEdits(text, Array.isArray(made) ? made : [made!])].sort((a, b) => b.range[0] - a.range[0])) {
    out = out.slice(0, edit.range[0]) + edit.text + out.slice(edit.range[1]);
  }
  return out;
}

/** The re-parsed `with:` of the first step. */
const stepWith = (text: string) => (dataOf(text) as { jobs: { j: { steps: { with?: unknown }[] } } }).jobs.j.steps[0]!.with;

const withoutWith = "jobs:\n  j:\n    steps:\n      - uses: actions/setup-python@v2\n";
const withWith = "jobs:\n  j:\n    steps:\n      - uses: actions/setup-python@v2\n        with:\n          cache: pip\n";

describe("addStepInputs", () => {
  it("adds a `with:` where the step has none, quoting a value YAML would not read back as written", () => {
    const out = apply(withoutWith, (step, editor) => addStepInputs(step, editor, [["python-version", "3.x"]]));
    expect(out).toBe(`${withoutWith}        with:\n          python-version: "3.x"\n`);
    expect(stepWith(out)).toEqual({ "python-version": "3.x" });
  });

  it("appends to an existing `with:` in the same form", () => {
    const out = apply(withWith, (step, editor) => addStepInputs(step, editor, [["python-version", "3.x"]]));
    expect(out).toBe(`${withWith}          python-version: "3.x"\n`);
    expect(stepWith(out)).toEqual({ cache: "pip", "python-version": "3.x" });
  });

  it("does not add an input the step already sets", () => {
    const step = readWorkflow({ text: withWith, ast: parseForESLint(withWith).ast } as never, "w.yml")!.jobs[0]!.steps[0]!;
    expect(addStepInputs(step, new YamlEditor(withWith), [["cache", "npm"]])).toBeUndefined();
  });
});

describe("setStepInput", () => {
  it("replaces an input's value, or adds it (and `with:`) where missing", () => {
    expect(stepWith(apply(withWith, (step, editor) => setStepInput(step, editor, "cache", "false")))).toEqual({ cache: false });
    expect(stepWith(apply(withoutWith, (step, editor) => setStepInput(step, editor, "enable-cache", "false")))).toEqual({ "enable-cache": false });
  });
});
