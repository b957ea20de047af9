/**
 * auction:settle — fixes the outcome and delivers it. Anyone may settle after the reveal window, or earlier
 * once every commitment and the sealed reserve are open. The leader the contract checks is found from the
 * logs: the bidder whose BidCommitted order is auctionState(id).bestOrder. Settlement pushes the lot to its
 * owner, the standing leader's refund (the winner's change) and the seller's proceeds; this reports what
 * arrived and, for each push that failed, the claim it left and the command that claims it.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { auctionHouseAbi } from "../lib/abi.js";
import { ZERO_ADDRESS } from "../lib/auction.js";
import { fetchAuctionHistory, findLeader } from "../lib/history.js";
import {
  action,
  CliError,
  auctionState,
  connect,
  formatAmount,
  loadAuction,
  out,
  parseAuctionIdArg,
  requirePhase,
  simulateAndSend,
  wallet,
  type CommonArgs,
} from "./common.js";
import { settlementDeliveries } from "../lib/deliveries.js";
import { PHASE } from "../lib/errors.js";

interface Args extends CommonArgs {
  from: string;
  auction: string;
}

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const id = parseAuctionIdArg(args.auction);
  const ctx = await connect(hre, args);
  const a = await loadAuction(ctx, id);
  requirePhase(a, [PHASE.Revealing, PHASE.AwaitingSettlement], "settle it");
  const state = await auctionState(ctx, id);
  const leader = findLeader(a.history, state.bestOrder) ?? ZERO_ADDRESS;
  const w = await wallet(ctx, args.from);
  const fmt = (x: bigint) => formatAmount(x, a.asset);
  const sent = await simulateAndSend(
    ctx,
    w,
    { address: ctx.house, abi: auctionHouseAbi, functionName: "settle", args: [id, a.terms, leader] },
    { formatAmount: fmt },
  );
  const ev = sent.events.find((e) => e.eventName === "AuctionSettled");
  const s = ev!.args as { winner: `0x${string}`; price: bigint; effectiveReserve: bigint; burned: bigint };
  const sold = s.winner !== ZERO_ADDRESS;
  const seller = a.terms.seller;
  // The history up to the settlement's block, read as any client reads it (lib/deliveries.ts).
  const after = await fetchAuctionHistory(ctx.rpc, {
    auctionHouse: ctx.house, auctionId: id, chainId: ctx.chainId, fromBlock: ctx.deployBlock, toBlock: sent.receipt.blockNumber, confirmations: 0,
  });
  const handed = settlementDeliveries(after, seller, a.terms.bond);
  if (handed === null) throw new CliError(`auction ${id}'s settlement (tx ${sent.hash}) is not in the logs up to block ${sent.receipt.blockNumber}`);
  const d = {
    lot: { owner: handed.lot.owner, delivered: handed.lot.handover.kind === "delivered" },
    leaderRefund: handed.leaderRefund === null ? null : {
      ...handed.leaderRefund,
      paid: handed.leaderRefund.handover.kind === "delivered",
      change: sold && handed.leaderRefund.bidder.toLowerCase() === s.winner.toLowerCase(),
    },
    proceeds: handed.proceeds.handover.kind === "none" ? null : { ...handed.proceeds, paid: handed.proceeds.handover.kind === "delivered" },
  };
  const claim = (what: string, from: string) => `auction:claim --auction ${id} --what ${what} --from ${from}`;

  out(`Settled auction ${id} (tx ${sent.hash})`);
  out(sold ? `  Winner ${s.winner} pays ${fmt(s.price)}` : `  Unsold: no valid bid reached the reserve of ${fmt(s.effectiveReserve)}; the lot goes back to the seller`);
  out(`  Effective reserve ${fmt(s.effectiveReserve)}; bonds burned ${fmt(s.burned)}`);
  const delivered: string[] = [];
  const claims: string[] = [];
  const lotTo = sold ? `the winner ${d.lot.owner}` : `the seller ${d.lot.owner}`;
  if (d.lot.delivered) delivered.push(`the lot to ${lotTo}`);
  else {
    claims.push(`The lot could not be delivered to ${lotTo} (it refused it, or the token did not move): it is now a claim: ${claim("lot", d.lot.owner)} [--to ADDRESS]${sold ? `, or the seller delivers it with ${claim("lot", seller)}` : ""}.`);
  }
  if (d.leaderRefund) {
    const r = d.leaderRefund;
    const what = r.change ? `change of ${fmt(r.amount)}` : `deposit of ${fmt(r.amount)}`;
    const whom = r.change ? `the winner ${r.bidder}` : `the leader below the reserve ${r.bidder}`;
    if (r.paid) delivered.push(`${what} paid to ${whom}`);
    else claims.push(`The ${what} could not be paid to ${whom}: it is now a claim: ${claim("refund", r.bidder)} [--to ADDRESS].`);
  }
  if (d.proceeds) {
    const p = d.proceeds;
    if (p.paid) delivered.push(`proceeds of ${fmt(p.amount)} paid to the seller ${seller}`);
    else {
      const why = sold && !d.lot.delivered ? "they are paid once the lot has left the house" : "the payment failed";
      claims.push(`The proceeds of ${fmt(p.amount)} stay with the house (${why}): they are now a claim: ${claim("proceeds", seller)} [--to ADDRESS].`);
    }
  }
  if (delivered.length > 0) out(`  Delivered in this transaction: ${delivered.join("; ")}.`);
  for (const line of claims) out(`  ${line}`);
  // Claims older than settlement: refunds a reveal could not push, unopened deposits.
  const deferred = a.history.bidders.filter((b) => b.deferred > b.withdrawals.reduce((t, x) => t + x.amount, 0n));
  if (deferred.length > 0) out(`  Refunds a reveal could not pay stay claims (auction:claim --what refund): ${deferred.map((b) => b.bidder).join(", ")}.`);
  const unopened = a.history.bidders.filter((b) => b.opening === null);
  if (unopened.length > 0) out(`  Unopened commitments take back deposit − bond with auction:claim --what unrevealed: ${unopened.map((b) => b.bidder).join(", ")}.`);
  return {
    auctionId: id, winner: sold ? s.winner : null, price: s.price, effectiveReserve: s.effectiveReserve, burned: s.burned, txHash: sent.hash,
    delivered: {
      lot: d.lot.delivered ? d.lot.owner : null,
      refund: d.leaderRefund?.paid ? { to: d.leaderRefund.bidder, amount: d.leaderRefund.amount } : null,
      proceeds: d.proceeds?.paid ? { to: seller, amount: d.proceeds.amount } : null,
    },
    claims: [
      ...(d.lot.delivered ? [] : [{ what: "lot" as const, account: d.lot.owner, amount: null }]),
      ...(d.leaderRefund && !d.leaderRefund.paid ? [{ what: "refund" as const, account: d.leaderRefund.bidder, amount: d.leaderRefund.amount }] : []),
      ...(d.proceeds && !d.proceeds.paid ? [{ what: "proceeds" as const, account: seller, amount: d.proceeds.amount }] : []),
    ],
  };
});
