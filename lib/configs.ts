/**
 * Flat configs. Each is a complete array: it registers the plugin and its YAML language (the one
 * from eslint-plugin-yml, re-exported under this plugin's namespace so it never clashes with a
 * user's own `yml` plugin), selects workflow files, and turns rules on.
 */
import type { ESLint, Linter } from "eslint";
import type { YAMLRule } from "./rule-creator.js";

/** Where GitHub reads workflows from, relative to the config file (any depth, for monorepos). */
export const WORKFLOW_FILES = ["**/.github/workflows/*.yml", "**/.github/workflows/*.yaml"];

/**
 * GitLab CI/CD pipeline files: the top-level `.gitlab-ci.yml` (at any depth, as monorepos keep
 * one per project), `*.gitlab-ci.yml` includes, the no-dot `gitlab-ci.yml`, and the `.gitlab/`
 * and `.gitlab-ci/` folders where included files live. Other folders of included files (`ci/`)
 * are the user's to add (README): a `ci/*.yml` is as often something else.
 */
export const GITLAB_FILES = [
  "**/.gitlab-ci.yml",
  "**/.gitlab-ci.yaml",
  "**/*.gitlab-ci.yml",
  "**/*.gitlab-ci.yaml",
  "**/gitlab-ci.yml",
  "**/.gitlab/**/*.yml",
  "**/.gitlab/**/*.yaml",
  "**/.gitlab-ci/**/*.yml",
  "**/.gitlab-ci/**/*.yaml",
];

/**
 * Every file the configs lint: the one list that says what the plugin lints. The configs select
 * these files, the command walks directories for them, and users scope other configs with them
 * (`{ files: tp.files, extends: [tseslint.configs.disableTypeChecked] }`). A new kind of file
 * (another CI system's pipelines, composite actions) is added here.
 */
/**
 * Action metadata files, wherever they are (a repository's own actions live under
 * `.github/actions/`, but also elsewhere). Only composite actions (`runs.using: composite`) are
 * read: their steps are written in the file. JavaScript and Docker actions are left alone.
 */
export const ACTION_FILES = ["**/action.yml", "**/action.yaml"];

export const LINTED_FILES: readonly string[] = [...WORKFLOW_FILES, ...ACTION_FILES, ...GITLAB_FILES];

/** What those files are, in words, for the command's messages ("… is not a GitHub Actions workflow, composite action or GitLab CI/CD pipeline"). */
export const LINTED_KIND = "a GitHub Actions workflow, composite action or GitLab CI/CD pipeline";

/** Whether a file is an action's metadata (`action.yml`): one that is not a composite action is left alone, silently. */
export function isActionFile(file: string): boolean {
  return /(?:^|[\\/])action\.ya?ml$/u.test(file);
}

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
      files: [...LINTED_FILES],
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
