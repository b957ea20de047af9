/**
 * A tiny key-value interface so secret storage is testable without a browser: the app passes
 * `window.localStorage` (durable, per-origin, survives closed tabs and restarts), tests pass a Map.
 */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
  keys(): string[];
}

/** The subset of the DOM `Storage` interface the app uses. */
export interface StorageLike {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function storageStore(storage: StorageLike): KeyValueStore {
  return {
    get: (k) => storage.getItem(k),
    // setItem throws when the quota is exceeded or storage is disabled: the caller must not go on to commit.
    set: (k, v) => storage.setItem(k, v),
    remove: (k) => storage.removeItem(k),
    keys: () => {
      const out: string[] = [];
      for (let i = 0; i < storage.length; i++) {
        const k = storage.key(i);
        if (k !== null) out.push(k);
      }
      return out;
    },
  };
}

export function memoryStore(initial?: Record<string, string>): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>(Object.entries(initial ?? {}));
  return {
    map,
    get: (k) => map.get(k) ?? null,
    set: (k, v) => void map.set(k, v),
    remove: (k) => void map.delete(k),
    keys: () => [...map.keys()],
  };
}
