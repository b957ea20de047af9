// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title TopSet
/// @notice The standing top set of a k-unit auction: the (at most) k best valid bids opened so far, kept while
/// revealing so that settlement is O(1). A bid's rank is its key: a higher amount ranks higher, and among equal
/// amounts the earlier commitment (lower order) ranks higher (CREDIBILITY.md rule 5), whatever the reveal order.
/// @dev Layout: an ascending singly linked list (the head is the lowest member, the next one to be displaced) in
/// a pool of k node slots numbered 1..k. Slots are handed out from k downwards while the set fills; once it is
/// full, a bid that beats the head takes the head's slot, so a full set's insertion rewrites warm, non-zero
/// slots only. A node is one word: key (amount << 32 | ~order) in bits 0..143, the next slot in bits 144..159.
/// The slot numbers of members and the empty slots are told apart by content: an empty slot is 0, a member's
/// key never is (its low 32 bits are ~order with 1 <= order < 2^32 - 1).
///
/// Insertion takes a hint: the slot of the member that will rank just below the new bid (0: it ranks lowest).
/// The hint is checked, never trusted: it must be a member ranked below the bid, and the insertion walks up
/// from it to the first member ranked above. A hint that is not a member or ranks above the bid (stale: evicted,
/// its slot reused; or garbage) starts the walk at the head. The walk stops after {MAX_WALK} steps and reports
/// failure (the house reverts with `HintTooFar`, and a client retries with a fresh hint). Whatever the hint, the
/// resulting order is the same, so a bad hint costs its sender gas and nothing else.
library TopSet {
    /// @notice The standing of the top set: one storage word, read by every reveal.
    struct Standing {
        uint16 free; // empty node slots left (k - members); the next member takes slot `free`
        uint16 head; // slot of the lowest member (0 while empty)
        uint112 headAmount; // its amount
        uint112 threshold; // max(effective reserve, highest valid bid not in the set): the uniform price
    }

    /// @dev Steps an insertion may walk from its hint before giving up (a step is one cold node read, ~2,200 gas).
    uint256 internal constant MAX_WALK = 16;

    uint256 internal constant ORDER_BITS = 32;
    uint256 internal constant ORDER_MASK = (1 << 32) - 1;
    uint256 internal constant KEY_MASK = (1 << 144) - 1;
    uint256 internal constant AMOUNT_MASK = (1 << 112) - 1;
    uint256 internal constant NEXT_SHIFT = 144;
    uint256 internal constant SLOT_MASK = (1 << 16) - 1;

    /// @dev The rank of a bid: greater is better.
    function key(uint256 amount, uint256 order) internal pure returns (uint256) {
        return (amount << ORDER_BITS) | (ORDER_MASK - order);
    }

    /// @dev The commit order stored in a node (type(uint32).max for an empty slot).
    function orderOf(uint256 node) internal pure returns (uint256) {
        return ORDER_MASK - (node & ORDER_MASK);
    }

    /// @dev The amount stored in a node.
    function amountOf(uint256 node) internal pure returns (uint256) {
        return (node >> ORDER_BITS) & AMOUNT_MASK;
    }

    /// @dev The slot after `node` (0 at the top).
    function nextOf(uint256 node) internal pure returns (uint256) {
        return node >> NEXT_SHIFT;
    }

    /// @dev Whether a valid bid enters the set: while it has room, any bid at or above the threshold (then the
    /// effective reserve); once full, a bid that ranks above the head. Reads the head node only on an amount tie.
    function enters(mapping(uint256 => uint256) storage nodes, Standing memory st, uint256 amount, uint256 order)
        internal
        view
        returns (bool)
    {
        if (st.free != 0) return amount >= st.threshold;
        if (amount != st.headAmount) return amount > st.headAmount;
        return order < orderOf(nodes[st.head]);
    }

    /// @dev Inserts a bid that {enters}. When the set is full, the head is displaced first (its amount raises the
    /// threshold) and the bid takes its slot. Returns placed = false, having written nothing, when the walk from
    /// the hint would exceed {MAX_WALK}; `st` is then to be discarded.
    /// @return placed Whether the bid was inserted.
    /// @return slot The bid's node slot.
    /// @return displacedOrder Commit order of the displaced head (0 if none).
    function insert(
        mapping(uint256 => uint256) storage nodes,
        Standing memory st,
        uint256 amount,
        uint256 order,
        uint256 hint
    ) internal returns (bool placed, uint256 slot, uint256 displacedOrder) {
        uint256 k = key(amount, order);
        uint256 head = st.head;
        uint256 headNode; // the node at `head`, once read (0: not read)
        if (st.free == 0) {
            slot = head;
            uint256 h = nodes[slot];
            displacedOrder = orderOf(h);
            if (st.headAmount > st.threshold) st.threshold = st.headAmount;
            head = nextOf(h);
        } else {
            slot = st.free;
            st.free = uint16(slot - 1);
        }

        uint256 prev; // slot of the member below the new bid (0: none)
        uint256 prevNode;
        uint256 next = head;
        if (hint != 0 && hint != slot && hint <= SLOT_MASK) {
            uint256 n = nodes[hint];
            // A member ranked below the bid is a valid start; anything else starts from the head.
            if (n != 0 && n & KEY_MASK < k) {
                prev = hint;
                prevNode = n;
                next = nextOf(n);
            }
        }
        uint256 steps;
        while (next != 0) {
            uint256 n = nodes[next];
            if (next == head) headNode = n;
            if (n & KEY_MASK > k) break;
            if (steps == MAX_WALK) return (false, 0, 0);
            unchecked {
                ++steps;
            }
            prev = next;
            prevNode = n;
            next = nextOf(n);
        }

        nodes[slot] = k | (next << NEXT_SHIFT);
        if (prev == 0) {
            st.head = uint16(slot);
            st.headAmount = uint112(amount);
        } else {
            nodes[prev] = (prevNode & ~(SLOT_MASK << NEXT_SHIFT)) | (slot << NEXT_SHIFT);
            if (head != st.head) {
                // The head was displaced and the bid ranks above its successor, which is the new head.
                if (headNode == 0) headNode = nodes[head];
                st.head = uint16(head);
                st.headAmount = uint112(amountOf(headNode));
            }
        }
        return (true, slot, displacedOrder);
    }
}
