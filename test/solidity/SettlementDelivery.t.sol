// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {Vm, vm} from "./utils/Vm.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AuctionHouse} from "../../contracts/AuctionHouse.sol";
import {IAuctionHouse} from "../../contracts/interfaces/IAuctionHouse.sol";
import {IHouseErrors} from "../../contracts/interfaces/IHouseErrors.sol";
import {MockERC20} from "../../contracts/test/MockERC20.sol";
import {MockERC721} from "../../contracts/test/MockERC721.sol";
import {BidderContract} from "../../contracts/test/BidderContract.sol";
import {GasBurningEthReceiver} from "../../contracts/test/GasBurningEthReceiver.sol";
import {GasBurningHookERC20} from "../../contracts/test/GasBurningHookERC20.sol";
import {GasBurningNftReceiver} from "../../contracts/test/GasBurningNftReceiver.sol";
import {GasBurningERC721} from "../../contracts/test/GasBurningERC721.sol";
import {RedteamQuirkyERC20} from "../../contracts/test/RedteamQuirkyERC20.sol";

/// @notice Settlement delivers (rules 9, 11 and 13): it pushes the lot, the winner's change and the seller's
/// proceeds with capped gas, and a displaced leader is refunded inside the reveal that displaces it. For winners
/// and sellers that revert on ETH, burn all gas or do not take ERC-721s, lot tokens that revert or burn gas, and
/// payment or lot tokens that move a wrong amount: settlement (or the displacing reveal) succeeds, each failed
/// item stays claimable by its owner, nothing is lost (every balance exact), and the caller's extra gas is bounded
/// by the caps (ETH 30,000, ERC-20 60,000 plus two balance reads, ERC-721 100,000). Settlement sent with too
/// little gas for a cap reverts instead of turning a delivery into a claim.
contract SettlementDeliveryTest is Test {
    address internal constant SELLER = address(uint160(0x5E11E4C0DE));
    address internal constant OPENER = address(uint160(0x0BE4E4C0DE));
    address internal constant RUNNER = address(uint160(0x2A2A0000001));
    address internal constant WINNER = address(uint160(0x3B3B0000001));
    address internal constant SINK = address(uint160(0x51AC0000001));
    uint256 internal constant BOND = 0.05 ether;
    uint256 internal constant LOT_AMOUNT = 1_000e18;
    uint256 internal constant ETH_CAP = 30_000;
    uint256 internal constant TOKEN_CAP = 60_000 + 2 * 10_000; // the push and the house's two balance reads
    uint256 internal constant LOT_CAP = 100_000;
    /// @dev Settlement's own work around its pushes (storage, events, calls' base costs, the contained token push's
    /// self-call), with a margin.
    uint256 internal constant OVERHEAD = 150_000;

    enum Pay {
        Eth,
        Plain, // MockERC20
        Hook, // GasBurningHookERC20: receipts can burn gas
        Quirky // RedteamQuirkyERC20: outgoing transfers can move a wrong amount, return false, revert
    }

    enum Lot {
        Nft, // MockERC721
        BurningNft, // GasBurningERC721
        Erc20, // MockERC20
        QuirkyErc20 // RedteamQuirkyERC20
    }

    AuctionHouse internal house;
    MockERC721 internal nft;
    GasBurningERC721 internal burningNft;
    MockERC20 internal lot20;
    RedteamQuirkyERC20 internal quirkyLot;
    MockERC20 internal plainPay;
    GasBurningHookERC20 internal hookPay;
    RedteamQuirkyERC20 internal quirkyPay;
    uint256 internal _lastTokenId;

    /// @dev One auction: RUNNER opens first and leads, `winner` opens a higher bid and displaces it (second price,
    /// no floor: the winner pays RUNNER's bid).
    struct Game {
        uint256 id;
        IAuctionHouse.AuctionTerms t;
        Pay pay;
        Lot lot;
        address seller;
        address runner; // RUNNER unless a test picks another
        address winner;
        uint256 winBid;
        uint256 winDeposit;
        uint256 runBid;
        uint256 runDeposit;
    }

    /// @dev What a settlement's logs say was delivered.
    struct Seen {
        uint256 lotClaimed;
        uint256 refundWithdrawn;
        uint256 refundDeferred;
        uint256 proceedsWithdrawn;
    }

    function setUp() public {
        vm.warp(1_750_000_000);
        house = new AuctionHouse();
        nft = new MockERC721("Lot", "LOT");
        burningNft = new GasBurningERC721();
        lot20 = new MockERC20("Lot20", "L20");
        quirkyLot = new RedteamQuirkyERC20();
        plainPay = new MockERC20("Pay", "PAY");
        hookPay = new GasBurningHookERC20();
        quirkyPay = new RedteamQuirkyERC20();
    }

    /*//////////////////////////////////////////////////////////////
                       THE WINNER'S CHANGE, THE LOT
    //////////////////////////////////////////////////////////////*/

    /// @notice A normal settlement delivers everything in its own transaction, logged as the claims it replaces.
    function testFuzz_settleDeliversEverything(uint256 seed, uint8 paySeed, bool erc20Lot) public {
        Pay pay = Pay(paySeed % 4);
        Game memory g = _play(seed, pay, erc20Lot ? Lot.Erc20 : Lot.Nft, SELLER, WINNER);
        (uint256 used, Seen memory seen) = _settle(g);
        _assertSeen(seen, Seen(1, 1, 0, 1));
        _assertLotWith(g, g.winner);
        assertEq(_balance(g, g.winner), _change(g), "winner's change");
        assertEq(_balance(g, SELLER), _price(g), "seller's proceeds");
        assertEq(_balance(g, address(house)), 0, "house holds something");
        _assertNothingLeft(g);
        assertLe(used, _caps(g) + OVERHEAD, "settlement cost");
    }

    /// @notice A winner that reverts on ETH or burns every unit of gas it gets: the lot is delivered, the proceeds
    /// pushed, the change becomes a claim (RefundDeferred) and the settler pays at most the caps.
    function testFuzz_winnerRejectingEth(uint256 seed, bool burnGas) public {
        BidderContract w = new BidderContract(IAuctionHouse(address(house)));
        w.setRejects(!burnGas, false);
        w.setBurnGas(burnGas);
        Game memory g = _play(seed, Pay.Eth, Lot.Nft, SELLER, address(w));
        (uint256 used, Seen memory seen) = _settle(g);
        _assertSeen(seen, Seen(1, 0, 1, 1));
        _assertLotWith(g, g.winner);
        assertEq(_balance(g, SELLER), _price(g), "seller's proceeds");
        assertEq(_balance(g, g.winner), 0, "winner paid");
        _assertHeld(g, g.winner, _change(g));
        assertEq(_balance(g, address(house)), _change(g), "house: balance != the deferred change");
        assertLe(used, _caps(g) + OVERHEAD, "settlement paid for the winner's receiver");

        vm.prank(g.winner);
        house.withdrawRefund(g.id, SINK);
        assertEq(_balance(g, SINK), _change(g), "claimed change");
        assertEq(_balance(g, address(house)), 0, "house holds something after the claim");
        _assertNothingLeft(g);
    }

    /// @notice A winner that does not take the ERC-721 (no onERC721Received, a reverting hook, a hook burning all
    /// gas): the lot stays claimable, its change is pushed, and the proceeds wait for the lot (LotNotDelivered)
    /// until the winner claims it to another address.
    function testFuzz_winnerNotTakingTheLot(uint256 seed, uint8 kind) public {
        address w;
        kind %= 3;
        if (kind == 0) {
            w = address(new GasBurningEthReceiver(0)); // takes ETH, has no onERC721Received
        } else if (kind == 1) {
            BidderContract b = new BidderContract(IAuctionHouse(address(house)));
            b.setRejects(false, true);
            w = address(b);
        } else {
            w = address(new GasBurningNftReceiver(bound(seed >> 8, 200_000, 10_000_000)));
        }
        Game memory g = _play(seed, Pay.Eth, Lot.Nft, SELLER, w);
        (uint256 used, Seen memory seen) = _settle(g);
        _assertSeen(seen, Seen(0, 1, 0, 0));
        assertEq(nft.ownerOf(g.t.lotAmountOrId), address(house), "lot left the house");
        assertFalse(house.auctionState(g.id).lotClaimed, "lotClaimed");
        assertEq(_balance(g, g.winner), _change(g), "winner's change");
        assertEq(house.proceedsOf(g.id, SELLER), _price(g), "proceeds not left as a claim");
        assertEq(_balance(g, SELLER), 0, "seller paid before the lot left");
        assertEq(_balance(g, address(house)), _price(g), "house: balance != the proceeds it owes");
        assertLe(used, _caps(g) + OVERHEAD, "settlement paid for the winner's hook");

        vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.LotNotDelivered.selector, g.id));
        vm.prank(SELLER);
        house.withdrawProceeds(g.id, SELLER);
        vm.prank(g.winner);
        house.claimLot(g.id, g.t, SINK);
        assertEq(nft.ownerOf(g.t.lotAmountOrId), SINK, "claimed lot");
        vm.prank(SELLER);
        house.withdrawProceeds(g.id, SELLER);
        assertEq(_balance(g, SELLER), _price(g), "claimed proceeds");
        assertEq(_balance(g, address(house)), 0, "house holds something after the claims");
        _assertNothingLeft(g);
    }

    /*//////////////////////////////////////////////////////////////
                               THE SELLER
    //////////////////////////////////////////////////////////////*/

    /// @notice A seller that reverts on ETH, burns all gas on it, or whose token receipts burn over the cap: the
    /// lot and the change are delivered, the proceeds stay a claim, withdrawable to another address.
    function testFuzz_sellerRejectingPayment(uint256 seed, uint8 kind) public {
        kind %= 3;
        address seller;
        Pay pay = Pay.Eth;
        if (kind == 2) {
            seller = SELLER;
            pay = Pay.Hook;
            hookPay.setBurnOnReceive(SELLER, bound(seed >> 8, 100_000, 10_000_000));
        } else {
            BidderContract b = new BidderContract(IAuctionHouse(address(house)));
            b.setRejects(kind == 0, false);
            b.setBurnGas(kind == 1);
            seller = address(b);
        }
        Game memory g = _play(seed, pay, Lot.Nft, seller, WINNER);
        (uint256 used, Seen memory seen) = _settle(g);
        _assertSeen(seen, Seen(1, 1, 0, 0));
        _assertLotWith(g, WINNER);
        assertEq(_balance(g, WINNER), _change(g), "winner's change");
        assertEq(house.proceedsOf(g.id, seller), _price(g), "proceeds not left as a claim");
        assertEq(_balance(g, address(house)), _price(g), "house: balance != the proceeds it owes");
        assertLe(used, _caps(g) + OVERHEAD, "settlement paid for the seller's receiver");

        vm.prank(seller);
        house.withdrawProceeds(g.id, SINK);
        assertEq(_balance(g, SINK), _price(g), "claimed proceeds");
        assertEq(_balance(g, address(house)), 0, "house holds something after the claim");
        _assertNothingLeft(g);
    }

    /// @notice Unsold (the floor is above every bid), the lot goes back to a seller that refuses ERC-721s: it stays
    /// claimable, and the leader below the reserve gets its whole deposit pushed.
    function testFuzz_unsoldLotToSellerRefusingIt(uint256 seed) public {
        BidderContract b = new BidderContract(IAuctionHouse(address(house)));
        b.setRejects(false, true);
        Game memory g = _draw(seed, Pay.Eth, Lot.Nft, address(b), WINNER);
        g.t.floorReserve = uint112(g.winBid + 1);
        _start(g);
        _open(g);
        vm.recordLogs();
        vm.prank(OPENER);
        house.settle(g.id, g.t, address(0xdead));
        Seen memory seen = _seen(g, vm.getRecordedLogs(), address(b), 0, g.winDeposit);
        _assertSeen(seen, Seen(0, 1, 0, 0));
        assertEq(house.auctionState(g.id).winner, address(0), "unsold: winner");
        assertEq(nft.ownerOf(g.t.lotAmountOrId), address(house), "lot left the house");
        assertEq(_balance(g, WINNER), g.winDeposit, "leader below the reserve not refunded in full");
        assertEq(_balance(g, address(house)), 0, "house holds something");
        vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.NothingToWithdraw.selector, g.id, address(b)));
        vm.prank(address(b));
        house.withdrawProceeds(g.id, SINK);
        vm.prank(address(b));
        house.claimLot(g.id, g.t, SINK);
        assertEq(nft.ownerOf(g.t.lotAmountOrId), SINK, "claimed lot");
        _assertNothingLeft(g);
    }

    /*//////////////////////////////////////////////////////////////
                             HOSTILE TOKENS
    //////////////////////////////////////////////////////////////*/

    /// @notice A lot collection that reverts or burns every unit of gas on transfer: settlement succeeds at a
    /// bounded cost, the lot stays claimable (once the collection lets it go), the change is pushed, the proceeds
    /// wait for the lot.
    function testFuzz_lotTokenRevertingOrBurningGas(uint256 seed, bool burn) public {
        Game memory g = _draw(seed, Pay.Eth, Lot.BurningNft, SELLER, WINNER);
        _start(g);
        _open(g);
        burningNft.setMode(burn ? 2 : 1);
        (uint256 used, Seen memory seen) = _settle(g);
        _assertSeen(seen, Seen(0, 1, 0, 0));
        assertEq(burningNft.ownerOf(g.t.lotAmountOrId), address(house), "lot left the house");
        assertEq(_balance(g, WINNER), _change(g), "winner's change");
        assertEq(house.proceedsOf(g.id, SELLER), _price(g), "proceeds not left as a claim");
        assertEq(_balance(g, address(house)), _price(g), "house: balance != the proceeds it owes");
        assertLe(used, _caps(g) + OVERHEAD, "settlement paid for the collection's burn");

        burningNft.setMode(0);
        vm.prank(WINNER);
        house.claimLot(g.id, g.t, WINNER);
        assertEq(burningNft.ownerOf(g.t.lotAmountOrId), WINNER, "claimed lot");
        vm.prank(SELLER);
        house.withdrawProceeds(g.id, SELLER);
        assertEq(_balance(g, SELLER), _price(g), "claimed proceeds");
        _assertNothingLeft(g);
    }

    /// @notice A payment token whose outgoing transfer misbehaves at settlement (moves 10% more, moves nothing and
    /// returns false or nothing, reverts with 64 KB): settlement does not revert, the change and the proceeds stay
    /// claims and the house's balance is untouched; a token that moves the exact amount but returns false is paid.
    function testFuzz_paymentTokenMovingAWrongAmount(uint256 seed, uint8 modeSeed) public {
        uint8[6] memory modes = [0, 1, 5, 6, 7, 8];
        uint256 mode = modes[modeSeed % 6];
        bool pays = mode == 0 || mode == 6;
        Game memory g = _play(seed, Pay.Quirky, Lot.Nft, SELLER, WINNER);
        quirkyPay.setMode(mode);
        uint256 houseBefore = _balance(g, address(house));
        (uint256 used, Seen memory seen) = _settle(g);
        _assertSeen(seen, pays ? Seen(1, 1, 0, 1) : Seen(1, 0, 1, 0));
        _assertLotWith(g, WINNER);
        assertEq(_balance(g, WINNER), pays ? _change(g) : 0, "winner's change");
        assertEq(_balance(g, SELLER), pays ? _price(g) : 0, "seller's proceeds");
        assertEq(
            _balance(g, address(house)), houseBefore - (pays ? _change(g) + _price(g) : 0), "house balance moved"
        );
        assertEq(_balance(g, address(house)), pays ? 0 : _change(g) + _price(g), "house: balance != owed");
        assertLe(used, _caps(g) + OVERHEAD, "settlement cost");
        if (pays) return _assertNothingLeft(g);

        _assertHeld(g, WINNER, _change(g));
        assertEq(house.proceedsOf(g.id, SELLER), _price(g), "proceeds not left as a claim");
        quirkyPay.setMode(0);
        vm.prank(WINNER);
        house.withdrawRefund(g.id, WINNER);
        vm.prank(SELLER);
        house.withdrawProceeds(g.id, SELLER);
        assertEq(_balance(g, WINNER), _change(g), "claimed change");
        assertEq(_balance(g, SELLER), _price(g), "claimed proceeds");
        assertEq(_balance(g, address(house)), 0, "house holds something after the claims");
        _assertNothingLeft(g);
    }

    /// @notice An ERC-20 lot whose transfer misbehaves at settlement: the lot stays claimable in full, the change
    /// is pushed, the proceeds wait for the lot.
    function testFuzz_erc20LotMovingAWrongAmount(uint256 seed, uint8 modeSeed) public {
        uint8[4] memory modes = [1, 5, 7, 8];
        Game memory g = _play(seed, Pay.Eth, Lot.QuirkyErc20, SELLER, WINNER);
        quirkyLot.setMode(modes[modeSeed % 4]);
        (uint256 used, Seen memory seen) = _settle(g);
        _assertSeen(seen, Seen(0, 1, 0, 0));
        assertEq(quirkyLot.balanceOf(address(house)), LOT_AMOUNT, "lot moved");
        assertEq(quirkyLot.balanceOf(WINNER), 0, "winner got part of the lot");
        assertFalse(house.auctionState(g.id).lotClaimed, "lotClaimed");
        assertEq(_balance(g, WINNER), _change(g), "winner's change");
        assertEq(house.proceedsOf(g.id, SELLER), _price(g), "proceeds not left as a claim");
        assertLe(used, _caps(g) + OVERHEAD, "settlement cost");

        quirkyLot.setMode(0);
        vm.prank(WINNER);
        house.claimLot(g.id, g.t, WINNER);
        assertEq(quirkyLot.balanceOf(WINNER), LOT_AMOUNT, "claimed lot");
        vm.prank(SELLER);
        house.withdrawProceeds(g.id, SELLER);
        assertEq(_balance(g, SELLER), _price(g), "claimed proceeds");
        _assertNothingLeft(g);
    }

    /// @notice Only the house may run its contained token push.
    function test_pushTokenFromHouseIsTheHouseOnly() public {
        plainPay.mint(address(house), 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.OnlyHouse.selector, address(this)));
        house.pushTokenFromHouse(address(plainPay), address(this), 1 ether);
        assertEq(plainPay.balanceOf(address(house)), 1 ether, "pushed for an outsider");
    }

    /*//////////////////////////////////////////////////////////////
                          TOO LITTLE GAS TO SETTLE
    //////////////////////////////////////////////////////////////*/

    /// @notice For any gas sent to settle (ERC-721 lot to a winner whose hook needs much of its cap): either it
    /// reverts and changes nothing (InsufficientGasForDelivery, InsufficientGasForRefund, or out of gas), or it
    /// delivers everything. It never settles with a delivery starved into a claim.
    function testFuzz_settleNeverStarvesADelivery(uint256 seed, uint256 gasSeed) public {
        Game memory g = _play(seed, Pay.Eth, Lot.Nft, SELLER, address(new GasBurningNftReceiver(45_000)));
        uint256 gasSent = bound(gasSeed, 30_000, 700_000);
        vm.prank(OPENER);
        (bool ok, bytes memory ret) = address(house).call{gas: gasSent}(abi.encodeCall(IAuctionHouse.settle, (g.id, g.t, g.winner)));
        if (ok) {
            _assertLotWith(g, g.winner);
            assertEq(_balance(g, g.winner), _change(g), "change starved");
            assertEq(_balance(g, SELLER), _price(g), "proceeds starved");
            _assertNothingLeft(g);
        } else {
            assertLe(gasSent, 500_000, "settle with ample gas reverted");
            _assertGasRefusal(ret);
            assertFalse(house.auctionState(g.id).settled, "a reverted settle settled");
            assertEq(nft.ownerOf(g.t.lotAmountOrId), address(house), "a reverted settle moved the lot");
        }
    }

    /// @notice Scanning the gas upwards: settle first refuses with InsufficientGasForDelivery (the lot's cap), and
    /// the first settle that goes through delivers the lot to a hook that needs much of the cap.
    function test_leastGasThatSettlesStillDelivers() public {
        Game memory g = _play(1, Pay.Eth, Lot.Nft, SELLER, address(new GasBurningNftReceiver(45_000)));
        bytes memory call_ = abi.encodeCall(IAuctionHouse.settle, (g.id, g.t, g.winner));
        bool sawDeliveryRefusal;
        for (uint256 gasSent = 60_000; gasSent < 600_000; gasSent += 1_000) {
            vm.prank(OPENER);
            (bool ok, bytes memory ret) = address(house).call{gas: gasSent}(call_);
            if (!ok) {
                _assertGasRefusal(ret);
                if (ret.length >= 4 && bytes4(ret) == IHouseErrors.InsufficientGasForDelivery.selector) {
                    sawDeliveryRefusal = true;
                }
                continue;
            }
            assertTrue(sawDeliveryRefusal, "never refused with InsufficientGasForDelivery");
            _assertLotWith(g, g.winner);
            assertEq(_balance(g, g.winner), _change(g), "least-gas settle did not push the change");
            assertEq(_balance(g, SELLER), _price(g), "least-gas settle did not push the proceeds");
            _assertNothingLeft(g);
            return;
        }
        fail("no settle succeeded");
    }

    /*//////////////////////////////////////////////////////////////
                            DISPLACED LEADERS
    //////////////////////////////////////////////////////////////*/

    /// @notice The reveal that displaces a leader pushes its whole deposit back in the same transaction, with no
    /// event naming it (like a loser's own refund); the new leader's deposit is held until settlement.
    function testFuzz_displacedLeaderRefundedInTheDisplacingReveal(uint256 seed, uint8 paySeed) public {
        Game memory g = _draw(seed, Pay(paySeed % 4), Lot.Nft, SELLER, WINNER);
        _start(g);
        vm.warp(g.t.commitEnd);
        vm.prank(OPENER);
        house.reveal(g.id, RUNNER, g.runBid, _salt(RUNNER), g.runDeposit, 1);
        _assertHeld(g, RUNNER, g.runDeposit);
        vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.RefundHeldUntilSettlement.selector, g.id, RUNNER));
        vm.prank(RUNNER);
        house.withdrawRefund(g.id, RUNNER);

        vm.recordLogs();
        vm.prank(OPENER);
        house.reveal(g.id, g.winner, g.winBid, _salt(g.winner), g.winDeposit, 2);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 k; k < logs.length; ++k) {
            if (logs[k].emitter != address(house) || logs[k].topics.length < 3) continue;
            assertTrue(address(uint160(uint256(logs[k].topics[2]))) != RUNNER, "an event names the displaced leader");
        }
        assertEq(_balance(g, RUNNER), g.runDeposit, "displaced leader not refunded in the reveal");
        (IAuctionHouse.PositionStatus status,) = house.positionOf(g.id, RUNNER);
        assertTrue(status == IAuctionHouse.PositionStatus.None, "displaced leader's position left");
        _assertHeld(g, g.winner, g.winDeposit);
        assertEq(_balance(g, address(house)), g.winDeposit, "house: balance != the leader's deposit");
        vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.NothingToWithdraw.selector, g.id, RUNNER));
        vm.prank(RUNNER);
        house.withdrawRefund(g.id, RUNNER);
    }

    /// @notice A displaced leader whose push fails (rejects ETH, burns all gas, a token hook over the cap, a token
    /// moving a wrong amount): the displacing reveal succeeds at a bounded cost, RefundDeferred names it, and it
    /// can withdraw at once, before settlement.
    function testFuzz_displacedLeaderWithAFailingReceiver(uint256 seed, uint8 kind) public {
        kind %= 4;
        address runner = RUNNER;
        Pay pay = Pay.Eth;
        if (kind < 2) {
            BidderContract b = new BidderContract(IAuctionHouse(address(house)));
            b.setRejects(kind == 0, false);
            b.setBurnGas(kind == 1);
            runner = address(b);
        } else {
            pay = kind == 2 ? Pay.Hook : Pay.Quirky;
        }
        Game memory g = _draw(seed, pay, Lot.Nft, SELLER, WINNER);
        g.runner = runner;
        _start(g);
        if (kind == 2) hookPay.setBurnOnReceive(runner, bound(seed >> 8, 100_000, 10_000_000));
        vm.warp(g.t.commitEnd);
        house.reveal(g.id, runner, g.runBid, _salt(runner), g.runDeposit, 1);
        if (kind == 3) quirkyPay.setMode(8);

        vm.recordLogs();
        vm.prank(OPENER);
        uint256 gasBefore = gasleft();
        house.reveal(g.id, WINNER, g.winBid, _salt(WINNER), g.winDeposit, 2);
        uint256 used = gasBefore - gasleft();
        assertLe(used, (pay == Pay.Eth ? ETH_CAP : TOKEN_CAP) + OVERHEAD, "the reveal paid for the displaced receiver");
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 deferred;
        for (uint256 k; k < logs.length; ++k) {
            if (logs[k].emitter != address(house) || logs[k].topics[0] != IAuctionHouse.RefundDeferred.selector) continue;
            assertEq(uint256(logs[k].topics[1]), g.id, "RefundDeferred: id");
            assertEq(address(uint160(uint256(logs[k].topics[2]))), runner, "RefundDeferred: bidder");
            assertEq(abi.decode(logs[k].data, (uint256)), g.runDeposit, "RefundDeferred: amount");
            ++deferred;
        }
        assertEq(deferred, 1, "RefundDeferred events");
        assertEq(_balance(g, runner), 0, "displaced leader paid");
        _assertHeld(g, runner, g.runDeposit);
        assertEq(_balance(g, address(house)), g.runDeposit + g.winDeposit, "house balance");

        if (kind == 3) quirkyPay.setMode(0);
        assertTrue(house.phaseOf(g.id) == IAuctionHouse.Phase.AwaitingSettlement, "phase");
        vm.prank(runner);
        house.withdrawRefund(g.id, SINK);
        assertEq(_balance(g, SINK), g.runDeposit, "claimed refund");
        assertEq(_balance(g, address(house)), g.winDeposit, "house balance after the claim");
        (IAuctionHouse.PositionStatus status,) = house.positionOf(g.id, runner);
        assertTrue(status == IAuctionHouse.PositionStatus.None, "claim left");
    }

    /// @notice revealMany displaces a leader from before the batch and leaders within it: each displaced leader is
    /// refunded in the batch (exact balances) or, if its receiver rejects ETH, keeps its whole deposit as a claim it
    /// can withdraw at once; the last leader is held, and settlement pushes its change.
    function test_revealManyRefundsLeadersDisplacedBeforeAndWithinTheBatch() public {
        BidderContract l0 = new BidderContract(IAuctionHouse(address(house)));
        l0.setRejects(true, false);
        BidderContract b1 = new BidderContract(IAuctionHouse(address(house)));
        b1.setRejects(true, false);
        address a = address(uint160(0xA0001));
        address c = address(uint160(0xC0001));
        address d = address(uint160(0xD0001));
        address[5] memory who = [address(l0), a, address(b1), c, d];
        uint256[5] memory bid = [uint256(1 ether), 2 ether, 3 ether, 2.5 ether, 4 ether];
        uint256[5] memory dep = [uint256(1.5 ether), 2.2 ether, 3.1 ether, 2.7 ether, 4.5 ether];

        Game memory g = _draw(7, Pay.Eth, Lot.Nft, SELLER, d);
        (g.runBid, g.winDeposit) = (bid[2], dep[4]); // the price (second price) and the winner's deposit
        _create(g);
        for (uint256 i; i < 5; ++i) {
            _commit(g, who[i], bid[i], dep[i]);
        }
        vm.warp(g.t.commitEnd);
        house.reveal(g.id, address(l0), bid[0], _salt(address(l0)), dep[0], 1);
        IAuctionHouse.Opening[] memory entries = new IAuctionHouse.Opening[](4);
        for (uint256 i = 1; i < 5; ++i) {
            entries[i - 1] = IAuctionHouse.Opening(who[i], bid[i], _salt(who[i]), dep[i], i + 1);
        }
        vm.prank(OPENER);
        assertEq(house.revealMany(g.id, entries), 4, "opened");

        _assertHeld(g, address(l0), dep[0]); // displaced before the batch, rejects ETH
        assertEq(a.balance, dep[1], "leader displaced within the batch not refunded");
        _assertHeld(g, address(b1), dep[2]); // displaced within the batch, rejects ETH
        assertEq(c.balance, dep[3], "non-leading bid not refunded");
        _assertHeld(g, d, dep[4]);
        assertEq(address(house).balance, dep[0] + dep[2] + dep[4], "house balance");
        vm.prank(address(l0));
        house.withdrawRefund(g.id, SINK);
        vm.prank(address(b1));
        house.withdrawRefund(g.id, SINK);
        assertEq(SINK.balance, dep[0] + dep[2], "claimed refunds");

        (, Seen memory seen) = _settle(g);
        _assertSeen(seen, Seen(1, 1, 0, 1));
        assertEq(d.balance, dep[4] - bid[2], "winner's change (second price: 3 ether)");
        assertEq(SELLER.balance, bid[2], "proceeds");
        assertEq(address(house).balance, 0, "house holds something");
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev Draws, creates, commits and opens: RUNNER leads, then the winner displaces it; warps to revealEnd.
    function _play(uint256 seed, Pay pay, Lot lot, address seller, address winner) internal returns (Game memory g) {
        g = _draw(seed, pay, lot, seller, winner);
        _start(g);
        _open(g);
    }

    function _draw(uint256 seed, Pay pay, Lot lot, address seller, address winner)
        internal
        pure
        returns (Game memory g)
    {
        g.pay = pay;
        g.lot = lot;
        g.seller = seller;
        g.runner = RUNNER;
        g.winner = winner;
        g.winBid = bound(seed, 0.2 ether, 5 ether);
        g.runBid = bound(seed >> 64, 0.1 ether, g.winBid - 1);
        g.winDeposit = g.winBid + bound(seed >> 128, 1, 2 ether);
        g.runDeposit = g.runBid + bound(seed >> 192, 0, 1 ether);
    }

    /// @dev Creates the auction and commits the runner's bid (order 1), then the winner's (order 2).
    function _start(Game memory g) internal {
        _create(g);
        _commit(g, g.runner, g.runBid, g.runDeposit);
        _commit(g, g.winner, g.winBid, g.winDeposit);
    }

    function _open(Game memory g) internal {
        vm.warp(g.t.commitEnd);
        house.reveal(g.id, g.runner, g.runBid, _salt(g.runner), g.runDeposit, 1);
        house.reveal(g.id, g.winner, g.winBid, _salt(g.winner), g.winDeposit, 2);
        assertEq(_balance(g, g.runner), g.runDeposit, "displaced runner not refunded in the reveal");
        vm.warp(g.t.revealEnd);
    }

    /// @dev Creates `g`'s auction (a fresh ERC-721 id each time) and sets its id and terms.
    function _create(Game memory g) internal {
        IAuctionHouse.AuctionTerms memory t = g.t;
        t.seller = g.seller;
        t.paymentToken = _payToken(g.pay);
        t.format = IAuctionHouse.Format.SecondPrice;
        t.commitEnd = uint40(block.timestamp + 1 days);
        t.revealEnd = uint40(block.timestamp + 2 days);
        t.bond = uint104(BOND);
        if (g.lot == Lot.Nft || g.lot == Lot.BurningNft) {
            uint256 tokenId = ++_lastTokenId;
            t.lotKind = IAuctionHouse.LotKind.ERC721;
            t.lotToken = g.lot == Lot.Nft ? address(nft) : address(burningNft);
            t.lotAmountOrId = tokenId;
            if (g.lot == Lot.Nft) nft.mint(g.seller, tokenId);
            else burningNft.mint(g.seller, tokenId);
            vm.prank(g.seller);
            MockERC721(t.lotToken).approve(address(house), tokenId);
        } else {
            t.lotKind = IAuctionHouse.LotKind.ERC20;
            t.lotToken = g.lot == Lot.Erc20 ? address(lot20) : address(quirkyLot);
            t.lotAmountOrId = LOT_AMOUNT;
            MockERC20(t.lotToken).mint(g.seller, LOT_AMOUNT);
            vm.prank(g.seller);
            IERC20(t.lotToken).approve(address(house), LOT_AMOUNT);
        }
        vm.prank(g.seller);
        g.id = house.create(t);
    }

    function _commit(Game memory g, address bidder, uint256 amount, uint256 deposit) internal {
        bytes32 c = keccak256(abi.encode(block.chainid, address(house), g.id, bidder, amount, _salt(bidder)));
        if (g.pay == Pay.Eth) {
            vm.deal(bidder, deposit);
            vm.prank(bidder);
            house.commit{value: deposit}(g.id, c, deposit);
        } else {
            MockERC20(_payToken(g.pay)).mint(bidder, deposit);
            vm.startPrank(bidder);
            IERC20(_payToken(g.pay)).approve(address(house), deposit);
            house.commit(g.id, c, deposit);
            vm.stopPrank();
        }
        assertEq(_balance(g, bidder), 0, "commit: deposit not taken");
    }

    /// @dev Settles by a third party, measuring its gas and reading what the settlement's logs delivered.
    function _settle(Game memory g) internal returns (uint256 used, Seen memory seen) {
        vm.recordLogs();
        vm.prank(OPENER);
        uint256 gasBefore = gasleft();
        house.settle(g.id, g.t, g.winner);
        used = gasBefore - gasleft();
        seen = _seen(g, vm.getRecordedLogs(), g.seller, _price(g), _change(g));
    }

    /// @dev Counts the settlement's delivery events, checking each names its owner as recipient and the right amount.
    function _seen(Game memory g, Vm.Log[] memory logs, address seller, uint256 price, uint256 refund)
        internal
        view
        returns (Seen memory seen)
    {
        for (uint256 k; k < logs.length; ++k) {
            Vm.Log memory l = logs[k];
            if (l.emitter != address(house) || l.topics.length < 3 || uint256(l.topics[1]) != g.id) continue;
            bytes32 t0 = l.topics[0];
            address who = address(uint160(uint256(l.topics[2])));
            if (t0 == IAuctionHouse.LotClaimed.selector) {
                assertEq(who, price != 0 ? g.winner : seller, "LotClaimed: owner");
                assertEq(abi.decode(l.data, (address)), who, "LotClaimed: recipient");
                ++seen.lotClaimed;
            } else if (t0 == IAuctionHouse.RefundWithdrawn.selector) {
                (address to, uint256 amount) = abi.decode(l.data, (address, uint256));
                assertEq(who, g.winner, "RefundWithdrawn: bidder");
                assertEq(to, who, "RefundWithdrawn: recipient");
                assertEq(amount, refund, "RefundWithdrawn: amount");
                ++seen.refundWithdrawn;
            } else if (t0 == IAuctionHouse.RefundDeferred.selector) {
                assertEq(who, g.winner, "RefundDeferred: bidder");
                assertEq(abi.decode(l.data, (uint256)), refund, "RefundDeferred: amount");
                ++seen.refundDeferred;
            } else if (t0 == IAuctionHouse.ProceedsWithdrawn.selector) {
                (address to, uint256 amount) = abi.decode(l.data, (address, uint256));
                assertEq(who, seller, "ProceedsWithdrawn: seller");
                assertEq(to, seller, "ProceedsWithdrawn: recipient");
                assertEq(amount, price, "ProceedsWithdrawn: amount");
                ++seen.proceedsWithdrawn;
            }
        }
    }

    function _assertSeen(Seen memory seen, Seen memory expected) internal pure {
        assertEq(seen.lotClaimed, expected.lotClaimed, "settle: LotClaimed events");
        assertEq(seen.refundWithdrawn, expected.refundWithdrawn, "settle: RefundWithdrawn events");
        assertEq(seen.refundDeferred, expected.refundDeferred, "settle: RefundDeferred events");
        assertEq(seen.proceedsWithdrawn, expected.proceedsWithdrawn, "settle: ProceedsWithdrawn events");
    }

    function _assertLotWith(Game memory g, address owner) internal view {
        if (g.t.lotKind == IAuctionHouse.LotKind.ERC721) {
            assertEq(MockERC721(g.t.lotToken).ownerOf(g.t.lotAmountOrId), owner, "lot owner");
        } else {
            assertEq(IERC20(g.t.lotToken).balanceOf(owner), LOT_AMOUNT, "lot holder");
            assertEq(IERC20(g.t.lotToken).balanceOf(address(house)), 0, "lot left in the house");
        }
        assertTrue(house.auctionState(g.id).lotClaimed, "lotClaimed");
    }

    function _assertHeld(Game memory g, address bidder, uint256 amount) internal view {
        (IAuctionHouse.PositionStatus status, uint256 value) = house.positionOf(g.id, bidder);
        assertTrue(status == IAuctionHouse.PositionStatus.Held, "position: not held");
        assertEq(value, amount, "position: held amount");
    }

    /// @dev Every claim of the auction is made: each claim function refuses.
    function _assertNothingLeft(Game memory g) internal {
        vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.LotAlreadyClaimed.selector, g.id));
        vm.prank(g.winner);
        house.claimLot(g.id, g.t, g.winner);
        vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.NothingToWithdraw.selector, g.id, g.seller));
        vm.prank(g.seller);
        house.withdrawProceeds(g.id, g.seller);
        vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.NothingToWithdraw.selector, g.id, g.winner));
        vm.prank(g.winner);
        house.withdrawRefund(g.id, g.winner);
        assertEq(house.proceedsOf(g.id, g.seller), 0, "proceeds left");
    }

    function _assertGasRefusal(bytes memory ret) internal pure {
        if (ret.length == 0) return; // out of gas before any check
        bytes4 sel = bytes4(ret);
        assertTrue(
            sel == IHouseErrors.InsufficientGasForDelivery.selector || sel == IHouseErrors.InsufficientGasForRefund.selector,
            "settle with too little gas: unexpected error"
        );
    }

    /// @dev The caps a settlement's three pushes may forward: the lot's, and two payments'.
    function _caps(Game memory g) internal pure returns (uint256) {
        uint256 lot = g.t.lotKind == IAuctionHouse.LotKind.ERC721 ? LOT_CAP : TOKEN_CAP;
        return lot + 2 * (g.pay == Pay.Eth ? ETH_CAP : TOKEN_CAP);
    }

    function _price(Game memory g) internal pure returns (uint256) {
        return g.runBid;
    }

    function _change(Game memory g) internal pure returns (uint256) {
        return g.winDeposit - g.runBid;
    }

    function _payToken(Pay pay) internal view returns (address) {
        if (pay == Pay.Eth) return address(0);
        if (pay == Pay.Plain) return address(plainPay);
        if (pay == Pay.Hook) return address(hookPay);
        return address(quirkyPay);
    }

    function _balance(Game memory g, address who) internal view returns (uint256) {
        return g.pay == Pay.Eth ? who.balance : IERC20(_payToken(g.pay)).balanceOf(who);
    }

    function _salt(address bidder) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", bidder));
    }
}
