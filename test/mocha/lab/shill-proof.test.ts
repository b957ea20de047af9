import "../near.js";
import { expect } from "chai";
import { credibleDefaults, revealWindowWarning, shillProofVerdict } from "../../../lib/credible.js";
import {
  bestShillGrid, expectedShillOutcome, exponential, logNormal, lomax, optimalReserve, shillCacheMisses, shillGridModel, shillModel,
  shillProofBond, simulateShilling, truncatedNormal, uniform, type Distribution,
} from "../../../lib/lab/index.js";

const secondPrice = (dist: Distribution, bidders: number, bond: number, reserve?: number) =>
  shillProofVerdict({ dist, bidders, format: "second-price", reserve: reserve ?? optimalReserve(dist, bidders).reserve, bond });

describe("lab: shill-proofness against shill grids of any size", () => {
  const settings = [
    { dist: uniform(0, 1), n: 5 },
    { dist: exponential(1), n: 3 },
    { dist: lomax(3, 1), n: 30 },
    { dist: logNormal(0, 1), n: 4 },
  ];

  for (const { dist, n } of settings) {
    it(`${dist.label}, ${n} bidders: the DP's value of its grid = the independent closed form for that grid`, () => {
      const r = optimalReserve(dist, n).reserve;
      const model = shillGridModel(dist, n);
      for (const bond of [0, r / 4, r / 2, 0.9 * r]) {
        const grid = bestShillGrid(model, bond);
        const check = expectedShillOutcome(shillModel(dist, n, { reserve: r }), grid.amounts, bond).net;
        expect(grid.gain, `bond ${bond}`).to.be.near(check, 1e-9 * r);
      }
    });
  }

  for (const { dist, n } of settings.slice(0, 3)) {
    it(`${dist.label}, ${n} bidders: the best gain falls with the bond and is 0 from f* on`, () => {
      const model = shillGridModel(dist, n);
      const fStar = shillProofBond(model);
      let previous = Infinity;
      for (let j = 0; j <= 12; j++) {
        const bond = (fStar * j) / 10;
        const { gain } = bestShillGrid(model, bond);
        expect(gain, `bond ${bond}`).to.be.at.most(previous + 1e-15);
        if (j < 10) expect(gain, `bond ${bond}`).to.be.above(0);
        else expect(gain, `bond ${bond}`).to.be.at.most(1e-12);
        previous = gain;
      }
    });
  }

  it("Monte Carlo (shared settlement) agrees with the exact gain of the optimal grid", () => {
    for (const { dist, n, bond } of [
      { dist: uniform(0, 1), n: 5, bond: 0.25 },
      { dist: exponential(1), n: 3, bond: 0.5 },
      { dist: uniform(0, 1), n: 5, bond: 0.02 }, // many shills
      { dist: lomax(3, 1), n: 100, bond: 0.7 }, // a grid reaching into the tail
    ]) {
      const grid = bestShillGrid(shillGridModel(dist, n), bond);
      const simulated = simulateShilling(dist, n, grid.amounts, bond, { auctions: 60_000, seed: 9 });
      const standardError = simulated.net.sd / Math.sqrt(simulated.net.count);
      expect(grid.gain, `${dist.label} bond ${bond}`).to.be.near(simulated.net.mean, 4 * standardError);
      expect(grid.gain).to.be.above(4 * standardError); // the gain is real, not noise
    }
  });

  it("bond 0, no reserve: shilling pays and a dense grid takes almost all of B1 − B2 (uniform, 5 bidders: 1/6)", () => {
    const model = shillGridModel(uniform(0, 1), 5, { reserve: 0 });
    const grid = bestShillGrid(model, 0);
    expect(grid.gain).to.be.within(0.97 / 6, 1 / 6);
    expect(grid.amounts.length).to.be.above(50);
    // Without a reserve no bond is enough: a shill opened when bids disappoint is a hidden reserve.
    expect(shillProofBond(model)).to.equal(Infinity);
    const verdict = secondPrice(uniform(0, 1), 5, 100, 0);
    expect(verdict.verdict).to.equal("not shill-proof");
    expect(verdict.explanation).to.match(/No bond removes it/);
  });

  // Ferreira–Weinberg's DRA: collateral r* for MHR values.
  for (const { dist, n, expected } of [
    { dist: uniform(0, 1), n: 5, expected: 0.5 },
    { dist: exponential(1), n: 3, expected: 1 },
    { dist: exponential(2), n: 10, expected: 0.5 },
    { dist: uniform(2, 10), n: 4, expected: 5 },
    { dist: truncatedNormal(1, 0.5, 0, Infinity), n: 5, expected: NaN },
  ]) {
    it(`MHR ${dist.label}, ${n} bidders: f* = r* (the DRA's collateral), not approached from above by any grid`, () => {
      const r = optimalReserve(dist, n).reserve;
      if (!Number.isNaN(expected)) expect(r).to.be.near(expected, 1e-9 * expected);
      const model = shillGridModel(dist, n);
      expect(shillProofBond(model)).to.be.near(r, 1e-9 * r);
      expect(bestShillGrid(model, r).gain).to.be.at.most(1e-12 * r);
      // Just below r* a single shill just above the reserve pays: the bound is tight.
      const below = bestShillGrid(model, 0.95 * r);
      expect(below.gain).to.be.above(0);
      expect(below.amounts.length).to.be.at.least(1);
    });
  }

  it("α-strongly regular (Lomax, α = 2/3): f* = r* for few bidders, then larger and growing with n", () => {
    const dist = lomax(3, 1); // r* = λ/(a − 1) = 1/2, inverse hazard (1 + x)/3
    const bonds = [3, 10, 30, 100].map((n) => {
      expect(optimalReserve(dist, n).reserve).to.be.near(0.5, 1e-9);
      return shillProofBond(shillGridModel(dist, n));
    });
    expect(bonds[0]).to.be.near(0.5, 1e-9);
    expect(bonds[1]).to.be.near(0.5, 1e-9);
    expect(bonds[2]).to.be.above(0.55);
    expect(bonds[3]).to.be.above(bonds[2] * 1.3);
    // The seller's best grid just below f* reaches where the top bid lies (Q(1 − 1/n) ≈ 3.6 for n = 100) ...
    const grid = bestShillGrid(shillGridModel(dist, 100), 0.99 * bonds[3]);
    expect(grid.gain).to.be.above(0);
    expect(Math.max(...grid.amounts)).to.be.above(2);
    // ... and f* stays below the inverse hazard there, the most a shill can gain per unit of risked bond.
    expect(bonds[3]).to.be.below((1 + Math.max(...grid.amounts)) / 3);
  });

  // The settings recorded in the lab's report.
  for (const { dist, n, r, gainAtHalf } of [
    { dist: uniform(0, 1), n: 5, r: 0.5, gainAtHalf: [0.0084, 0.0086] },
    { dist: exponential(1), n: 3, r: 1, gainAtHalf: [0.0625, 0.0635] },
  ]) {
    it(`verdicts: ${dist.label}, ${n} bidders, second price at r* = ${r}: not shill-proof at bond r/2, shill-proof at r`, () => {
      const half = secondPrice(dist, n, r / 2);
      expect(half.reserve).to.be.near(r, 1e-9);
      expect(half.verdict).to.equal("not shill-proof");
      expect(half.bestShillGain).to.be.within(gainAtHalf[0], gainAtHalf[1]);
      expect(half.shillProofBond).to.be.near(r, 1e-9);
      expect(half.grid).to.have.lengthOf(1);
      const full = secondPrice(dist, n, r);
      expect(full.verdict).to.equal("shill-proof");
      expect(full.bestShillGain).to.equal(0);
      expect(full.explanation).to.match(/veto/);
    });
  }

  it("first price is shill-proof whatever the bond; the veto is stated, and pays only a seller valuing the lot above the reserve", () => {
    const proof = shillProofVerdict({ dist: uniform(0, 1), bidders: 5, format: "first-price", reserve: 0.5, bond: 0 });
    expect(proof.verdict).to.equal("shill-proof");
    expect(proof.bestShillGain).to.equal(0);
    expect(proof.explanation).to.match(/pays its own bid/);
    expect(proof.explanation).to.match(/veto/);
    const veto = shillProofVerdict({ dist: uniform(0, 1), bidders: 5, format: "first-price", reserve: 0.2, bond: 1, lotValue: 0.6 });
    expect(veto.verdict).to.equal("not shill-proof");
    expect(veto.bestShillGain).to.be.above(0);
  });

  it("credibleDefaults: second price, r*, f*", () => {
    expect(credibleDefaults({ dist: uniform(0, 1), bidders: 5 })).to.deep.equal({ format: "second-price", reserve: 0.5, bond: 0.5 });
    const exp = credibleDefaults({ dist: exponential(1), bidders: 3 });
    expect(exp.reserve).to.be.near(1, 1e-12);
    expect(exp.bond).to.be.near(1, 1e-9);
  });

  // The time a verdict takes is measured by bench:lab, not asserted here (a loaded machine is not a failure).
  it("fast enough for a form: a re-parsed distribution hits the cache (no model or bond is rebuilt)", () => {
    const first = secondPrice(uniform(0, 3), 6, 0.3); // builds the model and f*
    const misses = shillCacheMisses();
    for (const bond of [0.1, 0.7, 1.2, 1.6]) {
      const again = secondPrice(uniform(0, 3), 6, bond); // a new object with the same label
      expect(again.shillProofBond, `bond ${bond}`).to.equal(first.shillProofBond);
    }
    expect(shillCacheMisses()).to.equal(misses);
    secondPrice(uniform(0, 4), 6, 0.3); // another distribution is another model
    expect(shillCacheMisses()).to.be.above(misses);
  });

  it("rejects bad input", () => {
    expect(() => secondPrice(uniform(0, 1), 5, -1)).to.throw(/bond must be a finite number ≥ 0/);
    expect(() => secondPrice(uniform(0, 1), 5, Infinity)).to.throw(/bond must be a finite number ≥ 0/);
    expect(() => shillGridModel(uniform(0, 1), 0)).to.throw(/bidders must be a positive integer/);
  });
});

describe("revealWindowWarning", () => {
  it("warns under an hour on a public chain, with the censorship cost", () => {
    const warning = revealWindowWarning(600, "public");
    expect(warning).to.match(/^A 10-minute reveal window \(about 50 blocks\) can be censored/);
    expect(warning).to.match(/priority fee per block/);
    expect(warning).to.match(/ETH/);
    expect(revealWindowWarning(1800, "public")).to.match(/prohibitive/);
  });

  it("is silent from one hour on, and on a local chain", () => {
    expect(revealWindowWarning(3600, "public")).to.equal(null);
    expect(revealWindowWarning(86_400, "public")).to.equal(null);
    expect(revealWindowWarning(60, "local")).to.equal(null);
    expect(() => revealWindowWarning(-1, "public")).to.throw(/reveal window/);
  });
});
