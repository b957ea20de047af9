"use client";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatNumber } from "../../../../../lib/lab/index.js";
import type { LabView } from "../_lib/compute";
import styles from "./lab.module.css";

const tick = (x: number) => formatNumber(x, 3);
const SERIES = [
  { key: "k1", name: "1 shill", colour: "#1f77b4", dash: undefined },
  { key: "k2", name: "2 shills", colour: "#2ca02c", dash: "7 4" },
  { key: "k3", name: "3 shills", colour: "#9467bd", dash: "2 3" },
] as const;

export function ShillChart({ data, bond }: { data: LabView["shillChart"]; bond: number | null }) {
  return (
    <figure className={styles.chart} data-testid="lab-shill-chart">
      <ResponsiveContainer width="100%" height={320}>
        <LineChart data={data} margin={{ top: 24, right: 16, bottom: 8, left: 4 }}>
          <CartesianGrid stroke="#eee" />
          <XAxis dataKey="bond" type="number" height={40} domain={["dataMin", "dataMax"]} tickFormatter={tick} label={{ value: "bond", position: "insideBottom", offset: 2 }} />
          <YAxis tickFormatter={tick} width={72} label={{ value: "seller's net gain", angle: -90, position: "insideLeft", offset: 4, style: { textAnchor: "middle" } }} />
          <Tooltip formatter={(value) => formatNumber(Number(value), 4)} labelFormatter={(b) => `bond ${formatNumber(Number(b), 4)}`} />
          <Legend verticalAlign="bottom" height={28} />
          <ReferenceLine y={0} stroke="#333" />
          {bond !== null ? (
            <ReferenceLine x={bond} stroke="#555" strokeDasharray="3 3" label={{ value: `recommended ${formatNumber(bond, 4)}`, position: "top", fontSize: 12 }} />
          ) : null}
          {SERIES.map((s) => (
            <Line key={s.key} type="monotone" dataKey={s.key} name={s.name} stroke={s.colour} strokeWidth={2} strokeDasharray={s.dash} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="hint">
        The seller&apos;s expected net gain per auction from its best placement of k shill bids, each of which forfeits the bond if withheld.
        {bond !== null ? ` From the recommended bond ${formatNumber(bond, 4)} on, no placement pays.` : " No bond up to the largest value deters it."}
      </figcaption>
    </figure>
  );
}
