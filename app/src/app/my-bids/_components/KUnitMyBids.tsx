"use client";
import Link from "next/link";
import { serializeReceipt } from "../../../../../lib/receipt.js";
import type { KUnitSituation } from "@/chain/kunit";
import { Card, download, Note, PhaseBadge } from "@/components/bits";
import { formatAmount } from "@/core/format";
import { kunitNextStep, kunitRankOf, kunitStanding } from "@/core/kunit";
import { useTokenMeta } from "@/hooks/useAuctions";
import { useChainTime } from "@/hooks/useChainTime";
import { useAppChain } from "@/hooks/useAppChain";
import { useKUnitMyBids } from "@/hooks/useKUnit";

const URGENCY_LABEL = { act: "Action needed", wait: "Waiting", done: "Done", problem: "Check" } as const;

/** Bids in k-unit auctions whose secret this browser keeps: rank, what to do now, the receipt. */
export function KUnitMyBids() {
  const { data, error } = useKUnitMyBids();
  if (error) return <Note tone="warn">Could not read your k-unit auctions: {(error as Error).message.split("\n")[0]}</Note>;
  if (!data || data.length === 0) return null;
  return (
    <Card title="k-unit auctions" id="kunit-bids">
      <div className="table-wrap">
        <table className="table" data-testid="kunit-my-bids">
          <thead><tr><th scope="col">Auction</th><th scope="col">What</th><th scope="col">Phase</th><th scope="col">Rank</th><th scope="col">Now</th><th scope="col">Keep</th></tr></thead>
          <tbody>{data.map((s) => <Row key={`${s.secret.receipt.auctionId}-${s.secret.receipt.commitment}`} s={s} />)}</tbody>
        </table>
      </div>
    </Card>
  );
}

function Row({ s }: { s: KUnitSituation }) {
  const app = useAppChain();
  const { now } = useChainTime(app.chainId);
  const r = s.secret.receipt;
  const h = s.auction?.history;
  const terms = h?.created?.terms;
  const { data: payment } = useTokenMeta(terms?.paymentToken, "payment");
  const fmt = (v: bigint) => (payment ? formatAmount(v, payment.decimals, payment.symbol) : v.toString());
  const bidder = h?.bidders.find((b) => b.bidder.toLowerCase() === r.account.toLowerCase());
  const committedOnChain = Boolean(bidder && bidder.commitment.toLowerCase() === r.commitment.toLowerCase());
  const rank = h && terms ? kunitRankOf(kunitStanding(h), r.account) : null;
  const step = terms && now !== null && s.position ? kunitNextStep({
    phase: s.phase, now, commitEnd: terms.commitEnd, revealEnd: terms.revealEnd, position: s.position.kind, value: s.position.value,
    committedOnChain, opened: Boolean(bidder?.opening), gotUnit: Boolean(bidder?.unit), fmt,
  }) : { urgency: "problem" as const, text: "This auction could not be read on this chain." };
  return (
    <tr data-testid={`kunit-my-bid-${r.auctionId}`}>
      <td><Link href={`/kunit/${r.auctionId}`}>k-unit #{r.auctionId.toString()}</Link></td>
      <td>Bid {fmt(r.amount)} for one unit{r.deposit !== undefined ? <span className="muted small"> (deposit {fmt(r.deposit)})</span> : null}</td>
      <td><PhaseBadge phase={s.phase} /></td>
      <td>{rank ? `${rank.rank} of ${rank.ofValid}${rank.winning ? (s.phase === "settled" ? " · won" : " · winning") : ""}` : <span className="muted">—</span>}</td>
      <td className={`step-${step.urgency}`}><strong>{URGENCY_LABEL[step.urgency]}:</strong> {step.text}</td>
      <td className="links"><button type="button" className="btn btn-small" onClick={() => download(`bid-receipt-kunit-${r.auctionId}.json`, serializeReceipt(r))}>Receipt</button></td>
    </tr>
  );
}
