/**
 * FileMemo (lib/data/file-memo.ts): answers about a file's parts, computed once per part, whichever
 * file was asked about before.
 */
import { describe, expect, it } from "vitest";
import { FileMemo } from "../../lib/data/file-memo.js";

describe("FileMemo", () => {
  it("computes each part's answer once, across files asked in any order, undefined answers too", () => {
    const computed: string[] = [];
    const memo = new FileMemo<{ name: string }, string | undefined>((part) => {
      computed.push(part.name);
      return part.name === "none" ? undefined : part.name.toUpperCase();
    });
    const [fileA, fileB] = [{}, {}];
    const [a1, a2, b1, none] = [{ name: "a1" }, { name: "a2" }, { name: "b1" }, { name: "none" }];
    expect(memo.get(fileA, a1)).toBe("A1");
    expect(memo.get(fileB, b1)).toBe("B1");
    expect(memo.get(fileA, a1)).toBe("A1");
    expect(memo.get(fileA, a2)).toBe("A2");
    expect(memo.get(fileB, b1)).toBe("B1");
    expect(memo.get(fileB, none)).toBeUndefined();
    expect(memo.get(fileA, a2)).toBe("A2");
    expect(memo.get(fileB, none)).toBeUndefined();
    expect(computed).toEqual(["a1", "b1", "a2", "none"]);
  });
});
