/**
 * Where findings are reported from: the repository root, so that CI systems (GitHub code
 * scanning, workflow annotations) can match a path to a file in the repository.
 */
import path from "node:path";
import { gitRootOf } from "../workspace/index.js";

/** The nearest directory at or above `from` that holds `.git` (a checkout or a worktree); else `from`. */
export function repositoryRoot(from: string): string {
  return gitRootOf(from) ?? path.resolve(from);
}

/** `file` relative to `root` with forward slashes, or undefined when it lies outside `root`. */
export function relativeTo(root: string, file: string): string | undefined {
  const relative = path.relative(root, file);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join("/");
}
