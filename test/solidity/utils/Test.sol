// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm, vm} from "./Vm.sol";

/// @notice Minimal foundry-compatible test base: asserts that revert with a message, `bound`, and invariant
/// target registration. Hardhat's Solidity test runner calls `setUp()` before each test, fuzzes `testFuzz_*`
/// (any `test*` with parameters), and for `invariant_*` functions calls the contracts returned by
/// `targetContracts()` at random, checking every invariant after each call.
abstract contract Test {
    /// @dev Foundry's layout for `targetSelectors()`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetContracts;
    FuzzSelector[] private _targetSelectors;

    /*//////////////////////////////////////////////////////////////
                            INVARIANT TARGETS
    //////////////////////////////////////////////////////////////*/

    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    /// @dev Restricts the calls to `target` to these functions (others, e.g. end-of-run helpers, are not fuzzed).
    function targetSelectors(address target, bytes4[] memory selectors) internal {
        FuzzSelector storage s = _targetSelectors.push();
        s.addr = target;
        for (uint256 i; i < selectors.length; ++i) {
            s.selectors.push(selectors[i]);
        }
    }

    /// @dev Read by the invariant runner: only these contracts are called during a campaign.
    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    /// @dev Read by the invariant runner: the functions it may call on each target.
    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetSelectors;
    }

    /*//////////////////////////////////////////////////////////////
                                ASSERTS
    //////////////////////////////////////////////////////////////*/

    function fail(string memory message) internal pure {
        revert(message);
    }

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) revert(message);
    }

    function assertFalse(bool condition, string memory message) internal pure {
        if (condition) revert(message);
    }

    function assertEq(uint256 a, uint256 b, string memory message) internal pure {
        if (a != b) revert(string.concat(message, ": ", _str(a), " != ", _str(b)));
    }

    function assertEq(int256 a, int256 b, string memory message) internal pure {
        if (a != b) revert(string.concat(message, ": int mismatch"));
    }

    function assertEq(address a, address b, string memory message) internal pure {
        if (a != b) revert(string.concat(message, ": ", _hex(uint160(a), 20), " != ", _hex(uint160(b), 20)));
    }

    function assertEq(bytes32 a, bytes32 b, string memory message) internal pure {
        if (a != b) revert(string.concat(message, ": ", _hex(uint256(a), 32), " != ", _hex(uint256(b), 32)));
    }

    function assertEq(bool a, bool b, string memory message) internal pure {
        if (a != b) revert(string.concat(message, a ? ": true != false" : ": false != true"));
    }

    function assertLe(uint256 a, uint256 b, string memory message) internal pure {
        if (a > b) revert(string.concat(message, ": ", _str(a), " > ", _str(b)));
    }

    function assertGe(uint256 a, uint256 b, string memory message) internal pure {
        if (a < b) revert(string.concat(message, ": ", _str(a), " < ", _str(b)));
    }

    /*//////////////////////////////////////////////////////////////
                                 FUZZING
    //////////////////////////////////////////////////////////////*/

    /// @dev Maps x into [lo, hi] (forge-std semantics: values already in range are kept, so the fuzzer's
    /// boundary values stay boundary values).
    function bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        require(lo <= hi, "bound: lo > hi");
        if (x >= lo && x <= hi) return x;
        uint256 size = hi - lo;
        if (size == type(uint256).max) return x;
        size += 1;
        if (x <= 3 && size > x) return lo + x;
        if (x >= type(uint256).max - 3 && size > type(uint256).max - x) return hi - (type(uint256).max - x);
        if (x > hi) {
            uint256 diff = x - hi;
            uint256 rem = diff % size;
            if (rem == 0) return hi;
            return lo + rem - 1;
        }
        uint256 diffLo = lo - x;
        uint256 remLo = diffLo % size;
        if (remLo == 0) return lo;
        return hi - remLo + 1;
    }

    /*//////////////////////////////////////////////////////////////
                                 STRINGS
    //////////////////////////////////////////////////////////////*/

    function _str(uint256 v) internal pure returns (string memory) {
        if (v == 0) return "0";
        uint256 len;
        for (uint256 t = v; t != 0; t /= 10) ++len;
        bytes memory b = new bytes(len);
        for (; v != 0; v /= 10) b[--len] = bytes1(uint8(48 + v % 10));
        return string(b);
    }

    function _hex(uint256 v, uint256 nBytes) internal pure returns (string memory) {
        bytes memory b = new bytes(2 + 2 * nBytes);
        b[0] = "0";
        b[1] = "x";
        bytes16 digits = "0123456789abcdef";
        for (uint256 i = 2 * nBytes; i != 0; --i) {
            b[1 + i] = digits[v & 15];
            v >>= 4;
        }
        return string(b);
    }
}
