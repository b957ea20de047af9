/**
 * The contract against lib/: random k-unit auctions opened through single reveals and batches (hints from the
 * logs, batch hints chained by lib/top-set.ts) must settle exactly as computeUnitOutcome says, and the top set
 * after every step must be the one TopSetModel rebuilds from the logs.
 */
import { expect } from "chai";
import type { Address } from "viem";
import { batchHints } from "../../../lib/top-set.js";
import { createRng } from "../../../lib/lab/random.js";
import {
  ERC20_LOT, ONE, PAY_AS_BID, POSITION, UNIFORM, createUnitAuction, deployUnitFixture, networkHelpers, type UnitBid,
} from "./fixture.js";

describe("k units: contract vs lib on random auctions", () => {
  it("test_randomAuctions_settleAsComputeUnitOutcome_withSingleAndBatchOpenings", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const rng = createRng(2024);
    const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
    for (let round = 0; round < 8; round++) {
      const units = int(1, 6);
      const a = await createUnitAuction(f, {
        units,
        format: rng() < 0.5 ? UNIFORM : PAY_AS_BID,
        floorReserve: rng() < 0.4 ? BigInt(int(1, 4)) * ONE : 0n,
        paymentToken: rng() < 0.5 ? await f.payToken.getAddress() : undefined,
        lotKind: rng() < 0.5 ? ERC20_LOT : undefined,
      });
      const bidders = f.signers.slice(1, 1 + int(0, 14));
      const bids: UnitBid[] = [];
      for (const s of bidders) {
        const amount = BigInt(int(0, 6)) * ONE / 2n;
        const deposit = rng() < 0.15 && amount > ONE ? amount - ONE / 2n : amount + BigInt(int(0, 3)) * ONE / 10n + ONE / 10n;
        bids.push(await a.commit(s, amount, deposit < a.terms.bond ? a.terms.bond : deposit));
      }
      await a.toRevealPhase();
      const toOpen = bids.filter(() => rng() < 0.85).sort(() => rng() - 0.5);
      while (toOpen.length) {
        const n = int(1, 4);
        const chunk = toOpen.splice(0, n);
        if (chunk.length === 1 || rng() < 0.4) {
          for (const b of chunk) await a.reveal(b, { by: f.keeper });
        } else {
          const model = await a.model();
          const hints = batchHints(model, chunk.map((b) => ({ amount: b.amount, order: Number(b.order), valid: b.amount <= b.deposit })));
          const entries = chunk.map((b, i) => ({ bidder: b.bidder.address, amount: b.amount, salt: b.salt, deposit: b.deposit, order: b.order, hint: hints[i] }));
          expect(await f.house.connect(f.keeper).revealMany.staticCall(a.id, entries)).to.equal(BigInt(chunk.length));
          await f.house.connect(f.keeper).revealMany(a.id, entries);
        }
        const model = await a.model();
        const [, orders, amounts] = await f.house.topSet(a.id);
        expect(orders.map(Number)).to.deep.equal(model.members().map((m) => m.order));
        expect(amounts).to.deep.equal(model.members().map((m) => m.amount));
      }
      await a.toEnd();
      const ref = await a.reference();
      await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, ref.unitsSold, ref.price, ref.effectiveReserve, ref.burned);
      const winners = new Set(ref.winners.map((w) => w.bidder));
      for (const b of bids) {
        const [status] = await f.house.positionOf(a.id, b.bidder.address);
        expect(status === POSITION.Ranked).to.equal(winners.has(b.bidder.address as Address));
      }
      for (const w of ref.winners) {
        await expect(a.claimUnit(a.bids.get(w.bidder)!)).to.emit(f.house, "UnitClaimed").withArgs(a.id, w.bidder, w.bidder, w.price);
      }
    }
  });
});
