/**
 * What kind of CI file a linted file is, decided in one place: a GitLab pipeline (by its name or
 * folder: `.gitlab-ci.yml`, `*.gitlab-ci.yml`, `gitlab-ci.yml`, `.gitlab-ci-*.yml`, anything under
 * `.gitlab/` or `.gitlab-ci/`; or a file the repository's top-level `.gitlab-ci.yml` includes),
 * else a GitHub Actions workflow when it has a `jobs:` mapping (lib/ci/github decides that).
 *
 * Names come first, so a GitLab pipeline with a job called `jobs` is never read as a workflow.
 */
export type CiKind = "gitlab" | "github";

const GITLAB_NAME = /(?:^|[\\/])(?:[^\\/]*\.)?gitlab-ci(?:-[^\\/]*)?\.ya?ml$/iu;
const GITLAB_FOLDER = /(?:^|[\\/])\.gitlab(?:-ci)?[\\/](?:[^\\/]+[\\/])*[^\\/]+\.ya?ml$/iu;
const GITHUB_FOLDER = /(?:^|[\\/])\.github[\\/]/u;

/** The kind a file's name says; `undefined` when only its content or the repository can tell. */
export function ciKindByName(filename: string): CiKind | undefined {
  if (GITHUB_FOLDER.test(filename)) return "github";
  if (GITLAB_NAME.test(filename) || GITLAB_FOLDER.test(filename)) return "gitlab";
  return undefined;
}
