/**
 * Files that ship inside this package (its package.json, the compiled action data, the rule
 * pages), located by URL next to the module that asks. They are read once, when needed, and
 * never change while the package is installed, so they bypass the workspace's cache; they are
 * still read here, so that lib/workspace stays the one place that touches the file system.
 */
import { existsSync, readFileSync } from "node:fs";

/** The text of a file of this package. Throws when it is missing: the package is broken then. */
export function readPackagedText(url: URL): string {
  return readFileSync(url, "utf8");
}

/** A JSON file of this package, parsed. */
export function readPackagedJson(url: URL): unknown {
  return JSON.parse(readPackagedText(url));
}

/** Whether a file of this package exists (a rule page for an id that has none does not). */
export function packagedFileExists(url: URL): boolean {
  return existsSync(url);
}
