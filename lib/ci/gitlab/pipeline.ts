/**
 * A GitLab pipeline as GitLab assembles it from its files: `include: local` files (and the
 * `include: 'path'` shorthand, globs) read through lib/workspace and deep-merged under the file
 * that includes them; then, per job, `extends:` (multi-level, deep merge), `!reference [...]`,
 * `default:` (and the deprecated top-level `image`, `services`, `cache`, `before_script`,
 * `after_script`) and global `variables:`, as `inherit:` lets them through.
 *
 * What the files cannot show makes a fact unknown: `include: project|remote|template|component`
 * (and a local file that cannot be read) mark the pipeline `unknownIncludes`; an `extends:` or
 * `!reference` that names nothing we can read makes that value unknown.
 */
import type { AST } from "yaml-eslint-parser";
import { workspaceOf, type Workspace } from "../../workspace/index.js";
import {
  deepMerge,
  mapOf,
  readValue,
  textOf,
  withoutKeys,
  type GlEntry,
  type GlMap,
  type GlSource,
  type GlValue,
} from "./values.js";
import { asMapping, valueOf } from "../../yaml/nodes.js";

/** Top-level keys that are not jobs (GitLab's CI schema; `pages` is a job). */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  "$schema",
  "spec",
  "image",
  "services",
  "stages",
  "types",
  "before_script",
  "after_script",
  "variables",
  "cache",
  "include",
  "default",
  "workflow",
]);

/** Keys `default:` gives every job that does not set them (GitLab's CI schema). */
export const DEFAULT_KEYS: readonly string[] = [
  "after_script",
  "artifacts",
  "before_script",
  "cache",
  "hooks",
  "id_tokens",
  "identity",
  "image",
  "interruptible",
  "retry",
  "services",
  "tags",
  "timeout",
];

/** Top-level keys that act as `default:` ones (deprecated by GitLab, still read). */
const GLOBAL_DEFAULTS = ["image", "services", "cache", "before_script", "after_script"];

/** How many files an include tree may hold, and how deep it may nest (GitLab allows 150 and 100). */
export const MAX_INCLUDED_FILES = 100;
export const MAX_INCLUDE_DEPTH = 10;
/** `extends:` levels GitLab resolves (11), and `!reference` nesting (10). */
const MAX_EXTENDS = 11;
const MAX_REFERENCE_DEPTH = 10;

/** The file being linted, as ESLint has it. */
export interface LintedText {
  readonly filename: string;
  readonly text: string;
  readonly ast: AST.YAMLProgram;
}

/** A pipeline's configuration after includes, before per-job resolution. */
export interface PipelineData {
  /** The file whose pipeline this is (the top-level file, or the linted file on its own). */
  readonly root: GlSource;
  /** Every file read, root first. */
  readonly files: readonly GlSource[];
  /** The merged top level. */
  readonly top: GlMap;
  /** Some configuration comes from files we cannot read (project, remote, template, component, unreadable local). */
  readonly unknownIncludes: boolean;
}

/** A job after extends, `!reference`, `default:` and `inherit:`. */
export interface ResolvedJob {
  readonly id: string;
  /** The job's own top-level entry (where its key is written; for a job merged across files, the including file's). */
  readonly entry: GlEntry;
  readonly config: GlMap;
  /** The job's `default:` keys that come from `default:` (or the deprecated globals). */
  readonly fromDefault: ReadonlySet<string>;
  /** Global variables the job inherits (all, some by name, or none). */
  readonly inheritsVariables: boolean | ReadonlySet<string>;
  /** Part of its configuration could not be read (an `extends:` target we cannot see). */
  readonly unknown: boolean;
}

/** The document that holds the pipeline: the last one (a `spec:` header document may come first). */
export function pipelineDocument(ast: AST.YAMLProgram): { readonly content: AST.YAMLMapping | undefined; readonly hasInputs: boolean } {
  const documents = ast.body.filter((document) => document.content !== null);
  const last = documents.at(-1);
  const content = asMapping(last?.content);
  const header = documents.length > 1 ? asMapping(documents[0]!.content) : undefined;
  const hasInputs = header !== undefined && valueOf(header, "spec") !== undefined;
  // Several documents without a `spec:` header is not a pipeline GitLab reads.
  if (documents.length > 1 && !hasInputs) return { content: undefined, hasInputs };
  return { content, hasInputs };
}

function sourceOf(path: string, text: string, ast: AST.YAMLProgram, linted: boolean): { source: GlSource; content: AST.YAMLMapping | undefined } {
  const { content, hasInputs } = pipelineDocument(ast);
  return { source: { path, text, ast, linted, hasInputs }, content };
}

/**
 * The pipeline of `root` (its text and AST given), with its local includes read from
 * `workspace` (none without one: then every local include is unknown). `linted` is the file
 * ESLint lints, whose own AST is used wherever the pipeline includes it.
 */
export function readPipeline(root: { path: string; absolute: string | undefined; text: string; ast: AST.YAMLProgram }, linted: LintedText, workspace: Workspace | undefined): PipelineData | undefined {
  const rootIsLinted = root.absolute === linted.filename || root.path === linted.filename;
  const first = sourceOf(rootIsLinted ? linted.filename : root.path, root.text, root.ast, rootIsLinted);
  if (!first.content) return undefined;
  const files: GlSource[] = [first.source];
  const seen = new Set<string>([root.absolute ?? root.path]);
  let unknownIncludes = false;

  const load = (content: AST.YAMLMapping, source: GlSource, depth: number): GlMap => {
    const own = readValue(content, source);
    if (own.kind !== "map") return { kind: "map", entries: new Map(), node: content, source, unknownKeys: true };
    const include = own.entries.get("include");
    if (!include) return own;
    let merged: GlValue = { kind: "map", entries: new Map(), node: undefined, source: undefined, unknownKeys: false };
    for (const item of includeItems(include.value)) {
      if (item.kind === "unknown") {
        unknownIncludes = true;
        continue;
      }
      if (!workspace || depth >= MAX_INCLUDE_DEPTH) {
        unknownIncludes = true;
        continue;
      }
      const paths = expandLocal(workspace, item.path);
      if (paths === undefined) {
        unknownIncludes = true;
        continue;
      }
      for (const relative of paths) {
        const absolute = workspace.resolve(relative);
        if (absolute === undefined || seen.has(absolute)) continue;
        if (files.length >= MAX_INCLUDED_FILES) {
          unknownIncludes = true;
          break;
        }
        seen.add(absolute);
        const isLinted = absolute === linted.filename;
        let text: string;
        let ast: AST.YAMLProgram;
        if (isLinted) {
          ({ text, ast } = linted);
        } else {
          const read = workspace.readYaml(relative);
          if (!read.ok) {
            unknownIncludes = true;
            continue;
          }
          ({ text, ast } = read.value);
        }
        const next = sourceOf(isLinted ? linted.filename : relative, text, ast, isLinted);
        files.push(next.source);
        if (!next.content) {
          unknownIncludes = true;
          continue;
        }
        merged = deepMerge(merged, load(next.content, next.source, depth + 1));
      }
    }
    return deepMerge(merged, withoutKeys(own, ["include"])) as GlMap;
  };

  const top = load(first.content, first.source, 0);
  return { root: first.source, files, top, unknownIncludes };
}

type IncludeItem = { readonly kind: "local"; readonly path: string } | { readonly kind: "unknown" };

/** The items of `include:` (a string, a list, objects): local ones by path, everything else unknown. */
function includeItems(value: GlValue): IncludeItem[] {
  const list = value.kind === "seq" ? value.items : [value];
  return list.map((item): IncludeItem => {
    const text = textOf(item);
    if (text !== undefined) return /^[a-z][a-z\d+.-]*:\/\//iu.test(text) ? { kind: "unknown" } : { kind: "local", path: text };
    const map = mapOf(item);
    if (!map) return { kind: "unknown" };
    const local = textOf(map.entries.get("local")?.value);
    // `local:` with `inputs:` is interpolated: its values depend on the inputs, still read (the
    // interpolated values themselves are unknown).
    if (local !== undefined && !map.entries.has("project") && !map.entries.has("remote") && !map.entries.has("template") && !map.entries.has("component")) {
      return { kind: "local", path: local };
    }
    return { kind: "unknown" };
  });
}

/** A local include's files, relative to the repository root; `undefined` when we cannot list them. */
function expandLocal(workspace: Workspace, pattern: string): string[] | undefined {
  if (pattern.includes("$")) return undefined;
  const clean = pattern.replace(/^\/+/u, "").replace(/^\.\//u, "");
  if (clean === "" || clean.split("/").includes("..")) return undefined;
  if (!/[*?[]/u.test(clean)) return [clean];
  const segments = clean.split("/");
  const found: string[] = [];
  const walk = (dir: string, index: number, budget: { left: number }): boolean => {
    if (budget.left-- <= 0) return false;
    const segment = segments[index]!;
    const last = index === segments.length - 1;
    const listed = workspace.list(dir || ".");
    if (!listed.ok) return listed.reason === "missing";
    if (segment.includes("**")) {
      // `**` matches any depth: the rest of the pattern against every path below.
      const rest = new RegExp(`^${globToRegex(segments.slice(index).join("/"), true)}$`, "u");
      const visit = (sub: string, depth: number): boolean => {
        if (depth > 6 || budget.left-- <= 0) return false;
        const entries = workspace.list(sub || ".");
        if (!entries.ok) return entries.reason === "missing";
        for (const entry of entries.value) {
          const full = sub ? `${sub}/${entry.name}` : entry.name;
          const relative = dir ? full.slice(dir.length + 1) : full;
          if (entry.kind === "file" && rest.test(relative)) found.push(full);
          else if (entry.kind === "directory" && !visit(full, depth + 1)) return false;
        }
        return true;
      };
      return visit(dir, 0);
    }
    const matcher = new RegExp(`^${globToRegex(segment, false)}$`, "u");
    for (const entry of listed.value) {
      if (!matcher.test(entry.name)) continue;
      const full = dir ? `${dir}/${entry.name}` : entry.name;
      if (last && entry.kind === "file") found.push(full);
      else if (!last && entry.kind === "directory" && !walk(full, index + 1, budget)) return false;
    }
    return true;
  };
  if (!walk("", 0, { left: 500 })) return undefined;
  return found.sort();
}

function globToRegex(glob: string, deep: boolean): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === "*") {
      if (glob[i + 1] === "*") {
        out += ".*";
        i++;
        if (glob[i + 1] === "/") i++;
      } else out += deep ? "[^/]*" : "[^/]*";
    } else if (char === "?") out += "[^/]";
    else out += char.replace(/[.+^${}()|[\]\\]/gu, "\\$&");
  }
  return out;
}

/** Whether a top-level entry is a job (a mapping with something to run or to inherit). */
export function isJobEntry(entry: GlEntry): boolean {
  if (RESERVED_KEYS.has(entry.key)) return false;
  const map = mapOf(entry.value);
  if (!map) return false;
  return ["script", "run", "trigger", "extends"].some((key) => map.entries.has(key));
}

/** The pipeline's jobs (hidden `.name` keys are templates, not jobs), each resolved. */
export function resolveJobs(data: PipelineData): ResolvedJob[] {
  const jobs: ResolvedJob[] = [];
  const extended = new Map<string, { config: GlMap; unknown: boolean } | null>();
  const extend = (name: string, depth: number, visiting: Set<string>): { config: GlMap; unknown: boolean } | null => {
    const cached = extended.get(name);
    if (cached !== undefined) return cached;
    const raw = mapOf(data.top.entries.get(name)?.value);
    if (!raw || depth > MAX_EXTENDS || visiting.has(name)) return null;
    const parents = extendsOf(raw.entries.get("extends")?.value);
    if (parents === undefined) return { config: raw, unknown: true };
    let base: GlValue = { kind: "map", entries: new Map(), node: undefined, source: undefined, unknownKeys: false };
    let unknown = false;
    visiting.add(name);
    for (const parent of parents) {
      const resolved = extend(parent, depth + 1, visiting);
      if (!resolved) {
        unknown = true;
        continue;
      }
      unknown ||= resolved.unknown;
      base = deepMerge(base, resolved.config);
    }
    visiting.delete(name);
    const result = { config: deepMerge(base, withoutKeys(raw, ["extends"])) as GlMap, unknown };
    extended.set(name, result);
    return result;
  };
  const referenced = (path: readonly string[]): GlValue => {
    const [head, ...rest] = path;
    let current: GlValue | undefined = head === undefined ? undefined : (extend(head, 0, new Set())?.config ?? data.top.entries.get(head)?.value);
    for (const key of rest) current = mapOf(current)?.entries.get(key)?.value;
    return current ?? { kind: "unknown", why: "reference" };
  };
  const dereference = (value: GlValue, depth: number): GlValue => {
    if (value.kind === "reference") {
      if (depth >= MAX_REFERENCE_DEPTH) return { kind: "unknown", why: "reference" };
      return dereference(referenced(value.path), depth + 1);
    }
    if (value.kind === "seq") {
      if (!value.items.some(hasReference)) return value;
      return { ...value, items: value.items.map((item) => dereference(item, depth)) };
    }
    if (value.kind === "map") {
      if (![...value.entries.values()].some((entry) => hasReference(entry.value))) return value;
      const entries = new Map<string, GlEntry>();
      for (const [key, entry] of value.entries) entries.set(key, { ...entry, value: dereference(entry.value, depth) });
      return { ...value, entries };
    }
    return value;
  };

  const defaults = defaultsOf(data, dereference);
  for (const entry of data.top.entries.values()) {
    if (entry.key.startsWith(".") || !isJobEntry(entry)) continue;
    const resolved = extend(entry.key, 0, new Set());
    if (!resolved) continue;
    let config = dereference(resolved.config, 0) as GlMap;
    const inherit = mapOf(config.entries.get("inherit")?.value);
    const inheritDefault = inheritance(inherit?.entries.get("default")?.value);
    const inheritsVariables = inheritance(inherit?.entries.get("variables")?.value);
    const fromDefault = new Set<string>();
    if (inheritDefault !== false) {
      const entries = new Map(config.entries);
      for (const [key, defaultEntry] of defaults) {
        if (entries.has(key)) continue;
        if (inheritDefault !== true && !inheritDefault.has(key)) continue;
        entries.set(key, defaultEntry);
        fromDefault.add(key);
      }
      config = { ...config, entries };
    }
    jobs.push({ id: entry.key, entry, config, fromDefault, inheritsVariables, unknown: resolved.unknown || config.unknownKeys });
  }
  return jobs;
}

function hasReference(value: GlValue): boolean {
  if (value.kind === "reference") return true;
  if (value.kind === "seq") return value.items.some(hasReference);
  if (value.kind === "map") return [...value.entries.values()].some((entry) => hasReference(entry.value));
  return false;
}

/** The keys `default:` gives (after its own `!reference`s), with the deprecated globals under them. */
function defaultsOf(data: PipelineData, dereference: (value: GlValue, depth: number) => GlValue): Map<string, GlEntry> {
  const defaults = new Map<string, GlEntry>();
  for (const key of GLOBAL_DEFAULTS) {
    const entry = data.top.entries.get(key);
    if (entry) defaults.set(key, { ...entry, value: dereference(entry.value, 0) });
  }
  const block = mapOf(data.top.entries.get("default")?.value);
  for (const key of DEFAULT_KEYS) {
    const entry = block?.entries.get(key);
    if (entry) defaults.set(key, { ...entry, value: dereference(entry.value, 0) });
  }
  return defaults;
}

/** `extends:` as a list of names; `undefined` when it cannot be read. */
function extendsOf(value: GlValue | undefined): string[] | undefined {
  if (value === undefined) return [];
  const one = textOf(value);
  if (one !== undefined) return [one];
  if (value.kind !== "seq") return undefined;
  const names: string[] = [];
  for (const item of value.items) {
    const name = textOf(item);
    if (name === undefined) return undefined;
    names.push(name);
  }
  return names;
}

/** `inherit: default|variables:` — `true`/`false`, or the list of names let through. */
function inheritance(value: GlValue | undefined): boolean | ReadonlySet<string> {
  if (value === undefined) return true;
  if (value.kind === "scalar") return value.value !== false;
  if (value.kind === "seq") return new Set(value.items.flatMap((item) => textOf(item) ?? []));
  return true;
}

/** The workspace of a linted file, for the pipeline readers. */
export function pipelineWorkspace(filename: string): Workspace | undefined {
  return workspaceOf(filename);
}
