import "server-only";
import { Prisma, type PrismaClient } from "./generated/client";
import type { SqlClient, SqlExecutor } from "./sql-client";
import { warehouseUnavailableReason } from "./unavailable";
import type { ReplicaStatus } from "./warehouse-health-schema";
import type { Warehouse } from "./warehouse";

// Dashboard reads go to a streaming replica when one is configured and answers;
// writes, verify and compute always use the primary. A replica that cannot be
// reached costs a request nothing: it is read from the primary instead, and the
// outage is logged once, not per query.

export interface ReadRouter {
  /** The warehouse to read dashboards from now: the replica when it answers, else the primary. */
  read(): Promise<Warehouse>;
  /** Asks the replica now. */
  status(): Promise<ReplicaStatus>;
  /** Closes the replica's connections (the primary belongs to its opener). */
  close(): Promise<void>;
}

export interface ReadRouterOptions {
  /** How long a successful check is trusted before the next read asks again. */
  recheckMs?: number;
  /** How long reads stay on the primary after the replica failed, before it is tried again. */
  retryMs?: number;
  /** A check slower than this counts as a failure. */
  probeTimeoutMs?: number;
  log?: (line: string) => void;
}

// One round trip: is it a standby, and how far behind. now() - last replay time alone
// grows while the primary is idle, so a replica that replayed everything it received is 0.
const PROBE_SQL = `
SELECT pg_is_in_recovery() AS in_recovery,
  CASE
    WHEN NOT pg_is_in_recovery() THEN NULL
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::float8
  END AS lag_ms`;

type Probe = { ok: true; at: number; inRecovery: boolean; lagMs: number | null } | { ok: false; at: number; reason: string };

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const message = (error: unknown) => warehouseUnavailableReason(error) ?? (error instanceof Error ? error.message : String(error));

export function createReadRouter(primary: Warehouse, replica: Warehouse, options: ReadRouterOptions = {}): ReadRouter {
  const recheckMs = options.recheckMs ?? 1_000;
  const retryMs = options.retryMs ?? 5_000;
  const probeTimeoutMs = options.probeTimeoutMs ?? 2_000;
  const log = options.log ?? ((line: string) => console.warn(line));

  let last: Probe | undefined;
  let pending: Promise<Probe> | undefined;

  const markDown = (reason: string): Probe => {
    if (!last || last.ok) log(`read replica ${replica.location} is not usable (${reason}); dashboard reads use the primary until it answers again`);
    last = { ok: false, at: Date.now(), reason };
    return last;
  };

  async function probe(): Promise<Probe> {
    try {
      const [row] = await withTimeout(replica.sql.query<{ in_recovery: boolean; lag_ms: number | null }>(PROBE_SQL), probeTimeoutMs);
      if (last && !last.ok) log(`read replica ${replica.location} answers again; dashboard reads use it`);
      last = { ok: true, at: Date.now(), inRecovery: row?.in_recovery ?? false, lagMs: row?.lag_ms ?? null };
      return last;
    } catch (error) {
      return markDown(message(error));
    }
  }

  const probeOnce = () => (pending ??= probe().finally(() => (pending = undefined)));

  // A query the replica cannot serve because it went away since the last check is
  // run on the primary; reads are safe to repeat. Any other error is the query's own.
  async function orPrimary<T>(onReplica: () => Promise<T>, onPrimary: () => Promise<T>): Promise<T> {
    try {
      return await onReplica();
    } catch (error) {
      const reason = warehouseUnavailableReason(error);
      if (reason === null) throw error;
      markDown(reason);
      return onPrimary();
    }
  }

  const executor = (r: SqlExecutor, p: SqlExecutor): SqlExecutor => ({
    query: (sql, params) => orPrimary(() => r.query(sql, params), () => p.query(sql, params)),
    exec: (script) => orPrimary(() => r.exec(script), () => p.exec(script)),
  });
  const sql: SqlClient = {
    ...executor(replica.sql, primary.sql),
    transaction: (fn) => orPrimary(() => replica.sql.transaction(fn), () => primary.sql.transaction(fn)),
  };

  const replicaView: Warehouse = {
    kind: replica.kind,
    location: replica.location,
    prisma: failoverPrisma(replica.prisma, primary.prisma, orPrimary),
    sql,
    close: async () => undefined,
  };

  return {
    async read() {
      const fresh = last && Date.now() - last.at < (last.ok ? recheckMs : retryMs) ? last : undefined;
      const state = fresh ?? (await probeOnce());
      return state.ok ? replicaView : primary;
    },
    async status() {
      const state = await probeOnce();
      return state.ok
        ? { location: replica.location, readsFrom: "replica", reachable: true, inRecovery: state.inRecovery, lagMs: state.lagMs, reason: null }
        : { location: replica.location, readsFrom: "primary", reachable: false, inRecovery: null, lagMs: null, reason: state.reason };
    },
    close: () => replica.close(),
  };
}

type Fallback = <T>(onReplica: () => Promise<T>, onPrimary: () => Promise<T>) => Promise<T>;
type Method = (...args: unknown[]) => Promise<unknown>;

// Model calls (prisma.metricValue.findMany(...)) retried on the primary's client
// the same way; $-methods ($queryRaw, $transaction) pass through unchanged.
// The client's model delegates (metricValue, ...); everything else on it is its own.
const MODEL_DELEGATES = new Set(Object.values(Prisma.ModelName).map((name) => name.charAt(0).toLowerCase() + name.slice(1)));

function failoverPrisma(replica: PrismaClient, primary: PrismaClient, fallback: Fallback): PrismaClient {
  const methodOf = (client: PrismaClient, model: string, op: string | symbol): Method | undefined => {
    const delegate: unknown = Reflect.get(client, model);
    if (typeof delegate !== "object" || delegate === null) return undefined;
    const fn: unknown = Reflect.get(delegate, op);
    return typeof fn === "function" ? (fn.bind(delegate) as Method) : undefined;
  };
  return new Proxy(replica, {
    get(target, model) {
      const value: unknown = Reflect.get(target, model);
      // Methods run on the client itself, not through this proxy.
      if (typeof value === "function") return (value as Method).bind(target);
      if (typeof model !== "string" || !MODEL_DELEGATES.has(model) || typeof value !== "object" || value === null) return value;
      return new Proxy(value, {
        get(delegate, op) {
          const onReplica = methodOf(target, model, op);
          const onPrimary = methodOf(primary, model, op);
          if (!onReplica || !onPrimary) return Reflect.get(delegate, op);
          return (...args: unknown[]) => fallback(() => onReplica(...args), () => onPrimary(...args));
        },
      });
    },
  });
}
