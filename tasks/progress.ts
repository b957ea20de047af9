/** A one-line progress bar for long log scans, on stderr, shown only on a terminal (or when forced). */
import type { ScanProgress } from "../lib/logs.js";

export function progressBar(force = false, stream: NodeJS.WriteStream = process.stderr) {
  const enabled = force || stream.isTTY === true;
  const started = Date.now();
  let shown = false;
  let last = 0;
  return {
    update(p: ScanProgress) {
      if (!enabled) return;
      const now = Date.now();
      // Only scans that take a while or need many pages get a bar.
      if (!shown && now - started < 300 && p.total <= p.pageSize) return;
      if (now - last < 100 && p.done < p.total) return;
      last = now;
      shown = true;
      const total = p.total === 0n ? 1n : p.total;
      const ratio = Number((p.done * 1000n) / total) / 1000;
      const width = 30;
      const filled = Math.round(ratio * width);
      const line = `[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${(ratio * 100).toFixed(1).padStart(5)}%  blocks ${p.fromBlock}–${p.scannedTo} of ${p.toBlock}  ${p.logs} logs  ${p.requests} requests  page ${p.pageSize}`;
      stream.write(stream.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
    },
    done() {
      if (enabled && shown && stream.isTTY) stream.write("\n");
    },
  };
}
