import "server-only";
import { env } from "@/lib/env";
import { openWarehouseFromEnv, type Warehouse } from "./warehouse";

export type { Warehouse } from "./warehouse";
export type { ReplicaStatus } from "./warehouse-health-schema";
export type { SqlClient, SqlExecutor, SqlParam } from "./sql-client";

// One warehouse per server process, kept across hot reloads in development; the
// read replica's router (./read-warehouse) is kept beside it.
const holder = globalThis as unknown as { triadWarehouse?: Promise<Warehouse>; triadReadRouter?: Promise<{ close(): Promise<void> }> };

/** The app's warehouse. The embedded one is also served to the CLI on 127.0.0.1. */
export function getWarehouse(): Promise<Warehouse> {
  if (!holder.triadWarehouse) {
    holder.triadWarehouse = openWarehouseFromEnv({
      serveSocketPort: env.DATABASE_URL ? undefined : env.TRIAD_PGLITE_PORT,
    }).catch((error: unknown) => {
      holder.triadWarehouse = undefined;
      throw error;
    });
    closeOnExit(holder.triadWarehouse);
  }
  return holder.triadWarehouse;
}

/** Closes the replica's connections and the primary (shutdown, tests). */
export async function closeWarehouses(): Promise<void> {
  const router = holder.triadReadRouter;
  const primary = holder.triadWarehouse;
  holder.triadReadRouter = undefined;
  holder.triadWarehouse = undefined;
  await router?.then((r) => r.close()).catch(() => undefined);
  await primary?.then((wh) => wh.close());
}

// PGlite writes its folder from memory: close it before the process ends, so a
// stopped server leaves a consistent warehouse and frees its lock and port.
function closeOnExit(warehouse: Promise<Warehouse>) {
  const close = (signal: NodeJS.Signals) => {
    warehouse
      .then(async (wh) => {
        await holder.triadReadRouter?.then((r) => r.close());
        await wh.close();
      })
      .catch(() => undefined)
      .finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGTERM", close);
  process.once("SIGINT", close);
}
