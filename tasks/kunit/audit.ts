/**
 * kunit:audit — audits a k-unit auction from its logs alone (lib/kunit-audit.ts): openings against commitments,
 * the top set against the reference outcome, the settlement, every unit claim, money and unit conservation, then
 * the contract's views at the last scanned block. Fails (exit code 1) with the differences when anything
 * disagrees. --json writes the report.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatTable } from "../../lib/audit.js";
import { bigintReplacer } from "../../lib/history.js";
import { auditKUnitHistory, readKUnitViews } from "../../lib/kunit-audit.js";
import { fetchKUnitHistory } from "../../lib/kunit-history.js";
import { action, assetOf, CliError, formatAmount, out, parseAuctionIdArg, parseBlockArg, parseCountArg, type CommonArgs } from "../common.js";
import { connectKUnit } from "./common.js";

interface Args extends CommonArgs {
  auction: string;
  fromBlock: string;
  toBlock: string;
  confirmations: string;
  json: string;
  logsOnly: boolean;
}

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const id = parseAuctionIdArg(args.auction);
  const ctx = await connectKUnit(hre, args, parseBlockArg(args.fromBlock, "--from-block"));
  const confirmations = parseCountArg(args.confirmations, "--confirmations") ?? (ctx.isLocal ? 0 : 3);
  const h = await fetchKUnitHistory(ctx.rpc, {
    auctionHouse: ctx.house, auctionId: id, chainId: ctx.chainId, fromBlock: ctx.deployBlock, toBlock: parseBlockArg(args.toBlock, "--to-block"), confirmations,
  });
  if (h.created === null) throw new CliError(`there is no k-unit auction ${id} at ${ctx.house} in blocks ${h.fromBlock}–${h.toBlock}`);
  const asset = await assetOf(ctx, h.created.terms.paymentToken);
  const fmt = (x: bigint) => formatAmount(x, asset);
  const views = args.logsOnly ? null : await readKUnitViews(ctx.publicClient, h, h.toBlock);
  const report = auditKUnitHistory(h, views, { formatAmount: fmt });
  out(`Audit of k-unit auction ${id} at ${ctx.house} on chain ${ctx.chainId}, blocks ${h.fromBlock}–${h.toBlock} (${h.logCount} logs): ${report.status}`);
  const e = report.expected;
  if (e) {
    out(`  reference: ${e.unitsSold} of ${h.created.terms.units} units sold; price ${fmt(e.price)}; effective reserve ${fmt(e.effectiveReserve)}; burned ${fmt(e.burned)}`);
    for (const w of e.winners) out(`  winner ${w.bidder} (order ${w.order}) bid ${fmt(w.amount)}, pays ${fmt(w.price)}`);
  }
  if (report.money) {
    const m = report.money;
    out(`  money: in ${fmt(m.inflow)} = burned ${fmt(m.burned)} + bidders ${fmt(m.paidToBidders)} paid, ${fmt(m.heldForBidders)} held + seller ${fmt(m.sellerTotal)} (${fmt(m.sellerWithdrawn)} withdrawn, ${fmt(m.sellerReleased)} released)`);
  }
  if (report.units) {
    const u = report.units;
    out(`  units: ${u.total} = ${u.sold} sold (${u.delivered} delivered) + ${u.unsold} unsold (${u.unsoldReturned} returned); ${u.inHouse} still in the house`);
  }
  const failed = report.checks.filter((c) => !c.ok);
  out(`  ${report.checks.length - failed.length} of ${report.checks.length} checks agree${views ? ` (views read at block ${views.blockNumber})` : " (logs only)"}`);
  if (failed.length > 0) out(formatTable(["check", "expected", "actual"], failed.map((c) => [c.check, c.expected, c.actual])));
  if (args.json.trim() !== "") {
    mkdirSync(dirname(args.json), { recursive: true });
    writeFileSync(args.json, JSON.stringify({ ...report, expected: e ? { ...e, refunds: Object.fromEntries(e.refunds) } : null }, bigintReplacer, 2) + "\n");
    out(`JSON report: ${args.json}`);
  }
  if (!report.ok) throw new CliError(`the audit of k-unit auction ${id} found ${report.differences.length} difference(s): ${report.differences.join("; ")}`, report);
  out("  OK: the settlement, the claims and the contract agree with the logs.");
  return report;
});
