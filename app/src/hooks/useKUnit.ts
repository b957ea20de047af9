"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address } from "viem";
import { kunitHouseOf, loadKUnitAccount, loadKUnitAudit, loadKUnitAuction, loadKUnitList, loadKUnitSituations } from "@/chain/kunit";
import { useSecrets } from "./useSecrets";
import { useAppChain } from "./useAppChain";
import { useChainTime } from "./useChainTime";

/** Every k-unit auction of the current chain's k-unit house, refreshed on each new block. */
export function useKUnitList() {
  const { chainId, deployment } = useAppChain();
  const client = usePublicClient({ chainId });
  const { blockNumber } = useChainTime(chainId);
  return useQuery({
    queryKey: ["kunit-list", chainId, deployment?.kunitHouse, blockNumber?.toString()],
    queryFn: () => loadKUnitList(client!, deployment!),
    enabled: Boolean(client && kunitHouseOf(deployment) && blockNumber !== null),
    placeholderData: keepPreviousData,
  });
}

/** One k-unit auction's history and state, refreshed on each new block. */
export function useKUnitAuction(auctionId: bigint | null) {
  const { chainId, deployment } = useAppChain();
  const client = usePublicClient({ chainId });
  const { blockNumber } = useChainTime(chainId);
  return useQuery({
    queryKey: ["kunit-auction", chainId, deployment?.kunitHouse, auctionId?.toString(), blockNumber?.toString()],
    queryFn: () => loadKUnitAuction(client!, deployment!, auctionId!),
    enabled: Boolean(client && kunitHouseOf(deployment) && auctionId !== null && blockNumber !== null),
    placeholderData: (prev, prevQuery) => (prevQuery?.queryKey[3] === auctionId?.toString() ? prev : undefined),
  });
}

/** One k-unit auction audited in the browser (chain/kunit.ts loadKUnitAudit), again on each new block. */
export function useKUnitAudit(auctionId: bigint | null) {
  const { chainId, deployment } = useAppChain();
  const client = usePublicClient({ chainId });
  const { blockNumber } = useChainTime(chainId);
  return useQuery({
    queryKey: ["kunit-audit", chainId, deployment?.kunitHouse, auctionId?.toString(), blockNumber?.toString()],
    queryFn: () => loadKUnitAudit(client!, deployment!, auctionId!),
    enabled: Boolean(client && kunitHouseOf(deployment) && auctionId !== null && blockNumber !== null),
    placeholderData: (prev, prevQuery) => (prevQuery?.queryKey[3] === auctionId?.toString() ? prev : undefined),
  });
}

/** The connected account's position and payment balance in one k-unit auction. */
export function useKUnitAccount(auctionId: bigint | null, paymentToken: Address | undefined) {
  const { chainId, deployment, account } = useAppChain();
  const client = usePublicClient({ chainId });
  const { blockNumber } = useChainTime(chainId);
  return useQuery({
    queryKey: ["kunit-account", chainId, deployment?.kunitHouse, auctionId?.toString(), account, paymentToken, blockNumber?.toString()],
    queryFn: () => loadKUnitAccount(client!, deployment!, auctionId!, account!, paymentToken!),
    enabled: Boolean(client && kunitHouseOf(deployment) && auctionId !== null && account && paymentToken && blockNumber !== null),
    placeholderData: keepPreviousData,
  });
}

/** Every k-unit bid secret stored in this browser for the connected account on the current chain, with its auction. */
export function useKUnitMyBids() {
  const { chainId, deployment, account } = useAppChain();
  const client = usePublicClient({ chainId });
  const { now, blockNumber } = useChainTime(chainId);
  const { vault, version } = useSecrets();
  const k = kunitHouseOf(deployment);
  const secrets = k && account ? vault.list({ chainId, auctionHouse: k.house, account }) : [];
  return useQuery({
    queryKey: ["kunit-my-bids", chainId, k?.house, account, version, blockNumber?.toString()],
    queryFn: () => loadKUnitSituations(client!, deployment!, secrets, now!),
    enabled: Boolean(client && k && account && now !== null && version >= 0),
    placeholderData: keepPreviousData,
  });
}
