/**
 * Monte-Carlo auctions. Two interchangeable ways to settle a simulated auction:
 *  - reference: the shared rules, `computeOutcome` of lib/auction.ts, on integer amounts (value × 10^12);
 *  - fast: the same rules on plain numbers without allocation, for large runs. The rules: the highest bid
 *    wins if it is ≥ the reserve, ties go to the lowest index (earliest commitment); second price pays
 *    max(second-highest bid, reserve), first price pays its own bid.
 * Tests check that both agree auction by auction.
 */
import { computeOutcome, type Format, type OutcomeInput } from "../auction.js";
import type { Distribution } from "./distributions.js";
import { createRng } from "./random.js";
import { firstPriceBid } from "./revenue.js";

/** Integer amounts per unit of value in the reference path. */
export const AMOUNT_SCALE = 1e12;

export function toAmount(value: number): bigint {
  return BigInt(Math.round(value * AMOUNT_SCALE));
}

export function fromAmount(amount: bigint): number {
  return Number(amount) / AMOUNT_SCALE;
}

export interface Estimate {
  mean: number;
  /** Sample standard deviation of one draw. */
  sd: number;
  count: number;
  /** mean ± 1.96·sd/√count. */
  ci95: [number, number];
}

export function estimateFrom(sum: number, sumOfSquares: number, count: number): Estimate {
  const mean = sum / count;
  const variance = count > 1 ? Math.max(0, (sumOfSquares - count * mean * mean) / (count - 1)) : 0;
  const sd = Math.sqrt(variance);
  const half = (1.96 * sd) / Math.sqrt(count);
  return { mean, sd, count, ci95: [mean - half, mean + half] };
}

/** Result of settling one auction: winner index (−1 when unsold) and price. */
export interface SettledAuction {
  winner: number;
  price: number;
}

/** The fast path: settles bids[0..count) in place of computeOutcome; writes into and returns `out`. */
export function settleFast(
  bids: ArrayLike<number>, count: number, format: Format, reserve: number, out: SettledAuction,
): SettledAuction {
  let winner = -1;
  let best = -Infinity;
  let second = 0; // computeOutcome's runner-up starts at 0
  for (let i = 0; i < count; i++) {
    const bid = bids[i];
    if (bid > best) {
      if (best > second) second = best;
      best = bid;
      winner = i;
    } else if (bid > second) {
      second = bid;
    }
  }
  if (winner < 0 || best < reserve) {
    out.winner = -1;
    out.price = 0;
  } else {
    out.winner = winner;
    out.price = format === "first-price" ? best : second > reserve ? second : reserve;
  }
  return out;
}

const bidderAddress = (i: number) => `0x${(i + 1).toString(16).padStart(40, "0")}` as const;

/**
 * The reference path: the same auction settled by computeOutcome. Bidder i commits i-th (order i + 1) and
 * opens `amounts[i]`; there is no bond and no sealed reserve.
 */
export function settleReference(amounts: readonly bigint[], format: Format, reserve: bigint): { winner: number; price: bigint } {
  const input: OutcomeInput = {
    format,
    bond: 0n,
    floorReserve: reserve,
    sealedReserve: { committed: false },
    commitments: amounts.map((amount, i) => ({ bidder: bidderAddress(i), order: i + 1, deposit: amount })),
    openings: amounts.map((amount, i) => ({ bidder: bidderAddress(i), amount })),
  };
  const outcome = computeOutcome(input);
  const winner = outcome.winner === null ? -1 : parseInt(outcome.winner.slice(2), 16) - 1;
  return { winner, price: outcome.price };
}

export interface SimulationOptions {
  bidders: number;
  format: Format;
  /** Public reserve; 0 = none. */
  reserve: number;
  auctions: number;
  seed: number;
  /** "fast" (default) or "reference" (computeOutcome on integer amounts; slower). */
  path?: "fast" | "reference";
}

export interface SimulationResult {
  revenue: Estimate;
  /** Fraction of auctions won by the bidder with the highest value. */
  efficiency: Estimate;
}

/** Table of first-price equilibrium bids on an even grid of probability levels above F(reserve). */
export function firstPriceBidTable(dist: Distribution, bidders: number, reserve: number, cells: number): FirstPriceBidTable {
  const r = Math.max(reserve, dist.lo);
  const u0 = r <= dist.lo ? 0 : dist.cdf(r);
  const bid = firstPriceBid(dist, bidders, r);
  const table = new Float64Array(cells + 1);
  for (let i = 0; i <= cells; i++) table[i] = bid(dist.quantile(u0 + ((1 - u0) * i) / cells));
  return { u0, table, perLevel: cells / (1 - u0) };
}

export interface FirstPriceBidTable {
  u0: number;
  table: Float64Array;
  perLevel: number;
}

/** The equilibrium bid of the value at probability level `level` (its value itself below the reserve). */
export function tableBid(bidTable: FirstPriceBidTable, level: number, value: number): number {
  if (level < bidTable.u0) return value;
  const position = (level - bidTable.u0) * bidTable.perLevel;
  const k = Math.min(bidTable.table.length - 2, Math.floor(position));
  const t = position - k;
  return bidTable.table[k] + (bidTable.table[k + 1] - bidTable.table[k]) * t;
}

/**
 * Simulates `auctions` independent auctions: values drawn by inversion (u → quantile(u)); truthful bids in
 * second price, equilibrium bids b(v) in first price (interpolated from a 4096-cell table over the probability
 * level u, where b is smooth). Bidders below the reserve bid their value and cannot win.
 */
export function simulateAuctions(dist: Distribution, options: SimulationOptions): SimulationResult {
  const { bidders, format, reserve, auctions, seed } = options;
  const reference = options.path === "reference";
  const rng = createRng(seed);
  const values = new Float64Array(bidders);
  const bids = new Float64Array(bidders);
  const bidTable = format === "first-price" ? firstPriceBidTable(dist, bidders, reserve, 4096) : null;
  const reserveAmount = reference ? toAmount(reserve) : 0n;
  const settled: SettledAuction = { winner: -1, price: 0 };
  let revenue = 0;
  let revenueSquares = 0;
  let efficient = 0;
  for (let a = 0; a < auctions; a++) {
    let highest = 0;
    for (let i = 0; i < bidders; i++) {
      const level = rng();
      const value = dist.quantile(level);
      values[i] = value;
      if (value > values[highest]) highest = i;
      bids[i] = bidTable === null ? value : tableBid(bidTable, level, value);
    }
    if (reference) {
      const amounts = Array.from(bids, toAmount);
      const outcome = settleReference(amounts, format, reserveAmount);
      settled.winner = outcome.winner;
      settled.price = fromAmount(outcome.price);
    } else {
      settleFast(bids, bidders, format, reserve, settled);
    }
    revenue += settled.price;
    revenueSquares += settled.price * settled.price;
    if (settled.winner === highest) efficient++;
  }
  return {
    revenue: estimateFrom(revenue, revenueSquares, auctions),
    efficiency: estimateFrom(efficient, efficient, auctions),
  };
}
