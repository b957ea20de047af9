"use client";
import { kUnitPositionOf } from "../../../../../../lib/kunit-history.js";
import { kUnitAuctionHouseAbi } from "@/generated/config";
import { Addr, Card } from "@/components/bits";
import { TxStatus } from "@/components/TxStatus";
import { unitFormatOf } from "@/core/kunit";
import { settlement } from "@/core/phase";
import { useTransactor } from "@/hooks/useTransactor";
import { fmtPay, same, type KUnitCtx } from "./context";

/**
 * Settlement (anyone, after the reveal window or once everything is open) and every claim the connected
 * account can make: a winner's unit and change, a loser's refund, an unopened deposit less its bond, and the
 * seller's proceeds, unsold units and deliveries to winners who have not claimed.
 */
export function KUnitClaimsPanel({ ctx }: { ctx: KUnitCtx }) {
  const settleTx = useTransactor();
  const tx = useTransactor();
  const { state, terms, history, account } = ctx;
  const fmt = (v: bigint) => fmtPay(ctx, v);
  const s = history.settlement;
  const pos = ctx.accountView?.position;
  const seller = same(account, terms.seller);
  const uniform = unitFormatOf(terms) === "uniform-price";
  const afterReveal = ctx.phase === "awaiting-settlement" || ctx.phase === "settled";
  const me = account ? history.bidders.find((b) => same(b.bidder, account)) : undefined;
  const myPrice = uniform ? s?.price ?? 0n : me?.opening?.amount ?? 0n;
  // Winners still holding their unit in the house (the seller may deliver it, releasing the price).
  const undelivered = s ? history.bidders.filter((b) => b.opening && b.opening.slot !== 0 && b.displacedBy === null && b.unit === null) : [];
  const canSettle = settlement(ctx.schedule, ctx.now, {
    commitCount: Number(state.commitCount), openCount: Number(state.openCount), sealedReserve: state.sealedReserve, reserveOpened: state.reserveOpened,
  });
  const showSettle = !s && ctx.phase !== "cancelled" && ctx.phase !== "committing";
  // A sealed bid has a claim only once the reveal window is over (its deposit less the bond).
  const claims = (pos && (pos.kind === "owed" || pos.kind === "displaced" || (pos.kind === "ranked" && s !== null) || (pos.kind === "sealed" && afterReveal))) || (seller && s && (state.releasedProceeds > 0n || (state.unitsFree > 0 && !state.unsoldClaimed) || undelivered.length > 0));
  if (!showSettle && !claims && !s && idle(settleTx.state.stage)) return null;

  return (
    <>
      {showSettle || !idle(settleTx.state.stage) ? (
        <Card title="Settle" id="settle">
          {s ? <p>Settled: see the outcome and claims below.</p> : <p className={canSettle.allowed ? "" : "muted"}>{canSettle.reason} Settlement fixes the winners and the price and moves nothing; everyone then claims what is theirs.</p>}
          {s ? null : (
            <button type="button" className={`btn ${canSettle.allowed ? "btn-primary" : ""}`} disabled={settleTx.busy} data-testid="settle"
              onClick={() => settleTx.send("Settle", { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName: "settle", args: [ctx.id, terms] },
                { problems: canSettle.allowed ? [] : [canSettle.reason], formatAmount: fmt })}>
              Settle auction
            </button>
          )}
          <TxStatus state={settleTx.state} />
        </Card>
      ) : null}
      {s || claims ? (
        <Card title="Claims" id="claims">
          {s ? (
            // Units sold and the price are in the Outcome card; here, what is left to take.
            <dl className="facts" data-testid="claims-state">
              <dt>Units delivered</dt><dd>{history.bidders.filter((b) => b.unit !== null).length} of {s.unitsSold} sold</dd>
              <dt>Effective reserve</dt><dd>{fmt(s.effectiveReserve)}</dd>
            </dl>
          ) : null}
          <div className="actions">
            {s && pos?.kind === "ranked" ? (
              <button type="button" className="btn btn-primary" disabled={tx.busy} data-testid="claim-unit"
                onClick={() => tx.send("Claim unit", { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName: "claimUnit", args: [ctx.id, account!] }, { formatAmount: fmt })}>
                Claim my unit and change of {fmt(pos.value - myPrice)} (price {fmt(myPrice)})
              </button>
            ) : null}
            {pos && (pos.kind === "owed" || pos.kind === "displaced") ? (
              <button type="button" className="btn btn-primary" disabled={tx.busy} data-testid="withdraw-refund"
                onClick={() => tx.send("Withdraw refund", { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName: "withdrawRefund", args: [ctx.id, account!] }, { formatAmount: fmt })}>
                Withdraw refund of {fmt(pos.value)}
              </button>
            ) : null}
            {pos?.kind === "sealed" && afterReveal ? (
              <button type="button" className="btn" disabled={tx.busy} data-testid="withdraw-unrevealed"
                onClick={() => tx.send("Withdraw unrevealed deposit", { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName: "withdrawUnrevealed", args: [ctx.id, kUnitPositionOf(history, account!)!, account!] }, { formatAmount: fmt })}>
                Withdraw unrevealed deposit (less the burned bond)
              </button>
            ) : null}
            {seller && s && state.releasedProceeds > 0n ? (
              <button type="button" className="btn btn-primary" disabled={tx.busy} data-testid="withdraw-proceeds"
                onClick={() => tx.send("Withdraw proceeds", { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName: "withdrawProceeds", args: [ctx.id, terms, account!] }, { formatAmount: fmt })}>
                Withdraw proceeds of {fmt(state.releasedProceeds)}
              </button>
            ) : null}
            {seller && s && state.unitsFree > 0 && !state.unsoldClaimed ? (
              <button type="button" className="btn" disabled={tx.busy} data-testid="claim-unsold"
                onClick={() => tx.send("Take back unsold units", { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName: "claimUnsold", args: [ctx.id, terms, account!] })}>
                Take back {state.unitsFree} unsold unit{state.unitsFree === 1 ? "" : "s"}
              </button>
            ) : null}
          </div>
          {pos?.kind === "displaced" ? <p className="hint" data-testid="pushed-out">Higher bids pushed yours out of the top units: it can no longer win, and its whole deposit is yours now.</p> : null}
          {seller && s && undelivered.length > 0 ? (
            <div data-testid="undelivered">
              <p className="hint">Winners who have not claimed yet: a unit&apos;s price is released to you when the unit leaves the house. You may deliver it yourself (the winner&apos;s change stays claimable by it).</p>
              <ul className="plain">
                {undelivered.map((b) => (
                  <li key={b.bidder}><Addr address={b.bidder} />{" "}
                    <button type="button" className="btn btn-small" disabled={tx.busy}
                      onClick={() => tx.send("Deliver unit", { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName: "deliverUnit", args: [ctx.id, terms, b.bidder] }, { formatAmount: fmt })}>
                      Deliver its unit
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <TxStatus state={tx.state} />
        </Card>
      ) : null}
    </>
  );
}

const idle = (stage: string) => stage === "idle";
