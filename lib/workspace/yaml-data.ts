/**
 * The data of a YAML file read from the workspace (a `.releaserc.yml`, a `pnpm-workspace.yaml`),
 * built from yaml-eslint-parser's AST with the same safe reading the workflow model uses
 * (lib/yaml/nodes.ts): aliases followed, custom tags and cycles unreadable, and a budget on the
 * nodes visited, so that an alias bomb costs a bounded amount and reads as "unknown".
 */
import type { AST } from "yaml-eslint-parser";
import { asMapping, asScalar, asSequence, entries, items, resolve, type YAMLContent } from "../yaml/nodes.js";

/** The most nodes one file's data may visit (aliases count each time they are expanded). */
const NODE_BUDGET = 100_000;

class OverBudget extends Error {}

/** The data of the one document of a YAML program; `undefined` for none, several, or data we cannot read. */
export function yamlData(program: AST.YAMLProgram): { readonly data: unknown } | undefined {
  const documents = program.body.filter((document) => document.content !== null);
  if (documents.length !== 1) return undefined;
  let budget = NODE_BUDGET;
  const convert = (node: YAMLContent | null | undefined): unknown => {
    if (--budget < 0) throw new OverBudget();
    if (node === null || node === undefined) return null;
    const content = resolve(node);
    if (content === undefined) return undefined;
    const mapping = asMapping(content);
    if (mapping) {
      const object: Record<string, unknown> = {};
      for (const [key, pair] of entries(mapping)) object[key] = convert(pair.value);
      return object;
    }
    const sequence = asSequence(content);
    if (sequence) return items(sequence).map((item) => convert(item));
    return asScalar(content)?.value ?? undefined;
  };
  try {
    return { data: convert(documents[0]!.content) };
  } catch (error) {
    if (error instanceof OverBudget) return undefined;
    throw error;
  }
}
