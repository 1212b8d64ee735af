/**
 * createRule gives ESLint one `Program` listener per rule for all files (lib/rule-creator.ts:
 * ESLint keeps every listener function in a WeakMap), which runs the visitor the rule made for the
 * file whose `Program` node it is given.
 */
import { describe, expect, it } from "vitest";
import { Linter, type ESLint } from "eslint";
import { createRule } from "../../lib/rule-creator.js";

/** A rule that reports the text of the file it lints, as its own visitor sees it. */
function textRule(onProgram: (text: string) => void = () => {}) {
  return createRule<"text">({
    name: "text-rule",
    meta: { type: "problem", docs: { description: "test", recommended: false }, schema: [], messages: { text: "{{text}}" } },
    create: (context) => ({
      Program() {
        const text = context.sourceCode.text;
        onProgram(text);
        context.report({ loc: { line: 1, column: 0 }, messageId: "text", data: { text } });
      },
    }),
  });
}

const config = (rules: Record<string, unknown>, names = ["a"]): Linter.Config[] => [
  {
    files: ["**/*.js"],
    plugins: Object.fromEntries(names.map((name) => [name, { rules } as ESLint.Plugin])),
    rules: Object.fromEntries(names.flatMap((name) => Object.keys(rules).map((id) => [`${name}/${id}`, "error" as const]))),
  },
];

describe("one Program listener per rule", () => {
  it("is the same function for every file, and runs each file's own visitor", () => {
    const rule = textRule();
    const listeners = ["a;", "b;"].map((text) => (rule.create({ sourceCode: { text, ast: {} }, report() {} } as never) as { Program: unknown }).Program);
    expect(listeners[0]).toBe(listeners[1]);
    const linter = new Linter();
    const cfg = config({ text: rule });
    for (const text of ["one;", "two;", "three;"]) {
      expect(linter.verify(text, cfg, "x.js").map((message) => message.message)).toEqual([text]);
    }
  });

  it("finds each registration's visitor when one rule is on under two names", () => {
    const linter = new Linter();
    const messages = linter.verify("both;", config({ text: textRule() }, ["a", "b"]), "x.js");
    expect(messages.map((message) => `${message.ruleId}: ${message.message}`)).toEqual(["a/text: both;", "b/text: both;"]);
  });

  it("keeps the outer file's visitor through a lint run inside the rule", () => {
    const linter = new Linter();
    const inner = new Linter();
    const nested: string[] = [];
    const rule = textRule((text) => {
      if (text === "outer;") nested.push(...inner.verify("inner;", config({ text: rule }), "y.js").map((message) => message.message));
    });
    expect(linter.verify("outer;", config({ text: rule }), "x.js").map((message) => message.message)).toEqual(["outer;"]);
    expect(nested).toEqual(["inner;"]);
  });

  it("gives a visitor with other listeners to ESLint as it is, and forgets visitors ESLint never walks", () => {
    const exits: string[] = [];
    const rule = createRule({
      name: "exit-rule",
      meta: { type: "problem", docs: { description: "test", recommended: false }, schema: [], messages: {} },
      create: (context) => ({ Program() {}, "Program:exit"() { exits.push(context.sourceCode.text); } }),
    });
    const visitor = rule.create({ sourceCode: { text: "", ast: {} } } as never);
    expect(Object.keys(visitor)).toEqual(["Program", "Program:exit"]);
    new Linter().verify("exit;", config({ exit: rule }), "x.js");
    expect(exits).toEqual(["exit;"]);

    // Rules made for files that are never walked (a lint that stopped) do not run on later files.
    const seen: string[] = [];
    const text = textRule((read) => seen.push(read));
    for (let file = 0; file < 100; file++) text.create({ sourceCode: { text: `unwalked ${file}`, ast: {} }, report() {} } as never);
    expect(new Linter().verify("walked;", config({ text }), "x.js").map((message) => message.message)).toEqual(["walked;"]);
    expect(seen).toEqual(["walked;"]);
  });

  it("keeps the visitors of the last 16 files made and not walked, and no more", () => {
    const seen: string[] = [];
    const rule = textRule((read) => seen.push(read));
    const make = (name: string) => {
      const ast = {};
      const listener = rule.create({ sourceCode: { text: name, ast }, report() {} } as never) as { Program(node: unknown): void };
      return () => listener.Program(ast);
    };
    const first = make("first");
    for (let file = 0; file < 15; file++) make(`other ${file}`);
    first();
    expect(seen).toEqual(["first"]);
    const dropped = make("dropped");
    for (let file = 0; file < 16; file++) make(`later ${file}`);
    dropped();
    expect(seen).toEqual(["first"]);
  });
});
