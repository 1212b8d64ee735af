/**
 * pub.dev: `dart pub publish` (and `flutter pub publish`), and trusted publishing either through
 * the reusable workflow `dart-lang/setup-dart/.github/workflows/publish.yml` or through
 * `dart-lang/setup-dart`, which, when the job can mint an OIDC token, hands it to `dart pub` for
 * pub.dev. pub.dev has no API tokens; the long-lived alternative is a copied credentials file.
 * Sources: each `source` field; https://dart.dev/tools/pub/automated-publishing.
 */
import type { CiStep as Step } from "../ci/shape.js";
import type { CommandPublisher, CredentialSource, PackageIndex, Registry, ShellScriptText } from "./types.js";

const PUB_DEV: PackageIndex = {
  id: "pub-dev",
  name: "pub.dev",
  hosts: ["pub.dev", "pub.dartlang.org"],
  trustedPublishing: true,
  // Configured in the package's admin page on pub.dev (Automated publishing).
  registrationUrl: "https://dart.dev/tools/pub/automated-publishing",
};

const CREDENTIALS_FILE = /pub-credentials\.json|(?:dart|pub-cache)\/credentials\.json/u;

/** `pub-credentials.json` (or `credentials.json` under a dart/pub config directory) written by a step of the job, or by the script file the upload is in. */
function credentialsFileWriter(step: Step, script?: ShellScriptText): CredentialSource | undefined {
  if (script && CREDENTIALS_FILE.test(script.text)) return { kind: "config-file", name: "pub-credentials.json", step };
  const writer = step.stepsThrough.find((other) => other.run !== undefined && CREDENTIALS_FILE.test(other.run.text));
  return writer && { kind: "config-file", name: "pub-credentials.json", step: writer };
}

const PUB_SOURCE = "https://dart.dev/tools/pub/cmd/pub-lish";

/** `dart pub publish`, `dart pub lish`; `--dry-run`/`-n` only validates. */
function pubPublisher(tool: string, program: string): CommandPublisher {
  return {
    tool,
    program,
    subcommands: ["pub publish", "pub lish"],
    // pub cannot exchange by itself: setup-dart gives it the OIDC token.
    trustedPublishing: false,
    credentialEnv: [],
    credentialFlags: [],
    usernameEnv: [],
    usernameFlags: [],
    urlEnv: ["PUB_HOSTED_URL"],
    urlFlags: [],
    repositoryEnv: [],
    repositoryFlags: [],
    repositoryNames: {},
    dryRunFlags: ["--dry-run", "-n"],
    storedCredential: credentialsFileWriter,
    source: PUB_SOURCE,
  };
}

export const pubDev: Registry = {
  id: "pub-dev",
  name: "pub.dev",
  indexes: [PUB_DEV],
  supportsTrustedPublishing: true,
  trustedPublishingDocs: "https://dart.dev/tools/pub/automated-publishing",
  // pub.dev asks for the repository and a tag pattern (`v{{version}}`), and optionally an environment.
  registrationFields: ["owner", "repository", "environment"],
  suggestedEnvironment: "pub.dev",
  requirements: {
    refusedTriggers: [],
    tagPushOnly: true,
    githubHostedOnly: false,
    source: "https://dart.dev/tools/pub/automated-publishing (only runs triggered by pushing a tag)",
  },
  commandPublishers: [
    pubPublisher("dart-pub", "dart"),
    pubPublisher("flutter-pub", "flutter"),
    {
      // melos publishes the workspace's packages with `dart pub publish`, as a dry run unless
      // `--no-dry-run` is given; it reads the same credentials as dart pub.
      ...pubPublisher("melos", "melos"),
      subcommands: ["publish"],
      publishesOnlyWith: ["--no-dry-run"],
      dryRunFlags: [],
      source: "https://melos.invertase.dev/commands/publish (--dry-run by default, --no-dry-run to publish)",
    },
  ],
  actionPublishers: [
    {
      // A Docker action that runs `dart pub publish` (or `flutter pub publish`) with a copied
      // pub credentials file (`credentialJson`, or older `accessToken`/`refreshToken`); no OIDC.
      kind: "inputs",
      action: "k-paxian/dart-package-publisher",
      tool: "dart-package-publisher",
      displayName: "k-paxian/dart-package-publisher",
      trustedPublishing: false,
      credentialInputs: ["credentialJson", "accessToken", "refreshToken"],
      usernameInputs: [],
      urlInputs: [],
      defaultIndex: PUB_DEV.id,
      publishes: (step) => step.inputs.get("dryRunOnly")?.value?.trim() !== "true",
      noMigration: "the action runs tests and checks before publishing; moving to dart-lang/setup-dart and `dart pub publish` is a change of the job the user makes",
      source: "https://github.com/k-paxian/dart-package-publisher (action.yml: accessToken, refreshToken, credentialJson, dryRunOnly; a Docker action)",
    },
    {
      kind: "inputs",
      action: "sakebook/actions-flutter-pub-publisher",
      tool: "flutter-pub-publisher",
      displayName: "sakebook/actions-flutter-pub-publisher",
      trustedPublishing: false,
      credentialInputs: ["credential"],
      usernameInputs: [],
      urlInputs: [],
      defaultIndex: PUB_DEV.id,
      publishes: (step) => step.inputs.get("dry_run")?.value?.trim() !== "true",
      noMigration: "the action runs tests before publishing; moving to dart-lang/setup-dart and `dart pub publish` is a change of the job the user makes",
      source: "https://github.com/sakebook/actions-flutter-pub-publisher/blob/master/action.yml (credential; a Docker action)",
    },
  ],
  reusableWorkflows: [
    {
      workflow: "dart-lang/setup-dart/.github/workflows/publish.yml",
      trustedPublishing: true,
      source: "https://dart.dev/tools/pub/automated-publishing (the calling job grants id-token: write)",
    },
  ],
  exchangers: [
    {
      // With ACTIONS_ID_TOKEN_REQUEST_URL it fetches a token for https://pub.dev and runs
      // `dart pub token add https://pub.dev --env-var PUB_TOKEN`; without, it only installs Dart.
      action: "dart-lang/setup-dart",
      displayName: "dart-lang/setup-dart",
      tokenOutputs: [],
      configuresJob: true,
      alwaysExchanges: false,
      credentialInputs: [],
      urlInputs: [],
      source: "dart-lang/setup-dart lib/main.dart (PUB_TOKEN)",
    },
  ],
  runners: [],
  tokenUsername: undefined,
  credentials: {
    kinds: {
      "pub-credentials": { label: "pub.dev credentials", secret: "PUB_CREDENTIALS" },
    },
    publisherKind: "pub-credentials",
    publishLabel: "pub.dev credentials",
    tokenKinds: [],
    env: [{ name: "PUB_CREDENTIALS", kind: "pub-credentials", source: "https://dart.dev/tools/pub/automated-publishing (credentials copied into a secret: community practice)" }],
    actionInputs: [],
    commands: [],
    // pub.dev issues no tokens of its own (the credential is a JWT or a Google key file).
    tokenShapes: [],
    placeholderWords: ["pub", "dart", "flutter"],
  },
  migration: {},
};
