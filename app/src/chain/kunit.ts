/**
 * Reads of the k-unit house (contracts/KUnitAuctionHouse.sol): auctions rebuilt from their logs
 * (lib/kunit-history.ts) plus the contract's decoded state and positions. Plain actions over a viem
 * PublicClient; hooks/useKUnit.ts wraps them in queries.
 */
import { erc20Abi, type Address, type PublicClient } from "viem";
import { ZERO_ADDRESS } from "../../../lib/auction.js";
import { fetchAllKUnitHistories, fetchKUnitHistory, type KUnitHistory } from "../../../lib/kunit-history.js";
import { auditKUnitHistory, readKUnitViews, type KUnitAuditReport } from "../../../lib/kunit-audit.js";
import type { RpcRequester } from "../../../lib/logs.js";
import { kUnitAuctionHouseAbi, type DeploymentRecord } from "../generated/config";
import { kunitPositionKind, type KUnitPositionKind } from "../core/kunit";
import { phaseAt, phaseFromIndex, scheduleOf, type PhaseName } from "../core/phase";
import { formatAmount } from "../core/format";
import type { StoredSecret } from "../core/secrets";
import { paymentMeta, type TokenMeta } from "./reads";

const rpc = (client: PublicClient) => client as unknown as RpcRequester;

/** The k-unit house of a deployment, or null when this chain has none. */
export function kunitHouseOf(d: DeploymentRecord | null): { house: Address; fromBlock: bigint } | null {
  return d?.kunitHouse ? { house: d.kunitHouse, fromBlock: BigInt(d.kunitDeployBlock ?? d.deployBlock) } : null;
}

export type KUnitState = Awaited<ReturnType<typeof readKUnitState>>;

function readKUnitState(client: PublicClient, house: Address, auctionId: bigint) {
  return client.readContract({ address: house, abi: kUnitAuctionHouseAbi, functionName: "auctionState", args: [auctionId] });
}

export interface KUnitData {
  history: KUnitHistory;
  state: KUnitState;
}

/** One k-unit auction: its history from the latest logs and the contract's decoded state. */
export async function loadKUnitAuction(client: PublicClient, d: DeploymentRecord, auctionId: bigint): Promise<KUnitData> {
  const k = kunitHouseOf(d);
  if (!k) throw new Error(`no k-unit house is deployed on chain ${d.chainId}`);
  const [history, state] = await Promise.all([
    fetchKUnitHistory(rpc(client), { auctionHouse: k.house, auctionId, chainId: d.chainId, fromBlock: k.fromBlock }),
    readKUnitState(client, k.house, auctionId),
  ]);
  return { history, state };
}

export interface KUnitListItem {
  history: KUnitHistory;
  phase: PhaseName;
}

/** Every k-unit auction of the chain's house (one log scan), newest first, with the contract's phase. */
export async function loadKUnitList(client: PublicClient, d: DeploymentRecord): Promise<KUnitListItem[]> {
  const k = kunitHouseOf(d);
  if (!k) return [];
  const all = await fetchAllKUnitHistories(rpc(client), { auctionHouse: k.house, chainId: d.chainId, fromBlock: k.fromBlock });
  const items = [...all.values()].filter((h) => h.created !== null).reverse();
  const phases = await Promise.all(items.map((h) => client.readContract({ address: k.house, abi: kUnitAuctionHouseAbi, functionName: "phaseOf", args: [h.auctionId] })));
  return items.map((history, i) => ({ history, phase: phaseFromIndex(Number(phases[i])) }));
}

export interface KUnitAccountView {
  position: { kind: KUnitPositionKind; value: bigint };
  /** Balance of the payment asset (ETH or the ERC-20). */
  balance: bigint;
  /** ERC-20 payment: the allowance granted to the k-unit house. */
  allowance: bigint | null;
}

/** What the k-unit house holds for `account` in one auction, and what it can pay with. */
export async function loadKUnitAccount(client: PublicClient, d: DeploymentRecord, auctionId: bigint, account: Address, paymentToken: Address): Promise<KUnitAccountView> {
  const k = kunitHouseOf(d)!;
  const eth = paymentToken.toLowerCase() === ZERO_ADDRESS;
  const [[status, value], balance, allowance] = await Promise.all([
    client.readContract({ address: k.house, abi: kUnitAuctionHouseAbi, functionName: "positionOf", args: [auctionId, account] }),
    eth ? client.getBalance({ address: account }) : client.readContract({ address: paymentToken, abi: erc20Abi, functionName: "balanceOf", args: [account] }),
    eth ? Promise.resolve(null) : client.readContract({ address: paymentToken, abi: erc20Abi, functionName: "allowance", args: [account, k.house] }),
  ]);
  return { position: { kind: kunitPositionKind(Number(status)), value }, balance, allowance };
}

export const erc1155Abi = [
  { type: "function", name: "balanceOf", stateMutability: "view", inputs: [{ name: "account", type: "address" }, { name: "id", type: "uint256" }], outputs: [{ type: "uint256" }] },
  { type: "function", name: "isApprovedForAll", stateMutability: "view", inputs: [{ name: "account", type: "address" }, { name: "operator", type: "address" }], outputs: [{ type: "bool" }] },
  { type: "function", name: "setApprovalForAll", stateMutability: "nonpayable", inputs: [{ name: "operator", type: "address" }, { name: "approved", type: "bool" }], outputs: [] },
  { type: "function", name: "supportsInterface", stateMutability: "view", inputs: [{ name: "interfaceId", type: "bytes4" }], outputs: [{ type: "bool" }] },
] as const;

const ERC1155_INTERFACE_ID = "0xd9b67a26";

export interface UnitLotCheck {
  /** ERC-1155: the contract reports ERC-1155 by ERC-165; ERC-20: it answers balanceOf. */
  kindOk: boolean;
  balance: bigint;
  approved: boolean;
  /** ERC-20 lot: name/symbol/decimals; null for ERC-1155. */
  erc20: { symbol: string; decimals: number } | null;
}

/** The seller's holding of a k-unit lot and whether the k-unit house may take it. */
export async function checkUnitLot(client: PublicClient, house: Address, seller: Address, lot: { kind: "erc1155" | "erc20"; token: Address; id: bigint; amount: bigint }): Promise<UnitLotCheck> {
  if (lot.kind === "erc1155") {
    const [kindOk, balance, approved] = await Promise.all([
      client.readContract({ address: lot.token, abi: erc1155Abi, functionName: "supportsInterface", args: [ERC1155_INTERFACE_ID] }).catch(() => false),
      client.readContract({ address: lot.token, abi: erc1155Abi, functionName: "balanceOf", args: [seller, lot.id] }).catch(() => 0n),
      client.readContract({ address: lot.token, abi: erc1155Abi, functionName: "isApprovedForAll", args: [seller, house] }).catch(() => false),
    ]);
    return { kindOk, balance, approved, erc20: null };
  }
  const [balance, allowance, symbol, decimals] = await Promise.all([
    client.readContract({ address: lot.token, abi: erc20Abi, functionName: "balanceOf", args: [seller] }).catch(() => null),
    client.readContract({ address: lot.token, abi: erc20Abi, functionName: "allowance", args: [seller, house] }).catch(() => 0n),
    client.readContract({ address: lot.token, abi: erc20Abi, functionName: "symbol" }).catch(() => "TOKEN"),
    client.readContract({ address: lot.token, abi: erc20Abi, functionName: "decimals" }).catch(() => 18),
  ]);
  return { kindOk: balance !== null, balance: balance ?? 0n, approved: lot.amount > 0n && allowance >= lot.amount, erc20: { symbol, decimals: Number(decimals) } };
}

export interface KUnitSituation {
  secret: StoredSecret;
  auction: KUnitData | null;
  phase: PhaseName;
  position: KUnitAccountView["position"] | null;
}

/** Each stored k-unit bid with its auction and the house's position for its bidder. */
export async function loadKUnitSituations(client: PublicClient, d: DeploymentRecord, secrets: StoredSecret[], now: number): Promise<KUnitSituation[]> {
  const ids = [...new Set(secrets.map((s) => s.receipt.auctionId))];
  const auctions = new Map<bigint, KUnitData | null>();
  await Promise.all(ids.map(async (id) => auctions.set(id, await loadKUnitAuction(client, d, id).catch(() => null))));
  return Promise.all(secrets.filter((s) => s.receipt.role === "bid").map(async (secret): Promise<KUnitSituation> => {
    const a = auctions.get(secret.receipt.auctionId) ?? null;
    const terms = a?.history.created?.terms;
    if (!a || !terms) return { secret, auction: a, phase: "none", position: null };
    const view = await loadKUnitAccount(client, d, secret.receipt.auctionId, secret.receipt.account, terms.paymentToken);
    return { secret, auction: a, phase: phaseAt(scheduleOf(a.history), now), position: view.position };
  }));
}

export interface KUnitAuditResult {
  history: KUnitHistory & { logCount: number };
  report: KUnitAuditReport;
  payment: TokenMeta | null;
}

/**
 * The in-browser k-unit audit: the auction's history from logs, the contract's views at the same block, and the
 * shared auditor (lib/kunit-audit.ts, the one `kunit:audit` runs).
 */
export async function loadKUnitAudit(client: PublicClient, d: DeploymentRecord, auctionId: bigint): Promise<KUnitAuditResult> {
  const k = kunitHouseOf(d);
  if (!k) throw new Error(`no k-unit house is deployed on chain ${d.chainId}`);
  const history = await fetchKUnitHistory(rpc(client), { auctionHouse: k.house, auctionId, chainId: d.chainId, fromBlock: k.fromBlock });
  const payment = history.created ? await paymentMeta(client, history.created.terms.paymentToken) : null;
  const views = history.created ? await readKUnitViews(client, history, history.toBlock) : null;
  const report = auditKUnitHistory(history, views, { formatAmount: payment ? (v) => formatAmount(v, payment.decimals, payment.symbol, payment.decimals) : undefined });
  return { history, report, payment };
}
