// The OpenAPI 3.1 document of Triad's HTTP API, generated from the Zod schemas
// the routes parse and answer with. Pure.
import { z } from "zod";
import {
  apiErrorSchema,
  catalogEntrySchema,
  metricDetailSchema,
  metricKeyParamSchema,
  seriesQuerySchema,
  seriesResponseSchema,
} from "@/lib/metrics/api-schema";

type JsonSchema = Record<string, unknown>;

/** A generated schema as embedded in the document: JSON Schema 2020-12 is OpenAPI 3.1's dialect, so only the headers go. */
function embeddable(schema: object): JsonSchema {
  const copy: JsonSchema = { ...schema };
  delete copy.$schema;
  delete copy.$id;
  return copy;
}

const jsonSchema = (schema: z.ZodType, io: "input" | "output" = "output") => embeddable(z.toJSONSchema(schema, { io, unrepresentable: "any" }));

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const json = (description: string, schema: object) => ({ description, content: { "application/json": { schema } } });

const errors = {
  "400": json("A malformed parameter; `error.parameter` names it.", ref("ApiError")),
  "404": json("No metric with this key.", ref("ApiError")),
  "500": json("An unexpected failure; details are in the server log.", ref("ApiError")),
};

const keyParameter = {
  name: "key",
  in: "path",
  required: true,
  description: "The metric key, lower_snake_case.",
  schema: jsonSchema(metricKeyParamSchema),
};

const queryParameter = (name: keyof typeof seriesQuerySchema.shape, description: string) => ({
  name,
  in: "query",
  required: false,
  description,
  schema: jsonSchema(seriesQuerySchema.shape[name], "input"),
});

export function buildOpenApiDocument(): JsonSchema {
  const registry = z.registry<{ id: string }>();
  registry.add(catalogEntrySchema, { id: "CatalogEntry" });
  registry.add(metricDetailSchema, { id: "MetricDetail" });
  registry.add(seriesResponseSchema, { id: "SeriesResponse" });
  registry.add(apiErrorSchema, { id: "ApiError" });
  const generated = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, unrepresentable: "any" });
  const schemas = Object.fromEntries(Object.entries(generated.schemas).map(([name, schema]) => [name, embeddable(schema)]));
  return {
    openapi: "3.1.0",
    info: {
      title: "Triad API",
      version: "1",
      description: "Metric definitions and their computed time series. Every error is `{ error: { code, message, parameter? } }`.",
    },
    paths: {
      "/api/metrics": {
        get: {
          operationId: "listMetricCatalog",
          summary: "The catalog of every metric, headline metrics first, then by name.",
          responses: {
            "200": json(
              "The catalog.",
              jsonSchema(z.object({ metrics: z.array(catalogEntrySchema) })),
            ),
            "500": errors["500"],
          },
        },
      },
      "/api/metrics/{key}": {
        get: {
          operationId: "getMetric",
          summary: "One metric: definition as written, version, formula in plain words, SQL of the latest successful run, last run.",
          parameters: [keyParameter],
          responses: { "200": json("The metric.", ref("MetricDetail")), ...errors },
        },
      },
      "/api/metrics/{key}/series": {
        get: {
          operationId: "getMetricSeries",
          summary: "Stored points of one metric at one grain, ordered by period, then dimension value.",
          description:
            "Periods are the UTC start dates of their buckets. Add `filter.DIMENSION=VALUE` (at most one) to read one slice, " +
            "e.g. `filter.country=DE`; `by` with a filter is allowed only on the same dimension, since values are stored per " +
            "single dimension. Any other parameter is rejected with 400.",
          parameters: [
            keyParameter,
            queryParameter("from", "First period start to include, YYYY-MM-DD (inclusive)."),
            queryParameter("to", "Last period start to include, YYYY-MM-DD (inclusive)."),
            queryParameter("grain", "Bucket size; one of the metric's grains."),
            queryParameter("by", "A dimension of the metric: one series per value, each point naming it in `dimension`."),
          ],
          responses: { "200": json("The points.", ref("SeriesResponse")), ...errors },
        },
      },
      "/api/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This document.",
          responses: { "200": { description: "An OpenAPI 3.1 document.", content: { "application/json": {} } } },
        },
      },
    },
    components: { schemas },
  };
}
