/** Workflows the command, editor and CI tests share. */
import { yaml } from "./rule-tester.js";

/**
 * Publishes with trusted publishing but cannot mint an OIDC token: one finding on the job's
 * `permissions:`, whose fix adds the scope (a job with no `permissions` at all gets a suggestion).
 */
export const MISSING_ID_TOKEN = yaml`
  on: push
  jobs:
    publish:
      runs-on: ubuntu-latest
      permissions:
        contents: read
      steps:
        - uses: pypa/gh-action-pypi-publish@release/v1
`;

/** MISSING_ID_TOKEN after require-id-token-permission's fix. */
export const FIXED_ID_TOKEN = yaml`
  on: push
  jobs:
    publish:
      runs-on: ubuntu-latest
      permissions:
        contents: read
        id-token: write
      steps:
        - uses: pypa/gh-action-pypi-publish@release/v1
`;

/** Nothing any rule of this plugin could object to: no publishing, no actions, no secrets. */
export const CLEAN = yaml`
  on: push
  jobs:
    test:
      runs-on: ubuntu-latest
      steps:
        - run: echo hello
`;

/**
 * An eslint.config.mjs as a project without the plugin installed writes it for the command's
 * --config: it imports the plugin and eslint/config (which only the command's install has), and
 * turns require-id-token-permission off.
 */
export const CONFIG_IMPORTING_THE_PLUGIN = [
  'import { defineConfig } from "eslint/config";',
  'import tp from "eslint-plugin-trusted-publishing";',
  'export default defineConfig(tp.configs.recommended, { files: tp.files, rules: { "trusted-publishing/require-id-token-permission": "off" } });',
  "",
].join("\n");

/** A job that publishes with a token from secrets, and sets `name: value` in its own env (a credential, or not). */
export function publishWithJobEnv(name: string, value: string): string {
  return [
    "on: push",
    "jobs:",
    "  publish:",
    "    runs-on: ubuntu-latest",
    "    env:",
    `      ${name}: ${value}`,
    "    steps:",
    "      - uses: pypa/gh-action-pypi-publish@release/v1",
    "        with:",
    "          password: ${{ secrets.PYPI_API_TOKEN }}",
    "",
  ].join("\n");
}
