import { expect } from "chai";
import { auctionShillProofness } from "../../../lib/credible.js";
import { exponential, shillProof, uniform } from "../../../lib/lab/index.js";

describe("lib/credible auctionShillProofness: the verdict bidders see from on-chain terms", () => {
  const base = { sealedReserve: false } as const;

  it("first price cannot be shill-raised, whatever the bond", () => {
    const v = auctionShillProofness({ ...base, format: "first-price", floorReserve: 0n, bond: 1n });
    expect(v.verdict).to.equal("shill-proof");
    expect(v.headline).to.equal("Shill bids cannot raise the price you pay");
  });

  it("second price without a public reserve is never shill-proof", () => {
    const v = auctionShillProofness({ ...base, format: "second-price", floorReserve: 0n, bond: 10n ** 30n });
    expect(v.verdict).to.equal("not shill-proof");
    expect(v.detail).to.match(/no bond prevents it/);
  });

  it("second price is shill-proof for MHR values exactly when bond ≥ reserve, and says so with amounts", () => {
    const fmt = (x: bigint) => `${x} wei`;
    expect(auctionShillProofness({ ...base, format: "second-price", floorReserve: 5n, bond: 5n }, fmt).verdict).to.equal("shill-proof");
    const below = auctionShillProofness({ ...base, format: "second-price", floorReserve: 5n, bond: 4n }, fmt);
    expect(below.verdict).to.equal("not shill-proof");
    expect(below.detail).to.contain("4 wei").and.contain("5 wei");
    const sealed = auctionShillProofness({ format: "second-price", floorReserve: 5n, bond: 9n, sealedReserve: true }, fmt);
    expect(sealed.detail).to.match(/sealed reserve is no part/);
  });

  it("agrees with the lab's model for MHR distributions at bonds r/2 and r", () => {
    for (const [dist, n] of [[uniform(0, 1), 5], [exponential(1), 3]] as const) {
      const r = shillProof({ dist, bidders: n, format: "second-price", bond: 0 }).reserve;
      for (const bond of [r / 2, r]) {
        const lab = shillProof({ dist, bidders: n, format: "second-price", bond, reserve: r }).verdict;
        const scale = 1e6;
        const onChain = auctionShillProofness({
          ...base, format: "second-price", floorReserve: BigInt(Math.round(r * scale)), bond: BigInt(Math.round(bond * scale)),
        }).verdict;
        expect(onChain, `${dist.label} n=${n} bond=${bond}`).to.equal(lab);
      }
    }
  });
});
