// The WHERE clause of the audit log's filters, with bound parameters. Pure.
import type { AuditFilters } from "./audit-schema";

const DAY_MS = 86_400_000;

export interface SqlWhere {
  /** `WHERE ...`, or empty for no filter. */
  sql: string;
  params: string[];
}

/** Dates are whole UTC days: `to` includes every instant of its day. */
export function auditFilterSql(f: AuditFilters): SqlWhere {
  const params: string[] = [];
  const bind = (value: string) => {
    params.push(value);
    return `$${params.length}`;
  };
  const clauses: string[] = [];
  if (f.action) clauses.push(`action = ${bind(f.action)}`);
  if (f.entityType) clauses.push(`entity_type = ${bind(f.entityType)}`);
  if (f.entityId) clauses.push(`entity_id = ${bind(f.entityId)}`);
  if (f.actor) clauses.push(`actor = ${bind(f.actor)}`);
  if (f.metric) {
    const p = bind(f.metric);
    clauses.push(`((entity_type = 'metric' AND entity_id = ${p}) OR detail->>'metricKey' = ${p})`);
  }
  if (f.from) clauses.push(`at >= ${bind(`${f.from}T00:00:00.000Z`)}::timestamptz`);
  if (f.to)
    clauses.push(
      `at < ${bind(new Date(Date.parse(`${f.to}T00:00:00Z`) + DAY_MS).toISOString())}::timestamptz`,
    );
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}
