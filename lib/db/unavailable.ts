// Tells "the warehouse is not reachable right now" apart from every other
// failure, so it can be answered with 503 and a retry rather than a 500. Pure:
// it reads the shapes pg, Node's sockets and Prisma's pg driver adapter throw
// (captured from a PostgreSQL stopped and restarted under a live pool).
import { errorChain } from "./error-chain";

/** Node socket error codes: the server is down, gone or unreachable; a retry may succeed. */
const SOCKET_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "connection timed out",
  EPIPE: "connection broken",
  ENOTFOUND: "server host not found",
  EAI_AGAIN: "server host not resolved",
  EHOSTUNREACH: "server host unreachable",
  ENETUNREACH: "network unreachable",
};

/** SQLSTATEs outside class 08 that mean the server is going away or not accepting yet. */
const SQLSTATE_REASONS: Readonly<Record<string, string>> = {
  "57P01": "PostgreSQL is shutting down",
  "57P02": "PostgreSQL is restarting after a crash",
  "57P03": "PostgreSQL is not accepting connections yet",
  "53300": "PostgreSQL has no free connections",
};

/** Kinds of Prisma's DriverAdapterError (meta.driverAdapterError.cause.kind) that mean the same. */
const ADAPTER_KIND_REASONS: Readonly<Record<string, string>> = {
  DatabaseNotReachable: "connection refused",
  ConnectionClosed: "connection reset",
  SocketTimeout: "connection timed out",
  TooManyConnections: "PostgreSQL has no free connections",
};

/** Prisma error codes for an unreachable server: P1001 can't reach, P1002 timed out, P1017 closed. */
const PRISMA_CODE_REASONS: Readonly<Record<string, string>> = {
  P1001: "connection refused",
  P1002: "connection timed out",
  P1017: "the server closed the connection",
};

/** Messages pg throws without a code when a connection ends or cannot be made. */
const MESSAGE_REASONS: readonly [RegExp, string][] = [
  [/Connection terminated due to connection timeout/i, "connection timed out"],
  [/timeout exceeded when trying to connect/i, "connection timed out"],
  [/Connection terminated/i, "the server closed the connection"],
  [/Client has encountered a connection error and is not queryable/i, "the server closed the connection"],
  [/Can't reach database server/i, "connection refused"],
];

type Bag = Record<string, unknown>;
const str = (bag: Bag, key: string): string | undefined => (typeof bag[key] === "string" ? bag[key] : undefined);

function sqlstateReason(code: string): string | null {
  if (/^08[0-9A-Z]{3}$/.test(code)) return `the connection to PostgreSQL failed (SQLSTATE ${code})`;
  return SQLSTATE_REASONS[code] ?? null;
}

function ownReason(bag: Bag): string | null {
  const code = str(bag, "code");
  if (code) {
    const reason = SOCKET_REASONS[code] ?? sqlstateReason(code) ?? PRISMA_CODE_REASONS[code];
    if (reason) return reason;
  }
  // DriverAdapterError causes carry the SQLSTATE as originalCode and the socket failure as kind.
  const originalCode = str(bag, "originalCode");
  if (originalCode) {
    const reason = sqlstateReason(originalCode);
    if (reason) return reason;
  }
  const kind = str(bag, "kind");
  if (kind && ADAPTER_KIND_REASONS[kind]) return ADAPTER_KIND_REASONS[kind];
  // Prisma wraps pg's code-less errors and keeps only their text.
  const message = str(bag, "message");
  if (message) for (const [pattern, reason] of MESSAGE_REASONS) if (pattern.test(message)) return reason;
  return null;
}

/**
 * Why the warehouse cannot be reached, in a few safe words (never a host,
 * user or query), or null when the error means something else.
 */
export function warehouseUnavailableReason(error: unknown): string | null {
  for (const bag of errorChain(error)) {
    const reason = ownReason(bag);
    if (reason) return reason;
  }
  return null;
}

export const isWarehouseUnavailable = (error: unknown): boolean => warehouseUnavailableReason(error) !== null;

/** Seconds a client should wait before retrying a 503 (the Retry-After header). */
export const WAREHOUSE_RETRY_AFTER_SECONDS = 5;

/** The message a 503 carries: what failed, why, and that nothing needs restarting. */
export function warehouseUnavailableMessage(reason: string): string {
  return `The warehouse is not reachable right now (${reason}); Triad retries on the next request.`;
}
