/**
 * crates.io: `cargo publish`, release-plz, crates.io's API tokens, and trusted publishing
 * through `rust-lang/crates-io-auth-action`, whose `token` output feeds `CARGO_REGISTRY_TOKEN`.
 * Sources: each `source` field; crates.io's trusted-publishing page
 * (https://crates.io/docs/trusted-publishing) and its server code (rust-lang/crates.io,
 * src/controllers/trustpub/tokens/exchange/mod.rs).
 */
import type { Step } from "../workflow/model.js";
import { positional } from "../shell/options.js";
import { programName } from "../shell/commands.js";
import type { CommandPublisher, CredentialSource, PackageIndex, Registry, TokenShape } from "./types.js";

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
  for (const other of step.job.steps.slice(0, step.job.steps.indexOf(step) + 1)) {
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
  suggestedEnvironment: "release",
  requirements: {
    refusedTriggers: ["pull_request_target", "workflow_run"],
    tagPushOnly: false,
    githubHostedOnly: false,
    source: "rust-lang/crates.io src/controllers/trustpub/tokens/exchange/mod.rs",
  },
  commandPublishers: [CARGO],
  actionPublishers: [
    {
      // release-plz exchanges an OIDC token itself when no token is given (release_plz_core,
      // `should_use_trusted_publishing`: no token, crates.io, not a dry run, on GitHub Actions).
      kind: "inputs",
      action: "release-plz/action",
      tool: "release-plz",
      displayName: "release-plz/action",
      trustedPublishing: true,
      credentialInputs: [],
      usernameInputs: [],
      urlInputs: [],
      defaultIndex: CRATES_IO.id,
      credentialEnv: ["CARGO_REGISTRY_TOKEN"],
      publishes: (step) => step.inputs.get("command")?.value?.trim() === "release",
      source: "https://github.com/release-plz/release-plz (crates/release_plz_core/src/command/release.rs, trusted_publishing.rs)",
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
