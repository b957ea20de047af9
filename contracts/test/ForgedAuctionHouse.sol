// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAuctionHouse} from "../interfaces/IAuctionHouse.sol";

/// @notice Test-only: a contract that emits the AuctionHouse's events with whatever values it is told and
/// answers the views the auditor reads with whatever state it is told. It runs no auction rules at all, so
/// it can publish a history whose settlement differs from what the rules give (a wrong winner or price).
/// The auditor must catch it from the logs alone. Not related to, and not importing, AuctionHouse.sol.
contract ForgedAuctionHouse {
    mapping(uint256 auctionId => IAuctionHouse.AuctionState) private _state;
    mapping(uint256 auctionId => mapping(address bidder => IAuctionHouse.PositionStatus)) private _status;
    mapping(uint256 auctionId => mapping(address bidder => uint256)) private _value;
    mapping(uint256 auctionId => uint256) private _proceeds;

    function emitCreated(uint256 auctionId, IAuctionHouse.AuctionTerms calldata terms) external {
        emit IAuctionHouse.AuctionCreated(auctionId, terms.seller, terms);
    }

    function emitCommitted(uint256 auctionId, address bidder, bytes32 commitment, uint256 deposit, uint256 order) external {
        emit IAuctionHouse.BidCommitted(auctionId, bidder, commitment, deposit, order);
    }

    function emitRevealed(uint256 auctionId, address bidder, uint256 amount, bytes32 salt, bool valid) external {
        emit IAuctionHouse.BidRevealed(auctionId, bidder, amount, salt, valid);
    }

    function emitSettled(uint256 auctionId, address winner, uint256 price, uint256 effectiveReserve, uint256 burned)
        external
    {
        emit IAuctionHouse.AuctionSettled(auctionId, winner, price, effectiveReserve, burned);
    }

    function setState(uint256 auctionId, IAuctionHouse.AuctionState calldata state) external {
        _state[auctionId] = state;
    }

    function setPosition(uint256 auctionId, address bidder, IAuctionHouse.PositionStatus status, uint256 value) external {
        _status[auctionId][bidder] = status;
        _value[auctionId][bidder] = value;
    }

    function setProceeds(uint256 auctionId, uint256 amount) external {
        _proceeds[auctionId] = amount;
    }

    function phaseOf(uint256 auctionId) external view returns (IAuctionHouse.Phase) {
        return _state[auctionId].phase;
    }

    function auctionState(uint256 auctionId) external view returns (IAuctionHouse.AuctionState memory) {
        return _state[auctionId];
    }

    function positionOf(uint256 auctionId, address bidder)
        external
        view
        returns (IAuctionHouse.PositionStatus status, uint256 value)
    {
        return (_status[auctionId][bidder], _value[auctionId][bidder]);
    }

    function proceedsOf(uint256 auctionId, address) external view returns (uint256) {
        return _proceeds[auctionId];
    }
}
