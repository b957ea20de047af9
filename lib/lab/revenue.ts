/**
 * Expected revenue and efficiency of second- and first-price sealed-bid auctions with n symmetric bidders
 * whose values are independent draws from one distribution, with an optional public reserve, and of their k-unit
 * generalisations with unit demand, uniform price and pay-as-bid (second and first price are the case k = 1). The seller's
 * own value for the lot is 0. "No reserve" is reserve 0, which binds nowhere since values are ≥ 0.
 */
import type { Format } from "../auction.js";
import type { Distribution } from "./distributions.js";
import { integrateAbove, integrateProbability } from "./numeric.js";
import { expectedMinimumAbove, moreThanAbove, unitWinIntegral, unitWinProbability } from "./order-statistics.js";
import { virtualValue } from "./virtual-value.js";

/**
 * Uniform price with k units and unit demand (truthful bidding): the k highest values at or above r win and each
 * pays max(V_(k+1), r). With M the number of values ≥ r,
 *   E[revenue] = r·E[min(M, k)] + k·∫_r^hi P(V_(k+1) > x) dx.
 * At k = 1 this is second price: r·(1 − F(r)^n) + ∫_r^hi P(second value > x) dx. With k ≥ n every bidder at or
 * above the reserve wins at the reserve: n·r·(1 − F(r)).
 */
export function uniformPriceRevenue(dist: Distribution, bidders: number, units: number, reserve = 0): number {
  const r = Math.max(reserve, dist.lo);
  if (r >= dist.hi) return 0;
  const sold = expectedMinimumAbove(bidders, units, dist.cdf(r), dist.survival(r));
  if (units >= bidders) return r * sold;
  return r * sold + units * integrateAbove(dist, r, (x) => moreThanAbove(bidders, units, dist.cdf(x), dist.survival(x)));
}

/** Second price: uniform price with one unit. */
export function secondPriceRevenue(dist: Distribution, bidders: number, reserve = 0): number {
  return uniformPriceRevenue(dist, bidders, 1, reserve);
}

/**
 * Symmetric equilibrium bid in a pay-as-bid auction of k units with reserve r (unit demand): a bidder wins when
 * its value beats Y, the k-th highest of the other n − 1 values, with probability G(v), so
 * b(v) = E[max(r, Y) | Y < v] = v − ∫_r^v G / G(v). At k = 1 this is first price (G = F^(n−1)); with k ≥ n
 * every bid ≥ r wins and b = r. Below the reserve a bidder cannot win; the function returns the value itself
 * there (any bid below the reserve loses).
 */
export function payAsBidBid(dist: Distribution, bidders: number, units: number, reserve = 0): (value: number) => number {
  const r = Math.max(reserve, dist.lo);
  const W = unitWinIntegral(dist, bidders, units);
  const wAtReserve = W(r);
  let atInfinity: number | undefined;
  return (v) => {
    if (v < r) return v;
    if (v === Infinity) {
      // The limit E[max(r, Y)] = r + ∫_r^∞ (1 − G).
      atInfinity ??= r + integrateAbove(dist, r, (x) => 1 - unitWinProbability(bidders, units, dist.cdf(x), dist.survival(x)));
      return atInfinity;
    }
    const wins = unitWinProbability(bidders, units, dist.cdf(v), dist.survival(v));
    if (wins === 0) return r;
    // b ≥ r exactly (an average of max(r, Y)); rounding must not put a bid below the reserve, where it would lose.
    return Math.max(r, v - (W(v) - wAtReserve) / wins);
  };
}

/** First price: pay-as-bid with one unit, b(v) = E[max(r, Y) | Y < v], Y the highest of the other n − 1 values. */
export function firstPriceBid(dist: Distribution, bidders: number, reserve = 0): (value: number) => number {
  return payAsBidBid(dist, bidders, 1, reserve);
}

/**
 * Pay-as-bid at the symmetric equilibrium: n·E[b(V)·G(V); V ≥ r] = n·∫_F(r)^1 b(Q(u))·G(u) du. Equal to uniform
 * price by revenue equivalence (same allocation, a bidder at the reserve pays r in both).
 */
export function payAsBidRevenue(dist: Distribution, bidders: number, units: number, reserve = 0): number {
  const r = Math.max(reserve, dist.lo);
  if (r >= dist.hi) return 0;
  const bid = payAsBidBid(dist, bidders, units, r);
  const u0 = r <= dist.lo ? 0 : dist.cdf(r);
  return integrateProbability(u0, (u) => bid(dist.quantile(u)) * bidders * unitWinProbability(bidders, units, u));
}

/** First price at the symmetric equilibrium: E[b(highest value); highest ≥ r] = ∫_F(r)^1 b(Q(u))·n·u^(n−1) du. */
export function firstPriceRevenue(dist: Distribution, bidders: number, reserve = 0): number {
  return payAsBidRevenue(dist, bidders, 1, reserve);
}

/**
 * Myerson: expected revenue of any auction that sells k units to the k highest values ≥ r equals the expected
 * virtual value of the winners, n·∫_F(r)^1 φ(Q(u))·G(u) du (G = u^(n−1) at k = 1). An independent route to
 * uniformPriceRevenue.
 */
export function expectedVirtualSurplus(dist: Distribution, bidders: number, reserve = 0, units = 1): number {
  const r = Math.max(reserve, dist.lo);
  if (r >= dist.hi) return 0;
  const u0 = r <= dist.lo ? 0 : dist.cdf(r);
  return integrateProbability(u0, (u) => {
    const x = dist.quantile(u);
    // Levels within ~1e-16 of 1 round to an infinite quantile; their share of the integral is negligible.
    return Number.isFinite(x) ? bidders * unitWinProbability(bidders, units, u) * virtualValue(dist, x) : 0;
  });
}

/**
 * Expected welfare of k units: the winners' values, E[sum of the k highest values that are ≥ r] =
 * r·E[min(M, k)] + ∫_r^hi E[min(N(x), k)] dx, N(x) the number of values above x (the seller's value is 0).
 */
export function unitWelfare(dist: Distribution, bidders: number, units: number, reserve = 0): number {
  const r = Math.max(reserve, dist.lo);
  if (r >= dist.hi) return 0;
  const count = (x: number) => expectedMinimumAbove(bidders, units, dist.cdf(x), dist.survival(x));
  return r * count(r) + integrateAbove(dist, r, count);
}

/**
 * Efficiency of k units: expected welfare at reserve r over the first best (the k highest values, no reserve).
 * Both formats allocate the same way, so it is theirs; it is 1 at r ≤ lo and falls as the reserve leaves units
 * unsold.
 */
export function unitEfficiency(dist: Distribution, bidders: number, units: number, reserve = 0): number {
  if (reserve <= dist.lo) return 1;
  return unitWelfare(dist, bidders, units, reserve) / unitWelfare(dist, bidders, units, dist.lo);
}

/**
 * Efficiency = P(the lot goes to the bidder with the highest value). Both formats allocate to the highest
 * value at or above the reserve (first-price equilibrium bids are increasing), so it is 1 − F(r)^n.
 */
export function allocationEfficiency(dist: Distribution, bidders: number, reserve = 0): number {
  return reserve <= dist.lo ? 1 : 1 - dist.cdf(reserve) ** bidders;
}

/** The two formats of lib/auction.ts. */
export type AuctionFormat = Format;

export function expectedRevenue(format: AuctionFormat, dist: Distribution, bidders: number, reserve = 0): number {
  return format === "second-price" ? secondPriceRevenue(dist, bidders, reserve) : firstPriceRevenue(dist, bidders, reserve);
}

/** Expected revenue at each reserve (for charts and grid searches). */
export function revenueCurve(format: AuctionFormat, dist: Distribution, bidders: number, reserves: readonly number[]): number[] {
  return reserves.map((r) => expectedRevenue(format, dist, bidders, r));
}
