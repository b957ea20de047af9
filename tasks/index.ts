/**
 * The operator and auditor CLI: Hardhat tasks, all taking the global --network option. Actions load lazily.
 * See docs/CLI.md for every task with an example. Options are strings that each task parses itself, so
 * malformed input gets a one-line message from the task rather than a generic Hardhat argument error.
 */
import { task } from "hardhat/config";

const house = { name: "house", description: "AuctionHouse address (default: deployments/<chainId>.json)", defaultValue: "" } as const;
const deployments = { name: "deployments", description: "Directory of deployment records", defaultValue: "deployments" } as const;
const from = { name: "from", description: "Sending account: an index into the network's accounts or an address", defaultValue: "0" } as const;
const auction = { name: "auction", description: "Auction id", defaultValue: "" } as const;
const fromBlock = { name: "fromBlock", description: "First block to read logs from (default: the deploy block)", defaultValue: "" } as const;

export const auctionTasks = [
  task("auction:deploy", "Deploys the AuctionHouse with Ignition and records its address and deploy block")
    .addOption(deployments)
    .addOption({ name: "deploymentId", description: "Ignition deployment id (default chain-<chainId>)", defaultValue: "" })
    .setAction(() => import("./deploy.js"))
    .build(),

  task("auction:create", "Creates an auction: escrows the lot (and the sealed-reserve bond)")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption({ name: "lotToken", description: "Lot token contract (ERC-721 or ERC-20)", defaultValue: "" })
    .addOption({ name: "tokenId", description: "ERC-721 lot: the token id", defaultValue: "" })
    .addOption({ name: "lotAmount", description: "ERC-20 lot: the amount, in token units (or 123wei)", defaultValue: "" })
    .addOption({ name: "payment", description: "Payment asset: eth or an ERC-20 address", defaultValue: "eth" })
    .addOption({ name: "format", description: "second-price (Vickrey) or first-price", defaultValue: "second-price" })
    .addOption({ name: "commitWindow", description: "Commit window length, e.g. 30m, 2h, 1d", defaultValue: "1h" })
    .addOption({ name: "revealWindow", description: "Reveal window length after the commit window", defaultValue: "1h" })
    .addOption({ name: "reserveWindow", description: "Sealed reserve: how long after the commit window the seller has to open it; no bid opens before (shorter than the reveal window)", defaultValue: "10m" })
    .addOption({ name: "bond", description: "Bond every commitment deposits and forfeits if unopened (payment units)", defaultValue: "" })
    .addOption({ name: "floor", description: "Public reserve (payment units; 0 = none)", defaultValue: "0" })
    .addOption({ name: "sealedReserve", description: "Sealed reserve amount (payment units); writes a reserve receipt", defaultValue: "" })
    .addOption({ name: "receipt", description: "Where to write the sealed-reserve receipt", defaultValue: "" })
    .addFlag({ name: "force", description: "Overwrite an existing receipt file" })
    .setAction(() => import("./create.js"))
    .build(),

  task("auction:commit", "Commits a sealed bid (or replaces / tops up yours) and writes its receipt")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption(auction)
    .addOption({ name: "amount", description: "Your bid (payment units, or 123wei)", defaultValue: "" })
    .addOption({ name: "deposit", description: "Deposit, public, >= bid and bond (default max(bid, bond, current deposit))", defaultValue: "" })
    .addOption({ name: "receipt", description: "Receipt file to write (default receipts/<chainId>/auction-<id>-<bidder>.json)", defaultValue: "" })
    .addFlag({ name: "showSalt", description: "Print the salt (it is in the receipt either way)" })
    .addFlag({ name: "force", description: "Overwrite an existing receipt file" })
    .addFlag({ name: "selfOpening", description: "Seal the opening to drand until bids may be opened: anyone can open the bid then, you need not come back" })
    .addFlag({ name: "hideDeposit", description: "Post only the bond; send the rest of the collateral later, from another account, to the bid's vault (printed)" })
    .addOption({ name: "beacon", description: "drand beacon URL for --self-opening (default: the chain's configured beacon)", defaultValue: "" })
    .setAction(() => import("./commit.js"))
    .build(),

  task("auction:vault", "Shows a hidden-deposit bid's vault (computed from the receipt) and what it holds")
    .addOption(house)
    .addOption(deployments)
    .addOption({ name: "receipt", description: "The bid receipt file", defaultValue: "" })
    .addOption({ ...auction, description: "Auction id the receipt must be for (optional check)" })
    .setAction(() => import("./vault.js"))
    .build(),

  task("auction:recover-vault", "After the auction: takes back what a bid's vault holds and what its opening set aside")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption({ name: "receipt", description: "The bid receipt file (its salt names the vault)", defaultValue: "" })
    .addOption({ name: "recipient", description: "Where the funds go (default: the bidder)", defaultValue: "" })
    .setAction(() => import("./recover-vault.js"))
    .build(),

  task("auction:keeper", "Opens self-opening bids whose round the beacon has released (one auction, all, or --watch)")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption({ ...auction, description: "Auction id (or --all)" })
    .addFlag({ name: "all", description: "Every auction in its reveal window" })
    .addFlag({ name: "watch", description: "Keep running, one pass every --interval, until Ctrl-C" })
    .addOption({ name: "interval", description: "Time between passes with --watch, e.g. 10s, 1m", defaultValue: "10s" })
    .addOption({ name: "batch", description: "Openings per revealMany transaction", defaultValue: "50" })
    .addOption({ name: "beacon", description: "drand beacon URL (default: the chain's configured beacon)", defaultValue: "" })
    .setAction(() => import("./keeper.js"))
    .build(),

  task("auction:reveal", "Opens a bid from its receipt (anyone may open a bid on the bidder's behalf)")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption({ name: "receipt", description: "The bid receipt file", defaultValue: "" })
    .addOption({ ...auction, description: "Auction id the receipt must be for (optional check)" })
    .addOption({ name: "bidder", description: "Bidder the receipt must belong to (optional check)", defaultValue: "" })
    .setAction(() => import("./reveal.js"))
    .build(),

  task("auction:reveal-reserve", "Opens the seller's sealed reserve from its receipt")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption({ name: "receipt", description: "The reserve receipt file written by auction:create", defaultValue: "" })
    .addOption({ ...auction, description: "Auction id the receipt must be for (optional check)" })
    .setAction(() => import("./reveal-reserve.js"))
    .build(),

  task("auction:settle", "Settles an auction and delivers it: lot, winner's change, proceeds (anyone, after the reveal window or once everything is open)")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption(auction)
    .setAction(() => import("./settle.js"))
    .build(),

  task("auction:claim", "Claims what a push could not deliver (the lot, the seller's proceeds, a refund), or an unopened deposit less its bond")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption(auction)
    .addOption({ name: "what", description: "lot | proceeds | refund | unrevealed", defaultValue: "" })
    .addOption({ name: "to", description: "Recipient (default: the sending account)", defaultValue: "" })
    .setAction(() => import("./claim.js"))
    .build(),

  task("auction:list", "Lists the auctions of the AuctionHouse from its logs")
    .addOption(house)
    .addOption(deployments)
    .addOption(fromBlock)
    .setAction(() => import("./list.js"))
    .build(),

  task("auction:status", "Shows an auction: terms, phase, standing, bidders and settlement")
    .addOption(house)
    .addOption(deployments)
    .addOption(auction)
    .addOption(fromBlock)
    .setAction(() => import("./status.js"))
    .build(),

  task("auction:audit", "Audits an auction from its logs alone and compares the contract's state")
    .addOption(house)
    .addOption(deployments)
    .addOption(auction)
    .addOption(fromBlock)
    .addOption({ name: "toBlock", description: "Last block to scan (default: latest − confirmations)", defaultValue: "" })
    .addOption({ name: "confirmations", description: "Blocks a log must be buried under (default 0 on local chains, else 3)", defaultValue: "" })
    .addOption({ name: "pageSize", description: "Blocks per eth_getLogs query to start with (halved on provider limits)", defaultValue: "10000" })
    .addOption({ name: "json", description: "Write the report as JSON to this file", defaultValue: "" })
    .addOption({ name: "csv", description: "Write the report as CSV to this file", defaultValue: "" })
    .addFlag({ name: "allBidders", description: "List every bidder, not only those with a problem" })
    .addFlag({ name: "logsOnly", description: "Do not read the contract's views (check the logs against themselves)" })
    .addFlag({ name: "progress", description: "Show the progress bar even when stderr is not a terminal" })
    .setAction(() => import("./audit.js"))
    .build(),
];

