/**
 * The package as users get it: `npm pack` of this checkout, checked for what it ships, then
 * installed from the tarball into fresh projects (`npm init -y`, which writes a CommonJS
 * package.json) where the README's setup is followed word for word: its install command, its
 * `eslint.config.mjs`, `npx eslint .`. The published types are type-checked against the lowest
 * supported ESLint (9.38).
 *
 * Dependencies come from npm's cache when they are there (--prefer-offline); when neither the
 * registry nor the cache can provide them, the install tests are skipped with a message.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { ROOT, removeDir, runProcess, writeFiles } from "./helpers/cli.js";
import { OFFLINE, npm, packPackage, type Packed } from "./helpers/pack.js";
import { CLEAN, MISSING_ID_TOKEN } from "./helpers/workflows.js";
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

/** The body of the first fenced block of `language` in the README section under `heading`. */
function readmeBlock(heading: string, language: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start, `README has no section ${heading}`).toBeGreaterThan(-1);
  const next = README.indexOf("\n## ", start + heading.length + 2);
  const section = README.slice(start + heading.length + 2, next === -1 ? undefined : next);
  const open = section.indexOf("```" + language + "\n");
  expect(open, `no ${language} block under ${heading}`).toBeGreaterThan(-1);
  const body = section.slice(open + language.length + 4);
  return body.slice(0, body.indexOf("```"));
}

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
    for (const file of ["LICENSE", "README.md", "CHANGELOG.md", "dist/index.js", "dist/index.d.ts", "dist/bin.js", "docs/github-workflow.yml"]) {
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

/** A fresh project as `npm init -y` makes it, with the tarball and `extra` installed as the README says. */
async function freshProject(context: TestContext, eslintSpec: string): Promise<{ dir: string; installStderr: string } | undefined> {
  const dir = mkdtempSync(path.join(tmpdir(), "tp-install-"));
  dirs.push(dir);
  const init = await npm(["init", "-y"], dir);
  expect(init.code, init.stderr).toBe(0);
  expect(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).type).toBe("commonjs");
  // The README's install command, with this tarball for the package name.
  const command = readmeBlock("## Install", "sh").trim();
  expect(command).toBe(`npm install --save-dev eslint ${PACKAGE.name}`);
  const args = command
    .split(/\s+/u)
    .slice(1)
    .map((word) => (word === PACKAGE.name ? packed.tarball : word === "eslint" ? eslintSpec : word));
  const installed = await npm([...args, "--prefer-offline", "--no-audit", "--no-fund"], dir);
  if (installed.code !== 0 && OFFLINE.test(installed.stderr)) {
    console.warn(`[install] npm could not reach the registry or its cache; skipped:\n${installed.stderr}`);
    context.skip();
    return undefined;
  }
  expect(installed.code, installed.stderr).toBe(0);
  return { dir, installStderr: installed.stderr };
}

function eslint(dir: string, args: string[]) {
  return runProcess(process.execPath, [path.join(dir, "node_modules", "eslint", "bin", "eslint.js"), ...args], { cwd: dir });
}

describe("installed in a fresh CommonJS project", () => {
  it("installs without an install-script warning, and the README's eslint.config.mjs lints the workflows", async (context) => {
    const project = await freshProject(context, "eslint");
    if (!project) return;
    const { dir, installStderr } = project;
    expect(installStderr).not.toMatch(/install-scripts|prepare/u);
    expect(installStderr).not.toContain(PACKAGE.name);

    // The config file the README shows, under the name it gives.
    expect(README).toContain("`eslint.config.mjs`");
    writeFiles(dir, {
      "eslint.config.mjs": readmeBlock("## Use with ESLint", "js"),
      ".github/workflows/release.yml": MISSING_ID_TOKEN,
      ".github/workflows/test.yml": CLEAN,
    });
    const failing = await eslint(dir, ["."]);
    expect(failing.code, failing.stderr).toBe(1);
    expect(failing.stdout).toContain(RULE);
    expect(failing.stdout).toContain(path.join(".github", "workflows", "release.yml"));
    expect(failing.stdout).not.toContain("test.yml");
    expect(failing.stderr).toBe("");

    // As the README says: the same file as eslint.config.js fails in a CommonJS package; the
    // CommonJS form with require() works.
    writeFiles(dir, { "eslint.config.js": readmeBlock("## Use with ESLint", "js") });
    const asJs = await eslint(dir, ["--config", "eslint.config.js", "."]);
    expect(asJs.code).toBe(2);
    const requireLine = /`(const tp = require\("eslint-plugin-trusted-publishing"\)\.default;)`/u.exec(README)?.[1];
    expect(requireLine).toBeDefined();
    writeFiles(dir, { "eslint.config.cjs": `${requireLine}\nmodule.exports = [...tp.configs.recommended];\n` });
    const asCjs = await eslint(dir, ["--config", "eslint.config.cjs", "."]);
    expect([asCjs.code, asCjs.stdout.includes(RULE)], asCjs.stderr).toEqual([1, true]);

    // The bin runs from the install too.
    const bin = await runProcess(path.join(dir, "node_modules", ".bin", "trusted-publishing"), ["--version"], { cwd: dir });
    expect(bin).toMatchObject({ code: 0, stderr: "" });
    expect(bin.stdout).toMatch(new RegExp(`^${PACKAGE.version.replaceAll(".", "\\.")} \\(action data read \\d{4}-\\d{2}-\\d{2}, oldest snapshot \\d{4}-\\d{2}-\\d{2} \\([\\w./-]+\\)\\)\\n$`, "u"));
    expect(existsSync(path.join(dir, "node_modules", PACKAGE.name, "docs", "rules", "require-id-token-permission.md"))).toBe(true);
  });

  it("type-checks against ESLint 9.38, the lowest supported version, and lints with it", async (context) => {
    const project = await freshProject(context, "eslint@9.38.0");
    if (!project) return;
    const { dir } = project;
    writeFiles(dir, {
      "check.mts": [
        `import tp, { rules, type RuleId, type TrustedPublishingPlugin } from ${JSON.stringify(PACKAGE.name)};`,
        'import type { ESLint, Linter } from "eslint";',
        "const plugin: ESLint.Plugin = tp;",
        "const typed: TrustedPublishingPlugin = tp;",
        "const configs: Linter.Config[] = [...tp.configs.recommended, ...tp.configs.all];",
        'const id: RuleId = "require-id-token-permission";',
        "export default [plugin, typed, configs, rules[id]];",
        "",
      ].join("\n"),
      "tsconfig.json": JSON.stringify({
        compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: false, types: [] },
        files: ["check.mts"],
      }),
    });
    const tsc = await runProcess(process.execPath, [TSC, "-p", "."], { cwd: dir });
    expect(tsc, "the published types must type-check with ESLint 9.38").toEqual({ code: 0, stdout: "", stderr: "" });

    writeFiles(dir, { "eslint.config.mjs": readmeBlock("## Use with ESLint", "js"), ".github/workflows/release.yml": MISSING_ID_TOKEN });
    const run = await eslint(dir, ["."]);
    expect([run.code, run.stdout.includes(RULE)], run.stderr).toEqual([1, true]);
  });
});
