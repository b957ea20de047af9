import { expect } from "chai";
import { computeOutcome, randomSalt } from "../../lib/auction.js";

describe("lib/auction computeOutcome", () => {
  it("second price: highest wins and pays the runner-up", () => {
    const a = "0x00000000000000000000000000000000000000a1" as const;
    const b = "0x00000000000000000000000000000000000000b2" as const;
    const o = computeOutcome({
      format: "second-price", bond: 1n, floorReserve: 0n, sealedReserve: { committed: false },
      commitments: [{ bidder: a, order: 1, deposit: 10n }, { bidder: b, order: 2, deposit: 10n }],
      openings: [{ bidder: a, amount: 5n }, { bidder: b, amount: 7n }],
    });
    expect(o.winner).to.equal(b);
    expect(o.price).to.equal(5n);
    expect(randomSalt()).to.match(/^0x[0-9a-f]{64}$/);
  });
});
