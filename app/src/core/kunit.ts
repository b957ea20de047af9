/**
 * What a k-unit auction page shows, derived from its logs: the standing outcome (computeUnitOutcome in
 * lib/auction.ts over the openings so far), units left, the standing clearing price, an account's rank, the
 * reveal hint (lib/top-set.ts from the latest logs), the contract's position status and what to do next.
 * Pure: no React, no chain access. Every rule is the shared lib's; this only arranges its answers.
 */
import type { Address } from "viem";
import { computeUnitOutcome, UNIT_FORMATS, UNIT_LOT_KINDS, type UnitAuctionTerms, type UnitOutcome } from "../../../lib/auction.js";
import { kUnitBidderOf, topSetOf, unitOutcomeInputOf, type KUnitHistory } from "../../../lib/kunit-history.js";
import { formatDuration, type PhaseName } from "./phase.js";

/** The contract's `PositionStatus` enum, in order. */
export const KUNIT_POSITIONS = ["none", "sealed", "owed", "ranked", "displaced"] as const;
export type KUnitPositionKind = (typeof KUNIT_POSITIONS)[number];

export const kunitPositionKind = (status: number): KUnitPositionKind => KUNIT_POSITIONS[status] ?? "none";

export const UNIT_FORMAT_LABEL = { "uniform-price": "Uniform price", "pay-as-bid": "Pay as bid" } as const;

export function unitFormatOf(terms: Pick<UnitAuctionTerms, "format">) {
  return UNIT_FORMATS[terms.format] ?? "uniform-price";
}

export function unitLotKindOf(terms: Pick<UnitAuctionTerms, "lotKind">) {
  return UNIT_LOT_KINDS[terms.lotKind] ?? "erc1155";
}

/** One sentence on how winners pay. */
export function unitFormatRule(terms: Pick<UnitAuctionTerms, "format" | "units">): string {
  return unitFormatOf(terms) === "uniform-price"
    ? `the ${terms.units} highest valid bids at or above the reserve win one unit each, and every winner pays the same price: the highest losing bid, or the reserve if higher.`
    : `the ${terms.units} highest valid bids at or above the reserve win one unit each, and each winner pays its own bid.`;
}

export interface KUnitStanding {
  outcome: UnitOutcome;
  opened: number;
  sealed: number;
  /** Units the openings so far would sell; after settlement, the units sold. */
  unitsTaken: number;
  /** Units not taken yet (before settlement) or unsold (after). */
  unitsLeft: number;
  /**
   * Uniform price: what every winner would pay if the auction settled now (null before any opening or while
   * no unit would sell). Pay-as-bid: null.
   */
  clearingPrice: bigint | null;
  /** The lowest bid that would win a unit now (null while none would). */
  lowestWinning: bigint | null;
}

/**
 * The standing outcome from the openings so far. Unopened bids are left out (they cannot win unless opened);
 * after settlement the AuctionSettled event's figures are the outcome.
 */
export function kunitStanding(h: KUnitHistory): KUnitStanding {
  const terms = h.created!.terms;
  const outcome = computeUnitOutcome(unitOutcomeInputOf(h));
  const opened = h.bidders.filter((b) => b.opening !== null).length;
  const s = h.settlement;
  const unitsTaken = s ? s.unitsSold : outcome.unitsSold;
  const uniform = unitFormatOf(terms) === "uniform-price";
  const clearingPrice = s ? (uniform && s.unitsSold > 0 ? s.price : null) : uniform && opened > 0 && outcome.unitsSold > 0 ? outcome.price : null;
  return {
    outcome,
    opened,
    sealed: h.bidders.length - opened,
    unitsTaken,
    unitsLeft: terms.units - unitsTaken,
    clearingPrice,
    lowestWinning: outcome.winners.at(-1)?.amount ?? null,
  };
}

export interface KUnitRank {
  /** 1-based rank among the valid opened bids (ties to the earlier commitment). */
  rank: number;
  ofValid: number;
  winning: boolean;
  /** What this bid pays if the auction settled now: the uniform price or its bid. */
  price: bigint | null;
}

/** The account's rank among the opened valid bids, or null when its bid is not open (or not valid). */
export function kunitRankOf(standing: KUnitStanding, account: Address | undefined): KUnitRank | null {
  if (!account) return null;
  const i = standing.outcome.ranked.findIndex((b) => b.bidder.toLowerCase() === account.toLowerCase());
  if (i < 0) return null;
  const w = standing.outcome.winners.find((b) => b.bidder.toLowerCase() === account.toLowerCase());
  return { rank: i + 1, ofValid: standing.outcome.ranked.length, winning: w !== undefined, price: w?.price ?? null };
}

/**
 * The hint an opening of `bidder`'s bid of `amount` needs on the set these logs leave: the slot of the member
 * that will rank just below it (0: none, or an invalid bid that never enters).
 */
export function kunitRevealHint(h: KUnitHistory, bidder: Address, amount: bigint): { hint: bigint; deposit: bigint; order: bigint } | null {
  const b = kUnitBidderOf(h, bidder);
  if (!b) return null;
  const valid = amount <= b.deposit;
  const hint = valid ? topSetOf(h).hintFor({ amount, order: b.order }) : 0;
  return { hint: BigInt(hint), deposit: b.deposit, order: BigInt(b.order) };
}

export interface KUnitNextStep {
  urgency: "act" | "wait" | "done" | "problem";
  text: string;
}

/** What the holder of a stored bid (or any bidder, from its position) should do now. */
export function kunitNextStep(s: {
  phase: PhaseName;
  now: number;
  commitEnd: number;
  revealEnd: number;
  position: KUnitPositionKind;
  value: bigint;
  committedOnChain: boolean;
  opened: boolean;
  gotUnit: boolean;
  fmt: (v: bigint) => string;
}): KUnitNextStep {
  if (!s.committedOnChain) {
    return s.phase === "committing" ? { urgency: "problem", text: "This secret is not your commitment on chain: it was never sent or was replaced." } : { urgency: "done", text: "Not your commitment on chain." };
  }
  if (s.gotUnit) return { urgency: "done", text: "You won a unit and received it with your change." };
  switch (s.position) {
    case "sealed":
      if (s.phase === "committing") return { urgency: "wait", text: `Reveal in the reveal window, which opens in ${formatDuration(s.commitEnd - s.now)}.` };
      if (s.phase === "opening-reserve") return { urgency: "wait", text: "Reveal once the seller's sealed reserve is open or its window ends." };
      if (s.phase === "revealing") return { urgency: "act", text: `Reveal your bid: the reveal window closes in ${formatDuration(s.revealEnd - s.now)}.` };
      return { urgency: "act", text: "Not opened in time: withdraw your deposit less the burned bond." };
    case "ranked":
      return s.phase === "settled"
        ? { urgency: "act", text: "You won a unit: claim it with your change." }
        : { urgency: "wait", text: "Your bid ranks among the top units: its deposit is held until settlement." };
    case "owed":
    case "displaced":
      return { urgency: "act", text: `Withdraw your refund of ${s.fmt(s.value)}${s.position === "displaced" ? ": higher bids pushed yours out of the top units" : ""}.` };
    default:
      return s.opened ? { urgency: "done", text: "Done: your bid did not win and its deposit came back." } : { urgency: "done", text: "Nothing held for you." };
  }
}
