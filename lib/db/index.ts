import "server-only";
import { env } from "@/lib/env";
import { openWarehouseFromEnv, type Warehouse } from "./warehouse";

export type { Warehouse } from "./warehouse";
export type { SqlClient, SqlExecutor, SqlParam } from "./sql-client";

// One warehouse per server process, kept across hot reloads in development.
const holder = globalThis as unknown as { triadWarehouse?: Promise<Warehouse> };

/** The app's warehouse. The embedded one is also served to the CLI on 127.0.0.1. */
export function getWarehouse(): Promise<Warehouse> {
  holder.triadWarehouse ??= openWarehouseFromEnv({
    serveSocketPort: env.DATABASE_URL ? undefined : env.TRIAD_PGLITE_PORT,
  }).catch((error: unknown) => {
    holder.triadWarehouse = undefined;
    throw error;
  });
  return holder.triadWarehouse;
}
