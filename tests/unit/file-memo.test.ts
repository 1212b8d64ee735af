/**
 * FileMemo (lib/data/file-memo.ts): answers about a file's parts, computed once per part, whichever
 * file was asked about before.
 */
import { describe, expect, it } from "vitest";
import { parseForESLint } from "yaml-eslint-parser";
import { FileCache, FileMemo } from "../../lib/data/file-memo.js";
import { editorOf } from "../../lib/yaml/edit.js";

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

  it("FileCache: the answer for the file asked about last, `null` kept as an answer; another file replaces it", () => {
    const cache = new FileCache<object, string | null>();
    const [a, b] = [{}, {}];
    expect(cache.get(a)).toBeUndefined();
    cache.set(a, "A");
    expect(cache.get(a)).toBe("A");
    expect(cache.get(b)).toBeUndefined();
    cache.set(b, null);
    expect(cache.get(b)).toBeNull();
    // One file at a time: the earlier file's answer is not kept (ESLint does not come back to it).
    expect(cache.get(a)).toBeUndefined();
    expect(cache.get({})).toBeUndefined();
  });

  it("one editor per linted file, whoever asks", () => {
    const [one, two] = ["a: 1\n", "b: 2\n"].map((text) => ({ text, ast: parseForESLint(text).ast }));
    const first = editorOf(one!);
    expect(editorOf(one!)).toBe(first);
    expect(editorOf(two!)).not.toBe(first);
    expect(first.text).toBe("a: 1\n");
  });
});

