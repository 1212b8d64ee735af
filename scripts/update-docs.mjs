// Regenerates what documentation takes from rule metadata and the package: the README's rules
// table, the header of every docs/rules/<id>.md (title, description, what the rule offers), the
// age of the action data on the no-outdated-actions page, and the version that links, npx pins
// and pre-commit revs name. Run `npm run docs` (it regenerates the rule index and builds first);
// tests fail when any is stale.
import { readFileSync, writeFileSync } from "node:fs";
import plugin from "../dist/index.js";
import { REPOSITORY_URL } from "../dist/package.js";
import { actionData } from "../dist/data/actions.js";
import { withActionDataSection, withReleaseVersion, withRuleHeader, withRulesTable } from "./docs.mjs";

function update(name, change) {
  const file = new URL(`../${name}`, import.meta.url);
  const before = readFileSync(file, "utf8");
  const after = change(before);
  if (after !== before) writeFileSync(file, after);
  console.log(after === before ? `${name} is current` : `${name} updated`);
}

const released = (text) => withReleaseVersion(text, plugin.meta.version, REPOSITORY_URL, plugin.meta.name);
update("README.md", (text) => released(withRulesTable(text, plugin)));
update("docs/github-workflow.yml", released);
for (const id of Object.keys(plugin.rules)) {
  update(`docs/rules/${id}.md`, (text) => withRuleHeader(text, id, plugin));
}
update("docs/rules/no-outdated-actions.md", (text) => withActionDataSection(text, actionData));
