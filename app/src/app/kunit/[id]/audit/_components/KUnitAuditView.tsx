"use client";
import Link from "next/link";
import { ZERO_BYTES32 } from "../../../../../../../lib/auction.js";
import { bigintReplacer } from "../../../../../../../lib/history.js";
import { UNIT_POSITION_NAMES } from "../../../../../../../lib/kunit-audit.js";
import type { KUnitEvent } from "../../../../../../../lib/kunit-history.js";
import { Addr, Card, download, Note, TxLink } from "@/components/bits";
import { ChecksDetails, CompareRow, EventHistory, OkMark, VerdictBox } from "@/components/audit-bits";
import { UnitLotLabel, unitFormatLabel } from "@/components/kunit-bits";
import { kunitHouseOf } from "@/chain/kunit";
import type { TokenMeta } from "@/chain/reads";
import { formatAmount, formatChainTime } from "@/core/format";
import { kunitAuditToJson, kunitAuditVerdict, kunitOutcomeLines, kunitWinnerLines } from "@/core/kunit-audit";
import { useAppChain } from "@/hooks/useAppChain";
import { useKUnitAudit } from "@/hooks/useKUnit";

const amountOf = (payment: TokenMeta | null) => (v: bigint) => (payment ? formatAmount(v, payment.decimals, payment.symbol, payment.decimals) : v.toString());

export function KUnitAuditView({ id: raw }: { id: string }) {
  const id = /^\d{1,30}$/.test(raw) ? BigInt(raw) : null;
  const app = useAppChain();
  const { data, error, isPending } = useKUnitAudit(id);
  if (id === null) return <Note tone="warn">&ldquo;{raw}&rdquo; is not an auction number.</Note>;
  if (!kunitHouseOf(app.deployment)) return <Note tone="warn">No k-unit auction house is deployed on {app.chain.name} for this build.</Note>;
  if (error) return <Note tone="warn">The audit could not read the chain: {(error as Error).message.split("\n")[0]}</Note>;
  if (isPending) return <p role="status" className="muted">Reading every event of k-unit auction #{raw} and recomputing its outcome…</p>;
  const { report, history, payment } = data;
  const fmt = amountOf(payment);
  const terms = report.terms;
  const s = report.settlement;
  const sealedReserve = terms !== null && terms.sealedReserveCommitment.toLowerCase() !== ZERO_BYTES32;
  const winners = kunitWinnerLines(report, history);

  return (
    <>
      <div className="page-head">
        <h1>Audit of k-unit auction #{raw}</h1>
        <span className="actions">
          <Link className="btn" href={`/kunit/${raw}`}>Back to the auction</Link>
          <button type="button" className="btn" onClick={() => download(`audit-kunit-auction-${raw}.json`, kunitAuditToJson(report))}>Download report (JSON)</button>
        </span>
      </div>
      <VerdictBox verdict={kunitAuditVerdict(report, history.events.length)} differences={report.differences} />
      <p className="muted small">
        Read from {app.chain.name}, blocks {report.fromBlock.toString()}–{report.toBlock.toString()}
        {report.viewsChecked ? <>; the contract&apos;s views (auctionState, positionOf, topSet) were read at block {report.toBlock.toString()}</> : null}.
        The same auditor runs on the command line: <span className="mono">npx hardhat kunit:audit --auction {raw}</span>.
      </p>
      {terms && report.expected ? (
        <Card title={`Outcome: recomputed in your browser${s ? " vs. settled on chain" : " (provisional)"}`} id="outcome">
          <p className="muted small">
            <UnitLotLabel terms={terms} />; {unitFormatLabel(terms)}; bond {fmt(terms.bond)}; public floor {fmt(terms.floorReserve)} per unit
            {sealedReserve ? `; sealed reserve ${history.reserveOpening ? `opened at ${fmt(history.reserveOpening.reserve)}` : "not opened"} (window until ${formatChainTime(terms.reserveEnd)})` : ""}.
          </p>
          <div className="table-wrap">
            <table className="table" data-testid="outcome-table">
              <thead><tr><th scope="col">&nbsp;</th><th scope="col">Recomputed</th>{s ? <th scope="col">Settlement event</th> : null}</tr></thead>
              <tbody>
                {kunitOutcomeLines(report, fmt).map((l) => <CompareRow key={l.label} label={l.label} a={l.recomputed} b={s ? (l.settled ?? "—") : undefined} same={l.same} />)}
              </tbody>
            </table>
          </div>
        </Card>
      ) : null}
      {terms && report.expected ? (
        <Card title={`Winners (${report.expected.winners.length} of ${terms.units} units)`} id="audit-winners">
          {winners.length === 0 ? <p>No bid won a unit{s ? "" : " so far"}.</p> : (
            <div className="table-wrap">
              <table className="table" data-testid="winners-table">
                <thead><tr><th scope="col">Rank</th><th scope="col">Bidder</th><th scope="col">Bid</th><th scope="col">Recomputed price</th><th scope="col">Unit taken (event)</th></tr></thead>
                <tbody>
                  {winners.map((w) => (
                    <tr key={w.bidder}>
                      <td>{w.rank ?? <span className="bad">not a winner</span>}</td>
                      <td className="nowrap"><Addr address={w.bidder} /> <span className="muted small">order {w.order}</span></td>
                      <td>{w.bid === null ? "—" : fmt(w.bid)}</td>
                      <td>{w.price === null ? "—" : fmt(w.price)}</td>
                      <td>
                        {w.unit ? <>{w.unit.kind === "claimed" ? "claimed" : "delivered by the seller"} at {fmt(w.unit.price)} <OkMark ok={w.same === true} /> <TxLink hash={w.unit.transactionHash} /></>
                          : <span className="muted">{s ? "not taken yet" : "after settlement"}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      ) : null}
      {report.bidders.length > 0 ? (
        <Card title="Bidders and refunds" id="audit-bidders">
          <div className="table-wrap">
            <table className="table" data-testid="audit-bidders">
              <thead><tr><th scope="col">Order</th><th scope="col">Bidder</th><th scope="col">Deposit</th><th scope="col">Opened bid</th><th scope="col">Hashes to commitment</th><th scope="col">Gets back</th><th scope="col">Paid back so far</th><th scope="col">Contract holds now</th><th scope="col">OK</th></tr></thead>
              <tbody>
                {report.bidders.map((b) => (
                  <tr key={b.bidder}>
                    <td>{b.order}</td>
                    <td className="nowrap"><Addr address={b.bidder} />{b.won ? <span className="tag">won</span> : null}</td>
                    <td>{fmt(b.deposit)}</td>
                    <td>{b.amount === null ? <span className="muted">never opened: bond burned</span> : <>{fmt(b.amount)}{b.valid ? "" : " (invalid: above deposit)"}</>}</td>
                    <td>{b.commitmentOk === null ? "—" : b.commitmentOk ? <span className="ok">yes</span> : <span className="bad">no</span>}</td>
                    <td>{fmt(b.refund)}</td>
                    <td>{fmt(b.paid)}</td>
                    <td>{b.position ? `${(UNIT_POSITION_NAMES[b.position.status] ?? String(b.position.status)).toLowerCase()}${b.position.status === 0 ? "" : ` ${fmt(b.position.value)}`}` : "—"}</td>
                    <td><OkMark ok={b.ok} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      ) : null}
      {report.money && report.units ? (
        <Card title="Money and units accounted for" id="audit-conservation">
          <dl className="facts">
            <dt>Came in</dt><dd>{fmt(report.money.inflow)} (deposits{sealedReserve ? " + the reserve bond" : ""})</dd>
            <dt>Burned</dt><dd>{fmt(report.money.burned)}</dd>
            <dt>Bidders</dt><dd>{fmt(report.money.paidToBidders)} paid back, {fmt(report.money.heldForBidders)} still held for them</dd>
            <dt>Seller</dt><dd>{fmt(report.money.sellerTotal)} ({fmt(report.money.sellerWithdrawn)} withdrawn)</dd>
            <dt>Units</dt><dd>{report.units.total} = {report.units.sold} sold ({report.units.delivered} taken) + {report.units.unsold} unsold ({report.units.unsoldReturned} returned); {report.units.inHouse} still in the house</dd>
          </dl>
        </Card>
      ) : null}
      <EventHistory events={history.events} details={(e) => <KUnitEventDetails e={e} fmt={fmt} />} />
      <ChecksDetails checks={report.checks} />
    </>
  );
}

/** One k-unit house event in words. */
function KUnitEventDetails({ e, fmt }: { e: KUnitEvent; fmt: (v: bigint) => string }) {
  switch (e.name) {
    case "AuctionCreated": {
      const t = e.terms;
      return <><Addr address={e.seller} /> put up <UnitLotLabel terms={t} />, {unitFormatLabel(t).toLowerCase()}, bond {fmt(t.bond)}, floor {fmt(t.floorReserve)} per unit; commit until {formatChainTime(t.commitEnd)}{t.reserveEnd > 0 ? <>, sealed reserve opened until {formatChainTime(t.reserveEnd)}</> : null}, reveal until {formatChainTime(t.revealEnd)}</>;
    }
    case "AuctionCancelled": return <>cancelled by the seller before any bid; units and any reserve bond to <Addr address={e.recipient} /></>;
    case "BidCommitted": return <><Addr address={e.bidder} /> committed a sealed bid for one unit: deposit {fmt(e.deposit)}, order {e.order.toString()}, commitment <span className="mono">{e.commitment.slice(0, 12)}…</span></>;
    case "SelfOpeningAttached": return <><Addr address={e.bidder} /> attached its opening, timelock-encrypted ({(e.sealedOpening.length - 2) / 2} bytes): it opens itself once bids may be opened</>;
    case "BidRevealed":
      return (
        <>
          <Addr address={e.bidder} /> bid {fmt(e.amount)} {e.valid ? "(valid)" : "(invalid: above deposit)"}
          {e.slot === 0n ? "; it did not enter the top set" : `; it took top-set slot ${e.slot}`}
          {e.displaced !== 0n ? `, pushing out the bid of order ${e.displaced}` : null}
        </>
      );
    case "RefundDeferred": return <><Addr address={e.bidder} />&apos;s refund of {fmt(e.amount)} could not be sent in the reveal: it waits to be withdrawn</>;
    case "ReserveRevealed": return <>the seller opened its sealed reserve: {fmt(e.reserve)} per unit</>;
    case "AuctionSettled":
      return <>{e.unitsSold.toString()} unit{e.unitsSold === 1n ? "" : "s"} sold{e.unitsSold > 0n ? (e.price > 0n ? ` at ${fmt(e.price)} each` : ", each at its own bid") : ""}; effective reserve {fmt(e.effectiveReserve)}, bonds burned {fmt(e.burned)}</>;
    case "UnitClaimed": return <><Addr address={e.bidder} /> claimed its unit at {fmt(e.price)}; unit and change to <Addr address={e.recipient} /></>;
    case "UnitDelivered": return <>the seller delivered <Addr address={e.winner} />&apos;s unit at {fmt(e.price)}; its change waits to be withdrawn</>;
    case "UnsoldClaimed": return <>{e.units.toString()} unsold unit{e.units === 1n ? "" : "s"} back to <Addr address={e.recipient} /></>;
    case "ProceedsWithdrawn": return <>seller <Addr address={e.seller} /> took {fmt(e.amount)} of proceeds{e.recipient.toLowerCase() !== e.seller.toLowerCase() ? <> to <Addr address={e.recipient} /></> : null}</>;
    case "RefundWithdrawn": return <><Addr address={e.bidder} /> took its refund of {fmt(e.amount)}{e.recipient.toLowerCase() !== e.bidder.toLowerCase() ? <> to <Addr address={e.recipient} /></> : null}</>;
    default: return <span className="mono">{JSON.stringify(e, bigintReplacer)}</span>;
  }
}
