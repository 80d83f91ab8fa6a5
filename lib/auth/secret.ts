import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir, env, isProductionDeployment } from "@/lib/env";

export const SECRET_FILE = "auth-secret";

/**
 * The secret that signs session cookies: TRIAD_AUTH_SECRET, or for the embedded
 * default a random one made on first start and kept (owner-only) in the data
 * folder. A production deployment without its own secret never gets here: the
 * environment check refuses to start it (lib/env.ts).
 */
export function resolveAuthSecret(): string {
  if (env.TRIAD_AUTH_SECRET) return env.TRIAD_AUTH_SECRET;
  if (isProductionDeployment()) throw new Error("TRIAD_AUTH_SECRET is not set: a production deployment needs its own secret.");
  const file = path.join(dataDir(), SECRET_FILE);
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  try {
    // wx: two processes starting at once keep the first one's secret.
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
    throw error;
  }
}

/** Cookies only over HTTPS: when the public URL is https, and always for a production deployment. */
export const secureCookies = () => env.TRIAD_PUBLIC_URL.startsWith("https:") || isProductionDeployment();
