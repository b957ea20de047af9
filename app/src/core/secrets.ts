/**
 * Bid secrets (amount + salt) kept in durable browser storage, keyed by chain, contract, auction, account and
 * role. The app saves a secret — and reads it back — BEFORE it asks the wallet to send the commitment, so a
 * closed tab or a crash after signing can never lose the only copy (the ENS 2017 failure mode). Replacing a
 * bid keeps the older secrets: until the replacement is mined, the old commitment is still the one on chain.
 * Entries are receipts (lib/receipt.ts) plus bookkeeping; nothing here talks to a chain.
 */
import type { Address, Hex } from "viem";
import { parseReceipt, serializeReceipt, type BidReceipt } from "../../../lib/receipt.js";
import type { KeyValueStore } from "./kv.js";

export const SECRET_PREFIX = "credible-auction/v1/secret/";

/** prepared: saved before the transaction; committed: seen on chain; revealed: opened on chain. */
export type SecretStatus = "prepared" | "committed" | "revealed";
export type SecretSource = "created" | "imported" | "recovered";

export interface StoredSecret {
  receipt: BidReceipt;
  status: SecretStatus;
  source: SecretSource;
  savedAt: string;
  /** Transaction that committed it, when known. */
  txHash?: Hex;
}

export interface SecretSlot {
  chainId: number;
  auctionHouse: Address;
  auctionId: bigint;
  account: Address;
  role: BidReceipt["role"];
}

export function secretKey(s: SecretSlot): string {
  return `${SECRET_PREFIX}${s.chainId}/${s.auctionHouse.toLowerCase()}/${s.auctionId}/${s.account.toLowerCase()}/${s.role}`;
}

export function slotOf(r: BidReceipt): SecretSlot {
  return { chainId: r.chainId, auctionHouse: r.auctionHouse, auctionId: r.auctionId, account: r.account, role: r.role };
}

interface Row {
  receipt: string;
  status: SecretStatus;
  source: SecretSource;
  savedAt: string;
  txHash?: Hex;
}

const STATUS_RANK: Record<SecretStatus, number> = { prepared: 0, committed: 1, revealed: 2 };

export class SecretStorageError extends Error {
  override name = "SecretStorageError";
}

export class SecretVault {
  constructor(private readonly kv: KeyValueStore, private readonly now: () => string = () => new Date().toISOString()) {}

  private readRows(key: string): Row[] {
    const text = this.kv.get(key);
    if (text === null) return [];
    try {
      const rows = JSON.parse(text);
      return Array.isArray(rows) ? rows : [];
    } catch {
      return [];
    }
  }

  private writeRows(key: string, rows: Row[]): void {
    const text = JSON.stringify(rows);
    try {
      this.kv.set(key, text);
    } catch (e) {
      throw new SecretStorageError(`the browser refused to store the bid secret (${(e as Error).message}); nothing was sent`);
    }
    if (this.kv.get(key) !== text) throw new SecretStorageError("the bid secret could not be read back from browser storage; nothing was sent");
  }

  private static toStored(row: Row): StoredSecret | null {
    try {
      return { receipt: parseReceipt(row.receipt), status: row.status, source: row.source, savedAt: row.savedAt, txHash: row.txHash };
    } catch {
      return null;
    }
  }

  /**
   * Saves a secret and verifies it reads back identically; throws {@link SecretStorageError} otherwise.
   * Saving the same commitment again only raises its status (never lowers it) and keeps the first save time.
   */
  save(receipt: BidReceipt, opts: { status?: SecretStatus; source?: SecretSource; txHash?: Hex } = {}): StoredSecret {
    const key = secretKey(slotOf(receipt));
    const rows = this.readRows(key);
    const existing = rows.findIndex((r) => rowCommitment(r) === receipt.commitment);
    const status = opts.status ?? "prepared";
    if (existing >= 0) {
      const row = rows[existing];
      if (STATUS_RANK[status] > STATUS_RANK[row.status]) row.status = status;
      if (opts.txHash) row.txHash = opts.txHash;
      rows.splice(existing, 1);
      rows.push(row); // most recent last
    } else {
      rows.push({ receipt: serializeReceipt(receipt), status, source: opts.source ?? "created", savedAt: this.now(), txHash: opts.txHash });
    }
    this.writeRows(key, rows);
    const saved = this.get(slotOf(receipt), receipt.commitment);
    if (!saved || saved.receipt.salt !== receipt.salt || saved.receipt.amount !== receipt.amount) {
      throw new SecretStorageError("the bid secret did not survive a write and read-back; nothing was sent");
    }
    return saved;
  }

  /** Raises the status of a stored commitment (no-op when absent). */
  mark(slot: SecretSlot, commitment: Hex, status: SecretStatus, txHash?: Hex): void {
    const key = secretKey(slot);
    const rows = this.readRows(key);
    const row = rows.find((r) => rowCommitment(r) === commitment.toLowerCase());
    if (!row) return;
    if (STATUS_RANK[status] <= STATUS_RANK[row.status] && !txHash) return;
    if (STATUS_RANK[status] > STATUS_RANK[row.status]) row.status = status;
    if (txHash) row.txHash = txHash;
    this.writeRows(key, rows);
  }

  /** Every secret of one slot, oldest first. */
  history(slot: SecretSlot): StoredSecret[] {
    return this.readRows(secretKey(slot)).map(SecretVault.toStored).filter((s): s is StoredSecret => s !== null);
  }

  /** The secret for `commitment` in this slot, or the most recent one when no commitment is given. */
  get(slot: SecretSlot, commitment?: Hex | null): StoredSecret | null {
    const all = this.history(slot);
    if (commitment) return all.find((s) => s.receipt.commitment === commitment.toLowerCase()) ?? null;
    return all.at(-1) ?? null;
  }

  /** The most recent secret of every slot in storage, optionally filtered. */
  list(filter: Partial<Pick<SecretSlot, "chainId" | "auctionHouse" | "account">> = {}): StoredSecret[] {
    const out: StoredSecret[] = [];
    for (const key of this.kv.keys()) {
      if (!key.startsWith(SECRET_PREFIX)) continue;
      const latest = this.readRows(key).map(SecretVault.toStored).filter((s): s is StoredSecret => s !== null).at(-1);
      if (!latest) continue;
      const r = latest.receipt;
      if (filter.chainId !== undefined && r.chainId !== filter.chainId) continue;
      if (filter.auctionHouse && r.auctionHouse.toLowerCase() !== filter.auctionHouse.toLowerCase()) continue;
      if (filter.account && r.account.toLowerCase() !== filter.account.toLowerCase()) continue;
      out.push(latest);
    }
    return out.sort((a, b) => (a.receipt.auctionId < b.receipt.auctionId ? -1 : a.receipt.auctionId > b.receipt.auctionId ? 1 : 0));
  }

  /** A backup of every stored receipt (all versions), as one JSON document. */
  backup(): string {
    const receipts: unknown[] = [];
    for (const key of this.kv.keys()) {
      if (!key.startsWith(SECRET_PREFIX)) continue;
      for (const row of this.readRows(key)) receipts.push(JSON.parse(row.receipt));
    }
    return JSON.stringify({ kind: "credible-auction-receipt-backup", version: 1, receipts }, null, 2) + "\n";
  }
}

function rowCommitment(row: Row): string | null {
  try {
    return (JSON.parse(row.receipt).commitment as string).toLowerCase();
  } catch {
    return null;
  }
}
