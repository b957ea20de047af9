/**
 * The k-unit house's CLI (contracts/KUnitAuctionHouse.sol): kunit:* tasks, the same shape as auction:* (global
 * --network, options parsed by each task with one-line errors, every transaction simulated first). Separate
 * task names rather than a --kind option: the house, its terms, its claims and its options differ (--units, the
 * hint, unit/deliver/unsold claims), and each task stays one job. See docs/CLI.md.
 */
import { task } from "hardhat/config";

const house = { name: "house", description: "KUnitAuctionHouse address (default: kunitHouse in deployments/<chainId>.json)", defaultValue: "" } as const;
const deployments = { name: "deployments", description: "Directory of deployment records", defaultValue: "deployments" } as const;
const from = { name: "from", description: "Sending account: an index into the network's accounts or an address", defaultValue: "0" } as const;
const auction = { name: "auction", description: "K-unit auction id", defaultValue: "" } as const;
const fromBlock = { name: "fromBlock", description: "First block to read logs from (default: the k-unit house's deploy block)", defaultValue: "" } as const;

export const kunitTasks = [
  task("kunit:deploy", "Deploys the KUnitAuctionHouse with Ignition and adds it to the deployment record (kunitHouse)")
    .addOption(deployments)
    .addOption({ name: "deploymentId", description: "Ignition deployment id (default chain-<chainId>)", defaultValue: "" })
    .setAction(() => import("./deploy.js"))
    .build(),

  task("kunit:create", "Creates a k-unit auction: escrows k ERC-1155 copies or an ERC-20 amount split into k units")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption({ name: "lotToken", description: "Lot token contract (ERC-1155 or ERC-20)", defaultValue: "" })
    .addOption({ name: "tokenId", description: "ERC-1155 lot: the id (k copies are escrowed)", defaultValue: "" })
    .addOption({ name: "lotAmount", description: "ERC-20 lot: the whole amount, split into k equal units (token units, or 123wei)", defaultValue: "" })
    .addOption({ name: "units", description: "k: units for sale, 1..1000; each bidder wins at most one", defaultValue: "" })
    .addOption({ name: "payment", description: "Payment asset: eth or an ERC-20 address", defaultValue: "eth" })
    .addOption({ name: "format", description: "uniform-price ((k+1)-th price) or pay-as-bid", defaultValue: "uniform-price" })
    .addOption({ name: "commitWindow", description: "Commit window length, e.g. 30m, 2h, 1d", defaultValue: "1h" })
    .addOption({ name: "revealWindow", description: "Reveal window length after the commit window", defaultValue: "1h" })
    .addOption({ name: "bond", description: "Bond every commitment deposits and forfeits if unopened (payment units)", defaultValue: "" })
    .addOption({ name: "floor", description: "Public reserve per unit (payment units; 0 = none)", defaultValue: "0" })
    .addOption({ name: "sealedReserve", description: "Sealed reserve per unit (payment units); writes a reserve receipt", defaultValue: "" })
    .addOption({ name: "reserveWindow", description: "Sealed reserve: how long after the commit window the seller has to open it; no bid opens before", defaultValue: "10m" })
    .addOption({ name: "receipt", description: "Where to write the sealed-reserve receipt", defaultValue: "" })
    .addFlag({ name: "force", description: "Overwrite an existing receipt file" })
    .setAction(() => import("./create.js"))
    .build(),

  task("kunit:commit", "Commits a sealed bid for one unit (or replaces / tops up yours) and writes its receipt")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption(auction)
    .addOption({ name: "amount", description: "Your bid for one unit (payment units, or 123wei)", defaultValue: "" })
    .addOption({ name: "deposit", description: "Deposit, public, >= bid and bond (default max(bid, bond, current deposit))", defaultValue: "" })
    .addOption({ name: "receipt", description: "Receipt file to write (default receipts/<chainId>/kunit-<id>-<bidder>.json)", defaultValue: "" })
    .addFlag({ name: "showSalt", description: "Print the salt (it is in the receipt either way)" })
    .addFlag({ name: "force", description: "Overwrite an existing receipt file" })
    .addFlag({ name: "selfOpening", description: "Seal the opening to drand until bids may be opened: anyone can open the bid then (kunit:keeper), you need not come back" })
    .addOption({ name: "beacon", description: "drand beacon URL for --self-opening (default: the chain's configured beacon)", defaultValue: "" })
    .addOption({ name: "sealedOpening", description: "File whose bytes (a ciphertext of the opening made elsewhere, ≤ 2,048) are attached with commitSelfOpening", defaultValue: "" })
    .addFlag({ name: "hideDeposit", description: "Post only the bond; send the rest of the collateral later, from another account, to the bid's vault (printed)" })
    .setAction(() => import("./commit.js"))
    .build(),

  task("kunit:vault", "Shows a hidden-deposit bid's vault (computed from the receipt) and what it holds")
    .addOption(house)
    .addOption(deployments)
    .addOption({ name: "receipt", description: "The bid receipt file", defaultValue: "" })
    .addOption({ ...auction, description: "K-unit auction id the receipt must be for (optional check)" })
    .setAction(() => import("./vault.js"))
    .build(),

  task("kunit:recover-vault", "After the auction: takes back what a bid's vault holds and what its opening set aside")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption({ name: "receipt", description: "The bid receipt file (its salt names the vault)", defaultValue: "" })
    .addOption({ name: "recipient", description: "Where the funds go (default: the bidder)", defaultValue: "" })
    .setAction(() => import("./recover-vault.js"))
    .build(),

  task("kunit:reveal", "Opens a bid from its receipt with a hint from the logs (anyone may open a bid)")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption({ name: "receipt", description: "The bid receipt file", defaultValue: "" })
    .addOption({ ...auction, description: "Auction id the receipt must be for (optional check)" })
    .addOption({ name: "bidder", description: "Bidder the receipt must belong to (optional check)", defaultValue: "" })
    .addOption({ name: "hint", description: "Node slot to use as the hint (default: computed from the logs); a stale one is recomputed and retried once", defaultValue: "" })
    .setAction(() => import("./reveal.js"))
    .build(),

  task("kunit:keeper", "Opens k-unit self-opening bids whose round the beacon has released, hints from the logs (one auction, all, or --watch)")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption({ ...auction, description: "K-unit auction id (or --all)" })
    .addFlag({ name: "all", description: "Every k-unit auction in its reveal window" })
    .addFlag({ name: "watch", description: "Keep running, one pass every --interval, until Ctrl-C" })
    .addOption({ name: "interval", description: "Time between passes with --watch, e.g. 10s, 1m", defaultValue: "10s" })
    .addOption({ name: "batch", description: "Openings per revealMany transaction", defaultValue: "50" })
    .addOption({ name: "beacon", description: "drand beacon URL (default: the chain's configured beacon)", defaultValue: "" })
    .setAction(() => import("./keeper.js"))
    .build(),

  task("kunit:reveal-many", "Opens several bids of one auction in one transaction (revealMany), hints chained from the logs")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption({ name: "receipts", description: "Bid receipt files of one auction, separated by commas", defaultValue: "" })
    .setAction(() => import("./reveal-many.js"))
    .build(),

  task("kunit:reveal-reserve", "Opens the seller's sealed reserve from its receipt")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption({ name: "receipt", description: "The reserve receipt file written by kunit:create", defaultValue: "" })
    .addOption({ ...auction, description: "Auction id the receipt must be for (optional check)" })
    .setAction(() => import("./reveal-reserve.js"))
    .build(),

  task("kunit:settle", "Settles a k-unit auction (anyone, after the reveal window or once every bid is open)")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption(auction)
    .setAction(() => import("./settle.js"))
    .build(),

  task("kunit:claim", "Claims a unit (and change), a refund, an unopened deposit, the proceeds, unsold units, or delivers a unit")
    .addOption(house)
    .addOption(deployments)
    .addOption(from)
    .addOption(auction)
    .addOption({ name: "what", description: "unit | refund (change) | unrevealed | proceeds | deliver | unsold", defaultValue: "" })
    .addOption({ name: "to", description: "Recipient (default: the sending account)", defaultValue: "" })
    .addOption({ name: "winner", description: "--what deliver: the winner whose unit the seller sends", defaultValue: "" })
    .setAction(() => import("./claim.js"))
    .build(),

  task("kunit:list", "Lists the auctions of the k-unit house from its logs")
    .addOption(house)
    .addOption(deployments)
    .addOption(fromBlock)
    .setAction(() => import("./list.js"))
    .build(),

  task("kunit:status", "Shows a k-unit auction: terms, phase, top set, bidders and settlement")
    .addOption(house)
    .addOption(deployments)
    .addOption(auction)
    .addOption(fromBlock)
    .setAction(() => import("./status.js"))
    .build(),

  task("kunit:audit", "Audits a k-unit auction from its logs alone and compares the contract's state")
    .addOption(house)
    .addOption(deployments)
    .addOption(auction)
    .addOption(fromBlock)
    .addOption({ name: "toBlock", description: "Last block to scan (default: latest − confirmations)", defaultValue: "" })
    .addOption({ name: "confirmations", description: "Blocks a log must be buried under (default 0 on local chains, else 3)", defaultValue: "" })
    .addOption({ name: "json", description: "Write the report as JSON to this file", defaultValue: "" })
    .addFlag({ name: "logsOnly", description: "Do not read the contract's views (check the logs against themselves)" })
    .setAction(() => import("./audit.js"))
    .build(),
];
