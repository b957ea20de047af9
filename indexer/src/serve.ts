/**
 * Rows → API JSON (lib/indexed.ts shapes; bigints as decimal strings). The phase served is lib's phaseAt
 * at the given chain time, from the row's schedule.
 */
import { getAddress, type Address, type Hex } from "viem";
import { ZERO_ADDRESS } from "../../lib/auction.js";
import { effectiveDeposit, phaseAt, type HistoryPhase } from "../../lib/history.js";
import type { AuctionJson, BidJson } from "../../lib/indexed.js";
import { scheduleOfRow, type AuctionRow, type BidRow } from "./fold.js";

const addr = (a: string): Address => getAddress(a);
const meta = (block: bigint | null, logIndex: number | null, tx: string | null) =>
  block === null ? null : { blockNumber: block.toString(), logIndex: logIndex ?? -1, transactionHash: tx as Hex };

export function phaseOfRow(r: AuctionRow, now: number): HistoryPhase {
  return phaseAt(scheduleOfRow(r), now);
}

export function auctionJson(r: AuctionRow, now: number): AuctionJson {
  return {
    auctionId: r.id.toString(),
    seller: addr(r.seller),
    terms: r.terms,
    created: meta(r.createdBlock, r.createdLogIndex, r.createdTx)!,
    commitments: r.commitCount,
    openings: r.openCount,
    settlement: r.settled
      ? {
          ...meta(r.settledBlock, r.settledLogIndex, r.settledTx)!,
          winner: r.winner ? addr(r.winner) : null,
          price: (r.price ?? 0n).toString(),
          effectiveReserve: (r.effectiveReserve ?? 0n).toString(),
          burned: (r.burned ?? 0n).toString(),
        }
      : null,
    cancelled: r.cancelled ? { ...meta(r.cancelledBlock, r.cancelledLogIndex, r.cancelledTx)!, recipient: addr(r.cancelledTo ?? ZERO_ADDRESS) } : null,
    phase: phaseOfRow(r, now),
    reserveOpened: r.reserveOpened,
    openedReserve: r.openedReserve === null ? null : r.openedReserve.toString(),
    lotClaimed: r.lotClaimed,
    proceedsWithdrawn: r.proceedsWithdrawn.toString(),
    events: r.events,
  };
}

export function bidJson(b: BidRow): BidJson {
  return {
    auctionId: b.auctionId.toString(), bidder: addr(b.bidder), order: b.order, commitment: b.commitment, deposit: b.deposit.toString(),
    commits: b.commits, opened: b.opened, amount: b.amount === null ? null : b.amount.toString(), valid: b.valid,
    deferred: b.deferred.toString(), withdrawn: b.withdrawn.toString(),
    hidden: b.hidden, vault: b.vault === null ? null : addr(b.vault), swept: b.swept.toString(), effectiveDeposit: effectiveDeposit(b).toString(),
    setAside: b.setAside.toString(), setAsideEth: b.setAsideEth.toString(), recovered: b.recovered.toString(), recoveredEth: b.recoveredEth.toString(),
  };
}
