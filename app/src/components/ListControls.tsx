"use client";
import { useState } from "react";
import type { ListSource } from "@/core/list-source";
import { PHASE_LABEL } from "@/core/phase";
import { DEFAULT_LIST_QUERY, LIST_PHASES, type ListQuery, type ListSort } from "../../../lib/indexed.js";
import { FORMATS } from "../../../lib/auction.js";
import { Note } from "./bits";

/** Where the list came from: a notice when it fell back to logs, a quiet line when the indexer served it. */
export function SourceNotice({ source, block }: { source: ListSource | undefined; block?: bigint | null }) {
  if (!source) return null;
  return (
    <div data-testid="list-source" data-source={source.kind}>
      {source.kind === "logs" ? <Note tone="warn">{source.notice}</Note> : <p className="muted small">Served by the indexer{block != null ? ` (indexed to block ${block})` : ""}.</p>}
    </div>
  );
}

const SORTS: { label: string; sort: ListSort; order: "asc" | "desc" }[] = [
  { label: "Newest first", sort: "id", order: "desc" },
  { label: "Oldest first", sort: "id", order: "asc" },
  { label: "Commit window closes first", sort: "commitEnd", order: "asc" },
  { label: "Reveal window closes first", sort: "revealEnd", order: "asc" },
  { label: "Most bids", sort: "bids", order: "desc" },
];

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** Filters and sort of a list query; any change starts again from the first page. */
export function ListFilters({ query, onChange }: { query: ListQuery; onChange: (q: ListQuery) => void }) {
  const set = (patch: Partial<ListQuery>) => onChange({ ...query, ...patch, cursor: undefined });
  const sortIndex = Math.max(0, SORTS.findIndex((s) => s.sort === query.sort && s.order === query.order));
  return (
    <form className="list-filters" aria-label="Filter auctions" onSubmit={(e) => e.preventDefault()}>
      <label>Phase{" "}
        <select value={query.phase ?? ""} onChange={(e) => set({ phase: (e.target.value || undefined) as ListQuery["phase"] })}>
          <option value="">Any</option>
          {LIST_PHASES.map((p) => <option key={p} value={p}>{PHASE_LABEL[p] ?? p}</option>)}
        </select>
      </label>
      <label>Format{" "}
        <select value={query.format ?? ""} onChange={(e) => set({ format: (e.target.value || undefined) as ListQuery["format"] })}>
          <option value="">Any</option>
          {FORMATS.map((f) => <option key={f} value={f}>{f === "first-price" ? "First price" : "Second price"}</option>)}
        </select>
      </label>
      <label>Sort{" "}
        <select value={sortIndex} onChange={(e) => { const s = SORTS[Number(e.target.value)]; set({ sort: s.sort, order: s.order }); }}>
          {SORTS.map((s, i) => <option key={s.label} value={i}>{s.label}</option>)}
        </select>
      </label>
      <label>Per page{" "}
        <select value={query.limit} onChange={(e) => set({ limit: Number(e.target.value) })}>
          {[5, 10, 20, 50, 100].map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <AddressFilter label="Seller" value={query.seller} onChange={(seller) => set({ seller })} />
      <AddressFilter label="Bidder" value={query.bidder} onChange={(bidder) => set({ bidder })} />
      <AddressFilter label="Lot token" value={query.lotToken} onChange={(lotToken) => set({ lotToken })} />
      {JSON.stringify({ ...query, cursor: undefined }) !== JSON.stringify(DEFAULT_LIST_QUERY) ? (
        <button type="button" className="btn btn-small" onClick={() => onChange({ ...DEFAULT_LIST_QUERY })}>Clear filters</button>
      ) : null}
    </form>
  );
}

function AddressFilter({ label, value, onChange }: { label: string; value: `0x${string}` | undefined; onChange: (v: `0x${string}` | undefined) => void }) {
  const [text, setText] = useState(value ?? "");
  const bad = text !== "" && !ADDRESS.test(text);
  return (
    <label>{label}{" "}
      <input className="mono" placeholder="0x…" size={14} value={text} aria-invalid={bad}
        onChange={(e) => {
          const t = e.target.value.trim();
          setText(t);
          if (t === "") onChange(undefined);
          else if (ADDRESS.test(t)) onChange(t as `0x${string}`);
        }} />
    </label>
  );
}

/** Keyset pages: a stack of the cursors that led here. */
export function usePager(query: ListQuery, onChange: (q: ListQuery) => void) {
  const [stack, setStack] = useState<(string | undefined)[]>([]);
  return {
    page: stack.length + 1,
    next: (cursor: string) => { setStack([...stack, query.cursor]); onChange({ ...query, cursor }); },
    prev: () => { const s = stack.slice(0, -1); setStack(s); onChange({ ...query, cursor: stack.at(-1) }); },
    reset: () => setStack([]),
  };
}

export function Pager({ page, total, limit, nextCursor, onNext, onPrev }: { page: number; total: number; limit: number; nextCursor: string | null; onNext: () => void; onPrev: () => void }) {
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="btn btn-small" disabled={page <= 1} onClick={onPrev}>← Previous</button>
      <span data-testid="pager-status">Page {page} of {pages} · {total} auction{total === 1 ? "" : "s"}</span>
      <button type="button" className="btn btn-small" disabled={!nextCursor} onClick={onNext}>Next →</button>
    </nav>
  );
}
