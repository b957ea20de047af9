"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { loadAudit, loadContractFacts } from "@/chain/audit";
import { fetchIndexedAuction } from "@/chain/indexer";
import { indexerUrl } from "@/config/indexer";
import { compareWithIndexer } from "@/core/indexer-check";
import type { AuctionHistory } from "../../../lib/history.js";
import { useAppChain } from "./useAppChain";
import { useChainTime } from "./useChainTime";

export function useAudit(auctionId: bigint | null) {
  const { chainId, deployment } = useAppChain();
  const client = usePublicClient({ chainId });
  const { blockNumber } = useChainTime(chainId);
  return useQuery({
    queryKey: ["audit", chainId, deployment?.auctionHouse, auctionId?.toString(), blockNumber?.toString()],
    queryFn: () => loadAudit(client!, deployment!, auctionId!),
    enabled: Boolean(client && deployment && auctionId !== null && blockNumber !== null),
    placeholderData: keepPreviousData,
  });
}

export function useContractFacts() {
  const { chainId, deployment } = useAppChain();
  const client = usePublicClient({ chainId });
  return useQuery({
    queryKey: ["contract-facts", chainId, deployment?.auctionHouse],
    queryFn: () => loadContractFacts(client!, deployment!),
    enabled: Boolean(client && deployment),
    staleTime: Infinity,
  });
}

/**
 * The indexer's record of the auction compared with the logs the audit read (core/indexer-check.ts);
 * disabled when no indexer is configured.
 */
export function useIndexerCheck(auctionId: bigint | null, history: AuctionHistory | undefined) {
  return useQuery({
    queryKey: ["indexer-check", indexerUrl, auctionId?.toString(), history?.toBlock.toString(), history?.events.length],
    queryFn: async () => compareWithIndexer(history!, await fetchIndexedAuction(indexerUrl!, auctionId!)),
    enabled: Boolean(indexerUrl && auctionId !== null && history),
    retry: false,
  });
}
