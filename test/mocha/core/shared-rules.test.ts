/** The shared TypeScript rules (lib/auction.ts) and the contract agree, for random inputs. */
import { expect } from "chai";
import { getAddress, type Address, type Hex } from "viem";
import {
  bidCommitment, computeOutcome, hashTerms, positionDigest, randomSalt, reserveCommitment, MAX_AMOUNT,
} from "../../../lib/auction.js";
import { deployFixture, ethers, networkHelpers } from "./fixture.js";

function randomBigInt(max: bigint): bigint {
  const hex = randomSalt().slice(2);
  return BigInt(`0x${hex}`) % (max + 1n);
}

describe("Shared rules: TypeScript helper vs contract", () => {
  it("test_commitments_agreeForRandomInputs", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const house = f.house.target as Address;
    for (let i = 0; i < 64; i++) {
      const auctionId = randomBigInt(2n ** 64n);
      const account = getAddress(randomSalt().slice(0, 42)) as Address;
      const amount = i % 8 === 0 ? MAX_AMOUNT : randomBigInt(MAX_AMOUNT);
      const salt = randomSalt();
      const domain = { chainId: f.chainId, auctionHouse: house, auctionId };
      const c = bidCommitment(domain, account, amount, salt);
      expect(await f.house.commitmentOf(auctionId, account, amount, salt)).to.equal(c);
      const nonce = randomBigInt(2n ** 64n - 1n);
      const reserve = reserveCommitment({ chainId: f.chainId, auctionHouse: house, nonce }, account, amount, salt);
      expect(await f.house.reserveCommitmentOf(account, nonce, amount, salt)).to.equal(reserve);
      expect(reserve).to.not.equal(bidCommitment({ ...domain, auctionId: nonce }, account, amount, salt));
      const deposit = randomBigInt(MAX_AMOUNT);
      const order = randomBigInt(2n ** 32n - 2n) + 1n;
      expect(await f.house.positionDigest(c, deposit, order)).to.equal(BigInt(positionDigest(c, deposit, order)));
    }
  });

  it("test_hashTerms_agrees", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    for (let i = 0; i < 16; i++) {
      const terms = {
        seller: getAddress(randomSalt().slice(0, 42)) as Address, lotKind: i % 2, lotToken: getAddress(randomSalt().slice(0, 42)) as Address,
        lotAmountOrId: randomBigInt(2n ** 256n - 1n), paymentToken: getAddress(randomSalt().slice(0, 42)) as Address, format: (i >> 1) % 2,
        commitEnd: Number(randomBigInt(2n ** 40n - 1n)), reserveEnd: Number(randomBigInt(2n ** 40n - 1n)),
        revealEnd: Number(randomBigInt(2n ** 40n - 1n)), bond: randomBigInt(2n ** 104n - 1n), floorReserve: randomBigInt(MAX_AMOUNT),
        sealedReserveCommitment: randomSalt() as Hex, reserveNonce: randomBigInt(2n ** 64n - 1n),
      };
      expect(await f.house.hashTerms(terms)).to.equal(hashTerms(terms));
    }
  });

  it("test_randomSalt_isFresh32Bytes", () => {
    const salts = new Set(Array.from({ length: 100 }, () => randomSalt()));
    expect(salts.size).to.equal(100);
    for (const s of salts) expect(s).to.match(/^0x[0-9a-f]{64}$/);
  });

  it("test_computeOutcome_rulesOnSmallCases", () => {
    const [a, b, c] = ["0x00000000000000000000000000000000000000a1", "0x00000000000000000000000000000000000000b2", "0x00000000000000000000000000000000000000c3"] as Address[];
    const base = { bond: 1n, floorReserve: 0n, sealedReserve: { committed: false } as const };
    const commitments = [{ bidder: a, order: 1, deposit: 10n }, { bidder: b, order: 2, deposit: 10n }, { bidder: c, order: 3, deposit: 4n }];
    // Second price; c opens above its deposit (invalid), so it is ignored and forfeits.
    let o = computeOutcome({ ...base, format: "second-price", commitments, openings: [{ bidder: a, amount: 5n }, { bidder: b, amount: 7n }, { bidder: c, amount: 9n }] });
    expect([o.winner, o.price, o.burned]).to.deep.equal([getAddress(b), 5n, 1n]);
    expect(o.refunds.get(getAddress(c))).to.equal(3n);
    expect(o.refunds.get(getAddress(b))).to.equal(5n);
    // Tie: earlier order wins whatever the opening order; second price equals the tie.
    o = computeOutcome({ ...base, format: "second-price", commitments, openings: [{ bidder: b, amount: 6n }, { bidder: a, amount: 6n }] });
    expect([o.winner, o.price, o.burned]).to.deep.equal([getAddress(a), 6n, 1n]);
    // First price with an opened sealed reserve above the bids: unsold, reserve bond back to the seller.
    o = computeOutcome({ ...base, format: "first-price", sealedReserve: { committed: true, opened: 8n }, commitments, openings: [{ bidder: a, amount: 6n }] });
    expect([o.winner, o.price, o.effectiveReserve, o.burned, o.sellerProceeds]).to.deep.equal([null, 0n, 8n, 2n, 1n]);
    // A withheld sealed reserve is ignored and its bond burned.
    o = computeOutcome({ ...base, format: "first-price", floorReserve: 2n, sealedReserve: { committed: true, opened: null }, commitments, openings: [{ bidder: a, amount: 6n }] });
    expect([o.winner, o.price, o.effectiveReserve, o.burned, o.sellerProceeds]).to.deep.equal([getAddress(a), 6n, 2n, 3n, 6n]);
    expect(() => computeOutcome({ ...base, format: "first-price", commitments, openings: [{ bidder: "0x00000000000000000000000000000000000000d4", amount: 1n }] }))
      .to.throw(/opening without commitment/);
  });
});
