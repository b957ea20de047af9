/** Runs computeLab off the main thread: receives { id, params }, answers { id, outcome }. */
import { computeLab, type LabParams } from "./compute";

self.onmessage = (event: MessageEvent<{ id: number; params: LabParams }>) => {
  const { id, params } = event.data;
  self.postMessage({ id, outcome: computeLab(params) });
};
