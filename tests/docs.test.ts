/**
 * The documentation is true where it is read.
 *
 * - The examples in the rule docs: for every docs/rules/<id>.md, each ```yaml block under
 *   "### Incorrect" is reported by that rule at least once, and each one under "### Correct" is
 *   not reported by it. Any page that follows the convention is checked, so a new rule's page is
 *   covered as soon as it exists.
 * - Every page the package ships (README, CHANGELOG, the rule pages, anything else in
 *   package.json's `files`) links only to what exists where it is read: a relative link to a file
 *   the package ships (npm shows the README, and a reader of node_modules has only the package),
 *   an anchor to a heading of its page, an absolute URL of a valid form; a link into this
 *   repository names the release tag of this version and a file that exists. And no shipped page
 *   speaks the project's internal language (the team's folders, source files, notes to self, the
 *   bare command name that `npx` would look up as another package).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import plugin from "../lib/index.js";
import { REPOSITORY_URL } from "../lib/package.js";
import { lint, withRules } from "./helpers/fix.js";
import { ROOT } from "./helpers/cli.js";
import { PACKED_LIMIT, packedFiles } from "./helpers/pack.js";

type Kind = "Incorrect" | "Correct";

interface Example {
  readonly kind: Kind;
  /** 1-based line of the block's first line of YAML in the page. */
  readonly line: number;
  readonly code: string;
}

/**
 * The ```yaml (or ```yml) blocks under the "### Incorrect" and "### Correct" headings of a
 * page. A section ends at the next heading of level 3 or above; deeper headings (#### …)
 * stay in it. Headings inside fenced blocks do not count.
 */
function examplesOf(markdown: string): Example[] {
  const examples: Example[] = [];
  const lines = markdown.split(/\r?\n/u);
  let section: Kind | undefined;
  let fence: { marker: string; yaml: boolean; start: number; body: string[] } | undefined;
  for (const [index, line] of lines.entries()) {
    if (fence) {
      if (line.trim().startsWith(fence.marker) && line.trim().replaceAll(fence.marker[0]!, "") === "") {
        if (fence.yaml && section) examples.push({ kind: section, line: fence.start, code: `${fence.body.join("\n")}\n` });
        fence = undefined;
      } else {
        fence.body.push(line);
      }
      continue;
    }
    const opening = /^ {0,3}(`{3,}|~{3,})\s*([\w-]*)/u.exec(line);
    if (opening) {
      fence = { marker: opening[1]!, yaml: ["yaml", "yml"].includes(opening[2]!.toLowerCase()), start: index + 2, body: [] };
      continue;
    }
    const heading = /^(#{1,6})\s+(\S.*)$/u.exec(line);
    if (heading && heading[1]!.length <= 3) {
      const title = heading[2]!.trim();
      section = heading[1]!.length === 3 && (title === "Incorrect" || title === "Correct") ? title : undefined;
    }
  }
  return examples;
}

const docsDir = new URL("../docs/rules/", import.meta.url);
const pages = readdirSync(docsDir).filter((file) => file.endsWith(".md")).sort();

describe("examplesOf", () => {
  it("takes yaml blocks of the two sections only, through deeper headings, ignoring headings in code", () => {
    const page = [
      "# x",
      "```yaml",
      "before: sections",
      "```",
      "### Incorrect",
      "```yaml",
      "a: 1",
      "# not a heading",
      "```",
      "#### With an option",
      "````yml",
      "b: 2",
      "````",
      "```js",
      "js();",
      "```",
      "### Correct",
      "```yaml",
      "c: 3",
      "```",
      "## Fix",
      "```yaml",
      "d: 4",
      "```",
    ].join("\n");
    expect(examplesOf(page)).toEqual([
      { kind: "Incorrect", line: 7, code: "a: 1\n# not a heading\n" },
      { kind: "Incorrect", line: 12, code: "b: 2\n" },
      { kind: "Correct", line: 19, code: "c: 3\n" },
    ]);
  });
});

describe.each(pages)("docs/rules/%s", (page) => {
  const id = page.replace(/\.md$/u, "");
  const ruleId = `trusted-publishing/${id}`;
  const examples = examplesOf(readFileSync(new URL(page, docsDir), "utf8"));

  it("documents a rule of the plugin, with Incorrect and Correct examples", () => {
    expect(Object.keys(plugin.rules)).toContain(id);
    expect(examples.filter((example) => example.kind === "Incorrect").length).toBeGreaterThan(0);
    expect(examples.filter((example) => example.kind === "Correct").length).toBeGreaterThan(0);
  });

  if (examples.length === 0) return;
  it.each(examples.map((example) => [`${example.kind} example at line ${example.line}`, example] as const))("%s", (_, example) => {
    const messages = lint(example.code, withRules([id]), ".github/workflows/example.yml");
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    const reports = messages.filter((message) => message.ruleId === ruleId);
    if (example.kind === "Incorrect") expect(reports.length, `${page}:${example.line} should be reported by ${ruleId}`).toBeGreaterThan(0);
    else expect(reports, `${page}:${example.line} should not be reported by ${ruleId}`).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Shipped pages: links and wording

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

/** A page's lines with fenced code blocks blanked (kept as empty lines, so line numbers hold). */
function outsideFences(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split(/\r?\n/u).map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/u.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      return "";
    }
    if (marker !== undefined) {
      fence = marker;
      return "";
    }
    return line;
  });
}

/** A line without its code spans (`…`, ``…``), which hold no links. */
function withoutCodeSpans(line: string): string {
  let out = "";
  let at = 0;
  while (at < line.length) {
    if (line[at] !== "`") {
      out += line[at];
      at += 1;
      continue;
    }
    let run = 1;
    while (line[at + run] === "`") run += 1;
    const close = line.indexOf("`".repeat(run), at + run);
    if (close === -1) {
      out += line.slice(at, at + run);
      at += run;
    } else {
      at = close + run;
    }
  }
  return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slugOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, "")
    .replaceAll(" ", "-");
}

/** The anchors of a page's headings, as GitHub numbers repeated ones (`name`, `name-1`, …). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of outsideFences(markdown)) {
    const heading = /^ {0,3}#{1,6}[ \t](.*)$/u.exec(line)?.[1];
    if (heading === undefined) continue;
    // A closing run of #s is not part of the heading.
    const words = heading.trim().split(/\s+/u);
    if (words.length > 1 && /^#+$/u.test(words.at(-1)!)) words.pop();
    const base = slugOf(words.join(" "));
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

export interface Link {
  readonly line: number;
  readonly target: string;
}

/** Every link of a page: inline links and images, reference definitions, autolinks and bare URLs (not in code). */
export function linksOf(markdown: string): Link[] {
  const links: Link[] = [];
  for (const [index, raw] of outsideFences(markdown).entries()) {
    const line = withoutCodeSpans(raw);
    const add = (target: string) => links.push({ line: index + 1, target });
    for (const match of line.matchAll(/\]\(\s*(<[^>]*>|[^\s()]+)/gu)) add(match[1]!.replace(/^<|>$/gu, ""));
    const definition = /^ {0,3}\[[^\]]+\]:[ \t]*(\S+)/u.exec(line);
    if (definition) add(definition[1]!.replace(/^<|>$/gu, ""));
    for (const match of line.matchAll(/<(https?:[^>\s]+)>/gu)) add(match[1]!);
    // A bare URL, which GitHub and npm link too (without trailing punctuation).
    const prose = line.replace(/\]\(\s*(?:<[^>]*>|[^\s()]+)/gu, "](").replace(/<https?:[^>\s]+>/gu, "").replace(/^ {0,3}\[[^\]]+\]:[ \t]*\S+/u, "");
    for (const match of prose.matchAll(/\bhttps?:\/\/[^\s<>()[\]`]+/gu)) {
      let url = match[0];
      while (/[.,;:!?'"*_]$/u.test(url)) url = url.slice(0, -1);
      add(url);
    }
  }
  return links;
}

/** What is wrong with a link of `page` (a path in the package), or undefined. */
function deadLink(page: string, target: string, shipped: ReadonlySet<string>, pages: ReadonlyMap<string, string>): string | undefined {
  const anchorOk = (file: string, anchor: string, text: string | undefined) =>
    anchor === "" || !file.endsWith(".md") || text === undefined || anchorsOf(text).has(decodeURIComponent(anchor)) ? undefined : `no heading #${anchor} in ${file}`;
  if (/^[a-z][a-z\d+.-]*:/iu.test(target)) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return "not a valid URL";
    }
    if (url.protocol === "mailto:") return undefined;
    if (url.protocol !== "https:") return `not an https URL (${url.protocol})`;
    if (!url.hostname.includes(".") || /[\s…<>]/u.test(target) || /[.,;:)]$/u.test(target)) return "not a valid URL";
    if (!target.startsWith(`${REPOSITORY_URL}/`)) return undefined;
    // This repository: a file or folder as released with this version, which must exist.
    const inRepository = /^\/(?:blob|tree|raw)\/([^/]+)\/([^#?]+)/u.exec(target.slice(REPOSITORY_URL.length));
    if (!inRepository) return undefined;
    const [, ref, file] = inRepository;
    if (ref !== `v${VERSION}`) return `links the repository at '${ref}', not at this version's release tag v${VERSION}`;
    const local = path.join(ROOT, decodeURIComponent(file!));
    if (!existsSync(local)) return `${file} does not exist in the repository`;
    return statSync(local).isFile() ? anchorOk(file!, url.hash.slice(1), readFileSync(local, "utf8")) : undefined;
  }
  const [pathPart = "", anchor = ""] = target.split("#", 2);
  if (pathPart === "") return anchorOk(page, anchor, pages.get(page));
  const file = path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURIComponent(pathPart.split("?")[0]!)));
  if (!shipped.has(file)) return `${file} is not in the package`;
  return anchorOk(file, anchor, pages.get(file));
}

/** Words of the project's own making that a user of the package cannot know. */
const INTERNAL: readonly (readonly [RegExp, string])[] = [
  [/\bthe user's own\b/iu, "the user's own (whose?)"],
  [/\bseed\b/iu, "the seed workflows (the project's own test inputs)"],
  [/\/work\/|\.\.\/shared\/|\bshared\/(?:corpus|seed|peer-fixtures|docs)\b/u, "a folder of the developers' machines"],
  [/\bthe corpus\b|\bcorpus-report\b/iu, "the project's corpus, as if the reader knew it"],
  [/\bUNVERIFIED\b/u, "the registry data's internal marker"],
  [/\b(?:TODO|FIXME|XXX)\b/u, "a note to self"],
  [/\bthe brief\b|\bissue \d+\b|\bhelper\b/iu, "the project's working notes"],
  [/\bRegistries covered\b/u, "a stale list of registries (each page covers every registry it names)"],
  [/(?:^|[^\w/.@-])trusted-publishing (?:--|migrate\b|\.)/u, "the bare command `trusted-publishing` (npx would fetch another package of that name): write `npx eslint-plugin-trusted-publishing`"],
];

/** In prose (outside code blocks): a source file of the repository, which the package does not ship. */
const SOURCE_FILE = /`[^`]*\b(?:lib|tests|scripts)\/[^`]*`/u;

export function internalWording(text: string, markdown: boolean): string[] {
  const found: string[] = [];
  const lines = text.split(/\r?\n/u);
  const prose = markdown ? outsideFences(text) : lines;
  for (const [index, line] of lines.entries()) {
    for (const [pattern, why] of INTERNAL) if (pattern.test(line)) found.push(`${index + 1}: ${why}: ${line.trim()}`);
    if (markdown && SOURCE_FILE.test(prose[index]!)) found.push(`${index + 1}: a source file of the repository, not in the package: ${line.trim()}`);
  }
  return found;
}

describe("linksOf and internalWording", () => {
  it("find inline links, definitions, autolinks and bare URLs, not links in code; anchors as GitHub makes them", () => {
    const page = [
      "# Title",
      "See [a](docs/a.md#x-y), ![img](<b c.png>) and <https://example.com/x>.",
      "Bare https://example.org/page. `[not](a-link.md)` and `https://in.code/`",
      "```md",
      "[nor](this.md)",
      "```",
      "[ref]: https://example.net/ref",
      "## `configs.all` & more",
      "## `configs.all` & more",
    ].join("\n");
    expect(linksOf(page).map(({ line, target }) => `${line} ${target}`)).toEqual([
      "2 docs/a.md#x-y",
      "2 b c.png",
      "2 https://example.com/x",
      "3 https://example.org/page",
      "7 https://example.net/ref",
    ]);
    expect([...anchorsOf(page)]).toEqual(["title", "configsall--more", "configsall--more-1"]);
  });

  it("flags the project's own words and the bare command, in prose and code alike, and source files in prose", () => {
    expect(internalWording("The user's own insecure example:\nrun: trusted-publishing --fix\n", true)).toHaveLength(2);
    expect(internalWording("Printed by `trusted-publishing --version`.\nSee `lib/data/actions.ts`.\n", true)).toHaveLength(2);
    expect(internalWording("npx eslint-plugin-trusted-publishing --fix\nrules: { \"trusted-publishing/x\": \"off\" }\n- id: trusted-publishing\n", true)).toEqual([]);
    expect(internalWording("```sh\ncp lib/x.ts .\n```\n", true)).toEqual([]);
  });
});

describe("the pages the package ships", () => {
  let shipped: Set<string>;
  let pages: Map<string, string>;
  beforeAll(async () => {
    shipped = new Set(await packedFiles());
    pages = new Map([...shipped].filter((file) => /\.(?:md|ya?ml)$/u.test(file)).map((file) => [file, readFileSync(path.join(ROOT, file), "utf8")]));
  });

  it("are the README, the CHANGELOG, every rule page and the CI workflow", () => {
    const names = [...pages.keys()];
    for (const page of ["README.md", "CHANGELOG.md", "docs/github-workflow.yml", ...Object.keys(plugin.rules).map((id) => `docs/rules/${id}.md`)]) expect(names).toContain(page);
  });

  it("link only to what exists where they are read", () => {
    const dead: string[] = [];
    for (const [page, text] of pages) {
      const links = page.endsWith(".md") ? linksOf(text) : text.split("\n").flatMap((line, index) => [...line.matchAll(/\bhttps:\/\/[^\s"'`]+/gu)].map((match) => ({ line: index + 1, target: match[0] })));
      for (const { line, target } of links) {
        const problem = deadLink(page, target, shipped, pages);
        if (problem) dead.push(`${page}:${line} ${target}: ${problem}`);
      }
    }
    expect(dead).toEqual([]);
  });

  it("a dead link is found: a file the package does not ship, a missing anchor, another tag, a malformed URL", () => {
    const problems = ["docs/performance.md", "#no-such-heading", `${REPOSITORY_URL}/blob/main/README.md`, `${REPOSITORY_URL}/blob/v${VERSION}/docs/missing.md`, "https://exa mple.com", "http://example.com/"].map((target) =>
      deadLink("README.md", target, shipped, pages),
    );
    expect(problems.every((problem) => problem !== undefined)).toBe(true);
    expect(deadLink("README.md", "docs/rules/no-outdated-actions.md#options", shipped, pages)).toBeUndefined();
  });

  it("speak the user's language, not the project's", () => {
    const found = [...pages].flatMap(([page, text]) => internalWording(text, page.endsWith(".md")).map((problem) => `${page}:${problem}`));
    expect(found).toEqual([]);
  });
});

describe("CHANGELOG.md", () => {
  const changelog = readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8");
  const sections = [...changelog.matchAll(/^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$/gmu)].map(([, name, date]) => ({ name: name!, date }));

  it("opens with what this version holds: Unreleased naming it, or its own dated section", () => {
    const [top] = sections;
    expect(top).toBeDefined();
    if (top!.name === "Unreleased") {
      const start = changelog.indexOf("## [Unreleased]");
      const end = changelog.indexOf("\n## [", start + 1);
      const body = changelog.slice(start, end === -1 ? undefined : end);
      // Until a version is released, the section says which version it will be.
      if (!sections.some((section) => section.name === VERSION)) expect(body).toContain(VERSION);
    } else {
      expect(top).toEqual({ name: VERSION, date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/u) });
    }
    // No section for a version this package has not reached.
    const newer = sections.filter((section) => section.name !== "Unreleased" && section.name.localeCompare(VERSION, undefined, { numeric: true }) > 0);
    expect(newer).toEqual([]);
  });

  it("names every rule and every option of the command that the package has", async () => {
    for (const id of Object.keys(plugin.rules)) expect(changelog, id).toContain(`\`${id}\``);
    const { run } = await import("../lib/cli.js");
    let help = "";
    const io = { out: { write: (text: string) => (help += text) }, err: { write: () => true }, cwd: ROOT };
    await run(["--help"], io);
    await run(["migrate", "--help"], io);
    const options = new Set([...help.matchAll(/(?<![\w-])--[a-z][a-z-]+/gu)].map(([option]) => option).filter((option) => option !== "--help"));
    expect(options.size).toBeGreaterThan(10);
    for (const option of options) expect(changelog, option).toContain(`\`${option}`);
  });

  it("states only sizes that the tests hold it to", () => {
    const sizes = [...changelog.matchAll(/\b(\d+(?:\.\d+)?) kB\b/gu)].map((match) => `${changelog.slice(0, match.index).trimEnd().split(/\s/u).at(-1)?.replace(/^\(/u, "")} ${match[1]}`);
    expect(sizes).toEqual([`under ${PACKED_LIMIT / 1000}`]);
  });
});

describe("the released version the pages name", () => {
  it("is this one, wherever a page pins it (npx, pre-commit's rev, links at the release tag): `npm run docs` moves them", async () => {
    const { withReleaseVersion } = await import("../scripts/docs.mjs");
    // Not the CHANGELOG: its history names the versions of its time.
    for (const file of ["README.md", "docs/github-workflow.yml", ...Object.keys(plugin.rules).map((id) => `docs/rules/${id}.md`)]) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      expect(withReleaseVersion(text, VERSION, REPOSITORY_URL, plugin.meta.name), file).toBe(text);
    }
    const old = `npx eslint-plugin-trusted-publishing@0.0.9 -f sarif\nrev: v0.0.9\n[x](${REPOSITORY_URL}/blob/v0.0.9/docs/editors.md)\nhttps://github.com/other/repo/blob/v0.0.9/x.md\n`;
    expect(withReleaseVersion(old, "1.2.3", REPOSITORY_URL, plugin.meta.name)).toBe(
      `npx eslint-plugin-trusted-publishing@1.2.3 -f sarif\nrev: v1.2.3\n[x](${REPOSITORY_URL}/blob/v1.2.3/docs/editors.md)\nhttps://github.com/other/repo/blob/v0.0.9/x.md\n`,
    );
  });
});

/**
 * The rule pages read like ESLint's own: they describe each message as it is, explain what the
 * fixes change, link only to pages the package ships, and speak to the plugin's users (no word of
 * how the plugin is built or tested). no-hardcoded-credentials' page is kept to these by its own
 * owner's tests.
 */
const SUGGESTION_MESSAGES = new Set(["upgradeBreaking", "upgradeLatest", "upgradeFromBranch", "turnOff", "migrate", "remedy", "replaceWithScopes", "addPermissions", "addEnvironment", "moveGrant", "migrateNamed", "removeCache", "moveDefaultIdToken", "removeDefaultIdToken"]);
const CONVENTIONAL = pages.filter((page) => page !== "no-hardcoded-credentials.md");

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) => heading.toLowerCase().replace(/[^\w\s-]/gu, "").trim().replace(/\s/gu, "-");
const headingsOf = (markdown: string) => markdown.split("\n").filter((line) => /^#{1,6} /u.test(line)).map((line) => line.replace(/^#+ /u, ""));
/** The page without its fenced code blocks. */
const prose = (markdown: string) => markdown.replace(/^```[^\n]*\n(?:(?!```)[^\n]*\n)*```/gmu, "");

describe.each(CONVENTIONAL)("docs/rules/%s reads like an ESLint rule page", (page) => {
  const id = page.replace(/\.md$/u, "");
  const markdown = readFileSync(new URL(page, docsDir), "utf8");
  const rule = plugin.rules[id as keyof typeof plugin.rules];

  it("has the sections: rule details, examples, fixes, options, when not to use it, related rules, further reading", () => {
    const sections = markdown.split("\n").filter((line) => line.startsWith("## "));
    expect(sections.slice(0, 2)).toEqual(["## Rule details", "## Examples"]);
    for (const section of ["## Fixes", "## Options", "## When not to use it", "## Related rules", "## Further reading"]) expect(sections).toContain(section);
  });

  it("shows every message it reports, as the rule words it", () => {
    const text = markdown.replaceAll("\n", " ");
    for (const [messageId, template] of Object.entries(rule.meta!.messages!)) {
      if (SUGGESTION_MESSAGES.has(messageId)) continue;
      const escaped = template.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&").replace(/\\\{\\\{\w+\\\}\\\}/gu, ".+?");
      expect(new RegExp(escaped, "u").test(text), `${messageId}: ${template}`).toBe(true);
    }
  });

  it("explains every example with a comment", () => {
    for (const example of examplesOf(markdown)) expect(example.code, `line ${example.line}`).toMatch(/^# \S/u);
  });

  it("links only to pages the package ships, and to headings they have", () => {
    for (const [, target] of prose(markdown).matchAll(/\]\(([^()\s]+)\)/gu)) {
      if (/^https?:\/\//u.test(target!)) continue;
      const [file, anchor] = target!.split("#");
      const linked = file === "" ? page : file!;
      expect(linked, target).toMatch(/^[a-z-]+\.md$/u);
      expect(pages, target).toContain(linked);
      if (anchor !== undefined) expect(headingsOf(readFileSync(new URL(linked, docsDir), "utf8")).map(anchorOf), target).toContain(anchor);
    }
  });

});
