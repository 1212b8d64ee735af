/**
 * Enough of a PowerShell reader to find the commands a `run:` script executes when the step's
 * shell is `pwsh` or `powershell` (explicitly, or by default on Windows runners).
 *
 * What differs from the POSIX shells, and matters for finding an upload and its credential:
 * - a backtick (`` ` ``) at the end of a line continues the command on the next line (the
 *   multi-line `dotnet nuget push … `` ` `` / `--api-key "$env:NUGET_AUTH_TOKEN"` of real workflows);
 * - `$env:NAME` reads an environment variable, and `$env:NAME = "value"` sets one for later commands;
 * - the backslash is no escape character (`C:\path\` stays as written); the backtick is, inside
 *   double quotes; single quotes take nothing literally but a doubled quote;
 * - `#` starts a comment where a word can start; `<# … #>` is a block comment;
 *   here-strings (`@" … "@`, `@' … '@`) are data;
 * - `&` and `.` before a command run it (`& ./build.ps1 -Key $k`).
 * Sources: about_Parsing, about_Quoting_Rules, about_Comments, about_Environment_Variables
 * (learn.microsoft.com/powershell/module/microsoft.powershell.core/about/).
 */
/** One logical line (the same shape as script.ts's `LogicalLine`). */
interface LogicalLine {
  readonly text: string;
  readonly line: number;
}

/** Splits a PowerShell script into logical lines: comments dropped, backtick continuations joined, here-strings skipped. */
export function powershellLines(script: string): LogicalLine[] {
  const text = script.includes("\r") ? script.replace(/\r\n?/gu, "\n") : script;
  const lines: LogicalLine[] = [];
  let buffer = "";
  let start = 0;
  let line = 0;
  const flush = () => {
    if (buffer.trim() !== "") lines.push({ text: buffer, line: start });
    buffer = "";
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\n") {
      flush();
      line++;
      start = line;
      i++;
    } else if (c === "`") {
      if (text[i + 1] === "\n") {
        // Line continuation: the command goes on.
        buffer += " ";
        line++;
        i += 2;
      } else {
        buffer += text.slice(i, i + 2);
        i += 2;
      }
    } else if (c === "'" || c === '"') {
      let end = i + 1;
      for (; end < text.length; end++) {
        if (text[end] === c) {
          if (text[end + 1] === c) end++;
          else break;
        } else if (c === '"' && text[end] === "`") end++;
      }
      end = Math.min(end + 1, text.length);
      const quoted = text.slice(i, end);
      line += quoted.split("\n").length - 1;
      buffer += quoted;
      i = end;
    } else if (c === "@" && (text[i + 1] === '"' || text[i + 1] === "'") && text[i + 2] === "\n") {
      // A here-string: its body is data up to the closing quote-and-@ at a line start.
      const close = `\n${text[i + 1]}@`;
      const end = text.indexOf(close, i + 2);
      const stop = end === -1 ? text.length : end + close.length;
      line += text.slice(i, stop).split("\n").length - 1;
      buffer += '""';
      i = stop;
    } else if (c === "<" && text[i + 1] === "#") {
      const end = text.indexOf("#>", i + 2);
      const stop = end === -1 ? text.length : end + 2;
      line += text.slice(i, stop).split("\n").length - 1;
      buffer += " ";
      i = stop;
    } else if (c === "#" && (buffer === "" || /[\s;|&(){}]$/u.test(buffer))) {
      const eol = text.indexOf("\n", i);
      i = eol === -1 ? text.length : eol;
    } else {
      buffer += c;
      i++;
    }
  }
  flush();
  return lines;
}

const SEPARATORS = new Set([";", "|", "&&", "||"]);

/**
 * The words of each simple command on one logical line, quotes removed (`$env:NAME` and `$name`
 * kept as written: they are references), split at `;`, `|`, `&&`, `||`; redirections dropped.
 */
export function powershellCommands(lineText: string): string[][] {
  const groups: string[][] = [];
  let words: string[] = [];
  let word = "";
  let inWord = false;
  let skipNext = false;
  const endWord = () => {
    if (inWord) {
      if (skipNext) skipNext = false;
      else words.push(word);
    }
    word = "";
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) groups.push(words);
    words = [];
  };
  for (let i = 0; i < lineText.length; i++) {
    const c = lineText[i]!;
    if (c === "'" || c === '"') {
      inWord = true;
      let end = i + 1;
      for (; end < lineText.length; end++) {
        if (lineText[end] === c) {
          if (lineText[end + 1] === c) {
            word += c;
            end++;
          } else break;
        } else if (c === '"' && lineText[end] === "`" && end + 1 < lineText.length) {
          word += lineText[++end]!;
        } else {
          word += lineText[end]!;
        }
      }
      i = end;
    } else if (/\s/u.test(c)) {
      endWord();
    } else if (c === ";" || (c === "|" && lineText[i + 1] !== "|") || ((c === "&" || c === "|") && lineText[i + 1] === c)) {
      endCommand();
      if (lineText[i + 1] === c && c !== ";") i++;
    } else if (c === ">" || (c === "2" && !inWord && lineText[i + 1] === ">")) {
      // `> file`, `>> file`, `2> file` (the target is no argument), `2>&1` (no target).
      endWord();
      let j = c === "2" ? i + 1 : i;
      while (lineText[j + 1] === ">") j++;
      if (lineText[j + 1] === "&") {
        j++;
        while (/\d/u.test(lineText[j + 1] ?? "")) j++;
      } else {
        skipNext = true;
      }
      i = j;
    } else if (c === "`" && i + 1 < lineText.length) {
      inWord = true;
      word += lineText[++i]!;
    } else {
      inWord = true;
      word += c;
    }
  }
  endCommand();
  return groups
    .map((group) => (group[0] === "&" || group[0] === "." ? group.slice(1) : group))
    .filter((group) => group.length > 0 && !SEPARATORS.has(group[0]!));
}

/** `$env:NAME` (any case of `env`), `${env:NAME}`: the variable's name. */
export const POWERSHELL_ENV_REFERENCE = /^\$(?:\{env:([A-Z_]\w*)\}|env:([A-Z_]\w*))$/iu;

/** A `$env:NAME = value` assignment in a command's words: the name and the value; `undefined` for other commands. */
export function powershellAssignment(words: readonly string[]): readonly [string, string] | undefined {
  const first = words[0];
  if (first === undefined) return undefined;
  const joined = /^\$env:([A-Z_]\w*)\s*=(.*)$/iu.exec(first);
  if (joined && words.length <= 2) return [joined[1]!, joined[2] !== "" ? joined[2]! : (words[1] ?? "")];
  const name = /^\$env:([A-Z_]\w*)$/iu.exec(first)?.[1];
  if (name && words[1] === "=") return [name, words.slice(2).join(" ")];
  return undefined;
}
