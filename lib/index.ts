/**
 * eslint-plugin-trusted-publishing: rules for GitHub Actions workflows that publish packages.
 *
 *   import tp from "eslint-plugin-trusted-publishing";
 *   export default [...tp.configs.recommended];
 *
 * The exported types speak only of `eslint`'s own types (the peer dependency), so the published
 * `index.d.ts` type-checks with every supported ESLint (9.38 and later) and needs no other package.
 * The rules' own, richer types stay inside the package (lib/rule-creator.ts).
 */
import type { ESLint, Linter } from "eslint";
import { yamlLanguage } from "./language.js";
import { rules as ruleDefinitions } from "./rules/index.js";
import { buildConfigs } from "./configs.js";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./package.js";

export const namespace = "trusted-publishing";

/** The plugin's rule ids. A new rule file must be added here too (the check below fails until it is). */
export type RuleId =
  | "no-broken-actions"
  | "no-cache-in-publish-job"
  | "no-hardcoded-credentials"
  | "no-outdated-actions"
  | "no-untrusted-publish-trigger"
  | "no-workflow-level-id-token"
  | "prefer-trusted-publishing"
  | "require-id-token-permission"
  | "require-publish-environment"
  | "separate-build-from-publish"
  | "valid-trusted-publishing";

type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const ruleIdsAreComplete: SameKeys<RuleId, keyof typeof ruleDefinitions> = true;
void ruleIdsAreComplete;

type PluginRule = NonNullable<ESLint.Plugin["rules"]>[string];
type PluginLanguage = NonNullable<ESLint.Plugin["languages"]>[string];

export interface TrustedPublishingPlugin {
  meta: { name: string; version: string; namespace: string };
  languages: { yaml: PluginLanguage };
  rules: Record<RuleId, PluginRule>;
  configs: {
    /** The recommended rules on `**\/.github/workflows/*.{yml,yaml}`; registers plugin and language. */
    recommended: Linter.Config[];
    /** Every rule, including those that are off by default in `recommended`. */
    all: Linter.Config[];
  };
}

/**
 * The rules, as ESLint's plugin type names them. They are written against @eslint/core's YAML rule
 * types (lib/rule-creator.ts); ESLint's `Plugin` type names its own rule type, whose `create`
 * takes ESLint's own context type, from another @eslint/core in ESLint 9 than in 10. At run time
 * ESLint hands `create` the YAML language's context, which is what the rules are typed for.
 */
export const rules = ruleDefinitions as unknown as Record<RuleId, PluginRule>;

const plugin: TrustedPublishingPlugin = {
  meta: { name: PACKAGE_NAME, version: PACKAGE_VERSION, namespace },
  languages: { yaml: yamlLanguage },
  rules,
  configs: { recommended: [], all: [] },
};
Object.assign(plugin.configs, buildConfigs(plugin, namespace, ruleDefinitions));

export default plugin;
