import type { Metadata } from "next";
import { KUnitCreateForm } from "./_components/KUnitCreateForm";

export const metadata: Metadata = { title: "Create a k-unit auction" };

export default function KUnitCreatePage() {
  return <KUnitCreateForm />;
}
