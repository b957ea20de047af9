import { expect } from "chai";
import {
  BOND, ERC20_LOT, FIRST_PRICE, PHASE, POSITION, createAuction, deployFixture, ethers, networkHelpers, salt,
  type AuctionDriver, type Fixture,
} from "./fixture.js";

const ONE = ethers.parseEther("1");

describe("AuctionHouse: settle", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  it("test_settle_secondPriceWinnerPaysRunnerUp", async () => {
    const a = await createAuction(f);
    const x = await a.commit(f.alice, 3n * ONE, 4n * ONE);
    const y = await a.commit(f.bob, 2n * ONE);
    await a.toRevealPhase();
    await a.reveal(x);
    await a.reveal(y);
    await a.toEnd();
    expect((await a.state()).winner).to.equal(ethers.ZeroAddress); // named only once settled
    const settle = a.settle();
    await expect(settle).to.emit(f.house, "AuctionSettled").withArgs(a.id, f.alice.address, 2n * ONE, 0n, 0n);
    // Settlement delivers: the lot, the winner's change (4 - 2) and the price, each logged as its claim.
    await expect(settle).to.emit(f.house, "LotClaimed").withArgs(a.id, f.alice.address, f.alice.address);
    await expect(settle).to.emit(f.house, "RefundWithdrawn").withArgs(a.id, f.alice.address, f.alice.address, 2n * ONE);
    await expect(settle).to.emit(f.house, "ProceedsWithdrawn").withArgs(a.id, f.seller.address, f.seller.address, 2n * ONE);
    await expect(settle).not.to.emit(f.house, "RefundDeferred");
    await expect(settle).to.changeEtherBalances(ethers, [f.alice, f.seller, f.house], [2n * ONE, 2n * ONE, -4n * ONE]);
    const s = await a.state();
    expect([s.phase, s.settled, s.winner, s.runnerUp, s.lotClaimed]).to.deep.equal([PHASE.Settled, true, f.alice.address, 2n * ONE, true]);
    expect(await f.nft.ownerOf(a.terms.lotAmountOrId)).to.equal(f.alice.address);
    expect(await f.house.positionOf(a.id, f.alice.address)).to.deep.equal([POSITION.None, 0n]);
    expect(await f.house.proceedsOf(a.id, f.seller.address)).to.equal(0n);
    expect(await ethers.provider.getBalance(f.house.target)).to.equal(0n);
  });

  it("test_settle_earlyOnceEverythingIsOpen", async () => {
    const a = await createAuction(f, { sealedReserve: ONE });
    const x = await a.commit(f.alice, 2n * ONE);
    await a.toReservePhase();
    await expect(a.settle()).to.be.revertedWithCustomError(f.house, "RevealsOutstanding").withArgs(a.id, 1n, true);
    await a.revealReserve();
    await expect(a.settle()).to.be.revertedWithCustomError(f.house, "RevealsOutstanding").withArgs(a.id, 1n, false);
    await a.reveal(x);
    await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, f.alice.address, ONE, ONE, 0n);
  });

  it("test_phaseOf_awaitsSettlementOnceNothingIsLeftToOpen", async () => {
    const a = await createAuction(f, { sealedReserve: ONE });
    const x = await a.commit(f.alice, 2n * ONE);
    expect(await f.house.phaseOf(a.id)).to.equal(PHASE.Committing);
    await a.toReservePhase();
    expect(await f.house.phaseOf(a.id)).to.equal(PHASE.OpeningReserve);
    await a.revealReserve();
    expect(await f.house.phaseOf(a.id)).to.equal(PHASE.Revealing);
    await a.reveal(x);
    expect(await f.house.phaseOf(a.id)).to.equal(PHASE.AwaitingSettlement);
    await a.settle();
    expect(await f.house.phaseOf(a.id)).to.equal(PHASE.Settled);
    expect(await f.house.phaseOf(a.id + 100n)).to.equal(PHASE.None);
  });

  it("test_settle_revertsWhen_earlyWithUnopenedCommitments", async () => {
    const a = await createAuction(f);
    const x = await a.commit(f.alice, 2n * ONE);
    await a.commit(f.bob, ONE);
    await a.toRevealPhase();
    await a.reveal(x);
    await expect(a.settle()).to.be.revertedWithCustomError(f.house, "RevealsOutstanding").withArgs(a.id, 1n, false);
  });

  it("test_settle_revertsWhen_committingSettledOrUnknown", async () => {
    const a = await createAuction(f);
    await expect(a.settle()).to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.Committing);
    await a.toEnd();
    await a.settle();
    await expect(a.settle()).to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.Settled);
    await expect(f.house.settle(42n, a.terms, ethers.ZeroAddress)).to.be.revertedWithCustomError(f.house, "AuctionNotFound").withArgs(42n);
    await expect(f.house.settle(a.id, { ...a.terms, format: FIRST_PRICE }, ethers.ZeroAddress))
      .to.be.revertedWithCustomError(f.house, "TermsMismatch").withArgs(a.id);
  });

  it("test_views_ofAnAuctionThatDoesNotExistAreEmpty", async () => {
    // Slot 2 counts openings plus one from creation: an auction never created must read as empty, not underflow.
    expect(await f.house.phaseOf(42n)).to.equal(PHASE.None);
    const st = await f.house.auctionState(42n);
    expect([st.openCount, st.commitCount, st.bestOrder, st.bestAmount, st.settled, st.winner])
      .to.deep.equal([0n, 0n, 2n ** 32n - 1n, 0n, false, ethers.ZeroAddress]);
    const [status, value] = await f.house.positionOf(42n, f.alice.address);
    expect([status, value]).to.deep.equal([POSITION.None, 0n]);
  });

  it("test_settle_revertsWhen_leaderIsWrong", async () => {
    const a = await createAuction(f);
    const x = await a.commit(f.alice, 2n * ONE);
    const y = await a.commit(f.bob, ONE);
    await a.toRevealPhase();
    await a.reveal(y);
    await a.reveal(x);
    await a.toEnd();
    for (const wrong of [f.bob.address, f.carol.address, ethers.ZeroAddress]) {
      await expect(f.house.settle(a.id, a.terms, wrong)).to.be.revertedWithCustomError(f.house, "NotLeader").withArgs(a.id, wrong);
    }
  });

  it("test_settle_unsoldBelowReserveReturnsEverything", async () => {
    const a = await createAuction(f, { floorReserve: 5n * ONE });
    const x = await a.commit(f.alice, 2n * ONE);
    await a.toRevealPhase();
    await a.reveal(x);
    await a.toEnd();
    // When unsold the leader argument is ignored.
    const settle = f.house.connect(f.keeper).settle(a.id, a.terms, ethers.ZeroAddress);
    await expect(settle).to.emit(f.house, "AuctionSettled").withArgs(a.id, ethers.ZeroAddress, 0n, 5n * ONE, 0n);
    // The lot goes back to the seller and the leader below the reserve gets its whole deposit, in the settlement.
    await expect(settle).to.emit(f.house, "LotClaimed").withArgs(a.id, f.seller.address, f.seller.address);
    await expect(settle).to.emit(f.house, "RefundWithdrawn").withArgs(a.id, f.alice.address, f.alice.address, 2n * ONE);
    await expect(settle).not.to.emit(f.house, "ProceedsWithdrawn");
    await expect(settle).to.changeEtherBalances(ethers, [f.alice, f.seller, f.house], [2n * ONE, 0n, -2n * ONE]);
    expect(await f.nft.ownerOf(a.terms.lotAmountOrId)).to.equal(f.seller.address);
    expect((await a.state()).lotClaimed).to.equal(true);
    await expect(f.house.connect(f.alice).withdrawRefund(a.id, f.alice.address))
      .to.be.revertedWithCustomError(f.house, "NothingToWithdraw").withArgs(a.id, f.alice.address);
    await expect(f.house.connect(f.seller).claimLot(a.id, a.terms, f.seller.address))
      .to.be.revertedWithCustomError(f.house, "LotAlreadyClaimed").withArgs(a.id);
  });

  it("test_settle_gasIsIndependentOfBidderCount", async () => {
    const gasFor = async (n: number) => {
      const a = await createAuction(f);
      const signers = (await ethers.getSigners()).slice(1, 1 + n);
      const bids = [];
      for (const [i, s] of signers.entries()) bids.push(await a.commit(s, BigInt(i + 1) * ONE));
      await a.toRevealPhase();
      for (const b of bids) await a.reveal(b);
      const tx = await a.settle();
      const r = await tx.wait();
      // Calldata costs 4 gas per zero byte and 16 per other byte: the leader's address may differ in zeros.
      const bytes = ethers.getBytes(tx.data);
      const calldataGas = bytes.reduce((sum, b) => sum + (b === 0 ? 4n : 16n), 0n);
      return r!.gasUsed - calldataGas;
    };
    const small = await gasFor(2);
    const large = await gasFor(12);
    expect(large).to.equal(small);
  });
});

describe("AuctionHouse: claims", () => {
  let f: Fixture;
  let a: AuctionDriver;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployFixture);
    a = await createAuction(f, { sealedReserve: ONE });
    const x = await a.commit(f.alice, 3n * ONE, 4n * ONE); // wins, pays 2
    const y = await a.commit(f.bob, 2n * ONE); // leads first, then displaced
    const z = await a.commit(f.carol, 5n * ONE, ONE); // over-deposit: forfeits
    await a.commit(f.dave, ONE, 2n * ONE); // never opens: forfeits
    await a.toReservePhase();
    await a.revealReserve();
    await a.reveal(y);
    // Alice displaces bob: his whole deposit is pushed back in her reveal.
    await expect(a.reveal(x)).to.changeEtherBalances(ethers, [f.bob, f.alice, f.house], [2n * ONE, 0n, -2n * ONE]);
    expect(await f.house.positionOf(a.id, f.bob.address)).to.deep.equal([POSITION.None, 0n]);
    await a.reveal(z);
  });

  it("test_claims_fullLifecycleBalancesAndBurn", async () => {
    // Bob was displaced and refunded in alice's reveal: nothing is held for him.
    await expect(f.house.connect(f.bob).withdrawRefund(a.id, f.bob.address))
      .to.be.revertedWithCustomError(f.house, "NothingToWithdraw").withArgs(a.id, f.bob.address);
    await expect(f.house.connect(f.alice).withdrawRefund(a.id, f.alice.address))
      .to.be.revertedWithCustomError(f.house, "RefundHeldUntilSettlement").withArgs(a.id, f.alice.address);
    await a.toEnd();
    const settle = a.settle();
    await expect(settle).to.emit(f.house, "AuctionSettled").withArgs(a.id, f.alice.address, 2n * ONE, ONE, 2n * BOND);
    await expect(settle).to.emit(f.house, "LotClaimed").withArgs(a.id, f.alice.address, f.alice.address);
    await expect(settle).to.emit(f.house, "RefundWithdrawn").withArgs(a.id, f.alice.address, f.alice.address, 2n * ONE);
    await expect(settle).to.emit(f.house, "ProceedsWithdrawn").withArgs(a.id, f.seller.address, f.seller.address, 2n * ONE + BOND);
    await expect(settle).to.changeEtherBalances(
      ethers, [f.alice, f.bob, f.seller, f.house], [2n * ONE, 0n, 2n * ONE + BOND, -(4n * ONE + BOND)],
    );
    expect(await f.nft.ownerOf(a.terms.lotAmountOrId)).to.equal(f.alice.address);
    for (const who of [f.alice, f.bob, f.carol]) expect(await f.house.positionOf(a.id, who.address)).to.deep.equal([POSITION.None, 0n]);
    expect(await f.house.proceedsOf(a.id, f.seller.address)).to.equal(0n);
    const dave = a.bids.get(f.dave.address)!;
    await expect(f.house.connect(f.dave).withdrawUnrevealed(a.id, dave, f.dave.address))
      .to.emit(f.house, "RefundWithdrawn").withArgs(a.id, f.dave.address, f.dave.address, 2n * ONE - BOND);
    // Everything claimed: the house keeps exactly the two burned bonds (carol's and dave's).
    expect(await ethers.provider.getBalance(f.house.target)).to.equal(2n * BOND);
  });

  it("test_claims_revertWhen_claimedTwice", async () => {
    await a.toEnd();
    await a.settle();
    // Everything was delivered by the settlement: no claim is left to take even once.
    await expect(f.house.connect(f.alice).claimLot(a.id, a.terms, f.alice.address))
      .to.be.revertedWithCustomError(f.house, "LotAlreadyClaimed").withArgs(a.id);
    await expect(f.house.connect(f.alice).withdrawRefund(a.id, f.alice.address))
      .to.be.revertedWithCustomError(f.house, "NothingToWithdraw").withArgs(a.id, f.alice.address);
    await expect(f.house.connect(f.seller).withdrawProceeds(a.id, f.seller.address))
      .to.be.revertedWithCustomError(f.house, "NothingToWithdraw").withArgs(a.id, f.seller.address);
    const dave = a.bids.get(f.dave.address)!;
    await f.house.connect(f.dave).withdrawUnrevealed(a.id, dave, f.dave.address);
    await expect(f.house.connect(f.dave).withdrawUnrevealed(a.id, dave, f.dave.address))
      .to.be.revertedWithCustomError(f.house, "NoSealedCommitment").withArgs(a.id, f.dave.address);
  });

  it("test_claimLot_revertsWhen_notOwnerNotSettledOrZeroRecipient", async () => {
    await expect(f.house.connect(f.alice).claimLot(a.id, a.terms, f.alice.address))
      .to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.Revealing);
    await a.toEnd();
    await a.settle();
    // Delivered at settlement: the lot can no longer be claimed by anyone.
    for (const by of [f.alice, f.seller]) {
      await expect(f.house.connect(by).claimLot(a.id, a.terms, by.address))
        .to.be.revertedWithCustomError(f.house, "LotAlreadyClaimed").withArgs(a.id);
    }
    // A winner whose receiver refused the lot keeps a claim: only it (or the seller, to it) may take it.
    const b = await createAuction(f);
    const winner = await ethers.deployContract("BidderContract", [f.house.target]);
    await winner.commit(b.id, b.commitmentFor(await winner.getAddress(), ONE, salt("nft")), ONE, { value: ONE });
    await winner.setRejects(false, true);
    await b.toRevealPhase();
    await f.house.reveal(b.id, winner.target, ONE, salt("nft"), ONE, 1n);
    await expect(f.house.connect(f.keeper).settle(b.id, b.terms, winner.target)).not.to.emit(f.house, "LotClaimed");
    await expect(f.house.connect(f.seller).claimLot(b.id, b.terms, f.seller.address))
      .to.be.revertedWithCustomError(f.house, "NotLotOwner").withArgs(b.id, f.seller.address, winner.target);
    await expect(f.house.connect(f.erin).claimLot(b.id, b.terms, winner.target))
      .to.be.revertedWithCustomError(f.house, "NotLotOwner").withArgs(b.id, f.erin.address, winner.target);
    await expect(winner.claimLot(b.id, b.terms, ethers.ZeroAddress)).to.be.revertedWithCustomError(f.house, "ZeroRecipient");
    await expect(winner.claimLot(b.id, b.terms, f.erin.address)).to.emit(f.house, "LotClaimed").withArgs(b.id, winner.target, f.erin.address);
    expect(await f.nft.ownerOf(b.terms.lotAmountOrId)).to.equal(f.erin.address);
  });

  it("test_withdraws_revertWhen_zeroRecipientOrNothingOwed", async () => {
    // While alice's deposit is held, a zero recipient is refused before the hold is.
    await expect(f.house.connect(f.alice).withdrawRefund(a.id, ethers.ZeroAddress)).to.be.revertedWithCustomError(f.house, "ZeroRecipient");
    await a.toEnd();
    await a.settle();
    // Settlement paid alice's change and the seller's proceeds: nothing is owed, whatever the recipient.
    await expect(f.house.connect(f.alice).withdrawRefund(a.id, ethers.ZeroAddress))
      .to.be.revertedWithCustomError(f.house, "NothingToWithdraw").withArgs(a.id, f.alice.address);
    await expect(f.house.connect(f.seller).withdrawProceeds(a.id, ethers.ZeroAddress))
      .to.be.revertedWithCustomError(f.house, "NothingToWithdraw").withArgs(a.id, f.seller.address);
    const dave = a.bids.get(f.dave.address)!;
    await expect(f.house.connect(f.dave).withdrawUnrevealed(a.id, dave, ethers.ZeroAddress)).to.be.revertedWithCustomError(f.house, "ZeroRecipient");
    await expect(f.house.connect(f.erin).withdrawRefund(a.id, f.erin.address))
      .to.be.revertedWithCustomError(f.house, "NothingToWithdraw").withArgs(a.id, f.erin.address);
    // An unopened commitment is not a refund, and an opened one is not unrevealed.
    await expect(f.house.connect(f.dave).withdrawRefund(a.id, f.dave.address))
      .to.be.revertedWithCustomError(f.house, "NothingToWithdraw").withArgs(a.id, f.dave.address);
    await expect(f.house.connect(f.alice).withdrawUnrevealed(a.id, a.bids.get(f.alice.address)!, f.alice.address))
      .to.be.revertedWithCustomError(f.house, "NoSealedCommitment").withArgs(a.id, f.alice.address);
    await expect(f.house.connect(f.dave).withdrawUnrevealed(a.id, { ...dave, deposit: dave.deposit + 1n }, f.dave.address))
      .to.be.revertedWithCustomError(f.house, "OpeningMismatch").withArgs(a.id, f.dave.address);
  });

  it("test_withdrawUnrevealed_revertsWhen_revealWindowOpenOrUnknown", async () => {
    const dave = a.bids.get(f.dave.address)!;
    await expect(f.house.connect(f.dave).withdrawUnrevealed(a.id, dave, f.dave.address))
      .to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.Revealing);
    await expect(f.house.connect(f.dave).withdrawUnrevealed(999n, dave, f.dave.address))
      .to.be.revertedWithCustomError(f.house, "AuctionNotFound").withArgs(999n);
  });

  it("test_withdraw_revertsWhen_ethRecipientRejects", async () => {
    // A winner that rejects ETH: settlement defers its change (2 of its 4), which it then claims.
    const b = await createAuction(f);
    const winner = await ethers.deployContract("BidderContract", [f.house.target]);
    await winner.commit(b.id, b.commitmentFor(await winner.getAddress(), 3n * ONE, salt("rej")), 4n * ONE, { value: 4n * ONE });
    const low = await b.commit(f.bob, 2n * ONE);
    await winner.setRejects(true, false);
    await b.toRevealPhase();
    await f.house.reveal(b.id, winner.target, 3n * ONE, salt("rej"), 4n * ONE, 1n);
    await b.reveal(low);
    await expect(f.house.connect(f.keeper).settle(b.id, b.terms, winner.target))
      .to.emit(f.house, "RefundDeferred").withArgs(b.id, winner.target, 2n * ONE);
    await expect(winner.withdrawRefund(b.id, winner.target))
      .to.be.revertedWithCustomError(f.house, "EthTransferFailed").withArgs(winner.target, 2n * ONE);
    // Nothing was lost: the claim is still there for another recipient.
    await expect(winner.withdrawRefund(b.id, f.erin.address)).to.changeEtherBalances(ethers, [f.erin, f.house], [2n * ONE, -2n * ONE]);
  });
});

describe("AuctionHouse: ERC-20 lot and payment", () => {
  it("test_erc20Lot_erc20Payment_fullLifecycle", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const a = await createAuction(f, { lotKind: ERC20_LOT, paymentToken: await f.payToken.getAddress(), format: FIRST_PRICE });
    const x = await a.commit(f.alice, 3n * ONE, 4n * ONE);
    const y = await a.commit(f.bob, 2n * ONE);
    await a.toRevealPhase();
    await a.reveal(x);
    await expect(a.reveal(y)).to.changeTokenBalances(ethers, f.payToken, [f.bob, f.house], [2n * ONE, -2n * ONE]);
    await a.toEnd();
    const settle = a.settle();
    await expect(settle).to.emit(f.house, "AuctionSettled").withArgs(a.id, f.alice.address, 3n * ONE, 0n, 0n);
    await expect(settle).to.emit(f.house, "LotClaimed").withArgs(a.id, f.alice.address, f.alice.address);
    await expect(settle).to.emit(f.house, "RefundWithdrawn").withArgs(a.id, f.alice.address, f.alice.address, ONE);
    await expect(settle).to.emit(f.house, "ProceedsWithdrawn").withArgs(a.id, f.seller.address, f.seller.address, 3n * ONE);
    await expect(settle)
      .to.changeTokenBalances(ethers, f.lotToken, [f.alice, f.house], [a.terms.lotAmountOrId, -a.terms.lotAmountOrId]);
    await expect(settle).to.changeTokenBalances(ethers, f.payToken, [f.alice, f.seller, f.house], [ONE, 3n * ONE, -4n * ONE]);
    expect(await f.payToken.balanceOf(f.house.target)).to.equal(0n);
    expect(await f.lotToken.balanceOf(f.house.target)).to.equal(0n);
  });
});
