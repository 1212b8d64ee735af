/**
 * The architecture's import rules, checked on the sources: the CI layer (the job/step shape and
 * each CI system's model) knows nothing of publishing or registries; registry modules know nothing of publishing or rules; only the
 * registries' index names a registry module; only lib/workspace reads files (beside the command
 * line); and no module imports itself through others.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const lib = path.resolve(new URL("../../lib/", import.meta.url).pathname);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Module (path relative to lib, without extension) → the lib modules it imports, types included. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(lib)) {
    const text = readFileSync(file, "utf8");
    const imports = [...text.matchAll(/\bfrom\s+["'](\.{1,2}\/[^"']+)["']/gu)].map(([, specifier]) =>
      path.relative(lib, path.resolve(path.dirname(file), specifier!)).replace(/\.js$/u, ""),
    );
    graph.set(path.relative(lib, file).replace(/\.ts$/u, ""), imports);
  }
  return graph;
}

const graph = importGraph();
const importsOf = (prefix: string) => [...graph].filter(([module]) => module.startsWith(prefix)).flatMap(([module, imports]) => imports.map((to) => `${module} → ${to}`));

describe("layers", () => {
  it("reads the imports it checks", () => {
    expect(graph.get("publishing/recognise")).toContain("registries/index");
    expect(graph.get("registries/index")).toContain("registries/pypi");
  });

  it("keeps the CI layer (shape and models) free of publishing, registries and rules", () => {
    expect(graph.get("ci/github/model")).toContain("ci/shape");
    expect(importsOf("ci/").filter((edge) => /→ (?:publishing|registries|rules)\//u.test(edge))).toEqual([]);
  });

  it("keeps the job/step shape free of any CI system's model but the action refs it names", () => {
    expect(importsOf("ci/shape").filter((edge) => /→ ci\/(?!github\/uses$)/u.test(edge))).toEqual([]);
  });

  it("keeps registry modules free of publishing and rules", () => {
    expect(importsOf("registries/").filter((edge) => /→ (?:publishing|rules)\//u.test(edge))).toEqual([]);
  });

  it("lets only the registries' index import a registry module (facts shared by several, such as a release tool's, live in registries/shared)", () => {
    const direct = [...graph].flatMap(([module, imports]) =>
      imports.filter((to) => to.startsWith("registries/") && !["registries/index", "registries/types"].includes(to) && !to.startsWith("registries/shared/") && module !== "registries/index").map((to) => `${module} → ${to}`),
    );
    expect(direct).toEqual([]);
  });

  it("lets only lib/workspace (and the command line) touch the file system", () => {
    const allowed = (module: string) => module.startsWith("workspace/") || module.startsWith("commands/") || module === "cli" || module === "bin";
    const readers = sources(lib)
      .filter((file) => /\bfrom\s+["'](?:node:)?fs(?:\/promises)?["']|\brequire\(["'](?:node:)?fs/u.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(lib, file).replace(/\.ts$/u, ""));
    expect(readers.filter((module) => !allowed(module))).toEqual([]);
    expect(readers).toContain("workspace/files");
  });

  it("keeps the workspace at the bottom: it imports nothing above the YAML helpers", () => {
    expect(importsOf("workspace/").filter((edge) => !/→ (?:workspace|yaml|data\/lru)\b/u.test(edge))).toEqual([]);
  });

  it("has no import cycle", () => {
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (module: string, trail: string[]) => {
      if (state.get(module) === "done") return;
      if (state.get(module) === "visiting") {
        cycles.push([...trail.slice(trail.indexOf(module)), module].join(" → "));
        return;
      }
      state.set(module, "visiting");
      for (const next of graph.get(module) ?? []) visit(next, [...trail, module]);
      state.set(module, "done");
    };
    for (const module of graph.keys()) visit(module, []);
    expect(cycles).toEqual([]);
  });
});
