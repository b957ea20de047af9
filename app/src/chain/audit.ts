/**
 * The in-browser audit: the auction's history from logs, the contract's views at the same block, and the
 * shared auditor (lib/audit.ts: openings re-hashed, outcome recomputed with lib/auction.ts computeOutcome,
 * compared with the settlement and the views). Plus contract-level facts: the code on chain is this build,
 * and its ABI has no privileged function.
 */
import { keccak256, type PublicClient } from "viem";
import { auditHistory, readContractViews, type AuditReport } from "../../../lib/audit.js";
import { fetchAuctionHistory, type AuctionHistory } from "../../../lib/history.js";
import type { RpcRequester } from "../../../lib/logs.js";
import { auctionHouseAbi, auctionHouseCodeHash, type DeploymentRecord } from "../generated/config";
import { abiFacts, type AbiFacts } from "../core/credibility";
import { formatAmount } from "../core/format";
import { paymentMeta, type TokenMeta } from "./reads";

export interface AuditResult {
  history: AuctionHistory;
  report: AuditReport;
  payment: TokenMeta | null;
}

export async function loadAudit(client: PublicClient, d: DeploymentRecord, auctionId: bigint): Promise<AuditResult> {
  const history = await fetchAuctionHistory(client as unknown as RpcRequester, {
    auctionHouse: d.auctionHouse, auctionId, chainId: client.chain?.id, fromBlock: BigInt(d.deployBlock),
  });
  const payment = history.created ? await paymentMeta(client, history.created.terms.paymentToken) : null;
  const views = await readContractViews(client, history, history.toBlock);
  const report = auditHistory(history, views, { formatAmount: payment ? (v) => formatAmount(v, payment.decimals, payment.symbol, payment.decimals) : undefined });
  return { history, report, payment };
}

export interface ContractFacts {
  codeHash: string | null;
  expectedCodeHash: string;
  codeMatches: boolean;
  abi: AbiFacts;
}

export async function loadContractFacts(client: PublicClient, d: DeploymentRecord): Promise<ContractFacts> {
  const code = await client.getCode({ address: d.auctionHouse });
  const codeHash = code && code !== "0x" ? keccak256(code) : null;
  return { codeHash, expectedCodeHash: auctionHouseCodeHash, codeMatches: codeHash === auctionHouseCodeHash, abi: abiFacts(auctionHouseAbi) };
}
