// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm, vm} from "../utils/Vm.sol";
import {AuctionHouse} from "../../../contracts/AuctionHouse.sol";
import {IAuctionHouse} from "../../../contracts/interfaces/IAuctionHouse.sol";
import {MockERC20} from "../../../contracts/test/MockERC20.sol";
import {MockERC721} from "../../../contracts/test/MockERC721.sol";
import {BidderContract} from "../../../contracts/test/BidderContract.sol";

/// @notice Drives one AuctionHouse through random but mostly valid sequences: creates (ETH or ERC-20 payment,
/// ERC-721 or ERC-20 lot, sealed reserve sometimes), commits (some copying another bidder's commitment),
/// recommits with top-ups, reveals (valid or over-deposit, by the bidder or a third party), reserve reveals,
/// time warps, cancels, settles and every claim, by a fixed set of actors. Two actors are BidderContract
/// instances; actor 4 always rejects ETH and actor 5 toggles, so ETH refunds pushed in reveals get deferred.
///
/// It keeps ghost accounting of what the house owes per asset (deposits held, proceeds owed, reserve bonds,
/// escrowed lots) and of burned bonds, updated with the amounts the rules say should move, and it measures what
/// each call actually moved. Any difference, and any unexpected revert of a valid action or success of an
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

    AuctionHouse public immutable house;
    MockERC20 public immutable payToken;
    MockERC20 public immutable lotToken;
    MockERC721 public immutable nft;
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
    }

    GAuction[] internal _auctions;
    mapping(uint256 ai => mapping(uint256 actor => GBid)) internal _bids;

    uint256[2] public owedTotal; // per payment asset (ETH, PAY)
    uint256[2] public burnedTotal;
    uint256 public lotEscrow; // lotToken amount in escrow
    mapping(uint256 actor => uint256[2]) internal _paidIn; // deposits and reserve bonds sent to the house
    mapping(uint256 actor => uint256[2]) internal _received; // measured payouts to the actor's recipients
    mapping(uint256 actor => uint256[2]) internal _priceCredit; // prices of the actor's sold auctions

    Counts internal counts;
    uint256 public violations;
    string public violation;
    uint256 internal _nextTokenId = 1;

    constructor(uint256 maxAuctions_) {
        maxAuctions = maxAuctions_;
        house = new AuctionHouse();
        payToken = new MockERC20("Pay", "PAY");
        lotToken = new MockERC20("Lot20", "L20");
        nft = new MockERC721("Lot", "LOT");
        for (uint256 i; i < NACTORS; ++i) {
            address a;
            if (i < CONTRACT_ACTOR) {
                a = address(uint160(uint256(keccak256(abi.encode("actor", i)))));
            } else {
                BidderContract b = new BidderContract(IAuctionHouse(address(house)));
                b.setRejects(true, false);
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
        if (_auctions.length >= maxAuctions) return _advance(kindSeed);
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
        for (uint256 k; k < n; ++k) {
            uint256 ai = (auctionSeed % n + k) % n;
            GAuction storage g = _auctions[ai];
            if (!g.sealedReserve || g.reserveOpened || g.cancelled || g.settled || !_revealing(g)) continue;
            vm.prank(byThirdParty ? OPENER : actors[g.seller]);
            try house.revealReserve(g.id, g.terms, g.reserve, g.reserveSalt) {}
            catch {
                return _fail("revealReserve reverted");
            }
            g.reserveOpened = true;
            ++counts.reserveReveals;
            return;
        }
        _advance(auctionSeed);
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
            return _cancel(ai);
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

    /// @notice Actor 5 starts or stops rejecting ETH (actor 4 always does).
    function setRejectsEth(bool reject) external {
        BidderContract(payable(actors[CONTRACT_ACTOR + 1])).setRejects(reject, false);
    }

    /// @notice Tries something the rules forbid; it must revert and change nothing.
    function probe(uint256 auctionSeed, uint256 actorSeed, uint256 kind) external {
        if (_auctions.length == 0) return _advance(kind);
        uint256 ai = auctionSeed % _auctions.length;
        GAuction storage g = _auctions[ai];
        uint256 a = actorSeed % NACTORS;
        address who = actors[a];
        GBid storage b = _bids[ai][a];
        kind %= 8;
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
            // Withdraw a refund that is not owed yet (nothing held, or a leading bid before settlement).
            if (b.held != 0 && (!b.everLed || g.settled)) return;
            vm.prank(who);
            try house.withdrawRefund(g.id, who) {
                _fail("probe: refund withdrawn while nothing was withdrawable");
            } catch {}
        } else if (kind == 2) {
            // Open with a wrong amount, or open a copied commitment with the victim's exact amount and salt.
            if (!b.committed || b.opened) return;
            uint256 amount = b.copied ? b.amount : b.amount + 1;
            vm.prank(who);
            try house.reveal(g.id, who, amount, b.salt, b.deposit, b.order) {
                _fail("probe: reveal with a wrong amount");
            } catch {}
        } else if (kind == 3) {
            // Open a bid outside the reveal window (or a second time).
            if (!b.committed || b.copied || (!b.opened && _revealing(g) && !g.settled)) return;
            vm.prank(who);
            try house.reveal(g.id, who, b.amount, b.salt, b.deposit, b.order) {
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
            // Cancel after a commitment, or cancel as a non-seller.
            address caller = g.commitCount == 0 ? actors[(g.seller + 1) % NACTORS] : actors[g.seller];
            vm.prank(caller);
            try house.cancel(g.id, g.terms) {
                _fail("probe: cancel after a commitment or by a non-seller");
            } catch {}
        } else if (kind == 6) {
            // Settle when it is not allowed (too early, twice, cancelled).
            if (_canSettle(ai)) return;
            vm.prank(who);
            try house.settle(g.id, g.terms, g.bestOrder == NO_BID ? address(0) : actors[g.bestActor]) {
                _fail("probe: settle when not allowed");
            } catch {}
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
                try house.withdrawUnrevealed(g.id, IAuctionHouse.Position(b.commitment, b.deposit, b.order), who) {
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
                if (g.sealedReserve && !g.reserveOpened && seed % 5 != 0) {
                    vm.prank(actors[g.seller]);
                    try house.revealReserve(g.id, g.terms, g.reserve, g.reserveSalt) {}
                    catch {
                        return _fail("revealReserve reverted");
                    }
                    g.reserveOpened = true;
                    ++counts.reserveReveals;
                    return;
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
                        value == uint256(keccak256(abi.encode(b.commitment, b.deposit, b.order))) | (1 << 255),
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

    function _create(uint256 sellerSeed, uint256 kindSeed, uint256 amountSeed, uint256 windowSeed) internal {
        uint256 s = sellerSeed % NACTORS;
        address seller = actors[s];
        uint256 id = house.nextAuctionId();

        _auctions.push();
        uint256 ai = _auctions.length - 1;
        GAuction storage g = _auctions[ai];
        g.id = id;
        g.seller = s;
        g.eth = kindSeed & 1 == 0;
        g.sealedReserve = (kindSeed >> 3) % 3 == 0;
        g.reserve = _bound(amountSeed >> 128, 0, MAX_BID);
        g.reserveSalt = keccak256(abi.encode("reserve", id, amountSeed));
        g.bestOrder = NO_BID;
        g.winner = NONE;
        bool nftLot = (kindSeed >> 1) & 1 == 0;

        IAuctionHouse.AuctionTerms memory t;
        t.seller = seller;
        t.lotKind = nftLot ? IAuctionHouse.LotKind.ERC721 : IAuctionHouse.LotKind.ERC20;
        t.lotToken = nftLot ? address(nft) : address(lotToken);
        t.lotAmountOrId = nftLot ? _nextTokenId++ : _bound(windowSeed >> 128, 1, 1_000e18);
        t.paymentToken = g.eth ? address(0) : address(payToken);
        t.format = (kindSeed >> 2) & 1 == 1 ? IAuctionHouse.Format.FirstPrice : IAuctionHouse.Format.SecondPrice;
        t.commitEnd = uint40(block.timestamp + _bound(windowSeed, 1 hours, 2 days));
        t.revealEnd = uint40(t.commitEnd + _bound(windowSeed >> 64, 1 hours, 2 days));
        t.bond = uint104(_bound(amountSeed, 0.01 ether, 0.5 ether));
        t.floorReserve = (amountSeed >> 64) % 3 == 0 ? 0 : uint112(_bound(amountSeed >> 72, 0, 4 ether));
        if (g.sealedReserve) t.sealedReserveCommitment = _commitmentOf(id, seller, g.reserve, g.reserveSalt);
        g.terms = t;

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
        uint256 expectedId = g.sealedReserve || windowSeed % 2 == 0 ? id : 0;
        vm.prank(seller);
        try house.create{value: value}(t, expectedId) returns (uint256 got) {
            _expectEq(got, id, "create: id");
        } catch {
            _auctions.pop();
            return _fail("create reverted");
        }
        _expectEq(_balance(g.eth, address(house)) - houseBefore, bond, "create: reserve bond");
        _paidIn[s][_asset(g)] += bond;
        _addOwed(g, bond);
        if (!nftLot) lotEscrow += t.lotAmountOrId;
        ++counts.creates;
        if (g.sealedReserve) ++counts.sealedCreates;
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

        uint256 value = _fund(g.eth, a, deposit);
        uint256 houseBefore = _balance(g.eth, address(house));
        vm.prank(bidder);
        try house.commit{value: value}(g.id, c, deposit) {}
        catch {
            return _fail("commit reverted");
        }
        _expectEq(_balance(g.eth, address(house)) - houseBefore, deposit, "commit: house received");
        _paidIn[a][_asset(g)] += deposit;
        b.committed = true;
        b.copied = copied;
        b.commitment = c;
        b.amount = amount;
        b.salt = salt;
        b.deposit = deposit;
        b.order = ++g.commitCount;
        g.lastAmount = amount;
        _addOwed(g, deposit);
        ++counts.commits;
        if (copied) ++counts.copiedCommits;
    }

    function _reveal(uint256 ai, uint256 a, address caller) internal {
        GAuction storage g = _auctions[ai];
        GBid storage b = _bids[ai][a];
        address bidder = actors[a];
        uint256 bond = g.terms.bond;
        bool valid = b.amount <= b.deposit;
        bool leads = valid && (b.amount > g.bestAmount || (b.amount == g.bestAmount && b.order < g.bestOrder));
        uint256 push = !valid ? b.deposit - bond : (leads ? 0 : b.deposit);
        bool deferred = push != 0 && g.eth && _rejectsEth(a);

        uint256 bidderBefore = _balance(g.eth, bidder);
        uint256 houseBefore = _balance(g.eth, address(house));
        vm.prank(caller);
        try house.reveal(g.id, bidder, b.amount, b.salt, b.deposit, b.order) {}
        catch {
            return _fail("reveal reverted");
        }
        uint256 got = _balance(g.eth, bidder) - bidderBefore;
        _expectEq(houseBefore - _balance(g.eth, address(house)), got, "reveal: house paid someone else");
        _expectEq(got, deferred ? 0 : push, "reveal: refund pushed");
        _received[a][_asset(g)] += got;

        b.opened = true;
        b.valid = valid;
        if (!valid) {
            _burn(g, bond);
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

    function _cancel(uint256 ai) internal {
        GAuction storage g = _auctions[ai];
        address seller = actors[g.seller];
        uint256 bond = g.sealedReserve ? g.terms.bond : 0;
        // The reserve bond goes back to the seller itself: a seller that rejects ETH cannot cancel.
        bool expectFail = bond != 0 && g.eth && _rejectsEth(g.seller);
        uint256 sellerBefore = _balance(g.eth, seller);
        uint256 houseBefore = _balance(g.eth, address(house));
        uint256 lotBefore = lotToken.balanceOf(seller);
        vm.prank(seller);
        try house.cancel(g.id, g.terms) {
            if (expectFail) return _fail("cancel paid a seller that rejects ETH");
        } catch {
            if (!expectFail) _fail("cancel reverted");
            return;
        }
        uint256 got = _balance(g.eth, seller) - sellerBefore;
        _expectEq(got, bond, "cancel: reserve bond returned");
        _expectEq(houseBefore - _balance(g.eth, address(house)), bond, "cancel: house paid");
        _received[g.seller][_asset(g)] += got;
        _subOwed(g, bond);
        if (g.terms.lotKind == IAuctionHouse.LotKind.ERC20) {
            _expectEq(lotToken.balanceOf(seller) - lotBefore, g.terms.lotAmountOrId, "cancel: ERC-20 lot returned");
            lotEscrow -= g.terms.lotAmountOrId;
        }
        g.cancelled = true;
        g.lotHolder = seller;
        ++counts.cancels;
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
        address caller = callerSeed % 3 == 0 ? OPENER : actors[callerSeed % NACTORS];
        vm.recordLogs();
        vm.prank(caller);
        try house.settle(g.id, g.terms, leader) {}
        catch {
            return _fail("settle reverted");
        }
        (address winner, uint256 evPrice, uint256 evReserve, uint256 evBurned) = _settledEvent(g.id);

        g.settled = true;
        g.sold = sold;
        g.price = price;
        if (sold) {
            g.winner = best;
            _bids[ai][best].held -= price;
            _priceCredit[g.seller][_asset(g)] += price;
            ++counts.soldSettles;
        }
        if (g.sealedReserve && !g.reserveOpened) _burn(g, g.terms.bond); // withheld: its bond burns
        g.proceeds = price + (g.reserveOpened ? g.terms.bond : 0);
        for (uint256 a; a < NACTORS; ++a) {
            GBid storage b = _bids[ai][a];
            if (b.committed && !b.opened && !b.bondBurned) {
                _burn(g, g.terms.bond);
                b.bondBurned = true;
            }
        }
        _expectEq(uint160(winner), uint160(sold ? actors[best] : address(0)), "settle: winner");
        _expectEq(evPrice, price, "settle: price");
        _expectEq(evReserve, effectiveReserve, "settle: effective reserve");
        _expectEq(evBurned, g.burned, "settle: burned");
        ++counts.settles;
    }

    function _claimLot(uint256 ai, uint256 recipientSeed) internal {
        GAuction storage g = _auctions[ai];
        address owner = g.sold ? actors[g.winner] : actors[g.seller];
        address recipient = recipientSeed % 3 == 0 ? sinks[recipientSeed % NACTORS] : owner;
        uint256 before = lotToken.balanceOf(recipient);
        vm.prank(owner);
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
        uint256 owed = b.deposit - g.terms.bond;
        uint256 before = _balance(g.eth, recipient);
        vm.prank(actors[a]);
        try house.withdrawUnrevealed(g.id, IAuctionHouse.Position(b.commitment, b.deposit, b.order), recipient) {}
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
                owed += b.bondBurned ? b.deposit - g.terms.bond : b.deposit;
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
                else if (what == 2) ok = b.held != 0 && (!b.everLed || g.settled);
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
        if (g.sealedReserve && !g.reserveOpened) return false;
        for (uint256 a; a < NACTORS; ++a) {
            GBid storage b = _bids[ai][a];
            if (b.committed && !b.opened) return false;
        }
        return true;
    }

    function _expectedPhase(uint256 ai) internal view returns (IAuctionHouse.Phase) {
        GAuction storage g = _auctions[ai];
        if (g.cancelled) return IAuctionHouse.Phase.Cancelled;
        if (g.settled) return IAuctionHouse.Phase.Settled;
        if (block.timestamp < g.terms.commitEnd) return IAuctionHouse.Phase.Committing;
        if (block.timestamp >= g.terms.revealEnd) return IAuctionHouse.Phase.AwaitingSettlement;
        // Inside the reveal window the auction awaits settlement once nothing is left to open.
        if (g.sealedReserve && !g.reserveOpened) return IAuctionHouse.Phase.Revealing;
        for (uint256 a; a < NACTORS; ++a) {
            GBid storage b = _bids[ai][a];
            if (b.committed && !b.opened) return IAuctionHouse.Phase.Revealing;
        }
        return IAuctionHouse.Phase.AwaitingSettlement;
    }

    function _settledEvent(uint256 id)
        internal
        returns (address winner, uint256 price, uint256 effectiveReserve, uint256 burned)
    {
        Vm.Log[] memory logs = vm.getRecordedLogs();
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
