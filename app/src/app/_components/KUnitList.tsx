"use client";
import Link from "next/link";
import { ZERO_BYTES32 } from "../../../../lib/auction.js";
import type { KUnitListItem } from "@/chain/kunit";
import { kunitHouseOf } from "@/chain/kunit";
import { Card, Countdown, Note, PhaseBadge } from "@/components/bits";
import { UnitLotLabel, unitFormatLabel } from "@/components/kunit-bits";
import { formatAmount } from "@/core/format";
import { kunitStanding } from "@/core/kunit";
import { nextDeadline, scheduleOf } from "@/core/phase";
import { useAppChain } from "@/hooks/useAppChain";
import { useTokenMeta } from "@/hooks/useAuctions";
import { useChainTime } from "@/hooks/useChainTime";
import { useKUnitList } from "@/hooks/useKUnit";

/** The k-unit house's auctions, rebuilt from its logs (the indexer covers the single-item house only). */
export function KUnitList() {
  const app = useAppChain();
  const { now } = useChainTime(app.chainId);
  const { data, error, isPending } = useKUnitList();
  if (!kunitHouseOf(app.deployment)) return null;
  return (
    <section aria-labelledby="kunit-heading" className="kunit-list">
      <div className="page-head">
        <h2 id="kunit-heading">k-unit auctions</h2>
        <Link className="btn" href="/kunit/create">Create a k-unit auction</Link>
      </div>
      <p className="muted">k identical units in one sealed-bid auction, one unit per bidder. Read from the k-unit house&apos;s events.</p>
      {error ? <Note tone="warn">Could not read the k-unit auctions: {(error as Error).message.split("\n")[0]}</Note>
        : isPending || now === null ? <p className="muted" role="status">Reading k-unit auctions from the chain…</p>
        : data.length === 0 ? <Card><p>No k-unit auctions yet. <Link href="/kunit/create">Create the first one.</Link></p></Card> : (
          <div className="table-wrap">
            {/* "stacked": the auctions table's phone layout, without being one of its rows for the list's pager and filters. */}
            <table className="table stacked" data-testid="kunit-auctions">
              <caption className="sr-only">k-unit auctions</caption>
              <thead>
                <tr><th scope="col">#</th><th scope="col">Lot</th><th scope="col">Format</th><th scope="col">Reserve</th><th scope="col">Phase</th><th scope="col">Units left</th><th scope="col">Bids (opened)</th><th scope="col"><span className="sr-only">Links</span></th></tr>
              </thead>
              <tbody>{data.map((a) => <Row key={a.history.auctionId.toString()} a={a} now={now} />)}</tbody>
            </table>
          </div>
        )}
    </section>
  );
}

function Row({ a, now }: { a: KUnitListItem; now: number }) {
  const terms = a.history.created!.terms;
  const { data: payment } = useTokenMeta(terms.paymentToken, "payment");
  const id = a.history.auctionId.toString();
  const deadline = nextDeadline(scheduleOf(a.history), now);
  const standing = kunitStanding(a.history);
  const sealed = terms.sealedReserveCommitment.toLowerCase() !== ZERO_BYTES32;
  return (
    <tr data-testid={`kunit-row-${id}`}>
      <td data-label="#"><Link href={`/kunit/${id}`}>#{id}</Link> <span className="badge">k units</span></td>
      <td data-label="Lot"><UnitLotLabel terms={terms} /></td>
      <td data-label="Format">{unitFormatLabel(terms)}</td>
      <td data-label="Reserve">{sealed ? "Sealed" : terms.floorReserve > 0n ? `Public: ${payment ? formatAmount(terms.floorReserve, payment.decimals, payment.symbol) : "…"}` : "None"}</td>
      <td data-label="Phase">
        <PhaseBadge phase={a.phase} />
        {deadline ? <div className="small"><Countdown to={deadline.at} now={now} prefix={deadline.label.replace(" window closes", " closes")} /></div> : null}
      </td>
      <td data-label="Units left">{standing.unitsLeft} of {terms.units}</td>
      <td data-label="Bids (opened)">{a.history.bidders.length} ({standing.opened})</td>
      <td className="links"><Link href={`/kunit/${id}`}>Open</Link></td>
    </tr>
  );
}
