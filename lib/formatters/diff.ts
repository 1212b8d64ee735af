/**
 * A unified diff of two versions of one file, for `--fix-dry-run`: what `--fix` would change.
 * The output applies with `git apply` / `patch -p1` (paths carry the usual a/ and b/ prefixes).
 *
 * Lines are compared whole (a CR of a CRLF line stays part of the line). The middle part that
 * differs is aligned by longest common subsequence; fixes touch a few lines, so it is small.
 */

const NO_NEWLINE = "\\ No newline at end of file";
/** Past this many cells the LCS table is not worth it: the middle is shown as removed + added. */
const MAX_TABLE = 4_000_000;

interface Line {
  readonly text: string;
  /** The last line of a file that does not end with a newline. */
  readonly unterminated: boolean;
}

type Op = { readonly kind: " " | "-" | "+"; readonly line: Line };

function linesOf(text: string): Line[] {
  if (text === "") return [];
  const parts = text.split("\n");
  const terminated = parts.at(-1) === "";
  if (terminated) parts.pop();
  return parts.map((part, index) => ({ text: part, unterminated: !terminated && index === parts.length - 1 }));
}

const same = (a: Line, b: Line): boolean => a.text === b.text && a.unterminated === b.unterminated;

function operations(before: Line[], after: Line[]): Op[] {
  let start = 0;
  while (start < before.length && start < after.length && same(before[start]!, after[start]!)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && same(before[endBefore - 1]!, after[endAfter - 1]!)) {
    endBefore--;
    endAfter--;
  }
  const head: Op[] = before.slice(0, start).map((line) => ({ kind: " ", line }));
  const tail: Op[] = before.slice(endBefore).map((line) => ({ kind: " ", line }));
  const a = before.slice(start, endBefore);
  const b = after.slice(start, endAfter);
  if (a.length * b.length > MAX_TABLE) {
    return [...head, ...a.map((line): Op => ({ kind: "-", line })), ...b.map((line): Op => ({ kind: "+", line })), ...tail];
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = same(a[i]!, b[j]!) ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const middle: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && same(a[i]!, b[j]!)) {
      middle.push({ kind: " ", line: a[i++]! });
      j++;
    } else if (i < a.length && (j === b.length || lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
      middle.push({ kind: "-", line: a[i++]! });
    } else {
      middle.push({ kind: "+", line: b[j++]! });
    }
  }
  return [...head, ...middle, ...tail];
}

const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${start},${count}`);

/**
 * The unified diff from `before` to `after`, or "" when they are equal. `file` is the path shown
 * in the `--- a/…` / `+++ b/…` header (relative to the repository root, with forward slashes).
 */
export function unifiedDiff(before: string, after: string, file: string, context = 3): string {
  const ops = operations(linesOf(before), linesOf(after));
  const changed = ops.flatMap((op, index) => (op.kind === " " ? [] : [index]));
  if (changed.length === 0) return "";

  // Group changes whose unchanged gap is small enough to share context.
  const groups: [number, number][] = [];
  for (const index of changed) {
    const last = groups.at(-1);
    if (last && index - last[1] <= 2 * context + 1) last[1] = index;
    else groups.push([index, index]);
  }

  const out = [`--- a/${file}`, `+++ b/${file}`];
  // Line numbers (1-based) of the next old and new line at each op index.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const op of ops) {
    oldAt.push(oldLine);
    newAt.push(newLine);
    if (op.kind !== "+") oldLine++;
    if (op.kind !== "-") newLine++;
  }
  for (const [first, last] of groups) {
    const start = Math.max(0, first - context);
    const end = Math.min(ops.length, last + context + 1);
    const hunk = ops.slice(start, end);
    const oldCount = hunk.filter((op) => op.kind !== "+").length;
    const newCount = hunk.filter((op) => op.kind !== "-").length;
    const oldStart = oldCount === 0 ? oldAt[start]! - 1 : oldAt[start]!;
    const newStart = newCount === 0 ? newAt[start]! - 1 : newAt[start]!;
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`);
    for (const op of hunk) {
      out.push(`${op.kind}${op.line.text}`);
      if (op.line.unterminated) out.push(NO_NEWLINE);
    }
  }
  return `${out.join("\n")}\n`;
}
