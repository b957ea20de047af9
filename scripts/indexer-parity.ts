/**
 * `npm run indexer:parity` (CI): the indexer on embedded PGlite and on Postgres (DATABASE_URL) over the same
 * seeded local chain must give byte-identical API answers: status, every list query, every auction, every
 * dev account's bids. Hidden deposits are added to the seed (a sealed hidden bid, a vault recovered by an
 * account with no bid) so their columns are compared too. Prints `indexer-parity: N passed, M failed` last; exits non-zero on a failure.
 * Ports: PARITY_RPC_PORT, PARITY_PGLITE_PORT, PARITY_POSTGRES_PORT (default: free ports).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Address, Hex } from "viem";
import { auctionHouseAbi } from "../lib/abi.js";
import { bidCommitment, ZERO_ADDRESS } from "../lib/auction.js";
import { listAuctions } from "../lib/history.js";
import { listQueryToParams, type ListQuery } from "../lib/indexed.js";
import type { RpcRequester } from "../lib/logs.js";
import { vaultAddress } from "../lib/vault.js";
import { latestBlock, measureListLatency, startIndexer, waitForIndexer, BENCH_QUERIES } from "./indexer.js";
import { DEV_ACCOUNTS, deployLocal, localClients, seedDemo, type LocalDeployment } from "./seed-demo.js";
import { freePort, rpcReady, startService, stopServices, waitFor } from "./start.js";

const databaseUrl = process.env.DATABASE_URL;
// Free ports unless given: a port shared with another run on the machine would mix the two runs.
const portOf = async (v: string | undefined) => (v ? Number(v) : await freePort());
const RPC = `http://127.0.0.1:${await portOf(process.env.PARITY_RPC_PORT)}`;
const PGLITE = `http://127.0.0.1:${await portOf(process.env.PARITY_PGLITE_PORT)}`;
const POSTGRES = `http://127.0.0.1:${await portOf(process.env.PARITY_POSTGRES_PORT)}`;
let passed = 0;
let failed = 0;

/** A hidden-deposit bid left sealed (its vault funded) in an ETH auction still committing, and a vault recovered
 * in a settled one (a "vault" claim): the columns hidden deposits add, on both databases. */
async function seedHiddenDeposits(d: LocalDeployment) {
  const { publicClient } = localClients(RPC);
  const now = Number((await publicClient.getBlock()).timestamp);
  const auctions = await listAuctions(publicClient as unknown as RpcRequester, { auctionHouse: d.auctionHouse, fromBlock: BigInt(d.deployBlock) });
  const eth = auctions.filter((a) => a.terms.paymentToken === ZERO_ADDRESS && a.cancelled === null);
  const committing = eth.find((a) => a.settlement === null && a.terms.commitEnd > now + 60);
  const settled = eth.find((a) => a.settlement !== null);
  if (!committing || !settled) throw new Error("the seed has no ETH auction committing or settled for the hidden deposits");
  const call = async (from: Address, functionName: "commitHidden" | "recoverVault", args: unknown[], value = 0n) =>
    publicClient.waitForTransactionReceipt({ hash: await localClients(RPC).wallet(from).writeContract({ address: d.auctionHouse, abi: auctionHouseAbi, functionName, args, value } as never) });
  const pay = async (from: Address, to: Address, value: bigint) =>
    publicClient.waitForTransactionReceipt({ hash: await localClients(RPC).wallet(from).sendTransaction({ to, value } as never) });
  const [bidder, funder] = [DEV_ACCOUNTS[7] as Address, DEV_ACCOUNTS[6] as Address];
  const salt = `0x${"5a".repeat(32)}` as Hex;
  const domain = (id: bigint) => ({ chainId: d.chainId, auctionHouse: d.auctionHouse, auctionId: id });
  const bond = committing.terms.bond;
  await call(bidder, "commitHidden", [committing.auctionId, bidCommitment(domain(committing.auctionId), bidder, bond * 2n, salt)], bond);
  await pay(funder, vaultAddress(domain(committing.auctionId), bidder, salt), bond * 2n);
  await pay(funder, vaultAddress(domain(settled.auctionId), bidder, salt), 12345n);
  await call(bidder, "recoverVault", [settled.auctionId, salt, bidder]);
}

async function main() {
  if (!databaseUrl) throw new Error("DATABASE_URL (a Postgres database for the indexer) is not set");
  const dir = mkdtempSync(join(tmpdir(), "indexer-parity-"));
  try {
    const node = startService("hardhat node", join(process.cwd(), "node_modules/.bin/hardhat"), ["node", "--hostname", "127.0.0.1", "--port", new URL(RPC).port], { log: join(dir, "node.log") });
    await waitFor("Hardhat node", () => rpcReady(RPC), 90_000, node);
    const d = await deployLocal(RPC, { writeRecords: false });
    await seedDemo(RPC, d);
    await seedHiddenDeposits(d);
    const head = await latestBlock(RPC);
    const common = { rpcUrl: RPC, auctionHouse: d.auctionHouse, startBlock: d.deployBlock };
    const t0 = Date.now();
    const lite = startIndexer({ ...common, port: Number(new URL(PGLITE).port), log: join(dir, "pglite.log"), pgliteDir: join(dir, "pglite") });
    const pg = startIndexer({ ...common, port: Number(new URL(POSTGRES).port), log: join(dir, "postgres.log"), databaseUrl, schema: `parity_${Date.now()}` });
    await Promise.all([waitForIndexer(PGLITE, { block: head, service: lite }), waitForIndexer(POSTGRES, { block: head, service: pg })]);
    console.log(`indexer-parity: both indexers at block ${head} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const queries: Partial<ListQuery>[] = [
      {}, { limit: 2 }, { order: "asc", limit: 3 }, { sort: "bids" }, { sort: "commitEnd", order: "asc" }, { sort: "revealEnd" },
      { phase: "committing" }, { phase: "opening-reserve" }, { phase: "revealing" }, { phase: "awaiting-settlement" }, { phase: "settled" }, { phase: "cancelled" },
      { format: "first-price" }, { seller: DEV_ACCOUNTS[1] }, { bidder: DEV_ACCOUNTS[2] }, { lotToken: d.nft },
    ];
    const paths = ["/api/status", ...queries.map((q) => `/api/auctions?${listQueryToParams(q)}`), "/api/audit?order=asc"];
    const ids = ((await (await fetch(`${PGLITE}/api/auctions?limit=100`)).json()) as { items: { auctionId: string }[] }).items.map((a) => a.auctionId);
    paths.push(...ids.map((id) => `/api/auctions/${id}`), ...DEV_ACCOUNTS.map((a) => `/api/bids?bidder=${a}`));
    for (const p of paths) {
      const [a, b] = await Promise.all([fetch(PGLITE + p).then((r) => r.text()), fetch(POSTGRES + p).then((r) => r.text())]);
      const ok = a === b && !a.includes('"error"');
      if (ok) passed += 1;
      else failed += 1;
      console.log(`${ok ? "  ✓" : "  ✗"} ${p}${ok ? "" : `\n      pglite:   ${a.slice(0, 300)}\n      postgres: ${b.slice(0, 300)}`}`);
    }
    // Equal answers are not enough: the hidden-deposit rows must be there.
    const mine = (await (await fetch(`${PGLITE}/api/bids?bidder=${DEV_ACCOUNTS[7]}`)).json()) as { items: { bid: { hidden: boolean; vault: string | null } }[] };
    const hiddenServed = mine.items.some((i) => i.bid.hidden && i.bid.vault === null);
    if (hiddenServed) passed += 1;
    else failed += 1;
    console.log(`${hiddenServed ? "  ✓" : "  ✗"} a sealed hidden-deposit bid is served hidden`);
    for (const [name, url] of [["pglite", PGLITE], ["postgres", POSTGRES]] as const) {
      const s = await measureListLatency(url, { queries: BENCH_QUERIES, rounds: 10 });
      console.log(`indexer-parity: ${name} list latency p50 ${s.p50Ms} ms, p95 ${s.p95Ms} ms (${s.samples} requests)`);
    }
  } finally {
    await stopServices();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (e) {
  failed += 1;
  console.log(`  ✗ parity harness: ${e instanceof Error ? e.message : e}`);
}
console.log(`indexer-parity: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
