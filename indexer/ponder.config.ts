/**
 * Ponder configuration, from the environment (all optional on the local chain):
 *   INDEXER_RPC_URL     the chain's JSON-RPC endpoint (default http://127.0.0.1:8545)
 *   INDEXER_CHAIN_ID    its chain id (default 31337); the AuctionHouse address and the first block come from
 *                       deployments/<chainId>.json, or INDEXER_AUCTION_HOUSE / INDEXER_START_BLOCK
 *   DATABASE_URL        Postgres; without it, embedded PGlite in INDEXER_PGLITE_DIR (default indexer/.ponder/pglite)
 * The local chain is read without Ponder's RPC cache (`disableCache`): it restarts from block 0 with the
 * same chain id, and a cache would answer from a previous chain.
 */
import { join } from "node:path";
import { createConfig } from "ponder";
import { auctionHouseAbi } from "../lib/abi.js";
import { indexerSettings, ROOT } from "./settings.js";

const s = indexerSettings();

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: process.env.INDEXER_PGLITE_DIR ?? join(ROOT, "indexer", ".ponder", "pglite") },
  chains: {
    chain: {
      id: s.chainId,
      rpc: s.rpcUrl,
      disableCache: s.local,
      pollingInterval: Number(process.env.INDEXER_POLLING_MS ?? (s.local ? 250 : 2000)),
    },
  },
  contracts: {
    AuctionHouse: { chain: "chain", abi: auctionHouseAbi, address: s.auctionHouse, startBlock: s.startBlock },
  },
});
