/**
 * Shill bidding against a commit-reveal second-price auction whose unopened commitments forfeit (burn) a bond.
 *
 * Model. n real bidders bid their values; the auction has a public reserve r (by default the optimal one); the
 * lot is worth `lotValue` to the seller (default 0). Before the commit window closes the seller commits k shill
 * bids at amounts s₁ < … < s_k, each with a bond b. The seller opens last, after seeing every real opening, so
 * it knows the highest real bid B1 and the runner-up B2. Its best reply:
 *  - open every shill ≤ B1: it cannot win (ties go to earlier commitments) and gets its bond back, and the
 *    largest one lifts the price to max(B2, r, largest shill ≤ B1);
 *  - a shill above B1 would win if opened. Either withhold all of them (w of them: w·b burned, sale goes
 *    through at the lifted price q) or open them, so a shill wins and the seller keeps the lot (worth
 *    lotValue, no bond lost, and the real winner's payment is not received). It picks max(q − w·b, lotValue).
 * Without shills the seller gets max(B2, r) if B1 ≥ r, else keeps the lot. The gain from shilling is the
 * difference. (This best reply dominates "open only the largest shill below B1": opening lower shills is free.)
 *
 * Consequence: with a very large bond the seller always opens a winning shill, which is a hidden reserve at
 * s_k, so shilling cannot beat the optimal public reserve; with no public reserve it always can (it works as
 * the reserve the seller did not set), and no bond stops it. The bond therefore only has to remove the value
 * of *choosing after the fact*, and is computed for an auction run at the optimal reserve.
 *
 * Expected values are closed forms in J(x) = ∫F^(n−1), K(x) = ∫F^n (see order-statistics.ts): conditioning on
 * B1 = x, B2 has cdf (F(t)/F(x))^(n−1) on [lo, x], and between consecutive breakpoints (the shill amounts and
 * lotValue + w·b) the seller's choice has a fixed form.
 */
import type { Address } from "viem";
import { computeOutcome, type OutcomeInput } from "../auction.js";
import type { Distribution } from "./distributions.js";
import { optimalReserve } from "./myerson.js";
import { powerIntegrals, type PowerIntegrals } from "./order-statistics.js";
import { createRng } from "./random.js";
import { estimateFrom, toAmount, fromAmount, type Estimate } from "./simulate.js";

export interface ShillOptions {
  /** Public reserve of the auction (default: the optimal reserve for this distribution and n). */
  reserve?: number;
  /** The lot's value to the seller when a shill wins it back (default 0). */
  lotValue?: number;
}

/** Expected effects of one shill placement at one bond, per auction, relative to selling honestly. */
export interface ShillOutcome {
  amounts: number[];
  bond: number;
  /** Expected price increase on the sales that go through. */
  gain: number;
  /** Expected bonds burned on withheld shills. */
  forfeited: number;
  /** Expected revenue lost by letting a shill win (minus the lot's value to the seller). */
  cancelled: number;
  /** gain − forfeited − cancelled: the seller's expected profit from shilling. */
  net: number;
}

interface PointValues {
  F: number;
  J: number;
  K: number;
}

/** Everything about (distribution, n, reserve, lot value) that the closed forms reuse. */
export interface ShillModel {
  readonly dist: Distribution;
  readonly bidders: number;
  readonly reserve: number;
  readonly lotValue: number;
  at(x: number): PointValues;
}

export function shillModel(dist: Distribution, bidders: number, options: ShillOptions = {}): ShillModel {
  const reserve = Math.max(dist.lo, options.reserve ?? optimalReserve(dist, bidders).reserve);
  const lotValue = options.lotValue ?? 0;
  if (!(lotValue >= 0)) throw new Error(`lot value must be ≥ 0, got ${lotValue}`);
  const integrals: PowerIntegrals = powerIntegrals(dist, bidders);
  const memo = new Map<number, PointValues>();
  const at = (x: number) => {
    let values = memo.get(x);
    if (values === undefined) {
      values = x >= dist.hi
        ? { F: 1, J: integrals.J(dist.hi), K: integrals.K(dist.hi) }
        : { F: x <= dist.lo ? 0 : dist.cdf(x), J: integrals.J(x), K: integrals.K(x) };
      memo.set(x, values);
    }
    return values;
  };
  return { dist, bidders, reserve, lotValue, at };
}

/** Closed-form expected gain, burned bonds, lost sales and net profit of shills at `amounts` with bond `bond`. */
export function expectedShillOutcome(model: ShillModel, amounts: readonly number[], bond: number): ShillOutcome {
  const { dist, bidders: n, reserve: r, lotValue } = model;
  const shills = amounts.filter((s) => s > r).sort((a, b) => a - b);
  const result: ShillOutcome = { amounts: [...amounts].sort((a, b) => a - b), bond, gain: 0, forfeited: 0, cancelled: 0, net: 0 };
  const k = shills.length;
  if (k === 0 || r >= dist.hi) return result;
  const top = dist.hi;
  const cuts = new Set<number>();
  for (const s of shills) if (s < top) cuts.add(s);
  for (let w = 1; w <= k; w++) {
    const threshold = lotValue + w * bond;
    if (threshold > r && threshold < top) cuts.add(threshold);
  }
  const points = [r, ...[...cuts].sort((a, b) => a - b), top];
  const jr = model.at(r).J;
  let below = 0; // shills ≤ the current piece's lower end
  let withheld = k; // shills ≥ the current piece's upper end
  for (let p = 0; p + 1 < points.length; p++) {
    const pa = points[p];
    const pb = points[p + 1];
    while (below < k && shills[below] <= pa) below++;
    while (withheld > 0 && shills[k - withheld] < pb) withheld--;
    const a = model.at(pa);
    const ua = a.F;
    const ub = pb === Infinity ? 1 : model.at(pb).F;
    if (!(ub > ua)) continue;
    const du = ub - ua;
    const duPower = ub ** n - ua ** n;
    const lifted = below > 0 ? Math.max(r, shills[below - 1]) : r; // price floor set by opened shills
    if (withheld === 0) {
      result.gain += n * (model.at(lifted).J - jr) * du;
      continue;
    }
    const burned = bond * withheld;
    const threshold = lotValue + burned; // withhold iff max(B2, lifted) ≥ threshold
    if (lifted >= threshold) {
      result.gain += n * (model.at(lifted).J - jr) * du;
      result.forfeited += burned * duPower;
    } else if (threshold <= pa) {
      // Withhold only when B2 ≥ threshold (no price lift then); otherwise let a shill win.
      const t = model.at(threshold);
      const othersBelow = t.F ** (n - 1);
      result.forfeited += burned * (duPower - n * othersBelow * du);
      result.cancelled += n * ((threshold - lotValue) * othersBelow - (t.J - jr)) * du;
    } else {
      // threshold ≥ B1 on the whole piece: always let a shill win. E[net] = Δ[L·u^n − x·u^n + n·J·u − (n−1)·K] − n·J(r)·Δu.
      const b = model.at(pb);
      const term = (x: number, v: PointValues) => lotValue * v.F ** n - x * v.F ** n + n * v.J * v.F - (n - 1) * v.K;
      result.cancelled -= term(pb, b) - term(pa, a) - n * jr * du;
    }
  }
  result.net = result.gain - result.forfeited - result.cancelled;
  return result;
}

/**
 * Candidate shill amounts: quantiles at evenly spaced probability levels above F(reserve), refined
 * geometrically towards both ends. The end next to the reserve matters: a shill just above the optimal
 * reserve r* gains (1 − F)/f = r* per unit of forfeited risk, so the deterring bond is approached there.
 */
export function shillCandidates(model: ShillModel, count = 128): number[] {
  const { dist, reserve } = model;
  const u0 = reserve <= dist.lo ? 0 : dist.cdf(reserve);
  const fractions: number[] = [];
  for (let j = 16; j >= 1; j--) fractions.push(2 ** -j / count);
  for (let i = 1; i < count; i++) fractions.push(i / count);
  for (let j = 1; j <= 16; j++) fractions.push(1 - 2 ** -j / count);
  const candidates: number[] = [];
  for (const fraction of fractions) {
    const x = dist.quantile(u0 + (1 - u0) * fraction);
    if (x > reserve && x < dist.hi && (candidates.length === 0 || x > candidates[candidates.length - 1])) candidates.push(x);
  }
  return candidates;
}

/**
 * The seller's most profitable placement of k shills among the candidates at this bond: best single shill,
 * then add one shill at a time (best addition) and polish by coordinate ascent.
 */
export function bestShillPlacement(model: ShillModel, k: number, bond: number, candidates = shillCandidates(model)): ShillOutcome {
  let best = expectedShillOutcome(model, [], bond);
  let amounts: number[] = [];
  for (let size = 1; size <= k; size++) {
    let bestAddition = -Infinity;
    let addition: ShillOutcome | null = null;
    for (const c of candidates) {
      const outcome = expectedShillOutcome(model, [...amounts, c], bond);
      if (outcome.net > bestAddition) {
        bestAddition = outcome.net;
        addition = outcome;
      }
    }
    best = addition!;
    amounts = [...best.amounts];
    for (let sweep = 0, improved = size > 1; sweep < 6 && improved; sweep++) {
      improved = false;
      for (let j = 0; j < amounts.length; j++) {
        for (const c of candidates) {
          const trial = [...amounts];
          trial[j] = c;
          const outcome = expectedShillOutcome(model, trial, bond);
          if (outcome.net > best.net + 1e-15) {
            best = outcome;
            amounts = trial;
            improved = true;
          }
        }
      }
    }
  }
  return best;
}

/**
 * Smallest bond b with max over placements of E[net profit of k shills] ≤ 0 (up to 1e-9 of the mean value), by
 * bisection (the profit of every placement falls as the bond rises). Infinity when no bond up to the largest
 * candidate deters it (e.g. without a reserve, where shills act as a hidden reserve).
 */
export function smallestDeterringBond(model: ShillModel, k: number, candidates = shillCandidates(model)): number {
  const tolerance = 1e-9 * Math.max(model.dist.mean, 1e-12);
  const deters = (bond: number) => bestShillPlacement(model, k, bond, candidates).net <= tolerance;
  if (candidates.length === 0 || deters(0)) return 0;
  // At a bond ≥ every amount the seller always opens a winning shill, so larger bonds change nothing.
  let high = candidates[candidates.length - 1] + model.lotValue;
  if (!deters(high)) return Infinity;
  let low = 0;
  while (high - low > 1e-6 * high) {
    const middle = (low + high) / 2;
    if (deters(middle)) high = middle;
    else low = middle;
  }
  return high;
}

/** (1 − F(r))/f(r) when a shill just above the reserve has a first-order effect (F(r) > 0 or n = 1), else 0. */
export function marginalShillBond(model: ShillModel): number {
  const { dist, bidders, reserve } = model;
  const density = dist.pdf(reserve);
  const weight = bidders * (reserve <= dist.lo ? (bidders === 1 ? 1 : 0) : dist.cdf(reserve) ** (bidders - 1)) * density;
  return weight > 0 && reserve < dist.hi ? dist.survival(reserve) / density : 0;
}

export interface ShillReportRow {
  k: number;
  /** Smallest bond making k shills unprofitable. */
  deterringBond: number;
  /** Seller's best k-shill placement when the bond is 0 (withholding is free). */
  atZeroBond: ShillOutcome;
  /** Seller's best k-shill placement at the recommended bond (net ≤ 0). */
  atRecommendedBond: ShillOutcome;
}

export interface BondRecommendation {
  /** Smallest bond making shilling with up to maxShills shills unprofitable. */
  bond: number;
  reserve: number;
  lotValue: number;
  rows: ShillReportRow[];
}

/**
 * recommendedBond: the smallest bond such that max over k ≤ maxShills of E[gain − cost] ≤ 0, at the given
 * (default: optimal) reserve. For every distribution tried (uniform, exponential, truncated normal, lognormal,
 * bimodal samples; 2–10 bidders; up to 3 shills) the binding placement is one shill just above the reserve, so
 * the bond equals the marginal bound (1 − F(r))/f(r), which is r itself at the optimal reserve.
 */
export function recommendedBond(
  dist: Distribution, bidders: number, options: ShillOptions & { maxShills?: number; candidates?: number } = {},
): BondRecommendation {
  const model = shillModel(dist, bidders, options);
  const candidates = shillCandidates(model, options.candidates ?? 128);
  const maxShills = options.maxShills ?? 3;
  if (!Number.isInteger(maxShills) || maxShills < 1) throw new Error(`maxShills must be a positive integer, got ${maxShills}`);
  // The search approaches the answer from below (the critical shill sits just above the reserve), so the
  // analytic marginal bound is a floor: for bond < (1 − F(r))/f(r) a shill at r + ε gains
  // n·F(r)^(n−1)·f(r)·ε·((1 − F(r))/f(r) − bond) > 0. At an interior optimal reserve that bound equals r.
  const marginalBond = marginalShillBond(model);
  const bonds: number[] = [];
  for (let k = 1; k <= maxShills; k++) bonds.push(Math.max(marginalBond, smallestDeterringBond(model, k, candidates)));
  const bond = Math.max(0, ...bonds);
  const rows = bonds.map((deterringBond, i) => ({
    k: i + 1,
    deterringBond,
    atZeroBond: bestShillPlacement(model, i + 1, 0, candidates),
    atRecommendedBond: bestShillPlacement(model, i + 1, Number.isFinite(bond) ? bond : candidates[candidates.length - 1] ?? 0, candidates),
  }));
  return { bond, reserve: model.reserve, lotValue: model.lotValue, rows };
}

/** One auction's seller payoff with and without shills (fast path; `shills` sorted ascending). */
export interface ShillSettlement {
  honest: number;
  withShills: number;
  gain: number;
  forfeited: number;
  cancelled: number;
}

export function settleShillsFast(
  bids: ArrayLike<number>, count: number, shills: ArrayLike<number>, reserve: number, bond: number, lotValue: number,
  out: ShillSettlement,
): ShillSettlement {
  let first = -Infinity;
  let second = 0;
  for (let i = 0; i < count; i++) {
    const bid = bids[i];
    if (bid > first) {
      if (first > second) second = first;
      first = bid;
    } else if (bid > second) second = bid;
  }
  out.gain = 0;
  out.forfeited = 0;
  out.cancelled = 0;
  if (!(first >= reserve)) {
    // Unsold either way (opening every shill at worst lets one win the lot back).
    out.honest = lotValue;
    out.withShills = lotValue;
    return out;
  }
  const honest = second > reserve ? second : reserve;
  let lifted = honest;
  let withheld = 0;
  for (let j = 0; j < shills.length; j++) {
    if (shills[j] <= first) {
      if (shills[j] > lifted) lifted = shills[j];
    } else withheld++;
  }
  out.honest = honest;
  const burned = withheld * bond;
  if (withheld === 0 || lifted - burned >= lotValue) {
    out.withShills = lifted - burned;
    out.gain = lifted - honest;
    out.forfeited = burned;
  } else {
    out.withShills = lotValue;
    out.cancelled = honest - lotValue;
  }
  return out;
}

const address = (i: number) => `0x${(i + 1).toString(16).padStart(40, "0")}` as Address;

/**
 * The same settlement through computeOutcome on integer amounts: bidders commit first (orders 1..n), shills
 * after (n+1..n+k). The seller evaluates "withhold the shills above the highest real bid" and "open all" and
 * takes the better; payoff = price if a real bidder wins, lotValue otherwise, minus burned bonds.
 */
export function settleShillsReference(
  bids: readonly bigint[], shills: readonly bigint[], reserve: bigint, bond: bigint, lotValue: bigint,
): { honest: bigint; withShills: bigint } {
  const n = bids.length;
  const commitments = [...bids, ...shills].map((amount, i) => ({
    bidder: address(i), order: i + 1, deposit: amount > bond ? amount : bond,
  }));
  const realOpenings = bids.map((amount, i) => ({ bidder: address(i), amount }));
  const highest = bids.reduce((m, b) => (b > m ? b : m), -1n);
  const payoff = (openings: OutcomeInput["openings"], withCommitments: OutcomeInput["commitments"]) => {
    const o = computeOutcome({
      format: "second-price", bond, floorReserve: reserve, sealedReserve: { committed: false },
      commitments: withCommitments, openings,
    });
    const realWinner = o.winner !== null && parseInt(o.winner.slice(2), 16) <= n;
    return (realWinner ? o.price : lotValue) - o.burned;
  };
  const honest = payoff(realOpenings, commitments.slice(0, n));
  const shillOpenings = shills.map((amount, j) => ({ bidder: address(n + j), amount }));
  const withhold = payoff([...realOpenings, ...shillOpenings.filter((o) => o.amount <= highest)], commitments);
  const openAll = payoff([...realOpenings, ...shillOpenings], commitments);
  return { honest, withShills: withhold > openAll ? withhold : openAll };
}

export interface ShillSimulation {
  net: Estimate;
  gain: Estimate;
  forfeited: Estimate;
  cancelled: Estimate;
}

/** Monte-Carlo estimate of the shill effects (truthful second-price bidders), fast or reference settlement. */
export function simulateShilling(
  dist: Distribution, bidders: number, amounts: readonly number[], bond: number,
  options: ShillOptions & { auctions: number; seed: number; path?: "fast" | "reference" },
): ShillSimulation {
  const reserve = Math.max(dist.lo, options.reserve ?? optimalReserve(dist, bidders).reserve);
  const lotValue = options.lotValue ?? 0;
  const shills = Float64Array.from(amounts).sort();
  const rng = createRng(options.seed);
  const bids = new Float64Array(bidders);
  const out: ShillSettlement = { honest: 0, withShills: 0, gain: 0, forfeited: 0, cancelled: 0 };
  const sums = { net: [0, 0], gain: [0, 0], forfeited: [0, 0], cancelled: [0, 0] };
  const add = (key: keyof typeof sums, x: number) => {
    sums[key][0] += x;
    sums[key][1] += x * x;
  };
  for (let a = 0; a < options.auctions; a++) {
    for (let i = 0; i < bidders; i++) bids[i] = dist.sample(rng);
    settleShillsFast(bids, bidders, shills, reserve, bond, lotValue, out);
    if (options.path === "reference") {
      const settled = settleShillsReference(
        Array.from(bids, toAmount), Array.from(shills, toAmount), toAmount(reserve), toAmount(bond), toAmount(lotValue),
      );
      add("net", fromAmount(settled.withShills) - fromAmount(settled.honest));
    } else {
      add("net", out.withShills - out.honest);
    }
    add("gain", out.gain);
    add("forfeited", out.forfeited);
    add("cancelled", out.cancelled);
  }
  const n = options.auctions;
  return {
    net: estimateFrom(sums.net[0], sums.net[1], n),
    gain: estimateFrom(sums.gain[0], sums.gain[1], n),
    forfeited: estimateFrom(sums.forfeited[0], sums.forfeited[1], n),
    cancelled: estimateFrom(sums.cancelled[0], sums.cancelled[1], n),
  };
}
