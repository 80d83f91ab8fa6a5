import "server-only";
import type { SqlExecutor, SqlParam } from "./sql-client";

/** What a Prisma client or interactive transaction offers for raw SQL. */
interface RawSqlCapable {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/**
 * Raw SQL inside a Prisma interactive transaction, as a SqlExecutor: lets
 * writers made with Prisma append to the audit log in the same transaction.
 */
export function prismaSqlExecutor(tx: RawSqlCapable): SqlExecutor {
  return {
    query: <T extends Record<string, unknown>>(sql: string, params: readonly SqlParam[] = []) => tx.$queryRawUnsafe<T[]>(sql, ...params),
    exec: async (script: string) => {
      await tx.$executeRawUnsafe(script);
    },
  };
}
