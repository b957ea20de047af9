import { expect } from "chai";
import { nextStep, type BidSituation, type ReserveSituation } from "../../../app/src/core/next-step.js";

const bid = (o: Partial<BidSituation>): BidSituation => ({
  role: "bid", phase: "committing", now: 0, commitEnd: 3600, reserveEnd: 0, revealEnd: 3 * 3600, committedOnChain: true,
  position: { kind: "sealed", value: 1n }, revealedOnChain: false, isWinner: false, lotClaimed: false, ...o,
});
const reserve = (o: Partial<ReserveSituation>): ReserveSituation => ({
  role: "reserve", phase: "committing", now: 0, commitEnd: 3600, reserveEnd: 4200, revealEnd: 3 * 3600, committedOnChain: true,
  reserveOpened: false, proceeds: 0n, lotClaimed: false, sold: false, ...o,
});

describe("app/core next-step: what to do now", () => {
  it("waits while committing, then urges a reveal with the time left", () => {
    expect(nextStep(bid({})).text).to.equal("Committed. Reveal in the reveal window, which opens in 1 h.");
    const s = nextStep(bid({ phase: "revealing", now: 7200 - 60 }));
    expect(s).to.deep.include({ urgency: "act", action: "reveal", deadline: 3 * 3600 });
    expect(s.text).to.match(/^Reveal now: the reveal window closes in 1 h 1 min\./);
  });

  it("a self-opening bid never asks its bidder to come back: it says it will open itself, and when", () => {
    const so = { selfOpening: { opensAt: 3600 } };
    const committing = nextStep(bid(so));
    expect(committing).to.deep.include({ urgency: "wait", action: "wait" });
    expect(committing.text).to.equal("Committed; it will open itself: anyone can open it in 1 h, so you need not come back. You may still reveal it yourself in the reveal window.");
    const pending = nextStep(bid({ ...so, phase: "opening-reserve", reserveEnd: 4200, now: 3700 }));
    expect(pending.urgency).to.equal("wait");
    expect(pending.text).to.match(/^It will open itself: readable by anyone once the seller's reserve window ends \(closes in 8 min 20 s\)/);
    const revealing = nextStep(bid({ ...so, phase: "revealing", now: 4000 }));
    expect(revealing).to.deep.include({ urgency: "wait", action: "reveal" });
    expect(revealing.text).to.match(/^It will open itself: anyone can open it now/);
    // Once opened, or after the window, it is like any other bid.
    expect(nextStep(bid({ ...so, phase: "revealing", now: 4000, position: { kind: "none", value: 0n }, revealedOnChain: true })).text).to.equal("Revealed; your deposit was refunded: in your reveal, or in the reveal of the bid that displaced yours.");
    expect(nextStep(bid({ ...so, phase: "awaiting-settlement", now: 99999 })).action).to.equal("withdraw-unrevealed");
  });

  it("flags a saved secret whose commit never reached the chain", () => {
    expect(nextStep(bid({ committedOnChain: false })).urgency).to.equal("problem");
  });

  it("sends an unrevealed bidder to withdraw the rest after the window", () => {
    expect(nextStep(bid({ phase: "awaiting-settlement", now: 99999 })).action).to.equal("withdraw-unrevealed");
    expect(nextStep(bid({ phase: "settled", now: 99999 })).action).to.equal("withdraw-unrevealed");
  });

  it("after a normal settlement the winner has nothing to claim: lot and change were delivered", () => {
    const done = nextStep(bid({ phase: "settled", isWinner: true, lotClaimed: true, lotDelivered: true, revealedOnChain: true, position: { kind: "none", value: 0n } }));
    expect(done).to.deep.include({ urgency: "done", action: "wait", text: "You won: the lot and your change were delivered at settlement. Nothing left to claim." });
    // Claimed later by the winner (the push had failed): no "delivered" wording.
    expect(nextStep(bid({ phase: "settled", isWinner: true, lotClaimed: true, lotDelivered: false, position: { kind: "none", value: 0n } })).text).to.equal("You won and claimed everything.");
    expect(nextStep(bid({ phase: "settled", revealedOnChain: true, position: { kind: "none", value: 0n } }))).to.deep.include({ urgency: "done", text: "Done: nothing left to claim." });
  });

  it("after settlement, only failed pushes are claims: the lot, the change, a refund", () => {
    const lot = nextStep(bid({ phase: "settled", isWinner: true, position: { kind: "held", value: 5n } }));
    expect(lot).to.deep.include({ urgency: "act", action: "claim-lot", text: "You won, but the lot could not be delivered to you at settlement: claim it." });
    const change = nextStep(bid({ phase: "settled", isWinner: true, lotClaimed: true, lotDelivered: true, position: { kind: "held", value: 5n } }));
    expect(change).to.deep.include({ action: "withdraw-refund", text: "Your change (deposit − price) could not be paid at settlement: withdraw it." });
    expect(nextStep(bid({ phase: "settled", position: { kind: "held", value: 5n } })).action).to.equal("withdraw-refund");
  });

  it("while revealing, only the standing leader's deposit is held; a displaced leader was refunded by the reveal that displaced it", () => {
    const leads = nextStep(bid({ phase: "revealing", now: 4000, revealedOnChain: true, leading: true, position: { kind: "held", value: 5n } }));
    expect(leads).to.deep.include({ urgency: "wait", action: "wait" });
    expect(leads.text).to.equal("Revealed; your bid leads, so its deposit is held until settlement (window closes in 1 h 53 min). If another bid displaces it, the reveal that does so refunds your whole deposit.");
    expect(leads.text).not.to.match(/led at some point|leads or led/);
    // Displaced, refund pushed: nothing held.
    expect(nextStep(bid({ phase: "revealing", now: 4000, revealedOnChain: true, position: { kind: "none", value: 0n } })).urgency).to.equal("done");
    // Displaced, refund push refused: withdrawable now, not after settlement.
    const refused = nextStep(bid({ phase: "revealing", now: 4000, revealedOnChain: true, leading: false, position: { kind: "held", value: 5n } }));
    expect(refused).to.deep.include({ urgency: "act", action: "withdraw-refund" });
    expect(nextStep(bid({ phase: "awaiting-settlement", now: 99999, revealedOnChain: true, leading: false, position: { kind: "held", value: 5n } })).action).to.equal("withdraw-refund");
    const settle = nextStep(bid({ phase: "awaiting-settlement", now: 99999, revealedOnChain: true, leading: true, position: { kind: "held", value: 5n } }));
    expect(settle).to.deep.include({ action: "settle", text: "Nothing is left to open: settle the auction (anyone may). Settling delivers the lot, the winner's change and the seller's proceeds in the same transaction." });
  });

  it("reports a replaced bid as done", () => {
    expect(nextStep(bid({ superseded: true, phase: "revealing" })).urgency).to.equal("done");
  });

  it("guides a seller through the sealed reserve", () => {
    const before = nextStep(reserve({}));
    expect(before).to.deep.include({ urgency: "wait", deadline: 4200 });
    expect(before.text).to.equal("Open your sealed reserve in its window, which opens in 1 h and lasts 10 min: no bid can be opened before it, so you decide without seeing any bid.");
    const now = nextStep(reserve({ phase: "opening-reserve", now: 4000 }));
    expect(now).to.deep.include({ urgency: "act", action: "open-reserve", deadline: 4200 });
    expect(now.text).to.match(/its window closes in 3 min 20 s\. No bid can be opened until you do or the window ends; after it, the reserve is ignored and its bond burned\./);
    expect(nextStep(reserve({ phase: "revealing", now: 5000 })).text).to.match(/not opened in its window: it is ignored .* bond is burned/);
    expect(nextStep(reserve({ phase: "revealing", now: 5000, reserveOpened: true })).urgency).to.equal("wait");
    expect(nextStep(reserve({ phase: "awaiting-settlement" })).text).to.match(/burned/);
    expect(nextStep(reserve({ phase: "awaiting-settlement", reserveOpened: true })).text).to.equal("Nothing is left to open. Settle the auction (anyone may): settling pays your proceeds in the same transaction.");
    // A normal settlement paid the proceeds and delivered the lot: nothing to do.
    const paid = nextStep(reserve({ phase: "settled", reserveOpened: true, sold: true, lotClaimed: true, lotDelivered: true, proceedsDelivered: true }));
    expect(paid).to.deep.include({ urgency: "done", text: "Settled: your proceeds were paid at settlement; nothing left to claim." });
    // A failed proceeds push is a claim.
    const claim = nextStep(reserve({ phase: "settled", reserveOpened: true, proceeds: 10n, sold: true, lotClaimed: true, lotDelivered: true }));
    expect(claim).to.deep.include({ action: "withdraw-proceeds", text: "Settled: your proceeds could not be paid at settlement; withdraw them." });
    // A sold lot still in the house (its delivery failed): the seller delivers it (or waits) before the proceeds are paid.
    const waiting = nextStep(reserve({ phase: "settled", reserveOpened: true, proceeds: 10n, sold: true, lotClaimed: false }));
    expect(waiting.action).to.equal("claim-lot");
    expect(waiting.text).to.match(/could not be delivered to the winner at settlement.*Deliver it to the winner/);
    // Unsold: the lot went back at settlement, or its return failed and the seller takes it back.
    expect(nextStep(reserve({ phase: "settled", reserveOpened: true, lotClaimed: true, lotDelivered: true })).text).to.equal("Settled unsold: the lot went back to you at settlement; nothing left to claim.");
    expect(nextStep(reserve({ phase: "settled", reserveOpened: true })).action).to.equal("claim-lot");
    expect(nextStep(reserve({ committedOnChain: false })).urgency).to.equal("problem");
  });

  it("a bidder waits while the seller's reserve window is open, then reveals", () => {
    const withReserve = { reserveEnd: 4200 };
    expect(nextStep(bid(withReserve)).text).to.equal("Committed. Reveal in the reveal window, which opens once the seller's sealed reserve is open, at the latest in 1 h 10 min.");
    const waiting = nextStep(bid({ ...withReserve, phase: "opening-reserve", now: 3700 }));
    expect(waiting).to.deep.include({ urgency: "wait", action: "wait" });
    expect(waiting.text).to.match(/^Your bid cannot be opened yet: the seller opens its sealed reserve first \(its window closes in 8 min 20 s\)/);
    expect(nextStep(bid({ ...withReserve, phase: "revealing", now: 4300 })).action).to.equal("reveal");
  });
});
