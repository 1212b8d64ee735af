/**
 * Caches for what rules ask about the file they lint: every rule asks, again and again, about the
 * same file before the next one, so the file asked about last is answered first of all.
 */

/**
 * One answer per file (its model, its editor), the file asked about last first; held as long as the
 * file's key lives. `undefined` is "not known yet": store `null` for a file with no answer.
 */
export class FileCache<File extends object, Answer> {
  readonly #answers = new WeakMap<File, Answer>();
  /** The file asked about last, and its answer (bounded: one file). */
  #last: { readonly file: File; readonly answer: Answer } | undefined;

  get(file: File): Answer | undefined {
    if (this.#last?.file === file) return this.#last.answer;
    const answer = this.#answers.get(file);
    if (answer !== undefined) this.#last = { file, answer };
    return answer;
  }

  set(file: File, answer: Answer): void {
    this.#answers.set(file, answer);
    this.#last = { file, answer };
  }
}

/**
 * Answers about the parts of a linted file (its steps, its jobs), kept per file: one map per file,
 * held as long as the file's model lives. One WeakMap entry per part instead made the WeakMap's own
 * lookups a fifth of recognising publishes: it holds every part of a run (12,508 steps per corpus
 * pass) until garbage collection clears it.
 */
export class FileMemo<Part extends object, Answer> {
  readonly #byFile = new FileCache<object, Map<Part, Answer>>();

  constructor(readonly answer: (part: Part) => Answer) {}

  /** The answer for `part` of `file`, computed once. */
  get(file: object, part: Part): Answer {
    let answers = this.#byFile.get(file);
    if (!answers) {
      answers = new Map();
      this.#byFile.set(file, answers);
    }
    const known = answers.get(part);
    if (known !== undefined || answers.has(part)) return known as Answer;
    const answer = this.answer(part);
    answers.set(part, answer);
    return answer;
  }
}
