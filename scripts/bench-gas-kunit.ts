/**
 * Gas benchmark of the k-unit house (contracts/KUnitAuctionHouse.sol), run by scripts/bench-gas.ts after the
 * single-item figures: uniform-price ETH auctions of k copies of an ERC-1155 id with (k, n) = (1, 2), (10, 100)
 * and (100, 1,000). Bids are committed with padded deposits and opened in a shuffled order with hints computed
 * from the revealed bids (lib/top-set.ts), so reveals mix bids that fill the set, bids that enter a full set
 * (displacing its lowest member) and bids that do not enter. Figures are receipts' gasUsed.
 * Hidden deposits (rule 16), as the single-item keys: kunit.commitHidden is the highest of 10 hidden commits after
 * 3 plain ones (k = 1, ETH); kunit.revealVaultEth is a keeper opening a hidden bid that does not enter (a higher
 * plain bid holds the one unit) whose vault holds its collateral, refunded in full (bond + collateral).
 */
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { getAddress, keccak256, toHex, type Address, type Hex, type PublicClient } from "viem";
import { bidCommitment, ZERO_ADDRESS, ZERO_BYTES32, type UnitAuctionTerms } from "../lib/auction.js";
import { batchHints, TopSetModel } from "../lib/top-set.js";

export const KUNIT_SIZES = [
  [1, 2],
  [10, 100],
  [100, 1000],
] as const;
const BOND = 10n ** 16n;
const UNIT = 10n ** 17n;

export interface Span {
  min: number;
  median: number;
  max: number;
  count: number;
}

export interface KUnitRow {
  units: number;
  bidders: number;
  create: number;
  commit: number;
  /** A bid entering a set that still has room. */
  revealFill: Span;
  /** A bid entering a full set: it displaces the lowest member (hinted). */
  revealEnter: Span;
  /** A valid bid that does not enter (refunded in its reveal). */
  revealLoser: Span;
  settle: number;
  claimUnit: number;
  withdrawDisplaced: number;
  withdrawProceeds: number;
}

export interface KUnitBench {
  rows: KUnitRow[];
  /** revealMany: gas per entry of a batch of bids entering a full set (k = 10), hints from batchHints. */
  revealManyPerEntry: number;
  /** Pay-as-bid, k = 100, n = 1,000: the same reveals and claims as the uniform-price row. */
  payAsBid: KUnitRow;
  /** A bid entering a full set (k = 40) with a fresh hint, and with a hint 16 members too low (the walk bound). */
  walk: { fresh: number; walked16: number; perStep: number };
  /** Hidden deposits: the highest hidden commit, and opening a hidden bid that does not enter (ETH). */
  hidden: { commitHidden: number; revealVaultEth: number };
  /** kunit.* keys of bench/gas.json. */
  json: { create: number } & Record<string, unknown>;
}

function span(xs: number[]): Span {
  if (xs.length === 0) return { min: 0, median: 0, max: 0, count: 0 };
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1], count: s.length };
}

export async function benchKUnit(viem: HardhatViemHelpers): Promise<KUnitBench> {
  const publicClient = (await viem.getPublicClient()) as PublicClient;
  const testClient = await viem.getTestClient();
  const [seller] = await viem.getWalletClients();
  const house = await viem.deployContract("KUnitAuctionHouse");
  const lot = await viem.deployContract("MockERC1155");
  await lot.write.setApprovalForAll([house.address, true]);
  const chainId = BigInt(await publicClient.getChainId());

  const gasOf = async (hash: Hex): Promise<number> => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return Number(receipt.gasUsed);
  };
  const wallets: Awaited<ReturnType<typeof viem.getWalletClient>>[] = [];
  const maxBidders = Math.max(...KUNIT_SIZES.map(([, n]) => n));
  for (let i = 0; i < maxBidders; i++) {
    const address = getAddress(`0x${keccak256(toHex(`kunit bench bidder ${i}`)).slice(26)}`) as Address;
    await testClient.impersonateAccount({ address });
    await testClient.setBalance({ address, value: 10n ** 24n });
    wallets.push(await viem.getWalletClient(address));
  }

  let nextId = 1n;
  async function createAuction(units: number, format = 0): Promise<{ auctionId: bigint; terms: UnitAuctionTerms; gas: number }> {
    const lotId = nextId++;
    await lot.write.mint([seller.account.address, lotId, BigInt(units)]);
    const now = Number((await publicClient.getBlock()).timestamp);
    const terms: UnitAuctionTerms = {
      seller: seller.account.address, lotKind: 0, lotToken: lot.address, lotId, lotAmount: BigInt(units), units,
      paymentToken: ZERO_ADDRESS, format, commitEnd: now + 3600, reserveEnd: 0, revealEnd: now + 7200, bond: BOND,
      floorReserve: 0n, sealedReserveCommitment: ZERO_BYTES32, reserveNonce: 0n,
    };
    const auctionId = await house.read.nextAuctionId();
    const gas = await gasOf(await house.write.create([terms]));
    return { auctionId, terms, gas };
  }

  async function run(units: number, n: number, format = 0): Promise<KUnitRow> {
    const { auctionId, terms, gas: create } = await createAuction(units, format);
    const domain = { chainId, auctionHouse: house.address, auctionId };
    const bids = Array.from({ length: n }, (_, i) => ({
      wallet: wallets[i],
      amount: UNIT * BigInt(((i * 7919) % n) + 1),
      salt: keccak256(toHex(`kunit salt ${units} ${n} ${i}`)),
      deposit: UNIT * BigInt(((i * 7919) % n) + 2), // padded
      order: i + 1,
    }));
    let commit = 0;
    for (const b of bids) {
      const c = bidCommitment(domain, b.wallet.account.address, b.amount, b.salt);
      commit = Math.max(commit, await gasOf(await house.write.commit([auctionId, c, b.deposit], { value: b.deposit, account: b.wallet.account })));
    }
    await testClient.increaseTime({ seconds: 3600 });
    await testClient.mine({ blocks: 1 });

    const set = new TopSetModel(units, 0n);
    const fill: number[] = [];
    const enter: number[] = [];
    const loser: number[] = [];
    const slotOf = new Map<number, number>();
    const displacedOrders: number[] = [];
    for (const b of bids) {
      const hint = set.hintFor(b);
      const full = set.free === 0;
      const placed = set.open({ order: b.order, amount: b.amount, valid: true }, hint);
      const g = await gasOf(await house.write.reveal(
        [auctionId, b.wallet.account.address, b.amount, b.salt, b.deposit, BigInt(b.order), BigInt(hint)],
        { account: b.wallet.account },
      ));
      if (placed.slot === 0) loser.push(g);
      else {
        (full ? enter : fill).push(g);
        slotOf.set(b.order, placed.slot);
        if (placed.displaced) displacedOrders.push(placed.displaced);
      }
    }
    const anyone = wallets[0];
    const settle = await gasOf(await house.write.settle([auctionId, terms], { account: anyone.account }));
    const members = set.members();
    const top = bids[members[members.length - 1].order - 1];
    const claimUnit = await gasOf(await house.write.claimUnit([auctionId, top.wallet.account.address], { account: top.wallet.account }));
    let withdrawDisplaced = 0;
    if (displacedOrders.length) {
      const d = bids[displacedOrders[0] - 1];
      withdrawDisplaced = await gasOf(await house.write.withdrawRefund([auctionId, d.wallet.account.address], { account: d.wallet.account }));
    }
    const withdrawProceeds = await gasOf(await house.write.withdrawProceeds([auctionId, terms, seller.account.address]));
    return {
      units, bidders: n, create, commit, revealFill: span(fill), revealEnter: span(enter), revealLoser: span(loser),
      settle, claimUnit, withdrawDisplaced, withdrawProceeds,
    };
  }

  /** A keeper's batch: 20 bids opened one by one (filling k = 10 and more), then 20 in one revealMany. */
  async function revealManyPerEntry(): Promise<number> {
    const units = 10;
    const n = 40;
    const { auctionId } = await createAuction(units);
    const domain = { chainId, auctionHouse: house.address, auctionId };
    const bids = Array.from({ length: n }, (_, i) => ({
      wallet: wallets[i], amount: UNIT * BigInt(i + 1), salt: keccak256(toHex(`kunit batch ${i}`)), deposit: UNIT * BigInt(i + 2), order: i + 1,
    }));
    for (const b of bids) {
      const c = bidCommitment(domain, b.wallet.account.address, b.amount, b.salt);
      await house.write.commit([auctionId, c, b.deposit], { value: b.deposit, account: b.wallet.account });
    }
    await testClient.increaseTime({ seconds: 3600 });
    await testClient.mine({ blocks: 1 });
    const set = new TopSetModel(units, 0n);
    for (const b of bids.slice(0, 20)) {
      const hint = set.hintFor(b);
      set.open({ ...b, valid: true }, hint);
      await house.write.reveal([auctionId, b.wallet.account.address, b.amount, b.salt, b.deposit, BigInt(b.order), BigInt(hint)], { account: b.wallet.account });
    }
    // Ascending amounts: every entry enters the full set and displaces its lowest member.
    const batch = bids.slice(20);
    const hints = batchHints(set, batch.map((b) => ({ ...b, valid: true })));
    const entries = batch.map((b, i) => ({
      bidder: b.wallet.account.address, amount: b.amount, salt: b.salt, deposit: b.deposit, order: BigInt(b.order), hint: BigInt(hints[i]),
    }));
    const gas = await gasOf(await house.write.revealMany([auctionId, entries], { account: wallets[0].account }));
    return Math.round(gas / batch.length);
  }

  /** The price of a stale hint: the same entering reveal with a fresh hint and with one 16 members too low. */
  async function walkCost(): Promise<{ fresh: number; walked16: number; perStep: number }> {
    const units = 40;
    const out: number[] = [];
    for (const stale of [false, true]) {
      const { auctionId } = await createAuction(units);
      const domain = { chainId, auctionHouse: house.address, auctionId };
      const bids = Array.from({ length: units + 1 }, (_, i) => ({
        wallet: wallets[i], amount: UNIT * BigInt(i + 1), salt: keccak256(toHex(`kunit walk ${stale} ${i}`)), deposit: UNIT * BigInt(i + 2), order: i + 1,
      }));
      for (const b of bids) {
        const c = bidCommitment(domain, b.wallet.account.address, b.amount, b.salt);
        await house.write.commit([auctionId, c, b.deposit], { value: b.deposit, account: b.wallet.account });
      }
      await testClient.increaseTime({ seconds: 3600 });
      await testClient.mine({ blocks: 1 });
      const set = new TopSetModel(units, 0n);
      for (const b of bids.slice(0, units)) {
        const hint = set.hintFor(b);
        set.open({ ...b, valid: true }, hint);
        await house.write.reveal([auctionId, b.wallet.account.address, b.amount, b.salt, b.deposit, BigInt(b.order), BigInt(hint)], { account: b.wallet.account });
      }
      // The last bid ranks highest: its fresh hint is the top member; a stale one sits 16 members lower.
      const top = bids[units];
      const members = set.members();
      const hint = stale ? members[members.length - 1 - 16].slot : set.hintFor(top);
      out.push(await gasOf(await house.write.reveal(
        [auctionId, top.wallet.account.address, top.amount, top.salt, top.deposit, BigInt(top.order), BigInt(hint)], { account: top.wallet.account },
      )));
    }
    return { fresh: out[0], walked16: out[1], perStep: Math.round((out[1] - out[0]) / 16) };
  }

  /** Hidden deposits (ETH, k = 1): 3 plain commits then 10 hidden ones, each vault funded from another account. */
  async function hiddenDeposits(): Promise<{ commitHidden: number; revealVaultEth: number }> {
    const { auctionId } = await createAuction(1);
    const domain = { chainId, auctionHouse: house.address, auctionId };
    const funder = wallets[20];
    const commitGas: number[] = [];
    const bids: { wallet: (typeof wallets)[number]; amount: bigint; salt: Hex; order: number; hidden: boolean }[] = [];
    for (let i = 0; i < 13; i++) {
      const wallet = wallets[i];
      const amount = i === 0 ? 10n ** 21n : UNIT * BigInt(i + 1);
      const salt = keccak256(toHex(`kunit hidden ${i}`));
      const c = bidCommitment(domain, wallet.account.address, amount, salt);
      const hidden = i >= 3;
      if (!hidden) {
        await house.write.commit([auctionId, c, amount + UNIT], { value: amount + UNIT, account: wallet.account });
      } else {
        commitGas.push(await gasOf(await house.write.commitHidden([auctionId, c], { value: BOND, account: wallet.account })));
        const vault = await house.read.vaultOf([auctionId, wallet.account.address, salt]);
        await funder.sendTransaction({ to: vault, value: amount });
      }
      bids.push({ wallet, amount, salt, order: i + 1, hidden });
    }
    await testClient.increaseTime({ seconds: 3600 });
    await testClient.mine({ blocks: 1 });
    const top = bids[0];
    await house.write.reveal([auctionId, top.wallet.account.address, top.amount, top.salt, top.amount + UNIT, BigInt(top.order), 0n]);
    const gas: number[] = [];
    for (const b of bids.slice(3)) {
      gas.push(await gasOf(await house.write.reveal([auctionId, b.wallet.account.address, b.amount, b.salt, BOND, BigInt(b.order), 0n], { account: wallets[0].account })));
    }
    return { commitHidden: Math.max(...commitGas), revealVaultEth: Math.max(...gas) };
  }

  // kunit.create: a fresh ERC-1155 auction of k = 10 copies.
  const { gas: create10 } = await createAuction(10);
  const rows: KUnitRow[] = [];
  for (const [k, n] of KUNIT_SIZES) rows.push(await run(k, n));
  const payAsBid = await run(100, 1000, 1);
  const perEntry = await revealManyPerEntry();
  const walk = await walkCost();
  const hidden = await hiddenDeposits();
  const big = rows.find((r) => r.units === 100 && r.bidders === 1000)!;
  const json = {
    create: create10,
    commit: Math.max(...rows.map((r) => r.commit)),
    revealEnter: big.revealEnter.max,
    revealFill: Math.max(...rows.map((r) => r.revealFill.max)),
    revealLoser: Math.max(...rows.map((r) => r.revealLoser.max)),
    settle: Object.fromEntries(rows.map((r) => [`${r.units}.${r.bidders}`, r.settle])),
    claimUnit: Math.max(...rows.map((r) => r.claimUnit)),
    withdrawDisplaced: Math.max(...rows.map((r) => r.withdrawDisplaced)),
    withdrawProceeds: Math.max(...rows.map((r) => r.withdrawProceeds)),
    revealManyPerEntry: perEntry,
    revealEnterStaleHint: walk,
    payAsBid: { revealEnter: payAsBid.revealEnter.max, revealLoser: payAsBid.revealLoser.max, settle: payAsBid.settle, claimUnit: payAsBid.claimUnit },
    commitHidden: hidden.commitHidden,
    revealVaultEth: hidden.revealVaultEth,
  };
  return { rows, revealManyPerEntry: perEntry, payAsBid, walk, hidden, json };
}

/** Markdown table of the rows, for the console. */
export function formatKUnitRows(rows: KUnitRow[], labels: string[] = []): string {
  const fmt = (x: number) => x.toLocaleString("en-US");
  const sp = (s: Span) => (s.count ? `${fmt(s.min)}–${fmt(s.max)} (median ${fmt(s.median)}, ${s.count})` : "–");
  const lines = [
    "| k | bidders | create | commit | reveal (fills the set) | reveal (enters a full set) | reveal (does not enter) | settle | claimUnit | withdraw displaced | withdrawProceeds |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const [i, r] of rows.entries()) {
    lines.push(`| ${r.units}${labels[i] ? ` ${labels[i]}` : ""} | ${fmt(r.bidders)} | ${fmt(r.create)} | ${fmt(r.commit)} | ${sp(r.revealFill)} | ${sp(r.revealEnter)} | ${sp(r.revealLoser)} | ${fmt(r.settle)} | ${fmt(r.claimUnit)} | ${fmt(r.withdrawDisplaced)} | ${fmt(r.withdrawProceeds)} |`);
  }
  return lines.join("\n");
}
