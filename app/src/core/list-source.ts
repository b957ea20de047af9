/**
 * Where the app's lists come from: the indexer when one is configured, answering for this chain and
 * contract, finished with its backfill and close to the chain head; else the contract's events read by the
 * browser (lib/history.ts), with a notice that says why. Pure: the hooks feed it the indexer's status and
 * the chain head the wallet's RPC reports.
 */
import type { Address } from "viem";
import type { IndexerStatusJson } from "../../../lib/indexed.js";

export type ListSource =
  | { kind: "indexer"; url: string; indexedBlock: bigint; notice: null }
  | { kind: "logs"; reason: "not-configured" | "down" | "wrong-contract" | "not-ready" | "behind" | "failed"; notice: string };

export interface ListSourceInput {
  /** NEXT_PUBLIC_INDEXER_URL, or null. */
  indexerUrl: string | null;
  chainId: number;
  auctionHouse: Address;
  /** GET /api/status, or null when it has not answered (yet). */
  status: IndexerStatusJson | null;
  /** Why the status request failed, if it did. */
  statusError: string | null;
  /** The chain head the app itself sees. */
  headBlock: bigint | null;
  /** Blocks the indexer may trail the head by before the app stops trusting it. */
  maxLagBlocks: number;
}

export const DEFAULT_MAX_LAG_BLOCKS = 3;

const FALLBACK = "this list is rebuilt by your browser from the contract's events instead";

export function chooseListSource(i: ListSourceInput): ListSource {
  if (!i.indexerUrl) {
    return { kind: "logs", reason: "not-configured", notice: `No indexer is configured for this app: ${FALLBACK}, which gets slower as the history grows.` };
  }
  if (i.statusError !== null || i.status === null) {
    return { kind: "logs", reason: "down", notice: `The indexer (${i.indexerUrl}) is not answering${i.statusError ? ` (${i.statusError})` : ""}: ${FALLBACK}.` };
  }
  const s = i.status;
  if (s.chainId !== i.chainId || s.auctionHouse.toLowerCase() !== i.auctionHouse.toLowerCase()) {
    return { kind: "logs", reason: "wrong-contract", notice: `The indexer follows contract ${s.auctionHouse} on chain ${s.chainId}, not this one: ${FALLBACK}.` };
  }
  if (!s.ready || s.indexed === null) {
    return { kind: "logs", reason: "not-ready", notice: `The indexer is still reading the chain's history${s.indexed ? ` (at block ${s.indexed.block})` : ""}: ${FALLBACK}.` };
  }
  const indexed = BigInt(s.indexed.block);
  const lags = [s.lagBlocks === null ? 0n : BigInt(s.lagBlocks), i.headBlock !== null && i.headBlock > indexed ? i.headBlock - indexed : 0n];
  const lag = lags[0] > lags[1] ? lags[0] : lags[1];
  if (lag > BigInt(i.maxLagBlocks)) {
    return { kind: "logs", reason: "behind", notice: `The indexer is ${lag} block${lag === 1n ? "" : "s"} behind the chain (at block ${indexed}): ${FALLBACK}.` };
  }
  return { kind: "indexer", url: i.indexerUrl, indexedBlock: indexed, notice: null };
}

/** The notice after an indexer request failed although its status was fine. */
export function failedSource(url: string, error: unknown): ListSource {
  const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return { kind: "logs", reason: "failed", notice: `The indexer (${url}) failed to answer (${why}): ${FALLBACK}.` };
}
