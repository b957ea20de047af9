/**
 * SelfOpeningAttached in histories rebuilt from logs: the word-slicing decoder reads its `bytes` exactly as
 * viem does and refuses malformed encodings; a replaced commitment drops its earlier ciphertext, a top-up
 * keeps it; a ciphertext without its commitment in the same transaction is an anomaly.
 */
import { expect } from "chai";
import { decodeEventLog, getAddress, keccak256, toHex, type Address, type Hex } from "viem";
import { auctionHouseAbi } from "../../../lib/abi.js";
import { ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../../../lib/auction.js";
import { buildHistory, decodeAuctionLog } from "../../../lib/history.js";
import { sealedSelfOpeningCount } from "../../../lib/self-opening.js";
import type { RpcLog } from "../../../lib/logs.js";
import { FAKE_HOUSE, fakeLog as logAt } from "./fake-logs.js";

const fakeLog = (name: string, args: Record<string, unknown>, block: number, index = 0, tx?: Hex): RpcLog =>
  logAt(name, args, block, index, tx ? { transactionHash: tx } : { transactionHash: keccak256(toHex(`${block}`)) });

const HOUSE = FAKE_HOUSE;
const [SELLER, ALICE, BOB] = ["0x5e11e5", "0xa11ce0", "0xb0b000"].map((x) => getAddress(x.padEnd(42, "0"))) as Address[];

const terms: AuctionTerms = {
  seller: SELLER, lotKind: 0, lotToken: getAddress("0x00000000000000000000000000000000000007a1"), lotAmountOrId: 1n, paymentToken: ZERO_ADDRESS,
  format: 0, commitEnd: 1000, reserveEnd: 0, revealEnd: 2000, bond: 10n, floorReserve: 0n, sealedReserveCommitment: ZERO_BYTES32, reserveNonce: 0n,
};
const c = (s: string) => keccak256(toHex(s));
const build = (logs: RpcLog[]) => buildHistory(logs, { chainId: 31337, auctionHouse: HOUSE, auctionId: 1n });

describe("lib/history: self-opening ciphertexts from logs", () => {
  for (const len of [0, 1, 31, 32, 33, 417, 423, 2048]) {
    it(`decodes a ${len}-byte sealed opening exactly as viem does`, () => {
      const bytes = toHex(Uint8Array.from({ length: len }, (_, i) => (i * 37 + 11) % 256));
      const log = fakeLog("SelfOpeningAttached", { auctionId: 1n, bidder: ALICE, sealedOpening: bytes }, 11);
      const ours = decodeAuctionLog(log);
      const viems = decodeEventLog({ abi: auctionHouseAbi, topics: log.topics as never, data: log.data });
      expect(ours).to.include({ name: "SelfOpeningAttached", bidder: ALICE, auctionId: 1n });
      expect((ours as { sealedOpening: Hex }).sealedOpening).to.equal((viems.args as { sealedOpening: Hex }).sealedOpening);
      expect((ours as { sealedOpening: Hex }).sealedOpening).to.equal(bytes);
    });
  }

  it("refuses malformed encodings: a wrong offset, a length past the data, dirty padding, a missing word", () => {
    const good = fakeLog("SelfOpeningAttached", { auctionId: 1n, bidder: ALICE, sealedOpening: toHex(new Uint8Array(40).fill(1)) }, 11);
    const words = good.data.slice(2).match(/.{64}/g)!;
    const variants = {
      offset: ["40".padStart(64, "0"), ...words.slice(1)],
      length: [words[0], (65).toString(16).padStart(64, "0"), ...words.slice(2)],
      padding: [words[0], words[1], words[2], `${words[3].slice(0, 62)}ff`],
      missing: words.slice(0, -1),
      huge: [words[0], "f".repeat(64), ...words.slice(2)],
    };
    for (const [what, w] of Object.entries(variants)) {
      expect(decodeAuctionLog({ ...good, data: `0x${w.join("")}` }), what).to.equal(null);
    }
    expect(decodeAuctionLog(good)).to.not.equal(null);
  });

  it("a replaced commitment drops its ciphertext; a top-up keeps it; a stray ciphertext is an anomaly", () => {
    const txA = keccak256(toHex("a")), txB = keccak256(toHex("b")), txB2 = keccak256(toHex("b2")), txTop = keccak256(toHex("top"));
    const logs = [
      fakeLog("AuctionCreated", { auctionId: 1n, seller: SELLER, terms }, 10),
      fakeLog("BidCommitted", { auctionId: 1n, bidder: ALICE, commitment: c("a1"), deposit: 20n, order: 1n }, 11, 0, txA),
      fakeLog("SelfOpeningAttached", { auctionId: 1n, bidder: ALICE, sealedOpening: "0xaa" }, 11, 1, txA),
      fakeLog("BidCommitted", { auctionId: 1n, bidder: BOB, commitment: c("b1"), deposit: 20n, order: 2n }, 12, 0, txB),
      fakeLog("SelfOpeningAttached", { auctionId: 1n, bidder: BOB, sealedOpening: "0xbb" }, 12, 1, txB),
      // Alice tops up (same commitment): her ciphertext still opens it.
      fakeLog("BidCommitted", { auctionId: 1n, bidder: ALICE, commitment: c("a1"), deposit: 30n, order: 1n }, 13, 0, txTop),
      // Bob replaces his commitment without a new ciphertext: the old one opens nothing now.
      fakeLog("BidCommitted", { auctionId: 1n, bidder: BOB, commitment: c("b2"), deposit: 20n, order: 2n }, 14, 0, txB2),
    ];
    let h = build(logs);
    expect(h.bidders[0].sealedOpening?.ciphertext).to.equal("0xaa");
    expect(h.bidders[1].sealedOpening).to.equal(null);
    expect(sealedSelfOpeningCount(h)).to.equal(1);
    expect(h.anomalies).to.deep.equal([]);
    h = build([...logs, fakeLog("SelfOpeningAttached", { auctionId: 1n, bidder: BOB, sealedOpening: "0xcc" }, 15, 0)]);
    expect(h.bidders[1].sealedOpening).to.equal(null);
    expect(h.anomalies.join("\n")).to.contain("sealed opening is not in the transaction of its commitment");
  });
});
