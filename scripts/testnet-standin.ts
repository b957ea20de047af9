/**
 * The testnet path end to end, against a stand-in for Sepolia: a second Hardhat node with Sepolia's chain
 * id (11155111), reached through the `sepolia` network entry exactly as a user reaches the real one — RPC
 * URL and deployer key from configuration variables (here the environment; on a workstation the encrypted
 * keystore). Deploys, creates an auction with a sealed reserve, commits from two bidders with their own
 * keys, reveals (one on the other's behalf), opens the reserve, settles (which delivers the lot, the change and
 * the proceeds), asks to claim what settlement delivered (the CLI sends nothing) and audits, each step a
 * separate `hardhat auction:* --network sepolia` process. Also checks that bad input exits non-zero with
 * one line and sends nothing. Stops the node by its process group.
 *
 *   npm run testnet:standin    (test/mocha/cli/standin.test.ts runs it without the reserve and the claims)
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeDeployData, encodeFunctionData, toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const HARDHAT_CLI = join(ROOT, "node_modules/hardhat/dist/src/cli.js");
/** Hardhat 3 needs Node 22: the project's own (node_modules/.bin/node) when this runs under an older one. */
const NODE =
  Number(process.versions.node.split(".")[0]) >= 22 || !existsSync(join(ROOT, "node_modules/.bin/node"))
    ? process.execPath
    : join(ROOT, "node_modules/.bin/node");
const SEPOLIA_CHAIN_ID = 11155111;

/**
 * Keys of the stand-in's funded accounts: Hardhat's public development mnemonic (never use it on a real
 * network). Account 0 deploys and sells; accounts 1 and 2 bid.
 */
const DEV_MNEMONIC = "test test test test test test test test test test test junk";
const KEYS = [0, 1, 2].map((i) => toHex(mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i }).getHdKey().privateKey!));

export interface StepResult {
  step: string;
  code: number | null;
  seconds: number;
  stdout: string;
  stderr: string;
}

export interface StandInResult {
  port: number;
  chainId: number;
  auctionHouse: string;
  auctionId: string;
  steps: StepResult[];
  audit: { ok: boolean; logs: number; status: string; winner: string | null; price: string };
  badInput: StepResult;
  blocksBeforeBadInput: number;
  blocksAfterBadInput: number;
  seconds: number;
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<any> {
  let res: Response | undefined;
  for (let attempt = 0; res === undefined; attempt++) {
    try {
      res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
    } catch (e) {
      // The node closes idle keep-alive sockets while the CLI steps run: retry on a fresh one.
      if (attempt >= 2) throw e;
    }
  }
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

async function freePort(preferred: number): Promise<number> {
  if (await portFree(preferred)) return preferred;
  for (let p = preferred + 10; p < preferred + 200; p++) if (await portFree(p)) return p;
  throw new Error(`no free port near ${preferred}`);
}

function startNode(port: number): ChildProcess {
  // detached: the node gets its own process group, so the whole group can be stopped at the end.
  return spawn(NODE, [HARDHAT_CLI, "node", "--network", "sepoliaStandIn", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0" },
  });
}

function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    }, 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

async function waitForChain(url: string, child: ChildProcess, log: string[], timeoutMs = 60_000): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`the stand-in node exited with code ${child.exitCode}:\n${log.join("")}`);
    try {
      return Number(BigInt(await rpc(url, "eth_chainId")));
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`the stand-in node did not answer within ${timeoutMs / 1000} s:\n${log.join("")}`);
}

/** Runs `hardhat <task> --network sepolia …` as a user would, with the key of `signer`. */
function cli(url: string, signer: number, step: string, args: string[]): StepResult {
  const started = Date.now();
  const r = spawnSync(NODE, [HARDHAT_CLI, ...args, "--network", "sepolia"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", SEPOLIA_RPC_URL: url, SEPOLIA_PRIVATE_KEY: KEYS[signer] },
    timeout: 120_000,
  });
  return { step, code: r.status, seconds: (Date.now() - started) / 1000, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

function artifact(artifactPath: string): { abi: unknown; bytecode: string } {
  const a = JSON.parse(readFileSync(join(ROOT, artifactPath), "utf8"));
  return { abi: a.abi, bytecode: a.bytecode };
}

/** Sends a transaction from an account the stand-in node holds (its default accounts are unlocked). */
async function sendFrom(url: string, from: string, tx: Record<string, string>): Promise<any> {
  const hash = await rpc(url, "eth_sendTransaction", [{ from, ...tx }]);
  const receipt = await rpc(url, "eth_getTransactionReceipt", [hash]);
  if (receipt?.status !== "0x1") throw new Error(`transaction ${hash} failed`);
  return receipt;
}

export interface StandInOptions {
  port?: number;
  log?: (line: string) => void;
  /** Also commit a sealed reserve and open it, and ask to claim the lot, the proceeds and the change, which
   * settlement delivered: each claim must say so and send nothing (default true). */
  full?: boolean;
}

export async function runStandIn(options: StandInOptions = {}): Promise<StandInResult> {
  const full = options.full !== false;
  const log = options.log ?? (() => {});
  const started = Date.now();
  if (!existsSync(join(ROOT, "artifacts/contracts/test/MockERC721.sol/MockERC721.json"))) {
    throw new Error("artifacts are missing: run `npx hardhat build` first");
  }
  const port = await freePort(options.port ?? 8546);
  const url = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), "standin-"));
  const deploymentId = `standin-${process.pid}-${Date.now()}`;
  const ignitionRoot = join(ROOT, "ignition/deployments");
  const ignitionDir = join(ignitionRoot, deploymentId);
  const nodeLog: string[] = [];
  const node = startNode(port);
  node.stdout?.on("data", (d) => nodeLog.push(String(d)));
  node.stderr?.on("data", (d) => nodeLog.push(String(d)));
  const steps: StepResult[] = [];
  const step = (signer: number, name: string, args: string[]) => {
    const r = cli(url, signer, name, args);
    steps.push(r);
    log(`${name}: exit ${r.code} in ${r.seconds.toFixed(1)} s`);
    if (r.code !== 0) throw new Error(`${name} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  try {
    const chainId = await waitForChain(url, node, nodeLog);
    if (chainId !== SEPOLIA_CHAIN_ID) throw new Error(`the stand-in answers chain id ${chainId}, not ${SEPOLIA_CHAIN_ID}`);
    log(`stand-in node on ${url}, chain id ${chainId}`);
    const accounts: string[] = await rpc(url, "eth_accounts");
    const [seller] = accounts;

    const common = ["--deployments", dir];
    step(0, "deploy", ["auction:deploy", ...common, "--deployment-id", deploymentId]);
    const record = JSON.parse(readFileSync(join(dir, `${SEPOLIA_CHAIN_ID}.json`), "utf8"));

    // The lot: a test ERC-721 minted to the seller (deployed straight through the node, not part of the CLI).
    const nft = artifact("artifacts/contracts/test/MockERC721.sol/MockERC721.json");
    const deployed = await sendFrom(url, seller, { data: encodeDeployData({ abi: nft.abi, bytecode: nft.bytecode, args: ["Stand-in Lot", "SLOT"] } as never) });
    const nftAddress: string = deployed.contractAddress;
    await sendFrom(url, seller, { to: nftAddress, data: encodeFunctionData({ abi: nft.abi as never, functionName: "mint", args: [seller, 1n] } as never) });

    const created = step(0, "create", [
      "auction:create", ...common, "--lot-token", nftAddress, "--token-id", "1", "--bond", "0.01", "--floor", "0.1",
      "--commit-window", "10m", "--reveal-window", "10m",
      ...(full ? ["--sealed-reserve", "0.5", "--receipt", join(dir, "reserve.json")] : []),
    ]);
    const auctionId = /Created auction (\d+)/.exec(created.stdout)?.[1];
    if (!auctionId) throw new Error(`no auction id in:\n${created.stdout}`);
    step(1, "commit (bidder 1)", ["auction:commit", ...common, "--auction", auctionId, "--amount", "1", "--deposit", "1.2", "--receipt", join(dir, "bid-1.json")]);
    step(2, "commit (bidder 2)", ["auction:commit", ...common, "--auction", auctionId, "--amount", "0.8", "--receipt", join(dir, "bid-2.json")]);

    // Ten minutes pass on the stand-in (a real testnet would make us wait).
    await rpc(url, "evm_increaseTime", [600]);
    await rpc(url, "evm_mine");
    step(1, "reveal (bidder 1)", ["auction:reveal", ...common, "--receipt", join(dir, "bid-1.json")]);
    step(1, "reveal (bidder 2's bid, sent by bidder 1)", ["auction:reveal", ...common, "--receipt", join(dir, "bid-2.json")]);
    if (full) step(0, "reveal-reserve", ["auction:reveal-reserve", ...common, "--receipt", join(dir, "reserve.json")]);
    step(2, "settle", ["auction:settle", ...common, "--auction", auctionId]);
    if (full) {
      step(1, "claim lot (delivered at settlement: nothing sent)", ["auction:claim", ...common, "--auction", auctionId, "--what", "lot"]);
      step(0, "claim proceeds (paid at settlement: nothing sent)", ["auction:claim", ...common, "--auction", auctionId, "--what", "proceeds"]);
      step(1, "claim change (paid at settlement: nothing sent)", ["auction:claim", ...common, "--auction", auctionId, "--what", "refund"]);
    }
    // The auditor reads only logs buried under 3 blocks on a non-local chain: let them be mined.
    await rpc(url, "hardhat_mine", ["0x3"]);
    step(2, "audit", ["auction:audit", ...common, "--auction", auctionId, "--json", join(dir, "audit.json")]);
    const audit = JSON.parse(readFileSync(join(dir, "audit.json"), "utf8"));

    const blocksBeforeBadInput = Number(BigInt(await rpc(url, "eth_blockNumber")));
    const badInput = cli(url, 1, "bad input (unknown auction)", ["auction:commit", ...common, "--auction", "999", "--amount", "1"]);
    steps.push(badInput);
    const blocksAfterBadInput = Number(BigInt(await rpc(url, "eth_blockNumber")));
    return {
      port, chainId, auctionHouse: record.auctionHouse, auctionId, steps,
      audit: { ok: audit.ok, logs: audit.logs, status: audit.status, winner: audit.expected?.winner ?? null, price: audit.expected?.price ?? "" },
      badInput, blocksBeforeBadInput, blocksAfterBadInput, seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await stopGroup(node);
    rmSync(ignitionDir, { recursive: true, force: true });
    // Leave no empty ignition/deployments behind (git does not track it anyway).
    if (existsSync(ignitionRoot) && readdirSync(ignitionRoot).length === 0) rmSync(ignitionRoot, { recursive: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await runStandIn({ log: (l) => console.log(l) });
  console.log(`\nStand-in Sepolia (chain ${r.chainId}) on port ${r.port}: AuctionHouse ${r.auctionHouse}, auction ${r.auctionId}`);
  console.log(`audit: ${r.audit.ok ? "OK" : "DIFFERENCES"}, ${r.audit.logs} logs, winner ${r.audit.winner}, price ${r.audit.price} wei`);
  console.log(`bad input: exit ${r.badInput.code}, stderr "${r.badInput.stderr.trim()}", blocks ${r.blocksBeforeBadInput} → ${r.blocksAfterBadInput}`);
  console.log(`total ${r.seconds.toFixed(1)} s`);
  if (!r.audit.ok || r.badInput.code === 0) process.exit(1);
}
