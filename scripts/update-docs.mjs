// Regenerates what documentation takes from rule metadata: the README's rules table and the
// header of every docs/rules/<id>.md (title, description, what the rule offers). Run
// `npm run docs` (it regenerates the rule index and builds first); tests fail when either is stale.
import { readFileSync, writeFileSync } from "node:fs";
import plugin from "../dist/index.js";
import { withRuleHeader, withRulesTable } from "./docs.mjs";

function update(name, change) {
  const file = new URL(`../${name}`, import.meta.url);
  const before = readFileSync(file, "utf8");
  const after = change(before);
  if (after !== before) writeFileSync(file, after);
  console.log(after === before ? `${name} is current` : `${name} updated`);
}

update("README.md", (text) => withRulesTable(text, plugin));
for (const id of Object.keys(plugin.rules)) {
  update(`docs/rules/${id}.md`, (text) => withRuleHeader(text, id, plugin));
}
