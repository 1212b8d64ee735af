/**
 * eslint-plugin-trusted-publishing: rules for GitHub Actions workflows that publish packages.
 *
 *   import tp from "eslint-plugin-trusted-publishing";
 *   export default [...tp.configs.recommended];
 */
import { readFileSync } from "node:fs";
import type { ESLint, Linter } from "eslint";
import yml from "eslint-plugin-yml";
import { rules } from "./rules/index.js";
import { buildConfigs } from "./configs.js";
import type { YAMLRule } from "./rule-creator.js";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
};

export const namespace = "trusted-publishing";

export type RuleId = keyof typeof rules;

export interface TrustedPublishingPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  languages: { yaml: NonNullable<ESLint.Plugin["languages"]>[string] };
  rules: Record<RuleId, YAMLRule>;
  configs: { recommended: Linter.Config[]; all: Linter.Config[] };
}

const plugin: TrustedPublishingPlugin = {
  meta: { name: packageJson.name, version: packageJson.version, namespace },
  languages: { yaml: yml.languages.yaml },
  rules,
  configs: { recommended: [], all: [] },
};
Object.assign(plugin.configs, buildConfigs(plugin, namespace, plugin.rules));

export default plugin;
export { rules };
