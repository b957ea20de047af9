/** Expected revenue against the reserve for both formats, as data and as a self-contained SVG. */
import { FORMATS, type Format } from "../auction.js";
import type { Distribution } from "./distributions.js";
import { expectedRevenue } from "./revenue.js";

export interface RevenueChartData {
  title: string;
  reserves: number[];
  curves: { format: Format; revenues: number[] }[];
  optimum: { reserve: number; revenues: Record<Format, number> };
}

/** Revenue at `points` reserves from 0 to the top of the support (its 99.5% quantile if unbounded). */
export function revenueChartData(dist: Distribution, bidders: number, optimalReserve: number, points = 61): RevenueChartData {
  const top = Math.max(dist.hi < Infinity ? dist.hi : dist.quantile(0.995), optimalReserve * 1.1);
  const reserves = Array.from({ length: points }, (_, i) => (top * i) / (points - 1));
  return {
    title: `Expected revenue vs reserve: ${dist.label}, ${bidders} bidder${bidders === 1 ? "" : "s"}`,
    reserves,
    curves: FORMATS.map((format) => ({ format, revenues: reserves.map((r) => expectedRevenue(format, dist, bidders, r)) })),
    optimum: {
      reserve: optimalReserve,
      revenues: {
        "second-price": expectedRevenue("second-price", dist, bidders, optimalReserve),
        "first-price": expectedRevenue("first-price", dist, bidders, optimalReserve),
      },
    },
  };
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Tick positions at 1, 2 or 5 × 10^k spacing, about `count` of them. */
function ticks(low: number, high: number, count = 6): number[] {
  const raw = (high - low) / count || 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const result: number[] = [];
  for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) result.push(Number(t.toPrecision(12)));
  return result;
}

const STYLE: Record<Format, { colour: string; dash: string; name: string }> = {
  "second-price": { colour: "#1f77b4", dash: "", name: "second price" },
  "first-price": { colour: "#d62728", dash: "7 4", name: "first price (equilibrium bids)" },
};

export function revenueChartSvg(data: RevenueChartData): string {
  const width = 760;
  const height = 460;
  const margin = { left: 70, right: 24, top: 48, bottom: 56 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const xMin = data.reserves[0];
  const xMax = data.reserves[data.reserves.length - 1];
  const all = data.curves.flatMap((c) => c.revenues).filter(Number.isFinite);
  const yMin = 0;
  const yMax = Math.max(...all) * 1.08 || 1;
  const x = (v: number) => margin.left + ((v - xMin) / (xMax - xMin)) * plotWidth;
  const y = (v: number) => margin.top + plotHeight - ((v - yMin) / (yMax - yMin)) * plotHeight;
  const f = (v: number) => v.toFixed(2);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="15">${escapeXml(data.title)}</text>`);
  for (const t of ticks(xMin, xMax)) {
    parts.push(`<line x1="${f(x(t))}" y1="${margin.top}" x2="${f(x(t))}" y2="${margin.top + plotHeight}" stroke="#eeeeee"/>`);
    parts.push(`<text x="${f(x(t))}" y="${margin.top + plotHeight + 18}" text-anchor="middle">${t}</text>`);
  }
  for (const t of ticks(yMin, yMax)) {
    parts.push(`<line x1="${margin.left}" y1="${f(y(t))}" x2="${margin.left + plotWidth}" y2="${f(y(t))}" stroke="#eeeeee"/>`);
    parts.push(`<text x="${margin.left - 8}" y="${f(y(t) + 4)}" text-anchor="end">${t}</text>`);
  }
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#333333"/>`);
  parts.push(`<text x="${margin.left + plotWidth / 2}" y="${height - 14}" text-anchor="middle">reserve</text>`);
  parts.push(`<text transform="translate(18 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">expected revenue</text>`);
  for (const curve of data.curves) {
    const style = STYLE[curve.format];
    const points = curve.revenues.map((v, i) => `${f(x(data.reserves[i]))},${f(y(v))}`).join(" ");
    parts.push(`<polyline fill="none" stroke="${style.colour}" stroke-width="2" ${style.dash ? `stroke-dasharray="${style.dash}" ` : ""}points="${points}"/>`);
  }
  const r = data.optimum.reserve;
  parts.push(`<line x1="${f(x(r))}" y1="${margin.top}" x2="${f(x(r))}" y2="${margin.top + plotHeight}" stroke="#555555" stroke-dasharray="3 3"/>`);
  for (const format of FORMATS) {
    const value = data.optimum.revenues[format];
    parts.push(`<circle cx="${f(x(r))}" cy="${f(y(value))}" r="5" fill="${STYLE[format].colour}" fill-opacity="0.6"/>`);
  }
  const peak = Math.max(...FORMATS.map((format) => data.optimum.revenues[format]));
  const labelRight = x(r) < margin.left + plotWidth * 0.7;
  parts.push(`<text x="${f(x(r) + (labelRight ? 8 : -8))}" y="${f(y(peak) - 10)}" text-anchor="${labelRight ? "start" : "end"}">` +
    `optimal reserve ${Number(r.toPrecision(4))}: revenue ${Number(peak.toPrecision(4))}</text>`);
  FORMATS.forEach((format, i) => {
    const style = STYLE[format];
    // Bottom left: revenue at low reserves is the no-reserve revenue, so curves stay high there.
    const ly = margin.top + plotHeight - 34 + i * 18;
    const lx = margin.left + 14;
    parts.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 28}" y2="${ly}" stroke="${style.colour}" stroke-width="2" ${style.dash ? `stroke-dasharray="${style.dash}"` : ""}/>`);
    parts.push(`<text x="${lx + 34}" y="${ly + 4}">${escapeXml(style.name)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}
