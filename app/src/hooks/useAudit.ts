"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { loadAudit, loadContractFacts } from "@/chain/audit";
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
