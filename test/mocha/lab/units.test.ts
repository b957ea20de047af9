import "../near.js";
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MAX_UNITS } from "../../../lib/auction.js";
import {
  atMostAbove, bestUnitShill, binomialTerm, createRng, expectedMinimumAbove, moreThanAbove, expectedShillOutcome, expectedUnitShillNet, expectedVirtualSurplus, exponential, firstPriceBid,
  firstPriceRevenue, formatLabReport, labJson, logNormal, lomax, payAsBidBid, payAsBidRevenue, recommendedBond, runLab,
  secondPriceRevenue, settledUnits, settleFast, settleUnitsFast, settleUnitsReference, shillCandidates, shillModel,
  simulateUnitAuctions, simulateUnitShill, toAmount, uniform, uniformPriceRevenue, unitEfficiency, unitShillBond,
  unitShillModel, unitWelfare, virtualValueRoot, type Distribution,
} from "../../../lib/lab/index.js";
import { revenueMaximisingReserve } from "../../../lib/lab/myerson.js";
import { InputError, parseLabInput } from "../../../scripts/lab.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const tsx = join(root, "node_modules/tsx/dist/cli.mjs");
const runCli = (args: string[]) => spawnSync(process.execPath, [tsx, "scripts/lab.ts", ...args], { cwd: root, encoding: "utf8" });

const regular: Distribution[] = [uniform(0, 1), exponential(2), logNormal(0, 1)];
/** Σ_{i=a..b} 1/i: expected exponential(1) order statistics are sums of these. */
const harmonic = (a: number, b: number) => {
  let sum = 0;
  for (let i = a; i <= b; i++) sum += 1 / i;
  return sum;
};

describe("lab, k units: revenue in closed form", () => {
  it("binomial sums (mode outwards, cut at 1e-18) equal the plain sum of every term, up to 1000 values", () => {
    const rng = createRng(8);
    for (let trial = 0; trial < 300; trial++) {
      const m = 1 + Math.floor(rng() * (trial % 3 === 0 ? 1000 : 30));
      const j = Math.floor(rng() * (m + 1));
      const above = trial % 10 === 0 ? 1e-6 * rng() : rng();
      const below = 1 - above;
      let atMost = 0;
      let minimum = 0;
      for (let i = 0; i <= m; i++) {
        const term = binomialTerm(m, i, below, above);
        if (i <= j) atMost += term;
        minimum += Math.min(i, j) * term;
      }
      // Each term is exp of a log near ln C(m, i) ~ 700, so either sum is good to ~1e-13 per term, not to 1e-16.
      expect(atMostAbove(m, j, below, above), `m=${m} j=${j} p=${above}`).to.be.near(atMost, 1e-11);
      expect(moreThanAbove(m, j, below, above), `m=${m} j=${j} p=${above}`).to.be.near(1 - atMost, 1e-11);
      expect(expectedMinimumAbove(m, j, below, above), `m=${m} j=${j} p=${above}`).to.be.near(minimum, 1e-11 * Math.max(1, j));
    }
  });

  it("k = 1 is the single item: uniform price = second price and pay-as-bid = first price, exactly", () => {
    for (const dist of regular) {
      for (const n of [1, 2, 5]) {
        for (const r of [0, virtualValueRoot(dist)]) {
          expect(uniformPriceRevenue(dist, n, 1, r)).to.equal(secondPriceRevenue(dist, n, r));
          expect(payAsBidRevenue(dist, n, 1, r)).to.equal(firstPriceRevenue(dist, n, r));
          const v = dist.quantile(0.8);
          expect(payAsBidBid(dist, n, 1, r)(v)).to.equal(firstPriceBid(dist, n, r)(v));
        }
      }
    }
  });

  it("uniform[0, 1] without reserve: uniform-price revenue k·E[V_(k+1)] = k·(n − k)/(n + 1) (3 of 5: 1.0)", () => {
    expect(uniformPriceRevenue(uniform(0, 1), 5, 3)).to.be.near(1, 1e-12);
    for (const n of [2, 5, 10]) for (let k = 1; k < n; k++) expect(uniformPriceRevenue(uniform(0, 1), n, k), `n=${n} k=${k}`).to.be.near((k * (n - k)) / (n + 1), 1e-12);
  });

  it("exponential(λ) without reserve: k·E[V_(k+1)] = (k/λ)·Σ_{i=k+1..n} 1/i", () => {
    for (const [n, k] of [[5, 3], [10, 4], [20, 19]]) expect(uniformPriceRevenue(exponential(2), n, k)).to.be.near((k / 2) * harmonic(k + 1, n), 1e-11);
  });

  for (const dist of regular) {
    it(`${dist.label}: uniform price = expected virtual value of the winners = pay-as-bid, with and without r*`, () => {
      const r = virtualValueRoot(dist);
      for (const [n, k] of [[5, 2], [5, 3], [8, 5], [30, 10]]) {
        for (const reserve of [0, r]) {
          const uniformPrice = uniformPriceRevenue(dist, n, k, reserve);
          expect(expectedVirtualSurplus(dist, n, reserve, k), `n=${n} k=${k} r=${reserve}`).to.be.near(uniformPrice, 1e-7 * dist.mean * k);
          expect(payAsBidRevenue(dist, n, k, reserve), `n=${n} k=${k} r=${reserve}`).to.be.near(uniformPrice, 1e-7 * dist.mean * k);
        }
      }
    });
  }

  it("pay-as-bid bid for 2 units of 3 bidders on uniform[0, 1]: b(v) = E[Y | Y < v], Y the lower of two others", () => {
    // G(v) = P(min of 2 < v) = 1 − (1 − v)², ∫_0^v G = v − (1 − (1 − v)³)/3.
    const bid = payAsBidBid(uniform(0, 1), 3, 2);
    for (const v of [0.1, 0.5, 0.9]) expect(bid(v)).to.be.near(v - (v - (1 - (1 - v) ** 3) / 3) / (1 - (1 - v) ** 2), 1e-12);
  });

  it("k ≥ n: every bidder at or above the reserve wins at the reserve (revenue n·r·(1 − F(r)), bids r)", () => {
    const u = uniform(0, 1);
    for (const k of [5, 6, MAX_UNITS]) {
      expect(uniformPriceRevenue(u, 5, k, 0.4)).to.be.near(5 * 0.4 * 0.6, 1e-15);
      expect(payAsBidRevenue(u, 5, k, 0.4)).to.be.near(5 * 0.4 * 0.6, 1e-9);
      expect(payAsBidBid(u, 5, k, 0.4)(0.9)).to.be.near(0.4, 1e-12);
    }
    expect(uniformPriceRevenue(u, 5, 5, 0)).to.equal(0);
  });

  it("a thousand bidders and units stay finite (no underflow of F^n)", () => {
    // V_(501) of 1000 is within 0.05 of 1/2 but for ~1e-10 of the probability: a reserve of 0.2 never binds.
    expect(uniformPriceRevenue(uniform(0, 1), 1000, 500, 0.2)).to.be.near((500 * 500) / 1001, 1e-9);
    expect(unitWelfare(uniform(0, 1), 1000, 500)).to.be.near(500 * (1 - 501 / 2 / 1001), 1e-9);
  });
});

describe("lab, k units: optimal reserve and efficiency", () => {
  for (const dist of regular) {
    it(`${dist.label}: the revenue-maximising reserve is φ⁻¹(0) for every k and n (unit demand)`, () => {
      const root = virtualValueRoot(dist);
      for (const n of [3, 5, 10]) {
        for (const k of [1, 2, 3, 5]) {
          const reserve = revenueMaximisingReserve(dist, n, k);
          // Revenue is flat at the optimum (error in r ~ √(quadrature error)): 1e-6 relative is far below any k effect.
          expect(reserve, `n=${n} k=${k}`).to.be.near(root, 1e-6 * root);
          const best = uniformPriceRevenue(dist, n, k, reserve);
          for (const r of [root * 0.9, root * 1.1]) expect(uniformPriceRevenue(dist, n, k, r)).to.be.below(best);
        }
      }
    });
  }

  it("uniform[0, 1]: r* = 0.5 from 1 to 6 units of 5 bidders (k ≥ n included: the monopoly price)", () => {
    for (let k = 1; k <= 6; k++) expect(revenueMaximisingReserve(uniform(0, 1), 5, k)).to.be.near(0.5, 1e-7);
  });

  it("welfare: the top k values in closed form; efficiency 1 without a reserve, below 1 and falling with one", () => {
    // Uniform[0, 1]: E[V_(j)] = (n + 1 − j)/(n + 1); exponential(1): E[V_(j)] = Σ_{i=j..n} 1/i.
    expect(unitWelfare(uniform(0, 1), 5, 3)).to.be.near((5 + 4 + 3) / 6, 1e-12);
    let exponentialTop = 0;
    for (let j = 1; j <= 4; j++) exponentialTop += harmonic(j, 10);
    expect(unitWelfare(exponential(1), 10, 4)).to.be.near(exponentialTop, 1e-10);
    for (const dist of regular) {
      for (const k of [1, 3, 5]) {
        expect(unitEfficiency(dist, 5, k, 0)).to.equal(1);
        let previous = 1;
        for (const r of [0.5, 1, 1.5].map((x) => x * virtualValueRoot(dist))) {
          const efficiency = unitEfficiency(dist, 5, k, r);
          expect(efficiency, `${dist.label} k=${k} r=${r}`).to.be.below(previous).and.above(0);
          previous = efficiency;
        }
      }
    }
    // Uniform[0, 1], 3 of 5 at r = 1/2: the lost welfare is E[Σ values < 1/2 among the top 3] = 0.2578125 of 2.
    expect(unitEfficiency(uniform(0, 1), 5, 3, 0.5)).to.be.near(1 - 0.2578125 / 2, 1e-12);
  });
});

describe("lab, k units: Monte Carlo", () => {
  it("settleUnitsFast = computeUnitOutcome auction by auction (ties, reserve, k from 1 to n + 1); k = 1 = settleFast", () => {
    const rng = createRng(11);
    const out = settledUnits(41);
    const single = { winner: -1, price: 0 };
    for (let trial = 0; trial < 400; trial++) {
      // Mostly small auctions; every fourth up to 40 bidders, so more than 16 units take the sorting path.
      const n = 1 + Math.floor(rng() * (trial % 4 === 0 ? 40 : 7));
      // Bids on a coarse grid so ties (broken by commitment order) are common.
      const bids = Array.from({ length: n }, () => Math.floor(rng() * 6) / 5);
      const reserve = Math.floor(rng() * 4) / 5;
      for (let k = 1; k <= n + 1; k++) {
        for (const format of ["uniform-price", "pay-as-bid"] as const) {
          const fast = settleUnitsFast(bids, n, k, format, reserve, out);
          const reference = settleUnitsReference(bids.map(toAmount), k, format, toAmount(reserve));
          expect(Array.from(fast.winners.subarray(0, fast.sold))).to.deep.equal(reference.winners);
          expect(fast.revenue).to.be.near(Number(reference.revenue) / 1e12, 1e-9);
        }
      }
      settleFast(bids, n, "second-price", reserve, single);
      const unit = settleUnitsFast(bids, n, 1, "uniform-price", reserve, out);
      expect(unit.sold === 1 ? unit.winners[0] : -1).to.equal(single.winner);
      expect(unit.revenue).to.equal(single.price);
    }
  });

  it("the fast and reference paths simulate the same auctions", () => {
    for (const format of ["uniform-price", "pay-as-bid"] as const) {
      const options = { bidders: 5, units: 3, format, reserve: 0.5, auctions: 2000, seed: 3 };
      const fast = simulateUnitAuctions(uniform(0, 1), options);
      const reference = simulateUnitAuctions(uniform(0, 1), { ...options, path: "reference" });
      expect(reference.revenue.mean).to.be.near(fast.revenue.mean, 1e-9);
      expect(reference.welfare.mean).to.equal(fast.welfare.mean);
    }
  });

  // 100 000 auctions: revenue sd ≈ 0.5, so the 95% interval is about ±0.003 and a 1% error in the closed form
  // (0.01) or a mispriced format would fall far outside it.
  for (const reserve of [0, 0.5]) {
    it(`uniform[0, 1], 3 units of 5, reserve ${reserve}: both formats' simulated revenue covers the closed form`, () => {
      const exact = uniformPriceRevenue(uniform(0, 1), 5, 3, reserve);
      if (reserve === 0) expect(exact).to.be.near(1, 1e-12);
      for (const format of ["uniform-price", "pay-as-bid"] as const) {
        const { revenue, welfare, efficiency } = simulateUnitAuctions(uniform(0, 1), { bidders: 5, units: 3, format, reserve, auctions: 100_000, seed: 17 });
        expect(exact, format).to.be.within(revenue.ci95[0], revenue.ci95[1]);
        expect(unitWelfare(uniform(0, 1), 5, 3, reserve)).to.be.within(welfare.ci95[0], welfare.ci95[1]);
        if (reserve === 0) expect(efficiency).to.equal(1);
        else expect(efficiency).to.be.near(unitEfficiency(uniform(0, 1), 5, 3, reserve), 0.005);
      }
    });
  }

  it("pay-as-bid at the equilibrium earns what uniform price earns (exponential, lognormal; 4 units of 7)", () => {
    for (const dist of [exponential(1), logNormal(0, 0.5)]) {
      const reserve = virtualValueRoot(dist);
      const exact = uniformPriceRevenue(dist, 7, 4, reserve);
      const { revenue } = simulateUnitAuctions(dist, { bidders: 7, units: 4, format: "pay-as-bid", reserve, auctions: 50_000, seed: 5 });
      // Three standard errors (±0.006 here, 0.2% of revenue): two checks at 95% would fail one seed in ten.
      expect(Math.abs(revenue.mean - exact), dist.label).to.be.below((3 * revenue.sd) / Math.sqrt(revenue.count));
    }
  });
});

describe("lab, k units: the shill bond", () => {
  it("k = 1: one shill's closed form is shill.ts's single shill, and the bond is the recommended bond", () => {
    for (const dist of [uniform(0, 1), exponential(1), logNormal(0, 1)]) {
      const single = shillModel(dist, 5);
      const model = unitShillModel(dist, 5, 1);
      for (const u of [0.6, 0.8, 0.95]) {
        for (const bond of [0, 0.5 * single.reserve, 2 * single.reserve]) {
          const s = dist.quantile(u);
          expect(expectedUnitShillNet(model, s, bond), `${dist.label} s=${s} f=${bond}`).to.be.near(expectedShillOutcome(single, [s], bond).net, 1e-8 * dist.mean);
        }
      }
      expect(unitShillBond(dist, 5, 1).bond).to.be.near(recommendedBond(dist, 5).bond, 1e-5 * single.reserve);
    }
  });

  it("k = 1 where the bond exceeds the reserve (lomax(2, 1), 20 bidders): the same bond as shill.ts", () => {
    const expected = recommendedBond(lomax(2, 1), 20, { maxShills: 1 }).bond;
    expect(expected).to.be.above(1.1); // r* = 1: a non-marginal shill binds here
    expect(unitShillBond(lomax(2, 1), 20, 1).bond).to.be.near(expected, 1e-5 * expected);
  });

  // 40 000 auctions per point: net sd ≤ 0.25, so the 95% interval is about ±0.0025 around the closed form.
  it("3 units of 5 (uniform[0, 1], reserve 1/2): the closed form against computeUnitOutcome settlements", () => {
    const model = unitShillModel(uniform(0, 1), 5, 3);
    for (const [s, bond] of [[0.7, 0], [0.7, 0.3], [0.55, 0.6]]) {
      const exact = expectedUnitShillNet(model, s, bond);
      const simulated = simulateUnitShill(uniform(0, 1), 5, 3, s, bond, { auctions: 40_000, seed: 3 });
      expect(exact, `s=${s} f=${bond}`).to.be.within(simulated.ci95[0], simulated.ci95[1]);
    }
    expect(expectedUnitShillNet(model, 0.7, 0)).to.be.above(0.05); // a free shill pays for k = 3 too
  });

  it("the bond does not grow with k: the first-order bound (1 − F(r))/f(r) binds for every k ≥ 2 tried", () => {
    // MHR values: f = r* for every k (below it a shill just above the reserve pays, at it none does).
    for (const [dist, root] of [[uniform(0, 1), 0.5], [exponential(1), 1]] as const) {
      for (const k of [1, 2, 3, 5]) {
        const result = unitShillBond(dist, 5, k);
        expect(result.marginalBond).to.be.near(root, 1e-12);
        expect(result.bond, `${dist.label} k=${k}`).to.be.near(root, 1e-9);
        const model = unitShillModel(dist, 5, k);
        const candidates = shillCandidates(shillModel(dist, 5));
        expect(bestUnitShill(model, 0.9 * root, candidates).net, `k=${k} below the bond`).to.be.above(0);
      }
    }
    // Lomax(2, 1), 20 bidders: one unit needs more than r* = 1; more units need only r*.
    const one = unitShillBond(lomax(2, 1), 20, 1).bond;
    for (const k of [2, 3]) {
      const bond = unitShillBond(lomax(2, 1), 20, k).bond;
      expect(bond).to.be.near(1, 1e-9);
      expect(bond).to.be.below(one);
    }
    // More units than bidders: no highest loser to lift, a shill only takes an unsold unit.
    expect(unitShillBond(uniform(0, 1), 5, 6).bond).to.equal(0);
  });
});

describe("lab, k units: report and CLI", () => {
  it("--units 1 and no --units print today's report byte for byte (fixture from before k units)", () => {
    const args = ["--dist", "exponential:1", "--bidders", "3", "--samples", "2000", "--shills", "1"];
    const fixture = readFileSync(new URL("./fixtures/lab-exponential-3-bidders.txt", import.meta.url), "utf8");
    const input = parseLabInput(args)!;
    expect(`${formatLabReport(runLab(input.dist, input.options))}\n`).to.equal(fixture);
    const run = runCli([...args, "--units", "1"]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.equal(fixture);
  });

  it("runLab with 3 units: the k-unit rows, reserve, bond and JSON keys; existing keys unchanged", () => {
    const result = runLab(uniform(0, 1), { bidders: 5, units: 3, auctions: 5000, seed: 1, maxShills: 1 });
    const json = JSON.parse(JSON.stringify(labJson(result)));
    expect(json).to.have.all.keys("optimalReserve", "recommendedBond", "rows", "shillProof", "units");
    expect(json.rows).to.deep.equal(labJson(runLab(uniform(0, 1), { bidders: 5, auctions: 5000, seed: 1, maxShills: 1 })).rows);
    expect(json.units).to.have.all.keys("units", "optimalReserve", "revenueMaximisingReserve", "rows", "shillBond", "singleUnitShillBond", "shillGainAtZeroBond");
    expect(json.units.units).to.equal(3);
    expect(json.units.optimalReserve).to.equal(0.5);
    expect(json.units.revenueMaximisingReserve).to.be.near(0.5, 1e-7);
    expect(json.units.shillBond).to.be.near(0.5, 1e-9);
    expect(json.units.rows.map((row: { format: string; reserve: number }) => [row.format, row.reserve])).to.deep.equal([
      ["uniform-price", 0], ["uniform-price", 0.5], ["pay-as-bid", 0], ["pay-as-bid", 0.5],
    ]);
    expect(json.units.rows[0].exactRevenue).to.be.near(1, 1e-12);
    for (const row of json.units.rows) {
      expect(row).to.have.all.keys("format", "reserve", "revenue", "ci95", "exactRevenue", "efficiency", "exactEfficiency");
      expect(row.exactEfficiency).to.be.within(0, 1);
    }
    const report = formatLabReport(result);
    expect(report).to.match(/\n3 units, unit demand \(each bidder wins at most one\), 5 bidders, 5000 simulated auctions per row:\n/);
    expect(report).to.match(/\nuniform-price +none +\d\.\d{5} ± \d\.\d{5} +1\.00000 +1\.0000 +1\.0000\n/);
    expect(report).to.match(/\npay-as-bid +optimal 0\.5 .* 1\.20313 /);
    expect(report).to.include("Optimal reserve for 3 units: 0.5 (the same as for one unit");
    expect(report).to.include("Shill bond for 3 units (uniform price at reserve 0.5, one shill opened or withheld after the bids): 0.5 (one unit: 0.5;");
  });

  it("more units than bidders: the report says every bidder at or above the reserve wins at the reserve", () => {
    const result = runLab(uniform(0, 1), { bidders: 2, units: 3, auctions: 2000, seed: 1, maxShills: 1 });
    const report = formatLabReport(result);
    expect(report).to.include("3 units ≥ 2 bidders: every bidder at or above the reserve wins, and the uniform price is the reserve.");
    expect(report).to.include("Pay-as-bid bids the equilibrium b(v) = r (every bid at or above the reserve wins)");
    expect(report).to.include("one shill opened or withheld after the bids): 0 (more units than bidders");
    expect(result.units!.rows[1].exactRevenue).to.be.near(2 * 0.5 * 0.5, 1e-15);
    // Without a reserve everyone bids 0 and wins: nothing is paid, and every value is served (no bid may round below 0).
    for (const row of result.units!.rows.filter((r) => r.reserveKind === "none")) {
      expect(row.exactRevenue, row.format).to.be.at.least(0).and.below(1e-12);
      expect(row.efficiency, row.format).to.equal(1);
    }
  });

  it("CLI --units 3 writes the k-unit JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "lab-units-"));
    try {
      const json = join(dir, "out.json");
      const run = runCli(["--dist", "uniform:0:1", "--bidders", "5", "--units", "3", "--samples", "2000", "--shills", "1", "--json", json]);
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.match(/Shill bond for 3 units .*: 0\.5 \(/);
      expect(JSON.parse(readFileSync(json, "utf8")).units.rows[2].exactRevenue).to.be.near(1, 1e-9);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("CLI: --units 0 → exit code 2 and one line on stderr", () => {
    const run = runCli(["--dist", "uniform:0:1", "--bidders", "5", "--units", "0"]);
    expect(run.status).to.equal(2);
    expect(run.stderr).to.equal(`lab: --units must be from 1 to ${MAX_UNITS} (the k-unit house's MAX_UNITS), got 0\n`);
    expect(run.stdout).to.equal("");
  });

  for (const [value, message] of [
    ["1001", /--units must be from 1 to 1000 \(the k-unit house's MAX_UNITS\), got 1001/],
    ["2.5", /--units must be a non-negative integer, got "2.5"/],
    ["three", /--units must be a non-negative integer, got "three"/],
    ["", /--units must be a non-negative integer, got ""/],
  ] as const) {
    it(`CLI input --units "${value}" → InputError`, () => {
      expect(() => parseLabInput(["--dist", "uniform:0:1", "--bidders", "5", `--units=${value}`])).to.throw(InputError, message);
    });
  }

  it("CLI input: --units K is passed on; absent, the options are as before", () => {
    expect(parseLabInput(["--dist", "uniform:0:1", "--bidders", "5", "--units", "1000"])?.options.units).to.equal(1000);
    expect(parseLabInput(["--dist", "uniform:0:1", "--bidders", "5"])?.options).to.not.have.property("units");
    expect(() => runLab(uniform(0, 1), { bidders: 3, units: 1001 })).to.throw(/units must be an integer from 1 to 1000, got 1001/);
  });
});
