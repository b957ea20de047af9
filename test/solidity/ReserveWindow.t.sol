// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {vm} from "./utils/Vm.sol";
import {AuctionHouse} from "../../contracts/AuctionHouse.sol";
import {IAuctionHouse} from "../../contracts/interfaces/IAuctionHouse.sol";
import {MockERC721} from "../../contracts/test/MockERC721.sol";

/// @notice Rule 6 under the reserve window and the per-seller nonce:
///  - `phaseOf` equals an independent reference at random (monotone) times hitting every window boundary, while
///    random commits, bid openings, reserve openings, settlements and cancels are tried; each is accepted exactly
///    when the reference phase allows it, and a bid opened while the sealed reserve is pending is refused with
///    `ReserveNotYetOpened`;
///  - the sealed-reserve commitment is keccak256(abi.encode(chainId, house, seller, nonce, reserve, salt)),
///    computed here independently, and never equals a bid commitment for reachable inputs;
///  - only the seller's own sealed creates move its nonce: no third party's creates or cancels (including one
///    that copies the seller's reserve commitment) can make the seller's prepared create fail.
contract ReserveWindowTest is Test {
    uint32 internal constant NO_BID = type(uint32).max;
    uint256 internal constant MAX_BIDDERS = 5;
    address internal constant SELLER = address(uint160(0x5E11E4C0DE));
    address internal constant OPENER = address(uint160(0x0BE4E4C0DE));
    address internal constant PARTY_A = address(uint160(0xA11CE0000001));
    address internal constant PARTY_B = address(uint160(0xB0B000000002));

    AuctionHouse internal house;
    MockERC721 internal nft;
    uint256 internal nextTokenId = 1;

    function setUp() public {
        vm.warp(1_750_000_000);
        house = new AuctionHouse();
        nft = new MockERC721("Lot", "LOT");
    }

    /*//////////////////////////////////////////////////////////////
                          PHASE STATE MACHINE
    //////////////////////////////////////////////////////////////*/

    struct Ghost {
        uint256 id;
        IAuctionHouse.AuctionTerms terms;
        uint256 reserve;
        bytes32 reserveSalt;
        bool sealedReserve;
        bool reserveOpened;
        bool cancelled;
        bool settled;
        uint256 commitCount;
        uint256 openCount;
        address[MAX_BIDDERS] bidder;
        uint256[MAX_BIDDERS] amount;
        uint256[MAX_BIDDERS] deposit;
        bool[MAX_BIDDERS] opened;
    }

    /// @dev The phase from the rules alone (CREDIBILITY.md rule 6, 7, 8), written without the contract's code.
    function _refPhase(Ghost memory g) internal view returns (IAuctionHouse.Phase) {
        uint256 t = block.timestamp;
        if (g.cancelled) return IAuctionHouse.Phase.Cancelled;
        if (g.settled) return IAuctionHouse.Phase.Settled;
        if (t < g.terms.commitEnd) return IAuctionHouse.Phase.Committing;
        if (t >= g.terms.revealEnd) return IAuctionHouse.Phase.AwaitingSettlement;
        if (_reservePending(g)) return IAuctionHouse.Phase.OpeningReserve;
        // Everything opened (the reserve opened or withheld): anyone may settle before the window ends.
        if (g.openCount == g.commitCount) return IAuctionHouse.Phase.AwaitingSettlement;
        return IAuctionHouse.Phase.Revealing;
    }

    function _reservePending(Ghost memory g) internal view returns (bool) {
        return g.sealedReserve && !g.reserveOpened && block.timestamp < g.terms.reserveEnd;
    }

    /// @notice Random monotone times (every window boundary and its predecessor included) and random actions:
    /// `phaseOf` equals the reference before and after each action, and each action succeeds exactly when the
    /// reference phase allows it.
    function testFuzz_phaseOfMatchesReference(
        uint256 seed,
        uint32 commitLen,
        uint32 reserveLen,
        uint32 revealLen,
        bool sealedReserve
    ) public {
        Ghost memory g;
        g.sealedReserve = sealedReserve;
        g.reserve = bound(uint256(keccak256(abi.encode(seed, "reserve"))), 0, 3 ether);
        g.reserveSalt = keccak256(abi.encode(seed, "reserve salt"));
        IAuctionHouse.AuctionTerms memory t = _terms(SELLER, nextTokenId++);
        t.commitEnd = uint40(block.timestamp + bound(commitLen, 1, 3 days));
        uint256 span = bound(revealLen, 2, 3 days);
        t.revealEnd = uint40(t.commitEnd + span);
        if (sealedReserve) {
            t.reserveEnd = uint40(t.commitEnd + bound(reserveLen, 1, span - 1));
            t.reserveNonce = uint64(house.reserveNonceOf(SELLER));
            t.sealedReserveCommitment = _reserveCommitment(SELLER, t.reserveNonce, g.reserve, g.reserveSalt);
        }
        g.terms = t;
        g.id = _create(t, sealedReserve);
        assertTrue(house.phaseOf(g.id) == _refPhase(g), "phase after create");
        assertTrue(house.phaseOf(g.id + 1) == IAuctionHouse.Phase.None, "phase of a missing auction");

        uint256 steps = 6 + seed % 19;
        for (uint256 k; k < steps; ++k) {
            uint256 r = uint256(keccak256(abi.encode(seed, k)));
            _advanceTime(g, r);
            assertTrue(house.phaseOf(g.id) == _refPhase(g), "phase before action");
            assertEq(uint8(house.auctionState(g.id).phase), uint8(_refPhase(g)), "auctionState.phase");
            uint256 action = (r >> 64) % 10;
            if (action < 3) _tryCommit(g, r >> 72);
            else if (action < 6) _tryReveal(g, r >> 72);
            else if (action < 7) _tryRevealReserve(g, r >> 72);
            else if (action < 9) _trySettle(g);
            else _tryCancel(g, r >> 72);
            assertTrue(house.phaseOf(g.id) == _refPhase(g), "phase after action");
        }
    }

    /// @dev Moves time forward (or not) to a boundary, its predecessor, or a random point.
    function _advanceTime(Ghost memory g, uint256 r) internal {
        uint256[7] memory points = [
            uint256(g.terms.commitEnd) - 1,
            g.terms.commitEnd,
            g.sealedReserve ? uint256(g.terms.reserveEnd) - 1 : g.terms.commitEnd,
            g.sealedReserve ? g.terms.reserveEnd : g.terms.revealEnd,
            uint256(g.terms.revealEnd) - 1,
            g.terms.revealEnd,
            block.timestamp + (r >> 8) % 1 days
        ];
        uint256 choice = r % 9;
        if (choice >= 7) return; // stay
        uint256 to = points[choice];
        if (to > block.timestamp) vm.warp(to);
    }

    function _tryCommit(Ghost memory g, uint256 r) internal {
        if (g.commitCount == MAX_BIDDERS) return;
        uint256 i = g.commitCount;
        address bidder = address(uint160(uint256(keccak256(abi.encode("phase bidder", i)))));
        uint256 amount = bound(r, 0, 4 ether);
        uint256 bond = g.terms.bond;
        // One in four is an over-deposit opening (invalid).
        uint256 deposit = (r >> 128) % 4 == 0 && amount > bond ? amount - 1 : (amount > bond ? amount : bond);
        bytes32 salt = keccak256(abi.encode("phase salt", i));
        bytes32 c = keccak256(abi.encode(block.chainid, address(house), g.id, bidder, amount, salt));
        bool allowed = _refPhase(g) == IAuctionHouse.Phase.Committing;
        vm.deal(bidder, deposit);
        vm.prank(bidder);
        try house.commit{value: deposit}(g.id, c, deposit) {
            assertTrue(allowed, "commit accepted outside the commit window");
            g.bidder[i] = bidder;
            g.amount[i] = amount;
            g.deposit[i] = deposit;
            ++g.commitCount;
        } catch (bytes memory err) {
            assertFalse(allowed, "commit refused in the commit window");
            assertEq(
                keccak256(err),
                keccak256(abi.encodeWithSelector(IAuctionHouse.UnexpectedPhase.selector, g.id, _refPhase(g))),
                "commit: error"
            );
        }
    }

    function _tryReveal(Ghost memory g, uint256 r) internal {
        if (g.commitCount == 0) return;
        uint256 i = r % g.commitCount;
        for (uint256 k; k < g.commitCount && g.opened[i]; ++k) {
            i = (i + 1) % g.commitCount;
        }
        if (g.opened[i]) return;
        IAuctionHouse.Phase p = _refPhase(g);
        bool windowOk = !g.cancelled && block.timestamp >= g.terms.commitEnd && block.timestamp < g.terms.revealEnd;
        bool pending = _reservePending(g);
        bool allowed = windowOk && !pending;
        // Settled before revealEnd means everything was opened, so an unopened bid here is never in a settled auction
        // inside the window.
        if (windowOk) assertTrue(!g.settled, "settled with an unopened bid inside the window");
        uint256 openBefore = house.auctionState(g.id).openCount;
        vm.prank((r >> 8) % 2 == 0 ? g.bidder[i] : OPENER);
        try house.reveal(g.id, g.bidder[i], g.amount[i], keccak256(abi.encode("phase salt", i)), g.deposit[i], i + 1) {
            assertTrue(allowed, "bid opened while not allowed");
            assertTrue(p == IAuctionHouse.Phase.Revealing, "bid opened outside Revealing");
            g.opened[i] = true;
            ++g.openCount;
        } catch (bytes memory err) {
            assertFalse(allowed, "bid refused in the reveal window");
            if (windowOk && pending) {
                assertEq(
                    keccak256(err),
                    keccak256(
                        abi.encodeWithSelector(IAuctionHouse.ReserveNotYetOpened.selector, g.id, g.terms.reserveEnd)
                    ),
                    "reveal while pending: error"
                );
            }
            assertEq(house.auctionState(g.id).openCount, openBefore, "refused reveal changed openCount");
        }
    }

    function _tryRevealReserve(Ghost memory g, uint256 r) internal {
        bool allowed = g.sealedReserve && !g.reserveOpened && !g.cancelled && !g.settled
            && block.timestamp >= g.terms.commitEnd && block.timestamp < g.terms.reserveEnd;
        if (allowed) assertTrue(_refPhase(g) == IAuctionHouse.Phase.OpeningReserve, "reserve openable outside OpeningReserve");
        vm.prank(r % 2 == 0 ? SELLER : OPENER);
        try house.revealReserve(g.id, g.terms, g.reserve, g.reserveSalt) {
            assertTrue(allowed, "reserve opened while not allowed");
            g.reserveOpened = true;
        } catch {
            assertFalse(allowed, "reserve refused in its window");
        }
    }

    function _trySettle(Ghost memory g) internal {
        IAuctionHouse.Phase p = _refPhase(g);
        bool allowed = p == IAuctionHouse.Phase.AwaitingSettlement;
        (bool any, uint256 best) = _leader(g);
        try house.settle(g.id, g.terms, any ? g.bidder[best] : address(0)) {
            assertTrue(allowed, "settled while not allowed");
            g.settled = true;
        } catch (bytes memory err) {
            assertFalse(allowed, "settle refused while awaiting settlement");
            if (p == IAuctionHouse.Phase.Revealing || p == IAuctionHouse.Phase.OpeningReserve) {
                assertEq(
                    keccak256(err),
                    keccak256(
                        abi.encodeWithSelector(
                            IAuctionHouse.RevealsOutstanding.selector,
                            g.id,
                            g.commitCount - g.openCount,
                            _reservePending(g)
                        )
                    ),
                    "early settle: error"
                );
            }
        }
    }

    function _tryCancel(Ghost memory g, uint256 r) internal {
        bool allowed = g.commitCount == 0 && !g.cancelled && !g.settled;
        address recipient = r % 2 == 0 ? SELLER : address(uint160(uint256(keccak256(abi.encode("recipient", r)))));
        uint256 before = recipient.balance;
        vm.prank(SELLER);
        try house.cancel(g.id, g.terms, recipient) {
            assertTrue(allowed, "cancel accepted while not allowed");
            g.cancelled = true;
            assertEq(nft.ownerOf(g.terms.lotAmountOrId), recipient, "cancel: lot to recipient");
            assertEq(recipient.balance - before, g.sealedReserve ? g.terms.bond : 0, "cancel: bond to recipient");
        } catch {
            assertFalse(allowed, "cancel refused while allowed");
        }
    }

    function _leader(Ghost memory g) internal pure returns (bool any, uint256 best) {
        for (uint256 i; i < g.commitCount; ++i) {
            if (!g.opened[i] || g.amount[i] > g.deposit[i]) continue;
            if (!any || g.amount[i] > g.amount[best]) (any, best) = (true, i); // ties: the lower index = order
        }
    }

    /*//////////////////////////////////////////////////////////////
                         COMMITMENT FORMULAS
    //////////////////////////////////////////////////////////////*/

    /// @notice `reserveCommitmentOf` is keccak256(abi.encode(chainId, house, seller, nonce, reserve, salt)).
    function testFuzz_reserveCommitmentFormula(address seller, uint256 nonce, uint256 reserve, bytes32 salt)
        public
        view
    {
        assertEq(
            house.reserveCommitmentOf(seller, nonce, reserve, salt),
            keccak256(abi.encode(block.chainid, address(house), seller, nonce, reserve, salt)),
            "reserveCommitmentOf"
        );
        // Every field binds: another seller, nonce, reserve, salt, house or chain gives another commitment.
        bytes32 c = _reserveCommitment(seller, nonce, reserve, salt);
        assertTrue(c != _reserveCommitment(address(uint160(seller) ^ 1), nonce, reserve, salt), "seller not bound");
        assertTrue(c != _reserveCommitment(seller, nonce ^ 1, reserve, salt), "nonce not bound");
        assertTrue(c != _reserveCommitment(seller, nonce, reserve ^ 1, salt), "reserve not bound");
        assertTrue(c != _reserveCommitment(seller, nonce, reserve, salt ^ bytes32(uint256(1))), "salt not bound");
        assertTrue(
            c != keccak256(abi.encode(block.chainid, address(uint160(address(house)) ^ 1), seller, nonce, reserve, salt)),
            "house not bound"
        );
        assertTrue(
            c != keccak256(abi.encode(block.chainid + 1, address(house), seller, nonce, reserve, salt)), "chain not bound"
        );
    }

    /// @notice A sealed-reserve commitment is never a bid commitment for reachable inputs: a bid commitment's third
    /// word is an auction id (below 2^64 for any realistic count), the reserve's is the seller's address, which
    /// someone controls (above 2^64: lower addresses are precompiles and system contracts). The swapped layout
    /// (the seller bidding in auction `nonce`) differs too. The only shared preimages need a seller whose address
    /// equals an auction id, which no one can send from; that overlap is shown explicitly.
    function testFuzz_reserveCommitmentNeverABidCommitment(
        address seller,
        uint64 nonce,
        uint256 reserve,
        bytes32 salt,
        uint64 auctionId,
        address bidder,
        uint256 amount,
        bytes32 bidSalt
    ) public view {
        if (uint160(seller) <= type(uint64).max) seller = address(uint160(seller) | (uint160(1) << 159));
        bytes32 r = house.reserveCommitmentOf(seller, nonce, reserve, salt);
        assertTrue(r != house.commitmentOf(auctionId, bidder, amount, bidSalt), "reserve == some bid commitment");
        assertTrue(r != house.commitmentOf(auctionId, seller, reserve, salt), "reserve == the seller's own bid");
        assertTrue(r != house.commitmentOf(nonce, seller, reserve, salt), "reserve == the seller's bid in auction nonce");
        // The formal overlap: seller address == auction id and nonce == bidder address (both unreachable).
        assertEq(
            house.reserveCommitmentOf(address(uint160(auctionId)), uint160(bidder), amount, bidSalt),
            house.commitmentOf(auctionId, bidder, amount, bidSalt),
            "overlap shape"
        );
    }

    /*//////////////////////////////////////////////////////////////
                                 NONCE
    //////////////////////////////////////////////////////////////*/

    /// @notice The seller prepares a sealed-reserve create with its nonce; then third parties create (sealed, with
    /// the seller's own reserve commitment copied, or public), cancel to random recipients, try to create in the
    /// seller's name or with the seller's nonce, and the seller itself creates public-reserve auctions. The seller's
    /// prepared create still succeeds, its reserve opens with its salt (the copier's cannot), a stale resubmission
    /// fails with ReserveNonceMismatch, and only the seller's sealed creates moved its nonce.
    function testFuzz_thirdPartiesCannotBlockASealedCreate(uint256 seed) public {
        uint256[3] memory ghostNonce; // SELLER, PARTY_A, PARTY_B
        // The seller's earlier sealed creates (cancelled to random recipients) move its nonce.
        uint256 earlier = seed % 3;
        for (uint256 k; k < earlier; ++k) {
            IAuctionHouse.AuctionTerms memory e = _sealedTerms(SELLER, ghostNonce[0], k, bytes32(k));
            uint256 eid = _create(e, true);
            ++ghostNonce[0];
            address recipient = address(uint160(uint256(keccak256(abi.encode(seed, k, "recipient")))));
            vm.prank(SELLER);
            house.cancel(eid, e, recipient);
            assertEq(nft.ownerOf(e.lotAmountOrId), recipient, "cancel: lot to recipient");
            assertEq(recipient.balance, e.bond, "cancel: bond to recipient");
        }
        _nonceRound(seed >> 2, 0, ghostNonce);
    }

    function _nonceRound(uint256 seed, uint256 round, uint256[3] memory ghostNonce) internal {
        address[3] memory who = [SELLER, PARTY_A, PARTY_B];
        {
            assertEq(house.reserveNonceOf(SELLER), ghostNonce[0], "seller nonce view");
            uint256 reserve = bound(uint256(keccak256(abi.encode(seed, round, "reserve"))), 0, 5 ether);
            bytes32 salt = keccak256(abi.encode(seed, round, "salt"));
            IAuctionHouse.AuctionTerms memory t = _sealedTerms(SELLER, ghostNonce[0], reserve, salt);

            uint256[] memory partyIds = new uint256[](8);
            IAuctionHouse.AuctionTerms[] memory partyTerms = new IAuctionHouse.AuctionTerms[](8);
            uint256 nParty;
            uint256 copiedIdx = type(uint256).max;
            uint256 actions = (seed >> (8 * round)) % 7;
            for (uint256 k; k < actions; ++k) {
                uint256 r = uint256(keccak256(abi.encode(seed, round, k)));
                uint256 p = 1 + r % 2;
                uint256 kind = (r >> 8) % 6;
                if (kind == 0 || kind == 1) {
                    // A third party's sealed create; half of them copy the seller's reserve commitment.
                    IAuctionHouse.AuctionTerms memory pt =
                        _sealedTerms(who[p], ghostNonce[p], reserve, keccak256(abi.encode(r)));
                    if (kind == 1) {
                        pt.sealedReserveCommitment = t.sealedReserveCommitment;
                        copiedIdx = nParty;
                    }
                    partyIds[nParty] = _create(pt, true);
                    partyTerms[nParty++] = pt;
                    ++ghostNonce[p];
                } else if (kind == 2) {
                    IAuctionHouse.AuctionTerms memory pt = _publicTerms(who[p]);
                    partyIds[nParty] = _create(pt, false);
                    partyTerms[nParty++] = pt;
                } else if (kind == 3 && nParty != 0) {
                    // Cancel a third party's auction, to a random recipient.
                    uint256 j = (r >> 16) % nParty;
                    vm.prank(partyTerms[j].seller);
                    try house.cancel(partyIds[j], partyTerms[j], address(uint160(r >> 96))) {} catch {}
                } else if (kind == 4) {
                    // Creating in the seller's name, or with the seller's nonce, fails and moves nothing.
                    IAuctionHouse.AuctionTerms memory pt = _sealedTerms(who[p], ghostNonce[0], reserve, salt);
                    uint256 nextBefore = house.nextAuctionId();
                    vm.deal(who[p], pt.bond);
                    if ((r >> 16) % 2 == 0) {
                        pt.seller = SELLER;
                        vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.NotSeller.selector, who[p], SELLER));
                        vm.prank(who[p]);
                        house.create{value: pt.bond}(pt);
                    } else if (ghostNonce[0] != ghostNonce[p]) {
                        vm.expectRevert(
                            abi.encodeWithSelector(
                                IAuctionHouse.ReserveNonceMismatch.selector, ghostNonce[p], ghostNonce[0]
                            )
                        );
                        vm.prank(who[p]);
                        house.create{value: pt.bond}(pt);
                    }
                    assertEq(house.nextAuctionId(), nextBefore, "failed create moved the id");
                } else {
                    // The seller's own public-reserve creates do not move its nonce.
                    _create(_publicTerms(SELLER), false);
                }
            }

            // The prepared create goes through, whatever happened in between.
            uint256 expectedId = house.nextAuctionId();
            uint256 id = _create(t, true);
            assertEq(id, expectedId, "seller's create: id");
            ++ghostNonce[0];
            for (uint256 p; p < 3; ++p) {
                assertEq(house.reserveNonceOf(who[p]), ghostNonce[p], "nonce moved by someone else");
            }
            // A resubmission of the same terms is stale.
            IAuctionHouse.AuctionTerms memory again = abi.decode(abi.encode(t), (IAuctionHouse.AuctionTerms)); // a copy
            again.lotAmountOrId = nextTokenId++;
            nft.mint(SELLER, again.lotAmountOrId);
            vm.deal(SELLER, again.bond);
            vm.startPrank(SELLER);
            nft.approve(address(house), again.lotAmountOrId);
            vm.expectRevert(
                abi.encodeWithSelector(IAuctionHouse.ReserveNonceMismatch.selector, ghostNonce[0], t.reserveNonce)
            );
            house.create{value: again.bond}(again);
            vm.stopPrank();

            // The seller opens its reserve in the window; a copier cannot open the copied commitment.
            vm.warp(t.commitEnd);
            vm.prank(OPENER);
            house.revealReserve(id, t, reserve, salt);
            assertTrue(house.auctionState(id).reserveOpened, "seller's reserve opened");
            if (copiedIdx != type(uint256).max) {
                IAuctionHouse.AuctionTerms memory ct = partyTerms[copiedIdx];
                if (house.phaseOf(partyIds[copiedIdx]) == IAuctionHouse.Phase.OpeningReserve) {
                    vm.expectRevert(
                        abi.encodeWithSelector(IAuctionHouse.ReserveOpeningMismatch.selector, partyIds[copiedIdx])
                    );
                    vm.prank(ct.seller);
                    house.revealReserve(partyIds[copiedIdx], ct, reserve, salt);
                }
            }
            vm.warp(t.revealEnd);
        }
    }

    /*//////////////////////////////////////////////////////////////
                                HELPERS
    //////////////////////////////////////////////////////////////*/

    function _reserveCommitment(address seller, uint256 nonce, uint256 reserve, bytes32 salt)
        internal
        view
        returns (bytes32)
    {
        return keccak256(abi.encode(block.chainid, address(house), seller, nonce, reserve, salt));
    }

    function _terms(address seller, uint256 tokenId) internal view returns (IAuctionHouse.AuctionTerms memory t) {
        t.seller = seller;
        t.lotKind = IAuctionHouse.LotKind.ERC721;
        t.lotToken = address(nft);
        t.lotAmountOrId = tokenId;
        t.paymentToken = address(0);
        t.format = IAuctionHouse.Format.SecondPrice;
        t.bond = 0.1 ether;
        t.floorReserve = 0.5 ether;
    }

    function _publicTerms(address seller) internal returns (IAuctionHouse.AuctionTerms memory t) {
        t = _terms(seller, nextTokenId++);
        t.commitEnd = uint40(block.timestamp + 1 hours);
        t.revealEnd = uint40(block.timestamp + 3 hours);
    }

    function _sealedTerms(address seller, uint256 nonce, uint256 reserve, bytes32 salt)
        internal
        returns (IAuctionHouse.AuctionTerms memory t)
    {
        t = _publicTerms(seller);
        t.reserveEnd = uint40(block.timestamp + 2 hours);
        t.reserveNonce = uint64(nonce);
        t.sealedReserveCommitment = _reserveCommitment(seller, nonce, reserve, salt);
    }

    /// @dev Mints the lot to the seller and creates as the seller (with the reserve bond when sealed).
    function _create(IAuctionHouse.AuctionTerms memory t, bool sealedReserve) internal returns (uint256 id) {
        nft.mint(t.seller, t.lotAmountOrId);
        uint256 value = sealedReserve ? t.bond : 0;
        vm.deal(t.seller, value);
        vm.startPrank(t.seller);
        nft.approve(address(house), t.lotAmountOrId);
        id = house.create{value: value}(t);
        vm.stopPrank();
        assertEq(house.auctionState(id).termsHash, keccak256(abi.encode(t)), "create: terms hash");
    }
}
