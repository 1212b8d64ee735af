/**
 * The package stays small: under 168 kB packed (npm's tarball, what every install downloads).
 * The largest part is the action knowledge base (dist/data/*.json); the test names the largest
 * files when it fails. 168 kB since the edit language (lib/yaml/changes.ts, serialize.ts; about
 * 6 kB packed) landed beside the older text-valued editor API it replaces.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir } from "../helpers/cli.js";
import { packPackage, type Packed } from "../helpers/pack.js";

export const PACKED_LIMIT = 168_000;

let packed: Packed;
beforeAll(async () => {
  packed = await packPackage();
});
afterAll(() => removeDir(packed?.dir));

describe("the packed package", () => {
  it(`is under ${PACKED_LIMIT / 1000} kB`, () => {
    const largest = [...packed.files].sort((a, b) => b.size - a.size).slice(0, 3);
    expect(packed.size, `largest files: ${largest.map((file) => `${file.path} ${file.size} B`).join(", ")}`).toBeLessThan(PACKED_LIMIT);
  });
});
