/** Recipients the user types (cancel sends the lot and any reserve bond there): a plain sentence when unusable. */
import { isAddress } from "viem";
import { ZERO_ADDRESS } from "../../../lib/auction.js";

export function recipientProblem(text: string): string | null {
  const t = text.trim();
  if (!isAddress(t, { strict: false })) return "Enter the address that should receive the lot (and any reserve bond).";
  if (t.toLowerCase() === ZERO_ADDRESS) return "The recipient must not be the zero address.";
  return null;
}
