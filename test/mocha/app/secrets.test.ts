import { expect } from "chai";
import type { Address, Hex } from "viem";
import { makeReceipt, parseReceipt, serializeReceipt } from "../../../lib/receipt.js";
import { reserveCommitment } from "../../../lib/auction.js";
import { memoryStore, storageStore, type StorageLike } from "../../../app/src/core/kv.js";
import { SecretStorageError, SecretVault, secretKey, SECRET_PREFIX } from "../../../app/src/core/secrets.js";

const house = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;
const alice = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
const bob = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as Address;
const salt = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;
const receipt = (o: Partial<{ account: Address; auctionId: bigint; amount: bigint; salt: Hex; role: "bid" | "reserve"; chainId: number }> = {}) =>
  makeReceipt({ role: o.role ?? "bid", nonce: o.role === "reserve" ? 0n : undefined, chainId: o.chainId ?? 31337, auctionHouse: house, auctionId: o.auctionId ?? 1n, account: o.account ?? alice, amount: o.amount ?? 10n ** 18n, salt: o.salt ?? salt(1), deposit: 2n * 10n ** 18n, createdAt: "2026-01-01T00:00:00.000Z" });

describe("app/core secrets: bid secrets in durable storage", () => {
  it("keys a secret by chain, contract, auction, account and role (case-insensitive addresses)", () => {
    const k = secretKey({ chainId: 31337, auctionHouse: house, auctionId: 7n, account: alice, role: "bid" });
    expect(k).to.equal(`${SECRET_PREFIX}31337/${house.toLowerCase()}/7/${alice.toLowerCase()}/bid`);
    expect(secretKey({ chainId: 1, auctionHouse: house, auctionId: 7n, account: alice, role: "bid" })).to.not.equal(k);
    expect(secretKey({ chainId: 31337, auctionHouse: house, auctionId: 7n, account: alice, role: "reserve" })).to.not.equal(k);
  });

  it("saves, reads back and finds a secret by its on-chain commitment", () => {
    const kv = memoryStore();
    const vault = new SecretVault(kv, () => "t0");
    const r = receipt();
    const saved = vault.save(r);
    expect(saved.status).to.equal("prepared");
    expect(saved.receipt.salt).to.equal(r.salt);
    expect(vault.get({ ...r }, r.commitment)?.receipt.amount).to.equal(r.amount);
    expect(vault.get({ ...r }, `0x${"ab".repeat(32)}`)).to.equal(null);
    // survives a fresh vault over the same storage (a reopened tab)
    expect(new SecretVault(kv).get({ ...r })?.receipt.commitment).to.equal(r.commitment);
  });

  it("keeps earlier secrets when a bid is replaced, newest last", () => {
    const vault = new SecretVault(memoryStore());
    const first = receipt({ amount: 1n, salt: salt(1) });
    const second = receipt({ amount: 2n, salt: salt(2) });
    vault.save(first);
    vault.save(second);
    const hist = vault.history({ ...first });
    expect(hist.map((h) => h.receipt.amount)).to.deep.equal([1n, 2n]);
    expect(vault.get({ ...first })?.receipt.amount).to.equal(2n);
    expect(vault.get({ ...first }, first.commitment)?.receipt.amount).to.equal(1n);
  });

  it("raises status and never lowers it", () => {
    const vault = new SecretVault(memoryStore());
    const r = receipt();
    vault.save(r);
    vault.mark({ ...r }, r.commitment, "committed", "0x1234");
    expect(vault.get({ ...r })?.status).to.equal("committed");
    expect(vault.get({ ...r })?.txHash).to.equal("0x1234");
    vault.mark({ ...r }, r.commitment, "revealed");
    vault.save(r, { status: "prepared" });
    expect(vault.get({ ...r })?.status).to.equal("revealed");
    expect(vault.history({ ...r })).to.have.length(1);
  });

  it("lists the latest secret per slot with filters", () => {
    const vault = new SecretVault(memoryStore({ unrelated: "x" }));
    vault.save(receipt({ auctionId: 2n }));
    vault.save(receipt({ auctionId: 1n }));
    vault.save(receipt({ auctionId: 1n, account: bob }));
    vault.save(receipt({ auctionId: 1n, chainId: 11155111 }));
    expect(vault.list().map((s) => s.receipt.auctionId)).to.deep.equal([1n, 1n, 1n, 2n]);
    expect(vault.list({ chainId: 31337, account: alice.toLowerCase() as Address }).map((s) => s.receipt.auctionId)).to.deep.equal([1n, 2n]);
    expect(vault.list({ account: bob })).to.have.length(1);
  });

  it("skips corrupted entries instead of failing", () => {
    const kv = memoryStore();
    const vault = new SecretVault(kv);
    vault.save(receipt());
    kv.set(`${SECRET_PREFIX}31337/x/1/y/bid`, "not json");
    kv.set(`${SECRET_PREFIX}31337/x/2/y/bid`, JSON.stringify([{ receipt: "{}", status: "prepared" }]));
    expect(vault.list()).to.have.length(1);
  });

  it("refuses (throws) when storage rejects the write, so no commit is requested", () => {
    const full: StorageLike = { length: 0, key: () => null, getItem: () => null, setItem: () => { throw new Error("QuotaExceededError"); }, removeItem: () => {} };
    expect(() => new SecretVault(storageStore(full)).save(receipt())).to.throw(SecretStorageError, /nothing was sent/);
    const lossy: StorageLike = { length: 0, key: () => null, getItem: () => null, setItem: () => {}, removeItem: () => {} };
    expect(() => new SecretVault(storageStore(lossy)).save(receipt())).to.throw(SecretStorageError, /read back/);
  });

  it("works over a DOM-like Storage and backs up every version without bookkeeping", () => {
    const map = new Map<string, string>();
    const storage: StorageLike = {
      get length() { return map.size; },
      key: (i) => [...map.keys()][i] ?? null,
      getItem: (k) => map.get(k) ?? null,
      setItem: (k, v) => void map.set(k, v),
      removeItem: (k) => void map.delete(k),
    };
    const vault = new SecretVault(storageStore(storage));
    vault.save(receipt({ amount: 1n }));
    vault.save(receipt({ amount: 2n }));
    const backup = JSON.parse(vault.backup());
    expect(backup.kind).to.equal("credible-auction-receipt-backup");
    expect(backup.receipts.map((r: { amount: string }) => r.amount)).to.deep.equal(["1", "2"]);
  });

  it("keeps a sealed reserve's nonce, so the reserve can be opened later (rule 6: it binds the nonce, not the id)", () => {
    const vault = new SecretVault(memoryStore(), () => "t0");
    const r = makeReceipt({ role: "reserve", chainId: 31337, auctionHouse: house, auctionId: 4n, account: alice, amount: 5n, salt: salt(9), nonce: 2n });
    expect(r.commitment).to.equal(reserveCommitment({ chainId: 31337, auctionHouse: house, nonce: 2n }, alice, 5n, salt(9)));
    vault.save(r);
    const back = vault.get({ ...r }, r.commitment)!.receipt;
    expect(back.nonce).to.equal(2n);
    expect(parseReceipt(serializeReceipt(back))).to.deep.include({ commitment: r.commitment, nonce: 2n, salt: r.salt, amount: 5n });
    // Created under another id than expected: re-saved under the real id, same commitment.
    const moved = makeReceipt({ ...r, auctionId: 5n });
    expect(moved.commitment).to.equal(r.commitment);
    vault.save(moved, { status: "committed" });
    expect(vault.get({ ...moved }, r.commitment)?.status).to.equal("committed");
    // A reserve receipt without its nonce cannot be opened: refused when read.
    const raw = JSON.parse(serializeReceipt(r));
    delete raw.nonce;
    expect(() => parseReceipt(JSON.stringify(raw))).to.throw(/reserve nonce/);
  });
});
