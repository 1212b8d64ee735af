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
