/**
 * What every registry module must satisfy for lib/publishing to read it: ids and tools unique,
 * index ids that cannot be mistaken for `custom`/`unknown`, every credential kind it uses
 * declared with a label and a secret name, and a publish answered once per step.
 */
import { describe, expect, it } from "vitest";
import { parseForESLint } from "yaml-eslint-parser";
import { ACTION_PUBLISHERS, COMMAND_PUBLISHERS, REGISTRIES, RUNNERS, registryById } from "../../lib/registries/index.js";
import { CREDENTIAL_KINDS } from "../../lib/publishing/credentials.js";
import { publishesOf, publishesIn, trustedPublishingPublishesIn, indexName } from "../../lib/publishing/policy.js";
import { readWorkflow } from "../../lib/ci/github/model.js";
import { actionKnowledge } from "../../lib/data/actions.js";
import { onlyBelow } from "../../lib/registries/pypi.js";

describe("registry modules", () => {
  it("have unique ids, tools and actions", () => {
    const unique = (values: readonly string[]) => expect(new Set(values).size).toBe(values.length);
    unique(REGISTRIES.map((registry) => registry.id));
    unique([...COMMAND_PUBLISHERS, ...ACTION_PUBLISHERS].map((publisher) => publisher.tool));
    // An action is declared once per registry (covector's by npm's and crates.io's modules).
    unique(ACTION_PUBLISHERS.map((publisher) => `${publisher.registry.id} ${publisher.action}`));
    for (const registry of REGISTRIES) expect(registryById(registry.id)).toBe(registry);
  });

  it("name indexes that are neither `custom` nor `unknown`, and map repository names to them", () => {
    for (const registry of REGISTRIES) {
      const ids = registry.indexes.map((index) => index.id);
      expect(ids.filter((id) => id === "custom" || id === "unknown")).toEqual([]);
      for (const publisher of registry.commandPublishers) {
        for (const id of Object.values(publisher.repositoryNames)) expect(ids).toContain(id);
      }
      for (const publisher of registry.actionPublishers) {
        if (publisher.kind === "inputs") expect(ids).toContain(publisher.defaultIndex);
        else if (publisher.kind === "runs-command") expect(registry.commandPublishers.map((command) => command.tool)).toContain(publisher.runs);
        else expect(publisher.scriptInputs.length > 0 || publisher.projectScripts !== undefined).toBe(true);
      }
    }
  });

  it("declare every credential kind they use", () => {
    for (const registry of REGISTRIES) {
      const { credentials } = registry;
      const used = [
        credentials.publisherKind,
        ...credentials.tokenKinds,
        ...credentials.env.map((env) => env.kind),
        ...credentials.commands.map((command) => command.kind),
        ...credentials.actionInputs.flatMap((entry) => Object.values(entry.inputs)),
        ...credentials.tokenShapes.map((shape) => shape.kind),
      ];
      for (const kind of used) expect(CREDENTIAL_KINDS[kind], `${registry.id}: ${kind}`).toBeDefined();
      for (const shape of credentials.tokenShapes) {
        expect(shape.pattern.flags).toContain("g");
      }
    }
  });
});

describe("publishing questions", () => {
  const workflow = (text: string) => readWorkflow({ text, ast: parseForESLint(text).ast }, "release.yml")!;

  it("reads a step's publishes once and shares the answer", () => {
    const step = workflow("jobs:\n  j:\n    steps:\n      - run: twine upload dist/*\n").jobs[0]!.steps[0]!;
    const first = publishesOf(step);
    expect(first).toHaveLength(1);
    expect(publishesOf(step)).toBe(first);
    expect(first[0]!.registry.id).toBe("pypi");
    expect(indexName(first[0]!)).toBe("PyPI");
  });

  it("keeps publishes to custom indexes out of the trusted-publishing questions", () => {
    const job = workflow(
      "jobs:\n  j:\n    steps:\n      - run: twine upload --repository-url https://pkgs.example.com/simple/ dist/*\n      - run: twine upload -r testpypi dist/*\n",
    ).jobs[0]!;
    expect(publishesIn(job).map((publish) => `${publish.target}:${publish.index?.name ?? "-"}`)).toEqual(["custom:-", "testpypi:TestPyPI"]);
    expect(trustedPublishingPublishesIn(job).map((publish) => publish.target)).toEqual(["testpypi"]);
    expect(indexName(publishesIn(job)[0]!)).toBe("a package index");
  });
});

describe("runners two registries declare", () => {
  /** The tool and registry of the one publish a `run:` line does. */
  function publishOf(run: string): string | undefined {
    const text = `on: push\njobs:\n  p:\n    steps:\n      - run: ${run}\n`;
    const workflow = readWorkflow({ text, ast: parseForESLint(text).ast }, "release.yml")!;
    const [publish, ...more] = publishesIn(workflow.jobs[0]!);
    expect(more).toEqual([]);
    return publish && `${publish.registry.id}:${publish.tool}`;
  }

  it("are kept once, and a command is unwrapped before its publisher is found, for npm and JSR alike", () => {
    const prefixes = RUNNERS.flatMap((runner) => ("prefix" in runner ? [runner.prefix.join(" ")] : []));
    expect(new Set(prefixes).size).toBe(prefixes.length);
    const jsr = publishOf("npx jsr publish");
    expect(jsr?.startsWith("jsr:")).toBe(true);
    for (const run of ["bunx jsr publish", "pnpm dlx jsr publish", "pnpx jsr publish", "yarn dlx jsr publish", "npx -y jsr publish"]) expect(publishOf(run)).toBe(jsr);
    expect(publishOf("npx lerna publish from-package --yes")?.startsWith("npm:")).toBe(true);
    expect(publishOf("pnpm dlx lerna publish from-package")?.startsWith("npm:")).toBe(true);
    expect(publishOf("npx npm publish")?.startsWith("npm:")).toBe(true);
  });
});

describe("first versions that do trusted publishing, as registry data", () => {
  it("name a release the action data knows, with a source, and a first release for each tool that names one", () => {
    for (const publisher of ACTION_PUBLISHERS) {
      if (publisher.kind !== "inputs" || !publisher.trustedPublishingSince) continue;
      const { version, source } = publisher.trustedPublishingSince;
      expect(version).toMatch(/^v?\d+\.\d+\.\d+$/u);
      expect(source).toMatch(/^https:\/\//u);
      expect(actionKnowledge(publisher.action)?.hasTag(version), `${publisher.action} ${version}`).toBe(true);
    }
    for (const publisher of COMMAND_PUBLISHERS) {
      if (publisher.minimumVersion !== undefined) expect(publisher.minimumVersion).toMatch(/^\d+(?:\.\d+)+$/u);
      if (publisher.idTokenOptions) expect(publisher.idTokenOptions.source).toMatch(/^https:\/\//u);
    }
  });

  it("read PEP 440 specifiers that allow only releases before a version", () => {
    const below = (specifier: string) => onlyBelow(specifier, [6, 1]);
    expect(["==5.1.1", "===6.0", "<6", "<6.1", "<=6.0.9", "~=5.0", "~=6.0.1", "==6.0.*", ">=5,<6", " == 5.0 "].filter((s) => !below(s))).toEqual([]);
    expect(["==6.1", "==6.1.0", ">=6.1", "<6.2", "<=6.1", "~=6.0", "==6.*", ">5", "!=5.0", "==latest", "<6rc1", ""].filter((s) => below(s))).toEqual([]);
  });
});
