// A request body that may be left out. Pure.
import { BadRequestError } from "@/lib/http/errors";

/** The body as JSON when there is one; undefined for an empty body; a 400 naming the body when it is not JSON. */
export async function readOptionalJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestError("body", "The request body is not valid JSON.");
  }
}
