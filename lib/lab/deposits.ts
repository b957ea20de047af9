/**
 * What public deposits do to the game, and what hiding them (rule 16, hidden deposits) undoes.
 *
 * A deposit bounds its bid (a bid is valid only if amount ≤ deposit), so a public deposit is an upper bound on
 * the bid behind it, visible to everyone who commits later. Bidders pad their deposits to blur that bound:
 * here each deposit is bid × (1 + padding × U), U uniform on [0, 1] and private, so `padding` is the largest
 * fractional padding (0 = deposit exactly the bid, the worst case).
 *
 * First price (no reserve). n − 1 early bidders commit their symmetric equilibrium bids b(v); one late bidder
 * commits after seeing D, the largest early deposit, which bounds every other bid. It deviates only where the
 * deviation needs no beliefs: when D ≤ b(v) it bids D (plus one wei, the limit taken here), still wins for sure
 * and pays less. With padding 0, D is the top bid itself, so bidding D whenever v > D is its exact best reply.
 * A fully Bayesian late bidder would also shade when b(v) < D, so the seller's loss here is a lower bound.
 * The early bidders are held at the equilibrium (a partial-equilibrium measure of the late bidder's edge).
 * With hidden deposits every commitment shows the same bond, D says nothing, and bids stay b(v).
 *
 * Second price (Vickrey). Truthful bidding stays dominant, so deposits change no rational bid; but a seller who
 * commits a shill last sees every deposit, and max D_i/(1 + padding) ≤ the top bid. A shill there is never
 * above the top bid, so it is always opened and refunded: no bond deters it (the bond only prices withholding,
 * see shill.ts). Its gain is compared with the blind seller's best single shill at the same reserve and bond
 * (bestShillPlacement), which is all a seller can do when every deposit is the bond.
 */
import type { Distribution } from "./distributions.js";
import { optimalReserve } from "./myerson.js";
import { createRng } from "./random.js";
import { firstPriceBid, firstPriceRevenue } from "./revenue.js";
import { bestShillPlacement, settleShillsFast, shillCandidates, shillModel, type ShillSettlement } from "./shill.js";
import { bidTable, estimateFrom, tabulatedBid, type Estimate } from "./simulate.js";

export interface DepositOptions {
  /** Largest fractional padding of a public deposit over its bid (≥ 0). */
  padding: number;
  auctions: number;
  seed: number;
  /** Second price: public reserve (default: the optimal reserve). */
  reserve?: number;
  /** Second price: bond of a commitment (default 0). */
  bond?: number;
}

export interface DepositRow {
  padding: number;
  /** First price, hidden deposits: the equilibrium revenue, simulated and exact. */
  hiddenRevenue: Estimate;
  exactHiddenRevenue: number;
  /** First price, public deposits: the late bidder shades to the largest early deposit. */
  publicRevenue: Estimate;
  /** hidden − public revenue on the same draws. */
  revenueLoss: Estimate;
  /** The late bidder's payoff with public minus hidden deposits, on the same draws. */
  lateGain: Estimate;
  /** Fraction of auctions in which the late bidder shaded to the bound. */
  lateShaded: Estimate;
  /** Second price: gain of a shill just under the top bid's lower bound, seen in the deposits. */
  informedShillGain: Estimate;
  /** Second price: best expected net of one shill placed blind (hidden deposits), at the same reserve and bond. */
  blindShillNet: number;
  reserve: number;
  bond: number;
}

/** One first-price auction with public deposits: the late bidder's deviation, the winner and the price. */
export interface PublicDepositOutcome {
  lateWins: boolean;
  /** The late bidder bid the largest early deposit instead of its equilibrium bid. */
  lateShades: boolean;
  price: number;
}

/**
 * Settles one first-price auction in which the late bidder (committing last, so it loses ties) sees the largest
 * early deposit. Padding 0: the deposit is the top early bid, and bidding it plus one wei whenever the value
 * exceeds it is the exact best reply. Padding > 0: it shades to the deposit only when its equilibrium bid would
 * have won anyway (bid ≥ deposit), a pathwise gain that needs no beliefs about the padding.
 */
export function settlePublicDeposits(
  topEarlyBid: number, topEarlyDeposit: number, lateValue: number, lateBid: number, padding: number,
  out: PublicDepositOutcome,
): PublicDepositOutcome {
  out.lateShades = padding === 0 ? lateValue > topEarlyDeposit : topEarlyDeposit <= lateBid;
  if (out.lateShades) {
    out.lateWins = true;
    out.price = topEarlyDeposit; // + 1 wei, in the limit
  } else {
    out.lateWins = lateBid > topEarlyBid;
    out.price = out.lateWins ? lateBid : topEarlyBid;
  }
  return out;
}

/** One padding level; the same seed for every level, so rows differ only through the padding. */
export function simulateDeposits(dist: Distribution, bidders: number, options: DepositOptions): DepositRow {
  const { padding, auctions, seed } = options;
  if (!Number.isInteger(bidders) || bidders < 2) throw new Error(`deposits need at least 2 bidders, got ${bidders}`);
  if (!(Number.isFinite(padding) && padding >= 0)) throw new Error(`padding must be a finite number ≥ 0, got ${padding}`);
  if (!Number.isInteger(auctions) || auctions < 2) throw new Error(`auctions must be an integer ≥ 2, got ${auctions}`);
  const reserve = Math.max(dist.lo, options.reserve ?? optimalReserve(dist, bidders).reserve);
  const bond = options.bond ?? 0;
  const table = bidTable(dist, firstPriceBid(dist, bidders, 0), 0, 4096);
  const late = bidders - 1;
  // Values and paddings from separate streams, so padding 0 and padding P see the same values.
  const valueRng = createRng(seed, 0);
  const paddingRng = createRng(seed, 1);
  const values = new Float64Array(bidders);
  const shill = new Float64Array(1);
  const settled: ShillSettlement = { honest: 0, withShills: 0, gain: 0, forfeited: 0, cancelled: 0 };
  const publicOutcome: PublicDepositOutcome = { lateWins: false, lateShades: false, price: 0 };
  const sums = new Float64Array(12);
  const add = (k: number, x: number) => {
    sums[2 * k] += x;
    sums[2 * k + 1] += x * x;
  };
  for (let a = 0; a < auctions; a++) {
    let topEarlyBid = -Infinity;
    let topEarlyDeposit = 0;
    let lateBid = 0;
    let lateValue = 0;
    let informedShill = 0;
    for (let i = 0; i < bidders; i++) {
      const level = valueRng();
      const value = dist.quantile(level);
      values[i] = value;
      const bid = tabulatedBid(table, level, value);
      const stretch = 1 + padding * paddingRng();
      // Second price: truthful deposits value × stretch; the seller's safe shill is the largest lower bound.
      if (value / stretch > informedShill) informedShill = value / stretch;
      if (i === late) {
        lateBid = bid;
        lateValue = value;
      } else {
        if (bid > topEarlyBid) topEarlyBid = bid;
        if (bid * stretch > topEarlyDeposit) topEarlyDeposit = bid * stretch;
      }
    }
    // Hidden: the late bidder commits last, so it loses ties (earlier commitments win them).
    const lateWinsHidden = lateBid > topEarlyBid;
    const hiddenRevenue = lateWinsHidden ? lateBid : topEarlyBid;
    const lateHidden = lateWinsHidden ? lateValue - lateBid : 0;
    settlePublicDeposits(topEarlyBid, topEarlyDeposit, lateValue, lateBid, padding, publicOutcome);
    const latePublic = publicOutcome.lateWins ? lateValue - publicOutcome.price : 0;
    add(0, hiddenRevenue);
    add(1, publicOutcome.price);
    add(2, hiddenRevenue - publicOutcome.price);
    add(3, latePublic - lateHidden);
    add(4, publicOutcome.lateShades ? 1 : 0);
    shill[0] = informedShill;
    settleShillsFast(values, bidders, shill, reserve, bond, 0, settled);
    add(5, settled.withShills - settled.honest);
  }
  const estimate = (k: number) => estimateFrom(sums[2 * k], sums[2 * k + 1], auctions);
  const model = shillModel(dist, bidders, { reserve });
  return {
    padding,
    hiddenRevenue: estimate(0),
    exactHiddenRevenue: firstPriceRevenue(dist, bidders, 0),
    publicRevenue: estimate(1),
    revenueLoss: estimate(2),
    lateGain: estimate(3),
    lateShaded: estimate(4),
    informedShillGain: estimate(5),
    blindShillNet: Math.max(0, bestShillPlacement(model, 1, bond, shillCandidates(model)).net),
    reserve,
    bond,
  };
}

/** The rows of the lab's deposits table, one per padding level. */
export function depositTable(
  dist: Distribution, bidders: number, paddings: readonly number[], options: Omit<DepositOptions, "padding">,
): DepositRow[] {
  return paddings.map((padding) => simulateDeposits(dist, bidders, { ...options, padding }));
}
