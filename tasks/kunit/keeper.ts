/**
 * kunit:keeper — auction:keeper (tasks/keeper.ts) on the k-unit house: the same passes, verdicts, report and
 * exit code, with revealMany entries hinted from the logs for the batch (lib/top-set.ts batchHints).
 */
import { KUNIT_HOUSE, keeperAction } from "../keeper.js";

export default keeperAction(KUNIT_HOUSE);
