/**
 * Whole-auction gas (issue 13), run by scripts/bench-gas.ts: a second-price ETH auction of one ERC-721 lot with n
 * bidders, bids uniform in 0.1–10 ETH, deposits bid + 10%, every bidder opening its own bid in a random order
 * (wholeAuction.n), or one batch opening of every bid sent by the seller (wholeAuctionBatched.n); then every
 * transaction anyone still needs until everyone holds what is theirs: settlement (sent by the seller), and any
 * claim left open after it (the lot, the winner's change, a displaced leader's refund, the seller's proceeds).
 * The claims are found from the house's own state, so the scenario is the same whatever settlement delivers.
 * Each scenario runs on its own deployment (house and collection) with fresh accounts and the same seed every
 * run; the figures are receipts' gasUsed, summed, with the share each party sent.
 */
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { getAddress, keccak256, toHex, type Address, type Hex } from "viem";
import { bidCommitment } from "../lib/auction.js";

export const WHOLE_SIZES = [2, 10, 100] as const;
const BOND = 10n ** 16n;
const ZERO = "0x0000000000000000000000000000000000000000" as Address;
const ZERO32 = `0x${"00".repeat(32)}` as Hex;

/** Deterministic uniform draws in [0, 1) from a keccak chain: the same bids and reveal order every run. */
function seeded(label: string) {
  let state = keccak256(toHex(label));
  return () => {
    state = keccak256(state);
    return Number(BigInt(state) >> 203n) / 2 ** 53;
  };
}

export interface WholeAuctionRun {
  bidders: number;
  batched: boolean;
  total: number;
  /** Gas of every transaction the party sent, summed. */
  seller: number;
  winner: number;
  loserMean: number;
  /** Transactions sent after settlement (claims), and what settlement itself cost. */
  claims: number;
  settle: number;
  /** Bidders that led at some point and were displaced. */
  displacedLeaders: number;
}

export async function runWholeAuction(viem: HardhatViemHelpers, n: number, batched: boolean): Promise<WholeAuctionRun> {
  const publicClient = await viem.getPublicClient();
  const testClient = await viem.getTestClient();
  const label = `whole auction ${n}${batched ? " batched" : ""}`;
  const account = async (name: string) => {
    const address = getAddress(`0x${keccak256(toHex(`${label} ${name}`)).slice(26)}`) as Address;
    await testClient.impersonateAccount({ address });
    await testClient.setBalance({ address, value: 10n ** 24n });
    return viem.getWalletClient(address);
  };
  const seller = await account("seller");
  const house = await viem.deployContract("AuctionHouse");
  const nft = await viem.deployContract("MockERC721", ["Whole Lot", "WHOLE"]);
  const chainId = BigInt(await publicClient.getChainId());
  const spent = new Map<Address, number>();
  const gasOf = async (from: Address, hash: Hex) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${label}: transaction ${hash} reverted`);
    const gas = Number(receipt.gasUsed);
    spent.set(from, (spent.get(from) ?? 0) + gas);
    return gas;
  };

  const tokenId = 1n;
  await nft.write.mint([seller.account.address, tokenId]);
  await nft.write.approve([house.address, tokenId], { account: seller.account });
  const now = Number((await publicClient.getBlock()).timestamp);
  const terms = {
    seller: seller.account.address, lotKind: 0, lotToken: nft.address, lotAmountOrId: tokenId, paymentToken: ZERO, format: 0,
    commitEnd: now + 3600, reserveEnd: 0, revealEnd: now + 7200, bond: BOND, floorReserve: 0n, sealedReserveCommitment: ZERO32, reserveNonce: 0n,
  } as const;
  const auctionId = await house.read.nextAuctionId();
  await gasOf(seller.account.address, await house.write.create([terms], { account: seller.account }));
  const domain = { chainId, auctionHouse: house.address, auctionId };

  const draw = seeded(label);
  const bids: { wallet: Awaited<ReturnType<typeof account>>; amount: bigint; salt: Hex; deposit: bigint; order: bigint }[] = [];
  for (let i = 0; i < n; i++) {
    const wallet = await account(`bidder ${i}`);
    // Uniform in 0.1–10 ETH at gwei resolution; the deposit is the bid + 10%.
    const amount = (10n ** 8n + BigInt(Math.floor(draw() * 9.9e9))) * 10n ** 9n;
    const bid = { wallet, amount, salt: keccak256(toHex(`${label} salt ${i}`)), deposit: amount + amount / 10n, order: BigInt(i + 1) };
    const commitment = bidCommitment(domain, wallet.account.address, bid.amount, bid.salt);
    await gasOf(wallet.account.address, await house.write.commit([auctionId, commitment, bid.deposit], { value: bid.deposit, account: wallet.account }));
    bids.push(bid);
  }
  await testClient.increaseTime({ seconds: 3600 });
  await testClient.mine({ blocks: 1 });

  // A random reveal order (Fisher–Yates on the same seed).
  const order = bids.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(draw() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const revealed = order.map((i) => bids[i]);
  let displacedLeaders = -1;
  let best = -1n;
  for (const b of revealed) {
    if (b.amount > best) {
      best = b.amount;
      displacedLeaders++;
    }
  }
  if (batched) {
    const openings = revealed.map((b) => ({ bidder: b.wallet.account.address, amount: b.amount, salt: b.salt, deposit: b.deposit, order: b.order }));
    await gasOf(seller.account.address, await house.write.revealMany([auctionId, openings], { account: seller.account }));
  } else {
    for (const b of revealed) {
      await gasOf(b.wallet.account.address, await house.write.reveal(
        [auctionId, b.wallet.account.address, b.amount, b.salt, b.deposit, b.order], { account: b.wallet.account },
      ));
    }
  }

  const { bestOrder } = await house.read.auctionState([auctionId]);
  const winner = bids[bestOrder - 1];
  const settle = await gasOf(seller.account.address, await house.write.settle([auctionId, terms, winner.wallet.account.address], { account: seller.account }));

  // Whatever is still owed after settlement, each owner claims.
  let claims = 0;
  const state = await house.read.auctionState([auctionId]);
  if (!state.lotClaimed) {
    claims += await gasOf(winner.wallet.account.address, await house.write.claimLot([auctionId, terms, winner.wallet.account.address], { account: winner.wallet.account }));
  }
  for (const b of bids) {
    const [status, value] = await house.read.positionOf([auctionId, b.wallet.account.address]);
    if (status === 2 && value > 0n) {
      claims += await gasOf(b.wallet.account.address, await house.write.withdrawRefund([auctionId, b.wallet.account.address], { account: b.wallet.account }));
    }
  }
  if ((await house.read.proceedsOf([auctionId, seller.account.address])) > 0n) {
    claims += await gasOf(seller.account.address, await house.write.withdrawProceeds([auctionId, seller.account.address], { account: seller.account }));
  }

  // Everyone holds what is theirs: the lot, and nothing left in the house but burned bonds (none here).
  if ((await nft.read.ownerOf([tokenId])).toLowerCase() !== winner.wallet.account.address.toLowerCase()) {
    throw new Error(`${label}: the winner does not hold the lot`);
  }
  const left = await publicClient.getBalance({ address: house.address });
  if (left !== 0n) throw new Error(`${label}: the house still holds ${left} wei`);

  const total = [...spent.values()].reduce((a, b) => a + b, 0);
  const losers = bids.filter((b) => b !== winner).map((b) => spent.get(b.wallet.account.address) ?? 0);
  return {
    bidders: n,
    batched,
    total,
    seller: spent.get(seller.account.address) ?? 0,
    winner: spent.get(winner.wallet.account.address) ?? 0,
    loserMean: Math.round(losers.reduce((a, b) => a + b, 0) / Math.max(1, losers.length)),
    claims,
    settle,
    displacedLeaders,
  };
}

export interface WholeAuctionBench {
  runs: WholeAuctionRun[];
  json: {
    wholeAuction: Record<string, number>;
    wholeAuctionBatched: Record<string, number>;
    party: { winner: number; seller: number; loserMean: number };
  };
}

export async function benchWholeAuction(viem: HardhatViemHelpers): Promise<WholeAuctionBench> {
  const runs: WholeAuctionRun[] = [];
  for (const n of WHOLE_SIZES) runs.push(await runWholeAuction(viem, n, false));
  for (const n of WHOLE_SIZES) runs.push(await runWholeAuction(viem, n, true));
  const pick = (batched: boolean) => Object.fromEntries(runs.filter((r) => r.batched === batched).map((r) => [String(r.bidders), r.total]));
  const ten = runs.find((r) => !r.batched && r.bidders === 10)!;
  return {
    runs,
    json: {
      wholeAuction: pick(false),
      wholeAuctionBatched: pick(true),
      party: { winner: ten.winner, seller: ten.seller, loserMean: ten.loserMean },
    },
  };
}

export function formatWholeAuctionRows(runs: WholeAuctionRun[]): string {
  const fmt = (x: number) => x.toLocaleString("en-US");
  const lines = [
    "| scenario | n | total | seller | winner | loser (mean) | settle | claims after settlement | displaced leaders |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of runs) {
    lines.push(`| ${r.batched ? "wholeAuctionBatched" : "wholeAuction"} | ${fmt(r.bidders)} | ${fmt(r.total)} | ${fmt(r.seller)} | ${fmt(r.winner)} | ${fmt(r.loserMean)} | ${fmt(r.settle)} | ${fmt(r.claims)} | ${r.displacedLeaders} |`);
  }
  return lines.join("\n");
}
