import "server-only";
import type { Warehouse } from "@/lib/db";

/** Alerts nobody has acknowledged or resolved yet, for the navigation's badge. */
export async function countOpenAlerts(wh: Warehouse): Promise<number> {
  const [row] = await wh.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM alert WHERE status = 'open'`);
  return Number(row?.n ?? 0);
}
