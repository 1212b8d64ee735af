import { configDefaults, defineConfig } from "vitest/config";

/**
 * Tests of targets that other work must reach first; they join the suite when it lands (the
 * integrator removes them from this list). Run them anyway with TP_PENDING=1, e.g.
 * `TP_PENDING=1 npx vitest run tests/integration/message-length.test.ts`.
 */
export const PENDING = [
  // Under 160 kB packed: waits for the minified action data.
  "tests/integration/package-size.test.ts",
];

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...(process.env.TP_PENDING ? [] : PENDING)],
    // The corpus and CLI tests run whole ESLint passes; give them room on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
