/**
 * Attacks on the k-unit house (CREDIBILITY.md's list, plus what a top set adds: hints): each run against the real
 * contract, with what the attacker tries and what it gets asserted exactly.
 */
import { expect } from "chai";
import type { Address } from "viem";
import { computeUnitOutcome } from "../../../lib/auction.js";
import { MAX_HINT_WALK } from "../../../lib/top-set.js";
import {
  BOND, ERC20_LOT, ONE, POSITION, createUnitAuction, deployUnitFixture, ethers, networkHelpers, salt,
  type UnitAuction, type UnitBid, type UnitFixture,
} from "./fixture.js";

/** A bidder that is a contract (UnitReceiver): it commits through `forward`; anyone opens its bid. */
async function contractBidder(f: UnitFixture) {
  const r = await ethers.deployContract("UnitReceiver");
  await f.keeper.sendTransaction({ to: await r.getAddress(), value: 100n * ONE });
  return r;
}

async function commitAs(a: UnitAuction, r: Awaited<ReturnType<typeof contractBidder>>, amount: bigint, deposit: bigint): Promise<UnitBid> {
  const address = await r.getAddress();
  const s = salt(`contract bid ${a.id} ${address} ${amount}`);
  const commitment = a.commitmentFor(address, amount, s);
  const data = a.house.interface.encodeFunctionData("commit", [a.id, commitment, deposit]);
  await r.forward(await a.house.getAddress(), a.eth ? deposit : 0n, data);
  const order = (await a.state()).commitCount;
  const bid: UnitBid = { bidder: { address } as UnitBid["bidder"], amount, salt: s, deposit, order, commitment };
  a.bids.set(address, bid);
  return bid;
}

async function expectSetMatchesModel(a: UnitAuction) {
  const model = await a.model();
  const [slots, orders, amounts] = await a.house.topSet(a.id);
  expect(slots.map(Number)).to.deep.equal(model.members().map((m) => m.slot));
  expect(orders.map(Number)).to.deep.equal(model.members().map((m) => m.order));
  expect(amounts).to.deep.equal(model.members().map((m) => m.amount));
}

describe("k units, adversarial: hints", () => {
  it("test_staleHint_anotherRevealLandedFirst_walksAndPlacesTheBid", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 10 });
    const signers = f.signers.slice(1, 15);
    const bids: UnitBid[] = [];
    for (const [i, s] of signers.entries()) bids.push(await a.commit(s, BigInt(10 + i * 7) * ONE / 10n, 20n * ONE));
    await a.toRevealPhase();
    for (const b of bids.slice(0, 6)) await a.reveal(b);
    const honest = bids[13];
    const hint = await a.hint(honest);
    // Five other bids land between the hint and the honest bid's place before it is mined.
    for (const b of bids.slice(8, 13)) await a.reveal(b, { by: f.keeper });
    expect((await a.model()).hintFor({ amount: honest.amount, order: Number(honest.order) })).to.not.equal(hint);
    await expect(a.reveal(honest, { hint })).to.emit(f.house, "BidRevealed");
    await expectSetMatchesModel(a);
  });

  it("test_frontRunBeyondTheWalkBound_revertsHintTooFarChangingNothing_andAFreshHintSucceeds", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 40 });
    const signers = f.signers; // 20 accounts; the attacker's bids come from fresh wallets
    const honest = await a.commit(f.alice, 100n * ONE, 100n * ONE);
    const low = await a.commit(f.bob, ONE, ONE);
    const attackers = [];
    for (let i = 0; i <= MAX_HINT_WALK; i++) {
      const w = ethers.Wallet.createRandom().connect(ethers.provider);
      await signers[2].sendTransaction({ to: w.address, value: 100n * ONE });
      attackers.push(await a.commit(w as unknown as UnitBid["bidder"], BigInt(2 + i) * ONE, 50n * ONE));
    }
    await a.toRevealPhase();
    await a.reveal(low);
    const hint = await a.hint(honest); // Bob's slot: he is the only member below
    // The attacker sees the honest reveal coming and opens 17 bids between Bob and it first.
    for (const b of attackers) await a.reveal(b);
    const before = await a.state();
    await expect(a.reveal(honest, { hint })).to.be.revertedWithCustomError(f.house, "HintTooFar").withArgs(a.id, hint);
    // The same entry in a batch is skipped, not reverted.
    const entry = { bidder: honest.bidder.address, amount: honest.amount, salt: honest.salt, deposit: honest.deposit, order: honest.order, hint };
    expect(await f.house.connect(f.keeper).revealMany.staticCall(a.id, [entry])).to.equal(0n);
    expect((await a.state()).openCount).to.equal(before.openCount);
    // The attacker has no unopened bid left; a fresh hint from the logs places the honest bid.
    await a.reveal(honest);
    await expectSetMatchesModel(a);
    expect((await a.state()).openCount).to.equal(before.openCount + 1n);
  });

  it("test_garbageHints_neverCorruptTheOrder", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 6, floorReserve: ONE });
    const signers = f.signers.slice(1, 19);
    const bids: UnitBid[] = [];
    for (const [i, s] of signers.entries()) bids.push(await a.commit(s, BigInt((i * 7) % 9) * ONE / 2n + ONE, 10n * ONE));
    await a.toRevealPhase();
    const garbage = [0, 1, 6, 7, 0xffff, 0x10000, 2 ** 53 - 1];
    for (const [i, b] of bids.entries()) {
      const model = await a.model();
      // A member ranked above the bid, the slot about to be freed, an empty slot, out-of-range values.
      const above = model.members().find((m) => m.amount > b.amount)?.slot ?? 3;
      const candidates = [...garbage, above, model.head];
      await a.reveal(b, { by: f.keeper, hint: candidates[i % candidates.length] });
      await expectSetMatchesModel(a);
    }
    await a.settle();
    const ref = await a.reference();
    expect((await a.state()).price).to.equal(ref.price);
    for (const w of ref.winners) expect((await f.house.positionOf(a.id, w.bidder))[0]).to.equal(POSITION.Ranked);
  });

  it("test_hintFromAnotherAuctionOrTheMaxUint_isHarmless", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 2 });
    const x = await a.commit(f.alice, 2n * ONE);
    const y = await a.commit(f.bob, 3n * ONE);
    await a.toRevealPhase();
    await a.reveal(x);
    await f.house.connect(f.keeper).reveal(a.id, y.bidder.address, y.amount, y.salt, y.deposit, y.order, ethers.MaxUint256);
    await expectSetMatchesModel(a);
  });
});

describe("k units, adversarial: receivers", () => {
  it("test_bidderRejectingEth_itsRefundIsDeferred_andNobodyElseIsAffected", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 1 });
    const r = await contractBidder(f);
    await r.setEth(true, false);
    const top = await a.commit(f.alice, 5n * ONE);
    const hostile = await commitAs(a, r, ONE, 2n * ONE);
    await a.toRevealPhase();
    await a.reveal(top);
    await expect(a.reveal(hostile, { by: f.keeper })).to.emit(f.house, "RefundDeferred").withArgs(a.id, hostile.bidder.address, 2n * ONE);
    expect(await f.house.positionOf(a.id, hostile.bidder.address)).to.deep.equal([POSITION.Owed, 2n * ONE]);
    await a.settle();
    await a.claimUnit(top);
    const data = f.house.interface.encodeFunctionData("withdrawRefund", [a.id, f.erin.address]);
    const before = await ethers.provider.getBalance(f.erin.address);
    await r.forward(await f.house.getAddress(), 0n, data);
    expect(await ethers.provider.getBalance(f.erin.address)).to.equal(before + 2n * ONE);
  });

  it("test_displacedBidderRejectingEth_cannotMakeTheDisplacingRevealFail_orPayItsGas", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 1 });
    const r = await contractBidder(f);
    const low = await commitAs(a, r, ONE, 2n * ONE);
    const high = await a.commit(f.alice, 3n * ONE);
    await a.toRevealPhase();
    await a.reveal(low, { by: f.keeper });
    await r.setEth(false, true); // burns every unit of gas it is sent
    const tx = await a.reveal(high);
    await expect(tx).to.emit(f.house, "BidRevealed").withArgs(a.id, f.alice.address, 3n * ONE, high.salt, true, 1, low.order);
    // Nothing is pushed to the displaced bidder: the displacing reveal costs what any entering reveal costs.
    expect((await tx.wait())!.gasUsed).to.be.lessThan(80_000n);
    expect(await f.house.positionOf(a.id, low.bidder.address)).to.deep.equal([POSITION.Displaced, 2n * ONE]);
  });

  it("test_gasBurningLoser_costsAThirdPartyRevealerAtMostThePushCap", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 1 });
    const r = await contractBidder(f);
    const top = await a.commit(f.alice, 5n * ONE);
    const plain = await a.commit(f.bob, ONE, 2n * ONE);
    const burner = await commitAs(a, r, ONE, 2n * ONE);
    await a.toRevealPhase();
    await a.reveal(top);
    const g1 = (await (await a.reveal(plain, { by: f.keeper })).wait())!.gasUsed;
    await r.setEth(false, true);
    const tx = await f.house.connect(f.keeper).reveal(a.id, burner.bidder.address, burner.amount, burner.salt, burner.deposit, burner.order, 0, { gasLimit: 3_000_000 });
    await expect(tx).to.emit(f.house, "RefundDeferred");
    const g2 = (await tx.wait())!.gasUsed;
    expect(g2 - g1).to.be.lessThan(40_000n); // the 30,000 cap plus the call
  });

  it("test_erc1155HookReverting_blocksOnlyThatWinnersOwnClaimToItself", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 2 });
    const r = await contractBidder(f);
    await r.set1155(true, false);
    const hostile = await commitAs(a, r, 3n * ONE, 3n * ONE);
    const honest = await a.commit(f.alice, 2n * ONE);
    const loser = await a.commit(f.bob, ONE);
    await a.toRevealPhase();
    for (const b of [hostile, honest, loser]) await a.reveal(b, { by: f.keeper });
    await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, 2, ONE, 0, 0);
    // The seller cannot deliver to it, and it cannot claim to itself...
    await expect(f.house.connect(f.seller).deliverUnit(a.id, a.terms, hostile.bidder.address)).to.be.revert(ethers);
    const toSelf = f.house.interface.encodeFunctionData("claimUnit", [a.id, hostile.bidder.address]);
    await expect(r.forward(await f.house.getAddress(), 0n, toSelf)).to.be.revert(ethers);
    // ...but the other winner claims, and the seller takes that unit's price.
    await a.claimUnit(honest);
    await expect(f.house.connect(f.seller).withdrawProceeds(a.id, a.terms, f.seller.address))
      .to.emit(f.house, "ProceedsWithdrawn").withArgs(a.id, f.seller.address, f.seller.address, ONE);
    // The hostile winner can still claim to an account that accepts the unit.
    const toErin = f.house.interface.encodeFunctionData("claimUnit", [a.id, f.erin.address]);
    await r.forward(await f.house.getAddress(), 0n, toErin);
    expect(await a.unitsOf(f.erin.address)).to.equal(1n);
  });

  it("test_erc1155HookBurningGas_failsOnlyItsOwnClaim", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 2 });
    const r = await contractBidder(f);
    const x = await a.commit(f.alice, 2n * ONE);
    const y = await a.commit(f.bob, 3n * ONE);
    await a.toRevealPhase();
    await a.reveal(x);
    await a.reveal(y);
    await a.settle();
    await r.set1155(false, true);
    await expect(f.house.connect(f.alice).claimUnit(a.id, await r.getAddress(), { gasLimit: 2_000_000 })).to.be.revert(ethers);
    await a.claimUnit(y);
    await a.claimUnit(x, f.carol.address);
    expect(await a.unitsOf(f.carol.address)).to.equal(1n);
  });

  it("test_reentrantReceiver_findsItsClaimAlreadyDone", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 1 });
    const r = await contractBidder(f);
    const bid = await commitAs(a, r, 2n * ONE, 3n * ONE);
    await a.toRevealPhase();
    await a.reveal(bid, { by: f.keeper });
    await a.settle();
    const houseAddress = await f.house.getAddress();
    const again = f.house.interface.encodeFunctionData("claimUnit", [a.id, await r.getAddress()]);
    await r.setReentry(houseAddress, again);
    await r.forward(houseAddress, 0n, again);
    expect(await r.reentryAttempted()).to.equal(true);
    expect(await r.reentrySucceeded()).to.equal(false);
    expect(f.house.interface.parseError(await r.reentryResult())!.name).to.equal("NotWinner");
    expect(await a.unitsOf(await r.getAddress())).to.equal(1n);
    // It got its unit and its change once; the house holds nothing more for this auction.
    expect(await ethers.provider.getBalance(houseAddress)).to.equal(0n);
  });
});

describe("k units, adversarial: supply and demand corners", () => {
  it("test_kAtLeastN_everyValidBidAboveTheReserveWinsAtTheReserve", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 5, floorReserve: 2n * ONE });
    const bids = [await a.commit(f.alice, 3n * ONE), await a.commit(f.bob, 2n * ONE), await a.commit(f.carol, ONE)];
    await a.toRevealPhase();
    for (const b of bids) await a.reveal(b);
    await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, 2, 2n * ONE, 2n * ONE, 0);
    await a.claimUnit(bids[0]);
    await a.claimUnit(bids[1]);
    await f.house.connect(f.seller).claimUnsold(a.id, a.terms, f.seller.address);
    expect(await a.unitsOf(f.seller.address)).to.equal(3n);
    await f.house.connect(f.seller).withdrawProceeds(a.id, a.terms, f.seller.address);
    expect(await ethers.provider.getBalance(await f.house.getAddress())).to.equal(0n);
  });

  it("test_exactlyKValidBids_allWinAtTheReserve_andTheOthersForfeit", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 2, floorReserve: ONE / 2n });
    const x = await a.commit(f.alice, 3n * ONE);
    const y = await a.commit(f.bob, ONE);
    const over = await a.commit(f.carol, 9n * ONE, 2n * ONE);
    await a.commit(f.dave, 8n * ONE); // never opened
    await a.toRevealPhase();
    for (const b of [over, y, x]) await a.reveal(b);
    await a.toEnd();
    await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, 2, ONE / 2n, ONE / 2n, 2n * BOND);
    const ref = await a.reference();
    expect(ref.winners.map((w) => w.bidder)).to.deep.equal([f.alice.address, f.bob.address]);
  });

  it("test_allBelowTheReserve_nothingSells_andEveryBidIsRefundedInItsReveal", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 3, floorReserve: 5n * ONE, lotKind: ERC20_LOT, lotAmount: 3n * ONE });
    const bids = [await a.commit(f.alice, 4n * ONE), await a.commit(f.bob, 2n * ONE)];
    await a.toRevealPhase();
    for (const b of bids) {
      const tx = await a.reveal(b);
      await expect(tx).to.emit(f.house, "BidRevealed").withArgs(a.id, b.bidder.address, b.amount, b.salt, true, 0, 0);
      await expect(tx).to.changeEtherBalance(ethers, b.bidder, b.deposit, { includeFee: false });
    }
    await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, 0, 0, 5n * ONE, 0);
    await f.house.connect(f.seller).claimUnsold(a.id, a.terms, f.seller.address);
    expect(await f.lotToken.balanceOf(await f.house.getAddress())).to.equal(0n);
    expect(await ethers.provider.getBalance(await f.house.getAddress())).to.equal(0n);
  });

  it("test_sellerSybilsInTheTopSet_areOrdinaryBidders_andWithheldShillsBurnTheirBonds", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    // Honest demand 10, 8, 6 for k = 2: uniform price 6. The seller adds Sybils: one opened at 9 (it wins a unit
    // and pushes 8 out, raising the price to 8), one withheld at 20 after seeing bids (a veto of one unit at the
    // cost of its bond, burned), one opened low at 1 (refunded, no effect).
    const a = await createUnitAuction(f, { units: 2 });
    const [h1, h2, h3, s1, s2, s3] = f.signers.slice(1, 7);
    const honest = [await a.commit(h1, 10n * ONE), await a.commit(h2, 8n * ONE), await a.commit(h3, 6n * ONE)];
    const shill = await a.commit(s1, 9n * ONE);
    await a.commit(s2, 20n * ONE);
    const low = await a.commit(s3, ONE);
    await a.toRevealPhase();
    for (const b of [...honest, shill, low]) await a.reveal(b);
    await a.toEnd();
    await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, 2, 8n * ONE, 0, BOND);
    const ref = await a.reference();
    expect(ref.winners.map((w) => w.bidder)).to.deep.equal([h1.address, s1.address]);
    expect(ref.price).to.equal(8n * ONE);
    // Without the Sybils: the two honest top bids win at 6.
    const fair = computeUnitOutcome({
      units: 2, format: "uniform-price", bond: BOND, floorReserve: 0n, sealedReserve: { committed: false },
      commitments: honest.map((b) => ({ bidder: b.bidder.address as Address, order: Number(b.order), deposit: b.deposit })),
      openings: honest.map((b) => ({ bidder: b.bidder.address as Address, amount: b.amount })),
    });
    expect(fair.price).to.equal(6n * ONE);
    // The seller side sells one real unit at 8 (instead of two at 6), keeps one unit, pays 8 to itself, and its
    // withheld shill's bond is burned: nobody can recoup it.
    const ids = [h1, s1].map((s) => a.bids.get(s.address)!);
    for (const b of ids) await a.claimUnit(b);
    await f.house.connect(f.seller).withdrawProceeds(a.id, a.terms, f.seller.address);
    await f.house.connect(h2).withdrawRefund(a.id, h2.address); // displaced by the shill
    const s2Bid = a.bids.get(s2.address)!;
    await f.house.connect(s2).withdrawUnrevealed(a.id, { commitment: s2Bid.commitment, deposit: s2Bid.deposit, order: s2Bid.order }, s2.address);
    expect(await ethers.provider.getBalance(await f.house.getAddress())).to.equal(BOND);
  });

  it("test_sellerFreezesItsToken_winnersPricesAreNotReleased", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const quirky = await ethers.deployContract("QuirkyERC1155");
    await quirky.connect(f.seller).setApprovalForAll(await f.house.getAddress(), true);
    const a = await createUnitAuction(f, { units: 2, items: quirky });
    const x = await a.commit(f.alice, 2n * ONE);
    const y = await a.commit(f.bob, 3n * ONE);
    await a.toRevealPhase();
    await a.reveal(x);
    await a.reveal(y);
    await a.settle();
    await quirky.setFrozen(await f.house.getAddress(), true);
    await expect(a.claimUnit(x)).to.be.revertedWith("frozen");
    await expect(f.house.connect(f.seller).deliverUnit(a.id, a.terms, f.bob.address)).to.be.revertedWith("frozen");
    await expect(f.house.connect(f.seller).withdrawProceeds(a.id, a.terms, f.seller.address))
      .to.be.revertedWithCustomError(f.house, "NothingToWithdraw");
  });
});

describe("k units, adversarial: tokens and escrow", () => {
  it("test_erc1155Lot_mustReportItsInterface_arriveWhole_andComeFromTheSeller", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const quirky = await ethers.deployContract("QuirkyERC1155");
    const houseAddress = await f.house.getAddress();
    await quirky.connect(f.seller).setApprovalForAll(houseAddress, true);
    await quirky.connect(f.alice).setApprovalForAll(houseAddress, true);
    await quirky.mint(f.seller.address, 7n, 3n);
    await quirky.mint(f.alice.address, 7n, 3n);
    const a = await createUnitAuction(f, { units: 3 });
    const t = (await networkHelpers.time.latest()) + 100;
    const terms = { ...a.terms, lotToken: (await quirky.getAddress()) as Address, lotId: 7n, commitEnd: t, revealEnd: t + 100 };
    await quirky.setHideInterface(true);
    await expect(f.house.connect(f.seller).create(terms)).to.be.revertedWithCustomError(f.house, "NotAnERC1155");
    await quirky.setHideInterface(false);
    await quirky.setShort(true);
    await expect(f.house.connect(f.seller).create(terms)).to.be.revertedWithCustomError(f.house, "LotNotEscrowed").withArgs(terms.lotToken, 7n, 3n, 2n);
    await quirky.setShort(false);
    await quirky.setTakeFrom(f.alice.address); // ignores `from`: would escrow Alice's copies for the seller
    await expect(f.house.connect(f.seller).create(terms)).to.be.revertedWithCustomError(f.house, "LotNotEscrowed");
    await quirky.setTakeFrom(ethers.ZeroAddress);
    await f.house.connect(f.seller).create(terms);
  });

  it("test_nothingElseCanBeSentToTheHouseAsErc1155_notEvenAUnitClaimedToItself", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const houseAddress = await f.house.getAddress();
    await f.items.mint(f.alice.address, 1n, 5n);
    await expect(f.items.connect(f.alice).safeTransferFrom(f.alice.address, houseAddress, 1n, 1n, "0x"))
      .to.be.revertedWithCustomError(f.house, "UnexpectedERC1155Transfer").withArgs(f.alice.address);
    await expect(f.items.connect(f.alice).safeBatchTransferFrom(f.alice.address, houseAddress, [1n], [1n], "0x"))
      .to.be.revertedWithCustomError(f.house, "UnexpectedERC1155Transfer");
    const a = await createUnitAuction(f, { units: 1 });
    const x = await a.commit(f.alice, ONE);
    await a.toRevealPhase();
    await a.reveal(x);
    await a.settle();
    await expect(a.claimUnit(x, houseAddress)).to.be.revertedWithCustomError(f.house, "UnexpectedERC1155Transfer");
  });

  it("test_paymentTokens_feeOnTransferAndNftsAreRefused", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const fee = await ethers.deployContract("FeeOnTransferERC20");
    const houseAddress = await f.house.getAddress();
    await fee.mint(f.alice.address, 100n * ONE);
    await fee.connect(f.alice).approve(houseAddress, ethers.MaxUint256);
    const a = await createUnitAuction(f, { units: 2, paymentToken: await fee.getAddress() });
    const c = a.commitmentFor(f.alice.address, ONE, salt("fee"));
    await expect(f.house.connect(f.alice).commit(a.id, c, ONE)).to.be.revertedWithCustomError(f.house, "TransferAmountMismatch");
    const t = (await networkHelpers.time.latest()) + 100;
    await expect(f.house.connect(f.seller).create({ ...a.terms, paymentToken: (await f.items.getAddress()) as Address, lotId: a.terms.lotId, commitEnd: t, revealEnd: t + 100 }))
      .to.be.revertedWithCustomError(f.house, "NotAnERC20");
    await expect(f.house.connect(f.seller).create({ ...a.terms, lotKind: ERC20_LOT, lotId: 0n, lotAmount: 2n, commitEnd: t, revealEnd: t + 100 }))
      .to.be.revertedWithCustomError(f.house, "NotAnERC20");
  });

  it("test_tokenWithGasBurningReceiverHook_defersThatRefund_andBoundsTheRevealersGas", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const hook = await ethers.deployContract("GasBurningHookERC20");
    const houseAddress = await f.house.getAddress();
    for (const s of [f.alice, f.bob]) {
      await hook.mint(s.address, 100n * ONE);
      await hook.connect(s).approve(houseAddress, ethers.MaxUint256);
    }
    const a = await createUnitAuction(f, { units: 1, paymentToken: await hook.getAddress() });
    const top = await a.commit(f.alice, 5n * ONE);
    const low = await a.commit(f.bob, ONE, 2n * ONE);
    await a.toRevealPhase();
    await a.reveal(top);
    await hook.setBurnOnReceive(f.bob.address, 10_000_000);
    const tx = await f.house.connect(f.keeper).reveal(a.id, f.bob.address, low.amount, low.salt, low.deposit, low.order, 0, { gasLimit: 3_000_000 });
    await expect(tx).to.emit(f.house, "RefundDeferred").withArgs(a.id, f.bob.address, 2n * ONE);
    expect((await tx.wait())!.gasUsed).to.be.lessThan(150_000n);
    await hook.setBurnOnReceive(f.bob.address, 0);
    await f.house.connect(f.bob).withdrawRefund(a.id, f.bob.address);
    expect(await hook.balanceOf(f.bob.address)).to.equal(100n * ONE);
  });

  it("test_commitmentBindsBidderAuctionAndHouse_copiesAndReplaysCannotOpen", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 1 });
    const b = await createUnitAuction(f, { units: 1 });
    const victim = await a.commit(f.alice, 2n * ONE);
    // Mallory copies the commitment in the same auction; Alice's commitment is replayed into auction b.
    await f.house.connect(f.erin).commit(a.id, victim.commitment, 2n * ONE, { value: 2n * ONE });
    await f.house.connect(f.alice).commit(b.id, victim.commitment, 2n * ONE, { value: 2n * ONE });
    await a.toRevealPhase();
    await a.reveal(victim);
    await expect(f.house.connect(f.erin).reveal(a.id, f.erin.address, victim.amount, victim.salt, 2n * ONE, 2, 0))
      .to.be.revertedWithCustomError(f.house, "OpeningMismatch").withArgs(a.id, f.erin.address);
    await expect(f.house.connect(f.alice).reveal(b.id, f.alice.address, victim.amount, victim.salt, 2n * ONE, 1, 0))
      .to.be.revertedWithCustomError(f.house, "OpeningMismatch").withArgs(b.id, f.alice.address);
    // Dust: every commitment deposits at least the bond; late openings are refused.
    await expect(f.house.connect(f.bob).commit(a.id, victim.commitment, BOND - 1n, { value: BOND - 1n })).to.be.revertedWithCustomError(f.house, "UnexpectedPhase");
    await a.toEnd();
    await expect(a.reveal(victim)).to.be.revertedWithCustomError(f.house, "UnexpectedPhase");
  });
});
