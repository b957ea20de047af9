import "../near.js";
import { expect } from "chai";
import { parseEther } from "viem";
import { ZERO_BYTES32 } from "../../../lib/auction.js";
import {
  amount, assumptionFromLab, auctionCredibility, bidOpeningSeconds, censorshipWarning, createShillCheck, createStart, describeAssumption,
  parseAssumption, type ShillCheckInput,
} from "../../../app/src/core/credible.js";

const uniform01 = parseAssumption({ kind: "uniform", value: "1", bidders: "5" });
const eth = (x: string) => parseEther(x);
const check = (over: Partial<ShillCheckInput>) =>
  createShillCheck({ assumption: uniform01, format: "second-price", reserve: "public", floor: eth("0.5"), bond: eth("0.5"), decimals: 18, symbol: "ETH", ...over });

describe("app/core credible: shill-proofness as a number on Create, and the verdict bidders see", function () {
  this.timeout(20_000);

  it("reads the value assumption (uniform 0–X, exponential by its average, a lab spec) and refuses bad input with a sentence", () => {
    expect(uniform01.ok && uniform01.spec).to.equal("uniform:0:1");
    const exp = parseAssumption({ kind: "exponential", value: "0.5", bidders: "3" });
    expect(exp.ok && exp.spec).to.equal("exponential:2");
    const lab = parseAssumption({ kind: "lab", value: "", spec: "normal:1:0.5:0:inf", bidders: "4" });
    expect(lab.ok && lab.dist.kind).to.equal("normal");
    expect(parseAssumption({ kind: "uniform", value: "0", bidders: "5" })).to.deep.equal({ ok: false, error: "Enter the highest value a bidder might have (greater than zero)." });
    expect(parseAssumption({ kind: "uniform", value: "1", bidders: "2.5" }).ok).to.equal(false);
    expect(parseAssumption({ kind: "lab", value: "", bidders: "5" }).ok).to.equal(false);
    if (!uniform01.ok) throw new Error("unreachable");
    expect(describeAssumption(uniform01, "ETH")).to.equal("bidders' values uniform from 0 to 1 ETH and 5 bidders");
  });

  it("starts Create at second price, public reserve r* and bond f* (uniform 0–1 ETH, 5 bidders: 0.5 and 0.5)", () => {
    expect(createStart({})).to.deep.equal({
      assumption: { kind: "uniform", value: "1", bidders: "5" }, format: "second-price", reserve: "public", floorText: "0.5", bondText: "0.5",
    });
  });

  it("keeps the lab's settings and carries its value assumption", () => {
    const s = createStart({ format: "second-price", floorReserve: "2", bond: "2", dist: "uniform:0:4", bidders: "5" });
    expect(s).to.deep.equal({ assumption: { kind: "uniform", value: "4", bidders: "5" }, format: "second-price", reserve: "public", floorText: "2", bondText: "2" });
    expect(assumptionFromLab("exponential:2", "3")).to.deep.equal({ kind: "lab", value: "", bidders: "3", spec: "exponential:2" });
    expect(createStart({ format: "first-price" }).format).to.equal("first-price");
  });

  it("is shill-proof at the credible defaults", () => {
    const c = check({})!;
    expect(c.tone).to.equal("ok");
    expect(c.text).to.match(/^Shill-proof under this assumption: with a public reserve of 0\.5 ETH and a bond of 0\.5 ETH \(the shill-proof bond is 0\.5 ETH\)/);
  });

  it("warns with the number when the bond is below f*", () => {
    const c = check({ bond: eth("0.1") })!;
    expect(c.tone).to.equal("warn");
    expect(c.gain).to.be.within(0.03, 0.04);
    expect(c.shillProofBond).to.be.near(0.5, 1e-6);
    expect(c.text).to.equal(
      "Not shill-proof: with a bond of 0.1 ETH and a public reserve of 0.5 ETH, a seller's shill bids could expect to gain 0.035 ETH per auction; the shill-proof bond is 0.5 ETH.",
    );
  });

  it("counts no sealed reserve, and says so; without a public reserve no bond helps", () => {
    const c = check({ reserve: "sealed", floor: 0n, bond: eth("0.1") })!;
    expect(c.tone).to.equal("warn");
    expect(c.text).to.match(/^Not shill-proof: without a public reserve and a bond of 0\.1 ETH, a seller's shill bids could expect to gain 0\.0\d+ ETH per auction, and no bond prevents it/);
    expect(c.text).to.match(/A public reserve of 0\.5 ETH with a bond of 0\.5 ETH is shill-proof\. A sealed reserve does not count: only a public reserve does\.$/);
    // Sealed over the credible public floor: the floor carries the verdict.
    expect(check({ reserve: "sealed" })!.tone).to.equal("ok");
    expect(check({ reserve: "none", floor: null })!.tone).to.equal("warn");
  });

  it("a public reserve too far below r* is not shill-proof at any bond", () => {
    const c = check({ floor: eth("0.2"), bond: eth("1") })!;
    expect(c.shillProofBond).to.equal(Infinity);
    expect(c.text).to.match(/with a public reserve of 0\.2 ETH and a bond of 1 ETH, .* and no bond prevents it at this reserve/);
  });

  it("first price cannot be shill-raised, whatever the bond", () => {
    const c = check({ format: "first-price", reserve: "none", floor: 0n, bond: eth("0.001") })!;
    expect(c).to.deep.equal({ tone: "ok", text: "First price cannot be shill-raised: the winner pays its own bid, so no shill bid can raise the price, whatever the bond." });
  });

  it("says nothing until the assumption and the bond can be read", () => {
    expect(check({ bond: null })).to.equal(null);
    expect(check({ assumption: parseAssumption({ kind: "uniform", value: "x", bidders: "5" }) })).to.equal(null);
  });

  it("formats amounts with two significant digits and no exponent", () => {
    expect(amount(0.034688, "ETH")).to.equal("0.035 ETH");
    expect(amount(1234.5, "DUSD")).to.equal("1,200 DUSD");
    expect(amount(0.5, "ETH")).to.equal("0.5 ETH");
    expect(amount(7.9e-6, "ETH")).to.equal("0.0000079 ETH");
    expect(amount(Infinity, "ETH")).to.equal("∞ ETH");
  });

  it("warns of a censorable reveal window on a public chain only, counting from the end of a sealed reserve's window", () => {
    expect(bidOpeningSeconds(3600, 600)).to.equal(3000);
    expect(bidOpeningSeconds(3600, null)).to.equal(3600);
    expect(censorshipWarning(bidOpeningSeconds(3600, 600), "public")).to.match(/^A 50-minute reveal window \(about 250 blocks\) can be censored/);
    expect(censorshipWarning(3000, "local")).to.equal(null);
    expect(censorshipWarning(3600, "public")).to.equal(null);
    expect(censorshipWarning(NaN, "public")).to.equal(null);
  });

  describe("auctionCredibility: from the on-chain terms", () => {
    const fmt = (x: bigint) => `${Number(x) / 1e18} ETH`;
    const terms = { format: 0, floorReserve: eth("0.5"), bond: eth("0.5"), sealedReserveCommitment: ZERO_BYTES32, commitEnd: 1000, reserveEnd: 0, revealEnd: 1000 + 86_400 };

    it("second price with bond ≥ public reserve: shill-proof for MHR values", () => {
      const c = auctionCredibility(terms, "public", fmt);
      expect(c.shill.verdict).to.equal("shill-proof");
      expect(c.shill.headline).to.equal("Shill-proof (for MHR values)");
      expect(c.shill.detail).to.match(/public reserve of 0\.5 ETH and a bond of 0\.5 ETH/);
      expect(c.censorship).to.equal(null);
    });

    it("second price with a small bond or only a sealed reserve: not shill-proof, with the amounts", () => {
      expect(auctionCredibility({ ...terms, bond: eth("0.1") }, "public", fmt).shill.detail).to.match(/bond of 0\.1 ETH, below the public reserve of 0\.5 ETH/);
      const sealed = auctionCredibility({ ...terms, floorReserve: 0n, sealedReserveCommitment: `0x${"11".repeat(32)}` }, "public", fmt).shill;
      expect(sealed.verdict).to.equal("not shill-proof");
      expect(sealed.detail).to.match(/without a public reserve[\s\S]*The sealed reserve is no part of this: only a public reserve is\./);
    });

    it("first price: shill bids cannot raise the price", () => {
      expect(auctionCredibility({ ...terms, format: 1, floorReserve: 0n, bond: 1n }, "public", fmt).shill.headline).to.equal("Shill bids cannot raise the price you pay");
    });

    it("flags a short window for opening bids on a public chain (after a sealed reserve's window), never on the local chain", () => {
      const short = { ...terms, reserveEnd: 1600, revealEnd: 1000 + 3600 };
      expect(auctionCredibility(short, "public", fmt).censorship).to.match(/^A 50-minute reveal window/);
      expect(auctionCredibility(short, "local", fmt).censorship).to.equal(null);
    });
  });
});
