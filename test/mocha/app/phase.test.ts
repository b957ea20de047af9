import { expect } from "chai";
import { formatDuration, nextDeadline, phaseAt, phaseFromIndex, scheduleOf, settlement, timeline } from "../../../app/src/core/phase.js";

const s = { commitEnd: 1000, revealEnd: 2000 };

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

  it("awaits settlement inside the reveal window once nothing is left to open, as phaseOf does", () => {
    expect(phaseAt({ ...s, nothingToOpen: true }, 1500)).to.equal("awaiting-settlement");
    expect(phaseAt({ ...s, nothingToOpen: true }, 500)).to.equal("committing");
    const early = settlement({ ...s, nothingToOpen: true }, 1500, { commitCount: 2, openCount: 2, sealedReserve: false, reserveOpened: false });
    expect(early).to.deep.equal({ allowed: true, reason: "Every commitment is open: anyone may settle early." });
    expect(timeline({ ...s, nothingToOpen: true }, 1500)[1].note).to.equal("everything was opened early");
  });

  it("derives the schedule from an auction's history", () => {
    const created = { terms: { commitEnd: 1000, revealEnd: 2000, sealedReserveCommitment: `0x${"00".repeat(32)}` } };
    const open = { opening: {} };
    const sealed = { opening: null };
    expect(scheduleOf({ created, settlement: null, cancelled: null, bidders: [open, open], reserveOpening: null }))
      .to.deep.equal({ commitEnd: 1000, revealEnd: 2000, settled: false, cancelled: false, nothingToOpen: true });
    expect(scheduleOf({ created, settlement: null, cancelled: null, bidders: [open, sealed], reserveOpening: null }).nothingToOpen).to.equal(false);
    const withReserve = { terms: { ...created.terms, sealedReserveCommitment: `0x${"ab".repeat(32)}` } };
    expect(scheduleOf({ created: withReserve, settlement: null, cancelled: null, bidders: [open], reserveOpening: null }).nothingToOpen).to.equal(false);
    expect(scheduleOf({ created: withReserve, settlement: {}, cancelled: null, bidders: [open], reserveOpening: {} })).to.deep.include({ settled: true, nothingToOpen: true });
  });

  it("maps the contract's Phase enum", () => {
    expect([0, 1, 2, 3, 4, 5, 9].map(phaseFromIndex)).to.deep.equal(["none", "committing", "revealing", "awaiting-settlement", "settled", "cancelled", "none"]);
  });

  it("formats durations plainly", () => {
    expect(formatDuration(45)).to.equal("45 s");
    expect(formatDuration(303)).to.equal("5 min 3 s");
    expect(formatDuration(3 * 3600 + 12 * 60 + 5)).to.equal("3 h 12 min");
    expect(formatDuration(3 * 3600)).to.equal("3 h");
    expect(formatDuration(2 * 86400 + 4 * 3600 + 59)).to.equal("2 d 4 h");
    expect(formatDuration(-10)).to.equal("0 s");
  });

  it("gives the next deadline", () => {
    expect(nextDeadline(s, 400)).to.deep.equal({ label: "Commit window closes", at: 1000, remaining: 600 });
    expect(nextDeadline(s, 1500)?.label).to.equal("Reveal window closes");
    expect(nextDeadline(s, 2500)).to.equal(null);
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

  it("allows settling after the window, or early once everything is opened", () => {
    const counts = { commitCount: 2, openCount: 1, sealedReserve: true, reserveOpened: false };
    expect(settlement(s, 500, counts).allowed).to.equal(false);
    const early = settlement(s, 1500, counts);
    expect(early.allowed).to.equal(false);
    expect(early.reason).to.match(/1 commitment is unopened and the sealed reserve is unopened/);
    expect(settlement(s, 1500, { ...counts, openCount: 2, reserveOpened: true }).allowed).to.equal(true);
    expect(settlement(s, 2000, counts).allowed).to.equal(true);
    expect(settlement({ ...s, settled: true }, 2500, counts).allowed).to.equal(false);
  });
});
