/** Every rule of the plugin, by id. The id is the rule's file name. */
import noHardcodedCredentials from "./no-hardcoded-credentials.js";
import noOutdatedActions from "./no-outdated-actions.js";
import preferTrustedPublishing from "./prefer-trusted-publishing.js";
import requireIdTokenPermission from "./require-id-token-permission.js";
import validTrustedPublishing from "./valid-trusted-publishing.js";

export const rules = {
  "no-hardcoded-credentials": noHardcodedCredentials,
  "no-outdated-actions": noOutdatedActions,
  "prefer-trusted-publishing": preferTrustedPublishing,
  "require-id-token-permission": requireIdTokenPermission,
  "valid-trusted-publishing": validTrustedPublishing,
};
