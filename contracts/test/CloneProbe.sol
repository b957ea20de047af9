// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";

/// @notice Test-only: measures what a factory of minimal clones would cost, for the deployment-design
/// comparison in the gas benchmark (a clone per auction instead of one singleton).
contract CloneProbe {
    event Cloned(address clone);

    function clone(address implementation) external returns (address instance) {
        instance = Clones.clone(implementation);
        emit Cloned(instance);
    }

    /// @dev A clone carrying the auction's terms as immutable arguments (read back with CODECOPY).
    function cloneWithArgs(address implementation, bytes calldata args) external returns (address instance) {
        instance = Clones.cloneWithImmutableArgs(implementation, args);
        emit Cloned(instance);
    }
}
