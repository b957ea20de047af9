/**
 * `npm run bench:index` → bench/index.json: the indexer on the market simulation's chain.
 *
 *   npm run bench:index                       10,200 auctions × 10 bidder slots (≥ 10,000 auctions, ≥ 100,000 bids)
 *   npm run bench:index -- --smoke            200 auctions → bench/index-smoke.json (a few minutes)
 *   npm run bench:index -- --auctions N --bidders M --seed S --reorg-every K --out FILE
 *
 * 1. A Hardhat node (network `sim`) and the RPC fault proxy in front of it (lib/rpc/fault-proxy.ts: latency,
 *    429s, 5xx, dropped connections, eth_getLogs limits, and a reorg of 2 blocks every K mining calls).
 * 2. A *live* indexer reading through a second proxy (lighter rates, no reorgs of its own) follows the simulation (lib/sim runMarket, also through the
 *    proxy) block by block, so the proxy's reorgs reach it; after the simulation one more reorg is made at the
 *    head it has already indexed. Its answers are then compared with the logs (`indexerMismatches.live`).
 * 3. A *backfill* indexer started on the finished chain (reading the node directly, so that the time is the
 *    indexer's, not the injected faults') gives indexSeconds (start to ready at the head, Ponder's start-up
 *    included) and eventsPerSecond; list latency (scripts/indexer.ts measureListLatency, the app's queries,
 *    every page of each) and "my bids" latency (GET /api/bids for sampled bidders) are measured on it.
 * 4. logsOnlyListSeconds: lib/history.ts listAuctions over the whole chain, the browser's path without an
 *    indexer (the node directly; the contract's phaseOf reads the app adds are not counted).
 * auditMismatches and weiLost come from the simulation, faultsInjected from both proxies; reorgsSurvived counts the reorgs the
 * live indexer handled (the "Reorged block" lines of its log) when its answers equal the logs afterwards
 * (0 otherwise). Exits non-zero on any mismatch.
 *
 * The AuctionHouse address is known before the simulation deploys it: lib/sim deploys it first, from the
 * account simAddress("deployer") with nonce 0 on a fresh node; the script checks that it holds code after.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { getContractAddress, type Address } from "viem";
import { listAuctions, phaseAt, type AuctionSummary } from "../lib/history.js";
import { auctionFromJson, type AuctionJson } from "../lib/indexed.js";
import { parseDistribution } from "../lib/lab/distributions.js";
import { httpRpc } from "../lib/rpc/client.js";
import { startFaultProxy, type FaultProxy } from "../lib/rpc/fault-proxy.js";
import { simAddress } from "../lib/sim/chain.js";
import { runMarket, type MarketResult } from "../lib/sim/market.js";
import { getJson, latencyStats, latestBlock, measureListLatency, startIndexer, waitForIndexer, BENCH_QUERIES } from "./indexer.js";
import { freePort, rpcReady, startService, stopServices, waitFor, type Service } from "./start.js";
import { ROOT } from "../indexer/settings.js";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  return v === undefined || v.startsWith("--") ? "true" : v;
}
const smoke = arg("smoke") === "true";
const num = (name: string, fallback: number) => {
  const v = Number(arg(name) ?? fallback);
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${name} must be a non-negative integer`);
  return v;
};
const AUCTIONS = num("auctions", smoke ? 200 : 10_200);
const BIDDERS = num("bidders", 10);
const SEED = num("seed", 1);
const REORG_EVERY = num("reorg-every", 4);
/** How long the live indexer may take to reach the head after the simulation (s). */
const LIVE_TIMEOUT = num("live-timeout", 900);
/** Measure an already simulated chain instead (its node URL): no simulation, no live indexer. */
const RPC = arg("rpc");
/** With --rpc: the simulation's figures ({ auctions, bids, auditMismatches, weiLost, faultsInjected, reorgsSurvived, … }). */
const SIM_JSON = arg("sim-json");
// Ponder polls the head with its transactions; the simulation's blocks hold thousands, so once a second.
process.env.INDEXER_POLLING_MS ??= "1000";
const OUT = resolve(arg("out") ?? join(ROOT, "bench", smoke ? "index-smoke.json" : "index.json"));


function stopOne(s: Service): Promise<void> {
  return new Promise((done) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null || s.child.pid === undefined) return done();
    const timer = setTimeout(() => {
      try { process.kill(-s.child.pid!, "SIGKILL"); } catch { /* gone */ }
      done();
    }, 5000);
    s.child.once("exit", () => { clearTimeout(timer); done(); });
    try { process.kill(-s.child.pid!, "SIGTERM"); } catch { clearTimeout(timer); done(); }
  });
}

/** Every auction the indexer serves, walking the pages in id order. */
async function indexedAuctions(url: string): Promise<{ items: AuctionJson[]; now: number }> {
  const items: AuctionJson[] = [];
  let cursor: string | null = null;
  let now = 0;
  do {
    const page: { items: AuctionJson[]; nextCursor: string | null; now: number } = await getJson(`${url}/api/auctions?order=asc&limit=100${cursor ? `&cursor=${cursor}` : ""}`);
    items.push(...page.items);
    cursor = page.nextCursor;
    now = page.now;
  } while (cursor);
  return { items, now };
}

/** Differences between the indexer's list and the logs' summaries (with lib's phase at the indexer's time). */
function compare(logs: AuctionSummary[], indexed: AuctionJson[], now: number): string[] {
  const out: string[] = [];
  const byId = new Map(indexed.map((j) => [BigInt(j.auctionId), auctionFromJson(j)]));
  for (const s of logs) {
    const i = byId.get(s.auctionId);
    byId.delete(s.auctionId);
    if (!i) { out.push(`auction ${s.auctionId}: not indexed`); continue; }
    const phase = phaseAt({
      commitEnd: s.terms.commitEnd, reserveEnd: s.terms.reserveEnd, revealEnd: s.terms.revealEnd, reserveOpened: s.reserveOpened,
      settled: s.settlement !== null, cancelled: s.cancelled !== null, allBidsOpen: s.openings >= s.commitments,
    }, now);
    const want = { c: s.commitments, o: s.openings, r: s.reserveOpened, x: s.cancelled !== null, w: s.settlement?.winner?.toLowerCase() ?? null, p: s.settlement?.price ?? null, phase };
    const got = { c: i.commitments, o: i.openings, r: i.reserveOpened, x: i.cancelled !== null, w: i.settlement?.winner?.toLowerCase() ?? null, p: i.settlement?.price ?? null, phase: i.phase };
    const a = JSON.stringify(want, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    const b = JSON.stringify(got, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    if (a !== b) out.push(`auction ${s.auctionId}: logs ${a}, indexer ${b}`);
  }
  for (const id of byId.keys()) out.push(`auction ${id}: indexed, not in the logs`);
  return out;
}

/** Reorgs the indexer handled: Ponder logs "Reorged block" (info) for each (0.16.10 never increments its reorg metric). */
function reorgsLogged(log: string): number {
  return readFileSync(log, "utf8").split("\n").filter((l) => l.includes("Reorged block")).length;
}

const rpcCall = async (url: string, method: string, params: unknown[] = []) => {
  const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  return ((await r.json()) as { result: unknown }).result;
};

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "bench-index-"));
  let proxy: FaultProxy | null = null;
  let indexerProxy: FaultProxy | null = null;
  const t = (s: number) => Math.round(s * 100) / 100;
  try {
    let nodeUrl: string;
    let house: Address;
    let head: bigint;
    let logs: AuctionSummary[];
    let logsOnlyListSeconds: number;
    let simFigures: { auctions: number; bids: number; auditMismatches: number; weiLost: string; faultsInjected: number; reorgsSurvived: number; [k: string]: unknown };
    let liveMismatches: string[] | null = null;
    const logsOnly = async () => {
      // 4. Logs only (the browser's path), on the node directly.
      const t1 = performance.now();
      logs = await listAuctions(httpRpc(nodeUrl), { auctionHouse: house, fromBlock: 0n, toBlock: head });
      logsOnlyListSeconds = (performance.now() - t1) / 1000;
    };
    if (RPC) {
      nodeUrl = RPC;
      house = (arg("house") as Address | undefined) ?? getContractAddress({ from: simAddress("deployer"), nonce: 0n });
      head = await latestBlock(nodeUrl);
      simFigures = SIM_JSON ? JSON.parse(readFileSync(SIM_JSON, "utf8")) : { auctions: 0, bids: 0, auditMismatches: 0, weiLost: "0", faultsInjected: 0, reorgsSurvived: 0 };
      console.log(`bench:index: measuring the chain at ${nodeUrl} (house ${house}, head ${head})`);
      await logsOnly();
    } else {
      const nodePort = await freePort();
      const node = startService("hardhat node", join(ROOT, "node_modules", ".bin", "hardhat"), ["node", "--network", "sim", "--hostname", "127.0.0.1", "--port", String(nodePort)], { log: join(dir, "node.log") });
      nodeUrl = `http://127.0.0.1:${nodePort}`;
      await waitFor("Hardhat node", () => rpcReady(nodeUrl), 90_000, node);
      proxy = await startFaultProxy({
        upstream: nodeUrl, seed: SEED,
        faults: { latency: 0.2, latencyMs: [1, 20], rateLimit: 0.1, serverError: 0.05, drop: 0.05 },
        logRangeLimit: 5, logResultLimit: 10_000, reorgEvery: REORG_EVERY, reorgDepth: 2,
      });
      // The indexer reads through a proxy of its own (another provider, same node, so the reorgs the first one
      // makes reach it): the same kinds of faults, at rates a paid provider shows. At the simulation's rates
      // (10% 429s, 5% 5xx, 5% drops) Ponder's adaptive rate limit falls to ~3 requests/s and never catches up.
      indexerProxy = await startFaultProxy({
        upstream: nodeUrl, seed: SEED + 1,
        faults: { latency: 0.2, latencyMs: [1, 20], rateLimit: 0.01, serverError: 0.01, drop: 0.01 },
        logRangeLimit: 1000, logResultLimit: 10_000,
      });
      house = getContractAddress({ from: simAddress("deployer"), nonce: 0n });
      console.log(`bench:index: ${AUCTIONS} auctions × ${BIDDERS} bidder slots, seed ${SEED}; node ${nodeUrl}, fault proxy ${proxy.url} (reorg every ${REORG_EVERY} mining calls); house ${house}`);

      // 2. The live indexer, through the proxy, from the first block.
      const livePort = await freePort();
      const liveUrl = `http://127.0.0.1:${livePort}`;
      const live = startIndexer({ rpcUrl: indexerProxy.url, port: livePort, log: join(dir, "live.log"), pgliteDir: join(dir, "live-pglite"), chainId: 31337, auctionHouse: house, startBlock: 0 });
      await waitForIndexer(liveUrl, { service: live, timeoutMs: 180_000 });

      const t0 = performance.now();
      const sim: MarketResult = await runMarket({
        rpc: httpRpc(proxy.url, { retries: 12 }), auctions: AUCTIONS, bidders: BIDDERS, seed: SEED, dist: parseDistribution("uniform:0:1"),
        callsPerMulticall: 2000, log: (l) => console.log(`  sim: ${l}`),
      });
      const simSeconds = (performance.now() - t0) / 1000;
      if (((await rpcCall(nodeUrl, "eth_getCode", [house, "latest"])) as string).length <= 2) throw new Error(`no contract at the predicted AuctionHouse ${house}`);
      const stats = proxy.stats();
      console.log(`bench:index: simulation ${t(simSeconds)} s: ${sim.auctions} auctions, ${sim.bids} bids, ${sim.auditMismatches} audit mismatches, ${sim.weiLost} wei lost, ${stats.totalFaults} faults (${stats.reorgs.length} reorgs); indexer proxy ${indexerProxy.stats().totalFaults} faults`);

      // One more reorg at a head the live indexer has indexed: the last blocks re-mined under other hashes.
      const caughtUp = await waitForIndexer(liveUrl, { block: await latestBlock(nodeUrl), service: live, timeoutMs: LIVE_TIMEOUT * 1000 }).then(() => true, () => false);
      let liveNote = "";
      if (caughtUp) {
        await proxy.reorg(2);
        await rpcCall(proxy.url, "evm_mine", []);
      }
      head = await latestBlock(nodeUrl);
      if (caughtUp) {
        await waitForIndexer(liveUrl, { block: head, service: live, timeoutMs: 120_000 });
        // The indexer's block must be the node's (same hash) before comparing.
        await waitFor("live indexer on the new fork", async () => BigInt((await getJson<{ indexed: { block: string } }>(`${liveUrl}/api/status`)).indexed.block) === head, 60_000, live);
      } else {
        const at = (await getJson<{ indexed: { block: string } | null }>(`${liveUrl}/api/status`)).indexed?.block ?? "none";
        liveNote = `the live indexer had not reached the head (${head}) ${LIVE_TIMEOUT} s after the simulation: at block ${at}`;
        console.log(`bench:index: ${liveNote}`);
      }
      const reorgsInjected = proxy.stats().reorgs.length;
      await logsOnly();
      const reorgsSeen = reorgsLogged(join(dir, "live.log"));
      if (caughtUp) {
        const liveList = await indexedAuctions(liveUrl);
        liveMismatches = compare(logs!, liveList.items, liveList.now);
        console.log(`bench:index: live indexer: ${liveMismatches.length} mismatches with the logs after ${reorgsSeen} reorgs it handled (${reorgsInjected} injected)`);
        for (const m of liveMismatches.slice(0, 5)) console.log(`  ✗ ${m}`);
      }
      await stopOne(live);
      simFigures = {
        auctions: sim.auctions, bids: sim.bids, auditMismatches: sim.auditMismatches, weiLost: sim.weiLost.toString(),
        faultsInjected: stats.totalFaults + indexerProxy.stats().totalFaults,
        reorgsSurvived: liveMismatches !== null && liveMismatches.length === 0 ? reorgsSeen : 0,
        reorgsInjected, reorgsHandledByLiveIndexer: reorgsSeen, liveIndexer: caughtUp ? "at the head" : liveNote,
        faultsByKind: { simulation: stats.faultsInjected, indexer: indexerProxy.stats().faultsInjected }, simSeconds: t(simSeconds),
      };
    }

    // 3. The backfill indexer on the finished chain.
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const t2 = performance.now();
    const backfill = startIndexer({ rpcUrl: nodeUrl, port, log: join(dir, "backfill.log"), pgliteDir: join(dir, "backfill-pglite"), chainId: 31337, auctionHouse: house, startBlock: 0 });
    await waitForIndexer(url, { block: head, service: backfill, timeoutMs: 3_600_000 });
    const indexSeconds = (performance.now() - t2) / 1000;
    const list = await indexedAuctions(url);
    const backfillMismatches = compare(logs!, list.items, list.now);
    const events = list.items.reduce((n, a) => n + a.events, 0);
    console.log(`bench:index: backfill indexer: ${events} events in ${t(indexSeconds)} s, ${backfillMismatches.length} mismatches with the logs`);
    for (const m of backfillMismatches.slice(0, 5)) console.log(`  ✗ ${m}`);

    const latency = await measureListLatency(url, { queries: BENCH_QUERIES, rounds: smoke ? 10 : 20 });
    const pages = await measureListLatency(url, { queries: [{}, { phase: "settled" }], rounds: 1, walkPages: true });
    const bidders = Array.from({ length: 40 }, (_, i) => simAddress(`bidder ${i}`));
    const bidMs: number[] = [];
    for (let round = -1; round < 3; round++) {
      for (const b of bidders) {
        const s = performance.now();
        await getJson(`${url}/api/bids?bidder=${b}`);
        if (round >= 0) bidMs.push(performance.now() - s);
      }
    }
    const myBids = latencyStats(bidMs);

    const indexerMismatches = (liveMismatches?.length ?? 0) + backfillMismatches.length;
    const { auctions, bids, auditMismatches, weiLost, faultsInjected, reorgsSurvived, ...simRest } = simFigures;
    const result = {
      auctions, bids,
      indexSeconds: t(indexSeconds),
      eventsPerSecond: Math.round(events / indexSeconds),
      listP50Ms: latency.p50Ms,
      listP95Ms: latency.p95Ms,
      myBidsP95Ms: myBids.p95Ms,
      logsOnlyListSeconds: t(logsOnlyListSeconds!),
      auditMismatches, weiLost, faultsInjected, reorgsSurvived,
      // Context.
      events,
      blocks: Number(head!),
      indexerMismatches: { live: liveMismatches?.length ?? null, backfill: backfillMismatches.length },
      ...simRest,
      listPagesP95Ms: pages.p95Ms,
      myBidsP50Ms: myBids.p50Ms,
      perQuery: latency.perQuery,
      params: { auctions: AUCTIONS, bidders: BIDDERS, seed: SEED, reorgEvery: REORG_EVERY, database: "pglite", machine: "2 shared cores", ...(RPC ? { measuredChain: "--rpc" } : {}) },
    };
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");
    console.log(JSON.stringify(result, null, 2));
    const ok = indexerMismatches === 0 && auditMismatches === 0 && weiLost === "0" && reorgsSurvived > 0;
    console.log(`bench:index: ${auctions} auctions, ${events} events indexed in ${t(indexSeconds)} s, list p95 ${latency.p95Ms} ms, ${indexerMismatches} indexer mismatches, ${result.reorgsSurvived} reorgs survived: ${ok ? "OK" : "FAILED"} → ${OUT}`);
    return ok ? 0 : 1;
  } catch (e) {
    console.error(e);
    for (const f of ["live.log", "backfill.log"]) {
      try { console.error(`--- ${f} (tail)\n${readFileSync(join(dir, f), "utf8").split("\n").slice(-30).join("\n")}`); } catch { /* none */ }
    }
    return 1;
  } finally {
    await proxy?.close();
    await indexerProxy?.close();
    await stopServices();
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

process.exit(await main());
