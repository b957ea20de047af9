/**
 * Situations of stored secrets: for each stored bid or sealed reserve of an account, the auction's phase,
 * the on-chain commitment and position, and what to do now (core/next-step.ts).
 */
import type { Address, PublicClient } from "viem";
import { bidderOf, findLeader } from "../../../lib/history.js";
import { openingTimeOf } from "../../../lib/timelock.js";
import { vaultAddress, vaultStanding, type VaultStanding } from "../../../lib/vault.js";
import type { DeploymentRecord } from "../generated/config";
import { settlementDeliveries } from "../core/deliveries";
import { nextStep, type NextStep } from "../core/next-step";
import { phaseAt, scheduleOf, type PhaseName } from "../core/phase";
import type { StoredSecret } from "../core/secrets";
import { loadAccountView, loadAuction, loadVaultHoldings, type AuctionData, type VaultHoldings } from "./reads";

export interface SecretSituation {
  secret: StoredSecret;
  auction: AuctionData | null;
  phase: PhaseName;
  step: NextStep;
  commitEnd: number;
  /** Sealed reserve: end of its window (0 without one). */
  reserveEnd: number;
  revealEnd: number;
  /** A hidden-deposit bid's vault (rule 16): its address, what it holds now, and how it stands. */
  vault?: { address: Address; holds: VaultHoldings; standing: VaultStanding };
}

export async function loadSituations(
  client: PublicClient,
  d: DeploymentRecord,
  secrets: StoredSecret[],
  now: number,
): Promise<SecretSituation[]> {
  const ids = [...new Set(secrets.map((s) => s.receipt.auctionId))];
  const auctions = new Map<bigint, AuctionData | null>();
  await Promise.all(ids.map(async (id) => auctions.set(id, await loadAuction(client, d, id).catch(() => null))));
  return Promise.all(
    secrets.map(async (secret): Promise<SecretSituation> => {
      const r = secret.receipt;
      const a = auctions.get(r.auctionId) ?? null;
      const terms = a?.history.created?.terms;
      const schedule = a ? scheduleOf(a.history) : { commitEnd: 0, reserveEnd: 0, revealEnd: 0 };
      const phase = terms ? phaseAt(schedule, now) : "none";
      const base = { phase, now, commitEnd: schedule.commitEnd, reserveEnd: schedule.reserveEnd ?? 0, revealEnd: schedule.revealEnd };
      if (!a || !terms) {
        return { secret, auction: a, phase, commitEnd: 0, reserveEnd: 0, revealEnd: 0, step: nextStep({ ...base, role: "bid", committedOnChain: false, position: { kind: "none", value: 0n }, revealedOnChain: false, isWinner: false, lotClaimed: false }) };
      }
      const view = await loadAccountView(client, d, r.auctionId, r.account as Address, terms.paymentToken);
      const lotClaimed = a.history.lotClaims.length > 0;
      const delivered = settlementDeliveries(a.history, terms.seller, terms.bond);
      const lotDelivered = delivered?.lot.handover.kind === "delivered";
      const same = (x?: string | null) => Boolean(x && x.toLowerCase() === r.account.toLowerCase());
      if (r.role === "reserve") {
        const committedOnChain = terms.sealedReserveCommitment.toLowerCase() === r.commitment && terms.seller.toLowerCase() === r.account.toLowerCase();
        const step = nextStep({ ...base, role: "reserve", committedOnChain, reserveOpened: a.history.reserveOpening !== null, proceeds: view.proceeds, lotClaimed, sold: Boolean(a.history.settlement?.winner),
          lotDelivered, proceedsDelivered: delivered?.proceeds.handover.kind === "delivered" });
        return { secret, auction: a, phase, step, commitEnd: schedule.commitEnd, reserveEnd: base.reserveEnd, revealEnd: schedule.revealEnd };
      }
      const b = bidderOf(a.history, r.account as Address);
      const matches = (c: string) => c.toLowerCase() === r.commitment;
      const committedOnChain = Boolean(b && matches(b.commitment));
      const superseded = Boolean(b && !matches(b.commitment) && b.commits.some((c) => matches(c.commitment)));
      const revealedOnChain = Boolean(b?.opening && committedOnChain);
      const winner = a.history.settlement?.winner;
      const step = nextStep({
        ...base, role: "bid", committedOnChain, superseded, position: view.position, revealedOnChain,
        selfOpening: committedOnChain && b?.sealedOpening ? { opensAt: openingTimeOf(terms) } : null,
        isWinner: same(winner), lotClaimed,
        lotDelivered: lotDelivered && same(delivered?.lot.owner), leading: same(findLeader(a.history, a.state.bestOrder)),
      });
      let vault: SecretSituation["vault"];
      if (r.hidden || (committedOnChain && b?.hidden)) {
        const address = vaultAddress({ chainId: r.chainId, auctionHouse: r.auctionHouse, auctionId: r.auctionId }, r.account as Address, r.salt, terms.paymentToken);
        const holds = await loadVaultHoldings(client, address, terms.paymentToken);
        vault = { address, holds, standing: vaultStanding(b, r, holds.amount) };
      }
      return { secret, auction: a, phase, step, commitEnd: schedule.commitEnd, reserveEnd: base.reserveEnd, revealEnd: schedule.revealEnd, vault };
    }),
  );
}
