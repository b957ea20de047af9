/** Two classical checks: revenue equivalence of first and second price, and Bulow–Klemperer. */
import type { Distribution } from "./distributions.js";
import { optimalReserve } from "./myerson.js";
import { createRng } from "./random.js";
import { firstPriceRevenue, secondPriceRevenue, firstPriceBid } from "./revenue.js";
import { estimateFrom, settleFast, type Estimate, type SettledAuction } from "./simulate.js";

export interface RevenueEquivalence {
  reserve: number;
  exact: { secondPrice: number; firstPrice: number };
  secondPrice: Estimate;
  firstPrice: Estimate;
  /** First-price minus second-price revenue on the same simulated values (paired, so the interval is tight). */
  difference: Estimate;
  /** Whether 0 lies in the difference's 95% interval. */
  equivalent: boolean;
}

/**
 * Simulates both formats on the same values (truthful second-price bids, equilibrium first-price bids) and
 * compares expected revenue: equal in theory for any distribution and reserve (same allocation, same
 * payment of the lowest type).
 */
export function checkRevenueEquivalence(
  dist: Distribution, bidders: number, options: { reserve?: number; auctions: number; seed: number },
): RevenueEquivalence {
  const reserve = options.reserve ?? 0;
  const bid = firstPriceBid(dist, bidders, reserve);
  const rng = createRng(options.seed);
  const values = new Float64Array(bidders);
  const bids = new Float64Array(bidders);
  const settled: SettledAuction = { winner: -1, price: 0 };
  const sums = { second: [0, 0], first: [0, 0], difference: [0, 0] };
  for (let a = 0; a < options.auctions; a++) {
    for (let i = 0; i < bidders; i++) {
      values[i] = dist.sample(rng);
      bids[i] = bid(values[i]);
    }
    const second = settleFast(values, bidders, "second-price", reserve, settled).price;
    const first = settleFast(bids, bidders, "first-price", reserve, settled).price;
    for (const [key, x] of [["second", second], ["first", first], ["difference", first - second]] as const) {
      sums[key][0] += x;
      sums[key][1] += x * x;
    }
  }
  const n = options.auctions;
  const difference = estimateFrom(sums.difference[0], sums.difference[1], n);
  return {
    reserve,
    exact: { secondPrice: secondPriceRevenue(dist, bidders, reserve), firstPrice: firstPriceRevenue(dist, bidders, reserve) },
    secondPrice: estimateFrom(sums.second[0], sums.second[1], n),
    firstPrice: estimateFrom(sums.first[0], sums.first[1], n),
    difference,
    equivalent: difference.ci95[0] <= 0 && 0 <= difference.ci95[1],
  };
}

export interface BulowKlemperer {
  bidders: number;
  /** Second price, n + 1 bidders, no reserve. */
  withExtraBidder: number;
  /** Second price, n bidders, optimal reserve. */
  withOptimalReserve: number;
  optimalReserve: number;
  /** withExtraBidder ≥ withOptimalReserve (the theorem, for regular distributions). */
  holds: boolean;
}

/** Bulow–Klemperer: one more bidder is worth more than the optimal reserve (regular distributions). */
export function bulowKlemperer(dist: Distribution, bidders: number): BulowKlemperer {
  const reserve = optimalReserve(dist, bidders).reserve;
  const withExtraBidder = secondPriceRevenue(dist, bidders + 1, 0);
  const withOptimalReserve = secondPriceRevenue(dist, bidders, reserve);
  return { bidders, withExtraBidder, withOptimalReserve, optimalReserve: reserve, holds: withExtraBidder >= withOptimalReserve };
}
