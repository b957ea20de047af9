import { expect } from "chai";
import type { Address, Hex } from "viem";
import { makeReceipt, serializeReceipt } from "../../../lib/receipt.js";
import { checkReceiptText, type ReceiptContext } from "../../../app/src/core/receipt-check.js";

const house = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;
const alice = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
const bob = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as Address;
const r = makeReceipt({ role: "bid", chainId: 31337, auctionHouse: house, auctionId: 2n, account: alice, amount: 5n, salt: `0x${"07".repeat(32)}`, deposit: 9n });
const text = serializeReceipt(r);
const ctx = (o: Partial<ReceiptContext> = {}): ReceiptContext => ({
  chainId: 31337, auctionHouse: house, auctionId: 2n,
  onChainCommitment: (account) => (account.toLowerCase() === alice.toLowerCase() ? r.commitment : null),
  ...o,
});

describe("app/core receipt-check: imported receipts are checked against the chain", () => {
  it("accepts a receipt whose commitment is the one on chain", () => {
    const c = checkReceiptText(text, ctx());
    expect(c.ok).to.equal(true);
  });

  it("rejects a receipt for another auction", () => {
    const c = checkReceiptText(text, ctx({ auctionId: 3n }));
    expect(c.ok).to.equal(false);
    expect(!c.ok && c.problems).to.deep.equal(["The receipt is for auction 2, not auction 3."]);
  });

  it("rejects a receipt for another bidder when the page expects its own", () => {
    const c = checkReceiptText(text, ctx({ account: bob }));
    expect(!c.ok && c.problems[0]).to.equal(`The receipt belongs to ${alice}, not ${bob}.`);
  });

  it("rejects a receipt whose amount and salt do not match the chain, or whose account never committed", () => {
    const other = ctx({ onChainCommitment: () => `0x${"aa".repeat(32)}` as Hex });
    expect(!checkReceiptText(text, other).ok && (checkReceiptText(text, other) as { problems: string[] }).problems[0]).to.match(/do not match the commitment recorded on chain/);
    const none = checkReceiptText(text, ctx({ onChainCommitment: () => null }));
    expect(!none.ok && none.problems[0]).to.match(/has no commitment in auction 2/);
  });

  it("rejects an altered receipt, a wrong role and non-receipts with plain sentences", () => {
    const altered = text.replace('"amount": "5"', '"amount": "6"');
    expect((checkReceiptText(altered, ctx()) as { problems: string[] }).problems[0]).to.match(/was altered\.$/);
    expect((checkReceiptText(text, ctx({ role: "reserve" })) as { problems: string[] }).problems[0]).to.equal("This is a bid receipt, not a sealed-reserve receipt.");
    expect((checkReceiptText("{", ctx()) as { problems: string[] }).problems).to.deep.equal(["The receipt is not valid JSON."]);
    expect((checkReceiptText("{\"a\":1}", ctx()) as { problems: string[] }).problems).to.deep.equal(["This file is not an auction bid receipt."]);
  });
});
