// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {vm} from "./utils/Vm.sol";
import {console} from "hardhat/console.sol";
import {AuctionHandler} from "./handlers/AuctionHandler.sol";

/// @notice Rule 11 ("Nothing is lost") and rule 6 (reserve before bids) as invariants over random sequences of
/// creates (some prepared with the seller's nonce and submitted after other sellers' creates and cancels), commits,
/// recommits, reveals (some tried while the sealed reserve is pending, some displacing a leader, which they refund),
/// batch openings (revealMany of random entries, repeated and garbage ones included), reserve reveals (in the window,
/// or tried outside it), warps, cancels to a chosen recipient, settles (delivering the lot, the leader's refund and the
/// proceeds, or leaving a claim where the receiver refuses) and fallback claims driven through {AuctionHandler}:
///  - for ETH and the ERC-20 payment token, the house's balance equals what it owes plus what it burned, and
///    the ERC-20 lot token's balance equals the escrowed lots;
///  - every ERC-721 lot is owned by the house iff it is escrowed and unclaimed;
///  - once every claim of a settled auction is made, the house holds only that auction's burned bonds for it
///    (and every view agrees with the ghost model at all times);
///  - no actor ever received more than it paid in plus, as a seller, its prices;
///  - no bid was opened while its auction's sealed reserve was pending (ghost state and the contract's own view).
/// After each run, `afterInvariant` settles and claims everything left and checks that the house then holds
/// exactly the burned bonds and that every actor got back exactly what the rules say.
contract ConservationTest is Test {
    AuctionHandler internal handler;

    function setUp() public {
        handler = _deployHandler();
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](15);
        selectors[0] = AuctionHandler.create.selector;
        selectors[1] = AuctionHandler.commit.selector;
        selectors[2] = AuctionHandler.recommit.selector;
        selectors[3] = AuctionHandler.reveal.selector;
        selectors[4] = AuctionHandler.revealReserve.selector;
        selectors[5] = AuctionHandler.warp.selector;
        selectors[6] = AuctionHandler.cancel.selector;
        selectors[7] = AuctionHandler.settle.selector;
        selectors[8] = AuctionHandler.claimLot.selector;
        selectors[9] = AuctionHandler.withdrawProceeds.selector;
        selectors[10] = AuctionHandler.withdrawRefund.selector;
        selectors[11] = AuctionHandler.withdrawUnrevealed.selector;
        selectors[12] = AuctionHandler.setHostileReceivers.selector;
        selectors[13] = AuctionHandler.probe.selector;
        selectors[14] = AuctionHandler.revealMany.selector;
        // Not `drainAll`: it runs after each run, from `afterInvariant`.
        targetSelectors(address(handler), selectors);
    }

    function _deployHandler() internal returns (AuctionHandler h) {
        vm.warp(1_750_000_000);
        h = new AuctionHandler(8);
        // Two auctions from the start, so that every run has something to bid on: ETH with an ERC-721 lot and a
        // sealed reserve; ERC-20 payment with an ERC-20 lot and a public floor.
        h.create(0, 0, uint256(0.1 ether) | (uint256(1) << 64) | (uint256(2 ether) << 128), 1 days);
        h.create(1, 0x7 | (1 << 3), uint256(0.2 ether) | (uint256(1 ether) << 72), (3 days) | (1 << 64));
    }

    /*//////////////////////////////////////////////////////////////
                               INVARIANTS
    //////////////////////////////////////////////////////////////*/

    function invariant_balanceEqualsOwedPlusBurned() public view {
        handler.checkConservation();
    }

    function invariant_erc721LotHeldIffEscrowed() public view {
        handler.checkLots();
    }

    function invariant_claimedAuctionHoldsOnlyBurnedBonds() public view {
        handler.checkSettledHoldsOnlyBurned();
    }

    function invariant_noActorReceivesMoreThanItPaid() public view {
        handler.checkNoActorProfit();
    }

    /// @notice Rule 6: no bid was ever opened in an auction whose sealed reserve was pending at that time.
    function invariant_noBidOpenedWhileReservePending() public view {
        handler.checkReserveBeforeBids();
    }

    /// @dev After every run: settle and claim everything from whatever state the run reached.
    function afterInvariant() public {
        handler.drainAll();
        _checkAll();
        handler.checkDrained();
        assertGe(handler.getCounts().settles + handler.getCounts().cancels, 2, "a run ended with an auction open");
    }

    /*//////////////////////////////////////////////////////////////
                       DETERMINISTIC RANDOM WALKS
    //////////////////////////////////////////////////////////////*/

    /// @notice A long seeded walk through the same handler, checking every invariant after each step, then
    /// draining. Asserts that every kind of action (settles and claims included) really happened, and prints
    /// the counts (visible in the runner's output).
    function test_randomWalkReachesEveryAction() public {
        AuctionHandler h = new AuctionHandler(40);
        _walk(h, 0xA11CE, 600, true);
        AuctionHandler.Counts memory c = h.getCounts();
        _log(c);
        assertGe(c.creates, 10, "creates");
        assertGe(c.sealedCreates, 1, "sealed creates");
        assertGe(c.commits, 20, "commits");
        assertGe(c.copiedCommits, 1, "copied commits");
        assertGe(c.recommits, 1, "recommits");
        assertGe(c.reveals, 10, "reveals");
        assertGe(c.overDepositReveals, 1, "over-deposit reveals");
        assertGe(c.thirdPartyReveals, 1, "third-party reveals");
        assertGe(c.deferredRefunds, 1, "deferred refunds");
        assertGe(c.reserveReveals, 1, "reserve reveals");
        assertGe(c.cancels, 1, "cancels");
        assertGe(c.settles, 5, "settles");
        assertGe(c.soldSettles, 3, "sold settles");
        assertGe(c.displacedRefunds, 3, "leaders displaced and refunded in the displacing opening");
        assertGe(c.displacedDeferred, 1, "displaced leaders whose refund push failed");
        assertGe(c.lotDeliveries, 5, "lots delivered by settlement");
        assertGe(c.leaderRefundPushes, 1, "leaders' refunds pushed by settlement");
        assertGe(c.proceedsPushes, 3, "proceeds pushed by settlement");
        // The fallback claims stay reachable: receivers that refuse ERC-721s, reject ETH or burn gas.
        assertGe(c.lotClaims, 1, "lot claims after a failed delivery");
        assertGe(c.proceedsWithdrawals, 1, "proceeds withdrawals after a failed push");
        assertGe(c.refundWithdrawals, 3, "refund withdrawals");
        assertGe(c.leaderRefundDeferrals, 1, "leaders' refunds deferred at settlement");
        assertGe(c.unrevealedWithdrawals, 1, "unrevealed withdrawals");
        assertGe(c.preparedCreates, 1, "prepared sealed creates");
        assertGe(c.preparedSubmitted, 1, "prepared creates submitted after other sellers' creates or cancels");
        assertGe(c.blockedReveals, 1, "bid openings refused while the reserve was pending");
        assertGe(c.lateReserveReveals, 1, "reserve openings refused outside the window");
        assertGe(c.withheldReserves, 1, "withheld reserves");
        assertGe(c.redirectedCancels, 1, "cancels to another recipient");
        assertGe(c.probes, 10, "probes");
        assertGe(c.batchReveals, 3, "batch openings");
        assertGe(c.batchSkips, 3, "skipped batch entries");
        assertGe(c.hiddenCommits, 5, "hidden-deposit commits");
        assertGe(c.vaultSweeps, 3, "vaults swept by openings");
        assertGe(c.vaultRecoveries, 1, "vaults of unopened hidden bids recovered");
    }

    /// @notice What an invariant campaign does with this handler: runs of `depth` calls, each a uniformly chosen
    /// target function with random arguments, from the same starting state as `setUp`. Asserts that on average
    /// a run reaches settlement (which delivers) and claims before `afterInvariant` drains it, and prints the per-run
    /// averages.
    function test_uniformCampaignReachesSettlementAndClaims() public {
        uint256 runs = 64;
        uint256 depth = 40;
        AuctionHandler.Counts memory total;
        for (uint256 run; run < runs; ++run) {
            AuctionHandler h = _deployHandler(); // each invariant run starts from the state after setUp
            for (uint256 k; k < depth; ++k) {
                uint256 r = uint256(keccak256(abi.encode("campaign", run, k)));
                _callUniform(h, r);
            }
            AuctionHandler.Counts memory c = h.getCounts();
            total.commits += c.commits;
            total.reveals += c.reveals;
            total.settles += c.settles;
            total.soldSettles += c.soldSettles;
            total.lotClaims += c.lotClaims;
            total.lotDeliveries += c.lotDeliveries;
            total.proceedsPushes += c.proceedsPushes;
            total.displacedRefunds += c.displacedRefunds;
            total.proceedsWithdrawals += c.proceedsWithdrawals;
            total.refundWithdrawals += c.refundWithdrawals;
            total.unrevealedWithdrawals += c.unrevealedWithdrawals;
            total.deferredRefunds += c.deferredRefunds;
            total.cancels += c.cancels;
            total.redirects += c.redirects;
            h.drainAll();
            _checkAll(h);
            h.checkDrained();
        }
        console.log("campaign x%d, per 100 runs: commits %d, reveals %d", runs, total.commits * 100 / runs, total.reveals * 100 / runs);
        console.log("  settles %d (sold %d), lot claims %d", total.settles * 100 / runs, total.soldSettles * 100 / runs, total.lotClaims * 100 / runs);
        console.log("  lots delivered %d, proceeds pushed %d, displaced leaders %d", total.lotDeliveries * 100 / runs, total.proceedsPushes * 100 / runs, total.displacedRefunds * 100 / runs);
        console.log("  proceeds %d, refunds %d, unrevealed %d", total.proceedsWithdrawals * 100 / runs, total.refundWithdrawals * 100 / runs, total.unrevealedWithdrawals * 100 / runs);
        console.log("  deferred %d, cancels %d, redirected calls %d", total.deferredRefunds * 100 / runs, total.cancels * 100 / runs, total.redirects * 100 / runs);
        assertGe(total.settles, runs, "runs settle less than once on average");
        assertGe(total.lotDeliveries + total.lotClaims, runs / 2, "runs deliver or claim a lot less than once in two");
        assertGe(total.lotClaims, 1, "no lot claimed after a failed delivery");
        assertGe(total.refundWithdrawals + total.unrevealedWithdrawals, runs / 2, "too few refunds");
    }

    function _callUniform(AuctionHandler h, uint256 r) internal {
        uint256 x = uint256(keccak256(abi.encode(r, 1)));
        uint256 y = uint256(keccak256(abi.encode(r, 2)));
        uint256 z = uint256(keccak256(abi.encode(r, 3)));
        uint256 w = uint256(keccak256(abi.encode(r, 4)));
        uint256 action = r % 15;
        if (action == 0) h.create(x, y, z, w);
        else if (action == 1) h.commit(x, y, z, w);
        else if (action == 2) h.recommit(x, y, z, w);
        else if (action == 3) h.reveal(x, y, z);
        else if (action == 4) h.revealReserve(x, y % 2 == 0);
        else if (action == 5) h.warp(x);
        else if (action == 6) h.cancel(x);
        else if (action == 7) h.settle(x, y);
        else if (action == 8) h.claimLot(x, y);
        else if (action == 9) h.withdrawProceeds(x);
        else if (action == 10) h.withdrawRefund(x, y);
        else if (action == 11) h.withdrawUnrevealed(x, y);
        else if (action == 12) h.setHostileReceivers(y);
        else if (action == 13) h.probe(x, y, z);
        else h.revealMany(x, y, z);
    }

    /// @notice Short seeded walks from the fuzzer's seeds, with weighted actions (the invariant campaigns pick
    /// them uniformly): balances checked after every step, everything at the end and after draining.
    function testFuzz_randomWalk(uint256 seed) public {
        AuctionHandler h = new AuctionHandler(6);
        _walk(h, seed, 32, false);
    }

    function _walk(AuctionHandler h, uint256 seed, uint256 steps, bool checkEveryStep) internal {
        for (uint256 k; k < steps; ++k) {
            uint256 r = uint256(keccak256(abi.encode(seed, k)));
            uint256 x = uint256(keccak256(abi.encode(r, 1)));
            uint256 y = uint256(keccak256(abi.encode(r, 2)));
            uint256 z = uint256(keccak256(abi.encode(r, 3)));
            uint256 action = r % 20;
            if (action < 2) h.create(x, y, z, r >> 8);
            else if (action < 6) h.commit(x, y, z, r >> 8);
            else if (action < 7) h.recommit(x, y, z, r >> 8);
            else if (action < 10 && (r >> 128) % 4 == 0) h.revealMany(x, y, z);
            else if (action < 10) h.reveal(x, y, z);
            else if (action < 11) h.revealReserve(x, y % 2 == 0);
            else if (action < 13) h.warp(x);
            else if (action < 14) h.cancel(x);
            else if (action < 15) h.settle(x, y);
            else if (action < 16) h.claimLot(x, y);
            else if (action < 17) h.withdrawProceeds(x);
            else if (action < 18) h.withdrawRefund(x, y);
            else if (action < 19) h.withdrawUnrevealed(x, y);
            else if (y % 4 == 0) h.setHostileReceivers(z);
            else h.probe(x, y, z);
            if (checkEveryStep) {
                _checkAll(h);
            } else {
                h.checkConservation();
                h.checkNoActorProfit();
                h.checkReserveBeforeBids();
            }
        }
        _checkAll(h);
        h.drainAll();
        _checkAll(h);
        h.checkDrained();
    }

    function _checkAll() internal view {
        _checkAll(handler);
    }

    function _checkAll(AuctionHandler h) internal view {
        h.checkConservation();
        h.checkLots();
        h.checkSettledHoldsOnlyBurned();
        h.checkNoActorProfit();
        h.checkReserveBeforeBids();
    }

    function _log(AuctionHandler.Counts memory c) internal pure {
        console.log("walk: creates %d (sealed %d), cancels %d", c.creates, c.sealedCreates, c.cancels);
        console.log("walk: commits %d (copied %d), recommits %d", c.commits, c.copiedCommits, c.recommits);
        console.log("walk: reveals %d (over-deposit %d, third-party %d)", c.reveals, c.overDepositReveals, c.thirdPartyReveals);
        console.log("walk: deferred refunds %d, reserve reveals %d, warps %d", c.deferredRefunds, c.reserveReveals, c.warps);
        console.log("walk: settles %d (sold %d), lot claims %d", c.settles, c.soldSettles, c.lotClaims);
        console.log("walk: delivered lots %d, leader refunds %d (deferred %d)", c.lotDeliveries, c.leaderRefundPushes, c.leaderRefundDeferrals);
        console.log("walk: proceeds pushed %d, displaced leaders %d (deferred %d)", c.proceedsPushes, c.displacedRefunds, c.displacedDeferred);
        console.log("walk: proceeds %d, refunds %d, unrevealed %d", c.proceedsWithdrawals, c.refundWithdrawals, c.unrevealedWithdrawals);
        console.log("walk: probes %d, redirected %d", c.probes, c.redirects);
        console.log("walk: prepared creates %d (submitted after others' %d, stale %d)", c.preparedCreates, c.preparedSubmitted, c.staleCreates);
        console.log("walk: blocked reveals %d, late reserve reveals %d, withheld %d", c.blockedReveals, c.lateReserveReveals, c.withheldReserves);
        console.log("walk: redirected cancels %d", c.redirectedCancels);
        console.log("walk: batch openings %d (entries skipped %d)", c.batchReveals, c.batchSkips);
        console.log("walk: hidden commits %d, vaults swept %d, recovered %d", c.hiddenCommits, c.vaultSweeps, c.vaultRecoveries);
    }
}
