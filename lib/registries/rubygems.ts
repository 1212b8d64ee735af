/**
 * RubyGems.org: `gem push` and Bundler's `rake release`, RubyGems API keys, and trusted
 * publishing through `rubygems/release-gem` or `rubygems/configure-rubygems-credentials`, which
 * exchange the job's OIDC token and leave the job configured (GEM_HOST_API_KEY, ~/.gem/credentials).
 * Sources: each `source` field; https://guides.rubygems.org/trusted-publishing/.
 */
import type { CiStep as Step } from "../ci/shape.js";
import type { CommandPublisher, CredentialSource, PackageIndex, Registry, Runner } from "./types.js";

const RUBYGEMS: PackageIndex = {
  id: "rubygems",
  name: "RubyGems.org",
  hosts: ["rubygems.org", "www.rubygems.org"],
  trustedPublishing: true,
  registrationUrl: "https://rubygems.org/profile/oidc/pending_trusted_publishers/new",
};

/** `bundle exec gem push`, `bundle exec rake release`. */
const RUNNERS: readonly Runner[] = [{ prefix: ["bundle", "exec"], optionsWithValue: new Set(["--gemfile"]) }];

/** A `~/.gem/credentials` written by a step of the job up to this one: `gem push` reads it. */
function gemCredentialsWriter(step: Step): CredentialSource | undefined {
  const writer = step.stepsThrough.find((other) => other.run !== undefined && other.run.text.includes(".gem/credentials") && /api_key|GEM_HOST_API_KEY|secrets\./u.test(other.run.text));
  return writer && { kind: "config-file", name: "~/.gem/credentials", step: writer };
}

const GEM_SOURCE = "https://guides.rubygems.org/command-reference/#gem-push";

const COMMAND_PUBLISHERS: readonly CommandPublisher[] = [
  {
    tool: "gem",
    program: "gem",
    subcommands: ["push"],
    // gem cannot exchange an OIDC token itself: configure-rubygems-credentials does.
    trustedPublishing: false,
    credentialEnv: ["GEM_HOST_API_KEY"],
    // `-k NAME` names a key of ~/.gem/credentials, not the key itself.
    credentialFlags: [],
    usernameEnv: [],
    usernameFlags: [],
    urlEnv: ["RUBYGEMS_HOST"],
    urlFlags: ["--host"],
    repositoryEnv: [],
    repositoryFlags: [],
    repositoryNames: {},
    dryRunFlags: [],
    storedCredential: gemCredentialsWriter,
    source: GEM_SOURCE,
  },
  {
    // Bundler's gem tasks: `rake release` builds, tags and runs `gem push` (to the gemspec's allowed_push_host).
    tool: "rake-release",
    program: "rake",
    subcommands: ["release"],
    trustedPublishing: false,
    credentialEnv: ["GEM_HOST_API_KEY", "BUNDLE_GEM__PUSH_KEY"],
    credentialFlags: [],
    usernameEnv: [],
    usernameFlags: [],
    urlEnv: ["RUBYGEMS_HOST"],
    urlFlags: [],
    repositoryEnv: [],
    repositoryFlags: [],
    repositoryNames: {},
    dryRunFlags: [],
    storedCredential: gemCredentialsWriter,
    source: "https://bundler.io/guides/creating_gem.html#releasing-the-gem; https://bundler.io/v2.5/man/bundle-config.1.html (BUNDLE_GEM__PUSH_KEY)",
  },
];

const CONFIGURE_ACTION = "rubygems/configure-rubygems-credentials";
const RELEASE_GEM = "rubygems/release-gem";

export const rubygems: Registry = {
  id: "rubygems",
  name: "RubyGems.org",
  indexes: [RUBYGEMS],
  supportsTrustedPublishing: true,
  trustedPublishingDocs: "https://guides.rubygems.org/trusted-publishing/",
  // The trusted-publisher form: repository owner and name, workflow filename, environment.
  registrationFields: ["owner", "repository", "workflow", "environment"],
  // `job_workflow_ref` (with optional workflow repository fields for another repository's workflow).
  calledWorkflowFile: { matches: "callee", source: "rubygems/guides trusted-publishing.md (Using reusable workflows)" },
  suggestedEnvironment: "release",
  requirements: {
    refusedTriggers: [],
    tagPushOnly: false,
    githubHostedOnly: false,
    source: "https://guides.rubygems.org/trusted-publishing/ (no refused trigger documented)",
  },
  commandPublishers: COMMAND_PUBLISHERS,
  actionPublishers: [
    {
      // Runs configure-rubygems-credentials (unless `setup-trusted-publisher: false`), then `rake release`.
      kind: "inputs",
      action: RELEASE_GEM,
      tool: "release-gem",
      displayName: RELEASE_GEM,
      trustedPublishing: true,
      credentialInputs: [],
      usernameInputs: [],
      urlInputs: [],
      defaultIndex: RUBYGEMS.id,
      credentialEnv: ["GEM_HOST_API_KEY", "BUNDLE_GEM__PUSH_KEY"],
      disablesTrustedPublishing: (step) => step.inputs.get("setup-trusted-publisher")?.value?.trim() === "false",
      source: "https://github.com/rubygems/release-gem/blob/main/action.yml",
    },
  ],
  reusableWorkflows: [],
  exchangers: [
    {
      // Without `api-token` it exchanges the OIDC token and exports GEM_HOST_API_KEY,
      // RUBYGEMS_API_KEY, BUNDLE_GEM__PUSH_KEY and writes ~/.gem/credentials.
      action: CONFIGURE_ACTION,
      displayName: CONFIGURE_ACTION,
      tokenOutputs: [],
      configuresJob: true,
      alwaysExchanges: true,
      credentialInputs: ["api-token"],
      urlInputs: ["gem-server"],
      source: "https://github.com/rubygems/configure-rubygems-credentials (action.yml, src/main.ts)",
    },
  ],
  runners: RUNNERS,
  tokenUsername: undefined,
  credentials: {
    kinds: {
      rubygems: { label: "a RubyGems.org API key", secret: "RUBYGEMS_API_KEY" },
    },
    publisherKind: "rubygems",
    publishLabel: "a RubyGems.org API key",
    tokenKinds: ["rubygems"],
    env: [
      { name: "RUBYGEMS_API_KEY", kind: "rubygems", source: "https://github.com/rubygems/configure-rubygems-credentials#outputs (exported variable)" },
      { name: "BUNDLE_GEM__PUSH_KEY", kind: "rubygems", source: "https://bundler.io/v2.5/man/bundle-config.1.html" },
    ],
    actionInputs: [{ action: CONFIGURE_ACTION, inputs: { "api-token": "rubygems" }, source: "https://github.com/rubygems/configure-rubygems-credentials/blob/main/action.yml" }],
    commands: [],
    tokenShapes: [
      {
        // `rubygems_` and 48 lower-case hex digits (`"rubygems_#{SecureRandom.hex(24)}"`).
        kind: "rubygems",
        pattern: /(?<![A-Za-z\d])rubygems_[\da-f]{48}(?![A-Za-z\d])/gu,
        hint: /rubygems_/u,
        prefix: () => "rubygems_",
        source: "rubygems/rubygems.org app/controllers/concerns/api_keyable.rb; gitleaks rubygems-api-token",
      },
    ],
    placeholderWords: ["rubygems", "gem", "host"],
  },
  migration: {
    exchange: {
      action: CONFIGURE_ACTION,
      // An exact release (no floating `v2` tag is documented); v2.1.0 trusts the publisher when given no inputs.
      uses: `${CONFIGURE_ACTION}@v2.1.0`,
      stepName: "Configure RubyGems.org credentials",
      id: "rubygems-auth",
      output: undefined,
      inputs: [],
      source: "rubygems/configure-rubygems-credentials@abfabee (v2.1.0): action.yml, README.md",
    },
  },
};
