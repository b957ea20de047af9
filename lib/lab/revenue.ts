/**
 * Expected revenue and efficiency of second- and first-price sealed-bid auctions with n symmetric bidders
 * whose values are independent draws from one distribution, with an optional public reserve. The seller's
 * own value for the lot is 0. "No reserve" is reserve 0, which binds nowhere since values are ≥ 0.
 */
import type { Format } from "../auction.js";
import type { Distribution } from "./distributions.js";
import { integrateAbove, integrateProbability } from "./numeric.js";
import { powerIntegrals } from "./order-statistics.js";
import { virtualValue } from "./virtual-value.js";

/** P(second-highest of n values > x) = 1 − F^n − n·F^(n−1)·(1 − F). */
function secondHighestAbove(dist: Distribution, n: number, x: number): number {
  const f = dist.cdf(x);
  return Math.max(0, 1 - f ** n - n * f ** (n - 1) * dist.survival(x));
}

/**
 * Second price (truthful bidding): the price is max(second value, r) when the highest value is ≥ r, so
 * E[price] = r·(1 − F(r)^n) + ∫_r^hi P(second value > x) dx.
 */
export function secondPriceRevenue(dist: Distribution, bidders: number, reserve = 0): number {
  const r = Math.max(reserve, dist.lo);
  if (r >= dist.hi) return 0;
  const sold = 1 - dist.cdf(r) ** bidders;
  return r * sold + integrateAbove(dist, r, (x) => secondHighestAbove(dist, bidders, x));
}

/**
 * Symmetric equilibrium bid in a first-price auction with reserve r: b(v) = E[max(r, Y) | Y < v], Y the highest
 * of the other n − 1 values, i.e. b(v) = v − ∫_r^v F^(n−1) / F(v)^(n−1). Below the reserve a bidder cannot win;
 * the function returns the value itself there (any bid below the reserve loses).
 */
export function firstPriceBid(dist: Distribution, bidders: number, reserve = 0): (value: number) => number {
  const r = Math.max(reserve, dist.lo);
  const { J } = powerIntegrals(dist, bidders);
  const jAtReserve = J(r);
  let atInfinity: number | undefined;
  return (v) => {
    if (v < r) return v;
    if (v === Infinity) {
      // The limit E[max(r, Y)] = r + ∫_r^∞ (1 − F^(n−1)).
      atInfinity ??= r + integrateAbove(dist, r, (x) => 1 - dist.cdf(x) ** (bidders - 1));
      return atInfinity;
    }
    const othersBelow = dist.cdf(v) ** (bidders - 1);
    if (othersBelow === 0) return r;
    return v - (J(v) - jAtReserve) / othersBelow;
  };
}

/** First price at the symmetric equilibrium: E[b(highest value); highest ≥ r] = ∫_F(r)^1 b(Q(u))·n·u^(n−1) du. */
export function firstPriceRevenue(dist: Distribution, bidders: number, reserve = 0): number {
  const r = Math.max(reserve, dist.lo);
  if (r >= dist.hi) return 0;
  const bid = firstPriceBid(dist, bidders, r);
  const u0 = r <= dist.lo ? 0 : dist.cdf(r);
  return integrateProbability(u0, (u) => bid(dist.quantile(u)) * bidders * u ** (bidders - 1));
}

/**
 * Myerson: expected revenue of any auction that sells to the highest value ≥ r equals the expected virtual
 * value of the winner, n·∫_F(r)^1 φ(Q(u))·u^(n−1) du. An independent route to secondPriceRevenue.
 */
export function expectedVirtualSurplus(dist: Distribution, bidders: number, reserve = 0): number {
  const r = Math.max(reserve, dist.lo);
  if (r >= dist.hi) return 0;
  const u0 = r <= dist.lo ? 0 : dist.cdf(r);
  return integrateProbability(u0, (u) => {
    const x = dist.quantile(u);
    // Levels within ~1e-16 of 1 round to an infinite quantile; their share of the integral is negligible.
    return Number.isFinite(x) ? bidders * u ** (bidders - 1) * virtualValue(dist, x) : 0;
  });
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
