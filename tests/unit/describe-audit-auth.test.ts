import { describe, expect, it } from "vitest";
import { summarizeAuditEntry } from "@/lib/audit/describe-audit-entry";

const entry = (action: string, entityId: string, detail: Record<string, unknown>) => ({ action, entityType: "user", entityId, detail });

describe("audit entries of sign-in and accounts in words", () => {
  it("says who signed in, failed, signed out and was denied what", () => {
    expect(summarizeAuditEntry(entry("auth.sign_in", "ana@x.test", {}))).toBe("ana@x.test signed in.");
    expect(summarizeAuditEntry(entry("auth.sign_in_failed", "ana@x.test", { reason: "Invalid email or password" }))).toBe("Failed sign-in as ana@x.test: Invalid email or password.");
    expect(summarizeAuditEntry(entry("auth.sign_out", "ana@x.test", {}))).toBe("ana@x.test signed out.");
    expect(summarizeAuditEntry({ action: "auth.denied", entityType: "route", entityId: "GET /api/audit", detail: { role: "analyst", permission: "audit_log" } })).toBe(
      "Denied: an analyst without the audit_log permission asked for GET /api/audit.",
    );
  });

  it("names a role change's before and after, groups included", () => {
    expect(summarizeAuditEntry(entry("user.create", "v@x.test", { role: "viewer", groups: [] }))).toBe("Account v@x.test created as viewer.");
    expect(summarizeAuditEntry(entry("user.role_change", "v@x.test", { before: { role: "viewer", groups: [] }, after: { role: "auditor", groups: ["finance", "ops"] } }))).toBe(
      "Account v@x.test changed from viewer to auditor in groups finance, ops.",
    );
    expect(summarizeAuditEntry(entry("user.delete", "v@x.test", { before: { role: "viewer" } }))).toBe("Account v@x.test deleted.");
  });
});
