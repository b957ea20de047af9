// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {Vm, vm} from "./utils/Vm.sol";
import {AuctionHouse} from "../../contracts/AuctionHouse.sol";
import {IAuctionHouse} from "../../contracts/interfaces/IAuctionHouse.sol";
import {MockERC20} from "../../contracts/test/MockERC20.sol";
import {MockERC721} from "../../contracts/test/MockERC721.sol";

/// @notice Fuzzes whole auctions (1..12 bidders, random amounts and deposits, over-deposit openings, bids never
/// opened, recommitments, random commit and reveal orders, deliberate ties, either format, a public floor and an
/// optional sealed reserve opened in its window [commitEnd, reserveEnd) before any bid, or withheld and the bids
/// opened after reserveEnd; a bid opened while the reserve is pending is refused) and checks that the contract's settlement, views and every final
/// balance equal an independent reference computed here by a plain full scan (lib/auction.ts `computeOutcome`):
///  - valid = opened && amount <= deposit; the winner is the highest valid amount, ties to the lowest commit order;
///  - sold iff that amount >= max(floor, opened sealed reserve);
///  - second price pays max(second-highest valid amount, effective reserve); first price pays the winner's bid;
///  - burned = bond * (unopened + over-deposit openings) + bond if the sealed reserve was withheld;
///  - every bidder gets its deposit back less any forfeited bond and, for the winner, the price.
contract AuctionOutcomeTest is Test {
    uint32 internal constant NO_BID = type(uint32).max;
    uint256 internal constant DIGEST_FLAG = 1 << 255;
    uint256 internal constant MAX_BIDDERS = 12;
    uint256 internal constant MAX_BID = 20 ether;
    uint256 internal constant TOKEN_ID = 7;
    uint256 internal constant LOT_AMOUNT = 1_000e18;
    address internal constant SELLER = address(uint160(0x5E11E4C0DE));
    /// @dev A third party that opens bids on the bidders' behalf (rule 8) and calls settle.
    address internal constant OPENER = address(uint160(0x0BE4E4C0DE));

    AuctionHouse internal house;
    MockERC721 internal nft;
    MockERC20 internal payToken;
    MockERC20 internal lotToken;

    struct Config {
        uint256 seed;
        bool eth; // payment in ETH, else in `payToken`
        bool erc20Lot; // lot is LOT_AMOUNT of `lotToken`, else `nft` TOKEN_ID
        bool firstPrice;
        uint256 n; // bidders
        uint256 bond;
        uint256 floor;
        bool sealedReserve;
        bool reserveOpened;
        uint256 reserve;
        bool settleEarly; // settle as soon as everything is opened, when it is
        bool allTie; // every bidder bids the same amount, opens, and is valid
    }

    struct Bid {
        address bidder;
        uint256 amount;
        uint256 deposit;
        bytes32 salt;
        bytes32 commitment;
        uint256 order; // 1-based commit order
        bool opened;
        bool byThirdParty;
        bool recommits; // first commits a decoy, then replaces it and tops up
        uint256 decoyAmount;
        uint256 firstDeposit;
        bool everLed; // led when opened: held until displaced (refunded in that reveal) or until settlement
    }

    struct Ref {
        bool anyValid;
        uint256 best; // index of the winner candidate
        uint256 bestAmount;
        uint256 second;
        uint256 effectiveReserve;
        bool sold;
        address winner;
        uint256 price;
        uint256 opened;
        uint256 overDeposit;
        uint256 unopened;
        uint256 burned;
        uint256 proceeds;
    }

    function setUp() public {
        vm.warp(1_750_000_000);
        house = new AuctionHouse();
        nft = new MockERC721("Lot", "LOT");
        payToken = new MockERC20("Pay", "PAY");
        lotToken = new MockERC20("Lot20", "L20");
    }

    /*//////////////////////////////////////////////////////////////
                                  FUZZ
    //////////////////////////////////////////////////////////////*/

    /// @notice ETH payment, ERC-721 lot.
    function testFuzz_settlementMatchesReference_ethNft(
        uint256 seed,
        uint8 n,
        uint96 bond,
        uint96 floor,
        uint96 reserve,
        uint8 flags
    ) public {
        _run(_config(seed, n, bond, floor, reserve, flags, true, false));
    }

    /// @notice ERC-20 payment, ERC-20 lot.
    function testFuzz_settlementMatchesReference_erc20(
        uint256 seed,
        uint8 n,
        uint96 bond,
        uint96 floor,
        uint96 reserve,
        uint8 flags
    ) public {
        _run(_config(seed, n, bond, floor, reserve, flags, false, true));
    }

    /// @notice Every bid equal and opened in a random order: the earliest commitment wins (rule 5) and, in a
    /// second-price auction with two or more bids, pays the tied amount.
    function testFuzz_tiesGoToEarliestCommitment(uint256 seed, uint8 n, uint96 bond, bool firstPrice, bool eth)
        public
    {
        Config memory c = _config(seed, n, bond, 0, 0, firstPrice ? 1 : 0, eth, !eth);
        c.allTie = true;
        c.sealedReserve = false;
        c.reserveOpened = false;
        (Ref memory r, Bid[] memory bids) = _run(c);
        assertTrue(r.sold, "tie: unsold");
        assertEq(bids[r.best].order, 1, "tie: winner is not the earliest commitment");
        assertEq(r.price, c.n >= 2 || c.firstPrice ? bids[0].amount : c.floor, "tie: price");
    }

    /// @notice Rule 2 and the stored position: `commitmentOf`, `reserveCommitmentOf` and `positionDigest`
    /// equal the formulas, for any inputs.
    function testFuzz_commitmentAndDigestFormulas(
        uint256 auctionId,
        address bidder,
        uint256 amount,
        bytes32 salt,
        bytes32 commitment,
        uint256 deposit,
        uint256 order
    ) public view {
        bytes32 expected = keccak256(abi.encode(block.chainid, address(house), auctionId, bidder, amount, salt));
        assertEq(house.commitmentOf(auctionId, bidder, amount, salt), expected, "commitmentOf");
        assertEq(
            house.positionDigest(commitment, deposit, order),
            uint256(keccak256(abi.encode(commitment, deposit, order))) | DIGEST_FLAG,
            "positionDigest"
        );
    }

    /// @notice A real commitment is stored as its digest; a copier who commits the same hash cannot open it
    /// with the victim's amount and salt (rule 2), while the victim can, and the copier's bond burns.
    function testFuzz_storedDigestAndCopiedCommitment(uint256 amountRaw, bytes32 salt, uint96 slack, uint256 who)
        public
    {
        address victim = _bidderAddress(who % 1000);
        address copier = _bidderAddress(1000 + who % 1000);
        uint256 bond = 0.1 ether;
        uint256 amount = bound(amountRaw, 0, MAX_BID);
        uint256 deposit = (amount > bond ? amount : bond) + bound(slack, 0, 5 ether);
        (uint256 id, IAuctionHouse.AuctionTerms memory terms) = _createSimple(bond);

        bytes32 c = house.commitmentOf(id, victim, amount, salt);
        assertEq(c, keccak256(abi.encode(block.chainid, address(house), id, victim, amount, salt)), "commitment");
        _fundAndCommit(true, victim, id, c, deposit, deposit);
        _fundAndCommit(true, copier, id, c, deposit, deposit);
        (IAuctionHouse.PositionStatus st, uint256 v) = house.positionOf(id, victim);
        assertTrue(st == IAuctionHouse.PositionStatus.Sealed, "victim not sealed");
        assertEq(v, uint256(keccak256(abi.encode(c, deposit, uint256(1)))) | DIGEST_FLAG, "victim digest");
        (, v) = house.positionOf(id, copier);
        assertEq(v, uint256(keccak256(abi.encode(c, deposit, uint256(2)))) | DIGEST_FLAG, "copier digest");

        vm.warp(terms.commitEnd);
        vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.OpeningMismatch.selector, id, copier));
        house.reveal(id, copier, amount, salt, deposit, 2);
        house.reveal(id, victim, amount, salt, deposit, 1);

        vm.warp(terms.revealEnd);
        vm.recordLogs();
        house.settle(id, terms, victim);
        (address winner, uint256 price,, uint256 burned) = _settledEvent(id, vm.getRecordedLogs());
        assertEq(winner, amount >= terms.floorReserve ? victim : address(0), "copy: winner");
        assertEq(price, winner == address(0) ? 0 : terms.floorReserve, "copy: price");
        assertEq(burned, bond, "copy: copier's bond burns");
        vm.prank(copier);
        house.withdrawUnrevealed(id, IAuctionHouse.Position(c, deposit, 2), copier);
        assertEq(copier.balance, deposit - bond, "copier refund");
    }

    /*//////////////////////////////////////////////////////////////
                               SCENARIO
    //////////////////////////////////////////////////////////////*/

    function _config(
        uint256 seed,
        uint8 n,
        uint96 bond,
        uint96 floor,
        uint96 reserve,
        uint8 flags,
        bool eth,
        bool erc20Lot
    ) internal pure returns (Config memory c) {
        c.seed = seed;
        c.eth = eth;
        c.erc20Lot = erc20Lot;
        c.n = bound(n, 1, MAX_BIDDERS);
        c.bond = bound(bond, 1, 1 ether);
        c.firstPrice = flags & 1 != 0;
        c.sealedReserve = flags & 2 != 0;
        c.reserveOpened = c.sealedReserve && flags & 4 != 0;
        c.settleEarly = flags & 8 != 0;
        // A third of floors are 0; the rest span the bid range so that both sold and unsold outcomes occur.
        c.floor = (flags >> 4) % 3 == 0 ? 0 : bound(floor, 0, MAX_BID);
        c.reserve = bound(reserve, 0, MAX_BID);
    }

    function _run(Config memory c) internal returns (Ref memory r, Bid[] memory bids) {
        bids = _drawBids(c);
        (uint256 id, IAuctionHouse.AuctionTerms memory terms, bytes32 reserveSalt) = _create(c);
        _commitAll(c, id, bids);

        vm.warp(terms.commitEnd);
        assertTrue(
            house.phaseOf(id)
                == (c.sealedReserve ? IAuctionHouse.Phase.OpeningReserve : IAuctionHouse.Phase.Revealing),
            "phase at commitEnd"
        );
        _revealAll(c, id, terms, bids, reserveSalt);

        r = _reference(c, bids);
        _settle(c, id, terms, bids, r);
        _checkSettledState(c, id, bids, r);
        _claimAll(c, id, terms, bids, r);
        _checkFinalBalances(c, id, bids, r);
    }

    function _drawBids(Config memory c) internal pure returns (Bid[] memory bids) {
        bids = new Bid[](c.n);
        uint256[3] memory palette;
        for (uint256 k; k < 3; ++k) {
            palette[k] = bound(_rand(c.seed, "palette", k), 0, MAX_BID);
        }
        // Commit order: a seeded permutation of the bidders.
        uint256[] memory perm = _permutation(c.seed, "commit order", c.n);
        for (uint256 i; i < c.n; ++i) {
            Bid memory b = bids[i];
            b.bidder = _bidderAddress(i);
            b.salt = bytes32(_rand(c.seed, "salt", i));
            uint256 r = _rand(c.seed, "amount", i);
            if (c.allTie) {
                b.amount = palette[0];
            } else if (r % 3 == 0) {
                b.amount = palette[(r >> 8) % 3]; // deliberate ties
            } else if (r % 11 == 1) {
                b.amount = c.floor; // exactly at the floor
            } else if (r % 11 == 2) {
                b.amount = c.reserve; // exactly at the sealed reserve
            } else {
                b.amount = bound(r >> 16, 0, MAX_BID);
            }
            uint256 d = _rand(c.seed, "deposit", i);
            uint256 minDeposit = b.amount > c.bond ? b.amount : c.bond;
            if (!c.allTie && d % 5 == 0 && b.amount > c.bond) {
                b.deposit = bound(d >> 8, c.bond, b.amount - 1); // over-deposit opening: invalid, bond forfeited
            } else if ((d >> 8) % 4 == 0) {
                b.deposit = minDeposit; // exact
            } else {
                b.deposit = minDeposit + bound(d >> 16, 1, 5 ether);
            }
            uint256 o = _rand(c.seed, "open", i);
            b.opened = c.allTie || o % 6 != 0;
            b.byThirdParty = (o >> 8) % 4 == 0;
            b.recommits = (o >> 16) % 4 == 0;
            b.decoyAmount = bound(o >> 24, 0, MAX_BID);
            b.firstDeposit = bound(o >> 128, c.bond, b.deposit);
            b.order = perm[i] + 1;
        }
    }

    function _create(Config memory c)
        internal
        returns (uint256 id, IAuctionHouse.AuctionTerms memory t, bytes32 reserveSalt)
    {
        id = house.nextAuctionId();
        reserveSalt = bytes32(_rand(c.seed, "reserve salt", 0));
        t.seller = SELLER;
        t.lotKind = c.erc20Lot ? IAuctionHouse.LotKind.ERC20 : IAuctionHouse.LotKind.ERC721;
        t.lotToken = c.erc20Lot ? address(lotToken) : address(nft);
        t.lotAmountOrId = c.erc20Lot ? LOT_AMOUNT : TOKEN_ID;
        t.paymentToken = c.eth ? address(0) : address(payToken);
        t.format = c.firstPrice ? IAuctionHouse.Format.FirstPrice : IAuctionHouse.Format.SecondPrice;
        t.commitEnd = uint40(block.timestamp + 1 days);
        t.revealEnd = uint40(block.timestamp + 2 days);
        t.bond = uint104(c.bond);
        t.floorReserve = uint112(c.floor);
        if (c.sealedReserve) {
            // A reserve window of 1 s up to all but 1 s of the reveal window, boundaries included.
            uint256 r = _rand(c.seed, "reserve window", 0);
            uint256 span = t.revealEnd - t.commitEnd;
            uint256 len = r % 4 == 0 ? 1 : r % 4 == 1 ? span - 1 : bound(r >> 8, 1, span - 1);
            t.reserveEnd = uint40(t.commitEnd + len);
            t.reserveNonce = uint64(house.reserveNonceOf(SELLER));
            // Rule 6: keccak256(abi.encode(chainId, house, seller, nonce, reserve, salt)), computed here.
            t.sealedReserveCommitment = keccak256(
                abi.encode(block.chainid, address(house), SELLER, uint256(t.reserveNonce), c.reserve, reserveSalt)
            );
        }

        uint256 value;
        if (c.erc20Lot) lotToken.mint(SELLER, LOT_AMOUNT);
        else nft.mint(SELLER, TOKEN_ID);
        if (c.sealedReserve) {
            if (c.eth) {
                vm.deal(SELLER, c.bond);
                value = c.bond;
            } else {
                payToken.mint(SELLER, c.bond);
            }
        }
        vm.startPrank(SELLER);
        if (c.erc20Lot) lotToken.approve(address(house), LOT_AMOUNT);
        else nft.approve(address(house), TOKEN_ID);
        if (!c.eth) payToken.approve(address(house), type(uint256).max);
        uint256 got = house.create{value: value}(t);
        vm.stopPrank();
        assertEq(got, id, "create: id");
        assertEq(house.auctionState(id).termsHash, keccak256(abi.encode(t)), "create: terms hash");
        if (c.erc20Lot) assertEq(lotToken.balanceOf(address(house)), LOT_AMOUNT, "lot escrowed");
        else assertEq(nft.ownerOf(TOKEN_ID), address(house), "lot escrowed");
        assertEq(_balance(c.eth, address(house)), c.sealedReserve ? c.bond : 0, "reserve bond escrowed");
    }

    function _commitAll(Config memory c, uint256 id, Bid[] memory bids) internal {
        // Commit in order 1..n.
        for (uint256 o = 1; o <= c.n; ++o) {
            uint256 i = _indexOfOrder(bids, o);
            Bid memory b = bids[i];
            b.commitment = keccak256(abi.encode(block.chainid, address(house), id, b.bidder, b.amount, b.salt));
            if (b.recommits) {
                bytes32 decoy =
                    keccak256(abi.encode(block.chainid, address(house), id, b.bidder, b.decoyAmount, ~b.salt));
                _fundAndCommit(c.eth, b.bidder, id, decoy, b.firstDeposit, b.deposit);
                uint256 added = b.deposit - b.firstDeposit;
                vm.prank(b.bidder);
                house.recommit{value: c.eth ? added : 0}(
                    id, IAuctionHouse.Position(decoy, b.firstDeposit, o), b.commitment, added
                );
            } else {
                _fundAndCommit(c.eth, b.bidder, id, b.commitment, b.deposit, b.deposit);
            }
            (IAuctionHouse.PositionStatus st, uint256 v) = house.positionOf(id, b.bidder);
            assertTrue(st == IAuctionHouse.PositionStatus.Sealed, "commit: not sealed");
            assertEq(v, uint256(keccak256(abi.encode(b.commitment, b.deposit, o))) | DIGEST_FLAG, "commit: digest");
            assertEq(_balance(c.eth, b.bidder), 0, "commit: deposit not taken");
        }
        assertEq(house.auctionState(id).commitCount, c.n, "commitCount");
    }

    /// @dev Funds `bidder` with `fund` and commits `deposit` (ETH or token).
    function _fundAndCommit(bool eth, address bidder, uint256 id, bytes32 commitment, uint256 deposit, uint256 fund)
        internal
    {
        if (eth) {
            vm.deal(bidder, fund);
            vm.prank(bidder);
            house.commit{value: deposit}(id, commitment, deposit);
        } else {
            payToken.mint(bidder, fund);
            vm.startPrank(bidder);
            payToken.approve(address(house), type(uint256).max);
            house.commit(id, commitment, deposit);
            vm.stopPrank();
        }
    }

    /// @dev With a sealed reserve: a bid opened in the reserve window before the reserve is refused
    /// (ReserveNotYetOpened) and changes nothing; then the reserve is opened at a random time in
    /// [commitEnd, reserveEnd) (a late opening is refused), or withheld and the bids opened from a random time in
    /// [reserveEnd, revealEnd). Bids are opened in a seeded order at non-decreasing random times before revealEnd.
    function _revealAll(
        Config memory c,
        uint256 id,
        IAuctionHouse.AuctionTerms memory terms,
        Bid[] memory bids,
        bytes32 reserveSalt
    ) internal {
        uint256[] memory perm = _permutation(c.seed, "reveal order", c.n);
        bool anyOpened;
        for (uint256 i; i < c.n; ++i) {
            if (bids[i].opened) anyOpened = true;
        }
        if (c.sealedReserve) {
            uint256 inWindow = terms.commitEnd + _rand(c.seed, "reserve time", 0) % (terms.reserveEnd - terms.commitEnd);
            vm.warp(inWindow);
            assertTrue(house.phaseOf(id) == IAuctionHouse.Phase.OpeningReserve, "phase: opening reserve");
            _expectBidRefusedWhileReservePending(c, id, terms, bids, perm);
            if (c.reserveOpened) {
                vm.prank(_rand(c.seed, "reserve by", 0) % 2 == 0 ? SELLER : OPENER);
                house.revealReserve(id, terms, c.reserve, reserveSalt);
                assertTrue(house.auctionState(id).reserveOpened, "reserve opened");
                assertTrue(house.phaseOf(id) == IAuctionHouse.Phase.Revealing, "phase: revealing after reserve");
            } else if (anyOpened || _rand(c.seed, "stay", 0) % 2 == 0) {
                // Withheld: the window passes; the seller can no longer open it (it would see bids now).
                uint256 span = terms.revealEnd - terms.reserveEnd;
                vm.warp(terms.reserveEnd + _rand(c.seed, "after reserve", 0) % span);
                assertTrue(house.phaseOf(id) == IAuctionHouse.Phase.Revealing, "phase: revealing, reserve withheld");
                vm.expectRevert(
                    abi.encodeWithSelector(IAuctionHouse.UnexpectedPhase.selector, id, IAuctionHouse.Phase.Revealing)
                );
                vm.prank(SELLER);
                house.revealReserve(id, terms, c.reserve, reserveSalt);
            }
        }
        _openBids(c, id, terms.revealEnd, bids, perm);
        assertEq(_balance(c.eth, OPENER), 0, "opener received something");
    }

    function _openBids(Config memory c, uint256 id, uint256 revealEnd, Bid[] memory bids, uint256[] memory perm)
        internal
    {
        // Running best amount, its order, and the standing leader's index (NO_BID: none yet).
        uint256[3] memory run = [uint256(0), uint256(NO_BID), uint256(NO_BID)];
        for (uint256 k; k < c.n; ++k) {
            Bid memory b = bids[perm[k]];
            if (!b.opened) continue;
            // Time moves on between openings, staying in the reveal window.
            _maybeWait(_rand(c.seed, "reveal delay", k), revealEnd);
            bool valid = b.amount <= b.deposit;
            bool leads = valid && (b.amount > run[0] || (b.amount == run[0] && b.order < run[1]));
            uint256 displaced = leads ? run[2] : NO_BID;
            if (leads) {
                b.everLed = true;
                (run[0], run[1], run[2]) = (b.amount, b.order, perm[k]);
            }
            vm.prank(b.byThirdParty ? OPENER : b.bidder);
            house.reveal(id, b.bidder, b.amount, b.salt, b.deposit, b.order);
            // A bid that leads is held; any other is refunded in its own reveal (less the bond if over-deposit).
            assertEq(_balance(c.eth, b.bidder), leads ? 0 : valid ? b.deposit : b.deposit - c.bond, "reveal: pushed");
            if (displaced != NO_BID) {
                // The leader it displaced got its whole deposit back in this same reveal.
                Bid memory d = bids[displaced];
                assertEq(_balance(c.eth, d.bidder), d.deposit, "reveal: displaced leader not refunded");
                (IAuctionHouse.PositionStatus ds, uint256 dv) = house.positionOf(id, d.bidder);
                assertTrue(ds == IAuctionHouse.PositionStatus.None && dv == 0, "reveal: displaced position left");
            }
        }
        assertLe(block.timestamp, revealEnd - 1, "reveals stayed in the window");
    }

    function _maybeWait(uint256 r, uint256 revealEnd) internal {
        if (r % 3 == 0) vm.warp(block.timestamp + (r >> 8) % ((revealEnd - block.timestamp + 1) / 2));
    }

    /// @dev In the reserve window with the reserve unopened: opening any bid reverts with ReserveNotYetOpened
    /// and changes nothing; so does settling early.
    function _expectBidRefusedWhileReservePending(
        Config memory c,
        uint256 id,
        IAuctionHouse.AuctionTerms memory terms,
        Bid[] memory bids,
        uint256[] memory perm
    ) internal {
        IAuctionHouse.AuctionState memory before = house.auctionState(id);
        uint256 houseBefore = _balance(c.eth, address(house));
        _expectRefusedReveal(id, terms.reserveEnd, bids[perm[0]], bids[perm[0]].bidder);
        if (c.n > 1) _expectRefusedReveal(id, terms.reserveEnd, bids[perm[1]], OPENER);
        vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.RevealsOutstanding.selector, id, c.n, true));
        house.settle(id, terms, address(0));
        IAuctionHouse.AuctionState memory afterState = house.auctionState(id);
        assertEq(afterState.openCount, before.openCount, "pending reserve: openCount changed");
        assertEq(afterState.bestOrder, before.bestOrder, "pending reserve: standing changed");
        assertEq(_balance(c.eth, address(house)), houseBefore, "pending reserve: house balance changed");
    }

    function _expectRefusedReveal(uint256 id, uint256 reserveEnd, Bid memory b, address caller) internal {
        (, uint256 digestBefore) = house.positionOf(id, b.bidder);
        vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.ReserveNotYetOpened.selector, id, reserveEnd));
        vm.prank(caller);
        house.reveal(id, b.bidder, b.amount, b.salt, b.deposit, b.order);
        (IAuctionHouse.PositionStatus st, uint256 digestAfter) = house.positionOf(id, b.bidder);
        assertTrue(st == IAuctionHouse.PositionStatus.Sealed, "pending reserve: bid no longer sealed");
        assertEq(digestAfter, digestBefore, "pending reserve: digest changed");
    }

    function _reference(Config memory c, Bid[] memory bids) internal pure returns (Ref memory r) {
        // Full scan: the highest valid amount, ties to the lowest commit order.
        for (uint256 i; i < c.n; ++i) {
            Bid memory b = bids[i];
            if (!b.opened) {
                ++r.unopened;
                continue;
            }
            ++r.opened;
            if (b.amount > b.deposit) {
                ++r.overDeposit;
                continue;
            }
            if (
                !r.anyValid || b.amount > r.bestAmount
                    || (b.amount == r.bestAmount && b.order < bids[r.best].order)
            ) {
                r.anyValid = true;
                r.best = i;
                r.bestAmount = b.amount;
            }
        }
        // Second-highest valid amount: the highest among the valid bids other than the best.
        for (uint256 i; i < c.n; ++i) {
            Bid memory b = bids[i];
            if (i == r.best || !b.opened || b.amount > b.deposit) continue;
            if (b.amount > r.second) r.second = b.amount;
        }
        r.effectiveReserve = c.floor;
        if (c.reserveOpened && c.reserve > r.effectiveReserve) r.effectiveReserve = c.reserve;
        r.sold = r.anyValid && r.bestAmount >= r.effectiveReserve;
        if (r.sold) {
            r.winner = bids[r.best].bidder;
            if (c.firstPrice) r.price = r.bestAmount;
            else r.price = r.second > r.effectiveReserve ? r.second : r.effectiveReserve;
        }
        r.burned = c.bond * (r.unopened + r.overDeposit) + (c.sealedReserve && !c.reserveOpened ? c.bond : 0);
        r.proceeds = r.price + (c.reserveOpened ? c.bond : 0);
    }

    function _settle(
        Config memory c,
        uint256 id,
        IAuctionHouse.AuctionTerms memory terms,
        Bid[] memory bids,
        Ref memory r
    ) internal {
        bool reservePending = c.sealedReserve && !c.reserveOpened && block.timestamp < terms.reserveEnd;
        bool everythingOpen = r.unopened == 0 && !reservePending;
        if (everythingOpen && c.settleEarly) {
            assertTrue(block.timestamp < terms.revealEnd, "early settle: window over");
            assertTrue(house.phaseOf(id) == IAuctionHouse.Phase.AwaitingSettlement, "phase: awaiting (early)");
        } else {
            if (!everythingOpen) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        IAuctionHouse.RevealsOutstanding.selector, id, r.unopened, reservePending
                    )
                );
                house.settle(id, terms, address(0));
            }
            vm.warp(uint256(terms.revealEnd) + _rand(c.seed, "settle delay", 0) % 3 days);
            assertTrue(house.phaseOf(id) == IAuctionHouse.Phase.AwaitingSettlement, "phase: awaiting");
        }

        IAuctionHouse.AuctionState memory st = house.auctionState(id);
        address leader = address(0);
        if (st.bestOrder != NO_BID) leader = bids[_indexOfOrder(bids, st.bestOrder)].bidder;
        // A sold auction refuses any other account as the leader.
        if (r.sold && c.n >= 2) {
            address wrong = bids[(r.best + 1 + _rand(c.seed, "wrong", 0) % (c.n - 1)) % c.n].bidder;
            vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.NotLeader.selector, id, wrong));
            house.settle(id, terms, wrong);
        }
        // Unsold: the leader argument is ignored.
        if (!r.sold && _rand(c.seed, "leader", 0) % 2 == 0) leader = address(0xdead);

        vm.recordLogs();
        vm.prank(_rand(c.seed, "settler", 0) % 2 == 0 ? OPENER : SELLER);
        house.settle(id, terms, leader);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        (address winner, uint256 price, uint256 effectiveReserve, uint256 burned) = _settledEvent(id, logs);
        assertEq(winner, r.winner, "event: winner");
        assertEq(price, r.price, "event: price");
        assertEq(effectiveReserve, r.effectiveReserve, "event: effective reserve");
        assertEq(burned, r.burned, "event: burned");
        _checkDeliveryEvents(id, bids, r, logs);
    }

    /// @dev The settlement's pushes, each logged as the claim it replaces with the owner as recipient: the lot,
    /// the standing leader's change (or whole deposit when unsold), the seller's proceeds; none deferred.
    function _checkDeliveryEvents(uint256 id, Bid[] memory bids, Ref memory r, Vm.Log[] memory logs)
        internal
        view
    {
        address lotOwner = r.sold ? r.winner : SELLER;
        address leader = r.anyValid ? bids[r.best].bidder : address(0);
        uint256 leaderRefund = r.anyValid ? bids[r.best].deposit - r.price : 0;
        uint256 lots;
        uint256 refunds;
        uint256 proceeds;
        for (uint256 k; k < logs.length; ++k) {
            Vm.Log memory l = logs[k];
            if (l.emitter != address(house)) continue;
            bytes32 t0 = l.topics[0];
            if (t0 == IAuctionHouse.LotClaimed.selector) {
                assertEq(uint256(l.topics[1]), id, "LotClaimed: id");
                assertEq(address(uint160(uint256(l.topics[2]))), lotOwner, "LotClaimed: owner");
                assertEq(abi.decode(l.data, (address)), lotOwner, "LotClaimed: recipient");
                ++lots;
            } else if (t0 == IAuctionHouse.RefundWithdrawn.selector) {
                assertEq(address(uint160(uint256(l.topics[2]))), leader, "RefundWithdrawn: not the leader");
                (address to, uint256 amount) = abi.decode(l.data, (address, uint256));
                assertEq(to, leader, "RefundWithdrawn: recipient");
                assertEq(amount, leaderRefund, "RefundWithdrawn: amount");
                ++refunds;
            } else if (t0 == IAuctionHouse.ProceedsWithdrawn.selector) {
                (address to, uint256 amount) = abi.decode(l.data, (address, uint256));
                assertEq(address(uint160(uint256(l.topics[2]))), SELLER, "ProceedsWithdrawn: seller");
                assertEq(to, SELLER, "ProceedsWithdrawn: recipient");
                assertEq(amount, r.proceeds, "ProceedsWithdrawn: amount");
                ++proceeds;
            } else {
                assertTrue(t0 != IAuctionHouse.RefundDeferred.selector, "settle: a push to an EOA was deferred");
            }
        }
        assertEq(lots, 1, "settle: LotClaimed events");
        assertEq(refunds, leaderRefund != 0 ? 1 : 0, "settle: RefundWithdrawn events");
        assertEq(proceeds, r.proceeds != 0 ? 1 : 0, "settle: ProceedsWithdrawn events");
    }

    function _checkSettledState(Config memory c, uint256 id, Bid[] memory bids, Ref memory r) internal view {
        IAuctionHouse.AuctionState memory st = house.auctionState(id);
        assertTrue(st.phase == IAuctionHouse.Phase.Settled, "state: phase");
        assertTrue(st.settled, "state: settled");
        assertEq(st.winner, r.winner, "state: winner");
        assertEq(st.runnerUp, r.price, "state: price");
        assertEq(st.bestAmount, r.anyValid ? r.bestAmount : 0, "state: bestAmount");
        assertEq(st.bestOrder, r.anyValid ? bids[r.best].order : NO_BID, "state: bestOrder");
        assertEq(st.commitCount, c.n, "state: commitCount");
        assertEq(st.openCount, r.opened, "state: openCount");
        assertEq(st.forfeitCount, r.overDeposit, "state: forfeitCount");
        assertEq(st.reserveOpened, c.reserveOpened, "state: reserveOpened");
        assertEq(st.openedReserve, c.reserveOpened ? c.reserve : 0, "state: openedReserve");
        // Settlement delivered: the lot is with its owner and the proceeds with the seller; nothing is left to claim.
        assertTrue(st.lotClaimed, "state: lotClaimed");
        assertEq(house.proceedsOf(id, SELLER), 0, "proceedsOf");
        assertEq(_balance(c.eth, SELLER), r.proceeds, "settle: seller paid");
        address lotOwner = r.sold ? r.winner : SELLER;
        if (c.erc20Lot) assertEq(lotToken.balanceOf(lotOwner), LOT_AMOUNT, "settle: ERC-20 lot delivered");
        else assertEq(nft.ownerOf(TOKEN_ID), lotOwner, "settle: ERC-721 lot delivered");

        // Every opened bid is paid in full by now: in its reveal, in the reveal that displaced it, or at settlement.
        for (uint256 i; i < c.n; ++i) {
            Bid memory b = bids[i];
            (IAuctionHouse.PositionStatus status, uint256 value) = house.positionOf(id, b.bidder);
            uint256 paid = _balance(c.eth, b.bidder);
            if (!b.opened) {
                assertTrue(status == IAuctionHouse.PositionStatus.Sealed, "position: unopened not sealed");
                assertEq(value, uint256(keccak256(abi.encode(b.commitment, b.deposit, b.order))) | DIGEST_FLAG, "digest");
                assertEq(paid, 0, "position: unopened paid");
                continue;
            }
            assertEq(paid, _finalRefund(c, b, r, i), b.everLed ? "position: leader not paid" : "position: refund pushed in reveal");
            assertTrue(status == IAuctionHouse.PositionStatus.None && value == 0, "position: opened bid not cleared");
        }
    }

    function _claimAll(
        Config memory c,
        uint256 id,
        IAuctionHouse.AuctionTerms memory terms,
        Bid[] memory bids,
        Ref memory r
    ) internal {
        if (block.timestamp < terms.revealEnd) vm.warp(terms.revealEnd);
        // Settlement made every claim but the unopened deposits': in a seeded order, each other claim is refused.
        uint256[] memory perm = _permutation(c.seed, "claim order", c.n + 2);
        for (uint256 k; k < c.n + 2; ++k) {
            uint256 j = perm[k];
            if (j == c.n) {
                address owner = r.sold ? r.winner : SELLER;
                address notOwner = r.sold ? SELLER : bids[0].bidder;
                vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.LotAlreadyClaimed.selector, id));
                vm.prank(owner);
                house.claimLot(id, terms, owner);
                vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.LotAlreadyClaimed.selector, id));
                vm.prank(notOwner);
                house.claimLot(id, terms, notOwner);
            } else if (j == c.n + 1) {
                vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.NothingToWithdraw.selector, id, SELLER));
                vm.prank(SELLER);
                house.withdrawProceeds(id, SELLER);
            } else {
                Bid memory b = bids[j];
                if (!b.opened) {
                    vm.prank(b.bidder);
                    house.withdrawUnrevealed(id, IAuctionHouse.Position(b.commitment, b.deposit, b.order), b.bidder);
                } else {
                    vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.NothingToWithdraw.selector, id, b.bidder));
                    vm.prank(b.bidder);
                    house.withdrawRefund(id, b.bidder);
                }
            }
        }
    }

    function _checkFinalBalances(Config memory c, uint256 id, Bid[] memory bids, Ref memory r) internal view {
        for (uint256 i; i < c.n; ++i) {
            Bid memory b = bids[i];
            assertEq(_balance(c.eth, b.bidder), _finalRefund(c, b, r, i), "final: bidder balance");
            (IAuctionHouse.PositionStatus status, uint256 value) = house.positionOf(id, b.bidder);
            assertTrue(status == IAuctionHouse.PositionStatus.None && value == 0, "final: position left");
        }
        assertEq(_balance(c.eth, SELLER), r.proceeds, "final: seller balance");
        assertEq(house.proceedsOf(id, SELLER), 0, "final: proceeds left");
        // Rule 11: after every claim the house holds only this auction's burned bonds.
        assertEq(_balance(c.eth, address(house)), r.burned, "final: house holds more than burned bonds");
        address lotOwner = r.sold ? r.winner : SELLER;
        if (c.erc20Lot) {
            assertEq(lotToken.balanceOf(lotOwner), LOT_AMOUNT, "final: ERC-20 lot");
            assertEq(lotToken.balanceOf(address(house)), 0, "final: ERC-20 lot left");
        } else {
            assertEq(nft.ownerOf(TOKEN_ID), lotOwner, "final: ERC-721 lot");
        }
        IAuctionHouse.AuctionState memory st = house.auctionState(id);
        assertTrue(st.lotClaimed, "final: lot not claimed");
    }

    function _finalRefund(Config memory c, Bid memory b, Ref memory r, uint256 i) internal pure returns (uint256) {
        if (!b.opened || b.amount > b.deposit) return b.deposit - c.bond;
        if (r.sold && i == r.best) return b.deposit - r.price;
        return b.deposit;
    }

    /*//////////////////////////////////////////////////////////////
                                HELPERS
    //////////////////////////////////////////////////////////////*/

    function _createSimple(uint256 bond) internal returns (uint256 id, IAuctionHouse.AuctionTerms memory t) {
        Config memory c;
        c.eth = true;
        c.bond = bond;
        c.floor = 1 ether;
        (id, t,) = _create(c);
    }

    function _settledEvent(uint256 id, Vm.Log[] memory logs)
        internal
        view
        returns (address winner, uint256 price, uint256 effectiveReserve, uint256 burned)
    {
        uint256 found;
        for (uint256 k; k < logs.length; ++k) {
            Vm.Log memory l = logs[k];
            if (l.emitter != address(house) || l.topics[0] != IAuctionHouse.AuctionSettled.selector) continue;
            assertEq(uint256(l.topics[1]), id, "event: auction id");
            winner = address(uint160(uint256(l.topics[2])));
            (price, effectiveReserve, burned) = abi.decode(l.data, (uint256, uint256, uint256));
            ++found;
        }
        assertEq(found, 1, "AuctionSettled events");
    }

    function _balance(bool eth, address who) internal view returns (uint256) {
        return eth ? who.balance : payToken.balanceOf(who);
    }

    function _bidderAddress(uint256 i) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode("bidder", i)))));
    }

    function _indexOfOrder(Bid[] memory bids, uint256 order) internal pure returns (uint256) {
        for (uint256 i; i < bids.length; ++i) {
            if (bids[i].order == order) return i;
        }
        revert("no bid with this order");
    }

    function _rand(uint256 seed, string memory tag, uint256 i) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, tag, i)));
    }

    /// @dev A seeded Fisher-Yates permutation of 0..n-1.
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
