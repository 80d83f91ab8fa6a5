// Roles, permissions, viewers and metric access groups: the pure rules the
// server checks on every page and route.
import { describe, expect, it } from "vitest";
import { metricAccessRequirements, metricVisibleTo } from "@/lib/auth/metric-access";
import { can, PERMISSION_WORDS, permissionSchema, ROLE_DESCRIPTIONS, ROLE_PERMISSIONS, roleSchema, type Permission, type Role } from "@/lib/auth/roles";
import { groupNameSchema, viewerCan, viewerInGroups, viewerSchema, type Viewer } from "@/lib/auth/viewer-schema";
import { metricDefinitionSchema, type MetricDefinition } from "@/lib/metrics/definition-schema";

// The matrix as the product describes it, written out rather than derived from ROLE_PERMISSIONS.
const EXPECTED: Record<Role, Permission[]> = {
  viewer: ["view"],
  analyst: ["view", "explore", "edit_dashboards", "annotate", "drill"],
  auditor: ["view", "explore", "drill", "lineage", "runs", "audit_log", "verify"],
  admin: ["view", "explore", "edit_dashboards", "annotate", "drill", "lineage", "runs", "audit_log", "verify", "sensitive_columns", "manage_users"],
};

const viewer = (role: Role, groups: string[] = []): Viewer => ({ userId: `u-${role}`, email: `${role}@example.com`, name: role, role, groups });

describe("roles and permissions", () => {
  it("has the four roles and eleven permissions", () => {
    expect(roleSchema.options).toEqual(["viewer", "analyst", "auditor", "admin"]);
    expect(permissionSchema.options).toHaveLength(11);
  });

  it.each(roleSchema.options)("%s may do exactly what the product says", (role) => {
    const allowed = permissionSchema.options.filter((p) => can(role, p));
    expect(allowed.sort()).toEqual([...EXPECTED[role]].sort());
    expect([...ROLE_PERMISSIONS[role]].sort()).toEqual([...EXPECTED[role]].sort());
  });

  it("keeps the auditor read-only and the sensitive parts to admins", () => {
    for (const p of ["edit_dashboards", "annotate", "manage_users", "sensitive_columns"] as const) expect(can("auditor", p), p).toBe(false);
    for (const role of ["viewer", "analyst", "auditor"] as const) {
      expect(can(role, "manage_users"), role).toBe(false);
      expect(can(role, "sensitive_columns"), role).toBe(false);
    }
    // Only the admin has every permission.
    expect(roleSchema.options.filter((r) => permissionSchema.options.every((p) => can(r, p)))).toEqual(["admin"]);
  });

  it("every role can view, and every role's permissions include the viewer's", () => {
    for (const role of roleSchema.options) for (const p of EXPECTED.viewer) expect(can(role, p), `${role} ${p}`).toBe(true);
  });

  it("has words for every permission and a description for every role", () => {
    for (const p of permissionSchema.options) expect(PERMISSION_WORDS[p].length, p).toBeGreaterThan(5);
    for (const r of roleSchema.options) expect(ROLE_DESCRIPTIONS[r].length, r).toBeGreaterThan(5);
  });

  it("refuses unknown roles and permissions", () => {
    expect(roleSchema.safeParse("superuser").success).toBe(false);
    expect(roleSchema.safeParse("Admin").success).toBe(false);
    expect(permissionSchema.safeParse("delete_everything").success).toBe(false);
  });
});

describe("viewer", () => {
  it("parses a session's user and refuses an unknown role or a malformed group", () => {
    expect(viewerSchema.parse(viewer("auditor", ["finance"]))).toEqual(viewer("auditor", ["finance"]));
    expect(viewerSchema.safeParse({ ...viewer("admin"), role: "root" }).success).toBe(false);
    expect(viewerSchema.safeParse({ ...viewer("admin"), userId: "" }).success).toBe(false);
    expect(viewerSchema.safeParse({ ...viewer("admin"), groups: ["Finance"] }).success).toBe(false);
  });

  it.each([
    ["finance", true],
    ["growth_team", true],
    ["ops-eu", true],
    ["a", true],
    ["a".repeat(40), true],
    ["a".repeat(41), false],
    ["Finance", false],
    ["1team", false],
    ["_team", false],
    ["", false],
    ["fin ance", false],
    ["finance'; --", false],
  ])("group name %j valid: %s", (name, valid) => {
    expect(groupNameSchema.safeParse(name).success).toBe(valid);
  });

  it("checks permissions by role", () => {
    expect(viewerCan(viewer("viewer"), "view")).toBe(true);
    expect(viewerCan(viewer("viewer"), "explore")).toBe(false);
    expect(viewerCan(viewer("analyst"), "drill")).toBe(true);
    expect(viewerCan(viewer("analyst"), "lineage")).toBe(false);
    expect(viewerCan(viewer("auditor"), "verify")).toBe(true);
    expect(viewerCan(viewer("admin"), "manage_users")).toBe(true);
  });

  it("admits to groups: unrestricted always, admins always, others by membership", () => {
    expect(viewerInGroups(viewer("viewer"), undefined)).toBe(true);
    expect(viewerInGroups(viewer("viewer"), [])).toBe(true);
    expect(viewerInGroups(viewer("viewer"), ["finance"])).toBe(false);
    expect(viewerInGroups(viewer("analyst", ["growth"]), ["finance"])).toBe(false);
    expect(viewerInGroups(viewer("analyst", ["growth"]), ["finance", "growth"])).toBe(true);
    expect(viewerInGroups(viewer("auditor", ["finance"]), ["finance"])).toBe(true);
    expect(viewerInGroups(viewer("admin"), ["finance"])).toBe(true);
  });
});

describe("metric access", () => {
  const common = { description: "A test metric.", unit: "count", owner: "team@example.com" } as const;
  const aggregate = (key: string, groups?: string[]) => ({
    ...common,
    key,
    name: key,
    kind: "aggregate",
    table: "orders",
    time_column: "ordered_at",
    aggregate: { fn: "count" },
    ...(groups ? { access: { groups } } : {}),
  });
  const defs = (...raw: object[]) => {
    const map = new Map<string, { definition: MetricDefinition }>();
    for (const r of raw) {
      const definition = metricDefinitionSchema.parse(r);
      map.set(definition.key, { definition });
    }
    return map;
  };
  const definitions = defs(
    aggregate("orders"),
    aggregate("revenue", ["finance"]),
    aggregate("refunds", ["finance", "support"]),
    aggregate("signups", ["growth"]),
    { ...common, key: "refund_rate", name: "Refund rate", kind: "ratio", numerator: "refunds", denominator: "orders" },
    { ...common, key: "arpu", name: "ARPU", kind: "derived", expression: "revenue / signups" },
    { ...common, key: "aov", name: "AOV", kind: "derived", expression: "revenue / orders", access: { groups: ["exec"] } },
    { ...common, key: "arpu_per_order", name: "ARPU per order", kind: "derived", expression: "arpu / orders" },
  );

  it("refuses an empty or malformed access.groups in a definition", () => {
    expect(metricDefinitionSchema.safeParse(aggregate("x", [])).success).toBe(false);
    expect(metricDefinitionSchema.safeParse(aggregate("x", ["Finance"])).success).toBe(false);
    expect(metricDefinitionSchema.safeParse({ ...aggregate("x"), access: { groups: ["finance"], users: ["a"] } }).success).toBe(false);
  });

  it("collects a metric's own groups and its inputs', transitively", () => {
    expect(metricAccessRequirements("orders", definitions)).toEqual([]);
    expect(metricAccessRequirements("revenue", definitions)).toEqual([["finance"]]);
    expect(metricAccessRequirements("refund_rate", definitions)).toEqual([["finance", "support"]]);
    expect(metricAccessRequirements("arpu", definitions)).toEqual([["finance"], ["growth"]]);
    expect(metricAccessRequirements("aov", definitions)).toEqual([["exec"], ["finance"]]);
    expect(metricAccessRequirements("arpu_per_order", definitions)).toEqual([["finance"], ["growth"]]);
    // An unknown key has no requirements here; whether it exists is decided elsewhere.
    expect(metricAccessRequirements("nope", definitions)).toEqual([]);
  });

  it("stops on a cycle instead of recursing forever", () => {
    const cyclic = defs(
      { ...common, key: "a", name: "A", kind: "derived", expression: "b * 2", access: { groups: ["x"] } },
      { ...common, key: "b", name: "B", kind: "derived", expression: "a / 2", access: { groups: ["y"] } },
    );
    expect(metricAccessRequirements("a", cyclic)).toEqual([["x"], ["y"]]);
  });

  it("shows a metric only to viewers admitted by every requirement", () => {
    const finance = viewer("auditor", ["finance"]);
    const growth = viewer("analyst", ["growth"]);
    const both = viewer("analyst", ["finance", "growth"]);
    const support = viewer("viewer", ["support"]);
    const nobody = viewer("viewer");
    const admin = viewer("admin");
    const visible = (v: Viewer) => [...definitions.keys()].filter((k) => metricVisibleTo(v, k, definitions)).sort();
    expect(visible(nobody)).toEqual(["orders"]);
    expect(visible(finance)).toEqual(["orders", "refund_rate", "refunds", "revenue"]);
    expect(visible(growth)).toEqual(["orders", "signups"]);
    // ARPU needs both revenue (finance) and signups (growth): neither group alone shows it.
    expect(visible(both)).toEqual(["arpu", "arpu_per_order", "orders", "refund_rate", "refunds", "revenue", "signups"]);
    expect(visible(support)).toEqual(["orders", "refund_rate", "refunds"]);
    expect(visible(admin)).toEqual([...definitions.keys()].sort());
  });
});
