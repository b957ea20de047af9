import type { Metadata } from "next";
import { LabPage } from "./_components/LabPage";

export const metadata: Metadata = { title: "Mechanism lab" };

export default function MechanismLabPage() {
  return <LabPage />;
}
