#!/usr/bin/env node
/** The `trusted-publishing` command's entry point. */
import { run } from "./cli.js";

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // An unexpected failure: a clear line, not a stack trace.
    process.stderr.write(`trusted-publishing: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
