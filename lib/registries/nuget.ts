/**
 * nuget.org: `dotnet nuget push` and `nuget push`, nuget.org API keys, and trusted publishing
 * through `NuGet/login`, whose `NUGET_API_KEY` output (a key valid for an hour) feeds the push.
 * Other feeds (Azure Artifacts, GitHub Packages, MyGet, private feeds) have no trusted
 * publishing. Sources: each `source` field; NuGet's trusted-publishing page
 * (https://learn.microsoft.com/nuget/nuget-org/trusted-publishing).
 *
 * Build tools (NUKE, Cake, FAKE, a repository's `build.sh`/`build.ps1`) push with a key given
 * as one of their own parameters (`--nuget-key`, `--nuget-api-key`, `-NuGetApiKey`): such a
 * command is an upload to nuget.org when it names a NuGet key, unless a source option names
 * another feed. They cannot exchange an OIDC token; NuGet/login's key can be given instead.
 */
import type { CommandPublisher, PackageIndex, Registry, Runner } from "./types.js";

const NUGET_ORG: PackageIndex = {
  id: "nuget-org",
  name: "nuget.org",
  hosts: ["api.nuget.org", "www.nuget.org", "nuget.org"],
  trustedPublishing: true,
  registrationUrl: "https://www.nuget.org/account/trustedpublishing",
};

/** The source name nuget.org has in NuGet's default configuration. */
const SOURCE_NAMES = { "nuget.org": NUGET_ORG.id } as const;

const COMMON = {
  // The push tools cannot exchange an OIDC token themselves: NuGet/login does.
  trustedPublishing: false,
  usernameEnv: [],
  usernameFlags: [],
  urlEnv: [],
  repositoryEnv: [],
  repositoryNames: SOURCE_NAMES,
  dryRunFlags: [],
  // Without `--source`, the push goes to the configured default push source: unknown here.
  targetWithoutFlags: "unknown",
} as const;

const COMMAND_PUBLISHERS: readonly CommandPublisher[] = [
  {
    ...COMMON,
    tool: "dotnet-nuget",
    program: "dotnet",
    subcommands: ["nuget push"],
    credentialEnv: [],
    credentialFlags: ["-k", "--api-key"],
    urlFlags: [],
    // `--source` takes a URL or a source name: both are read as a repository.
    repositoryFlags: ["-s", "--source"],
    source: "https://learn.microsoft.com/dotnet/core/tools/dotnet-nuget-push",
  },
  {
    ...COMMON,
    tool: "nuget",
    program: "nuget",
    subcommands: ["push"],
    credentialEnv: [],
    credentialFlags: ["-apikey"],
    urlFlags: [],
    repositoryFlags: ["-source", "-src"],
    ignoreCase: true,
    source: "https://learn.microsoft.com/nuget/reference/cli-reference/cli-ref-push",
  },
];

/**
 * Build tools that take a NuGet key as a parameter. The parameter is the build script's own
 * (NUKE derives `--nuget-api-key` from a `[Parameter] string NuGetApiKey`; Cake and FAKE scripts
 * read what they are given), so the names are those real build scripts use; options are compared
 * ignoring case. Sources: https://nuke.build/docs/fundamentals/parameters/ (parameter names from
 * members, `--kebab-case`); https://cakebuild.net/docs/running-builds/runners/dotnet-tool
 * (`dotnet cake … --name=value`); build scripts on GitHub passing `--nuget-key`
 * (Tarmil/FSharp.SystemTextJson build.fsx; Partas.Build's `--nuget-key` stage). NUKE also reads a
 * parameter from the environment variable of its name, and the workflows it generates import the
 * secret that way (`env: NuGetApiKey: ${{ secrets.NUGET_API_KEY }}`; https://nuke.build/docs/ci/github-actions/).
 */
const BUILD_TOOL: CommandPublisher = {
  ...COMMON,
  tool: "nuget-build-script",
  program: "nuke",
  aliases: ["build.sh", "build.cmd", "build.ps1", "cake", "dotnet-cake", "fake", "dotnet-fake"],
  subcommands: [""],
  credentialEnv: [/^nuget_?(?:api_?)?key$/iu],
  credentialFlags: ["--nuget-key", "--nuget-api-key", "--nugetkey", "--nugetapikey", "--nuget-apikey", "--nuget_api_key", "--nuget_key", "-NuGetApiKey", "-NuGetKey"],
  // Only a command given a NuGet key is an upload: `./build.sh` alone builds.
  publishesOnlyWithCredential: true,
  urlFlags: [],
  repositoryFlags: ["--nuget-source", "--nuget-feed", "--nuget-url", "--nugetsource", "--source", "-NuGetSource"],
  ignoreCase: true,
  targetWithoutFlags: "first-index",
  source: "https://nuke.build/docs/fundamentals/parameters/; https://cakebuild.net/docs/running-builds/runners/dotnet-tool",
};

/** `dotnet nuke`, `dotnet cake`, `dotnet fake`, `dotnet tool run nuke`: the local tool runs. */
const RUNNERS: readonly Runner[] = [
  { prefix: ["dotnet", "tool", "run"], optionsWithValue: new Set() },
  { prefix: ["dotnet"], optionsWithValue: new Set(), except: new Set(["nuget", "build", "pack", "test", "publish", "restore", "run", "tool", "new", "add", "remove", "list", "clean", "format", "msbuild", "sln", "store", "workload", "sdk"]) },
];

const LOGIN = "nuget/login";

export const nuget: Registry = {
  id: "nuget",
  name: "nuget.org",
  indexes: [NUGET_ORG],
  supportsTrustedPublishing: true,
  trustedPublishingDocs: "https://learn.microsoft.com/nuget/nuget-org/trusted-publishing",
  // The policy: repository owner, repository, workflow file name, optional environment.
  registrationFields: ["owner", "repository", "workflow", "environment"],
  suggestedEnvironment: undefined,
  requirements: {
    refusedTriggers: [],
    tagPushOnly: false,
    githubHostedOnly: false,
    source: "https://learn.microsoft.com/nuget/nuget-org/trusted-publishing (no refused trigger documented)",
  },
  commandPublishers: [...COMMAND_PUBLISHERS, BUILD_TOOL],
  actionPublishers: [],
  reusableWorkflows: [],
  exchangers: [
    {
      action: LOGIN,
      displayName: "NuGet/login",
      tokenOutputs: ["NUGET_API_KEY"],
      configuresJob: false,
      alwaysExchanges: true,
      credentialInputs: [],
      urlInputs: ["token-service-url"],
      source: "https://github.com/NuGet/login (action.yml: inputs user, token-service-url; output NUGET_API_KEY)",
    },
  ],
  runners: RUNNERS,
  tokenUsername: undefined,
  credentials: {
    kinds: {
      nuget: { label: "a NuGet API key", secret: "NUGET_API_KEY" },
    },
    publisherKind: "nuget",
    publishLabel: "a nuget.org API key",
    tokenKinds: ["nuget"],
    env: [
      // The secret name NuGet's own documentation and most workflows use.
      { name: "NUGET_API_KEY", kind: "nuget", source: "https://learn.microsoft.com/nuget/nuget-org/trusted-publishing" },
      { name: "NUGET_AUTH_TOKEN", kind: "nuget", source: "https://github.com/actions/setup-dotnet#setting-up-authentication" },
    ],
    actionInputs: [],
    commands: [],
    // nuget.org keys are said to look like `oy2` and 43 characters, but no NuGet source says so
    // (REGISTRIES.md: UNVERIFIED): no token shape, so never an error on it. Keys in credential
    // positions (`--api-key`, NUGET_API_KEY) are still reported.
    tokenShapes: [],
    // Azure Artifacts ignores the key (its credential provider authenticates) and Microsoft's
    // examples pass a word: `--api-key az`, `--api-key AzureArtifacts`, `--api-key AzureDevOps`, `-ApiKey VSTS`
    // (https://learn.microsoft.com/azure/devops/artifacts/nuget/dotnet-exe).
    placeholderWords: ["nuget", "dotnet", "az", "azure", "artifacts", "devops", "dev", "ops", "vsts", "ado"],
  },
  // GitLab CI/CD: `id_tokens: NUGET_ID_TOKEN: {aud: "https://www.nuget.org"}`, exchanged by the
  // documented script at /api/v2/token for a one-hour API key.
  namedIdTokens: {
    ciSystem: "GitLab CI/CD",
    tokens: [{ index: "nuget-org", variable: "NUGET_ID_TOKEN", audience: "https://www.nuget.org", wrongAudiences: ["nuget.org", "https://nuget.org", "https://api.nuget.org"] }],
    readBy: "script",
    audienceMustBeString: false,
    clients: [],
    exchangeEndpoint: /nuget\.org\/api\/v2\/token/u,
    registrationFields: ["namespace", "project", "environment", "ref"],
    tokenSingleUse: true,
    hostedRunnersOnly: false,
    status: "available",
    source: "https://learn.microsoft.com/nuget/nuget-org/trusted-publishing (\"Gitlab support\")",
  },
  migration: {
    exchange: {
      action: "NuGet/login",
      uses: "NuGet/login@v1",
      stepName: "NuGet login",
      id: "nuget-login",
      output: "NUGET_API_KEY",
      // The nuget.org profile name (not the e-mail), kept in a secret as NuGet's documentation does.
      inputs: [["user", "${{ secrets.NUGET_USER }}"]],
      source: "https://learn.microsoft.com/nuget/nuget-org/trusted-publishing (example workflow)",
    },
  },
};
