"use client";
import Link from "next/link";
import type { AuctionEvent } from "../../../../../../../lib/history.js";
import { bigintReplacer } from "../../../../../../../lib/history.js";
import { auditToJson } from "../../../../../../../lib/audit.js";
import { Addr, Card, download, Note } from "@/components/bits";
import { ChecksDetails, CompareRow, EventHistory, OkMark, VerdictBox } from "@/components/audit-bits";
import { ContractFacts } from "@/components/ContractFacts";
import { formatLabel } from "@/components/auction-bits";
import { ShillVerdict } from "@/components/ShillVerdict";
import { auditVerdict } from "@/core/audit-verdict";
import { auctionCredibility, chainKindOf } from "@/core/credible";
import { formatAmount, formatChainTime } from "@/core/format";
import { useAudit, useIndexerCheck } from "@/hooks/useAudit";
import { useAppChain } from "@/hooks/useAppChain";
import type { TokenMeta } from "@/chain/reads";
import type { IndexerCheck } from "@/core/indexer-check";

const POSITION = ["none", "sealed", "held"];

export function AuditView({ id: raw }: { id: string }) {
  const id = /^\d{1,30}$/.test(raw) ? BigInt(raw) : null;
  const app = useAppChain();
  const { data, error, isPending } = useAudit(id);
  const indexer = useIndexerCheck(id, data?.history);
  if (id === null) return <Note tone="warn">&ldquo;{raw}&rdquo; is not an auction number.</Note>;
  if (error) return <Note tone="warn">The audit could not read the chain: {(error as Error).message.split("\n")[0]}</Note>;
  if (isPending) return <p role="status" className="muted">Reading every event of auction #{raw} and recomputing its outcome…</p>;
  const { report, history, payment } = data;
  const fmt = (v: bigint) => (payment ? formatAmount(v, payment.decimals, payment.symbol, payment.decimals) : v.toString());
  const exp = report.expected;
  const s = report.settlement;
  const terms = report.terms;

  const verdict = auditVerdict(report);

  return (
    <>
      <div className="page-head">
        <h1>Audit of auction #{raw}</h1>
        <span className="actions">
          <Link className="btn" href={`/auctions/${raw}`}>Back to the auction</Link>
          <button type="button" className="btn" onClick={() => download(`audit-auction-${raw}.json`, auditToJson(report))}>Download report (JSON)</button>
        </span>
      </div>
      <VerdictBox verdict={verdict} differences={report.differences} />
      <IndexerCheckNote check={indexer.data} error={indexer.error} />
      <p className="muted small">Read from {app.chain.name}, blocks {report.fromBlock.toString()}–{report.toBlock.toString()}; the contract&apos;s views were read at block {report.toBlock.toString()}.</p>
      {terms ? (
        <Card title="Shill-proofness of the terms" id="audit-shill">
          <ShillVerdict credibility={auctionCredibility(terms, chainKindOf(app.local), fmt)} testId="audit-shill-verdict" />
        </Card>
      ) : null}
      {terms && exp ? (
        <Card title={`Outcome: recomputed in your browser${s ? " vs. settled on chain" : " (provisional)"}`} id="outcome">
          <p className="muted small">{formatLabel(terms)}; bond {fmt(terms.bond)}; public floor {fmt(terms.floorReserve)}{terms.sealedReserveCommitment !== `0x${"00".repeat(32)}` ? `; sealed reserve ${history.reserveOpening ? `opened at ${fmt(history.reserveOpening.reserve)}` : "not opened"} (window until ${formatChainTime(terms.reserveEnd)})` : ""}.</p>
          <div className="table-wrap">
            <table className="table" data-testid="outcome-table">
              <thead><tr><th scope="col">&nbsp;</th><th scope="col">Recomputed</th>{s ? <th scope="col">Settlement event</th> : null}</tr></thead>
              <tbody>
                <CompareRow label="Winner" a={exp.winner ? <Addr address={exp.winner} /> : "none (unsold)"} b={s ? (s.winner ? <Addr address={s.winner} /> : "none (unsold)") : undefined} same={!s || (exp.winner ?? "").toLowerCase() === (s.winner ?? "").toLowerCase()} />
                <CompareRow label="Price" a={fmt(exp.price)} b={s ? fmt(s.price) : undefined} same={!s || exp.price === s.price} />
                <CompareRow label="Effective reserve" a={fmt(exp.effectiveReserve)} b={s ? fmt(s.effectiveReserve) : undefined} same={!s || exp.effectiveReserve === s.effectiveReserve} />
                <CompareRow label="Bonds burned" a={`${fmt(exp.burned)} (${exp.forfeitedCommitments} forfeited bid${exp.forfeitedCommitments === 1 ? "" : "s"}${terms.sealedReserveCommitment !== `0x${"00".repeat(32)}` && !history.reserveOpening ? " + the unopened reserve" : ""})`} b={s ? fmt(s.burned) : undefined} same={!s || exp.burned === s.burned} />
                <CompareRow label="Seller receives" a={`${fmt(exp.sellerProceeds)} (price${terms.sealedReserveCommitment !== `0x${"00".repeat(32)}` && history.reserveOpening ? " + reserve bond back" : ""})`} b={s ? <span className="muted">not in the event; checked against proceedsOf</span> : undefined} same={null} />
              </tbody>
            </table>
          </div>
        </Card>
      ) : null}
      {report.bidders.length > 0 ? (
        <Card title="Bidders" id="audit-bidders">
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th scope="col">Order</th><th scope="col">Bidder</th><th scope="col">Deposit</th><th scope="col">Opened bid</th><th scope="col">Opening hashes to commitment</th><th scope="col">Gets back</th><th scope="col">Contract holds now</th><th scope="col">OK</th></tr></thead>
              <tbody>
                {report.bidders.map((b) => (
                  <tr key={b.bidder}>
                    <td>{b.order}</td>
                    <td><Addr address={b.bidder} /></td>
                    <td>{fmt(b.deposit)}{b.hidden ? <span className="muted small">{b.amount === null ? " + hidden vault" : ` + ${fmt(b.swept)} from its vault`}</span> : null}</td>
                    <td>{b.amount === null ? <span className="muted">never opened</span> : <>{fmt(b.amount)}{b.valid ? "" : " (invalid)"}</>}</td>
                    <td>{b.commitmentOk === null ? "—" : b.commitmentOk ? <span className="ok">yes</span> : <span className="bad">no</span>}</td>
                    <td>{fmt(b.refund)}</td>
                    <td>{b.position ? `${POSITION[b.position.status]}${b.position.status === 2 ? ` ${fmt(b.position.value)}` : ""}` : "—"}</td>
                    <td><OkMark ok={b.ok} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      ) : null}
      <EventHistory events={history.events} details={(e) => <EventDetails e={e} payment={payment} />} />
      <ChecksDetails checks={report.checks} />
      <ContractFacts />
    </>
  );
}

function EventDetails({ e, payment }: { e: AuctionEvent; payment: TokenMeta | null }) {
  const fmt = (v: bigint) => (payment ? formatAmount(v, payment.decimals, payment.symbol, payment.decimals) : v.toString());
  switch (e.name) {
    case "AuctionCreated": return <>seller <Addr address={e.seller} />, bond {fmt(e.terms.bond)}, commit until {formatChainTime(e.terms.commitEnd)}{e.terms.reserveEnd > 0 ? <>, sealed reserve (nonce {e.terms.reserveNonce.toString()}) opened until {formatChainTime(e.terms.reserveEnd)}</> : null}, reveal until {formatChainTime(e.terms.revealEnd)}</>;
    case "AuctionCancelled": return <>cancelled by the seller; lot and any reserve bond to <Addr address={e.recipient} /></>;
    case "BidCommitted": return <><Addr address={e.bidder} /> deposit {fmt(e.deposit)}, order {e.order.toString()}, commitment <span className="mono">{e.commitment.slice(0, 12)}…</span></>;
    case "SelfOpeningAttached": return <><Addr address={e.bidder} /> attached its opening, timelock-encrypted ({(e.sealedOpening.length - 2) / 2} bytes): it opens itself once bids may be opened</>;
    case "BidRevealed": return <><Addr address={e.bidder} /> bid {fmt(e.amount)} {e.valid ? "(valid)" : "(invalid: above deposit)"}, salt <span className="mono">{e.salt.slice(0, 12)}…</span></>;
    case "RefundDeferred": return <><Addr address={e.bidder} /> refund of {fmt(e.amount)} deferred</>;
    case "ReserveRevealed": return <>sealed reserve {fmt(e.reserve)}</>;
    case "AuctionSettled": return <>winner {e.winner.toLowerCase() === "0x0000000000000000000000000000000000000000" ? "none" : <Addr address={e.winner} />}, price {fmt(e.price)}, effective reserve {fmt(e.effectiveReserve)}, burned {fmt(e.burned)}</>;
    case "LotClaimed": return <><Addr address={e.owner} /> to <Addr address={e.recipient} /></>;
    case "ProceedsWithdrawn": return <><Addr address={e.seller} /> took {fmt(e.amount)}</>;
    case "RefundWithdrawn": return <><Addr address={e.bidder} /> took {fmt(e.amount)}</>;
    case "DepositHidden": return <>the commitment just above posted only its bond: the rest of its deposit is in its vault</>;
    case "VaultSwept": return <><Addr address={e.bidder} />'s vault <Addr address={e.vault} /> swept: {fmt(e.collateral)} counted as deposit</>;
    case "VaultSetAside": return <><Addr address={e.bidder} />: {fmt(e.amount)}{e.ethAmount > 0n ? ` and ${e.ethAmount} wei ETH` : ""} set aside for recovery</>;
    case "VaultRecovered": return <><Addr address={e.bidder} /> recovered {fmt(e.amount)}{e.ethAmount > 0n ? ` and ${e.ethAmount} wei ETH` : ""} from vault <Addr address={e.vault} /> to <Addr address={e.recipient} /></>;
    default: return <span className="mono">{JSON.stringify(e, bigintReplacer)}</span>;
  }
}

/** The indexer's record against the logs read here: agreement, the differences, or why it was not compared. */
function IndexerCheckNote({ check, error }: { check: IndexerCheck | undefined; error: Error | null }) {
  if (error) return <div data-testid="indexer-check"><Note tone="warn">The indexer could not be asked about this auction ({error.message.split("\n")[0]}); the audit above does not depend on it.</Note></div>;
  if (!check) return null;
  if (!check.compared) return <p className="muted small" data-testid="indexer-check">The indexer is ahead of the logs read here (block {check.block.toString()}); it was not compared.</p>;
  if (check.differences.length === 0) return <p className="muted small" data-testid="indexer-check">The indexer agrees with these events (compared at block {check.block.toString()}).</p>;
  return (
    <div data-testid="indexer-check">
      <Note tone="warn">
        <strong>The indexer disagrees with the contract&apos;s events</strong> (compared at block {check.block.toString()}); lists served by it may be wrong:
        <ul>{check.differences.map((d) => <li key={d}>{d}</li>)}</ul>
      </Note>
    </div>
  );
}
