import type { Metadata } from "next";
import { AuctionView } from "./_components/AuctionView";
import { RpcGate } from "@/components/RpcGate";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Auction #${(await params).id}` };
}

export default async function AuctionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RpcGate><AuctionView id={id} /></RpcGate>;
}
