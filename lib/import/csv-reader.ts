// Streams a CSV file's records with the line each starts on.
import fs from "node:fs";
import { parse } from "csv-parse";
import { ImportInputError } from "./import-error";
import type { SourceRow, TabularSource } from "./tabular-source";

export const DELIMITERS = [",", ";", "\t", "|"] as const;

/** Occurrences of ch outside double quotes in one line. */
function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ch) n++;
  }
  return n;
}

/**
 * The delimiter of a CSV sample: the candidate found most often in the header
 * line, preferring one found equally often on the next lines. ',' when none is.
 */
export function detectDelimiter(sample: string): string {
  const lines = sample
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .slice(0, 6);
  // The last line of a sample may be cut short.
  if (lines.length > 2) lines.pop();
  const [header = "", ...rest] = lines;
  let best: { d: string; score: number } = { d: ",", score: 0 };
  for (const d of DELIMITERS) {
    const count = countOutsideQuotes(header, d);
    if (count === 0) continue;
    const consistent = rest.filter((l) => l !== "" && countOutsideQuotes(l, d) === count).length;
    const score = count + consistent * 1000;
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

function readSample(file: string, bytes = 64 * 1024): string {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, n).toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}

async function* records(
  file: string,
  delimiter: string,
): AsyncGenerator<{ line: number; values: string[] }> {
  const parser = fs
    .createReadStream(file)
    .pipe(
      parse({ delimiter, info: true, relax_column_count: true, skip_empty_lines: true, bom: true }),
    );
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      // info.lines is the line a record ends on; quoted newlines move its start back.
      let newlines = 0;
      for (const v of record)
        for (let i = v.indexOf("\n"); i !== -1; i = v.indexOf("\n", i + 1)) newlines++;
      yield { line: info.lines - newlines, values: record };
    }
  } catch (error) {
    if (error instanceof ImportInputError) throw error;
    const e = error as { message?: string; lines?: number };
    throw new ImportInputError(
      `${file}${e.lines ? `:${e.lines}` : ""}: malformed CSV: ${e.message ?? String(error)}`,
      e.lines,
    );
  } finally {
    parser.destroy();
  }
}

export async function openCsvSource(file: string, delimiter?: string): Promise<TabularSource> {
  const d = delimiter ?? detectDelimiter(readSample(file));
  let header: string[] | undefined;
  for await (const r of records(file, d)) {
    header = r.values;
    break;
  }
  if (!header || header.every((h) => h.trim() === ""))
    throw new ImportInputError(`${file}: the file is empty (no header row)`);
  return {
    format: "csv",
    unit: "line",
    delimiter: d,
    header,
    async *rows(): AsyncGenerator<SourceRow> {
      let first = true;
      for await (const r of records(file, d)) {
        if (first) {
          first = false;
          continue;
        }
        yield { line: r.line, values: r.values.map((v) => (v === "" ? null : v)) };
      }
    },
  };
}
