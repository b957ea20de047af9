/**
 * The k-unit auditor: lib/audit.ts's three steps for a k-unit auction (contracts/KUnitAuctionHouse.sol).
 *
 *  1. every opening hashes to its bidder's last commitment, the sealed-reserve opening to the reserve commitment;
 *     the top set replayed from the openings (lib/top-set.ts) is the k highest valid bids;
 *  2. the outcome recomputed by the shared reference (lib/auction.ts computeUnitOutcome) equals AuctionSettled
 *     (units sold, price, effective reserve, burned bonds) and every unit's claim or delivery (winner, price);
 *     money and units are conserved: deposits (+ the reserve bond) = burned + paid out + still held, and
 *     units = sold + unsold, none leaving twice. A hidden-deposit bid (rule 16) counts with its effective deposit,
 *     bond + what its opening swept (lib/history.ts effectiveDeposit), everywhere, and its swept vault must be
 *     the one its salt derives (lib/vault.ts);
 *  3. the contract's views (auctionState, positionOf), read at the last scanned block, equal what the logs imply.
 *
 * Any disagreement becomes a plain sentence in `differences`. viem only, no Hardhat.
 */
import type { Address, PublicClient } from "viem";
import {
  bidCommitment, computeUnitOutcome, hashUnitTerms, positionDigest, reserveCommitment, ZERO_BYTES32,
  type UnitAuctionTerms, type UnitOutcome,
} from "./auction.js";
import type { AuditCheck } from "./audit.js";
import { effectiveDeposit } from "./history.js";
import { kUnitAuctionHouseAbi } from "./kunit-abi.js";
import { unitOutcomeInputOf, type KUnitBidder, type KUnitHistory, type KUnitSettlement } from "./kunit-history.js";
import { hiddenPositionDigest, vaultAddress } from "./vault.js";

/** The k-unit house's `PositionStatus` enum. */
export const UNIT_POSITION = { None: 0, Sealed: 1, Owed: 2, Ranked: 3, Displaced: 4 } as const;
export const UNIT_POSITION_NAMES = ["None", "Sealed", "Owed", "Ranked", "Displaced"] as const;

/** The contract's `auctionState`, as viem decodes it (the fields the auditor compares). */
export interface KUnitStateView {
  phase: number;
  termsHash: `0x${string}`;
  reserveOpened: boolean;
  openedReserve: bigint;
  commitCount: number;
  openCount: number;
  forfeitCount: number;
  units: number;
  unitsFree: number;
  threshold: bigint;
  settled: boolean;
  price: bigint;
  releasedProceeds: bigint;
  unsoldClaimed: boolean;
}

export interface KUnitViews {
  blockNumber: bigint;
  state: KUnitStateView;
  /** positionOf for every committed bidder, keyed by lower-case address. */
  positions: Map<string, { status: number; value: bigint }>;
  /** The `topSet` view's commit orders from the lowest member up (complete until the first unit leaves). */
  topSetOrders?: number[];
}

export interface KUnitBidderRow {
  order: number;
  bidder: Address;
  /** The public deposit (BidCommitted); a hidden-deposit bid's effective deposit is deposit + swept. */
  deposit: bigint;
  hidden: boolean;
  swept: bigint;
  amount: bigint | null;
  valid: boolean | null;
  commitmentOk: boolean | null;
  /** Won a unit, and its price. */
  won: boolean;
  price: bigint | null;
  /** What the bidder gets back of its deposit in the end (reference outcome). */
  refund: bigint;
  /** Paid to it so far, from the logs (pushed in its reveal, withdrawn, a claim's change). */
  paid: bigint;
  expectedPosition: { status: number; value: bigint };
  position: { status: number; value: bigint } | null;
  ok: boolean;
}

export interface KUnitAuditReport {
  chainId: number;
  auctionHouse: Address;
  auctionId: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  status: "not-found" | "cancelled" | "unsettled" | "settled";
  terms: UnitAuctionTerms | null;
  expected: UnitOutcome | null;
  settlement: KUnitSettlement | null;
  bidders: KUnitBidderRow[];
  /** Money: what came in (deposits, reserve bond) and where it is now; units: where they are now. */
  money: { inflow: bigint; burned: bigint; paidToBidders: bigint; heldForBidders: bigint; sellerTotal: bigint; sellerWithdrawn: bigint; sellerReleased: bigint } | null;
  units: { total: number; sold: number; unsold: number; delivered: number; unsoldReturned: number; inHouse: number } | null;
  checks: AuditCheck[];
  differences: string[];
  anomalies: string[];
  viewsChecked: boolean;
  ok: boolean;
}

const NONE = { status: UNIT_POSITION.None, value: 0n };

/** What the bidder's reveal pushed (a bid that did not enter and whose refund was not deferred). */
function pushedAtReveal(b: KUnitBidder, bond: bigint): bigint {
  const o = b.opening;
  if (o === null || o.slot !== 0 || b.deferred !== 0n) return 0n;
  const deposit = effectiveDeposit(b);
  return o.amount <= deposit ? deposit : deposit - bond;
}

/** The position the contract must hold for this bidder now, from the logs alone. */
export function expectedKUnitPosition(b: KUnitBidder, h: KUnitHistory): { status: number; value: bigint } {
  const withdrawn = b.withdrawals.length > 0;
  const o = b.opening;
  if (o === null) {
    const digest = positionDigest(b.commitment, b.deposit, b.order);
    return withdrawn ? NONE : { status: UNIT_POSITION.Sealed, value: BigInt(b.hidden ? hiddenPositionDigest(digest) : digest) };
  }
  const deposit = effectiveDeposit(b);
  if (o.slot === 0) return b.deferred !== 0n && !withdrawn ? { status: UNIT_POSITION.Owed, value: b.deferred } : NONE;
  if (b.displacedBy !== null) return withdrawn ? NONE : { status: UNIT_POSITION.Displaced, value: deposit };
  if (b.unit === null) return { status: UNIT_POSITION.Ranked, value: deposit };
  if (b.unit.kind === "claimed") return NONE;
  const change = deposit - b.unit.price;
  return change === 0n || withdrawn || h.settlement === null ? NONE : { status: UNIT_POSITION.Owed, value: change };
}

export interface KUnitAuditOptions {
  formatAmount?: (amount: bigint) => string;
}

/** Audits a k-unit auction's history, and the contract's views when given. Pure. */
export function auditKUnitHistory(h: KUnitHistory, views: KUnitViews | null, o: KUnitAuditOptions = {}): KUnitAuditReport {
  const fmt = o.formatAmount ?? ((x: bigint) => x.toString());
  const checks: AuditCheck[] = [];
  const differences: string[] = [...h.anomalies.map((a) => `impossible sequence: ${a}`)];
  const check = (name: string, expected: unknown, actual: unknown, amount = false) => {
    const show = (v: unknown) => (amount && typeof v === "bigint" ? fmt(v) : String(v));
    const ok = expected === actual;
    checks.push({ check: name, expected: show(expected), actual: show(actual), ok, amount });
    if (!ok) differences.push(`${name}: expected ${show(expected)}, found ${show(actual)}`);
    return ok;
  };
  const base: KUnitAuditReport = {
    chainId: h.chainId, auctionHouse: h.auctionHouse, auctionId: h.auctionId, fromBlock: h.fromBlock, toBlock: h.toBlock,
    status: "not-found", terms: null, expected: null, settlement: h.settlement, bidders: [], money: null, units: null,
    checks, differences, anomalies: h.anomalies, viewsChecked: views !== null, ok: false,
  };
  if (h.created === null) {
    differences.push(`auction ${h.auctionId} has no AuctionCreated log in blocks ${h.fromBlock}–${h.toBlock}`);
    return base;
  }
  const t = h.created.terms;
  base.terms = t;
  base.status = h.cancelled ? "cancelled" : h.settlement ? "settled" : "unsettled";
  const domain = { chainId: h.chainId, auctionHouse: h.auctionHouse, auctionId: h.auctionId };
  const sealed = t.sealedReserveCommitment.toLowerCase() !== ZERO_BYTES32;

  // 1. Openings against commitments; the reserve against its commitment.
  if (h.reserveOpening !== null && sealed) {
    const c = reserveCommitment({ chainId: h.chainId, auctionHouse: h.auctionHouse, nonce: t.reserveNonce }, t.seller, h.reserveOpening.reserve, h.reserveOpening.salt);
    check("sealed reserve opening matches its commitment", t.sealedReserveCommitment.toLowerCase(), c.toLowerCase());
  }
  let outcome: UnitOutcome;
  try {
    outcome = computeUnitOutcome(unitOutcomeInputOf(h));
  } catch (e) {
    differences.push(`the logs do not make an auction the reference can compute: ${(e as Error).message}`);
    return base;
  }
  base.expected = outcome;
  const winners = new Map(outcome.winners.map((w) => [w.bidder.toLowerCase(), w]));
  const rows: KUnitBidderRow[] = [];
  let paidToBidders = 0n;
  let heldForBidders = 0n;
  let delivered = 0;
  for (const b of h.bidders) {
    const commitmentOk = b.opening === null ? null : bidCommitment(domain, b.bidder, b.opening.amount, b.opening.salt).toLowerCase() === b.commitment.toLowerCase();
    if (commitmentOk === false) differences.push(`${b.bidder}'s opening (${fmt(b.opening!.amount)}) does not hash to its commitment ${b.commitment}`);
    const deposit = effectiveDeposit(b);
    let vaultOk = true;
    if (b.vault !== null && b.opening !== null) {
      const derived = vaultAddress(domain, b.bidder, b.opening.salt, t.paymentToken);
      vaultOk = check(`vault of ${b.bidder} (derived from its salt)`, derived.toLowerCase(), b.vault.vault.toLowerCase());
    }
    const w = winners.get(b.bidder.toLowerCase());
    const paid =
      pushedAtReveal(b, t.bond) +
      b.withdrawals.reduce((s, x) => s + x.amount, 0n) +
      (b.unit?.kind === "claimed" ? deposit - b.unit.price : 0n);
    const expectedPosition = expectedKUnitPosition(b, h);
    // What the house still holds for the bidder (a ranked winner's deposit less its price: the price is the seller's).
    const held =
      expectedPosition.status === UNIT_POSITION.Sealed ? b.deposit - t.bond
      : expectedPosition.status === UNIT_POSITION.Ranked ? deposit - (w?.price ?? 0n)
      : expectedPosition.value;
    const refund = outcome.refunds.get(b.bidder) ?? 0n;
    let ok = commitmentOk !== false && vaultOk;
    if (b.unit !== null) {
      delivered += 1;
      if (w === undefined) {
        differences.push(`${b.bidder} got a unit but did not win one`);
        ok = false;
      } else if (b.unit.price !== w.price) {
        differences.push(`${b.bidder}'s unit was paid ${fmt(b.unit.price)}, the reference price is ${fmt(w.price)}`);
        ok = false;
      }
    }
    if (h.settlement !== null && paid + held !== refund) {
      differences.push(`${b.bidder} is owed ${fmt(refund)} of its deposit: ${fmt(paid)} paid and ${fmt(held)} held`);
      ok = false;
    }
    if (paid > refund) {
      differences.push(`${b.bidder} was paid ${fmt(paid)}, more than the ${fmt(refund)} it is owed`);
      ok = false;
    }
    const position = views?.positions.get(b.bidder.toLowerCase()) ?? null;
    if (views !== null) {
      const p = position ?? NONE;
      if (p.status !== expectedPosition.status || p.value !== expectedPosition.value) {
        differences.push(
          `positionOf(${b.bidder}) is ${UNIT_POSITION_NAMES[p.status] ?? p.status} ${p.value}, the logs imply ${UNIT_POSITION_NAMES[expectedPosition.status]} ${expectedPosition.value}`,
        );
        ok = false;
      }
    }
    paidToBidders += paid;
    heldForBidders += held;
    rows.push({
      order: b.order, bidder: b.bidder, deposit: b.deposit, hidden: b.hidden, swept: b.swept, amount: b.opening?.amount ?? null,
      valid: b.opening ? b.opening.amount <= deposit : null,
      commitmentOk, won: w !== undefined, price: w?.price ?? null, refund, paid, expectedPosition, position, ok,
    });
  }
  base.bidders = rows;

  // The top set kept while revealing is the reference's winners.
  if (h.topSet !== null) {
    const kept = h.topSet.members().map((m) => m.order).sort((a, b) => a - b).join(",");
    const best = outcome.winners.map((w) => w.order).sort((a, b) => a - b).join(",");
    check("top set replayed from the openings = the k highest valid bids (commit orders)", best, kept);
  }

  // 2. The settlement against the reference, then conservation.
  const s = h.settlement;
  const reserveBondBack = sealed && h.reserveOpening !== null ? t.bond : 0n;
  // Vault collateral counts once swept; what a sweep set aside, or a recovery took, is the bidder's and not the
  // auction's (recoverVault pays it straight back), so it stays out of the auction's money.
  const inflow = h.bidders.reduce((x, b) => x + effectiveDeposit(b), 0n) + (sealed ? t.bond : 0n);
  if (s !== null) {
    check("units sold", outcome.unitsSold, s.unitsSold);
    check("uniform price (0 for pay-as-bid)", outcome.price, s.price, true);
    check("effective reserve", outcome.effectiveReserve, s.effectiveReserve, true);
    check("bonds burned", outcome.burned, s.burned, true);
    const sellerTotal = outcome.winners.reduce((x, w) => x + w.price, 0n) + reserveBondBack;
    const sellerWithdrawn = h.proceedsWithdrawals.reduce((x, p) => x + p.amount, 0n);
    const releasedPrices = h.bidders.reduce((x, b) => x + (b.unit?.price ?? 0n), 0n);
    const sellerReleased = releasedPrices + reserveBondBack - sellerWithdrawn;
    if (sellerReleased < 0n) differences.push(`the seller withdrew ${fmt(sellerWithdrawn)}, more than the ${fmt(releasedPrices + reserveBondBack)} released to it`);
    base.money = { inflow, burned: s.burned, paidToBidders, heldForBidders, sellerTotal, sellerWithdrawn, sellerReleased };
    check("money conserved: deposits (hidden ones with their swept collateral) + reserve bond = burned + bidders' refunds (paid and held) + seller's proceeds", inflow, s.burned + paidToBidders + heldForBidders + sellerTotal, true);
    const unsoldReturned = h.unsoldClaims.reduce((x, u) => x + u.units, 0);
    for (const u of h.unsoldClaims) check("unsold units returned", t.units - s.unitsSold, u.units);
    base.units = { total: t.units, sold: s.unitsSold, unsold: t.units - s.unitsSold, delivered, unsoldReturned, inHouse: t.units - delivered - unsoldReturned };
    if (delivered > s.unitsSold) differences.push(`${delivered} units were claimed or delivered, but only ${s.unitsSold} sold`);
    if (unsoldReturned > t.units - s.unitsSold) differences.push(`${unsoldReturned} units went back to the seller, but only ${t.units - s.unitsSold} were unsold`);
  } else if (h.bidders.some((b) => b.unit !== null) || h.unsoldClaims.length > 0) {
    differences.push("units left the house before settlement");
  }

  // 3. The contract's views.
  if (views !== null) {
    const v = views.state;
    check("terms hash (auctionState.termsHash)", hashUnitTerms(t).toLowerCase(), v.termsHash.toLowerCase());
    check("commitments (auctionState.commitCount)", h.bidders.length, Number(v.commitCount));
    check("openings (auctionState.openCount)", h.bidders.filter((b) => b.opening !== null).length, Number(v.openCount));
    check("over-deposit openings (auctionState.forfeitCount)", h.bidders.filter((b) => b.opening !== null && b.opening.amount > effectiveDeposit(b)).length, Number(v.forfeitCount));
    check("reserve opened (auctionState.reserveOpened)", h.reserveOpening !== null, v.reserveOpened);
    if (h.reserveOpening !== null) check("opened reserve (auctionState.openedReserve)", h.reserveOpening.reserve, v.openedReserve, true);
    check("settled (auctionState.settled)", s !== null, v.settled);
    const noUnitLeft = h.bidders.every((b) => b.unit === null);
    if (views.topSetOrders !== undefined && noUnitLeft) {
      check("top set members, lowest first (topSet view)", (h.topSet?.members() ?? []).map((m) => m.order).join(","), views.topSetOrders.join(","));
    }
    if (h.topSet !== null) {
      check("top set size (units − auctionState.unitsFree)", h.topSet.size, Number(v.units) - Number(v.unitsFree));
      check("threshold (auctionState.threshold)", h.topSet.threshold, v.threshold, true);
    }
    if (s !== null) {
      check("price (auctionState.price)", s.price, v.price, true);
      check("released proceeds (auctionState.releasedProceeds)", base.money!.sellerReleased, v.releasedProceeds, true);
      check("unsold units claimed (auctionState.unsoldClaimed)", h.unsoldClaims.length > 0, v.unsoldClaimed);
    }
  }
  base.ok = differences.length === 0;
  return base;
}

/** Reads auctionState and every committed bidder's positionOf at `blockNumber`. */
export async function readKUnitViews(client: PublicClient, h: KUnitHistory, blockNumber: bigint = h.toBlock): Promise<KUnitViews> {
  const read = (functionName: string, args: readonly unknown[]) =>
    client.readContract({ address: h.auctionHouse, abi: kUnitAuctionHouseAbi, functionName, args, blockNumber } as never) as Promise<unknown>;
  const state = (await read("auctionState", [h.auctionId])) as KUnitStateView;
  const positions = new Map<string, { status: number; value: bigint }>();
  // 64 reads in flight at a time (a client with batching configured sends them as one request).
  for (let i = 0; i < h.bidders.length; i += 64) {
    const chunk = h.bidders.slice(i, i + 64);
    const read64 = await Promise.all(chunk.map((b) => read("positionOf", [h.auctionId, b.bidder]) as Promise<[number, bigint]>));
    chunk.forEach((b, j) => positions.set(b.bidder.toLowerCase(), { status: Number(read64[j][0]), value: read64[j][1] }));
  }
  const [, orders] = (await read("topSet", [h.auctionId])) as [bigint[], bigint[], bigint[]];
  return { blockNumber, topSetOrders: orders.map(Number), state: { ...state, phase: Number(state.phase), units: Number(state.units), unitsFree: Number(state.unitsFree) }, positions };
}
