/**
 * auction:create — creates an auction of an ERC-721 token or an ERC-20 amount, paid in ETH or an ERC-20.
 * Everything is checked before any transaction: addresses, amounts, windows, the seller's ownership of the
 * lot. Then the lot (and the payment token, for a sealed-reserve bond) is approved if needed, the create
 * call is simulated, the sealed-reserve receipt is written, and only then is the auction created.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { erc20Abi, erc721Abi, type Address } from "viem";
import { auctionHouseAbi } from "../lib/abi.js";
import { FORMATS, MAX_BOND, randomSalt, ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../lib/auction.js";
import { revealWindowWarning } from "../lib/credible.js";
import { makeReceipt, serializeReceipt, type BidReceipt } from "../lib/receipt.js";
import { readTokenInfo, tokenProblems, tokenTitle } from "../lib/tokens.js";
import {
  action,
  assetOf,
  CliError,
  connect,
  defaultReceiptPath,
  checkNewFile,
  ensureErc20,
  formatAmount,
  formatTime,
  out,
  parseAddressArg,
  parseAmountArg,
  parseDurationArg,
  send,
  simulate,
  simulateAndSend,
  wallet,
  writeNewFile,
  type CommonArgs,
} from "./common.js";

interface Args extends CommonArgs {
  from: string;
  lotToken: string;
  tokenId: string;
  lotAmount: string;
  payment: string;
  format: string;
  commitWindow: string;
  revealWindow: string;
  reserveWindow: string;
  bond: string;
  floor: string;
  sealedReserve: string;
  receipt: string;
  force: boolean;
}

const FORMAT_NAMES: Record<string, number> = { "second-price": 0, vickrey: 0, second: 0, "first-price": 1, first: 1 };

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  // Input that needs no chain first.
  if (args.lotToken.trim() === "") throw new CliError("--lot-token is required: the ERC-721 or ERC-20 contract of the lot");
  const lotToken = parseAddressArg(args.lotToken, "--lot-token");
  const hasId = args.tokenId.trim() !== "";
  const hasAmount = args.lotAmount.trim() !== "";
  if (hasId === hasAmount) throw new CliError("give exactly one of --token-id (an ERC-721 lot) or --lot-amount (an ERC-20 lot)");
  if (hasId && !/^\d+$/.test(args.tokenId.trim())) throw new CliError(`--token-id "${args.tokenId}" is not a token id (a whole number)`);
  const lotKind = hasId ? 0 : 1;
  const format = FORMAT_NAMES[args.format.trim().toLowerCase()];
  if (format === undefined) throw new CliError(`--format "${args.format}" is not a format: use second-price or first-price`);
  const payment = args.payment.trim().toLowerCase() === "eth" ? ZERO_ADDRESS : parseAddressArg(args.payment, "--payment");
  const commitWindow = parseDurationArg(args.commitWindow, "--commit-window");
  const revealWindow = parseDurationArg(args.revealWindow, "--reveal-window");
  const sealedGiven = args.sealedReserve.trim() !== "";
  // Rule 6: a sealed reserve is opened in its own window after commitEnd, before any bid can be opened.
  const reserveWindow = sealedGiven ? parseDurationArg(args.reserveWindow, "--reserve-window") : 0;
  if (sealedGiven && reserveWindow >= revealWindow) {
    throw new CliError(`--reserve-window (${args.reserveWindow}) must be shorter than --reveal-window (${args.revealWindow}): bids open after it, inside the reveal window`);
  }
  if (args.bond.trim() === "") throw new CliError("--bond is required: what every commitment deposits and forfeits if it is not opened");

  const ctx = await connect(hre, args);
  const w = await wallet(ctx, args.from);
  const seller = w.account.address;
  // Rule 12, checked as the contract will: tokens with code, no NFT contract as an ERC-20, an ERC-721 lot that
  // reports ERC-165 and is the seller's.
  const tokenId = lotKind === 0 ? BigInt(args.tokenId.trim()) : undefined;
  const lotInfo = await readTokenInfo(ctx.publicClient, lotToken, { ownerOfId: tokenId });
  const paymentInfo = await readTokenInfo(ctx.publicClient, payment);
  const tokenProblem = [
    ...tokenProblems(lotKind === 0 ? "lot-erc721" : "lot-erc20", lotInfo, { seller, tokenId, house: ctx.house }),
    ...tokenProblems("payment", paymentInfo),
  ][0];
  if (tokenProblem !== undefined) throw new CliError(tokenProblem);
  const asset = await assetOf(ctx, payment);
  const bond = parseAmountArg(args.bond, "--bond", asset, MAX_BOND);
  if (bond === 0n) throw new CliError("--bond must be greater than zero: not revealing has to cost something");
  const floorReserve = parseAmountArg(args.floor, "--floor", asset);
  const sealed = args.sealedReserve.trim() === "" ? null : parseAmountArg(args.sealedReserve, "--sealed-reserve", asset);

  // The lot must be the seller's.
  let lotAmountOrId: bigint;
  if (lotKind === 0) {
    lotAmountOrId = tokenId!;
  } else {
    const lotAsset = await assetOf(ctx, lotToken);
    lotAmountOrId = parseAmountArg(args.lotAmount, "--lot-amount", lotAsset, 2n ** 256n - 1n);
    if (lotAmountOrId === 0n) throw new CliError("--lot-amount must be greater than zero");
  }

  const now = Number((await ctx.publicClient.getBlock()).timestamp);
  const commitEnd = now + commitWindow;
  const reserveEnd = sealed !== null ? commitEnd + reserveWindow : 0;
  const revealEnd = commitEnd + revealWindow;
  const expectedId = await ctx.publicClient.readContract({ address: ctx.house, abi: auctionHouseAbi, functionName: "nextAuctionId" });

  let reserve: BidReceipt | null = null;
  let receiptPath = "";
  let sealedReserveCommitment: `0x${string}` = ZERO_BYTES32;
  let reserveNonce = 0n;
  if (sealed !== null) {
    // The reserve binds the seller's own nonce, which only the seller's sealed-reserve creations move (rule 6).
    reserveNonce = await ctx.publicClient.readContract({ address: ctx.house, abi: auctionHouseAbi, functionName: "reserveNonceOf", args: [seller] });
    reserve = makeReceipt({
      role: "reserve", chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: expectedId, account: seller, amount: sealed, salt: randomSalt(), nonce: reserveNonce,
    });
    sealedReserveCommitment = reserve.commitment;
    receiptPath = args.receipt.trim() || defaultReceiptPath(ctx.chainId, expectedId, seller, "reserve");
    checkNewFile(receiptPath, args.force);
  }
  const terms: AuctionTerms = {
    seller, lotKind, lotToken, lotAmountOrId, paymentToken: payment, format, commitEnd, reserveEnd, revealEnd, bond, floorReserve,
    sealedReserveCommitment, reserveNonce,
  };

  // Approvals (only now: every check that needs no transaction has passed).
  const pulls = new Map<Address, bigint>();
  if (lotKind === 1) pulls.set(lotToken, lotAmountOrId);
  if (sealed !== null && payment !== ZERO_ADDRESS) pulls.set(payment, (pulls.get(payment) ?? 0n) + bond);
  if (lotKind === 0) {
    const [approved, forAll] = await Promise.all([
      ctx.publicClient.readContract({ address: lotToken, abi: erc721Abi, functionName: "getApproved", args: [lotAmountOrId] }),
      ctx.publicClient.readContract({ address: lotToken, abi: erc721Abi, functionName: "isApprovedForAll", args: [seller, ctx.house] }),
    ]);
    if (approved.toLowerCase() !== ctx.house.toLowerCase() && !forAll) {
      const sent = await simulateAndSend(ctx, w, { address: lotToken, abi: erc721Abi, functionName: "approve", args: [ctx.house, lotAmountOrId] });
      out(`Approved the AuctionHouse to take token ${lotAmountOrId} of ${lotToken} (tx ${sent.hash})`);
    }
  }
  for (const [token, amount] of pulls) await ensureErc20(ctx, w, token, amount, token === lotToken ? "the lot" : "the sealed-reserve bond");
  if (sealed !== null && payment === ZERO_ADDRESS) {
    const balance = await ctx.publicClient.getBalance({ address: seller });
    if (balance < bond) throw new CliError(`the sealed-reserve bond of ${formatAmount(bond, asset)} is more than ${seller} holds`);
  }

  const call = {
    address: ctx.house,
    abi: auctionHouseAbi,
    functionName: "create",
    args: [terms] as const,
    value: sealed !== null && payment === ZERO_ADDRESS ? bond : 0n,
  };
  // Simulate, then write the receipt, then send: the salt is on disk before the commitment is on chain.
  const describe = { formatAmount: (a: bigint) => formatAmount(a, asset) };
  const request = await simulate(ctx, w, call, describe);
  if (reserve !== null) writeNewFile(receiptPath, serializeReceipt(reserve), args.force);
  const sent = await send(ctx, w, request, describe);
  const created = sent.events.find((e) => e.eventName === "AuctionCreated");
  const auctionId = created ? (created.args as { auctionId: bigint }).auctionId : expectedId;
  // Another auction may have taken the expected id meanwhile: that changes nothing on chain (the reserve binds
  // the nonce), but the receipt should name the auction it opens.
  if (reserve !== null && auctionId !== expectedId) writeNewFile(receiptPath, serializeReceipt({ ...reserve, auctionId }), true);
  out(`Created auction ${auctionId} (tx ${sent.hash}, block ${sent.receipt.blockNumber})`);
  out(`  lot: ${tokenTitle(lotInfo)} ${lotToken} ${lotKind === 0 ? `#${lotAmountOrId}` : `amount ${lotAmountOrId}`}; ${FORMATS[format]}`);
  out(`  paid in ${paymentInfo.kind === "eth" ? "ETH" : `${tokenTitle(paymentInfo)} ${payment}`}`);
  out(`  bond ${formatAmount(bond, asset)}; floor ${formatAmount(floorReserve, asset)}${sealed !== null ? "; sealed reserve committed" : ""}`);
  out(`  commits until ${formatTime(commitEnd)}; ${sealed !== null ? `sealed reserve opened until ${formatTime(reserveEnd)} (no bid opens before it); ` : ""}reveals until ${formatTime(revealEnd)}`);
  if (sealed !== null) out(`Reserve receipt: ${receiptPath} — keep it: you must open the reserve between ${formatTime(commitEnd)} and ${formatTime(reserveEnd)} or it is ignored and the bond burned`);
  const censorship = revealWindowWarning(revealWindow, ctx.chainId === 31337 ? "local" : "public");
  if (censorship !== null) out(`Warning: ${censorship}`);
  return { auctionId, txHash: sent.hash, terms, receipt: sealed !== null ? receiptPath : undefined };
});
