/**
 * Every registry the plugin knows, and lookups across them. Adding a registry is adding its
 * module to `REGISTRIES`; lib/publishing reads everything else from here.
 */
import { npm } from "./npm.js";
import { pypi } from "./pypi.js";
import type { AnyActionPublisher, CommandPublisher, PackageIndex, Registry, Runner } from "./types.js";

export type * from "./types.js";

/** The registries, in the order their facts are consulted (a tool or action belongs to one registry). */
export const REGISTRIES: readonly Registry[] = [pypi, npm];

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

/** Every registry's runners, for unwrapping a command before asking which publisher it runs. */
export const RUNNERS: readonly Runner[] = REGISTRIES.flatMap((registry) => registry.runners);

export function registryById(id: string): Registry | undefined {
  return REGISTRIES.find((registry) => registry.id === id);
}

/** The publishing action a step's `action` (lower-case `owner/repo[/path]`) is, if any. */
export function actionPublisher(action: string | undefined): RegisteredActionPublisher | undefined {
  return action === undefined ? undefined : ACTION_PUBLISHERS.find((publisher) => publisher.action === action);
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
