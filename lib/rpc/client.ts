/**
 * A small JSON-RPC client over HTTP for bulk work (the market simulation, benchmarks): one POST carries a
 * batch of calls; a batch the transport loses (connection dropped, HTTP 429 or 5xx, timeout) is sent again
 * after a backoff. Per-call JSON-RPC errors are returned, not thrown, so the caller decides what each means.
 *
 * Re-sending is safe for what the simulation sends: reads, `hardhat_*`/`evm_*` set-up calls, and
 * transactions with explicit nonces. A transaction that reached the node before the connection dropped is
 * refused the second time ("nonce too low", "already known"): {@link isDuplicateSend} recognises that.
 *
 * Also an EIP-1193 `request` (RpcRequester), so lib/logs.ts, lib/history.ts and viem's `custom` transport
 * can use it.
 */
import type { RpcRequester } from "../logs.js";

export interface RpcCall {
  method: string;
  params?: unknown[];
}

export interface RpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export type RpcOutcome = { result: unknown; error?: undefined } | { result?: undefined; error: RpcErrorObject };

/** A JSON-RPC error answer, thrown by `request` (never by `batch`). */
export class RpcResponseError extends Error {
  override name = "RpcResponseError";
  constructor(readonly code: number, message: string, readonly data?: unknown) {
    super(message);
  }
}

/** The transport failed (HTTP status, dropped connection, timeout) after every retry. */
export class RpcTransportError extends Error {
  override name = "RpcTransportError";
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

export interface HttpRpcOptions {
  /** Attempts after the first (default 8). */
  retries?: number;
  /** First backoff in ms, doubled each time up to 1 s (default 20). */
  retryDelayMs?: number;
  /** Per-POST timeout in ms (default 120 s: a big batch of transactions can take a while). */
  timeoutMs?: number;
  /** Calls per POST in `batch` (default 1,000). */
  maxBatch?: number;
}

export interface HttpRpcStats {
  posts: number;
  calls: number;
  /** POSTs sent again after a transport failure, by cause. */
  retries: { status429: number; status5xx: number; network: number; timeout: number; other: number };
}

export interface HttpRpc extends RpcRequester {
  readonly url: string;
  /** Sends calls in POSTs of at most `maxBatch`; answers in the same order. */
  batch(calls: readonly RpcCall[]): Promise<RpcOutcome[]>;
  /** One call; throws RpcResponseError on a JSON-RPC error. */
  request(args: { method: string; params?: unknown }): Promise<unknown>;
  stats(): HttpRpcStats;
}

/** Whether a send's error says the same transaction (or its nonce) is already on chain or pending. */
export function isDuplicateSend(e: RpcErrorObject | undefined): boolean {
  return e !== undefined && /nonce too low|already known|known transaction|already imported|nonce has already been used/i.test(e.message);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function httpRpc(url: string, options: HttpRpcOptions = {}): HttpRpc {
  const retries = options.retries ?? 8;
  const baseDelay = options.retryDelayMs ?? 20;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxBatch = options.maxBatch ?? 1000;
  let nextId = 1;
  const stats: HttpRpcStats = { posts: 0, calls: 0, retries: { status429: 0, status5xx: 0, network: 0, timeout: 0, other: 0 } };

  async function post(calls: readonly RpcCall[]): Promise<RpcOutcome[]> {
    const first = nextId;
    nextId += calls.length;
    const body = JSON.stringify(calls.map((c, i) => ({ jsonrpc: "2.0", id: first + i, method: c.method, params: c.params ?? [] })));
    let lastError = "";
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) await sleep(Math.min(1000, baseDelay * 2 ** (attempt - 1)));
      stats.posts += 1;
      let status: number | undefined;
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = res.status;
        const text = await res.text();
        if (res.status !== 200) throw new RpcTransportError(`HTTP ${res.status}: ${text.slice(0, 200)}`, res.status);
        const parsed = JSON.parse(text) as unknown;
        const list = Array.isArray(parsed) ? parsed : [parsed];
        const byId = new Map<number, { result?: unknown; error?: RpcErrorObject }>();
        for (const item of list as { id: number; result?: unknown; error?: RpcErrorObject }[]) byId.set(Number(item.id), item);
        if (byId.size !== calls.length && list.length === 1 && (list[0] as { error?: unknown }).error && calls.length > 1) {
          throw new RpcTransportError(`the batch was refused: ${JSON.stringify((list[0] as { error: unknown }).error)}`);
        }
        stats.calls += calls.length;
        return calls.map((_, i) => {
          const item = byId.get(first + i);
          if (item === undefined) return { error: { code: -32603, message: "no answer for this call in the batch" } };
          return item.error ? { error: item.error } : { result: item.result };
        });
      } catch (err) {
        const e = err as Error;
        lastError = e.message;
        if (status === 429) stats.retries.status429 += 1;
        else if (status !== undefined && status >= 500) stats.retries.status5xx += 1;
        else if (e.name === "TimeoutError" || e.name === "AbortError") stats.retries.timeout += 1;
        else if (status === undefined) stats.retries.network += 1;
        else stats.retries.other += 1;
        if (attempt >= retries) throw new RpcTransportError(`${url}: ${lastError} (after ${attempt + 1} attempts)`, status);
      }
    }
  }

  return {
    url,
    async batch(calls) {
      const out: RpcOutcome[] = [];
      for (let i = 0; i < calls.length; i += maxBatch) out.push(...(await post(calls.slice(i, i + maxBatch))));
      return out;
    },
    async request({ method, params }) {
      const [r] = await post([{ method, params: (params as unknown[] | undefined) ?? [] }]);
      if (r.error) throw new RpcResponseError(r.error.code, r.error.message, r.error.data);
      return r.result;
    },
    stats: () => structuredClone(stats),
  };
}
