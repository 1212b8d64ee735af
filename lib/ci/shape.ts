/**
 * The one job and step shape that the publishing policy (lib/publishing) and the rules read,
 * whatever CI system the file belongs to (zizmor's `StepCommon` idea).
 *
 *   CiFile      the file the jobs are defined in (a GitHub workflow, a GitLab pipeline, a
 *               composite action seen through its caller): its env, triggers, jobs
 *   CiJob       a job: its steps, env chain, runner, environment, OIDC grant, container, needs
 *   CiStep      one step: the script it runs (`run:` / a GitLab command line), its shell, the
 *               env it sees (`envVar`), the action it uses and the inputs it gives, how messages
 *               name it and where findings are reported
 *
 * A reader of a CI system implements these interfaces (lib/ci/github: `Workflow`, `Job`, `Step`;
 * lib/ci/gitlab maps a GitLab job's `script:` lines onto steps). What one system does not have is
 * a member with an "absent" value, never a required concept: a GitLab step has no `uses:` (so
 * `uses`, `action`, `usesPair` are `undefined` and `inputs` is empty), a GitHub job no
 * `id_tokens:` (so `idTokenNames` is `undefined`); a value decided at run time is `"unknown"` or
 * `undefined`, and the policy stays quiet about it.
 *
 * The shape knows nothing of publishing or registries (tests/unit/layers.test.ts).
 */
import type { AST } from "yaml-eslint-parser";
import type { ShellScript } from "../shell/script.js";
import type { YAMLComment, YAMLMapping, YAMLPair, YAMLScalar } from "../yaml/nodes.js";
import type { UsesRef } from "./github/uses.js";

export type Knowable<T> = T | "unknown";

/** Where an env variable is set: the file (`env:` / GitLab's global `variables:`), the job, the step. */
export type CiEnvLevel = "workflow" | "job" | "step";

/** One variable of an env block (`env:`, GitLab's `variables:`). */
export interface CiEnvVar {
  readonly name: string;
  readonly level: CiEnvLevel;
  readonly pair: YAMLPair;
  /** The value as text; `undefined` for null, mappings and sequences. */
  readonly value: string | undefined;
  /** The scalar holding the value, resolved through aliases. */
  readonly scalar: YAMLScalar | undefined;
  /** True when the whole value is decided at run time (GitHub's `${{ }}`). */
  readonly isExpression: boolean;
  /** For a composite action's step: the action input the value was given through (`${{ inputs.token }}`). */
  readonly input?: string;
}

/** An env block: its variables, or `unknown` when the block itself is decided at run time. */
export interface CiEnvBlock {
  readonly level: CiEnvLevel;
  readonly pair: YAMLPair | undefined;
  readonly vars: ReadonlyMap<string, CiEnvVar>;
  readonly unknown: boolean;
}

/** A named value given to something: an action input (`with:`), a container credential, a passed secret. */
export interface CiInput {
  readonly name: string;
  readonly pair: YAMLPair;
  readonly value: string | undefined;
  readonly scalar: YAMLScalar | undefined;
  readonly isExpression: boolean;
  /** For a composite action's step: the action input the value was given through. */
  readonly input?: string;
}

/** A container a job runs in (GitHub's `container:`/`services:`, GitLab's `image:`/`services:`). */
export interface CiContainer {
  /** The service's id; `undefined` for the job's own container. */
  readonly service: string | undefined;
  readonly pair: YAMLPair;
  readonly image: string | undefined;
  readonly credentials: { readonly pair: YAMLPair; readonly username: CiInput | undefined; readonly password: CiInput | undefined } | undefined;
}

/** The file jobs are defined in. */
export interface CiFile {
  /** The top-level mapping. */
  readonly node: YAMLMapping;
  /** The file's path as ESLint gives it. */
  readonly filename: string;
  readonly source: { readonly text: string; readonly ast: AST.YAMLProgram };
  readonly name: string | undefined;
  readonly jobs: readonly CiJob[];
  /** File-level env (`env:`, GitLab's global `variables:`). */
  readonly env: CiEnvBlock;
  /** The events that start it (GitHub's `on:`; GitLab's pipeline sources where known); empty when unknown. */
  readonly triggers: ReadonlySet<string>;
}

/** A job, as the policy reads it. */
export interface CiJob {
  readonly workflow: CiFile;
  readonly id: string;
  /** The `<job-id>:` pair. */
  readonly pair: YAMLPair;
  readonly node: YAMLMapping;
  readonly name: string | undefined;
  readonly steps: readonly CiStep[];
  readonly env: CiEnvBlock;
  /** Env blocks that reach a step of the job, nearest last. */
  readonly envChain: readonly CiEnvBlock[];
  /** Runner labels (`runs-on`, GitLab's `tags:`); `undefined` when absent or decided at run time. */
  readonly runsOn: readonly string[] | undefined;
  /** Whether the job runs on a self-hosted (or self-managed) runner, as its runner labels or tags say. */
  readonly selfHosted: Knowable<boolean>;
  /** The deployment environment's name, and its pair (present even when the name is not static). */
  readonly environment: string | undefined;
  readonly environmentPair: YAMLPair | undefined;
  /**
   * Whether the job can mint an OIDC token: GitHub's effective `id-token` permission; GitLab's
   * `id_tokens:` declared. `"unknown"` when decided at run time.
   */
  readonly idTokenGrant: Knowable<boolean>;
  /** GitLab's `id_tokens:` (name → audience); `undefined` where the CI system has no such block. */
  readonly idTokenNames: ReadonlyMap<string, string | undefined> | undefined;
  readonly container: CiContainer | undefined;
  readonly services: readonly CiContainer[];
  /** The ids of the jobs this one waits for. */
  readonly needs: readonly string[];
  readonly condition: string | undefined;
  /** The shell of its scripts when a step names none; `undefined` when decided at run time. */
  readonly defaultShell: string | undefined;
  /** How messages name it (`job 'release'`) and the node findings about it are reported on. */
  readonly place: string;
  readonly keyNode: AST.YAMLNode;
  /** Another file's jobs this job runs instead of steps (a reusable workflow); `undefined` for a job with steps. */
  readonly calledWorkflow: string | undefined;
}

/** A step, as the policy reads it: a GitHub step, a composite action's step, a GitLab script line. */
export interface CiStep {
  readonly job: CiJob;
  /** Its position among the job's steps (0-based). */
  readonly index: number;
  readonly node: YAMLMapping;
  readonly id: string | undefined;
  readonly name: string | undefined;
  /** The script it runs, and the pair that holds it; `undefined` for a step that runs an action. */
  readonly run: ShellScript | undefined;
  readonly runPair: YAMLPair | undefined;
  /** The shell its script runs in; `undefined` when decided at run time. */
  readonly shell: string | undefined;
  readonly env: CiEnvBlock;
  /** A variable as the step sees it, nearest level first; `unknown` when a level is decided at run time. */
  envVar(name: string): CiEnvVar | "unknown" | undefined;
  /** The action it runs (`uses:`); `undefined` on CI systems without actions. */
  readonly uses: UsesRef | undefined;
  readonly usesPair: YAMLPair | undefined;
  /** The action's `owner/repo[/path]`, lower-cased; `undefined` without one. */
  readonly action: string | undefined;
  /** The comment after its `uses:` value (a SHA pin's version); `undefined` without one. */
  readonly usesComment: YAMLComment | undefined;
  /** The scalar of its `uses:` value, whether that value is shared through YAML anchors, and any comment on its line. */
  readonly usesScalar: YAMLScalar | undefined;
  readonly usesShared: boolean;
  readonly usesLineComment: YAMLComment | undefined;
  /** The inputs it gives its action (`with:`), and the pair holding them; empty and `undefined` without an action. */
  readonly inputs: ReadonlyMap<string, CiInput>;
  readonly withPair: YAMLPair | undefined;
  readonly condition: string | undefined;
  /** The steps of its job that run before it, in order. */
  readonly stepsBefore: readonly CiStep[];
  /** The steps of its job up to and including it (what a step may have written, the step's own included). */
  readonly stepsThrough: readonly CiStep[];
  /** How messages name it: `Publish`, `step 'Publish'`, `step 'Publish' of job 'release'`. */
  readonly label: string;
  readonly named: string;
  readonly place: string;
  /** The node findings about the step are reported on. */
  readonly keyNode: AST.YAMLNode;
}
