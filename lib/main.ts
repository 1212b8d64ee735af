/**
 * The package's entry point: the plugin module (lib/index.ts, whose types are the package's),
 * and what a CommonJS `require("eslint-plugin-trusted-publishing")` returns: the plugin itself,
 * not a namespace with `.default`. Node's `require()` of an ES module returns the export named
 * `"module.exports"` where there is one (every Node the package supports: 20.19 and later,
 * 22.12 and later). That name lives here, out of the published types, which older TypeScript
 * versions could not read with it.
 */
import plugin from "./index.js";

export * from "./index.js";
export default plugin;
export { plugin as "module.exports" };
