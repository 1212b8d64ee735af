/**
 * ESLint's RuleTester wired to vitest and to this plugin's YAML language.
 */
import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import plugin from "../../lib/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export function ruleTester(): RuleTester {
  return new RuleTester({
    plugins: { "trusted-publishing": plugin },
    language: "trusted-publishing/yaml",
  });
}

/** Strips the common indentation of a template literal, so cases read like the YAML they are. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/u, "");
  const lines = text.split("\n");
  const indent = Math.min(...lines.filter((line) => line.trim() !== "").map((line) => /^ */u.exec(line)![0].length));
  const out = lines.map((line) => line.slice(indent));
  if (out.at(-1)?.trim() === "") out[out.length - 1] = "";
  return out.join("\n");
}
