// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IAuctionHouse} from "./interfaces/IAuctionHouse.sol";
import {Vaults} from "./libraries/Vaults.sol";

/// @title AuctionHouse
/// @notice One contract holds every auction, keyed by a sequential id. It has no owner and no admin function:
/// its deployed code is all there is (rule 1).
/// @dev Storage is packed so that each hot call touches as few slots as possible:
///  - slot 0 `Schedule`, read by every commit and reveal;
///  - slot 1 `Outcome`: over-deposit openings, and from settlement the winner and claim status;
///  - slot 2 `Standing`: the best and second-best valid amounts and the best bid's commit order;
///  - slot 3 the hash of the immutable {AuctionTerms}, which callers supply as calldata when needed.
/// Slots 1 and 2 are written non-zero at creation so that no reveal pays for a zero-to-non-zero store.
/// A bidder's position is one word: while unopened, a digest of (commitment, deposit, order) with its top bit
/// set (the bidder supplies the preimage when revealing); once opened, the amount the contract holds for it,
/// with its commit order in bits 112..143 if the bid led when opened. So a new leader's reveal writes only its
/// own position and slots 0 and 2, and settlement checks a caller-supplied winner against that order.
/// A hidden-deposit commitment (rule 16) stores its digest with the lowest bit flipped; its opening sweeps the
/// bid's CREATE2 vault ({Vaults}) and counts what arrived as deposit.
contract AuctionHouse is IAuctionHouse, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @dev Amounts (bids, deposits, reserves, prices) are 112-bit so that two fit a slot with an order.
    uint256 private constant MAX_AMOUNT = type(uint112).max;
    /// @dev Where a held position keeps the commit order of a bid that led when opened.
    uint256 private constant ORDER_SHIFT = 112;
    /// @dev Marks a stored digest of an unopened commitment; opened positions are amounts below 2^112.
    uint256 private constant DIGEST_FLAG = 1 << 255;
    /// @dev XORed into a hidden-deposit commitment's digest: the same preimage names a different stored value, so
    /// an opening knows it must sweep a vault, and a plain position cannot be opened as a hidden one or back.
    uint256 private constant HIDDEN_MARK = 1;
    /// @dev `Standing.bestOrder` when no valid bid has been opened; orders start at 1.
    uint32 private constant NO_BID = type(uint32).max;
    /// @dev Gas forwarded when paying a refund inside someone's reveal (rule 13): a receiver or a token's hook
    /// cannot make the revealer pay for more. A failed payment is kept as a claim for the bidder instead.
    /// ETH: a contract receiver's code runs on this (plus the 2,300 stipend). ERC-20: a plain transfer to a
    /// new holder costs about 30,000; the rest leaves room for proxied and hooked tokens.
    uint256 private constant ETH_PUSH_GAS = 30_000;
    uint256 private constant TOKEN_PUSH_GAS = 60_000;
    /// @dev Gas for each of the house's own `balanceOf` reads around a token push (a cold read costs ~2,600).
    uint256 private constant BALANCE_QUERY_GAS = 10_000;
    /// @dev What a push costs the caller around the forwarded gas (cold accounts, value transfer) with a margin.
    uint256 private constant PUSH_CALL_OVERHEAD = 12_000;
    /// @dev Gas a reveal must have left before a push, so every capped call gets its whole cap (63/64 rule).
    uint256 private constant ETH_PUSH_NEEDED = ETH_PUSH_GAS + ETH_PUSH_GAS / 63 + PUSH_CALL_OVERHEAD;
    uint256 private constant TOKEN_PUSH_NEEDED =
        (TOKEN_PUSH_GAS + 2 * BALANCE_QUERY_GAS) + (TOKEN_PUSH_GAS + 2 * BALANCE_QUERY_GAS) / 63 + PUSH_CALL_OVERHEAD;
    /// @dev Longest sealed opening {commitSelfOpening} accepts. A tlock (drand) ciphertext of the 64-byte opening
    /// (amount and salt) is 417 bytes binary, 633 armored; 2,048 leaves room for the armored form, a longer payload
    /// and another scheme, and bounds what one commitment makes every indexer and auditor store and try to decrypt.
    /// The committer pays for every byte (calldata and log, ~24 gas a byte), so the bound is not about gas.
    uint256 private constant MAX_SEALED_OPENING = 2048;
    /// @dev ERC-165 interface ids that must not pass as an ERC-20 (rule 12).
    bytes4 private constant ERC721_INTERFACE = 0x80ac58cd;
    bytes4 private constant ERC1155_INTERFACE = 0xd9b67a26;

    // Schedule.flags (immutable bits, then state bits)
    uint8 private constant F_ETH = 1;
    uint8 private constant F_FIRST_PRICE = 2;
    uint8 private constant F_SEALED = 4;
    uint8 private constant F_RESERVE_OPENED = 8;
    uint8 private constant F_CANCELLED = 16;

    // Outcome.status
    uint8 private constant S_EXISTS = 1; // keeps slot 1 non-zero from creation
    uint8 private constant S_SETTLED = 2;
    uint8 private constant S_LOT_CLAIMED = 4;
    uint8 private constant S_ETH = 8; // copy of F_ETH, so refunds and proceeds read one slot

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
        address winner; // set at settlement
        uint32 forfeitCount; // over-deposit openings (unopened ones are commitCount - openCount)
        uint8 status;
        uint40 reserveEnd; // sealed reserve: read by reveals only until the reserve is opened
    }

    struct Standing {
        uint112 bestAmount;
        uint112 runnerUp; // second-highest valid bid; the price once settled
        uint32 bestOrder;
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
        if (!eth) _requireERC20(terms.paymentToken);
        uint8 flags = (eth ? F_ETH : 0) | (terms.format == Format.FirstPrice ? F_FIRST_PRICE : 0)
            | (hasSealedReserve ? F_SEALED : 0);
        Auction storage a = _auctions[auctionId];
        a.schedule = Schedule(terms.commitEnd, terms.revealEnd, 0, 0, terms.bond, flags);
        a.outcome = Outcome(address(0), 0, S_EXISTS | (eth ? S_ETH : 0), terms.reserveEnd);
        a.standing = Standing(0, 0, NO_BID);
        a.termsHash = keccak256(abi.encode(terms));
        if (!eth) _paymentToken[auctionId] = terms.paymentToken;

        if (terms.lotKind == LotKind.ERC721) {
            // Owned by the seller before the pull and by the house after it: a token that ignores `from`
            // can neither re-escrow a lot the house holds nor pull someone else's approved token (rule 12).
            address owner = _ownerOf(terms.lotToken, terms.lotAmountOrId);
            if (owner != msg.sender) revert LotNotOwnedBySeller(terms.lotToken, terms.lotAmountOrId, owner);
            // ERC-721 requires ERC-165: hybrids (ERC-404) and pre-standard NFTs pass the ownership checks but may
            // not deliver, or may move another auction's lot when used as an ERC-20 elsewhere.
            if (!_supportsInterface(terms.lotToken, ERC721_INTERFACE)) revert NotAnERC721(terms.lotToken);
            IERC721(terms.lotToken).transferFrom(msg.sender, address(this), terms.lotAmountOrId);
            if (_ownerOf(terms.lotToken, terms.lotAmountOrId) != address(this)) {
                revert LotNotEscrowed(terms.lotToken, terms.lotAmountOrId);
            }
        } else {
            _requireERC20(terms.lotToken);
            _pullToken(terms.lotToken, terms.lotAmountOrId);
            // An NFT without ERC-165 passes for "N units": caught by now holding token id N.
            if (_ownerOf(terms.lotToken, terms.lotAmountOrId) == address(this)) revert NotAnERC20(terms.lotToken);
        }
        uint256 reserveBond = hasSealedReserve ? terms.bond : 0;
        if (eth) {
            if (msg.value != reserveBond) revert PaymentMismatch(reserveBond, msg.value);
        } else {
            if (msg.value != 0) revert PaymentMismatch(0, msg.value);
            if (reserveBond != 0) _pullToken(terms.paymentToken, reserveBond);
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
    function commit(uint256 auctionId, bytes32 commitment, uint256 deposit) external payable nonReentrant {
        _commit(auctionId, commitment, deposit, 0);
    }

    /// @inheritdoc IAuctionHouse
    function commitHidden(uint256 auctionId, bytes32 commitment) external payable nonReentrant {
        _commit(auctionId, commitment, 0, HIDDEN_MARK);
        emit DepositHidden(auctionId);
    }

    /// @inheritdoc IAuctionHouse
    function commitHiddenSelfOpening(uint256 auctionId, bytes32 commitment, bytes calldata sealedOpening)
        external
        payable
        nonReentrant
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
        nonReentrant
    {
        _recommit(auctionId, current, commitment, addedDeposit);
    }

    /// @inheritdoc IAuctionHouse
    /// @dev The ciphertext is only logged: nothing of it is stored, and nothing here can check that it decrypts
    /// to this commitment's opening (a bid whose ciphertext does not simply does not open itself).
    function commitSelfOpening(uint256 auctionId, bytes32 commitment, uint256 deposit, bytes calldata sealedOpening)
        external
        payable
        nonReentrant
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
    ) external payable nonReentrant {
        _requireSealedOpeningLength(sealedOpening.length);
        _recommit(auctionId, current, commitment, addedDeposit);
        emit SelfOpeningAttached(auctionId, msg.sender, sealedOpening);
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
        _positions[auctionId][msg.sender] = _digest(commitment, deposit, order) ^ mark;
        emit BidCommitted(auctionId, msg.sender, commitment, deposit, order);
    }

    function _recommit(uint256 auctionId, Position calldata current, bytes32 commitment, uint256 addedDeposit) private {
        Schedule memory s = _auctions[auctionId].schedule;
        _requireCommitting(auctionId, s);
        uint256 mark =
            _requireSealed(auctionId, msg.sender, _digest(current.commitment, current.deposit, current.order));
        if (commitment == 0) revert ZeroCommitment();
        uint256 deposit = current.deposit + addedDeposit;
        if (deposit > MAX_AMOUNT) revert AmountTooLarge(deposit);
        _receivePayment(auctionId, s.flags, addedDeposit);

        // A hidden position stays hidden: the new commitment's vault is found from its own salt at opening.
        _positions[auctionId][msg.sender] = _digest(commitment, deposit, current.order) ^ mark;
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
            uint256 digest = _digest(_commitment(auctionId, bidder, amount, salt), deposit, order);
            uint256 stored = _positions[auctionId][bidder];
            if (stored != digest) {
                if (stored & DIGEST_FLAG == 0) revert NoSealedCommitment(auctionId, bidder);
                if (stored != digest ^ HIDDEN_MARK) revert OpeningMismatch(auctionId, bidder);
                // A hidden deposit: what its vault holds now counts as deposit (interaction under the guard).
                deposit = _openVault(auctionId, s.flags, bidder, salt, deposit);
            }
        }
        a.schedule.openCount = s.openCount + 1;

        uint256 owed;
        bool valid = amount <= deposit;
        if (!valid) {
            // Opening above the deposit would be a free exit: it forfeits the bond like not opening (rule 4).
            owed = deposit - s.bond;
            a.outcome.forfeitCount += 1;
        } else {
            Standing memory st = a.standing;
            // Rule 5 and the leader's position exactly as {_leads} and {_heldAsLeader} state them for the batch;
            // written out here because calling them costs every reveal ~70 gas with this compiler.
            if (amount > st.bestAmount || (amount == st.bestAmount && order < st.bestOrder)) {
                // The displaced leader can never win now; its deposit stays held until settlement.
                _storeStanding(a, Standing(uint112(amount), st.bestAmount, uint32(order)));
                _positions[auctionId][bidder] = (order << ORDER_SHIFT) | deposit;
                emit BidRevealed(auctionId, bidder, amount, salt, true);
                return;
            }
            if (amount > st.runnerUp) a.standing.runnerUp = uint112(amount);
            owed = deposit;
        }

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
        bool standingMoved;
        uint256 forfeits;
        // Refunds to push once every state change is made, one word each: (entry index << 128) | amount.
        uint256 refunds;
        uint256 refundsEnd;
        assembly ("memory-safe") {
            refunds := mload(0x40)
            refundsEnd := refunds
            mstore(0x40, add(refunds, shl(5, openings.length)))
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
                uint256 digest = _digest(_commitment(auctionId, bidder, amount, salt), deposit, order);
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
            } else if (_leads(amount, order, st)) {
                (st.bestAmount, st.runnerUp, st.bestOrder) = (uint112(amount), st.bestAmount, uint32(order));
                standingMoved = true;
                held = _heldAsLeader(deposit, order); // the displaced leader stays held until settlement
            } else {
                if (amount > st.runnerUp) {
                    st.runnerUp = uint112(amount);
                    standingMoved = true;
                }
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
        if (opened != 0) _storeOpenCount(a, s.openCount + opened);
        if (forfeits != 0) a.outcome.forfeitCount += uint32(forfeits);
        if (standingMoved) _storeStanding(a, st);

        for (uint256 r = refunds; r < refundsEnd;) {
            uint256 refund;
            address bidder;
            assembly ("memory-safe") {
                refund := mload(r)
                bidder := calldataload(add(openings.offset, mul(shr(128, refund), 0xa0)))
                r := add(r, 0x20)
            }
            uint256 owed = refund & MAX_AMOUNT;
            if (!_tryPay(auctionId, s.flags, bidder, owed)) {
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
        if (_reserveCommitment(terms.seller, terms.reserveNonce, reserve, salt) != terms.sealedReserveCommitment) {
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
        if (block.timestamp < s.revealEnd && (s.openCount != s.commitCount || reservePending)) {
            revert RevealsOutstanding(auctionId, s.commitCount - s.openCount, reservePending);
        }

        Standing memory st = a.standing;
        uint256 effectiveReserve = terms.floorReserve;
        if (reserveOpened) {
            uint256 opened = _openedReserve[auctionId];
            if (opened > effectiveReserve) effectiveReserve = opened;
        }
        address winner;
        uint256 price;
        if (st.bestOrder != NO_BID && st.bestAmount >= effectiveReserve) {
            uint256 held = _positions[auctionId][leader];
            if (held & DIGEST_FLAG != 0 || held >> ORDER_SHIFT != st.bestOrder) revert NotLeader(auctionId, leader);
            winner = leader;
            if (s.flags & F_FIRST_PRICE != 0) {
                price = st.bestAmount;
            } else {
                price = st.runnerUp > effectiveReserve ? st.runnerUp : effectiveReserve;
            }
            // The winner's deposit (>= its bid >= price) now holds only its change.
            _positions[auctionId][winner] = (held & MAX_AMOUNT) - price;
        }
        uint256 forfeited = uint256(s.commitCount) - s.openCount + o.forfeitCount + (reserveWithheld ? 1 : 0);
        uint256 burned = forfeited * s.bond;

        a.outcome = Outcome(winner, o.forfeitCount, o.status | S_SETTLED, o.reserveEnd);
        a.standing.runnerUp = uint112(price);
        uint256 proceeds = price + (reserveOpened ? s.bond : 0);
        if (proceeds != 0) _proceeds[auctionId][terms.seller] = proceeds;
        emit AuctionSettled(auctionId, winner, price, effectiveReserve, burned);
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
        address owner = o.winner == address(0) ? terms.seller : o.winner;
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
        uint8 status = o.status;
        // The price is paid once the lot has left the house: a seller that blocks its own lot (a frozen or
        // paused collection) cannot keep the winner's money.
        if (status & S_LOT_CLAIMED == 0 && o.winner != address(0)) revert LotNotDelivered(auctionId);
        _proceeds[auctionId][msg.sender] = 0;
        _pay(auctionId, status & S_ETH != 0, recipient, amount);
        emit ProceedsWithdrawn(auctionId, msg.sender, recipient, amount);
    }

    /// @inheritdoc IAuctionHouse
    function withdrawRefund(uint256 auctionId, address recipient) external nonReentrant {
        uint256 held = _positions[auctionId][msg.sender];
        if (held == 0 || held & DIGEST_FLAG != 0) revert NothingToWithdraw(auctionId, msg.sender);
        if (recipient == address(0)) revert ZeroRecipient();
        uint8 status = _auctions[auctionId].outcome.status;
        if (held >> ORDER_SHIFT != 0 && status & S_SETTLED == 0) {
            revert RefundHeldUntilSettlement(auctionId, msg.sender);
        }
        uint256 owed = held & MAX_AMOUNT;
        _positions[auctionId][msg.sender] = 0;
        _pay(auctionId, status & S_ETH != 0, recipient, owed);
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
        _requireSealed(auctionId, msg.sender, _digest(position.commitment, position.deposit, position.order));
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
        (address vault, uint256 amount, uint256 eth) = _sweepVault(auctionId, s.flags, msg.sender, salt);
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
        return s.openCount == s.commitCount ? Phase.AwaitingSettlement : Phase.Revealing;
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
            openCount: s.openCount,
            forfeitCount: o.forfeitCount,
            bestAmount: st.bestAmount,
            runnerUp: st.runnerUp,
            bestOrder: st.bestOrder,
            settled: o.status & S_SETTLED != 0,
            winner: o.winner,
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
        if (value & DIGEST_FLAG != 0) return (PositionStatus.Sealed, value);
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
        return _commitment(auctionId, bidder, amount, salt);
    }

    /// @inheritdoc IAuctionHouse
    function reserveCommitmentOf(address seller, uint256 nonce, uint256 reserve, bytes32 salt)
        external
        view
        returns (bytes32)
    {
        return _reserveCommitment(seller, nonce, reserve, salt);
    }

    /// @inheritdoc IAuctionHouse
    function reserveNonceOf(address seller) external view returns (uint256) {
        return _reserveNonces[seller];
    }

    /// @inheritdoc IAuctionHouse
    function positionDigest(bytes32 commitment, uint256 deposit, uint256 order) external pure returns (uint256) {
        return _digest(commitment, deposit, order);
    }

    /// @inheritdoc IAuctionHouse
    function vaultOf(uint256 auctionId, address bidder, bytes32 salt) external view returns (address) {
        return Vaults.addressOf(auctionId, bidder, salt, _paymentToken[auctionId]);
    }

    /// @inheritdoc IAuctionHouse
    function hiddenPositionDigest(bytes32 commitment, uint256 deposit, uint256 order) external pure returns (uint256) {
        return _digest(commitment, deposit, order) ^ HIDDEN_MARK;
    }

    /// @inheritdoc IAuctionHouse
    function hashTerms(AuctionTerms calldata terms) external pure returns (bytes32) {
        return keccak256(abi.encode(terms));
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev Rule 2: keccak256(abi.encode(chainId, address(this), auctionId, bidder, amount, salt)).
    function _commitment(uint256 auctionId, address bidder, uint256 amount, bytes32 salt)
        private
        view
        returns (bytes32)
    {
        return _hash6(auctionId, uint256(uint160(bidder)), amount, salt);
    }

    /// @dev Rule 6: keccak256(abi.encode(chainId, address(this), seller, nonce, reserve, salt)). The seller
    /// comes before the nonce, where a bid has the auction id before the bidder: the two coincide only for a seller
    /// whose address equals an auction id and a bidder whose address equals the nonce, accounts nobody holds.
    function _reserveCommitment(address seller, uint256 nonce, uint256 reserve, bytes32 salt)
        private
        view
        returns (bytes32)
    {
        return _hash6(uint256(uint160(seller)), nonce, reserve, salt);
    }

    /// @dev keccak256(abi.encode(chainId, address(this), w2, w3, w4, w5)).
    function _hash6(uint256 w2, uint256 w3, uint256 w4, bytes32 w5) private view returns (bytes32 c) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, chainid())
            mstore(add(m, 0x20), address())
            mstore(add(m, 0x40), w2)
            mstore(add(m, 0x60), w3)
            mstore(add(m, 0x80), w4)
            mstore(add(m, 0xa0), w5)
            c := keccak256(m, 0xc0)
        }
    }

    /// @dev keccak256(abi.encode(commitment, deposit, order)) with the top bit set.
    function _digest(bytes32 commitment, uint256 deposit, uint256 order) private pure returns (uint256 d) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, commitment)
            mstore(add(m, 0x20), deposit)
            mstore(add(m, 0x40), order)
            d := or(keccak256(m, 0x60), DIGEST_FLAG)
        }
    }

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
    function _leads(uint256 amount, uint256 order, Standing memory st) private pure returns (bool) {
        return amount > st.bestAmount || (amount == st.bestAmount && order < st.bestOrder);
    }

    /// @dev A leading bid's position: its whole deposit, held until settlement, tagged with its commit order so
    /// that {settle} can check the leader a caller names (rule 14) and {withdrawRefund} waits for settlement.
    function _heldAsLeader(uint256 deposit, uint256 order) private pure returns (uint256) {
        return (order << ORDER_SHIFT) | deposit;
    }

    /// @dev `a.schedule.openCount = openCount` for the batch: one read-modify-write of slot 0, where openCount is
    /// bits 112..143 (after commitEnd and revealEnd, 40 bits each, and commitCount, 32). Written out so that
    /// {reveal} keeps its inlined update: a second use of the compiler's helper turns it into a call there.
    function _storeOpenCount(Auction storage a, uint256 openCount) private {
        Schedule storage target = a.schedule;
        assembly ("memory-safe") {
            let slot := target.slot
            sstore(slot, or(and(sload(slot), not(shl(112, 0xffffffff))), shl(112, openCount)))
        }
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

    /// @dev Writes the whole standing slot (bestAmount bits 0..111, runnerUp 112..223, bestOrder 224..255) with one
    /// store: a struct assignment updates it field by field, three read-modify-writes of the same slot.
    function _storeStanding(Auction storage a, Standing memory st) private {
        Standing storage target = a.standing;
        uint256 packed = uint256(st.bestAmount) | (uint256(st.runnerUp) << 112) | (uint256(st.bestOrder) << 224);
        assembly ("memory-safe") {
            sstore(target.slot, packed)
        }
    }

    /// @dev Checks that `bidder`'s unopened position is `digest`, plain or hidden; returns its mark (0 or HIDDEN_MARK).
    function _requireSealed(uint256 auctionId, address bidder, uint256 digest) private view returns (uint256 mark) {
        uint256 stored = _positions[auctionId][bidder];
        if (stored & DIGEST_FLAG == 0) revert NoSealedCommitment(auctionId, bidder);
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
        (address vault, uint256 collateral, uint256 eth) = _sweepVault(auctionId, flags, bidder, salt);
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

    /// @dev Deploys `bidder`'s vault for `salt`, which hands the house what it holds and self-destructs, and measures
    /// what arrived by the house's own balances, around the sweep only: `amount` in the payment asset and, in an
    /// ERC-20-paid auction, `eth`. A token transfer that fails or lies moves (and credits) what it actually moves.
    /// The caller holds the reentrancy guard, so a token hook cannot act on the house mid-sweep; the house has no
    /// receive function, so only the vault's self-destruct (or another one) can add ETH, and nothing can take any.
    function _sweepVault(uint256 auctionId, uint8 flags, address bidder, bytes32 salt)
        private
        returns (address vault, uint256 amount, uint256 eth)
    {
        if (flags & F_ETH != 0) {
            if (gasleft() < Vaults.ETH_SWEEP_NEEDED) revert InsufficientGasForVault(gasleft(), Vaults.ETH_SWEEP_NEEDED);
            uint256 before = address(this).balance;
            (vault,) = Vaults.sweep(auctionId, bidder, salt, address(0));
            amount = address(this).balance - before;
        } else {
            if (gasleft() < Vaults.TOKEN_SWEEP_NEEDED) {
                revert InsufficientGasForVault(gasleft(), Vaults.TOKEN_SWEEP_NEEDED);
            }
            address token = _paymentToken[auctionId];
            (bool read, uint256 before) = _balanceOfHouse(token);
            if (!read) revert TokenBalanceUnreadable(token);
            uint256 ethBefore = address(this).balance;
            (vault,) = Vaults.sweep(auctionId, bidder, salt, token);
            eth = address(this).balance - ethBefore;
            (bool readAfter, uint256 afterwards) = _balanceOfHouse(token);
            if (!readAfter) revert TokenBalanceUnreadable(token);
            amount = afterwards > before ? afterwards - before : 0;
        }
    }

    function _receivePayment(uint256 auctionId, uint8 flags, uint256 amount) private {
        if (flags & F_ETH != 0) {
            if (msg.value != amount) revert PaymentMismatch(amount, msg.value);
        } else {
            if (msg.value != 0) revert PaymentMismatch(0, msg.value);
            if (amount != 0) _pullToken(_paymentToken[auctionId], amount);
        }
    }

    /// @dev Rule 12: an ERC-20 lot or payment token has code and does not report ERC-721 or ERC-1155.
    function _requireERC20(address token) private view {
        if (token.code.length == 0) revert NotAContract(token);
        if (_supportsInterface(token, ERC721_INTERFACE) || _supportsInterface(token, ERC1155_INTERFACE)) {
            revert NotAnERC20(token);
        }
    }

    /// @dev ERC-165 query with capped gas; anything but a 32-byte `true` is "no".
    function _supportsInterface(address token, bytes4 interfaceId) private view returns (bool yes) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, shl(224, 0x01ffc9a7)) // supportsInterface(bytes4)
            mstore(add(m, 0x04), interfaceId)
            let ok := staticcall(30000, token, m, 0x24, 0, 0x20)
            yes := and(ok, and(gt(returndatasize(), 0x1f), eq(mload(0), 1)))
        }
    }

    /// @dev `ownerOf(tokenId)`, or address(0) when the call fails or returns no address (e.g. not an ERC-721).
    function _ownerOf(address token, uint256 tokenId) private view returns (address owner) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, shl(224, 0x6352211e)) // ownerOf(uint256)
            mstore(add(m, 0x04), tokenId)
            let ok := staticcall(gas(), token, m, 0x24, 0, 0x20)
            if and(ok, gt(returndatasize(), 0x1f)) {
                owner := and(mload(0), 0xffffffffffffffffffffffffffffffffffffffff)
            }
        }
    }

    /// @dev Pulls `amount` of `token` from the caller and rejects tokens that deliver any other amount.
    function _pullToken(address token, uint256 amount) private {
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert TransferAmountMismatch(token, amount, received);
    }

    function _sendLot(AuctionTerms calldata terms, address recipient) private {
        if (terms.lotKind == LotKind.ERC721) {
            IERC721(terms.lotToken).safeTransferFrom(address(this), recipient, terms.lotAmountOrId);
        } else {
            _sendToken(terms.lotToken, recipient, terms.lotAmountOrId);
        }
    }

    /// @dev Sends `amount` of `token` and requires the house's balance to drop by exactly that (rule 11): a token
    /// that charges the sender on `transfer` only would otherwise pay this claim out of other auctions' funds.
    function _sendToken(address token, address recipient, uint256 amount) private {
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransfer(recipient, amount);
        uint256 afterwards = IERC20(token).balanceOf(address(this));
        uint256 sent = afterwards > before ? 0 : before - afterwards;
        if (sent != amount) revert TransferAmountMismatch(token, amount, sent);
    }

    /// @dev Pays a recipient the caller chose; any failure reverts the caller's own claim.
    function _pay(uint256 auctionId, bool eth, address recipient, uint256 amount) private {
        if (eth) {
            bool ok;
            assembly ("memory-safe") {
                ok := call(gas(), recipient, amount, 0, 0, 0, 0)
            }
            if (!ok) revert EthTransferFailed(recipient, amount);
        } else {
            _sendToken(_paymentToken[auctionId], recipient, amount);
        }
    }

    /// @dev Pays a bidder inside someone's reveal with capped gas (rule 13); returns false instead of reverting.
    /// The caller must leave enough gas for every cap, or a revealer could starve the push on purpose. A token
    /// payment counts by the house's balance, not the token's return value: a token that moves the funds and
    /// returns false is paid (not paid twice later), one that moves nothing is deferred, and one that moves
    /// any other amount reverts the reveal rather than take it from other auctions (rule 11).
    function _tryPay(uint256 auctionId, uint8 flags, address bidder, uint256 amount) private returns (bool ok) {
        if (flags & F_ETH != 0) {
            if (gasleft() < ETH_PUSH_NEEDED) revert InsufficientGasForRefund(gasleft(), ETH_PUSH_NEEDED);
            assembly ("memory-safe") {
                ok := call(ETH_PUSH_GAS, bidder, amount, 0, 0, 0, 0)
            }
            return ok;
        }
        if (gasleft() < TOKEN_PUSH_NEEDED) revert InsufficientGasForRefund(gasleft(), TOKEN_PUSH_NEEDED);
        address token = _paymentToken[auctionId];
        (bool read, uint256 before) = _balanceOfHouse(token);
        if (!read) return false;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, shl(224, 0xa9059cbb)) // transfer(address,uint256); the outcome is read from balances
            mstore(add(m, 0x04), bidder)
            mstore(add(m, 0x24), amount)
            pop(call(TOKEN_PUSH_GAS, token, 0, m, 0x44, 0, 0))
        }
        (bool readAfter, uint256 afterwards) = _balanceOfHouse(token);
        if (!readAfter) revert TokenBalanceUnreadable(token);
        uint256 sent = afterwards > before ? 0 : before - afterwards;
        if (sent == amount) return true;
        if (sent != 0) revert TransferAmountMismatch(token, amount, sent);
    }

    /// @dev The house's balance of `token`, read with capped gas; (false, 0) when the read fails.
    function _balanceOfHouse(address token) private view returns (bool ok, uint256 held) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, shl(224, 0x70a08231)) // balanceOf(address)
            mstore(add(m, 0x04), address())
            ok := staticcall(BALANCE_QUERY_GAS, token, m, 0x24, 0, 0x20)
            ok := and(ok, gt(returndatasize(), 0x1f))
            if ok { held := mload(0) }
        }
    }
}
