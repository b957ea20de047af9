/**
 * E2E steps for the indexer (hooked into scripts/e2e.ts): the auctions page served by the indexer, with
 * pages and a filter; then the indexer stopped: the page says so and lists the same auctions from logs.
 */
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { latestBlock, startIndexer, waitForIndexer } from "../indexer.js";
import type { Service } from "../start.js";

export const E2E_INDEXER_PORT = Number(process.env.E2E_INDEXER_PORT ?? 42055);
export const E2E_INDEXER_URL = `http://127.0.0.1:${E2E_INDEXER_PORT}`;

/** Starts the indexer for the e2e chain (PGlite under the results directory) and waits until it caught up. */
export async function startE2eIndexer(rpcUrl: string, outDir: string, auctionHouse: string, startBlock: number): Promise<Service> {
  const s = startIndexer({ rpcUrl, port: E2E_INDEXER_PORT, log: join(outDir, "indexer.log"), pgliteDir: join(outDir, "indexer-pglite"), auctionHouse, startBlock });
  await waitForIndexer(E2E_INDEXER_URL, { block: await latestBlock(rpcUrl), service: s, timeoutMs: 180_000 });
  return s;
}

export interface E2eKit {
  page: Page;
  appUrl: string;
  step: (name: string, f: () => Promise<void>) => Promise<boolean>;
  waitText: (loc: Locator, re: RegExp, timeout?: number) => Promise<string>;
  shot: (file: string) => Promise<void>;
  assert: (cond: unknown, msg: string) => void;
  indexer: Service;
}

const rowIds = async (page: Page) =>
  (await page.locator("table.auctions tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-testid")))).map((t) => (t ?? "").replace("auction-row-", ""));

/** The phase badges once the filtered page has replaced the unfiltered one (the table re-renders after the query). */
async function onlySettled(page: Page): Promise<string[]> {
  const badges = "table.auctions tbody td[data-label='Phase'] .badge";
  await page.waitForFunction(
    `(() => { const b = [...document.querySelectorAll(${JSON.stringify(badges)})].map((x) => x.textContent.trim()); return b.length > 0 && b.every((t) => t === "Settled"); })()`,
    undefined, { timeout: 30_000 },
  ).catch(() => undefined);
  return page.locator(badges).allInnerTexts();
}

export async function indexerSteps(k: E2eKit): Promise<void> {
  const { page } = k;
  await k.step("indexer: the auctions page is served by the indexer, in pages of 5 with Next/Previous", async () => {
    await page.goto(k.appUrl);
    await page.getByTestId("list-source").and(page.locator('[data-source="indexer"]')).waitFor({ timeout: 30_000 });
    await page.getByLabel("Per page").selectOption("5");
    // The status and the rows re-render after the query: wait for a page count above 1 and five rows,
    // not for the unpaged table that was on screen before the change.
    const status = await k.waitText(page.getByTestId("pager-status"), /^Page 1 of ([2-9]|\d\d+) · \d+ auctions$/);
    const total = Number(/· (\d+) auctions/.exec(status)![1]);
    k.assert(total >= 6, `only ${total} auctions listed`);
    await page.waitForFunction(`document.querySelectorAll("table.auctions tbody tr").length === 5`, undefined, { timeout: 30_000 }).catch(() => undefined);
    const first = await rowIds(page);
    k.assert(first.length === 5 && Number(first[0]) > Number(first[4]), `first page rows ${first.join(",")}`);
    await page.getByRole("button", { name: "Next →" }).click();
    await k.waitText(page.getByTestId("pager-status"), /^Page 2 of/);
    await page.waitForFunction(
      `(() => { const ids = [...document.querySelectorAll("table.auctions tbody tr")].map((r) => r.getAttribute("data-testid")); return ids.length > 0 && !ids.includes("auction-row-${first[0]}"); })()`,
      undefined, { timeout: 30_000 });
    const second = await rowIds(page);
    k.assert(Number(second[0]) < Number(first[4]), `second page ${second.join(",")} does not follow ${first.join(",")}`);
    await k.shot("16-indexer-page-2.png");
    await page.getByRole("button", { name: "← Previous" }).click();
    await k.waitText(page.getByTestId("pager-status"), /^Page 1 of/);
  });
  await k.step("indexer: the phase filter lists only settled auctions", async () => {
    await page.getByLabel("Per page").selectOption("20");
    await page.getByLabel("Phase").selectOption("settled");
    await k.waitText(page.getByTestId("pager-status"), /^Page 1 of 1 · \d+ auctions?$/);
    const phases = await onlySettled(page);
    k.assert(phases.length > 0 && phases.every((p) => p === "Settled"), `phases shown: ${phases.join(", ")}`);
    await k.shot("17-indexer-filter-settled.png");
  });
  await k.step("indexer stopped: the page says so and lists the auctions from logs, filters still applied", async () => {
    const pid = k.indexer.child.pid!;
    await new Promise<void>((done) => { k.indexer.child.once("exit", () => done()); process.kill(-pid, "SIGTERM"); });
    await page.goto(k.appUrl);
    await k.waitText(page.getByTestId("list-source"), /indexer .* is not answering[\s\S]*from the contract's events/);
    await page.getByLabel("Phase").selectOption("settled");
    await k.waitText(page.getByTestId("pager-status"), /^Page 1 of 1 · \d+ auctions?$/);
    const phases = await onlySettled(page);
    k.assert(phases.length > 0 && phases.every((p) => p === "Settled"), `phases shown from logs: ${phases.join(", ")}`);
    await page.getByLabel("Phase").selectOption("");
    await k.waitText(page.getByTestId("pager-status"), /· ([6-9]|\d\d+) auctions/);
    await k.shot("18-indexer-down-logs-fallback.png");
  });
}
