/** Every rule of the plugin, by id. The id is the rule's file name. */
import noOutdatedActions from "./no-outdated-actions.js";
import preferTrustedPublishing from "./prefer-trusted-publishing.js";
import requireIdTokenPermission from "./require-id-token-permission.js";

export const rules = {
  "no-outdated-actions": noOutdatedActions,
  "prefer-trusted-publishing": preferTrustedPublishing,
  "require-id-token-permission": requireIdTokenPermission,
};
