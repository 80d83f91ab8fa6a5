// Warehouse factories for table-driven integration tests: every test that
// touches SQL runs once on embedded PGlite and once on real PostgreSQL.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateWarehouse } from "@/lib/db/migrate";
import { openWarehouse, type Warehouse } from "@/lib/db/warehouse";
import { createTestDatabase } from "./postgres";

/** A fresh, migrated warehouse; dispose() closes it and deletes its data. */
export type TestWarehouse = Warehouse & { dispose(): Promise<void> };

export interface WarehouseFactory {
  name: "pglite" | "postgres";
  open(): Promise<TestWarehouse>;
}

async function migrated(
  warehouse: Warehouse,
  cleanup: () => Promise<void>,
): Promise<TestWarehouse> {
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    try {
      await warehouse.close();
    } finally {
      await cleanup();
    }
  };
  try {
    await migrateWarehouse(warehouse.sql);
  } catch (error) {
    await dispose();
    throw error;
  }
  return Object.assign(warehouse, { dispose });
}

export async function openPgliteTestWarehouse(): Promise<TestWarehouse> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "triad-test-pglite-"));
  const remove = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  let warehouse: Warehouse;
  try {
    warehouse = await openWarehouse({ dataDir });
  } catch (error) {
    await remove();
    throw error;
  }
  return migrated(warehouse, remove);
}

export async function openPostgresTestWarehouse(): Promise<TestWarehouse> {
  const database = await createTestDatabase("warehouse");
  let warehouse: Warehouse;
  try {
    warehouse = await openWarehouse({ databaseUrl: database.url, poolSize: 4 });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return migrated(warehouse, () => database.drop());
}

export const WAREHOUSES: readonly WarehouseFactory[] = [
  { name: "pglite", open: openPgliteTestWarehouse },
  { name: "postgres", open: openPostgresTestWarehouse },
];
