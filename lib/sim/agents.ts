/**
 * The market simulation's agents, as pure plans: who sells what, on which terms, who bids how much with
 * which deposit, who opens what (and who sends the opening), what each one claims. Everything is drawn from
 * a seeded generator, so a seed fixes the whole market. No chain here: lib/sim/market.ts sends the plans.
 *
 * Agents:
 *  - truthful bidders: values from a lab distribution; second price bids the value, first price bids the
 *    symmetric equilibrium bid for the number of bidders who will open (lib/lab firstPriceBid);
 *  - careless bidders: truthful, but bid above their deposit (an invalid opening that forfeits the bond);
 *  - forgetful bidders: commit and never open; half of them later take back deposit − bond;
 *  - third-party openers: a keeper opens some truthful bids on the bidders' behalf (rule 8);
 *  - sellers with Sybil shills: shills commit a grid of prices; after the honest openings the seller opens
 *    the shills below the best bid (refunded in full) and withholds those above it (one bond each, burned);
 *  - griefers: a contract bidder that rejects ETH (ETH auctions) or NFTs (wins an NFT it cannot receive),
 *    a bidder the hostile payment token blocks (its pushed refund fails), a seller offering a
 *    fee-on-transfer ERC-20 lot (refused at creation);
 *  - sealed reserves: the seller opens its reserve in the reserve window (or withholds it and loses the
 *    bond); bidders open only after the window (an opening tried inside it is refused);
 *  - cancelling sellers: cancel before any commitment and send the lot (and any reserve bond) to a
 *    recipient they name.
 */
import type { Address, Hex } from "viem";
import { keccak256, toHex } from "viem";
import type { Format, ReserveKind } from "../auction.js";
import type { Distribution } from "../lab/distributions.js";
import type { Rng } from "../lab/random.js";
import { firstPriceBid } from "../lab/revenue.js";

export type BidderRole = "truthful" | "careless" | "forgetful" | "shill" | "griefer-eth" | "griefer-nft" | "griefer-token";
export type PaymentKind = "eth" | "erc20" | "hostile";
export type LotPlan = { kind: "erc721" } | { kind: "erc20"; amount: bigint } | { kind: "fee-on-transfer"; amount: bigint };

/** One unit of value in the distribution is this many wei (or token base units). */
export const VALUE_UNIT = 10n ** 18n;
/** Every auction's bond. */
export const SIM_BOND = 10n ** 16n;

export interface BidPlan {
  role: BidderRole;
  /** Index of the account (an EOA in the bidder pool, or a griefer contract in its pool). */
  account: number;
  /** Value drawn from the distribution (NaN for shills). */
  value: number;
  amount: bigint;
  deposit: bigint;
  salt: Hex;
  /** Who sends the opening: the bidder itself, the keeper (a third party), or nobody. */
  opener: "self" | "keeper" | "none";
  /** Shills: opened only if below the best honest bid. */
  shill: boolean;
  /** Forgetful bidders: take back deposit − bond after the reveal window. */
  withdrawUnrevealed: boolean;
}

export interface AuctionPlan {
  /** Index of the seller in the seller pool. */
  seller: number;
  format: Format;
  reserve: ReserveKind;
  /** Public floor (wei) or sealed reserve amount (wei). */
  floor: bigint;
  sealedAmount: bigint;
  sealedSalt: Hex;
  /** Whether the seller opens its sealed reserve. */
  openReserve: boolean;
  /** The seller cancels before any commitment (no bids), sending the lot to a recipient. */
  cancel: boolean;
  payment: PaymentKind;
  lot: LotPlan;
  bids: BidPlan[];
  /** Whether the auction counts for the revenue comparison (no shills, no sealed reserve, ETH or ERC-20). */
  comparable: boolean;
  /** Bidders whose value-based bid is opened validly: the n of the lab's prediction. */
  activeBidders: number;
}

export interface AgentMix {
  /** Probabilities per bidder slot. */
  forgetful: number;
  careless: number;
  griefer: number;
  /** Share of truthful openings sent by the keeper. */
  thirdPartyOpen: number;
  /** Per auction. */
  shillSeller: number;
  sealedReserve: number;
  publicReserve: number;
  firstPrice: number;
  erc20Payment: number;
  hostilePayment: number;
  erc20Lot: number;
  feeOnTransferLot: number;
  /** Per auction: cancelled before any commitment. */
  cancel: number;
  /** Shills per shill seller. */
  shills: number;
}

export const DEFAULT_MIX: AgentMix = {
  forgetful: 0.05,
  careless: 0.02,
  griefer: 0.04,
  thirdPartyOpen: 0.2,
  shillSeller: 0.08,
  sealedReserve: 0.12,
  publicReserve: 0.25,
  firstPrice: 0.3,
  erc20Payment: 0.15,
  hostilePayment: 0.08,
  erc20Lot: 0.25,
  feeOnTransferLot: 0.01,
  cancel: 0.02,
  shills: 3,
};

export interface PlanContext {
  rng: Rng;
  dist: Distribution;
  /** Bidder slots per auction. */
  bidders: number;
  mix: AgentMix;
  /** Pool sizes: bidder EOAs, sellers, griefer contracts. */
  bidderPool: number;
  sellerPool: number;
  grieferPool: number;
  /** The public reserve used (the lab's optimal reserve for the distribution), in value units. */
  publicReserve: number;
  /** A label for salts (seed), so salts differ between seeds. */
  saltLabel: string;
}

const toWei = (v: number) => BigInt(Math.round(v * 1e6)) * (VALUE_UNIT / 1_000_000n);
const pick = <T>(rng: Rng, items: readonly T[]) => items[Math.floor(rng() * items.length)];

/** Distinct indices in [0, pool) — the same account never bids twice in one auction. */
function distinct(rng: Rng, count: number, pool: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, pool)) chosen.add(Math.floor(rng() * pool));
  return [...chosen];
}


/** Plans one auction. `index` only feeds the salts. */
export function planAuction(ctx: PlanContext, index: number): AuctionPlan {
  const { rng, mix } = ctx;
  const label = `${ctx.saltLabel}:${index}`;
  let salts = 0;
  const saltOf = (l: string): Hex => keccak256(toHex(`${l}:${++salts}`));
  const u = rng();
  const reserve: ReserveKind = u < mix.sealedReserve ? "sealed" : u < mix.sealedReserve + mix.publicReserve ? "public" : "none";
  const format: Format = rng() < mix.firstPrice ? "first-price" : "second-price";
  const p = rng();
  const payment: PaymentKind = p < mix.hostilePayment ? "hostile" : p < mix.hostilePayment + mix.erc20Payment ? "erc20" : "eth";
  const l = rng();
  const lot: LotPlan =
    l < mix.feeOnTransferLot ? { kind: "fee-on-transfer", amount: 1000n * VALUE_UNIT }
    : l < mix.feeOnTransferLot + mix.erc20Lot ? { kind: "erc20", amount: BigInt(1 + Math.floor(rng() * 100)) * VALUE_UNIT }
    : { kind: "erc721" };
  const shillSeller = rng() < mix.shillSeller;
  const floor = reserve === "public" ? toWei(ctx.publicReserve) : 0n;
  const sealedAmount = reserve === "sealed" ? toWei(ctx.dist.quantile(0.2 + rng() * 0.6)) : 0n;
  const openReserve = reserve === "sealed" && rng() < 0.85;

  // Roles first, so first-price bidders can know how many competitors will open.
  const accounts = distinct(rng, ctx.bidders + (shillSeller ? mix.shills : 0), ctx.bidderPool);
  const roles: BidderRole[] = [];
  for (let i = 0; i < ctx.bidders; i++) {
    const r = rng();
    let role: BidderRole = "truthful";
    if (r < mix.forgetful) role = "forgetful";
    else if (r < mix.forgetful + mix.careless) role = "careless";
    else if (r < mix.forgetful + mix.careless + mix.griefer) {
      // Contract griefers bid in ETH only (BidderContract forwards ETH); the hostile token blocks an EOA.
      if (payment === "hostile") role = "griefer-token";
      else if (payment === "eth") role = lot.kind === "erc721" ? pick(rng, ["griefer-eth", "griefer-nft"] as const) : "griefer-eth";
    }
    roles.push(role);
  }
  const active = roles.filter((r) => r !== "forgetful" && r !== "careless").length;
  const bidFn = format === "first-price" ? firstPriceBid(ctx.dist, Math.max(active, 1), floor > 0n ? ctx.publicReserve : 0) : null;
  const bids: BidPlan[] = [];
  let grieferSlot = 0;
  roles.forEach((role, i) => {
    const value = ctx.dist.sample(rng);
    const bid = bidFn && value >= 0 ? bidFn(value) : value;
    const amount = toWei(Math.max(0, bid));
    const padding = toWei(rng() * 0.2);
    const deposit = (role === "careless" ? amount / 2n : amount + padding) + SIM_BOND;
    const contract = role === "griefer-eth" || role === "griefer-nft";
    bids.push({
      role,
      // Griefers come from their own pools (contracts rejecting ETH, contracts rejecting NFTs, blocked EOAs).
      account: contract || role === "griefer-token" ? (index * 7 + grieferSlot++) % ctx.grieferPool : accounts[i],
      value,
      amount: role === "careless" ? amount + SIM_BOND + padding : amount,
      deposit,
      salt: saltOf(label),
      opener: role === "forgetful" ? "none" : contract || role === "griefer-token" || rng() < mix.thirdPartyOpen ? "keeper" : "self",
      shill: false,
      withdrawUnrevealed: role === "forgetful" && rng() < 0.5,
    });
  });
  if (shillSeller) {
    // A grid over the upper half of the value range: the seller hopes to raise a second price.
    for (let k = 0; k < mix.shills; k++) {
      const amount = toWei(ctx.dist.quantile(0.5 + (0.45 * (k + 1)) / (mix.shills + 1)));
      bids.push({
        role: "shill", account: accounts[ctx.bidders + k], value: Number.NaN, amount, deposit: amount + SIM_BOND,
        salt: saltOf(label), opener: "self", shill: true, withdrawUnrevealed: true,
      });
    }
  }
  // Commit order: shuffle so shills and griefers are not always last.
  for (let i = bids.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [bids[i], bids[j]] = [bids[j], bids[i]];
  }
  const seller = Math.floor(rng() * ctx.sellerPool);
  const sealedSalt = saltOf(label);
  const cancel = rng() < mix.cancel;
  return {
    seller, format, reserve, floor, sealedAmount, sealedSalt, openReserve, cancel, payment, lot,
    bids: cancel ? [] : bids,
    comparable: !cancel && !shillSeller && reserve !== "sealed",
    activeBidders: cancel ? 0 : active,
  };
}

/** Shills to open: those strictly below the best valid honest opening (opening them is free). */
export function shillsToOpen(plan: AuctionPlan): BidPlan[] {
  let best = -1n;
  for (const b of plan.bids) if (!b.shill && b.opener !== "none" && b.amount <= b.deposit && b.amount > best) best = b.amount;
  return plan.bids.filter((b) => b.shill && b.amount < best);
}

export type { Address };
