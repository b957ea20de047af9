// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {Vm, vm} from "./utils/Vm.sol";
import {KUnitAuctionHouse} from "../../contracts/KUnitAuctionHouse.sol";
import {IKUnitAuctionHouse, IKUnitAuctionHouseTypes} from "../../contracts/interfaces/IKUnitAuctionHouse.sol";
import {AuctionHouse} from "../../contracts/AuctionHouse.sol";
import {IAuctionHouse} from "../../contracts/interfaces/IAuctionHouse.sol";
import {MockERC20} from "../../contracts/test/MockERC20.sol";
import {MockERC1155} from "../../contracts/test/MockERC1155.sol";

/// @notice Fuzzes whole k-unit auctions (k = 1..20 units, 0..24 bidders, amounts drawn from a small palette so that
/// ties straddle the k-th place, amounts equal to the floor and the sealed reserve, over-deposit openings, bids never
/// opened, either format, ETH or ERC-20 payment, ERC-1155 or ERC-20 lot, a public floor and a sealed reserve opened
/// or withheld) opened in a random order, each with a hint that is fresh, stale (computed when the reveal phase
/// began), garbage, or part of a `revealMany` batch whose hints were all computed before the batch (so later entries
/// are stale). A reveal refused with `HintTooFar` must have changed nothing and succeed with a fresh hint. After
/// every opening the top set must be sorted and within k. Settlement, positions, claims and every final balance are
/// checked against an independent reference computed here by a plain full scan:
///  - valid = opened && amount <= deposit; effective reserve = max(floor, opened sealed reserve);
///  - winners: the k best valid bids at or above it, by amount and then by commit order;
///  - uniform price: max(highest valid bid that does not win, effective reserve); pay-as-bid: each pays its bid;
///  - burned = bond * (unopened + over-deposit) + bond if the sealed reserve was withheld;
///  - every bidder ends with its deposit less what it paid or forfeited, each winner with one unit; the seller with
///    the prices (and its reserve bond back if opened) and the unsold units; the house with the burned bonds only.
/// With k = 1 the same bids are also run through AuctionHouse, and both houses must agree on everything.
contract KUnitOutcomeTest is Test {
    uint256 internal constant MAX_BIDDERS = 24;
    uint256 internal constant MAX_FUZZ_UNITS = 20;
    uint256 internal constant UNIT_SIZE = 3e18; // ERC-20 lot: tokens per unit
    uint256 internal constant MAX_BID = 20 ether;
    address internal constant SELLER = address(uint160(0x5E11E4C0DE));
    address internal constant OPENER = address(uint160(0x0BE4E4C0DE));

    KUnitAuctionHouse internal house;
    AuctionHouse internal single;
    MockERC1155 internal items;
    MockERC20 internal payToken;
    MockERC20 internal lotToken;
    uint256 internal nextLotId = 1;

    struct Config {
        uint256 seed;
        uint256 k;
        uint256 n;
        bool eth;
        bool erc1155;
        bool payAsBid;
        uint256 bond;
        uint256 floor;
        bool sealedReserve;
        bool reserveOpened;
        uint256 reserve;
        bool settleEarly;
        bool boundaryTies; // amounts from two neighbouring values only
        uint256 sellerPayBefore; // the seller's payment-asset balance before the auction
        uint256 sellerLotBefore; // and its ERC-20 lot tokens
    }

    struct Bid {
        address bidder;
        uint256 amount;
        uint256 deposit;
        bytes32 salt;
        uint256 order;
        bool opened;
    }

    struct Ref {
        uint256 effectiveReserve;
        uint256 unitsSold;
        uint256 price; // uniform price (0 for pay-as-bid or unsold)
        bool[] wins;
        uint256[] paid; // what each bidder pays (price or its bid)
        uint256 burned;
        uint256 proceeds; // prices, plus the reserve bond if opened
    }

    struct Stats {
        uint256 fresh;
        uint256 stale;
        uint256 garbage;
        uint256 batched;
        uint256 tooFar;
        uint256 batchSkipped;
    }

    Stats internal stats;

    function setUp() public {
        vm.warp(1_750_000_000);
        house = new KUnitAuctionHouse();
        single = new AuctionHouse();
        items = new MockERC1155();
        payToken = new MockERC20("Pay", "PAY");
        lotToken = new MockERC20("Lot20", "L20");
    }

    /*//////////////////////////////////////////////////////////////
                                  FUZZ
    //////////////////////////////////////////////////////////////*/

    /// @notice ETH payment, k copies of an ERC-1155 id.
    function testFuzz_settlementMatchesFullScan_ethErc1155(
        uint256 seed,
        uint8 k,
        uint8 n,
        uint96 bond,
        uint96 floor,
        uint96 reserve,
        uint8 flags
    ) public {
        _run(_config(seed, k, n, bond, floor, reserve, flags, true, true));
    }

    /// @notice ERC-20 payment, an ERC-20 lot split into k units.
    function testFuzz_settlementMatchesFullScan_tokenErc20(
        uint256 seed,
        uint8 k,
        uint8 n,
        uint96 bond,
        uint96 floor,
        uint96 reserve,
        uint8 flags
    ) public {
        _run(_config(seed, k, n, bond, floor, reserve, flags, false, false));
    }

    /// @notice Every amount is one of two neighbouring values, so that ties cross the k-th place: commit order
    /// decides who wins among equal bids, whatever the reveal order.
    function testFuzz_tiesAtTheBoundaryGoToTheEarliestCommitments(uint256 seed, uint8 k, uint8 n, uint8 flags) public {
        Config memory c = _config(seed, k, n, 0.1 ether, 0, 0, flags, flags & 128 != 0, flags & 64 != 0);
        c.boundaryTies = true;
        c.sealedReserve = false;
        c.reserveOpened = false;
        _run(c);
    }

    /// @notice k = 1 is the single-item auction: the same bids through AuctionHouse (second price = uniform, first
    /// price = pay-as-bid) give the same winner, price, effective reserve, burned total and final balances.
    function testFuzz_oneUnitMatchesAuctionHouse(uint256 seed, uint8 n, uint96 bond, uint96 floor, uint96 reserve, uint8 flags)
        public
    {
        Config memory c = _config(seed, 1, n, bond, floor, reserve, flags, true, false);
        c.k = 1;
        _differential(c);
    }

    /// @notice Deterministic runs (k = 40, 60 bidders) large enough that every hint path happens: fresh, stale, garbage, batched, a
    /// walk too long (HintTooFar, then a fresh hint) and a batch entry skipped for it.
    function test_everyHintPathIsExercised() public {
        for (uint256 s; s < 6; ++s) {
            Config memory c = _config(s, 0, 0, 0.05 ether, 0, 0, uint8(s * 37), s % 2 == 0, s % 3 != 0);
            c.k = 40; // more members than a walk may pass, so stale and garbage hints can be too far
            c.n = 60;
            _run(c);
            setUp();
        }
        assertGe(stats.fresh, 20, "fresh hints");
        assertGe(stats.stale, 20, "stale hints");
        assertGe(stats.garbage, 20, "garbage hints");
        assertGe(stats.batched, 20, "batched entries");
        assertGe(stats.tooFar, 1, "HintTooFar, then a fresh hint");
        assertGe(stats.batchSkipped, 1, "batch entries skipped");
    }

    /*//////////////////////////////////////////////////////////////
                                SCENARIO
    //////////////////////////////////////////////////////////////*/

    function _config(
        uint256 seed,
        uint8 k,
        uint8 n,
        uint96 bond,
        uint96 floor,
        uint96 reserve,
        uint8 flags,
        bool eth,
        bool erc1155
    ) internal pure returns (Config memory c) {
        c.seed = seed;
        c.k = bound(k, 1, MAX_FUZZ_UNITS);
        c.n = bound(n, 0, MAX_BIDDERS);
        c.eth = eth;
        c.erc1155 = erc1155;
        c.bond = bound(bond, 1, 1 ether);
        c.payAsBid = flags & 1 != 0;
        c.sealedReserve = flags & 2 != 0;
        c.reserveOpened = c.sealedReserve && flags & 4 != 0;
        c.settleEarly = flags & 8 != 0;
        c.floor = (flags >> 4) % 3 == 0 ? 0 : bound(floor, 0, MAX_BID / 2);
        c.reserve = bound(reserve, 0, MAX_BID / 2);
    }

    function _run(Config memory c) internal {
        Bid[] memory bids = _drawBids(c);
        (uint256 id, IKUnitAuctionHouseTypes.AuctionTerms memory t, bytes32 reserveSalt) = _create(c);
        for (uint256 i; i < c.n; ++i) {
            _commit(c, id, bids[i]);
        }
        _reservePhase(c, id, t, bids, reserveSalt);
        _openAll(c, id, bids);
        Ref memory r = _reference(c, bids);
        _settleAndCheck(c, id, t, bids, r);
        _claimAll(c, id, t, bids, r);
        _checkFinal(c, bids, r, t);
    }

    function _drawBids(Config memory c) internal pure returns (Bid[] memory bids) {
        bids = new Bid[](c.n);
        uint256[4] memory palette;
        for (uint256 j; j < 4; ++j) {
            palette[j] = bound(_rand(c.seed, "palette", j), 0, MAX_BID);
        }
        uint256 base = bound(_rand(c.seed, "tie base", 0), 1, MAX_BID - 1);
        for (uint256 i; i < c.n; ++i) {
            Bid memory b = bids[i];
            b.bidder = _bidder(c.seed, i);
            b.salt = bytes32(_rand(c.seed, "salt", i));
            b.order = i + 1;
            uint256 r = _rand(c.seed, "amount", i);
            if (c.boundaryTies) b.amount = base + (r & 1);
            else if (r % 3 == 0) b.amount = palette[(r >> 8) % 4];
            else if (r % 13 == 1) b.amount = c.floor;
            else if (r % 13 == 2) b.amount = c.reserve;
            else b.amount = bound(r >> 16, 0, MAX_BID);
            uint256 d = _rand(c.seed, "deposit", i);
            uint256 minDeposit = b.amount > c.bond ? b.amount : c.bond;
            if (!c.boundaryTies && d % 6 == 0 && b.amount > c.bond) b.deposit = bound(d >> 8, c.bond, b.amount - 1);
            else if ((d >> 8) % 4 == 0) b.deposit = minDeposit;
            else b.deposit = minDeposit + bound(d >> 16, 1, 5 ether);
            b.opened = c.boundaryTies || _rand(c.seed, "open", i) % 7 != 0;
        }
    }

    function _create(Config memory c)
        internal
        returns (uint256 id, IKUnitAuctionHouseTypes.AuctionTerms memory t, bytes32 reserveSalt)
    {
        id = house.nextAuctionId();
        reserveSalt = bytes32(_rand(c.seed, "reserve salt", 0));
        t.seller = SELLER;
        t.units = uint16(c.k);
        if (c.erc1155) {
            t.lotKind = IKUnitAuctionHouseTypes.LotKind.ERC1155;
            t.lotToken = address(items);
            t.lotId = nextLotId++;
            t.lotAmount = c.k;
            items.mint(SELLER, t.lotId, c.k);
        } else {
            t.lotKind = IKUnitAuctionHouseTypes.LotKind.ERC20;
            t.lotToken = address(lotToken);
            t.lotAmount = c.k * UNIT_SIZE;
            lotToken.mint(SELLER, t.lotAmount);
        }
        t.paymentToken = c.eth ? address(0) : address(payToken);
        t.format = c.payAsBid ? IKUnitAuctionHouseTypes.Format.PayAsBid : IKUnitAuctionHouseTypes.Format.UniformPrice;
        t.commitEnd = uint40(block.timestamp + 1 days);
        t.revealEnd = uint40(block.timestamp + 2 days);
        t.bond = uint104(c.bond);
        t.floorReserve = uint112(c.floor);
        c.sellerPayBefore = _balance(c.eth, SELLER);
        c.sellerLotBefore = lotToken.balanceOf(SELLER) - (c.erc1155 ? 0 : t.lotAmount);
        uint256 value;
        if (c.sealedReserve) {
            t.reserveEnd = uint40(t.commitEnd + 1 hours);
            t.reserveNonce = uint64(house.reserveNonceOf(SELLER));
            t.sealedReserveCommitment = keccak256(
                abi.encode(block.chainid, address(house), SELLER, uint256(t.reserveNonce), c.reserve, reserveSalt)
            );
            if (c.eth) {
                vm.deal(SELLER, SELLER.balance + c.bond);
                value = c.bond;
            } else {
                payToken.mint(SELLER, c.bond);
            }
        }
        vm.startPrank(SELLER);
        items.setApprovalForAll(address(house), true);
        lotToken.approve(address(house), type(uint256).max);
        payToken.approve(address(house), type(uint256).max);
        assertEq(house.create{value: value}(t), id, "create: id");
        vm.stopPrank();
        assertEq(house.auctionState(id).termsHash, keccak256(abi.encode(t)), "create: terms hash");
        assertEq(_units(c, address(house), t), c.k, "create: units escrowed");
    }

    function _commit(Config memory c, uint256 id, Bid memory b) internal {
        bytes32 commitment = keccak256(abi.encode(block.chainid, address(house), id, b.bidder, b.amount, b.salt));
        if (c.eth) {
            vm.deal(b.bidder, b.deposit);
            vm.prank(b.bidder);
            house.commit{value: b.deposit}(id, commitment, b.deposit);
        } else {
            payToken.mint(b.bidder, b.deposit);
            vm.startPrank(b.bidder);
            payToken.approve(address(house), type(uint256).max);
            house.commit(id, commitment, b.deposit);
            vm.stopPrank();
        }
        assertEq(
            house.positionDigest(commitment, b.deposit, b.order),
            uint256(keccak256(abi.encode(commitment, b.deposit, b.order))) | (1 << 255),
            "commit: digest"
        );
    }

    /// @dev With a sealed reserve, a bid opened before it is refused; then the reserve is opened in its window, or
    /// withheld and the bids wait for the window to pass.
    function _reservePhase(
        Config memory c,
        uint256 id,
        IKUnitAuctionHouseTypes.AuctionTerms memory t,
        Bid[] memory bids,
        bytes32 reserveSalt
    ) internal {
        vm.warp(t.commitEnd);
        if (!c.sealedReserve) return;
        if (c.n != 0) {
            Bid memory b = bids[0];
            vm.expectRevert(abi.encodeWithSelector(IKUnitAuctionHouseTypes.ReserveNotYetOpened.selector, id, t.reserveEnd));
            house.reveal(id, b.bidder, b.amount, b.salt, b.deposit, b.order, 0);
        }
        if (c.reserveOpened) {
            vm.prank(SELLER);
            house.revealReserve(id, t, c.reserve, reserveSalt);
        } else {
            vm.warp(t.reserveEnd);
        }
    }

    /// @dev Opens the bids that open, in a seeded order, each with a hint chosen by the seed.
    function _openAll(Config memory c, uint256 id, Bid[] memory bids) internal {
        uint256[] memory perm = _permutation(c.seed, "reveal order", c.n);
        uint256[] memory early = new uint256[](c.n);
        for (uint256 i; i < c.n; ++i) {
            early[i] = house.hintFor(id, bids[i].amount, bids[i].order);
        }
        uint256[] memory batch = new uint256[](c.n);
        uint256 batchLen;
        for (uint256 p; p < c.n; ++p) {
            uint256 i = perm[p];
            Bid memory b = bids[i];
            if (!b.opened) continue;
            uint256 mode = _rand(c.seed, "hint mode", i) % 5;
            if (mode == 4) {
                batch[batchLen++] = i;
                if (batchLen >= 1 + _rand(c.seed, "batch size", p) % 4) {
                    _flushBatch(c, id, bids, batch, batchLen, early);
                    batchLen = 0;
                }
                continue;
            }
            uint256 hint;
            if (mode <= 1) {
                hint = house.hintFor(id, b.amount, b.order);
                ++stats.fresh;
            } else if (mode == 2) {
                hint = early[i];
                ++stats.stale;
            } else {
                uint256 g = _rand(c.seed, "garbage", i);
                hint = g % 4 == 0 ? type(uint256).max : g % 4 == 1 ? (g >> 8) % 70_000 : (g >> 8) % (c.k + 2);
                ++stats.garbage;
            }
            _revealWithRetry(c, id, b, hint);
            _checkTopSet(c, id);
        }
        if (batchLen != 0) _flushBatch(c, id, bids, batch, batchLen, early);
    }

    /// @dev A reveal refused for its hint must change nothing; a fresh hint then succeeds.
    function _revealWithRetry(Config memory c, uint256 id, Bid memory b, uint256 hint) internal {
        uint32 openBefore = house.auctionState(id).openCount;
        address by = _rand(c.seed, "opener", b.order) % 3 == 0 ? OPENER : b.bidder;
        vm.prank(by);
        (bool ok, bytes memory ret) = address(house).call(
            abi.encodeCall(house.reveal, (id, b.bidder, b.amount, b.salt, b.deposit, b.order, hint))
        );
        if (!ok) {
            assertEq(
                keccak256(ret),
                keccak256(abi.encodeWithSelector(IKUnitAuctionHouseTypes.HintTooFar.selector, id, hint)),
                "reveal: only HintTooFar"
            );
            assertEq(house.auctionState(id).openCount, openBefore, "HintTooFar changed the count");
            (IKUnitAuctionHouseTypes.PositionStatus st,) = house.positionOf(id, b.bidder);
            assertTrue(st == IKUnitAuctionHouseTypes.PositionStatus.Sealed, "HintTooFar opened the bid");
            ++stats.tooFar;
            vm.prank(by);
            house.reveal(id, b.bidder, b.amount, b.salt, b.deposit, b.order, house.hintFor(id, b.amount, b.order));
        }
        assertEq(house.auctionState(id).openCount, openBefore + 1, "reveal: counted once");
    }

    /// @dev A batch whose hints were all computed before it runs (some when the reveal phase began); skipped
    /// entries are opened singly afterwards.
    function _flushBatch(
        Config memory c,
        uint256 id,
        Bid[] memory bids,
        uint256[] memory batch,
        uint256 len,
        uint256[] memory early
    ) internal {
        IKUnitAuctionHouseTypes.Opening[] memory entries = new IKUnitAuctionHouseTypes.Opening[](len + 1);
        for (uint256 j; j < len; ++j) {
            Bid memory b = bids[batch[j]];
            uint256 hint = _rand(c.seed, "batch hint", batch[j]) % 3 == 0 ? early[batch[j]] : house.hintFor(id, b.amount, b.order);
            entries[j] = IKUnitAuctionHouseTypes.Opening(b.bidder, b.amount, b.salt, b.deposit, b.order, hint);
        }
        // Plus one entry that can never open (a wrong amount): skipped, not reverted.
        if (len != 0) {
            Bid memory b0 = bids[batch[0]];
            entries[len] = IKUnitAuctionHouseTypes.Opening(b0.bidder, b0.amount + 1, b0.salt, b0.deposit, b0.order, 0);
        }
        uint32 before = house.auctionState(id).openCount;
        vm.prank(OPENER);
        uint256 opened = house.revealMany(id, entries);
        assertEq(house.auctionState(id).openCount, before + opened, "batch: count");
        stats.batched += len;
        for (uint256 j; j < len; ++j) {
            Bid memory b = bids[batch[j]];
            (IKUnitAuctionHouseTypes.PositionStatus st,) = house.positionOf(id, b.bidder);
            if (st == IKUnitAuctionHouseTypes.PositionStatus.Sealed) {
                ++stats.batchSkipped;
                _revealWithRetry(c, id, b, house.hintFor(id, b.amount, b.order));
            }
        }
        _checkTopSet(c, id);
    }

    /// @dev The top set is sorted ascending by (amount, then later order first) and holds at most k members.
    function _checkTopSet(Config memory c, uint256 id) internal view {
        (uint256[] memory slots, uint256[] memory orders, uint256[] memory amounts) = house.topSet(id);
        assertLe(slots.length, c.k, "top set: size");
        for (uint256 j = 1; j < slots.length; ++j) {
            bool ascending = amounts[j] > amounts[j - 1] || (amounts[j] == amounts[j - 1] && orders[j] < orders[j - 1]);
            assertTrue(ascending, "top set: order");
        }
        for (uint256 j; j < slots.length; ++j) {
            assertTrue(slots[j] >= 1 && slots[j] <= c.k, "top set: slot range");
        }
    }

    function _reference(Config memory c, Bid[] memory bids) internal pure returns (Ref memory r) {
        r.wins = new bool[](c.n);
        r.paid = new uint256[](c.n);
        r.effectiveReserve = c.floor;
        if (c.reserveOpened && c.reserve > r.effectiveReserve) r.effectiveReserve = c.reserve;
        // Winners by repeated full scans: the best remaining valid bid at or above the reserve, k times.
        for (uint256 w; w < c.k; ++w) {
            uint256 best = type(uint256).max;
            for (uint256 i; i < c.n; ++i) {
                Bid memory b = bids[i];
                if (r.wins[i] || !b.opened || b.amount > b.deposit || b.amount < r.effectiveReserve) continue;
                if (best == type(uint256).max || b.amount > bids[best].amount) best = i;
            }
            if (best == type(uint256).max) break;
            r.wins[best] = true;
            ++r.unitsSold;
        }
        uint256 highestLosing;
        uint256 forfeited;
        for (uint256 i; i < c.n; ++i) {
            Bid memory b = bids[i];
            bool valid = b.opened && b.amount <= b.deposit;
            if (!valid) ++forfeited;
            else if (!r.wins[i] && b.amount > highestLosing) highestLosing = b.amount;
        }
        uint256 uniform = highestLosing > r.effectiveReserve ? highestLosing : r.effectiveReserve;
        if (r.unitsSold != 0 && !c.payAsBid) r.price = uniform;
        for (uint256 i; i < c.n; ++i) {
            if (!r.wins[i]) continue;
            r.paid[i] = c.payAsBid ? bids[i].amount : uniform;
            r.proceeds += r.paid[i];
        }
        if (c.sealedReserve && !c.reserveOpened) ++forfeited;
        r.burned = forfeited * c.bond;
        if (c.reserveOpened) r.proceeds += c.bond;
    }

    function _settleAndCheck(
        Config memory c,
        uint256 id,
        IKUnitAuctionHouseTypes.AuctionTerms memory t,
        Bid[] memory bids,
        Ref memory r
    ) internal {
        bool allOpened = true;
        for (uint256 i; i < c.n; ++i) {
            if (!bids[i].opened) allOpened = false;
        }
        if (!(c.settleEarly && allOpened)) vm.warp(t.revealEnd);
        vm.recordLogs();
        vm.prank(OPENER);
        house.settle(id, t);
        (uint256 sold, uint256 price, uint256 effectiveReserve, uint256 burned) = _settledEvent(id);
        assertEq(sold, r.unitsSold, "units sold");
        assertEq(price, r.price, "price");
        assertEq(effectiveReserve, r.effectiveReserve, "effective reserve");
        assertEq(burned, r.burned, "burned");
        IKUnitAuctionHouseTypes.AuctionState memory st = house.auctionState(id);
        assertEq(st.unitsFree, c.k - r.unitsSold, "units free");
        assertTrue(st.phase == IKUnitAuctionHouseTypes.Phase.Settled, "phase");
        for (uint256 i; i < c.n; ++i) {
            (IKUnitAuctionHouseTypes.PositionStatus ps,) = house.positionOf(id, bids[i].bidder);
            assertEq(ps == IKUnitAuctionHouseTypes.PositionStatus.Ranked, r.wins[i], "winner iff ranked");
        }
    }

    function _claimAll(
        Config memory c,
        uint256 id,
        IKUnitAuctionHouseTypes.AuctionTerms memory t,
        Bid[] memory bids,
        Ref memory r
    ) internal {
        if (block.timestamp < t.revealEnd) vm.warp(t.revealEnd);
        for (uint256 i; i < c.n; ++i) {
            Bid memory b = bids[i];
            if (r.wins[i]) {
                if (_rand(c.seed, "deliver", i) % 3 == 0) {
                    vm.prank(SELLER);
                    house.deliverUnit(id, t, b.bidder);
                    if (b.deposit != r.paid[i]) {
                        vm.prank(b.bidder);
                        house.withdrawRefund(id, b.bidder);
                    }
                } else {
                    vm.prank(b.bidder);
                    house.claimUnit(id, b.bidder);
                }
                continue;
            }
            if (!b.opened) {
                bytes32 commitment = keccak256(abi.encode(block.chainid, address(house), id, b.bidder, b.amount, b.salt));
                vm.prank(b.bidder);
                house.withdrawUnrevealed(id, IKUnitAuctionHouseTypes.Position(commitment, b.deposit, b.order), b.bidder);
                continue;
            }
            (IKUnitAuctionHouseTypes.PositionStatus ps,) = house.positionOf(id, b.bidder);
            if (ps == IKUnitAuctionHouseTypes.PositionStatus.Displaced || ps == IKUnitAuctionHouseTypes.PositionStatus.Owed) {
                vm.prank(b.bidder);
                house.withdrawRefund(id, b.bidder);
            } else {
                assertTrue(ps == IKUnitAuctionHouseTypes.PositionStatus.None, "loser still holds something");
            }
        }
        vm.startPrank(SELLER);
        if (r.unitsSold < c.k) house.claimUnsold(id, t, SELLER);
        if (r.proceeds != 0) house.withdrawProceeds(id, t, SELLER);
        vm.stopPrank();
    }

    function _checkFinal(Config memory c, Bid[] memory bids, Ref memory r, IKUnitAuctionHouseTypes.AuctionTerms memory t)
        internal
        view
    {
        for (uint256 i; i < c.n; ++i) {
            Bid memory b = bids[i];
            bool valid = b.opened && b.amount <= b.deposit;
            uint256 expected = b.deposit - r.paid[i] - (valid ? 0 : c.bond);
            assertEq(_balance(c.eth, b.bidder), expected, "bidder balance");
            assertEq(_units(c, b.bidder, t), r.wins[i] ? 1 : 0, "bidder units");
        }
        assertEq(_balance(c.eth, SELLER) - c.sellerPayBefore, r.proceeds, "seller proceeds");
        uint256 sellerUnits = c.erc1155 ? items.balanceOf(SELLER, t.lotId) : (lotToken.balanceOf(SELLER) - c.sellerLotBefore) / UNIT_SIZE;
        assertEq(sellerUnits, c.k - r.unitsSold, "seller unsold units");
        assertEq(_balance(c.eth, address(house)), r.burned, "house holds only the burned bonds");
        assertEq(_units(c, address(house), t), 0, "house holds no unit");
        assertEq(_balance(c.eth, OPENER), 0, "opener received something");
    }

    /*//////////////////////////////////////////////////////////////
                        k = 1 AGAINST AUCTIONHOUSE
    //////////////////////////////////////////////////////////////*/

    function _differential(Config memory c) internal {
        Bid[] memory bids = _drawBids(c);
        c.erc1155 = false;
        // The k-unit house, with its own bidder addresses (the same bids).
        (uint256 idK, IKUnitAuctionHouseTypes.AuctionTerms memory tK, bytes32 reserveSalt) = _create(c);
        for (uint256 i; i < c.n; ++i) {
            _commit(c, idK, bids[i]);
        }
        _reservePhase(c, idK, tK, bids, reserveSalt);
        _openAll(c, idK, bids);
        Ref memory r = _reference(c, bids);
        _settleAndCheck(c, idK, tK, bids, r);
        _claimAll(c, idK, tK, bids, r);
        _checkFinal(c, bids, r, tK);

        // The single-item house, the same bids from other addresses.
        Bid[] memory other = new Bid[](c.n);
        for (uint256 i; i < c.n; ++i) {
            other[i] = Bid(_bidder(uint256(keccak256(abi.encode(c.seed))), i), bids[i].amount, bids[i].deposit, bids[i].salt, bids[i].order, bids[i].opened);
        }
        (address winner, uint256 price, uint256 effectiveReserve, uint256 burned, uint256 proceeds) = _runSingle(c, other);
        uint256 winnerIndex = type(uint256).max;
        for (uint256 i; i < c.n; ++i) {
            if (r.wins[i]) winnerIndex = i;
        }
        assertEq(winner, winnerIndex == type(uint256).max ? address(0) : other[winnerIndex].bidder, "k = 1: winner");
        assertEq(price, winnerIndex == type(uint256).max ? 0 : r.paid[winnerIndex], "k = 1: price");
        assertEq(effectiveReserve, r.effectiveReserve, "k = 1: effective reserve");
        assertEq(burned, r.burned, "k = 1: burned");
        assertEq(proceeds, r.proceeds, "k = 1: seller proceeds");
        for (uint256 i; i < c.n; ++i) {
            assertEq(_balance(true, other[i].bidder), _balance(true, bids[i].bidder), "k = 1: bidder balance");
            assertEq(lotToken.balanceOf(other[i].bidder), lotToken.balanceOf(bids[i].bidder), "k = 1: lot");
        }
    }

    /// @dev Runs the same auction through AuctionHouse (ETH, an ERC-20 lot of one unit's size) to the end.
    function _runSingle(Config memory c, Bid[] memory bids)
        internal
        returns (address winner, uint256 price, uint256 effectiveReserve, uint256 burned, uint256 proceeds)
    {
        uint256 id = single.nextAuctionId();
        bytes32 reserveSalt = bytes32(_rand(c.seed, "reserve salt", 0));
        IAuctionHouse.AuctionTerms memory t;
        t.seller = SELLER;
        t.lotKind = IAuctionHouse.LotKind.ERC20;
        t.lotToken = address(lotToken);
        t.lotAmountOrId = UNIT_SIZE;
        t.format = c.payAsBid ? IAuctionHouse.Format.FirstPrice : IAuctionHouse.Format.SecondPrice;
        t.commitEnd = uint40(block.timestamp + 1 days);
        t.revealEnd = uint40(block.timestamp + 2 days);
        t.bond = uint104(c.bond);
        t.floorReserve = uint112(c.floor);
        uint256 value;
        if (c.sealedReserve) {
            t.reserveEnd = uint40(t.commitEnd + 1 hours);
            t.reserveNonce = uint64(single.reserveNonceOf(SELLER));
            t.sealedReserveCommitment = keccak256(
                abi.encode(block.chainid, address(single), SELLER, uint256(t.reserveNonce), c.reserve, reserveSalt)
            );
            value = c.bond;
        }
        uint256 sellerBefore = SELLER.balance;
        vm.deal(SELLER, sellerBefore + value);
        lotToken.mint(SELLER, UNIT_SIZE);
        vm.startPrank(SELLER);
        lotToken.approve(address(single), UNIT_SIZE);
        single.create{value: value}(t);
        vm.stopPrank();
        for (uint256 i; i < c.n; ++i) {
            Bid memory b = bids[i];
            vm.deal(b.bidder, b.deposit);
            vm.prank(b.bidder);
            single.commit{value: b.deposit}(
                id, keccak256(abi.encode(block.chainid, address(single), id, b.bidder, b.amount, b.salt)), b.deposit
            );
        }
        vm.warp(t.commitEnd);
        if (c.sealedReserve) {
            if (c.reserveOpened) {
                vm.prank(SELLER);
                single.revealReserve(id, t, c.reserve, reserveSalt);
            } else {
                vm.warp(t.reserveEnd);
            }
        }
        uint256[] memory perm = _permutation(c.seed, "reveal order", c.n);
        for (uint256 p; p < c.n; ++p) {
            Bid memory b = bids[perm[p]];
            if (b.opened) single.reveal(id, b.bidder, b.amount, b.salt, b.deposit, b.order);
        }
        vm.warp(t.revealEnd);
        uint32 bestOrder = single.auctionState(id).bestOrder;
        address leader = bestOrder == type(uint32).max ? address(0) : bids[bestOrder - 1].bidder;
        // (The lot token is shared with the k-unit house, which may have returned SELLER a lot already.)
        uint256 sellerLotBefore = lotToken.balanceOf(SELLER);
        vm.recordLogs();
        single.settle(id, t, leader);
        (winner, price, effectiveReserve, burned) = _singleSettledEvent(id);
        // Settlement delivered the lot, the leader's refund and the proceeds (EOAs: every push succeeds).
        address lotOwner = winner == address(0) ? SELLER : winner;
        assertEq(
            lotToken.balanceOf(lotOwner) - (winner == address(0) ? sellerLotBefore : 0),
            UNIT_SIZE,
            "single: lot delivered at settlement"
        );
        assertEq(lotToken.balanceOf(address(single)), 0, "single: lot left in the house");
        assertTrue(single.auctionState(id).lotClaimed, "single: lotClaimed");
        vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.LotAlreadyClaimed.selector, id));
        vm.prank(lotOwner);
        single.claimLot(id, t, lotOwner);
        assertEq(single.proceedsOf(id, SELLER), 0, "single: proceeds left as a claim");
        proceeds = SELLER.balance - sellerBefore;
        // What is left to claim: only unopened deposits; every opened position was paid by a push.
        for (uint256 i; i < c.n; ++i) {
            Bid memory b = bids[i];
            if (!b.opened) {
                bytes32 commitment = keccak256(abi.encode(block.chainid, address(single), id, b.bidder, b.amount, b.salt));
                vm.prank(b.bidder);
                single.withdrawUnrevealed(id, IAuctionHouse.Position(commitment, b.deposit, b.order), b.bidder);
                continue;
            }
            (IAuctionHouse.PositionStatus ps, uint256 v) = single.positionOf(id, b.bidder);
            assertTrue(ps == IAuctionHouse.PositionStatus.None && v == 0, "single: opened position left after settlement");
        }
        assertEq(address(single).balance, burned, "single: house holds more than burned bonds");
    }

    /*//////////////////////////////////////////////////////////////
                                HELPERS
    //////////////////////////////////////////////////////////////*/

    function _settledEvent(uint256 id)
        internal
        returns (uint256 sold, uint256 price, uint256 effectiveReserve, uint256 burned)
    {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 found;
        for (uint256 j; j < logs.length; ++j) {
            Vm.Log memory l = logs[j];
            if (l.emitter != address(house) || l.topics[0] != IKUnitAuctionHouseTypes.AuctionSettled.selector) continue;
            assertEq(uint256(l.topics[1]), id, "event: auction id");
            (sold, price, effectiveReserve, burned) = abi.decode(l.data, (uint256, uint256, uint256, uint256));
            ++found;
        }
        assertEq(found, 1, "AuctionSettled events");
    }

    function _singleSettledEvent(uint256 id)
        internal
        returns (address winner, uint256 price, uint256 effectiveReserve, uint256 burned)
    {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 j; j < logs.length; ++j) {
            Vm.Log memory l = logs[j];
            if (l.emitter != address(single) || l.topics[0] != IAuctionHouse.AuctionSettled.selector) continue;
            assertEq(uint256(l.topics[1]), id, "single event: auction id");
            winner = address(uint160(uint256(l.topics[2])));
            (price, effectiveReserve, burned) = abi.decode(l.data, (uint256, uint256, uint256));
        }
    }

    function _balance(bool eth, address who) internal view returns (uint256) {
        return eth ? who.balance : payToken.balanceOf(who);
    }

    function _units(Config memory c, address who, IKUnitAuctionHouseTypes.AuctionTerms memory t)
        internal
        view
        returns (uint256)
    {
        return c.erc1155 ? items.balanceOf(who, t.lotId) : lotToken.balanceOf(who) / UNIT_SIZE;
    }

    function _bidder(uint256 seed, uint256 i) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode("unit bidder", seed, i)))));
    }

    function _rand(uint256 seed, string memory tag, uint256 i) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, tag, i)));
    }

    function _permutation(uint256 seed, string memory tag, uint256 n) internal pure returns (uint256[] memory p) {
        p = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            p[i] = i;
        }
        for (uint256 i = n; i > 1; --i) {
            uint256 j = _rand(seed, tag, i) % i;
            (p[i - 1], p[j]) = (p[j], p[i - 1]);
        }
    }
}
