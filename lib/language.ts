/**
 * The YAML language of eslint-plugin-yml, as this plugin registers it (`trusted-publishing/yaml`).
 *
 * One correction: eslint-plugin-yml 3 hands ESLint the parser's 0-based column for a YAML syntax
 * error, and ESLint prints a language's parse errors as they come (it adds 1 only to the columns
 * of rule reports), so `jobs: [` at the end of a file was reported at column 0. Parse errors
 * here carry 1-based columns like every other finding, and their messages pass the plugin's
 * redaction as rule reports do (a parser that quoted a token-shaped key would otherwise print
 * it). Everything else is the original language: the object inherits from it.
 */
import yml from "eslint-plugin-yml";
import { redactSecrets } from "./publishing/literals.js";

type YAMLLanguage = typeof yml.languages.yaml;

export function withOneBasedParseErrors(language: YAMLLanguage): YAMLLanguage {
  const parse: YAMLLanguage["parse"] = function (this: YAMLLanguage, file, context) {
    const result = language.parse.call(this, file, context);
    if (result.ok) return result;
    return { ...result, errors: result.errors.map((error) => ({ ...error, message: redactSecrets(error.message), column: error.column + 1 })) };
  };
  return Object.assign(Object.create(language) as YAMLLanguage, { parse });
}

export const yamlLanguage: YAMLLanguage = withOneBasedParseErrors(yml.languages.yaml);
