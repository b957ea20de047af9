// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IHouseErrors} from "./IHouseErrors.sol";

/// @title Types, events and errors of the k-unit house
/// @notice Declared apart from {IKUnitAuctionHouse}'s functions so that the house and its annex ({KUnitAnnex},
/// which runs some of the house's functions by DELEGATECALL) share them; the house's ABI is {IKUnitAuctionHouse}.
interface IKUnitAuctionHouseTypes is IHouseErrors {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice Pricing rule.
    enum Format {
        UniformPrice, // every winner pays max(highest losing valid bid, effective reserve)
        PayAsBid // every winner pays its own bid
    }

    /// @notice What the k units are.
    enum LotKind {
        ERC1155, // k copies of one id: one copy per unit
        ERC20 // an amount split into k equal units
    }

    /// @notice Where an auction stands (the same phases as the single-item house).
    enum Phase {
        None,
        Committing,
        OpeningReserve,
        Revealing,
        AwaitingSettlement,
        Settled,
        Cancelled
    }

    /// @notice What the contract holds for one bidder.
    enum PositionStatus {
        None, // nothing: never committed, or fully paid out
        Sealed, // an unopened commitment: `value` is its position digest
        Owed, // `value` is owed to the bidder now ({withdrawRefund}): a refund that could not be pushed
        Ranked, // in the top set: `value` is its deposit, held; a winner after settlement ({claimUnit})
        Displaced // pushed out of the top set: `value` is its deposit, refundable now ({withdrawRefund})
    }

    /// @notice Everything fixed at creation. Stored as one hash; emitted whole in {AuctionCreated}.
    struct AuctionTerms {
        address seller; // must be the creator
        LotKind lotKind;
        address lotToken;
        uint256 lotId; // ERC-1155 id; 0 for an ERC-20 lot
        uint256 lotAmount; // ERC-1155: the copies escrowed, equal to `units`; ERC-20: the amount, a multiple of `units`
        uint16 units; // k: 1..MAX_UNITS
        address paymentToken; // address(0) = ETH
        Format format;
        uint40 commitEnd; // commits allowed while block.timestamp < commitEnd
        uint40 reserveEnd; // sealed reserve: opened while commitEnd <= now < reserveEnd, before any bid; else 0
        uint40 revealEnd; // bids opened while now < revealEnd
        uint104 bond; // minimum deposit; forfeited and burned by an unopened or over-deposit commitment
        uint112 floorReserve; // public reserve per unit, 0 = none
        bytes32 sealedReserveCommitment; // 0 = none; else keccak256(abi.encode(chainId, house, seller, reserveNonce, reserve, salt))
        uint64 reserveNonce; // sealed reserve: the seller's {reserveNonceOf} at creation; else 0
    }

    /// @notice A bidder's unopened commitment as recorded by {BidCommitted}: its preimage of the stored digest.
    struct Position {
        bytes32 commitment;
        uint256 deposit;
        uint256 order;
    }

    /// @notice One opening: a bidder's amount and salt, its position as last emitted in {BidCommitted}, and the
    /// hint: the node slot of the top-set member that will rank just below this bid when it is opened (0: none).
    struct Opening {
        address bidder;
        uint256 amount;
        bytes32 salt;
        uint256 deposit;
        uint256 order;
        uint256 hint;
    }

    /// @notice Decoded auction state, for views.
    struct AuctionState {
        Phase phase;
        bytes32 termsHash;
        uint40 commitEnd;
        uint40 reserveEnd;
        uint40 revealEnd;
        uint104 bond;
        bool ethPayment;
        Format format;
        bool sealedReserve;
        bool reserveOpened;
        uint112 openedReserve;
        uint32 commitCount;
        uint32 openCount;
        uint32 forfeitCount; // over-deposit openings
        uint16 units; // k
        uint16 unitsFree; // k - members of the top set; after settlement the units unsold
        uint16 head; // node slot of the lowest member
        uint112 headAmount; // its amount: the lowest winning bid so far
        uint112 threshold; // max(effective reserve, highest valid bid outside the set)
        bool settled;
        uint112 price; // uniform price, set at settlement (0 for pay-as-bid)
        uint128 releasedProceeds; // paid by delivered units (and the opened reserve bond), not yet withdrawn
        bool unsoldClaimed;
    }

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice An auction was created and its k units (and sealed-reserve bond, if any) escrowed.
    event AuctionCreated(uint256 indexed auctionId, address indexed seller, AuctionTerms terms);

    /// @notice The seller cancelled before any commitment; the units and any reserve bond went to `recipient`.
    event AuctionCancelled(uint256 indexed auctionId, address recipient);

    /// @notice A bidder committed, topped up or replaced its commitment. `deposit` is the new total.
    event BidCommitted(
        uint256 indexed auctionId, address indexed bidder, bytes32 commitment, uint256 deposit, uint256 order
    );

    /// @notice The commitment `bidder` just made carries its opening timelock-encrypted to the time bids may be
    /// opened (rule 16), so anyone can open it from then on. The house cannot check `sealedOpening`: one that does
    /// not decrypt to the commitment's opening only means the bid does not open itself.
    event SelfOpeningAttached(uint256 indexed auctionId, address indexed bidder, bytes sealedOpening);

    /// @notice A commitment was opened. `valid` is false when amount > deposit (the bond is forfeited, the rest
    /// refunded). `slot` is the node slot the bid took in the top set (0: it did not enter, and was refunded in
    /// this transaction unless {RefundDeferred} follows); `displaced` is the commit order of the member it pushed
    /// out (0: none), whose deposit became refundable at once.
    event BidRevealed(
        uint256 indexed auctionId,
        address indexed bidder,
        uint256 amount,
        bytes32 salt,
        bool valid,
        uint256 slot,
        uint256 displaced
    );

    /// @notice Paying a refund inside a reveal failed; the bidder claims it with {withdrawRefund}.
    event RefundDeferred(uint256 indexed auctionId, address indexed bidder, uint256 amount);

    /// @notice The {BidCommitted} emitted right before this event (log index − 1, same transaction, same auction)
    /// is a hidden-deposit commitment (rule 16): its deposit is the only public part (the bond, plus any top-up),
    /// and the rest of its collateral sits in the bid's vault ({vaultOf}), which its opening sweeps ({VaultSwept}).
    /// The same event as the single-item house's.
    event DepositHidden(uint256 indexed auctionId);

    /// @notice Opening a hidden-deposit bid swept its vault (emitted right before its {BidRevealed}). `collateral`
    /// (payment asset, by how much the house's balance grew) was added to the bid's deposit, so the bid is valid
    /// when amount <= deposit + collateral, and its top-set entry, refund or held deposit includes it.
    event VaultSwept(uint256 indexed auctionId, address indexed bidder, address vault, uint256 collateral);

    /// @notice The sweep just reported by {VaultSwept} also brought what the bid cannot count, kept for the bidder
    /// and paid by {recoverVault}: `amount` of the payment asset beyond the house's 112-bit amounts, and `ethAmount`
    /// ETH that reached the vault of an ERC-20-paid auction. Emitted only when one of them is not zero.
    event VaultSetAside(uint256 indexed auctionId, address indexed bidder, uint256 amount, uint256 ethAmount);

    /// @notice After the auction, `bidder` swept its vault again and took what it held plus anything set aside:
    /// `amount` in the payment asset, `ethAmount` ETH of an ERC-20-paid auction (0 in an ETH-paid one).
    event VaultRecovered(
        uint256 indexed auctionId,
        address indexed bidder,
        address vault,
        address recipient,
        uint256 amount,
        uint256 ethAmount
    );

    /// @notice The sealed reserve was opened.
    event ReserveRevealed(uint256 indexed auctionId, uint256 reserve, bytes32 salt);

    /// @notice The outcome was fixed: the top set's members won `unitsSold` units. `price` is the uniform price
    /// (0 for pay-as-bid, where each winner pays its bid, stated in {UnitClaimed}). `burned` is the total of
    /// forfeited bonds.
    event AuctionSettled(
        uint256 indexed auctionId, uint256 unitsSold, uint256 price, uint256 effectiveReserve, uint256 burned
    );

    /// @notice A winner claimed its unit: the unit and its change (deposit − `price`) went to `recipient`, and
    /// `price` was released to the seller.
    event UnitClaimed(uint256 indexed auctionId, address indexed bidder, address recipient, uint256 price);

    /// @notice The seller delivered a winner's unit to the winner; `price` was released to the seller and the
    /// winner's change (deposit − `price`) is held as its refund.
    event UnitDelivered(uint256 indexed auctionId, address indexed winner, uint256 price);

    /// @notice The seller took back the units that did not sell.
    event UnsoldClaimed(uint256 indexed auctionId, address recipient, uint256 units);

    /// @notice The seller took the proceeds released so far (prices of delivered units, its opened reserve bond).
    event ProceedsWithdrawn(uint256 indexed auctionId, address indexed seller, address recipient, uint256 amount);

    /// @notice A bidder took what it was owed of its deposit.
    event RefundWithdrawn(uint256 indexed auctionId, address indexed bidder, address recipient, uint256 amount);

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    // Also the shared rules' errors, from {IHouseErrors}: TransferAmountMismatch, TokenBalanceUnreadable,
    // EthTransferFailed, InsufficientGasForRefund, NotAContract, NotAnERC20.

    /// @notice Thrown when no auction has this id.
    error AuctionNotFound(uint256 auctionId);
    /// @notice Thrown when the auction is not in a phase that allows the call.
    error UnexpectedPhase(uint256 auctionId, Phase current);
    /// @notice Thrown when a sealed reserve's nonce is not the seller's next one ({reserveNonceOf}), or a nonce is
    /// given without a sealed reserve.
    error ReserveNonceMismatch(uint256 expected, uint256 given);
    /// @notice Thrown when the caller is not the seller.
    error NotSeller(address caller, address seller);
    /// @notice Thrown when windows are not now < commitEnd < revealEnd, with commitEnd < reserveEnd < revealEnd for
    /// a sealed reserve and reserveEnd = 0 otherwise.
    error InvalidWindows(uint256 commitEnd, uint256 reserveEnd, uint256 revealEnd);
    /// @notice Thrown when the bond is zero: not revealing must cost something (rule 4).
    error BondIsZero();
    /// @notice Thrown when `units` is 0 or above {MAX_UNITS}.
    error InvalidUnits(uint256 units, uint256 maxUnits);
    /// @notice Thrown when the lot is not k units: no token, an ERC-1155 amount other than `units`, an ERC-20 amount
    /// that is 0 or not a multiple of `units`, or an ERC-20 lot with an id.
    error InvalidLot();
    /// @notice Thrown when calldata terms do not hash to the auction's terms.
    error TermsMismatch(uint256 auctionId);
    /// @notice Thrown when a bidder commits a second time with {commit}; use {recommit}.
    error AlreadyCommitted(uint256 auctionId, address bidder);
    /// @notice Thrown when a commitment is zero.
    error ZeroCommitment();
    /// @notice Thrown when a self-opening commitment carries no ciphertext or more than the house accepts.
    error SealedOpeningLength(uint256 length, uint256 maxLength);
    /// @notice Thrown when a deposit is below the auction's bond.
    error DepositBelowBond(uint256 deposit, uint256 bond);
    /// @notice Thrown when an amount does not fit the contract's 112-bit amounts.
    error AmountTooLarge(uint256 amount);
    /// @notice Thrown when an auction already has as many commitments as commit orders can number.
    error TooManyCommitments(uint256 auctionId);
    /// @notice Thrown when the ETH sent is not the amount stated (or ETH is sent to an ERC-20 auction).
    error PaymentMismatch(uint256 expected, uint256 sent);
    /// @notice Thrown when an ERC-1155 lot's copies did not all arrive in escrow from the seller's own balance.
    error LotNotEscrowed(address token, uint256 id, uint256 expected, uint256 received);
    /// @notice Thrown when an ERC-1155 lot's contract does not report ERC-1155 by ERC-165.
    error NotAnERC1155(address token);
    /// @notice Thrown when ERC-1155 tokens arrive that the house did not pull itself at creation.
    error UnexpectedERC1155Transfer(address operator);
    /// @notice Thrown when the bidder has no unopened commitment in this auction.
    error NoSealedCommitment(uint256 auctionId, address bidder);
    /// @notice Thrown when (amount, salt, deposit, order) do not hash to the bidder's stored commitment.
    error OpeningMismatch(uint256 auctionId, address bidder);
    /// @notice Thrown when a hint is so stale (or wrong) that placing the bid would walk more than 16 members of the
    /// top set: nothing changed; retry with a hint computed from the current set.
    error HintTooFar(uint256 auctionId, uint256 hint);
    /// @notice Thrown when the auction has no sealed reserve.
    error NoSealedReserve(uint256 auctionId);
    /// @notice Thrown when the sealed reserve was already opened.
    error ReserveAlreadyRevealed(uint256 auctionId);
    /// @notice Thrown when a bid is opened before the sealed reserve is open and before `reserveEnd` (rule 6).
    error ReserveNotYetOpened(uint256 auctionId, uint256 reserveEnd);
    /// @notice Thrown when (reserve, salt) do not hash to the sealed-reserve commitment.
    error ReserveOpeningMismatch(uint256 auctionId);
    /// @notice Thrown when the seller tries to cancel after the first commitment.
    error HasCommitments(uint256 auctionId, uint256 commitCount);
    /// @notice Thrown when settling early while commitments or the sealed reserve are unopened.
    error RevealsOutstanding(uint256 auctionId, uint256 unopenedCommitments, bool reserveUnopened);
    /// @notice Thrown when the account did not win a unit, or already claimed it.
    error NotWinner(uint256 auctionId, address account);
    /// @notice Thrown when the unsold units were already claimed, or none are left.
    error NoUnsoldUnits(uint256 auctionId);
    /// @notice Thrown when nothing is owed to this account.
    error NothingToWithdraw(uint256 auctionId, address account);
    /// @notice Thrown when a bid in the top set withdraws before settlement: it may still win a unit.
    error RefundHeldUntilSettlement(uint256 auctionId, address bidder);
    /// @notice Thrown when a winner asks for a refund: its unit and change come with {claimUnit}.
    error WinnerClaimsUnit(uint256 auctionId, address bidder);
    /// @notice Thrown when a recipient is the zero address.
    error ZeroRecipient();
}

/// @title Credible sealed-bid auctions of k identical units
/// @notice Commit-reveal auctions of k units, each bidder winning at most one (unit demand): k copies of one
/// ERC-1155 id, or an ERC-20 amount split into k equal units, paid in ETH or an ERC-20. The k highest valid bids
/// at or above the effective reserve win; ties go to the earlier commitment. Uniform price: every winner pays
/// max(highest losing valid bid, effective reserve), the (k+1)-th price. Pay-as-bid: each winner pays its bid.
/// Reserve none, public floor or sealed (opened before any bid). Unsold units go back to the seller. Nobody
/// holds a privileged key; forfeited bonds are burned. See CREDIBILITY.md ("Formats", k units).
///
/// While bids are opened the house keeps the standing top set (see `TopSet`): each opening carries a hint, the
/// node slot of the member that will rank just below it, computed off-chain from the logs (lib/auction.ts
/// `TopSetModel`). A correct hint makes an opening O(1); a stale one walks at most 16 members or reverts with
/// {HintTooFar}, and the client retries with a fresh hint. Settlement reads three words, whatever k and n.
///
/// Displaced bids: a bid pushed out of the top set can never win again (the set only moves up). The house does
/// not push its refund inside the displacing reveal (that would let a displaced bidder's receiver make other
/// bidders' reveals fail or pay for its gas); its deposit is held as a claim its bidder may withdraw at once with
/// {withdrawRefund}, before or after settlement.
interface IKUnitAuctionHouse is IKUnitAuctionHouseTypes {
    /*//////////////////////////////////////////////////////////////
                               FUNCTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Creates an auction and escrows its k units from the caller, who must own them (rule 12): an
    /// ERC-1155 (by ERC-165) whose `lotAmount` = `units` copies must all arrive, or an ERC-20 amount that is a
    /// multiple of `units` and must arrive exactly. With a sealed reserve the caller also deposits the bond; the
    /// reserve commitment binds `terms.reserveNonce`, which must be the seller's {reserveNonceOf} (rule 6).
    function create(AuctionTerms calldata terms) external payable returns (uint256 auctionId);

    /// @notice Cancels an auction that has no commitment yet, sending the units and any reserve bond to `recipient`.
    function cancel(uint256 auctionId, AuctionTerms calldata terms, address recipient) external;

    /// @notice Commits a hidden bid for one unit with a deposit (≥ bond; ETH in `msg.value` or pulled by
    /// allowance). The deposit is public: an upper bound on the bid that everyone can see.
    function commit(uint256 auctionId, bytes32 commitment, uint256 deposit) external payable;

    /// @notice {commit}, carrying the opening timelock-encrypted to the time bids may be opened (rule 16), emitted
    /// in {SelfOpeningAttached}. Costs the bidder calldata and a log, nothing in storage. `sealedOpening` must be
    /// 1 to 2,048 bytes ({SealedOpeningLength}, as in the single-item house); the house cannot check it.
    function commitSelfOpening(uint256 auctionId, bytes32 commitment, uint256 deposit, bytes calldata sealedOpening)
        external
        payable;

    /// @notice Commits a bid for one unit with a hidden deposit (rule 16), as the single-item house's
    /// `commitHidden`: the caller posts exactly the bond (ETH in `msg.value` or pulled by allowance) and sends the
    /// rest of its collateral, from any account at any time before the bid is opened, to its vault
    /// {vaultOf}(auctionId, bidder, salt). Emits {BidCommitted} (deposit = bond) then {DepositHidden}. The bid
    /// opens with {reveal} or {revealMany} like any other (its stored digest is {hiddenPositionDigest}); opening
    /// sweeps the vault ({VaultSwept}) first, so validity (amount <= bond + swept collateral), the top-set entry,
    /// the refund and the held deposit all use that effective deposit. ETH sent to the vault in the transaction
    /// that opens it, after the sweep, is destroyed with the vault (EIP-6780); ETH or payment tokens arriving at
    /// any other time are never lost ({recoverVault}). {recommit} keeps a hidden position hidden.
    function commitHidden(uint256 auctionId, bytes32 commitment) external payable;

    /// @notice {commitHidden} carrying the opening timelock-encrypted ({commitSelfOpening}): the opening holds the
    /// salt, which is all anyone needs to find and sweep the vault. Emits {BidCommitted}, {DepositHidden},
    /// {SelfOpeningAttached}.
    function commitHiddenSelfOpening(uint256 auctionId, bytes32 commitment, bytes calldata sealedOpening)
        external
        payable;

    /// @notice After the auction (settled, cancelled or past its reveal window), sweeps the caller's vault for
    /// (auctionId, caller, salt) again and sends `recipient` what it held plus anything set aside at its opening
    /// ({VaultSetAside}): funds that reached the vault after its sweep, or the vault of a bid never opened (or never
    /// committed). Only the bidder: the vault is derived from the caller. Reverts {NothingToWithdraw} when there
    /// is nothing to send.
    function recoverVault(uint256 auctionId, bytes32 salt, address recipient) external;

    /// @notice Replaces the caller's commitment and/or adds to its deposit during the commit window. `current` is
    /// the caller's standing commitment as last emitted in {BidCommitted}; the commit order is kept.
    function recommit(uint256 auctionId, Position calldata current, bytes32 commitment, uint256 addedDeposit)
        external
        payable;

    /// @notice {recommit}, carrying the new commitment's sealed opening.
    function recommitSelfOpening(
        uint256 auctionId,
        Position calldata current,
        bytes32 commitment,
        uint256 addedDeposit,
        bytes calldata sealedOpening
    ) external payable;

    /// @notice Opens `bidder`'s commitment; anyone holding the amount and salt may call (rule 8), once the sealed
    /// reserve is open or its window has passed (rule 6). A valid bid that enters the top set is held there (it
    /// may push out the lowest member, whose deposit becomes refundable at once); a valid bid that does not enter,
    /// and an over-deposit opening (less its bond), is refunded now with a capped push, else kept as a claim.
    /// `hint` is the node slot of the member that will rank just below the bid (0: none); see {HintTooFar}.
    function reveal(
        uint256 auctionId,
        address bidder,
        uint256 amount,
        bytes32 salt,
        uint256 deposit,
        uint256 order,
        uint256 hint
    ) external;

    /// @notice Opens many commitments of one auction, each exactly as {reveal} would, in the order given (compute
    /// each hint on the set left by the entries before it). An entry that is already open, never committed, does
    /// not match its position or has a hint too stale to place is skipped: no entry's data reverts the batch, with one
    /// exception: a hidden-deposit entry is matched, then its vault swept ({InsufficientGasForVault} if the batch
    /// is short of the sweep's gas), and only then can its hint be checked; a stale hint there reverts the batch
    /// ({HintTooFar}), since the swept collateral must not be left unaccounted. A duplicate is skipped before any
    /// sweep. Like {reveal}, the batch reverts with {InsufficientGasForRefund} when it leaves a refund push less
    /// than its cap.
    /// Returns how many entries were opened.
    function revealMany(uint256 auctionId, Opening[] calldata openings) external returns (uint256 opened);

    /// @notice Opens the sealed reserve from commitEnd until reserveEnd, before any bid can be opened (rule 6).
    /// Anyone holding the salt may call.
    function revealReserve(uint256 auctionId, AuctionTerms calldata terms, uint256 reserve, bytes32 salt) external;

    /// @notice Fixes the outcome: anyone, after the reveal window or once everything is opened. Reads three words
    /// whatever k and the number of bidders, and moves nothing: the top set's members are the winners.
    function settle(uint256 auctionId, AuctionTerms calldata terms) external;

    /// @notice Sends the caller's unit to `recipient` with its change (deposit − price), the caller being a winner;
    /// releases the price to the seller. A recipient that refuses the unit or the change fails only this claim.
    function claimUnit(uint256 auctionId, address recipient) external;

    /// @notice The seller delivers a winner's unit to the winner itself (so that the price is released when a
    /// winner does not claim); the winner's change stays held as its refund ({withdrawRefund}).
    function deliverUnit(uint256 auctionId, AuctionTerms calldata terms, address winner) external;

    /// @notice Sends the seller the units that did not sell, after settlement.
    function claimUnsold(uint256 auctionId, AuctionTerms calldata terms, address recipient) external;

    /// @notice Sends the seller the proceeds released so far: the price of every delivered unit and, after
    /// settlement, its opened reserve bond. A unit's price is released when the unit leaves the house, so a seller
    /// who freezes its own token cannot keep winners' money.
    function withdrawProceeds(uint256 auctionId, AuctionTerms calldata terms, address recipient) external;

    /// @notice Sends a bidder what the contract holds for it of an opened deposit: a refund its reveal could not
    /// push, a displaced bid's deposit (at once, before or after settlement), or a winner's change once the seller
    /// delivered its unit. A bid still in the top set is held until settlement, and then wins ({claimUnit}).
    function withdrawRefund(uint256 auctionId, address recipient) external;

    /// @notice After the reveal window, returns an unopened commitment's deposit less the forfeited bond.
    function withdrawUnrevealed(uint256 auctionId, Position calldata position, address recipient) external;

    /// @notice The id the next auction will get.
    function nextAuctionId() external view returns (uint256);

    /// @notice Where the auction stands now.
    function phaseOf(uint256 auctionId) external view returns (Phase);

    /// @notice Everything the contract stores about an auction, decoded.
    function auctionState(uint256 auctionId) external view returns (AuctionState memory);

    /// @notice What the contract holds for `bidder`.
    function positionOf(uint256 auctionId, address bidder) external view returns (PositionStatus status, uint256 value);

    /// @notice The top set from its lowest member up: node slots, commit orders and amounts. O(k): for clients
    /// without logs, and tests. Until claims start: a claimed winner's node is cleared, which ends the walk there
    /// (the remaining entries are zero).
    function topSet(uint256 auctionId)
        external
        view
        returns (uint256[] memory slots, uint256[] memory orders, uint256[] memory amounts);

    /// @notice The hint {reveal} needs now for a bid of `amount` with commit `order` (0 if it would rank lowest or
    /// not enter). O(k): for clients without logs; lib/auction.ts computes the same from logs.
    function hintFor(uint256 auctionId, uint256 amount, uint256 order) external view returns (uint256);

    /// @notice Rule 2: the commitment of `bidder` bidding `amount` with `salt` in this auction.
    function commitmentOf(uint256 auctionId, address bidder, uint256 amount, bytes32 salt)
        external
        view
        returns (bytes32);

    /// @notice Rule 6: the sealed-reserve commitment of `seller` to `reserve` with `salt` under `nonce`.
    function reserveCommitmentOf(address seller, uint256 nonce, uint256 reserve, bytes32 salt)
        external
        view
        returns (bytes32);

    /// @notice How many sealed-reserve auctions `seller` has created here: the nonce its next one must state.
    function reserveNonceOf(address seller) external view returns (uint256);

    /// @notice The digest stored for an unopened commitment with this deposit and order.
    function positionDigest(bytes32 commitment, uint256 deposit, uint256 order) external pure returns (uint256);

    /// @notice The vault of `bidder`'s hidden deposit opened with `salt` in this auction (lib/vault.ts computes it
    /// off chain, the same derivation as the single-item house's with this house's address).
    function vaultOf(uint256 auctionId, address bidder, bytes32 salt) external view returns (address);

    /// @notice The digest stored for an unopened hidden-deposit commitment: {positionDigest} with its lowest bit
    /// flipped (a different value for the same preimage, so an opening knows which kind it opens).
    function hiddenPositionDigest(bytes32 commitment, uint256 deposit, uint256 order) external pure returns (uint256);

    /// @notice The hash under which an auction's terms are stored.
    function hashTerms(AuctionTerms calldata terms) external pure returns (bytes32);
}
