import type { Address } from "viem";
import type { AuctionTerms } from "../../../../../../lib/auction.js";
import type { AuctionHistory } from "../../../../../../lib/history.js";
import type { AuctionStateView } from "../../../../../../lib/audit.js";
import type { AccountView, TokenMeta } from "@/chain/reads";
import type { AuctionCredibility } from "@/core/credible";
import type { PhaseName, Schedule } from "@/core/phase";
import type { DeploymentRecord } from "@/generated/config";
import { formatAmount } from "@/core/format";

/** Everything an auction page panel needs, read once by AuctionView. */
export interface AuctionCtx {
  id: bigint;
  chainId: number;
  deployment: DeploymentRecord;
  history: AuctionHistory;
  state: AuctionStateView;
  terms: AuctionTerms;
  payment: TokenMeta;
  schedule: Schedule;
  phase: PhaseName;
  now: number;
  account?: Address;
  accountView?: AccountView;
  local: boolean;
  /** Rule 15 from the on-chain terms: shill-proof or not, and the reveal-window censorship warning. */
  credibility: AuctionCredibility;
}

export const fmtPay = (c: AuctionCtx, v: bigint) => formatAmount(v, c.payment.decimals, c.payment.symbol);
export const same = (a?: string | null, b?: string | null) => Boolean(a && b && a.toLowerCase() === b.toLowerCase());
