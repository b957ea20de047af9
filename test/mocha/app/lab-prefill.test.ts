import { expect } from "chai";
import { createPrefillHref, decimalText, parseCreatePrefill } from "../../../app/src/app/lab/_lib/prefill.js";
import { computeLab, DEFAULT_PARAMS, distributionSpec } from "../../../app/src/app/lab/_lib/compute.js";
import "../near.js";

describe("app/lab prefill: the lab's settings travel to the create form as a query string", () => {
  it("writes plain decimals with six significant digits, never an exponent", () => {
    expect(decimalText(0.5)).to.equal("0.5");
    expect(decimalText(0.8341560323728886)).to.equal("0.834156");
    expect(decimalText(1234567.89)).to.equal("1234570");
    expect(decimalText(1.5e-7)).to.equal("0.00000015");
    expect(decimalText(0)).to.equal("0");
    expect(decimalText(-1)).to.equal(null);
    expect(decimalText(Infinity)).to.equal(null);
  });

  it("builds /create?format&floorReserve&bond and reads it back", () => {
    const href = createPrefillHref({ format: "second-price", floorReserve: 0.5, bond: 0.5 });
    expect(href).to.equal("/create?format=second-price&floorReserve=0.5&bond=0.5");
    const query = new URLSearchParams(href.split("?")[1]);
    expect(parseCreatePrefill(query)).to.deep.equal({ format: "second-price", floorReserve: "0.5", bond: "0.5" });
  });

  it("carries the lab's value assumption (distribution spec and bidders), never pasted samples or junk", () => {
    const href = createPrefillHref({ format: "second-price", floorReserve: 0.5, bond: 0.5, dist: "normal:1:0.5:0:inf", bidders: 5 });
    expect(href).to.equal("/create?format=second-price&floorReserve=0.5&bond=0.5&dist=normal%3A1%3A0.5%3A0%3Ainf&bidders=5");
    expect(parseCreatePrefill(new URLSearchParams(href.split("?")[1]))).to.deep.equal({ format: "second-price", floorReserve: "0.5", bond: "0.5", dist: "normal:1:0.5:0:inf", bidders: "5" });
    expect(createPrefillHref({ format: "second-price", floorReserve: 0.5, bond: 0.5, dist: null, bidders: 5 })).to.equal("/create?format=second-price&floorReserve=0.5&bond=0.5&bidders=5");
    expect(parseCreatePrefill({ dist: "samples:pasted", bidders: "0" })).to.deep.equal({});
    expect(parseCreatePrefill({ dist: "uniform:0:1<script>", bidders: "5x" })).to.deep.equal({});
  });

  it("leaves out a zero reserve and an unknown (infinite) bond", () => {
    expect(createPrefillHref({ format: "first-price", floorReserve: 0, bond: Infinity })).to.equal("/create?format=first-price");
  });

  it("ignores malformed values so the form keeps its defaults (Next's searchParams object too)", () => {
    expect(parseCreatePrefill({ format: "dutch", floorReserve: "-1", bond: "1e3" })).to.deep.equal({});
    expect(parseCreatePrefill({ format: ["first-price", "second-price"], bond: " 0.25 " })).to.deep.equal({ format: "first-price", bond: "0.25" });
  });
});

describe("app/lab computeLab: what the /lab page shows", function () {
  this.timeout(20_000);

  it("uniform[0, 1], 5 bidders: reserve 1/2, bond 1/2, revenue (n−1)/(n+1) without reserve, table of 4 rows", () => {
    const outcome = computeLab({ ...DEFAULT_PARAMS, kind: "uniform", uniformA: "0", uniformB: "1", bidders: "5" });
    if (!outcome.ok) throw new Error(outcome.error);
    const v = outcome.view;
    expect(v.reserve.reserve).to.be.near(0.5, 1e-6);
    expect(v.reserve.regular).to.equal(true);
    expect(v.bond).to.be.near(0.5, 1e-3);
    expect(v.rows.map((r) => `${r.format}/${r.reserveKind}`)).to.deep.equal(["second-price/none", "second-price/optimal", "first-price/none", "first-price/optimal"]);
    expect(v.rows[0].revenue).to.be.near(4 / 6, 1e-6);
    expect(v.rows[0].efficiency).to.equal(1);
    expect(v.rows[1].efficiency).to.be.near(1 - 0.5 ** 5, 1e-9);
    // The shill chart: gain at bond 0 is positive, at and beyond the recommended bond it is not.
    expect(v.shillChart[0].k1).to.be.greaterThan(0);
    for (const point of v.shillChart.filter((p) => p.bond >= v.bond)) expect(Math.max(point.k1, point.k2, point.k3)).to.be.at.most(1e-9);
    // Plain data only (it crosses from the worker by structured clone).
    expect(structuredClone(v)).to.deep.equal(v);
    expect(v.spec).to.equal("uniform:0:1");
  });

  it("returns the lab's message for bad parameters instead of throwing", () => {
    const bad = computeLab({ ...DEFAULT_PARAMS, kind: "uniform", uniformA: "1", uniformB: "0" });
    expect(bad).to.deep.equal({ ok: false, error: "uniform needs a < b, got 1 and 0" });
    const bidders = computeLab({ ...DEFAULT_PARAMS, bidders: "2.5" });
    expect(bidders.ok).to.equal(false);
    const samples = computeLab({ ...DEFAULT_PARAMS, kind: "samples", samples: "0.3, x" });
    expect(samples.ok ? "" : samples.error).to.match(/"x" is not a number/);
  });

  it("writes the CLI's spec for each distribution", () => {
    expect(distributionSpec({ ...DEFAULT_PARAMS, kind: "normal", mean: "1", sd: "0.5", lo: "0", hi: "inf" })).to.equal("normal:1:0.5:0:inf");
    expect(distributionSpec({ ...DEFAULT_PARAMS, kind: "exponential", rate: " 2 " })).to.equal("exponential:2");
  });
});
