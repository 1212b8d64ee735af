#!/usr/bin/env node
/** The command's entry point: `npx eslint-plugin-trusted-publishing` (the package's one bin). */
import { run } from "./cli.js";
import { COMMAND } from "./commands/files.js";

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // An unexpected failure: a clear line, not a stack trace.
    process.stderr.write(`${COMMAND}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
