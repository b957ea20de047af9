/**
 * Value distributions for the lab. Valuations (and so bids) are non-negative amounts, so every support
 * lies in [0, ∞). Each distribution exposes its cdf, survival function (1 − cdf, kept accurate in the
 * upper tail where the virtual value divides it by a small density), pdf, quantile and seeded sampling.
 */
import type { Rng } from "./random.js";
import { normalCdf, normalPdf, normalQuantile, normalSurvival } from "./special.js";

export type DistributionKind = "uniform" | "exponential" | "normal" | "lognormal" | "lomax" | "samples";

export interface Distribution {
  readonly kind: DistributionKind;
  /** Human-readable description, e.g. "uniform[0, 1]". */
  readonly label: string;
  /** Support [lo, hi]; hi may be Infinity. */
  readonly lo: number;
  readonly hi: number;
  readonly mean: number;
  cdf(x: number): number;
  /** 1 − cdf(x). */
  survival(x: number): number;
  pdf(x: number): number;
  /** Smallest x with cdf(x) ≥ p; lo at 0 and hi at 1. */
  quantile(p: number): number;
  /** One draw, by inversion: quantile(rng()). */
  sample(rng: Rng): number;
}

function fail(message: string): never {
  throw new Error(message);
}

function requireFinite(kind: string, name: string, value: number): void {
  if (!Number.isFinite(value)) fail(`${kind}: ${name} must be a finite number, got ${value}`);
}

const clamp01 = (p: number) => (p < 0 ? 0 : p > 1 ? 1 : p);

export function uniform(a: number, b: number): Distribution {
  requireFinite("uniform", "a", a);
  requireFinite("uniform", "b", b);
  if (!(a < b)) fail(`uniform needs a < b, got ${a} and ${b}`);
  if (a < 0) fail(`uniform needs a ≥ 0 (valuations are non-negative), got ${a}`);
  const width = b - a;
  const cdf = (x: number) => (x <= a ? 0 : x >= b ? 1 : (x - a) / width);
  const quantile = (p: number) => a + clamp01(p) * width;
  return {
    kind: "uniform",
    label: `uniform[${a}, ${b}]`,
    lo: a,
    hi: b,
    mean: (a + b) / 2,
    cdf,
    survival: (x) => (x <= a ? 1 : x >= b ? 0 : (b - x) / width),
    pdf: (x) => (x < a || x > b ? 0 : 1 / width),
    quantile,
    sample: (rng) => a + rng() * width,
  };
}

export function exponential(rate: number): Distribution {
  requireFinite("exponential", "rate", rate);
  if (!(rate > 0)) fail(`exponential needs rate > 0, got ${rate}`);
  const quantile = (p: number) => (p <= 0 ? 0 : p >= 1 ? Infinity : -Math.log1p(-p) / rate);
  return {
    kind: "exponential",
    label: `exponential(rate ${rate})`,
    lo: 0,
    hi: Infinity,
    mean: 1 / rate,
    cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-rate * x)),
    survival: (x) => (x <= 0 ? 1 : Math.exp(-rate * x)),
    pdf: (x) => (x < 0 ? 0 : rate * Math.exp(-rate * x)),
    quantile,
    sample: (rng) => quantile(rng()),
  };
}

/**
 * Normal(mean, sd²) truncated to [lo, hi]. Probabilities are taken from whichever normal tail avoids
 * cancellation (lower tail below the mean, upper tail above it).
 */
export function truncatedNormal(mean: number, sd: number, lo: number, hi: number): Distribution {
  requireFinite("normal", "mean", mean);
  requireFinite("normal", "sd", sd);
  requireFinite("normal", "lo", lo);
  if (Number.isNaN(hi) || hi === -Infinity) fail(`normal: hi must be a number or inf, got ${hi}`);
  if (!(sd > 0)) fail(`normal needs sd > 0, got ${sd}`);
  if (!(lo < hi)) fail(`normal needs lo < hi, got ${lo} and ${hi}`);
  if (lo < 0) fail(`normal needs lo ≥ 0 (valuations are non-negative), got ${lo}`);
  const alpha = (lo - mean) / sd;
  const beta = (hi - mean) / sd;
  // Mass of [alpha, beta] under the standard normal, computed in the tail that keeps precision.
  const mass = alpha > 0 ? normalSurvival(alpha) - normalSurvival(beta)
    : beta < 0 ? normalCdf(beta) - normalCdf(alpha)
    : 1 - normalCdf(alpha) - normalSurvival(beta);
  if (!(mass > 0)) fail(`normal: the interval [${lo}, ${hi}] has no probability under mean ${mean}, sd ${sd}`);
  const lowerTailAtLo = normalCdf(alpha);
  const upperTailAtLo = normalSurvival(alpha);
  const upperTailAtHi = normalSurvival(beta);
  const lowerTailAtHi = normalCdf(beta);
  const cdf = (x: number) => {
    if (x <= lo) return 0;
    if (x >= hi) return 1;
    const z = (x - mean) / sd;
    return z <= 0 ? (normalCdf(z) - lowerTailAtLo) / mass : (upperTailAtLo - normalSurvival(z)) / mass;
  };
  const survival = (x: number) => {
    if (x <= lo) return 1;
    if (x >= hi) return 0;
    const z = (x - mean) / sd;
    return z > 0 ? (normalSurvival(z) - upperTailAtHi) / mass : (lowerTailAtHi - normalCdf(z)) / mass;
  };
  const quantile = (p: number) => {
    if (p <= 0) return lo;
    if (p >= 1) return hi;
    const lower = lowerTailAtLo + p * mass; // Φ(z) at the answer
    const z = lower < 0.5 ? normalQuantile(lower) : -normalQuantile(upperTailAtHi + (1 - p) * mass);
    return Math.min(hi, Math.max(lo, mean + sd * z));
  };
  const label = hi === Infinity && lo === 0 ? `normal(${mean}, sd ${sd}) truncated to [0, ∞)` : `normal(${mean}, sd ${sd}) truncated to [${lo}, ${hi}]`;
  return {
    kind: "normal",
    label,
    lo,
    hi,
    mean: mean + (sd * (normalPdf(alpha) - (hi === Infinity ? 0 : normalPdf(beta)))) / mass,
    cdf,
    survival,
    pdf: (x) => (x < lo || x > hi ? 0 : normalPdf((x - mean) / sd) / (sd * mass)),
    quantile,
    sample: (rng) => quantile(rng()),
  };
}

export function logNormal(mu: number, sigma: number): Distribution {
  requireFinite("lognormal", "mu", mu);
  requireFinite("lognormal", "sigma", sigma);
  if (!(sigma > 0)) fail(`lognormal needs sigma > 0, got ${sigma}`);
  const quantile = (p: number) => (p <= 0 ? 0 : p >= 1 ? Infinity : Math.exp(mu + sigma * normalQuantile(p)));
  return {
    kind: "lognormal",
    label: `lognormal(mu ${mu}, sigma ${sigma})`,
    lo: 0,
    hi: Infinity,
    mean: Math.exp(mu + (sigma * sigma) / 2),
    cdf: (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma)),
    survival: (x) => (x <= 0 ? 1 : normalSurvival((Math.log(x) - mu) / sigma)),
    pdf: (x) => (x <= 0 ? 0 : normalPdf((Math.log(x) - mu) / sigma) / (x * sigma)),
    quantile,
    sample: (rng) => quantile(rng()),
  };
}

/**
 * Lomax (Pareto type II) with shape a and scale λ on [0, ∞): 1 − F(x) = (1 + x/λ)^(−a). Its inverse hazard
 * (1 − F)/f = (λ + x)/a grows linearly, so φ(x) = (1 − 1/a)·x − λ/a: exactly α-strongly regular with
 * α = 1 − 1/a (regular but not MHR), r* = λ/(a − 1). Needs a > 1 for a finite mean.
 */
export function lomax(shape: number, scale: number): Distribution {
  requireFinite("lomax", "shape", shape);
  requireFinite("lomax", "scale", scale);
  if (!(shape > 1)) fail(`lomax needs shape > 1 (a finite mean), got ${shape}`);
  if (!(scale > 0)) fail(`lomax needs scale > 0, got ${scale}`);
  const survival = (x: number) => (x <= 0 ? 1 : Math.exp(-shape * Math.log1p(x / scale)));
  const quantile = (p: number) => (p <= 0 ? 0 : p >= 1 ? Infinity : scale * Math.expm1(-Math.log1p(-p) / shape));
  return {
    kind: "lomax",
    label: `lomax(shape ${shape}, scale ${scale})`,
    lo: 0,
    hi: Infinity,
    mean: scale / (shape - 1),
    cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-shape * Math.log1p(x / scale))),
    survival,
    pdf: (x) => (x < 0 ? 0 : (shape / scale) * Math.exp(-(shape + 1) * Math.log1p(x / scale))),
    quantile,
    sample: (rng) => quantile(rng()),
  };
}

/** Silverman's rule of thumb: 0.9 · min(sd, IQR/1.34) · m^(−1/5). */
export function silvermanBandwidth(sorted: ArrayLike<number>): number {
  const m = sorted.length;
  let mean = 0;
  for (let i = 0; i < m; i++) mean += sorted[i];
  mean /= m;
  let squares = 0;
  for (let i = 0; i < m; i++) squares += (sorted[i] - mean) ** 2;
  const sd = Math.sqrt(squares / (m - 1));
  const at = (p: number) => {
    const position = p * (m - 1);
    const i = Math.floor(position);
    return i + 1 < m ? sorted[i] + (position - i) * (sorted[i + 1] - sorted[i]) : sorted[m - 1];
  };
  const iqr = at(0.75) - at(0.25);
  const spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
  return 0.9 * spread * m ** -0.2;
}

/**
 * The distribution of observed values: a Gaussian kernel density estimate (Silverman bandwidth) on
 * [min, max] of the samples, reflected at both ends (kernel mass spilling past an end is folded back, which
 * keeps the mean and the density near the ends close to the sample's), tabulated on a fine grid with a
 * piecewise-linear density. The cdf is that
 * density's exact integral (piecewise quadratic) and the quantile its exact inverse, so cdf, pdf, quantile
 * and sampling describe one distribution; the virtual value r − (1 − F)/f needs F and f to agree.
 */
export function empirical(samples: readonly number[]): Distribution {
  if (samples.length === 0) fail("samples: no values (the sample is empty)");
  if (samples.length < 2) fail(`samples: need at least 2 values, got ${samples.length}`);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (!Number.isFinite(v)) fail(`samples: value #${i + 1} is not a finite number (${v})`);
    if (v < 0) fail(`samples: value #${i + 1} is negative (${v}); valuations are non-negative`);
  }
  const sorted = Float64Array.from(samples).sort();
  const m = sorted.length;
  const lo = sorted[0];
  const hi = sorted[m - 1];
  if (!(hi > lo)) fail(`samples: need at least two distinct values, all are ${lo}`);
  const bandwidth = silvermanBandwidth(sorted) || (hi - lo) / 10;

  // Enough cells to resolve the kernel (8 per bandwidth), within sane bounds.
  const cells = Math.min(65_536, Math.max(1024, Math.ceil((8 * (hi - lo)) / bandwidth)));
  const step = (hi - lo) / cells;
  const density = new Float64Array(cells + 1);
  const reach = 6 * bandwidth; // the kernel beyond 6 bandwidths is below 1.5e-8 of its peak
  const norm = 1 / (m * bandwidth * Math.sqrt(2 * Math.PI));
  const addKernel = (centre: number) => {
    const first = Math.max(0, Math.ceil((centre - reach - lo) / step));
    const last = Math.min(cells, Math.floor((centre + reach - lo) / step));
    for (let i = first; i <= last; i++) {
      const z = (lo + i * step - centre) / bandwidth;
      density[i] += norm * Math.exp(-0.5 * z * z);
    }
  };
  for (let j = 0; j < m; j++) {
    const s = sorted[j];
    addKernel(s);
    // Reflect the kernel's spill-over at both ends back inside, so mass near an end stays near it.
    if (s - lo < reach) addKernel(2 * lo - s);
    if (hi - s < reach) addKernel(2 * hi - s);
  }
  // Renormalise so the tabulated density integrates to exactly 1 on [lo, hi].
  const cumulative = new Float64Array(cells + 1);
  for (let i = 0; i < cells; i++) cumulative[i + 1] = cumulative[i] + (step * (density[i] + density[i + 1])) / 2;
  const total = cumulative[cells];
  let mean = 0;
  for (let i = 0; i <= cells; i++) {
    density[i] /= total;
    cumulative[i] /= total;
  }
  for (let i = 0; i < cells; i++) {
    const x = lo + i * step;
    mean += step * ((x * (density[i] + density[i + 1])) / 2 + step * (density[i] / 6 + density[i + 1] / 3));
  }

  const cell = (x: number) => Math.min(cells - 1, Math.floor((x - lo) / step));
  const cdf = (x: number) => {
    if (x <= lo) return 0;
    if (x >= hi) return 1;
    const i = cell(x);
    const t = (x - lo) / step - i;
    return Math.min(1, cumulative[i] + step * t * (density[i] + ((density[i + 1] - density[i]) * t) / 2));
  };
  const quantile = (p: number) => {
    if (p <= 0) return lo;
    if (p >= 1) return hi;
    let a = 0;
    let b = cells;
    while (b - a > 1) {
      const middle = (a + b) >> 1;
      if (cumulative[middle] < p) a = middle;
      else b = middle;
    }
    // Solve step·(d0·t + (d1 − d0)·t²/2) = p − C[a] for t in [0, 1], in the form that avoids cancellation.
    const need = (p - cumulative[a]) / step;
    const d0 = density[a];
    const half = (density[a + 1] - d0) / 2;
    const root = Math.sqrt(Math.max(0, d0 * d0 + 4 * half * need));
    const t = d0 + root > 0 ? (2 * need) / (d0 + root) : 0;
    return Math.min(hi, lo + (a + Math.min(1, Math.max(0, t))) * step);
  };
  return {
    kind: "samples",
    label: `samples (${m} values, kernel bandwidth ${bandwidth.toPrecision(3)})`,
    lo,
    hi,
    mean,
    cdf,
    survival: (x) => 1 - cdf(x),
    pdf: (x) => {
      if (x < lo || x > hi) return 0;
      const i = cell(x);
      const t = (x - lo) / step - i;
      return density[i] + (density[i + 1] - density[i]) * t;
    },
    quantile,
    sample: (rng) => quantile(rng()),
  };
}

const SPEC_HELP = "use uniform:A:B, exponential:RATE, normal:MEAN:SD:LO:HI, lognormal:MU:SIGMA, lomax:SHAPE:SCALE or samples:FILE";

function parseNumber(kind: string, name: string, text: string): number {
  const t = text.trim();
  if (/^\+?(inf|infinity)$/i.test(t)) return Infinity;
  const value = t === "" ? NaN : Number(t);
  if (Number.isNaN(value)) fail(`${kind}: ${name} is not a number: "${text}"`);
  return value;
}

/** The FILE of a `samples:FILE` spec, or null for the parametric kinds (the CLI reads the file). */
export function samplesFileOf(spec: string): string | null {
  const match = /^\s*samples:(.+)$/s.exec(spec);
  return match ? match[1].trim() : null;
}

/** Numbers from a text file: separated by whitespace, commas or semicolons; lines starting with # ignored. */
export function parseSamplesText(text: string): number[] {
  const values: number[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim().startsWith("#")) continue;
    for (const token of line.split(/[\s,;]+/)) {
      if (token === "") continue;
      const value = Number(token);
      if (!Number.isFinite(value)) fail(`samples: "${token}" is not a number (value #${values.length + 1})`);
      values.push(value);
    }
  }
  return values;
}

/**
 * A distribution from its spec: uniform:A:B, exponential:RATE, normal:MEAN:SD:LO:HI (HI may be "inf"),
 * lognormal:MU:SIGMA, lomax:SHAPE:SCALE or samples:FILE. For samples:FILE pass the file's numbers as `samples`
 * (the pure core reads no files).
 */
export function parseDistribution(spec: string, samples?: readonly number[]): Distribution {
  const [kindText, ...params] = spec.trim().split(":");
  const kind = kindText.toLowerCase();
  const expect = (count: number, shape: string) => {
    if (params.length !== count) fail(`${kind} needs ${count} parameter${count === 1 ? "" : "s"} (${shape}), got ${params.length}`);
  };
  switch (kind) {
    case "uniform":
      expect(2, "uniform:A:B");
      return uniform(parseNumber(kind, "a", params[0]), parseNumber(kind, "b", params[1]));
    case "exponential":
      expect(1, "exponential:RATE");
      return exponential(parseNumber(kind, "rate", params[0]));
    case "normal":
      expect(4, "normal:MEAN:SD:LO:HI");
      return truncatedNormal(
        parseNumber(kind, "mean", params[0]), parseNumber(kind, "sd", params[1]),
        parseNumber(kind, "lo", params[2]), parseNumber(kind, "hi", params[3]),
      );
    case "lognormal":
      expect(2, "lognormal:MU:SIGMA");
      return logNormal(parseNumber(kind, "mu", params[0]), parseNumber(kind, "sigma", params[1]));
    case "lomax":
      expect(2, "lomax:SHAPE:SCALE");
      return lomax(parseNumber(kind, "shape", params[0]), parseNumber(kind, "scale", params[1]));
    case "samples":
      if (params.join(":").trim() === "") fail("samples needs a file (samples:FILE)");
      if (samples === undefined) fail("samples:FILE needs the file's numbers; read the file and pass them");
      return empirical(samples);
    default:
      return fail(`unknown distribution "${kindText}"; ${SPEC_HELP}`);
  }
}
