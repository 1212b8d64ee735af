/**
 * The package as users get it: `npm pack` of this checkout, checked for what it ships, then
 * installed from the tarball into fresh projects (`npm init -y`, which writes a CommonJS
 * package.json), with ESLint 10 and with 9.38, the lowest supported, where the README is followed
 * word for word: its quick start (install command, `eslint.config.mjs`, `npx eslint .`,
 * `npx eslint-plugin-trusted-publishing`), a plain `require()` in a CommonJS config, and
 * typescript-eslint's type-checked setup beside the plugin. The command also runs the way `npx`
 * runs it for a project without ESLint (a Python one). The published types are type-checked
 * against ESLint 9.38.
 *
 * Dependencies come from npm's cache when they are there (--prefer-offline); when neither the
 * registry nor the cache can provide them, the install tests are skipped with a message.
 */
import { LINTED_FILES } from "../lib/configs.js";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { ROOT, removeDir, runProcess, writeFiles } from "./helpers/cli.js";
import { NPX, OFFLINE, npm, npxTarball, packPackage, type Packed } from "./helpers/pack.js";
import { CLEAN, CONFIG_IMPORTING_THE_PLUGIN, MISSING_ID_TOKEN } from "./helpers/workflows.js";
import { rules } from "../lib/rules/index.js";

const RULE = "trusted-publishing/require-id-token-permission";
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};
const README = readFileSync(path.join(ROOT, "README.md"), "utf8");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");

let packed: Packed;
const dirs: string[] = [];
beforeAll(async () => {
  packed = await packPackage();
  dirs.push(packed.dir);
});
afterAll(() => dirs.forEach(removeDir));

/** The bodies of the fenced blocks of `language` in the README section under `heading` (up to the next heading). */
function readmeBlocks(heading: string, language: string): string[] {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start, `README has no section ${heading}`).toBeGreaterThan(-1);
  const body = README.slice(start + heading.length + 2);
  const next = body.search(/^#{1,3} /mu);
  const section = next === -1 ? body : body.slice(0, next);
  return [...section.matchAll(new RegExp("^```" + language + "\\n([\\s\\S]*?)^```$", "gmu"))].map((match) => match[1]!);
}

/** The `index`th fenced block of `language` under `heading`. */
function readmeBlock(heading: string, language: string, index = 0): string {
  const block = readmeBlocks(heading, language)[index];
  expect(block, `no ${language} block #${index} under ${heading}`).toBeDefined();
  return block!;
}

/** A README command line as words (no quoting in the README's commands; comments dropped). */
const words = (line: string) => (line.includes("#") ? line.slice(0, line.indexOf("#")) : line).trim().split(/\s+/u);

/** The README's first screen: its install command, config and the two commands to run. */
const QUICK_START = "## Quick start";
const TYPED = "### With typescript-eslint's type-checked configs";

describe("the packed package", () => {
  it("ships the code, the entry point's types, the rule pages and the notices; no maps, sources or internal notes", () => {
    const files = packed.files.map((file) => file.path).sort();
    const allowed = [
      /^(?:LICENSE|README\.md|CHANGELOG\.md|package\.json)$/u,
      /^dist\/(?:[\w-]+\/)*[\w-]+\.js$/u,
      /^dist\/index\.d\.ts$/u,
      /^dist\/(?:[\w-]+\/)*[\w-]+\.json$/u,
      /^docs\/rules\/[\w-]+\.md$/u,
      /^docs\/github-workflow\.yml$/u,
    ];
    expect(files.filter((file) => !allowed.some((pattern) => pattern.test(file)))).toEqual([]);
    for (const file of ["LICENSE", "README.md", "CHANGELOG.md", "dist/index.js", "dist/main.js", "dist/index.d.ts", "dist/bin.js", "dist/commands/config-hooks.js", "docs/github-workflow.yml"]) {
      expect(files).toContain(file);
    }
    for (const id of Object.keys(rules)) expect(files).toContain(`docs/rules/${id}.md`);
    // Not for users: the development-only generator of the README table.
    expect(files).not.toContain("dist/docs.js");
    expect(readFileSync(path.join(ROOT, "LICENSE"), "utf8")).toMatch(/^MIT License\n/u);
  });

  it("resolves every relative import of its JavaScript and types inside the package; its types import only eslint", () => {
    const files = new Set(packed.files.map((file) => file.path));
    const problems: string[] = [];
    const seen = new Map<string, string[]>();
    for (const file of files) {
      if (!file.endsWith(".js") && !file.endsWith(".d.ts")) continue;
      const text = readFileSync(path.join(ROOT, file), "utf8");
      // Import and export statements at the start of a line (not examples in comments), and import("…").
      const statements = [...text.matchAll(/^[ \t]*(?:import|export)\b[^;"']*\sfrom\s*["']([^"'\n]+)["']|^[ \t]*import\s*["']([^"'\n]+)["']/gmu), ...text.matchAll(/\bimport\("([^"\n]+)"\)/gu)];
      for (const match of statements) {
        const specifier = (match[1] ?? match[2])!;
        seen.set(file, [...(seen.get(file) ?? []), specifier]);
        if (specifier.startsWith(".")) {
          const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
          const resolved = file.endsWith(".d.ts") ? target.replace(/\.js$/u, ".d.ts") : target;
          if (!files.has(resolved)) problems.push(`${file} imports ${specifier}, which is not in the package`);
        } else if (!specifier.startsWith("node:")) {
          const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
          const allowed = file.endsWith(".d.ts") ? Object.keys(PACKAGE.peerDependencies) : [...Object.keys(PACKAGE.dependencies), ...Object.keys(PACKAGE.peerDependencies)];
          if (!allowed.includes(name)) problems.push(`${file} imports ${specifier}, not a ${file.endsWith(".d.ts") ? "peer " : ""}dependency`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The reading of imports works: it finds static and dynamic imports.
    expect(seen.get("dist/index.js")).toEqual(expect.arrayContaining(["./rules/index.js", "./configs.js"]));
    expect(seen.get("dist/cli.js")).toEqual(expect.arrayContaining(["eslint", "./formatters/sarif.js"]));
    expect(seen.get("dist/index.d.ts")).toEqual(["eslint"]);
  });

  it("runs no script when installed, and builds dist/ when packed (as pre-commit packs the repository)", () => {
    const { scripts } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    for (const hook of ["preinstall", "install", "postinstall", "prepare"]) expect(Object.keys(scripts)).not.toContain(hook);
    expect(scripts.prepack).toBe("npm run build");
    expect(scripts.build).toMatch(/\btsc -p tsconfig\.build\.json$/u);
  });
});

/** The version of a package this checkout has installed: what npm's cache is sure to hold. */
const installedVersion = (name: string): string => (JSON.parse(readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;

interface Project {
  readonly dir: string;
  readonly installStderr: string;
}

/**
 * A fresh project as `npm init -y` makes it, with the README's install command run in it (the
 * tarball for the package name, `eslintSpec` for eslint), then typescript and typescript-eslint.
 * `undefined` when npm can reach neither the registry nor its cache.
 */
async function freshProject(eslintSpec: string): Promise<Project | undefined> {
  const dir = mkdtempSync(path.join(tmpdir(), "tp-install-"));
  dirs.push(dir);
  const init = await npm(["init", "-y"], dir);
  expect(init.code, init.stderr).toBe(0);
  expect(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).type).toBe("commonjs");
  // The README's install command, with this tarball for the package name.
  const command = readmeBlock(QUICK_START, "sh").trim();
  expect(command).toBe(`npm install --save-dev eslint ${PACKAGE.name}`);
  const args = words(command)
    .slice(1)
    .map((word) => (word === PACKAGE.name ? packed.tarball : word === "eslint" ? eslintSpec : word));
  const installed = await npm([...args, "--prefer-offline", "--no-audit", "--no-fund"], dir);
  if (installed.code !== 0 && OFFLINE.test(installed.stderr)) {
    console.warn(`[install] npm could not reach the registry or its cache; skipped:\n${installed.stderr}`);
    return undefined;
  }
  expect(installed.code, installed.stderr).toBe(0);
  const typed = ["typescript", "typescript-eslint"].map((name) => `${name}@${installedVersion(name)}`);
  const more = await npm(["install", "--save-dev", ...typed, "--prefer-offline", "--no-audit", "--no-fund"], dir);
  if (more.code !== 0 && OFFLINE.test(more.stderr)) {
    console.warn(`[install] npm could not install ${typed.join(", ")}; skipped:\n${more.stderr}`);
    return undefined;
  }
  expect(more.code, more.stderr).toBe(0);
  return { dir, installStderr: installed.stderr };
}

function eslint(dir: string, args: string[]) {
  return runProcess(process.execPath, [path.join(dir, "node_modules", "eslint", "bin", "eslint.js"), ...args], { cwd: dir });
}

/** A TypeScript file with a floating promise: a finding of a type-aware rule. */
const TYPESCRIPT = {
  "tsconfig.json": `${JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", target: "es2022", noEmit: true }, include: ["src"] })}\n`,
  "src/index.ts": "export async function main(): Promise<void> {\n  Promise.resolve(1);\n}\n",
};

describe.each([
  { eslintSpec: "eslint", label: "ESLint 10" },
  { eslintSpec: "eslint@9.38.0", label: "ESLint 9.38, the lowest supported" },
])("installed in a fresh CommonJS project with $label", ({ eslintSpec }) => {
  let project: Project | undefined;
  beforeAll(async () => {
    project = await freshProject(eslintSpec);
  });
  const need = (context: TestContext): Project => {
    if (!project) context.skip();
    return project!;
  };

  it("installs without an install-script warning, and the README's quick start lints the workflows word for word", async (context) => {
    const { dir, installStderr } = need(context);
    expect(installStderr).not.toMatch(/install-scripts|prepare/u);
    expect(installStderr).not.toContain(PACKAGE.name);

    // The config file the README shows, under the name it gives, in three lines.
    expect(README).toContain("`eslint.config.mjs`:");
    const config = readmeBlock(QUICK_START, "js");
    expect(config.trim().split("\n")).toHaveLength(3);
    writeFiles(dir, { "eslint.config.mjs": config, ".github/workflows/release.yml": MISSING_ID_TOKEN, ".github/workflows/test.yaml": CLEAN });

    // `npx eslint .`, then `npx eslint-plugin-trusted-publishing`, as the README says them.
    const [npxEslint, npxCommand] = [readmeBlock(QUICK_START, "sh", 1), readmeBlock(QUICK_START, "sh", 2)].map((block) => words(block.trim()));
    expect([npxEslint, npxCommand]).toEqual([["npx", "eslint", "."], ["npx", PACKAGE.name]]);
    for (const command of [npxEslint!, npxCommand!]) {
      const run = await runProcess(NPX, command.slice(1), { cwd: dir });
      expect(run.code, `${command.join(" ")}\n${run.stdout}${run.stderr}`).toBe(1);
      expect(run.stdout).toContain(RULE);
      expect(run.stdout).toContain(path.join(".github", "workflows", "release.yml"));
      expect(run.stdout).not.toContain("test.yaml");
      expect(run.stderr).toBe("");
    }

    // The command is the package's one bin, under the package's name; no bare `trusted-publishing`.
    const bin = await runProcess(path.join(dir, "node_modules", ".bin", PACKAGE.name), ["--version"], { cwd: dir });
    expect(bin).toMatchObject({ code: 0, stderr: "" });
    expect(bin.stdout).toMatch(new RegExp(`^${PACKAGE.version.replaceAll(".", "\\.")} \\(action data read \\d{4}-\\d{2}-\\d{2}, oldest snapshot \\d{4}-\\d{2}-\\d{2} \\([\\w./-]+\\)\\)\\n$`, "u"));
    expect(existsSync(path.join(dir, "node_modules", ".bin", "trusted-publishing"))).toBe(false);
    expect(existsSync(path.join(dir, "node_modules", PACKAGE.name, "docs", "rules", "require-id-token-permission.md"))).toBe(true);
  });

  it("gives the plugin itself to a plain require(), the same object import() gives, and the README's CommonJS config lints", async (context) => {
    const { dir } = need(context);
    const probe = [
      `const tp = require(${JSON.stringify(PACKAGE.name)});`,
      `import(${JSON.stringify(PACKAGE.name)}).then((esm) => console.log(JSON.stringify({`,
      "  name: tp.meta?.name, recommended: Array.isArray(tp.configs?.recommended), files: tp.files,",
      "  rules: Object.keys(tp.rules ?? {}).length, same: esm.default === tp, plugin: tp.configs.recommended[0].plugins['trusted-publishing'] === tp,",
      "})));",
    ].join("\n");
    const run = await runProcess(process.execPath, ["-e", probe], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ name: PACKAGE.name, recommended: true, files: [...LINTED_FILES], rules: Object.keys(rules).length, same: true, plugin: true });

    try {
      writeFiles(dir, { "eslint.config.cjs": readmeBlock("## Configuration", "js", 2), ".github/workflows/release.yml": MISSING_ID_TOKEN });
      expect(readmeBlock("## Configuration", "js", 2)).toMatch(/^const tp = require\("eslint-plugin-trusted-publishing"\);\n/u);
      const asCjs = await eslint(dir, ["--config", "eslint.config.cjs", "."]);
      expect([asCjs.code, asCjs.stdout.includes(RULE)], asCjs.stderr).toEqual([1, true]);
      // As the README says: the ES module config under the name eslint.config.js fails in a CommonJS package.
      writeFiles(dir, { "eslint.config.js": readmeBlock(QUICK_START, "js") });
      expect((await eslint(dir, ["--config", "eslint.config.js", "."])).code).toBe(2);
    } finally {
      // ESLint would find eslint.config.js before the eslint.config.mjs of the other tests.
      for (const file of ["eslint.config.cjs", "eslint.config.js"]) rmSync(path.join(dir, file), { force: true });
    }
  });

  it("lints workflows and TypeScript with typescript-eslint's type-checked setup as the README gives it, in either order", async (context) => {
    const { dir } = need(context);
    const config = readmeBlock(TYPED, "js");
    writeFiles(dir, { ...TYPESCRIPT, ".github/workflows/release.yml": MISSING_ID_TOKEN });
    const lintWith = async (text: string) => {
      writeFiles(dir, { "eslint.config.mjs": text });
      return eslint(dir, [".github/workflows", "src"]);
    };

    const documented = await lintWith(config);
    expect(documented.stderr).toBe("");
    expect(documented.code).toBe(1);
    expect(documented.stdout).toContain("@typescript-eslint/no-floating-promises");
    expect(documented.stdout).toContain(RULE);

    // The plugin's config before typescript-eslint's: the same findings.
    const typedLines = config.split("\n").filter((line) => line.includes("tseslint.configs.recommendedTypeChecked") || line.includes("parserOptions"));
    const tpLine = config.split("\n").find((line) => line.includes("tp.configs.recommended"))!;
    expect(typedLines).toHaveLength(2);
    const swapped = config.replace(typedLines.join("\n"), tpLine).replace(`${tpLine}\n  { files: tp.files`, `${typedLines.join("\n")}\n  { files: tp.files`);
    expect(swapped).not.toBe(config);
    const reordered = await lintWith(swapped);
    expect([reordered.code, reordered.stderr, reordered.stdout]).toEqual([1, "", documented.stdout]);

    // Without the README's last line, typescript-eslint's setup stops ESLint on the workflow.
    const withoutLine = config.replace(/^ {2}\{ files: tp\.files, extends: \[tseslint\.configs\.disableTypeChecked\] \},\n/mu, "");
    expect(withoutLine).not.toBe(config);
    const crashed = await lintWith(withoutLine);
    expect(crashed.code).toBe(2);
    expect(crashed.stderr).toMatch(/Error while loading rule '@typescript-eslint\/[\w-]+'/u);
    // ESLint stops on whichever workflow it reaches first; the message names one of them.
    expect(crashed.stderr).toMatch(/Occurred while linting .*[\\/]\.github[\\/]workflows[\\/][\w.-]+\.ya?ml/u);
  });

  it("type-checks its published types against this ESLint", async (context) => {
    const { dir } = need(context);
    writeFiles(dir, {
      "check.mts": [
        `import tp, { rules, type RuleId, type TrustedPublishingPlugin } from ${JSON.stringify(PACKAGE.name)};`,
        'import type { ESLint, Linter } from "eslint";',
        "const plugin: ESLint.Plugin = tp;",
        "const typed: TrustedPublishingPlugin = tp;",
        "const configs: Linter.Config[] = [...tp.configs.recommended, ...tp.configs.all, { files: tp.files, rules: {} }];",
        'const id: RuleId = "require-id-token-permission";',
        "export default [plugin, typed, configs, rules[id]];",
        "",
      ].join("\n"),
      "tsconfig.check.json": JSON.stringify({
        compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: false, types: [] },
        files: ["check.mts"],
      }),
    });
    const tsc = await runProcess(process.execPath, [TSC, "-p", "tsconfig.check.json"], { cwd: dir });
    expect(tsc, `the published types must type-check with ${eslintSpec}`).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});

describe("npx eslint-plugin-trusted-publishing in a project without ESLint (a Python one)", () => {
  const PYTHON = {
    "pyproject.toml": "[project]\nname = 'widgets'\n",
    "docs/custom.js": "const x = ;\n",
    ".venv/pyvenv.cfg": "home = /usr/bin\n",
    ".venv/lib/site-packages/pkg/.github/workflows/release.yml": MISSING_ID_TOKEN,
  };

  /** npm could not install the tarball's dependencies (no registry, not in the cache): skipped, with npm's reason. */
  const offline = (run: { stderr: string }, context: TestContext) => {
    if (!OFFLINE.test(run.stderr)) return;
    console.warn(`[install] npx could not install the package's dependencies; skipped:\n${run.stderr}`);
    context.skip();
  };

  it("lints the workflows, and only them; with nothing to lint it exits 2", async (context) => {
    const bare = mkdtempSync(path.join(tmpdir(), "tp-python-"));
    dirs.push(bare);
    writeFiles(bare, PYTHON);
    const nothing = await npxTarball(packed.tarball, PACKAGE.name, [], bare);
    offline(nothing, context);
    expect(nothing).toEqual({ code: 2, stdout: "", stderr: `${PACKAGE.name}: nothing to lint in .: the plugin lints ${LINTED_FILES.join(", ")}\n` });

    writeFiles(bare, { ".github/workflows/release.yml": MISSING_ID_TOKEN });
    const found = await npxTarball(packed.tarball, PACKAGE.name, ["--format", "json"], bare);
    expect(found.code, found.stderr).toBe(1);
    expect((JSON.parse(found.stdout) as { filePath: string }[]).map((result) => path.relative(bare, result.filePath))).toEqual([path.join(".github", "workflows", "release.yml")]);
  });

  it("--config takes a project config that imports the plugin and eslint/config, which only npx's install has", async (context) => {
    const bare = mkdtempSync(path.join(tmpdir(), "tp-python-"));
    dirs.push(bare);
    writeFiles(bare, {
      ...PYTHON,
      ".github/workflows/release.yml": MISSING_ID_TOKEN,
      "eslint.config.mjs": CONFIG_IMPORTING_THE_PLUGIN,
    });
    const run = await npxTarball(packed.tarball, PACKAGE.name, ["--config", "eslint.config.mjs", "--format", "json"], bare);
    offline(run, context);
    expect(run.stderr).toBe("");
    const ruleIds = (JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[]).flatMap((result) => result.messages.map((message) => message.ruleId));
    expect(ruleIds).not.toContain(RULE);
    expect(ruleIds).toContain("trusted-publishing/require-publish-environment");
  });
});
