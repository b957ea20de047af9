"use client";
import Link from "next/link";
import { serializeReceipt } from "../../../../../lib/receipt.js";
import { Card, ChainTime, download, Note, PhaseBadge } from "@/components/bits";
import { chainById } from "@/config/chains";
import { formatAmount } from "@/core/format";
import { revealReminderIcs } from "@/core/ics";
import { useAppChain } from "@/hooks/useAppChain";
import { useChainTime } from "@/hooks/useChainTime";
import { useMyBids } from "@/hooks/useMyBids";
import { useSecrets } from "@/hooks/useSecrets";
import { useTokenMeta } from "@/hooks/useAuctions";
import type { SecretSituation } from "@/chain/my-bids";
import type { ChainBid } from "@/chain/indexer";
import { SourceNotice } from "@/components/ListControls";
import { useChainBids } from "@/hooks/useAuctionPage";
import { useKUnitMyBids } from "@/hooks/useKUnit";
import { KUnitMyBids } from "./KUnitMyBids";

const URGENCY_LABEL = { act: "Action needed", wait: "Waiting", done: "Done", problem: "Check" } as const;

export function MyBids() {
  const app = useAppChain();
  const { vault } = useSecrets();
  const { data, error, isPending } = useMyBids();
  const kunitCount = useKUnitMyBids().data?.length ?? 0;
  const total = vault.list().length;
  if (!app.account) {
    return (
      <>
        <h1>My bids</h1>
        <Note>Connect a wallet to see the bids and sealed reserves this browser keeps for it.</Note>
        {total > 0 ? <p className="muted">This browser holds {total} bid secret(s).</p> : null}
      </>
    );
  }
  const rows = data ?? [];
  const others = total - rows.length - kunitCount;
  return (
    <>
      <div className="page-head">
        <h1>My bids</h1>
        {total > 0 ? <button type="button" className="btn" onClick={() => download("auction-receipts-backup.json", vault.backup())}>Back up all receipts</button> : null}
      </div>
      <p className="lead">
        Every bid and sealed reserve whose secret this browser keeps for your account on {app.chain.name}, with what to do now.
        Secrets never leave this browser unless you download them.
      </p>
      {error ? <Note tone="warn">Could not read the chain: {(error as Error).message.split("\n")[0]}</Note> : null}
      {isPending ? <p role="status" className="muted">Reading your auctions…</p> : rows.length === 0 && kunitCount > 0 ? null : rows.length === 0 ? (
        <Card><p>No stored bids for this account yet. <Link href="/">Find an auction.</Link></p></Card>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr><th scope="col">Auction</th><th scope="col">What</th><th scope="col">Phase</th><th scope="col">Now</th><th scope="col">Keep</th></tr>
            </thead>
            <tbody>
              {rows.map((s) => <Row key={`${s.secret.receipt.auctionId}-${s.secret.receipt.role}`} s={s} />)}
            </tbody>
          </table>
        </div>
      )}
      <KUnitMyBids />
      {others > 0 ? <p className="muted small">{others} other secret(s) in this browser belong to other accounts or chains.</p> : null}
      <ChainBids />
    </>
  );
}

/** Every bid this account committed on chain, from any browser: from the indexer, or rebuilt from logs. */
function ChainBids() {
  const app = useAppChain();
  const { data, error } = useChainBids(app.account);
  return (
    <Card title="Your bids on chain" id="chain-bids">
      <SourceNotice source={data?.source} />
      {error ? <Note tone="warn">Could not read your bids: {(error as Error).message.split("\n")[0]}</Note> : !data ? <p className="muted" role="status">Reading…</p> : data.bids.length === 0 ? (
        <p>This account has not committed a bid on {app.chain.name}{app.deployment?.kunitHouse ? " (single-item auctions; k-unit bids kept in this browser are listed above)" : ""}.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="chain-bids">
            <thead><tr><th scope="col">Auction</th><th scope="col">Phase</th><th scope="col">Deposit</th><th scope="col">Opened bid</th><th scope="col">Outcome</th></tr></thead>
            <tbody>{data.bids.map((b) => <ChainBidRow key={b.bid.auctionId.toString()} b={b} />)}</tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function ChainBidRow({ b }: { b: ChainBid }) {
  const { data: payment } = useTokenMeta(b.auction.terms.paymentToken, "payment");
  const fmt = (v: bigint) => (payment ? formatAmount(v, payment.decimals, payment.symbol) : v.toString());
  const s = b.auction.settlement;
  const won = s?.winner && s.winner.toLowerCase() === b.bid.bidder.toLowerCase();
  return (
    <tr data-testid={`chain-bid-${b.bid.auctionId}`}>
      <td><Link href={`/auctions/${b.bid.auctionId}`}>#{b.bid.auctionId.toString()}</Link></td>
      <td><PhaseBadge phase={b.auction.phase} /></td>
      {/* As the auction page's BidsTable: a hidden deposit shows its bond, then what the opening swept from its vault. */}
      <td>{fmt(b.bid.deposit)}{b.bid.hidden ? <span className="muted small">{b.bid.vault ? ` + ${fmt(b.bid.swept)} from its vault` : <> + <span className="tag" data-testid={`chain-bid-${b.bid.auctionId}-hidden`}>hidden</span></>}</span> : null}</td>
      <td>{b.bid.opened ? <>{fmt(b.bid.amount ?? 0n)}{b.bid.valid ? "" : " (invalid)"}</> : <span className="muted">sealed</span>}</td>
      <td>{s ? (won ? `won at ${fmt(s.price)}` : "did not win") : b.auction.cancelled ? "cancelled" : "—"}</td>
    </tr>
  );
}

function Row({ s }: { s: SecretSituation }) {
  const app = useAppChain();
  const { now } = useChainTime(app.chainId);
  const r = s.secret.receipt;
  const { data: payment } = useTokenMeta(s.auction?.history.created?.terms.paymentToken, "payment");
  const fmt = (v: bigint) => (payment ? formatAmount(v, payment.decimals, payment.symbol) : v.toString());
  const beforeEnd = s.phase === "committing" || s.phase === "opening-reserve" || s.phase === "revealing";
  // A sealed reserve must be opened in its own window, before any bid.
  const end = r.role === "reserve" && s.reserveEnd ? s.reserveEnd : s.revealEnd;
  return (
    <tr data-testid={`my-bid-${r.auctionId}-${r.role}`}>
      <td><Link href={`/auctions/${r.auctionId}`}>#{r.auctionId.toString()}</Link></td>
      <td>{r.role === "reserve" ? `Sealed reserve ${fmt(r.amount)}` : `Bid ${fmt(r.amount)}`}{r.deposit !== undefined && r.role === "bid" ? <span className="muted small"> ({s.vault ? "bond" : "deposit"} {fmt(r.deposit)})</span> : null}
        {s.vault ? <div className="small" data-testid={`my-bid-${r.auctionId}-vault`}>Hidden deposit: vault <span className="mono" title={s.vault.address}>{s.vault.address.slice(0, 10)}…</span> holds {fmt(s.vault.holds.amount)}
          {s.vault.standing.kind === "sealed" ? (s.vault.standing.shortBy === 0n ? " (covers the bid)" : `, short by ${fmt(s.vault.standing.shortBy)}`) : s.vault.standing.kind === "opened" ? ` (swept ${fmt(s.vault.standing.swept)} at the opening)` : ""}</div> : null}</td>
      <td><PhaseBadge phase={s.phase} />{beforeEnd && end ? <div className="small muted">{r.role === "reserve" ? "reserve window ends" : "reveal ends"} <ChainTime at={end} /></div> : null}</td>
      <td className={`step-${s.step.urgency}`}><strong>{URGENCY_LABEL[s.step.urgency]}:</strong> {s.step.text}</td>
      <td className="links">
        <button type="button" className="btn btn-small" onClick={() => download(`${r.role}-receipt-auction-${r.auctionId}.json`, serializeReceipt(r))}>Receipt</button>{" "}
        {beforeEnd && end ? (
          <button type="button" className="btn btn-small" onClick={() => download(`reveal-auction-${r.auctionId}.ics`, revealReminderIcs({
            auctionId: r.auctionId, chainName: chainById(app.chainId)?.name ?? String(app.chainId), auctionHouse: r.auctionHouse,
            revealStart: s.commitEnd, revealEnd: end, url: `${window.location.origin}/auctions/${r.auctionId}`, role: r.role, stamp: now ?? s.commitEnd,
          }), "text/calendar")}>Reminder (.ics)</button>
        ) : null}
      </td>
    </tr>
  );
}
