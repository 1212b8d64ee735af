// Regenerates what documentation takes from rule metadata: the README's rules table and the
// header of every docs/rules/<id>.md (title, description, what the rule offers), and the age of
// the action data on the no-outdated-actions page. Run
// `npm run docs` (it builds first); tests fail when either is stale.
import { readFileSync, writeFileSync } from "node:fs";
import plugin from "../dist/index.js";
import { withActionDataSection, withRuleHeader, withRulesTable } from "../dist/docs.js";
import { actionData } from "../dist/data/actions.js";

function update(name, change) {
  const file = new URL(`../${name}`, import.meta.url);
  const before = readFileSync(file, "utf8");
  const after = change(before);
  if (after !== before) writeFileSync(file, after);
  console.log(after === before ? `${name} is current` : `${name} updated`);
}

update("README.md", (text) => withRulesTable(text, plugin.rules));
for (const [id, rule] of Object.entries(plugin.rules)) {
  update(`docs/rules/${id}.md`, (text) => withRuleHeader(text, id, rule, plugin.meta.namespace));
}
update("docs/rules/no-outdated-actions.md", (text) => withActionDataSection(text, actionData));
