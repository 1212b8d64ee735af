/**
 * Publishing that crosses files (issue 19): a job that calls a local reusable workflow, a step that
 * runs a local composite action, and composite actions linted on their own. Each fixture of
 * tests/fixtures/cross-file (sources in its SOURCES.md) is copied to a temporary repository with
 * a `.git` of its own and linted there under absolute paths, as ESLint lints files on disk.
 */
import { mkdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Linter } from "eslint";
import plugin from "../../lib/index.js";
import { changedPaths, dataOf } from "../helpers/fix.js";
import { TOKENS } from "../helpers/tokens.js";
import { fixtureRepositories } from "../helpers/repositories.js";
import { builtInMatcher, readTargets, selectFiles } from "../../lib/commands/files.js";

const recommended = plugin.configs.recommended as Linter.Config[];
const fixtures = new URL("../fixtures/cross-file/", import.meta.url);
const { repository, rewrite } = fixtureRepositories(fixtures, "cross-file");

const at = (root: string, file: string) => path.join(root, ...file.split("/"));

function messagesOf(root: string, file: string, text?: string): Linter.LintMessage[] {
  const filename = at(root, file);
  return new Linter({ configType: "flat", cwd: root })
    .verify(text ?? readFileSync(filename, "utf8"), recommended, { filename })
    .filter((message) => message.ruleId !== "trusted-publishing/no-outdated-actions");
}

/** `line rule/messageId` of every finding but no-outdated-actions'. */
const findingsOf = (root: string, file: string, text?: string) =>
  messagesOf(root, file, text).map((message) => `${message.line} ${(message.ruleId ?? "fatal").replace("trusted-publishing/", "")}/${message.messageId ?? message.message}`);

const edit = (root: string, file: string, change: (text: string) => string) => rewrite(at(root, file), change(readFileSync(at(root, file), "utf8")));

const CALLER = ".github/workflows/release.yml";
const CALLEE = ".github/workflows/publish-pypi.yml";
/** The caller's job-level grant, as the fixture writes it. */
const CALLER_GRANT = "    # publish jobs get escalated permissions\n    permissions:\n      id-token: write\n      packages: write\n";

describe("a job that calls a local reusable workflow (astral-sh/uv's release.yml → publish-pypi.yml)", () => {
  it("is clean when the caller grants `id-token: write`, and so is the callee that inherits it", () => {
    const root = repository("uv-reusable");
    expect(findingsOf(root, CALLER).filter((finding) => finding.includes("id-token"))).toEqual([]);
    expect(findingsOf(root, CALLEE).filter((finding) => finding.includes("require-id-token-permission"))).toEqual([]);
  });

  it("reports the caller that does not grant it, at the call, with the fix", () => {
    const root = repository("uv-reusable");
    edit(root, CALLER, (text) => text.replace(CALLER_GRANT, ""));
    const messages = messagesOf(root, CALLER).filter((message) => message.ruleId === "trusted-publishing/require-id-token-permission");
    expect(messages.map((message) => [message.line, message.message])).toEqual([
      [20, "Job 'custom-publish-pypi' calls `./.github/workflows/publish-pypi.yml`, whose job 'pypi-publish-uv' needs `id-token: write`, without granting it (the workflow's `permissions` omit it)."],
    ]);
    // The fix gives the calling job `id-token: write` and keeps what it had from the workflow.
    const text = readFileSync(at(root, CALLER), "utf8");
    const fix = messages[0]!.fix!;
    const fixed = text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
    expect(changedPaths(dataOf(text), dataOf(fixed))).toEqual([["jobs", "custom-publish-pypi", "permissions"]]);
    expect((dataOf(fixed) as { jobs: Record<string, { permissions: unknown }> }).jobs["custom-publish-pypi"]!.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(findingsOf(root, CALLER, fixed).filter((finding) => finding.includes("require-id-token-permission"))).toEqual([]);
    // The callee's job without permissions inherits the caller's: the finding is the caller's, not repeated there
    // (a grant written in the callee could not exceed the caller's).
    expect(findingsOf(root, CALLEE).filter((finding) => finding.includes("require-id-token-permission"))).toEqual([]);
  });

  it("still reports a callee job whose own `permissions:` leave the grant out", () => {
    const root = repository("uv-reusable");
    edit(root, CALLEE, (text) => text.replace("    environment:\n      name: release\n", "    environment:\n      name: release\n    permissions:\n      contents: read\n"));
    expect(findingsOf(root, CALLEE).filter((finding) => finding.includes("require-id-token-permission"))).toEqual(["18 require-id-token-permission/missingIdToken"]);
  });

  it("judges a callee without a local caller as before", () => {
    const root = repository("uv-reusable");
    unlinkSync(at(root, CALLER));
    expect(findingsOf(root, CALLEE).filter((finding) => finding.includes("require-id-token-permission"))).toEqual(["13 require-id-token-permission/missingIdToken"]);
  });

  it("sees a callee edited in the same process on the next lint of the caller", () => {
    const root = repository("uv-reusable");
    edit(root, CALLER, (text) => text.replace(CALLER_GRANT, ""));
    const idToken = () => findingsOf(root, CALLER).filter((finding) => finding.includes("require-id-token-permission"));
    expect(idToken()).toEqual(["20 require-id-token-permission/missingIdTokenForCallee"]);
    const callee = readFileSync(at(root, CALLEE), "utf8");
    rewrite(at(root, CALLEE), callee.replace("      - name: Publish to PyPI\n        run: uv publish -v wheels_uv/*\n", ""));
    expect(idToken()).toEqual([]);
    rewrite(at(root, CALLEE), callee);
    expect(idToken()).toEqual(["20 require-id-token-permission/missingIdTokenForCallee"]);
  });

  it("reads GitHub's self-repository form `$/…` as the same local call", () => {
    const root = repository("uv-reusable");
    edit(root, CALLER, (text) => text.replace("uses: ./.github/workflows/publish-pypi.yml", "uses: $/.github/workflows/publish-pypi.yml"));
    // The callee inherits the grant of its `$/` caller.
    expect(findingsOf(root, CALLEE).filter((finding) => finding.includes("require-id-token-permission"))).toEqual([]);
    edit(root, CALLER, (text) => text.replace(CALLER_GRANT, ""));
    expect(messagesOf(root, CALLER).find((message) => message.messageId === "missingIdTokenForCallee")?.message).toContain("calls `$/.github/workflows/publish-pypi.yml`");
  });

  it("leaves a remote reusable workflow as it was: nothing to read, nothing reported", () => {
    const root = repository("uv-reusable");
    edit(root, CALLER, (text) => text.replace(CALLER_GRANT, "").replace("uses: ./.github/workflows/publish-pypi.yml", "uses: astral-sh/uv/.github/workflows/publish-pypi.yml@ab87b10e6c8efadbda7e3e220524c31469bf252a"));
    expect(findingsOf(root, CALLER).filter((finding) => !finding.includes("no-outdated-actions"))).toEqual([]);
  });

  const unknownCallees: [string, (root: string) => void][] = [
    ["missing", (root) => unlinkSync(at(root, CALLEE))],
    ["unparsable", (root) => rewrite(at(root, CALLEE), "jobs: [\n  publish: {\n")],
    ["not a workflow (two documents)", (root) => rewrite(at(root, CALLEE), `${readFileSync(at(root, CALLEE), "utf8")}---\njobs: {}\n`)],
    [
      "a directory",
      (root) => {
        unlinkSync(at(root, CALLEE));
        mkdirSync(at(root, CALLEE));
      },
    ],
    [
      "a symlink loop",
      (root) => {
        unlinkSync(at(root, CALLEE));
        symlinkSync("loop-b.yml", at(root, CALLEE));
        symlinkSync("publish-pypi.yml", at(root, ".github/workflows/loop-b.yml"));
      },
    ],
    ["5 MB", (root) => rewrite(at(root, CALLEE), `${readFileSync(at(root, CALLEE), "utf8")}${`# ${"x".repeat(1022)}\n`.repeat(5 * 1024)}`)],
  ];

  for (const [kind, make] of unknownCallees) {
    it(`stays quiet about a callee that is ${kind}`, () => {
      const root = repository("uv-reusable");
      edit(root, CALLER, (text) => text.replace(CALLER_GRANT, ""));
      make(root);
      expect(findingsOf(root, CALLER).filter((finding) => !finding.includes("no-outdated-actions"))).toEqual([]);
    });
  }

  it("follows a self-call cycle to its end: a job calling its own workflow needs what that workflow's jobs need", () => {
    const root = repository("uv-reusable");
    // The callee calls itself, and the caller calls itself too.
    edit(root, CALLEE, (text) => `${text}\n  again:\n    uses: ./.github/workflows/publish-pypi.yml\n`);
    edit(root, CALLER, (text) => `${text.replace(CALLER_GRANT, "")}\n  loop:\n    uses: ./.github/workflows/release.yml\n`);
    expect(findingsOf(root, CALLER).filter((finding) => finding.includes("require-id-token-permission"))).toEqual([
      "20 require-id-token-permission/missingIdTokenForCallee",
      "28 require-id-token-permission/missingIdTokenForCallee",
    ]);
    expect(findingsOf(root, CALLEE).filter((finding) => finding.startsWith("fatal"))).toEqual([]);
  });

  it("reaches the callee with the caller's trigger", () => {
    const root = repository("uv-reusable");
    edit(root, CALLER, (text) => text.replace('on:\n  push:\n    tags:\n      - "**[0-9]+.[0-9]+.[0-9]+*"\n', "on:\n  pull_request_target:\n"));
    const found = messagesOf(root, CALLER).filter((message) => message.ruleId === "trusted-publishing/no-untrusted-publish-trigger");
    expect(found.map((message) => [message.line, message.message])).toEqual([
      [18, "Job 'custom-publish-pypi' publishes in a workflow triggered by `pull_request_target`, which PyPI refuses for trusted publishing."],
    ]);
  });

  describe("names the workflow file each registry matches for a publish in the called workflow", () => {
    const migrationOf = (root: string) => messagesOf(root, CALLEE).find((message) => message.ruleId === "trusted-publishing/prefer-trusted-publishing")?.suggestions?.[0]?.desc;
    const publishWith = (root: string, steps: string) => edit(root, CALLEE, (text) => text.replace("      - name: Publish to PyPI\n        run: uv publish -v wheels_uv/*\n", steps));

    it("PyPI matches the called workflow", () => {
      const root = repository("uv-reusable");
      publishWith(root, "      - name: Publish to PyPI\n        run: uv publish -v wheels_uv/*\n        env:\n          UV_PUBLISH_TOKEN: ${{ secrets.PYPI_TOKEN }}\n");
      expect(migrationOf(root)).toContain("register on PyPI first: workflow `publish-pypi.yml` (PyPI matches the called workflow, not its caller `release.yml`)");
    });

    it("npm matches the caller", () => {
      const root = repository("uv-reusable");
      publishWith(root, "      - uses: actions/setup-node@v4\n        with:\n          registry-url: https://registry.npmjs.org\n      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n");
      expect(migrationOf(root)).toContain("workflow `release.yml` (the workflow that calls `publish-pypi.yml`: npm matches the caller)");
    });

    it("NuGet's rule is UNVERIFIED, and the message says so", () => {
      const root = repository("uv-reusable");
      publishWith(root, "      - run: dotnet nuget push out/*.nupkg --api-key ${{ secrets.NUGET_API_KEY }} --source https://api.nuget.org/v3/index.json\n");
      expect(migrationOf(root)).toContain("workflow `publish-pypi.yml` (called by `release.yml`; UNVERIFIED whether nuget.org matches the calling or the called workflow)");
    });
  });

  it("judges the callee's trusted publishing by the caller's trigger (pub.dev accepts tag pushes only)", () => {
    const root = repository("uv-reusable");
    edit(root, CALLEE, (text) => text.replace("      - name: Publish to PyPI\n        run: uv publish -v wheels_uv/*\n", "      - uses: dart-lang/setup-dart@v1\n      - run: dart pub publish --force\n"));
    const cannotWork = () => messagesOf(root, CALLER).filter((message) => message.ruleId === "trusted-publishing/valid-trusted-publishing").map((message) => message.message);
    expect(cannotWork()).toEqual([]);
    edit(root, CALLER, (text) => text.replace('on:\n  push:\n    tags:\n      - "**[0-9]+.[0-9]+.[0-9]+*"\n', "on:\n  workflow_dispatch:\n"));
    expect(cannotWork()).toEqual(["Job 'custom-publish-pypi' relies on trusted publishing, but no tag push triggers this workflow."]);
  });

  it("keeps a workflow-wide grant for the callers that reach OIDC, and only for them", () => {
    const root = repository("uv-reusable");
    edit(root, CALLER, (text) => text.replace(CALLER_GRANT, "").replace("permissions:\n  contents: read\n", "permissions:\n  contents: read\n  id-token: write\n"));
    const [finding, ...more] = messagesOf(root, CALLER).filter((message) => message.ruleId === "trusted-publishing/no-workflow-level-id-token");
    expect(more).toEqual([]);
    expect(finding?.message).toBe("Workflow-level `id-token: write` gives job 'build' an OIDC token it does not need; grant it per job.");
    // The fix moves the grant to the calling job (whose callee needs it): an autofix, nothing left unsure.
    const text = readFileSync(at(root, CALLER), "utf8");
    const fixed = text.slice(0, finding!.fix!.range[0]) + finding!.fix!.text + text.slice(finding!.fix!.range[1]);
    expect(changedPaths(dataOf(text), dataOf(fixed))).toEqual([["permissions", "id-token"], ["jobs", "custom-publish-pypi", "permissions"]]);
    expect(findingsOf(root, CALLER, fixed).filter((found) => /id-token/u.test(found))).toEqual([]);
  });

  it("reads the callee once per version however often it is asked", () => {
    const root = repository("uv-reusable");
    edit(root, CALLER, (text) => text.replace(CALLER_GRANT, ""));
    const first = findingsOf(root, CALLER);
    // A byte-identical rewrite with a new modification time is read again, and answers the same.
    edit(root, CALLEE, (text) => text);
    expect(findingsOf(root, CALLER)).toEqual(first);
  });
});

describe("a step that runs a local composite action", () => {
  it("reports the calling job of a composite action that publishes by trusted publishing (dbt-labs' publish-pypi)", () => {
    const root = repository("composite-trusted");
    const messages = messagesOf(root, CALLER);
    expect(messages.map((message) => `${message.line} ${message.ruleId} ${message.message}`)).toEqual([
      "14 trusted-publishing/require-id-token-permission Job 'publish' publishes to PyPI by trusted publishing without `id-token: write` (the workflow's `permissions` omit it).",
      "14 trusted-publishing/require-publish-environment Job 'publish' publishes to PyPI with trusted publishing but has no `environment:`.",
    ]);
    const text = readFileSync(at(root, CALLER), "utf8");
    const fix = messages[0]!.fix!;
    const fixed = text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
    expect(changedPaths(dataOf(text), dataOf(fixed))).toEqual([["jobs", "publish", "permissions"]]);
    expect(findingsOf(root, CALLER, fixed)).toEqual(["14 require-publish-environment/missingEnvironment"]);
  });

  it("sees a build step of the job beside the composite's publish (separate-build-from-publish)", () => {
    const root = repository("composite-trusted");
    edit(root, CALLER, (text) => text.replace("      - uses: ./.github/actions/publish-pypi\n", "      - run: python -m build\n      - uses: ./.github/actions/publish-pypi\n"));
    const filename = at(root, CALLER);
    const messages = new Linter({ configType: "flat", cwd: root }).verify(readFileSync(filename, "utf8"), plugin.configs.all as Linter.Config[], { filename });
    expect(messages.filter((message) => message.ruleId === "trusted-publishing/separate-build-from-publish").map((message) => message.line)).toEqual([18]);
  });

  it("stays quiet about a composite action it cannot read", () => {
    const root = repository("composite-trusted");
    unlinkSync(at(root, ".github/actions/publish-pypi/action.yml"));
    expect(findingsOf(root, CALLER)).toEqual([]);
  });

  it("expands a composite action that runs another one, up to a bounded depth", () => {
    const root = repository("composite-trusted");
    // The caller runs wrapper-1, which runs wrapper-2, …, the last of which runs publish-pypi.
    const chain = (length: number) => {
      for (let level = 1; level <= length; level++) {
        const next = level === length ? "./.github/actions/publish-pypi" : `./.github/actions/wrapper-${level + 1}`;
        mkdirSync(at(root, `.github/actions/wrapper-${level}`), { recursive: true });
        const given = level === length ? "\n      with:\n        repository-url: https://upload.pypi.org/legacy/\n        archive-name: dist" : "";
        rewrite(at(root, `.github/actions/wrapper-${level}/action.yml`), `runs:\n  using: composite\n  steps:\n    - uses: ${next}${given}\n`);
      }
      edit(root, CALLER, (text) => text.replace(/uses: \.\/\.github\/actions\/[\w-]+\n(?: {8}.+\n)*/u, "uses: ./.github/actions/wrapper-1\n"));
    };
    chain(2);
    expect(findingsOf(root, CALLER)).toEqual(["14 require-id-token-permission/missingIdToken", "14 require-publish-environment/missingEnvironment"]);
    chain(6);
    expect(findingsOf(root, CALLER)).toEqual([]);
  });

  it("stays quiet about a composite action that calls itself", () => {
    const root = repository("composite-trusted");
    edit(root, ".github/actions/publish-pypi/action.yml", (text) => text.replace("    - name: \"[DEBUG]\"\n", "    - uses: ./.github/actions/publish-pypi\n    - name: \"[DEBUG]\"\n"));
    expect(findingsOf(root, CALLER)).toEqual([]);
  });

  it("reports a token given through an input at the calling step, naming the input (surrealdb's publish-crate)", () => {
    const root = repository("composite-token");
    const found = messagesOf(root, CALLER).filter((message) => message.ruleId === "trusted-publishing/prefer-trusted-publishing");
    expect(found.map((message) => [message.line, message.message, message.suggestions ?? []])).toEqual([
      [19, "Step 'Publish the crate' of job 'publish' publishes to crates.io with a long-lived token (the `cargo-registry-token` input from `secrets.CARGO_REGISTRY_TOKEN`).", []],
    ]);
  });

  it("reports a token given through the calling step's env at the calling step", () => {
    const root = repository("composite-token");
    edit(root, CALLER, (text) => text.replace("          cargo-registry-token: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n", "        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n"));
    edit(root, ".github/actions/publish-crate/action.yml", (text) => text.replace("      env:\n        CARGO_REGISTRY_TOKEN: ${{ inputs.cargo-registry-token }}\n", ""));
    const found = messagesOf(root, CALLER).filter((message) => message.ruleId === "trusted-publishing/prefer-trusted-publishing");
    expect(found.map((message) => [message.line, message.message])).toEqual([
      [19, "Step 'Publish the crate' of job 'publish' publishes to crates.io with a long-lived token (the secret `CARGO_REGISTRY_TOKEN`)."],
    ]);
  });

  it("sees a cache restored by the job that a composite action publishes from (no-cache-in-publish-job)", () => {
    const root = repository("composite-trusted");
    edit(root, CALLER, (text) => text.replace("      - uses: actions/checkout@v4\n", "      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with:\n          cache: pip\n"));
    expect(findingsOf(root, CALLER).filter((finding) => finding.includes("no-cache-in-publish-job"))).toEqual(["20 no-cache-in-publish-job/cacheInput"]);
  });

  it("takes an input the call does not give from the action's default (empty: no token)", () => {
    const root = repository("composite-token");
    edit(root, CALLER, (text) => text.replace("          cargo-registry-token: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n", ""));
    expect(findingsOf(root, CALLER).filter((finding) => finding.includes("prefer-trusted-publishing"))).toEqual([]);
    edit(root, ".github/actions/publish-crate/action.yml", (text) => text.replace("    required: true\n  package:", "    required: false\n    default: ${{ env.CRATES_TOKEN }}\n  package:"));
    expect(findingsOf(root, CALLER).filter((finding) => finding.includes("prefer-trusted-publishing"))).toEqual(["19 prefer-trusted-publishing/longLivedToken"]);
  });

  it("is judged in the calling file only: the action file alone reports nothing of the caller's", () => {
    const root = repository("composite-token");
    expect(findingsOf(root, ".github/actions/publish-crate/action.yml")).toEqual([]);
  });
});

describe("composite actions linted on their own", () => {
  const npmToken = TOKENS.find((token) => token.name === "npm")!;
  const withToken = (root: string) => edit(root, ".github/actions/npm-publish/action.yml", (text) => text.replace("__NPM_TOKEN__", npmToken.text));

  it("reports a token written as an input's default, and outdated actions, and nothing that depends on the caller", () => {
    const root = repository("action-files");
    withToken(root);
    const filename = at(root, ".github/actions/npm-publish/action.yml");
    const messages = new Linter({ configType: "flat", cwd: root }).verify(readFileSync(filename, "utf8"), recommended, { filename });
    expect(messages.map((message) => `${message.line} ${message.ruleId}`)).toEqual([
      "10 trusted-publishing/no-hardcoded-credentials",
      "17 trusted-publishing/no-outdated-actions",
      "20 trusted-publishing/no-outdated-actions",
    ]);
    expect(messages[0]!.message).toBe("An npm token (`npm_…`) is written in plain text in the default of input `npm-token`; revoke it.");
    expect(messages[0]!.message).not.toContain(npmToken.tail.slice(0, 8));
    // The action rules' fixes edit the action's own file: a step's `uses:` under `runs.steps`.
    const text = readFileSync(filename, "utf8");
    const fix = messages[1]!.fix!;
    const fixed = text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
    expect(changedPaths(dataOf(text), dataOf(fixed))).toEqual([["runs", "steps", 0, "uses"]]);
  });

  it("leaves a JavaScript action alone, even with a token in it", () => {
    const root = repository("action-files");
    edit(root, ".github/actions/node-action/action.yml", (text) => text.replace("__NPM_TOKEN__", npmToken.text));
    expect(messagesOf(root, ".github/actions/node-action/action.yml")).toEqual([]);
  });

  it("is in the configs' files, and the command finds composite actions wherever they are", async () => {
    expect(plugin.files).toEqual(expect.arrayContaining(["**/action.yml", "**/action.yaml"]));
    const root = repository("action-files");
    mkdirSync(at(root, "tools/release"), { recursive: true });
    writeFileSync(at(root, "tools/release/action.yaml"), "runs:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n");
    const selection = await selectFiles(readTargets([root], root), builtInMatcher([], root));
    expect(selection.files.map((file) => path.relative(root, file)).sort()).toEqual([
      ".github/actions/node-action/action.yml",
      ".github/actions/npm-publish/action.yml",
      "tools/release/action.yaml",
    ]);
  });
});
