// Who may do what. Pure: the server checks these on every page and route
// (lib/auth/authorize.ts); the UI only reads them to leave out what a role
// cannot open, which is never the check itself.
import { z } from "zod";

export const roleSchema = z.enum(["viewer", "analyst", "auditor", "admin"]);
export type Role = z.infer<typeof roleSchema>;

export const permissionSchema = z.enum([
  // Dashboards, the catalog, metric charts at their default view, the brief, alerts and annotations to read.
  "view",
  // Breakdowns, filters, comparisons and what drove a change.
  "explore",
  // Create, change and delete dashboards.
  "edit_dashboards",
  // Create, change and delete annotations; acknowledge and resolve alerts.
  "annotate",
  // A point's source rows (page, JSON and CSV).
  "drill",
  // Lineage graphs and their OpenLineage export.
  "lineage",
  // Compute runs, their SQL, inputs and quality checks.
  "runs",
  // The tamper-evident audit log.
  "audit_log",
  // Recompute a stored point from the source rows now.
  "verify",
  // Columns a table's metadata marks sensitive, unmasked.
  "sensitive_columns",
  // Users, their roles and groups.
  "manage_users",
]);
export type Permission = z.infer<typeof permissionSchema>;

const VIEWER: readonly Permission[] = ["view"];
const ANALYST: readonly Permission[] = [...VIEWER, "explore", "edit_dashboards", "annotate", "drill"];
// Everything an analyst may read, plus the evidence; nothing that changes what is stored.
const AUDITOR: readonly Permission[] = [...VIEWER, "explore", "drill", "lineage", "runs", "audit_log", "verify"];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(VIEWER),
  analyst: new Set(ANALYST),
  auditor: new Set(AUDITOR),
  admin: new Set(permissionSchema.options),
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: "dashboards and the metric catalog",
  analyst: "a viewer's pages plus exploration, dashboard editing, annotations and source rows",
  auditor: "an analyst's reading plus lineage, runs, the audit log and verification; changes nothing",
  admin: "everything, including users, roles and sensitive columns",
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** Words for a denial: what the permission opens. */
export const PERMISSION_WORDS: Record<Permission, string> = {
  view: "view dashboards and metrics",
  explore: "explore metrics (breakdowns, filters, comparisons, drivers)",
  edit_dashboards: "create or change dashboards",
  annotate: "write annotations and act on alerts",
  drill: "open a point's source rows",
  lineage: "see lineage",
  runs: "see compute runs",
  audit_log: "read the audit log",
  verify: "verify points against the source rows",
  sensitive_columns: "see sensitive columns unmasked",
  manage_users: "manage users and roles",
};
