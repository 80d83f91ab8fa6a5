// The annotation schemas the route and the forms share, and annotations
// turned into chart marks at each grain.
import { describe, expect, it } from "vitest";
import { marksAt, placeMarks } from "@/components/charts/place-marks";
import { annotationMarks, describeAnnotationDates } from "@/lib/annotations/annotation-marks";
import { auditEntityHref, summarizeAuditEntry } from "@/lib/audit/describe-audit-entry";
import {
  type Annotation,
  createAnnotationBodySchema,
  listAnnotationsQuerySchema,
  updateAnnotationBodySchema,
} from "@/lib/annotations/annotation-schema";

const firstIssue = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => {
  const issue = result.error?.issues[0];
  return issue ? `${issue.path.map(String).join(".")}: ${issue.message}` : null;
};

describe("createAnnotationBodySchema", () => {
  const valid = { title: "Checkout outage", startsOn: "2026-03-12", metricKeys: ["orders"] };

  it("accepts a one-day event and a range, trims the title and drops an empty description", () => {
    expect(
      createAnnotationBodySchema.parse({
        ...valid,
        title: "  Checkout outage ",
        description: "  ",
      }),
    ).toEqual({
      title: "Checkout outage",
      description: null,
      startsOn: "2026-03-12",
      endsOn: null,
      metricKeys: ["orders"],
    });
    expect(
      createAnnotationBodySchema.parse({ ...valid, endsOn: "2026-03-12", metricKeys: null }),
    ).toMatchObject({ endsOn: "2026-03-12", metricKeys: null });
  });

  it.each([
    ["an empty title", { ...valid, title: "   " }, "title: must not be empty"],
    [
      "a title over 200 characters",
      { ...valid, title: "x".repeat(201) },
      "title: must be at most 200 characters",
    ],
    ["no title", { startsOn: "2026-03-12", metricKeys: null }, "title: is required"],
    [
      "a malformed date",
      { ...valid, startsOn: "12/03/2026" },
      "startsOn: must be a date as YYYY-MM-DD",
    ],
    [
      "a date that does not exist",
      { ...valid, startsOn: "2026-02-30" },
      "startsOn: is not a real calendar date",
    ],
    [
      "an end before the start",
      { ...valid, endsOn: "2026-03-11" },
      "endsOn: must not be before the start date",
    ],
    [
      "an empty metric list",
      { ...valid, metricKeys: [] },
      "metricKeys: name at least one metric, or null for every metric",
    ],
    [
      "no scope at all",
      { title: "t", startsOn: "2026-03-12" },
      "metricKeys: must be a list of metric keys, or null for every metric",
    ],
    [
      "a malformed metric key",
      { ...valid, metricKeys: ["orders", "Bad-Key"] },
      "metricKeys.1: must be lower_snake_case, starting with a letter",
    ],
    ["an unknown field", { ...valid, colour: "red" }, ': Unrecognized key: "colour"'],
  ])("rejects %s, naming the field", (_name, body, message) => {
    expect(firstIssue(createAnnotationBodySchema.safeParse(body))).toBe(message);
  });
});

describe("updateAnnotationBodySchema and listAnnotationsQuerySchema", () => {
  it("takes any subset of fields but not none, and checks a range given whole", () => {
    expect(updateAnnotationBodySchema.parse({ title: "New" })).toEqual({ title: "New" });
    expect(updateAnnotationBodySchema.parse({ endsOn: null })).toEqual({ endsOn: null });
    expect(firstIssue(updateAnnotationBodySchema.safeParse({}))).toMatch(
      /^: name at least one field/,
    );
    expect(
      firstIssue(
        updateAnnotationBodySchema.safeParse({ startsOn: "2026-03-12", endsOn: "2026-03-01" }),
      ),
    ).toBe("endsOn: must not be before the start date");
  });

  it("reads the list filters, refusing a reversed range and unknown parameters", () => {
    expect(
      listAnnotationsQuerySchema.parse({ metric: "orders", from: "2026-01-01", to: "2026-12-31" }),
    ).toEqual({ metric: "orders", from: "2026-01-01", to: "2026-12-31" });
    expect(
      firstIssue(listAnnotationsQuerySchema.safeParse({ from: "2026-12-31", to: "2026-01-01" })),
    ).toBe("from: must not be after `to`");
    expect(listAnnotationsQuerySchema.safeParse({ metrc: "orders" }).success).toBe(false);
  });
});

const annotation = (over: Partial<Annotation>): Annotation => ({
  id: "a1",
  kind: "event",
  title: "Checkout outage",
  description: "The shop was down.",
  startsOn: "2026-03-12",
  endsOn: null,
  metricKeys: ["orders"],
  createdAt: "2026-03-12T18:00:00.000Z",
  createdBy: "ops",
  href: null,
  ...over,
});

describe("annotationMarks", () => {
  it.each([
    // 2026-03-12 is a Thursday: its week starts Monday 2026-03-09.
    ["day", { period: "2026-03-12" }],
    ["week", { period: "2026-03-09" }],
    ["month", { period: "2026-03-01" }],
    ["quarter", { period: "2026-01-01" }],
  ] as const)("marks a one-day event at its %s bucket", (grain, expected) => {
    const [mark] = annotationMarks([annotation({})], grain, "2025-01-01", "2026-12-31");
    expect(mark).toEqual({
      kind: "annotation",
      ...expected,
      title: "Checkout outage",
      detail: "Thu, 12 Mar 2026: The shop was down.",
      href: "/annotations#annotation-a1",
    });
  });

  it("spans a range over the buckets it overlaps, clipped to the range, and collapses a range inside one bucket", () => {
    const campaign = annotation({
      id: "c",
      title: "Campaign",
      description: null,
      startsOn: "2025-09-15",
      endsOn: "2025-10-05",
    });
    expect(annotationMarks([campaign], "week", "2025-01-01", "2025-12-31")).toEqual([
      expect.objectContaining({
        period: "2025-09-15",
        to: "2025-09-29",
        detail: "Mon, 15 Sept 2025 to Sun, 5 Oct 2025.",
      }),
    ]);
    expect(annotationMarks([campaign], "day", "2025-09-20", "2025-09-30")).toEqual([
      expect.objectContaining({ period: "2025-09-20", to: "2025-09-30" }),
    ]);
    expect(annotationMarks([campaign], "quarter", "2025-01-01", "2025-12-31")).toEqual([
      expect.objectContaining({ period: "2025-07-01", to: "2025-10-01" }),
    ]);
    const [inOneMonth] = annotationMarks(
      [{ ...campaign, endsOn: "2025-09-28" }],
      "month",
      "2025-01-01",
      "2025-12-31",
    );
    expect(inOneMonth).not.toHaveProperty("to");
    expect(inOneMonth?.period).toBe("2025-09-01");
  });

  it("leaves out annotations outside the range, and links a definition change to its diff", () => {
    expect(
      annotationMarks(
        [annotation({ startsOn: "2024-01-01" }), annotation({ startsOn: "2027-01-01" })],
        "day",
        "2025-01-01",
        "2026-12-31",
      ),
    ).toEqual([]);
    const change = annotation({
      id: "orders@abc",
      kind: "definition_change",
      title: "Definition changed",
      href: "/metrics/orders/definition?version=orders@abc",
    });
    expect(annotationMarks([change], "day", "2026-01-01", "2026-12-31")[0]?.href).toBe(
      "/metrics/orders/definition?version=orders@abc",
    );
  });

  it("says when an annotation happened", () => {
    expect(describeAnnotationDates({ startsOn: "2026-03-12", endsOn: "2026-03-12" })).toBe(
      "Thu, 12 Mar 2026",
    );
  });
});

describe("placeMarks with spans", () => {
  const span = (index: string, to?: string) => ({
    index,
    ...(to ? { to } : {}),
    symbol: "i",
    tone: "info" as const,
    title: "t",
    detail: "d",
  });
  const drawn = ["2026-01-01", "2026-01-05", "2026-01-09"];

  it("clips a span to the drawn indexes, keeps one reaching in from before, and drops one wholly outside", () => {
    expect(placeMarks([span("2026-01-02", "2026-01-20")], drawn)).toEqual([
      span("2026-01-01", "2026-01-09"),
    ]);
    expect(placeMarks([span("2025-12-01", "2026-01-06")], drawn)).toEqual([
      span("2026-01-01", "2026-01-05"),
    ]);
    expect(
      placeMarks([span("2025-12-01", "2025-12-31"), span("2026-01-10", "2026-01-20")], drawn),
    ).toEqual([]);
    // A span between two drawn indexes collapses onto the earlier one.
    expect(placeMarks([span("2026-01-06", "2026-01-08")], drawn)).toEqual([span("2026-01-05")]);
  });

  it("finds the marks covering an index for its tooltip", () => {
    const marks = [span("2026-01-01", "2026-01-05"), span("2026-01-09")];
    expect(marksAt(marks, "2026-01-05")).toEqual([marks[0]]);
    expect(marksAt(marks, "2026-01-09")).toEqual([marks[1]]);
  });
});

describe("annotations in the audit log", () => {
  const detail = {
    title: "Checkout outage",
    description: null,
    startsOn: "2026-03-12",
    endsOn: null,
    metricKeys: ["orders", "revenue"],
  };
  it.each([
    [
      "annotation.created",
      detail,
      "Annotation “Checkout outage” (2026-03-12, on orders, revenue) added.",
    ],
    [
      "annotation.deleted",
      { ...detail, endsOn: "2026-03-13", metricKeys: null },
      "Annotation “Checkout outage” (2026-03-12 to 2026-03-13, on every metric) deleted.",
    ],
    [
      "annotation.updated",
      { before: detail, after: { ...detail, title: "Outage" } },
      "Annotation “Outage” changed; now (2026-03-12, on orders, revenue).",
    ],
  ])("summarises %s", (action, d, sentence) => {
    expect(
      summarizeAuditEntry({ action, entityType: "annotation", entityId: "a1", detail: d }),
    ).toBe(sentence);
  });
  it("links to the annotation in the list", () => {
    expect(auditEntityHref({ entityType: "annotation", entityId: "a1" })).toBe(
      "/annotations#annotation-a1",
    );
  });
});
