/** The reads behind token-kind detection: lib/tokens.ts (shared with the CLI). */
export { probeToken, readTokenInfo } from "../../../lib/tokens.js";
