/**
 * Enough of a shell reader to find the commands a `run:` script executes.
 *
 * Words, quotes, escapes and operators are tokenized by `shell-quote`. What it does not know is
 * handled here, before it: line structure (newlines separate commands, backslash-newline joins
 * lines, quoted strings may span lines), comments, heredoc bodies (data, not commands) and
 * GitHub's `${{ }}` expressions (replaced by placeholders so the tokenizer keeps them whole).
 */
import { parse, type ParseEntry } from "shell-quote";
import { powershellAssignment, powershellCommands, powershellLines } from "./powershell.js";

/** The language of a script: a POSIX shell (bash, sh), or PowerShell (`pwsh`, `powershell`). */
export type ShellDialect = "sh" | "powershell";

export interface ShellCommand {
  /** The command and its arguments, after leading assignments and wrappers (`sudo`, `env`, …). */
  readonly argv: readonly string[];
  /** `NAME=value` assignments written before the command, for that command only. */
  readonly assignments: ReadonlyMap<string, string>;
  /** Zero-based line in the script where the command's logical line starts. */
  readonly line: number;
}

export interface LogicalLine {
  readonly text: string;
  readonly line: number;
}

const HEREDOC = /^<<(-?)[ \t]*(["']?)([A-Za-z_][\w.-]*)\2/u;

/** Characters that change the line structure (newline, quotes, `#`, `<`, backslash), by code: the text between them is read as it is. */
const STRUCTURAL = new Uint8Array(128);
for (const c of "\n\"#'<\\") STRUCTURAL[c.charCodeAt(0)] = 1;

/** Where the next character that changes the line structure is, from `from`; the text's length when there is none. */
function nextStructural(text: string, from: number): number {
  let at = from;
  for (; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code < 128 && STRUCTURAL[code] === 1) break;
  }
  return at;
}

/**
 * Splits a script into logical lines: comments dropped, continuations joined, heredoc bodies skipped.
 *
 * A logical line is built from runs of the text between the places that change it (a comment cut
 * out, a continuation joined by a blank): `buffer` holds what is built so far and `run` where the
 * current run starts. Most lines change nowhere, and their text is one slice of the script (a
 * string built by appending a slice per quote or operator cost a 1 MB script more than parsing it).
 */
export function logicalLines(script: string): LogicalLine[] {
  const text = script.includes("\r") ? script.replace(/\r\n?/gu, "\n") : script;
  const lines: LogicalLine[] = [];
  let buffer = "";
  let run = 0;
  let startLine = 0;
  let line = 0;
  const heredocs: { delimiter: string; stripTabs: boolean }[] = [];

  /** Keeps the logical line that ends at `end`, unless it is blank. */
  const keepLine = (end: number): void => {
    const lineText = buffer + text.slice(run, end);
    if (NOT_BLANK.test(lineText)) lines.push({ text: lineText, line: startLine });
  };
  /** Ends the logical line at the newline at `at`, skips heredoc bodies, returns where to go on. */
  const endLine = (at: number): number => {
    keepLine(at);
    buffer = "";
    let next = at + 1;
    line++;
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
    run = next;
    return next;
  };
  const newlinesIn = (from: number, to: number) => {
    let count = 0;
    for (let at = text.indexOf("\n", from); at !== -1 && at < to; at = text.indexOf("\n", at + 1)) count++;
    return count;
  };

  let i = 0;
  while (i < text.length) {
    const at = nextStructural(text, i);
    if (at === text.length) break;
    const c = text[at]!;
    if (c === "'") {
      // Single quotes: nothing is special until the closing quote.
      const close = text.indexOf("'", at + 1);
      const end = close === -1 ? text.length : close + 1;
      line += newlinesIn(at, end);
      i = end;
    } else if (c === '"') {
      // Double quotes: a backslash escapes the character after it.
      let end = at + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      end = Math.min(end + 1, text.length);
      line += newlinesIn(at, end);
      i = end;
    } else if (c === "\\") {
      if (text[at + 1] === "\n") {
        // A continuation: the line goes on after a blank.
        buffer += `${text.slice(run, at)} `;
        run = at + 2;
        line++;
      }
      i = at + 2;
    } else if (c === "#") {
      // A comment where a word can start: cut out up to the end of the line.
      const previous = at > run ? text[at - 1] : buffer.at(-1);
      if (previous === undefined || /[\s;&|()]/u.test(previous)) {
        buffer += text.slice(run, at);
        const eol = text.indexOf("\n", at);
        i = run = eol === -1 ? text.length : eol;
      } else {
        i = at + 1;
      }
    } else if (c === "\n") {
      i = endLine(at);
    } else if (text.startsWith("<<<", at)) {
      i = at + 3;
    } else if (text[at + 1] === "<") {
      const heredoc = HEREDOC.exec(text.slice(at, at + 200));
      if (heredoc) heredocs.push({ delimiter: heredoc[3]!, stripTabs: heredoc[1] === "-" });
      i = at + 2;
    } else {
      i = at + 1;
    }
  }
  keepLine(text.length);
  return lines;
}

/** What `trim() !== ""` tells, without the trimmed copy (`\s` is the set `trim` removes). */
const NOT_BLANK = /\S/u;

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
const REDIRECTS = new Set([">", ">>", "<", ">&", "<&", "&>", "&>>", "<<", "<<-", "<<<", "<>", ">|"]);
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

/**
 * The words of each simple command on one logical line: split at `&&`, `;`, `|`, `(`…, with
 * redirection targets and comments left out.
 */
function simpleCommands(lineText: string, dialect: ShellDialect = "sh"): string[][] {
  if (dialect === "powershell") return powershellCommands(lineText);
  const groups: string[][] = [];
  let words: string[] = [];
  let skipNext = false;
  for (const entry of tokenize(lineText)) {
    if (typeof entry === "string" || "pattern" in entry) {
      if (skipNext) skipNext = false;
      else words.push(typeof entry === "string" ? entry : entry.pattern);
    } else if ("comment" in entry) {
      break;
    } else if (SEPARATORS.has(entry.op)) {
      skipNext = false;
      groups.push(words);
      words = [];
    } else if (REDIRECTS.has(entry.op)) {
      skipNext = true;
    }
  }
  groups.push(words);
  return groups.filter((group) => group.length > 0);
}

/** Splits one logical line into commands. */
function commandsOf(line: LogicalLine, scriptAssignments: Map<string, string>, dialect: ShellDialect): ShellCommand[] {
  const commands: ShellCommand[] = [];
  for (const words of simpleCommands(line.text, dialect)) {
    if (dialect === "powershell") {
      const assignment = powershellAssignment(words);
      if (assignment) {
        scriptAssignments.set(assignment[0], assignment[1]);
        continue;
      }
    }
    const command = toCommand(words, line.line, scriptAssignments);
    if (command) commands.push(command);
  }
  return commands;
}

/** Scripts up to this length are tested whole before they are split into lines (see `mayHave`). */
const WHOLE_SCRIPT_TEST_LIMIT = 4096;

/**
 * A `run:` script. Reading it costs in proportion to what is asked: the line structure once,
 * then only the lines a question is about are tokenized (a 1 MB script that mentions a publishing
 * tool once costs one tokenized line for the publishing questions).
 */
export class ShellScript {
  #lines: LogicalLine[] | undefined;
  #joined: string | undefined;
  /** The lines tokenized so far (most scripts never have one tokenized: made on first use). */
  #tokenized: Map<number, { commands: ShellCommand[]; assignments: Map<string, string> }> | undefined;

  constructor(
    readonly text: string,
    readonly dialect: ShellDialect = "sh",
  ) {}

  /** Logical lines: comments dropped, continuations joined, heredoc bodies skipped. */
  get lines(): readonly LogicalLine[] {
    this.#lines ??= this.dialect === "powershell" ? powershellLines(this.text) : logicalLines(this.text);
    return this.#lines;
  }

  #read(index: number): { commands: ShellCommand[]; assignments: Map<string, string> } {
    this.#tokenized ??= new Map();
    let read = this.#tokenized.get(index);
    if (!read) {
      const assignments = new Map<string, string>();
      read = { commands: commandsOf(this.lines[index]!, assignments, this.dialect), assignments };
      this.#tokenized.set(index, read);
    }
    return read;
  }

  /**
   * Whether some logical line may pass `test`, a test for words a line has (never for their
   * absence): tried once on the whole script with continuations joined, which holds the text of
   * every line, so a script it rejects is never split into lines. PowerShell's lines are not
   * joined this way, and a script over 4 kB is split anyway: always `true` there.
   */
  mayHave(test: (text: string) => boolean): boolean {
    // A long script almost always has the words somewhere: testing it whole would only add a pass.
    if (this.dialect === "powershell" || this.text.length > WHOLE_SCRIPT_TEST_LIMIT) return true;
    if (this.#joined === undefined) {
      // Most scripts have no carriage return and no continued line: then the text itself.
      const text = this.text.includes("\r") ? this.text.replace(/\r\n?/gu, "\n") : this.text;
      this.#joined = text.includes("\\\n") ? text.replaceAll("\\\n", " ") : text;
    }
    return test(this.#joined);
  }

  /** The commands on the logical lines whose text passes `filter` (a cheap test for words a line has, see `mayHave`). */
  commandsWhere(filter: (lineText: string) => boolean): ShellCommand[] {
    const commands: ShellCommand[] = [];
    if (!this.mayHave(filter)) return commands;
    this.lines.forEach((line, index) => {
      if (filter(line.text)) commands.push(...this.#read(index).commands);
    });
    return commands;
  }

  /** Every command of the script. */
  get commands(): readonly ShellCommand[] {
    return this.commandsWhere(() => true);
  }

  /** The value a script assigns to a variable for its later commands (`NAME=value`, `export NAME=value`). */
  assignment(name: string): string | undefined {
    let value: string | undefined;
    // PowerShell writes `$env:NAME = value`, with blanks.
    const needle = this.dialect === "powershell" ? name : `${name}=`;
    if (!this.text.includes(needle)) return value;
    this.lines.forEach((line, index) => {
      if (!line.text.includes(needle)) return;
      const assigned = this.#read(index).assignments.get(name);
      if (assigned !== undefined) value = assigned;
    });
    return value;
  }

  /** Variables the script sets for later commands whose names pass `test`. */
  assignmentsWhere(test: (name: string) => boolean): Map<string, string> {
    const found = new Map<string, string>();
    this.lines.forEach((line, index) => {
      if (!line.text.includes("=")) return;
      for (const [name, value] of this.#read(index).assignments) if (test(name)) found.set(name, value);
    });
    return found;
  }

  /** Variables the script appends to `$GITHUB_ENV`, which later steps see. */
  get githubEnvWrites(): ReadonlySet<string> {
    const names = new Set<string>();
    if (!this.text.includes("GITHUB_ENV")) return names;
    for (const line of this.lines) {
      if (!line.text.includes("GITHUB_ENV")) continue;
      for (const match of line.text.matchAll(GITHUB_ENV_NAME)) names.add(match[1]!);
    }
    return names;
  }
}

export function readShellScript(text: string, dialect: ShellDialect = "sh"): ShellScript {
  return new ShellScript(text, dialect);
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
export function assignmentsIn(script: ShellScript, filter: (lineText: string) => boolean = () => true): ShellAssignment[] {
  const found: ShellAssignment[] = [];
  if (!script.text.includes("=") || !script.mayHave(filter)) return found;
  for (const { text: lineText, line } of script.lines) {
    if (!lineText.includes("=") || !filter(lineText)) continue;
    for (const words of simpleCommands(lineText, script.dialect)) {
      if (script.dialect === "powershell") {
        const assignment = powershellAssignment(words);
        if (assignment) {
          found.push({ name: assignment[0], value: assignment[1], line, form: "export" });
          continue;
        }
      }
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
    }
  }
  return found;
}
