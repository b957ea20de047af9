// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {vm} from "./utils/Vm.sol";
import {AuctionHouse} from "../../contracts/AuctionHouse.sol";
import {IAuctionHouse} from "../../contracts/interfaces/IAuctionHouse.sol";
import {MockERC20} from "../../contracts/test/MockERC20.sol";
import {MockERC721} from "../../contracts/test/MockERC721.sol";
import {BidderContract} from "../../contracts/test/BidderContract.sol";

/// @notice revealMany is reveal applied in array order: two houses get the same auction and the same commitments
/// (random amounts and deposits, ties, over-deposit bids, bidders whose receiver rejects ETH); one house opens a
/// random list of entries (genuine openings, duplicates, wrong fields, bidders who never committed) with one
/// revealMany, the other tries each entry with reveal, skipping the ones that revert. Some entries are first opened
/// one by one in both houses, so the batch may displace a leader from before it as well as one of its own entries
/// (each displaced leader is refunded in the batch, or keeps a claim if its receiver rejects ETH). Everything must
/// agree: the number opened, every view of the auction, every position, every balance (displaced leaders' included),
/// then the settlement's pushes and every claim left.
contract BatchRevealTest is Test {
    address internal constant SELLER = address(uint160(0x5E11E4C0DE));
    address internal constant OPENER = address(uint160(0x0BE4E4C0DE));
    uint256 internal constant MAX_BIDDERS = 10;
    uint256 internal constant MAX_ENTRIES = 24;
    uint256 internal constant MAX_BID = 10 ether;

    AuctionHouse internal batchHouse;
    AuctionHouse internal singleHouse;
    MockERC721 internal nft;
    MockERC20 internal payToken;

    struct Bid {
        address bidder;
        uint256 amount;
        bytes32 salt;
        uint256 deposit;
        uint256 order;
    }

    struct Side {
        AuctionHouse house;
        uint256 id;
        IAuctionHouse.AuctionTerms terms;
    }

    function setUp() public {
        vm.warp(1_750_000_000);
        batchHouse = new AuctionHouse();
        singleHouse = new AuctionHouse();
        nft = new MockERC721("Lot", "LOT");
        payToken = new MockERC20("Pay", "PAY");
    }

    /// @notice For any bids and any entry list: revealMany == the same entries revealed one by one.
    function testFuzz_revealManyEqualsSequentialReveals(uint256 seed, uint8 nSeed, uint8 kSeed, bool eth) public {
        uint256 n = bound(nSeed, 1, MAX_BIDDERS);
        uint256 bond = bound(_rand(seed, "bond", 0), 0.01 ether, 1 ether);
        Bid[] memory bids = _drawBids(seed, n, bond, eth);
        Side memory a = _create(batchHouse, 1, bond, seed, eth);
        Side memory b = _create(singleHouse, 2, bond, seed, eth);
        for (uint256 i; i < n; ++i) {
            _commit(a, bids[i], eth);
            _commit(b, bids[i], eth);
        }
        IAuctionHouse.Opening[] memory entries = _drawEntries(seed, bound(kSeed, 0, MAX_ENTRIES), bids);
        vm.warp(a.terms.commitEnd);
        entries = _openBeforeBatch(a, b, entries, _rand(seed, "before batch", 0) % (entries.length + 1));

        uint256[] memory before = _balances(bids, eth);
        vm.prank(OPENER);
        uint256 opened = batchHouse.revealMany(a.id, entries);
        uint256[] memory deltaBatch = _deltas(bids, eth, before);

        before = _balances(bids, eth);
        uint256 succeeded;
        for (uint256 k; k < entries.length; ++k) {
            IAuctionHouse.Opening memory e = entries[k];
            vm.prank(OPENER);
            try singleHouse.reveal(b.id, e.bidder, e.amount, e.salt, e.deposit, e.order) {
                ++succeeded;
            } catch (bytes memory err) {
                bytes4 sel = bytes4(err);
                assertTrue(
                    sel == IAuctionHouse.OpeningMismatch.selector || sel == IAuctionHouse.NoSealedCommitment.selector,
                    "sequential reveal: unexpected error"
                );
            }
        }
        uint256[] memory deltaSingle = _deltas(bids, eth, before);

        assertEq(opened, succeeded, "opened");
        for (uint256 i; i < n; ++i) assertEq(deltaBatch[i], deltaSingle[i], "a bidder's refund");
        assertEq(_balance(eth, address(batchHouse)), _balance(eth, address(singleHouse)), "house balance");
        _assertSameState(a, b, bids);

        // The same settlement, with the same pushes, and the same claims follow.
        vm.warp(a.terms.revealEnd);
        before = _balances(bids, eth);
        uint256 sellerBefore = _balance(eth, SELLER);
        _settle(a, bids);
        deltaBatch = _deltas(bids, eth, before);
        uint256 sellerBatch = _balance(eth, SELLER) - sellerBefore;
        before = _balances(bids, eth);
        sellerBefore = _balance(eth, SELLER);
        _settle(b, bids);
        deltaSingle = _deltas(bids, eth, before);
        for (uint256 i; i < n; ++i) assertEq(deltaBatch[i], deltaSingle[i], "settlement: a bidder's push");
        assertEq(sellerBatch, _balance(eth, SELLER) - sellerBefore, "settlement: the seller's push");
        _assertSameState(a, b, bids);
        assertEq(batchHouse.proceedsOf(a.id, SELLER), singleHouse.proceedsOf(b.id, SELLER), "proceeds");
        assertEq(
            batchHouse.auctionState(a.id).lotClaimed, singleHouse.auctionState(b.id).lotClaimed, "lot delivered"
        );
        for (uint256 i; i < n; ++i) {
            (IAuctionHouse.PositionStatus status,) = batchHouse.positionOf(a.id, bids[i].bidder);
            if (status != IAuctionHouse.PositionStatus.Held) continue;
            address sink = address(uint160(uint256(keccak256(abi.encode("sink", i)))));
            vm.prank(bids[i].bidder);
            batchHouse.withdrawRefund(a.id, sink);
            uint256 got = _balance(eth, sink);
            vm.prank(bids[i].bidder);
            singleHouse.withdrawRefund(b.id, sink);
            assertEq(_balance(eth, sink) - got, got, "withdrawRefund");
        }
        assertEq(_balance(eth, address(batchHouse)), _balance(eth, address(singleHouse)), "house balance after claims");
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev Opens the first `p` entries one by one in both houses (skipping those that revert) and returns the rest.
    function _openBeforeBatch(Side memory a, Side memory b, IAuctionHouse.Opening[] memory entries, uint256 p)
        internal
        returns (IAuctionHouse.Opening[] memory rest)
    {
        for (uint256 k; k < p; ++k) {
            IAuctionHouse.Opening memory e = entries[k];
            vm.prank(OPENER);
            try a.house.reveal(a.id, e.bidder, e.amount, e.salt, e.deposit, e.order) {
                vm.prank(OPENER);
                b.house.reveal(b.id, e.bidder, e.amount, e.salt, e.deposit, e.order);
            } catch {}
        }
        rest = new IAuctionHouse.Opening[](entries.length - p);
        for (uint256 k; k < rest.length; ++k) rest[k] = entries[p + k];
    }

    function _drawBids(uint256 seed, uint256 n, uint256 bond, bool eth) internal returns (Bid[] memory bids) {
        bids = new Bid[](n);
        uint256 tie = bound(_rand(seed, "tie", 0), 0, MAX_BID);
        for (uint256 i; i < n; ++i) {
            Bid memory x = bids[i];
            uint256 r = _rand(seed, "bid", i);
            if (eth && r % 4 == 0) {
                // A contract bidder whose receiver rejects ETH: its refund pushes are deferred.
                BidderContract c = new BidderContract(IAuctionHouse(address(batchHouse)));
                c.setRejects(true, false);
                x.bidder = address(c);
            } else {
                x.bidder = address(uint160(uint256(keccak256(abi.encode("bidder", seed, i)))));
            }
            x.amount = (r >> 8) % 3 == 0 ? tie : bound(r >> 16, 0, MAX_BID);
            uint256 minDeposit = x.amount > bond ? x.amount : bond;
            uint256 d = _rand(seed, "deposit", i);
            if (d % 5 == 0 && x.amount > bond) x.deposit = bound(d >> 8, bond, x.amount - 1); // opens invalid
            else x.deposit = minDeposit + ((d >> 8) % 3 == 0 ? 0 : bound(d >> 16, 1, 2 ether));
            x.salt = bytes32(_rand(seed, "salt", i));
            x.order = i + 1;
        }
    }

    /// @dev Genuine openings (so duplicates too), and every kind of entry that must be skipped: a wrong amount,
    /// deposit or order, another bidder's opening under a different name, a bidder who never committed.
    function _drawEntries(uint256 seed, uint256 k, Bid[] memory bids)
        internal
        pure
        returns (IAuctionHouse.Opening[] memory entries)
    {
        entries = new IAuctionHouse.Opening[](k);
        for (uint256 j; j < k; ++j) {
            uint256 r = _rand(seed, "entry", j);
            uint256 idx = (r >> 8) % bids.length;
            Bid memory x = bids[idx];
            IAuctionHouse.Opening memory e = IAuctionHouse.Opening(x.bidder, x.amount, x.salt, x.deposit, x.order);
            uint256 kind = r % 10;
            if (kind == 6) {
                e.amount = x.amount + 1 + (r >> 64) % 3;
            } else if (kind == 7) {
                e.deposit = x.deposit + 1 + (r >> 64) % 3;
            } else if (kind == 8) {
                e.order = x.order + 1 + (r >> 64) % bids.length;
            } else if (kind == 9) {
                e.bidder = bids.length > 1 && (r >> 64) % 2 == 0
                    ? bids[(idx + 1) % bids.length].bidder
                    : address(uint160(uint256(keccak256(abi.encode("stranger", r)))));
            }
            entries[j] = e;
        }
    }

    function _create(AuctionHouse house, uint256 tokenId, uint256 bond, uint256 seed, bool eth)
        internal
        returns (Side memory side)
    {
        IAuctionHouse.AuctionTerms memory t = side.terms;
        t.seller = SELLER;
        t.lotKind = IAuctionHouse.LotKind.ERC721;
        t.lotToken = address(nft);
        t.lotAmountOrId = tokenId;
        t.paymentToken = eth ? address(0) : address(payToken);
        t.format = seed % 2 == 0 ? IAuctionHouse.Format.SecondPrice : IAuctionHouse.Format.FirstPrice;
        t.commitEnd = uint40(block.timestamp + 1 days);
        t.revealEnd = uint40(block.timestamp + 2 days);
        t.bond = uint104(bond);
        t.floorReserve = uint112((seed >> 8) % 3 == 0 ? 0 : bound(_rand(seed, "floor", 0), 0, MAX_BID));
        nft.mint(SELLER, tokenId);
        vm.startPrank(SELLER);
        nft.approve(address(house), tokenId);
        side.id = house.create(t);
        vm.stopPrank();
        side.house = house;
    }

    function _commit(Side memory side, Bid memory x, bool eth) internal {
        bytes32 c = keccak256(abi.encode(block.chainid, address(side.house), side.id, x.bidder, x.amount, x.salt));
        if (eth) {
            vm.deal(x.bidder, x.bidder.balance + x.deposit);
        } else {
            payToken.mint(x.bidder, x.deposit);
            vm.prank(x.bidder);
            payToken.approve(address(side.house), type(uint256).max);
        }
        vm.prank(x.bidder);
        side.house.commit{value: eth ? x.deposit : 0}(side.id, c, x.deposit);
    }

    function _settle(Side memory side, Bid[] memory bids) internal {
        IAuctionHouse.AuctionState memory st = side.house.auctionState(side.id);
        address leader;
        for (uint256 i; i < bids.length; ++i) {
            if (bids[i].order == st.bestOrder) leader = bids[i].bidder;
        }
        vm.prank(OPENER);
        side.house.settle(side.id, side.terms, leader);
    }

    function _assertSameState(Side memory a, Side memory b, Bid[] memory bids) internal view {
        IAuctionHouse.AuctionState memory x = a.house.auctionState(a.id);
        IAuctionHouse.AuctionState memory y = b.house.auctionState(b.id);
        assertEq(uint256(x.phase), uint256(y.phase), "phase");
        assertEq(x.commitCount, y.commitCount, "commitCount");
        assertEq(x.openCount, y.openCount, "openCount");
        assertEq(x.forfeitCount, y.forfeitCount, "forfeitCount");
        assertEq(x.bestAmount, y.bestAmount, "bestAmount");
        assertEq(x.runnerUp, y.runnerUp, "runnerUp");
        assertEq(x.bestOrder, y.bestOrder, "bestOrder");
        assertEq(x.settled, y.settled, "settled");
        assertEq(x.winner, y.winner, "winner");
        for (uint256 i; i < bids.length; ++i) {
            (IAuctionHouse.PositionStatus sx, uint256 vx) = a.house.positionOf(a.id, bids[i].bidder);
            (IAuctionHouse.PositionStatus sy, uint256 vy) = b.house.positionOf(b.id, bids[i].bidder);
            assertEq(uint256(sx), uint256(sy), "position status");
            // A sealed position is a digest of a house-specific commitment; anything else must be equal.
            if (sx != IAuctionHouse.PositionStatus.Sealed) assertEq(vx, vy, "position value");
        }
    }

    function _balances(Bid[] memory bids, bool eth) internal view returns (uint256[] memory out) {
        out = new uint256[](bids.length);
        for (uint256 i; i < bids.length; ++i) out[i] = _balance(eth, bids[i].bidder);
    }

    function _deltas(Bid[] memory bids, bool eth, uint256[] memory before) internal view returns (uint256[] memory out) {
        out = new uint256[](bids.length);
        for (uint256 i; i < bids.length; ++i) out[i] = _balance(eth, bids[i].bidder) - before[i];
    }

    function _balance(bool eth, address who) internal view returns (uint256) {
        return eth ? who.balance : payToken.balanceOf(who);
    }

    function _rand(uint256 seed, string memory label, uint256 i) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, label, i)));
    }
}
