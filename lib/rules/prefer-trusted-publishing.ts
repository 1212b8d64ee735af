import { atSentenceStart, createRule, fixer } from "../rule-creator.js";
import { onCiFile } from "../ci/index.js";
import { addIdToken, inLintedFile } from "../ci/gitlab/edits.js";
import { TOP_LEVEL_FILE, type GitLabPipeline } from "../ci/gitlab/index.js";
import type { Change } from "../yaml/changes.js";
import type { YamlEditor } from "../yaml/edit.js";
import { credentialPublishesIn, indexName } from "../publishing/policy.js";
import { namedTokenOf } from "../publishing/named-id-tokens.js";
import { migrateToTrustedPublishing } from "../publishing/migration.js";
import { describeCredential, namedTokenRegistration, registrationValues } from "../publishing/trusted-publishers.js";

/**
 * Uploads with a long-lived token to an index that accepts trusted publishing, which would do
 * without one. One report per upload step, with the migration as a suggestion.
 *
 * Where jobs name their OIDC tokens (GitLab CI/CD), only registries that accept that CI system
 * count (`Registry.namedIdTokens`), GitLab's own package registry with `CI_JOB_TOKEN` never does
 * (its upload URL is no public index), and a job that already declares the client's token is
 * valid-trusted-publishing's (the password wins there). The suggestion declares the token the
 * client reads and removes the job's credential variable, where both are written in the file.
 */
export default createRule({
  name: "prefer-trusted-publishing",
  meta: {
    type: "suggestion",
    docs: {
      description: "Prefer trusted publishing to long-lived registry tokens (PyPI, npm, crates.io, RubyGems, NuGet, pub.dev, JSR)",
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      longLivedToken: "{{place}} publishes to {{index}} with a long-lived token ({{credential}}).",
      tokenUnneeded: "{{place}} sends {{credential}} to {{index}} beside `id-token: write`: remove the token.",
      toolLacksTrustedPublishing: "{{place}} publishes to {{index}} with {{tool}}, which needs a long-lived token ({{credential}}).",
      migrate: "Use trusted publishing with {{uploader}}{{extra}}; register on {{index}} first{{registration}}",
      migrateNamed: "Use trusted publishing: declare `{{variable}}` with `aud: {{audience}}` and remove {{credential}}; register on {{index}} first: {{registration}}",
    },
  },
  create(context) {
    return onCiFile(context, {
      pipeline(pipeline, editor) {
        for (const report of pipelineReports(pipeline, editor)) context.report(report);
      },
      workflow(workflow, editor) {
      for (const job of workflow.jobs) {
        for (const publish of credentialPublishesIn(job)) {
          const migration = migrateToTrustedPublishing(publish, editor);
          const fix = migration && fixer(migration.edits);
          const messageId = !publish.supportsTrustedPublishing
            ? "toolLacksTrustedPublishing"
            : job.effectivePermissions.canRequestIdToken === true
              ? "tokenUnneeded"
              : "longLivedToken";
          context.report({
            node: publish.step.keyNode,
            messageId,
            data: {
              place: atSentenceStart(publish.step.place),
              index: indexName(publish),
              tool: publish.tool,
              credential: describeCredential(publish.credentials[0]!),
            },
            suggest: migration && fix
              ? [
                  {
                    messageId: "migrate",
                    data: {
                      uploader: migration.uploader,
                      extra: migration.remedies.map((remedy) => `; ${remedy}`).join(""),
                      index: indexName(publish),
                      registration: registrationSuffix(registrationValues(publish, context.physicalFilename)),
                    },
                    fix,
                  },
                ]
              : null,
          });
        }
      }
      },
    });
  },
});

/** The reports of a GitLab pipeline: long-lived tokens to registries that accept its trusted publishing. */
function pipelineReports(pipeline: GitLabPipeline, editor: YamlEditor) {
  const reports = [];
  for (const job of pipeline.jobs) {
    if (!job.inLintedFile) continue;
    for (const publish of credentialPublishesIn(job)) {
      const found = namedTokenOf(publish);
      if (!found || job.idTokenNames.has(found.token.variable)) continue;
      const client = found.facts.readBy === "script" || found.facts.clients.some((candidate) => candidate.tool === publish.tool);
      const credential = publish.credentials[0]!;
      let changes: Change[] | undefined;
      const added = client && found.facts.readBy === "client" ? addIdToken(job, found.token.variable, found.token.audience) : undefined;
      // The credential goes where it is a job variable written in this file.
      if (added && credential.kind === "env" && credential.variable.level === "job" && inLintedFile(pipeline, credential.variable.pair) && publish.credentials.length === 1) {
        const entry = job.env.vars.get(credential.name)?.entry;
        if (entry && inLintedFile(pipeline, entry.pair)) changes = [...added, { op: "remove", pair: entry.pair, ifEmptied: "remove-parent" }];
      }
      const fix = changes ? fixer(editor.apply(changes)) : null;
      const node = inLintedFile(pipeline, publish.step.keyNode) ? publish.step.keyNode : job.keyNode;
      // The registration names the top-level file: `.gitlab-ci.yml` where the pipeline starts there.
      const topLevelFile = pipeline.data.root.path === TOP_LEVEL_FILE || pipeline.data.root.path.endsWith(`/${TOP_LEVEL_FILE}`) ? TOP_LEVEL_FILE : undefined;
      reports.push({
        node,
        messageId: client ? ("longLivedToken" as const) : ("toolLacksTrustedPublishing" as const),
        data: { place: atSentenceStart(publish.step.place), index: indexName(publish), tool: publish.tool, credential: describeCredential(credential) },
        suggest: fix
          ? [
              {
                messageId: "migrateNamed" as const,
                data: {
                  variable: found.token.variable,
                  audience: found.token.audience,
                  credential: `\`${credential.name}\``,
                  index: indexName(publish),
                  registration: namedTokenRegistration(publish, topLevelFile),
                },
                fix,
              },
            ]
          : null,
      });
    }
  }
  return reports;
}

/** The registration values after "register on <index> first", when the workflow says any. */
function registrationSuffix(values: string): string {
  return values === "" ? "" : `: ${values}`;
}
