"use client";
import { CartesianGrid, Legend, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatNumber } from "../../../../../lib/lab/index.js";
import type { LabView } from "../_lib/compute";
import styles from "./lab.module.css";

const tick = (x: number) => formatNumber(x, 3);

export function RevenueChart({ data, optimum }: { data: LabView["revenueChart"]; optimum: LabView["optimum"] }) {
  return (
    <figure className={styles.chart} data-testid="lab-revenue-chart">
      <ResponsiveContainer width="100%" height={320}>
        <LineChart data={data} margin={{ top: 24, right: 16, bottom: 8, left: 4 }}>
          <CartesianGrid stroke="#eee" />
          <XAxis dataKey="reserve" type="number" height={40} domain={["dataMin", "dataMax"]} tickFormatter={tick} label={{ value: "reserve", position: "insideBottom", offset: 2 }} />
          <YAxis tickFormatter={tick} width={72} label={{ value: "expected revenue", angle: -90, position: "insideLeft", offset: 4, style: { textAnchor: "middle" } }} />
          <Tooltip formatter={(value) => formatNumber(Number(value), 5)} labelFormatter={(r) => `reserve ${formatNumber(Number(r), 4)}`} />
          <Legend verticalAlign="bottom" height={28} />
          <Line type="monotone" dataKey="second-price" name="second price" stroke="#1f77b4" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="first-price" name="first price (equilibrium bids)" stroke="#d62728" strokeWidth={2} strokeDasharray="7 4" dot={false} isAnimationActive={false} />
          <ReferenceLine x={optimum.reserve} stroke="#555" strokeDasharray="3 3" label={{ value: `optimal ${formatNumber(optimum.reserve, 4)}`, position: "top", fontSize: 12 }} />
          <ReferenceDot x={optimum.reserve} y={optimum["second-price"]} r={5} fill="#1f77b4" fillOpacity={0.6} stroke="none" />
          <ReferenceDot x={optimum.reserve} y={optimum["first-price"]} r={5} fill="#d62728" fillOpacity={0.6} stroke="none" />
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="hint">
        Expected revenue peaks at the optimal reserve {formatNumber(optimum.reserve, 4)} ({formatNumber(optimum["second-price"], 4)}); by revenue
        equivalence both formats earn the same.
      </figcaption>
    </figure>
  );
}
