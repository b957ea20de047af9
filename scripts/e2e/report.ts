/** Pass/fail bookkeeping of the e2e run: one line per step, the summary line CI reads last. */
import { started } from "./config.js";

let passed = 0;
let failed = 0;
const failures: string[] = [];
export const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

export function record(ok: boolean, name: string, detail = "") {
  if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(`${name}${detail ? `: ${detail}` : ""}`);
  }
  console.log(`${ok ? "  ✓" : "  ✗"} ${name}${!ok && detail ? ` — ${detail}` : ""} [${elapsed()}]`);
}

/** Thrown by a critical step's failure: the run stops. */
export class Abort extends Error {}

export function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

export function summary(): { passed: number; failed: number; failures: readonly string[] } {
  return { passed, failed, failures };
}
