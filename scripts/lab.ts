/**
 * Mechanism lab CLI:
 *   npm run lab -- --dist uniform:0:1 --bidders 5 [--units K] [--reserve R] [--bond B] [--samples N] [--seed S] [--shills K] [--deposit-padding P,…] [--json FILE] [--chart FILE.svg]
 * Prints the revenue table, optimal reserve, recommended bond and the shill-proof verdict of second price at
 * reserve R (default optimal) and bond B (default recommended); with --units K > 1 the same for K units
 * (uniform price and pay-as-bid, the optimal reserve, efficiency, the shill bond); with --deposit-padding, also
 * public against hidden deposits at each largest padding P (lib/lab/deposits.ts); optionally writes the JSON
 * summary and an SVG chart of revenue against the reserve. Bad input: one line on stderr, exit code 2.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { MAX_UNITS } from "../lib/auction.js";
import {
  formatLabReport, labJson, parseDistribution, parseSamplesText, revenueChartData, revenueChartSvg, runLab, samplesFileOf,
  type Distribution, type LabOptions,
} from "../lib/lab/index.js";

const USAGE = "usage: npm run lab -- --dist SPEC --bidders N [--units K] [--reserve R] [--bond B] [--samples N] [--seed S] [--shills K] [--deposit-padding P,…] [--json FILE] [--chart FILE.svg]";

/** A problem with the command line or its files: reported on one line with exit code 2. */
export class InputError extends Error {}

export interface LabInput {
  dist: Distribution;
  options: LabOptions;
  json?: string;
  chart?: string;
}

function integerOption(name: string, text: string | undefined, fallback?: number): number {
  if (text === undefined) {
    if (fallback === undefined) throw new InputError(`missing --${name}; ${USAGE}`);
    return fallback;
  }
  if (!/^\d+$/.test(text.trim())) throw new InputError(`--${name} must be a non-negative integer, got "${text}"`);
  return Number(text);
}

function amountOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\s*(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value)) throw new InputError(`--${name} must be a finite number ≥ 0, got "${text}"`);
  return value;
}

/** Parses the command line (reading a samples file through `readText`); null when --help was printed. */
export function parseLabInput(argv: string[], readText = (file: string) => readFileSync(file, "utf8")): LabInput | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        dist: { type: "string" }, bidders: { type: "string" }, units: { type: "string" }, samples: { type: "string" }, seed: { type: "string" },
        shills: { type: "string" }, "deposit-padding": { type: "string" }, reserve: { type: "string" }, bond: { type: "string" }, json: { type: "string" }, chart: { type: "string" }, help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new InputError(`${(error as Error).message.split("\n")[0]}; ${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\nSPEC: uniform:A:B | exponential:RATE | normal:MEAN:SD:LO:HI | lognormal:MU:SIGMA | lomax:SHAPE:SCALE | samples:FILE\n`);
    return null;
  }
  if (values.dist === undefined) throw new InputError(`missing --dist; ${USAGE}`);
  const file = samplesFileOf(values.dist);
  let samples: number[] | undefined;
  if (file !== null) {
    let text: string;
    try {
      text = readText(file);
    } catch (error) {
      throw new InputError(`cannot read samples file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    try {
      samples = parseSamplesText(text);
    } catch (error) {
      throw new InputError(`${file}: ${(error as Error).message}`);
    }
  }
  let dist: Distribution;
  try {
    dist = parseDistribution(values.dist, samples);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  const options: LabOptions = {
    bidders: integerOption("bidders", values.bidders),
    auctions: integerOption("samples", values.samples, 100_000),
    seed: integerOption("seed", values.seed, 1),
    maxShills: integerOption("shills", values.shills, 3),
  };
  // Only an explicit --units enters the options, so the default run parses exactly as before.
  if (values.units !== undefined) options.units = integerOption("units", values.units);
  const reserve = amountOption("reserve", values.reserve);
  const bond = amountOption("bond", values.bond);
  if (reserve !== undefined) options.reserve = reserve;
  if (bond !== undefined) options.bond = bond;
  if (options.bidders < 1 || options.bidders > 1000) throw new InputError(`--bidders must be from 1 to 1000, got ${options.bidders}`);
  if (options.auctions! < 2 || options.auctions! > 100_000_000) throw new InputError(`--samples must be from 2 to 100000000, got ${options.auctions}`);
  if (!Number.isSafeInteger(options.seed)) throw new InputError(`--seed is too large: ${values.seed}`);
  if (options.maxShills! < 1 || options.maxShills! > 8) throw new InputError(`--shills must be from 1 to 8, got ${options.maxShills}`);
  if (options.units !== undefined && (options.units < 1 || options.units > MAX_UNITS)) {
    throw new InputError(`--units must be from 1 to ${MAX_UNITS} (the k-unit house's MAX_UNITS), got ${options.units}`);
  }
  const paddings = values["deposit-padding"];
  if (paddings !== undefined) {
    options.depositPaddings = paddings.split(",").map((p) => amountOption("deposit-padding", p)!);
    if (options.depositPaddings.length > 20) throw new InputError(`--deposit-padding takes at most 20 values, got ${options.depositPaddings.length}`);
    // One bidder sees no other deposit: nothing to hide.
    if (options.bidders < 2) throw new InputError(`--deposit-padding needs at least 2 bidders, got ${options.bidders}`);
  }
  return { dist, options, json: values.json, chart: values.chart };
}

function main(): void {
  let input: LabInput | null;
  try {
    input = parseLabInput(process.argv.slice(2));
  } catch (error) {
    // Everything raised while reading the input is the user's to fix: one line, exit code 2.
    process.stderr.write(`lab: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  if (input === null) return;
  const { dist, options, json, chart } = input;
  try {
    const result = runLab(dist, options);
    process.stdout.write(`${formatLabReport(result)}\n`);
    if (json !== undefined) {
      writeFileSync(json, `${JSON.stringify(labJson(result), null, 2)}\n`);
      process.stdout.write(`JSON written to ${json}\n`);
    }
    if (chart !== undefined) {
      writeFileSync(chart, revenueChartSvg(revenueChartData(dist, options.bidders, result.reserve.reserve)));
      process.stdout.write(`Chart written to ${chart}\n`);
    }
  } catch (error) {
    process.stderr.write(`lab: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

// Run only as a script, so tests can import parseLabInput.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
