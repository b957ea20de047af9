// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Test-only contract account for the k-unit house: it forwards any call (so it can commit, claim or sell
/// as a contract), and its ETH receipts and ERC-1155 receipts can be made to revert or to burn every unit of gas
/// they are given, to show that a hostile receiver delays only its own payout. Its ERC-1155 hook can also re-enter
/// any contract with a call set in advance, recording whether that call succeeded.
contract UnitReceiver {
    bool public rejectEth;
    bool public burnOnEth;
    bool public reject1155;
    bool public burnOn1155;
    address public reenterTarget;
    bytes public reenterCall;
    bool public reentryAttempted;
    bool public reentrySucceeded;
    bytes public reentryResult;

    function setEth(bool reject, bool burn) external {
        rejectEth = reject;
        burnOnEth = burn;
    }

    function set1155(bool reject, bool burn) external {
        reject1155 = reject;
        burnOn1155 = burn;
    }

    function setReentry(address target, bytes calldata data) external {
        reenterTarget = target;
        reenterCall = data;
        reentryAttempted = false;
    }

    /// @dev Calls `target` with `data` and `value`, bubbling a revert.
    function forward(address target, uint256 value, bytes calldata data) external payable returns (bytes memory result) {
        bool ok;
        (ok, result) = target.call{value: value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }

    receive() external payable {
        require(!rejectEth, "no ETH");
        if (burnOnEth) _burn();
    }

    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external returns (bytes4) {
        require(!reject1155, "no ERC-1155");
        if (burnOn1155) _burn();
        if (reenterTarget != address(0) && !reentryAttempted) {
            reentryAttempted = true;
            (reentrySucceeded, reentryResult) = reenterTarget.call(reenterCall);
        }
        return this.onERC1155Received.selector;
    }

    function onERC1155BatchReceived(address, address, uint256[] calldata, uint256[] calldata, bytes calldata)
        external
        view
        returns (bytes4)
    {
        require(!reject1155, "no ERC-1155");
        if (burnOn1155) _burn();
        return this.onERC1155BatchReceived.selector;
    }

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == 0x4e2312e0 || interfaceId == 0x01ffc9a7;
    }

    function _burn() private pure {
        // Spins until out of gas: the caller loses every unit it forwarded.
        uint256 x;
        for (;;) x = uint256(keccak256(abi.encode(x)));
    }
}
