/**
 * An RPC fault proxy: a JSON-RPC HTTP server on 127.0.0.1 that forwards to a node (a URL, or any EIP-1193
 * provider such as an in-process Hardhat network) and injects, deterministically from a seed, the faults
 * real providers show:
 *
 *  - `latency`      a delay before the answer (uniform in `latencyMs`);
 *  - `rateLimit`    HTTP 429 with a JSON-RPC error (-32005 "Too Many Requests: rate limit exceeded");
 *  - `serverError`  HTTP 502/503 with a plain-text body, as a load balancer gives;
 *  - `drop`         the connection is destroyed without an answer, before the call reaches the node or
 *                   after it did (so a client that re-sends a transaction meets "nonce too low");
 *  - `logRange`     an `eth_getLogs` spanning more than `logRangeLimit` blocks fails with
 *                   -32005 "block range too large: … max is N";
 *  - `logResults`   an `eth_getLogs` returning more than `logResultLimit` logs fails with
 *                   -32005 "query returned more than 10000 results";
 *  - `reorg`        the last `depth` blocks are replaced by a fork (evm_snapshot / evm_revert, then the same
 *                   transactions re-mined into blocks with other hashes, or dropped): on demand with
 *                   `reorg(depth)`, or every `reorgEvery` mining calls.
 *
 * Rates are per HTTP request (a batch is one request), drawn from a seeded generator in arrival order.
 * Calls the proxy makes itself (snapshots, reorgs) bypass the faults. Counters: `stats()`.
 *
 *   const proxy = await startFaultProxy({ upstream: "http://127.0.0.1:8545", seed: 7,
 *     faults: { latency: 0.1, rateLimit: 0.05, serverError: 0.02, drop: 0.02 }, logRangeLimit: 1000 });
 *   … point clients at proxy.url …
 *   await proxy.reorg(3);  proxy.stats().faultsInjected;  await proxy.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRng, type Rng } from "../lab/random.js";
import type { RpcRequester } from "../logs.js";

export type FaultKind = "latency" | "rateLimit" | "serverError" | "drop" | "logRange" | "logResults" | "reorg";
export const FAULT_KINDS: readonly FaultKind[] = ["latency", "rateLimit", "serverError", "drop", "logRange", "logResults", "reorg"];

export interface FaultRates {
  /** Probability that a request is delayed. */
  latency?: number;
  /** Delay range in ms (default [5, 50]). */
  latencyMs?: [number, number];
  /** Probability of an HTTP 429. */
  rateLimit?: number;
  /** Probability of an HTTP 502/503. */
  serverError?: number;
  /** Probability that the connection is dropped without an answer. */
  drop?: number;
}

export interface FaultProxyOptions {
  /** The node: an http(s) URL or an EIP-1193 provider. */
  upstream: string | RpcRequester;
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  seed?: number;
  faults?: FaultRates;
  /** Largest eth_getLogs block span accepted (default: no limit). */
  logRangeLimit?: number;
  /** Largest eth_getLogs result accepted (default: no limit; real providers: 10,000). */
  logResultLimit?: number;
  /** A reorg of `reorgDepth` blocks after every `reorgEvery`-th mining call (evm_mine / hardhat_mine). 0 = never. */
  reorgEvery?: number;
  reorgDepth?: number;
  /** Methods never faulted (besides the proxy's own calls). Default: none. */
  exempt?: string[];
}

export interface FaultStats {
  /** HTTP requests received, and JSON-RPC calls in them. */
  requests: number;
  calls: number;
  /** Calls that reached the node. */
  forwarded: number;
  faultsInjected: Record<FaultKind, number>;
  /** Sum of faultsInjected. */
  totalFaults: number;
  reorgs: ReorgResult[];
}

export interface ReorgOptions {
  /** Re-mine the replaced blocks' transactions (default true); false drops them (empty blocks instead). */
  replay?: boolean;
}

export interface ReorgResult {
  /** The last block both forks share. */
  forkBlock: number;
  /** Blocks replaced. */
  depth: number;
  /** Head hash before and after. */
  oldHead: string;
  newHead: string;
  replayed: number;
}

export interface FaultProxy {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  stats(): FaultStats;
  /** Replaces the last `depth` blocks with a fork of the same length; needs a snapshot at or below head − depth. */
  reorg(depth: number, options?: ReorgOptions): Promise<ReorgResult>;
  /** Takes a snapshot at the current head, so that a later reorg can go back to it. */
  checkpoint(): Promise<void>;
  /** Changes the fault rates from now on. */
  setFaults(faults: FaultRates): void;
  close(): Promise<void>;
}

interface JsonRpcCall {
  jsonrpc?: string;
  id: unknown;
  method: string;
  params?: unknown[];
}

type Answer = { jsonrpc: "2.0"; id: unknown; result?: unknown; error?: { code: number; message: string; data?: unknown } };

const MINING = new Set(["evm_mine", "hardhat_mine"]);
const hex = (n: number | bigint) => `0x${n.toString(16)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Forwards raw JSON-RPC calls to the upstream and returns answers in order. */
function upstreamOf(upstream: string | RpcRequester): (calls: JsonRpcCall[]) => Promise<Answer[]> {
  if (typeof upstream === "string") {
    return async (calls) => {
      const res = await fetch(upstream, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(calls) });
      const list = (await res.json()) as Answer[] | Answer;
      const arr = Array.isArray(list) ? list : [list];
      const byId = new Map(arr.map((a) => [JSON.stringify(a.id), a]));
      return calls.map((c) => byId.get(JSON.stringify(c.id)) ?? { jsonrpc: "2.0", id: c.id, error: { code: -32603, message: "upstream gave no answer" } });
    };
  }
  return async (calls) => {
    const out: Answer[] = [];
    for (const c of calls) {
      try {
        out.push({ jsonrpc: "2.0", id: c.id, result: await upstream.request({ method: c.method, params: c.params ?? [] }) });
      } catch (e) {
        const err = e as { code?: number; message?: string; data?: unknown };
        out.push({ jsonrpc: "2.0", id: c.id, error: { code: typeof err.code === "number" ? err.code : -32603, message: err.message ?? String(e), data: err.data } });
      }
    }
    return out;
  };
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const forward = upstreamOf(options.upstream);
  const rng: Rng = createRng(options.seed ?? 1, 0x5eed);
  let rates: FaultRates = { ...options.faults };
  const exempt = new Set(options.exempt ?? []);
  const counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  const stats = { requests: 0, calls: 0, forwarded: 0 };
  const reorgs: ReorgResult[] = [];
  let miningCalls = 0;
  /** Snapshots by the block they were taken at, oldest first. */
  let snapshots: { block: number; id: string }[] = [];
  const MAX_SNAPSHOTS = 32;
  // The proxy's own calls to the node are serialised with forwarded mining, so a reorg never interleaves.
  let chain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(f: () => Promise<T>): Promise<T> => {
    const next = chain.then(f, f);
    chain = next.catch(() => undefined);
    return next;
  };
  let ownId = 0;
  const own = async (method: string, params: unknown[] = []): Promise<unknown> => {
    const [a] = await forward([{ jsonrpc: "2.0", id: `proxy-${++ownId}`, method, params }]);
    if (a.error) throw new Error(`${method}: ${a.error.message}`);
    return a.result;
  };
  const head = async () => Number(BigInt((await own("eth_blockNumber")) as string));

  const snapshotNow = async () => {
    const block = await head();
    if (snapshots.at(-1)?.block === block) return;
    const id = (await own("evm_snapshot")) as string;
    snapshots.push({ block, id });
    if (snapshots.length > MAX_SNAPSHOTS) snapshots = snapshots.slice(-MAX_SNAPSHOTS);
  };

  const doReorg = async (depth: number, o: ReorgOptions = {}): Promise<ReorgResult> => {
    if (!(depth >= 1)) throw new Error("a reorg replaces at least one block");
    const top = await head();
    const oldHead = ((await own("eth_getBlockByNumber", [hex(top), false])) as { hash: string }).hash;
    const candidates = snapshots.filter((s) => s.block <= top - depth);
    const snap = candidates.at(-1);
    if (snap === undefined) throw new Error(`no snapshot at or below block ${top - depth}: call checkpoint() before the blocks to reorg`);
    type Tx = Record<string, unknown> & { from: string };
    const blocks: { timestamp: string; txs: Tx[] }[] = [];
    for (let n = snap.block + 1; n <= top; n++) {
      const b = (await own("eth_getBlockByNumber", [hex(n), true])) as { timestamp: string; transactions: Tx[] };
      blocks.push({ timestamp: b.timestamp, txs: b.transactions });
    }
    await own("evm_revert", [snap.id]);
    // evm_revert consumes the snapshot and every later one.
    snapshots = snapshots.slice(0, snapshots.indexOf(snap));
    const automine = (await own("hardhat_getAutomine").catch(() => false)) as boolean;
    if (automine) await own("evm_setAutomine", [false]);
    // A marker balance makes the first replaced block's state root, hence every later hash, differ.
    await own("hardhat_setBalance", ["0x00000000000000000000000000000000000fa017", hex(reorgs.length + 1)]);
    let replayed = 0;
    const replay = o.replay ?? true;
    for (const b of blocks) {
      if (replay && b.txs.length > 0) {
        // One upstream batch per block: impersonate every sender, then send the block's transactions in order.
        const senders = [...new Set(b.txs.map((t) => t.from))];
        const calls: JsonRpcCall[] = senders.map((from) => ({ jsonrpc: "2.0", id: `proxy-${++ownId}`, method: "hardhat_impersonateAccount", params: [from] }));
        for (const tx of b.txs) {
          const send: Record<string, unknown> = { from: tx.from, data: tx.input, value: tx.value, gas: tx.gas, nonce: tx.nonce };
          if (tx.to) send.to = tx.to;
          if (tx.maxFeePerGas !== undefined) {
            send.maxFeePerGas = tx.maxFeePerGas;
            send.maxPriorityFeePerGas = tx.maxPriorityFeePerGas;
          } else send.gasPrice = tx.gasPrice;
          calls.push({ jsonrpc: "2.0", id: `proxy-${++ownId}`, method: "eth_sendTransaction", params: [send] });
        }
        const answers = await forward(calls);
        const bad = answers.find((a) => a.error);
        if (bad?.error) throw new Error(`replaying a transaction on the new fork failed: ${bad.error.message}`);
        replayed += b.txs.length;
      }
      await own("evm_mine", [b.timestamp]);
    }
    if (automine) await own("evm_setAutomine", [true]);
    const newTop = await head();
    const newHead = ((await own("eth_getBlockByNumber", [hex(newTop), false])) as { hash: string }).hash;
    const r: ReorgResult = { forkBlock: snap.block, depth: top - snap.block, oldHead, newHead, replayed };
    reorgs.push(r);
    counts.reorg += 1;
    return r;
  };

  const errorAnswer = (c: JsonRpcCall, code: number, message: string): Answer => ({ jsonrpc: "2.0", id: c.id, error: { code, message } });

  async function blockArg(tag: unknown, latest: () => Promise<number>): Promise<number | null> {
    if (tag === undefined || tag === "latest" || tag === "safe" || tag === "finalized" || tag === "pending") return latest();
    if (tag === "earliest") return 0;
    if (typeof tag === "string" && /^0x[0-9a-f]+$/i.test(tag)) return Number(BigInt(tag));
    return null;
  }

  /** Answers a list of calls: log limits checked here, everything else forwarded in one upstream batch. */
  async function answer(calls: JsonRpcCall[]): Promise<Answer[]> {
    const out: (Answer | null)[] = calls.map(() => null);
    let cachedHead: number | null = null;
    const latest = async () => (cachedHead ??= await head());
    for (const [i, c] of calls.entries()) {
      if (c.method !== "eth_getLogs" || options.logRangeLimit === undefined) continue;
      const f = (c.params?.[0] ?? {}) as { fromBlock?: unknown; toBlock?: unknown; blockHash?: unknown };
      if (f.blockHash !== undefined) continue;
      const from = await blockArg(f.fromBlock ?? "earliest", latest);
      const to = await blockArg(f.toBlock, latest);
      if (from !== null && to !== null && to - from + 1 > options.logRangeLimit) {
        counts.logRange += 1;
        out[i] = errorAnswer(c, -32005, `block range too large: ${to - from + 1} blocks requested, max is ${options.logRangeLimit}`);
      }
    }
    const todo = calls.filter((_, i) => out[i] === null);
    const mining = todo.some((c) => MINING.has(c.method));
    const run = async () => {
      stats.forwarded += todo.length;
      const answers = todo.length > 0 ? await forward(todo) : [];
      if (mining) {
        miningCalls += 1;
        const every = options.reorgEvery ?? 0;
        // A snapshot right after each mined block (the mempool is empty then), for later reorgs.
        if (every > 0) await snapshotNow();
        if (every > 0 && miningCalls % every === 0) {
          // Needs a snapshot deep enough: one per mined block is kept.
          const depth = Math.max(1, options.reorgDepth ?? 1);
          const top = await head();
          if (snapshots.some((s) => s.block <= top - depth)) await doReorg(depth);
        }
      }
      return answers;
    };
    const answers = mining ? await exclusive(run) : await run();
    let k = 0;
    for (const [i, c] of calls.entries()) {
      if (out[i] !== null) continue;
      const a = answers[k++];
      if (c.method === "eth_getLogs" && options.logResultLimit !== undefined && Array.isArray(a.result) && a.result.length > options.logResultLimit) {
        counts.logResults += 1;
        out[i] = errorAnswer(c, -32005, `query returned more than ${options.logResultLimit} results. Try with this block range instead.`);
      } else out[i] = a;
    }
    return out as Answer[];
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (d: Buffer) => chunks.push(d));
    req.on("end", () => {
      void (async () => {
        stats.requests += 1;
        let body: JsonRpcCall | JsonRpcCall[];
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as JsonRpcCall | JsonRpcCall[];
        } catch {
          res.writeHead(400, { "content-type": "application/json" });
          res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse error" } }));
          return;
        }
        const calls = Array.isArray(body) ? body : [body];
        stats.calls += calls.length;
        const faultable = !calls.every((c) => exempt.has(c.method));
        const roll = (p: number | undefined) => faultable && p !== undefined && p > 0 && rng() < p;
        if (roll(rates.latency)) {
          counts.latency += 1;
          const [lo, hi] = rates.latencyMs ?? [5, 50];
          await sleep(lo + rng() * (hi - lo));
        }
        if (roll(rates.rateLimit)) {
          counts.rateLimit += 1;
          res.writeHead(429, { "content-type": "application/json", "retry-after": "0" });
          res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32005, message: "Too Many Requests: rate limit exceeded" } }));
          return;
        }
        if (roll(rates.serverError)) {
          counts.serverError += 1;
          const status = rng() < 0.5 ? 502 : 503;
          res.writeHead(status, { "content-type": "text/plain" });
          res.end(status === 502 ? "Bad Gateway" : "Service Unavailable");
          return;
        }
        const drop = roll(rates.drop);
        const dropAfter = drop && rng() < 0.5;
        if (drop && !dropAfter) {
          counts.drop += 1;
          req.socket.destroy();
          return;
        }
        let answers: Answer[];
        try {
          answers = await answer(calls);
        } catch (e) {
          res.writeHead(502, { "content-type": "text/plain" });
          res.end(`upstream failed: ${(e as Error).message}`);
          return;
        }
        if (dropAfter) {
          counts.drop += 1;
          req.socket.destroy();
          return;
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(Array.isArray(body) ? answers : answers[0]));
      })();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats: () => {
      const faultsInjected = { ...counts };
      return {
        ...stats,
        faultsInjected,
        totalFaults: Object.values(faultsInjected).reduce((a, b) => a + b, 0),
        reorgs: reorgs.map((r) => ({ ...r })),
      };
    },
    reorg: (depth, o) => exclusive(() => doReorg(depth, o)),
    checkpoint: () => exclusive(snapshotNow),
    setFaults: (f) => {
      rates = { ...f };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
