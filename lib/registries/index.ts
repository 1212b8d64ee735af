/**
 * Every registry the plugin knows, and lookups across them. Adding a registry is adding its
 * module to `REGISTRIES`; lib/publishing reads everything else from here.
 */
import { npm } from "./npm.js";
import { pypi } from "./pypi.js";
import { cratesIo } from "./crates-io.js";
import { rubygems } from "./rubygems.js";
import { nuget } from "./nuget.js";
import { pubDev } from "./pub-dev.js";
import { jsr } from "./jsr.js";
import type { AnyActionPublisher, CommandPublisher, Exchanger, PackageIndex, Registry, ReusablePublishWorkflow, Runner } from "./types.js";

export type * from "./types.js";

/** The registries, in the order their facts are consulted (a tool or action belongs to one registry). */
export const REGISTRIES: readonly Registry[] = [pypi, npm, cratesIo, rubygems, nuget, pubDev, jsr];

/** A command publisher with the registry it publishes to. */
export type RegisteredCommandPublisher = CommandPublisher & { readonly registry: Registry };
/** An action publisher with the registry it publishes to. */
export type RegisteredActionPublisher = AnyActionPublisher & { readonly registry: Registry };

export const COMMAND_PUBLISHERS: readonly RegisteredCommandPublisher[] = REGISTRIES.flatMap((registry) =>
  registry.commandPublishers.map((publisher) => ({ ...publisher, registry })),
);

export const ACTION_PUBLISHERS: readonly RegisteredActionPublisher[] = REGISTRIES.flatMap((registry) =>
  registry.actionPublishers.map((publisher) => ({ ...publisher, registry })),
);

/**
 * Every registry's runners, for unwrapping a command before asking which publisher it runs. A
 * runner two registries declare (`npx`, `bunx`, `pnpm dlx` start both npm's and JSR's tools) is
 * kept once, as the first registry declares it: unwrapping does not depend on the registry, and
 * the publisher is found after it.
 */
export const RUNNERS: readonly Runner[] = (() => {
  const seen = new Set<string>();
  return REGISTRIES.flatMap((registry) => registry.runners).filter((runner) => {
    const key = "prefix" in runner ? `prefix:${runner.prefix.join(" ")}` : `interpreter:${runner.interpreter.source}:${runner.moduleFlag}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
})();

export function registryById(id: string): Registry | undefined {
  return REGISTRIES.find((registry) => registry.id === id);
}

/** ACTION_PUBLISHERS by action, in their order (asked for every step). */
const PUBLISHERS_BY_ACTION = new Map<string, RegisteredActionPublisher[]>();
for (const publisher of ACTION_PUBLISHERS) {
  const list = PUBLISHERS_BY_ACTION.get(publisher.action);
  if (list) list.push(publisher);
  else PUBLISHERS_BY_ACTION.set(publisher.action, [publisher]);
}

/** The publishing action a step's `action` (lower-case `owner/repo[/path]`) is, if any. */
export function actionPublisher(action: string | undefined): RegisteredActionPublisher | undefined {
  return action === undefined ? undefined : PUBLISHERS_BY_ACTION.get(action)?.[0];
}

/** Every registry's entry for an action: one, or several for a release tool that publishes to several registries (covector). */
export function actionPublishersOf(action: string | undefined): RegisteredActionPublisher[] {
  const publishers = action === undefined ? undefined : PUBLISHERS_BY_ACTION.get(action);
  return publishers ? [...publishers] : [];
}

/** The command publisher a registry's action runs (`PyO3/maturin-action` runs `maturin`). */
export function commandPublisherOf(registry: Registry, tool: string): CommandPublisher | undefined {
  return registry.commandPublishers.find((publisher) => publisher.tool === tool);
}

/** One of the registry's indexes, by id. */
export function indexById(registry: Registry, id: string): PackageIndex | undefined {
  return registry.indexes.find((index) => index.id === id);
}

/** The registry whose own token (by its shape) is of this kind, if any: trusted publishing replaces it. */
export function registryOfTokenKind(kind: string): Registry | undefined {
  return REGISTRIES.find((registry) => registry.credentials.tokenKinds.includes(kind));
}

/** The registries' names for help texts: "npm", "npm and crates.io", "npm, crates.io and NuGet". */
export function registryNames(): string {
  const names = REGISTRIES.map((registry) => registry.name);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** An exchanger with the registry it exchanges for. */
export type RegisteredExchanger = Exchanger & { readonly registry: Registry };

export const EXCHANGERS: readonly RegisteredExchanger[] = REGISTRIES.flatMap((registry) =>
  registry.exchangers.map((exchanger) => ({ ...exchanger, registry })),
);

/** The exchanger a step's `action` (lower-case `owner/repo[/path]`) is, if any. */
export function exchangerOf(action: string | undefined): RegisteredExchanger | undefined {
  return action === undefined ? undefined : EXCHANGERS.find((exchanger) => exchanger.action === action);
}

/** A reusable publishing workflow with the registry it publishes to. */
export type RegisteredReusableWorkflow = ReusablePublishWorkflow & { readonly registry: Registry };

const REUSABLE_WORKFLOWS: readonly RegisteredReusableWorkflow[] = REGISTRIES.flatMap((registry) =>
  registry.reusableWorkflows.map((workflow) => ({ ...workflow, registry })),
);

/** The publishing workflow a job's `uses:` (`owner/repo/.github/workflows/file.yml@ref`) calls, if any. */
export function reusablePublishWorkflow(uses: string | undefined): RegisteredReusableWorkflow | undefined {
  if (uses === undefined) return undefined;
  const at = uses.indexOf("@");
  const path = (at === -1 ? uses : uses.slice(0, at)).trim().toLowerCase();
  return REUSABLE_WORKFLOWS.find((workflow) => workflow.workflow === path);
}
