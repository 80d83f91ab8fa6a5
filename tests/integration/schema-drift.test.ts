// Migrations are hand-written SQL; this test proves that a database migrated
// from prisma/migrations is exactly what prisma/schema.prisma describes, on
// both warehouses. schema.prisma is read by Prisma's own parser (the
// prisma-schema WebAssembly module shipped inside the `prisma` package).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlExecutor } from "@/lib/db/sql-client";
import { openPgliteTestWarehouse, WAREHOUSES, type TestWarehouse } from "../support/warehouses";

// ------------------------------------------------------------ Prisma's parser

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

interface DmmfIndex {
  model: string;
  type: "id" | "normal" | "unique" | "fulltext";
  dbName?: string | null;
  fields: { name: string }[];
}

interface DmmfDatamodel {
  models: DmmfModel[];
  enums: { name: string; dbName?: string | null }[];
  indexes: DmmfIndex[];
}

interface SchemaWasmExports {
  memory: WebAssembly.Memory;
  __wbindgen_externrefs: WebAssembly.Table;
  __wbindgen_malloc(size: number, align: number): number;
  __wbindgen_free(ptr: number, size: number, align: number): void;
  __externref_table_dealloc(index: number): void;
  __wbindgen_start(): void;
  get_dmmf(ptr: number, len: number): [number, number, number, number];
}

// The wasm-bindgen imports of prisma_schema_build_bg.wasm, matched by name
// prefix because their hash suffix changes with every Prisma build.
function loadPrismaSchemaWasm(): SchemaWasmExports {
  const prismaDir = path.dirname(createRequire(import.meta.url).resolve("prisma/package.json"));
  const wasmModule = new WebAssembly.Module(
    fs.readFileSync(path.join(prismaDir, "build", "prisma_schema_build_bg.wasm")),
  );
  // The imports reach the instance's memory, which exists only once they are bound.
  const bound: { wasm?: SchemaWasmExports } = {};
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const readString = (ptr: number, len: number) =>
    decoder.decode(
      new Uint8Array(bound.wasm!.memory.buffer).subarray(ptr >>> 0, (ptr >>> 0) + len),
    );
  const handlers: [string, (...args: number[]) => unknown][] = [
    ["__wbg_Error_", (ptr, len) => new Error(readString(ptr!, len!))],
    [
      "__wbg___wbindgen_throw_",
      (ptr, len) => {
        throw new Error(readString(ptr!, len!));
      },
    ],
    ["__wbg_set_message_", () => undefined],
    [
      "__wbindgen_init_externref_table",
      () => {
        const table = bound.wasm!.__wbindgen_externrefs;
        const offset = table.grow(4);
        table.set(0, undefined);
        table.set(offset, undefined);
        table.set(offset + 1, null);
        table.set(offset + 2, true);
        table.set(offset + 3, false);
      },
    ],
  ];
  const imports: Record<string, Record<string, (...args: number[]) => unknown>> = {};
  for (const wanted of WebAssembly.Module.imports(wasmModule)) {
    const handler = handlers.find(([prefix]) => wanted.name.startsWith(prefix));
    if (!handler) {
      throw new Error(
        `prisma_schema_build_bg.wasm of this Prisma version needs ${wanted.name}; teach schema-drift.test.ts about it.`,
      );
    }
    (imports[wanted.module] ??= {})[wanted.name] = handler[1];
  }
  const wasm = new WebAssembly.Instance(wasmModule, imports)
    .exports as unknown as SchemaWasmExports;
  bound.wasm = wasm;
  wasm.__wbindgen_start();
  return wasm;
}

function getDatamodel(schema: string): DmmfDatamodel {
  const wasm = loadPrismaSchemaWasm();
  const input = new TextEncoder().encode(JSON.stringify({ prismaSchema: schema, noColor: true }));
  const ptr = wasm.__wbindgen_malloc(input.length, 1) >>> 0;
  new Uint8Array(wasm.memory.buffer).set(input, ptr);
  const [outPtr, outLen, errorRef, failed] = wasm.get_dmmf(ptr, input.length);
  if (failed) {
    const error: unknown = wasm.__wbindgen_externrefs.get(errorRef);
    wasm.__externref_table_dealloc(errorRef);
    throw error instanceof Error ? error : new Error(String(error));
  }
  try {
    const text = new TextDecoder().decode(
      new Uint8Array(wasm.memory.buffer).subarray(outPtr >>> 0, (outPtr >>> 0) + outLen),
    );
    return (JSON.parse(text) as { datamodel: DmmfDatamodel }).datamodel;
  } finally {
    wasm.__wbindgen_free(outPtr, outLen, 1);
  }
}

// ------------------------------------------------------------ expected shape

interface ColumnShape {
  type: string;
  notNull: boolean;
  default: string | null;
}

interface IndexShape {
  name: string;
  kind: "primary" | "unique" | "index";
  columns: string[];
}

interface ForeignKeyShape {
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}

interface TableShape {
  /** Where it comes from, for messages: the model, or the field per column. */
  origin: string;
  columns: Map<string, ColumnShape & { origin?: string }>;
  indexes: IndexShape[];
  foreignKeys: ForeignKeyShape[];
}

type SchemaShape = Map<string, TableShape>;

const PG_IDENTIFIER_MAX = 63;

// Prisma's default constraint names, truncated as Prisma does to fit PostgreSQL.
function prismaConstraintName(table: string, columns: string[], suffix: string): string {
  const base = [table, ...columns].join("_");
  return base.slice(0, PG_IDENTIFIER_MAX - suffix.length - 1) + "_" + suffix;
}

const quoteIfNeeded = (name: string) =>
  /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;

function precision(args: string[]): string {
  return args.length > 0 ? `(${args.join(",")})` : "";
}

function expectedType(model: DmmfModel, field: DmmfField, datamodel: DmmfDatamodel): string {
  const [native, args = []] = field.nativeType ?? [undefined, []];
  const unsupported = () =>
    new Error(
      `${model.name}.${field.name}: ${field.type} @db.${native} is not mapped in schema-drift.test.ts yet.`,
    );
  let base: string;
  if (field.kind === "enum") {
    const enumDef = datamodel.enums.find((e) => e.name === field.type);
    base = quoteIfNeeded(enumDef?.dbName ?? field.type);
  } else {
    switch (field.type) {
      case "String":
        if (!native || native === "Text") base = "text";
        else if (native === "VarChar") base = `character varying${precision(args)}`;
        else if (native === "Char") base = `character${precision(args)}`;
        else if (native === "Uuid") base = "uuid";
        else throw unsupported();
        break;
      case "Int":
        if (!native || native === "Integer") base = "integer";
        else if (native === "SmallInt") base = "smallint";
        else throw unsupported();
        break;
      case "BigInt":
        if (native && native !== "BigInt") throw unsupported();
        base = "bigint";
        break;
      case "Float":
        if (!native || native === "DoublePrecision") base = "double precision";
        else if (native === "Real") base = "real";
        else throw unsupported();
        break;
      case "Decimal":
        if (!native) base = "numeric(65,30)";
        else if (native === "Decimal") base = `numeric${precision(args)}`;
        else throw unsupported();
        break;
      case "DateTime":
        if (!native) base = "timestamp(3) without time zone";
        else if (native === "Timestamp") base = `timestamp${precision(args)} without time zone`;
        else if (native === "Timestamptz") base = `timestamp${precision(args)} with time zone`;
        else if (native === "Date") base = "date";
        else if (native === "Time") base = `time${precision(args)} without time zone`;
        else throw unsupported();
        break;
      case "Boolean":
        base = "boolean";
        break;
      case "Json":
        base = native === "Json" ? "json" : "jsonb";
        break;
      case "Bytes":
        base = "bytea";
        break;
      default:
        throw unsupported();
    }
  }
  return field.isList ? `${base}[]` : base;
}

const sqlString = (value: string) => `'${value.replace(/'/g, "''")}'`;

// The default as PostgreSQL prints it back (pg_get_expr), or null when the
// default lives in Prisma Client (uuid(), cuid()) rather than in the database.
function expectedDefault(
  model: DmmfModel,
  field: DmmfField,
  table: string,
  column: string,
  type: string,
): string | null {
  if (!field.hasDefaultValue) return null;
  const value = field.default;
  const unsupported = () =>
    new Error(
      `${model.name}.${field.name}: default ${JSON.stringify(value)} is not mapped in schema-drift.test.ts yet.`,
    );
  if (value !== null && typeof value === "object" && !Array.isArray(value) && "name" in value) {
    const fn = value as { name: string; args: unknown[] };
    switch (fn.name) {
      case "now":
        return "CURRENT_TIMESTAMP";
      case "autoincrement":
        return `nextval('${quoteIfNeeded(`${table}_${column}_seq`)}'::regclass)`;
      case "dbgenerated":
        return String(fn.args[0]);
      case "uuid":
      case "cuid":
      case "nanoid":
      case "ulid":
        return null;
      default:
        throw unsupported();
    }
  }
  if (field.kind === "enum" && typeof value === "string") return `${sqlString(value)}::${type}`;
  // A scalar list's default, as Prisma Migrate writes it (`DEFAULT ARRAY[]::TEXT[]`); only the empty list so far.
  if (field.isList) {
    if (Array.isArray(value) && value.length === 0) return `ARRAY[]::${type}`;
    throw unsupported();
  }
  switch (field.type) {
    case "String":
      if (typeof value !== "string") throw unsupported();
      return `${sqlString(value)}::${type.replace(/\(.*\)$/, "")}`;
    case "Json":
      if (typeof value !== "string") throw unsupported();
      return `${sqlString(value)}::${type}`;
    case "Boolean":
      return String(value);
    case "Int":
    case "BigInt":
    case "Float":
    case "Decimal":
      return String(value);
    default:
      throw unsupported();
  }
}

const ON_ACTION: Record<string, string> = {
  Cascade: "c",
  Restrict: "r",
  NoAction: "a",
  SetNull: "n",
  SetDefault: "d",
};
const ACTION_NAME: Record<string, string> = {
  c: "Cascade",
  r: "Restrict",
  a: "NoAction",
  n: "SetNull",
  d: "SetDefault",
};

function schemaShapeFromPrisma(datamodel: DmmfDatamodel): SchemaShape {
  const shape: SchemaShape = new Map();
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`${model.name} has no field ${fieldName}`);
    return field.dbName ?? field.name;
  };
  for (const model of datamodel.models) {
    const table = tableOf(model);
    const columns: TableShape["columns"] = new Map();
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      const column = field.dbName ?? field.name;
      const type = expectedType(model, field, datamodel);
      columns.set(column, {
        type,
        notNull: field.isRequired,
        default: expectedDefault(model, field, table, column, type),
        origin: `${model.name}.${field.name}`,
      });
    }
    const indexes = datamodel.indexes
      .filter((index) => index.model === model.name)
      .flatMap((index): IndexShape[] => {
        const cols = index.fields.map((f) => columnOf(model, f.name));
        switch (index.type) {
          case "id":
            return [
              {
                name: index.dbName ?? `${table.slice(0, PG_IDENTIFIER_MAX - 5)}_pkey`,
                kind: "primary",
                columns: cols,
              },
            ];
          case "unique":
            return [
              {
                name: index.dbName ?? prismaConstraintName(table, cols, "key"),
                kind: "unique",
                columns: cols,
              },
            ];
          case "normal":
            return [
              {
                name: index.dbName ?? prismaConstraintName(table, cols, "idx"),
                kind: "index",
                columns: cols,
              },
            ];
          default:
            throw new Error(
              `${model.name}: ${index.type} indexes are not mapped in schema-drift.test.ts yet.`,
            );
        }
      });
    const foreignKeys = model.fields
      .filter((f) => f.kind === "object" && (f.relationFromFields?.length ?? 0) > 0)
      .map((relation): ForeignKeyShape => {
        const target = datamodel.models.find((m) => m.name === relation.type);
        if (!target)
          throw new Error(`${model.name}.${relation.name}: unknown model ${relation.type}`);
        const cols = relation.relationFromFields!.map((f) => columnOf(model, f));
        const optional = relation.relationFromFields!.every(
          (f) => !model.fields.find((x) => x.name === f)?.isRequired,
        );
        const onDelete = relation.relationOnDelete ?? (optional ? "SetNull" : "Restrict");
        const onUpdate = relation.relationOnUpdate ?? "Cascade";
        return {
          name: prismaConstraintName(table, cols, "fkey"),
          columns: cols,
          refTable: tableOf(target),
          refColumns: (relation.relationToFields ?? []).map((f) => columnOf(target, f)),
          onDelete: ON_ACTION[onDelete] ?? onDelete,
          onUpdate: ON_ACTION[onUpdate] ?? onUpdate,
        };
      });
    shape.set(table, { origin: model.name, columns, indexes, foreignKeys });
  }
  return shape;
}

// ------------------------------------------------------------ actual shape

const IGNORED_TABLES = new Set(["_prisma_migrations"]);

async function schemaShapeFromDatabase(sql: SqlExecutor): Promise<SchemaShape> {
  const columns = await sql.query<{
    table: string;
    column: string;
    type: string;
    not_null: boolean;
    default: string | null;
  }>(
    `SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS "type",
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS "default"
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
      ORDER BY c.relname, a.attnum`,
  );
  const indexes = await sql.query<{
    table: string;
    name: string;
    primary: boolean;
    unique: boolean;
    columns: string[];
    partial: boolean;
  }>(
    `SELECT t.relname AS "table", i.relname AS name, ix.indisprimary AS "primary", ix.indisunique AS "unique",
            ix.indpred IS NOT NULL OR ix.indexprs IS NOT NULL AS partial,
            array(SELECT coalesce(a.attname::text, '(expression)')
                    FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                   ORDER BY k.ord) AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema()
      ORDER BY t.relname, i.relname`,
  );
  const foreignKeys = await sql.query<{
    table: string;
    name: string;
    ref_table: string;
    columns: string[];
    ref_columns: string[];
    on_delete: string;
    on_update: string;
  }>(
    `SELECT t.relname AS "table", con.conname AS name, rt.relname AS ref_table,
            array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
            array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns,
            con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_class rt ON rt.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE con.contype = 'f' AND n.nspname = current_schema()
      ORDER BY t.relname, con.conname`,
  );

  const shape: SchemaShape = new Map();
  const tableShape = (table: string) => {
    let found = shape.get(table);
    if (!found) {
      found = { origin: table, columns: new Map(), indexes: [], foreignKeys: [] };
      shape.set(table, found);
    }
    return found;
  };
  for (const c of columns) {
    if (IGNORED_TABLES.has(c.table)) continue;
    tableShape(c.table).columns.set(c.column, {
      type: c.type,
      notNull: c.not_null,
      default: c.default,
    });
  }
  for (const i of indexes) {
    if (IGNORED_TABLES.has(i.table)) continue;
    const kind = i.primary ? "primary" : i.unique ? "unique" : "index";
    const columnsOrNote = i.partial ? [...i.columns, "(partial or expression index)"] : i.columns;
    tableShape(i.table).indexes.push({ name: i.name, kind, columns: columnsOrNote });
  }
  for (const f of foreignKeys) {
    if (IGNORED_TABLES.has(f.table)) continue;
    tableShape(f.table).foreignKeys.push({
      name: f.name,
      columns: f.columns,
      refTable: f.ref_table,
      refColumns: f.ref_columns,
      onDelete: f.on_delete,
      onUpdate: f.on_update,
    });
  }
  return shape;
}

// ------------------------------------------------------------ comparison

const list = (cols: string[]) => `(${cols.join(", ")})`;
const describeFk = (fk: ForeignKeyShape) =>
  `${list(fk.columns)} -> ${fk.refTable}${list(fk.refColumns)} on delete ${ACTION_NAME[fk.onDelete] ?? fk.onDelete}, on update ${ACTION_NAME[fk.onUpdate] ?? fk.onUpdate}`;

/** Every difference between schema.prisma and the database, one sentence each. */
function compareSchemaShapes(expected: SchemaShape, actual: SchemaShape): string[] {
  const diffs: string[] = [];
  for (const [table, want] of expected) {
    const have = actual.get(table);
    if (!have) {
      diffs.push(`table ${table} (model ${want.origin}) is missing from the database`);
      continue;
    }
    for (const [column, wantColumn] of want.columns) {
      const where = `${table}.${column} (${wantColumn.origin})`;
      const haveColumn = have.columns.get(column);
      if (!haveColumn) {
        diffs.push(`column ${where} is missing from the database`);
        continue;
      }
      if (haveColumn.type !== wantColumn.type)
        diffs.push(`column ${where} is ${haveColumn.type}, schema.prisma says ${wantColumn.type}`);
      if (haveColumn.notNull !== wantColumn.notNull) {
        diffs.push(
          `column ${where} is ${haveColumn.notNull ? "NOT NULL" : "nullable"}, schema.prisma says ${wantColumn.notNull ? "NOT NULL" : "nullable"}`,
        );
      }
      if (haveColumn.default !== wantColumn.default) {
        diffs.push(
          `column ${where} has default ${haveColumn.default ?? "(none)"}, schema.prisma says ${wantColumn.default ?? "(none)"}`,
        );
      }
    }
    for (const column of have.columns.keys()) {
      if (!want.columns.has(column))
        diffs.push(`column ${table}.${column} exists in the database but not in schema.prisma`);
    }
    for (const wantIndex of want.indexes) {
      const haveIndex = have.indexes.find((i) => i.name === wantIndex.name);
      if (!haveIndex) {
        diffs.push(
          `${wantIndex.kind} ${wantIndex.name} on ${table}${list(wantIndex.columns)} is missing from the database`,
        );
      } else if (
        haveIndex.kind !== wantIndex.kind ||
        list(haveIndex.columns) !== list(wantIndex.columns)
      ) {
        diffs.push(
          `${wantIndex.kind} ${wantIndex.name} is ${haveIndex.kind} on ${table}${list(haveIndex.columns)}, ` +
            `schema.prisma says ${wantIndex.kind} on ${table}${list(wantIndex.columns)}`,
        );
      }
    }
    for (const haveIndex of have.indexes) {
      if (!want.indexes.some((i) => i.name === haveIndex.name)) {
        diffs.push(
          `${haveIndex.kind} ${haveIndex.name} on ${table}${list(haveIndex.columns)} exists in the database but not in schema.prisma`,
        );
      }
    }
    for (const wantFk of want.foreignKeys) {
      const haveFk = have.foreignKeys.find((f) => f.name === wantFk.name);
      if (!haveFk)
        diffs.push(
          `foreign key ${wantFk.name} on ${table}${describeFk(wantFk)} is missing from the database`,
        );
      else if (describeFk(haveFk) !== describeFk(wantFk)) {
        diffs.push(
          `foreign key ${wantFk.name} on ${table} is ${describeFk(haveFk)}, schema.prisma says ${describeFk(wantFk)}`,
        );
      }
    }
    for (const haveFk of have.foreignKeys) {
      if (!want.foreignKeys.some((f) => f.name === haveFk.name)) {
        diffs.push(
          `foreign key ${haveFk.name} on ${table}${describeFk(haveFk)} exists in the database but not in schema.prisma`,
        );
      }
    }
  }
  for (const table of actual.keys()) {
    if (!expected.has(table))
      diffs.push(`table ${table} exists in the database but not in schema.prisma`);
  }
  return diffs;
}

// ------------------------------------------------------------ tests

const schemaPrisma = fs.readFileSync(path.resolve("prisma/schema.prisma"), "utf8");
const expectedShape = schemaShapeFromPrisma(getDatamodel(schemaPrisma));

describe("schema.prisma as read by Prisma's parser", () => {
  it("describes tables, so the comparison below cannot pass on an empty schema", () => {
    expect(expectedShape.size).toBeGreaterThan(0);
    expect(
      [...expectedShape.values()].every(
        (t) => t.columns.size > 0 && t.indexes.some((i) => i.kind === "primary"),
      ),
    ).toBe(true);
  });
});

describe.each(WAREHOUSES)("a freshly migrated $name warehouse", ({ open }) => {
  let warehouse: TestWarehouse | undefined;
  beforeAll(async () => {
    warehouse = await open();
  });
  afterAll(async () => {
    await warehouse?.dispose();
  });

  it("matches prisma/schema.prisma exactly", async () => {
    const actual = await schemaShapeFromDatabase(warehouse!.sql);
    expect(compareSchemaShapes(expectedShape, actual)).toEqual([]);
  });

  it("reports a field that schema.prisma gains and no migration adds", async () => {
    const schema = schemaPrisma.replace(/model MetricValue \{\n/, "$&  note String?\n");
    const actual = await schemaShapeFromDatabase(warehouse!.sql);
    expect(compareSchemaShapes(schemaShapeFromPrisma(getDatamodel(schema)), actual)).toEqual([
      "column metric_value.note (MetricValue.note) is missing from the database",
    ]);
  });
});

// Drift planted in a migrated database must be reported, each as one sentence.
const PLANTED_DRIFT = [
  {
    drift: "an extra column",
    sql: `ALTER TABLE "metric_run" ADD COLUMN "stray" TEXT`,
    reported: "column metric_run.stray exists in the database but not in schema.prisma",
  },
  {
    drift: "a missing column",
    sql: `ALTER TABLE "refunds" DROP COLUMN "platform"`,
    reported: "column refunds.platform (ShopRefund.platform) is missing",
  },
  {
    drift: "a changed type",
    sql: `ALTER TABLE "users" ALTER COLUMN "email" TYPE VARCHAR(200)`,
    reported: "users.email (ShopUser.email) is character varying(200), schema.prisma says text",
  },
  {
    drift: "a changed timestamp precision",
    sql: `ALTER TABLE "metric_run" ALTER COLUMN "started_at" TYPE TIMESTAMPTZ(6)`,
    reported:
      "metric_run.started_at (MetricRun.startedAt) is timestamp(6) with time zone, schema.prisma says timestamp(3) with time zone",
  },
  {
    drift: "a dropped NOT NULL",
    sql: `ALTER TABLE "orders" ALTER COLUMN "status" DROP NOT NULL`,
    reported: "orders.status (ShopOrder.status) is nullable, schema.prisma says NOT NULL",
  },
  {
    drift: "a dropped default",
    sql: `ALTER TABLE "metric_value" ALTER COLUMN "dimension" DROP DEFAULT`,
    reported:
      "metric_value.dimension (MetricValue.dimension) has default (none), schema.prisma says ''::text",
  },
  {
    drift: "a missing index",
    sql: `DROP INDEX "orders_order_id_idx"`,
    reported: "index orders_order_id_idx on orders(order_id) is missing",
  },
  {
    drift: "index columns in another order",
    sql: `DROP INDEX "metric_run_metric_key_started_at_idx"; CREATE INDEX "metric_run_metric_key_started_at_idx" ON "metric_run"("started_at", "metric_key")`,
    reported:
      "index metric_run_metric_key_started_at_idx is index on metric_run(started_at, metric_key)",
  },
  {
    drift: "an extra unique index",
    sql: `CREATE UNIQUE INDEX "sessions_user_id_key" ON "sessions"("user_id")`,
    reported: "unique sessions_user_id_key on sessions(user_id) exists in the database but not",
  },
  {
    drift: "a missing foreign key",
    sql: `ALTER TABLE "metric_definition_version" DROP CONSTRAINT "metric_definition_version_metric_key_fkey"`,
    reported:
      "foreign key metric_definition_version_metric_key_fkey on metric_definition_version(metric_key) -> metric_definition(key) on delete Cascade, on update Cascade is missing",
  },
  {
    drift: "an extra table",
    sql: `CREATE TABLE "stray_table" ("id" INTEGER PRIMARY KEY)`,
    reported: "table stray_table exists in the database but not in schema.prisma",
  },
];

describe("the drift check itself, on a migrated PGlite with planted drift", () => {
  let warehouse: TestWarehouse | undefined;
  let diffs: string[] = [];
  beforeAll(async () => {
    warehouse = await openPgliteTestWarehouse();
    for (const { sql } of PLANTED_DRIFT) await warehouse.sql.exec(sql);
    diffs = compareSchemaShapes(expectedShape, await schemaShapeFromDatabase(warehouse.sql));
  });
  afterAll(async () => {
    await warehouse?.dispose();
  });

  it.each(PLANTED_DRIFT)("reports $drift", ({ reported }) => {
    expect(diffs.filter((d) => d.includes(reported))).toHaveLength(1);
  });

  it("reports nothing but the planted drift", () => {
    expect(diffs).toHaveLength(PLANTED_DRIFT.length);
  });
});
