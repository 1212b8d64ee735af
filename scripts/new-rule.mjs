// `npm run new <rule-id>`: scaffolds a rule, the one place a rule is added. It writes
//   lib/rules/<id>.ts               the rule (createRule, the workflow model, one message)
//   tests/rules/<id>.test.ts        its RuleTester cases, read from the fixture folder
//   tests/fixtures/rules/<id>/      valid.yml and invalid.yml
//   docs/rules/<id>.md              its page: generated header and the sections every page has
// then registers it (lib/rules/index.ts and the RuleId union, scripts/rules-index.mjs) and runs
// `npm run docs` (README table, page header). Fill in the TODOs: the tests and the docs
// examples fail until the rule reports what its page says.
//
// Usage: npm run new <rule-id> [-- --no-docs] [-- --root <dir>]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { withRuleHeader } from "./docs.mjs";
import { ROOT, writeRulesIndex } from "./rules-index.mjs";

const NAMESPACE = "trusted-publishing";
const ID = /^(?:no|require|prefer|valid|enforce)-[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/u;

const camel = (id) => id.replace(/-([a-z0-9])/gu, (_, letter) => letter.toUpperCase());

/** The files of a new rule, by path relative to the repository. */
export function scaffold(id) {
  const messageId = camel(id.replace(/^(?:no|require|prefer|valid|enforce)-/u, ""));
  const description = "Disallow TODO (any registry)";
  const rule = `import { createRule } from "../rule-creator.js";
import { onWorkflow, type Job } from "../ci/github/index.js";

/**
 * TODO: the policy this rule enforces and why, in a few lines (the details, dates and links
 * go in docs/rules/${id}.md). Ask the model (lib/ci, lib/publishing/policy.ts); a rule
 * names no registry and writes no YAML text: a fix is changes from lib/ci/github/edits.ts,
 * \`fixer(editor.apply(changes))\` (docs/architecture.md, "Adding a rule").
 */
export default createRule({
  name: "${id}",
  meta: {
    type: "problem",
    docs: {
      description: "${description}",
      recommended: false,
    },
    schema: [],
    messages: {
      ${messageId}: "Job '{{job}}' TODO: what is wrong and where, in one sentence.",
    },
  },
  create(context) {
    return onWorkflow(context, (workflow) => {
      for (const job of workflow.jobs) {
        if (breaksPolicy(job)) context.report({ node: job.pair.key ?? job.pair, messageId: "${messageId}", data: { job: job.id } });
      }
    });
  },
});

/** TODO: the question the rule asks of a job. */
function breaksPolicy(_job: Job): boolean {
  return false;
}
`;
  const test = `import { readFileSync } from "node:fs";
import rule from "../../lib/rules/${id}.js";
import { ruleTester } from "../helpers/rule-tester.js";

/** A workflow of tests/fixtures/rules/${id}/. */
const fixture = (name: string) => readFileSync(new URL(\`../fixtures/rules/${id}/\${name}\`, import.meta.url), "utf8");

ruleTester().run("${id}", rule, {
  valid: [fixture("valid.yml")],
  invalid: [
    {
      code: fixture("invalid.yml"),
      errors: [{ messageId: "${messageId}", data: { job: "publish" } }],
    },
  ],
});
`;
  const workflow = (comment) => `# ${comment}
on:
  push:
    tags: ["v*"]
jobs:
  publish:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      id-token: write
    steps:
      - uses: actions/checkout@v6
        with:
          persist-credentials: false
      - uses: pypa/gh-action-pypi-publish@release/v1
`;
  const example = (text) => text.split("\n").slice(1).join("\n").trimEnd();
  const valid = workflow(`TODO: a workflow ${id} accepts.`);
  const invalid = workflow(`TODO: a workflow ${id} reports (job 'publish').`);
  const body = `## What it reports

TODO: what the rule reports, why it matters, and what it leaves alone.

## Examples

### Incorrect

\`\`\`yaml
${example(invalid)}
\`\`\`

### Correct

\`\`\`yaml
${example(valid)}
\`\`\`

## Options

None.

## When not to use it

TODO.

## Further reading

- TODO: the registry's or GitHub's documentation, with the date it was read.
`;
  const plugin = { meta: { namespace: NAMESPACE }, rules: { [id]: { meta: { docs: { description } } } }, configs: { recommended: [{ rules: {} }] } };
  return {
    [`lib/rules/${id}.ts`]: rule,
    [`tests/rules/${id}.test.ts`]: test,
    [`tests/fixtures/rules/${id}/valid.yml`]: valid,
    [`tests/fixtures/rules/${id}/invalid.yml`]: invalid,
    [`docs/rules/${id}.md`]: withRuleHeader(`# ${NAMESPACE}/${id}\n\n${body}`, id, plugin),
  };
}

export function main(argv = process.argv.slice(2)) {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { root: { type: "string" }, "no-docs": { type: "boolean" } } });
  const [id] = positionals;
  const root = path.resolve(values.root ?? ROOT);
  if (!id || !ID.test(id)) {
    throw new Error(`Usage: npm run new <rule-id>, an id in ESLint's form: no-…, require-…, prefer-…, valid-… or enforce-… in kebab case (got ${id ?? "nothing"})`);
  }
  const files = scaffold(id);
  const existing = Object.keys(files).filter((file) => existsSync(path.join(root, file)));
  if (existing.length > 0) throw new Error(`${id} exists already: ${existing.join(", ")}`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
    console.log(`created ${file}`);
  }
  for (const file of writeRulesIndex(root)) console.log(`updated ${file}`);
  if (!values["no-docs"]) execFileSync("npm", ["run", "docs"], { cwd: root, stdio: "inherit" });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(error.message);
    process.exitCode = 2;
  }
}
