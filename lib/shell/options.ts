/**
 * A command's options, as its arguments spell them: `--name value`, `--name=value` and, for
 * one-letter options, `-nvalue`. One reader for every question about flags (where an upload goes,
 * which credential a command takes).
 */

export interface OptionUse {
  /** The option as the rule knows it (`--password`, `-p`). */
  readonly option: string;
  readonly value: string;
  /** The word in the script just before the value (`-p`, `--password=`), to find it in the text. */
  readonly word: string;
}

/** Every use of one of `options` in `args`, in order; parsing stops at `--`. */
export function optionUses(args: readonly string[], options: readonly string[], { ignoreCase = false } = {}): OptionUse[] {
  const uses: OptionUse[] = [];
  const same = (a: string, b: string) => (ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") break;
    for (const option of options) {
      if (same(arg, option)) {
        if (args[i + 1] !== undefined) uses.push({ option: arg, value: args[i + 1]!, word: arg });
        i++;
        break;
      }
      if (option.startsWith("--") && arg.startsWith(`${option}=`)) {
        uses.push({ option, value: arg.slice(option.length + 1), word: `${option}=` });
        break;
      }
      if (/^-\w$/u.test(option) && arg.startsWith(option) && arg.length > option.length && !arg.startsWith("--")) {
        uses.push({ option, value: arg.slice(option.length).replace(/^=/u, ""), word: option });
        break;
      }
    }
  }
  return uses;
}

/** The value of the last use of one of `options` (later options win, as in the tools' parsers). */
export function optionValue(args: readonly string[], options: readonly string[]): string | undefined {
  return optionUses(args, options).at(-1)?.value;
}

/** Whether a flag (with or without a value) is given. */
export function hasOption(args: readonly string[], options: readonly string[]): boolean {
  return args.some((arg) => options.some((option) => arg === option || arg.startsWith(`${option}=`)));
}

/** The index of the n-th argument that is not an option (`-x`, `--name`), or `undefined`. */
export function positional(args: readonly string[], n: number): number | undefined {
  let seen = 0;
  for (let i = 0; i < args.length; i++) {
    if (args[i]!.startsWith("-")) continue;
    if (seen++ === n) return i;
  }
  return undefined;
}
