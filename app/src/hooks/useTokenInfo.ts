"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { getAddress, isAddress } from "viem";
import { readTokenInfo } from "@/chain/tokens";
import { useAppChain } from "./useAppChain";
import { useChainTime } from "./useChainTime";

/**
 * What a token address is (kind, name, symbol, and the owner of `ownerOfId` when given), as soon as the text is
 * an address. Ownership is re-read on each block; `undefined` while the text is not an address.
 */
export function useTokenInfo(text: string | undefined, o: { ownerOfId?: bigint | null } = {}) {
  const { chainId } = useAppChain();
  const client = usePublicClient({ chainId });
  const { blockNumber } = useChainTime(chainId);
  const valid = Boolean(text && isAddress(text, { strict: false }));
  const id = o.ownerOfId ?? undefined;
  const key = valid ? text!.toLowerCase() : null;
  return useQuery({
    queryKey: ["token-info", chainId, key, id?.toString(), id === undefined ? null : blockNumber?.toString()],
    queryFn: () => readTokenInfo(client!, getAddress(text!), { ownerOfId: id }),
    enabled: Boolean(client && valid),
    // Keep the answer across block re-reads of the same token, never across tokens.
    placeholderData: (prev, q) => (q && q.queryKey[2] === key && q.queryKey[3] === id?.toString() ? prev : undefined),
    staleTime: id === undefined ? Infinity : 0,
  });
}
