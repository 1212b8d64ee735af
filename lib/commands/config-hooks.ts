/**
 * Module resolution hooks for `--config` (registered with `module.register` only then): a
 * project's `eslint.config.mjs` imports `eslint-plugin-trusted-publishing` (and often
 * `eslint/config`) from the project, where `npx` has not installed them. When such a bare
 * import cannot be found from the config file, it is looked up again from the command's own
 * install, which holds the plugin and its ESLint. A package the project has is always the
 * project's own: the second lookup runs only where the first one failed.
 *
 * Node runs these hooks for `import`, not for `require()`: a CommonJS config that requires the
 * plugin needs it installed in the project.
 */
interface ResolveContext {
  readonly parentURL?: string | undefined;
  readonly conditions: readonly string[];
  readonly importAttributes: Record<string, string>;
}

interface ResolveResult {
  readonly url: string;
  readonly format?: string | null | undefined;
  readonly shortCircuit?: boolean | undefined;
}

type NextResolve = (specifier: string, context?: Partial<ResolveContext>) => ResolveResult | Promise<ResolveResult>;

/** A module of the command's install, to resolve from. */
let fallbackParent: string | undefined;

export function initialize(data: { readonly parentURL: string }): void {
  fallbackParent = data.parentURL;
}

/** A package name (`eslint`, `@scope/name/sub`), not a relative, absolute, URL or builtin specifier. */
const isBare = (specifier: string): boolean => !/^(?:\.{0,2}\/|[a-z][a-z\d+.-]*:)/iu.test(specifier);

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const notFound = (error as { code?: unknown } | null)?.code === "ERR_MODULE_NOT_FOUND";
    if (!notFound || fallbackParent === undefined || !isBare(specifier) || context.parentURL === fallbackParent) throw error;
    return nextResolve(specifier, { ...context, parentURL: fallbackParent });
  }
}
