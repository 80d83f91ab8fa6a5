// Audit entries in plain words, and the pages they point at. Pure.
import type { AuditEntry } from "./audit-schema";

const str = (value: unknown): string | null =>
  typeof value === "string" && value !== "" ? value : null;
const num = (value: unknown): string | null =>
  typeof value === "number" && Number.isFinite(value) ? value.toLocaleString("en-US") : null;

function scalar(value: unknown): string {
  if (value === null) return "none";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return String(value);
  return JSON.stringify(value);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** "on 2026-03-12, on orders, revenue": an annotation's days and metrics as its audit detail stores them. */
function annotationScope(d: Record<string, unknown>): string {
  const from = str(d.startsOn);
  const to = str(d.endsOn);
  const keys = Array.isArray(d.metricKeys) ? d.metricKeys.filter((k): k is string => typeof k === "string") : null;
  return `(${to && to !== from ? `${from} to ${to}` : from}, on ${keys ? keys.join(", ") : "every metric"})`;
}

/** " in groups finance, ops" or "" when none. */
function groupWords(groups: unknown): string {
  const list = Array.isArray(groups) ? groups.filter((g): g is string => typeof g === "string") : [];
  return list.length ? ` in group${list.length === 1 ? "" : "s"} ${list.join(", ")}` : "";
}

/** One sentence saying what happened; falls back to the detail's fields for actions it does not know. */
export function summarizeAuditEntry(
  e: Pick<AuditEntry, "action" | "entityType" | "entityId" | "detail">,
): string {
  const d = e.detail;
  switch (e.action) {
    case "definition.created":
      return `Definition of ${e.entityId} first loaded${str(d.versionId) ? ` as version ${str(d.versionId)}` : ""}.`;
    case "definition.changed":
      return `Definition of ${e.entityId} changed${str(d.previousVersionId) ? ` from version ${str(d.previousVersionId)}` : ""}${str(d.versionId) ? ` to ${str(d.versionId)}` : ""}.`;
    case "run.succeeded": {
      const counts = [
        num(d.inputRows) ? `${num(d.inputRows)} source rows read` : null,
        num(d.outputRows) ? `${num(d.outputRows)} points written` : null,
      ].filter(Boolean);
      return `Run of ${str(d.metricKey) ?? "a metric"} succeeded${counts.length ? `: ${counts.join(", ")}` : ""}.`;
    }
    case "run.failed":
      return `Run of ${str(d.metricKey) ?? "a metric"} failed${str(d.error) ? `: ${str(d.error)}` : ""}.`;
    case "annotation.created":
    case "annotation.deleted":
      return `Annotation “${str(d.title) ?? e.entityId}” ${annotationScope(d)} ${e.action === "annotation.created" ? "added" : "deleted"}.`;
    case "annotation.updated": {
      const after = isRecord(d.after) ? d.after : {};
      return `Annotation “${str(after.title) ?? e.entityId}” changed; now ${annotationScope(after)}.`;
    }
    case "import.succeeded":
      return `File ${str(d.file) ?? "?"} imported into ${e.entityId} (${str(d.mode) ?? "?"}): ${num(d.rowsLoaded) ?? 0} rows loaded, ${num(d.rowsRejected) ?? 0} rejected.`;
    case "import.failed":
      return `Import of ${str(d.file) ?? "a file"} into ${e.entityId} failed${str(d.error) ? `: ${str(d.error)}` : ""}.`;
    case "quality_check.failed":
      return `Quality check ${str(d.check) ?? ""} failed on ${e.entityType} ${e.entityId}${str(d.message) ? `: ${str(d.message)}` : ""}.`.replace(
        "check  failed",
        "check failed",
      );
    case "auth.sign_in":
      return `${e.entityId} signed in.`;
    case "auth.sign_in_failed":
      return `Failed sign-in as ${e.entityId}${str(d.reason) ? `: ${str(d.reason)}` : ""}.`;
    case "auth.sign_out":
      return `${e.entityId} signed out.`;
    case "auth.denied": {
      const role = str(d.role) ?? "user";
      return `Denied: ${/^[aeiou]/.test(role) ? "an" : "a"} ${role} without the ${str(d.permission) ?? "needed"} permission asked for ${e.entityId}.`;
    }
    case "user.create":
      return `Account ${e.entityId} created as ${str(d.role) ?? "?"}${groupWords(d.groups)}.`;
    case "user.role_change": {
      const before = isRecord(d.before) ? d.before : {};
      const after = isRecord(d.after) ? d.after : {};
      return `Account ${e.entityId} changed from ${str(before.role) ?? "?"}${groupWords(before.groups)} to ${str(after.role) ?? "?"}${groupWords(after.groups)}.`;
    }
    case "user.delete":
      return `Account ${e.entityId} deleted.`;
    default: {
      const fields = Object.entries(d).map(([k, v]) => `${k}: ${scalar(v)}`);
      return fields.length ? `${e.action}: ${fields.join("; ")}.` : `${e.action}.`;
    }
  }
}

export interface AuditLink {
  label: string;
  href: string;
}

/** The entity's own page, for entity types that have one. */
export function auditEntityHref(e: Pick<AuditEntry, "entityType" | "entityId">): string | null {
  if (e.entityType === "metric") return `/metrics/${encodeURIComponent(e.entityId)}`;
  if (e.entityType === "run") return `/runs/${encodeURIComponent(e.entityId)}`;
  if (e.entityType === "annotation") return `/annotations#annotation-${encodeURIComponent(e.entityId)}`;
  return null;
}

/** Further pages an entry's detail points at: the diff of a definition change, a run's metric, a check's run. */
export function auditRelatedLinks(
  e: Pick<AuditEntry, "action" | "entityType" | "entityId" | "detail">,
): AuditLink[] {
  const d = e.detail;
  const links: AuditLink[] = [];
  const versionId = str(d.versionId);
  const previous = str(d.previousVersionId);
  if (e.entityType === "metric" && e.action === "definition.changed" && versionId && previous) {
    const q = new URLSearchParams({ from: previous, to: versionId });
    links.push({
      label: "Diff of this change",
      href: `/metrics/${encodeURIComponent(e.entityId)}/definition?${q}#diff`,
    });
  }
  const metricKey = str(d.metricKey);
  if (e.entityType !== "metric" && metricKey)
    links.push({ label: `Metric ${metricKey}`, href: `/metrics/${encodeURIComponent(metricKey)}` });
  const runId = str(d.runId);
  if (e.entityType !== "run" && runId)
    links.push({ label: "Run", href: `/runs/${encodeURIComponent(runId)}` });
  return links;
}
