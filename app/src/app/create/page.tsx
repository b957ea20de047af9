import type { Metadata } from "next";
import { parseCreatePrefill } from "../lab/_lib/prefill";
import { CreateForm } from "./_components/CreateForm";

export const metadata: Metadata = { title: "Create an auction" };

/** `?format=…&floorReserve=…&bond=…` (from the mechanism lab's "use these settings") pre-fills the form. */
export default async function CreatePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <CreateForm prefill={parseCreatePrefill(await searchParams)} />;
}
