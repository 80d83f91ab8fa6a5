// The only reader of process.env: configuration parsed once, with Zod.
import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  TRIAD_DATA_DIR: z.string().min(1).default(".data"),
  TRIAD_METRICS_DIR: z.string().min(1).default("metrics"),
  // Port on 127.0.0.1 where the app serves its embedded warehouse to the CLI.
  TRIAD_PGLITE_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  TRIAD_CODE_VERSION: z.string().optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type Env = z.infer<typeof envSchema>;

function parseEnv(): Env {
  const parsed = envSchema.safeParse({ ...process.env, DATABASE_URL: process.env.DATABASE_URL || undefined });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env = parseEnv();

export const dataDir = () => path.resolve(env.TRIAD_DATA_DIR);
export const metricsDir = () => path.resolve(env.TRIAD_METRICS_DIR);
