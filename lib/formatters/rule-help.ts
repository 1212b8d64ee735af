/**
 * A rule's documentation page (docs/rules/<id>.md, which ships in the package) as the Markdown
 * help of a SARIF rule: what GitHub code scanning shows under an alert.
 *
 * The page's title line is left out (the alert shows the rule's id and description), and links
 * relative to the page become absolute links to the repository at this version's release tag,
 * so they work where the help is shown.
 */
import path from "node:path";
import { releasedFileUrl } from "../package.js";
import { packagedFileExists, readPackagedText } from "../workspace/packaged.js";

const DOCS_DIR = new URL("../../docs/rules/", import.meta.url);

/** `target` as written in the page `docs/rules/<id>.md`, as a URL that works anywhere. */
export function absoluteLink(target: string, page: string): string {
  if (/^[a-z][\w+.-]*:/iu.test(target) || target.startsWith("//")) return target;
  if (target.startsWith("#")) return `${releasedFileUrl(page)}${target}`;
  const hash = target.indexOf("#");
  const file = hash === -1 ? target : target.slice(0, hash);
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
  if (resolved.startsWith("..")) return target;
  return `${releasedFileUrl(resolved)}${hash === -1 ? "" : target.slice(hash)}`;
}

/** The page's Markdown for SARIF: no title line, relative links made absolute. */
export function helpFromPage(markdown: string, page: string): string {
  const lines = markdown.split("\n");
  if (lines[0]?.startsWith("# ")) lines.shift();
  let fenced = false;
  const out = lines.map((line) => {
    if (/^ {0,3}(?:```|~~~)/u.test(line)) fenced = !fenced;
    if (fenced) return line;
    // Inline links and images, [text](target); code spans (`…`) are left alone.
    return line
      .split(/(`[^`]*`)/u)
      .map((part, index) => (index % 2 === 1 ? part : part.replace(/\]\(([^()\s]+)/gu, (_, target: string) => `](${absoluteLink(target, page)}`)))
      .join("");
  });
  return out.join("\n").trim();
}

/**
 * The help of one of this plugin's rules (`<namespace>/<id>`), or undefined for another
 * plugin's rule or when the page is not there.
 */
export function ruleHelpMarkdown(ruleId: string, namespace: string): string | undefined {
  if (!ruleId.startsWith(`${namespace}/`)) return undefined;
  const id = ruleId.slice(namespace.length + 1);
  if (!/^[a-z0-9-]+$/u.test(id)) return undefined;
  const file = new URL(`${id}.md`, DOCS_DIR);
  if (!packagedFileExists(file)) return undefined;
  return helpFromPage(readPackagedText(file), `docs/rules/${id}.md`);
}
