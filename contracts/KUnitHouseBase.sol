// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IKUnitAuctionHouseTypes} from "./interfaces/IKUnitAuctionHouse.sol";
import {Commitments} from "./libraries/Commitments.sol";
import {TopSet} from "./libraries/TopSet.sol";
import {Transfers} from "./libraries/Transfers.sol";

/// @title KUnitHouseBase
/// @notice The k-unit house's storage, constants and the internal rules both of its code accounts use: the house
/// ({KUnitAuctionHouse}, every hot call) and its annex ({KUnitAnnex}, the rarely used calls, run by DELEGATECALL
/// from the house in the house's storage). One storage layout, declared once here, so the two cannot disagree.
/// @dev See {KUnitAuctionHouse} for the layout's rationale.
abstract contract KUnitHouseBase is IKUnitAuctionHouseTypes, ReentrancyGuardTransient {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @notice The most units one auction may sell. It bounds the top set's node pool, so that slot numbers and
    /// counters fit 16 bits and the standing fits one word read by every reveal; it bounds what filling the set
    /// costs (the first k entering bids each write a fresh node); and it keeps the lab's and auditor's replay of
    /// an auction small. Reveal and settlement gas do not depend on it.
    uint256 public constant MAX_UNITS = 1000;
    /// @notice The longest ciphertext {commitSelfOpening} accepts (bytes), the single-item house's bound. A tlock
    /// (drand) ciphertext of the 64-byte opening (amount and salt) is 417 bytes binary, 633 armored; 2,048 leaves
    /// room for the armored form, a longer payload and another scheme, and bounds what one commitment makes every
    /// indexer, keeper and auditor store and try to decrypt. The committer pays for every byte (calldata and log).
    uint256 public constant MAX_SEALED_OPENING = 2048;

    /// @dev Amounts (bids, deposits, reserves, prices) are 112-bit so that a node fits one word.
    uint256 internal constant MAX_AMOUNT = type(uint112).max;
    /// @dev Orders are numbered 1..MAX_ORDER, so that ~order never is 0 in a node's key.
    uint256 internal constant MAX_ORDER = type(uint32).max - 1;
    uint256 internal constant SLOT_SHIFT = 112;
    uint256 internal constant ORDER_SHIFT = 128;
    uint256 internal constant SLOT_MASK = 0xffff;
    /// @dev XORed into a hidden-deposit commitment's digest (the single-item house's mark): the same preimage names a
    /// different stored value, so an opening knows it must sweep a vault.
    uint256 internal constant HIDDEN_MARK = 1;
    /// @dev ERC-1155 ids and ERC-20 unit sizes up to this are kept in the `Lot` word.
    uint256 internal constant MAX_INLINE = type(uint80).max;

    // Schedule.flags
    uint8 internal constant F_ETH = 1;
    uint8 internal constant F_PAY_AS_BID = 2;
    uint8 internal constant F_SEALED = 4;
    uint8 internal constant F_RESERVE_OPENED = 8;
    uint8 internal constant F_CANCELLED = 16;
    uint8 internal constant F_ERC1155 = 32;
    uint8 internal constant F_WIDE_LOT = 64;

    // Outcome.status: copies of the flags a claim needs (same bits), so that claims read one word, and its own
    // bits where the flags have bits claims do not need
    uint8 internal constant S_COPIED = F_ETH | F_PAY_AS_BID | F_ERC1155 | F_WIDE_LOT;
    uint8 internal constant S_SETTLED = 4;
    uint8 internal constant S_UNSOLD_CLAIMED = 8;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    struct Schedule {
        uint40 commitEnd;
        uint40 revealEnd;
        uint32 commitCount;
        uint32 openCount;
        uint104 bond;
        uint8 flags;
    }

    struct Outcome {
        uint8 status;
        uint112 price; // uniform price; 0 for pay-as-bid
        uint128 released; // proceeds released by delivered units (and the opened reserve bond), not withdrawn
    }

    struct Lot {
        address token;
        uint16 units;
        uint80 value; // ERC-1155 id or ERC-20 unit size, unless F_WIDE_LOT (then in `_lotWide`)
    }

    struct Extra {
        address paymentToken; // ERC-20 payment only
        uint40 reserveEnd; // sealed reserve only
        uint32 forfeitCount; // over-deposit openings
    }

    struct Auction {
        Schedule schedule;
        TopSet.Standing standing;
        Outcome outcome;
        Lot lot;
        Extra extra;
        bytes32 termsHash;
    }

    uint256 internal _nextAuctionId = 1;
    mapping(uint256 auctionId => Auction) internal _auctions;
    mapping(uint256 auctionId => mapping(address bidder => uint256)) internal _positions;
    mapping(uint256 auctionId => mapping(uint256 slot => uint256)) internal _nodes;
    mapping(uint256 auctionId => uint256) internal _lotWide;
    mapping(uint256 auctionId => uint112) internal _openedReserve;
    mapping(address seller => uint256) internal _reserveNonces;
    /// @dev Swept from a bid's vault but not counted as its deposit, kept for {recoverVault}: payment asset beyond
    /// the 112-bit amounts, and ETH that reached the vault of an ERC-20-paid auction.
    struct SetAside {
        uint256 amount;
        uint256 eth;
    }

    mapping(uint256 auctionId => mapping(address bidder => SetAside)) internal _vaultSetAside;

    /*//////////////////////////////////////////////////////////////
                              SHARED RULES
    //////////////////////////////////////////////////////////////*/

    /// @dev {IKUnitAuctionHouse-phaseOf}.
    function _phaseOf(uint256 auctionId) internal view returns (Phase) {
        Auction storage a = _auctions[auctionId];
        Schedule memory s = a.schedule;
        if (s.commitEnd == 0) return Phase.None;
        if (s.flags & F_CANCELLED != 0) return Phase.Cancelled;
        if (a.outcome.status & S_SETTLED != 0) return Phase.Settled;
        if (block.timestamp < s.commitEnd) return Phase.Committing;
        if (block.timestamp >= s.revealEnd) return Phase.AwaitingSettlement;
        if (s.flags & (F_SEALED | F_RESERVE_OPENED) == F_SEALED && block.timestamp < a.extra.reserveEnd) {
            return Phase.OpeningReserve;
        }
        return s.openCount == s.commitCount ? Phase.AwaitingSettlement : Phase.Revealing;
    }

    function _checkedAuction(uint256 auctionId, AuctionTerms calldata terms) internal view returns (Auction storage a) {
        a = _auctions[auctionId];
        bytes32 stored = a.termsHash;
        if (stored == 0) revert AuctionNotFound(auctionId);
        if (keccak256(abi.encode(terms)) != stored) revert TermsMismatch(auctionId);
    }

    function _requireCommitting(uint256 auctionId, Schedule memory s) internal view {
        if (s.commitEnd == 0) revert AuctionNotFound(auctionId);
        if (block.timestamp >= s.commitEnd || s.flags & F_CANCELLED != 0) {
            revert UnexpectedPhase(auctionId, _phaseOf(auctionId));
        }
    }

    /// @dev Checks that `bidder`'s unopened position is `digest`, plain or hidden; returns its mark (0 or HIDDEN_MARK).
    function _requireSealed(uint256 auctionId, address bidder, uint256 digest) internal view returns (uint256 mark) {
        uint256 stored = _positions[auctionId][bidder];
        if (stored & Commitments.DIGEST_FLAG == 0) revert NoSealedCommitment(auctionId, bidder);
        mark = stored ^ digest;
        if (mark > HIDDEN_MARK) revert OpeningMismatch(auctionId, bidder);
    }

    function _requireSealedOpeningLength(uint256 length) internal pure {
        if (length == 0 || length > MAX_SEALED_OPENING) revert SealedOpeningLength(length, MAX_SEALED_OPENING);
    }

    function _receivePayment(uint256 auctionId, uint8 flags, uint256 amount) internal {
        if (flags & F_ETH != 0) {
            if (msg.value != amount) revert PaymentMismatch(amount, msg.value);
        } else {
            if (msg.value != 0) revert PaymentMismatch(0, msg.value);
            if (amount != 0) Transfers.pullToken(_auctions[auctionId].extra.paymentToken, amount);
        }
    }

    /// @dev `mark` is 0, or HIDDEN_MARK for a hidden deposit, whose deposit is the bond (`deposit` is ignored).
    function _commit(uint256 auctionId, bytes32 commitment, uint256 deposit, uint256 mark) internal {
        Auction storage a = _auctions[auctionId];
        Schedule memory s = a.schedule;
        _requireCommitting(auctionId, s);
        if (mark != 0) deposit = s.bond;
        if (commitment == 0) revert ZeroCommitment();
        if (_positions[auctionId][msg.sender] != 0) revert AlreadyCommitted(auctionId, msg.sender);
        if (deposit < s.bond) revert DepositBelowBond(deposit, s.bond);
        if (deposit > MAX_AMOUNT) revert AmountTooLarge(deposit);
        uint256 order = uint256(s.commitCount) + 1;
        if (order > MAX_ORDER) revert TooManyCommitments(auctionId);
        _receivePayment(auctionId, s.flags, deposit);

        a.schedule.commitCount = uint32(order);
        _positions[auctionId][msg.sender] = Commitments.digest(commitment, deposit, order) ^ mark;
        emit BidCommitted(auctionId, msg.sender, commitment, deposit, order);
    }

    /// @dev Checks that `bidder` won a unit of a settled auction and clears its claim; releases the unit's price to
    /// the seller. `paid`: the change goes out now (claimUnit); else it stays held as the bidder's refund. Works on
    /// the raw words (`Outcome`: status bits 0..7, price 8..119, released 120..247): claims are the hot path.
    function _takeUnit(uint256 auctionId, Auction storage a, address bidder, bool paid)
        internal
        returns (uint8 status, uint256 price, uint256 deposit)
    {
        Outcome storage outcomeRef = a.outcome;
        uint256 o;
        assembly ("memory-safe") {
            o := sload(outcomeRef.slot)
        }
        status = uint8(o);
        if (status & S_SETTLED == 0) revert UnexpectedPhase(auctionId, _phaseOf(auctionId));
        mapping(address => uint256) storage positions = _positions[auctionId];
        uint256 held = positions[bidder];
        uint256 slot = (held >> SLOT_SHIFT) & SLOT_MASK;
        if (held & Commitments.DIGEST_FLAG != 0 || slot == 0) revert NotWinner(auctionId, bidder);
        mapping(uint256 => uint256) storage nodes = _nodes[auctionId];
        uint256 node = nodes[slot];
        if (TopSet.orderOf(node) != held >> ORDER_SHIFT) revert NotWinner(auctionId, bidder);
        price = status & F_PAY_AS_BID != 0 ? TopSet.amountOf(node) : (o >> 8) & MAX_AMOUNT;
        deposit = held & MAX_AMOUNT;
        // The set is final: a claimed winner's node is no longer read by anything (and clearing it is refunded).
        nodes[slot] = 0;
        positions[bidder] = paid ? 0 : deposit - price;
        // released + price < 2^123: at most MAX_UNITS prices below 2^112.
        uint256 released = (o >> 120) + price;
        assembly ("memory-safe") {
            sstore(outcomeRef.slot, or(and(o, 0xffffffffffffffffffffffffffffff), shl(120, released)))
        }
    }

    /// @dev Sends `count` units of the lot: copies of the ERC-1155 id, or count × unit size of the ERC-20. Reads
    /// the `Lot` word raw (token bits 0..159, units 160..175, value 176..255).
    function _sendUnits(uint256 auctionId, uint8 flags, Lot storage lotRef, address recipient, uint256 count) internal {
        uint256 w;
        assembly ("memory-safe") {
            w := sload(lotRef.slot)
        }
        address token = address(uint160(w));
        uint256 value = flags & F_WIDE_LOT != 0 ? _lotWide[auctionId] : w >> 176;
        if (flags & F_ERC1155 != 0) {
            _sendERC1155(token, recipient, value, count);
        } else {
            Transfers.sendToken(token, recipient, value * count);
        }
    }

    /// @dev `safeTransferFrom(house, to, id, amount, "")`, bubbling the token's revert (a recipient that refuses the
    /// copy fails only the call that chose it). The token had code when the lot was escrowed, and code cannot
    /// go away since EIP-6780, so the plain call needs no code-size check. As for the single-item house's ERC-721
    /// delivery, the token's word is taken for the transfer (escrow was checked by balances at creation): a lot
    /// token that lies about later transfers governs what it holds (CREDIBILITY.md, "Known and accepted").
    function _sendERC1155(address token, address to, uint256 id, uint256 amount) internal {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, shl(224, 0xf242432a)) // safeTransferFrom(address,address,uint256,uint256,bytes)
            mstore(add(m, 0x04), address())
            mstore(add(m, 0x24), to)
            mstore(add(m, 0x44), id)
            mstore(add(m, 0x64), amount)
            mstore(add(m, 0x84), 0xa0)
            mstore(add(m, 0xa4), 0)
            if iszero(call(gas(), token, 0, m, 0xc4, 0, 0)) {
                returndatacopy(m, 0, returndatasize())
                revert(m, returndatasize())
            }
        }
    }

    /// @dev Pays a recipient the caller chose; any failure reverts the caller's own claim.
    function _pay(uint256 auctionId, uint8 flags, address recipient, uint256 amount) internal {
        if (flags & F_ETH != 0) {
            Transfers.payEth(recipient, amount);
        } else {
            Transfers.sendToken(_auctions[auctionId].extra.paymentToken, recipient, amount);
        }
    }

    /// @dev Pays a bidder inside someone's reveal with capped gas (rule 13); false instead of reverting.
    function _tryPush(uint256 auctionId, uint8 flags, address bidder, uint256 amount) internal returns (bool) {
        if (flags & F_ETH != 0) return Transfers.tryPushEth(bidder, amount);
        return Transfers.tryPushToken(_auctions[auctionId].extra.paymentToken, bidder, amount);
    }
}
