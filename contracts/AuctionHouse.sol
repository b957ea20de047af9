// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {TransientSlot} from "@openzeppelin/contracts/utils/TransientSlot.sol";
import {IAuctionHouse} from "./interfaces/IAuctionHouse.sol";
import {Commitments} from "./libraries/Commitments.sol";
import {TokenChecks} from "./libraries/TokenChecks.sol";
import {Transfers} from "./libraries/Transfers.sol";
import {Vaults} from "./libraries/Vaults.sol";

/// @title AuctionHouse
/// @notice One contract holds every auction, keyed by a sequential id. It has no owner and no admin function:
/// its deployed code is all there is (rule 1).
/// @dev Storage is packed so that each hot call touches as few slots as possible:
///  - slot 0 `Schedule`, read by every commit and reveal;
///  - slot 1 `Outcome`: the standing leader (from settlement the winner), over-deposit openings, claim status;
///  - slot 2 `Standing`: the best and second-best valid amounts and the number of openings, written by every opening;
///  - slot 3 the hash of the immutable {AuctionTerms}, which callers supply as calldata when needed.
/// Slot 2 is written non-zero at creation (it counts openings plus one), so no opening pays a zero-to-non-zero
/// store for it; slot 1 stays zero until the first leader (or an over-deposit opening) writes it, unless a sealed
/// reserve needs its window: pre-writing it would cost every creation 22,100 to save that one reveal 17,100.
/// A bidder's position is one word: while unopened, a digest of (commitment, deposit, order) with its top bit
/// set (the bidder supplies the preimage when revealing); once opened, the amount the contract holds for it,
/// with its commit order in bits 112..143 while it leads. Slot 1 names the standing leader, so the reveal that
/// displaces it refunds it at once (a capped push), and settlement pays the winner's change from it.
/// Settlement delivers: the lot, the winner's change and the seller's proceeds are pushed with capped gas, and
/// each push that fails leaves its owner the claim it had before (rules 9 and 13).
/// A hidden-deposit commitment (rule 16) stores its digest with the lowest bit flipped; its opening sweeps the
/// bid's CREATE2 vault ({Vaults}) and counts what arrived as deposit.
/// The rules shared with {KUnitAuctionHouse} (commitments and digests, payments, token checks) are the internal
/// functions of `contracts/libraries/`, inlined here as they were when this house kept its own copies.
contract AuctionHouse is IAuctionHouse, ReentrancyGuardTransient {
    using TransientSlot for *;

    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @dev Amounts (bids, deposits, reserves, prices) are 112-bit so that two fit a slot with an order.
    uint256 private constant MAX_AMOUNT = type(uint112).max;
    /// @dev Where a held position keeps the commit order of a bid that led when opened.
    uint256 private constant ORDER_SHIFT = 112;
    /// @dev XORed into a hidden-deposit commitment's digest: the same preimage names a different stored value, so
    /// an opening knows it must sweep a vault, and a plain position cannot be opened as a hidden one or back.
    uint256 private constant HIDDEN_MARK = 1;
    /// @dev In {revealMany}'s refund list: the entry index of a leader opened before the batch, and the mark of a
    /// displaced leader's refund (a payment to someone other than the entry's opener, {_tryPayOther}).
    uint256 private constant BEFORE_BATCH = type(uint64).max;
    uint256 private constant DISPLACED = 1 << 255;
    /// @dev The best bid's order reported when no valid bid has been opened; orders start at 1.
    uint32 private constant NO_BID = type(uint32).max;
    /// @dev Longest sealed opening {commitSelfOpening} accepts. A tlock (drand) ciphertext of the 64-byte opening
    /// (amount and salt) is 417 bytes binary, 633 armored; 2,048 leaves room for the armored form, a longer payload
    /// and another scheme, and bounds what one commitment makes every indexer and auditor store and try to decrypt.
    /// The committer pays for every byte (calldata and log, ~24 gas a byte), so the bound is not about gas.
    uint256 private constant MAX_SEALED_OPENING = 2048;
    /// @dev Gas a contained token push needs left: the push's own need plus the self-call around it.
    uint256 private constant CONTAINED_PUSH_NEEDED = Transfers.TOKEN_PUSH_NEEDED + Transfers.TOKEN_PUSH_NEEDED / 63 + 5000;
    // Schedule.flags (immutable bits, then state bits)
    uint8 private constant F_ETH = 1;
    uint8 private constant F_FIRST_PRICE = 2;
    uint8 private constant F_SEALED = 4;
    uint8 private constant F_RESERVE_OPENED = 8;
    uint8 private constant F_CANCELLED = 16;

    // Outcome.status
    uint8 private constant S_SETTLED = 2;
    uint8 private constant S_LOT_CLAIMED = 4;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    struct Schedule {
        uint40 commitEnd;
        uint40 revealEnd;
        uint32 commitCount;
        uint32 settledOrder; // the best bid's commit order, recorded at settlement for {auctionState} (0: none)
        uint104 bond;
        uint8 flags;
    }

    struct Outcome {
        address leader; // the standing leader while revealing; from settlement the winner (address(0): unsold)
        uint32 forfeitCount; // over-deposit openings (unopened ones are commitCount - openCount)
        uint8 status;
        uint40 reserveEnd; // sealed reserve: read by reveals only until the reserve is opened
    }

    struct Standing {
        uint112 bestAmount;
        uint112 runnerUp; // second-highest valid bid; the price once settled
        uint32 openedPlusOne; // openings + 1, so that the slot is non-zero from creation
    }

    struct Auction {
        Schedule schedule;
        Outcome outcome;
        Standing standing;
        bytes32 termsHash;
    }

    uint256 private _nextAuctionId = 1;
    mapping(uint256 auctionId => Auction) private _auctions;
    mapping(uint256 auctionId => mapping(address bidder => uint256)) private _positions;
    mapping(uint256 auctionId => address) private _paymentToken; // only for ERC-20 payment
    mapping(uint256 auctionId => uint112) private _openedReserve;
    mapping(uint256 auctionId => mapping(address seller => uint256)) private _proceeds;
    mapping(address seller => uint256) private _reserveNonces;
    /// @dev Swept from a bid's vault but not counted as its deposit, kept for {recoverVault}: payment asset beyond
    /// the 112-bit amounts, and ETH that reached the vault of an ERC-20-paid auction.
    mapping(uint256 auctionId => mapping(address bidder => uint256)) private _vaultSetAside;
    mapping(uint256 auctionId => mapping(address bidder => uint256)) private _vaultEthSetAside;

    /*//////////////////////////////////////////////////////////////
                                CREATION
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IAuctionHouse
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
        if (terms.lotToken == address(0) || (terms.lotKind == LotKind.ERC20 && terms.lotAmountOrId == 0)) {
            revert InvalidLot();
        }
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
        uint8 flags = (eth ? F_ETH : 0) | (terms.format == Format.FirstPrice ? F_FIRST_PRICE : 0)
            | (hasSealedReserve ? F_SEALED : 0);
        Auction storage a = _auctions[auctionId];
        a.schedule = Schedule(terms.commitEnd, terms.revealEnd, 0, 0, terms.bond, flags);
        // Slot 1 stays zero unless a sealed reserve needs its window: the first leader writes it anyway.
        if (hasSealedReserve) a.outcome.reserveEnd = terms.reserveEnd;
        a.standing = Standing(0, 0, 1);
        a.termsHash = keccak256(abi.encode(terms));
        if (!eth) _paymentToken[auctionId] = terms.paymentToken;

        if (terms.lotKind == LotKind.ERC721) {
            // Owned by the seller before the pull and by the house after it: a token that ignores `from`
            // can neither re-escrow a lot the house holds nor pull someone else's approved token (rule 12).
            address owner = TokenChecks.ownerOf(terms.lotToken, terms.lotAmountOrId);
            if (owner != msg.sender) revert LotNotOwnedBySeller(terms.lotToken, terms.lotAmountOrId, owner);
            // ERC-721 requires ERC-165: hybrids (ERC-404) and pre-standard NFTs pass the ownership checks but may
            // not deliver, or may move another auction's lot when used as an ERC-20 elsewhere.
            if (!TokenChecks.supportsInterface(terms.lotToken, TokenChecks.ERC721_INTERFACE)) {
                revert NotAnERC721(terms.lotToken);
            }
            IERC721(terms.lotToken).transferFrom(msg.sender, address(this), terms.lotAmountOrId);
            if (TokenChecks.ownerOf(terms.lotToken, terms.lotAmountOrId) != address(this)) {
                revert LotNotEscrowed(terms.lotToken, terms.lotAmountOrId);
            }
        } else {
            TokenChecks.escrowERC20(terms.lotToken, terms.lotAmountOrId);
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

    /// @inheritdoc IAuctionHouse
    function cancel(uint256 auctionId, AuctionTerms calldata terms, address recipient) external nonReentrant {
        Auction storage a = _checkedAuction(auctionId, terms);
        if (msg.sender != terms.seller) revert NotSeller(msg.sender, terms.seller);
        if (recipient == address(0)) revert ZeroRecipient();
        Schedule memory s = a.schedule;
        if (s.flags & F_CANCELLED != 0 || a.outcome.status & S_SETTLED != 0) {
            revert UnexpectedPhase(auctionId, phaseOf(auctionId));
        }
        if (s.commitCount != 0) revert HasCommitments(auctionId, s.commitCount);
        a.schedule.flags = s.flags | F_CANCELLED;

        _sendLot(terms, recipient);
        if (s.flags & F_SEALED != 0) _pay(auctionId, s.flags & F_ETH != 0, recipient, terms.bond);
        emit AuctionCancelled(auctionId, recipient);
    }

    /*//////////////////////////////////////////////////////////////
                                 COMMIT
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IAuctionHouse
    function commit(uint256 auctionId, bytes32 commitment, uint256 deposit) external payable commitGuard {
        _commit(auctionId, commitment, deposit, 0);
    }

    /// @inheritdoc IAuctionHouse
    function commitHidden(uint256 auctionId, bytes32 commitment) external payable commitGuard {
        _commit(auctionId, commitment, 0, HIDDEN_MARK);
        emit DepositHidden(auctionId);
    }

    /// @inheritdoc IAuctionHouse
    function commitHiddenSelfOpening(uint256 auctionId, bytes32 commitment, bytes calldata sealedOpening)
        external
        payable
        commitGuard
    {
        _requireSealedOpeningLength(sealedOpening.length);
        _commit(auctionId, commitment, 0, HIDDEN_MARK);
        emit DepositHidden(auctionId);
        emit SelfOpeningAttached(auctionId, msg.sender, sealedOpening);
    }

    /// @inheritdoc IAuctionHouse
    function recommit(uint256 auctionId, Position calldata current, bytes32 commitment, uint256 addedDeposit)
        external
        payable
        commitGuard
    {
        _recommit(auctionId, current, commitment, addedDeposit);
    }

    /// @inheritdoc IAuctionHouse
    /// @dev The ciphertext is only logged: nothing of it is stored, and nothing here can check that it decrypts
    /// to this commitment's opening (a bid whose ciphertext does not simply does not open itself).
    function commitSelfOpening(uint256 auctionId, bytes32 commitment, uint256 deposit, bytes calldata sealedOpening)
        external
        payable
        commitGuard
    {
        _requireSealedOpeningLength(sealedOpening.length);
        _commit(auctionId, commitment, deposit, 0);
        emit SelfOpeningAttached(auctionId, msg.sender, sealedOpening);
    }

    /// @inheritdoc IAuctionHouse
    function recommitSelfOpening(
        uint256 auctionId,
        Position calldata current,
        bytes32 commitment,
        uint256 addedDeposit,
        bytes calldata sealedOpening
    ) external payable commitGuard {
        _requireSealedOpeningLength(sealedOpening.length);
        _recommit(auctionId, current, commitment, addedDeposit);
        emit SelfOpeningAttached(auctionId, msg.sender, sealedOpening);
    }

    /// @dev The reentrancy guard of the commit entry points, which make no external call but the token pull of an
    /// ERC-20-paid deposit: they refuse to run inside any guarded call (like `nonReentrant`), and hold the guard only
    /// around that pull ({_pullGuarded}), so an ETH commit does not pay for setting and clearing it.
    modifier commitGuard() {
        if (_reentrancyGuardEntered()) revert ReentrancyGuardReentrantCall();
        _;
    }

    /// @dev `mark` is 0, or HIDDEN_MARK for a hidden deposit, whose deposit is the bond (`deposit` is ignored).
    function _commit(uint256 auctionId, bytes32 commitment, uint256 deposit, uint256 mark) private {
        Auction storage a = _auctions[auctionId];
        Schedule memory s = a.schedule;
        _requireCommitting(auctionId, s);
        if (mark != 0) deposit = s.bond;
        if (commitment == 0) revert ZeroCommitment();
        if (_positions[auctionId][msg.sender] != 0) revert AlreadyCommitted(auctionId, msg.sender);
        if (deposit < s.bond) revert DepositBelowBond(deposit, s.bond);
        if (deposit > MAX_AMOUNT) revert AmountTooLarge(deposit);
        _receivePayment(auctionId, s.flags, deposit);

        uint256 order = s.commitCount + 1;
        a.schedule.commitCount = uint32(order);
        _positions[auctionId][msg.sender] = Commitments.digest(commitment, deposit, order) ^ mark;
        emit BidCommitted(auctionId, msg.sender, commitment, deposit, order);
    }

    function _recommit(uint256 auctionId, Position calldata current, bytes32 commitment, uint256 addedDeposit) private {
        Schedule memory s = _auctions[auctionId].schedule;
        _requireCommitting(auctionId, s);
        uint256 mark =
            _requireSealed(
                auctionId, msg.sender, Commitments.digest(current.commitment, current.deposit, current.order)
            );
        if (commitment == 0) revert ZeroCommitment();
        uint256 deposit = current.deposit + addedDeposit;
        if (deposit > MAX_AMOUNT) revert AmountTooLarge(deposit);
        _receivePayment(auctionId, s.flags, addedDeposit);

        // A hidden position stays hidden: the new commitment's vault is found from its own salt at opening.
        _positions[auctionId][msg.sender] = Commitments.digest(commitment, deposit, current.order) ^ mark;
        emit BidCommitted(auctionId, msg.sender, commitment, deposit, current.order);
        if (mark != 0) emit DepositHidden(auctionId);
    }

    function _requireSealedOpeningLength(uint256 length) private pure {
        if (length == 0 || length > MAX_SEALED_OPENING) revert SealedOpeningLength(length, MAX_SEALED_OPENING);
    }

    /*//////////////////////////////////////////////////////////////
                                 REVEAL
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IAuctionHouse
    function reveal(uint256 auctionId, address bidder, uint256 amount, bytes32 salt, uint256 deposit, uint256 order)
        external
        nonReentrant
    {
        Auction storage a = _auctions[auctionId];
        Schedule memory s = a.schedule;
        _requireBidsMayOpen(a, auctionId, s);
        {
            uint256 digest = Commitments.digest(Commitments.bid(auctionId, bidder, amount, salt), deposit, order);
            uint256 stored = _positions[auctionId][bidder];
            if (stored != digest) {
                if (stored & Commitments.DIGEST_FLAG == 0) revert NoSealedCommitment(auctionId, bidder);
                if (stored != digest ^ HIDDEN_MARK) revert OpeningMismatch(auctionId, bidder);
                // A hidden deposit: what its vault holds now counts as deposit (interaction under the guard).
                deposit = _openVault(auctionId, s.flags, bidder, salt, deposit);
            }
        }
        // Every opening writes slot 2 (its count lives there), so a new leader or runner-up writes no other shared slot.
        Standing memory st = a.standing;
        ++st.openedPlusOne;
        uint256 owed;
        bool valid = amount <= deposit;
        if (!valid) {
            // Opening above the deposit would be a free exit: it forfeits the bond like not opening (rule 4).
            owed = deposit - s.bond;
            a.outcome.forfeitCount += 1;
        } else {
            // Rule 5 and the leader's position exactly as {_leads} and {_heldAsLeader} state them for the batch;
            // written out here because calling them costs every reveal ~70 gas with this compiler. A tie needs the
            // standing leader's order, kept in its held position: read only then.
            if (amount > st.bestAmount || (amount == st.bestAmount && _winsTie(a, auctionId, order))) {
                _storeStanding(a, Standing(uint112(amount), st.bestAmount, st.openedPlusOne));
                _positions[auctionId][bidder] = (order << ORDER_SHIFT) | deposit;
                address displaced = a.outcome.leader;
                a.outcome.leader = bidder;
                emit BidRevealed(auctionId, bidder, amount, salt, true);
                // The displaced leader can never win now: its whole deposit is pushed back here, in this reveal.
                if (displaced != address(0)) {
                    owed = _positions[auctionId][displaced] & MAX_AMOUNT;
                    _positions[auctionId][displaced] = 0;
                    if (!_tryPayOther(auctionId, s.flags, displaced, owed)) {
                        _positions[auctionId][displaced] = owed;
                        emit RefundDeferred(auctionId, displaced, owed);
                    }
                }
                return;
            }
            if (amount > st.runnerUp) st.runnerUp = uint112(amount);
            owed = deposit;
        }
        _storeStanding(a, st);

        // A bid that cannot win is refunded now. If the bidder's receiver refuses, only the bidder waits.
        _positions[auctionId][bidder] = 0;
        emit BidRevealed(auctionId, bidder, amount, salt, valid);
        if (owed != 0 && !_tryPay(auctionId, s.flags, bidder, owed)) {
            _positions[auctionId][bidder] = owed;
            emit RefundDeferred(auctionId, bidder, owed);
        }
    }

    /// @inheritdoc IAuctionHouse
    /// @dev Checks, effects, interactions. Every entry is matched and every state change made first: positions as
    /// each entry opens (so a later duplicate no longer matches), every {BidRevealed}, then the open count, the
    /// standing and the forfeit count written once each from memory. Only then are the refunds pushed, in entry
    /// order, so no receiver can observe (through a view) or act on (the guard is still held) a half-applied batch.
    /// A failed push credits that bidder alone, as in {reveal}; its {RefundDeferred} therefore comes after all the
    /// batch's {BidRevealed} rather than right after its own. Each push needs its full cap left, as in {reveal}: a
    /// batch sent with too little gas for any of its pushes reverts whole ({InsufficientGasForRefund}), so the
    /// caller's gas limit covers the whole batch (an estimate does). Likewise a payment token that moves a wrong
    /// amount to one bidder, which reverts that bid's {reveal}, reverts the batch: the caller leaves that entry out.
    function revealMany(uint256 auctionId, Opening[] calldata openings) external nonReentrant returns (uint256 opened) {
        Auction storage a = _auctions[auctionId];
        Schedule memory s = a.schedule;
        _requireBidsMayOpen(a, auctionId, s);
        mapping(address bidder => uint256) storage positions = _positions[auctionId];
        Standing memory st = a.standing;
        uint256 forfeits;
        // The standing leader, its commit order (from its held position) and its entry index (BEFORE_BATCH: it
        // opened before this batch).
        address leader = a.outcome.leader;
        address leaderBefore = leader;
        uint256 bestOrder = leader == address(0) ? NO_BID : positions[leader] >> ORDER_SHIFT;
        uint256 leaderIndex = BEFORE_BATCH;
        // Refunds to push once every state change is made, one word each: (DISPLACED if a displaced leader's)
        // | (entry index << 128) | amount.
        uint256 refunds;
        uint256 refundsEnd;
        assembly ("memory-safe") {
            refunds := mload(0x40)
            refundsEnd := refunds
            // At most one refund per entry, plus the leader that opened before the batch.
            mstore(0x40, add(refunds, shl(5, add(openings.length, 1))))
        }

        for (uint256 i; i < openings.length; ++i) {
            address bidder;
            uint256 amount;
            bytes32 salt;
            uint256 deposit;
            uint256 order;
            uint256 slot; // of positions[bidder]
            uint256 stored;
            assembly ("memory-safe") {
                // In bounds: the ABI decoder checked that the array lies within the calldata.
                let p := add(openings.offset, mul(i, 0xa0))
                bidder := calldataload(p)
                amount := calldataload(add(p, 0x20))
                salt := calldataload(add(p, 0x40))
                deposit := calldataload(add(p, 0x60))
                order := calldataload(add(p, 0x80))
                mstore(0, bidder)
                mstore(0x20, positions.slot)
                slot := keccak256(0, 0x40)
                // An address with dirty upper bits matches nothing (0 is never a sealed position's digest).
                if iszero(shr(160, bidder)) { stored := sload(slot) }
            }
            // Opened already, never committed, another bidder's or another auction's opening, a wrong field: the
            // stored position is not this digest. Skipped, where {reveal} would revert.
            {
                uint256 digest = Commitments.digest(Commitments.bid(auctionId, bidder, amount, salt), deposit, order);
                if (stored != digest) {
                    if (stored != digest ^ HIDDEN_MARK) continue;
                    // A hidden deposit's vault is swept as in {reveal}. Only the matching entry gets here, and it
                    // consumes the position below: a duplicate entry is skipped before any CREATE2. The sweep
                    // calls the auction's payment token (ERC-20 auctions), which could read, but not act on
                    // (guard), the batch applied so far; no bidder's code runs before the pushes.
                    deposit = _openVault(auctionId, s.flags, bidder, salt, deposit);
                }
            }
            unchecked {
                ++opened; // at most the auction's commitCount
            }

            uint256 owed;
            uint256 held;
            bool valid = amount <= deposit;
            if (!valid) {
                owed = deposit - s.bond; // rule 4, as in {reveal}
                unchecked {
                    ++forfeits;
                }
            } else if (_leads(amount, order, st.bestAmount, bestOrder)) {
                (st.bestAmount, st.runnerUp, bestOrder) = (uint112(amount), st.bestAmount, order);
                held = _heldAsLeader(deposit, order);
                // The displaced leader can never win now: its deposit joins the refunds (as in {reveal}).
                if (leader != address(0)) {
                    uint256 entry = DISPLACED | (leaderIndex << 128);
                    assembly ("memory-safe") {
                        mstore(0, leader)
                        mstore(0x20, positions.slot)
                        let leaderSlot := keccak256(0, 0x40)
                        // The held word: (order << 112) | deposit, with the 112-bit deposit kept.
                        entry := or(entry, and(sload(leaderSlot), 0xffffffffffffffffffffffffffff))
                        sstore(leaderSlot, 0)
                        mstore(refundsEnd, entry)
                        refundsEnd := add(refundsEnd, 0x20)
                    }
                }
                (leader, leaderIndex) = (bidder, i);
            } else {
                if (amount > st.runnerUp) st.runnerUp = uint112(amount);
                owed = deposit;
            }
            assembly ("memory-safe") {
                sstore(slot, held)
            }
            _emitBidRevealed(auctionId, bidder, amount, salt, valid);
            if (owed != 0) {
                assembly ("memory-safe") {
                    mstore(refundsEnd, or(shl(128, i), owed))
                    refundsEnd := add(refundsEnd, 0x20)
                }
            }
        }

        // Each count stays within the auction's commitCount: every opened entry consumed one sealed position.
        if (opened != 0) {
            st.openedPlusOne += uint32(opened);
            _storeStanding(a, st);
        }
        if (forfeits != 0) a.outcome.forfeitCount += uint32(forfeits);
        if (leader != leaderBefore) a.outcome.leader = leader;

        for (uint256 r = refunds; r < refundsEnd;) {
            uint256 refund;
            assembly ("memory-safe") {
                refund := mload(r)
                r := add(r, 0x20)
            }
            uint256 index = (refund >> 128) & type(uint64).max;
            address bidder = leaderBefore;
            if (index != BEFORE_BATCH) {
                assembly ("memory-safe") {
                    bidder := calldataload(add(openings.offset, mul(index, 0xa0)))
                }
            }
            uint256 owed = refund & MAX_AMOUNT;
            bool paid = refund & DISPLACED != 0
                ? _tryPayOther(auctionId, s.flags, bidder, owed)
                : _tryPay(auctionId, s.flags, bidder, owed);
            if (!paid) {
                positions[bidder] = owed;
                emit RefundDeferred(auctionId, bidder, owed);
            }
        }
    }

    /// @inheritdoc IAuctionHouse
    function revealReserve(uint256 auctionId, AuctionTerms calldata terms, uint256 reserve, bytes32 salt)
        external
        nonReentrant
    {
        Auction storage a = _checkedAuction(auctionId, terms);
        Schedule memory s = a.schedule;
        // (A cancelled auction has no commitment to reveal; its reserve must not be opened either.)
        if (s.flags & F_CANCELLED != 0) revert UnexpectedPhase(auctionId, Phase.Cancelled);
        if (s.flags & F_SEALED == 0) revert NoSealedReserve(auctionId);
        if (s.flags & F_RESERVE_OPENED != 0) revert ReserveAlreadyRevealed(auctionId);
        // Only in the reserve window, before any bid can be opened: the seller decides with no bid information.
        if (block.timestamp < s.commitEnd || block.timestamp >= terms.reserveEnd) {
            revert UnexpectedPhase(auctionId, phaseOf(auctionId));
        }
        if (Commitments.reserve(terms.seller, terms.reserveNonce, reserve, salt) != terms.sealedReserveCommitment) {
            revert ReserveOpeningMismatch(auctionId);
        }
        if (reserve > MAX_AMOUNT) revert AmountTooLarge(reserve);

        a.schedule.flags = s.flags | F_RESERVE_OPENED;
        if (reserve != 0) _openedReserve[auctionId] = uint112(reserve);
        emit ReserveRevealed(auctionId, reserve, salt);
    }

    /*//////////////////////////////////////////////////////////////
                               SETTLEMENT
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IAuctionHouse
    function settle(uint256 auctionId, AuctionTerms calldata terms, address leader) external nonReentrant {
        Auction storage a = _checkedAuction(auctionId, terms);
        Schedule memory s = a.schedule;
        Outcome memory o = a.outcome;
        if (s.flags & F_CANCELLED != 0 || o.status & S_SETTLED != 0 || block.timestamp < s.commitEnd) {
            revert UnexpectedPhase(auctionId, phaseOf(auctionId));
        }
        bool reserveOpened = s.flags & F_RESERVE_OPENED != 0;
        bool reserveWithheld = s.flags & F_SEALED != 0 && !reserveOpened;
        bool reservePending = reserveWithheld && block.timestamp < terms.reserveEnd;
        Standing memory st = a.standing;
        uint256 openCount = st.openedPlusOne - 1;
        if (block.timestamp < s.revealEnd && (openCount != s.commitCount || reservePending)) {
            revert RevealsOutstanding(auctionId, s.commitCount - openCount, reservePending);
        }

        uint256 effectiveReserve = terms.floorReserve;
        if (reserveOpened) {
            uint256 opened = _openedReserve[auctionId];
            if (opened > effectiveReserve) effectiveReserve = opened;
        }
        address winner;
        uint256 price;
        // What goes back to the standing leader: the winner's change, or the whole deposit of a leader below the
        // reserve. Its position is cleared here and set again only if the push fails.
        uint256 leaderRefund;
        if (o.leader != address(0)) {
            if (st.bestAmount >= effectiveReserve) {
                if (leader != o.leader) revert NotLeader(auctionId, leader);
                winner = leader;
                if (s.flags & F_FIRST_PRICE != 0) {
                    price = st.bestAmount;
                } else {
                    price = st.runnerUp > effectiveReserve ? st.runnerUp : effectiveReserve;
                }
            }
            // The leader's held position: (order << ORDER_SHIFT) | deposit, and deposit >= its bid >= price. Its
            // order is kept for {auctionState} in slot 0, since the position is cleared.
            uint256 held = _positions[auctionId][o.leader];
            leaderRefund = (held & MAX_AMOUNT) - price;
            _positions[auctionId][o.leader] = 0;
            a.schedule.settledOrder = uint32(held >> ORDER_SHIFT);
        }
        uint256 forfeited = uint256(s.commitCount) - openCount + o.forfeitCount + (reserveWithheld ? 1 : 0);
        uint256 burned = forfeited * s.bond;

        // Written as if every delivery below succeeds; a failed one restores its claim.
        a.outcome = Outcome(winner, o.forfeitCount, o.status | S_SETTLED | S_LOT_CLAIMED, o.reserveEnd);
        a.standing.runnerUp = uint112(price);
        emit AuctionSettled(auctionId, winner, price, effectiveReserve, burned);
        _deliver(a, auctionId, terms, s.flags, winner, o.leader, leaderRefund, price + (reserveOpened ? s.bond : 0));
    }

    /// @dev Settlement's pushes, each with capped gas and each falling back to the claim its owner had before
    /// (rules 9 and 13). The lot goes to its owner; then the standing leader's refund; then the seller's proceeds,
    /// only once a sold lot has left the house (as {withdrawProceeds}). Each delivery is logged as the claim it
    /// replaces, with the owner as recipient, so a history reads the same whoever moved it.
    function _deliver(
        Auction storage a,
        uint256 auctionId,
        AuctionTerms calldata terms,
        uint8 flags,
        address winner,
        address standingLeader,
        uint256 leaderRefund,
        uint256 proceeds
    ) private {
        address lotOwner = winner == address(0) ? terms.seller : winner;
        bool lotDelivered;
        if (terms.lotKind == LotKind.ERC721) {
            lotDelivered = Transfers.tryPushERC721(terms.lotToken, lotOwner, terms.lotAmountOrId);
        } else {
            if (gasleft() < CONTAINED_PUSH_NEEDED) revert InsufficientGasForDelivery(gasleft(), CONTAINED_PUSH_NEEDED);
            lotDelivered = _tryPushTokenContained(terms.lotToken, lotOwner, terms.lotAmountOrId);
        }
        if (lotDelivered) emit LotClaimed(auctionId, lotOwner, lotOwner);
        else a.outcome.status &= ~S_LOT_CLAIMED;

        if (leaderRefund != 0) {
            if (_tryPayOther(auctionId, flags, standingLeader, leaderRefund)) {
                emit RefundWithdrawn(auctionId, standingLeader, standingLeader, leaderRefund);
            } else {
                _positions[auctionId][standingLeader] = leaderRefund;
                emit RefundDeferred(auctionId, standingLeader, leaderRefund);
            }
        }
        if (proceeds != 0) {
            if ((lotDelivered || winner == address(0)) && _tryPayOther(auctionId, flags, terms.seller, proceeds)) {
                emit ProceedsWithdrawn(auctionId, terms.seller, terms.seller, proceeds);
            } else {
                _proceeds[auctionId][terms.seller] = proceeds;
            }
        }
    }

    /*//////////////////////////////////////////////////////////////
                                 CLAIMS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IAuctionHouse
    function claimLot(uint256 auctionId, AuctionTerms calldata terms, address recipient) external nonReentrant {
        Auction storage a = _checkedAuction(auctionId, terms);
        Outcome memory o = a.outcome;
        if (o.status & S_SETTLED == 0) revert UnexpectedPhase(auctionId, phaseOf(auctionId));
        if (o.status & S_LOT_CLAIMED != 0) revert LotAlreadyClaimed(auctionId);
        address owner = o.leader == address(0) ? terms.seller : o.leader;
        // The seller may deliver a sold lot to its winner: that releases its proceeds.
        if (msg.sender != owner && (msg.sender != terms.seller || recipient != owner)) {
            revert NotLotOwner(auctionId, msg.sender, owner);
        }
        if (recipient == address(0)) revert ZeroRecipient();

        a.outcome.status = o.status | S_LOT_CLAIMED;
        _sendLot(terms, recipient);
        emit LotClaimed(auctionId, owner, recipient);
    }

    /// @inheritdoc IAuctionHouse
    function withdrawProceeds(uint256 auctionId, address recipient) external nonReentrant {
        uint256 amount = _proceeds[auctionId][msg.sender];
        if (amount == 0) revert NothingToWithdraw(auctionId, msg.sender);
        if (recipient == address(0)) revert ZeroRecipient();
        Outcome storage o = _auctions[auctionId].outcome;
        // The price is paid once the lot has left the house: a seller that blocks its own lot (a frozen or
        // paused collection) cannot keep the winner's money.
        if (o.status & S_LOT_CLAIMED == 0 && o.leader != address(0)) revert LotNotDelivered(auctionId);
        _proceeds[auctionId][msg.sender] = 0;
        _pay(auctionId, _auctions[auctionId].schedule.flags & F_ETH != 0, recipient, amount);
        emit ProceedsWithdrawn(auctionId, msg.sender, recipient, amount);
    }

    /// @inheritdoc IAuctionHouse
    function withdrawRefund(uint256 auctionId, address recipient) external nonReentrant {
        uint256 held = _positions[auctionId][msg.sender];
        if (held == 0 || held & Commitments.DIGEST_FLAG != 0) revert NothingToWithdraw(auctionId, msg.sender);
        if (recipient == address(0)) revert ZeroRecipient();
        Auction storage a = _auctions[auctionId];
        // Only the standing leader's position carries its order, and it is cleared at settlement.
        if (held >> ORDER_SHIFT != 0 && a.outcome.status & S_SETTLED == 0) {
            revert RefundHeldUntilSettlement(auctionId, msg.sender);
        }
        uint256 owed = held & MAX_AMOUNT;
        _positions[auctionId][msg.sender] = 0;
        _pay(auctionId, a.schedule.flags & F_ETH != 0, recipient, owed);
        emit RefundWithdrawn(auctionId, msg.sender, recipient, owed);
    }

    /// @inheritdoc IAuctionHouse
    function withdrawUnrevealed(uint256 auctionId, Position calldata position, address recipient)
        external
        nonReentrant
    {
        Schedule memory s = _auctions[auctionId].schedule;
        if (s.commitEnd == 0) revert AuctionNotFound(auctionId);
        if (block.timestamp < s.revealEnd) revert UnexpectedPhase(auctionId, phaseOf(auctionId));
        _requireSealed(
            auctionId, msg.sender, Commitments.digest(position.commitment, position.deposit, position.order)
        );
        if (recipient == address(0)) revert ZeroRecipient();

        // The bond stays in the contract for good: it is counted as burned at settlement (rule 4).
        uint256 owed = position.deposit - s.bond;
        _positions[auctionId][msg.sender] = 0;
        if (owed != 0) _pay(auctionId, s.flags & F_ETH != 0, recipient, owed);
        emit RefundWithdrawn(auctionId, msg.sender, recipient, owed);
    }

    /// @inheritdoc IAuctionHouse
    /// @dev No position is read: the vault is the caller's by derivation, and once the auction is over no opening
    /// can sweep it any more. A second sweep of a vault in one transaction (e.g. after its opening, or twice) finds
    /// it marked and moves nothing (see {Vaults.sweep}).
    function recoverVault(uint256 auctionId, bytes32 salt, address recipient) external nonReentrant {
        Auction storage a = _auctions[auctionId];
        Schedule memory s = a.schedule;
        if (s.commitEnd == 0) revert AuctionNotFound(auctionId);
        if (block.timestamp < s.revealEnd && s.flags & F_CANCELLED == 0 && a.outcome.status & S_SETTLED == 0) {
            revert UnexpectedPhase(auctionId, phaseOf(auctionId));
        }
        if (recipient == address(0)) revert ZeroRecipient();
        (address vault, uint256 amount, uint256 eth) = Vaults.sweepMeasured(
            auctionId, msg.sender, salt, s.flags & F_ETH != 0 ? address(0) : _paymentToken[auctionId]
        );
        uint256 setAside = _vaultSetAside[auctionId][msg.sender];
        if (setAside != 0) {
            amount += setAside;
            _vaultSetAside[auctionId][msg.sender] = 0;
        }
        uint256 ethSetAside = _vaultEthSetAside[auctionId][msg.sender];
        if (ethSetAside != 0) {
            eth += ethSetAside;
            _vaultEthSetAside[auctionId][msg.sender] = 0;
        }
        if (amount == 0 && eth == 0) revert NothingToWithdraw(auctionId, msg.sender);
        emit VaultRecovered(auctionId, msg.sender, vault, recipient, amount, eth);
        if (amount != 0) _pay(auctionId, s.flags & F_ETH != 0, recipient, amount);
        if (eth != 0) _pay(auctionId, true, recipient, eth);
    }

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IAuctionHouse
    function nextAuctionId() external view returns (uint256) {
        return _nextAuctionId;
    }

    /// @inheritdoc IAuctionHouse
    function phaseOf(uint256 auctionId) public view returns (Phase) {
        Auction storage a = _auctions[auctionId];
        Schedule memory s = a.schedule;
        if (s.commitEnd == 0) return Phase.None;
        if (s.flags & F_CANCELLED != 0) return Phase.Cancelled;
        if (a.outcome.status & S_SETTLED != 0) return Phase.Settled;
        if (block.timestamp < s.commitEnd) return Phase.Committing;
        if (block.timestamp >= s.revealEnd) return Phase.AwaitingSettlement;
        if (s.flags & (F_SEALED | F_RESERVE_OPENED) == F_SEALED && block.timestamp < a.outcome.reserveEnd) {
            return Phase.OpeningReserve;
        }
        // Nothing left to open: settlement is allowed before the window ends.
        return a.standing.openedPlusOne - 1 == s.commitCount ? Phase.AwaitingSettlement : Phase.Revealing;
    }

    /// @inheritdoc IAuctionHouse
    function auctionState(uint256 auctionId) external view returns (AuctionState memory state) {
        Auction storage a = _auctions[auctionId];
        Schedule memory s = a.schedule;
        Outcome memory o = a.outcome;
        Standing memory st = a.standing;
        state = AuctionState({
            phase: phaseOf(auctionId),
            termsHash: a.termsHash,
            commitEnd: s.commitEnd,
            reserveEnd: o.reserveEnd,
            revealEnd: s.revealEnd,
            bond: s.bond,
            ethPayment: s.flags & F_ETH != 0,
            format: s.flags & F_FIRST_PRICE != 0 ? Format.FirstPrice : Format.SecondPrice,
            sealedReserve: s.flags & F_SEALED != 0,
            reserveOpened: s.flags & F_RESERVE_OPENED != 0,
            openedReserve: _openedReserve[auctionId],
            commitCount: s.commitCount,
            openCount: st.openedPlusOne == 0 ? 0 : st.openedPlusOne - 1, // 0 for an auction that does not exist
            forfeitCount: o.forfeitCount,
            bestAmount: st.bestAmount,
            runnerUp: st.runnerUp,
            bestOrder: uint32(_bestOrder(auctionId, s, o)),
            settled: o.status & S_SETTLED != 0,
            winner: o.status & S_SETTLED != 0 ? o.leader : address(0),
            lotClaimed: o.status & S_LOT_CLAIMED != 0
        });
    }

    /// @inheritdoc IAuctionHouse
    function positionOf(uint256 auctionId, address bidder)
        external
        view
        returns (PositionStatus status, uint256 value)
    {
        value = _positions[auctionId][bidder];
        if (value == 0) return (PositionStatus.None, 0);
        if (value & Commitments.DIGEST_FLAG != 0) return (PositionStatus.Sealed, value);
        return (PositionStatus.Held, value & MAX_AMOUNT);
    }

    /// @inheritdoc IAuctionHouse
    function proceedsOf(uint256 auctionId, address seller) external view returns (uint256) {
        return _proceeds[auctionId][seller];
    }

    /// @inheritdoc IAuctionHouse
    function commitmentOf(uint256 auctionId, address bidder, uint256 amount, bytes32 salt)
        external
        view
        returns (bytes32)
    {
        return Commitments.bid(auctionId, bidder, amount, salt);
    }

    /// @inheritdoc IAuctionHouse
    function reserveCommitmentOf(address seller, uint256 nonce, uint256 reserve, bytes32 salt)
        external
        view
        returns (bytes32)
    {
        return Commitments.reserve(seller, nonce, reserve, salt);
    }

    /// @inheritdoc IAuctionHouse
    function reserveNonceOf(address seller) external view returns (uint256) {
        return _reserveNonces[seller];
    }

    /// @inheritdoc IAuctionHouse
    function positionDigest(bytes32 commitment, uint256 deposit, uint256 order) external pure returns (uint256) {
        return Commitments.digest(commitment, deposit, order);
    }

    /// @inheritdoc IAuctionHouse
    function vaultOf(uint256 auctionId, address bidder, bytes32 salt) external view returns (address) {
        return Vaults.addressOf(auctionId, bidder, salt, _paymentToken[auctionId]);
    }

    /// @inheritdoc IAuctionHouse
    function hiddenPositionDigest(bytes32 commitment, uint256 deposit, uint256 order) external pure returns (uint256) {
        return Commitments.digest(commitment, deposit, order) ^ HIDDEN_MARK;
    }

    /// @inheritdoc IAuctionHouse
    function hashTerms(AuctionTerms calldata terms) external pure returns (bytes32) {
        return keccak256(abi.encode(terms));
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    function _checkedAuction(uint256 auctionId, AuctionTerms calldata terms) private view returns (Auction storage a) {
        a = _auctions[auctionId];
        bytes32 stored = a.termsHash;
        if (stored == 0) revert AuctionNotFound(auctionId);
        if (keccak256(abi.encode(terms)) != stored) revert TermsMismatch(auctionId);
    }

    function _requireCommitting(uint256 auctionId, Schedule memory s) private view {
        if (s.commitEnd == 0) revert AuctionNotFound(auctionId);
        if (block.timestamp >= s.commitEnd || s.flags & F_CANCELLED != 0) {
            revert UnexpectedPhase(auctionId, phaseOf(auctionId));
        }
    }

    /// @dev Bids open in the reveal window, and with a sealed reserve only once it is open or its window has
    /// passed (rule 6). No settled check is needed: settling before revealEnd requires every commitment open.
    function _requireBidsMayOpen(Auction storage a, uint256 auctionId, Schedule memory s) private view {
        if (s.commitEnd == 0) revert AuctionNotFound(auctionId);
        if (block.timestamp < s.commitEnd || block.timestamp >= s.revealEnd) {
            revert UnexpectedPhase(auctionId, phaseOf(auctionId));
        }
        if (s.flags & (F_SEALED | F_RESERVE_OPENED) == F_SEALED) {
            uint256 reserveEnd = a.outcome.reserveEnd;
            if (block.timestamp < reserveEnd) revert ReserveNotYetOpened(auctionId, reserveEnd);
        }
    }

    /// @dev Rule 5: a valid bid leads if it is higher than the best so far, or equal to it and committed earlier,
    /// so the outcome does not depend on the order of the openings.
    function _leads(uint256 amount, uint256 order, uint256 bestAmount, uint256 bestOrder) private pure returns (bool) {
        return amount > bestAmount || (amount == bestAmount && order < bestOrder);
    }

    /// @dev Rule 5 for a valid bid equal to the best amount: it leads if no valid bid is open yet, or if it was
    /// committed before the standing leader (whose order its held position keeps).
    function _winsTie(Auction storage a, uint256 auctionId, uint256 order) private view returns (bool) {
        address leader = a.outcome.leader;
        return leader == address(0) || order < _positions[auctionId][leader] >> ORDER_SHIFT;
    }

    /// @dev The best valid bid's commit order: the standing leader's while revealing, recorded at settlement.
    function _bestOrder(uint256 auctionId, Schedule memory s, Outcome memory o) private view returns (uint256) {
        if (o.status & S_SETTLED != 0) return s.settledOrder == 0 ? NO_BID : s.settledOrder;
        return o.leader == address(0) ? NO_BID : _positions[auctionId][o.leader] >> ORDER_SHIFT;
    }

    /// @dev A leading bid's position: its whole deposit, held until settlement, tagged with its commit order so
    /// that {settle} can check the leader a caller names (rule 14) and {withdrawRefund} waits for settlement.
    function _heldAsLeader(uint256 deposit, uint256 order) private pure returns (uint256) {
        return (order << ORDER_SHIFT) | deposit;
    }

    /// @dev `emit BidRevealed(auctionId, bidder, amount, salt, valid)` for the batch, written out for the same reason
    /// (a second use of the encoder {reveal} inlines turns it into a call there).
    function _emitBidRevealed(uint256 auctionId, address bidder, uint256 amount, bytes32 salt, bool valid) private {
        bytes32 topic = BidRevealed.selector;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, amount)
            mstore(add(m, 0x20), salt)
            mstore(add(m, 0x40), valid)
            log3(m, 0x60, topic, auctionId, bidder)
        }
    }

    /// @dev Writes the whole standing slot (bestAmount bits 0..111, runnerUp 112..223, openedPlusOne 224..255) with
    /// one store: a struct assignment updates it field by field, three read-modify-writes of the same slot.
    function _storeStanding(Auction storage a, Standing memory st) private {
        Standing storage target = a.standing;
        uint256 packed = uint256(st.bestAmount) | (uint256(st.runnerUp) << 112) | (uint256(st.openedPlusOne) << 224);
        assembly ("memory-safe") {
            sstore(target.slot, packed)
        }
    }

    /// @dev Checks that `bidder`'s unopened position is `digest`, plain or hidden; returns its mark (0 or HIDDEN_MARK).
    function _requireSealed(uint256 auctionId, address bidder, uint256 digest) private view returns (uint256 mark) {
        uint256 stored = _positions[auctionId][bidder];
        if (stored & Commitments.DIGEST_FLAG == 0) revert NoSealedCommitment(auctionId, bidder);
        mark = stored ^ digest;
        if (mark > HIDDEN_MARK) revert OpeningMismatch(auctionId, bidder);
    }

    /// @dev Sweeps the vault of a hidden deposit being opened and returns its deposit with the collateral that
    /// arrived. What does not fit the 112-bit amounts, and ETH in an ERC-20-paid auction, is set aside for the
    /// bidder ({recoverVault}).
    function _openVault(uint256 auctionId, uint8 flags, address bidder, bytes32 salt, uint256 deposit)
        private
        returns (uint256)
    {
        (address vault, uint256 collateral, uint256 eth) =
            Vaults.sweepMeasured(auctionId, bidder, salt, flags & F_ETH != 0 ? address(0) : _paymentToken[auctionId]);
        uint256 setAside;
        uint256 room = MAX_AMOUNT - deposit;
        if (collateral > room) {
            setAside = collateral - room;
            collateral = room;
            _vaultSetAside[auctionId][bidder] += setAside;
        }
        if (eth != 0) _vaultEthSetAside[auctionId][bidder] += eth;
        emit VaultSwept(auctionId, bidder, vault, collateral);
        if (setAside != 0 || eth != 0) emit VaultSetAside(auctionId, bidder, setAside, eth);
        return deposit + collateral;
    }

    function _receivePayment(uint256 auctionId, uint8 flags, uint256 amount) private {
        if (flags & F_ETH != 0) {
            if (msg.value != amount) revert PaymentMismatch(amount, msg.value);
        } else {
            if (msg.value != 0) revert PaymentMismatch(0, msg.value);
            if (amount != 0) _pullGuarded(_paymentToken[auctionId], amount);
        }
    }

    /// @dev {Transfers.pullToken} holding the reentrancy guard (see {commitGuard}): a token hook cannot re-enter.
    function _pullGuarded(address token, uint256 amount) private {
        TransientSlot.BooleanSlot guard = _reentrancyGuardStorageSlot().asBoolean();
        guard.tstore(true);
        Transfers.pullToken(token, amount);
        guard.tstore(false);
    }

    function _sendLot(AuctionTerms calldata terms, address recipient) private {
        if (terms.lotKind == LotKind.ERC721) {
            IERC721(terms.lotToken).safeTransferFrom(address(this), recipient, terms.lotAmountOrId);
        } else {
            Transfers.sendToken(terms.lotToken, recipient, terms.lotAmountOrId);
        }
    }

    /// @dev Pays a recipient the caller chose ({Transfers.payEth}, {Transfers.sendToken}); any failure reverts the
    /// caller's own claim.
    function _pay(uint256 auctionId, bool eth, address recipient, uint256 amount) private {
        if (eth) Transfers.payEth(recipient, amount);
        else Transfers.sendToken(_paymentToken[auctionId], recipient, amount);
    }

    /// @inheritdoc IAuctionHouse
    function pushTokenFromHouse(address token, address to, uint256 amount) external returns (bool) {
        if (msg.sender != address(this)) revert OnlyHouse(msg.sender);
        return Transfers.tryPushToken(token, to, amount);
    }

    /// @dev {Transfers.tryPushToken} in a call frame of its own ({pushTokenFromHouse}): a token that moves a wrong
    /// amount reverts only that frame, so the payment becomes a claim instead of reverting the caller's transaction
    /// (settlement, or a reveal that refunds the leader it displaces, must not be blockable by a token).
    function _tryPushTokenContained(address token, address to, uint256 amount) private returns (bool) {
        if (gasleft() < CONTAINED_PUSH_NEEDED) revert InsufficientGasForRefund(gasleft(), CONTAINED_PUSH_NEEDED);
        try this.pushTokenFromHouse(token, to, amount) returns (bool ok) {
            return ok;
        } catch {
            return false;
        }
    }

    /// @dev Pays someone other than the bidder whose opening or claim this is, inside the caller's transaction
    /// (a displaced leader, settlement's deliveries): capped gas, and never a revert but for too little gas.
    function _tryPayOther(uint256 auctionId, uint8 flags, address to, uint256 amount) private returns (bool) {
        if (flags & F_ETH != 0) return Transfers.tryPushEth(to, amount);
        return _tryPushTokenContained(_paymentToken[auctionId], to, amount);
    }

    /// @dev Pays a bidder inside someone's reveal with capped gas (rule 13; {Transfers.tryPushEth},
    /// {Transfers.tryPushToken}); false instead of reverting, and the bidder keeps a claim.
    function _tryPay(uint256 auctionId, uint8 flags, address bidder, uint256 amount) private returns (bool) {
        if (flags & F_ETH != 0) return Transfers.tryPushEth(bidder, amount);
        return Transfers.tryPushToken(_paymentToken[auctionId], bidder, amount);
    }
}
