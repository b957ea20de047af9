/** The getLogs pager against fake providers that cap ranges and result counts in their own words. */
import { expect } from "chai";
import type { Hex } from "viem";
import { isRangeError, scanLogs, type RpcLog, type ScanProgress } from "../../../lib/logs.js";

const ADDRESS = "0x00000000000000000000000000000000000000aa" as const;
const hex = (n: bigint | number) => `0x${BigInt(n).toString(16)}` as Hex;

interface FakeOptions {
  head: number;
  /** Blocks that hold a log (several entries = several logs). */
  logBlocks: number[];
  /** Refuse queries spanning more than this many blocks. */
  maxRange?: number;
  /** Refuse queries returning more than this many logs. */
  maxResults?: number;
  rangeError?: () => unknown;
  resultError?: () => unknown;
  /** Fail the n-th request (1-based) with a transient error. */
  transientAt?: number[];
  removedBlocks?: number[];
}

function fakeProvider(o: FakeOptions) {
  const calls: { from: number; to: number; ok: boolean }[] = [];
  let n = 0;
  const rangeError = o.rangeError ?? (() => Object.assign(new Error("query exceeds max block range 5"), { code: -32005 }));
  const resultError = o.resultError ?? (() => Object.assign(new Error("query returned more than 10000 results"), { code: -32005 }));
  return {
    calls,
    async request({ method, params }: { method: string; params?: unknown }): Promise<unknown> {
      if (method === "eth_blockNumber") return hex(o.head);
      // The pager checks its last block's hash before and after the scan (no reorg here).
      if (method === "eth_getBlockByNumber") return { hash: hex(BigInt((params as [Hex])[0]) + 0xb10c000n) };
      if (method !== "eth_getLogs") throw new Error(`unexpected ${method}`);
      n += 1;
      const [filter] = params as [{ fromBlock: Hex; toBlock: Hex; address: string }];
      const from = Number(BigInt(filter.fromBlock));
      const to = Number(BigInt(filter.toBlock));
      expect(filter.address).to.equal(ADDRESS);
      if (o.transientAt?.includes(n)) {
        calls.push({ from, to, ok: false });
        throw Object.assign(new Error("fetch failed: ECONNRESET"), { code: -1 });
      }
      if (o.maxRange !== undefined && to - from + 1 > o.maxRange) {
        calls.push({ from, to, ok: false });
        throw rangeError();
      }
      const logs: RpcLog[] = [];
      o.logBlocks.forEach((b, i) => {
        if (b >= from && b <= to) {
          logs.push({
            address: ADDRESS, topics: [hex(i)], data: "0x", blockNumber: hex(b), blockHash: hex(b), transactionHash: hex(1000 + i),
            transactionIndex: "0x0", logIndex: hex(i), removed: o.removedBlocks?.includes(b) ?? false,
          });
        }
      });
      if (o.maxResults !== undefined && logs.length > o.maxResults) {
        calls.push({ from, to, ok: false });
        throw resultError();
      }
      calls.push({ from, to, ok: true });
      return logs;
    },
  };
}

const spread = (count: number, head: number) => Array.from({ length: count }, (_, i) => 1 + Math.floor((i * head) / count));

describe("lib/logs scanLogs: paged eth_getLogs", () => {
  it("halves the page on a block-range cap and still returns every log in order", async () => {
    const logBlocks = spread(40, 200);
    const p = fakeProvider({ head: 200, logBlocks, maxRange: 5 });
    const r = await scanLogs(p, { filter: { address: ADDRESS }, fromBlock: 1n, pageSize: 64n });
    expect(r.logs.map((l) => Number(BigInt(l.blockNumber!)))).to.deep.equal(logBlocks);
    expect(r.rangeErrors).to.be.greaterThan(0);
    expect(p.calls.filter((c) => c.ok).every((c) => c.to - c.from + 1 <= 5)).to.equal(true);
    // Blocks are covered exactly once by successful pages.
    const covered = p.calls.filter((c) => c.ok).flatMap((c) => Array.from({ length: c.to - c.from + 1 }, (_, i) => c.from + i));
    expect(covered).to.deep.equal(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it("halves on a result-count cap (10,000 results style) where logs are dense, and grows back where they are sparse", async () => {
    const dense = Array.from({ length: 30 }, (_, i) => 10 + (i % 3)); // 30 logs in blocks 10–12
    const sparse = spread(10, 1000).map((b) => b + 100);
    const p = fakeProvider({ head: 1200, logBlocks: [...dense, ...sparse], maxResults: 12 });
    const r = await scanLogs(p, { filter: { address: ADDRESS }, fromBlock: 0n, pageSize: 256n });
    expect(r.logs).to.have.length(40);
    expect(r.rangeErrors).to.be.greaterThan(0);
    const okPages = p.calls.filter((c) => c.ok).map((c) => c.to - c.from + 1);
    expect(okPages.slice(-4)).to.include(256); // grew back to the full page
  });

  for (const [label, make] of [
    ["Alchemy-style -32602 with a suggested range", () => Object.assign(new Error("Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response. Based on your parameters, this block range should work: [0x1, 0x2]"), { code: -32602 })],
    ["Infura-style -32005", () => ({ code: -32005, message: "query returned more than 10000 results" })],
    ["a free tier's 'block range too large'", () => ({ code: -32000, message: "eth_getLogs block range too large, range: 64, max: 5" })],
    ["a viem-wrapped error with the detail in its cause", () => Object.assign(new Error("RPC Request failed."), { cause: { code: -32602, message: "invalid params: exceed maximum block range: 5" } })],
    ["'Too many blocks'", () => ({ code: -32600, message: "Too many blocks requested. Maximum is 5" })],
  ] as const) {
    it(`recognises ${label}`, async () => {
      expect(isRangeError(make())).to.equal(true);
      const p = fakeProvider({ head: 50, logBlocks: spread(7, 50), maxRange: 5, rangeError: make });
      const r = await scanLogs(p, { filter: { address: ADDRESS }, fromBlock: 0n, pageSize: 50n });
      expect(r.logs).to.have.length(7);
    });
  }

  it("does not take rate limiting or plain failures for a range error", () => {
    expect(isRangeError({ code: -32005, message: "project ID request rate exceeded" })).to.equal(false);
    expect(isRangeError({ code: 429, message: "Too Many Requests" })).to.equal(false);
    expect(isRangeError(new Error("execution reverted"))).to.equal(false);
    expect(isRangeError(new Error("fetch failed: ECONNRESET"))).to.equal(false);
  });

  it("retries a transient failure with backoff instead of halving", async () => {
    const p = fakeProvider({ head: 30, logBlocks: [3, 20], transientAt: [1, 2] });
    const r = await scanLogs(p, { filter: { address: ADDRESS }, fromBlock: 0n, pageSize: 100n, retryDelayMs: 1 });
    expect(r.logs).to.have.length(2);
    expect(r.rangeErrors).to.equal(0);
    expect(r.requests).to.equal(3);
  });

  it("gives up with a clear message when the provider refuses even one block", async () => {
    const p = fakeProvider({ head: 10, logBlocks: [1], maxRange: 0 });
    let message = "";
    try {
      await scanLogs(p, { filter: { address: ADDRESS }, fromBlock: 0n, pageSize: 8n });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.match(/refuses even 1 block\(s\) per eth_getLogs query/);
  });

  it("stops at the confirmed block (head − confirmations) and drops removed logs", async () => {
    const p = fakeProvider({ head: 100, logBlocks: [10, 50, 97, 99, 100], removedBlocks: [50] });
    const r = await scanLogs(p, { filter: { address: ADDRESS }, fromBlock: 0n, confirmations: 3 });
    expect(r.toBlock).to.equal(97n);
    expect(r.logs.map((l) => Number(BigInt(l.blockNumber!)))).to.deep.equal([10, 97]);
    expect(r.removed).to.equal(1);
    const capped = await scanLogs(p, { filter: { address: ADDRESS }, fromBlock: 0n, toBlock: 500n });
    expect(capped.toBlock).to.equal(100n); // never beyond the head
  });

  it("reports progress monotonically up to the last block", async () => {
    const p = fakeProvider({ head: 1000, logBlocks: spread(20, 1000), maxRange: 100 });
    const seen: ScanProgress[] = [];
    await scanLogs(p, { filter: { address: ADDRESS }, fromBlock: 1n, pageSize: 400n, onProgress: (x) => seen.push(x) });
    expect(seen.length).to.be.greaterThan(5);
    for (let i = 1; i < seen.length; i++) expect(seen[i].done >= seen[i - 1].done).to.equal(true);
    expect(seen.at(-1)!.done).to.equal(seen.at(-1)!.total);
    expect(seen.at(-1)!.logs).to.equal(20);
  });
});
