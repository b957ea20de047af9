/**
 * What the k-unit audit page shows, arranged from lib/kunit-audit.ts's report and lib/kunit-history.ts's
 * history: the verdict, the recomputed outcome next to the settlement event, each winner's recomputed price next
 * to its unit's claim or delivery, and the report as JSON. Pure: the auditing itself is the shared lib's.
 */
import type { Address, Hex } from "viem";
import { bigintReplacer } from "../../../lib/history.js";
import type { KUnitAuditReport } from "../../../lib/kunit-audit.js";
import type { KUnitHistory } from "../../../lib/kunit-history.js";
import type { AuditVerdict } from "./audit-verdict.js";
import { unitFormatOf } from "./kunit.js";

/** The one-line verdict: "Matches." only when settled and every check and claim agrees. */
export function kunitAuditVerdict(r: KUnitAuditReport, eventCount: number): AuditVerdict {
  const n = r.checks.length;
  if (r.status === "not-found") return { tone: "bad", text: `No k-unit auction #${r.auctionId} was found in the k-unit house's events.` };
  if (!r.ok) return { tone: "bad", text: `Does not match: ${r.differences.length} difference(s) found.` };
  if (r.status === "settled") {
    return {
      tone: "ok",
      text: `Matches. The settlement and every unit claim equal the outcome your browser recomputed from ${eventCount} events, and the contract's state agrees (${n} checks).`,
    };
  }
  if (r.status === "cancelled") return { tone: "ok", text: "Cancelled before any bid; the events and the contract's state agree." };
  return { tone: "pending", text: `Not settled yet. Everything so far checks out (${n} checks): openings match their commitments, the top set follows the contract's rule and the contract's state agrees with the events.` };
}

/** One line of the recomputed-vs-settled table; `settled` is null before settlement or when the event has no such figure. */
export interface OutcomeLine {
  label: string;
  recomputed: string;
  settled: string | null;
  /** null: nothing to compare. */
  same: boolean | null;
}

function line<T>(label: string, a: T, b: T | undefined, show: (v: T) => string): OutcomeLine {
  return { label, recomputed: show(a), settled: b === undefined ? null : show(b), same: b === undefined ? null : a === b };
}

/** The outcome recomputed from the openings next to AuctionSettled's figures. */
export function kunitOutcomeLines(r: KUnitAuditReport, fmt: (v: bigint) => string): OutcomeLine[] {
  const e = r.expected;
  const t = r.terms;
  if (e === null || t === null) return [];
  const s = r.settlement;
    const count = (v: number) => String(v);
  const uniform = unitFormatOf(t) === "uniform-price";
  const forfeits = `${e.forfeitedCommitments} forfeited bid${e.forfeitedCommitments === 1 ? "" : "s"}`;
  return [
    line("Units sold", e.unitsSold, s?.unitsSold, count),
    line("Units unsold (back to the seller)", e.unsoldUnits, s ? t.units - s.unitsSold : undefined, count),
    uniform
      ? line("Uniform price (every winner pays it)", e.price, s?.price, fmt)
      : { ...line("Price in the settlement (0: pay as bid)", e.price, s?.price, fmt), recomputed: `${fmt(e.price)}: each winner pays its own bid` },
    line("Effective reserve", e.effectiveReserve, s?.effectiveReserve, fmt),
    { ...line("Bonds burned", e.burned, s?.burned, fmt), recomputed: `${fmt(e.burned)} (${forfeits})` },
    { label: "Seller receives", recomputed: fmt(e.sellerProceeds), settled: s ? "not in the event; checked by conservation" : null, same: null },
  ];
}

/** A recomputed winner next to the unit it took (UnitClaimed or UnitDelivered), or a unit that went to a non-winner. */
export interface KUnitWinnerLine {
  /** 1-based rank among the winners; null for a unit that went to a bidder the reference says lost. */
  rank: number | null;
  bidder: Address;
  order: number;
  bid: bigint | null;
  /** The recomputed price; null for a non-winner. */
  price: bigint | null;
  unit: { kind: "claimed" | "delivered"; price: bigint; recipient: Address; transactionHash: Hex } | null;
  /** The unit's price equals the recomputed one (null: the unit has not left the house yet). */
  same: boolean | null;
}

export function kunitWinnerLines(r: KUnitAuditReport, h: KUnitHistory): KUnitWinnerLine[] {
  const byBidder = new Map(h.bidders.map((b) => [b.bidder.toLowerCase(), b]));
  const unitOf = (a: Address) => {
    const u = byBidder.get(a.toLowerCase())?.unit;
    return u ? { kind: u.kind, price: u.price, recipient: u.recipient, transactionHash: u.transactionHash } : null;
  };
  const winners = r.expected?.winners ?? [];
  const lines: KUnitWinnerLine[] = winners.map((w, i) => {
    const unit = unitOf(w.bidder);
    return { rank: i + 1, bidder: w.bidder, order: w.order, bid: w.amount, price: w.price, unit, same: unit ? unit.price === w.price : null };
  });
  const won = new Set(winners.map((w) => w.bidder.toLowerCase()));
  for (const b of h.bidders) {
    if (b.unit === null || won.has(b.bidder.toLowerCase())) continue;
    lines.push({ rank: null, bidder: b.bidder, order: b.order, bid: b.opening?.amount ?? null, price: null, unit: unitOf(b.bidder), same: false });
  }
  return lines;
}

/** The report as JSON (bigints as decimal strings, the refunds map as an object), as `kunit:audit --json` writes it. */
export function kunitAuditToJson(r: KUnitAuditReport): string {
  const e = r.expected;
  return JSON.stringify({ ...r, expected: e ? { ...e, refunds: Object.fromEntries(e.refunds) } : null }, bigintReplacer, 2) + "\n";
}
