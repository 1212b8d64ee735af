/** The one reader of command options that publishing and credential questions share. */
import { describe, expect, it } from "vitest";
import { hasOption, optionUses, optionValue } from "../../lib/shell/options.js";

describe("command options", () => {
  const args = ["-u", "__token__", "--password=one", "-ptwo", "--skip-existing", "--", "-p", "three"];

  it("reads every spelling, in order, up to --", () => {
    expect(optionUses(args, ["-p", "--password"])).toEqual([
      { option: "--password", value: "one", word: "--password=" },
      { option: "-p", value: "two", word: "-p" },
    ]);
    expect(optionValue(args, ["-p", "--password"])).toBe("two");
    expect(optionValue(args, ["-u"])).toBe("__token__");
  });

  it("tells a flag's presence and ignores case only when asked", () => {
    expect(hasOption(args, ["--skip-existing"])).toBe(true);
    expect(hasOption(args, ["--dry-run"])).toBe(false);
    expect(optionUses(["-ApiKey", "k"], ["-apikey"])).toEqual([]);
    expect(optionUses(["-ApiKey", "k"], ["-apikey"], { ignoreCase: true })).toEqual([{ option: "-ApiKey", value: "k", word: "-ApiKey" }]);
  });
});
