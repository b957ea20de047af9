/**
 * `npm run e2e`: the dApp in real Chromium against a local Hardhat node and the production build.
 *
 * A seller creates an auction with a sealed reserve; two bidders commit from different accounts (separate
 * browser profiles, each with an injected EIP-6963 test wallet forwarding to the node's unlocked accounts);
 * chain time advances; both reveal — one by importing its downloaded receipt into a fresh profile; the
 * seller opens the reserve; a fourth account settles; the winner claims the lot; the loser got its deposit
 * back in its reveal; the audit page says it matches. Ownership and balances are asserted on chain with viem.
 * Bad input — wrong network, deposit below bid or bond, receipts for another auction or bidder, an action in
 * the wrong phase — must each give a clear message and send no transaction.
 *
 * Screenshots of every page go to e2e-results/. Ports: E2E_RPC_PORT (8555), E2E_APP_PORT (3055).
 * Prints `e2e: N passed, M failed` last and exits non-zero on failure.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { erc721Abi, formatEther, parseEther, type Address, type Hex } from "viem";
import { auctionHouseAbi } from "../lib/abi.js";
import { makeReceipt, serializeReceipt } from "../lib/receipt.js";
import { readDeployment } from "../lib/deployments.js";
import { DEMO_RECORD, exportAppConfig } from "./export-app-config.js";
import { DEMO_RECEIPTS_DIR, DEV_ACCOUNTS, deployLocal, localClients, seedDemo, userTokenIds, type LocalDeployment } from "./seed-demo.js";
import { buildApp, portInUse, rpcReady, run, startService, stopServices, waitFor, type Service } from "./start.js";
import { E2E_INDEXER_URL, indexerSteps, startE2eIndexer } from "./e2e/indexer.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "e2e-results");
const HOST = "127.0.0.1";
const RPC_PORT = Number(process.env.E2E_RPC_PORT ?? 8555);
const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3055);
const RPC = `http://${HOST}:${RPC_PORT}`;
const APP = `http://${HOST}:${APP_PORT}`;
const T = 30_000; // per UI wait
const started = Date.now();

const SELLER = DEV_ACCOUNTS[5];
const ALICE = DEV_ACCOUNTS[6];
const BOB = DEV_ACCOUNTS[7];
const ANYONE = DEV_ACCOUNTS[8];
const CAROL = DEV_ACCOUNTS[9]; // bids with a signature-derived secret and recovers it
const STRANGER = DEV_ACCOUNTS[4]; // never bids in the e2e auction
const LOT_ID = userTokenIds(0)[0]; // minted to SELLER by the demo seed

// ─── reporting ────────────────────────────────────────────────────────────────────────────────────────
let passed = 0;
let failed = 0;
const failures: string[] = [];
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

function record(ok: boolean, name: string, detail = "") {
  if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(`${name}${detail ? `: ${detail}` : ""}`);
  }
  console.log(`${ok ? "  ✓" : "  ✗"} ${name}${!ok && detail ? ` — ${detail}` : ""} [${elapsed()}]`);
}

class Abort extends Error {}
let stepNo = 0;

/**
 * Runs one step. A failure is recorded with a screenshot of every open page; the run goes on, unless the
 * step is critical (later steps depend on it), which ends the run.
 */
async function step(name: string, f: () => Promise<void>, opts: { critical?: boolean } = {}): Promise<boolean> {
  stepNo += 1;
  try {
    await f();
    record(true, name);
    return true;
  } catch (e) {
    record(false, name, (e instanceof Error ? e.message : String(e)).split("\n")[0]);
    for (const a of actors) await a.page.screenshot({ path: join(OUT, `fail-${String(stepNo).padStart(2, "0")}-${a.name}.png`), fullPage: true }).catch(() => {});
    if (opts.critical) throw new Abort(`stopping: "${name}" failed and later steps depend on it`);
    return false;
  }
}

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

// ─── test wallet ──────────────────────────────────────────────────────────────────────────────────────
const WALLET_ICON = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#6b3fa0"/><text x="16" y="21" font-size="13" text-anchor="middle" fill="#fff" font-family="sans-serif">E2E</text></svg>')}`;

/**
 * An EIP-1193 provider announced through EIP-6963. It answers eth_accounts with [] until eth_requestAccounts
 * (else wagmi would auto-connect mid-click), keeps its connection and chain in localStorage (so a reload
 * reconnects like a real wallet), supports wallet_switchEthereumChain to 31337, and forwards every other
 * call to the node through a Playwright binding, where the harness counts transactions.
 */
function walletScript(account: Address, chainId: number): string {
  return `(() => {
  const cfg = { account: ${JSON.stringify(account)}, chainId: ${chainId} };
  const KEY = "e2e-wallet";
  const load = () => { try { return JSON.parse(localStorage.getItem(KEY)) || { connected: false, chainId: cfg.chainId }; } catch { return { connected: false, chainId: cfg.chainId }; } };
  const save = (s) => localStorage.setItem(KEY, JSON.stringify(s));
  const listeners = {};
  const emit = (ev, arg) => (listeners[ev] || []).slice().forEach((f) => { try { f(arg); } catch (e) { console.error(e); } });
  const err = (message, code) => Object.assign(new Error(message), { code });
  const provider = {
    isE2EWallet: true,
    async request({ method, params }) {
      const s = load();
      switch (method) {
        case "eth_requestAccounts": s.connected = true; save(s); emit("connect", { chainId: "0x" + s.chainId.toString(16) }); emit("accountsChanged", [cfg.account]); return [cfg.account];
        case "eth_accounts": return s.connected ? [cfg.account] : [];
        case "eth_chainId": return "0x" + s.chainId.toString(16);
        case "net_version": return String(s.chainId);
        case "wallet_requestPermissions": s.connected = true; save(s); return [{ parentCapability: "eth_accounts" }];
        case "wallet_getPermissions": return s.connected ? [{ parentCapability: "eth_accounts" }] : [];
        case "wallet_revokePermissions": s.connected = false; save(s); emit("accountsChanged", []); return null;
        case "wallet_switchEthereumChain": {
          const id = parseInt(params[0].chainId, 16);
          if (id !== 31337 && id !== 1) throw err("Unrecognized chain " + id, 4902);
          s.chainId = id; save(s); emit("chainChanged", "0x" + id.toString(16)); return null;
        }
        case "wallet_addEthereumChain": return null;
      }
      const signing = method === "eth_sendTransaction" || method.startsWith("eth_sign") || method === "personal_sign";
      if (signing && !s.connected) throw err("The wallet is not connected", 4100);
      if (signing && localStorage.getItem("e2e-reject-next")) {
        localStorage.removeItem("e2e-reject-next");
        throw err("User rejected the request.", 4001);
      }
      const reply = JSON.parse(await window.__e2eRpc(JSON.stringify({ method, params: params || [], chainId: s.chainId })));
      if (reply.error) throw Object.assign(new Error(reply.error.message), { code: reply.error.code, data: reply.error.data });
      return reply.result;
    },
    on(ev, f) { (listeners[ev] = listeners[ev] || []).push(f); return provider; },
    removeListener(ev, f) { listeners[ev] = (listeners[ev] || []).filter((x) => x !== f); return provider; },
  };
  const info = Object.freeze({ uuid: "7a0e8b54-3d1c-4f4e-9f0a-e2e000000001", name: "E2E Wallet", icon: ${JSON.stringify(WALLET_ICON)}, rdns: "org.credible-auction.e2e" });
  const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
})();`;
}

interface Actor {
  name: string;
  account: Address;
  context: BrowserContext;
  page: Page;
  dir: string;
  /** Transactions this actor's wallet sent, in order. */
  sent: Hex[];
  /** Requests to anything but 127.0.0.1 (fonts, CDNs, telemetry…): must stay empty. */
  external: string[];
}

const actors: Actor[] = [];

async function rpcCall(method: string, params: unknown[]): Promise<{ result?: unknown; error?: { code: number; message: string; data?: unknown } }> {
  const r = await fetch(RPC, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  return (await r.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
}

async function openActor(name: string, account: Address, walletChainId = 31337): Promise<Actor> {
  const dir = mkdtempSync(join(tmpdir(), `e2e-${name}-`));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const actor: Actor = { name, account, context, page: context.pages()[0] ?? (await context.newPage()), dir, sent: [], external: [] };
  await context.exposeBinding("__e2eRpc", async (_source, payload: string) => {
    const { method, params, chainId } = JSON.parse(payload) as { method: string; params: unknown[]; chainId: number };
    if (method === "eth_sendTransaction" && chainId !== 31337) {
      // A real wallet would send this on its own chain: the app must never ask (it blocks on wrong network).
      actor.sent.push("0xWRONG_CHAIN" as Hex);
      return JSON.stringify({ error: { code: 4901, message: `E2E wallet: transaction requested while on chain ${chainId}` } });
    }
    const reply = await rpcCall(method, params);
    if (method === "eth_sendTransaction" && typeof reply.result === "string") actor.sent.push(reply.result as Hex);
    return JSON.stringify(reply);
  });
  await context.addInitScript(walletScript(account, walletChainId));
  context.on("request", (req) => {
    const url = new URL(req.url());
    if (!["127.0.0.1"].includes(url.hostname) && !["data:", "blob:"].includes(url.protocol)) actor.external.push(req.url());
  });
  actor.page.on("pageerror", (e) => console.log(`    [${name} page error] ${e.message.split("\n")[0]}`));
  actor.page.on("console", (m) => { if (m.type() === "error") console.log(`    [${name} console] ${m.text().split("\n")[0].slice(0, 300)}`); });
  actors.push(actor);
  return actor;
}

async function closeActor(a: Actor) {
  await a.context.close();
  rmSync(a.dir, { recursive: true, force: true });
  actors.splice(actors.indexOf(a), 1);
}

async function shot(a: Actor, file: string, fullPage = true) {
  // Scrolled to the top, the sticky header is drawn where it belongs in a full-page capture.
  if (fullPage) await a.page.evaluate("window.scrollTo(0, 0)");
  await a.page.waitForTimeout(300);
  await a.page.screenshot({ path: join(OUT, file), fullPage });
}

/** Waits until the locator's text matches. */
async function waitText(loc: Locator, re: RegExp, timeout = T): Promise<string> {
  const start = Date.now();
  let last = "";
  while (Date.now() - start < timeout) {
    last = (await loc.first().innerText({ timeout: 1000 }).catch(() => "")) ?? "";
    if (re.test(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`expected ${re} but saw "${last.slice(0, 200)}"`);
}

async function connect(a: Actor) {
  await a.page.getByTestId("wallet-button").click();
  await a.page.getByRole("button", { name: "E2E Wallet" }).click();
  await waitText(a.page.getByTestId("wallet-button"), /0x/i);
}

/** Waits for the tx status inside `scope` to reach confirmed (or fails with its message). */
async function confirmed(scope: Locator, label: RegExp) {
  const status = scope.locator(".tx-status").filter({ hasText: label });
  const text = await waitText(status, /Confirmed\.|refused|failed|cancelled|not|blocked|Switch/i);
  assert(/Confirmed\./.test(text), `transaction did not confirm: ${text}`);
}

/** Runs `f`, then checks the actor's wallet sent nothing and the page shows `message`. */
async function noTx(a: Actor, f: () => Promise<void>, message: Locator, re: RegExp) {
  const before = a.sent.length;
  const block = await rpcCall("eth_blockNumber", []);
  await f();
  await waitText(message, re, 10_000);
  await a.page.waitForTimeout(500);
  assert(a.sent.length === before, `${a.sent.length - before} transaction(s) were sent`);
  const after = await rpcCall("eth_blockNumber", []);
  assert(after.result === block.result, "a block was mined: something was sent");
}

// ─── the run ──────────────────────────────────────────────────────────────────────────────────────────
async function main() {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  let d: { chainId: number; auctionHouse: Address; nft: Address };
  let indexer: Service | null = null;
  if (process.env.E2E_EXTERNAL === "1") {
    // Development only: drive an already running seeded node and app (see `npm start` with RPC_PORT/APP_PORT).
    const dep = readDeployment(31337, join(ROOT, "deployments"))!;
    const demo = JSON.parse(readFileSync(DEMO_RECORD, "utf8"));
    d = { chainId: 31337, auctionHouse: dep.auctionHouse, nft: demo.nft };
  } else {
    for (const p of [RPC_PORT, APP_PORT]) if (await portInUse(p)) throw new Error(`port ${p} is in use; set E2E_RPC_PORT / E2E_APP_PORT`);
    console.log(`e2e: compiling contracts [${elapsed()}]`);
    run(join(ROOT, "node_modules/.bin/hardhat"), ["build", "--quiet", "--no-tests"]);
    console.log(`e2e: starting a Hardhat node on ${RPC} [${elapsed()}]`);
    const node = startService("hardhat node", join(ROOT, "node_modules/.bin/hardhat"), ["node", "--hostname", HOST, "--port", String(RPC_PORT)], { log: join(OUT, "node.log") });
    await waitFor("Hardhat node", () => rpcReady(RPC), 90_000, node);
    d = await deployLocal(RPC);
    await seedDemo(RPC, d as LocalDeployment);
    await exportAppConfig();
    indexer = await startE2eIndexer(RPC, OUT, d.auctionHouse, (d as LocalDeployment).deployBlock);
    console.log(`e2e: building the app [${elapsed()}]`);
    const env = { NEXT_PUBLIC_LOCAL_RPC_URL: RPC, NEXT_PUBLIC_INDEXER_URL: E2E_INDEXER_URL };
    console.log(`e2e: app ${buildApp(env, { distDir: ".next-e2e" })} [${elapsed()}]`);
    const server = startService("next start", join(ROOT, "node_modules/.bin/next"), ["start", "app", "--hostname", HOST, "--port", String(APP_PORT)], {
      env: { NEXT_TELEMETRY_DISABLED: "1", APP_DIST_DIR: ".next-e2e", ...env },
      log: join(OUT, "app.log"),
    });
    await waitFor("app server", async () => (await fetch(APP)).status < 500, 60_000, server);
  }
  console.log(`e2e: app on ${APP}; driving Chromium [${elapsed()}]`);

  const { publicClient } = localClients(RPC);
  const house = d.auctionHouse;
  const balance = (a: Address) => publicClient.getBalance({ address: a });
  const gasOf = async (hashes: Hex[]) => {
    let total = 0n;
    for (const h of hashes) {
      const r = await publicClient.getTransactionReceipt({ hash: h });
      total += r.gasUsed * r.effectiveGasPrice;
    }
    return total;
  };
  const start = { seller: await balance(SELLER), alice: await balance(ALICE), bob: await balance(BOB), carol: await balance(CAROL), house: await balance(d.auctionHouse) };

  // Seller: wallet starts on the wrong network (chain 1).
  const seller = await openActor("seller", SELLER, 1);
  let auctionId = 0n;
  await step("auctions page lists the seeded demo auctions from events", async () => {
    await seller.page.goto(APP);
    await waitText(seller.page.locator("table.auctions"), /Settled/);
    await waitText(seller.page.locator("table.auctions"), /Commit window|Reveal window/);
    await shot(seller, "01-auctions.png");
  });
  await step("wallet menu lists the EIP-6963 wallet by name and icon", async () => {
    await seller.page.getByTestId("wallet-button").click();
    const item = seller.page.getByRole("button", { name: "E2E Wallet" });
    await item.waitFor({ timeout: T });
    assert(await item.locator("img").count() === 1, "no wallet icon");
    await shot(seller, "02-connect-menu.png", false);
    await item.click();
    await waitText(seller.page.getByTestId("wallet-button"), /0x9965/i);
  });
  await step("bad input: wrong network is flagged and blocks transactions (nothing sent)", async () => {
    await waitText(seller.page.getByTestId("wrong-network"), /chain 1/);
    await seller.page.getByRole("link", { name: "Create", exact: true }).click();
    await seller.page.getByLabel("Token id").fill(LOT_ID.toString());
    await seller.page.getByTestId("approve-lot").waitFor({ timeout: T });
    await noTx(seller, () => seller.page.getByTestId("approve-lot").click(), seller.page.locator(".tx-status"), /Switch to Hardhat local/);
    await shot(seller, "03-create-wrong-network.png");
  });
  await step("switch-chain prompt moves the wallet to the local chain", async () => {
    await seller.page.getByTestId("wrong-network").getByRole("button", { name: /Switch to/ }).click();
    await seller.page.getByTestId("wrong-network").waitFor({ state: "detached", timeout: T });
    await waitText(seller.page.getByTestId("wallet-button"), /Hardhat local/);
  });
  await step("seller approves and escrows the lot, creating a second-price auction with a sealed reserve", async () => {
    const p = seller.page;
    await p.getByTestId("approve-lot").click();
    await confirmed(p.locator("#lot, #create"), /Approve lot/);
    await waitText(p.getByTestId("lot-status"), /· approved for escrow/);
    await p.getByLabel("Commit window", { exact: true }).fill("1");
    await p.getByLabel("Commit window unit").selectOption("hours");
    await p.getByLabel("Reveal window", { exact: true }).fill("1");
    await p.getByLabel("Reveal window unit").selectOption("hours");
    await p.getByLabel("Bond (ETH)").fill("0.1");
    await p.getByLabel("Sealed reserve, hidden until you open it").check();
    await p.getByLabel("Sealed reserve (ETH)").fill("1");
    await p.getByTestId("create-submit").click();
    const text = await waitText(p.getByTestId("created"), /Auction #\d+ is live/);
    auctionId = BigInt(/#(\d+)/.exec(text)![1]);
    await shot(seller, "04-create-done.png");
    const owner = await publicClient.readContract({ address: d.nft, abi: erc721Abi, functionName: "ownerOf", args: [LOT_ID] });
    assert(owner.toLowerCase() === house.toLowerCase(), `lot owner is ${owner}, not the AuctionHouse`);
    const stored = await p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("credible-auction/v1/secret/")));
    assert(stored.some((k) => k.endsWith("/reserve")), "the sealed reserve's secret is not in browser storage");
  }, { critical: true });
  const auctionUrl = () => `${APP}/auctions/${auctionId}`;

  // Bidder A.
  const alice = await openActor("alice", ALICE);
  await step("bad input: deposit below the bid is refused with a clear message (nothing sent)", async () => {
    await alice.page.goto(auctionUrl());
    await connect(alice);
    await alice.page.getByLabel("Your bid (ETH)").fill("1.5");
    await alice.page.getByLabel("Deposit (ETH)").fill("1");
    await noTx(alice, () => alice.page.getByRole("button", { name: "Commit bid" }).click(), alice.page.locator("#commit-problems"), /below your bid/);
  });
  await step("bad input: deposit below the bond is refused with a clear message (nothing sent)", async () => {
    await alice.page.getByLabel("Your bid (ETH)").fill("0.01");
    await alice.page.getByLabel("Deposit (ETH)").fill("0.05");
    await noTx(alice, () => alice.page.getByRole("button", { name: "Commit bid" }).click(), alice.page.locator("#commit-problems"), /below this auction's bond of 0\.1 ETH/);
  });
  await step("a rejection in the wallet is reported as a cancellation, not an error (nothing sent)", async () => {
    await alice.page.getByLabel("Your bid (ETH)").fill("1.5");
    await alice.page.getByLabel("Deposit (ETH)").fill("2");
    await alice.page.evaluate("localStorage.setItem('e2e-reject-next', '1')");
    await noTx(alice, () => alice.page.getByRole("button", { name: "Commit bid" }).click(), alice.page.locator("#commit .tx-status[data-stage]"), /You cancelled the request in your wallet\. Nothing was sent\./);
    const stage = await alice.page.locator("#commit .tx-status[data-stage]").last().getAttribute("data-stage");
    assert(stage === "rejected", `the status is "${stage}", not "rejected"`);
  });
  await step("bidder A commits 1.5 ETH with the suggested padded deposit (2 ETH)", async () => {
    await alice.page.getByLabel("Your bid (ETH)").fill("1.5");
    await alice.page.getByLabel("Deposit (ETH)").fill("");
    await alice.page.getByRole("button", { name: /^Use 2 ETH$/ }).click();
    await waitText(alice.page.locator("#commit-visibility"), /deposit of 2 ETH/);
    await alice.page.getByRole("button", { name: "Commit bid" }).click();
    await confirmed(alice.page.locator("#commit"), /Commit bid/);
    await shot(alice, "05-auction-committed.png");
  }, { critical: true });
  await step("bad input: settling in the commit window is refused with a clear message (nothing sent)", async () => {
    await noTx(alice, () => alice.page.getByTestId("settle").click(), alice.page.locator("#settle .tx-status"), /Settlement opens after/);
  });

  // Bidder B, first profile: commits and downloads its receipt.
  let bobReceiptPath = "";
  const bob = await openActor("bob", BOB);
  await step("bidder B commits 1.2 ETH (deposit 1.5) and downloads its receipt", async () => {
    await bob.page.goto(auctionUrl());
    await connect(bob);
    await bob.page.getByLabel("Your bid (ETH)").fill("1.2");
    await bob.page.getByLabel("Deposit (ETH)").fill("1.5");
    await bob.page.getByRole("button", { name: "Commit bid" }).click();
    await confirmed(bob.page.locator("#commit"), /Commit bid/);
    const [download] = await Promise.all([bob.page.waitForEvent("download"), bob.page.getByTestId("download-receipt").click()]);
    bobReceiptPath = join(OUT, "bob-receipt.json");
    await download.saveAs(bobReceiptPath);
    const r = JSON.parse(readFileSync(bobReceiptPath, "utf8"));
    assert(r.amount === parseEther("1.2").toString() && r.account.toLowerCase() === BOB.toLowerCase(), "receipt content is wrong");
  }, { critical: true });
  await step("My bids lists B's stored bid with what to do now", async () => {
    await bob.page.getByRole("link", { name: "My bids" }).click();
    await waitText(bob.page.getByTestId(`my-bid-${auctionId}-bid`), /Bid 1\.2 ETH[\s\S]*Reveal in the reveal window, which opens in/);
    await shot(bob, "06-my-bids.png");
  });
  await closeActor(bob); // B's browser profile, with its stored secret, is gone for good.

  const carol = await openActor("carol", CAROL);
  await step("bidder C commits 0.5 ETH with a secret derived from an EIP-712 wallet signature", async () => {
    await carol.page.goto(auctionUrl());
    await connect(carol);
    await carol.page.getByLabel("Your bid (ETH)").fill("0.5");
    await carol.page.getByLabel("Deposit (ETH)").fill("0.8");
    await carol.page.getByLabel(/Derived from a wallet signature/).check();
    await carol.page.getByRole("button", { name: "Commit bid" }).click();
    await confirmed(carol.page.locator("#commit"), /Commit bid/);
  }, { critical: true });
  await closeActor(carol); // C loses its browser storage and never downloaded a receipt.

  await step("local time control jumps chain time into the reveal window", async () => {
    await seller.page.goto(auctionUrl());
    await seller.page.getByRole("button", { name: "Jump to the reveal window" }).click();
    await waitText(seller.page.locator("h1"), /Reveal window/);
  }, { critical: true });
  await step("a banner on connect tells A a reveal is pending; A reveals from browser storage", async () => {
    await alice.page.goto(auctionUrl());
    await waitText(alice.page.getByTestId("pending-reveals"), /sealed bid to open[\s\S]*closes in/);
    await shot(alice, "07-auction-reveal-banner.png");
    await alice.page.getByTestId("reveal-mine").click();
    await confirmed(alice.page.locator("#reveal"), /Reveal my bid/);
  });

  // Bidder B, fresh profile: only the receipt file survives.
  const bob2 = await openActor("bob-fresh-profile", BOB);
  await step("bad input: a receipt for another auction is refused (nothing sent)", async () => {
    await bob2.page.goto(auctionUrl());
    await connect(bob2);
    const other = join(DEMO_RECEIPTS_DIR, "auction-3-bob-bid.json");
    await bob2.page.locator("#reveal summary").first().click();
    await noTx(bob2, () => bob2.page.locator("#reveal").getByTestId("receipt-file").setInputFiles(other), bob2.page.locator("#reveal .problems"), new RegExp(`for auction 3, not auction ${auctionId}`));
  });
  await step("bad input: a receipt of another bidder with no commitment here is refused (nothing sent)", async () => {
    const forged = makeReceipt({ role: "bid", chainId: 31337, auctionHouse: house, auctionId, account: STRANGER, amount: parseEther("5"), salt: `0x${"42".repeat(32)}`, deposit: parseEther("5") });
    const path = join(OUT, "stranger-receipt.json");
    writeFileSync(path, serializeReceipt(forged));
    await noTx(bob2, () => bob2.page.locator("#reveal").getByTestId("receipt-file").setInputFiles(path), bob2.page.locator("#reveal .problems"), /has no commitment in auction/);
    await shot(bob2, "08-import-bad-receipt.png");
  });
  await step("B reveals in a fresh browser profile by importing its receipt", async () => {
    await bob2.page.locator("#reveal").getByTestId("receipt-file").setInputFiles(bobReceiptPath);
    await bob2.page.getByTestId("reveal-mine").click();
    await confirmed(bob2.page.locator("#reveal"), /Reveal my bid/);
  });
  const carol2 = await openActor("carol-fresh-profile", CAROL);
  await step("bad input: recovering with the wrong amount is refused (nothing sent)", async () => {
    await carol2.page.goto(auctionUrl());
    await connect(carol2);
    await carol2.page.locator("summary", { hasText: "Recover a signature-derived secret" }).click();
    await carol2.page.getByLabel(/The amount you bid/).fill("0.6");
    await noTx(carol2, () => carol2.page.getByRole("button", { name: "Sign and check" }).click(), carol2.page.locator("#reveal .problems"), /does not give the commitment on chain/);
  });
  await step("C recovers its secret by signing again, checked against the chain, and reveals", async () => {
    await carol2.page.getByLabel(/The amount you bid/).fill("0.5");
    await carol2.page.getByRole("button", { name: "Sign and check" }).click();
    await carol2.page.getByTestId("reveal-mine").click();
    await confirmed(carol2.page.locator("#reveal"), /Reveal my bid/);
    await shot(carol2, "09a-auction-recovered-reveal.png");
  });
  await step("the loser's deposit came back in its reveal (on chain)", async () => {
    const [status] = await publicClient.readContract({ address: house, abi: auctionHouseAbi, functionName: "positionOf", args: [auctionId, BOB] });
    assert(Number(status) === 0, `contract still holds something for B (status ${status})`);
    const spent = await gasOf(bob.sent.concat(bob2.sent));
    const now = await balance(BOB);
    assert(now === start.bob - spent, `B's balance is off by ${formatEther(start.bob - spent - now)} ETH`);
    const c = await balance(CAROL);
    const cSpent = await gasOf(carol.sent.concat(carol2.sent));
    assert(c === start.carol - cSpent, `C's balance is off by ${formatEther(start.carol - cSpent - c)} ETH`);
  });

  await step("the seller opens the sealed reserve", async () => {
    await seller.page.goto(auctionUrl());
    await seller.page.getByTestId("open-reserve").click();
    await confirmed(seller.page.locator("#seller"), /Open sealed reserve/);
    await shot(seller, "09-auction-all-opened.png");
  });

  const anyone = await openActor("anyone", ANYONE);
  await step("a fourth account settles early once everything is open", async () => {
    await anyone.page.goto(auctionUrl());
    await connect(anyone);
    await anyone.page.getByTestId("settle").click();
    await confirmed(anyone.page.locator("#settle, #claims"), /Settle/);
    await waitText(anyone.page.getByTestId("outcome"), /Price\s*1\.2 ETH/);
  }, { critical: true });

  await step("the winner claims the lot and its change", async () => {
    await alice.page.goto(auctionUrl());
    await alice.page.getByTestId("claim-lot").click();
    await confirmed(alice.page.locator("#claims"), /Claim lot/);
    await alice.page.getByTestId("withdraw-refund").click();
    await confirmed(alice.page.locator("#claims"), /Withdraw refund/);
    await shot(alice, "10-auction-settled-winner.png");
  });
  await step("the seller withdraws the price plus its reserve bond", async () => {
    await seller.page.goto(auctionUrl());
    await seller.page.getByTestId("withdraw-proceeds").click();
    await confirmed(seller.page.locator("#claims"), /Withdraw proceeds/);
  });
  await step("on chain: the winner owns the lot, balances moved exactly by price and gas, the house keeps nothing of this auction", async () => {
    const owner = await publicClient.readContract({ address: d.nft, abi: erc721Abi, functionName: "ownerOf", args: [LOT_ID] });
    assert(owner.toLowerCase() === ALICE.toLowerCase(), `lot owner is ${owner}`);
    const price = parseEther("1.2");
    const a = await balance(ALICE);
    assert(a === start.alice - price - (await gasOf(alice.sent)), `A's balance is off by ${formatEther(start.alice - price - (await gasOf(alice.sent)) - a)} ETH`);
    const s = await balance(SELLER);
    assert(s === start.seller + price - (await gasOf(seller.sent)), `seller's balance is off by ${formatEther(start.seller + price - (await gasOf(seller.sent)) - s)} ETH`);
    const state = await publicClient.readContract({ address: house, abi: auctionHouseAbi, functionName: "auctionState", args: [auctionId] });
    assert(state.settled && state.winner.toLowerCase() === ALICE.toLowerCase() && state.runnerUp === price && state.lotClaimed, "auctionState disagrees");
    const h = await balance(d.auctionHouse);
    assert(h === start.house, `the AuctionHouse holds ${formatEther(h - start.house)} ETH more than before this auction`);
  });

  await step("the audit page recomputes the outcome in the browser and says it matches", async () => {
    await anyone.page.goto(`${auctionUrl()}/audit`);
    await waitText(anyone.page.getByTestId("audit-verdict"), /^Matches\./);
    await waitText(anyone.page.getByTestId("event-table"), /AuctionSettled[\s\S]*LotClaimed/);
    await waitText(anyone.page.getByTestId("contract-facts"), /matches[\s\S]*none: no owner/);
    await shot(anyone, "11-audit-auction.png");
  });
  await step("the audit index shows the contract's credibility facts", async () => {
    await anyone.page.getByRole("link", { name: "Audit", exact: true }).click();
    await waitText(anyone.page.getByTestId("contract-facts"), /Privileged functions[\s\S]*none/);
    await shot(anyone, "12-audit-index.png");
  });
  await step("My bids shows the finished bid as done", async () => {
    await alice.page.goto(`${APP}/my-bids`);
    await waitText(alice.page.getByTestId(`my-bid-${auctionId}-bid`), /Done/);
    await shot(alice, "13-my-bids-done.png");
  });
  await step("responsive: the auction page fits a phone screen without horizontal scrolling", async () => {
    await anyone.page.setViewportSize({ width: 390, height: 844 });
    await anyone.page.goto(auctionUrl());
    await waitText(anyone.page.locator("h1"), /Auction #/);
    await anyone.page.getByTestId("outcome").waitFor({ timeout: T });
    const overflow = await anyone.page.evaluate("document.documentElement.scrollWidth - window.innerWidth") as number;
    await shot(anyone, "14-auction-phone.png");
    assert(overflow <= 1, `page is ${overflow}px wider than the screen`);
  });
  await step("keyboard: the wallet menu opens, is navigable and closes with Escape", async () => {
    const p = anyone.page;
    await p.setViewportSize({ width: 1280, height: 900 });
    await p.goto(APP);
    await p.getByTestId("wallet-button").focus();
    await p.keyboard.press("Enter");
    await p.getByRole("group", { name: "Wallet" }).waitFor({ timeout: T });
    await p.keyboard.press("Escape");
    await p.getByRole("group", { name: "Wallet" }).waitFor({ state: "detached", timeout: T });
  });
  await step("mechanism lab: uniform 0..1, 5 bidders gives reserve 0.5; \"use these settings\" pre-fills the create form", async () => {
    const p = anyone.page;
    await p.getByRole("link", { name: "Lab", exact: true }).click();
    await p.getByLabel("Distribution").selectOption("uniform");
    await p.getByLabel("Lowest value a").fill("0");
    await p.getByLabel("Highest value b").fill("1");
    await p.getByLabel("Number of bidders").fill("5");
    await p.getByTestId("lab-compute").click();
    await waitText(p.getByTestId("lab-reserve"), /^0\.5$/);
    await waitText(p.getByTestId("lab-bond"), /^0\.5/);
    await p.getByTestId("lab-shill-chart").locator(".recharts-line").first().waitFor({ timeout: T });
    await shot(anyone, "15-lab.png");
    await p.getByTestId("lab-use").click();
    await p.getByLabel("Public floor, visible to all").waitFor({ timeout: T });
    assert(await p.getByLabel("Public floor, visible to all").isChecked(), "the public floor is not selected");
    const floor = await p.getByLabel(/^Public floor \(/).inputValue();
    const bond = await p.getByLabel(/^Bond \(/).inputValue();
    assert(floor === "0.5" && /^0\.5/.test(bond), `create form shows floor "${floor}", bond "${bond}"`);
  });
  if (indexer) {
    await indexerSteps({ page: anyone.page, appUrl: APP, step, waitText, assert, shot: (f) => shot(anyone, f), indexer });
  }
  await step("no page fetched anything but 127.0.0.1 (no network fonts or assets)", async () => {
    const ext = [...new Set(actors.flatMap((a) => a.external))];
    assert(ext.length === 0, `external requests: ${ext.slice(0, 3).join(", ")}`);
  });
}

let code = 0;
const interrupt = async () => {
  console.log("\ne2e: interrupted; stopping the node, the app and the browsers");
  for (const a of [...actors]) await closeActor(a).catch(() => {});
  await stopServices();
  process.exit(130);
};
process.on("SIGINT", () => void interrupt());
process.on("SIGTERM", () => void interrupt());
try {
  await main();
} catch (e) {
  if (e instanceof Abort) console.log(`e2e: ${e.message}`);
  else record(false, "e2e harness", e instanceof Error ? e.message : String(e));
} finally {
  for (const a of [...actors]) await closeActor(a).catch(() => {});
  await stopServices();
  if (failures.length) console.log(`\nfailures:\n${failures.map((f) => `  - ${f}`).join("\n")}`);
  console.log(`\nscreenshots: e2e-results/  duration: ${elapsed()}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  code = failed > 0 || passed === 0 ? 1 : 0;
}
process.exit(code);
