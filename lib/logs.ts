/**
 * `eth_getLogs` over any block span, through any EIP-1193 `request` function (a viem client, a Hardhat
 * provider, `window.ethereum`). Public providers cap a query's block range (5–10 blocks on some free tiers)
 * or its result count (10,000 on others), and say so in many different words. The pager queries the span
 * page by page; when the provider refuses a page as too big it halves the page and retries, and it grows the
 * page again after a run of successes. It stops at a confirmed block (latest − confirmations) and drops logs
 * marked `removed` (reorged away).
 *
 * A reorg during a scan must not give a mix of two forks (pages read before it from the old fork, pages
 * after it from the new one). The pager reads the hash of its last block before the first page and again
 * after the last one: that hash commits to every earlier block, so if it changed (or the block is gone) some
 * page may be stale, and the whole span is scanned again (up to `reorgRetries` times).
 *
 * Pure viem-free TypeScript over JSON-RPC: usable from tasks, tests and the browser alike.
 */
import type { Address, Hex } from "viem";

/** Anything with an EIP-1193 `request`. */
export interface RpcRequester {
  request(args: { method: string; params?: unknown }): Promise<unknown>;
}

/** A log as JSON-RPC returns it (quantities as hex strings). */
export interface RpcLog {
  address: Address;
  topics: Hex[];
  data: Hex;
  blockNumber: Hex | null;
  blockHash: Hex | null;
  transactionHash: Hex | null;
  transactionIndex: Hex | null;
  logIndex: Hex | null;
  removed?: boolean;
}

export interface LogFilter {
  address?: Address | Address[];
  /** Topic filter: per position a topic, a list of alternatives, or null for any. */
  topics?: (Hex | Hex[] | null)[];
}

export interface ScanProgress {
  fromBlock: bigint;
  toBlock: bigint;
  /** Last block scanned so far. */
  scannedTo: bigint;
  /** Blocks scanned / total blocks in the span. */
  done: bigint;
  total: bigint;
  logs: number;
  /** Current page size in blocks. */
  pageSize: bigint;
  requests: number;
}

export interface ScanOptions {
  filter: LogFilter;
  fromBlock: bigint;
  /** Last block to scan; default latest − confirmations. Clamped to that confirmed block either way. */
  toBlock?: bigint;
  /** Blocks below the head a log must be to count (default 0). */
  confirmations?: number;
  /** First page size in blocks (default 10,000). The page never grows beyond it. */
  pageSize?: bigint;
  /** Smallest page before a range error is given up on (default 1). */
  minPageSize?: bigint;
  /** Retries of a page after an error that is not about its size (default 3), with a short backoff. */
  retries?: number;
  /** Milliseconds before the first retry of a transient error; doubles each time (default 250). */
  retryDelayMs?: number;
  onProgress?: (p: ScanProgress) => void;
  /** Aborts the scan between pages. */
  signal?: AbortSignal;
  /** Full rescans after the last block's hash changed during a scan (default 5). */
  reorgRetries?: number;
}

export interface ScanResult {
  logs: RpcLog[];
  fromBlock: bigint;
  toBlock: bigint;
  requests: number;
  /** Pages the provider refused as too large. */
  rangeErrors: number;
  /** Logs dropped because the provider marked them `removed`. */
  removed: number;
  /** Hash of `toBlock` at both ends of the scan that was kept (null when the span is empty). */
  toBlockHash: Hex | null;
  /** Scans thrown away because `toBlock`'s hash changed while they ran. */
  reorgs: number;
}

export class LogScanError extends Error {
  override name = "LogScanError";
}

/** Rate limiting is not about the query's size: back off and retry the same page instead of halving it. */
const RATE_PATTERNS = [/rate limit/i, /rate exceeded/i, /too many requests/i, /\b429\b/, /compute units/i, /throughput/i];

const RANGE_PATTERNS = [
  /block range/i,
  /range (is )?too (large|big|wide)/i,
  /too (large|big|wide)/i,
  /exceed/i,
  /limit/i,
  /too many/i,
  /10,?000 results/i,
  /query returned more than/i,
  /response size/i,
  /max(imum)? (block )?range/i,
  /blocks? range/i,
  /range should/i,
  /allowed range/i,
];

function collect(err: unknown, depth = 0): { codes: number[]; text: string } {
  if (err === null || err === undefined || depth > 6) return { codes: [], text: "" };
  if (typeof err !== "object") return { codes: [], text: String(err) };
  const e = err as Record<string, unknown>;
  const codes: number[] = [];
  const parts: string[] = [];
  if (typeof e.code === "number") codes.push(e.code);
  for (const f of ["message", "shortMessage", "details"]) if (typeof e[f] === "string") parts.push(e[f] as string);
  if (e.data !== undefined) {
    if (typeof e.data === "string") parts.push(e.data);
    else if (typeof e.data === "object" && e.data !== null) {
      const d = e.data as Record<string, unknown>;
      if (typeof d.message === "string") parts.push(d.message);
    }
  }
  for (const f of ["cause", "error"]) {
    if (e[f] !== undefined && e[f] !== err) {
      const inner = collect(e[f], depth + 1);
      codes.push(...inner.codes);
      parts.push(inner.text);
    }
  }
  return { codes, text: parts.join(" | ") };
}

/**
 * Whether a provider error means "this query is too big": a block-range cap, a result-count cap or a
 * response-size cap. Recognises JSON-RPC -32005 (limit exceeded), and -32602 / -32600 / -32000 / -32603
 * when their text talks about a range or a limit, plus the wordings of common providers.
 */
export function isRangeError(err: unknown): boolean {
  const { codes, text } = collect(err);
  if (RATE_PATTERNS.some((p) => p.test(text))) return false;
  if (codes.includes(-32005)) return true;
  return RANGE_PATTERNS.some((p) => p.test(text));
}


/** Transport failures worth sending again: the endpoint was busy, overloaded, or the connection was lost. */
const TRANSIENT_PATTERNS = [
  /status code (408|425|429|5\d\d)\b/i,
  /\b(502|503|504)\b.*(gateway|unavailable)/i,
  /bad gateway|service unavailable|gateway time-?out|internal server error/i,
  /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|UND_ERR/,
  /socket hang up|other side closed|fetch failed|network error|connection (was )?(reset|closed|refused)|terminated/i,
  /timed? ?out/i,
];

/**
 * Whether an RPC failure is transient (rate limit, 5xx, dropped connection, timeout) rather than an answer
 * about the request itself: a revert, an invalid argument, or a query too big (see {@link isRangeError}).
 */
export function isTransientError(err: unknown): boolean {
  const { codes, text } = collect(err);
  if (RATE_PATTERNS.some((p) => p.test(text)) || codes.includes(429)) return true;
  if (isRangeError(err)) return false;
  return TRANSIENT_PATTERNS.some((p) => p.test(text));
}

export interface RetryOptions {
  /** Attempts after the first (default 8). */
  retries?: number;
  /** First backoff in ms, doubled each time up to `maxDelayMs` (default 50, max 2,000). */
  delayMs?: number;
  maxDelayMs?: number;
  /** Methods never sent twice (default: eth_sendTransaction and eth_sendRawTransaction, which the caller re-checks). */
  once?: readonly string[];
}

/**
 * `rpc` with transient failures retried (rate limits, 5xx, dropped connections, timeouts) after a backoff.
 * A provider such as Hardhat's http provider retries only 429s: the CLI reads through this wrapper so a
 * flaky endpoint slows an audit down instead of failing it. Transactions are not re-sent.
 */
export function withRetries(rpc: RpcRequester, o: RetryOptions = {}): RpcRequester {
  const retries = o.retries ?? 8;
  const first = o.delayMs ?? 50;
  const max = o.maxDelayMs ?? 2000;
  const once = new Set(o.once ?? ["eth_sendTransaction", "eth_sendRawTransaction"]);
  return {
    async request(args) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await rpc.request(args);
        } catch (err) {
          if (attempt >= retries || once.has(args.method) || !isTransientError(err)) throw err;
          await sleep(Math.min(first * 2 ** attempt, max));
        }
      }
    },
  };
}

const toHex = (n: bigint): Hex => `0x${n.toString(16)}`;

/** The head minus `confirmations`, never below zero. */
export async function confirmedBlock(rpc: RpcRequester, confirmations = 0): Promise<bigint> {
  const head = BigInt((await rpc.request({ method: "eth_blockNumber" })) as string);
  const c = BigInt(confirmations);
  return head > c ? head - c : 0n;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sorts logs into chain order (block, then log index). */
export function sortLogs<T extends Pick<RpcLog, "blockNumber" | "logIndex">>(logs: T[]): T[] {
  const n = (h: Hex | null) => (h === null ? -1n : BigInt(h));
  return logs.sort((a, b) => {
    const d = n(a.blockNumber) - n(b.blockNumber);
    if (d !== 0n) return d < 0n ? -1 : 1;
    const i = n(a.logIndex) - n(b.logIndex);
    return i === 0n ? 0 : i < 0n ? -1 : 1;
  });
}

/** The hash of block `n` (null when the node has no such block). */
export async function blockHashAt(rpc: RpcRequester, n: bigint): Promise<Hex | null> {
  const b = (await rpc.request({ method: "eth_getBlockByNumber", params: [toHex(n), false] })) as { hash?: Hex } | null;
  return b?.hash ?? null;
}

/**
 * Fetches every log matching `filter` from `fromBlock` to the confirmed head (or `toBlock`), page by page.
 * Logs come back in chain order, without `removed` ones, all from one fork: the scan is repeated when the
 * hash of its last block changed while it ran.
 */
export async function scanLogs(rpc: RpcRequester, options: ScanOptions): Promise<ScanResult> {
  const retries = options.reorgRetries ?? 5;
  for (let attempt = 0; ; attempt++) {
    const confirmed = await confirmedBlock(rpc, options.confirmations ?? 0);
    const toBlock = options.toBlock === undefined || options.toBlock > confirmed ? confirmed : options.toBlock;
    const empty = toBlock < options.fromBlock;
    const before = empty ? null : await blockHashAt(rpc, toBlock);
    const result = await scanSpan(rpc, options, toBlock);
    const after = empty ? null : await blockHashAt(rpc, toBlock);
    if (before === after && (empty || before !== null)) return { ...result, toBlockHash: after, reorgs: attempt };
    if (attempt >= retries) {
      throw new LogScanError(`the chain reorganised below block ${toBlock} during each of ${attempt + 1} scans; try again with more confirmations`);
    }
  }
}

async function scanSpan(rpc: RpcRequester, options: ScanOptions, toBlock: bigint): Promise<Omit<ScanResult, "toBlockHash" | "reorgs">> {
  const fromBlock = options.fromBlock;
  const maxPage = options.pageSize ?? 10_000n;
  const minPage = options.minPageSize ?? 1n;
  if (maxPage < 1n) throw new LogScanError("the page size must be at least one block");
  const retries = options.retries ?? 3;
  const retryDelay = options.retryDelayMs ?? 250;

  const logs: RpcLog[] = [];
  let removed = 0;
  let requests = 0;
  let rangeErrors = 0;
  let page = maxPage;
  let streak = 0;
  const total = toBlock >= fromBlock ? toBlock - fromBlock + 1n : 0n;
  const report = (scannedTo: bigint) => {
    const done = scannedTo >= fromBlock ? scannedTo - fromBlock + 1n : 0n;
    options.onProgress?.({ fromBlock, toBlock, scannedTo, done, total, logs: logs.length, pageSize: page, requests });
  };

  let start = fromBlock;
  let transient = 0;
  while (start <= toBlock) {
    if (options.signal?.aborted) throw new LogScanError("the log scan was aborted");
    const end = start + page - 1n > toBlock ? toBlock : start + page - 1n;
    let batch: RpcLog[];
    try {
      requests += 1;
      batch = (await rpc.request({
        method: "eth_getLogs",
        params: [{ ...options.filter, fromBlock: toHex(start), toBlock: toHex(end) }],
      })) as RpcLog[];
      if (!Array.isArray(batch)) throw new LogScanError("the provider answered eth_getLogs with something other than a list");
    } catch (err) {
      if (err instanceof LogScanError) throw err;
      if (isRangeError(err)) {
        rangeErrors += 1;
        const span = end - start + 1n;
        if (span <= minPage) {
          throw new LogScanError(
            `the provider refuses even ${span} block(s) per eth_getLogs query (blocks ${start}–${end}): ${collect(err).text || String(err)}`,
          );
        }
        page = span / 2n > minPage ? span / 2n : minPage;
        streak = 0;
        continue;
      }
      if (transient < retries) {
        await sleep(retryDelay * 2 ** transient);
        transient += 1;
        continue;
      }
      throw new LogScanError(`eth_getLogs failed for blocks ${start}–${end}: ${collect(err).text || String(err)}`);
    }
    transient = 0;
    for (const log of batch) {
      if (log.removed === true) removed += 1;
      else logs.push(log);
    }
    report(end);
    start = end + 1n;
    // Grow back after a run of successes: caps are often by result count, which varies along the chain.
    streak += 1;
    if (streak >= 2 && page < maxPage) {
      page = page * 2n > maxPage ? maxPage : page * 2n;
      streak = 0;
    }
  }
  if (total === 0n) report(toBlock);
  return { logs: sortLogs(logs), fromBlock, toBlock, requests, rangeErrors, removed };
}
