/**
 * auction:claim — pulls what the sender is owed: the lot (winner, or seller if unsold), the seller's
 * proceeds, a refund held for a bidder, or an unopened commitment's deposit less its forfeited bond.
 * Settlement delivers the lot, the winner's change and the proceeds, and a reveal refunds the leader it
 * displaces: only what such a push failed to pay is left to claim. When the claim asked for was already
 * delivered, this says where it went and sends nothing.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { Address, Hex } from "viem";
import { auctionHouseAbi } from "../lib/abi.js";
import { bidderOf, positionOf, type AuctionHistory } from "../lib/history.js";
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
  type Context,
} from "./common.js";
import { settlementDeliveries } from "../lib/deliveries.js";
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
  const nothing = await alreadyDelivered(ctx, a.history, what, w.account.address, fmt);
  if (nothing !== null) {
    out(`Nothing to claim, so nothing was sent: ${nothing.sentence}`);
    return { auctionId: id, what, recipient: null, amount: 0n, txHash: null, delivered: { to: nothing.to, amount: nothing.amount, txHash: nothing.txHash } };
  }
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

/** Where a claim went when a push already delivered it (to, amount, the transaction), in one sentence. */
interface Delivered {
  sentence: string;
  to: Address;
  amount: bigint | null;
  txHash: Hex;
}

/**
 * The claim `what` of `account` when settlement (or, for a refund, a reveal) already paid it, so that the task
 * explains instead of sending a transaction the contract refuses (LotAlreadyClaimed, NothingToWithdraw).
 * Null when something may be left to claim: the contract's views decide, and the simulation says why not.
 */
async function alreadyDelivered(ctx: Context, h: AuctionHistory, what: string, account: Address, fmt: (x: bigint) => string): Promise<Delivered | null> {
  const s = h.settlement;
  const terms = h.created!.terms;
  const read = <T>(functionName: "proceedsOf" | "positionOf") =>
    ctx.publicClient.readContract({ address: ctx.house, abi: auctionHouseAbi, functionName, args: [h.auctionId, account] }) as Promise<T>;
  if (what === "lot" && s !== null) {
    const c = h.lotClaims[0];
    if (c === undefined || c.transactionHash !== s.transactionHash) return null;
    return { sentence: `settlement delivered auction ${h.auctionId}'s lot to ${c.recipient} (tx ${c.transactionHash}).`, to: c.recipient, amount: null, txHash: c.transactionHash };
  }
  if (what === "proceeds" && s !== null) {
    if (account.toLowerCase() !== terms.seller.toLowerCase() || (await read<bigint>("proceedsOf")) !== 0n) return null;
    const d = settlementDeliveries(h, terms.seller, terms.bond);
    if (d?.proceeds.handover.kind !== "delivered") return null;
    return { sentence: `settlement paid auction ${h.auctionId}'s proceeds of ${fmt(d.proceeds.amount)} to the seller ${terms.seller} (tx ${s.transactionHash}).`, to: terms.seller, amount: d.proceeds.amount, txHash: s.transactionHash };
  }
  if (what === "refund") {
    const b = bidderOf(h, account);
    if (b === undefined || b.opening === null) return null;
    const [status] = await read<readonly [number, bigint]>("positionOf");
    if (status !== POSITION_NONE) return null;
    const atSettlement = s === null ? undefined : b.withdrawals.find((x) => x.transactionHash === s.transactionHash);
    if (atSettlement !== undefined) {
      const whose = s!.winner !== null && s!.winner.toLowerCase() === account.toLowerCase() ? "the winner's change" : "the deposit";
      return { sentence: `settlement paid ${whose} of ${fmt(atSettlement.amount)} to ${account} in auction ${h.auctionId} (tx ${s!.transactionHash}).`, to: account, amount: atSettlement.amount, txHash: s!.transactionHash };
    }
    // Paid inside a reveal: the bid's own (it never led, or was invalid) or the one that displaced it as leader.
    const paidIn = revealThatRefunded(h, account);
    if (paidIn === null || b.withdrawals.length > 0) return null;
    const how = paidIn.displaced ? "the reveal that displaced it as leader" : b.opening.valid ? "its own reveal" : "its own reveal, less the forfeited bond";
    return { sentence: `${account}'s deposit in auction ${h.auctionId} was refunded by ${how} (tx ${paidIn.txHash}).`, to: account, amount: null, txHash: paidIn.txHash };
  }
  return null;
}

/** PositionStatus.None in the contract's positionOf. */
const POSITION_NONE = 0;

/**
 * The opening that refunded a bidder inside its transaction: its own, when it did not lead (or was invalid),
 * or the later opening that displaced it (the contract's standing: higher amount, or equal and lower order).
 * Null while it still leads.
 */
function revealThatRefunded(h: AuctionHistory, account: Address): { txHash: Hex; displaced: boolean } | null {
  const k = account.toLowerCase();
  let leader: { key: string; amount: bigint; order: number } | null = null;
  for (const o of h.openings) {
    const b = bidderOf(h, o.bidder);
    if (b === undefined) continue;
    const key = o.bidder.toLowerCase();
    const leads = o.valid && (leader === null || o.amount > leader.amount || (o.amount === leader.amount && b.order < leader.order));
    if (!leads) {
      if (key === k) return { txHash: o.transactionHash, displaced: false };
      continue;
    }
    if (leader?.key === k) return { txHash: o.transactionHash, displaced: true };
    leader = { key, amount: o.amount, order: b.order };
  }
  return null;
}
