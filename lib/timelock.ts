/**
 * Self-opening bids: a bid's opening (amount, salt) timelock-encrypted to a drand round (tlock: identity-based
 * encryption to the round's BLS signature, inside an age file), so that anyone can open the bid once the
 * beacon has signed that round, and nobody earlier — not even the bidder's own device can be made to reveal it
 * sooner, because the decryption key does not exist before the drand network signs the round.
 *
 * The round is the first one at or after the time bids may be opened: `commitEnd`, or `reserveEnd` with a
 * sealed reserve (`openingTimeOf`). On a public network the beacon is drand's quicknet (`QUICKNET`); on the
 * local chain it is the development beacon of lib/beacon.ts + scripts/beacon.ts, which releases rounds by
 * chain time (`clockOffset`).
 *
 * Every beacon answer goes through tlock-js's own client (drand-client's HttpCachingChain / HttpChainClient
 * with `chainVerificationParams`): the chain info must carry the configured chain hash and public key, and
 * every round's signature is BLS-verified against that key before it is used. On top of that, the chain info's
 * genesis time and period must hash to the chain hash (drand's formula, `chainHashOf`), because the round a
 * bid is sealed to is computed from them.
 *
 * Runs in Node and in the browser (no Node-only imports; tlock-js brings the `buffer` package).
 */
import { HttpCachingChain, HttpChainClient, timelockDecrypt, timelockEncrypt, Buffer, type ChainInfo } from "tlock-js";
import { bytesToHex, concatBytes, hexToBytes, numberToBytes, sha256, stringToBytes, type Hex } from "viem";

// ───────────────────────────────────────────────────────────────────────────── beacons

export interface BeaconConfig {
  /** The HTTP API root, e.g. "https://api.drand.sh"; the chain lives at `${url}/${chainHash}`. */
  url: string;
  /** The drand chain hash, hex without 0x. */
  chainHash: string;
  /** The chain's BLS public key (G2, compressed), hex without 0x. */
  publicKey: string;
  /** Seconds: the round for (chain) time t is the round at t − clockOffset. 0 for real drand. */
  clockOffset: number;
}

/** The only drand scheme accepted: unchained BLS signatures on G1 (RFC 9380 hash to curve), as quicknet. */
export const BEACON_SCHEME = "bls-unchained-g1-rfc9380";

/** drand's quicknet as published (https://api.drand.sh/<hash>/info); `chainHashOf(QUICKNET_INFO)` is the hash. */
export const QUICKNET_INFO: ChainInfo = {
  public_key:
    "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a",
  period: 3,
  genesis_time: 1692803367,
  hash: "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971",
  groupHash: "f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e",
  schemeID: BEACON_SCHEME,
  metadata: { beaconID: "quicknet" },
};

/** The public drand quicknet (League of Entropy, 3-second rounds). */
export const QUICKNET: BeaconConfig = {
  url: "https://api.drand.sh",
  chainHash: QUICKNET_INFO.hash,
  publicKey: QUICKNET_INFO.public_key,
  clockOffset: 0,
};

/**
 * drand's chain hash: sha256(u32be(period) ‖ i64be(genesis_time) ‖ public key ‖ group hash ‖ beacon id), the
 * beacon id left out when it is empty or "default" (drand's chain/info.go `Hash`). Hex without 0x.
 */
export function chainHashOf(info: Pick<ChainInfo, "period" | "genesis_time" | "public_key" | "groupHash"> & { metadata?: { beaconID?: string } }): string {
  const id = info.metadata?.beaconID ?? "";
  const parts = [
    numberToBytes(info.period, { size: 4 }),
    numberToBytes(BigInt(info.genesis_time), { size: 8, signed: true }),
    hexToBytes(`0x${info.public_key}`),
    hexToBytes(`0x${info.groupHash}`),
    ...(id !== "" && id !== "default" ? [stringToBytes(id)] : []),
  ];
  return sha256(concatBytes(parts)).slice(2);
}

/** A beacon that answered, but with something that does not belong to the configured chain. */
export class BeaconMismatchError extends Error {
  override name = "BeaconMismatchError";
}

const clients = new Map<string, HttpChainClient>();

/** tlock-js's verifying client for a beacon, one per configuration (it caches the chain info). */
const clientKey = (beacon: BeaconConfig) => `${beacon.url}|${beacon.chainHash}|${beacon.publicKey}`;

function clientFor(beacon: BeaconConfig): HttpChainClient {
  const key = clientKey(beacon);
  let client = clients.get(key);
  if (!client) {
    const options = {
      disableBeaconVerification: false,
      noCache: false,
      chainVerificationParams: { chainHash: beacon.chainHash, publicKey: beacon.publicKey },
    };
    const chain = new HttpCachingChain(`${beacon.url.replace(/\/+$/, "")}/${beacon.chainHash}`, options);
    // No User-Agent header: in a browser it would make every request a CORS preflight.
    client = new HttpChainClient(chain, options, {});
    clients.set(key, client);
  }
  return client;
}

/**
 * The beacon's chain info, checked: drand-client compares hash and public key with the configuration; here
 * the scheme must be quicknet's and genesis, period, key, group hash and id must hash to the chain hash.
 */
export async function beaconChainInfo(beacon: BeaconConfig): Promise<ChainInfo> {
  const info = await quietly(() => clientFor(beacon).chain().info());
  const refuse = (why: string) => {
    clients.delete(clientKey(beacon)); // the client cached this answer: ask again next time
    return new BeaconMismatchError(why);
  };
  if (info.schemeID !== BEACON_SCHEME) throw refuse(`the beacon's scheme is ${info.schemeID}, not ${BEACON_SCHEME}`);
  if (!Number.isSafeInteger(info.period) || info.period <= 0 || !Number.isSafeInteger(info.genesis_time)) {
    throw refuse("the beacon's period or genesis time is not a positive whole number of seconds");
  }
  if (chainHashOf(info) !== beacon.chainHash.toLowerCase()) {
    throw refuse("the beacon's genesis time, period or group do not hash to its chain hash");
  }
  return info;
}

/** The first round whose time is at or after `t` (seconds on the beacon's own clock). */
export function roundAtOrAfter(info: Pick<ChainInfo, "genesis_time" | "period">, t: number): number {
  if (!Number.isFinite(t)) throw new RangeError(`not a time: ${t}`);
  if (t <= info.genesis_time) return 1;
  return Math.ceil((t - info.genesis_time) / info.period) + 1;
}

/** The first round whose (offset) time is ≥ `time`: the round a bid opening at `time` is sealed to. */
export async function openingRound(beacon: BeaconConfig, time: number): Promise<number> {
  return roundAtOrAfter(await beaconChainInfo(beacon), time - beacon.clockOffset);
}

/** The (chain) time at which `round` is due: genesis + (round − 1)·period + clockOffset. */
export async function roundTimeOf(beacon: BeaconConfig, round: number): Promise<number> {
  const info = await beaconChainInfo(beacon);
  return info.genesis_time + (round - 1) * info.period + beacon.clockOffset;
}

/** The latest round the beacon has released (0 when it has none yet). Throws when the beacon is unreachable. */
export async function latestReleasedRound(beacon: BeaconConfig): Promise<number> {
  await beaconChainInfo(beacon);
  try {
    const latest = await quietly(() => clientFor(beacon).latest());
    if (!Number.isSafeInteger(latest?.round) || latest.round < 0) throw new BeaconMismatchError("the beacon's latest round is not a round number");
    return latest.round;
  } catch (e) {
    if (isNotYetStatus(e)) return 0;
    throw e;
  }
}

// ───────────────────────────────────────────────────────────────────────────── openings

/** An opening is amount (uint256, big-endian) ‖ salt (32 bytes). */
export const OPENING_BYTES = 64;
/** The longest sealed opening either house accepts (MAX_SEALED_OPENING of AuctionHouse and KUnitAuctionHouse). */
export const MAX_SEALED_OPENING = 2048;
const MAX_UINT256 = (1n << 256n) - 1n;

export function encodeOpening(amount: bigint, salt: `0x${string}`): Uint8Array {
  if (typeof amount !== "bigint" || amount < 0n || amount > MAX_UINT256) throw new RangeError(`amount must be a uint256, got ${amount}`);
  if (!/^0x[0-9a-fA-F]{64}$/.test(salt)) throw new RangeError(`salt must be 32 bytes of hex, got ${salt}`);
  return concatBytes([numberToBytes(amount, { size: 32 }), hexToBytes(salt)]);
}

export function decodeOpening(bytes: Uint8Array): { amount: bigint; salt: `0x${string}` } {
  if (bytes.length !== OPENING_BYTES) throw new RangeError(`an opening is ${OPENING_BYTES} bytes, got ${bytes.length}`);
  return { amount: BigInt(bytesToHex(bytes.subarray(0, 32))), salt: bytesToHex(bytes.subarray(32)) };
}

/** When bids may be opened: the end of the seller's reserve window if the auction has one, else commitEnd. */
export function openingTimeOf(terms: { commitEnd: number | bigint; reserveEnd: number | bigint }): number {
  return Number(BigInt(terms.reserveEnd) !== 0n ? terms.reserveEnd : terms.commitEnd);
}

// ───────────────────────────────────────────────────────────────────────────── sealing

/**
 * Seals an opening to the first round at or after `openingTime` (chain time). Returns the binary age file
 * (not armored) as hex, for calldata: about 417 bytes for the 64-byte opening.
 */
export async function sealOpening(beacon: BeaconConfig, openingTime: number, amount: bigint, salt: `0x${string}`): Promise<`0x${string}`> {
  const payload = encodeOpening(amount, salt);
  const round = await openingRound(beacon, openingTime);
  const armored = await quietly(() => timelockEncrypt(round, Buffer.from(payload), clientFor(beacon)));
  return bytesToHex(dearmor(armored));
}

/** The binary age file inside tlock-js's ASCII armor (base64 between the BEGIN and END lines). */
function dearmor(armored: string): Uint8Array {
  const m = /^-----BEGIN AGE ENCRYPTED FILE-----\n([A-Za-z0-9+/=\n]+)-----END AGE ENCRYPTED FILE-----\n?$/.exec(armored.trim() + "\n");
  if (!m) throw new Error("tlock-js returned an unexpected armor");
  return new Uint8Array(Buffer.from(m[1].replace(/\n/g, ""), "base64"));
}

// ───────────────────────────────────────────────────────────────────────────── reading a sealed opening

const AGE_VERSION = "age-encryption.org/v1";
/** The tlock stanza body for the G1-signature scheme: U (G2 point, 96) ‖ V (16) ‖ W (16). */
const STANZA_BODY_BYTES = 128;
const MAC_BYTES = 32;
/** The age payload: a 16-byte nonce, then at least the 16-byte tag of one STREAM chunk. */
const MIN_PAYLOAD_BYTES = 32;

interface SealedHeader {
  round: number;
  chainHash: string;
}

/** Reads the age header of a sealed opening (one tlock stanza, the MAC line) without decrypting anything. */
function parseSealed(sealed: string): SealedHeader | { error: string } {
  if (typeof sealed !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(sealed)) return { error: "not hex bytes" };
  const bytes = hexToBytes(sealed as Hex);
  const lines: string[] = [];
  let at = 0;
  // The header is ASCII lines: version, "-> tlock <round> <chain hash>", base64 body lines, "--- <mac>".
  while (lines.length < 8 && at < bytes.length) {
    const end = bytes.indexOf(0x0a, at);
    if (end < 0 || end - at > 128) return { error: "no age header" };
    lines.push(String.fromCharCode(...bytes.subarray(at, end)));
    at = end + 1;
    if (lines[lines.length - 1].startsWith("--- ")) break;
  }
  if (lines[0] !== AGE_VERSION) return { error: `not an ${AGE_VERSION} file` };
  const stanza = /^-> tlock ([1-9][0-9]{0,15}) ([0-9a-f]{64})$/.exec(lines[1] ?? "");
  if (!stanza) return { error: "no tlock stanza (-> tlock <round> <chain hash>)" };
  const round = Number(stanza[1]);
  if (!Number.isSafeInteger(round)) return { error: "round out of range" };
  let body = "";
  let i = 2;
  for (; i < lines.length; i++) {
    if (!/^[A-Za-z0-9+/]{0,64}$/.test(lines[i])) break;
    body += lines[i];
    if (lines[i].length < 64) { i++; break; }
  }
  if (Buffer.from(body, "base64").length !== STANZA_BODY_BYTES) return { error: `the tlock stanza body is not ${STANZA_BODY_BYTES} bytes` };
  const mac = /^--- ([A-Za-z0-9+/]{43})$/.exec(lines[i] ?? "");
  if (!mac || i !== lines.length - 1 || Buffer.from(mac[1], "base64").length !== MAC_BYTES) return { error: "no header MAC after the stanza" };
  if (bytes.length - at < MIN_PAYLOAD_BYTES) return { error: "the encrypted payload is truncated" };
  return { round, chainHash: stanza[2] };
}

/** The round a sealed opening is sealed to, read from its tlock stanza; undefined when it is malformed. */
export function sealedRoundOf(sealed: `0x${string}`): number | undefined {
  const h = parseSealed(sealed);
  return "error" in h ? undefined : h.round;
}

/** The chain hash a sealed opening is sealed to; undefined when it is malformed. */
export function sealedChainHashOf(sealed: `0x${string}`): string | undefined {
  const h = parseSealed(sealed);
  return "error" in h ? undefined : h.chainHash;
}

// ───────────────────────────────────────────────────────────────────────────── unsealing

export type UnsealFailure = "malformed" | "not-yet" | "undecryptable" | "bad-payload" | "beacon-unreachable";

export type UnsealResult =
  | { ok: true; amount: bigint; salt: `0x${string}`; round: number }
  | {
      ok: false;
      reason: UnsealFailure;
      detail: string;
      round?: number;
      /** With "not-yet" when known: the (chain) time at which the round is due. */
      opensAt?: number;
    };

/** How long one unseal may wait for the beacon before it reports "beacon-unreachable". */
export const UNSEAL_TIMEOUT_MS = 20_000;

/**
 * Opens a sealed opening with the beacon's signature for its round. Never throws: every failure is a reason.
 *   malformed           not an age file with one tlock stanza (or not hex);
 *   not-yet             the beacon has not released the round (checked first; also tlock-js's own refusals);
 *   undecryptable       sealed to another chain, or the signature does not open it (another key);
 *   bad-payload         it opens, but not to exactly 64 bytes;
 *   beacon-unreachable  no answer, an HTTP error, or an answer that fails verification (wrong chain info,
 *                       a round whose BLS signature or randomness does not check): `detail` says which.
 */
export async function unsealOpening(beacon: BeaconConfig, sealed: `0x${string}`, opts: { timeoutMs?: number } = {}): Promise<UnsealResult> {
  const header = parseSealed(sealed);
  if ("error" in header) return { ok: false, reason: "malformed", detail: header.error };
  const { round, chainHash } = header;
  if (chainHash !== beacon.chainHash.toLowerCase()) {
    return { ok: false, reason: "undecryptable", detail: `sealed to drand chain ${chainHash}, not to this beacon's ${beacon.chainHash}`, round };
  }
  const timeoutMs = opts.timeoutMs ?? UNSEAL_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<UnsealResult>((done) => {
    timer = setTimeout(() => done({ ok: false, reason: "beacon-unreachable", detail: `the beacon did not answer within ${timeoutMs / 1000} s`, round }), timeoutMs);
  });
  try {
    return await Promise.race([unsealRound(beacon, sealed, round), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function unsealRound(beacon: BeaconConfig, sealed: `0x${string}`, round: number): Promise<UnsealResult> {
  let info: ChainInfo;
  try {
    info = await beaconChainInfo(beacon);
    const latest = await latestReleasedRound(beacon);
    if (latest < round) {
      const opensAt = info.genesis_time + (round - 1) * info.period + beacon.clockOffset;
      return { ok: false, reason: "not-yet", detail: `round ${round} is not released yet (latest ${latest}); it is due at ${new Date(opensAt * 1000).toISOString()}`, round, opensAt };
    }
  } catch (e) {
    return failure(e, round);
  }
  let plaintext: Uint8Array;
  try {
    const binary = Buffer.from(hexToBytes(sealed)).toString("binary");
    plaintext = await quietly(() => timelockDecrypt(binary, clientFor(beacon)));
  } catch (e) {
    return failure(e, round);
  }
  if (plaintext.length !== OPENING_BYTES) {
    return { ok: false, reason: "bad-payload", detail: `it opens to ${plaintext.length} bytes, not the ${OPENING_BYTES} of an opening`, round };
  }
  const { amount, salt } = decodeOpening(new Uint8Array(plaintext));
  return { ok: true, amount, salt, round };
}

function isNotYetStatus(e: unknown): boolean {
  // drand's relays answer 425 "Requested future beacon" for a round not signed yet; its docs say 404.
  return e instanceof Error && /Error response fetching \S+ - got (404|425)\b/.test(e.message);
}

/** Maps what drand-client, tlock-js or the network threw to a reason. */
function failure(e: unknown, round: number): UnsealResult & { ok: false } {
  const message = e instanceof Error ? e.message : String(e);
  const fail = (reason: UnsealFailure, detail: string) => ({ ok: false as const, reason, detail, round });
  if (isNotYetStatus(e)) return fail("not-yet", `the beacon has not released round ${round} yet`);
  if (/too early to decrypt/i.test(message)) return fail("not-yet", `round ${round} is not due yet by this device's clock`);
  if (e instanceof BeaconMismatchError) return fail("beacon-unreachable", `the beacon does not serve the configured chain: ${message}`);
  if (/did not match the verification params/.test(message)) {
    return fail("beacon-unreachable", "the beacon's chain info does not match the configured chain hash and public key");
  }
  if (/beacon retrieved was not valid/.test(message)) {
    return fail("beacon-unreachable", `the beacon's round ${round} failed verification (BLS signature or randomness): refused`);
  }
  if (/Error response fetching/.test(message)) return fail("beacon-unreachable", message);
  if (/fetch failed|Failed to fetch|NetworkError|ECONNREFUSED|Load failed/i.test(message)) {
    return fail("beacon-unreachable", `the beacon could not be reached: ${message}`);
  }
  if (e instanceof SyntaxError) return fail("beacon-unreachable", `the beacon answered something that is not JSON: ${message}`);
  return fail("undecryptable", `the round's signature does not open it: ${message}`);
}

// ───────────────────────────────────────────────────────────────────────────── a quiet console

/**
 * tlock-js logs every beacon it fetches (console.log) and drand-client logs verification failures
 * (console.error). While any call of this module runs, those lines — only those — are dropped; everything else
 * goes through. Overlapping calls share one wrapper; the originals are restored when the last one ends, also
 * when it throws.
 */
const NOISE = /^(beacon received: |round was not the expected round|randomness did not match the signature|Beacon type \S+ was not supported)/;
let quietDepth = 0;
let saved: { log: typeof console.log; error: typeof console.error } | null = null;

async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  if (quietDepth++ === 0) {
    const original = { log: console.log, error: console.error };
    saved = original;
    const isNoise = (args: unknown[]) => typeof args[0] === "string" && NOISE.test(args[0]);
    console.log = (...args: unknown[]) => { if (!isNoise(args)) original.log.apply(console, args); };
    console.error = (...args: unknown[]) => { if (!isNoise(args)) original.error.apply(console, args); };
  }
  try {
    return await fn();
  } finally {
    if (--quietDepth === 0 && saved) {
      console.log = saved.log;
      console.error = saved.error;
      saved = null;
    }
  }
}
