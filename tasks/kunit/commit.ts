/**
 * kunit:commit — commits a sealed bid for one unit (or replaces / tops up the sender's commitment) and writes its
 * receipt before sending, as auction:commit does: same commitment, same receipt format, the k-unit house's address.
 * With --self-opening the opening is timelock-encrypted (lib/timelock.ts) to the drand round at which bids may be
 * opened, as auction:commit does, and published with the commitment (commitSelfOpening, rule 16): from then on
 * anyone can open the bid (kunit:keeper). --sealed-opening FILE attaches a ciphertext made elsewhere instead; the
 * house cannot check it, so a ciphertext that does not open the bid only means the bid does not open itself.
 * With --hide-deposit only the bond is posted (commitHidden / commitHiddenSelfOpening, rule 16), as auction:commit
 * does: the vault is computed here from the receipt's salt (lib/vault.ts) and the funding advice is the same.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { bytesToHex, type Hex } from "viem";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { randomSalt, ZERO_ADDRESS } from "../../lib/auction.js";
import { PHASE } from "../../lib/errors.js";
import { kUnitAuctionHouseAbi } from "../../lib/kunit-abi.js";
import { kUnitBidderOf, kUnitPositionOf } from "../../lib/kunit-history.js";
import { vaultAddress } from "../../lib/vault.js";
import { MAX_SEALED_OPENING } from "../../lib/timelock.js";
import { makeReceipt, serializeReceipt } from "../../lib/receipt.js";
import {
  action, checkNewFile, CliError, defaultReceiptPath, ensureErc20, formatTime, NotSentError, out, parseAmountArg, parseAuctionIdArg,
  reportSealed, reportVaultFunding, requirePhase, sealForCommit, send, simulate, wallet, writeNewFile, type CommonArgs,
} from "../common.js";
import { connectKUnit, eventArgs, loadKUnit } from "./common.js";

interface Args extends CommonArgs {
  from: string;
  auction: string;
  amount: string;
  deposit: string;
  receipt: string;
  showSalt: boolean;
  force: boolean;
  sealedOpening: string;
  selfOpening: boolean;
  hideDeposit: boolean;
  beacon: string;
}

const max = (...xs: bigint[]) => xs.reduce((a, b) => (a > b ? a : b));

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const id = parseAuctionIdArg(args.auction);
  if (args.amount.trim() === "") throw new CliError("--amount is required: your bid for one unit");
  if (args.selfOpening && args.sealedOpening.trim() !== "") {
    throw new CliError("--self-opening seals the opening here; --sealed-opening attaches one made elsewhere: pass one of them");
  }
  let sealedOpening: Hex | null = null;
  if (args.sealedOpening.trim() !== "") {
    const file = args.sealedOpening.trim();
    if (!existsSync(file)) throw new CliError(`--sealed-opening ${file} does not exist`);
    const bytes = readFileSync(file);
    if (bytes.length === 0 || bytes.length > MAX_SEALED_OPENING) {
      throw new CliError(`--sealed-opening ${file} is ${bytes.length} bytes: the house accepts 1 to ${MAX_SEALED_OPENING}`);
    }
    sealedOpening = bytesToHex(bytes);
  }
  const ctx = await connectKUnit(hre, args);
  const w = await wallet(ctx, args.from);
  const bidder = w.account.address;
  const a = await loadKUnit(ctx, id);
  requirePhase(a, [PHASE.Committing], "commit");
  const { terms, asset, fmt } = a;
  const amount = parseAmountArg(args.amount, "--amount", asset);
  const current = kUnitPositionOf(a.history, bidder);
  // A hidden position stays hidden when replaced (the contract keeps its mark), a plain one stays plain.
  const currentHidden = kUnitBidderOf(a.history, bidder)?.hidden ?? false;
  if (current && args.hideDeposit && !currentHidden) {
    throw new CliError(`${bidder}'s commitment in k-unit auction ${id} has a public deposit: a replacement keeps it public (--hide-deposit applies to a first commitment)`);
  }
  const hidden = args.hideDeposit || currentHidden;
  if (hidden && args.deposit.trim() !== "") {
    throw new CliError(`--deposit does not go with a hidden deposit: only the bond of ${fmt(terms.bond)} is posted; the rest goes to the bid's vault`);
  }
  const deposit = hidden
    ? (current?.deposit ?? terms.bond)
    : args.deposit.trim() === "" ? max(amount, terms.bond, current?.deposit ?? 0n) : parseAmountArg(args.deposit, "--deposit", asset);
  if (deposit < terms.bond) throw new CliError(`--deposit ${fmt(deposit)} is below auction ${id}'s bond of ${fmt(terms.bond)}`);
  if (!hidden && amount > deposit) throw new CliError(`your bid of ${fmt(amount)} is above your deposit of ${fmt(deposit)}: such a bid is invalid and forfeits the bond; raise --deposit`);
  if (current && deposit < current.deposit) throw new CliError(`deposits only go up: ${bidder} already has ${fmt(current.deposit)} deposited in auction ${id}`);
  const added = current ? deposit - current.deposit : deposit;

  const receipt = makeReceipt({
    role: "bid", chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: id, account: bidder, amount, salt: randomSalt(), deposit,
    ...(hidden ? { hidden: true } : {}),
  });
  // Computed here from the salt, never read from the contract's vaultOf through a node (which would learn it).
  const vault = hidden ? vaultAddress({ chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: id }, bidder, receipt.salt, terms.paymentToken) : null;
  const path = args.receipt.trim() || defaultReceiptPath(ctx.chainId, id, bidder, "bid").replace("/auction-", "/kunit-");
  checkNewFile(path, args.force);
  // Sealed before anything is sent: a beacon that cannot be reached stops the commit, not the bid's opening.
  const sealed = args.selfOpening ? await sealForCommit(ctx, args, terms, amount, receipt.salt) : null;
  if (sealed) sealedOpening = sealed.ciphertext;
  const eth = terms.paymentToken === ZERO_ADDRESS;
  if (!eth) await ensureErc20(ctx, w, terms.paymentToken, added, "the deposit");
  const extra = sealedOpening === null ? [] : [sealedOpening];
  const call = hidden && !current
    ? { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName: sealedOpening ? "commitHiddenSelfOpening" : "commitHidden", args: [id, receipt.commitment, ...extra], value: eth ? deposit : 0n }
    : current
    ? { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName: sealedOpening ? "recommitSelfOpening" : "recommit", args: [id, current, receipt.commitment, added, ...extra], value: eth ? added : 0n }
    : { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName: sealedOpening ? "commitSelfOpening" : "commit", args: [id, receipt.commitment, deposit, ...extra], value: eth ? deposit : 0n };
  const request = await simulate(ctx, w, call, { formatAmount: fmt });
  writeNewFile(path, serializeReceipt(receipt), args.force);
  let sent;
  try {
    sent = await send(ctx, w, request, { formatAmount: fmt }, kUnitAuctionHouseAbi);
  } catch (e) {
    if (e instanceof NotSentError) rmSync(path, { force: true });
    throw e;
  }
  const order = eventArgs<{ order: bigint }>(sent, "BidCommitted")?.order ?? current?.order ?? 0n;
  out(`${current ? "Replaced the commitment" : "Committed"} in k-unit auction ${id} as ${bidder} (tx ${sent.hash})`);
  out(`  deposit ${fmt(deposit)}${current ? ` (added ${fmt(added)})` : ""}, commit order ${order}${vault === null ? "; the deposit is public, the bid hidden" : ""}`);
  if (vault !== null) reportVaultFunding({ vault, bidder, amount, bond: deposit, terms, fmt, prefix: "kunit" });
  if (sealed) reportSealed(sealed, "kunit:keeper", path);
  else out(`Receipt: ${path} — keep it secret and safe: open the bid between ${formatTime(terms.commitEnd)} and ${formatTime(terms.revealEnd)} (kunit:reveal).`);
  out(`  Not opening it forfeits the bond of ${fmt(terms.bond)}.`);
  if (sealedOpening !== null && !sealed) out(`  Attached a sealed opening of ${(sealedOpening.length - 2) / 2} bytes (SelfOpeningAttached): anyone holding its key can open the bid.`);
  if (current && vault !== null) out(`  The new commitment has a new vault: what reached the previous one does not count; recover it after the auction with the previous receipt.`);
  if (args.showSalt) out(`  salt ${receipt.salt}`);
  return { auctionId: id, bidder, order, deposit, receipt: path, txHash: sent.hash, commitment: receipt.commitment, selfOpeningRound: sealed?.round ?? null, hidden, vault };
});
