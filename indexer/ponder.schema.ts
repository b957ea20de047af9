/**
 * Tables of the indexer. Rows are written by src/index.ts through src/fold.ts; their TypeScript shapes are
 * fold.ts AuctionRow / BidRow / ClaimRow (kept in step by the type check in src/index.ts).
 */
import { index, onchainTable } from "ponder";

/** One row per auction, denormalised for the lists. */
export const auction = onchainTable(
  "auction",
  (t) => ({
    id: t.bigint().primaryKey(),
    seller: t.hex().notNull(),
    lotKind: t.text().notNull(),
    lotToken: t.hex().notNull(),
    lotAmountOrId: t.bigint().notNull(),
    paymentToken: t.hex().notNull(),
    format: t.text().notNull(),
    reserveKind: t.text().notNull(),
    commitEnd: t.integer().notNull(),
    reserveEnd: t.integer().notNull(),
    revealEnd: t.integer().notNull(),
    bond: t.bigint().notNull(),
    floorReserve: t.bigint().notNull(),
    sealedReserve: t.boolean().notNull(),
    terms: t.json().notNull(),
    createdBlock: t.bigint().notNull(),
    createdLogIndex: t.integer().notNull(),
    createdTx: t.hex().notNull(),
    createdTimestamp: t.bigint().notNull(),
    commitCount: t.integer().notNull(),
    openCount: t.integer().notNull(),
    reserveOpened: t.boolean().notNull(),
    openedReserve: t.bigint(),
    settled: t.boolean().notNull(),
    winner: t.hex(),
    price: t.bigint(),
    effectiveReserve: t.bigint(),
    burned: t.bigint(),
    settledBlock: t.bigint(),
    settledLogIndex: t.integer(),
    settledTx: t.hex(),
    cancelled: t.boolean().notNull(),
    cancelledBlock: t.bigint(),
    cancelledLogIndex: t.integer(),
    cancelledTx: t.hex(),
    cancelledTo: t.hex(),
    lotClaimed: t.boolean().notNull(),
    proceedsWithdrawn: t.bigint().notNull(),
    events: t.integer().notNull(),
    step1: t.integer(),
    step2: t.integer(),
    step3: t.integer(),
    step4: t.integer(),
    phase0: t.text().notNull(),
    phase1: t.text(),
    phase2: t.text(),
    phase3: t.text(),
    phase4: t.text(),
    // The latest BidCommitted, for the DepositHidden that follows it (that event names only the auction).
    lastCommitBidder: t.hex(),
    lastCommitTx: t.hex(),
    lastCommitLogIndex: t.integer(),
  }),
  (table) => ({
    sellerIdx: index().on(table.seller),
    lotTokenIdx: index().on(table.lotToken),
    commitEndIdx: index().on(table.commitEnd, table.id),
    revealEndIdx: index().on(table.revealEnd, table.id),
    bidsIdx: index().on(table.commitCount, table.id),
  }),
);

/** One row per (auction, bidder). */
export const bid = onchainTable(
  "bid",
  (t) => ({
    id: t.text().primaryKey(),
    auctionId: t.bigint().notNull(),
    bidder: t.hex().notNull(),
    order: t.integer().notNull(),
    commitment: t.hex().notNull(),
    deposit: t.bigint().notNull(),
    commits: t.integer().notNull(),
    firstBlock: t.bigint().notNull(),
    lastBlock: t.bigint().notNull(),
    opened: t.boolean().notNull(),
    amount: t.bigint(),
    salt: t.hex(),
    valid: t.boolean(),
    openedBlock: t.bigint(),
    deferred: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
    // Hidden deposits (rule 16): `deposit` stays the public deposit as on chain; the collateral is deposit + swept.
    hidden: t.boolean().notNull(),
    vault: t.hex(),
    swept: t.bigint().notNull(),
    setAside: t.bigint().notNull(),
    setAsideEth: t.bigint().notNull(),
    recovered: t.bigint().notNull(),
    recoveredEth: t.bigint().notNull(),
  }),
  (table) => ({
    bidderIdx: index().on(table.bidder, table.auctionId),
    auctionIdx: index().on(table.auctionId),
  }),
);

/**
 * Every claim: LotClaimed, ProceedsWithdrawn, RefundWithdrawn, VaultRecovered (kind "vault", any account).
 * `atSettlement`: delivered by settlement itself (the event is in the settlement's transaction), not claimed.
 */
export const claim = onchainTable(
  "claim",
  (t) => ({
    id: t.text().primaryKey(),
    auctionId: t.bigint().notNull(),
    kind: t.text().notNull(),
    account: t.hex().notNull(),
    recipient: t.hex().notNull(),
    amount: t.bigint(),
    ethAmount: t.bigint(),
    atSettlement: t.boolean().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    auctionIdx: index().on(table.auctionId),
    accountIdx: index().on(table.account),
  }),
);
