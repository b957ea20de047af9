/**
 * The lab's auctions are the contract's auctions: for random bid sets drawn from the lab's distributions,
 * settlement on chain (AuctionHouse) equals the lab's fast settlement and its reference (computeOutcome).
 */
import { expect } from "chai";
import { FORMATS } from "../../../lib/auction.js";
import { createRng, parseDistribution, settleFast, settleReference, toAmount, type SettledAuction } from "../../../lib/lab/index.js";
import { createAuction, deployFixture, ethers, networkHelpers, FIRST_PRICE, SECOND_PRICE } from "../core/fixture.js";

describe("Lab vs contract: on-chain settlement equals the lab's outcome", () => {
  const specs = ["uniform:0:1", "exponential:2", "lognormal:0:0.5"];
  for (const [i, spec] of specs.entries()) {
    it(`random bid sets from ${spec}`, async () => {
      const f = await networkHelpers.loadFixture(deployFixture);
      const bidders = (await ethers.getSigners()).slice(1, 9);
      const dist = parseDistribution(spec);
      const rng = createRng(7 + i);
      for (let round = 0; round < 6; round++) {
        const n = 1 + Math.floor(rng() * bidders.length);
        const format = round % 2 === 0 ? SECOND_PRICE : FIRST_PRICE;
        // Values rounded to the contract's integer amounts (10^12 per unit), with an occasional tie.
        const values = Array.from({ length: n }, () => Number(toAmount(dist.sample(rng))) / 1e12);
        if (n > 2 && round % 3 === 0) values[n - 1] = values[0];
        const reserveValue = round % 3 === 1 ? dist.quantile(0.5) : 0;
        const reserve = toAmount(reserveValue);
        const amounts = values.map(toAmount);

        const a = await createAuction(f, { format, floorReserve: reserve, bond: 1n });
        const bids = [];
        for (const [k, amount] of amounts.entries()) bids.push(await a.commit(bidders[k], amount, amount + 1n));
        await a.toRevealPhase();
        // Reveal in a shuffled order: the outcome must not depend on it.
        const order = bids.map((_, k) => k).sort(() => rng() - 0.5);
        for (const k of order) await a.reveal(bids[k]);
        await a.settle();
        const s = await a.state();
        const onChainWinner = s.winner === ethers.ZeroAddress ? -1 : bidders.findIndex((b) => b.address === s.winner);

        const fast = settleFast(Float64Array.from(amounts.map(Number)), n, FORMATS[format], Number(reserve), {} as SettledAuction);
        const reference = settleReference(amounts, FORMATS[format], reserve);
        expect(onChainWinner, `winner (round ${round})`).to.equal(reference.winner);
        expect(s.runnerUp, `price (round ${round})`).to.equal(reference.price);
        expect(fast.winner).to.equal(reference.winner);
        expect(BigInt(fast.price)).to.equal(reference.price);
      }
    });
  }
});
