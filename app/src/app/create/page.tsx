import type { Metadata } from "next";
import { CreateForm } from "./_components/CreateForm";

export const metadata: Metadata = { title: "Create an auction" };

export default function CreatePage() {
  return <CreateForm />;
}
