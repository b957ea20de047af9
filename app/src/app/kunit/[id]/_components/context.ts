import type { Address } from "viem";
import type { UnitAuctionTerms } from "../../../../../../lib/auction.js";
import type { KUnitHistory } from "../../../../../../lib/kunit-history.js";
import type { KUnitAccountView, KUnitState } from "@/chain/kunit";
import type { TokenMeta } from "@/chain/reads";
import type { KUnitStanding } from "@/core/kunit";
import type { PhaseName, Schedule } from "@/core/phase";
import type { DeploymentRecord } from "@/generated/config";
import { formatAmount } from "@/core/format";

/** Everything a k-unit auction page panel needs, read once by KUnitView. */
export interface KUnitCtx {
  id: bigint;
  chainId: number;
  deployment: DeploymentRecord;
  house: Address;
  history: KUnitHistory;
  state: KUnitState;
  terms: UnitAuctionTerms;
  payment: TokenMeta;
  schedule: Schedule;
  phase: PhaseName;
  now: number;
  account?: Address;
  accountView?: KUnitAccountView;
  standing: KUnitStanding;
  local: boolean;
}

export const fmtPay = (c: KUnitCtx, v: bigint) => formatAmount(v, c.payment.decimals, c.payment.symbol);
export const same = (a?: string | null, b?: string | null) => Boolean(a && b && a.toLowerCase() === b.toLowerCase());
