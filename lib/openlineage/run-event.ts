// Builds OpenLineage RunEvents (spec 2-0-2, ../shared/openlineage) from a
// stored run. Pure: the run, its inputs and checks come in as data.
import type { QualityCheck } from "@/lib/quality/check-schema";

export const OPENLINEAGE_SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
export const TRIAD_PRODUCER = "https://github.com/triad-analytics/triad";
export const TRIAD_NAMESPACE = "triad";

const FACET_VERSIONS = {
  NominalTimeRunFacet: "1-0-1",
  ProcessingEngineRunFacet: "1-1-1",
  ErrorMessageRunFacet: "1-0-1",
  SQLJobFacet: "1-1-0",
  OwnershipJobFacet: "1-0-1",
  JobTypeJobFacet: "2-0-4",
  DocumentationJobFacet: "1-1-0",
  SchemaDatasetFacet: "1-2-0",
  ColumnLineageDatasetFacet: "1-2-0",
  DataQualityAssertionsDatasetFacet: "1-1-0",
  DataQualityMetricsInputDatasetFacet: "1-0-3",
} as const;

const facet = (name: keyof typeof FACET_VERSIONS) => ({
  _producer: TRIAD_PRODUCER,
  _schemaURL: `https://openlineage.io/spec/facets/${FACET_VERSIONS[name]}/${name}.json#/$defs/${name}`,
});

export interface RunForOpenLineage {
  id: string;
  metricKey: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  sql: string;
  error: string | null;
  outputRows: number | null;
  codeVersion: string | null;
  definition: { description?: string; owner?: string; kind: string; time_column?: string; dimensions?: string[]; aggregate?: { fn: string; column?: string }; column?: string; filters?: { column: string }[] };
}

export interface InputForOpenLineage {
  /** "table": a source table; "metric": another metric's stored points. */
  kind: "table" | "metric";
  namespace: string;
  name: string;
  /** Columns read, with their warehouse types. */
  fields: { name: string; type: string }[];
  rowCount: number | null;
  checks: QualityCheck[];
}

export interface EngineForOpenLineage {
  name: string;
  version: string;
}

const OUTPUT_FIELDS = [
  { name: "metric_key", type: "text" },
  { name: "grain", type: "text" },
  { name: "period", type: "date" },
  { name: "dimension", type: "text" },
  { name: "dimension_value", type: "text" },
  { name: "value", type: "double precision" },
  { name: "run_id", type: "text" },
];

const schemaFacet = (fields: { name: string; type: string }[]) => ({ ...facet("SchemaDatasetFacet"), fields: fields.map((f, i) => ({ name: f.name, type: f.type, ordinal_position: i + 1 })) });

export const metricDatasetName = (key: string) => `metric_value/${key}`;

function columnLineage(run: RunForOpenLineage, inputs: readonly InputForOpenLineage[]) {
  const d = run.definition;
  const field = (input: InputForOpenLineage, name: string, type: "DIRECT" | "INDIRECT", subtype: string) => ({ namespace: input.namespace, name: input.name, field: name, transformations: [{ type, subtype }] });
  const has = (input: InputForOpenLineage, name: string | undefined) => name !== undefined && input.fields.some((f) => f.name === name);
  const fields: Record<string, { inputFields: ReturnType<typeof field>[] }> = {};
  const dataset: ReturnType<typeof field>[] = [];
  for (const input of inputs) {
    if (input.kind === "metric") {
      (fields.value ??= { inputFields: [] }).inputFields.push(field(input, "value", "DIRECT", "TRANSFORMATION"));
      continue;
    }
    const valueColumn = d.aggregate?.column ?? d.column;
    if (has(input, valueColumn)) (fields.value ??= { inputFields: [] }).inputFields.push(field(input, valueColumn!, "DIRECT", "AGGREGATION"));
    if (has(input, d.time_column)) (fields.period ??= { inputFields: [] }).inputFields.push(field(input, d.time_column!, "DIRECT", "TRANSFORMATION"));
    for (const dim of d.dimensions ?? []) if (has(input, dim)) (fields.dimension_value ??= { inputFields: [] }).inputFields.push(field(input, dim, "DIRECT", "IDENTITY"));
    if (has(input, d.time_column)) dataset.push(field(input, d.time_column!, "INDIRECT", "GROUP_BY"));
    for (const dim of d.dimensions ?? []) if (has(input, dim)) dataset.push(field(input, dim, "INDIRECT", "GROUP_BY"));
    for (const f of d.filters ?? []) if (has(input, f.column)) dataset.push(field(input, f.column, "INDIRECT", "FILTER"));
  }
  return { ...facet("ColumnLineageDatasetFacet"), fields, dataset };
}

const assertionOf = (c: QualityCheck) => ({
  assertion: c.check,
  success: c.status !== "fail",
  ...(c.column ? { column: c.column.split(", ")[0] } : {}),
  severity: c.check === "freshness" ? "warn" : "error",
  name: `${c.nodeName}.${c.check}`,
  description: c.message,
  ...(c.expected !== null ? { expected: c.expected } : {}),
  ...(c.actual !== null ? { actual: c.actual } : {}),
});

function inputFacets(input: InputForOpenLineage) {
  const assertions = input.checks.map(assertionOf);
  const nullKeys = input.checks.find((c) => c.check === "null_keys");
  const columnMetrics: Record<string, { nullCount: number }> = {};
  if (nullKeys?.column && nullKeys.actual !== null && !nullKeys.column.includes(",")) columnMetrics[nullKeys.column] = { nullCount: Number(nullKeys.actual) };
  return {
    dataQualityAssertions: { ...facet("DataQualityAssertionsDatasetFacet"), assertions },
    dataQualityMetrics: { ...facet("DataQualityMetricsInputDatasetFacet"), ...(input.rowCount !== null ? { rowCount: input.rowCount } : {}), columnMetrics },
  };
}

/** The terminal RunEvent of a finished run: COMPLETE or FAIL. */
export function runEventOf(run: RunForOpenLineage, inputs: readonly InputForOpenLineage[], engine: EngineForOpenLineage, rollupChecks: readonly QualityCheck[] = []) {
  const failed = run.status !== "succeeded";
  return {
    eventType: failed ? ("FAIL" as const) : ("COMPLETE" as const),
    eventTime: run.finishedAt ?? run.startedAt,
    producer: TRIAD_PRODUCER,
    schemaURL: OPENLINEAGE_SCHEMA_URL,
    run: {
      runId: run.id,
      facets: {
        nominalTime: { ...facet("NominalTimeRunFacet"), nominalStartTime: run.startedAt, ...(run.finishedAt ? { nominalEndTime: run.finishedAt } : {}) },
        processing_engine: { ...facet("ProcessingEngineRunFacet"), name: engine.name, version: engine.version, ...(run.codeVersion ? { openlineageAdapterVersion: `triad ${run.codeVersion}` } : {}) },
        ...(failed ? { errorMessage: { ...facet("ErrorMessageRunFacet"), message: run.error ?? `run ${run.status}`, programmingLanguage: "SQL" } } : {}),
      },
    },
    job: {
      namespace: TRIAD_NAMESPACE,
      name: `compute:${run.metricKey}`,
      facets: {
        sql: { ...facet("SQLJobFacet"), query: run.sql, dialect: "postgresql" },
        ...(run.definition.owner ? { ownership: { ...facet("OwnershipJobFacet"), owners: [{ name: run.definition.owner, type: "MAINTAINER" }] } } : {}),
        jobType: { ...facet("JobTypeJobFacet"), processingType: "BATCH", integration: "TRIAD", jobType: "QUERY" },
        ...(run.definition.description ? { documentation: { ...facet("DocumentationJobFacet"), description: run.definition.description } } : {}),
      },
    },
    inputs: inputs.map((input) => ({ namespace: input.namespace, name: input.name, facets: { schema: schemaFacet(input.fields) }, inputFacets: inputFacets(input) })),
    outputs: [
      {
        namespace: TRIAD_NAMESPACE,
        name: metricDatasetName(run.metricKey),
        facets: { schema: schemaFacet(OUTPUT_FIELDS), columnLineage: columnLineage(run, inputs), ...(rollupChecks.length > 0 ? { dataQualityAssertions: { ...facet("DataQualityAssertionsDatasetFacet"), assertions: rollupChecks.map(assertionOf) } } : {}) },
      },
    ],
  };
}

export type OpenLineageRunEvent = ReturnType<typeof runEventOf>;
