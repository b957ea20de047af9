/**
 * Audit benchmark: a local second-price ETH auction with 1,000 bidders (all commit, 900 reveal, settle, the
 * lot, the proceeds, every held refund and 50 unopened deposits claimed), then the time the auditor takes to
 * rebuild it from logs, recompute it and compare the contract's views: the same path as `auction:audit`.
 * Prints the result and writes bench/audit.json {"bidders","logs","seconds"}. Target: under 5 s.
 *
 *   npm run bench:audit
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { network } from "hardhat";
import { getAddress, keccak256, toHex, type Address, type PublicClient } from "viem";
import { auditHistory, readContractViews } from "../lib/audit.js";
import { bidCommitment, ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../lib/auction.js";
import { findLeader, fetchAuctionHistory } from "../lib/history.js";

const BIDDERS = 1000;
const REVEALS = 900;
const UNREVEALED_CLAIMS = 50;
const BOND = 10n ** 16n;

const conn = await network.create();
const { viem, provider } = conn;
const publicClient = await viem.getPublicClient();
const testClient = await viem.getTestClient();
const [seller] = await viem.getWalletClients();
const house = await viem.deployContract("AuctionHouse");
const deployBlock = await publicClient.getBlockNumber();
const nft = await viem.deployContract("MockERC721", ["Bench Lot", "LOT"]);
const chainId = await publicClient.getChainId();
await nft.write.mint([seller.account.address, 1n]);
await nft.write.approve([house.address, 1n]);

const started = Date.now();
const now = Number((await publicClient.getBlock()).timestamp);
const terms: AuctionTerms = {
  seller: getAddress(seller.account.address), lotKind: 0, lotToken: nft.address, lotAmountOrId: 1n, paymentToken: ZERO_ADDRESS, format: 0,
  commitEnd: now + 86_400, reserveEnd: 0, revealEnd: now + 2 * 86_400, bond: BOND, floorReserve: 0n, sealedReserveCommitment: ZERO_BYTES32,
  reserveNonce: 0n,
};
const auctionId = await house.read.nextAuctionId();
await house.write.create([terms]);
const domain = { chainId, auctionHouse: house.address, auctionId };

const bidders = [];
for (let i = 0; i < BIDDERS; i++) {
  const address = getAddress(`0x${keccak256(toHex(`audit bench bidder ${i}`)).slice(26)}`) as Address;
  await testClient.impersonateAccount({ address });
  await testClient.setBalance({ address, value: 10n ** 22n });
  const amount = 10n ** 15n * BigInt(((i * 7919) % BIDDERS) + 1);
  const salt = keccak256(toHex(`audit bench salt ${i}`));
  const deposit = amount + 10n ** 16n;
  await house.write.commit([auctionId, bidCommitment(domain, address, amount, salt), deposit], { account: address, value: deposit });
  bidders.push({ address, amount, salt, deposit, order: BigInt(i + 1) });
}
await testClient.increaseTime({ seconds: 86_400 });
await testClient.mine({ blocks: 1 });
for (const b of bidders.slice(0, REVEALS)) {
  await house.write.reveal([auctionId, b.address, b.amount, b.salt, b.deposit, b.order], { account: b.address });
}
await testClient.increaseTime({ seconds: 86_400 });
await testClient.mine({ blocks: 1 });
const history = await fetchAuctionHistory(provider as never, { auctionHouse: house.address, auctionId, chainId, fromBlock: deployBlock });
const state = await house.read.auctionState([auctionId]);
const winner = findLeader(history, state.bestOrder)!;
await house.write.settle([auctionId, terms, winner]);
await house.write.claimLot([auctionId, terms, winner], { account: winner });
await house.write.withdrawProceeds([auctionId, seller.account.address]);
// Every bid that led at some point is held until settlement: withdraw them all (the winner takes its change).
for (const b of bidders.slice(0, REVEALS)) {
  const [status, value] = await house.read.positionOf([auctionId, b.address]);
  if (status === 2 && value > 0n) await house.write.withdrawRefund([auctionId, b.address], { account: b.address });
}
for (const b of bidders.slice(REVEALS, REVEALS + UNREVEALED_CLAIMS)) {
  await house.write.withdrawUnrevealed([auctionId, { commitment: bidCommitment(domain, b.address, b.amount, b.salt), deposit: b.deposit, order: b.order }, b.address], { account: b.address });
}
const setupSeconds = (Date.now() - started) / 1000;

// The measured part: logs → history → reference outcome → contract views → report (what auditAuction and
// `auction:audit` do), timed as a whole and by step.
const t0 = performance.now();
const audited = await fetchAuctionHistory(provider as never, { auctionHouse: house.address, auctionId, chainId, fromBlock: deployBlock });
const t1 = performance.now();
const views = await readContractViews(publicClient as unknown as PublicClient, audited, audited.toBlock);
const t2 = performance.now();
const report = { ...auditHistory(audited, views), logs: audited.logCount, requests: audited.requests };
const t3 = performance.now();
const seconds = (t3 - t0) / 1000;
const ms = (a: number, b: number) => `${Math.round(b - a)} ms`;

if (!report.ok) {
  console.error(report.differences.join("\n"));
  throw new Error("the audit of the benchmark auction found differences");
}
const result = { bidders: BIDDERS, logs: report.logs, seconds: Math.round(seconds * 1000) / 1000 };
console.log(`Auction with ${BIDDERS} bidders (${REVEALS} opened, ${UNREVEALED_CLAIMS} unopened deposits withdrawn) built in ${setupSeconds.toFixed(1)} s`);
console.log(`Audit: ${report.logs} logs in blocks ${report.fromBlock}–${report.toBlock}, ${report.requests} eth_getLogs request(s), ${report.checks.length} checks, ${report.differences.length} differences`);
console.log(`Audit time: ${result.seconds} s (target < 5 s) ${result.seconds < 5 ? "OK" : "OVER TARGET"}: logs and history ${ms(t0, t1)}, contract views ${ms(t1, t2)}, checks ${ms(t2, t3)}`);
mkdirSync("bench", { recursive: true });
writeFileSync("bench/audit.json", JSON.stringify(result) + "\n");
console.log("wrote bench/audit.json");
