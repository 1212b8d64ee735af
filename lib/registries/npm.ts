/**
 * npm (registry.npmjs.org): the npm CLI and the package managers and release tools that publish
 * there (pnpm, Yarn, bun, lerna, changesets), the publishing actions, npm's tokens, and what
 * trusted publishing needs of the job (npm ≥ 11.5.1 on Node ≥ 22.14.0, a GitHub-hosted runner).
 * Sources: each `source` field; npm's trusted-publishing documentation
 * (docs.npmjs.com/trusted-publishers) and actions/setup-node's advanced usage.
 *
 * Where the linted file has a workspace (lib/workspace), the project's files are read too:
 * `publishConfig.registry` in package.json, `registry=` and `@scope:registry=` lines of `.npmrc`,
 * Yarn's `.yarnrc.yml`, lerna.json, and semantic-release's configuration (`npmPublish: false`, its
 * plugins). A publish hidden in a package script (`pnpm release`) is followed by lib/publishing.
 *
 * Release tools (sources in their entries): semantic-release (the CLI and the
 * cycjimmy/codfish actions; trusted publishing in @semantic-release/npm 13.1.0, 2025-10-19,
 * bundled by semantic-release 25), changesets (`changeset publish`, changesets/action, which
 * writes `NPM_TOKEN` into `~/.npmrc` before running its `publish:` command), covector
 * (jbolda/covector's action, which runs the publish commands of `.changes/config.json`).
 */
import type { CiStep as Step } from "../ci/shape.js";
import { positional } from "../shell/options.js";
import { programName, unwrapRunners, type Runner } from "../shell/commands.js";
import { COVECTOR_PUBLISHER } from "./shared/covector.js";
import type {
  CommandPublisher,
  CredentialSource,
  FlagReader,
  PackageIndex,
  ProjectAnswer,
  ProjectFiles,
  Registry,
  ShellScriptText,
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

const SETUP_NODE = "actions/setup-node";


/** The last `actions/setup-node` step before this one. */
function setupNodeBefore(step: Step): Step | undefined {
  return step.stepsBefore.findLast((other) => other.action === SETUP_NODE);
}

/** `npm config set registry <url>`, `npm set registry <url>` (also pnpm's and Yarn Classic's), `npm config set registry=<url>`. */
const SET_REGISTRY = /\b(?:npm|pnpm|yarn)\s+(?:config\s+)?set\s+(?:--\S+\s+)*(?:registry|@[\w.-]+:registry)\b/u;
/** A `registry=<url>` line written into an `.npmrc` by a script (`echo "registry=…" >> .npmrc`). */
const NPMRC_REGISTRY_LINE = /(?:^|["'\s])(@[\w.-]+:)?registry\s*=\s*["']?(https?:\/\/[^\s"']+)/u;

/**
 * The registry the job configured before the upload, the last that says: setup-node's
 * `registry-url`, `npm config set registry <url>` (and `npm set`, pnpm's, Yarn Classic's), or a
 * `registry=<url>` line a script writes into an `.npmrc`. A scoped registry (`@scope:registry`)
 * counts as `$unknown`: which packages it covers depends on their names.
 */
function configuredRegistry(step: Step): string | undefined {
  let found: string | undefined;
  for (const other of step.stepsThrough) {
    if (other.action === SETUP_NODE) {
      const input = other.inputs.get("registry-url");
      if (input && input.value === undefined && input.pair.value !== null) found = "$unknown";
      else if (input?.value !== undefined && input.value.trim() !== "") found = input.value;
      continue;
    }
    const text = other.run?.text;
    if (text === undefined || !text.includes("registry")) continue;
    for (const command of other.run!.commandsWhere((line) => SET_REGISTRY.test(line))) {
      const argv = unwrapRunners(command.argv, RUNNERS);
      const at = argv.indexOf("set");
      const key = argv.slice(at + 1).find((word) => !word.startsWith("--"));
      if (at === -1 || key === undefined) continue;
      const [name, inline] = key.includes("=") ? [key.slice(0, key.indexOf("=")), key.slice(key.indexOf("=") + 1)] : [key, argv[argv.indexOf(key) + 1]];
      if (name === "registry") found = inline ?? "$unknown";
      else if (/^@[\w.-]+:registry$/u.test(name)) found = "$unknown";
    }
    if (text.includes(".npmrc")) {
      for (const line of other.run!.lines) {
        if (!line.text.includes(".npmrc")) continue;
        const match = NPMRC_REGISTRY_LINE.exec(line.text);
        if (match) found = match[1] ? "$unknown" : match[2];
      }
    }
  }
  return found;
}

/** The path from a project directory back to the repository root (`../../` from `packages/app`). */
function toRoot(files: ProjectFiles): string {
  return files.cwd === "" ? "" : "../".repeat(files.cwd.split("/").length);
}

/** The `registry=` (or, for a scoped package, `@scope:registry=`) of an `.npmrc`'s text; `$unknown` when it reads a variable. */
function npmrcRegistry(text: string, scope: string | undefined): string | undefined {
  let plain: string | undefined;
  let scoped: string | undefined;
  for (const line of text.split(/\r?\n/u)) {
    const match = /^\s*(@[\w.-]+:)?registry\s*=\s*(\S+)\s*$/u.exec(line);
    if (!match) continue;
    const url = match[2]!.replace(/^["']|["']$/gu, "");
    const value = url.includes("${") ? "$unknown" : url;
    if (!match[1]) plain = value;
    else if (scope !== undefined && match[1] === `${scope}:`) scoped = value;
  }
  return scoped ?? plain;
}

/**
 * Where an npm-family tool uploads, as the project's files say: package.json's
 * `publishConfig.registry`, else a scoped or plain `registry` in the project's `.npmrc` (the
 * package's directory, then the repository root). A file that cannot be read says `$unknown`.
 * Source: https://docs.npmjs.com/cli/v11/configuring-npm/package-json#publishconfig;
 * https://docs.npmjs.com/cli/v11/configuring-npm/npmrc (project config file).
 */
function npmProject(files: ProjectFiles): ProjectAnswer {
  const manifest = files.json("package.json");
  if (!manifest.ok && manifest.reason !== "missing") return { url: "$unknown" };
  const pkg = manifest.ok && typeof manifest.value === "object" && manifest.value !== null ? (manifest.value as Record<string, unknown>) : {};
  const publishConfig = typeof pkg.publishConfig === "object" && pkg.publishConfig !== null ? (pkg.publishConfig as Record<string, unknown>) : undefined;
  const answer = publishConfig ? { publishConfig } : {};
  if (typeof publishConfig?.registry === "string") return { ...answer, url: publishConfig.registry };
  const scope = typeof pkg.name === "string" && pkg.name.startsWith("@") ? pkg.name.slice(0, pkg.name.indexOf("/")) : undefined;
  for (const dir of new Set(["", toRoot(files)])) {
    const npmrc = files.text(`${dir}.npmrc`);
    if (!npmrc.ok && npmrc.reason !== "missing") return { ...answer, url: "$unknown" };
    const url = npmrc.ok ? npmrcRegistry(npmrc.value, scope) : undefined;
    if (url !== undefined) return { ...answer, url };
  }
  return answer;
}

/**
 * Yarn Berry reads `.yarnrc.yml` (`npmPublishRegistry`, else `npmRegistryServer`), not `.npmrc`;
 * package.json's `publishConfig.registry` first. Source: https://yarnpkg.com/configuration/yarnrc#npmPublishRegistry.
 */
function yarnProject(files: ProjectFiles): ProjectAnswer {
  const manifest = files.json("package.json");
  const publishConfig = manifest.ok ? ((manifest.value as { publishConfig?: { registry?: unknown } } | null)?.publishConfig ?? undefined) : undefined;
  if (typeof publishConfig?.registry === "string") return { url: publishConfig.registry };
  for (const dir of new Set(["", toRoot(files)])) {
    const yarnrc = files.yaml(`${dir}.yarnrc.yml`);
    if (!yarnrc.ok && yarnrc.reason !== "missing") return { url: "$unknown" };
    const config = yarnrc.ok ? (yarnrc.value as Record<string, unknown> | null) : null;
    const url = config?.npmPublishRegistry ?? config?.npmRegistryServer;
    if (typeof url === "string") return { url: url.includes("${") ? "$unknown" : url };
  }
  return {};
}

/** lerna.json's `command.publish.registry` before the packages' own configuration. Source: https://github.com/lerna/lerna/tree/main/libs/commands/publish#--registry-url. */
function lernaProject(files: ProjectFiles): ProjectAnswer {
  const lerna = files.json("lerna.json");
  const registry = lerna.ok ? (lerna.value as { command?: { publish?: { registry?: unknown } } } | null)?.command?.publish?.registry : undefined;
  return typeof registry === "string" ? { url: registry } : npmProject(files);
}

/** semantic-release's options that take a value (docs/usage/configuration.md). */
const SEMANTIC_RELEASE_OPTIONS_WITH_VALUE = new Set(["-b", "--branches", "-r", "--repository-url", "-t", "--tag-format", "-p", "--plugins", "-e", "--extends"]);

/** How many arguments are neither options nor their values. */
function positionalsOf(args: readonly string[], withValue: ReadonlySet<string>): number {
  let count = 0;
  for (let i = 0; i < args.length; i++) {
    if (args[i]!.startsWith("-")) {
      if (withValue.has(args[i]!)) i++;
    } else count++;
  }
  return count;
}

/** Where semantic-release looks for its configuration, in cosmiconfig's order (package.json first). */
const RELEASE_CONFIGS = [".releaserc", ".releaserc.json", ".releaserc.yaml", ".releaserc.yml", ".releaserc.js", ".releaserc.cjs", ".releaserc.mjs", "release.config.js", "release.config.cjs", "release.config.mjs", "release.config.ts"];
const NPM_PLUGIN = "@semantic-release/npm";

/**
 * What semantic-release's configuration says of npm: @semantic-release/npm publishes unless the
 * plugins leave it out, it is given `npmPublish: false`, or package.json is `private` (its default
 * `npmPublish`); its `pkgRoot` holds the package.json whose `publishConfig` counts. A JavaScript
 * configuration, or a shareable one (`extends`) without `plugins`, cannot be read: `unknown`.
 * Sources: https://github.com/semantic-release/semantic-release/blob/master/docs/usage/configuration.md
 * (configuration files, default plugins, `--plugins`, `--extends`, `--dry-run`);
 * https://github.com/semantic-release/npm#options (npmPublish, pkgRoot; publishConfig.registry wins over .npmrc).
 */
function semanticReleaseProject(files: ProjectFiles, flags: FlagReader): ProjectAnswer {
  const manifest = files.json("package.json");
  if (!manifest.ok) return { publishes: "unknown" };
  const pkg = (typeof manifest.value === "object" && manifest.value !== null ? manifest.value : {}) as Record<string, unknown>;
  let config: unknown = pkg.release;
  if (config === undefined) {
    for (const name of RELEASE_CONFIGS) {
      const read = name.endsWith("js") || name.endsWith(".ts") ? files.text(name) : name === ".releaserc" || name.endsWith(".json") ? files.json(name) : files.yaml(name);
      if (!read.ok && read.reason === "missing") continue;
      // `.releaserc` is JSON or YAML; a script configuration is code we do not run.
      if (!read.ok && name === ".releaserc") {
        const yaml = files.yaml(name);
        if (yaml.ok) config = yaml.value;
        else return { publishes: "unknown" };
      } else if (!read.ok || /\.(?:[cm]?js|ts)$/u.test(name)) return { publishes: "unknown" };
      else config = read.value;
      break;
    }
  }
  const options = (typeof config === "object" && config !== null ? config : {}) as Record<string, unknown>;
  const cliPlugins = flags.value(["--plugins", "-p"]);
  const plugins: unknown = cliPlugins !== undefined ? cliPlugins.split(",").map((name) => name.trim()) : options.plugins;
  if (plugins === undefined && (options.extends !== undefined || flags.has(["--extends", "-e"]))) return { publishes: "unknown" };
  let npmOptions: Record<string, unknown> | undefined = {};
  if (plugins !== undefined) {
    if (!Array.isArray(plugins)) return { publishes: "unknown" };
    npmOptions = undefined;
    for (const plugin of plugins) {
      const [name, pluginOptions] = Array.isArray(plugin) ? [plugin[0], plugin[1]] : [plugin, undefined];
      if (typeof name !== "string") return { publishes: "unknown" };
      if (name === NPM_PLUGIN) npmOptions = typeof pluginOptions === "object" && pluginOptions !== null ? (pluginOptions as Record<string, unknown>) : {};
    }
  }
  if (npmOptions === undefined) return { publishes: false };
  const npmPublish = npmOptions.npmPublish ?? options.npmPublish;
  if (npmPublish === false) return { publishes: false };
  const pkgRoot = typeof npmOptions.pkgRoot === "string" ? npmOptions.pkgRoot : undefined;
  if (npmPublish === undefined && pkgRoot === undefined && pkg.private === true) return { publishes: false };
  if (pkgRoot === undefined) return { publishes: true, ...npmProject(files) };
  if (pkgRoot.includes("$") || pkgRoot.startsWith("/")) return { publishes: "unknown" };
  const root = pkgRoot.split("/").filter(Boolean).join("/");
  return { publishes: true, ...npmProject({ ...files, cwd: `${files.cwd === "" ? "" : `${files.cwd}/`}${root}`, text: (file) => files.text(`${root}/${file}`), json: (file) => files.json(`${root}/${file}`), yaml: (file) => files.yaml(`${root}/${file}`) }) };
}

/** An auth line for npmjs.org (`//registry.npmjs.org/:_authToken=…`) or a host-less `_authToken`. */
const NPMJS_AUTH = /(?:^|["'\s])(?:\/\/registry\.npmjs\.(?:org|com)\/:)?_(?:authToken|auth|password)["']?\s*[=\s]/u;
/** Yarn Berry's `yarn config set npmAuthToken …`. */
const YARN_AUTH = /\bnpmAuthToken\b/u;

/**
 * A credential the job stores in npm's configuration before the upload: an `.npmrc` written
 * with an auth line for npmjs.org, `npm|pnpm config set //registry.npmjs.org/:_authToken …`, or
 * Yarn's `npmAuthToken`. Auth lines for other hosts (an install proxy) are not publish credentials.
 */
function npmrcWriter(step: Step, script?: ShellScriptText): CredentialSource | undefined {
  if (script && script.text.includes(".npmrc") && NPMJS_AUTH.test(script.text)) return { kind: "config-file", name: ".npmrc", step };
  for (const other of step.stepsThrough) {
    const text = other.run?.text;
    if (!text || !text.includes("uth") || !(NPMJS_AUTH.test(text) || YARN_AUTH.test(text))) continue;
    for (const command of other.run!.commandsWhere((line) => line.includes("config") && /uth/u.test(line))) {
      const argv = unwrapRunners(command.argv, RUNNERS);
      const program = argv[0] && programName(argv[0]);
      if ((program === "npm" || program === "pnpm" || program === "pn" || program === "yarn") && argv[1] === "config" && argv[2] === "set") {
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
  configuredUrl: configuredRegistry,
  storedCredential: npmrcWriter,
  project: npmProject,
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
    // permission", token or not. package.json's `publishConfig` is flattened over npm's
    // configuration and the environment, except for options given on the command line.
    // (`provenance=true` in an `.npmrc` is not read: the environment would win over it.)
    idTokenOptions: {
      flags: ["--provenance"],
      publishConfig: ["provenance"],
      env: ["NPM_CONFIG_PROVENANCE", "npm_config_provenance"],
      source:
        "https://docs.npmjs.com/generating-provenance-statements; npm/cli@030956b:workspaces/libnpmpublish/lib/publish.js; npm/cli@011f63d:lib/commands/publish.js (#getManifest: publishConfig flattened into the options, CLI flags kept)",
    },
    source: "https://docs.npmjs.com/cli/v11/commands/npm-publish; https://docs.npmjs.com/trusted-publishers",
  },
  {
    ...NPM_FAMILY,
    tool: "pnpm",
    program: "pnpm",
    // `pn` is pnpm's own short alias (pnpm 10.? installs it beside `pnpm`; https://pnpm.io/installation).
    aliases: ["pn"],
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
    project: yarnProject,
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
    project: lernaProject,
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
  {
    // semantic-release publishes to npm through @semantic-release/npm (a default plugin), which
    // exchanges the OIDC token itself since 13.1.0 (2025-10-19; semantic-release 25 bundles it), so
    // the runner's npm version does not matter; older versions require NPM_TOKEN (ENONPMTOKEN).
    ...NPM_FAMILY,
    tool: "semantic-release",
    program: "semantic-release",
    subcommands: [""],
    trustedPublishing: true,
    minimumVersion: "13.1.0",
    minimumVersionOf: "@semantic-release/npm",
    // NPM_USERNAME/NPM_PASSWORD/NPM_EMAIL: the plugin's legacy authentication.
    usernameEnv: ["NPM_USERNAME"],
    urlFlags: [],
    dryRunFlags: ["--dry-run", "-d"],
    project: semanticReleaseProject,
    // Whether it uploads to npm depends on its plugins and package.json: trusted publishing is
    // claimed only where they are read; a token given to it is reported wherever it is seen.
    trustedPublishingNeedsProject: true,
    // It takes no positional arguments; python-semantic-release's CLI, also `semantic-release`,
    // takes subcommands (`semantic-release publish`, `version`) and publishes to PyPI, not npm.
    publishesWith: (args) => positionalsOf(args, SEMANTIC_RELEASE_OPTIONS_WITH_VALUE) === 0,
    source:
      "https://github.com/semantic-release/npm (README: NPM_TOKEN, npmPublish; lib/trusted-publishing/token-exchange.js); release notes of @semantic-release/npm v13.1.0 (2025-10-19, trusted publishing); https://github.com/semantic-release/semantic-release/blob/master/docs/usage/configuration.md",
  },
];

const TOKEN_SHAPES: readonly TokenShape[] = [
  {
    kind: "npm",
    pattern: /(?<![A-Za-z\d])npm_[A-Za-z\d]{36}(?![A-Za-z\d])/gu,
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
  for (const other of step.stepsThrough) {
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
  // "validation checks the calling workflow's name instead of the workflow that actually contains the publish command".
  calledWorkflowFile: { matches: "caller", source: "https://docs.npmjs.com/trusted-publishers (npm/documentation trusted-publishers.mdx)" },
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
      // v1: `publish:` is the command it runs (in `cwd`); before running it, it writes
      // `//registry.npmjs.org/:_authToken=<NPM_TOKEN>` into ~/.npmrc unless an auth line is there
      // (src/index.ts). A `publish: pnpm release` whose package.json is not at hand is therefore
      // an upload to npm with NPM_TOKEN when the step gives one.
      kind: "runs-script",
      action: "changesets/action",
      tool: "changesets-action",
      displayName: "changesets/action",
      scriptInputs: ["publish"],
      selfPublishes: false,
      trustedPublishing: true,
      credentialEnv: NPM_TOKEN_ENV,
      workingDirectoryInput: "cwd",
      unresolved: "credential-publish",
      source: "https://github.com/changesets/action/blob/main/action.yml; https://github.com/changesets/action/blob/main/src/index.ts (NPM_TOKEN written to ~/.npmrc); https://github.com/changesets/action#with-publishing",
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
    {
      // Runs `semantic-release` (the latest unless `semantic_version` pins one) with the step's env.
      kind: "runs-command",
      action: "cycjimmy/semantic-release-action",
      tool: "semantic-release-action",
      displayName: "cycjimmy/semantic-release-action",
      runs: "semantic-release",
      inputOptions: { dry_run: { option: "--dry-run", when: "true" }, extends: { option: "--extends" } },
      workingDirectoryInput: "working_directory",
      source: "https://github.com/cycjimmy/semantic-release-action (action.yml: semantic_version, dry_run, extends, working_directory; README: NPM_TOKEN in env)",
    },
    {
      kind: "runs-command",
      action: "codfish/semantic-release-action",
      tool: "codfish-semantic-release-action",
      displayName: "codfish/semantic-release-action",
      runs: "semantic-release",
      inputOptions: { dry_run: { option: "--dry-run", when: "true" }, extends: { option: "--extends" }, plugins: { option: "--plugins" } },
      source: "https://github.com/codfish/semantic-release-action/blob/main/action.yml (dry_run, extends, plugins; a Docker action running semantic-release with the step's env)",
    },
    {
      // covector runs the `publish` commands of `.changes/config.json` (`npm publish`, `pnpm
      // publish`, `cargo publish`) for `command: publish` or `version-or-publish`; crates.io has its entry too.
      ...COVECTOR_PUBLISHER,
      tool: "covector-npm",
      trustedPublishing: true,
      credentialEnv: NPM_TOKEN_ENV,
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
  // GitLab CI/CD: `id_tokens: NPM_ID_TOKEN: {aud: "npm:registry.npmjs.org"}`, read by name by
  // npm >= 11.5.1 (lib/utils/oidc.js), on GitLab.com's hosted runners only.
  namedIdTokens: {
    ciSystem: "GitLab CI/CD",
    tokens: [{ index: "npm", variable: "NPM_ID_TOKEN", audience: "npm:registry.npmjs.org", wrongAudiences: ["https://registry.npmjs.org", "registry.npmjs.org", "npm"] }],
    readBy: "client",
    audienceMustBeString: false,
    clients: [{ tool: "npm", minimumVersion: NPM_MINIMUM, source: "https://docs.npmjs.com/trusted-publishers (GitLab CI/CD; npm CLI 11.5.1 or later)" }],
    exchangeEndpoint: /\/-\/npm\/v1\/oidc\/token\/exchange/u,
    registrationFields: ["namespace", "project", "top-level pipeline file", "environment"],
    tokenSingleUse: false,
    oldClientImages: {
      image: /^node:(?:1\d|2[0-2])(?:[.:-]|$)/u,
      upgrade: /\bnpm\s+(?:i|install)\s+(?:-g|--global)\s+npm@/u,
      problem: "its `node` image before 24 ships npm 10 or older, and npm exchanges the token from 11.5.1 (nothing upgrades it)",
      source: "../shared/docs/GITLAB-AND-COMPOSITE.md A3 (Node 22 images ship npm 10.x; QuipNetwork/hashsigs-rs pins npm for that reason)",
    },
    hostedRunnersOnly: true,
    status: "available",
    source: "https://docs.npmjs.com/trusted-publishers (\"GitLab CI/CD Pipelines (GitLab.com shared runners)\")",
  },
  trustedPublishingProblems,
};
