/** Logs of the AuctionHouse as an RPC endpoint would return them, for tests that build histories from logs alone. */
import { encodeAbiParameters, encodeEventTopics, getAddress, keccak256, toHex, type Hex } from "viem";
import { auctionHouseAbi } from "../../../lib/abi.js";
import type { RpcLog } from "../../../lib/logs.js";

/** The emitter of every fake log. */
export const FAKE_HOUSE = getAddress("0x00000000000000000000000000000000000a0c71");

/** A log of the AuctionHouse event `name` in block `block` at `index`; its transaction hash is derived from both unless `extra` says. */
export function fakeLog(name: string, args: Record<string, unknown>, block: number, index = 0, extra: Partial<RpcLog> = {}): RpcLog {
  const event = auctionHouseAbi.find((i) => i.type === "event" && i.name === name) as Extract<(typeof auctionHouseAbi)[number], { type: "event" }>;
  const topics = encodeEventTopics({ abi: [event], eventName: name, args } as never) as Hex[];
  const nonIndexed = event.inputs.filter((i) => !("indexed" in i && i.indexed));
  const data = encodeAbiParameters(nonIndexed as never, nonIndexed.map((i) => args[i.name!]) as never);
  return {
    address: FAKE_HOUSE, topics, data, blockNumber: toHex(block), blockHash: toHex(block, { size: 32 }),
    transactionHash: keccak256(toHex(`${block}/${index}`)), transactionIndex: "0x0", logIndex: toHex(index), removed: false, ...extra,
  };
}
