/**
 * Where an auction stands, computed from chain time (the latest block's timestamp), never from the
 * browser's clock: a local chain may be days ahead after "advance time", and a wrong laptop clock must not
 * shift a deadline (ENS 2017 showed deadlines a day off). Mirrors the contract's `phaseOf`.
 */

import { phaseAt, reservePending, scheduleOf, type HistoryPhase, type PhaseSchedule } from "../../../lib/history.js";

// The phase rule itself lives in lib/history.ts, shared with the CLI.
export { phaseAt, reservePending, scheduleOf };
export type PhaseName = HistoryPhase;
export type Schedule = PhaseSchedule;

/** The contract's `Phase` enum, in order. */
export const PHASES = ["none", "committing", "opening-reserve", "revealing", "awaiting-settlement", "settled", "cancelled"] as const satisfies readonly PhaseName[];

export const PHASE_LABEL: Record<PhaseName, string> = {
  none: "Unknown auction",
  committing: "Commit window",
  "opening-reserve": "Reserve window",
  revealing: "Reveal window",
  "awaiting-settlement": "Awaiting settlement",
  settled: "Settled",
  cancelled: "Cancelled",
};

export function phaseFromIndex(i: number): PhaseName {
  return PHASES[i] ?? "none";
}

/** "2 d 4 h", "3 h 12 min", "5 min 3 s", "45 s". Negative durations are treated as zero. */
export function formatDuration(seconds: number): string {
  let s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return s > 0 ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}

export interface Deadline {
  /** What ends at `at`. */
  label: string;
  at: number;
  remaining: number;
}

/** The next deadline that matters, or null once the windows are over. */
export function nextDeadline(s: Schedule, now: number): Deadline | null {
  const phase = phaseAt(s, now);
  if (phase === "committing") return { label: "Commit window closes", at: s.commitEnd, remaining: s.commitEnd - now };
  if (phase === "opening-reserve") return { label: "Reserve window closes", at: s.reserveEnd!, remaining: s.reserveEnd! - now };
  if (phase === "revealing") return { label: "Reveal window closes", at: s.revealEnd, remaining: s.revealEnd - now };
  return null;
}

export type StepState = "done" | "current" | "upcoming" | "skipped";
export interface TimelineStep {
  key: "commit" | "reserve" | "reveal" | "settle" | "claim";
  label: string;
  /** Chain timestamps bounding the step, when it has them. */
  start?: number;
  end?: number;
  state: StepState;
  note: string;
}

/** Whether the schedule has a sealed reserve (and so a reserve window). */
export const hasReserveWindow = (s: Schedule): boolean => Boolean(s.reserveEnd);

/**
 * The steps of an auction with their state at chain time `now`: commit, the sealed reserve's window when there
 * is one (rule 6: no bid opens before the reserve is open or its window ends), reveal, settle, claims.
 */
export function timeline(s: Schedule, now: number): TimelineStep[] {
  const phase = phaseAt(s, now);
  const withReserve = hasReserveWindow(s);
  const order: PhaseName[] = withReserve
    ? ["committing", "opening-reserve", "revealing", "awaiting-settlement", "settled"]
    : ["committing", "revealing", "awaiting-settlement", "settled"];
  const at = order.indexOf(phase);
  const state = (i: number): StepState => {
    if (phase === "cancelled") return i === 0 ? "done" : "skipped";
    if (at > i) return "done";
    return at === i ? "current" : "upcoming";
  };
  const closes = (t: number) => (t > now ? `closes in ${formatDuration(t - now)}` : `closed ${formatDuration(now - t)} ago`);
  const revealStart = withReserve && !s.reserveOpened ? s.reserveEnd! : s.commitEnd;
  const revealNote =
    now < s.commitEnd || reservePending(s, now)
      ? withReserve
        ? `opens once the seller opens its reserve, at the latest in ${formatDuration(s.reserveEnd! - now)}`
        : `opens in ${formatDuration(s.commitEnd - now)}`
      : (s.settled || s.allBidsOpen) && now < s.revealEnd ? "everything was opened early"
      : closes(s.revealEnd);
  const reserveNote =
    s.reserveOpened ? "the seller opened its reserve before any bid"
    : now < s.commitEnd ? `the seller opens its reserve first, before any bid; window ${formatDuration(s.reserveEnd! - s.commitEnd)}`
    : now < s.reserveEnd! ? `the seller may open its reserve; ${closes(s.reserveEnd!)}`
    : "not opened in its window: the reserve is ignored and the seller's bond burned";
  const steps: TimelineStep[] = [
    { key: "commit", label: "Commit", end: s.commitEnd, state: state(0), note: phase === "cancelled" ? "cancelled by the seller before any bid" : closes(s.commitEnd) },
  ];
  if (withReserve) steps.push({ key: "reserve", label: "Reserve", start: s.commitEnd, end: s.reserveEnd, state: state(1), note: reserveNote });
  const k = withReserve ? 1 : 0;
  steps.push(
    { key: "reveal", label: "Reveal", start: revealStart, end: s.revealEnd, state: state(1 + k), note: revealNote },
    { key: "settle", label: "Settle", start: s.revealEnd, state: state(2 + k), note: s.settled ? "outcome fixed" : "anyone may settle after the reveal window (or once everything is opened)" },
    { key: "claim", label: "Claims", state: state(3 + k), note: "settlement delivers the lot, the change and the proceeds; what it could not deliver, and unopened deposits, are claimed here" },
  );
  if (phase === "cancelled") for (const st of steps.slice(1)) st.note = "not held: the auction was cancelled";
  return steps;
}

export interface EarlySettlementInput {
  commitCount: number;
  openCount: number;
  sealedReserve: boolean;
  reserveOpened: boolean;
}

/** Whether `settle` can succeed now, and if not, a plain reason. */
export function settlement(s: Schedule, now: number, c: EarlySettlementInput): { allowed: boolean; reason: string } {
  const phase = phaseAt(s, now);
  if (phase === "settled") return { allowed: false, reason: "The auction is already settled." };
  if (phase === "cancelled") return { allowed: false, reason: "The auction was cancelled." };
  if (phase === "committing") return { allowed: false, reason: `Settlement opens after the commit and reveal windows; bids are still being committed.` };
  if (phase === "opening-reserve") {
    return { allowed: false, reason: `The seller's sealed reserve comes first: its window closes in ${formatDuration(s.reserveEnd! - now)}, and no bid can be opened or settled before it is open or that window ends.` };
  }
  if (phase === "awaiting-settlement") {
    return now < s.revealEnd
      ? { allowed: true, reason: "Every commitment is open: anyone may settle early." }
      : { allowed: true, reason: "The reveal window is over: anyone may settle." };
  }
  const unopened = c.commitCount - c.openCount;
  // Past its window an unopened reserve is ignored (its bond burned): it no longer holds settlement back.
  const reserveOut = c.sealedReserve && !c.reserveOpened && reservePending(s, now);
  if (unopened === 0 && !reserveOut) return { allowed: true, reason: "Every commitment is open: anyone may settle early." };
  const parts = [];
  if (unopened > 0) parts.push(`${unopened} commitment${unopened === 1 ? " is" : "s are"} unopened`);
  if (reserveOut) parts.push("the sealed reserve is unopened");
  return { allowed: false, reason: `Settlement waits for the reveal window to close in ${formatDuration(s.revealEnd - now)}: ${parts.join(" and ")}.` };
}
