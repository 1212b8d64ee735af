// Copies the compiled action data into dist/data/, where dist/data/compiled.js reads it. It is
// not imported, so tsc leaves it alone (an imported JSON file tsc would emit re-formatted): it
// ships as scripts/update-action-data.mjs wrote it, minified.
import { copyFileSync, mkdirSync } from "node:fs";

mkdirSync(new URL("../dist/data/", import.meta.url), { recursive: true });
copyFileSync(new URL("../lib/data/compiled.json", import.meta.url), new URL("../dist/data/compiled.json", import.meta.url));
