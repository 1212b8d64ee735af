/**
 * npm (registry.npmjs.org): the npm CLI and the package managers and release tools that publish
 * there (pnpm, Yarn, bun, lerna, changesets), the publishing actions, npm's tokens, and what
 * trusted publishing needs of the job (npm ≥ 11.5.1 on Node ≥ 22.14.0, a GitHub-hosted runner).
 * Sources: each `source` field; npm's trusted-publishing documentation
 * (docs.npmjs.com/trusted-publishers) and actions/setup-node's advanced usage.
 *
 * Not visible to a linter: `publishConfig.registry` in package.json and a project `.npmrc` or
 * `.yarnrc.yml`; a publish hidden in a package script (`pnpm run release`) is not seen either.
 */
import type { Step } from "../workflow/model.js";
import { positional } from "../shell/options.js";
import { programName, unwrapRunners, type Runner } from "../shell/commands.js";
import type {
  CommandPublisher,
  CredentialSource,
  PackageIndex,
  Registry,
  TokenShape,
  TrustedPublishingCandidate,
  TrustedPublishingProblem,
} from "./types.js";

const NPMJS: PackageIndex = {
  id: "npm",
  name: "npm",
  // registry.yarnpkg.com is Yarn Classic's default, a mirror that forwards publishes to npm.
  hosts: ["registry.npmjs.org", "registry.npmjs.com", "registry.yarnpkg.com"],
  trustedPublishing: true,
  // The form is on each package's settings page (npmjs.com/package/<name>/access): no one URL.
  registrationUrl: undefined,
};

const TRUSTED_PUBLISHING_DOCS = "https://docs.npmjs.com/trusted-publishers";

/** The oldest npm CLI that does trusted publishing, and the oldest Node it does it on. */
export const NPM_MINIMUM = "11.5.1";
const NODE_MINIMUM = [22, 14] as const;
const MINIMUM_SOURCE = "https://docs.npmjs.com/trusted-publishers (npm CLI 11.5.1 or later, Node 22.14.0 or later)";

/** Runners that start a package's binary: `npx lerna`, `npm exec -- changeset`, `pnpm changeset`, `yarn dlx`. */
const RUNNERS: readonly Runner[] = [
  { prefix: ["npx"], optionsWithValue: new Set(["-p", "--package", "-c", "--call"]) },
  { prefix: ["npm", "exec"], optionsWithValue: new Set(["-p", "--package", "-c", "--call", "-w", "--workspace"]) },
  { prefix: ["npm", "x"], optionsWithValue: new Set(["-p", "--package", "-c", "--call"]) },
  { prefix: ["pnpm", "exec"], optionsWithValue: new Set(["--filter", "-F", "-C", "--dir"]) },
  { prefix: ["pnpm", "dlx"], optionsWithValue: new Set(["--package", "-C", "--dir"]) },
  { prefix: ["yarn", "dlx"], optionsWithValue: new Set(["-p", "--package"]) },
  { prefix: ["yarn", "exec"], optionsWithValue: new Set() },
  { prefix: ["bunx"], optionsWithValue: new Set(["-p", "--package"]) },
  { prefix: ["bun", "x"], optionsWithValue: new Set(["-p", "--package"]) },
  // `pnpm <bin>` and `yarn <bin>` run a package's binary; their own publish commands stay theirs.
  { prefix: ["pnpm"], optionsWithValue: new Set(["--filter", "-F", "-C", "--dir"]), except: new Set(["publish", "run", "exec", "dlx"]) },
  { prefix: ["yarn"], optionsWithValue: new Set(["--cwd"]), except: new Set(["publish", "npm", "run", "exec", "dlx", "workspace", "workspaces"]) },
];

/** The steps of the job before this one. */
function stepsBefore(step: Step): readonly Step[] {
  return step.job.steps.slice(0, step.job.steps.indexOf(step));
}

const SETUP_NODE = "actions/setup-node";

/** The last `actions/setup-node` step before this one. */
function setupNodeBefore(step: Step): Step | undefined {
  return stepsBefore(step).findLast((other) => other.action === SETUP_NODE);
}

/** `registry-url` of setup-node earlier in the job: npm, pnpm, Yarn Classic, bun and lerna read the `.npmrc` it writes. */
function setupNodeRegistry(step: Step): string | undefined {
  const input = setupNodeBefore(step)?.inputs.get("registry-url");
  if (!input || input.value === undefined) return input && input.pair.value !== null ? "$unknown" : undefined;
  return input.value.trim() === "" ? undefined : input.value;
}

/** An auth line for npmjs.org (`//registry.npmjs.org/:_authToken=…`) or a host-less `_authToken`. */
const NPMJS_AUTH = /(?:^|["'\s])(?:\/\/registry\.npmjs\.(?:org|com)\/:)?_(?:authToken|auth|password)\s*[=\s]/u;
/** Yarn Berry's `yarn config set npmAuthToken …`. */
const YARN_AUTH = /\bnpmAuthToken\b/u;

/**
 * A credential the job stores in npm's configuration before the upload: an `.npmrc` written
 * with an auth line for npmjs.org, `npm|pnpm config set //registry.npmjs.org/:_authToken …`, or
 * Yarn's `npmAuthToken`. Auth lines for other hosts (an install proxy) are not publish credentials.
 */
function npmrcWriter(step: Step): CredentialSource | undefined {
  for (const other of [...stepsBefore(step), step]) {
    const text = other.run?.text;
    if (!text || !text.includes("uth") || !(NPMJS_AUTH.test(text) || YARN_AUTH.test(text))) continue;
    for (const command of other.run!.commandsWhere((line) => line.includes("config") && /uth/u.test(line))) {
      const argv = unwrapRunners(command.argv, RUNNERS);
      const program = argv[0] && programName(argv[0]);
      if ((program === "npm" || program === "pnpm" || program === "yarn") && argv[1] === "config" && argv[2] === "set") {
        const key = argv[3] ?? "";
        if (/^(?:\/\/registry\.npmjs\.(?:org|com)\/:)?_(?:authToken|auth|password)(?:=|$)/u.test(key) || key === "npmAuthToken") {
          return { kind: "tool-config", name: `${program} config set ${key.split("=")[0]}`, step: other, command };
        }
      }
    }
    if (text.includes(".npmrc") && NPMJS_AUTH.test(text)) return { kind: "config-file", name: ".npmrc", step: other };
  }
  return undefined;
}

/** Variables a project `.npmrc` (or setup-node's) reads the token from. */
const NPM_TOKEN_ENV = ["NODE_AUTH_TOKEN", "NPM_TOKEN"];
const NPM_URL_ENV = ["NPM_CONFIG_REGISTRY", "npm_config_registry"];

/** The fields every npm-family publisher shares; each one says what differs. */
const NPM_FAMILY = {
  credentialEnv: NPM_TOKEN_ENV,
  credentialFlags: [],
  usernameEnv: [],
  usernameFlags: [],
  urlEnv: NPM_URL_ENV,
  urlFlags: ["--registry"],
  repositoryEnv: [],
  repositoryFlags: [],
  repositoryNames: {},
  dryRunFlags: ["--dry-run"],
  configuredUrl: setupNodeRegistry,
  storedCredential: npmrcWriter,
} as const;

const COMMAND_PUBLISHERS: readonly CommandPublisher[] = [
  {
    ...NPM_FAMILY,
    tool: "npm",
    program: "npm",
    subcommands: ["publish", "stage publish"],
    trustedPublishing: true,
    minimumVersion: NPM_MINIMUM,
    globalOptionsWithValue: ["-w", "--workspace", "--prefix", "-C"],
    // Provenance is signed with the job's OIDC token: without `id-token: write` npm stops with
    // EUSAGE "Provenance generation in GitHub Actions requires "write" access to the "id-token"
    // permission", token or not. (`publishConfig.provenance` in package.json is not read here.)
    idTokenOptions: {
      flags: ["--provenance"],
      env: ["NPM_CONFIG_PROVENANCE", "npm_config_provenance"],
      source: "https://docs.npmjs.com/generating-provenance-statements; npm/cli@030956b:workspaces/libnpmpublish/lib/publish.js",
    },
    source: "https://docs.npmjs.com/cli/v11/commands/npm-publish; https://docs.npmjs.com/trusted-publishers",
  },
  {
    ...NPM_FAMILY,
    tool: "pnpm",
    program: "pnpm",
    subcommands: ["publish"],
    trustedPublishing: true,
    globalOptionsWithValue: ["--filter", "-F", "-C", "--dir"],
    source: "https://pnpm.io/cli/publish",
  },
  {
    // Yarn Berry (2+): `yarn npm publish`; it reads .yarnrc.yml and YARN_* variables, not .npmrc.
    ...NPM_FAMILY,
    tool: "yarn",
    program: "yarn",
    subcommands: ["npm publish"],
    trustedPublishing: true,
    credentialEnv: ["YARN_NPM_AUTH_TOKEN", ...NPM_TOKEN_ENV],
    urlEnv: ["YARN_NPM_PUBLISH_REGISTRY", "YARN_NPM_REGISTRY_SERVER"],
    urlFlags: [],
    configuredUrl: undefined,
    source: "https://yarnpkg.com/cli/npm/publish; https://yarnpkg.com/configuration/yarnrc#npmAuthToken",
  },
  {
    // Yarn Classic (1.x): `yarn publish`. Its last release, 1.22.22 (2024-03), predates npm's
    // trusted publishing (generally available 2025-07-31): it cannot do it.
    ...NPM_FAMILY,
    tool: "yarn-classic",
    program: "yarn",
    subcommands: ["publish"],
    trustedPublishing: false,
    dryRunFlags: [],
    source:
      "https://classic.yarnpkg.com/en/docs/cli/publish; https://github.com/yarnpkg/yarn/releases/tag/v1.22.22; https://github.blog/changelog/2025-07-31-npm-trusted-publishing-with-oidc-is-generally-available/",
  },
  {
    // bun: whether `bun publish` does trusted publishing is UNVERIFIED, so nothing here claims
    // it can (no trusted-publishing finding) or cannot (no error).
    ...NPM_FAMILY,
    tool: "bun",
    program: "bun",
    subcommands: ["publish"],
    trustedPublishing: false,
    credentialEnv: ["NPM_CONFIG_TOKEN", ...NPM_TOKEN_ENV],
    source: "https://bun.com/docs/cli/publish",
  },
  {
    ...NPM_FAMILY,
    tool: "lerna",
    program: "lerna",
    subcommands: ["publish"],
    trustedPublishing: true,
    dryRunFlags: [],
    source: "https://lerna.js.org/docs/features/version-and-publish; https://github.com/lerna/lerna/tree/main/libs/commands/publish#readme",
  },
  {
    // `changeset publish` runs the package manager's publish for each package.
    ...NPM_FAMILY,
    tool: "changeset",
    program: "changeset",
    subcommands: ["publish"],
    trustedPublishing: true,
    dryRunFlags: [],
    urlFlags: [],
    source: "https://github.com/changesets/changesets/blob/main/packages/cli/README.md#publish",
  },
];

const TOKEN_SHAPES: readonly TokenShape[] = [
  {
    kind: "npm",
    pattern: /(?<![\w-])npm_[A-Za-z\d]{36}(?![\w-])/gu,
    hint: /npm_/u,
    prefix: () => "npm_",
    source: "https://github.blog/changelog/2021-09-23-npm-has-a-new-access-token-format/",
  },
];

const NPM_AUTH_KEY = /(?:^|:)_(?:authToken|auth|password)$/u;

// ---------------------------------------------------------------------------------------------
// What trusted publishing needs of the job

/** `18`, `22.x`, `v20.11.1`, `22.14` → [major, minor | undefined]; `undefined` for `lts/*`, `latest`, expressions. */
function nodeVersion(text: string | undefined): readonly [number, number | undefined] | undefined {
  const match = text && /^v?(\d+)(?:\.(\d+|x))?(?:\.(?:\d+|x))?$/u.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), match[2] === undefined || match[2] === "x" ? undefined : Number(match[2])];
}

/**
 * What an `npm install -g npm@<spec>` in a step up to the publish leaves: `new` (11.5.1 or later,
 * or `latest`), `old` (an explicit older version), `unknown` (a dist-tag, an expression), or
 * `undefined` when no step installs npm.
 */
function npmUpgrade(step: Step): { readonly state: "new" | "old" | "unknown"; readonly step: Step; readonly spec: string } | undefined {
  let found: { state: "new" | "old" | "unknown"; step: Step; spec: string } | undefined;
  for (const other of [...stepsBefore(step), step]) {
    for (const command of other.run?.commandsWhere((line) => line.includes("npm") && /\bnpm(?:@|\s|$)/u.test(line)) ?? []) {
      const argv = command.argv;
      if (programName(argv[0] ?? "") !== "npm" || !["install", "i", "in", "add", "update", "up"].includes(argv[1] ?? "")) continue;
      if (!argv.some((word) => word === "-g" || word === "--global" || word === "--location=global")) continue;
      const spec = argv.slice(2).find((word) => word === "npm" || word.startsWith("npm@"));
      if (spec === undefined) continue;
      found = { state: npmSpecState(spec.slice(4)), step: other, spec };
    }
  }
  return found;
}

/** Whether an npm version spec (`latest`, `^11.5.1`, `11`, `10.9.2`, ``) resolves to 11.5.1 or later. */
function npmSpecState(spec: string): "new" | "old" | "unknown" {
  if (spec === "" || spec === "latest") return "new";
  const match = /^([~^]|>=)?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/u.exec(spec);
  if (!match) return "unknown";
  const [, range, majorText, minorText, patchText] = match;
  const major = Number(majorText);
  const open = (text: string | undefined) => text === undefined || text === "x" || text === "*";
  if (range === ">=") return "unknown";
  if (major > 11) return "new";
  if (major < 11) return "old";
  // 11, 11.x, ^11.y.z: the newest 11.x, which is later than 11.5.1.
  if (range === "^" || open(minorText)) return "new";
  const minor = Number(minorText);
  if (minor !== 5) return minor > 5 ? "new" : "old";
  // 11.5, ~11.5.0, 11.5.x: the newest 11.5.x, which is later than 11.5.1.
  if (range === "~" || open(patchText)) return "new";
  return Number(patchText) >= 1 ? "new" : "old";
}

/**
 * npm's own checks: Yarn Classic cannot do trusted publishing; the npm CLI must be 11.5.1 or later
 * on Node 22.14.0 or later. Only what the workflow states is judged: no setup-node (the runner's
 * own Node), `node-version-file`, `lts/*` or an expression leave the version unknown and the rule silent.
 */
function trustedPublishingProblems(candidate: TrustedPublishingCandidate): TrustedPublishingProblem[] {
  const { step, tool } = candidate;
  if (tool === "yarn-classic") {
    return [{ id: "npm-tool-cannot", problem: "Yarn Classic (`yarn publish`) cannot do it", source: COMMAND_PUBLISHERS.find((publisher) => publisher.tool === tool)!.source }];
  }
  if (tool !== "npm") return [];
  const upgrade = npmUpgrade(step);
  if (upgrade?.state === "old") {
    return [{ id: "npm-too-old", problem: `${upgrade.step.named} installs \`${upgrade.spec}\` (needs npm ${NPM_MINIMUM} or later)`, at: upgrade.step, source: MINIMUM_SOURCE }];
  }
  const setup = setupNodeBefore(step);
  const version = nodeVersion(setup?.inputs.get("node-version")?.value);
  if (!setup || !version) return [];
  const [major, minor] = version;
  if (major < NODE_MINIMUM[0] || (major === NODE_MINIMUM[0] && minor !== undefined && minor < NODE_MINIMUM[1])) {
    return [
      {
        id: "node-too-old",
        problem: `setup-node installs Node ${major} (npm needs Node ${NODE_MINIMUM.join(".")} or later)`,
        at: setup,
        change: { kind: "set-input", step: setup, input: "node-version", value: "24" },
        certain: false,
        remedy: "Set `node-version: 24` (its npm does trusted publishing)",
        source: `${MINIMUM_SOURCE}; https://github.com/actions/setup-node/blob/main/docs/advanced-usage.md`,
      },
    ];
  }
  // Node 22 bundles npm 10 (nodejs.org/dist/index.json); Node 24 comes with an npm that does it.
  if (major === 22 && upgrade === undefined) {
    return [
      {
        id: "npm-too-old",
        problem: `Node 22 from setup-node comes with npm 10 (needs npm ${NPM_MINIMUM} or later)`,
        at: step,
        change: { kind: "insert-step-before", before: step, name: "Update npm for trusted publishing", run: `npm install -g npm@^${NPM_MINIMUM}` },
        certain: true,
        remedy: `Install npm ^${NPM_MINIMUM} before publishing`,
        source: `${MINIMUM_SOURCE}; https://nodejs.org/dist/index.json (Node 22.x ships npm 10.x)`,
      },
    ];
  }
  return [];
}

export const npm: Registry = {
  id: "npm",
  name: "npm",
  indexes: [NPMJS],
  supportsTrustedPublishing: true,
  trustedPublishingDocs: TRUSTED_PUBLISHING_DOCS,
  // https://docs.npmjs.com/trusted-publishers: organization or user, repository, workflow filename, environment.
  registrationFields: ["owner", "repository", "workflow", "environment"],
  // npm advises environments with approvals but names none.
  suggestedEnvironment: undefined,
  environmentAdvice: "https://docs.npmjs.com/trusted-publishers (security recommendations: environments with approvals)",
  requirements: {
    refusedTriggers: [],
    tagPushOnly: false,
    githubHostedOnly: true,
    source: "https://docs.npmjs.com/trusted-publishers (self-hosted runners are not supported)",
  },
  commandPublishers: COMMAND_PUBLISHERS,
  actionPublishers: [
    {
      // v4 publishes by trusted publishing without `token` (UNVERIFIED beyond its README); v1-v3 require it.
      kind: "inputs",
      action: "js-devtools/npm-publish",
      tool: "npm-publish-action",
      displayName: "JS-DevTools/npm-publish",
      trustedPublishing: true,
      credentialInputs: ["token"],
      usernameInputs: [],
      urlInputs: ["registry"],
      defaultIndex: NPMJS.id,
      source: "https://github.com/JS-DevTools/npm-publish/blob/main/action.yml",
    },
    {
      // v1: `publish:` is the command it runs; with NPM_TOKEN set it writes an .npmrc with it.
      kind: "runs-script",
      action: "changesets/action",
      tool: "changesets-action",
      displayName: "changesets/action",
      scriptInputs: ["publish"],
      selfPublishes: false,
      trustedPublishing: true,
      credentialEnv: NPM_TOKEN_ENV,
      source: "https://github.com/changesets/action/blob/main/action.yml; https://github.com/changesets/action#with-publishing",
    },
    {
      // v2's publish sub-action: `script:` if given, else it publishes the packed packages itself.
      kind: "runs-script",
      action: "changesets/action/publish",
      tool: "changesets-publish-action",
      displayName: "changesets/action/publish",
      scriptInputs: ["script"],
      selfPublishes: true,
      trustedPublishing: true,
      credentialEnv: NPM_TOKEN_ENV,
      source: "https://github.com/changesets/action/blob/main/publish/action.yml",
    },
  ],
  reusableWorkflows: [],
  exchangers: [],
  runners: RUNNERS,
  tokenUsername: undefined,
  credentials: {
    kinds: { npm: { label: "an npm token", secret: "NPM_TOKEN" } },
    publisherKind: "npm",
    publishLabel: "an npm token",
    tokenKinds: ["npm"],
    env: [],
    actionInputs: [],
    commands: [
      {
        // `npm config set //registry.npmjs.org/:_authToken <token>` (or `key=value`).
        words: ["npm", "config", "set"],
        options: [],
        kind: "npm",
        argument: (args) => {
          const key = positional(args, 0);
          if (key === undefined) return undefined;
          const word = args[key]!;
          if (word.includes("=")) return NPM_AUTH_KEY.test(word.slice(0, word.indexOf("="))) ? key : undefined;
          return NPM_AUTH_KEY.test(word) ? positional(args, 1) : undefined;
        },
        source: "https://docs.npmjs.com/cli/v11/configuring-npm/npmrc#auth-related-configuration",
      },
    ],
    tokenShapes: TOKEN_SHAPES,
    placeholderWords: ["npmjs", "yarn", "pnpm"],
  },
  migration: {},
  trustedPublishingProblems,
};
