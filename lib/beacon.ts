/**
 * The local development beacon's rules (pure: no I/O). scripts/beacon.ts serves them over drand's HTTP API so
 * that tlock-js and drand-client, unmodified, encrypt to and verify it exactly as they do quicknet:
 *
 *   scheme     bls-unchained-g1-rfc9380 (quicknet's): public key on G2 (96 bytes compressed);
 *   signature  round r: sk · hashToCurveG1(sha256(u64be(r)), DST BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_),
 *              48 bytes compressed; randomness = sha256(signature);
 *   chain hash drand's formula (lib/timelock.ts chainHashOf);
 *   period     3 s, like quicknet.
 *
 * Chain time, not wall time. A local chain's clock runs ahead of the wall clock (the app's "+1 day" buttons,
 * tests' evm_increaseTime), while tlock-js refuses to decrypt a round whose nominal time is after the wall
 * clock. So genesis is put ten years before a fixed chain epoch and the configuration carries
 * `clockOffset` = epoch − genesis: round r is due at chain time genesis + (r − 1)·period + clockOffset and is
 * released when the chain's latest block reaches that time; its nominal time (ten years earlier) is always in
 * the past of the wall clock, however far the chain has jumped ahead (up to ten years).
 *
 * The key comes from a seed: anyone who knows the seed can sign any round, so the local beacon shows the flow,
 * not the secrecy. Real secrecy comes from drand's threshold network (README, "Self-opening bids").
 */
import { bls12_381 } from "@noble/curves/bls12-381";
import type { ChainInfo } from "tlock-js";
import { bytesToHex, hexToBigInt, numberToBytes, sha256, stringToBytes } from "viem";
import { BEACON_SCHEME, chainHashOf, type BeaconConfig } from "./timelock.js";

/** Seconds between rounds (quicknet's). */
export const BEACON_PERIOD = 3;
/** Chain time of round 1: 2020-01-01T00:00:00Z (any local chain starts later). */
export const LOCAL_CHAIN_EPOCH = 1_577_836_800;
/** Nominal genesis: ten (365-day) years before the chain epoch. */
export const LOCAL_GENESIS_TIME = LOCAL_CHAIN_EPOCH - 10 * 365 * 86_400;
/** Chain time − nominal beacon time. */
export const LOCAL_CLOCK_OFFSET = LOCAL_CHAIN_EPOCH - LOCAL_GENESIS_TIME;
export const LOCAL_BEACON_ID = "credible-local";
/** The seed `npm start` uses: a fixed key keeps the app's generated config (and its build) unchanged across starts. */
export const DEFAULT_BEACON_SEED = "credible-auction local beacon";
/** Where `npm start` (and `tsx scripts/beacon.ts` by default) serves the local beacon, on 127.0.0.1. */
export const LOCAL_BEACON_PORT = 8580;
/** RFC 9380 hash-to-G1 domain separation tag of drand's bls-unchained-g1-rfc9380 scheme. */
export const BEACON_DST = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";

/** A beacon as drand's HTTP API serves it (unchained: no previous signature). */
export interface BeaconJson {
  round: number;
  randomness: string;
  signature: string;
}

export interface LocalBeaconKeys {
  seed: string;
  secretKey: bigint;
  info: ChainInfo;
}

const hex = (b: Uint8Array) => bytesToHex(b).slice(2);

/** The secret key for a seed: sha256 of a tagged seed, reduced into [1, r − 1]. */
export function beaconSecretKey(seed: string): bigint {
  const order = bls12_381.fields.Fr.ORDER;
  return (hexToBigInt(sha256(stringToBytes(`credible-auction local drand beacon key\0${seed}`))) % (order - 1n)) + 1n;
}

/** Key and chain info of the local beacon with this seed. */
export function localBeaconKeys(seed = DEFAULT_BEACON_SEED): LocalBeaconKeys {
  const secretKey = beaconSecretKey(seed);
  const publicKey = hex(bls12_381.G2.Point.BASE.multiply(secretKey).toBytes(true));
  const partial = {
    public_key: publicKey,
    period: BEACON_PERIOD,
    genesis_time: LOCAL_GENESIS_TIME,
    groupHash: sha256(stringToBytes(`credible-auction local drand group\0${seed}`)).slice(2),
    schemeID: BEACON_SCHEME,
    metadata: { beaconID: LOCAL_BEACON_ID },
  };
  return { seed, secretKey, info: { ...partial, hash: chainHashOf(partial) } };
}

/** The configuration clients need for a local beacon served at `url`. */
export function localBeaconConfig(url: string, seed = DEFAULT_BEACON_SEED): BeaconConfig {
  const { info } = localBeaconKeys(seed);
  return { url, chainHash: info.hash, publicKey: info.public_key, clockOffset: LOCAL_CLOCK_OFFSET };
}

/** The message drand signs for an unchained round: sha256 of the round as 8 big-endian bytes. */
export function roundMessage(round: number): Uint8Array {
  return sha256(numberToBytes(round, { size: 8 }), "bytes");
}

/** The beacon for `round`: signature sk·H(m) on G1 (48 bytes), randomness sha256(signature). */
export function signRound(secretKey: bigint, round: number): BeaconJson {
  if (!Number.isSafeInteger(round) || round < 1) throw new RangeError(`not a round: ${round}`);
  const H = bls12_381.G1.Point.fromAffine(bls12_381.G1.hashToCurve(roundMessage(round), { DST: BEACON_DST }).toAffine());
  const signature = H.multiply(secretKey).toBytes(true);
  return { round, randomness: sha256(signature).slice(2), signature: hex(signature) };
}

/** Chain time at which `round` is due. */
export function roundChainTime(info: Pick<ChainInfo, "genesis_time" | "period">, clockOffset: number, round: number): number {
  return info.genesis_time + (round - 1) * info.period + clockOffset;
}

/** The last round due at chain time `chainTime` (0 before round 1). */
export function releasedRound(info: Pick<ChainInfo, "genesis_time" | "period">, clockOffset: number, chainTime: number): number {
  const t = chainTime - clockOffset;
  if (t < info.genesis_time) return 0;
  return Math.floor((t - info.genesis_time) / info.period) + 1;
}
