/**
 * Hidden deposits (rule 16): commitHidden posts exactly the bond; the rest of the collateral is sent by a plain
 * transfer to the bid's CREATE2 vault, which only the bid's salt names. Opening (reveal / revealMany, unchanged
 * entry points) deploys the vault, which hands the house what it holds and self-destructs; the bid is valid when
 * amount <= bond + swept collateral. Whatever reaches a vault outside an opening is recoverable by the bidder after
 * the auction (recoverVault).
 */
import { expect } from "chai";
import type { Log } from "ethers";
import type { Address, Hex } from "viem";
import { positionDigest } from "../../../lib/auction.js";
import { hiddenPositionDigest, vaultAddress, vaultInitCode, vaultSalt } from "../../../lib/vault.js";
import type { HostileERC20, VaultQuirkERC20 } from "../../../typechain-types/index.js";
import {
  BOND, PHASE, POSITION, createAuction, deployFixture, ethers, networkHelpers, salt, type AuctionDriver, type Bid, type Fixture,
} from "./fixture.js";

const ONE = ethers.parseEther("1");

interface HiddenBid extends Bid {
  vault: string;
}

/** Commits `amount` with a hidden deposit (the bond only) and returns the bid with its vault. */
async function commitHidden(a: AuctionDriver, bidder: Bid["bidder"], amount: bigint, label = `hidden ${bidder.address} ${amount}`) {
  const s = salt(label);
  const commitment = a.commitmentFor(bidder.address, amount, s);
  const tx = await a.f.house.connect(bidder).commitHidden(a.id, commitment, { value: a.eth ? a.terms.bond : 0n });
  const receipt = (await tx.wait())!;
  const committed = receipt.logs.map((l) => a.f.house.interface.parseLog(l)).find((e) => e?.name === "BidCommitted")!;
  const vault = await a.f.house.vaultOf(a.id, bidder.address, s);
  const bid: HiddenBid = {
    bidder, amount, salt: s, deposit: a.terms.bond, order: committed.args.order, commitment,
    fee: receipt.gasUsed * receipt.gasPrice, vault,
  };
  a.bids.set(bidder.address, bid);
  return bid;
}

function houseEvents(f: Fixture, logs: readonly Log[]) {
  return logs.filter((l) => l.address === f.house.target).map((l) => f.house.interface.parseLog(l)!).map((e) => [e.name, ...e.args]);
}

function domainOf(a: AuctionDriver) {
  return { chainId: a.f.chainId, auctionHouse: a.f.house.target as Address, auctionId: a.id };
}

describe("AuctionHouse: hidden deposits (vaults)", () => {
  let f: Fixture;
  let a: AuctionDriver;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployFixture);
    a = await createAuction(f);
  });

  describe("vault addresses", () => {
    it("test_vaultOf_equalsLibVaultAddressAndTheCreate2FormulaForEthAndTokenAuctions", async () => {
      const t = await createAuction(f, { paymentToken: await f.payToken.getAddress() });
      for (const d of [a, t]) {
        const token = d.eth ? undefined : (d.terms.paymentToken as Address);
        for (const label of ["x", "y"]) {
          const s = salt(label);
          const onChain = await f.house.vaultOf(d.id, f.alice.address, s);
          const lib = vaultAddress(domainOf(d), f.alice.address as Address, s, token);
          expect(onChain).to.equal(lib);
          const expected = ethers.getCreate2Address(f.house.target as string, vaultSalt(domainOf(d), f.alice.address as Address, s), ethers.keccak256(vaultInitCode(token)));
          expect(onChain).to.equal(expected);
        }
      }
      expect(vaultInitCode()).to.equal("0x33ff");
      expect(ethers.dataLength(vaultInitCode(t.terms.paymentToken as Address))).to.equal(81);
    });

    it("test_vaultOf_differsForEverySaltBidderAndAuction", async () => {
      const b = await createAuction(f);
      const seen = new Set<string>();
      for (const d of [a, b]) {
        for (const who of [f.alice, f.bob]) {
          for (const label of ["s1", "s2"]) seen.add(await f.house.vaultOf(d.id, who.address, salt(label)));
        }
      }
      expect(seen.size).to.equal(8);
      // The vault salt is not the commitment: what is public (the commitment) names no vault.
      const s = salt("s1");
      const commitment = a.commitmentFor(f.alice.address, ONE, s);
      expect(vaultSalt(domainOf(a), f.alice.address as Address, s)).to.not.equal(commitment);
    });
  });

  describe("commitHidden", () => {
    it("test_commitHidden_postsExactlyTheBondEmitsCommittedThenHiddenAndStoresTheHiddenDigest", async () => {
      const s = salt("h");
      const commitment = a.commitmentFor(f.alice.address, 5n * ONE, s);
      const tx = f.house.connect(f.alice).commitHidden(a.id, commitment, { value: BOND });
      await expect(tx).to.changeEtherBalances(ethers, [f.alice, f.house], [-BOND, BOND]);
      const receipt = (await (await tx).wait())!;
      const events = houseEvents(f, receipt.logs);
      expect(events).to.deep.equal([["BidCommitted", a.id, f.alice.address, commitment, BOND, 1n], ["DepositHidden", a.id]]);
      const [status, value] = await f.house.positionOf(a.id, f.alice.address);
      expect(status).to.equal(POSITION.Sealed);
      const plain = positionDigest(commitment, BOND, 1n);
      expect(value).to.equal(BigInt(hiddenPositionDigest(plain)));
      expect(value).to.equal(await f.house.hiddenPositionDigest(commitment, BOND, 1n));
      expect(value).to.not.equal(BigInt(plain));
    });

    it("test_commitHidden_revertsWhen_valueIsNotTheBondOrCommitWouldRevert", async () => {
      const commitment = a.commitmentFor(f.alice.address, ONE, salt("v"));
      await expect(f.house.connect(f.alice).commitHidden(a.id, commitment, { value: BOND + 1n }))
        .to.be.revertedWithCustomError(f.house, "PaymentMismatch").withArgs(BOND, BOND + 1n);
      await expect(f.house.connect(f.alice).commitHidden(a.id, ethers.ZeroHash, { value: BOND }))
        .to.be.revertedWithCustomError(f.house, "ZeroCommitment");
      await f.house.connect(f.alice).commitHidden(a.id, commitment, { value: BOND });
      await expect(f.house.connect(f.alice).commitHidden(a.id, commitment, { value: BOND }))
        .to.be.revertedWithCustomError(f.house, "AlreadyCommitted");
      await a.toRevealPhase();
      await expect(f.house.connect(f.bob).commitHidden(a.id, commitment, { value: BOND }))
        .to.be.revertedWithCustomError(f.house, "UnexpectedPhase");
    });

    it("test_recommit_keepsAHiddenPositionHidden", async () => {
      const bid = await commitHidden(a, f.alice, ONE);
      const s2 = salt("new");
      const c2 = a.commitmentFor(f.alice.address, 2n * ONE, s2);
      const tx = await f.house.connect(f.alice).recommit(a.id, { commitment: bid.commitment, deposit: BOND, order: 1n }, c2, ONE, { value: ONE });
      const events = houseEvents(f, (await tx.wait())!.logs);
      expect(events).to.deep.equal([["BidCommitted", a.id, f.alice.address, c2, BOND + ONE, 1n], ["DepositHidden", a.id]]);
      expect((await f.house.positionOf(a.id, f.alice.address))[1]).to.equal(await f.house.hiddenPositionDigest(c2, BOND + ONE, 1n));
      // The new salt's vault counts at opening: bond + top-up + its vault.
      const vault2 = await f.house.vaultOf(a.id, f.alice.address, s2);
      await f.carol.sendTransaction({ to: vault2, value: ONE });
      await a.toRevealPhase();
      await expect(f.house.connect(f.keeper).reveal(a.id, f.alice.address, 2n * ONE, s2, BOND + ONE, 1n))
        .to.emit(f.house, "VaultSwept").withArgs(a.id, f.alice.address, vault2, ONE)
        .and.to.emit(f.house, "BidRevealed").withArgs(a.id, f.alice.address, 2n * ONE, s2, true);
      expect((await f.house.positionOf(a.id, f.alice.address))[1]).to.equal(BOND + 2n * ONE);
    });

    it("test_commitHiddenSelfOpening_emitsCommittedHiddenAttachedAndOpensWithItsVault", async () => {
      const s = salt("self hidden");
      const commitment = a.commitmentFor(f.alice.address, 2n * ONE, s);
      const sealed = ethers.hexlify(ethers.randomBytes(417));
      const tx = await f.house.connect(f.alice).commitHiddenSelfOpening(a.id, commitment, sealed, { value: BOND });
      expect(houseEvents(f, (await tx.wait())!.logs)).to.deep.equal([
        ["BidCommitted", a.id, f.alice.address, commitment, BOND, 1n], ["DepositHidden", a.id], ["SelfOpeningAttached", a.id, f.alice.address, sealed],
      ]);
      await expect(f.house.connect(f.alice).commitHiddenSelfOpening(a.id, commitment, "0x", { value: BOND }))
        .to.be.revertedWithCustomError(f.house, "SealedOpeningLength");
      // The decrypted opening (amount, salt) is all a keeper needs: the salt names the vault.
      const vault = vaultAddress(domainOf(a), f.alice.address as Address, s);
      await f.bob.sendTransaction({ to: vault, value: 2n * ONE });
      await a.toRevealPhase();
      await expect(f.house.connect(f.keeper).revealMany(a.id, [{ bidder: f.alice.address, amount: 2n * ONE, salt: s, deposit: BOND, order: 1n }]))
        .to.emit(f.house, "VaultSwept").withArgs(a.id, f.alice.address, vault, 2n * ONE);
      expect((await a.state()).bestAmount).to.equal(2n * ONE);
    });
  });

  describe("opening sweeps the vault (ETH)", () => {
    it("test_reveal_hiddenLoserSweepsItsVaultAndIsRefundedBondPlusCollateral", async () => {
      const top = await a.commit(f.bob, 5n * ONE);
      const bid = await commitHidden(a, f.alice, ONE);
      // Funded from an unrelated account by a plain transfer; nothing is deployed there.
      await f.carol.sendTransaction({ to: bid.vault, value: 2n * ONE });
      expect(await ethers.provider.getCode(bid.vault)).to.equal("0x");
      await a.toRevealPhase();
      await a.reveal(top, f.keeper);
      const tx = f.house.connect(f.keeper).reveal(a.id, f.alice.address, ONE, bid.salt, BOND, bid.order);
      await expect(tx).to.changeEtherBalances(ethers, [f.alice, f.house, f.keeper], [BOND + 2n * ONE, -BOND, 0n]);
      const receipt = (await (await tx).wait())!;
      expect(houseEvents(f, receipt.logs)).to.deep.equal([
        ["VaultSwept", a.id, f.alice.address, bid.vault, 2n * ONE], ["BidRevealed", a.id, f.alice.address, ONE, bid.salt, true],
      ]);
      expect(await ethers.provider.getBalance(bid.vault)).to.equal(0n);
      expect(await ethers.provider.getCode(bid.vault)).to.equal("0x");
      expect((await f.house.positionOf(a.id, f.alice.address))[0]).to.equal(POSITION.None);
      expect((await a.state()).runnerUp).to.equal(ONE);
    });

    it("test_reveal_hiddenLeaderHoldsBondPlusCollateralAndPaysThePriceFromIt", async () => {
      const low = await a.commit(f.bob, ONE);
      const bid = await commitHidden(a, f.alice, 3n * ONE);
      await f.carol.sendTransaction({ to: bid.vault, value: 4n * ONE });
      await a.toRevealPhase();
      await a.reveal(low, f.keeper);
      // Alice's hidden bid displaces bob, whose deposit comes back in her opening.
      await expect(f.house.connect(f.keeper).reveal(a.id, f.alice.address, 3n * ONE, bid.salt, BOND, bid.order))
        .to.changeEtherBalances(ethers, [f.bob, f.alice, f.house], [ONE, 0n, 4n * ONE - ONE]);
      const [status, held] = await f.house.positionOf(a.id, f.alice.address);
      expect(status).to.equal(POSITION.Held);
      expect(held).to.equal(BOND + 4n * ONE);
      // Settlement pays the price (bob's 1) from bond + collateral and pushes alice the rest.
      const settle = f.house.connect(f.keeper).settle(a.id, a.terms, f.alice.address);
      await expect(settle).to.emit(f.house, "RefundWithdrawn").withArgs(a.id, f.alice.address, f.alice.address, BOND + 4n * ONE - ONE);
      await expect(settle).to.changeEtherBalances(
        ethers, [f.alice, f.seller, f.house], [BOND + 4n * ONE - ONE, ONE, -(BOND + 4n * ONE)],
      );
      expect((await a.state()).winner).to.equal(f.alice.address);
      expect(await f.house.positionOf(a.id, f.alice.address)).to.deep.equal([POSITION.None, 0n]);
      await expect(f.house.connect(f.alice).withdrawRefund(a.id, f.alice.address))
        .to.be.revertedWithCustomError(f.house, "NothingToWithdraw").withArgs(a.id, f.alice.address);
    });

    it("test_reveal_overDepositBeyondBondPlusSweptForfeitsTheBondAndRefundsTheSwept", async () => {
      const bid = await commitHidden(a, f.alice, 3n * ONE);
      await f.carol.sendTransaction({ to: bid.vault, value: ONE }); // partly funded: bond + 1 < 3
      await a.toRevealPhase();
      const tx = f.house.connect(f.keeper).reveal(a.id, f.alice.address, 3n * ONE, bid.salt, BOND, bid.order);
      await expect(tx).to.changeEtherBalances(ethers, [f.alice, f.house], [ONE, 0n]);
      await expect(tx).to.emit(f.house, "BidRevealed").withArgs(a.id, f.alice.address, 3n * ONE, bid.salt, false);
      expect((await a.state()).forfeitCount).to.equal(1n);
      await a.toEnd();
      await expect(f.house.settle(a.id, a.terms, ethers.ZeroAddress)).to.emit(f.house, "AuctionSettled").withArgs(a.id, ethers.ZeroAddress, 0n, 0n, BOND);
    });

    it("test_reveal_emptyVaultCountsTheBondOnly", async () => {
      const within = await commitHidden(a, f.alice, BOND);
      const above = await commitHidden(a, f.bob, BOND + 1n);
      await a.toRevealPhase();
      await expect(f.house.reveal(a.id, f.alice.address, BOND, within.salt, BOND, within.order))
        .to.emit(f.house, "VaultSwept").withArgs(a.id, f.alice.address, within.vault, 0n)
        .and.to.emit(f.house, "BidRevealed").withArgs(a.id, f.alice.address, BOND, within.salt, true);
      await expect(f.house.reveal(a.id, f.bob.address, BOND + 1n, above.salt, BOND, above.order))
        .to.emit(f.house, "BidRevealed").withArgs(a.id, f.bob.address, BOND + 1n, above.salt, false);
    });

    it("test_reveal_plainOpeningOfAHiddenPositionAndViceVersaFail", async () => {
      const hidden = await commitHidden(a, f.alice, ONE);
      const plain = await a.commit(f.bob, ONE, 2n * ONE);
      // The plain bid's own vault holds funds: a plain opening never sweeps.
      const bobVault = await f.house.vaultOf(a.id, f.bob.address, plain.salt);
      await f.carol.sendTransaction({ to: bobVault, value: ONE });
      await a.toRevealPhase();
      // A wrong deposit matches neither digest.
      await expect(f.house.reveal(a.id, f.alice.address, ONE, hidden.salt, 2n * BOND, hidden.order))
        .to.be.revertedWithCustomError(f.house, "OpeningMismatch");
      const tx = await a.reveal(plain, f.keeper);
      expect(houseEvents(f, (await tx.wait())!.logs).map((e) => e[0])).to.deep.equal(["BidRevealed"]);
      expect(await ethers.provider.getBalance(bobVault)).to.equal(ONE);
    });

    it("test_reveal_revertsWhen_gasTooLowForTheVaultSweep", async () => {
      const bid = await commitHidden(a, f.alice, ONE);
      await f.carol.sendTransaction({ to: bid.vault, value: 2n * ONE });
      await a.toRevealPhase();
      await expect(f.house.connect(f.keeper).reveal(a.id, f.alice.address, ONE, bid.salt, BOND, bid.order, { gasLimit: 60_000 }))
        .to.be.revertedWithCustomError(f.house, "InsufficientGasForVault");
      expect(await ethers.provider.getBalance(bid.vault)).to.equal(2n * ONE);
      expect((await f.house.positionOf(a.id, f.alice.address))[0]).to.equal(POSITION.Sealed);
    });
  });

  describe("revealMany", () => {
    it("test_revealMany_sweepsHiddenEntriesOnceAndSkipsDuplicatesBeforeAnyCreate2", async () => {
      const top = await a.commit(f.dave, 9n * ONE);
      const h1 = await commitHidden(a, f.alice, ONE);
      const h2 = await commitHidden(a, f.bob, 2n * ONE);
      await f.carol.sendTransaction({ to: h1.vault, value: ONE });
      await f.carol.sendTransaction({ to: h2.vault, value: 3n * ONE });
      await a.toRevealPhase();
      const o1 = { bidder: f.alice.address, amount: ONE, salt: h1.salt, deposit: BOND, order: h1.order };
      const o2 = { bidder: f.bob.address, amount: 2n * ONE, salt: h2.salt, deposit: BOND, order: h2.order };
      const oTop = { bidder: f.dave.address, amount: top.amount, salt: top.salt, deposit: top.deposit, order: top.order };
      const tx = f.house.connect(f.keeper).revealMany(a.id, [oTop, o1, o1, o2, o1, o2], { gasLimit: 2_000_000 });
      await expect(tx).to.changeEtherBalances(ethers, [f.alice, f.bob, f.house], [BOND + ONE, BOND + 3n * ONE, -2n * BOND]);
      const receipt = (await (await tx).wait())!;
      expect(receipt.gasUsed).to.be.lessThan(400_000n); // no duplicate CREATE2 burned its gas
      expect(houseEvents(f, receipt.logs).map((e) => e[0])).to.deep.equal([
        "BidRevealed", "VaultSwept", "BidRevealed", "VaultSwept", "BidRevealed",
      ]);
      const st = await a.state();
      expect(st.openCount).to.equal(3n);
      expect(st.runnerUp).to.equal(2n * ONE);
    });

    it("test_revealMany_overDepositHiddenEntryForfeitsItsBond", async () => {
      const h = await commitHidden(a, f.alice, 5n * ONE);
      await f.carol.sendTransaction({ to: h.vault, value: ONE });
      await a.toRevealPhase();
      const tx = f.house.revealMany(a.id, [{ bidder: f.alice.address, amount: 5n * ONE, salt: h.salt, deposit: BOND, order: h.order }]);
      await expect(tx).to.changeEtherBalances(ethers, [f.alice, f.house], [ONE, 0n]);
      expect((await a.state()).forfeitCount).to.equal(1n);
    });
  });

  describe("recoverVault", () => {
    it("test_recoverVault_lateFundsAfterTheSweepAreRecoveredAfterTheAuctionByTheBidderOnly", async () => {
      const bid = await commitHidden(a, f.alice, ONE);
      await f.carol.sendTransaction({ to: bid.vault, value: 2n * ONE });
      await a.toRevealPhase();
      await f.house.reveal(a.id, f.alice.address, ONE, bid.salt, BOND, bid.order);
      await f.carol.sendTransaction({ to: bid.vault, value: ONE }); // late: after the sweep
      await expect(f.house.connect(f.alice).recoverVault(a.id, bid.salt, f.erin.address))
        .to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.AwaitingSettlement);
      await f.house.settle(a.id, a.terms, f.alice.address);
      // Anyone else with the (now public) salt derives its own, empty vault.
      await expect(f.house.connect(f.bob).recoverVault(a.id, bid.salt, f.bob.address))
        .to.be.revertedWithCustomError(f.house, "NothingToWithdraw").withArgs(a.id, f.bob.address);
      await expect(f.house.connect(f.alice).recoverVault(a.id, bid.salt, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.house, "ZeroRecipient");
      const tx = f.house.connect(f.alice).recoverVault(a.id, bid.salt, f.erin.address);
      await expect(tx).to.changeEtherBalances(ethers, [f.erin, f.house], [ONE, 0n]);
      await expect(tx).to.emit(f.house, "VaultRecovered").withArgs(a.id, f.alice.address, bid.vault, f.erin.address, ONE, 0n);
      expect(await ethers.provider.getBalance(bid.vault)).to.equal(0n);
      // Re-funded: the address can be swept again.
      await f.carol.sendTransaction({ to: bid.vault, value: 3n });
      await expect(f.house.connect(f.alice).recoverVault(a.id, bid.salt, f.erin.address)).to.changeEtherBalances(ethers, [f.erin], [3n]);
      await expect(f.house.connect(f.alice).recoverVault(a.id, bid.salt, f.erin.address))
        .to.be.revertedWithCustomError(f.house, "NothingToWithdraw");
    });

    it("test_recoverVault_unopenedHiddenBidWithdrawsZeroAndRecoversItsVault", async () => {
      const bid = await commitHidden(a, f.alice, ONE);
      await f.carol.sendTransaction({ to: bid.vault, value: 2n * ONE });
      await a.toEnd();
      const position = { commitment: bid.commitment, deposit: BOND, order: bid.order };
      await expect(f.house.connect(f.alice).withdrawUnrevealed(a.id, position, f.alice.address))
        .to.emit(f.house, "RefundWithdrawn").withArgs(a.id, f.alice.address, f.alice.address, 0n);
      await expect(f.house.connect(f.alice).recoverVault(a.id, bid.salt, f.alice.address))
        .to.changeEtherBalances(ethers, [f.alice, f.house], [2n * ONE, 0n]);
      await expect(f.house.settle(a.id, a.terms, ethers.ZeroAddress)).to.emit(f.house, "AuctionSettled").withArgs(a.id, ethers.ZeroAddress, 0n, 0n, BOND);
      expect(await ethers.provider.getBalance(f.house.target)).to.equal(BOND); // only the burned bond
    });

    it("test_recoverVault_aCancelledAuctionsVaultIsRecoverable", async () => {
      const s = salt("cancelled");
      const vault = await f.house.vaultOf(a.id, f.alice.address, s);
      await f.carol.sendTransaction({ to: vault, value: ONE });
      await f.house.connect(f.seller).cancel(a.id, a.terms, f.seller.address);
      await expect(f.house.connect(f.alice).recoverVault(a.id, s, f.alice.address)).to.changeEtherBalances(ethers, [f.alice], [ONE]);
      await expect(f.house.connect(f.alice).recoverVault(999n, s, f.alice.address)).to.be.revertedWithCustomError(f.house, "AuctionNotFound");
    });

    it("test_recoverVault_twiceInOneTransactionMovesNothingTheSecondTimeAndBurnsNoGas", async () => {
      const bid = await commitHidden(a, f.alice, ONE);
      await a.toEnd();
      await f.house.settle(a.id, a.terms, ethers.ZeroAddress);
      const probe = await ethers.deployContract("VaultRecoveryProbe", [f.house.target]);
      const s2 = salt("probe");
      const probeVault = await f.house.vaultOf(a.id, await probe.getAddress(), s2);
      await f.carol.sendTransaction({ to: probeVault, value: ONE });
      const tx = await probe.recoverTwice(a.id, s2, { gasLimit: 3_000_000 });
      const receipt = (await tx.wait())!;
      expect(receipt.gasUsed).to.be.lessThan(200_000n);
      expect(await probe.secondSucceeded()).to.equal(false); // NothingToWithdraw, not a burned CREATE2
      expect(await ethers.provider.getBalance(probe.target)).to.equal(ONE);
      expect(bid.vault).to.not.equal(probeVault);
    });
  });

  describe("ERC-20 payment", () => {
    let t: AuctionDriver;
    let quirk: VaultQuirkERC20;
    beforeEach(async () => {
      quirk = await ethers.deployContract("VaultQuirkERC20");
      for (const s of [f.alice, f.bob, f.carol]) {
        await quirk.mint(s.address, 100n * ONE);
        await quirk.connect(s).approve(f.house.target, ethers.MaxUint256);
      }
      t = await createAuction(f, { paymentToken: await quirk.getAddress() });
    });

    it("test_reveal_tokenVaultCreditsTheTokenAndSetsAsideEthRecoverableAfterwards", async () => {
      const bid = await commitHidden(t, f.alice, ONE);
      await quirk.connect(f.carol).transfer(bid.vault, 2n * ONE);
      await f.carol.sendTransaction({ to: bid.vault, value: 7n }); // ETH in a token auction
      await t.toRevealPhase();
      const tx = f.house.connect(f.keeper).reveal(t.id, f.alice.address, ONE, bid.salt, BOND, bid.order);
      await expect(tx).to.changeTokenBalances(ethers, quirk, [f.alice, f.house, bid.vault], [0n, 2n * ONE, -2n * ONE]);
      await expect(tx).to.changeEtherBalances(ethers, [f.house], [7n]);
      const receipt = (await (await tx).wait())!;
      expect(houseEvents(f, receipt.logs)).to.deep.equal([
        ["VaultSwept", t.id, f.alice.address, bid.vault, 2n * ONE], ["VaultSetAside", t.id, f.alice.address, 0n, 7n],
        ["BidRevealed", t.id, f.alice.address, ONE, bid.salt, true],
      ]);
      expect((await f.house.positionOf(t.id, f.alice.address))[1]).to.equal(BOND + 2n * ONE); // the sole bid leads
      await t.toEnd();
      await f.house.settle(t.id, t.terms, f.alice.address);
      const rec = f.house.connect(f.alice).recoverVault(t.id, bid.salt, f.erin.address);
      await expect(rec).to.changeEtherBalances(ethers, [f.erin, f.house], [7n, -7n]);
      await expect(rec).to.emit(f.house, "VaultRecovered").withArgs(t.id, f.alice.address, bid.vault, f.erin.address, 0n, 7n);
    });

    it("test_reveal_feeOnTheVaultsTransferCreditsWhatArrived", async () => {
      const bid = await commitHidden(t, f.alice, ONE);
      await quirk.connect(f.carol).transfer(bid.vault, 2n * ONE);
      await quirk.configure(bid.vault, 1, false);
      await t.toRevealPhase();
      const tx = f.house.reveal(t.id, f.alice.address, ONE, bid.salt, BOND, bid.order);
      await expect(tx).to.emit(f.house, "VaultSwept").withArgs(t.id, f.alice.address, bid.vault, (2n * ONE * 9n) / 10n);
      expect((await f.house.positionOf(t.id, f.alice.address))[1]).to.equal(BOND + (2n * ONE * 9n) / 10n);
    });

    it("test_reveal_transferThatMovesAndReturnsFalseIsStillCredited", async () => {
      const bid = await commitHidden(t, f.alice, ONE);
      await quirk.connect(f.carol).transfer(bid.vault, 2n * ONE);
      await quirk.configure(bid.vault, 3, false);
      await t.toRevealPhase();
      await expect(f.house.reveal(t.id, f.alice.address, ONE, bid.salt, BOND, bid.order))
        .to.emit(f.house, "VaultSwept").withArgs(t.id, f.alice.address, bid.vault, 2n * ONE);
    });

    it("test_reveal_lyingBalanceOfCreditsWhatArrivedAndTheRestIsRecoverable", async () => {
      const bid = await commitHidden(t, f.alice, ONE);
      await quirk.connect(f.carol).transfer(bid.vault, 2n * ONE);
      await quirk.configure(bid.vault, 0, true); // the vault is told it holds half
      await t.toRevealPhase();
      await expect(f.house.reveal(t.id, f.alice.address, ONE, bid.salt, BOND, bid.order))
        .to.emit(f.house, "VaultSwept").withArgs(t.id, f.alice.address, bid.vault, ONE);
      expect(await quirk.balanceOf(f.house.target)).to.equal(BOND + ONE);
      await t.toEnd();
      await quirk.configure(ethers.ZeroAddress, 0, false);
      await expect(f.house.connect(f.alice).recoverVault(t.id, bid.salt, f.alice.address))
        .to.changeTokenBalances(ethers, quirk, [f.alice, bid.vault], [ONE, -ONE]);
    });

    it("test_reveal_refusingTransferCreditsNothingTheBidIsInvalidAndTheTokensStayRecoverable", async () => {
      const bid = await commitHidden(t, f.alice, ONE);
      await quirk.connect(f.carol).transfer(bid.vault, 2n * ONE);
      await quirk.configure(bid.vault, 2, false);
      await t.toRevealPhase();
      await expect(f.house.reveal(t.id, f.alice.address, ONE, bid.salt, BOND, bid.order))
        .to.emit(f.house, "BidRevealed").withArgs(t.id, f.alice.address, ONE, bid.salt, false);
      expect(await quirk.balanceOf(bid.vault)).to.equal(2n * ONE);
      expect((await t.state()).forfeitCount).to.equal(1n);
      await t.toEnd();
      await quirk.configure(ethers.ZeroAddress, 0, false);
      await expect(f.house.connect(f.alice).recoverVault(t.id, bid.salt, f.alice.address))
        .to.changeTokenBalances(ethers, quirk, [f.alice], [2n * ONE]);
    });

    it("test_reveal_reenteringTokenHookCannotActOnTheHouseMidSweep", async () => {
      const hostile: HostileERC20 = await ethers.deployContract("HostileERC20");
      for (const s of [f.alice, f.carol]) {
        await hostile.mint(s.address, 100n * ONE);
        await hostile.connect(s).approve(f.house.target, ethers.MaxUint256);
      }
      const h = await createAuction(f, { paymentToken: await hostile.getAddress() });
      const bid = await commitHidden(h, f.alice, ONE);
      await hostile.connect(f.carol).transfer(bid.vault, 2n * ONE);
      await h.toRevealPhase();
      // The hook tries to open the same bid again from inside the vault's transfer.
      const data = f.house.interface.encodeFunctionData("reveal", [h.id, f.alice.address, ONE, bid.salt, BOND, bid.order]);
      await hostile.setReentry(f.house.target, data);
      await expect(f.house.reveal(h.id, f.alice.address, ONE, bid.salt, BOND, bid.order))
        .to.emit(f.house, "VaultSwept").withArgs(h.id, f.alice.address, bid.vault, 2n * ONE);
      expect(await hostile.reentryAttempted()).to.equal(true);
      expect(await hostile.reentrySucceeded()).to.equal(false);
      expect((await h.state()).openCount).to.equal(1n);
    });

    it("test_commitHidden_feeOnTransferPaymentTokenIsRefusedAtTheBond", async () => {
      const fee = await ethers.deployContract("FeeOnTransferERC20");
      await fee.mint(f.alice.address, 100n * ONE);
      await fee.connect(f.alice).approve(f.house.target, ethers.MaxUint256);
      const ft = await createAuction(f, { paymentToken: await fee.getAddress() });
      const commitment = ft.commitmentFor(f.alice.address, ONE, salt("fee"));
      await expect(f.house.connect(f.alice).commitHidden(ft.id, commitment))
        .to.be.revertedWithCustomError(f.house, "TransferAmountMismatch").withArgs(await fee.getAddress(), BOND, BOND - BOND / 100n);
    });

    it("test_reveal_revertsWhen_gasTooLowForATokenVaultSweep", async () => {
      const bid = await commitHidden(t, f.alice, ONE);
      await quirk.connect(f.carol).transfer(bid.vault, 2n * ONE);
      await t.toRevealPhase();
      await expect(f.house.reveal(t.id, f.alice.address, ONE, bid.salt, BOND, bid.order, { gasLimit: 150_000 }))
        .to.be.revertedWithCustomError(f.house, "InsufficientGasForVault");
    });
  });

  it("test_fullAuction_hiddenAndPlainBidsLeaveOnlyBurnedBondsAfterEveryClaim", async () => {
    const plain = await a.commit(f.bob, 2n * ONE, 3n * ONE);
    const winner = await commitHidden(a, f.alice, 4n * ONE);
    const unopened = await commitHidden(a, f.carol, ONE);
    await f.dave.sendTransaction({ to: winner.vault, value: 5n * ONE });
    await f.dave.sendTransaction({ to: unopened.vault, value: ONE });
    await a.toRevealPhase();
    // Bob leads, then alice's hidden bid displaces him: his deposit comes back in the same batch.
    const batch = f.house.connect(f.keeper).revealMany(a.id, [
      { bidder: f.bob.address, amount: plain.amount, salt: plain.salt, deposit: plain.deposit, order: plain.order },
      { bidder: f.alice.address, amount: 4n * ONE, salt: winner.salt, deposit: BOND, order: winner.order },
    ]);
    await expect(batch).to.changeEtherBalances(ethers, [f.bob, f.alice, f.house], [3n * ONE, 0n, 5n * ONE - 3n * ONE]);
    await a.toEnd();
    // Settlement delivers: the lot, alice's change (bond + 5 - 2) and the price.
    const settle = f.house.connect(f.keeper).settle(a.id, a.terms, f.alice.address);
    await expect(settle).to.changeEtherBalances(ethers, [f.alice, f.seller, f.bob], [BOND + 3n * ONE, 2n * ONE, 0n]);
    expect(await f.nft.ownerOf(a.terms.lotAmountOrId)).to.equal(f.alice.address);
    for (const who of [f.alice, f.bob]) {
      await expect(f.house.connect(who).withdrawRefund(a.id, who.address)).to.be.revertedWithCustomError(f.house, "NothingToWithdraw");
    }
    await f.house.connect(f.carol).withdrawUnrevealed(a.id, { commitment: unopened.commitment, deposit: BOND, order: unopened.order }, f.carol.address);
    await f.house.connect(f.carol).recoverVault(a.id, unopened.salt, f.carol.address);
    expect(await ethers.provider.getBalance(f.house.target)).to.equal(BOND);
    expect(await ethers.provider.getBalance(unopened.vault)).to.equal(0n);
  });
});

export type { Hex };
