/**
 * `npm run e2e`: the dApp in real Chromium against a local Hardhat node and the production build.
 *
 * A seller creates an auction with a sealed reserve (the form shows what each token is); bidders commit from
 * different accounts (separate browser profiles, each with an injected EIP-6963 test wallet forwarding to the
 * node's unlocked accounts); chain time advances into the seller's reserve window, where no bid can be opened
 * (the page says so and offers no reveal; the contract refuses one); the seller opens its reserve; the bids
 * open — one by importing its downloaded receipt into a fresh profile; a fourth account settles, and the settlement
 * delivers the lot, the winner's change and the seller's proceeds in its own transaction (the page says so; nothing is
 * left to claim); the loser got its deposit back in its reveal; the audit page says it matches. Ownership and balances are asserted on chain with viem.
 * Rule 15 (scripts/e2e/credible.ts): Create starts from second price with r* and f* for the seller's value assumption and
 * warns with the number when a bond is below f*; auction pages and the audit say whether an auction is shill-proof.
 * Rule 16 (scripts/e2e/self-opening.ts): a bid sealed to the local drand beacon opens itself after its bidder
 * left for good (one click by someone else, or auction:keeper); settlement delivers the absent winner's lot and change, and
 * the bidder whose ciphertext opens nothing claims its unrevealed deposit from the page (the claim path that remains).
 * k units (scripts/e2e/kunit.ts): a k = 3 ERC-1155 uniform-price auction with five bidders in the app, one bid
 * opened by someone else; every winner claims and pays the same price, the losers are refunded; its audit page matches.
 * Bad input — wrong network, an NFT as payment token, a lot the seller does not own, deposit below bid or
 * bond, receipts for another auction or bidder, an action in the wrong phase — must each give a clear message
 * and send no transaction.
 *
 * Screenshots of every page go to e2e-results/. E2E_ONLY=kunit runs the k-unit steps alone (development). Ports: E2E_RPC_PORT (8555), E2E_APP_PORT (3055), E2E_BEACON_PORT (8556).
 * Prints `e2e: N passed, M failed` last and exits non-zero on failure.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BaseError, ContractFunctionRevertedError, erc721Abi, formatEther, parseEther, type Address, type Hex } from "viem";
import { auctionHouseAbi } from "../lib/abi.js";
import { ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../lib/auction.js";
import { makeReceipt, serializeReceipt } from "../lib/receipt.js";
import { readDeployment } from "../lib/deployments.js";
import { DEMO_RECORD, exportAppConfig } from "./export-app-config.js";
import { DEMO_RECEIPTS_DIR, deployLocal, localClients, seedDemo, userTokenIds, type LocalDeployment } from "./seed-demo.js";
import { buildApp, portInUse, rpcReady, run, startService, stopServices, waitFor, type Service } from "./start.js";
import { E2E_INDEXER_URL, indexerSteps, startE2eIndexer } from "./e2e/indexer.js";
import { startE2eBeacon, stopE2eBeacon } from "./e2e/beacon.js";
import { selfOpeningSteps } from "./e2e/self-opening.js";
import { hiddenDepositSteps } from "./e2e/hidden-deposit.js";
import { assertDeliveredAtSettlement } from "./e2e/settled.js";
import { kunitSteps } from "./e2e/kunit.js";
import { beaconFor } from "../lib/deployments.js";
import { actors, closeActor, confirmed, connect, noTx, openActor, shot, step, waitText, type Actor } from "./e2e/browser.js";
import { auctionShillVerdictStep, createShillWarningStep } from "./e2e/credible.js";
import { ALICE, ANYONE, APP, APP_PORT, BOB, CAROL, HOST, LOT_ID, OUT, ROOT, RPC, RPC_PORT, SELLER, STRANGER, T } from "./e2e/config.js";
import { Abort, assert, elapsed, record, summary } from "./e2e/report.js";

// ─── the run ──────────────────────────────────────────────────────────────────────────────────────────
async function main() {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  let d: { chainId: number; auctionHouse: Address; nft: Address; token: Address };
  let indexer: Service | null = null;
  if (process.env.E2E_EXTERNAL === "1") {
    // Development only: drive an already running seeded node and app (see `npm start` with RPC_PORT/APP_PORT).
    const dep = readDeployment(31337, join(ROOT, "deployments"))!;
    const demo = JSON.parse(readFileSync(DEMO_RECORD, "utf8"));
    d = { chainId: 31337, auctionHouse: dep.auctionHouse, nft: demo.nft, token: demo.token };
  } else {
    for (const p of [RPC_PORT, APP_PORT]) if (await portInUse(p)) throw new Error(`port ${p} is in use; set E2E_RPC_PORT / E2E_APP_PORT`);
    console.log(`e2e: compiling contracts [${elapsed()}]`);
    run(join(ROOT, "node_modules/.bin/hardhat"), ["build", "--quiet", "--no-tests"]);
    console.log(`e2e: starting a Hardhat node on ${RPC} [${elapsed()}]`);
    const node = startService("hardhat node", join(ROOT, "node_modules/.bin/hardhat"), ["node", "--hostname", HOST, "--port", String(RPC_PORT)], { log: join(OUT, "node.log") });
    await waitFor("Hardhat node", () => rpcReady(RPC), 90_000, node);
    // The local drand beacon for self-opening bids, recorded in deployments/31337.json by deployLocal.
    const beacon = await startE2eBeacon(RPC);
    d = await deployLocal(RPC, { beacon: beacon.config });
    await seedDemo(RPC, d as LocalDeployment);
    await exportAppConfig();
    indexer = await startE2eIndexer(RPC, OUT, d.auctionHouse, (d as LocalDeployment).deployBlock);
    console.log(`e2e: building the app [${elapsed()}]`);
    const env = { NEXT_PUBLIC_LOCAL_RPC_URL: RPC, NEXT_PUBLIC_INDEXER_URL: E2E_INDEXER_URL };
    console.log(`e2e: app ${buildApp(env, { distDir: ".next-e2e" })} [${elapsed()}]`);
    const server = startService("next start", join(ROOT, "node_modules/.bin/next"), ["start", "app", "--hostname", HOST, "--port", String(APP_PORT)], {
      env: { NEXT_TELEMETRY_DISABLED: "1", APP_DIST_DIR: ".next-e2e", ...env },
      log: join(OUT, "app.log"),
    });
    await waitFor("app server", async () => (await fetch(APP)).status < 500, 60_000, server);
  }
  console.log(`e2e: app on ${APP}; driving Chromium [${elapsed()}]`);

  const { publicClient, wallet } = localClients(RPC);
  const beacon = beaconFor(d.chainId, join(ROOT, "deployments"));
  const house = d.auctionHouse;
  const balance = (a: Address) => publicClient.getBalance({ address: a });
  const gasOf = async (hashes: Hex[]) => {
    let total = 0n;
    for (const h of hashes) {
      const r = await publicClient.getTransactionReceipt({ hash: h });
      total += r.gasUsed * r.effectiveGasPrice;
    }
    return total;
  };
  const start = { seller: await balance(SELLER), alice: await balance(ALICE), bob: await balance(BOB), carol: await balance(CAROL), anyone: await balance(ANYONE), house: await balance(d.auctionHouse) };

  // The k-unit house (deployed by deployLocal) and the demo ERC-1155 whose copies the seller holds.
  const runKUnitSteps = async (seller: Actor, anyone: Actor) => {
    const kunitRecord = readDeployment(31337, join(ROOT, "deployments"));
    const demoRecord = JSON.parse(readFileSync(DEMO_RECORD, "utf8")) as { erc1155?: Address; erc1155Id?: string };
    if (kunitRecord?.kunitHouse && demoRecord.erc1155) {
      await kunitSteps({ publicClient: publicClient as never, kunitHouse: kunitRecord.kunitHouse, erc1155: demoRecord.erc1155, erc1155Id: BigInt(demoRecord.erc1155Id ?? "1"), seller, anyone });
    } else {
      await step("k-unit: the deployment record names a k-unit house and the demo ERC-1155", async () => assert(false, "deployments/31337.json has no kunitHouse or the demo record no erc1155"));
    }
  };
  if (process.env.E2E_ONLY === "kunit") {
    // Development only: the k-unit steps alone, with connected seller and bystander profiles.
    const [seller, anyone] = [await openActor("seller", SELLER), await openActor("anyone", ANYONE)];
    for (const a of [seller, anyone]) {
      await a.page.goto(APP);
      await connect(a);
    }
    await runKUnitSteps(seller, anyone);
    return;
  }

  // Seller: wallet starts on the wrong network (chain 1).
  const seller = await openActor("seller", SELLER, 1);
  let auctionId = 0n;
  await step("auctions page lists the seeded demo auctions from events", async () => {
    await seller.page.goto(APP);
    await waitText(seller.page.locator("table.auctions"), /Settled/);
    await waitText(seller.page.locator("table.auctions"), /Commit window|Reveal window/);
    await waitText(seller.page.locator("table.auctions"), /Reserve window[\s\S]*Reserve closes in/);
    await shot(seller, "01-auctions.png");
  });
  await step("wallet menu lists the EIP-6963 wallet by name and icon", async () => {
    await seller.page.getByTestId("wallet-button").click();
    const item = seller.page.getByRole("button", { name: "E2E Wallet" });
    await item.waitFor({ timeout: T });
    assert(await item.locator("img").count() === 1, "no wallet icon");
    await shot(seller, "02-connect-menu.png", false);
    await item.click();
    await waitText(seller.page.getByTestId("wallet-button"), /0x9965/i);
  });
  await step("bad input: wrong network is flagged and blocks transactions (nothing sent)", async () => {
    await waitText(seller.page.getByTestId("wrong-network"), /chain 1/);
    await seller.page.getByRole("link", { name: "Create", exact: true }).click();
    await seller.page.getByLabel("Token id").fill(LOT_ID.toString());
    await seller.page.getByTestId("approve-lot").waitFor({ timeout: T });
    await noTx(seller, () => seller.page.getByTestId("approve-lot").click(), seller.page.locator(".tx-status"), /Switch to Hardhat local/);
    await shot(seller, "03-create-wrong-network.png");
  });
  await step("switch-chain prompt moves the wallet to the local chain", async () => {
    await seller.page.getByTestId("wrong-network").getByRole("button", { name: /Switch to/ }).click();
    await seller.page.getByTestId("wrong-network").waitFor({ state: "detached", timeout: T });
    await waitText(seller.page.getByTestId("wallet-button"), /Hardhat local/);
  });
  await step("Create shows each token's kind, name and address, and refuses an NFT as payment and a lot the seller does not own (nothing sent)", async () => {
    const p = seller.page;
    await waitText(p.getByTestId("lot-token-kind"), /ERC-721 · [\s\S]*0x/);
    await p.getByLabel("An ERC-20 token", { exact: true }).check();
    await p.getByLabel("Payment token contract").fill(d.token);
    await waitText(p.getByTestId("pay-token-kind"), /ERC-20 · .*\(DUSD\)/);
    await p.getByLabel("Payment token contract").fill(d.nft);
    await waitText(p.getByTestId("pay-token-kind"), /ERC-721/);
    await noTx(seller, () => p.getByTestId("create-submit").click(), p.locator("#create-problems"), /is an ERC-721 \(NFT\) contract, not an ERC-20: it cannot be the payment token/);
    await shot(seller, "03b-create-token-kinds.png");
    await p.getByLabel("ETH", { exact: true }).check();
    await p.getByLabel("Token id").fill(userTokenIds(1)[0].toString()); // minted to another demo user
    await noTx(seller, () => p.getByTestId("create-submit").click(), p.locator("#create-problems"), /belongs to 0x[0-9a-fA-F]{40}, not to you/);
    await p.getByLabel("Token id").fill(LOT_ID.toString());
  });
  await createShillWarningStep(seller);
  await step("seller approves and escrows the lot, creating a second-price auction with a sealed reserve (10-minute reserve window)", async () => {
    const p = seller.page;
    await p.getByTestId("approve-lot").click();
    await confirmed(p.locator("#lot, #create"), /Approve lot/);
    await waitText(p.getByTestId("lot-status"), /· approved for escrow/);
    await p.getByLabel("Commit window", { exact: true }).fill("1");
    await p.getByLabel("Commit window unit").selectOption("hours");
    await p.getByLabel("Reveal window", { exact: true }).fill("1");
    await p.getByLabel("Reveal window unit").selectOption("hours");
    await p.getByLabel("Bond (ETH)").fill("0.1");
    await p.getByLabel("Sealed reserve, hidden until you open it").check();
    // This auction tests a sealed reserve alone: clear the credible default public floor (0.5 ETH). The form
    // says plainly that these terms are not shill-proof.
    await p.getByLabel(/^Public floor \(/).fill("");
    await p.getByLabel("Sealed reserve (ETH)").fill("1");
    await waitText(p.getByTestId("shill-check"), /^Not shill-proof: without a public reserve and a bond of 0\.1 ETH/);
    await waitText(p.getByTestId("reserve-window-hint"), /Bids cannot be opened until you open your reserve or this window ends/);
    assert(await p.getByLabel("Reserve window", { exact: true }).inputValue() === "10", "the reserve window does not default to 10 minutes");
    await p.getByTestId("create-submit").click();
    const text = await waitText(p.getByTestId("created"), /Auction #\d+ is live/);
    auctionId = BigInt(/#(\d+)/.exec(text)![1]);
    await shot(seller, "04-create-done.png");
    const owner = await publicClient.readContract({ address: d.nft, abi: erc721Abi, functionName: "ownerOf", args: [LOT_ID] });
    assert(owner.toLowerCase() === house.toLowerCase(), `lot owner is ${owner}, not the AuctionHouse`);
    const stored = await p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("credible-auction/v1/secret/")));
    assert(stored.some((k) => k.endsWith(`/${auctionId}/${SELLER.toLowerCase()}/reserve`)), "the sealed reserve's secret is not in browser storage under the auction's id");
    const [terms] = (await publicClient.getContractEvents({ address: house, abi: auctionHouseAbi, eventName: "AuctionCreated", args: { auctionId }, fromBlock: 0n })).map((e) => e.args.terms!);
    const nextNonce = await publicClient.readContract({ address: house, abi: auctionHouseAbi, functionName: "reserveNonceOf", args: [SELLER] });
    assert(terms.reserveEnd === terms.commitEnd + 600 && terms.reserveNonce === nextNonce - 1n,
      `terms on chain: reserveEnd ${terms.reserveEnd} (commitEnd ${terms.commitEnd}), nonce ${terms.reserveNonce}`);
  }, { critical: true });
  const auctionUrl = () => `${APP}/auctions/${auctionId}`;

  // Bidder A.
  const alice = await openActor("alice", ALICE);
  await auctionShillVerdictStep(alice, auctionUrl(), "not shill-proof (second price, sealed reserve only, no public reserve)",
    { headline: "Not shill-proof", detail: /Second price without a public reserve:[\s\S]*The sealed reserve is no part of this: only a public reserve is\.$/ }, "04b-auction-shill-verdict-not.png");
  await step("bad input: deposit below the bid is refused with a clear message (nothing sent)", async () => {
    await alice.page.goto(auctionUrl());
    await connect(alice);
    await alice.page.getByLabel("Your bid (ETH)").fill("1.5");
    await alice.page.getByLabel("Deposit (ETH)").fill("1");
    await noTx(alice, () => alice.page.getByRole("button", { name: "Commit bid" }).click(), alice.page.locator("#commit-problems"), /below your bid/);
  });
  await step("bad input: deposit below the bond is refused with a clear message (nothing sent)", async () => {
    await alice.page.getByLabel("Your bid (ETH)").fill("0.01");
    await alice.page.getByLabel("Deposit (ETH)").fill("0.05");
    await noTx(alice, () => alice.page.getByRole("button", { name: "Commit bid" }).click(), alice.page.locator("#commit-problems"), /below this auction's bond of 0\.1 ETH/);
  });
  await step("a rejection in the wallet is reported as a cancellation, not an error (nothing sent)", async () => {
    await alice.page.getByLabel("Your bid (ETH)").fill("1.5");
    await alice.page.getByLabel("Deposit (ETH)").fill("2");
    await alice.page.evaluate("localStorage.setItem('e2e-reject-next', '1')");
    await noTx(alice, () => alice.page.getByRole("button", { name: "Commit bid" }).click(), alice.page.locator("#commit .tx-status[data-stage]"), /You cancelled the request in your wallet\. Nothing was sent\./);
    const stage = await alice.page.locator("#commit .tx-status[data-stage]").last().getAttribute("data-stage");
    assert(stage === "rejected", `the status is "${stage}", not "rejected"`);
  });
  await step("bidder A commits 1.5 ETH with the suggested padded deposit (2 ETH)", async () => {
    await alice.page.getByLabel("Your bid (ETH)").fill("1.5");
    await alice.page.getByLabel("Deposit (ETH)").fill("");
    await alice.page.getByRole("button", { name: /^Use 2 ETH$/ }).click();
    await waitText(alice.page.locator("#commit-visibility"), /deposit of 2 ETH/);
    await alice.page.getByRole("button", { name: "Commit bid" }).click();
    await confirmed(alice.page.locator("#commit"), /Commit bid/);
    await shot(alice, "05-auction-committed.png");
  }, { critical: true });
  await step("bad input: settling in the commit window is refused with a clear message (nothing sent)", async () => {
    await noTx(alice, () => alice.page.getByTestId("settle").click(), alice.page.locator("#settle .tx-status"), /Settlement opens after/);
  });

  // Bidder B, first profile: commits and downloads its receipt.
  let bobReceiptPath = "";
  const bob = await openActor("bob", BOB);
  await step("bidder B commits 1.2 ETH (deposit 1.5) and downloads its receipt", async () => {
    await bob.page.goto(auctionUrl());
    await connect(bob);
    await bob.page.getByLabel("Your bid (ETH)").fill("1.2");
    await bob.page.getByLabel("Deposit (ETH)").fill("1.5");
    await bob.page.getByRole("button", { name: "Commit bid" }).click();
    await confirmed(bob.page.locator("#commit"), /Commit bid/);
    const [download] = await Promise.all([bob.page.waitForEvent("download"), bob.page.getByTestId("download-receipt").click()]);
    bobReceiptPath = join(OUT, "bob-receipt.json");
    await download.saveAs(bobReceiptPath);
    const r = JSON.parse(readFileSync(bobReceiptPath, "utf8"));
    assert(r.amount === parseEther("1.2").toString() && r.account.toLowerCase() === BOB.toLowerCase(), "receipt content is wrong");
  }, { critical: true });
  await step("My bids lists B's stored bid with what to do now", async () => {
    await bob.page.getByRole("link", { name: "My bids" }).click();
    await waitText(bob.page.getByTestId(`my-bid-${auctionId}-bid`), /Bid 1\.2 ETH[\s\S]*Reveal in the reveal window, which opens once the seller's sealed reserve is open, at the latest in/);
    await shot(bob, "06-my-bids.png");
  });
  await closeActor(bob); // B's browser profile, with its stored secret, is gone for good.

  const carol = await openActor("carol", CAROL);
  await step("bidder C commits 0.5 ETH with a secret derived from an EIP-712 wallet signature", async () => {
    await carol.page.goto(auctionUrl());
    await connect(carol);
    await carol.page.getByLabel("Your bid (ETH)").fill("0.5");
    await carol.page.getByLabel("Deposit (ETH)").fill("0.8");
    await carol.page.getByLabel(/Derived from a wallet signature/).check();
    await carol.page.getByRole("button", { name: "Commit bid" }).click();
    await confirmed(carol.page.locator("#commit"), /Commit bid/);
  }, { critical: true });
  await closeActor(carol); // C loses its browser storage and never downloaded a receipt.

  await step("local time control jumps chain time into the seller's reserve window", async () => {
    await seller.page.goto(auctionUrl());
    await seller.page.getByRole("button", { name: "Jump to the reserve window" }).click();
    await waitText(seller.page.locator("h1"), /Reserve window/);
  }, { critical: true });
  await step("reserve window: A's page says no bid can be opened until the reserve is open or its window ends, and offers no reveal", async () => {
    await alice.page.goto(auctionUrl());
    const text = await waitText(alice.page.getByTestId("reserve-wait"), /Bids cannot be opened until the seller opens its sealed reserve or until .+ \(chain time/);
    assert(await alice.page.getByTestId("reveal-mine").count() === 0, "a reveal button is offered in the reserve window");
    await waitText(alice.page.getByTestId("reveal-later"), /after the seller's reserve/);
    await waitText(alice.page.getByTestId("next-step"), /cannot be opened yet: the seller opens its sealed reserve first/);
    await shot(alice, "07-reserve-window-bidder.png");
    // The contract agrees: an opening now reverts with ReserveNotYetOpened (simulated; nothing is sent).
    const secret = await alice.page.evaluate((id) => {
      const key = Object.keys(localStorage).find((k) => k.includes(`/${id}/`) && k.endsWith("/bid"));
      return key ? (JSON.parse(JSON.parse(localStorage.getItem(key)!).at(-1).receipt) as { amount: string; salt: Hex; deposit: string }) : null;
    }, auctionId.toString());
    assert(secret, "A's secret is not in browser storage");
    const error = await publicClient.simulateContract({
      account: ALICE, address: house, abi: auctionHouseAbi, functionName: "reveal",
      args: [auctionId, ALICE, BigInt(secret.amount), secret.salt, BigInt(secret.deposit), 1n],
    }).then(() => null, (e: unknown) => e);
    const revert = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    assert(revert instanceof ContractFunctionRevertedError && revert.data?.errorName === "ReserveNotYetOpened", `the contract did not refuse the early opening with ReserveNotYetOpened (${text.slice(0, 40)}…)`);
  });
  await step("reserve window: the seller is told to open its reserve, that after the window it is ignored and the bond burned", async () => {
    await seller.page.goto(auctionUrl());
    await waitText(seller.page.getByTestId("pending-reveals"), /your sealed reserve[\s\S]*its window closes in/);
    await waitText(seller.page.getByTestId("reserve-status"), /Its window closes in[\s\S]*After the window the reserve is ignored[\s\S]*bond \(0\.1 ETH\) is burned/);
    await seller.page.getByTestId("open-reserve").waitFor({ timeout: T });
    await shot(seller, "07b-reserve-window-seller.png");
  });
  await step("the seller opens the sealed reserve in its window (on chain: reserve open, phase Revealing)", async () => {
    await seller.page.getByTestId("open-reserve").click();
    await confirmed(seller.page.locator("#seller"), /Open sealed reserve/);
    await waitText(seller.page.locator("h1"), /Reveal window/);
    const st = await publicClient.readContract({ address: house, abi: auctionHouseAbi, functionName: "auctionState", args: [auctionId] });
    assert(st.reserveOpened && st.openedReserve === parseEther("1") && Number(st.phase) === 3, `reserve opened ${st.reserveOpened} at ${st.openedReserve}, phase ${st.phase}`);
  }, { critical: true });
  await step("a banner on connect tells A a reveal is pending; A reveals from browser storage (on chain: A's bid opened)", async () => {
    await alice.page.goto(auctionUrl());
    await waitText(alice.page.getByTestId("pending-reveals"), /sealed bid to open[\s\S]*closes in/);
    await shot(alice, "07-auction-reveal-banner.png");
    await alice.page.getByTestId("reveal-mine").click();
    await confirmed(alice.page.locator("#reveal"), /Reveal my bid/);
    const opened = await publicClient.getContractEvents({ address: house, abi: auctionHouseAbi, eventName: "BidRevealed", args: { auctionId, bidder: ALICE }, fromBlock: 0n });
    assert(opened.length === 1 && opened[0].args.amount === parseEther("1.5") && opened[0].args.valid, "A's opening is not on chain");
  });

  // Bidder B, fresh profile: only the receipt file survives.
  const bob2 = await openActor("bob-fresh-profile", BOB);
  await step("bad input: a receipt for another auction is refused (nothing sent)", async () => {
    await bob2.page.goto(auctionUrl());
    await connect(bob2);
    const other = join(DEMO_RECEIPTS_DIR, "auction-3-bob-bid.json");
    await bob2.page.locator("#reveal summary").first().click();
    await noTx(bob2, () => bob2.page.locator("#reveal").getByTestId("receipt-file").setInputFiles(other), bob2.page.locator("#reveal .problems"), new RegExp(`for auction 3, not auction ${auctionId}`));
  });
  await step("bad input: a receipt of another bidder with no commitment here is refused (nothing sent)", async () => {
    const forged = makeReceipt({ role: "bid", chainId: 31337, auctionHouse: house, auctionId, account: STRANGER, amount: parseEther("5"), salt: `0x${"42".repeat(32)}`, deposit: parseEther("5") });
    const path = join(OUT, "stranger-receipt.json");
    writeFileSync(path, serializeReceipt(forged));
    await noTx(bob2, () => bob2.page.locator("#reveal").getByTestId("receipt-file").setInputFiles(path), bob2.page.locator("#reveal .problems"), /has no commitment in auction/);
    await shot(bob2, "08-import-bad-receipt.png");
  });
  await step("B reveals in a fresh browser profile by importing its receipt", async () => {
    await bob2.page.locator("#reveal").getByTestId("receipt-file").setInputFiles(bobReceiptPath);
    await bob2.page.getByTestId("reveal-mine").click();
    await confirmed(bob2.page.locator("#reveal"), /Reveal my bid/);
  });
  const carol2 = await openActor("carol-fresh-profile", CAROL);
  await step("bad input: recovering with the wrong amount is refused (nothing sent)", async () => {
    await carol2.page.goto(auctionUrl());
    await connect(carol2);
    await carol2.page.locator("summary", { hasText: "Recover a signature-derived secret" }).click();
    await carol2.page.getByLabel(/The amount you bid/).fill("0.6");
    await noTx(carol2, () => carol2.page.getByRole("button", { name: "Sign and check" }).click(), carol2.page.locator("#reveal .problems"), /does not give the commitment on chain/);
  });
  await step("C recovers its secret by signing again, checked against the chain, and reveals", async () => {
    await carol2.page.getByLabel(/The amount you bid/).fill("0.5");
    await carol2.page.getByRole("button", { name: "Sign and check" }).click();
    await carol2.page.getByTestId("reveal-mine").click();
    await confirmed(carol2.page.locator("#reveal"), /Reveal my bid/);
    await shot(carol2, "09a-auction-recovered-reveal.png");
  });
  await step("the loser's deposit came back in its reveal (on chain)", async () => {
    const [status] = await publicClient.readContract({ address: house, abi: auctionHouseAbi, functionName: "positionOf", args: [auctionId, BOB] });
    assert(Number(status) === 0, `contract still holds something for B (status ${status})`);
    const spent = await gasOf(bob.sent.concat(bob2.sent));
    const now = await balance(BOB);
    assert(now === start.bob - spent, `B's balance is off by ${formatEther(start.bob - spent - now)} ETH`);
    const c = await balance(CAROL);
    const cSpent = await gasOf(carol.sent.concat(carol2.sent));
    assert(c === start.carol - cSpent, `C's balance is off by ${formatEther(start.carol - cSpent - c)} ETH`);
  });

  await step("every bid is open: the page offers early settlement", async () => {
    await seller.page.goto(auctionUrl());
    await waitText(seller.page.locator("#settle"), /Every commitment is open: anyone may settle early/);
    // Before sending, the page says what settling moves: everything, in the same transaction.
    await waitText(seller.page.locator("#settle"), /in the same transaction, delivers the lot to its owner, the winner's change and the seller's proceeds\. Each push has capped gas: one that fails .* becomes a claim/);
    await shot(seller, "09-auction-all-opened.png");
  });

  const anyone = await openActor("anyone", ANYONE);
  await step("a fourth account settles early once everything is open", async () => {
    await anyone.page.goto(auctionUrl());
    await connect(anyone);
    await anyone.page.getByTestId("settle").click();
    await confirmed(anyone.page.locator("#settle, #claims"), /Settle/);
    await waitText(anyone.page.getByTestId("outcome"), /Price\s*1\.2 ETH/);
  }, { critical: true });

  const price = parseEther("1.2");
  await step("on chain: the settlement delivered the lot, the winner's 0.8 ETH change and the seller's price + reserve bond in its own transaction; the settler paid the gas; nothing is left to claim", async () => {
    const [aliceCommit] = await publicClient.getContractEvents({ address: house, abi: auctionHouseAbi, eventName: "BidCommitted", args: { auctionId, bidder: ALICE }, fromBlock: 0n });
    const change = aliceCommit.args.deposit! - price;
    assert(change === parseEther("0.8"), `A's change would be ${formatEther(change)} ETH`);
    const hash = await assertDeliveredAtSettlement(publicClient as never, house, { auctionId, settler: ANYONE, winner: ALICE, change, proceeds: price + parseEther("0.1") });
    assert(anyone.sent.at(-1) === hash, "the settlement is not the fourth account's last transaction");
    assert(await balance(ANYONE) === start.anyone - (await gasOf(anyone.sent)), "the settler paid more than the gas of its settlement");
  });
  await step("the winner's page says the lot and the change were delivered at settlement, and offers no claim", async () => {
    const p = alice.page;
    await p.goto(auctionUrl());
    await waitText(p.getByTestId("lot-handover"), /^delivered to [\s\S]* at settlement$/);
    await waitText(p.getByTestId("change-handover"), /^0\.8 ETH: paid to [\s\S]* at settlement$/);
    await waitText(p.getByTestId("proceeds-handover"), /^1\.3 ETH: paid to [\s\S]* at settlement$/);
    await waitText(p.getByTestId("next-step"), /You won: the lot and your change were delivered at settlement\. Nothing left to claim\./);
    await waitText(p.locator("#terms"), /delivered at settlement/);
    for (const id of ["claim-lot", "withdraw-refund", "withdraw-proceeds", "deliver-lot"]) assert(await p.getByTestId(id).count() === 0, `the winner is offered ${id}`);
    await shot(alice, "10-auction-settled-winner.png");
  });
  await step("the seller's page says the price and the reserve bond were paid at settlement, and offers no claim", async () => {
    const p = seller.page;
    await p.goto(auctionUrl());
    await waitText(p.getByTestId("proceeds-handover"), /^1\.3 ETH: paid to [\s\S]* at settlement$/);
    for (const id of ["claim-lot", "withdraw-refund", "withdraw-proceeds", "deliver-lot"]) assert(await p.getByTestId(id).count() === 0, `the seller is offered ${id}`);
  });
  await step("on chain: the winner owns the lot, balances moved exactly by price and gas, the house keeps nothing of this auction", async () => {
    const owner = await publicClient.readContract({ address: d.nft, abi: erc721Abi, functionName: "ownerOf", args: [LOT_ID] });
    assert(owner.toLowerCase() === ALICE.toLowerCase(), `lot owner is ${owner}`);
    const a = await balance(ALICE);
    assert(a === start.alice - price - (await gasOf(alice.sent)), `A's balance is off by ${formatEther(start.alice - price - (await gasOf(alice.sent)) - a)} ETH`);
    const s = await balance(SELLER);
    assert(s === start.seller + price - (await gasOf(seller.sent)), `seller's balance is off by ${formatEther(start.seller + price - (await gasOf(seller.sent)) - s)} ETH`);
    const state = await publicClient.readContract({ address: house, abi: auctionHouseAbi, functionName: "auctionState", args: [auctionId] });
    assert(state.settled && state.winner.toLowerCase() === ALICE.toLowerCase() && state.runnerUp === price && state.lotClaimed, "auctionState disagrees");
    const h = await balance(d.auctionHouse);
    assert(h === start.house, `the AuctionHouse holds ${formatEther(h - start.house)} ETH more than before this auction`);
  });

  // Set up outside the UI: a second lot of the seller, escrowed in a fresh auction with a bond equal to its public
  // reserve (shill-proof for MHR values, which its page must say), later cancelled.
  const tokenId = userTokenIds(0)[1];
  let cancelId = 0n;
  await step("set-up: the seller escrows a second lot in an auction with public reserve 0.5 ETH and bond 0.5 ETH", async () => {
    const send = async (req: Parameters<ReturnType<typeof wallet>["writeContract"]>[0]) =>
      publicClient.waitForTransactionReceipt({ hash: await wallet(SELLER).writeContract(req) });
    await send({ address: d.nft, abi: erc721Abi, functionName: "approve", args: [house, tokenId] } as never);
    const now = Number((await publicClient.getBlock()).timestamp);
    const terms: AuctionTerms = {
      seller: SELLER, lotKind: 0, lotToken: d.nft, lotAmountOrId: tokenId, paymentToken: ZERO_ADDRESS, format: 0,
      commitEnd: now + 3600, reserveEnd: 0, revealEnd: now + 7200, bond: parseEther("0.5"), floorReserve: parseEther("0.5"), sealedReserveCommitment: ZERO_BYTES32, reserveNonce: 0n,
    };
    cancelId = await publicClient.readContract({ address: house, abi: auctionHouseAbi, functionName: "nextAuctionId" });
    await send({ address: house, abi: auctionHouseAbi, functionName: "create", args: [terms] } as never);
  }, { critical: true });
  await auctionShillVerdictStep(anyone, `${APP}/auctions/${cancelId}`, "shill-proof for MHR values (second price, bond 0.5 ETH ≥ public reserve 0.5 ETH)",
    { headline: "Shill-proof (for MHR values)", detail: /Second price with a public reserve of 0\.5 ETH and a bond of 0\.5 ETH ≥ the reserve: if bidders' values have a monotone hazard rate/ }, "13a-auction-shill-verdict-proof.png");
  await step("the seller cancels an auction without bids, sending the lot to a recipient it names (on chain: the recipient owns it)", async () => {
    const id = cancelId;
    const p = seller.page;
    await p.goto(`${APP}/auctions/${id}`);
    const field = p.getByLabel("Send the lot to");
    await field.waitFor({ timeout: T });
    assert((await field.inputValue()).toLowerCase() === SELLER.toLowerCase(), "the recipient does not default to the seller");
    await field.fill(ZERO_ADDRESS);
    await waitText(p.locator("#cancel-problems"), /must not be the zero address/);
    assert(await p.getByTestId("cancel").isDisabled(), "cancel is offered with the zero address as recipient");
    await field.fill(ANYONE);
    await p.getByTestId("cancel").click();
    await confirmed(p.locator("#seller"), /Cancel auction/);
    await waitText(p.locator("h1"), /Cancelled/);
    await shot(seller, "13b-cancel-to-recipient.png");
    const owner = await publicClient.readContract({ address: d.nft, abi: erc721Abi, functionName: "ownerOf", args: [tokenId] });
    assert(owner.toLowerCase() === ANYONE.toLowerCase(), `the lot went to ${owner}, not to the named recipient`);
  });
  await step("the audit page recomputes the outcome in the browser and says it matches", async () => {
    await anyone.page.goto(`${auctionUrl()}/audit`);
    await waitText(anyone.page.getByTestId("audit-verdict"), /^Matches\./);
    await waitText(anyone.page.getByTestId("event-table"), /AuctionSettled[\s\S]*LotClaimed/);
    await waitText(anyone.page.getByTestId("contract-facts"), /matches[\s\S]*none: no owner/);
    await waitText(anyone.page.getByTestId("audit-shill-verdict"), /^Not shill-proof\. Second price without a public reserve/);
    await shot(anyone, "11-audit-auction.png");
  });
  await step("the audit index shows the contract's credibility facts", async () => {
    await anyone.page.getByRole("link", { name: "Audit", exact: true }).click();
    await waitText(anyone.page.getByTestId("contract-facts"), /Privileged functions[\s\S]*none/);
    await shot(anyone, "12-audit-index.png");
  });
  await step("My bids shows the finished bid as done", async () => {
    await alice.page.goto(`${APP}/my-bids`);
    await waitText(alice.page.getByTestId(`my-bid-${auctionId}-bid`), /Done/);
    await shot(alice, "13-my-bids-done.png");
  });
  await step("responsive: the auction page fits a phone screen without horizontal scrolling", async () => {
    await anyone.page.setViewportSize({ width: 390, height: 844 });
    await anyone.page.goto(auctionUrl());
    await waitText(anyone.page.locator("h1"), /Auction #/);
    await anyone.page.getByTestId("outcome").waitFor({ timeout: T });
    const overflow = await anyone.page.evaluate("document.documentElement.scrollWidth - window.innerWidth") as number;
    await shot(anyone, "14-auction-phone.png");
    assert(overflow <= 1, `page is ${overflow}px wider than the screen`);
  });
  await step("keyboard: the wallet menu opens, is navigable and closes with Escape", async () => {
    const p = anyone.page;
    await p.setViewportSize({ width: 1280, height: 900 });
    await p.goto(APP);
    await p.getByTestId("wallet-button").focus();
    await p.keyboard.press("Enter");
    await p.getByRole("group", { name: "Wallet" }).waitFor({ timeout: T });
    await p.keyboard.press("Escape");
    await p.getByRole("group", { name: "Wallet" }).waitFor({ state: "detached", timeout: T });
  });
  await step("mechanism lab: uniform 0..1, 5 bidders gives reserve 0.5; \"use these settings\" pre-fills the create form", async () => {
    const p = anyone.page;
    await p.getByRole("link", { name: "Lab", exact: true }).click();
    await p.getByLabel("Distribution").selectOption("uniform");
    await p.getByLabel("Lowest value a").fill("0");
    await p.getByLabel("Highest value b").fill("1");
    await p.getByLabel("Number of bidders").fill("5");
    await p.getByTestId("lab-compute").click();
    await waitText(p.getByTestId("lab-reserve"), /^0\.5$/);
    await waitText(p.getByTestId("lab-bond"), /^0\.5/);
    await p.getByTestId("lab-shill-chart").locator(".recharts-line").first().waitFor({ timeout: T });
    await shot(anyone, "15-lab.png");
    await p.getByTestId("lab-use").click();
    await p.getByLabel("Public floor, visible to all").waitFor({ timeout: T });
    assert(await p.getByLabel("Public floor, visible to all").isChecked(), "the public floor is not selected");
    const floor = await p.getByLabel(/^Public floor \(/).inputValue();
    const bond = await p.getByLabel(/^Bond \(/).inputValue();
    assert(floor === "0.5" && /^0\.5/.test(bond), `create form shows floor "${floor}", bond "${bond}"`);
    assert(await p.getByLabel(/^Highest value \(/).inputValue() === "1" && await p.getByLabel("Expected number of bidders").inputValue() === "5", "the lab's value assumption did not reach the create form");
    await waitText(p.getByTestId("shill-check"), /^Shill-proof under this assumption/);
  });
  await selfOpeningSteps({ publicClient: publicClient as never, wallet: wallet as never, house, nft: d.nft, beacon, anyone });
  await hiddenDepositSteps({ publicClient: publicClient as never, wallet: wallet as never, house, nft: d.nft, anyone });
  await runKUnitSteps(seller, anyone);
  await step("RPC down: every page says 'RPC unavailable — retrying' and hides its numbers; back when the node answers", async () => {
    const p = anyone.page;
    await p.goto(auctionUrl());
    await waitText(p.getByTestId("outcome"), /Price/);
    // The browser's requests to the node fail with 503 (the wallet's own calls go through the harness).
    const down = (url: URL) => url.origin === new URL(RPC).origin;
    await p.route(down, (r) => r.fulfill({ status: 503, body: "Service Unavailable" }));
    await waitText(p.getByTestId("rpc-unavailable"), /^RPC unavailable — retrying\. The .* RPC does not answer/, 20_000);
    await p.getByTestId("rpc-gate").waitFor({ timeout: T });
    assert(await p.getByTestId("outcome").count() === 0, "the auction's outcome is still shown while the RPC is down");
    await shot(anyone, "19-rpc-unavailable.png");
    await p.unroute(down);
    await p.getByTestId("rpc-unavailable").waitFor({ state: "detached", timeout: 20_000 });
    await waitText(p.getByTestId("outcome"), /Price/);
  });
  if (indexer) {
    await indexerSteps({ page: anyone.page, appUrl: APP, step, waitText, assert, shot: (f) => shot(anyone, f), indexer });
  }
  await step("no page fetched anything but 127.0.0.1 (no network fonts or assets)", async () => {
    const ext = [...new Set(actors.flatMap((a) => a.external))];
    assert(ext.length === 0, `external requests: ${ext.slice(0, 3).join(", ")}`);
  });
}

let code = 0;
const interrupt = async () => {
  console.log("\ne2e: interrupted; stopping the node, the app and the browsers");
  for (const a of [...actors]) await closeActor(a).catch(() => {});
  await Promise.all([stopServices(), stopE2eBeacon()]);
  process.exit(130);
};
process.on("SIGINT", () => void interrupt());
process.on("SIGTERM", () => void interrupt());
try {
  await main();
} catch (e) {
  if (e instanceof Abort) console.log(`e2e: ${e.message}`);
  else record(false, "e2e harness", e instanceof Error ? e.message : String(e));
} finally {
  for (const a of [...actors]) await closeActor(a).catch(() => {});
  await Promise.all([stopServices(), stopE2eBeacon()]);
  const { passed, failed, failures } = summary();
  if (failures.length) console.log(`\nfailures:\n${failures.map((f) => `  - ${f}`).join("\n")}`);
  console.log(`\nscreenshots: e2e-results/  duration: ${elapsed()}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  code = failed > 0 || passed === 0 ? 1 : 0;
}
process.exit(code);
