/**
 * The lab for k units with unit demand (the k-unit house, `computeUnitOutcome` of lib/auction.ts): n i.i.d.
 * bidders, each winning at most one unit; the k highest bids at or above the reserve win. Uniform price: every
 * winner pays max(highest losing bid, reserve); pay-as-bid: each pays its own (equilibrium) bid.
 *  - Revenue and efficiency in closed form (revenue.ts: uniformPriceRevenue, payAsBidRevenue, unitEfficiency)
 *    and by seeded Monte Carlo settled by the same rules as the contract.
 *  - The optimal reserve maximises uniform-price revenue over r; for i.i.d. unit demand it is Myerson's
 *    φ⁻¹(0) whatever k and n (revenue = E[Σ φ(winners' values)], so a unit should go to every value with φ ≥ 0).
 *  - The shill bond for k units: one shill, committed before the bids and opened or withheld after them.
 */
import { computeUnitOutcome, MAX_UNITS, UNIT_FORMATS, type UnitFormat, type UnitOutcomeInput } from "../auction.js";
import type { Distribution } from "./distributions.js";
import { optimalReserve, revenueMaximisingReserve } from "./myerson.js";
import { integratePanel, probabilityLevels } from "./numeric.js";
import { binomialTerm, powerIntegrals } from "./order-statistics.js";
import { createRng } from "./random.js";
import { payAsBidBid, payAsBidRevenue, uniformPriceRevenue, unitEfficiency } from "./revenue.js";
import { marginalShillBond, shillCandidates, shillModel } from "./shill.js";
import { bidTable, estimateFrom, fromAmount, tabulatedBid, toAmount, type Estimate } from "./simulate.js";

/** Result of settling one k-unit auction: how many units sold, the winners' indices and the seller's revenue. */
export interface SettledUnits {
  sold: number;
  /** Winner indices, best bid first; only the first `sold` entries are meaningful. */
  winners: Int32Array;
  revenue: number;
}

export function settledUnits(units: number): SettledUnits {
  return { sold: 0, winners: new Int32Array(units + 1), revenue: 0 };
}

/** Above this many units insertion (about k²/4 moves per auction) loses to sorting the bids' indices. */
const INSERTION_UNITS = 16;

/**
 * The fast path of computeUnitOutcome on plain numbers: the k + 1 best bids in rank order (higher bid, then
 * lower index = earlier commitment), kept by insertion for few units (about n comparisons per auction) and by
 * a sort otherwise. Writes into `out`, which must have k + 1 slots (settledUnits(k)).
 */
export function settleUnitsFast(
  bids: ArrayLike<number>, count: number, units: number, format: UnitFormat, reserve: number, out: SettledUnits,
): SettledUnits {
  const top = out.winners; // k + 1 slots: the winners and the highest loser
  if (top.length < units + 1) throw new Error(`settleUnitsFast needs ${units + 1} slots, got ${top.length}`);
  const slots = units + 1;
  let filled = 0;
  if (units > INSERTION_UNITS) {
    const order = Int32Array.from({ length: count }, (_, i) => i).sort((a, b) => bids[b] - bids[a] || a - b);
    filled = Math.min(slots, count);
    top.set(order.subarray(0, filled));
  } else {
    for (let i = 0; i < count; i++) {
      const bid = bids[i];
      if (filled === slots && !(bid > bids[top[slots - 1]])) continue;
      let j = filled < slots ? filled++ : slots - 1;
      while (j > 0 && bid > bids[top[j - 1]]) {
        top[j] = top[j - 1];
        j--;
      }
      top[j] = i;
    }
  }
  let sold = 0;
  while (sold < units && sold < filled && bids[top[sold]] >= reserve) sold++;
  const highestLosing = sold < filled ? bids[top[sold]] : 0; // computeUnitOutcome's highest loser starts at 0
  out.sold = sold;
  if (format === "uniform-price") {
    out.revenue = sold * (highestLosing > reserve ? highestLosing : reserve);
  } else {
    let paid = 0;
    for (let w = 0; w < sold; w++) paid += bids[top[w]];
    out.revenue = paid;
  }
  return out;
}

const bidderAddress = (i: number) => `0x${(i + 1).toString(16).padStart(40, "0")}` as const;

/** The same auction settled by computeUnitOutcome on integer amounts: bidder i commits i-th and opens amounts[i]. */
export function settleUnitsReference(
  amounts: readonly bigint[], units: number, format: UnitFormat, reserve: bigint,
): { winners: number[]; revenue: bigint } {
  const input: UnitOutcomeInput = {
    units, format, bond: 0n, floorReserve: reserve, sealedReserve: { committed: false },
    commitments: amounts.map((amount, i) => ({ bidder: bidderAddress(i), order: i + 1, deposit: amount })),
    openings: amounts.map((amount, i) => ({ bidder: bidderAddress(i), amount })),
  };
  const outcome = computeUnitOutcome(input);
  return {
    winners: outcome.winners.map((w) => parseInt(w.bidder.slice(2), 16) - 1),
    revenue: outcome.winners.reduce((sum, w) => sum + w.price, 0n),
  };
}

export interface UnitSimulationOptions {
  bidders: number;
  units: number;
  format: UnitFormat;
  /** Public reserve; 0 = none. */
  reserve: number;
  auctions: number;
  seed: number;
  /** "fast" (default) or "reference" (computeUnitOutcome on integer amounts; slower). */
  path?: "fast" | "reference";
}

export interface UnitSimulationResult {
  revenue: Estimate;
  /** Sum of the winners' values per auction. */
  welfare: Estimate;
  /** Total welfare over total first-best welfare (the k highest values): the simulated efficiency. */
  efficiency: number;
}

/**
 * Simulates k-unit auctions: values by inversion, truthful bids in uniform price, equilibrium bids b(v) in
 * pay-as-bid (tabulated over the probability level as for first price). Bidders below the reserve bid their
 * value and cannot win.
 */
export function simulateUnitAuctions(dist: Distribution, options: UnitSimulationOptions): UnitSimulationResult {
  const { bidders, units, format, reserve, auctions, seed } = options;
  const reference = options.path === "reference";
  const rng = createRng(seed);
  const values = new Float64Array(bidders);
  const bids = new Float64Array(bidders);
  const equilibrium = format === "pay-as-bid" ? bidTable(dist, payAsBidBid(dist, bidders, units, reserve), reserve) : null;
  const reserveAmount = reference ? toAmount(reserve) : 0n;
  const settled = settledUnits(units);
  // The first best ranks values without a reserve; a second buffer keeps it apart from the auction's winners.
  const best = settledUnits(units);
  const sums = { revenue: [0, 0], welfare: [0, 0], firstBest: 0 };
  for (let a = 0; a < auctions; a++) {
    for (let i = 0; i < bidders; i++) {
      const level = rng();
      const value = dist.quantile(level);
      values[i] = value;
      bids[i] = equilibrium === null ? value : tabulatedBid(equilibrium, level, value);
    }
    let revenue: number;
    if (reference) {
      const outcome = settleUnitsReference(Array.from(bids, toAmount), units, format, reserveAmount);
      outcome.winners.forEach((w, j) => (settled.winners[j] = w));
      settled.sold = outcome.winners.length;
      revenue = fromAmount(outcome.revenue);
    } else {
      revenue = settleUnitsFast(bids, bidders, units, format, reserve, settled).revenue;
    }
    let welfare = 0;
    for (let w = 0; w < settled.sold; w++) welfare += values[settled.winners[w]];
    settleUnitsFast(values, bidders, units, "uniform-price", -Infinity, best);
    for (let w = 0; w < best.sold; w++) sums.firstBest += values[best.winners[w]];
    sums.revenue[0] += revenue;
    sums.revenue[1] += revenue * revenue;
    sums.welfare[0] += welfare;
    sums.welfare[1] += welfare * welfare;
  }
  return {
    revenue: estimateFrom(sums.revenue[0], sums.revenue[1], auctions),
    welfare: estimateFrom(sums.welfare[0], sums.welfare[1], auctions),
    efficiency: sums.firstBest > 0 ? sums.welfare[0] / sums.firstBest : 1,
  };
}

/**
 * Shill bidding against k units at uniform price, one shill. The seller commits a shill at amount s > r with
 * bond f before the bids close and decides after every real opening, knowing B_k (the k-th highest real bid) and
 * B_(k+1). With M ≥ k real bids at or above r, honest play earns k·Z, Z = max(B_(k+1), r). Then:
 *  - s ≤ B_k: opening the shill is free (it loses and is refunded) and it becomes the highest loser, lifting the
 *    price paid by all k winners: gain k·(s − Z)⁺;
 *  - s > B_k: opened, the shill wins a unit (worth L to the seller) and the displaced B_k sets the others' price:
 *    (k − 1)·B_k + L; withheld, the sale goes through and f burns: k·Z − f. Net max((k − 1)·B_k + L − k·Z, −f).
 * With M < k the shill just takes an unsold unit (net 0). At k = 1 this is shill.ts's single shill (the opened
 * shill is the veto). Unlike one unit, opening a winning shill can beat honest play for k ≥ 2 (selling k − 1
 * units at B_k may beat k at B_(k+1)), an option the bond cannot tax because it burns nothing.
 *
 * Closed form in B_k = x: its density is n·C(n−1, k−1)·F^(n−k)·(1 − F)^(k−1)·f, and given x, B_(k+1) has cdf
 * (F(y)/F(x))^(n−k) on [lo, x] (the single-item B2 | B1 with n − 1 replaced by n − k), so every inner
 * expectation is a table look-up of I = ∫F^(n−k) (powerIntegrals' J for n − k + 1 bidders); x is integrated by
 * quadrature over probability levels, split where the seller's choice changes form.
 */
export interface UnitShillModel {
  readonly dist: Distribution;
  readonly bidders: number;
  readonly units: number;
  readonly reserve: number;
  readonly lotValue: number;
}

export interface UnitShillOptions {
  /** Public reserve (default: the optimal reserve, the same for every k). */
  reserve?: number;
  /** The value to the seller of a unit it keeps (default 0). */
  lotValue?: number;
}

export function unitShillModel(dist: Distribution, bidders: number, units: number, options: UnitShillOptions = {}): UnitShillModel {
  const reserve = Math.max(dist.lo, options.reserve ?? optimalReserve(dist, bidders).reserve);
  const lotValue = options.lotValue ?? 0;
  if (!(lotValue >= 0)) throw new Error(`lot value must be ≥ 0, got ${lotValue}`);
  return { dist, bidders, units, reserve, lotValue };
}

/** The seller's expected net gain per auction from one shill at `amount` with bond `bond` (closed form above). */
export function expectedUnitShillNet(model: UnitShillModel, amount: number, bond: number): number {
  const { dist, bidders: n, units: k, reserve: r, lotValue: L } = model;
  const s = amount;
  if (k > n || !(s > r) || r >= dist.hi) return 0;
  const below = n - k; // real bids below B_k
  const I = powerIntegrals(dist, below + 1).J; // ∫F^(n−k)
  const iR = I(r);
  const G = (t: number) => (t >= dist.hi ? 1 : dist.cdf(t) ** below);
  // Given B_k = x, Z = max(B_(k+1), r) on [r, x]: P(Z ≤ t) = G(t)/G(x), ∫_r^t P(Z ≤ u) du = (I(t) − I(r))/G(x).
  const lift = k * (I(s) - iR);
  const net = (x: number) => {
    const gX = G(x);
    if (!(gX > 0)) return 0;
    if (s <= x) return lift / gX; // k·E[(s − Z)⁺]
    const c = (k - 1) * x + L; // payoff of opening the winning shill
    const threshold = (c + bond) / k; // opening beats withholding (c − k·Z ≥ −f) iff Z ≤ threshold
    if (threshold < r) return -bond;
    if (threshold >= x) return c - k * (x - (I(x) - iR) / gX); // always open: c − k·E[Z]
    const pBelow = G(threshold) / gX;
    const zBelow = threshold * pBelow - (I(threshold) - iR) / gX; // E[Z; Z ≤ threshold]
    return c * pBelow - k * zBelow - bond * (1 - pBelow);
  };
  // Density of B_k over the probability level u = F(x): n·C(n−1, k−1)·u^(n−k)·(1 − u)^(k−1).
  const density = (u: number) => n * binomialTerm(n - 1, k - 1, u, 1 - u);
  const u0 = dist.cdf(r);
  const breaks = [s, L + bond];
  if (k > 1) breaks.push((k * r - L - bond) / (k - 1));
  const levels = [...probabilityLevels(u0, 128)];
  for (const x of breaks) if (x > r && x < dist.hi) levels.push(dist.cdf(x));
  levels.sort((a, b) => a - b);
  let sum = 0;
  const integrand = (u: number) => {
    const x = dist.quantile(u);
    return Number.isFinite(x) ? density(u) * net(x) : 0;
  };
  for (let i = 0; i + 1 < levels.length; i++) if (levels[i + 1] > levels[i]) sum += integratePanel(integrand, levels[i], levels[i + 1]);
  return sum;
}

export interface UnitShillBond {
  units: number;
  reserve: number;
  lotValue: number;
  /** Smallest bond making one shill unprofitable (Infinity when none does). */
  bond: number;
  /** The first-order floor (1 − F(r))/f(r), the same for every k (see unitShillBond). */
  marginalBond: number;
  /** The seller's best expected gain from one shill when withholding it is free (bond 0), and where it sits. */
  gainAtZeroBond: number;
  amountAtZeroBond: number;
}

/** The seller's best single shill among the candidates at this bond: its expected net and amount. */
export function bestUnitShill(model: UnitShillModel, bond: number, candidates: readonly number[]): { net: number; amount: number } {
  let best = { net: 0, amount: NaN };
  for (const amount of candidates) {
    const net = expectedUnitShillNet(model, amount, bond);
    if (net > best.net) best = { net, amount };
  }
  return best;
}

/**
 * The smallest bond making one shill unprofitable for k units, by bisection over the bond (every placement's
 * net falls as the bond rises) on shill.ts's candidate amounts, floored by the first-order bound. That floor
 * does not depend on k: a shill at r + ε lifts the price of k winners by ε when exactly k values exceed r
 * (probability C(n, k)·F^(n−k)·(1 − F)^k) and costs min(f, r − L) when B_k falls in (r, r + ε) (probability
 * n·C(n−1, k−1)·F^(n−k)·(1 − F)^(k−1)·f·ε); since k·C(n, k) = n·C(n−1, k−1) the shill pays exactly when
 * f < (1 − F(r))/f(r), as for one unit. What k changes is the rest of the support, found by the search.
 */
export function unitShillBond(dist: Distribution, bidders: number, units: number, options: UnitShillOptions & { candidates?: number } = {}): UnitShillBond {
  const model = unitShillModel(dist, bidders, units, options);
  const single = shillModel(dist, bidders, { reserve: model.reserve, lotValue: model.lotValue });
  const candidates = shillCandidates(single, options.candidates ?? 64);
  const marginalBond = units > bidders ? 0 : marginalShillBond(single);
  const atZero = bestUnitShill(model, 0, candidates);
  const result = { units, reserve: model.reserve, lotValue: model.lotValue, marginalBond, gainAtZeroBond: atZero.net, amountAtZeroBond: atZero.amount };
  const tolerance = 1e-9 * Math.max(dist.mean, 1e-12);
  const deters = (bond: number) => bestUnitShill(model, bond, candidates).net <= tolerance;
  if (candidates.length === 0 || deters(marginalBond)) return { ...result, bond: marginalBond };
  // At a bond ≥ every amount (+ L) opening a winning shill always beats withholding it (k·Z − (k−1)·B_k − L <
  // s − L), so larger bonds change nothing.
  let high = candidates[candidates.length - 1] + model.lotValue;
  if (!deters(high)) return { ...result, bond: Infinity };
  let low = marginalBond;
  while (high - low > 1e-6 * high) {
    const middle = (low + high) / 2;
    if (deters(middle)) high = middle;
    else low = middle;
  }
  return { ...result, bond: high };
}

const shillAddress = (i: number) => `0x${(i + 1).toString(16).padStart(40, "0")}` as const;

/**
 * One auction's seller payoff with and without one shill, through computeUnitOutcome on integer amounts: bidders
 * commit first (orders 1..n), the shill last. The seller takes the better of opening and withholding the shill;
 * payoff = prices paid by real winners + L per unit not sold to them − burned bonds.
 */
export function settleUnitShillReference(
  bids: readonly bigint[], shill: bigint, units: number, reserve: bigint, bond: bigint, lotValue: bigint,
): { honest: bigint; withShill: bigint } {
  const n = bids.length;
  const commitments = [...bids, shill].map((amount, i) => ({ bidder: shillAddress(i), order: i + 1, deposit: amount > bond ? amount : bond }));
  const realOpenings = bids.map((amount, i) => ({ bidder: shillAddress(i), amount }));
  const payoff = (openings: UnitOutcomeInput["openings"], withCommitments: UnitOutcomeInput["commitments"]) => {
    const o = computeUnitOutcome({
      units, format: "uniform-price", bond, floorReserve: reserve, sealedReserve: { committed: false }, commitments: withCommitments, openings,
    });
    const real = o.winners.filter((w) => parseInt(w.bidder.slice(2), 16) <= n);
    return real.reduce((sum, w) => sum + w.price, 0n) + lotValue * BigInt(units - real.length) - o.burned;
  };
  const honest = payoff(realOpenings, commitments.slice(0, n));
  const opened = payoff([...realOpenings, { bidder: shillAddress(n), amount: shill }], commitments);
  const withheld = payoff(realOpenings, commitments);
  return { honest, withShill: opened > withheld ? opened : withheld };
}

/** Monte-Carlo estimate of one shill's net gain per auction (truthful bidders, computeUnitOutcome settlement). */
export function simulateUnitShill(
  dist: Distribution, bidders: number, units: number, amount: number, bond: number,
  options: UnitShillOptions & { auctions: number; seed: number },
): Estimate {
  const model = unitShillModel(dist, bidders, units, options);
  const rng = createRng(options.seed);
  const [reserve, shill, bondAmount, lot] = [model.reserve, amount, bond, model.lotValue].map(toAmount);
  let sum = 0;
  let squares = 0;
  for (let a = 0; a < options.auctions; a++) {
    const bids = Array.from({ length: bidders }, () => toAmount(dist.sample(rng)));
    const { honest, withShill } = settleUnitShillReference(bids, shill, units, reserve, bondAmount, lot);
    const net = fromAmount(withShill - honest);
    sum += net;
    squares += net * net;
  }
  return estimateFrom(sum, squares, options.auctions);
}

export interface UnitLabOptions {
  bidders: number;
  units: number;
  auctions: number;
  seed: number;
}

export interface UnitLabRow {
  format: UnitFormat;
  reserveKind: "none" | "optimal";
  reserve: number;
  revenue: Estimate;
  exactRevenue: number;
  /** Simulated welfare over the simulated first best. */
  efficiency: number;
  exactEfficiency: number;
}

export interface UnitLabResult {
  units: number;
  bidders: number;
  /** The optimal reserve: Myerson's φ⁻¹(0) for a regular distribution (independent of k), else the search's. */
  reserve: number;
  /** The reserve maximising expected uniform-price revenue of k units, found numerically (the check). */
  revenueMaximisingReserve: number;
  rows: UnitLabRow[];
  shill: UnitShillBond;
  /** The same search for one unit, to compare. */
  singleUnitBond: number;
}

/** The k-unit part of the lab's report: both formats with and without the optimal reserve, and the shill bond. */
export function runUnitLab(dist: Distribution, options: UnitLabOptions): UnitLabResult {
  const { bidders, units, auctions, seed } = options;
  if (!Number.isInteger(units) || units < 1 || units > MAX_UNITS) throw new Error(`units must be an integer from 1 to ${MAX_UNITS}, got ${units}`);
  const single = optimalReserve(dist, bidders);
  const searched = revenueMaximisingReserve(dist, bidders, units);
  const reserve = single.regular ? single.reserve : searched;
  const rows: UnitLabRow[] = [];
  for (const format of UNIT_FORMATS) {
    for (const [reserveKind, r] of [["none", 0], ["optimal", reserve]] as const) {
      const simulated = simulateUnitAuctions(dist, { bidders, units, format, reserve: r, auctions, seed });
      rows.push({
        format, reserveKind, reserve: r,
        revenue: simulated.revenue,
        exactRevenue: format === "uniform-price" ? uniformPriceRevenue(dist, bidders, units, r) : payAsBidRevenue(dist, bidders, units, r),
        efficiency: simulated.efficiency,
        exactEfficiency: unitEfficiency(dist, bidders, units, r),
      });
    }
  }
  return {
    units, bidders, reserve, revenueMaximisingReserve: searched, rows,
    shill: unitShillBond(dist, bidders, units, { reserve }),
    singleUnitBond: unitShillBond(dist, bidders, 1, { reserve }).bond,
  };
}
