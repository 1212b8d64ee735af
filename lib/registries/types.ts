/**
 * What the plugin knows about one package registry, as data (and a few small functions where a
 * fact is a rule rather than a value). One module per registry (`lib/registries/<id>.ts`) exports
 * a `Registry`; `lib/registries/index.ts` lists them. Everything registry-specific lives there:
 * lib/publishing reads these facts and stays registry-agnostic, and no rule names a registry.
 *
 * Every fact carries its source (a `source` field or a comment); a fact marked UNVERIFIED in
 * the registry notes may inform a suggestion or silence, never an error.
 *
 * Layering: this module may import types from lib/workflow and lib/shell, never lib/publishing.
 */
import type { CiEnvVar as EnvVar, CiInput as Input, CiStep as Step } from "../ci/shape.js";
import type { WorkflowChange } from "../ci/github/edits.js";
import type { OptionUse } from "../shell/options.js";
import type { ShellCommand } from "../shell/script.js";
import type { Runner } from "../shell/commands.js";
import type { FileRead } from "../workspace/index.js";

export type { Runner } from "../shell/commands.js";
export type { WorkflowChange } from "../ci/github/edits.js";

/** A name of an environment variable, or a pattern of names (`CARGO_REGISTRIES_<NAME>_TOKEN`). */
export type EnvName = string | RegExp;

// ---------------------------------------------------------------------------------------------
// Identity

/** One index a registry runs (a registry may run a test index beside its main one). */
export interface PackageIndex {
  /** Stable id, used as `Publish.target` (never `custom` or `unknown`, which mean "not one of ours"). */
  readonly id: string;
  /** How messages name it: "npm", "crates.io". */
  readonly name: string;
  /** Upload or API hosts (lower-case) whose URLs mean this index; other hosts are `custom`. */
  readonly hosts: readonly string[];
  /** Whether it accepts trusted publishing from GitHub Actions. */
  readonly trustedPublishing: boolean;
  /** Where a trusted publisher is registered for it (a page of the index's own site). */
  readonly registrationUrl: string | undefined;
  /** The GitHub environment name suggested for publishing to this index, where it differs from the registry's (`testpypi`). */
  readonly suggestedEnvironment?: string;
}

/** A field of the registry's trusted-publisher form that the workflow can fill in. */
export type RegistrationField = GithubRegistrationField | NamedTokenRegistrationField;

/** A field of a registry's trusted-publisher form for GitHub Actions. */
export type GithubRegistrationField = "owner" | "repository" | "workflow" | "environment";

/** A field of a registry's trusted-publisher form for a CI system with named tokens (GitLab CI/CD). */
export type NamedTokenRegistrationField = "namespace" | "project" | "top-level pipeline file" | "ref";

// ---------------------------------------------------------------------------------------------
// Recognising a publish

/** The options of one command, read with the shared option reader (lib/shell/options.ts). */
export interface FlagReader {
  value(names: readonly string[]): string | undefined;
  has(names: readonly string[]): boolean;
  uses(names: readonly string[]): readonly OptionUse[];
}

/** Where a long-lived credential reaches an upload from. */
export type CredentialSource =
  | { readonly kind: "env"; readonly name: string; readonly variable: EnvVar }
  /** An input of the publishing step, or of `step` when an earlier step of the job took the credential (`api-token`). */
  | { readonly kind: "input"; readonly name: string; readonly input: Input; readonly step?: Step }
  /** A command-line option; `file` when the command is in a file the step runs (a package script, a script file), not in the workflow. */
  | { readonly kind: "flag"; readonly name: string; readonly value: string; readonly file?: string }
  | { readonly kind: "script-variable"; readonly name: string; readonly value: string; readonly file?: string }
  /** A username that means password authentication (not the registry's `tokenUsername`). */
  | { readonly kind: "username"; readonly name: string }
  /** A token stored in the tool's own configuration by a command of the job (`cargo login <token>`). */
  | { readonly kind: "tool-config"; readonly name: string; readonly step: Step; readonly command: ShellCommand }
  /** A credentials file (`.npmrc`) with a secret in it, written by a step of the job. */
  | { readonly kind: "config-file"; readonly name: string; readonly step: Step };

/**
 * A command-line tool that publishes: `npm publish`, `cargo publish`, `gem push`.
 * A command counts as a publish unless one of `dryRunFlags` is given.
 */
export interface CommandPublisher {
  /** How messages and `Publish.tool` name it: `npm`, `cargo`. Unique across registries. */
  readonly tool: string;
  /**
   * The program and its publishing subcommands, each one or more words after the program's global
   * options: `npm` with `publish`, `dotnet` with `nuget push`; `""` when the program alone
   * publishes (`semantic-release`).
   */
  readonly program: string;
  readonly subcommands: readonly string[];
  /** Other names of the program (`pn` for pnpm). */
  readonly aliases?: readonly string[];
  /**
   * The command publishes only when one of these options is given (`melos publish --no-dry-run`;
   * a build script given a NuGet key); without, it is no publish.
   */
  readonly publishesOnlyWith?: readonly string[];
  /** The command publishes only when a credential is given to it (an option, a variable of its step or script): a build script given a NuGet key. */
  readonly publishesOnlyWithCredential?: boolean;
  /** Whether these arguments make a publish at all, beyond dry runs (`semantic-release version` is another tool's). */
  readonly publishesWith?: (args: readonly string[]) => boolean;
  /**
   * Trusted publishing is claimed only when the project's files confirm the publish (`project`
   * answers `publishes: true`): a tool whose configuration decides whether it uploads to this
   * registry at all (semantic-release without @semantic-release/npm uploads nothing to npm).
   * Without that, a publish with no credential in sight is `unknown`.
   */
  readonly trustedPublishingNeedsProject?: boolean;
  /**
   * What the project's own files say about the publish, read through the workspace from the
   * directory the command runs in: whether it publishes at all (semantic-release's `npmPublish`,
   * its plugins) and the registry URL its configuration names (`publishConfig.registry`, `.npmrc`).
   * Only asked when the linted file has a workspace; nothing read means nothing changes.
   */
  readonly project?: (files: ProjectFiles, flags: FlagReader) => ProjectAnswer;
  /** Why the migration leaves this tool alone, when it must (a tool whose configuration decides the upload). */
  readonly noMigration?: string;
  /** True when the tool can exchange a GitHub OIDC token with the registry itself. */
  readonly trustedPublishing: boolean;
  /** The oldest release that does trusted publishing ("6.1"), when there is one to name. */
  readonly minimumVersion?: string;
  /** The package `minimumVersion` is a release of, when not the tool itself (semantic-release's `@semantic-release/npm`). */
  readonly minimumVersionOf?: string;
  readonly credentialEnv: readonly EnvName[];
  readonly credentialFlags: readonly string[];
  /** A username other than the registry's `tokenUsername` means password authentication. */
  readonly usernameEnv: readonly string[];
  readonly usernameFlags: readonly string[];
  /** Where it uploads: a URL (classified by the indexes' hosts) … */
  readonly urlEnv: readonly string[];
  readonly urlFlags: readonly string[];
  /** … or a named repository (`--registry my-registry`), mapped to an index id by `repositoryNames`. */
  readonly repositoryEnv: readonly string[];
  readonly repositoryFlags: readonly string[];
  readonly repositoryNames: Readonly<Record<string, string>>;
  readonly dryRunFlags: readonly string[];
  /**
   * Options before the subcommand that take a value (`pnpm --filter app publish`,
   * `npm -w app publish`), so that the value is not read as the subcommand.
   */
  readonly globalOptionsWithValue?: readonly string[];
  /**
   * Where the tool uploads when no flag or variable says, as an earlier step of the job
   * configured it (`actions/setup-node`'s `registry-url`): a URL, classified like `urlFlags`.
   */
  readonly configuredUrl?: (step: Step) => string | undefined;
  /** Flags that turn trusted publishing off (`uv publish --trusted-publishing never`): authentication is then unknown. */
  readonly disablesTrustedPublishing?: (flags: FlagReader) => boolean;
  /**
   * What makes the tool itself ask the job for an OIDC token, whatever it authenticates with
   * (npm's `--provenance` signs a provenance statement with it), so that it fails without
   * `id-token: write`: flags (`--provenance`, not `--provenance=false`), keys of package.json's
   * `publishConfig` (read through `project`) and variables set to `true`, in that order of
   * precedence. Only facts with a source: an error rests on it.
   */
  readonly idTokenOptions?: { readonly flags: readonly string[]; readonly publishConfig?: readonly string[]; readonly env: readonly string[]; readonly source: string };
  /**
   * Where it uploads without a URL or repository flag: the registry's first index (the default),
   * or `unknown` when the tool's own configuration decides (`dotnet nuget push` without `--source`).
   */
  readonly targetWithoutFlags?: "first-index" | "unknown";
  /** Options compared ignoring case (nuget.exe's `-ApiKey`, `-Source`). */
  readonly ignoreCase?: boolean;
  /**
   * A credential the tool reads from its own configuration, written earlier in the job (a
   * credentials file, a token stored by a login command). Asked only when no flag or variable gave one.
   */
  readonly storedCredential?: (step: Step, script?: ShellScriptText) => CredentialSource | undefined;
  readonly source: string;
}

/** The text of the script a command is in, when it is not the step's own (a followed script file or package script). */
export interface ShellScriptText {
  readonly text: string;
}

/** A project's files, as a publisher's `project` reads them: paths relative to the directory the command runs in. */
export interface ProjectFiles {
  /** That directory, relative to the repository root (`""` for the root). */
  readonly cwd: string;
  text(file: string): FileRead<string>;
  json(file: string): FileRead<unknown>;
  yaml(file: string): FileRead<unknown>;
}

/** What a project's configuration says about a publish. */
export interface ProjectAnswer {
  /** `false`: the configuration turns the publish off; `"unknown"`: it cannot be read (a JavaScript config); absent: nothing to say. */
  readonly publishes?: boolean | "unknown";
  /** The registry URL it names (`"$unknown"` when it cannot be read); absent: none. */
  readonly url?: string;
  /**
   * package.json's `publishConfig` where the command's package has one: npm applies it over its
   * configuration and the environment, under the command line (`idTokenOptions.publishConfig`).
   */
  readonly publishConfig?: Readonly<Record<string, unknown>>;
}

/** A publishing action that takes its credential as inputs (`JS-DevTools/npm-publish`'s `token`). */
export interface ActionPublisher {
  readonly kind: "inputs";
  /** `owner/repo[/path]`, lower-case as `step.action` gives it. */
  readonly action: string;
  readonly tool: string;
  /** How the migration names it, as its owner spells it ("JS-DevTools/npm-publish"). */
  readonly displayName: string;
  readonly trustedPublishing: boolean;
  /** Inputs that carry a long-lived credential; any one given (not empty) means `credential`. */
  readonly credentialInputs: readonly string[];
  /** Inputs that carry a username; another value than `tokenUsername` means password authentication. */
  readonly usernameInputs: readonly string[];
  /** Inputs that carry the upload URL; none (or an empty one) means `defaultIndex`. */
  readonly urlInputs: readonly string[];
  readonly defaultIndex: string;
  /** Variables (step, job or workflow `env`) the action reads a long-lived credential from (`NPM_TOKEN`, `CARGO_REGISTRY_TOKEN`). */
  readonly credentialEnv?: readonly EnvName[];
  /** Whether the step publishes at all (`release-plz/action` only with `command: release`); always when absent. */
  readonly publishes?: (step: Step) => boolean;
  /** Inputs that turn its trusted publishing off (`setup-trusted-publisher: false`): authentication is then unknown. */
  readonly disablesTrustedPublishing?: (step: Step) => boolean;
  /** The oldest release that does trusted publishing, when there is one to name. */
  readonly minimumVersion?: string;
  readonly noMigration?: string;
  /**
   * The first release of the action that does trusted publishing (`v1.8.0`): an older release
   * given no credential cannot publish. With `upgrade`, the ref a suggestion moves the step to
   * (one the action's own documentation recommends). Only a fact with a source: an error rests on it.
   */
  readonly trustedPublishingSince?: { readonly version: string; readonly upgrade?: string; readonly source: string };
  readonly source: string;
}

/**
 * An action whose input is a command line it runs (`changesets/action`'s `publish:`): the
 * publishing commands in it are recognised as if they were a `run:` script of the step. Without
 * that input the action publishes by itself when `selfPublishes` (as an `inputs` publisher with
 * no credential inputs), or not at all.
 */
export interface ScriptActionPublisher {
  readonly kind: "runs-script";
  readonly action: string;
  readonly tool: string;
  readonly displayName: string;
  readonly scriptInputs: readonly string[];
  readonly selfPublishes: boolean;
  readonly trustedPublishing: boolean;
  /** Environment variables the action reads a long-lived credential from (`NPM_TOKEN`). */
  readonly credentialEnv: readonly EnvName[];
  /**
   * The commands the action runs from the project's configuration instead of an input (covector's
   * `.changes/config.json`), as command lines; `"unknown"` when the configuration cannot be read.
   */
  readonly projectScripts?: (files: ProjectFiles) => readonly string[] | "unknown";
  /** Whether the step runs its publishing at all (covector's `command: publish`); always when absent. */
  readonly publishes?: (step: Step) => boolean;
  /** The input naming the directory it runs in (`cwd`). */
  readonly workingDirectoryInput?: string;
  /**
   * What the step is when its commands cannot be followed (a `publish: pnpm release` whose
   * package.json is not at hand): `"credential-publish"`, an upload to the registry's first index
   * with the credential the action reads from `credentialEnv` (or `storedCredential`), reported
   * only when that credential is there (changesets/action writes `NPM_TOKEN` into `.npmrc`);
   * without it, nothing is claimed.
   */
  readonly unresolved?: "credential-publish";
  /** A credential stored earlier in the job that the action's commands use (`cargo login`). */
  readonly storedCredential?: (step: Step) => CredentialSource | undefined;
  readonly noMigration?: string;
  readonly source: string;
}

/**
 * An action that runs one of the registry's command publishers (`PyO3/maturin-action` with
 * `command: upload`, the semantic-release actions, `release-plz/action`, `katyo/publish-crates`):
 * judged as that command with the options its inputs stand for, in the step's environment.
 */
export interface CommandActionPublisher {
  readonly kind: "runs-command";
  readonly action: string;
  readonly tool: string;
  readonly displayName: string;
  /** The `tool` of the command publisher it runs. */
  readonly runs: string;
  /** The input holding the subcommand (`command: upload`); without one the action runs the publisher's first subcommand. */
  readonly commandInput?: string;
  /** The input holding further arguments. */
  readonly argsInput?: string;
  /** Whether the step publishes at all (`release-plz/action` without `command`, or with `command: release`); always when absent. */
  readonly publishes?: (step: Step) => boolean;
  /**
   * Inputs that stand for options: a value input (`registry` → `--registry <value>`), or a switch,
   * given when the input is `true` (`when: "true"`) or any non-empty text (`when: "non-empty"`:
   * release-plz/action adds `--dry-run` for `dry_run: false` too).
   */
  readonly inputOptions?: Readonly<Record<string, { readonly option: string; readonly when?: "true" | "non-empty" }>>;
  /** Inputs that carry a long-lived credential the action hands to the command (`registry-token`). */
  readonly credentialInputs?: readonly string[];
  /** The input naming the directory it runs in (`working_directory`). */
  readonly workingDirectoryInput?: string;
  readonly noMigration?: string;
  readonly source: string;
}

export type AnyActionPublisher = ActionPublisher | CommandActionPublisher | ScriptActionPublisher;

/**
 * A step that turns the job's OIDC token into a short-lived registry token
 * (`rust-lang/crates-io-auth-action`, `NuGet/login`). A credential fed from one of its outputs
 * (`${{ steps.auth.outputs.token }}`) is trusted publishing, not a long-lived token; an exchanger
 * that `configuresJob` (`rubygems/configure-rubygems-credentials`, `dart-lang/setup-dart`) makes
 * the registry's publishers later in the job authenticate by trusted publishing with no credential
 * in sight. Its publishers' `trustedPublishing` stays false: they cannot exchange by themselves.
 */
export interface Exchanger {
  /** `owner/repo[/path]`, lower-case as `step.action` gives it. */
  readonly action: string;
  /** How messages name it, as its owner spells it. */
  readonly displayName: string;
  /** The outputs that carry the short-lived token (compared ignoring case, as GitHub does). */
  readonly tokenOutputs: readonly string[];
  /** Whether it leaves the job configured (exported variables, a credentials file) rather than only giving an output. */
  readonly configuresJob: boolean;
  /**
   * Whether the step exists only to exchange (and fails without `id-token: write`). False for a
   * setup action that exchanges only when the job can (`dart-lang/setup-dart`).
   */
  readonly alwaysExchanges: boolean;
  /** Inputs that give it a long-lived credential instead (`api-token`): the step is then no exchange. */
  readonly credentialInputs: readonly string[];
  /** Inputs holding the registry URL it exchanges with; none (or empty) means the registry's first index. */
  readonly urlInputs: readonly string[];
  readonly source: string;
}

/** A reusable workflow that publishes (pub.dev's `dart-lang/setup-dart/.github/workflows/publish.yml`). */
export interface ReusablePublishWorkflow {
  /** `owner/repo/.github/workflows/file.yml`, lower-case, without `@ref`. */
  readonly workflow: string;
  /** Whether it publishes by trusted publishing, so that the calling job must grant `id-token: write`. */
  readonly trustedPublishing: boolean;
  readonly source: string;
}

// ---------------------------------------------------------------------------------------------
// Credentials

/** How a message names a kind of credential, and the secret name a suggestion proposes. */
export interface KindInfo {
  /** "an npm token". */
  readonly label: string;
  /** The secret name a suggestion proposes (a guess, hence a suggestion). */
  readonly secret: string;
}

export interface CredentialEnv {
  readonly name: EnvName;
  readonly kind: string;
  readonly source: string;
}

/** Inputs of an action that take a secret. */
export interface ActionSecretInputs {
  /** `owner/repo[/path]`, lower-cased as the model gives `step.action`. */
  readonly action: string;
  /** Input name → credential kind. Input names are compared ignoring case (GitHub upper-cases them). */
  readonly inputs: Readonly<Record<string, string>>;
  readonly source: string;
}

/**
 * A command that takes a credential on its command line. `words` are the program and its
 * subcommands; `options` the options whose value is the credential; `argument`, for commands that
 * take it as a positional argument, picks it from the arguments after `words`.
 */
export interface CredentialCommand {
  readonly words: readonly string[];
  readonly options: readonly string[];
  readonly kind: string;
  /** Options compared ignoring case (nuget.exe's `-ApiKey`). */
  readonly ignoreCase?: boolean;
  readonly argument?: (args: readonly string[]) => number | undefined;
  readonly source: string;
}

export interface TokenShape {
  readonly kind: string;
  /**
   * Finds the tokens in a text: global, linear, bounded by anything but a letter or digit
   * (`(?<![A-Za-z\d])…(?![A-Za-z\d])`), so that a token inside an identifier (`release-npm_…`,
   * after `-`, `_` or `.`) is found.
   */
  readonly pattern: RegExp;
  /**
   * Text every token of this shape contains (its prefix, or the prefix and what every token has
   * after it where the prefix alone is common words): a cheap test before `pattern`.
   */
  readonly hint: RegExp;
  /** The public part of a token a message may show (`npm_`, `ghp_`): never more. */
  readonly prefix: (token: string) => string;
  /** The kind, refined by the token's text (a token whose body names a test index). */
  readonly refine?: (token: string) => string;
  readonly source: string;
}

/** What a registry adds to the credential knowledge of lib/publishing/credentials.ts. */
export interface RegistryCredentials {
  /** Its kinds of credential, by kind id (unique across registries). */
  readonly kinds: Readonly<Record<string, KindInfo>>;
  /** The kind of what its publishers' credential variables, flags and inputs carry. */
  readonly publisherKind: string;
  /** How a message names a credential of `publisherKind` that reaches an upload to one of its trusted-publishing indexes. */
  readonly publishLabel: string;
  /** Kinds that are its own tokens (by their shape), which trusted publishing replaces. */
  readonly tokenKinds: readonly string[];
  /** Variables that carry a credential, beyond its publishers' `credentialEnv`. */
  readonly env: readonly CredentialEnv[];
  /** Action inputs that carry a credential, beyond its action publishers' `credentialInputs`. */
  readonly actionInputs: readonly ActionSecretInputs[];
  /** Commands (other than its publishers) that take a credential on the command line. */
  readonly commands: readonly CredentialCommand[];
  readonly tokenShapes: readonly TokenShape[];
  /** Words that, alone or with other placeholder words, make a value a placeholder (`npm` in `your-npm-token`). */
  readonly placeholderWords: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Trusted publishing

/** Conditions under which the registry refuses (or cannot do) trusted publishing. */
export interface TrustedPublishingRequirements {
  /** Triggers whose runs the registry refuses to exchange a token for (no-untrusted-publish-trigger names them). */
  readonly refusedTriggers: readonly string[];
  /** Only runs triggered by a tag push are accepted (pub.dev). */
  readonly tagPushOnly: boolean;
  /**
   * Self-hosted runners cannot do it (npm). Read by valid-trusted-publishing: a job whose
   * `runs-on` names the `self-hosted` label is a problem.
   */
  readonly githubHostedOnly: boolean;
  readonly source: string;
}

/**
 * One publish that relies on trusted publishing, as a registry's `trustedPublishingProblems`
 * sees it: enough to judge the tool, its version and the job it runs in.
 */
export interface TrustedPublishingCandidate {
  readonly step: Step;
  /** The publisher's `tool`. */
  readonly tool: string;
  /** Whether the tool can do trusted publishing at all. */
  readonly toolSupportsTrustedPublishing: boolean;
  /** For `run:` steps: the command that uploads. */
  readonly command: ShellCommand | undefined;
}

/**
 * Something in the job that makes trusted publishing fail, found by a registry's check.
 * valid-trusted-publishing reports `problem` at `at`; a `change` is offered as an autofix when
 * `certain`, else as a suggestion titled `remedy`. Only facts with a source make a problem (an
 * UNVERIFIED fact never does: the rule reports errors).
 */
export interface TrustedPublishingProblem {
  /** A stable id (tests, de-duplication within a job): `npm-too-old`. */
  readonly id: string;
  /** What fails and why, as a clause after "… but": "setup-node's Node 22 comes with npm older than 11.5.1". No secret, no link. */
  readonly problem: string;
  /** The step whose content causes it (the report's location); the publishing step when undefined. */
  readonly at?: Step;
  readonly change?: WorkflowChange;
  /** Whether `change` is certain to be right (an autofix) rather than one choice among several (a suggestion). */
  readonly certain?: boolean;
  /** The suggestion's title for `change`, one short line. */
  readonly remedy?: string;
  readonly source: string;
}

/** How a token-based publish becomes trusted publishing, as far as it depends on the registry. */
export interface MigrationFacts {
  /**
   * For a tool that cannot do trusted publishing: the action the upload moves to (in a step of
   * its own). Without one, such a publish gets no migration suggestion.
   */
  readonly replacement?: {
    /** How messages name it: `owner/action`. */
    readonly action: string;
    /** The `uses:` value the new step gets. */
    readonly uses: string;
    /** The new step's `name:` when the upload moves out of a step that also builds. */
    readonly stepName: (index: PackageIndex) => string;
    /** The `with:` inputs the new step needs for an index (a test index's upload URL). */
    readonly inputs: (index: PackageIndex) => readonly (readonly [string, string])[];
    /** A flag of the publish command that also builds (`poetry publish --build`) … */
    readonly buildFlag: string;
    /** Tools whose publish command always builds first (`flit publish`), as if given `buildFlag`. */
    readonly buildsAlways?: readonly string[];
    /** … and the command that keeps the build in the old step. */
    readonly buildCommand: (tool: string) => string;
  };
  /**
   * For a tool that publishes by trusted publishing through one of the registry's exchangers: the
   * step the migration inserts before the upload. With `output`, the upload's credential is fed
   * from `${{ steps.<id>.outputs.<output> }}`; without, the credential goes (the step configures the job).
   */
  readonly exchange?: {
    /** How messages name it: `owner/action`. */
    readonly action: string;
    /** The `uses:` value of the new step (a ref the registry's own documentation uses). */
    readonly uses: string;
    /** The new step's `name:` and `id:`. */
    readonly stepName: string;
    readonly id: string;
    readonly output: string | undefined;
    /** Its `with:` inputs (NuGet's `user:`, from a secret the user creates). */
    readonly inputs: readonly (readonly [string, string])[];
    readonly source: string;
  };
}

// ---------------------------------------------------------------------------------------------
// The registry

export interface Registry {
  /** The module's file name: `npm`, `crates-io`. */
  readonly id: string;
  /** How messages name it: "crates.io". */
  readonly name: string;
  /** Its indexes; the first is where publishers upload unless told otherwise. */
  readonly indexes: readonly [PackageIndex, ...PackageIndex[]];
  /** Whether the registry offers trusted publishing from GitHub Actions at all. */
  readonly supportsTrustedPublishing: boolean;
  /** Its trusted-publishing documentation, for messages that recommend it. */
  readonly trustedPublishingDocs: string;
  /** The fields of its trusted-publisher form that the workflow answers, in the order messages list them. */
  readonly registrationFields: readonly GithubRegistrationField[];
  /**
   * For a publish inside a called (reusable) workflow: which workflow file its trusted-publisher
   * form must name, the caller's (the run's top-level workflow) or the called one's, with the
   * source. Absent where that is UNVERIFIED: messages then say so instead of guessing.
   */
  readonly calledWorkflowFile?: { readonly matches: "caller" | "callee"; readonly source: string };
  /** The GitHub environment name it suggests for the publishing job (`release`), if it suggests one. */
  readonly suggestedEnvironment: string | undefined;
  /**
   * Where the registry recommends a dedicated GitHub deployment environment for the publishing
   * job (its source); require-publish-environment asks for one only where this is given.
   */
  readonly environmentAdvice?: string;
  readonly requirements: TrustedPublishingRequirements;
  readonly commandPublishers: readonly CommandPublisher[];
  readonly actionPublishers: readonly AnyActionPublisher[];
  readonly reusableWorkflows: readonly ReusablePublishWorkflow[];
  readonly exchangers: readonly Exchanger[];
  /** Runners that start its publishers (`python -m`, `uvx`, `pipx run`). */
  readonly runners: readonly Runner[];
  /** The username that means "the password is an API token" (`__token__` where a registry has one). */
  readonly tokenUsername: string | undefined;
  readonly credentials: RegistryCredentials;
  readonly migration: MigrationFacts;
  /**
   * What keeps a publish that relies on trusted publishing from working, beyond the declarative
   * `requirements` (which lib/publishing checks for every registry): a tool that cannot do it,
   * a tool version too old, a runner the publisher cannot run on. Called only for publishes to
   * an index that accepts trusted publishing and that carry no long-lived credential;
   * valid-trusted-publishing reports what it returns. Optional: a registry without such checks
   * leaves it out. Each problem carries its source; stay silent (return nothing) where a version
   * or runner is decided at run time (matrix, expressions).
   */
  readonly trustedPublishingProblems?: (candidate: TrustedPublishingCandidate) => readonly TrustedPublishingProblem[];
  /**
   * Trusted publishing from CI systems whose jobs declare named OIDC tokens (GitLab CI/CD's
   * `id_tokens:`): which indexes accept it, the variable and audience per index. Absent: the
   * registry accepts no such CI system (RubyGems, pub.dev, JSR).
   */
  readonly namedIdTokens?: NamedIdTokenPublishing;
}

/** One index's named OIDC token: the variable a client (or the documented script) reads and the audience the index accepts. */
export interface NamedIdToken {
  /** The index (`PackageIndex.id`). */
  readonly index: string;
  /** The variable name (`PYPI_ID_TOKEN`). */
  readonly variable: string;
  /** The audience the index accepts (`pypi`). */
  readonly audience: string;
  /** Other spellings of the audience seen in real material, which the index rejects (`https://pypi.org`). */
  readonly wrongAudiences?: readonly string[];
}

/** How a registry accepts trusted publishing through a named OIDC token (GitLab CI/CD's `id_tokens:`). */
export interface NamedIdTokenPublishing {
  /** The CI system, in its own words, for messages and docs: "GitLab CI/CD". */
  readonly ciSystem: string;
  readonly tokens: readonly NamedIdToken[];
  /**
   * Who reads the variable: `client` (the upload tool finds it by name: twine, uv, pdm, npm), or
   * `script` (the documented exchange script reads it; any name the script reads works).
   */
  readonly readBy: "client" | "script";
  /** `aud:` must be one string (crates.io rejects a list). */
  readonly audienceMustBeString: boolean;
  /** Clients that exchange the token themselves, with the first version that does (by the tool name recognise.ts gives). */
  readonly clients: readonly { readonly tool: string; readonly minimumVersion: string | undefined; readonly source: string }[];
  /** The token exchange endpoint a hand-written script calls (PyPI's mint, crates.io's, NuGet's), as a pattern of the script's text. */
  readonly exchangeEndpoint: RegExp;
  /** The fields of its trusted-publisher form for this CI system, in the order messages list them. */
  readonly registrationFields: readonly (NamedTokenRegistrationField | "environment")[];
  /** The registry accepts each token once (PyPI checks `jti`; NuGet exchanges each token once): two uploads in one job cannot share it. */
  readonly tokenSingleUse: boolean;
  /**
   * Job images whose bundled client is too old to exchange the token (npm's `node:22` ships npm
   * 10), unless the script upgrades it (`upgrade`); `problem` is the clause for the message.
   */
  readonly oldClientImages?: { readonly image: RegExp; readonly upgrade: RegExp; readonly problem: string; readonly source: string };
  /** Hosted (shared) runners only (npm): self-hosted runners are refused. */
  readonly hostedRunnersOnly: boolean;
  /** `beta` where the registry says so. */
  readonly status: "available" | "beta";
  readonly source: string;
}
