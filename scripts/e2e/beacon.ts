/**
 * The e2e's local drand beacon (scripts/beacon.ts) next to its Hardhat node, on E2E_BEACON_PORT (8556): the
 * deployment record and so the app's generated config name it, as `npm start`'s does. Self-opening bid steps
 * go in their own module beside this one.
 */
import { startBeacon, type BeaconServer } from "../beacon.js";
import { portInUse } from "../start.js";

export const BEACON_PORT = Number(process.env.E2E_BEACON_PORT ?? 8556);

let beacon: BeaconServer | null = null;

export async function startE2eBeacon(rpcUrl: string): Promise<BeaconServer> {
  if (await portInUse(BEACON_PORT)) throw new Error(`port ${BEACON_PORT} is in use; set E2E_BEACON_PORT`);
  beacon = await startBeacon({ rpcUrl, port: BEACON_PORT });
  return beacon;
}

/** Closes the beacon if one was started (idempotent). */
export async function stopE2eBeacon(): Promise<void> {
  const b = beacon;
  beacon = null;
  await b?.close();
}
