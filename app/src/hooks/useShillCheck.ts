"use client";
import { useDeferredValue, useMemo } from "react";
import { createShillCheck, credibleFormDefaults, parseAssumption, type ValueAssumptionInput } from "@/core/credible";
import type { ReserveChoice } from "@/core/create-form";

/**
 * The Create form's value assumption, the credible settings it gives and the shill check of the chosen terms
 * (core/credible.ts), recomputed only when an input changes and deferred so typing stays fast (lib/credible.ts
 * memoises the tables per distribution; a new reserve costs ~20 ms).
 */
export function useShillCheck(i: {
  assumption: ValueAssumptionInput; format: "second-price" | "first-price"; reserve: ReserveChoice;
  floor: bigint | null; bond: bigint | null; decimals: number; symbol: string;
}) {
  const { kind, value, bidders, spec } = i.assumption;
  const floor = useDeferredValue(i.floor);
  const bond = useDeferredValue(i.bond);
  const assumption = useMemo(() => parseAssumption({ kind, value, bidders, spec }), [kind, value, bidders, spec]);
  const credible = useMemo(() => (assumption.ok ? credibleFormDefaults(assumption) : null), [assumption]);
  const check = useMemo(
    () => createShillCheck({ assumption, format: i.format, reserve: i.reserve, floor, bond, decimals: i.decimals, symbol: i.symbol }),
    [assumption, i.format, i.reserve, floor, bond, i.decimals, i.symbol],
  );
  return { assumption, credible, check };
}
