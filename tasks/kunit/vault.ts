/** kunit:vault — auction:vault (tasks/vault.ts) on the k-unit house: a hidden-deposit bid's vault and what it holds. */
import { VAULT_HOUSES } from "../recover-vault.js";
import { vaultAction } from "../vault.js";

export default vaultAction(VAULT_HOUSES.kunit);
