// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAuctionHouse} from "../interfaces/IAuctionHouse.sol";

/// @notice Test-only contract bidder whose ETH receipt re-enters the house while its refund is being pushed: it
/// calls `reveal` (with an opening it was given), `revealMany` (an empty batch, which would succeed outside a
/// push) or `withdrawRefund`, then reads the auction through the house's views and emits what it saw, so a test
/// can check that the re-entrant call failed and that no push observes a half-applied batch. It then accepts the
/// ETH, or reverts when told to (the refund becomes a claim).
contract ReenteringEthReceiver {
    enum Reentry {
        None,
        Reveal,
        RevealMany,
        WithdrawRefund
    }

    IAuctionHouse public immutable house;
    // One slot: what a receipt reads before anything else (the push forwards 30,000 gas).
    uint64 public auctionId;
    Reentry public reentry;
    bool public rejectAfter;
    IAuctionHouse.Opening internal _opening; // for Reentry.Reveal

    /// @notice What the receipt saw: whether the re-entrant call succeeded (and the error selector if not), and the
    /// auction's counts, standing and this bidder's position as the house's views reported them at that moment.
    event Observed(
        bool reentryOk,
        bytes4 reentryError,
        uint32 openCount,
        uint32 forfeitCount,
        uint112 bestAmount,
        uint112 runnerUp,
        uint32 bestOrder,
        uint256 positionStatus
    );

    constructor(IAuctionHouse house_) {
        house = house_;
    }

    function commit(uint256 id, bytes32 commitment, uint256 deposit) external payable {
        house.commit{value: msg.value}(id, commitment, deposit);
    }

    function withdrawRefund(uint256 id, address recipient) external {
        house.withdrawRefund(id, recipient);
    }

    function setReentry(uint64 id, Reentry kind, bool rejectAfter_, IAuctionHouse.Opening calldata opening) external {
        auctionId = id;
        reentry = kind;
        rejectAfter = rejectAfter_;
        _opening = opening;
    }

    receive() external payable {
        uint256 id = auctionId;
        Reentry kind = reentry;
        if (kind == Reentry.None) return;
        bytes memory data;
        if (kind == Reentry.Reveal) {
            IAuctionHouse.Opening memory o = _opening;
            data = abi.encodeCall(IAuctionHouse.reveal, (id, o.bidder, o.amount, o.salt, o.deposit, o.order));
        } else if (kind == Reentry.RevealMany) {
            data = abi.encodeCall(IAuctionHouse.revealMany, (id, new IAuctionHouse.Opening[](0)));
        } else {
            data = abi.encodeCall(IAuctionHouse.withdrawRefund, (id, address(this)));
        }
        (bool ok, bytes memory ret) = address(house).call(data);
        IAuctionHouse.AuctionState memory st = house.auctionState(id);
        (IAuctionHouse.PositionStatus status,) = house.positionOf(id, address(this));
        emit Observed(
            ok, bytes4(ret), st.openCount, st.forfeitCount, st.bestAmount, st.runnerUp, st.bestOrder, uint256(status)
        );
        if (rejectAfter) revert("rejected after re-entering");
    }
}
