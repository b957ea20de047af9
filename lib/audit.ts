/**
 * The auditor: checks an auction's settlement from its logs alone, then checks the contract agrees.
 *
 *  1. every opening hashes to its bidder's last commitment (bidCommitment), the sealed-reserve opening to the
 *     reserve commitment, and every unopened commitment to the digest the contract stores (positionDigest;
 *     hiddenPositionDigest for a hidden deposit); a hidden bid's swept vault is the CREATE2 address its salt
 *     derives (lib/vault.ts), and its validity and refunds use its effective deposit, bond + swept collateral;
 *  2. the outcome recomputed by the shared reference (lib/auction.ts computeOutcome) equals the
 *     AuctionSettled event: winner, price, effective reserve, burned bonds;
 *  3. the contract's views (auctionState, proceedsOf, positionOf), read at the last scanned block, equal what
 *     the logs imply, including every refund and claim paid so far.
 *
 * Any disagreement becomes a plain sentence in `differences`. viem only, no Hardhat: the app reuses it.
 */
import { toFunctionSelector, type Address, type Hex, type PublicClient } from "viem";
import { auctionHouseAbi } from "./abi.js";
import {
  bidCommitment,
  computeOutcome,
  FORMATS,
  hashTerms,
  LOT_KINDS,
  NO_BID,
  positionDigest,
  reserveCommitment,
  ZERO_ADDRESS,
  ZERO_BYTES32,
  type AuctionTerms,
  type CommitmentDomain,
  type Outcome,
} from "./auction.js";
import { PHASE, PHASE_NAMES } from "./errors.js";
import {
  bigintReplacer,
  effectiveDeposit,
  fetchAuctionHistory,
  outcomeInputOf,
  type AuctionHistory,
  type SettlementRecord,
} from "./history.js";
import { blockHashAt, type RpcRequester, type ScanProgress } from "./logs.js";
import { auctionViewReaderCode } from "./reader-code.js";
import { hiddenPositionDigest, vaultAddress } from "./vault.js";

/** auctionState(id) as viem decodes it. */
export interface AuctionStateView {
  phase: number;
  termsHash: Hex;
  commitEnd: number;
  reserveEnd: number;
  revealEnd: number;
  bond: bigint;
  ethPayment: boolean;
  format: number;
  sealedReserve: boolean;
  reserveOpened: boolean;
  openedReserve: bigint;
  commitCount: number;
  openCount: number;
  forfeitCount: number;
  bestAmount: bigint;
  runnerUp: bigint;
  bestOrder: number;
  settled: boolean;
  winner: Address;
  lotClaimed: boolean;
}

/** The contract's views for one auction, all read at one block. */
export interface ContractViews {
  blockNumber: bigint;
  state: AuctionStateView;
  /** proceedsOf(id, seller). */
  proceeds: bigint;
  /** positionOf(id, bidder) by lower-case address: status 0 None, 1 Sealed, 2 Held. */
  positions: Map<string, { status: number; value: bigint }>;
}

export interface AuditCheck {
  /** What was compared, e.g. "settlement winner". */
  check: string;
  expected: string;
  actual: string;
  ok: boolean;
  /** Whether expected/actual are amounts in base units of the payment asset. */
  amount?: boolean;
}

export interface AuditBidderRow {
  order: number;
  bidder: Address;
  /** The public deposit (BidCommitted): for a hidden-deposit bid, the bond plus any top-up. */
  deposit: bigint;
  /** A hidden-deposit bid (rule 16), and the collateral its opening swept from its vault (0 otherwise): the
   * bid's effective deposit, which bounds it and is refunded from, is deposit + swept. */
  hidden: boolean;
  swept: bigint;
  /** Null when unopened. */
  amount: bigint | null;
  valid: boolean | null;
  /** Whether the opening hashes to the last commitment (null when unopened). */
  commitmentOk: boolean | null;
  /** What the reference outcome returns to this bidder in total. */
  refund: bigint;
  /** What the contract should still hold for the bidder, and what it holds (null when views were not read). */
  expectedPosition: { status: number; value: bigint };
  position: { status: number; value: bigint } | null;
  ok: boolean;
}

export type AuditStatus = "not-found" | "cancelled" | "unsettled" | "settled";

export interface AuditReport {
  chainId: number;
  auctionHouse: Address;
  auctionId: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  logs: number;
  status: AuditStatus;
  terms: AuctionTerms | null;
  /** The reference outcome from the logs (null when the auction was not found or was cancelled). */
  expected: {
    winner: Address | null;
    price: bigint;
    effectiveReserve: bigint;
    burned: bigint;
    sellerProceeds: bigint;
    bestAmount: bigint | null;
    secondAmount: bigint;
    forfeitedCommitments: number;
  } | null;
  settlement: SettlementRecord | null;
  bidders: AuditBidderRow[];
  checks: AuditCheck[];
  differences: string[];
  /** Whether contract views were compared. */
  viewsChecked: boolean;
  ok: boolean;
}

export interface AuditOptions {
  /** Formats amounts in sentences and tables (default base units). */
  formatAmount?: (amount: bigint) => string;
  /** Hashes computed ahead by prepareAudit (while the views were being read); anything missing is computed. */
  prepared?: PreparedAudit;
}

/** The audit's hashing that needs no contract views: each opening's commitment, keyed by the opening itself. */
export interface PreparedAudit {
  commitments: WeakMap<object, Hex>;
}

/** Lets pending I/O run (setImmediate in Node; a zero timeout in browsers). */
const yieldToEventLoop = () =>
  new Promise<void>((r) => ((globalThis as { setImmediate?: (f: () => void) => void }).setImmediate ?? ((f: () => void) => setTimeout(f, 0)))(r));

/**
 * Computes every opening's commitment (the audit's main CPU cost: one keccak per opening) in slices that
 * give the event loop back in between, so that it overlaps the reading of the contract's views:
 * `Promise.all([readContractViews(…), prepareAudit(history)])`, then `auditHistory(…, { prepared })`.
 */
export async function prepareAudit(history: AuctionHistory, o: { slice?: number } = {}): Promise<PreparedAudit> {
  const commitments = new WeakMap<object, Hex>();
  const domain: CommitmentDomain = { chainId: history.chainId, auctionHouse: history.auctionHouse, auctionId: history.auctionId };
  const slice = o.slice ?? 250;
  let n = 0;
  for (const b of history.bidders) {
    if (b.opening === null) continue;
    commitments.set(b.opening, bidCommitment(domain, b.bidder, b.opening.amount, b.opening.salt));
    if (++n % slice === 0) await yieldToEventLoop();
  }
  return { commitments };
}

const POSITION_NAMES = ["None", "Sealed", "Held"];
const lc = (a: string) => a.toLowerCase();
const addr = (a: Address | null) => a ?? "none (unsold)";

/**
 * The standing leader after the openings so far (its deposit is the one held until settlement; a leader it
 * displaced was refunded inside the opening that displaced it): replays the openings in chain order with the
 * contract's standing (higher amount, or equal amount and lower order). Empty when no valid bid is open.
 */
export function standingLeader(history: AuctionHistory): Set<string> {
  let leader: string | null = null;
  let bestAmount = 0n;
  let bestOrder = NO_BID;
  const seen = new Set<string>();
  const byBidder = new Map(history.bidders.map((b) => [lc(b.bidder), b] as const));
  for (const o of history.openings) {
    const k = lc(o.bidder);
    if (seen.has(k)) continue;
    seen.add(k);
    const b = byBidder.get(k);
    if (b === undefined || o.amount > effectiveDeposit(b)) continue;
    if (o.amount > bestAmount || (o.amount === bestAmount && b.order < bestOrder)) {
      bestAmount = o.amount;
      bestOrder = b.order;
      leader = k;
    }
  }
  return new Set(leader === null ? [] : [leader]);
}

/** Audits a history against the reference rules and, when given, the contract's views. Pure. */
export function auditHistory(history: AuctionHistory, views: ContractViews | null, options: AuditOptions = {}): AuditReport {
  const fmt = options.formatAmount ?? ((a: bigint) => a.toString());
  const checks: AuditCheck[] = [];
  const differences: string[] = [];
  const check = (name: string, expected: unknown, actual: unknown, sentence: string) => {
    const e = String(expected);
    const a = String(actual);
    const ok = e === a;
    const amount = typeof expected === "bigint" && typeof actual === "bigint";
    checks.push({ check: name, expected: e, actual: a, ok, ...(amount ? { amount } : {}) });
    if (!ok) differences.push(sentence);
    return ok;
  };
  const report: AuditReport = {
    chainId: history.chainId,
    auctionHouse: history.auctionHouse,
    auctionId: history.auctionId,
    fromBlock: history.fromBlock,
    toBlock: history.toBlock,
    logs: history.events.length,
    status: "not-found",
    terms: history.created?.terms ?? null,
    expected: null,
    settlement: history.settlement,
    bidders: [],
    checks,
    differences,
    viewsChecked: views !== null,
    ok: false,
  };
  const id = history.auctionId;

  if (history.created === null) {
    differences.push(`No AuctionCreated event for auction ${id} was found in blocks ${history.fromBlock}–${history.toBlock}.`);
    if (views && views.state.phase !== 0) {
      differences.push(
        `The contract knows auction ${id} (${PHASE_NAMES[views.state.phase] ?? views.state.phase}), so its creation is older than block ${history.fromBlock}: scan from the deploy block.`,
      );
    }
    return finish(report);
  }
  for (const a of history.anomalies) differences.push(`The logs show something the contract cannot do: ${a}.`);

  const terms = history.created.terms;
  const domain: CommitmentDomain = { chainId: history.chainId, auctionHouse: history.auctionHouse, auctionId: id };
  if (views) {
    check("terms hash", hashTerms(terms), views.state.termsHash,
      `The terms in the AuctionCreated event hash to ${hashTerms(terms)}, but the contract stores ${views.state.termsHash}.`);
  }

  // 1. Openings hash to commitments.
  const openingHashOk = new Map<string, boolean>();
  for (const b of history.bidders) {
    if (b.opening === null) continue;
    const recomputed = options.prepared?.commitments.get(b.opening) ?? bidCommitment(domain, b.bidder, b.opening.amount, b.opening.salt);
    openingHashOk.set(lc(b.bidder), lc(recomputed) === lc(b.commitment));
    check(`opening of ${b.bidder}`, lc(b.commitment), lc(recomputed),
      `${b.bidder}'s opening (amount ${fmt(b.opening.amount)}, salt ${b.opening.salt}) hashes to ${recomputed}, not to its commitment ${b.commitment}.`);
    const deposit = effectiveDeposit(b);
    const valid = b.opening.amount <= deposit;
    const against = b.hidden ? `deposit ${fmt(b.deposit)} + vault collateral ${fmt(b.swept)}` : `deposit ${fmt(b.deposit)}`;
    check(`validity of ${b.bidder}'s bid`, valid, b.opening.valid,
      `${b.bidder}'s opening is marked ${b.opening.valid ? "valid" : "invalid"}, but amount ${fmt(b.opening.amount)} against ${against} makes it ${valid ? "valid" : "invalid"}.`);
    // A swept vault is the CREATE2 address of the bid's own salt (lib/vault.ts): a sweep log naming another
    // address did not come from this bid's opening.
    if (b.vault !== null) {
      const derived = vaultAddress(domain, b.bidder, b.opening.salt, terms.paymentToken);
      check(`vault of ${b.bidder}`, derived, b.vault.vault,
        `${b.bidder}'s opening swept vault ${b.vault.vault}, but its salt derives vault ${derived}.`);
    }
  }
  const sealed = lc(terms.sealedReserveCommitment) !== ZERO_BYTES32;
  if (history.reserveOpening) {
    if (!sealed) differences.push("A sealed reserve was opened, but the auction's terms have no sealed reserve.");
    else {
      const reserveDomain = { chainId: history.chainId, auctionHouse: history.auctionHouse, nonce: terms.reserveNonce };
      const r = reserveCommitment(reserveDomain, terms.seller, history.reserveOpening.reserve, history.reserveOpening.salt);
      check("sealed reserve opening", terms.sealedReserveCommitment, r,
        `The reserve opening (${fmt(history.reserveOpening.reserve)}, salt ${history.reserveOpening.salt}) hashes to ${r}, not to the sealed-reserve commitment ${terms.sealedReserveCommitment}.`);
    }
  }

  if (history.cancelled !== null) {
    report.status = "cancelled";
    if (views) {
      check("phase", PHASE_NAMES[PHASE.Cancelled], PHASE_NAMES[views.state.phase] ?? views.state.phase,
        `Auction ${id} was cancelled in the logs, but the contract says it is ${PHASE_NAMES[views.state.phase]}.`);
    }
    return finish(report);
  }

  // 2. The reference outcome.
  let outcome: Outcome;
  try {
    outcome = computeOutcome(outcomeInputOf(history));
  } catch (e) {
    differences.push(`The outcome cannot be recomputed from these logs: ${(e as Error).message}.`);
    return finish(report);
  }
  const winner = outcome.winner === null ? null : (history.bidders.find((b) => lc(b.bidder) === lc(outcome.winner!))?.bidder ?? outcome.winner);
  report.expected = {
    winner,
    price: outcome.price,
    effectiveReserve: outcome.effectiveReserve,
    burned: outcome.burned,
    sellerProceeds: outcome.sellerProceeds,
    bestAmount: outcome.bestAmount,
    secondAmount: outcome.secondAmount,
    forfeitedCommitments: outcome.forfeitedCommitments,
  };
  const s = history.settlement;
  report.status = s ? "settled" : "unsettled";
  if (s) {
    check("settlement winner", addr(winner), addr(s.winner),
      `The settlement names ${addr(s.winner)} as the winner, but the recomputed winner is ${addr(winner)}.`);
    check("settlement price", outcome.price, s.price,
      `The settlement price is ${fmt(s.price)}, but the recomputed price is ${fmt(outcome.price)}.`);
    check("effective reserve", outcome.effectiveReserve, s.effectiveReserve,
      `The settlement's effective reserve is ${fmt(s.effectiveReserve)}, but the terms and the reserve opening give ${fmt(outcome.effectiveReserve)}.`);
    check("burned bonds", outcome.burned, s.burned,
      `The settlement burned ${fmt(s.burned)} in bonds, but ${outcome.forfeitedCommitments} forfeited commitment(s)${sealed && !history.reserveOpening ? " and the unopened sealed reserve" : ""} make ${fmt(outcome.burned)}.`);
  }

  // 3. Claims in the logs.
  const lotOwner = winner ?? terms.seller;
  for (const c of history.lotClaims) {
    if (lc(c.owner) !== lc(lotOwner)) differences.push(`The lot was claimed by ${c.owner}, but it belongs to ${lotOwner}.`);
  }
  const proceedsPaid = history.proceedsWithdrawals.reduce((t, w) => t + w.amount, 0n);
  for (const w of history.proceedsWithdrawals) {
    if (lc(w.seller) !== lc(terms.seller)) differences.push(`Proceeds were withdrawn by ${w.seller}, who is not the seller ${terms.seller}.`);
  }
  const proceedsOwed = s ? outcome.sellerProceeds : 0n;
  if (proceedsPaid > proceedsOwed) {
    differences.push(`The seller withdrew ${fmt(proceedsPaid)} in proceeds, but only ${fmt(proceedsOwed)} were owed.`);
  }

  // 4. Per bidder: what the contract should still hold.
  const led = standingLeader(history);
  // Refunds by lower-case address, whatever case computeOutcome keys them by.
  const refunds = new Map([...outcome.refunds].map(([a, v]) => [lc(a), v] as const));
  const pastReveal = views ? views.state.phase === PHASE.AwaitingSettlement || views.state.phase === PHASE.Settled : s !== null;
  for (const b of history.bidders) {
    const k = lc(b.bidder);
    const withdrawn = b.withdrawals.reduce((t, w) => t + w.amount, 0n);
    const refund = refunds.get(k) ?? 0n;
    let expectedPosition: { status: number; value: bigint };
    let rowOk = true;
    if (b.opening === null) {
      if (b.withdrawals.length > 0) {
        expectedPosition = { status: 0, value: 0n };
        const owed = b.deposit - terms.bond;
        if (withdrawn !== owed) {
          rowOk = false;
          differences.push(`${b.bidder} withdrew ${fmt(withdrawn)} of an unopened deposit, but ${fmt(owed)} (deposit less bond) was owed.`);
        }
        if (!pastReveal) {
          rowOk = false;
          differences.push(`${b.bidder} withdrew an unopened deposit before the reveal window ended.`);
        }
      } else {
        const digest = positionDigest(b.commitment, b.deposit, b.order);
        expectedPosition = { status: 1, value: BigInt(b.hidden ? hiddenPositionDigest(digest) : digest) };
      }
    } else {
      const deposit = effectiveDeposit(b);
      const valid = b.opening.amount <= deposit;
      const owedAtReveal = valid ? deposit : deposit - terms.bond;
      let held: bigint;
      if (led.has(k)) {
        held = (s ? refund : deposit) - withdrawn;
      } else {
        if (b.deferred !== 0n && b.deferred !== owedAtReveal) {
          rowOk = false;
          differences.push(`${b.bidder}'s deferred refund is ${fmt(b.deferred)}, but ${fmt(owedAtReveal)} was owed at its opening.`);
        }
        held = b.deferred - withdrawn;
      }
      if (held < 0n) {
        rowOk = false;
        differences.push(`${b.bidder} withdrew ${fmt(withdrawn)}, more than it was owed.`);
        held = 0n;
      }
      expectedPosition = held === 0n ? { status: 0, value: 0n } : { status: 2, value: held };
    }
    const position = views?.positions.get(k) ?? null;
    if (position !== null) {
      const e = `${POSITION_NAMES[expectedPosition.status]} ${expectedPosition.status === 1 ? `0x${expectedPosition.value.toString(16)}` : expectedPosition.value}`;
      const a = `${POSITION_NAMES[position.status] ?? position.status} ${position.status === 1 ? `0x${position.value.toString(16)}` : position.value}`;
      const sentence =
        expectedPosition.status === 1
          ? `The contract's record of ${b.bidder}'s unopened commitment (${a}) is not the digest of its last BidCommitted event (${e}).`
          : `The contract holds ${a} for ${b.bidder}, but the logs imply ${e}.`;
      if (!check(`position of ${b.bidder}`, e, a, sentence)) rowOk = false;
    }
    const commitmentOk = b.opening === null ? null : (openingHashOk.get(k) ?? false);
    const validNow = b.opening === null ? null : b.opening.amount <= effectiveDeposit(b);
    if (commitmentOk === false || (b.opening !== null && b.opening.valid !== validNow)) rowOk = false;
    if (b.vault !== null && b.opening !== null && lc(b.vault.vault) !== lc(vaultAddress(domain, b.bidder, b.opening.salt, terms.paymentToken))) rowOk = false;
    report.bidders.push({
      order: b.order, bidder: b.bidder, deposit: b.deposit, hidden: b.hidden, swept: b.swept, amount: b.opening?.amount ?? null, valid: validNow,
      commitmentOk, refund, expectedPosition, position, ok: rowOk,
    });
  }

  // 5. The contract's state.
  if (views) {
    const st = views.state;
    const leaderOrder = (() => {
      if (outcome.bestAmount === null) return NO_BID;
      let o = NO_BID;
      for (const b of history.bidders) if (b.opening && b.opening.amount <= effectiveDeposit(b) && b.opening.amount === outcome.bestAmount && b.order < o) o = b.order;
      return o;
    })();
    const opened = history.bidders.filter((b) => b.opening !== null);
    check("commitments", history.bidders.length, st.commitCount,
      `The logs show ${history.bidders.length} committed bidder(s), but the contract counts ${st.commitCount}.`);
    check("openings", opened.length, st.openCount, `The logs show ${opened.length} opening(s), but the contract counts ${st.openCount}.`);
    const invalid = opened.filter((b) => b.opening!.amount > effectiveDeposit(b)).length;
    check("over-deposit openings", invalid, st.forfeitCount,
      `The logs show ${invalid} opening(s) above their deposit, but the contract counts ${st.forfeitCount}.`);
    check("best bid", outcome.bestAmount ?? 0n, st.bestAmount,
      `The highest valid bid in the logs is ${fmt(outcome.bestAmount ?? 0n)}, but the contract records ${fmt(st.bestAmount)}.`);
    check("best bid's order", leaderOrder, st.bestOrder,
      `The highest valid bid in the logs has commit order ${leaderOrder === NO_BID ? "none" : leaderOrder}, but the contract records ${st.bestOrder === NO_BID ? "none" : st.bestOrder}.`);
    const runnerUp = s ? outcome.price : outcome.secondAmount;
    check(s ? "price (runnerUp)" : "second bid (runnerUp)", runnerUp, st.runnerUp,
      s ? `The contract records a price of ${fmt(st.runnerUp)}, but the recomputed price is ${fmt(runnerUp)}.`
        : `The second-highest valid bid in the logs is ${fmt(runnerUp)}, but the contract records ${fmt(st.runnerUp)}.`);
    check("settled", s !== null, st.settled,
      s ? `The logs show a settlement, but the contract says auction ${id} is not settled.` : `The contract says auction ${id} is settled, but no AuctionSettled event was found up to block ${history.toBlock}.`);
    if (s) {
      check("phase", PHASE_NAMES[PHASE.Settled], PHASE_NAMES[st.phase] ?? st.phase, `Auction ${id} was settled in the logs, but the contract says it is ${PHASE_NAMES[st.phase]}.`);
      check("winner", addr(s.winner), addr(lc(st.winner) === ZERO_ADDRESS ? null : st.winner),
        `The contract records ${st.winner} as the winner, but the settlement event names ${addr(s.winner)}.`);
    }
    check("lot claimed", history.lotClaims.length > 0, st.lotClaimed,
      `The logs show ${history.lotClaims.length > 0 ? "a" : "no"} lot claim, but the contract says the lot was ${st.lotClaimed ? "" : "not "}claimed.`);
    check("reserve opened", history.reserveOpening !== null, st.reserveOpened,
      `The logs show the sealed reserve ${history.reserveOpening ? "opened" : "unopened"}, but the contract says ${st.reserveOpened ? "opened" : "unopened"}.`);
    check("opened reserve", history.reserveOpening?.reserve ?? 0n, st.openedReserve,
      `The opened reserve in the logs is ${fmt(history.reserveOpening?.reserve ?? 0n)}, but the contract records ${fmt(st.openedReserve)}.`);
    check("bond", terms.bond, st.bond, `The terms' bond is ${fmt(terms.bond)}, but the contract records ${fmt(st.bond)}.`);
    check("format", FORMATS[terms.format], FORMATS[st.format] ?? st.format, `The terms' format is ${FORMATS[terms.format]}, but the contract records ${FORMATS[st.format]}.`);
    check("seller's proceeds", proceedsOwed - proceedsPaid, views.proceeds,
      `The contract holds ${fmt(views.proceeds)} for the seller, but the logs imply ${fmt(proceedsOwed - proceedsPaid)} (proceeds ${fmt(proceedsOwed)} less ${fmt(proceedsPaid)} withdrawn).`);
  }
  return finish(report);
}

function finish(r: AuditReport): AuditReport {
  r.ok = r.differences.length === 0 && r.status !== "not-found";
  return r;
}

/**
 * Where the auditor's eth_call places AuctionViewReader's code (a state override): an address with no code,
 * so the call reads the house and nothing else.
 */
export const VIEW_READER_ADDRESS = "0x00000000000000000000000000000000a0d17e4d" as const;
const POSITIONS_SELECTOR = toFunctionSelector("positions(address,uint256,address[])");
const word = (n: bigint | number) => n.toString(16).padStart(64, "0");
const addressWord = (a: string) => a.slice(2).toLowerCase().padStart(64, "0");

/**
 * `positionOf(auctionId, bidder)` for every bidder in a few eth_calls: AuctionViewReader's code runs at
 * VIEW_READER_ADDRESS through a state override and returns every position at once (2,500 bidders per call,
 * about 12M gas, all calls in parallel; larger calls slow Hardhat's node down more than linearly). Calldata and results are encoded by hand (fixed layout): viem's
 * generic coder costs more than the node does at this size. Throws when the node refuses state overrides.
 */
export async function readPositions(
  client: PublicClient,
  house: Address,
  auctionId: bigint,
  bidders: readonly Address[],
  blockNumber: bigint,
  o: { perCall?: number } = {},
): Promise<{ status: number; value: bigint }[]> {
  const per = o.perCall ?? 2500;
  const head = `${POSITIONS_SELECTOR}${addressWord(house)}${word(auctionId)}${word(96)}`;
  const calls: Promise<{ status: number; value: bigint }[]>[] = [];
  for (let i = 0; i < bidders.length; i += per) {
    const part = bidders.slice(i, i + per);
    let data = `${head}${word(part.length)}`;
    for (const b of part) data += addressWord(b);
    calls.push(
      client.call({ to: VIEW_READER_ADDRESS, data: data as Hex, blockNumber, stateOverride: [{ address: VIEW_READER_ADDRESS, code: auctionViewReaderCode }] }).then(({ data: out }) => {
        // uint256[]: offset, length, then (status, value) per bidder.
        if (out === undefined || out.length !== 2 + 128 + part.length * 128 || BigInt(`0x${out.slice(66, 130)}`) !== BigInt(part.length * 2)) {
          throw new Error(`AuctionViewReader returned ${out === undefined ? "nothing" : `${(out.length - 2) / 2} bytes`} for ${part.length} bidders`);
        }
        const rows: { status: number; value: bigint }[] = new Array(part.length);
        for (let k = 0, at = 130; k < part.length; k++, at += 128) {
          rows[k] = { status: Number.parseInt(out.slice(at + 62, at + 64), 16), value: BigInt(`0x${out.slice(at + 64, at + 128)}`) };
        }
        return rows;
      }),
    );
  }
  return (await Promise.all(calls)).flat();
}

/**
 * Reads the views the audit compares, all at one block: auctionState and proceedsOf, and every position at
 * once through AuctionViewReader (readPositions); on a node without state overrides, deployless multicalls,
 * and per-call reads as the last resort.
 */
export async function readContractViews(
  client: PublicClient,
  history: AuctionHistory,
  blockNumber: bigint = history.toBlock,
): Promise<ContractViews> {
  const address = history.auctionHouse;
  const id = history.auctionId;
  const seller = history.created?.terms.seller ?? ZERO_ADDRESS;
  try {
    const [state, proceeds, rows] = await Promise.all([
      client.readContract({ address, abi: auctionHouseAbi, functionName: "auctionState", args: [id], blockNumber }),
      client.readContract({ address, abi: auctionHouseAbi, functionName: "proceedsOf", args: [id, seller], blockNumber }),
      readPositions(client, address, id, history.bidders.map((b) => b.bidder), blockNumber),
    ]);
    const positions = new Map<string, { status: number; value: bigint }>();
    history.bidders.forEach((b, i) => positions.set(lc(b.bidder), rows[i]));
    const st = state as unknown as AuctionStateView;
    return { blockNumber, state: { ...st, phase: Number(st.phase), format: Number(st.format) }, proceeds, positions };
  } catch {
    // No state overrides here (or the reader failed): the generic path below.
  }
  const contracts = [
    { address, abi: auctionHouseAbi, functionName: "auctionState", args: [id] },
    { address, abi: auctionHouseAbi, functionName: "proceedsOf", args: [id, seller] },
    ...history.bidders.map((b) => ({ address, abi: auctionHouseAbi, functionName: "positionOf", args: [id, b.bidder] })),
  ] as const;
  let results: unknown[];
  try {
    // Chunks of 60 views per deployless multicall (EIP-3860 caps init code at 49,152 bytes, EIP-170 returned
    // code at 24,576; larger chunks also run slower), four at a time.
    const per = 60;
    results = [];
    const chunks = [];
    for (let i = 0; i < contracts.length; i += per) chunks.push(contracts.slice(i, i + per));
    for (let i = 0; i < chunks.length; i += 4) {
      const parts = await Promise.all(chunks.slice(i, i + 4).map((c) =>
        client.multicall({ contracts: c as never, allowFailure: false, deployless: true, blockNumber, batchSize: 0 } as never)));
      for (const p of parts) results.push(...(p as unknown[]));
    }
  } catch {
    results = [];
    const chunk = 32;
    for (let i = 0; i < contracts.length; i += chunk) {
      results.push(
        ...(await Promise.all(contracts.slice(i, i + chunk).map((c) => client.readContract({ ...(c as object), blockNumber } as never)))),
      );
    }
  }
  const state = results[0] as AuctionStateView;
  const positions = new Map<string, { status: number; value: bigint }>();
  history.bidders.forEach((b, i) => {
    const [status, value] = results[i + 2] as readonly [number, bigint];
    positions.set(lc(b.bidder), { status: Number(status), value });
  });
  return {
    blockNumber,
    state: { ...state, phase: Number(state.phase), format: Number(state.format) },
    proceeds: results[1] as bigint,
    positions,
  };
}

export interface AuditAuctionOptions extends AuditOptions {
  auctionHouse: Address;
  auctionId: bigint;
  fromBlock: bigint;
  toBlock?: bigint;
  confirmations?: number;
  pageSize?: bigint;
  onProgress?: (p: ScanProgress) => void;
  /** Where logs are read (default: the client). A raw provider here avoids the client's own retries. */
  rpc?: RpcRequester;
  /** Skip the contract views (logs only). */
  logsOnly?: boolean;
}

/**
 * Logs and views from one fork: scans the auction's logs (lib/logs.ts keeps the scan on one fork), reads
 * the contract's views at the last scanned block, then checks that block's hash again; a reorg in between
 * starts both over (up to `reorgRetries`, default 5).
 */
export async function historyAndViews<H extends AuctionHistory & { toBlockHash: Hex | null }>(
  client: PublicClient,
  rpc: RpcRequester,
  fetch: () => Promise<H>,
  o: { logsOnly?: boolean; reorgRetries?: number } = {},
): Promise<{ history: H; views: ContractViews | null; reorgs: number; prepared: PreparedAudit }> {
  const retries = o.reorgRetries ?? 5;
  for (let attempt = 0; ; attempt++) {
    const history = await fetch();
    // The views travel while the commitments are hashed.
    const [views, prepared] = await Promise.all([o.logsOnly ? null : readContractViews(client, history, history.toBlock), prepareAudit(history)]);
    if (views === null || history.toBlockHash === null || (await blockHashAt(rpc, history.toBlock)) === history.toBlockHash) {
      return { history, views, reorgs: attempt, prepared };
    }
    if (attempt >= retries) throw new Error(`the chain reorganised below block ${history.toBlock} during each of ${attempt + 1} audits`);
  }
}

/** Scans the auction's logs, reads the contract's views at the last scanned block, and audits. */
export async function auditAuction(client: PublicClient, o: AuditAuctionOptions): Promise<AuditReport & { requests: number }> {
  const rpc = o.rpc ?? (client as unknown as RpcRequester);
  const { history, views, prepared } = await historyAndViews(client, rpc, () =>
    fetchAuctionHistory(rpc, {
      auctionHouse: o.auctionHouse,
      auctionId: o.auctionId,
      chainId: client.chain?.id,
      fromBlock: o.fromBlock,
      toBlock: o.toBlock,
      confirmations: o.confirmations,
      pageSize: o.pageSize,
      onProgress: o.onProgress,
    }), o);
  const report = auditHistory(history, views, { ...o, prepared });
  report.logs = history.logCount;
  return { ...report, requests: history.requests };
}

/** The report as JSON (bigints as decimal strings). */
export function auditToJson(r: AuditReport): string {
  return JSON.stringify(r, bigintReplacer, 2) + "\n";
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The report as CSV: one row per check, then one row per bidder. */
export function auditToCsv(r: AuditReport): string {
  const lines = [["section", "subject", "expected", "actual", "ok"].join(",")];
  for (const c of r.checks) lines.push(["check", c.check, c.expected, c.actual, c.ok].map(csvCell).join(","));
  for (const d of r.differences) lines.push(["difference", d, "", "", false].map(csvCell).join(","));
  lines.push(["order", "bidder", "deposit", "hidden", "swept", "amount", "valid", "commitment_ok", "refund", "expected_position", "position", "ok"].join(","));
  for (const b of r.bidders) {
    lines.push(
      [
        b.order, b.bidder, b.deposit, b.hidden, b.swept, b.amount ?? "", b.valid ?? "", b.commitmentOk ?? "", b.refund,
        `${POSITION_NAMES[b.expectedPosition.status]}:${b.expectedPosition.value}`,
        b.position ? `${POSITION_NAMES[b.position.status]}:${b.position.value}` : "", b.ok,
      ].map(csvCell).join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/** A plain-text table of columns (left-aligned text, right-aligned numbers). */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => /^-?[\d.,]+( \S+)?$|^—$/.test(r[i] ?? "")));
  const line = (cells: string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The human report: summary, checks, bidders (all, or only those with a problem), differences. */
export function formatAuditReport(r: AuditReport, o: AuditOptions & { allBidders?: boolean } = {}): string {
  const fmt = o.formatAmount ?? ((a: bigint) => a.toString());
  const out: string[] = [];
  const t = r.terms;
  out.push(`Audit of auction ${r.auctionId} at ${r.auctionHouse} on chain ${r.chainId}`);
  out.push(`Logs: ${r.logs} auction events in blocks ${r.fromBlock}–${r.toBlock}; status: ${r.status}${r.viewsChecked ? "" : " (logs only, contract views not read)"}`);
  if (t) {
    out.push(
      `Terms: ${FORMATS[t.format] ?? t.format}, ${LOT_KINDS[t.lotKind] ?? t.lotKind} lot ${t.lotToken} #${t.lotAmountOrId}, paid in ${t.paymentToken === ZERO_ADDRESS ? "ETH" : t.paymentToken}, bond ${fmt(t.bond)}, floor ${fmt(t.floorReserve)}${lc(t.sealedReserveCommitment) !== ZERO_BYTES32 ? ", sealed reserve" : ""}`,
    );
  }
  if (r.expected) {
    const e = r.expected;
    out.push("");
    out.push(
      formatTable(
        ["outcome", "recomputed from logs", "settlement event"],
        [
          ["winner", addr(e.winner), r.settlement ? addr(r.settlement.winner) : "—"],
          ["price", fmt(e.price), r.settlement ? fmt(r.settlement.price) : "—"],
          ["effective reserve", fmt(e.effectiveReserve), r.settlement ? fmt(r.settlement.effectiveReserve) : "—"],
          ["burned bonds", fmt(e.burned), r.settlement ? fmt(r.settlement.burned) : "—"],
          ["seller proceeds", fmt(e.sellerProceeds), "—"],
        ],
      ),
    );
  }
  if (r.checks.length > 0) {
    const failing = r.checks.filter((c) => !c.ok).length;
    const shown = r.checks.filter((c) => !c.ok || !/^(opening|validity|position|vault) of/.test(c.check));
    out.push("");
    out.push(`Checks: ${r.checks.length - failing} of ${r.checks.length} agree (per-bidder checks are listed under bidders)`);
    out.push(formatTable(["check", "expected", "actual", "ok"], shown.map((c) => [
      c.check, c.amount ? fmt(BigInt(c.expected)) : c.expected, c.amount ? fmt(BigInt(c.actual)) : c.actual, c.ok ? "yes" : "NO",
    ])));
  }
  if (r.bidders.length > 0) {
    const rows = r.bidders.filter((b) => o.allBidders || !b.ok || r.bidders.length <= 20);
    out.push("");
    out.push(`Bidders: ${r.bidders.length} (${r.bidders.filter((b) => b.amount !== null).length} opened)${rows.length < r.bidders.length ? `; showing the ${rows.length} with a problem (--all-bidders for every row)` : ""}`);
    if (rows.length > 0) {
      out.push(
        formatTable(
          ["order", "bidder", "deposit", "bid", "valid", "hash", "refund", "contract holds", "ok"],
          rows.map((b) => [
            String(b.order), b.bidder, b.hidden ? `${fmt(b.deposit)} + ${b.amount === null ? "vault" : fmt(b.swept)}` : fmt(b.deposit), b.amount === null ? "unopened" : fmt(b.amount),
            b.valid === null ? "—" : b.valid ? "yes" : "no", b.commitmentOk === null ? "—" : b.commitmentOk ? "ok" : "BAD",
            fmt(b.refund),
            b.position === null ? "—" : b.position.status === 1 ? "sealed" : fmt(b.position.value),
            b.ok ? "yes" : "NO",
          ]),
        ),
      );
    }
  }
  out.push("");
  if (r.ok) out.push(`OK: the settlement and the contract's state agree with the logs (${r.checks.length} checks).`);
  else {
    out.push(`DIFFERENCES (${r.differences.length}):`);
    for (const d of r.differences) out.push(`  - ${d}`);
  }
  return out.join("\n");
}

/**
 * The contract's views for many auctions at once (the same reads as readContractViews), packed into a few
 * multicalls: auditing a whole house costs a handful of eth_calls instead of one per auction.
 */
export async function readContractViewsMany(
  client: PublicClient,
  histories: readonly AuctionHistory[],
  blockNumber: bigint,
  o: { callsPerMulticall?: number } = {},
): Promise<Map<bigint, ContractViews>> {
  type Call = { address: Address; abi: typeof auctionHouseAbi; functionName: string; args: readonly unknown[] };
  const calls: Call[] = [];
  for (const h of histories) {
    const address = h.auctionHouse;
    const id = h.auctionId;
    calls.push({ address, abi: auctionHouseAbi, functionName: "auctionState", args: [id] });
    calls.push({ address, abi: auctionHouseAbi, functionName: "proceedsOf", args: [id, h.created?.terms.seller ?? ZERO_ADDRESS] });
    for (const b of h.bidders) calls.push({ address, abi: auctionHouseAbi, functionName: "positionOf", args: [id, b.bidder] });
  }
  // A deployless multicall carries its calls in init code (EIP-3860: at most 49,152 bytes) and returns the
  // results as deployed code (EIP-170: at most 24,576 bytes): 60 views fit both.
  const per = o.callsPerMulticall ?? 60;
  const chunks: Call[][] = [];
  for (let i = 0; i < calls.length; i += per) chunks.push(calls.slice(i, i + per));
  const results: unknown[] = [];
  // A few at a time: enough to overlap transport and execution without flooding a small node.
  for (let i = 0; i < chunks.length; i += 4) {
    const parts = await Promise.all(
      chunks.slice(i, i + 4).map((c) => client.multicall({ contracts: c as never, allowFailure: false, deployless: true, blockNumber, batchSize: 0 } as never)),
    );
    for (const p of parts) results.push(...(p as unknown[]));
  }
  const out = new Map<bigint, ContractViews>();
  let k = 0;
  for (const h of histories) {
    const state = results[k++] as AuctionStateView;
    const proceeds = results[k++] as bigint;
    const positions = new Map<string, { status: number; value: bigint }>();
    for (const b of h.bidders) {
      const [status, value] = results[k++] as readonly [number, bigint];
      positions.set(lc(b.bidder), { status: Number(status), value });
    }
    out.set(h.auctionId, { blockNumber, state: { ...state, phase: Number(state.phase), format: Number(state.format) }, proceeds, positions });
  }
  return out;
}

/** What the house holds for one auction, from its logs: owed to people, burned, and the lot if still held. */
export interface AuctionLiabilities {
  auctionId: bigint;
  /** Payment asset (ZERO_ADDRESS = ETH). */
  paymentToken: Address;
  /** Owed in the payment asset: deposits and refunds not yet paid (a hidden bid's swept collateral included),
   * proceeds not yet withdrawn, vault sweeps set aside and not yet recovered. */
  owed: bigint;
  /** ETH owed by an ERC-20-paid auction: ETH its vault sweeps set aside, not yet recovered (0 when ETH-paid). */
  ethOwed: bigint;
  /** Bonds kept for good (rule 4): forfeited and burned. */
  burned: bigint;
  /** The lot, when the house still holds it (escrowed, not yet claimed or returned). */
  lot: { kind: "erc721" | "erc20"; token: Address; amountOrId: bigint } | null;
}

/**
 * Rule 11 from the logs: what the house owes and has burned for one auction, from its audit report (the
 * report's expected positions are what the logs say each bidder is still owed). The house's balance of each
 * asset must equal the sum over its auctions of owed + burned (+ ERC-20 lots still held).
 *
 * Before settlement, bonds are counted as burned once forfeited (over-deposit openings, unopened deposits
 * withdrawn); after it, the settlement's burned total.
 */
export function liabilitiesOf(history: AuctionHistory, report: AuditReport): AuctionLiabilities {
  const created = history.created;
  if (created === null) throw new Error(`auction ${history.auctionId} has no AuctionCreated event`);
  const t = created.terms;
  const lotHeld = history.cancelled === null && history.lotClaims.length === 0;
  const lot = lotHeld ? { kind: t.lotKind === 0 ? ("erc721" as const) : ("erc20" as const), token: t.lotToken, amountOrId: t.lotAmountOrId } : null;
  const base = { auctionId: history.auctionId, paymentToken: t.paymentToken, lot };
  // Vault flows: a sweep adds its collateral to the bid's deposit (so to the positions below) and sets aside
  // what the bid cannot count; a recovery pays out what it swept just then (in and out, nothing stays) and
  // everything set aside.
  let setAside = 0n;
  let ethOwed = 0n;
  for (const b of history.bidders) {
    setAside += b.setAside.amount;
    ethOwed += b.setAside.ethAmount;
  }
  for (const r of history.vaultRecoveries) {
    setAside -= r.setAsidePaid;
    ethOwed -= r.ethSetAsidePaid;
  }
  if (history.cancelled !== null) return { ...base, owed: setAside, ethOwed, burned: 0n };
  const settled = history.settlement !== null;
  const sealed = t.sealedReserveCommitment.toLowerCase() !== ZERO_BYTES32;
  let owed = 0n;
  let burned = 0n;
  for (const row of report.bidders) {
    const b = history.bidders.find((x) => x.order === row.order)!;
    if (row.expectedPosition.status === 1) owed += settled ? b.deposit - t.bond : b.deposit;
    else if (row.expectedPosition.status === 2) owed += row.expectedPosition.value;
    if (!settled) {
      if (b.opening !== null && b.opening.amount > effectiveDeposit(b)) burned += t.bond;
      if (b.opening === null && b.withdrawals.length > 0) burned += t.bond;
    }
  }
  if (settled) {
    burned = history.settlement!.burned;
    const paid = history.proceedsWithdrawals.reduce((s, w) => s + w.amount, 0n);
    owed += (report.expected?.sellerProceeds ?? 0n) - paid;
  } else if (sealed) {
    owed += t.bond; // the seller's reserve bond, until settlement decides where it goes
  }
  return { ...base, owed: owed + setAside, ethOwed, burned };
}
