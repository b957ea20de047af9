"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { loadSituations } from "@/chain/my-bids";
import { useAppChain } from "./useAppChain";
import { useChainTime } from "./useChainTime";
import { useSecrets } from "./useSecrets";

/** Every secret stored in this browser for the connected account on the current chain, with what to do now. */
export function useMyBids() {
  const { chainId, deployment, account } = useAppChain();
  const client = usePublicClient({ chainId });
  const { now, blockNumber } = useChainTime(chainId);
  const { vault, version } = useSecrets();
  const secrets = deployment && account ? vault.list({ chainId, auctionHouse: deployment.auctionHouse, account }) : [];
  return useQuery({
    queryKey: ["my-bids", chainId, deployment?.auctionHouse, account, version, blockNumber?.toString()],
    queryFn: () => loadSituations(client!, deployment!, secrets, now!),
    enabled: Boolean(client && deployment && account && now !== null && version >= 0),
    placeholderData: keepPreviousData,
  });
}
