/**
 * Market simulation: starts a Hardhat node on 127.0.0.1 (network `sim`: mining on request, no fees), runs
 * N auctions with M bidder slots each through lib/sim (truthful, careless, forgetful bidders, third-party
 * openers, sellers with Sybil shills, griefers), audits every auction from logs, checks that the house
 * holds exactly what it owes plus what it burned for every asset, and compares seller revenue with the lab.
 *
 *   npm run sim -- --auctions 1000 --bidders 10 --seed 1 [--dist uniform:0:1] [--round 1000]
 *                  [--faults] [--json FILE] [--rpc URL]
 *
 * --faults puts the RPC fault proxy (lib/rpc/fault-proxy.ts) between the simulation and the node: latency,
 * 429s, 5xx, dropped connections, eth_getLogs range and result limits, and reorgs every few blocks.
 * --rpc uses an already running node instead of starting one (it must allow large blocks: see `sim` in
 * hardhat.config.ts). Exits non-zero on any audit mismatch, wei lost or unexpected revert.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDistribution } from "../lib/lab/distributions.js";
import { httpRpc } from "../lib/rpc/client.js";
import { startFaultProxy, type FaultProxy } from "../lib/rpc/fault-proxy.js";
import { runMarket } from "../lib/sim/market.js";
import { freePort } from "./start.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  return v === undefined || v.startsWith("--") ? "true" : v;
}
const int = (name: string, fallback: number) => {
  const v = Number(arg(name, String(fallback)));
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${name} must be a non-negative integer`);
  return v;
};


/** Starts `hardhat node --network sim` on 127.0.0.1 and waits until it answers. */
export async function startSimNode(port: number): Promise<{ url: string; child: ChildProcess }> {
  const bin = join(ROOT, "node_modules", ".bin", "hardhat");
  const child = spawn(bin, ["node", "--network", "sim", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], detached: true,
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`hardhat node exited: ${stderr.slice(-500)}`);
    try {
      const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' });
      if (r.ok) return { url, child };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGTERM");
  throw new Error("hardhat node did not start within 60 s");
}

const auctions = int("auctions", 100);
const bidders = int("bidders", 10);
const seed = int("seed", 1);
const roundSize = int("round", 1000);
const faults = arg("faults") === "true";
const json = arg("json");
const dist = parseDistribution(arg("dist", "uniform:0:1")!);

let node: { url: string; child: ChildProcess } | null = null;
let proxy: FaultProxy | null = null;
const stop = () => {
  if (node?.child.pid) {
    try {
      process.kill(-node.child.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
};
process.on("exit", stop);
process.on("SIGINT", () => process.exit(130));

let exitCode = 0;
try {
  const rpcArg = arg("rpc");
  const upstream = rpcArg ?? (node = await startSimNode(await freePort())).url;
  if (faults) {
    proxy = await startFaultProxy({
      upstream, seed,
      faults: { latency: 0.2, latencyMs: [1, 20], rateLimit: 0.1, serverError: 0.05, drop: 0.05 },
      logRangeLimit: 5, logResultLimit: 10_000, reorgEvery: 4, reorgDepth: 2,
    });
    console.log(`fault proxy ${proxy.url} → ${upstream}`);
  }
  const rpc = httpRpc(proxy?.url ?? upstream, { retries: 12 });
  console.log(`simulating ${auctions} auctions × ${bidders} bidder slots, seed ${seed}, values ${dist.label}${faults ? ", through the fault proxy" : ""}`);
  const r = await runMarket({ rpc, auctions, bidders, seed, dist, roundSize, callsPerMulticall: rpcArg ? 60 : 2000, log: (l) => console.log(`  ${l}`) });
  const stats = proxy?.stats();
  const faultsInjected = stats?.faultsInjected ?? {};
  const totalFaults = stats?.totalFaults ?? 0;

  console.log(`\nagents: ${Object.entries(r.roles).map(([k, v]) => `${k} ${v}`).join(", ")}; sellers with shills ${r.shillSellers}; cancelled ${r.cancelled}; refused creates ${r.refusedCreates}`);
  console.log(`transactions: ${r.transactions} (${r.expectedReverts} expected reverts, ${r.unexpectedReverts.length} unexpected)`);
  console.log(`throughput: ${r.throughput.txPerSecond.toFixed(0)} tx/s, ${r.throughput.bidsPerSecond.toFixed(0)} bids/s, ${r.throughput.auctionsPerSecond.toFixed(1)} auctions/s (market ${r.seconds.market.toFixed(1)} s, setup ${r.seconds.setup.toFixed(1)} s, audit ${r.seconds.audit.toFixed(1)} s of ${r.logs} logs)`);
  console.log("rule 11 per asset (house balance = owed + burned):");
  for (const a of r.assets) console.log(`  ${a.asset}: balance ${a.balance}, owed ${a.owed}, burned ${a.burned}, difference ${a.difference}`);
  console.log("seller revenue vs the lab (value units):");
  for (const g of r.revenue.groups) {
    console.log(`  ${g.format}, reserve ${g.reserve.toFixed(3)}, ${g.bidders} bidders: ${g.auctions} auctions, mean ${g.mean.toFixed(4)} [${g.ci95[0].toFixed(4)}, ${g.ci95[1].toFixed(4)}], lab ${g.predicted.toFixed(4)} ${g.within ? "within" : "OUTSIDE"}`);
  }
  const p = r.revenue.pooled;
  console.log(`  pooled: ${p.auctions} auctions, mean ${p.mean.toFixed(4)}, lab ${p.predicted.toFixed(4)}, z = ${p.z.toFixed(2)} ${p.within ? "(within the 95% interval)" : "(OUTSIDE the 95% interval)"}`);
  if (proxy) console.log(`faults injected: ${Object.entries(faultsInjected).map(([k, v]) => `${k} ${v}`).join(", ")} (total ${totalFaults})`);
  for (const s of r.mismatchSamples) console.log(`  mismatch ${s}`);
  const ok = r.auditMismatches === 0 && r.weiLost === 0n && r.unexpectedReverts.length === 0;
  console.log(`sim: ${r.auctions} auctions, ${r.bids} bids, ${r.auditMismatches} audit mismatches, ${r.weiLost} wei lost, ${totalFaults} faults injected: ${ok ? "OK" : "FAILED"}`);
  if (json !== undefined) {
    mkdirSync(dirname(resolve(json)), { recursive: true });
    writeFileSync(json, JSON.stringify({
      auctions: r.auctions, cancelled: r.cancelled, bids: r.bids, auditMismatches: r.auditMismatches, weiLost: r.weiLost.toString(), faultsInjected: totalFaults,
      faultsByKind: faultsInjected, transactions: r.transactions, roles: r.roles, throughput: r.throughput, seconds: r.seconds,
      assets: r.assets, revenue: r.revenue,
    }, null, 2) + "\n");
  }
  if (!ok) exitCode = 1;
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  await proxy?.close();
  stop();
}
process.exit(exitCode);
