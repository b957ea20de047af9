/**
 * What every auction task shares: argument parsing with one-line errors, the network context (clients,
 * chain, AuctionHouse address and deploy block), reading an auction from its logs, and sending a call only
 * after simulating it. A task never sends a transaction for input it can tell is wrong.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { errorResult } from "hardhat/utils/result";
import {
  erc20Abi,
  formatUnits,
  getAddress,
  isAddress,
  parseEventLogs,
  parseUnits,
  createPublicClient,
  custom,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
} from "viem";
import { auctionHouseAbi } from "../lib/abi.js";
import { MAX_AMOUNT, ZERO_ADDRESS, type AuctionTerms } from "../lib/auction.js";
import { beaconFor, readDeployment, DEPLOYMENTS_DIR } from "../lib/deployments.js";
import { describeError, PHASE, PHASE_WORDS, type DescribeOptions } from "../lib/errors.js";
import { fetchAuctionHistory, type AuctionHistory } from "../lib/history.js";
import { withRetries, type RpcRequester } from "../lib/logs.js";
import { parseReceipt, ReceiptError, type BidReceipt } from "../lib/receipt.js";
import { openingRound, openingTimeOf, sealOpening, type BeaconConfig } from "../lib/timelock.js";

/** A problem with the user's input or the auction's state, shown as one line. */
export class CliError extends Error {
  override name = "CliError";
  /** Returned with the failed Result (e.g. the audit report whose differences failed the task). */
  constructor(message: string, readonly value?: unknown) {
    super(message);
  }
}

/** The transaction was refused before it was broadcast (nothing is on chain). */
export class NotSentError extends CliError {
  override name = "NotSentError";
}

/** What a failed task returns: the one-line message, and the task's value when it has one. */
export interface TaskFailure {
  message: string;
  value?: unknown;
}

// ---------------------------------------------------------------- output

export interface Io {
  out(line: string): void;
  err(line: string): void;
}
const defaultIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };
let io: Io = defaultIo;
/** Redirects task output (tests capture it); returns a function that restores the previous target. */
export function setIo(next: Io): () => void {
  const prev = io;
  io = next;
  return () => {
    io = prev;
  };
}
export const out = (line = "") => io.out(line);
export const err = (line: string) => io.err(line);

/**
 * Wraps a task action: a successful result carries the action's value; any failure prints one line on
 * stderr and returns a failed Result, which makes the CLI exit with code 1.
 */
export function action<A, R>(fn: (args: A, hre: HardhatRuntimeEnvironment) => Promise<R>) {
  return async (args: A, hre: HardhatRuntimeEnvironment) => {
    try {
      const value = await fn(args, hre);
      return { success: true as const, value };
    } catch (e) {
      const message = e instanceof CliError || e instanceof ReceiptError ? e.message : describeError(e);
      err(`Error: ${message}`);
      const failure: TaskFailure = e instanceof CliError && e.value !== undefined ? { message, value: e.value } : { message };
      return errorResult(failure);
    }
  };
}

// ---------------------------------------------------------------- parsing

export function parseAddressArg(value: string, option: string): Address {
  const v = value.trim();
  if (!isAddress(v, { strict: false })) throw new CliError(`${option} "${value}" is not an address (0x followed by 40 hex digits)`);
  if (v !== v.toLowerCase() && v.slice(2) !== v.slice(2).toUpperCase() && !isAddress(v, { strict: true })) {
    throw new CliError(`${option} "${value}" has a wrong checksum: check for a typo, or write it in lower case`);
  }
  return getAddress(v);
}

export function parseAuctionIdArg(value: string, option = "--auction"): bigint {
  if (value.trim() === "") throw new CliError(`${option} is required: the auction's id (see auction:list)`);
  if (!/^\d+$/.test(value.trim())) throw new CliError(`${option} "${value}" is not an auction id (a whole number)`);
  const id = BigInt(value.trim());
  if (id === 0n) throw new CliError(`${option} 0 is not an auction id: ids start at 1`);
  return id;
}

export function parseBlockArg(value: string, option: string): bigint | undefined {
  if (value.trim() === "") return undefined;
  if (!/^\d+$/.test(value.trim())) throw new CliError(`${option} "${value}" is not a block number`);
  return BigInt(value.trim());
}

export function parseCountArg(value: string, option: string): number | undefined {
  if (value.trim() === "") return undefined;
  if (!/^\d+$/.test(value.trim())) throw new CliError(`${option} "${value}" is not a whole number`);
  return Number(value.trim());
}

export interface Asset {
  symbol: string;
  decimals: number;
  token: Address | null;
}

/**
 * An amount in the asset's units ("1.5" ETH, "250" tokens) or in base units with a "wei" suffix
 * ("1500000000000000000wei"). Rejects anything else, negative numbers, too many decimals and amounts the
 * contract cannot hold.
 */
export function parseAmountArg(value: string, option: string, asset: Asset, max: bigint = MAX_AMOUNT): bigint {
  const v = value.trim().replace(/_/g, "");
  let amount: bigint;
  const base = /^(\d+)\s*wei$/i.exec(v);
  if (base) amount = BigInt(base[1]);
  else {
    const m = /^(\d+)(?:\.(\d+))?(?:\s*([a-z]+))?$/i.exec(v);
    if (!m || (m[3] && m[3].toLowerCase() !== asset.symbol.toLowerCase())) {
      throw new CliError(`${option} "${value}" is not an amount: write it like 1.5 (${asset.symbol}) or 1500wei (base units)`);
    }
    if ((m[2]?.length ?? 0) > asset.decimals) {
      throw new CliError(`${option} "${value}" has more than ${asset.decimals} decimals, the precision of ${asset.symbol}`);
    }
    amount = parseUnits(`${m[1]}${m[2] ? `.${m[2]}` : ""}`, asset.decimals);
  }
  if (amount > max) throw new CliError(`${option} ${value} is too large: the contract accepts at most ${formatAmount(max, asset)}`);
  return amount;
}

export function formatAmount(amount: bigint, asset: Asset): string {
  return `${formatUnits(amount, asset.decimals)} ${asset.symbol}`;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
/** "90", "90s", "30m", "2h", "1d", "1h30m" → seconds (> 0). */
export function parseDurationArg(value: string, option: string): number {
  const v = value.trim().toLowerCase();
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    if (n <= 0) throw new CliError(`${option} must be longer than zero`);
    return n;
  }
  if (!/^(\d+[smhdw])+$/.test(v)) throw new CliError(`${option} "${value}" is not a duration: write it like 90s, 30m, 2h, 1d or 1h30m`);
  let total = 0;
  for (const [, n, u] of v.matchAll(/(\d+)([smhdw])/g)) total += Number(n) * UNITS[u];
  if (total <= 0) throw new CliError(`${option} must be longer than zero`);
  return total;
}

export function formatTime(seconds: number | bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}

// ---------------------------------------------------------------- network context

export interface CommonArgs {
  house: string;
  deployments: string;
}

export interface Context {
  hre: HardhatRuntimeEnvironment;
  networkName: string;
  publicClient: PublicClient;
  /** The EIP-1193 provider with transient failures retried, for paged log scans and reads. */
  rpc: RpcRequester;
  chainId: number;
  house: Address;
  /** First block of the AuctionHouse's history (its deploy block when recorded, else 0). */
  deployBlock: bigint;
  isLocal: boolean;
}

export type Connection = Awaited<ReturnType<HardhatRuntimeEnvironment["network"]["getOrCreate"]>>;

let injected: Connection | undefined;
/**
 * Makes tasks run in this process use `conn` instead of the --network connection (tests give each suite its
 * own chain this way). Returns a function that restores the previous one.
 */
export function useConnection(conn: Connection | undefined): () => void {
  const prev = injected;
  injected = conn;
  return () => {
    injected = prev;
  };
}

/** The --network connection, shared by every task run in one process. */
export async function getConnection(hre: HardhatRuntimeEnvironment): Promise<Connection> {
  return injected ?? (await hre.network.getOrCreate());
}

/** Connects to --network (the same connection for every task in one process) and finds the AuctionHouse. */
export async function connect(
  hre: HardhatRuntimeEnvironment,
  args: CommonArgs,
  fromBlock?: bigint,
  kind: "single" | "kunit" = "single",
): Promise<Context & { conn: Connection }> {
  const conn = await getConnection(hre);
  // Reads retry transient failures (rate limits, 5xx, dropped connections): Hardhat's http provider retries
  // only 429s. Transactions go through the wallet clients, never re-sent.
  const rpc = withRetries({ request: (a) => conn.provider.request(a as never) as Promise<unknown> });
  let publicClient = (await conn.viem.getPublicClient()) as unknown as PublicClient;
  if (conn.networkConfig.type === "http") {
    publicClient = createPublicClient({
      chain: publicClient.chain,
      pollingInterval: publicClient.pollingInterval,
      transport: custom(rpc, { retryCount: 0 }),
    }) as unknown as PublicClient;
  }
  const chainId = await publicClient.getChainId();
  let house: Address;
  let deployBlock = 0n;
  if (args.house.trim() !== "") {
    house = parseAddressArg(args.house, "--house");
  } else {
    const dir = args.deployments.trim() || DEPLOYMENTS_DIR;
    const d = readDeployment(chainId, dir);
    if (!d) {
      throw new CliError(
        `no AuctionHouse is recorded for chain ${chainId} (${dir}/${chainId}.json): run auction:deploy on this network, or pass --house`,
      );
    }
    if (kind === "kunit") {
      if (!d.kunitHouse) {
        throw new CliError(`no KUnitAuctionHouse is recorded for chain ${chainId} (${dir}/${chainId}.json): run kunit:deploy on this network, or pass --house`);
      }
      house = d.kunitHouse;
      deployBlock = BigInt(d.kunitDeployBlock ?? 0);
    } else {
      house = d.auctionHouse;
      deployBlock = BigInt(d.deployBlock);
    }
  }
  const code = await publicClient.getCode({ address: house });
  if (code === undefined || code === "0x") {
    throw new CliError(`there is no contract at ${house} on chain ${chainId} (was the node restarted? run ${kind === "kunit" ? "kunit:deploy" : "auction:deploy"} again)`);
  }
  return {
    hre,
    conn,
    networkName: conn.networkName,
    publicClient,
    rpc,
    chainId,
    house,
    deployBlock: fromBlock ?? deployBlock,
    isLocal: conn.networkConfig.type === "edr-simulated" || chainId === 31337,
  };
}

/** The wallet for --from: an account index (default 0) or address among the network's accounts. */
export async function wallet(ctx: Context & { conn: { viem: { getWalletClients(): Promise<unknown[]> } } }, from: string): Promise<WalletClient & { account: { address: Address } }> {
  const clients = (await ctx.conn.viem.getWalletClients()) as (WalletClient & { account: { address: Address } })[];
  if (clients.length === 0) throw new CliError(`network ${ctx.networkName} has no accounts: configure one (see docs/CLI.md)`);
  // Show and return checksummed addresses (hardhat-viem lists accounts in lower case).
  for (const c of clients) (c.account as { address: Address }).address = getAddress(c.account.address);
  const f = from.trim();
  if (f === "" || /^\d+$/.test(f)) {
    const i = f === "" ? 0 : Number(f);
    if (i >= clients.length) throw new CliError(`--from ${f}: network ${ctx.networkName} has only ${clients.length} account(s)`);
    return clients[i];
  }
  const a = parseAddressArg(f, "--from");
  const w = clients.find((c) => c.account.address.toLowerCase() === a.toLowerCase());
  if (!w) throw new CliError(`--from ${a} is not one of network ${ctx.networkName}'s accounts`);
  return w;
}

// ---------------------------------------------------------------- auctions

export async function phaseOf(ctx: Context, auctionId: bigint): Promise<number> {
  return Number(await ctx.publicClient.readContract({ address: ctx.house, abi: auctionHouseAbi, functionName: "phaseOf", args: [auctionId] }));
}

export async function auctionState(ctx: Context, auctionId: bigint) {
  return ctx.publicClient.readContract({ address: ctx.house, abi: auctionHouseAbi, functionName: "auctionState", args: [auctionId] });
}

export interface LoadedAuction {
  id: bigint;
  phase: number;
  history: AuctionHistory;
  terms: AuctionTerms;
  asset: Asset;
}

/** Reads an auction from its logs; fails in one line when it does not exist. */
export async function loadAuction(ctx: Context, auctionId: bigint): Promise<LoadedAuction> {
  const phase = await phaseOf(ctx, auctionId);
  if (phase === 0) throw new CliError(`there is no auction ${auctionId} at ${ctx.house} on chain ${ctx.chainId}`);
  const history = await fetchAuctionHistory(ctx.rpc, { auctionHouse: ctx.house, auctionId, chainId: ctx.chainId, fromBlock: ctx.deployBlock });
  if (history.created === null) {
    throw new CliError(`auction ${auctionId} exists but its AuctionCreated log is not after block ${ctx.deployBlock}: pass an earlier --from-block`);
  }
  const terms = history.created.terms;
  return { id: auctionId, phase, history, terms, asset: await assetOf(ctx, terms.paymentToken) };
}

export async function assetOf(ctx: Context, token: Address): Promise<Asset> {
  if (token === ZERO_ADDRESS) return { symbol: "ETH", decimals: 18, token: null };
  let symbol = "tokens";
  let decimals = 18;
  try {
    decimals = Number(await ctx.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "decimals" }));
  } catch {
    /* not every token implements decimals(): use 18 */
  }
  try {
    symbol = await ctx.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "symbol" });
  } catch {
    /* keep "tokens" */
  }
  return { symbol, decimals, token };
}

/** What `holder` has of an auction's payment asset (ZERO_ADDRESS: ETH), e.g. a hidden bid's vault. */
export async function balanceIn(ctx: Context, token: Address, holder: Address): Promise<bigint> {
  if (token === ZERO_ADDRESS) return ctx.publicClient.getBalance({ address: holder });
  return ctx.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [holder] });
}

export function requirePhase(
  a: { id: bigint; phase: number; terms: Pick<AuctionTerms, "commitEnd" | "reserveEnd" | "revealEnd"> },
  allowed: number[],
  doing: string,
): void {
  if (allowed.includes(a.phase)) return;
  const when =
    a.phase === PHASE.Committing ? ` (the commit window ends ${formatTime(a.terms.commitEnd)})`
    : a.phase === PHASE.OpeningReserve ? ` (the seller's sealed-reserve window ends ${formatTime(a.terms.reserveEnd)}; no bid opens before the reserve)`
    : a.phase === PHASE.Revealing ? ` (the reveal window ends ${formatTime(a.terms.revealEnd)})`
    : "";
  throw new CliError(`auction ${a.id} is ${PHASE_WORDS[a.phase] ?? `in phase ${a.phase}`}${when}, so you cannot ${doing} now`);
}

// ---------------------------------------------------------------- transactions

export interface Sent {
  hash: Hex;
  receipt: TransactionReceipt;
  events: ReturnType<typeof parseEventLogs<typeof auctionHouseAbi>>;
}

export interface Call {
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  value?: bigint;
}

/** Simulates a call as the wallet's account; a revert becomes one plain line (CliError). */
export async function simulate(ctx: Context, w: WalletClient & { account: { address: Address } }, call: Call, describe: DescribeOptions = {}): Promise<unknown> {
  try {
    const { request } = await ctx.publicClient.simulateContract({ ...call, account: w.account } as never);
    return request;
  } catch (e) {
    throw new CliError(describeError(e, describe));
  }
}

/** Sends a simulated request, waits for its receipt and decodes the AuctionHouse events it emitted. */
export async function send(
  ctx: Context,
  w: WalletClient & { account: { address: Address } },
  request: unknown,
  describe: DescribeOptions = {},
  eventAbi: Abi = auctionHouseAbi,
): Promise<Sent> {
  let hash: Hex;
  try {
    hash = await w.writeContract(request as never);
  } catch (e) {
    throw new NotSentError(describeError(e, describe));
  }
  const receipt = await ctx.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new CliError(`transaction ${hash} reverted on chain`);
  const events = parseEventLogs({ abi: eventAbi, logs: receipt.logs.filter((l) => l.address.toLowerCase() === ctx.house.toLowerCase()) }) as Sent["events"];
  return { hash, receipt, events };
}

/**
 * Simulates a call and only then sends it: a revert in the simulation becomes one plain line and nothing
 * is sent.
 */
export async function simulateAndSend(
  ctx: Context,
  w: WalletClient & { account: { address: Address } },
  call: Call,
  describe: DescribeOptions = {},
  eventAbi: Abi = auctionHouseAbi,
): Promise<Sent> {
  return send(ctx, w, await simulate(ctx, w, call, describe), describe, eventAbi);
}

/** Approves `spender` for `amount` of an ERC-20 if the allowance is short (after checking the balance). */
export async function ensureErc20(
  ctx: Context,
  w: WalletClient & { account: { address: Address } },
  token: Address,
  amount: bigint,
  what: string,
): Promise<void> {
  if (amount === 0n) return;
  const owner = w.account.address;
  const balance = await ctx.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] });
  if (balance < amount) {
    const asset = await assetOf(ctx, token);
    throw new CliError(`${owner} holds ${formatAmount(balance, asset)} but ${what} needs ${formatAmount(amount, asset)}`);
  }
  const allowance = await ctx.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "allowance", args: [owner, ctx.house] });
  if (allowance >= amount) return;
  const sent = await simulateAndSend(ctx, w, { address: token, abi: erc20Abi, functionName: "approve", args: [ctx.house, amount] });
  out(`Approved the AuctionHouse to take ${amount} base units of ${token} (tx ${sent.hash})`);
}

/** Fails when a receipt file exists and --force was not given (receipts hold the only copy of a salt). */
export function checkNewFile(path: string, force: boolean): void {
  if (existsSync(path) && !force) {
    throw new CliError(`${path} already exists: it may hold a salt you still need; choose another --receipt path or pass --force`);
  }
}

/** Writes a file that must not silently replace another one. */
export function writeNewFile(path: string, text: string, force: boolean): void {
  checkNewFile(path, force);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { mode: 0o600 });
}

export function defaultReceiptPath(chainId: number, auctionId: bigint, account: Address, role: "bid" | "reserve"): string {
  return role === "reserve"
    ? `receipts/${chainId}/auction-${auctionId}-reserve-${account.toLowerCase()}.json`
    : `receipts/${chainId}/auction-${auctionId}-${account.toLowerCase()}.json`;
}

/** Reads and checks a receipt file (shape and self-consistency; chain checks are the caller's). */
export function readReceiptFile(path: string): BidReceipt {
  if (path.trim() === "") throw new CliError("--receipt is required: the receipt file written when committing");
  if (!existsSync(path)) throw new CliError(`receipt file ${path} does not exist`);
  return parseReceipt(readFileSync(path, "utf8"));
}


/** The chain's beacon (deployment record, else the local beacon or quicknet); --beacon moves its URL, never its key. */
export function beaconOf(ctx: Pick<Context, "chainId">, deployments: string, url: string): BeaconConfig {
  const b = beaconFor(ctx.chainId, deployments.trim() || DEPLOYMENTS_DIR);
  return url.trim() === "" ? b : { ...b, url: url.trim() };
}

/** A bid's opening sealed for commitSelfOpening: the ciphertext, its drand round and when bids may be opened. */
export interface SealedForCommit {
  ciphertext: Hex;
  round: number;
  opensAt: number;
}

/**
 * --self-opening (auction:commit, kunit:commit): seals the opening (amount, salt) to the chain's beacon, to the
 * first round at or after the time bids may be opened (`openingTimeOf(terms)`: the reserve window's end when
 * there is one, else the commit end). Called before anything is sent: a beacon that cannot be reached stops the
 * commit, not the bid's opening.
 */
export async function sealForCommit(
  ctx: Pick<Context, "chainId">,
  args: { deployments: string; beacon: string },
  terms: { commitEnd: number | bigint; reserveEnd: number | bigint },
  amount: bigint,
  salt: Hex,
): Promise<SealedForCommit> {
  const beacon = beaconOf(ctx, args.deployments, args.beacon);
  const opensAt = openingTimeOf(terms);
  try {
    return { ciphertext: await sealOpening(beacon, opensAt, amount, salt), round: await openingRound(beacon, opensAt), opensAt };
  } catch (e) {
    throw new CliError(`could not seal the opening with the drand beacon at ${beacon.url}: ${(e as Error).message}`);
  }
}

/** What a self-opening commit tells the bidder (auction:commit, kunit:commit). */
export function reportSealed(sealed: SealedForCommit, keeper: string, receiptPath: string): void {
  out(`  Self-opening: your opening is sealed to drand round ${sealed.round}. Nobody can read it before ${formatTime(sealed.opensAt)};`);
  out(`  from then anyone can open your bid for you (${keeper}). This relies on drand's threshold network keeping the round key secret until then.`);
  out(`Receipt: ${receiptPath} — keep it anyway: it opens the bid by hand if the ciphertext cannot be used.`);
}

/**
 * What a hidden-deposit commit prints (rule 16), the same for both houses: the vault computed here from the
 * receipt's salt and how to fund it without linking it to the bidder. `prefix` names the house's tasks
 * ("auction" or "kunit"): <prefix>:vault checks the vault, <prefix>:recover-vault takes back late funds.
 */
export function reportVaultFunding(o: {
  vault: Address;
  bidder: Address;
  amount: bigint;
  bond: bigint;
  terms: { paymentToken: Address; commitEnd: number; reserveEnd: number };
  fmt: (x: bigint) => string;
  prefix: "auction" | "kunit";
}): void {
  const needed = o.amount > o.bond ? o.amount - o.bond : 0n;
  out(`  Hidden deposit: only the bond of ${o.fmt(o.bond)} is public. Your bid counts as valid only if bond + what your vault holds covers it.`);
  out(`  Vault: ${o.vault}`);
  out(`  Fund it with at least ${o.fmt(needed)}${o.terms.paymentToken === ZERO_ADDRESS ? "" : ` (token ${o.terms.paymentToken})`} by a plain transfer:`);
  out(`    - from another account than ${o.bidder} (a transfer from yours links the vault to you),`);
  out(`    - some time later, not right after this commit (timing links them too),`);
  out(`    - before the bid is opened (from ${formatTime(openingTimeOf(o.terms))}; the opening sweeps what the vault holds then).`);
  out(`  Check it with ${o.prefix}:vault; what arrives late is yours again after the auction (${o.prefix}:recover-vault).`);
}
