// OpenLineage export of every demo metric's runs, validated with Ajv (2020-12)
// against the unmodified schemas in ../shared/openlineage, on both warehouses.
import fs from "node:fs";
import path from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "@/lib/demo/seed";
import { getMetricLineageOrThrow } from "@/lib/lineage/queries/get-metric-lineage-or-throw";
import { getRunOpenLineageEventOrThrow } from "@/lib/openlineage/queries/get-run-openlineage-event-or-throw";
import { listMetricOpenLineageEvents } from "@/lib/openlineage/queries/list-metric-openlineage-events";
import { computeMetrics } from "@/lib/pipeline/compute";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";
import { adminViewer } from "../support/viewers";

const SPEC_DIR = path.resolve("../shared/openlineage");
const METRICS_DIR = path.resolve("metrics");

function loadValidators() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const core = JSON.parse(fs.readFileSync(path.join(SPEC_DIR, "OpenLineage.json"), "utf8")) as { $id: string };
  ajv.addSchema(core);
  const facetIds = new Set<string>();
  for (const name of fs.readdirSync(path.join(SPEC_DIR, "facets")).filter((n) => n.endsWith(".json"))) {
    const schema = JSON.parse(fs.readFileSync(path.join(SPEC_DIR, "facets", name), "utf8")) as { $id: string };
    ajv.addSchema(schema);
    facetIds.add(schema.$id);
  }
  const runEvent = ajv.compile({ $ref: `${core.$id}#/$defs/RunEvent` });
  const facetValidators = new Map<string, ValidateFunction>();
  // Each facet names its schema in _schemaURL: validate it there too, since the core schema checks only the base facet.
  const facet = (url: string): ValidateFunction => {
    const base = url.split("#")[0]!;
    if (!facetIds.has(base)) throw new Error(`_schemaURL ${url} is not one of the shipped facet schemas`);
    let v = facetValidators.get(url);
    if (!v) facetValidators.set(url, (v = ajv.compile({ $ref: url })));
    return v;
  };
  return { runEvent, facet };
}

function facetsOf(event: Record<string, unknown>): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o._schemaURL === "string") found.push(o);
      else Object.values(o).forEach(walk);
    }
  };
  walk(event);
  return found;
}

const { runEvent, facet } = loadValidators();

function expectValid(event: unknown) {
  expect(runEvent(event) ? [] : runEvent.errors).toEqual([]);
  for (const f of facetsOf(event as Record<string, unknown>)) {
    const v = facet(f._schemaURL as string);
    const valid: boolean = v(f);
    expect(valid ? [] : { facet: f._schemaURL, errors: v.errors }).toEqual([]);
  }
}

describe.each(WAREHOUSES)("OpenLineage export on $name", (factory) => {
  let wh: TestWarehouse;
  beforeAll(async () => {
    wh = await factory.open();
    await seedDemoShop(wh.sql, { scale: 60_000 });
    await computeMetrics(wh, { metricsDir: METRICS_DIR });
  });
  afterAll(() => wh?.dispose());

  it("exports every demo metric's latest runs as RunEvents that validate against the shipped schemas", async () => {
    const keys = (await wh.sql.query<{ key: string }>(`SELECT key FROM metric_definition ORDER BY key`)).map((r) => r.key);
    expect(keys).toHaveLength(15);
    for (const key of keys) {
      const events = await listMetricOpenLineageEvents(wh, adminViewer, key);
      expect(events.some((e) => e.job.name === `compute:${key}`), key).toBe(true);
      for (const event of events) expectValid(event);
    }
  });

  it("carries SQL, ownership, schema, column lineage and the failed duplicate-key assertion on orders", async () => {
    const lineage = await getMetricLineageOrThrow(wh, adminViewer, "revenue");
    const runId = lineage.nodes.find((n) => n.id === "job:compute:revenue")!.runId!;
    const event = await getRunOpenLineageEventOrThrow(wh, adminViewer, runId);
    expectValid(event);
    expect(event.eventType).toBe("COMPLETE");
    expect(event.job.facets.sql.query).toContain("INSERT INTO metric_value");
    expect(event.job.facets.ownership?.owners[0]?.name).toMatch(/@/);
    const [input] = event.inputs;
    expect(input?.name).toMatch(/\.orders$/);
    expect(input?.facets.schema.fields.map((f) => f.name)).toEqual(expect.arrayContaining(["ordered_at", "amount", "status"]));
    const dup = input?.inputFacets.dataQualityAssertions.assertions.find((a) => a.assertion === "duplicate_keys");
    expect(dup).toMatchObject({ success: false, column: "order_id" });
    expect(event.outputs[0]?.facets.columnLineage.fields.value?.inputFields[0]).toMatchObject({ name: input?.name, field: "amount" });
  });

  it("exports a failed run as FAIL with its error message", async () => {
    await wh.sql.exec(`CREATE OR REPLACE FUNCTION triad_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'planted failure'; END $$;
      CREATE TRIGGER fail_refunds BEFORE INSERT ON metric_value FOR EACH ROW WHEN (NEW.metric_key = 'refunds') EXECUTE FUNCTION triad_fail();`);
    try {
      const [result] = await computeMetrics(wh, { metricsDir: METRICS_DIR, only: ["refunds"], full: true });
      expect(result?.status).toBe("failed");
      const event = await getRunOpenLineageEventOrThrow(wh, adminViewer, result!.runId);
      expectValid(event);
      expect(event.eventType).toBe("FAIL");
      expect(event.run.facets.errorMessage?.message).toContain("planted failure");
    } finally {
      await wh.sql.exec(`DROP TRIGGER fail_refunds ON metric_value`);
    }
  });
});
