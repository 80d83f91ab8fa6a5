// The OpenAPI 3.1 document of Triad's HTTP API, generated from the Zod schemas
// the routes parse and answer with. Pure.
import { warehouseHealthSchema } from "@/lib/db/warehouse-health-schema";
import { z } from "zod";
import {
  apiErrorSchema,
  catalogEntrySchema,
  metricDetailSchema,
  metricKeyParamSchema,
  seriesQuerySchema,
  seriesResponseSchema,
} from "@/lib/metrics/api-schema";
import {
  createDashboardBodySchema,
  dashboardListResponseSchema,
  dashboardRouteParamsSchema,
  dashboardSchema,
  updateDashboardBodySchema,
} from "@/lib/dashboards/schema";
import { metricLineageSchema } from "@/lib/lineage/graph-schema";
import { pointRowsQuerySchema, pointRowsSchema } from "@/lib/drill/drill-schema";
import { listRunsQuerySchema, runDetailSchema, runListSchema } from "@/lib/runs/run-schema";
import { verifyPointBodySchema, verifyPointResultSchema } from "@/lib/verify/verify-schema";
import { definitionDiffSchema, definitionVersionListSchema, versionDiffQuerySchema } from "@/lib/metrics/definition-version-schema";
import { auditPageSchema, listAuditQuerySchema } from "@/lib/audit/audit-schema";
import { executiveBriefSchema } from "@/lib/brief/brief-schema";
import {
  annotationListSchema,
  annotationRouteParamsSchema,
  annotationSchema,
  createAnnotationBodySchema,
  listAnnotationsQuerySchema,
  updateAnnotationBodySchema,
} from "@/lib/annotations/annotation-schema";
import { alertListSchema, alertSchema, alertTransitionBodySchema, listAlertsQuerySchema } from "@/lib/alerts/alert-schema";
import {
  createdUserSchema,
  createUserBodySchema,
  managedUserSchema,
  updateUserBodySchema,
  userListSchema,
  userRouteParamsSchema,
} from "@/lib/auth/user-schema";

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
  "503": json("The warehouse is not reachable right now (`warehouse_unavailable`); retry after the Retry-After seconds, nothing needs restarting.", ref("ApiError")),
};

const authErrors = {
  "401": json("No signed-in session (`unauthenticated`).", ref("ApiError")),
  "403": json("The role lacks the permission, or a change came with a foreign Origin (`forbidden`).", ref("ApiError")),
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

function drillParameters(): { name: string; in: string; required: boolean; schema: JsonSchema }[] {
  const shape = pointRowsQuerySchema.shape;
  return Object.entries(shape).map(([name, schema]) => ({ name, in: "query", required: name === "grain" || name === "period", schema: jsonSchema(schema as z.ZodType, "input") }));
}

export function buildOpenApiDocument(): JsonSchema {
  const registry = z.registry<{ id: string }>();
  registry.add(catalogEntrySchema, { id: "CatalogEntry" });
  registry.add(metricDetailSchema, { id: "MetricDetail" });
  registry.add(seriesResponseSchema, { id: "SeriesResponse" });
  registry.add(apiErrorSchema, { id: "ApiError" });
  registry.add(dashboardSchema, { id: "Dashboard" });
  registry.add(dashboardListResponseSchema, { id: "DashboardList" });
  registry.add(metricLineageSchema, { id: "MetricLineage" });
  registry.add(annotationSchema, { id: "Annotation" });
  registry.add(managedUserSchema, { id: "User" });
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
      "/api/metrics/{key}/versions": {
        get: {
          operationId: "listMetricDefinitionVersions",
          summary: "Every stored version of the metric's definition file, newest first: content hash, when it was first loaded, the file as written, the formula in plain words, the SQL of its latest run, and the stored points its runs wrote, per grain with their period range.",
          parameters: [keyParameter],
          responses: { "200": json("The versions.", jsonSchema(definitionVersionListSchema)), ...errors },
        },
      },
      "/api/metrics/{key}/versions/diff": {
        get: {
          operationId: "diffMetricDefinitionVersions",
          summary: "A unified line diff of two versions of the metric's definition file, every line in context.",
          parameters: [
            keyParameter,
            ...(["from", "to"] as const).map((name) => ({
              name,
              in: "query",
              required: true,
              description: name === "from" ? "The older version id, KEY@HASH12." : "The newer version id, KEY@HASH12.",
              schema: jsonSchema(versionDiffQuerySchema.shape[name], "input"),
            })),
          ],
          responses: {
            "200": json("The diff.", jsonSchema(definitionDiffSchema)),
            "400": errors["400"],
            "404": json("No metric with this key, or no such version of it; `error.parameter` names `key`, `from` or `to`.", ref("ApiError")),
            "500": errors["500"],
          },
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
            queryParameter(
              "maxPoints",
              "The most periods returned per series (2 to 1000, default 1000). More move to the first coarser grain of the metric that fits, else are downsampled (LTTB, the same periods for every series); `grain`, `requestedGrain`, `downsampled` and `note` say what was done.",
            ),
          ],
          responses: { "200": json("The points.", ref("SeriesResponse")), ...errors },
        },
      },
      "/api/metrics/{key}/export": {
        get: {
          operationId: "exportMetricView",
          summary: "The rows a chart of this view shows, as CSV: the same query parameters as the metric page.",
          description:
            "Parameters: range (7d, 30d, 90d, 12m, ytd, all or custom with from and to), grain, compare (none, previous, year), " +
            "by, top, filter.DIMENSION=VALUE, chart, stacked. A parameter the view cannot honour is a 400, never a different file.",
          parameters: [keyParameter],
          responses: {
            "200": { description: "CSV with a header row.", content: { "text/csv": { schema: { type: "string" } } } },
            ...errors,
          },
        },
      },
      "/api/dashboards": {
        get: {
          operationId: "listDashboards",
          summary: "Every dashboard, by name.",
          responses: { "200": json("The dashboards.", ref("DashboardList")), "500": errors["500"] },
        },
        post: {
          operationId: "createDashboard",
          summary: "Create a dashboard; its slug is made from the name once and never changes.",
          requestBody: { required: true, content: { "application/json": { schema: jsonSchema(createDashboardBodySchema, "input") } } },
          responses: { "201": json("The new dashboard.", ref("Dashboard")), "400": errors["400"], "500": errors["500"] },
        },
      },
      "/api/dashboards/{slug}": {
        parameters: [{ name: "slug", in: "path", required: true, description: "The dashboard's slug.", schema: jsonSchema(dashboardRouteParamsSchema.shape.slug) }],
        get: {
          operationId: "getDashboard",
          summary: "One dashboard with its tiles in order.",
          responses: { "200": json("The dashboard.", ref("Dashboard")), ...errors },
        },
        put: {
          operationId: "updateDashboard",
          summary: "Replace the name, description and every tile in one transaction.",
          requestBody: { required: true, content: { "application/json": { schema: jsonSchema(updateDashboardBodySchema, "input") } } },
          responses: { "200": json("The saved dashboard.", ref("Dashboard")), ...errors },
        },
        delete: {
          operationId: "deleteDashboard",
          summary: "Delete a dashboard and its tiles.",
          responses: { "204": { description: "Deleted." }, ...errors },
        },
      },
      "/api/metrics/{key}/lineage": {
        get: {
          operationId: "getMetricLineage",
          summary: "The metric's lineage graph from each metric's latest run, upstream and downstream, with row counts, freshness and quality checks.",
          parameters: [keyParameter],
          responses: { "200": json("The graph.", ref("MetricLineage")), ...errors },
        },
      },
      "/api/metrics/{key}/lineage/openlineage": {
        get: {
          operationId: "getMetricOpenLineage",
          summary: "OpenLineage RunEvents (spec 2-0-2) of the latest runs of the metric and of the metrics upstream of it.",
          parameters: [keyParameter],
          responses: { "200": json("RunEvents, oldest first.", { type: "array", items: { $ref: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent" } }), ...errors },
        },
      },
      "/api/runs/{id}/openlineage": {
        get: {
          operationId: "getRunOpenLineage",
          summary: "One run as an OpenLineage RunEvent (COMPLETE or FAIL).",
          parameters: [{ name: "id", in: "path", required: true, description: "The run id, a UUID.", schema: { type: "string", format: "uuid" } }],
          responses: { "200": json("The RunEvent.", { $ref: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent" }), ...errors },
        },
      },
      "/api/metrics/{key}/verify": {
        post: {
          operationId: "verifyMetricPoint",
          summary: "Recomputes one stored point from the source rows now, independently of the compiled SQL, and compares (exact for counts, relative 1e-9 otherwise); `reason` says why they differ.",
          parameters: [keyParameter],
          requestBody: { required: true, content: { "application/json": { schema: jsonSchema(verifyPointBodySchema, "input") } } },
          responses: { "200": json("Stored vs recomputed.", jsonSchema(verifyPointResultSchema)), ...errors },
        },
      },
      "/api/metrics/{key}/points/rows": {
        get: {
          operationId: "listMetricPointRows",
          summary: "The source rows behind one stored point (paged, sortable by any column of the table) and their total count; `format=csv` streams all of them as CSV.",
          parameters: [keyParameter, ...drillParameters()],
          responses: { "200": json("One page of rows.", jsonSchema(pointRowsSchema)), ...errors },
        },
      },
      "/api/metrics/{key}/points/rows.csv": {
        get: {
          operationId: "exportMetricPointRows",
          summary: "Every source row behind one stored point, streamed as CSV with a header row.",
          parameters: [keyParameter, ...drillParameters().filter((p) => !["page", "pageSize", "format"].includes(p.name))],
          responses: { "200": { description: "CSV.", content: { "text/csv": {} } }, ...errors },
        },
      },
      "/api/runs": {
        get: {
          operationId: "listRuns",
          summary: "Pipeline runs, newest first, filtered by metric, status and definition version.",
          parameters: Object.entries(listRunsQuerySchema.shape).map(([name, schema]) => ({ name, in: "query", required: false, schema: jsonSchema(schema, "input") })),
          responses: { "200": json("A page of runs.", jsonSchema(runListSchema)), "400": errors["400"], "500": errors["500"] },
        },
      },
      "/api/runs/{id}": {
        get: {
          operationId: "getRun",
          summary: "One run: start, end, status, code and definition versions, input row counts, output rows, the SQL executed and any error.",
          parameters: [{ name: "id", in: "path", required: true, description: "The run id.", schema: { type: "string" } }],
          responses: { "200": json("The run.", jsonSchema(runDetailSchema)), ...errors },
        },
      },
      "/api/audit": {
        get: {
          operationId: "listAuditEntries",
          summary: "The tamper-evident audit log, newest first, keyset-paged by seq: give `before` (older page) or `after` (newer page) from a previous answer's cursors.",
          description: "`from` and `to` are whole UTC days, both inclusive. `metric` matches entries about the metric itself and those naming it in their detail, such as its runs.",
          parameters: Object.entries(listAuditQuerySchema.shape).map(([name, schema]) => ({ name, in: "query", required: false, schema: jsonSchema(schema, "input") })),
          responses: { "200": json("A page of entries.", jsonSchema(auditPageSchema)), "400": errors["400"], "500": errors["500"] },
        },
      },
      "/api/alerts": {
        get: {
          operationId: "listAlerts",
          summary: "Alerts fired by the metrics' alert rules after each compute, newest first, with their webhook delivery state and the counts by status.",
          parameters: Object.entries(listAlertsQuerySchema.shape).map(([name, schema]) => ({ name, in: "query", required: false, schema: jsonSchema(schema, "input") })),
          responses: { "200": json("The alerts.", jsonSchema(alertListSchema)), "400": errors["400"], "500": errors["500"] },
        },
      },
      "/api/alerts/{id}/acknowledge": {
        post: {
          operationId: "acknowledgeAlert",
          summary: "Acknowledge an open alert: someone is on it. Recorded in the audit log.",
          parameters: [{ name: "id", in: "path", required: true, description: "The alert id, a UUID.", schema: { type: "string", format: "uuid" } }],
          requestBody: { required: false, content: { "application/json": { schema: jsonSchema(alertTransitionBodySchema, "input") } } },
          responses: {
            "200": json("The alert after the change.", jsonSchema(alertSchema)),
            "400": errors["400"],
            "404": json("No alert with this id.", ref("ApiError")),
            "409": json("The alert's status does not allow this (e.g. it is already resolved).", ref("ApiError")),
            "500": errors["500"],
          },
        },
      },
      "/api/alerts/{id}/resolve": {
        post: {
          operationId: "resolveAlert",
          summary: "Resolve an open or acknowledged alert. Recorded in the audit log.",
          parameters: [{ name: "id", in: "path", required: true, description: "The alert id, a UUID.", schema: { type: "string", format: "uuid" } }],
          requestBody: { required: false, content: { "application/json": { schema: jsonSchema(alertTransitionBodySchema, "input") } } },
          responses: {
            "200": json("The alert after the change.", jsonSchema(alertSchema)),
            "400": errors["400"],
            "404": json("No alert with this id.", ref("ApiError")),
            "409": json("The alert's status does not allow this (e.g. it is already resolved).", ref("ApiError")),
            "500": errors["500"],
          },
        },
      },
      "/api/annotations": {
        get: {
          operationId: "listAnnotations",
          summary: "Annotations overlapping a range of days, newest first: events written by people, and a \"Definition changed\" on the day each version after a metric's first was loaded.",
          description:
            "`from` and `to` are UTC days, both inclusive; an event spanning days is listed when any of its days is in range. " +
            "`metric` keeps the annotations on that metric: its own, those on every metric, and its definition changes. An unknown metric is a 400.",
          parameters: Object.entries(listAnnotationsQuerySchema.shape).map(([name, schema]) => ({ name, in: "query", required: false, schema: jsonSchema(schema, "input") })),
          responses: { "200": json("The annotations.", jsonSchema(annotationListSchema)), "400": errors["400"], "500": errors["500"] },
        },
        post: {
          operationId: "createAnnotation",
          summary: "Record an event on one day or a range of days, on some metrics (`metricKeys`) or on every metric (`metricKeys: null`); appended to the audit log.",
          requestBody: { required: true, content: { "application/json": { schema: jsonSchema(createAnnotationBodySchema, "input") } } },
          responses: {
            "201": json("The new annotation.", ref("Annotation")),
            "400": json("A malformed field, an end before the start, or an unknown metric key; `error.parameter` names it (`endsOn`, `metricKeys.1`).", ref("ApiError")),
            "500": errors["500"],
          },
        },
      },
      "/api/annotations/{id}": {
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            description: "The annotation's id. Definition changes are derived from the version history and have no id here.",
            schema: jsonSchema(annotationRouteParamsSchema.shape.id),
          },
        ],
        get: {
          operationId: "getAnnotation",
          summary: "One event annotation.",
          responses: { "200": json("The annotation.", ref("Annotation")), "404": json("No annotation with this id.", ref("ApiError")), "500": errors["500"] },
        },
        patch: {
          operationId: "updateAnnotation",
          summary: "Change some fields of an event; the values before and after are appended to the audit log.",
          requestBody: { required: true, content: { "application/json": { schema: jsonSchema(updateAnnotationBodySchema, "input") } } },
          responses: { "200": json("The changed annotation.", ref("Annotation")), "400": errors["400"], "404": json("No annotation with this id.", ref("ApiError")), "500": errors["500"] },
        },
        delete: {
          operationId: "deleteAnnotation",
          summary: "Delete an event; what it said is appended to the audit log.",
          responses: { "204": { description: "Deleted." }, "404": json("No annotation with this id.", ref("ApiError")), "500": errors["500"] },
        },
      },
      "/api/users": {
        get: {
          operationId: "listUsers",
          summary: "Every account, by email: role, groups, when it was created and its latest sign-in (from the audit log). Needs manage_users (admin).",
          responses: { "200": json("The users.", jsonSchema(userListSchema)), ...authErrors, "500": errors["500"] },
        },
        post: {
          operationId: "createUser",
          summary: "Create an account that signs in with email and password; appended to the audit log as user.create.",
          description:
            "Without `password` the server generates one (20 letters and digits) and answers it once as `generatedPassword`; only its hash is stored. " +
            "A given password needs at least 12 characters. Needs manage_users (admin).",
          requestBody: { required: true, content: { "application/json": { schema: jsonSchema(createUserBodySchema, "input") } } },
          responses: {
            "201": json("The new account, and the generated password (null when the request gave one).", jsonSchema(createdUserSchema)),
            "400": json("A malformed field; `error.parameter` names it (`email`, `password`, `groups.0`).", ref("ApiError")),
            ...authErrors,
            "409": json("There is already a user with this email.", ref("ApiError")),
            "500": errors["500"],
          },
        },
      },
      "/api/users/{id}": {
        parameters: [{ name: "id", in: "path", required: true, description: "The user's id.", schema: jsonSchema(userRouteParamsSchema.shape.id) }],
        patch: {
          operationId: "updateUser",
          summary: "Change a user's role and/or groups; appended to the audit log as user.role_change with the values before and after. The user's sessions see the change on their next request.",
          requestBody: { required: true, content: { "application/json": { schema: jsonSchema(updateUserBodySchema, "input") } } },
          responses: {
            "200": json("The user after the change.", ref("User")),
            "400": errors["400"],
            ...authErrors,
            "404": json("No user with this id.", ref("ApiError")),
            "409": json("An admin may not remove their own admin role, and the last admin may not be demoted.", ref("ApiError")),
            "500": errors["500"],
          },
        },
        delete: {
          operationId: "deleteUser",
          summary: "Delete an account, its password and its sessions (signed out at once); appended to the audit log as user.delete.",
          responses: {
            "204": { description: "Deleted." },
            ...authErrors,
            "404": json("No user with this id.", ref("ApiError")),
            "409": json("One's own account, or the last admin, cannot be deleted.", ref("ApiError")),
            "500": errors["500"],
          },
        },
      },
      "/api/auth/sign-in/email": {
        post: {
          operationId: "signInEmail",
          summary: "Sign in with email and password (Better Auth); sets the HttpOnly session cookie `better-auth.session_token`. Needs an Origin header of this app.",
          description: "Audited as auth.sign_in or auth.sign_in_failed. Five failures for one account within 15 minutes lock it for the rest of them (429), and one client may try 30 times a minute.",
          requestBody: {
            required: true,
            content: { "application/json": { schema: { type: "object", required: ["email", "password"], properties: { email: { type: "string" }, password: { type: "string" }, rememberMe: { type: "boolean" } } } } },
          },
          responses: {
            "200": json("Signed in; the cookie is set.", { type: "object", properties: { redirect: { type: "boolean" }, token: { type: "string" }, user: { type: "object" } } }),
            "401": json("Wrong email or password.", { type: "object" }),
            "403": json("A foreign Origin.", { type: "object" }),
            "429": json("Too many attempts from this client or for this account; the message says when to retry.", { type: "object" }),
          },
        },
      },
      "/api/auth/sign-out": {
        post: {
          operationId: "signOut",
          summary: "Sign out: deletes the session row, so the cookie stops working everywhere at once. Audited as auth.sign_out.",
          responses: { "200": json("Signed out.", { type: "object", properties: { success: { type: "boolean" } } }) },
        },
      },
      "/api/auth/get-session": {
        get: {
          operationId: "getSession",
          summary: "The session of the cookie sent and its user (with role and groups), or null.",
          responses: { "200": json("The session, or null.", { type: ["object", "null"] }) },
        },
      },
      "/api/brief": {
        get: {
          operationId: "getExecutiveBrief",
          summary: "The executive brief: for each headline metric (off track first), sentences on its latest complete value, its change and whether that is good, its status against target, its latest unusual day and the top driver of the change, each with the link to the chart that proves it.",
          responses: { "200": json("The brief.", jsonSchema(executiveBriefSchema)), "500": errors["500"] },
        },
      },
      "/api/health": {
        get: {
          operationId: "getWarehouseHealth",
          summary: "Whether the warehouse answers now, with the round trip of one trivial query. The error pages ask it to tell an unreachable warehouse from other failures.",
          responses: {
            "200": json("The warehouse answered.", jsonSchema(warehouseHealthSchema)),
            "500": errors["500"],
            "503": errors["503"],
          },
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
