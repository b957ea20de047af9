// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Errors of the shared rules
/// @notice The custom errors thrown by `contracts/libraries/` (payments, token checks), declared once so that a
/// house's ABI lists each once: a house interface inherits this one instead of redeclaring them.
interface IHouseErrors {
    /// @notice Thrown when a token transfer moved a different amount than requested, in or out (fee-on-transfer).
    error TransferAmountMismatch(address token, uint256 expected, uint256 received);
    /// @notice Thrown when the house cannot read its own balance of a token around a payment.
    error TokenBalanceUnreadable(address token);
    /// @notice Thrown when sending ETH to a recipient the caller chose failed.
    error EthTransferFailed(address recipient, uint256 amount);
    /// @notice Thrown when a call that must push a refund is sent with too little gas to give the push its full
    /// cap: a caller could otherwise starve the push on purpose and turn the bidder's refund into a claim.
    error InsufficientGasForRefund(uint256 gasLeft, uint256 needed);
    /// @notice Thrown when settlement, which delivers the lot, is sent with too little gas to give that push its full
    /// cap: a caller could otherwise make the delivery fail on purpose and leave the owner a claim.
    error InsufficientGasForDelivery(uint256 gasLeft, uint256 needed);
    /// @notice Thrown when opening (or recovering) a hidden deposit is sent with too little gas for its vault's sweep
    /// to run in full: a caller could otherwise starve the sweep on purpose and make the bid invalid.
    error InsufficientGasForVault(uint256 gasLeft, uint256 needed);
    /// @notice Thrown when a token has no code: nothing could ever be escrowed, paid or delivered in it.
    error NotAContract(address token);
    /// @notice Thrown when an ERC-721 or ERC-1155 contract (by ERC-165, or an ERC-20 lot the house then holds as an
    /// NFT) is given as an ERC-20 lot or payment token: its `transferFrom`/`balanceOf` would pass for an ERC-20's.
    error NotAnERC20(address token);
}
