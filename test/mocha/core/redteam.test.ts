/**
 * Red team against the hardened core. Two kinds of tests:
 *  - FIXED: an attack that worked against the first hardening (an undeliverable or destroyable lot, a seller
 *    paid for a lot it froze, a token draining other auctions or paying twice), now refused; each asserts the
 *    exact refusal and that nothing was lost.
 *  - HELD: an attack that the hardened contract resists; the test pins the behaviour.
 */
import { expect } from "chai";
import type { Address, Hex } from "viem";
import type { RedteamGasProbe } from "../../../typechain-types/index.js";
import { ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../../../lib/auction.js";
import {
  AuctionDriver, BOND, ERC20_LOT, PHASE, POSITION, createAuction, deployFixture, ethers,
  networkHelpers, rawTerms, salt, type Fixture,
} from "./fixture.js";

const ONE = ethers.parseEther("1");


/** Creates from `seller` with raw terms; returns a driver, or undefined if the house refused the lot. */
async function createOrRefused(f: Fixture, terms: AuctionTerms, seller = f.seller): Promise<AuctionDriver | undefined> {
  const id = await f.house.nextAuctionId();
  try {
    const tx = await f.house.connect(seller).create(terms);
    await tx.wait();
    return new AuctionDriver(f, id, terms, tx, undefined, ZERO_BYTES32);
  } catch {
    return undefined;
  }
}

/** alice bids 3, bob bids 1 (second price: alice wins at 1), reveal both, settle. */
async function runTwoBidderAuction(a: AuctionDriver) {
  const f = a.f;
  const top = await a.commit(f.alice, 3n * ONE);
  const low = await a.commit(f.bob, ONE);
  await a.toRevealPhase();
  await a.reveal(top);
  await a.reveal(low);
  await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, f.alice.address, ONE, 0n, 0n);
}

describe("Red team FIXED: lots the house would accept but could never deliver (rules 7, 11, 12)", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  it("test_redteam_legacyErc721WithoutSafeTransferFrom_isRefusedAtCreate", async () => {
    // CryptoKitties-style NFT: ownerOf/transferFrom work (both ownership checks pass), no safeTransferFrom, no
    // ERC-165 for ERC-721: escrowed, it could never leave (not even by cancel). ERC-721 lots must report ERC-165.
    const legacy = await ethers.deployContract("RedteamLegacyERC721");
    const token = (await legacy.getAddress()) as Address;
    await legacy.mint(f.seller.address, 7n);
    await legacy.connect(f.seller).setApprovalForAll(f.house.target, true);
    await expect(f.house.connect(f.seller).create(await rawTerms(f, { lotToken: token, lotAmountOrId: 7n })))
      .to.be.revertedWithCustomError(f.house, "NotAnERC721").withArgs(token);
    expect(await legacy.ownerOf(7n)).to.equal(f.seller.address);
  });

  it("test_redteam_erc721WithoutErc165_isRefusedAsAnErc20Lot", async () => {
    // Without ERC-165 an NFT passes for "1 unit of an ERC-20"; the house then holds token id 1 and refuses it.
    const legacy = await ethers.deployContract("RedteamLegacyERC721");
    const token = (await legacy.getAddress()) as Address;
    await legacy.mint(f.seller.address, 1n);
    await legacy.connect(f.seller).setApprovalForAll(f.house.target, true);
    await expect(f.house.connect(f.seller).create(await rawTerms(f, { lotKind: ERC20_LOT, lotToken: token, lotAmountOrId: 1n })))
      .to.be.revertedWithCustomError(f.house, "NotAnERC20").withArgs(token);
    expect(await legacy.ownerOf(1n)).to.equal(f.seller.address);
  });

  it("test_redteam_hybrid404_cannotBeAnErc721LotSoNoOtherAuctionCanBurnIt", async () => {
    // ERC-404 (v1) hybrids: one balance for both kinds; losing a whole unit burns the holder's last received NFT.
    // Escrowed as an ERC-721 lot beside someone's ERC-20 lot of the same contract, a cancel of the latter burned
    // the former. Without ERC-165 for ERC-721 it is refused as an ERC-721 lot.
    const hybrid = await ethers.deployContract("RedteamHybrid404");
    const token = (await hybrid.getAddress()) as Address;
    const mallory = f.erin;
    await hybrid.mintUnits(f.seller.address, 3n);
    await hybrid.mintUnits(mallory.address, 1n);
    await hybrid.connect(f.seller).setApprovalForAll(f.house.target, true);
    await hybrid.connect(mallory).approve(f.house.target, ethers.MaxUint256);
    const bait = await createOrRefused(f, await rawTerms(f, { seller: mallory.address as Address, lotKind: ERC20_LOT, lotToken: token, lotAmountOrId: ONE }), mallory);
    expect(bait, "fungible units of a hybrid are a plain ERC-20 lot").to.not.equal(undefined);
    await expect(f.house.connect(f.seller).create(await rawTerms(f, { lotToken: token, lotAmountOrId: 2n })))
      .to.be.revertedWithCustomError(f.house, "NotAnERC721").withArgs(token);
    expect(await hybrid.ownerOf(2n)).to.equal(f.seller.address);
    // The bait's cancel returns exactly its unit.
    await expect(f.house.connect(mallory).cancel(bait!.id, bait!.terms, mallory.address)).to.changeTokenBalance(ethers, hybrid, mallory, ONE);
  });

  it("test_redteam_sellerFreezingItsCollectionBeforeSettlement_cannotKeepThePrice", async () => {
    // A standard ERC-721 whose admin (the seller) can freeze a holder. Frozen before settlement, the lot cannot
    // leave the house: settlement still goes through (the winner's change is paid), but the seller's proceeds
    // wait for the lot to leave, so freezing earns it nothing.
    const frz = await ethers.deployContract("RedteamFreezableERC721"); // admin: f.seller
    await frz.mint(f.seller.address, 1n);
    await frz.connect(f.seller).setApprovalForAll(f.house.target, true);
    const a = (await createOrRefused(f, await rawTerms(f, { lotToken: (await frz.getAddress()) as Address, lotAmountOrId: 1n })))!;
    await frz.connect(f.seller).setFrozen(f.house.target, true);
    const sellerBefore = await ethers.provider.getBalance(f.seller.address);
    await runTwoBidderAuction(a);
    const settled = await f.house.queryFilter(f.house.filters.LotClaimed(a.id));
    expect(settled).to.deep.equal([]);
    expect(await frz.ownerOf(1n)).to.equal(f.house.target);
    expect((await a.state()).lotClaimed).to.equal(false);
    expect(await f.house.proceedsOf(a.id, f.seller.address)).to.equal(ONE);
    expect(await f.house.positionOf(a.id, f.alice.address)).to.deep.equal([POSITION.None, 0n]); // change paid
    expect(await ethers.provider.getBalance(f.seller.address)).to.equal(sellerBefore);
    const refunds = await f.house.queryFilter(f.house.filters.RefundWithdrawn(a.id));
    expect(refunds.map((e) => [e.args.auctionId, e.args.bidder, e.args.recipient, e.args.amount]))
      .to.deep.equal([[a.id, f.alice.address, f.alice.address, 2n * ONE]]);
    await expect(f.house.connect(f.seller).withdrawProceeds(a.id, f.seller.address))
      .to.be.revertedWithCustomError(f.house, "LotNotDelivered").withArgs(a.id);
    await expect(f.house.connect(f.alice).claimLot(a.id, a.terms, f.alice.address)).to.be.revertedWith("frozen");
    // Unfrozen, the seller delivers the lot to the winner itself (it may not send it anywhere else) and is paid.
    await frz.connect(f.seller).setFrozen(f.house.target, false);
    await expect(f.house.connect(f.seller).claimLot(a.id, a.terms, f.seller.address))
      .to.be.revertedWithCustomError(f.house, "NotLotOwner").withArgs(a.id, f.seller.address, f.alice.address);
    await expect(f.house.connect(f.seller).claimLot(a.id, a.terms, f.alice.address))
      .to.emit(f.house, "LotClaimed").withArgs(a.id, f.alice.address, f.alice.address);
    expect(await frz.ownerOf(1n)).to.equal(f.alice.address);
    await expect(f.house.connect(f.seller).withdrawProceeds(a.id, f.seller.address)).to.changeEtherBalance(ethers, f.seller, ONE);
  });
});

describe("Red team FIXED: outgoing token quirks cannot break conservation across auctions (rule 11)", () => {
  async function quirkySetup(f: Fixture) {
    const q = await ethers.deployContract("RedteamQuirkyERC20");
    for (const s of [f.alice, f.bob, f.carol, f.dave]) {
      await q.mint(s.address, 100n * ONE);
      await q.connect(s).approve(f.house.target, ethers.MaxUint256);
    }
    return q;
  }

  it("test_redteam_feeChargedOnTopOnTransferOnly_neverTakesAnotherAuctionsDeposits", async () => {
    // transferFrom is exact (the inbound check passes); transfer charges the SENDER 10% on top. Every payment out
    // is measured on the house's balance: one that costs more than it pays reverts instead of draining auction b.
    const f = await networkHelpers.loadFixture(deployFixture);
    const q = await quirkySetup(f);
    const token = await q.getAddress();
    const a = await createAuction(f, { paymentToken: token });
    const b = await createAuction(f, { paymentToken: token });
    const carol = await b.commit(f.carol, 2n * ONE);
    const top = await a.commit(f.alice, 3n * ONE);
    const low = await a.commit(f.bob, ONE);
    await q.setMode(8);
    await a.toRevealPhase();
    await a.reveal(top);
    await expect(a.reveal(low)).to.be.revertedWithCustomError(f.house, "TransferAmountMismatch").withArgs(token, ONE, ONE + ONE / 10n);
    await a.toEnd();
    // Settlement's pushes in the token are contained: each mismatch leaves a claim, and settlement goes through.
    const settle = a.settle();
    // Bob's bid never opened: alice wins at 0 and her whole deposit is owed back.
    await expect(settle).to.emit(f.house, "AuctionSettled").withArgs(a.id, f.alice.address, 0n, 0n, BOND);
    await expect(settle).to.emit(f.house, "RefundDeferred").withArgs(a.id, f.alice.address, 3n * ONE);
    await expect(settle).not.to.emit(f.house, "ProceedsWithdrawn");
    await expect(settle).to.changeTokenBalances(ethers, q, [f.alice, f.seller, f.house], [0n, 0n, 0n]);
    expect(await f.house.positionOf(a.id, f.alice.address)).to.deep.equal([POSITION.Held, 3n * ONE]);
    await expect(f.house.connect(f.alice).withdrawRefund(a.id, f.alice.address)).to.be.revertedWithCustomError(f.house, "TransferAmountMismatch");
    // The house still holds every deposit it owes: auction a's 4 and carol's 2 in auction b.
    expect(await q.balanceOf(f.house.target)).to.equal(top.deposit + low.deposit + carol.deposit);
  });

  it("test_redteam_tokenThatMovesThenReturnsFalse_isPaidExactlyOnce", async () => {
    // The push counts by the house's balance, not the return value: moved means paid, never deferred as well.
    const f = await networkHelpers.loadFixture(deployFixture);
    const q = await quirkySetup(f);
    const a = await createAuction(f, { paymentToken: await q.getAddress() });
    const top = await a.commit(f.alice, 3n * ONE);
    const low = await a.commit(f.bob, ONE);
    await a.toRevealPhase();
    await a.reveal(top);
    await q.setMode(6);
    const tx = a.reveal(low, f.keeper);
    await expect(tx).to.not.emit(f.house, "RefundDeferred");
    await expect(tx).to.changeTokenBalance(ethers, q, f.bob, ONE);
    expect(await f.house.positionOf(a.id, f.bob.address)).to.deep.equal([POSITION.None, 0n]);
  });
});

describe("Red team HELD: token pathologies in the capped refund push (rules 9, 11, 13)", () => {
  async function quirkyAuction(f: Fixture) {
    const q = await ethers.deployContract("RedteamQuirkyERC20");
    for (const s of [f.alice, f.bob]) {
      await q.mint(s.address, 100n * ONE);
      await q.connect(s).approve(f.house.target, ethers.MaxUint256);
    }
    const a = await createAuction(f, { paymentToken: await q.getAddress() });
    const top = await a.commit(f.alice, 3n * ONE);
    const low = await a.commit(f.bob, ONE);
    await a.toRevealPhase();
    await a.reveal(top);
    return { q, a, top, low };
  }

  /** Finishes the auction normally (settlement delivers) and checks the house is left holding nothing of the token. */
  async function closeAndCheckEmpty(f: Fixture, q: Awaited<ReturnType<typeof quirkyAuction>>["q"], a: AuctionDriver) {
    await q.setMode(0);
    await a.toEnd();
    const settle = a.settle();
    await expect(settle).to.changeTokenBalances(ethers, q, [f.alice, f.seller, f.house], [2n * ONE, ONE, -3n * ONE]);
    await expect(settle).to.emit(f.house, "LotClaimed").withArgs(a.id, f.alice.address, f.alice.address);
    await expect(f.house.connect(f.alice).withdrawRefund(a.id, f.alice.address)).to.be.revertedWithCustomError(f.house, "NothingToWithdraw");
    expect(await q.balanceOf(f.house.target)).to.equal(0n);
  }

  it("test_redteam_held_transferReturnsFalseMovingNothing_defersAndTheClaimPaysLater", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const { q, a, low } = await quirkyAuction(f);
    await q.setMode(1);
    await expect(a.reveal(low, f.keeper)).to.emit(f.house, "RefundDeferred").withArgs(a.id, f.bob.address, ONE);
    await expect(f.house.connect(f.bob).withdrawRefund(a.id, f.bob.address)).to.be.revertedWithCustomError(f.house, "SafeERC20FailedOperation");
    await q.setMode(0);
    await expect(f.house.connect(f.bob).withdrawRefund(a.id, f.bob.address)).to.changeTokenBalance(ethers, q, f.bob, ONE);
    await closeAndCheckEmpty(f, q, a);
  });

  it("test_redteam_held_transferReturningNoDataOrHugeTrueData_countsAsPaid", async () => {
    for (const mode of [2n, 4n]) {
      const f = await networkHelpers.loadFixture(deployFixture);
      const { q, a, low } = await quirkyAuction(f);
      await q.setMode(mode);
      const tx = a.reveal(low, f.keeper);
      await expect(tx).to.not.emit(f.house, "RefundDeferred");
      await expect(tx).to.changeTokenBalance(ethers, q, f.bob, ONE);
      expect(await f.house.positionOf(a.id, f.bob.address)).to.deep.equal([POSITION.None, 0n]);
      await closeAndCheckEmpty(f, q, a);
    }
  });

  it("test_redteam_held_transferRevertingWith64KbOrReturningOneByte_defersWithBoundedGas", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const { q, a, low } = await quirkyAuction(f);
    await q.setMode(5);
    const tx = f.house.connect(f.keeper).reveal(a.id, f.bob.address, ONE, low.salt, low.deposit, low.order, { gasLimit: 3_000_000 });
    await expect(tx).to.emit(f.house, "RefundDeferred").withArgs(a.id, f.bob.address, ONE);
    expect((await (await tx).wait())!.gasUsed).to.be.lessThan(200_000n);
    await q.setMode(0);
    await expect(f.house.connect(f.bob).withdrawRefund(a.id, f.bob.address)).to.changeTokenBalance(ethers, q, f.bob, ONE);
    await closeAndCheckEmpty(f, q, a);
    // One byte of return data after moving: the balance moved, so it is paid (once).
    const g = await networkHelpers.loadFixture(deployFixture);
    const s = await quirkyAuction(g);
    await s.q.setMode(3);
    const paid = s.a.reveal(s.low, g.keeper);
    await expect(paid).to.not.emit(g.house, "RefundDeferred");
    await expect(paid).to.changeTokenBalance(ethers, s.q, g.bob, ONE);
  });

  it("test_redteam_held_tokenThatFakesSuccess_isDeferredNotMarkedPaid", async () => {
    // No return data and nothing moved: the house's balance did not drop, so the refund is still owed (a claim),
    // and a claim the token again fails to pay reverts instead of being recorded as paid.
    const f = await networkHelpers.loadFixture(deployFixture);
    const { q, a, low } = await quirkyAuction(f);
    await q.setMode(7);
    const tx = a.reveal(low, f.keeper);
    await expect(tx).to.emit(f.house, "RefundDeferred").withArgs(a.id, f.bob.address, ONE);
    await expect(tx).to.changeTokenBalance(ethers, q, f.bob, 0n);
    expect(await f.house.positionOf(a.id, f.bob.address)).to.deep.equal([POSITION.Held, ONE]);
    await expect(f.house.connect(f.bob).withdrawRefund(a.id, f.bob.address))
      .to.be.revertedWithCustomError(f.house, "TransferAmountMismatch").withArgs(await q.getAddress(), ONE, 0n);
    await q.setMode(0);
    await expect(f.house.connect(f.bob).withdrawRefund(a.id, f.bob.address)).to.changeTokenBalance(ethers, q, f.bob, ONE);
    await closeAndCheckEmpty(f, q, a);
  });
});

describe("Red team HELD: no gas budget starves the refund push yet lets the reveal succeed (rule 13)", () => {
  type Probe = RedteamGasProbe;

  /** Scans [from, to] by `step` in chunks the node accepts; returns first ok budget and counts. */
  async function scan(probe: Probe, r: Parameters<Probe["scan"]["staticCall"]>[0], from: number, to: number, step: number) {
    let firstOk = 0n, deferredOk = 0n, paidOk = 0n;
    const chunk = step * 150;
    for (let lo = from; lo <= to; lo += chunk) {
      const hi = Math.min(to, lo + chunk - step);
      const [fo, d, p] = await probe.scan.staticCall(r, lo, hi, step, { gasLimit: 16_000_000 });
      if (firstOk === 0n && fo !== 0n) firstOk = fo;
      deferredOk += d;
      paidOk += p;
    }
    return { firstOk, deferredOk, paidOk };
  }

  it("test_redteam_held_ethPush_everySuccessfulGasBudgetGivesTheReceiverTheFullCap", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const probe = await ethers.deployContract("RedteamGasProbe");
    const sensor = await ethers.deployContract("RedteamEthGasSensor");
    const a = await createAuction(f);
    const s = salt("sensor");
    await sensor.commit(f.house.target, a.id, a.commitmentFor(await sensor.getAddress(), ONE, s), { value: ONE });
    const top = await a.commit(f.alice, 3n * ONE);
    await a.toRevealPhase();
    await a.reveal(top);
    const r = { house: f.house.target, auctionId: a.id, bidder: sensor.target, amount: ONE, salt: s, deposit: ONE, order: 1n };
    const coarse = await scan(probe, r, 30_000, 150_000, 1_000);
    expect(coarse.firstOk).to.be.greaterThan(0n);
    const start = Number(coarse.firstOk) - 1_000;
    const fine = await scan(probe, r, start, start + 2_500, 1);
    expect(fine.deferredOk, "a budget that starves the sensor must revert, not defer").to.equal(0n);
    expect(fine.paidOk).to.be.greaterThan(0n);
    // And estimateGas (what a wallet or keeper uses) lands on a budget that pays.
    const limit = await f.house.connect(f.keeper).reveal.estimateGas(a.id, sensor.target, ONE, s, ONE, 1n);
    const tx = f.house.connect(f.keeper).reveal(a.id, sensor.target, ONE, s, ONE, 1n, { gasLimit: limit });
    await expect(tx).to.not.emit(f.house, "RefundDeferred");
    await expect(tx).to.changeEtherBalance(ethers, sensor, ONE);
  });

  it("test_redteam_held_tokenPush_everySuccessfulGasBudgetGivesTheTokenTheFullCap", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const probe = await ethers.deployContract("RedteamGasProbe");
    const sns = await ethers.deployContract("RedteamGasSensingERC20");
    for (const x of [f.alice, f.bob]) {
      await sns.mint(x.address, 10n * ONE);
      await sns.connect(x).approve(f.house.target, ethers.MaxUint256);
    }
    const a = await createAuction(f, { paymentToken: await sns.getAddress() });
    const top = await a.commit(f.alice, 3n * ONE);
    const low = await a.commit(f.bob, ONE);
    await a.toRevealPhase();
    await a.reveal(top);
    const r = { house: f.house.target, auctionId: a.id, bidder: f.bob.address, amount: ONE, salt: low.salt, deposit: ONE, order: low.order };
    const coarse = await scan(probe, r, 50_000, 200_000, 1_000);
    expect(coarse.firstOk).to.be.greaterThan(0n);
    const start = Number(coarse.firstOk) - 1_000;
    const fine = await scan(probe, r, start, start + 2_500, 1);
    expect(fine.deferredOk).to.equal(0n);
    expect(fine.paidOk).to.be.greaterThan(0n);
    const limit = await f.house.connect(f.keeper).reveal.estimateGas(a.id, f.bob.address, ONE, low.salt, ONE, low.order);
    const tx = f.house.connect(f.keeper).reveal(a.id, f.bob.address, ONE, low.salt, ONE, low.order, { gasLimit: limit });
    await expect(tx).to.not.emit(f.house, "RefundDeferred");
    await expect(tx).to.changeTokenBalance(ethers, sns, f.bob, ONE);
  });
});

describe("Red team HELD: phaseOf and the entry points agree at every window boundary (rules 6, 8)", () => {
  it("test_redteam_held_oneSecondReserveWindow_phaseMatchesWhatEachCallAllows", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const probe = await ethers.deployContract("RedteamPhaseProbe");
    const a = await createAuction(f, { sealedReserve: ONE, reserveWindow: 1 });
    expect(a.terms.reserveEnd).to.equal(a.terms.commitEnd + 1);
    const bid = await a.commit(f.alice, 3n * ONE);
    const iface = f.house.interface;
    const calls = {
      reveal: iface.encodeFunctionData("reveal", [a.id, f.alice.address, bid.amount, bid.salt, bid.deposit, bid.order]),
      revealReserve: iface.encodeFunctionData("revealReserve", [a.id, a.terms, ONE, a.reserveSalt]),
      settle: iface.encodeFunctionData("settle", [a.id, a.terms, ZERO_ADDRESS]),
    };
    const { commitEnd, reserveEnd, revealEnd } = a.terms;
    // [timestamp, phase, reveal ok, revealReserve ok, settle ok]
    const expected: [number, bigint, boolean, boolean, boolean][] = [
      [commitEnd - 1, PHASE.Committing, false, false, false],
      [commitEnd, PHASE.OpeningReserve, false, true, false],
      [reserveEnd, PHASE.Revealing, true, false, false],
      [revealEnd - 1, PHASE.Revealing, true, false, false],
      [revealEnd, PHASE.AwaitingSettlement, false, false, true],
    ];
    for (const [t, phase, ...oks] of expected) {
      const got: boolean[] = [];
      for (const data of Object.values(calls)) {
        const snap = await networkHelpers.takeSnapshot();
        await networkHelpers.time.setNextBlockTimestamp(t);
        // An explicit budget: the gas estimate runs on a block before `t`, where settle fails cheaply, and a
        // settlement that delivers needs its push caps (it would revert InsufficientGasForDelivery on the estimate).
        const receipt = (await (await probe.observe(f.house.target, a.id, data, { gasLimit: 1_000_000 })).wait())!;
        const ev = probe.interface.parseLog(receipt.logs.find((l) => l.address === probe.target)!)!;
        expect(ev.args.phase, `phase at ${t - commitEnd}s after commitEnd`).to.equal(phase);
        got.push(ev.args.ok);
        await snap.restore();
      }
      expect(got, `reveal/revealReserve/settle at commitEnd+${t - commitEnd}`).to.deep.equal(oks);
    }
  });

  it("test_redteam_held_sealedReserveWithZeroCommitments_burnsTheBondOrCancelReturnsIt", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const a = await createAuction(f, { sealedReserve: ONE });
    await a.toRevealPhase(); // reserveEnd passed unopened
    expect(await f.house.phaseOf(a.id)).to.equal(PHASE.AwaitingSettlement);
    const snap = await networkHelpers.takeSnapshot();
    // Settled: the withheld reserve's bond is burned, the lot goes back, nothing else moves.
    const settle = a.settle();
    await expect(settle).to.emit(f.house, "AuctionSettled").withArgs(a.id, ZERO_ADDRESS, 0n, 0n, BOND);
    await expect(settle).to.emit(f.house, "LotClaimed").withArgs(a.id, f.seller.address, f.seller.address);
    await expect(settle).not.to.emit(f.house, "ProceedsWithdrawn");
    expect(await f.house.proceedsOf(a.id, f.seller.address)).to.equal(0n);
    expect(await f.nft.ownerOf(a.terms.lotAmountOrId)).to.equal(f.seller.address);
    expect(await ethers.provider.getBalance(f.house.target)).to.equal(BOND);
    await snap.restore();
    // Note (harmless, no bid information exists): with zero commitments the seller may still cancel after the
    // reserve window and recover the bond that settlement would have burned.
    await expect(f.house.connect(f.seller).cancel(a.id, a.terms, f.seller.address)).to.changeEtherBalance(ethers, f.seller, BOND);
  });

  it("test_redteam_held_revealReserveCannotRunAfterCancelOrOutsideItsWindowAndReserveAboveMaxIsUnopenable", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const a = await createAuction(f, { sealedReserve: 1n << 112n }); // > MAX_AMOUNT: seller's own mistake
    await a.commit(f.alice, ONE);
    await a.toReservePhase();
    await expect(a.revealReserve()).to.be.revertedWithCustomError(f.house, "AmountTooLarge");
    await a.toRevealPhase();
    await expect(a.revealReserve()).to.be.revertedWithCustomError(f.house, "UnexpectedPhase");
    expect(await f.house.phaseOf(a.id)).to.equal(PHASE.Revealing);
  });
});

export type { Hex };
