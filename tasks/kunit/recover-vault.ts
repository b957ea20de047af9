/** kunit:recover-vault — auction:recover-vault (tasks/recover-vault.ts) on the k-unit house. */
import { recoverVaultAction, VAULT_HOUSES } from "../recover-vault.js";

export default recoverVaultAction(VAULT_HOUSES.kunit);
