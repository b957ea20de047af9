import { expect } from "chai";
import { nextStep, type BidSituation, type ReserveSituation } from "../../../app/src/core/next-step.js";

const bid = (o: Partial<BidSituation>): BidSituation => ({
  role: "bid", phase: "committing", now: 0, commitEnd: 3600, revealEnd: 3 * 3600, committedOnChain: true,
  position: { kind: "sealed", value: 1n }, revealedOnChain: false, isWinner: false, lotClaimed: false, ...o,
});
const reserve = (o: Partial<ReserveSituation>): ReserveSituation => ({
  role: "reserve", phase: "committing", now: 0, commitEnd: 3600, revealEnd: 3 * 3600, committedOnChain: true,
  reserveOpened: false, proceeds: 0n, lotClaimed: false, sold: false, ...o,
});

describe("app/core next-step: what to do now", () => {
  it("waits while committing, then urges a reveal with the time left", () => {
    expect(nextStep(bid({})).text).to.equal("Committed. Reveal in the reveal window, which opens in 1 h.");
    const s = nextStep(bid({ phase: "revealing", now: 7200 - 60 }));
    expect(s).to.deep.include({ urgency: "act", action: "reveal", deadline: 3 * 3600 });
    expect(s.text).to.match(/^Reveal now: the reveal window closes in 1 h 1 min\./);
  });

  it("flags a saved secret whose commit never reached the chain", () => {
    expect(nextStep(bid({ committedOnChain: false })).urgency).to.equal("problem");
  });

  it("sends an unrevealed bidder to withdraw the rest after the window", () => {
    expect(nextStep(bid({ phase: "awaiting-settlement", now: 99999 })).action).to.equal("withdraw-unrevealed");
    expect(nextStep(bid({ phase: "settled", now: 99999 })).action).to.equal("withdraw-unrevealed");
  });

  it("after settlement: winner claims the lot, then change; losers withdraw held refunds", () => {
    expect(nextStep(bid({ phase: "settled", isWinner: true, position: { kind: "held", value: 5n } })).action).to.equal("claim-lot");
    expect(nextStep(bid({ phase: "settled", isWinner: true, lotClaimed: true, position: { kind: "held", value: 5n } })).text).to.match(/change/);
    expect(nextStep(bid({ phase: "settled", position: { kind: "held", value: 5n } })).action).to.equal("withdraw-refund");
    expect(nextStep(bid({ phase: "settled", revealedOnChain: true, position: { kind: "none", value: 0n } })).urgency).to.equal("done");
  });

  it("reports a replaced bid as done", () => {
    expect(nextStep(bid({ superseded: true, phase: "revealing" })).urgency).to.equal("done");
  });

  it("guides a seller through the sealed reserve", () => {
    expect(nextStep(reserve({ phase: "revealing", now: 4000 })).action).to.equal("open-reserve");
    expect(nextStep(reserve({ phase: "awaiting-settlement" })).text).to.match(/burned/);
    expect(nextStep(reserve({ phase: "settled", reserveOpened: true, proceeds: 10n })).action).to.equal("withdraw-proceeds");
    expect(nextStep(reserve({ phase: "settled", reserveOpened: true })).action).to.equal("claim-lot");
    expect(nextStep(reserve({ committedOnChain: false })).urgency).to.equal("problem");
  });
});
