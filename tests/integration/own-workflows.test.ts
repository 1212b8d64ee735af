/**
 * We publish the way we preach: this repository's own CI and release workflows lint clean under
 * configs.all, the strictest setup the plugin offers.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ESLint } from "eslint";
import plugin from "../../lib/index.js";

const root = new URL("../../", import.meta.url);
const workflows = [".github/workflows/ci.yml", ".github/workflows/release.yml"];

async function lint(text: string, filePath: string) {
  const eslint = new ESLint({ cwd: root.pathname, overrideConfigFile: true, overrideConfig: [...plugin.configs.all] });
  const [result] = await eslint.lintText(text, { filePath });
  return result!.messages.map((message) => `${message.ruleId ?? "fatal"}: ${message.message}`);
}

describe("this repository's workflows under configs.all", () => {
  for (const file of workflows) {
    it(`${file} has no finding`, async () => {
      expect(await lint(readFileSync(new URL(file, root), "utf8"), file)).toEqual([]);
    });
  }

  it("the check is not vacuous: the same file with an outdated action is reported", async () => {
    const text = readFileSync(new URL(workflows[1]!, root), "utf8").replace("actions/checkout@v7", "actions/checkout@v2");
    const messages = await lint(text, workflows[1]!);
    expect(messages.some((message) => message.startsWith("trusted-publishing/no-outdated-actions"))).toBe(true);
  });

  it("the release is recognised as npm trusted publishing: without its id-token grant it is reported", async () => {
    const text = readFileSync(new URL(workflows[1]!, root), "utf8").replace("      id-token: write\n", "      contents: read\n");
    const messages = await lint(text, workflows[1]!);
    expect(messages.some((message) => message.startsWith("trusted-publishing/require-id-token-permission"))).toBe(true);
  });
});
