/**
 * E2E steps for the k-unit house, hooked into scripts/e2e.ts. The seller creates a k = 3 uniform-price auction
 * of ERC-1155 copies in the app; five bidders (Hardhat accounts #10–#14, which nothing else uses, so their
 * balances move only here) commit in the app; bids open in rising order so two members of the top set are
 * pushed out, one bid is opened by someone else from its bidder's receipt, the others by their bidders; anyone
 * settles in the app; the three winners claim their unit and change, the two losers withdraw their refunds, the
 * seller its proceeds; the audit page rebuilds the auction from its logs and says it matches. Checked on chain: ERC-1155 balances, UnitClaimed prices, exact ETH balances (price and
 * gas), the house keeping nothing of this auction.
 */
import { join } from "node:path";
import { formatEther, parseEther, type Address, type Hex, type PublicClient } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { kUnitAuctionHouseAbi } from "../../lib/kunit-abi.js";
import { closeActor, confirmed, connect, openActor, shot, step, waitText, type Actor } from "./browser.js";
import { APP, OUT, SELLER } from "./config.js";
import { assert } from "./report.js";

const DEV_MNEMONIC = "test test test test test test test test test test test junk";
/** Hardhat's funded, unlocked dev accounts #10–#14: the five k-unit bidders. */
const BIDDERS = [10, 11, 12, 13, 14].map((i) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i }).address);

const erc1155BalanceAbi = [
  { type: "function", name: "balanceOf", stateMutability: "view", inputs: [{ name: "account", type: "address" }, { name: "id", type: "uint256" }], outputs: [{ type: "uint256" }] },
] as const;

export interface KUnitKit {
  publicClient: PublicClient;
  kunitHouse: Address;
  erc1155: Address;
  erc1155Id: bigint;
  seller: Actor;
  anyone: Actor;
}

interface Bidder {
  name: string;
  account: Address;
  amount: bigint;
  deposit: bigint;
  receipt: string;
  /** Every transaction any of its browser profiles sent. */
  sent: Hex[];
}

export async function kunitSteps(k: KUnitKit): Promise<void> {
  const { publicClient, kunitHouse } = k;
  const bidders: Bidder[] = [
    ["b1", "1", "1.2"], ["b2", "0.8", "1"], ["b3", "0.6", "0.8"], ["b4", "0.5", "0.7"], ["b5", "0.3", "0.5"],
  ].map(([name, amount, deposit], i) => ({ name, account: BIDDERS[i], amount: parseEther(amount), deposit: parseEther(deposit), receipt: join(OUT, `kunit-${name}-receipt.json`), sent: [] }));
  const [b1, b2, b3, b4, b5] = bidders;
  const PRICE = parseEther("0.5"); // the highest losing bid (b4's), above the floor of 0.1
  const balance = (a: Address) => publicClient.getBalance({ address: a });
  const units = (a: Address) => publicClient.readContract({ address: k.erc1155, abi: erc1155BalanceAbi, functionName: "balanceOf", args: [a, k.erc1155Id] });
  const gasOf = async (hashes: Hex[]) => {
    let total = 0n;
    for (const h of hashes) {
      const r = await publicClient.getTransactionReceipt({ hash: h });
      total += r.gasUsed * r.effectiveGasPrice;
    }
    return total;
  };
  const start = new Map<Address, bigint>();
  for (const b of bidders) start.set(b.account, await balance(b.account));
  const sellerStart = await balance(SELLER);
  const sellerSentBefore = k.seller.sent.length;
  const houseStart = await balance(kunitHouse);
  const houseUnitsStart = await units(kunitHouse);
  const sellerUnitsStart = await units(SELLER);
  let id = 0n;
  const url = () => `${APP}/kunit/${id}`;

  /** A fresh browser profile for a bidder: only its receipt file (if any) survives between them. */
  const asBidder = async (b: Bidder, label: string, f: (a: Actor) => Promise<void>) => {
    const a = await openActor(`kunit-${b.name}-${label}`, b.account);
    try {
      await a.page.goto(url());
      await connect(a);
      await f(a);
    } finally {
      b.sent.push(...a.sent);
      await closeActor(a);
    }
  };
  const importReceipt = async (a: Actor, path: string) => {
    await a.page.locator("#reveal summary", { hasText: "Import a bid receipt" }).click();
    await a.page.locator("#reveal").getByTestId("receipt-file").setInputFiles(path);
  };

  await step("k-unit: the seller creates a k = 3 uniform-price auction of ERC-1155 copies in the app (floor 0.1 ETH per unit)", async () => {
    const p = k.seller.page;
    await p.goto(`${APP}/create`);
    await p.getByTestId("create-kunit-link").click();
    await p.getByLabel("Units (k)").waitFor();
    assert(await p.getByLabel("Lot token contract").inputValue() === k.erc1155, "the form does not offer the demo ERC-1155");
    await p.getByLabel("Token id", { exact: true }).fill(k.erc1155Id.toString());
    await p.getByLabel("Units (k)").fill("3");
    await waitText(p.getByTestId("unit-lot-status"), /You hold \d+ copies of id/);
    if (await p.getByTestId("approve-lot").count() > 0) {
      await p.getByTestId("approve-lot").click();
      await confirmed(p.locator("#lot"), /Approve lot/);
      await waitText(p.getByTestId("unit-lot-status"), /approved for escrow/);
    }
    await p.getByLabel("Commit window", { exact: true }).fill("1");
    await p.getByLabel("Commit window unit").selectOption("hours");
    await p.getByLabel("Reveal window", { exact: true }).fill("1");
    await p.getByLabel("Reveal window unit").selectOption("hours");
    await p.getByLabel("Bond (ETH)").fill("0.05");
    await p.getByLabel("Public floor per unit (ETH)").fill("0.1");
    await p.getByTestId("create-submit").click();
    const text = await waitText(p.getByTestId("created"), /k-unit auction #\d+ is live/);
    id = BigInt(/#(\d+)/.exec(text)![1]);
    await shot(k.seller, "31-kunit-create.png");
    const escrowed = (await units(kunitHouse)) - houseUnitsStart;
    assert(escrowed === 3n, `the house escrowed ${escrowed} copies, not 3`);
    const st = await publicClient.readContract({ address: kunitHouse, abi: kUnitAuctionHouseAbi, functionName: "auctionState", args: [id] });
    assert(st.units === 3 && st.unitsFree === 3 && st.format === 0 && Number(st.phase) === 1, `auction state: ${st.units} units, ${st.unitsFree} free, format ${st.format}, phase ${st.phase}`);
  }, { critical: true });

  await step("k-unit: the home list shows the auction labelled k units", async () => {
    const p = k.anyone.page;
    await p.goto(APP);
    await waitText(p.getByTestId(`kunit-row-${id}`), /k units[\s\S]*3 × ERC-1155[\s\S]*Uniform price[\s\S]*Commit window[\s\S]*3 of 3/);
    await p.getByTestId("kunit-auctions").scrollIntoViewIfNeeded();
    await shot(k.anyone, "32-kunit-list.png", false);
  });

  // b2 keeps its browser to the end: it reveals from this browser's storage and claims there.
  const b2Actor = await openActor("kunit-b2", b2.account);
  await step("k-unit: five bidders commit sealed bids for one unit each in the app; each downloads its receipt", async () => {
    for (const b of bidders) {
      const commit = async (a: Actor) => {
        const p = a.page;
        await p.getByLabel("Your bid for one unit (ETH)").fill(formatEther(b.amount));
        await p.getByLabel("Deposit (ETH)").fill(formatEther(b.deposit));
        await p.getByRole("button", { name: "Commit bid" }).click();
        await confirmed(p.locator("#commit"), /Commit bid/);
        const [download] = await Promise.all([p.waitForEvent("download"), p.getByTestId("download-receipt").click()]);
        await download.saveAs(b.receipt);
      };
      if (b === b2) {
        await b2Actor.page.goto(url());
        await connect(b2Actor);
        await commit(b2Actor);
        await shot(b2Actor, "33-kunit-commit.png");
      } else {
        await asBidder(b, "commit", commit);
      }
    }
    const st = await publicClient.readContract({ address: kunitHouse, abi: kUnitAuctionHouseAbi, functionName: "auctionState", args: [id] });
    assert(st.commitCount === 5, `${st.commitCount} commitments on chain`);
  }, { critical: true });

  await step("k-unit: chain time moves into the reveal window; before any opening the page shows no clearing price", async () => {
    const p = k.anyone.page;
    await p.goto(url());
    await p.getByRole("button", { name: "Jump to the reveal window" }).click();
    await waitText(p.locator("h1"), /Reveal window/);
    await waitText(p.getByTestId("clearing-price"), /shown once bids are opened/);
  }, { critical: true });

  await step("k-unit: three bidders open their bids from their receipts in fresh browsers (0.3, 0.5, 0.6 ETH fill the 3 units)", async () => {
    for (const b of [b5, b4, b3]) {
      await asBidder(b, "reveal", async (a) => {
        await importReceipt(a, b.receipt);
        await a.page.getByTestId("reveal-mine").click();
        await confirmed(a.page.locator("#reveal"), /Reveal my bid/);
      });
    }
    const p = k.anyone.page;
    await p.goto(url());
    await waitText(p.getByTestId("units-left"), /^0$/);
    await waitText(p.getByTestId("clearing-price"), /^0\.1 ETH$/); // no losing bid yet: the floor
  }, { critical: true });

  await step("k-unit: b2 reveals from its browser storage with a hint from the logs; it pushes out the 0.3 ETH bid", async () => {
    const p = b2Actor.page;
    await p.goto(url());
    await p.getByTestId("reveal-mine").click();
    await confirmed(p.locator("#reveal"), /Reveal my bid/);
    await waitText(p.getByTestId("reveal-hint"), /Hint: top-set slot \d+ \(computed from the logs/);
    const [ev] = await publicClient.getContractEvents({ address: kunitHouse, abi: kUnitAuctionHouseAbi, eventName: "BidRevealed", args: { auctionId: id, bidder: b2.account }, fromBlock: 0n });
    assert(ev?.args.valid === true && ev.args.slot !== 0n && ev.args.displaced === 5n, `b2's opening: slot ${ev?.args.slot}, displaced order ${ev?.args.displaced}`);
    await waitText(p.getByTestId("clearing-price"), /^0\.3 ETH$/);
  }, { critical: true });

  await step("k-unit: someone else opens b1's bid from b1's receipt (it counts for b1)", async () => {
    const p = k.anyone.page;
    await p.goto(url());
    await importReceipt(k.anyone, b1.receipt);
    await waitText(p.locator("#reveal"), /Opening it counts for that bidder, not for you/);
    await p.getByTestId("reveal-other").click();
    await confirmed(p.locator("#reveal"), /Open bid/);
    await shot(k.anyone, "34-kunit-opened-by-other.png");
    const [ev] = await publicClient.getContractEvents({ address: kunitHouse, abi: kUnitAuctionHouseAbi, eventName: "BidRevealed", args: { auctionId: id, bidder: b1.account }, fromBlock: 0n });
    const tx = await publicClient.getTransaction({ hash: ev!.transactionHash });
    assert(tx.from.toLowerCase() === k.anyone.account.toLowerCase() && ev!.args.amount === b1.amount, `b1's bid was opened by ${tx.from}`);
  }, { critical: true });

  await step("k-unit: every bid open: 0 units left, standing clearing price 0.5 ETH, b2 sees its rank (2 of 5, winning)", async () => {
    const p = b2Actor.page;
    await p.goto(url());
    await waitText(p.getByTestId("clearing-price"), /^0\.5 ETH$/);
    await waitText(p.getByTestId("units-left"), /^0$/);
    await waitText(p.getByTestId("my-rank"), /Your rank\s*2 of 5 opened valid bids · winning a unit now[\s\S]*You would pay\s*0\.5 ETH/);
    await waitText(p.locator("#settle"), /Every commitment is open: anyone may settle early/);
    await shot(b2Actor, "35-kunit-standing.png");
  });

  await step("k-unit: anyone settles in the app: 3 units sold at 0.5 ETH each (on chain)", async () => {
    const p = k.anyone.page;
    await p.goto(url());
    await p.getByTestId("settle").click();
    await confirmed(p.locator("#settle"), /Settle/);
    await waitText(p.getByTestId("kunit-standing"), /Units sold\s*3[\s\S]*Units unsold\s*0[\s\S]*Price every winner pays\s*0\.5 ETH/);
    await shot(k.anyone, "36-kunit-settled.png");
    const [ev] = await publicClient.getContractEvents({ address: kunitHouse, abi: kUnitAuctionHouseAbi, eventName: "AuctionSettled", args: { auctionId: id }, fromBlock: 0n });
    assert(ev?.args.unitsSold === 3n && ev.args.price === PRICE, `settled: ${ev?.args.unitsSold} units at ${ev?.args.price}`);
  }, { critical: true });

  await step("k-unit: every winner claims its unit and change in the app; the two pushed-out bidders withdraw their refunds", async () => {
    await b2Actor.page.goto(url());
    await waitText(b2Actor.page.getByTestId("claim-unit"), /Claim my unit and change of 0\.5 ETH \(price 0\.5 ETH\)/);
    await b2Actor.page.getByTestId("claim-unit").click();
    await confirmed(b2Actor.page.locator("#claims"), /Claim unit/);
    await shot(b2Actor, "37-kunit-winner-claimed.png");
    for (const b of [b1, b3]) {
      await asBidder(b, "claim", async (a) => {
        await a.page.getByTestId("claim-unit").click();
        await confirmed(a.page.locator("#claims"), /Claim unit/);
      });
    }
    for (const b of [b4, b5]) {
      await asBidder(b, "refund", async (a) => {
        await waitText(a.page.getByTestId("withdraw-refund"), new RegExp(`Withdraw refund of ${formatEther(b.deposit).replace(".", "\\.")} ETH`));
        if (b === b4) await shot(a, "38-kunit-loser-refund.png");
        await a.page.getByTestId("withdraw-refund").click();
        await confirmed(a.page.locator("#claims"), /Withdraw refund/);
      });
    }
  });

  await step("k-unit: the seller withdraws the proceeds of the three units (1.5 ETH)", async () => {
    const p = k.seller.page;
    await p.goto(url());
    await waitText(p.getByTestId("withdraw-proceeds"), /Withdraw proceeds of 1\.5 ETH/);
    await p.getByTestId("withdraw-proceeds").click();
    await confirmed(p.locator("#claims"), /Withdraw proceeds/);
  });

  await step("k-unit: on chain every winner holds one unit and paid 0.5 ETH, every loser got its whole deposit back, the house keeps nothing", async () => {
    b2.sent.push(...b2Actor.sent);
    const claims = await publicClient.getContractEvents({ address: kunitHouse, abi: kUnitAuctionHouseAbi, eventName: "UnitClaimed", args: { auctionId: id }, fromBlock: 0n });
    const claimed = claims.map((c) => c.args.bidder!.toLowerCase()).sort();
    assert(JSON.stringify(claimed) === JSON.stringify([b1, b2, b3].map((b) => b.account.toLowerCase()).sort()), `UnitClaimed by ${claimed.join(", ")}`);
    assert(claims.every((c) => c.args.price === PRICE), `claimed prices: ${claims.map((c) => formatEther(c.args.price!)).join(", ")}`);
    for (const b of bidders) {
      const winner = b === b1 || b === b2 || b === b3;
      const held = await units(b.account);
      assert(held === (winner ? 1n : 0n), `${b.name} holds ${held} units`);
      const expected = start.get(b.account)! - (await gasOf(b.sent)) - (winner ? PRICE : 0n);
      const now = await balance(b.account);
      assert(now === expected, `${b.name}'s balance is off by ${formatEther(now - expected)} ETH`);
      const [status] = await publicClient.readContract({ address: kunitHouse, abi: kUnitAuctionHouseAbi, functionName: "positionOf", args: [id, b.account] });
      assert(status === 0, `the house still holds something for ${b.name} (status ${status})`);
    }
    const seller = await balance(SELLER);
    const sellerExpected = sellerStart + 3n * PRICE - (await gasOf(k.seller.sent.slice(sellerSentBefore)));
    assert(seller === sellerExpected, `the seller's balance is off by ${formatEther(seller - sellerExpected)} ETH`);
    assert((await units(SELLER)) === sellerUnitsStart - 3n, "the seller's copies did not go down by 3");
    assert((await balance(kunitHouse)) === houseStart, `the k-unit house holds ${formatEther((await balance(kunitHouse)) - houseStart)} ETH more than before this auction`);
    assert((await units(kunitHouse)) === houseUnitsStart, "the k-unit house still holds copies of this auction");
  });

  await step("k-unit: the audit page rebuilds the auction from its logs in the browser: \"Matches.\", three winners at 0.5 ETH, the unit claims in the event history", async () => {
    const p = k.anyone.page;
    await p.goto(url());
    await p.getByRole("link", { name: "Audit this auction" }).click();
    await waitText(p.getByTestId("audit-verdict"), /^Matches\./);
    await waitText(p.getByTestId("outcome-table"), /Units sold\s*3\s*3[\s\S]*Uniform price[^\n]*\s*0\.5 ETH\s*0\.5 ETH/i);
    const winners = await waitText(p.getByTestId("winners-table"), /claimed at 0\.5 ETH[\s\S]*claimed at 0\.5 ETH[\s\S]*claimed at 0\.5 ETH/);
    assert(!winners.includes("✗"), `the winners table shows a difference: ${winners}`);
    const events = p.getByTestId("event-table");
    await waitText(events, /UnitClaimed/);
    const claimRows = await events.locator("tr", { hasText: "UnitClaimed" }).allInnerTexts();
    assert(claimRows.length === 3 && claimRows.every((r) => /claimed its unit at 0\.5 ETH/.test(r)), `unit claims in the event table: ${claimRows.join(" | ")}`);
    await shot(k.anyone, "41-kunit-audit.png");
  });

  await step("k-unit: My bids lists b2's k-unit bid as done, with its rank", async () => {
    const p = b2Actor.page;
    await p.getByRole("link", { name: "My bids" }).click();
    await waitText(p.getByTestId(`kunit-my-bid-${id}`), /Bid 0\.8 ETH for one unit[\s\S]*Settled[\s\S]*2 of 5 · won[\s\S]*Done: You won a unit and received it/);
    await shot(b2Actor, "39-kunit-my-bids.png");
  });
  await closeActor(b2Actor);

  await step("k-unit: the auction page fits a phone screen without horizontal scrolling", async () => {
    const p = k.anyone.page;
    await p.setViewportSize({ width: 390, height: 844 });
    try {
      await p.goto(url());
      await p.getByTestId("kunit-standing").waitFor();
      const overflow = await p.evaluate("document.documentElement.scrollWidth - window.innerWidth") as number;
      await shot(k.anyone, "40-kunit-phone.png");
      assert(overflow <= 1, `page is ${overflow}px wider than the screen`);
    } finally {
      await p.setViewportSize({ width: 1280, height: 900 });
    }
  });
}
