/** Every rule of the plugin, by id. The id is the rule's file name. */
import noHardcodedCredentials from "./no-hardcoded-credentials.js";
import preferTrustedPublishing from "./prefer-trusted-publishing.js";
import requireIdTokenPermission from "./require-id-token-permission.js";

export const rules = {
  "no-hardcoded-credentials": noHardcodedCredentials,
  "prefer-trusted-publishing": preferTrustedPublishing,
  "require-id-token-permission": requireIdTokenPermission,
};
