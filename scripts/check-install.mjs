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
