/**
 * The shape GitHub code scanning requires of an uploaded SARIF file, as a list of problems
 * (empty when the log is acceptable). From GitHub's "SARIF support for code scanning":
 * version 2.1.0, a $schema, runs[].tool.driver.name and rules, and per result a ruleId (with a
 * ruleIndex that points at that rule), a level, message.text and a physical location whose
 * artifact URI is relative to the repository root.
 */

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const isPositiveInteger = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 1;

export function githubSarifProblems(log: unknown, options: { relativeUris?: boolean } = {}): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };
  if (!isObject(log)) return ["the log is not an object"];
  check(log.version === "2.1.0", "version is not 2.1.0");
  check(typeof log.$schema === "string" && /sarif-2\.1\.0/u.test(log.$schema), "$schema is not the SARIF 2.1.0 schema");
  const runs = log.runs;
  if (!Array.isArray(runs) || runs.length === 0) return [...problems, "no runs"];
  for (const [r, run] of runs.entries()) {
    if (!isObject(run)) {
      problems.push(`runs[${r}] is not an object`);
      continue;
    }
    const driver = isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : undefined;
    check(typeof driver?.name === "string" && driver.name !== "", `runs[${r}].tool.driver.name is missing`);
    const rules = Array.isArray(driver?.rules) ? (driver.rules as unknown[]) : undefined;
    check(rules !== undefined, `runs[${r}].tool.driver.rules is not an array`);
    for (const [i, rule] of (rules ?? []).entries()) {
      const at = `runs[${r}].tool.driver.rules[${i}]`;
      if (!isObject(rule)) {
        problems.push(`${at} is not an object`);
        continue;
      }
      check(typeof rule.id === "string" && rule.id !== "", `${at}.id is missing`);
      check(isObject(rule.shortDescription) && typeof rule.shortDescription.text === "string", `${at}.shortDescription.text is missing`);
      if (rule.helpUri !== undefined) check(typeof rule.helpUri === "string" && URL.canParse(rule.helpUri), `${at}.helpUri is not a URI`);
    }
    const results = run.results;
    if (!Array.isArray(results)) {
      problems.push(`runs[${r}].results is not an array`);
      continue;
    }
    for (const [i, result] of results.entries()) {
      const at = `runs[${r}].results[${i}]`;
      if (!isObject(result)) {
        problems.push(`${at} is not an object`);
        continue;
      }
      check(typeof result.ruleId === "string" && result.ruleId !== "", `${at}.ruleId is missing`);
      if (result.ruleIndex !== undefined) {
        const rule = rules?.[result.ruleIndex as number];
        check(isObject(rule) && rule.id === result.ruleId, `${at}.ruleIndex does not point at rule ${String(result.ruleId)}`);
      }
      check(["error", "warning", "note", "none"].includes(result.level as string), `${at}.level is not error, warning, note or none`);
      check(isObject(result.message) && typeof result.message.text === "string" && result.message.text !== "", `${at}.message.text is missing`);
      const locations = result.locations;
      if (!Array.isArray(locations) || locations.length === 0 || locations.length > 10) {
        problems.push(`${at}.locations must hold 1 to 10 locations`);
        continue;
      }
      for (const [l, location] of locations.entries()) {
        const physical = isObject(location) && isObject(location.physicalLocation) ? location.physicalLocation : undefined;
        const artifact = isObject(physical?.artifactLocation) ? physical.artifactLocation : undefined;
        const uri = artifact?.uri;
        check(typeof uri === "string" && uri !== "", `${at}.locations[${l}] has no artifactLocation.uri`);
        if (typeof uri === "string" && options.relativeUris !== false) {
          check(!/^[a-z][\w+.-]*:/iu.test(uri) && !uri.startsWith("/"), `${at}.locations[${l}] URI ${uri} is not relative to the repository root`);
        }
        const region = isObject(physical?.region) ? physical.region : undefined;
        if (region) {
          check(isPositiveInteger(region.startLine), `${at}.locations[${l}].region.startLine is not a line number`);
          for (const key of ["startColumn", "endLine", "endColumn"]) {
            if (region[key] !== undefined) check(isPositiveInteger(region[key]), `${at}.locations[${l}].region.${key} is not a positive integer`);
          }
          if (region.endLine !== undefined) check((region.endLine as number) >= (region.startLine as number), `${at}.locations[${l}] region ends before it starts`);
        }
      }
    }
  }
  return problems;
}
