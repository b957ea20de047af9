"use client";
import { positionOf } from "../../../../../../lib/history.js";
import { auctionHouseAbi } from "@/generated/config";
import { Addr, Card } from "@/components/bits";
import { TxStatus } from "@/components/TxStatus";
import { useTransactor } from "@/hooks/useTransactor";
import { fmtPay, same, type AuctionCtx } from "./context";

/** The outcome and every claim the connected account can make: lot, proceeds, refund, unrevealed deposit. */
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
  const canClaimLot = Boolean(s && account && same(lotOwner, account) && !lotClaimed);
  // The seller of a sold lot may deliver it to the winner: its proceeds are paid once the lot has left.
  const canDeliver = Boolean(s?.winner && account && same(ctx.terms.seller, account) && !lotClaimed);
  const proceeds = view?.proceeds ?? 0n;
  const held = view?.position.kind === "held" ? view.position.value : 0n;
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
          <dt>Lot</dt><dd>{lotClaimed ? <>claimed by <Addr address={ctx.history.lotClaims[0].owner} /></> : <>waiting for <Addr address={lotOwner!} /> to claim it</>}</dd>
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
              problems: s ? [] : ["Your bid led at some point, so its deposit is held until the auction is settled. Settle first."],
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
