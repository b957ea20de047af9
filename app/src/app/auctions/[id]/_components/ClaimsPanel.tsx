"use client";
import { findLeader, positionOf } from "../../../../../../lib/history.js";
import { auctionHouseAbi } from "@/generated/config";
import { Addr, Card } from "@/components/bits";
import { TxStatus } from "@/components/TxStatus";
import { settlementDeliveries, type Handover } from "@/core/deliveries";
import { useTransactor } from "@/hooks/useTransactor";
import { fmtPay, same, type AuctionCtx } from "./context";

/** The outcome, what settlement delivered, and every claim left to the connected account: lot, proceeds, refund,
 * unrevealed deposit. Settlement pushes the lot, the change and the proceeds; a claim remains only where a push failed. */
export function ClaimsPanel({ ctx }: { ctx: AuctionCtx }) {
  const tx = useTransactor();
  const s = ctx.history.settlement;
  const view = ctx.accountView;
  const account = ctx.account;
  const afterReveal = ctx.phase === "awaiting-settlement" || ctx.phase === "settled";
  const house = ctx.deployment.auctionHouse;
  const fmt = (v: bigint) => fmtPay(ctx, v);
  const lotOwner = s ? s.winner ?? ctx.terms.seller : null;
  const lotClaimed = ctx.history.lotClaims.length > 0;
  const delivered = settlementDeliveries(ctx.history, ctx.terms.seller, ctx.terms.bond);
  // Only the standing leader's deposit is held until settlement; any other held amount is a refund whose push failed.
  const leading = same(findLeader(ctx.history, ctx.state.bestOrder), account);
  const canClaimLot = Boolean(s && account && same(lotOwner, account) && !lotClaimed);
  // The seller of a sold lot may deliver it to the winner: its proceeds are paid once the lot has left.
  const canDeliver = Boolean(s?.winner && account && same(ctx.terms.seller, account) && !lotClaimed);
  const proceeds = view?.proceeds ?? 0n;
  const held = view?.position.kind === "held" && (s || !leading) ? view.position.value : 0n;
  const sealed = view?.position.kind === "sealed";
  const claims = canClaimLot || canDeliver || proceeds > 0n || held > 0n || (sealed && afterReveal);
  if (!s && !claims) return null;
  return (
    <Card title={s ? "Outcome and claims" : "Claims"} id="claims">
      {s ? (
        <dl className="facts" data-testid="outcome">
          <dt>Winner</dt><dd>{s.winner ? <Addr address={s.winner} /> : "none: unsold, the lot returns to the seller"}</dd>
          <dt>Price</dt><dd>{fmt(s.price)}</dd>
          <dt>Effective reserve</dt><dd>{fmt(s.effectiveReserve)}</dd>
          <dt>Bonds burned</dt><dd>{fmt(s.burned)}</dd>
          <dt>Lot</dt><dd data-testid="lot-handover"><LotText h={delivered!.lot.handover} owner={lotOwner!} /></dd>
          {delivered!.leaderRefund ? (<>
            <dt>{s.winner ? "Winner's change" : "Leader's deposit back"}</dt>
            <dd data-testid="change-handover">{fmt(delivered!.leaderRefund.amount)}: <MoneyText h={delivered!.leaderRefund.handover} owner={delivered!.leaderRefund.bidder} /></dd>
          </>) : null}
          {delivered!.proceeds.handover.kind !== "none" ? (<>
            <dt>Seller&apos;s proceeds</dt>
            <dd data-testid="proceeds-handover">{fmt(delivered!.proceeds.amount)}: <MoneyText h={delivered!.proceeds.handover} owner={ctx.terms.seller}
              waiting={s.winner && delivered!.lot.handover.kind === "claim" ? "paid once the lot has left the contract" : undefined} /></dd>
          </>) : null}
        </dl>
      ) : null}
      <div className="actions">
        {canClaimLot ? (
          <button type="button" className="btn btn-primary" disabled={tx.busy} data-testid="claim-lot"
            onClick={() => tx.send("Claim lot", { address: house, abi: auctionHouseAbi, functionName: "claimLot", args: [ctx.id, ctx.terms, account!] })}>
            Claim the lot
          </button>
        ) : null}
        {canDeliver ? (
          <button type="button" className="btn btn-primary" disabled={tx.busy} data-testid="deliver-lot"
            onClick={() => tx.send("Deliver lot", { address: house, abi: auctionHouseAbi, functionName: "claimLot", args: [ctx.id, ctx.terms, s!.winner!] })}>
            Deliver the lot to the winner
          </button>
        ) : null}
        {proceeds > 0n ? (
          <button type="button" className="btn btn-primary" disabled={tx.busy || canDeliver} data-testid="withdraw-proceeds"
            title={canDeliver ? "Paid once the lot has left the contract: deliver it to the winner first" : undefined}
            onClick={() => tx.send("Withdraw proceeds", { address: house, abi: auctionHouseAbi, functionName: "withdrawProceeds", args: [ctx.id, account!] }, { formatAmount: fmt })}>
            Withdraw proceeds of {fmt(proceeds)}
          </button>
        ) : null}
        {held > 0n ? (
          <button type="button" className="btn btn-primary" disabled={tx.busy} data-testid="withdraw-refund"
            onClick={() => tx.send("Withdraw refund", { address: house, abi: auctionHouseAbi, functionName: "withdrawRefund", args: [ctx.id, account!] }, {
              formatAmount: fmt,
            })}>
            Withdraw {same(s?.winner, account) ? "change" : "refund"} of {fmt(held)}
          </button>
        ) : null}
        {sealed && afterReveal && account ? (
          <button type="button" className="btn" disabled={tx.busy} data-testid="withdraw-unrevealed"
            onClick={() => tx.send("Withdraw unrevealed deposit", { address: house, abi: auctionHouseAbi, functionName: "withdrawUnrevealed", args: [ctx.id, positionOf(ctx.history, account)!, account] }, { formatAmount: fmt })}>
            Withdraw unrevealed deposit (less the burned bond)
          </button>
        ) : null}
      </div>
      {canDeliver && proceeds > 0n ? (
        <p className="hint" data-testid="proceeds-wait">Your proceeds are paid once the lot has left the contract: the winner claims it, or you deliver it. A seller that blocks its own lot cannot keep the price.</p>
      ) : null}
      <TxStatus state={tx.state} />
    </Card>
  );
}

function LotText({ h, owner }: { h: Handover; owner: string }) {
  if (h.kind === "delivered") return <>delivered to <Addr address={owner} /> at settlement</>;
  if (h.kind === "claimed") return <>claimed by <Addr address={owner} />{same(h.recipient, owner) ? null : <>, sent to <Addr address={h.recipient} /></>}</>;
  return <>waiting for <Addr address={owner} /> to claim it (it could not be delivered at settlement)</>;
}

function MoneyText({ h, owner, waiting }: { h: Handover; owner: string; waiting?: string }) {
  if (h.kind === "delivered") return <>paid to <Addr address={owner} /> at settlement</>;
  if (h.kind === "claimed") return <>withdrawn by <Addr address={owner} /></>;
  return <>waiting for <Addr address={owner} /> to withdraw it ({waiting ?? "it could not be paid at settlement"})</>;
}
