/**
 * Bulk transactions for the simulation: many impersonated accounts, explicit nonces and gas, no fee, sent
 * in JSON-RPC batches while automine is off, then mined with an explicit timestamp; every transaction's
 * status is checked afterwards from the mined blocks' receipts (matched by sender and nonce, so a
 * transaction re-sent after a dropped connection is still found).
 */
import { encodeDeployData, encodeFunctionData, getContractAddress, keccak256, toHex, type Abi, type Address, type Hex } from "viem";
import { isDuplicateSend, type HttpRpc } from "../rpc/client.js";

export interface PendingTx {
  from: Address;
  nonce: number;
  /** What the transaction is, for error messages and counters. */
  label: string;
  /** A reason when the transaction is meant to revert (a griefer's own failure, a refused token). */
  expectRevert?: string;
}

export interface MineReport {
  txs: number;
  reverted: number;
  expectedReverts: number;
  blocks: number;
}

export const hexOf = (n: number | bigint) => `0x${n.toString(16)}` as Hex;

/** A deterministic address for a named simulated account. */
export function simAddress(label: string): Address {
  return `0x${keccak256(toHex(`credible-auction sim ${label}`)).slice(26)}` as Address;
}

export class BulkSender {
  private nonces = new Map<string, number>();
  private queue: { call: { method: string; params: unknown[] }; tx: PendingTx }[] = [];
  /** Chain time of the next mined block. */
  time = 0;
  readonly totals = { txs: 0, reverted: 0, expectedReverts: 0, blocks: 0, sendSeconds: 0, mineSeconds: 0, checkSeconds: 0 };
  readonly unexpected: string[] = [];

  constructor(readonly rpc: HttpRpc, readonly o: { maxTxPerBlock?: number; gas?: bigint } = {}) {}

  /** Impersonates and funds accounts (ETH balance), in one batch. */
  async fund(accounts: readonly Address[], wei: bigint): Promise<void> {
    const calls = accounts.flatMap((a) => [
      { method: "hardhat_impersonateAccount", params: [a] },
      { method: "hardhat_setBalance", params: [a, hexOf(wei)] },
    ]);
    const res = await this.rpc.batch(calls);
    const bad = res.find((r) => r.error);
    if (bad?.error) throw new Error(`funding accounts failed: ${bad.error.message}`);
  }

  /** Reads the accounts' nonces (once, before sending). */
  async syncNonces(accounts: readonly Address[]): Promise<void> {
    const res = await this.rpc.batch(accounts.map((a) => ({ method: "eth_getTransactionCount", params: [a, "pending"] })));
    accounts.forEach((a, i) => this.nonces.set(a.toLowerCase(), Number(BigInt(res[i].result as string))));
  }

  private nextNonce(from: Address): number {
    const k = from.toLowerCase();
    const n = this.nonces.get(k) ?? 0;
    this.nonces.set(k, n + 1);
    return n;
  }

  /** Queues a contract call. */
  call(from: Address, to: Address, abi: Abi, functionName: string, args: readonly unknown[], o: { value?: bigint; label?: string; expectRevert?: string; gas?: bigint } = {}): void {
    const data = encodeFunctionData({ abi, functionName, args } as never);
    this.raw(from, to, data, o.value ?? 0n, { label: o.label ?? functionName, expectRevert: o.expectRevert, gas: o.gas });
  }

  /** Queues a deployment and returns the new contract's address. */
  deploy(from: Address, artifact: { abi: Abi; bytecode: Hex }, args: readonly unknown[] = [], label = "deploy"): Address {
    const nonce = this.nonces.get(from.toLowerCase()) ?? 0;
    const data = encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args } as never);
    this.raw(from, null, data, 0n, { label, gas: 8_000_000n });
    return getContractAddress({ from, nonce: BigInt(nonce) });
  }

  raw(from: Address, to: Address | null, data: Hex, value: bigint, o: { label: string; expectRevert?: string; gas?: bigint }): void {
    const nonce = this.nextNonce(from);
    const tx: Record<string, unknown> = {
      from, data, value: hexOf(value), gas: hexOf(o.gas ?? this.o.gas ?? 600_000n), nonce: hexOf(nonce), maxFeePerGas: "0x0", maxPriorityFeePerGas: "0x0",
    };
    if (to !== null) tx.to = to;
    this.queue.push({ call: { method: "eth_sendTransaction", params: [tx] }, tx: { from, nonce, label: o.label, expectRevert: o.expectRevert } });
  }

  get pending(): number {
    return this.queue.length;
  }

  /**
   * Sends everything queued and mines it at `this.time` (blocks of at most maxTxPerBlock transactions, all
   * with that timestamp), then checks every receipt. Unexpected reverts are collected in `unexpected`.
   */
  async flush(): Promise<MineReport> {
    const report: MineReport = { txs: 0, reverted: 0, expectedReverts: 0, blocks: 0 };
    const per = this.o.maxTxPerBlock ?? 4000;
    while (this.queue.length > 0) {
      const part = this.queue.splice(0, per);
      const t0 = performance.now();
      const res = await this.rpc.batch(part.map((p) => p.call));
      res.forEach((r, i) => {
        if (r.error && !isDuplicateSend(r.error)) throw new Error(`${part[i].tx.label} from ${part[i].tx.from} was refused: ${r.error.message}`);
      });
      const t1 = performance.now();
      const before = Number(BigInt((await this.rpc.request({ method: "eth_blockNumber" })) as string));
      await this.rpc.request({ method: "evm_mine", params: [hexOf(this.time)] });
      const t2 = performance.now();
      const after = Number(BigInt((await this.rpc.request({ method: "eth_blockNumber" })) as string));
      // Blocks from the one after `before`: a reorg may have replaced them, a re-sent evm_mine added one.
      const blockCalls = [];
      for (let n = before + 1; n <= after; n++) blockCalls.push({ method: "eth_getBlockByNumber", params: [hexOf(n), true] });
      const blocks = (await this.rpc.batch(blockCalls)).map((b) => b.result as { transactions: { hash: Hex; from: Address; nonce: Hex }[] });
      const hashByKey = new Map<string, Hex>();
      for (const b of blocks) for (const t of b.transactions) hashByKey.set(`${t.from.toLowerCase()}:${Number(BigInt(t.nonce))}`, t.hash);
      const hashes = part.map((p) => hashByKey.get(`${p.tx.from.toLowerCase()}:${p.tx.nonce}`));
      const missing = part.filter((_, i) => hashes[i] === undefined);
      if (missing.length > 0) throw new Error(`${missing.length} transaction(s) were not mined, e.g. ${missing[0].tx.label} from ${missing[0].tx.from}`);
      const receipts = await this.rpc.batch(hashes.map((h) => ({ method: "eth_getTransactionReceipt", params: [h] })));
      receipts.forEach((r, i) => {
        const status = (r.result as { status: Hex } | null)?.status;
        const { tx } = part[i];
        if (status === "0x1") {
          if (tx.expectRevert) this.unexpected.push(`${tx.label} from ${tx.from} succeeded, but should have failed: ${tx.expectRevert}`);
          return;
        }
        report.reverted += 1;
        if (tx.expectRevert) report.expectedReverts += 1;
        else this.unexpected.push(`${tx.label} from ${tx.from} (nonce ${tx.nonce}) reverted`);
      });
      const t3 = performance.now();
      report.txs += part.length;
      report.blocks += after - before;
      this.totals.sendSeconds += (t1 - t0) / 1000;
      this.totals.mineSeconds += (t2 - t1) / 1000;
      this.totals.checkSeconds += (t3 - t2) / 1000;
    }
    this.totals.txs += report.txs;
    this.totals.reverted += report.reverted;
    this.totals.expectedReverts += report.expectedReverts;
    this.totals.blocks += report.blocks;
    return report;
  }
}
