/**
 * The testnet path end to end against a stand-in Sepolia node (chain id 11155111), through the `sepolia`
 * network entry with its RPC URL and key from configuration variables, one `hardhat auction:*` process per
 * step (scripts/testnet-standin.ts).
 */
import { expect } from "chai";
import { QUICKNET } from "../../../lib/timelock.js";
import { runStandIn } from "../../../scripts/testnet-standin.js";

describe("testnet path on a stand-in Sepolia node (--network sepolia)", function () {
  this.timeout(120_000);

  it("deploys, creates, commits from two keys, reveals (one on the other's behalf), settles (delivering) and audits; bad input exits 1 and sends nothing", async () => {
    const r = await runStandIn({ full: false });
    expect(r.chainId).to.equal(11155111);
    expect(r.steps.filter((s) => s.step !== r.badInput.step).map((s) => s.code)).to.satisfy((codes: number[]) => codes.every((c) => c === 0));
    expect(r.steps.map((s) => s.step)).to.include.members(["deploy", "create", "commit (bidder 1)", "reveal (bidder 1)", "settle", "audit"]);
    const deploy = r.steps.find((s) => s.step === "deploy")!;
    expect(deploy.stdout).to.contain("(chain 11155111)");
    // A public network's self-opening bids are sealed to drand's quicknet (recorded in the deployment).
    expect(deploy.stdout).to.contain(`sealed to the drand beacon ${QUICKNET.url}/${QUICKNET.chainHash}`);
    const audit = r.steps.find((s) => s.step === "audit")!;
    expect(audit.stdout).to.contain("OK: the settlement and the contract's state agree");
    expect(r.audit).to.deep.include({ ok: true, status: "settled", price: "800000000000000000" });
    // created, 2 commits, 2 reveals, settled, and settlement's deliveries: the lot, the winner's change, the proceeds.
    expect(r.audit.logs).to.equal(9);
    const settle = r.steps.find((s) => s.step === "settle")!;
    expect(settle.stdout).to.match(/Delivered in this transaction: the lot to the winner 0x[0-9a-fA-F]{40}; change of 0\.4 ETH paid to the winner 0x[0-9a-fA-F]{40}; proceeds of 0\.8 ETH paid to the seller 0x[0-9a-fA-F]{40}\./);
    // One line, non-zero exit, nothing sent.
    expect(r.badInput.code).to.equal(1);
    expect(r.badInput.stderr.trim().split("\n")).to.deep.equal([`Error: there is no auction 999 at ${r.auctionHouse} on chain 11155111`]);
    expect(r.blocksAfterBadInput).to.equal(r.blocksBeforeBadInput);
    // No salt on screen.
    const commit = r.steps.find((s) => s.step === "commit (bidder 1)")!;
    expect(commit.stdout).to.not.match(/salt 0x/);
  });
});
