/**
 * Caches for what rules ask about the file they lint: every rule asks, again and again, about the
 * same file before the next one, so the file asked about last is answered first of all.
 */

/**
 * One answer for the file being linted (its model, its editor). ESLint lints one file at a time,
 * every rule of it before the next file (a fix pass and a processor's code block are files of
 * their own), so one slot holds it: asking about another file replaces it, and nothing of an
 * earlier file is kept. A WeakMap of every file cost a hash-table insert per file and cache (about
 * a seventh of the plugin's work on a small workflow) for answers no rule asks for again.
 * `undefined` is "not known yet": store `null` for a file with no answer.
 */
export class FileCache<File extends object, Answer> {
  #file: File | undefined;
  #answer: Answer | undefined;

  get(file: File): Answer | undefined {
    return this.#file === file ? this.#answer : undefined;
  }

  set(file: File, answer: Answer): void {
    this.#file = file;
    this.#answer = answer;
  }
}

/**
 * Answers about the parts of a file (its steps, its jobs), kept per file: one map per file, held as
 * long as the file's model lives. Parts of several files are asked about in turn (a workflow's
 * steps and those of the composite actions it runs), so every file keeps its map; the file asked
 * about last is looked up first. One WeakMap entry per part instead made the WeakMap's own lookups
 * a fifth of recognising publishes: it holds every part of a run (12,508 steps per corpus pass)
 * until garbage collection clears it.
 */
export class FileMemo<Part extends object, Answer> {
  readonly #byFile = new WeakMap<object, Map<Part, Answer>>();
  #lastFile: object | undefined;
  #lastAnswers: Map<Part, Answer> | undefined;

  constructor(readonly answer: (part: Part) => Answer) {}

  /** The answer for `part` of `file`, computed once. */
  get(file: object, part: Part): Answer {
    let answers = this.#lastFile === file ? this.#lastAnswers : undefined;
    if (!answers) {
      answers = this.#byFile.get(file);
      if (!answers) {
        answers = new Map();
        this.#byFile.set(file, answers);
      }
      this.#lastFile = file;
      this.#lastAnswers = answers;
    }
    const known = answers.get(part);
    if (known !== undefined || answers.has(part)) return known as Answer;
    const answer = this.answer(part);
    answers.set(part, answer);
    return answer;
  }
}
