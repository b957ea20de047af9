"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address } from "viem";
import { loadVaultHoldings } from "@/chain/reads";
import { useAppChain } from "./useAppChain";
import { useChainTime } from "./useChainTime";

/** What a hidden deposit's vault holds, refreshed on each new block (null address: no vault to read). */
export function useVaultHoldings(vault: Address | null, paymentToken: Address | undefined) {
  const { chainId } = useAppChain();
  const client = usePublicClient({ chainId });
  const { blockNumber } = useChainTime(chainId);
  return useQuery({
    queryKey: ["vault", chainId, vault, paymentToken, blockNumber?.toString()],
    queryFn: () => loadVaultHoldings(client!, vault!, paymentToken!),
    enabled: Boolean(client && vault && paymentToken && blockNumber !== null),
    placeholderData: keepPreviousData,
  });
}
