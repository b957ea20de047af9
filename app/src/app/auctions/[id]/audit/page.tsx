import type { Metadata } from "next";
import { AuditView } from "./_components/AuditView";
import { RpcGate } from "@/components/RpcGate";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Audit of auction #${(await params).id}` };
}

export default async function AuctionAuditPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RpcGate><AuditView id={id} /></RpcGate>;
}
