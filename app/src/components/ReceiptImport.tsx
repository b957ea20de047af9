"use client";
import { useId, useState } from "react";
import type { BidReceipt } from "../../../lib/receipt.js";
import { Problems } from "@/components/bits";
import { checkReceiptText, type ReceiptContext } from "@/core/receipt-check";

/**
 * Reads a receipt from a file or pasted text and accepts it only if it names this chain, contract and auction
 * and its amount and salt hash to the commitment on chain for its account (`check` says which, for either house).
 */
export function ReceiptImport({ check: context, onValid, label }: { check: ReceiptContext; onValid: (r: BidReceipt) => void; label: string }) {
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const id = useId();
  const check = (input: string) => {
    const result = checkReceiptText(input, context);
    if (result.ok) {
      setProblems([]);
      setText("");
      onValid(result.receipt);
    } else {
      setProblems(result.problems);
    }
  };
  return (
    <details className="import">
      <summary>{label}</summary>
      <div className="field">
        <label htmlFor={`${id}-file`}>Receipt file (.json)</label>
        <input id={`${id}-file`} type="file" accept="application/json,.json" data-testid="receipt-file"
          onChange={async (e) => { const f = e.target.files?.[0]; if (f) check(await f.text()); e.target.value = ""; }} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-text`}>…or paste it</label>
        <textarea id={`${id}-text`} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      </div>
      <button type="button" className="btn btn-small" disabled={text.trim() === ""} onClick={() => check(text)}>Check receipt</button>
      <Problems items={problems} id={`${id}-problems`} />
    </details>
  );
}
