/**
 * Enough of a shell reader to find the commands a `run:` script executes.
 *
 * Words, quotes, escapes and operators are tokenized by `shell-quote`. What it does not know is
 * handled here, before it: line structure (newlines separate commands, backslash-newline joins
 * lines, quoted strings may span lines), comments, heredoc bodies (data, not commands) and
 * GitHub's `${{ }}` expressions (replaced by placeholders so the tokenizer keeps them whole).
 */
import { parse, type ParseEntry } from "shell-quote";

export interface ShellCommand {
  /** The command and its arguments, after leading assignments and wrappers (`sudo`, `env`, …). */
  readonly argv: readonly string[];
  /** `NAME=value` assignments written before the command, for that command only. */
  readonly assignments: ReadonlyMap<string, string>;
  /** Zero-based line in the script where the command's logical line starts. */
  readonly line: number;
}

export interface ShellScript {
  readonly text: string;
  readonly commands: readonly ShellCommand[];
  /** Variables the script sets for its later commands (`NAME=value`, `export NAME=value`). */
  readonly assignments: ReadonlyMap<string, string>;
  /** Variables the script appends to `$GITHUB_ENV`, which later steps see. */
  readonly githubEnvWrites: ReadonlySet<string>;
}

interface LogicalLine {
  readonly text: string;
  readonly line: number;
}

const HEREDOC = /^<<(-?)[ \t]*(["']?)([A-Za-z_][\w.-]*)\2/u;

/** Splits a script into logical lines: comments dropped, continuations joined, heredoc bodies skipped. */
export function logicalLines(script: string): LogicalLine[] {
  const text = script.replace(/\r\n?/gu, "\n");
  const lines: LogicalLine[] = [];
  let buffer = "";
  let startLine = 0;
  let line = 0;
  let quote: "'" | '"' | undefined;
  const heredocs: { delimiter: string; stripTabs: boolean }[] = [];

  const endLine = (at: number): number => {
    if (buffer.trim() !== "") lines.push({ text: buffer, line: startLine });
    buffer = "";
    let next = at + 1;
    line++;
    // Skip heredoc bodies: everything up to each delimiter line, in order.
    for (const { delimiter, stripTabs } of heredocs.splice(0)) {
      while (next < text.length) {
        const eol = text.indexOf("\n", next);
        const end = eol === -1 ? text.length : eol;
        let body = text.slice(next, end);
        if (stripTabs) body = body.replace(/^\t+/u, "");
        next = end + 1;
        line++;
        if (body === delimiter) break;
      }
    }
    startLine = line;
    return next;
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (quote === "'") {
      buffer += c;
      if (c === "'") quote = undefined;
      if (c === "\n") line++;
      i++;
    } else if (quote === '"') {
      if (c === "\\" && i + 1 < text.length) {
        buffer += c + text[i + 1];
        if (text[i + 1] === "\n") line++;
        i += 2;
        continue;
      }
      buffer += c;
      if (c === '"') quote = undefined;
      if (c === "\n") line++;
      i++;
    } else if (c === "\\" && text[i + 1] === "\n") {
      buffer += " ";
      line++;
      i += 2;
    } else if (c === "\\" && i + 1 < text.length) {
      buffer += c + text[i + 1];
      i += 2;
    } else if (c === "'" || c === '"') {
      quote = c;
      buffer += c;
      i++;
    } else if (c === "#" && (buffer === "" || /[\s;&|()]$/u.test(buffer))) {
      const eol = text.indexOf("\n", i);
      i = eol === -1 ? text.length : eol;
    } else if (c === "\n") {
      i = endLine(i);
    } else if (c === "<" && text[i + 1] === "<" && text[i + 2] !== "<") {
      const match = HEREDOC.exec(text.slice(i, i + 200));
      if (match) heredocs.push({ delimiter: match[3]!, stripTabs: match[1] === "-" });
      buffer += "<<";
      i += 2;
    } else {
      buffer += c;
      i++;
    }
  }
  if (buffer.trim() !== "") lines.push({ text: buffer, line: startLine });
  return lines;
}

// Private-use characters never appear in real scripts, so they mark placeholders safely.
const PLACEHOLDER = /\uE000(\d+)\uE001/gu;
const EXPRESSION = /\$\{\{(?:[^}]|\}(?!\}))*\}\}/gu;

/** Tokenizes one logical line; GitHub expressions come back whole inside the words. */
function tokenize(line: string): ParseEntry[] {
  const expressions: string[] = [];
  const masked = line.replace(EXPRESSION, (expression) => `\uE000${expressions.push(expression) - 1}\uE001`);
  let entries: ParseEntry[];
  try {
    // Keep variables as written (`$NAME`): they are references, not values.
    entries = parse(masked, (name) => `$${name}`);
  } catch {
    // shell-quote rejects some parameter expansions; fall back to plain words.
    entries = masked.split(/\s+/u).filter(Boolean).map((word) => word.replace(/^(["'])(.*)\1$/u, "$2"));
  }
  if (expressions.length === 0) return entries;
  const unmask = (word: string) => word.replace(PLACEHOLDER, (_, index: string) => expressions[Number(index)] ?? "");
  return entries.map((entry) => {
    if (typeof entry === "string") return unmask(entry);
    if ("pattern" in entry) return { ...entry, pattern: unmask(entry.pattern) };
    return entry;
  });
}

const SEPARATORS = new Set(["&&", "||", ";", ";;", "|", "|&", "&", "(", ")", "<("]);
const REDIRECTS = new Set([">", ">>", "<", ">&", "<&", "&>", "&>>", "<<<", "<>", ">|"]);
const RESERVED = new Set(["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "{", "}", "!", "time", "case", "esac"]);
/** Wrappers that run the rest of their arguments as a command, with how many leading words they take. */
const WRAPPERS: Record<string, { readonly optionsWithValue: ReadonlySet<string>; readonly positional: number }> = {
  sudo: { optionsWithValue: new Set(["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U"]), positional: 0 },
  env: { optionsWithValue: new Set(["-u", "-C", "-S"]), positional: 0 },
  exec: { optionsWithValue: new Set(["-a"]), positional: 0 },
  nohup: { optionsWithValue: new Set(), positional: 0 },
  command: { optionsWithValue: new Set(), positional: 0 },
  time: { optionsWithValue: new Set(["-f", "-o"]), positional: 0 },
  timeout: { optionsWithValue: new Set(["-k", "-s", "--kill-after", "--signal"]), positional: 1 },
  xargs: { optionsWithValue: new Set(["-I", "-n", "-P", "-L", "-d", "-E", "-s", "-a"]), positional: 0 },
};
const ASSIGNMENT = /^([A-Za-z_]\w*)=([\s\S]*)$/u;

function toCommand(words: string[], line: number, scriptAssignments: Map<string, string>): ShellCommand | undefined {
  let start = 0;
  while (start < words.length && RESERVED.has(words[start]!)) start++;
  const assignments = new Map<string, string>();
  for (; start < words.length; start++) {
    const match = ASSIGNMENT.exec(words[start]!);
    if (!match) break;
    assignments.set(match[1]!, match[2]!);
  }
  if (start >= words.length) {
    for (const [name, value] of assignments) scriptAssignments.set(name, value);
    return undefined;
  }
  if (words[start] === "export" || words[start] === "declare" || words[start] === "readonly") {
    for (const word of words.slice(start + 1)) {
      const match = ASSIGNMENT.exec(word);
      if (match) scriptAssignments.set(match[1]!, match[2]!);
    }
    return undefined;
  }
  // Unwrap `sudo -E …`, `env A=b …`, `timeout 60 …`: the command is what they run.
  for (let wrapper = WRAPPERS[words[start]!]; wrapper; wrapper = WRAPPERS[words[start]!]) {
    start++;
    let positional = wrapper.positional;
    while (start < words.length) {
      const word = words[start]!;
      const assignment = ASSIGNMENT.exec(word);
      if (wrapper === WRAPPERS.env && assignment) {
        assignments.set(assignment[1]!, assignment[2]!);
        start++;
      } else if (word.startsWith("-")) {
        start += wrapper.optionsWithValue.has(word) ? 2 : 1;
      } else if (positional > 0) {
        positional--;
        start++;
      } else {
        break;
      }
    }
  }
  const argv = words.slice(start);
  return argv.length > 0 ? { argv, assignments, line } : undefined;
}

const GITHUB_ENV_NAME = /(?:^|[\s"'])([A-Za-z_]\w*)(?:=|<<)/gu;

export function readShellScript(text: string): ShellScript {
  const commands: ShellCommand[] = [];
  const assignments = new Map<string, string>();
  const githubEnvWrites = new Set<string>();
  for (const { text: lineText, line } of logicalLines(text)) {
    if (lineText.includes("GITHUB_ENV")) {
      for (const match of lineText.matchAll(GITHUB_ENV_NAME)) githubEnvWrites.add(match[1]!);
    }
    let words: string[] = [];
    let skipNext = false;
    const flush = () => {
      const command = toCommand(words, line, assignments);
      if (command) commands.push(command);
      words = [];
    };
    for (const entry of tokenize(lineText)) {
      if (typeof entry === "string" || "pattern" in entry) {
        if (skipNext) skipNext = false;
        else words.push(typeof entry === "string" ? entry : entry.pattern);
      } else if ("comment" in entry) {
        break;
      } else if (SEPARATORS.has(entry.op)) {
        skipNext = false;
        flush();
      } else if (REDIRECTS.has(entry.op)) {
        skipNext = true;
      }
    }
    flush();
  }
  return { text, commands, assignments, githubEnvWrites };
}

/** One `NAME=value` a script writes, wherever it stands. */
export interface ShellAssignment {
  readonly name: string;
  /** The value as the shell reads it (quotes removed, `$VAR` kept as written). */
  readonly value: string;
  /** Zero-based line in the script where the assignment's logical line starts. */
  readonly line: number;
  /**
   * How it is written: before a command, for that command only (`NAME=v cmd`, `env NAME=v cmd`);
   * on its own (`NAME=v`); or after `export`, `declare` or `readonly`.
   */
  readonly form: "command-prefix" | "bare" | "export";
}

/**
 * Every assignment in a script, in order, with its line and form; only the logical lines whose
 * text passes `filter` are tokenized (a cheap pre-check, such as "mentions a credential name").
 */
export function assignmentsIn(text: string, filter: (lineText: string) => boolean = () => true): ShellAssignment[] {
  const found: ShellAssignment[] = [];
  for (const { text: lineText, line } of logicalLines(text)) {
    if (!lineText.includes("=") || !filter(lineText)) continue;
    let words: string[] = [];
    const flush = () => {
      let start = 0;
      while (start < words.length && RESERVED.has(words[start]!)) start++;
      const prefix: [string, string][] = [];
      for (let match = ASSIGNMENT.exec(words[start] ?? ""); match; match = ASSIGNMENT.exec(words[++start] ?? "")) {
        prefix.push([match[1]!, match[2]!]);
      }
      const form = start >= words.length ? "bare" : "command-prefix";
      for (const [name, value] of prefix) found.push({ name, value, line, form });
      const head = words[start];
      const exported = head === "export" || head === "declare" || head === "readonly";
      if (exported || head === "env") {
        for (const word of words.slice(start + 1)) {
          const match = ASSIGNMENT.exec(word);
          if (match) found.push({ name: match[1]!, value: match[2]!, line, form: exported ? "export" : "command-prefix" });
          else if (!exported && !word.startsWith("-")) break;
        }
      }
      words = [];
    };
    let skipNext = false;
    for (const entry of tokenize(lineText)) {
      if (typeof entry === "string" || "pattern" in entry) {
        if (skipNext) skipNext = false;
        else words.push(typeof entry === "string" ? entry : entry.pattern);
      } else if ("comment" in entry) {
        break;
      } else if (SEPARATORS.has(entry.op)) {
        skipNext = false;
        flush();
      } else if (REDIRECTS.has(entry.op)) {
        skipNext = true;
      }
    }
    flush();
  }
  return found;
}
