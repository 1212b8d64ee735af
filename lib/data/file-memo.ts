/**
 * Answers about the parts of a linted file (its steps, its jobs), kept per file: one map per file,
 * held as long as the file's model lives, with the file asked last looked up first (rules ask about
 * the file they lint, again and again). One WeakMap entry per part instead made the WeakMap's own
 * lookups a fifth of recognising publishes: it holds every part of a run (12,508 steps per corpus
 * pass) until garbage collection clears it.
 */
export class FileMemo<Part extends object, Answer> {
  readonly #byFile = new WeakMap<object, Map<Part, Answer>>();
  #last: { readonly file: object; readonly answers: Map<Part, Answer> } | undefined;

  constructor(readonly answer: (part: Part) => Answer) {}

  /** The answer for `part` of `file`, computed once. */
  get(file: object, part: Part): Answer {
    let answers = this.#last?.file === file ? this.#last.answers : this.#byFile.get(file);
    if (!answers) {
      answers = new Map();
      this.#byFile.set(file, answers);
    }
    if (this.#last?.answers !== answers) this.#last = { file, answers };
    const known = answers.get(part);
    if (known !== undefined || answers.has(part)) return known as Answer;
    const answer = this.answer(part);
    answers.set(part, answer);
    return answer;
  }
}
