/**
 * The local beacon is drand, as far as the clients can tell: its chain hash follows drand's formula (which
 * reproduces quicknet's and the default chain's published hashes), it signs by quicknet's scheme (quicknet's
 * published round 1000 verifies under the same hash-to-G1 and DST), and its HTTP API is drand's. The clients
 * refuse a beacon that serves a wrong signature, wrong randomness or chain info that is not the configured
 * chain's. A replay of quicknet's published answers, served locally, opens a file sealed with QUICKNET's key.
 */
import { bls12_381 } from "@noble/curves/bls12-381";
import { expect } from "chai";
import { sha256 } from "viem";
import { BEACON_DST, LOCAL_CHAIN_EPOCH, LOCAL_CLOCK_OFFSET, localBeaconConfig, localBeaconKeys, releasedRound, roundMessage, signRound } from "../../../lib/beacon.js";
import {
  BEACON_SCHEME,
  chainHashOf,
  openingRound,
  QUICKNET,
  QUICKNET_INFO,
  sealedRoundOf,
  sealOpening,
  unsealOpening,
  type BeaconConfig,
} from "../../../lib/timelock.js";
import { startBeacon, type BeaconServer } from "../../../scripts/beacon.js";
import { localBeacon, localChain, serve, tamperingRelay, type LocalChain } from "./helpers.js";

const SALT = `0x${"5a".repeat(32)}` as const;

/** Quicknet's round 1000 as api.drand.sh serves it (public data, also used as a known answer by other clients). */
const QUICKNET_ROUND_1000 = {
  round: 1000,
  randomness: "fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd",
  signature: "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39",
};

/** e(signature, G2) = e(H(sha256(u64be(round))), public key), H = RFC 9380 hash to G1 with drand's DST. */
function verifiesOnG1(publicKey: string, round: number, signature: string): boolean {
  const H = bls12_381.G1.hashToCurve(roundMessage(round), { DST: BEACON_DST });
  const S = bls12_381.G1.Point.fromHex(signature);
  const P = bls12_381.G2.Point.fromHex(publicKey);
  const { Fp12 } = bls12_381.fields;
  return Fp12.eql(bls12_381.pairing(S, bls12_381.G2.Point.BASE), bls12_381.pairing(bls12_381.G1.Point.fromAffine(H.toAffine()), P));
}

describe("timelock: the local drand beacon", function () {
  this.timeout(120_000);

  describe("drand's formulas", () => {
    it("chain hash = sha256(u32be(period) ‖ i64be(genesis) ‖ pk ‖ groupHash ‖ beaconID) reproduces quicknet's published hash", () => {
      expect(chainHashOf(QUICKNET_INFO)).to.equal("52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971");
      expect(QUICKNET.chainHash).to.equal(chainHashOf(QUICKNET_INFO));
      expect(QUICKNET.publicKey).to.equal(QUICKNET_INFO.public_key);
      expect(QUICKNET.clockOffset).to.equal(0);
      // Any other genesis, period or id gives another hash.
      expect(chainHashOf({ ...QUICKNET_INFO, genesis_time: QUICKNET_INFO.genesis_time + 1 })).not.to.equal(QUICKNET.chainHash);
      expect(chainHashOf({ ...QUICKNET_INFO, period: 30 })).not.to.equal(QUICKNET.chainHash);
      expect(chainHashOf({ ...QUICKNET_INFO, metadata: { beaconID: "quicknet-t" } })).not.to.equal(QUICKNET.chainHash);
    });

    it("…and drand's default chain's (beacon id \"default\" is left out of the hash)", () => {
      const mainnet = {
        public_key: "868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31",
        period: 30,
        genesis_time: 1595431050,
        groupHash: "176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a",
        metadata: { beaconID: "default" },
      };
      expect(chainHashOf(mainnet)).to.equal("8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce");
    });

    it("quicknet's published round 1000 verifies under the hash-to-G1 and DST the local beacon signs with; randomness = sha256(signature)", () => {
      expect(verifiesOnG1(QUICKNET.publicKey, 1000, QUICKNET_ROUND_1000.signature)).to.equal(true);
      expect(verifiesOnG1(QUICKNET.publicKey, 1001, QUICKNET_ROUND_1000.signature)).to.equal(false);
      expect(sha256(`0x${QUICKNET_ROUND_1000.signature}`).slice(2)).to.equal(QUICKNET_ROUND_1000.randomness);
      const { secretKey, info } = localBeaconKeys("formula test");
      const b = signRound(secretKey, 1000);
      expect(b.signature).to.have.length(96); // 48 bytes
      expect(info.public_key).to.have.length(192); // 96 bytes on G2
      expect(verifiesOnG1(info.public_key, 1000, b.signature)).to.equal(true);
      expect(verifiesOnG1(QUICKNET.publicKey, 1000, b.signature)).to.equal(false);
      expect(sha256(`0x${b.signature}`).slice(2)).to.equal(b.randomness);
    });

    it("local chain info: quicknet's scheme and period, genesis ten years before the chain epoch, hash by the formula; keys from the seed", () => {
      const a = localBeaconKeys("seed a");
      expect(a.info).to.deep.include({ schemeID: BEACON_SCHEME, period: 3, genesis_time: LOCAL_CHAIN_EPOCH - LOCAL_CLOCK_OFFSET });
      expect(LOCAL_CLOCK_OFFSET).to.equal(10 * 365 * 86_400);
      expect(a.info.hash).to.equal(chainHashOf(a.info));
      expect(localBeaconKeys("seed a").info).to.deep.equal(a.info);
      expect(localBeaconKeys("seed b").info.public_key).not.to.equal(a.info.public_key);
      expect(localBeaconConfig("http://x", "seed a")).to.deep.equal({ url: "http://x", chainHash: a.info.hash, publicKey: a.info.public_key, clockOffset: LOCAL_CLOCK_OFFSET });
      // Round r is due at chain time epoch + (r − 1)·3.
      expect(releasedRound(a.info, LOCAL_CLOCK_OFFSET, LOCAL_CHAIN_EPOCH - 1)).to.equal(0);
      expect(releasedRound(a.info, LOCAL_CLOCK_OFFSET, LOCAL_CHAIN_EPOCH)).to.equal(1);
      expect(releasedRound(a.info, LOCAL_CLOCK_OFFSET, LOCAL_CHAIN_EPOCH + 5)).to.equal(2);
      expect(releasedRound(a.info, LOCAL_CLOCK_OFFSET, LOCAL_CHAIN_EPOCH + 6)).to.equal(3);
    });
  });

  describe("HTTP API", () => {
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

    it("serves /chains, /info and /<hash>/info (drand v1 JSON), latest by chain time, CORS for the browser; 404 for another chain", async () => {
      const h = beacon.config.chainHash;
      expect(await (await fetch(`${beacon.url}/chains`)).json()).to.deep.equal([h]);
      for (const path of ["/info", `/${h}/info`]) {
        const r = await fetch(beacon.url + path);
        expect(r.headers.get("access-control-allow-origin")).to.equal("*");
        expect(await r.json()).to.deep.equal(beacon.info);
      }
      const latest = (await (await fetch(`${beacon.url}/${h}/public/latest`)).json()) as { round: number; signature: string };
      const { latestRound } = await beacon.status();
      expect(latest.round).to.equal(latestRound);
      expect(verifiesOnG1(beacon.config.publicKey, latest.round, latest.signature)).to.equal(true);
      const pre = await fetch(`${beacon.url}/${h}/public/1`, { method: "OPTIONS", headers: { origin: "http://127.0.0.1:3000", "access-control-request-method": "GET", "access-control-request-headers": "user-agent" } });
      expect(pre.status).to.equal(204);
      expect(pre.headers.get("access-control-allow-origin")).to.equal("*");
      expect(pre.headers.get("access-control-allow-headers")).to.equal("user-agent");
      expect((await fetch(`${beacon.url}/${"00".repeat(32)}/info`)).status).to.equal(404);
      expect((await fetch(`${beacon.url}/${h}/public/abc`)).status).to.equal(400);
    });

    it("the chain's RPC down → 503, and unsealOpening reports beacon-unreachable", async () => {
      const dead = await startBeacon({ rpcUrl: "http://127.0.0.1:9", port: 0 });
      try {
        expect((await fetch(`${dead.url}/public/latest`)).status).to.equal(503);
        const now = await chain.chainTime();
        const sealed = await sealOpening(dead.config, now + 30, 1n, SALT); // sealing needs only the chain info
        expect(await unsealOpening(dead.config, sealed)).to.deep.include({ ok: false, reason: "beacon-unreachable" });
      } finally {
        await dead.close();
      }
    });

    it("close() frees the port", async () => {
      const b = await startBeacon({ rpcUrl: chain.rpcUrl, port: 0 });
      const port = Number(new URL(b.url).port);
      await b.close();
      const again = await startBeacon({ rpcUrl: chain.rpcUrl, port });
      await again.close();
    });

    describe("a tampering beacon is refused", () => {
      const opened = async (config: BeaconConfig) => {
        const now = await chain.chainTime();
        const sealed = await sealOpening(beacon.config, now + 30, 7n, SALT);
        await chain.advance(60);
        return { sealed, result: await unsealOpening(config, sealed) };
      };

      it("a round signed for another round (valid point, randomness recomputed) → beacon-unreachable: failed verification", async () => {
        const own = localBeaconKeys(); // the beacon's own key, signing the wrong round
        const relay = await tamperingRelay(beacon.url, (path, body) => {
          if (!/\/public\/\d+$/.test(path)) return body;
          const forged = signRound(own.secretKey, (body.round as number) + 1);
          return { ...body, signature: forged.signature, randomness: forged.randomness };
        });
        try {
          const { result } = await opened({ ...beacon.config, url: relay.url });
          expect(result).to.deep.include({ ok: false, reason: "beacon-unreachable" });
          expect(result.ok ? "" : result.detail).to.match(/failed verification/);
        } finally {
          await relay.close();
        }
      });

      it("a correct signature with wrong randomness → refused too", async () => {
        const relay = await tamperingRelay(beacon.url, (path, body) => (/\/public\/\d+$/.test(path) ? { ...body, randomness: "00".repeat(32) } : body));
        try {
          const { result } = await opened({ ...beacon.config, url: relay.url });
          expect(result).to.deep.include({ ok: false, reason: "beacon-unreachable" });
        } finally {
          await relay.close();
        }
      });

      it("chain info with another public key, or a shifted genesis under the right hash and key → refused, and nothing is sealed to it", async () => {
        const otherKey = localBeaconKeys("not ours").info.public_key;
        for (const rewrite of [
          (b: Record<string, unknown>) => ({ ...b, public_key: otherKey }),
          (b: Record<string, unknown>) => ({ ...b, genesis_time: (b.genesis_time as number) - 3600 }),
        ]) {
          const relay = await tamperingRelay(beacon.url, (path, body) => (path.endsWith("/info") ? rewrite(body) : body));
          try {
            const config = { ...beacon.config, url: relay.url };
            const { result } = await opened(config);
            expect(result).to.deep.include({ ok: false, reason: "beacon-unreachable" });
            let sealError: unknown;
            await sealOpening(config, (await chain.chainTime()) + 60, 1n, SALT).catch((e) => (sealError = e));
            expect(sealError, "sealed to a beacon whose chain info does not check").to.be.instanceOf(Error);
          } finally {
            await relay.close();
          }
        }
      });

      it("a refused chain info is not kept: once the relay answers truthfully the same config opens the file", async () => {
        let tamper = true;
        const relay = await tamperingRelay(beacon.url, (path, body) => (tamper && path.endsWith("/info") ? { ...body, period: 30 } : body));
        try {
          const config = { ...beacon.config, url: relay.url };
          const { sealed, result } = await opened(config);
          expect(result).to.deep.include({ ok: false, reason: "beacon-unreachable" });
          expect(result.ok ? "" : result.detail).to.match(/do not hash to its chain hash/);
          tamper = false;
          expect(await unsealOpening(config, sealed)).to.deep.include({ ok: true, amount: 7n });
        } finally {
          await relay.close();
        }
      });
    });
  });

  describe("quicknet, replayed offline", () => {
    it("QUICKNET's key and chain hash: a file sealed to round 1000 opens with quicknet's published signature; round 1001 is not-yet", async () => {
      const h = QUICKNET.chainHash;
      const replay = await serve((req, res) => {
        const path = req.url ?? "/";
        const json = (status: number, body: unknown) => {
          res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json" });
          res.end(typeof body === "string" ? body : JSON.stringify(body));
        };
        if (path === `/${h}/info`) return json(200, QUICKNET_INFO);
        if (path === `/${h}/public/1000` || path === `/${h}/public/latest`) return json(200, QUICKNET_ROUND_1000);
        if (/^\/[0-9a-f]{64}\/public\/\d+$/.test(path)) return json(425, "Requested future beacon");
        return json(404, "Not found");
      });
      try {
        const config = { ...QUICKNET, url: replay.url };
        const at1000 = QUICKNET_INFO.genesis_time + 999 * 3;
        expect(await openingRound(config, at1000)).to.equal(1000);
        const sealed = await sealOpening(config, at1000, 42n, SALT);
        expect(sealedRoundOf(sealed)).to.equal(1000);
        expect(await unsealOpening(config, sealed)).to.deep.equal({ ok: true, amount: 42n, salt: SALT, round: 1000 });
        const later = await sealOpening(config, at1000 + 1, 42n, SALT);
        expect(sealedRoundOf(later)).to.equal(1001);
        expect(await unsealOpening(config, later)).to.deep.include({ ok: false, reason: "not-yet", round: 1001 });
      } finally {
        await replay.close();
      }
    });
  });
});
