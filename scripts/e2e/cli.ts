/** Hardhat tasks run against the e2e node from e2e steps (the CLI is part of what the e2e covers). */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT, RPC } from "./config.js";

/**
 * Runs a Hardhat task against the e2e node (network `localhost`, pointed at it by LOCAL_RPC_URL). Never
 * synchronously: the beacon the task asks runs in this process.
 */
export function cli(args: string[]): Promise<{ status: number; output: string }> {
  return new Promise((done) => {
    const child = spawn(join(ROOT, "node_modules/.bin/hardhat"), [...args, "--network", "localhost"], {
      cwd: ROOT, env: { ...process.env, LOCAL_RPC_URL: RPC }, stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (b) => (output += b));
    child.stderr.on("data", (b) => (output += b));
    const timer = setTimeout(() => child.kill("SIGKILL"), 180_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ status: code ?? -1, output });
    });
  });
}
