/**
 * The package stays small: under PACKED_LIMIT (tests/helpers/pack.ts) packed (npm's tarball, what every install downloads).
 * The largest part is the action knowledge base (dist/data/*.json); the test names the largest
 * files when it fails. (160 kB until the literal judgement of no-hardcoded-credentials added
 * 8 kB to 158.7; 180 kB since the workspace layer, package-script and script-file following,
 * PowerShell and the release tools added about 15 kB of JavaScript; 190 kB once both landed
 * together with the command's file selection and plain require() entry: 182.6 kB. The edit
 * language (lib/yaml/changes.ts, serialize.ts) added about 6 kB beside the older editor API;
 * 200 kB with no-broken-actions, the rewritten rule pages and per-action snapshot dates: 190.2 kB;
 * 189.0 kB once the older editor API was deleted and every edit went through the language;
 * 215 kB with GitLab CI/CD: its reader in lib/ci/gitlab, the named-token policy, the code
 * quality format and the rule pages' GitLab sections added about 19 kB: 207.9 kB.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir } from "../helpers/cli.js";
import { PACKED_LIMIT, packPackage, type Packed } from "../helpers/pack.js";

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
