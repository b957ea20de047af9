// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IAuctionHouse} from "../interfaces/IAuctionHouse.sol";

/// @notice Test-only: runs a reveal with an exact gas budget in a frame that is then rolled back, and reports
/// whether the reveal succeeded and where the bidder's refund ended (paid, or deferred as a claim). Red-team mock.
contract RedteamGasProbe {
    error Outcome(bool revealOk, uint256 positionStatus);

    struct Reveal {
        address house;
        uint256 auctionId;
        address bidder;
        uint256 amount;
        bytes32 salt;
        uint256 deposit;
        uint256 order;
    }

    function attempt(Reveal calldata r, uint256 gasBudget) external {
        (bool ok,) = r.house.call{gas: gasBudget}(
            abi.encodeCall(IAuctionHouse.reveal, (r.auctionId, r.bidder, r.amount, r.salt, r.deposit, r.order))
        );
        (IAuctionHouse.PositionStatus st,) = IAuctionHouse(r.house).positionOf(r.auctionId, r.bidder);
        revert Outcome(ok, uint256(st));
    }

    /// @return firstOk smallest budget in the range whose reveal succeeded (0 if none)
    /// @return deferredOk budgets whose reveal succeeded with the refund deferred
    /// @return paidOk budgets whose reveal succeeded with the refund paid
    function scan(Reveal calldata r, uint256 from, uint256 to, uint256 step)
        external
        returns (uint256 firstOk, uint256 deferredOk, uint256 paidOk)
    {
        for (uint256 g = from; g <= to; g += step) {
            (, bytes memory ret) = address(this).call(abi.encodeCall(this.attempt, (r, g)));
            require(ret.length == 68 && bytes4(ret) == Outcome.selector, "probe");
            bool ok;
            uint256 st;
            assembly {
                ok := mload(add(ret, 36))
                st := mload(add(ret, 68))
            }
            if (!ok) continue;
            if (firstOk == 0) firstOk = g;
            if (st == uint256(IAuctionHouse.PositionStatus.Held)) deferredOk++;
            else paidOk++;
        }
    }
}

/// @notice Test-only contract bidder whose receive() succeeds only if it was given (almost) the full ETH push cap
/// of 30,000 gas plus the 2,300 stipend: any starved push shows up as a deferral. Red-team mock.
contract RedteamEthGasSensor {
    function commit(IAuctionHouse house, uint256 auctionId, bytes32 commitment) external payable {
        house.commit{value: msg.value}(auctionId, commitment, msg.value);
    }

    receive() external payable {
        if (gasleft() < 32_200) revert("starved");
    }
}

/// @notice Test-only ERC-20 whose transfer() succeeds only with (almost) the full 60,000-gas token push cap.
contract RedteamGasSensingERC20 is ERC20 {
    constructor() ERC20("Sensing", "SNS") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function transfer(address to, uint256 amount) public override returns (bool) {
        if (gasleft() < 59_500) revert("starved");
        return super.transfer(to, amount);
    }
}

/// @notice Test-only: reads the phase and tries one house call in the same block, so a test can check that what
/// phaseOf says is what the entry points allow at every window boundary. Red-team mock.
contract RedteamPhaseProbe {
    event Observed(uint8 phase, bool ok, bytes ret);

    function observe(address house, uint256 auctionId, bytes calldata action) external {
        IAuctionHouse.Phase p = IAuctionHouse(house).phaseOf(auctionId);
        (bool ok, bytes memory ret) = house.call(action);
        emit Observed(uint8(p), ok, ret);
    }
}
