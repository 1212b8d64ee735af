/**
 * GitHub Actions expressions (`${{ … }}`): values that are only known when the workflow runs.
 */

// Linear: a fixed prefix, a lazy run that cannot contain `}}`, a fixed suffix.
const EXPRESSION = /\$\{\{(?:[^}]|\}(?!\}))*\}\}/gu;
const WHOLE_EXPRESSION = /^\s*\$\{\{(?:[^}]|\}(?!\}))*\}\}\s*$/u;

/** True when the whole value is one `${{ … }}` expression (spaces around it allowed). */
export function isExpression(value: string): boolean {
  // Most values hold no expression: a plain search first.
  return value.includes("${{") && WHOLE_EXPRESSION.test(value);
}

/** True when the value contains an expression anywhere. */
export function hasExpression(value: string): boolean {
  return value.includes("${{");
}

/** Every expression in a text, with its offset. */
export function* expressionsIn(text: string): Generator<{ text: string; start: number }> {
  for (const match of text.matchAll(EXPRESSION)) yield { text: match[0], start: match.index };
}

/** The inner expression text: `${{ secrets.X }}` → `secrets.X`. */
export function expressionBody(expression: string): string {
  return expression.trim().replace(/^\$\{\{/u, "").replace(/\}\}$/u, "").trim();
}
