/**
 * kunit:claim — what the sender is owed in a k-unit auction:
 *   unit        a winner's unit and change (deposit − price), to --to
 *   refund      a bid's refund held by the house (displaced, deferred, or a delivered winner's change); alias change
 *   unrevealed  an unopened commitment's deposit less its forfeited bond (after the reveal window)
 *   proceeds    the seller's released proceeds (prices of delivered units, its opened reserve bond)
 *   deliver     the seller sends a winner (--winner) its unit, which releases the price
 *   unsold      the seller takes back the units that did not sell
 * The position the house holds is read first, so a claim that cannot succeed is explained in one line.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { PHASE } from "../../lib/errors.js";
import { UNIT_POSITION } from "../../lib/kunit-audit.js";
import { kUnitBidderOf, kUnitPositionOf } from "../../lib/kunit-history.js";
import { action, CliError, out, parseAddressArg, parseAuctionIdArg, requirePhase, wallet, type CommonArgs } from "../common.js";
import { connectKUnit, kunitView, loadKUnit, sendKUnit } from "./common.js";

interface Args extends CommonArgs {
  from: string;
  auction: string;
  what: string;
  to: string;
  winner: string;
}

const KINDS = ["unit", "refund", "change", "unrevealed", "proceeds", "deliver", "unsold"] as const;

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const id = parseAuctionIdArg(args.auction);
  const what = args.what.trim().toLowerCase() as (typeof KINDS)[number];
  if (!KINDS.includes(what)) throw new CliError(`--what "${args.what}" is not a k-unit claim: use unit, refund (or change), unrevealed, proceeds, deliver or unsold`);
  if (what === "deliver" && args.winner.trim() === "") throw new CliError("--winner is required with --what deliver: the winner whose unit the seller sends");
  const ctx = await connectKUnit(hre, args);
  const w = await wallet(ctx, args.from);
  const me = w.account.address;
  const to = args.to.trim() === "" ? me : parseAddressArg(args.to, "--to");
  const a = await loadKUnit(ctx, id);
  const { fmt, terms } = a;
  const isSeller = me.toLowerCase() === terms.seller.toLowerCase();
  const [status] = await kunitView<[number, bigint]>(ctx, "positionOf", [id, me]);
  let fn: string;
  let callArgs: readonly unknown[];
  switch (what) {
    case "unit":
      requirePhase(a, [PHASE.Settled], "claim a unit");
      if (Number(status) !== UNIT_POSITION.Ranked) throw new CliError(`${me} has no unit to claim in k-unit auction ${id}: it did not win one, or already received it`);
      [fn, callArgs] = ["claimUnit", [id, to]];
      break;
    case "refund":
    case "change":
      if (Number(status) === UNIT_POSITION.Ranked) {
        throw new CliError(a.phase === PHASE.Settled
          ? `${me} won a unit of k-unit auction ${id}: its unit and change come with kunit:claim --what unit`
          : `${me}'s bid is in the top set of k-unit auction ${id}: its deposit is held until settlement, when it wins a unit`);
      }
      if (Number(status) === UNIT_POSITION.Sealed) throw new CliError(`${me}'s bid in k-unit auction ${id} is unopened: open it (kunit:reveal) or, after the reveal window, use --what unrevealed`);
      if (Number(status) !== UNIT_POSITION.Owed && Number(status) !== UNIT_POSITION.Displaced) throw new CliError(`nothing is owed to ${me} in k-unit auction ${id}`);
      [fn, callArgs] = ["withdrawRefund", [id, to]];
      break;
    case "unrevealed": {
      const p = kUnitPositionOf(a.history, me);
      if (p === null) throw new CliError(`${me} has no commitment in k-unit auction ${id}`);
      if (Number(status) !== UNIT_POSITION.Sealed) throw new CliError(`${me}'s commitment in k-unit auction ${id} is not an unopened one (already opened or withdrawn)`);
      requirePhase(a, [PHASE.AwaitingSettlement, PHASE.Settled], "withdraw an unopened deposit");
      [fn, callArgs] = ["withdrawUnrevealed", [id, p, to]];
      break;
    }
    case "proceeds":
      if (!isSeller) throw new CliError(`only the seller ${terms.seller} may withdraw the proceeds of k-unit auction ${id}`);
      [fn, callArgs] = ["withdrawProceeds", [id, terms, to]];
      break;
    case "deliver": {
      if (!isSeller) throw new CliError(`only the seller ${terms.seller} may deliver units of k-unit auction ${id}`);
      requirePhase(a, [PHASE.Settled], "deliver a unit");
      const winner = parseAddressArg(args.winner, "--winner");
      const b = kUnitBidderOf(a.history, winner);
      const [ws] = await kunitView<[number, bigint]>(ctx, "positionOf", [id, winner]);
      if (b === undefined || Number(ws) !== UNIT_POSITION.Ranked) throw new CliError(`${winner} has no unit waiting in k-unit auction ${id}: it did not win one, or already received it`);
      [fn, callArgs] = ["deliverUnit", [id, terms, winner]];
      break;
    }
    case "unsold":
      if (!isSeller) throw new CliError(`only the seller ${terms.seller} may take back the unsold units of k-unit auction ${id}`);
      requirePhase(a, [PHASE.Settled], "take back unsold units");
      [fn, callArgs] = ["claimUnsold", [id, terms, to]];
      break;
  }
  const sent = await sendKUnit(ctx, w, fn, callArgs, { fmt });
  for (const e of sent.events) {
    const x = e.args as Record<string, unknown>;
    if (e.eventName === ("UnitClaimed" as never)) out(`Sent ${me}'s unit of k-unit auction ${id} and its change to ${x.recipient}; price ${fmt(x.price as bigint)} released to the seller (tx ${sent.hash})`);
    if (e.eventName === ("UnitDelivered" as never)) out(`Delivered ${x.winner}'s unit of k-unit auction ${id}; price ${fmt(x.price as bigint)} released, its change held as its refund (tx ${sent.hash})`);
    if (e.eventName === ("UnsoldClaimed" as never)) out(`Sent ${x.units} unsold unit(s) of k-unit auction ${id} to ${x.recipient} (tx ${sent.hash})`);
    if (e.eventName === "ProceedsWithdrawn") out(`Sent ${fmt(x.amount as bigint)} of proceeds to ${x.recipient} (tx ${sent.hash})`);
    if (e.eventName === "RefundWithdrawn") out(`Sent ${fmt(x.amount as bigint)} to ${x.recipient} (tx ${sent.hash})${what === "unrevealed" ? `; the bond of ${fmt(terms.bond)} stays burned` : ""}`);
  }
  const ev = sent.events[0]?.args as { amount?: bigint; price?: bigint } | undefined;
  return { auctionId: id, what, recipient: to, amount: ev?.amount, price: ev?.price, txHash: sent.hash };
});
