/**
 * Bad input gets one clear line, a failed result (exit code 1 on the command line) and no transaction:
 * the block number does not move (the in-process chain mines one block per transaction).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { expect } from "chai";
import { keccak256, toHex, type Address } from "viem";
import { makeReceipt, parseReceipt, serializeReceipt, type BidReceipt } from "../../../lib/receipt.js";
import { cliFixture, run, type CliFixture } from "./helpers.js";

describe("CLI bad input: one line, exit code 1, nothing sent", function () {
  this.timeout(60_000);
  let f: CliFixture;
  let R: string; // in its reveal window; alice and bob committed
  let C: string; // in its commit window; alice committed
  let aliceR: BidReceipt;
  let aliceRPath: string;
  let aliceCPath: string;

  before(async () => {
    f = await cliFixture();
    const c = f.common;
    R = String((await run("auction:create", { ...c, lotToken: f.nft.address, tokenId: "1", bond: "0.1" })).value.auctionId);
    aliceRPath = f.path("alice-R.json");
    expect((await run("auction:commit", { ...c, from: "1", auction: R, amount: "1", deposit: "2", receipt: aliceRPath })).success).to.equal(true);
    expect((await run("auction:commit", { ...c, from: "2", auction: R, amount: "1", receipt: f.path("bob-R.json") })).success).to.equal(true);
    aliceR = parseReceipt(readFileSync(aliceRPath, "utf8"));
    await f.increase(3600);
    C = String((await run("auction:create", { ...c, lotToken: f.nft.address, tokenId: "2", bond: "0.1", commitWindow: "1d", revealWindow: "1d" })).value.auctionId);
    aliceCPath = f.path("alice-C.json");
    expect((await run("auction:commit", { ...c, from: "1", auction: C, amount: "1", receipt: aliceCPath })).success).to.equal(true);
  });
  after(() => f.close());

  /** Runs a task expecting failure with `pattern`, one line on stderr, and no new block. */
  async function rejects(task: string, args: Record<string, unknown>, pattern: RegExp) {
    const before = await f.blockNumber();
    const r = await run(task, { ...f.common, ...args });
    expect(r.success, `${task} should fail (${pattern}): ${r.out}`).to.equal(false);
    expect(r.error!.message).to.match(pattern);
    expect(r.error!.message).to.not.contain("\n");
    expect(r.err.split("\n"), r.err).to.have.length(1);
    expect(r.err).to.equal(`Error: ${r.error!.message}`);
    expect(await f.blockNumber(), "no transaction may be sent").to.equal(before);
    return r;
  }
  function receiptFile(name: string, r: BidReceipt | string): string {
    const path = f.path(name);
    writeFileSync(path, typeof r === "string" ? r : serializeReceipt(r));
    return path;
  }

  describe("unknown auction", () => {
    it("commit, settle, claim, status and audit name the missing auction", async () => {
      await rejects("auction:commit", { auction: "99", amount: "1" }, /^there is no auction 99 at 0x[0-9a-fA-F]{40} on chain 31337$/);
      await rejects("auction:settle", { auction: "99" }, /there is no auction 99/);
      await rejects("auction:claim", { auction: "99", what: "refund" }, /there is no auction 99/);
      await rejects("auction:status", { auction: "99" }, /there is no auction 99/);
      await rejects("auction:audit", { auction: "99" }, /auction 99 was not found in the logs/);
    });
    it("a receipt for an auction that does not exist", async () => {
      await rejects("auction:reveal", { receipt: receiptFile("no-auction.json", makeReceipt({ ...aliceR, auctionId: 42n })) }, /there is no auction 42/);
    });
    it("no AuctionHouse recorded for the chain, or no contract at --house", async () => {
      await rejects("auction:status", { auction: R, deployments: f.path("empty") }, /no AuctionHouse is recorded for chain 31337/);
      await rejects("auction:status", { auction: R, house: f.accounts[9] }, /there is no contract at/);
    });
  });

  describe("wrong phase", () => {
    it("commit after the commit window", async () => {
      await rejects("auction:commit", { from: "3", auction: R, amount: "1" }, new RegExp(`^auction ${R} is in its reveal window \\(the reveal window ends .*\\), so you cannot commit now$`));
    });
    it("reveal during the commit window", async () => {
      await rejects("auction:reveal", { receipt: aliceCPath }, /is in its commit window .* cannot open bids now/);
    });
    it("settle before the reveal window, claim the lot before settlement, withdraw an unopened deposit early", async () => {
      await rejects("auction:settle", { auction: C }, /is in its commit window.*cannot settle it now/);
      await rejects("auction:claim", { auction: R, what: "lot" }, /is in its reveal window.*cannot claim the lot now/);
      await rejects("auction:claim", { from: "1", auction: C, what: "unrevealed" }, /cannot withdraw an unopened deposit now/);
    });
    it("the contract's own refusal, decoded from the simulation: nothing owed yet", async () => {
      await rejects("auction:claim", { from: "1", auction: C, what: "refund" }, new RegExp(`^Nothing is owed to ${f.accounts[1]} in auction ${C}\\.$`));
      await rejects("auction:claim", { from: "0", auction: R, what: "proceeds" }, /^Nothing is owed to 0x[0-9a-fA-F]{40} in auction \d+\.$/);
    });
    it("opening a sealed reserve on an auction without one", async () => {
      const reserve = makeReceipt({ ...aliceR, role: "reserve", account: f.accounts[0], deposit: undefined, nonce: 0n });
      await rejects("auction:reveal-reserve", { receipt: receiptFile("reserve-R.json", reserve) }, new RegExp(`auction ${R} has no sealed reserve`));
    });
  });

  describe("receipts that do not fit", () => {
    it("a receipt for another chain", async () => {
      await rejects("auction:reveal", { receipt: receiptFile("chain.json", makeReceipt({ ...aliceR, chainId: 11155111 })) }, /^the receipt is for chain 11155111, not chain 31337$/);
    });
    it("a receipt for another auction contract", async () => {
      const other = "0x000000000000000000000000000000000000dEaD" as Address;
      await rejects("auction:reveal", { receipt: receiptFile("contract.json", makeReceipt({ ...aliceR, auctionHouse: other })) }, /the receipt is for auction contract 0x000000000000000000000000000000000000dEaD/);
    });
    it("a receipt for another auction", async () => {
      await rejects("auction:reveal", { receipt: aliceRPath, auction: C }, new RegExp(`^the receipt is for auction ${R}, not auction ${C}$`));
    });
    it("a receipt for another bidder", async () => {
      await rejects("auction:reveal", { receipt: aliceRPath, bidder: f.accounts[2] }, new RegExp(`the receipt belongs to ${f.accounts[1]}, not ${f.accounts[2]}`));
      const carol = makeReceipt({ ...aliceR, account: f.accounts[3] });
      await rejects("auction:reveal", { receipt: receiptFile("carol.json", carol) }, new RegExp(`${f.accounts[3]} has no commitment in auction ${R}`));
    });
    it("a wrong salt, or a wrong amount", async () => {
      const salt = keccak256(toHex("not the salt"));
      await rejects("auction:reveal", { receipt: receiptFile("salt.json", makeReceipt({ ...aliceR, salt })) }, /^the receipt's amount and salt do not match the commitment recorded on chain$/);
      await rejects("auction:reveal", { receipt: receiptFile("amount.json", makeReceipt({ ...aliceR, amount: aliceR.amount + 1n })) }, /do not match the commitment recorded on chain/);
    });
    it("an altered, malformed, missing or misused receipt file", async () => {
      const altered = JSON.parse(readFileSync(aliceRPath, "utf8"));
      altered.amount = "2000000000000000000";
      await rejects("auction:reveal", { receipt: receiptFile("altered.json", JSON.stringify(altered)) }, /commitment does not match its amount and salt: it was altered/);
      await rejects("auction:reveal", { receipt: receiptFile("junk.json", "not json") }, /not valid JSON/);
      await rejects("auction:reveal", { receipt: receiptFile("other.json", "{}") }, /not an auction bid receipt/);
      await rejects("auction:reveal", { receipt: f.path("missing.json") }, /receipt file .* does not exist/);
      await rejects("auction:reveal", {}, /--receipt is required/);
      const reserve = makeReceipt({ ...aliceR, role: "reserve", nonce: 0n });
      await rejects("auction:reveal", { receipt: receiptFile("role.json", reserve) }, /sealed-reserve receipt: open it with auction:reveal-reserve/);
      await rejects("auction:reveal-reserve", { receipt: aliceRPath }, /bid receipt: open it with auction:reveal/);
    });
  });

  describe("malformed addresses and amounts", () => {
    it("create: lot, token id, format, payment, windows, bond, floor, reserve", async () => {
      const nft = f.nft.address;
      await rejects("auction:create", { lotToken: "0x1234", tokenId: "3", bond: "1" }, /--lot-token "0x1234" is not an address/);
      const badChecksum = nft.slice(0, 2) + nft.slice(2).split("").map((ch, i) => (i === 0 && /[a-f]/i.test(ch) ? (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase()) : ch)).join("");
      if (badChecksum !== nft && badChecksum.toLowerCase() !== badChecksum) {
        await rejects("auction:create", { lotToken: badChecksum, tokenId: "3", bond: "1" }, /wrong checksum/);
      }
      await rejects("auction:create", { lotToken: nft, bond: "1" }, /exactly one of --token-id .* or --lot-amount/);
      await rejects("auction:create", { lotToken: nft, tokenId: "3", lotAmount: "5", bond: "1" }, /exactly one of/);
      await rejects("auction:create", { lotToken: nft, tokenId: "three", bond: "1" }, /--token-id "three" is not a token id/);
      await rejects("auction:create", { lotToken: nft, tokenId: "3", bond: "1", format: "dutch" }, /--format "dutch" is not a format/);
      await rejects("auction:create", { lotToken: nft, tokenId: "3", bond: "1", payment: "usd" }, /--payment "usd" is not an address/);
      await rejects("auction:create", { lotToken: nft, tokenId: "3", bond: "1", commitWindow: "soon" }, /--commit-window "soon" is not a duration/);
      await rejects("auction:create", { lotToken: nft, tokenId: "3", bond: "1", revealWindow: "0" }, /--reveal-window must be longer than zero/);
      await rejects("auction:create", { lotToken: nft, tokenId: "3" }, /--bond is required/);
      await rejects("auction:create", { lotToken: nft, tokenId: "3", bond: "one" }, /--bond "one" is not an amount/);
      await rejects("auction:create", { lotToken: nft, tokenId: "3", bond: "0" }, /--bond must be greater than zero/);
      await rejects("auction:create", { lotToken: nft, tokenId: "3", bond: "1", floor: "-1" }, /--floor "-1" is not an amount/);
      await rejects("auction:create", { lotToken: nft, tokenId: "3", bond: "1", sealedReserve: "0.0000000000000000001" }, /more than 18 decimals/);
      await rejects("auction:create", { lotToken: nft, tokenId: "3", bond: "1", floor: "9999999999999999" }, /--floor 9999999999999999 is too large: the contract accepts at most 5192296858534827.628530496329220095 ETH/);
    });
    it("create: a lot the seller does not hold, a token that does not exist, an address that is not a contract", async () => {
      await rejects("auction:create", { lotToken: f.nft.address, tokenId: "1", bond: "1" }, /Token #1 of LOT is already escrowed in an auction of this contract/);
      await rejects("auction:create", { lotToken: f.nft.address, tokenId: "999", bond: "1" }, /Token #999 of .* has no owner: it does not exist/);
      await rejects("auction:create", { lotToken: f.accounts[5], tokenId: "1", bond: "1" }, /0x[0-9a-fA-F]{40} has no code on this chain: it is not a token contract/);
    });
    it("commit: amounts, deposit, auction id, sender", async () => {
      await rejects("auction:commit", { auction: C, amount: "1.2.3" }, /--amount "1.2.3" is not an amount/);
      await rejects("auction:commit", { auction: C, amount: "-1" }, /--amount "-1" is not an amount/);
      await rejects("auction:commit", { auction: C, amount: "abc" }, /is not an amount: write it like 1.5 \(ETH\) or 1500wei/);
      await rejects("auction:commit", { auction: C }, /--amount is required/);
      await rejects("auction:commit", { from: "4", auction: C, amount: "2", deposit: "1" }, /your bid of 2 ETH is above your deposit of 1 ETH/);
      await rejects("auction:commit", { from: "4", auction: C, amount: "0.01", deposit: "0.05" }, /--deposit 0.05 ETH is below auction \d+'s bond of 0.1 ETH/);
      await rejects("auction:commit", { auction: "x", amount: "1" }, /--auction "x" is not an auction id/);
      await rejects("auction:commit", { auction: "0", amount: "1" }, /ids start at 1/);
      await rejects("auction:commit", { auction: "", amount: "1" }, /--auction is required/);
      await rejects("auction:commit", { from: "99", auction: C, amount: "1" }, /--from 99: network .* has only 20 account/);
      await rejects("auction:commit", { from: "0xnope", auction: C, amount: "1" }, /--from "0xnope" is not an address/);
      await rejects("auction:commit", { from: "0x000000000000000000000000000000000000bEEF", auction: C, amount: "1" }, /is not one of network .*'s accounts/);
      await rejects("auction:commit", { from: "1", auction: C, amount: "0.5", deposit: "0.5" }, /deposits only go up: 0x[0-9a-fA-F]{40} already has 1 ETH deposited/);
    });
    it("claim and audit options", async () => {
      await rejects("auction:claim", { auction: R, what: "everything" }, /--what "everything" is not a claim/);
      await rejects("auction:claim", { auction: R, what: "refund", to: "nobody" }, /--to "nobody" is not an address/);
      await rejects("auction:audit", { auction: R, fromBlock: "yesterday" }, /--from-block "yesterday" is not a block number/);
      await rejects("auction:audit", { auction: R, pageSize: "0" }, /--page-size must be at least 1 block/);
    });
  });

  describe("not enough funds", () => {
    it("a deposit the account cannot pay: one line, nothing sent, no receipt left behind", async () => {
      await f.networkHelpers.setBalance(f.accounts[7], 10n ** 15n);
      await rejects("auction:commit", { from: "7", auction: C, amount: "1", receipt: f.path("poor.json") }, /^The account does not have enough ETH for this transaction and its gas\.$/);
      expect(existsSync(f.path("poor.json"))).to.equal(false);
    });
  });

  describe("state that changes (runs last)", () => {
    it("opening a bid twice", async () => {
      const ok = await run("auction:reveal", { ...f.common, receipt: aliceRPath });
      expect(ok.success, ok.err).to.equal(true);
      await rejects("auction:reveal", { receipt: aliceRPath }, /bid in auction \d+ is already open/);
    });
  });
});
