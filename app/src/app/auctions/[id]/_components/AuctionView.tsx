"use client";
import Link from "next/link";
import { reserveKindOf } from "../../../../../../lib/auction.js";
import { Addr, Card, ChainTime, Countdown, Note, PhaseBadge, Timeline } from "@/components/bits";
import { formatLabel, LotLabel, usePayment } from "@/components/auction-bits";
import { DevJump } from "@/components/DevJump";
import { auctionCredibility, chainKindOf } from "@/core/credible";
import { settlementDeliveries } from "@/core/deliveries";
import { formatAmount } from "@/core/format";
import { nextDeadline, phaseAt, scheduleOf, timeline } from "@/core/phase";
import { useAppChain } from "@/hooks/useAppChain";
import { useAccountView, useAuction } from "@/hooks/useAuctions";
import { useTokenInfo } from "@/hooks/useTokenInfo";
import { ShillVerdict } from "@/components/ShillVerdict";
import { TokenBadge } from "@/components/TokenBadge";
import { useChainTime } from "@/hooks/useChainTime";
import { fmtPay, type AuctionCtx } from "./context";
import { BidsTable } from "./BidsTable";
import { CommitPanel } from "./CommitPanel";
import { RevealPanel } from "./RevealPanel";
import { SellerPanel } from "./SellerPanel";
import { SettlePanel } from "./SettlePanel";
import { SelfOpeningPanel } from "./SelfOpeningPanel";
import { ClaimsPanel } from "./ClaimsPanel";
import { MyPosition } from "./MyPosition";
import { FundVaultPanel, VaultPanel } from "./VaultPanel";

function parseId(id: string): bigint | null {
  return /^\d{1,30}$/.test(id) ? BigInt(id) : null;
}

export function AuctionView({ id: raw }: { id: string }) {
  const id = parseId(raw);
  const app = useAppChain();
  const { now } = useChainTime(app.chainId);
  const { data, error, isPending } = useAuction(id);
  const terms = data?.history.created?.terms;
  const payment = usePayment(terms);
  const { data: accountView } = useAccountView(id, terms?.paymentToken);
  const lotInfo = useTokenInfo(terms?.lotToken).data;
  const payInfo = useTokenInfo(terms?.paymentToken).data;

  if (id === null) return <Note tone="warn">&ldquo;{raw}&rdquo; is not an auction number.</Note>;
  if (!app.deployment) return <Note tone="warn">No AuctionHouse is deployed on {app.chain.name} for this build.</Note>;
  if (error) return <Note tone="warn">Could not read auction #{raw}: {(error as Error).message.split("\n")[0]}</Note>;
  if (isPending || now === null) return <p role="status" className="muted">Reading auction #{raw} from the chain…</p>;
  if (!data.history.created || !terms) return (
    <>
      <h1>Auction #{raw}</h1>
      <Note tone="warn">There is no auction #{raw} on {app.chain.name}. <Link href="/">See all auctions.</Link></Note>
    </>
  );
  if (!payment) return <p role="status" className="muted">Reading the payment token…</p>;

  const schedule = scheduleOf(data.history);
  const ctx: AuctionCtx = {
    id, chainId: app.chainId, deployment: app.deployment, history: data.history, state: data.state, terms, payment, schedule,
    phase: phaseAt(schedule, now), now, account: app.account, accountView, local: app.local,
    credibility: auctionCredibility(terms, chainKindOf(app.local), (x) => formatAmount(x, payment.decimals, payment.symbol)),
  };
  const deadline = nextDeadline(schedule, now);
  // The seller is the natural keeper (more openings never lower its price): its page offers the openings first.
  const sellerFirst = Boolean(app.account && app.account.toLowerCase() === terms.seller.toLowerCase());
  const kind = reserveKindOf(terms);

  return (
    <>
      <div className="page-head">
        <h1>Auction #{id.toString()} <PhaseBadge phase={ctx.phase} /></h1>
        <Link className="btn" href={`/auctions/${id}/audit`}>Audit this auction</Link>
      </div>
      <p className="lead" data-testid="phase-line">
        <LotLabel terms={terms} /> · {formatLabel(terms)} · paid in {payment.symbol}
        {deadline ? <> · {deadline.label} <Countdown to={deadline.at} now={now} /></> : null}
        {" "}· chain time <ChainTime at={now} />
      </p>
      <Timeline steps={timeline(schedule, now)} />
      {app.local && (ctx.phase === "committing" || ctx.phase === "opening-reserve" || ctx.phase === "revealing") ? <DevJump chainId={ctx.chainId} now={ctx.now} phase={ctx.phase} windows={terms} /> : null}
      <div className="columns">
        <div>
          <Card title="Terms" id="terms">
            <dl className="facts">
              <dt>Seller</dt><dd><Addr address={terms.seller} /></dd>
              <dt>Lot</dt><dd><LotLabel terms={terms} /> <span className="muted">({data.history.lotClaims.length > 0 ? (settlementDeliveries(data.history, terms.seller, terms.bond)?.lot.handover.kind === "delivered" ? "delivered at settlement" : "claimed") : data.history.cancelled ? <>cancelled: sent to <Addr address={data.history.cancelled.recipient} /></> : "escrowed in the contract"})</span></dd>
              <dt>Lot token</dt><dd>{lotInfo ? <TokenBadge info={lotInfo} testId="lot-token-kind" /> : "…"}</dd>
              <dt>Payment</dt><dd>{payInfo ? <TokenBadge info={payInfo} testId="pay-token-kind" /> : "…"}</dd>
              <dt>Format</dt><dd>{formatLabel(terms)}: {terms.format === 0 ? "the highest valid bid wins and pays the second-highest valid bid (or the reserve if higher)." : "the highest valid bid wins and pays its own bid."}</dd>
              <dt>Bond</dt><dd>{fmtPay(ctx, terms.bond)}: the minimum deposit. Not opening a bid in the reveal window forfeits it, and forfeited bonds are burned.</dd>
              <dt>Reserve</dt><dd>{kind === "none" ? "None" : kind === "public" ? `Public floor of ${fmtPay(ctx, terms.floorReserve)}` : `Sealed by the seller${terms.floorReserve > 0n ? `, over a public floor of ${fmtPay(ctx, terms.floorReserve)}` : ""}. ${data.history.reserveOpening ? `Opened: ${fmtPay(ctx, data.history.reserveOpening.reserve)}.` : ctx.now >= terms.reserveEnd ? "Not opened in its window: ignored (the sale goes ahead at the floor) and the seller's bond burned." : "Not opened yet: the seller opens it in its window, before any bid; if it does not, the reserve is ignored and its bond burned."}`}</dd>
              <dt>Commit until</dt><dd><ChainTime at={terms.commitEnd} /></dd>
              {terms.reserveEnd > 0 ? <><dt>Reserve window until</dt><dd><ChainTime at={terms.reserveEnd} /> <span className="muted">(no bid opens before the reserve is open or this time)</span></dd></> : null}
              <dt>Reveal until</dt><dd><ChainTime at={terms.revealEnd} /></dd>
            </dl>
            <ShillVerdict credibility={ctx.credibility} testId="shill-verdict" />
          </Card>
          <BidsTable ctx={ctx} />
        </div>
        <div>
          <FundVaultPanel ctx={ctx} />
          {sellerFirst ? <SelfOpeningPanel ctx={ctx} /> : null}
          <MyPosition ctx={ctx} />
          <VaultPanel ctx={ctx} />
          {ctx.phase === "committing" ? <CommitPanel ctx={ctx} /> : null}
          <RevealPanel ctx={ctx} />
          {sellerFirst ? null : <SelfOpeningPanel ctx={ctx} />}
          <SellerPanel ctx={ctx} />
          <SettlePanel ctx={ctx} />
          <ClaimsPanel ctx={ctx} />
        </div>
      </div>
    </>
  );
}
