/**
 * Self-opening bids (lib/timelock.ts) against the local beacon (scripts/beacon.ts) started in-process on a free
 * port, whose clock is an in-process Hardhat chain: an opening sealed to the opening time cannot be opened
 * before the chain reaches it (by anyone: the beacon refuses the round), opens after evm_increaseTime, still
 * opens when the chain runs a month ahead of the wall clock; other keys, garbage and wrong payloads each get
 * their reason; the console stays clean.
 */
import { expect } from "chai";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import {
  decodeOpening,
  encodeOpening,
  latestReleasedRound,
  OPENING_BYTES,
  openingRound,
  openingTimeOf,
  roundAtOrAfter,
  roundTimeOf,
  sealedChainHashOf,
  sealedRoundOf,
  sealOpening,
  unsealOpening,
  QUICKNET_INFO,
} from "../../../lib/timelock.js";
import type { BeaconServer } from "../../../scripts/beacon.js";
import { localBeacon, localChain, sealRaw, type LocalChain } from "./helpers.js";

const SALT: Hex = "0x8f1c3f2e0d4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeef";
const AMOUNT = 1_234_567_890_123_456_789n;

describe("timelock: self-opening bids against the local beacon", function () {
  this.timeout(120_000);
  let chain: LocalChain;
  let beacon: BeaconServer;

  before(async () => {
    chain = await localChain();
    beacon = await localBeacon(chain);
  });
  after(async () => {
    await beacon?.close();
    await chain?.close();
  });

  /** An opening time `ahead` seconds after the chain's current time, and the opening sealed to it. */
  async function sealAhead(ahead: number, amount = AMOUNT, salt = SALT) {
    const openingTime = (await chain.chainTime()) + ahead;
    return { openingTime, sealed: await sealOpening(beacon.config, openingTime, amount, salt) };
  }

  describe("openings and rounds", () => {
    it("encodeOpening is amount (uint256 big-endian) ‖ salt, 64 bytes; decodeOpening inverts it and refuses any other length", () => {
      const bytes = encodeOpening(258n, SALT);
      expect(bytes.length).to.equal(OPENING_BYTES);
      expect(bytesToHex(bytes.subarray(0, 32))).to.equal(`0x${"00".repeat(30)}0102`);
      expect(bytesToHex(bytes.subarray(32))).to.equal(SALT);
      expect(decodeOpening(encodeOpening(AMOUNT, SALT))).to.deep.equal({ amount: AMOUNT, salt: SALT });
      const max = (1n << 256n) - 1n;
      expect(decodeOpening(encodeOpening(max, SALT)).amount).to.equal(max);
      expect(() => decodeOpening(new Uint8Array(63))).to.throw(/64 bytes, got 63/);
      expect(() => decodeOpening(new Uint8Array(65))).to.throw(/64 bytes, got 65/);
      expect(() => encodeOpening(-1n, SALT)).to.throw(/uint256/);
      expect(() => encodeOpening(max + 1n, SALT)).to.throw(/uint256/);
      expect(() => encodeOpening(1n, "0x1234")).to.throw(/salt/);
    });

    it("openingTimeOf: reserveEnd when the auction has a sealed reserve, else commitEnd (numbers or bigints)", () => {
      expect(openingTimeOf({ commitEnd: 1000, reserveEnd: 0 })).to.equal(1000);
      expect(openingTimeOf({ commitEnd: 1000, reserveEnd: 1600 })).to.equal(1600);
      expect(openingTimeOf({ commitEnd: 1000n, reserveEnd: 0n })).to.equal(1000);
      expect(openingTimeOf({ commitEnd: 1000n, reserveEnd: 1600n })).to.equal(1600);
    });

    it("roundAtOrAfter: the first round whose time is ≥ t (quicknet's genesis and period)", () => {
      const g = QUICKNET_INFO.genesis_time;
      expect(roundAtOrAfter(QUICKNET_INFO, g - 100)).to.equal(1);
      expect(roundAtOrAfter(QUICKNET_INFO, g)).to.equal(1);
      expect(roundAtOrAfter(QUICKNET_INFO, g + 1)).to.equal(2);
      expect(roundAtOrAfter(QUICKNET_INFO, g + 3)).to.equal(2);
      expect(roundAtOrAfter(QUICKNET_INFO, g + 4)).to.equal(3);
      expect(roundAtOrAfter(QUICKNET_INFO, g + 2997)).to.equal(1000);
    });

    it("openingRound maps chain time through clockOffset: round r is due at or after t, round r − 1 before it", async () => {
      const now = await chain.chainTime();
      for (const t of [now, now + 1, now + 2, now + 3, now + 3600, now + 86_400 * 30 + 1]) {
        const r = await openingRound(beacon.config, t);
        expect(await roundTimeOf(beacon.config, r)).to.be.at.least(t);
        expect(await roundTimeOf(beacon.config, r - 1)).to.be.below(t);
      }
    });
  });

  describe("sealing", () => {
    it("sealOpening gives a binary age file (not armored) with one tlock stanza naming the opening round and this chain", async () => {
      const { openingTime, sealed } = await sealAhead(3600);
      const text = Buffer.from(hexToBytes(sealed)).toString("latin1");
      expect(text.startsWith("age-encryption.org/v1\n-> tlock ")).to.equal(true);
      expect(text).not.to.include("BEGIN AGE ENCRYPTED FILE");
      expect(sealedRoundOf(sealed)).to.equal(await openingRound(beacon.config, openingTime));
      expect(sealedChainHashOf(sealed)).to.equal(beacon.config.chainHash);
      // 64-byte payload: header (version, stanza with an 8-digit round, 128-byte body, MAC) + 16-byte nonce + 80.
      expect(hexToBytes(sealed).length).to.be.within(410, 430);
    });

    it("two seals of the same opening differ (fresh file key and nonce) and both open to it", async () => {
      const { sealed: a } = await sealAhead(60);
      const { sealed: b } = await sealAhead(60);
      expect(a).not.to.equal(b);
      await chain.advance(120);
      for (const s of [a, b]) expect(await unsealOpening(beacon.config, s)).to.deep.include({ ok: true, amount: AMOUNT, salt: SALT });
    });
  });

  describe("release by chain time", () => {
    it("before the opening time nobody decrypts: not-yet with the due time, and the beacon's HTTP API refuses the round", async () => {
      const { openingTime, sealed } = await sealAhead(3600);
      const round = sealedRoundOf(sealed)!;
      const r = await unsealOpening(beacon.config, sealed);
      expect(r).to.deep.include({ ok: false, reason: "not-yet", round });
      if (r.ok) throw new Error("unreachable");
      expect(r.opensAt).to.equal(await roundTimeOf(beacon.config, round));
      expect(r.opensAt).to.be.at.least(openingTime);
      const http = await fetch(`${beacon.url}/${beacon.config.chainHash}/public/${round}`);
      expect(http.status).to.equal(425);
      expect(await http.text()).to.match(/Requested future beacon/);
      expect(await latestReleasedRound(beacon.config)).to.be.below(round);
    });

    it("evm_increaseTime + mine releases it: one second before the round's chain time not-yet, at it anyone decrypts", async () => {
      const { sealed } = await sealAhead(600);
      const round = sealedRoundOf(sealed)!;
      const due = await roundTimeOf(beacon.config, round);
      await chain.mineAt(due - 1);
      expect(await unsealOpening(beacon.config, sealed)).to.deep.include({ ok: false, reason: "not-yet" });
      expect((await fetch(`${beacon.url}/${beacon.config.chainHash}/public/${round}`)).status).to.equal(425);
      await chain.mineAt(due);
      expect(await unsealOpening(beacon.config, sealed)).to.deep.equal({ ok: true, amount: AMOUNT, salt: SALT, round });
      expect(await latestReleasedRound(beacon.config)).to.equal(round);
      const http = await fetch(`${beacon.url}/${beacon.config.chainHash}/public/${round}`);
      expect(http.status).to.equal(200);
      expect(((await http.json()) as { round: number }).round).to.equal(round);
    });

    it("a chain 30 days ahead of the wall clock still decrypts (the round's nominal drand time stays in the past)", async () => {
      const ahead = 30 * 86_400;
      const jump = (await chain.chainTime()) - Math.floor(Date.now() / 1000);
      const { sealed } = await sealAhead(ahead);
      await chain.advance(ahead + 10);
      expect((await chain.chainTime()) - Math.floor(Date.now() / 1000)).to.be.greaterThan(jump + ahead - 60);
      expect(await unsealOpening(beacon.config, sealed)).to.deep.include({ ok: true, amount: AMOUNT, salt: SALT });
    });
  });

  describe("what cannot be opened", () => {
    it("sealed to another local beacon (another seed, so another key and chain hash) → undecryptable", async () => {
      const other = await localBeacon(chain, "another seed");
      try {
        expect(other.config.chainHash).not.to.equal(beacon.config.chainHash);
        const now = await chain.chainTime();
        const sealed = await sealOpening(other.config, now + 60, AMOUNT, SALT);
        await chain.advance(120);
        expect(await unsealOpening(other.config, sealed)).to.deep.include({ ok: true, amount: AMOUNT }); // its own beacon opens it
        const r = await unsealOpening(beacon.config, sealed);
        expect(r).to.deep.include({ ok: false, reason: "undecryptable", round: sealedRoundOf(sealed) });
        expect(r.ok ? "" : r.detail).to.match(/sealed to drand chain/);

        // The same file with its stanza claiming this beacon's chain: this key's signature does not open it.
        const text = Buffer.from(hexToBytes(sealed)).toString("latin1").replace(other.config.chainHash, beacon.config.chainHash);
        const relabelled = bytesToHex(Buffer.from(text, "latin1"));
        expect(sealedChainHashOf(relabelled)).to.equal(beacon.config.chainHash);
        const deep = await unsealOpening(beacon.config, relabelled);
        expect(deep).to.deep.include({ ok: false, reason: "undecryptable" });
      } finally {
        await other.close();
      }
    });

    it("garbage → malformed (not hex, random bytes, another age recipient, a truncated file), and sealedRoundOf is undefined", async () => {
      const { sealed } = await sealAhead(60);
      const bytes = hexToBytes(sealed);
      const x25519 = Buffer.from("age-encryption.org/v1\n-> X25519 abc\nAAAA\n--- " + "A".repeat(43) + "\n" + "\0".repeat(40), "latin1");
      const cases: Hex[] = [
        "0x",
        "0xzz" as Hex,
        "0x123" as Hex,
        bytesToHex(crypto.getRandomValues(new Uint8Array(417))),
        bytesToHex(x25519),
        bytesToHex(bytes.subarray(0, 200)),
        bytesToHex(bytes.subarray(0, bytes.length - 70)),
        bytesToHex(Buffer.from("-----BEGIN AGE ENCRYPTED FILE-----\nAAAA\n-----END AGE ENCRYPTED FILE-----\n")),
      ];
      for (const c of cases) {
        expect(sealedRoundOf(c), c.slice(0, 40)).to.equal(undefined);
        expect(await unsealOpening(beacon.config, c), c.slice(0, 40)).to.deep.include({ ok: false, reason: "malformed" });
      }
    });

    it("a file that opens to 63 (or 65) bytes → bad-payload; a flipped ciphertext byte → undecryptable", async () => {
      const now = await chain.chainTime();
      const round = await openingRound(beacon.config, now + 30);
      const short = await sealRaw(beacon.config, round, new Uint8Array(63).fill(7));
      const long = await sealRaw(beacon.config, round, new Uint8Array(65).fill(7));
      const good = await sealRaw(beacon.config, round, encodeOpening(AMOUNT, SALT));
      await chain.advance(60);
      expect(await unsealOpening(beacon.config, short)).to.deep.include({ ok: false, reason: "bad-payload", round });
      expect(await unsealOpening(beacon.config, long)).to.deep.include({ ok: false, reason: "bad-payload", round });
      expect(await unsealOpening(beacon.config, good)).to.deep.include({ ok: true, amount: AMOUNT, salt: SALT });
      const flipped = hexToBytes(good);
      flipped[flipped.length - 1] ^= 1;
      expect(await unsealOpening(beacon.config, bytesToHex(flipped))).to.deep.include({ ok: false, reason: "undecryptable" });
    });

    it("nothing listening at the beacon's URL → beacon-unreachable (and unsealOpening does not throw)", async () => {
      const { sealed } = await sealAhead(60);
      const gone = { ...beacon.config, url: "http://127.0.0.1:9" };
      const r = await unsealOpening(gone, sealed);
      expect(r).to.deep.include({ ok: false, reason: "beacon-unreachable" });
    });
  });

  describe("a clean console", () => {
    it("console.log and console.error are not called during seal and unseal, and are restored afterwards (also after a failure)", async () => {
      const log = console.log;
      const error = console.error;
      const calls: unknown[][] = [];
      const spy = (...args: unknown[]) => { calls.push(args); };
      console.log = spy;
      console.error = spy;
      try {
        const now = await chain.chainTime();
        const sealed = await sealOpening(beacon.config, now + 30, AMOUNT, SALT);
        await chain.advance(60);
        const opened = await unsealOpening(beacon.config, sealed);
        const flipped = hexToBytes(sealed);
        flipped[flipped.length - 1] ^= 1;
        const failed = await unsealOpening(beacon.config, bytesToHex(flipped));
        await Promise.all([unsealOpening(beacon.config, sealed), unsealOpening(beacon.config, sealed)]);
        expect(console.log).to.equal(spy);
        expect(console.error).to.equal(spy);
        expect(calls).to.deep.equal([]);
        expect(opened.ok).to.equal(true);
        expect(failed.ok).to.equal(false);
      } finally {
        console.log = log;
        console.error = error;
      }
    });
  });

  describe("measurements", () => {
    it("size and time of a seal and an unseal (printed)", async () => {
      const n = 5;
      const sealed: Hex[] = [];
      const now = await chain.chainTime();
      await sealOpening(beacon.config, now + 30, AMOUNT, SALT); // warm: chain info cached
      let t = performance.now();
      for (let i = 0; i < n; i++) sealed.push(await sealOpening(beacon.config, now + 30, AMOUNT + BigInt(i), SALT));
      const sealMs = (performance.now() - t) / n;
      await chain.advance(60);
      t = performance.now();
      for (let i = 0; i < n; i++) expect(await unsealOpening(beacon.config, sealed[i])).to.deep.include({ ok: true, amount: AMOUNT + BigInt(i) });
      const unsealMs = (performance.now() - t) / n;
      const sizes = sealed.map((s) => hexToBytes(s).length);
      console.log(`      timelock: ciphertext ${Math.min(...sizes)}–${Math.max(...sizes)} bytes (round ${sealedRoundOf(sealed[0])}); seal ${sealMs.toFixed(1)} ms, unseal ${unsealMs.toFixed(1)} ms (mean of ${n}, local beacon)`);
      expect(sealMs).to.be.below(2000);
      expect(unsealMs).to.be.below(2000);
    });
  });
});
