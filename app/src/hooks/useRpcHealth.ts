"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { rpcHealth } from "@/core/rpc-health";
import { useAppChain } from "./useAppChain";

/** Probes the page chain's RPC every few seconds (the latest block number); see core/rpc-health.ts. */
export function useRpcHealth() {
  const app = useAppChain();
  const client = usePublicClient({ chainId: app.chainId });
  const probe = useQuery({
    queryKey: ["rpc-health", app.chainId],
    queryFn: () => client!.getBlockNumber({ cacheTime: 0 }),
    enabled: Boolean(client),
    refetchInterval: 3_000,
    refetchIntervalInBackground: true,
    retry: false,
  });
  return rpcHealth({ failed: probe.isError, error: probe.error, failures: probe.failureCount }, `The ${app.chain.name} RPC`);
}
