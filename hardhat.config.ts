import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import hardhatKeystore from "@nomicfoundation/hardhat-keystore";
import hardhatVerify from "@nomicfoundation/hardhat-verify";
import { configVariable, defineConfig } from "hardhat/config";
import { auctionTasks } from "./tasks/index.js";
import { kunitTasks } from "./tasks/kunit/index.js";

// No compiler download is possible here: compile with the solcjs build from the npm `solc` package.
const require = createRequire(import.meta.url);
const solcVersion: string = require("solc/package.json").version;
const solcPath = require.resolve("solc/soljson.js");

const compiler = {
  version: solcVersion,
  path: solcPath,
  settings: { optimizer: { enabled: true, runs: 10_000 }, viaIR: true, evmVersion: "osaka" },
};

const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 256);

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers, hardhatViem, hardhatKeystore, hardhatVerify],
  // Operator and auditor CLI (docs/CLI.md).
  tasks: [...auctionTasks, ...kunitTasks],
  solidity: {
    // One profile for tests, benchmarks and deployment, so deployed bytecode is the code that was tested.
    profiles: { default: compiler, production: compiler },
  },
  paths: {
    tests: { mocha: "test/mocha", solidity: "test/solidity" },
  },
  test: {
    solidity: {
      fuzz: { runs: fuzzRuns },
      invariant: { runs: Math.max(32, Math.floor(fuzzRuns / 8)), depth: 40 },
    },
  },
  typechain: { outDir: "typechain-types" },
  // hardhat-verify: Sourcify and Blockscout need no key; Etherscan reads ETHERSCAN_API_KEY (keystore or env) when used.
  verify: { etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") } },
  networks: {
    // Stand-in for Sepolia used by tests: an in-process chain with Sepolia's chain id.
    sepoliaStandIn: { type: "edr-simulated", chainType: "l1", chainId: 11155111 },
    // The market simulation's chain (npm run sim): blocks are mined on request (many transactions per block,
    // first in first out), fees are zero and a block holds anything, so that throughput measures the house.
    sim: {
      type: "edr-simulated",
      chainType: "l1",
      blockGasLimit: 100_000_000_000n,
      transactionGasCap: false,
      initialBaseFeePerGas: 0,
      allowBlocksWithSameTimestamp: true,
      // Lets the auditor's deployless multicalls carry thousands of views at once.
      allowUnlimitedContractSize: true,
      throwOnTransactionFailures: false,
      mining: { auto: false, interval: 0, mempool: { order: "fifo" } },
    },
    // The node `npm start` runs (its accounts are unlocked); LOCAL_RPC_URL points it elsewhere (the e2e's node).
    localhost: { type: "http", chainType: "l1", url: process.env.LOCAL_RPC_URL ?? "http://127.0.0.1:8545" },
    // Any JSON-RPC endpoint, read-only (audit, list, status): `CUSTOM_RPC_URL=… hardhat --network custom auction:audit …`.
    // Tests point it at the RPC fault proxy.
    custom: { type: "http", chainType: "l1", url: configVariable("CUSTOM_RPC_URL"), accounts: [] },
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
    },
  },
});
