import "../near.js";
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createRng, depositTable, exponential, firstPriceBid, formatLabReport, labJson, runLab, settlePublicDeposits,
  simulateDeposits, uniform, type Estimate, type PublicDepositOutcome,
} from "../../../lib/lab/index.js";
import { InputError, parseLabInput } from "../../../scripts/lab.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const tsx = join(root, "node_modules/tsx/dist/cli.mjs");
const runCli = (args: string[]) => spawnSync(process.execPath, [tsx, "scripts/lab.ts", ...args], { cwd: root, encoding: "utf8" });

/** |mean − exact| within 4 standard errors: a false alarm about once in 16 000 runs (seeds are fixed anyway). */
function expectEstimate(estimate: Estimate, exact: number, label: string): void {
  const standardError = estimate.sd / Math.sqrt(estimate.count);
  expect(Math.abs(estimate.mean - exact), `${label}: ${estimate.mean} vs ${exact} (se ${standardError})`).to.be.at.most(4 * standardError);
}

const AUCTIONS = 200_000;

describe("lab: public vs hidden deposits", () => {
  it("padding 0, one early bidder: the late bidder wins exactly when its value exceeds the early bid, and pays that bid", () => {
    const bid = firstPriceBid(uniform(0, 1), 2); // v/2
    const rng = createRng(5);
    const out: PublicDepositOutcome = { lateWins: false, lateShades: false, price: 0 };
    let wonOnlyThroughTheDeposit = 0;
    for (let a = 0; a < 5000; a++) {
      const early = bid(rng());
      const lateValue = rng();
      settlePublicDeposits(early, early, lateValue, bid(lateValue), 0, out);
      expect(out.lateWins, `auction ${a}`).to.equal(lateValue > early);
      // Whoever wins, the seller gets the early bid: the deposit told the late bidder exactly what to beat.
      expect(out.price).to.equal(early);
      if (out.lateWins && bid(lateValue) <= early) wonOnlyThroughTheDeposit++;
    }
    expect(wonOnlyThroughTheDeposit).to.be.above(500);
  });

  it("padding > 0: the late bidder's deviation never costs it anything and never wins where its equilibrium bid would lose", () => {
    const rng = createRng(9);
    const out: PublicDepositOutcome = { lateWins: false, lateShades: false, price: 0 };
    let shaded = 0;
    for (let a = 0; a < 5000; a++) {
      const padding = 0.01 + rng();
      const topEarlyBid = rng() / 2;
      const deposit = topEarlyBid * (1 + padding * rng());
      const lateValue = rng();
      const lateBid = lateValue / 2;
      settlePublicDeposits(topEarlyBid, deposit, lateValue, lateBid, padding, out);
      const hiddenPayoff = lateBid > topEarlyBid ? lateValue - lateBid : 0;
      const publicPayoff = out.lateWins ? lateValue - out.price : 0;
      expect(publicPayoff, `auction ${a}`).to.be.at.least(hiddenPayoff);
      expect(out.lateWins).to.equal(lateBid > topEarlyBid);
      expect(out.price).to.be.at.least(topEarlyBid);
      if (out.lateShades) shaded++;
    }
    expect(shaded).to.be.above(500);
  });

  it("uniform[0, 1], 2 bidders, padding 0: revenue 1/4 instead of 1/3, the late bidder gains 1/8, an informed shill 1/6", () => {
    const row = simulateDeposits(uniform(0, 1), 2, { padding: 0, auctions: AUCTIONS, seed: 3, reserve: 0.5, bond: 0.5 });
    expect(row.exactHiddenRevenue).to.be.near(1 / 3, 1e-9);
    expectEstimate(row.hiddenRevenue, 1 / 3, "hidden revenue");
    // Whoever wins pays the early bid v₁/2.
    expectEstimate(row.publicRevenue, 1 / 4, "public revenue");
    expectEstimate(row.revenueLoss, 1 / 12, "revenue loss");
    // E[(v₂ − v₁/2)⁺] − E[v₂/2; v₂ > v₁] = 7/24 − 1/6.
    expectEstimate(row.lateGain, 1 / 8, "late bidder's gain");
    expectEstimate(row.lateShaded, 3 / 4, "P(v₂ > v₁/2)");
    // Second price at reserve 1/2: the shill at the top bid takes E[B1 − max(B2, r); B1 ≥ r] = 7/12 − 5/12.
    expectEstimate(row.informedShillGain, 1 / 6, "informed shill");
    // At the recommended bond (= r* = 1/2) a blind shill does not pay.
    expect(row.blindShillNet).to.be.at.most(1e-12);
  });

  for (const bidders of [2, 5]) {
    it(`uniform[0, 1], ${bidders} bidders: hidden deposits earn the equilibrium (n − 1)/(n + 1), public ones significantly less`, () => {
      const row = simulateDeposits(uniform(0, 1), bidders, { padding: 0.1, auctions: AUCTIONS, seed: 4 });
      const exact = (bidders - 1) / (bidders + 1);
      expect(row.exactHiddenRevenue).to.be.near(exact, 1e-9);
      expectEstimate(row.hiddenRevenue, exact, "hidden revenue");
      // Paired on the same draws: the loss is more than 4 standard errors above 0, and the late bidder gets it.
      const loss = row.revenueLoss;
      expect(loss.mean).to.be.above(4 * (loss.sd / Math.sqrt(loss.count)));
      expect(row.publicRevenue.mean).to.be.below(row.hiddenRevenue.mean);
      expect(row.lateGain.mean).to.be.near(loss.mean, 1e-12); // with padding > 0 the allocation does not change
    });
  }

  it("the loss shrinks as the padding grows (same draws), and so does the informed shill's gain", () => {
    for (const [dist, bidders] of [[uniform(0, 1), 3], [exponential(1), 4]] as const) {
      const rows = depositTable(dist, bidders, [0, 0.1, 0.5, 2, 50], { auctions: 50_000, seed: 8 });
      for (let i = 1; i < rows.length; i++) {
        expect(rows[i].revenueLoss.mean, `${dist.label} padding ${rows[i].padding}`).to.be.below(rows[i - 1].revenueLoss.mean);
        expect(rows[i].informedShillGain.mean).to.be.below(rows[i - 1].informedShillGain.mean);
        expect(rows[i].hiddenRevenue.mean).to.equal(rows[0].hiddenRevenue.mean);
      }
      expect(rows[0].revenueLoss.mean).to.be.above(0.01);
      expect(rows[rows.length - 1].revenueLoss.mean).to.be.below(0.002);
    }
  });

  it("simulateDeposits rejects a single bidder and a negative padding", () => {
    expect(() => simulateDeposits(uniform(0, 1), 1, { padding: 0, auctions: 10, seed: 1 })).to.throw(/at least 2 bidders/);
    expect(() => simulateDeposits(uniform(0, 1), 3, { padding: -0.1, auctions: 10, seed: 1 })).to.throw(/padding must be/);
  });

  it("the report and JSON change only when the deposits table is asked for", () => {
    const options = { bidders: 3, auctions: 4000, seed: 2, maxShills: 1 };
    const plain = runLab(uniform(0, 1), options);
    const withDeposits = runLab(uniform(0, 1), { ...options, depositPaddings: [0, 0.5] });
    const report = formatLabReport(plain);
    expect(report).to.not.match(/deposit/i);
    const extended = formatLabReport(withDeposits);
    expect(extended.startsWith(`${report}\n\nPublic vs hidden deposits`)).to.equal(true);
    expect(extended.split("\n").filter((line) => /^ {2}0(\.5)? {2,}/.test(line))).to.have.lengthOf(2);
    expect(labJson(plain)).to.not.have.property("deposits");
    const json = labJson(withDeposits);
    expect(json.deposits!.map((row) => row.padding)).to.deep.equal([0, 0.5]);
    expect(json.deposits![0]).to.have.all.keys(
      "padding", "firstPriceHidden", "firstPricePublic", "revenueLoss", "revenueLossCi95", "lateBidderGain", "informedShillGain", "blindShillNet",
    );
    // Everything else is the same numbers.
    const { deposits: _, ...rest } = json;
    expect(rest).to.deep.equal(labJson(plain));
  });

  it("CLI: --deposit-padding prints the table; bad values exit 2 with one line", () => {
    const run = runCli(["--dist", "uniform:0:1", "--bidders", "2", "--samples", "3000", "--shills", "1", "--deposit-padding", "0,1"]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/exact hidden revenue 0\.33333\./);
    expect(run.stdout).to.match(/\n {2}1 {2,}0\.3\d+ ± 0\.0\d+ {2}0\.2\d+ ± /);
    const bad = runCli(["--dist", "uniform:0:1", "--bidders", "2", "--deposit-padding", "0,x"]);
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.equal("lab: --deposit-padding must be a finite number ≥ 0, got \"x\"\n");
    expect(bad.stdout).to.equal("");
  });

  for (const [args, message] of [
    [["--deposit-padding", "-1"], /Option '--deposit-padding' argument is ambiguous/],
    [["--deposit-padding=-1"], /--deposit-padding must be a finite number ≥ 0, got "-1"/],
    [["--deposit-padding", "0,,1"], /--deposit-padding must be a finite number ≥ 0, got ""/],
    [["--deposit-padding", "1e999"], /--deposit-padding must be a finite number ≥ 0/],
    [["--deposit-padding", Array(21).fill("0").join(",")], /at most 20 values, got 21/],
    [["--bidders", "1", "--deposit-padding", "0"], /--deposit-padding needs at least 2 bidders, got 1/],
  ] as const) {
    it(`CLI input ${args.join(" ")} → InputError`, () => {
      const argv = ["--dist", "uniform:0:1", ...(args[0] === "--bidders" ? [] : ["--bidders", "3"]), ...args];
      expect(() => parseLabInput(argv)).to.throw(InputError, message);
    });
  }

  it("CLI input: --deposit-padding is parsed into depositPaddings, and absent by default", () => {
    expect(parseLabInput(["--dist", "uniform:0:1", "--bidders", "3"])?.options).to.not.have.property("depositPaddings");
    expect(parseLabInput(["--dist", "uniform:0:1", "--bidders", "3", "--deposit-padding", "0, 0.25,1e-1"])?.options.depositPaddings)
      .to.deep.equal([0, 0.25, 0.1]);
  });
});
