"use client";
import { useState } from "react";
import { useSignTypedData } from "wagmi";
import type { Address, Hex } from "viem";
import { bidCommitment } from "../../../../../../lib/auction.js";
import { bidderOf, positionOf } from "../../../../../../lib/history.js";
import { makeReceipt, type BidReceipt } from "../../../../../../lib/receipt.js";
import { auctionHouseAbi } from "@/generated/config";
import { Addr, Card, ChainTime, Note, Problems } from "@/components/bits";
import { TxStatus } from "@/components/TxStatus";
import { formatDuration } from "@/core/phase";
import { formatChainTime } from "@/core/format";
import { parseAmount } from "@/core/format";
import { saltFromSignature, saltTypedData } from "@/core/salt-recovery";
import { describeTxError } from "@/core/tx-errors";
import { useSecrets } from "@/hooks/useSecrets";
import { useTransactor } from "@/hooks/useTransactor";
import { fmtPay, same, type AuctionCtx } from "./context";
import { ImportReceipt } from "./ImportReceipt";

/** Why an opening cannot happen now, or null. */
function revealPhaseProblem(ctx: AuctionCtx): string | null {
  if (ctx.phase === "committing") return `The reveal window opens in ${formatDuration(ctx.terms.commitEnd - ctx.now)}; bids cannot be opened before it.`;
  if (ctx.phase === "opening-reserve") {
    return `Bids cannot be opened until the seller opens its sealed reserve or until ${formatChainTime(ctx.terms.reserveEnd)} (chain time).`;
  }
  if (ctx.phase !== "revealing") return "The reveal window is closed: bids can no longer be opened.";
  return null;
}

/**
 * Open bids: your own from this browser's storage, an imported receipt (yours or anyone's: an opening always
 * counts for the committed bidder), or a salt recovered from your wallet signature.
 */
export function RevealPanel({ ctx }: { ctx: AuctionCtx }) {
  const { vault } = useSecrets();
  const tx = useTransactor();
  const [other, setOther] = useState<BidReceipt | null>(null);
  const unopened = ctx.history.bidders.filter((b) => b.opening === null);
  const mine = ctx.account ? bidderOf(ctx.history, ctx.account) : undefined;
  const mineSealed = mine && mine.opening === null ? mine : undefined;
  const slot = ctx.account ? { chainId: ctx.chainId, auctionHouse: ctx.deployment.auctionHouse, auctionId: ctx.id, account: ctx.account, role: "bid" as const } : null;
  const secret = slot && mineSealed ? vault.get(slot, mineSealed.commitment) : null;
  const idle = tx.state.stage === "idle";
  if ((ctx.phase === "settled" || ctx.phase === "cancelled" || unopened.length === 0) && idle) return null;
  if (ctx.phase === "committing" && !mineSealed) return null;
  // Rule 6: while the sealed reserve may still be opened, no bid can be: say so, and offer no reveal.
  const waiting = ctx.phase === "opening-reserve";

  const reveal = async (r: BidReceipt, label: string) => {
    const position = positionOf(ctx.history, r.account);
    const problem = revealPhaseProblem(ctx);
    await tx.send(label, {
      address: ctx.deployment.auctionHouse, abi: auctionHouseAbi, functionName: "reveal",
      args: [ctx.id, r.account, r.amount, r.salt, position?.deposit ?? 0n, position?.order ?? 0n],
    }, {
      problems: problem ? [problem] : [],
      formatAmount: (v) => fmtPay(ctx, v),
      onConfirmed: () => { if (same(r.account, ctx.account)) vault.mark({ ...r }, r.commitment, "revealed"); },
    });
  };

  const onImported = (r: BidReceipt) => {
    tx.reset();
    if (r.role === "reserve") {
      setOther(r); // shown below; the seller panel opens reserves
      return;
    }
    if (same(r.account, ctx.account)) {
      vault.save(r, { status: "committed", source: "imported" });
      setOther(null);
    } else {
      setOther(r);
    }
  };

  return (
    <Card title="Open bids" id="reveal">
      {waiting ? (
        <Note tone="warn">
          <p data-testid="reserve-wait">
            Bids cannot be opened until the seller opens its sealed reserve or until <strong><ChainTime at={ctx.terms.reserveEnd} /></strong> (chain time,
            in {formatDuration(ctx.terms.reserveEnd - ctx.now)}). The seller decides its reserve without seeing any bid; {unopened.length} of {ctx.history.bidders.length} bids are
            sealed and will be opened after that.
          </p>
        </Note>
      ) : ctx.phase === "revealing" ? (
        <p>The reveal window closes in <strong>{formatDuration(ctx.terms.revealEnd - ctx.now)}</strong>. {unopened.length} of {ctx.history.bidders.length} bids are still sealed.</p>
      ) : ctx.phase === "committing" ? (
        <p className="muted">Bids are opened in the reveal window, which opens in {formatDuration(ctx.terms.commitEnd - ctx.now)}.</p>
      ) : (
        <p className="muted">The reveal window is over; {unopened.length} bid(s) were never opened and forfeit their bond.</p>
      )}
      {mineSealed ? (
        secret && (ctx.phase === "committing" || waiting) ? (
          <p data-testid="reveal-later">Your secret ({fmtPay(ctx, secret.receipt.amount)}) is saved in this browser; open your bid here once the reveal window opens{waiting ? " (after the seller's reserve)" : ""}.</p>
        ) : secret ? (
          <div className="actions">
            {mineSealed.hidden ? (
              <p className="hint" data-testid="reveal-hidden-explained">
                Opening a hidden-deposit bid makes public its amount, its vault&apos;s address and what the vault holds: the opening sweeps it into the
                contract, and the bid counts if the bond plus that covers it. Transfers that funded the vault become traceable to this bid.
              </p>
            ) : null}
            <button type="button" className="btn btn-primary" disabled={tx.busy} onClick={() => reveal(secret.receipt, "Reveal my bid")} data-testid="reveal-mine">
              Reveal my bid of {fmtPay(ctx, secret.receipt.amount)}
            </button>
          </div>
        ) : (
          <Note tone="warn"><p>Your commitment is on chain, but this browser has no secret for it. Import your receipt below, or recover a signature-derived secret.</p></Note>
        )
      ) : null}
      {other && other.role === "bid" && waiting ? (
        <Note><p>Valid receipt for <Addr address={other.account} />&apos;s bid of {fmtPay(ctx, other.amount)}. It can be opened once the seller&apos;s reserve is open or its window ends.</p></Note>
      ) : other && other.role === "bid" ? (
        <Note>
          <p>Valid receipt for <Addr address={other.account} />&apos;s bid of {fmtPay(ctx, other.amount)}. Opening it counts for that bidder, not for you.</p>
          <button type="button" className="btn btn-primary" disabled={tx.busy} onClick={() => reveal(other, "Open bid")} data-testid="reveal-other">
            Open this bid for {other.account.slice(0, 6)}…{other.account.slice(-4)}
          </button>
        </Note>
      ) : other && other.role === "reserve" ? (
        <Note><p>This is the seller&apos;s sealed-reserve receipt ({fmtPay(ctx, other.amount)}). Open it in the &ldquo;Sealed reserve&rdquo; panel below.</p></Note>
      ) : null}
      <TxStatus state={tx.state} />
      <ImportReceipt ctx={ctx} onValid={onImported} label="Import a bid receipt (yours, or someone else's to open it for them)" />
      {mineSealed && !secret && ctx.account ? <RecoverSalt ctx={ctx} account={ctx.account} commitment={mineSealed.commitment} /> : null}
    </Card>
  );
}

function RecoverSalt({ ctx, account, commitment }: { ctx: AuctionCtx; account: Address; commitment: Hex }) {
  const { vault } = useSecrets();
  const sign = useSignTypedData();
  const [amountText, setAmountText] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const recover = async () => {
    const amount = parseAmount(amountText, ctx.payment.decimals);
    if (amount === null) return setProblems([`Enter the amount you bid, in ${ctx.payment.symbol}.`]);
    let salt: Hex;
    try {
      salt = saltFromSignature(await sign.mutateAsync(saltTypedData({ chainId: ctx.chainId, auctionHouse: ctx.deployment.auctionHouse, auctionId: ctx.id, account, role: "bid" }) as never));
    } catch (e) {
      return setProblems([describeTxError(e).message]);
    }
    const domain = { chainId: ctx.chainId, auctionHouse: ctx.deployment.auctionHouse, auctionId: ctx.id };
    if (bidCommitment(domain, account, amount, salt).toLowerCase() !== commitment.toLowerCase()) {
      return setProblems(["Your signature with that amount does not give the commitment on chain: the amount is wrong, or this bid used a random secret (then only its receipt can open it)."]);
    }
    vault.save(makeReceipt({ role: "bid", chainId: ctx.chainId, auctionHouse: ctx.deployment.auctionHouse, auctionId: ctx.id, account, amount, salt }), { status: "committed", source: "recovered" });
    setProblems([]);
  };
  return (
    <details className="import">
      <summary>Recover a signature-derived secret</summary>
      <div className="field">
        <label htmlFor="recover-amount">The amount you bid ({ctx.payment.symbol})</label>
        <input id="recover-amount" type="text" inputMode="decimal" value={amountText} onChange={(e) => setAmountText(e.target.value)} />
        <p className="hint">Your wallet signs the same message as at commit time; the result is checked against your commitment on chain before it is used.</p>
      </div>
      <button type="button" className="btn btn-small" disabled={sign.isPending} onClick={recover}>Sign and check</button>
      <Problems items={problems} />
    </details>
  );
}
