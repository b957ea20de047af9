// npm run on Node 20 silently skips Hardhat's native engine (it requires Node >= 22), and every later
// hardhat command then fails with a misleading message. Fail the install here with the fix instead.
import { existsSync } from "node:fs";

if (process.platform === "linux" && process.arch === "x64" &&
    !existsSync(new URL("../node_modules/@nomicfoundation/edr-linux-x64-gnu", import.meta.url))) {
  console.error(
    "Hardhat's engine (@nomicfoundation/edr-linux-x64-gnu) was not installed: npm ran on Node " +
    process.versions.node + ".\nInstall with Node 22:  npx -y -p node@22.23.3 -- npm install",
  );
  process.exit(1);
}

// tlock-js pins drand-client 1.2.5, which requires "@noble/hashes/sha256" without declaring @noble/hashes: it
// only loads where the nearest @noble/hashes is a 1.x (2.x has no "./sha256" subpath). The root pins
// @noble/hashes 2 (lib/auction.ts), so drand-client must sit under tlock-js/node_modules next to tlock-js's
// own @noble/hashes 1.x. The root devDependency "drand-client" (another version, unused) is what keeps npm
// from hoisting tlock-js's copy to the root: keep it, or timelock decryption fails to load.
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
try {
  const tlock = require.resolve("tlock-js");
  const drand = createRequire(tlock).resolve("drand-client");
  createRequire(drand).resolve("@noble/hashes/sha256");
} catch (e) {
  console.error(
    "tlock-js cannot load its drand-client (" + (e instanceof Error ? e.message.split("\n")[0] : e) + ").\n" +
    "drand-client must be installed under node_modules/tlock-js/node_modules (see scripts/check-install.mjs).",
  );
  process.exit(1);
}
