import { expect } from "chai";
import { parseEther } from "viem";
import { checkCommit, roundUpToGrid, suggestDeposit } from "../../../app/src/core/deposit.js";

const base = { bond: parseEther("0.1"), floorReserve: 0n, decimals: 18, symbol: "ETH" };

describe("app/core deposit: padding and commit-form checks", () => {
  it("rounds up to a coarse grid", () => {
    expect(roundUpToGrid(parseEther("1.23"))).to.equal(parseEther("1.5"));
    expect(roundUpToGrid(parseEther("1.5"))).to.equal(parseEther("1.5"));
    expect(roundUpToGrid(parseEther("8.1"))).to.equal(parseEther("10"));
    expect(roundUpToGrid(parseEther("0.031"))).to.equal(parseEther("0.04"));
    expect(roundUpToGrid(7n)).to.equal(7n);
  });

  it("suggests a padded deposit that covers the bid and the bond", () => {
    expect(suggestDeposit(parseEther("1.23"), base.bond)).to.equal(parseEther("2"));
    expect(suggestDeposit(parseEther("1.23"), base.bond, 0)).to.equal(parseEther("1.5"));
    expect(suggestDeposit(parseEther("0.01"), base.bond)).to.equal(base.bond);
    for (const bid of [1n, 999n, parseEther("3.3333")]) expect(suggestDeposit(bid, 1n) >= bid).to.equal(true);
  });

  it("blocks a deposit below the bid, with the fix in the message", () => {
    const c = checkCommit({ ...base, bid: parseEther("1"), deposit: parseEther("0.5") });
    expect(c.errors).to.have.length(1);
    expect(c.errors[0]).to.match(/deposit \(0\.5 ETH\) is below your bid \(1 ETH\).*deposit at least 1 ETH/);
  });

  it("blocks a deposit below the bond", () => {
    const c = checkCommit({ ...base, bid: parseEther("0.01"), deposit: parseEther("0.05") });
    expect(c.errors.join(" ")).to.match(/below this auction's bond of 0\.1 ETH/);
  });

  it("blocks missing input and an unaffordable deposit", () => {
    expect(checkCommit({ ...base, bid: null, deposit: null }).errors).to.have.length(2);
    expect(checkCommit({ ...base, bid: parseEther("1"), deposit: parseEther("2"), balance: parseEther("1") }).errors[0]).to.match(/balance/);
  });

  it("warns (without blocking) about a bid below the floor or an unpadded deposit", () => {
    const c = checkCommit({ ...base, floorReserve: parseEther("2"), bid: parseEther("1"), deposit: parseEther("1") });
    expect(c.errors).to.deep.equal([]);
    expect(c.warnings.join(" ")).to.match(/below the public reserve/).and.match(/everyone will know your bid/);
  });
});

describe("app/core deposit: a hidden deposit (rule 16)", () => {
  it("posts only the bond: no error for a bid above it, but a warning with what the vault still needs", () => {
    const c = checkCommit({ ...base, bid: parseEther("1"), deposit: base.bond, hidden: true });
    expect(c.errors).to.deep.equal([]);
    expect(c.warnings).to.have.length(1);
    expect(c.warnings[0]).to.match(/send at least 0\.9 ETH to your bid's vault before it is opened/);
  });

  it("still blocks a bond below the auction's and a zero bid", () => {
    const c = checkCommit({ ...base, bid: 0n, deposit: parseEther("0.05"), hidden: true });
    expect(c.errors.join(" ")).to.match(/greater than zero/).and.to.match(/below this auction's bond/);
  });

  it("does not warn that the deposit reveals the bid when the bond equals it", () => {
    const c = checkCommit({ ...base, bid: base.bond, deposit: base.bond, hidden: true });
    expect(c.errors).to.deep.equal([]);
    expect(c.warnings).to.deep.equal([]);
  });
});
