/**
 * The workflow model, the shell reader and publish recognition, below the rules.
 */
import { describe, expect, it } from "vitest";
import { Linter } from "eslint";
import { parseForESLint } from "yaml-eslint-parser";
import plugin from "../../lib/index.js";
import { pushRefs, readWorkflow, type Workflow } from "../../lib/ci/github/model.js";
import { untrustedTriggers } from "../../lib/ci/github/triggers.js";
import { workflowOf } from "../../lib/ci/github/index.js";
import { logicalLines, readShellScript } from "../../lib/shell/script.js";
import { parseUses } from "../../lib/ci/github/uses.js";
import { entries, readMapping, type YAMLMapping, type YAMLPair } from "../../lib/yaml/nodes.js";
import { publishesOf as publishesOfStep } from "../../lib/publishing/policy.js";

function workflow(code: string): Workflow {
  const { ast } = parseForESLint(code);
  const read = readWorkflow({ text: code, ast }, ".github/workflows/release.yml");
  if (!read) throw new Error("not a workflow");
  return read;
}

describe("effective permissions", () => {
  const idToken = (code: string, job = "j") => workflow(code).jobs.find((j) => j.id === job)!.effectivePermissions.level("id-token");

  it("follows GitHub: the job block replaces the workflow block", () => {
    expect(idToken("permissions: {id-token: write}\njobs:\n  j: {steps: []}\n")).toBe("write");
    expect(idToken("permissions: {id-token: write}\njobs:\n  j: {permissions: {contents: read}}\n")).toBe("none");
    expect(idToken("jobs:\n  j: {}\n")).toBe("none");
    expect(idToken("permissions: write-all\njobs:\n  j: {}\n")).toBe("write");
    expect(idToken("permissions: read-all\njobs:\n  j: {}\n")).toBe("none");
    expect(idToken("jobs:\n  j: {permissions: {}}\n")).toBe("none");
    expect(idToken("x: &p {id-token: write}\njobs:\n  j: {permissions: *p}\n")).toBe("write");
    expect(idToken("jobs:\n  j: {permissions: '${{ vars.P }}'}\n")).toBe("unknown");
    expect(idToken("jobs:\n  j: {permissions: {id-token: '${{ vars.L }}'}}\n")).toBe("unknown");
  });

  it("keeps other scopes as the repository default decides them", () => {
    const [job] = workflow("jobs:\n  j: {}\n").jobs;
    expect(job!.effectivePermissions.source).toBe("repository-default");
    expect(job!.effectivePermissions.level("contents")).toBe("unknown");
  });
});

describe("env and inputs", () => {
  const code = [
    "env: {A: workflow, B: workflow}",
    "jobs:",
    "  j:",
    "    env: {B: job, C: job}",
    "    steps:",
    "      - env: {C: step}",
    "        run: echo",
    "        with: {password: '${{ secrets.X }}', empty: ''}",
  ].join("\n");
  const step = workflow(code).jobs[0]!.steps[0]!;

  it("merges env by level, nearest wins", () => {
    const level = (name: string) => {
      const variable = step.envVar(name);
      return typeof variable === "object" ? `${variable.level}:${variable.value}` : variable;
    };
    expect([level("A"), level("B"), level("C"), level("D")]).toEqual(["workflow:workflow", "job:job", "step:step", undefined]);
  });

  it("knows expressions", () => {
    expect(step.inputs.get("password")?.isExpression).toBe(true);
    expect(step.inputs.get("empty")?.value).toBe("");
  });

  it("treats an env block that is an expression as unknown", () => {
    const dynamic = workflow("jobs:\n  j:\n    env: ${{ fromJSON(vars.E) }}\n    steps: [{run: echo}]\n").jobs[0]!.steps[0]!;
    expect(dynamic.envVar("TWINE_PASSWORD")).toBe("unknown");
  });
});

describe("jobs: needs, conditions, runners, environment; triggers", () => {
  it("reads needs as a string or a list, and if: as text", () => {
    const [a, b, c] = workflow("jobs:\n  a: {if: true}\n  b: {needs: a, if: \"github.event_name == 'push'\"}\n  c: {needs: [a, b]}\n").jobs;
    expect([a!.needs, b!.needs, c!.needs]).toEqual([[], ["a"], ["a", "b"]]);
    expect([a!.condition, b!.condition, c!.condition]).toEqual(["true", "github.event_name == 'push'", undefined]);
  });

  it("reads runs-on labels in every static form, and nothing from expressions", () => {
    const runsOn = (value: string) => workflow(`jobs:\n  j:\n    runs-on: ${value}\n`).jobs[0]!.runsOn;
    expect(runsOn("ubuntu-latest")).toEqual(["ubuntu-latest"]);
    expect(runsOn("[self-hosted, linux]")).toEqual(["self-hosted", "linux"]);
    expect(runsOn("{group: big, labels: [self-hosted]}")).toEqual(["self-hosted"]);
    expect(runsOn("${{ matrix.os }}")).toBeUndefined();
    expect(runsOn("[ubuntu-latest, '${{ matrix.arch }}']")).toBeUndefined();
    expect(runsOn("{group: big}")).toBeUndefined();
  });

  it("keeps the environment pair even when its name cannot be read", () => {
    const [named, long, unnamed, none] = workflow(
      "jobs:\n  a: {environment: pypi}\n  b: {environment: {name: pypi, url: x}}\n  c: {environment: {url: x}}\n  d: {}\n",
    ).jobs;
    expect([named!.environment, long!.environment, unnamed!.environment, none!.environment]).toEqual(["pypi", "pypi", undefined, undefined]);
    expect([named, long, unnamed, none].map((job) => job!.environmentPair !== undefined)).toEqual([true, true, true, false]);
  });

  it("reads which refs a push runs for, and which triggers outsiders control", () => {
    expect(pushRefs(workflow("on: push\njobs: {}\n"))).toEqual({ branches: true, tags: true });
    expect(pushRefs(workflow("on: {push: {tags: ['v*']}}\njobs: {}\n"))).toEqual({ branches: false, tags: true });
    expect(pushRefs(workflow("on: {push: {branches: [main], tags: ['v*']}}\njobs: {}\n"))).toEqual({ branches: true, tags: true });
    expect(pushRefs(workflow("on: {push: {paths: [src]}}\njobs: {}\n"))).toEqual({ branches: true, tags: true });
    expect(pushRefs(workflow("on: release\njobs: {}\n"))).toBeUndefined();
    const triggers = workflow("on: [push, workflow_run, pull_request, issue_comment, watch]\njobs: {}\n").triggers;
    expect(untrustedTriggers(triggers)).toEqual(["workflow_run", "issue_comment"]);
  });

  it("reads a step's with: pair and if:", () => {
    const [step] = workflow("jobs:\n  j:\n    steps:\n      - uses: a/b@v1\n        if: always()\n        with: {x: 1}\n").jobs[0]!.steps;
    expect(step!.condition).toBe("always()");
    expect(step!.withPair?.key).toBeDefined();
    expect(step!.inputs.get("x")?.value).toBe("1");
  });
});

describe("uses refs", () => {
  it("parses every form", () => {
    expect(parseUses("actions/checkout@v4")).toMatchObject({ kind: "action", action: "actions/checkout", refKind: "version", version: { major: 4 } });
    expect(parseUses("Actions/Cache/restore@v4.2.1")).toMatchObject({ action: "actions/cache/restore", version: { major: 4, minor: 2, patch: 1, prefix: "v" } });
    expect(parseUses(`actions/checkout@${"a".repeat(40)}`)).toMatchObject({ refKind: "sha" });
    expect(parseUses("pypa/gh-action-pypi-publish@release/v1")).toMatchObject({ refKind: "branch-or-tag", ref: "release/v1" });
    expect(parseUses("./.github/actions/setup")).toEqual({ kind: "local", text: "./.github/actions/setup", path: ".github/actions/setup", form: "relative" });
    // GitHub's self-repository form (July 2026): the same repository at the running commit, no `@ref`.
    expect(parseUses("$/.github/workflows/publish.yml")).toEqual({ kind: "local", text: "$/.github/workflows/publish.yml", path: ".github/workflows/publish.yml", form: "self-repository" });
    expect(parseUses("$/.github/actions/setup@v1")).toEqual({ kind: "invalid", text: "$/.github/actions/setup@v1" });
    expect(parseUses("docker://alpine:3")).toEqual({ kind: "docker", image: "alpine:3" });
    expect(parseUses("o/r/.github/workflows/release.yml@main")).toMatchObject({ kind: "reusable-workflow" });
    expect(parseUses("nonsense")).toMatchObject({ kind: "invalid" });
    expect(parseUses("a/b@")).toMatchObject({ kind: "invalid" });
  });
});

describe("the shell reader", () => {
  const argvs = (script: string) => readShellScript(script).commands.map((command) => command.argv.join(" "));

  it("splits commands on operators, newlines and continuations", () => {
    expect(argvs("a && b; c | d\ne \\\n  f")).toEqual(["a", "b", "c", "d", "e f"]);
  });

  it("skips comments, heredoc bodies and strings", () => {
    expect(argvs('# twine upload\necho "twine upload" # x\ncat <<EOF\ntwine upload\nEOF\nls')).toEqual(["echo twine upload", "cat", "ls"]);
    expect(argvs("cat <<-'END'\n\ttwine upload\n\tEND\nls")).toEqual(["cat", "ls"]);
    expect(argvs("cat <<< 'x'\ntwine upload")).toEqual(["cat", "twine upload"]);
  });

  it("keeps GitHub expressions whole and unwraps sudo/env/if", () => {
    expect(argvs("sudo -E env A=1 twine upload -p ${{ secrets.X }} dist/*")).toEqual(["twine upload -p ${{ secrets.X }} dist/*"]);
    expect(argvs("if true; then uv publish; fi")).toEqual(["true", "uv publish"]);
  });

  it("records assignments and $GITHUB_ENV writes", () => {
    const script = readShellScript('export TWINE_PASSWORD=abc\nFOO=1 run\necho "TOKEN=x" >> "$GITHUB_ENV"');
    expect(script.assignment("TWINE_PASSWORD")).toBe("abc");
    expect(script.commands[0]?.assignments.get("FOO")).toBe("1");
    expect([...script.githubEnvWrites]).toEqual(["TOKEN"]);
  });

  it("selects lines by words split over continuations, CRLF and quoted newlines, and none a script lacks", () => {
    const words = (line: string) => /\btwine\s+upload\b/u.test(line);
    const lines = (script: string) => readShellScript(script).commandsWhere(words).map((command) => command.line);
    expect(lines("echo x\ntwine \\\n  upload dist/*")).toEqual([1]);
    expect(lines("echo x\r\ntwine \\\r\n  upload dist/*\r\n")).toEqual([1]);
    expect(lines("echo 'a\nb' && twine upload dist/*")).toEqual([0, 0]); // both commands of the line
    expect(lines("echo twine\nupload")).toEqual([]);
    expect(readShellScript("python -m build").mayHave(words)).toBe(false);
    // The words a script has are found even where a line does not pass (a comment): a test on the
    // whole script is only the cheap first step.
    expect(readShellScript("# twine upload\nls").mayHave(words)).toBe(true);
    expect(lines("# twine upload\nls")).toEqual([]);
    // PowerShell's lines are joined by backticks, and a long script is split anyway: the whole-script
    // test is skipped, and lines are tested one by one.
    expect(readShellScript("echo x", "powershell").mayHave(words)).toBe(true);
    expect(readShellScript("echo x\n".repeat(1000)).mayHave(words)).toBe(true);
    expect(lines(`${"echo x\n".repeat(1000)}twine upload dist/*`)).toEqual([1000]);
  });

  it("counts lines across quotes and continuations", () => {
    expect(logicalLines('a "x\ny"\nb \\\nc\nd').map((line) => line.line)).toEqual([0, 2, 4]);
    // An escaped newline inside double quotes is a line of the script too.
    expect(logicalLines('a "x\\\ny" z\nb').map((line) => line.line)).toEqual([0, 2]);
  });

  it("reads a line's text as the shell does: comments cut, continuations joined, quotes and heredoc bodies kept apart", () => {
    const texts = (script: string) => logicalLines(script).map((line) => line.text);
    expect(texts("twine upload \\\n  dist/* # upload\n# only a comment\n  \nnext")).toEqual(["twine upload    dist/* ", "next"]);
    // `#` inside a word or quotes is no comment; after a continuation's blank it is.
    expect(texts("echo a#b '# c' \"# d\" \\\n# e\nf")).toEqual(["echo a#b '# c' \"# d\"  ", "f"]);
    expect(texts('echo "a \\" # b"\nc')).toEqual(['echo "a \\" # b"', "c"]);
    expect(texts("cat <<-EOF > f\n\tnpm publish\n\tEOF\ncat <<< x\nls")).toEqual(["cat <<-EOF > f", "cat <<< x", "ls"]);
  });
});

describe("publish recognition", () => {
  const publishesOf = (run: string, env = "") =>
    publishesOfStep(workflow(`jobs:\n  j:\n    steps:\n      - run: ${JSON.stringify(run)}\n${env ? `        env: ${env}\n` : ""}`)
      .jobs[0]!.steps[0]!).map((p) => `${p.tool}:${p.target}:${p.authentication}`);

  it("recognises tools, targets and authentication", () => {
    expect(publishesOf("twine upload dist/*")).toEqual(["twine:pypi:trusted-publishing"]);
    expect(publishesOf("python3.12 -m twine upload -r testpypi dist/*")).toEqual(["twine:testpypi:trusted-publishing"]);
    expect(publishesOf("uvx twine@6.1 upload dist/*", "{TWINE_PASSWORD: x}")).toEqual(["twine:pypi:credential"]);
    expect(publishesOf("uv publish --publish-url https://test.pypi.org/legacy/")).toEqual(["uv:testpypi:trusted-publishing"]);
    expect(publishesOf("uv publish --trusted-publishing never")).toEqual(["uv:pypi:unknown"]);
    expect(publishesOf("poetry publish")).toEqual(["poetry:pypi:unknown"]);
    expect(publishesOf("hatch publish -r https://pypi.example.com/")).toEqual(["hatch:custom:unknown"]);
    expect(publishesOf("twine upload --repository-url ${{ vars.URL }} dist/*")).toEqual(["twine:unknown:trusted-publishing"]);
    expect(publishesOf("twine check dist/* && uv publish --dry-run")).toEqual([]);
  });
});

describe("the model is built once per file", () => {
  it("every rule of a lint run gets the same Workflow object", () => {
    const seen: unknown[] = [];
    const spy = (name: string) => ({
      meta: { type: "problem" as const, schema: [] },
      create: (context: Parameters<typeof workflowOf>[0]) => ({
        Program() {
          seen.push([name, workflowOf(context)]);
        },
      }),
    });
    const linter = new Linter({ configType: "flat" });
    linter.verify("jobs:\n  j: {steps: [{run: uv publish}]}\n", [
      {
        files: ["**/*.yml"],
        plugins: { "trusted-publishing": plugin, spy: { rules: { a: spy("a"), b: spy("b") } } as never },
        language: "trusted-publishing/yaml",
        rules: { "spy/a": "error", "spy/b": "error", ...plugin.configs.all[0]!.rules },
      },
    ], { filename: "w.yml" });
    const workflows = (seen as [string, Workflow][]).map(([, read]) => read);
    expect(workflows).toHaveLength(2);
    expect(workflows[0]).toBeInstanceOf(Object);
    expect(workflows[1]).toBe(workflows[0]);
  });
});

describe("keys that read as the same text (a number and a string), as the model reads them", () => {
  it("a step's keys, env variables and inputs: the last pair of a key, in the place the key first appears; keys that are not text are skipped", () => {
    const [job] = workflow(
      [
        "jobs:",
        "  j:",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "        name: step",
        "        ? [not, a, name]",
        "        : ignored",
        "        env: {'1': a, B: b, 1: c}",
        "        with: {2: a, y: b, '2': c}",
      ].join("\n"),
    ).jobs;
    const [step] = job!.steps;
    expect(step!.uses).toMatchObject({ action: "actions/checkout", ref: "v4" });
    expect(step!.name).toBe("step");
    expect([...step!.env.vars].map(([name, variable]) => [name, variable.value])).toEqual([
      ["1", "c"],
      ["B", "b"],
    ]);
    expect([...step!.inputs].map(([name, input]) => [name, input.value])).toEqual([
      ["2", "c"],
      ["y", "b"],
    ]);
  });

  it("reads a large env block as a small one: a repeated name in its first place with its last value", () => {
    const names = Array.from({ length: 10 }, (_, index) => `V${index}`);
    const env = `{1: one, ${names.map((name, index) => `${name}: ${index}`).join(", ")}, '1': other}`;
    const [job] = workflow(`on: {push: {}, 1: x, '1': y}\njobs:\n  j:\n    steps:\n      - run: echo\n        env: ${env}\n`).jobs;
    expect([...job!.steps[0]!.env.vars].map(([name, variable]) => [name, variable.value])).toEqual([
      ["1", "other"],
      ...names.map((name, index) => [name, String(index)]),
    ]);
    expect([...job!.workflow.triggers]).toEqual(["push", "1"]);
  });
});

describe("entries of a mapping", () => {
  const mapping = (text: string) => parseForESLint(text).ast.body[0]!.content as YAMLMapping;
  const read = (text: string) => [...entries(mapping(text))].map(([key, pair]) => [key, String((pair.value as { value: unknown }).value)]);

  it("in order, a key read twice in its first place with its last pair, non-text keys skipped; small and large mappings alike", () => {
    expect(read("{'1': a, b: b, 1: c, [x]: d}")).toEqual([
      ["1", "c"],
      ["b", "b"],
    ]);
    const large = `{${Array.from({ length: 10 }, (_, index) => `k${index}: ${index}`).join(", ")}, '1': a, 1: b}`;
    expect(read(large)).toEqual([...Array.from({ length: 10 }, (_, index) => [`k${index}`, String(index)]), ["1", "b"]]);
    expect([...entries(undefined)]).toEqual([]);
  });

  it("readMapping gives entries' keys, order and pairs, small and large mappings alike", () => {
    const value = (pair: YAMLPair) => String((pair.value as { value: unknown }).value);
    for (const text of ["{'1': a, b: b, 1: c, [x]: d}", `{1: one, ${Array.from({ length: 10 }, (_, index) => `k${index}: ${index}`).join(", ")}, '1': other}`]) {
      expect([...readMapping(mapping(text), (key, pair) => `${key}=${value(pair)}`)]).toEqual(read(text).map(([key, pairValue]) => [key, `${key}=${pairValue}`]));
    }
  });
});
