/**
 * Compared with a peer: zizmor's `use-trusted-publishing` fixtures (../shared/peer-fixtures, MIT),
 * read in place, never copied. Their comments name steps `vulnerable-N` / `not-vulnerable-N`.
 * For PyPI uploads this plugin must agree: every vulnerable PyPI step is reported, no
 * not-vulnerable one is. Twine without a credential is where the tools differ by design:
 * zizmor asks for the pypa action, this plugin knows twine >= 6.1 does trusted publishing
 * itself and instead checks that the job can mint the OIDC token.
 * Other registries (npm, cargo, RubyGems, NuGet, bun) are outside this plugin's rules.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseForESLint } from "yaml-eslint-parser";
import { ALL_RULES, lint } from "../helpers/fix.js";
import { SHARED_DIR } from "../helpers/corpus.js";
import { readWorkflow } from "../../lib/workflow/model.js";
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
  const byStep = new Map<string, { rules: string[]; pypi: boolean }>();
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      const [start, end] = [step.node.loc.start.line, step.node.loc.end.line];
      const rules = messages.filter((m) => m.line >= start && m.line <= end).map((m) => m.ruleId!.replace("trusted-publishing/", ""));
      byStep.set(`${job.id}/${step.name}`, { rules, pypi: publishesOf(step).length > 0 });
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
});
