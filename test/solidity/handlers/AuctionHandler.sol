// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm, vm} from "../utils/Vm.sol";
import {AuctionHouse} from "../../../contracts/AuctionHouse.sol";
import {IAuctionHouse} from "../../../contracts/interfaces/IAuctionHouse.sol";
import {IHouseErrors} from "../../../contracts/interfaces/IHouseErrors.sol";
import {MockERC20} from "../../../contracts/test/MockERC20.sol";
import {MockERC721} from "../../../contracts/test/MockERC721.sol";
import {NonTransferringERC721} from "../../../contracts/test/NonTransferringERC721.sol";
import {BidderContract} from "../../../contracts/test/BidderContract.sol";
import {GasBurningHookERC20} from "../../../contracts/test/GasBurningHookERC20.sol";

/// @notice Drives one AuctionHouse through random but mostly valid sequences: creates (ETH or ERC-20 payment,
/// ERC-721 or ERC-20 lot, sealed reserve sometimes, with the seller's nonce; some sealed creates are prepared
/// first and submitted later, after other sellers' creates and cancels), commits (some copying another bidder's
/// commitment), recommits with top-ups, reveals (valid or over-deposit, by the bidder or a third party; tried in
/// the reserve window too, where they must revert with ReserveNotYetOpened and change nothing), batch openings
/// (revealMany of random entries: genuine, repeated, copied, wrong or foreign ones, which must be skipped), reserve reveals in
/// the window (tried late too, where they must fail: the reserve is then withheld), time warps, cancels to a
/// chosen recipient, settles (which deliver the lot, the leader's refund and the proceeds) and every fallback
/// claim, by a fixed set of actors. Two actors are BidderContract instances: actor 4 always rejects ETH and refuses
/// ERC-721s; actor 5 toggles rejecting ETH and refusing ERC-721s. So refunds pushed in reveals (a displaced leader's
/// included) and settlement's pushes get deferred, and the lot, refund and proceeds claims stay reachable. The
/// payment token's receipts by actor 3 can burn gas (a receiver hook): over the 60,000 push cap it burns the whole
/// cap and its pushed refunds and proceeds get deferred too. (ETH receivers that burn all gas are exercised in
/// SettlementDelivery.t.sol: here a claim paid to one with uncapped gas would burn the whole test's gas.)
///
/// It keeps ghost accounting of what the house owes per asset (deposits held, proceeds owed, reserve bonds,
/// escrowed lots) and of burned bonds, updated with the amounts the rules say should move, and it measures what
/// each call actually moved (every actor's balance around reveals and settlements, so pushes to a displaced leader,
/// a winner or a seller are measured, not assumed). Any difference, and any unexpected revert of a valid action or success of an
/// invalid one, is recorded in `violation` for the invariants to report.
contract AuctionHandler {
    uint256 public constant NACTORS = 6;
    uint256 internal constant CONTRACT_ACTOR = 4; // actors 4 and 5 are BidderContracts
    uint256 internal constant ETH = 0;
    uint256 internal constant PAY = 1;
    uint32 internal constant NO_BID = type(uint32).max;
    uint256 internal constant MAX_BID = 6 ether;
    uint256 internal constant NONE = type(uint256).max;
    address public constant OPENER = address(uint160(0x0BE4E4C0DE));

    uint256 internal constant HOOK_ACTOR = 3; // its payment-token receipts may burn gas
    uint256 internal constant HOOK_BURN_OVER_CAP = 100_000; // > the 60,000 push cap: pushes to it fail
    uint256 internal constant HOOK_BURN_UNDER_CAP = 10_000; // a push to it still fits the cap

    AuctionHouse public immutable house;
    GasBurningHookERC20 public immutable payToken;
    MockERC20 public immutable lotToken;
    MockERC721 public immutable nft;
    NonTransferringERC721 public immutable brokenNft;
    uint256 public immutable maxAuctions;

    address[NACTORS] public actors;
    address[NACTORS] public sinks; // where an actor sends its payouts when it cannot take ETH itself

    struct GAuction {
        IAuctionHouse.AuctionTerms terms;
        uint256 id;
        uint256 seller; // actor index
        bool eth;
        bool sealedReserve;
        uint256 reserve;
        bytes32 reserveSalt;
        bool reserveOpened;
        uint256 reserveOpenedSeq; // action sequence number of the reserve opening
        uint256 reserveOpenedAt; // its timestamp
        bool anyBidOpened;
        uint256 firstBidOpenedSeq; // action sequence number of the first successful bid opening
        uint256 firstBidOpenedAt; // its timestamp
        bool cancelled;
        bool settled;
        bool lotClaimed;
        address lotHolder; // who holds the lot once it left escrow
        uint256 commitCount;
        uint256 lastAmount; // for deliberate ties
        // running standing, as the rules define it (a bid that beats the best when opened leads)
        uint256 bestAmount;
        uint256 bestOrder;
        uint256 bestActor;
        // outcome
        bool sold;
        uint256 winner; // actor index, NONE if unsold
        uint256 price;
        uint256 proceeds; // owed to the seller, not yet withdrawn
        bool proceedsWithdrawn;
        // what the house owes for this auction in its payment asset, and what it burned
        uint256 owed;
        uint256 burned;
    }

    struct GBid {
        bool committed;
        bool copied; // committed someone else's commitment: can never be opened by this actor
        bytes32 commitment;
        uint256 amount;
        bytes32 salt;
        uint256 deposit;
        uint256 order;
        bool opened;
        bool valid;
        bool everLed;
        uint256 held; // what withdrawRefund pays
        bool bondBurned;
        bool unrevealedWithdrawn;
        // Hidden deposit (rule 16): the house got the bond only; `deposit` above is bond + collateral, what the
        // opening counts; `collateral` waits in the bid's vault until its opening sweeps it or the bidder recovers it.
        bool hidden;
        uint256 collateral;
        address vault;
        bool vaultEmptied; // swept at the opening, or recovered after the auction
    }

    struct Counts {
        uint256 creates;
        uint256 sealedCreates;
        uint256 commits;
        uint256 copiedCommits;
        uint256 recommits;
        uint256 reveals;
        uint256 overDepositReveals;
        uint256 thirdPartyReveals;
        uint256 deferredRefunds;
        uint256 reserveReveals;
        uint256 warps;
        uint256 cancels;
        uint256 settles;
        uint256 soldSettles;
        uint256 lotClaims;
        uint256 proceedsWithdrawals;
        uint256 refundWithdrawals;
        uint256 unrevealedWithdrawals;
        uint256 probes;
        uint256 redirects; // calls that found nothing to act on and advanced some auction instead
        uint256 preparedCreates; // sealed creates prepared with the seller's nonce, submitted later
        uint256 preparedSubmitted; // ... and submitted after some other seller's create or cancel
        uint256 staleCreates; // prepared creates whose commit window passed before submission (refused)
        uint256 blockedReveals; // bid openings refused while the sealed reserve was pending
        uint256 lateReserveReveals; // reserve openings refused outside the window
        uint256 withheldReserves; // sealed reserves settled unopened
        uint256 redirectedCancels; // cancels to a recipient other than the seller
        uint256 batchReveals; // revealMany calls that went through
        uint256 batchSkips; // entries of those batches the rules say must be skipped
        uint256 hiddenCommits; // commitHidden (bond only, collateral in the bid's vault)
        uint256 vaultSweeps; // hidden bids opened (their vault swept)
        uint256 vaultRecoveries; // vaults of unopened hidden bids recovered after the auction
        uint256 displacedRefunds; // leaders displaced by an opening and refunded in it
        uint256 displacedDeferred; // ... whose push failed (withdrawable at once)
        uint256 lotDeliveries; // lots delivered by settlement
        uint256 leaderRefundPushes; // winners' change (or an unsold leader's deposit) pushed by settlement
        uint256 leaderRefundDeferrals; // ... whose push failed (RefundDeferred at settlement)
        uint256 proceedsPushes; // proceeds pushed by settlement
    }

    GAuction[] internal _auctions;
    mapping(uint256 ai => mapping(uint256 actor => GBid)) internal _bids;

    uint256[2] public owedTotal; // per payment asset (ETH, PAY)
    uint256[2] public burnedTotal;
    uint256 public lotEscrow; // lotToken amount in escrow
    uint256[2] public vaultTotal; // collateral waiting in unswept vaults, per payment asset
    mapping(uint256 actor => uint256[2]) internal _paidIn; // deposits and reserve bonds sent to the house
    mapping(uint256 actor => uint256[2]) internal _received; // measured payouts to the actor's recipients
    mapping(uint256 actor => uint256[2]) internal _priceCredit; // prices of the actor's sold auctions

    Counts internal counts;
    uint256 public violations;
    /// @dev Ghost for rule 6: successful bid openings while the auction's sealed reserve was pending.
    uint256 public bidsOpenedWhileReservePending;
    uint256 internal _seq; // incremented on each state-changing call to the house
    uint256 internal _nextId = 1; // the id the next successful create must get
    uint256[NACTORS] internal _sellerNonce; // each actor's sealed creates so far
    mapping(uint256 actor => GAuction) internal _pending; // a prepared sealed create, not yet submitted
    mapping(uint256 actor => bool) internal _hasPending;
    mapping(uint256 actor => uint256) internal _pendingSince; // other sellers' creates+cancels when prepared
    uint256 internal _createsAndCancels;
    mapping(uint256 actor => uint256) internal _ownActs; // its own creates and cancels
    uint256 internal _pendingCount;
    string public violation;
    uint256 internal _nextTokenId = 1;

    constructor(uint256 maxAuctions_) {
        maxAuctions = maxAuctions_;
        house = new AuctionHouse();
        payToken = new GasBurningHookERC20();
        lotToken = new MockERC20("Lot20", "L20");
        nft = new MockERC721("Lot", "LOT");
        brokenNft = new NonTransferringERC721();
        for (uint256 i; i < NACTORS; ++i) {
            address a;
            if (i < CONTRACT_ACTOR) {
                a = address(uint160(uint256(keccak256(abi.encode("actor", i)))));
            } else {
                BidderContract b = new BidderContract(IAuctionHouse(address(house)));
                b.setRejects(true, i == CONTRACT_ACTOR);
                a = address(b);
            }
            actors[i] = a;
            sinks[i] = address(uint160(uint256(keccak256(abi.encode("sink", i)))));
            vm.label(a, string.concat("actor", _digit(i)));
            vm.prank(a);
            payToken.approve(address(house), type(uint256).max);
        }
        vm.label(address(house), "house");
    }

    /*//////////////////////////////////////////////////////////////
                         ACTIONS (fuzz targets)
    //////////////////////////////////////////////////////////////*/

    function create(uint256 sellerSeed, uint256 kindSeed, uint256 amountSeed, uint256 windowSeed) external {
        if (_auctions.length + _pendingCount >= maxAuctions && !_hasPending[sellerSeed % NACTORS]) {
            return _advance(kindSeed);
        }
        _create(sellerSeed, kindSeed, amountSeed, windowSeed);
    }

    function commit(uint256 auctionSeed, uint256 actorSeed, uint256 amountSeed, uint256 depositSeed) external {
        (bool found, uint256 ai) = _findCommitting(auctionSeed);
        if (!found) return _advance(auctionSeed);
        uint256 a = NONE;
        for (uint256 k; k < NACTORS; ++k) {
            uint256 i = (actorSeed % NACTORS + k) % NACTORS;
            if (!_bids[ai][i].committed) {
                a = i;
                break;
            }
        }
        if (a == NONE) return _advance(auctionSeed);
        _commit(ai, a, amountSeed, depositSeed);
    }

    function recommit(uint256 auctionSeed, uint256 actorSeed, uint256 amountSeed, uint256 addSeed) external {
        (bool found, uint256 ai, uint256 a) = _findBid(auctionSeed, actorSeed, 0);
        if (!found) return _advance(auctionSeed);
        GAuction storage g = _auctions[ai];
        GBid storage b = _bids[ai][a];
        address bidder = actors[a];
        uint256 added = addSeed % 3 == 0 ? 0 : _bound(addSeed >> 8, 0, 2 ether);
        uint256 amount = _bound(amountSeed, 0, MAX_BID);
        if ((amountSeed >> 128) % 4 == 0) amount = g.lastAmount;
        bytes32 salt = keccak256(abi.encode("re", amountSeed, addSeed));
        bytes32 c = _commitmentOf(g.id, bidder, amount, salt);
        if (b.hidden) return _advance(auctionSeed); // a hidden position's recommit is covered by the mocha tests
        IAuctionHouse.Position memory current = IAuctionHouse.Position(b.commitment, b.deposit, b.order);

        uint256 value = _fund(g.eth, a, added);
        uint256 houseBefore = _balance(g.eth, address(house));
        vm.prank(bidder);
        try house.recommit{value: value}(g.id, current, c, added) {}
        catch {
            return _fail("recommit reverted");
        }
        _expectEq(_balance(g.eth, address(house)) - houseBefore, added, "recommit: house received");
        _paidIn[a][_asset(g)] += added;
        b.deposit += added;
        b.commitment = c;
        b.amount = amount;
        b.salt = salt;
        b.copied = false;
        g.lastAmount = amount;
        _addOwed(g, added);
        ++counts.recommits;
    }

    function reveal(uint256 auctionSeed, uint256 actorSeed, uint256 modeSeed) external {
        (bool found, uint256 ai, uint256 a) = _findBid(auctionSeed, actorSeed, 1);
        if (!found && modeSeed % 2 == 0) {
            // Move on to the earliest reveal window that has something to open.
            uint256 t = _earliestFutureCommitEnd();
            if (t != 0) {
                vm.warp(t);
                (found, ai, a) = _findBid(auctionSeed, actorSeed, 1);
            }
        }
        if (!found) return _advance(auctionSeed);
        if (_reservePending(_auctions[ai])) {
            // The sealed reserve is pending: opening a bid must be refused and change nothing. Half the time the
            // seller (or someone holding its salt) then opens the reserve, and the bids follow.
            _reveal(ai, a, actors[a]);
            if ((modeSeed >> 16) % 2 == 0) return;
            _openReserve(ai, (modeSeed >> 24) % 2 == 0);
            if (violations != 0) return;
        }
        // Open up to three bids of this auction in one call, each by its bidder or by a third party.
        uint256 more = (modeSeed >> 32) % 3;
        for (uint256 k; k <= more; ++k) {
            address caller = actors[a];
            uint256 m = modeSeed >> (64 + 32 * k);
            if (m % 3 == 0) {
                caller = (m >> 8) % 2 == 0 ? OPENER : actors[(a + 1 + (m >> 16) % (NACTORS - 1)) % NACTORS];
                ++counts.thirdPartyReveals;
            }
            _reveal(ai, a, caller);
            if (k == more) break;
            (found, a) = _nextSealed(ai, a);
            if (!found) break;
        }
    }

    /// @notice Opens a random batch of one auction's bids with revealMany (genuine openings, repeats, copied
    /// commitments, already-opened bids, wrong amounts or salts, actors who never committed, another auction's
    /// openings), by a bidder or a third party; while the sealed reserve is pending the batch must be refused.
    function revealMany(uint256 auctionSeed, uint256 pickSeed, uint256 callerSeed) external {
        (bool found, uint256 ai,) = _findBid(auctionSeed, pickSeed, 1);
        if (!found) return _advance(auctionSeed);
        _revealMany(ai, pickSeed, callerSeed);
    }

    /// @dev The next actor after `after_` with a sealed, openable bid in auction `ai`.
    function _nextSealed(uint256 ai, uint256 after_) internal view returns (bool, uint256) {
        for (uint256 k = 1; k < NACTORS; ++k) {
            uint256 a = (after_ % NACTORS + k) % NACTORS;
            GBid storage b = _bids[ai][a];
            if (b.committed && !b.opened && !b.copied) return (true, a);
        }
        return (false, 0);
    }

    function revealReserve(uint256 auctionSeed, bool byThirdParty) external {
        uint256 n = _auctions.length;
        uint256 outside = NONE;
        for (uint256 k; k < n; ++k) {
            uint256 ai = (auctionSeed % n + k) % n;
            GAuction storage g = _auctions[ai];
            if (!g.sealedReserve || g.reserveOpened || g.cancelled || g.settled) continue;
            if (_reservePending(g) && block.timestamp >= g.terms.commitEnd) return _openReserve(ai, byThirdParty);
            if (outside == NONE) outside = ai;
        }
        // Nothing in its window: try one outside it (before commitEnd, or withheld after reserveEnd).
        if (outside != NONE && auctionSeed % 2 == 0) return _revealReserveOutsideWindow(outside, byThirdParty);
        _advance(auctionSeed);
    }

    function _openReserve(uint256 ai, bool byThirdParty) internal {
        GAuction storage g = _auctions[ai];
        vm.prank(byThirdParty ? OPENER : actors[g.seller]);
        try house.revealReserve(g.id, g.terms, g.reserve, g.reserveSalt) {}
        catch {
            return _fail("revealReserve reverted");
        }
        g.reserveOpened = true;
        g.reserveOpenedSeq = ++_seq;
        g.reserveOpenedAt = block.timestamp;
        ++counts.reserveReveals;
    }

    /// @dev Outside [commitEnd, reserveEnd) the reserve cannot be opened: after reserveEnd it is withheld for good.
    function _revealReserveOutsideWindow(uint256 ai, bool byThirdParty) internal {
        GAuction storage g = _auctions[ai];
        vm.prank(byThirdParty ? OPENER : actors[g.seller]);
        try house.revealReserve(g.id, g.terms, g.reserve, g.reserveSalt) {
            return _fail("reserve opened outside its window");
        } catch (bytes memory err) {
            _expectErr(
                err, abi.encodeWithSelector(IAuctionHouse.UnexpectedPhase.selector, g.id, _expectedPhase(ai)), "late reserve: error"
            );
        }
        if (house.auctionState(g.id).reserveOpened) _fail("a refused reserve opening opened it");
        ++counts.lateReserveReveals;
    }

    function warp(uint256 seed) external {
        ++counts.warps;
        if (seed % 3 == 0) {
            // Jump to the next window boundary of some live auction.
            uint256 next = type(uint256).max;
            for (uint256 ai; ai < _auctions.length; ++ai) {
                GAuction storage g = _auctions[ai];
                if (g.cancelled || g.settled) continue;
                if (g.terms.commitEnd > block.timestamp && g.terms.commitEnd < next) next = g.terms.commitEnd;
                if (g.terms.reserveEnd > block.timestamp && g.terms.reserveEnd < next) next = g.terms.reserveEnd;
                if (g.terms.revealEnd > block.timestamp && g.terms.revealEnd < next) next = g.terms.revealEnd;
            }
            if (next != type(uint256).max) return vm.warp(next);
        }
        vm.warp(block.timestamp + _bound(seed >> 8, 1 minutes, 12 hours));
    }

    /// @notice The seller cancels an auction nobody committed to: mostly once its commit window is over, a
    /// quarter of the time while it is still open.
    function cancel(uint256 auctionSeed) external {
        uint256 n = _auctions.length;
        bool early = (auctionSeed >> 128) % 4 == 0;
        for (uint256 k; k < n; ++k) {
            uint256 ai = (auctionSeed % n + k) % n;
            GAuction storage g = _auctions[ai];
            if (g.commitCount != 0 || g.cancelled || g.settled) continue;
            if (!early && block.timestamp < g.terms.commitEnd) continue;
            return _cancel(ai, auctionSeed >> 64);
        }
        _advance(auctionSeed);
    }

    function settle(uint256 auctionSeed, uint256 callerSeed) external {
        uint256 n = _auctions.length;
        for (uint256 k; k < n; ++k) {
            uint256 ai = (auctionSeed % n + k) % n;
            if (_canSettle(ai)) return _settle(ai, callerSeed);
        }
        _advance(auctionSeed);
    }

    function claimLot(uint256 auctionSeed, uint256 recipientSeed) external {
        uint256 n = _auctions.length;
        for (uint256 k; k < n; ++k) {
            uint256 ai = (auctionSeed % n + k) % n;
            GAuction storage g = _auctions[ai];
            if (!g.settled || g.lotClaimed) continue;
            return _claimLot(ai, recipientSeed);
        }
        _advance(auctionSeed);
    }

    function withdrawProceeds(uint256 auctionSeed) external {
        uint256 n = _auctions.length;
        for (uint256 k; k < n; ++k) {
            uint256 ai = (auctionSeed % n + k) % n;
            if (_auctions[ai].proceeds == 0) continue;
            return _withdrawProceeds(ai);
        }
        _advance(auctionSeed);
    }

    function withdrawRefund(uint256 auctionSeed, uint256 actorSeed) external {
        (bool found, uint256 ai, uint256 a) = _findBid(auctionSeed, actorSeed, 2);
        if (!found) return _advance(auctionSeed);
        _withdrawRefund(ai, a);
    }

    function withdrawUnrevealed(uint256 auctionSeed, uint256 actorSeed) external {
        (bool found, uint256 ai, uint256 a) = _findBid(auctionSeed, actorSeed, 3);
        if (!found) return _advance(auctionSeed);
        _withdrawUnrevealed(ai, a);
    }

    /// @notice Actor 5 starts or stops rejecting ETH and refusing ERC-721s (actor 4 always does both); actor 3's
    /// payment-token receipts burn no gas, some (within the push cap) or more than the push cap.
    function setHostileReceivers(uint256 seed) external {
        BidderContract(payable(actors[CONTRACT_ACTOR + 1])).setRejects(seed % 2 == 0, (seed >> 16) % 2 == 0);
        uint256 m = (seed >> 8) % 3;
        payToken.setBurnOnReceive(
            actors[HOOK_ACTOR], m == 0 ? 0 : m == 1 ? HOOK_BURN_UNDER_CAP : HOOK_BURN_OVER_CAP
        );
    }

    /// @notice Tries something the rules forbid; it must revert and change nothing.
    function probe(uint256 auctionSeed, uint256 actorSeed, uint256 kind) external {
        if (_auctions.length == 0) return _advance(kind);
        uint256 ai = auctionSeed % _auctions.length;
        GAuction storage g = _auctions[ai];
        uint256 a = actorSeed % NACTORS;
        address who = actors[a];
        GBid storage b = _bids[ai][a];
        kind %= 11;
        ++counts.probes;
        if (kind == 0) {
            // Claim the lot as someone who does not own it, or a second time.
            address owner = g.sold ? actors[g.winner] : actors[g.seller];
            if (g.settled && !g.lotClaimed && who == owner) return;
            vm.prank(who);
            try house.claimLot(g.id, g.terms, who) {
                _fail("probe: lot claimed by a non-owner, twice or before settlement");
            } catch {}
        } else if (kind == 1) {
            // Withdraw a refund that is not owed yet (nothing held, or the standing leader before settlement).
            if (b.held != 0 && !_standingLeader(ai, a)) return;
            vm.prank(who);
            try house.withdrawRefund(g.id, who) {
                _fail("probe: refund withdrawn while nothing was withdrawable");
            } catch {}
        } else if (kind == 2) {
            // Open with a wrong amount, or open a copied commitment with the victim's exact amount and salt.
            if (!b.committed || b.opened) return;
            uint256 amount = b.copied ? b.amount : b.amount + 1;
            vm.prank(who);
            try house.reveal(g.id, who, amount, b.salt, _posted(g, b), b.order) {
                _fail("probe: reveal with a wrong amount");
            } catch {}
        } else if (kind == 3) {
            // Open a bid outside the reveal window (or a second time).
            if (!b.committed || b.copied || (!b.opened && _revealing(g) && !g.settled)) return;
            vm.prank(who);
            try house.reveal(g.id, who, b.amount, b.salt, _posted(g, b), b.order) {
                _fail("probe: reveal outside the window or twice");
            } catch {}
        } else if (kind == 4) {
            // Commit outside the commit window, or a second time.
            if (!b.committed && !g.cancelled && block.timestamp < g.terms.commitEnd) return;
            uint256 value = _fund(g.eth, a, g.terms.bond);
            vm.prank(who);
            try house.commit{value: value}(g.id, keccak256("late"), g.terms.bond) {
                _fail("probe: commit outside the window or twice");
            } catch {}
        } else if (kind == 5) {
            // Cancel after a commitment, as a non-seller, or to the zero address.
            address caller = g.commitCount == 0 ? actors[(g.seller + 1) % NACTORS] : actors[g.seller];
            vm.prank(caller);
            try house.cancel(g.id, g.terms, who) {
                _fail("probe: cancel after a commitment or by a non-seller");
            } catch {}
            vm.prank(actors[g.seller]);
            try house.cancel(g.id, g.terms, address(0)) {
                _fail("probe: cancel to the zero address");
            } catch {}
        } else if (kind == 6) {
            // Settle when it is not allowed (too early, twice, cancelled).
            if (_canSettle(ai)) return;
            vm.prank(who);
            try house.settle(g.id, g.terms, g.bestOrder == NO_BID ? address(0) : actors[g.bestActor]) {
                _fail("probe: settle when not allowed");
            } catch {}
        } else if (kind >= 8) {
            _probeCreate(a, uint256(keccak256(abi.encode(auctionSeed, kind))));
        } else {
            // Withdraw proceeds as a non-seller or with nothing owed; withdraw an unrevealed bid too early.
            if (g.proceeds == 0 || a != g.seller) {
                vm.prank(who);
                try house.withdrawProceeds(g.id, who) {
                    _fail("probe: proceeds withdrawn by a non-seller or twice");
                } catch {}
            }
            if (b.committed && !b.opened && !b.unrevealedWithdrawn && block.timestamp < g.terms.revealEnd) {
                vm.prank(who);
                try house.withdrawUnrevealed(g.id, IAuctionHouse.Position(b.commitment, _posted(g, b), b.order), who) {
                    _fail("probe: unrevealed withdrawn before the reveal window ended");
                } catch {}
            }
        }
    }

    /// @dev When an action finds nothing to act on, it takes the next natural step of some auction instead, so
    /// that few calls are wasted and runs reach settlement and claims: commit, move to the reveal window, open
    /// the reserve and the bids (leaving about one in six unopened), settle, then make each claim; once every
    /// auction is finished, create a new one.
    function _advance(uint256 seed) internal {
        ++counts.redirects;
        uint256 n = _auctions.length;
        seed = uint256(keccak256(abi.encode(seed, "advance")));
        for (uint256 k; k < n; ++k) {
            uint256 ai = (seed % n + k) % n;
            GAuction storage g = _auctions[ai];
            if (g.cancelled) continue;
            if (block.timestamp < g.terms.commitEnd) {
                if (g.commitCount < 2 + seed % 3) {
                    for (uint256 j; j < NACTORS; ++j) {
                        uint256 a = (seed % NACTORS + j) % NACTORS;
                        if (!_bids[ai][a].committed) return _commit(ai, a, seed >> 8, seed >> 40);
                    }
                }
                return vm.warp(g.terms.commitEnd);
            }
            if (!g.settled && block.timestamp < g.terms.revealEnd) {
                if (_reservePending(g)) {
                    // Open the reserve in its window, or (one in five) withhold it: let the window pass.
                    if (seed % 5 != 0) return _openReserve(ai, (seed >> 8) % 3 == 0);
                    return vm.warp(g.terms.reserveEnd);
                }
                (bool found, uint256 a) = _nextSealed(ai, seed);
                if (found && seed % 6 != 0) return _reveal(ai, a, (seed >> 16) % 3 == 0 ? OPENER : actors[a]);
                if (_canSettle(ai)) return _settle(ai, seed >> 24);
                return vm.warp(g.terms.revealEnd);
            }
            if (!g.settled) return _settle(ai, seed >> 24);
            if (!g.lotClaimed) return _claimLot(ai, seed >> 32);
            if (g.proceeds != 0) return _withdrawProceeds(ai);
            for (uint256 j; j < NACTORS; ++j) {
                uint256 a = (seed % NACTORS + j) % NACTORS;
                GBid storage b = _bids[ai][a];
                if (b.held != 0) return _withdrawRefund(ai, a);
                if (b.committed && !b.opened && !b.unrevealedWithdrawn) return _withdrawUnrevealed(ai, a);
            }
        }
        for (uint256 s; s < NACTORS; ++s) {
            if (_hasPending[s]) return _submitPending(s);
        }
        if (n < maxAuctions) _create(seed, seed >> 64, seed >> 128, seed >> 32);
    }

    /*//////////////////////////////////////////////////////////////
                     END OF RUN (not a fuzz target)
    //////////////////////////////////////////////////////////////*/

    /// @notice Finishes every auction: warps past every reveal window, settles, and makes every claim.
    function drainAll() external {
        uint256 latest = block.timestamp;
        for (uint256 ai; ai < _auctions.length; ++ai) {
            GAuction storage g = _auctions[ai];
            if (!g.cancelled && !g.settled && g.terms.revealEnd > latest) latest = g.terms.revealEnd;
        }
        vm.warp(latest);
        for (uint256 ai; ai < _auctions.length; ++ai) {
            GAuction storage g = _auctions[ai];
            if (!g.cancelled && !g.settled) _settle(ai, ai);
            if (g.settled && !g.lotClaimed) _claimLot(ai, ai + 1);
            if (g.proceeds != 0) _withdrawProceeds(ai);
            for (uint256 a; a < NACTORS; ++a) {
                GBid storage b = _bids[ai][a];
                if (b.held != 0) _withdrawRefund(ai, a);
                if (b.committed && !b.opened && !b.unrevealedWithdrawn) _withdrawUnrevealed(ai, a);
            }
        }
    }

    /*//////////////////////////////////////////////////////////////
                               CHECKS
    //////////////////////////////////////////////////////////////*/

    /// @notice Rule 11 for the payment assets and the ERC-20 lot: balance == owed + burned. Also checks that the
    /// per-auction ghost adds up to the totals and that an auction with every claim made owes nothing.
    function checkConservation() external view {
        _checkNoViolation();
        require(
            address(house).balance == owedTotal[ETH] + burnedTotal[ETH], "ETH: house balance != owed + burned"
        );
        require(
            payToken.balanceOf(address(house)) == owedTotal[PAY] + burnedTotal[PAY],
            "PAY: house balance != owed + burned"
        );
        require(lotToken.balanceOf(address(house)) == lotEscrow, "LOT: house balance != escrowed lots");
        uint256[2] memory owed;
        uint256[2] memory burned;
        for (uint256 ai; ai < _auctions.length; ++ai) {
            GAuction storage g = _auctions[ai];
            owed[_asset(g)] += g.owed;
            burned[_asset(g)] += g.burned;
            require(g.owed == _owedFromParts(ai), "ghost: auction owed != sum of its parts");
        }
        require(owed[ETH] == owedTotal[ETH] && owed[PAY] == owedTotal[PAY], "ghost: owed totals");
        // Vault flows: every hidden bid's collateral sits untouched in its vault until its opening sweeps it or its
        // bidder recovers it, and then the vault is empty; the ghost's vault totals are exactly what vaults hold.
        uint256[2] memory inVaults;
        for (uint256 ai; ai < _auctions.length; ++ai) {
            GAuction storage g = _auctions[ai];
            for (uint256 a; a < NACTORS; ++a) {
                GBid storage b = _bids[ai][a];
                if (!b.hidden) continue;
                uint256 held = _balance(g.eth, b.vault);
                require(held == (b.vaultEmptied ? 0 : b.collateral), "vault: balance != ghost collateral");
                inVaults[_asset(g)] += held;
            }
        }
        require(inVaults[ETH] == vaultTotal[ETH] && inVaults[PAY] == vaultTotal[PAY], "ghost: vault totals");
        require(burned[ETH] == burnedTotal[ETH] && burned[PAY] == burnedTotal[PAY], "ghost: burned totals");
    }

    /// @notice Every ERC-721 lot is owned by the house iff it is escrowed and unclaimed.
    function checkLots() external view {
        _checkNoViolation();
        for (uint256 ai; ai < _auctions.length; ++ai) {
            GAuction storage g = _auctions[ai];
            bool escrowed = !g.cancelled && !g.lotClaimed;
            if (g.terms.lotKind == IAuctionHouse.LotKind.ERC721) {
                address owner = nft.ownerOf(g.terms.lotAmountOrId);
                require((owner == address(house)) == escrowed, "ERC-721 lot: held by the house iff escrowed");
                if (!escrowed) require(owner == g.lotHolder, "ERC-721 lot: not with its claimant");
            } else if (!escrowed) {
                require(lotToken.balanceOf(g.lotHolder) >= g.terms.lotAmountOrId, "ERC-20 lot: not with its claimant");
            }
        }
    }

    /// @notice The contract's views agree with the ghost for every auction and actor; once every claim of a
    /// settled auction is made the house holds only that auction's burned bonds for it.
    function checkSettledHoldsOnlyBurned() external view {
        _checkNoViolation();
        for (uint256 ai; ai < _auctions.length; ++ai) {
            GAuction storage g = _auctions[ai];
            IAuctionHouse.AuctionState memory st = house.auctionState(g.id);
            require(st.phase == _expectedPhase(ai), "state: phase");
            require(st.commitCount == g.commitCount, "state: commitCount");
            require(st.settled == g.settled && st.lotClaimed == g.lotClaimed, "state: settled/lotClaimed");
            require(st.reserveOpened == g.reserveOpened, "state: reserveOpened");
            require(st.bestAmount == g.bestAmount && st.bestOrder == g.bestOrder, "state: standing");
            if (g.settled) {
                require(st.winner == (g.sold ? actors[g.winner] : address(0)), "state: winner");
                require(st.runnerUp == g.price, "state: price");
            }
            require(house.proceedsOf(g.id, actors[g.seller]) == g.proceeds, "proceedsOf != ghost");
            bool allClaimed = (g.settled && g.lotClaimed && g.proceeds == 0) || g.cancelled;
            for (uint256 a; a < NACTORS; ++a) {
                GBid storage b = _bids[ai][a];
                (IAuctionHouse.PositionStatus status, uint256 value) = house.positionOf(g.id, actors[a]);
                if (b.committed && !b.opened && !b.unrevealedWithdrawn) {
                    require(status == IAuctionHouse.PositionStatus.Sealed, "position: not sealed");
                    require(
                        value
                            == (uint256(keccak256(abi.encode(b.commitment, _posted(g, b), b.order))) | (1 << 255))
                                ^ (b.hidden ? 1 : 0),
                        "position: digest"
                    );
                    allClaimed = false;
                } else if (b.held != 0) {
                    require(status == IAuctionHouse.PositionStatus.Held && value == b.held, "position: held");
                    allClaimed = false;
                } else {
                    require(status == IAuctionHouse.PositionStatus.None && value == 0, "position: not none");
                }
            }
            if (allClaimed) {
                require(g.owed == 0, "all claimed, but the house still owes something for the auction");
                require(
                    g.burned
                        == g.terms.bond * (_forfeits(ai) + (g.settled && g.sealedReserve && !g.reserveOpened ? 1 : 0)),
                    "all claimed: burned != forfeited bonds"
                );
            }
        }
    }

    /// @notice Rule 6 in ghost state: no bid was ever opened while its auction's sealed reserve was pending (by the
    /// ghost or by the contract's own view just before the opening); an opened reserve was opened in its window
    /// and before the auction's first bid opening; a withheld reserve's auction opened no bid before reserveEnd.
    function checkReserveBeforeBids() external view {
        _checkNoViolation();
        require(bidsOpenedWhileReservePending == 0, "a bid was opened while the sealed reserve was pending");
        for (uint256 ai; ai < _auctions.length; ++ai) {
            GAuction storage g = _auctions[ai];
            require(house.auctionState(g.id).reserveEnd == g.terms.reserveEnd, "state: reserveEnd");
            if (g.anyBidOpened) {
                require(g.firstBidOpenedAt >= g.terms.commitEnd, "a bid was opened before commitEnd");
            }
            if (!g.sealedReserve) continue;
            if (g.reserveOpened) {
                require(
                    g.reserveOpenedAt >= g.terms.commitEnd && g.reserveOpenedAt < g.terms.reserveEnd,
                    "the reserve was opened outside its window"
                );
                if (g.anyBidOpened) require(g.reserveOpenedSeq < g.firstBidOpenedSeq, "a bid was opened before the reserve");
            } else if (g.anyBidOpened) {
                require(g.firstBidOpenedAt >= g.terms.reserveEnd, "a bid was opened before the withheld reserve's window ended");
            }
        }
    }

    /// @notice No actor ever received more than it deposited plus, as a seller, the prices it was paid.
    function checkNoActorProfit() external view {
        _checkNoViolation();
        for (uint256 a; a < NACTORS; ++a) {
            for (uint256 asset; asset < 2; ++asset) {
                require(
                    _received[a][asset] <= _paidIn[a][asset] + _priceCredit[a][asset],
                    "an actor received more than it paid in plus its prices"
                );
            }
        }
    }

    /// @notice After `drainAll`: each payment asset holds exactly the burned bonds, nothing else is escrowed,
    /// and every actor got back exactly what it paid in, less forfeited bonds and prices, plus its proceeds.
    function checkDrained() external view {
        _checkNoViolation();
        require(address(house).balance == burnedTotal[ETH], "drained: ETH != burned");
        require(payToken.balanceOf(address(house)) == burnedTotal[PAY], "drained: PAY != burned");
        require(owedTotal[ETH] == 0 && owedTotal[PAY] == 0, "drained: still owed");
        require(lotToken.balanceOf(address(house)) == 0 && lotEscrow == 0, "drained: ERC-20 lots left");
        for (uint256 ai; ai < _auctions.length; ++ai) {
            GAuction storage g = _auctions[ai];
            require(g.cancelled || (g.settled && g.lotClaimed && g.proceeds == 0 && g.owed == 0), "drained: open");
            if (g.terms.lotKind == IAuctionHouse.LotKind.ERC721) {
                require(nft.ownerOf(g.terms.lotAmountOrId) != address(house), "drained: ERC-721 lot left");
            }
        }
        // Per actor: received == paidIn + priceCredit - forfeited bonds - prices paid.
        for (uint256 a; a < NACTORS; ++a) {
            uint256[2] memory lost;
            for (uint256 ai; ai < _auctions.length; ++ai) {
                GAuction storage g = _auctions[ai];
                GBid storage b = _bids[ai][a];
                uint256 asset = _asset(g);
                if (b.bondBurned) lost[asset] += g.terms.bond;
                if (g.sold && g.winner == a) lost[asset] += g.price;
                if (g.seller == a && g.sealedReserve && !g.reserveOpened && g.settled) lost[asset] += g.terms.bond;
            }
            for (uint256 asset; asset < 2; ++asset) {
                require(
                    _received[a][asset] + lost[asset] == _paidIn[a][asset] + _priceCredit[a][asset],
                    "drained: actor's payouts != deposits - forfeits - prices + proceeds"
                );
            }
        }
    }

    function getCounts() external view returns (Counts memory) {
        return counts;
    }

    function auctionCount() external view returns (uint256) {
        return _auctions.length;
    }

    /*//////////////////////////////////////////////////////////////
                          ACTION IMPLEMENTATIONS
    //////////////////////////////////////////////////////////////*/

    /// @dev A seller with a prepared create submits it first; otherwise a new draft is submitted at once or, for
    /// one in three sealed drafts, prepared (nonce and commitment fixed now) and submitted by a later create.
    function _create(uint256 sellerSeed, uint256 kindSeed, uint256 amountSeed, uint256 windowSeed) internal {
        uint256 s = sellerSeed % NACTORS;
        if (_hasPending[s]) return _submitPending(s);
        if (_auctions.length + _pendingCount >= maxAuctions) return;
        GAuction memory g = _draft(s, kindSeed, amountSeed, windowSeed);
        if (g.sealedReserve && (kindSeed >> 8) % 3 == 1) {
            _pending[s] = g;
            _hasPending[s] = true;
            ++_pendingCount;
            _pendingSince[s] = _createsAndCancels - _ownActs[s];
            ++counts.preparedCreates;
            return;
        }
        _submit(g);
    }

    function _draft(uint256 s, uint256 kindSeed, uint256 amountSeed, uint256 windowSeed)
        internal
        returns (GAuction memory g)
    {
        address seller = actors[s];
        g.seller = s;
        g.eth = kindSeed & 1 == 0;
        g.sealedReserve = (kindSeed >> 3) % 3 == 0;
        g.reserve = _bound(amountSeed >> 128, 0, MAX_BID);
        g.reserveSalt = keccak256(abi.encode("reserve", s, _sellerNonce[s], amountSeed));
        g.bestOrder = NO_BID;
        g.winner = NONE;
        bool nftLot = (kindSeed >> 1) & 1 == 0;

        IAuctionHouse.AuctionTerms memory t = g.terms;
        t.seller = seller;
        t.lotKind = nftLot ? IAuctionHouse.LotKind.ERC721 : IAuctionHouse.LotKind.ERC20;
        t.lotToken = nftLot ? address(nft) : address(lotToken);
        t.lotAmountOrId = nftLot ? _nextTokenId++ : _bound(windowSeed >> 128, 1, 1_000e18);
        t.paymentToken = g.eth ? address(0) : address(payToken);
        t.format = (kindSeed >> 2) & 1 == 1 ? IAuctionHouse.Format.FirstPrice : IAuctionHouse.Format.SecondPrice;
        t.commitEnd = uint40(block.timestamp + _bound(windowSeed, 1 hours, 2 days));
        uint256 span = _bound(windowSeed >> 64, 1 hours, 2 days);
        t.revealEnd = uint40(t.commitEnd + span);
        t.bond = uint104(_bound(amountSeed, 0.01 ether, 0.5 ether));
        t.floorReserve = (amountSeed >> 64) % 3 == 0 ? 0 : uint112(_bound(amountSeed >> 72, 0, 4 ether));
        if (g.sealedReserve) {
            // The reserve window: 1 s, all but 1 s of the reveal window, or anything between.
            uint256 w = uint256(keccak256(abi.encode(windowSeed, "reserve window")));
            uint256 len = w % 4 == 0 ? 1 : w % 4 == 1 ? span - 1 : _bound(w >> 8, 1, span - 1);
            t.reserveEnd = uint40(t.commitEnd + len);
            t.reserveNonce = uint64(_sellerNonce[s]);
            t.sealedReserveCommitment = _reserveCommitmentOf(seller, t.reserveNonce, g.reserve, g.reserveSalt);
        }
    }

    function _submitPending(uint256 s) internal {
        GAuction memory g = _pending[s];
        delete _pending[s];
        _hasPending[s] = false;
        --_pendingCount;
        bool afterOthers = _createsAndCancels - _ownActs[s] > _pendingSince[s];
        uint256 n = _auctions.length;
        _submit(g);
        if (_auctions.length > n && afterOthers) ++counts.preparedSubmitted;
    }

    function _submit(GAuction memory g) internal {
        uint256 s = g.seller;
        address seller = actors[s];
        IAuctionHouse.AuctionTerms memory t = g.terms;
        _expectEq(house.nextAuctionId(), _nextId, "nextAuctionId != ghost");
        _expectEq(house.reserveNonceOf(seller), _sellerNonce[s], "reserveNonceOf != ghost");
        if (block.timestamp >= t.commitEnd) {
            // A prepared create whose commit window has passed is refused (and moves nothing).
            vm.prank(seller);
            try house.create(t) {
                return _fail("create accepted a past commit window");
            } catch (bytes memory err) {
                _expectErr(
                    err,
                    abi.encodeWithSelector(IAuctionHouse.InvalidWindows.selector, t.commitEnd, t.reserveEnd, t.revealEnd),
                    "stale create: error"
                );
            }
            ++counts.staleCreates;
            return;
        }
        bool nftLot = t.lotKind == IAuctionHouse.LotKind.ERC721;
        if (nftLot) {
            nft.mint(seller, t.lotAmountOrId);
            vm.prank(seller);
            nft.approve(address(house), t.lotAmountOrId);
        } else {
            lotToken.mint(seller, t.lotAmountOrId);
            vm.prank(seller);
            lotToken.approve(address(house), t.lotAmountOrId);
        }
        uint256 bond = g.sealedReserve ? t.bond : 0;
        uint256 value = _fund(g.eth, s, bond);
        uint256 houseBefore = _balance(g.eth, address(house));
        vm.prank(seller);
        try house.create{value: value}(t) returns (uint256 got) {
            _expectEq(got, _nextId, "create: id");
        } catch {
            return _fail("create reverted");
        }
        g.id = _nextId++;
        _auctions.push(g);
        GAuction storage a = _auctions[_auctions.length - 1];
        _expectEq(_balance(g.eth, address(house)) - houseBefore, bond, "create: reserve bond");
        _paidIn[s][_asset(a)] += bond;
        _addOwed(a, bond);
        if (!nftLot) lotEscrow += t.lotAmountOrId;
        if (g.sealedReserve) ++_sellerNonce[s];
        _expectEq(house.reserveNonceOf(seller), _sellerNonce[s], "create: reserveNonceOf");
        ++_createsAndCancels;
        ++_ownActs[s];
        ++_seq;
        ++counts.creates;
        if (g.sealedReserve) ++counts.sealedCreates;
    }

    /// @dev Creates the rules forbid (rule 12, the nonce): each must revert with its error and move nothing.
    function _probeCreate(uint256 a, uint256 r) internal {
        address seller = actors[a];
        IAuctionHouse.AuctionTerms memory t;
        t.seller = seller;
        t.lotKind = IAuctionHouse.LotKind.ERC721;
        t.lotToken = address(nft);
        t.commitEnd = uint40(block.timestamp + 1 hours);
        t.revealEnd = uint40(block.timestamp + 2 hours);
        t.bond = 0.1 ether;
        bytes memory expected;
        uint256 variant = r % 7;
        if (variant == 0) {
            // Another actor's token, approved to the house: the pull would work, but the seller does not own it.
            address owner = actors[(a + 1) % NACTORS];
            t.lotAmountOrId = _nextTokenId++;
            nft.mint(owner, t.lotAmountOrId);
            vm.prank(owner);
            nft.approve(address(house), t.lotAmountOrId);
            expected = abi.encodeWithSelector(
                IAuctionHouse.LotNotOwnedBySeller.selector, address(nft), t.lotAmountOrId, owner
            );
        } else if (variant == 1) {
            // A token whose transferFrom does nothing: never escrowed.
            t.lotToken = address(brokenNft);
            t.lotAmountOrId = _nextTokenId++;
            brokenNft.mint(seller, t.lotAmountOrId);
            vm.prank(seller);
            brokenNft.approve(address(house), t.lotAmountOrId);
            expected = abi.encodeWithSelector(IAuctionHouse.LotNotEscrowed.selector, address(brokenNft), t.lotAmountOrId);
        } else if (variant == 2 || variant == 3) {
            // An ERC-721 given as an ERC-20 lot, or as the payment token.
            t.lotKind = IAuctionHouse.LotKind.ERC20;
            t.lotAmountOrId = 1;
            if (variant == 2) {
                t.lotToken = address(nft);
            } else {
                t.lotToken = address(lotToken);
                t.paymentToken = address(nft);
            }
            expected = abi.encodeWithSelector(IHouseErrors.NotAnERC20.selector, address(nft));
        } else if (variant == 4) {
            // A payment token or an ERC-20 lot without code.
            address noCode = sinks[a];
            t.lotKind = IAuctionHouse.LotKind.ERC20;
            t.lotAmountOrId = 1;
            if ((r >> 8) % 2 == 0) {
                t.lotToken = noCode;
            } else {
                t.lotToken = address(lotToken);
                t.paymentToken = noCode;
            }
            expected = abi.encodeWithSelector(IHouseErrors.NotAContract.selector, noCode);
        } else {
            // A sealed reserve with a nonce other than the seller's, or a nonce without a sealed reserve.
            t.lotAmountOrId = _nextTokenId++;
            uint256 given;
            uint256 expectedNonce;
            if (variant == 5) {
                uint256 nonce = _sellerNonce[a];
                given = nonce == 0 || (r >> 8) % 2 == 0 ? nonce + 1 + (r >> 16) % 3 : (r >> 16) % nonce;
                expectedNonce = nonce;
                t.reserveEnd = uint40(block.timestamp + 90 minutes);
                t.sealedReserveCommitment = _reserveCommitmentOf(seller, given, 1 ether, bytes32(r));
            } else {
                given = 1 + (r >> 16) % 5;
            }
            t.reserveNonce = uint64(given);
            expected = abi.encodeWithSelector(IAuctionHouse.ReserveNonceMismatch.selector, expectedNonce, given);
        }
        uint256 nextBefore = house.nextAuctionId();
        uint256 nonceBefore = house.reserveNonceOf(seller);
        uint256 ethBefore = address(house).balance;
        vm.prank(seller);
        try house.create(t) {
            return _fail("probe: create accepted forbidden terms");
        } catch (bytes memory err) {
            _expectErr(err, expected, "probe create: error");
        }
        _expectEq(house.nextAuctionId(), nextBefore, "probe create: id moved");
        _expectEq(house.reserveNonceOf(seller), nonceBefore, "probe create: nonce moved");
        _expectEq(address(house).balance, ethBefore, "probe create: ETH moved");
    }

    function _commit(uint256 ai, uint256 a, uint256 amountSeed, uint256 depositSeed) internal {
        GAuction storage g = _auctions[ai];
        GBid storage b = _bids[ai][a];
        address bidder = actors[a];
        uint256 bond = g.terms.bond;
        uint256 amount = _bound(amountSeed, 0, MAX_BID);
        uint256 tie = (amountSeed >> 128) % 8;
        if (tie == 0) amount = g.lastAmount;
        else if (tie == 1) amount = g.terms.floorReserve;
        else if (tie == 2) amount = g.reserve;
        uint256 deposit;
        uint256 minDeposit = amount > bond ? amount : bond;
        if (depositSeed % 5 == 0 && amount > bond) {
            deposit = _bound(depositSeed >> 8, bond, amount - 1); // its opening will be over-deposit
        } else if ((depositSeed >> 8) % 3 == 0) {
            deposit = minDeposit;
        } else {
            deposit = minDeposit + _bound(depositSeed >> 16, 1, 2 ether);
        }
        bytes32 salt = keccak256(abi.encode("salt", amountSeed, depositSeed, ai, a));
        bytes32 c = _commitmentOf(g.id, bidder, amount, salt);
        bool copied;
        if ((depositSeed >> 200) % 8 == 0) {
            // Copy another bidder's commitment (the copy-a-commitment attack).
            for (uint256 k = 1; k < NACTORS; ++k) {
                GBid storage victim = _bids[ai][(a + k) % NACTORS];
                if (victim.committed && !victim.copied) {
                    c = victim.commitment;
                    amount = victim.amount;
                    salt = victim.salt;
                    copied = true;
                    break;
                }
            }
        }

        // Some own (not copied) bids hide their deposit: the bond to the house, the rest to the bid's vault.
        bool hidden = !copied && (depositSeed >> 100) % 3 == 0;
        uint256 posted = hidden ? bond : deposit;
        uint256 value = _fund(g.eth, a, posted);
        uint256 houseBefore = _balance(g.eth, address(house));
        vm.prank(bidder);
        if (hidden) {
            try house.commitHidden{value: value}(g.id, c) {}
            catch {
                return _fail("commitHidden reverted");
            }
        } else {
            try house.commit{value: value}(g.id, c, deposit) {}
            catch {
                return _fail("commit reverted");
            }
        }
        _expectEq(_balance(g.eth, address(house)) - houseBefore, posted, "commit: house received");
        if (hidden) {
            b.hidden = true;
            b.collateral = deposit - bond;
            b.vault = house.vaultOf(g.id, bidder, salt);
            b.vaultEmptied = false;
            // A plain transfer from an account unrelated to the bidder (the handler mints or deals it there).
            if (g.eth) vm.deal(b.vault, b.vault.balance + b.collateral);
            else payToken.mint(b.vault, b.collateral);
            vaultTotal[_asset(g)] += b.collateral;
            ++counts.hiddenCommits;
        } else {
            b.hidden = false;
            b.collateral = 0;
        }
        _paidIn[a][_asset(g)] += deposit;
        b.committed = true;
        b.copied = copied;
        b.commitment = c;
        b.amount = amount;
        b.salt = salt;
        b.deposit = deposit;
        b.order = ++g.commitCount;
        g.lastAmount = amount;
        _addOwed(g, posted);
        ++counts.commits;
        if (copied) ++counts.copiedCommits;
    }

    function _reveal(uint256 ai, uint256 a, address caller) internal {
        GAuction storage g = _auctions[ai];
        if (_reservePending(g)) return _revealRefused(ai, a, caller);
        GBid storage b = _bids[ai][a];
        address bidder = actors[a];
        (bool valid, bool leads, uint256 push, bool deferred) = _openingOutcome(ai, a);
        // The contract's own view of the reserve, as a cross-check of the ghost's.
        bool pendingByContract = _pendingByContract(g);
        // The leader this opening displaces, if any: refunded in this same reveal.
        uint256 prev = leads && g.bestOrder != NO_BID ? g.bestActor : NONE;
        uint256 prevBefore = prev == NONE ? 0 : _balance(g.eth, actors[prev]);

        uint256 bidderBefore = _balance(g.eth, bidder);
        uint256 houseBefore = _balance(g.eth, address(house));
        vm.prank(caller);
        try house.reveal(g.id, bidder, b.amount, b.salt, _posted(g, b), b.order) {}
        catch {
            return _fail("reveal reverted");
        }
        _noteBidOpened(g, pendingByContract);
        uint256 got = _balance(g.eth, bidder) - bidderBefore;
        uint256 prevGot = prev == NONE ? 0 : _balance(g.eth, actors[prev]) - prevBefore;
        uint256 sweptIn = b.hidden ? b.collateral : 0;
        _expectEq(
            houseBefore + sweptIn - _balance(g.eth, address(house)), got + prevGot, "reveal: house paid someone else"
        );
        if (b.hidden) _expectEq(_balance(g.eth, b.vault), 0, "reveal: vault not swept");
        _sweepGhost(g, b);
        _expectEq(got, deferred ? 0 : push, "reveal: refund pushed");
        _received[a][_asset(g)] += got;
        (uint256 displaced, uint256 displacedPush) = _applyOpening(ai, a, valid, leads, push, deferred);
        _expectEq(displaced, prev, "reveal: displaced leader");
        _expectEq(prevGot, displacedPush, "reveal: displaced leader's refund pushed");
        if (prev != NONE) _received[prev][_asset(g)] += prevGot;
    }

    /// @dev What the rules say opening bid (ai, a) does now: whether it is valid and leads, the refund pushed in
    /// the opening, and whether that push fails (the receiver rejects ETH, or its token hook burns over the cap).
    function _openingOutcome(uint256 ai, uint256 a)
        internal
        view
        returns (bool valid, bool leads, uint256 push, bool deferred)
    {
        GAuction storage g = _auctions[ai];
        GBid storage b = _bids[ai][a];
        valid = b.amount <= b.deposit;
        leads = valid && (b.amount > g.bestAmount || (b.amount == g.bestAmount && b.order < g.bestOrder));
        push = !valid ? b.deposit - g.terms.bond : (leads ? 0 : b.deposit);
        deferred = push != 0 && _pushFails(g, a);
    }

    /// @dev The ghost side of an opening: the bid, the running standing, the bond burned, what the house owes.
    /// A new leader displaces the standing one, whose whole deposit the opening pushes back (a claim if that push
    /// fails, withdrawable at once); returns that leader (NONE if none) and what was pushed to it.
    function _applyOpening(uint256 ai, uint256 a, bool valid, bool leads, uint256 push, bool deferred)
        internal
        returns (uint256 displaced, uint256 displacedPush)
    {
        GAuction storage g = _auctions[ai];
        GBid storage b = _bids[ai][a];
        displaced = NONE;
        if (leads && g.bestOrder != NO_BID) {
            displaced = g.bestActor;
            GBid storage d = _bids[ai][displaced];
            ++counts.displacedRefunds;
            if (_pushFails(g, displaced)) {
                ++counts.displacedDeferred;
            } else {
                displacedPush = d.held;
                _subOwed(g, d.held);
                d.held = 0;
            }
        }
        b.opened = true;
        b.valid = valid;
        if (!valid) {
            _burn(g, g.terms.bond);
            b.bondBurned = true;
            ++counts.overDepositReveals;
        }
        if (leads) {
            g.bestAmount = b.amount;
            g.bestOrder = b.order;
            g.bestActor = a;
            b.everLed = true;
            b.held = b.deposit;
        } else if (deferred) {
            b.held = push;
            ++counts.deferredRefunds;
        }
        _subOwed(g, deferred ? 0 : push);
        ++counts.reveals;
    }

    /// @dev The contract's own view: is the auction's sealed reserve pending?
    function _pendingByContract(GAuction storage g) internal view returns (bool) {
        IAuctionHouse.AuctionState memory st = house.auctionState(g.id);
        return st.sealedReserve && !st.reserveOpened && block.timestamp < st.reserveEnd;
    }

    /// @dev Rule 6 bookkeeping after a successful bid opening.
    function _noteBidOpened(GAuction storage g, bool pendingByContract) internal {
        if (pendingByContract) ++bidsOpenedWhileReservePending;
        if (!g.anyBidOpened) {
            g.anyBidOpened = true;
            g.firstBidOpenedSeq = ++_seq;
            g.firstBidOpenedAt = block.timestamp;
        } else {
            ++_seq;
        }
    }

    /// @dev One revealMany of auction `ai` with the entries `_batchEntries` draws, by a bidder or a third party. The
    /// ghost applies the rules to the genuine entries in order (so a repeated one is genuine only once); every
    /// other entry must be skipped. Each actor must receive exactly its pushed refunds (a leader displaced before or
    /// within the batch included), and nobody else anything.
    function _revealMany(uint256 ai, uint256 pickSeed, uint256 callerSeed) internal {
        GAuction storage g = _auctions[ai];
        IAuctionHouse.Opening[] memory entries = _batchEntries(ai, pickSeed);
        address caller = callerSeed % 3 == 0 ? OPENER : actors[callerSeed % NACTORS];
        if (_reservePending(g)) return _revealManyRefused(ai, entries, caller);
        bool pendingByContract = _pendingByContract(g);

        uint256[NACTORS] memory expected;
        uint256 expectedOpened;
        uint256 sweptIn;
        for (uint256 k; k < entries.length; ++k) {
            (bool genuine, uint256 a) = _genuineEntry(ai, entries[k]);
            if (!genuine) {
                ++counts.batchSkips;
                continue;
            }
            (bool valid, bool leads, uint256 push, bool deferred) = _openingOutcome(ai, a);
            if (_bids[ai][a].hidden) sweptIn += _bids[ai][a].collateral;
            _sweepGhost(g, _bids[ai][a]);
            (uint256 displaced, uint256 displacedPush) = _applyOpening(ai, a, valid, leads, push, deferred);
            if (!deferred) expected[a] += push;
            if (displaced != NONE) expected[displaced] += displacedPush;
            ++expectedOpened;
        }

        uint256[NACTORS] memory before;
        for (uint256 a; a < NACTORS; ++a) {
            before[a] = _balance(g.eth, actors[a]);
        }
        uint256 houseBefore = _balance(g.eth, address(house));
        vm.prank(caller);
        try house.revealMany(g.id, entries) returns (uint256 opened) {
            _expectEq(opened, expectedOpened, "revealMany: opened");
        } catch {
            return _fail("revealMany reverted");
        }
        if (expectedOpened != 0) _noteBidOpened(g, pendingByContract);
        uint256 paid;
        for (uint256 a; a < NACTORS; ++a) {
            uint256 got = _balance(g.eth, actors[a]) - before[a];
            _expectEq(got, expected[a], "revealMany: refund pushed");
            _received[a][_asset(g)] += got;
            paid += got;
        }
        _expectEq(houseBefore + sweptIn - _balance(g.eth, address(house)), paid, "revealMany: house paid someone else");
        ++counts.batchReveals;
    }

    /// @dev While the sealed reserve is pending the whole batch must revert with ReserveNotYetOpened.
    function _revealManyRefused(uint256 ai, IAuctionHouse.Opening[] memory entries, address caller) internal {
        GAuction storage g = _auctions[ai];
        IAuctionHouse.AuctionState memory before = house.auctionState(g.id);
        uint256 houseBefore = _balance(g.eth, address(house));
        vm.prank(caller);
        try house.revealMany(g.id, entries) {
            ++bidsOpenedWhileReservePending;
            return _fail("a batch opened bids while the sealed reserve was pending");
        } catch (bytes memory err) {
            _expectErr(
                err,
                abi.encodeWithSelector(IAuctionHouse.ReserveNotYetOpened.selector, g.id, g.terms.reserveEnd),
                "pending reserve: batch error"
            );
        }
        _expectEq(house.auctionState(g.id).openCount, before.openCount, "pending reserve: batch changed openCount");
        _expectEq(_balance(g.eth, address(house)), houseBefore, "pending reserve: batch moved funds");
        ++counts.blockedReveals;
    }

    /// @dev 1 to 8 entries for auction `ai`: openings of actors' bids as the ghost knows them (sealed, already
    /// opened, copied, never committed: whatever each actor's state is, repeats included), some with a wrong
    /// amount or salt, or another auction's opening of the same actor.
    function _batchEntries(uint256 ai, uint256 pickSeed) internal view returns (IAuctionHouse.Opening[] memory entries) {
        entries = new IAuctionHouse.Opening[](1 + pickSeed % 8);
        for (uint256 k; k < entries.length; ++k) {
            uint256 r = uint256(keccak256(abi.encode(pickSeed, k)));
            uint256 a = r % NACTORS;
            uint256 kind = (r >> 8) % 8;
            GBid storage b = _bids[kind == 7 ? (ai + 1 + (r >> 16) % _auctions.length) % _auctions.length : ai][a];
            entries[k] = IAuctionHouse.Opening(actors[a], b.amount, b.salt, _posted(_auctions[ai], b), b.order);
            if (kind == 5) entries[k].amount += 1 + (r >> 32) % 3;
            else if (kind == 6) entries[k].salt = keccak256(abi.encode("garbage", r));
        }
    }

    /// @dev Whether `e` opens a bid in auction `ai` now, per the ghost: the actor's sealed, own (not copied)
    /// commitment with exactly these fields.
    function _genuineEntry(uint256 ai, IAuctionHouse.Opening memory e) internal view returns (bool, uint256) {
        for (uint256 a; a < NACTORS; ++a) {
            if (actors[a] != e.bidder) continue;
            GBid storage b = _bids[ai][a];
            bool genuine = b.committed && !b.opened && !b.copied && !b.unrevealedWithdrawn && e.amount == b.amount
                && e.salt == b.salt && e.deposit == _posted(_auctions[ai], b) && e.order == b.order;
            return (genuine, a);
        }
        return (false, 0);
    }

    /// @dev The sealed reserve is pending: opening a bid must revert with ReserveNotYetOpened and change nothing.
    function _revealRefused(uint256 ai, uint256 a, address caller) internal {
        GAuction storage g = _auctions[ai];
        GBid storage b = _bids[ai][a];
        address bidder = actors[a];
        (, uint256 positionBefore) = house.positionOf(g.id, bidder);
        IAuctionHouse.AuctionState memory before = house.auctionState(g.id);
        uint256 houseBefore = _balance(g.eth, address(house));
        uint256 bidderBefore = _balance(g.eth, bidder);
        vm.prank(caller);
        try house.reveal(g.id, bidder, b.amount, b.salt, _posted(g, b), b.order) {
            ++bidsOpenedWhileReservePending;
            return _fail("a bid was opened while the sealed reserve was pending");
        } catch (bytes memory err) {
            _expectErr(
                err,
                abi.encodeWithSelector(IAuctionHouse.ReserveNotYetOpened.selector, g.id, g.terms.reserveEnd),
                "pending reserve: error"
            );
        }
        (, uint256 positionAfter) = house.positionOf(g.id, bidder);
        IAuctionHouse.AuctionState memory afterState = house.auctionState(g.id);
        _expectEq(positionAfter, positionBefore, "pending reserve: position changed");
        _expectEq(afterState.openCount, before.openCount, "pending reserve: openCount changed");
        _expectEq(afterState.bestOrder, before.bestOrder, "pending reserve: standing changed");
        _expectEq(_balance(g.eth, address(house)), houseBefore, "pending reserve: house balance changed");
        _expectEq(_balance(g.eth, bidder), bidderBefore, "pending reserve: bidder balance changed");
        ++counts.blockedReveals;
    }

    function _cancel(uint256 ai, uint256 recipientSeed) internal {
        GAuction storage g = _auctions[ai];
        address seller = actors[g.seller];
        // The seller chooses where the lot and the reserve bond go: itself, a sink, or another actor.
        uint256 rs = recipientSeed % 4;
        address recipient = rs < 2
            ? seller
            : rs == 2
                ? sinks[(recipientSeed >> 8) % NACTORS]
                : actors[(g.seller + 1 + (recipientSeed >> 8) % (NACTORS - 1)) % NACTORS];
        uint256 bond = g.sealedReserve ? g.terms.bond : 0;
        // A recipient that rejects ETH, or refuses an ERC-721 lot, makes the cancel fail (the seller picks another).
        bool expectFail = (bond != 0 && g.eth && _addressRejectsEth(recipient))
            || (g.terms.lotKind == IAuctionHouse.LotKind.ERC721 && _rejectsNft(recipient));
        uint256 recipientBefore = _balance(g.eth, recipient);
        uint256 houseBefore = _balance(g.eth, address(house));
        uint256 lotBefore = lotToken.balanceOf(recipient);
        vm.prank(seller);
        try house.cancel(g.id, g.terms, recipient) {
            if (expectFail) return _fail("cancel paid a recipient that rejects ETH");
        } catch {
            if (!expectFail) _fail("cancel reverted");
            return;
        }
        uint256 got = _balance(g.eth, recipient) - recipientBefore;
        _expectEq(got, bond, "cancel: reserve bond to the recipient");
        _expectEq(houseBefore - _balance(g.eth, address(house)), bond, "cancel: house paid");
        _received[g.seller][_asset(g)] += got; // the seller's money, sent where it chose
        _subOwed(g, bond);
        if (g.terms.lotKind == IAuctionHouse.LotKind.ERC20) {
            _expectEq(lotToken.balanceOf(recipient) - lotBefore, g.terms.lotAmountOrId, "cancel: ERC-20 lot to recipient");
            lotEscrow -= g.terms.lotAmountOrId;
        } else {
            _expectEq(uint160(nft.ownerOf(g.terms.lotAmountOrId)), uint160(recipient), "cancel: ERC-721 lot to recipient");
        }
        g.cancelled = true;
        g.lotHolder = recipient;
        ++_createsAndCancels;
        ++_ownActs[g.seller];
        ++_seq;
        ++counts.cancels;
        if (recipient != seller) ++counts.redirectedCancels;
    }

    function _settle(uint256 ai, uint256 callerSeed) internal {
        GAuction storage g = _auctions[ai];
        (bool anyValid, uint256 best, uint256 second) = _fullScan(ai);
        // The running standing must agree with the full scan.
        if (anyValid != (g.bestOrder != NO_BID) || (anyValid && (best != g.bestActor))) {
            return _fail("standing differs from the full scan");
        }
        uint256 effectiveReserve = g.terms.floorReserve;
        if (g.reserveOpened && g.reserve > effectiveReserve) effectiveReserve = g.reserve;
        bool sold = anyValid && _bids[ai][best].amount >= effectiveReserve;
        uint256 price;
        if (sold) {
            if (g.terms.format == IAuctionHouse.Format.FirstPrice) price = _bids[ai][best].amount;
            else price = second > effectiveReserve ? second : effectiveReserve;
        }
        address leader = anyValid ? actors[best] : address(0);

        if (sold) {
            // Any other account is refused as the leader.
            address wrong = actors[(best + 1 + callerSeed % (NACTORS - 1)) % NACTORS];
            try house.settle(g.id, g.terms, wrong) {
                return _fail("settle accepted a wrong leader");
            } catch {}
        }
        // What settlement pushes, and which pushes the receivers make fail (each then stays a claim).
        Delivery memory d = _expectedDelivery(ai, anyValid, sold, best, price);
        uint256[NACTORS] memory before;
        for (uint256 a; a < NACTORS; ++a) {
            before[a] = _balance(g.eth, actors[a]);
        }
        uint256 houseBefore = _balance(g.eth, address(house));
        uint256 lotBefore = lotToken.balanceOf(d.lotOwner);

        address caller = callerSeed % 3 == 0 ? OPENER : actors[callerSeed % NACTORS];
        vm.recordLogs();
        vm.prank(caller);
        try house.settle(g.id, g.terms, leader) {}
        catch {
            return _fail("settle reverted");
        }
        Vm.Log[] memory logs = vm.getRecordedLogs();
        (address winner, uint256 evPrice, uint256 evReserve, uint256 evBurned) = _settledEvent(g.id, logs);

        ++_seq;
        g.settled = true;
        g.sold = sold;
        g.price = price;
        if (sold) {
            g.winner = best;
            _priceCredit[g.seller][_asset(g)] += price;
            ++counts.soldSettles;
        }
        if (g.sealedReserve && !g.reserveOpened) {
            _burn(g, g.terms.bond); // withheld: its bond burns
            ++counts.withheldReserves;
        }
        for (uint256 a; a < NACTORS; ++a) {
            GBid storage b = _bids[ai][a];
            if (b.committed && !b.opened && !b.bondBurned) {
                _burn(g, g.terms.bond);
                b.bondBurned = true;
            }
        }
        _applyDelivery(ai, best, d, before, houseBefore, lotBefore);
        _checkDeliveryLogs(g.id, logs, d, actors[best], actors[g.seller]);
        _expectEq(uint160(winner), uint160(sold ? actors[best] : address(0)), "settle: winner");
        _expectEq(evPrice, price, "settle: price");
        _expectEq(evReserve, effectiveReserve, "settle: effective reserve");
        _expectEq(evBurned, g.burned, "settle: burned");
        ++counts.settles;
    }

    /// @dev What one settlement pushes and which pushes succeed, per the rules and the receivers' current mood.
    struct Delivery {
        bool hasLeader; // a valid bid was opened: its bidder is the standing leader
        address lotOwner;
        bool lotDelivered; // the lot leaves: an ERC-20 always (a plain token), an ERC-721 unless its owner refuses it
        uint256 leaderRefund; // the standing leader's change, or its whole deposit when unsold
        bool leaderPushed;
        uint256 proceeds; // price + opened reserve bond
        bool proceedsPushed; // only once a sold lot has left, and if the seller takes the payment
    }

    function _expectedDelivery(uint256 ai, bool anyValid, bool sold, uint256 best, uint256 price)
        internal
        view
        returns (Delivery memory d)
    {
        GAuction storage g = _auctions[ai];
        d.lotOwner = sold ? actors[best] : actors[g.seller];
        d.lotDelivered = g.terms.lotKind != IAuctionHouse.LotKind.ERC721 || !_rejectsNft(d.lotOwner);
        d.hasLeader = anyValid;
        if (anyValid) {
            d.leaderRefund = _bids[ai][best].held - price;
            d.leaderPushed = d.leaderRefund != 0 && !_pushFails(g, best);
        }
        d.proceeds = price + (g.reserveOpened ? g.terms.bond : 0);
        d.proceedsPushed = d.proceeds != 0 && (d.lotDelivered || !sold) && !_pushFails(g, g.seller);
    }

    /// @dev The ghost side of settlement's pushes, checked against every actor's measured balance and the lot.
    function _applyDelivery(
        uint256 ai,
        uint256 best,
        Delivery memory d,
        uint256[NACTORS] memory before,
        uint256 houseBefore,
        uint256 lotBefore
    ) internal {
        GAuction storage g = _auctions[ai];
        uint256[NACTORS] memory expected;
        if (d.hasLeader) {
            // The leader's deposit: the price goes to the proceeds, the rest is pushed or stays its claim.
            GBid storage lb = _bids[ai][best];
            if (d.leaderPushed) {
                expected[best] += d.leaderRefund;
                _subOwed(g, d.leaderRefund);
                lb.held = 0;
                ++counts.leaderRefundPushes;
            } else {
                lb.held = d.leaderRefund;
                if (d.leaderRefund != 0) ++counts.leaderRefundDeferrals;
            }
        }
        g.proceeds = d.proceeds;
        if (d.proceedsPushed) {
            expected[g.seller] += d.proceeds;
            _subOwed(g, d.proceeds);
            g.proceeds = 0;
            g.proceedsWithdrawn = true;
            ++counts.proceedsPushes;
        }
        uint256 paid;
        for (uint256 a; a < NACTORS; ++a) {
            uint256 got = _balance(g.eth, actors[a]) - before[a];
            _expectEq(got, expected[a], "settle: pushed to an actor");
            _received[a][_asset(g)] += got;
            paid += got;
        }
        _expectEq(houseBefore - _balance(g.eth, address(house)), paid, "settle: house paid someone else");
        if (g.terms.lotKind == IAuctionHouse.LotKind.ERC721) {
            address owner = nft.ownerOf(g.terms.lotAmountOrId);
            _expectEq(uint160(owner), uint160(d.lotDelivered ? d.lotOwner : address(house)), "settle: ERC-721 lot");
        } else {
            _expectEq(lotToken.balanceOf(d.lotOwner) - lotBefore, g.terms.lotAmountOrId, "settle: ERC-20 lot");
            lotEscrow -= g.terms.lotAmountOrId;
        }
        if (d.lotDelivered) {
            g.lotClaimed = true;
            g.lotHolder = d.lotOwner;
            ++counts.lotDeliveries;
        }
    }

    /// @dev Each settlement push is logged as the claim it replaces, with the owner as recipient; a failed refund
    /// push as RefundDeferred; a failed lot or proceeds push by nothing (the claim is simply left).
    function _checkDeliveryLogs(uint256 id, Vm.Log[] memory logs, Delivery memory d, address leader, address seller)
        internal
    {
        uint256 lots;
        uint256 refunds;
        uint256 deferrals;
        uint256 proceeds;
        for (uint256 k; k < logs.length; ++k) {
            Vm.Log memory l = logs[k];
            if (l.emitter != address(house) || uint256(l.topics[1]) != id) continue;
            bytes32 t0 = l.topics[0];
            address who = address(uint160(uint256(l.topics[2])));
            if (t0 == IAuctionHouse.LotClaimed.selector) {
                if (who != d.lotOwner || abi.decode(l.data, (address)) != d.lotOwner) _fail("settle: LotClaimed");
                ++lots;
            } else if (t0 == IAuctionHouse.RefundWithdrawn.selector) {
                (address to, uint256 amount) = abi.decode(l.data, (address, uint256));
                if (who != leader || to != leader || amount != d.leaderRefund) _fail("settle: RefundWithdrawn");
                ++refunds;
            } else if (t0 == IAuctionHouse.RefundDeferred.selector) {
                if (who != leader || abi.decode(l.data, (uint256)) != d.leaderRefund) _fail("settle: RefundDeferred");
                ++deferrals;
            } else if (t0 == IAuctionHouse.ProceedsWithdrawn.selector) {
                (address to, uint256 amount) = abi.decode(l.data, (address, uint256));
                if (who != seller || to != seller || amount != d.proceeds) _fail("settle: ProceedsWithdrawn");
                ++proceeds;
            }
        }
        _expectEq(lots, d.lotDelivered ? 1 : 0, "settle: LotClaimed events");
        _expectEq(refunds, d.leaderPushed ? 1 : 0, "settle: RefundWithdrawn events");
        _expectEq(deferrals, d.leaderRefund != 0 && !d.leaderPushed ? 1 : 0, "settle: RefundDeferred events");
        _expectEq(proceeds, d.proceedsPushed ? 1 : 0, "settle: ProceedsWithdrawn events");
    }

    function _claimLot(uint256 ai, uint256 recipientSeed) internal {
        GAuction storage g = _auctions[ai];
        address owner = g.sold ? actors[g.winner] : actors[g.seller];
        // An owner that refuses ERC-721s (why settlement could not deliver) claims to a sink.
        bool refuses = g.terms.lotKind == IAuctionHouse.LotKind.ERC721 && _rejectsNft(owner);
        address recipient = recipientSeed % 3 == 0 || refuses ? sinks[recipientSeed % NACTORS] : owner;
        _sendLot(ai, owner, recipient);
    }

    /// @dev The lot leaves the house, claimed by its owner or delivered by the seller to the winner.
    function _sendLot(uint256 ai, address caller, address recipient) internal {
        GAuction storage g = _auctions[ai];
        uint256 before = lotToken.balanceOf(recipient);
        vm.prank(caller);
        try house.claimLot(g.id, g.terms, recipient) {}
        catch {
            return _fail("claimLot reverted");
        }
        if (g.terms.lotKind == IAuctionHouse.LotKind.ERC721) {
            _expectEq(uint160(nft.ownerOf(g.terms.lotAmountOrId)), uint160(recipient), "claimLot: ERC-721 owner");
        } else {
            _expectEq(lotToken.balanceOf(recipient) - before, g.terms.lotAmountOrId, "claimLot: ERC-20 lot");
            lotEscrow -= g.terms.lotAmountOrId;
        }
        g.lotClaimed = true;
        g.lotHolder = recipient;
        ++counts.lotClaims;
    }

    function _withdrawProceeds(uint256 ai) internal {
        GAuction storage g = _auctions[ai];
        address recipient = _payee(g, g.seller);
        uint256 amount = g.proceeds;
        if (g.sold && !g.lotClaimed) {
            // The price waits for the lot to leave the house; the seller delivers it to the winner.
            vm.prank(actors[g.seller]);
            try house.withdrawProceeds(g.id, recipient) {
                return _fail("withdrawProceeds paid before the lot left the house");
            } catch (bytes memory err) {
                _expectEq(uint32(bytes4(err)), uint32(IAuctionHouse.LotNotDelivered.selector), "withdrawProceeds: LotNotDelivered");
            }
            if (g.terms.lotKind == IAuctionHouse.LotKind.ERC721 && _rejectsNft(actors[g.winner])) {
                // A winner that refuses the lot cannot be sent it by the seller either: only it can claim it.
                vm.prank(actors[g.seller]);
                try house.claimLot(g.id, g.terms, actors[g.winner]) {
                    return _fail("the seller delivered a lot its winner refuses");
                } catch {}
                return;
            }
            _sendLot(ai, actors[g.seller], actors[g.winner]);
            if (!g.lotClaimed) return;
        }
        uint256 before = _balance(g.eth, recipient);
        vm.prank(actors[g.seller]);
        try house.withdrawProceeds(g.id, recipient) {}
        catch {
            return _fail("withdrawProceeds reverted");
        }
        uint256 got = _balance(g.eth, recipient) - before;
        _expectEq(got, amount, "withdrawProceeds: amount");
        _received[g.seller][_asset(g)] += got;
        _subOwed(g, amount);
        g.proceeds = 0;
        g.proceedsWithdrawn = true;
        ++counts.proceedsWithdrawals;
    }

    function _withdrawRefund(uint256 ai, uint256 a) internal {
        GAuction storage g = _auctions[ai];
        GBid storage b = _bids[ai][a];
        address recipient = _payee(g, a);
        uint256 amount = b.held;
        uint256 before = _balance(g.eth, recipient);
        if (a >= CONTRACT_ACTOR) {
            // Through the bidder contract's own forwarding function.
            try BidderContract(payable(actors[a])).withdrawRefund(g.id, recipient) {}
            catch {
                return _fail("withdrawRefund (contract) reverted");
            }
        } else {
            vm.prank(actors[a]);
            try house.withdrawRefund(g.id, recipient) {}
            catch {
                return _fail("withdrawRefund reverted");
            }
        }
        uint256 got = _balance(g.eth, recipient) - before;
        _expectEq(got, amount, "withdrawRefund: amount");
        _received[a][_asset(g)] += got;
        _subOwed(g, amount);
        b.held = 0;
        ++counts.refundWithdrawals;
    }

    function _withdrawUnrevealed(uint256 ai, uint256 a) internal {
        GAuction storage g = _auctions[ai];
        GBid storage b = _bids[ai][a];
        address recipient = _payee(g, a);
        uint256 owed = _posted(g, b) - g.terms.bond;
        uint256 before = _balance(g.eth, recipient);
        vm.prank(actors[a]);
        try house.withdrawUnrevealed(g.id, IAuctionHouse.Position(b.commitment, _posted(g, b), b.order), recipient) {}
        catch {
            return _fail("withdrawUnrevealed reverted");
        }
        uint256 got = _balance(g.eth, recipient) - before;
        _expectEq(got, owed, "withdrawUnrevealed: amount");
        _received[a][_asset(g)] += got;
        if (!b.bondBurned) {
            _burn(g, g.terms.bond);
            b.bondBurned = true;
        }
        _subOwed(g, owed);
        b.unrevealedWithdrawn = true;
        ++counts.unrevealedWithdrawals;
        if (b.hidden && !b.vaultEmptied) _recoverVault(ai, a);
    }

    /// @dev After the auction, the bidder of an unopened hidden bid recovers its vault: exactly its collateral.
    function _recoverVault(uint256 ai, uint256 a) internal {
        GAuction storage g = _auctions[ai];
        GBid storage b = _bids[ai][a];
        address recipient = _payee(g, a);
        uint256 before = _balance(g.eth, recipient);
        uint256 houseBefore = _balance(g.eth, address(house));
        vm.prank(actors[a]);
        try house.recoverVault(g.id, b.salt, recipient) {
            if (b.collateral == 0) return _fail("recoverVault: paid out an empty vault");
        } catch (bytes memory err) {
            if (b.collateral != 0) return _fail("recoverVault reverted");
            _expectErr(err, abi.encodeWithSelector(IAuctionHouse.NothingToWithdraw.selector, g.id, actors[a]), "recoverVault: error");
        }
        uint256 got = _balance(g.eth, recipient) - before;
        _expectEq(got, b.collateral, "recoverVault: amount");
        _expectEq(_balance(g.eth, address(house)), houseBefore, "recoverVault: house balance moved");
        _expectEq(_balance(g.eth, b.vault), 0, "recoverVault: vault not emptied");
        _received[a][_asset(g)] += got;
        vaultTotal[_asset(g)] -= b.collateral;
        b.vaultEmptied = true;
        ++counts.vaultRecoveries;
    }

    /// @dev The deposit the house recorded for the bid (what its Position and Opening carry): a hidden bid's is the bond.
    function _posted(GAuction storage g, GBid storage b) internal view returns (uint256) {
        return b.hidden ? g.terms.bond : b.deposit;
    }

    /// @dev Ghost side of a hidden bid's opening: its vault's collateral moves into the house and counts as deposit.
    function _sweepGhost(GAuction storage g, GBid storage b) internal {
        if (!b.hidden) return;
        _addOwed(g, b.collateral);
        vaultTotal[_asset(g)] -= b.collateral;
        b.vaultEmptied = true;
        ++counts.vaultSweeps;
    }

    /*//////////////////////////////////////////////////////////////
                                 GHOST
    //////////////////////////////////////////////////////////////*/

    /// @dev The highest valid bid (ties to the lowest order) and the highest other valid bid, by full scan.
    function _fullScan(uint256 ai) internal view returns (bool anyValid, uint256 best, uint256 second) {
        for (uint256 a; a < NACTORS; ++a) {
            GBid storage b = _bids[ai][a];
            if (!b.opened || !b.valid) continue;
            GBid storage cur = _bids[ai][best];
            if (!anyValid || b.amount > cur.amount || (b.amount == cur.amount && b.order < cur.order)) {
                anyValid = true;
                best = a;
            }
        }
        for (uint256 a; a < NACTORS; ++a) {
            GBid storage b = _bids[ai][a];
            if (a == best || !b.opened || !b.valid) continue;
            if (b.amount > second) second = b.amount;
        }
    }

    /// @dev What the house owes for an auction, rebuilt from its parts.
    function _owedFromParts(uint256 ai) internal view returns (uint256 owed) {
        GAuction storage g = _auctions[ai];
        for (uint256 a; a < NACTORS; ++a) {
            GBid storage b = _bids[ai][a];
            owed += b.held;
            if (b.committed && !b.opened && !b.unrevealedWithdrawn) {
                owed += b.bondBurned ? _posted(g, b) - g.terms.bond : _posted(g, b);
            }
        }
        owed += g.proceeds;
        // A sealed reserve's bond is owed until settlement (then it is in the proceeds or burned) or cancellation.
        if (g.sealedReserve && !g.settled && !g.cancelled) owed += g.terms.bond;
    }

    function _forfeits(uint256 ai) internal view returns (uint256 n) {
        for (uint256 a; a < NACTORS; ++a) {
            if (_bids[ai][a].bondBurned) ++n;
        }
    }

    function _addOwed(GAuction storage g, uint256 amount) internal {
        g.owed += amount;
        owedTotal[_asset(g)] += amount;
    }

    function _subOwed(GAuction storage g, uint256 amount) internal {
        g.owed -= amount;
        owedTotal[_asset(g)] -= amount;
    }

    function _burn(GAuction storage g, uint256 bond) internal {
        _subOwed(g, bond);
        g.burned += bond;
        burnedTotal[_asset(g)] += bond;
    }

    /*//////////////////////////////////////////////////////////////
                                HELPERS
    //////////////////////////////////////////////////////////////*/

    function _findCommitting(uint256 seed) internal view returns (bool, uint256) {
        uint256 n = _auctions.length;
        for (uint256 k; k < n; ++k) {
            uint256 ai = (seed % n + k) % n;
            GAuction storage g = _auctions[ai];
            if (!g.cancelled && block.timestamp < g.terms.commitEnd) return (true, ai);
        }
        return (false, 0);
    }

    /// @dev Finds an (auction, actor) pair: what 0 = a sealed bid in its commit window, 1 = a sealed bid in its
    /// reveal window (not a copied one), 2 = a withdrawable refund, 3 = a sealed bid after its reveal window.
    function _findBid(uint256 auctionSeed, uint256 actorSeed, uint256 what)
        internal
        view
        returns (bool, uint256, uint256)
    {
        uint256 n = _auctions.length;
        for (uint256 k; k < n; ++k) {
            uint256 ai = (auctionSeed % n + k) % n;
            GAuction storage g = _auctions[ai];
            if (g.cancelled) continue;
            bool windowOk;
            if (what == 0) windowOk = block.timestamp < g.terms.commitEnd;
            else if (what == 1) windowOk = _revealing(g) && !g.settled;
            else if (what == 3) windowOk = block.timestamp >= g.terms.revealEnd;
            else windowOk = true;
            if (!windowOk) continue;
            for (uint256 j; j < NACTORS; ++j) {
                uint256 a = (actorSeed % NACTORS + j) % NACTORS;
                GBid storage b = _bids[ai][a];
                bool ok;
                if (what == 0) ok = b.committed && !b.opened;
                else if (what == 1) ok = b.committed && !b.opened && !b.copied;
                else if (what == 2) ok = b.held != 0 && !_standingLeader(ai, a);
                else ok = b.committed && !b.opened && !b.unrevealedWithdrawn;
                if (ok) return (true, ai, a);
            }
        }
        return (false, 0, 0);
    }

    function _earliestFutureCommitEnd() internal view returns (uint256 t) {
        for (uint256 ai; ai < _auctions.length; ++ai) {
            GAuction storage g = _auctions[ai];
            if (g.cancelled || g.commitCount == 0 || g.terms.commitEnd <= block.timestamp) continue;
            if (t == 0 || g.terms.commitEnd < t) t = g.terms.commitEnd;
        }
    }

    function _revealing(GAuction storage g) internal view returns (bool) {
        return block.timestamp >= g.terms.commitEnd && block.timestamp < g.terms.revealEnd;
    }

    function _canSettle(uint256 ai) internal view returns (bool) {
        GAuction storage g = _auctions[ai];
        if (g.cancelled || g.settled || block.timestamp < g.terms.commitEnd) return false;
        if (block.timestamp >= g.terms.revealEnd) return true;
        // Early: every bid opened and the reserve not pending (opened, or its window passed: withheld).
        if (_reservePending(g)) return false;
        for (uint256 a; a < NACTORS; ++a) {
            GBid storage b = _bids[ai][a];
            if (b.committed && !b.opened) return false;
        }
        return true;
    }

    /// @dev A sealed reserve neither opened nor past its window: no bid may be opened, no early settlement.
    function _reservePending(GAuction storage g) internal view returns (bool) {
        return g.sealedReserve && !g.reserveOpened && block.timestamp < g.terms.reserveEnd;
    }

    function _expectedPhase(uint256 ai) internal view returns (IAuctionHouse.Phase) {
        GAuction storage g = _auctions[ai];
        if (g.cancelled) return IAuctionHouse.Phase.Cancelled;
        if (g.settled) return IAuctionHouse.Phase.Settled;
        if (block.timestamp < g.terms.commitEnd) return IAuctionHouse.Phase.Committing;
        if (block.timestamp >= g.terms.revealEnd) return IAuctionHouse.Phase.AwaitingSettlement;
        if (_reservePending(g)) return IAuctionHouse.Phase.OpeningReserve;
        // Inside the reveal window the auction awaits settlement once nothing is left to open.
        for (uint256 a; a < NACTORS; ++a) {
            GBid storage b = _bids[ai][a];
            if (b.committed && !b.opened) return IAuctionHouse.Phase.Revealing;
        }
        return IAuctionHouse.Phase.AwaitingSettlement;
    }

    function _settledEvent(uint256 id, Vm.Log[] memory logs)
        internal
        returns (address winner, uint256 price, uint256 effectiveReserve, uint256 burned)
    {
        uint256 found;
        for (uint256 k; k < logs.length; ++k) {
            Vm.Log memory l = logs[k];
            if (l.emitter != address(house) || l.topics[0] != IAuctionHouse.AuctionSettled.selector) continue;
            if (uint256(l.topics[1]) != id) continue;
            winner = address(uint160(uint256(l.topics[2])));
            (price, effectiveReserve, burned) = abi.decode(l.data, (uint256, uint256, uint256));
            ++found;
        }
        if (found != 1) _fail("settle: AuctionSettled not emitted once");
    }

    function _rejectsEth(uint256 a) internal view returns (bool) {
        return a >= CONTRACT_ACTOR && BidderContract(payable(actors[a])).rejectEth();
    }

    /// @dev `who` refuses ERC-721s sent with safeTransferFrom.
    function _rejectsNft(address who) internal view returns (bool) {
        for (uint256 a = CONTRACT_ACTOR; a < NACTORS; ++a) {
            if (who == actors[a]) return BidderContract(payable(actors[a])).rejectNft();
        }
        return false;
    }

    /// @dev A capped push of the auction's payment asset to actor `a` fails.
    function _pushFails(GAuction storage g, uint256 a) internal view returns (bool) {
        return g.eth ? _rejectsEth(a) : _hookOverCap(a);
    }

    /// @dev Actor `a` holds the standing lead of auction `ai`: its deposit is held until settlement.
    function _standingLeader(uint256 ai, uint256 a) internal view returns (bool) {
        GAuction storage g = _auctions[ai];
        return !g.settled && g.bestOrder != NO_BID && g.bestActor == a;
    }

    function _addressRejectsEth(address who) internal view returns (bool) {
        for (uint256 a = CONTRACT_ACTOR; a < NACTORS; ++a) {
            if (who == actors[a]) return _rejectsEth(a);
        }
        return false;
    }

    /// @dev Actor `a`'s payment-token receipts burn more gas than the 60,000 push cap allows.
    function _hookOverCap(uint256 a) internal view returns (bool) {
        return payToken.burnOnReceive(actors[a]) > 60_000;
    }

    function _reserveCommitmentOf(address seller, uint256 nonce, uint256 reserve, bytes32 salt)
        internal
        view
        returns (bytes32)
    {
        return keccak256(abi.encode(block.chainid, address(house), seller, nonce, reserve, salt));
    }

    function _expectErr(bytes memory err, bytes memory expected, string memory what) internal {
        if (keccak256(err) != keccak256(expected)) _fail(what);
    }

    /// @dev Where an actor takes its payouts: itself, or its sink when it is a contract that rejects ETH.
    function _payee(GAuction storage g, uint256 a) internal view returns (address) {
        return g.eth && _rejectsEth(a) ? sinks[a] : actors[a];
    }

    /// @dev Funds actor `a` with `amount` of the auction's payment asset; returns the ETH value to send.
    function _fund(bool eth, uint256 a, uint256 amount) internal returns (uint256) {
        address who = actors[a];
        if (eth) {
            vm.deal(who, who.balance + amount);
            return amount;
        }
        payToken.mint(who, amount);
        return 0;
    }

    function _balance(bool eth, address who) internal view returns (uint256) {
        return eth ? who.balance : payToken.balanceOf(who);
    }

    function _asset(GAuction storage g) internal view returns (uint256) {
        return g.eth ? ETH : PAY;
    }

    function _commitmentOf(uint256 id, address account, uint256 amount, bytes32 salt) internal view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(house), id, account, amount, salt));
    }

    function _expectEq(uint256 a, uint256 b, string memory what) internal {
        if (a != b) _fail(what);
    }

    function _fail(string memory what) internal {
        if (violations == 0) violation = what;
        ++violations;
    }

    function _checkNoViolation() internal view {
        if (violations != 0) revert(string.concat("handler saw a violation: ", violation));
    }

    function _bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        return lo + x % (hi - lo + 1);
    }

    function _digit(uint256 i) internal pure returns (string memory) {
        return string(abi.encodePacked(bytes1(uint8(48 + i))));
    }
}
