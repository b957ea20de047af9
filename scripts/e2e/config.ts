/** Where the e2e runs and who plays which part (scripts/e2e.ts). Ports: E2E_RPC_PORT (8555), E2E_APP_PORT (3055). */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEV_ACCOUNTS, userTokenIds } from "../seed-demo.js";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const OUT = join(ROOT, "e2e-results");
export const HOST = "127.0.0.1";
export const RPC_PORT = Number(process.env.E2E_RPC_PORT ?? 8555);
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3055);
export const RPC = `http://${HOST}:${RPC_PORT}`;
export const APP = `http://${HOST}:${APP_PORT}`;
export const T = 30_000; // per UI wait
export const started = Date.now();

export const SELLER = DEV_ACCOUNTS[5];
export const ALICE = DEV_ACCOUNTS[6];
export const BOB = DEV_ACCOUNTS[7];
export const ANYONE = DEV_ACCOUNTS[8];
export const CAROL = DEV_ACCOUNTS[9]; // bids with a signature-derived secret and recovers it
export const STRANGER = DEV_ACCOUNTS[4]; // never bids in the e2e auction
export const LOT_ID = userTokenIds(0)[0]; // minted to SELLER by the demo seed
