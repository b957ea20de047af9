/**
 * The indexer's HTTP API for the app's lists (JSON, bigints as decimal strings; CORS open, served by Ponder
 * on 127.0.0.1). Chain time for phases is the timestamp of the latest indexed block.
 *
 *   GET /api/status                     latest indexed block and its time, chain head, lag, ready
 *   GET /api/auctions?phase&seller&bidder&lotToken&format&sort&order&limit&cursor
 *                                       a page: { items, nextCursor, total, block, now }
 *   GET /api/auctions/:id               one auction with its bids and claims (a claim's `atSettlement`: settlement
 *                                       delivered it in its own transaction; false: claimed after a failed push)
 *   GET /api/bids?bidder=0x…            a bidder's bids, each with its auction ("my bids")
 *   GET /api/audit?…                    the audit index: the same page as /api/auctions (settlement included)
 */
import { db, publicClients } from "ponder:api";
import { auction, bid, claim } from "ponder:schema";
import { Hono, type Context } from "hono";
import { asc, desc, eq, sql } from "ponder";
import { parseListQuery, toJson, type IndexerStatusJson } from "../../../lib/indexed.js";
import { indexerSettings } from "../../settings.js";
import type { AuctionRow, BidRow, ClaimRow } from "../fold.js";
import { listAuctionRows } from "../queries.js";
import { auctionJson, bidJson } from "../serve.js";

const settings = indexerSettings();
const app = new Hono();

const json = (c: Context, value: unknown, status: 200 | 400 | 404 | 503 = 200) =>
  c.body(toJson(value), status, { "content-type": "application/json; charset=utf-8" });

/** The latest indexed block (number and timestamp) from Ponder's checkpoint table. */
async function indexedHead(): Promise<{ block: bigint; timestamp: number } | null> {
  const r = await db.execute(sql`SELECT latest_checkpoint FROM _ponder_checkpoint LIMIT 1`);
  const rows = ((r as { rows?: unknown[] }).rows ?? r) as { latest_checkpoint: string }[];
  const cp = rows[0]?.latest_checkpoint;
  if (!cp) return null;
  // Ponder's checkpoint: 10 digits timestamp, 16 chain id, 16 block number, …
  return { timestamp: Number(cp.slice(0, 10)), block: BigInt(cp.slice(26, 42)) };
}

async function isReady(): Promise<boolean> {
  const r = await db.execute(sql`SELECT value FROM _ponder_meta WHERE key = 'app'`);
  const rows = ((r as { rows?: unknown[] }).rows ?? r) as { value: { is_ready?: number } | string }[];
  const v = rows[0]?.value;
  const value = typeof v === "string" ? JSON.parse(v) : v;
  return value?.is_ready === 1;
}

async function chainTime(): Promise<{ now: number; block: bigint }> {
  const h = await indexedHead();
  return h ? { now: h.timestamp, block: h.block } : { now: 0, block: 0n };
}

app.get("/api/status", async (c) => {
  const [indexed, ready, head] = await Promise.all([
    indexedHead(),
    isReady().catch(() => false),
    publicClients.chain.getBlockNumber().catch(() => null),
  ]);
  const status: IndexerStatusJson = {
    chainId: settings.chainId,
    auctionHouse: settings.auctionHouse,
    indexed: indexed ? { block: indexed.block.toString(), timestamp: indexed.timestamp } : null,
    head: head === null ? null : { block: head.toString() },
    lagBlocks: head !== null && indexed ? (head > indexed.block ? head - indexed.block : 0n).toString() : null,
    ready,
  };
  return json(c, status);
});

const listRoute = async (c: Context) => {
  const { query, errors } = parseListQuery(new URL(c.req.url).searchParams);
  if (errors.length) return json(c, { error: errors.join("; ") }, 400);
  const { now, block } = await chainTime();
  const { rows, nextCursor, total } = await listAuctionRows(db, query, now);
  return json(c, { items: rows.map((r) => auctionJson(r, now)), nextCursor, total, block: block.toString(), now });
};
app.get("/api/auctions", listRoute);
app.get("/api/audit", listRoute);

app.get("/api/auctions/:id", async (c) => {
  const raw = c.req.param("id");
  if (!/^\d{1,78}$/.test(raw)) return json(c, { error: "the auction id must be a decimal integer" }, 400);
  const id = BigInt(raw);
  const { now, block } = await chainTime();
  const [row] = (await db.select().from(auction).where(eq(auction.id, id))) as AuctionRow[];
  if (!row) return json(c, { error: `auction ${id} is not indexed (up to block ${block})`, block: block.toString() }, 404);
  const bids = (await db.select().from(bid).where(eq(bid.auctionId, id)).orderBy(asc(bid.order))) as BidRow[];
  const claims = (await db.select().from(claim).where(eq(claim.auctionId, id)).orderBy(asc(claim.blockNumber), asc(claim.logIndex))) as ClaimRow[];
  return json(c, { auction: auctionJson(row, now), bids: bids.map(bidJson), claims, block: block.toString(), now });
});

app.get("/api/bids", async (c) => {
  const bidder = c.req.query("bidder") ?? "";
  if (!/^0x[0-9a-fA-F]{40}$/.test(bidder)) return json(c, { error: "bidder must be an address" }, 400);
  const { now, block } = await chainTime();
  const rows = (await db
    .select({ bid, auction })
    .from(bid)
    .innerJoin(auction, eq(bid.auctionId, auction.id))
    .where(eq(bid.bidder, bidder.toLowerCase() as `0x${string}`))
    .orderBy(desc(bid.auctionId))
    .limit(1000)) as { bid: BidRow; auction: AuctionRow }[];
  return json(c, { items: rows.map((r) => ({ bid: bidJson(r.bid), auction: auctionJson(r.auction, now) })), block: block.toString(), now });
});

export default app;
