// The project's own lint: TypeScript, the rule-authoring conventions, and safe regexes.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import eslintPlugin from "eslint-plugin-eslint-plugin";
import regexp from "eslint-plugin-regexp";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", ".scratch/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  regexp.configs["flat/recommended"],
  { files: ["scripts/**", "*.js"], languageOptions: { globals: globals.node } },
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // Regexes run on untrusted workflow text: no super-linear backtracking.
      "regexp/no-super-linear-backtracking": "error",
      "regexp/no-super-linear-move": "error",
    },
  },
  {
    files: ["lib/rules/*.ts"],
    ignores: ["lib/rules/index.ts"],
    ...eslintPlugin.configs.recommended,
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      "eslint-plugin/require-meta-docs-url": "off", // set by createRule
      // ESLint's form: "Require …", "Disallow …", "Enforce …", "Prefer …".
      "eslint-plugin/require-meta-docs-description": ["error", { pattern: "^(Require|Disallow|Enforce|Prefer) " }],
      "eslint-plugin/require-meta-schema": "error",
      "eslint-plugin/require-meta-type": "error",
      "eslint-plugin/require-meta-has-suggestions": "error",
      "eslint-plugin/require-meta-fixable": "error",
      "eslint-plugin/prefer-message-ids": "error",
      "eslint-plugin/no-unused-message-ids": "error",
      "eslint-plugin/no-missing-message-ids": "error",
    },
    settings: { eslintPlugin: { ruleCreators: ["createRule"] } },
  },
  {
    files: ["tests/**/*.ts"],
    ...eslintPlugin.configs.tests,
  },
);
