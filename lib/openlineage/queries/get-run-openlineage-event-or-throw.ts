import "server-only";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { Warehouse } from "@/lib/db";
import { readLineageAccess } from "@/lib/lineage/queries/get-metric-lineage-or-throw";
import type { LineageAccess } from "@/lib/lineage/restrict-lineage";
import { NotFoundError } from "@/lib/http/errors";
import { listRunQualityChecks } from "@/lib/quality/queries/list-quality-checks";
import { metricDatasetName, runEventOf, TRIAD_NAMESPACE, type EngineForOpenLineage, type InputForOpenLineage, type OpenLineageRunEvent, type RunForOpenLineage } from "../run-event";

interface RunRow extends Record<string, unknown> {
  id: string;
  metric_key: string;
  status: string;
  started_at: Date | string;
  finished_at: Date | string | null;
  sql: string;
  error: string | null;
  output_rows: number | null;
  code_version: string | null;
  input_row_counts: Record<string, number>;
  definition: RunForOpenLineage["definition"] | null;
}

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

async function engineOf(wh: Warehouse): Promise<EngineForOpenLineage> {
  const [row] = await wh.sql.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  return { name: wh.kind === "postgres" ? "PostgreSQL" : "PGlite (PostgreSQL)", version: row?.v ?? "unknown" };
}

/**
 * RunEvents of the given runs, in the order given; unknown ids and runs of
 * metrics the viewer may not see are skipped, input metric datasets they may
 * not see left out, and a restricted table's input carries no fields, counts or checks.
 */
export async function listRunOpenLineageEvents(wh: Warehouse, runIds: readonly string[], access: LineageAccess): Promise<OpenLineageRunEvent[]> {
  if (runIds.length === 0) return [];
  const ids = `{${runIds.join(",")}}`;
  const runs = await wh.sql.query<RunRow>(
    `SELECT r.id, r.metric_key, r.status, r.started_at, r.finished_at, r.sql, r.error, r.output_rows, r.code_version, r.input_row_counts, v.definition
     FROM metric_run r LEFT JOIN metric_definition_version v ON v.id = r.definition_version_id WHERE r.id = ANY($1::text[])`,
    [ids],
  );
  const edges = await wh.sql.query<{ run_id: string; from_kind: string; from_name: string; to_kind: string; columns: string[] }>(
    `SELECT run_id, from_kind, from_name, to_kind, columns FROM lineage_edge WHERE run_id = ANY($1::text[]) AND to_kind = 'job' ORDER BY from_name`,
    [ids],
  );
  const types = await wh.sql.query<{ table_schema: string; table_name: string; column_name: string; data_type: string }>(
    `SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema || '.' || table_name = ANY($1::text[])`,
    [`{${[...new Set(edges.filter((e) => e.from_kind === "table").map((e) => e.from_name))].join(",")}}`],
  );
  const typeOf = (table: string, column: string) => types.find((t) => `${t.table_schema}.${t.table_name}` === table && t.column_name === column)?.data_type ?? "unknown";
  const checks = await listRunQualityChecks(wh.sql, runIds);
  const [engine, byId] = [await engineOf(wh), new Map(runs.map((r) => [r.id, r]))];
  return runIds.flatMap((id) => {
    const r = byId.get(id);
    if (!r || !access.metricVisible(r.metric_key)) return [];
    const runChecks = checks.filter((c) => c.runId === id && !(c.nodeKind === "table" && access.tableRestricted(c.nodeName)));
    const inputs: InputForOpenLineage[] = edges
      .filter((e) => e.run_id === id && !(e.from_kind === "metric" && !access.metricVisible(e.from_name)))
      .map((e) =>
        e.from_kind === "table" && access.tableRestricted(e.from_name)
          ? { kind: "table", namespace: `postgres://warehouse`, name: e.from_name, fields: [], rowCount: null, checks: [] }
          : e.from_kind === "table"
          ? {
              kind: "table",
              namespace: `postgres://warehouse`,
              name: e.from_name,
              fields: e.columns.map((c) => ({ name: c, type: typeOf(e.from_name, c) })),
              rowCount: (() => {
                const n = runChecks.find((c) => c.nodeKind === "table" && c.nodeName === e.from_name && c.check === "row_count")?.actual;
                return n ? Number(n) : null;
              })(),
              checks: runChecks.filter((c) => c.nodeKind === "table" && c.nodeName === e.from_name),
            }
          : { kind: "metric", namespace: TRIAD_NAMESPACE, name: metricDatasetName(e.from_name), fields: [{ name: "value", type: "double precision" }], rowCount: null, checks: [] },
      );
    const run: RunForOpenLineage = {
      id: r.id,
      metricKey: r.metric_key,
      status: r.status,
      startedAt: iso(r.started_at),
      finishedAt: r.finished_at === null ? null : iso(r.finished_at),
      sql: r.sql,
      error: r.error,
      outputRows: r.output_rows,
      codeVersion: r.code_version,
      definition: r.definition ?? { kind: "unknown" },
    };
    return [runEventOf(run, inputs, engine, runChecks.filter((c) => c.nodeKind === "rollup"))];
  });
}

/** One run's RunEvent; NotFoundError for an unknown run or one of a metric the viewer may not see. */
export async function getRunOpenLineageEventOrThrow(wh: Warehouse, viewer: Viewer, runId: string): Promise<OpenLineageRunEvent> {
  const [event] = await listRunOpenLineageEvents(wh, [runId], await readLineageAccess(wh, viewer));
  if (!event) throw new NotFoundError(`No run '${runId}'.`, "id");
  return event;
}
