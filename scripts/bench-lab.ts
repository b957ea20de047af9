/**
 * Monte-Carlo throughput: 10^6 second-price auctions of 10 bidders with uniform[0, 1] values on the fast path,
 * and 10^5 uniform-price auctions of 3 units among the same 10 bidders (under "units"). Also the create form's
 * shill-proofness verdict, as the app asks it on every keystroke (a re-parsed distribution, model and f*
 * cached): mean milliseconds per verdict. Prints them and writes bench/lab.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { shillProofVerdict } from "../lib/credible.js";
import { simulateAuctions, simulateUnitAuctions, uniform } from "../lib/lab/index.js";

const auctions = 1_000_000;
const bidders = 10;
const dist = uniform(0, 1);

// A short warm-up so the timed run measures optimised code, not the JIT's first pass.
simulateAuctions(dist, { bidders, format: "second-price", reserve: 0, auctions: 20_000, seed: 2 });

const start = process.hrtime.bigint();
const result = simulateAuctions(dist, { bidders, format: "second-price", reserve: 0, auctions, seed: 1 });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const auctionsPerSecond = Math.round(auctions / seconds);

console.log(`${auctions} auctions × ${bidders} bidders (uniform[0, 1], second price, fast path)`);
console.log(`revenue ${result.revenue.mean.toFixed(5)} (exact ${((bidders - 1) / (bidders + 1)).toFixed(5)})`);
console.log(`${seconds.toFixed(3)} s, ${auctionsPerSecond.toLocaleString("en-US")} auctions/s, ${(auctionsPerSecond * bidders).toLocaleString("en-US")} values/s`);

// k units: the same values, ranked by insertion into the top k + 1 (and a second ranking for the first best).
const unitAuctions = 100_000;
const units = 3;
simulateUnitAuctions(dist, { bidders, units, format: "uniform-price", reserve: 0, auctions: 20_000, seed: 2 });
const unitStart = process.hrtime.bigint();
const unitResult = simulateUnitAuctions(dist, { bidders, units, format: "uniform-price", reserve: 0, auctions: unitAuctions, seed: 1 });
const unitSeconds = Number(process.hrtime.bigint() - unitStart) / 1e9;
const unitAuctionsPerSecond = Math.round(unitAuctions / unitSeconds);
console.log(`${unitAuctions} auctions of ${units} units × ${bidders} bidders (uniform price): revenue ${unitResult.revenue.mean.toFixed(5)} ` +
  `(exact ${((units * (bidders - units)) / (bidders + 1)).toFixed(5)}), ${unitSeconds.toFixed(3)} s, ${unitAuctionsPerSecond.toLocaleString("en-US")} auctions/s`);

// The form re-parses its distribution on every keystroke: a new object with the same label hits the cache.
shillProofVerdict({ dist: uniform(0, 3), bidders: 6, format: "second-price", reserve: 1.5, bond: 0.3 });
const verdicts = 200;
const verdictStart = process.hrtime.bigint();
for (let i = 0; i < verdicts; i++) shillProofVerdict({ dist: uniform(0, 3), bidders: 6, format: "second-price", reserve: 1.5, bond: 0.1 + (i % 20) * 0.1 });
const shillVerdictMs = Number(process.hrtime.bigint() - verdictStart) / 1e6 / verdicts;
console.log(`shill-proofness verdict (cached model, new bond): ${shillVerdictMs.toFixed(3)} ms`);

mkdirSync(new URL("../bench/", import.meta.url), { recursive: true });
const record = {
  auctions, bidders, seconds: Number(seconds.toFixed(4)), auctionsPerSecond, shillVerdictMs: Number(shillVerdictMs.toFixed(4)),
  units: { units, auctions: unitAuctions, seconds: Number(unitSeconds.toFixed(4)), auctionsPerSecond: unitAuctionsPerSecond },
};
writeFileSync(new URL("../bench/lab.json", import.meta.url), `${JSON.stringify(record, null, 2)}\n`);
