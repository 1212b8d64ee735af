/**
 * The GitLab reader: jobs, commands, variables, id_tokens and the rest, resolved as GitLab does
 * (includes, extends, anchors, !reference, default/inherit), each fact kept with where it is
 * written; what the files cannot show stays unknown.
 */
import { afterAll, describe, expect, it } from "vitest";
import { gitlabRepository, pipelineAt, pipelineOfText, removeGitlabRepositories } from "../helpers/gitlab.js";
import { yaml } from "../helpers/rule-tester.js";
import { ciKindByName } from "../../lib/ci/kind.js";
import { publishesOf } from "../../lib/publishing/recognise.js";

afterAll(removeGitlabRepositories);

const job = (pipeline: ReturnType<typeof pipelineOfText>, id: string) => {
  const found = pipeline?.jobs.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no job ${id}`);
  return found;
};

describe("GitLab file kinds", () => {
  it("tells GitLab pipelines by name and folder, and GitHub workflows by their folder", () => {
    for (const name of [".gitlab-ci.yml", "sub/.gitlab-ci.yml", "gitlab-ci.yml", "deploy.gitlab-ci.yml", ".gitlab-ci-release.yaml", ".gitlab/ci/publish.yml", ".gitlab-ci/release.yml"]) {
      expect(ciKindByName(name), name).toBe("gitlab");
    }
    expect(ciKindByName(".github/workflows/release.yml")).toBe("github");
    expect(ciKindByName("ci/release.yml")).toBeUndefined();
  });

  it("does not read a GitHub workflow as a pipeline", () => {
    expect(pipelineOfText("on: push\njobs:\n  a:\n    runs-on: x\n    steps: []\n", ".github/workflows/a.yml")).toBeUndefined();
  });
});

describe("GitLab jobs and commands", () => {
  it("reads jobs (not reserved keys, not hidden templates) and their script sections as two steps", () => {
    const pipeline = pipelineOfText(yaml`
      stages: [build, deploy]
      variables:
        GLOBAL: one
      .template:
        script: echo template
      build:
        before_script:
          - pip install build
        script:
          - python -m build
          - - nested one
            - nested two
          - |
            echo multi
            echo line
        after_script: echo after
      pages:
        script: mkdocs build
    `);
    expect(pipeline?.jobs.map((candidate) => candidate.id)).toEqual(["build", "pages"]);
    const build = job(pipeline, "build");
    expect(build.steps.map((step) => step.name)).toEqual(["script", "after_script"]);
    expect(build.steps[0]!.run!.text).toBe("pip install build\npython -m build\nnested one\nnested two\necho multi\necho line\n");
    expect(build.steps[1]!.run!.text).toBe("echo after");
    expect(build.steps[0]!.stepsBefore).toEqual([]);
    expect(build.steps[1]!.stepsBefore).toEqual([build.steps[0]]);
  });

  it("reads variables with GitLab's precedence (job over global, `value:` forms, inherit: variables)", () => {
    const pipeline = pipelineOfText(yaml`
      variables:
        A: global-a
        B:
          value: global-b
          description: shown in the run form
        C: global-c
      one:
        variables:
          A: job-a
        script: echo
      two:
        inherit:
          variables: [C]
        script: echo
      three:
        inherit:
          variables: false
        script: echo
    `);
    const step = (id: string) => job(pipeline, id).steps[0]!;
    const value = (id: string, name: string) => {
      const found = step(id).envVar(name);
      return found === "unknown" ? found : found?.value;
    };
    expect([value("one", "A"), value("one", "B"), value("one", "C")]).toEqual(["job-a", "global-b", "global-c"]);
    expect([value("two", "A"), value("two", "C")]).toEqual([undefined, "global-c"]);
    expect(value("three", "C")).toBeUndefined();
  });

  it("reads id_tokens (name → audience, a string or a list), environment, image, tags, when: manual with rules", () => {
    const pipeline = pipelineOfText(yaml`
      publish:
        image: { name: "python:3.12" }
        tags: [saas-linux-small-amd64]
        environment:
          name: pypi
          url: https://pypi.org/p/example
        rules:
          - if: $CI_COMMIT_TAG
            when: manual
        id_tokens:
          PYPI_ID_TOKEN:
            aud: pypi
          MULTI:
            aud: [a, b]
        cache:
          paths: [.cache/pip]
        script: twine upload dist/*
    `);
    const publish = job(pipeline, "publish");
    expect(publish.idTokenGrant).toBe(true);
    expect([...publish.idTokenNames]).toEqual([["PYPI_ID_TOKEN", "pypi"], ["MULTI", undefined]]);
    expect(publish.idTokens[1]!.audiences).toEqual(["a", "b"]);
    expect(publish.environment).toBe("pypi");
    expect(publish.image).toBe("python:3.12");
    expect(publish.runsOn).toEqual(["saas-linux-small-amd64"]);
    expect(publish.manual).toBe(true);
    expect(publish.hasRunConditions).toBe(true);
    expect(publish.entry("cache")).toBeDefined();
  });

  it("never crashes on odd input, and reads no pipeline from what is not one", () => {
    for (const text of ["", "- a\n- b\n", "job: !custom {script: x}\n", "a: &x [*x]\n", "? [a]\n: b\n", "job:\n  script: null\n", "one: 1\n---\ntwo: 2\n", "job:\r\n  script: echo\r\n"]) {
      expect(() => pipelineOfText(text)).not.toThrow();
    }
    expect(pipelineOfText("one: 1\n---\ntwo: 2\n")).toBeUndefined();
    expect(job(pipelineOfText("job:\r\n  script: echo\r\n"), "job").steps[0]!.run!.text).toBe("echo");
  });
});

describe("GitLab resolution", () => {
  it("follows anchors and <<: merges, extends chains (deep merge, lists replaced), !reference and default:", () => {
    const root = gitlabRepository("extends-reference");
    const pipeline = pipelineAt(root, ".gitlab-ci.yml");
    expect(pipeline?.jobs.map((candidate) => candidate.id)).toEqual(["publish", "publish-no-token", "test"]);
    const publish = job(pipeline, "publish");
    // extends: .publish-pypi → .publish-base → .python-setup; `<<: *tag-only` gives rules.
    expect(publish.environment).toBe("pypi");
    expect(publish.entry("rules")).toBeDefined();
    expect([...publish.idTokenNames]).toEqual([["PYPI_ID_TOKEN", "pypi"]]);
    expect(publish.env.vars.get("UV_PUBLISH_URL")?.value).toBe("https://upload.pypi.org/legacy/");
    // default: before_script, then the script with its !reference expanded.
    expect(publish.steps[0]!.run!.text).toBe('pip install -U "uv>=0.8.18"\nuv build\nuv publish --trusted-publishing always');
    expect(publish.fromDefault.has("before_script")).toBe(true);
    // Every fact knows where it is written.
    const token = publish.idTokens[0]!;
    expect(token.entry.source.linted).toBe(true);
    expect(token.entry.pair.loc.start.line).toBe(26);
    expect(job(pipeline, "publish-no-token").idTokenGrant).toBe(false);
    // inherit: default: false keeps default:'s image and before_script away.
    const test = job(pipeline, "test");
    expect(test.image).toBe("python:3.12-slim");
    expect(test.steps[0]!.run!.text).toBe("pytest");
  });

  it("reads `include: local` globs through the workspace, and a job in an included file knows its file", () => {
    const root = gitlabRepository("npm-token-include");
    const top = pipelineAt(root, ".gitlab-ci.yml");
    expect(top?.jobs.map((candidate) => candidate.id).sort()).toEqual(["build", "release__semantic-release"]);
    expect(top?.unknownIncludes).toBe(false);
    const release = job(top, "release__semantic-release");
    expect(release.inLintedFile).toBe(false);
    expect(release.steps[0]!.envVar("NODE_IMAGE")).toMatchObject({ value: "node:20.14.0-alpine3.20", level: "workflow" });
    // Linting the included file reads it in the top-level pipeline that includes it.
    const included = pipelineAt(root, ".gitlab/ci/release.yml");
    const same = job(included, "release__semantic-release");
    expect(same.inLintedFile).toBe(true);
    expect(same.steps[0]!.envVar("NODE_IMAGE")).toMatchObject({ value: "node:20.14.0-alpine3.20" });
    expect(job(included, "build").inLintedFile).toBe(false);
  });

  it("marks project, template, remote and component includes unknown, and an extends into them", () => {
    const root = gitlabRepository("unknown-include");
    const pipeline = pipelineAt(root, ".gitlab-ci.yml");
    expect(pipeline?.unknownIncludes).toBe(true);
    const publish = job(pipeline, "publish");
    expect(publish.unknown).toBe(true);
    expect(publish.idTokenGrant).toBe("unknown");
    const registry = pipelineAt(gitlabRepository("gitlab-registry"), ".gitlab-ci.yml");
    expect(registry?.unknownIncludes).toBe(true);
    expect(job(registry, "pypi_deploy").image).toBe("python:3.13");
  });

  it("reads a spec:inputs file's pipeline from its last document, and keeps interpolated names and values unknown", () => {
    const root = gitlabRepository("spec-inputs");
    const pipeline = pipelineAt(root, ".gitlab/ci/publish.yml");
    // `$[[ inputs.job_name ]]:` is no job we can name; the other job's token name is unknown.
    expect(pipeline?.jobs.map((candidate) => candidate.id)).toEqual(["publish-docs-check"]);
    const check = job(pipeline, "publish-docs-check");
    expect(check.idTokens).toEqual([]);
    expect(check.idTokensUnknown).toBe(true);
    expect(check.idTokenGrant).toBe("unknown");
  });

  it("without a workspace, a local include is unknown", () => {
    const pipeline = pipelineOfText(yaml`
      include: ci/publish.yml
      job:
        script: echo
    `);
    expect(pipeline?.unknownIncludes).toBe(true);
  });

  it("gives a trigger job no steps of its own (a child pipeline's identity is not this file's)", () => {
    const pipeline = pipelineAt(gitlabRepository("child-pipeline"), ".gitlab-ci.yml");
    const release = job(pipeline, "release");
    expect(release.calledWorkflow).toBe("trigger");
    expect(release.steps).toEqual([]);
  });

  it("bounds an alias bomb: the exploded value is unknown, the rest is read", () => {
    const levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 9; level++) levels.push(`a${level}: &a${level} [${Array.from({ length: 10 }, () => `*a${level - 1}`).join(", ")}]`);
    const text = `.bomb:\n  ${levels.join("\n  ")}\njob:\n  variables:\n    BOMB: *a8\n  script: echo ok\n`;
    const pipeline = pipelineOfText(text);
    const found = job(pipeline, "job");
    expect(found.steps[0]!.run!.text).toBe("echo ok");
  });

  it("bounds extends cycles and deep !reference chains", () => {
    const pipeline = pipelineOfText(yaml`
      .a:
        extends: .b
      .b:
        extends: .a
      job:
        extends: .a
        script:
          - !reference [.x, script]
      .x:
        script:
          - !reference [.x, script]
    `);
    const found = job(pipeline, "job");
    expect(found.unknown).toBe(true);
    expect(found.steps[0]!.unknown).toBe(true);
  });
});

describe("GitLab jobs through the publishing recognition", () => {
  it("recognises uploads in script lines and credentials in variables and exports", () => {
    const root = gitlabRepository("pypi-token");
    const pipeline = pipelineAt(root, ".gitlab-ci.yml");
    const upload = publishesOf(job(pipeline, "upload_pypi").steps[0]!);
    expect(upload.map((publish) => [publish.registry.id, publish.authentication])).toEqual([["pypi", "credential"]]);
    const exported = publishesOf(job(pipeline, "upload_pypi_exported").steps[0]!);
    expect(exported.map((publish) => publish.authentication)).toEqual(["credential"]);
  });
});
