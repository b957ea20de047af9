"use client";
import { useBlock } from "wagmi";

/**
 * Chain time: the latest block's timestamp (seconds), watched. Deadlines and phases are computed from it,
 * never from the browser's clock.
 */
export function useChainTime(chainId: number) {
  const { data: block } = useBlock({ chainId, watch: true, query: { structuralSharing: false } });
  return {
    now: block ? Number(block.timestamp) : null,
    blockNumber: block?.number ?? null,
  };
}
