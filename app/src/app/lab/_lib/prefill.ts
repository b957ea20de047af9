/**
 * The lab's "use these settings": query parameters that pre-fill the create-auction form. Pure, so the lab
 * page (which builds the link) and the create form (which reads it) share one definition, tested on its own.
 * Amounts are decimal strings in the payment token's units, as a person would type them.
 */
export type PrefillFormat = "second-price" | "first-price";

export interface CreatePrefill {
  format?: PrefillFormat;
  /** Public floor reserve, e.g. "0.5". */
  floorReserve?: string;
  /** Bond, e.g. "0.5". */
  bond?: string;
  /** The value assumption behind them: the lab's distribution spec, e.g. "uniform:0:1", and the expected bidders. */
  dist?: string;
  bidders?: string;
}

/** A plain decimal (no exponent) with at most `digits` significant digits; null for negative or non-finite. */
export function decimalText(x: number, digits = 6): string | null {
  if (!Number.isFinite(x) || x < 0) return null;
  if (x === 0) return "0";
  const rounded = Number(x.toPrecision(digits));
  const text = String(rounded);
  if (!/e/i.test(text)) return text;
  // Very small or very large: write it out in full, without trailing zeros.
  const fixed = rounded >= 1 ? BigInt(Math.round(rounded)).toString() : rounded.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
  return fixed;
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** A lab spec the create form can judge shill-proofness under (pasted samples stay in the lab). */
const SPEC = /^(uniform|exponential|normal|lognormal|lomax)(:(-?[0-9.]+(e-?[0-9]+)?|-?inf))+$/i;

/**
 * `/create?format=…&floorReserve=…&bond=…&dist=…&bidders=…` for finite, non-negative numbers (others are left
 * out); `dist` and `bidders` carry the value assumption, so Create checks shill-proofness under the lab's.
 */
export function createPrefillHref(settings: { format: PrefillFormat; floorReserve: number; bond: number; dist?: string | null; bidders?: number }): string {
  const params = new URLSearchParams({ format: settings.format });
  const floor = decimalText(settings.floorReserve);
  const bond = decimalText(settings.bond);
  if (floor !== null && floor !== "0") params.set("floorReserve", floor);
  if (bond !== null) params.set("bond", bond);
  if (settings.dist && SPEC.test(settings.dist)) params.set("dist", settings.dist);
  if (settings.bidders !== undefined && Number.isInteger(settings.bidders) && settings.bidders >= 1) params.set("bidders", String(settings.bidders));
  return `/create?${params.toString()}`;
}

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function first(params: SearchParamsLike, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the prefill from the create page's query; anything malformed is ignored (the form keeps its default). */
export function parseCreatePrefill(params: SearchParamsLike): CreatePrefill {
  const out: CreatePrefill = {};
  const format = first(params, "format");
  if (format === "second-price" || format === "first-price") out.format = format;
  const floor = first(params, "floorReserve")?.trim();
  if (floor !== undefined && DECIMAL.test(floor)) out.floorReserve = floor;
  const bond = first(params, "bond")?.trim();
  if (bond !== undefined && DECIMAL.test(bond)) out.bond = bond;
  const dist = first(params, "dist")?.trim();
  if (dist !== undefined && SPEC.test(dist)) out.dist = dist;
  const bidders = first(params, "bidders")?.trim();
  if (bidders !== undefined && /^\d{1,3}$/.test(bidders) && Number(bidders) >= 1) out.bidders = bidders;
  return out;
}
