/**
 * Deployment records: where the AuctionHouse lives on each chain and from which block its history starts.
 * Written by `auction:deploy` (and `npm start` for the local chain) as deployments/<chainId>.json; the app
 * and the auditor read them. Local-chain records are regenerated on every start and not committed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getAddress, type Address } from "viem";

export interface Deployment {
  chainId: number;
  auctionHouse: Address;
  deployBlock: number;
  deployTx?: string;
  /** The k-unit house (contracts/KUnitAuctionHouse.sol), written by `kunit:deploy`, and its deploy block. */
  kunitHouse?: Address;
  kunitDeployBlock?: number;
}

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
