/**
 * The auditor: agrees with an honest auction at every stage, and catches forged histories: an opening whose
 * salt does not match (fake logs), and a settlement that differs from the recomputation (a test-only
 * contract that emits the AuctionHouse's events with a wrong winner and price).
 */
import { expect } from "chai";
import {
  getAddress,
  keccak256,
  parseEventLogs,
  parseEther,
  toHex,
  type Address,
  type Hex,
} from "viem";
import { auctionHouseAbi } from "../../../lib/abi.js";
import { auditAuction, auditHistory, auditToCsv, auditToJson } from "../../../lib/audit.js";
import { bidCommitment, hashTerms, NO_BID, ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../../../lib/auction.js";
import { auctionEventTopics, auctionIdTopic, buildHistory, EVENT_TOPICS, findLeader, outcomeInputOf, phaseFromHistory } from "../../../lib/history.js";
import type { RpcLog } from "../../../lib/logs.js";
import { cliFixture, run, type CliFixture } from "./helpers.js";
import { FAKE_HOUSE, fakeLog } from "./fake-logs.js";

const HOUSE = FAKE_HOUSE;
const CHAIN = 31337;
const [SELLER, ALICE, BOB, CAROL] = ["0x5e11e5", "0xa11ce0", "0xb0b000", "0xca7010"].map((x) => getAddress(x.padEnd(42, "0"))) as Address[];
const salt = (s: string) => keccak256(toHex(s));


const terms: AuctionTerms = {
  seller: SELLER, lotKind: 0, lotToken: getAddress("0x00000000000000000000000000000000000007a1"), lotAmountOrId: 1n, paymentToken: ZERO_ADDRESS,
  format: 0, commitEnd: 1000, reserveEnd: 0, revealEnd: 2000, bond: 10n, floorReserve: 0n, sealedReserveCommitment: ZERO_BYTES32,
  reserveNonce: 0n,
};
const domain = { chainId: CHAIN, auctionHouse: HOUSE, auctionId: 1n };
const bids = [
  { bidder: ALICE, amount: 50n, deposit: 60n, salt: salt("alice") },
  { bidder: BOB, amount: 30n, deposit: 30n, salt: salt("bob") },
  { bidder: CAROL, amount: 10n, deposit: 20n, salt: salt("carol") },
];

function honestLogs(): RpcLog[] {
  const logs = [fakeLog("AuctionCreated", { auctionId: 1n, seller: SELLER, terms }, 10)];
  bids.forEach((b, i) => logs.push(fakeLog("BidCommitted", { auctionId: 1n, bidder: b.bidder, commitment: bidCommitment(domain, b.bidder, b.amount, b.salt), deposit: b.deposit, order: BigInt(i + 1) }, 11 + i)));
  bids.forEach((b, i) => logs.push(fakeLog("BidRevealed", { auctionId: 1n, bidder: b.bidder, amount: b.amount, salt: b.salt, valid: true }, 20 + i)));
  logs.push(fakeLog("AuctionSettled", { auctionId: 1n, winner: ALICE, price: 30n, effectiveReserve: 0n, burned: 0n }, 30));
  return logs;
}
const build = (logs: RpcLog[]) => buildHistory(logs, { chainId: CHAIN, auctionHouse: HOUSE, auctionId: 1n });

describe("lib/audit from logs alone (fake logs)", () => {
  it("an honest history audits clean, in any log order", () => {
    const logs = honestLogs().reverse();
    const report = auditHistory(build(logs), null);
    expect(report.differences).to.deep.equal([]);
    expect(report.ok).to.equal(true);
    expect(report.expected!.winner).to.equal(ALICE);
    expect(report.expected!.price).to.equal(30n);
    expect(findLeader(build(logs))).to.equal(ALICE);
    expect(findLeader(build(logs), 2)).to.equal(BOB);
    expect(findLeader(build(logs), NO_BID)).to.equal(null);
  });

  it("catches an opening whose salt does not match its commitment", () => {
    const logs = honestLogs();
    logs[5] = fakeLog("BidRevealed", { auctionId: 1n, bidder: BOB, amount: 30n, salt: salt("not bob's salt"), valid: true }, 21);
    const report = auditHistory(build(logs), null);
    expect(report.ok).to.equal(false);
    expect(report.differences).to.have.length(1);
    expect(report.differences[0]).to.match(new RegExp(`^${BOB}'s opening \\(amount 30, salt 0x[0-9a-f]{64}\\) hashes to 0x[0-9a-f]{64}, not to its commitment 0x[0-9a-f]{64}\\.$`));
    expect(report.bidders.find((b) => b.bidder === BOB)!.commitmentOk).to.equal(false);
  });

  it("catches an opening with a different amount, a wrong validity flag, and a settlement that differs from the recomputation", () => {
    const logs = honestLogs();
    logs[4] = fakeLog("BidRevealed", { auctionId: 1n, bidder: ALICE, amount: 50n, salt: salt("alice"), valid: false }, 20);
    logs[7] = fakeLog("AuctionSettled", { auctionId: 1n, winner: BOB, price: 10n, effectiveReserve: 0n, burned: 10n }, 30);
    const d = auditHistory(build(logs), null).differences;
    expect(d).to.include(`${ALICE}'s opening is marked invalid, but amount 50 against deposit 60 makes it valid.`);
    expect(d).to.include(`The settlement names ${BOB} as the winner, but the recomputed winner is ${ALICE}.`);
    expect(d).to.include("The settlement price is 10, but the recomputed price is 30.");
    expect(d.some((x) => x.startsWith("The settlement burned 10 in bonds, but 0 forfeited commitment(s) make 0."))).to.equal(true);
  });

  it("ignores removed logs, other contracts' logs and other auctions' logs; notes sequences the contract cannot produce", () => {
    const logs = honestLogs();
    logs.push(fakeLog("BidRevealed", { auctionId: 1n, bidder: BOB, amount: 1n, salt: salt("x"), valid: true }, 22, 1, { removed: true }));
    logs.push({ ...fakeLog("AuctionSettled", { auctionId: 1n, winner: BOB, price: 1n, effectiveReserve: 0n, burned: 0n }, 31), address: getAddress("0x00000000000000000000000000000000000bad00") });
    logs.push(fakeLog("AuctionSettled", { auctionId: 2n, winner: BOB, price: 1n, effectiveReserve: 0n, burned: 0n }, 31));
    expect(auditHistory(build(logs), null).ok).to.equal(true);

    const odd = honestLogs();
    odd.push(fakeLog("BidRevealed", { auctionId: 1n, bidder: BOB, amount: 30n, salt: salt("bob"), valid: true }, 25, 1));
    odd.push(fakeLog("BidRevealed", { auctionId: 1n, bidder: SELLER, amount: 5n, salt: salt("s"), valid: true }, 25, 2));
    const h = build(odd);
    expect(h.anomalies.some((a) => a.startsWith(`${BOB}'s bid was opened twice`))).to.equal(true);
    expect(h.anomalies.some((a) => a.startsWith(`${SELLER} opened a bid without any commitment`))).to.equal(true);
    expect(auditHistory(h, null).ok).to.equal(false);
  });

  it("reports a missing creation and writes JSON and CSV", () => {
    const report = auditHistory(build(honestLogs().slice(1)), null);
    expect(report.status).to.equal("not-found");
    expect(report.ok).to.equal(false);
    const ok = auditHistory(build(honestLogs()), null);
    expect(JSON.parse(auditToJson(ok)).expected.price).to.equal("30");
    expect(auditToCsv(ok).split("\n").filter((l) => l.startsWith("check,"))).to.have.length(ok.checks.length);
    expect(outcomeInputOf(build(honestLogs())).commitments).to.have.length(3);
  });

  it("helpers the app reuses: phase from logs and a clock, event topics", () => {
    const settled = build(honestLogs());
    const open = build(honestLogs().slice(0, 4));
    expect(phaseFromHistory(open, 999)).to.equal("committing");
    expect(phaseFromHistory(open, 1000)).to.equal("revealing");
    expect(phaseFromHistory(open, 2000)).to.equal("awaiting-settlement");
    expect(phaseFromHistory(settled, 5)).to.equal("settled");
    expect(phaseFromHistory(build([]), 5)).to.equal("none");
    expect(auctionEventTopics("BidCommitted", 7n)).to.deep.equal([EVENT_TOPICS.BidCommitted, auctionIdTopic(7n)]);
  });
});

describe("auditor against chains", function () {
  this.timeout(60_000);
  let f: CliFixture;
  before(async () => {
    f = await cliFixture();
  });
  after(() => f.close());

  it("catches a forged settlement from a contract that emits the AuctionHouse's events with a wrong winner and price", async () => {
    const forged = await f.viem.deployContract("ForgedAuctionHouse");
    const forgedDomain = { chainId: CHAIN, auctionHouse: getAddress(forged.address), auctionId: 1n };
    const [seller, alice, bob, carol] = f.accounts;
    const t: AuctionTerms = { ...terms, seller, commitEnd: 1, revealEnd: 2 };
    await forged.write.emitCreated([1n, t]);
    const forgedBids = [
      { bidder: alice, amount: parseEther("5"), s: salt("a") },
      { bidder: bob, amount: parseEther("3"), s: salt("b") },
      { bidder: carol, amount: parseEther("1"), s: salt("c") },
    ];
    for (const [i, b] of forgedBids.entries()) {
      await forged.write.emitCommitted([1n, b.bidder, bidCommitment(forgedDomain, b.bidder, b.amount, b.s), parseEther("6"), BigInt(i + 1)]);
    }
    for (const b of forgedBids) await forged.write.emitRevealed([1n, b.bidder, b.amount, b.s, true]);
    // The truth: alice wins and pays 3 ETH. The forgery: bob wins and pays 1 ETH.
    await forged.write.emitSettled([1n, bob, parseEther("1"), 0n, 0n]);
    await forged.write.setState([1n, {
      phase: 5, termsHash: hashTerms(t), commitEnd: 1, reserveEnd: 0, revealEnd: 2, bond: t.bond, ethPayment: true, format: 0, sealedReserve: false,
      reserveOpened: false, openedReserve: 0n, commitCount: 3, openCount: 3, forfeitCount: 0, bestAmount: parseEther("5"),
      runnerUp: parseEther("1"), bestOrder: 1, settled: true, winner: bob, lotClaimed: false,
    }]);
    await forged.write.setProceeds([1n, parseEther("1")]);

    const r = await run("auction:audit", { ...f.common, house: forged.address, auction: "1", json: f.path("forged.json") });
    expect(r.success).to.equal(false);
    expect(r.error!.message).to.match(/^the audit of auction 1 found \d+ difference\(s\)$/);
    expect(r.err).to.equal(`Error: ${r.error!.message}`);
    expect(r.out).to.contain(`The settlement names ${bob} as the winner, but the recomputed winner is ${alice}.`);
    expect(r.out).to.contain("The settlement price is 1 ETH, but the recomputed price is 3 ETH.");
    expect(r.out).to.contain("DIFFERENCES");
    const report = (r.error!.value as { differences: string[]; ok: boolean });
    expect(report.ok).to.equal(false);
    // The openings themselves are genuine: only the settlement (and the state echoing it) is wrong.
    expect(report.differences.some((d) => d.includes("hashes to"))).to.equal(false);
  });

  it("agrees with an honest auction at every stage: displaced leader refunded by the reveal, deliveries at settlement, deferred refund, over-deposit opening, unopened and replaced commitments", async () => {
    const { viem, publicClient, accounts } = f;
    const house = await viem.getContractAt("AuctionHouse", f.house);
    const nft = f.nft;
    const [seller, alice, bob, carol, dave] = accounts;
    const hostile = await viem.deployContract("BidderContract", [f.house]);
    await nft.write.approve([f.house, 10n]);
    const now = Number((await publicClient.getBlock()).timestamp);
    const t: AuctionTerms = { ...terms, seller, lotToken: nft.address, lotAmountOrId: 10n, commitEnd: now + 100, revealEnd: now + 200, bond: parseEther("0.1"), floorReserve: parseEther("0.5") };
    const id = await house.read.nextAuctionId();
    await house.write.create([t]);
    const d = { chainId: CHAIN, auctionHouse: f.house, auctionId: id };
    const c = (who: Address, amount: bigint, s: string) => bidCommitment(d, who, amount, salt(s));
    const as = async (i: number) => ({ account: (await viem.getWalletClients())[i].account });
    await house.write.commit([id, c(alice, parseEther("2"), "a"), parseEther("2")], { value: parseEther("2"), ...(await as(1)) });
    await house.write.commit([id, c(bob, parseEther("1"), "b1"), parseEther("1")], { value: parseEther("1"), ...(await as(2)) });
    // bob replaces his commitment and tops up
    await house.write.recommit([id, { commitment: c(bob, parseEther("1"), "b1"), deposit: parseEther("1"), order: 2n }, c(bob, parseEther("1.5"), "b2"), parseEther("0.5")], { value: parseEther("0.5"), ...(await as(2)) });
    await house.write.commit([id, c(carol, parseEther("3"), "c"), parseEther("1")], { value: parseEther("1"), ...(await as(3)) }); // will open above its deposit
    await house.write.commit([id, c(dave, parseEther("1"), "d"), parseEther("1")], { value: parseEther("1"), ...(await as(4)) }); // never opens
    await hostile.write.commit([id, c(hostile.address, parseEther("0.7"), "h"), parseEther("1")], { value: parseEther("1") });
    await hostile.write.setRejects([true, false]);

    const audit = () => auditAuction(publicClient as never, { auctionHouse: f.house, auctionId: id, fromBlock: 0n });
    let report = await audit();
    expect(report.differences).to.deep.equal([]);
    expect(report.status).to.equal("unsettled");

    await f.increase(100);
    // bob leads first; alice displaces him and her reveal pushes his whole deposit back.
    await house.write.reveal([id, bob, parseEther("1.5"), salt("b2"), parseEther("1.5"), 2n]);
    expect(await house.read.positionOf([id, bob])).to.deep.equal([2, parseEther("1.5")]);
    const bobBefore = await publicClient.getBalance({ address: bob });
    await house.write.reveal([id, alice, parseEther("2"), salt("a"), parseEther("2"), 1n]);
    expect((await publicClient.getBalance({ address: bob })) - bobBefore).to.equal(parseEther("1.5"));
    expect(await house.read.positionOf([id, bob])).to.deep.equal([0, 0n]);
    await house.write.reveal([id, carol, parseEther("3"), salt("c"), parseEther("1"), 3n]);
    await house.write.reveal([id, hostile.address, parseEther("0.7"), salt("h"), parseEther("1"), 5n]); // refund to it fails: deferred
    report = await audit();
    expect(report.differences).to.deep.equal([]);
    const hostileRow = report.bidders.find((b) => b.bidder === getAddress(hostile.address))!;
    expect(hostileRow.position).to.deep.equal({ status: 2, value: parseEther("1") });

    await f.increase(100);
    const [aliceBefore, sellerBefore] = await Promise.all([alice, seller].map((x) => publicClient.getBalance({ address: x })));
    const settleHash = await house.write.settle([id, t, alice], await as(4)); // dave settles: no gas for alice or the seller
    report = await audit();
    expect(report.differences).to.deep.equal([]);
    expect(report.expected!.winner).to.equal(alice);
    expect(report.expected!.price).to.equal(parseEther("1.5"));
    expect(report.expected!.burned).to.equal(parseEther("0.2")); // carol's over-deposit opening and dave's unopened bond
    // Settlement delivered the lot, alice's change and the proceeds, each logged as its claim in the settle tx.
    const settleLogs = parseEventLogs({ abi: auctionHouseAbi, logs: (await publicClient.getTransactionReceipt({ hash: settleHash })).logs });
    expect(settleLogs.map((l) => [l.eventName, l.args])).to.deep.equal([
      ["AuctionSettled", { auctionId: id, winner: alice, price: parseEther("1.5"), effectiveReserve: parseEther("0.5"), burned: parseEther("0.2") }],
      ["LotClaimed", { auctionId: id, owner: alice, recipient: alice }],
      ["RefundWithdrawn", { auctionId: id, bidder: alice, recipient: alice, amount: parseEther("0.5") }],
      ["ProceedsWithdrawn", { auctionId: id, seller, recipient: seller, amount: parseEther("1.5") }],
    ]);
    expect(await nft.read.ownerOf([10n])).to.equal(alice);
    expect((await publicClient.getBalance({ address: alice })) - aliceBefore).to.equal(parseEther("0.5"));
    expect((await publicClient.getBalance({ address: seller })) - sellerBefore).to.equal(parseEther("1.5"));
    expect(await house.read.positionOf([id, alice])).to.deep.equal([0, 0n]);
    expect(await house.read.proceedsOf([id, seller])).to.equal(0n);

    await house.write.withdrawUnrevealed([id, { commitment: c(dave, parseEther("1"), "d"), deposit: parseEther("1"), order: 4n }, dave], await as(4));
    await hostile.write.setRejects([false, false]);
    await hostile.write.withdrawRefund([id, hostile.address]);
    report = await audit();
    expect(report.differences).to.deep.equal([]);
    expect(report.ok).to.equal(true);
    expect(report.checks.every((x) => x.ok)).to.equal(true);
  });
});
