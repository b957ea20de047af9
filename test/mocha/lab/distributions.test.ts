import "../near.js";
import { expect } from "chai";
import {
  createRng, empirical, erf, erfc, exponential, logNormal, normalCdf, normalQuantile, optimalReserve, parseDistribution,
  parseSamplesText, samplesFileOf, truncatedNormal, uniform, virtualValue, type Distribution,
} from "../../../lib/lab/index.js";
import { bimodalSample, exponentialSample } from "./samples.js";

const unimodalSample = exponentialSample(3000, 11);

const distributions: Distribution[] = [
  uniform(0, 1),
  uniform(2, 5),
  exponential(2),
  truncatedNormal(1, 1, 0, Infinity),
  truncatedNormal(5, 1, 2, 6),
  truncatedNormal(0, 1, 3, 4), // deep in the upper tail: needs the tail-aware formulas
  logNormal(0, 1),
  empirical(unimodalSample),
  empirical(bimodalSample(2000, 3)),
];

describe("lab: special functions", () => {
  it("erf/erfc match reference values, including the far tail", () => {
    expect(erf(0.5)).to.be.near(0.5204998778130465, 1e-15);
    expect(erfc(1)).to.be.near(0.15729920705028513, 1e-15);
    expect(erfc(3) / 2.209049699858544e-5 - 1).to.be.near(0, 1e-11);
    expect(erfc(5) / 1.5374597944280349e-12 - 1).to.be.near(0, 1e-12);
    expect(erf(-0.5)).to.equal(-erf(0.5));
  });

  it("normal quantile inverts the normal cdf to ~1e-12 relative, tails included", () => {
    for (const p of [1e-300, 1e-20, 1e-6, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-9]) {
      const z = normalQuantile(p);
      const back = p < 0.5 ? normalCdf(z) : 1 - normalCdf(z);
      expect(back / (p < 0.5 ? p : 1 - p) - 1).to.be.near(0, 1e-6);
      expect(Math.abs(normalCdf(z) - p) / Math.min(p, 1 - p)).to.be.below(1e-6);
    }
    expect(normalQuantile(0.975)).to.be.near(1.959963984540054, 1e-12);
  });
});

describe("lab: distributions", () => {
  for (const dist of distributions) {
    describe(dist.label, () => {
      it("cdf(quantile(p)) = p and quantile is monotone", () => {
        let previous = -Infinity;
        for (let i = 1; i < 200; i++) {
          const p = i / 200;
          const x = dist.quantile(p);
          expect(x).to.be.at.least(previous);
          previous = x;
          expect(dist.cdf(x)).to.be.near(p, 1e-9);
          expect(dist.cdf(x) + dist.survival(x)).to.be.near(1, 1e-12);
        }
        expect(dist.quantile(0)).to.equal(dist.lo);
        expect(dist.quantile(1)).to.equal(dist.hi);
      });

      it("pdf is the derivative of cdf", () => {
        for (const p of [0.1, 0.37, 0.5, 0.81, 0.95]) {
          const x = dist.quantile(p);
          const h = 1e-6 * Math.max(1, Math.abs(x));
          const slope = (dist.cdf(x + h) - dist.cdf(x - h)) / (2 * h);
          expect(dist.pdf(x)).to.be.near(slope, 1e-4 * Math.max(1, slope));
        }
      });

      it("seeded sampling: reproducible, inside the support, mean within 4 standard errors", () => {
        const draw = (seed: number) => {
          const rng = createRng(seed);
          return Array.from({ length: 20_000 }, () => dist.sample(rng));
        };
        const values = draw(42);
        expect(draw(42)).to.deep.equal(values);
        expect(draw(43)).to.not.deep.equal(values);
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
        expect(Math.abs(mean - dist.mean)).to.be.below((4 * sd) / Math.sqrt(values.length));
        expect(Math.min(...values)).to.be.at.least(dist.lo);
        expect(Math.max(...values)).to.be.at.most(dist.hi);
      });
    });
  }

  it("known means and quantiles", () => {
    expect(exponential(2).quantile(0.5)).to.be.near(Math.LN2 / 2, 1e-15);
    expect(logNormal(0, 1).quantile(0.5)).to.be.near(1, 1e-12);
    // E[X | X > 0] for X ~ N(1, 1): 1 + φ(1)/Φ(1).
    expect(truncatedNormal(1, 1, 0, Infinity).mean).to.be.near(1 + 0.2419707245191434 / 0.8413447460685429, 1e-12);
    expect(uniform(2, 5).cdf(3)).to.be.near(1 / 3, 1e-15);
  });

  it("the empirical distribution follows its sample", () => {
    const dist = empirical(unimodalSample);
    const sorted = [...unimodalSample].sort((a, b) => a - b);
    expect(dist.lo).to.equal(sorted[0]);
    expect(dist.hi).to.equal(sorted[sorted.length - 1]);
    // Kernel smoothing (truncated at the sample's minimum, where this density peaks) moves the median by a
    // small fraction of the spread (sd 0.5).
    expect(dist.quantile(0.5)).to.be.near(sorted[1500], 0.05);
    expect(dist.mean).to.be.near(sorted.reduce((a, b) => a + b, 0) / sorted.length, 0.02);
  });
});

describe("lab: parseDistribution", () => {
  it("parses every spec kind", () => {
    expect(parseDistribution("uniform:0:1").label).to.equal("uniform[0, 1]");
    expect(parseDistribution("exponential:2").mean).to.equal(0.5);
    expect(parseDistribution("normal:1:1:0:inf").hi).to.equal(Infinity);
    expect(parseDistribution("lognormal:0:1").kind).to.equal("lognormal");
    const samples = parseSamplesText("# values\n1, 2 3\n4;5\n\n6\n");
    expect(samples).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(samplesFileOf("samples:data/values.txt")).to.equal("data/values.txt");
    expect(samplesFileOf("uniform:0:1")).to.equal(null);
    expect(parseDistribution("samples:any.txt", samples).kind).to.equal("samples");
  });

  const bad: [string, RegExp, number[]?][] = [
    ["uniform:2:1", /uniform needs a < b, got 2 and 1/],
    ["uniform:1:1", /uniform needs a < b/],
    ["uniform:-1:1", /a ≥ 0/],
    ["uniform:0", /uniform needs 2 parameters/],
    ["uniform:0:abc", /b is not a number: "abc"/],
    ["uniform:nan:1", /a is not a number/],
    ["exponential:0", /exponential needs rate > 0, got 0/],
    ["exponential:-3", /rate > 0/],
    ["normal:1:0:0:5", /normal needs sd > 0, got 0/],
    ["normal:1:1:3:2", /normal needs lo < hi, got 3 and 2/],
    ["normal:1:1:-1:2", /lo ≥ 0/],
    ["normal:0:1:60:70", /no probability/],
    ["lognormal:0:0", /lognormal needs sigma > 0/],
    ["lognormal:inf:1", /mu must be a finite number/],
    ["beta:1:2", /unknown distribution "beta"/],
    ["samples:file.txt", /needs the file's numbers/],
    ["samples:file.txt", /sample is empty/, []],
    ["samples:file.txt", /at least two distinct values/, [3, 3, 3]],
    ["samples:file.txt", /value #2 is negative/, [1, -2]],
    ["samples:file.txt", /value #3 is not a finite number/, [1, 2, NaN]],
  ];
  for (const [spec, message, samples] of bad) {
    it(`rejects ${spec}${samples ? ` with [${samples}]` : ""}`, () => {
      expect(() => parseDistribution(spec, samples)).to.throw(Error, message);
    });
  }

  it("rejects non-numbers in a samples file", () => {
    expect(() => parseSamplesText("1\n2\nthree\n")).to.throw(/"three" is not a number \(value #3\)/);
  });
});

describe("lab: Lomax (α-strongly regular, not MHR)", () => {
  it("lomax:3:1 parses; cdf, quantile and pdf agree; φ(x) = (2/3)x − 1/3 so r* = 1/2", () => {
    const dist = parseDistribution("lomax:3:1");
    expect(dist.kind).to.equal("lomax");
    expect(dist.mean).to.be.near(0.5, 1e-15);
    for (const p of [1e-9, 0.1, 0.5, 0.99, 1 - 1e-9]) expect(dist.cdf(dist.quantile(p))).to.be.near(p, 1e-12);
    for (const x of [0.1, 1, 10]) {
      expect(virtualValue(dist, x)).to.be.near((2 / 3) * x - 1 / 3, 1e-12);
      expect((dist.cdf(x + 1e-6) - dist.cdf(x - 1e-6)) / 2e-6).to.be.near(dist.pdf(x), 1e-6);
    }
    expect(optimalReserve(dist, 5).reserve).to.be.near(0.5, 1e-9);
    expect(() => parseDistribution("lomax:1:1")).to.throw(/lomax needs shape > 1/);
  });
});
