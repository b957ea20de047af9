/**
 * "What to do now" for one stored bid or sealed reserve, from chain state and chain time. Used by My bids,
 * the pending-reveal banner and the auction page.
 */
import { formatDuration, type PhaseName } from "./phase.js";

export type PositionKind = "none" | "sealed" | "held";
/** The contract's `PositionStatus` enum, in order. */
export const POSITION_KINDS: readonly PositionKind[] = ["none", "sealed", "held"];

export type StepAction =
  | "wait"
  | "reveal"
  | "open-reserve"
  | "settle"
  | "claim-lot"
  | "withdraw-refund"
  | "withdraw-unrevealed"
  | "withdraw-proceeds"
  | "check";

export interface NextStep {
  urgency: "act" | "wait" | "done" | "problem";
  action: StepAction;
  text: string;
  /** Chain timestamp by which to act, when there is one. */
  deadline?: number;
}

export interface BidSituation {
  role: "bid";
  phase: PhaseName;
  now: number;
  commitEnd: number;
  /** Sealed reserve: the end of its window (0 without one). */
  reserveEnd: number;
  revealEnd: number;
  /** Whether the stored secret matches the latest commitment on chain (false: none on chain, or replaced). */
  committedOnChain: boolean;
  position: { kind: PositionKind; value: bigint };
  revealedOnChain: boolean;
  isWinner: boolean;
  lotClaimed: boolean;
  /** Settled: the lot reached this winner in the settlement transaction (not by a later claim). */
  lotDelivered?: boolean;
  /** This bid is the standing leader: its deposit is held until settlement. A held deposit of any other bid is a
   * refund whose push failed (a displaced leader's, or a loser's own), withdrawable at once. */
  leading?: boolean;
  /** True when a newer commitment of this bidder replaced the stored one. */
  superseded?: boolean;
  /** The standing commitment carries its opening sealed to drand (rule 16): anyone opens it from `opensAt`. */
  selfOpening?: { opensAt: number } | null;
}

export interface ReserveSituation {
  role: "reserve";
  phase: PhaseName;
  now: number;
  commitEnd: number;
  reserveEnd: number;
  revealEnd: number;
  /** The auction exists and its sealed-reserve commitment equals the stored one. */
  committedOnChain: boolean;
  reserveOpened: boolean;
  proceeds: bigint;
  lotClaimed: boolean;
  sold: boolean;
  /** Settled: the proceeds were paid in the settlement transaction. */
  proceedsDelivered?: boolean;
  /** Settled: the lot left in the settlement transaction (to the winner, or back to the seller if unsold). */
  lotDelivered?: boolean;
}

export function nextStep(s: BidSituation | ReserveSituation): NextStep {
  const closes = (t: number) => `closes in ${formatDuration(t - s.now)}`;
  const opens = (t: number) => `opens in ${formatDuration(t - s.now)}`;
  if (s.phase === "none") return { urgency: "problem", action: "check", text: "This auction is not on chain (yet). If you just created it, wait for the transaction." };
  if (s.phase === "cancelled") return { urgency: "done", action: "wait", text: "The seller cancelled this auction before any bid." };

  if (s.role === "reserve") {
    if (!s.committedOnChain) return { urgency: "problem", action: "check", text: "This sealed reserve does not match the auction on chain: it was never used (the creation failed or took another id)." };
    if (s.phase === "committing") {
      return { urgency: "wait", action: "wait", deadline: s.reserveEnd,
        text: `Open your sealed reserve in its window, which ${opens(s.commitEnd)} and lasts ${formatDuration(s.reserveEnd - s.commitEnd)}: no bid can be opened before it, so you decide without seeing any bid.` };
    }
    if (s.phase === "opening-reserve") {
      return { urgency: "act", action: "open-reserve", deadline: s.reserveEnd,
        text: `Open your sealed reserve now: its window ${closes(s.reserveEnd)}. No bid can be opened until you do or the window ends; after it, the reserve is ignored and its bond burned.` };
    }
    if (s.phase === "revealing") {
      if (!s.reserveOpened) return { urgency: "done", action: "wait", text: "The reserve was not opened in its window: it is ignored (the sale goes ahead at the public floor) and its bond is burned." };
      return { urgency: "wait", action: "wait", text: `Reserve opened. Bids are being opened; settlement after the reveal window, which ${closes(s.revealEnd)}.` };
    }
    if (s.phase === "awaiting-settlement") {
      const settle = "Settle the auction (anyone may): settling pays your proceeds in the same transaction.";
      return { urgency: "act", action: "settle", text: s.reserveOpened ? `Nothing is left to open. ${settle}` : `The reserve was not opened in time: its bond is forfeited and burned. ${settle}` };
    }
    if (s.proceeds > 0n && s.sold && !s.lotClaimed) {
      return { urgency: "act", action: "claim-lot", text: "Settled, but the lot could not be delivered to the winner at settlement, so your proceeds wait: they are paid once the lot leaves the contract. Deliver it to the winner (or wait for the winner to claim it), then withdraw." };
    }
    if (s.proceeds > 0n) return { urgency: "act", action: "withdraw-proceeds", text: "Settled: your proceeds could not be paid at settlement; withdraw them." };
    if (!s.sold && !s.lotClaimed) return { urgency: "act", action: "claim-lot", text: "Settled unsold: the lot could not be returned to you at settlement; take it back." };
    const burned = s.reserveOpened ? "" : " The unopened reserve's bond was burned.";
    if (s.proceedsDelivered) return { urgency: "done", action: "wait", text: `Settled: your proceeds were paid at settlement; nothing left to claim.${burned}` };
    if (!s.sold && s.lotDelivered) return { urgency: "done", action: "wait", text: `Settled unsold: the lot went back to you at settlement; nothing left to claim.${burned}` };
    return { urgency: "done", action: "wait", text: s.reserveOpened ? "Settled; nothing left to claim." : "Settled; the unopened reserve's bond was burned." };
  }

  if (s.superseded) return { urgency: "done", action: "wait", text: "You replaced this bid; the newer one counts." };
  const pos = s.position;
  if (s.phase === "committing") {
    if (!s.committedOnChain) return { urgency: "problem", action: "check", text: "This bid is saved but its commitment is not on chain: the transaction failed or is still pending." };
    const when = s.reserveEnd ? `opens once the seller's sealed reserve is open, at the latest in ${formatDuration(s.reserveEnd - s.now)}` : opens(s.commitEnd);
    if (s.selfOpening) {
      return { urgency: "wait", action: "wait", deadline: s.revealEnd,
        text: `Committed; it will open itself: anyone can open it in ${formatDuration(s.selfOpening.opensAt - s.now)}, so you need not come back. You may still reveal it yourself in the reveal window.` };
    }
    return { urgency: "wait", action: "wait", text: `Committed. Reveal in the reveal window, which ${when}.`, deadline: s.revealEnd };
  }
  if (!s.committedOnChain && !s.revealedOnChain) {
    return { urgency: "problem", action: "check", text: "This bid was never committed on chain; nothing to do." };
  }
  if (s.phase === "opening-reserve") {
    if (pos.kind === "sealed" && s.selfOpening) {
      return { urgency: "wait", action: "wait", deadline: s.revealEnd,
        text: `It will open itself: readable by anyone once the seller's reserve window ends (${closes(s.reserveEnd)}); you need not come back.` };
    }
    if (pos.kind === "sealed") {
      return { urgency: "wait", action: "wait", deadline: s.revealEnd,
        text: `Your bid cannot be opened yet: the seller opens its sealed reserve first (its window ${closes(s.reserveEnd)}). Then reveal before the reveal window closes.` };
    }
    return { urgency: "done", action: "wait", text: "Revealed." };
  }
  if (s.phase === "revealing") {
    if (pos.kind === "sealed" && s.selfOpening && s.now >= s.selfOpening.opensAt) {
      return { urgency: "wait", action: "reveal", deadline: s.revealEnd,
        text: `It will open itself: anyone can open it now from its sealed opening (the seller or any visitor, with one click). You may also reveal it yourself; the window ${closes(s.revealEnd)}.` };
    }
    if (pos.kind === "sealed") return { urgency: "act", action: "reveal", text: `Reveal now: the reveal window ${closes(s.revealEnd)}. Unrevealed, your bond is burned.`, deadline: s.revealEnd };
    if (pos.kind === "held" && s.leading) {
      return { urgency: "wait", action: "wait", text: `Revealed; your bid leads, so its deposit is held until settlement (window ${closes(s.revealEnd)}). If another bid displaces it, the reveal that does so refunds your whole deposit.` };
    }
    if (pos.kind === "held") return { urgency: "act", action: "withdraw-refund", text: "Revealed; your refund could not be paid when it was due (your receiver refused it): withdraw it now." };
    return { urgency: "done", action: "wait", text: "Revealed; your deposit was refunded: in your reveal, or in the reveal of the bid that displaced yours." };
  }
  if (s.phase === "awaiting-settlement") {
    if (pos.kind === "sealed") return { urgency: "act", action: "withdraw-unrevealed", text: "The reveal window closed before you revealed: the bond is forfeited (burned); withdraw the rest of your deposit." };
    if (pos.kind === "held" && !s.leading) return { urgency: "act", action: "withdraw-refund", text: "Your refund could not be paid when it was due (your receiver refused it): withdraw it now." };
    return { urgency: "act", action: "settle", text: "Nothing is left to open: settle the auction (anyone may). Settling delivers the lot, the winner's change and the seller's proceeds in the same transaction." };
  }
  // settled
  if (s.isWinner && !s.lotClaimed) return { urgency: "act", action: "claim-lot", text: "You won, but the lot could not be delivered to you at settlement: claim it." };
  if (pos.kind === "sealed") return { urgency: "act", action: "withdraw-unrevealed", text: "Unrevealed: the bond was burned; withdraw the rest of your deposit." };
  if (pos.kind === "held" && pos.value > 0n) {
    return { urgency: "act", action: "withdraw-refund", text: s.isWinner ? "Your change (deposit − price) could not be paid at settlement: withdraw it." : "Your refund could not be paid when it was due: withdraw it." };
  }
  if (s.isWinner && s.lotDelivered) return { urgency: "done", action: "wait", text: "You won: the lot and your change were delivered at settlement. Nothing left to claim." };
  return { urgency: "done", action: "wait", text: s.isWinner ? "You won and claimed everything." : "Done: nothing left to claim." };
}
