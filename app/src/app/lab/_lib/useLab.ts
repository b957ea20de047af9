"use client";
import { useEffect, useRef, useState } from "react";
import { computeLab, type LabOutcome, type LabParams } from "./compute";

/**
 * The lab's results for the submitted parameters. Computed in a Web Worker (about a second of numerics) so
 * the page stays responsive; on the main thread if a worker cannot be started. Stale answers are dropped.
 */
export function useLab(params: LabParams): { outcome: LabOutcome | null; busy: boolean } {
  const worker = useRef<Worker | null>(null);
  const latest = useRef(0);
  const [state, setState] = useState<{ id: number; outcome: LabOutcome | null }>({ id: 0, outcome: null });

  useEffect(() => {
    try {
      worker.current = new Worker(new URL("./lab.worker.ts", import.meta.url));
    } catch {
      worker.current = null;
    }
    return () => {
      worker.current?.terminate();
      worker.current = null;
    };
  }, []);

  useEffect(() => {
    const id = ++latest.current;
    const w = worker.current;
    if (!w) {
      // No worker: compute on the main thread after this render has painted the "computing" state.
      const timer = setTimeout(() => setState({ id, outcome: computeLab(params) }), 0);
      return () => clearTimeout(timer);
    }
    const onMessage = (event: MessageEvent<{ id: number; outcome: LabOutcome }>) => {
      if (event.data.id === latest.current) setState({ id: event.data.id, outcome: event.data.outcome });
    };
    w.addEventListener("message", onMessage);
    w.postMessage({ id, params });
    return () => w.removeEventListener("message", onMessage);
  }, [params]);

  return { outcome: state.outcome, busy: state.id !== latest.current };
}
