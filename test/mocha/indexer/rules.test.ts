import { expect } from "chai";
import { getAddress, type Address } from "viem";
import { ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../../../lib/auction.js";
import { phaseAt, type AuctionSummary, type HistoryPhase, type PhaseSchedule } from "../../../lib/history.js";
import {
  applyListQuery, decodeCursor, DEFAULT_LIST_QUERY, LIST_PHASES, listQueryToParams, MAX_PHASE_STEPS, parseListQuery, phaseFromSteps, phaseSteps,
  termsFromJson, termsToJson, type ListItem, type ListQuery,
} from "../../../lib/indexed.js";
import { chooseListSource, failedSource, type ListSourceInput } from "../../../app/src/core/list-source.js";

/** A deterministic generator (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const addr = (i: number) => getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`) as Address;

function terms(o: Partial<AuctionTerms> = {}): AuctionTerms {
  return {
    seller: addr(0), lotKind: 0, lotToken: addr(50), lotAmountOrId: 1n, paymentToken: ZERO_ADDRESS, format: 0,
    commitEnd: 1000, reserveEnd: 0, revealEnd: 2000, bond: 10n, floorReserve: 0n, sealedReserveCommitment: ZERO_BYTES32, reserveNonce: 0n, ...o,
  };
}

describe("indexer rules: phase steps are phaseAt between deadlines", () => {
  it("give phaseAt's answer at every second around every deadline, for random schedules and flags", () => {
    const r = rng(7);
    for (let n = 0; n < 120; n++) {
      const commitEnd = 1 + Math.floor(r() * 100);
      const reserveEnd = r() < 0.3 ? 0 : commitEnd + Math.floor(r() * 60);
      const s: PhaseSchedule = {
        commitEnd, reserveEnd, revealEnd: Math.max(commitEnd, reserveEnd) + Math.floor(r() * 100),
        reserveOpened: r() < 0.4, settled: r() < 0.2, cancelled: r() < 0.1, allBidsOpen: r() < 0.5,
      };
      const steps = phaseSteps(s);
      for (let now = 0; now < 260; now++) expect(phaseFromSteps(steps, now), `${JSON.stringify(s)} at ${now}`).to.equal(phaseAt(s, now));
    }
  });

  it("keep deadlines ascending and distinct, one more phase than deadlines", () => {
    const steps = phaseSteps({ commitEnd: 50, revealEnd: 50 });
    expect(steps.at).to.deep.equal([50]);
    expect(steps.phases).to.deep.equal(["committing", "awaiting-settlement"]);
  });

  it("a sealed reserve's window is a step of its own, and the table has room for every deadline", () => {
    const steps = phaseSteps({ commitEnd: 100, reserveEnd: 150, revealEnd: 300 });
    expect(steps.at).to.deep.equal([100, 150, 300]);
    expect(steps.phases).to.deep.equal(["committing", "opening-reserve", "revealing", "awaiting-settlement"]);
    expect(steps.at.length).to.be.at.most(MAX_PHASE_STEPS);
    // Once the reserve is open, bids may open at once: the window's step reads "revealing".
    expect(phaseSteps({ commitEnd: 100, reserveEnd: 150, revealEnd: 300, reserveOpened: true }).phases[1]).to.equal("revealing");
    expect(LIST_PHASES).to.include("opening-reserve");
  });
});

describe("indexer rules: list queries", () => {
  const phases: HistoryPhase[] = [...LIST_PHASES];
  const items: ListItem[] = Array.from({ length: 37 }, (_, i) => ({
    auctionId: BigInt(i + 1), seller: addr(i % 3), terms: terms({ format: i % 2, lotToken: addr(50 + (i % 4)), commitEnd: 1000 + (i % 5) * 10, revealEnd: 3000 - i }),
    created: { blockNumber: BigInt(i + 2), logIndex: 0, transactionHash: ZERO_BYTES32 }, commitments: i % 6, openings: 0, settlement: null, cancelled: null,
    reserveOpened: false, phase: phases[i % phases.length],
  }) satisfies AuctionSummary & { phase: HistoryPhase });

  it("walks every matching item exactly once, in order, through the cursor, for each sort and direction", () => {
    for (const sort of ["id", "commitEnd", "revealEnd", "bids"] as const) {
      for (const order of ["asc", "desc"] as const) {
        const q: ListQuery = { ...DEFAULT_LIST_QUERY, sort, order, limit: 5, phase: undefined };
        const all = applyListQuery(items, { ...q, limit: 100 }).items.map((a) => a.auctionId);
        const seen: bigint[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const p = applyListQuery(items, { ...q, cursor });
          expect(p.total).to.equal(37);
          seen.push(...p.items.map((a) => a.auctionId));
          cursor = p.nextCursor ?? undefined;
          pages += 1;
        } while (cursor);
        expect(seen, `${sort} ${order}`).to.deep.equal(all);
        expect(pages).to.equal(8);
      }
    }
  });

  it("filters by phase, seller, lot token, format and bidder", () => {
    const q = (p: Partial<ListQuery>) => applyListQuery(items, { ...DEFAULT_LIST_QUERY, limit: 100, ...p }).items;
    expect(q({ phase: "settled" }).every((a) => a.phase === "settled")).to.equal(true);
    expect(q({ phase: "settled" })).to.have.length(6);
    expect(q({ phase: "opening-reserve" }).map((a) => a.auctionId)).to.deep.equal([32n, 26n, 20n, 14n, 8n, 2n]);
    expect(q({ seller: addr(1) }).map((a) => a.auctionId % 3n)).to.satisfy((xs: bigint[]) => xs.every((x) => x === 2n));
    expect(q({ lotToken: addr(51), format: "first-price" }).every((a) => a.terms.format === 1 && a.terms.lotToken === addr(51))).to.equal(true);
    const bidder = addr(9).toLowerCase();
    expect(applyListQuery(items, { ...DEFAULT_LIST_QUERY, bidder: addr(9) }, (id) => new Set(id % 10n === 0n ? [bidder] : [])).items.map((a) => a.auctionId)).to.deep.equal([30n, 20n, 10n]);
  });

  it("parses URL parameters and reports bad ones instead of guessing", () => {
    const { query, errors } = parseListQuery(new URLSearchParams("phase=settled&seller=0x0000000000000000000000000000000000000001&sort=bids&order=asc&limit=7&cursor=3_12"));
    expect(errors).to.deep.equal([]);
    expect(query).to.deep.include({ phase: "settled", seller: addr(0), sort: "bids", order: "asc", limit: 7, cursor: "3_12" });
    expect(parseListQuery(listQueryToParams(query)).query).to.deep.equal(query);
    const bad = parseListQuery({ seller: "bob", sort: "price", limit: "500", cursor: "x", format: "dutch" });
    expect(bad.errors).to.have.length(5);
    expect(decodeCursor("12_4")).to.deep.equal({ value: 12n, id: 4n });
  });

  it("serialises terms with bigints as decimal strings and back, whatever fields the terms have", () => {
    const t = terms({ bond: 10n ** 30n, floorReserve: 5n, sealedReserveCommitment: `0x${"ab".repeat(32)}` });
    const j = termsToJson(t);
    expect(j.bond).to.equal("1000000000000000000000000000000");
    expect(termsFromJson(JSON.parse(JSON.stringify(j)))).to.deep.equal(t);
    const extended = { ...t, reserveEnd: 1500, reserveNonce: 7n, someFutureField: 3n } as unknown as AuctionTerms;
    expect(termsFromJson(termsToJson(extended))).to.deep.equal(extended);
  });
});

describe("app/core list-source: indexer or logs fallback", () => {
  const house = addr(70);
  const base: ListSourceInput = {
    indexerUrl: "http://127.0.0.1:42069", chainId: 31337, auctionHouse: house, headBlock: 100n, maxLagBlocks: 3, statusError: null,
    status: { chainId: 31337, auctionHouse: house, indexed: { block: "99", timestamp: 1 }, head: { block: "100" }, lagBlocks: "1", ready: true },
  };

  it("uses an indexer that answers for this chain and contract, within the lag", () => {
    expect(chooseListSource(base)).to.deep.equal({ kind: "indexer", url: base.indexerUrl, indexedBlock: 99n, notice: null });
  });

  it("falls back to logs with a notice: not configured, down, other contract, backfilling, behind", () => {
    const cases: [Partial<ListSourceInput>, string, RegExp][] = [
      [{ indexerUrl: null }, "not-configured", /No indexer is configured/],
      [{ status: null, statusError: "fetch failed" }, "down", /not answering \(fetch failed\)/],
      [{ status: { ...base.status!, auctionHouse: addr(71) } }, "wrong-contract", /follows contract/],
      [{ status: { ...base.status!, chainId: 1 } }, "wrong-contract", /on chain 1/],
      [{ status: { ...base.status!, ready: false } }, "not-ready", /still reading the chain's history/],
      [{ headBlock: 110n }, "behind", /11 blocks behind/],
      [{ status: { ...base.status!, lagBlocks: "50" } }, "behind", /50 blocks behind/],
    ];
    for (const [patch, reason, notice] of cases) {
      const s = chooseListSource({ ...base, ...patch });
      expect(s.kind, reason).to.equal("logs");
      if (s.kind === "logs") {
        expect(s.reason).to.equal(reason);
        expect(s.notice).to.match(notice).and.match(/from the contract's events/);
      }
    }
  });

  it("reports a failed request after a good status", () => {
    const s = failedSource("http://127.0.0.1:42069", new Error("HTTP 500"));
    expect(s).to.deep.include({ kind: "logs", reason: "failed" });
  });
});
