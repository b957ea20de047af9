/**
 * auction:reveal — opens a bid from its receipt. Anyone may send it (rule 8): the bid counts for the
 * receipt's bidder, whoever pays the gas. The receipt is checked against the network, the contract, the
 * auction, the bidder and the commitment recorded on chain before anything is sent.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { auctionHouseAbi } from "../lib/abi.js";
import { bidderOf, effectiveDeposit, findLeader } from "../lib/history.js";
import { receiptProblems } from "../lib/receipt.js";
import { vaultAddress } from "../lib/vault.js";
import {
  action,
  balanceIn,
  CliError,
  connect,
  formatAmount,
  loadAuction,
  out,
  parseAddressArg,
  parseAuctionIdArg,
  readReceiptFile,
  requirePhase,
  simulateAndSend,
  wallet,
  type CommonArgs,
} from "./common.js";
import { PHASE } from "../lib/errors.js";

interface Args extends CommonArgs {
  from: string;
  receipt: string;
  auction: string;
  bidder: string;
}

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const r = readReceiptFile(args.receipt);
  if (r.role !== "bid") throw new CliError("this is a sealed-reserve receipt: open it with auction:reveal-reserve");
  const expectedAuction = args.auction.trim() === "" ? r.auctionId : parseAuctionIdArg(args.auction);
  const expectedBidder = args.bidder.trim() === "" ? undefined : parseAddressArg(args.bidder, "--bidder");
  const ctx = await connect(hre, args);
  const expected = { chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: expectedAuction, account: expectedBidder };
  let problems = receiptProblems(r, expected);
  if (problems.length > 0) throw new CliError(problems.join("; "));

  const a = await loadAuction(ctx, r.auctionId);
  requirePhase(a, [PHASE.Revealing], "open bids");
  const b = bidderOf(a.history, r.account);
  if (b?.opening) throw new CliError(`${r.account}'s bid in auction ${r.auctionId} is already open (block ${b.opening.blockNumber})`);
  problems = receiptProblems(r, { ...expected, onChainCommitment: b ? b.commitment : null });
  if (problems.length > 0) throw new CliError(problems.join("; "));

  const w = await wallet(ctx, args.from);
  const fmt = (x: bigint) => formatAmount(x, a.asset);
  // The standing leader before this opening: if this bid displaces it, this transaction refunds it.
  const readState = () => ctx.publicClient.readContract({ address: ctx.house, abi: auctionHouseAbi, functionName: "auctionState", args: [r.auctionId] });
  const previousLeader = findLeader(a.history, (await readState()).bestOrder);
  // A hidden deposit: the opening sweeps the bid's vault, whose address this receipt's salt gives (lib/vault.ts).
  const vault = b!.hidden ? vaultAddress({ chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: r.auctionId }, r.account, r.salt, a.terms.paymentToken) : null;
  if (vault !== null) {
    const held = await balanceIn(ctx, a.terms.paymentToken, vault);
    out(`Hidden deposit: vault ${vault} holds ${fmt(held)}; with the bond of ${fmt(b!.deposit)} that covers ${fmt(b!.deposit + held)}.`);
    if (b!.deposit + held < r.amount) out(`  That is below the bid of ${fmt(r.amount)}: opening now makes it invalid (the bond is forfeited, the rest refunded).`);
  }
  const sent = await simulateAndSend(
    ctx,
    w,
    { address: ctx.house, abi: auctionHouseAbi, functionName: "reveal", args: [r.auctionId, r.account, r.amount, r.salt, b!.deposit, BigInt(b!.order)] },
    { formatAmount: fmt },
  );
  const revealed = sent.events.find((e) => e.eventName === "BidRevealed");
  const sweptEvent = sent.events.find((e) => e.eventName === "VaultSwept");
  const swept = sweptEvent ? (sweptEvent.args as { collateral: bigint }).collateral : 0n;
  const deposit = b!.deposit + swept;
  const valid = revealed ? (revealed.args as { valid: boolean }).valid : r.amount <= deposit;
  const deferredTo = (who: string) => sent.events.find((e) => e.eventName === "RefundDeferred" && (e.args as { bidder: string }).bidder.toLowerCase() === who.toLowerCase());
  const deferred = deferredTo(r.account);
  const onBehalf = w.account.address.toLowerCase() !== r.account.toLowerCase() ? ` on behalf of ${r.account}` : "";
  out(`Opened ${r.account}'s bid of ${fmt(r.amount)} in auction ${r.auctionId}${onBehalf} (tx ${sent.hash})`);
  if (sweptEvent) out(`  Swept vault ${vault}: ${fmt(swept)} counted, so the bid's deposit is ${fmt(deposit)} (bond ${fmt(b!.deposit)} + ${fmt(swept)}).`);
  if (sent.events.some((e) => e.eventName === "VaultSetAside")) out("  Part of what the vault held could not be counted: it is set aside for you (auction:recover-vault after the auction).");
  if (!valid) out(`  The bid is above its deposit of ${fmt(deposit)}: it is invalid and its bond of ${fmt(a.terms.bond)} is forfeited.`);
  const state = await readState();
  const leads = valid && state.bestOrder === b!.order;
  let displaced: { bidder: string; amount: bigint; refunded: boolean } | null = null;
  if (leads) {
    out("  It leads: its deposit is held until settlement.");
    if (previousLeader !== null && previousLeader.toLowerCase() !== r.account.toLowerCase()) {
      // A displaced leader can no longer win: its whole deposit went back in this transaction, or is a claim now.
      const failed = deferredTo(previousLeader);
      const amount = failed ? (failed.args as { amount: bigint }).amount : effectiveDeposit(bidderOf(a.history, previousLeader)!);
      displaced = { bidder: previousLeader, amount, refunded: failed === undefined };
      if (failed) out(`  The previous leader ${previousLeader}'s refund of ${fmt(amount)} could not be paid in this transaction (RefundDeferred): it claims it now with auction:claim --auction ${r.auctionId} --what refund --from ${previousLeader}.`);
      else out(`  The previous leader ${previousLeader} was refunded its deposit of ${fmt(amount)} in this transaction.`);
    }
  } else if (deferred) out("  The refund could not be paid now; claim it with auction:claim --what refund.");
  else out("  It cannot win any more: its deposit was refunded" + (valid ? "." : " less the bond."));
  return { auctionId: r.auctionId, bidder: r.account, amount: r.amount, valid, deposit, swept, vault, leads, displaced, txHash: sent.hash };
});
