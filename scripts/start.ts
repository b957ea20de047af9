/**
 * `npm start`: the whole thing on this machine, bound to 127.0.0.1 only.
 *
 *   1. compiles the contracts (no-op when up to date);
 *   2. starts a Hardhat node on 127.0.0.1:8545 (its own process group), and next to it the local drand beacon
 *      on 127.0.0.1:8580 (scripts/beacon.ts, in this process), which releases rounds by the node's chain time;
 *   3. deploys the AuctionHouse, the KUnitAuctionHouse and demo tokens, writes deployments/31337.json (with the beacon's config);
 *   4. seeds demo auctions in every phase with demo bidders' bids (scripts/seed-demo.ts);
 *   5. starts the indexer (indexer/, Ponder on embedded PGlite, wiped first) on 127.0.0.1:42069;
 *   6. generates the app's config module, builds the app (skipped when nothing changed) with
 *      NEXT_PUBLIC_INDEXER_URL pointing at the indexer, and serves it on 127.0.0.1:3000 with `next start`;
 *   7. prints the URL and waits; Ctrl-C stops the node, the indexer and the server (whole process groups)
 *      and closes the beacon (its port is free again).
 *
 * Options: --no-seed (deploy only), --rebuild (force the app build), --no-indexer (lists from logs only).
 * Ports: RPC_PORT, APP_PORT, INDEXER_PORT, BEACON_PORT.
 * Logs: .deployments-local/node.log, indexer.log and app.log.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { exportAppConfig } from "./export-app-config.js";
import { DEMO_RECEIPTS_DIR, DEV_ACCOUNTS, deployLocal, seedDemo, userTokenIds } from "./seed-demo.js";
import { DEFAULT_INDEXER_PORT, latestBlock, startIndexer, waitForIndexer } from "./indexer.js";
import { DEFAULT_BEACON_PORT, startBeacon, type BeaconServer } from "./beacon.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(ROOT, "node_modules", ".bin");
const HOST = "127.0.0.1";
const LOG_DIR = join(ROOT, ".deployments-local");

export interface Service {
  name: string;
  child: ChildProcess;
}

const services: Service[] = [];
/** The local drand beacon, when this process started one (it runs in-process). */
let beacon: BeaconServer | null = null;

/** Starts a command in its own process group (so it and its children stop together), logging to a file. */
export function startService(name: string, cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; log: string; cwd?: string }): Service {
  mkdirSync(dirname(opts.log), { recursive: true });
  const out = createWriteStream(opts.log);
  const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const s = { name, child };
  services.push(s);
  return s;
}

/** Stops every started service: SIGTERM to its process group, SIGKILL if it lingers. */
export async function stopServices(): Promise<void> {
  await Promise.all(
    services.splice(0).map(
      ({ child }) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return done();
          const timer = setTimeout(() => {
            try { process.kill(-child.pid!, "SIGKILL"); } catch { /* gone */ }
            done();
          }, 5000);
          child.once("exit", () => { clearTimeout(timer); done(); });
          try { process.kill(-child.pid!, "SIGTERM"); } catch { clearTimeout(timer); done(); }
        }),
    ),
  );
}

/** A port on 127.0.0.1 that nothing listens on now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });
}

export function portInUse(port: number): Promise<boolean> {
  return new Promise((res) => {
    const sock = connect({ host: HOST, port });
    sock.once("connect", () => { sock.destroy(); res(true); });
    sock.once("error", () => res(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, service?: Service): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (service && service.child.exitCode !== null) throw new Error(`${what}: the process exited with code ${service.child.exitCode}`);
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`${what}: not ready after ${timeoutMs / 1000} s`);
}

export async function rpcReady(url: string): Promise<boolean> {
  const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }) });
  return r.ok && ((await r.json()) as { result?: string }).result === "0x7a69";
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(" ")} failed (exit ${r.status})`);
}

function hashTree(h: ReturnType<typeof createHash>, dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    if (name === "node_modules" || name.startsWith(".next")) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) hashTree(h, p);
    else h.update(p).update(readFileSync(p));
  }
}

/** Builds the app unless an identical build (same sources, config and public env) is already there. */
export function buildApp(env: NodeJS.ProcessEnv, opts: { force?: boolean; distDir?: string } = {}): "built" | "up to date" {
  const distDir = opts.distDir ?? ".next";
  const h = createHash("sha256");
  for (const d of ["app/src", "lib"]) hashTree(h, join(ROOT, d));
  for (const f of ["app/next.config.ts", "app/tsconfig.json", "app/package.json", "package-lock.json"]) if (existsSync(join(ROOT, f))) h.update(readFileSync(join(ROOT, f)));
  h.update(JSON.stringify(Object.entries(env).filter(([k]) => k.startsWith("NEXT_PUBLIC_") || k === "APP_DIST_DIR").sort()));
  const stamp = h.digest("hex");
  const stampFile = join(ROOT, "app", distDir, ".credible-build-stamp");
  if (!opts.force && existsSync(join(ROOT, "app", distDir, "BUILD_ID")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return "up to date";
  run(join(BIN, "next"), ["build", "--webpack", "app"], { NEXT_TELEMETRY_DISABLED: "1", APP_DIST_DIR: distDir, ...env });
  writeFileSync(stampFile, stamp);
  return "built";
}

async function main() {
  const rpcPort = Number(process.env.RPC_PORT ?? 8545);
  const appPort = Number(process.env.APP_PORT ?? 3000);
  const rpcUrl = `http://${HOST}:${rpcPort}`;
  const appUrl = `http://${HOST}:${appPort}`;
  const indexerPort = Number(process.env.INDEXER_PORT ?? DEFAULT_INDEXER_PORT);
  const indexerUrl = `http://${HOST}:${indexerPort}`;
  const beaconPort = Number(process.env.BEACON_PORT ?? DEFAULT_BEACON_PORT);
  const withIndexer = !process.argv.includes("--no-indexer");
  const seed = !process.argv.includes("--no-seed");
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nstopping the node, the beacon, the indexer and the app…");
    await Promise.all([stopServices(), beacon?.close()]);
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGHUP", () => void stop(0));

  const ports: [number, string][] = [[rpcPort, "RPC_PORT"], [appPort, "APP_PORT"], [beaconPort, "BEACON_PORT"], ...(withIndexer ? [[indexerPort, "INDEXER_PORT"] as [number, string]] : [])];
  for (const [port, variable] of ports) {
    if (await portInUse(port)) {
      throw new Error(`port ${port} on ${HOST} is already in use: stop whatever holds it (another \`npm start\`?) or pick another with ${variable}=…`);
    }
  }

  console.log("compiling contracts…");
  run(join(BIN, "hardhat"), ["build", "--quiet", "--no-tests"]);

  console.log(`starting a Hardhat node on ${rpcUrl}…`);
  const node = startService("hardhat node", join(BIN, "hardhat"), ["node", "--hostname", HOST, "--port", String(rpcPort)], { log: join(LOG_DIR, "node.log") });
  node.child.once("exit", (code) => { if (!stopping) { console.error(`the Hardhat node exited (code ${code}); see .deployments-local/node.log`); void stop(1); } });
  await waitFor("Hardhat node", () => rpcReady(rpcUrl), 90_000, node);
  beacon = await startBeacon({ rpcUrl, port: beaconPort });
  console.log(`local drand beacon on ${beacon.url} (rounds released by the node's chain time)`);

  const d = await deployLocal(rpcUrl, { beacon: beacon.config });
  console.log(`AuctionHouse deployed at ${d.auctionHouse} (block ${d.deployBlock}), KUnitAuctionHouse at ${d.kunitHouse}; deployments/31337.json written`);
  if (seed) {
    const s = await seedDemo(rpcUrl, d);
    console.log("demo auctions:");
    for (const a of s.auctions) console.log(`  #${a.id}  ${a.story}`);
  }
  await exportAppConfig();

  if (withIndexer) {
    console.log(`starting the indexer on ${indexerUrl}…`);
    const started = Date.now();
    const indexer = startIndexer({ rpcUrl, port: indexerPort, log: join(LOG_DIR, "indexer.log") });
    indexer.child.once("exit", (code) => { if (!stopping) console.error(`the indexer exited (code ${code}); the app falls back to logs. See .deployments-local/indexer.log`); });
    const status = await waitForIndexer(indexerUrl, { block: await latestBlock(rpcUrl), service: indexer, timeoutMs: 180_000 });
    console.log(`indexer caught up to block ${status.indexed?.block} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  const env = { NEXT_PUBLIC_LOCAL_RPC_URL: rpcUrl, NEXT_PUBLIC_INDEXER_URL: withIndexer ? indexerUrl : "" };
  console.log("building the app (skipped when unchanged)…");
  const built = buildApp(env, { force: process.argv.includes("--rebuild") });
  console.log(`app ${built}`);

  const app = startService("next start", join(BIN, "next"), ["start", "app", "--hostname", HOST, "--port", String(appPort)], {
    env: { NEXT_TELEMETRY_DISABLED: "1", ...env },
    log: join(LOG_DIR, "app.log"),
  });
  app.child.once("exit", (code) => { if (!stopping) { console.error(`the app server exited (code ${code}); see .deployments-local/app.log`); void stop(1); } });
  await waitFor("app server", async () => (await fetch(appUrl)).status < 500, 60_000, app);

  const line = "─".repeat(64);
  console.log(`\n${line}\n  Credible Auctions is running:  ${appUrl}\n${line}`);
  console.log(`  chain     Hardhat local, id 31337, RPC ${rpcUrl}`);
  console.log(`  beacon    local drand beacon ${beacon.url}/${beacon.config.chainHash.slice(0, 12)}…: self-opening bids open when chain time reaches their round`);
  console.log("  wallet    add that network to your browser wallet, then import a dev account, e.g.");
  console.log(`            #5 ${DEV_ACCOUNTS[5]}  key 0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba`);
  console.log(`            (Hardhat's public test key: never use it on a real network). It owns demo NFTs ${userTokenIds(0).join(", ")}.`);
  console.log("            The faucet button gives any account ETH, demo dollars and an NFT.");
  if (seed) console.log(`  receipts  unopened demo bids, to import and open in the app: ${DEMO_RECEIPTS_DIR.replace(ROOT + "/", "")}/`);
  if (withIndexer) console.log(`  indexer   ${indexerUrl}/api/auctions (lists), /api/status; the app falls back to logs when it is down`);
  console.log(`  logs      .deployments-local/node.log, ${withIndexer ? "indexer.log, " : ""}app.log`);
  console.log("  Ctrl-C stops everything.\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch(async (e) => {
    console.error(`npm start failed: ${e instanceof Error ? e.message : e}`);
    await Promise.all([stopServices(), beacon?.close()]);
    process.exit(1);
  });
}
