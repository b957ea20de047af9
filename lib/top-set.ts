/**
 * The k-unit house's standing top set (contracts/libraries/TopSet.sol), replayed in TypeScript from the
 * revealed bids: which node slot each member holds, and the hint a reveal needs. The contract checks hints and
 * walks at most MAX_HINT_WALK members from a stale one; a client computes a fresh hint here from the logs (or
 * the `topSet` view) and, for a batch, on the set the batch's earlier entries leave.
 *
 * The replay follows the contract step for step: slots are handed out from k downwards while the set fills;
 * once full, a bid that ranks above the lowest member displaces it and takes its slot. Who wins does not depend
 * on the reveal order (see computeUnitOutcome in lib/auction.ts); which slot a bid holds does.
 */
import { compareRank } from "./auction.js";

/** How many members a reveal may walk from its hint before the contract gives up (TopSet.MAX_WALK). */
export const MAX_HINT_WALK = 16;

export interface TopSetMember {
  slot: number;
  order: number;
  amount: bigint;
}

/** One opened commitment as BidRevealed reports it (`valid` = amount ≤ deposit). */
export interface RevealedBid {
  order: number;
  amount: bigint;
  valid: boolean;
}

/**
 * What a reveal did to the set: the slot the bid took (0: it did not enter), the order it displaced (0: none),
 * and how many members the insertion walked past its hint (0 for a fresh hint).
 */
export interface Placement {
  slot: number;
  displaced: number;
  walked: number;
}

interface Node {
  order: number;
  amount: bigint;
  next: number;
}

const ranksAbove = (a: { amount: bigint; order: number }, b: { amount: bigint; order: number }) => compareRank(a, b) < 0;

export class TopSetModel {
  free: number;
  head = 0;
  headAmount = 0n;
  /** max(effective reserve, highest valid bid outside the set): the uniform price once settled. */
  threshold: bigint;
  private readonly nodes = new Map<number, Node>();

  /** An empty set for `units` units; `effectiveReserve` = max(floor, opened sealed reserve), fixed before any bid opens. */
  constructor(readonly units: number, effectiveReserve: bigint) {
    if (!Number.isInteger(units) || units < 1) throw new Error(`units ${units} is not a positive integer`);
    this.free = units;
    this.threshold = effectiveReserve;
  }

  /** The set after these reveals, in log order. */
  static replay(units: number, effectiveReserve: bigint, reveals: readonly RevealedBid[]): TopSetModel {
    const set = new TopSetModel(units, effectiveReserve);
    for (const r of reveals) set.open(r);
    return set;
  }

  clone(): TopSetModel {
    const c = new TopSetModel(this.units, this.threshold);
    c.free = this.free;
    c.head = this.head;
    c.headAmount = this.headAmount;
    for (const [slot, n] of this.nodes) c.nodes.set(slot, { ...n });
    return c;
  }

  get size(): number {
    return this.units - this.free;
  }

  /** Members from the lowest up. */
  members(): TopSetMember[] {
    const out: TopSetMember[] = [];
    for (let slot = this.head; slot !== 0; slot = this.nodes.get(slot)!.next) {
      const n = this.nodes.get(slot)!;
      out.push({ slot, order: n.order, amount: n.amount });
    }
    return out;
  }

  /** The member in `slot`, if any. */
  at(slot: number): TopSetMember | undefined {
    const n = this.nodes.get(slot);
    return n && { slot, order: n.order, amount: n.amount };
  }

  /** Whether a valid bid enters: at or above the threshold while there is room, else ranking above the lowest member. */
  enters(bid: { amount: bigint; order: number }): boolean {
    if (this.free !== 0) return bid.amount >= this.threshold;
    return ranksAbove(bid, { amount: this.headAmount, order: this.nodes.get(this.head)!.order });
  }

  /**
   * The hint for opening `bid` now: the slot of the member that will rank just below it once the lowest member
   * has left (a full set), or 0 when there is none or the bid does not enter. Same as the house's `hintFor`.
   */
  hintFor(bid: { amount: bigint; order: number }): number {
    if (!this.enters(bid)) return 0;
    let hint = 0;
    let slot = this.free === 0 ? this.nodes.get(this.head)!.next : this.head;
    while (slot !== 0) {
      const n = this.nodes.get(slot)!;
      if (ranksAbove(n, bid)) break;
      hint = slot;
      slot = n.next;
    }
    return hint;
  }

  /**
   * Applies one opening as the contract does. With a `hint`, also checks it the contract's way and throws
   * "HintTooFar" (changing nothing) when placing the bid would walk more than MAX_HINT_WALK members.
   */
  open(bid: RevealedBid, hint?: number): Placement {
    if (!bid.valid) return { slot: 0, displaced: 0, walked: 0 };
    if (!this.enters(bid)) {
      if (bid.amount > this.threshold) this.threshold = bid.amount;
      return { slot: 0, displaced: 0, walked: 0 };
    }
    return this.insert(bid, hint ?? this.hintFor(bid));
  }

  private insert(bid: { amount: bigint; order: number }, hint: number): Placement {
    let head = this.head;
    let slot: number;
    let displaced = 0;
    let threshold = this.threshold;
    if (this.free === 0) {
      slot = head;
      const h = this.nodes.get(slot)!;
      displaced = h.order;
      if (this.headAmount > threshold) threshold = this.headAmount;
      head = h.next;
    } else {
      slot = this.free;
    }
    let prev = 0;
    let next = head;
    if (hint !== 0 && hint !== slot && hint <= 0xffff) {
      const n = this.nodes.get(hint);
      if (n !== undefined && ranksAbove(bid, n)) {
        prev = hint;
        next = n.next;
      }
    }
    let steps = 0;
    while (next !== 0) {
      const n = this.nodes.get(next)!;
      if (ranksAbove(n, bid)) break;
      if (steps === MAX_HINT_WALK) throw new Error(`HintTooFar: hint ${hint} for order ${bid.order}`);
      steps++;
      prev = next;
      next = n.next;
    }
    // Commit (nothing above may throw after this point).
    if (this.free === 0) this.nodes.delete(slot);
    else this.free -= 1;
    this.threshold = threshold;
    this.nodes.set(slot, { order: bid.order, amount: bid.amount, next });
    if (prev === 0) {
      this.head = slot;
      this.headAmount = bid.amount;
    } else {
      this.nodes.get(prev)!.next = slot;
      this.head = head;
      this.headAmount = this.nodes.get(head)!.amount;
    }
    return { slot, displaced, walked: steps };
  }
}

/**
 * Hints for a batch opening (`revealMany`): each entry's hint is computed on the set the entries before it
 * leave, so the whole batch is O(1) per entry on chain. `set` is not modified.
 */
export function batchHints(set: TopSetModel, bids: readonly RevealedBid[]): number[] {
  const s = set.clone();
  return bids.map((b) => {
    const hint = b.valid ? s.hintFor(b) : 0;
    s.open(b, hint);
    return hint;
  });
}
