/**
 * auction:claim — pulls what the sender is owed: the lot (winner, or seller if unsold), the seller's
 * proceeds, a refund held for a bidder, or an unopened commitment's deposit less its forfeited bond.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { auctionHouseAbi } from "../lib/abi.js";
import { bidderOf, positionOf } from "../lib/history.js";
import {
  action,
  CliError,
  connect,
  formatAmount,
  loadAuction,
  out,
  parseAddressArg,
  parseAuctionIdArg,
  requirePhase,
  simulateAndSend,
  wallet,
  type Call,
  type CommonArgs,
} from "./common.js";
import { PHASE } from "../lib/errors.js";

interface Args extends CommonArgs {
  from: string;
  auction: string;
  what: string;
  to: string;
}

const KINDS = ["lot", "proceeds", "refund", "unrevealed"] as const;

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const id = parseAuctionIdArg(args.auction);
  const what = args.what.trim().toLowerCase() as (typeof KINDS)[number];
  if (!KINDS.includes(what)) throw new CliError(`--what "${args.what}" is not a claim: use lot, proceeds, refund or unrevealed`);
  const ctx = await connect(hre, args);
  const w = await wallet(ctx, args.from);
  let recipient = args.to.trim() === "" ? w.account.address : parseAddressArg(args.to, "--to");
  const a = await loadAuction(ctx, id);
  const fmt = (x: bigint) => formatAmount(x, a.asset);
  let call: Call;
  switch (what) {
    case "lot":
      requirePhase(a, [PHASE.Settled], "claim the lot");
      // The seller of a sold lot delivers it to the winner (that releases its proceeds).
      const winner = a.history.settlement?.winner ?? null;
      if (winner !== null && w.account.address.toLowerCase() === a.terms.seller.toLowerCase()) {
        if (args.to.trim() !== "" && recipient.toLowerCase() !== winner.toLowerCase()) {
          throw new CliError(`the lot of auction ${id} belongs to its winner ${winner}: the seller may only deliver it there`);
        }
        recipient = winner;
      }
      call = { address: ctx.house, abi: auctionHouseAbi, functionName: "claimLot", args: [id, a.terms, recipient] };
      break;
    case "proceeds":
      call = { address: ctx.house, abi: auctionHouseAbi, functionName: "withdrawProceeds", args: [id, recipient] };
      break;
    case "refund":
      call = { address: ctx.house, abi: auctionHouseAbi, functionName: "withdrawRefund", args: [id, recipient] };
      break;
    case "unrevealed": {
      const p = positionOf(a.history, w.account.address);
      if (p === null) throw new CliError(`${w.account.address} has no commitment in auction ${id}`);
      requirePhase(a, [PHASE.AwaitingSettlement, PHASE.Settled], "withdraw an unopened deposit");
      call = { address: ctx.house, abi: auctionHouseAbi, functionName: "withdrawUnrevealed", args: [id, p, recipient] };
      break;
    }
  }
  const sent = await simulateAndSend(ctx, w, call, { formatAmount: fmt });
  for (const e of sent.events) {
    const x = e.args as Record<string, unknown>;
    if (e.eventName === "LotClaimed") out(`Sent auction ${id}'s lot to ${x.recipient} (tx ${sent.hash})`);
    if (e.eventName === "ProceedsWithdrawn") out(`Sent ${fmt(x.amount as bigint)} of proceeds to ${x.recipient} (tx ${sent.hash})`);
    if (e.eventName === "RefundWithdrawn") {
      out(`Sent ${fmt(x.amount as bigint)} to ${x.recipient} (tx ${sent.hash})${what === "unrevealed" ? `; the bond of ${fmt(a.terms.bond)} stays burned` : ""}`);
    }
    // A hidden deposit's collateral never left its vault: the bidder takes it back with recoverVault.
    if (e.eventName === "RefundWithdrawn" && what === "unrevealed" && bidderOf(a.history, w.account.address)?.hidden) {
      out(`  The bid's deposit was hidden: what its vault holds comes back with auction:recover-vault --receipt <its receipt>.`);
    }
  }
  const amount = sent.events.map((e) => (e.args as { amount?: bigint }).amount).find((x) => x !== undefined);
  return { auctionId: id, what, recipient, amount, txHash: sent.hash };
});
