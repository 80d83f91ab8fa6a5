// The only reader of process.env: configuration parsed once, with Zod.
import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  // A streaming replica of DATABASE_URL: dashboard and chart reads go there, writes to the primary.
  DATABASE_REPLICA_URL: z.string().url().optional(),
  TRIAD_DATA_DIR: z.string().min(1).default(".data"),
  TRIAD_METRICS_DIR: z.string().min(1).default("metrics"),
  // Port on 127.0.0.1 where the app serves its embedded warehouse to the CLI.
  TRIAD_PGLITE_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  TRIAD_CODE_VERSION: z.string().optional(),
  // Fired alerts are POSTed here as JSON after each compute; unset: stored and shown only.
  TRIAD_ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Attempts per alert in one delivery round, and the failed attempts after which it is given up.
  TRIAD_ALERT_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  TRIAD_ALERT_WEBHOOK_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(15),
  TRIAD_ALERT_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  // Where the app is reached, for the links in delivered alerts.
  TRIAD_PUBLIC_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:3000"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // Signs session cookies. Required in production with DATABASE_URL; the embedded
  // warehouse otherwise keeps a random one in TRIAD_DATA_DIR/auth-secret.
  TRIAD_AUTH_SECRET: z.string().min(32, "must be at least 32 characters (make one with `openssl rand -base64 32`)").optional(),
}).refine((e) => !(e.NODE_ENV === "production" && e.DATABASE_URL) || Boolean(e.TRIAD_AUTH_SECRET), {
  path: ["TRIAD_AUTH_SECRET"],
  message: "is not set: in production with DATABASE_URL Triad refuses to start without its own secret for signing sessions (make one with `openssl rand -base64 32`) and never creates demo accounts",
}).refine((e) => !e.DATABASE_REPLICA_URL || Boolean(e.DATABASE_URL), {
  path: ["DATABASE_REPLICA_URL"],
  message: "is set but DATABASE_URL is not: a read replica needs a PostgreSQL primary in DATABASE_URL (the embedded warehouse has no replicas)",
});

export type Env = z.infer<typeof envSchema>;

function parseEnv(): Env {
  const parsed = envSchema.safeParse({ ...process.env, DATABASE_URL: process.env.DATABASE_URL || undefined, DATABASE_REPLICA_URL: process.env.DATABASE_REPLICA_URL || undefined, TRIAD_ALERT_WEBHOOK_URL: process.env.TRIAD_ALERT_WEBHOOK_URL || undefined, TRIAD_AUTH_SECRET: process.env.TRIAD_AUTH_SECRET || undefined });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env = parseEnv();

/** A deployment that must be configured by its operator: no generated secret, no demo accounts. */
export const isProductionDeployment = () => env.NODE_ENV === "production" && Boolean(env.DATABASE_URL);

export const dataDir = () => path.resolve(env.TRIAD_DATA_DIR);
export const metricsDir = () => path.resolve(env.TRIAD_METRICS_DIR);
