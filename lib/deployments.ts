/**
 * Deployment records: where the AuctionHouse lives on each chain, from which block its history starts, and
 * which drand beacon its self-opening bids are sealed to. Written by `auction:deploy` (and `npm start` for the
 * local chain) as deployments/<chainId>.json; the app (through scripts/export-app-config.ts), the CLI and the
 * auditor read them. Local-chain records are regenerated on every start and not committed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getAddress, type Address } from "viem";
import { LOCAL_BEACON_PORT, localBeaconConfig } from "./beacon.js";
import { QUICKNET, type BeaconConfig } from "./timelock.js";

export interface Deployment {
  chainId: number;
  auctionHouse: Address;
  deployBlock: number;
  deployTx?: string;
  /** The k-unit house (contracts/KUnitAuctionHouse.sol), written by `kunit:deploy`, and its deploy block. */
  kunitHouse?: Address;
  kunitDeployBlock?: number;
  /** The drand beacon self-opening bids on this chain are sealed to (lib/timelock.ts); see {@link beaconFor}. */
  beacon?: BeaconConfig;
}

/** The local development chain (Hardhat), the only one served by the local beacon. */
export const LOCAL_CHAIN_ID = 31337;

export const DEPLOYMENTS_DIR = "deployments";

export function deploymentPath(chainId: number, dir = DEPLOYMENTS_DIR): string {
  return join(dir, `${chainId}.json`);
}

export function readDeployment(chainId: number, dir = DEPLOYMENTS_DIR): Deployment | undefined {
  const path = deploymentPath(chainId, dir);
  if (!existsSync(path)) return undefined;
  const raw = JSON.parse(readFileSync(path, "utf8"));
  return { ...raw, auctionHouse: getAddress(raw.auctionHouse), ...(raw.kunitHouse ? { kunitHouse: getAddress(raw.kunitHouse) } : {}) };
}

export function writeDeployment(d: Deployment, dir = DEPLOYMENTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const path = deploymentPath(d.chainId, dir);
  writeFileSync(path, JSON.stringify(d, null, 2) + "\n");
  return path;
}

/**
 * The beacon for a chain: the one its deployment record names; else, on the local chain, the local beacon as
 * `npm start` and `tsx scripts/beacon.ts` serve it by default (default seed, 127.0.0.1:8580); else drand's
 * quicknet.
 */
export function beaconFor(chainId: number, dir = DEPLOYMENTS_DIR): BeaconConfig {
  const recorded = readDeployment(chainId, dir)?.beacon;
  if (recorded) return recorded;
  if (chainId === LOCAL_CHAIN_ID) return localBeaconConfig(`http://127.0.0.1:${LOCAL_BEACON_PORT}`);
  return QUICKNET;
}
