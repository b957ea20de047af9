import "../near.js";
import { expect } from "chai";
import {
  allocationEfficiency, bulowKlemperer, checkRegularity, checkRevenueEquivalence, empirical, expectedVirtualSurplus,
  exponential, firstPriceBid, firstPriceRevenue, logNormal, optimalReserve, secondPriceRevenue, simulateAuctions,
  truncatedNormal, uniform, virtualValue, type Distribution,
} from "../../../lib/lab/index.js";
import { bimodalSample } from "./samples.js";

/** Uniform[0, 1], second price with reserve r: (n−1)/(n+1) + r^n − 2n·r^(n+1)/(n+1). */
const uniformRevenue = (n: number, r: number) => (n - 1) / (n + 1) + r ** n - (2 * n * r ** (n + 1)) / (n + 1);

const regular: Distribution[] = [uniform(0, 1), exponential(2), truncatedNormal(1, 1, 0, Infinity), logNormal(0, 1), logNormal(1, 0.5)];

describe("lab: virtual value and optimal reserve", () => {
  it("uniform[0, 1]: φ(r) = 2r − 1 and r* = 1/2 for every n", () => {
    const u = uniform(0, 1);
    for (const r of [0.1, 0.5, 0.9]) expect(virtualValue(u, r)).to.be.near(2 * r - 1, 1e-15);
    for (const n of [1, 2, 5, 10]) {
      const result = optimalReserve(u, n);
      expect(result.regular).to.equal(true);
      expect(result.method).to.equal("virtual-value-root");
      expect(result.reserve).to.be.near(0.5, 1e-12);
    }
  });

  it("uniform[a, b]: r* = max(a, b/2)", () => {
    expect(optimalReserve(uniform(2, 10), 3).reserve).to.be.near(5, 1e-12);
    expect(optimalReserve(uniform(2, 3), 3).reserve).to.equal(2); // φ(a) ≥ 0: no reserve needed
  });

  it("exponential(λ): r* = 1/λ", () => {
    for (const rate of [0.5, 2, 10]) expect(optimalReserve(exponential(rate), 4).reserve).to.be.near(1 / rate, 1e-12);
  });

  for (const dist of [truncatedNormal(1, 1, 0, Infinity), truncatedNormal(5, 1, 2, 6), logNormal(0, 1), logNormal(1, 0.5)]) {
    it(`${dist.label}: r* is the root of φ and maximises revenue`, () => {
      const { reserve, regular: isRegular } = optimalReserve(dist, 5);
      expect(isRegular).to.equal(true);
      expect(Math.abs(virtualValue(dist, reserve))).to.be.below(1e-9 * Math.max(1, reserve));
      expect(virtualValue(dist, reserve * 0.99)).to.be.below(0);
      expect(virtualValue(dist, reserve * 1.01)).to.be.above(0);
      const best = secondPriceRevenue(dist, 5, reserve);
      for (const r of [reserve * 0.95, reserve * 1.05]) expect(secondPriceRevenue(dist, 5, r)).to.be.below(best);
    });
  }

  it("detects an irregular (bimodal) sample and reports the revenue-maximising reserve instead", () => {
    const dist = empirical(bimodalSample(2000, 3));
    const result = optimalReserve(dist, 5);
    expect(result.regular).to.equal(false);
    expect(result.method).to.equal("revenue-grid-search");
    expect(result.message).to.match(/irregular: the virtual value falls by/);
    const best = secondPriceRevenue(dist, 5, result.reserve);
    for (let r = 0; r <= dist.hi; r += 0.05) expect(secondPriceRevenue(dist, 5, r)).to.be.at.most(best + 1e-12);
  });

  it("finds no irregularity in unimodal distributions or samples, and flags lognormal with sigma 2", () => {
    for (const dist of regular) expect(checkRegularity(dist).regular, dist.label).to.equal(true);
    const rng = Array.from({ length: 2000 }, (_, i) => ((i * 0.6180339887) % 1));
    expect(checkRegularity(empirical(rng)).regular).to.equal(true);
    expect(checkRegularity(logNormal(0, 2)).regular).to.equal(false);
  });
});

describe("lab: expected revenue (closed forms and quadrature)", () => {
  it("uniform[0, 1]: second price (n−1)/(n+1), with reserve r the textbook formula; first price equal", () => {
    for (const n of [1, 2, 3, 5, 10]) {
      for (const r of [0, 0.25, 0.5, 0.8]) {
        expect(secondPriceRevenue(uniform(0, 1), n, r), `SP n=${n} r=${r}`).to.be.near(uniformRevenue(n, r), 1e-12);
        expect(firstPriceRevenue(uniform(0, 1), n, r), `FP n=${n} r=${r}`).to.be.near(uniformRevenue(n, r), 1e-9);
      }
    }
  });

  it("uniform[0, 1] first-price bids: (n−1)/n·v without reserve, E[max(r, Y) | Y < v] with one", () => {
    const bid = firstPriceBid(uniform(0, 1), 5);
    for (const v of [0.1, 0.5, 0.9]) expect(bid(v)).to.be.near((4 / 5) * v, 1e-12);
    const withReserve = firstPriceBid(uniform(0, 1), 2, 0.5);
    // n = 2: b(v) = (v² + r²)/(2v).
    for (const v of [0.5, 0.7, 1]) expect(withReserve(v)).to.be.near((v * v + 0.25) / (2 * v), 1e-12);
  });

  it("exponential(λ), n = 2, no reserve: E[second highest] = 1/(2λ)", () => {
    expect(secondPriceRevenue(exponential(2), 2)).to.be.near(0.25, 1e-12);
    // n bidders: Σ_{k=2..n} 1/(kλ).
    expect(secondPriceRevenue(exponential(2), 5)).to.be.near((1 / 2 + 1 / 3 + 1 / 4 + 1 / 5) / 2, 1e-12);
  });

  for (const dist of regular) {
    it(`${dist.label}: Myerson's expected virtual surplus = second-price = first-price revenue`, () => {
      const r = optimalReserve(dist, 4).reserve;
      for (const reserve of [0, r]) {
        const second = secondPriceRevenue(dist, 4, reserve);
        expect(expectedVirtualSurplus(dist, 4, reserve)).to.be.near(second, 1e-7 * dist.mean);
        expect(firstPriceRevenue(dist, 4, reserve)).to.be.near(second, 1e-7 * dist.mean);
      }
    });
  }
});

describe("lab: Monte Carlo against closed forms", () => {
  for (const n of [2, 5, 10]) {
    it(`uniform[0, 1], ${n} bidders: simulated second-price revenue covers (n−1)/(n+1)`, () => {
      const { revenue, efficiency } = simulateAuctions(uniform(0, 1), { bidders: n, format: "second-price", reserve: 0, auctions: 100_000, seed: 2024 });
      expect((n - 1) / (n + 1)).to.be.within(revenue.ci95[0], revenue.ci95[1]);
      expect(efficiency.mean).to.equal(1);
    });
  }

  it("the 95% intervals are calibrated: over 40 seeds they cover (n−1)/(n+1) at least 34 times", () => {
    // Binomial(40, 0.95): P(fewer than 34 covers) ≈ 0.5%; a biased estimator or a wrong interval fails this.
    let covered = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { revenue } = simulateAuctions(uniform(0, 1), { bidders: 5, format: "second-price", reserve: 0, auctions: 20_000, seed });
      if (revenue.ci95[0] <= 4 / 6 && 4 / 6 <= revenue.ci95[1]) covered++;
    }
    expect(covered).to.be.at.least(34);
  });

  it("uniform[0, 1], 5 bidders, reserve 1/2: revenue and efficiency 1 − 2^−5 within their intervals", () => {
    for (const format of ["second-price", "first-price"] as const) {
      const { revenue, efficiency } = simulateAuctions(uniform(0, 1), { bidders: 5, format, reserve: 0.5, auctions: 100_000, seed: 7 });
      expect(uniformRevenue(5, 0.5)).to.be.within(revenue.ci95[0], revenue.ci95[1]);
      expect(allocationEfficiency(uniform(0, 1), 5, 0.5)).to.equal(1 - 2 ** -5);
      expect(1 - 2 ** -5).to.be.within(efficiency.ci95[0], efficiency.ci95[1]);
    }
  });

  it("one bidder, first price: it bids the reserve and wins whenever its value reaches it (no bid rounds below)", () => {
    const dist = truncatedNormal(1, 1, 0, 3);
    const r = optimalReserve(dist, 1).reserve;
    const bid = firstPriceBid(dist, 1, r);
    for (const v of [r, r * 1.001, 2, 3]) expect(bid(v)).to.be.at.least(r);
    const { revenue, efficiency } = simulateAuctions(dist, { bidders: 1, format: "first-price", reserve: r, auctions: 20_000, seed: 3 });
    expect(secondPriceRevenue(dist, 1, r)).to.be.within(revenue.ci95[0], revenue.ci95[1]);
    expect(allocationEfficiency(dist, 1, r)).to.be.within(efficiency.ci95[0], efficiency.ci95[1]);
  });

  for (const dist of [uniform(0, 1), exponential(2), logNormal(0, 1), truncatedNormal(1, 1, 0, Infinity)]) {
    it(`${dist.label}: revenue equivalence of first and second price, with and without the optimal reserve`, () => {
      const r = optimalReserve(dist, 4).reserve;
      for (const reserve of [0, r]) {
        const check = checkRevenueEquivalence(dist, 4, { reserve, auctions: 25_000, seed: 5 });
        expect(check.equivalent, `reserve ${reserve}`).to.equal(true);
        expect(check.exact.firstPrice).to.be.near(check.exact.secondPrice, 1e-7 * dist.mean);
        expect(check.exact.firstPrice).to.be.within(check.firstPrice.ci95[0], check.firstPrice.ci95[1]);
        expect(check.exact.secondPrice).to.be.within(check.secondPrice.ci95[0], check.secondPrice.ci95[1]);
      }
    });
  }
});

describe("lab: Bulow–Klemperer", () => {
  for (const dist of regular) {
    it(`${dist.label}: n + 1 bidders without reserve earn at least n bidders with the optimal reserve`, () => {
      for (const n of [1, 2, 5, 10]) {
        const result = bulowKlemperer(dist, n);
        expect(result.holds, `n = ${n}`).to.equal(true);
        expect(result.withExtraBidder).to.be.at.least(result.withOptimalReserve);
      }
    });
  }
});
