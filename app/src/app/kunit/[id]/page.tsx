import type { Metadata } from "next";
import { RpcGate } from "@/components/RpcGate";
import { KUnitView } from "./_components/KUnitView";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `k-unit auction #${(await params).id}` };
}

/** A k-unit auction of the KUnitAuctionHouse (its ids are its own, apart from the single-item house's). */
export default async function KUnitAuctionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RpcGate><KUnitView id={id} /></RpcGate>;
}
