"use client";
import Link from "next/link";
import { useState } from "react";
import type { AuctionListItem } from "@/chain/reads";
import { ListFilters, Pager, SourceNotice, usePager } from "@/components/ListControls";
import { Card, Countdown, Note, PhaseBadge } from "@/components/bits";
import { formatLabel, LotLabel, PaymentLabel, ReserveLabel, usePayment } from "@/components/auction-bits";
import { nextDeadline } from "@/core/phase";
import { useAppChain } from "@/hooks/useAppChain";
import { useAuctionPage } from "@/hooks/useAuctionPage";
import { useChainTime } from "@/hooks/useChainTime";
import { DEFAULT_LIST_QUERY, type ListQuery } from "../../../../lib/indexed.js";

export function AuctionList() {
  const app = useAppChain();
  const { now } = useChainTime(app.chainId);
  const [query, setQuery] = useState<ListQuery>(DEFAULT_LIST_QUERY);
  const pager = usePager(query, setQuery);
  const { data, error, isPending } = useAuctionPage(query);
  const filter = (q: ListQuery) => { pager.reset(); setQuery(q); };
  return (
    <>
      <div className="page-head">
        <h1>Auctions</h1>
        <Link className="btn btn-primary" href="/create">Create an auction</Link>
      </div>
      <p className="lead">
        Sealed-bid auctions on {app.chain.name}. Bids are hidden until opened; everyone sees each deposit, an upper bound on its bid (of a hidden deposit, only the bond).
        The list comes from the indexer when one is configured and up to date, else your browser rebuilds it from the contract&apos;s events.
      </p>
      {app.deployment ? <ListFilters query={query} onChange={filter} /> : null}
      <SourceNotice source={data?.source} block={data?.page.block} />
      {!app.deployment ? (
        <Note tone="warn">No AuctionHouse is deployed on {app.chain.name} for this build. Run <code>npm start</code> for a local chain with demo auctions.</Note>
      ) : error ? (
        <Note tone="warn">Could not read the chain: {(error as Error).message.split("\n")[0]}</Note>
      ) : isPending || now === null ? (
        <p className="muted" role="status">Reading auctions from the chain…</p>
      ) : data.page.total === 0 && !query.cursor ? (
        <Card>{JSON.stringify(query) === JSON.stringify(DEFAULT_LIST_QUERY) ? <p>No auctions yet. <Link href="/create">Create the first one.</Link></p> : <p>No auction matches these filters.</p>}</Card>
      ) : (
        <div className="table-wrap">
          <table className="table auctions">
            <caption className="sr-only">Auctions matching the filters</caption>
            <thead>
              <tr>
                <th scope="col">#</th><th scope="col">Lot</th><th scope="col">Format</th><th scope="col">Reserve</th>
                <th scope="col">Payment</th><th scope="col">Phase</th><th scope="col">Bids (opened)</th><th scope="col"><span className="sr-only">Links</span></th>
              </tr>
            </thead>
            <tbody>
              {data.page.items.map((a) => <Row key={a.auctionId.toString()} a={a} now={now} />)}
            </tbody>
          </table>
          <Pager page={pager.page} total={data.page.total} limit={query.limit} nextCursor={data.page.nextCursor}
            onNext={() => data.page.nextCursor && pager.next(data.page.nextCursor)} onPrev={pager.prev} />
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
