/**
 * Every fix and every suggestion, applied alone, leaves a file that parses (issue 18's "Done
 * when"). Editors apply one suggestion at a time, exactly as ESLint reports it, so each is
 * checked on its own: not only the combination `eslint --fix` reaches. On each file as written
 * (and each fixture variant), it also does what it says and nothing else:
 * - the data changes only where its rule's edits may write (`OWNED`: a job's `permissions` for
 *   the id-token rules, a step's `uses:` and `with:` for the action rules, …);
 * - it resolves its finding: linted again, the rule reports that message fewer times, so
 *   applying it twice would change nothing more (an editor offers it no more).
 *
 * Inputs: every workflow of the shared corpus, the project's fixtures (tests/fixtures, examples/),
 * and for each of them the variants where `env:`/`with:` blocks are written in flow style
 * (tests/helpers/flow-variants.ts): all of them at once, and every other one (so flow and block
 * blocks meet in one file). Every file and every fixture variant is checked. Of the corpus, to
 * keep the test within CI's time, the all-flow variant of each file where the rules offer a fix
 * or a suggestion (the others have nothing to apply: flow style does not change what the rules
 * find; and mixed styles are the fixtures' part).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Linter } from "eslint";
import { getStaticYAMLValue, parseYAML } from "yaml-eslint-parser";
import { ALL_RULES, changedPaths } from "../helpers/fix.js";
import { CORPUS_DIR, corpusFiles, hasCorpus } from "../helpers/corpus.js";
import { flowVariant } from "../helpers/flow-variants.js";
import { TOKENS } from "../helpers/tokens.js";

const root = new URL("../../", import.meta.url);


function fixtureFiles(): { name: string; code: string }[] {
  const dirs = ["examples", "tests/fixtures"];
  return dirs.flatMap((dir) =>
    readdirSync(new URL(`${dir}/`, root), { recursive: true, encoding: "utf8" })
      .filter((file) => /\.ya?ml$/u.test(file))
      .sort()
      .map((file) => ({ name: `${dir}/${file}`, code: readFileSync(new URL(`${dir}/${file}`, root), "utf8") })),
  );
}

type Path = readonly (string | number)[];

/** Where a step's own keys start in a path: `jobs.<id>.steps.<n>.…` in a workflow, `runs.steps.<n>.…` in a composite action; 0 for no step. */
const stepDepth = (path: Path) => (path[0] === "jobs" && path[2] === "steps" && typeof path[3] === "number" ? 4 : path[0] === "runs" && path[1] === "steps" && typeof path[2] === "number" ? 3 : 0);
/** A step's own key (`uses`, `env`, `with`, `run`, `id`), or one of its inputs or variables. */
const stepKey = (path: Path, keys: readonly string[]) => {
  const depth = stepDepth(path);
  return depth > 0 && (path.length === depth || keys.includes(String(path[depth])));
};
const jobKey = (path: Path, keys: readonly string[]) => path[0] === "jobs" && path.length >= 3 && keys.includes(String(path[2]));

/**
 * Where each rule's fixes and suggestions may change the data. A step inserted before others
 * (an exchanger, a newer npm) moves the steps after it, so the rules that insert one own the
 * job's steps.
 */
const OWNED: Readonly<Record<string, (path: Path) => boolean>> = {
  "no-broken-actions": (path) => stepKey(path, ["uses", "with"]),
  "no-outdated-actions": (path) => stepKey(path, ["uses", "with"]),
  "no-cache-in-publish-job": (path) => stepKey(path, ["with"]),
  "no-hardcoded-credentials": (path) => stepKey(path, ["env", "with", "run"]) || jobKey(path, ["env", "with", "secrets", "container", "services"]) || path[0] === "env",
  "no-workflow-level-id-token": (path) => (path[0] === "permissions" && path[1] === "id-token") || jobKey(path, ["permissions"]),
  "require-id-token-permission": (path) => jobKey(path, ["permissions"]),
  "require-publish-environment": (path) => jobKey(path, ["environment"]) && path.length === 3,
  "valid-trusted-publishing": (path) => jobKey(path, ["steps"]),
  "prefer-trusted-publishing": (path) => jobKey(path, ["permissions", "env", "steps"]) || path[0] === "env",
};

/** Where each rule's fixes and suggestions may change a GitLab pipeline's data: keys of a job (`[job, key, …]`). */
const gitlabJobKey = (path: Path, keys: readonly string[]) => path.length >= 2 && keys.includes(String(path[1]));
const OWNED_GITLAB: Readonly<Record<string, (path: Path) => boolean>> = {
  "require-id-token-permission": (path) => gitlabJobKey(path, ["id_tokens"]),
  "valid-trusted-publishing": (path) => gitlabJobKey(path, ["id_tokens"]),
  "prefer-trusted-publishing": (path) => gitlabJobKey(path, ["id_tokens", "variables"]),
  "require-publish-environment": (path) => gitlabJobKey(path, ["environment"]) && path.length === 2,
  "no-cache-in-publish-job": (path) => gitlabJobKey(path, ["cache"]),
  // The token leaves `default:` (its `id_tokens:`, or `default:` itself) for the jobs that read it.
  "no-workflow-level-id-token": (path) => (path[0] === "default" && (path.length === 1 || path[1] === "id_tokens")) || gitlabJobKey(path, ["id_tokens"]),
};

interface Tally {
  files: number;
  variants: number;
  fixes: number;
  suggestions: number;
  /** Those also checked for the data they change and the finding they resolve. */
  checked: number;
  failures: string[];
  /** `rule fix|suggestion` of each one applied. */
  applied: string[];
}

const defaultLinter = new Linter({ configType: "flat" });

const dataOf = (code: string): unknown => getStaticYAMLValue(parseYAML(code));

function parses(code: string): string | undefined {
  try {
    parseYAML(code);
    return undefined;
  } catch (error) {
    return (error as Error).message.split("\n")[0];
  }
}

/**
 * How a fixture is linted: a composite action under its own name, a GitLab pipeline fixture under
 * its path inside its repository (`.gitlab-ci.yml`, `.gitlab/ci/deploy.yml`), anything else as a workflow.
 */
const GITLAB_FIXTURE = /^tests\/fixtures\/gitlab\/[^/]+\/(.+)$/u;
const lintedName = (name: string) =>
  /(?:^|\/)action\.ya?ml$/u.test(name) ? name : (GITLAB_FIXTURE.exec(name)?.[1] ?? `.github/workflows/${path.basename(name)}`);

/**
 * Lints `code`, applies each fix and each suggestion alone, and records every result that does
 * not parse (with `thorough`, also one that changes data its rule does not own, or leaves its
 * finding as it was). Returns how many fixes and suggestions it applied.
 */
function checkEach(code: string, name: string, variant: string, tally: Tally, thorough: boolean, onDisk?: { readonly filename: string; readonly linter: Linter }): number {
  // ESLint lints the text without its byte-order mark; the ranges of its fixes are in that text.
  const text = code.replace(/^\uFEFF/u, "");
  if (parses(text) !== undefined) return 0; // not YAML to begin with: nothing to keep
  const filename = onDisk?.filename ?? lintedName(name);
  const linter = onDisk?.linter ?? defaultLinter;
  const messages = linter.verify(text, ALL_RULES, { filename });
  const before = thorough ? dataOf(text) : undefined;
  let applied = 0;
  const apply = (fix: { range: [number, number]; text: string }) => text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
  for (const message of messages) {
    const candidates = [
      ...(message.fix ? [{ kind: "fix", fix: message.fix }] : []),
      ...(message.suggestions ?? []).map((suggestion) => ({ kind: `suggestion "${suggestion.desc}"`, fix: suggestion.fix })),
    ];
    for (const { kind, fix } of candidates) {
      if (kind === "fix") tally.fixes++;
      else tally.suggestions++;
      tally.applied.push(`${message.ruleId!.replace(/^trusted-publishing\//u, "")} ${kind === "fix" ? "fix" : "suggestion"}`);
      applied++;
      const output = apply(fix);
      const where = `${name}${variant}:${message.line} ${message.ruleId} ${kind}`;
      const error = parses(output);
      if (error !== undefined) tally.failures.push(`${where}: ${error}`);
      if (error !== undefined || !thorough) continue;
      const owned = GITLAB_FIXTURE.test(name) ? OWNED_GITLAB : OWNED;
      const owns = owned[message.ruleId!.replace(/^trusted-publishing\//u, "")] ?? (() => false);
      const stray = changedPaths(before, dataOf(output)).filter((changed) => !owns(changed));
      if (stray.length > 0) tally.failures.push(`${where}: changes ${stray.map((changed) => changed.join(".")).join(", ")}`);
      const same = (other: Linter.LintMessage) => other.ruleId === message.ruleId && other.message === message.message;
      if (linter.verify(output, ALL_RULES, { filename }).filter(same).length >= messages.filter(same).length) tally.failures.push(`${where}: the finding is still there`);
      tally.checked++;
    }
  }
  return applied;
}

/**
 * The file, then its flow-style variants. With `sampled` (the corpus), only the all-flow variant,
 * and only of a file that has a fix or a suggestion: rewriting `env:`/`with:` in flow style does
 * not change what the rules find (the model reads both styles alike), only how a fix is written.
 */
function checkWithVariants(code: string, name: string, tally: Tally, sampled = false): void {
  tally.files++;
  if (checkEach(code, name, "", tally, true) === 0 && sampled) return;
  const text = code.replace(/^\uFEFF/u, "");
  const all = flowVariant(text);
  if (!all) return;
  tally.variants++;
  checkEach(all, name, " (env/with in flow style)", tally, !sampled);
  const alternate = sampled ? undefined : flowVariant(text, (index) => index % 2 === 1);
  if (alternate && alternate !== all) {
    tally.variants++;
    checkEach(alternate, name, " (every other env/with in flow style)", tally, true);
  }
}

const newTally = (): Tally => ({ files: 0, variants: 0, fixes: 0, suggestions: 0, checked: 0, failures: [], applied: [] });

describe("every fix and every suggestion, alone, leaves YAML that parses", () => {
  it("on the project's fixtures and their flow-style variants", () => {
    const tally = newTally();
    for (const { name, code } of fixtureFiles()) checkWithVariants(code, name, tally);
    console.info(`[fix-alone] fixtures: ${tally.files} files, ${tally.variants} variants, ${tally.fixes} fixes, ${tally.suggestions} suggestions (${tally.checked} checked for paths and resolution)`);
    expect(tally.failures).toEqual([]);
    expect(tally.suggestions).toBeGreaterThan(20);
  });

  it("on the GitLab pipeline fixtures (every fix and suggestion of the GitLab branches of the rules)", () => {
    const tally = newTally();
    for (const { name, code } of fixtureFiles().filter((file) => GITLAB_FIXTURE.test(file.name))) checkWithVariants(code, name, tally);
    console.info(`[fix-alone] GitLab fixtures: ${tally.files} files, ${tally.fixes} fixes, ${tally.suggestions} suggestions (${tally.checked} checked)`);
    expect(tally.failures).toEqual([]);
    // The id_tokens fixes (missing token, name trap, audiences), prefer's and the hardening suggestions.
    expect(tally.fixes).toBeGreaterThanOrEqual(4);
    expect(tally.suggestions).toBeGreaterThanOrEqual(2);
  });

  it("on workflows and composite actions linted in their repository, where fixes depend on the files they call", () => {
    // tests/fixtures/cross-file (SOURCES.md there), in a temporary repository, with the edits that
    // make each cross-file finding: a caller without the grant its local callee needs, a composite
    // action that publishes by trusted publishing or with a token input, a token in an input default.
    const cases: { fixture: string; edits: Record<string, (text: string) => string> }[] = [
      { fixture: "uv-reusable", edits: { ".github/workflows/release.yml": (text) => text.replace(/ {4}# publish jobs get escalated permissions\n {4}permissions:\n(?: {6}.+\n)+/u, "") } },
      { fixture: "uv-reusable", edits: { ".github/workflows/release.yml": (text) => text.replace(/\npermissions:\n {2}contents: read\n/u, "\n").replace(/ {4}# publish jobs get escalated permissions\n {4}permissions:\n(?: {6}.+\n)+/u, "") } },
      { fixture: "composite-trusted", edits: {} },
      { fixture: "composite-token", edits: {} },
      { fixture: "action-files", edits: { ".github/actions/npm-publish/action.yml": (text) => text.replace("__NPM_TOKEN__", TOKENS.find((token) => token.name === "npm")!.text) } },
    ];
    const base = mkdtempSync(path.join(tmpdir(), "tp-fix-alone-"));
    const tally = newTally();
    try {
      cases.forEach(({ fixture, edits }, index) => {
        const repo = path.join(base, `${fixture}-${index}`);
        cpSync(new URL(`tests/fixtures/cross-file/${fixture}/`, root), repo, { recursive: true });
        mkdirSync(path.join(repo, ".git"));
        for (const [file, edit] of Object.entries(edits)) writeFileSync(path.join(repo, file), edit(readFileSync(path.join(repo, file), "utf8")));
        const linter = new Linter({ configType: "flat", cwd: repo });
        for (const file of readdirSync(repo, { recursive: true, encoding: "utf8" }).filter((name) => /\.ya?ml$/u.test(name)).sort()) {
          tally.files++;
          const filename = path.join(repo, file);
          checkEach(readFileSync(filename, "utf8"), `${fixture}#${index}/${file}`, "", tally, true, { filename, linter });
        }
      });
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
    console.info(`[fix-alone] cross-file: ${tally.files} files, ${tally.fixes} fixes, ${tally.suggestions} suggestions (${tally.checked} checked for paths and resolution)`);
    expect(tally.failures).toEqual([]);
    // The callers' id-token fix (job-level grant kept) and suggestion (no permissions anywhere), the
    // composite caller's fix and environment suggestion, the action files' ref fixes.
    expect(new Set(tally.applied)).toEqual(
      new Set(["require-id-token-permission fix", "require-id-token-permission suggestion", "require-publish-environment suggestion", "no-outdated-actions fix", "no-outdated-actions suggestion", "no-cache-in-publish-job suggestion"]),
    );
  });

  it.skipIf(!hasCorpus)("on the corpus and its flow-style variants", () => {
    const tally = newTally();
    for (const file of corpusFiles()) checkWithVariants(readFileSync(path.join(CORPUS_DIR, file), "utf8"), file, tally, true);
    console.info(`[fix-alone] corpus: ${tally.files} files, ${tally.variants} variants, ${tally.fixes} fixes, ${tally.suggestions} suggestions (${tally.checked} checked for paths and resolution)`);
    expect(tally.failures).toEqual([]);
    expect(tally.variants).toBeGreaterThan(400);
    expect(tally.fixes + tally.suggestions).toBeGreaterThan(3000);
  });
});
