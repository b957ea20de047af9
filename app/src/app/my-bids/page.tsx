import type { Metadata } from "next";
import { MyBids } from "./_components/MyBids";
import { RpcGate } from "@/components/RpcGate";

export const metadata: Metadata = { title: "My bids" };

export default function MyBidsPage() {
  return <RpcGate><MyBids /></RpcGate>;
}
