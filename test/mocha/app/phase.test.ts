import { expect } from "chai";
import { formatDuration, nextDeadline, PHASE_LABEL, phaseAt, phaseFromIndex, reservePending, scheduleOf, settlement, timeline } from "../../../app/src/core/phase.js";

const s = { commitEnd: 1000, revealEnd: 2000 };
/** With a sealed reserve: its window is [1000, 1300). */
const r = { commitEnd: 1000, reserveEnd: 1300, revealEnd: 2000 };

describe("app/core phase: phases from chain time", () => {
  it("mirrors phaseOf at the window boundaries", () => {
    expect(phaseAt(s, 999)).to.equal("committing");
    expect(phaseAt(s, 1000)).to.equal("revealing");
    expect(phaseAt(s, 1999)).to.equal("revealing");
    expect(phaseAt(s, 2000)).to.equal("awaiting-settlement");
    expect(phaseAt({ ...s, settled: true }, 500)).to.equal("settled");
    expect(phaseAt({ ...s, cancelled: true }, 500)).to.equal("cancelled");
    expect(phaseAt({ commitEnd: 0, revealEnd: 0 }, 5)).to.equal("none");
  });

  it("with a sealed reserve, the reserve window comes first: until the reserve is opened or reserveEnd (rule 6)", () => {
    expect(phaseAt(r, 999)).to.equal("committing");
    expect(phaseAt(r, 1000)).to.equal("opening-reserve");
    expect(phaseAt(r, 1299)).to.equal("opening-reserve");
    expect(phaseAt(r, 1300)).to.equal("revealing");
    expect(phaseAt({ ...r, reserveOpened: true }, 1100)).to.equal("revealing");
    // Every bid open does not skip the reserve window: the reserve must still get its chance first.
    expect(phaseAt({ ...r, allBidsOpen: true }, 1100)).to.equal("opening-reserve");
    expect(phaseAt({ ...r, allBidsOpen: true, reserveOpened: true }, 1100)).to.equal("awaiting-settlement");
    expect(reservePending(r, 1100)).to.equal(true);
    expect(reservePending({ ...r, reserveOpened: true }, 1100)).to.equal(false);
    expect(reservePending({ ...s, reserveEnd: 0 }, 1100)).to.equal(false);
    expect(PHASE_LABEL["opening-reserve"]).to.equal("Reserve window");
  });

  it("awaits settlement inside the reveal window once every bid is open, as phaseOf does", () => {
    expect(phaseAt({ ...s, allBidsOpen: true }, 1500)).to.equal("awaiting-settlement");
    expect(phaseAt({ ...s, allBidsOpen: true }, 500)).to.equal("committing");
    const early = settlement({ ...s, allBidsOpen: true }, 1500, { commitCount: 2, openCount: 2, sealedReserve: false, reserveOpened: false });
    expect(early).to.deep.equal({ allowed: true, reason: "Every commitment is open: anyone may settle early." });
    expect(timeline({ ...s, allBidsOpen: true }, 1500)[1].note).to.equal("everything was opened early");
  });

  it("derives the schedule from an auction's history", () => {
    const created = { terms: { commitEnd: 1000, reserveEnd: 0, revealEnd: 2000 } };
    const open = { opening: {} };
    const sealed = { opening: null };
    expect(scheduleOf({ created, settlement: null, cancelled: null, bidders: [open, open], reserveOpening: null }))
      .to.deep.equal({ commitEnd: 1000, reserveEnd: 0, revealEnd: 2000, reserveOpened: false, settled: false, cancelled: false, allBidsOpen: true });
    expect(scheduleOf({ created, settlement: null, cancelled: null, bidders: [open, sealed], reserveOpening: null }).allBidsOpen).to.equal(false);
    const withReserve = { terms: { ...created.terms, reserveEnd: 1300 } };
    expect(scheduleOf({ created: withReserve, settlement: null, cancelled: null, bidders: [open], reserveOpening: null })).to.deep.include({ reserveEnd: 1300, reserveOpened: false });
    expect(scheduleOf({ created: withReserve, settlement: {}, cancelled: null, bidders: [open], reserveOpening: {} })).to.deep.include({ settled: true, reserveOpened: true, allBidsOpen: true });
  });

  it("maps the contract's Phase enum, in its new order", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 9].map(phaseFromIndex)).to.deep.equal(["none", "committing", "opening-reserve", "revealing", "awaiting-settlement", "settled", "cancelled", "none"]);
  });

  it("formats durations plainly", () => {
    expect(formatDuration(45)).to.equal("45 s");
    expect(formatDuration(303)).to.equal("5 min 3 s");
    expect(formatDuration(3 * 3600 + 12 * 60 + 5)).to.equal("3 h 12 min");
    expect(formatDuration(3 * 3600)).to.equal("3 h");
    expect(formatDuration(2 * 86400 + 4 * 3600 + 59)).to.equal("2 d 4 h");
    expect(formatDuration(-10)).to.equal("0 s");
  });

  it("gives the next deadline, the reserve window's inside it", () => {
    expect(nextDeadline(s, 400)).to.deep.equal({ label: "Commit window closes", at: 1000, remaining: 600 });
    expect(nextDeadline(s, 1500)?.label).to.equal("Reveal window closes");
    expect(nextDeadline(s, 2500)).to.equal(null);
    expect(nextDeadline(r, 1100)).to.deep.equal({ label: "Reserve window closes", at: 1300, remaining: 200 });
    expect(nextDeadline({ ...r, reserveOpened: true }, 1100)).to.deep.include({ label: "Reveal window closes", at: 2000 });
  });

  it("marks timeline steps done, current and upcoming", () => {
    expect(timeline(s, 1500).map((t) => t.state)).to.deep.equal(["done", "current", "upcoming", "upcoming"]);
    expect(timeline({ ...s, settled: true }, 2500).map((t) => t.state)).to.deep.equal(["done", "done", "done", "current"]);
    expect(timeline({ ...s, cancelled: true }, 10).map((t) => t.state)).to.deep.equal(["done", "skipped", "skipped", "skipped"]);
    expect(timeline(s, 400)[1].note).to.equal("opens in 10 min");
    expect(timeline(s, 1500)[0].note).to.equal("closed 8 min 20 s ago");
    expect(timeline({ ...s, settled: true }, 1500)[1].note).to.equal("everything was opened early");
    expect(timeline(s, 2600)[1].note).to.equal("closed 10 min ago");
  });

  it("shows the reserve window as its own step when there is a sealed reserve", () => {
    const during = timeline(r, 1100);
    expect(during.map((t) => t.key)).to.deep.equal(["commit", "reserve", "reveal", "settle", "claim"]);
    expect(during.map((t) => t.state)).to.deep.equal(["done", "current", "upcoming", "upcoming", "upcoming"]);
    expect(during[1]).to.deep.include({ start: 1000, end: 1300, note: "the seller may open its reserve; closes in 3 min 20 s" });
    expect(during[2].note).to.equal("opens once the seller opens its reserve, at the latest in 3 min 20 s");
    expect(timeline(r, 400)[1].note).to.equal("the seller opens its reserve first, before any bid; window 5 min");
    const opened = timeline({ ...r, reserveOpened: true }, 1100);
    expect(opened.map((t) => t.state)).to.deep.equal(["done", "done", "current", "upcoming", "upcoming"]);
    expect(opened[1].note).to.equal("the seller opened its reserve before any bid");
    expect(timeline(r, 1400)[1].note).to.match(/not opened in its window: the reserve is ignored and the seller's bond burned/);
    expect(timeline({ ...r, cancelled: true }, 10).map((t) => t.state)).to.deep.equal(["done", "skipped", "skipped", "skipped", "skipped"]);
    expect(timeline({ ...r, cancelled: true }, 10)[2].note).to.equal("not held: the auction was cancelled");
  });

  it("allows settling after the window, or early once everything is opened", () => {
    const counts = { commitCount: 2, openCount: 1, sealedReserve: true, reserveOpened: false };
    expect(settlement(s, 500, counts).allowed).to.equal(false);
    const early = settlement(s, 1500, counts);
    expect(early.allowed).to.equal(false);
    expect(early.reason).to.match(/1 commitment is unopened\./);
    expect(settlement(s, 1500, { ...counts, openCount: 2, reserveOpened: true }).allowed).to.equal(true);
    expect(settlement(s, 2000, counts).allowed).to.equal(true);
    expect(settlement({ ...s, settled: true }, 2500, counts).allowed).to.equal(false);
  });

  it("explains that nothing settles while the reserve window is open", () => {
    const counts = { commitCount: 1, openCount: 0, sealedReserve: true, reserveOpened: false };
    const during = settlement(r, 1100, counts);
    expect(during.allowed).to.equal(false);
    expect(during.reason).to.match(/^The seller's sealed reserve comes first: its window closes in 3 min 20 s/);
  });
});
