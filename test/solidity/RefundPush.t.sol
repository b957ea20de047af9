// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {Vm, vm} from "./utils/Vm.sol";
import {AuctionHouse} from "../../contracts/AuctionHouse.sol";
import {IAuctionHouse} from "../../contracts/interfaces/IAuctionHouse.sol";
import {IHouseErrors} from "../../contracts/interfaces/IHouseErrors.sol";
import {MockERC721} from "../../contracts/test/MockERC721.sol";
import {GasBurningHookERC20} from "../../contracts/test/GasBurningHookERC20.sol";
import {GasBurningEthReceiver} from "../../contracts/test/GasBurningEthReceiver.sol";

/// @notice Rule 13: a refund pushed inside someone else's reveal is gas-capped (ETH 30,000, ERC-20 60,000), a
/// failed push becomes a claim, and a revealer cannot starve the push on purpose: for any gas it sends, the reveal
/// either reverts (InsufficientGasForRefund, or out of gas) or gives the push its full cap, so a receiver that
/// accepts within the cap is always paid. A receiver (or token hook) that burns more cannot make the reveal cost
/// more than the cap.
contract RefundPushTest is Test {
    address internal constant SELLER = address(uint160(0x5E11E4C0DE));
    address internal constant OPENER = address(uint160(0x0BE4E4C0DE));
    address internal constant LEADER = address(uint160(0x1EAD0000001));
    address internal constant SINK = address(uint160(0x51AC0000001));
    uint256 internal constant LEADER_BID = 5 ether;
    uint256 internal constant BID = 1 ether;
    uint256 internal constant DEPOSIT = 1.5 ether;
    uint256 internal constant ETH_CAP = 30_000;
    uint256 internal constant TOKEN_CAP = 60_000;

    AuctionHouse internal house;
    MockERC721 internal nft;
    GasBurningHookERC20 internal token;

    struct Setup {
        uint256 id;
        IAuctionHouse.AuctionTerms terms;
        address bidder; // the displaced bidder whose refund is pushed in its reveal
        bool eth;
    }

    function setUp() public {
        vm.warp(1_750_000_000);
        house = new AuctionHouse();
        nft = new MockERC721("Lot", "LOT");
        token = new GasBurningHookERC20();
    }

    /// @notice For any gas sent to a third party's reveal of a losing bid: a revert, or a push with its full cap.
    function testFuzz_revealNeverStarvesTheRefundPush(uint256 gasSeed, uint256 burnSeed, bool eth) public {
        bool fits = burnSeed % 2 == 0;
        // Within the cap with room to spare, or far beyond it.
        uint256 burn = fits ? bound(burnSeed >> 8, 1, eth ? 15_000 : 12_000) : bound(burnSeed >> 8, 80_000, 5_000_000);
        Setup memory s = _setup(eth, burn);
        uint256 g = bound(gasSeed, 20_000, 400_000);
        uint256 before = _balance(s, s.bidder);
        (, uint256 digest) = house.positionOf(s.id, s.bidder);

        vm.prank(OPENER);
        uint256 gasBefore = gasleft();
        (bool ok, bytes memory ret) = address(house).call{gas: g}(_revealCall(s));
        uint256 used = gasBefore - gasleft();
        (IAuctionHouse.PositionStatus status, uint256 value) = house.positionOf(s.id, s.bidder);
        if (ok) {
            if (fits) {
                assertEq(_balance(s, s.bidder) - before, DEPOSIT, "push starved: refund not paid");
                assertTrue(status == IAuctionHouse.PositionStatus.None, "paid refund still held");
            } else {
                assertEq(_balance(s, s.bidder), before, "burning receiver paid");
                assertTrue(status == IAuctionHouse.PositionStatus.Held && value == DEPOSIT, "failed push not a claim");
            }
            assertLe(used, (eth ? ETH_CAP : TOKEN_CAP) + 120_000, "reveal cost more than the cap allows");
        } else {
            assertLe(g, 250_000, "reveal with ample gas reverted");
            if (ret.length != 0) {
                bytes4 sel;
                assembly ("memory-safe") {
                    sel := mload(add(ret, 0x20))
                }
                assertEq(bytes32(sel), bytes32(IHouseErrors.InsufficientGasForRefund.selector), "revert reason");
            }
            assertTrue(status == IAuctionHouse.PositionStatus.Sealed && value == digest, "failed reveal changed state");
            assertEq(_balance(s, s.bidder), before, "failed reveal paid");
        }
    }

    /// @notice Scans the gas sent from far too little upwards: the reveal first refuses with
    /// InsufficientGasForRefund, and the first reveal that succeeds pays a receiver that needs most of the cap.
    function test_leastGasThatRevealsStillPays_eth() public {
        _scan(true, 24_000);
    }

    function test_leastGasThatRevealsStillPays_token() public {
        _scan(false, 20_000);
    }

    /// @notice A receiver or token hook that burns up to 10M gas costs a third party's reveal no more than the cap;
    /// the refund becomes a claim (RefundDeferred), which the bidder takes to another address.
    function testFuzz_burningReceiverCostsTheRevealerAtMostTheCap(uint256 burnSeed, bool eth) public {
        uint256 burn = bound(burnSeed, 100_000, 10_000_000);
        Setup memory s = _setup(eth, burn);
        vm.recordLogs();
        vm.prank(OPENER);
        uint256 gasBefore = gasleft();
        house.reveal(s.id, s.bidder, BID, _salt(s.bidder), DEPOSIT, 2);
        uint256 used = gasBefore - gasleft();
        assertLe(used, (eth ? ETH_CAP : TOKEN_CAP) + 120_000, "reveal paid for the receiver's burn");
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool deferred;
        for (uint256 k; k < logs.length; ++k) {
            if (logs[k].emitter == address(house) && logs[k].topics[0] == IAuctionHouse.RefundDeferred.selector) {
                assertEq(address(uint160(uint256(logs[k].topics[2]))), s.bidder, "deferred: bidder");
                assertEq(abi.decode(logs[k].data, (uint256)), DEPOSIT, "deferred: amount");
                deferred = true;
            }
        }
        assertTrue(deferred, "no RefundDeferred");
        vm.prank(s.bidder);
        house.withdrawRefund(s.id, SINK);
        assertEq(_balance(s, SINK), DEPOSIT, "claimed refund");
        (IAuctionHouse.PositionStatus status,) = house.positionOf(s.id, s.bidder);
        assertTrue(status == IAuctionHouse.PositionStatus.None, "claim left");
    }

    /*//////////////////////////////////////////////////////////////
                                HELPERS
    //////////////////////////////////////////////////////////////*/

    function _scan(bool eth, uint256 burn) internal {
        Setup memory s = _setup(eth, burn);
        uint256 before = _balance(s, s.bidder);
        bool sawGasRefusal;
        for (uint256 g = 40_000; g < 400_000; g += 500) {
            vm.prank(OPENER);
            (bool ok, bytes memory ret) = address(house).call{gas: g}(_revealCall(s));
            if (!ok) {
                if (ret.length >= 4 && bytes4(ret) == IHouseErrors.InsufficientGasForRefund.selector) sawGasRefusal = true;
                continue;
            }
            assertTrue(sawGasRefusal, "never refused for want of gas");
            assertEq(_balance(s, s.bidder) - before, DEPOSIT, "least-gas reveal did not pay the refund");
            (IAuctionHouse.PositionStatus status,) = house.positionOf(s.id, s.bidder);
            assertTrue(status == IAuctionHouse.PositionStatus.None, "least-gas reveal deferred the refund");
            return;
        }
        fail("no reveal succeeded");
    }

    /// @dev An auction where LEADER's bid is open and leads, and `bidder` (an ETH receiver or a token holder whose
    /// receipts burn `burn` gas) has a lower sealed bid: opening it pushes its whole deposit back.
    function _setup(bool eth, uint256 burn) internal returns (Setup memory s) {
        s.eth = eth;
        s.bidder = eth ? address(new GasBurningEthReceiver(burn)) : address(uint160(0xB1DDE40000001));
        IAuctionHouse.AuctionTerms memory t;
        t.seller = SELLER;
        t.lotKind = IAuctionHouse.LotKind.ERC721;
        t.lotToken = address(nft);
        t.lotAmountOrId = 1;
        t.paymentToken = eth ? address(0) : address(token);
        t.format = IAuctionHouse.Format.SecondPrice;
        t.commitEnd = uint40(block.timestamp + 1 days);
        t.revealEnd = uint40(block.timestamp + 2 days);
        t.bond = 0.1 ether;
        s.terms = t;
        nft.mint(SELLER, 1);
        vm.startPrank(SELLER);
        nft.approve(address(house), 1);
        s.id = house.create(t);
        vm.stopPrank();

        _commit(s, LEADER, LEADER_BID, LEADER_BID);
        _commit(s, s.bidder, BID, DEPOSIT);
        if (!eth) token.setBurnOnReceive(s.bidder, burn);
        vm.warp(t.commitEnd);
        house.reveal(s.id, LEADER, LEADER_BID, _salt(LEADER), LEADER_BID, 1);
    }

    function _commit(Setup memory s, address bidder, uint256 amount, uint256 deposit) internal {
        bytes32 c = keccak256(abi.encode(block.chainid, address(house), s.id, bidder, amount, _salt(bidder)));
        if (s.eth) {
            vm.deal(bidder, deposit);
            vm.prank(bidder);
            house.commit{value: deposit}(s.id, c, deposit);
        } else {
            token.mint(bidder, deposit);
            vm.startPrank(bidder);
            token.approve(address(house), deposit);
            house.commit(s.id, c, deposit);
            vm.stopPrank();
        }
    }

    function _revealCall(Setup memory s) internal pure returns (bytes memory) {
        return abi.encodeCall(IAuctionHouse.reveal, (s.id, s.bidder, BID, _salt(s.bidder), DEPOSIT, 2));
    }

    function _salt(address bidder) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", bidder));
    }

    function _balance(Setup memory s, address who) internal view returns (uint256) {
        return s.eth ? who.balance : token.balanceOf(who);
    }
}
