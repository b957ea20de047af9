import "../near.js";
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { empirical, labJson, revenueChartData, revenueChartSvg, runLab, uniform } from "../../../lib/lab/index.js";
import { InputError, parseLabInput } from "../../../scripts/lab.js";
import { bimodalSample } from "./samples.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const tsx = join(root, "node_modules/tsx/dist/cli.mjs");
const runCli = (args: string[]) => spawnSync(process.execPath, [tsx, "scripts/lab.ts", ...args], { cwd: root, encoding: "utf8" });

function expectJsonShape(json: unknown): void {
  expect(json).to.have.all.keys("optimalReserve", "recommendedBond", "rows", "shillProof");
  const { optimalReserve, recommendedBond, rows, shillProof } = json as Record<string, unknown>;
  expect(shillProof).to.have.all.keys("reserve", "bond", "bestShillGain", "shillProofBond", "verdict");
  const proof = shillProof as Record<string, unknown>;
  expect(proof.verdict).to.be.oneOf(["shill-proof", "not shill-proof"]);
  expect(proof.bestShillGain).to.be.a("number").and.at.least(0);
  expect(proof.shillProofBond === null || typeof proof.shillProofBond === "number").to.equal(true);
  expect(optimalReserve).to.be.a("number");
  expect(recommendedBond).to.be.a("number");
  expect(rows).to.be.an("array").with.lengthOf(4);
  for (const row of rows as Record<string, unknown>[]) {
    expect(row).to.have.all.keys("format", "reserve", "revenue", "ci95", "efficiency");
    expect(row.format).to.be.oneOf(["second-price", "first-price"]);
    expect(row.ci95).to.be.an("array").with.lengthOf(2);
    const [low, high] = row.ci95 as number[];
    expect(low).to.be.at.most(row.revenue as number);
    expect(high).to.be.at.least(row.revenue as number);
    expect(row.efficiency).to.be.within(0, 1);
  }
  expect((rows as { format: string; reserve: number }[]).map((row) => [row.format, row.reserve])).to.deep.equal([
    ["second-price", 0], ["second-price", optimalReserve], ["first-price", 0], ["first-price", optimalReserve],
  ]);
}

describe("lab: report and CLI", () => {
  it("labJson has exactly the documented shape", () => {
    const result = runLab(uniform(0, 1), { bidders: 5, auctions: 5000, seed: 1, maxShills: 1 });
    const json = labJson(result);
    expectJsonShape(JSON.parse(JSON.stringify(json)));
    expect(json.optimalReserve).to.be.near(0.5, 1e-12);
    expect(json.recommendedBond).to.be.near(0.5, 1e-9);
    // Defaults: the optimal reserve and the recommended bond, which is f* = r* here.
    expect(json.shillProof).to.deep.include({ reserve: 0.5, verdict: "shill-proof", bestShillGain: 0 });
    expect(json.shillProof.bond).to.be.near(0.5, 1e-9);
    expect(json.shillProof.shillProofBond).to.be.near(0.5, 1e-9);
    // No reserve: no bond suffices, written as null.
    const none = labJson(runLab(uniform(0, 1), { bidders: 5, auctions: 5000, maxShills: 1, reserve: 0, bond: 0.3 }));
    expect(none.shillProof).to.deep.include({ reserve: 0, bond: 0.3, shillProofBond: null, verdict: "not shill-proof" });
  });

  it("CLI: --reserve and --bond set the shill-proof verdict's settings; the table prints the verdict", () => {
    const dir = mkdtempSync(join(tmpdir(), "lab-"));
    try {
      const json = join(dir, "out.json");
      const run = runCli(["--dist", "exponential:1", "--bidders", "3", "--samples", "2000", "--shills", "1", "--reserve", "1", "--bond", "0.5", "--json", json]);
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.match(/Shill-proof \(second price, reserve 1, bond 0\.5, shill grids of any size\): NOT SHILL-PROOF; best shill gain 0\.06\d+ per auction, shill-proof bond 1\n/);
      const written = JSON.parse(readFileSync(json, "utf8"));
      expectJsonShape(written);
      expect(written.shillProof).to.deep.include({ reserve: 1, bond: 0.5, verdict: "not shill-proof" });
      expect(written.shillProof.shillProofBond).to.be.near(1, 1e-9);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runLab rejects bad options with a clear message", () => {
    expect(() => runLab(uniform(0, 1), { bidders: 0 })).to.throw(/bidders must be an integer from 1 to 1000, got 0/);
    expect(() => runLab(uniform(0, 1), { bidders: 3, auctions: 1.5 })).to.throw(/samples/);
  });

  it("the chart is a self-contained SVG with both curves and the optimum marked", () => {
    const dist = empirical(bimodalSample(1000, 2));
    const svg = revenueChartSvg(revenueChartData(dist, 3, 4.2, 21));
    expect(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")).to.equal(true);
    expect(svg.trimEnd().endsWith("</svg>")).to.equal(true);
    expect(svg.match(/<polyline /g)).to.have.lengthOf(2);
    expect(svg).to.include("optimal reserve 4.2");
    expect(svg).to.not.match(/NaN|undefined|href=/);
  });

  it("CLI: prints the table and writes the JSON and the chart", () => {
    const dir = mkdtempSync(join(tmpdir(), "lab-"));
    try {
      const samples = join(dir, "values.txt");
      writeFileSync(samples, bimodalSample(600, 5).join("\n"));
      const json = join(dir, "out.json");
      const chart = join(dir, "chart.svg");
      const run = runCli(["--dist", `samples:${samples}`, "--bidders", "3", "--samples", "3000", "--shills", "1", "--json", json, "--chart", chart]);
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.match(/irregular/);
      expect(run.stdout).to.match(/second-price\s+none/);
      expect(run.stdout).to.match(/Recommended bond: /);
      expectJsonShape(JSON.parse(readFileSync(json, "utf8")));
      expect(readFileSync(chart, "utf8")).to.match(/^<svg[\s\S]*<\/svg>\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("CLI: bad input → exit code 2 and one line on stderr, no stack trace", () => {
    const run = runCli(["--dist", "uniform:2:1", "--bidders", "5"]);
    expect(run.status).to.equal(2);
    expect(run.stderr).to.equal("lab: uniform needs a < b, got 2 and 1\n");
    expect(run.stdout).to.equal("");
  });

  // The same parsing in-process (each CLI start costs about a second).
  const noFile = (file: string): string => {
    throw Object.assign(new Error(`ENOENT: ${file}`), { code: "ENOENT" });
  };
  for (const [args, message] of [
    [["--dist", "uniform:0:1"], /^missing --bidders/],
    [["--bidders", "3"], /^missing --dist/],
    [["--dist", "uniform:0:1", "--bidders", "-3"], /Option '--bidders' argument is ambiguous/],
    [["--dist", "uniform:0:1", "--bidders=-3"], /--bidders must be a non-negative integer, got "-3"/],
    [["--dist", "uniform:0:1", "--bidders", "2.5"], /--bidders must be a non-negative integer, got "2.5"/],
    [["--dist", "uniform:0:1", "--bidders", "0"], /--bidders must be from 1 to 1000, got 0/],
    [["--dist", "uniform:0:1", "--bidders", "5", "--samples", "1"], /--samples must be from 2/],
    [["--dist", "uniform:0:1", "--bidders", "5", "--seed", "x"], /--seed must be a non-negative integer/],
    [["--dist", "uniform:0:1", "--bidders", "5", "--colour", "red"], /Unknown option '--colour'/],
    [["--dist", "lognormal:0:0", "--bidders", "5"], /lognormal needs sigma > 0, got 0/],
    [["--dist", "samples:/nonexistent/values.txt", "--bidders", "2"], /cannot read samples file \/nonexistent\/values.txt: ENOENT/],
    [["--dist", "uniform:0:1", "--bidders", "5", "--bond", "x"], /--bond must be a finite number ≥ 0, got "x"/],
    [["--dist", "uniform:0:1", "--bidders", "5", "--reserve=-1"], /--reserve must be a finite number ≥ 0, got "-1"/],
  ] as const) {
    it(`CLI input ${args.join(" ")} → InputError`, () => {
      expect(() => parseLabInput([...args], noFile)).to.throw(InputError, message);
    });
  }

  it("CLI input: a samples file with a non-number is rejected with its position", () => {
    expect(() => parseLabInput(["--dist", "samples:v.txt", "--bidders", "2"], () => "1\n2\nabc\n")).to.throw(InputError, /v.txt: samples: "abc" is not a number \(value #3\)/);
    const input = parseLabInput(["--dist", "samples:v.txt", "--bidders", "2", "--seed", "7"], () => "1\n2\n3.5\n");
    expect(input?.dist.kind).to.equal("samples");
    expect(input?.options).to.deep.equal({ bidders: 2, auctions: 100_000, seed: 7, maxShills: 3 });
    const priced = parseLabInput(["--dist", "uniform:0:1", "--bidders", "5", "--reserve", "0.4", "--bond", "1e-1"]);
    expect(priced?.options).to.deep.include({ reserve: 0.4, bond: 0.1 });
  });
});
