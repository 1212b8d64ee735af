/**
 * The values PyPI's trusted-publisher form asks for, read from the checkout when it says them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { githubRepositoryOf } from "../../lib/publishing/trusted-publishers.js";

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
