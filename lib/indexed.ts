/**
 * The indexer's side of the app's lists, in plain TypeScript shared by the indexer (indexer/), the app and
 * the tests: the list query (filters, sort, keyset cursor), its in-memory reference over auction summaries
 * (what the app does when it falls back to logs, and what the tests compare the SQL with), the JSON codec of
 * the HTTP API (bigints as decimal strings) and the phase as a step function of chain time.
 *
 * Phase: lib/history.ts phaseAt is the rule. Between two deadlines of an auction's schedule the phase does
 * not depend on the clock, so the indexer stores, each time an event changes the schedule's flags, the
 * deadlines in order and phaseAt evaluated on each interval (`phaseSteps`). A query at chain time `now`
 * then only picks the interval (SQL CASE, or `phaseFromSteps` here): the answer is phaseAt's by
 * construction, and follows it when the rule gains a deadline.
 */
import { getAddress, type Address, type Hex } from "viem";
import { FORMATS, type AuctionTerms, type Format } from "./auction.js";
import { effectiveDeposit, phaseAt, type AuctionSummary, type BidderHistory, type EventMeta, type HistoryPhase, type PhaseSchedule, type SettlementRecord } from "./history.js";

// ─── phase as a step function ─────────────────────────────────────────────────────────────────────────

/** Deadlines (ascending, distinct) and the phase before the first, between each pair and after the last. */
export interface PhaseSteps {
  at: number[];
  phases: HistoryPhase[];
}

/**
 * How many deadlines the indexer's table has room for (it refuses a schedule with more, loudly). The rule
 * has three (commitEnd, reserveEnd, revealEnd); the table keeps one spare.
 */
export const MAX_PHASE_STEPS = 4;

/** The deadlines of a schedule: every numeric field (commitEnd, reserveEnd, revealEnd, …), whatever the rule adds. */
export function deadlinesOf(s: PhaseSchedule): number[] {
  const values = Object.values(s).filter((v): v is number => typeof v === "number" && Number.isFinite(v) && v > 0);
  return [...new Set(values)].sort((a, b) => a - b);
}

/** phaseAt evaluated on each interval between the schedule's deadlines. */
export function phaseSteps(s: PhaseSchedule): PhaseSteps {
  const at = deadlinesOf(s);
  const phases = [phaseAt(s, at.length > 0 ? at[0] - 1 : 0), ...at.map((t) => phaseAt(s, t))];
  return { at, phases };
}

/** The phase at chain time `now` from stored steps: equals phaseAt(schedule, now). */
export function phaseFromSteps(steps: PhaseSteps, now: number): HistoryPhase {
  let i = 0;
  while (i < steps.at.length && now >= steps.at[i]) i += 1;
  return steps.phases[i];
}

// ─── list query ───────────────────────────────────────────────────────────────────────────────────────

export const LIST_SORTS = ["id", "commitEnd", "revealEnd", "bids"] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export const LIST_PHASES: readonly HistoryPhase[] = ["committing", "opening-reserve", "revealing", "awaiting-settlement", "settled", "cancelled"];
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export interface ListQuery {
  phase?: HistoryPhase;
  seller?: Address;
  /** Auctions this address committed to. */
  bidder?: Address;
  lotToken?: Address;
  format?: Format;
  sort: ListSort;
  order: "asc" | "desc";
  limit: number;
  /** Opaque: the `nextCursor` of the previous page. */
  cursor?: string;
}

export const DEFAULT_LIST_QUERY: ListQuery = { sort: "id", order: "desc", limit: DEFAULT_LIMIT };

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** Parses URL parameters; unknown values are reported, not guessed. */
export function parseListQuery(params: URLSearchParams | Record<string, string | undefined>): { query: ListQuery; errors: string[] } {
  const get = (k: string) => (params instanceof URLSearchParams ? (params.get(k) ?? undefined) : params[k]) || undefined;
  const errors: string[] = [];
  const q: ListQuery = { ...DEFAULT_LIST_QUERY };
  const phase = get("phase");
  if (phase) {
    // Whatever phaseAt can return is a valid filter (the rule may gain phases).
    if (/^[a-z-]+$/.test(phase)) q.phase = phase as HistoryPhase;
    else errors.push(`unknown phase "${phase}"`);
  }
  for (const k of ["seller", "bidder", "lotToken"] as const) {
    const v = get(k);
    if (v === undefined) continue;
    if (ADDRESS.test(v)) q[k] = getAddress(v);
    else errors.push(`${k} must be an address, not "${v}"`);
  }
  const format = get("format");
  if (format) {
    if ((FORMATS as readonly string[]).includes(format)) q.format = format as Format;
    else errors.push(`format must be one of ${FORMATS.join(", ")}`);
  }
  const sort = get("sort");
  if (sort) {
    if ((LIST_SORTS as readonly string[]).includes(sort)) q.sort = sort as ListSort;
    else errors.push(`sort must be one of ${LIST_SORTS.join(", ")}`);
  }
  const order = get("order");
  if (order) {
    if (order === "asc" || order === "desc") q.order = order;
    else errors.push('order must be "asc" or "desc"');
  }
  const limit = get("limit");
  if (limit) {
    const n = Number(limit);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_LIMIT) q.limit = n;
    else errors.push(`limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  const cursor = get("cursor");
  if (cursor) {
    if (decodeCursor(cursor) !== null) q.cursor = cursor;
    else errors.push("malformed cursor");
  }
  return { query: q, errors };
}

/** URL parameters of a query (defaults left out). */
export function listQueryToParams(q: Partial<ListQuery>): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of ["phase", "seller", "bidder", "lotToken", "format", "cursor"] as const) if (q[k]) p.set(k, q[k]!);
  if (q.sort && q.sort !== DEFAULT_LIST_QUERY.sort) p.set("sort", q.sort);
  if (q.order && q.order !== DEFAULT_LIST_QUERY.order) p.set("order", q.order);
  if (q.limit && q.limit !== DEFAULT_LIST_QUERY.limit) p.set("limit", String(q.limit));
  return p;
}

/** The value an item is sorted by (ties broken by auction id, in the same direction). */
export function sortValueOf(a: Pick<AuctionSummary, "auctionId" | "terms" | "commitments">, sort: ListSort): bigint {
  switch (sort) {
    case "id": return a.auctionId;
    case "commitEnd": return BigInt(a.terms.commitEnd);
    case "revealEnd": return BigInt(a.terms.revealEnd);
    case "bids": return BigInt(a.commitments);
  }
}

/** Keyset cursor: the sort value and id of the last item of a page. */
export function encodeCursor(value: bigint, id: bigint): string {
  return `${value}_${id}`;
}

export function decodeCursor(cursor: string): { value: bigint; id: bigint } | null {
  const m = /^(\d{1,78})_(\d{1,78})$/.exec(cursor);
  return m ? { value: BigInt(m[1]), id: BigInt(m[2]) } : null;
}

/** Whether an item comes after the cursor in the query's order. */
export function isAfterCursor(value: bigint, id: bigint, cursor: { value: bigint; id: bigint }, order: "asc" | "desc"): boolean {
  if (order === "asc") return value > cursor.value || (value === cursor.value && id > cursor.id);
  return value < cursor.value || (value === cursor.value && id < cursor.id);
}

export interface ListItem extends AuctionSummary {
  phase: HistoryPhase;
}

export interface ListPage<T extends ListItem = ListItem> {
  items: T[];
  /** Null on the last page. */
  nextCursor: string | null;
  /** Items matching the filters, all pages together. */
  total: number;
}

/**
 * The reference semantics of a list query over summaries whose phase is already known (chain time applied):
 * the indexer's SQL gives the same pages. `biddersOf(id)` answers the bidder filter.
 */
export function applyListQuery<T extends ListItem>(items: readonly T[], q: ListQuery, biddersOf?: (auctionId: bigint) => ReadonlySet<string>): ListPage<T> {
  const lc = (a: string) => a.toLowerCase();
  const matching = items.filter(
    (a) =>
      (q.phase === undefined || a.phase === q.phase) &&
      (q.seller === undefined || lc(a.seller) === lc(q.seller)) &&
      (q.lotToken === undefined || lc(a.terms.lotToken) === lc(q.lotToken)) &&
      (q.format === undefined || FORMATS[a.terms.format] === q.format) &&
      (q.bidder === undefined || (biddersOf?.(a.auctionId).has(lc(q.bidder)) ?? false)),
  );
  const dir = q.order === "asc" ? 1 : -1;
  matching.sort((x, y) => {
    const vx = sortValueOf(x, q.sort);
    const vy = sortValueOf(y, q.sort);
    if (vx !== vy) return (vx < vy ? -1 : 1) * dir;
    return (x.auctionId < y.auctionId ? -1 : x.auctionId > y.auctionId ? 1 : 0) * dir;
  });
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  const rest = cursor ? matching.filter((a) => isAfterCursor(sortValueOf(a, q.sort), a.auctionId, cursor, q.order)) : matching;
  const page = rest.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page,
    nextCursor: rest.length > q.limit && last ? encodeCursor(sortValueOf(last, q.sort), last.auctionId) : null,
    total: matching.length,
  };
}

// ─── JSON codec ───────────────────────────────────────────────────────────────────────────────────────

/** JSON with bigints as decimal strings (the API's encoding). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

/**
 * Terms as stored and served: bigints as decimal strings, numbers as numbers, addresses and hashes as 0x
 * strings. Generic over AuctionTerms' fields, so a field the contract gains needs no change here.
 */
export type TermsJson = Record<string, string | number | boolean>;

export function termsToJson(t: AuctionTerms): TermsJson {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v])) as TermsJson;
}

export function termsFromJson(j: TermsJson): AuctionTerms {
  return Object.fromEntries(
    Object.entries(j).map(([k, v]) => [k, typeof v === "string" && /^\d+$/.test(v) ? BigInt(v) : v]),
  ) as unknown as AuctionTerms;
}

/** An auction as the API serves it (JSON side). */
export interface AuctionJson {
  auctionId: string;
  seller: Address;
  terms: TermsJson;
  created: { blockNumber: string; logIndex: number; transactionHash: Hex };
  commitments: number;
  openings: number;
  settlement: { blockNumber: string; logIndex: number; transactionHash: Hex; winner: Address | null; price: string; effectiveReserve: string; burned: string } | null;
  /** With where the lot (and any reserve bond) went. */
  cancelled: { blockNumber: string; logIndex: number; transactionHash: Hex; recipient: Address } | null;
  phase: HistoryPhase;
  reserveOpened: boolean;
  openedReserve: string | null;
  lotClaimed: boolean;
  proceedsWithdrawn: string;
  events: number;
}

export interface IndexedAuction extends ListItem {
  cancelled: (EventMeta & { recipient: Address }) | null;
  reserveOpened: boolean;
  openedReserve: bigint | null;
  lotClaimed: boolean;
  proceedsWithdrawn: bigint;
  /** Auction events indexed for this auction (equals the logs' count when the indexer agrees). */
  events: number;
}

const meta = (m: { blockNumber: string; logIndex: number; transactionHash: Hex }): EventMeta => ({
  blockNumber: BigInt(m.blockNumber), logIndex: m.logIndex, transactionHash: m.transactionHash,
});

export function auctionFromJson(j: AuctionJson): IndexedAuction {
  const s = j.settlement;
  const settlement: SettlementRecord | null = s
    ? { ...meta(s), winner: s.winner, price: BigInt(s.price), effectiveReserve: BigInt(s.effectiveReserve), burned: BigInt(s.burned) }
    : null;
  return {
    auctionId: BigInt(j.auctionId), seller: j.seller, terms: termsFromJson(j.terms), created: meta(j.created),
    commitments: j.commitments, openings: j.openings, settlement,
    cancelled: j.cancelled ? { ...meta(j.cancelled), recipient: j.cancelled.recipient } : null,
    phase: j.phase, reserveOpened: j.reserveOpened, openedReserve: j.openedReserve === null ? null : BigInt(j.openedReserve),
    lotClaimed: j.lotClaimed, proceedsWithdrawn: BigInt(j.proceedsWithdrawn), events: j.events,
  };
}

/** One bidder's bid in one auction, as the API serves it. */
export interface BidJson {
  auctionId: string;
  bidder: Address;
  order: number;
  commitment: Hex;
  deposit: string;
  commits: number;
  opened: boolean;
  amount: string | null;
  valid: boolean | null;
  deferred: string;
  withdrawn: string;
  /** Hidden deposits (rule 16): `deposit` is the public deposit as on chain (the bond for a hidden bid); the
   * collateral the bid counts is `effectiveDeposit` = deposit + swept (lib/history.ts effectiveDeposit). */
  hidden: boolean;
  vault: Address | null;
  swept: string;
  effectiveDeposit: string;
  setAside: string;
  setAsideEth: string;
  recovered: string;
  recoveredEth: string;
}

export interface IndexedBid {
  auctionId: bigint;
  bidder: Address;
  order: number;
  commitment: Hex;
  deposit: bigint;
  commits: number;
  opened: boolean;
  amount: bigint | null;
  valid: boolean | null;
  deferred: bigint;
  withdrawn: bigint;
  hidden: boolean;
  /** The vault its opening swept (null before, and for a plain bid). */
  vault: Address | null;
  swept: bigint;
  /** deposit + swept: the bid's collateral. */
  effectiveDeposit: bigint;
  setAside: bigint;
  setAsideEth: bigint;
  recovered: bigint;
  recoveredEth: bigint;
}

export function bidFromJson(j: BidJson): IndexedBid {
  return {
    ...j, auctionId: BigInt(j.auctionId), deposit: BigInt(j.deposit), amount: j.amount === null ? null : BigInt(j.amount),
    deferred: BigInt(j.deferred), withdrawn: BigInt(j.withdrawn), swept: BigInt(j.swept), effectiveDeposit: BigInt(j.effectiveDeposit),
    setAside: BigInt(j.setAside), setAsideEth: BigInt(j.setAsideEth), recovered: BigInt(j.recovered), recoveredEth: BigInt(j.recoveredEth),
  };
}

export type HiddenDepositFields = Pick<IndexedBid, "hidden" | "vault" | "swept" | "effectiveDeposit" | "setAside" | "setAsideEth" | "recovered" | "recoveredEth">;

/** A bid's hidden-deposit fields as the indexer serves them, from its history (the logs fallback, the audit). */
export function hiddenDepositFieldsOf(b: BidderHistory): HiddenDepositFields {
  return {
    hidden: b.hidden, vault: b.vault?.vault ?? null, swept: b.swept, effectiveDeposit: effectiveDeposit(b),
    setAside: b.setAside.amount, setAsideEth: b.setAside.ethAmount, recovered: b.recovered.amount, recoveredEth: b.recovered.ethAmount,
  };
}

/** GET /api/status. */
export interface IndexerStatusJson {
  chainId: number;
  auctionHouse: Address;
  /** The latest block the indexer has processed (its chain time is that block's timestamp). */
  indexed: { block: string; timestamp: number } | null;
  /** The chain head as the indexer's RPC endpoint reports it (null when it could not be asked). */
  head: { block: string } | null;
  /** head − indexed, in blocks. */
  lagBlocks: string | null;
  /** Historical backfill finished. */
  ready: boolean;
}
