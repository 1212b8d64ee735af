/**
 * createRule's report, the plugin's one redaction point, on the path every report takes: a report
 * with nothing to redact reaches ESLint as the rule wrote it (no copy per report), and one with a
 * token in its data, message or suggestion titles reaches it redacted, the rule's objects untouched.
 */
import { describe, expect, it } from "vitest";
import { createRule } from "../../lib/rule-creator.js";

const TOKEN = `npm_${"Kq7Wd3Xz".repeat(5).slice(0, 36)}`;

/** Runs a rule that reports `descriptor` once, and returns what ESLint's context received. */
function reported(descriptor: Record<string, unknown>): Record<string, unknown> {
  const rule = createRule<"found" | "fixIt">({
    name: "test-rule",
    meta: { type: "problem", docs: { description: "test", recommended: false }, hasSuggestions: true, schema: [], messages: { found: "{{what}}", fixIt: "{{how}}" } },
    create: (context) => ({ Program: () => context.report(descriptor as never) }),
  });
  const received: Record<string, unknown>[] = [];
  const context = { report: (value: Record<string, unknown>) => received.push(value) };
  (rule.create(context as never) as { Program: () => void }).Program();
  expect(received).toHaveLength(1);
  return received[0]!;
}

describe("the redacting context", () => {
  it("passes a report with nothing to redact through as written", () => {
    const suggest = [{ messageId: "fixIt", data: { how: "Upgrade to `actions/checkout@v6`." } }];
    const descriptor = { loc: { line: 1, column: 0 }, messageId: "found", data: { what: "`actions/checkout@v2`" }, suggest };
    const out = reported(descriptor);
    expect(out).toBe(descriptor);
    expect(out.suggest).toBe(suggest);
  });

  it("redacts a token in data, message and suggestion titles, leaving the rule's objects as they were", () => {
    const data = { what: `job ${TOKEN}`, count: 2 };
    const suggest = [{ messageId: "fixIt", data: { how: "no secret here" } }, { messageId: "fixIt", data: { how: `use ${TOKEN}` } }];
    const descriptor = { loc: { line: 1, column: 0 }, messageId: "found", data, suggest };
    const out = reported(descriptor) as { data: Record<string, unknown>; suggest: { data: Record<string, unknown> }[] };
    expect(out).not.toBe(descriptor);
    expect(out.data).toEqual({ what: "job npm_…", count: 2 });
    expect(out.suggest[0]).toBe(suggest[0]);
    expect(out.suggest[1]!.data).toEqual({ how: "use npm_…" });
    expect(data.what).toContain(TOKEN);
    expect(JSON.stringify(out)).not.toContain(TOKEN.slice(4));
    expect((reported({ loc: { line: 1, column: 0 }, message: `leaked ${TOKEN}` }) as { message: string }).message).toBe("leaked npm_…");
    const titled = reported({ loc: { line: 1, column: 0 }, message: "found", suggest: [{ desc: `Revoke ${TOKEN}`, fix: () => null }] }) as { suggest: { desc: string }[] };
    expect(titled.suggest[0]!.desc).toBe("Revoke npm_…");
  });
});
