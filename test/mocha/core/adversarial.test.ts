/**
 * The attacks of CREDIBILITY.md, each run against the real contract: what the attacker tries, and what
 * it gets (balances, events, errors), asserted exactly.
 */
import { expect } from "chai";
import { FunctionFragment } from "ethers";
import type { Address } from "viem";
import { bidCommitment } from "../../../lib/auction.js";
import {
  BOND, advanceTo, createAuction, deployFixture, ethers, networkHelpers, salt, type Fixture,
} from "./fixture.js";

const ONE = ethers.parseEther("1");

describe("Adversarial: copy a commitment", () => {
  it("test_copiedCommitment_cannotBeOpenedAndCostsTheCopierItsBond", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const a = await createAuction(f);
    const mallory = f.erin;
    const victim = await a.commit(f.alice, 2n * ONE, 2n * ONE);
    await a.commit(f.bob, ONE);
    // Mallory copies the victim's commitment byte for byte with the same deposit.
    await f.house.connect(mallory).commit(a.id, victim.commitment, 2n * ONE, { value: 2n * ONE });
    await a.toRevealPhase();
    await a.reveal(victim); // amount and salt are now public
    // Opening the copy with the victim's amount and salt fails: the commitment binds the victim's address.
    await expect(f.house.connect(mallory).reveal(a.id, mallory.address, victim.amount, victim.salt, 2n * ONE, 3n))
      .to.be.revertedWithCustomError(f.house, "OpeningMismatch").withArgs(a.id, mallory.address);
    await a.reveal(a.bids.get(f.bob.address)!);
    await a.toEnd();
    await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, f.alice.address, ONE, 0n, BOND);
    // The copier gets its deposit back less the bond, and nothing else.
    const pos = { commitment: victim.commitment, deposit: 2n * ONE, order: 3n };
    await expect(f.house.connect(mallory).withdrawUnrevealed(a.id, pos, mallory.address))
      .to.changeEtherBalance(ethers, mallory, 2n * ONE - BOND, { includeFee: false });
  });
});

describe("Adversarial: seller shills", () => {
  it("test_shillCommitAndWithhold_costsExactlyTheBondAndNobodyRecoupsIt", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    // Two identical auctions; in the second the seller adds a high shill it withholds after seeing bids,
    // plus three cheap Sybil bids it reveals.
    const honest = await createAuction(f);
    const shilled = await createAuction(f);
    const sybils = (await ethers.getSigners()).slice(10, 14);
    const [shill, ...cheap] = sybils;
    const sellerSide = [f.seller, ...sybils].map((s) => s.address);
    const balances = async () => {
      let total = 0n;
      for (const addr of sellerSide) total += await ethers.provider.getBalance(addr);
      return total;
    };
    const fees = { paid: 0n };
    const track = async (p: Promise<{ wait: () => Promise<unknown> }>) => {
      const r = (await (await p).wait()) as { gasUsed: bigint; gasPrice: bigint };
      fees.paid += r.gasUsed * r.gasPrice;
    };

    for (const a of [honest, shilled]) {
      await a.commit(f.alice, 3n * ONE);
      await a.commit(f.bob, 2n * ONE);
    }
    const before = await balances();
    const shillBid = await shilled.commit(shill, 10n * ONE, 10n * ONE);
    const cheapBids = [];
    for (const s of cheap) cheapBids.push(await shilled.commit(s, 1n, BOND));
    for (const b of [shillBid, ...cheapBids]) fees.paid += b.fee;
    await shilled.toRevealPhase();
    for (const a of [honest, shilled]) {
      await a.reveal(a.bids.get(f.alice.address)!);
      await a.reveal(a.bids.get(f.bob.address)!);
    }
    for (const b of cheapBids) await track(shilled.reveal(b));
    // Seeing alice at 3 and bob at 2, the seller withholds the shill (opening it would win its own lot).
    await shilled.toEnd();
    // The honest auction's settlement pays the seller its price too; it is set apart from the shilled one's.
    const honestSettle = honest.settle();
    await expect(honestSettle).to.changeEtherBalance(ethers, f.seller, 2n * ONE);
    const honestProceeds = 2n * ONE;
    // A keeper settles: the lot goes to alice and the price to the seller in the settlement itself.
    const settle = shilled.settle();
    await expect(settle).to.emit(f.house, "AuctionSettled").withArgs(shilled.id, f.alice.address, 2n * ONE, 0n, BOND);
    await expect(settle).to.emit(f.house, "ProceedsWithdrawn").withArgs(shilled.id, f.seller.address, f.seller.address, 2n * ONE);
    await expect(settle).to.emit(f.house, "LotClaimed").withArgs(shilled.id, f.alice.address, f.alice.address);
    // Same price as the honest auction: withholding did not move it.
    expect((await shilled.state()).runnerUp).to.equal((await honest.state()).runnerUp);

    // Every address on the seller's side claims everything it can: only the shill's unopened deposit is left.
    await expect(f.house.connect(f.seller).claimLot(shilled.id, shilled.terms, f.alice.address))
      .to.be.revertedWithCustomError(f.house, "LotAlreadyClaimed");
    await expect(f.house.connect(f.seller).withdrawProceeds(shilled.id, f.seller.address))
      .to.be.revertedWithCustomError(f.house, "NothingToWithdraw");
    await track(f.house.connect(shill).withdrawUnrevealed(shilled.id, shillBid, shill.address));
    for (const s of cheap) {
      await expect(f.house.connect(s).withdrawRefund(shilled.id, s.address))
        .to.be.revertedWithCustomError(f.house, "NothingToWithdraw"); // refunded in their reveals already
    }
    const after = await balances();
    // Net of gas, the seller's side gained the price (2) and lost exactly one bond.
    expect(after + fees.paid - before - honestProceeds).to.equal(2n * ONE - BOND);
    // The bond stays in the house for good: both settlements delivered everything else, only it remains.
    for (const a of [honest, shilled]) {
      expect(await f.nft.ownerOf(a.terms.lotAmountOrId)).to.equal(f.alice.address);
      for (const who of [f.alice, f.bob]) expect(await f.house.positionOf(a.id, who.address)).to.deep.equal([0n, 0n]);
    }
    expect(await ethers.provider.getBalance(f.house.target)).to.equal(BOND);
  });
});

describe("Adversarial: replay", () => {
  it("test_replayIntoAnotherAuctionOrHouse_cannotBeOpened", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const first = await createAuction(f);
    const second = await createAuction(f);
    const bid = await first.commit(f.alice, ONE);
    // The same commitment, replayed by the same bidder into another auction and another house deployment.
    await f.house.connect(f.alice).commit(second.id, bid.commitment, ONE, { value: ONE });
    const otherHouse = await ethers.deployContract("AuctionHouse");
    await f.nft.connect(f.seller).setApprovalForAll(otherHouse.target, true);
    await f.nft.mint(f.seller.address, 777n);
    const t = await networkHelpers.time.latest();
    const terms = { ...first.terms, lotAmountOrId: 777n, commitEnd: t + 100, revealEnd: t + 10_000 };
    await otherHouse.connect(f.seller).create(terms);
    await otherHouse.connect(f.alice).commit(1n, bid.commitment, ONE, { value: ONE });
    await second.toRevealPhase();
    await advanceTo(terms.commitEnd);
    await expect(f.house.reveal(second.id, f.alice.address, ONE, bid.salt, ONE, 1n))
      .to.be.revertedWithCustomError(f.house, "OpeningMismatch");
    await expect(otherHouse.reveal(1n, f.alice.address, ONE, bid.salt, ONE, 1n))
      .to.be.revertedWithCustomError(otherHouse, "OpeningMismatch");
    // Only the commitment made for this chain, house and auction opens.
    const domain = { chainId: f.chainId, auctionHouse: otherHouse.target as Address, auctionId: 1n };
    expect(bidCommitment(domain, f.alice.address as Address, ONE, bid.salt)).to.not.equal(bid.commitment);
    await expect(first.reveal(bid)).to.emit(f.house, "BidRevealed");
  });
});

/** An auction paid in HostileERC20; alice and bob each hold 10 and have approved the house. */
async function auctionPaidInHostileToken() {
  const f = await networkHelpers.loadFixture(deployFixture);
  const hostile = await ethers.deployContract("HostileERC20");
  for (const s of [f.alice, f.bob]) {
    await hostile.mint(s.address, 10n * ONE);
    await hostile.connect(s).approve(f.house.target, ethers.MaxUint256);
  }
  const a = await createAuction(f, { paymentToken: await hostile.getAddress() });
  return { f, hostile, a };
}

describe("Adversarial: hostile receivers and tokens", () => {
  it("test_revertingErc721Receiver_delaysOnlyItsOwnLot", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const a = await createAuction(f);
    const winner = await ethers.deployContract("BidderContract", [f.house.target]);
    const c = a.commitmentFor(await winner.getAddress(), 3n * ONE, salt("w"));
    await winner.commit(a.id, c, 3n * ONE, { value: 3n * ONE });
    const loser = await a.commit(f.bob, ONE);
    await winner.setRejects(true, true);
    await a.toRevealPhase();
    await f.house.connect(f.keeper).reveal(a.id, winner.target, 3n * ONE, salt("w"), 3n * ONE, 1n);
    await expect(a.reveal(loser)).to.changeEtherBalance(ethers, f.bob, ONE);
    await a.toEnd();
    // Settlement cannot deliver to it (its receiver refuses both): the lot, its change and the price stay claims.
    const settle = f.house.connect(f.keeper).settle(a.id, a.terms, winner.target);
    await expect(settle).to.emit(f.house, "AuctionSettled").withArgs(a.id, winner.target, ONE, 0n, 0n);
    await expect(settle).to.emit(f.house, "RefundDeferred").withArgs(a.id, winner.target, 2n * ONE);
    await expect(settle).not.to.emit(f.house, "LotClaimed");
    await expect(settle).not.to.emit(f.house, "ProceedsWithdrawn");
    await expect(settle).to.changeEtherBalances(ethers, [winner, f.seller, f.house], [0n, 0n, 0n]);
    expect(await f.house.proceedsOf(a.id, f.seller.address)).to.equal(ONE);
    expect((await a.state()).lotClaimed).to.equal(false);
    // Its own receiver refuses the token: only its claim fails, and it can name another recipient.
    await expect(winner.claimLot(a.id, a.terms, winner.target)).to.be.revertedWith("no NFT");
    await expect(f.house.connect(f.seller).withdrawProceeds(a.id, f.seller.address)).to.be.revertedWithCustomError(f.house, "LotNotDelivered");
    await winner.claimLot(a.id, a.terms, f.erin.address);
    await expect(f.house.connect(f.seller).withdrawProceeds(a.id, f.seller.address)).to.changeEtherBalance(ethers, f.seller, ONE);
    expect(await f.nft.ownerOf(a.terms.lotAmountOrId)).to.equal(f.erin.address);
    await expect(winner.withdrawRefund(a.id, f.erin.address)).to.changeEtherBalance(ethers, f.erin, 2n * ONE);
  });

  it("test_revertingEthReceiver_cannotBlockRevealsOrSettlement", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const a = await createAuction(f);
    const rejecter = await ethers.deployContract("BidderContract", [f.house.target]);
    const c = a.commitmentFor(await rejecter.getAddress(), ONE, salt("r"));
    await rejecter.commit(a.id, c, ONE, { value: ONE });
    const top = await a.commit(f.alice, 2n * ONE);
    await rejecter.setRejects(true, true);
    await a.toRevealPhase();
    await a.reveal(top);
    await expect(f.house.connect(f.keeper).reveal(a.id, rejecter.target, ONE, salt("r"), ONE, 1n))
      .to.emit(f.house, "RefundDeferred").withArgs(a.id, rejecter.target, ONE);
    const settle = a.settle();
    await expect(settle).to.emit(f.house, "AuctionSettled").withArgs(a.id, f.alice.address, ONE, 0n, 0n);
    await expect(settle).to.emit(f.house, "LotClaimed").withArgs(a.id, f.alice.address, f.alice.address);
    await expect(settle).to.changeEtherBalances(ethers, [f.alice, f.seller, rejecter], [ONE, ONE, 0n]);
    expect(await f.nft.ownerOf(a.terms.lotAmountOrId)).to.equal(f.alice.address);
  });

  it("test_hostileErc20_reentrancyFailsAndConservationHolds", async () => {
    const { f, hostile, a } = await auctionPaidInHostileToken();
    const top = await a.commit(f.alice, 3n * ONE);
    const low = await a.commit(f.bob, ONE, 2n * ONE);
    await a.toRevealPhase();
    await a.reveal(top);
    // During bob's refund the token tries to re-enter the house and withdraw alice's held deposit.
    const reenter = f.house.interface.encodeFunctionData("withdrawRefund", [a.id, await hostile.getAddress()]);
    await hostile.setReentry(f.house.target, reenter);
    await a.reveal(low);
    expect(await hostile.reentryAttempted()).to.equal(true);
    expect(await hostile.reentrySucceeded()).to.equal(false);
    // The guard refused the reentrant call; the token then completed bob's refund.
    expect(await f.house.positionOf(a.id, f.bob.address)).to.deep.equal([0n, 0n]);
    expect(await hostile.balanceOf(f.bob.address)).to.equal(10n * ONE);
    expect(await hostile.balanceOf(f.house.target)).to.equal(3n * ONE);
    await hostile.setReentry(ethers.ZeroAddress, "0x");
    await a.toEnd();
    const settle = a.settle();
    await expect(settle).to.emit(f.house, "AuctionSettled").withArgs(a.id, f.alice.address, ONE, 0n, 0n);
    await expect(settle).to.changeTokenBalances(ethers, hostile, [f.alice, f.seller, f.house], [2n * ONE, ONE, -3n * ONE]);
    expect(await f.nft.ownerOf(a.terms.lotAmountOrId)).to.equal(f.alice.address);
    expect(await hostile.balanceOf(f.house.target)).to.equal(0n);
    expect(await hostile.balanceOf(f.bob.address)).to.equal(10n * ONE);
    expect(await hostile.balanceOf(f.alice.address)).to.equal(10n * ONE - ONE);
  });

  it("test_blocklistingToken_cannotBlockSettlement", async () => {
    const { f, hostile, a } = await auctionPaidInHostileToken();
    const top = await a.commit(f.alice, 3n * ONE);
    const low = await a.commit(f.bob, ONE);
    await hostile.setBlocked(f.bob.address, true);
    await a.toRevealPhase();
    await a.reveal(top);
    await expect(a.reveal(low)).to.emit(f.house, "RefundDeferred").withArgs(a.id, f.bob.address, ONE);
    const settle = a.settle();
    await expect(settle).to.emit(f.house, "AuctionSettled").withArgs(a.id, f.alice.address, ONE, 0n, 0n);
    await expect(settle).to.changeTokenBalances(ethers, hostile, [f.alice, f.seller, f.bob], [2n * ONE, ONE, 0n]);
    await expect(f.house.connect(f.bob).withdrawRefund(a.id, f.bob.address)).to.be.revertedWith("blocked");
    // Bob names another recipient and is whole.
    await f.house.connect(f.bob).withdrawRefund(a.id, f.erin.address);
    expect(await hostile.balanceOf(f.erin.address)).to.equal(ONE);
  });

  it("test_dustCommitmentSpam_eachCostsABondAndSettlementStaysO1", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const a = await createAuction(f);
    const spammers = (await ethers.getSigners()).slice(10, 20);
    for (const s of spammers) await a.commit(s, 0n, BOND);
    const real = await a.commit(f.alice, ONE);
    await a.toRevealPhase();
    await a.reveal(real);
    await a.toEnd();
    await expect(a.settle()).to.emit(f.house, "AuctionSettled")
      .withArgs(a.id, f.alice.address, 0n, 0n, BOND * BigInt(spammers.length));
  });

  it("test_noFunctionChangesTermsAfterCreation", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const a = await createAuction(f, { floorReserve: ONE });
    await a.commit(f.alice, 2n * ONE);
    // Every function that takes terms checks them against the stored hash: a re-priced copy is refused.
    await a.toEnd();
    await expect(f.house.settle(a.id, { ...a.terms, floorReserve: 0n }, f.alice.address))
      .to.be.revertedWithCustomError(f.house, "TermsMismatch");
    const mutating = f.house.interface.fragments
      .filter((x): x is FunctionFragment => FunctionFragment.isFragment(x) && !x.constant)
      .map((x) => x.name)
      .sort();
    expect(mutating).to.deep.equal([
      "cancel", "claimLot", "commit", "commitHidden", "commitHiddenSelfOpening", "commitSelfOpening", "create",
      "pushTokenFromHouse", "recommit", "recommitSelfOpening", "recoverVault", "reveal", "revealMany", "revealReserve", "settle",
      "withdrawProceeds", "withdrawRefund", "withdrawUnrevealed",
    ]);
  });

  it("test_pushTokenFromHouse_revertsWhen_calledByAnyoneButTheHouse", async () => {
    // The house's own call frame for a contained token push: from outside it could move any auction's tokens.
    const f = await networkHelpers.loadFixture(deployFixture);
    const a = await createAuction(f, { paymentToken: await f.payToken.getAddress() });
    await a.commit(f.alice, 2n * ONE);
    const bidder = await ethers.deployContract("BidderContract", [f.house.target]);
    for (const caller of [f.alice, f.seller, f.keeper]) {
      await expect(f.house.connect(caller).pushTokenFromHouse(f.payToken.target, caller.address, 2n * ONE))
        .to.be.revertedWithCustomError(f.house, "OnlyHouse").withArgs(caller.address);
      await expect(f.house.connect(caller).pushTokenFromHouse.staticCall(f.payToken.target, caller.address, 0n))
        .to.be.revertedWithCustomError(f.house, "OnlyHouse").withArgs(caller.address);
    }
    // A contract caller (as a token hook or a receiver re-entering would be) is refused the same way.
    await networkHelpers.impersonateAccount(bidder.target as string);
    await networkHelpers.setBalance(bidder.target as string, ONE);
    const asContract = await ethers.getSigner(bidder.target as string);
    await expect(f.house.connect(asContract).pushTokenFromHouse(f.payToken.target, f.erin.address, 2n * ONE))
      .to.be.revertedWithCustomError(f.house, "OnlyHouse").withArgs(bidder.target);
    expect(await f.payToken.balanceOf(f.house.target)).to.equal(2n * ONE);
  });
});
