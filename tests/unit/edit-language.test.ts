/**
 * The edit language (lib/yaml/changes.ts) and its serializer (lib/yaml/serialize.ts).
 *
 * Properties (fast-check): any string, boolean, number or null — and mappings and sequences of
 * them — written by the serializer reads back (yaml-eslint-parser + getStaticYAMLValue) as the
 * same value, in block context, in a flow mapping, in a flow sequence and as a key; and a change
 * applied to a generated document (a new pair, a replaced value, a nested put, a sequence item, a
 * removal; block or flow; indented by 1 to 6 spaces; LF or CRLF; with or without comments)
 * leaves a document that parses to the old data with exactly that change, keeps every comment
 * and the line endings.
 * Examples: what the edits write, where the language refuses, and the values the old helpers
 * wrote wrong (`.inf`, `${{ }}` in a flow mapping).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { getStaticYAMLValue, parseForESLint, parseYAML } from "yaml-eslint-parser";
import type { AST } from "yaml-eslint-parser";
import { YamlEditor } from "../../lib/yaml/edit.js";
import { flowText, isPlainSafe, scalarText, yamlMapping, yamlSequence, type YamlScalarValue, type YamlValue } from "../../lib/yaml/serialize.js";
import type { Change } from "../../lib/yaml/changes.js";
import type { TextEdit } from "../../lib/yaml/text.js";

const read = (text: string): unknown => getStaticYAMLValue(parseYAML(text));

/** A typed value as the plain data a YAML loader gives. */
function dataOf(value: YamlValue): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (value.kind === "sequence") return value.items.map(dataOf);
  return Object.fromEntries(value.entries.map(([key, item]) => [key, dataOf(item)]));
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.range[0] - a.range[0])) out = out.slice(0, edit.range[0]) + edit.text + out.slice(edit.range[1]);
  return out;
}

// --- values ------------------------------------------------------------------------------------

/** Strings YAML readers take for something else, or that end or break a plain scalar. */
const TRICKY = [
  ".inf", "-.Inf", "+.inf", ".NaN", "true", "False", "TRUE", "yes", "No", "on", "OFF", "y", "N", "null", "Null", "~", "<<", "=",
  "0x1F", "0o17", "0b101", "0777", "1e3", "1_000", "12:30:00", "2001-12-14", "3.10", ".5", "+1", "-1", "1.", "",
  "*alias", "&anchor", "!tag", "%YAML", "@at", "`tick", "|", ">", "'quoted'", '"quoted"', "#comment", "a #b", "a: b", "a:", "key:value",
  "${{ secrets.TOKEN }}", "${{ steps.auth.outputs.token }}", "a,b", "[a]", "{a}", "a]", "a}", "-", "- a", "--flag", "-x", "? q", ": c", "?", ":",
  "---", "...", "--- x", "... x", " lead", "trail ", "a\nb", "a\r\nb", "\t", "tab\tinside", "\u0085", "\u2028", "\u2029", "\uFEFF", "\u00A0nbsp",
  "\u0007bell", "\x7F", "\\", "back\\slash", "quote'inside", 'dq"inside', "é", "日本", "😀",
];
const trickyString = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ unit: "binary-ascii", maxLength: 12 }),
  fc.tuple(fc.constantFrom(...TRICKY), fc.string({ unit: "grapheme-ascii", maxLength: 6 }), fc.constantFrom(...TRICKY)).map(([a, b, c]) => `${a}${b}${c}`),
);
const scalarValue: fc.Arbitrary<YamlScalarValue> = fc.oneof(
  { weight: 4, arbitrary: trickyString },
  fc.boolean(),
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 5e-324, Number.MAX_SAFE_INTEGER, 2 ** 60, 0.1, NaN, Infinity, -Infinity),
);
/** Keys: strings (not `__proto__`, which plain objects cannot hold as data), short enough for implicit keys. */
const keyArb = trickyString.filter((key) => key !== "__proto__" && key.length <= 60);
const collection = (item: fc.Arbitrary<YamlValue>): fc.Arbitrary<YamlValue> =>
  fc.oneof(
    fc.uniqueArray(fc.tuple(keyArb, item), { maxLength: 3, selector: ([key]) => key }).map((entries) => yamlMapping(entries)),
    fc.array(item, { maxLength: 3 }).map((items) => yamlSequence(items)),
  );
const valueArb: fc.Arbitrary<YamlValue> = fc.oneof({ weight: 3, arbitrary: scalarValue }, collection(scalarValue), collection(fc.oneof(scalarValue, collection(scalarValue))));

describe("the serializer", () => {
  it("writes any scalar so that it reads back as itself, in block and flow context and as a key", () => {
    fc.assert(
      fc.property(scalarValue, keyArb, (value, key) => {
        expect(read(`k: ${scalarText(value, false)}\n`)).toEqual({ k: value });
        expect(read(`k: {a: ${scalarText(value, true)}, b: 1}\n`)).toEqual({ k: { a: value, b: 1 } });
        expect(read(`k: [${scalarText(value, true)}, 1]\n`)).toEqual({ k: [value, 1] });
        expect(read(`- ${scalarText(value, false)}\n`)).toEqual([value]);
        expect(read(`${scalarText(key, false)}: 1\n`)).toEqual({ [key]: 1 });
        expect(read(`{${scalarText(key, true)}: 1}\n`)).toEqual({ [key]: 1 });
      }),
      { numRuns: 2000, seed: 18 },
    );
  });

  it("writes collections in flow syntax that read back as themselves", () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        expect(read(`k: ${flowText(value)}\n`)).toEqual({ k: dataOf(value) });
      }),
      { numRuns: 500, seed: 18 },
    );
  });

  it("quotes what YAML would read as another type or value, and nothing that reads as itself", () => {
    for (const word of [".inf", ".NaN", "true", "yes", "on", "null", "~", "0x1F", "1e3", "0777", "12:30", "3.10", "-1"]) {
      expect(scalarText(word, false), word).toBe(JSON.stringify(word));
    }
    for (const indicator of ["*a", "&a", "!a", "%a", "@a", "`a", "a: b", "a #b", "-", "- a", "[a", "{a", "'a", '"a', "|", ">", "---", "..."]) {
      expect(isPlainSafe(indicator, false), indicator).toBe(false);
    }
    expect(scalarText("${{ secrets.TOKEN }}", false)).toBe("${{ secrets.TOKEN }}");
    expect(scalarText("${{ secrets.TOKEN }}", true)).toBe('"${{ secrets.TOKEN }}"');
    expect(scalarText("a,b", false)).toBe("a,b");
    expect(scalarText("a,b", true)).toBe('"a,b"');
    expect(scalarText("line\nbreak", false)).toBe('"line\\nbreak"');
    expect(scalarText("\u2028\x7F\uFEFF", false)).toBe('"\\L\\x7f\\ufeff"');
    expect(scalarText("ubuntu-latest", false)).toBe("ubuntu-latest");
    expect([scalarText(false, false), scalarText(3.5, true), scalarText(null, false), scalarText(-0, false), scalarText(NaN, false)]).toEqual(["false", "3.5", "null", "-0.0", ".nan"]);
  });

  it("writes what the old quoting (`yamlString`, now gone) wrote plain as strings", () => {
    // Before: `.inf` and `+.5`-like words went out plain and came back as numbers.
    expect(scalarText(".inf", false)).toBe('".inf"');
    expect(read(`k: ${scalarText(".inf", false)}\n`)).toEqual({ k: ".inf" });
    expect(scalarText("+.nan", false)).toBe('"+.nan"');
    expect(scalarText("3.x", false)).toBe('"3.x"');
    expect(scalarText("zulu", false)).toBe("zulu");
  });
});

// --- changes on generated documents ---------------------------------------------------------------

interface Shape {
  readonly indent: number;
  readonly flowParent: boolean;
  readonly flowList: boolean;
  readonly nested: boolean;
  readonly comments: boolean;
  readonly crlf: boolean;
}

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  indent: fc.integer({ min: 1, max: 6 }),
  flowParent: fc.boolean(),
  flowList: fc.boolean(),
  nested: fc.boolean(),
  comments: fc.boolean(),
  crlf: fc.boolean(),
});

/** A document with a mapping `parent` (keys `a`, `b`) and a sequence `list` (`one`, `{k: v}`), maybe under `outer:`. */
function documentOf(shape: Shape): string {
  const pad = (level: number) => " ".repeat(shape.indent * (level + (shape.nested ? 1 : 0)));
  const note = (text: string) => (shape.comments ? `  # ${text}` : "");
  const lines = ["# head", `top: 1${note("top")}`];
  if (shape.nested) lines.push(`outer:${note("outer")}`);
  if (shape.flowParent) lines.push(`${pad(0)}parent: {a: x, b: [1, 2]}${note("parent")}`);
  else lines.push(`${pad(0)}parent:${note("parent")}`, ...(shape.comments ? [`${pad(1)}# about a`] : []), `${pad(1)}a: x${note("a")}`, `${pad(1)}b: [1, 2]${note("b")}`);
  if (shape.flowList) lines.push(`${pad(0)}list: [one, {k: v}]${note("list")}`);
  else lines.push(`${pad(0)}list:${note("list")}`, `${pad(1)}- one${note("one")}`, `${pad(1)}- k: v${note("kv")}`, `${pad(1)}  w: 2`);
  lines.push(`${pad(0)}tail: end${note("tail")}`, `last: z${note("last")}`, "");
  const text = lines.join("\n");
  return shape.crlf ? text.replaceAll("\n", "\r\n") : text;
}

type Operation =
  | { readonly kind: "add"; readonly key: string; readonly value: YamlValue; readonly at: "start" | "end" }
  | { readonly kind: "set"; readonly value: YamlValue }
  | { readonly kind: "put"; readonly key: string; readonly sub: string; readonly value: YamlValue }
  | { readonly kind: "put-twice"; readonly key: string; readonly subs: readonly [string, string]; readonly values: readonly [YamlValue, YamlValue] }
  | { readonly kind: "insert"; readonly index: 0 | 1; readonly where: "before" | "after"; readonly value: YamlValue }
  | { readonly kind: "set-item"; readonly value: YamlValue }
  | { readonly kind: "remove"; readonly keys: readonly ("a" | "b")[]; readonly ifEmptied: "keep" | "remove-parent" };

const newKey = keyArb.filter((key) => key !== "a" && key !== "b");
const operationArb: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), key: newKey, value: valueArb, at: fc.constantFrom("start" as const, "end" as const) }),
  fc.record({ kind: fc.constant("set" as const), value: valueArb }),
  fc.record({ kind: fc.constant("put" as const), key: newKey, sub: keyArb, value: valueArb }),
  fc.record({
    kind: fc.constant("put-twice" as const),
    key: newKey,
    subs: fc.uniqueArray(keyArb, { minLength: 2, maxLength: 2 }) as fc.Arbitrary<[string, string]>,
    values: fc.tuple(valueArb, valueArb),
  }),
  fc.record({ kind: fc.constant("insert" as const), index: fc.constantFrom(0 as const, 1 as const), where: fc.constantFrom("before" as const, "after" as const), value: valueArb }),
  fc.record({ kind: fc.constant("set-item" as const), value: scalarValue }),
  fc.record({ kind: fc.constant("remove" as const), keys: fc.constantFrom<("a" | "b")[]>(["a"], ["b"], ["a", "b"]), ifEmptied: fc.constantFrom("keep" as const, "remove-parent" as const) }),
);

interface Located {
  readonly parent: AST.YAMLMapping;
  readonly list: AST.YAMLSequence;
}

function locate(ast: AST.YAMLProgram, nested: boolean): Located {
  let root = ast.body[0]!.content as AST.YAMLMapping;
  const pair = (mapping: AST.YAMLMapping, key: string) => mapping.pairs.find((candidate) => (candidate.key as AST.YAMLScalar).value === key)!;
  if (nested) root = pair(root, "outer").value as AST.YAMLMapping;
  return { parent: pair(root, "parent").value as AST.YAMLMapping, list: pair(root, "list").value as AST.YAMLSequence };
}

/** The change for an operation, and what it does to the data of `parent` and `list`. */
function plan(
  operation: Operation,
  { parent, list }: Located,
): { changes: Change[]; expect: (data: { parent: Record<string, unknown>; list: unknown[] }, whole: Record<string, unknown>) => void; removesComments?: readonly string[] } {
  const pairA = parent.pairs[0]!;
  switch (operation.kind) {
    case "add":
      return {
        changes: [{ op: "add", mapping: parent, key: operation.key, value: operation.value, at: operation.at }],
        expect: (data) => void (data.parent[operation.key] = dataOf(operation.value)),
      };
    case "set":
      return { changes: [{ op: "set", target: pairA, value: operation.value }], expect: (data) => void (data.parent.a = dataOf(operation.value)) };
    case "put":
      return {
        changes: [{ op: "put", mapping: parent, path: [operation.key, operation.sub], value: operation.value }],
        expect: (data) => void (data.parent[operation.key] = { [operation.sub]: dataOf(operation.value) }),
      };
    case "put-twice":
      return {
        changes: operation.subs.map((sub, index): Change => ({ op: "put", mapping: parent, path: [operation.key, sub], value: operation.values[index]! })),
        expect: (data) => void (data.parent[operation.key] = Object.fromEntries(operation.subs.map((sub, index) => [sub, dataOf(operation.values[index]!)]))),
      };
    case "insert":
      return {
        changes: [{ op: "insert-item", item: list.entries[operation.index]!, where: operation.where, value: operation.value }],
        expect: (data) => void data.list.splice(operation.index + (operation.where === "after" ? 1 : 0), 0, dataOf(operation.value)),
      };
    case "set-item":
      return { changes: [{ op: "set", target: list.entries[0]!, value: operation.value }], expect: (data) => void (data.list[0] = dataOf(operation.value)) };
    case "remove":
      return {
        changes: operation.keys.map((key): Change => ({ op: "remove", pair: parent.pairs[key === "a" ? 0 : 1]!, ifEmptied: operation.ifEmptied })),
        expect: (data, whole) => {
          for (const key of operation.keys) delete data.parent[key];
          if (operation.keys.length === 2 && operation.ifEmptied === "remove-parent") delete whole.parent;
        },
        // A removed pair's line goes with its comment; a removed block with the comments inside it.
        removesComments: operation.keys.length === 2 && operation.ifEmptied === "remove-parent" ? [" parent", " about a", " a", " b"] : operation.keys.map((key) => ` ${key}`),
      };
  }
}

const commentsOf = (text: string) => parseForESLint(text).ast.comments.map((comment) => comment.value);

describe("changes", () => {
  it("leave a document that reads as the old data with exactly the change, its comments and its line endings", () => {
    fc.assert(
      fc.property(shapeArb, operationArb, (shape, operation) => {
        const text = documentOf(shape);
        const before = read(text) as Record<string, unknown>;
        const { changes, expect: change, removesComments = [] } = plan(operation, locate(parseForESLint(text).ast, shape.nested));
        const edits = new YamlEditor(text).apply(changes);
        expect(edits, "the change is written").toBeDefined();
        const out = applyEdits(text, edits!);
        const expected = structuredClone(before);
        const holder = (shape.nested ? expected.outer : expected) as Record<string, unknown>;
        change(holder as { parent: Record<string, unknown>; list: unknown[] }, holder);
        let after: unknown;
        expect(() => (after = read(out)), out).not.toThrow();
        expect(after, out).toEqual(expected);
        // A flow mapping's pairs have no comments of their own; the comment after it stays when it stays.
        const lost = shape.flowParent ? removesComments.filter((comment) => comment === " parent") : removesComments;
        expect(commentsOf(out)).toEqual(commentsOf(text).filter((comment) => !lost.includes(comment)));
        if (shape.crlf) expect(/(?<!\r)\n/u.test(out), "an LF in a CRLF file").toBe(false);
      }),
      { numRuns: 1500, seed: 18 },
    );
  });
});

// --- what the edits write ---------------------------------------------------------------------

/** Applies changes built from the parsed document; `undefined` when the language refuses them. */
function edit(text: string, build: (root: AST.YAMLMapping, comments: readonly AST.Comment[]) => Change[]): string | undefined {
  const { ast } = parseForESLint(text);
  const edits = new YamlEditor(text).apply(build(ast.body[0]!.content as AST.YAMLMapping, ast.comments));
  return edits && applyEdits(text, edits);
}

/** The node at a path of keys and indexes. */
function at(root: AST.YAMLMapping, ...path: (string | number)[]): AST.YAMLNode {
  let node: AST.YAMLNode = root;
  for (const segment of path) {
    if (typeof segment === "number") node = (node as AST.YAMLSequence).entries[segment]!;
    else node = (node as AST.YAMLMapping).pairs.find((pair) => (pair.key as AST.YAMLScalar).value === segment)!.value!;
  }
  return node;
}
const pairAt = (root: AST.YAMLMapping, ...path: (string | number)[]) => at(root, ...path).parent as AST.YAMLPair;
const mappingAt = (root: AST.YAMLMapping, ...path: (string | number)[]) => at(root, ...path) as AST.YAMLMapping;

const STEP = "jobs:\n  j:\n    steps:\n      - run: cargo publish\n";

describe("changes, by example", () => {
  it("put: several values under a missing key make one mapping, in the file's indentation", () => {
    const out = edit(STEP, (root) => [
      { op: "put", mapping: mappingAt(root, "jobs", "j", "steps", 0), path: ["env", "RUST_LOG"], value: "info" },
      { op: "put", mapping: mappingAt(root, "jobs", "j", "steps", 0), path: ["env", "CARGO_REGISTRY_TOKEN"], value: "${{ steps.auth.outputs.token }}" },
    ]);
    expect(out).toBe(`${STEP}        env:\n          RUST_LOG: info\n          CARGO_REGISTRY_TOKEN: \${{ steps.auth.outputs.token }}\n`);
  });

  it("put: a value into a flow mapping, an empty one and a key without a value, each in its own syntax", () => {
    const put = (text: string) => edit(text, (root) => [{ op: "put", mapping: mappingAt(root, "jobs", "j", "steps", 0), path: ["env", "TOKEN"], value: "${{ steps.auth.outputs.token }}" }]);
    expect(put(`${STEP}        env: {RUST_LOG: info}\n`)).toBe(`${STEP}        env: {RUST_LOG: info, TOKEN: "\${{ steps.auth.outputs.token }}"}\n`);
    expect(put(`${STEP}        env: {}\n`)).toBe(`${STEP}        env: {TOKEN: "\${{ steps.auth.outputs.token }}"}\n`);
    expect(put(`${STEP}        env: # none yet\n`)).toBe(`${STEP}        env: # none yet\n          TOKEN: \${{ steps.auth.outputs.token }}\n`);
    expect(put("jobs:\n  j:\n    steps:\n      - {run: cargo publish}\n")).toBe('jobs:\n  j:\n    steps:\n      - {run: cargo publish, env: {TOKEN: "${{ steps.auth.outputs.token }}"}}\n');
  });

  it("remove: an emptied mapping goes with its key, or stays as `{}`; comment lines around stay", () => {
    const text = `${STEP}        env:\n          # the token\n          TOKEN: \${{ secrets.T }} # secret\n        shell: bash\n`;
    const remove = (ifEmptied: "keep" | "remove-parent") => edit(text, (root) => [{ op: "remove", pair: pairAt(root, "jobs", "j", "steps", 0, "env", "TOKEN"), ifEmptied }]);
    expect(remove("remove-parent")).toBe(`${STEP}        shell: bash\n`);
    expect(remove("keep")).toBe(`${STEP}        env: {}\n          # the token\n        shell: bash\n`);
    const flow = `${STEP}        env: {A: 1, TOKEN: x, B: 2}\n`;
    expect(edit(flow, (root) => [{ op: "remove", pair: pairAt(root, "jobs", "j", "steps", 0, "env", "TOKEN") }])).toBe(`${STEP}        env: {A: 1, B: 2}\n`);
  });

  it("add at the start next to a removed first pair; a pair after a dash moves down", () => {
    const text = "jobs:\n  j:\n    env:\n      A: 1\n    runs-on: x\n";
    const out = edit(text, (root) => [
      { op: "remove", pair: pairAt(root, "jobs", "j", "env") },
      { op: "add", mapping: mappingAt(root, "jobs", "j"), key: "permissions", value: yamlMapping({ "id-token": "write" }), at: "start" },
    ]);
    expect(out).toBe("jobs:\n  j:\n    permissions:\n      id-token: write\n    runs-on: x\n");
    expect(edit(STEP, (root) => [{ op: "add", mapping: mappingAt(root, "jobs", "j", "steps", 0), key: "env", value: yamlMapping({ A: "1" }), at: "start" }])).toBe(
      'jobs:\n  j:\n    steps:\n      - env:\n          A: "1"\n        run: cargo publish\n',
    );
  });

  it("insert-item: a step before another, at the siblings' dash and key columns and nesting, CRLF kept", () => {
    const text = "jobs:\r\n    j:\r\n        steps:\r\n            -   uses: actions/checkout@v5\r\n                with:\r\n                    fetch-depth: 0\r\n            -   run: cargo publish\r\n";
    const out = edit(text, (root) => [
      { op: "insert-item", item: at(root, "jobs", "j", "steps", 1) as AST.YAMLMapping, where: "before", value: yamlMapping({ name: "Auth", uses: "x/auth@v1", with: yamlMapping({ audience: "crates.io" }) }) },
    ]);
    expect(out).toBe(
      "jobs:\r\n    j:\r\n        steps:\r\n            -   uses: actions/checkout@v5\r\n                with:\r\n                    fetch-depth: 0\r\n            -   name: Auth\r\n                uses: x/auth@v1\r\n                with:\r\n                    audience: crates.io\r\n            -   run: cargo publish\r\n",
    );
  });

  it("insert-item after an item whose last line is removed lands after it (was: the removal swallowed it)", () => {
    // The migration of `flit publish` with its password last in the step: `flit build` stays,
    // the upload step follows it. Before, the inserted step fell inside the removed line and was
    // dropped, leaving a workflow that no longer uploads.
    const text = "steps:\n  - run: flit publish\n    env:\n      FLIT_USERNAME: __token__\n      FLIT_PASSWORD: ${{ secrets.PYPI }}\n  - run: echo done # after\n";
    const changes = (root: AST.YAMLMapping): Change[] => [
      { op: "set", target: pairAt(root, "steps", 0, "run"), value: "flit build" },
      { op: "remove", pair: pairAt(root, "steps", 0, "env", "FLIT_PASSWORD"), ifEmptied: "remove-parent" },
      { op: "insert-item", item: at(root, "steps", 0) as AST.YAMLMapping, where: "after", value: yamlMapping({ uses: "pypa/gh-action-pypi-publish@release/v1" }) },
    ];
    expect(edit(text, changes)).toBe(
      "steps:\n  - run: flit build\n    env:\n      FLIT_USERNAME: __token__\n  - uses: pypa/gh-action-pypi-publish@release/v1\n  - run: echo done # after\n",
    );
    // The same at the end of a file without a final line break, and CRLF kept.
    const last = text.replace("  - run: echo done # after\n", "").replace(/\n$/u, "").replaceAll("\n", "\r\n");
    const out = edit(last, changes)!;
    expect(read(out)).toEqual({ steps: [{ run: "flit build", env: { FLIT_USERNAME: "__token__" } }, { uses: "pypa/gh-action-pypi-publish@release/v1" }] });
    expect(/(?<!\r)\n/u.test(out), "an LF in a CRLF file").toBe(false);
    // A pair added at the end of a mapping whose last pair's block loses its last line.
    const nested = "step:\n  env:\n    A: 1\n    B: 2\nnext: 1\n";
    expect(
      edit(nested, (root) => [
        { op: "remove", pair: pairAt(root, "step", "env", "B") },
        { op: "add", mapping: mappingAt(root, "step"), key: "with", value: yamlMapping({ x: true }) },
      ]),
    ).toBe("step:\n  env:\n    A: 1\n  with:\n    x: true\nnext: 1\n");
  });

  it("set: a string keeps the value's quotes; a boolean is written as one", () => {
    const text = "jobs:\n  j:\n    permissions:\n      id-token: 'none'\n      contents: \"read\"\n      packages: read\n";
    expect(
      edit(text, (root) => [
        { op: "set", target: at(root, "jobs", "j", "permissions", "id-token") as AST.YAMLScalar, value: "write" },
        { op: "set", target: pairAt(root, "jobs", "j", "permissions", "contents"), value: "it's" },
        { op: "set", target: pairAt(root, "jobs", "j", "permissions", "packages"), value: false },
      ]),
    ).toBe("jobs:\n  j:\n    permissions:\n      id-token: 'write'\n      contents: \"it's\"\n      packages: false\n");
    // A scalar becomes a block mapping under its key, one step deeper, keeping the comment after it.
    expect(edit("jobs:\n    j:\n        permissions: read-all # broad\n", (root) => [{ op: "set", target: pairAt(root, "jobs", "j", "permissions"), value: yamlMapping({ contents: "read" }) }])).toBe(
      "jobs:\n    j:\n        permissions:\n            contents: read # broad\n",
    );
  });

  it("edit-scalar: only the part changes, in the scalar's own escaping; refused where the style cannot hold it", () => {
    const uses = (value: string, text: string, ref: string) =>
      edit(`steps:\n  - uses: ${value}\n`, (root) => {
        const scalar = at(root, "steps", 0, "uses") as AST.YAMLScalar;
        const offset = String(scalar.value).indexOf("@") + 1;
        return [{ op: "edit-scalar", scalar, start: offset, end: String(scalar.value).length, text: ref }];
      }) ?? `refused: ${text}`;
    expect(uses('"actions/checkout@v2" # pinned', "quoted", "v5")).toBe('steps:\n  - uses: "actions/checkout@v5" # pinned\n');
    expect(uses("'a@b'", "single", "it's")).toBe("steps:\n  - uses: 'a@it''s'\n");
    expect(uses("a@b", "plain", "x #y")).toBe("refused: plain");
    expect(
      edit("steps: [{run: 'twine upload -p X'}, {run: twine upload -p X}]\n", (root) => [
        { op: "edit-scalar", scalar: at(root, "steps", 1, "run") as AST.YAMLScalar, start: 16, end: 17, text: "${{ secrets.T }}" },
      ]),
    ).toBeUndefined();
  });

  it("edit-scalar and edit-comment: the same line gets the same edits wherever it is, and not where what surrounds it differs", () => {
    // Edits of one-line scalars and the comment after them are resolved once per text and moved
    // to each place: each file below must still come out right, in any order.
    const move = (text: string): string | undefined =>
      edit(text, (root, comments) => {
        const scalar = at(root, "steps", 0, "uses") as AST.YAMLScalar;
        const offset = String(scalar.value).indexOf("@") + 1;
        const comment = comments.find((each) => each.range[0] > scalar.range[1]);
        return [
          { op: "edit-scalar", scalar, start: offset, end: String(scalar.value).length, text: "0123abc" },
          ...(comment ? [{ op: "edit-comment", comment, start: 1, end: 3, text: "v5" } as const] : []),
        ];
      });
    const line = "actions/checkout@v2 # v2";
    expect(move(`steps:\n  - uses: ${line}\n`)).toBe("steps:\n  - uses: actions/checkout@0123abc # v5\n");
    expect(move(`on: push\nsteps:\n      - name: later\n        uses: ${line}\n`)).toBe("on: push\nsteps:\n      - name: later\n        uses: actions/checkout@0123abc # v5\n");
    expect(move(`steps:\n  - uses: actions/checkout@v2  # v2\n`)).toBe("steps:\n  - uses: actions/checkout@0123abc  # v5\n");
    // The same text, shared through an anchor: refused, and the unshared line after it is not.
    expect(move(`steps:\n  - uses: &ref ${line}\n  - uses: *ref\n`)).toBeUndefined();
    expect(move(`steps:\n  - uses: ${line}\n`)).toBe("steps:\n  - uses: actions/checkout@0123abc # v5\n");
    // The same scalar text in a block and in a flow mapping: `{` is safe in one and not the other.
    const run = (text: string) =>
      edit(text, (root) => [{ op: "edit-scalar", scalar: at(root, "steps", 0, "run") as AST.YAMLScalar, start: 16, end: 17, text: "${{ secrets.T }}" }]);
    expect(run("steps:\n  - run: twine upload -p X\n")).toBe("steps:\n  - run: twine upload -p ${{ secrets.T }}\n");
    expect(run("steps: [{run: twine upload -p X}]\n")).toBeUndefined();
    expect(run("steps:\n    - run: twine upload -p X\n")).toBe("steps:\n    - run: twine upload -p ${{ secrets.T }}\n");
  });

  it("refuses a change aimed at a node of another file (a called workflow's, a composite action's)", () => {
    const own = "a: 1\n";
    const other = "a: 2\n";
    const ownAst = parseForESLint(own).ast;
    const otherAst = parseForESLint(other).ast;
    const pairOf = (ast: AST.YAMLProgram) => (ast.body[0]!.content as AST.YAMLMapping).pairs[0]!;
    const change = (ast: AST.YAMLProgram): Change[] => [{ op: "set", target: pairOf(ast), value: 3 }];
    expect(new YamlEditor(own, ownAst).apply(change(ownAst))).toEqual([{ range: [3, 4], text: "3" }]);
    expect(new YamlEditor(own, ownAst).apply(change(otherAst))).toBeUndefined();
    expect(new YamlEditor(own, ownAst).apply([...change(ownAst), { op: "edit-comment", comment: { type: "Line", value: " x", range: [0, 3], loc: ownAst.loc } as AST.Comment, start: 0, end: 1, text: "y" }])).toBeUndefined();
  });

  it("refuses what cannot be written exactly: shared nodes, duplicate keys, a change to a removed pair", () => {
    const anchored = "x: &defaults\n  A: 1\ny:\n  <<: *defaults\n";
    expect(edit(anchored, (root) => [{ op: "add", mapping: mappingAt(root, "x"), key: "B", value: 2 }])).toBeUndefined();
    expect(new YamlEditor(anchored).apply([])).toEqual([]);
    // A change meant for every place that repeats the node says so: the anchored value is edited where it is written.
    const secret = "x: &pw npm_abc\ny: *pw\n";
    expect(edit(secret, (root) => [{ op: "set", target: pairAt(root, "x"), value: "${{ secrets.NPM_TOKEN }}" }])).toBeUndefined();
    expect(edit(secret, (root) => [{ op: "set", target: pairAt(root, "x"), value: "${{ secrets.NPM_TOKEN }}", shared: "edit" }])).toBe("x: &pw ${{ secrets.NPM_TOKEN }}\ny: *pw\n");
    expect(new YamlEditor(anchored).apply(undefined)).toBeUndefined();
    expect(edit(STEP, (root) => [{ op: "add", mapping: mappingAt(root, "jobs", "j", "steps", 0), key: "run", value: "x" }])).toBeUndefined();
    expect(
      edit(STEP, (root) => [
        { op: "add", mapping: mappingAt(root, "jobs", "j", "steps", 0), key: "env", value: yamlMapping({}) },
        { op: "add", mapping: mappingAt(root, "jobs", "j", "steps", 0), key: "env", value: yamlMapping({}) },
      ]),
    ).toBeUndefined();
    expect(
      edit(STEP, (root) => [
        { op: "remove", pair: pairAt(root, "jobs", "j", "steps", 0, "run") },
        { op: "set", target: pairAt(root, "jobs", "j", "steps", 0, "run"), value: "x" },
      ]),
    ).toBeUndefined();
  });
});
