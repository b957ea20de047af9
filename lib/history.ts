/**
 * An auction rebuilt from its event logs alone (CREDIBILITY.md rule 10): terms, commitments, openings, the
 * reserve opening, the settlement and every claim. No contract state is read here, so the result depends
 * only on the chain's logs as the caller's own RPC endpoint reports them. Shared by the auditor, the
 * operator tasks and the app. viem only, no Hardhat.
 */
import { encodeEventTopics, numberToHex, toEventSelector, type Address, type Hex } from "viem";
import { auctionHouseAbi } from "./abi.js";
import {
  checksum as getAddress,
  FORMATS,
  MAX_AMOUNT,
  NO_BID,
  ZERO_ADDRESS,
  ZERO_BYTES32,
  type AuctionTerms,
  type OutcomeInput,
} from "./auction.js";
import { scanLogs, type RpcLog, type RpcRequester, type ScanProgress } from "./logs.js";

/** Where an event sits in the chain. */
export interface EventMeta {
  blockNumber: bigint;
  logIndex: number;
  transactionHash: Hex;
}

export type AuctionEvent = EventMeta &
  (
    | { name: "AuctionCreated"; auctionId: bigint; seller: Address; terms: AuctionTerms }
    | { name: "AuctionCancelled"; auctionId: bigint; recipient: Address }
    | { name: "BidCommitted"; auctionId: bigint; bidder: Address; commitment: Hex; deposit: bigint; order: bigint }
    | { name: "SelfOpeningAttached"; auctionId: bigint; bidder: Address; sealedOpening: Hex }
    | { name: "DepositHidden"; auctionId: bigint }
    | { name: "VaultSwept"; auctionId: bigint; bidder: Address; vault: Address; collateral: bigint }
    | { name: "VaultSetAside"; auctionId: bigint; bidder: Address; amount: bigint; ethAmount: bigint }
    | { name: "VaultRecovered"; auctionId: bigint; bidder: Address; vault: Address; recipient: Address; amount: bigint; ethAmount: bigint }
    | { name: "BidRevealed"; auctionId: bigint; bidder: Address; amount: bigint; salt: Hex; valid: boolean }
    | { name: "RefundDeferred"; auctionId: bigint; bidder: Address; amount: bigint }
    | { name: "ReserveRevealed"; auctionId: bigint; reserve: bigint; salt: Hex }
    | { name: "AuctionSettled"; auctionId: bigint; winner: Address; price: bigint; effectiveReserve: bigint; burned: bigint }
    | { name: "LotClaimed"; auctionId: bigint; owner: Address; recipient: Address }
    | { name: "ProceedsWithdrawn"; auctionId: bigint; seller: Address; recipient: Address; amount: bigint }
    | { name: "RefundWithdrawn"; auctionId: bigint; bidder: Address; recipient: Address; amount: bigint }
  );

export type AuctionEventName = AuctionEvent["name"];

export const AUCTION_EVENT_NAMES: readonly AuctionEventName[] = [
  "AuctionCreated",
  "AuctionCancelled",
  "BidCommitted",
  "SelfOpeningAttached",
  "DepositHidden",
  "VaultSwept",
  "VaultSetAside",
  "VaultRecovered",
  "BidRevealed",
  "RefundDeferred",
  "ReserveRevealed",
  "AuctionSettled",
  "LotClaimed",
  "ProceedsWithdrawn",
  "RefundWithdrawn",
];

const eventItems = auctionHouseAbi.filter((i) => i.type === "event");
/** topic0 of each auction event. */
export const EVENT_TOPICS: Record<AuctionEventName, Hex> = Object.fromEntries(
  AUCTION_EVENT_NAMES.map((name) => {
    const item = eventItems.find((e) => e.name === name);
    if (!item) throw new Error(`event ${name} is missing from the ABI`);
    return [name, toEventSelector(item)];
  }),
) as Record<AuctionEventName, Hex>;

/** The topic for an indexed auction id. */
export function auctionIdTopic(auctionId: bigint): Hex {
  return numberToHex(auctionId, { size: 32 });
}

export interface CommitRecord extends EventMeta {
  commitment: Hex;
  deposit: bigint;
  order: number;
}

export interface OpeningRecord extends EventMeta {
  bidder: Address;
  amount: bigint;
  salt: Hex;
  valid: boolean;
}

export interface BidderHistory {
  bidder: Address;
  /** 1-based order of the first commitment (ties go to the lower order). */
  order: number;
  /** The latest commitment and total deposit, as last emitted in BidCommitted. */
  commitment: Hex;
  deposit: bigint;
  commits: CommitRecord[];
  /** The standing commitment's timelock-encrypted opening (rule 16), if it carries one; a replaced
   * commitment's earlier ciphertext no longer counts. */
  sealedOpening: (EventMeta & { ciphertext: Hex }) | null;
  /** The first opening of this bidder's commitment, if any. */
  opening: OpeningRecord | null;
  /** Refunds that could not be paid inside a reveal and wait for withdrawRefund. */
  deferred: bigint;
  /** withdrawRefund / withdrawUnrevealed payments. */
  withdrawals: (EventMeta & { recipient: Address; amount: bigint })[];
  /** A hidden-deposit commitment (DepositHidden right after its BidCommitted): `deposit` is the bond (plus any
   * public top-up) and the rest of the collateral sits in the bid's vault until its opening sweeps it. */
  hidden: boolean;
  /** The opening's sweep of the bid's vault (VaultSwept), if any. */
  vault: (EventMeta & { vault: Address; collateral: bigint }) | null;
  /** The collateral the sweep counted as deposit (0 without a sweep): the bid's effective deposit is
   * deposit + swept (effectiveDeposit). */
  swept: bigint;
  /** What the sweep brought that the bid cannot count (VaultSetAside), kept for recoverVault: `amount` in the
   * payment asset, `ethAmount` ETH of an ERC-20-paid auction. */
  setAside: { amount: bigint; ethAmount: bigint };
  /** What recoverVault paid this bidder (VaultRecovered totals; set-aside funds included). */
  recovered: { amount: bigint; ethAmount: bigint };
}

/** A bid's effective deposit: its public deposit plus the collateral its vault sweep counted (rule 16). */
export function effectiveDeposit(b: Pick<BidderHistory, "deposit" | "swept">): bigint {
  return b.deposit + b.swept;
}

/** The hidden-deposit fields of a bidder's history, the same in both houses' histories (rule 16). */
export type VaultFields = Pick<BidderHistory, "hidden" | "vault" | "swept" | "setAside" | "recovered">;

/** A bidder's hidden-deposit fields before any vault event. */
export function vaultFields(hidden: boolean): VaultFields {
  return { hidden, vault: null, swept: 0n, setAside: { amount: 0n, ethAmount: 0n }, recovered: { amount: 0n, ethAmount: 0n } };
}

/** One recoverVault, with how much of it paid what the opening had set aside. */
export type VaultRecovery = EventMeta & { bidder: Address; vault: Address; recipient: Address; amount: bigint; ethAmount: bigint; setAsidePaid: bigint; ethSetAsidePaid: bigint };

/** The four hidden-deposit events, as both houses emit them. */
export type VaultEvent = Extract<AuctionEvent, { name: "DepositHidden" | "VaultSwept" | "VaultSetAside" | "VaultRecovered" }>;

/** What VaultFold needs of an event: its place, name and (for most events) bidder. */
type FoldedEvent = EventMeta & { name: string; bidder?: Address };

/**
 * The hidden-deposit part of a history fold, shared by both houses (their vault events and rules are the same):
 * a commitment is hidden when DepositHidden comes right after its BidCommitted; a hidden bid's opening comes
 * right after its VaultSwept (and VaultSetAside); recoveries pay at least what was set aside. The caller folds
 * everything else and calls `commit`, `opening` and `fold` at the matching events; anomalies go to `note`.
 */
export class VaultFold<B extends VaultFields & { deposit: bigint; opening: unknown | null }> {
  /** Every recoverVault in chain order, including those of accounts that never committed. */
  readonly recoveries: VaultRecovery[] = [];
  private recoveredAny: EventMeta | null = null;
  private readonly setAsidePaidBy = new Map<string, { amount: bigint; ethAmount: bigint }>();

  constructor(
    private readonly events: readonly FoldedEvent[],
    private readonly o: {
      bidderOf: (bidder: Address) => B | undefined;
      note: (e: EventMeta, text: string) => void;
      ethPaid: () => boolean;
      bond: () => bigint | undefined;
    },
  ) {}

  private adjacent(x: FoldedEvent | undefined, y: FoldedEvent): boolean {
    return x !== undefined && x.transactionHash === y.transactionHash && x.blockNumber === y.blockNumber && x.logIndex + 1 === y.logIndex;
  }

  /**
   * At the BidCommitted `events[i]`, before the caller updates `existing` (undefined for a first commitment):
   * whether it is a hidden one, noting a hidden commit that did not post exactly the bond and a recommitment
   * that changed the position's kind.
   */
  commit(i: number, e: FoldedEvent & { bidder: Address; deposit: bigint }, existing: B | undefined): boolean {
    const next = this.events[i + 1];
    const hiddenNow = next?.name === "DepositHidden" && this.adjacent(e, next);
    if (existing === undefined) {
      const bond = this.o.bond();
      // commitHidden posts exactly the bond.
      if (hiddenNow && bond !== undefined && e.deposit !== bond) this.o.note(e, `${e.bidder}'s hidden-deposit commitment posted ${e.deposit}, not the bond ${bond}`);
    } else if (hiddenNow !== existing.hidden) {
      // A recommitment keeps the position's kind: a hidden one stays hidden (DepositHidden again), a plain one plain.
      this.o.note(e, existing.hidden ? `${e.bidder}'s hidden-deposit commitment was replaced without DepositHidden` : `${e.bidder}'s plain commitment was replaced by a hidden-deposit one`);
    }
    return hiddenNow;
  }

  /** At a BidRevealed, before the caller records it: the auction was not over, and a hidden bid was swept first. */
  opening(e: FoldedEvent & { bidder: Address }): void {
    if (this.recoveredAny !== null) this.o.note(e, `${e.bidder}'s bid was opened after a vault was recovered (the auction was over)`);
    const b = this.o.bidderOf(e.bidder);
    if (b?.hidden && b.opening === null && (b.vault === null || b.vault.transactionHash !== e.transactionHash)) {
      this.o.note(e, `${e.bidder}'s hidden-deposit bid was opened without its vault sweep`);
    }
  }

  /** Folds `events[i]` when it is one of the four vault events; false otherwise. */
  fold(i: number): boolean {
    const e = this.events[i] as VaultEvent;
    const prev = this.events[i - 1];
    const next = this.events[i + 1];
    const note = this.o.note;
    switch (e.name) {
      case "DepositHidden":
        if (prev?.name !== "BidCommitted" || !this.adjacent(prev, e)) note(e, "DepositHidden is not right after its BidCommitted (log index − 1, same transaction)");
        return true;
      case "VaultSwept": {
        const b = this.o.bidderOf(e.bidder);
        // Followed by its bid's BidRevealed, or by VaultSetAside and then that BidRevealed.
        const setAside = next?.name === "VaultSetAside" && this.adjacent(e, next);
        const after = setAside ? this.events[i + 2] : next;
        const before = setAside ? next : e;
        if (after?.name !== "BidRevealed" || !this.adjacent(before, after) || after.bidder !== e.bidder) {
          note(e, `${e.bidder}'s vault sweep is not right before its bid's BidRevealed (same transaction)`);
        }
        if (b === undefined) note(e, `${e.bidder}'s vault was swept without any commitment`);
        else if (!b.hidden) note(e, `${e.bidder}'s vault was swept, but its commitment is not a hidden-deposit one`);
        else if (b.vault !== null || b.opening !== null) note(e, `${e.bidder}'s vault was swept twice`);
        else {
          b.vault = { blockNumber: e.blockNumber, logIndex: e.logIndex, transactionHash: e.transactionHash, vault: e.vault, collateral: e.collateral };
          b.swept = e.collateral;
          // The house counts at most up to its 112-bit amounts; beyond that it sets aside.
          if (b.deposit + e.collateral > MAX_AMOUNT) note(e, `${e.bidder}'s vault sweep counted ${e.collateral}, beyond the house's 112-bit amounts`);
        }
        return true;
      }
      case "VaultSetAside": {
        const b = this.o.bidderOf(e.bidder);
        if (prev?.name !== "VaultSwept" || !this.adjacent(prev, e) || prev.bidder !== e.bidder) {
          note(e, `${e.bidder}'s VaultSetAside is not right after its VaultSwept`);
        }
        if (e.amount === 0n && e.ethAmount === 0n) note(e, `${e.bidder}'s VaultSetAside sets nothing aside`);
        if (e.ethAmount !== 0n && this.o.ethPaid()) note(e, `${e.bidder}'s VaultSetAside sets ETH aside in an ETH-paid auction`);
        // Payment asset is set aside only beyond what the bid can count: the deposit reaches the 112-bit maximum.
        if (b !== undefined && e.amount !== 0n && b.deposit + b.swept !== MAX_AMOUNT) {
          note(e, `${e.bidder}'s VaultSetAside sets ${e.amount} aside while its deposit ${b.deposit + b.swept} is below the 112-bit maximum`);
        }
        if (b === undefined) note(e, `${e.bidder} had vault funds set aside without any commitment`);
        else {
          b.setAside.amount += e.amount;
          b.setAside.ethAmount += e.ethAmount;
        }
        return true;
      }
      case "VaultRecovered": {
        this.recoveredAny = this.recoveredAny ?? e;
        const b = this.o.bidderOf(e.bidder);
        if (e.amount === 0n && e.ethAmount === 0n) note(e, `${e.bidder}'s VaultRecovered pays nothing`);
        if (e.ethAmount !== 0n && this.o.ethPaid()) note(e, `${e.bidder}'s VaultRecovered pays ETH aside from the payment asset in an ETH-paid auction`);
        // recoverVault always pays everything set aside; what it swept from the vault comes on top.
        const key = e.bidder.toLowerCase();
        const paid = this.setAsidePaidBy.get(key) ?? { amount: 0n, ethAmount: 0n };
        const owedAmount = b === undefined ? 0n : b.setAside.amount - paid.amount;
        const owedEth = b === undefined ? 0n : b.setAside.ethAmount - paid.ethAmount;
        if (e.amount < owedAmount || e.ethAmount < owedEth) {
          note(e, `${e.bidder}'s vault recovery pays ${e.amount} / ${e.ethAmount} ETH, less than the ${owedAmount} / ${owedEth} ETH set aside for it`);
        }
        const setAsidePaid = e.amount < owedAmount ? e.amount : owedAmount;
        const ethSetAsidePaid = e.ethAmount < owedEth ? e.ethAmount : owedEth;
        this.setAsidePaidBy.set(key, { amount: paid.amount + setAsidePaid, ethAmount: paid.ethAmount + ethSetAsidePaid });
        this.recoveries.push({
          blockNumber: e.blockNumber, logIndex: e.logIndex, transactionHash: e.transactionHash, bidder: e.bidder, vault: e.vault,
          recipient: e.recipient, amount: e.amount, ethAmount: e.ethAmount, setAsidePaid, ethSetAsidePaid,
        });
        if (b !== undefined) {
          b.recovered.amount += e.amount;
          b.recovered.ethAmount += e.ethAmount;
        }
        return true;
      }
      default:
        return false;
    }
  }
}

export interface SettlementRecord extends EventMeta {
  /** Null when unsold. */
  winner: Address | null;
  price: bigint;
  effectiveReserve: bigint;
  burned: bigint;
}

export interface AuctionHistory {
  chainId: number;
  auctionHouse: Address;
  auctionId: bigint;
  /** The block span the logs were read from. */
  fromBlock: bigint;
  toBlock: bigint;
  created: (EventMeta & { seller: Address; terms: AuctionTerms }) | null;
  /** The cancellation and where the lot and any reserve bond went. */
  cancelled: (EventMeta & { recipient: Address }) | null;
  /** One entry per committed bidder, by commit order. */
  bidders: BidderHistory[];
  /** Every opening in chain order. */
  openings: OpeningRecord[];
  reserveOpening: (EventMeta & { reserve: bigint; salt: Hex }) | null;
  settlement: SettlementRecord | null;
  lotClaims: (EventMeta & { owner: Address; recipient: Address })[];
  proceedsWithdrawals: (EventMeta & { seller: Address; recipient: Address; amount: bigint })[];
  /** Every recoverVault of this auction, in chain order, including those of accounts that never committed (a
   * vault is its bidder's by derivation, whether or not a commitment names it). */
  vaultRecoveries: VaultRecovery[];
  /** Every decoded event, in chain order. */
  events: AuctionEvent[];
  /** Logs that could not be decoded as auction events (wrong emitter, unknown topic, malformed data). */
  undecoded: number;
  /** Sequences the contract cannot produce (e.g. an opening with no commitment), in plain sentences. */
  anomalies: string[];
}

export function metaOf(log: RpcLog): EventMeta {
  return {
    blockNumber: log.blockNumber === null ? -1n : BigInt(log.blockNumber),
    logIndex: log.logIndex === null ? -1 : Number(BigInt(log.logIndex)),
    transactionHash: (log.transactionHash ?? ZERO_BYTES32) as Hex,
  };
}

/** Chain order of two events: block, then log index. */
export const byChainOrder = (x: EventMeta, y: EventMeta): number =>
  x.blockNumber === y.blockNumber ? x.logIndex - y.logIndex : x.blockNumber < y.blockNumber ? -1 : 1;

export const nullable = (a: Address): Address | null => (a.toLowerCase() === ZERO_ADDRESS ? null : getAddress(a));

/**
 * Every AuctionHouse event has a fixed layout (static types only: uintN, address, bool, bytes32 and tuples of
 * them), but for SelfOpeningAttached's lone `bytes`, so a log decodes by slicing 32-byte words. One decoder per event, built from the ABI and found by
 * topic 0: audits of large auctions decode tens of thousands of logs, where viem's generic decodeEventLog
 * (ABI lookup per log, address checksums without a large enough cache) cost more than reading them.
 * Strict like viem's: a log whose topic count or data length does not fit, or whose words do not fit
 * their types, is not one of the house's events (null).
 */
type AbiParam = { name?: string; type: string; indexed?: boolean; components?: readonly AbiParam[] };
type WordReader = (words: readonly string[], at: number) => [unknown, number] | null;

function wordReader(p: AbiParam): WordReader {
  if (p.type === "tuple") {
    const parts = (p.components ?? []).map((c) => [c.name ?? "", wordReader(c)] as const);
    return (words, at) => {
      const out: Record<string, unknown> = {};
      for (const [name, read] of parts) {
        const r = read(words, at);
        if (r === null) return null;
        out[name] = r[0];
        at = r[1];
      }
      return [out, at];
    };
  }
  if (p.type === "address") {
    return (words, at) => {
      const w = words[at];
      return w === undefined || !w.startsWith("000000000000000000000000") ? null : [`0x${w.slice(24)}`, at + 1];
    };
  }
  if (p.type === "bool") {
    return (words, at) => {
      const w = words[at];
      if (w === undefined || !w.startsWith("000000000000000000000000000000000000000000000000000000000000000")) return null;
      const last = w[63];
      return last === "0" ? [false, at + 1] : last === "1" ? [true, at + 1] : null;
    };
  }
  if (p.type === "bytes32") return (words, at) => (words[at] === undefined ? null : [`0x${words[at]}`, at + 1]);
  if (p.type === "bytes") {
    // The only dynamic type the house emits (SelfOpeningAttached): one offset word, then length and data,
    // zero-padded to a word, exactly as abi.encode writes a lone `bytes`.
    return (words, at) => {
      if (at !== 0 || words[0] !== WORD_32) return null;
      const len = words[1] === undefined || !words[1].startsWith("0".repeat(56)) ? NaN : Number.parseInt(words[1], 16);
      const padded = Math.ceil(len / 32);
      if (!Number.isFinite(len) || words.length !== 2 + padded) return null;
      const hex = words.slice(2).join("");
      if (!/^0*$/.test(hex.slice(len * 2))) return null;
      return [`0x${hex.slice(0, len * 2)}`, 2 + padded];
    };
  }
  const m = /^uint(\d+)$/.exec(p.type);
  if (m === null) throw new Error(`decodeAuctionLog: no word reader for ${p.type}`);
  const bits = Number(m[1]);
  const zeros = "0".repeat(64 - bits / 4);
  // viem gives uint48 and narrower as numbers, wider as bigints; the event folding below accepts either.
  return (words, at) => {
    const w = words[at];
    if (w === undefined || !w.startsWith(zeros)) return null;
    return [bits <= 48 ? Number.parseInt(w, 16) : BigInt(`0x${w}`), at + 1];
  };
}

interface EventDecoder {
  name: string;
  topics: number;
  /** The data's length in words; -1 when it carries `bytes` (checked by the reader). */
  dataWords: number;
  indexed: { name: string; read: WordReader }[];
  data: { name: string; read: WordReader }[];
}

const WORD_32 = "0".repeat(62) + "20";
const staticWords = (p: AbiParam): number => (p.type === "tuple" ? (p.components ?? []).reduce((n, c) => n + staticWords(c), 0) : 1);
const isStatic = (p: AbiParam): boolean =>
  p.type === "tuple" ? (p.components ?? []).every(isStatic) : p.type === "address" || p.type === "bool" || p.type === "bytes32" || /^uint\d+$/.test(p.type);

/**
 * Word-slicing decoders, by topic 0, for every event of `abi` whose parameters are static, or static but for
 * one lone non-indexed `bytes` (SelfOpeningAttached); other events are skipped.
 */
export type FixedDecoders = ReadonlyMap<string, EventDecoder>;
export function fixedDecoders(abi: readonly { type: string; name?: string; inputs?: readonly unknown[] }[]): FixedDecoders {
  const out = new Map<string, EventDecoder>();
  for (const item of abi) {
    if (item.type !== "event") continue;
    const inputs = (item.inputs ?? []) as readonly AbiParam[];
    const indexed = inputs.filter((i) => i.indexed === true);
    const data = inputs.filter((i) => i.indexed !== true);
    const loneBytes = data.length === 1 && data[0].type === "bytes";
    if (!indexed.every(isStatic) || !(loneBytes || data.every(isStatic))) continue;
    out.set(toEventSelector(item as never).toLowerCase(), {
      name: item.name ?? "",
      topics: 1 + indexed.length,
      dataWords: loneBytes ? -1 : data.reduce((n, p) => n + staticWords(p), 0),
      indexed: indexed.map((p) => ({ name: p.name ?? "", read: wordReader(p) })),
      data: data.map((p) => ({ name: p.name ?? "", read: wordReader(p) })),
    });
  }
  return out;
}

const DECODERS = fixedDecoders(auctionHouseAbi as never);

/** Decodes a log with `decoders` (raw arguments: addresses in lower case); null when it does not fit any. */
export function decodeFixed(log: RpcLog, decoders: FixedDecoders = DECODERS): { eventName: string; args: Record<string, unknown> } | null {
  const d = decoders.get(log.topics[0].toLowerCase());
  if (d === undefined || log.topics.length !== d.topics) return null;
  const hex = log.data.length > 2 ? log.data.slice(2).toLowerCase() : "";
  if (d.dataWords === -1 ? hex.length % 64 !== 0 : hex.length !== d.dataWords * 64) return null;
  const args: Record<string, unknown> = {};
  const topicWords = log.topics.map((t) => t.slice(2).toLowerCase());
  for (let i = 0; i < d.indexed.length; i++) {
    if (topicWords[i + 1].length !== 64) return null;
    const r = d.indexed[i].read(topicWords, i + 1);
    if (r === null) return null;
    args[d.indexed[i].name] = r[0];
  }
  const wordCount = hex.length / 64;
  const words: string[] = new Array(wordCount);
  for (let i = 0; i < wordCount; i++) words[i] = hex.slice(i * 64, i * 64 + 64);
  let at = 0;
  for (const p of d.data) {
    const r = p.read(words, at);
    if (r === null) return null;
    args[p.name] = r[0];
    at = r[1];
  }
  return { eventName: d.name, args };
}

/** Decodes one log of the AuctionHouse; null when it is not one of its events. */
export function decodeAuctionLog(log: RpcLog): AuctionEvent | null {
  if (log.removed === true || log.topics.length === 0) return null;
  const decoded = decodeFixed(log);
  if (decoded === null) return null;
  const meta = metaOf(log);
  const a = decoded.args;
  switch (decoded.eventName) {
    case "AuctionCreated": {
      const t = a.terms as AuctionTerms;
      const terms: AuctionTerms = {
        seller: getAddress(t.seller),
        lotKind: Number(t.lotKind),
        lotToken: getAddress(t.lotToken),
        lotAmountOrId: t.lotAmountOrId,
        paymentToken: getAddress(t.paymentToken),
        format: Number(t.format),
        commitEnd: Number(t.commitEnd),
        reserveEnd: Number(t.reserveEnd),
        revealEnd: Number(t.revealEnd),
        bond: t.bond,
        floorReserve: t.floorReserve,
        sealedReserveCommitment: t.sealedReserveCommitment,
        reserveNonce: BigInt(t.reserveNonce),
      };
      return { ...meta, name: "AuctionCreated", auctionId: a.auctionId as bigint, seller: getAddress(a.seller as Address), terms };
    }
    case "AuctionCancelled":
      return { ...meta, name: "AuctionCancelled", auctionId: a.auctionId as bigint, recipient: getAddress(a.recipient as Address) };
    case "BidCommitted":
      return {
        ...meta, name: "BidCommitted", auctionId: a.auctionId as bigint, bidder: getAddress(a.bidder as Address),
        commitment: a.commitment as Hex, deposit: a.deposit as bigint, order: a.order as bigint,
      };
    case "SelfOpeningAttached":
      return { ...meta, name: "SelfOpeningAttached", auctionId: a.auctionId as bigint, bidder: getAddress(a.bidder as Address), sealedOpening: a.sealedOpening as Hex };
    case "DepositHidden":
      return { ...meta, name: "DepositHidden", auctionId: a.auctionId as bigint };
    case "VaultSwept":
      return {
        ...meta, name: "VaultSwept", auctionId: a.auctionId as bigint, bidder: getAddress(a.bidder as Address),
        vault: getAddress(a.vault as Address), collateral: a.collateral as bigint,
      };
    case "VaultSetAside":
      return {
        ...meta, name: "VaultSetAside", auctionId: a.auctionId as bigint, bidder: getAddress(a.bidder as Address),
        amount: a.amount as bigint, ethAmount: a.ethAmount as bigint,
      };
    case "VaultRecovered":
      return {
        ...meta, name: "VaultRecovered", auctionId: a.auctionId as bigint, bidder: getAddress(a.bidder as Address),
        vault: getAddress(a.vault as Address), recipient: getAddress(a.recipient as Address), amount: a.amount as bigint,
        ethAmount: a.ethAmount as bigint,
      };
    case "BidRevealed":
      return {
        ...meta, name: "BidRevealed", auctionId: a.auctionId as bigint, bidder: getAddress(a.bidder as Address),
        amount: a.amount as bigint, salt: a.salt as Hex, valid: a.valid as boolean,
      };
    case "RefundDeferred":
      return { ...meta, name: "RefundDeferred", auctionId: a.auctionId as bigint, bidder: getAddress(a.bidder as Address), amount: a.amount as bigint };
    case "ReserveRevealed":
      return { ...meta, name: "ReserveRevealed", auctionId: a.auctionId as bigint, reserve: a.reserve as bigint, salt: a.salt as Hex };
    case "AuctionSettled":
      return {
        ...meta, name: "AuctionSettled", auctionId: a.auctionId as bigint, winner: getAddress(a.winner as Address),
        price: a.price as bigint, effectiveReserve: a.effectiveReserve as bigint, burned: a.burned as bigint,
      };
    case "LotClaimed":
      return {
        ...meta, name: "LotClaimed", auctionId: a.auctionId as bigint, owner: getAddress(a.owner as Address),
        recipient: getAddress(a.recipient as Address),
      };
    case "ProceedsWithdrawn":
      return {
        ...meta, name: "ProceedsWithdrawn", auctionId: a.auctionId as bigint, seller: getAddress(a.seller as Address),
        recipient: getAddress(a.recipient as Address), amount: a.amount as bigint,
      };
    case "RefundWithdrawn":
      return {
        ...meta, name: "RefundWithdrawn", auctionId: a.auctionId as bigint, bidder: getAddress(a.bidder as Address),
        recipient: getAddress(a.recipient as Address), amount: a.amount as bigint,
      };
    default:
      return null;
  }
}

export interface BuildHistoryOptions {
  chainId: number;
  auctionHouse: Address;
  auctionId: bigint;
  fromBlock?: bigint;
  toBlock?: bigint;
}

export const short = (a: Address) => `${a.slice(0, 6)}…${a.slice(-4)}`;

/**
 * Builds an auction's history from raw logs (any order; removed logs, other emitters and other auctions'
 * events are skipped). Pure: the same logs always give the same history.
 */
export function buildHistory(logs: readonly RpcLog[], o: BuildHistoryOptions): AuctionHistory {
  const house = o.auctionHouse.toLowerCase();
  const events: AuctionEvent[] = [];
  let undecoded = 0;
  for (const log of logs) {
    if (log.removed === true) continue;
    if (log.address.toLowerCase() !== house) {
      undecoded += 1;
      continue;
    }
    const e = decodeAuctionLog(log);
    if (e === null) {
      undecoded += 1;
      continue;
    }
    if (e.auctionId !== o.auctionId) continue;
    events.push(e);
  }
  events.sort(byChainOrder);
  return historyFromEvents(events, { ...o, undecoded });
}

/** Folds decoded events (in chain order) into an AuctionHistory, noting sequences the contract cannot produce. */
export function historyFromEvents(
  events: AuctionEvent[],
  o: BuildHistoryOptions & { undecoded?: number },
): AuctionHistory {
  const h: AuctionHistory = {
    chainId: o.chainId,
    auctionHouse: getAddress(o.auctionHouse),
    auctionId: o.auctionId,
    fromBlock: o.fromBlock ?? (events[0]?.blockNumber ?? 0n),
    toBlock: o.toBlock ?? (events.at(-1)?.blockNumber ?? 0n),
    created: null,
    cancelled: null,
    bidders: [],
    openings: [],
    reserveOpening: null,
    settlement: null,
    lotClaims: [],
    proceedsWithdrawals: [],
    vaultRecoveries: [],
    events,
    undecoded: o.undecoded ?? 0,
    anomalies: [],
  };
  const byBidder = new Map<string, BidderHistory>();
  const note = (e: EventMeta, text: string) => h.anomalies.push(`${text} (block ${e.blockNumber}, tx ${e.transactionHash})`);

  // Hidden deposits: each event's place next to the events it belongs with is part of what the contract emits.
  const vaults = new VaultFold<BidderHistory>(events, {
    bidderOf: (a) => byBidder.get(a.toLowerCase()),
    note,
    ethPaid: () => h.created !== null && h.created.terms.paymentToken.toLowerCase() === ZERO_ADDRESS,
    bond: () => h.created?.terms.bond,
  });
  h.vaultRecoveries = vaults.recoveries;

  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (h.created === null && e.name !== "AuctionCreated") {
      note(e, `${e.name} was emitted before the auction was created`);
    }
    if (h.cancelled !== null) note(e, `${e.name} was emitted after the auction was cancelled`);
    switch (e.name) {
      case "AuctionCreated":
        if (h.created !== null) note(e, "the auction was created twice");
        else {
          h.created = { ...e, seller: e.seller, terms: e.terms };
          if (e.seller !== e.terms.seller) note(e, `AuctionCreated names seller ${e.seller} but its terms name ${e.terms.seller}`);
        }
        break;
      case "AuctionCancelled":
        if (h.bidders.length > 0) note(e, "the auction was cancelled after a commitment");
        h.cancelled = h.cancelled ?? { blockNumber: e.blockNumber, logIndex: e.logIndex, transactionHash: e.transactionHash, recipient: e.recipient };
        break;
      case "BidCommitted": {
        const key = e.bidder.toLowerCase();
        const rec = { blockNumber: e.blockNumber, logIndex: e.logIndex, transactionHash: e.transactionHash, commitment: e.commitment, deposit: e.deposit, order: Number(e.order) };
        const b = byBidder.get(key);
        if (h.settlement !== null) note(e, `${e.bidder} committed after settlement`);
        if (b === undefined) {
          if (rec.order !== h.bidders.length + 1) {
            note(e, `${e.bidder}'s first commitment has order ${rec.order}, but ${h.bidders.length + 1} was next`);
          }
          const created: BidderHistory = {
            bidder: e.bidder, order: rec.order, commitment: e.commitment, deposit: e.deposit, commits: [rec],
            sealedOpening: null, opening: null, deferred: 0n, withdrawals: [], ...vaultFields(vaults.commit(i, e, undefined)),
          };
          byBidder.set(key, created);
          h.bidders.push(created);
        } else {
          if (b.opening !== null) note(e, `${e.bidder} recommitted after opening its bid`);
          if (rec.order !== b.order) note(e, `${e.bidder}'s commitment changed order from ${b.order} to ${rec.order}`);
          if (rec.deposit < b.deposit) note(e, `${e.bidder}'s deposit went down from ${b.deposit} to ${rec.deposit}`);
          vaults.commit(i, e, b);
          // A top-up keeps the commitment, so its sealed opening still opens it; a replacement does not.
          if (e.commitment !== b.commitment) b.sealedOpening = null;
          b.commitment = e.commitment;
          b.deposit = e.deposit;
          b.commits.push(rec);
        }
        if (h.created && e.deposit < h.created.terms.bond) note(e, `${e.bidder}'s deposit ${e.deposit} is below the bond`);
        break;
      }
      case "SelfOpeningAttached": {
        const b = byBidder.get(e.bidder.toLowerCase());
        const last = b?.commits.at(-1);
        if (b === undefined || last === undefined) note(e, `${e.bidder} attached a sealed opening without any commitment`);
        else if (last.transactionHash !== e.transactionHash) note(e, `${e.bidder}'s sealed opening is not in the transaction of its commitment`);
        else b.sealedOpening = { blockNumber: e.blockNumber, logIndex: e.logIndex, transactionHash: e.transactionHash, ciphertext: e.sealedOpening };
        break;
      }
      case "DepositHidden":
      case "VaultSwept":
      case "VaultSetAside":
      case "VaultRecovered":
        vaults.fold(i);
        break;
      case "BidRevealed": {
        vaults.opening(e);
        const opening: OpeningRecord = {
          blockNumber: e.blockNumber, logIndex: e.logIndex, transactionHash: e.transactionHash,
          bidder: e.bidder, amount: e.amount, salt: e.salt, valid: e.valid,
        };
        h.openings.push(opening);
        const b = byBidder.get(e.bidder.toLowerCase());
        if (h.settlement !== null) note(e, `${e.bidder}'s bid was opened after settlement`);
        if (b === undefined) note(e, `${e.bidder} opened a bid without any commitment`);
        else if (b.opening !== null) note(e, `${e.bidder}'s bid was opened twice`);
        else b.opening = opening;
        break;
      }
      case "RefundDeferred": {
        const b = byBidder.get(e.bidder.toLowerCase());
        if (b === undefined) note(e, `a refund was deferred for ${e.bidder}, who never committed`);
        else b.deferred += e.amount;
        break;
      }
      case "ReserveRevealed":
        if (h.reserveOpening !== null) note(e, "the sealed reserve was opened twice");
        else h.reserveOpening = { blockNumber: e.blockNumber, logIndex: e.logIndex, transactionHash: e.transactionHash, reserve: e.reserve, salt: e.salt };
        if (h.settlement !== null) note(e, "the sealed reserve was opened after settlement");
        // Rule 6: the reserve is fixed before any bid can be opened.
        if (h.openings.length > 0) note(e, "the sealed reserve was opened after a bid had been opened");
        break;
      case "AuctionSettled":
        if (h.settlement !== null) note(e, "the auction was settled twice");
        else {
          h.settlement = {
            blockNumber: e.blockNumber, logIndex: e.logIndex, transactionHash: e.transactionHash,
            winner: nullable(e.winner), price: e.price, effectiveReserve: e.effectiveReserve, burned: e.burned,
          };
        }
        break;
      case "LotClaimed":
        if (h.settlement === null) note(e, "the lot was claimed before settlement");
        if (h.lotClaims.length > 0) note(e, "the lot was claimed twice");
        h.lotClaims.push({ blockNumber: e.blockNumber, logIndex: e.logIndex, transactionHash: e.transactionHash, owner: e.owner, recipient: e.recipient });
        break;
      case "ProceedsWithdrawn":
        h.proceedsWithdrawals.push({
          blockNumber: e.blockNumber, logIndex: e.logIndex, transactionHash: e.transactionHash,
          seller: e.seller, recipient: e.recipient, amount: e.amount,
        });
        break;
      case "RefundWithdrawn": {
        const b = byBidder.get(e.bidder.toLowerCase());
        if (b === undefined) note(e, `${short(e.bidder)} withdrew a refund without any commitment`);
        else b.withdrawals.push({ blockNumber: e.blockNumber, logIndex: e.logIndex, transactionHash: e.transactionHash, recipient: e.recipient, amount: e.amount });
        break;
      }
    }
  }
  return h;
}

export interface FetchHistoryOptions {
  auctionHouse: Address;
  auctionId: bigint;
  /** Default: asked from the RPC endpoint. */
  chainId?: number;
  /** The AuctionHouse's deploy block (deployments/<chainId>.json) or earlier. */
  fromBlock: bigint;
  toBlock?: bigint;
  confirmations?: number;
  pageSize?: bigint;
  onProgress?: (p: ScanProgress) => void;
  signal?: AbortSignal;
}

export async function chainIdOf(rpc: RpcRequester): Promise<number> {
  return Number(BigInt((await rpc.request({ method: "eth_chainId" })) as string));
}

/** Reads one auction's logs (paged, to a confirmed block) and rebuilds its history. */
export async function fetchAuctionHistory(
  rpc: RpcRequester,
  o: FetchHistoryOptions,
): Promise<AuctionHistory & { logCount: number; requests: number; toBlockHash: Hex | null }> {
  const chainId = o.chainId ?? (await chainIdOf(rpc));
  const scan = await scanLogs(rpc, {
    filter: {
      address: o.auctionHouse,
      topics: [AUCTION_EVENT_NAMES.map((n) => EVENT_TOPICS[n]), auctionIdTopic(o.auctionId)],
    },
    fromBlock: o.fromBlock,
    toBlock: o.toBlock,
    confirmations: o.confirmations,
    pageSize: o.pageSize,
    onProgress: o.onProgress,
    signal: o.signal,
  });
  const h = buildHistory(scan.logs, { chainId, auctionHouse: o.auctionHouse, auctionId: o.auctionId, fromBlock: scan.fromBlock, toBlock: scan.toBlock });
  return { ...h, logCount: scan.logs.length, requests: scan.requests, toBlockHash: scan.toBlockHash };
}

export interface AuctionSummary {
  auctionId: bigint;
  seller: Address;
  terms: AuctionTerms;
  created: EventMeta;
  commitments: number;
  openings: number;
  settlement: SettlementRecord | null;
  cancelled: EventMeta | null;
  reserveOpened: boolean;
}

/**
 * Every auction of an AuctionHouse from its logs (creation, commitment counts, openings, settlement and
 * cancellation), by id. Reads all of the contract's auction events once, paged.
 */
export async function listAuctions(
  rpc: RpcRequester,
  o: { auctionHouse: Address; fromBlock: bigint; toBlock?: bigint; confirmations?: number; pageSize?: bigint; onProgress?: (p: ScanProgress) => void },
): Promise<AuctionSummary[]> {
  const names: AuctionEventName[] = ["AuctionCreated", "AuctionCancelled", "BidCommitted", "BidRevealed", "ReserveRevealed", "AuctionSettled"];
  const scan = await scanLogs(rpc, {
    filter: { address: o.auctionHouse, topics: [names.map((n) => EVENT_TOPICS[n])] },
    fromBlock: o.fromBlock,
    toBlock: o.toBlock,
    confirmations: o.confirmations,
    pageSize: o.pageSize,
    onProgress: o.onProgress,
  });
  const byId = new Map<bigint, AuctionSummary>();
  const seen = new Map<bigint, Set<string>>();
  for (const log of scan.logs) {
    if (log.address.toLowerCase() !== o.auctionHouse.toLowerCase()) continue;
    const e = decodeAuctionLog(log);
    if (e === null) continue;
    const meta: EventMeta = { blockNumber: e.blockNumber, logIndex: e.logIndex, transactionHash: e.transactionHash };
    if (e.name === "AuctionCreated") {
      if (!byId.has(e.auctionId)) {
        byId.set(e.auctionId, { auctionId: e.auctionId, seller: e.seller, terms: e.terms, created: meta, commitments: 0, openings: 0, settlement: null, cancelled: null, reserveOpened: false });
        seen.set(e.auctionId, new Set());
      }
      continue;
    }
    const s = byId.get(e.auctionId);
    if (s === undefined) continue;
    if (e.name === "BidCommitted") {
      const bidders = seen.get(e.auctionId)!;
      if (!bidders.has(e.bidder)) {
        bidders.add(e.bidder);
        s.commitments += 1;
      }
    } else if (e.name === "BidRevealed") s.openings += 1;
    else if (e.name === "AuctionCancelled") s.cancelled = meta;
    else if (e.name === "ReserveRevealed") s.reserveOpened = true;
    else if (e.name === "AuctionSettled" && s.settlement === null) {
      s.settlement = { ...meta, winner: nullable(e.winner), price: e.price, effectiveReserve: e.effectiveReserve, burned: e.burned };
    }
  }
  return [...byId.values()].sort((a, b) => (a.auctionId < b.auctionId ? -1 : 1));
}

/** A bidder's entry, by address (any case). */
export function bidderOf(history: AuctionHistory, bidder: Address): BidderHistory | undefined {
  const k = bidder.toLowerCase();
  return history.bidders.find((b) => b.bidder.toLowerCase() === k);
}

/** The contract's `Position` for a bidder's standing commitment: what reveal, recommit and withdrawUnrevealed take. */
export function positionOf(history: AuctionHistory, bidder: Address): { commitment: Hex; deposit: bigint; order: bigint } | null {
  const b = bidderOf(history, bidder);
  return b === undefined ? null : { commitment: b.commitment, deposit: b.deposit, order: BigInt(b.order) };
}

/**
 * The current leader: the bidder whose commit order is `bestOrder` (auctionState(id).bestOrder), which is
 * what `settle` takes. Without `bestOrder`, the leader is derived from the openings in the logs: the highest
 * valid bid, ties to the lower order. Null when no valid bid was opened.
 */
export function findLeader(history: AuctionHistory, bestOrder?: number | bigint): Address | null {
  if (bestOrder !== undefined) {
    if (Number(bestOrder) === NO_BID) return null;
    return history.bidders.find((b) => b.order === Number(bestOrder))?.bidder ?? null;
  }
  let best: BidderHistory | null = null;
  for (const b of history.bidders) {
    const o = b.opening;
    if (o === null || o.amount > effectiveDeposit(b)) continue;
    const bo = best?.opening;
    if (!best || !bo || o.amount > bo.amount || (o.amount === bo.amount && b.order < best.order)) best = b;
  }
  return best?.bidder ?? null;
}

/** The input of the reference outcome (lib/auction.ts computeOutcome) for this history. */
export function outcomeInputOf(history: AuctionHistory): OutcomeInput {
  const created = history.created;
  if (created === null) throw new Error(`auction ${history.auctionId} has no AuctionCreated event in the scanned blocks`);
  const t = created.terms;
  const sealed = t.sealedReserveCommitment.toLowerCase() !== ZERO_BYTES32;
  return {
    format: FORMATS[t.format] ?? "second-price",
    bond: t.bond,
    floorReserve: t.floorReserve,
    sealedReserve: sealed ? { committed: true, opened: history.reserveOpening?.reserve ?? null } : { committed: false },
    // A hidden deposit's opening counts its vault's collateral: what bounds its bid and what it is refunded from.
    commitments: history.bidders.map((b) => ({ bidder: b.bidder, order: b.order, deposit: effectiveDeposit(b) })),
    openings: history.bidders.filter((b) => b.opening !== null).map((b) => ({ bidder: b.bidder, amount: b.opening!.amount })),
  };
}

export type HistoryPhase =
  | "none"
  | "committing"
  | "opening-reserve"
  | "revealing"
  | "awaiting-settlement"
  | "settled"
  | "cancelled";

/** What the phase depends on besides the clock. */
export interface PhaseSchedule {
  commitEnd: number;
  /** Sealed reserve: the end of its window (0 or absent without one). */
  reserveEnd?: number;
  revealEnd: number;
  /** The sealed reserve was opened (bids may open at once). */
  reserveOpened?: boolean;
  settled?: boolean;
  cancelled?: boolean;
  /** Every commitment is open: once the reserve is not pending, settlement may come before revealEnd. */
  allBidsOpen?: boolean;
}

/** Rule 6: bids cannot be opened yet because the sealed reserve is still unopened inside its window. */
export function reservePending(s: Pick<PhaseSchedule, "reserveEnd" | "reserveOpened">, now: number): boolean {
  return !!s.reserveEnd && !s.reserveOpened && now < s.reserveEnd;
}

/**
 * The contract's `phaseOf` rule, the one TypeScript copy (the app, the CLI and the indexer use it): commits
 * while now < commitEnd; then, with a sealed reserve, the reserve window until the reserve is opened or
 * reserveEnd passes; then openings while now < revealEnd — unless every bid is open, when the auction already
 * awaits settlement (settle allows it). `now` is chain time in seconds.
 */
export function phaseAt(s: PhaseSchedule, now: number): HistoryPhase {
  if (!s.commitEnd) return "none";
  if (s.cancelled) return "cancelled";
  if (s.settled) return "settled";
  if (now < s.commitEnd) return "committing";
  if (now >= s.revealEnd) return "awaiting-settlement";
  if (reservePending(s, now)) return "opening-reserve";
  return s.allBidsOpen ? "awaiting-settlement" : "revealing";
}

/** The schedule of an auction rebuilt from its events. */
export function scheduleOf(h: {
  created: { terms: { commitEnd: number; reserveEnd: number; revealEnd: number } } | null;
  settlement: unknown;
  cancelled: unknown;
  bidders: readonly { opening: unknown }[];
  reserveOpening: unknown;
}): PhaseSchedule {
  const t = h.created?.terms;
  return {
    commitEnd: t?.commitEnd ?? 0,
    reserveEnd: t?.reserveEnd ?? 0,
    revealEnd: t?.revealEnd ?? 0,
    reserveOpened: h.reserveOpening !== null,
    settled: h.settlement !== null,
    cancelled: h.cancelled !== null,
    allBidsOpen: h.bidders.every((b) => b.opening !== null),
  };
}

/** The phase from logs and a clock (seconds). */
export function phaseFromHistory(history: AuctionHistory, now: number | bigint): HistoryPhase {
  return phaseAt(scheduleOf(history), Number(now));
}

/** Topics for a single event of one auction, e.g. for a wallet's log subscription: [topic0, auctionId]. */
export function auctionEventTopics(name: AuctionEventName, auctionId: bigint): Hex[] {
  const topics = encodeEventTopics({ abi: auctionHouseAbi, eventName: name, args: { auctionId } } as never) as (Hex | null)[];
  return topics.slice(0, 2) as Hex[];
}

/** JSON.stringify replacer that writes bigints as decimal strings. */
export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/**
 * Every auction's history from one list of logs (one pass: decode, group by auction id, fold). What
 * buildHistory does for one auction, for all of them at once: auditing a whole house costs one log scan.
 */
export function buildHistories(
  logs: readonly RpcLog[],
  o: { chainId: number; auctionHouse: Address; fromBlock?: bigint; toBlock?: bigint },
): Map<bigint, AuctionHistory> {
  const house = o.auctionHouse.toLowerCase();
  const byId = new Map<bigint, AuctionEvent[]>();
  for (const log of logs) {
    if (log.removed === true || log.address.toLowerCase() !== house) continue;
    const e = decodeAuctionLog(log);
    if (e === null) continue;
    let list = byId.get(e.auctionId);
    if (list === undefined) byId.set(e.auctionId, (list = []));
    list.push(e);
  }
  const out = new Map<bigint, AuctionHistory>();
  for (const [auctionId, events] of [...byId].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    events.sort(byChainOrder);
    out.set(auctionId, historyFromEvents(events, { ...o, auctionId }));
  }
  return out;
}

/** Reads every auction event of a house (paged, to a confirmed block) and rebuilds every auction. */
export async function fetchAllHistories(
  rpc: RpcRequester,
  o: Omit<FetchHistoryOptions, "auctionId">,
): Promise<{ histories: Map<bigint, AuctionHistory>; logCount: number; requests: number; rangeErrors: number; fromBlock: bigint; toBlock: bigint; toBlockHash: Hex | null }> {
  const chainId = o.chainId ?? (await chainIdOf(rpc));
  const scan = await scanLogs(rpc, {
    filter: { address: o.auctionHouse, topics: [AUCTION_EVENT_NAMES.map((n) => EVENT_TOPICS[n])] },
    fromBlock: o.fromBlock,
    toBlock: o.toBlock,
    confirmations: o.confirmations,
    pageSize: o.pageSize,
    onProgress: o.onProgress,
    signal: o.signal,
  });
  const histories = buildHistories(scan.logs, { chainId, auctionHouse: o.auctionHouse, fromBlock: scan.fromBlock, toBlock: scan.toBlock });
  return {
    histories, logCount: scan.logs.length, requests: scan.requests, rangeErrors: scan.rangeErrors,
    fromBlock: scan.fromBlock, toBlock: scan.toBlock, toBlockHash: scan.toBlockHash,
  };
}
