/**
 * Compared with a peer: zizmor's `use-trusted-publishing` fixtures (../shared/peer-fixtures, MIT),
 * read in place, never copied. Their comments name steps `vulnerable-N` / `not-vulnerable-N`.
 * For PyPI uploads this plugin must agree: every vulnerable PyPI step is reported, no
 * not-vulnerable one is. Twine without a credential is where the tools differ by design:
 * zizmor asks for the pypa action, this plugin knows twine >= 6.1 does trusted publishing
 * itself and instead checks that the job can mint the OIDC token.
 * crates.io, RubyGems.org and nuget.org: every step whose token the file shows is reported, as
 * zizmor does; where the file shows no credential (a bare `gem push`, `nuget push` with neither
 * `--api-key` nor `--source`, a PowerShell continuation) the plugin cannot know what the upload
 * authenticates with or where it goes, and stays quiet. npm and bun belong to the npm registry module.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseForESLint } from "yaml-eslint-parser";
import { ALL_RULES, lint } from "../helpers/fix.js";
import { SHARED_DIR } from "../helpers/corpus.js";
import { readWorkflow } from "../../lib/ci/github/model.js";
import { publishesOf } from "../../lib/publishing/policy.js";

const dir = path.join(SHARED_DIR, "peer-fixtures/zizmor-use-trusted-publishing");
const hasPeers = existsSync(dir);

/**
 * The publish-job hardening rules (environment, caches, build split, triggers, workflow-level
 * grants) judge other things than these fixtures are about: credentials and trusted publishing.
 */
const HARDENING = new Set(
  ["no-cache-in-publish-job", "no-untrusted-publish-trigger", "no-workflow-level-id-token", "require-publish-environment", "separate-build-from-publish"].map(
    (id) => `trusted-publishing/${id}`,
  ),
);

/** Each step's name → the rules that report on a line of that step. */
function reportsByStep(file: string) {
  const code = readFileSync(path.join(dir, file), "utf8");
  const workflow = readWorkflow({ text: code, ast: parseForESLint(code).ast }, file)!;
  const messages = lint(code, ALL_RULES, file).filter((message) => !HARDENING.has(message.ruleId ?? ""));
  const byStep = new Map<string, { rules: string[]; pypi: boolean; registry: string | undefined }>();
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      const [start, end] = [step.node.loc.start.line, step.node.loc.end.line];
      const rules = messages.filter((m) => m.line >= start && m.line <= end).map((m) => m.ruleId!.replace("trusted-publishing/", ""));
      const publishes = publishesOf(step);
      byStep.set(`${job.id}/${step.name}`, { rules, pypi: publishes.some((publish) => publish.registry.id === "pypi"), registry: publishes[0]?.registry.id });
    }
  }
  return { byStep, messages };
}

describe.skipIf(!hasPeers)("zizmor's use-trusted-publishing fixtures", () => {
  it("agrees on every PyPI step of use-trusted-publishing.yml", () => {
    const { byStep } = reportsByStep("use-trusted-publishing.yml");
    const pypiSteps = [...byStep].filter(([, step]) => step.pypi);
    expect(pypiSteps.length).toBe(9);
    for (const [name, step] of pypiSteps) {
      const vulnerable = /\/vulnerable-/u.test(name);
      expect(step.rules.includes("prefer-trusted-publishing"), name).toBe(vulnerable);
    }
  });

  it("reports twine uploads of twine-upload.yml as jobs without id-token", () => {
    const { byStep, messages } = reportsByStep("twine-upload.yml");
    expect([...byStep.values()].every((step) => step.pypi)).toBe(true);
    expect(messages.map((m) => m.ruleId)).toEqual(["trusted-publishing/require-id-token-permission"]);
  });

  it("stays quiet on the uv publish of issue-1191-repro.yml, as the peer does", () => {
    expect(reportsByStep("issue-1191-repro.yml").messages.filter((m) => m.ruleId?.includes("trusted-publishing/") && !m.ruleId.includes("outdated"))).toEqual([]);
  });

  /** The steps of a file that prefer-trusted-publishing reports, and those zizmor calls vulnerable. */
  function compare(file: string) {
    const { byStep, messages } = reportsByStep(file);
    const ours = [...byStep].filter(([, step]) => step.rules.includes("prefer-trusted-publishing")).map(([name]) => name);
    const theirs = [...byStep.keys()].filter((name) => /\/vulnerable-/u.test(name));
    return { ours, theirs, byStep, messages };
  }

  it("crates.io (cargo-publish.yml): reports every token-carrying cargo publish, none of the dry runs", () => {
    const { ours, theirs, byStep } = compare("cargo-publish.yml");
    expect(theirs).toHaveLength(6);
    expect(ours).toEqual(["publish-1/vulnerable-1", "publish-1/vulnerable-2", "publish-1/vulnerable-3", "publish-2/vulnerable-1", "publish-2/vulnerable-2"]);
    expect(ours.every((name) => theirs.includes(name))).toBe(true);
    // The one left: a PowerShell continuation (a Windows runner's default shell), read as the
    // `cargo publish` it is, but with no token in sight: nothing to report.
    expect(byStep.get("publish-2/vulnerable-3")?.registry).toBe("crates-io");
    expect(byStep.get("publish-2/vulnerable-3")?.rules).toEqual([]);
  });

  it("RubyGems.org (gem-push.yml): recognises each gem push, and reports none without a credential in sight", () => {
    const { ours, theirs, byStep } = compare("gem-push.yml");
    expect(theirs).toHaveLength(3);
    expect([...byStep.values()].every((step) => step.registry === "rubygems")).toBe(true);
    expect(ours).toEqual([]);
  });

  it("nuget.org (nuget-push.yml): pushes with no key and no source are not judged; the login's key is trusted publishing", () => {
    const { ours, theirs, messages } = compare("nuget-push.yml");
    expect(theirs).toHaveLength(3);
    expect(ours).toEqual([]);
    expect(messages.filter((m) => /prefer-trusted|require-id-token|no-hardcoded/u.test(m.ruleId ?? ""))).toEqual([]);
  });
});
