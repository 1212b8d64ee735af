/**
 * The workflow edits (lib/ci/github/edits.ts) written in the edit language: the outputs that
 * changed on purpose when they moved onto it, each against what the old writers produced.
 * - a value written into a flow mapping is quoted where flow context needs it (was: plain, and
 *   the file no longer parsed);
 * - a block written under a step is indented as the file's other blocks are (was: 2 spaces);
 * - `id-token: 'none'` becomes `'write'` in its own quotes (was: plain `write`);
 * - two inputs removed from the end of a flow `with:` both go (was: the second stayed, its
 *   removal overlapping the first's; seen on the corpus' flow-style variants).
 * Every helper returns changes (data); a fix is the editor's one `apply` of all its changes.
 */
import { describe, expect, it } from "vitest";
import { parseForESLint } from "yaml-eslint-parser";
import { dataOf } from "../helpers/fix.js";
import { readWorkflow, type Step } from "../../lib/ci/github/model.js";
import { addStepInputs, changesOf, grantIdToken, moveIdTokenGrant, removeStepInputs, secretThroughEnv, setStepInput } from "../../lib/ci/github/edits.js";
import { YamlEditor, applyTextEdits, type Change } from "../../lib/yaml/edit.js";

const workflowOf = (text: string) => readWorkflow({ text, ast: parseForESLint(text).ast } as never, "w.yml")!;

/** `text` with the changes written by the editor in one `apply`; it must parse. */
function applied(text: string, changes: readonly Change[] | undefined): string {
  const edits = new YamlEditor(text).apply(changes);
  expect(edits).toBeDefined();
  const out = applyTextEdits(text, edits!);
  dataOf(out); // parses
  return out;
}

const firstStep = (text: string): Step => workflowOf(text).jobs[0]!.steps[0]!;

describe("workflow edits in flow context", () => {
  const flowWith = "jobs:\n  j:\n    steps:\n      - uses: actions/setup-python@v2\n        with: {cache: pip}\n";

  it("addStepInputs quotes what a flow mapping cannot hold plain", () => {
    const out = applied(flowWith, addStepInputs(firstStep(flowWith), [["token", "${{ secrets.TOKEN }}"], ["python-version", "3.x"]]));
    // Before: `token: ${{ secrets.TOKEN }}` went in plain, and the file no longer parsed.
    expect(out).toBe('jobs:\n  j:\n    steps:\n      - uses: actions/setup-python@v2\n        with: {cache: pip, token: "${{ secrets.TOKEN }}", python-version: "3.x"}\n');
  });

  it("removeStepInputs removes adjacent inputs at the end of a flow `with:` (was: one of them stayed)", () => {
    const text = "jobs:\n  j:\n    steps:\n    - uses: actions/setup-python@v6\n      with: {python-version: '3.13', cache: pip, cache-dependency-path: pyproject.toml}\n";
    const out = applied(text, removeStepInputs(firstStep(text), ["cache", "cache-dependency-path"]));
    expect(out).toBe("jobs:\n  j:\n    steps:\n    - uses: actions/setup-python@v6\n      with: {python-version: '3.13'}\n");
  });

  it("setStepInput writes a boolean into a flow step", () => {
    const text = "jobs:\n  j:\n    steps:\n      - {uses: actions/setup-node@v5, with: {cache: npm}}\n";
    const out = applied(text, setStepInput(firstStep(text), "package-manager-cache", false));
    expect(out).toBe("jobs:\n  j:\n    steps:\n      - {uses: actions/setup-node@v5, with: {cache: npm, package-manager-cache: false}}\n");
  });
});

describe("workflow edits in the file's indentation", () => {
  it("a `with:` added to a step nests as the file's other blocks do (4 spaces here; was 2)", () => {
    const text = "jobs:\n    j:\n        steps:\n            -   uses: actions/checkout@v5\n                with:\n                    fetch-depth: 0\n            -   uses: actions/setup-python@v2\n";
    const step = workflowOf(text).jobs[0]!.steps[1]!;
    const out = applied(text, addStepInputs(step, [["python-version", "3.x"]]));
    expect(out).toBe(`${text}                with:\n                    python-version: "3.x"\n`);
  });

  it("a step inserted by a registry's remedy keeps the siblings' dash and key columns", () => {
    const text = "jobs:\n  j:\n    steps:\n    - uses: actions/checkout@v5\n    - run: npm publish\n";
    const job = workflowOf(text).jobs[0]!;
    const out = applied(text, changesOf({ kind: "insert-step-before", before: job.steps[1]!, name: "Update npm", run: "npm install -g npm@^11.5.1" }));
    expect(out).toBe("jobs:\n  j:\n    steps:\n    - uses: actions/checkout@v5\n    - name: Update npm\n      run: npm install -g npm@^11.5.1\n    - run: npm publish\n");
  });
});

describe("grantIdToken", () => {
  it("turns a quoted `id-token: 'none'` into `'write'`, keeping its quotes (was: plain `write`)", () => {
    const text = "jobs:\n  publish:\n    permissions:\n      id-token: 'none'\n    steps:\n      - run: twine upload dist/*\n";
    const grant = grantIdToken(workflowOf(text).jobs[0]!);
    expect(grant.kind).toBe("fix");
    expect(applied(text, grant.kind === "fix" ? grant.changes : undefined)).toBe(text.replace("'none'", "'write'"));
  });

  it("gives a job in a flow mapping its permissions in flow syntax (a suggestion: no permissions anywhere)", () => {
    const text = "jobs:\n  publish: {runs-on: ubuntu-latest, steps: [{run: twine upload dist/*}]}\n";
    const grant = grantIdToken(workflowOf(text).jobs[0]!);
    expect(grant.kind).toBe("suggestion");
    expect(applied(text, grant.kind === "suggestion" ? grant.changes : undefined)).toBe(
      "jobs:\n  publish: {permissions: {contents: read, id-token: write}, runs-on: ubuntu-latest, steps: [{run: twine upload dist/*}]}\n",
    );
  });
});

describe("moveIdTokenGrant: one fix, one `apply`", () => {
  it("gives each job that keeps the grant the workflow's scopes, and takes the grant off the workflow", () => {
    const text = "permissions:\n  contents: read\n  id-token: write\njobs:\n  publish:\n    steps:\n      - run: twine upload dist/*\n  test:\n    steps:\n      - run: pytest\n";
    const workflow = workflowOf(text);
    const out = applied(text, moveIdTokenGrant(workflow, [workflow.jobs[0]!]));
    expect(out).toBe(
      "permissions:\n  contents: read\njobs:\n  publish:\n    permissions:\n      contents: read\n      id-token: write\n    steps:\n      - run: twine upload dist/*\n  test:\n    steps:\n      - run: pytest\n",
    );
  });

  it("leaves `id-token: none` where the grant was alone (an empty block would read as null)", () => {
    const text = "permissions:\n  id-token: write\njobs:\n  test:\n    steps:\n      - run: pytest\n";
    expect(applied(text, moveIdTokenGrant(workflowOf(text), []))).toBe(text.replace("id-token: write", "id-token: none"));
  });

  it("is refused as a whole where one job's grant cannot be written (an anchored job)", () => {
    const text = "permissions:\n  id-token: write\njobs:\n  publish: &job\n    steps:\n      - run: twine upload dist/*\n";
    const workflow = workflowOf(text);
    expect(moveIdTokenGrant(workflow, [workflow.jobs[0]!])).toBeUndefined();
  });
});

describe("secretThroughEnv", () => {
  const stepWith = (run: string, extra = "") => `jobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${run}\n${extra}`;
  const move = (text: string, secret: string, token: string) => {
    const step = firstStep(text);
    const scalar = step.runPair!.value as Parameters<typeof secretThroughEnv>[1];
    const value = String(scalar.value);
    return secretThroughEnv(step, scalar, { start: value.indexOf(token), end: value.indexOf(token) + token.length }, secret);
  };

  it("puts the secret in the step's `env` and the script reads the variable, in one fix", () => {
    const text = stepWith("npm publish --token npm_abc");
    const moved = move(text, "NPM_TOKEN", "npm_abc");
    expect(moved?.reference).toBe('"$NPM_TOKEN"');
    expect(applied(text, moved?.changes)).toBe(`${stepWith('npm publish --token "$NPM_TOKEN"')}        env:\n          NPM_TOKEN: \${{ secrets.NPM_TOKEN }}\n`);
  });

  it("adds to a flow `env:` with the expression quoted, and reads `$env:NAME` under PowerShell", () => {
    const text = stepWith("npm publish --token npm_abc", "        env: {A: b}\n");
    expect(applied(text, move(text, "NPM_TOKEN", "npm_abc")?.changes)).toContain('env: {A: b, NPM_TOKEN: "${{ secrets.NPM_TOKEN }}"}');
    const pwsh = stepWith("npm publish --token npm_abc", "        shell: pwsh\n");
    expect(move(pwsh, "NPM_TOKEN", "npm_abc")?.reference).toBe("$env:NPM_TOKEN");
  });

  it("declines an unknown shell, a value in quotes it cannot go into, and an `env` name already used otherwise", () => {
    expect(move(stepWith("npm publish --token npm_abc", "        shell: python\n"), "NPM_TOKEN", "npm_abc")).toBeUndefined();
    expect(move(stepWith("npm publish --token=\"x npm_abc\""), "NPM_TOKEN", "npm_abc")).toBeUndefined();
    expect(move(stepWith("npm publish --token npm_abc", "        env:\n          NPM_TOKEN: other\n"), "NPM_TOKEN", "npm_abc")).toBeUndefined();
  });
});
