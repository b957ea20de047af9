"use client";
import { openingTimeOf } from "../../../../../../lib/timelock.js";
import { bidderOf, findLeader } from "../../../../../../lib/history.js";
import { serializeReceipt } from "../../../../../../lib/receipt.js";
import { Card, download } from "@/components/bits";
import { revealReminderIcs } from "@/core/ics";
import { nextStep } from "@/core/next-step";
import { settlementDeliveries } from "@/core/deliveries";
import { useSecrets } from "@/hooks/useSecrets";
import { chainById } from "@/config/chains";
import { fmtPay, same, type AuctionCtx } from "./context";

const POSITION_TEXT = { none: "nothing held", sealed: "an unopened commitment", held: "an opened deposit" } as const;

/** The connected account's role, stored secret, what the contract holds for it, and what to do now. */
export function MyPosition({ ctx }: { ctx: AuctionCtx }) {
  const { vault } = useSecrets();
  if (!ctx.account) return <Card title="My position" id="my-position"><p className="muted">Connect a wallet to bid or to see your position.</p></Card>;
  const account = ctx.account;
  const b = bidderOf(ctx.history, account);
  const isSeller = same(ctx.terms.seller, account);
  const slot = { chainId: ctx.chainId, auctionHouse: ctx.deployment.auctionHouse, auctionId: ctx.id, account };
  const secret = b ? vault.get({ ...slot, role: "bid" }, b.commitment) : vault.get({ ...slot, role: "bid" });
  const reserveSecret = isSeller ? vault.get({ ...slot, role: "reserve" }, ctx.terms.sealedReserveCommitment) : null;
  const view = ctx.accountView;
  const winner = ctx.history.settlement?.winner;
  const delivered = settlementDeliveries(ctx.history, ctx.terms.seller, ctx.terms.bond);
  const lotDelivered = delivered?.lot.handover.kind === "delivered";
  const step = b && view ? nextStep({
    role: "bid", phase: ctx.phase, now: ctx.now, commitEnd: ctx.terms.commitEnd, reserveEnd: ctx.terms.reserveEnd, revealEnd: ctx.terms.revealEnd,
    committedOnChain: true, position: view.position, revealedOnChain: b.opening !== null,
    selfOpening: b.sealedOpening ? { opensAt: openingTimeOf(ctx.terms) } : null,
    isWinner: same(winner, account), lotClaimed: ctx.history.lotClaims.length > 0,
    lotDelivered: lotDelivered && same(delivered?.lot.owner, account), leading: same(findLeader(ctx.history, ctx.state.bestOrder), account),
  }) : null;
  const reserveStep = isSeller && reserveSecret && view ? nextStep({
    role: "reserve", phase: ctx.phase, now: ctx.now, commitEnd: ctx.terms.commitEnd, reserveEnd: ctx.terms.reserveEnd, revealEnd: ctx.terms.revealEnd,
    committedOnChain: true, reserveOpened: ctx.history.reserveOpening !== null, proceeds: view.proceeds,
    lotClaimed: ctx.history.lotClaims.length > 0, sold: Boolean(winner),
    lotDelivered, proceedsDelivered: delivered?.proceeds.handover.kind === "delivered",
  }) : null;
  const ics = (role: "bid" | "reserve") => download(
    `reveal-auction-${ctx.id}.ics`,
    revealReminderIcs({
      auctionId: ctx.id, chainName: chainById(ctx.chainId)?.name ?? String(ctx.chainId), auctionHouse: ctx.deployment.auctionHouse,
      revealStart: ctx.terms.commitEnd, revealEnd: role === "reserve" ? ctx.terms.reserveEnd : ctx.terms.revealEnd, url: window.location.href, role, stamp: ctx.now,
    }),
    "text/calendar",
  );
  const beforeRevealEnd = ctx.phase === "committing" || ctx.phase === "opening-reserve" || ctx.phase === "revealing";

  return (
    <Card title="My position" id="my-position">
      <dl className="facts" data-testid="my-position">
        <dt>Role</dt>
        <dd>{isSeller ? "Seller" : b ? `Bidder (order ${b.order})` : "Not bidding"}</dd>
        {b ? (<><dt>Deposit</dt><dd>{fmtPay(ctx, b.deposit)}{b.hidden ? (b.opening ? ` + ${fmtPay(ctx, b.swept)} swept from your vault` : " (hidden deposit: the rest is in your vault)") : ""}</dd></>) : null}
        {b ? (<><dt>My bid</dt><dd>{b.opening ? `${fmtPay(ctx, b.opening.amount)} (opened)` : secret ? `${fmtPay(ctx, secret.receipt.amount)} (sealed; secret saved in this browser${b.sealedOpening ? "; opens itself" : ""})` : `sealed; no secret for it in this browser${b.sealedOpening ? ", but it opens itself" : ""}`}</dd></>) : null}
        {view ? (<><dt>Contract holds</dt><dd>{view.position.kind === "held" ? fmtPay(ctx, view.position.value) : POSITION_TEXT[view.position.kind]}{view.proceeds > 0n ? `; proceeds ${fmtPay(ctx, view.proceeds)}` : ""}</dd></>) : null}
        {isSeller && reserveSecret ? (<><dt>Sealed reserve</dt><dd>{fmtPay(ctx, reserveSecret.receipt.amount)} {ctx.history.reserveOpening ? "(opened)" : "(sealed; secret saved in this browser)"}</dd></>) : null}
      </dl>
      {step ? <p className={`next-step step-${step.urgency}`} data-testid="next-step"><strong>Now: </strong>{step.text}</p> : null}
      {reserveStep ? <p className={`next-step step-${reserveStep.urgency}`}><strong>Reserve: </strong>{reserveStep.text}</p> : null}
      <div className="actions">
        {secret ? <button type="button" className="btn btn-small" onClick={() => download(`bid-receipt-auction-${ctx.id}-${account.slice(0, 8)}.json`, serializeReceipt(secret.receipt))}>Download bid receipt</button> : null}
        {reserveSecret ? <button type="button" className="btn btn-small" onClick={() => download(`reserve-receipt-auction-${ctx.id}.json`, serializeReceipt(reserveSecret.receipt))}>Download reserve receipt</button> : null}
        {beforeRevealEnd && ((b && b.opening === null) || (reserveSecret && !ctx.history.reserveOpening))
          ? <button type="button" className="btn btn-small" onClick={() => ics(b && b.opening === null ? "bid" : "reserve")}>Reveal reminder (.ics)</button>
          : null}
      </div>
    </Card>
  );
}
