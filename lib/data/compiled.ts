/**
 * Loads the compiled action data, `compiled.json` next to this module: minified JSON written only
 * by `scripts/update-action-data.mjs` (the build copies it into dist/data). `actions.ts` reads it;
 * the rule tests replace this module with their frozen fixture data.
 */
import { readPackagedJson } from "../workspace/packaged.js";

export const COMPILED_ACTION_DATA: unknown = readPackagedJson(new URL("./compiled.json", import.meta.url));
