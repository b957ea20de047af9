// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {vm} from "../utils/Vm.sol";
import {KUnitAuctionHouse} from "../../../contracts/KUnitAuctionHouse.sol";
import {IKUnitAuctionHouse, IKUnitAuctionHouseTypes} from "../../../contracts/interfaces/IKUnitAuctionHouse.sol";
import {MockERC20} from "../../../contracts/test/MockERC20.sol";
import {MockERC1155} from "../../../contracts/test/MockERC1155.sol";
import {UnitReceiver} from "../../../contracts/test/UnitReceiver.sol";

/// @notice Drives one KUnitAuctionHouse through random but mostly valid sequences: creates (k = 1..3 units of an
/// ERC-1155 id or of an ERC-20 amount, ETH or ERC-20 payment, either format, a floor, a sealed reserve sometimes),
/// commits, reveals (by the bidder or a third party, fresh or garbage hints, valid or over-deposit), batch reveals,
/// reserve openings, warps, cancels, settles, unit claims and deliveries, unsold returns, proceeds, refunds and
/// unopened withdrawals, by six actors. Actor 5 is a contract that refuses ETH: its refunds pushed in reveals are
/// deferred, and it withdraws to a sink.
///
/// Ghost accounting follows the rules, not the contract: which bids are in the top set is recomputed by a full scan
/// of the opened valid bids at each reveal, the refund each reveal must push, the price and units sold at settlement,
/// and what each claim must move are derived from it, and every call's measured movement (house balance deltas,
/// units) is compared with that. Differences and unexpected reverts are counted in `violations`.
contract KUnitHandler {
    uint256 public constant NACTORS = 6;
    uint256 internal constant CONTRACT_ACTOR = 5;
    uint256 internal constant MAX_BID = 6 ether;
    uint256 internal constant UNIT_SIZE = 5e17;
    address public constant OPENER = address(uint160(0x0BE4E4C0DE));
    address public constant SINK = address(uint160(0x51AC));

    KUnitAuctionHouse public immutable house;
    MockERC20 public immutable payToken;
    MockERC20 public immutable lotToken;
    MockERC1155 public immutable items;
    address[NACTORS] public actors;
    uint256 public immutable maxAuctions;

    // Bid states (ghost)
    uint8 internal constant B_NONE = 0;
    uint8 internal constant B_SEALED = 1;
    uint8 internal constant B_RANKED = 2; // in the top set
    uint8 internal constant B_DISPLACED = 3; // pushed out: its deposit is refundable
    uint8 internal constant B_OWED = 4; // a refund that could not be pushed, or a delivered winner's change
    uint8 internal constant B_DONE = 5;

    struct GAuction {
        IKUnitAuctionHouseTypes.AuctionTerms terms;
        uint256 id;
        bool eth;
        bool erc1155;
        uint256 seller;
        uint256 reserve;
        bytes32 reserveSalt;
        bool reserveOpened;
        bool cancelled;
        bool settled;
        bool unsoldClaimed;
        uint256 commits;
        uint256 opens;
        uint256 invalid;
        uint256 sold;
        uint256 price;
        uint256 unitsInHouse;
        uint256 unitsDelivered;
        uint256 unitsReturned;
        uint256 released; // proceeds the seller may withdraw now
    }

    struct GBid {
        uint8 state;
        uint256 amount;
        bytes32 salt;
        uint256 deposit;
        uint256 order;
        bool valid;
        uint256 owed; // B_OWED: the amount
        bool hidden; // commitHidden: `deposit` is the bond until the opening sweeps `funded` from the vault
        uint256 funded; // what the bid's vault holds, not yet swept (0 once swept or recovered)
    }

    struct Counts {
        uint256 creates;
        uint256 commits;
        uint256 reveals;
        uint256 batchReveals;
        uint256 displaced;
        uint256 deferred;
        uint256 reserveReveals;
        uint256 cancels;
        uint256 settles;
        uint256 soldUnits;
        uint256 unitClaims;
        uint256 deliveries;
        uint256 unsoldClaims;
        uint256 proceedsWithdrawals;
        uint256 refundWithdrawals;
        uint256 unrevealedWithdrawals;
        uint256 hiddenCommits;
        uint256 sweeps;
        uint256 vaultRecoveries;
    }

    GAuction[] internal _auctions;
    mapping(uint256 ai => mapping(uint256 actor => GBid)) internal _bids;
    uint256[2] public owedTotal; // per payment asset: ETH, PAY
    uint256[2] public burnedTotal;
    mapping(uint256 actor => uint256[2]) internal _paidIn;
    mapping(uint256 actor => uint256[2]) internal _received;
    mapping(uint256 actor => uint256[2]) internal _priceCredit;
    Counts internal counts;
    uint256 public violations;
    string public lastViolation;
    uint256 internal _nextLotId = 1;

    constructor(uint256 maxAuctions_) {
        maxAuctions = maxAuctions_;
        house = new KUnitAuctionHouse();
        payToken = new MockERC20("Pay", "PAY");
        lotToken = new MockERC20("Lot", "LOT");
        items = new MockERC1155();
        for (uint256 i; i < NACTORS; ++i) {
            address a = i == CONTRACT_ACTOR ? address(new UnitReceiver()) : address(uint160(0xA000 + i));
            actors[i] = a;
            vm.startPrank(a);
            payToken.approve(address(house), type(uint256).max);
            lotToken.approve(address(house), type(uint256).max);
            items.setApprovalForAll(address(house), true);
            vm.stopPrank();
        }
        UnitReceiver(payable(actors[CONTRACT_ACTOR])).setEth(true, false);
    }

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    function create(uint256 seed) public {
        if (_auctions.length >= maxAuctions) return;
        GAuction storage g = _auctions.push();
        g.seller = seed % NACTORS == CONTRACT_ACTOR ? 0 : seed % NACTORS;
        address seller = actors[g.seller];
        uint256 k = 1 + (seed >> 8) % 3; // small, so that sets fill and bids get displaced
        g.eth = (seed >> 16) % 2 == 0;
        g.erc1155 = (seed >> 17) % 2 == 0;
        IKUnitAuctionHouseTypes.AuctionTerms memory t;
        t.seller = seller;
        t.units = uint16(k);
        if (g.erc1155) {
            t.lotKind = IKUnitAuctionHouseTypes.LotKind.ERC1155;
            t.lotToken = address(items);
            t.lotId = _nextLotId++;
            t.lotAmount = k;
            items.mint(seller, t.lotId, k);
        } else {
            t.lotKind = IKUnitAuctionHouseTypes.LotKind.ERC20;
            t.lotToken = address(lotToken);
            t.lotAmount = k * UNIT_SIZE;
            lotToken.mint(seller, t.lotAmount);
        }
        t.paymentToken = g.eth ? address(0) : address(payToken);
        t.format = (seed >> 18) % 2 == 0 ? IKUnitAuctionHouseTypes.Format.UniformPrice : IKUnitAuctionHouseTypes.Format.PayAsBid;
        t.commitEnd = uint40(block.timestamp + 1 hours + (seed >> 24) % 1 days);
        t.revealEnd = t.commitEnd + 1 days;
        t.bond = uint104(0.01 ether + (seed >> 40) % 0.3 ether);
        t.floorReserve = (seed >> 64) % 3 == 0 ? uint112((seed >> 72) % MAX_BID) : 0;
        uint256 value;
        if ((seed >> 128) % 3 == 0) {
            g.reserve = (seed >> 136) % MAX_BID;
            g.reserveSalt = keccak256(abi.encode(seed, "reserve"));
            t.reserveEnd = t.commitEnd + 1 hours;
            t.reserveNonce = uint64(house.reserveNonceOf(seller));
            t.sealedReserveCommitment = house.reserveCommitmentOf(seller, t.reserveNonce, g.reserve, g.reserveSalt);
            _fund(g.eth, seller, t.bond);
            value = g.eth ? t.bond : 0;
            _paidIn[g.seller][_asset(g.eth)] += t.bond;
            owedTotal[_asset(g.eth)] += t.bond;
        }
        g.terms = t;
        g.unitsInHouse = k;
        g.id = house.nextAuctionId();
        vm.prank(seller);
        try house.create{value: value}(t) returns (uint256 id) {
            if (id != g.id) _violation("create: id");
        } catch {
            _violation("create reverted");
        }
        ++counts.creates;
    }

    function commit(uint256 ai, uint256 actor, uint256 amountSeed, uint256 depositSeed) public {
        if (_auctions.length == 0) return create(amountSeed);
        actor = actor % NACTORS;
        // The chosen auction, or else any whose commit window is open for this actor, or else a new one.
        bool found;
        for (uint256 j; j < _auctions.length && !found; ++j) {
            uint256 x = (ai + j) % _auctions.length;
            GAuction storage cand = _auctions[x];
            if (!cand.cancelled && block.timestamp < cand.terms.commitEnd && _bids[x][actor].state == B_NONE) {
                ai = x;
                found = true;
            }
        }
        if (!found) return create(amountSeed ^ depositSeed);
        GAuction storage g = _auctions[ai];
        GBid storage b = _bids[ai][actor];
        address who = actors[actor];
        b.amount = amountSeed % MAX_BID;
        if (amountSeed % 4 == 0) b.amount = g.terms.floorReserve; // at the floor
        b.salt = keccak256(abi.encode(amountSeed, depositSeed, actor));
        uint256 minDeposit = b.amount > g.terms.bond ? b.amount : g.terms.bond;
        b.deposit = depositSeed % 7 == 0 && b.amount > g.terms.bond
            ? g.terms.bond + depositSeed % (b.amount - g.terms.bond) // opens above its deposit: invalid
            : minDeposit + depositSeed % 1 ether;
        b.order = g.commits + 1;
        bytes32 c = house.commitmentOf(g.id, who, b.amount, b.salt);
        if (depositSeed % 5 == 3) {
            // A hidden deposit (rule 16): the bond now; the rest (or too little, as above) sent to the bid's vault.
            b.hidden = true;
            b.funded = b.deposit - g.terms.bond;
            b.deposit = g.terms.bond;
            _fund(g.eth, who, b.deposit);
            vm.prank(who);
            try house.commitHidden{value: g.eth ? b.deposit : 0}(g.id, c) {} catch {
                return _violation("commitHidden reverted");
            }
            _fund(g.eth, house.vaultOf(g.id, who, b.salt), b.funded);
            ++counts.hiddenCommits;
        } else {
            _fund(g.eth, who, b.deposit);
            vm.prank(who);
            try house.commit{value: g.eth ? b.deposit : 0}(g.id, c, b.deposit) {} catch {
                return _violation("commit reverted");
            }
        }
        b.state = B_SEALED;
        ++g.commits;
        _paidIn[actor][_asset(g.eth)] += b.deposit + b.funded;
        owedTotal[_asset(g.eth)] += b.deposit;
        ++counts.commits;
    }

    function reveal(uint256 ai, uint256 actor, uint256 hintSeed) public {
        if (_auctions.length == 0) return;
        // The chosen bid, or else any sealed bid of an auction that is not past its reveal window.
        for (uint256 j; j < _auctions.length * NACTORS; ++j) {
            uint256 x = (ai + j / NACTORS) % _auctions.length;
            uint256 a = (actor + j) % NACTORS;
            GAuction storage g = _auctions[x];
            if (_bids[x][a].state != B_SEALED || g.settled || block.timestamp >= g.terms.revealEnd) continue;
            if (!_toRevealable(x, hintSeed)) return;
            return _reveal(x, a, hintSeed);
        }
    }

    function revealMany(uint256 ai, uint256 seed) public {
        if (_auctions.length == 0) return;
        ai = ai % _auctions.length;
        if (!_toRevealable(ai, seed)) return;
        GAuction storage g = _auctions[ai];
        // Up to three sealed bids, each with a hint computed before the batch (stale by at most two entries). The
        // ghost opens them in the same order; the batch's total movement must be the sum of what each must push.
        uint256[] memory picked = new uint256[](3);
        uint256 m;
        for (uint256 j; j < NACTORS && m < 3; ++j) {
            uint256 actor = (seed + j) % NACTORS;
            if (_bids[ai][actor].state == B_SEALED && (seed >> (8 + j)) % 2 == 0) picked[m++] = actor;
        }
        if (m == 0) return;
        IKUnitAuctionHouseTypes.Opening[] memory entries = new IKUnitAuctionHouseTypes.Opening[](m);
        for (uint256 j; j < m; ++j) {
            GBid storage b = _bids[ai][picked[j]];
            entries[j] = IKUnitAuctionHouseTypes.Opening(
                actors[picked[j]], b.amount, b.salt, b.deposit, b.order, house.hintFor(g.id, b.amount, b.order)
            );
        }
        uint256 before = _houseBalance(g.eth);
        uint256 expectedOut;
        uint256 swept;
        for (uint256 j; j < m; ++j) {
            (uint256 pushed, uint256 sweep) = _ghostOpen(ai, picked[j]);
            expectedOut += pushed;
            swept += sweep;
        }
        vm.prank(OPENER);
        try house.revealMany(g.id, entries) returns (uint256 opened) {
            // Hints computed before the batch are stale by at most two entries: every entry opens.
            if (opened != m) _violation("revealMany: skipped an entry");
        } catch {
            _violation("revealMany reverted");
        }
        if (before + swept - _houseBalance(g.eth) != expectedOut) _violation("revealMany: refunds pushed");
        ++counts.batchReveals;
        _checkTopSet(ai);
    }

    function revealReserve(uint256 ai) public {
        // The chosen auction, or else any whose sealed reserve can still be opened (moving to its window).
        for (uint256 j; j < _auctions.length; ++j) {
            GAuction storage c = _auctions[(ai + j) % _auctions.length];
            if (c.terms.sealedReserveCommitment == 0 || c.reserveOpened || c.cancelled) continue;
            if (block.timestamp >= c.terms.reserveEnd) continue;
            if (block.timestamp < c.terms.commitEnd) vm.warp(c.terms.commitEnd);
            return _revealReserve((ai + j) % _auctions.length);
        }
    }

    function _revealReserve(uint256 ai) internal {
        GAuction storage g = _auctions[ai];
        vm.prank(OPENER);
        try house.revealReserve(g.id, g.terms, g.reserve, g.reserveSalt) {
            g.reserveOpened = true;
            ++counts.reserveReveals;
        } catch {
            _violation("revealReserve reverted");
        }
    }

    function warp(uint256 secs) public {
        vm.warp(block.timestamp + secs % 12 hours);
    }

    function cancel(uint256 ai) public {
        if (_auctions.length == 0) return;
        GAuction storage g = _auctions[ai % _auctions.length];
        if (g.cancelled || g.settled || g.commits != 0) return;
        address seller = actors[g.seller];
        uint256 before = _houseBalance(g.eth);
        vm.prank(seller);
        try house.cancel(g.id, g.terms, seller) {
            g.cancelled = true;
            g.unitsReturned = g.unitsInHouse;
            g.unitsInHouse = 0;
            if (g.terms.sealedReserveCommitment != 0) _paid(g.eth, g.seller, g.terms.bond);
            ++counts.cancels;
        } catch {
            _violation("cancel reverted");
        }
        uint256 expected = g.terms.sealedReserveCommitment != 0 ? g.terms.bond : 0;
        if (before - _houseBalance(g.eth) != expected) _violation("cancel: bond");
    }

    function settle(uint256 ai) public {
        if (_auctions.length == 0) return;
        ai = ai % _auctions.length;
        GAuction storage g = _auctions[ai];
        if (g.cancelled || g.settled || block.timestamp < g.terms.commitEnd) return;
        if (block.timestamp < g.terms.revealEnd) {
            // Early settlement needs every bid and the sealed reserve settled; otherwise wait (drainAll warps).
            bool reservePending = g.terms.sealedReserveCommitment != 0 && !g.reserveOpened
                && block.timestamp < g.terms.reserveEnd;
            if (g.opens != g.commits || reservePending) return;
        }
        uint256 before = _houseBalance(g.eth);
        vm.prank(OPENER);
        try house.settle(g.id, g.terms) {} catch {
            _violation("settle reverted");
            return;
        }
        g.settled = true;
        // The rules: members win; price = max(effective reserve, highest valid bid outside the set).
        uint256 reserve = _effectiveReserve(g);
        uint256 highestOutside;
        for (uint256 a; a < NACTORS; ++a) {
            GBid storage b = _bids[ai][a];
            if (b.state == B_RANKED) ++g.sold;
            else if (b.order != 0 && b.valid && b.amount > highestOutside) highestOutside = b.amount;
        }
        bool payAsBid = g.terms.format == IKUnitAuctionHouseTypes.Format.PayAsBid;
        g.price = g.sold != 0 && !payAsBid ? (highestOutside > reserve ? highestOutside : reserve) : 0;
        IKUnitAuctionHouseTypes.AuctionState memory st = house.auctionState(g.id);
        if (st.units - st.unitsFree != g.sold) _violation("settle: units sold");
        if (st.price != g.price) _violation("settle: price");
        uint256 forfeits = g.commits - g.opens + g.invalid;
        if (g.terms.sealedReserveCommitment != 0 && !g.reserveOpened) ++forfeits;
        uint256 burned = forfeits * g.terms.bond;
        burnedTotal[_asset(g.eth)] += burned;
        owedTotal[_asset(g.eth)] -= burned;
        if (g.reserveOpened) {
            g.released += g.terms.bond;
            _priceCredit[g.seller][_asset(g.eth)] += g.terms.bond;
        }
        if (_houseBalance(g.eth) != before) _violation("settle moved funds");
        counts.soldUnits += g.sold;
        ++counts.settles;
    }

    function claimUnit(uint256 ai, uint256 actor, uint256 seed) public {
        if (_auctions.length == 0) return;
        ai = ai % _auctions.length;
        actor = actor % NACTORS;
        GAuction storage g = _auctions[ai];
        GBid storage b = _bids[ai][actor];
        if (!g.settled || b.state != B_RANKED) return;
        uint256 price = g.terms.format == IKUnitAuctionHouseTypes.Format.PayAsBid ? b.amount : g.price;
        uint256 change = b.deposit - price;
        uint256 before = _houseBalance(g.eth);
        bool delivered = seed % 3 == 0 || actor == CONTRACT_ACTOR && g.eth && change != 0;
        if (delivered) {
            vm.prank(actors[g.seller]);
            try house.deliverUnit(g.id, g.terms, actors[actor]) {} catch {
                return _violation("deliverUnit reverted");
            }
            b.state = change != 0 ? B_OWED : B_DONE;
            b.owed = change;
            ++counts.deliveries;
        } else {
            vm.prank(actors[actor]);
            try house.claimUnit(g.id, actors[actor]) {} catch {
                return _violation("claimUnit reverted");
            }
            b.state = B_DONE;
            _paid(g.eth, actor, change);
            if (before - _houseBalance(g.eth) != change) _violation("claimUnit: change");
            ++counts.unitClaims;
        }
        --g.unitsInHouse;
        ++g.unitsDelivered;
        g.released += price;
        _priceCredit[g.seller][_asset(g.eth)] += price;
    }

    function claimUnsold(uint256 ai) public {
        if (_auctions.length == 0) return;
        GAuction storage g = _auctions[ai % _auctions.length];
        if (!g.settled || g.unsoldClaimed || g.sold == g.terms.units) return;
        vm.prank(actors[g.seller]);
        try house.claimUnsold(g.id, g.terms, actors[g.seller]) {} catch {
            return _violation("claimUnsold reverted");
        }
        g.unsoldClaimed = true;
        uint256 unsold = g.terms.units - g.sold;
        g.unitsInHouse -= unsold;
        g.unitsReturned += unsold;
        ++counts.unsoldClaims;
    }

    function withdrawProceeds(uint256 ai) public {
        if (_auctions.length == 0) return;
        GAuction storage g = _auctions[ai % _auctions.length];
        if (g.released == 0) return;
        uint256 before = _houseBalance(g.eth);
        vm.prank(actors[g.seller]);
        try house.withdrawProceeds(g.id, g.terms, actors[g.seller]) {} catch {
            return _violation("withdrawProceeds reverted");
        }
        if (before - _houseBalance(g.eth) != g.released) _violation("withdrawProceeds: amount");
        _paid(g.eth, g.seller, g.released);
        g.released = 0;
        ++counts.proceedsWithdrawals;
    }

    function withdrawRefund(uint256 ai, uint256 actor) public {
        if (_auctions.length == 0) return;
        ai = ai % _auctions.length;
        actor = actor % NACTORS;
        GAuction storage g = _auctions[ai];
        GBid storage b = _bids[ai][actor];
        uint256 owed = b.state == B_DISPLACED ? b.deposit : b.state == B_OWED ? b.owed : 0;
        if (owed == 0) return;
        address to = actor == CONTRACT_ACTOR ? SINK : actors[actor];
        uint256 before = _houseBalance(g.eth);
        vm.prank(actors[actor]);
        try house.withdrawRefund(g.id, to) {} catch {
            return _violation("withdrawRefund reverted");
        }
        if (before - _houseBalance(g.eth) != owed) _violation("withdrawRefund: amount");
        b.state = B_DONE;
        _paid(g.eth, actor, owed);
        ++counts.refundWithdrawals;
    }

    function withdrawUnrevealed(uint256 ai, uint256 actor) public {
        if (_auctions.length == 0) return;
        ai = ai % _auctions.length;
        actor = actor % NACTORS;
        GAuction storage g = _auctions[ai];
        GBid storage b = _bids[ai][actor];
        if (b.state != B_SEALED || block.timestamp < g.terms.revealEnd) return;
        address to = actor == CONTRACT_ACTOR ? SINK : actors[actor];
        bytes32 c = house.commitmentOf(g.id, actors[actor], b.amount, b.salt);
        uint256 before = _houseBalance(g.eth);
        vm.prank(actors[actor]);
        try house.withdrawUnrevealed(g.id, IKUnitAuctionHouseTypes.Position(c, b.deposit, b.order), to) {} catch {
            return _violation("withdrawUnrevealed reverted");
        }
        uint256 owed = b.deposit - g.terms.bond;
        if (before - _houseBalance(g.eth) != owed) _violation("withdrawUnrevealed: amount");
        b.state = B_DONE; // its bond stays owed until settlement counts it as burned
        _paid(g.eth, actor, owed);
        ++counts.unrevealedWithdrawals;
    }

    /// @notice After the auction, a hidden bid never opened takes its vault back (recoverVault): it passes through
    /// the house, which keeps nothing of it.
    function recoverVault(uint256 ai, uint256 actor) public {
        if (_auctions.length == 0) return;
        ai = ai % _auctions.length;
        actor = actor % NACTORS;
        GAuction storage g = _auctions[ai];
        GBid storage b = _bids[ai][actor];
        if (!b.hidden || b.funded == 0 || (block.timestamp < g.terms.revealEnd && !g.settled)) return;
        address to = actor == CONTRACT_ACTOR ? SINK : actors[actor];
        uint256 before = _houseBalance(g.eth);
        uint256 toBefore = g.eth ? to.balance : payToken.balanceOf(to);
        vm.prank(actors[actor]);
        try house.recoverVault(g.id, b.salt, to) {} catch {
            return _violation("recoverVault reverted");
        }
        if (_houseBalance(g.eth) != before) _violation("recoverVault: the house kept or paid from its own");
        if ((g.eth ? to.balance : payToken.balanceOf(to)) - toBefore != b.funded) _violation("recoverVault: amount");
        _received[actor][_asset(g.eth)] += b.funded;
        b.funded = 0;
        ++counts.vaultRecoveries;
    }

    /*//////////////////////////////////////////////////////////////
                                  GHOST
    //////////////////////////////////////////////////////////////*/

    /// @dev Moves time into the window where bids open (opening or waiting out a sealed reserve); false when the
    /// auction is past it or cancelled.
    function _toRevealable(uint256 ai, uint256 seed) internal returns (bool) {
        GAuction storage g = _auctions[ai];
        if (g.cancelled || g.settled || block.timestamp >= g.terms.revealEnd) return false;
        if (block.timestamp < g.terms.commitEnd) vm.warp(g.terms.commitEnd);
        if (g.terms.sealedReserveCommitment != 0 && !g.reserveOpened && block.timestamp < g.terms.reserveEnd) {
            if (seed % 2 == 0) _revealReserve(ai);
            else vm.warp(g.terms.reserveEnd);
        }
        return true;
    }

    function _reveal(uint256 ai, uint256 actor, uint256 hintSeed) internal {
        GAuction storage g = _auctions[ai];
        GBid storage b = _bids[ai][actor];
        uint256 hint = hintSeed % 3 == 0 ? hintSeed >> 8 : house.hintFor(g.id, b.amount, b.order);
        address by = (hintSeed >> 4) % 2 == 0 ? OPENER : actors[actor];
        uint256 before = _houseBalance(g.eth);
        uint256 deposit = b.deposit; // as committed: a hidden bid's effective deposit is known to the ghost only
        (uint256 expectedOut, uint256 swept) = _ghostOpen(ai, actor);
        vm.prank(by);
        try house.reveal(g.id, actors[actor], b.amount, b.salt, deposit, b.order, hint) {} catch {
            // A garbage hint may be too far: nothing changed (a hidden bid's sweep included); a fresh hint must work.
            vm.prank(by);
            try house.reveal(
                g.id, actors[actor], b.amount, b.salt, deposit, b.order, house.hintFor(g.id, b.amount, b.order)
            ) {} catch {
                return _violation("reveal reverted with a fresh hint");
            }
        }
        if (before + swept - _houseBalance(g.eth) != expectedOut) _violation("reveal: refund pushed");
        ++counts.reveals;
        _checkTopSet(ai);
    }

    /// @dev Opens `actor`'s bid in the ghost: recomputes the top set by a full scan and returns what the reveal
    /// must push now (0 for a bid that enters, or when the push to the contract actor fails).
    function _ghostOpen(uint256 ai, uint256 actor) internal returns (uint256 pushed, uint256 swept) {
        GAuction storage g = _auctions[ai];
        GBid storage b = _bids[ai][actor];
        ++g.opens;
        if (b.hidden) {
            // The opening sweeps the vault first: what it held is deposit from now on.
            swept = b.funded;
            b.funded = 0;
            b.deposit += swept;
            owedTotal[_asset(g.eth)] += swept;
            ++counts.sweeps;
        }
        b.valid = b.amount <= b.deposit;
        uint256 refund;
        if (!b.valid) {
            ++g.invalid;
            refund = b.deposit - g.terms.bond;
        } else {
            b.state = B_RANKED; // provisionally; the scan decides
            _rescan(ai, actor);
            if (b.state == B_RANKED) return (0, swept);
            refund = b.deposit;
        }
        if (refund == 0) {
            b.state = B_DONE;
            return (0, swept);
        }
        if (actor == CONTRACT_ACTOR && g.eth) {
            b.state = B_OWED;
            b.owed = refund;
            ++counts.deferred;
            return (0, swept);
        }
        b.state = B_DONE;
        _paid(g.eth, actor, refund);
        return (refund, swept);
    }

    /// @dev The top set by the rules: the k best opened valid bids at or above the effective reserve, among the
    /// members so far and the bid of `current` (provisionally ranked). The one that falls out is `current` (it did
    /// not enter: left B_SEALED for {_ghostOpen}) or the lowest member (displaced: refundable at once).
    function _rescan(uint256 ai, uint256 current) internal {
        GAuction storage g = _auctions[ai];
        uint256 reserve = _effectiveReserve(g);
        bool[NACTORS] memory member;
        for (uint256 a; a < NACTORS; ++a) {
            GBid storage b = _bids[ai][a];
            if (b.state != B_RANKED) continue;
            uint256 above;
            for (uint256 o; o < NACTORS; ++o) {
                GBid storage x = _bids[ai][o];
                if (o != a && x.state == B_RANKED && (x.amount > b.amount || (x.amount == b.amount && x.order < b.order))) {
                    ++above;
                }
            }
            member[a] = b.amount >= reserve && above < g.terms.units;
        }
        for (uint256 a; a < NACTORS; ++a) {
            GBid storage b = _bids[ai][a];
            if (b.state != B_RANKED || member[a]) continue;
            if (a == current) {
                b.state = B_SEALED;
            } else {
                b.state = B_DISPLACED;
                ++counts.displaced;
            }
        }
    }

    function _effectiveReserve(GAuction storage g) internal view returns (uint256 r) {
        r = g.terms.floorReserve;
        if (g.reserveOpened && g.reserve > r) r = g.reserve;
    }

    function _checkTopSet(uint256 ai) internal {
        GAuction storage g = _auctions[ai];
        (, uint256[] memory orders,) = house.topSet(g.id);
        uint256 members;
        for (uint256 a; a < NACTORS; ++a) {
            if (_bids[ai][a].state == B_RANKED) ++members;
        }
        if (orders.length != members) return _violation("top set: size");
        for (uint256 j; j < orders.length; ++j) {
            bool found;
            for (uint256 a; a < NACTORS; ++a) {
                GBid storage b = _bids[ai][a];
                if (b.state == B_RANKED && b.order == orders[j]) found = true;
            }
            if (!found) _violation("top set: member");
        }
    }

    /*//////////////////////////////////////////////////////////////
                               INVARIANTS
    //////////////////////////////////////////////////////////////*/

    /// @notice Rule 11: for ETH and the payment token, the house's balance is what it owes plus what it burned.
    function checkConservation() external view {
        require(violations == 0, lastViolation);
        require(address(house).balance == owedTotal[0] + burnedTotal[0], "ETH: balance != owed + burned");
        require(payToken.balanceOf(address(house)) == owedTotal[1] + burnedTotal[1], "PAY: balance != owed + burned");
    }

    /// @notice Units: escrowed = in the house + delivered + returned, per auction, and the house's token balances
    /// are exactly the units it still holds.
    function checkUnits() external view {
        uint256 lot20;
        for (uint256 ai; ai < _auctions.length; ++ai) {
            GAuction storage g = _auctions[ai];
            require(g.unitsInHouse + g.unitsDelivered + g.unitsReturned == g.terms.units, "units: escrowed != held + out");
            if (g.erc1155) {
                require(items.balanceOf(address(house), g.terms.lotId) == g.unitsInHouse, "units: ERC-1155 balance");
            } else {
                lot20 += g.unitsInHouse * UNIT_SIZE;
            }
        }
        require(lotToken.balanceOf(address(house)) == lot20, "units: ERC-20 lot balance");
    }

    /// @notice No actor received more than it paid in plus, as a seller, its prices and reserve bonds.
    function checkNoActorProfit() external view {
        for (uint256 a; a < NACTORS; ++a) {
            for (uint256 k; k < 2; ++k) {
                require(_received[a][k] <= _paidIn[a][k] + _priceCredit[a][k], "an actor received more than it paid");
            }
        }
    }

    /// @dev After a run: settle and claim everything; the house must then hold only the burned bonds and no unit.
    function drainAll() external {
        for (uint256 ai; ai < _auctions.length; ++ai) {
            GAuction storage g = _auctions[ai];
            if (g.cancelled) continue;
            if (!g.settled) {
                if (g.commits == 0 && block.timestamp < g.terms.commitEnd) {
                    cancel(ai);
                    continue;
                }
                if (block.timestamp < g.terms.revealEnd) vm.warp(g.terms.revealEnd);
                settle(ai);
            }
            for (uint256 a; a < NACTORS; ++a) {
                claimUnit(ai, a, 1);
                withdrawRefund(ai, a);
                withdrawUnrevealed(ai, a);
                recoverVault(ai, a);
            }
            claimUnsold(ai);
            withdrawProceeds(ai);
        }
    }

    function checkDrained() external view {
        require(violations == 0, lastViolation);
        require(owedTotal[0] == 0 && owedTotal[1] == 0, "drained: something still owed");
        require(address(house).balance == burnedTotal[0], "drained: ETH beyond burned");
        require(payToken.balanceOf(address(house)) == burnedTotal[1], "drained: PAY beyond burned");
        require(lotToken.balanceOf(address(house)) == 0, "drained: lot tokens left");
        for (uint256 ai; ai < _auctions.length; ++ai) {
            GAuction storage g = _auctions[ai];
            require(g.unitsInHouse == 0, "drained: units left");
            if (g.erc1155) require(items.balanceOf(address(house), g.terms.lotId) == 0, "drained: copies left");
        }
    }

    function getCounts() external view returns (Counts memory) {
        return counts;
    }

    function auctionCount() external view returns (uint256) {
        return _auctions.length;
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    function _asset(bool eth) internal pure returns (uint256) {
        return eth ? 0 : 1;
    }

    function _fund(bool eth, address who, uint256 amount) internal {
        if (eth) vm.deal(who, who.balance + amount);
        else payToken.mint(who, amount);
    }

    function _houseBalance(bool eth) internal view returns (uint256) {
        return eth ? address(house).balance : payToken.balanceOf(address(house));
    }

    /// @dev The house paid `amount` to `actor` (or its sink): no longer owed.
    function _paid(bool eth, uint256 actor, uint256 amount) internal {
        owedTotal[_asset(eth)] -= amount;
        _received[actor][_asset(eth)] += amount;
    }

    function _violation(string memory what) internal {
        ++violations;
        lastViolation = what;
    }
}
