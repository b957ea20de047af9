/** Where the indexer reads from, by environment (see ponder.config.ts); shared by the config and the API. */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Address } from "viem";
import { readDeployment } from "../lib/deployments.js";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function indexerSettings(env: NodeJS.ProcessEnv = process.env) {
  const chainId = Number(env.INDEXER_CHAIN_ID ?? 31337);
  const deployment = readDeployment(chainId, join(ROOT, "deployments"));
  const auctionHouse = (env.INDEXER_AUCTION_HOUSE ?? deployment?.auctionHouse) as Address | undefined;
  if (!auctionHouse) throw new Error(`no AuctionHouse for chain ${chainId}: deployments/${chainId}.json is missing and INDEXER_AUCTION_HOUSE is not set`);
  return {
    chainId,
    auctionHouse,
    startBlock: Number(env.INDEXER_START_BLOCK ?? deployment?.deployBlock ?? 0),
    rpcUrl: env.INDEXER_RPC_URL ?? "http://127.0.0.1:8545",
    local: chainId === 31337,
  };
}
