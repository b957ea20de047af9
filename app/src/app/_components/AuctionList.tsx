"use client";
import Link from "next/link";
import type { AuctionListItem } from "@/chain/reads";
import { Card, Countdown, Note, PhaseBadge } from "@/components/bits";
import { formatLabel, LotLabel, PaymentLabel, ReserveLabel, usePayment } from "@/components/auction-bits";
import { nextDeadline } from "@/core/phase";
import { useAppChain } from "@/hooks/useAppChain";
import { useAuctionList } from "@/hooks/useAuctions";
import { useChainTime } from "@/hooks/useChainTime";

export function AuctionList() {
  const app = useAppChain();
  const { now } = useChainTime(app.chainId);
  const { data, error, isPending } = useAuctionList();
  return (
    <>
      <div className="page-head">
        <h1>Auctions</h1>
        <Link className="btn btn-primary" href="/create">Create an auction</Link>
      </div>
      <p className="lead">
        Sealed-bid auctions on {app.chain.name}. Bids are hidden until opened; everyone sees each deposit, an upper bound on its bid.
        This list is rebuilt by your browser from the contract&apos;s events.
      </p>
      {!app.deployment ? (
        <Note tone="warn">No AuctionHouse is deployed on {app.chain.name} for this build. Run <code>npm start</code> for a local chain with demo auctions.</Note>
      ) : error ? (
        <Note tone="warn">Could not read the chain: {(error as Error).message.split("\n")[0]}</Note>
      ) : isPending || now === null ? (
        <p className="muted" role="status">Reading auctions from the chain…</p>
      ) : data.length === 0 ? (
        <Card><p>No auctions yet. <Link href="/create">Create the first one.</Link></p></Card>
      ) : (
        <div className="table-wrap">
          <table className="table auctions">
            <caption className="sr-only">All auctions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">#</th><th scope="col">Lot</th><th scope="col">Format</th><th scope="col">Reserve</th>
                <th scope="col">Payment</th><th scope="col">Phase</th><th scope="col">Bids (opened)</th><th scope="col"><span className="sr-only">Links</span></th>
              </tr>
            </thead>
            <tbody>
              {[...data].reverse().map((a) => <Row key={a.auctionId.toString()} a={a} now={now} />)}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Row({ a, now }: { a: AuctionListItem; now: number }) {
  const payment = usePayment(a.terms);
  const phase = a.phase;
  const deadline = nextDeadline({
    commitEnd: a.terms.commitEnd, reserveEnd: a.terms.reserveEnd, revealEnd: a.terms.revealEnd, reserveOpened: a.reserveOpened,
    settled: phase === "settled", cancelled: phase === "cancelled", allBidsOpen: phase === "awaiting-settlement",
  }, now);
  const id = a.auctionId.toString();
  return (
    <tr data-testid={`auction-row-${id}`}>
      <td data-label="#"><Link href={`/auctions/${id}`}>#{id}</Link></td>
      <td data-label="Lot"><LotLabel terms={a.terms} /></td>
      <td data-label="Format">{formatLabel(a.terms)}</td>
      <td data-label="Reserve"><ReserveLabel terms={a.terms} payment={payment} /></td>
      <td data-label="Payment"><PaymentLabel terms={a.terms} /></td>
      <td data-label="Phase">
        <PhaseBadge phase={phase} />
        {deadline ? <div className="small"><Countdown to={deadline.at} now={now} prefix={deadline.label.replace(" window closes", " closes")} /></div> : null}
      </td>
      <td data-label="Bids (opened)">{a.commitments} ({a.openings})</td>
      <td className="links"><Link href={`/auctions/${id}`}>Open</Link> · <Link href={`/auctions/${id}/audit`}>Audit</Link></td>
    </tr>
  );
}
