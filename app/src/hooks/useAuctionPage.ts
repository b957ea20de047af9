"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { fetchAuctionPage, fetchBidderBids, loadAuctionPageFromLogs, loadChainBidsFromLogs, type ChainBid, type SourcedPage } from "@/chain/indexer";
import { failedSource, type ListSource } from "@/core/list-source";
import type { Address } from "viem";
import type { ListQuery } from "../../../lib/indexed.js";
import { useAppChain } from "./useAppChain";
import { useChainTime } from "./useChainTime";
import { useListSource } from "./useListSource";

/** One page of auctions for a list query, from the indexer or (with a notice) from logs; per block. */
export function useAuctionPage(query: ListQuery, path: "auctions" | "audit" = "auctions") {
  const { chainId, deployment } = useAppChain();
  const client = usePublicClient({ chainId });
  const { blockNumber } = useChainTime(chainId);
  const source = useListSource();
  return useQuery({
    queryKey: ["auction-page", path, chainId, deployment?.auctionHouse, JSON.stringify(query), source?.kind, source?.notice, blockNumber?.toString()],
    queryFn: async (): Promise<{ page: SourcedPage; source: ListSource }> => {
      if (source!.kind === "indexer") {
        try {
          return { page: await fetchAuctionPage(source!.url, query, path), source: source! };
        } catch (e) {
          return { page: await loadAuctionPageFromLogs(client!, deployment!, query), source: failedSource(source!.url, e) };
        }
      }
      return { page: await loadAuctionPageFromLogs(client!, deployment!, query), source: source! };
    },
    enabled: Boolean(client && deployment && source && blockNumber !== null),
    placeholderData: keepPreviousData,
  });
}

/** The account's bids on chain (any browser), from the indexer or from logs. */
export function useChainBids(account: Address | undefined) {
  const { chainId, deployment } = useAppChain();
  const client = usePublicClient({ chainId });
  const { blockNumber } = useChainTime(chainId);
  const source = useListSource();
  return useQuery({
    queryKey: ["chain-bids", chainId, deployment?.auctionHouse, account, source?.kind, blockNumber?.toString()],
    queryFn: async (): Promise<{ bids: ChainBid[]; source: ListSource }> => {
      if (source!.kind === "indexer") {
        try {
          return { bids: await fetchBidderBids(source!.url, account!), source: source! };
        } catch (e) {
          return { bids: await loadChainBidsFromLogs(client!, deployment!, account!), source: failedSource(source!.url, e) };
        }
      }
      return { bids: await loadChainBidsFromLogs(client!, deployment!, account!), source: source! };
    },
    enabled: Boolean(client && deployment && account && source && blockNumber !== null),
    placeholderData: keepPreviousData,
  });

}

