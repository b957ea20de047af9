// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKUnitAuctionHouse} from "./interfaces/IKUnitAuctionHouse.sol";
import {Commitments} from "./libraries/Commitments.sol";
import {Transfers} from "./libraries/Transfers.sol";
import {Vaults} from "./libraries/Vaults.sol";
import {KUnitHouseBase} from "./KUnitHouseBase.sol";

/// @title KUnitAnnex
/// @notice The k-unit house's rarely used calls and its hidden-deposit sweeps (rule 16), run only by DELEGATECALL
/// from the {KUnitAuctionHouse} that created it in its constructor (its address is an immutable there). So
/// `address(this)` is the house: storage ({KUnitHouseBase}'s layout), balances, logs, the reentrancy guard's
/// transient slot and the vaults' CREATE2 deployer are all the house's. It is a separate code account only because
/// the house's code would otherwise exceed the 24,576-byte limit; it holds nothing and refuses direct calls.
/// The vault rules are the single-item house's exactly: deploy the bid's CREATE2 vault ({Vaults}), measure what
/// arrived by the house's own balances, count it as deposit up to the 112-bit amounts, set the rest (and ETH in an
/// ERC-20-paid auction) aside for {recoverVault}.
contract KUnitAnnex is KUnitHouseBase {
    address private immutable SELF = address(this);

    /// @notice Thrown when called other than by DELEGATECALL from the house.
    error DelegateCallOnly();

    modifier delegated() {
        if (address(this) == SELF) revert DelegateCallOnly();
        _;
    }

    /// @notice {IKUnitAuctionHouse-cancel}, run by the house.
    function cancel(uint256 auctionId, AuctionTerms calldata terms, address recipient) external delegated nonReentrant {
        Auction storage a = _checkedAuction(auctionId, terms);
        if (msg.sender != terms.seller) revert NotSeller(msg.sender, terms.seller);
        if (recipient == address(0)) revert ZeroRecipient();
        Schedule memory s = a.schedule;
        if (s.flags & F_CANCELLED != 0 || a.outcome.status & S_SETTLED != 0) {
            revert UnexpectedPhase(auctionId, _phaseOf(auctionId));
        }
        if (s.commitCount != 0) revert HasCommitments(auctionId, s.commitCount);
        a.schedule.flags = s.flags | F_CANCELLED;

        _sendUnits(auctionId, s.flags, a.lot, recipient, terms.units);
        if (s.flags & F_SEALED != 0) _pay(auctionId, s.flags, recipient, terms.bond);
        emit AuctionCancelled(auctionId, recipient);
    }

    /// @notice {IKUnitAuctionHouse-commitHidden}, run by the house.
    function commitHidden(uint256 auctionId, bytes32 commitment) external payable delegated nonReentrant {
        _commit(auctionId, commitment, 0, HIDDEN_MARK);
        emit DepositHidden(auctionId);
    }

    /// @notice {IKUnitAuctionHouse-commitHiddenSelfOpening}, run by the house.
    function commitHiddenSelfOpening(uint256 auctionId, bytes32 commitment, bytes calldata sealedOpening)
        external
        payable
        delegated nonReentrant
    {
        _requireSealedOpeningLength(sealedOpening.length);
        _commit(auctionId, commitment, 0, HIDDEN_MARK);
        emit DepositHidden(auctionId);
        emit SelfOpeningAttached(auctionId, msg.sender, sealedOpening);
    }

    /// @notice {IKUnitAuctionHouse-revealReserve}, run by the house.
    function revealReserve(uint256 auctionId, AuctionTerms calldata terms, uint256 reserve, bytes32 salt)
        external
        delegated nonReentrant
    {
        Auction storage a = _checkedAuction(auctionId, terms);
        Schedule memory s = a.schedule;
        if (s.flags & F_CANCELLED != 0) revert UnexpectedPhase(auctionId, Phase.Cancelled);
        if (s.flags & F_SEALED == 0) revert NoSealedReserve(auctionId);
        if (s.flags & F_RESERVE_OPENED != 0) revert ReserveAlreadyRevealed(auctionId);
        // Only in the reserve window, before any bid can be opened: the seller decides with no bid information.
        if (block.timestamp < s.commitEnd || block.timestamp >= terms.reserveEnd) {
            revert UnexpectedPhase(auctionId, _phaseOf(auctionId));
        }
        if (Commitments.reserve(terms.seller, terms.reserveNonce, reserve, salt) != terms.sealedReserveCommitment) {
            revert ReserveOpeningMismatch(auctionId);
        }
        if (reserve > MAX_AMOUNT) revert AmountTooLarge(reserve);

        a.schedule.flags = s.flags | F_RESERVE_OPENED;
        if (reserve != 0) _openedReserve[auctionId] = uint112(reserve);
        // No bid is open yet, so the threshold is still the floor: it becomes the effective reserve.
        if (reserve > terms.floorReserve) a.standing.threshold = uint112(reserve);
        emit ReserveRevealed(auctionId, reserve, salt);
    }

    /// @notice {IKUnitAuctionHouse-recoverVault}, run by the house.
    /// @dev As the single-item house's: no position is read (the vault is the caller's by derivation, and once the
    /// auction is over no opening can sweep it any more); a second sweep in one transaction moves nothing.
    function recoverVault(uint256 auctionId, bytes32 salt, address recipient) external delegated nonReentrant {
        Auction storage a = _auctions[auctionId];
        Schedule memory s = a.schedule;
        if (s.commitEnd == 0) revert AuctionNotFound(auctionId);
        if (block.timestamp < s.revealEnd && s.flags & F_CANCELLED == 0 && a.outcome.status & S_SETTLED == 0) {
            revert UnexpectedPhase(auctionId, _phaseOf(auctionId));
        }
        if (recipient == address(0)) revert ZeroRecipient();
        (address vault, uint256 amount, uint256 eth) =
            Vaults.sweepMeasured(auctionId, msg.sender, salt, _paymentAsset(auctionId, s.flags));
        SetAside storage x = _vaultSetAside[auctionId][msg.sender];
        amount += x.amount;
        eth += x.eth;
        delete _vaultSetAside[auctionId][msg.sender];
        if (amount == 0 && eth == 0) revert NothingToWithdraw(auctionId, msg.sender);
        emit VaultRecovered(auctionId, msg.sender, vault, recipient, amount, eth);
        if (amount != 0) _pay(auctionId, s.flags, recipient, amount);
        if (eth != 0) Transfers.payEth(recipient, eth);
    }

    /// @notice {IKUnitAuctionHouse-deliverUnit}, run by the house.
    function deliverUnit(uint256 auctionId, AuctionTerms calldata terms, address winner) external delegated nonReentrant {
        Auction storage a = _checkedAuction(auctionId, terms);
        if (msg.sender != terms.seller) revert NotSeller(msg.sender, terms.seller);
        (uint8 status, uint256 price,) = _takeUnit(auctionId, a, winner, false);
        _sendUnits(auctionId, status, a.lot, winner, 1);
        emit UnitDelivered(auctionId, winner, price);
    }

    /// @notice {IKUnitAuctionHouse-claimUnsold}, run by the house.
    function claimUnsold(uint256 auctionId, AuctionTerms calldata terms, address recipient) external delegated nonReentrant {
        Auction storage a = _checkedAuction(auctionId, terms);
        if (msg.sender != terms.seller) revert NotSeller(msg.sender, terms.seller);
        if (recipient == address(0)) revert ZeroRecipient();
        uint8 status = a.outcome.status;
        if (status & S_SETTLED == 0) revert UnexpectedPhase(auctionId, _phaseOf(auctionId));
        uint256 unsold = a.standing.free;
        if (unsold == 0 || status & S_UNSOLD_CLAIMED != 0) revert NoUnsoldUnits(auctionId);
        a.outcome.status = status | S_UNSOLD_CLAIMED;
        _sendUnits(auctionId, status, a.lot, recipient, unsold);
        emit UnsoldClaimed(auctionId, recipient, unsold);
    }

    /// @notice {IKUnitAuctionHouse-withdrawUnrevealed}, run by the house.
    function withdrawUnrevealed(uint256 auctionId, Position calldata position, address recipient)
        external
        delegated nonReentrant
    {
        Schedule memory s = _auctions[auctionId].schedule;
        if (s.commitEnd == 0) revert AuctionNotFound(auctionId);
        if (block.timestamp < s.revealEnd) revert UnexpectedPhase(auctionId, _phaseOf(auctionId));
        _requireSealed(auctionId, msg.sender, Commitments.digest(position.commitment, position.deposit, position.order));
        if (recipient == address(0)) revert ZeroRecipient();

        // The bond stays in the contract for good: it is counted as burned at settlement (rule 4).
        uint256 owed = position.deposit - s.bond;
        _positions[auctionId][msg.sender] = 0;
        if (owed != 0) _pay(auctionId, s.flags, recipient, owed);
        emit RefundWithdrawn(auctionId, msg.sender, recipient, owed);
    }

    /// @notice Sweeps the vault of a hidden deposit being opened and returns the bid's effective deposit: `deposit`
    /// plus the collateral that arrived, as far as it fits 112 bits; what does not fit, and ETH in an ERC-20-paid
    /// auction, is set aside for the bidder ({recoverVault}). Emits {VaultSwept} and, when something was set aside,
    /// {VaultSetAside}. Called by the house's reveal, which holds the reentrancy guard (a token runs in a sweep).
    function openVault(uint256 auctionId, uint8 flags, address bidder, bytes32 salt, uint256 deposit)
        external
        delegated
        returns (uint256)
    {
        (address vault, uint256 collateral, uint256 eth) =
            Vaults.sweepMeasured(auctionId, bidder, salt, _paymentAsset(auctionId, flags));
        uint256 setAside;
        uint256 room = MAX_AMOUNT - deposit;
        if (collateral > room) {
            setAside = collateral - room;
            collateral = room;
        }
        emit VaultSwept(auctionId, bidder, vault, collateral);
        if (setAside != 0 || eth != 0) {
            SetAside storage x = _vaultSetAside[auctionId][bidder];
            x.amount += setAside;
            x.eth += eth;
            emit VaultSetAside(auctionId, bidder, setAside, eth);
        }
        return deposit + collateral;
    }

    /// @dev What a vault of this auction holds and sweeps: address(0) for ETH, else the payment token.
    function _paymentAsset(uint256 auctionId, uint8 flags) private view returns (address) {
        return flags & F_ETH != 0 ? address(0) : _auctions[auctionId].extra.paymentToken;
    }
}
