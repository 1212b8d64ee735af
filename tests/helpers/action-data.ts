/**
 * The small, frozen action data set the rule tests run against (tests/fixtures/action-data),
 * compiled the way scripts/update-action-data.mjs compiles the real one. Use it with
 *   vi.mock("../../lib/data/compiled.js", () => import("../helpers/action-data.js").then((m) => m.fixtureModule()));
 * so that refreshing lib/data does not change what the rule tests expect.
 */
import { readFileSync } from "node:fs";
import { compile } from "../../scripts/update-action-data.mjs";

const read = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/action-data/${name}`, import.meta.url), "utf8")) as unknown;

export const FIXTURE_UPSTREAM = read("upstream.json") as { actions: Record<string, { tags: Record<string, string> }> };
export const FIXTURE_CURATED = read("curated.json");

export function fixtureModule(): { COMPILED_ACTION_DATA: string } {
  return { COMPILED_ACTION_DATA: JSON.stringify(compile(FIXTURE_UPSTREAM, FIXTURE_CURATED)) };
}
