// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {vm} from "./utils/Vm.sol";
import {console} from "hardhat/console.sol";
import {KUnitHandler} from "./handlers/KUnitHandler.sol";

/// @notice Rule 11 ("Nothing is lost") for the k-unit house, money and units, as invariants over random sequences of
/// creates, commits, reveals (fresh and garbage hints, over-deposit openings, third-party openers), batch reveals,
/// sealed-reserve openings, warps, cancels, settles, unit claims and seller deliveries, unsold returns, proceeds,
/// refunds (deferred, displaced, a delivered winner's change), unopened withdrawals, hidden-deposit commits (the vault
/// funded, short or not), their sweeps at opening and vault recoveries after the auction, through {KUnitHandler}:
///  - for ETH and the payment token, the house's balance equals what the rules say it owes plus what it burned,
///    and every call moved exactly what the rules say (refund pushes, changes, proceeds, refunds);
///  - per auction, escrowed units = units in the house + delivered to winners + returned to the seller, and the
///    house's ERC-1155 and ERC-20 lot balances are exactly the units it still holds;
///  - the top set after every opening is the rules' one (a full scan of the opened valid bids), and settlement's
///    units sold and price are the rules' ones;
///  - no actor ever received more than it paid in plus, as a seller, its prices and reserve bonds.
/// After each run, `afterInvariant` settles and claims everything left: the house then holds exactly the burned
/// bonds and no unit. Run alone, name the handler too (the invariant runner needs its artifact):
/// `npx hardhat test solidity test/solidity/KUnitConservation.t.sol test/solidity/handlers/KUnitHandler.sol`.
contract KUnitConservationTest is Test {
    KUnitHandler internal handler;

    function setUp() public {
        vm.warp(1_750_000_000);
        handler = new KUnitHandler(8);
        handler.create(uint256(keccak256("first auction")));
        handler.create(uint256(keccak256("second auction")) | 1 << 16 | 1 << 17);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](13);
        selectors[0] = KUnitHandler.create.selector;
        selectors[1] = KUnitHandler.commit.selector;
        selectors[2] = KUnitHandler.reveal.selector;
        selectors[3] = KUnitHandler.revealMany.selector;
        selectors[4] = KUnitHandler.revealReserve.selector;
        selectors[5] = KUnitHandler.warp.selector;
        selectors[6] = KUnitHandler.cancel.selector;
        selectors[7] = KUnitHandler.settle.selector;
        selectors[8] = KUnitHandler.claimUnit.selector;
        selectors[9] = KUnitHandler.claimUnsold.selector;
        selectors[10] = KUnitHandler.withdrawProceeds.selector;
        selectors[11] = KUnitHandler.withdrawRefund.selector;
        selectors[12] = KUnitHandler.withdrawUnrevealed.selector;
        targetSelectors(address(handler), selectors);
    }

    /*//////////////////////////////////////////////////////////////
                               INVARIANTS
    //////////////////////////////////////////////////////////////*/

    function invariant_moneyBalanceEqualsOwedPlusBurned() public view {
        handler.checkConservation();
    }

    function invariant_unitsEscrowedEqualHeldPlusClaimedPlusReturned() public view {
        handler.checkUnits();
    }

    function invariant_noActorReceivesMoreThanItPaid() public view {
        handler.checkNoActorProfit();
    }

    function afterInvariant() public {
        handler.drainAll();
        handler.checkConservation();
        handler.checkUnits();
        handler.checkNoActorProfit();
        handler.checkDrained();
    }

    /*//////////////////////////////////////////////////////////////
                       DETERMINISTIC RANDOM WALKS
    //////////////////////////////////////////////////////////////*/

    /// @notice A long seeded walk through the same handler, every invariant checked after each step, then drained.
    /// Asserts that every kind of action happened, and prints the counts.
    function test_randomWalkReachesEveryAction() public {
        KUnitHandler h = new KUnitHandler(40);
        _walk(h, 0xC0FFEE, 900);
        KUnitHandler.Counts memory c = h.getCounts();
        console.log("k-unit walk: creates %d, commits %d, reveals %d", c.creates, c.commits, c.reveals);
        console.log("  batch reveals %d, displaced %d, deferred %d", c.batchReveals, c.displaced, c.deferred);
        console.log("  settles %d (units sold %d), unit claims %d", c.settles, c.soldUnits, c.unitClaims);
        console.log("  deliveries %d, unsold claims %d, proceeds %d", c.deliveries, c.unsoldClaims, c.proceedsWithdrawals);
        console.log("  refunds %d, unrevealed %d, cancels %d", c.refundWithdrawals, c.unrevealedWithdrawals, c.cancels);
        assertGe(c.creates, 6, "creates");
        assertGe(c.commits, 20, "commits");
        assertGe(c.reveals, 10, "reveals");
        assertGe(c.batchReveals, 2, "batch reveals");
        assertGe(c.displaced, 2, "displaced bids");
        assertGe(c.deferred, 1, "deferred refunds");
        assertGe(c.reserveReveals, 1, "reserve reveals");
        assertGe(c.settles, 4, "settles");
        assertGe(c.soldUnits, 4, "units sold");
        assertGe(c.unitClaims, 2, "unit claims");
        assertGe(c.deliveries, 1, "deliveries");
        assertGe(c.unsoldClaims, 1, "unsold claims");
        assertGe(c.proceedsWithdrawals, 2, "proceeds withdrawals");
        assertGe(c.refundWithdrawals, 2, "refund withdrawals");
        assertGe(c.unrevealedWithdrawals, 1, "unrevealed withdrawals");
        console.log("  hidden commits %d, vault sweeps %d, vault recoveries %d", c.hiddenCommits, c.sweeps, c.vaultRecoveries);
        assertGe(c.hiddenCommits, 4, "hidden commits");
        assertGe(c.sweeps, 2, "vault sweeps");
        assertGe(c.vaultRecoveries, 1, "vault recoveries");
    }

    /// @notice Short walks from the fuzzer's seeds, checked after every step and after draining.
    function testFuzz_randomWalk(uint256 seed) public {
        KUnitHandler h = new KUnitHandler(6);
        _walk(h, seed, 48);
    }

    function _walk(KUnitHandler h, uint256 seed, uint256 steps) internal {
        for (uint256 k; k < steps; ++k) {
            uint256 r = uint256(keccak256(abi.encode(seed, k)));
            uint256 x = uint256(keccak256(abi.encode(r, 1)));
            uint256 y = uint256(keccak256(abi.encode(r, 2)));
            uint256 z = uint256(keccak256(abi.encode(r, 3)));
            uint256 action = r % 24;
            if (action < 1) h.create(x);
            else if (action < 8) h.commit(x, y, z, r >> 8);
            else if (action < 11) h.reveal(x, y, z);
            else if (action < 12) h.revealMany(x, y);
            else if (action < 13) h.revealReserve(x);
            else if (action < 15) h.warp(x);
            else if (action < 16) h.cancel(x);
            else if (action < 17) h.settle(x);
            else if (action < 19) h.claimUnit(x, y, z);
            else if (action < 20) h.claimUnsold(x);
            else if (action < 21) h.withdrawProceeds(x);
            else if (action < 23) h.withdrawRefund(x, y);
            else h.withdrawUnrevealed(x, y);
            h.checkConservation();
            h.checkUnits();
            h.checkNoActorProfit();
        }
        h.drainAll();
        h.checkConservation();
        h.checkUnits();
        h.checkNoActorProfit();
        h.checkDrained();
    }
}
