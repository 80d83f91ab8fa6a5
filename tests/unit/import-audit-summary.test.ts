import { describe, expect, it } from "vitest";
import { summarizeAuditEntry } from "@/lib/audit/describe-audit-entry";

describe("import audit entries", () => {
  it("say what was imported where, or why it failed", () => {
    expect(
      summarizeAuditEntry({
        action: "import.succeeded",
        entityType: "table",
        entityId: "public.sales",
        detail: { file: "/data/sales.csv", mode: "append", rowsLoaded: 598, rowsRejected: 2 },
      }),
    ).toBe("File /data/sales.csv imported into public.sales (append): 598 rows loaded, 2 rejected.");
    expect(
      summarizeAuditEntry({ action: "import.failed", entityType: "table", entityId: "sales", detail: { file: "/data/x.csv", error: "/data/x.csv:4: expected 2 fields" } }),
    ).toBe("Import of /data/x.csv into sales failed: /data/x.csv:4: expected 2 fields.");
  });
});
