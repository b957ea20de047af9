/**
 * Plain sentences for every AuctionHouse custom error (and the token errors a create, commit or claim can
 * meet), so the CLI and the app tell people what went wrong instead of printing revert data. Tasks
 * simulate each call first and show `describeError(e)` on failure; nothing is sent.
 */
import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Abi, type Hex } from "viem";
import { auctionHouseAbi, type AuctionHouseAbi } from "./abi.js";
import { kUnitAuctionHouseAbi } from "./kunit-abi.js";

export type AuctionHouseErrorName = Extract<AuctionHouseAbi[number], { type: "error" }>["name"];

/** The contract's Phase enum, in words ("auction 3 is <phase>"). */
export const PHASE_WORDS = [
  "not created",
  "in its commit window",
  "in its sealed-reserve window (no bid can be opened before the reserve)",
  "in its reveal window",
  "waiting for settlement",
  "settled",
  "cancelled",
] as const;

/** The contract's Phase enum names, as the app shows them. */
export const PHASE_NAMES = ["None", "Committing", "OpeningReserve", "Revealing", "AwaitingSettlement", "Settled", "Cancelled"] as const;
/** The contract's Phase enum values by name. */
export const PHASE = Object.fromEntries(PHASE_NAMES.map((n, i) => [n, i])) as { readonly [K in (typeof PHASE_NAMES)[number]]: number };

export interface DescribeOptions {
  /** Formats an amount of the auction's payment asset (default: base units, e.g. "1000000000000000000 wei"). */
  formatAmount?: (amount: bigint) => string;
  /** Formats a unix time in seconds (default ISO 8601 UTC). */
  formatTime?: (seconds: bigint) => string;
}

type Args = readonly unknown[];
type Sentence = (args: Args, o: Required<DescribeOptions>) => string;

const phase = (p: unknown) => PHASE_WORDS[Number(p)] ?? `in phase ${String(p)}`;

/** One sentence per AuctionHouse error. The Record type makes a new error in the ABI a compile error here. */
export const AUCTION_ERROR_SENTENCES: Record<AuctionHouseErrorName, Sentence> = {
  SealedOpeningLength: ([length, max]) =>
    `The sealed opening is ${length} bytes long: a self-opening bid must carry between 1 and ${max} bytes of ciphertext.`,
  AuctionNotFound: ([id]) => `There is no auction ${id}.`,
  UnexpectedPhase: ([id, p]) => `Auction ${id} is ${phase(p)}, so this action is not possible now.`,
  ReserveNonceMismatch: ([expected, given]) =>
    `The sealed reserve was committed under nonce ${given}, but the seller's next reserve nonce is ${expected}: another sealed-reserve auction of this seller was created first; commit the reserve again.`,
  NotSeller: ([caller, seller]) => `Only the seller ${seller} may do this; the caller is ${caller}.`,
  InvalidWindows: ([c, res, r], o) =>
    `The windows are invalid: the commit window must end in the future (${o.formatTime(c as bigint)}) and before the reveal window ends (${o.formatTime(r as bigint)})${
      BigInt(res as bigint) === 0n ? "" : `, and a sealed reserve's window must end between the two (${o.formatTime(res as bigint)})`
    }; without a sealed reserve there is no reserve window.`,
  BondIsZero: () => "The bond must be greater than zero: not revealing has to cost something.",
  InvalidLot: () => "The lot is invalid: an ERC-721 lot needs a token contract, an ERC-20 lot a token contract and a non-zero amount.",
  TermsMismatch: ([id]) => `These terms are not auction ${id}'s terms.`,
  AlreadyCommitted: ([id, bidder]) => `${bidder} has already committed in auction ${id}; replace or top up the commitment instead.`,
  ZeroCommitment: () => "The commitment must not be zero.",
  DepositBelowBond: ([d, b], o) => `The deposit ${o.formatAmount(d as bigint)} is below the auction's bond of ${o.formatAmount(b as bigint)}.`,
  AmountTooLarge: ([a], o) => `The amount ${o.formatAmount(a as bigint)} is larger than the contract accepts (2^112 − 1 base units).`,
  PaymentMismatch: ([expected, sent], o) =>
    `The ETH sent (${o.formatAmount(sent as bigint)}) is not the amount required (${o.formatAmount(expected as bigint)}).`,
  TransferAmountMismatch: ([token, expected, received]) =>
    `Token ${token} delivered ${received} base units instead of ${expected}: fee-on-transfer tokens are not accepted.`,
  LotNotEscrowed: ([token, id]) => `Token ${id} of ${token} did not arrive in escrow.`,
  LotNotOwnedBySeller: ([token, id, owner]) =>
    `Token ${id} of ${token} is not the seller's to sell: its owner is ${owner}${String(owner).toLowerCase() === "0x0000000000000000000000000000000000000000" ? " (or the contract is not an ERC-721)" : ""}.`,
  NotAContract: ([token]) => `${token} is not a token contract (it has no code).`,
  NotAnERC721: ([token]) =>
    `${token} does not report ERC-721 through ERC-165, as the standard requires: it cannot be an ERC-721 lot (hybrid and pre-standard NFTs may never be delivered).`,
  TokenBalanceUnreadable: ([token]) => `The auction contract could not read its own balance of token ${token}.`,
  LotNotDelivered: ([id]) =>
    `Auction ${id}'s lot has not left the auction contract yet: the seller is paid once the winner claims it, or once the seller delivers it to the winner (claim the lot as the seller).`,
  NotAnERC20: ([token]) =>
    `${token} is an NFT contract (it reports ERC-721 or ERC-1155), not an ERC-20: it cannot be an ERC-20 lot or the payment token.`,
  NoSealedCommitment: ([id, bidder]) => `${bidder} has no unopened commitment in auction ${id}.`,
  OpeningMismatch: ([id, bidder]) =>
    `The amount and salt do not match ${bidder}'s commitment in auction ${id} (wrong salt, amount, deposit or order).`,
  NoSealedReserve: ([id]) => `Auction ${id} has no sealed reserve.`,
  ReserveAlreadyRevealed: ([id]) => `Auction ${id}'s sealed reserve is already open.`,
  ReserveNotYetOpened: ([id, end], o) =>
    `Bids in auction ${id} cannot be opened yet: the seller's sealed reserve is not open, and its window runs until ${o.formatTime(end as bigint)}.`,
  ReserveOpeningMismatch: ([id]) => `The reserve and salt do not match auction ${id}'s sealed-reserve commitment.`,
  HasCommitments: ([id, n]) => `Auction ${id} cannot be cancelled: it already has ${n} commitment(s).`,
  RevealsOutstanding: ([id, n, reserve]) =>
    `Auction ${id} cannot be settled before its reveal window ends: ${n} commitment(s)${reserve ? " and the sealed reserve (its window is still open)" : ""} are still unopened.`,
  NotLotOwner: ([id, caller, owner]) => `Only ${owner} may claim auction ${id}'s lot; the caller is ${caller}.`,
  LotAlreadyClaimed: ([id]) => `Auction ${id}'s lot has already left the house (claimed, or delivered at settlement).`,
  NothingToWithdraw: ([id, account]) => `Nothing is owed to ${account} in auction ${id}.`,
  RefundHeldUntilSettlement: ([id, bidder]) =>
    `${bidder}'s bid leads auction ${id}, so its deposit is held until the auction is settled (settlement pays it back, or the change if it wins).`,
  NotLeader: ([id, account]) => `${account} is not the highest valid bidder of auction ${id}.`,
  ZeroRecipient: () => "The recipient must not be the zero address.",
  EthTransferFailed: ([to, amount], o) => `Sending ${o.formatAmount(amount as bigint)} to ${to} failed: the recipient refused ETH.`,
  InsufficientGasForRefund: ([left, needed]) =>
    `This transaction pays a refund or delivers proceeds, which needs at least ${needed} gas left at that point (there were ${left}): send it with a higher gas limit.`,
  InsufficientGasForDelivery: ([left, needed]) =>
    `Settlement delivers the lot, which needs at least ${needed} gas left at that point (there were ${left}): send it with a higher gas limit.`,
  OnlyHouse: ([caller]) => `Only the auction house itself may push a token payment; ${caller} called it.`,
  InsufficientGasForVault: ([left, needed]) =>
    `Opening a hidden deposit sweeps its vault, which needs at least ${needed} gas left at that point (there were ${left}): send it with a higher gas limit.`,
  ReentrancyGuardReentrantCall: () => "The call re-entered the auction contract, which is not allowed.",
  SafeERC20FailedOperation: ([token]) => `A transfer of token ${token} failed.`,
};

/** OpenZeppelin ERC-20 / ERC-721 errors (IERC6093) that surface through create, commit and claims. */
export const tokenErrorsAbi = [
  { type: "error", name: "ERC20InsufficientBalance", inputs: [{ name: "sender", type: "address" }, { name: "balance", type: "uint256" }, { name: "needed", type: "uint256" }] },
  { type: "error", name: "ERC20InsufficientAllowance", inputs: [{ name: "spender", type: "address" }, { name: "allowance", type: "uint256" }, { name: "needed", type: "uint256" }] },
  { type: "error", name: "ERC20InvalidReceiver", inputs: [{ name: "receiver", type: "address" }] },
  { type: "error", name: "ERC20InvalidSender", inputs: [{ name: "sender", type: "address" }] },
  { type: "error", name: "ERC721NonexistentToken", inputs: [{ name: "tokenId", type: "uint256" }] },
  { type: "error", name: "ERC721IncorrectOwner", inputs: [{ name: "sender", type: "address" }, { name: "tokenId", type: "uint256" }, { name: "owner", type: "address" }] },
  { type: "error", name: "ERC721InsufficientApproval", inputs: [{ name: "operator", type: "address" }, { name: "tokenId", type: "uint256" }] },
  { type: "error", name: "ERC721InvalidReceiver", inputs: [{ name: "receiver", type: "address" }] },
] as const;

const TOKEN_ERROR_SENTENCES: Record<(typeof tokenErrorsAbi)[number]["name"], Sentence> = {
  ERC20InsufficientBalance: ([who, bal, needed]) => `${who} holds ${bal} base units of the token but ${needed} are needed.`,
  ERC20InsufficientAllowance: ([spender, allowance, needed]) =>
    `The token allowance for ${spender} is ${allowance} base units but ${needed} are needed: approve it first.`,
  ERC20InvalidReceiver: ([r]) => `The token cannot be sent to ${r}.`,
  ERC20InvalidSender: ([s]) => `The token cannot be sent from ${s}.`,
  ERC721NonexistentToken: ([id]) => `Token ${id} does not exist.`,
  ERC721IncorrectOwner: ([sender, id, owner]) => `Token ${id} belongs to ${owner}, not ${sender}.`,
  ERC721InsufficientApproval: ([op, id]) => `${op} is not approved to move token ${id}: approve it first.`,
  ERC721InvalidReceiver: ([r]) => `${r} cannot receive ERC-721 tokens (it does not implement onERC721Received).`,
};

/**
 * The k-unit house's errors that the single-item house does not have (the shared ones read the same: the
 * contracts share their rules' errors). The Record type makes a new one in the k-unit ABI a compile error here.
 */
type KUnitOnlyErrorName = Exclude<Extract<(typeof kUnitAuctionHouseAbi)[number], { type: "error" }>["name"], AuctionHouseErrorName>;
export const KUNIT_ERROR_SENTENCES: Record<KUnitOnlyErrorName, Sentence> = {
  HintTooFar: ([id, hint]) =>
    `The hint ${hint} for this opening in auction ${id} is too stale (the top set changed since it was computed): compute a fresh hint from the logs and retry.`,
  InvalidUnits: ([units, max]) => `${units} units is not a k the house accepts: sell 1 to ${max} units.`,
  NoUnsoldUnits: ([id]) => `Auction ${id} has no unsold units left to take back.`,
  NotAnERC1155: ([token]) => `${token} does not report ERC-1155 through ERC-165: it cannot be an ERC-1155 lot.`,
  NotWinner: ([id, account]) => `${account} did not win a unit of auction ${id}, or has already received it.`,
  TooManyCommitments: ([id]) => `Auction ${id} already has as many commitments as it can number.`,
  UnexpectedERC1155Transfer: ([op]) => `The house refuses ERC-1155 tokens it did not pull itself (operator ${op}): a unit cannot be sent to the house.`,
  WinnerClaimsUnit: ([id, bidder]) => `${bidder} won a unit of auction ${id}: its unit and change come with the unit claim, not a refund.`,
};

/** Every error the auction's calls can revert with: both houses' own and the tokens'. */
export const knownErrorsAbi = [
  ...auctionHouseAbi.filter((i) => i.type === "error"),
  ...kUnitAuctionHouseAbi.filter((i) => i.type === "error" && i.name in KUNIT_ERROR_SENTENCES),
  ...tokenErrorsAbi,
] as const;

const SENTENCES: Record<string, Sentence> = { ...AUCTION_ERROR_SENTENCES, ...KUNIT_ERROR_SENTENCES, ...TOKEN_ERROR_SENTENCES };

const defaults: Required<DescribeOptions> = {
  formatAmount: (a) => `${a} wei`,
  formatTime: (s) => new Date(Number(s) * 1000).toISOString(),
};

/** The sentence for a decoded error, or null if the name is not known. */
export function sentenceFor(errorName: string, args: Args = [], options: DescribeOptions = {}): string | null {
  const f = SENTENCES[errorName];
  return f ? f(args, { ...defaults, ...options }) : null;
}

/** Decodes revert data against the known errors; null when it matches none of them. */
export function decodeRevertData(data: Hex): { errorName: string; args: Args } | null {
  try {
    const d = decodeErrorResult({ abi: knownErrorsAbi as unknown as Abi, data });
    return { errorName: d.errorName, args: (d.args ?? []) as Args };
  } catch {
    return null;
  }
}

function findRevertData(err: unknown, depth = 0): Hex | null {
  if (err === null || typeof err !== "object" || depth > 8) return null;
  const e = err as Record<string, unknown>;
  for (const f of ["data", "raw"]) {
    const v = e[f];
    if (typeof v === "string" && /^0x[0-9a-fA-F]{8,}$/.test(v)) return v as Hex;
    if (v && typeof v === "object" && typeof (v as Record<string, unknown>).data === "string") {
      const d = (v as Record<string, unknown>).data as string;
      if (/^0x[0-9a-fA-F]{8,}$/.test(d)) return d as Hex;
    }
  }
  for (const f of ["cause", "error"]) {
    const found = findRevertData(e[f], depth + 1);
    if (found) return found;
  }
  return null;
}

const PANIC: Record<number, string> = {
  0x01: "an assertion failed",
  0x11: "an arithmetic operation overflowed or underflowed",
  0x12: "a division by zero",
  0x21: "an invalid enum value",
  0x32: "an out-of-bounds array access",
};

/**
 * A plain sentence for any error of a contract call or transaction: decoded AuctionHouse and token custom
 * errors first, then revert reasons and panics, then common wallet and node failures.
 */
export function describeError(err: unknown, options: DescribeOptions = {}): string {
  if (err instanceof BaseError) {
    const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      const name = reverted.data?.errorName;
      if (name) {
        const s = sentenceFor(name, reverted.data?.args ?? [], options);
        if (s) return s;
      }
      if (reverted.raw) {
        const d = decodeRevertData(reverted.raw);
        if (d) return sentenceFor(d.errorName, d.args, options)!;
      }
      if (reverted.reason) return `The call reverted: ${reverted.reason}.`;
      if (reverted.signature) return `The call reverted with an unknown error (selector ${reverted.signature}).`;
    }
  }
  const data = findRevertData(err);
  if (data) {
    const d = decodeRevertData(data);
    if (d) return sentenceFor(d.errorName, d.args, options)!;
    if (data.startsWith("0x4e487b71") && data.length >= 74) {
      const code = Number(BigInt(`0x${data.slice(10, 74)}`));
      return `The call failed: ${PANIC[code] ?? `panic 0x${code.toString(16)}`}.`;
    }
  }
  const chain = messagesOf(err);
  const text = chain.join(" | ");
  if (/insufficient funds|enough funds|insufficient balance|exceeds balance/i.test(text)) {
    return "The account does not have enough ETH for this transaction and its gas.";
  }
  if (/user rejected|user denied|rejected the request/i.test(text)) return "The request was rejected in the wallet.";
  if (/nonce too low|nonce has already been used/i.test(text)) return "The account's nonce is out of date: another transaction was sent from it; try again.";
  if (/ECONNREFUSED|fetch failed|could not connect|HTTP request failed|Cannot connect to the network/i.test(text)) {
    return `The RPC endpoint could not be reached: ${chain.at(-1) ?? text}`;
  }
  // viem's outer messages are generic ("Missing or invalid parameters."): the node's own words are deeper.
  const specific = [...chain].reverse().find((m) => !GENERIC.test(m));
  return specific ?? chain[0] ?? "The call failed for an unknown reason.";
}

const GENERIC = /^(Missing or invalid parameters|An unknown RPC error occurred|Internal JSON-RPC error|Execution reverted|The contract function .* reverted|RPC Request failed)\.?$/i;

/** The first lines of an error's message and its causes' messages, outermost first. */
function messagesOf(err: unknown): string[] {
  const out: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    if (e instanceof BaseError) out.push(firstLine(e.shortMessage));
    else if (e instanceof Error) out.push(firstLine(e.message));
    else if (typeof e === "object" && typeof (e as { message?: unknown }).message === "string") out.push(firstLine((e as { message: string }).message));
    else out.push(firstLine(String(e)));
    e = typeof e === "object" ? (e as { cause?: unknown }).cause : undefined;
  }
  return out.filter((m) => m.length > 0);
}

function firstLine(s: string): string {
  return s.split("\n").map((l) => l.trim()).find((l) => l.length > 0) ?? "";
}
