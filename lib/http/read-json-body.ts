// A request body as JSON, or a 400 naming the body. Pure.
import { BadRequestError } from "@/lib/http/errors";

export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim())
    throw new BadRequestError("body", "The request body is empty; send a JSON object.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestError("body", "The request body is not valid JSON.");
  }
}
