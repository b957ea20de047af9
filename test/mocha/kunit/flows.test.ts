/**
 * The k-unit house's normal life: creation and escrow, commits (and self-opening ones), reveals with hints from
 * the logs, batch openings, the sealed reserve, settlement, claims and views — each checked against the
 * reference outcome and the top-set model of lib/.
 */
import { expect } from "chai";
import type { Address } from "viem";
import { hashUnitTerms, positionDigest, reserveCommitment } from "../../../lib/auction.js";
import { phaseAt } from "../../../lib/history.js";
import {
  BOND, ERC20_LOT, ONE, PAY_AS_BID, PHASE, POSITION, advanceTo, createUnitAuction, deployUnitFixture, ethers,
  networkHelpers, now, salt, type UnitBid,
} from "./fixture.js";

const PHASE_NAMES = ["none", "committing", "opening-reserve", "revealing", "awaiting-settlement", "settled", "cancelled"];

describe("k units: creation", () => {
  it("test_create_escrowsKCopiesAndStoresTheTermsHash", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 10 });
    await expect(a.createTx).to.emit(f.house, "AuctionCreated");
    expect(await f.items.balanceOf(await f.house.getAddress(), a.terms.lotId)).to.equal(10n);
    const st = await a.state();
    expect(st.termsHash).to.equal(hashUnitTerms(a.terms));
    expect(await f.house.hashTerms(a.terms)).to.equal(hashUnitTerms(a.terms));
    expect([st.units, st.unitsFree, st.phase]).to.deep.equal([10n, 10n, PHASE.Committing]);
  });

  it("test_create_erc20LotSplitsIntoEqualUnits", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 4, lotKind: ERC20_LOT, lotAmount: 40n * ONE });
    expect(await f.lotToken.balanceOf(await f.house.getAddress())).to.equal(40n * ONE);
    const base = { ...a.terms, commitEnd: (await now()) + 100, revealEnd: (await now()) + 200 };
    await expect(f.house.connect(f.seller).create({ ...base, lotAmount: 40n * ONE + 1n })).to.be.revertedWithCustomError(f.house, "InvalidLot");
    await expect(f.house.connect(f.seller).create({ ...base, lotId: 1n })).to.be.revertedWithCustomError(f.house, "InvalidLot");
    await expect(f.house.connect(f.seller).create({ ...base, lotAmount: 0n })).to.be.revertedWithCustomError(f.house, "InvalidLot");
  });

  it("test_create_boundsUnits", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 1000 });
    expect((await a.state()).units).to.equal(1000n);
    const t = await now();
    const terms = { ...a.terms, commitEnd: t + 100, revealEnd: t + 200 };
    await expect(f.house.connect(f.seller).create({ ...terms, units: 1001, lotAmount: 1001n }))
      .to.be.revertedWithCustomError(f.house, "InvalidUnits").withArgs(1001, 1000);
    await expect(f.house.connect(f.seller).create({ ...terms, units: 0, lotAmount: 0n }))
      .to.be.revertedWithCustomError(f.house, "InvalidUnits").withArgs(0, 1000);
    // ERC-1155: one copy per unit.
    await expect(f.house.connect(f.seller).create({ ...terms, units: 2, lotAmount: 4n })).to.be.revertedWithCustomError(f.house, "InvalidLot");
    expect(await f.house.MAX_UNITS()).to.equal(1000n);
  });

  it("test_cancel_beforeAnyCommitment_returnsEveryUnitAndTheReserveBond", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 5, sealedReserve: ONE });
    const before = await ethers.provider.getBalance(f.erin.address);
    await expect(f.house.connect(f.seller).cancel(a.id, a.terms, f.erin.address)).to.emit(f.house, "AuctionCancelled").withArgs(a.id, f.erin.address);
    expect(await f.items.balanceOf(f.erin.address, a.terms.lotId)).to.equal(5n);
    expect(await ethers.provider.getBalance(f.erin.address)).to.equal(before + BOND);
    expect(await f.house.phaseOf(a.id)).to.equal(PHASE.Cancelled);

    const b = await createUnitAuction(f, { units: 2 });
    await b.commit(f.alice, ONE);
    await expect(f.house.connect(f.seller).cancel(b.id, b.terms, f.seller.address)).to.be.revertedWithCustomError(f.house, "HasCommitments").withArgs(b.id, 1);
  });

  it("test_wideLotValues_idsAndUnitSizesBeyond80Bits_areDeliveredAndReturned", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    // An ERC-1155 id that is a hash, and an ERC-20 unit of 2^81 base units.
    const wideId = BigInt(ethers.id("a hashed ERC-1155 id"));
    await f.items.mint(f.seller.address, wideId, 2n);
    const t = await now();
    const base = {
      seller: f.seller.address as Address, lotKind: 0, lotToken: (await f.items.getAddress()) as Address, lotId: wideId, lotAmount: 2n, units: 2,
      paymentToken: ethers.ZeroAddress as Address, format: 0, commitEnd: t + 100, reserveEnd: 0, revealEnd: t + 200, bond: BOND, floorReserve: 0n,
      sealedReserveCommitment: ethers.ZeroHash as `0x${string}`, reserveNonce: 0n,
    };
    const unit = 2n ** 81n;
    await f.lotToken.mint(f.seller.address, 3n * unit);
    const ids = [await f.house.nextAuctionId(), (await f.house.nextAuctionId()) + 1n];
    await f.house.connect(f.seller).create(base);
    await f.house.connect(f.seller).create({ ...base, lotKind: ERC20_LOT, lotToken: (await f.lotToken.getAddress()) as Address, lotId: 0n, lotAmount: 3n * unit, units: 3 });
    for (const [i, id] of ids.entries()) {
      const s = salt(`wide ${i}`);
      const c = await f.house.commitmentOf(id, f.alice.address, ONE, s);
      await f.house.connect(f.alice).commit(id, c, ONE, { value: ONE });
    }
    await advanceTo(t + 100);
    for (const [i, id] of ids.entries()) {
      await f.house.connect(f.keeper).reveal(id, f.alice.address, ONE, salt(`wide ${i}`), ONE, 1, 0);
      await f.house.connect(f.keeper).settle(id, i === 0 ? base : { ...base, lotKind: ERC20_LOT, lotToken: (await f.lotToken.getAddress()) as Address, lotId: 0n, lotAmount: 3n * unit, units: 3 });
      await f.house.connect(f.alice).claimUnit(id, f.alice.address);
    }
    expect(await f.items.balanceOf(f.alice.address, wideId)).to.equal(1n);
    expect(await f.lotToken.balanceOf(f.alice.address)).to.equal(unit);
    await f.house.connect(f.seller).claimUnsold(ids[0], base, f.seller.address);
    await f.house.connect(f.seller).claimUnsold(ids[1], { ...base, lotKind: ERC20_LOT, lotToken: (await f.lotToken.getAddress()) as Address, lotId: 0n, lotAmount: 3n * unit, units: 3 }, f.seller.address);
    expect(await f.items.balanceOf(f.seller.address, wideId)).to.equal(1n);
    expect(await f.lotToken.balanceOf(await f.house.getAddress())).to.equal(0n);
  });
});

describe("k units: outcomes", () => {
  it("test_uniformPrice_theKHighestWinAndPayTheHighestLosingBid", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 3 });
    const amounts = [5n, 9n, 2n, 7n, 4n].map((x) => x * ONE);
    const bidders = [f.alice, f.bob, f.carol, f.dave, f.erin];
    const bids: UnitBid[] = [];
    for (const [i, s] of bidders.entries()) bids.push(await a.commit(s, amounts[i], amounts[i] + ONE));
    await a.toRevealPhase();
    for (const b of bids) await a.reveal(b, { by: f.keeper });
    await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, 3, 4n * ONE, 0, 0);
    const ref = await a.reference();
    expect(ref.winners.map((w) => w.bidder)).to.deep.equal([f.bob.address, f.dave.address, f.alice.address]);
    expect(ref.price).to.equal(4n * ONE);
    for (const w of ref.winners) {
      const bid = a.bids.get(w.bidder)!;
      const tx = await a.claimUnit(bid);
      await expect(tx).to.emit(f.house, "UnitClaimed").withArgs(a.id, w.bidder, w.bidder, 4n * ONE);
      await expect(tx).to.changeEtherBalance(ethers, bid.bidder, bid.deposit - 4n * ONE, { includeFee: false });
      expect(await a.unitsOf(w.bidder)).to.equal(1n);
    }
    await expect(f.house.connect(f.seller).withdrawProceeds(a.id, a.terms, f.seller.address))
      .to.changeEtherBalance(ethers, f.seller, 12n * ONE, { includeFee: false });
    // Erin lost in her reveal and was refunded there; Carol was displaced by Dave and withdraws.
    expect(await f.house.positionOf(a.id, f.carol.address)).to.deep.equal([POSITION.Displaced, 3n * ONE]);
    await f.house.connect(f.carol).withdrawRefund(a.id, f.carol.address);
    expect(await ethers.provider.getBalance(await f.house.getAddress())).to.equal(0n);
  });

  it("test_payAsBid_eachWinnerPaysItsOwnBid", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 2, format: PAY_AS_BID, paymentToken: await f.payToken.getAddress() });
    const x = await a.commit(f.alice, 3n * ONE, 4n * ONE);
    const y = await a.commit(f.bob, 6n * ONE, 6n * ONE);
    const z = await a.commit(f.carol, 2n * ONE, 5n * ONE);
    await a.toRevealPhase();
    for (const b of [z, y, x]) await a.reveal(b);
    await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, 2, 0, 0, 0);
    await expect(a.claimUnit(x)).to.emit(f.house, "UnitClaimed").withArgs(a.id, f.alice.address, f.alice.address, 3n * ONE);
    await expect(a.claimUnit(y)).to.emit(f.house, "UnitClaimed").withArgs(a.id, f.bob.address, f.bob.address, 6n * ONE);
    expect(await f.payToken.balanceOf(f.alice.address)).to.equal((await a.reference()).refunds.get(f.alice.address as Address)! - 4n * ONE + 1_000_000n * ONE);
    await expect(f.house.connect(f.seller).withdrawProceeds(a.id, a.terms, f.seller.address))
      .to.emit(f.house, "ProceedsWithdrawn").withArgs(a.id, f.seller.address, f.seller.address, 9n * ONE);
    await f.house.connect(f.carol).withdrawRefund(a.id, f.carol.address); // displaced by Alice
    expect(await f.payToken.balanceOf(await f.house.getAddress())).to.equal(0n);
  });

  it("test_displacedBid_isRefundableAtOnce_andAWinnerClaimsItsUnitInstead", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 1 });
    const low = await a.commit(f.alice, ONE, 2n * ONE);
    const high = await a.commit(f.bob, 3n * ONE);
    await a.toRevealPhase();
    await a.reveal(low);
    expect(await f.house.positionOf(a.id, f.alice.address)).to.deep.equal([POSITION.Ranked, 2n * ONE]);
    await expect(f.house.connect(f.alice).withdrawRefund(a.id, f.alice.address))
      .to.be.revertedWithCustomError(f.house, "RefundHeldUntilSettlement").withArgs(a.id, f.alice.address);
    await expect(a.reveal(high)).to.emit(f.house, "BidRevealed").withArgs(a.id, f.bob.address, 3n * ONE, high.salt, true, 1, low.order);
    expect(await f.house.positionOf(a.id, f.alice.address)).to.deep.equal([POSITION.Displaced, 2n * ONE]);
    // Before settlement: it can never win again.
    await expect(f.house.connect(f.alice).withdrawRefund(a.id, f.erin.address)).to.changeEtherBalance(ethers, f.erin, 2n * ONE);
    await a.settle();
    await expect(f.house.connect(f.bob).withdrawRefund(a.id, f.bob.address))
      .to.be.revertedWithCustomError(f.house, "WinnerClaimsUnit").withArgs(a.id, f.bob.address);
    await expect(f.house.connect(f.alice).claimUnit(a.id, f.alice.address)).to.be.revertedWithCustomError(f.house, "NotWinner");
    await a.claimUnit(high);
    await expect(a.claimUnit(high)).to.be.revertedWithCustomError(f.house, "NotWinner").withArgs(a.id, f.bob.address);
  });

  it("test_settle_earlyOnceEverythingIsOpen_andNotBefore", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 2 });
    const x = await a.commit(f.alice, ONE);
    const y = await a.commit(f.bob, 2n * ONE);
    await a.toRevealPhase();
    await a.reveal(x);
    await expect(a.settle()).to.be.revertedWithCustomError(f.house, "RevealsOutstanding").withArgs(a.id, 1, false);
    expect(await f.house.phaseOf(a.id)).to.equal(PHASE.Revealing);
    await a.reveal(y);
    expect(await f.house.phaseOf(a.id)).to.equal(PHASE.AwaitingSettlement);
    await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, 2, 0, 0, 0);
    await expect(a.settle()).to.be.revertedWithCustomError(f.house, "UnexpectedPhase");
  });

  it("test_unopenedAndOverDeposit_forfeitTheirBonds_andUnsoldUnitsGoBack", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 4, lotKind: ERC20_LOT, lotAmount: 4n * ONE, floorReserve: ONE });
    const ok = await a.commit(f.alice, 2n * ONE);
    const over = await a.commit(f.bob, 3n * ONE, 2n * ONE); // opens above its deposit
    const silent = await a.commit(f.carol, 5n * ONE);
    await a.toRevealPhase();
    await a.reveal(ok);
    const tx = await a.reveal(over);
    await expect(tx).to.emit(f.house, "BidRevealed").withArgs(a.id, f.bob.address, 3n * ONE, over.salt, false, 0, 0);
    await expect(tx).to.changeEtherBalance(ethers, f.bob, 2n * ONE - BOND);
    await a.toEnd();
    await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, 1, ONE, ONE, 2n * BOND);
    await expect(f.house.connect(f.carol).withdrawUnrevealed(a.id, { commitment: silent.commitment, deposit: silent.deposit, order: silent.order }, f.carol.address))
      .to.changeEtherBalance(ethers, f.carol, 5n * ONE - BOND);
    const unsold = await f.house.connect(f.seller).claimUnsold(a.id, a.terms, f.seller.address);
    await expect(unsold).to.emit(f.house, "UnsoldClaimed").withArgs(a.id, f.seller.address, 3);
    await expect(unsold).to.changeTokenBalance(ethers, f.lotToken, f.seller, 3n * ONE);
    await expect(f.house.connect(f.seller).claimUnsold(a.id, a.terms, f.seller.address)).to.be.revertedWithCustomError(f.house, "NoUnsoldUnits");
    await a.claimUnit(ok);
    expect(await f.lotToken.balanceOf(f.alice.address)).to.equal(ONE);
    await f.house.connect(f.seller).withdrawProceeds(a.id, a.terms, f.seller.address);
    // Only the two burned bonds remain.
    expect(await ethers.provider.getBalance(await f.house.getAddress())).to.equal(2n * BOND);
    expect(await f.lotToken.balanceOf(await f.house.getAddress())).to.equal(0n);
  });

  it("test_deliverUnit_sellerDeliversAWinnersUnit_andTheChangeStaysItsRefund", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 2 });
    const x = await a.commit(f.alice, 3n * ONE, 5n * ONE);
    const y = await a.commit(f.bob, 2n * ONE);
    const z = await a.commit(f.carol, ONE);
    await a.toRevealPhase();
    for (const b of [x, y, z]) await a.reveal(b);
    await a.settle();
    await expect(f.house.connect(f.bob).deliverUnit(a.id, a.terms, f.alice.address)).to.be.revertedWithCustomError(f.house, "NotSeller");
    // Nothing is released before a unit leaves.
    await expect(f.house.connect(f.seller).withdrawProceeds(a.id, a.terms, f.seller.address)).to.be.revertedWithCustomError(f.house, "NothingToWithdraw");
    await expect(f.house.connect(f.seller).deliverUnit(a.id, a.terms, f.alice.address)).to.emit(f.house, "UnitDelivered").withArgs(a.id, f.alice.address, ONE);
    expect(await a.unitsOf(f.alice.address)).to.equal(1n);
    expect(await f.house.positionOf(a.id, f.alice.address)).to.deep.equal([POSITION.Owed, 4n * ONE]);
    await expect(f.house.connect(f.alice).withdrawRefund(a.id, f.alice.address)).to.changeEtherBalance(ethers, f.alice, 4n * ONE, { includeFee: false });
    await expect(f.house.connect(f.seller).withdrawProceeds(a.id, a.terms, f.seller.address)).to.changeEtherBalance(ethers, f.seller, ONE, { includeFee: false });
    await expect(f.house.connect(f.seller).deliverUnit(a.id, a.terms, f.alice.address)).to.be.revertedWithCustomError(f.house, "NotWinner");
  });
});

describe("k units: reveals, hints and batches", () => {
  it("test_topSetAndHintFor_matchTheModelRebuiltFromLogs_afterEveryReveal", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 4, floorReserve: 2n * ONE });
    const signers = f.signers.slice(1, 13);
    const bids: UnitBid[] = [];
    for (const [i, s] of signers.entries()) bids.push(await a.commit(s, BigInt((i * 5) % 7 + 1) * ONE, 8n * ONE)); // ties and bids below the floor
    await a.toRevealPhase();
    for (const b of bids) {
      await a.reveal(b, { by: f.keeper });
      const model = await a.model();
      const [slots, orders, amounts] = await f.house.topSet(a.id);
      const members = model.members();
      expect(slots.map(Number)).to.deep.equal(members.map((m) => m.slot));
      expect(orders.map(Number)).to.deep.equal(members.map((m) => m.order));
      expect(amounts).to.deep.equal(members.map((m) => m.amount));
      const st = await a.state();
      expect([Number(st.unitsFree), Number(st.head), st.headAmount, st.threshold]).to.deep.equal([model.free, model.head, model.headAmount, model.threshold]);
      for (const probe of [{ amount: 0n, order: 99 }, { amount: 3n * ONE, order: 1 }, { amount: 3n * ONE, order: 50 }, { amount: 9n * ONE, order: 3 }]) {
        expect(Number(await f.house.hintFor(a.id, probe.amount, probe.order))).to.equal(model.hintFor(probe));
      }
    }
    await a.settle();
    const ref = await a.reference();
    const st = await a.state();
    expect(st.price).to.equal(ref.price);
    expect(4n - st.unitsFree).to.equal(BigInt(ref.unitsSold));
  });

  it("test_revealMany_opensWithChainedHints_andSkipsEntriesThatCannotOpen", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 3 });
    const signers = f.signers.slice(1, 9);
    const bids: UnitBid[] = [];
    for (const [i, s] of signers.entries()) bids.push(await a.commit(s, BigInt(i + 1) * ONE, 9n * ONE));
    await a.toRevealPhase();
    await a.reveal(bids[0]);
    const entries = await a.openings(bids.slice(1, 6));
    const wrong = { ...entries[0], bidder: f.keeper.address }; // never committed
    const already = { bidder: bids[0].bidder.address, amount: bids[0].amount, salt: bids[0].salt, deposit: bids[0].deposit, order: bids[0].order, hint: 0 };
    const mismatch = { ...(await a.openings([bids[6]]))[0], amount: 1n };
    const batch = [already, ...entries.slice(0, 2), wrong, mismatch, ...entries.slice(2)];
    const opened = await f.house.connect(f.keeper).revealMany.staticCall(a.id, batch);
    expect(opened).to.equal(5n);
    await f.house.connect(f.keeper).revealMany(a.id, batch);
    expect((await a.state()).openCount).to.equal(6n);
    const model = await a.model();
    const [, orders] = await f.house.topSet(a.id);
    expect(orders.map(Number)).to.deep.equal(model.members().map((m) => m.order));
    expect(model.members().map((m) => m.order)).to.deep.equal([4, 5, 6]);
  });

  it("test_commitSelfOpening_emitsTheSealedOpening_andBoundsItsLength", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 2 });
    const c = a.commitmentFor(f.alice.address, ONE, salt("so"));
    const sealed = ethers.hexlify(ethers.randomBytes(300));
    await expect(f.house.connect(f.alice).commitSelfOpening(a.id, c, ONE, sealed, { value: ONE }))
      .to.emit(f.house, "BidCommitted").withArgs(a.id, f.alice.address, c, ONE, 1)
      .and.to.emit(f.house, "SelfOpeningAttached").withArgs(a.id, f.alice.address, sealed);
    await expect(f.house.connect(f.bob).commitSelfOpening(a.id, c, ONE, "0x", { value: ONE }))
      .to.be.revertedWithCustomError(f.house, "SealedOpeningLength").withArgs(0, 2048);
    await expect(f.house.connect(f.bob).commitSelfOpening(a.id, c, ONE, ethers.hexlify(ethers.randomBytes(2049)), { value: ONE }))
      .to.be.revertedWithCustomError(f.house, "SealedOpeningLength").withArgs(2049, 2048);
    expect(await f.house.MAX_SEALED_OPENING()).to.equal(2048n);
    // The bound itself is accepted (the single-item house's 2,048; was 1,024 here).
    const longest = ethers.hexlify(ethers.randomBytes(2048));
    await expect(f.house.connect(f.bob).commitSelfOpening(a.id, a.commitmentFor(f.bob.address, ONE, salt("so-max")), ONE, longest, { value: ONE }))
      .to.emit(f.house, "SelfOpeningAttached").withArgs(a.id, f.bob.address, longest);
    const c2 = a.commitmentFor(f.alice.address, 2n * ONE, salt("so2"));
    await expect(f.house.connect(f.alice).recommitSelfOpening(a.id, { commitment: c, deposit: ONE, order: 1 }, c2, ONE, sealed, { value: ONE }))
      .to.emit(f.house, "SelfOpeningAttached").withArgs(a.id, f.alice.address, sealed);
    expect((await f.house.positionOf(a.id, f.alice.address))[1]).to.equal(BigInt(positionDigest(c2, 2n * ONE, 1)));
  });

  it("test_sealedReserve_opensBeforeBids_raisesTheThreshold_orIsIgnoredAndBurned", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 2, floorReserve: ONE, sealedReserve: 3n * ONE });
    const x = await a.commit(f.alice, 4n * ONE);
    const y = await a.commit(f.bob, 2n * ONE);
    await a.toReservePhase();
    await expect(a.reveal(x)).to.be.revertedWithCustomError(f.house, "ReserveNotYetOpened").withArgs(a.id, a.terms.reserveEnd);
    expect(await f.house.phaseOf(a.id)).to.equal(PHASE.OpeningReserve);
    await expect(a.revealReserve()).to.emit(f.house, "ReserveRevealed").withArgs(a.id, 3n * ONE, a.reserveSalt);
    expect((await a.state()).threshold).to.equal(3n * ONE);
    await a.reveal(x);
    await expect(a.reveal(y)).to.changeEtherBalance(ethers, f.bob, 2n * ONE, { includeFee: false }); // below the reserve
    await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, 1, 3n * ONE, 3n * ONE, 0);
    // The opened reserve's bond is released to the seller at settlement.
    expect((await a.state()).releasedProceeds).to.equal(BOND);

    const b = await createUnitAuction(f, { units: 2, floorReserve: ONE, sealedReserve: 3n * ONE });
    const z = await b.commit(f.alice, 2n * ONE);
    await b.toRevealPhase();
    await advanceTo(b.terms.reserveEnd);
    await expect(b.revealReserve()).to.be.revertedWithCustomError(f.house, "UnexpectedPhase");
    await b.reveal(z);
    await expect(b.settle()).to.emit(f.house, "AuctionSettled").withArgs(b.id, 1, ONE, ONE, BOND);
  });

  it("test_phaseOf_agreesWithLibPhaseAt", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 2, sealedReserve: ONE });
    const x = await a.commit(f.alice, 2n * ONE);
    const check = async (opened: boolean, allOpen: boolean, settled = false) => {
      const p = phaseAt({ commitEnd: a.terms.commitEnd, reserveEnd: a.terms.reserveEnd, revealEnd: a.terms.revealEnd, reserveOpened: opened, allBidsOpen: allOpen, settled }, await now());
      expect(PHASE_NAMES[Number(await f.house.phaseOf(a.id))]).to.equal(p);
    };
    await check(false, false);
    await a.toReservePhase();
    await check(false, false);
    await a.revealReserve();
    await check(true, false);
    await a.reveal(x);
    await check(true, true);
    await a.settle();
    await check(true, true, true);
    expect(await f.house.phaseOf(999n)).to.equal(PHASE.None);
  });
});

describe("k units: shared rules agree with lib", () => {
  it("test_commitmentDigestAndReserveCommitment_matchLib", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const houseAddress = (await f.house.getAddress()) as Address;
    for (let i = 0; i < 8; i++) {
      const auctionId = BigInt(i * 977 + 1);
      const s = salt(`rules ${i}`);
      const amount = BigInt(i) * 10n ** 20n + 7n;
      const c = await f.house.commitmentOf(auctionId, f.alice.address, amount, s);
      const { bidCommitment } = await import("../../../lib/auction.js");
      expect(c).to.equal(bidCommitment({ chainId: f.chainId, auctionHouse: houseAddress, auctionId }, f.alice.address as Address, amount, s));
      expect(await f.house.positionDigest(c, amount, i + 1)).to.equal(BigInt(positionDigest(c as `0x${string}`, amount, i + 1)));
      expect(await f.house.reserveCommitmentOf(f.seller.address, BigInt(i), amount, s))
        .to.equal(reserveCommitment({ chainId: f.chainId, auctionHouse: houseAddress, nonce: BigInt(i) }, f.seller.address as Address, amount, s));
    }
  });
});
