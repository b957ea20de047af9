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

/** `/create?format=…&floorReserve=…&bond=…` for finite, non-negative numbers (others are left out). */
export function createPrefillHref(settings: { format: PrefillFormat; floorReserve: number; bond: number }): string {
  const params = new URLSearchParams({ format: settings.format });
  const floor = decimalText(settings.floorReserve);
  const bond = decimalText(settings.bond);
  if (floor !== null && floor !== "0") params.set("floorReserve", floor);
  if (bond !== null) params.set("bond", bond);
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
  return out;
}
