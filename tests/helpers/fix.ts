/**
 * Applying fixes the way `eslint --fix` does, and checking what they changed in the data.
 */
import { Linter } from "eslint";
import { getStaticYAMLValue, parseYAML } from "yaml-eslint-parser";
import plugin from "../../lib/index.js";

/** A config that lints every YAML file with the given rules of this plugin at `error`. */
export function withRules(ids: readonly string[]): Linter.Config[] {
  return [
    {
      files: ["**/*.yml", "**/*.yaml"],
      plugins: { "trusted-publishing": plugin },
      language: "trusted-publishing/yaml",
      rules: Object.fromEntries(ids.map((id) => [`trusted-publishing/${id}`, "error"])),
    },
  ];
}

export const ALL_RULES: Linter.Config[] = withRules(Object.keys(plugin.rules));

export function lint(code: string, config: Linter.Config[] = ALL_RULES, filename = "workflow.yml"): Linter.LintMessage[] {
  return new Linter({ configType: "flat" }).verify(code, config, { filename });
}

/** Fixes like the CLI: repeated passes until nothing changes (ESLint stops after 10). */
export function fix(code: string, config: Linter.Config[] = ALL_RULES, filename = "workflow.yml") {
  return new Linter({ configType: "flat" }).verifyAndFix(code, config, { filename });
}

/** The data of a YAML text, as a loader would see it. Throws when the text does not parse. */
export function dataOf(code: string): unknown {
  // Loaders drop a byte-order mark, so does this.
  return getStaticYAMLValue(parseYAML(code.replace(/^\uFEFF/u, "")));
}

type Path = readonly (string | number)[];

/** Paths where two values differ (a whole subtree counts once, at its root). */
export function changedPaths(before: unknown, after: unknown, path: Path = []): Path[] {
  if (Object.is(before, after)) return [];
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
  if (!isObject(before) || !isObject(after) || Array.isArray(before) !== Array.isArray(after)) return [path];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].flatMap((key) => {
    const segment = Array.isArray(before) ? Number(key) : key;
    if (!(key in before) || !(key in after)) return [[...path, segment]];
    return changedPaths(before[key], after[key], [...path, segment]);
  });
}
