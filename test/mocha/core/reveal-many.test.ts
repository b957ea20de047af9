/**
 * Batch opening: revealMany(id, openings) opens, in array order, exactly the entries that reveal would open one by
 * one (same events, same refunds, same standing), skips every other entry instead of reverting, and pushes the
 * refunds, a displaced leader's included, only after every state change (checks-effects-interactions).
 */
import { expect } from "chai";
import type { Log } from "ethers";
import type { ReenteringEthReceiver } from "../../../typechain-types/index.js";
import {
  BOND, PHASE, POSITION, createAuction, deployFixture, ethers, networkHelpers, salt, type AuctionDriver, type Bid, type Fixture,
} from "./fixture.js";

const ONE = ethers.parseEther("1");
const MAX_AMOUNT = (1n << 112n) - 1n;

type OpeningStruct = { bidder: string; amount: bigint; salt: string; deposit: bigint; order: bigint };

function openingOf(b: Pick<Bid, "bidder" | "amount" | "salt" | "deposit" | "order">): OpeningStruct {
  return { bidder: b.bidder.address, amount: b.amount, salt: b.salt, deposit: b.deposit, order: b.order };
}

/** The house's events in a receipt, as [name, ...args]. */
function houseEvents(f: Fixture, logs: readonly Log[]) {
  return logs
    .filter((l) => l.address === f.house.target)
    .map((l) => f.house.interface.parseLog(l)!)
    .map((e) => [e.name, ...e.args]);
}

/** auctionState without what differs between two auctions of the same bids (terms hash and windows). */
async function comparableState(a: AuctionDriver) {
  const { termsHash: _h, commitEnd: _c, reserveEnd: _r, revealEnd: _e, ...rest } = ((await a.state()) as unknown as { toObject(): Record<string, unknown> }).toObject();
  return rest;
}

describe("AuctionHouse: revealMany", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  it("test_revealMany_opensExactlyTheMatchingEntriesAndSkipsEveryOther", async () => {
    const [, , , , , , , frank] = await ethers.getSigners();
    const a = await createAuction(f);
    const other = await createAuction(f);
    const dave = await a.commit(f.dave, ONE / 2n); // opened alone first: it leads, then is displaced in the batch
    const alice = await a.commit(f.alice, 3n * ONE);
    const bob = await a.commit(f.bob, ONE, 2n * ONE);
    const carol = await a.commit(f.carol, 2n * ONE, ONE); // amount > deposit: invalid
    // Frank commits in `a` to an opening bound to the other auction's id.
    const foreignSalt = salt("foreign");
    const foreign = other.commitmentFor(frank.address, ONE, foreignSalt);
    await f.house.connect(frank).commit(a.id, foreign, ONE, { value: ONE });
    await a.toRevealPhase();
    await a.reveal(dave);
    const before = await a.state();

    const openings = [
      { bidder: f.erin.address, amount: ONE, salt: salt("never"), deposit: ONE, order: 6n }, // never committed
      { ...openingOf(bob), deposit: bob.deposit + 1n }, // wrong deposit
      openingOf(alice),
      openingOf(bob),
      openingOf(carol), // invalid: opens, forfeits the bond
      openingOf(dave), // already open
      { bidder: frank.address, amount: ONE, salt: foreignSalt, deposit: ONE, order: 5n }, // another auction's
      { ...openingOf(alice), order: 1n }, // wrong order
      openingOf(bob), // duplicate
      openingOf(alice), // duplicate of the new leader
    ];
    expect(await f.house.connect(f.keeper).revealMany.staticCall(a.id, openings)).to.equal(3n);
    const tx = f.house.connect(f.keeper).revealMany(a.id, openings);
    // Dave, the leader from before the batch, is displaced by alice: his deposit comes back in the batch.
    const daveDeposit = ONE / 2n > BOND ? ONE / 2n : BOND;
    await expect(tx).to.changeEtherBalances(
      ethers,
      [f.alice, f.bob, f.carol, f.dave, frank, f.erin, f.house],
      [0n, 2n * ONE, ONE - BOND, daveDeposit, 0n, 0n, -(3n * ONE - BOND + daveDeposit)],
    );
    expect(houseEvents(f, (await (await tx).wait())!.logs)).to.deep.equal([
      ["BidRevealed", a.id, f.alice.address, 3n * ONE, alice.salt, true],
      ["BidRevealed", a.id, f.bob.address, ONE, bob.salt, true],
      ["BidRevealed", a.id, f.carol.address, 2n * ONE, carol.salt, false],
    ]);

    expect(await f.house.positionOf(a.id, f.alice.address)).to.deep.equal([POSITION.Held, 3n * ONE]);
    for (const who of [f.bob, f.carol, f.dave, f.erin]) expect(await f.house.positionOf(a.id, who.address)).to.deep.equal([POSITION.None, 0n]);
    expect((await f.house.positionOf(a.id, frank.address))[0]).to.equal(POSITION.Sealed);
    const s = await a.state();
    expect([s.openCount, s.forfeitCount, s.commitCount]).to.deep.equal([before.openCount + 3n, 1n, 5n]);
    expect([s.bestAmount, s.runnerUp, s.bestOrder]).to.deep.equal([3n * ONE, ONE, alice.order]);
    expect(s.phase).to.equal(PHASE.Revealing); // frank's commitment is still unopened

    // The displaced first leader has nothing left to claim; only the standing leader is held.
    await expect(f.house.connect(f.dave).withdrawRefund(a.id, f.dave.address))
      .to.be.revertedWithCustomError(f.house, "NothingToWithdraw").withArgs(a.id, f.dave.address);
    await expect(f.house.connect(f.alice).withdrawRefund(a.id, f.alice.address))
      .to.be.revertedWithCustomError(f.house, "RefundHeldUntilSettlement").withArgs(a.id, f.alice.address);
    // Nothing left that matches: a second run of the same batch opens nothing and moves nothing.
    expect(await f.house.connect(f.keeper).revealMany.staticCall(a.id, openings)).to.equal(0n);
    const again = f.house.connect(f.keeper).revealMany(a.id, openings);
    await expect(again).to.changeEtherBalance(ethers, f.house, 0n);
    await expect(again).not.to.emit(f.house, "BidRevealed");
    expect(await a.state()).to.deep.equal(s);
  });

  it("test_revealMany_leaderDisplacedInsideTheBatchIsRefundedInTheBatch", async () => {
    const a = await createAuction(f);
    const first = await a.commit(f.alice, ONE);
    const second = await a.commit(f.bob, 2n * ONE);
    const third = await a.commit(f.carol, 3n * ONE);
    const low = await a.commit(f.dave, ONE / 2n);
    await a.toRevealPhase();
    const tx = f.house.connect(f.keeper).revealMany(a.id, [first, second, low, third].map(openingOf));
    // Alice led, then bob displaced her, then carol displaced bob: both are refunded in the batch, as is dave
    // (never led). Only carol, the standing leader, is held.
    await expect(tx).to.changeEtherBalances(
      ethers, [f.alice, f.bob, f.carol, f.dave, f.house], [ONE, 2n * ONE, 0n, ONE / 2n, -(3n * ONE + ONE / 2n)],
    );
    const receipt = (await (await tx).wait())!;
    expect(houseEvents(f, receipt.logs).map((e) => e[0])).to.deep.equal(["BidRevealed", "BidRevealed", "BidRevealed", "BidRevealed"]);
    for (const who of [f.alice, f.bob, f.dave]) expect(await f.house.positionOf(a.id, who.address)).to.deep.equal([POSITION.None, 0n]);
    expect(await f.house.positionOf(a.id, f.carol.address)).to.deep.equal([POSITION.Held, 3n * ONE]);
    const s = await a.state();
    expect([s.bestAmount, s.runnerUp, s.bestOrder, s.openCount]).to.deep.equal([3n * ONE, 2n * ONE, third.order, 4n]);
    expect(s.phase).to.equal(PHASE.AwaitingSettlement); // everything open: early settlement
    await expect(f.house.connect(f.alice).withdrawRefund(a.id, f.alice.address))
      .to.be.revertedWithCustomError(f.house, "NothingToWithdraw").withArgs(a.id, f.alice.address);
    await expect(f.house.connect(f.carol).withdrawRefund(a.id, f.carol.address))
      .to.be.revertedWithCustomError(f.house, "RefundHeldUntilSettlement").withArgs(a.id, f.carol.address);
    const settle = a.settle();
    await expect(settle).to.emit(f.house, "AuctionSettled").withArgs(a.id, f.carol.address, 2n * ONE, 0n, 0n);
    await expect(settle).to.emit(f.house, "RefundWithdrawn").withArgs(a.id, f.carol.address, f.carol.address, ONE);
    await expect(settle).to.changeEtherBalances(ethers, [f.alice, f.bob, f.carol, f.seller, f.house], [0n, 0n, ONE, 2n * ONE, -3n * ONE]);
    expect(await ethers.provider.getBalance(f.house.target)).to.equal(0n);
  });

  it("test_revealMany_tieGoesToTheEarliestCommitmentWhateverTheBatchOrder", async () => {
    const orders = [[2, 1, 0], [0, 2, 1], [1, 0, 2]];
    for (const perm of orders) {
      const a = await createAuction(f);
      const bids = [await a.commit(f.alice, ONE), await a.commit(f.bob, ONE), await a.commit(f.carol, ONE)];
      await a.toRevealPhase();
      await f.house.connect(f.keeper).revealMany(a.id, perm.map((i) => openingOf(bids[i])));
      const s = await a.state();
      expect([s.bestAmount, s.runnerUp, s.bestOrder]).to.deep.equal([ONE, ONE, bids[0].order], `batch order ${perm}`);
      await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, f.alice.address, ONE, 0n, 0n);
    }
  });

  it("test_revealMany_equalsTheSameOpeningsRevealedOneByOne", async () => {
    const rejecter = await ethers.deployContract("BidderContract", [f.house.target]);
    const [, , , , , , , frank, grace] = await ethers.getSigners();
    const bidders = [f.alice, f.bob, f.carol, f.dave, f.erin, frank, grace];
    // amount, deposit: ties, an over-deposit opening, a leader displaced late, one bid never opened.
    const plan: [bigint, bigint][] = [
      [ONE, 2n * ONE], [3n * ONE, 3n * ONE], [2n * ONE, ONE], [3n * ONE, 4n * ONE], [ONE / 2n, ONE], [5n * ONE, 5n * ONE], [ONE, ONE],
    ];
    const make = async () => {
      const a = await createAuction(f, { floorReserve: ONE / 4n });
      const bids: Bid[] = [];
      for (const [i, who] of bidders.entries()) bids.push(await a.commit(who, plan[i][0], plan[i][1], `eq ${i}`));
      const rs = salt("eq rejecter");
      await rejecter.commit(a.id, a.commitmentFor(await rejecter.getAddress(), 2n * ONE, rs), 3n * ONE, { value: 3n * ONE });
      const r: OpeningStruct = { bidder: await rejecter.getAddress(), amount: 2n * ONE, salt: rs, deposit: 3n * ONE, order: 8n };
      // alice leads, carol is invalid, bob leads, the rejecter loses (its refund is deferred), alice again, erin
      // loses, dave ties bob but committed later, grace's entry is wrong, frank leads, bob again.
      const entries: OpeningStruct[] = [
        openingOf(bids[0]), openingOf(bids[2]), openingOf(bids[1]), r, openingOf(bids[0]), openingOf(bids[4]), openingOf(bids[3]),
        { ...openingOf(bids[6]), amount: 2n * ONE }, openingOf(bids[5]), openingOf(bids[1]),
      ];
      return { a, entries };
    };
    const one = await make();
    const batch = await make();
    await rejecter.setRejects(true, false);
    await batch.a.toRevealPhase();
    const watched = [...bidders.map((b) => b.address), await rejecter.getAddress()];
    const balances = () => Promise.all(watched.map((w) => ethers.provider.getBalance(w)));

    let b0 = await balances();
    let opened = 0n;
    const sequential: unknown[][] = [];
    for (const e of one.entries) {
      try {
        const tx = await f.house.connect(f.keeper).reveal(one.a.id, e.bidder, e.amount, e.salt, e.deposit, e.order);
        sequential.push(...houseEvents(f, (await tx.wait())!.logs));
        opened++;
      } catch (err) {
        expect(String(err)).to.match(/OpeningMismatch|NoSealedCommitment/);
      }
    }
    const deltaOne = (await balances()).map((x, i) => x - b0[i]);

    b0 = await balances();
    expect(await f.house.connect(f.keeper).revealMany.staticCall(batch.a.id, batch.entries)).to.equal(opened);
    const receipt = (await (await f.house.connect(f.keeper).revealMany(batch.a.id, batch.entries)).wait())!;
    const deltaBatch = (await balances()).map((x, i) => x - b0[i]);
    const batchEvents = houseEvents(f, receipt.logs);

    expect(opened).to.equal(7n);
    expect(deltaBatch).to.deep.equal(deltaOne);
    expect(await comparableState(batch.a)).to.deep.equal(await comparableState(one.a));
    for (const w of watched) {
      // Held amounts equal; a still-sealed position is each auction's own digest.
      const [sb, vb] = await f.house.positionOf(batch.a.id, w);
      const [so, vo] = await f.house.positionOf(one.a.id, w);
      expect(sb).to.equal(so, w);
      if (sb !== POSITION.Sealed) expect(vb).to.equal(vo, w);
    }
    expect((await f.house.positionOf(batch.a.id, grace.address))[0]).to.equal(POSITION.Sealed);
    // The same events with the auction id swapped; a deferred refund's event follows the batch's openings.
    const swap = (events: unknown[][]) => events.map(([name, , ...rest]) => [name, ...rest]);
    const byName = (events: unknown[][], name: string) => swap(events).filter((e) => e[0] === name);
    expect(byName(batchEvents, "BidRevealed")).to.deep.equal(byName(sequential, "BidRevealed"));
    expect(byName(batchEvents, "RefundDeferred")).to.deep.equal(byName(sequential, "RefundDeferred"));
    expect(byName(batchEvents, "RefundDeferred")).to.deep.equal([["RefundDeferred", await rejecter.getAddress(), 3n * ONE]]);
    expect(batchEvents.at(-1)![0]).to.equal("RefundDeferred");

    // And so are the settlements.
    await batch.a.toEnd();
    const settled = async (a: AuctionDriver) => {
      const r = (await (await a.settle()).wait())!;
      return swap(houseEvents(f, r.logs));
    };
    expect(await settled(batch.a)).to.deep.equal(await settled(one.a));
    expect(await comparableState(batch.a)).to.deep.equal(await comparableState(one.a));
  });

  it("test_revealMany_hostileReceiversDeferOnlyTheirOwnRefundsAndTheRestOpens", async () => {
    const a = await createAuction(f);
    const rejecter = await ethers.deployContract("BidderContract", [f.house.target]);
    const burner = await ethers.deployContract("BidderContract", [f.house.target]);
    const reenterer = await ethers.deployContract("ReenteringEthReceiver", [f.house.target]);
    const top = await a.commit(f.alice, 5n * ONE);
    const bob = await a.commit(f.bob, ONE, 2n * ONE);
    type Committer = { getAddress(): Promise<string>; commit(id: bigint, c: string, d: bigint, o: { value: bigint }): Promise<unknown> };
    const contractBid = async (c: Committer, amount: bigint, label: string): Promise<OpeningStruct> => {
      const address = await c.getAddress();
      const s = salt(label);
      await c.commit(a.id, a.commitmentFor(address, amount, s), amount, { value: amount });
      return { bidder: address, amount, salt: s, deposit: amount, order: (await a.state()).commitCount };
    };
    const r = await contractBid(rejecter, ONE, "rejecter");
    const b = await contractBid(burner, ONE, "burner");
    const x = await contractBid(reenterer, ONE, "reenterer");
    const carol = await a.commit(f.carol, 2n * ONE);
    const dave = await a.commit(f.dave, ONE); // not in the batch: the re-entrant reveal targets it
    await rejecter.setRejects(true, false);
    await burner.setBurnGas(true);
    await reenterer.setReentry(a.id, 1 /* Reveal */, true, openingOf(dave));
    await a.toRevealPhase();

    const entries = [openingOf(top), r, openingOf(bob), b, x, openingOf(carol)];
    const tx = f.house.connect(f.keeper).revealMany(a.id, entries);
    await expect(tx).to.changeEtherBalances(
      ethers,
      [f.alice, f.bob, f.carol, rejecter, burner, reenterer, f.house],
      [0n, 2n * ONE, 2n * ONE, 0n, 0n, 0n, -(4n * ONE)],
    );
    const events = houseEvents(f, (await (await tx).wait())!.logs);
    expect(events.filter((e) => e[0] === "BidRevealed").map((e) => e[2])).to.deep.equal(entries.map((e) => e.bidder));
    expect(events.filter((e) => e[0] === "RefundDeferred")).to.deep.equal([
      ["RefundDeferred", a.id, r.bidder, ONE],
      ["RefundDeferred", a.id, b.bidder, ONE],
      ["RefundDeferred", a.id, x.bidder, ONE],
    ]);
    // The re-entrant reveal did not open dave's bid.
    expect((await f.house.positionOf(a.id, f.dave.address))[0]).to.equal(POSITION.Sealed);
    const s = await a.state();
    expect([s.openCount, s.bestAmount, s.runnerUp, s.bestOrder]).to.deep.equal([6n, 5n * ONE, 2n * ONE, top.order]);

    // Each deferred refund is a claim, payable at once (none of them ever led), to a recipient it names.
    for (const c of [rejecter, burner, reenterer]) {
      expect(await f.house.positionOf(a.id, await c.getAddress())).to.deep.equal([POSITION.Held, ONE]);
    }
    await burner.setBurnGas(false);
    await reenterer.setReentry(a.id, 0, false, openingOf(dave));
    await expect(rejecter.withdrawRefund(a.id, f.erin.address)).to.changeEtherBalances(ethers, [f.erin, f.house], [ONE, -ONE]);
    await expect(burner.withdrawRefund(a.id, await burner.getAddress())).to.changeEtherBalance(ethers, burner, ONE);
    await expect(reenterer.withdrawRefund(a.id, await reenterer.getAddress())).to.changeEtherBalance(ethers, reenterer, ONE);
    await expect(reenterer.withdrawRefund(a.id, await reenterer.getAddress()))
      .to.be.revertedWithCustomError(f.house, "NothingToWithdraw");
  });

  it("test_revealMany_reentrantCallsFailAndAPushSeesTheWholeBatchApplied", async () => {
    const a = await createAuction(f);
    const top = await a.commit(f.alice, 5n * ONE);
    const receivers: { c: ReenteringEthReceiver; kind: number; opening: { bidder: string; amount: bigint; salt: string; deposit: bigint; order: bigint } }[] = [];
    for (const kind of [2 /* RevealMany */, 3 /* WithdrawRefund */]) {
      const c = await ethers.deployContract("ReenteringEthReceiver", [f.house.target]);
      const s = salt(`reenter ${kind}`);
      await c.commit(a.id, a.commitmentFor(await c.getAddress(), ONE, s), ONE, { value: ONE });
      receivers.push({ c, kind, opening: { bidder: await c.getAddress(), amount: ONE, salt: s, deposit: ONE, order: (await a.state()).commitCount } });
    }
    // Entries after the re-entering receivers raise the runner-up and forfeit a bond: a push that ran before
    // those effects would see an older standing.
    const carol = await a.commit(f.carol, 3n * ONE);
    const dave = await a.commit(f.dave, 2n * ONE, ONE);
    for (const r of receivers) await r.c.setReentry(a.id, r.kind, false, r.opening);
    await a.toRevealPhase();

    const tx = f.house.connect(f.keeper).revealMany(a.id, [openingOf(top), ...receivers.map((r) => r.opening), openingOf(carol), openingOf(dave)]);
    await expect(tx).to.changeEtherBalances(
      ethers,
      [...receivers.map((r) => r.c), f.carol, f.dave],
      [ONE, ONE, 3n * ONE, ONE - BOND],
    );
    const receipt = (await (await tx).wait())!;
    expect(houseEvents(f, receipt.logs).filter((e) => e[0] === "RefundDeferred")).to.deep.equal([]);
    const final = await a.state();
    expect([final.openCount, final.forfeitCount, final.bestAmount, final.runnerUp]).to.deep.equal([5n, 1n, 5n * ONE, 3n * ONE]);
    const guard = f.house.interface.getError("ReentrancyGuardReentrantCall")!.selector;
    const observed = receipt.logs
      .filter((l) => receivers.some((r) => r.c.target === l.address))
      .map((l) => receivers[0].c.interface.parseLog(l)!.args.toArray());
    expect(observed).to.deep.equal(receivers.map(() => [
      false, guard, final.openCount, final.forfeitCount, final.bestAmount, final.runnerUp, final.bestOrder, POSITION.None,
    ]));
  });

  it("test_revealMany_tokenPaymentPushesRefundsInTheToken", async () => {
    const a = await createAuction(f, { paymentToken: await f.payToken.getAddress() });
    const top = await a.commit(f.alice, 3n * ONE);
    const low = await a.commit(f.bob, ONE, 2n * ONE);
    const over = await a.commit(f.carol, 2n * ONE, ONE);
    await a.toRevealPhase();
    await expect(f.house.connect(f.keeper).revealMany(a.id, [top, low, over].map(openingOf)))
      .to.changeTokenBalances(ethers, f.payToken, [f.alice, f.bob, f.carol, f.house], [0n, 2n * ONE, ONE - BOND, -(3n * ONE - BOND)]);
    const s = await a.state();
    expect([s.openCount, s.forfeitCount, s.bestAmount, s.runnerUp, s.bestOrder]).to.deep.equal([3n, 1n, 3n * ONE, ONE, top.order]);
    expect(await f.house.positionOf(a.id, f.alice.address)).to.deep.equal([POSITION.Held, 3n * ONE]);
  });

  it("test_revealMany_revertsWhen_notInTheRevealWindowOrTheSealedReservePending", async () => {
    const a = await createAuction(f, { sealedReserve: ONE });
    const bid = await a.commit(f.alice, 2n * ONE);
    const entries = [openingOf(bid)];
    await expect(f.house.connect(f.keeper).revealMany(a.id, entries))
      .to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.Committing);
    await expect(f.house.connect(f.keeper).revealMany(a.id, []))
      .to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.Committing);
    await a.toReservePhase();
    await expect(f.house.connect(f.keeper).revealMany(a.id, entries))
      .to.be.revertedWithCustomError(f.house, "ReserveNotYetOpened").withArgs(a.id, a.terms.reserveEnd);
    await expect(f.house.connect(f.keeper).revealMany(a.id, []))
      .to.be.revertedWithCustomError(f.house, "ReserveNotYetOpened").withArgs(a.id, a.terms.reserveEnd);
    await a.revealReserve();
    expect(await f.house.connect(f.keeper).revealMany.staticCall(a.id, entries)).to.equal(1n);
    await a.toEnd();
    await expect(f.house.connect(f.keeper).revealMany(a.id, entries))
      .to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.AwaitingSettlement);
    await expect(f.house.connect(f.keeper).revealMany(999n, entries))
      .to.be.revertedWithCustomError(f.house, "AuctionNotFound").withArgs(999n);
    expect((await f.house.positionOf(a.id, f.alice.address))[0]).to.equal(POSITION.Sealed);
  });

  it("test_revealMany_afterAWithheldReserveWindowOpensBids", async () => {
    const a = await createAuction(f, { sealedReserve: ONE });
    const bid = await a.commit(f.alice, 2n * ONE);
    await a.toRevealPhase(); // reserveEnd passed, reserve withheld
    await expect(f.house.connect(f.keeper).revealMany(a.id, [openingOf(bid)]))
      .to.emit(f.house, "BidRevealed").withArgs(a.id, f.alice.address, 2n * ONE, bid.salt, true);
  });

  it("test_revealMany_emptyOrUnmatchedBatchReturnsZeroAndChangesNothing", async () => {
    const a = await createAuction(f);
    const bid = await a.commit(f.alice, ONE);
    await a.toRevealPhase();
    const before = await a.state();
    expect(await f.house.connect(f.keeper).revealMany.staticCall(a.id, [])).to.equal(0n);
    const garbage = [{ ...openingOf(bid), salt: salt("wrong") }, { ...openingOf(bid), amount: MAX_AMOUNT + 1n }];
    expect(await f.house.connect(f.keeper).revealMany.staticCall(a.id, garbage)).to.equal(0n);
    for (const batch of [[], garbage]) {
      const tx = f.house.connect(f.keeper).revealMany(a.id, batch);
      await expect(tx).to.changeEtherBalance(ethers, f.house, 0n);
      expect((await (await tx).wait())!.logs).to.deep.equal([]);
    }
    expect(await a.state()).to.deep.equal(before);
    expect((await f.house.positionOf(a.id, f.alice.address))[0]).to.equal(POSITION.Sealed);
  });

  it("test_revealMany_skipsAnEntryWhoseAddressWordHasDirtyUpperBits", async () => {
    const a = await createAuction(f);
    const bid = await a.commit(f.alice, ONE);
    await a.toRevealPhase();
    const clean = f.house.interface.encodeFunctionData("revealMany", [a.id, [openingOf(bid)]]);
    // selector, id, array offset, length, then the first entry's bidder word: set one of its 12 upper bytes.
    const at = 2 + 2 * (4 + 3 * 32);
    expect(clean.slice(at, at + 24)).to.equal("00".repeat(12));
    const dirty = `${clean.slice(0, at)}01${clean.slice(at + 2)}`;
    const call = { to: f.house.target, data: dirty, from: f.keeper.address };
    expect(BigInt(await ethers.provider.call(call))).to.equal(0n);
    const receipt = (await (await f.keeper.sendTransaction(call)).wait())!;
    expect(receipt.status).to.equal(1);
    expect(houseEvents(f, receipt.logs)).to.deep.equal([]);
    expect((await f.house.positionOf(a.id, f.alice.address))[0]).to.equal(POSITION.Sealed);
    // The same entry with a clean address word opens the bid.
    await expect(f.keeper.sendTransaction({ ...call, data: clean })).to.emit(f.house, "BidRevealed");
  });

  it("test_revealMany_revertsWhen_gasTooLowToGiveEveryPushItsCap", async () => {
    const a = await createAuction(f);
    const top = await a.commit(f.alice, 3n * ONE);
    const losers = [await a.commit(f.bob, ONE), await a.commit(f.carol, ONE / 2n)];
    await a.toRevealPhase();
    await a.reveal(top);
    const entries = losers.map(openingOf);
    const needed = await f.house.connect(f.keeper).revealMany.estimateGas(a.id, entries);
    await expect(f.house.connect(f.keeper).revealMany(a.id, entries, { gasLimit: needed - 5_000n }))
      .to.be.revertedWithCustomError(f.house, "InsufficientGasForRefund");
    for (const l of losers) expect((await f.house.positionOf(a.id, l.bidder.address))[0]).to.equal(POSITION.Sealed);
    await expect(f.house.connect(f.keeper).revealMany(a.id, entries, { gasLimit: needed }))
      .to.changeEtherBalances(ethers, [f.bob, f.carol], [ONE, ONE / 2n]);
  });

  it("test_revealMany_settleAndClaimsAfterABatchLeaveOnlyTheBurnedBonds", async () => {
    const [, , , , , , , frank] = await ethers.getSigners();
    const a = await createAuction(f, { floorReserve: ONE / 2n });
    const alice = await a.commit(f.alice, 3n * ONE, 4n * ONE);
    const bob = await a.commit(f.bob, 2n * ONE);
    const carol = await a.commit(f.carol, 2n * ONE, ONE); // invalid
    const dave = await a.commit(f.dave, ONE); // leads first, displaced in the batch
    const unopened = await a.commit(frank, ONE, 2n * ONE);
    await a.toRevealPhase();
    expect(await f.house.connect(f.keeper).revealMany.staticCall(a.id, [dave, carol, alice, bob].map(openingOf))).to.equal(4n);
    // Dave leads, carol forfeits, alice displaces dave (refunded in the batch), bob loses (refunded).
    await expect(f.house.connect(f.keeper).revealMany(a.id, [dave, carol, alice, bob].map(openingOf)))
      .to.changeEtherBalances(ethers, [f.alice, f.bob, f.carol, f.dave], [0n, 2n * ONE, ONE - BOND, ONE]);
    await a.toEnd();
    // Settlement delivers the lot, alice's change and the price: no claim is left but frank's unopened deposit.
    const settle = a.settle();
    await expect(settle).to.emit(f.house, "AuctionSettled").withArgs(a.id, f.alice.address, 2n * ONE, ONE / 2n, 2n * BOND);
    await expect(settle).to.emit(f.house, "LotClaimed").withArgs(a.id, f.alice.address, f.alice.address);
    await expect(settle).to.changeEtherBalances(ethers, [f.alice, f.seller, f.dave], [2n * ONE, 2n * ONE, 0n]);
    await expect(f.house.connect(f.alice).claimLot(a.id, a.terms, f.alice.address))
      .to.be.revertedWithCustomError(f.house, "LotAlreadyClaimed").withArgs(a.id);
    await expect(f.house.connect(f.seller).withdrawProceeds(a.id, f.seller.address))
      .to.be.revertedWithCustomError(f.house, "NothingToWithdraw").withArgs(a.id, f.seller.address);
    const pays = async (tx: Promise<unknown>, who: typeof f.alice, amount: bigint) =>
      expect(tx).to.changeEtherBalance(ethers, who, amount, { includeFee: false });
    await pays(
      f.house.connect(frank).withdrawUnrevealed(a.id, { commitment: unopened.commitment, deposit: 2n * ONE, order: unopened.order }, frank.address),
      frank, 2n * ONE - BOND,
    );
    for (const who of [f.alice, f.bob, f.carol, f.dave]) {
      await expect(f.house.connect(who).withdrawRefund(a.id, who.address)).to.be.revertedWithCustomError(f.house, "NothingToWithdraw");
    }
    expect(await f.nft.ownerOf(a.terms.lotAmountOrId)).to.equal(f.alice.address);
    expect(await ethers.provider.getBalance(f.house.target)).to.equal(2n * BOND);
    expect(bob.order).to.equal(2n);
  });
});
