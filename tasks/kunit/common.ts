/**
 * What the k-unit tasks share on top of tasks/common.ts: the k-unit house from the deployment record
 * (`kunitHouse`), an auction read from its logs (lib/kunit-history.ts), and calls simulated then sent with the
 * k-unit ABI, whose reverts become one line.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { Address, Hex, WalletClient } from "viem";
import { MAX_AMOUNT, UNIT_FORMATS, UNIT_LOT_KINDS, ZERO_ADDRESS, type UnitAuctionTerms } from "../../lib/auction.js";
import { kUnitAuctionHouseAbi } from "../../lib/kunit-abi.js";
import { fetchKUnitHistory, type KUnitBidder, type KUnitHistory } from "../../lib/kunit-history.js";
import { vaultAddress } from "../../lib/vault.js";
import { assetOf, balanceIn, CliError, connect, formatAmount, simulate, send, type Asset, type CommonArgs, type Context, type Connection, type Sent } from "../common.js";

export type KContext = Context & { conn: Connection };

/** Connects to --network and finds the k-unit house (--house, else the record's `kunitHouse`). */
export function connectKUnit(hre: HardhatRuntimeEnvironment, args: CommonArgs, fromBlock?: bigint): Promise<KContext> {
  return connect(hre, args, fromBlock, "kunit");
}

export interface LoadedKUnit {
  id: bigint;
  phase: number;
  history: KUnitHistory;
  terms: UnitAuctionTerms;
  asset: Asset;
  fmt: (x: bigint) => string;
}

export async function kunitView<T>(ctx: Context, functionName: string, args: readonly unknown[]): Promise<T> {
  return (await ctx.publicClient.readContract({ address: ctx.house, abi: kUnitAuctionHouseAbi, functionName, args } as never)) as T;
}

/** Reads a k-unit auction from its logs; fails in one line when it does not exist. */
export async function loadKUnit(ctx: Context, auctionId: bigint): Promise<LoadedKUnit> {
  const phase = Number(await kunitView<number>(ctx, "phaseOf", [auctionId]));
  if (phase === 0) throw new CliError(`there is no k-unit auction ${auctionId} at ${ctx.house} on chain ${ctx.chainId}`);
  const history = await fetchKUnitHistory(ctx.rpc, { auctionHouse: ctx.house, auctionId, chainId: ctx.chainId, fromBlock: ctx.deployBlock });
  if (history.created === null) {
    throw new CliError(`auction ${auctionId} exists but its AuctionCreated log is not after block ${ctx.deployBlock}: pass an earlier --from-block`);
  }
  const terms = history.created.terms;
  const asset = await assetOf(ctx, terms.paymentToken);
  return { id: auctionId, phase, history, terms, asset, fmt: (x) => formatAmount(x, asset) };
}

/** Simulates a call of the k-unit house as the wallet's account, then sends it; a revert is one line and nothing is sent. */
export async function sendKUnit(
  ctx: Context,
  w: WalletClient & { account: { address: Address } },
  functionName: string,
  args: readonly unknown[],
  o: { value?: bigint; fmt?: (x: bigint) => string } = {},
): Promise<Sent> {
  const describe = o.fmt ? { formatAmount: o.fmt } : {};
  const request = await simulate(ctx, w, { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName, args, value: o.value }, describe);
  return send(ctx, w, request, describe, kUnitAuctionHouseAbi);
}

/** The decoded arguments of the first event of this name a transaction emitted. */
export function eventArgs<T = Record<string, unknown>>(sent: Sent, name: string): T | undefined {
  return sent.events.find((e) => e.eventName === (name as never))?.args as T | undefined;
}

/** One line describing the lot and the pricing. */
export function describeLot(t: UnitAuctionTerms): string {
  const lot = UNIT_LOT_KINDS[t.lotKind] === "erc1155" ? `${t.units} copies of ERC-1155 ${t.lotToken} #${t.lotId}` : `${t.lotAmount} base units of ERC-20 ${t.lotToken} in ${t.units} units of ${t.lotAmount / BigInt(t.units)}`;
  return `${lot}; ${UNIT_FORMATS[t.format]}; paid in ${t.paymentToken === ZERO_ADDRESS ? "ETH" : t.paymentToken}`;
}

/**
 * The deposit a bid's opening will count, for its validity and its top-set hint: the public deposit, plus, for a
 * hidden deposit (rule 16), what the bid's vault (lib/vault.ts, from the opening's salt) holds now, as far as the
 * house's 112-bit amounts go. Only a guess for a hidden bid: the vault may still receive funds before the opening
 * is mined; a hint that turns out stale is recomputed from the logs and retried.
 */
export async function depositAtOpening(ctx: Context, h: KUnitHistory, b: Pick<KUnitBidder, "bidder" | "deposit" | "hidden">, salt: Hex): Promise<bigint> {
  if (!b.hidden) return b.deposit;
  const token = h.created!.terms.paymentToken;
  const held = await balanceIn(ctx, token, vaultAddress({ chainId: h.chainId, auctionHouse: h.auctionHouse, auctionId: h.auctionId }, b.bidder, salt, token));
  const total = b.deposit + held;
  return total > MAX_AMOUNT ? MAX_AMOUNT : total;
}
