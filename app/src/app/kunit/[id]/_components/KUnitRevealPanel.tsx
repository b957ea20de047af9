"use client";
import { useState } from "react";
import { usePublicClient } from "wagmi";
import { kUnitBidderOf } from "../../../../../../lib/kunit-history.js";
import type { BidReceipt } from "../../../../../../lib/receipt.js";
import { kUnitAuctionHouseAbi } from "@/generated/config";
import { Addr, Card, Note, Problems } from "@/components/bits";
import { ReceiptImport } from "@/components/ReceiptImport";
import { TxStatus } from "@/components/TxStatus";
import { loadKUnitAuction } from "@/chain/kunit";
import type { ContractCall } from "@/chain/tx";
import { kunitRevealHint } from "@/core/kunit";
import { formatDuration } from "@/core/phase";
import { useSecrets } from "@/hooks/useSecrets";
import { useTransactor } from "@/hooks/useTransactor";
import { fmtPay, same, type KUnitCtx } from "./context";

/**
 * Open bids: your own from this browser's storage, or anyone's from its receipt (an opening always counts for
 * the committed bidder). Each opening carries a hint — the top-set slot just below the bid — computed from the
 * latest logs at the click (lib/top-set.ts). When others' openings make it stale before it lands, the house
 * refuses it with HintTooFar in the simulation; the hint is computed again and the opening retried once.
 */
export function KUnitRevealPanel({ ctx }: { ctx: KUnitCtx }) {
  const { vault } = useSecrets();
  const tx = useTransactor();
  const client = usePublicClient({ chainId: ctx.chainId });
  const [other, setOther] = useState<BidReceipt | null>(null);
  const [hintNote, setHintNote] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const unopened = ctx.history.bidders.filter((b) => b.opening === null);
  const mine = ctx.account ? kUnitBidderOf(ctx.history, ctx.account) : undefined;
  const mineSealed = mine && mine.opening === null ? mine : undefined;
  const slot = ctx.account ? { chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: ctx.id, account: ctx.account, role: "bid" as const } : null;
  const secret = slot && mineSealed ? vault.get(slot, mineSealed.commitment) : null;
  const idle = tx.state.stage === "idle";
  if ((ctx.phase === "settled" || ctx.phase === "cancelled" || unopened.length === 0) && idle) return null;
  if (ctx.phase === "committing" && !mineSealed) return null;
  const canOpen = ctx.phase === "revealing";

  /** The reveal call with a hint from the latest logs (never the page's cached copy). */
  const revealCall = async (r: BidReceipt, attempt: number): Promise<ContractCall> => {
    if (!client) throw new Error("No connection to the chain to read the latest logs.");
    const fresh = await loadKUnitAuction(client, ctx.deployment, ctx.id);
    const p = kunitRevealHint(fresh.history, r.account, r.amount);
    if (!p) throw new Error(`${r.account} has no commitment in k-unit auction ${ctx.id}.`);
    setHintNote(attempt === 0 ? `Hint: top-set slot ${p.hint} (computed from the logs up to block ${fresh.history.toBlock}).`
      : `The first hint was stale (others opened bids meanwhile); retried with slot ${p.hint} from block ${fresh.history.toBlock}.`);
    return { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName: "reveal", args: [ctx.id, r.account, r.amount, r.salt, p.deposit, p.order, p.hint] };
  };

  const reveal = async (r: BidReceipt, label: string) => {
    tx.reset();
    setProblems([]);
    if (!canOpen) return setProblems([ctx.phase === "opening-reserve" ? "Bids cannot be opened until the seller opens its sealed reserve or its window ends." : "Bids can only be opened in the reveal window."]);
    let call: ContractCall;
    try {
      call = await revealCall(r, 0);
    } catch (e) {
      setHintNote(null);
      return setProblems([`${(e as Error).message.split("\n")[0]} Nothing was sent.`]);
    }
    await tx.send(label, call, {
      formatAmount: (v) => fmtPay(ctx, v),
      retry: { on: "HintTooFar", call: () => revealCall(r, 1) },
      onConfirmed: () => { if (same(r.account, ctx.account)) vault.mark({ ...r }, r.commitment, "revealed"); },
    });
  };

  return (
    <Card title="Open bids" id="reveal">
      {ctx.phase === "revealing" ? (
        <p>The reveal window closes in <strong>{formatDuration(ctx.terms.revealEnd - ctx.now)}</strong>. {unopened.length} of {ctx.history.bidders.length} bids are still sealed.</p>
      ) : ctx.phase === "committing" ? (
        <p className="muted">Bids are opened in the reveal window, which opens in {formatDuration(ctx.terms.commitEnd - ctx.now)}.</p>
      ) : ctx.phase === "opening-reserve" ? (
        <p className="muted">Bids cannot be opened until the seller opens its sealed reserve or its window ends.</p>
      ) : unopened.length === 0 ? (
        <p data-testid="all-open">Every bid is open: the auction may be settled now.</p>
      ) : (
        <p className="muted">The reveal window is over; {unopened.length} bid(s) were never opened and forfeit their bond.</p>
      )}
      {mineSealed ? (
        secret && !canOpen ? (
          <p data-testid="reveal-later">Your secret ({fmtPay(ctx, secret.receipt.amount)}) is saved in this browser; open your bid here once the reveal window opens.</p>
        ) : secret ? (
          <div className="actions">
            <button type="button" className="btn btn-primary" disabled={tx.busy} onClick={() => reveal(secret.receipt, "Reveal my bid")} data-testid="reveal-mine">
              Reveal my bid of {fmtPay(ctx, secret.receipt.amount)}
            </button>
          </div>
        ) : (
          <Note tone="warn"><p>Your commitment is on chain, but this browser has no secret for it. Import your receipt below.</p></Note>
        )
      ) : null}
      {other && kUnitBidderOf(ctx.history, other.account)?.opening === null ? (
        <Note>
          <p>Valid receipt for <Addr address={other.account} />&apos;s bid of {fmtPay(ctx, other.amount)}. Opening it counts for that bidder, not for you.</p>
          <button type="button" className="btn btn-primary" disabled={tx.busy || !canOpen} onClick={() => reveal(other, "Open bid")} data-testid="reveal-other">
            Open this bid for {other.account.slice(0, 6)}…{other.account.slice(-4)}
          </button>
        </Note>
      ) : null}
      {hintNote && !idle ? <p className="hint" data-testid="reveal-hint">{hintNote}</p> : null}
      <Problems items={problems} id="reveal-problems" />
      <TxStatus state={tx.state} />
      {ctx.phase !== "settled" && ctx.phase !== "cancelled" && unopened.length > 0 ? (
        <ImportKUnitReceipt ctx={ctx} onValid={(r) => {
          tx.reset();
          if (same(r.account, ctx.account)) {
            vault.save(r, { status: "committed", source: "imported" });
            setOther(null);
          } else setOther(r);
        }} />
      ) : null}
    </Card>
  );
}

/** A bid receipt for this k-unit auction, accepted only if it hashes to its account's commitment here. */
function ImportKUnitReceipt({ ctx, onValid }: { ctx: KUnitCtx; onValid: (r: BidReceipt) => void }) {
  return (
    <ReceiptImport label="Import a bid receipt (yours, or someone else's to open it for them)" onValid={onValid} check={{
      chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: ctx.id, role: "bid",
      onChainCommitment: (account) => kUnitBidderOf(ctx.history, account)?.commitment ?? null,
    }} />
  );
}
