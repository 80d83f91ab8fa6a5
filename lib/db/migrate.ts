import "server-only";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { SqlClient } from "./sql-client";

// Applies prisma/migrations/*/migration.sql in name order, recording each in
// Prisma's own _prisma_migrations table (same columns, same sha256 checksum),
// so `prisma migrate deploy` agrees with what this command applied.
const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
);`;

export const migrationsDir = () => path.resolve("prisma/migrations");

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrationFiles(dir = migrationsDir()): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export async function migrateWarehouse(sql: SqlClient, dir = migrationsDir()): Promise<MigrateResult> {
  await sql.exec(MIGRATIONS_TABLE);
  const done = await sql.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const doneByName = new Map(done.map((r) => [r.migration_name, r.checksum]));
  const applied: string[] = [];
  for (const migration of listMigrationFiles(dir)) {
    const checksum = doneByName.get(migration.name);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new Error(
          `Migration ${migration.name} was changed after it was applied (prisma/migrations/${migration.name}/migration.sql). ` +
            `Add a new migration instead of editing an applied one.`,
        );
      }
      continue;
    }
    // DDL is transactional in PostgreSQL: a failing migration leaves nothing behind.
    await sql.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count, started_at)
         VALUES ($1, $2, now(), $3, 1, now())`,
        [randomUUID(), migration.checksum, migration.name],
      );
    });
    applied.push(migration.name);
  }
  return { applied, alreadyApplied: doneByName.size };
}
