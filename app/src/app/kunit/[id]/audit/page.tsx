import type { Metadata } from "next";
import { RpcGate } from "@/components/RpcGate";
import { KUnitAuditView } from "./_components/KUnitAuditView";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Audit of k-unit auction #${(await params).id}` };
}

export default async function KUnitAuditPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RpcGate><KUnitAuditView id={id} /></RpcGate>;
}
