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
  const config = (name: string, levels: [id: string, level: "error" | "warn"][]): Linter.Config[] => [
    {
      name: `${namespace}/${name}`,
      files: WORKFLOW_FILES,
      plugins: { [namespace]: plugin },
      language: `${namespace}/yaml`,
      rules: Object.fromEntries(levels.map(([id, level]) => [`${namespace}/${id}`, level])),
    },
  ];
  return {
    // The recommended rules, each at its level: problems are errors, suggestions warnings.
    recommended: config(
      "recommended",
      entries.filter(([, rule]) => rule.meta?.docs?.recommended === true).map(([id, rule]) => [id, severityOf(rule)]),
    ),
    // Every rule, every one an error (as ESLint plugins' `all` configs do): for a repository that
    // wants no finding of any kind to pass, such as one that has finished moving to trusted publishing.
    all: config("all", entries.map(([id]) => [id, "error"])),
  };
}
