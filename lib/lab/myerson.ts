/**
 * Myerson's optimal reserve. For a regular distribution (virtual value non-decreasing) the revenue-maximising
 * reserve of a second- or first-price auction is the root of φ(r) = 0, whatever the number of bidders. For an
 * irregular one that root need not maximise revenue, so the reserve is found by maximising expected
 * second-price revenue (equal to first-price revenue) directly.
 */
import type { Distribution } from "./distributions.js";
import { bisectRoot, goldenMaximum } from "./numeric.js";
import { uniformPriceRevenue } from "./revenue.js";
import { virtualValue } from "./virtual-value.js";

export interface RegularityCheck {
  regular: boolean;
  /** Largest fall of φ between two grid points (0 for a regular distribution). */
  largestDrop: number;
  /** Where φ has fallen by `largestDrop` from an earlier maximum. */
  dropAt: number;
  message: string;
}

/** A fall of φ counts only above this fraction of the central 98% range (guards rounding noise). */
const DROP_TOLERANCE = 1e-4;

/** Checks that φ is non-decreasing on 1001 quantile points between the 0.05% and 99.95% levels. */
export function checkRegularity(dist: Distribution): RegularityCheck {
  const scale = dist.quantile(0.99) - dist.quantile(0.01);
  let highest = -Infinity;
  let largestDrop = 0;
  let dropAt = NaN;
  for (let j = 0; j <= 1000; j++) {
    const x = dist.quantile(0.0005 + (0.999 * j) / 1000);
    const phi = virtualValue(dist, x);
    const drop = highest - phi;
    if (drop > largestDrop) {
      largestDrop = drop;
      dropAt = x;
    }
    if (phi > highest) highest = phi;
  }
  const regular = !(largestDrop > DROP_TOLERANCE * scale);
  const message = regular
    ? `${dist.label} is regular: the virtual value is non-decreasing`
    : `${dist.label} is irregular: the virtual value falls by ${fmt(largestDrop)} near ${fmt(dropAt)}; ` +
      "the reserve is the one maximising expected revenue (grid search), not the root of φ";
  return { regular, largestDrop, dropAt, message };
}

const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x));

export interface OptimalReserve extends RegularityCheck {
  reserve: number;
  method: "virtual-value-root" | "revenue-grid-search";
}

/** The root of φ on the support (lo when φ(lo) ≥ 0 already), assuming φ is non-decreasing. */
export function virtualValueRoot(dist: Distribution): number {
  const phi = (x: number) => virtualValue(dist, x);
  if (phi(dist.lo) >= 0) return dist.lo;
  let below = dist.lo;
  // Bracket on quantile levels; the last level is beyond which 1e-12 of the probability lies.
  for (let j = 1; j <= 400; j++) {
    const u = j < 400 ? j / 400 : 1 - 1e-12;
    const x = dist.quantile(u);
    if (phi(x) >= 0) return bisectRoot(phi, below, x);
    below = x;
  }
  return dist.hi < Infinity ? bisectRoot(phi, below, dist.hi) : below;
}

/**
 * Reserve maximising expected second-price revenue with `bidders` bidders (or uniform-price revenue of `units`
 * units): grid, then golden section.
 */
export function revenueMaximisingReserve(dist: Distribution, bidders: number, units = 1): number {
  const revenue = (r: number) => uniformPriceRevenue(dist, bidders, units, r);
  const points = 200;
  const grid: number[] = [];
  for (let j = 0; j <= points; j++) grid.push(dist.quantile((0.999 * j) / points));
  let best = 0;
  let bestRevenue = -Infinity;
  const revenues = grid.map(revenue);
  revenues.forEach((value, j) => {
    if (value > bestRevenue) {
      bestRevenue = value;
      best = j;
    }
  });
  const low = grid[Math.max(0, best - 1)];
  const high = grid[Math.min(points, best + 1)];
  const refined = goldenMaximum(revenue, low, high, 60);
  return revenue(refined) >= bestRevenue ? refined : grid[best];
}

/** The seller's optimal public reserve (seller's own value 0), with the regularity verdict. */
export function optimalReserve(dist: Distribution, bidders: number): OptimalReserve {
  const regularity = checkRegularity(dist);
  if (regularity.regular) return { ...regularity, reserve: virtualValueRoot(dist), method: "virtual-value-root" };
  return { ...regularity, reserve: revenueMaximisingReserve(dist, bidders), method: "revenue-grid-search" };
}
