/**
 * Self-opening bids (rule 16): commitSelfOpening / recommitSelfOpening are commit / recommit plus a logged
 * ciphertext of the opening. The house stores nothing of it and cannot check it; what it does check is its
 * length, and that a ciphertext copied into someone else's commitment opens nothing for the copier.
 */
import { expect } from "chai";
import type { Hex } from "viem";
import { positionDigest } from "../../../lib/auction.js";
import {
  BOND, PHASE, POSITION, createAuction, deployFixture, ethers, networkHelpers, salt, type AuctionDriver, type Bid, type Fixture,
} from "./fixture.js";

const ONE = ethers.parseEther("1");
/** Bytes of a tlock (drand) ciphertext of a 64-byte opening, binary. */
const TLOCK_BYTES = 417;
const MAX_SEALED_OPENING = 2048;

/** Stand-in ciphertext: the house treats it as opaque bytes, so any bytes of a realistic length do. */
function ciphertext(label: string, length = TLOCK_BYTES): Hex {
  let hex = "";
  for (let i = 0; hex.length < 2 * length; i++) hex += ethers.id(`${label} ${i}`).slice(2);
  return `0x${hex.slice(0, 2 * length)}`;
}

function openingOf(b: Pick<Bid, "bidder" | "amount" | "salt" | "deposit" | "order">) {
  return { bidder: b.bidder.address, amount: b.amount, salt: b.salt, deposit: b.deposit, order: b.order };
}

describe("AuctionHouse: self-opening commitments", () => {
  let f: Fixture;
  let a: AuctionDriver;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployFixture);
    a = await createAuction(f);
  });

  it("test_commitSelfOpening_emitsCommittedThenAttachedWithTheExactBytesAndStoresWhatCommitStores", async () => {
    const s = salt("self");
    const commitment = a.commitmentFor(f.alice.address, ONE, s);
    const sealed = ciphertext("alice");
    const tx = f.house.connect(f.alice).commitSelfOpening(a.id, commitment, 2n * ONE, sealed, { value: 2n * ONE });
    await expect(tx).to.changeEtherBalances(ethers, [f.alice, f.house], [-2n * ONE, 2n * ONE]);
    const receipt = (await (await tx).wait())!;
    const logs = receipt.logs.map((l) => f.house.interface.parseLog(l)!);
    expect(logs.map((l) => l.name)).to.deep.equal(["BidCommitted", "SelfOpeningAttached"]);
    expect(logs[0].args).to.deep.equal([a.id, f.alice.address, commitment, 2n * ONE, 1n]);
    expect(logs[1].args).to.deep.equal([a.id, f.alice.address, sealed]);
    expect(ethers.dataLength(logs[1].args.sealedOpening)).to.equal(TLOCK_BYTES);

    // The same digest a plain commit stores: an opening of it is an ordinary reveal.
    const [status, value] = await f.house.positionOf(a.id, f.alice.address);
    expect(status).to.equal(POSITION.Sealed);
    expect(value).to.equal(BigInt(positionDigest(commitment, 2n * ONE, 1n)));
    const plain = await a.commit(f.bob, ONE, 2n * ONE, "plain");
    expect((await f.house.positionOf(a.id, f.bob.address))[1]).to.equal(BigInt(positionDigest(plain.commitment, 2n * ONE, 2n)));
    expect((await a.state()).commitCount).to.equal(2n);
    await a.toRevealPhase();
    await expect(f.house.connect(f.keeper).reveal(a.id, f.alice.address, ONE, s, 2n * ONE, 1n))
      .to.emit(f.house, "BidRevealed").withArgs(a.id, f.alice.address, ONE, s, true);
  });

  it("test_commitSelfOpening_revertsWhen_sealedOpeningEmptyOrLongerThanTheMaximum", async () => {
    const commitment = a.commitmentFor(f.alice.address, ONE, salt("len"));
    for (const length of [0, MAX_SEALED_OPENING + 1, 10_000]) {
      await expect(f.house.connect(f.alice).commitSelfOpening(a.id, commitment, ONE, ciphertext("x", length), { value: ONE }))
        .to.be.revertedWithCustomError(f.house, "SealedOpeningLength").withArgs(BigInt(length), BigInt(MAX_SEALED_OPENING));
    }
    expect((await f.house.positionOf(a.id, f.alice.address))[0]).to.equal(POSITION.None);
    // One byte and the maximum are accepted.
    await expect(f.house.connect(f.alice).commitSelfOpening(a.id, commitment, ONE, "0x01", { value: ONE }))
      .to.emit(f.house, "SelfOpeningAttached").withArgs(a.id, f.alice.address, "0x01");
    const big = ciphertext("max", MAX_SEALED_OPENING);
    await expect(f.house.connect(f.bob).commitSelfOpening(a.id, a.commitmentFor(f.bob.address, ONE, salt("b")), ONE, big, { value: ONE }))
      .to.emit(f.house, "SelfOpeningAttached").withArgs(a.id, f.bob.address, big);
  });

  it("test_commitSelfOpening_revertsWhereCommitReverts", async () => {
    const commitment = a.commitmentFor(f.alice.address, ONE, salt("c"));
    const sealed = ciphertext("c");
    await expect(f.house.connect(f.alice).commitSelfOpening(a.id, ethers.ZeroHash, ONE, sealed, { value: ONE }))
      .to.be.revertedWithCustomError(f.house, "ZeroCommitment");
    await expect(f.house.connect(f.alice).commitSelfOpening(a.id, commitment, BOND - 1n, sealed, { value: BOND - 1n }))
      .to.be.revertedWithCustomError(f.house, "DepositBelowBond").withArgs(BOND - 1n, BOND);
    await expect(f.house.connect(f.alice).commitSelfOpening(a.id, commitment, ONE, sealed, { value: ONE - 1n }))
      .to.be.revertedWithCustomError(f.house, "PaymentMismatch").withArgs(ONE, ONE - 1n);
    await expect(f.house.connect(f.alice).commitSelfOpening(99n, commitment, ONE, sealed, { value: ONE }))
      .to.be.revertedWithCustomError(f.house, "AuctionNotFound").withArgs(99n);
    await f.house.connect(f.alice).commitSelfOpening(a.id, commitment, ONE, sealed, { value: ONE });
    await expect(f.house.connect(f.alice).commitSelfOpening(a.id, commitment, ONE, sealed, { value: ONE }))
      .to.be.revertedWithCustomError(f.house, "AlreadyCommitted").withArgs(a.id, f.alice.address);
    await expect(f.house.connect(f.alice).commit(a.id, commitment, ONE, { value: ONE }))
      .to.be.revertedWithCustomError(f.house, "AlreadyCommitted").withArgs(a.id, f.alice.address);
    await a.toRevealPhase();
    await expect(f.house.connect(f.bob).commitSelfOpening(a.id, commitment, ONE, sealed, { value: ONE }))
      .to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.Revealing);
  });

  it("test_recommitSelfOpening_replacesTopsUpKeepsOrderAndAttachesTheNewCiphertext", async () => {
    await a.commit(f.bob, ONE);
    const first = a.commitmentFor(f.alice.address, ONE, salt("first"));
    await f.house.connect(f.alice).commitSelfOpening(a.id, first, ONE, ciphertext("first"), { value: ONE });
    const current = { commitment: first, deposit: ONE, order: 2n };
    const second = a.commitmentFor(f.alice.address, 2n * ONE, salt("second"));
    const sealed = ciphertext("second");

    await expect(f.house.connect(f.alice).recommitSelfOpening(a.id, current, second, ONE, "0x", { value: ONE }))
      .to.be.revertedWithCustomError(f.house, "SealedOpeningLength").withArgs(0n, BigInt(MAX_SEALED_OPENING));
    await expect(f.house.connect(f.alice).recommitSelfOpening(a.id, { ...current, deposit: 2n * ONE }, second, ONE, sealed, { value: ONE }))
      .to.be.revertedWithCustomError(f.house, "OpeningMismatch").withArgs(a.id, f.alice.address);
    await expect(f.house.connect(f.carol).recommitSelfOpening(a.id, current, second, ONE, sealed, { value: ONE }))
      .to.be.revertedWithCustomError(f.house, "NoSealedCommitment").withArgs(a.id, f.carol.address);

    const tx = f.house.connect(f.alice).recommitSelfOpening(a.id, current, second, ONE, sealed, { value: ONE });
    await expect(tx).to.changeEtherBalances(ethers, [f.alice, f.house], [-ONE, ONE]);
    const logs = (await (await tx).wait())!.logs.map((l) => f.house.interface.parseLog(l)!);
    expect(logs.map((l) => [l.name, ...l.args])).to.deep.equal([
      ["BidCommitted", a.id, f.alice.address, second, 2n * ONE, 2n],
      ["SelfOpeningAttached", a.id, f.alice.address, sealed],
    ]);
    expect((await f.house.positionOf(a.id, f.alice.address))[1]).to.equal(BigInt(positionDigest(second, 2n * ONE, 2n)));
    // Plain recommit still works on a self-opening commitment (and attaches nothing).
    const third = a.commitmentFor(f.alice.address, ONE, salt("third"));
    await expect(f.house.connect(f.alice).recommit(a.id, { commitment: second, deposit: 2n * ONE, order: 2n }, third, 0n))
      .to.emit(f.house, "BidCommitted").withArgs(a.id, f.alice.address, third, 2n * ONE, 2n)
      .and.not.to.emit(f.house, "SelfOpeningAttached");
    await a.toRevealPhase();
    await expect(f.house.connect(f.alice).recommitSelfOpening(a.id, { commitment: third, deposit: 2n * ONE, order: 2n }, second, 0n, sealed))
      .to.be.revertedWithCustomError(f.house, "UnexpectedPhase").withArgs(a.id, PHASE.Revealing);
  });

  it("test_selfOpening_copiedCiphertextOpensNothingForTheCopier", async () => {
    // Alice's ciphertext decrypts to her (amount, salt). Mallory copies her commitment and her ciphertext.
    const mallory = f.erin;
    const s = salt("victim");
    const victimCommitment = a.commitmentFor(f.alice.address, 2n * ONE, s);
    const sealed = ciphertext("victim");
    await f.house.connect(f.alice).commitSelfOpening(a.id, victimCommitment, 3n * ONE, sealed, { value: 3n * ONE });
    await f.house.connect(mallory).commitSelfOpening(a.id, victimCommitment, 3n * ONE, sealed, { value: 3n * ONE });
    const low = await a.commit(f.bob, ONE);
    await a.toRevealPhase();

    // A keeper opens everything the logged ciphertexts decrypt to: the copy, under mallory's name, matches
    // nothing mallory committed (the commitment binds the bidder).
    const decrypted = { amount: 2n * ONE, salt: s, deposit: 3n * ONE };
    const openings = [
      { bidder: mallory.address, ...decrypted, order: 2n },
      { bidder: f.alice.address, ...decrypted, order: 1n },
      openingOf(low),
    ];
    expect(await f.house.connect(f.keeper).revealMany.staticCall(a.id, openings)).to.equal(2n);
    const tx = f.house.connect(f.keeper).revealMany(a.id, openings);
    await expect(tx).to.changeEtherBalances(ethers, [f.alice, mallory, f.bob], [0n, 0n, ONE]);
    const revealed = (await (await tx).wait())!.logs.map((l) => f.house.interface.parseLog(l)!).filter((l) => l.name === "BidRevealed");
    expect(revealed.map((l) => l.args.bidder)).to.deep.equal([f.alice.address, f.bob.address]);
    await expect(f.house.connect(f.keeper).reveal(a.id, mallory.address, 2n * ONE, s, 3n * ONE, 2n))
      .to.be.revertedWithCustomError(f.house, "OpeningMismatch").withArgs(a.id, mallory.address);
    expect((await f.house.positionOf(a.id, mallory.address))[0]).to.equal(POSITION.Sealed);

    // The copy never opens: mallory loses the bond, alice wins at bob's price.
    await a.toEnd();
    await expect(f.house.connect(f.keeper).settle(a.id, a.terms, f.alice.address))
      .to.emit(f.house, "AuctionSettled").withArgs(a.id, f.alice.address, ONE, 0n, BOND);
    await expect(f.house.connect(mallory).withdrawUnrevealed(a.id, { commitment: victimCommitment, deposit: 3n * ONE, order: 2n }, mallory.address))
      .to.changeEtherBalance(ethers, mallory, 3n * ONE - BOND, { includeFee: false });
  });
});
