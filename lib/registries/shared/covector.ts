/**
 * covector (jbolda/covector), a release tool for polyglot monorepos: its action publishes with
 * the commands of `.changes/config.json`, whichever registries they upload to. npm's and
 * crates.io's modules each declare the action with the credential it reads for them.
 * Sources: https://github.com/jbolda/covector/blob/main/packages/action/action.yml (inputs
 * `command`, `cwd`); the covector README and its config schema (`pkgManagers.<name>.publish`,
 * `packages.<name>.publish`: a command, a list of commands, or `{ command }` objects).
 */
import type { CiStep as Step } from "../../ci/shape.js";
import type { ProjectFiles, ScriptActionPublisher } from "../types.js";

export const COVECTOR_ACTION = "jbolda/covector/packages/action";
const COVECTOR_SOURCE = "https://github.com/jbolda/covector/blob/main/packages/action/action.yml (command, cwd); https://github.com/jbolda/covector (.changes/config.json: pkgManagers.*.publish)";

/** covector's action publishes for `command: publish` and `command: version-or-publish`. */
export function covectorPublishes(step: Step): boolean {
  const command = step.inputs.get("command")?.value?.trim();
  return command === "publish" || command === "version-or-publish";
}

/**
 * The publish commands of covector's `.changes/config.json`: each `publish` (a command line, a
 * list of them, or `{ command }` objects) of its `pkgManagers` and `packages`; `unknown` when the
 * file cannot be read. Source: https://github.com/jbolda/covector (config: pkgManagers.*.publish).
 */
export function covectorScripts(files: ProjectFiles): readonly string[] | "unknown" {
  const config = files.json(".changes/config.json");
  if (!config.ok) return "unknown";
  const commands: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === "string") commands.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === "object" && value !== null && typeof (value as { command?: unknown }).command === "string") commands.push((value as { command: string }).command);
  };
  const root = config.value as { pkgManagers?: Record<string, unknown>; packages?: Record<string, unknown> } | null;
  for (const group of [root?.pkgManagers, root?.packages]) {
    for (const entry of Object.values(group ?? {})) collect((entry as { publish?: unknown } | null)?.publish);
  }
  return commands;
}

/** What every registry's entry for covector's action shares; each adds its tool, credential and whether its uploads can do trusted publishing. */
export const COVECTOR_PUBLISHER = {
  kind: "runs-script",
  action: COVECTOR_ACTION,
  displayName: "jbolda/covector",
  scriptInputs: [],
  selfPublishes: false,
  projectScripts: covectorScripts,
  publishes: covectorPublishes,
  workingDirectoryInput: "cwd",
  unresolved: "credential-publish",
  noMigration: "covector runs the publish commands of .changes/config.json, which the migration does not edit",
  source: COVECTOR_SOURCE,
} as const satisfies Partial<ScriptActionPublisher>;
