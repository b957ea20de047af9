"use client";
import type { ReactNode } from "react";
import { useRpcHealth } from "@/hooks/useRpcHealth";

/** Shows its children only while the chain's RPC answers; otherwise the retrying notice, never stale numbers. */
export function RpcGate({ children }: { children: ReactNode }) {
  const health = useRpcHealth();
  if (health.up) return <>{children}</>;
  return (
    <div className="card" data-testid="rpc-gate">
      <p><strong>RPC unavailable — retrying.</strong> This page shows chain data again as soon as the node answers.</p>
    </div>
  );
}
