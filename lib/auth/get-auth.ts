import "server-only";
import { getWarehouse } from "@/lib/db";
import { env } from "@/lib/env";
import { createTriadAuth, type TriadAuth } from "./auth";
import { resolveAuthSecret, secureCookies } from "./secret";

// One Better Auth instance per server process, over the app's warehouse; kept across hot reloads.
const holder = globalThis as unknown as { triadAuth?: Promise<TriadAuth> };

export function getAuth(): Promise<TriadAuth> {
  if (!holder.triadAuth) {
    holder.triadAuth = getWarehouse()
      .then((wh) => createTriadAuth(wh, { secret: resolveAuthSecret(), publicUrl: env.TRIAD_PUBLIC_URL, secureCookies: secureCookies() }))
      .catch((error: unknown) => {
        holder.triadAuth = undefined;
        throw error;
      });
  }
  return holder.triadAuth;
}
