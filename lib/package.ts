/**
 * What the plugin knows about its own package: name and version (from package.json, which ships
 * beside dist/) and where it lives.
 */
import { readPackagedJson } from "./workspace/packaged.js";

const manifest = readPackagedJson(new URL("../package.json", import.meta.url)) as {
  name: string;
  version: string;
};

export const PACKAGE_NAME: string = manifest.name;
export const PACKAGE_VERSION: string = manifest.version;

export const REPOSITORY_URL = "https://github.com/trusted-publishing/eslint-plugin-trusted-publishing";

/** A file of the repository as it was at this version's release tag (`v<version>`). */
export function releasedFileUrl(file: string): string {
  return `${REPOSITORY_URL}/blob/v${PACKAGE_VERSION}/${file}`;
}
