// JSON responses for route handlers: data with 200, known errors with their
// 4xx status, an unreachable warehouse with 503, anything else with a bare 500
// (details go to the server log only).
import { z } from "zod";
import { sqlstatesOf } from "@/lib/db/error-chain";
import { WAREHOUSE_RETRY_AFTER_SECONDS, warehouseUnavailableMessage, warehouseUnavailableReason } from "@/lib/db/unavailable";
import type { ApiError } from "@/lib/metrics/api-schema";
import { isHttpError } from "./errors";

const NO_STORE = { "Cache-Control": "no-store" };
const UNAVAILABLE_LOG_EVERY_MS = 10_000;
let lastUnavailableLog = 0;

/** A body already serialized to JSON (a cached answer), sent as it is instead of serialized per request. */
export class SerializedJson {
  constructor(readonly text: string) {}
}

export function jsonResponse(body: unknown, status = 200): Response {
  if (body instanceof SerializedJson) return new Response(body.text, { status, headers: { ...NO_STORE, "Content-Type": "application/json" } });
  return Response.json(body, { status, headers: NO_STORE });
}

function apiError(status: number, error: ApiError["error"], headers: Record<string, string> = {}): Response {
  return Response.json({ error } satisfies ApiError, { status, headers: { ...NO_STORE, ...headers } });
}

/** The parameter an issue is about, as the caller wrote it: `grain`, `filter.country`. */
export function issueParameter(issue: z.core.$ZodIssue): string | undefined {
  return issue.path.length > 0 ? issue.path.map(String).join(".") : undefined;
}

export function badRequestFromZod(error: z.ZodError): Response {
  const [first] = error.issues;
  const message = error.issues
    .map((issue) => {
      const parameter = issueParameter(issue);
      return parameter ? `${parameter}: ${issue.message}` : issue.message;
    })
    .join("; ");
  return apiError(400, {
    code: "bad_request",
    message: message || "Invalid request.",
    ...(first && issueParameter(first) ? { parameter: issueParameter(first) } : {}),
  });
}

export function errorResponse(error: unknown): Response {
  if (isHttpError(error)) {
    return apiError(error.status, {
      code: error.code,
      message: error.message,
      ...(error.parameter ? { parameter: error.parameter } : {}),
    });
  }
  if (error instanceof z.ZodError) return badRequestFromZod(error);
  // PostgreSQL text holds no NUL character (22021; 22P05 in JSON): only a request can bring one.
  if (sqlstatesOf(error).some((code) => code === "22021" || code === "22P05")) {
    return apiError(400, { code: "bad_request", message: "A request value contains a character the warehouse cannot store or search for (NUL, U+0000); remove it." });
  }
  const unavailable = warehouseUnavailableReason(error);
  if (unavailable) {
    // Expected while PostgreSQL is down or restarting: a line now and then, not a stack per request.
    if (Date.now() - lastUnavailableLog > UNAVAILABLE_LOG_EVERY_MS) {
      lastUnavailableLog = Date.now();
      console.warn(`warehouse unavailable: ${unavailable} (answering 503 until it is back)`);
    }
    return apiError(503, { code: "warehouse_unavailable", message: warehouseUnavailableMessage(unavailable) }, { "Retry-After": String(WAREHOUSE_RETRY_AFTER_SECONDS) });
  }
  console.error(error);
  return apiError(500, { code: "internal_error", message: "The server failed to answer this request. The details are in its log." });
}

/** Runs a handler body and turns whatever it throws into a JSON error response. */
export async function respond(body: () => Promise<unknown>): Promise<Response> {
  try {
    return jsonResponse(await body());
  } catch (error) {
    return errorResponse(error);
  }
}
