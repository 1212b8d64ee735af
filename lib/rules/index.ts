/** Every rule of the plugin, by id. The id is the rule's file name. */
import noBrokenActions from "./no-broken-actions.js";
import noCacheInPublishJob from "./no-cache-in-publish-job.js";
import noHardcodedCredentials from "./no-hardcoded-credentials.js";
import noOutdatedActions from "./no-outdated-actions.js";
import noUntrustedPublishTrigger from "./no-untrusted-publish-trigger.js";
import noWorkflowLevelIdToken from "./no-workflow-level-id-token.js";
import preferTrustedPublishing from "./prefer-trusted-publishing.js";
import requireIdTokenPermission from "./require-id-token-permission.js";
import requirePublishEnvironment from "./require-publish-environment.js";
import separateBuildFromPublish from "./separate-build-from-publish.js";
import validTrustedPublishing from "./valid-trusted-publishing.js";

export const rules = {
  "no-broken-actions": noBrokenActions,
  "no-cache-in-publish-job": noCacheInPublishJob,
  "no-hardcoded-credentials": noHardcodedCredentials,
  "no-outdated-actions": noOutdatedActions,
  "no-untrusted-publish-trigger": noUntrustedPublishTrigger,
  "no-workflow-level-id-token": noWorkflowLevelIdToken,
  "prefer-trusted-publishing": preferTrustedPublishing,
  "require-id-token-permission": requireIdTokenPermission,
  "require-publish-environment": requirePublishEnvironment,
  "separate-build-from-publish": separateBuildFromPublish,
  "valid-trusted-publishing": validTrustedPublishing,
};
