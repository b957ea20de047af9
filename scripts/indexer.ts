/**
 * Running the indexer (indexer/, Ponder) from scripts and tests: start it on 127.0.0.1 against a chain,
 * wait until it has caught up, read its API, and measure list latency (the benchmark hook).
 *
 *   const s = startIndexer({ rpcUrl, port: 42069, log: ".deployments-local/indexer.log" });
 *   await waitForIndexer(url, { block: await latestBlock(rpcUrl) });
 *   const stats = await measureListLatency(url);   // { p50Ms, p95Ms, … }
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { listQueryToParams, type IndexerStatusJson, type ListQuery } from "../lib/indexed.js";
import { startService, waitFor, type Service } from "./start.js";
import { ROOT } from "../indexer/settings.js";

export const DEFAULT_INDEXER_PORT = 42069;

export interface IndexerOptions {
  rpcUrl: string;
  port: number;
  /** Log file (stdout and stderr). */
  log: string;
  /** Postgres connection string; default embedded PGlite in `pgliteDir`. */
  databaseUrl?: string;
  /** PGlite directory, wiped first (a local chain restarts from block 0). Default indexer/.ponder/pglite. */
  pgliteDir?: string;
  /** Postgres schema the tables live in (default "auctions"). */
  schema?: string;
  chainId?: number;
  /** Default: deployments/<chainId>.json. */
  auctionHouse?: string;
  startBlock?: number;
}

/** `ponder start` in its own process group, bound to 127.0.0.1, telemetry off. */
export function startIndexer(o: IndexerOptions): Service {
  const pgliteDir = o.pgliteDir ?? join(ROOT, "indexer", ".ponder", "pglite");
  if (!o.databaseUrl) rmSync(pgliteDir, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    PONDER_TELEMETRY_DISABLED: "1",
    INDEXER_RPC_URL: o.rpcUrl,
    INDEXER_PGLITE_DIR: pgliteDir,
    ...(o.chainId !== undefined ? { INDEXER_CHAIN_ID: String(o.chainId) } : {}),
    ...(o.auctionHouse ? { INDEXER_AUCTION_HOUSE: o.auctionHouse } : {}),
    ...(o.startBlock !== undefined ? { INDEXER_START_BLOCK: String(o.startBlock) } : {}),
    DATABASE_URL: o.databaseUrl ?? "",
  };
  return startService("indexer", join(ROOT, "node_modules", ".bin", "ponder"), [
    "start", "--schema", o.schema ?? "auctions", "--hostname", "127.0.0.1", "--port", String(o.port),
  ], { cwd: join(ROOT, "indexer"), env, log: o.log });
}

export async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url);
  const body = await r.text();
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status} ${body.slice(0, 200)}`);
  return JSON.parse(body) as T;
}

export async function latestBlock(rpcUrl: string): Promise<bigint> {
  const r = await fetch(rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }) });
  return BigInt(((await r.json()) as { result: string }).result);
}

/** Waits until the indexer is ready and has indexed `block` (default: just ready). */
export async function waitForIndexer(url: string, o: { block?: bigint; timeoutMs?: number; service?: Service } = {}): Promise<IndexerStatusJson> {
  let last: IndexerStatusJson | null = null;
  await waitFor(
    "indexer",
    async () => {
      last = await getJson<IndexerStatusJson>(`${url}/api/status`);
      return last.ready && last.indexed !== null && (o.block === undefined || BigInt(last.indexed.block) >= o.block);
    },
    o.timeoutMs ?? 120_000,
    o.service,
  );
  return last!;
}

export interface LatencyStats {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  meanMs: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function latencyStats(ms: number[]): LatencyStats {
  const s = [...ms].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return { samples: s.length, p50Ms: r(percentile(s, 50)), p95Ms: r(percentile(s, 95)), maxMs: r(s.at(-1) ?? NaN), meanMs: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)) };
}

/** The list queries the app makes: first pages, each filter, each sort. */
export const BENCH_QUERIES: Partial<ListQuery>[] = [
  {},
  { phase: "committing" },
  { phase: "settled" },
  { format: "first-price" },
  { sort: "bids", order: "desc" },
  { sort: "commitEnd", order: "asc" },
  { limit: 100 },
];

/**
 * Benchmark hook: latency of the list endpoint (GET /api/auctions) against a running indexer, measured
 * end to end over HTTP from this process, `rounds` times over `queries` (sequentially, after a warm-up
 * round). With `walkPages`, each query also follows `nextCursor` to the last page.
 */
export async function measureListLatency(
  indexerUrl: string,
  o: { queries?: Partial<ListQuery>[]; rounds?: number; walkPages?: boolean; bidder?: string } = {},
): Promise<LatencyStats & { perQuery: { query: string; p50Ms: number; p95Ms: number }[] }> {
  const queries = o.queries ?? BENCH_QUERIES;
  const rounds = o.rounds ?? 20;
  const all: number[] = [];
  const perQuery: { query: string; p50Ms: number; p95Ms: number }[] = [];
  const once = async (params: URLSearchParams) => {
    const t = performance.now();
    const page = await getJson<{ nextCursor: string | null }>(`${indexerUrl}/api/auctions?${params}`);
    return { ms: performance.now() - t, next: page.nextCursor };
  };
  for (const q of queries) {
    const ms: number[] = [];
    for (let round = -1; round < rounds; round++) {
      let cursor: string | undefined;
      do {
        const { ms: t, next } = await once(listQueryToParams({ ...q, cursor }));
        if (round >= 0) ms.push(t);
        cursor = o.walkPages && next ? next : undefined;
      } while (cursor);
    }
    const s = latencyStats(ms);
    perQuery.push({ query: listQueryToParams(q).toString() || "(first page)", p50Ms: s.p50Ms, p95Ms: s.p95Ms });
    all.push(...ms);
  }
  return { ...latencyStats(all), perQuery };
}
