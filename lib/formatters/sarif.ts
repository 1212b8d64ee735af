/**
 * SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif).
 *
 * What GitHub reads from it: the tool's name and rules (id, shortDescription, helpUri, help),
 * and per result its ruleId/ruleIndex, level, message.text and the primary location: an
 * artifact URI relative to the repository root plus a region. Paths inside the repository are
 * written relative to its root (with `uriBaseId: "%SRCROOT%"`), others as absolute file URIs.
 *
 * No `partialFingerprints`: code scanning matches alerts across runs by
 * `primaryLocationLineHash`, which upload-sarif computes from the checked-out file when a
 * result does not carry one. A hash of our own under that name would stop it from doing so.
 *
 * Findings without a rule (YAML syntax errors, "file ignored" warnings) are not alerts: they
 * become tool execution notifications of the run, and a file that could not be read as YAML
 * marks the run as not successful (`executionSuccessful: false`): its workflows were not checked.
 *
 * A rule's title (`shortDescription`) is its description; its `help` is its documentation page
 * in Markdown when the caller can give it (see rule-help.ts), else the description and a link.
 */
import { pathToFileURL } from "node:url";
import type { ESLint, Linter } from "eslint";
import { relativeTo } from "./paths.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const SOURCE_ROOT = "%SRCROOT%";

export interface SarifTool {
  readonly name: string;
  readonly version: string;
  readonly informationUri: string;
}

/** The part of a rule's meta that SARIF uses (ESLint's `getRulesMetaForResults()` gives it). */
export interface RuleMetaLike {
  readonly docs?: { readonly description?: string | undefined; readonly url?: string | undefined } | undefined;
}

type Level = "error" | "warning" | "note";

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index: number;
}

interface Region {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

interface Location {
  physicalLocation: { artifactLocation: ArtifactLocation; region?: Region };
}

export interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: Level };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: Location[];
}

interface Notification {
  level: Level;
  message: { text: string };
  locations: Location[];
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: [
    {
      tool: { driver: SarifTool & { semanticVersion: string; rules: SarifRule[] } };
      originalUriBaseIds: Record<string, { uri: string }>;
      columnKind: "utf16CodeUnits";
      artifacts: { location: Omit<ArtifactLocation, "index"> }[];
      results: SarifResult[];
      invocations: [{ executionSuccessful: boolean; toolExecutionNotifications: Notification[] }];
    },
  ];
}

const levelOf = (message: Linter.LintMessage): Level => (message.severity === 2 ? "error" : "warning");

function regionOf(message: Linter.LintMessage): Region | undefined {
  if (!(message.line > 0)) return undefined;
  const region: Region = { startLine: message.line };
  if (message.column > 0) region.startColumn = message.column;
  if (message.endLine !== undefined && message.endLine > 0) {
    region.endLine = message.endLine;
    if (message.endColumn !== undefined && message.endColumn > 0) region.endColumn = message.endColumn;
  }
  return region;
}

export interface SarifOptions {
  /** The repository root that URIs are relative to. */
  readonly root: string;
  readonly tool: SarifTool;
  /** A rule's documentation in Markdown, for `help.markdown`, when there is one. */
  readonly helpMarkdown?: (ruleId: string) => string | undefined;
}

/** The description as a title: a capital first letter, no final period. */
function title(description: string): string {
  const text = description.trim().replace(/\.$/u, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function ruleOf(id: string, meta: RuleMetaLike | undefined, level: Level, helpMarkdown: string | undefined): SarifRule {
  const description = meta?.docs?.description ? title(meta.docs.description) : id;
  const url = meta?.docs?.url;
  const rule: SarifRule = {
    id,
    shortDescription: { text: description },
    fullDescription: { text: description },
    help: {
      text: url ? `${description}.\n\nDocumentation: ${url}` : description,
      markdown: helpMarkdown ?? (url ? `${description}.\n\n[Rule documentation](${url})` : description),
    },
    defaultConfiguration: { level },
  };
  if (url) rule.helpUri = url;
  return rule;
}

/** Builds the SARIF log of one run. `root` is the repository root the URIs are relative to. */
export function sarifLog(
  results: readonly ESLint.LintResult[],
  rulesMeta: Readonly<Record<string, RuleMetaLike | undefined>>,
  options: SarifOptions,
): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const artifacts: { location: Omit<ArtifactLocation, "index"> }[] = [];
  const sarifResults: SarifResult[] = [];
  const notifications: Notification[] = [];
  let unreadable = false;

  for (const result of results) {
    if (result.messages.length === 0) continue;
    const relative = relativeTo(options.root, result.filePath);
    const location: Omit<ArtifactLocation, "index"> = relative
      ? { uri: relative.split("/").map(encodeURIComponent).join("/"), uriBaseId: SOURCE_ROOT }
      : { uri: pathToFileURL(result.filePath).href };
    const index = artifacts.push({ location }) - 1;

    for (const message of result.messages) {
      const region = regionOf(message);
      const locations: Location[] = [
        { physicalLocation: { artifactLocation: { ...location, index }, ...(region ? { region } : {}) } },
      ];
      const level = levelOf(message);
      if (!message.ruleId) {
        if (message.fatal) unreadable = true;
        notifications.push({ level, message: { text: message.message }, locations });
        continue;
      }
      let position = ruleIndex.get(message.ruleId);
      if (position === undefined) {
        position = rules.push(ruleOf(message.ruleId, rulesMeta[message.ruleId], level, options.helpMarkdown?.(message.ruleId))) - 1;
        ruleIndex.set(message.ruleId, position);
      } else if (level === "error") {
        rules[position]!.defaultConfiguration.level = "error";
      }
      sarifResults.push({ ruleId: message.ruleId, ruleIndex: position, level, message: { text: message.message }, locations });
    }
  }

  const rootUri = pathToFileURL(options.root).href;
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { ...options.tool, semanticVersion: options.tool.version, rules } },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: rootUri.endsWith("/") ? rootUri : `${rootUri}/` } },
        columnKind: "utf16CodeUnits",
        artifacts,
        results: sarifResults,
        invocations: [{ executionSuccessful: !unreadable, toolExecutionNotifications: notifications }],
      },
    ],
  };
}

export function formatSarif(...args: Parameters<typeof sarifLog>): string {
  return JSON.stringify(sarifLog(...args), null, 2);
}
