/**
 * Steps that request GitHub's OIDC token for something other than publishing a package:
 * attestations, Pages deployments, cloud credentials, keyless signing. A job with such a step
 * needs `id-token: write`; a fix that scopes the permission to jobs must keep it there.
 * Checked 2026-11-30 against each action's README or action.yml (source per entry).
 *
 * The list errs on the side of "may need": that only keeps a grant where it was, and turns an
 * autofix into a suggestion.
 */
import type { CiJob as Job, CiStep as Step } from "../ci/shape.js";
import { expandedSteps, runningSteps } from "../ci/github/references.js";

export type OidcUse = "needs" | "may" | "none";

interface OidcAction {
  /** `needs`: requests the token whenever it runs; `may`: only with some inputs or setups. */
  readonly use: "needs" | "may";
  /** For `may`: an input whose truthy value means the token is requested (`use_oidc: true`). */
  readonly whenInput?: string;
  readonly source: string;
}

/** Actions (lower-case `owner/repo[/path]`) that request an OIDC token. */
export const OIDC_ACTIONS: ReadonlyMap<string, OidcAction> = new Map<string, OidcAction>([
  ["actions/attest-build-provenance", { use: "needs", source: "actions/attest-build-provenance README: permissions id-token: write" }],
  ["actions/attest", { use: "needs", source: "actions/attest README: permissions id-token: write" }],
  ["actions/attest-sbom", { use: "needs", source: "actions/attest-sbom README: permissions id-token: write" }],
  ["actions/deploy-pages", { use: "needs", source: "actions/deploy-pages README: permissions pages: write, id-token: write" }],
  ["aws-actions/configure-aws-credentials", { use: "may", source: "aws-actions/configure-aws-credentials README: OIDC when no access keys are given" }],
  ["google-github-actions/auth", { use: "may", source: "google-github-actions/auth README: Workload Identity Federation needs id-token: write" }],
  ["azure/login", { use: "may", source: "Azure/login README: OIDC login needs id-token: write" }],
  ["hashicorp/vault-action", { use: "may", source: "hashicorp/vault-action README: method jwt with GitHub OIDC" }],
  ["sigstore/gh-action-sigstore-python", { use: "needs", source: "sigstore/gh-action-sigstore-python README: ambient OIDC credential" }],
  ["sigstore/cosign-installer", { use: "may", source: "sigstore/cosign-installer README: keyless signing needs id-token: write" }],
  ["docker/login-action", { use: "may", source: "docker/login-action README: Docker Hub OIDC connections (no password)" }],
  ["codecov/codecov-action", { use: "may", whenInput: "use_oidc", source: "codecov/codecov-action README: use_oidc needs id-token: write" }],
  ["jfrog/setup-jfrog-cli", { use: "may", whenInput: "oidc-provider-name", source: "jfrog/setup-jfrog-cli README: OIDC integration" }],
  ["octo-sts/action", { use: "needs", source: "octo-sts/action README: permissions id-token: write" }],
  ["pulumi/auth-actions", { use: "needs", source: "pulumi/auth-actions README: permissions id-token: write" }],
  ["codspeedhq/action", { use: "may", source: "CodSpeedHQ/action README: OIDC authentication with id-token: write" }],
]);

/** Script text that requests the token itself, or runs a tool that does (keyless signing). */
const OIDC_SCRIPT = /ACTIONS_ID_TOKEN_REQUEST_(?:URL|TOKEN)|getIDToken\b/u;
const MAY_USE_OIDC_SCRIPT = /\bcosign\s+(?:sign|attest)\b|\bsigstore\s+sign\b|--oidc\b|--provenance\b/u;

/**
 * Third-party actions known not to request an OIDC token (setup, build, cache and release-page
 * actions). Any other third-party action may request one (CodSpeed, cloud and signing actions
 * do), so a job using it keeps its grant and the fix becomes a suggestion. GitHub's own
 * `actions/*` are known too: those that request a token are listed in OIDC_ACTIONS.
 */
const KNOWN_WITHOUT_OIDC: ReadonlySet<string> = new Set([
  "actions-rs/cargo",
  "actions-rs/toolchain",
  "astral-sh/setup-uv",
  "conda-incubator/setup-miniconda",
  "denoland/setup-deno",
  "docker/build-push-action",
  "docker/metadata-action",
  "docker/setup-buildx-action",
  "docker/setup-qemu-action",
  "dorny/paths-filter",
  "dtolnay/rust-toolchain",
  "github/codeql-action/analyze",
  "github/codeql-action/autobuild",
  "github/codeql-action/init",
  "github/codeql-action/upload-sarif",
  "googleapis/release-please-action",
  "hynek/build-and-inspect-python-package",
  "ncipollo/release-action",
  "oven-sh/setup-bun",
  "peaceiris/actions-gh-pages",
  "pnpm/action-setup",
  "pre-commit/action",
  "prefix-dev/setup-pixi",
  "pyo3/maturin-action",
  "pypa/cibuildwheel",
  "pypa/gh-action-pypi-publish",
  "re-actors/alls-green",
  "release-drafter/release-drafter",
  "ruby/setup-ruby",
  "rui314/setup-mold",
  "softprops/action-gh-release",
  "swatinem/rust-cache",
  "taiki-e/install-action",
]);

/** An input that is set and not switched off (`use_oidc: true`, `oidc-provider-name: setup`). */
function switchedOn(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== "" && !/^(?:false|no|off|0)$/iu.test(value.trim());
}

/** Whether a step requests an OIDC token for something other than publishing a package. */
export function oidcUseOfStep(step: Step): OidcUse {
  const uses = step.uses;
  if (uses) {
    // A local composite action that could be read is judged by its steps (`runningSteps`).
    if (uses.kind === "local" && Array.isArray(expandedSteps(step))) return "none";
    if (uses.kind === "local" || uses.kind === "docker" || uses.kind === "invalid" || uses.kind === "reusable-workflow") return "may";
    const known = OIDC_ACTIONS.get(uses.action);
    if (known) {
      if (!known.whenInput) return known.use;
      const input = step.inputs.get(known.whenInput);
      if (input?.isExpression) return "may";
      return switchedOn(input?.value) ? known.use : "none";
    }
    if (uses.action === "actions/github-script") return OIDC_SCRIPT.test(step.inputs.get("script")?.value ?? "") ? "needs" : "none";
    return uses.repository.startsWith("actions/") || KNOWN_WITHOUT_OIDC.has(uses.action) ? "none" : "may";
  }
  const text = step.run?.text;
  if (text === undefined) return "none";
  if (OIDC_SCRIPT.test(text)) return "needs";
  return MAY_USE_OIDC_SCRIPT.test(text) ? "may" : "none";
}

/** The strongest OIDC use of the job's steps (publishing aside). */
export function oidcUseOfJob(job: Job): OidcUse {
  let use: OidcUse = "none";
  for (const step of runningSteps(job)) {
    const stepUse = oidcUseOfStep(step);
    if (stepUse === "needs") return "needs";
    if (stepUse === "may") use = "may";
  }
  return use;
}
