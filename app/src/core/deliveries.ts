/** What settlement delivered and what is left to claim: the one implementation is lib/deliveries.ts (CLI and app). */
export { settlementDeliveries, type Deliveries, type Handover } from "../../../lib/deliveries.js";
