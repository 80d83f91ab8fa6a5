import { cache } from "react";
import { authorizePage } from "@/lib/auth/authorize";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { NotFoundError } from "@/lib/http/errors";
import { metricKeyParamSchema } from "@/lib/metrics/api-schema";
import { getMetricOrThrow } from "@/lib/metrics/queries/get-metric-or-throw";

/** The metric of a [key] page, or null for a malformed or unknown key or one the viewer may not see; one read per request, shared with generateMetadata. */
export const loadMetric = cache(async (key: string) => {
  const viewer = await authorizePage("view");
  if (!metricKeyParamSchema.safeParse(key).success) return null;
  try {
    return await getMetricOrThrow(await getReadWarehouse(), viewer, key);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
});
