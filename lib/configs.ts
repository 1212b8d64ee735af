/**
 * Flat configs. Each is a complete array: it registers the plugin and its YAML language (the one
 * from eslint-plugin-yml, re-exported under this plugin's namespace so it never clashes with a
 * user's own `yml` plugin), selects workflow files, and turns rules on.
 */
import type { ESLint, Linter } from "eslint";
import type { YAMLRule } from "./rule-creator.js";

/** Where GitHub reads workflows from, relative to the config file (any depth, for monorepos). */
export const WORKFLOW_FILES = ["**/.github/workflows/*.yml", "**/.github/workflows/*.yaml"];

export function severityOf(rule: YAMLRule): "error" | "warn" {
  return rule.meta?.type === "problem" ? "error" : "warn";
}

export function buildConfigs(
  plugin: ESLint.Plugin,
  namespace: string,
  rules: Record<string, YAMLRule>,
): { recommended: Linter.Config[]; all: Linter.Config[] } {
  const entries = Object.entries(rules);
  const ruleLevels = (only: (rule: YAMLRule) => boolean): Linter.RulesRecord =>
    Object.fromEntries(entries.filter(([, rule]) => only(rule)).map(([id, rule]) => [`${namespace}/${id}`, severityOf(rule)]));
  const config = (name: string, only: (rule: YAMLRule) => boolean): Linter.Config[] => [
    {
      name: `${namespace}/${name}`,
      files: WORKFLOW_FILES,
      plugins: { [namespace]: plugin },
      language: `${namespace}/yaml`,
      rules: ruleLevels(only),
    },
  ];
  return {
    recommended: config("recommended", (rule) => rule.meta?.docs?.recommended === true),
    all: config("all", () => true),
  };
}
