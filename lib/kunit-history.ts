/**
 * A k-unit auction (contracts/KUnitAuctionHouse.sol) rebuilt from its event logs alone, as lib/history.ts does
 * for the single-item house: terms, commitments, self-opening ciphertexts, openings with the slot each took and
 * the bid it displaced, the reserve opening, the settlement, unit claims and deliveries, unsold units, proceeds
 * and refunds. The fold replays the top set (lib/top-set.ts) reveal by reveal, so an opening whose logged slot
 * or displaced bid is not what the contract's rule gives is an anomaly. Hidden deposits (rule 16) fold exactly as
 * in the single-item house (lib/history.ts VaultFold): a hidden bid's validity and top-set rank use its effective
 * deposit, deposit + swept. Pure; viem only, no Hardhat. The phase rule (`phaseAt`, `scheduleOf`) and the fast
 * word-slicing decoder are lib/history.ts's.
 */
import { numberToHex, toEventSelector, type Address, type Hex } from "viem";
import { checksum as getAddress, UNIT_FORMATS, ZERO_ADDRESS, ZERO_BYTES32, type UnitAuctionTerms, type UnitOutcomeInput } from "./auction.js";
import {
  byChainOrder,
  chainIdOf,
  decodeFixed,
  effectiveDeposit,
  fixedDecoders,
  metaOf,
  phaseAt,
  scheduleOf,
  short,
  vaultFields,
  VaultFold,
  type EventMeta,
  type HistoryPhase,
  type VaultEvent,
  type VaultFields,
  type VaultRecovery,
} from "./history.js";
import { kUnitAuctionHouseAbi } from "./kunit-abi.js";
import { scanLogs, type RpcLog, type RpcRequester, type ScanProgress } from "./logs.js";
import { TopSetModel } from "./top-set.js";

export type KUnitEvent =
  | VaultEvent
  | (EventMeta &
  (
    | { name: "AuctionCreated"; auctionId: bigint; seller: Address; terms: UnitAuctionTerms }
    | { name: "AuctionCancelled"; auctionId: bigint; recipient: Address }
    | { name: "BidCommitted"; auctionId: bigint; bidder: Address; commitment: Hex; deposit: bigint; order: bigint }
    | { name: "SelfOpeningAttached"; auctionId: bigint; bidder: Address; sealedOpening: Hex }
    | { name: "BidRevealed"; auctionId: bigint; bidder: Address; amount: bigint; salt: Hex; valid: boolean; slot: bigint; displaced: bigint }
    | { name: "RefundDeferred"; auctionId: bigint; bidder: Address; amount: bigint }
    | { name: "ReserveRevealed"; auctionId: bigint; reserve: bigint; salt: Hex }
    | { name: "AuctionSettled"; auctionId: bigint; unitsSold: bigint; price: bigint; effectiveReserve: bigint; burned: bigint }
    | { name: "UnitClaimed"; auctionId: bigint; bidder: Address; recipient: Address; price: bigint }
    | { name: "UnitDelivered"; auctionId: bigint; winner: Address; price: bigint }
    | { name: "UnsoldClaimed"; auctionId: bigint; recipient: Address; units: bigint }
    | { name: "ProceedsWithdrawn"; auctionId: bigint; seller: Address; recipient: Address; amount: bigint }
    | { name: "RefundWithdrawn"; auctionId: bigint; bidder: Address; recipient: Address; amount: bigint }
  ));

export type KUnitEventName = KUnitEvent["name"];

export const KUNIT_EVENT_NAMES: readonly KUnitEventName[] = [
  "AuctionCreated", "AuctionCancelled", "BidCommitted", "SelfOpeningAttached", "BidRevealed", "RefundDeferred",
  "ReserveRevealed", "AuctionSettled", "UnitClaimed", "UnitDelivered", "UnsoldClaimed", "ProceedsWithdrawn", "RefundWithdrawn",
  "DepositHidden", "VaultSwept", "VaultSetAside", "VaultRecovered",
];

const eventItems = kUnitAuctionHouseAbi.filter((i) => i.type === "event");
/** topic0 of each k-unit house event. */
export const KUNIT_EVENT_TOPICS: Record<KUnitEventName, Hex> = Object.fromEntries(
  KUNIT_EVENT_NAMES.map((name) => {
    const item = eventItems.find((e) => e.name === name);
    if (!item) throw new Error(`event ${name} is missing from the k-unit ABI`);
    return [name, toEventSelector(item)];
  }),
) as Record<KUnitEventName, Hex>;

const DECODERS = fixedDecoders(kUnitAuctionHouseAbi as never);

/** Decodes one log of the k-unit house; null when it is not one of its events. */
export function decodeKUnitLog(log: RpcLog): KUnitEvent | null {
  if (log.removed === true || log.topics.length === 0) return null;
  const meta = metaOf(log);
  const decoded = decodeFixed(log, DECODERS);
  if (decoded === null) return null;
  const a = decoded.args;
  const id = a.auctionId as bigint;
  const addr = (x: unknown) => getAddress(x as string);
  switch (decoded.eventName) {
    case "AuctionCreated": {
      const t = a.terms as Record<string, unknown>;
      const terms: UnitAuctionTerms = {
        seller: addr(t.seller), lotKind: Number(t.lotKind), lotToken: addr(t.lotToken), lotId: t.lotId as bigint,
        lotAmount: t.lotAmount as bigint, units: Number(t.units), paymentToken: addr(t.paymentToken), format: Number(t.format),
        commitEnd: Number(t.commitEnd), reserveEnd: Number(t.reserveEnd), revealEnd: Number(t.revealEnd), bond: t.bond as bigint,
        floorReserve: t.floorReserve as bigint, sealedReserveCommitment: t.sealedReserveCommitment as Hex, reserveNonce: BigInt(t.reserveNonce as bigint),
      };
      return { ...meta, name: "AuctionCreated", auctionId: id, seller: addr(a.seller), terms };
    }
    case "AuctionCancelled":
      return { ...meta, name: "AuctionCancelled", auctionId: id, recipient: addr(a.recipient) };
    case "BidCommitted":
      return { ...meta, name: "BidCommitted", auctionId: id, bidder: addr(a.bidder), commitment: a.commitment as Hex, deposit: a.deposit as bigint, order: a.order as bigint };
    case "SelfOpeningAttached":
      return { ...meta, name: "SelfOpeningAttached", auctionId: id, bidder: addr(a.bidder), sealedOpening: a.sealedOpening as Hex };
    case "BidRevealed":
      return {
        ...meta, name: "BidRevealed", auctionId: id, bidder: addr(a.bidder), amount: a.amount as bigint, salt: a.salt as Hex,
        valid: a.valid as boolean, slot: a.slot as bigint, displaced: a.displaced as bigint,
      };
    case "RefundDeferred":
      return { ...meta, name: "RefundDeferred", auctionId: id, bidder: addr(a.bidder), amount: a.amount as bigint };
    case "ReserveRevealed":
      return { ...meta, name: "ReserveRevealed", auctionId: id, reserve: a.reserve as bigint, salt: a.salt as Hex };
    case "AuctionSettled":
      return {
        ...meta, name: "AuctionSettled", auctionId: id, unitsSold: a.unitsSold as bigint, price: a.price as bigint,
        effectiveReserve: a.effectiveReserve as bigint, burned: a.burned as bigint,
      };
    case "UnitClaimed":
      return { ...meta, name: "UnitClaimed", auctionId: id, bidder: addr(a.bidder), recipient: addr(a.recipient), price: a.price as bigint };
    case "UnitDelivered":
      return { ...meta, name: "UnitDelivered", auctionId: id, winner: addr(a.winner), price: a.price as bigint };
    case "UnsoldClaimed":
      return { ...meta, name: "UnsoldClaimed", auctionId: id, recipient: addr(a.recipient), units: a.units as bigint };
    case "ProceedsWithdrawn":
      return { ...meta, name: "ProceedsWithdrawn", auctionId: id, seller: addr(a.seller), recipient: addr(a.recipient), amount: a.amount as bigint };
    case "RefundWithdrawn":
      return { ...meta, name: "RefundWithdrawn", auctionId: id, bidder: addr(a.bidder), recipient: addr(a.recipient), amount: a.amount as bigint };
    case "DepositHidden":
      return { ...meta, name: "DepositHidden", auctionId: id };
    case "VaultSwept":
      return { ...meta, name: "VaultSwept", auctionId: id, bidder: addr(a.bidder), vault: addr(a.vault), collateral: a.collateral as bigint };
    case "VaultSetAside":
      return { ...meta, name: "VaultSetAside", auctionId: id, bidder: addr(a.bidder), amount: a.amount as bigint, ethAmount: a.ethAmount as bigint };
    case "VaultRecovered":
      return {
        ...meta, name: "VaultRecovered", auctionId: id, bidder: addr(a.bidder), vault: addr(a.vault), recipient: addr(a.recipient),
        amount: a.amount as bigint, ethAmount: a.ethAmount as bigint,
      };
    default:
      return null;
  }
}

export interface KUnitOpening extends EventMeta {
  bidder: Address;
  amount: bigint;
  salt: Hex;
  valid: boolean;
  /** The node slot the bid took in the top set (0: it did not enter). */
  slot: number;
  /** Commit order of the member it pushed out (0: none). */
  displaced: number;
}

/** A k-unit bidder; `hidden`, `vault`, `swept`, `setAside`, `recovered` as in lib/history.ts (rule 16). */
export interface KUnitBidder extends VaultFields {
  bidder: Address;
  /** 1-based commit order (ties go to the lower order). */
  order: number;
  /** The latest commitment and total deposit, as last emitted in BidCommitted. */
  commitment: Hex;
  deposit: bigint;
  commits: (EventMeta & { commitment: Hex; deposit: bigint; order: number })[];
  /** Timelock ciphertexts attached to this bidder's commitments (SelfOpeningAttached), latest last. */
  sealedOpenings: (EventMeta & { sealedOpening: Hex })[];
  opening: KUnitOpening | null;
  /** The opening that pushed this bid out of the top set, if any: its deposit is refundable at once. */
  displacedBy: KUnitOpening | null;
  /** Refunds that could not be pushed inside a reveal. */
  deferred: bigint;
  /** The winner's unit: claimed (unit and change to `recipient`) or delivered by the seller (change held). */
  unit: (EventMeta & { kind: "claimed" | "delivered"; recipient: Address; price: bigint }) | null;
  /** withdrawRefund / withdrawUnrevealed payments. */
  withdrawals: (EventMeta & { recipient: Address; amount: bigint })[];
}

export interface KUnitSettlement extends EventMeta {
  unitsSold: number;
  price: bigint;
  effectiveReserve: bigint;
  burned: bigint;
}

export interface KUnitHistory {
  chainId: number;
  auctionHouse: Address;
  auctionId: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  created: (EventMeta & { seller: Address; terms: UnitAuctionTerms }) | null;
  cancelled: (EventMeta & { recipient: Address }) | null;
  /** One entry per committed bidder, by commit order. */
  bidders: KUnitBidder[];
  /** Every opening in chain order. */
  openings: KUnitOpening[];
  reserveOpening: (EventMeta & { reserve: bigint; salt: Hex }) | null;
  /** The top set replayed from the openings (null before the first opening). */
  topSet: TopSetModel | null;
  settlement: KUnitSettlement | null;
  unsoldClaims: (EventMeta & { recipient: Address; units: number })[];
  proceedsWithdrawals: (EventMeta & { seller: Address; recipient: Address; amount: bigint })[];
  /** Every recoverVault of this auction, in chain order (lib/history.ts AuctionHistory.vaultRecoveries). */
  vaultRecoveries: VaultRecovery[];
  events: KUnitEvent[];
  undecoded: number;
  /** Sequences the contract cannot produce, in plain sentences. */
  anomalies: string[];
}

export interface BuildKUnitHistoryOptions {
  chainId: number;
  auctionHouse: Address;
  auctionId: bigint;
  fromBlock?: bigint;
  toBlock?: bigint;
}

/** max(floor, opened sealed reserve): fixed before any bid opens (rule 6). */
export function effectiveReserveOf(h: Pick<KUnitHistory, "created" | "reserveOpening">): bigint {
  const floor = h.created?.terms.floorReserve ?? 0n;
  const opened = h.reserveOpening?.reserve ?? 0n;
  return opened > floor ? opened : floor;
}

/** Builds a k-unit auction's history from raw logs (any order; other emitters and auctions skipped). Pure. */
export function buildKUnitHistory(logs: readonly RpcLog[], o: BuildKUnitHistoryOptions): KUnitHistory {
  const house = o.auctionHouse.toLowerCase();
  const events: KUnitEvent[] = [];
  let undecoded = 0;
  for (const log of logs) {
    if (log.removed === true) continue;
    const e = log.address.toLowerCase() === house ? decodeKUnitLog(log) : null;
    if (e === null) undecoded += 1;
    else if (e.auctionId === o.auctionId) events.push(e);
  }
  events.sort(byChainOrder);
  return kUnitHistoryFromEvents(events, { ...o, undecoded });
}

/** Folds decoded events (in chain order) into a KUnitHistory, noting sequences the contract cannot produce. */
export function kUnitHistoryFromEvents(events: KUnitEvent[], o: BuildKUnitHistoryOptions & { undecoded?: number }): KUnitHistory {
  const h: KUnitHistory = {
    chainId: o.chainId,
    auctionHouse: getAddress(o.auctionHouse),
    auctionId: o.auctionId,
    fromBlock: o.fromBlock ?? (events[0]?.blockNumber ?? 0n),
    toBlock: o.toBlock ?? (events.at(-1)?.blockNumber ?? 0n),
    created: null, cancelled: null, bidders: [], openings: [], reserveOpening: null, topSet: null, settlement: null,
    unsoldClaims: [], proceedsWithdrawals: [], vaultRecoveries: [], events, undecoded: o.undecoded ?? 0, anomalies: [],
  };
  const byBidder = new Map<string, KUnitBidder>();
  const byOrder = new Map<number, KUnitBidder>();
  const note = (e: EventMeta, text: string) => h.anomalies.push(`${text} (block ${e.blockNumber}, tx ${e.transactionHash})`);
  const metaFrom = (e: EventMeta): EventMeta => ({ blockNumber: e.blockNumber, logIndex: e.logIndex, transactionHash: e.transactionHash });
  const vaults = new VaultFold<KUnitBidder>(events, {
    bidderOf: (a) => byBidder.get(a.toLowerCase()),
    note,
    ethPaid: () => h.created !== null && h.created.terms.paymentToken.toLowerCase() === ZERO_ADDRESS,
    bond: () => h.created?.terms.bond,
  });
  h.vaultRecoveries = vaults.recoveries;

  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.name !== "AuctionCreated" && h.created === null) note(e, `${e.name} before the auction was created`);
    switch (e.name) {
      case "AuctionCreated":
        if (h.created !== null) note(e, "the auction was created twice");
        else h.created = { ...metaFrom(e), seller: e.seller, terms: e.terms };
        if (e.seller !== e.terms.seller) note(e, `the creator ${e.seller} is not the terms' seller ${e.terms.seller}`);
        break;
      case "AuctionCancelled":
        if (h.bidders.length > 0) note(e, "the auction was cancelled after a commitment");
        h.cancelled = { ...metaFrom(e), recipient: e.recipient };
        break;
      case "BidCommitted": {
        const key = e.bidder.toLowerCase();
        const order = Number(e.order);
        let b = byBidder.get(key);
        if (h.openings.length > 0 || h.reserveOpening !== null) note(e, `${short(e.bidder)} committed after openings began`);
        if (b === undefined) {
          if (order !== h.bidders.length + 1) note(e, `${short(e.bidder)}'s first commitment has order ${order}, expected ${h.bidders.length + 1}`);
          b = {
            bidder: e.bidder, order, commitment: e.commitment, deposit: e.deposit, commits: [], sealedOpenings: [], opening: null,
            displacedBy: null, deferred: 0n, unit: null, withdrawals: [], ...vaultFields(vaults.commit(i, e, undefined)),
          };
          byBidder.set(key, b);
          byOrder.set(order, b);
          h.bidders.push(b);
        } else {
          if (order !== b.order) note(e, `${short(e.bidder)}'s recommitment changed its order from ${b.order} to ${order}`);
          if (e.deposit < b.deposit) note(e, `${short(e.bidder)}'s deposit went down from ${b.deposit} to ${e.deposit}`);
          vaults.commit(i, e, b);
          b.commitment = e.commitment;
          b.deposit = e.deposit;
        }
        b.commits.push({ ...metaFrom(e), commitment: e.commitment, deposit: e.deposit, order });
        if (h.created && e.deposit < h.created.terms.bond) note(e, `${short(e.bidder)}'s deposit ${e.deposit} is below the bond`);
        break;
      }
      case "SelfOpeningAttached": {
        const b = byBidder.get(e.bidder.toLowerCase());
        if (b === undefined) note(e, `${short(e.bidder)} attached a sealed opening without a commitment`);
        else b.sealedOpenings.push({ ...metaFrom(e), sealedOpening: e.sealedOpening });
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
        const opening: KUnitOpening = {
          ...metaFrom(e), bidder: e.bidder, amount: e.amount, salt: e.salt, valid: e.valid, slot: Number(e.slot), displaced: Number(e.displaced),
        };
        h.openings.push(opening);
        const b = byBidder.get(e.bidder.toLowerCase());
        if (h.settlement !== null) note(e, `${short(e.bidder)}'s bid was opened after settlement`);
        if (b === undefined) {
          note(e, `${short(e.bidder)} opened a bid without any commitment`);
          break;
        }
        if (b.opening !== null) {
          note(e, `${short(e.bidder)}'s bid was opened twice`);
          break;
        }
        b.opening = opening;
        const deposit = effectiveDeposit(b);
        if (e.valid !== e.amount <= deposit) note(e, `${short(e.bidder)}'s opening says valid = ${e.valid} for ${e.amount} against a deposit of ${deposit}`);
        if (h.created !== null) {
          h.topSet ??= new TopSetModel(h.created.terms.units, effectiveReserveOf(h));
          const placed = h.topSet.open({ order: b.order, amount: e.amount, valid: e.amount <= deposit });
          if (placed.slot !== opening.slot || placed.displaced !== opening.displaced) {
            note(e, `${short(e.bidder)}'s opening took slot ${opening.slot} displacing order ${opening.displaced}; the top set's rule gives slot ${placed.slot} displacing ${placed.displaced}`);
          }
        }
        const gone = byOrder.get(opening.displaced);
        if (opening.displaced !== 0) {
          if (gone === undefined || gone.opening === null || gone.opening.slot === 0) note(e, `${short(e.bidder)}'s opening displaced order ${opening.displaced}, which was not in the top set`);
          else gone.displacedBy = opening;
        }
        break;
      }
      case "RefundDeferred": {
        const b = byBidder.get(e.bidder.toLowerCase());
        if (b === undefined) note(e, `a refund was deferred for ${short(e.bidder)}, who never committed`);
        else b.deferred += e.amount;
        break;
      }
      case "ReserveRevealed":
        if (h.reserveOpening !== null) note(e, "the sealed reserve was opened twice");
        else h.reserveOpening = { ...metaFrom(e), reserve: e.reserve, salt: e.salt };
        if (h.created && h.created.terms.sealedReserveCommitment.toLowerCase() === ZERO_BYTES32) note(e, "a reserve was opened in an auction without a sealed reserve");
        if (h.openings.length > 0) note(e, "the sealed reserve was opened after a bid had been opened");
        if (h.settlement !== null) note(e, "the sealed reserve was opened after settlement");
        break;
      case "AuctionSettled":
        if (h.settlement !== null) note(e, "the auction was settled twice");
        else h.settlement = { ...metaFrom(e), unitsSold: Number(e.unitsSold), price: e.price, effectiveReserve: e.effectiveReserve, burned: e.burned };
        break;
      case "UnitClaimed":
      case "UnitDelivered": {
        const who = e.name === "UnitClaimed" ? e.bidder : e.winner;
        const b = byBidder.get(who.toLowerCase());
        if (h.settlement === null) note(e, `${short(who)}'s unit left before settlement`);
        if (b === undefined) note(e, `${short(who)} got a unit without any commitment`);
        else if (b.unit !== null) note(e, `${short(who)} got a second unit`);
        else {
          const inSet = b.opening !== null && b.opening.slot !== 0 && b.displacedBy === null;
          if (!inSet) note(e, `${short(who)} got a unit without being in the top set`);
          b.unit = { ...metaFrom(e), kind: e.name === "UnitClaimed" ? "claimed" : "delivered", recipient: e.name === "UnitClaimed" ? e.recipient : e.winner, price: e.price };
        }
        break;
      }
      case "UnsoldClaimed":
        if (h.settlement === null) note(e, "unsold units were claimed before settlement");
        if (h.unsoldClaims.length > 0) note(e, "unsold units were claimed twice");
        h.unsoldClaims.push({ ...metaFrom(e), recipient: e.recipient, units: Number(e.units) });
        break;
      case "ProceedsWithdrawn":
        h.proceedsWithdrawals.push({ ...metaFrom(e), seller: e.seller, recipient: e.recipient, amount: e.amount });
        break;
      case "RefundWithdrawn": {
        const b = byBidder.get(e.bidder.toLowerCase());
        if (b === undefined) note(e, `${short(e.bidder)} withdrew a refund without any commitment`);
        else b.withdrawals.push({ ...metaFrom(e), recipient: e.recipient, amount: e.amount });
        break;
      }
    }
  }
  return h;
}

export interface FetchKUnitHistoryOptions {
  auctionHouse: Address;
  auctionId: bigint;
  chainId?: number;
  /** The house's deploy block or earlier. */
  fromBlock: bigint;
  toBlock?: bigint;
  confirmations?: number;
  pageSize?: bigint;
  onProgress?: (p: ScanProgress) => void;
  signal?: AbortSignal;
}

/** Reads one k-unit auction's logs (paged, to a confirmed block) and rebuilds its history. */
export async function fetchKUnitHistory(
  rpc: RpcRequester,
  o: FetchKUnitHistoryOptions,
): Promise<KUnitHistory & { logCount: number; requests: number; toBlockHash: Hex | null }> {
  const chainId = o.chainId ?? (await chainIdOf(rpc));
  const scan = await scanLogs(rpc, {
    filter: { address: o.auctionHouse, topics: [KUNIT_EVENT_NAMES.map((n) => KUNIT_EVENT_TOPICS[n]), numberToHex(o.auctionId, { size: 32 })] },
    fromBlock: o.fromBlock, toBlock: o.toBlock, confirmations: o.confirmations, pageSize: o.pageSize, onProgress: o.onProgress, signal: o.signal,
  });
  const h = buildKUnitHistory(scan.logs, { chainId, auctionHouse: o.auctionHouse, auctionId: o.auctionId, fromBlock: scan.fromBlock, toBlock: scan.toBlock });
  return { ...h, logCount: scan.logs.length, requests: scan.requests, toBlockHash: scan.toBlockHash };
}

/** Every k-unit auction of a house, rebuilt from one log scan, by id. */
export async function fetchAllKUnitHistories(
  rpc: RpcRequester,
  o: Omit<FetchKUnitHistoryOptions, "auctionId">,
): Promise<Map<bigint, KUnitHistory>> {
  const chainId = o.chainId ?? (await chainIdOf(rpc));
  const scan = await scanLogs(rpc, {
    filter: { address: o.auctionHouse, topics: [KUNIT_EVENT_NAMES.map((n) => KUNIT_EVENT_TOPICS[n])] },
    fromBlock: o.fromBlock, toBlock: o.toBlock, confirmations: o.confirmations, pageSize: o.pageSize, onProgress: o.onProgress, signal: o.signal,
  });
  const byId = new Map<bigint, KUnitEvent[]>();
  for (const log of scan.logs) {
    if (log.removed === true || log.address.toLowerCase() !== o.auctionHouse.toLowerCase()) continue;
    const e = decodeKUnitLog(log);
    if (e === null) continue;
    let list = byId.get(e.auctionId);
    if (list === undefined) byId.set(e.auctionId, (list = []));
    list.push(e);
  }
  const out = new Map<bigint, KUnitHistory>();
  for (const [auctionId, events] of [...byId].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    events.sort(byChainOrder);
    out.set(auctionId, kUnitHistoryFromEvents(events, { chainId, auctionHouse: o.auctionHouse, auctionId, fromBlock: scan.fromBlock, toBlock: scan.toBlock }));
  }
  return out;
}

/** A bidder's entry, by address (any case). */
export function kUnitBidderOf(h: KUnitHistory, bidder: Address): KUnitBidder | undefined {
  const k = bidder.toLowerCase();
  return h.bidders.find((b) => b.bidder.toLowerCase() === k);
}

/** The contract's `Position` for a bidder's standing commitment (recommit, withdrawUnrevealed, reveal's deposit and order). */
export function kUnitPositionOf(h: KUnitHistory, bidder: Address): { commitment: Hex; deposit: bigint; order: bigint } | null {
  const b = kUnitBidderOf(h, bidder);
  return b === undefined ? null : { commitment: b.commitment, deposit: b.deposit, order: BigInt(b.order) };
}

/** The standing top set now, from the logs (an empty set before the first opening). */
export function topSetOf(h: KUnitHistory): TopSetModel {
  if (h.created === null) throw new Error(`auction ${h.auctionId} has no AuctionCreated event in the scanned blocks`);
  return h.topSet?.clone() ?? new TopSetModel(h.created.terms.units, effectiveReserveOf(h));
}

/** The input of the reference outcome (computeUnitOutcome) for this history. */
export function unitOutcomeInputOf(h: KUnitHistory): UnitOutcomeInput {
  if (h.created === null) throw new Error(`auction ${h.auctionId} has no AuctionCreated event in the scanned blocks`);
  const t = h.created.terms;
  const sealed = t.sealedReserveCommitment.toLowerCase() !== ZERO_BYTES32;
  return {
    units: t.units,
    format: UNIT_FORMATS[t.format] ?? "uniform-price",
    bond: t.bond,
    floorReserve: t.floorReserve,
    sealedReserve: sealed ? { committed: true, opened: h.reserveOpening?.reserve ?? null } : { committed: false },
    // A hidden bid's deposit is what it had when opened: bond + swept (an unopened one's vault never counted).
    commitments: h.bidders.map((b) => ({ bidder: b.bidder, order: b.order, deposit: effectiveDeposit(b) })),
    openings: h.bidders.filter((b) => b.opening !== null).map((b) => ({ bidder: b.bidder, amount: b.opening!.amount })),
  };
}

/** The phase from logs and a clock (seconds): lib/history.ts's rule. */
export function kUnitPhaseFromHistory(h: KUnitHistory, now: number | bigint): HistoryPhase {
  return phaseAt(scheduleOf(h), Number(now));
}
