import { DEFAULT_MAX_LAG_BLOCKS } from "@/core/list-source";

/**
 * The indexer serving the app's lists (indexer/, `npm start` runs one on 127.0.0.1:42069), set at build
 * time with NEXT_PUBLIC_INDEXER_URL. Without it every list is rebuilt in the browser from logs.
 */
export const indexerUrl: string | null = (process.env.NEXT_PUBLIC_INDEXER_URL || "").replace(/\/+$/, "") || null;
export const indexerMaxLag = Number(process.env.NEXT_PUBLIC_INDEXER_MAX_LAG_BLOCKS || DEFAULT_MAX_LAG_BLOCKS);
