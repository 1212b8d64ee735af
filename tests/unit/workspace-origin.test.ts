/**
 * The GitHub repository a workflow belongs to (lib/workspace/repository.ts), which the trusted-publisher
 * forms ask for: the repository that holds the workflow file, a submodule or a linked worktree included (their
 * `.git` is a `gitdir:` file), built here by writing the files git would write.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { githubRepositoryOf } from "../../lib/workspace/index.js";

const root = mkdtempSync(path.join(tmpdir(), "tp-origin-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function checkout(name: string, config: string | undefined): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, ".github", "workflows"), { recursive: true });
  if (config !== undefined) {
    mkdirSync(path.join(dir, ".git"));
    writeFileSync(path.join(dir, ".git", "config"), config);
  }
  return path.join(dir, ".github", "workflows", "release.yml");
}

describe("githubRepositoryOf", () => {
  it("reads the origin remote, over SSH or HTTPS, with or without .git", () => {
    const ssh = checkout("ssh", '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:pallets/flask.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n');
    const https = checkout("https", '[remote "upstream"]\n\turl = https://github.com/other/thing\n[remote "origin"]\n\turl = https://github.com/pypa/twine\n');
    expect(githubRepositoryOf(ssh)).toEqual({ owner: "pallets", name: "flask" });
    expect(githubRepositoryOf(https)).toEqual({ owner: "pypa", name: "twine" });
  });

  it("says nothing for a non-GitHub origin, no origin, or no checkout", () => {
    expect(githubRepositoryOf(checkout("gitlab", '[remote "origin"]\n\turl = https://gitlab.com/a/b.git\n'))).toBeUndefined();
    expect(githubRepositoryOf(checkout("upstream-only", '[remote "upstream"]\n\turl = https://github.com/a/b\n'))).toBeUndefined();
    expect(githubRepositoryOf(path.join(tmpdir(), "no-such-dir-for-tp", "release.yml"))).toBeUndefined();
  });
});

/** Writes `files` (path under `root` → text). */
function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
}

const origin = (url: string) => `[core]\n\trepositoryformatversion = 0\n[remote "origin"]\n\turl = ${url}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`;
const workflowIn = (dir: string) => path.join(root, dir, ".github", "workflows", "release.yml");

describe("githubRepositoryOf, in submodules and worktrees", () => {
  it("names a submodule after its own origin, not its superproject's", () => {
    write({
      "super/.git/config": origin("git@github.com:acme/superproject.git") + '[submodule "libs/core"]\n\turl = https://github.com/acme/core.git\n',
      // What `git submodule add` writes: a gitdir file, and the module's own git directory.
      "super/libs/core/.git": "gitdir: ../../.git/modules/libs/core\n",
      "super/.git/modules/libs/core/config": origin("https://github.com/acme/core.git") + "\tworktree = ../../../../libs/core\n",
    });
    expect(githubRepositoryOf(workflowIn("super/libs/core"))).toEqual({ owner: "acme", name: "core" });
    expect(githubRepositoryOf(workflowIn("super"))).toEqual({ owner: "acme", name: "superproject" });
  });

  it("reads a linked worktree's remotes from the main repository's config, through commondir", () => {
    const main = path.join(root, "main-checkout");
    write({
      "main-checkout/.git/config": origin("https://github.com/acme/widgets"),
      "main-checkout/.git/worktrees/feature/commondir": "../..\n",
      "main-checkout/.git/worktrees/feature/HEAD": "ref: refs/heads/feature\n",
      // `git worktree add` writes an absolute gitdir.
      "elsewhere/feature/.git": `gitdir: ${path.join(main, ".git", "worktrees", "feature")}\n`,
    });
    expect(githubRepositoryOf(workflowIn("elsewhere/feature"))).toEqual({ owner: "acme", name: "widgets" });
  });

  it("follows a submodule's worktree: commondir leads to the module's git directory, not the superproject's", () => {
    write({
      "super2/.git/config": origin("git@github.com:acme/superproject.git"),
      "super2/.git/modules/vendor/config": origin("git@github.com:upstream/vendor.git"),
      "super2/.git/modules/vendor/worktrees/wt/commondir": "../..\n",
      "vendor-wt/.git": `gitdir: ${path.join(root, "super2", ".git", "modules", "vendor", "worktrees", "wt")}\r\n`,
    });
    expect(githubRepositoryOf(workflowIn("vendor-wt"))).toEqual({ owner: "upstream", name: "vendor" });
  });

  it("stops at the nearest .git: a submodule without a GitHub origin, or a broken gitdir file, names no repository", () => {
    write({
      "super3/.git/config": origin("git@github.com:acme/superproject.git"),
      "super3/gitlab-sub/.git": "gitdir: ../.git/modules/gitlab-sub\n",
      "super3/.git/modules/gitlab-sub/config": origin("https://gitlab.com/acme/sub.git"),
      "super3/dangling/.git": "gitdir: ../.git/modules/missing\n",
      "super3/garbage/.git": "not a gitdir line\n",
    });
    expect(githubRepositoryOf(workflowIn("super3/gitlab-sub"))).toBeUndefined();
    expect(githubRepositoryOf(workflowIn("super3/dangling"))).toBeUndefined();
    expect(githubRepositoryOf(workflowIn("super3/garbage"))).toBeUndefined();
    expect(githubRepositoryOf(workflowIn("super3"))).toEqual({ owner: "acme", name: "superproject" });
  });

  it("sees an edited remote at once: the config is read through the mtime-keyed cache", () => {
    write({ "cached/.git/config": origin("git@github.com:acme/before.git") });
    expect(githubRepositoryOf(workflowIn("cached"))).toEqual({ owner: "acme", name: "before" });
    write({ "cached/.git/config": origin("git@github.com:acme/after-the-edit.git") });
    expect(githubRepositoryOf(workflowIn("cached"))).toEqual({ owner: "acme", name: "after-the-edit" });
  });
});
