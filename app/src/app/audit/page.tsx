import type { Metadata } from "next";
import { AuditIndex } from "./AuditIndex";
import { RpcGate } from "@/components/RpcGate";

export const metadata: Metadata = { title: "Audit" };

export default function AuditPage() {
  return <RpcGate><AuditIndex /></RpcGate>;
}
