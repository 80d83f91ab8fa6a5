// Streams a Parquet file's rows, a slice of one row group at a time, as text values.
import {
  asyncBufferFromFile,
  parquetMetadataAsync,
  parquetReadObjects,
  parquetSchema,
  type SchemaElement,
} from "hyparquet";
import { ImportInputError } from "./import-error";
import type { SourceRow, TabularSource } from "./tabular-source";

const SLICE_ROWS = 10_000;

const isDateColumn = (e: SchemaElement) =>
  e.converted_type === "DATE" || e.logical_type?.type === "DATE";

function toText(v: unknown, dateOnly: boolean): string | null {
  if (v === null || v === undefined || v === "") return null;
  if (v instanceof Date) return dateOnly ? v.toISOString().slice(0, 10) : v.toISOString();
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString("utf8");
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));
}

export async function openParquetSource(file: string): Promise<TabularSource> {
  const buffer = await asyncBufferFromFile(file);
  let metadata;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw new ImportInputError(
      `${file}: not a readable Parquet file: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const fields = parquetSchema(metadata).children.map((c) => c.element);
  if (fields.length === 0) throw new ImportInputError(`${file}: the Parquet file has no columns`);
  const header = fields.map((f) => f.name);
  const dateOnly = fields.map(isDateColumn);
  const total = Number(metadata.num_rows);
  return {
    format: "parquet",
    unit: "row",
    header,
    async *rows(): AsyncGenerator<SourceRow> {
      for (let start = 0; start < total; start += SLICE_ROWS) {
        const end = Math.min(total, start + SLICE_ROWS);
        const objects = await parquetReadObjects({
          file: buffer,
          metadata,
          rowStart: start,
          rowEnd: end,
        });
        for (let i = 0; i < objects.length; i++) {
          const o = objects[i]!;
          yield { line: start + i + 1, values: header.map((h, c) => toText(o[h], dateOnly[c]!)) };
        }
      }
    },
  };
}
