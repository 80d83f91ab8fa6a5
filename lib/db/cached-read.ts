import "server-only";
import { LRUCache } from "lru-cache";
import type { Warehouse } from "./warehouse";

// Metric reads answered from memory while the warehouse's data version is
// unchanged: data_version is bumped by triggers in the same transaction as
// every change to metric values and definitions (migration
// 20261207090000_data_version), whichever process makes it (compute through
// the CLI included). The version is read before the data, so an entry is
// never older than its version. Keys carry everything an answer depends on,
// the viewer's access scope included: viewers who may see different rows
// never share an entry.

const MAX_ENTRIES = 256;

interface Entry {
  version: string;
  value: Promise<unknown>;
}

const caches = new WeakMap<Warehouse, LRUCache<string, Entry>>();
const versionReads = new WeakMap<Warehouse, Promise<string>>();

/**
 * The warehouse's data version. Reads asked while one is on its way share it
 * (the overview's tiles, concurrent requests): one query instead of one each.
 */
export function readDataVersion(wh: Warehouse): Promise<string> {
  const inFlight = versionReads.get(wh);
  if (inFlight) return inFlight;
  const read = wh.sql
    .query<{ version: string | number }>(`SELECT version::text AS version FROM data_version WHERE id = 1`)
    .then(([row]) => String(row?.version ?? "none"))
    .finally(() => {
      if (versionReads.get(wh) === read) versionReads.delete(wh);
    });
  versionReads.set(wh, read);
  return read;
}

/**
 * `read()`'s answer for `key`, from memory when it was read at the current
 * data version; concurrent misses share one read, and a failed read is not kept.
 */
export async function cachedRead<T>(wh: Warehouse, key: string, read: () => Promise<T>): Promise<T> {
  const version = await readDataVersion(wh);
  let cache = caches.get(wh);
  if (!cache) caches.set(wh, (cache = new LRUCache<string, Entry>({ max: MAX_ENTRIES })));
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.value as Promise<T>;
  const value = read();
  const entry: Entry = { version, value };
  cache.set(key, entry);
  value.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return value;
}
