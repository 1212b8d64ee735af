/**
 * crates.io: `cargo publish`, the release tools that run it or publish by themselves (release-plz,
 * `cargo workspaces publish`, katyo/publish-crates, covector), crates.io's API tokens, and trusted
 * publishing through `rust-lang/crates-io-auth-action`, whose `token` output feeds `CARGO_REGISTRY_TOKEN`.
 * release-plz exchanges the OIDC token itself since 0.3.146 (2025-09-13); the others run cargo,
 * which cannot, and take the exchanger's token.
 * Sources: each `source` field; crates.io's trusted-publishing page
 * (https://crates.io/docs/trusted-publishing) and its server code (rust-lang/crates.io,
 * src/controllers/trustpub/tokens/exchange/mod.rs).
 */
import type { CiStep as Step } from "../ci/shape.js";
import { positional } from "../shell/options.js";
import { programName } from "../shell/commands.js";
import type { CommandPublisher, CredentialSource, PackageIndex, Registry, TokenShape } from "./types.js";
import { COVECTOR_PUBLISHER } from "./shared/covector.js";

const CRATES_IO: PackageIndex = {
  id: "crates-io",
  name: "crates.io",
  hosts: ["crates.io", "index.crates.io", "static.crates.io"],
  trustedPublishing: true,
  // Trusted publishers are added in each crate's settings: https://crates.io/crates/<name>/settings.
  registrationUrl: "https://crates.io/docs/trusted-publishing",
};

const AUTH_ACTION = "rust-lang/crates-io-auth-action";

/** `cargo login <token>` (or `--token`) run by the job before the upload: cargo stores the token. */
function cargoLogin(step: Step): CredentialSource | undefined {
  for (const other of step.stepsThrough) {
    for (const command of other.run?.commandsWhere((line) => /\bcargo\b/u.test(line) && /\blogin\b/u.test(line)) ?? []) {
      const argv = command.argv;
      if (argv[0] === undefined || programName(argv[0]) !== "cargo") continue;
      const at = argv.indexOf("login");
      // `cargo login` with no token reads it from stdin: a credential all the same.
      if (at > 0 && argv.slice(1, at).every((word) => word.startsWith("+") || word.startsWith("-"))) {
        return { kind: "tool-config", name: "cargo login", step: other, command };
      }
    }
  }
  return undefined;
}

const CARGO: CommandPublisher = {
  tool: "cargo",
  program: "cargo",
  subcommands: ["publish"],
  // cargo cannot exchange an OIDC token itself: rust-lang/crates-io-auth-action does.
  trustedPublishing: false,
  credentialEnv: ["CARGO_REGISTRY_TOKEN"],
  credentialFlags: ["--token"],
  usernameEnv: [],
  usernameFlags: [],
  urlEnv: [],
  urlFlags: ["--index"],
  // `--registry NAME` names a registry of .cargo/config.toml; `crates-io` is crates.io's own name.
  repositoryEnv: ["CARGO_REGISTRY_DEFAULT"],
  repositoryFlags: ["--registry"],
  repositoryNames: { "crates-io": CRATES_IO.id },
  dryRunFlags: ["--dry-run", "-n"],
  storedCredential: cargoLogin,
  source: "https://doc.rust-lang.org/cargo/commands/cargo-publish.html",
};

/** The release-plz CLI: `release-plz release` publishes the workspace's unpublished crates. */
const RELEASE_PLZ: CommandPublisher = {
  tool: "release-plz",
  program: "release-plz",
  subcommands: ["release"],
  // release_plz_core's trusted_publishing.rs: with no token, to crates.io, on GitHub Actions, it
  // exchanges the OIDC token itself (and its docs say not to add crates-io-auth-action).
  trustedPublishing: true,
  minimumVersion: "0.3.146",
  credentialEnv: ["CARGO_REGISTRY_TOKEN"],
  credentialFlags: ["--token"],
  usernameEnv: [],
  usernameFlags: [],
  urlEnv: [],
  urlFlags: [],
  repositoryEnv: [],
  repositoryFlags: ["--registry"],
  repositoryNames: { "crates-io": CRATES_IO.id },
  dryRunFlags: ["--dry-run"],
  storedCredential: cargoLogin,
  source:
    "https://github.com/release-plz/release-plz (CHANGELOG 0.3.146, 2025-09-13: implement trusted publishing; crates/release_plz/src/args/release.rs: --token, --registry, --dry-run; website/docs/github/quickstart.md: trusted publishing without CARGO_REGISTRY_TOKEN)",
};

/** cargo-workspaces: `cargo workspaces publish` (alias `cargo ws`) runs `cargo publish` for each crate. */
const CARGO_WORKSPACES: CommandPublisher = {
  ...CARGO,
  tool: "cargo-workspaces",
  subcommands: ["workspaces publish", "ws publish"],
  urlFlags: [],
  dryRunFlags: ["--dry-run"],
  source: "https://github.com/pksunkara/cargo-workspaces (cargo-workspaces/src/publish.rs: --token, --registry, --dry-run; it runs `cargo publish` with the environment it was given)",
};

const TOKEN_SHAPES: readonly TokenShape[] = [
  {
    // Trusted-publishing tokens (30 minutes): `cio_tp_` and 32 alphanumerics (the last a checksum).
    kind: "crates-io-token",
    pattern: /(?<![A-Za-z\d])cio_tp_[A-Za-z\d]{32}(?![A-Za-z\d])/gu,
    hint: /cio_tp_/u,
    prefix: () => "cio_tp_",
    source: "rust-lang/crates.io crates/crates_io_trustpub/src/access_token.rs",
  },
  {
    // API tokens: `cio` and 32 alphanumerics.
    kind: "crates-io-token",
    pattern: /(?<![A-Za-z\d])cio[A-Za-z\d]{32}(?![A-Za-z\d])/gu,
    hint: /(?<![A-Za-z\d])cio[A-Za-z\d]/u,
    prefix: () => "cio",
    source: "rust-lang/crates.io crates/crates_io_database/src/utils/token.rs (TOKEN_PREFIX, TOKEN_LENGTH)",
  },
];

export const cratesIo: Registry = {
  id: "crates-io",
  name: "crates.io",
  indexes: [CRATES_IO],
  supportsTrustedPublishing: true,
  trustedPublishingDocs: "https://crates.io/docs/trusted-publishing",
  // The crate's Trusted Publishing settings: repository owner, name, workflow filename, environment.
  registrationFields: ["owner", "repository", "workflow", "environment"],
  // The `workflow_ref` claim: the top-level (calling) workflow (REGISTRIES.md).
  calledWorkflowFile: { matches: "caller", source: "rust-lang/crates.io crates/crates_io_trustpub/src/github/claims.rs (workflow_ref)" },
  suggestedEnvironment: "release",
  requirements: {
    refusedTriggers: ["pull_request_target", "workflow_run"],
    tagPushOnly: false,
    githubHostedOnly: false,
    source: "rust-lang/crates.io src/controllers/trustpub/tokens/exchange/mod.rs",
  },
  commandPublishers: [CARGO, RELEASE_PLZ, CARGO_WORKSPACES],
  actionPublishers: [
    {
      // Runs `release-plz release` for `command: release`, and both `release-pr` and `release`
      // without a `command`; `token` becomes `--token`, `registry` `--registry`, and any
      // non-empty `dry_run` (even `false`) `--dry-run` (action.yml's script).
      kind: "runs-command",
      action: "release-plz/action",
      tool: "release-plz-action",
      displayName: "release-plz/action",
      runs: RELEASE_PLZ.tool,
      publishes: (step) => {
        const command = step.inputs.get("command");
        const value = command?.pair.value === null ? "" : command?.value?.trim();
        return command === undefined || value === "" || value === "release";
      },
      credentialInputs: ["token"],
      inputOptions: { registry: { option: "--registry" }, dry_run: { option: "--dry-run", when: "non-empty" } },
      source: "https://github.com/release-plz/action/blob/main/action.yml (command: release-pr, release, or both when unspecified; token, registry, dry_run)",
    },
    {
      // katyo/publish-crates runs `cargo publish` for each unpublished crate, with
      // CARGO_REGISTRY_TOKEN set from `registry-token` (else inherited from the step's env);
      // `dry-run: true` skips the upload; `args` go to `cargo publish`.
      kind: "runs-command",
      action: "katyo/publish-crates",
      tool: "publish-crates-action",
      displayName: "katyo/publish-crates",
      runs: CARGO.tool,
      argsInput: "args",
      credentialInputs: ["registry-token"],
      inputOptions: { "dry-run": { option: "--dry-run", when: "true" } },
      source: "https://github.com/katyo/publish-crates (action.yml: registry-token, dry-run, args; src/main.ts)",
    },
    {
      ...COVECTOR_PUBLISHER,
      tool: "covector-crates-io",
      trustedPublishing: false,
      credentialEnv: ["CARGO_REGISTRY_TOKEN"],
      storedCredential: cargoLogin,
    },
  ],
  reusableWorkflows: [],
  exchangers: [
    {
      action: AUTH_ACTION,
      displayName: AUTH_ACTION,
      tokenOutputs: ["token"],
      configuresJob: false,
      alwaysExchanges: true,
      credentialInputs: [],
      urlInputs: ["url"],
      source: "https://github.com/rust-lang/crates-io-auth-action (action.yml: input url, output token)",
    },
  ],
  runners: [],
  tokenUsername: undefined,
  credentials: {
    kinds: {
      "crates-io-token": { label: "a crates.io token", secret: "CARGO_REGISTRY_TOKEN" },
    },
    publisherKind: "crates-io-token",
    publishLabel: "a crates.io API token",
    tokenKinds: ["crates-io-token"],
    env: [
      { name: /^CARGO_REGISTRIES_[A-Z0-9_]+_TOKEN$/u, kind: "crates-io-token", source: "https://doc.rust-lang.org/cargo/reference/config.html#registriesnametoken" },
    ],
    actionInputs: [],
    commands: [
      { words: ["cargo", "yank"], options: ["--token"], kind: "crates-io-token", source: "https://doc.rust-lang.org/cargo/commands/cargo-yank.html" },
      { words: ["cargo", "owner"], options: ["--token"], kind: "crates-io-token", source: "https://doc.rust-lang.org/cargo/commands/cargo-owner.html" },
      {
        words: ["cargo", "login"],
        options: [],
        kind: "crates-io-token",
        argument: (args) => positional(args, 0),
        source: "https://doc.rust-lang.org/cargo/commands/cargo-login.html",
      },
    ],
    tokenShapes: TOKEN_SHAPES,
    placeholderWords: ["cargo", "crates", "io", "registry"],
  },
  // GitLab CI/CD (public beta): `id_tokens: CRATES_IO_ID_TOKEN: {aud: crates.io}`, exchanged by
  // the documented script at /api/v1/trusted_publishing/tokens; `aud` must be one string.
  namedIdTokens: {
    ciSystem: "GitLab CI/CD",
    tokens: [{ index: "crates-io", variable: "CRATES_IO_ID_TOKEN", audience: "crates.io", wrongAudiences: ["https://crates.io"] }],
    readBy: "script",
    audienceMustBeString: true,
    clients: [],
    exchangeEndpoint: /crates\.io\/api\/v1\/trusted_publishing\/tokens/u,
    registrationFields: ["namespace", "project", "top-level pipeline file", "environment"],
    tokenSingleUse: false,
    hostedRunnersOnly: false,
    status: "beta",
    source: "https://crates.io/docs/trusted-publishing (GitLab CI/CD, public beta); crates_io_trustpub/src/gitlab/claims.rs (test_decode_multi_audience)",
  },
  migration: {
    exchange: {
      action: AUTH_ACTION,
      uses: `${AUTH_ACTION}@v1`,
      stepName: "Authenticate to crates.io",
      id: "crates-io-auth",
      output: "token",
      inputs: [],
      source: "https://crates.io/docs/trusted-publishing (the documented workflow uses rust-lang/crates-io-auth-action@v1)",
    },
  },
};
