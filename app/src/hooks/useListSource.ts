"use client";
import { useQuery } from "@tanstack/react-query";
import { fetchIndexerStatus } from "@/chain/indexer";
import { indexerMaxLag, indexerUrl } from "@/config/indexer";
import { chooseListSource, type ListSource } from "@/core/list-source";
import { useAppChain } from "./useAppChain";
import { useChainTime } from "./useChainTime";

/** The indexer's status, asked again on each new block. */
export function useIndexerStatus() {
  const { chainId } = useAppChain();
  const { blockNumber } = useChainTime(chainId);
  return useQuery({
    queryKey: ["indexer-status", indexerUrl, blockNumber?.toString()],
    queryFn: () => fetchIndexerStatus(indexerUrl!),
    enabled: indexerUrl !== null,
    retry: false,
  });
}

/** Where the lists come from right now (core/list-source.ts), or null while it is being found out. */
export function useListSource(): ListSource | null {
  const { chainId, deployment } = useAppChain();
  const { blockNumber } = useChainTime(chainId);
  const status = useIndexerStatus();
  if (!deployment) return null;
  if (indexerUrl !== null && status.isPending) return null;
  return chooseListSource({
    indexerUrl, chainId, auctionHouse: deployment.auctionHouse,
    status: status.data ?? null, statusError: status.error ? (status.error as Error).message : null,
    headBlock: blockNumber, maxLagBlocks: indexerMaxLag,
  });
}
