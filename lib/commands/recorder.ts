/**
 * A private companion rule for the command: it reports nothing and records, per linted file,
 * whether the plugin could read the file at all (the model its rules read was built: a GitHub
 * workflow or a GitLab pipeline) and which credentials are written in it. The command uses the first to say
 * that a file was not linted instead of passing it as clean, the second to keep in its JSON
 * report only fix texts that repeat no secret.
 *
 * It reads the same model the rules read, built once per file and shared, so it costs nothing
 * the rules have not already paid for. A new kind of file that the rules read through the same
 * model (`workflowOf`) counts as read here with no change.
 */
import type { ESLint, Linter } from "eslint";
import type { YAMLRule } from "../rule-creator.js";
import { onCiFile } from "../ci/index.js";
import { credentialLiteralsIn, pipelineCredentialLiteralsIn } from "./secrets.js";

export interface FileRecord {
  /** The plugin read the file (its rules had a model to check). */
  read: boolean;
  /** The credentials written in the file, which no output may repeat. */
  readonly literals: Set<string>;
}

const PLUGIN = "trusted-publishing-command";

export class Recorder {
  readonly #records = new Map<string, FileRecord>();

  readonly #rule: YAMLRule = {
    meta: { type: "problem", schema: [], messages: {} },
    create: (context) => {
      const record: FileRecord = { read: false, literals: new Set() };
      this.#records.set(context.physicalFilename, record);
      return onCiFile(context, {
        compositeActions: true,
        workflow: (workflow) => {
          record.read = true;
          for (const literal of credentialLiteralsIn(workflow)) record.literals.add(literal);
        },
        pipeline: (pipeline) => {
          record.read = true;
          for (const literal of pipelineCredentialLiteralsIn(pipeline)) record.literals.add(literal);
        },
      });
    },
  };

  /**
   * A config that adds the recorder to whatever config lints a file: it names no `files`, so it
   * applies only to files another config already lints.
   */
  config(): Linter.Config {
    return {
      name: `${PLUGIN}/recorder`,
      plugins: { [PLUGIN]: { rules: { record: this.#rule as unknown as NonNullable<ESLint.Plugin["rules"]>[string] } } },
      rules: { [`${PLUGIN}/record`]: "error" },
    };
  }

  /** What was recorded for a file; `undefined` when no rule ran on it (a file that did not parse). */
  get(file: string): FileRecord | undefined {
    return this.#records.get(file);
  }
}
