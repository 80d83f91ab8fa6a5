import { apiErrorSchema } from "@/lib/metrics/api-schema";

/** The message of an API error body, or `fallback` when the body is not one. */
export function apiErrorMessage(body: unknown, fallback: string): string {
  const parsed = apiErrorSchema.safeParse(body);
  return parsed.success ? parsed.data.error.message : fallback;
}

/** The field an API error names (`tiles.2.view.by`), if any. */
export function apiErrorParameter(body: unknown): string | undefined {
  const parsed = apiErrorSchema.safeParse(body);
  return parsed.success ? parsed.data.error.parameter : undefined;
}
