/** Display and input helpers: amounts in token units, addresses, explorer links. */
import { formatUnits, parseUnits, type Address, type Hex } from "viem";

export function shortAddress(a: string): string {
  return a.length > 12 ? `${a.slice(0, 6)}…${a.slice(-4)}` : a;
}

/** "1.5 ETH"; trims to `maxFraction` decimals without rounding up (a shown deposit is never overstated). */
export function formatAmount(value: bigint, decimals: number, symbol: string, maxFraction = 6): string {
  const [whole, frac = ""] = formatUnits(value, decimals).split(".");
  const cut = frac.slice(0, maxFraction).replace(/0+$/, "");
  const shownFrac = cut === "" && frac.replace(/0+$/, "") !== "" ? "" : cut;
  const approx = frac.replace(/0+$/, "").length > cut.length ? "≈" : "";
  return `${approx}${Number(whole).toLocaleString("en-US")}${shownFrac ? `.${shownFrac}` : ""} ${symbol}`.trim();
}

/** Parses user input like "1.5" or "1,000.25" into base units; null when it is not a non-negative number. */
export function parseAmount(text: string, decimals: number): bigint | null {
  const t = text.trim().replace(/,/g, "").replace(/_/g, "");
  if (!/^\d*\.?\d*$/.test(t) || t === "" || t === ".") return null;
  const [, frac = ""] = t.split(".");
  if (frac.length > decimals) return null;
  try {
    return parseUnits(t.startsWith(".") ? `0${t}` : t, decimals);
  } catch {
    return null;
  }
}

export interface ExplorerChain {
  blockExplorers?: { default: { name: string; url: string } };
}

export function explorerTx(chain: ExplorerChain | undefined, hash: Hex): string | null {
  const url = chain?.blockExplorers?.default.url;
  return url ? `${url.replace(/\/$/, "")}/tx/${hash}` : null;
}

export function explorerAddress(chain: ExplorerChain | undefined, address: Address): string | null {
  const url = chain?.blockExplorers?.default.url;
  return url ? `${url.replace(/\/$/, "")}/address/${address}` : null;
}

/** A UTC date for a chain timestamp, e.g. "2026-11-23 18:05 UTC". */
export function formatChainTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}
