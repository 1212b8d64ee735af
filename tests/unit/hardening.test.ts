/**
 * The hardening rules' registry-dependent answers come from the registry modules: the index a
 * publish goes to names it, the registry gives the environment advice and the refused triggers,
 * and only registries not modelled yet fall back to the "may need an OIDC token" list.
 */
import { describe, expect, it } from "vitest";
import { parseForESLint } from "yaml-eslint-parser";
import { idTokenUseForPublishing, registryOf } from "../../lib/publishing/hardening.js";
import { publishesIn, publishesOf, trustedPublishIn } from "../../lib/publishing/policy.js";
import { readWorkflow, type Job } from "../../lib/ci/github/model.js";

function job(steps: string): Job {
  const text = `jobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;
  return readWorkflow({ text, ast: parseForESLint(text).ast }, "release.yml")!.jobs[0]!;
}

describe("hardening facts from the registry model", () => {
  it("names the index, its suggested environment and the registry's refused triggers", () => {
    const facts = (steps: string) => {
      const publish = publishesIn(job(steps))[0]!;
      const found = registryOf(publish);
      return found && { ...found, refusedTriggers: [...found.refusedTriggers.keys()] };
    };
    expect(facts("      - run: twine upload dist/*\n")).toMatchObject({ id: "pypi", displayName: "PyPI", suggestedEnvironment: "pypi", refusedTriggers: ["pull_request_target"] });
    expect(facts("      - run: twine upload -r testpypi dist/*\n")).toMatchObject({ id: "testpypi", displayName: "TestPyPI", suggestedEnvironment: "testpypi" });
    // npm advises an environment but names none: a neutral name, and no refused trigger on record.
    expect(facts("      - run: npm publish\n")).toMatchObject({ id: "npm", displayName: "npm", suggestedEnvironment: "release", refusedTriggers: [] });
    expect(facts("      - run: npm publish\n")?.environmentSource).toMatch(/^https:\/\/docs\.npmjs\.com\//u);
    expect(facts("      - run: twine upload --repository-url https://pkgs.example.com/simple/ dist/*\n")).toBeUndefined();
  });

  it("finds trusted publishing to npm as to PyPI", () => {
    expect(trustedPublishIn(job("      - run: npm publish\n"))?.tool).toBe("npm");
    expect(trustedPublishIn(job("      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n"))).toBeUndefined();
  });

  it("knows which publishing needs an OIDC token, and keeps unmodelled registries as `may`", () => {
    expect(idTokenUseForPublishing(job("      - run: npm publish\n"))).toBe("needs");
    expect(idTokenUseForPublishing(job("      - uses: changesets/action@v1\n        with:\n          publish: npx changeset publish\n"))).toBe("needs");
    // npm publishing behind a package script is not seen by the npm module: it may need the token.
    expect(idTokenUseForPublishing(job("      - uses: changesets/action@v1\n        with:\n          publish: pnpm release\n"))).toBe("may");
    expect(idTokenUseForPublishing(job("      - run: npm run release\n"))).toBe("may");
    expect(idTokenUseForPublishing(job("      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n"))).toBe("none");
    // Registries with a module: their trusted publishing and exchangers need the token.
    // cargo cannot exchange the token itself: with no token in sight its authentication is unknown.
    expect(idTokenUseForPublishing(job("      - run: cargo publish\n"))).toBe("may");
    expect(idTokenUseForPublishing(job("      - uses: rubygems/release-gem@v1\n"))).toBe("needs");
    expect(idTokenUseForPublishing(job("      - uses: rust-lang/crates-io-auth-action@v1\n"))).toBe("needs");
    expect(idTokenUseForPublishing(job("      - run: cargo publish\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CRATES }}\n"))).toBe("none");
    // A registry without a module may need it.
    expect(idTokenUseForPublishing(job("      - run: npx @vscode/vsce publish\n"))).toBe("may");
    expect(idTokenUseForPublishing(job("      - run: npx semantic-release\n"))).toBe("may");
    expect(idTokenUseForPublishing(job("      - run: npm test\n"))).toBe("none");
  });
});

describe("a job's publishes", () => {
  it("are recognised once per job: every rule gets the same answer", () => {
    const publishing = job("      - run: twine upload dist/*\n");
    expect(publishesIn(publishing)).toHaveLength(1);
    expect(publishesIn(publishing)).toBe(publishesIn(publishing));
    expect(publishesIn(job("      - run: twine upload dist/*\n"))).not.toBe(publishesIn(publishing));
  });

  it("each step's publishes are answered once per step, whichever file was asked about last", () => {
    const [twine, npm] = [job("      - run: twine upload dist/*\n      - run: echo\n"), job("      - run: npm publish\n")];
    const first = publishesOf(twine.steps[0]!);
    expect(publishesOf(npm.steps[0]!)[0]?.tool).toBe("npm");
    expect(publishesOf(twine.steps[0]!)).toBe(first);
    expect(first[0]?.tool).toBe("twine");
    expect(publishesOf(twine.steps[1]!)).toEqual([]);
    expect(publishesOf(npm.steps[0]!)).toBe(publishesOf(npm.steps[0]!));
  });
});
