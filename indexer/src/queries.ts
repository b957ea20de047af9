/**
 * The list queries in SQL (drizzle), with the semantics of lib/indexed.ts applyListQuery: filters, sort by
 * one key with the auction id as tie-break, keyset cursor, total count. The phase filter picks the stored
 * phase step at chain time `now` (see lib/indexed.ts): the same answer as phaseAt.
 */
import { and, asc, count, desc, eq, exists, sql } from "ponder";
import { auction, bid } from "ponder:schema";
import { decodeCursor, encodeCursor, type ListQuery, type ListSort } from "../../lib/indexed.js";
import type { AuctionRow } from "./fold.js";

// The API's db is Ponder's read-only drizzle over the schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = any;
type SQL = ReturnType<typeof sql>;

/** SQL for phaseFromSteps(row's steps, now). */
export function phaseSql(now: number): SQL {
  const n = sql.raw(String(Math.floor(now)));
  return sql`(CASE
    WHEN ${auction.step1} IS NULL OR ${n} < ${auction.step1} THEN ${auction.phase0}
    WHEN ${auction.step2} IS NULL OR ${n} < ${auction.step2} THEN ${auction.phase1}
    WHEN ${auction.step3} IS NULL OR ${n} < ${auction.step3} THEN ${auction.phase2}
    WHEN ${auction.step4} IS NULL OR ${n} < ${auction.step4} THEN ${auction.phase3}
    ELSE ${auction.phase4} END)`;
}

const sortColumn = (s: ListSort) => ({ id: auction.id, commitEnd: auction.commitEnd, revealEnd: auction.revealEnd, bids: auction.commitCount })[s];

export function filtersSql(db: Db, q: ListQuery, now: number): SQL | undefined {
  const where: SQL[] = [];
  if (q.phase) where.push(sql`${phaseSql(now)} = ${q.phase}`);
  if (q.seller) where.push(eq(auction.seller, q.seller.toLowerCase() as `0x${string}`));
  if (q.lotToken) where.push(eq(auction.lotToken, q.lotToken.toLowerCase() as `0x${string}`));
  if (q.format) where.push(eq(auction.format, q.format));
  if (q.bidder) {
    where.push(exists(db.select({ one: sql`1` }).from(bid).where(and(eq(bid.auctionId, auction.id), eq(bid.bidder, q.bidder.toLowerCase() as `0x${string}`)))));
  }
  return where.length ? and(...where) : undefined;
}

export async function listAuctionRows(db: Db, q: ListQuery, now: number): Promise<{ rows: AuctionRow[]; nextCursor: string | null; total: number }> {
  const filters = filtersSql(db, q, now);
  const col = sortColumn(q.sort);
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  const keyset = cursor
    ? q.sort === "id"
      ? sql`${auction.id} ${sql.raw(q.order === "asc" ? ">" : "<")} ${cursor.id}`
      : sql`(${col}, ${auction.id}) ${sql.raw(q.order === "asc" ? ">" : "<")} (${cursor.value}, ${cursor.id})`
    : undefined;
  const dir = q.order === "asc" ? asc : desc;
  const order = q.sort === "id" ? [dir(auction.id)] : [dir(col), dir(auction.id)];
  const [rows, totals] = await Promise.all([
    db.select().from(auction).where(and(filters, keyset)).orderBy(...order).limit(q.limit + 1) as Promise<AuctionRow[]>,
    db.select({ n: count() }).from(auction).where(filters) as Promise<{ n: number }[]>,
  ]);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const value = (r: AuctionRow) => BigInt(q.sort === "id" ? r.id : q.sort === "bids" ? r.commitCount : q.sort === "commitEnd" ? r.commitEnd : r.revealEnd);
  return { rows: page, nextCursor: rows.length > q.limit && last ? encodeCursor(value(last), last.id) : null, total: Number(totals[0]?.n ?? 0) };
}
