import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { LRUCache } from "lru-cache";
import type { Warehouse } from "./warehouse";

// Metric reads answered from memory while the warehouse's data version is
// unchanged: data_version is bumped by triggers in the same transaction as
// every change to metric values and definitions (migration
// 20261207090000_data_version), whichever process makes it (compute through
// the CLI included); its `definitions` counter moves only with definitions
// (20261207120000_definitions_version), so reads of definitions alone outlive
// a compute. The version is read before the data, so an entry is
// never older than its version. Keys carry everything an answer depends on,
// the viewer's access scope included: viewers who may see different rows
// never share an entry.

const MAX_ENTRIES = 256;

interface Entry {
  version: string;
  value: Promise<unknown>;
}

/** `data`: any metric value or definition changed; `definitions`: a definition changed. */
export interface DataVersions {
  data: string;
  definitions: string;
}

const caches = { data: new WeakMap<Warehouse, LRUCache<string, Entry>>(), definitions: new WeakMap<Warehouse, LRUCache<string, Entry>>() };
const versionReads = new WeakMap<Warehouse, Promise<DataVersions>>();
// The versions a cached read was checked against, for the cached reads it
// makes in turn (a series reads definitions): read once per answer, not once
// per nested read. They were read before any of the nested reads' data too.
const checkedVersions = new AsyncLocalStorage<{ wh: Warehouse; versions: DataVersions }>();

/**
 * The warehouse's versions. Reads asked while one is on its way share it
 * (the overview's tiles, concurrent requests): one query instead of one each.
 */
export function readDataVersions(wh: Warehouse): Promise<DataVersions> {
  const inFlight = versionReads.get(wh);
  if (inFlight) return inFlight;
  const read = wh.sql
    .query<{ version: string; definitions: string }>(`SELECT version::text AS version, definitions::text AS definitions FROM data_version WHERE id = 1`)
    .then(([row]) => ({ data: row?.version ?? "none", definitions: row?.definitions ?? "none" }))
    .finally(() => {
      if (versionReads.get(wh) === read) versionReads.delete(wh);
    });
  versionReads.set(wh, read);
  return read;
}

export const readDataVersion = async (wh: Warehouse): Promise<string> => (await readDataVersions(wh)).data;

/**
 * `read()`'s answer for `key`, from memory when it was read at the current
 * data version; concurrent misses share one read, and a failed read is not kept.
 */
export function cachedRead<T>(wh: Warehouse, key: string, read: () => Promise<T>): Promise<T> {
  return cachedAt(wh, "data", key, read);
}

/** The same for reads of metric definitions alone: kept while no definition changed, across computes. */
export function cachedDefinitionsRead<T>(wh: Warehouse, key: string, read: () => Promise<T>): Promise<T> {
  return cachedAt(wh, "definitions", key, read);
}

async function cachedAt<T>(wh: Warehouse, kind: keyof DataVersions, key: string, read: () => Promise<T>): Promise<T> {
  const outer = checkedVersions.getStore();
  const versions = outer?.wh === wh ? outer.versions : await readDataVersions(wh);
  const version = versions[kind];
  let cache = caches[kind].get(wh);
  if (!cache) caches[kind].set(wh, (cache = new LRUCache<string, Entry>({ max: MAX_ENTRIES })));
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.value as Promise<T>;
  const value = checkedVersions.run({ wh, versions }, read);
  const entry: Entry = { version, value };
  cache.set(key, entry);
  value.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return value;
}
