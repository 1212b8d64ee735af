// Regenerates the README's rules table from rule metadata. Run `npm run docs` (it builds first).
import { readFileSync, writeFileSync } from "node:fs";
import plugin from "../dist/index.js";
import { withRulesTable } from "../dist/docs.js";

const file = new URL("../README.md", import.meta.url);
const before = readFileSync(file, "utf8");
const after = withRulesTable(before, plugin.rules);
if (after !== before) writeFileSync(file, after);
console.log(after === before ? "README.md rules table is current" : "README.md rules table updated");
