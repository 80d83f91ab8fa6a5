// A file read as a header and rows of text values, twice if need be (two passes).

export interface SourceRow {
  /** The CSV line the row starts on, or the Parquet row number (1-based). */
  line: number;
  /** Text values; null for an empty cell or a Parquet null. */
  values: (string | null)[];
}

export interface TabularSource {
  format: "csv" | "parquet";
  /** What `line` counts, for messages. */
  unit: "line" | "row";
  delimiter?: string;
  header: string[];
  /** A fresh stream of the data rows on each call. */
  rows(): AsyncGenerator<SourceRow>;
}
