import "../near.js";
import { expect } from "chai";
import {
  bestShillPlacement, createRng, expectedShillOutcome, exponential, logNormal, marginalShillBond, optimalReserve,
  recommendedBond, settleShillsFast, settleShillsReference, shillModel, simulateShilling, uniform,
  type ShillSettlement,
} from "../../../lib/lab/index.js";

describe("lab: shill bids", () => {
  it("fast shill settlement = the seller's best reply computed with computeOutcome (3000 random auctions)", () => {
    const rng = createRng(17);
    const out: ShillSettlement = { honest: 0, withShills: 0, gain: 0, forfeited: 0, cancelled: 0 };
    let withheld = 0;
    let cancelled = 0;
    for (let a = 0; a < 3000; a++) {
      const n = 1 + Math.floor(rng() * 6);
      const k = 1 + Math.floor(rng() * 3);
      const int = (range: number) => Math.floor(rng() * range);
      const bids = Array.from({ length: n }, () => int(20));
      const shills = Array.from({ length: k }, () => int(22)).sort((x, y) => x - y);
      const reserve = rng() < 0.3 ? 0 : int(15);
      const bond = int(12);
      const lotValue = rng() < 0.7 ? 0 : int(8);
      settleShillsFast(bids, n, shills, reserve, bond, lotValue, out);
      const reference = settleShillsReference(bids.map(BigInt), shills.map(BigInt), BigInt(reserve), BigInt(bond), BigInt(lotValue));
      expect(out.honest, `auction ${a}`).to.equal(Number(reference.honest));
      expect(out.withShills, `auction ${a}`).to.equal(Number(reference.withShills));
      expect(out.withShills - out.honest).to.equal(out.gain - out.forfeited - out.cancelled);
      if (out.forfeited > 0) withheld++;
      if (out.cancelled > 0) cancelled++;
    }
    expect(withheld).to.be.above(100);
    expect(cancelled).to.be.above(100);
  });

  const cases = [
    { dist: uniform(0, 1), amounts: [0.6, 0.8], bond: 0.2, reserve: undefined },
    { dist: uniform(0, 1), amounts: [0.6, 0.8], bond: 0.2, reserve: 0 },
    { dist: exponential(2), amounts: [0.7, 1.1, 1.6], bond: 0.3, reserve: undefined },
    { dist: logNormal(0, 1), amounts: [1.5, 2.5], bond: 0.8, reserve: 1 },
  ];
  for (const { dist, amounts, bond, reserve } of cases) {
    it(`${dist.label}, shills ${amounts}, bond ${bond}, reserve ${reserve ?? "optimal"}: closed form matches simulation`, () => {
      const model = shillModel(dist, 4, { reserve });
      const exact = expectedShillOutcome(model, amounts, bond);
      const simulated = simulateShilling(dist, 4, amounts, bond, { reserve, auctions: 60_000, seed: 3 });
      // 16 comparisons in these cases: 4 standard errors (not the 95% interval) keeps chance failures negligible.
      for (const key of ["net", "gain", "forfeited", "cancelled"] as const) {
        const standardError = simulated[key].sd / Math.sqrt(simulated[key].count);
        expect(exact[key], key).to.be.near(simulated[key].mean, 4 * standardError + 1e-12);
      }
    });
  }

  it("the reference settlement (computeOutcome) gives the same simulated profit", () => {
    const options = { auctions: 800, seed: 4 };
    const fast = simulateShilling(uniform(0, 1), 3, [0.55, 0.7], 0.1, options);
    const reference = simulateShilling(uniform(0, 1), 3, [0.55, 0.7], 0.1, { ...options, path: "reference" });
    expect(reference.net.mean).to.be.near(fast.net.mean, 1e-11);
  });

  it("uniform[0, 1]: the recommended bond equals the optimal reserve 1/2 and deters up to 3 shills", () => {
    const recommendation = recommendedBond(uniform(0, 1), 5, { maxShills: 3 });
    expect(recommendation.reserve).to.be.near(0.5, 1e-12);
    expect(recommendation.bond).to.be.near(0.5, 1e-9);
    for (const row of recommendation.rows) {
      expect(row.atZeroBond.net).to.be.above(0.03); // free withholding pays
      expect(row.atRecommendedBond.net).to.be.at.most(1e-9);
    }
    // Gains grow with the number of shills when withholding is free.
    const gains = recommendation.rows.map((row) => row.atZeroBond.net);
    expect(gains[1]).to.be.above(gains[0]);
    expect(gains[2]).to.be.above(gains[1]);
    // Just below the bond a shill just above the reserve pays.
    const model = shillModel(uniform(0, 1), 5);
    expect(expectedShillOutcome(model, [0.5 + 1e-3], 0.45).net).to.be.above(0);
  });

  it("the marginal bound (1 − F(r*))/f(r*) equals r* for regular distributions", () => {
    for (const dist of [exponential(2), logNormal(0, 1)]) {
      const model = shillModel(dist, 5);
      expect(marginalShillBond(model)).to.be.near(optimalReserve(dist, 5).reserve, 1e-9);
    }
  });

  it("without a reserve no bond deters shilling (a shill works as a hidden reserve)", () => {
    const recommendation = recommendedBond(uniform(0, 1), 5, { reserve: 0, maxShills: 1 });
    expect(recommendation.bond).to.equal(Infinity);
    const model = shillModel(uniform(0, 1), 5, { reserve: 0 });
    expect(bestShillPlacement(model, 1, 1e6).net).to.be.above(0.004);
  });
});
