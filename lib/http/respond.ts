// JSON responses for route handlers: data with 200, known errors with their
// 4xx status, anything else with a bare 500 (details go to the server log only).
import { z } from "zod";
import type { ApiError } from "@/lib/metrics/api-schema";
import { isHttpError } from "./errors";

const NO_STORE = { "Cache-Control": "no-store" };

export function jsonResponse(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

function apiError(status: number, error: ApiError["error"]): Response {
  return jsonResponse({ error } satisfies ApiError, status);
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
