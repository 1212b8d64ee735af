/**
 * The package stays small: under 180 kB packed (npm's tarball, what every install downloads).
 * The largest part is the action knowledge base (dist/data/*.json); the test names the largest
 * files when it fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir } from "../helpers/cli.js";
import { packPackage, type Packed } from "../helpers/pack.js";

// 180 kB since the workspace layer, package-script and script-file following, PowerShell and the
// release tools (issue 20: about 15 kB of JavaScript); the action data is still the largest part.
export const PACKED_LIMIT = 180_000;

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
