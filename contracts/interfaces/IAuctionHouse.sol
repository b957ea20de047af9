// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IHouseErrors} from "./IHouseErrors.sol";

/// @title Credible sealed-bid auctions
/// @notice Commit-reveal auctions of one ERC-721 token or an ERC-20 amount, paid in ETH or an ERC-20:
/// second price (Vickrey) or first price, with no, public or sealed reserve. Nobody holds a privileged key:
/// no owner, admin, pause, upgrade or fee exists. Forfeited bonds are burned (kept forever, claimable by no
/// one), so neither the seller nor any bidder can recoup them. See CREDIBILITY.md in the repository.
interface IAuctionHouse is IHouseErrors {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice Pricing rule.
    enum Format {
        SecondPrice,
        FirstPrice
    }

    /// @notice What is being sold.
    enum LotKind {
        ERC721,
        ERC20
    }

    /// @notice Where an auction stands, from chain time and its state.
    enum Phase {
        None, // no such auction
        Committing, // before commitEnd: commit, top up or replace; the seller may cancel while no commitment exists
        OpeningReserve, // sealed reserve only, from commitEnd until it is opened or reserveEnd: no bid opens yet
        Revealing, // until revealEnd: open bids
        AwaitingSettlement, // reveal window over (or everything opened early): anyone may settle
        Settled, // outcome fixed: claims open
        Cancelled // cancelled before any commitment: lot and reserve bond returned
    }

    /// @notice What the contract holds for one bidder.
    enum PositionStatus {
        None, // nothing: never committed, or fully paid out
        Sealed, // an unopened commitment: `value` is its position digest
        Held // opened: `value` is what the contract holds for the bidder (a bid that led: its deposit until settlement)
    }

    /// @notice Everything fixed at creation. Stored as one hash; functions that need it take it as calldata,
    /// and it is emitted whole in {AuctionCreated}.
    struct AuctionTerms {
        address seller; // must be the creator
        LotKind lotKind;
        address lotToken;
        uint256 lotAmountOrId; // ERC-721 token id, or ERC-20 amount
        address paymentToken; // address(0) = ETH
        Format format;
        uint40 commitEnd; // commits allowed while block.timestamp < commitEnd
        uint40 reserveEnd; // sealed reserve: opened while commitEnd <= now < reserveEnd, before any bid; else 0
        uint40 revealEnd; // bids opened while now < revealEnd, from commitEnd (or once the sealed reserve is settled)
        uint104 bond; // minimum deposit; forfeited and burned by an unopened or over-deposit commitment
        uint112 floorReserve; // public reserve, 0 = none
        bytes32 sealedReserveCommitment; // 0 = none; else keccak256(abi.encode(chainId, house, seller, reserveNonce, reserve, salt))
        uint64 reserveNonce; // sealed reserve: the seller's {reserveNonceOf} at creation; else 0
    }

    /// @notice A bidder's unopened commitment as recorded by {BidCommitted}: its preimage of the stored digest.
    struct Position {
        bytes32 commitment;
        uint256 deposit; // total deposit
        uint256 order; // 1-based order of the bidder's first commitment; ties go to the lower order
    }

    /// @notice One entry of a batch opening ({revealMany}): a bidder's opening and its position as last
    /// emitted in {BidCommitted}.
    struct Opening {
        address bidder;
        uint256 amount;
        bytes32 salt;
        uint256 deposit;
        uint256 order;
    }

    /// @notice Decoded auction state, for views.
    struct AuctionState {
        Phase phase;
        bytes32 termsHash;
        uint40 commitEnd;
        uint40 reserveEnd; // 0 without a sealed reserve
        uint40 revealEnd;
        uint104 bond;
        bool ethPayment;
        Format format;
        bool sealedReserve;
        bool reserveOpened;
        uint112 openedReserve;
        uint32 commitCount;
        uint32 openCount;
        uint32 forfeitCount;
        uint112 bestAmount; // highest valid bid so far
        uint112 runnerUp; // second-highest valid bid; after settlement the price
        uint32 bestOrder; // commit order of the highest valid bidder (see {BidCommitted}); type(uint32).max if none
        bool settled;
        address winner; // set at settlement; address(0) if unsold
        bool lotClaimed;
    }

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice An auction was created and its lot (and sealed-reserve bond, if any) escrowed.
    event AuctionCreated(uint256 indexed auctionId, address indexed seller, AuctionTerms terms);

    /// @notice The seller cancelled before any commitment; the lot and any reserve bond went to `recipient`.
    event AuctionCancelled(uint256 indexed auctionId, address recipient);

    /// @notice A bidder committed, topped up or replaced its commitment. `deposit` is the new total.
    event BidCommitted(
        uint256 indexed auctionId, address indexed bidder, bytes32 commitment, uint256 deposit, uint256 order
    );

    /// @notice The commitment `bidder` just made carries its opening timelock-encrypted to the time bids may be
    /// opened (rule 16), so anyone can open it from then on. The house cannot check `sealedOpening`: one that
    /// does not decrypt to the commitment's opening only means the bid does not open itself.
    event SelfOpeningAttached(uint256 indexed auctionId, address indexed bidder, bytes sealedOpening);

    /// @notice The {BidCommitted} emitted right before this event (log index − 1, same transaction, same auction)
    /// is a hidden-deposit commitment (rule 16): its deposit is the only public part (the bond, plus any top-up),
    /// and the rest of its collateral sits in the bid's vault ({vaultOf}), which its opening sweeps ({VaultSwept}).
    /// The bidder is that {BidCommitted}'s (left out here to keep a hidden commit within 1,000 gas of a plain one).
    event DepositHidden(uint256 indexed auctionId);

    /// @notice Opening a hidden-deposit bid swept its vault (emitted right before its {BidRevealed}). `collateral`
    /// (payment asset, by how much the house's balance grew) was added to the bid's deposit, so the bid is valid
    /// when amount <= deposit + collateral, and its refund or held deposit includes it.
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

    /// @notice A commitment was opened. `valid` is false when amount > deposit: the bond is forfeited and the
    /// rest of the deposit refunded. A bid that does not lead is refunded in the same transaction, unless
    /// {RefundDeferred} follows; a bid that leads is held while it leads: the opening that displaces it refunds it
    /// in the same transaction (a {RefundDeferred} naming it follows if that push failed), and settlement pays
    /// the last one's change.
    event BidRevealed(uint256 indexed auctionId, address indexed bidder, uint256 amount, bytes32 salt, bool valid);

    /// @notice Paying a refund inside someone's reveal or settlement failed; the bidder claims it with
    /// {withdrawRefund}.
    event RefundDeferred(uint256 indexed auctionId, address indexed bidder, uint256 amount);

    /// @notice The sealed reserve was opened.
    event ReserveRevealed(uint256 indexed auctionId, uint256 reserve, bytes32 salt);

    /// @notice The outcome was fixed. `winner` is address(0) when unsold. `burned` is the total of forfeited bonds.
    event AuctionSettled(
        uint256 indexed auctionId, address indexed winner, uint256 price, uint256 effectiveReserve, uint256 burned
    );

    /// @notice The lot went to its owner (the winner, or the seller if unsold), sent to `recipient`: by {claimLot},
    /// or delivered by {settle} (in its transaction, `recipient` = `owner`).
    event LotClaimed(uint256 indexed auctionId, address indexed owner, address recipient);

    /// @notice The seller was paid the price and its opened reserve bond: by {withdrawProceeds}, or pushed by
    /// {settle} (in its transaction, `recipient` = `seller`).
    event ProceedsWithdrawn(uint256 indexed auctionId, address indexed seller, address recipient, uint256 amount);

    /// @notice A bidder was paid what it was owed of its deposit: by {withdrawRefund} or {withdrawUnrevealed}, or
    /// the standing leader's refund (the winner's change) pushed by {settle} (in its transaction, `recipient` =
    /// `bidder`).
    event RefundWithdrawn(uint256 indexed auctionId, address indexed bidder, address recipient, uint256 amount);

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    // Also the shared rules' errors, from {IHouseErrors}: TransferAmountMismatch, TokenBalanceUnreadable,
    // EthTransferFailed, InsufficientGasForRefund, NotAContract, NotAnERC20.

    /// @notice Thrown when a self-opening commitment carries no ciphertext or more than the house accepts.
    error SealedOpeningLength(uint256 length, uint256 maxLength);
    /// @notice Thrown when no auction has this id.
    error AuctionNotFound(uint256 auctionId);
    /// @notice Thrown when the auction is not in a phase that allows the call.
    error UnexpectedPhase(uint256 auctionId, Phase current);
    /// @notice Thrown when a sealed reserve's nonce is not the seller's next one ({reserveNonceOf}), or a
    /// nonce is given without a sealed reserve.
    error ReserveNonceMismatch(uint256 expected, uint256 given);
    /// @notice Thrown when the caller is not the seller.
    error NotSeller(address caller, address seller);
    /// @notice Thrown when windows are not now < commitEnd < revealEnd, with commitEnd < reserveEnd < revealEnd
    /// for a sealed reserve and reserveEnd = 0 otherwise.
    error InvalidWindows(uint256 commitEnd, uint256 reserveEnd, uint256 revealEnd);
    /// @notice Thrown when the bond is zero: not revealing must cost something (rule 4).
    error BondIsZero();
    /// @notice Thrown when an ERC-721 lot has no token or an ERC-20 lot has no amount.
    error InvalidLot();
    /// @notice Thrown when calldata terms do not hash to the auction's terms.
    error TermsMismatch(uint256 auctionId);
    /// @notice Thrown when a bidder commits a second time with {commit}; use {recommit}.
    error AlreadyCommitted(uint256 auctionId, address bidder);
    /// @notice Thrown when a commitment is zero.
    error ZeroCommitment();
    /// @notice Thrown when a deposit is below the auction's bond.
    error DepositBelowBond(uint256 deposit, uint256 bond);
    /// @notice Thrown when an amount does not fit the contract's 112-bit amounts.
    error AmountTooLarge(uint256 amount);
    /// @notice Thrown when the ETH sent is not the amount stated (or ETH is sent to an ERC-20 auction).
    error PaymentMismatch(uint256 expected, uint256 sent);
    /// @notice Thrown when an ERC-721 lot did not arrive in escrow.
    error LotNotEscrowed(address token, uint256 tokenId);
    /// @notice Thrown when the seller does not own the ERC-721 lot before escrow (or the token has no `ownerOf`).
    error LotNotOwnedBySeller(address token, uint256 tokenId, address owner);
    /// @notice Thrown when an ERC-721 lot's contract does not report ERC-721 by ERC-165, as the standard requires:
    /// hybrids and pre-standard NFTs pass ownership checks but cannot be relied on to deliver.
    error NotAnERC721(address token);
    /// @notice Thrown when the seller withdraws the price of a sold lot that has not left the house yet: the
    /// seller (or the winner) delivers it first, so that a seller who blocks its own lot cannot keep the price.
    error LotNotDelivered(uint256 auctionId);
    /// @notice Thrown when the bidder has no unopened commitment in this auction.
    error NoSealedCommitment(uint256 auctionId, address bidder);
    /// @notice Thrown when (amount, salt, deposit, order) do not hash to the bidder's stored commitment.
    error OpeningMismatch(uint256 auctionId, address bidder);
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
    /// @notice Thrown when the caller does not own the lot's claim.
    error NotLotOwner(uint256 auctionId, address caller, address owner);
    /// @notice Thrown when the lot was already claimed.
    error LotAlreadyClaimed(uint256 auctionId);
    /// @notice Thrown when nothing is owed to this account.
    error NothingToWithdraw(uint256 auctionId, address account);
    /// @notice Thrown when a bid that led at some point withdraws before settlement: it may be paying the price.
    error RefundHeldUntilSettlement(uint256 auctionId, address bidder);
    /// @notice Thrown when settling a sold auction with an address that is not the highest valid bidder.
    error NotLeader(uint256 auctionId, address account);
    /// @notice Thrown when a recipient is the zero address.
    error ZeroRecipient();
    /// @notice Thrown when anyone but the house calls {pushTokenFromHouse}.
    error OnlyHouse(address caller);

    /*//////////////////////////////////////////////////////////////
                               FUNCTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Creates an auction and escrows its lot from the caller, who must own it (rule 12). With a sealed
    /// reserve the caller also deposits the bond (as ETH `msg.value` or by token allowance); the reserve
    /// commitment binds `terms.reserveNonce`, which must be the seller's {reserveNonceOf}: only the seller's own
    /// sealed-reserve creations move it, so no third party can make this call fail (rule 6).
    function create(AuctionTerms calldata terms) external payable returns (uint256 auctionId);

    /// @notice Cancels an auction that has no commitment yet, sending the lot and any reserve bond to `recipient`.
    function cancel(uint256 auctionId, AuctionTerms calldata terms, address recipient) external;

    /// @notice Commits a hidden bid with a deposit (≥ bond; ETH in `msg.value` or pulled by allowance). The
    /// deposit is public: it is an upper bound on the bid that everyone can see.
    function commit(uint256 auctionId, bytes32 commitment, uint256 deposit) external payable;

    /// @notice Commits a bid with a hidden deposit (rule 16): the caller posts exactly the bond (ETH in `msg.value`
    /// or pulled by allowance), and sends the rest of its collateral, by a plain transfer of the payment asset from
    /// any account at any time before the bid is opened, to its vault {vaultOf}(auctionId, bidder, salt), an
    /// address nobody can compute or link to the bid without the bid's salt. Emits {BidCommitted} (deposit = bond)
    /// then {DepositHidden}. The bid opens with {reveal} or {revealMany} like any other (its stored digest is
    /// {hiddenPositionDigest}); opening sweeps the vault ({VaultSwept}) and the bid is valid when
    /// amount <= bond + swept collateral. ETH sent to the vault in the transaction that opens it, after the sweep,
    /// is destroyed with the vault (EIP-6780); ETH or payment tokens arriving at any other time are never lost
    /// ({recoverVault}). Any other asset sent to a vault is the sender's problem: the vault moves only ETH and
    /// the auction's payment token. {recommit} keeps a hidden position hidden.
    function commitHidden(uint256 auctionId, bytes32 commitment) external payable;

    /// @notice {commitHidden} carrying the opening timelock-encrypted ({commitSelfOpening}): the opening holds the
    /// salt, which is all anyone needs to find and sweep the vault. Emits {BidCommitted}, {DepositHidden},
    /// {SelfOpeningAttached}.
    function commitHiddenSelfOpening(uint256 auctionId, bytes32 commitment, bytes calldata sealedOpening)
        external
        payable;

    /// @notice After the auction (settled, cancelled or past its reveal window), sweeps the caller's vault for
    /// (auctionId, caller, salt) again and sends `recipient` what it held plus anything set aside at its opening
    /// ({VaultSwept}): funds that reached the vault after its sweep, or the vault of a bid never opened (or never
    /// committed). Only the bidder: the vault is derived from the caller. Reverts {NothingToWithdraw} when there
    /// is nothing to send.
    function recoverVault(uint256 auctionId, bytes32 salt, address recipient) external;

    /// @notice Replaces the caller's commitment and/or adds to its deposit during the commit window.
    /// `current` is the caller's standing commitment as last emitted in {BidCommitted}.
    function recommit(uint256 auctionId, Position calldata current, bytes32 commitment, uint256 addedDeposit)
        external
        payable;

    /// @notice {commit}, carrying the opening timelock-encrypted to the time bids may be opened (rule 16),
    /// emitted in {SelfOpeningAttached} right after {BidCommitted}. Costs the bidder calldata and a log, nothing in
    /// storage. `sealedOpening` must be 1 to 2,048 bytes ({SealedOpeningLength}); the house cannot check it.
    function commitSelfOpening(uint256 auctionId, bytes32 commitment, uint256 deposit, bytes calldata sealedOpening)
        external
        payable;

    /// @notice {recommit}, carrying the new commitment's sealed opening (a replaced commitment's earlier
    /// ciphertext no longer matches).
    function recommitSelfOpening(
        uint256 auctionId,
        Position calldata current,
        bytes32 commitment,
        uint256 addedDeposit,
        bytes calldata sealedOpening
    ) external payable;

    /// @notice Opens many commitments of one auction in one transaction, exactly as {reveal} would one by one in
    /// array order (same standing, same events, same refunds; anyone may call, rule 8). An entry that is already
    /// open, never committed or does not match its bidder's position (any field, or another auction's, chain's or
    /// bidder's opening, or a duplicate) is skipped, never reverting the batch. What would make every {reveal}
    /// revert (phase, a sealed reserve still pending) reverts the batch. All {BidRevealed} come first, in array
    /// order; the refunds are pushed after every state change, and a failed push is followed by its
    /// {RefundDeferred}. Every push needs its full gas cap left, so too low a gas limit reverts the whole batch
    /// ({InsufficientGasForRefund}). A hidden-deposit entry ({commitHidden}, deposit = the bond) sweeps its vault
    /// when it matches, as {reveal} does, and needs the sweep's gas too ({InsufficientGasForVault}); a duplicate is
    /// skipped before any sweep. Returns how many entries were opened.
    function revealMany(uint256 auctionId, Opening[] calldata openings) external returns (uint256 opened);

    /// @notice Opens `bidder`'s commitment; anyone holding the amount and salt may call (rule 8). With a sealed
    /// reserve, only once it is open or `reserveEnd` has passed (rule 6). A bid that cannot win any more is
    /// refunded in full at once (a push with capped gas; if it fails, a claim); an over-deposit opening is
    /// refunded less the bond. A hidden-deposit bid ({commitHidden}) is opened the same way, with the deposit its
    /// {BidCommitted} reported: its vault is swept first ({VaultSwept}) and what arrived counts as deposit.
    function reveal(uint256 auctionId, address bidder, uint256 amount, bytes32 salt, uint256 deposit, uint256 order)
        external;

    /// @notice Opens the sealed reserve from commitEnd until reserveEnd, before any bid can be opened (rule 6).
    /// Anyone holding the salt may call.
    function revealReserve(uint256 auctionId, AuctionTerms calldata terms, uint256 reserve, bytes32 salt) external;

    /// @notice Fixes the outcome and delivers it: anyone, after the reveal window or once everything is opened. O(1).
    /// `leader` is the bidder whose commit order is `bestOrder` (from {BidCommitted}); it is checked against the
    /// leader the reveals recorded, and ignored when the auction does not sell. Then, each with capped gas, it
    /// pushes the lot to its owner ({LotClaimed}), the standing leader's refund (the winner's change, or a leader
    /// below the reserve's whole deposit; {RefundWithdrawn}) and the seller's proceeds once a sold lot has left
    /// ({ProceedsWithdrawn}). A push that fails (a reverting, gas-burning or non-receiving winner or seller, a
    /// frozen collection, a hostile token) leaves its owner the claim instead; settlement itself never fails for
    /// it. Sent with too little gas for every cap, it reverts ({InsufficientGasForDelivery},
    /// {InsufficientGasForRefund}).
    function settle(uint256 auctionId, AuctionTerms calldata terms, address leader) external;

    /// @notice Sends the lot to `recipient`. Its owner may call (the winner, or the seller if unsold), and so may
    /// the seller of a sold lot with the winner as `recipient` (delivery, which releases the proceeds).
    function claimLot(uint256 auctionId, AuctionTerms calldata terms, address recipient) external;

    /// @notice Sends the seller the price and its opened reserve bond; for a sold lot, once the lot has left the
    /// house (claimed by the winner or delivered by the seller).
    function withdrawProceeds(uint256 auctionId, address recipient) external;

    /// @notice Sends a bidder what the contract holds for it of an opened deposit, when a push failed: a bid that
    /// does not lead is refunded in its reveal, a displaced leader in the reveal that displaces it, the standing
    /// leader at settlement (in full, or as the winner's change, deposit − price). The standing leader's deposit
    /// is held until settlement ({RefundHeldUntilSettlement}).
    function withdrawRefund(uint256 auctionId, address recipient) external;

    /// @notice Only the house itself may call this ({OnlyHouse}): a capped token push in a call frame of its own,
    /// so that a token moving a wrong amount reverts that frame alone and the payment becomes a claim, instead of
    /// reverting a settlement or someone's reveal. Returns whether the push was paid in full.
    function pushTokenFromHouse(address token, address to, uint256 amount) external returns (bool);

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

    /// @notice The seller's proceeds credited at settlement and not yet withdrawn.
    function proceedsOf(uint256 auctionId, address seller) external view returns (uint256);

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

    /// @notice How many sealed-reserve auctions `seller` has created: the nonce its next one must state.
    function reserveNonceOf(address seller) external view returns (uint256);

    /// @notice The digest stored for an unopened commitment with this deposit and order.
    function positionDigest(bytes32 commitment, uint256 deposit, uint256 order) external pure returns (uint256);

    /// @notice The vault of `bidder`'s hidden deposit opened with `salt` in this auction (lib/vault.ts computes it
    /// off chain). It reveals nothing: computing it takes the salt, the bid's secret.
    function vaultOf(uint256 auctionId, address bidder, bytes32 salt) external view returns (address);

    /// @notice The digest stored for an unopened hidden-deposit commitment: {positionDigest} with its lowest bit
    /// flipped (a different value for the same preimage, so an opening knows which kind it opens).
    function hiddenPositionDigest(bytes32 commitment, uint256 deposit, uint256 order) external pure returns (uint256);

    /// @notice The hash under which an auction's terms are stored.
    function hashTerms(AuctionTerms calldata terms) external pure returns (bytes32);
}
