import { AuctionList } from "./_components/AuctionList";
import { RpcGate } from "@/components/RpcGate";

export default function AuctionsPage() {
  return <RpcGate><AuctionList /></RpcGate>;
}
