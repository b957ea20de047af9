/**
 * Audit benchmark: a local second-price ETH auction with 10,000 bidders (all commit, 90% reveal, each leader
 * refunded by the reveal that displaces it, settle, which delivers the lot, the change and the proceeds, and
 * 500 unopened deposits claimed), then the time the auditor takes
 * to rebuild it from logs, recompute it and compare the contract's views: the same path as `auction:audit`.
 * The auction is built with the simulation's bulk sender (lib/sim/chain.ts) on the in-process `sim` chain,
 * reached over HTTP through the fault proxy with no faults; the audit reads through the same endpoint.
 * Prints the result and writes bench/audit.json {"bidders","logs","seconds"}. Target: under 2 s.
 *
 *   npm run bench:audit [-- --bidders N]
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { network } from "hardhat";
import { createPublicClient, custom, getAddress, keccak256, toHex, type Abi, type Address, type Hex, type PublicClient } from "viem";
import { hardhat } from "viem/chains";
import { auditHistory, prepareAudit, readContractViews } from "../lib/audit.js";
import { bidCommitment, computeOutcome, ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../lib/auction.js";
import { fetchAuctionHistory } from "../lib/history.js";
import type { RpcRequester } from "../lib/logs.js";
import { httpRpc } from "../lib/rpc/client.js";
import { startFaultProxy } from "../lib/rpc/fault-proxy.js";
import { BulkSender, simAddress } from "../lib/sim/chain.js";

const BIDDERS = Number(process.env.BENCH_BIDDERS ?? 10_000);
const REVEALS = Math.floor(BIDDERS * 0.9);
const UNREVEALED_CLAIMS = Math.floor(BIDDERS * 0.05);
const BOND = 10n ** 16n;
const art = (p: string) => JSON.parse(readFileSync(`artifacts/contracts/${p}`, "utf8")) as { abi: Abi; bytecode: Hex };

const conn = await network.create("sim");
const proxy = await startFaultProxy({ upstream: conn.provider as unknown as RpcRequester, seed: 1 });
const rpc = httpRpc(proxy.url);
const chainId = Number(BigInt((await rpc.request({ method: "eth_chainId" })) as string));
const client = createPublicClient({ chain: { ...hardhat, id: chainId }, transport: custom({ request: (a) => rpc.request(a) }, { retryCount: 0 }) }) as unknown as PublicClient;
const started = Date.now();
await rpc.request({ method: "evm_setAutomine", params: [false] });
const tx = new BulkSender(rpc, { maxTxPerBlock: 4000 });
const seller = simAddress("bench seller");
const bidders = Array.from({ length: BIDDERS }, (_, i) => getAddress(simAddress(`bench bidder ${i}`)) as Address);
await tx.fund([seller, ...bidders], 10n ** 24n);
await tx.syncNonces([seller, ...bidders]);
const head = (await rpc.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as { timestamp: Hex; number: Hex };
tx.time = Number(BigInt(head.timestamp)) + 10;
const deployBlock = BigInt(head.number) + 1n;
const H = art("AuctionHouse.sol/AuctionHouse.json");
const N = art("test/MockERC721.sol/MockERC721.json");
const house = tx.deploy(seller, H, [], "deploy AuctionHouse");
const nft = tx.deploy(seller, N, ["Bench Lot", "LOT"], "deploy MockERC721");
await tx.flush();
tx.call(seller, nft, N.abi, "mint", [seller, 1n]);
tx.call(seller, nft, N.abi, "approve", [house, 1n]);
const T = tx.time + 1;
const terms: AuctionTerms = {
  seller: getAddress(seller), lotKind: 0, lotToken: nft, lotAmountOrId: 1n, paymentToken: ZERO_ADDRESS, format: 0,
  commitEnd: T + 100, reserveEnd: 0, revealEnd: T + 300, bond: BOND, floorReserve: 0n, sealedReserveCommitment: ZERO_BYTES32,
  reserveNonce: 0n,
};
const auctionId = 1n;
tx.call(seller, house, H.abi, "create", [terms]);
tx.time = T;
await tx.flush();
const domain = { chainId, auctionHouse: house, auctionId };
const bids = bidders.map((address, i) => {
  const amount = 10n ** 15n * BigInt(((i * 7919) % BIDDERS) + 1);
  return { address, amount, salt: keccak256(toHex(`audit bench salt ${i}`)), deposit: amount + 10n ** 16n, order: BigInt(i + 1) };
});
for (const b of bids) tx.call(b.address, house, H.abi, "commit", [auctionId, bidCommitment(domain, b.address, b.amount, b.salt), b.deposit], { value: b.deposit });
tx.time = T + 1;
await tx.flush();
for (const b of bids.slice(0, REVEALS)) tx.call(b.address, house, H.abi, "reveal", [auctionId, b.address, b.amount, b.salt, b.deposit, b.order]);
tx.time = terms.commitEnd + 1;
await tx.flush();
const outcome = computeOutcome({
  format: "second-price", bond: BOND, floorReserve: 0n, sealedReserve: { committed: false },
  commitments: bids.map((b) => ({ bidder: b.address, order: Number(b.order), deposit: b.deposit })),
  openings: bids.slice(0, REVEALS).map((b) => ({ bidder: b.address, amount: b.amount })),
});
const winner = outcome.winner!;
tx.call(seller, house, H.abi, "settle", [auctionId, terms, winner]);
tx.time = terms.revealEnd;
await tx.flush();
// Settlement delivered the lot, the winner's change and the proceeds; every displaced leader was refunded in
// the reveal that displaced it. What is left to claim: unopened deposits (less the bond).
for (const b of bids.slice(REVEALS, REVEALS + UNREVEALED_CLAIMS)) {
  tx.call(b.address, house, H.abi, "withdrawUnrevealed", [auctionId, { commitment: bidCommitment(domain, b.address, b.amount, b.salt), deposit: b.deposit, order: b.order }, b.address]);
}
tx.time = terms.revealEnd + 1;
await tx.flush();
if (tx.unexpected.length > 0) throw new Error(`set-up transactions failed: ${tx.unexpected.slice(0, 3).join("; ")}`);
await rpc.request({ method: "evm_setAutomine", params: [true] });
const setupSeconds = (Date.now() - started) / 1000;

// The measured part: logs → history → reference outcome → contract views → report (what auditAuction and
// `auction:audit` do), timed as a whole and by step.
// BENCH_PROFILE=FILE writes a CPU profile of the measured part alone (open it in Chrome's DevTools).
const profiler = process.env.BENCH_PROFILE ? new Session() : null;
if (profiler) {
  profiler.connect();
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.start");
}
const t0 = performance.now();
const audited = await fetchAuctionHistory(rpc, { auctionHouse: house, auctionId, chainId, fromBlock: deployBlock });
const t1 = performance.now();
// The views travel while the commitments are hashed (as historyAndViews does for auditAuction and the CLI).
const [views, prepared] = await Promise.all([readContractViews(client, audited, audited.toBlock), prepareAudit(audited)]);
const t2 = performance.now();
const report = { ...auditHistory(audited, views, { prepared }), logs: audited.logCount, requests: audited.requests };
const t3 = performance.now();
const seconds = (t3 - t0) / 1000;
const ms = (a: number, b: number) => `${Math.round(b - a)} ms`;
// BENCH_REPEAT=N audits N more times (warm): shows how much of the first run is start-up cost and noise.
for (let i = 0; i < Number(process.env.BENCH_REPEAT ?? 0); i++) {
  const r0 = performance.now();
  const h = await fetchAuctionHistory(rpc, { auctionHouse: house, auctionId, chainId, fromBlock: deployBlock });
  const r1 = performance.now();
  const [v, p] = await Promise.all([readContractViews(client, h, h.toBlock), prepareAudit(h)]);
  const r2 = performance.now();
  auditHistory(h, v, { prepared: p });
  const r3 = performance.now();
  console.log(`repeat ${i + 1}: ${((r3 - r0) / 1000).toFixed(3)} s: logs and history ${ms(r0, r1)}, contract views ${ms(r1, r2)}, checks ${ms(r2, r3)}`);
}
if (profiler) {
  const { profile } = await profiler.post("Profiler.stop");
  writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
}
await proxy.close();
await conn.close();

if (!report.ok) {
  console.error(report.differences.slice(0, 10).join("\n"));
  throw new Error("the audit of the benchmark auction found differences");
}
const result = { bidders: BIDDERS, logs: report.logs, seconds: Math.round(seconds * 1000) / 1000 };
console.log(`Auction with ${BIDDERS} bidders (${REVEALS} opened, ${UNREVEALED_CLAIMS} unopened deposits withdrawn) built in ${setupSeconds.toFixed(1)} s (${tx.totals.txs} transactions)`);
console.log(`Audit: ${report.logs} logs in blocks ${report.fromBlock}–${report.toBlock}, ${report.requests} eth_getLogs request(s), ${report.checks.length} checks, ${report.differences.length} differences`);
console.log(`Audit time: ${result.seconds} s (target < 2 s) ${result.seconds < 2 ? "OK" : "OVER TARGET"}: logs and history ${ms(t0, t1)}, contract views (commitments hashed meanwhile) ${ms(t1, t2)}, checks ${ms(t2, t3)}`);
mkdirSync("bench", { recursive: true });
writeFileSync("bench/audit.json", JSON.stringify(result) + "\n");
console.log("wrote bench/audit.json");
