/**
 * JSR: `jsr publish` (through npx, bunx, pnpm dlx, yarn dlx) and `deno publish`. Without
 * `--token` they publish by trusted publishing from GitHub Actions (the package linked to the
 * repository); `--token` passes a long-lived personal access token.
 * Sources: each `source` field; https://jsr.io/docs/publishing-packages.
 */
import type { CommandPublisher, PackageIndex, Registry, Runner } from "./types.js";

const JSR: PackageIndex = {
  id: "jsr",
  name: "JSR",
  hosts: ["jsr.io", "api.jsr.io"],
  trustedPublishing: true,
  // Linked in the package's settings on jsr.io.
  registrationUrl: "https://jsr.io/docs/publishing-packages#publishing-from-github-actions",
};

/** `npx jsr`, `bunx jsr`, `pnpm dlx jsr`, `yarn dlx jsr` (and `npx -y jsr`). */
const RUNNERS: readonly Runner[] = [
  { prefix: ["npx"], optionsWithValue: new Set(["-p", "--package", "-c", "--call"]) },
  { prefix: ["bunx"], optionsWithValue: new Set(["-p", "--package"]) },
  { prefix: ["pnpm", "dlx"], optionsWithValue: new Set(["--package"]) },
  { prefix: ["pnpx"], optionsWithValue: new Set(["--package"]) },
  { prefix: ["yarn", "dlx"], optionsWithValue: new Set(["-p", "--package"]) },
];

const SOURCE = "https://jsr.io/docs/publishing-packages";

function jsrPublisher(tool: string, program: string): CommandPublisher {
  return {
    tool,
    program,
    subcommands: ["publish"],
    trustedPublishing: true,
    credentialEnv: [],
    credentialFlags: ["--token"],
    usernameEnv: [],
    usernameFlags: [],
    urlEnv: ["JSR_URL"],
    urlFlags: [],
    repositoryEnv: [],
    repositoryFlags: [],
    repositoryNames: {},
    dryRunFlags: ["--dry-run"],
    source: SOURCE,
  };
}

export const jsr: Registry = {
  id: "jsr",
  name: "JSR",
  indexes: [JSR],
  supportsTrustedPublishing: true,
  trustedPublishingDocs: "https://jsr.io/docs/publishing-packages#publishing-from-github-actions",
  // JSR asks only that the package be linked to the repository.
  registrationFields: ["owner", "repository"],
  suggestedEnvironment: undefined,
  requirements: {
    refusedTriggers: [],
    tagPushOnly: false,
    githubHostedOnly: false,
    source: "https://jsr.io/docs/publishing-packages (no refused trigger documented)",
  },
  commandPublishers: [jsrPublisher("jsr", "jsr"), jsrPublisher("deno", "deno")],
  actionPublishers: [],
  reusableWorkflows: [],
  exchangers: [],
  runners: RUNNERS,
  tokenUsername: undefined,
  credentials: {
    kinds: {
      jsr: { label: "a JSR token", secret: "JSR_TOKEN" },
    },
    publisherKind: "jsr",
    publishLabel: "a JSR access token",
    tokenKinds: ["jsr"],
    env: [{ name: "JSR_TOKEN", kind: "jsr", source: SOURCE }],
    actionInputs: [],
    commands: [],
    tokenShapes: [
      {
        // `jsrw_` (web), `jsrd_` (device flow), `jsrp_` (personal): 29 base62 and a 6-character CRC32.
        kind: "jsr",
        pattern: /(?<![A-Za-z\d])jsr[dpw]_[\dA-Za-z]{35}(?![A-Za-z\d])/gu,
        hint: /jsr[dpw]_/u,
        prefix: (token) => token.slice(0, 5),
        source: "jsr-io/jsr crates/jsr_types/src/models.rs (TokenType::prefix); api/src/token.rs",
      },
    ],
    placeholderWords: ["jsr", "deno"],
  },
  migration: {},
};
