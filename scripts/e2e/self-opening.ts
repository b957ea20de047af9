/**
 * E2E steps for self-opening bids (rule 16), hooked into scripts/e2e.ts. Auction S: a bidder commits a
 * self-opening bid in the browser and closes its browser for good; a second bidder's self-opening bid is
 * sealed by the same lib/timelock.ts code from a script; a third posts a ciphertext that opens nothing.
 * Chain time passes the opening time; a different person opens every self-opening bid with one click (the
 * page reports the one it cannot open); settlement delivers the absent bidder's lot and change and the seller's
 * proceeds in its own transaction (checked on chain and on the page); the bidder whose ciphertext opens nothing
 * is the claim that remains: it withdraws its unrevealed deposit (less the burned bond) from the page. Auction K: two bids committed with `auction:commit --self-opening` are opened by `auction:keeper`,
 * whose output is kept in e2e-results/keeper.log.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { erc721Abi, parseEther, toHex, type Address, type PublicClient, type WalletClient } from "viem";
import { auctionHouseAbi } from "../../lib/abi.js";
import { bidCommitment, randomSalt, ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../../lib/auction.js";
import { sealOpening, type BeaconConfig } from "../../lib/timelock.js";
import { DEV_ACCOUNTS, userTokenIds } from "../seed-demo.js";
import { closeActor, connect, confirmed, openActor, shot, step, waitText, type Actor } from "./browser.js";
import { assertDeliveredAtSettlement } from "./settled.js";
import { cli } from "./cli.js";
import { ANYONE, APP, OUT, SELLER, T } from "./config.js";
import { assert } from "./report.js";

const DAVE = DEV_ACCOUNTS[3] as Address; // commits in the browser, then never comes back
const ERIN = DEV_ACCOUNTS[2] as Address;
const FRANK = DEV_ACCOUNTS[1] as Address;

export interface SelfOpeningKit {
  publicClient: PublicClient;
  wallet: (a: Address) => WalletClient;
  house: Address;
  nft: Address;
  beacon: BeaconConfig;
  anyone: Actor;
}

export async function selfOpeningSteps(k: SelfOpeningKit): Promise<void> {
  const { publicClient, house } = k;
  const send = async (from: Address, req: object) =>
    publicClient.waitForTransactionReceipt({ hash: await k.wallet(from).writeContract(req as never) });
  const positionOf = (id: bigint, a: Address) => publicClient.readContract({ address: house, abi: auctionHouseAbi, functionName: "positionOf", args: [id, a] });
  let s = 0n; // opened in the browser
  let kid = 0n; // opened by the keeper CLI
  let terms: AuctionTerms | null = null;

  await step("set-up: the seller escrows two more lots in second-price auctions without reserve (bond 0.1 ETH)", async () => {
    const now = Number((await publicClient.getBlock()).timestamp);
    const ids: bigint[] = [];
    for (const tokenId of [userTokenIds(0)[2], userTokenIds(0)[3]]) {
      await send(SELLER, { address: k.nft, abi: erc721Abi, functionName: "approve", args: [house, tokenId] });
      const t: AuctionTerms = {
        seller: SELLER, lotKind: 0, lotToken: k.nft, lotAmountOrId: tokenId, paymentToken: ZERO_ADDRESS, format: 0,
        commitEnd: now + 3600, reserveEnd: 0, revealEnd: now + 7200, bond: parseEther("0.1"), floorReserve: 0n, sealedReserveCommitment: ZERO_BYTES32, reserveNonce: 0n,
      };
      ids.push(await publicClient.readContract({ address: house, abi: auctionHouseAbi, functionName: "nextAuctionId" }));
      await send(SELLER, { address: house, abi: auctionHouseAbi, functionName: "create", args: [t] });
      terms ??= t;
    }
    [s, kid] = ids;
  }, { critical: true });

  await step("self-opening: a bidder seals its bid until opening time in the browser (1 ETH, deposit 1.5), then closes its browser for good", async () => {
    const dave = await openActor("dave", DAVE);
    const p = dave.page;
    await p.goto(`${APP}/auctions/${s}`);
    await connect(dave);
    await p.getByLabel("Your bid (ETH)").fill("1");
    await p.getByLabel("Deposit (ETH)").fill("1.5");
    await p.getByTestId("self-opening").check();
    await waitText(p.getByTestId("self-opening-explained"), /Nobody — not the seller, not this site, not you — can read it before then[\s\S]*drand[\s\S]*keep the receipt/);
    await p.getByRole("button", { name: "Commit bid" }).click();
    await confirmed(p.locator("#commit"), /Commit bid/);
    await waitText(p.getByTestId("next-step"), /it will open itself/);
    await shot(dave, "20-self-opening-commit.png");
    await p.goto(`${APP}/my-bids`);
    await waitText(p.getByTestId(`my-bid-${s}-bid`), /it will open itself/);
    await shot(dave, "20b-self-opening-my-bids.png");
    const logs = await publicClient.getContractEvents({ address: house, abi: auctionHouseAbi, eventName: "SelfOpeningAttached", args: { auctionId: s, bidder: DAVE }, fromBlock: 0n });
    assert(logs.length === 1, `${logs.length} SelfOpeningAttached events for the bidder`);
    const bytes = (logs[0].args.sealedOpening!.length - 2) / 2;
    assert(bytes > 300 && bytes < 700, `the sealed opening is ${bytes} bytes`);
    console.log(`    sealed opening: ${bytes} bytes of ciphertext in the commit`);
    await closeActor(dave);
  }, { critical: true });

  await step("self-opening: a second bidder's bid is sealed by the same library (0.8 ETH); a third posts a ciphertext that opens nothing", async () => {
    const salt = randomSalt();
    const domain = { chainId: 31337, auctionHouse: house, auctionId: s };
    const sealed = await sealOpening(k.beacon, terms!.commitEnd, parseEther("0.8"), salt);
    await send(ERIN, { address: house, abi: auctionHouseAbi, functionName: "commitSelfOpening", args: [s, bidCommitment(domain, ERIN, parseEther("0.8"), salt), parseEther("1"), sealed], value: parseEther("1") });
    const junk = toHex(globalThis.crypto.getRandomValues(new Uint8Array(417)));
    await send(FRANK, { address: house, abi: auctionHouseAbi, functionName: "commitSelfOpening", args: [s, bidCommitment(domain, FRANK, parseEther("2"), randomSalt()), parseEther("2"), junk], value: parseEther("2") });
  }, { critical: true });

  await step("self-opening: two bids committed with `auction:commit --self-opening` in auction K", async () => {
    for (const [from, amount, deposit] of [["2", "0.6", "1"], ["1", "0.4", "1"]]) {
      const r = await cli(["auction:commit", "--from", from, "--auction", String(kid), "--amount", amount, "--deposit", deposit, "--self-opening", "--receipt", join(OUT, `keeper-bid-${from}.json`), "--force"]);
      assert(r.status === 0 && /Self-opening: your opening is sealed to drand round \d+/.test(r.output), `auction:commit --self-opening exited ${r.status}: ${r.output.slice(-400)}`);
    }
  }, { critical: true });

  const a = k.anyone;
  await step("self-opening: before the opening time the page says the bids will open themselves and nobody can read them", async () => {
    await a.page.goto(`${APP}/auctions/${s}`);
    await waitText(a.page.getByTestId("self-opening-waiting"), /^3 bids will open themselves: readable by anyone in .* nobody earlier\.$/);
    assert(await a.page.getByTestId("open-all-self-opening").count() === 0, "an open-all button is offered before the opening time");
    await waitText(a.page.locator("#bids"), /sealed\s*opens itself/);
    await shot(a, "21-self-opening-waiting.png");
  });

  await step("self-opening: chain time passes the opening time; a different person opens every self-opening bid with one click", async () => {
    const p = a.page;
    await p.getByRole("button", { name: "Jump to the reveal window" }).click();
    await waitText(p.locator("h1"), /Reveal window/);
    await waitText(p.getByTestId("self-opening-ready"), /^3 bids are ready to open themselves\./);
    await p.getByTestId("open-all-self-opening").click();
    await confirmed(p.locator("#self-opening"), /Open 2 bids/);
    await waitText(p.getByTestId("self-opening-report"), /not a timelock ciphertext/);
    await waitText(p.getByTestId("self-opening-done"), /^No self-opening bid is left to open\. 1 bid cannot open itself/);
    await waitText(p.locator("#bids"), /1 ETH[\s\S]*0\.8 ETH/);
    await shot(a, "22-self-opening-opened.png");
    const opened = await publicClient.getContractEvents({ address: house, abi: auctionHouseAbi, eventName: "BidRevealed", args: { auctionId: s }, fromBlock: 0n });
    assert(opened.length === 2 && opened[0].transactionHash === opened[1].transactionHash, `${opened.length} openings, in ${new Set(opened.map((o) => o.transactionHash)).size} transactions`);
    const tx = await publicClient.getTransaction({ hash: opened[0].transactionHash });
    assert(tx.from.toLowerCase() === ANYONE.toLowerCase(), `the openings were sent by ${tx.from}`);
    const bidders = opened.map((o) => o.args.bidder!.toLowerCase()).sort();
    assert(JSON.stringify(bidders) === JSON.stringify([DAVE, ERIN].map((x) => x.toLowerCase()).sort()), `opened: ${bidders.join(", ")}`);
  }, { critical: true });

  await step("self-opening: `auction:keeper` opens auction K's self-opening bids in one batch and reports them", async () => {
    const r = await cli(["auction:keeper", "--auction", String(kid), "--from", "0"]);
    writeFileSync(join(OUT, "keeper.log"), r.output);
    console.log(r.output.trim().split("\n").map((l) => `    [keeper] ${l}`).join("\n"));
    assert(r.status === 0, `auction:keeper exited ${r.status}`);
    assert(/opened 2 of 2 in tx 0x[0-9a-f]{64}/.test(r.output) && /Keeper opened 2 bids; 0 self-opening bids could not be opened\./.test(r.output), "the keeper's report is not as expected");
    const state = await publicClient.readContract({ address: house, abi: auctionHouseAbi, functionName: "auctionState", args: [kid] });
    assert(state.openCount === 2 && state.bestAmount === parseEther("0.6") && state.runnerUp === parseEther("0.4"), `auction K: ${state.openCount} opened, best ${state.bestAmount}, runner-up ${state.runnerUp}`);
  });

  await step("self-opening: after the reveal window anyone settles; the absent bidder won at 0.8 ETH and the settlement delivered its lot and 0.7 ETH change, and the seller's 0.8 ETH (on chain)", async () => {
    const p = a.page;
    await p.getByRole("button", { name: "Jump past the reveal window" }).click();
    await waitText(p.locator("h1"), /Awaiting settlement/); // the page has read the new chain time
    await p.getByTestId("settle").click();
    await confirmed(p.locator("#settle"), /Settle/);
    await waitText(p.locator("h1"), /Settled/);
    await waitText(p.getByTestId("lot-handover"), /^delivered to [\s\S]* at settlement$/);
    await waitText(p.getByTestId("change-handover"), /^0\.7 ETH: paid to [\s\S]* at settlement$/);
    await shot(a, "23-self-opening-settled.png");
    const state = await publicClient.readContract({ address: house, abi: auctionHouseAbi, functionName: "auctionState", args: [s] });
    assert(state.settled && state.winner.toLowerCase() === DAVE.toLowerCase() && state.runnerUp === parseEther("0.8") && state.commitCount === 3 && state.openCount === 2,
      `auction S: winner ${state.winner}, price ${state.runnerUp}, ${state.openCount} of ${state.commitCount} opened`);
    // The absent winner never came back: settlement pushed its lot and change to it anyway.
    await assertDeliveredAtSettlement(publicClient, house, { auctionId: s, settler: ANYONE, winner: DAVE, change: parseEther("0.7"), proceeds: parseEther("0.8") });
    const [erinStatus] = await positionOf(s, ERIN);
    assert(erinStatus === 0, "the loser's deposit was not refunded in the opening");
    const [frankStatus] = await positionOf(s, FRANK);
    assert(frankStatus === 1, "the bid with a useless ciphertext is not still sealed");
  });

  await step("self-opening: the bid whose ciphertext opens nothing remains a claim: its bidder withdraws the deposit less the burned bond from the page (on chain: +1.9 ETH)", async () => {
    const frank = await openActor("frank", FRANK);
    const p = frank.page;
    await p.goto(`${APP}/auctions/${s}`);
    await connect(frank);
    await waitText(p.getByTestId("lot-handover"), /^delivered to [\s\S]* at settlement$/);
    await p.getByTestId("withdraw-unrevealed").waitFor({ timeout: T });
    const before = await publicClient.getBalance({ address: FRANK });
    await p.getByTestId("withdraw-unrevealed").click();
    await confirmed(p.locator("#claims"), /Withdraw unrevealed deposit/);
    await shot(frank, "23b-self-opening-unrevealed-claim.png");
    const [status] = await positionOf(s, FRANK);
    assert(status === 0, `the unrevealed bid's position is still ${status}`);
    const r = await publicClient.getTransactionReceipt({ hash: frank.sent.at(-1)! });
    const got = (await publicClient.getBalance({ address: FRANK })) - before;
    assert(got === parseEther("1.9") - r.gasUsed * r.effectiveGasPrice, `the unrevealed bidder received ${got} wei, not 1.9 ETH less gas`);
    await closeActor(frank);
  });

  await step("self-opening: the audit page rebuilds the auction, ciphertexts included, and says it matches", async () => {
    const p = a.page;
    await p.goto(`${APP}/auctions/${s}/audit`);
    await waitText(p.getByTestId("audit-verdict"), /^Matches\./);
    await waitText(p.getByTestId("event-table"), /SelfOpeningAttached[\s\S]{0,80}attached its opening, timelock-encrypted \(\d{3} bytes\)/);
    await shot(a, "24-self-opening-audit.png");
  });
}
