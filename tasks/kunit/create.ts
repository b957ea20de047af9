/**
 * kunit:create — creates a k-unit auction: k copies of an ERC-1155 id (--token-id) or an ERC-20 amount split into
 * k equal units (--lot-amount), uniform price or pay-as-bid, no, public or sealed reserve (the sealed one's receipt
 * is written before the creation is sent, as auction:create does). Everything the contract will
 * check (k, the split, the token kinds, the seller's balance) is checked first; approvals and the creation are
 * simulated before they are sent.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { MAX_BOND, MAX_UNITS, randomSalt, UNIT_FORMATS, ZERO_ADDRESS, ZERO_BYTES32, type UnitAuctionTerms } from "../../lib/auction.js";
import { makeReceipt, serializeReceipt, type BidReceipt } from "../../lib/receipt.js";
import { revealWindowWarning } from "../../lib/credible.js";
import { readTokenInfo, tokenProblems } from "../../lib/tokens.js";
import {
  action, assetOf, checkNewFile, CliError, defaultReceiptPath, ensureErc20, formatAmount, formatTime, out, parseAddressArg, parseAmountArg,
  parseDurationArg, send, simulate, simulateAndSend, wallet, writeNewFile, type CommonArgs,
} from "../common.js";
import { kUnitAuctionHouseAbi } from "../../lib/kunit-abi.js";
import { connectKUnit, describeLot, eventArgs, kunitView } from "./common.js";

interface Args extends CommonArgs {
  from: string;
  lotToken: string;
  tokenId: string;
  lotAmount: string;
  units: string;
  payment: string;
  format: string;
  commitWindow: string;
  revealWindow: string;
  bond: string;
  floor: string;
  sealedReserve: string;
  reserveWindow: string;
  receipt: string;
  force: boolean;
}

const FORMAT_NAMES: Record<string, number> = { "uniform-price": 0, uniform: 0, "pay-as-bid": 1, discriminatory: 1 };
const ERC1155_ID = "0xd9b67a26";
const erc1155Abi = [
  { type: "function", name: "balanceOf", stateMutability: "view", inputs: [{ name: "account", type: "address" }, { name: "id", type: "uint256" }], outputs: [{ type: "uint256" }] },
  { type: "function", name: "isApprovedForAll", stateMutability: "view", inputs: [{ name: "account", type: "address" }, { name: "operator", type: "address" }], outputs: [{ type: "bool" }] },
  { type: "function", name: "setApprovalForAll", stateMutability: "nonpayable", inputs: [{ name: "operator", type: "address" }, { name: "approved", type: "bool" }], outputs: [] },
  { type: "function", name: "supportsInterface", stateMutability: "view", inputs: [{ name: "interfaceId", type: "bytes4" }], outputs: [{ type: "bool" }] },
] as const;

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  if (args.lotToken.trim() === "") throw new CliError("--lot-token is required: the ERC-1155 or ERC-20 contract of the units");
  const lotToken = parseAddressArg(args.lotToken, "--lot-token");
  const hasId = args.tokenId.trim() !== "";
  const hasAmount = args.lotAmount.trim() !== "";
  if (hasId === hasAmount) throw new CliError("give exactly one of --token-id (k copies of an ERC-1155 id) or --lot-amount (an ERC-20 amount split into k units)");
  if (hasId && !/^\d+$/.test(args.tokenId.trim())) throw new CliError(`--token-id "${args.tokenId}" is not a token id (a whole number)`);
  if (!/^\d+$/.test(args.units.trim())) throw new CliError(`--units "${args.units}" is not a number of units (a whole number from 1 to ${MAX_UNITS})`);
  const units = Number(args.units.trim());
  if (units < 1 || units > MAX_UNITS) throw new CliError(`--units ${units} is out of range: a k-unit auction sells 1 to ${MAX_UNITS} units`);
  const lotKind = hasId ? 0 : 1;
  const format = FORMAT_NAMES[args.format.trim().toLowerCase()];
  if (format === undefined) throw new CliError(`--format "${args.format}" is not a k-unit format: use uniform-price or pay-as-bid`);
  const payment = args.payment.trim().toLowerCase() === "eth" ? ZERO_ADDRESS : parseAddressArg(args.payment, "--payment");
  const commitWindow = parseDurationArg(args.commitWindow, "--commit-window");
  const revealWindow = parseDurationArg(args.revealWindow, "--reveal-window");
  if (args.bond.trim() === "") throw new CliError("--bond is required: what every commitment deposits and forfeits if it is not opened");
  const sealedGiven = args.sealedReserve.trim() !== "";
  // Rule 6: a sealed reserve is opened in its own window after commitEnd, before any bid can be opened.
  const reserveWindow = sealedGiven ? parseDurationArg(args.reserveWindow, "--reserve-window") : 0;
  if (sealedGiven && reserveWindow >= revealWindow) {
    throw new CliError(`--reserve-window (${args.reserveWindow}) must be shorter than --reveal-window (${args.revealWindow}): bids open after it, inside the reveal window`);
  }

  const ctx = await connectKUnit(hre, args);
  const w = await wallet(ctx, args.from);
  const seller = w.account.address;
  const paymentInfo = await readTokenInfo(ctx.publicClient, payment);
  const paymentProblem = tokenProblems("payment", paymentInfo)[0];
  if (paymentProblem !== undefined) throw new CliError(paymentProblem);
  const asset = await assetOf(ctx, payment);
  const bond = parseAmountArg(args.bond, "--bond", asset, MAX_BOND);
  if (bond === 0n) throw new CliError("--bond must be greater than zero: not revealing has to cost something");
  const floorReserve = parseAmountArg(args.floor, "--floor", asset);
  const sealed = sealedGiven ? parseAmountArg(args.sealedReserve, "--sealed-reserve", asset) : null;

  let lotId = 0n;
  let lotAmount: bigint;
  const code = await ctx.publicClient.getCode({ address: lotToken });
  if (code === undefined || code === "0x") throw new CliError(`--lot-token ${lotToken} is not a token contract (it has no code)`);
  if (lotKind === 0) {
    lotId = BigInt(args.tokenId.trim());
    lotAmount = BigInt(units);
    const is1155 = await ctx.publicClient.readContract({ address: lotToken, abi: erc1155Abi, functionName: "supportsInterface", args: [ERC1155_ID] }).catch(() => false);
    if (!is1155) throw new CliError(`${lotToken} does not report ERC-1155 through ERC-165: use --lot-amount for an ERC-20 lot`);
    const held = await ctx.publicClient.readContract({ address: lotToken, abi: erc1155Abi, functionName: "balanceOf", args: [seller, lotId] });
    if (held < lotAmount) throw new CliError(`${seller} holds ${held} copies of ${lotToken} #${lotId}, fewer than the ${units} units to sell`);
  } else {
    const lotProblem = tokenProblems("lot-erc20", await readTokenInfo(ctx.publicClient, lotToken), { seller, house: ctx.house })[0];
    if (lotProblem !== undefined) throw new CliError(lotProblem);
    lotAmount = parseAmountArg(args.lotAmount, "--lot-amount", await assetOf(ctx, lotToken), 2n ** 256n - 1n);
    if (lotAmount === 0n) throw new CliError("--lot-amount must be greater than zero");
    if (lotAmount % BigInt(units) !== 0n) {
      throw new CliError(`--lot-amount ${lotAmount} base units does not split into ${units} equal units (remainder ${lotAmount % BigInt(units)}): choose a multiple of ${units}`);
    }
  }

  const now = Number((await ctx.publicClient.getBlock()).timestamp);
  const commitEnd = now + commitWindow;
  const expectedId = await kunitView<bigint>(ctx, "nextAuctionId", []);
  let reserve: BidReceipt | null = null;
  let receiptPath = "";
  let reserveNonce = 0n;
  if (sealed !== null) {
    // The reserve binds the seller's own nonce at this house, moved only by its sealed-reserve creations.
    reserveNonce = await kunitView<bigint>(ctx, "reserveNonceOf", [seller]);
    reserve = makeReceipt({ role: "reserve", chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: expectedId, account: seller, amount: sealed, salt: randomSalt(), nonce: reserveNonce });
    receiptPath = args.receipt.trim() || defaultReceiptPath(ctx.chainId, expectedId, seller, "reserve").replace("/auction-", "/kunit-");
    checkNewFile(receiptPath, args.force);
  }
  const terms: UnitAuctionTerms = {
    seller, lotKind, lotToken, lotId, lotAmount, units, paymentToken: payment, format, commitEnd,
    reserveEnd: sealed !== null ? commitEnd + reserveWindow : 0, revealEnd: commitEnd + revealWindow,
    bond, floorReserve, sealedReserveCommitment: reserve?.commitment ?? ZERO_BYTES32, reserveNonce,
  };
  const fmt = (x: bigint) => formatAmount(x, asset);
  // Approvals, only now that every check without a transaction has passed.
  if (lotKind === 0) {
    const ok = await ctx.publicClient.readContract({ address: lotToken, abi: erc1155Abi, functionName: "isApprovedForAll", args: [seller, ctx.house] });
    if (!ok) {
      const sent = await simulateAndSend(ctx, w, { address: lotToken, abi: erc1155Abi, functionName: "setApprovalForAll", args: [ctx.house, true] });
      out(`Approved the k-unit house to take ${lotToken}'s tokens of ${seller} (tx ${sent.hash})`);
    }
  }
  const pulls = new Map<string, bigint>();
  if (lotKind === 1) pulls.set(lotToken, lotAmount);
  if (sealed !== null && payment !== ZERO_ADDRESS) pulls.set(payment, (pulls.get(payment) ?? 0n) + bond);
  for (const [token, amount] of pulls) await ensureErc20(ctx, w, token as `0x${string}`, amount, token === lotToken ? "the lot" : "the sealed-reserve bond");
  const bondInEth = sealed !== null && payment === ZERO_ADDRESS ? bond : 0n;
  if (bondInEth > 0n && (await ctx.publicClient.getBalance({ address: seller })) < bond) {
    throw new CliError(`the sealed-reserve bond of ${fmt(bond)} is more than ${seller} holds`);
  }
  // Simulate, then write the reserve receipt, then send: the salt is on disk before the commitment is on chain.
  const request = await simulate(ctx, w, { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName: "create", args: [terms], value: bondInEth }, { formatAmount: fmt });
  if (reserve !== null) writeNewFile(receiptPath, serializeReceipt(reserve), args.force);
  const sent = await send(ctx, w, request, { formatAmount: fmt }, kUnitAuctionHouseAbi);
  const auctionId = eventArgs<{ auctionId: bigint }>(sent, "AuctionCreated")?.auctionId ?? expectedId;
  if (reserve !== null && auctionId !== expectedId) writeNewFile(receiptPath, serializeReceipt({ ...reserve, auctionId }), true);
  out(`Created k-unit auction ${auctionId} (tx ${sent.hash}, block ${sent.receipt.blockNumber})`);
  out(`  ${describeLot(terms)}`);
  out(`  bond ${fmt(bond)}; floor ${fmt(floorReserve)} per unit; one unit per bidder; ${UNIT_FORMATS[format] === "uniform-price" ? "every winner pays the (k+1)-th price" : "every winner pays its bid"}`);
  if (sealed !== null) out(`  sealed reserve committed (bond ${fmt(bond)}); open it with kunit:reveal-reserve between ${formatTime(commitEnd)} and ${formatTime(terms.reserveEnd)}, before any bid opens`);
  out(`  commits until ${formatTime(commitEnd)}; reveals until ${formatTime(terms.revealEnd)}`);
  if (sealed !== null) out(`Reserve receipt: ${receiptPath} — keep it: a reserve not opened in its window is ignored and its bond burned`);
  const censorship = revealWindowWarning(revealWindow, ctx.chainId === 31337 ? "local" : "public");
  if (censorship !== null) out(`Warning: ${censorship}`);
  return { auctionId, txHash: sent.hash, terms, receipt: sealed !== null ? receiptPath : undefined };
});
