import { expect } from "chai";
import { hashTerms, ZERO_BYTES32 } from "../../../lib/auction.js";
import {
  BOND, PHASE, createAuction, deployFixture, ERC20_LOT, ERC721_LOT, ethers, FIRST_PRICE, networkHelpers, now, salt, type Fixture,
} from "./fixture.js";


describe("AuctionHouse: create", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  it("test_create_escrowsErc721AndStoresHashedTerms", async () => {
    const a = await createAuction(f);
    expect(await f.nft.ownerOf(a.terms.lotAmountOrId)).to.equal(await f.house.getAddress());
    await expect(a.createTx).to.emit(f.house, "AuctionCreated");
    const s = await a.state();
    expect(s.termsHash).to.equal(hashTerms(a.terms));
    expect(await f.house.hashTerms(a.terms)).to.equal(hashTerms(a.terms));
    expect(s.phase).to.equal(PHASE.Committing);
    expect(s.bond).to.equal(BOND);
    expect(s.ethPayment).to.equal(true);
    expect(s.bestOrder).to.equal(0xffffffffn);
    expect(await f.house.nextAuctionId()).to.equal(a.id + 1n);
  });

  it("test_create_emitsFullTerms", async () => {
    const a = await createAuction(f, { format: FIRST_PRICE, floorReserve: 7n });
    const receipt = await a.createTx.wait();
    const ev = f.house.interface.parseLog(receipt!.logs.find((l) => l.address === f.house.target)!)!;
    expect(ev.name).to.equal("AuctionCreated");
    expect(ev.args.auctionId).to.equal(a.id);
    expect(ev.args.seller).to.equal(f.seller.address);
    expect(ev.args.terms.format).to.equal(BigInt(FIRST_PRICE));
    expect(ev.args.terms.floorReserve).to.equal(7n);
    expect(ev.args.terms.commitEnd).to.equal(BigInt(a.terms.commitEnd));
  });

  it("test_create_escrowsErc20LotAndErc20ReserveBond", async () => {
    const before = await f.lotToken.balanceOf(f.seller.address);
    const payBefore = await f.payToken.balanceOf(f.seller.address);
    const a = await createAuction(f, { lotKind: ERC20_LOT, paymentToken: await f.payToken.getAddress(), sealedReserve: 5n });
    expect(await f.lotToken.balanceOf(f.seller.address)).to.equal(before - a.terms.lotAmountOrId);
    expect(await f.lotToken.balanceOf(f.house.target)).to.equal(a.terms.lotAmountOrId);
    expect(await f.payToken.balanceOf(f.seller.address)).to.equal(payBefore - BOND);
    expect((await a.state()).sealedReserve).to.equal(true);
  });

  it("test_create_sealedReserveTakesEthBond", async () => {
    const before = await ethers.provider.getBalance(f.house.target);
    await createAuction(f, { sealedReserve: ethers.parseEther("1") });
    expect(await ethers.provider.getBalance(f.house.target)).to.equal(before + BOND);
  });

  describe("reverts", () => {
    let tokenId = 1000n;
    async function terms(over: Record<string, unknown> = {}) {
      const t = await now();
      await f.nft.mint(f.seller.address, ++tokenId);
      return {
        seller: f.seller.address, lotKind: ERC721_LOT, lotToken: await f.nft.getAddress(), lotAmountOrId: tokenId,
        paymentToken: ethers.ZeroAddress, format: 0, commitEnd: t + 100, revealEnd: t + 200, bond: BOND,
        floorReserve: 0n, sealedReserveCommitment: ZERO_BYTES32, reserveEnd: 0, reserveNonce: 0n, ...over,
      };
    }

    it("test_create_revertsWhen_callerIsNotSeller", async () => {
      await expect(f.house.connect(f.alice).create(await terms()))
        .to.be.revertedWithCustomError(f.house, "NotSeller").withArgs(f.alice.address, f.seller.address);
    });

    it("test_create_revertsWhen_windowsInvalid", async () => {
      const t = await now();
      await expect(f.house.create(await terms({ commitEnd: t - 1 }))).to.be.revertedWithCustomError(f.house, "InvalidWindows");
      await expect(f.house.create(await terms({ commitEnd: t + 100, revealEnd: t + 100 })))
        .to.be.revertedWithCustomError(f.house, "InvalidWindows").withArgs(t + 100, 0, t + 100);
      // A reserve window only with a sealed reserve, and then strictly inside (commitEnd, revealEnd).
      await expect(f.house.create(await terms({ commitEnd: t + 100, reserveEnd: t + 150, revealEnd: t + 200 })))
        .to.be.revertedWithCustomError(f.house, "InvalidWindows").withArgs(t + 100, t + 150, t + 200);
      for (const reserveEnd of [0, t + 100, t + 200, t + 250]) {
        await expect(f.house.create(await terms({ sealedReserveCommitment: salt("x"), commitEnd: t + 100, reserveEnd, revealEnd: t + 200 }), { value: BOND }))
          .to.be.revertedWithCustomError(f.house, "InvalidWindows").withArgs(t + 100, reserveEnd, t + 200);
      }
    });

    it("test_create_revertsWhen_bondIsZero", async () => {
      await expect(f.house.create(await terms({ bond: 0n }))).to.be.revertedWithCustomError(f.house, "BondIsZero");
    });

    it("test_create_revertsWhen_lotInvalid", async () => {
      await expect(f.house.create(await terms({ lotToken: ethers.ZeroAddress }))).to.be.revertedWithCustomError(f.house, "InvalidLot");
      await expect(f.house.create(await terms({ lotKind: ERC20_LOT, lotToken: await f.lotToken.getAddress(), lotAmountOrId: 0n })))
        .to.be.revertedWithCustomError(f.house, "InvalidLot");
    });

    it("test_create_revertsWhen_reserveNonceIsNotTheSellers", async () => {
      const sealed = { sealedReserveCommitment: salt("x"), reserveEnd: (await now()) + 150 };
      await expect(f.house.create(await terms({ ...sealed, reserveNonce: 1n }), { value: BOND }))
        .to.be.revertedWithCustomError(f.house, "ReserveNonceMismatch").withArgs(0n, 1n);
      await expect(f.house.create(await terms({ reserveNonce: 3n })))
        .to.be.revertedWithCustomError(f.house, "ReserveNonceMismatch").withArgs(0n, 3n);
    });

    it("test_create_revertsWhen_ethPaymentMismatch", async () => {
      await expect(f.house.create(await terms(), { value: 1n }))
        .to.be.revertedWithCustomError(f.house, "PaymentMismatch").withArgs(0n, 1n);
      await expect(f.house.create(await terms({ sealedReserveCommitment: salt("x"), reserveEnd: (await now()) + 150 }), { value: BOND - 1n }))
        .to.be.revertedWithCustomError(f.house, "PaymentMismatch").withArgs(BOND, BOND - 1n);
      await expect(f.house.create(await terms({ paymentToken: await f.payToken.getAddress() }), { value: 1n }))
        .to.be.revertedWithCustomError(f.house, "PaymentMismatch").withArgs(0n, 1n);
    });

    it("test_create_revertsWhen_feeOnTransferLot", async () => {
      const fee = await ethers.deployContract("FeeOnTransferERC20");
      await fee.mint(f.seller.address, 1000n);
      await fee.approve(f.house.target, 1000n);
      await expect(f.house.create(await terms({ lotKind: ERC20_LOT, lotToken: await fee.getAddress(), lotAmountOrId: 1000n })))
        .to.be.revertedWithCustomError(f.house, "TransferAmountMismatch").withArgs(await fee.getAddress(), 1000n, 990n);
    });

    it("test_create_revertsWhen_erc721NotEscrowed", async () => {
      const broken = await ethers.deployContract("NonTransferringERC721");
      await broken.mint(f.seller.address, 5n);
      await expect(f.house.create(await terms({ lotToken: await broken.getAddress(), lotAmountOrId: 5n })))
        .to.be.revertedWithCustomError(f.house, "LotNotEscrowed").withArgs(await broken.getAddress(), 5n);
    });
  });
});

describe("AuctionHouse: cancel", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  it("test_cancel_returnsLotAndReserveBondBeforeFirstCommitment", async () => {
    const a = await createAuction(f, { sealedReserve: 1n });
    const tx = f.house.connect(f.seller).cancel(a.id, a.terms, f.seller.address);
    await expect(tx).to.emit(f.house, "AuctionCancelled").withArgs(a.id, f.seller.address);
    await expect(tx).to.changeEtherBalances(ethers, [f.seller, f.house], [BOND, -BOND]);
    expect(await f.nft.ownerOf(a.terms.lotAmountOrId)).to.equal(f.seller.address);
    expect(await f.house.phaseOf(a.id)).to.equal(PHASE.Cancelled);
  });

  it("test_cancel_returnsErc20Lot", async () => {
    const a = await createAuction(f, { lotKind: ERC20_LOT });
    await expect(f.house.connect(f.seller).cancel(a.id, a.terms, f.seller.address))
      .to.changeTokenBalances(ethers, f.lotToken, [f.seller, f.house], [a.terms.lotAmountOrId, -a.terms.lotAmountOrId]);
  });

  it("test_cancel_revertsWhen_anyCommitmentExists", async () => {
    const a = await createAuction(f);
    await a.commit(f.alice, 1n);
    await expect(f.house.connect(f.seller).cancel(a.id, a.terms, f.seller.address))
      .to.be.revertedWithCustomError(f.house, "HasCommitments").withArgs(a.id, 1n);
  });

  it("test_cancel_revertsWhen_notSeller", async () => {
    const a = await createAuction(f);
    await expect(f.house.connect(f.alice).cancel(a.id, a.terms, f.seller.address))
      .to.be.revertedWithCustomError(f.house, "NotSeller").withArgs(f.alice.address, f.seller.address);
  });

  it("test_cancel_revertsWhen_termsMismatchOrUnknownAuction", async () => {
    const a = await createAuction(f);
    await expect(f.house.connect(f.seller).cancel(a.id, { ...a.terms, bond: 1n }, f.seller.address))
      .to.be.revertedWithCustomError(f.house, "TermsMismatch").withArgs(a.id);
    await expect(f.house.connect(f.seller).cancel(99n, a.terms, f.seller.address))
      .to.be.revertedWithCustomError(f.house, "AuctionNotFound").withArgs(99n);
  });

  it("test_cancel_revertsWhen_alreadyCancelledOrSettled", async () => {
    const a = await createAuction(f);
    await f.house.connect(f.seller).cancel(a.id, a.terms, f.seller.address);
    await expect(f.house.connect(f.seller).cancel(a.id, a.terms, f.seller.address))
      .to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.Cancelled);
    const b = await createAuction(f);
    await b.toEnd();
    await b.settle();
    await expect(f.house.connect(f.seller).cancel(b.id, b.terms, f.seller.address))
      .to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(b.id, PHASE.Settled);
  });

  it("test_cancel_blocksOpeningTheReserve", async () => {
    const a = await createAuction(f, { sealedReserve: 1n });
    await f.house.connect(f.seller).cancel(a.id, a.terms, f.seller.address);
    await a.toReservePhase();
    await expect(a.revealReserve()).to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.Cancelled);
  });

  it("test_cancel_blocksCommitAndSettle", async () => {
    const a = await createAuction(f);
    await f.house.connect(f.seller).cancel(a.id, a.terms, f.seller.address);
    await expect(a.commit(f.alice, 1n)).to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.Cancelled);
    await a.toEnd();
    await expect(a.settle()).to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.Cancelled);
  });
});
