/**
 * auction:audit — rebuilds an auction from its logs alone (paged eth_getLogs to a confirmed block), checks
 * every opening against its commitment, recomputes the outcome with the shared reference rules, compares
 * it with the settlement event and the contract's views, prints a table, and fails with a readable list of
 * differences when anything disagrees. --json and --csv write the report to files.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { auditHistory, auditToCsv, auditToJson, formatAuditReport, historyAndViews } from "../lib/audit.js";
import { fetchAuctionHistory } from "../lib/history.js";
import {
  action,
  assetOf,
  CliError,
  connect,
  formatAmount,
  out,
  parseAuctionIdArg,
  parseBlockArg,
  parseCountArg,
  type CommonArgs,
} from "./common.js";
import { progressBar } from "./progress.js";

interface Args extends CommonArgs {
  auction: string;
  fromBlock: string;
  toBlock: string;
  confirmations: string;
  pageSize: string;
  json: string;
  csv: string;
  allBidders: boolean;
  logsOnly: boolean;
  progress: boolean;
}

function write(path: string, text: string) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const id = parseAuctionIdArg(args.auction);
  const fromBlock = parseBlockArg(args.fromBlock, "--from-block");
  const toBlock = parseBlockArg(args.toBlock, "--to-block");
  const pageSize = parseCountArg(args.pageSize, "--page-size");
  if (pageSize === 0) throw new CliError("--page-size must be at least 1 block");
  const ctx = await connect(hre, args, fromBlock);
  const confirmations = parseCountArg(args.confirmations, "--confirmations") ?? (ctx.isLocal ? 0 : 3);

  const bar = progressBar(args.progress);
  const started = performance.now();
  // Logs and views from one fork: a reorg during the scan or before the views are read starts over.
  const { history, views } = await historyAndViews(ctx.publicClient, ctx.rpc, () =>
    fetchAuctionHistory(ctx.rpc, {
      auctionHouse: ctx.house,
      auctionId: id,
      chainId: ctx.chainId,
      fromBlock: ctx.deployBlock,
      toBlock,
      confirmations,
      pageSize: pageSize === undefined ? undefined : BigInt(pageSize),
      onProgress: bar.update,
    }), { logsOnly: args.logsOnly });
  bar.done();
  const asset = await assetOf(ctx, history.created?.terms.paymentToken ?? "0x0000000000000000000000000000000000000000");
  const fmt = (x: bigint) => formatAmount(x, asset);
  const report = auditHistory(history, views, { formatAmount: fmt });
  report.logs = history.logCount;
  const seconds = (performance.now() - started) / 1000;

  out(formatAuditReport(report, { formatAmount: fmt, allBidders: args.allBidders }));
  out(`(${history.requests} eth_getLogs request(s), ${seconds.toFixed(2)} s, ${confirmations} confirmation(s))`);
  if (args.json.trim() !== "") {
    write(args.json, auditToJson(report));
    out(`JSON report: ${args.json}`);
  }
  if (args.csv.trim() !== "") {
    write(args.csv, auditToCsv(report));
    out(`CSV report: ${args.csv}`);
  }
  if (!report.ok) {
    const why = report.status === "not-found" ? `auction ${id} was not found in the logs` : `the audit of auction ${id} found ${report.differences.length} difference(s)`;
    throw new CliError(why, report);
  }
  return report;
});
