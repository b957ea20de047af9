/** lib/errors.ts: a sentence for every AuctionHouse error, decoded from revert data wherever it hides. */
import { expect } from "chai";
import { BaseError, encodeErrorResult } from "viem";
import { auctionHouseAbi } from "../../../lib/abi.js";
import { AUCTION_ERROR_SENTENCES, decodeRevertData, describeError, sentenceFor, tokenErrorsAbi } from "../../../lib/errors.js";

describe("lib/errors", () => {
  it("has one sentence for every custom error in the ABI, and every sentence is one line", () => {
    const names = auctionHouseAbi.filter((i) => i.type === "error").map((i) => i.name).sort();
    expect(Object.keys(AUCTION_ERROR_SENTENCES).sort()).to.deep.equal(names);
    for (const item of [...auctionHouseAbi.filter((i) => i.type === "error"), ...tokenErrorsAbi]) {
      const args = item.inputs.map((i) => (i.type === "address" ? "0x00000000000000000000000000000000000000a1" : i.type === "bool" ? true : 1n));
      const s = sentenceFor(item.name, args)!;
      expect(s, item.name).to.be.a("string").and.not.contain("\n");
      expect(s, item.name).to.match(/[.:]$|\)$/);
    }
  });

  it("decodes revert data from a node error's data field, nested causes included", () => {
    const data = encodeErrorResult({ abi: auctionHouseAbi, errorName: "UnexpectedPhase", args: [7n, 3] });
    expect(decodeRevertData(data)).to.deep.equal({ errorName: "UnexpectedPhase", args: [7n, 3] });
    const nested = new BaseError("outer", { cause: Object.assign(new Error("inner"), { data }) });
    expect(describeError(nested)).to.equal("Auction 7 is in its reveal window, so this action is not possible now.");
    expect(describeError({ error: { data: { data } } })).to.equal("Auction 7 is in its reveal window, so this action is not possible now.");
    const allowance = encodeErrorResult({ abi: tokenErrorsAbi, errorName: "ERC20InsufficientAllowance", args: ["0x00000000000000000000000000000000000000a1", 0n, 5n] });
    expect(describeError({ data: allowance })).to.match(/approve it first/);
  });

  it("formats amounts when told how, and falls back to the node's own words", () => {
    const data = encodeErrorResult({ abi: auctionHouseAbi, errorName: "DepositBelowBond", args: [1n, 2n] });
    expect(describeError({ data }, { formatAmount: (a) => `${a} PAY` })).to.equal("The deposit 1 PAY is below the auction's bond of 2 PAY.");
    const generic = new BaseError("Missing or invalid parameters.", { cause: new Error("Sender doesn't have enough funds to send tx.") });
    expect(describeError(generic)).to.equal("The account does not have enough ETH for this transaction and its gas.");
    expect(describeError(new BaseError("Missing or invalid parameters.", { cause: new Error("gas limit too high") }))).to.equal("gas limit too high");
    expect(describeError(new Error("fetch failed"))).to.match(/^The RPC endpoint could not be reached/);
  });
});
