/**
 * Red team against the hardened core (branch `hardening`). Two kinds of tests:
 *  - FINDING: the test asserts the rule (CREDIBILITY.md) and FAILS on the current contract; the steps before the
 *    failing assertion pin the exact loss (balances, owners, events). If a fix rejects the set-up at create, the
 *    test accepts that and passes.
 *  - HELD: an attack that the hardened contract resists; the test pins the behaviour and passes.
 */
import { expect } from "chai";
import type { Address, Hex } from "viem";
import { ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../../../lib/auction.js";
import {
  AuctionDriver, BOND, ERC20_LOT, ERC721_LOT, ETH, PHASE, POSITION, createAuction, deployFixture, ethers,
  networkHelpers, now, salt, type Fixture,
} from "./fixture.js";

const ONE = ethers.parseEther("1");

async function rawTerms(f: Fixture, over: Partial<AuctionTerms> = {}): Promise<AuctionTerms> {
  const t = await now();
  return {
    seller: f.seller.address as Address, lotKind: ERC721_LOT, lotToken: (await f.nft.getAddress()) as Address, lotAmountOrId: 1n,
    paymentToken: ETH as Address, format: 0, commitEnd: t + 100, reserveEnd: 0, revealEnd: t + 200, bond: BOND,
    floorReserve: 0n, sealedReserveCommitment: ZERO_BYTES32, reserveNonce: 0n, ...over,
  };
}

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

describe("Red team FINDING: lots the house accepts but can never deliver (rules 7, 11, 12)", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  it("test_redteam_legacyErc721WithoutSafeTransferFrom_cancelCanNeverReturnTheLot", async () => {
    // CryptoKitties-style NFT: ownerOf/transferFrom work, so both escrow checks pass; there is no safeTransferFrom.
    const legacy = await ethers.deployContract("RedteamLegacyERC721");
    await legacy.mint(f.seller.address, 7n);
    await legacy.connect(f.seller).setApprovalForAll(f.house.target, true);
    const a = await createOrRefused(f, await rawTerms(f, { lotToken: (await legacy.getAddress()) as Address, lotAmountOrId: 7n }));
    if (a === undefined) return; // fixed by refusing the lot at creation
    expect(await legacy.ownerOf(7n)).to.equal(f.house.target);
    // No commitment yet, the seller may cancel (rule 7) ... but the house pushes with safeTransferFrom.
    await expect(f.house.connect(f.seller).cancel(a.id, a.terms, f.seller.address), "cancel must return the lot").to.emit(f.house, "AuctionCancelled");
  });

  it("test_redteam_legacyErc721WithoutSafeTransferFrom_winnerPaysSellerIsPaidLotLockedForever", async () => {
    const legacy = await ethers.deployContract("RedteamLegacyERC721");
    await legacy.mint(f.seller.address, 8n);
    await legacy.connect(f.seller).setApprovalForAll(f.house.target, true);
    const a = await createOrRefused(f, await rawTerms(f, { lotToken: (await legacy.getAddress()) as Address, lotAmountOrId: 8n }));
    if (a === undefined) return;
    await runTwoBidderAuction(a);
    // The seller is paid the price...
    await expect(f.house.connect(f.seller).withdrawProceeds(a.id, f.seller.address)).to.changeEtherBalance(ethers, f.seller, ONE);
    // ...the winner paid it (its 3 ETH deposit now holds only 2 ETH of change)...
    await expect(f.house.connect(f.alice).withdrawRefund(a.id, f.alice.address)).to.changeEtherBalance(ethers, f.alice, 2n * ONE);
    // ...and the lot can never leave the house: the only exit is safeTransferFrom, which the token does not have.
    expect(await legacy.ownerOf(8n)).to.equal(f.house.target);
    await expect(f.house.connect(f.alice).claimLot(a.id, a.terms, f.alice.address), "the winner must get the lot it paid for")
      .to.emit(f.house, "LotClaimed");
  });

  it("test_redteam_erc721WithoutErc165_passesAsAnErc20LotAndCanNeverBeDelivered", async () => {
    // Rule 12's ERC-165 test is opt-in: an NFT that does not implement ERC-165 passes as "1 unit of an ERC-20".
    const legacy = await ethers.deployContract("RedteamLegacyERC721");
    await legacy.mint(f.seller.address, 1n);
    await legacy.connect(f.seller).setApprovalForAll(f.house.target, true);
    const a = await createOrRefused(f, await rawTerms(f, {
      lotKind: ERC20_LOT, lotToken: (await legacy.getAddress()) as Address, lotAmountOrId: 1n,
    }));
    if (a === undefined) return; // fixed: refused as NotAnERC20 (or any other reason)
    // Escrowed: NFT #1 moved and balanceOf(house) went 0 -> 1, exactly the declared "amount".
    expect(await legacy.ownerOf(1n)).to.equal(f.house.target);
    // Delivery calls transfer(address,uint256), which an ERC-721 does not have: not even cancel gets it back.
    await expect(f.house.connect(f.seller).cancel(a.id, a.terms, f.seller.address), "a lot the house accepted must be deliverable")
      .to.emit(f.house, "AuctionCancelled");
  });

  it("test_redteam_hybrid404_anotherAuctionsCancelBurnsAnEscrowedNftLot", async () => {
    // ERC-404 (v1) hybrids pass both the ERC-721 lot checks (ownerOf before/after) and the ERC-20 checks (no
    // ERC-165): one contract, one balance for the house. Losing a whole unit burns the holder's LAST received NFT.
    const hybrid = await ethers.deployContract("RedteamHybrid404");
    const token = (await hybrid.getAddress()) as Address;
    const mallory = f.erin;
    await hybrid.mintUnits(f.seller.address, 3n); // seller: NFTs 1, 2, 3 (say #2 is the rare one)
    await hybrid.mintUnits(mallory.address, 1n); // mallory: NFT 4
    await hybrid.connect(f.seller).setApprovalForAll(f.house.target, true);
    await hybrid.connect(mallory).approve(f.house.target, ethers.MaxUint256);

    // 1. Mallory escrows one fungible unit as an ERC-20 lot: the house is minted an NFT (#5) for it.
    const bait = await createOrRefused(f, await rawTerms(f, { seller: mallory.address as Address, lotKind: ERC20_LOT, lotToken: token, lotAmountOrId: ONE }), mallory);
    // 2. The victim escrows NFT #2 as an ERC-721 lot.
    const a = await createOrRefused(f, await rawTerms(f, { lotToken: token, lotAmountOrId: 2n }));
    if (bait === undefined || a === undefined) return; // fixed: the hybrid is refused as one kind or the other
    expect(await hybrid.ownerOf(2n)).to.equal(f.house.target);
    expect(await hybrid.owned(f.house.target)).to.deep.equal([5n, 2n]);
    // 3. Mallory cancels (no commitments): the house sends one unit back, and the token burns the house's most
    //    recent NFT, which is the victim's lot. Cost to mallory: gas.
    await f.house.connect(mallory).cancel(bait.id, bait.terms, mallory.address);
    expect(await hybrid.owned(f.house.target)).to.deep.equal([5n]);
    await expect(hybrid.ownerOf(2n)).to.be.revertedWith("not found");
    // 4. The auction runs on: alice pays 1 ETH, the seller is paid, and NFT #2 no longer exists.
    await runTwoBidderAuction(a);
    await expect(f.house.connect(f.seller).withdrawProceeds(a.id, f.seller.address)).to.changeEtherBalance(ethers, f.seller, ONE);
    await expect(f.house.connect(f.alice).claimLot(a.id, a.terms, f.alice.address), "another auction must not be able to destroy an escrowed lot")
      .to.emit(f.house, "LotClaimed");
  });

  it("test_redteam_sellerFreezesItsCollectionAfterSettlement_keepsProceedsWinnerGetsNothing", async () => {
    // A fully standard ERC-721 (ERC-165, safeTransferFrom) whose admin can freeze a holder, like pausable,
    // blocklisting or transfer-validator collections. The seller is the admin (e.g. the creator selling its own).
    const frz = await ethers.deployContract("RedteamFreezableERC721"); // deployed by f.seller (first signer)
    expect(await frz.admin()).to.equal(f.seller.address);
    await frz.mint(f.seller.address, 1n);
    await frz.connect(f.seller).setApprovalForAll(f.house.target, true);
    const a = (await createOrRefused(f, await rawTerms(f, { lotToken: (await frz.getAddress()) as Address, lotAmountOrId: 1n })))!;
    await runTwoBidderAuction(a);
    await frz.connect(f.seller).setFrozen(f.house.target, true);
    const paid = await f.house.connect(f.seller).withdrawProceeds(a.id, f.seller.address).then(() => true, () => false);
    const delivered = await f.house.connect(f.alice).claimLot(a.id, a.terms, f.alice.address).then(() => true, () => false);
    expect(await frz.ownerOf(1n)).to.equal(f.house.target);
    // Today: paid === true, delivered === false: the seller keeps 1 ETH and the lot; the winner lost 1 ETH.
    expect(paid && !delivered, "the seller must not be paid for a lot that cannot leave the house").to.equal(false);
  });
});

describe("Red team FINDING: outgoing token quirks break conservation across auctions (rule 11)", () => {
  async function quirkySetup(f: Fixture) {
    const q = await ethers.deployContract("RedteamQuirkyERC20");
    for (const s of [f.alice, f.bob, f.carol, f.dave]) {
      await q.mint(s.address, 100n * ONE);
      await q.connect(s).approve(f.house.target, ethers.MaxUint256);
    }
    return q;
  }

  it("test_redteam_feeChargedOnTopOnTransferOnly_drainsAnotherAuctionsDeposits", async () => {
    // transferFrom is exact (so the inbound check passes); transfer charges the SENDER 10% on top.
    const f = await networkHelpers.loadFixture(deployFixture);
    const q = await quirkySetup(f);
    const a = await createAuction(f, { paymentToken: await q.getAddress() });
    const b = await createAuction(f, { paymentToken: await q.getAddress() });
    const carol = await b.commit(f.carol, 2n * ONE); // an unrelated auction's deposit
    await q.setMode(8);
    await runTwoBidderAuction(a); // bob's 1 refund is pushed inside his reveal: the house pays 1.1
    await f.house.connect(f.seller).withdrawProceeds(a.id, f.seller.address); // pays 1.1 for 1
    await f.house.connect(f.alice).withdrawRefund(a.id, f.alice.address); // pays 2.2 for 2
    await f.house.connect(f.alice).claimLot(a.id, a.terms, f.alice.address);
    // Auction a is closed; the house should still hold carol's 2 for auction b. It holds 1.6.
    const held = await q.balanceOf(f.house.target);
    expect(held, "the house must hold what it owes auction b").to.equal(carol.deposit);
  });

  it("test_redteam_tokenThatMovesThenReturnsFalse_refundDeferredAfterBeingPaid_paidTwiceOnceTokenHeals", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const q = await quirkySetup(f);
    const a = await createAuction(f, { paymentToken: await q.getAddress() });
    const b = await createAuction(f, { paymentToken: await q.getAddress() });
    await b.commit(f.carol, 2n * ONE);
    const top = await a.commit(f.alice, 3n * ONE);
    const low = await a.commit(f.bob, ONE);
    await a.toRevealPhase();
    await a.reveal(top);
    await q.setMode(6); // e.g. an upgradeable token mid-migration: moves the balance, returns false
    const before = await q.balanceOf(f.bob.address);
    await expect(a.reveal(low, f.keeper)).to.emit(f.house, "RefundDeferred").withArgs(a.id, f.bob.address, ONE);
    expect((await q.balanceOf(f.bob.address)) - before).to.equal(ONE); // paid...
    expect(await f.house.positionOf(a.id, f.bob.address)).to.deep.equal([POSITION.Held, ONE]); // ...and owed again
    await q.setMode(0);
    await f.house.connect(f.bob).withdrawRefund(a.id, f.bob.address);
    expect((await q.balanceOf(f.bob.address)) - before, "a refund must be paid once").to.equal(ONE);
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

  /** Finishes the auction normally and checks the house is left holding nothing of the token. */
  async function closeAndCheckEmpty(f: Fixture, q: Awaited<ReturnType<typeof quirkyAuction>>["q"], a: AuctionDriver) {
    await q.setMode(0);
    await a.toEnd();
    await a.settle();
    await f.house.connect(f.seller).withdrawProceeds(a.id, f.seller.address);
    await f.house.connect(f.alice).withdrawRefund(a.id, f.alice.address);
    await f.house.connect(f.alice).claimLot(a.id, a.terms, f.alice.address);
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
    // One byte of return data (after moving) is not a `true`: deferred, and the claim stays unpayable while the
    // token keeps answering that way (the same paid-twice hazard as returning false once it heals: see FINDING).
    const g = await networkHelpers.loadFixture(deployFixture);
    const s = await quirkyAuction(g);
    await s.q.setMode(3);
    await expect(s.a.reveal(s.low, g.keeper)).to.emit(g.house, "RefundDeferred");
    await expect(g.house.connect(g.bob).withdrawRefund(s.a.id, g.bob.address)).to.be.revertedWithCustomError(g.house, "SafeERC20FailedOperation");
  });

  it("test_redteam_held_tokenThatFakesSuccess_isTrustedLikeSafeErc20Would (documented limit)", async () => {
    // A token that returns no data and moves nothing is indistinguishable from a no-return token (USDT-style):
    // the house records the refund as paid. The loss is the token's own ledger's; pinned so a change is noticed.
    const f = await networkHelpers.loadFixture(deployFixture);
    const { q, a, low } = await quirkyAuction(f);
    await q.setMode(7);
    const tx = a.reveal(low, f.keeper);
    await expect(tx).to.not.emit(f.house, "RefundDeferred");
    await expect(tx).to.changeTokenBalance(ethers, q, f.bob, 0n);
    expect(await f.house.positionOf(a.id, f.bob.address)).to.deep.equal([POSITION.None, 0n]);
  });
});

describe("Red team HELD: no gas budget starves the refund push yet lets the reveal succeed (rule 13)", () => {
  type Probe = Awaited<ReturnType<typeof ethers.deployContract>>;

  /** Scans [from, to] by `step` in chunks the node accepts; returns first ok budget and counts. */
  async function scan(probe: Probe, r: unknown, from: number, to: number, step: number) {
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
        const receipt = (await (await probe.observe(f.house.target, a.id, data)).wait())!;
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
    await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, ZERO_ADDRESS, 0n, 0n, BOND);
    expect(await f.house.proceedsOf(a.id, f.seller.address)).to.equal(0n);
    await f.house.connect(f.seller).claimLot(a.id, a.terms, f.seller.address);
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
