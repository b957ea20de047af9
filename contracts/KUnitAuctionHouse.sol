// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC1155Receiver} from "@openzeppelin/contracts/token/ERC1155/IERC1155Receiver.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IKUnitAuctionHouse} from "./interfaces/IKUnitAuctionHouse.sol";
import {Commitments} from "./libraries/Commitments.sol";
import {TokenChecks} from "./libraries/TokenChecks.sol";
import {TopSet} from "./libraries/TopSet.sol";
import {Transfers} from "./libraries/Transfers.sol";
import {Vaults} from "./libraries/Vaults.sol";
import {KUnitAnnex} from "./KUnitAnnex.sol";
import {KUnitHouseBase} from "./KUnitHouseBase.sol";

/// @title KUnitAuctionHouse
/// @notice One contract holds every k-unit auction, keyed by a sequential id. It has no owner and no admin
/// function: its deployed code is all there is (rule 1). The rules it shares with the single-item house
/// (commitments, digests, payments, token checks) live in `contracts/libraries/`.
/// @dev Storage per auction, so that each hot call touches as few slots as possible:
///  - `Schedule` (windows, counts, bond, flags): read by every commit and reveal;
///  - `TopSet.Standing` (free slots, lowest member and its amount, threshold): read by every reveal;
///  - `Outcome` (status, uniform price, released proceeds): written at settlement, read by every claim;
///  - `Lot` (token, k, and the ERC-1155 id or ERC-20 unit size when it fits 80 bits, else in `_lotWide`);
///  - `Extra` (ERC-20 payment token, sealed reserve's end, over-deposit count): written only when non-zero, so an
///    ETH auction without a sealed reserve never touches it in a reveal;
///  - the hash of the immutable {AuctionTerms}, which rarely used calls take as calldata.
/// Positions are one word per bidder: a digest with the top bit set while unopened; an amount owed; or, for a
/// bid in the top set, deposit | node slot << 112 | order << 128. The top set's nodes (see `TopSet`) are one
/// word each; a bid is still a member while its node slot holds its order, so displacing a member writes
/// nothing to the displaced bidder's position, and its deposit becomes refundable at once.
/// A hidden-deposit commitment (rule 16) stores its digest with the lowest bit flipped, as in the single-item house;
/// its opening sweeps the bid's CREATE2 vault ({Vaults}) before ranking it, and counts what arrived as deposit. The
/// Storage, constants and shared internal rules are in {KUnitHouseBase}; the rarely used calls (cancel, the reserve
/// opening, hidden commits and vault recovery, deliveries, unsold units, unopened withdrawals) and the vault sweep
/// run in {KUnitAnnex}, created by the constructor and called by DELEGATECALL: all in one, the code would exceed
/// the 24,576-byte limit. The hot calls (create, commit, reveal, settle, claims) run here, unchanged.
contract KUnitAuctionHouse is KUnitHouseBase, IKUnitAuctionHouse, IERC1155Receiver {
    /// @dev The {KUnitAnnex} this house created: fixed code, run only by DELEGATECALL from here.
    address private immutable _annex;

    constructor() {
        _annex = address(new KUnitAnnex());
    }


    /*//////////////////////////////////////////////////////////////
                                CREATION
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKUnitAuctionHouse
    function create(AuctionTerms calldata terms) external payable nonReentrant returns (uint256 auctionId) {
        if (terms.seller != msg.sender) revert NotSeller(msg.sender, terms.seller);
        bool hasSealedReserve = terms.sealedReserveCommitment != 0;
        if (
            block.timestamp >= terms.commitEnd || terms.commitEnd >= terms.revealEnd
                || (hasSealedReserve
                    ? terms.reserveEnd <= terms.commitEnd || terms.reserveEnd >= terms.revealEnd
                    : terms.reserveEnd != 0)
        ) revert InvalidWindows(terms.commitEnd, terms.reserveEnd, terms.revealEnd);
        if (terms.bond == 0) revert BondIsZero();
        uint256 units = terms.units;
        if (units == 0 || units > MAX_UNITS) revert InvalidUnits(units, MAX_UNITS);
        bool erc1155 = terms.lotKind == LotKind.ERC1155;
        if (
            terms.lotToken == address(0)
                || (erc1155
                    ? terms.lotAmount != units
                    : terms.lotAmount == 0 || terms.lotAmount % units != 0 || terms.lotId != 0)
        ) revert InvalidLot();
        if (hasSealedReserve) {
            // The reserve commitment binds a nonce only this seller's own creations move (rule 6).
            uint256 nonce = _reserveNonces[msg.sender];
            if (terms.reserveNonce != nonce) revert ReserveNonceMismatch(nonce, terms.reserveNonce);
            _reserveNonces[msg.sender] = nonce + 1;
        } else if (terms.reserveNonce != 0) {
            revert ReserveNonceMismatch(0, terms.reserveNonce);
        }
        auctionId = _nextAuctionId;
        _nextAuctionId = auctionId + 1;

        bool eth = terms.paymentToken == address(0);
        if (!eth) TokenChecks.requireERC20(terms.paymentToken);
        uint256 unitValue = erc1155 ? terms.lotId : terms.lotAmount / units;
        bool wide = unitValue > MAX_INLINE;
        uint8 flags = (eth ? F_ETH : 0) | (terms.format == Format.PayAsBid ? F_PAY_AS_BID : 0)
            | (hasSealedReserve ? F_SEALED : 0) | (erc1155 ? F_ERC1155 : 0) | (wide ? F_WIDE_LOT : 0);
        Auction storage a = _auctions[auctionId];
        a.schedule = Schedule(terms.commitEnd, terms.revealEnd, 0, 0, terms.bond, flags);
        a.standing = TopSet.Standing(uint16(units), 0, 0, terms.floorReserve);
        a.lot = Lot(terms.lotToken, uint16(units), wide ? 0 : uint80(unitValue));
        if (wide) _lotWide[auctionId] = unitValue;
        if (!eth || hasSealedReserve) a.extra = Extra(terms.paymentToken, terms.reserveEnd, 0);
        a.termsHash = keccak256(abi.encode(terms));

        if (erc1155) {
            _escrowERC1155(terms.lotToken, terms.lotId, units);
        } else {
            TokenChecks.escrowERC20(terms.lotToken, terms.lotAmount);
        }
        uint256 reserveBond = hasSealedReserve ? terms.bond : 0;
        if (eth) {
            if (msg.value != reserveBond) revert PaymentMismatch(reserveBond, msg.value);
        } else {
            if (msg.value != 0) revert PaymentMismatch(0, msg.value);
            if (reserveBond != 0) Transfers.pullToken(terms.paymentToken, reserveBond);
        }
        emit AuctionCreated(auctionId, msg.sender, terms);
    }

    /// @inheritdoc IKUnitAuctionHouse
    /// @dev Runs in {KUnitAnnex} (DELEGATECALL, this house's storage).
    function cancel(uint256, AuctionTerms calldata, address) external {
        _runInAnnex();
    }

    /*//////////////////////////////////////////////////////////////
                                 COMMIT
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKUnitAuctionHouse
    function commit(uint256 auctionId, bytes32 commitment, uint256 deposit) external payable nonReentrant {
        _commit(auctionId, commitment, deposit, 0);
    }

    /// @inheritdoc IKUnitAuctionHouse
    /// @dev Runs in {KUnitAnnex} (DELEGATECALL, this house's storage).
    function commitHidden(uint256, bytes32) external payable {
        _runInAnnex();
    }

    /// @inheritdoc IKUnitAuctionHouse
    /// @dev Runs in {KUnitAnnex} (DELEGATECALL, this house's storage).
    function commitHiddenSelfOpening(uint256, bytes32, bytes calldata) external payable {
        _runInAnnex();
    }

    /// @inheritdoc IKUnitAuctionHouse
    function commitSelfOpening(uint256 auctionId, bytes32 commitment, uint256 deposit, bytes calldata sealedOpening)
        external
        payable
        nonReentrant
    {
        _requireSealedOpeningLength(sealedOpening.length);
        _commit(auctionId, commitment, deposit, 0);
        emit SelfOpeningAttached(auctionId, msg.sender, sealedOpening);
    }

    /// @inheritdoc IKUnitAuctionHouse
    function recommit(uint256 auctionId, Position calldata current, bytes32 commitment, uint256 addedDeposit)
        external
        payable
        nonReentrant
    {
        _recommit(auctionId, current, commitment, addedDeposit);
    }

    /// @inheritdoc IKUnitAuctionHouse
    function recommitSelfOpening(
        uint256 auctionId,
        Position calldata current,
        bytes32 commitment,
        uint256 addedDeposit,
        bytes calldata sealedOpening
    ) external payable nonReentrant {
        _requireSealedOpeningLength(sealedOpening.length);
        _recommit(auctionId, current, commitment, addedDeposit);
        emit SelfOpeningAttached(auctionId, msg.sender, sealedOpening);
    }


    function _recommit(uint256 auctionId, Position calldata current, bytes32 commitment, uint256 addedDeposit)
        private
    {
        Schedule memory s = _auctions[auctionId].schedule;
        _requireCommitting(auctionId, s);
        uint256 mark =
            _requireSealed(auctionId, msg.sender, Commitments.digest(current.commitment, current.deposit, current.order));
        if (commitment == 0) revert ZeroCommitment();
        uint256 deposit = current.deposit + addedDeposit;
        if (deposit > MAX_AMOUNT) revert AmountTooLarge(deposit);
        _receivePayment(auctionId, s.flags, addedDeposit);

        // A hidden position stays hidden: the new commitment's vault is found from its own salt at opening.
        _positions[auctionId][msg.sender] = Commitments.digest(commitment, deposit, current.order) ^ mark;
        emit BidCommitted(auctionId, msg.sender, commitment, deposit, current.order);
        if (mark != 0) emit DepositHidden(auctionId);
    }

    /*//////////////////////////////////////////////////////////////
                                 REVEAL
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKUnitAuctionHouse
    function reveal(
        uint256 auctionId,
        address bidder,
        uint256 amount,
        bytes32 salt,
        uint256 deposit,
        uint256 order,
        uint256 hint
    ) external nonReentrant {
        Auction storage a = _auctions[auctionId];
        Schedule memory s = a.schedule;
        // No settled check needed: settlement before revealEnd requires every commitment to be opened already.
        _requireRevealing(auctionId, a, s);
        a.schedule.openCount = s.openCount + 1;
        _open(auctionId, a, s, bidder, amount, salt, deposit, order, hint, true);
    }

    /// @inheritdoc IKUnitAuctionHouse
    function revealMany(uint256 auctionId, Opening[] calldata openings)
        external
        nonReentrant
        returns (uint256 opened)
    {
        Auction storage a = _auctions[auctionId];
        Schedule memory s = a.schedule;
        _requireRevealing(auctionId, a, s);
        for (uint256 i; i < openings.length; ++i) {
            // Running short of gas reverts the whole batch (a refund push checks its cap, as in {reveal}): skipping
            // instead would let a gas estimate settle on a limit at which every entry is skipped.
            Opening calldata o = openings[i];
            if (_open(auctionId, a, s, o.bidder, o.amount, o.salt, o.deposit, o.order, o.hint, false)) ++opened;
        }
        if (opened != 0) a.schedule.openCount = uint32(s.openCount + opened);
    }

    /// @dev Opens one commitment. `strict` (a single {reveal}) reverts with the reason a commitment cannot be
    /// opened; otherwise ({revealMany}) returns false having changed nothing. The caller counts the opening.
    function _open(
        uint256 auctionId,
        Auction storage a,
        Schedule memory s,
        address bidder,
        uint256 amount,
        bytes32 salt,
        uint256 deposit,
        uint256 order,
        uint256 hint,
        bool strict
    ) private returns (bool) {
        uint256 stored = _positions[auctionId][bidder];
        bool hidden;
        {
            uint256 digest = Commitments.digest(Commitments.bid(auctionId, bidder, amount, salt), deposit, order);
            if (stored != digest) {
                if (stored != digest ^ HIDDEN_MARK) {
                    if (!strict) return false;
                    if (stored & Commitments.DIGEST_FLAG == 0) revert NoSealedCommitment(auctionId, bidder);
                    revert OpeningMismatch(auctionId, bidder);
                }
                // A hidden deposit: what its vault holds now counts as deposit, before the bid is ranked (an
                // interaction under the guard). A duplicate batch entry no longer matches: it never gets here.
                deposit = _openVault(auctionId, s.flags, bidder, salt, deposit);
                hidden = true;
            }
        }

        uint256 owed;
        bool valid = amount <= deposit;
        if (!valid) {
            // Opening above the deposit would be a free exit: it forfeits the bond like not opening (rule 4).
            owed = deposit - s.bond;
            a.extra.forfeitCount += 1;
        } else {
            TopSet.Standing memory st = a.standing;
            mapping(uint256 => uint256) storage nodes = _nodes[auctionId];
            if (TopSet.enters(nodes, st, amount, order)) {
                (bool placed, uint256 slot, uint256 displaced) = TopSet.insert(nodes, st, amount, order, hint);
                if (!placed) {
                    // A swept entry cannot be skipped: its collateral would be held for no position.
                    if (!strict && !hidden) return false;
                    revert HintTooFar(auctionId, hint);
                }
                // Held until settlement, or until displaced (then refundable at once: it can never win again).
                a.standing = st;
                _positions[auctionId][bidder] = deposit | (slot << SLOT_SHIFT) | (order << ORDER_SHIFT);
                emit BidRevealed(auctionId, bidder, amount, salt, true, slot, displaced);
                return true;
            }
            // Ranked below k others (or below the reserve): it cannot win. A loser above the threshold raises it.
            if (amount > st.threshold) a.standing.threshold = uint112(amount);
            owed = deposit;
        }

        // A bid that cannot win is refunded now. If the bidder's receiver refuses, only the bidder waits.
        _positions[auctionId][bidder] = 0;
        emit BidRevealed(auctionId, bidder, amount, salt, valid, 0, 0);
        if (owed != 0 && !_tryPush(auctionId, s.flags, bidder, owed)) {
            _positions[auctionId][bidder] = owed;
            emit RefundDeferred(auctionId, bidder, owed);
        }
        return true;
    }

    /// @inheritdoc IKUnitAuctionHouse
    /// @dev Runs in {KUnitAnnex} (DELEGATECALL, this house's storage).
    function revealReserve(uint256, AuctionTerms calldata, uint256, bytes32) external {
        _runInAnnex();
    }

    /*//////////////////////////////////////////////////////////////
                               SETTLEMENT
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKUnitAuctionHouse
    function settle(uint256 auctionId, AuctionTerms calldata terms) external nonReentrant {
        Auction storage a = _checkedAuction(auctionId, terms);
        Schedule memory s = a.schedule;
        uint8 status = a.outcome.status;
        if (s.flags & F_CANCELLED != 0 || status & S_SETTLED != 0 || block.timestamp < s.commitEnd) {
            revert UnexpectedPhase(auctionId, _phaseOf(auctionId));
        }
        bool reserveOpened = s.flags & F_RESERVE_OPENED != 0;
        bool reserveWithheld = s.flags & F_SEALED != 0 && !reserveOpened;
        bool reservePending = reserveWithheld && block.timestamp < terms.reserveEnd;
        if (block.timestamp < s.revealEnd && (s.openCount != s.commitCount || reservePending)) {
            revert RevealsOutstanding(auctionId, s.commitCount - s.openCount, reservePending);
        }

        TopSet.Standing memory st = a.standing;
        uint256 effectiveReserve = terms.floorReserve;
        if (reserveOpened) {
            uint256 opened = _openedReserve[auctionId];
            if (opened > effectiveReserve) effectiveReserve = opened;
        }
        // The top set is the winners: every member is at or above the effective reserve, and the threshold is
        // max(effective reserve, highest valid bid outside the set), the (k+1)-th price.
        uint256 sold = terms.units - st.free;
        uint256 price = sold != 0 && s.flags & F_PAY_AS_BID == 0 ? st.threshold : 0;
        uint256 forfeited = uint256(s.commitCount) - s.openCount + a.extra.forfeitCount + (reserveWithheld ? 1 : 0);
        uint256 burned = forfeited * s.bond;

        a.outcome = Outcome(S_SETTLED | (s.flags & S_COPIED), uint112(price), reserveOpened ? s.bond : 0);
        emit AuctionSettled(auctionId, sold, price, effectiveReserve, burned);
    }

    /*//////////////////////////////////////////////////////////////
                                 CLAIMS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKUnitAuctionHouse
    /// @dev Runs in {KUnitAnnex} (DELEGATECALL, this house's storage).
    function recoverVault(uint256, bytes32, address) external {
        _runInAnnex();
    }

    /// @inheritdoc IKUnitAuctionHouse
    /// @dev The one state-changing call without the reentrancy guard (it is the hot claim path, and the guard's
    /// transient reads and writes are a measurable part of its budget): every write happens in {_takeUnit}, before
    /// the unit and the change go out, so a call re-entering from the recipient's hooks sees a finished claim.
    function claimUnit(uint256 auctionId, address recipient) external {
        if (recipient == address(0)) revert ZeroRecipient();
        Auction storage a = _auctions[auctionId];
        (uint8 status, uint256 price, uint256 deposit) = _takeUnit(auctionId, a, msg.sender, true);
        _sendUnits(auctionId, status, a.lot, recipient, 1);
        uint256 change;
        unchecked {
            change = deposit - price; // price <= bid <= deposit
        }
        if (change != 0) _pay(auctionId, status, recipient, change);
        emit UnitClaimed(auctionId, msg.sender, recipient, price);
    }

    /// @inheritdoc IKUnitAuctionHouse
    /// @dev Runs in {KUnitAnnex} (DELEGATECALL, this house's storage).
    function deliverUnit(uint256, AuctionTerms calldata, address) external {
        _runInAnnex();
    }

    /// @inheritdoc IKUnitAuctionHouse
    /// @dev Runs in {KUnitAnnex} (DELEGATECALL, this house's storage).
    function claimUnsold(uint256, AuctionTerms calldata, address) external {
        _runInAnnex();
    }

    /// @inheritdoc IKUnitAuctionHouse
    function withdrawProceeds(uint256 auctionId, AuctionTerms calldata terms, address recipient)
        external
        nonReentrant
    {
        Auction storage a = _checkedAuction(auctionId, terms);
        if (msg.sender != terms.seller) revert NotSeller(msg.sender, terms.seller);
        if (recipient == address(0)) revert ZeroRecipient();
        Outcome memory o = a.outcome;
        if (o.released == 0) revert NothingToWithdraw(auctionId, msg.sender);
        a.outcome.released = 0;
        _pay(auctionId, o.status, recipient, o.released);
        emit ProceedsWithdrawn(auctionId, msg.sender, recipient, o.released);
    }

    /// @inheritdoc IKUnitAuctionHouse
    function withdrawRefund(uint256 auctionId, address recipient) external nonReentrant {
        uint256 held = _positions[auctionId][msg.sender];
        if (held == 0 || held & Commitments.DIGEST_FLAG != 0) revert NothingToWithdraw(auctionId, msg.sender);
        if (recipient == address(0)) revert ZeroRecipient();
        uint256 owed = held;
        if (held >> SLOT_SHIFT != 0) {
            // In the top set when opened: refundable once displaced (its node slot holds another bid's order).
            uint256 node = _nodes[auctionId][(held >> SLOT_SHIFT) & SLOT_MASK];
            if (TopSet.orderOf(node) == held >> ORDER_SHIFT) {
                if (_auctions[auctionId].outcome.status & S_SETTLED != 0) revert WinnerClaimsUnit(auctionId, msg.sender);
                revert RefundHeldUntilSettlement(auctionId, msg.sender);
            }
            owed = held & MAX_AMOUNT;
        }
        _positions[auctionId][msg.sender] = 0;
        _pay(auctionId, _auctions[auctionId].schedule.flags, recipient, owed);
        emit RefundWithdrawn(auctionId, msg.sender, recipient, owed);
    }

    /// @inheritdoc IKUnitAuctionHouse
    /// @dev Runs in {KUnitAnnex} (DELEGATECALL, this house's storage).
    function withdrawUnrevealed(uint256, Position calldata, address) external {
        _runInAnnex();
    }


    /*//////////////////////////////////////////////////////////////
                            ERC-1155 RECEIVER
    //////////////////////////////////////////////////////////////*/

    /// @notice Accepts ERC-1155 copies only when the house pulls them itself from someone else (a lot at creation):
    /// anything else sent to it, a unit claimed to the house itself included, would belong to no auction and be
    /// stuck, so it is refused.
    function onERC1155Received(address operator, address from, uint256, uint256, bytes calldata)
        external
        view
        returns (bytes4)
    {
        if (operator != address(this) || from == address(this)) revert UnexpectedERC1155Transfer(operator);
        return this.onERC1155Received.selector;
    }

    /// @notice Refuses every batch transfer: the house never pulls one.
    function onERC1155BatchReceived(address operator, address, uint256[] calldata, uint256[] calldata, bytes calldata)
        external
        pure
        returns (bytes4)
    {
        revert UnexpectedERC1155Transfer(operator);
    }

    /// @notice ERC-165: the house is an ERC-1155 receiver.
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC1155Receiver).interfaceId || interfaceId == type(IERC165).interfaceId;
    }

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKUnitAuctionHouse
    function nextAuctionId() external view returns (uint256) {
        return _nextAuctionId;
    }

    /// @inheritdoc IKUnitAuctionHouse
    function phaseOf(uint256 auctionId) public view returns (Phase) {
        return _phaseOf(auctionId);
    }

    /// @inheritdoc IKUnitAuctionHouse
    function auctionState(uint256 auctionId) external view returns (AuctionState memory state) {
        Auction storage a = _auctions[auctionId];
        Schedule memory s = a.schedule;
        TopSet.Standing memory st = a.standing;
        Outcome memory o = a.outcome;
        Extra memory x = a.extra;
        state = AuctionState({
            phase: _phaseOf(auctionId),
            termsHash: a.termsHash,
            commitEnd: s.commitEnd,
            reserveEnd: x.reserveEnd,
            revealEnd: s.revealEnd,
            bond: s.bond,
            ethPayment: s.flags & F_ETH != 0,
            format: s.flags & F_PAY_AS_BID != 0 ? Format.PayAsBid : Format.UniformPrice,
            sealedReserve: s.flags & F_SEALED != 0,
            reserveOpened: s.flags & F_RESERVE_OPENED != 0,
            openedReserve: _openedReserve[auctionId],
            commitCount: s.commitCount,
            openCount: s.openCount,
            forfeitCount: x.forfeitCount,
            units: a.lot.units,
            unitsFree: st.free,
            head: st.head,
            headAmount: st.headAmount,
            threshold: st.threshold,
            settled: o.status & S_SETTLED != 0,
            price: o.price,
            releasedProceeds: o.released,
            unsoldClaimed: o.status & S_UNSOLD_CLAIMED != 0
        });
    }

    /// @inheritdoc IKUnitAuctionHouse
    function positionOf(uint256 auctionId, address bidder)
        external
        view
        returns (PositionStatus status, uint256 value)
    {
        value = _positions[auctionId][bidder];
        if (value == 0) return (PositionStatus.None, 0);
        if (value & Commitments.DIGEST_FLAG != 0) return (PositionStatus.Sealed, value);
        if (value >> SLOT_SHIFT == 0) return (PositionStatus.Owed, value);
        uint256 node = _nodes[auctionId][(value >> SLOT_SHIFT) & SLOT_MASK];
        status = TopSet.orderOf(node) == value >> ORDER_SHIFT ? PositionStatus.Ranked : PositionStatus.Displaced;
        return (status, value & MAX_AMOUNT);
    }

    /// @inheritdoc IKUnitAuctionHouse
    function topSet(uint256 auctionId)
        external
        view
        returns (uint256[] memory slots, uint256[] memory orders, uint256[] memory amounts)
    {
        uint256 n = uint256(_auctions[auctionId].lot.units) - _auctions[auctionId].standing.free;
        slots = new uint256[](n);
        orders = new uint256[](n);
        amounts = new uint256[](n);
        mapping(uint256 => uint256) storage nodes = _nodes[auctionId];
        uint256 slot = _auctions[auctionId].standing.head;
        for (uint256 i; i < n && slot != 0; ++i) {
            uint256 node = nodes[slot];
            slots[i] = slot;
            orders[i] = TopSet.orderOf(node);
            amounts[i] = TopSet.amountOf(node);
            slot = TopSet.nextOf(node);
        }
    }

    /// @inheritdoc IKUnitAuctionHouse
    function hintFor(uint256 auctionId, uint256 amount, uint256 order) external view returns (uint256 hint) {
        TopSet.Standing memory st = _auctions[auctionId].standing;
        mapping(uint256 => uint256) storage nodes = _nodes[auctionId];
        if (amount > MAX_AMOUNT || order == 0 || order > MAX_ORDER || !TopSet.enters(nodes, st, amount, order)) {
            return 0;
        }
        uint256 k = TopSet.key(amount, order);
        // When the set is full the head leaves first: the walk starts above it.
        uint256 slot = st.free == 0 ? TopSet.nextOf(nodes[st.head]) : st.head;
        while (slot != 0) {
            uint256 node = nodes[slot];
            if (node & TopSet.KEY_MASK > k) break;
            hint = slot;
            slot = TopSet.nextOf(node);
        }
    }

    /// @inheritdoc IKUnitAuctionHouse
    function commitmentOf(uint256 auctionId, address bidder, uint256 amount, bytes32 salt)
        external
        view
        returns (bytes32)
    {
        return Commitments.bid(auctionId, bidder, amount, salt);
    }

    /// @inheritdoc IKUnitAuctionHouse
    function reserveCommitmentOf(address seller, uint256 nonce, uint256 reserve, bytes32 salt)
        external
        view
        returns (bytes32)
    {
        return Commitments.reserve(seller, nonce, reserve, salt);
    }

    /// @inheritdoc IKUnitAuctionHouse
    function reserveNonceOf(address seller) external view returns (uint256) {
        return _reserveNonces[seller];
    }

    /// @inheritdoc IKUnitAuctionHouse
    function positionDigest(bytes32 commitment, uint256 deposit, uint256 order) external pure returns (uint256) {
        return Commitments.digest(commitment, deposit, order);
    }

    /// @inheritdoc IKUnitAuctionHouse
    function hashTerms(AuctionTerms calldata terms) external pure returns (bytes32) {
        return keccak256(abi.encode(terms));
    }

    /// @inheritdoc IKUnitAuctionHouse
    function vaultOf(uint256 auctionId, address bidder, bytes32 salt) external view returns (address) {
        return Vaults.addressOf(auctionId, bidder, salt, _auctions[auctionId].extra.paymentToken);
    }

    /// @inheritdoc IKUnitAuctionHouse
    function hiddenPositionDigest(bytes32 commitment, uint256 deposit, uint256 order) external pure returns (uint256) {
        return Commitments.digest(commitment, deposit, order) ^ HIDDEN_MARK;
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/



    /// @dev The reveal window, and rule 6: no bid opens before the seller has fixed its reserve or let the reserve
    /// window pass. From then on the effective reserve cannot change, so reveals can rank against it.
    function _requireRevealing(uint256 auctionId, Auction storage a, Schedule memory s) private view {
        if (s.commitEnd == 0) revert AuctionNotFound(auctionId);
        if (block.timestamp < s.commitEnd || block.timestamp >= s.revealEnd) {
            revert UnexpectedPhase(auctionId, _phaseOf(auctionId));
        }
        if (s.flags & (F_SEALED | F_RESERVE_OPENED) == F_SEALED) {
            uint256 reserveEnd = a.extra.reserveEnd;
            if (block.timestamp < reserveEnd) revert ReserveNotYetOpened(auctionId, reserveEnd);
        }
    }








    /// @dev Pulls `amount` copies of an ERC-1155 id from the seller, who must own them: the token must report
    /// ERC-1155, the seller's balance must drop and the house's rise by exactly `amount` (a token that ignores
    /// `from` cannot escrow someone else's copies, nor re-escrow the house's own).
    function _escrowERC1155(address token, uint256 id, uint256 amount) private {
        if (!TokenChecks.supportsInterface(token, TokenChecks.ERC1155_INTERFACE)) revert NotAnERC1155(token);
        uint256 sellerBefore = IERC1155(token).balanceOf(msg.sender, id);
        uint256 houseBefore = IERC1155(token).balanceOf(address(this), id);
        IERC1155(token).safeTransferFrom(msg.sender, address(this), id, amount, "");
        uint256 sellerAfter = IERC1155(token).balanceOf(msg.sender, id);
        uint256 houseAfter = IERC1155(token).balanceOf(address(this), id);
        uint256 received = houseAfter > houseBefore ? houseAfter - houseBefore : 0;
        if (received != amount || sellerBefore < sellerAfter || sellerBefore - sellerAfter != amount) {
            revert LotNotEscrowed(token, id, amount, received);
        }
    }

    /// @dev Sweeps the vault of a hidden deposit being opened ({KUnitAnnex-openVault}, in this house's context) and
    /// returns its deposit with the collateral that arrived.
    function _openVault(uint256 auctionId, uint8 flags, address bidder, bytes32 salt, uint256 deposit)
        private
        returns (uint256)
    {
        (bool ok, bytes memory result) =
            _annex.delegatecall(abi.encodeCall(KUnitAnnex.openVault, (auctionId, flags, bidder, salt, deposit)));
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
        return abi.decode(result, (uint256));
    }

    /// @dev Runs this call (same calldata, value and sender) in {KUnitAnnex} and returns or reverts as it did.
    function _runInAnnex() private {
        address annex = _annex;
        assembly ("memory-safe") {
            let p := mload(0x40)
            calldatacopy(p, 0, calldatasize())
            let ok := delegatecall(gas(), annex, p, calldatasize(), 0, 0)
            returndatacopy(p, 0, returndatasize())
            if iszero(ok) { revert(p, returndatasize()) }
            return(p, returndatasize())
        }
    }
}
