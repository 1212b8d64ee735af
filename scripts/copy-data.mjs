// Copies the compiled action data into dist/ after tsc: lib/data/compiled.ts reads it from next
// to itself. (tsc would copy an imported JSON file only re-formatted, so the build copies it as
// written by scripts/update-action-data.mjs: minified.)
import { copyFileSync, mkdirSync } from "node:fs";

mkdirSync(new URL("../dist/data/", import.meta.url), { recursive: true });
copyFileSync(new URL("../lib/data/compiled.json", import.meta.url), new URL("../dist/data/compiled.json", import.meta.url));
