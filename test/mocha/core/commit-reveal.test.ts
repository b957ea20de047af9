import { expect } from "chai";
import { positionDigest } from "../../../lib/auction.js";
import {
  BOND, POSITION, PHASE, createAuction, deployFixture, ethers, networkHelpers, salt, type AuctionDriver, type Fixture,
} from "./fixture.js";

const ONE = ethers.parseEther("1");

describe("AuctionHouse: commit", () => {
  let f: Fixture;
  let a: AuctionDriver;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployFixture);
    a = await createAuction(f);
  });

  it("test_commit_storesDigestTakesDepositAndEmits", async () => {
    const commitment = a.commitmentFor(f.alice.address, ONE, salt("a"));
    const tx = f.house.connect(f.alice).commit(a.id, commitment, 2n * ONE, { value: 2n * ONE });
    await expect(tx).to.emit(f.house, "BidCommitted").withArgs(a.id, f.alice.address, commitment, 2n * ONE, 1n);
    await expect(tx).to.changeEtherBalances(ethers, [f.alice, f.house], [-2n * ONE, 2n * ONE]);
    const [status, value] = await f.house.positionOf(a.id, f.alice.address);
    expect(status).to.equal(POSITION.Sealed);
    expect(value).to.equal(BigInt(positionDigest(commitment, 2n * ONE, 1n)));
    expect(await f.house.positionDigest(commitment, 2n * ONE, 1n)).to.equal(value);
    expect((await a.state()).commitCount).to.equal(1n);
  });

  it("test_commit_assignsOrdersByFirstCommitment", async () => {
    const x = await a.commit(f.alice, ONE);
    const y = await a.commit(f.bob, ONE);
    expect([x.order, y.order]).to.deep.equal([1n, 2n]);
  });

  it("test_commit_pullsErc20Deposit", async () => {
    const b = await createAuction(f, { paymentToken: await f.payToken.getAddress() });
    const c = b.commitmentFor(f.alice.address, ONE, salt("t"));
    await expect(f.house.connect(f.alice).commit(b.id, c, ONE))
      .to.changeTokenBalances(ethers, f.payToken, [f.alice, f.house], [-ONE, ONE]);
  });

  it("test_commit_revertsWhen_unknownAuction", async () => {
    await expect(f.house.connect(f.alice).commit(77n, salt("c"), BOND, { value: BOND }))
      .to.be.revertedWithCustomError(f.house, "AuctionNotFound").withArgs(77n);
  });

  it("test_commit_revertsWhen_commitWindowClosed", async () => {
    await a.commit(f.bob, ONE);
    await a.toRevealPhase();
    await expect(f.house.connect(f.alice).commit(a.id, salt("c"), BOND, { value: BOND }))
      .to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.Revealing);
  });

  it("test_commit_revertsWhen_zeroCommitment", async () => {
    await expect(f.house.connect(f.alice).commit(a.id, ethers.ZeroHash, BOND, { value: BOND }))
      .to.be.revertedWithCustomError(f.house, "ZeroCommitment");
  });

  it("test_commit_revertsWhen_alreadyCommitted", async () => {
    await a.commit(f.alice, ONE);
    await expect(f.house.connect(f.alice).commit(a.id, salt("again"), BOND, { value: BOND }))
      .to.be.revertedWithCustomError(f.house, "AlreadyCommitted").withArgs(a.id, f.alice.address);
  });

  it("test_commit_revertsWhen_depositBelowBond", async () => {
    await expect(f.house.connect(f.alice).commit(a.id, salt("c"), BOND - 1n, { value: BOND - 1n }))
      .to.be.revertedWithCustomError(f.house, "DepositBelowBond").withArgs(BOND - 1n, BOND);
  });

  it("test_commit_revertsWhen_depositTooLarge", async () => {
    const big = 2n ** 112n;
    const b = await createAuction(f, { paymentToken: await f.payToken.getAddress() });
    await expect(f.house.connect(f.alice).commit(b.id, salt("c"), big))
      .to.be.revertedWithCustomError(f.house, "AmountTooLarge").withArgs(big);
  });

  it("test_commit_revertsWhen_valueDiffersFromDeposit", async () => {
    await expect(f.house.connect(f.alice).commit(a.id, salt("c"), ONE, { value: ONE - 1n }))
      .to.be.revertedWithCustomError(f.house, "PaymentMismatch").withArgs(ONE, ONE - 1n);
    const b = await createAuction(f, { paymentToken: await f.payToken.getAddress() });
    await expect(f.house.connect(f.alice).commit(b.id, salt("c"), ONE, { value: 1n }))
      .to.be.revertedWithCustomError(f.house, "PaymentMismatch").withArgs(0n, 1n);
  });

  it("test_commit_revertsWhen_feeOnTransferPayment", async () => {
    const fee = await ethers.deployContract("FeeOnTransferERC20");
    await fee.mint(f.alice.address, ONE);
    await fee.connect(f.alice).approve(f.house.target, ONE);
    const b = await createAuction(f, { paymentToken: await fee.getAddress() });
    await expect(f.house.connect(f.alice).commit(b.id, salt("c"), ONE))
      .to.be.revertedWithCustomError(f.house, "TransferAmountMismatch").withArgs(await fee.getAddress(), ONE, ONE - ONE / 100n);
  });

  describe("recommit", () => {
    it("test_recommit_replacesBidAndTopsUpKeepingOrder", async () => {
      const first = await a.commit(f.alice, ONE, ONE);
      await a.commit(f.bob, ONE);
      const newSalt = salt("replacement");
      const newCommitment = a.commitmentFor(f.alice.address, 3n * ONE, newSalt);
      const tx = f.house.connect(f.alice).recommit(
        a.id, { commitment: first.commitment, deposit: ONE, order: first.order }, newCommitment, 2n * ONE, { value: 2n * ONE },
      );
      await expect(tx).to.emit(f.house, "BidCommitted").withArgs(a.id, f.alice.address, newCommitment, 3n * ONE, 1n);
      await expect(tx).to.changeEtherBalances(ethers, [f.alice, f.house], [-2n * ONE, 2n * ONE]);
      expect((await f.house.positionOf(a.id, f.alice.address))[1]).to.equal(BigInt(positionDigest(newCommitment, 3n * ONE, 1n)));
      expect((await a.state()).commitCount).to.equal(2n);
      // The old opening no longer works; the new one does.
      await a.toRevealPhase();
      await expect(a.reveal(first)).to.be.revertedWithCustomError(f.house, "OpeningMismatch");
      await expect(f.house.connect(f.alice).reveal(a.id, f.alice.address, 3n * ONE, newSalt, 3n * ONE, 1n))
        .to.emit(f.house, "BidRevealed").withArgs(a.id, f.alice.address, 3n * ONE, newSalt, true);
    });

    it("test_recommit_revertsWhen_currentPositionWrong", async () => {
      const first = await a.commit(f.alice, ONE, ONE);
      await expect(f.house.connect(f.alice).recommit(a.id, { commitment: first.commitment, deposit: 2n * ONE, order: 1n }, salt("n"), 0n))
        .to.be.revertedWithCustomError(f.house, "OpeningMismatch").withArgs(a.id, f.alice.address);
      await expect(f.house.connect(f.bob).recommit(a.id, { commitment: first.commitment, deposit: ONE, order: 1n }, salt("n"), 0n))
        .to.be.revertedWithCustomError(f.house, "NoSealedCommitment").withArgs(a.id, f.bob.address);
      await expect(f.house.connect(f.alice).recommit(a.id, { commitment: first.commitment, deposit: ONE, order: 1n }, ethers.ZeroHash, 0n))
        .to.be.revertedWithCustomError(f.house, "ZeroCommitment");
    });

    it("test_recommit_revertsWhen_windowClosed", async () => {
      const first = await a.commit(f.alice, ONE, ONE);
      await a.toRevealPhase();
      await expect(f.house.connect(f.alice).recommit(a.id, { commitment: first.commitment, deposit: ONE, order: 1n }, salt("n"), 0n))
        .to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.Revealing);
    });

    it("test_recommit_revertsWhen_totalTooLarge", async () => {
      const b = await createAuction(f, { paymentToken: await f.payToken.getAddress() });
      const first = await b.commit(f.alice, ONE, ONE);
      const add = 2n ** 112n - ONE;
      await expect(f.house.connect(f.alice).recommit(b.id, { commitment: first.commitment, deposit: ONE, order: 1n }, salt("n"), add))
        .to.be.revertedWithCustomError(f.house, "AmountTooLarge").withArgs(ONE + add);
    });
  });
});

describe("AuctionHouse: reveal", () => {
  let f: Fixture;
  let a: AuctionDriver;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployFixture);
    a = await createAuction(f);
  });

  it("test_reveal_firstBidLeadsAndIsHeld", async () => {
    const bid = await a.commit(f.alice, ONE, 2n * ONE);
    await a.toRevealPhase();
    const tx = a.reveal(bid);
    await expect(tx).to.emit(f.house, "BidRevealed").withArgs(a.id, f.alice.address, ONE, bid.salt, true);
    await expect(tx).to.changeEtherBalances(ethers, [f.alice, f.house], [0n, 0n]);
    const s = await a.state();
    expect([s.bestAmount, s.runnerUp, s.bestOrder, s.openCount]).to.deep.equal([ONE, 0n, 1n, 1n]);
    expect(await f.house.positionOf(a.id, f.alice.address)).to.deep.equal([POSITION.Held, 2n * ONE]);
  });

  it("test_reveal_loserIsRefundedInItsReveal", async () => {
    const high = await a.commit(f.alice, 2n * ONE);
    const low = await a.commit(f.bob, ONE, 3n * ONE);
    await a.toRevealPhase();
    await a.reveal(high);
    const tx = a.reveal(low);
    await expect(tx).to.changeEtherBalances(ethers, [f.bob, f.house], [3n * ONE, -3n * ONE]);
    await expect(tx).not.to.emit(f.house, "RefundDeferred");
    expect((await a.state()).runnerUp).to.equal(ONE);
    expect(await f.house.positionOf(a.id, f.bob.address)).to.deep.equal([POSITION.None, 0n]);
  });

  it("test_reveal_newLeaderDisplacesAndRaisesRunnerUp", async () => {
    const low = await a.commit(f.alice, ONE);
    const high = await a.commit(f.bob, 2n * ONE);
    await a.toRevealPhase();
    await a.reveal(low);
    // The displaced leader can never win now: its whole deposit comes back in the reveal that displaced it.
    const tx = a.reveal(high);
    await expect(tx).to.changeEtherBalances(ethers, [f.alice, f.bob, f.house], [ONE, 0n, -ONE]);
    await expect(tx).not.to.emit(f.house, "RefundDeferred");
    const s = await a.state();
    expect([s.bestAmount, s.runnerUp, s.bestOrder]).to.deep.equal([2n * ONE, ONE, 2n]);
    expect(await f.house.positionOf(a.id, f.alice.address)).to.deep.equal([POSITION.None, 0n]);
    await expect(f.house.connect(f.alice).withdrawRefund(a.id, f.alice.address))
      .to.be.revertedWithCustomError(f.house, "NothingToWithdraw").withArgs(a.id, f.alice.address);
    // Only the standing leader's deposit is held until settlement.
    expect(await f.house.positionOf(a.id, f.bob.address)).to.deep.equal([POSITION.Held, 2n * ONE]);
    await expect(f.house.connect(f.bob).withdrawRefund(a.id, f.bob.address))
      .to.be.revertedWithCustomError(f.house, "RefundHeldUntilSettlement").withArgs(a.id, f.bob.address);
  });

  it("test_reveal_tieGoesToEarlierCommitmentWhateverTheRevealOrder", async () => {
    const early = await a.commit(f.alice, ONE);
    const late = await a.commit(f.bob, ONE);
    await a.toRevealPhase();
    await a.reveal(late);
    // Early takes the lead; late, displaced, is refunded in early's reveal.
    await expect(a.reveal(early)).to.changeEtherBalances(ethers, [f.alice, f.bob], [0n, ONE]);
    let s = await a.state();
    expect([s.bestOrder, s.runnerUp]).to.deep.equal([1n, ONE]);

    const b = await createAuction(f);
    const early2 = await b.commit(f.alice, ONE);
    const late2 = await b.commit(f.bob, ONE);
    await b.toRevealPhase();
    await b.reveal(early2);
    await expect(b.reveal(late2)).to.changeEtherBalances(ethers, [f.bob], [ONE]); // late loses, refunded at once
    s = await b.state();
    expect([s.bestOrder, s.runnerUp]).to.deep.equal([1n, ONE]);
  });

  it("test_reveal_overDepositForfeitsBondAndRefundsTheRest", async () => {
    const bid = await a.commit(f.alice, 5n * ONE, ONE);
    await a.toRevealPhase();
    const tx = a.reveal(bid);
    await expect(tx).to.emit(f.house, "BidRevealed").withArgs(a.id, f.alice.address, 5n * ONE, bid.salt, false);
    await expect(tx).to.changeEtherBalances(ethers, [f.alice, f.house], [ONE - BOND, -(ONE - BOND)]);
    const s = await a.state();
    expect([s.forfeitCount, s.openCount, s.bestOrder]).to.deep.equal([1n, 1n, 0xffffffffn]);
  });

  it("test_reveal_byAnyoneCountsForTheBidderAndPaysTheBidder", async () => {
    const high = await a.commit(f.alice, 2n * ONE);
    const low = await a.commit(f.bob, ONE, 2n * ONE);
    await a.toRevealPhase();
    await a.reveal(high, f.keeper);
    await expect(a.reveal(low, f.keeper)).to.changeEtherBalances(ethers, [f.bob, f.keeper], [2n * ONE, 0n]);
    expect(await a.leader()).to.equal(f.alice.address);
  });

  it("test_reveal_refundDeferredWhenBidderRejectsEth", async () => {
    const contractBidder = await ethers.deployContract("BidderContract", [f.house.target]);
    const high = await a.commit(f.alice, 2n * ONE);
    const c = a.commitmentFor(await contractBidder.getAddress(), ONE, salt("cb"));
    await contractBidder.commit(a.id, c, ONE, { value: ONE });
    await contractBidder.setRejects(true, false);
    await a.toRevealPhase();
    await a.reveal(high);
    const tx = f.house.connect(f.keeper).reveal(a.id, contractBidder.target, ONE, salt("cb"), ONE, 2n);
    await expect(tx).to.emit(f.house, "RefundDeferred").withArgs(a.id, contractBidder.target, ONE);
    await expect(tx).to.changeEtherBalances(ethers, [contractBidder, f.house], [0n, 0n]);
    expect(await f.house.positionOf(a.id, contractBidder.target)).to.deep.equal([POSITION.Held, ONE]);
    // Its refund is claimable at once (it never led), to any recipient it names.
    await expect(contractBidder.withdrawRefund(a.id, f.erin.address))
      .to.changeEtherBalances(ethers, [f.erin, f.house], [ONE, -ONE]);
  });

  it("test_reveal_revertsWhen_outsideRevealWindow", async () => {
    const bid = await a.commit(f.alice, ONE);
    await expect(a.reveal(bid)).to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.Committing);
    await a.toEnd();
    await expect(a.reveal(bid)).to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.AwaitingSettlement);
    await expect(f.house.reveal(55n, f.alice.address, 1n, bid.salt, 1n, 1n))
      .to.be.revertedWithCustomError(f.house, "AuctionNotFound").withArgs(55n);
  });

  it("test_reveal_revertsWhen_openingDoesNotMatch", async () => {
    const bid = await a.commit(f.alice, ONE, 2n * ONE);
    await a.toRevealPhase();
    const wrong = [
      [bid.amount + 1n, bid.salt, bid.deposit, bid.order],
      [bid.amount, salt("other"), bid.deposit, bid.order],
      [bid.amount, bid.salt, bid.deposit + 1n, bid.order],
      [bid.amount, bid.salt, bid.deposit, bid.order + 1n],
    ] as const;
    for (const [amount, s, d, o] of wrong) {
      await expect(f.house.reveal(a.id, f.alice.address, amount, s, d, o))
        .to.be.revertedWithCustomError(f.house, "OpeningMismatch").withArgs(a.id, f.alice.address);
    }
  });

  it("test_reveal_revertsWhen_revealedTwiceOrNeverCommitted", async () => {
    const bid = await a.commit(f.alice, ONE);
    await a.toRevealPhase();
    await a.reveal(bid);
    await expect(a.reveal(bid)).to.be.revertedWithCustomError(f.house, "NoSealedCommitment").withArgs(a.id, f.alice.address);
    await expect(f.house.reveal(a.id, f.bob.address, ONE, bid.salt, ONE, 1n))
      .to.be.revertedWithCustomError(f.house, "NoSealedCommitment").withArgs(a.id, f.bob.address);
  });

  describe("revealReserve", () => {
    it("test_revealReserve_opensSealedReserve", async () => {
      const r = await createAuction(f, { sealedReserve: 3n * ONE });
      await r.toReservePhase();
      await expect(r.revealReserve(f.keeper)).to.emit(f.house, "ReserveRevealed").withArgs(r.id, 3n * ONE, r.reserveSalt);
      const s = await r.state();
      expect([s.reserveOpened, s.openedReserve]).to.deep.equal([true, 3n * ONE]);
    });

    it("test_revealReserve_revertsWhen_wrongPhaseMismatchNoneOrTwice", async () => {
      const r = await createAuction(f, { sealedReserve: 3n * ONE });
      await expect(r.revealReserve()).to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(r.id, PHASE.Committing);
      await r.toReservePhase();
      await expect(f.house.revealReserve(r.id, r.terms, 3n * ONE + 1n, r.reserveSalt))
        .to.be.revertedWithCustomError(f.house, "ReserveOpeningMismatch").withArgs(r.id);
      await expect(f.house.revealReserve(r.id, { ...r.terms, floorReserve: 1n }, 3n * ONE, r.reserveSalt))
        .to.be.revertedWithCustomError(f.house, "TermsMismatch").withArgs(r.id);
      await r.revealReserve();
      await expect(r.revealReserve()).to.be.revertedWithCustomError(f.house, "ReserveAlreadyRevealed").withArgs(r.id);
      const plain = await createAuction(f);
      await plain.toReservePhase();
      await expect(f.house.revealReserve(plain.id, plain.terms, 0n, r.reserveSalt))
        .to.be.revertedWithCustomError(f.house, "NoSealedReserve").withArgs(plain.id);
      const late = await createAuction(f, { sealedReserve: ONE });
      await late.toEnd();
      await expect(late.revealReserve()).to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(late.id, PHASE.AwaitingSettlement);
    });

    it("test_revealReserve_revertsWhen_reserveTooLarge", async () => {
      const r = await createAuction(f, { sealedReserve: 2n ** 112n });
      await r.toReservePhase();
      await expect(r.revealReserve()).to.be.revertedWithCustomError(f.house, "AmountTooLarge").withArgs(2n ** 112n);
    });
  });
});
