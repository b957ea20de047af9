/**
 * The indexer's rows, folded from decoded AuctionHouse events (lib/history.ts decodeAuctionLog). Pure over a
 * small store interface: Ponder's handlers (src/index.ts) give it the database, the tests an in-memory map.
 * No rule lives here: the phase steps come from lib/history.ts phaseAt/scheduleOf (lib/indexed.ts
 * phaseSteps), the terms' kinds from lib/auction.ts.
 */
import { getAddress, type Address, type Hex } from "viem";
import { FORMATS, LOT_KINDS, reserveKindOf, ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../../lib/auction.js";
import { scheduleOf, type AuctionEvent, type PhaseSchedule } from "../../lib/history.js";
import { MAX_PHASE_STEPS, phaseSteps, termsFromJson, termsToJson, type TermsJson } from "../../lib/indexed.js";

export interface AuctionRow {
  id: bigint;
  seller: Address;
  lotKind: string;
  lotToken: Address;
  lotAmountOrId: bigint;
  paymentToken: Address;
  format: string;
  reserveKind: string;
  commitEnd: number;
  /** End of the sealed reserve's window (0 without one). */
  reserveEnd: number;
  revealEnd: number;
  bond: bigint;
  floorReserve: bigint;
  sealedReserve: boolean;
  /** The whole terms (bigints as decimal strings): what the API serves and the schedule is rebuilt from. */
  terms: TermsJson;
  createdBlock: bigint;
  createdLogIndex: number;
  createdTx: Hex;
  createdTimestamp: bigint;
  commitCount: number;
  openCount: number;
  reserveOpened: boolean;
  openedReserve: bigint | null;
  settled: boolean;
  winner: Address | null;
  price: bigint | null;
  effectiveReserve: bigint | null;
  burned: bigint | null;
  settledBlock: bigint | null;
  settledLogIndex: number | null;
  settledTx: Hex | null;
  cancelled: boolean;
  cancelledBlock: bigint | null;
  cancelledLogIndex: number | null;
  cancelledTx: Hex | null;
  /** Where the lot and any reserve bond went on cancellation. */
  cancelledTo: Address | null;
  lotClaimed: boolean;
  proceedsWithdrawn: bigint;
  events: number;
  /** Phase steps (lib/indexed.ts): deadlines ascending (null when unused) and phaseAt on each interval. */
  step1: number | null;
  step2: number | null;
  step3: number | null;
  step4: number | null;
  phase0: string;
  phase1: string | null;
  phase2: string | null;
  phase3: string | null;
  phase4: string | null;
  /** The latest BidCommitted (bidder, transaction, log index): DepositHidden names only the auction, and
   * belongs to the BidCommitted right before it (lib/history.ts's adjacency rule). */
  lastCommitBidder: Address | null;
  lastCommitTx: Hex | null;
  lastCommitLogIndex: number | null;
}

export interface BidRow {
  /** `${auctionId}:${bidder lower-case}` */
  id: string;
  auctionId: bigint;
  bidder: Address;
  order: number;
  commitment: Hex;
  deposit: bigint;
  commits: number;
  firstBlock: bigint;
  lastBlock: bigint;
  opened: boolean;
  amount: bigint | null;
  salt: Hex | null;
  valid: boolean | null;
  openedBlock: bigint | null;
  deferred: bigint;
  withdrawn: bigint;
  /** A hidden-deposit commitment (DepositHidden right after its first BidCommitted): `deposit` is the public
   * deposit (the bond), the rest of the collateral sat in `vault` until the opening swept it. */
  hidden: boolean;
  /** The vault the opening swept (VaultSwept), null before. */
  vault: Address | null;
  /** Collateral the sweep counted; the bid's collateral is deposit + swept (lib/history.ts effectiveDeposit). */
  swept: bigint;
  /** VaultSetAside totals (payment asset, ETH): what the sweep brought that the bid cannot count. */
  setAside: bigint;
  setAsideEth: bigint;
  /** VaultRecovered totals paid to this bidder (set-aside funds included). */
  recovered: bigint;
  recoveredEth: bigint;
}

export interface ClaimRow {
  /** Ponder's event id (unique per log). */
  id: string;
  auctionId: bigint;
  /** "vault": a VaultRecovered, also by an account with no bid (a vault is its bidder's by derivation). */
  kind: "lot" | "proceeds" | "refund" | "vault";
  /** The owner, seller or bidder the claim belongs to. */
  account: Address;
  recipient: Address;
  amount: bigint | null;
  /** ETH a vault recovery paid besides the payment asset (ERC-20 auctions); null for the other kinds. */
  ethAmount: bigint | null;
  /** Delivered by settlement (the lot, the standing leader's refund, the proceeds): the event is in the
   * settlement's transaction. False for a claim sent later, after a push failed. */
  atSettlement: boolean;
  blockNumber: bigint;
  logIndex: number;
  transactionHash: Hex;
}

export interface FoldStore {
  auction(id: bigint): Promise<AuctionRow | null>;
  putAuction(row: AuctionRow): Promise<void>;
  bid(auctionId: bigint, bidder: Address): Promise<BidRow | null>;
  putBid(row: BidRow): Promise<void>;
  addClaim(row: ClaimRow): Promise<void>;
}

export const bidId = (auctionId: bigint, bidder: Address) => `${auctionId}:${bidder.toLowerCase()}`;

/** The phase schedule of a row, through lib's scheduleOf (the only place the schedule is defined). */
export function scheduleOfRow(r: Pick<AuctionRow, "terms" | "settled" | "cancelled" | "commitCount" | "openCount" | "reserveOpened">): PhaseSchedule {
  return scheduleOf({
    created: { terms: termsFromJson(r.terms) as AuctionTerms },
    settlement: r.settled ? true : null,
    cancelled: r.cancelled ? true : null,
    // scheduleOf asks whether every bidder opened; the row keeps the counts.
    bidders: r.openCount >= r.commitCount ? [] : [{ opening: null }],
    reserveOpening: r.reserveOpened ? true : null,
  });
}

/** Recomputes the stored phase steps after a change of the row's flags. */
export function withSteps(r: AuctionRow): AuctionRow {
  const { at, phases } = phaseSteps(scheduleOfRow(r));
  if (at.length > MAX_PHASE_STEPS) throw new Error(`auction ${r.id}: ${at.length} deadlines, the table has room for ${MAX_PHASE_STEPS}`);
  return {
    ...r, step1: at[0] ?? null, step2: at[1] ?? null, step3: at[2] ?? null, step4: at[3] ?? null,
    phase0: phases[0], phase1: phases[1] ?? null, phase2: phases[2] ?? null, phase3: phases[3] ?? null, phase4: phases[4] ?? null,
  };
}

export function newAuctionRow(e: Extract<AuctionEvent, { name: "AuctionCreated" }>, timestamp: bigint): AuctionRow {
  const t = e.terms;
  return withSteps({
    id: e.auctionId, seller: e.seller,
    lotKind: LOT_KINDS[t.lotKind] ?? String(t.lotKind), lotToken: t.lotToken, lotAmountOrId: t.lotAmountOrId,
    paymentToken: t.paymentToken, format: FORMATS[t.format] ?? String(t.format), reserveKind: reserveKindOf(t),
    commitEnd: t.commitEnd, reserveEnd: t.reserveEnd, revealEnd: t.revealEnd, bond: t.bond, floorReserve: t.floorReserve,
    sealedReserve: t.sealedReserveCommitment.toLowerCase() !== ZERO_BYTES32, terms: termsToJson(t),
    createdBlock: e.blockNumber, createdLogIndex: e.logIndex, createdTx: e.transactionHash, createdTimestamp: timestamp,
    commitCount: 0, openCount: 0, reserveOpened: false, openedReserve: null,
    settled: false, winner: null, price: null, effectiveReserve: null, burned: null, settledBlock: null, settledLogIndex: null, settledTx: null,
    cancelled: false, cancelledBlock: null, cancelledLogIndex: null, cancelledTx: null, cancelledTo: null,
    lotClaimed: false, proceedsWithdrawn: 0n, events: 1,
    step1: null, step2: null, step3: null, step4: null, phase0: "none", phase1: null, phase2: null, phase3: null, phase4: null,
    lastCommitBidder: null, lastCommitTx: null, lastCommitLogIndex: null,
  });
}

/**
 * Applies one event. Events of an auction the index has not seen created (they cannot happen on the real
 * contract) are ignored, as lib/history.ts listAuctions ignores them; the per-auction audit reports them.
 */
export async function applyEvent(store: FoldStore, e: AuctionEvent, ctx: { eventId: string; timestamp: bigint }): Promise<void> {
  if (e.name === "AuctionCreated") {
    if ((await store.auction(e.auctionId)) === null) await store.putAuction(newAuctionRow(e, ctx.timestamp));
    return;
  }
  const a = await store.auction(e.auctionId);
  if (a === null) return;
  let row: AuctionRow = { ...a, events: a.events + 1 };
  const meta = { block: e.blockNumber, logIndex: e.logIndex, tx: e.transactionHash };
  // Settlement emits AuctionSettled before its deliveries, so the row knows the settlement's transaction.
  const atSettlement = row.settledTx !== null && row.settledTx.toLowerCase() === meta.tx.toLowerCase();
  switch (e.name) {
    case "AuctionCancelled":
      if (!row.cancelled) row = { ...row, cancelled: true, cancelledBlock: meta.block, cancelledLogIndex: meta.logIndex, cancelledTx: meta.tx, cancelledTo: e.recipient };
      break;
    case "BidCommitted": {
      row = { ...row, lastCommitBidder: e.bidder, lastCommitTx: meta.tx, lastCommitLogIndex: meta.logIndex };
      const b = await store.bid(e.auctionId, e.bidder);
      if (b === null) {
        row.commitCount += 1;
        await store.putBid({
          id: bidId(e.auctionId, e.bidder), auctionId: e.auctionId, bidder: e.bidder, order: Number(e.order), commitment: e.commitment,
          deposit: e.deposit, commits: 1, firstBlock: meta.block, lastBlock: meta.block, opened: false, amount: null, salt: null, valid: null,
          openedBlock: null, deferred: 0n, withdrawn: 0n,
          hidden: false, vault: null, swept: 0n, setAside: 0n, setAsideEth: 0n, recovered: 0n, recoveredEth: 0n,
        });
      } else {
        await store.putBid({ ...b, commitment: e.commitment, deposit: e.deposit, commits: b.commits + 1, lastBlock: meta.block });
      }
      break;
    }
    case "DepositHidden": {
      // Marks the BidCommitted right before it (same transaction, log index − 1). As lib/history.ts, only a
      // first commitment sets the kind: a recommitment cannot change it.
      if (row.lastCommitBidder === null || row.lastCommitTx !== meta.tx || row.lastCommitLogIndex! + 1 !== meta.logIndex) break;
      const b = await store.bid(e.auctionId, row.lastCommitBidder);
      if (b !== null && b.commits === 1 && !b.hidden) await store.putBid({ ...b, hidden: true });
      break;
    }
    case "VaultSwept": {
      // Counted once, for a hidden bid not yet opened (lib/history.ts ignores the others as anomalies).
      const b = await store.bid(e.auctionId, e.bidder);
      if (b !== null && b.hidden && b.vault === null && !b.opened) await store.putBid({ ...b, vault: e.vault, swept: e.collateral });
      break;
    }
    case "VaultSetAside": {
      const b = await store.bid(e.auctionId, e.bidder);
      if (b !== null) await store.putBid({ ...b, setAside: b.setAside + e.amount, setAsideEth: b.setAsideEth + e.ethAmount });
      break;
    }
    case "VaultRecovered": {
      const b = await store.bid(e.auctionId, e.bidder);
      if (b !== null) await store.putBid({ ...b, recovered: b.recovered + e.amount, recoveredEth: b.recoveredEth + e.ethAmount });
      await store.addClaim({ id: ctx.eventId, auctionId: e.auctionId, kind: "vault", account: e.bidder, recipient: e.recipient, amount: e.amount, ethAmount: e.ethAmount, atSettlement: false, blockNumber: meta.block, logIndex: meta.logIndex, transactionHash: meta.tx });
      break;
    }
    case "BidRevealed": {
      const b = await store.bid(e.auctionId, e.bidder);
      if (b !== null && !b.opened) {
        row.openCount += 1;
        await store.putBid({ ...b, opened: true, amount: e.amount, salt: e.salt, valid: e.valid, openedBlock: meta.block });
      }
      break;
    }
    case "RefundDeferred": {
      const b = await store.bid(e.auctionId, e.bidder);
      if (b !== null) await store.putBid({ ...b, deferred: b.deferred + e.amount });
      break;
    }
    case "ReserveRevealed":
      if (!row.reserveOpened) row = { ...row, reserveOpened: true, openedReserve: e.reserve };
      break;
    case "AuctionSettled":
      if (!row.settled) {
        row = {
          ...row, settled: true, winner: e.winner.toLowerCase() === ZERO_ADDRESS ? null : getAddress(e.winner), price: e.price,
          effectiveReserve: e.effectiveReserve, burned: e.burned, settledBlock: meta.block, settledLogIndex: meta.logIndex, settledTx: meta.tx,
        };
      }
      break;
    case "LotClaimed":
      row.lotClaimed = true;
      await store.addClaim({ id: ctx.eventId, auctionId: e.auctionId, kind: "lot", account: e.owner, recipient: e.recipient, amount: null, ethAmount: null, atSettlement, blockNumber: meta.block, logIndex: meta.logIndex, transactionHash: meta.tx });
      break;
    case "ProceedsWithdrawn":
      row.proceedsWithdrawn += e.amount;
      await store.addClaim({ id: ctx.eventId, auctionId: e.auctionId, kind: "proceeds", account: e.seller, recipient: e.recipient, amount: e.amount, ethAmount: null, atSettlement, blockNumber: meta.block, logIndex: meta.logIndex, transactionHash: meta.tx });
      break;
    case "RefundWithdrawn": {
      const b = await store.bid(e.auctionId, e.bidder);
      if (b !== null) await store.putBid({ ...b, withdrawn: b.withdrawn + e.amount });
      await store.addClaim({ id: ctx.eventId, auctionId: e.auctionId, kind: "refund", account: e.bidder, recipient: e.recipient, amount: e.amount, ethAmount: null, atSettlement, blockNumber: meta.block, logIndex: meta.logIndex, transactionHash: meta.tx });
      break;
    }
  }
  await store.putAuction(withSteps(row));
}

/** A store in memory (tests, and a reference for the database one). */
export function memoryStore() {
  const auctions = new Map<bigint, AuctionRow>();
  const bids = new Map<string, BidRow>();
  const claims: ClaimRow[] = [];
  const store: FoldStore = {
    auction: async (id) => auctions.get(id) ?? null,
    putAuction: async (r) => void auctions.set(r.id, r),
    bid: async (id, bidder) => bids.get(bidId(id, bidder)) ?? null,
    putBid: async (r) => void bids.set(r.id, r),
    addClaim: async (r) => void claims.push(r),
  };
  return { store, auctions, bids, claims };
}
