/**
 * auction:commit — commits a sealed bid, or replaces / tops up the sender's standing commitment. The salt is
 * drawn from the CSPRNG and written to a receipt file before the transaction is sent; it is printed only
 * with --show-salt. The deposit is public: it is an upper bound on the bid that everyone can see.
 * With --self-opening the opening is also timelock-encrypted to the drand round at which bids may be opened
 * and published with the commitment (rule 16): from then on anyone can open the bid (auction:keeper).
 * With --hide-deposit only the bond is posted (commitHidden / commitHiddenSelfOpening, rule 16): the rest of the
 * collateral goes, by a plain transfer from another account, to the bid's vault, whose address is computed here
 * from the receipt's salt (lib/vault.ts) — never asked of a node, which would then know it.
 */
import { rmSync } from "node:fs";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { auctionHouseAbi } from "../lib/abi.js";
import { randomSalt, ZERO_ADDRESS } from "../lib/auction.js";
import { bidderOf, positionOf } from "../lib/history.js";
import { vaultAddress } from "../lib/vault.js";
import { makeReceipt, serializeReceipt } from "../lib/receipt.js";
import {
  action,
  checkNewFile,
  CliError,
  connect,
  defaultReceiptPath,
  ensureErc20,
  formatAmount,
  formatTime,
  loadAuction,
  NotSentError,
  out,
  parseAmountArg,
  parseAuctionIdArg,
  reportSealed,
  reportVaultFunding,
  requirePhase,
  sealForCommit,
  send,
  simulate,
  wallet,
  writeNewFile,
  type CommonArgs,
} from "./common.js";
import { PHASE } from "../lib/errors.js";

interface Args extends CommonArgs {
  from: string;
  auction: string;
  amount: string;
  deposit: string;
  receipt: string;
  showSalt: boolean;
  force: boolean;
  selfOpening: boolean;
  hideDeposit: boolean;
  beacon: string;
}

const max = (...xs: bigint[]) => xs.reduce((a, b) => (a > b ? a : b));

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const id = parseAuctionIdArg(args.auction);
  if (args.amount.trim() === "") throw new CliError("--amount is required: your bid");
  const ctx = await connect(hre, args);
  const w = await wallet(ctx, args.from);
  const bidder = w.account.address;
  const a = await loadAuction(ctx, id);
  requirePhase(a, [PHASE.Committing], "commit");
  const { terms, asset } = a;
  const amount = parseAmountArg(args.amount, "--amount", asset);
  const current = positionOf(a.history, bidder);
  const fmt = (x: bigint) => formatAmount(x, asset);
  // A hidden position stays hidden when replaced (the contract keeps its mark), a plain one stays plain.
  const currentHidden = bidderOf(a.history, bidder)?.hidden ?? false;
  if (current && args.hideDeposit && !currentHidden) {
    throw new CliError(`${bidder}'s commitment in auction ${id} has a public deposit: a replacement keeps it public (--hide-deposit applies to a first commitment)`);
  }
  const hidden = args.hideDeposit || currentHidden;
  if (hidden && args.deposit.trim() !== "") {
    throw new CliError(`--deposit does not go with a hidden deposit: only the bond of ${fmt(terms.bond)} is posted; the rest goes to the bid's vault`);
  }
  const deposit = hidden
    ? (current?.deposit ?? terms.bond)
    : args.deposit.trim() === "" ? max(amount, terms.bond, current?.deposit ?? 0n) : parseAmountArg(args.deposit, "--deposit", asset);
  if (deposit < terms.bond) throw new CliError(`--deposit ${fmt(deposit)} is below auction ${id}'s bond of ${fmt(terms.bond)}`);
  if (!hidden && amount > deposit) {
    throw new CliError(`your bid of ${fmt(amount)} is above your deposit of ${fmt(deposit)}: such a bid is invalid and forfeits the bond; raise --deposit`);
  }
  if (current && deposit < current.deposit) {
    throw new CliError(`deposits only go up: ${bidder} already has ${fmt(current.deposit)} deposited in auction ${id}`);
  }
  const added = current ? deposit - current.deposit : deposit;

  const receipt = makeReceipt({
    role: "bid", chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: id, account: bidder, amount, salt: randomSalt(), deposit,
    ...(hidden ? { hidden: true } : {}),
  });
  // Computed here from the salt, never read from the contract's vaultOf through a node (which would learn it).
  const vault = hidden ? vaultAddress({ chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: id }, bidder, receipt.salt, terms.paymentToken) : null;
  const path = args.receipt.trim() || defaultReceiptPath(ctx.chainId, id, bidder, "bid");
  checkNewFile(path, args.force);

  // Sealed before anything is sent: a beacon that cannot be reached stops the commit, not the bid's opening.
  const sealed = args.selfOpening ? await sealForCommit(ctx, args, terms, amount, receipt.salt) : null;

  const eth = terms.paymentToken === ZERO_ADDRESS;
  if (!eth) await ensureErc20(ctx, w, terms.paymentToken, added, "the deposit");
  const call = hidden && !current
    ? sealed
      ? { address: ctx.house, abi: auctionHouseAbi, functionName: "commitHiddenSelfOpening", args: [id, receipt.commitment, sealed.ciphertext] as const, value: eth ? deposit : 0n }
      : { address: ctx.house, abi: auctionHouseAbi, functionName: "commitHidden", args: [id, receipt.commitment] as const, value: eth ? deposit : 0n }
    : sealed
    ? current
      ? { address: ctx.house, abi: auctionHouseAbi, functionName: "recommitSelfOpening", args: [id, current, receipt.commitment, added, sealed.ciphertext] as const, value: eth ? added : 0n }
      : { address: ctx.house, abi: auctionHouseAbi, functionName: "commitSelfOpening", args: [id, receipt.commitment, deposit, sealed.ciphertext] as const, value: eth ? deposit : 0n }
    : current
      ? { address: ctx.house, abi: auctionHouseAbi, functionName: "recommit", args: [id, current, receipt.commitment, added] as const, value: eth ? added : 0n }
      : { address: ctx.house, abi: auctionHouseAbi, functionName: "commit", args: [id, receipt.commitment, deposit] as const, value: eth ? deposit : 0n };
  const describe = { formatAmount: fmt };
  const request = await simulate(ctx, w, call, describe);
  writeNewFile(path, serializeReceipt(receipt), args.force);
  let sent;
  try {
    sent = await send(ctx, w, request, describe);
  } catch (e) {
    // Remove the receipt only if the transaction never left: once broadcast, it may still be mined.
    if (e instanceof NotSentError) rmSync(path, { force: true });
    throw e;
  }
  const ev = sent.events.find((e) => e.eventName === "BidCommitted");
  const order = ev ? (ev.args as { order: bigint }).order : current?.order ?? 0n;
  out(`${current ? "Replaced the commitment" : "Committed"} in auction ${id} as ${bidder} (tx ${sent.hash})`);
  out(`  deposit ${fmt(deposit)}${current ? ` (added ${fmt(added)})` : ""}, commit order ${order}`);
  if (vault !== null) {
    reportVaultFunding({ vault, bidder, amount, bond: deposit, terms, fmt, prefix: "auction" });
  } else {
    out(`  The deposit is public: everyone can see it as an upper bound on your bid. The bid itself stays hidden.`);
  }
  if (sealed) {
    reportSealed(sealed, "auction:keeper", path);
  } else {
    out(`Receipt: ${path} — keep it secret and safe: you need it to open the bid between ${formatTime(terms.commitEnd)} and ${formatTime(terms.revealEnd)}.`);
  }
  if (current) out(`  Your previous receipt no longer opens this commitment; use the new one.`);
  if (current && vault !== null) out(`  The new commitment has a new vault: what reached the previous one does not count; recover it after the auction with the previous receipt.`);
  out(`  Not opening it forfeits the bond of ${fmt(terms.bond)}.`);
  if (args.showSalt) out(`  salt ${receipt.salt}`);
  return { auctionId: id, bidder, order, deposit, receipt: path, txHash: sent.hash, commitment: receipt.commitment, selfOpeningRound: sealed?.round ?? null, hidden, vault };
});
