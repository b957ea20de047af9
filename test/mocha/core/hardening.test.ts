/**
 * The holes the core-hardening issue closed, each written as the attack that used to work and now must fail:
 * escrow of what the seller does not own or the house cannot deliver (rule 12), a sealed reserve opened
 * after seeing bids (rule 6), a create griefed by shifting ids (rule 6), a receiver hook burning a third
 * party's gas (rule 13), and a contract seller that cannot take its lot back (cancel to a recipient).
 */
import { expect } from "chai";
import type { Address } from "viem";
import { reserveCommitment } from "../../../lib/auction.js";
import {
  BOND, ERC20_LOT, ERC721_LOT, PHASE, advanceTo, createAuction, deployFixture, ethers, networkHelpers,
  now, rawTerms, salt, type Fixture,
} from "./fixture.js";

const ONE = ethers.parseEther("1");


describe("Hardening: escrow only what the seller owns and what can be delivered (rule 12)", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  it("test_create_revertsWhen_fromIgnoringErc721ReescrowsALotTheHouseHolds", async () => {
    const ign = await ethers.deployContract("FromIgnoringERC721");
    const token = (await ign.getAddress()) as Address;
    await ign.mint(f.seller.address, 7n);
    await ign.connect(f.seller).setApprovalForAll(f.house.target, true);
    const first = await rawTerms(f, { lotToken: token, lotAmountOrId: 7n });
    await f.house.connect(f.seller).create(first);
    expect(await ign.ownerOf(7n)).to.equal(f.house.target);
    // Mallory re-escrows the lot the house already holds for auction 1, to cancel and walk off with it.
    const mallory = f.erin;
    const steal = await rawTerms(f, { seller: mallory.address as Address, lotToken: token, lotAmountOrId: 7n });
    await expect(f.house.connect(mallory).create(steal))
      .to.be.revertedWithCustomError(f.house, "LotNotOwnedBySeller").withArgs(token, 7n, f.house.target);
    expect(await ign.ownerOf(7n)).to.equal(f.house.target);
  });

  it("test_create_revertsWhen_fromIgnoringErc721PullsSomeoneElsesApprovedToken", async () => {
    const ign = await ethers.deployContract("FromIgnoringERC721");
    const token = (await ign.getAddress()) as Address;
    await ign.mint(f.alice.address, 8n);
    await ign.connect(f.alice).setApprovalForAll(f.house.target, true); // alice plans to sell it some day
    const mallory = f.erin;
    await expect(f.house.connect(mallory).create(await rawTerms(f, { seller: mallory.address as Address, lotToken: token, lotAmountOrId: 8n })))
      .to.be.revertedWithCustomError(f.house, "LotNotOwnedBySeller").withArgs(token, 8n, f.alice.address);
    expect(await ign.ownerOf(8n)).to.equal(f.alice.address);
  });

  it("test_create_revertsWhen_nftDeclaredAsErc20LotOrPayment", async () => {
    // ERC-721 id 1 would pass as "1 unit of an ERC-20": transferFrom and balanceOf share selectors.
    const nft = (await f.nft.getAddress()) as Address;
    await f.nft.mint(f.seller.address, 1n);
    await expect(f.house.create(await rawTerms(f, { lotKind: ERC20_LOT, lotToken: nft, lotAmountOrId: 1n })))
      .to.be.revertedWithCustomError(f.house, "NotAnERC20").withArgs(nft);
    await expect(f.house.create(await rawTerms(f, { lotAmountOrId: 1n, paymentToken: nft })))
      .to.be.revertedWithCustomError(f.house, "NotAnERC20").withArgs(nft);
    expect(await f.nft.ownerOf(1n)).to.equal(f.seller.address);
  });

  it("test_create_revertsWhen_erc1155DeclaredAsErc20LotOrPayment", async () => {
    const multi = await ethers.deployContract("MockERC1155");
    const token = (await multi.getAddress()) as Address;
    await multi.mint(f.seller.address, 1n, 10n);
    await multi.connect(f.seller).setApprovalForAll(f.house.target, true);
    await expect(f.house.create(await rawTerms(f, { lotKind: ERC20_LOT, lotToken: token, lotAmountOrId: 1n })))
      .to.be.revertedWithCustomError(f.house, "NotAnERC20").withArgs(token);
    await f.nft.mint(f.seller.address, 2n);
    await expect(f.house.create(await rawTerms(f, { lotAmountOrId: 2n, paymentToken: token })))
      .to.be.revertedWithCustomError(f.house, "NotAnERC20").withArgs(token);
  });

  it("test_create_revertsWhen_erc20DeclaredAsErc721Lot", async () => {
    // An ERC-20's transferFrom(seller, house, 5) would move 5 base units; it has no ownerOf.
    const lot = (await f.lotToken.getAddress()) as Address;
    const before = await f.lotToken.balanceOf(f.seller.address);
    await expect(f.house.create(await rawTerms(f, { lotKind: ERC721_LOT, lotToken: lot, lotAmountOrId: 5n })))
      .to.be.revertedWithCustomError(f.house, "LotNotOwnedBySeller").withArgs(lot, 5n, ethers.ZeroAddress);
    expect(await f.lotToken.balanceOf(f.seller.address)).to.equal(before);
  });

  it("test_create_revertsWhen_tokenHasNoCode", async () => {
    const eoa = f.keeper.address as Address;
    await f.nft.mint(f.seller.address, 3n);
    await expect(f.house.create(await rawTerms(f, { lotAmountOrId: 3n, paymentToken: eoa })))
      .to.be.revertedWithCustomError(f.house, "NotAContract").withArgs(eoa);
    await expect(f.house.create(await rawTerms(f, { lotKind: ERC20_LOT, lotToken: eoa, lotAmountOrId: 3n })))
      .to.be.revertedWithCustomError(f.house, "NotAContract").withArgs(eoa);
    await expect(f.house.create(await rawTerms(f, { lotToken: eoa, lotAmountOrId: 3n })))
      .to.be.revertedWithCustomError(f.house, "LotNotOwnedBySeller").withArgs(eoa, 3n, ethers.ZeroAddress);
  });

  it("test_create_acceptsSameErc20AsLotAndPayment", async () => {
    // Not a confusion: the house accounts for both in one balance, and conservation still closes.
    const token = (await f.payToken.getAddress()) as Address;
    const terms = await rawTerms(f, { lotKind: ERC20_LOT, lotToken: token, lotAmountOrId: 10n * ONE, paymentToken: token });
    await expect(f.house.connect(f.seller).create(terms)).to.emit(f.house, "AuctionCreated");
  });
});

describe("Hardening: the sealed reserve is fixed before any bid opens (rule 6)", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  it("test_reveal_revertsWhen_sealedReserveStillInItsWindow", async () => {
    const a = await createAuction(f, { sealedReserve: 2n * ONE });
    const bid = await a.commit(f.alice, 3n * ONE);
    await a.toReservePhase();
    expect(await f.house.phaseOf(a.id)).to.equal(PHASE.OpeningReserve);
    await expect(a.reveal(bid)).to.be.revertedWithCustomError(f.house, "ReserveNotYetOpened").withArgs(a.id, a.terms.reserveEnd);
    await expect(a.reveal(bid, f.keeper)).to.be.revertedWithCustomError(f.house, "ReserveNotYetOpened");
    expect((await a.state()).openCount).to.equal(0n);
  });

  it("test_reveal_opensAtOnceWhenTheReserveIsOpen", async () => {
    const a = await createAuction(f, { sealedReserve: 2n * ONE });
    const bid = await a.commit(f.alice, 3n * ONE);
    await a.toReservePhase();
    await a.revealReserve();
    expect(await f.house.phaseOf(a.id)).to.equal(PHASE.Revealing);
    expect(await now()).to.be.lessThan(a.terms.reserveEnd);
    await expect(a.reveal(bid)).to.emit(f.house, "BidRevealed");
    // Everything is open: settlement need not wait for revealEnd.
    expect(await f.house.phaseOf(a.id)).to.equal(PHASE.AwaitingSettlement);
    await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, f.alice.address, 2n * ONE, 2n * ONE, 0n);
  });

  it("test_freeVeto_sellerCannotOpenItsReserveAfterSeeingBids", async () => {
    // The attack: commit an unreachable reserve, watch the bids, open it only when they disappoint.
    const a = await createAuction(f, { sealedReserve: 100n * ONE });
    const bid = await a.commit(f.alice, 3n * ONE);
    await a.toReservePhase();
    await expect(a.reveal(bid)).to.be.revertedWithCustomError(f.house, "ReserveNotYetOpened");
    await a.toRevealPhase(); // the seller let the window pass
    await a.reveal(bid);
    await expect(a.revealReserve()).to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.AwaitingSettlement);
    // Withheld: the sale goes ahead at the floor and the seller's bond is burned.
    const settle = a.settle();
    await expect(settle).to.emit(f.house, "AuctionSettled").withArgs(a.id, f.alice.address, 0n, 0n, BOND);
    // Alice gets the lot and her whole deposit back (price 0); the seller gets nothing and its bond stays burned.
    await expect(settle).to.emit(f.house, "LotClaimed").withArgs(a.id, f.alice.address, f.alice.address);
    await expect(settle).to.emit(f.house, "RefundWithdrawn").withArgs(a.id, f.alice.address, f.alice.address, 3n * ONE);
    await expect(settle).not.to.emit(f.house, "ProceedsWithdrawn");
    await expect(settle).to.changeEtherBalances(ethers, [f.alice, f.seller, f.house], [3n * ONE, 0n, -3n * ONE]);
    expect(await ethers.provider.getBalance(f.house.target)).to.equal(BOND);
  });

  it("test_revealReserve_onlyInsideItsWindow", async () => {
    const a = await createAuction(f, { sealedReserve: ONE });
    await expect(a.revealReserve()).to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.Committing);
    await advanceTo(a.terms.reserveEnd - 2); // the next block is the window's last second
    await expect(a.revealReserve()).to.emit(f.house, "ReserveRevealed");
    const late = await createAuction(f, { sealedReserve: ONE });
    await late.commit(f.alice, ONE);
    await advanceTo(late.terms.reserveEnd);
    expect(await f.house.phaseOf(late.id)).to.equal(PHASE.Revealing);
    await expect(late.revealReserve()).to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(late.id, PHASE.Revealing);
  });

  it("test_settle_earlyOnlyOnceTheReserveIsNoLongerPending", async () => {
    const a = await createAuction(f, { sealedReserve: ONE });
    await a.toReservePhase();
    await expect(a.settle()).to.be.revertedWithCustomError(f.house, "RevealsOutstanding").withArgs(a.id, 0n, true);
    await advanceTo(a.terms.reserveEnd);
    // No commitment and the reserve withheld for good: nothing is left to open.
    expect(await f.house.phaseOf(a.id)).to.equal(PHASE.AwaitingSettlement);
    await expect(a.settle()).to.emit(f.house, "AuctionSettled").withArgs(a.id, ethers.ZeroAddress, 0n, 0n, BOND);
  });
});

describe("Hardening: a sealed reserve cannot be griefed by id shifting (rule 6)", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  it("test_create_frontRunnerCreatingAndCancellingCannotMakeTheSellersCreateFail", async () => {
    const house = (await f.house.getAddress()) as Address;
    // The seller prepares its sealed-reserve terms, bound to its own nonce.
    await f.nft.mint(f.seller.address, 40n);
    const nonce = await f.house.reserveNonceOf(f.seller.address);
    const commitment = reserveCommitment({ chainId: f.chainId, auctionHouse: house, nonce }, f.seller.address as Address, 2n * ONE, salt("r40"));
    expect(await f.house.reserveCommitmentOf(f.seller.address, nonce, 2n * ONE, salt("r40"))).to.equal(commitment);
    const t = await now();
    const terms = await rawTerms(f, { lotAmountOrId: 40n, sealedReserveCommitment: commitment, reserveEnd: t + 150, reserveNonce: nonce });
    // Mallory front-runs with a 1-wei auction she creates and cancels at once (the ids move).
    const mallory = f.erin;
    await f.nft.mint(mallory.address, 41n);
    await f.nft.connect(mallory).setApprovalForAll(f.house.target, true);
    const idBefore = await f.house.nextAuctionId();
    const junk = await rawTerms(f, { seller: mallory.address as Address, lotAmountOrId: 41n, bond: 1n });
    await f.house.connect(mallory).create(junk);
    await f.house.connect(mallory).cancel(idBefore, junk, mallory.address);
    expect(await f.house.reserveNonceOf(f.seller.address)).to.equal(nonce);
    // The seller's create still goes through, and its reserve opens.
    await expect(f.house.connect(f.seller).create(terms, { value: BOND })).to.emit(f.house, "AuctionCreated").withArgs(idBefore + 1n, f.seller.address, (x: unknown) => !!x);
    expect(await f.house.reserveNonceOf(f.seller.address)).to.equal(nonce + 1n);
    await advanceTo(terms.commitEnd);
    await expect(f.house.revealReserve(idBefore + 1n, terms, 2n * ONE, salt("r40"))).to.emit(f.house, "ReserveRevealed");
  });

  it("test_revealReserve_openingCannotBeReplayedInAnotherAuctionOrHouse", async () => {
    // The seller's second sealed auction reuses the first one's commitment: its nonce differs, so the
    // public opening of the first does not open the second.
    const first = await createAuction(f, { sealedReserve: ONE });
    await first.toReservePhase();
    await first.revealReserve();
    await f.nft.mint(f.seller.address, 50n);
    const t = await now();
    const nonce = await f.house.reserveNonceOf(f.seller.address);
    const reused = await rawTerms(f, {
      lotAmountOrId: 50n, sealedReserveCommitment: first.terms.sealedReserveCommitment, reserveEnd: t + 150, reserveNonce: nonce,
    });
    const id = await f.house.nextAuctionId();
    await f.house.connect(f.seller).create(reused, { value: BOND });
    await advanceTo(reused.commitEnd);
    await expect(f.house.revealReserve(id, reused, ONE, first.reserveSalt))
      .to.be.revertedWithCustomError(f.house, "ReserveOpeningMismatch").withArgs(id);
    // Another house: the same nonce, commitment and opening, but the commitment binds the first house.
    const other = await ethers.deployContract("AuctionHouse");
    await f.nft.connect(f.seller).setApprovalForAll(other.target, true);
    await f.nft.mint(f.seller.address, 51n);
    const t2 = await now();
    const copy = await rawTerms(f, {
      lotAmountOrId: 51n, sealedReserveCommitment: first.terms.sealedReserveCommitment, reserveEnd: t2 + 150, reserveNonce: 0n,
    });
    await other.connect(f.seller).create(copy, { value: BOND });
    await advanceTo(copy.commitEnd);
    await expect(other.revealReserve(1n, copy, ONE, first.reserveSalt))
      .to.be.revertedWithCustomError(other, "ReserveOpeningMismatch").withArgs(1n);
  });

  it("test_reserveCommitment_neverEqualsABidCommitment", async () => {
    const house = (await f.house.getAddress()) as Address;
    const r = await f.house.reserveCommitmentOf(f.seller.address, 1n, ONE, salt("s"));
    expect(r).to.not.equal(await f.house.commitmentOf(1n, f.seller.address, ONE, salt("s")));
    expect(r).to.equal(reserveCommitment({ chainId: f.chainId, auctionHouse: house, nonce: 1n }, f.seller.address as Address, ONE, salt("s")));
  });
});

describe("Hardening: pushes inside someone else's transaction are gas-capped (rule 13)", () => {
  async function hookedAuction(f: Fixture) {
    const hooked = await ethers.deployContract("HookedERC20");
    for (const s of [f.alice, f.bob, f.keeper]) {
      await hooked.mint(s.address, 10n * ONE);
      await hooked.connect(s).approve(f.house.target, ethers.MaxUint256);
    }
    const a = await createAuction(f, { paymentToken: await hooked.getAddress() });
    return { hooked, a };
  }

  it("test_reveal_tokenHookBurningGasCostsTheRevealerAtMostTheCap", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const { hooked, a } = await hookedAuction(f);
    const top = await a.commit(f.alice, 3n * ONE);
    // The burner: a contract bidder whose token hook burns every unit of gas it is given.
    const burner = await ethers.deployContract("BidderContract", [f.house.target]);
    await hooked.mint(burner.target, 2n * ONE);
    const honest = await a.commit(f.bob, ONE);
    await a.toRevealPhase();
    await a.reveal(top);
    const plain = (await (await a.reveal(honest, f.keeper)).wait())!.gasUsed;

    const b = await createAuction(f, { paymentToken: await hooked.getAddress() });
    const c = b.commitmentFor(await burner.getAddress(), ONE, salt("burn"));
    // The burner commits through the token: it needs an allowance from its own address.
    const burnerAddress = await burner.getAddress();
    await networkHelpers.impersonateAccount(burnerAddress);
    await networkHelpers.setBalance(burnerAddress, ONE);
    const asBurner = await ethers.getSigner(burnerAddress);
    await hooked.connect(asBurner).approve(f.house.target, ethers.MaxUint256);
    await burner.commit(b.id, c, ONE);
    await b.commit(f.alice, 3n * ONE);
    await burner.setBurnGas(true);
    await hooked.setHook(burnerAddress, true);
    await b.toRevealPhase();
    await b.reveal(b.bids.get(f.alice.address)!);
    const tx = f.house.connect(f.keeper).reveal(b.id, burnerAddress, ONE, salt("burn"), ONE, 1n, { gasLimit: 3_000_000 });
    await expect(tx).to.emit(f.house, "RefundDeferred").withArgs(b.id, burnerAddress, ONE);
    const hostile = (await (await tx).wait())!.gasUsed;
    // The keeper paid for the cap and the deferral, never for the 3M it offered.
    expect(hostile - plain).to.be.lessThan(60_000n + 30_000n);
    // Nothing is lost: the burner claims its refund (to a recipient without a hook).
    await b.toEnd();
    await b.settle();
    await burner.setBurnGas(false);
    await expect(burner.withdrawRefund(b.id, f.erin.address)).to.changeTokenBalance(ethers, hooked, f.erin, ONE);
  });

  it("test_reveal_ethReceiverBurningGasCostsTheRevealerAtMostTheCap", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const a = await createAuction(f);
    const burner = await ethers.deployContract("BidderContract", [f.house.target]);
    const c = a.commitmentFor(await burner.getAddress(), ONE, salt("burn"));
    await burner.commit(a.id, c, ONE, { value: ONE });
    const top = await a.commit(f.alice, 3n * ONE);
    const honest = await a.commit(f.bob, ONE);
    await burner.setBurnGas(true);
    await a.toRevealPhase();
    await a.reveal(top);
    const plain = (await (await a.reveal(honest, f.keeper)).wait())!.gasUsed;
    const tx = f.house.connect(f.keeper).reveal(a.id, burner.target, ONE, salt("burn"), ONE, 1n, { gasLimit: 3_000_000 });
    await expect(tx).to.emit(f.house, "RefundDeferred").withArgs(a.id, burner.target, ONE);
    const hostile = (await (await tx).wait())!.gasUsed;
    expect(hostile - plain).to.be.lessThan(30_000n + 30_000n);
  });

  it("test_reveal_revertsWhen_gasTooLowToGiveThePushItsCap", async () => {
    // A revealer who starves the push on purpose would turn the bidder's refund into a claim it must send.
    const f = await networkHelpers.loadFixture(deployFixture);
    const a = await createAuction(f);
    const top = await a.commit(f.alice, 3n * ONE);
    const low = await a.commit(f.bob, ONE);
    await a.toRevealPhase();
    await a.reveal(top);
    await expect(f.house.connect(f.keeper).reveal(a.id, f.bob.address, ONE, low.salt, low.deposit, low.order, { gasLimit: 60_000 }))
      .to.be.revertedWithCustomError(f.house, "InsufficientGasForRefund");
    await expect(a.reveal(low, f.keeper)).to.changeEtherBalance(ethers, f.bob, ONE);
  });
});

describe("Hardening: cancel pays a recipient the seller names", () => {
  it("test_cancel_contractSellerRefusingEthAndNftsTakesItsLotAndBondElsewhere", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const sellerContract = await ethers.deployContract("BidderContract", [f.house.target]);
    const sellerAddress = (await sellerContract.getAddress()) as Address;
    await f.nft.mint(sellerAddress, 60n);
    await sellerContract.approveLot(f.nft.target);
    const t = await now();
    const house = (await f.house.getAddress()) as Address;
    const commitment = reserveCommitment({ chainId: f.chainId, auctionHouse: house, nonce: 0n }, sellerAddress, ONE, salt("c"));
    const terms = await rawTerms(f, {
      seller: sellerAddress, lotAmountOrId: 60n, sealedReserveCommitment: commitment, reserveEnd: t + 150,
    });
    const id = await f.house.nextAuctionId();
    await sellerContract.create(terms, { value: BOND });
    await sellerContract.setRejects(true, true);
    await expect(sellerContract.cancel(id, terms, sellerAddress)).to.revert(ethers); // its own receivers refuse
    await expect(sellerContract.cancel(id, terms, ethers.ZeroAddress)).to.be.revertedWithCustomError(f.house, "ZeroRecipient");
    const tx = sellerContract.cancel(id, terms, f.erin.address);
    await expect(tx).to.emit(f.house, "AuctionCancelled").withArgs(id, f.erin.address);
    await expect(tx).to.changeEtherBalances(ethers, [f.erin, f.house], [BOND, -BOND]);
    expect(await f.nft.ownerOf(60n)).to.equal(f.erin.address);
  });
});
