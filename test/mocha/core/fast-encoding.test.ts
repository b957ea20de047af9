/**
 * The hand-rolled encoders and decoders the auditor uses for speed agree with viem's generic ones: commitment
 * and digest hashing (lib/auction.ts), EIP-55 checksums, and the word-slicing log decoder (lib/history.ts).
 */
import { expect } from "chai";
import { decodeEventLog, encodeAbiParameters, encodeEventTopics, getAddress, keccak256, toHex, type Address, type Hex } from "viem";
import { auctionHouseAbi } from "../../../lib/abi.js";
import { bidCommitment, checksum, positionDigest, ZERO_BYTES32, type AuctionTerms } from "../../../lib/auction.js";
import { decodeAuctionLog } from "../../../lib/history.js";
import type { RpcLog } from "../../../lib/logs.js";

const addr = (i: number) => `0x${keccak256(toHex(`fast encoding ${i}`)).slice(26)}` as Address;

function logOf(name: string, args: Record<string, unknown>): RpcLog {
  const event = auctionHouseAbi.find((i) => i.type === "event" && i.name === name) as Extract<(typeof auctionHouseAbi)[number], { type: "event" }>;
  const topics = encodeEventTopics({ abi: [event], eventName: name, args } as never) as Hex[];
  const nonIndexed = event.inputs.filter((i) => !("indexed" in i && i.indexed));
  const data = encodeAbiParameters(nonIndexed as never, nonIndexed.map((i) => args[i.name!]) as never);
  return { address: addr(0), topics, data, blockNumber: "0x5", blockHash: ZERO_BYTES32, transactionHash: ZERO_BYTES32, transactionIndex: "0x0", logIndex: "0x1", removed: false };
}

describe("fast encoding (lib/auction.ts, lib/history.ts)", () => {
  it("test_bidCommitment_equalsViemAbiEncode", () => {
    for (let i = 0; i < 50; i++) {
      const d = { chainId: 31337 + i, auctionHouse: getAddress(addr(i)), auctionId: BigInt(i * 7919) };
      const bidder = i % 2 ? getAddress(addr(100 + i)) : addr(100 + i);
      const amount = (1n << BigInt(i * 5)) - 1n;
      const salt = keccak256(toHex(i));
      const viem = keccak256(encodeAbiParameters(
        [{ type: "uint256" }, { type: "address" }, { type: "uint256" }, { type: "address" }, { type: "uint256" }, { type: "bytes32" }],
        [BigInt(d.chainId), d.auctionHouse, d.auctionId, bidder, amount, salt],
      ));
      expect(bidCommitment(d, bidder, amount, salt)).to.equal(viem);
      const digest = BigInt(keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "uint256" }, { type: "uint256" }], [viem, amount, BigInt(i + 1)]))) | (1n << 255n);
      expect(positionDigest(viem, amount, i + 1)).to.equal(`0x${digest.toString(16).padStart(64, "0")}`);
    }
  });

  it("test_bidCommitment_rejectsWhatViemRejects", () => {
    const d = { chainId: 1, auctionHouse: getAddress(addr(1)), auctionId: 1n };
    const good = getAddress(addr(2));
    const badChecksum = (good.slice(0, 2) + good.slice(2).split("").map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join("")) as Address;
    expect(() => bidCommitment(d, badChecksum, 1n, ZERO_BYTES32)).to.throw(/checksum/);
    expect(() => bidCommitment(d, "0x1234" as Address, 1n, ZERO_BYTES32)).to.throw(/not an address/);
    expect(() => bidCommitment(d, good, -1n, ZERO_BYTES32)).to.throw(/uint256/);
    expect(() => bidCommitment(d, good, 1n << 256n, ZERO_BYTES32)).to.throw(/uint256/);
    expect(() => bidCommitment(d, good, 1n, "0x12")).to.throw(/32 bytes/);
  });

  it("test_checksum_equalsViemGetAddress", () => {
    for (let i = 0; i < 200; i++) expect(checksum(addr(1000 + i))).to.equal(getAddress(addr(1000 + i)));
    expect(() => checksum("0xnotanaddress")).to.throw();
  });

  it("test_decodeAuctionLog_equalsViemDecodeEventLog_forEveryEvent", () => {
    const terms: AuctionTerms = {
      seller: getAddress(addr(3)), lotKind: 1, lotToken: getAddress(addr(4)), lotAmountOrId: 12345n, paymentToken: getAddress(addr(5)), format: 1,
      commitEnd: 1_700_000_000, reserveEnd: 1_700_000_100, revealEnd: 1_700_000_200, bond: 10n ** 16n, floorReserve: 7n, sealedReserveCommitment: keccak256("0x01"), reserveNonce: 3n,
    };
    const A = getAddress(addr(6));
    const B = getAddress(addr(7));
    const cases: [string, Record<string, unknown>][] = [
      ["AuctionCreated", { auctionId: 9n, seller: terms.seller, terms }],
      ["AuctionCancelled", { auctionId: 9n, recipient: A }],
      ["BidCommitted", { auctionId: 9n, bidder: A, commitment: keccak256("0x02"), deposit: 5n, order: 2n }],
      ["SelfOpeningAttached", { auctionId: 9n, bidder: A, sealedOpening: `0x${"a5".repeat(417)}` }],
      ["SelfOpeningAttached", { auctionId: 9n, bidder: B, sealedOpening: "0x" }],
      ["DepositHidden", { auctionId: 9n }],
      ["VaultSwept", { auctionId: 9n, bidder: A, vault: B, collateral: (1n << 112n) - 1n }],
      ["VaultSetAside", { auctionId: 9n, bidder: B, amount: 1n << 200n, ethAmount: 3n }],
      ["VaultRecovered", { auctionId: 9n, bidder: A, vault: B, recipient: getAddress(addr(8)), amount: 0n, ethAmount: (1n << 256n) - 1n }],
      ["BidRevealed", { auctionId: 9n, bidder: A, amount: 4n, salt: keccak256("0x03"), valid: true }],
      ["BidRevealed", { auctionId: 9n, bidder: B, amount: 6n, salt: keccak256("0x04"), valid: false }],
      ["RefundDeferred", { auctionId: 9n, bidder: A, amount: 4n }],
      ["ReserveRevealed", { auctionId: 9n, reserve: 3n, salt: keccak256("0x05") }],
      ["AuctionSettled", { auctionId: 9n, winner: A, price: 3n, effectiveReserve: 3n, burned: 10n ** 16n }],
      ["LotClaimed", { auctionId: 9n, owner: A, recipient: B }],
      ["ProceedsWithdrawn", { auctionId: 9n, seller: terms.seller, recipient: B, amount: 3n }],
      ["RefundWithdrawn", { auctionId: 9n, bidder: A, recipient: B, amount: 2n }],
    ];
    // Events lib/history.ts does not decode yet (none: the hidden-deposit events of issue 10 are decoded). Every
    // other ABI event must have a case.
    const awaitingHistory: string[] = [];
    const abiEvents = auctionHouseAbi.filter((i) => i.type === "event").map((i) => i.name);
    for (const name of awaitingHistory) expect(abiEvents).to.include(name);
    expect(new Set(cases.map((c) => c[0])).size).to.equal(abiEvents.length - awaitingHistory.length);
    for (const [name, args] of cases) {
      const log = logOf(name, args);
      const mine = decodeAuctionLog(log)!;
      const viem = decodeEventLog({ abi: auctionHouseAbi, topics: log.topics as [Hex], data: log.data, strict: true });
      expect(mine.name).to.equal(viem.eventName);
      const norm = (v: unknown): unknown =>
        typeof v === "number" ? BigInt(v) : typeof v === "string" && v.startsWith("0x") && v.length === 42 ? getAddress(v) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x)])) : v;
      for (const [k, v] of Object.entries(viem.args as Record<string, unknown>)) expect(norm((mine as unknown as Record<string, unknown>)[k]), `${name}.${k}`).to.deep.equal(norm(v));
    }
  });

  it("test_decodeAuctionLog_malformed_null", () => {
    const log = logOf("BidRevealed", { auctionId: 9n, bidder: getAddress(addr(6)), amount: 4n, salt: ZERO_BYTES32, valid: true });
    expect(decodeAuctionLog({ ...log, data: `${log.data}00` as Hex })).to.equal(null); // wrong length
    expect(decodeAuctionLog({ ...log, data: log.data.slice(0, -64) as Hex })).to.equal(null);
    expect(decodeAuctionLog({ ...log, topics: log.topics.slice(0, 2) })).to.equal(null); // missing topic
    expect(decodeAuctionLog({ ...log, data: `${log.data.slice(0, -1)}2` as Hex })).to.equal(null); // bool = 2
    expect(decodeAuctionLog({ ...log, topics: [keccak256("0x99"), ...log.topics.slice(1)] })).to.equal(null); // not an event of the house
    const dirty = `0x${"ff".repeat(12)}${log.topics[2].slice(26)}` as Hex; // address with high bytes
    expect(decodeAuctionLog({ ...log, topics: [log.topics[0], log.topics[1], dirty] })).to.equal(null);
    // The vault events are as strict: DepositHidden carries no data, VaultSwept's vault is a clean address word.
    const hidden = logOf("DepositHidden", { auctionId: 9n });
    expect(decodeAuctionLog(hidden)!.name).to.equal("DepositHidden");
    expect(decodeAuctionLog({ ...hidden, data: `0x${"00".repeat(32)}` })).to.equal(null);
    expect(decodeAuctionLog({ ...hidden, topics: [...hidden.topics, ZERO_BYTES32] })).to.equal(null);
    const swept = logOf("VaultSwept", { auctionId: 9n, bidder: getAddress(addr(6)), vault: getAddress(addr(7)), collateral: 5n });
    expect(decodeAuctionLog({ ...swept, data: `0x${"ff".repeat(12)}${swept.data.slice(26)}` as Hex })).to.equal(null);
    expect(decodeAuctionLog({ ...swept, data: swept.data.slice(0, -64) as Hex })).to.equal(null);
    const recovered = logOf("VaultRecovered", { auctionId: 9n, bidder: getAddress(addr(6)), vault: getAddress(addr(7)), recipient: getAddress(addr(8)), amount: 1n, ethAmount: 0n });
    expect(decodeAuctionLog({ ...recovered, data: `${recovered.data}${"00".repeat(32)}` as Hex })).to.equal(null);
  });
});
