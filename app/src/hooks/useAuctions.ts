"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address } from "viem";
import { loadAccountView, loadAuction, loadAuctionList, paymentMeta, readErc20Meta, readNftMeta } from "@/chain/reads";
import { useAppChain } from "./useAppChain";
import { useChainTime } from "./useChainTime";

/** Every auction of the current chain's AuctionHouse, refreshed on each new block. */
export function useAuctionList() {
  const { chainId, deployment } = useAppChain();
  const client = usePublicClient({ chainId });
  const { blockNumber } = useChainTime(chainId);
  return useQuery({
    queryKey: ["auctions", chainId, deployment?.auctionHouse, blockNumber?.toString()],
    queryFn: () => loadAuctionList(client!, deployment!),
    enabled: Boolean(client && deployment && blockNumber !== null),
    placeholderData: keepPreviousData,
  });
}

/** One auction's history and state, refreshed on each new block. */
export function useAuction(auctionId: bigint | null) {
  const { chainId, deployment } = useAppChain();
  const client = usePublicClient({ chainId });
  const { blockNumber } = useChainTime(chainId);
  return useQuery({
    queryKey: ["auction", chainId, deployment?.auctionHouse, auctionId?.toString(), blockNumber?.toString()],
    queryFn: () => loadAuction(client!, deployment!, auctionId!),
    enabled: Boolean(client && deployment && auctionId !== null && blockNumber !== null),
    placeholderData: (prev, prevQuery) => (prevQuery?.queryKey[3] === auctionId?.toString() ? prev : undefined),
  });
}

/** The connected account's position, proceeds, balance and allowance in one auction. */
export function useAccountView(auctionId: bigint | null, paymentToken: Address | undefined) {
  const { chainId, deployment, account } = useAppChain();
  const client = usePublicClient({ chainId });
  const { blockNumber } = useChainTime(chainId);
  return useQuery({
    queryKey: ["account-view", chainId, deployment?.auctionHouse, auctionId?.toString(), account, paymentToken, blockNumber?.toString()],
    queryFn: () => loadAccountView(client!, deployment!, auctionId!, account!, paymentToken!),
    enabled: Boolean(client && deployment && auctionId !== null && account && paymentToken && blockNumber !== null),
    placeholderData: keepPreviousData,
  });
}

/** Metadata of a payment asset (ETH or an ERC-20), an ERC-20 lot or an ERC-721 lot. Cached for the session. */
export function useTokenMeta(address: Address | undefined, kind: "payment" | "erc20" | "erc721") {
  const { chainId } = useAppChain();
  const client = usePublicClient({ chainId });
  return useQuery({
    queryKey: ["token-meta", chainId, address, kind],
    queryFn: () => (kind === "payment" ? paymentMeta(client!, address!) : kind === "erc20" ? readErc20Meta(client!, address!) : readNftMeta(client!, address!)),
    enabled: Boolean(client && address),
    staleTime: Infinity,
  });
}
