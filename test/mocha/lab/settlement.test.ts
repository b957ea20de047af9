import "../near.js";
import { expect } from "chai";
import { computeOutcome } from "../../../lib/auction.js";
import {
  createRng, exponential, settleFast, settleReference, simulateAuctions, uniform, type SettledAuction,
} from "../../../lib/lab/index.js";

describe("lab: fast settlement = computeOutcome", () => {
  it("agrees on winner and price over 4000 random auctions (ties, reserves, both formats)", () => {
    const rng = createRng(99);
    const out: SettledAuction = { winner: -1, price: 0 };
    let sold = 0;
    let tied = 0;
    for (let a = 0; a < 4000; a++) {
      const n = 1 + Math.floor(rng() * 8);
      // Small integer ranges make ties and bids equal to the reserve common; large ones exercise big amounts.
      const range = a % 2 === 0 ? 12 : 1e15;
      const bids = Array.from({ length: n }, () => Math.floor(rng() * range));
      const reserve = rng() < 0.3 ? 0 : Math.floor(rng() * range);
      const format = rng() < 0.5 ? "second-price" : "first-price";
      const reference = settleReference(bids.map(BigInt), format, BigInt(reserve));
      settleFast(bids, n, format, reserve, out);
      expect(out.winner, `auction ${a}`).to.equal(reference.winner);
      expect(out.price, `auction ${a}`).to.equal(Number(reference.price));
      if (out.winner >= 0) sold++;
      if (new Set(bids).size < n) tied++;
    }
    expect(sold).to.be.above(1000);
    expect(tied).to.be.above(500);
  });

  it("settleReference is computeOutcome with bidder i committing i-th", () => {
    const bidder = (i: number) => `0x${(i + 1).toString(16).padStart(40, "0")}` as const;
    const amounts = [5n, 9n, 9n, 3n];
    const direct = computeOutcome({
      format: "second-price", bond: 0n, floorReserve: 4n, sealedReserve: { committed: false },
      commitments: amounts.map((amount, i) => ({ bidder: bidder(i), order: i + 1, deposit: amount })),
      openings: amounts.map((amount, i) => ({ bidder: bidder(i), amount })),
    });
    expect(direct.winner).to.equal(bidder(1)); // tie at 9 goes to the earlier commitment
    expect(settleReference(amounts, "second-price", 4n)).to.deep.equal({ winner: 1, price: 9n });
  });

  for (const format of ["second-price", "first-price"] as const) {
    it(`${format}: a simulation settled by computeOutcome matches the fast path`, () => {
      for (const [dist, reserve] of [[uniform(0, 1), 0.5], [exponential(2), 0]] as const) {
        const options = { bidders: 4, format, reserve, auctions: 1500, seed: 8 };
        const fast = simulateAuctions(dist, options);
        const reference = simulateAuctions(dist, { ...options, path: "reference" });
        // Amounts are value × 10^12 rounded, so prices agree to ~1e-12.
        expect(reference.revenue.mean).to.be.near(fast.revenue.mean, 1e-11);
        expect(reference.efficiency.mean).to.equal(fast.efficiency.mean);
      }
    });
  }
});
