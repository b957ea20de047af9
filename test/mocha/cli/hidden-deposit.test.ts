/**
 * Hidden deposits from the CLI (rule 16): `auction:commit --hide-deposit` posts the bond only and prints the
 * bid's vault, computed locally (no vaultOf call reaches the node); `auction:vault` shows what it holds;
 * `auction:reveal` sweeps it; `auction:recover-vault` takes back, after the auction, what arrived late.
 */
import { expect } from "chai";
import { parseEther, toFunctionSelector, type Address } from "viem";
import { auctionHouseAbi } from "../../../lib/abi.js";
import { auditAuction } from "../../../lib/audit.js";
import { readReceiptFile } from "../../../tasks/common.js";
import { vaultAddress } from "../../../lib/vault.js";
import { cliFixture, run, type CliFixture } from "./helpers.js";

const VAULT_OF = toFunctionSelector("vaultOf(uint256,address,bytes32)");

describe("CLI: hidden deposits (commit --hide-deposit, vault, reveal, recover-vault)", function () {
  this.timeout(120_000);
  let f: CliFixture;
  before(async () => {
    f = await cliFixture();
  });
  after(() => f.close());

  it("commits the bond only, prints the locally computed vault; the opening sweeps it; a late transfer is recovered after the auction; the audit is clean", async () => {
    const c = f.common;
    const created = await run("auction:create", { ...c, lotToken: f.nft.address, tokenId: "1", bond: "0.1", commitWindow: "1h", revealWindow: "1h" });
    expect(created.success, created.err).to.equal(true);
    const a = String(created.value.auctionId);
    const [, alice, bob] = f.accounts;

    // Every call the tasks send to the node is seen here: none asks the contract for a vault.
    const provider = f.conn.provider as unknown as { request: (x: { method: string; params?: unknown[] }) => Promise<unknown> };
    const original = provider.request.bind(provider);
    const calls: string[] = [];
    provider.request = (x) => {
      if (x.method === "eth_call" || x.method === "eth_estimateGas") calls.push(String((x.params?.[0] as { data?: string; input?: string })?.data ?? (x.params?.[0] as { input?: string })?.input ?? ""));
      return original(x);
    };
    let ca;
    try {
      ca = await run("auction:commit", { ...c, from: "1", auction: a, amount: "2", hideDeposit: true, receipt: f.path("alice.json") });
    } finally {
      provider.request = original;
    }
    expect(ca.success, ca.err).to.equal(true);
    expect(calls.length).to.be.greaterThan(0);
    expect(calls.filter((d) => d.startsWith(VAULT_OF))).to.deep.equal([]);
    const receipt = readReceiptFile(f.path("alice.json"));
    expect(receipt.hidden).to.equal(true);
    expect(receipt.deposit).to.equal(parseEther("0.1"));
    const vault = vaultAddress({ chainId: 31337, auctionHouse: f.house, auctionId: BigInt(a) }, alice, receipt.salt);
    expect(ca.value.vault).to.equal(vault);
    expect(await f.publicClient.readContract({ address: f.house, abi: auctionHouseAbi, functionName: "vaultOf", args: [BigInt(a), alice, receipt.salt] })).to.equal(vault);
    expect(ca.out).to.contain(`Vault: ${vault}`);
    expect(ca.out).to.contain("Fund it with at least 1.9 ETH by a plain transfer");
    expect(ca.out).to.contain(`from another account than ${alice}`);
    expect(ca.out).to.contain("some time later");
    expect(ca.out).to.match(/before the bid is opened \(from /);
    const [sealedStatus] = await f.publicClient.readContract({ address: f.house, abi: auctionHouseAbi, functionName: "positionOf", args: [BigInt(a), alice] });
    expect(sealedStatus).to.equal(1);
    // A deposit with a hidden commitment is refused before anything is sent.
    const both = await run("auction:commit", { ...c, from: "2", auction: a, amount: "1", deposit: "1", hideDeposit: true, receipt: f.path("bad.json") });
    expect(both.success).to.equal(false);
    expect(both.error!.message).to.match(/--deposit does not go with a hidden deposit/);
    expect((await run("auction:commit", { ...c, from: "2", auction: a, amount: "1.5", receipt: f.path("bob.json") })).success).to.equal(true);
    // Carol's hidden bid is never opened: its bond is burned, its vault recovered after the auction.
    const cc = await run("auction:commit", { ...c, from: "3", auction: a, amount: "1", hideDeposit: true, receipt: f.path("carol.json") });
    expect(cc.success, cc.err).to.equal(true);
    await f.wallets[7].sendTransaction({ to: cc.value.vault, value: parseEther("1") });

    // Funded from another account; the vault shows it.
    await f.wallets[6].sendTransaction({ to: vault, value: parseEther("1.9") });
    const v1 = await run("auction:vault", { ...c, auction: a, receipt: f.path("alice.json") });
    expect(v1.success, v1.err).to.equal(true);
    expect(v1.value.balance).to.equal(parseEther("1.9"));
    expect(v1.out).to.contain(`Vault of ${alice}'s bid in auction ${a}: ${vault}`);
    expect(v1.out).to.match(/bond 0\.1 ETH \+ vault 1\.9 ETH = 2 ETH against the bid of 2 ETH: covered/);

    // Too early to recover.
    const early = await run("auction:recover-vault", { ...c, from: "1", receipt: f.path("alice.json") });
    expect(early.success).to.equal(false);

    await f.increase(3601);
    const r = await run("auction:reveal", { ...c, from: "3", receipt: f.path("alice.json") });
    expect(r.success, r.err).to.equal(true);
    expect(r.out).to.contain(`Hidden deposit: vault ${vault} holds 1.9 ETH`);
    expect(r.out).to.match(/Swept vault 0x[0-9a-fA-F]{40}: 1\.9 ETH counted, so the bid's deposit is 2 ETH/);
    expect(r.value).to.include({ valid: true, swept: parseEther("1.9") });
    expect((await run("auction:reveal", { ...c, from: "2", receipt: f.path("bob.json") })).success).to.equal(true);
    const status = await run("auction:status", { ...c, auction: a });
    expect(status.out).to.match(/0\.1 ETH \+ 1\.9 ETH/);

    // Late: after the opening. Recovered after the auction, only by the bidder.
    await f.wallets[6].sendTransaction({ to: vault, value: parseEther("0.25") });
    await f.increase(3601);
    expect((await run("auction:settle", { ...c, from: "5", auction: a })).success).to.equal(true);
    const wrong = await run("auction:recover-vault", { ...c, from: "2", receipt: f.path("alice.json") });
    expect(wrong.success).to.equal(false);
    expect(wrong.error!.message).to.contain(`only the bidder ${alice} can recover its vault`);
    const before = await f.publicClient.getBalance({ address: bob });
    const rec = await run("auction:recover-vault", { ...c, from: "1", receipt: f.path("alice.json"), recipient: bob });
    expect(rec.success, rec.err).to.equal(true);
    expect(rec.value.amount).to.equal(parseEther("0.25"));
    expect(rec.out).to.contain(`Recovered vault ${vault}`);
    expect((await f.publicClient.getBalance({ address: bob })) - before).to.equal(parseEther("0.25"));
    const unrevealed = await run("auction:claim", { ...c, from: "3", auction: a, what: "unrevealed" });
    expect(unrevealed.success, unrevealed.err).to.equal(true);
    expect(unrevealed.out).to.contain("comes back with auction:recover-vault");
    const recCarol = await run("auction:recover-vault", { ...c, from: "3", receipt: f.path("carol.json") });
    expect(recCarol.success, recCarol.err).to.equal(true);
    expect(recCarol.value.amount).to.equal(parseEther("1"));
    const v2 = await run("auction:vault", { ...c, receipt: f.path("alice.json") });
    expect(v2.out).to.match(/Opened: the sweep counted 1\.9 ETH \(deposit 2 ETH\); the bid was valid/);
    expect(v2.out).to.match(/Recovered so far: 0\.25 ETH/);

    const report = await auditAuction(f.publicClient as never, { auctionHouse: f.house, auctionId: BigInt(a), fromBlock: 0n });
    expect(report.differences).to.deep.equal([]);
    expect(report.expected!.winner).to.equal(alice as Address);
    expect(report.expected!.price).to.equal(parseEther("1.5"));
    expect(report.expected!.burned).to.equal(parseEther("0.1")); // carol's bond
  });

  it("ERC-20 payment: the bond is pulled in the token, the vault (the token's sweeper) is funded by a token transfer from another account and swept at the opening", async () => {
    const c = f.common;
    const created = await run("auction:create", { ...c, lotToken: f.nft.address, tokenId: "2", payment: f.payToken.address, bond: "1", commitWindow: "1h", revealWindow: "1h" });
    expect(created.success, created.err).to.equal(true);
    const a = String(created.value.auctionId);
    const alice = f.accounts[1];
    const ca = await run("auction:commit", { ...c, from: "1", auction: a, amount: "30", hideDeposit: true, receipt: f.path("erc20-alice.json") });
    expect(ca.success, ca.err).to.equal(true);
    expect(ca.value.deposit).to.equal(parseEther("1"));
    const receipt = readReceiptFile(f.path("erc20-alice.json"));
    const vault = vaultAddress({ chainId: 31337, auctionHouse: f.house, auctionId: BigInt(a) }, alice, receipt.salt, f.payToken.address);
    expect(ca.value.vault).to.equal(vault);
    expect(ca.out.toLowerCase()).to.contain(`fund it with at least 29 pay (token ${f.payToken.address.toLowerCase()}) by a plain transfer`);
    await f.payToken.write.transfer([vault, parseEther("29")], { account: f.accounts[6] });
    const v = await run("auction:vault", { ...c, receipt: f.path("erc20-alice.json") });
    expect(v.value.balance).to.equal(parseEther("29"));
    await f.increase(3601);
    const r = await run("auction:reveal", { ...c, from: "4", receipt: f.path("erc20-alice.json") });
    expect(r.success, r.err).to.equal(true);
    expect(r.value).to.include({ valid: true, swept: parseEther("29"), deposit: parseEther("30") });
    expect(await f.payToken.read.balanceOf([vault])).to.equal(0n);
    const report = await auditAuction(f.publicClient as never, { auctionHouse: f.house, auctionId: BigInt(a), fromBlock: 0n });
    expect(report.differences).to.deep.equal([]);
  });
});
