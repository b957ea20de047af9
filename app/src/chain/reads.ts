/**
 * Plain read actions over a viem PublicClient (wagmi's "actions" layer): no React, no wallet. Auction state
 * comes from event logs (lib/history.ts, rule 10) plus the contract's views; hooks wrap these in queries.
 */
import { erc20Abi, erc721Abi, getAddress, type Address, type PublicClient } from "viem";
import { ZERO_ADDRESS } from "../../../lib/auction.js";
import { fetchAuctionHistory, listAuctions, type AuctionHistory, type AuctionSummary } from "../../../lib/history.js";
import type { AuctionStateView } from "../../../lib/audit.js";
import type { RpcRequester } from "../../../lib/logs.js";
import { auctionHouseAbi } from "../generated/config";
import type { DeploymentRecord } from "../generated/config";
import { POSITION_KINDS, type PositionKind } from "../core/next-step";
import { phaseFromIndex, type PhaseName } from "../core/phase";

export interface TokenMeta {
  address: Address;
  kind: "eth" | "erc20" | "erc721";
  name: string;
  symbol: string;
  decimals: number;
}

export const ETH_META: TokenMeta = { address: ZERO_ADDRESS, kind: "eth", name: "Ether", symbol: "ETH", decimals: 18 };

const rpc = (client: PublicClient) => client as unknown as RpcRequester;

/** Name, symbol and decimals of an ERC-20 (missing optional fields get safe defaults). */
export async function readErc20Meta(client: PublicClient, address: Address): Promise<TokenMeta> {
  const [name, symbol, decimals] = await Promise.all([
    client.readContract({ address, abi: erc20Abi, functionName: "name" }).catch(() => "ERC-20"),
    client.readContract({ address, abi: erc20Abi, functionName: "symbol" }).catch(() => "TOKEN"),
    client.readContract({ address, abi: erc20Abi, functionName: "decimals" }).catch(() => 18),
  ]);
  return { address: getAddress(address), kind: "erc20", name, symbol, decimals: Number(decimals) };
}

export async function readNftMeta(client: PublicClient, address: Address): Promise<TokenMeta> {
  const [name, symbol] = await Promise.all([
    client.readContract({ address, abi: erc721Abi, functionName: "name" }).catch(() => "ERC-721"),
    client.readContract({ address, abi: erc721Abi, functionName: "symbol" }).catch(() => "NFT"),
  ]);
  return { address: getAddress(address), kind: "erc721", name, symbol, decimals: 0 };
}

export function paymentMeta(client: PublicClient, token: Address): Promise<TokenMeta> {
  return token.toLowerCase() === ZERO_ADDRESS ? Promise.resolve(ETH_META) : readErc20Meta(client, token);
}

export interface AuctionListItem extends AuctionSummary {
  /** The contract's phaseOf at the latest block: the summary alone cannot tell an early "nothing to open". */
  phase: PhaseName;
}

/** Every auction from the contract's events, with its phase from the contract (one batched request). */
export async function loadAuctionList(client: PublicClient, d: DeploymentRecord): Promise<AuctionListItem[]> {
  const summaries = await listAuctions(rpc(client), { auctionHouse: d.auctionHouse, fromBlock: BigInt(d.deployBlock) });
  const phases = await Promise.all(
    summaries.map((s) => client.readContract({ address: d.auctionHouse, abi: auctionHouseAbi, functionName: "phaseOf", args: [s.auctionId] })),
  );
  return summaries.map((s, i) => ({ ...s, phase: phaseFromIndex(Number(phases[i])) }));
}

export interface AuctionData {
  history: AuctionHistory;
  state: AuctionStateView;
}

/** One auction: its full history from logs and the contract's decoded state. */
export async function loadAuction(client: PublicClient, d: DeploymentRecord, auctionId: bigint): Promise<AuctionData> {
  const [history, raw] = await Promise.all([
    fetchAuctionHistory(rpc(client), { auctionHouse: d.auctionHouse, auctionId, chainId: client.chain?.id, fromBlock: BigInt(d.deployBlock) }),
    client.readContract({ address: d.auctionHouse, abi: auctionHouseAbi, functionName: "auctionState", args: [auctionId] }),
  ]);
  const state = raw as unknown as AuctionStateView;
  return { history, state: { ...state, phase: Number(state.phase), format: Number(state.format) } };
}

export interface AccountView {
  position: { kind: PositionKind; value: bigint };
  proceeds: bigint;
  /** Balance of the payment asset (ETH or the ERC-20). */
  balance: bigint;
  /** ERC-20 payment: the allowance granted to the AuctionHouse. */
  allowance: bigint | null;
}

/** What the contract holds for `account` in one auction, and what it can pay with. */
export async function loadAccountView(
  client: PublicClient,
  d: DeploymentRecord,
  auctionId: bigint,
  account: Address,
  paymentToken: Address,
): Promise<AccountView> {
  const eth = paymentToken.toLowerCase() === ZERO_ADDRESS;
  const [[status, value], proceeds, balance, allowance] = await Promise.all([
    client.readContract({ address: d.auctionHouse, abi: auctionHouseAbi, functionName: "positionOf", args: [auctionId, account] }) as Promise<readonly [number, bigint]>,
    client.readContract({ address: d.auctionHouse, abi: auctionHouseAbi, functionName: "proceedsOf", args: [auctionId, account] }) as Promise<bigint>,
    eth ? client.getBalance({ address: account }) : client.readContract({ address: paymentToken, abi: erc20Abi, functionName: "balanceOf", args: [account] }),
    eth ? Promise.resolve(null) : client.readContract({ address: paymentToken, abi: erc20Abi, functionName: "allowance", args: [account, d.auctionHouse] }),
  ]);
  return { position: { kind: POSITION_KINDS[Number(status)] ?? "none", value }, proceeds, balance, allowance };
}

export interface LotCheck {
  meta: TokenMeta;
  /** ERC-721: whether `account` owns the token; ERC-20: its balance. */
  owned: boolean;
  balance: bigint;
  /** Whether the AuctionHouse may already move it (approval or allowance ≥ amount). */
  approved: boolean;
  allowance: bigint;
}

/** Ownership and approval of a lot the seller wants to escrow. */
export async function checkLot(
  client: PublicClient,
  house: Address,
  account: Address,
  lot: { kind: "erc721" | "erc20"; token: Address; amountOrId: bigint },
): Promise<LotCheck> {
  if (lot.kind === "erc721") {
    const [meta, owner, approvedTo, forAll] = await Promise.all([
      readNftMeta(client, lot.token),
      client.readContract({ address: lot.token, abi: erc721Abi, functionName: "ownerOf", args: [lot.amountOrId] }).catch(() => ZERO_ADDRESS as Address),
      client.readContract({ address: lot.token, abi: erc721Abi, functionName: "getApproved", args: [lot.amountOrId] }).catch(() => ZERO_ADDRESS as Address),
      client.readContract({ address: lot.token, abi: erc721Abi, functionName: "isApprovedForAll", args: [account, house] }).catch(() => false),
    ]);
    const owned = owner.toLowerCase() === account.toLowerCase();
    return { meta, owned, balance: owned ? 1n : 0n, approved: forAll || approvedTo.toLowerCase() === house.toLowerCase(), allowance: 0n };
  }
  const [meta, balance, allowance] = await Promise.all([
    readErc20Meta(client, lot.token),
    client.readContract({ address: lot.token, abi: erc20Abi, functionName: "balanceOf", args: [account] }),
    client.readContract({ address: lot.token, abi: erc20Abi, functionName: "allowance", args: [account, house] }),
  ]);
  return { meta, owned: balance >= lot.amountOrId, balance, approved: allowance >= lot.amountOrId, allowance };
}

/** What a hidden deposit's vault holds now: the payment asset, and ETH apart when the auction is paid in a token. */
export interface VaultHoldings {
  amount: bigint;
  ethAmount: bigint;
}

export async function loadVaultHoldings(client: PublicClient, vault: Address, paymentToken: Address): Promise<VaultHoldings> {
  if (paymentToken.toLowerCase() === ZERO_ADDRESS) return { amount: await client.getBalance({ address: vault }), ethAmount: 0n };
  const [amount, ethAmount] = await Promise.all([
    client.readContract({ address: paymentToken, abi: erc20Abi, functionName: "balanceOf", args: [vault] }),
    client.getBalance({ address: vault }),
  ]);
  return { amount, ethAmount };
}
