/**
 * The mechanism lab: distributions of bidder values, Myerson's virtual value and optimal reserve, expected
 * revenue and efficiency of second- and first-price auctions and of their k-unit forms, uniform price and
 * pay-as-bid (closed forms / quadrature and seeded Monte Carlo settled by the shared auction rules), revenue
 * equivalence, Bulow–Klemperer, the bond that makes selective shill openings unprofitable, and what public
 * deposits leak (deposits.ts). Pure TypeScript: no files, no chain.
 */
export { createRng, type Rng } from "./random.js";
export { erf, erfc, normalCdf, normalPdf, normalQuantile, normalSurvival } from "./special.js";
export {
  empirical, exponential, logNormal, lomax, parseDistribution, parseSamplesText, samplesFileOf, silvermanBandwidth,
  truncatedNormal, uniform, type Distribution, type DistributionKind,
} from "./distributions.js";
export { virtualValue } from "./virtual-value.js";
export {
  atMostAbove, binomialTerm, expectedMinimumAbove, moreThanAbove, powerIntegrals, unitWinIntegral, unitWinProbability,
  type PowerIntegrals,
} from "./order-statistics.js";
export {
  checkRegularity, optimalReserve, revenueMaximisingReserve, virtualValueRoot, type OptimalReserve, type RegularityCheck,
} from "./myerson.js";
export {
  allocationEfficiency, expectedRevenue, expectedVirtualSurplus, firstPriceBid, firstPriceRevenue, payAsBidBid, payAsBidRevenue,
  revenueCurve, secondPriceRevenue, uniformPriceRevenue, unitEfficiency, unitWelfare, type AuctionFormat,
} from "./revenue.js";
export {
  AMOUNT_SCALE, bidTable, estimateFrom, fromAmount, settleFast, tabulatedBid, settleReference, simulateAuctions, toAmount,
  type BidTable, type Estimate, type SettledAuction, type SimulationOptions, type SimulationResult,
} from "./simulate.js";
export { bulowKlemperer, checkRevenueEquivalence, type BulowKlemperer, type RevenueEquivalence } from "./compare.js";
export {
  bestShillPlacement, expectedShillOutcome, marginalShillBond, recommendedBond, settleShillsFast, settleShillsReference,
  shillCandidates, shillModel, simulateShilling, smallestDeterringBond,
  type BondRecommendation, type ShillModel, type ShillOptions, type ShillOutcome, type ShillReportRow,
  type ShillSettlement, type ShillSimulation,
} from "./shill.js";
export {
  bestShillGrid, credibleDefaults, shillCacheMisses, shillGridModel, shillProof, shillProofBond,
  type ShillGrid, type ShillGridModel, type ShillProof, type ShillProofInput, type ShillProofOptions, type ShillProofVerdict,
} from "./shill-proof.js";
export {
  bestUnitShill, expectedUnitShillNet, runUnitLab, settledUnits, settleUnitShillReference, settleUnitsFast, settleUnitsReference,
  simulateUnitAuctions, simulateUnitShill, unitShillBond, unitShillModel,
  type SettledUnits, type UnitLabOptions, type UnitLabResult, type UnitLabRow, type UnitShillBond, type UnitShillModel,
  type UnitShillOptions, type UnitSimulationOptions, type UnitSimulationResult,
} from "./units.js";
export {
  depositTable, settlePublicDeposits, simulateDeposits, type DepositOptions, type DepositRow, type PublicDepositOutcome,
} from "./deposits.js";
export { formatLabReport, formatNumber, labJson, runLab, type LabJson, type LabOptions, type LabResult, type LabRow } from "./report.js";
export { revenueChartData, revenueChartSvg, type RevenueChartData } from "./chart.js";
