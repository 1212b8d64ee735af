/**
 * Which program a command runs: the program's name without path, extension or pinned version,
 * and the command under a runner (`python -m tool`, `uvx tool`, `npx tool`), so that a question
 * about a program sees through the ways people start it.
 */

/**
 * A runner that starts another program:
 * - `prefix`: words that start it (`uv run`, `pipx run`), options before the program skipped
 *   (those in `optionsWithValue` take the next word as their value);
 * - `interpreter`: a program that runs a module named after an option (`python -m tool`).
 */
export type Runner =
  | {
      readonly prefix: readonly string[];
      readonly optionsWithValue: ReadonlySet<string>;
      /** Words that, right after the prefix and its options, are the program's own subcommands, not a program it runs (`yarn publish`). */
      readonly except?: ReadonlySet<string>;
    }
  | { readonly interpreter: RegExp; readonly moduleFlag: string };

/** `/usr/bin/tool`, `tool.exe`, `tool@6.1.0`, `tool==6.1` → `tool`. */
export function programName(word: string): string {
  const base = word.slice(word.lastIndexOf("/") + 1).replace(/\.exe$/iu, "");
  const version = base.search(/[=>@]/u);
  return version === -1 ? base : base.slice(0, version);
}

/**
 * Strips runners (up to four deep) so that argv starts at the program they run. After a prefix
 * runner, an environment prefix on the program goes too (`hatch run env:tool` runs `tool`).
 */
export function unwrapRunners(argv: readonly string[], runners: readonly Runner[]): readonly string[] {
  let words = argv;
  for (let depth = 0; depth < 4; depth++) {
    const first = words[0] ? programName(words[0]) : undefined;
    const interpreter = first && runners.find((runner) => "interpreter" in runner && runner.interpreter.test(first));
    if (interpreter && "interpreter" in interpreter) {
      const m = words.indexOf(interpreter.moduleFlag);
      if (m === -1 || !words[m + 1]) return words;
      words = words.slice(m + 1);
      continue;
    }
    const runner = runners.find(
      (candidate): candidate is Extract<Runner, { prefix: readonly string[] }> =>
        "prefix" in candidate && candidate.prefix.every((word, i) => (i === 0 ? first === word : words[i] === word)),
    );
    if (!runner) return words;
    let i = runner.prefix.length;
    while (i < words.length && words[i]!.startsWith("-")) {
      i += runner.optionsWithValue.has(words[i]!) ? 2 : 1;
    }
    if (words[i] !== undefined && runner.except?.has(words[i]!)) return words;
    words = words.slice(i).map((word, index) => (index === 0 ? word.replace(/^[\w-]+:/u, "") : word));
  }
  return words;
}
