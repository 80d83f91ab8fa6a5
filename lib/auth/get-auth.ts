import "server-only";
import { getWarehouse, type Warehouse } from "@/lib/db";
import { env } from "@/lib/env";
import { createTriadAuth, type TriadAuth } from "./auth";
import { resolveAuthSecret, secureCookies } from "./secret";

// One Better Auth instance per warehouse (the app has one; tests open several), kept across hot reloads.
const holder = globalThis as unknown as { triadAuth?: WeakMap<Warehouse, TriadAuth> };

export async function getAuth(): Promise<TriadAuth> {
  const wh = await getWarehouse();
  holder.triadAuth ??= new WeakMap();
  let auth = holder.triadAuth.get(wh);
  if (!auth) {
    auth = createTriadAuth(wh, { secret: resolveAuthSecret(), publicUrl: env.TRIAD_PUBLIC_URL, secureCookies: secureCookies() });
    holder.triadAuth.set(wh, auth);
  }
  return auth;
}
