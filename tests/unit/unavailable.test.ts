// The "warehouse unavailable" classifier over the error shapes pg, Node and
// Prisma's pg adapter threw when a PostgreSQL was stopped, restarted, had its
// backends terminated or its TCP connections cut under a live pool (captured
// against a private cluster; the fault integration test provokes them for real).
import { PrismaClientKnownRequestError } from "@prisma/client/runtime/client";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BadRequestError, NotFoundError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/http/respond";
import { isWarehouseUnavailable, warehouseUnavailableMessage, warehouseUnavailableReason } from "@/lib/db/unavailable";

function pgError(message: string, code: string, severity = "FATAL"): pg.DatabaseError {
  return Object.assign(new pg.DatabaseError(message, message.length + 20, "error"), { code, severity });
}

function socketError(code: string, syscall = "connect"): Error {
  return Object.assign(new Error(`${syscall} ${code} 127.0.0.1:5440`), { errno: -111, code, syscall, address: "127.0.0.1", port: 5440 });
}

/** As Prisma 7 throws it: the adapter's DriverAdapterError under meta, its cause a plain object. */
function prismaError(code: string, message: string, cause: Record<string, unknown>): PrismaClientKnownRequestError {
  const driverAdapterError = Object.assign(new Error(String(cause.kind)), { name: "DriverAdapterError", cause });
  return new PrismaClientKnownRequestError(message, { code, clientVersion: "7.10.1", meta: { driverAdapterError } });
}

const UNAVAILABLE: [name: string, error: unknown, reason: string][] = [
  ["pg after the server stopped", socketError("ECONNREFUSED"), "connection refused"],
  ["a reset socket", socketError("ECONNRESET", "read"), "connection reset"],
  ["a timed-out socket", socketError("ETIMEDOUT"), "connection timed out"],
  ["a write to a closed socket", socketError("EPIPE", "write"), "connection broken"],
  ["a backend terminated (pg_terminate_backend, fast shutdown)", pgError("terminating connection due to administrator command", "57P01"), "PostgreSQL is shutting down"],
  ["a crash of another backend", pgError("terminating connection because of crash of another server process", "57P02"), "PostgreSQL is restarting after a crash"],
  ["a server starting up", pgError("the database system is starting up", "57P03"), "PostgreSQL is not accepting connections yet"],
  ["too many connections", pgError("sorry, too many clients already", "53300"), "PostgreSQL has no free connections"],
  ["connection failure (class 08)", pgError("could not receive data from server", "08006", "ERROR"), "the connection to PostgreSQL failed (SQLSTATE 08006)"],
  ["cannot establish (class 08)", pgError("could not connect", "08001", "ERROR"), "the connection to PostgreSQL failed (SQLSTATE 08001)"],
  ["pg: TCP connection cut mid-query", new Error("Connection terminated unexpectedly"), "the server closed the connection"],
  ["pg: connect timeout", new Error("Connection terminated due to connection timeout"), "connection timed out"],
  ["pg pool: connect timeout", new Error("timeout exceeded when trying to connect"), "connection timed out"],
  [
    "Prisma model query after the server stopped (P1001)",
    prismaError("P1001", "\nInvalid `prisma.dashboard.findMany()` invocation:\n\nCan't reach database server at 127.0.0.1:5440", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5440 }),
    "connection refused",
  ],
  [
    "Prisma raw query after the server stopped (P2010)",
    prismaError("P2010", "Raw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:5440`", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5440 }),
    "connection refused",
  ],
  [
    "Prisma raw query whose backend was terminated (P2010, 57P01)",
    prismaError("P2010", "Raw query failed. Code: `57P01`. Message: `terminating connection due to administrator command`", {
      originalCode: "57P01",
      originalMessage: "terminating connection due to administrator command",
      kind: "postgres",
      code: "57P01",
      severity: "FATAL",
      message: "terminating connection due to administrator command",
    }),
    "PostgreSQL is shutting down",
  ],
  ["Prisma: connection reset", prismaError("P2010", "Raw query failed.", { kind: "ConnectionClosed" }), "connection reset"],
  ["Prisma: socket timeout", prismaError("P2010", "Raw query failed.", { kind: "SocketTimeout" }), "connection timed out"],
  ["Prisma model query cut mid-flight (pg's Error passed through)", Object.assign(new Error("Connection terminated unexpectedly"), { clientVersion: "7.10.1" }), "the server closed the connection"],
  ["Prisma interactive transaction after a cut", Object.assign(new Error("Client has encountered a connection error and is not queryable"), { clientVersion: "7.10.1" }), "the server closed the connection"],
  ["wrapped as a cause", new Error("Could not load the catalog", { cause: socketError("ECONNREFUSED") }), "connection refused"],
  ["wrapped twice", new Error("outer", { cause: new Error("middle", { cause: pgError("terminating connection due to administrator command", "57P01") }) }), "PostgreSQL is shutting down"],
  ["Node's AggregateError for ::1 and 127.0.0.1", Object.assign(new AggregateError([socketError("ECONNREFUSED"), socketError("ECONNREFUSED")]), { code: "ECONNREFUSED" }), "connection refused"],
  ["an AggregateError without its own code", new AggregateError([new Error("x"), socketError("ECONNREFUSED")]), "connection refused"],
];

const OTHER: [name: string, error: unknown][] = [
  ["a syntax error", pgError('syntax error at or near "SELEC"', "42601", "ERROR")],
  ["a missing table", pgError('relation "orders" does not exist', "42P01", "ERROR")],
  ["a unique violation", pgError("duplicate key value violates unique constraint", "23505", "ERROR")],
  ["a database that does not exist (configuration, not an outage)", pgError('database "nope" does not exist', "3D000")],
  ["Prisma: record not found (P2025)", new PrismaClientKnownRequestError("No record was found for an update.", { code: "P2025", clientVersion: "7.10.1" })],
  ["Prisma: unique constraint", prismaError("P2002", "Unique constraint failed", { kind: "UniqueConstraintViolation", constraint: { fields: ["slug"] } })],
  ["a plain error that merely mentions a refused connection", new Error("connection refused by 10.0.0.7 (secret detail)")],
  ["a Zod error", new z.ZodError([])],
  ["a bad request", new BadRequestError("grain", "grain must be day, week or month")],
  ["a string", "ECONNREFUSED"],
  ["null", null],
  ["undefined", undefined],
  ["a number", 57],
];

describe("warehouseUnavailableReason", () => {
  it.each(UNAVAILABLE)("recognises %s", (_name, error, reason) => {
    expect(warehouseUnavailableReason(error)).toBe(reason);
    expect(isWarehouseUnavailable(error)).toBe(true);
  });

  it.each(OTHER)("leaves %s to the other handlers", (_name, error) => {
    expect(warehouseUnavailableReason(error)).toBeNull();
    expect(isWarehouseUnavailable(error)).toBe(false);
  });

  it("stops on a cause cycle", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    Object.assign(a, { cause: b });
    expect(warehouseUnavailableReason(a)).toBeNull();
  });

  it("never echoes the host, user or query of the error", () => {
    for (const [, error] of UNAVAILABLE) expect(warehouseUnavailableReason(error)).not.toMatch(/127\.0\.0\.1|5440|postgres@|select/i);
  });
});

describe("errorResponse for an unreachable warehouse", () => {
  it("answers 503 with the reason, a retry hint and Retry-After", async () => {
    const res = errorResponse(socketError("ECONNREFUSED"));
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("5");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await res.json()).toEqual({
      error: { code: "warehouse_unavailable", message: "The warehouse is not reachable right now (connection refused); Triad retries on the next request." },
    });
  });

  it("keeps 4xx for known errors and 500 for the rest", async () => {
    expect(errorResponse(new NotFoundError("no such metric", "key")).status).toBe(404);
    const res = errorResponse(pgError('relation "orders" does not exist', "42P01", "ERROR"));
    expect(res.status).toBe(500);
    expect(res.headers.get("Retry-After")).toBeNull();
    expect(await res.text()).not.toContain("orders");
  });

  it("answers 400 for a NUL character PostgreSQL refused, from pg or through Prisma", async () => {
    const direct = pgError('invalid byte sequence for encoding "UTF8": 0x00', "22021", "ERROR");
    const viaPrisma = prismaError("P2010", "Raw query failed. Code: `22P05`.", { originalCode: "22P05", kind: "postgres", code: "22P05", message: "unsupported Unicode escape sequence" });
    for (const error of [direct, viaPrisma]) {
      const res = errorResponse(error);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "bad_request", message: expect.stringContaining("NUL") } });
    }
  });

  it("says what failed and that nothing needs restarting", () => {
    expect(warehouseUnavailableMessage("connection reset")).toBe("The warehouse is not reachable right now (connection reset); Triad retries on the next request.");
  });
});
