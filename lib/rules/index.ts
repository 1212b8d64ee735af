/** Every rule of the plugin, by id. The id is the rule's file name. */
import requireIdTokenPermission from "./require-id-token-permission.js";

export const rules = {
  "require-id-token-permission": requireIdTokenPermission,
};
