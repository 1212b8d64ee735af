/**
 * The workflow edits (lib/workflow/edits.ts) written in the edit language: the outputs that
 * changed on purpose when they moved onto it, each against what the old writers produced.
 * - a value written into a flow mapping is quoted where flow context needs it (was: plain, and
 *   the file no longer parsed);
 * - a block written under a step is indented as the file's other blocks are (was: 2 spaces);
 * - `id-token: 'none'` becomes `'write'` in its own quotes (was: plain `write`);
 * - two inputs removed from the end of a flow `with:` both go (was: the second stayed, its
 *   removal overlapping the first's; seen on the corpus' flow-style variants).
 */
import { describe, expect, it } from "vitest";
import { parseForESLint } from "yaml-eslint-parser";
import { dataOf } from "../helpers/fix.js";
import { readWorkflow, type Step } from "../../lib/workflow/model.js";
import { addStepInputs, applyChange, grantIdToken, removeStepInputs, setStepInput } from "../../lib/workflow/edits.js";
import { YamlEditor, combineEdits, type TextEdit } from "../../lib/yaml/edit.js";

const workflowOf = (text: string) => readWorkflow({ text, ast: parseForESLint(text).ast } as never, "w.yml")!;

function applied(text: string, edits: readonly TextEdit[] | TextEdit | undefined): string {
  expect(edits).toBeDefined();
  let out = text;
  for (const edit of combineEdits(text, Array.isArray(edits) ? edits : [edits as TextEdit]).sort((a, b) => b.range[0] - a.range[0])) {
    out = out.slice(0, edit.range[0]) + edit.text + out.slice(edit.range[1]);
  }
  dataOf(out); // parses
  return out;
}

const firstStep = (text: string): Step => workflowOf(text).jobs[0]!.steps[0]!;

describe("workflow edits in flow context", () => {
  const flowWith = "jobs:\n  j:\n    steps:\n      - uses: actions/setup-python@v2\n        with: {cache: pip}\n";

  it("addStepInputs quotes what a flow mapping cannot hold plain", () => {
    const out = applied(flowWith, addStepInputs(firstStep(flowWith), new YamlEditor(flowWith), [["token", "${{ secrets.TOKEN }}"], ["python-version", "3.x"]]));
    // Before: `token: ${{ secrets.TOKEN }}` went in plain, and the file no longer parsed.
    expect(out).toBe('jobs:\n  j:\n    steps:\n      - uses: actions/setup-python@v2\n        with: {cache: pip, token: "${{ secrets.TOKEN }}", python-version: "3.x"}\n');
  });

  it("removeStepInputs removes adjacent inputs at the end of a flow `with:` (was: one of them stayed)", () => {
    const text = "jobs:\n  j:\n    steps:\n    - uses: actions/setup-python@v6\n      with: {python-version: '3.13', cache: pip, cache-dependency-path: pyproject.toml}\n";
    const out = applied(text, removeStepInputs(firstStep(text), new YamlEditor(text), ["cache", "cache-dependency-path"]));
    expect(out).toBe("jobs:\n  j:\n    steps:\n    - uses: actions/setup-python@v6\n      with: {python-version: '3.13'}\n");
  });

  it("setStepInput writes a boolean into a flow step", () => {
    const text = "jobs:\n  j:\n    steps:\n      - {uses: actions/setup-node@v5, with: {cache: npm}}\n";
    const out = applied(text, setStepInput(firstStep(text), new YamlEditor(text), "package-manager-cache", "false"));
    expect(out).toBe("jobs:\n  j:\n    steps:\n      - {uses: actions/setup-node@v5, with: {cache: npm, package-manager-cache: false}}\n");
  });
});

describe("workflow edits in the file's indentation", () => {
  it("a `with:` added to a step nests as the file's other blocks do (4 spaces here; was 2)", () => {
    const text = "jobs:\n    j:\n        steps:\n            -   uses: actions/checkout@v5\n                with:\n                    fetch-depth: 0\n            -   uses: actions/setup-python@v2\n";
    const step = workflowOf(text).jobs[0]!.steps[1]!;
    const out = applied(text, addStepInputs(step, new YamlEditor(text), [["python-version", "3.x"]]));
    expect(out).toBe(`${text}                with:\n                    python-version: "3.x"\n`);
  });

  it("a step inserted by a registry's remedy keeps the siblings' dash and key columns", () => {
    const text = "jobs:\n  j:\n    steps:\n    - uses: actions/checkout@v5\n    - run: npm publish\n";
    const job = workflowOf(text).jobs[0]!;
    const out = applied(text, applyChange({ kind: "insert-step-before", before: job.steps[1]!, name: "Update npm", run: "npm install -g npm@^11.5.1" }, new YamlEditor(text)));
    expect(out).toBe("jobs:\n  j:\n    steps:\n    - uses: actions/checkout@v5\n    - name: Update npm\n      run: npm install -g npm@^11.5.1\n    - run: npm publish\n");
  });
});

describe("grantIdToken", () => {
  it("turns a quoted `id-token: 'none'` into `'write'`, keeping its quotes (was: plain `write`)", () => {
    const text = "jobs:\n  publish:\n    permissions:\n      id-token: 'none'\n    steps:\n      - run: twine upload dist/*\n";
    const grant = grantIdToken(workflowOf(text).jobs[0]!, new YamlEditor(text));
    expect(grant.kind).toBe("fix");
    expect(applied(text, grant.kind === "fix" ? grant.edit : undefined)).toBe(text.replace("'none'", "'write'"));
  });

  it("gives a job in a flow mapping its permissions in flow syntax (a suggestion: no permissions anywhere)", () => {
    const text = "jobs:\n  publish: {runs-on: ubuntu-latest, steps: [{run: twine upload dist/*}]}\n";
    const grant = grantIdToken(workflowOf(text).jobs[0]!, new YamlEditor(text));
    expect(grant.kind).toBe("suggestion");
    expect(applied(text, grant.kind === "suggestion" ? grant.edit : undefined)).toBe(
      "jobs:\n  publish: {permissions: {contents: read, id-token: write}, runs-on: ubuntu-latest, steps: [{run: twine upload dist/*}]}\n",
    );
  });
});
