// `node scripts/profile.mjs [--reps N] [--rules all|recommended]`: where the plugin's time goes on
// the corpus, per shared analysis, per rule and per file size (written up in docs/performance.md).
//
// ESLint's own per-rule timing (the `stats` option, what TIMING=all prints) charges a shared
// analysis to whichever rule asks for it first. Here three bench rules run before the plugin's rules
// on `Program` and ask for the shared analyses themselves, each in turn, so each is timed on its
// own and the plugin's rules are charged only for what is theirs:
//   shared/model          the workflow model (workflowOf: jobs, steps, env, inputs)
//   shared/publishes      publish recognition for every step (publishesOf, what every rule asks)
//   shared/action-refs    the analysis of `uses:` refs both action rules read (actionRefFindings)
// Per file size: the plugin's time per file (all rules and shared analyses, from the same stats),
// summed over size buckets, against ESLint's parse of the same files.
// Needs dist/ (npm run build) and ../shared/corpus.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Linter } from "eslint";
import plugin from "../dist/index.js";
import { editorOf, workflowOf } from "../dist/ci/github/index.js";
import { publishesOf } from "../dist/publishing/recognise.js";
import { actionRefFindings } from "../dist/data/action-refs.js";

const root = path.resolve(fileURLToPath(import.meta.url), "../..");
const shared = [path.resolve(root, "../shared"), path.resolve(root, "../../shared")].find((dir) => existsSync(dir)) ?? path.resolve(root, "../shared");
const corpusDir = path.join(shared, "corpus/workflows");
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const reps = Number(option("--reps")) || 3;
const which = option("--rules") ?? "recommended";

const sharedRule = (analyse) => ({
  meta: { type: "problem", schema: [] },
  create: (context) => ({
    Program() {
      const workflow = workflowOf(context);
      if (workflow) analyse(workflow, context);
    },
  }),
});
const sharedRules = {
  model: sharedRule(() => {}),
  publishes: sharedRule((workflow) => {
    for (const job of workflow.jobs) for (const step of job.steps) publishesOf(step);
  }),
  "action-refs": sharedRule((workflow, context) => actionRefFindings(workflow, editorOf(context))),
};
const base = plugin.configs[which][0];
const config = [
  {
    ...base,
    files: ["**/*.yml", "**/*.yaml"],
    plugins: { ...base.plugins, shared: { rules: sharedRules } },
    // The shared analyses first: ESLint calls `Program` listeners in the order of this object.
    rules: { "shared/model": "error", "shared/publishes": "error", "shared/action-refs": "error", ...base.rules },
  },
];

const inputs = readdirSync(corpusDir, { recursive: true, encoding: "utf8" })
  .filter((file) => /\.ya?ml$/u.test(file))
  .sort()
  .map((file) => ({ name: file, code: readFileSync(path.join(corpusDir, file), "utf8") }));

const perRule = new Map();
const buckets = [
  { label: "< 2 kB", max: 2_000 },
  { label: "2-8 kB", max: 8_000 },
  { label: "8-32 kB", max: 32_000 },
  { label: ">= 32 kB", max: Infinity },
].map((bucket) => ({ ...bucket, files: 0, bytes: 0, parseMs: 0, pluginMs: 0, rules: new Map() }));
let parseMs = 0;
let pluginMs = 0;
for (let rep = 0; rep <= reps; rep++) {
  const counted = rep > 0; // the first pass warms up
  for (const { name, code } of inputs) {
    // A Linter per file: its times accumulate over the calls of one Linter.
    const linter = new Linter({ configType: "flat" });
    linter.verifyAndFix(code, config, { filename: name, stats: true, fix: false }); // stats need the fix loop's pass counter
    const pass = linter.getTimes().passes[0];
    if (!counted || !pass) continue;
    let fileMs = 0;
    const bucket = buckets.find((b) => code.length < b.max);
    for (const [id, { total }] of Object.entries(pass.rules ?? {})) {
      perRule.set(id, (perRule.get(id) ?? 0) + total);
      bucket.rules.set(id, (bucket.rules.get(id) ?? 0) + total);
      fileMs += total;
    }
    parseMs += pass.parse.total;
    pluginMs += fileMs;
    bucket.files += 1 / reps;
    bucket.bytes += code.length / reps;
    bucket.parseMs += pass.parse.total;
    bucket.pluginMs += fileMs;
  }
}

const per = (ms) => (ms / reps).toFixed(1).padStart(8);
const share = (ms) => `${((100 * ms) / pluginMs).toFixed(1).padStart(5)} %`;
process.stdout.write(`${os.cpus()[0]?.model}, ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}\n`);
process.stdout.write(`corpus: ${inputs.length} files, configs.${which}, ${reps} passes after a warm-up; ms per pass\n`);
process.stdout.write(`${per(parseMs)} ms  ESLint's parse\n${per(pluginMs)} ms  the plugin (shared analyses and rules)\n`);
for (const [id, ms] of [...perRule].sort((a, b) => b[1] - a[1])) process.stdout.write(`${per(ms)} ms ${share(ms)}  ${id}\n`);
process.stdout.write("per file size (ms per pass; plugin ÷ parse):\n");
for (const b of buckets) {
  process.stdout.write(
    `  ${b.label.padEnd(9)} ${String(Math.round(b.files)).padStart(5)} files ${(b.bytes / 1e6).toFixed(2)} MB  parse ${per(b.parseMs)}  plugin ${per(b.pluginMs)}  ${(b.pluginMs / b.parseMs).toFixed(2)}x\n`,
  );
  const heaviest = [...b.rules].sort((x, y) => y[1] - x[1]).slice(0, 3);
  process.stdout.write(`            heaviest: ${heaviest.map(([id, ms]) => `${id.replace("trusted-publishing/", "")} ${(ms / reps).toFixed(1)} ms`).join(", ")}\n`);
}
