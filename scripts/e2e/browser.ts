/**
 * Browser actors (one Chromium profile and wallet per account) and the UI helpers every step uses: waiting for
 * text, confirmed transactions, "nothing was sent" checks, screenshots, and the step runner.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import type { Address, Hex } from "viem";
import { OUT, RPC, T } from "./config.js";
import { Abort, assert, record } from "./report.js";
import { walletScript } from "./wallet.js";

export interface Actor {
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

export const actors: Actor[] = [];

export async function rpcCall(method: string, params: unknown[]): Promise<{ result?: unknown; error?: { code: number; message: string; data?: unknown } }> {
  const r = await fetch(RPC, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  return (await r.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
}

export async function openActor(name: string, account: Address, walletChainId = 31337): Promise<Actor> {
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

export async function closeActor(a: Actor) {
  await a.context.close();
  rmSync(a.dir, { recursive: true, force: true });
  actors.splice(actors.indexOf(a), 1);
}

export async function shot(a: Actor, file: string, fullPage = true) {
  // Scrolled to the top, the sticky header is drawn where it belongs in a full-page capture.
  if (fullPage) await a.page.evaluate("window.scrollTo(0, 0)");
  await a.page.waitForTimeout(300);
  await a.page.screenshot({ path: join(OUT, file), fullPage });
}

/** Waits until the locator's text matches. */
export async function waitText(loc: Locator, re: RegExp, timeout = T): Promise<string> {
  const start = Date.now();
  let last = "";
  while (Date.now() - start < timeout) {
    last = (await loc.first().innerText({ timeout: 1000 }).catch(() => "")) ?? "";
    if (re.test(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`expected ${re} but saw "${last.slice(0, 200)}"`);
}

export async function connect(a: Actor) {
  await a.page.getByTestId("wallet-button").click();
  await a.page.getByRole("button", { name: "E2E Wallet" }).click();
  await waitText(a.page.getByTestId("wallet-button"), /0x/i);
}

/** Waits for the tx status inside `scope` to reach confirmed (or fails with its message). */
export async function confirmed(scope: Locator, label: RegExp) {
  const status = scope.locator(".tx-status").filter({ hasText: label });
  const text = await waitText(status, /Confirmed\.|refused|failed|cancelled|not|blocked|Switch/i);
  assert(/Confirmed\./.test(text), `transaction did not confirm: ${text}`);
}

/** Runs `f`, then checks the actor's wallet sent nothing and the page shows `message`. */
export async function noTx(a: Actor, f: () => Promise<void>, message: Locator, re: RegExp) {
  const before = a.sent.length;
  const block = await rpcCall("eth_blockNumber", []);
  await f();
  await waitText(message, re, 10_000);
  await a.page.waitForTimeout(500);
  assert(a.sent.length === before, `${a.sent.length - before} transaction(s) were sent`);
  const after = await rpcCall("eth_blockNumber", []);
  assert(after.result === block.result, "a block was mined: something was sent");
}

let stepNo = 0;

/**
 * Runs one step. A failure is recorded with a screenshot of every open page; the run goes on, unless the
 * step is critical (later steps depend on it), which ends the run.
 */
export async function step(name: string, f: () => Promise<void>, opts: { critical?: boolean } = {}): Promise<boolean> {
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
