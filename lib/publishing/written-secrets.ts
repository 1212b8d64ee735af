/**
 * Token shapes and passwords in URLs written anywhere in a CI file: in every scalar (keys too),
 * every comment, and the rest of the text (anchor and alias names, tags, directives). Each secret
 * is found where YAML reads it (a scalar's value, a comment's text), so that a report can point at
 * it and a fix can replace it; what no scalar or comment holds is found in the raw text.
 *
 * The file's text is searched once (literals.ts: `scanSecrets`); a scalar or comment is searched
 * on its own only where that search found something, or where YAML reads it otherwise than it is
 * written (an escape in a double-quoted scalar, a private key's header folded over lines). A file
 * with no token's hint, no URL with a user part and no such scalar (nearly every file) is not
 * walked at all.
 */
import type { AST } from "yaml-eslint-parser";
import { allScalars, type YAMLComment, type YAMLScalar } from "../yaml/nodes.js";
import { findSecrets, mayHoldSecret, scanSecrets, type SecretMatch } from "./literals.js";

/** One secret written in the file; `found`'s offsets are in its holder's text (the scalar's value, the comment's text, or the file's text). */
export type WrittenSecret =
  | { readonly in: "scalar"; readonly scalar: YAMLScalar; readonly found: SecretMatch }
  | { readonly in: "comment"; readonly comment: YAMLComment; readonly found: SecretMatch }
  /** In no scalar or comment: an anchor's or alias's name, a tag (`mark`), or a directive. */
  | { readonly in: "text"; readonly found: SecretMatch; readonly mark: "anchor" | "alias" | "tag" | undefined };

/** Every secret written in the file, scalars first, then comments, then the rest of the text, each in document order. */
export function secretsWrittenIn(program: AST.YAMLProgram, text: string): WrittenSecret[] {
  // What the text's own search cannot see: a scalar YAML reads otherwise than it is written, a
  // double-quoted one with escapes (`"npm\x5f…"`) or a private key's header folded over lines.
  const escapes = text.includes("\\") && program.tokens.some((token) => token.type === "String" && token.value.startsWith('"') && token.value.includes("\\"));
  const privateKey = text.includes("PRIVATE");
  if (!escapes && !privateKey && !mayHoldSecret(text)) return [];
  const written: WrittenSecret[] = [];
  const { secrets: inText, mayHold, mayHoldAny } = scanSecrets(text);
  // Where no part of the text may hold one, only a scalar read otherwise than written could.
  const readOtherwise = (scalar: YAMLScalar, value: string) =>
    (escapes && scalar.style === "double-quoted" && scalar.raw.includes("\\")) || (privateKey && value.includes("PRIVATE KEY"));
  // Which secrets of the text a scalar or comment holds: the others are reported from the text.
  const placed = new Uint8Array(inText.length);
  const place = (range: readonly [number, number]) => {
    // The first secret that ends after the range starts, then every one that starts before it ends.
    let low = 0;
    for (let high = inText.length; low < high; ) {
      const middle = (low + high) >>> 1;
      if (inText[middle]!.end <= range[0]) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < inText.length && inText[i]!.start < range[1]; i++) placed[i] = 1;
  };
  for (const scalar of mayHoldAny || escapes || privateKey ? allScalars(program) : []) {
    if (inText.length > 0) place(scalar.range);
    if (typeof scalar.value !== "string") continue;
    if (!(mayHoldAny && mayHold(scalar.range[0], scalar.range[1])) && !readOtherwise(scalar, scalar.value)) continue;
    for (const found of findSecrets(scalar.value)) written.push({ in: "scalar", scalar, found });
  }
  for (const comment of mayHoldAny ? program.comments : []) {
    if (inText.length > 0) place(comment.range);
    if (!mayHold(comment.range[0], comment.range[1])) continue;
    for (const found of findSecrets(comment.value)) written.push({ in: "comment", comment, found });
  }
  for (const [index, found] of inText.entries()) {
    if (!placed[index]) written.push({ in: "text", found, mark: markOf(text, found.start) });
  }
  return written;
}

const MARKS = { "&": "anchor", "*": "alias", "!": "tag" } as const;

/** The YAML mark that opens the word a secret stands in (`&name`, `*name`, `!tag`), if any. */
function markOf(text: string, start: number): "anchor" | "alias" | "tag" | undefined {
  // Back to the start of the word, at most 1,000 characters (a longer name is named by its line).
  let at = start;
  while (at > 0 && start - at < 1000 && !/[\s,[\]{}]/u.test(text[at - 1]!)) at--;
  const mark = text[at];
  return mark !== undefined && Object.hasOwn(MARKS, mark) ? MARKS[mark as keyof typeof MARKS] : undefined;
}
