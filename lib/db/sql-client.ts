// The raw SQL surface every warehouse offers, the same on PGlite and PostgreSQL.
// Pure types: no driver is imported here.

export type SqlParam = string | number | boolean | null | Date | bigint;

export interface SqlExecutor {
  /** One statement with $1..$n bound parameters. */
  query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** A script of several statements, no parameters (migrations, DDL). */
  exec(script: string): Promise<void>;
}

export interface SqlClient extends SqlExecutor {
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}
