"use client";
import { ZERO_ADDRESS } from "../../../../../../lib/auction.js";
import { findLeader } from "../../../../../../lib/history.js";
import { auctionHouseAbi } from "@/generated/config";
import { Card } from "@/components/bits";
import { TxStatus } from "@/components/TxStatus";
import { settlement } from "@/core/phase";
import { useTransactor } from "@/hooks/useTransactor";
import { fmtPay, type AuctionCtx } from "./context";

/** Anyone may settle after the reveal window, or early once every commitment and the sealed reserve are open.
 * Settling also delivers: the settler pays the gas of the lot, change and proceeds pushes. */
export function SettlePanel({ ctx }: { ctx: AuctionCtx }) {
  const tx = useTransactor();
  if ((ctx.phase === "settled" || ctx.phase === "cancelled") && tx.state.stage === "idle") return null;
  const s = settlement(ctx.schedule, ctx.now, {
    commitCount: ctx.state.commitCount, openCount: ctx.state.openCount,
    sealedReserve: ctx.state.sealedReserve, reserveOpened: ctx.state.reserveOpened,
  });
  const leader = findLeader(ctx.history, ctx.state.bestOrder) ?? ZERO_ADDRESS;
  return (
    <Card title="Settle" id="settle">
      {ctx.phase === "settled" ? <p>Settled: see the outcome and claims below.</p> : <p className={s.allowed ? "" : "muted"}>{s.reason} Settling fixes the outcome and, in the same transaction, delivers the lot to its owner, the winner&apos;s change and the seller&apos;s proceeds. Each push has capped gas: one that fails (a receiver that refuses it) becomes a claim its owner makes later.</p>}
      {ctx.phase === "settled" ? null : <button type="button" className={`btn ${s.allowed ? "btn-primary" : ""}`} disabled={tx.busy} data-testid="settle"
        onClick={() => tx.send("Settle", {
          address: ctx.deployment.auctionHouse, abi: auctionHouseAbi, functionName: "settle", args: [ctx.id, ctx.terms, leader],
        }, { problems: s.allowed ? [] : [s.reason], formatAmount: (v) => fmtPay(ctx, v) })}>
        Settle auction
      </button>}
      <TxStatus state={tx.state} />
    </Card>
  );
}
