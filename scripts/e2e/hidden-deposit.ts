/**
 * E2E steps for hidden deposits (rule 16), hooked into scripts/e2e.ts. Auction H (second price, bond 0.1 ETH):
 * a bidder commits 1 ETH with a hidden deposit in the browser and a second account funds its vault from the
 * funding link in another browser; a second hidden bid, self-opening, is committed with
 * `auction:commit --hide-deposit --self-opening` and its vault funded by a third account; one bid is public.
 * During the commit window everything the page and the events show of the hidden bids is the bond. The browser
 * bid is opened by its bidder, the CLI bid by `auction:keeper`; the hidden bidder wins at the public bid's price,
 * the other hidden bid is refunded bond + vault inside its opening; settlement delivers the lot and the winner's
 * change (bond + swept vault − price) and pays the seller in its own transaction; ETH sent to the winner's vault
 * after its sweep is recovered from the page after settlement. Everything is checked on chain; the audit page matches.
 */
import { join } from "node:path";
import { erc721Abi, parseEther, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { auctionHouseAbi } from "../../lib/abi.js";
import { bidCommitment, randomSalt, ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../../lib/auction.js";
import { DEV_ACCOUNTS, userTokenIds } from "../seed-demo.js";
import { closeActor, connect, confirmed, openActor, shot, step, waitText, type Actor } from "./browser.js";
import { assertDeliveredAtSettlement } from "./settled.js";
import { cli } from "./cli.js";
import { ALICE, ANYONE, APP, BOB, OUT, SELLER, STRANGER } from "./config.js";
import { assert } from "./report.js";

const DAVE = DEV_ACCOUNTS[3] as Address; // hidden, self-opening bid from the CLI
const FRANK = DEV_ACCOUNTS[1] as Address; // funds DAVE's vault
const BOND = parseEther("0.1");

export interface HiddenDepositKit {
  publicClient: PublicClient;
  wallet: (a: Address) => WalletClient;
  house: Address;
  nft: Address;
  anyone: Actor;
}

export async function hiddenDepositSteps(k: HiddenDepositKit): Promise<void> {
  const { publicClient, house } = k;
  const send = async (from: Address, req: object) =>
    publicClient.waitForTransactionReceipt({ hash: await k.wallet(from).writeContract(req as never) });
  const balance = (address: Address) => publicClient.getBalance({ address });
  let h = 0n;
  let aliceVault: Address | null = null;
  let daveVault: Address | null = null;
  let alice: Actor | null = null;
  let bobSalt: Hex = ZERO_BYTES32;

  await step("set-up: the seller escrows a lot in a second-price ETH auction, bond 0.1 ETH, no reserve", async () => {
    const now = Number((await publicClient.getBlock()).timestamp);
    const tokenId = userTokenIds(0)[4];
    await send(SELLER, { address: k.nft, abi: erc721Abi, functionName: "approve", args: [house, tokenId] });
    const t: AuctionTerms = {
      seller: SELLER, lotKind: 0, lotToken: k.nft, lotAmountOrId: tokenId, paymentToken: ZERO_ADDRESS, format: 0,
      commitEnd: now + 3600, reserveEnd: 0, revealEnd: now + 7200, bond: BOND, floorReserve: 0n, sealedReserveCommitment: ZERO_BYTES32, reserveNonce: 0n,
    };
    h = await publicClient.readContract({ address: house, abi: auctionHouseAbi, functionName: "nextAuctionId" });
    await send(SELLER, { address: house, abi: auctionHouseAbi, functionName: "create", args: [t] });
  }, { critical: true });

  await step("hidden-deposit: a bidder commits 1 ETH hiding its deposit; only the 0.1 ETH bond leaves its account and the page gives its vault", async () => {
    alice = await openActor("alice-hidden", ALICE);
    const p = alice.page;
    await p.goto(`${APP}/auctions/${h}`);
    await connect(alice);
    await p.getByLabel("Your bid (ETH)").fill("1");
    await p.getByTestId("hide-deposit").check();
    await waitText(p.getByTestId("hide-deposit-explained"), /everyone sees the same bond \(0\.1 ETH\)[\s\S]*nobody else can compute/);
    assert(await p.getByLabel("Deposit (ETH)").count() === 0, "the deposit field is still offered for a hidden deposit");
    await waitText(p.locator("#commit-visibility"), /the bond of 0\.1 ETH, the same for every hidden deposit: nothing about your bid/);
    await waitText(p.locator("#commit .warnings"), /send at least 0\.9 ETH to your bid's vault/);
    await p.getByRole("button", { name: "Commit bid" }).click();
    await confirmed(p.locator("#commit"), /Commit bid/);
    await waitText(p.getByTestId("fund-next"), /fund your vault/);
    aliceVault = (await waitText(p.getByTestId("vault-address"), /^0x[0-9a-fA-F]{40}$/)) as Address;
    await waitText(p.getByTestId("vault-short"), /^0\.9 ETH$/);
    await waitText(p.getByTestId("vault-standing"), /bond 0\.1 ETH \+ vault 0 ETH = 0\.1 ETH against your bid of 1 ETH: short by 0\.9 ETH/);
    await shot(alice, "25-hidden-deposit-commit.png");
    const commits = await publicClient.getContractEvents({ address: house, abi: auctionHouseAbi, eventName: "BidCommitted", args: { auctionId: h, bidder: ALICE }, fromBlock: 0n });
    assert(commits.length === 1 && commits[0].args.deposit === BOND, `BidCommitted deposit ${commits[0]?.args.deposit}`);
    const hidden = await publicClient.getContractEvents({ address: house, abi: auctionHouseAbi, eventName: "DepositHidden", args: { auctionId: h }, fromBlock: 0n });
    assert(hidden.length === 1 && hidden[0].transactionHash === commits[0].transactionHash, "no DepositHidden next to the commitment");
    const tx = await publicClient.getTransaction({ hash: commits[0].transactionHash });
    assert(tx.value === BOND, `the commit sent ${tx.value} wei, not the bond`);
    assert(await balance(aliceVault) === 0n, "the vault holds something before anyone funded it");
  }, { critical: true });

  await step("hidden-deposit: a second account opens the funding link in its own browser and sends 1.4 ETH to the vault", async () => {
    const href = await alice!.page.getByTestId("funding-link").getAttribute("href");
    assert(href !== null && href.includes(`fund=${aliceVault}`) && href.endsWith("amount=0.9"), `funding link ${href}`);
    const funder = await openActor("funder", STRANGER);
    const p = funder.page;
    await p.goto(href!);
    await connect(funder);
    await waitText(p.locator("#fund-vault"), /Only the bid's secret connects the two/);
    assert(await p.getByLabel(/^Send to/).inputValue() === "0.9", "the funding form is not prefilled with the shortfall");
    assert(await p.getByTestId("fund-linked-warning").count() === 0, "a warning about linking is shown to an account with no bid");
    await p.getByLabel(/^Send to/).fill("1.4");
    await p.getByTestId("fund-vault").click();
    await confirmed(p.locator("#fund-vault"), /Fund vault/);
    await shot(funder, "26-hidden-deposit-fund.png");
    assert(await balance(aliceVault!) === parseEther("1.4"), "the vault does not hold 1.4 ETH");
    await closeActor(funder);
    const ap = alice!.page;
    await ap.reload();
    await waitText(ap.getByTestId("vault-standing"), /= 1\.5 ETH against your bid of 1 ETH: covered/);
    await ap.goto(`${APP}/my-bids`);
    await waitText(ap.getByTestId(`my-bid-${h}-vault`), /Hidden deposit: vault 0x[0-9a-fA-F]{8}… holds 1\.4 ETH \(covers the bid\)/);
    await shot(alice!, "25b-hidden-deposit-my-bids.png");
  }, { critical: true });

  await step("hidden-deposit: `auction:commit --hide-deposit --self-opening` commits 0.5 ETH on the bond; a third account funds that vault with 0.6 ETH; a public bid of 0.7 ETH", async () => {
    const r = await cli(["auction:commit", "--from", "3", "--auction", String(h), "--amount", "0.5", "--hide-deposit", "--self-opening", "--receipt", join(OUT, "hidden-bid-3.json"), "--force"]);
    assert(r.status === 0, `auction:commit --hide-deposit exited ${r.status}: ${r.output.slice(-400)}`);
    daveVault = (/Vault: (0x[0-9a-fA-F]{40})/.exec(r.output)?.[1] ?? null) as Address | null;
    assert(daveVault !== null && /only the bond of 0\.1 ETH is public/.test(r.output), `no vault in the CLI's output: ${r.output.slice(-400)}`);
    await publicClient.waitForTransactionReceipt({ hash: await k.wallet(FRANK).sendTransaction({ to: daveVault!, value: parseEther("0.6") } as never) });
    const salt = randomSalt();
    const domain = { chainId: 31337, auctionHouse: house, auctionId: h };
    await send(BOB, { address: house, abi: auctionHouseAbi, functionName: "commit", args: [h, bidCommitment(domain, BOB, parseEther("0.7"), salt), parseEther("1")], value: parseEther("1") });
    bobSalt = salt;
  }, { critical: true });

  await step("hidden-deposit: in the commit window an observer sees only bonds for the hidden bids; no event names either vault", async () => {
    const p = k.anyone.page;
    await p.goto(`${APP}/auctions/${h}`);
    const table = p.locator("#bids");
    await waitText(table, /0\.1 ETH\s*\+\s*hidden[\s\S]*0\.1 ETH\s*\+\s*hidden[\s\S]*1 ETH/);
    assert(await p.getByTestId("hidden-deposit-tag").count() === 2, "the bids table does not mark both hidden deposits");
    await shot(k.anyone, "27-hidden-deposit-observer.png");
    const logs = await publicClient.getLogs({ address: house, fromBlock: 0n });
    for (const v of [aliceVault!, daveVault!]) {
      const body = v.slice(2).toLowerCase();
      assert(!logs.some((l) => l.data.toLowerCase().includes(body) || l.topics.some((t) => t?.toLowerCase().includes(body))), `an event names the vault ${v} before its opening`);
    }
    const commits = await publicClient.getContractEvents({ address: house, abi: auctionHouseAbi, eventName: "BidCommitted", args: { auctionId: h }, fromBlock: 0n });
    const deposits = commits.map((c) => `${c.args.bidder!.toLowerCase()}:${c.args.deposit}`).sort();
    assert(JSON.stringify(deposits) === JSON.stringify([`${ALICE.toLowerCase()}:${BOND}`, `${BOB.toLowerCase()}:${parseEther("1")}`, `${DAVE.toLowerCase()}:${BOND}`].sort()), `deposits on chain: ${deposits.join(", ")}`);
  }, { critical: true });

  await step("hidden-deposit: in the reveal window the bidder opens its bid; the opening says what becomes public and sweeps 1.4 ETH from the vault", async () => {
    const p = alice!.page;
    await p.goto(`${APP}/auctions/${h}`);
    await p.getByRole("button", { name: "Jump to the reveal window" }).click();
    await waitText(p.locator("h1"), /Reveal window/);
    await waitText(p.getByTestId("reveal-hidden-explained"), /makes public its amount, its vault's address and what the vault holds/);
    await p.getByTestId("reveal-mine").click();
    await confirmed(p.locator("#reveal"), /Reveal my bid/);
    await waitText(p.getByTestId("vault-standing"), /opened: the sweep counted 1\.4 ETH, so the bid was valid/);
    await shot(alice!, "28-hidden-deposit-reveal.png");
    const swept = await publicClient.getContractEvents({ address: house, abi: auctionHouseAbi, eventName: "VaultSwept", args: { auctionId: h, bidder: ALICE }, fromBlock: 0n });
    assert(swept.length === 1 && swept[0].args.vault!.toLowerCase() === aliceVault!.toLowerCase() && swept[0].args.collateral === parseEther("1.4"), "VaultSwept does not name the page's vault with 1.4 ETH");
    assert(await balance(aliceVault!) === 0n && await publicClient.getCode({ address: aliceVault! }) === undefined, "the vault still holds ETH or code after its sweep");
  }, { critical: true });

  await step("hidden-deposit: `auction:keeper` opens the self-opening hidden bid, sweeping its vault; the loser gets bond + vault back in the opening", async () => {
    const before = await balance(DAVE);
    const r = await cli(["auction:keeper", "--auction", String(h), "--from", "0"]);
    console.log(r.output.trim().split("\n").map((l) => `    [keeper] ${l}`).join("\n"));
    assert(r.status === 0 && /Keeper opened 1 bid/.test(r.output), `auction:keeper exited ${r.status}`);
    const swept = await publicClient.getContractEvents({ address: house, abi: auctionHouseAbi, eventName: "VaultSwept", args: { auctionId: h, bidder: DAVE }, fromBlock: 0n });
    assert(swept.length === 1 && swept[0].args.collateral === parseEther("0.6") && swept[0].args.vault!.toLowerCase() === daveVault!.toLowerCase(), "the keeper's opening did not sweep 0.6 ETH from the CLI bid's vault");
    assert(await balance(DAVE) - before === parseEther("0.7"), `the refunded loser received ${(await balance(DAVE)) - before} wei, not bond + vault (0.7 ETH)`);
    const committed = await publicClient.getContractEvents({ address: house, abi: auctionHouseAbi, eventName: "BidCommitted", args: { auctionId: h, bidder: BOB }, fromBlock: 0n });
    await send(ANYONE, { address: house, abi: auctionHouseAbi, functionName: "reveal", args: [h, BOB, parseEther("0.7"), bobSalt, parseEther("1"), committed[0].args.order!] });
  }, { critical: true });

  await step("hidden-deposit: settled — the hidden bidder wins at the public bid's 0.7 ETH; its settlement delivers the lot and 0.8 ETH change (bond + vault − price); 0.2 ETH sent to its vault afterwards is recovered from the page", async () => {
    const p = alice!.page;
    // Every commitment is open now, so anyone may settle early: no need to move chain time (the page reads the
    // new state at the next block; a jump button would already be gone).
    await waitText(p.locator("h1"), /Awaiting settlement/);
    await p.getByTestId("settle").click();
    await confirmed(p.locator("#settle"), /Settle/);
    await waitText(p.locator("h1"), /Settled/);
    const state = await publicClient.readContract({ address: house, abi: auctionHouseAbi, functionName: "auctionState", args: [h] });
    assert(state.winner.toLowerCase() === ALICE.toLowerCase() && state.runnerUp === parseEther("0.7"), `winner ${state.winner} at ${state.runnerUp}`);
    // The winner settled itself: it paid the gas and received its change in the same transaction.
    await assertDeliveredAtSettlement(publicClient, house, { auctionId: h, settler: ALICE, winner: ALICE, change: parseEther("0.8"), proceeds: parseEther("0.7") });
    await waitText(p.getByTestId("change-handover"), /^0\.8 ETH: paid to [\s\S]* at settlement$/);
    assert(await p.getByTestId("withdraw-refund").count() === 0, "a change withdrawal is offered after settlement paid it");
    await publicClient.waitForTransactionReceipt({ hash: await k.wallet(STRANGER).sendTransaction({ to: aliceVault!, value: parseEther("0.2") } as never) });
    await p.reload();
    await p.getByTestId("recover-vault").waitFor();
    await waitText(p.getByTestId("recover-vault"), /Recover 0\.2 ETH from the vault/);
    const before = await balance(ALICE);
    await p.getByTestId("recover-vault").click();
    await confirmed(p.locator("#vault"), /Recover vault/);
    const recovered = await publicClient.getContractEvents({ address: house, abi: auctionHouseAbi, eventName: "VaultRecovered", args: { auctionId: h }, fromBlock: 0n });
    assert(recovered.length === 1 && recovered[0].args.amount === parseEther("0.2") && recovered[0].args.recipient!.toLowerCase() === ALICE.toLowerCase(), "VaultRecovered is not 0.2 ETH to the bidder");
    const gained = (await balance(ALICE)) - before;
    assert(gained > parseEther("0.199") && gained < parseEther("0.2"), `the bidder gained ${gained} wei from its recovery`);
    assert(await balance(aliceVault!) === 0n, "the vault still holds ETH after its recovery");
    await shot(alice!, "29-hidden-deposit-recovered.png");
    await closeActor(alice!);
  });

  await step("hidden-deposit: the audit page rebuilds the auction with its vault sweeps and says it matches", async () => {
    const p = k.anyone.page;
    await p.goto(`${APP}/auctions/${h}/audit`);
    await waitText(p.getByTestId("audit-verdict"), /^Matches\./);
    await waitText(p.getByTestId("event-table"), /DepositHidden[\s\S]*VaultSwept[\s\S]*1\.4 ETH counted as deposit/);
    await shot(k.anyone, "30-hidden-deposit-audit.png");
  });
}
